"""Stories in a news store, kept up to date as articles arrive: ``update_stories(store)``.

The articles stored since the last update (row ids above ``story_state.last_article``) are
placed in ingest order by the same ``StoryGrouper`` as a batch, with the store's near-duplicate
relations (``duplicate``, ``version``, ``syndicated``: the older article is the original) passed
as copies, so a version or a wire copy joins its original's story.  Between updates the grouper's
state is kept in the store: what grows with the store in rows written as they change
(``story_df`` document frequencies, ``story_open`` the open articles' features, ``story_closed``
closed stories, read back when a copy reopens one; an article's story from ``story_members``),
the open stories a row each (``story_live``) and the counters and indexes (bounded by the window)
in ``story_state``, all as JSON data (``stories.state_format``: never a pickle, which a foreign
store could use to run code).  The
grouper also stays in memory with its ``Store`` between updates (``story_state.token`` tells when
another process wrote meanwhile).  So an update costs what the new articles cost, flat as the
store grows, and updating after every ingest batch gives the same stories as one update at the
end and as one ``StoryGrouper`` over the same articles (``tests/stories/test_store.py``).

Each round of at most ``round_size`` articles is grouped outside any transaction, then written
in one: members with their score and reason, merged stories moved, the touched stories' rows
(dates, counts, independent sources, membership hash) and the state.  A reader never sees half a
round; ``kill -9`` loses at most the round in flight.  An article whose features cannot be
computed is recorded in ``story_failures`` and skipped, and so is a page that is no news article
(``ingest.pagekind``: an error page, a widget, a site's index; error NP228).  Features the ingest computed
(``FeatureAnnotator``, ``story_features``) are read instead of computed, then deleted.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from operator import itemgetter
from typing import Any

from newsprism.errors import NOT_ARTICLE
from newsprism.ingest.pagekind import page_kind
from newsprism.model import Article
from newsprism.store import Store, StoryRow
from newsprism.store import migrations as store_migrations
from newsprism.store.db import Added
from newsprism.store.stories import membership_hash
from newsprism.stories import state_format as fmt
from newsprism.stories.features import StoryFeatures, story_features
from newsprism.stories.grouping import CACHES, Assignment, GroupingConfig, StoryGrouper, _Story

COPY_KINDS = ("duplicate", "version", "syndicated")
# what update_stories(rebuild=True) empties
STATE_TABLES = (
    "story_members",
    "stories",
    "story_state",
    "story_failures",
    "story_df",
    "story_open",
    "story_closed",
    "story_live",
    "story_df_log",
)
DF_FOLD_MIN = 50_000  # entries the document-frequency log holds at least before it is folded
Progress = Callable[[str, int, int], None]


@dataclass
class StoriesUpdate:
    """What ``update_stories`` did."""

    articles: int = 0  # articles grouped
    founded: int = 0  # new stories
    joined: int = 0  # articles that joined an existing story
    merged: int = 0  # stories merged into another
    failed: int = 0  # articles skipped (recorded in story_failures)
    pages: int = 0  # pages that are no news article, kept out (NP228, in story_failures)
    conflicts: int = 0  # rounds dropped because another process had grouped them
    touched: list[int] = field(default_factory=list)  # stories whose membership changed
    last_article: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


_VERSION: str | None = None


def features_version() -> str:
    """A digest of the code that computes story features (``stories.features``, the content
    segments it reads and the word look-ups of ``nlp.words``) and of the page-kind check made
    beside them (``ingest.pagekind`` and its model): features stored by other code are computed
    again."""
    global _VERSION
    if _VERSION is None:
        import hashlib
        from importlib import resources
        from pathlib import Path

        from newsprism.ingest import pagekind
        from newsprism.nlp import segment, words
        from newsprism.stories import features as module

        digest = hashlib.sha1()
        for m in (module, segment, words, pagekind):
            digest.update(Path(str(m.__file__)).read_bytes())
        digest.update(resources.files("newsprism.data").joinpath("page_kind.json").read_bytes())
        _VERSION = digest.hexdigest()[:16]
    return _VERSION


@dataclass(frozen=True)
class FeatureAnnotator:
    """``ingest(store, ..., annotate=FeatureAnnotator())`` computes each new article's story
    features where the ingest prepares it (its worker processes, beside the boilerplate and the
    fingerprint) and stores them in ``story_features``; ``update_stories`` then reads them
    instead of computing them in the writing process.  An article whose features fail here is
    left to ``update_stories`` (which records the failure), and so is a page that is no news
    article (``ingest.pagekind``): the check runs here, in the ingest's workers, so the update
    only checks the articles it computes features for."""

    version: str = field(default_factory=features_version)

    def compute(self, article: Article) -> bytes | None:
        if _not_article(article) is not None:  # a page: update_stories checks and records it
            return None
        try:
            return fmt.dump_features(story_features(article))
        except Exception:  # computed again, and recorded, by update_stories
            return None

    def save(self, store: Store, added: Added, value: object) -> None:
        if isinstance(value, bytes):
            store.write(
                "INSERT OR REPLACE INTO story_features (article_id, version, data) "
                "VALUES (?, ?, ?)",
                (added.id, self.version, value),
            )


def _not_article(article: Article) -> str | None:
    """The NP228 reason when ``article`` is a page that is no news article, else None."""
    kind = page_kind(article)
    return None if kind.article else f"{NOT_ARTICLE.code} {kind.reason()}"


def _stored_features(
    conn: sqlite3.Connection, first: int, last: int, rows: dict[int, bytes] | None = None
) -> dict[int, StoryFeatures]:
    """The features computed at ingest for articles ``first`` to ``last`` (row ids) by the code
    as it is now (a row that is not such data is left out: they are computed again); ``rows``
    is given each one's stored bytes (an open article's row puts them in as they are)."""
    out = {}
    for article_id, data in conn.execute(
        "SELECT article_id, data FROM story_features "
        "WHERE article_id BETWEEN ? AND ? AND version = ?",
        (first, last, features_version()),
    ):
        f = fmt.load_features(data)
        if f is not None:
            out[int(article_id)] = f
            if rows is not None and isinstance(data, bytes):
                rows[int(article_id)] = data
    return out


def _config_json(config: GroupingConfig) -> str:
    return json.dumps(asdict(config), sort_keys=True)


@dataclass
class _Loaded:
    """A grouper as the store holds it, and what was written of it: the open articles' rows and
    the token of the write."""

    grouper: StoryGrouper
    last: int
    token: str | None
    open: set[str] = field(default_factory=set)  # names in story_open
    full: bool = False  # a whole grouper (an older store's, converted): write every table once
    live: dict[int, tuple[object, ...]] = field(default_factory=dict)  # story_live rows: what
    # each story was like when written (``_written``)
    logged: set[str] = field(default_factory=set)  # keys in story_df_log, not yet in story_df
    log_entries: int = 0  # entries in story_df_log (a key counts once a row)
    stored: dict[str, tuple[StoryFeatures, bytes]] = field(default_factory=dict)  # this round's
    # articles whose features were read from story_features: the features and the bytes read


# the grouper of each open Store as its last update left it (its token says it is still current)
_CACHE: weakref.WeakKeyDictionary[Store, _Loaded] = weakref.WeakKeyDictionary()

# what grows with the store, kept in rows (story_df, story_open, story_members), not in the state
_IN_ROWS = (
    "df",
    "merged_into",
    "story_of",
    "article_raw",
    "article_entities",
    "article_shingles",
    "stories",  # the open ones: a row each in story_live, written when they change
    "postings",  # made again from the open stories' keys when read (``_postings``)
    *CACHES,  # rebuilt on first use
)


def load_grouper(store: Store, config: GroupingConfig | None = None) -> tuple[StoryGrouper, int]:
    """The grouper as the last update left it, and the last article it saw (0: none).

    Its closed stories stay in the store (``story_closed``) and are read back when a copy of one
    of their articles arrives (``update_stories`` does that).  ``config`` must be the one the
    store was grouped with (NP106 otherwise: regroup with ``update_stories(..., rebuild=True)`` /
    ``newsprism stories --rebuild``)."""
    loaded = _load(store, config)
    return loaded.grouper, loaded.last


def _load(store: Store, config: GroupingConfig | None) -> _Loaded:
    from newsprism.errors import BAD_OPTION, InputError

    conn = store.conn
    row = conn.execute(
        "SELECT last_article, config, token FROM story_state WHERE id = 1"
    ).fetchone()
    if row is None:
        return _Loaded(StoryGrouper(config), 0, None)
    stored = GroupingConfig(**json.loads(row[1]))
    if config is not None and config != stored:
        raise InputError(
            BAD_OPTION,
            "the store's stories were grouped with other settings; regroup with --rebuild",
        )
    cached = _CACHE.get(store)
    if cached is not None and cached.token is not None and cached.token == row[2]:
        return cached
    grouper = StoryGrouper(stored)
    fmt.load_hot(conn.execute("SELECT state FROM story_state WHERE id = 1").fetchone()[0], grouper)
    grouper.stories = {
        int(sid): fmt.load_story(data, f"story_live {sid}")
        for sid, data in conn.execute("SELECT id, state FROM story_live")
    }
    live = {sid: _written(s) for sid, s in grouper.stories.items()}
    grouper.postings = _postings(grouper)
    grouper.df = {str(k): int(n) for k, n in conn.execute("SELECT term, n FROM story_df")}
    logged: set[str] = set()
    entries = 0
    for (data,) in conn.execute("SELECT data FROM story_df_log ORDER BY id"):
        counts = fmt.load_counts(data)  # the counts after each round, applied in order
        grouper.df.update(counts)
        logged.update(counts)
        entries += len(counts)
    names = set()
    for name, data in conn.execute("SELECT name, state FROM story_open"):
        raw, ents, shingles = fmt.load_open(data, f"story_open {name}")
        names.add(name)
        grouper.article_entities[name] = ents
        if raw is not None:
            grouper.article_raw[name] = raw
        if shingles is None and raw is not None:
            shingles = raw.shingles
        grouper.article_shingles[name] = shingles or ()
    grouper.story_of = _open_story_of(grouper)
    return _Loaded(
        grouper, int(row[0]), row[2], names, live=live, logged=logged, log_entries=entries
    )


def _written(s: _Story) -> tuple[object, ...]:
    """What changes whenever the grouper changes a story (a member joins or leaves, its
    centroid is weighed again, stories merge): a story whose mark is unchanged since its row
    was written needs no new row."""
    return (
        len(s.members),
        s.size,
        s.stamp,
        len(s.articles),
        s.first_day,
        s.last_day,
        s.norms,
        len(s.terms),
        len(s.entities),
        len(s.index_keys),
    )


def _postings(grouper: StoryGrouper) -> dict[str, set[int]]:
    """The grouper's inverted index (key -> open stories) made from the open stories' keys, as
    the grouper keeps it: every open story is in the posting of each of its ``index_keys``."""
    postings: dict[str, set[int]] = {}
    for sid in grouper.active:
        for k in grouper.stories[sid].index_keys:
            postings.setdefault(k, set()).add(sid)
    return postings


def _open_story_of(grouper: StoryGrouper) -> dict[str, int]:
    """The open articles' stories (an open story's articles are those it holds)."""
    return {a: sid for sid in grouper.active for a in grouper.stories[sid].articles}


def _ensure_copies(
    conn: sqlite3.Connection, grouper: StoryGrouper, copies: list[tuple[str, float, int | None]]
) -> None:
    """Give the grouper the stories of the articles a new one copies, as a grouper that kept
    every article in memory would have them: from ``story_members`` and, for a closed story,
    ``story_closed``."""
    for name, _, sid in copies:
        if sid is None or name in grouper.story_of:
            continue
        grouper.story_of[name] = sid
        live = grouper._resolve(sid)
        if live not in grouper.stories:
            row = conn.execute("SELECT state FROM story_closed WHERE id = ?", (live,)).fetchone()
            if row is None:
                raise LookupError(f"story {live} is neither open nor in story_closed")
            grouper.stories[live] = fmt.load_story(row[0], f"story_closed {live}")


def _save_df(conn: sqlite3.Connection, loaded: _Loaded, keys: set[str]) -> None:
    """Write the document frequencies of ``keys`` (the round's terms and entities): appended to
    ``story_df_log`` as one row, and the log folded into ``story_df`` once it holds more
    entries than ``DF_FOLD_MIN`` and a quarter of the table.  Upserted into ``story_df`` every
    round, the keys of a round land on pages all over a table that grows with the vocabulary
    (a round of 500 generated articles rewrote most of its 1,500 pages at 90,000 articles); a
    fold rewrites them once every dozen rounds or so, and the log keeps a round's write to the
    size of its own keys, flat as the store grows."""
    g = loaded.grouper
    upsert = (
        "INSERT INTO story_df (term, n) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET n = excluded.n"
    )
    if loaded.full:  # a grouper read whole (an older version's): every count into the table
        conn.executemany(upsert, [(k, g.df[k]) for k in g.df])
        conn.execute("DELETE FROM story_df_log")
        loaded.logged, loaded.log_entries = set(), 0
        return
    if not keys:
        return
    counts = {k: g.df[k] for k in keys}
    conn.execute(
        "INSERT INTO story_df_log (data) VALUES (?)",
        (fmt.dump_counts(counts),),
    )
    loaded.logged |= keys
    loaded.log_entries += len(counts)
    if loaded.log_entries > max(DF_FOLD_MIN, len(g.df) // 4):
        conn.executemany(upsert, [(k, g.df[k]) for k in sorted(loaded.logged)])
        conn.execute("DELETE FROM story_df_log")
        loaded.logged, loaded.log_entries = set(), 0


def _save_state(conn: sqlite3.Connection, loaded: _Loaded, placed: list[StoryFeatures]) -> bytes:
    """Write what changed of the grouper this round: the document frequencies of the round's
    terms (``_save_df``), the open articles that came and went, the stories that closed (then
    dropped from memory), the open stories it changed; returns the counters and the copy index
    (bounded by the window) as ``story_state.state`` (JSON, ``state_format.dump_hot``)."""
    g = loaded.grouper
    keys: set[str] = set()
    for f in placed:  # (the same keys in the same order, so the same set)
        keys.update(map(itemgetter(0), f.terms))
        keys.update(["E:" + k for k, _ in f.entities])
    _save_df(conn, loaded, keys)
    now_open = set(g.article_entities)
    conn.executemany(
        "DELETE FROM story_open WHERE name = ?", [(a,) for a in loaded.open - now_open]
    )
    conn.executemany(
        "INSERT OR REPLACE INTO story_open (name, state) VALUES (?, ?)",
        [
            (a, _open_row(g, a, loaded.stored))
            for a in (now_open if loaded.full else now_open - loaded.open)
        ],
    )
    loaded.open = now_open
    loaded.stored = {}
    closed = [sid for sid in g.stories if sid not in g.active]
    for sid in closed:
        g.stories[sid].members = []  # they are in story_members; a closed story is never scored
    conn.executemany(
        "INSERT OR REPLACE INTO story_closed (id, state) VALUES (?, ?)",
        [(sid, fmt.dump_story(g.stories[sid])) for sid in closed],
    )
    for sid in closed:
        del g.stories[sid]
    marks = {sid: _written(s) for sid, s in g.stories.items()}
    if not loaded.live:  # a state read whole (an older version's): its stories are all written
        conn.execute("DELETE FROM story_live")
    conn.executemany(
        "DELETE FROM story_live WHERE id = ?", [(sid,) for sid in loaded.live if sid not in marks]
    )
    conn.executemany(
        "INSERT OR REPLACE INTO story_live (id, state) VALUES (?, ?)",
        [
            (sid, fmt.dump_story(g.stories[sid]))
            for sid, mark in marks.items()
            if loaded.live.get(sid) != mark
        ],
    )
    loaded.live = marks
    g.story_of = _open_story_of(g)
    loaded.full = False
    return fmt.dump_hot(g)


def _open_row(
    g: StoryGrouper, a: str, stored: dict[str, tuple[StoryFeatures, bytes]] | None = None
) -> bytes:
    """An open article's row: its features, entity vector and (when the features lack them,
    as in a state from an older version) its shingles.  ``stored``: features read from
    ``story_features`` this round with their bytes, put in the row as they were read."""
    raw = g.article_raw.get(a)
    shingles = g.article_shingles.get(a, ())
    keep = None if raw is not None and raw.shingles == shingles else shingles
    got = stored.get(a) if stored else None
    data = got[1] if got is not None and got[0] is raw else None
    return fmt.dump_open(raw, g.article_entities[a], keep, data)


def rewrite_state(conn: sqlite3.Connection, state: object) -> None:
    """Write the grouper state an older store pickled (read by ``state_format.unpickle``) as
    the current rows and ``story_state.state``: a whole grouper (before ``story_df``) writes
    every table; the hot state of format 2 (open stories inside) writes ``story_live``; that of
    format 3 is the state alone.  Run by the migration ``stories_state_json``."""
    from types import SimpleNamespace

    if isinstance(state, StoryGrouper):
        hot = _save_state(conn, _Loaded(state, 0, None, full=True), [])
    elif isinstance(state, dict) and state.get("format") in (2, 3):
        if state["format"] == 2:
            conn.execute("DELETE FROM story_live")
            conn.executemany(
                "INSERT INTO story_live (id, state) VALUES (?, ?)",
                [(int(sid), fmt.dump_story(s)) for sid, s in state["stories"].items()],
            )
        hot = fmt.dump_hot(SimpleNamespace(**{k: state[k] for k in fmt.HOT}))  # type: ignore[arg-type]
    else:
        raise fmt.refused("story_state", "not the grouper's state")
    conn.execute(
        "UPDATE story_state SET state = ?, token = ? WHERE id = 1", (hot, secrets.token_hex(8))
    )


def _articles(store: Store, ids: list[int]) -> dict[int, Article]:
    """The stored articles of row ``ids`` (ascending), read in one range of the primary key."""
    if not ids:
        return {}
    want = set(ids)
    return {
        s.id: s.article
        for s in store.articles(since=ids[0] - 1, limit=ids[-1] - ids[0] + 1)
        if s.id in want
    }


def _copies(
    conn: sqlite3.Connection, first: int, last: int
) -> dict[int, list[tuple[str, float, int | None]]]:
    """(earlier article, score, its story or None) for the copy relations of each article
    ``first`` to ``last`` (row ids), read for a round in one query (keyed by the newer
    article: a range of the primary key).  An earlier article of the same round has no
    ``story_members`` row yet (None), as when each article was read on its own before the
    round was written."""
    marks = ",".join("?" * len(COPY_KINDS))
    out: dict[int, list[tuple[str, float, int | None]]] = {}
    for b, n, s, sid in conn.execute(
        f"SELECT r.b, x.name, r.score, m.story_id FROM relations r "
        f"JOIN articles x ON x.id = r.a LEFT JOIN story_members m ON m.article_id = r.a "
        f"WHERE r.b BETWEEN ? AND ? AND r.kind IN ({marks}) ORDER BY r.b, r.a",
        (first, last, *COPY_KINDS),
    ):
        out.setdefault(int(b), []).append((str(n), float(s), sid))
    return out


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
    """Recompute a story's row from its members (inside the caller's transaction).

    The label is made from the members' titles every time (``label_from`` 'members'), so that it
    depends on the membership only, not on the rounds it was grouped in; a label a briefing gave
    (``label_from`` 'briefing', ``StoryStore.save_briefing``) is kept."""
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
        "ON CONFLICT (id) DO UPDATE SET label = CASE stories.label_from "
        "WHEN 'briefing' THEN stories.label ELSE excluded.label END, "
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
    loaded: _Loaded,
    placed: list[tuple[int, Assignment, StoryFeatures]],
    failures: list[tuple[int, str]],
    last_article: int,
    config_json: str,
) -> set[int] | None:
    """Write one round; None (nothing written) when another update wrote since ``loaded``."""
    conn = store.conn
    grouper = loaded.grouper
    touched: set[int] = set()
    gone: set[int] = set()
    with store.batch():
        row = conn.execute("SELECT last_article, token FROM story_state WHERE id = 1").fetchone()
        if ((int(row[0]), row[1]) if row else (0, None)) != (loaded.last, loaded.token):
            return None
        for article_id, a, _ in placed:
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
            if a.split is not None:  # earlier articles moved to a story split off
                kept, new, moved = a.split
                conn.executemany(
                    "UPDATE story_members SET story_id = ? WHERE article_id = "
                    "(SELECT id FROM articles WHERE name = ?)",
                    [(new, name) for name in moved],
                )
                touched |= {kept, new}
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
        conn.execute("DELETE FROM story_features WHERE article_id <= ?", (last_article,))
        token = secrets.token_hex(8)
        state = _save_state(conn, loaded, [f for _, _, f in placed])
        conn.execute(
            "INSERT OR REPLACE INTO story_state (id, last_article, config, state, updated, token) "
            "VALUES (1, ?, ?, ?, ?, ?)",
            (last_article, config_json, state, store_migrations.now(), token),
        )
    loaded.last, loaded.token = last_article, token
    return live


def update_stories(
    store: Store,
    *,
    config: GroupingConfig | None = None,
    rebuild: bool = False,
    round_size: int = 5000,
    limit: int | None = None,
    progress: Progress | None = None,
    features: Callable[..., StoryFeatures] | None = None,
) -> StoriesUpdate:
    """Group the articles stored since the last update into the store's stories.

    ``rebuild=True`` forgets the stories and groups every article again (with ``config``).
    ``limit`` groups at most that many articles (the rest wait for the next update).  The
    grouper stays in memory with the ``store`` object between updates, so updating after every
    ingest batch reads none of its state back (another process's update is seen by its token).
    ``features``: how an article's features are computed (default: those the ingest stored,
    ``FeatureAnnotator``, else ``story_features``)."""
    started = time.perf_counter()
    if rebuild:
        with store.batch():
            for table in STATE_TABLES:
                store.conn.execute(f"DELETE FROM {table}")
    loaded = _load(store, config)
    _CACHE.pop(store, None)  # kept again only once every round is written
    grouper, last = loaded.grouper, loaded.last
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
        chunk: list[tuple[int, str]] = store.conn.execute(
            "SELECT id, name FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, size)
        ).fetchall()
        if not chunk:
            break
        placed: list[tuple[int, Assignment, StoryFeatures]] = []
        failures: list[tuple[int, str]] = []
        pages = 0  # of the failures: pages that are no news article (NP228)
        first, end = chunk[0][0], chunk[-1][0]
        rows: dict[int, bytes] = {}
        ready = _stored_features(store.conn, first, end, rows) if features is None else {}
        # whole articles (text, boilerplate) are read only for those without stored features
        texts = _articles(store, [i for i, _ in chunk if i not in ready])
        round_copies = _copies(store.conn, first, end)
        compute = features or story_features
        for article_id, name in chunk:
            f = ready.get(article_id)  # stored at ingest: only for articles that passed page kind
            reason = _not_article(texts[article_id]) if f is None else None
            if reason is not None:  # an error page, a widget, a site's index: no story
                failures.append((article_id, reason))
                pages += 1
                continue
            try:
                data = rows.get(article_id)
                if f is not None and data is not None and f.article == name:  # as stored
                    loaded.stored[name] = (f, data)
                f = f or compute(texts[article_id])
                if f.article != name:  # renamed by the store (a clash of names)
                    f = replace(f, article=name)
            except Exception as exc:  # one bad article never stops the update
                failures.append((article_id, f"{type(exc).__name__}: {exc}"))
                continue
            copies = round_copies.get(article_id, [])
            _ensure_copies(store.conn, grouper, copies)
            a = grouper.add(f, copies=[(n, score) for n, score, _ in copies])
            placed.append((article_id, a, f))
        live = _write_round(store, loaded, placed, failures, end, config_json)
        if live is None:  # another process updated the stories meanwhile: go on from there
            loaded = _load(store, config)
            grouper, last = loaded.grouper, loaded.last
            report.conflicts += 1
            continue
        last = end
        touched |= live
        for _, a, _ in placed:
            report.founded += a.reason == "founded"
            report.joined += a.reason != "founded"
            report.merged += len(a.merged)
        report.articles += len(placed)
        report.failed += len(failures) - pages
        report.pages += pages
        done += len(chunk)
        if progress:
            progress("grouping", done, total)
    report.last_article = last
    report.touched = sorted({grouper._resolve(s) for s in touched})
    grouper.merged_into = {}  # the store's rows hold merged stories' ids no more
    _CACHE[store] = loaded
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
