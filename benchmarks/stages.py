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
    out = []
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
    out, prev = [], {}
    for row in rows:
        out.append({k: v - prev.get(k, 0.0) for k, v in row.items()})
        prev = row
    return out


Wrap = Callable[[StageTimer], None]


def time_writer(timer: StageTimer) -> None:
    """Stages of the writing process of an ingest (near-duplicate index, SQLite rows, full-text
    index, story features saved, results collected from the workers)."""
    import importlib

    from newsprism.store import db, neardup
    from newsprism.stories import store as stories_store

    ingest = importlib.import_module("newsprism.store.ingest")  # the package's name is a function

    index = neardup.NearDuplicateIndex
    timer.wrap(db.Store, "add", "rows: article, relations")
    timer.wrap(db.Store, "_index_new_articles", "full-text index")
    timer.wrap(index, "relate", "near-dup: fingerprint row, bands")
    timer.wrap(index, "candidates", "near-dup: LSH lookup")
    timer.wrap(index, "_contained", "near-dup: containment lookup")
    timer.wrap(index, "load", "near-dup: fingerprints read")
    timer.wrap(neardup, "measure_many", "near-dup: measure")
    timer.wrap(index, "_index_keys", "near-dup: containment rows")
    timer.wrap(neardup._BucketCache, "_flush", "near-dup: runs merged")
    timer.wrap(stories_store.FeatureAnnotator, "save", "story features saved")
    timer.wrap(ingest, "_collect", "workers' results read")


def time_grouping(timer: StageTimer) -> None:
    """Stages of the grouping process (``update_stories``)."""
    from newsprism.stories import follow, grouping
    from newsprism.stories import store as s

    timer.wrap(follow, "update_stories", "update: reads, rest")
    timer.wrap(s, "_load", "grouper read back")
    timer.wrap(s, "_stored_features", "features read")
    timer.wrap(s, "_copies", "copies read")
    timer.wrap(s, "_ensure_copies", "closed stories read")
    timer.wrap(grouping.StoryGrouper, "add", "grouper.add")
    timer.wrap(s, "_write_round", "round written: members")
    timer.wrap(s, "refresh_story", "round written: story rows")
    timer.wrap(s, "_save_state", "round written: state")
    timer.wrap(s, "_save_df", "round written: df")
