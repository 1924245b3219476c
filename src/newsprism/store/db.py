"""``Store``: the SQLite news store, read and written as ``model.py`` objects.

One file, WAL mode (readers never block the writer), schema by named migrations
(``store.migrations``).  Writes go through ``add`` / ``add_drop`` inside ``batch()``
transactions; reads return ``Article``, ``Relation`` and ``Drop`` objects, or small records
(``StoredArticle``, ``SearchHit``, ``StoreStats``) that wrap them with store-only fields.

Open read-only (``Store.open(path, readonly=True)``) for anything that only reads: a web app,
``search``, ``db stats``.  Read-only opens never migrate, and fail with NP121 when the store
needs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from newsprism.errors import BAD_QUERY, STORE_OPEN, InputError, NewsprismError
from newsprism.model import Article, Boilerplate, Drop, Relation
from newsprism.store import behind, migrations
from newsprism.store.families import best_copy
from newsprism.store.neardup import Fingerprint, Fingerprinter, LshParams, NearDuplicateIndex
from newsprism.store.stories import StoryQueries

DEFAULT_DB = "newsprism.db"
ENV_DB = "NEWSPRISM_DB"

Status = Literal["new", "same", "version"]


def default_path() -> str:
    """``$NEWSPRISM_DB``, else ``newsprism.db`` in the current folder."""
    return os.environ.get(ENV_DB) or DEFAULT_DB


def content_hash(text: str) -> str:
    """sha256 of the text as read (UTF-8), hex."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def identity_key(article: Article) -> str:
    """What makes two articles the same: the same text at the same URL, or (without a URL) the
    same text from the same outlet.  Computed on the article as the reader gave it."""
    place = f"url:{article.url}" if article.url else f"outlet:{article.outlet or ''}"
    return hashlib.sha256(f"{content_hash(article.text)}\x00{place}".encode()).hexdigest()


def boilerplate_to_json(spans: Sequence[Boilerplate]) -> str:
    return json.dumps([[b.start, b.end, b.kind] for b in spans], separators=(",", ":"))


def boilerplate_from_json(value: str | None) -> tuple[Boilerplate, ...]:
    if not value:
        return ()
    return tuple(Boilerplate(int(s), int(e), k) for s, e, k in json.loads(value))


@dataclass(frozen=True)
class StoredArticle:
    """An article with its store fields: ``id`` is the row id (ingest order, a cursor)."""

    id: int
    article: Article
    content_hash: str
    ingested_at: str


@dataclass(frozen=True)
class Added:
    """What ``Store.add`` did: ``new`` (stored), ``same`` (already stored, nothing written) or
    ``version`` (stored, and linked as a version of an earlier article at the same URL)."""

    id: int
    name: str
    status: Status
    relations: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    """A full-text match: the article, its rank (lower is better) and where the words matched.

    ``matches`` are ``[start, end)`` offsets into ``article.text`` (the text as read), at most
    20; ``snippet`` is a short excerpt with matches in ``[...]``."""

    id: int
    article: Article
    rank: float
    snippet: str
    matches: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class StoreStats:
    path: str
    articles: int
    drops: int
    drops_by_code: dict[str, int]
    relations_by_kind: dict[str, int]
    outlets: int
    top_outlets: list[tuple[str, int]]
    first_published: str | None
    last_published: str | None
    undated: int
    sources_completed: int
    migrations: list[str]
    size_bytes: int
    lsh: dict[str, int] = field(default_factory=dict)


@dataclass
class _Lookahead:
    """What ``Store.add`` looks up for the articles of one batch, read at once
    (``Store.expect``) and kept current with what the batch adds since: the stored keys
    (-> id, name), the taken names and the newest article at each URL (-> id, name, outlet),
    and what was asked (an answer holds for those only)."""

    keys: dict[str, tuple[int, str]]
    names: set[str]
    urls: dict[str, tuple[int, str, str | None]]
    asked_keys: set[str]
    asked_names: set[str]
    asked_urls: set[str]

    def added(self, key: str, name: str, url: str | None, outlet: str | None, rowid: int) -> None:
        self.keys[key] = (rowid, name)
        self.names.add(name)
        if url:
            self.urls[url] = (rowid, name, outlet)


