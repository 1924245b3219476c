"""Ingest: read sources as a stream and store them, in batched transactions.

``ingest(store, sources, ...)`` reads files, directories, feeds and pages
(``ingest.stream.iter_inputs``), skips articles the store holds already (their identity key),
marks boilerplate and metadata, fingerprints them, and stores them with their relations.  Every
``batch_size`` articles are one transaction, so a run stopped at any point (even ``kill -9``)
leaves whole batches only; a rerun skips what is stored and goes on, and the store ends as one
clean run would leave it.  A file read to its end is recorded (path, size, mtime) in ``sources``
in the transaction of its last batch; a rerun does not read it again unless it changed or
``force`` is given.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from newsprism.ingest.boilerplate import mark_boilerplate
from newsprism.ingest.metadata import extract_metadata
from newsprism.ingest.readers import DEFAULT_MAX_BYTES
from newsprism.ingest.stream import SourceDone, iter_inputs
from newsprism.model import Article, Drop, Notice
from newsprism.store.db import Added, Store, identity_key

DEFAULT_BATCH = 200


@dataclass
class IngestReport:
    """What an ingest did.  ``rate`` is articles read (stored or already there) a second."""

    new: int = 0
    same: int = 0
    versions: int = 0
    drops: int = 0
    drops_by_code: Counter[str] = field(default_factory=Counter)
    notices: list[Notice] = field(default_factory=list)
    relations: Counter[str] = field(default_factory=Counter)
    sources_skipped: int = 0
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.new + self.versions + self.same

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


ProgressFn = Callable[[IngestReport], None]
BatchFn = Callable[[Sequence[Added]], None]
DropFn = Callable[[Drop | Notice], None]


def ingest(
    store: Store,
    sources: Sequence[str] = (),
    *,
    feeds: Sequence[str] = (),
    urls: Sequence[str] = (),
    fetcher: object | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH,
    force: bool = False,
    stdin: BinaryIO | None = None,
    progress: ProgressFn | None = None,
    progress_every: float = 0.5,
    on_batch: BatchFn | None = None,
    on_problem: DropFn | None = None,
) -> IngestReport:
    """Read ``sources`` (files, directories, '-'), ``feeds`` and ``urls`` into ``store``.

    ``fetcher`` (an ``ingest.fetch.Fetcher``) turns fetching on: ``feeds`` and ``urls`` need it,
    and feed entries holding only a link are fetched with it.  ``on_batch`` is called after each
    committed transaction with what it added (new articles since a point, for an incremental
    consumer); ``on_problem`` with each drop and notice as it happens; ``progress`` about every
    ``progress_every`` seconds and once at the end."""
    report = IngestReport()
    started = time.perf_counter()
    last_progress = started

    def skip(path: str, size: int, mtime_ns: int) -> bool:
        done = not force and store.source_done(path, size, mtime_ns)
        if done:
            report.sources_skipped += 1
        return done

    items = iter_inputs(
        sources,
        max_bytes=max_bytes,
        stdin=stdin,
        skip=skip,
        feeds=feeds,
        urls=urls,
        fetcher=fetcher,
    )
    per_file: Counter[str] = Counter()
    for chunk in _batches(items, batch_size):
        added: list[Added] = []
        with store.batch():
            for item in chunk:
                if isinstance(item, Article):
                    result = _store_article(store, item)
                    per_file["articles"] += 1
                    if result is None:
                        report.same += 1
                        continue
                    added.append(result)
                    if result.status == "version":
                        report.versions += 1
                    else:
                        report.new += 1
                    report.relations.update(r.kind for r in result.relations)
                elif isinstance(item, Drop):
                    per_file["drops"] += 1
                    report.drops += 1
                    report.drops_by_code[item.code] += 1
                    store.add_drop(item)
                    if on_problem is not None:
                        on_problem(item)
                elif isinstance(item, Notice):
                    report.notices.append(item)
                    if on_problem is not None:
                        on_problem(item)
                elif isinstance(item, SourceDone):
                    store.mark_source_done(
                        item.path,
                        item.size,
                        item.mtime_ns,
                        per_file["articles"],
                        per_file["drops"],
                    )
                    per_file.clear()
        if on_batch is not None and added:
            on_batch(added)
        now = time.perf_counter()
        report.seconds = now - started
        if progress is not None and now - last_progress >= progress_every:
            last_progress = now
            progress(report)
    report.seconds = time.perf_counter() - started
    if progress is not None:
        progress(report)
    return report


def _store_article(store: Store, article: Article) -> Added | None:
    """Store one article as read; None when the store holds it already."""
    key = identity_key(article)
    if store.has_key(key):
        return None
    prepared = extract_metadata(mark_boilerplate(article))  # as ``api.prepare`` does
    return store.add(prepared, key=key, fingerprint=store.fingerprinter(prepared))


def _batches(items: Iterator[object], size: int) -> Iterator[list[object]]:
    """Items grouped so that each group holds at most ``size`` articles."""
    chunk: list[object] = []
    articles = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Article):
            articles += 1
            if articles >= size:
                yield chunk
                chunk, articles = [], 0
    if chunk:
        yield chunk
