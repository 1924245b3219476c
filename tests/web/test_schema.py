"""schemathesis against the app's OpenAPI schema: no generated request gets a 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from newsprism.store import Store  # noqa: E402
from newsprism.web import create_app  # noqa: E402

from .conftest import articles  # noqa: E402


def _app(tmp: Path) -> Any:
    path = tmp / "schema.db"
    if not path.exists():
        with Store.open(path) as s:
            for a in articles():
                s.add(a)
    return create_app(str(path), allowed_hosts=["testserver"])  # the ASGI client's Host


_TMP = Path(__import__("tempfile").mkdtemp(prefix="newsprism-schema-"))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", _app(_TMP))


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:200])
