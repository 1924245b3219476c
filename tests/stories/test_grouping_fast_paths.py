"""The grouper's cheaper paths give the very floats and orders of the plain ones they replace:
candidate stories summed by ``numpy.bincount`` (``_heaviest``), average linkage that keeps the
block means from one step to the next (``_two_blocks``), an open article's vectors from keys split
once (``_unit``), their IDF read by document frequency (``_weigh``), the split check's
document frequencies kept as an array (``_KeyNumbers``), a split check ended by its least pair
(``_least_pair``) and the copy index filled by ``dict.fromkeys``.  Each is compared with the plain
version written out here, on random inputs with ties."""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable
from operator import neg

import numpy as np
from tests.generated import random_story_features

from newsprism.stories.features import StoryFeatures
from newsprism.stories.grouping import (
    StoryGrouper,
    _add_into,
    _heaviest,
    _least_pair,
    _mean_between,
    _two_blocks,
)


def _heaviest_plainly(postings: list[set[int]], weights: list[float], n: int) -> list[int]:
    rough: dict[int, float] = {}
    for posting, w in zip(postings, weights, strict=True):
        for sid in posting:
            rough[sid] = rough.get(sid, 0.0) + w
    pairs = zip(map(neg, rough.values()), rough, strict=True)
    return [sid for _, sid in heapq.nsmallest(n, pairs)]


def _two_blocks_plainly(sim: list[list[float]]) -> tuple[list[int], list[int]]:
    blocks = [[i] for i in range(len(sim))]
    while len(blocks) > 2:
        best = max(
            (_mean_between(sim, blocks[x], blocks[y]), -x, -y)
            for x in range(len(blocks))
            for y in range(x + 1, len(blocks))
        )
        x, y = -best[1], -best[2]
        blocks[x] = sorted(blocks[x] + blocks[y])
        del blocks[y]
    return blocks[0], blocks[1] if len(blocks) > 1 else []


def test_heaviest_stories_are_those_of_the_plain_sums() -> None:
    rng = random.Random(3)
    for trial in range(400):
        far = trial % 4 == 0  # ids far apart: summed over the distinct ids, not a range
        postings = [
            {rng.randint(1, 60) * (1000 if far else 1) for _ in range(rng.randint(1, 30))}
            for _ in range(rng.randint(1, 40))
        ]
        # few distinct weights: many stories tie and go by their ids
        weights = [rng.choice([0.1, 0.2, 0.25, rng.random()]) for _ in postings]
        for n in (1, 3, 8):
            assert _heaviest(postings, weights, n) == _heaviest_plainly(postings, weights, n)
    assert _heaviest([], [], 8) == []


