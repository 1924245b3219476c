"""benchmarks/timeline_story_days.py: each cluster folder is classed by its best reference date
(texts written here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("texts", "best"),
    [
        # a full date with its weekday: the story day
        (["On Friday, March 6, 2026, the Tollbridge council closed the pier."], "day"),
        # only a year: the story year
        (["The pier, built in 1988, was closed by the council on Friday."], "year"),
        # nothing to read a weekday against
        (["The council closed the pier on Friday after a storm."], "none"),
    ],
)
def test_a_cluster_is_classed_by_its_best_reference(
    tmp_path: Path, texts: list[str], best: str, benchmark_module: Callable[[str], Any]
) -> None:
    for k, text in enumerate(texts):
        (tmp_path / f"doc{k}.txt").write_text(text, encoding="utf-8")
    got, counts = benchmark_module("timeline_story_days").classify(tmp_path)
    assert got == best
    assert sum(counts.values()) == len(texts)
