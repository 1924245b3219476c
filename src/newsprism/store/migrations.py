"""The store's schema as named, ordered migrations.

``MIGRATIONS`` is the one list of schema changes, oldest first.  A migration is applied once, in
its own transaction, and recorded by name in the ``_migrations`` table (``PRAGMA user_version``
holds how many are applied).  To change the schema, append a ``Migration`` at the end: never edit,
rename or reorder one that has shipped, since stores in the wild have applied it.  Its ``apply``
is SQL (one script) or a function of the connection, for changes SQL alone cannot express.

Packages that build on the store add their tables the same way, with a name prefixed by what
owns them (``stories_...``), e.g.::

    MIGRATIONS.append(Migration("myplugin_tables", "CREATE TABLE myplugin_notes (...);"))
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from newsprism.errors import STORE_OPEN, STORE_SCHEMA, NewsprismError


@dataclass(frozen=True)
class Migration:
    """One named schema change: an SQL script, or a function given the open connection."""

    name: str
    apply: str | Callable[[sqlite3.Connection], None]


MIGRATIONS: list[Migration] = [
    Migration(
        "articles",
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ingest order, never reused: a cursor
            name TEXT NOT NULL UNIQUE,             -- Article.id
            key TEXT NOT NULL UNIQUE,              -- identity: text hash + url (or outlet)
            content_hash TEXT NOT NULL,            -- sha256 of text, hex
            url TEXT,
            outlet TEXT,
            title TEXT,
            author TEXT,
            published TEXT,                        -- YYYY-MM-DD or NULL
            text TEXT NOT NULL,                    -- exactly as read
            boilerplate TEXT NOT NULL DEFAULT '[]',  -- JSON [[start, end, kind], ...]
            evidence TEXT NOT NULL DEFAULT '[]',     -- JSON [[field, where], ...]
            source TEXT NOT NULL,
            ingested_at TEXT NOT NULL              -- UTC, ISO 8601
        );
        CREATE INDEX articles_published ON articles (published, id);
        CREATE INDEX articles_url ON articles (url);
        CREATE INDEX articles_outlet ON articles (outlet, published);
        CREATE INDEX articles_content_hash ON articles (content_hash);
        CREATE TABLE drops (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            dropped_at TEXT NOT NULL,
            UNIQUE (source, code, reason)
        );
        CREATE INDEX drops_code ON drops (code);
        CREATE TABLE relations (
            a INTEGER NOT NULL REFERENCES articles (id),  -- the older article (a < b)
            b INTEGER NOT NULL REFERENCES articles (id),
            kind TEXT NOT NULL,   -- duplicate | version | syndicated | shares_passages
            score REAL NOT NULL,
            PRIMARY KEY (a, b)
        ) WITHOUT ROWID;
        CREATE INDEX relations_b ON relations (b);
        CREATE INDEX relations_kind ON relations (kind);
        """,
    ),
    Migration(
        "articles_fts",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, text, content='articles', content_rowid='id', tokenize='porter unicode61'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        """,
    ),
    Migration(
        "near_duplicates",
        """
        -- what near-duplicate checks need of each article: its shingle sets and wire credit
        CREATE TABLE article_shingles (
            article INTEGER PRIMARY KEY REFERENCES articles (id),
            profile BLOB NOT NULL,    -- shingles in text order and their positions (neardup.py)
            words_hash TEXT NOT NULL, -- identical normalised word sequences hash alike
            wire TEXT                 -- the wire agency the text credits, if any
        );
        -- settings a store keeps for life (the LSH parameters its bands were made with)
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- MinHash LSH bands: one row per (band, band hash) an article falls in
        CREATE TABLE lsh_bands (
            bucket INTEGER NOT NULL,
            article INTEGER NOT NULL,
            PRIMARY KEY (bucket, article)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        "sources",
        """
        -- completion markers: files read to the end, so that a rerun skips them
        CREATE TABLE sources (
            path TEXT PRIMARY KEY,   -- resolved path
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            completed_at TEXT NOT NULL,
            articles INTEGER NOT NULL,
            drops INTEGER NOT NULL
        );
        """,
    ),
    Migration(
        "stories_tables",
        """
        -- stories found by newsprism.stories (docs/stories.md#stories-in-a-store)
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,          -- the grouper's story id, stable across updates
            label TEXT,
            first_seen TEXT,                 -- YYYY-MM-DD of the earliest member, or NULL
            last_seen TEXT,                  -- YYYY-MM-DD of the newest member, or NULL
            n_articles INT NOT NULL,
            n_outlets INT NOT NULL,
            independent_sources INT NOT NULL,  -- members, copies (versions, wire) counted once
            membership TEXT NOT NULL,        -- hash of the sorted member ids
            updated TEXT NOT NULL            -- UTC, ISO 8601
        );
        CREATE INDEX stories_recent ON stories (last_seen DESC, n_articles DESC, id DESC);
        CREATE TABLE story_members (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id),
            story_id INTEGER NOT NULL,
            score REAL NOT NULL,             -- what put the article there (StoryMember.score)
            reason TEXT NOT NULL,            -- founded | similar | copy
            via INTEGER                      -- the article it copies (reason copy)
        );
        CREATE INDEX story_members_story ON story_members (story_id, article_id);
        CREATE TABLE briefings (
            story_id INTEGER PRIMARY KEY,
            membership TEXT NOT NULL,        -- the story's membership when it was briefed
            briefing TEXT NOT NULL,          -- newsprism.briefing/1 JSON
            disagreements INT,
            created TEXT NOT NULL
        );
        CREATE TABLE story_failures (
            id INTEGER PRIMARY KEY,
            article_id INTEGER,              -- the article that failed, when one is known
            story_id INTEGER,
            error TEXT NOT NULL,             -- "NPxxx: message" or the exception
            created TEXT NOT NULL
        );
        CREATE INDEX story_failures_story ON story_failures (story_id);
        CREATE INDEX story_failures_article ON story_failures (article_id);
        -- the incremental grouper between updates (one row): where it stopped and its state
        CREATE TABLE story_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_article INTEGER NOT NULL,   -- articles with a larger id are not grouped yet
            config TEXT NOT NULL,            -- GroupingConfig as JSON
            state BLOB NOT NULL,             -- the StoryGrouper's open stories and counts
            updated TEXT NOT NULL
        );
        """,
    ),
    Migration(
        "stories_state_tables",
        """
        -- the grouper's state kept incrementally (newsprism.stories.store): story_state.state
        -- holds only the open stories and indexes; what grows with the store is in rows
        ALTER TABLE story_state ADD COLUMN token TEXT;  -- changes at every write
        CREATE TABLE story_df (
            term TEXT PRIMARY KEY,           -- a term, or "E:" + an entity
            n INTEGER NOT NULL               -- articles grouped that hold it
        ) WITHOUT ROWID;
        CREATE TABLE story_open (
            name TEXT PRIMARY KEY,           -- an article of an open story (Article.id)
            state BLOB NOT NULL              -- its grouping features and entity vector
        ) WITHOUT ROWID;
        CREATE TABLE story_closed (
            id INTEGER PRIMARY KEY,          -- a closed story (reopened when a copy joins it)
            state BLOB NOT NULL
        );
        """,
    ),
    Migration(
        "articles_fts_per_transaction",
        """
        -- new articles are indexed once per write transaction, in one statement, by
        -- Store.batch (a trigger per row cost three times as much); deletes and updates keep
        -- their triggers
        DROP TRIGGER articles_ai;
        """,
    ),
    Migration(
        "keys_in_ingest_order",
        """
        -- lsh_bands and relations keyed by the newer article first: an ingest adds rows for
        -- its newest article only, so each insert appends to the b-tree instead of landing on
        -- a random page (keyed by bucket, or by the older article, a transaction of 500
        -- articles rewrote most pages of both tables once the store held 100,000 articles).
        -- Buckets are looked up in memory (store.neardup), never by SQL.
        CREATE TABLE lsh_bands_by_article (
            bucket INTEGER NOT NULL,
            article INTEGER NOT NULL,
            PRIMARY KEY (article, bucket)
        ) WITHOUT ROWID;
        INSERT INTO lsh_bands_by_article (bucket, article)
            SELECT bucket, article FROM lsh_bands ORDER BY article, bucket;
        DROP TABLE lsh_bands;
        ALTER TABLE lsh_bands_by_article RENAME TO lsh_bands;
        CREATE TABLE relations_by_newer (
            a INTEGER NOT NULL REFERENCES articles (id),  -- the older article (a < b)
            b INTEGER NOT NULL REFERENCES articles (id),
            kind TEXT NOT NULL,   -- duplicate | version | syndicated | shares_passages
            score REAL NOT NULL,
            PRIMARY KEY (b, a)
        ) WITHOUT ROWID;
        INSERT INTO relations_by_newer (a, b, kind, score)
            SELECT a, b, kind, score FROM relations ORDER BY b, a;
        DROP TABLE relations;
        ALTER TABLE relations_by_newer RENAME TO relations;
        CREATE INDEX relations_a ON relations (a);
        CREATE INDEX relations_kind ON relations (kind);
        """,
    ),
    Migration(
        "stories_features",
        """
        -- story-grouping features computed at ingest, in the workers
        -- (newsprism.stories.store.FeatureAnnotator); update_stories reads an article's row
        -- instead of computing them, and deletes it once the article is grouped
        CREATE TABLE story_features (
            article_id INTEGER PRIMARY KEY,  -- articles.id
            version TEXT NOT NULL,           -- digest of the features code that computed them
            data BLOB NOT NULL               -- a pickled StoryFeatures
        );
        """,
    ),
    Migration("containment_index", lambda conn: _containment_index(conn)),
    Migration(
        "story_live",
        """
        -- the grouper's open stories, one row each (newsprism.stories.store): a round writes
        -- the stories it changed, not every open story in story_state's pickle
        CREATE TABLE story_live (
            id INTEGER PRIMARY KEY,          -- an open story
            state BLOB NOT NULL              -- its pickled members, centroid, dates and keys
        );
        """,
    ),
    Migration(
        "story_df_log",
        """
        -- the document frequencies a grouping round changed, one row a round, appended
        -- (newsprism.stories.store): read after story_df, and folded into it once the log
        -- holds a quarter as many entries as the table, so that a round no longer rewrites
        -- pages all over a table that grows with the store's vocabulary
        CREATE TABLE story_df_log (
            id INTEGER PRIMARY KEY,
            data BLOB NOT NULL               -- pickled {term: n}, the counts after the round
        );
        """,
    ),
    Migration(
        "stories_briefing_settings",
        """
        -- a cached briefing is current for the membership AND the settings it was made with
        -- (newsprism.pipeline.settings_key: every briefing option and the newsprism version),
        -- so that other options or an upgrade brief a story again; briefings cached before
        -- this migration hold '' and are briefed again once
        ALTER TABLE briefings ADD COLUMN settings TEXT NOT NULL DEFAULT '';
        """,
    ),
    # the grouper's state as JSON data instead of pickles (a foreign store's pickle could run
    # code when read): every pickled row written again, read by an unpickler that builds the
    # grouper's own types only (NP126 for anything else); newsprism.stories.state_format
    Migration("stories_state_json", lambda conn: _stories_state_json(conn)),
    # copy families (store.families): each article in the family of the one it copies most
    # closely, for the near-duplicate index's per-family tier (LshParams.family_keep)
    Migration("neardup_families", lambda conn: _neardup_families(conn)),
    Migration(
        "stories_label_from",
        """
        -- where a story's label comes from: 'members' (its members' titles, made again whenever
        -- its membership changes, so that grouping in one update or in many rounds labels a
        -- story alike) or 'briefing' (the label of a briefing's largest event, kept until the
        -- story is briefed again). The stories briefed before this migration took their label
        -- from the briefing
        ALTER TABLE stories ADD COLUMN label_from TEXT NOT NULL DEFAULT 'members';
        UPDATE stories SET label_from = 'briefing'
        WHERE id IN (SELECT story_id FROM briefings) AND label IS NOT NULL;
        """,
    ),
    Migration(
        "articles_content_hash_unindexed",
        """
        -- nothing in newsprism looks an article up by its content hash (the identity is
        -- ``key``, unique and indexed): its index of random keys took an eighth of the pages an
        -- ingest's transaction wrote once the store held 90,000 articles (docs/store.md)
        DROP INDEX IF EXISTS articles_content_hash;
        """,
    ),
]