_IN_MAX = 512  # values an ``IN (...)`` list of ``Store.expect``'s statements, at most


def _in_lists(values: Sequence[str]) -> Iterator[list[str]]:
    """``values`` cut into lists for ``IN (...)``: at most ``_IN_MAX`` values each, padded to a
    power of two (at least 16) by repeating the last one, so that a few statement texts serve
    every batch (each prepared once, and cached)."""
    for i in range(0, len(values), _IN_MAX):
        part = list(values[i : i + _IN_MAX])
        size = max(16, 1 << (len(part) - 1).bit_length())
        yield part + part[-1:] * (size - len(part))


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _nothing(value: str) -> None:
    """No pending answer (no write-behind overlay)."""
    return None


_ARTICLE_COLUMNS = (
    "id, name, source, text, outlet, title, published, author, url, boilerplate, evidence, "
    "content_hash, ingested_at"
)


def _article(row: Sequence[Any]) -> StoredArticle:
    art = Article(
        row[1],
        row[2],
        row[3],
        outlet=row[4],
        title=row[5],
        published=row[6],
        author=row[7],
        url=row[8],
        boilerplate=boilerplate_from_json(row[9]),
        evidence=tuple((str(f), str(w)) for f, w in json.loads(row[10] or "[]")),
    )
    return StoredArticle(row[0], art, row[11], row[12])


