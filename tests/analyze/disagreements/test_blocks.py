"""Claim similarity in blocks and the pairs read from it (``analyze.disagreements.blocks``): the
same pairs, in the same order, as the double loop over every pair they replace."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from newsprism.analyze.disagreements.agreement import group_claims
from newsprism.analyze.disagreements.blocks import (
    BlockSimilarity,
    block_similarity,
    cross_source_pairs,
    cue_mask,
    cue_pairs,
    similar_pairs,
)
from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.nli import TfidfSimilarity, cue_contrast
from newsprism.model import Claim

STEMS = [
    "vote",
    "ferry",
    "close",
    "council",
    "budget",
    "harbour",
    "night",
    "route",
    "fare",
    "island",
]
PREDICATES = ["agree", "close", "sell", "vote", "meet"]


def _claims(n: int, seed: int = 0) -> list[ClaimInfo]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        preds = frozenset(rng.sample(PREDICATES, rng.randint(0, 2)))
        out.append(
            ClaimInfo(
                Claim(f"c{i}", f"a{i % 7}", 0, 10, entities=tuple(rng.sample(["X", "Y", "Z"], 1))),
                text=f"claim {i}",
                stems=tuple(rng.sample(STEMS, rng.randint(1, 4))),
                polarity=1,
                evaluation=rng.choice([0, 0, 1, -1]),
                account=rng.choice([None, None, None, "denied"]),
                numbers=tuple(
                    (float(rng.randint(1, 3)), rng.choice(["vote", "year", "pound"]))
                    for _ in range(rng.randint(0, 1))
                ),
                dates=(),
                speaker_name=None,
                source=i % 5,
                predicates=preds,
                negated=frozenset(p for p in preds if rng.random() < 0.4),
            )
        )
    return out


def _loop_pairs(sim: np.ndarray, floor: float) -> list[tuple[int, int]]:
    n = sim.shape[0]
    return [(i, j) for i in range(n) for j in range(i + 1, n) if sim[i, j] >= floor]


def test_similar_pairs_match_the_double_loop() -> None:
    rng = np.random.default_rng(1)
    m = rng.random((30, 30))
    sim = (m + m.T) / 2
    assert list(similar_pairs(sim, 0.6)) == _loop_pairs(sim, 0.6)


def test_block_similarity_is_zero_across_blocks() -> None:
    claims = _claims(20)
    blocks = [[i for i in range(20) if i % 2 == 0], [i for i in range(20) if i % 2 == 1]]
    sim = block_similarity(claims, TfidfSimilarity(), blocks)
    dense = sim.toarray()
    assert sim.shape == (20, 20)
    assert sim[0, 1] == 0.0 and dense[0, 1] == 0.0
    even = TfidfSimilarity().matrix([claims[i] for i in blocks[0]])
    assert sim[0, 2] == even[0, 1] == dense[0, 2]
    # pairs come from inside the blocks only, in row order
    pairs = list(similar_pairs(sim, 0.1))
    assert pairs == _loop_pairs(dense, 0.1)
    assert all(i % 2 == j % 2 for i, j in pairs)


def test_one_block_gives_the_whole_matrix() -> None:
    claims = _claims(25, seed=3)
    sim = block_similarity(claims, TfidfSimilarity())
    assert np.array_equal(sim.toarray(), TfidfSimilarity().matrix(claims))


def test_entity_overlap_is_the_jaccard_of_entity_sets() -> None:
    rng = random.Random(5)
    claims = [
        dataclasses.replace(
            c,
            stems=(f"only{i}",),  # no stem in common: the similarity is the entity share alone
            claim=dataclasses.replace(c.claim, entities=tuple(rng.sample("ABCDE", 2))),
        )
        for i, c in enumerate(_claims(12, seed=5))
    ]
    sim = TfidfSimilarity().matrix(claims)
    ents = [set(c.claim.entities) for c in claims]
    for i in range(12):
        for j in range(12):
            if i != j:
                jaccard = len(ents[i] & ents[j]) / len(ents[i] | ents[j])
                assert sim[i, j] == 0.15 * jaccard


def test_cue_mask_holds_every_pair_whose_cues_contrast() -> None:
    claims = _claims(60, seed=7)
    mask = cue_mask(claims)
    for i, a in enumerate(claims):
        for j, b in enumerate(claims):
            if i != j and cue_contrast(a, b) is not None:
                assert mask[i, j]


def test_cue_pairs_keep_the_order_of_the_double_loop() -> None:
    claims = _claims(40, seed=11)
    sim = TfidfSimilarity().matrix(claims)
    got = list(cue_pairs(claims, sim, 0.05, cues_only=True))
    want = [
        (i, j) for i, j in _loop_pairs(sim, 0.05) if cue_contrast(claims[i], claims[j]) is not None
    ]
    assert set(want) <= set(got)
    assert got == sorted(got)
    assert list(cue_pairs(claims, sim, 0.05, cues_only=False)) == _loop_pairs(sim, 0.05)


def test_groups_never_join_claims_of_different_blocks() -> None:
    claims = _claims(30, seed=13)
    whole = TfidfSimilarity().matrix(claims)
    blocks = [list(range(15)), list(range(15, 30))]
    split = block_similarity(claims, TfidfSimilarity(), blocks)
    index = {c.claim.id: i for i, c in enumerate(claims)}
    for g in group_claims(claims, split):
        sides = {index[c] < 15 for c in g.claims}
        assert len(sides) == 1
    assert isinstance(split, BlockSimilarity)
    assert group_claims(claims, whole) == group_claims(
        claims, block_similarity(claims, TfidfSimilarity())
    )


def test_cross_source_pairs_skip_one_source_and_two_events() -> None:
    claims = _claims(12)
    claims[3] = dataclasses.replace(
        claims[3], claim=dataclasses.replace(claims[3].claim, event="e1")
    )
    claims[4] = dataclasses.replace(
        claims[4], claim=dataclasses.replace(claims[4].claim, event="e2")
    )
    order = [0, 3, 4, 5, 10]  # sources 0, 3, 4, 0, 0
    got = list(cross_source_pairs(claims, order))
    # (0, 5), (0, 10), (5, 10): one source; (3, 4): two events
    assert got == [(0, 3), (0, 4), (3, 5), (3, 10), (4, 5), (4, 10)]
