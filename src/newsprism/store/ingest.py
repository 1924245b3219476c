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

import contextlib
import gc
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from newsprism.ingest.boilerplate import mark_boilerplate
from newsprism.ingest.metadata import extract_metadata
from newsprism.ingest.readers import DEFAULT_MAX_BYTES
from newsprism.ingest.stream import SourceDone, iter_inputs
from newsprism.model import Article, Drop, Notice
from newsprism.store.db import Added, Store, identity_key
from newsprism.store.neardup import Fingerprint, Fingerprinter, LshParams, packed_all

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
    write_thread_cpu: float = 0.0  # CPU seconds of the thread that wrote (``write_behind``)
    write_waited: float = 0.0  # seconds the ingest waited for that thread

    @property
    def articles(self) -> int:
        return self.new + self.versions + self.same

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


class Annotator(Protocol):
    """Work done per stored article beside the ingest's own (``ingest(..., annotate=)``):
    ``compute`` runs where the article is prepared (a worker process when ``workers > 1``, so it
    must pickle), ``save`` in the writing process inside the transaction that stores it, for
    articles stored new or as a version (its rows written with ``Store.write``, so that they
    join the batch when it is written behind).  E.g. ``stories.store.FeatureAnnotator`` computes the
    story-grouping features while the writer is busy, so ``update_stories`` reads them."""

    def compute(self, article: Article) -> object: ...

    def save(self, store: Store, added: Added, value: object) -> None: ...


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
    workers: int = 1,
    annotate: Annotator | None = None,
    write_behind: bool = True,
) -> IngestReport:
    """Read ``sources`` (files, directories, '-'), ``feeds`` and ``urls`` into ``store``.

    ``fetcher`` (an ``ingest.fetch.Fetcher``) turns fetching on: ``feeds`` and ``urls`` need it,
    and feed entries holding only a link are fetched with it.  ``on_batch`` is called after each
    committed transaction with what it added (new articles since a point, for an incremental
    consumer); ``on_problem`` with each drop and notice as it happens; ``progress`` about every
    ``progress_every`` seconds and once at the end.  ``workers > 1`` marks and fingerprints
    articles in that many worker processes (the store is written by this process only; the
    result is the same as with one).  ``annotate`` adds per-article work (``Annotator``).

    ``write_behind`` (the default) writes each batch on a thread while the next one is
    related (``Store.write_behind``, ``store.behind``): the same rows, and a stopped run leaves
    whole batches as ever; ``on_batch`` is then called once the batch is committed, with
    nothing else in flight (so with ``on_batch`` the writes no longer overlap)."""
    report = IngestReport()
    started = time.perf_counter()

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
    behind = store.write_behind() if write_behind else contextlib.nullcontext()
    store.behind_stats = {}
    with behind, settled_batches() as settle:
        _write(
            store,
            items,
            report,
            batch_size,
            workers,
            annotate,
            progress,
            progress_every,
            on_batch,
            on_problem,
            started,
            settle,
        )
    report.write_thread_cpu = store.behind_stats.get("thread_cpu", 0.0)
    report.write_waited = store.behind_stats.get("waited", 0.0)
    report.seconds = time.perf_counter() - started
    if progress is not None:
        progress(report)
    return report


def _write(
    store: Store,
    items: Iterator[object],
    report: IngestReport,
    batch_size: int,
    workers: int,
    annotate: Annotator | None,
    progress: ProgressFn | None,
    progress_every: float,
    on_batch: BatchFn | None,
    on_problem: DropFn | None,
    started: float,
    settle: Callable[[], None],
) -> None:
    """``ingest``'s loop: each batch of ``items`` prepared and stored."""
    last_progress = started
    per_file: Counter[str] = Counter()
    for chunk, ready in _prepared(store, _batches(items, batch_size), workers, annotate):
        added: list[Added] = []
        with store.batch():
            store.expect([(key, prepared) for key, prepared, _, _ in ready.values()])
            for item in chunk:
                if isinstance(item, Article):
                    per_file["articles"] += 1
                    got = ready.get(id(item))
                    result = None
                    if got is not None:
                        key, prepared, fp, extra = got
                        result = store.add(prepared, key=key, fingerprint=fp)
                    if result is None or result.status == "same":
                        report.same += 1
                        continue
                    if annotate is not None:
                        annotate.save(store, result, extra)
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
                    if item.skipped:  # its row holds the counts of the run that read it
                        per_file.clear()
                        continue
                    store.mark_source_done(
                        item.path,
                        item.size,
                        item.mtime_ns,
                        per_file["articles"],
                        per_file["drops"],
                    )
                    per_file.clear()
        settle()
        if on_batch is not None and added:
            with store.synced():  # committed, and the callback may write the store itself
                on_batch(added)
        now = time.perf_counter()
        report.seconds = now - started
        if progress is not None and now - last_progress >= progress_every:
            last_progress = now
            progress(report)


