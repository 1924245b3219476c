"""Story routes: the stories page, a story's briefing, compare coverage, speakers, the Atom feed,
and their JSON under ``/api/``.  They read the store's story tables (``Store.stories``,
``story``, ``story_articles``, ``briefing``: the ``stories_tables`` migration)."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from newsprism.web import pages
from newsprism.web.coverage import coverage
from newsprism.web.reader import (
    MAX_PAGE_SIZE,
    MAX_QUERY,
    BadRequest,
    NotFound,
    Page,
    Reader,
    check_query,
)
from newsprism.web.story import compute_briefing, view

if TYPE_CHECKING:
    from newsprism.pipeline import Config

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_OUTLET = 200
MAX_SPEAKER_STORIES = 50
FEED_SIZE = 50
OUTLETS_TTL = 60.0
STALE_HEADER = "X-Newsprism-Briefing"  # current, or stale (a read-only app's older briefing)
PAGE_CACHE = 128  # rendered story pages kept in memory (about 100 kB each)
STORY_ID = PathParam(..., ge=1, le=2**63 - 1, description="the story's number in the store")


def story_record(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "label": row.label,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
        "n_articles": row.n_articles,
        "n_outlets": row.n_outlets,
        "independent_sources": row.independent_sources,
        "disagreements": row.disagreements,
    }


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise BadRequest(f"{name} is a date YYYY-MM-DD")
    return value


class Filters:
    def __init__(self, q: str, since: str, until: str, outlet: str) -> None:
        self.q = check_query(q) or None
        self.since = _date(since, "since")
        self.until = _date(until, "until")
        if len(outlet) > MAX_OUTLET:
            raise BadRequest(f"an outlet name is at most {MAX_OUTLET} characters")
        self.outlet = outlet or None

    def kwargs(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "outlet": self.outlet, "query": self.q}

    def params(self) -> dict[str, str]:
        pairs = {"q": self.q, "since": self.since, "until": self.until, "outlet": self.outlet}
        return {k: v for k, v in pairs.items() if v}


def _query_fallback(store: Any, f: Filters, limit: int, offset: int) -> tuple[list[Any], int]:
    """A page of stories and the total; a query FTS5 cannot parse is retried quoted."""
    import sqlite3

    from newsprism.errors import NewsprismError

    try:
        rows = store.stories(**f.kwargs(), limit=limit, offset=offset)
    except (NewsprismError, sqlite3.OperationalError):  # FTS5 reads ferry-closure as a column
        if f.q is None:
            raise
        f.q = " ".join('"' + w.replace('"', '""') + '"' for w in f.q.split())
        rows = store.stories(**f.kwargs(), limit=limit, offset=offset)
    return rows, store.stories_count(**f.kwargs())


def add_story_routes(
    app: FastAPI, reader: Reader, read_only: bool, db_path: str, config: Config | None = None
) -> None:
    """The story routes; briefings are current when made for the story's membership with
    ``config`` (``pipeline.settings_key``), computed with it when the app may write."""
    from newsprism.pipeline import settings_key

    settings = settings_key(config)
    outlets_cache: dict[str, Any] = {"at": -1e9, "list": []}
    page_cache: OrderedDict[tuple[Any, tuple[str, str] | None, bool], str] = OrderedDict()
    cache_lock = threading.Lock()
    outlets_lock = threading.Lock()

    def outlets() -> list[str]:
        with outlets_lock:
            if time.monotonic() - outlets_cache["at"] > OUTLETS_TTL:
                rows = reader.store().conn.execute(
                    "SELECT outlet FROM articles WHERE outlet IS NOT NULL "
                    "GROUP BY outlet ORDER BY count(*) DESC LIMIT 200"
                )
                outlets_cache["list"] = sorted((r[0] for r in rows), key=str.lower)
                outlets_cache["at"] = time.monotonic()
            return list(outlets_cache["list"])

    def get_story(story_id: int) -> Any:
        row = reader.store().story(story_id)
        if row is None:
            raise NotFound(f"no story {story_id} in this store")
        return row

    def briefing_of(row: Any) -> tuple[dict[str, Any] | None, str | None]:
        """The story's briefing and a notice about it (stale, not cached, read-only)."""
        s = reader.store()
        doc = s.briefing(row.id)
        key = s.briefing_key(row.id)
        if doc is not None and key == (row.membership, settings):
            return doc, None
        if read_only:
            if doc is None:
                return None, (
                    "No briefing is cached for this story, and this app is read-only: its "
                    "articles are listed. Run newsprism serve without --read-only to brief it "
                    "on first view."
                )
            if key is not None and key[0] == row.membership:
                return doc, (
                    "This briefing was made with other settings or by another newsprism "
                    "release than this app's, and this app is read-only: it is shown as cached."
                )
            return doc, (
                "This briefing was made before the story's latest articles joined it, and this "
                "app is read-only: it is shown as cached."
            )
        fresh = compute_briefing(db_path, row.id, config)
        return fresh, None

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request,
        q: str = Query("", max_length=MAX_QUERY),
        since: str = Query("", max_length=10),
        until: str = Query("", max_length=10),
        outlet: str = Query("", max_length=MAX_OUTLET),
        page: int = Query(1, ge=1, le=1000),
    ) -> HTMLResponse:
        f = Filters(q, since, until, outlet)
        pg = Page.of(page)
        s = reader.store()
        key = ("stories", *f.params().items(), pg.size, pg.offset)
        rows, total = reader.cached(key, lambda: _query_fallback(s, f, pg.size, pg.offset))
        return HTMLResponse(
            pages.render(
                "stories.html",
                stories=rows,
                total=total,
                n_articles=s.count(),
                page=pg,
                pages=pages.pager(pg, total),
                params=f.params(),
                filtered=bool(f.params()),
                outlets=outlets(),
            )
        )

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(
        story_id: int = STORY_ID,
        full: bool = Query(False, description="every date and quote, not the first of each"),
    ) -> HTMLResponse:
        row = get_story(story_id)
        # a story whose cached briefing is current renders the same page until either changes
        key = (row, reader.store().briefing_key(row.id), full)
        current = key[1] == (row.membership, settings)
        if current:
            with cache_lock:
                html = page_cache.get(key)
                if html is not None:
                    page_cache.move_to_end(key)
                    return HTMLResponse(html)
        doc, notice = briefing_of(row)
        articles = reader.store().story_articles(row.id) if doc is None else []
        html = pages.render(
            "story.html",
            story=row,
            v=view(doc, full) if doc else None,
            notice=notice,
            articles=articles,
        )
        if current and doc is not None and notice is None:
            with cache_lock:
                page_cache[key] = html
                while len(page_cache) > PAGE_CACHE:
                    page_cache.popitem(last=False)
        return HTMLResponse(html)

    @app.get("/story/{story_id}/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(story_id: int = STORY_ID) -> HTMLResponse:
        row = get_story(story_id)
        doc, notice = briefing_of(row)
        cov = coverage(doc or {})
        return HTMLResponse(
            pages.render(
                "compare.html", story=row, cov=cov, notice=notice, has_briefing=doc is not None
            )
        )

    @app.get("/speaker", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(name: str = Query(..., min_length=1, max_length=MAX_QUERY)) -> HTMLResponse:
        found = speaker_quotes(reader, check_query(name))
        return HTMLResponse(pages.render("speaker.html", **found))

    @app.get("/feed.atom", include_in_schema=False)
    def feed(request: Request) -> Response:
        rows = reader.store().stories(limit=FEED_SIZE)
        base = str(request.base_url).rstrip("/")
        return Response(atom(rows, base), media_type="application/atom+xml; charset=utf-8")

    # ------------------------------------------------------------------ API

    @app.get("/api/stories", tags=["stories"])
    def api_stories(
        q: str = Query("", max_length=MAX_QUERY),
        since: str = Query("", max_length=10),
        until: str = Query("", max_length=10),
        outlet: str = Query("", max_length=MAX_OUTLET),
        limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
        offset: int = Query(0, ge=0, le=10_000),
    ) -> dict[str, Any]:
        """Stories, newest then biggest first; filters by dates, outlet and full-text query."""
        f = Filters(q, since, until, outlet)
        key = ("stories", *f.params().items(), limit, offset)
        rows, total = reader.cached(key, lambda: _query_fallback(reader.store(), f, limit, offset))
        return {"total": total, "offset": offset, "stories": [story_record(r) for r in rows]}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: int = STORY_ID) -> dict[str, Any]:
        """One story and its articles (ids, outlets, titles, dates)."""
        row = get_story(story_id)
        arts = reader.store().story_articles(row.id)
        return {
            **story_record(row),
            "articles": [
                {
                    "id": s.article.id,
                    "row": s.id,
                    "outlet": s.article.outlet,
                    "title": s.article.title,
                    "published": s.article.published,
                }
                for s in arts
            ],
        }

    @app.get("/api/stories/{story_id}/briefing", tags=["stories"])
    def api_briefing(response: Response, story_id: int = STORY_ID) -> dict[str, Any]:
        """The story's briefing (newsprism.briefing/1); 404 when none is cached and the app is
        read-only.  A read-only app answering with a briefing made for an earlier membership or
        with other settings says so: header ``X-Newsprism-Briefing: stale``."""
        doc, notice = briefing_of(get_story(story_id))
        if doc is None:
            raise NotFound(f"no briefing is cached for story {story_id} (read-only app)")
        response.headers[STALE_HEADER] = "stale" if notice is not None else "current"
        return doc

    @app.get("/api/stories/{story_id}/compare", tags=["stories"])
    def api_compare(story_id: int = STORY_ID) -> dict[str, Any]:
        """Outlets × claims: reports, contradicts or silent, each cell with its citations."""
        doc, _ = briefing_of(get_story(story_id))
        if doc is None:
            raise NotFound(f"no briefing is cached for story {story_id} (read-only app)")
        return {"story": story_id, **coverage(doc).to_dict()}

    @app.get("/api/speakers", tags=["speakers"])
    def api_speaker(name: str = Query(..., min_length=1, max_length=MAX_QUERY)) -> dict[str, Any]:
        """Every quote of one person (name or alias) across the stories whose articles name
        them, from cached briefings."""
        found = speaker_quotes(reader, check_query(name))
        return {
            "name": found["name"],
            "stories": found["n_stories"],
            "uncached": found["uncached"],
            "quotes": found["quotes"],
        }


def speaker_quotes(reader: Reader, name: str) -> dict[str, Any]:
    """Quotes of ``name`` (a speaker's name or alias, case-insensitive) in the cached briefings
    of the stories whose articles contain the name (FTS5 phrase), at most 50 stories."""
    if not name:
        raise BadRequest("give a speaker's name")
    s: Any = reader.store()
    phrase = '"' + name.replace('"', '""') + '"'
    rows = s.stories(query=phrase, limit=MAX_SPEAKER_STORIES + 1)
    limited = len(rows) > MAX_SPEAKER_STORIES
    rows = rows[:MAX_SPEAKER_STORIES]
    want = name.casefold()
    quotes: list[dict[str, Any]] = []
    stories, outlets, uncached = set(), set(), 0
    for row in rows:
        doc = s.briefing(row.id)
        if doc is None:
            uncached += 1
            continue
        ids = {
            sp["id"]
            for sp in doc.get("speakers", ())
            if want in {sp["name"].casefold(), *(x.casefold() for x in sp.get("aliases", ()))}
        }
        if not ids:
            continue
        arts = {a["id"]: a for a in doc.get("articles", ())}
        for q in doc.get("quotes", ()):
            if q.get("speaker") in ids:
                a = arts.get(q["article"], {})
                quotes.append(
                    {
                        "story": row.id,
                        "story_label": row.label or f"Story {row.id}",
                        "article": q["article"],
                        "outlet": a.get("outlet"),
                        "published": a.get("published"),
                        "start": q["start"],
                        "end": q["end"],
                        "text": q["text"],
                        "kind": q["kind"],
                    }
                )
                stories.add(row.id)
                outlets.add(a.get("outlet") or q["article"])
    quotes.sort(key=lambda q: (q["published"] or "9999", q["story"], q["start"]))
    return {
        "name": name,
        "quotes": quotes,
        "n_stories": len(stories),
        "n_outlets": len(outlets),
        "limited": limited,
        "uncached": uncached,
    }


def atom(rows: Any, base: str) -> str:
    """An Atom feed of stories (newest first), every string escaped."""
    updated = max((r.updated for r in rows if r.updated), default="1970-01-01T00:00:00Z")
    entries = []
    for r in rows:
        label = r.label or f"Story {r.id}"
        summary = (
            f"{r.n_articles} articles, {r.n_outlets} outlets, {r.independent_sources} "
            f"independent sources"
            + (f", {r.disagreements} disagreements" if r.disagreements else "")
        )
        entries.append(
            "<entry>"
            f"<id>{xml_escape(base)}/story/{r.id}</id>"
            f"<title>{xml_escape(label)}</title>"
            f'<link rel="alternate" type="text/html" href="{xml_escape(base)}/story/{r.id}"/>'
            f"<updated>{xml_escape(_rfc3339(r.updated))}</updated>"
            f"<summary>{xml_escape(summary)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{xml_escape(base)}/feed.atom</id><title>newsprism: new stories</title>"
        f'<link rel="self" href="{xml_escape(base)}/feed.atom"/>'
        f'<link rel="alternate" type="text/html" href="{xml_escape(base)}/"/>'
        f"<updated>{xml_escape(_rfc3339(updated))}</updated>"
        "<generator>newsprism</generator>" + "".join(entries) + "</feed>\n"
    )


def _rfc3339(value: str) -> str:
    if not value:
        return "1970-01-01T00:00:00Z"
    if len(value) == 10:
        return value + "T00:00:00Z"
    return value if value.endswith("Z") or "+" in value[10:] else value + "Z"
