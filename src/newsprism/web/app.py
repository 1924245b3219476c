"""The FastAPI app: pages, the JSON API under ``/api/``, errors and security headers.

Pages are rendered on the server (Jinja2, autoescaped); one small external script
(``/static/app.js``) highlights a cited span named in the URL fragment, and every page works
without it (``?c=START-END`` does the same on the server).  No route writes to the store unless
the app was made with ``read_only=False`` (then a story's briefing is computed and cached on its
first view).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsprism import __version__
from newsprism.errors import STORE_OPEN, NewsprismError
from newsprism.store import SearchHit, Store, default_path
from newsprism.web import pages
from newsprism.web.reader import (
    MAX_PAGE_SIZE,
    MAX_QUERY,
    BadRequest,
    NotFound,
    Page,
    Reader,
    article_record,
    check_query,
    parse_span,
)

if TYPE_CHECKING:
    from newsprism.pipeline import Config

log = logging.getLogger("newsprism.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
STATIC = {
    "briefing.css": ("newsprism.render", "templates/briefing.css", "text/css; charset=utf-8"),
    "web.css": ("newsprism.web", "static/web.css", "text/css; charset=utf-8"),
    "app.js": ("newsprism.web", "static/app.js", "text/javascript; charset=utf-8"),
}


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port or IPv6 brackets, lowercased."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else ""
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class AllowedHosts:
    """Answers 400 to a request whose ``Host`` header names a host the app does not serve.

    A page on another site whose name is made to resolve to 127.0.0.1 (DNS rebinding) then
    cannot read the store through the visitor's browser.  ``"*"`` allows every host."""

    def __init__(self, app: ASGIApp, hosts: Sequence[str]) -> None:
        self.app = app
        self.any = "*" in hosts
        self.hosts = frozenset(host_name(h) for h in hosts if h != "*")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.any:
            await self.app(scope, receive, send)
            return
        host = host_name(Headers(scope=scope).get("host", ""))
        if host in self.hosts:
            await self.app(scope, receive, send)
            return
        message = (
            "This app does not answer to that host name; start newsprism serve with "
            "--allowed-host NAME to serve it."
        )
        if scope["path"].startswith("/api"):
            reply: Response = JSONResponse(
                {"error": {"status": 400, "message": message}}, status_code=400
            )
        else:
            reply = HTMLResponse(pages.error_page(400, message), status_code=400)
        await reply(scope, receive, send)


class SecurityHeaders:
    """Adds the CSP and friends to every response (pure ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in HEADERS.items():
                    headers[k] = v
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return HTMLResponse(pages.error_page(status, message), status_code=status)


def create_app(
    db_path: str | None = None,
    *,
    read_only: bool = True,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
    config: Config | None = None,
) -> FastAPI:
    """The app over the store at ``db_path`` (default ``$NEWSPRISM_DB``, else ``newsprism.db``).

    The store is opened read-only for every request.  ``read_only=False`` lets the app migrate
    the store when it starts and cache briefings it computes; it never writes anything else.
    Requests whose ``Host`` header names none of ``allowed_hosts`` (default: this machine's
    loopback names; ``"*"``: any) are answered 400.  ``config``: the briefing options
    (``newsprism serve --words ...``, as ``brief-all``): a cached briefing made with others is
    stale, briefed again when the app may write."""
    path = str(db_path if db_path is not None else default_path())
    if not Path(path).is_file():  # the app serves a store; it never creates one
        raise NewsprismError(STORE_OPEN, f"{path}: no such file (make one with newsprism ingest)")
    if not read_only:
        Store.open(path).close()  # create the file and apply pending migrations
    Store.open(path, readonly=True).close()  # fail now (NP120, NP121), not on the first request
    reader = Reader(path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        reader.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsprism",
        version=__version__,
        description="Stories, briefings and articles of a newsprism store (read-only).",
        docs_url=None,  # Swagger UI needs inline and third-party scripts: the CSP forbids both
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.reader = reader
    app.state.read_only = read_only
    app.state.config = config  # the briefing options (None: the defaults)
    app.state.db_path = path
    app.state.allowed_hosts = tuple(allowed_hosts)
    app.add_middleware(AllowedHosts, hosts=tuple(allowed_hosts))
    app.add_middleware(SecurityHeaders)  # added last: outermost, so the 400 carries it too

    # ------------------------------------------------------------------ errors

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "There is nothing at this address.", 405: "Method not allowed."}.get(
            exc.status_code, str(exc.detail)
        )
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(request, 400, "; ".join(parts) or "invalid request")

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(NewsprismError)
    async def coded(request: Request, exc: NewsprismError) -> Response:
        status = 400 if exc.code.code == "NP122" else 503
        return _error(request, status, f"{exc.code.code}: {exc}")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _error(request, 500, "Something went wrong on the server; it has been logged.")

    # ------------------------------------------------------------------ static files

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise NotFound("no such file")
        package, rel, media = STATIC[name]
        body = resources.files(package).joinpath(rel).read_bytes()
        return Response(body, media_type=media, headers={"cache-control": "public, max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # ------------------------------------------------------------------ pages

    @app.get("/article/{ref:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(ref: str, c: str | None = Query(None, max_length=40)) -> HTMLResponse:
        stored = reader.article(ref)
        span = parse_span(c, stored.article.text)
        return HTMLResponse(pages.article_page(stored, span))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        q: str = Query("", max_length=MAX_QUERY), page: int = Query(1, ge=1, le=1000)
    ) -> HTMLResponse:
        q = check_query(q)
        pg = Page.of(page)
        hits: list[SearchHit] = []
        total = 0
        if q:
            hits, total = reader.cached(
                ("search", q, pg.size, pg.offset),
                lambda: reader.store().search_page(q, limit=pg.size, offset=pg.offset),
            )
        return HTMLResponse(pages.search_page(q, hits, total, pg))

    from newsprism.web.stories import add_story_routes

    add_story_routes(app, reader, read_only, path, config)

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/articles/{ref:path}", tags=["articles"])
    def api_article(ref: str) -> dict[str, Any]:
        """One article as read: text, boilerplate spans, metadata and its evidence."""
        return article_record(reader.article(ref))

    @app.get("/api/search", tags=["articles"])
    def api_search(
        q: str = Query(..., min_length=1, max_length=MAX_QUERY),
        limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
        offset: int = Query(0, ge=0, le=10_000),
    ) -> dict[str, Any]:
        """Full-text search of titles and texts (FTS5 syntax), best first."""
        q = check_query(q)
        if not q:
            raise BadRequest("the query is empty")
        hits, total = reader.cached(
            ("search", q, limit, offset),
            lambda: reader.store().search_page(q, limit=limit, offset=offset),
        )
        return {
            "query": q,
            "total": total,
            "offset": offset,
            "hits": [pages.hit_record(h) for h in hits],
        }

    return app
