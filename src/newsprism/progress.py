"""Progress inside long stages.

``Pipeline.run`` reports each stage as it starts; a long stage (parsing, comparing claims) also
reports how far it has gone with ``report(done, total)``, wherever the loop is, without a
callback threaded through every signature.  ``reporting(fn)`` sets the function that receives
the reports for the code run inside it; with none set, ``report`` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ReportFn = Callable[[int, int], None]

_current: ContextVar[ReportFn | None] = ContextVar("newsprism_progress", default=None)


def report(done: int, total: int) -> None:
    """``done`` of ``total`` units of the current stage are finished."""
    fn = _current.get()
    if fn is not None:
        fn(done, total)


@contextmanager
def reporting(fn: ReportFn | None) -> Iterator[None]:
    """Send the ``report`` calls made inside the block to ``fn``."""
    token = _current.set(fn)
    try:
        yield
    finally:
        _current.reset(token)