def _containment_index(conn: sqlite3.Connection) -> None:
    """The containment index (store.neardup): a short article inside a long one has too low a
    Jaccard for the LSH bands to propose the pair, so shingles are indexed too (all of a short
    article's, anchors of a long one's).  Built here for the articles already stored, from
    their stored fingerprints, with the store's own settings."""
    import json

    from newsprism.store.neardup import Fingerprint, LshParams

    for statement in _statements(
        """
        -- containment index: a row per (key, article); keys are mixed shingle hashes
        CREATE TABLE containment (
            key INTEGER NOT NULL,
            article INTEGER NOT NULL,
            PRIMARY KEY (article, key)
        ) WITHOUT ROWID;
        -- per article: its distinct shingles (all, unquoted) and how many keys it has (before
        -- capping), so that shared keys tell whether a pair can be a copy
        CREATE TABLE containment_articles (
            article INTEGER PRIMARY KEY REFERENCES articles (id),
            shingles INTEGER NOT NULL,
            own INTEGER NOT NULL,
            keys INTEGER NOT NULL
        );
        """
    ):
        conn.execute(statement)
    row = conn.execute("SELECT value FROM settings WHERE key = 'lsh'").fetchone()
    params = LshParams.saved(json.loads(row[0]) if row else None)  # as the store was written
    if not params.containment:
        return
    counts: dict[int, int] = {}
    cur = conn.execute("SELECT article, profile FROM article_shingles ORDER BY article")
    while rows := cur.fetchmany(1000):
        for article, blob in rows:
            fp = Fingerprint.from_blob(blob, "", None)
            keys = fp.index_keys(params)
            fresh = []
            for k in keys.tolist():  # a key takes no member past the cap, as at ingest
                if counts.get(k, 0) < params.containment_cap:
                    counts[k] = counts.get(k, 0) + 1
                    fresh.append((k, article))
            conn.executemany("INSERT INTO containment (key, article) VALUES (?, ?)", fresh)
            conn.execute(
                "INSERT INTO containment_articles (article, shingles, own, keys) "
                "VALUES (?, ?, ?, ?)",
                (article, len(fp.shingles), len(fp.own), len(keys)),
            )


