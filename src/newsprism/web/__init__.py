"""``newsprism serve``: a web app over a news store (FastAPI, pages rendered on the server).

```
from newsprism.web import create_app
app = create_app("news.db")          # read-only by default; serve with uvicorn
```

- ``app``: the app factory, routes for pages and the JSON API under ``/api/``, errors, headers.
- ``reader``: the read layer (one read-only SQLite connection per worker thread) and the checks
  on what a request may ask (ids, spans, page sizes, query lengths).
- ``pages``: HTML built from Jinja2 templates; article text cut into escaped pieces by
  ``render.html.render_text`` (the same pieces as ``briefing.html``).

See docs/web.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def create_app(
    db_path: str | None = None,
    read_only: bool = True,
    allowed_hosts: Sequence[str] = ("127.0.0.1", "localhost", "::1"),
    config: Any = None,
) -> Any:
    """The FastAPI app serving the store at ``db_path`` (see ``newsprism.web.app``); it answers
    requests naming ``allowed_hosts`` only (default: this machine's loopback names) and briefs
    stories with ``config`` (a ``pipeline.Config``; None: the defaults)."""
    from newsprism.web.app import create_app as _create

    return _create(db_path, read_only=read_only, allowed_hosts=allowed_hosts, config=config)


__all__ = ["create_app"]
