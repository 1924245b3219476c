"""Span look-ups that stay near-linear on pathological articles (thousands of quotes, clauses
and sentences in one text): which spans overlap a range, found by bisection."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar


class HasSpan(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=HasSpan)


class Overlapping(Generic[T]):
    """``Overlapping(items)(s, e)``: the items overlapping ``[s, e)``, in their given order."""

    def __init__(self, items: Sequence[T]) -> None:
        self.items = items
        self.order = sorted(range(len(items)), key=lambda k: items[k].start)
        self.starts = [items[k].start for k in self.order]
        self.max_end = list(itertools.accumulate((items[k].end for k in self.order), max))

    def __call__(self, s: int, e: int) -> list[T]:
        lo = bisect.bisect_right(self.max_end, s)  # before lo, every item ends by s
        hi = bisect.bisect_left(self.starts, e)  # from hi, every item starts at e or later
        return [self.items[k] for k in sorted(self.order[lo:hi]) if self.items[k].end > s]
