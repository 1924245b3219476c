"""The Ray engine runs the same stage function as the local engine and writes the same files
(skipped when Ray is not installed: ``pip install newsprism[ray]``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsprism.store import Store, ingest
from newsprism.stories.briefall import brief_all

REPO = Path(__file__).resolve().parents[2]
STORIES = str(REPO / "examples" / "stories")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_ray_briefs_what_the_local_engine_briefs(ray: Any, tmp_path: Path) -> None:
    for name in ("local", "ray"):
        with Store.open(tmp_path / f"{name}.db") as store:
            ingest(store, [STORIES])
            report = brief_all(store, tmp_path / name, engine=name)
            assert (report.stories, report.failed) == (3, 0)
            assert report.articles == 9
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    # the engine joined the running Ray and left it running
    assert ray.is_initialized()


def test_ray_engine_maps_in_any_order(ray: Any) -> None:
    from newsprism.stories.briefall import folder_name
    from newsprism.stories.engines import make_engine

    engine = make_engine("ray")
    try:
        assert sorted(engine.map(folder_name, range(10))) == sorted(f"s{i}" for i in range(10))
    finally:
        engine.close()
    assert ray.is_initialized()


def test_missing_ray_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from newsprism.errors import SetupError
    from newsprism.stories.engines import make_engine

    real = builtins.__import__

    def no_ray(name: str, *args: Any, **kw: Any) -> Any:
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(SetupError) as err:
        make_engine("ray")
    assert err.value.code.code == "NP109"
