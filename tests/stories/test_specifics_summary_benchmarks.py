"""The measures behind benchmarks/story_specifics.py, benchmarks/summary_off.py and the ceiling
rows of benchmarks/stories.py, on invented documents and figures (no corpus needed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsprism.analyze.disagreements.quantities import Quantity
from newsprism.eval.clustering import Scores
from newsprism.model import Article


def _killed(n: float, place: str = "") -> Quantity:
    return Quantity(
        kind="count",
        unit="people",
        low=n,
        high=n,
        text=str(int(n)),
        start=0,
        end=1,
        frame="killed",
        part="people",
        where=frozenset({place}) if place else frozenset(),
    )


def _age(n: float, who: str) -> Quantity:
    return Quantity("age", "", n, n, str(int(n)), 0, 1, of=frozenset({who}))


def test_specifics_clash_and_agree_by_kind(benchmark_module: Callable[[str], Any]) -> None:
    bench = benchmark_module("story_specifics")
    verbs = frozenset({"kill"})

    def spec(clauses: list[list[Quantity]], day: str) -> Any:
        return bench.Specifics(tuple((tuple(c), verbs) for c in clauses), day)

    a = spec([[_killed(4)], [_age(31, "marlow")]], "tuesday")
    b = spec([[_killed(4)]], "tuesday")  # the same toll
    c = spec([[_killed(9)], [_age(44, "marlow")]], "friday")  # another toll, another age
    d = spec([[_age(31, "brennic")]], "")  # another person's age: not comparable
    assert bench.clash(a, b) == frozenset() and bench.agree(a, b) == {"count:killed"}
    assert bench.clash(a, c) == {"count:killed", "age"} and bench.agree(a, c) == frozenset()
    assert bench.clash(a, d) == frozenset() and bench.agree(a, d) == frozenset()


def test_sharp_and_day_rules_read_the_join(benchmark_module: Callable[[str], Any]) -> None:
    bench = benchmark_module("story_specifics")

    def join(**kw: Any) -> Any:
        base = dict(
            right=True,
            score=0.1,
            members=2,
            clashes=0,
            agrees=0,
            clash_kinds=frozenset(),
            agree_kinds=frozenset(),
            day_clashes=0,
            day_agrees=0,
        )
        return bench.Join(**{**base, **kw})

    assert bench.sharp(join(clashes=1, clash_kinds=frozenset({"count:killed"})))
    # a member agreeing on the same kind keeps the join; a clash on money alone is not sharp
    assert not bench.sharp(
        join(clashes=1, agrees=1, clash_kinds={"count:killed"}, agree_kinds={"count:killed"})
    )
    assert not bench.sharp(join(clashes=1, clash_kinds=frozenset({"money"})))
    assert bench.day_differs(join(day_clashes=2))
    assert not bench.day_differs(join(day_clashes=1, day_agrees=1))


def test_cheap_day_is_the_weekday_named_most(benchmark_module: Callable[[str], Any]) -> None:
    bench = benchmark_module("story_specifics")
    twice = Article(
        "w1",
        "w1",
        "The Harrowmere ferry sank on Tuesday evening. Divers searched the wreck on Tuesday "
        "night and again on Wednesday morning, the harbour master said.",
    )
    once_each = Article(
        "w2",
        "w2",
        "The council met on Monday and the board replied on Thursday about the Velsing pier.",
    )
    assert bench.cheap_day(twice) == "tuesday"
    assert bench.cheap_day(once_each) == ""


def test_ceiling_is_f1_at_precision_one(benchmark_module: Callable[[str], Any]) -> None:
    ceiling = benchmark_module("stories").ceiling
    line = ceiling("half", Scores(0.9, 0.8, 0.847), Scores(0.8, 0.6, 0.686))
    assert f"B3 0.847 -> {2 * 0.8 / 1.8:.3f}" in line
    assert f"pair 0.686 -> {2 * 0.6 / 1.6:.3f}" in line


def test_summary_off_reads_are_known_kinds(benchmark_module: Callable[[str], Any]) -> None:
    bench = benchmark_module("summary_off")
    assert set(bench.READ.values()) <= set(bench.KINDS)
    assert all(len(k) == 13 and k.startswith("d") for k in bench.READ)
    some = [next(iter(bench.READ)), "dnotreadatall"]
    assert bench.describe([(some[0], False), (some[1], False), ("dscrap", True)]) == (
        f"scrap 1, {bench.READ[some[0]]} 1, unread 1"
    )


@pytest.mark.parametrize("n", [1, 3])
def test_summary_off_counts_each_kind(benchmark_module: Callable[[str], Any], n: int) -> None:
    bench = benchmark_module("summary_off")
    ids = [k for k, v in bench.READ.items() if v == "navigation"][:n]
    assert bench.describe([(i, False) for i in ids]) == f"navigation {n}"
