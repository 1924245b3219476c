"""Write-behind: an ingest's SQLite writes run on a thread, beside the next batch's work.

An ingest's writing process relates each new article to the stored ones (Python and numpy)
and writes its rows (SQLite).  ``Store.write_behind()`` (turned on by ``store.ingest.ingest``
only) splits the two: inside it, a batch's INSERTs are *recorded* (``Recorder``) instead of
executed, and at the end of the batch they are handed to one thread that owns a connection of
its own and runs them as one transaction: ``BEGIN IMMEDIATE``, the rows of each table in the
order they were recorded as a few multi-row statements, the full-text index, ``COMMIT``.
CPython's ``sqlite3`` lets go of the GIL while SQLite executes a statement, so the thread
writes batch ``k`` on the second core while the main thread relates batch ``k + 1``.  At most
``depth`` batches are handed off and not yet committed; the main thread waits beyond that.

The main thread reads through the store's own connection (WAL: committed data only, never
blocked by the thread) and, for what is not committed yet, the overlay kept here: the keys,
names and URLs of the articles of the current batch and of those handed off (``Store.add``,
``has_key``), the sources and drops they record, and the fingerprints of their articles
(``NearDuplicateIndex.load``).  An entry leaves the overlay once its batch is committed, so a
lookup answers the same whether or not the thread has committed yet.  Article ids are given by
the main thread (SQLite's ``AUTOINCREMENT`` rule: one past the largest id ever used), so every
row is the one a synchronous ingest writes; the thread checks at each ``BEGIN`` that the store's
next id is the batch's first (another process writing to the store meanwhile stops the ingest
with NP127: run it again).

A failure in the thread (a full disk, a constraint) rolls its batch back, drops the batches
handed off after it, and is raised in the main thread at its next hand-off, wait or at the end;
the store then holds whole committed batches only, as after a rolled back ``Store.batch``, and a
rerun resumes from there.  A ``kill -9`` leaves whole batches too: each is one transaction.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsprism.errors import STORE_CHANGED, NewsprismError

if TYPE_CHECKING:
    from newsprism.store.neardup import NearDuplicateIndex

DEPTH = 2  # batches handed off and not committed yet, at most
MAX_ROWS = 4096  # rows a statement, at most (and SQLite's limit on bound values)
# the thread's commits checkpoint the WAL once it holds this many pages (SQLite's default:
# 1,000, less than one batch writes, so every commit was checkpointed): a page that several
# batches in a row write is copied back to the store once
CHECKPOINT_PAGES = 10_000

_INSERT = re.compile(
    r"\s*(INSERT(?: OR (?:REPLACE|IGNORE))? INTO (\w+) \([^()]*\)) VALUES (\([^()]*\))\s*",
    re.IGNORECASE,
)
NEXT_ID_SQL = (
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0), "
    "coalesce((SELECT max(id) FROM articles), 0)) + 1"
)
FTS_SQL = (
    "INSERT INTO articles_fts (rowid, title, text) "
    "SELECT id, title, text FROM articles WHERE id >= ? ORDER BY id"
)


@dataclass(frozen=True)
class Insert:
    """A single-row ``INSERT [OR REPLACE|IGNORE] INTO table (columns) VALUES (...)``: what a
    write-behind batch records, and its multi-row form."""

    table: str
    head: str
    row: str  # "(?, ?, ...)": a row's values
    width: int  # the values bound a row

    def sql(self, rows: int) -> str:
        return _multi_row(self.head, self.row, rows)


@functools.cache
def insert_of(sql: str) -> Insert:
    """The ``Insert`` a statement text makes (ValueError for anything else)."""
    m = _INSERT.fullmatch(sql)
    if m is None:
        raise ValueError(f"write-behind records single-row INSERT ... VALUES (...) only: {sql!r}")
    return Insert(m.group(2).lower(), m.group(1), m.group(3), m.group(3).count("?"))


@functools.cache  # a few texts a table (``chunks``)
def _multi_row(head: str, row: str, rows: int) -> str:
    return f"{head} VALUES {', '.join([row] * rows)}"


@functools.cache
def key_insert(table: str, column: str) -> Insert:
    """The ``INSERT OR IGNORE`` of a row ``(article, column)`` into a key table (``lsh_bands``,
    ``containment``)."""
    return insert_of(f"INSERT OR IGNORE INTO {table} (article, {column}) VALUES (?, ?)")


def key_values(article: int, keys: list[int]) -> list[int]:
    """The values of ``key_insert``'s rows for ``keys`` of one article, flattened."""
    pairs: list[int] = [article, 0] * len(keys)
    pairs[1::2] = keys
    return pairs


