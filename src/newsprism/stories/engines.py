"""Where per-story work runs: in-process, in a local process pool, or on Ray.

An engine maps one *stage function* (a plain module-level function of one picklable item, such as
``briefall.brief_job``) over a stream of items and yields the results as they finish.  Engines
know nothing about stories: the driver reads the store, makes the items and writes the results,
so the same stage function runs everywhere and only the engine differs (no second
implementation).  Engines are found by name in ``ENGINES`` (``--engine local|ray``); a plugin adds
one the same way the built-ins are registered.

- ``local``: ``workers == 1`` runs in-process; more workers use a ``ProcessPoolExecutor``
  (each worker loads spaCy once, on its first item).  At most ``2 * workers`` items are in flight,
  so memory stays bounded however many items there are.
- ``ray``: Ray tasks (``ray.remote``), one per item, at most ``2 * CPUs`` in flight; connects to
  ``address`` (``auto`` for a running cluster) or starts a local Ray.  ``pip install
  newsprism[ray]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol

from newsprism.errors import BAD_OPTION, SETUP_MISSING_RAY, InputError, SetupError


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``fn(item)`` for every item, yielded as they finish (any order)."""
        ...

    def close(self) -> None: ...


class LocalEngine:
    """In-process (``workers=1``) or a local process pool."""

    name = "local"

    def __init__(self, workers: int = 1, **_: Any) -> None:
        self.workers = max(1, int(workers))
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        if self.workers == 1:
            for item in items:
                yield fn(item)
            return
        if self._pool is None:
            import multiprocessing

            # forkserver: workers do not inherit the driver's open database or threads
            ctx = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx)
        pending: set[Future[Any]] = set()
        it = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.workers:
                try:
                    pending.add(self._pool.submit(fn, next(it)))
                except StopIteration:
                    exhausted = True
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield f.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class RayEngine:
    """Ray tasks; ``address=None`` starts a local Ray (``num_cpus=workers`` when given)."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None, **_: Any) -> None:
        try:
            import ray
        except ImportError as exc:
            raise SetupError(SETUP_MISSING_RAY, str(exc)) from exc
        self.ray = ray
        self._started = False
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                kwargs["address"] = address
            elif workers:
                kwargs["num_cpus"] = int(workers)
            ray.init(**kwargs)
            self._started = True
        self.slots = max(1, int(ray.available_resources().get("CPU", 1)))
        self._remote: dict[Callable[[Any], Any], Any] = {}

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        ray = self.ray
        remote = self._remote.get(fn)
        if remote is None:
            remote = self._remote[fn] = ray.remote(num_cpus=1)(fn)
        pending: list[Any] = []
        it = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.slots:
                try:
                    pending.append(remote.remote(next(it)))
                except StopIteration:
                    exhausted = True
            if not pending:
                return
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                yield ray.get(ref)

    def close(self) -> None:
        if self._started:
            self.ray.shutdown()
            self._started = False


ENGINES: dict[str, Callable[..., Engine]] = {"local": LocalEngine, "ray": RayEngine}


def make_engine(name: str, **options: Any) -> Engine:
    """The engine registered as ``name`` (``local`` or ``ray``), with its options."""
    factory = ENGINES.get(name)
    if factory is None:
        raise InputError(BAD_OPTION, f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
    return factory(**options)
