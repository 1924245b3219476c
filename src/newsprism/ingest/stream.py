"""Streamed reading: every input ``brief`` reads, plus WARC/ARC archives and RSS/Atom feeds, as one
stream of ``Article``, ``Drop`` and ``Notice`` items (and ``SourceDone`` markers), never all in
memory.

This is ``readers``' reader (same formats, ids, sources, checks and coded drops), driven one file
at a time, one JSONL line at a time and one archive record at a time:

- ``.jsonl`` files are read line by line whatever their size (``max_bytes`` caps each line);
- ``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz`` go through ``ingest.warc``;
- ``.rss``, ``.atom``, ``.rdf`` and ``.xml`` files that hold a feed go through ``ingest.feeds``;
- everything else is read by ``readers`` as ``brief`` reads it.

Pages fetched from the web (``iter_urls``) go through the same HTML path.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from newsprism.errors import EMPTY, FETCH_FAILED, MISSING, TOO_LARGE, Code
from newsprism.ingest import readers
from newsprism.model import Article, Drop, Notice

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".rdf", ".xml")


@dataclass(frozen=True)
class SourceDone:
    """A file read to its end (for completion markers): its resolved path, size and mtime;
    ``skipped`` when it was not read at all because an earlier run had read it to its end (its
    marker is already stored, with that run's counts)."""

    path: str
    size: int
    mtime_ns: int
    skipped: bool = False


Item = Article | Drop | Notice | SourceDone
SkipFn = Callable[[str, int, int], bool]  # (resolved path, size, mtime_ns) -> already done?


@dataclass(frozen=True)
class Hint:
    """What a container knows of a page that the page may not say: its URL and a date."""

    url: str | None = None
    url_where: str = ""
    published: str | None = None
    published_where: str = ""
    outlet: str | None = None
    outlet_where: str = ""


class StreamReader(readers._Reader):
    """``readers``' reader whose articles, drops and notices are handed out as they come."""

    def __init__(self, max_bytes: int, stdin: BinaryIO | None) -> None:
        super().__init__(max_bytes, stdin)
        self.out: deque[Item] = deque()
        self.hint: Hint | None = None

    # ------------------------------------------------------------- bookkeeping

    def add(
        self, base_id: str, source: str, text: str, meta: dict[str, str], ev: list[tuple[str, str]]
    ) -> None:
        hint = self.hint
        if hint is not None:
            meta, ev = dict(meta), list(ev)
            for name, value, where in (
                ("url", hint.url, hint.url_where),
                ("published", hint.published, hint.published_where),
                ("outlet", hint.outlet, hint.outlet_where),
            ):
                if value and not meta.get(name):
                    meta[name] = value
                    ev.append((name, where))
        super().add(base_id, source, text, meta, ev)
        self.out.append(self.articles.pop())

    def drop(self, source: str, code: Code, detail: str) -> None:
        super().drop(source, code, detail)
        self.out.append(self.dropped.pop())

    def notice(self, source: str, code: Code, detail: str) -> None:
        super().notice(source, code, detail)
        self.out.append(self.notices.pop())

    def drain(self) -> Iterator[Item]:
        while self.out:
            yield self.out.popleft()

    def read_html_bytes(self, stem: str, source: str, data: bytes, hint: Hint | None) -> None:
        """An HTML page from a container (archive record, fetched page), with what it knows."""
        self.hint = hint
        try:
            self.read_bytes(stem, source, data, "html")
        finally:
            self.hint = None

    # ------------------------------------------------------------- files

    def iter_file(
        self, shown: str, path: str, *, in_dir: bool, skip: SkipFn | None
    ) -> Iterator[Item]:
        try:
            st = os.stat(path)
        except OSError as exc:
            self.drop(shown, MISSING, f"cannot read the file ({exc.strerror})")
            yield from self.drain()
            return
        real = os.path.realpath(path)
        if skip is not None and skip(real, st.st_size, st.st_mtime_ns):
            yield SourceDone(real, st.st_size, st.st_mtime_ns, skipped=True)
            return
        lower = path.lower()
        if lower.endswith(ARCHIVE_SUFFIXES):
            if self.first_time(real, shown):
                from newsprism.ingest.warc import iter_archive

                yield from iter_archive(self, shown, path)
        elif lower.endswith(".jsonl"):
            if self.first_time(real, shown):
                yield from self.iter_jsonl(shown, path)
        elif lower.endswith(FEED_SUFFIXES) and _is_feed_file(path):
            if self.first_time(real, shown):
                yield from self.iter_feed_file(shown, path)
        else:
            self.read_file(shown, path, in_dir=in_dir)
        yield from self.drain()
        yield SourceDone(real, st.st_size, st.st_mtime_ns)

    def iter_jsonl(self, shown: str, path: str) -> Iterator[Item]:
        stem = os.path.splitext(os.path.basename(path))[0]
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below; lines are streamed
        except OSError as exc:
            self.drop(shown, MISSING, f"cannot read the file ({exc.strerror})")
            return
        empty = True
        with handle:
            for number, raw in enumerate(handle, 1):
                if len(raw) > self.max_bytes:
                    self.drop(
                        f"{shown}:{number}",
                        TOO_LARGE,
                        f"line of {len(raw)} bytes, over the limit of {self.max_bytes}",
                    )
                elif raw.strip():
                    empty = False
                    line, code = readers.decode(raw.rstrip(b"\n"))
                    if code is not None:
                        self.notice(f"{shown}:{number}", code, f"{shown} was not valid UTF-8")
                    self.read_jsonl_line(stem, shown, number, line)
                yield from self.drain()
        if empty:
            self.drop(shown, EMPTY, "the input holds no text")

    def iter_feed_file(self, shown: str, path: str) -> Iterator[Item]:
        from newsprism.ingest.feeds import iter_feed

        try:
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError as exc:
            self.drop(shown, MISSING, f"cannot read the file ({exc.strerror})")
            return
        if len(data) > self.max_bytes:
            self.drop(shown, TOO_LARGE, f"over the limit of {self.max_bytes} bytes")
            return
        stem = os.path.splitext(os.path.basename(path))[0]
        fetch = self.fetch_page if self.fetcher is not None else None
        yield from iter_feed(self, stem, shown, data, fetch=fetch)

    # ------------------------------------------------------------- the web

    fetcher: object | None = None  # an ingest.fetch.Fetcher when fetching is on

    def fetch_page(self, url: str, source: str, hint: Hint | None = None) -> Iterator[Item]:
        """Fetch and read one page; a failure is a drop with its code.  Does nothing (returns
        an empty stream) when fetching is off; callers check ``fetcher`` first."""
        from newsprism.ingest.fetch import Fetcher, FetchError

        fetcher = self.fetcher
        if not isinstance(fetcher, Fetcher):
            return
        try:
            page = fetcher.fetch(url)
        except FetchError as exc:
            self.drop(source, exc.code, exc.detail)
            yield from self.drain()
            return
        stem = readers.sanitise_id(_url_stem(page.url))
        base = hint or Hint()
        hint = Hint(
            url=page.url,
            url_where="fetch: url",
            published=base.published,
            published_where=base.published_where,
            outlet=base.outlet,
            outlet_where=base.outlet_where,
        )
        self.read_html_bytes(stem, source, page.body, hint)
        yield from self.drain()


def _url_stem(url: str) -> str:
    """A readable id from a URL: host and path (``example.org_news_ferry-vote``)."""
    rest = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if rest.startswith("www."):
        rest = rest[4:]
    return rest.rsplit(".", 1)[0] if rest.endswith((".html", ".htm", ".php")) else rest


def _is_feed_file(path: str) -> bool:
    """An RSS/Atom document: ``<rss``, ``<feed`` or ``<rdf:RDF`` near the start."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).lower()
    except OSError:
        return True  # reported as unreadable by the feed reader
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def iter_inputs(
    sources: Sequence[str],
    *,
    max_bytes: int = readers.DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    skip: SkipFn | None = None,
    feeds: Sequence[str] = (),
    urls: Sequence[str] = (),
    fetcher: object | None = None,
) -> Iterator[Item]:
    """Read ``sources`` (files, directories, '-'), then ``feeds`` and ``urls`` (fetched with
    ``fetcher``, an ``ingest.fetch.Fetcher``), as a stream of items.

    ``skip(path, size, mtime_ns)`` says which files an earlier run read to the end; those are
    not read again (a ``SourceDone`` marker is yielded for them).  Feed entries that hold only a
    link are fetched when ``fetcher`` is given, else dropped with NP222."""
    reader = StreamReader(max_bytes, stdin)
    reader.fetcher = fetcher
    for source in sources:
        if source == "-":
            reader.read_source(source)
        elif not os.path.exists(source):
            reader.drop(source, MISSING, "no such file or directory")
        elif os.path.isdir(source):
            for child, full in reader.walk(source, source, set()):
                yield from reader.drain()
                yield from reader.iter_file(child, full, in_dir=True, skip=skip)
        else:
            yield from reader.iter_file(source, source, in_dir=False, skip=skip)
        yield from reader.drain()
    for url in feeds:
        yield from iter_feed_url(reader, url)
    for url in urls:
        if reader.first_time(url, url):
            yield from reader.fetch_page(url, url)
        yield from reader.drain()


def iter_feed_url(reader: StreamReader, url: str) -> Iterator[Item]:
    from newsprism.ingest.feeds import iter_feed
    from newsprism.ingest.fetch import Fetcher, FetchError

    if not reader.first_time(url, url):
        yield from reader.drain()
        return
    fetcher = reader.fetcher
    if not isinstance(fetcher, Fetcher):
        reader.drop(url, FETCH_FAILED, "fetching is off (--no-fetch)")
        yield from reader.drain()
        return
    try:
        page = fetcher.fetch(url)
    except FetchError as exc:
        reader.drop(url, exc.code, exc.detail)
        yield from reader.drain()
        return
    stem = readers.sanitise_id(_url_stem(page.url))
    yield from iter_feed(reader, stem, url, page.body, fetch=reader.fetch_page)