class Store(StoryQueries):
    """A news store.  Use ``Store.open(path)``; close it (or use ``with``) when done.

    Story reads and the briefing cache (``stories``, ``story``, ``briefing`` ...) come from
    ``store.stories.StoryQueries``."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: str,
        readonly: bool,
        fingerprint_cache_mb: float = 256,
    ) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.fingerprint_cache_mb = fingerprint_cache_mb
        self._params: LshParams | None = None
        self._params_saved = False  # the LSH settings are known to be in the settings table
        self._index: NearDuplicateIndex | None = None
        self._fingerprinter: Fingerprinter | None = None
        self._in_batch = False
        self._unindexed: int | None = None  # the first article of this batch not in FTS yet
        self._behind: behind.WriteBehind | None = None  # inside ``write_behind()``
        self._ahead: _Lookahead | None = None  # ``expect``'s answers, for the current batch
        self.behind_stats: dict[str, float] = {}  # of the last ``write_behind()``: thread CPU s

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        check_same_thread: bool = True,
        cache_mb: int = 64,
        fingerprint_cache_mb: float = 256,
    ) -> Store:
        """Open (creating and migrating when writable) the store at ``path``
        (default ``$NEWSPRISM_DB`` or ``newsprism.db``).

        ``readonly=True`` opens without writing anything, for readers such as a web app; it
        fails with NP120 when the file does not exist and NP121 when migrations are pending.
        ``check_same_thread=False`` lets one connection serve several threads (the caller then
        serialises access).  ``cache_mb`` is SQLite's page cache; ``fingerprint_cache_mb``
        bounds the decoded fingerprints an ingest keeps in memory (``store.neardup``)."""
        where = str(path if path is not None else default_path())
        try:
            if readonly:
                if not Path(where).is_file():
                    raise NewsprismError(STORE_OPEN, f"{where}: no such file")
                conn = sqlite3.connect(
                    f"file:{quote(os.path.abspath(where))}?mode=ro",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=check_same_thread,
                )
            else:
                parent = Path(where).resolve().parent
                if not parent.is_dir():
                    raise NewsprismError(STORE_OPEN, f"{parent}: no such folder")
                conn = sqlite3.connect(
                    where, isolation_level=None, check_same_thread=check_same_thread
                )
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute(f"PRAGMA cache_size = {-1024 * cache_mb}")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA temp_store = MEMORY")
                migrations.migrate(conn)
            else:
                conn.execute("PRAGMA query_only = ON")
                migrations.check_current(conn)
        except sqlite3.DatabaseError as exc:
            raise NewsprismError(STORE_OPEN, f"{where}: {exc}") from exc
        return cls(conn, where, readonly, fingerprint_cache_mb)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def migrations(self) -> list[str]:
        return migrations.applied(self.conn)

    # ------------------------------------------------------------------ settings

    @property
    def lsh_params(self) -> LshParams:
        """The LSH settings of this store (saved at the first write, fixed afterwards)."""
        if self._params is None:
            row = self.conn.execute("SELECT value FROM settings WHERE key = 'lsh'").fetchone()
            if row is not None:
                self._params = LshParams.saved(json.loads(row[0]))
            else:  # a new store takes today's defaults; an old one without saved settings, its own
                self._params = LshParams.saved(None) if self.count() else LshParams()
        return self._params

    def set_lsh_params(self, params: LshParams) -> None:
        """Choose LSH settings; only before any article is stored (bands depend on them)."""
        if self.count():
            raise ValueError("LSH settings are fixed once a store holds articles")
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('lsh', ?)",
            (json.dumps(params.__dict__),),
        )
        self._params, self._index, self._fingerprinter = params, None, None

    def _save_params_at_first_write(self) -> None:
        """Save the LSH settings in use when the store takes its first article, so that the
        store keeps them when a later version changes the defaults (the bands and buckets
        already written depend on them).  A store that holds articles but no saved settings
        (written before they were saved) goes on reading the current defaults, but for the
        family tier, which came later (``LshParams.saved``)."""
        saved = self.conn.execute("SELECT 1 FROM settings WHERE key = 'lsh'").fetchone()
        if saved is None and not self.count():
            self._out.execute(
                "INSERT INTO settings (key, value) VALUES ('lsh', ?)",
                (json.dumps(self.lsh_params.__dict__),),
            )
        self._params_saved = True

    @property
    def _out(self) -> Any:
        """Where a write goes: the connection, or inside ``write_behind`` its batch."""
        return self._behind.recorder if self._behind is not None else self.conn

    @property
    def fingerprinter(self) -> Fingerprinter:
        if self._fingerprinter is None:
            self._fingerprinter = Fingerprinter(self.lsh_params)
        return self._fingerprinter

    @property
    def index(self) -> NearDuplicateIndex:
        if self._index is None:
            self._index = NearDuplicateIndex(self.conn, self.lsh_params, self.fingerprint_cache_mb)
            if self._behind is not None:
                behind.attach(self._index, self._behind)
            if self._in_batch:
                self._index.begin()
        return self._index

    # ------------------------------------------------------------------ writing

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One write transaction: everything added inside is committed together or not at all.

        The full-text index takes the transaction's new articles in one statement just before
        it commits (not a trigger per row), so a search inside an open batch does not see
        them yet."""
        if self._in_batch:
            yield
            return
        wb = self._behind  # inside ``write_behind``: recorded, then handed to its thread
        if wb is None:
            self.conn.execute("BEGIN IMMEDIATE")
        self._in_batch = True
        if self._index is not None:
            self._index.begin()
        try:
            yield
            if wb is None:
                self._index_new_articles()
            else:
                wb.submit(self._unindexed)  # its thread indexes, writes and commits it
        except BaseException:
            if wb is None:
                self.conn.execute("ROLLBACK")
            else:
                wb.discard()
            if self._index is not None:
                self._index.reset()  # its in-memory rows may hold the rolled back or lost ones
            raise
        else:
            if wb is None:
                self.conn.execute("COMMIT")
        finally:
            self._in_batch = False
            self._unindexed = None
            self._ahead = None
            if self._index is not None:
                self._index.end()

    @contextmanager
    def write_behind(self) -> Iterator[None]:
        """Inside this block, each outermost ``batch`` is recorded and handed to a thread
        that writes it as one transaction while the caller goes on (``store.behind``); the
        store holds every batch when the block ends.  ``store.ingest.ingest`` uses it; the
        rows are those a synchronous ingest writes.  Not for an in-memory store (it stays
        synchronous); ``Store.add`` outside the block is synchronous as ever."""
        file = self._file_in_wal()
        if self._behind is not None or self._in_batch or not file:
            yield
            return
        wb = behind.WriteBehind(self.conn, file)
        self._behind = wb
        if self._index is not None:
            behind.attach(self._index, wb)
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            self._behind = None
            if self._index is not None:
                behind.attach(self._index, None)
            try:
                wb.close(raise_failure=not failed)
            finally:
                self.behind_stats = {"thread_cpu": wb.thread_cpu, "waited": wb.waited}
                if (failed or wb.error is not None) and self._index is not None:
                    self._index.reset()  # it may hold rows of batches that were lost

    @contextmanager
    def synced(self) -> Iterator[None]:
        """Inside ``write_behind``: wait until every batch is committed, and write
        synchronously inside this block (e.g. a callback that writes the store itself)."""
        wb = self._behind
        if wb is None or self._in_batch:
            yield
            return
        wb.sync()
        self._behind = None
        if self._index is not None:
            behind.attach(self._index, None)
        try:
            yield
        finally:
            wb.next_id = int(self.conn.execute(behind.NEXT_ID_SQL).fetchone()[0])
            self._behind = wb
            if self._index is not None:
                behind.attach(self._index, wb)

    def _file_in_wal(self) -> str | None:
        """The store's file (absolute) when it is in WAL mode, so that another connection can
        write it while this one reads; None for an in-memory or read-only store."""
        if self.readonly:
            return None
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        files = [r[2] for r in self.conn.execute("PRAGMA database_list") if r[1] == "main"]
        return files[0] if str(mode).lower() == "wal" and files and files[0] else None

    def write(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Execute a single-row ``INSERT ... VALUES (...)`` in the current batch (what an
        ``ingest`` annotator writes: inside ``write_behind`` it is written with the batch)."""
        self._out.execute(sql, params)

    def _index_new_articles(self) -> None:
        if self._unindexed is not None:
            self.conn.execute(
                "INSERT INTO articles_fts (rowid, title, text) "
                "SELECT id, title, text FROM articles WHERE id >= ? ORDER BY id",
                (self._unindexed,),
            )
            self._unindexed = None

    def has_key(self, key: str) -> bool:
        if self._behind is not None and key in self._behind.keys:
            return True
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE key = ?", (key,)).fetchone() is not None
        )

    def _looked_up(
        self, values: Sequence[str], pending: Callable[[str], Any], select: str
    ) -> dict[str, Any]:
        """Each of ``values`` with its answer: from ``pending`` (the write-behind overlay: not
        committed yet; None when it holds nothing) first, else from ``select`` (a statement
        with ``{}`` for an ``IN`` list, whose rows are the value then its answer), run once a
        few hundred values.  Values with no answer are left out."""
        out: dict[str, Any] = {}
        rest = []
        for value in dict.fromkeys(values):
            got = pending(value)
            if got is None:
                rest.append(value)
            else:
                out[value] = got
        for part in _in_lists(rest):
            for value, *answer in self.conn.execute(select.format(_marks(len(part))), part):
                out[value] = tuple(answer)
        return out

    def stored_keys(self, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        """Those of ``keys`` that the store holds, with their article's id and name: ``has_key``
        of many keys in one statement a few hundred of them."""
        wb = self._behind
        return self._looked_up(
            keys,
            wb.keys.get if wb is not None else _nothing,
            "SELECT key, id, name FROM articles WHERE key IN ({})",
        )

    def _taken_names(self, names: Sequence[str]) -> set[str]:
        """Those of ``names`` that a stored article has."""
        wb = self._behind
        return set(
            self._looked_up(
                names,
                (lambda n: () if n in wb.names else None) if wb is not None else _nothing,
                "SELECT name FROM articles WHERE name IN ({})",
            )
        )

    def _newest_at(self, urls: Sequence[str]) -> dict[str, tuple[int, str, str | None]]:
        """The newest stored article (id, name, outlet) at each of ``urls`` that has one."""
        wb = self._behind
        return self._looked_up(
            urls,
            wb.urls.get if wb is not None else _nothing,  # the newest
            # SQLite takes the bare columns from the row of max(id)
            "SELECT url, max(id), name, outlet FROM articles WHERE url IN ({}) GROUP BY url",
        )

    def expect(self, articles: Sequence[tuple[str, Article]]) -> None:
        """Inside a batch, before ``add`` stores these ``(key, article)`` pairs (``add``'s
        arguments): read what ``add`` looks up for each (whether its key is stored, whether
        its name is taken, the newest article at its URL) in a few statements for all of
        them, instead of one to three statements an article.  The answers hold until the
        batch ends (``add`` keeps them current with what it stores: nothing else writes
        articles during a batch); ``add`` reads the store as before for anything else.
        Outside a batch this does nothing."""
        if not self._in_batch or not articles:
            return
        keys = list(dict.fromkeys(k for k, _ in articles))
        names = list(dict.fromkeys(a.id for _, a in articles))
        urls = list(dict.fromkeys(a.url for _, a in articles if a.url))
        self._ahead = _Lookahead(
            self.stored_keys(keys),
            self._taken_names(names),
            self._newest_at(urls),
            set(keys),
            set(names),
            set(urls),
        )

    def add(
        self,
        article: Article,
        *,
        key: str | None = None,
        fingerprint: Fingerprint | None = None,
        ingested_at: str | None = None,
    ) -> Added:
        """Store a (prepared) article unless the same article is stored already.

        ``key`` is ``identity_key`` of the article as read (before metadata extraction); by
        default it is computed from ``article``.  The article's name is its id, made unique in
        the store with a hash suffix when another article has it.  Relations to stored articles
        are found and stored at once (see ``store.neardup``); an earlier article at the same URL
        with another text is linked as ``version``."""
        with self.batch():
            key = key or identity_key(article)
            wb = self._behind  # write-behind: what is not committed yet is in its overlay
            ahead = self._ahead  # read for the whole batch by ``expect``
            if ahead is not None and key in ahead.asked_keys:
                row = ahead.keys.get(key)
            else:
                row = wb.keys.get(key) if wb is not None else None
                if row is None:
                    row = self.conn.execute(
                        "SELECT id, name FROM articles WHERE key = ?", (key,)
                    ).fetchone()
            if row is not None:
                return Added(row[0], row[1], "same")
            if not self._params_saved:
                self._save_params_at_first_write()
            name = article.id
            if ahead is not None and name in ahead.asked_names:
                taken = name in ahead.names
            else:
                taken = (wb is not None and name in wb.names) or self.conn.execute(
                    "SELECT 1 FROM articles WHERE name = ?", (name,)
                ).fetchone() is not None
            if taken:
                name = f"{name}-{key[:10]}"
            digest = content_hash(article.text)
            earlier = None
            if article.url and ahead is not None and article.url in ahead.asked_urls:
                earlier = ahead.urls.get(article.url)
            elif article.url:
                earlier = wb.urls.get(article.url) if wb is not None else None  # the newest
                if earlier is None:
                    earlier = self.conn.execute(
                        "SELECT id, name, outlet FROM articles WHERE url = ? "
                        "ORDER BY id DESC LIMIT 1",
                        (article.url,),
                    ).fetchone()
            values = (
                name,
                key,
                digest,
                article.url,
                article.outlet,
                article.title,
                article.author,
                article.published,
                article.text,
                boilerplate_to_json(article.boilerplate),
                json.dumps([list(e) for e in article.evidence], ensure_ascii=False),
                article.source,
                ingested_at or migrations.now(),
            )
            if wb is not None:
                rowid = wb.add_article(key, name, article.url, article.outlet, values)
            else:
                cur = self.conn.execute(
                    "INSERT INTO articles (name, key, content_hash, url, outlet, title, author, "
                    "published, text, boilerplate, evidence, source, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values,
                )
                rowid = int(cur.lastrowid or 0)
            if ahead is not None:
                ahead.added(key, name, article.url, article.outlet, rowid)
            if self._unindexed is None:
                self._unindexed = rowid
            stored = article if name == article.id else _renamed(article, name)
            fp = fingerprint if fingerprint is not None else self.fingerprinter(stored)
            found = dict(self.index.relate(rowid, stored, fp))
            status: Status = "new"
            if earlier is not None:
                status = "version"
                old = found.get(earlier[0])
                score = old.score if old is not None and old.kind != "shares_passages" else 0.0
                found[earlier[0]] = Relation(earlier[1], name, "version", score)
            items = sorted(found.items())
            self._out.executemany(
                "INSERT OR REPLACE INTO relations (a, b, kind, score) VALUES (?, ?, ?, ?)",
                [(a, rowid, r.kind, r.score) for a, r in items],
            )
            copies = [(r.score, a) for a, r in items if r.kind != "shares_passages"]
            self.index.link(rowid, [a for _, a in copies], best_copy(copies))
            return Added(rowid, name, status, tuple(r for _, r in items))

    def add_drop(self, drop: Drop, when: str | None = None) -> bool:
        """Record a dropped input (once: the same source, code and reason are kept once)."""
        wb = self._behind
        if wb is not None:
            key = (drop.source, drop.code, drop.reason)
            if (
                key in wb.drops
                or self.conn.execute(
                    "SELECT 1 FROM drops WHERE source = ? AND code = ? AND reason = ?", key
                ).fetchone()
            ):
                return False
            wb.add_drop(key)
            wb.recorder.execute(
                "INSERT OR IGNORE INTO drops (source, code, reason, dropped_at) "
                "VALUES (?, ?, ?, ?)",
                (*key, when or migrations.now()),
            )
            return True
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO drops (source, code, reason, dropped_at) VALUES (?, ?, ?, ?)",
            (drop.source, drop.code, drop.reason, when or migrations.now()),
        )
        return cur.rowcount > 0

    def source_done(self, path: str, size: int, mtime_ns: int) -> bool:
        """True when this file, unchanged, was read to the end by an earlier ingest."""
        if self._behind is not None and path in self._behind.sources:
            return self._behind.sources[path][:2] == (size, mtime_ns)
        row = self.conn.execute(
            "SELECT size, mtime_ns FROM sources WHERE path = ?", (path,)
        ).fetchone()
        return row is not None and tuple(row) == (size, mtime_ns)

    def mark_source_done(
        self, path: str, size: int, mtime_ns: int, articles: int, drops: int
    ) -> None:
        if self._behind is not None:
            self._behind.add_source(path, size, mtime_ns)
        self._out.execute(
            "INSERT OR REPLACE INTO sources (path, size, mtime_ns, completed_at, articles, drops) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (path, size, mtime_ns, migrations.now(), articles, drops),
        )

    # ------------------------------------------------------------------ reading

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def last_id(self) -> int:
        """The id of the newest article (0 when empty): pass it later as ``since``."""
        row = self.conn.execute("SELECT max(id) FROM articles").fetchone()
        return int(row[0] or 0)

    def get(self, name: str) -> Article | None:
        """The article named ``name`` (its ``Article.id``), or None."""
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE name = ?", (name,)
        ).fetchone()
        return _article(row).article if row else None

    def get_stored(self, id_or_name: int | str) -> StoredArticle | None:
        column = "id" if isinstance(id_or_name, int) else "name"
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {column} = ?", (id_or_name,)
        ).fetchone()
        return _article(row) if row else None

    def articles(
        self,
        *,
        order: Literal["published", "ingested"] = "ingested",
        since: int | None = None,
        limit: int | None = None,
        outlet: str | None = None,
    ) -> Iterator[StoredArticle]:
        """Stored articles, streamed (never all in memory).

        ``order="ingested"``: in ingest order (``id``).  ``order="published"``: by publication
        date, then ingest order; undated articles come last.  ``since=ID`` keeps articles with
        ``id > ID`` only: new articles since ``last_id()`` was read."""
        where: list[str] = []
        params: list[Any] = []
        if since is not None:
            where.append("id > ?")
            params.append(since)
        if outlet is not None:
            where.append("outlet = ?")
            params.append(outlet)
        cond = " AND ".join(where)
        lim = f" LIMIT {int(limit)}" if limit is not None else ""
        if order == "ingested":
            sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
            sql += f" WHERE {cond}" if cond else ""
            yield from self._stream(sql + " ORDER BY id" + lim, params)
            return
        if order != "published":
            raise ValueError(f"unknown order {order!r}: published or ingested")
        dated = " AND ".join(["published IS NOT NULL", *where])
        undated = " AND ".join(["published IS NULL", *where])
        n = 0
        for sql in (
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {dated} ORDER BY published, id",
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {undated} ORDER BY id",
        ):
            for item in self._stream(sql, params):
                if limit is not None and n >= limit:
                    return
                n += 1
                yield item

    def _stream(self, sql: str, params: Sequence[Any], size: int = 500) -> Iterator[StoredArticle]:
        cur = self.conn.execute(sql, list(params))
        while True:
            rows = cur.fetchmany(size)
            if not rows:
                return
            for row in rows:
                yield _article(row)

    def relations(
        self, article: str | None = None, kinds: Sequence[str] | None = None
    ) -> Iterator[Relation]:
        """Relations (``a`` is the older article), all or those of one article (by name)."""
        where: list[str] = []
        params: list[Any] = []
        if article is not None:
            row = self.conn.execute("SELECT id FROM articles WHERE name = ?", (article,)).fetchone()
            if row is None:
                return
            where.append("(r.a = ? OR r.b = ?)")
            params += [row[0], row[0]]
        if kinds:
            where.append(f"r.kind IN ({','.join('?' * len(kinds))})")
            params += list(kinds)
        sql = (
            "SELECT x.name, y.name, r.kind, r.score FROM relations r "
            "JOIN articles x ON x.id = r.a JOIN articles y ON y.id = r.b"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        for a, b, kind, score in self.conn.execute(sql + " ORDER BY r.a, r.b", params):
            yield Relation(a, b, kind, score)

    def drops(self, code: str | None = None) -> Iterator[Drop]:
        sql = "SELECT source, reason, code FROM drops"
        rows = self.conn.execute(
            sql + (" WHERE code = ? ORDER BY id" if code else " ORDER BY id"),
            (code,) if code else (),
        )
        for source, reason, c in rows:
            yield Drop(source, reason, c)

    # ------------------------------------------------------------------ search

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over titles and texts (SQLite FTS5, Porter stemming), best first.

        Words are all required; ``"a phrase"``, ``OR``, ``NOT``, ``prefix*`` work as in FTS5.
        A query FTS5 cannot parse is retried with each word quoted; NP122 if that fails too."""
        return self.search_page(query, limit=limit, offset=offset)[0]

    def search_page(
        self, query: str, *, limit: int = 20, offset: int = 0
    ) -> tuple[list[SearchHit], int]:
        """``search`` and the number of matching articles, from one pass over the matches.

        The matches are ranked once (``bm25``) and counted in the same query; excerpts and match
        offsets (``snippet``, ``highlight``) are made for the page's hits only."""
        if not query.strip():
            raise InputError(BAD_QUERY, "the query is empty")
        try:
            return self._search(query, limit, offset)
        except sqlite3.OperationalError as exc:
            quoted = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            try:
                return self._search(quoted, limit, offset)
            except sqlite3.OperationalError:
                raise InputError(BAD_QUERY, f"{query!r}: {exc}") from exc

    def _search(self, query: str, limit: int, offset: int) -> tuple[list[SearchHit], int]:
        top = self.conn.execute(
            "WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(articles_fts) AS r "
            "FROM articles_fts WHERE articles_fts MATCH ?) "
            "SELECT id, r, count(*) OVER () FROM m ORDER BY r, id LIMIT ? OFFSET ?",
            (query, limit, offset),
        ).fetchall()
        if not top:
            return [], self.search_count(query) if offset else 0
        ids = [row[0] for row in top]
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT {', '.join('a.' + c.strip() for c in _ARTICLE_COLUMNS.split(','))}, "
            "snippet(articles_fts, 1, '[', ']', '…', 16), "
            "highlight(articles_fts, 1, char(57344), char(57345)) "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})",
            (query, *ids),
        ).fetchall()
        by_id = {row[0]: row for row in rows}
        hits = []
        for rowid, rank, _ in top:
            row = by_id.get(rowid)
            if row is None:  # written between the two reads: not possible in one snapshot
                continue
            stored = _article(row)
            hits.append(
                SearchHit(stored.id, stored.article, float(rank), row[13], _marked_spans(row[14]))
            )
        return hits, int(top[0][2])

    def search_count(self, query: str) -> int:
        try:
            return int(
                self.conn.execute(
                    "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,)
                ).fetchone()[0]
            )
        except sqlite3.OperationalError as exc:
            raise InputError(BAD_QUERY, f"{query!r}: {exc}") from exc

    # ------------------------------------------------------------------ stats

    def stats(self, top: int = 10) -> StoreStats:
        one = self.conn.execute
        by_code = dict(one("SELECT code, count(*) FROM drops GROUP BY code ORDER BY code"))
        by_kind = dict(one("SELECT kind, count(*) FROM relations GROUP BY kind ORDER BY kind"))
        outlets = one(
            "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY n DESC, outlet LIMIT ?",
            (top,),
        ).fetchall()
        n_outlets = one("SELECT count(DISTINCT outlet) FROM articles").fetchone()[0]
        first, last = one("SELECT min(published), max(published) FROM articles").fetchone()
        undated = one("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()[0]
        sources = one("SELECT count(*) FROM sources").fetchone()[0]
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        lsh = {
            "buckets": one("SELECT count(*) FROM lsh_bands").fetchone()[0],
            "containment_keys": one("SELECT count(*) FROM containment").fetchone()[0],
            **{k: v for k, v in self.lsh_params.__dict__.items() if isinstance(v, int)},
        }
        return StoreStats(
            path=self.path,
            articles=self.count(),
            drops=sum(by_code.values()),
            drops_by_code=by_code,
            relations_by_kind=by_kind,
            outlets=int(n_outlets),
            top_outlets=[(o, int(n)) for o, n in outlets],
            first_published=first,
            last_published=last,
            undated=int(undated),
            sources_completed=int(sources),
            migrations=self.migrations,
            size_bytes=size,
            lsh=lsh,
        )


def _renamed(article: Article, name: str) -> Article:
    from dataclasses import replace

    return replace(article, id=name)


def _marked_spans(marked: str | None, most: int = 20) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` of the text between U+E000 and U+E001 marks, in unmarked offsets."""
    if not marked:
        return ()
    spans: list[tuple[int, int]] = []
    shift = 0
    at = marked.find("\ue000")
    while at >= 0 and len(spans) < most:
        close = marked.find("\ue001", at + 1)
        if close < 0:
            break
        again = marked.find("\ue000", at + 1, close)
        if again >= 0:  # an opening mark in the text itself: the later one opens the span
            shift += 1
            at = again
            continue
        spans.append((at - shift, close - shift - 1))
        shift += 2
        at = marked.find("\ue000", close + 1)
    return tuple(spans)