def _symmetric(n: int, diagonal: float, draw: Callable[[], float]) -> list[list[float]]:
    """An n x n matrix of pair scores: ``diagonal`` on it, ``draw()`` for each pair above it
    (row by row), mirrored below."""
    sim = [[diagonal] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            sim[i][j] = sim[j][i] = draw()
    return sim


def test_two_blocks_are_those_of_the_plain_agglomeration() -> None:
    rng = random.Random(4)
    for _ in range(300):
        n = rng.randint(2, 16)
        sim = _symmetric(n, 0.0, lambda: rng.choice([0.05, 0.1, 0.2, rng.random()]))
        assert _two_blocks(sim) == _two_blocks_plainly(sim)


def test_unit_vectors_are_the_plain_vectors_in_the_same_order() -> None:
    rng = random.Random(5)
    g = StoryGrouper()
    feats = [random_story_features(f"a{i}", rng) for i in range(30)]
    for i, f in enumerate(feats):
        g.observe(f)
        for seen in (f, feats[i // 2], f):  # weighed again at each count, kept within one
            terms, ents = g._unit(seen)
            for got, want in (
                (terms, g._vector(seen.terms, "")),
                (ents, g._vector(seen.entities, "E:")),
            ):
                assert list(got.items()) == list(want.items())  # the same floats and order


def _vector_plainly(
    g: StoryGrouper, items: tuple[tuple[str, float], ...], prefix: str
) -> dict[str, float]:
    """An article's unit vector written out: each key's sublinear tf times its IDF, computed for
    the key (``log((1 + n) / (1 + df)) + idf_add``), then divided by the norm."""
    vec: dict[str, float] = {}
    for k, w in items:
        idf = math.log((1.0 + g.n_docs) / (1.0 + g.df.get(prefix + k, 0))) + g.config.idf_add
        vec[k] = (1.0 + math.log(w) if w >= 1.0 else w) * idf
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else vec


def test_vectors_weighed_by_frequency_are_those_of_the_idf_of_each_key() -> None:
    """``_weigh`` reads the IDF by document frequency (``_IdfOfCount``), computed once for each
    frequency at a count of articles: the same floats as the IDF of each key."""
    rng = random.Random(7)
    g = StoryGrouper()
    feats = [random_story_features(f"a{i}", rng) for i in range(40)]
    for i, f in enumerate(feats):
        if i % 3:  # some articles weighed before they are counted, with keys not yet seen
            g.observe(f)
        for seen in (f, feats[i // 2], feats[i // 3]):
            terms, ents = g._unit(seen)
            assert list(terms.items()) == list(_vector_plainly(g, seen.terms, "").items())
            assert list(ents.items()) == list(_vector_plainly(g, seen.entities, "E:").items())
            assert g._vector(seen.entities, "E:") == ents


def test_split_check_frequencies_follow_the_counts() -> None:
    rng = random.Random(6)
    g = StoryGrouper()
    feats = [random_story_features(f"a{i}", rng) for i in range(40)]
    for f in feats[:20]:
        g.observe(f)
        g.article_raw[f.article] = f
    g._pair_scores([f.article for f in feats[:8]])  # numbers the keys of eight articles
    numbers = g._key_ids
    assert numbers is not None

    def as_counted() -> None:
        want = [float(g.df.get(k, 0)) for k in numbers.keys]
        assert numbers.counts(np.arange(len(numbers.keys)), g.df).tolist() == want

    as_counted()
    for f in feats[20:30]:  # counted after the keys were numbered
        g.observe(f)
        g.article_raw[f.article] = f
    g._pair_scores([f.article for f in feats[15:25]])  # and some keys numbered after that
    as_counted()
    g.df = dict(g.df)  # a table read back from a store: the array is made again
    g.observe(feats[30])
    as_counted()


def _cosines_plainly(g: StoryGrouper, n: int, parts: list[tuple]) -> np.ndarray:
    """One kind's cosines in a pass of its own, the columns by ``numpy.unique``."""
    lengths = [len(p[0]) for p in parts]
    if not sum(lengths):
        return np.zeros((n, n))
    ids = np.concatenate([p[1] for p in parts])
    rows = np.repeat(np.arange(n), lengths)
    assert g._key_ids is not None
    df = g._key_ids.counts(ids, g.df)
    vals = np.concatenate([p[2] for p in parts]) * (
        np.log((1.0 + g.n_docs) / (1.0 + df)) + g.config.idf_add
    )
    norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=n))
    norms[norms == 0.0] = 1.0
    vals /= norms[rows]
    cols, at = np.unique(ids, return_inverse=True)
    m = np.zeros((n, len(cols)))
    m[rows, at] = vals
    out: np.ndarray = m @ m.T
    return out


def test_split_scores_of_both_kinds_in_one_pass_are_those_of_a_pass_each() -> None:
    rng = random.Random(8)
    g = StoryGrouper()
    feats = [random_story_features(f"a{i}", rng) for i in range(60)]
    feats.append(StoryFeatures("bare", None, (), (), (), "bare"))  # no terms, no entities
    feats.append(StoryFeatures("named", None, (), (("Port Alder", 2.0),), (), "named"))
    for f in feats:
        g.observe(f)
        g.article_raw[f.article] = f
    w = g.config.entity_weight
    for _ in range(40):
        arts = [f.article for f in rng.sample(feats, rng.randint(2, 16))]
        got = g._pair_scores(arts)
        packs = [g._packed(a) for a in arts]
        n = len(arts)
        terms = _cosines_plainly(g, n, [p[0] for p in packs])
        ents = _cosines_plainly(g, n, [p[1] for p in packs])
        assert got == ((1.0 - w) * terms + w * ents).tolist()  # the very floats
    assert g._pair_scores(["bare", "bare"]) == [[0.0, 0.0], [0.0, 0.0]]


def test_centroid_sums_are_the_plain_sums_also_into_an_empty_centroid() -> None:
    rng = random.Random(9)
    for _ in range(200):
        total = {f"k{i}": rng.random() for i in rng.sample(range(30), rng.randint(0, 12))}
        vec = {f"k{i}": rng.choice([0.0, 0.5, rng.random()]) for i in rng.sample(range(30), 10)}
        want = dict(total)
        for k, v in vec.items():
            want[k] = want.get(k, 0.0) + v
        _add_into(total, vec)
        assert list(total.items()) == list(want.items())


def test_a_key_given_twice_weighs_as_the_plain_vector() -> None:
    g = StoryGrouper()
    f = StoryFeatures("twice", None, (("ferry", 2.0), ("tide", 1.0), ("ferry", 3.0)), (), (), "")
    g.observe(f)
    got = g._vector(f.terms, "")
    want = _vector_plainly(g, f.terms, "")
    assert list(got.items()) == list(want.items())
    assert list(got) == ["ferry", "tide"]


def _two_subjects(name: str, rng: random.Random) -> StoryFeatures:
    """Features of an article on one of two subjects that share a few words, so that a low bar
    joins them and the split check parts them again."""
    own = rng.choice([["fire", "engine", "blaze", "smoke"], ["strike", "union", "pay", "vote"]])
    words = rng.sample(own, rng.randint(2, 4)) + rng.sample(["ferry", "harbour", "pier"], 1)
    terms = tuple((w, float(rng.randint(1, 4))) for w in words)
    return StoryFeatures(name, 740000 + rng.randint(0, 2), terms, (), (), name)


def test_split_checks_known_from_the_least_pair_end_as_the_full_check() -> None:
    """A split check whose every pair of articles scores above ``split_cross_max`` ends before
    the blocks are found (``_least_pair``): the same assignments, splits and merges as the full
    check on every one, on streams where both paths are taken and stories are split."""
    import dataclasses

    import newsprism.stories.grouping as grouping

    config = dataclasses.replace(StoryGrouper().config, join_min=0.02, merge_min=0.02)
    rng = random.Random(10)
    streams = [[_two_subjects(f"s{t}a{i}", rng) for i in range(60)] for t in range(8)]
    taken = 0
    real = grouping._least_pair

    def counting(sim: list[list[float]]) -> float:
        nonlocal taken
        least = real(sim)
        taken += least > config.split_cross_max * (1 + 1e-9)
        return least

    splits = 0
    for feats in streams:
        grouping._least_pair = lambda sim: -math.inf  # type: ignore[assignment]  # never known
        try:
            want = StoryGrouper(config).group(feats)
        finally:
            grouping._least_pair = real
        grouping._least_pair = counting  # type: ignore[assignment]
        try:
            got = StoryGrouper(config).group(feats)
        finally:
            grouping._least_pair = real
        assert got == want
        splits += sum(a.split is not None for a in want)
    assert taken and splits, (taken, splits)  # both paths were taken


def test_least_pair_is_below_every_mean_across_blocks() -> None:
    rng = random.Random(11)
    for _ in range(300):
        n = rng.randint(4, 16)
        sim = _symmetric(n, 1.0, lambda: rng.choice([0.13, 0.2, 0.1 + rng.random() / 10]))
        least = _least_pair(sim)
        assert least == min(sim[i][j] for i in range(n) for j in range(n) if i != j)
        first, second = _two_blocks(sim)
        assert _mean_between(sim, first, second) >= least * (1 - 1e-12)


def test_copy_index_keeps_the_first_article_of_each_shingle_in_order() -> None:
    g = StoryGrouper()
    plain: dict[int, str] = {}
    rng = random.Random(13)
    for i in range(30):
        shingles = tuple(rng.randint(0, 60) for _ in range(rng.randint(0, 10)))  # with repeats
        f = StoryFeatures(f"a{i}", 740000, (("ferry", 1.0),), (), shingles, f"a{i}")
        g.add(f)
        for h in shingles:
            plain.setdefault(h, f.article)
        assert list(g.shingles.items()) == list(plain.items())
