"""The ingest keeps the cyclic garbage collector off the objects that survive each batch
(``store.ingest.settled_batches``) and hands everything back at the end."""

from __future__ import annotations

import gc
import importlib
import weakref
from collections.abc import Sequence
from pathlib import Path

import pytest

from newsprism.store import Store, ingest
from newsprism.store.db import Added

from .test_ingest_golden import write_corpus

BATCH = 16
ingest_module = importlib.import_module("newsprism.store.ingest")  # not the function


class Node:
    """An object in a reference cycle with itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def freeze_counts(folder: Path, behind: bool = True) -> list[int]:
    """``gc.get_freeze_count()`` after each batch of an ingest of the golden corpus."""
    seen: list[int] = []
    with Store.open(folder / "news.db") as store:
        ingest(
            store,
            write_corpus(folder),
            batch_size=BATCH,
            write_behind=behind,
            on_batch=lambda added: seen.append(gc.get_freeze_count()),
        )
    return seen


@pytest.mark.parametrize("behind", [True, False])
def test_survivors_are_frozen_during_the_ingest_and_handed_back_after(
    tmp_path: Path, behind: bool
) -> None:
    frozen = freeze_counts(tmp_path, behind)
    assert len(frozen) > 3 and all(n > 0 for n in frozen)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_callers_own_freeze_is_left_as_it_is(tmp_path: Path) -> None:
    kept = [Node() for _ in range(10)]
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        seen = freeze_counts(tmp_path)
        # nothing more frozen (the count only falls as frozen objects die)
        assert seen and max(seen) <= before
        assert 0 < gc.get_freeze_count() <= min(seen)
    finally:
        gc.unfreeze()
    assert len(kept) == 10


@pytest.mark.parametrize("every", [3, 10**9])
def test_cycles_dropped_after_a_freeze_are_collected_every_few_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: int
) -> None:
    """A cycle alive at one batch's end (so frozen) and dropped in the next is garbage that
    only a full collection of the frozen objects frees: every ``_COLLECT_EVERY`` batches."""
    monkeypatch.setattr(ingest_module, "_COLLECT_EVERY", every)
    held: list[Node] = []
    ref: list[weakref.ref[Node]] = []
    alive: list[bool] = []

    def after(added: Sequence[Added]) -> None:
        if not ref:  # batch 1: a cycle kept alive past the freeze
            node = Node()
            held.append(node)
            ref.append(weakref.ref(node))
        elif held:  # batch 2: dropped, frozen garbage from now on
            held.clear()
        else:
            alive.append(ref[0]() is not None)

    with Store.open(tmp_path / "news.db") as store:
        ingest(store, write_corpus(tmp_path), batch_size=BATCH, on_batch=after)
    assert len(alive) > 2
    if every == 3:  # collected at the third batch's end, before its callback
        assert alive == [False] * len(alive)
    else:  # frozen to the end of the ingest, then handed back to the collector
        assert all(alive)
        gc.collect()
        assert ref[0]() is None