@contextlib.contextmanager
def settled_batches() -> Iterator[Callable[[], None]]:
    """A function that moves the objects alive after a batch (the index's caches, mostly) out
    of the cyclic garbage collector's sight (``gc.freeze``), so that its full collections, which
    run as the heap grows, scan what the next batches make rather than the whole store's caches
    again and again (a quarter of a millisecond an article by the end of a 100,000-article run).
    Frozen objects are still freed when their last reference goes; cycles among them are
    collected every ``_COLLECT_EVERY`` batches (everything frozen is handed back, collected once
    and frozen again) and at the end, when everything frozen here is handed back
    (``gc.unfreeze``).  A process that froze objects itself, or runs without the collector, is
    left as it is."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield lambda: None
        return
    batches = 0

    def settle() -> None:
        nonlocal batches
        batches += 1
        if batches % _COLLECT_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    try:
        yield settle
    finally:
        gc.unfreeze()


_COLLECT_EVERY = 64  # batches between two full collections of what ingest froze


Prepared = tuple[str, Article, Fingerprint, object]  # key, article, fingerprint, annotation
_AHEAD = 2  # chunks prepared ahead of the one being written, so the writer never waits
_FINGERPRINTER: Fingerprinter | None = None


def prepare(
    articles: Sequence[tuple[str, Article]],
    params: LshParams,
    annotate: Annotator | None = None,
) -> list[Prepared]:
    """Boilerplate, metadata and fingerprint of articles as read (``(key, article)`` pairs),
    and ``annotate.compute`` of each (None without it): the CPU-bound part of an ingest, run in
    worker processes when ``workers > 1``."""
    global _FINGERPRINTER
    if _FINGERPRINTER is None or _FINGERPRINTER.params != params:
        _FINGERPRINTER = Fingerprinter(params)
    done = []
    fps = []
    for key, article in articles:
        prepared = extract_metadata(mark_boilerplate(article))  # as ``api.prepare`` does
        extra = annotate.compute(prepared) if annotate is not None else None
        done.append((key, prepared, extra))
        fps.append(_FINGERPRINTER(prepared))
    packed = packed_all(fps, params)  # the chunk's array steps at once
    return [(k, a, fp, x) for (k, a, x), fp in zip(done, packed, strict=True)]


def _todo(store: Store, chunk: list[object]) -> list[tuple[int, str, Article]]:
    """The articles of a chunk that the store does not hold yet, with their keys."""
    read = [(id(item), identity_key(item), item) for item in chunk if isinstance(item, Article)]
    stored = store.stored_keys([key for _, key, _ in read])
    return [entry for entry in read if entry[1] not in stored]


def _prepared(
    store: Store, chunks: Iterator[list[object]], workers: int, annotate: Annotator | None = None
) -> Iterator[tuple[list[object], dict[int, Prepared]]]:
    """Each chunk with its new articles prepared, in order; with ``workers > 1`` the next
    chunk is prepared in a process pool while the current one is written."""
    params = store.lsh_params
    if workers <= 1:
        for chunk in chunks:
            todo = _todo(store, chunk)
            done = prepare([(k, a) for _, k, a in todo], params, annotate)
            yield chunk, {i: p for (i, _, _), p in zip(todo, done, strict=True)}
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_start) as pool:
        pending: deque[tuple[list[object], list[int], list[Any]]] = deque()
        for chunk in chunks:
            todo = _todo(store, chunk)
            size = max(1, -(-len(todo) // workers))
            parts = [todo[i : i + size] for i in range(0, len(todo), size)]
            futures = [
                pool.submit(prepare, [(k, a) for _, k, a in p], params, annotate) for p in parts
            ]
            pending.append((chunk, [i for i, _, _ in todo], futures))
            if len(pending) > _AHEAD:
                yield _collect(pending.popleft())
        while pending:
            yield _collect(pending.popleft())


WORKER_GC_YOUNG = 10_000  # a worker's young generation, collected after this many allocations


def _worker_start() -> None:
    """Workers yield the CPU to the writing process, which sets the pace of an ingest, and
    collect cyclic garbage less often: an article's objects are freed by their counts when it
    is done, and the default young generation (700 allocations) is collected every few dozen
    articles for nothing."""
    with contextlib.suppress(OSError):  # a platform without nice runs them as they are
        os.nice(5)
    gc.set_threshold(WORKER_GC_YOUNG, *gc.get_threshold()[1:])


def _collect(
    entry: tuple[list[object], list[int], list[Any]],
) -> tuple[list[object], dict[int, Prepared]]:
    chunk, ids, futures = entry
    done = [p for f in futures for p in f.result()]
    return chunk, dict(zip(ids, done, strict=True))


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