def _neardup_families(conn: sqlite3.Connection) -> None:
    """``article_families``, filled from the copy relations of the articles already stored
    when the store's settings use families (``family_keep > 0``)."""
    import json

    from newsprism.store.families import build
    from newsprism.store.neardup import LshParams

    row = conn.execute("SELECT value FROM settings WHERE key = 'lsh'").fetchone()
    params = LshParams.saved(json.loads(row[0]) if row else None)  # as the store was written
    build(conn, fill=params.family_keep > 0)


def _stories_state_json(conn: sqlite3.Connection) -> None:
    from newsprism.stories.state_format import convert_pickles

    convert_pickles(conn)


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to ``conn``'s database, in order."""
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    if not has:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def pending(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Names of the migrations not yet applied."""
    done = set(applied(conn))
    return [
        m.name for m in (MIGRATIONS if migrations is None else migrations) if m.name not in done
    ]


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the pending migrations in order; returns the names applied.

    A store whose applied migrations are not a prefix of the known list was written by another
    newsprism (newer, or a plugin not installed): NP120 rather than guessing.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    names = [m.name for m in migrations]
    if len(set(names)) != len(names):
        raise ValueError("migration names must be unique")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = applied(conn)
    unknown = [n for n in done if n not in names]
    if unknown:
        raise NewsprismError(
            STORE_OPEN,
            f"the store has migrations this newsprism does not know ({', '.join(unknown)}); "
            "upgrade newsprism",
        )
    ran: list[str] = []
    for m in migrations:
        if m.name in done:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            if isinstance(m.apply, str):
                for statement in _statements(m.apply):
                    conn.execute(statement)
            else:
                m.apply(conn)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (m.name, now())
            )
            conn.execute(f"PRAGMA user_version = {len(done) + len(ran) + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        ran.append(m.name)
    return ran


def check_current(conn: sqlite3.Connection) -> None:
    """Raise NP121 when migrations are pending (read-only opens do not migrate)."""
    todo = pending(conn)
    if todo:
        raise NewsprismError(STORE_SCHEMA, f"pending: {', '.join(todo)}")


def _statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (triggers hold ';' inside BEGIN ... END)."""
    out: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \t\r\n;"):
                out.append(current.strip())
            current = ""
    rest = current[:-1]  # the ';' added after the last piece
    if rest.strip():
        out.append(rest.strip())
    return out
