"""Stories in a news store, kept up to date as articles arrive: ``update_stories(store)``.

The articles stored since the last update (row ids above ``story_state.last_article``) are
placed in ingest order by the same ``StoryGrouper`` as a batch, with the store's near-duplicate
relations (``duplicate``, ``version``, ``syndicated``: the older article is the original) passed
as copies, so a version or a wire copy joins its original's story.  Between updates the grouper's
state (its open stories, document frequencies and article-to-story map) is kept in
``story_state``, so an update costs what the new articles cost, and updating after every ingest
batch gives the same stories as one update at the end (``tests/stories/test_store.py``).

Each round of at most ``round_size`` articles is grouped outside any transaction, then written
in one: members with their score and reason, merged stories moved, the touched stories' rows
(dates, counts, independent sources, membership hash) and the state.  A reader never sees half a
round; ``kill -9`` loses at most the round in flight.  An article whose features cannot be
computed is recorded in ``story_failures`` and skipped.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from newsprism.store import Store, StoryRow
from newsprism.store import migrations as store_migrations
from newsprism.store.stories import membership_hash
from newsprism.stories.features import StoryFeatures, story_features
from newsprism.stories.grouping import Assignment, GroupingConfig, StoryGrouper

COPY_KINDS = ("duplicate", "version", "syndicated")
Progress = Callable[[str, int, int], None]


@dataclass
class StoriesUpdate:
    """What ``update_stories`` did."""

    articles: int = 0  # articles grouped
    founded: int = 0  # new stories
    joined: int = 0  # articles that joined an existing story
    merged: int = 0  # stories merged into another
    failed: int = 0  # articles skipped (recorded in story_failures)
    conflicts: int = 0  # rounds dropped because another process had grouped them
    touched: list[int] = field(default_factory=list)  # stories whose membership changed
    last_article: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _config_json(config: GroupingConfig) -> str:
    return json.dumps(asdict(config), sort_keys=True)


def load_grouper(store: Store, config: GroupingConfig | None = None) -> tuple[StoryGrouper, int]:
    """The grouper as the last update left it, and the last article it saw (0: none).

    ``config`` must be the one the store was grouped with (NP106 otherwise: regroup with
    ``update_stories(..., rebuild=True)`` / ``newsprism stories --rebuild``)."""
    from newsprism.errors import BAD_OPTION, InputError

    row = store.conn.execute(
        "SELECT last_article, config, state FROM story_state WHERE id = 1"
    ).fetchone()
    if row is None:
        return StoryGrouper(config), 0
    stored = GroupingConfig(**json.loads(row[1]))
    if config is not None and config != stored:
        raise InputError(
            BAD_OPTION,
            "the store's stories were grouped with other settings; regroup with --rebuild",
        )
    grouper = pickle.loads(row[2])
    if not isinstance(grouper, StoryGrouper):
        raise TypeError("story_state holds no StoryGrouper")
    return grouper, int(row[0])


def _compact(grouper: StoryGrouper) -> None:
    """Drop what a closed story keeps only for ``result()`` (its members: they are in the
    store); a closed story is never scored again, so grouping is unchanged."""
    for sid, s in grouper.stories.items():
        if sid not in grouper.active and s.members:
            s.members = []


def _copies(conn: sqlite3.Connection, article_id: int) -> list[tuple[str, float]]:
    marks = ",".join("?" * len(COPY_KINDS))
    return [
        (str(n), float(s))
        for n, s in conn.execute(
            f"SELECT x.name, r.score FROM relations r JOIN articles x ON x.id = r.a "
            f"WHERE r.b = ? AND r.kind IN ({marks}) ORDER BY r.a",
            (article_id, *COPY_KINDS),
        )
    ]


def _independent(conn: sqlite3.Connection, story_id: int, ids: list[int]) -> int:
    """Members less those linked to another member as a copy (union of copy relations)."""
    marks = ",".join("?" * len(COPY_KINDS))
    parent = {i: i for i in ids}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = conn.execute(
        f"SELECT r.a, r.b FROM story_members m JOIN relations r ON r.b = m.article_id "
        f"WHERE m.story_id = ? AND r.kind IN ({marks})",
        (story_id, *COPY_KINDS),
    ).fetchall()
    for a, b in rows:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return len({find(i) for i in ids})


def refresh_story(conn: sqlite3.Connection, story_id: int) -> None:
    """Recompute a story's row from its members (inside the caller's transaction)."""
    ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY article_id",
            (story_id,),
        )
    ]
    if not ids:
        conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        return
    first, last, n_outlets = conn.execute(
        "SELECT min(a.published), max(a.published), count(DISTINCT a.outlet) "
        "FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?",
        (story_id,),
    ).fetchone()
    title = conn.execute(
        "SELECT coalesce(nullif(trim(a.title), ''), substr(a.text, 1, 400)) "
        "FROM story_members m JOIN articles a ON a.id = m.article_id "
        "WHERE m.story_id = ? ORDER BY nullif(trim(a.title), '') IS NULL, "
        "m.reason != 'founded', m.article_id LIMIT 1",
        (story_id,),
    ).fetchone()
    if title and title[0]:
        title = (_headline(title[0]),)
    conn.execute(
        "INSERT INTO stories (id, label, first_seen, last_seen, n_articles, n_outlets, "
        "independent_sources, membership, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET label = coalesce(stories.label, excluded.label), "
        "first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
        "n_articles = excluded.n_articles, n_outlets = excluded.n_outlets, "
        "independent_sources = excluded.independent_sources, membership = excluded.membership, "
        "updated = excluded.updated",
        (
            story_id,
            (title[0] if title else None) or None,
            first,
            last,
            len(ids),
            int(n_outlets),
            _independent(conn, story_id, ids),
            membership_hash(ids),
            store_migrations.now(),
        ),
    )


def _headline(text: str, most: int = 100) -> str:
    """A member's title, or when no member has one the first line of the founder's text, cut at
    a word within ``most`` characters (a story is never left without a label)."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if len(line) <= most:
        return line
    cut = line.rfind(" ", 0, most)
    return line[: cut if cut > most // 2 else most].rstrip(" ,;:") + "…"


def _write_round(
    store: Store,
    grouper: StoryGrouper,
    placed: list[tuple[int, Assignment]],
    failures: list[tuple[int, str]],
    last_article: int,
    config_json: str,
    expected: int,
) -> set[int] | None:
    """Write one round; None (nothing written) when another update wrote since ``expected``."""
    conn = store.conn
    touched: set[int] = set()
    gone: set[int] = set()
    _compact(grouper)
    state = pickle.dumps(grouper, protocol=pickle.HIGHEST_PROTOCOL)
    with store.batch():
        row = conn.execute("SELECT last_article FROM story_state WHERE id = 1").fetchone()
        if (int(row[0]) if row else 0) != expected:
            return None
        for article_id, a in placed:
            via = None
            if a.via is not None:
                row = conn.execute("SELECT id FROM articles WHERE name = ?", (a.via,)).fetchone()
                via = int(row[0]) if row else None
            conn.execute(
                "INSERT OR REPLACE INTO story_members (article_id, story_id, score, reason, via) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, a.story, a.score, a.reason, via),
            )
            touched.add(a.story)
            for old in a.merged:
                conn.execute(
                    "UPDATE story_members SET story_id = ? WHERE story_id = ?", (a.story, old)
                )
                gone.add(old)
        for article_id, error in failures:
            conn.execute(
                "INSERT INTO story_failures (article_id, story_id, error, created) "
                "VALUES (?, NULL, ?, ?)",
                (article_id, error, store_migrations.now()),
            )
        for sid in gone:
            conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
            conn.execute("DELETE FROM briefings WHERE story_id = ?", (sid,))
        live = {grouper._resolve(s) for s in touched}
        for sid in sorted(live):
            refresh_story(conn, sid)
        conn.execute(
            "INSERT OR REPLACE INTO story_state (id, last_article, config, state, updated) "
            "VALUES (1, ?, ?, ?, ?)",
            (last_article, config_json, state, store_migrations.now()),
        )
    return live


def update_stories(
    store: Store,
    *,
    config: GroupingConfig | None = None,
    rebuild: bool = False,
    round_size: int = 5000,
    limit: int | None = None,
    progress: Progress | None = None,
    features: Callable[..., StoryFeatures] = story_features,
) -> StoriesUpdate:
    """Group the articles stored since the last update into the store's stories.

    ``rebuild=True`` forgets the stories and groups every article again (with ``config``).
    ``limit`` groups at most that many articles (the rest wait for the next update)."""
    started = time.perf_counter()
    if rebuild:
        with store.batch():
            for table in ("story_members", "stories", "story_state", "story_failures"):
                store.conn.execute(f"DELETE FROM {table}")
    grouper, last = load_grouper(store, config)
    config_json = _config_json(grouper.config)
    report = StoriesUpdate(last_article=last)
    touched: set[int] = set()
    total = int(
        store.conn.execute("SELECT count(*) FROM articles WHERE id > ?", (last,)).fetchone()[0]
    )
    if limit is not None:
        total = min(total, limit)
    done = 0
    while done < total:
        size = min(round_size, total - done)
        start = last
        chunk = list(store.articles(since=last, limit=size))
        if not chunk:
            break
        placed: list[tuple[int, Assignment]] = []
        failures: list[tuple[int, str]] = []
        for stored in chunk:
            try:
                f = features(stored.article)
            except Exception as exc:  # one bad article never stops the update
                failures.append((stored.id, f"{type(exc).__name__}: {exc}"))
                continue
            placed.append((stored.id, grouper.add(f, copies=_copies(store.conn, stored.id))))
        last = chunk[-1].id
        live = _write_round(store, grouper, placed, failures, last, config_json, start)
        if live is None:  # another process updated the stories meanwhile: go on from there
            grouper, last = load_grouper(store, config)
            report.conflicts += 1
            continue
        touched |= live
        for _, a in placed:
            report.founded += a.reason == "founded"
            report.joined += a.reason != "founded"
            report.merged += len(a.merged)
        report.articles += len(placed)
        report.failed += len(failures)
        done += len(chunk)
        if progress:
            progress("grouping", done, total)
    report.last_article = last
    report.touched = sorted({grouper._resolve(s) for s in touched})
    report.seconds = time.perf_counter() - started
    return report


def stories_json(store: Store, rows: Iterable[StoryRow]) -> dict[str, list[dict[str, Any]]]:
    """The ``newsprism stories --json`` document for ``StoryRow``s (docs/stories.md)."""
    out = []
    for r in rows:
        arts: list[dict[str, Any]] = []
        outlets: list[str] = []
        for stored in store.story_articles(r.id):
            a = stored.article
            arts.append(
                {
                    "id": a.id,
                    "url": a.url,
                    "outlet": a.outlet,
                    "title": a.title,
                    "published": a.published,
                }
            )
            if a.outlet and a.outlet not in outlets:
                outlets.append(a.outlet)
        out.append(
            {
                "id": r.id,
                "label": r.label,
                "first_seen": r.first_seen,
                "last_seen": r.last_seen,
                "articles": arts,
                "outlets": outlets,
                "independent_sources": r.independent_sources,
                "disagreements": r.disagreements,
            }
        )
    return {"stories": out}
