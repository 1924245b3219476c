"""benchmarks/store.py's measures: which generated pairs are two outlets' reports of one story
(the generator's copies by construction), as the quality table counts them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsprism.eval.synthetic import generate


def test_one_story_pairs_are_reports_of_the_same_generated_story(
    benchmark_module: Callable[[str], Any],
) -> None:
    one_story = benchmark_module("store").one_story
    made = generate(12, seed=2)
    first, second, other = made[0].name, made[1].name, made[5].name
    assert one_story((first, second, "syndicated"))
    assert not one_story((first, other, "syndicated"))  # another story, same templates
    assert not one_story(("validation-1-0", "validation-1-1", "version"))  # real news
    assert not one_story(("story001_2x", "story001_3", "version"))
