"""CPU by stage and by tenth of a run, for the store-path benchmarks (``stories.py --store``).

``StageTimer.wrap(owner, name, stage)`` replaces a function or method with one that adds the
process CPU it takes (``time.process_time``, nested stages counted once, in the innermost) to
``stage``; ``snapshot()`` returns the totals so far.  ``proc_cpu(pid)`` reads another process's
CPU seconds from ``/proc`` (Linux; None elsewhere), ``children()`` the pids of this process's
children.  Nothing here changes what the timed code does.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from typing import Any

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class StageTimer:
    """CPU seconds by stage; a stage called inside another is counted in the inner one only
    (so the stages add up to no more than the process CPU)."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self._stack: list[str] = []
        self._clock = time.process_time

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        fn = getattr(owner, name)
        if isinstance(owner, type) and isinstance(owner.__dict__.get(name), staticmethod):
            raise TypeError("static methods are not timed")
        timer = self

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            clock = timer._clock
            start = clock()
            timer._stack.append(stage)
            try:
                return fn(*args, **kwargs)
            finally:
                took = clock() - start
                stack = timer._stack
                stack.pop()
                totals = timer.totals
                totals[stage] = totals.get(stage, 0.0) + took
                if stack:  # the outer stage does not count it again
                    totals[stack[-1]] = totals.get(stack[-1], 0.0) - took

        setattr(owner, name, timed)

    def snapshot(self) -> dict[str, float]:
        return dict(self.totals)


def proc_cpu(pid: int) -> float | None:
    """User plus system CPU seconds of process ``pid`` (None when /proc cannot tell)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14, 15)


def children(pid: int | None = None) -> list[int]:
    """The pids of the live children of ``pid`` (default this process), from /proc."""
    pid = os.getpid() if pid is None else pid
    out: list[int] = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return out
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(name))
    return out


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def deltas(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """Each snapshot less the one before it (the first less nothing)."""
    out: list[dict[str, float]] = []
    prev: dict[str, float] = {}
    for row in rows:
        out.append({k: v - prev.get(k, 0.0) for k, v in row.items()})
        prev = row
    return out


Wrap = Callable[[StageTimer], None]


# (module, attribute path, stage): what ``time_writer`` and ``time_grouping`` wrap
WRITER_STAGES = (
    ("newsprism.store.db", "Store.add", "rows: article, relations"),
    ("newsprism.store.db", "Store._index_new_articles", "full-text index"),
    ("newsprism.store.neardup", "NearDuplicateIndex.relate", "near-dup: fingerprint row, bands"),
    ("newsprism.store.neardup", "NearDuplicateIndex.candidates", "near-dup: LSH lookup"),
    ("newsprism.store.neardup", "NearDuplicateIndex._contained", "near-dup: containment lookup"),
    # ``relate`` and the family tier call ``_load`` (``load`` is its public wrapper): wrapping
    # ``load`` left the fingerprints read back from SQLite in "fingerprint row, bands"
    ("newsprism.store.neardup", "NearDuplicateIndex._load", "near-dup: fingerprints read"),
    ("newsprism.store.neardup", "measure_many", "near-dup: measure"),
    ("newsprism.store.neardup", "NearDuplicateIndex._index_keys", "near-dup: containment rows"),
    ("newsprism.store.neardup", "_BucketCache._flush", "near-dup: runs merged"),
    ("newsprism.stories.store", "FeatureAnnotator.save", "story features saved"),
    ("newsprism.store.ingest", "_collect", "workers' results read"),
)
GROUPING_STAGES = (
    ("newsprism.stories.follow", "update_stories", "update: reads, rest"),
    ("newsprism.stories.store", "_load", "grouper read back"),
    ("newsprism.stories.store", "_stored_features", "features read"),
    ("newsprism.stories.store", "_copies", "copies read"),
    ("newsprism.stories.store", "_ensure_copies", "closed stories read"),
    ("newsprism.stories.grouping", "StoryGrouper.add", "grouper.add"),
    ("newsprism.stories.store", "_write_round", "round written: members"),
    ("newsprism.stories.store", "refresh_story", "round written: story rows"),
    ("newsprism.stories.store", "_save_state", "round written: state"),
    ("newsprism.stories.store", "_save_df", "round written: df"),
)


def _wrap_all(timer: StageTimer, stages: tuple[tuple[str, str, str], ...]) -> None:
    import importlib

    for module, path, stage in stages:
        owner: Any = importlib.import_module(module)  # by its name: ``newsprism.store.ingest``
        *outer, name = path.split(".")  # is also a function of the package
        for part in outer:
            owner = getattr(owner, part)
        timer.wrap(owner, name, stage)


def time_writer(timer: StageTimer) -> None:
    """Stages of the writing process of an ingest (near-duplicate index, SQLite rows, full-text
    index, story features saved, results collected from the workers)."""
    _wrap_all(timer, WRITER_STAGES)


def time_grouping(timer: StageTimer) -> None:
    """Stages of the grouping process (``update_stories``)."""
    _wrap_all(timer, GROUPING_STAGES)