def insert_rows(conn: sqlite3.Connection, spec: Insert, values: Sequence[Any]) -> None:
    """``spec``'s rows (``values``: ``spec.width`` a row, flattened, in order) as a few
    multi-row statements (``chunks``): the one way a batch's rows are written, by the
    write-behind thread and by a synchronous ``Store.add`` alike."""
    most = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // spec.width
    start = 0
    for rows in chunks(len(values) // spec.width, most):
        end = start + rows * spec.width
        conn.execute(spec.sql(rows), values[start:end])
        start = end


class Recorder:
    """Stands in for a connection's writes inside a write-behind batch: ``execute`` and
    ``executemany`` of single-row INSERTs append their values, in order, to the table's run of
    that statement (``take`` hands them over)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[Insert, list[Any]]]] = {}

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._values(sql).extend(params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        values = self._values(sql)
        for row in rows:
            values.extend(row)

    def keys(self, table: str, column: str, article: int, keys: list[int]) -> None:
        """``INSERT OR IGNORE`` rows ``(article, key)`` of ``keys`` (bands, containment keys)."""
        self._run(key_insert(table, column)).extend(key_values(article, keys))

    def _values(self, sql: str) -> list[Any]:
        return self._run(insert_of(sql))

    def _run(self, spec: Insert) -> list[Any]:
        runs = self.tables.setdefault(spec.table, [])
        if not runs or runs[-1][0] is not spec:  # a table's rows stay in the order recorded
            runs.append((spec, []))
        return runs[-1][1]

    def holds(self, tables: Iterable[str]) -> bool:
        return any(self.tables.get(t) for t in tables)

    def take(self) -> list[tuple[Insert, list[Any]]]:
        """The recorded runs (tables in the order first written, each table's runs in order),
        and a clean slate."""
        out = [run for runs in self.tables.values() for run in runs if run[1]]
        self.tables = {}
        return out


@dataclass
class _Job:
    number: int
    runs: list[tuple[Insert, list[Any]]]
    first_id: int | None  # the batch's first article id (None: it stores no article)
    last_id: int
    fts_from: int | None


@dataclass
class _Batch:
    """What the overlay holds for one batch, to drop once it is committed."""

    number: int
    keys: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    drops: list[tuple[str, str, str]] = field(default_factory=list)
    first_id: int | None = None
    last_id: int = 0


class WriteBehind:
    """The thread and the overlay of one ``Store.write_behind()`` (see the module's text)."""

    def __init__(self, conn: sqlite3.Connection, path: str, depth: int = DEPTH) -> None:
        self.conn = conn  # the store's connection: the main thread's reads
        self.path = path
        self.depth = depth
        self.recorder = Recorder()
        # the overlay: what the current batch and those handed off hold
        self.keys: dict[str, tuple[int, str]] = {}
        self.names: dict[str, int] = {}
        self.urls: dict[str, tuple[int, str, str | None]] = {}
        self.sources: dict[str, tuple[int, int, int]] = {}  # path -> size, mtime_ns, batch
        self.drops: dict[tuple[str, str, str], int] = {}  # -> batch
        self.unstored: dict[int, tuple[Any, ...]] = {}  # fingerprint rows, as ``load`` reads
        self.next_id = int(conn.execute(NEXT_ID_SQL).fetchone()[0])
        self.current = _Batch(0)
        self.handed: deque[_Batch] = deque()  # handed off, not known to be committed
        self.broken = False  # a batch was given up: no more batches
        # shared with the thread (under ``cond``)
        self.cond = threading.Condition()
        self.jobs: deque[_Job] = deque()
        self.committed = 0  # batches committed (in order)
        self.error: BaseException | None = None
        self.stopping = False
        self.thread_cpu = 0.0  # CPU seconds of the thread
        self.waited = 0.0  # seconds the main thread waited for it
        self._cache_kib = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        self.thread = threading.Thread(target=self._run, name="newsprism-write-behind")
        self.thread.daemon = True  # a process that dies mid-batch loses it, as a kill does
        self.thread.start()

    # ------------------------------------------------------------------ main thread: batches

    def add_article(
        self, key: str, name: str, url: str | None, outlet: str | None, values: Sequence[Any]
    ) -> int:
        """Record an article row (``values``: the columns after ``id`` of ``ARTICLE_SQL``);
        returns its id."""
        rowid = self.next_id
        self.next_id += 1
        self.recorder.execute(ARTICLE_SQL, (rowid, *values))
        b = self.current
        if b.first_id is None:
            b.first_id = rowid
        b.last_id = rowid
        self.keys[key] = (rowid, name)
        b.keys.append(key)
        self.names[name] = rowid
        b.names.append(name)
        if url:
            self.urls[url] = (rowid, name, outlet)
            b.urls.append(url)
        return rowid

    def add_source(self, path: str, size: int, mtime_ns: int) -> None:
        self.sources[path] = (size, mtime_ns, self.current.number)
        self.current.sources.append(path)

    def add_drop(self, key: tuple[str, str, str]) -> None:
        self.drops[key] = self.current.number
        self.current.drops.append(key)

    def submit(self, fts_from: int | None) -> None:
        """Hand the current batch to the thread (waiting while ``depth`` are in flight)."""
        if self.broken:
            raise RuntimeError("a write-behind batch after a failed one")
        b = self.current
        job = _Job(b.number, self.recorder.take(), b.first_id, b.last_id, fts_from)
        with self.cond:
            self._wait(lambda: len(self.jobs) < self.depth)
            self.jobs.append(job)
            self.cond.notify_all()
        self.handed.append(b)
        self.current = _Batch(b.number + 1)
        self._prune()

    def discard(self) -> None:
        """The current batch failed in the main thread: nothing of it is written, and no batch
        may follow (its ids were given)."""
        self.recorder.take()
        self.broken = True

    def sync(self) -> None:
        """Wait until every batch handed off is committed (raises the thread's failure)."""
        with self.cond:
            self._wait(lambda: not self.jobs)
        self._prune()

    def before_load(self, tables: Sequence[str]) -> None:
        """The near-duplicate index is about to read ``tables`` whole: wait for the batches in
        flight; rows the current batch recorded there would be missed (NP127)."""
        self.sync()
        if self.recorder.holds(tables):
            raise NewsprismError(
                STORE_CHANGED,
                f"the near-duplicate index was read again in the middle of a batch "
                f"({', '.join(tables)})",
            )

    def close(self, raise_failure: bool = True) -> None:
        """Let the thread write what was handed off, stop it, and raise its failure if any."""
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        self.thread.join()
        if raise_failure:
            self._raise()

    def _wait(self, ready: Callable[[], bool]) -> None:
        """Under ``cond``: wait for ``ready`` or a failure of the thread (raised)."""
        started = time.perf_counter()
        while not ready() and self.error is None:
            self.cond.wait()
        self.waited += time.perf_counter() - started
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            self.broken = True
            raise self.error

    def _prune(self) -> None:
        """Drop the committed batches' entries from the overlay (the store holds them now)."""
        done = self.committed
        while self.handed and self.handed[0].number < done:
            b = self.handed.popleft()
            for key in b.keys:
                self.keys.pop(key, None)
            for name in b.names:
                self.names.pop(name, None)
            for url in b.urls:
                got = self.urls.get(url)
                if got is not None and got[0] <= b.last_id:
                    del self.urls[url]
            for path in b.sources:
                if self.sources.get(path, (0, 0, -1))[2] == b.number:
                    del self.sources[path]
            for drop in b.drops:
                if self.drops.get(drop) == b.number:
                    del self.drops[drop]
            if b.first_id is not None:
                for i in range(b.first_id, b.last_id + 1):
                    self.unstored.pop(i, None)

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        started = time.thread_time()
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, cached_statements=256
            )
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute(f"PRAGMA cache_size = {self._cache_kib}")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        except BaseException as exc:  # noqa: BLE001 - raised in the main thread
            with self.cond:
                self.error = exc
                self.cond.notify_all()
            if conn is not None:
                conn.close()
            return
        try:
            while True:
                with self.cond:
                    while not self.jobs and not self.stopping:
                        self.cond.wait()
                    if not self.jobs:
                        break
                    job = self.jobs[0]
                try:
                    _write(conn, job)
                except BaseException as exc:  # noqa: BLE001 - raised in the main thread
                    with self.cond:
                        self.error = exc
                        self.jobs.clear()  # those after it are lost with it
                        self.cond.notify_all()
                    continue
                with self.cond:
                    self.jobs.popleft()
                    self.committed = job.number + 1
                    self.cond.notify_all()
                del job  # its rows are not kept while the thread waits for the next
        finally:
            conn.close()
            self.thread_cpu = time.thread_time() - started


ARTICLE_SQL = (
    "INSERT INTO articles (id, name, key, content_hash, url, outlet, title, author, "
    "published, text, boilerplate, evidence, source, ingested_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _write(conn: sqlite3.Connection, job: _Job) -> None:
    """One batch, one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if job.first_id is not None:
            want = int(conn.execute(NEXT_ID_SQL).fetchone()[0])
            if want != job.first_id:
                raise NewsprismError(
                    STORE_CHANGED,
                    f"the store's next article id is {want}, not {job.first_id}: another "
                    "process wrote to it during this ingest",
                )
        for spec, values in job.runs:
            insert_rows(conn, spec, values)
        if job.fts_from is not None:
            conn.execute(FTS_SQL, (job.fts_from,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def chunks(n: int, most: int) -> list[int]:
    """Rows a statement for ``n`` rows: ``MAX_ROWS`` (at most ``most``) while they last, then
    the rest as powers of two, so that a table's statements are a few texts whatever the
    batch (each prepared once, and cached)."""
    top = 1 << (max(1, min(MAX_ROWS, most)).bit_length() - 1)
    out = [top] * (n // top)
    rest = n % top
    while rest:
        part = 1 << (rest.bit_length() - 1)
        out.append(part)
        rest -= part
    return out


def attach(index: NearDuplicateIndex, behind: WriteBehind | None) -> None:
    """Point an index's writes, fingerprint reads and whole reads at a write-behind (or, with
    None, back at its connection)."""
    if behind is None:
        index.set_out(index.conn, None, None)
    else:
        index.set_out(behind.recorder, behind.unstored, behind.before_load)
