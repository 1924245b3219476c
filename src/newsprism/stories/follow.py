"""Stories grouped beside an ingest: a process that follows the store's new articles.

An ingest has one writing process (near-duplicate lookups and SQLite writes); grouping the new
articles after each batch in that process (``ingest(..., on_batch=...)``) makes the writer wait
for the grouping, and the writer sets the pace.  ``StoriesFollower`` runs the grouping in a
process of its own instead: it calls ``update_stories`` on its own connection whenever articles
have been committed, while the writer goes on with the next batch (SQLite in WAL mode: readers
never wait, and each grouping round is one short write transaction)::

    with Store.open(path) as store, StoriesFollower(path) as follower:
        ingest(store, sources, workers=2, annotate=FeatureAnnotator())
    follower.report  # a StoriesUpdate summed over its updates; follower.cpu_seconds

Leaving the ``with`` block tells the follower that the ingest has ended; it groups what is left
and stops.  The stories are those of one ``update_stories`` after the ingest: updates follow the
articles' row ids whatever their timing (``tests/stories/test_follow.py``).
``follow_stories(store, stop=...)`` is the loop itself, for a caller that runs it where it likes.
"""

from __future__ import annotations

import gc
import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import asdict
from types import TracebackType
from typing import Any

from newsprism.store import Store
from newsprism.store.ingest import settled_batches
from newsprism.stories.grouping import GroupingConfig
from newsprism.stories.store import StoriesUpdate, update_stories


def follow_stories(
    store: Store,
    *,
    stop: Callable[[], bool],
    poll: float = 0.05,
    config: GroupingConfig | None = None,
    settle: Callable[[], None] | None = None,
) -> StoriesUpdate:
    """Update ``store``'s stories until ``stop()`` is true and every article committed before
    it became true is grouped; sleep ``poll`` seconds when there is nothing new.  Returns the
    updates summed (``touched`` the stories changed, ``seconds`` the whole time).  ``settle``
    is called after each update that grouped articles (the follower process's collector)."""
    started = time.perf_counter()
    total = StoriesUpdate()
    touched: set[int] = set()
    while True:
        finishing = stop()  # read first: an update that starts after it sees every article
        report = update_stories(store, config=config)
        total.articles += report.articles
        total.founded += report.founded
        total.joined += report.joined
        total.merged += report.merged
        total.failed += report.failed
        total.pages += report.pages
        total.conflicts += report.conflicts
        total.last_article = report.last_article
        touched.update(report.touched)
        if settle is not None and report.articles:
            settle()
        if finishing:
            break
        if not report.articles and not report.failed and not report.pages:
            time.sleep(poll)
    total.touched = sorted(touched)
    total.seconds = time.perf_counter() - started
    return total


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# the follower process's garbage collector: a young generation 14 times the default (700).
# Grouping allocates dicts and lists for every article (vectors, centroids, rows), most of which
# outlive a collection of the young generation, so the default made about 190 collections a
# thousand articles, 0.10-0.13 ms of CPU an article; with these about 11, 0.05 ms (10,000
# generated articles grouped in rounds of 500, docs/evaluation.md).  Cycles are still collected.
# After each update what is alive (the grouper's state, mostly) is moved out of the collector's
# sight as the ingest does after each batch (``store.ingest.settled_batches``: frozen objects
# are freed when their last reference goes, cycles among them collected every 64 updates):
# 0.020 ms of collections an article instead of 0.053 on the same rounds.
FOLLOWER_GC = (10_000, 10, 10)


def _follow_main(path: str, config: dict[str, Any] | None, stop: Any, out: Any) -> None:
    """The follower process: groups until ``stop`` is set, then sends (report, CPU seconds) or
    the error it met."""
    gc.set_threshold(*FOLLOWER_GC)  # the process is the grouper's own
    try:
        with Store.open(path) as store, settled_batches() as settle:
            report = follow_stories(
                store,
                stop=stop.is_set,
                config=GroupingConfig(**config) if config is not None else None,
                settle=settle,
            )
        out.send(("ok", asdict(report), _cpu_seconds()))
    except BaseException as exc:  # reported to the parent, which raises it
        out.send(("error", f"{type(exc).__name__}: {exc}", _cpu_seconds()))
    finally:
        out.close()


class StoriesFollower:
    """A process that groups a store's new articles into stories while another process (an
    ingest) adds them; see the module docstring.  The store at ``path`` must exist (open it
    first: the follower does not race the writer's migrations)."""

    # what the process runs, ``(path, config as a dict or None, stop event, pipe end)``: a
    # benchmark may run a timed one in its place (``benchmarks/stages.py``)
    target: Callable[[str, dict[str, Any] | None, Any, Any], None] = staticmethod(_follow_main)

    def __init__(self, path: str, config: GroupingConfig | None = None) -> None:
        self.path = str(path)
        self.config = config
        self.report: StoriesUpdate | None = None
        self.cpu_seconds = 0.0  # CPU (user and system) of the follower process
        self._process: Any = None

    def start(self) -> StoriesFollower:
        ctx = multiprocessing.get_context("spawn")
        self._stop = ctx.Event()
        self._recv, send = ctx.Pipe(duplex=False)
        config = asdict(self.config) if self.config is not None else None
        self._process = ctx.Process(
            target=type(self).target,
            args=(self.path, config, self._stop, send),
            name="newsprism-stories",
            daemon=True,
        )
        self._process.start()
        send.close()
        return self

    def finish(self) -> StoriesUpdate:
        """Tell the follower the ingest has ended, wait until it has grouped every article and
        return its report (a ``NewsprismError`` when it failed)."""
        from newsprism.errors import STORIES_FAILED, NewsprismError

        if self.report is not None:
            return self.report
        self._stop.set()
        try:
            status, value, cpu = self._recv.recv()
        except EOFError:
            status, value, cpu = "error", "the stories process ended without a report", 0.0
        self._process.join()
        self.cpu_seconds = float(cpu)
        if status != "ok":
            raise NewsprismError(STORIES_FAILED, str(value))
        self.report = StoriesUpdate(**value)
        return self.report

    def __enter__(self) -> StoriesFollower:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.finish()
            return
        self._stop.set()  # the ingest failed: what it committed is grouped, then the process ends
        self._process.join()
