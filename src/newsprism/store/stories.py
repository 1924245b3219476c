"""Stories in a store: the read side of the ``stories_tables`` migration, for the CLI and web app.

``Store`` inherits these methods (``StoryQueries``).  They read the tables that
``newsprism.stories.store.update_stories`` writes:

- ``stories(since=, until=, outlet=, query=, limit=, offset=) -> list[StoryRow]``: newest story
  first (``last_seen``), then the biggest, then the newest id; an index scan
  (``stories_recent``), so a page costs the same at 100,000 stories.
- ``stories_count(...)``: how many stories the same filters keep.
- ``story(id)``, ``story_articles(id)``, ``story_members(id)``.
- ``briefing(story_id)``, ``save_briefing(story_id, membership, briefing, settings=)``,
  ``briefing_key(story_id)``: the cached briefing of a story (``newsprism.briefing/1`` JSON) and
  the membership and settings (``pipeline.settings_key``) it was made for.
- ``story_failures(story_id=None)``, ``record_story_failure(...)``.

See docs/stories.md ("Stories in a store").
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from newsprism.errors import BAD_QUERY, InputError
from newsprism.store import migrations


@dataclass(frozen=True)
class StoryRow:
    """One story as the store lists it.  ``disagreements`` is that of its cached briefing
    (None when it has none); ``membership`` the hash of its sorted member ids."""

    id: int
    label: str | None
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    n_outlets: int
    independent_sources: int
    disagreements: int | None
    membership: str = ""
    updated: str = ""


@dataclass(frozen=True)
class StoryMemberRow:
    """Why an article (row id) is in a story: ``reason`` founded, similar or copy (of ``via``)."""

    article_id: int
    story_id: int
    score: float
    reason: str
    via: int | None


@dataclass(frozen=True)
class StoryFailure:
    article_id: int | None
    story_id: int | None
    error: str
    created: str


_STORY_COLUMNS = (
    "s.id, s.label, s.first_seen, s.last_seen, s.n_articles, s.n_outlets, "
    "s.independent_sources, b.disagreements, s.membership, s.updated"
)
_STORY_FROM = "stories s LEFT JOIN briefings b ON b.story_id = s.id"
_STORY_ORDER = " ORDER BY s.last_seen DESC, s.n_articles DESC, s.id DESC"


def _row(r: Sequence[Any]) -> StoryRow:
    return StoryRow(
        int(r[0]),
        r[1],
        r[2],
        r[3],
        int(r[4]),
        int(r[5]),
        int(r[6]),
        None if r[7] is None else int(r[7]),
        r[8] or "",
        r[9] or "",
    )


def _filters(
    since: str | None, until: str | None, outlet: str | None, query: str | None
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("s.last_seen >= ?")  # undated stories have no last_seen: left out
        params.append(since)
    if until is not None:
        where.append("s.first_seen <= ?")
        params.append(until)
    if outlet is not None:
        where.append(
            "s.id IN (SELECT m.story_id FROM articles a JOIN story_members m "
            "ON m.article_id = a.id WHERE a.outlet = ?)"
        )
        params.append(outlet)
    if query is not None:
        if not query.strip():
            raise InputError(BAD_QUERY, "the query is empty")
        where.append(
            "s.id IN (SELECT m.story_id FROM articles_fts JOIN story_members m "
            "ON m.article_id = articles_fts.rowid WHERE articles_fts MATCH ?)"
        )
        params.append(query)
    return where, params


def membership_hash(article_ids: Sequence[int]) -> str:
    """The membership of a story: sha1 of its sorted member row ids (hex, 16 digits)."""
    import hashlib

    joined = ",".join(str(i) for i in sorted(article_ids))
    return hashlib.sha1(joined.encode()).hexdigest()[:16]


class StoryQueries:
    """Story reads and briefing cache of a ``Store`` (mixed into ``Store``)."""

    conn: sqlite3.Connection

    def _story_select(
        self, what: str, where: list[str], params: list[Any], tail: str = ""
    ) -> list[Any]:
        sql = f"SELECT {what} FROM {_STORY_FROM}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        try:
            return self.conn.execute(sql + tail, params).fetchall()
        except sqlite3.OperationalError as exc:
            if any("MATCH" in w for w in where):
                raise InputError(BAD_QUERY, f"{exc}") from exc
            raise

    def _story_query(
        self, filters: tuple[str | None, str | None, str | None], query: str | None, run: Any
    ) -> Any:
        """``run(where, params)`` with ``query`` as given; a query FTS5 cannot parse (``a-b`` reads
        as a column filter) is retried with each word quoted, as ``Store.search`` does; NP122 if
        that fails too."""
        try:
            return run(*_filters(filters[0], filters[1], filters[2], query))
        except InputError:
            if query is None or not query.strip():
                raise
            quoted = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            return run(*_filters(filters[0], filters[1], filters[2], quoted))

    def stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        query: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoryRow]:
        """Stories, newest (``last_seen``) then biggest first; undated stories last.

        ``since``/``until`` (``YYYY-MM-DD``) keep stories whose dates reach into that range;
        ``outlet`` those with an article from that outlet; ``query`` those with an article
        matching the FTS5 query (as ``search``)."""
        rows = self._story_query(
            (since, until, outlet),
            query,
            lambda where, params: self._story_select(
                _STORY_COLUMNS,
                where,
                [*params, int(limit), int(offset)],
                _STORY_ORDER + " LIMIT ? OFFSET ?",
            ),
        )
        return [_row(r) for r in rows]

    def stories_count(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        query: str | None = None,
    ) -> int:
        rows = self._story_query(
            (since, until, outlet),
            query,
            lambda where, params: self._story_select("count(*)", where, params),
        )
        return int(rows[0][0])

    def story(self, story_id: int) -> StoryRow | None:
        rows = self._story_select(_STORY_COLUMNS, ["s.id = ?"], [int(story_id)])
        return _row(rows[0]) if rows else None

    def story_members(self, story_id: int) -> list[StoryMemberRow]:
        """A story's members in ingest order, with the score and reason that put them there."""
        rows = self.conn.execute(
            "SELECT article_id, story_id, score, reason, via FROM story_members "
            "WHERE story_id = ? ORDER BY article_id",
            (int(story_id),),
        ).fetchall()
        return [StoryMemberRow(int(a), int(s), float(sc), r, v) for a, s, sc, r, v in rows]

    def story_articles(self, story_id: int) -> list[Any]:
        """A story's articles (``StoredArticle``), by publication date then ingest order."""
        from newsprism.store.db import _ARTICLE_COLUMNS, _article

        cols = ", ".join("a." + c.strip() for c in _ARTICLE_COLUMNS.split(","))
        rows = self.conn.execute(
            f"SELECT {cols} FROM story_members m JOIN articles a ON a.id = m.article_id "
            "WHERE m.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (int(story_id),),
        ).fetchall()
        return [_article(r) for r in rows]

    def story_of(self, article_id: int) -> int | None:
        row = self.conn.execute(
            "SELECT story_id FROM story_members WHERE article_id = ?", (int(article_id),)
        ).fetchone()
        return int(row[0]) if row else None

    # ------------------------------------------------------------------ briefings

    def briefing(self, story_id: int) -> dict[str, Any] | None:
        """The cached briefing of a story (``newsprism.briefing/1`` as a dict), or None.  It may
        be of an earlier membership or other settings: compare ``briefing_key`` with the story's
        ``membership`` and ``pipeline.settings_key(config)``."""
        row = self.conn.execute(
            "SELECT briefing FROM briefings WHERE story_id = ?", (int(story_id),)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def briefing_membership(self, story_id: int) -> str | None:
        row = self.conn.execute(
            "SELECT membership FROM briefings WHERE story_id = ?", (int(story_id),)
        ).fetchone()
        return str(row[0]) if row else None

    def briefing_key(self, story_id: int) -> tuple[str, str] | None:
        """``(membership, settings)`` the cached briefing of a story was made for, or None.  It
        is current when both equal the story's ``membership`` and the briefing's
        ``pipeline.settings_key(config)`` (a briefing cached before the ``stories_briefing_settings``
        migration has settings ``''``: never current)."""
        row = self.conn.execute(
            "SELECT membership, settings FROM briefings WHERE story_id = ?", (int(story_id),)
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def current_briefing(
        self, story_id: int, membership: str, settings: str
    ) -> dict[str, Any] | None:
        """The cached briefing of a story when it is current: made for ``membership`` (the
        story's) with ``settings`` (``pipeline.settings_key(config)``); None otherwise."""
        row = self.conn.execute(
            "SELECT briefing FROM briefings WHERE story_id = ? AND membership = ? AND settings = ?",
            (int(story_id), membership, settings),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def save_briefing(
        self,
        story_id: int,
        membership: str,
        briefing: Mapping[str, Any],
        label: str | None = None,
        settings: str = "",
    ) -> None:
        """Cache a story's briefing for ``membership`` and ``settings`` (the
        ``pipeline.settings_key`` of the config it was made with), replacing any earlier one;
        ``label``, when given, becomes the story's label and stays so until the story is
        briefed again (while its membership changes: ``stories.refresh_story``)."""
        disagreements = len(briefing.get("disagreements") or ())
        with self.batch():
            self.conn.execute(
                "INSERT OR REPLACE INTO briefings (story_id, membership, briefing, disagreements, "
                "created, settings) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    int(story_id),
                    membership,
                    json.dumps(briefing, ensure_ascii=False, separators=(",", ":")),
                    disagreements,
                    migrations.now(),
                    settings,
                ),
            )
            if label:
                self.conn.execute(
                    "UPDATE stories SET label = ?, label_from = 'briefing' WHERE id = ?",
                    (label, int(story_id)),
                )

    # ------------------------------------------------------------------ failures

    def record_story_failure(
        self, error: str, *, story_id: int | None = None, article_id: int | None = None
    ) -> None:
        with self.batch():
            self.conn.execute(
                "INSERT INTO story_failures (article_id, story_id, error, created) "
                "VALUES (?, ?, ?, ?)",
                (article_id, story_id, error, migrations.now()),
            )

    def story_failures(self, story_id: int | None = None) -> list[StoryFailure]:
        sql = "SELECT article_id, story_id, error, created FROM story_failures"
        rows = self.conn.execute(
            sql + (" WHERE story_id = ? ORDER BY id" if story_id is not None else " ORDER BY id"),
            (story_id,) if story_id is not None else (),
        ).fetchall()
        return [StoryFailure(a, s, e, c) for a, s, e, c in rows]

    def batch(self) -> AbstractContextManager[None]:  # Store.batch
        raise NotImplementedError
