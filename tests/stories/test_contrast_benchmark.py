"""The scorers behind benchmarks/story_contrast.py (contrastive term weighting in the join score),
on invented features (no corpus needed)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import pytest
from tests.generated import random_story_features

from newsprism.stories import GroupingConfig, StoryFeatures, StoryGrouper

ALONE = GroupingConfig(join_min=0.99, converge_min=2.0)  # every article founds its own story


def _f(name: str, words: str, names: str = "") -> StoryFeatures:
    terms = tuple((w, 2.0) for w in words.split())
    ents = tuple((e, 1.0) for e in names.split(",") if e)
    return StoryFeatures(name, None, terms, ents, (), name)


def _placed(g: StoryGrouper, feats: list[StoryFeatures]) -> list[tuple[Any, ...]]:
    return [(a.story, a.score, a.reason, a.merged, a.split) for a in g.group(feats)]


@pytest.mark.parametrize("variant", ["both", "terms", "entities"])
def test_power_zero_is_the_shipped_grouping(
    benchmark_module: Callable[[str], Any], variant: str
) -> None:
    bench = benchmark_module("story_contrast")
    for seed in (1, 2, 3):
        rng = random.Random(seed)
        feats = [random_story_features(f"a{i}", rng) for i in range(80)]
        shipped = _placed(StoryGrouper(), feats)
        assert _placed(bench.ContrastGrouper(0.0, variant), feats) == shipped
        assert _placed(bench.PairContrastGrouper(0.0), feats) == shipped


def test_the_factor_falls_with_the_open_stories_holding_a_key(
    benchmark_module: Callable[[str], Any],
) -> None:
    bench = benchmark_module("story_contrast")
    for make in (
        lambda: bench.ContrastGrouper(1.0, "both", ALONE),
        lambda: bench.CentroidContrastGrouper(1.0, "both", 40, ALONE),
    ):
        g = make()
        for i, own in enumerate(["harrowmere", "velsing", "brackwater", "oddly"]):
            g.add(_f(f"s{i}", f"shooting police {own}" + (" gunman" if i < 2 else "")))
        g.add(_f("probe", "nothing alike"))  # the centroid table is counted while scoring
        assert len(g.active) == 5
        m = {k: g.factor(k, 5) for k in ("unheard", "harrowmere", "gunman", "shooting")}
        assert m["unheard"] == 1.0
        assert m["harrowmere"] == pytest.approx(
            (math.log(6 / 2) + 1) / (math.log(6) + 1)
        )  # one story of five
        assert m["shooting"] == pytest.approx((math.log(6 / 5) + 1) / (math.log(6) + 1))
        assert 1.0 > m["harrowmere"] > m["gunman"] > m["shooting"] > 0.0
        g.power = 0.5
        assert g.factor("shooting", 5) == pytest.approx(math.sqrt(m["shooting"]))


def test_the_contrast_favours_the_story_that_owns_the_articles_words(
    benchmark_module: Callable[[str], Any],
) -> None:
    """Five stories share a subject's words; the article shares them with all and one word with
    the first story alone: against the shipped score, the contrast widens the first story's lead
    over the others."""
    bench = benchmark_module("story_contrast")
    g = bench.ContrastGrouper(1.0, "both", ALONE)
    subject = "shooting police gunman victims"
    for i, own in enumerate(["harrowmere", "velsing", "brackwater", "oddly", "tarnish"]):
        g.add(_f(f"s{i}", f"{subject} {own} {own}x", "Lena Orrin" if i == 0 else "Cato Ferr"))
    f = _f("probe", f"{subject} harrowmere", "Lena Orrin")
    terms, ents = g._unit(f)
    keys = g._query_keys(terms, ents)
    shipped = {sid: x for x, sid in StoryGrouper._scores(g, f, terms, ents, keys)}
    contrast = {sid: x for x, sid in g._scores(f, terms, ents, keys)}
    first = g.story_of["s0"]
    assert max(shipped, key=shipped.__getitem__) == first == max(contrast, key=contrast.__getitem__)
    for sid in shipped:
        if sid != first:
            assert contrast[first] / contrast[sid] > shipped[first] / shipped[sid]
            assert contrast[sid] < shipped[sid]  # shares only the subject's words


def test_the_pair_variant_takes_off_the_other_storys_own_words(
    benchmark_module: Callable[[str], Any],
) -> None:
    bench = benchmark_module("story_contrast")
    g = bench.PairContrastGrouper(1.0, ALONE)
    g.add(_f("a", "budget senate vote levy"))
    g.add(_f("b", "budget senate vote strike"))
    f = _f("probe", "budget senate levy strike")
    terms, ents = g._unit(f)
    a, b = g.stories[g.story_of["a"]], g.stories[g.story_of["b"]]
    # the article's score with b by b's own word ("strike") alone: its term cosine part
    own_b = (1.0 - g.config.entity_weight) * terms["strike"] * b.terms["strike"]
    assert g._own(terms, ents, b, a) == pytest.approx(own_b)
    keys = g._query_keys(terms, ents)
    shipped = {sid: x for x, sid in StoryGrouper._scores(g, f, terms, ents, keys)}
    paired = {sid: x for x, sid in g._scores(f, terms, ents, keys)}
    assert paired[a.id] == pytest.approx(shipped[a.id] - own_b)
    assert paired[b.id] == pytest.approx(shipped[b.id] - g._own(terms, ents, a, b))
