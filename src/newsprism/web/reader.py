"""The web app's read layer: one read-only store connection per worker thread, and the checks
on everything a request may ask for (ids, cited spans, page sizes, query lengths).

FastAPI runs plain ``def`` routes in a pool of threads; SQLite connections are not shared
between threads, so each thread opens its own read-only connection (``mode=ro`` and
``PRAGMA query_only``) the first time it needs one.  WAL lets an ingest write while the app reads.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from newsprism.render.json_out import article_to_dict
from newsprism.store import Store, StoredArticle

MAX_QUERY = 200  # characters of a search query
MAX_REF = 300  # characters of an article or story reference
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000  # deeper pages: narrow the search instead
_SPAN = re.compile(r"(\d{1,9})-(\d{1,9})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadRequest(ValueError):
    """What the request asks for is malformed (answered with 400 and the reason)."""


class NotFound(LookupError):
    """What the request names does not exist (answered with 404)."""


def check_ref(ref: str) -> str:
    """An article name or id as given in a URL: bounded, without control characters."""
    if not ref or len(ref) > MAX_REF or _CONTROL.search(ref):
        raise BadRequest(f"not an article id: at most {MAX_REF} printable characters")
    return ref


def check_query(q: str) -> str:
    q = q.strip()
    if len(q) > MAX_QUERY:
        raise BadRequest(f"the query is longer than {MAX_QUERY} characters")
    if _CONTROL.search(q):
        raise BadRequest("the query holds control characters")
    return q


def parse_span(value: str | None, text: str) -> tuple[int, int] | None:
    """``START-END`` (character offsets) as a span of ``text``; None when not given."""
    if value is None or value == "":
        return None
    m = _SPAN.fullmatch(value)
    if not m:
        raise BadRequest("a cited span is START-END, two character offsets")
    start, end = int(m.group(1)), int(m.group(2))
    if not 0 <= start < end <= len(text):
        raise BadRequest(f"the span {start}-{end} is outside the article (0-{len(text)})")
    return start, end


@dataclass(frozen=True)
class Page:
    """A page of a listing: ``number`` counts from 1."""

    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @classmethod
    def of(cls, number: int, size: int = PAGE_SIZE) -> Page:
        if number < 1:
            raise BadRequest("page numbers start at 1")
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise BadRequest(f"a page holds 1 to {MAX_PAGE_SIZE} items")
        if (number - 1) * size > MAX_OFFSET:
            raise BadRequest(f"pages go {MAX_OFFSET} items deep; narrow the search or filters")
        return cls(number, size)


T = TypeVar("T")
RESULT_CACHE = 256  # search and listing results kept (a page of hits each)


class Reader:
    """Read access to one store for the app's threads, and a cache of query results that lasts
    while the store's files are unchanged."""

    def __init__(self, db_path: str, cache_size: int = RESULT_CACHE) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._results: OrderedDict[Hashable, tuple[tuple[int, ...], Any]] = OrderedDict()
        self._results_lock = threading.Lock()
        self._cache_size = cache_size

    def version(self) -> tuple[int, ...]:
        """Changes whenever a write to the store is committed (the database file and its WAL's
        size and modification time; a writer appends to the WAL, a checkpoint writes the file)."""
        out: list[int] = []
        for path in (self.db_path, self.db_path + "-wal"):
            try:
                st = os.stat(path)
            except FileNotFoundError:
                out += [0, 0]
            else:
                out += [st.st_mtime_ns, st.st_size]
        return tuple(out)

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or its result for ``key`` from earlier while the store is unchanged."""
        version = self.version()
        with self._results_lock:
            got = self._results.get(key)
            if got is not None and got[0] == version:
                self._results.move_to_end(key)
                return got[1]
        value = compute()
        if self.version() == version:  # nothing was committed meanwhile
            with self._results_lock:
                self._results[key] = (version, value)
                self._results.move_to_end(key)
                while len(self._results) > self._cache_size:
                    self._results.popitem(last=False)
        return value

    def store(self) -> Store:
        s: Store | None = getattr(self._local, "store", None)
        if s is None:
            s = Store.open(self.db_path, readonly=True)
            self._local.store = s
            with self._lock:
                self._all.append(s)
        return s

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                with contextlib.suppress(Exception):  # a connection of a finished thread
                    s.close()
            self._all.clear()

    def article(self, ref: str) -> StoredArticle:
        """The article named ``ref`` (its ``Article.id``), else the one with row id ``ref``."""
        check_ref(ref)
        s = self.store()
        found = s.get_stored(ref)
        if found is None and ref.isdigit() and len(ref) < 19:
            found = s.get_stored(int(ref))
        if found is None:
            raise NotFound(f"no article {ref!r} in this store")
        return found


def article_record(stored: StoredArticle) -> dict[str, Any]:
    """An article as ``briefing.json`` has it, with the store's row id and ingest time."""
    return {
        **article_to_dict(stored.article),
        "row": stored.id,
        "content_hash": stored.content_hash,
        "ingested_at": stored.ingested_at,
    }
