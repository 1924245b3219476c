"""Stories that converge: a learned merge of two open stories, checked as each article is placed.

The grouper's first merge step (``StoryGrouper._merge_bridged``) merges two stories when their
similarity passes one hand-set bar (``merge_min``).  Most stories the grouping leaves split are one
article alone beside its story, at a similarity below that bar (docs/evaluation.md, "The
remaining errors by cause"); whether such a pair is one story depends on more than the similarity:
a story of one article near a story of several is more often the same story than two stories of
several articles at the same similarity.  So after an article is placed, its story is compared
with up to ``converge_candidates`` other open stories it scored at least ``converge_floor``
with, and a logistic model over four features of the pair (``FEATURES``) gives the probability
that merging them joins more articles of one story than of two; at ``converge_min`` or more they
merge (the older id survives, as in every merge).  The model was fitted on the tuning half of the
Multi-News dev clusters alone and read on the confirming half (``benchmarks/story_pairs.py
--fit``; weights in ``newsprism/data/story_merge.json``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FEATURES = (
    "story similarity",  # the grouper's score between the two stories (average link)
    "smaller story (log)",  # log of the smaller story's article count
    "larger story (log)",  # log of the larger story's article count
    "article score",  # the placed article's score with the other story
    "one dated",  # 1 when only one of the two stories is dated (no window tells them apart)
)


@dataclass(frozen=True)
class MergeModel:
    """Logistic weights over ``FEATURES`` (raw values, not standardised) and an intercept."""

    weights: tuple[float, ...]
    intercept: float

    def probability(self, features: tuple[float, ...]) -> float:
        z = self.intercept + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def pair_features(
    similarity: float, size_a: int, size_b: int, article_score: float, one_dated: bool
) -> tuple[float, ...]:
    """The model's features of two stories of ``size_a`` and ``size_b`` articles."""
    small, large = sorted((max(1, size_a), max(1, size_b)))
    return (similarity, math.log(small), math.log(large), article_score, float(one_dated))


@lru_cache(maxsize=1)
def default_model() -> MergeModel:
    """The model shipped in ``newsprism/data/story_merge.json`` (``benchmarks/story_pairs.py``)."""
    raw = json.loads(
        resources.files("newsprism.data").joinpath("story_merge.json").read_text(encoding="utf-8")
    )
    return MergeModel(
        tuple(float(raw["weights"][name]) for name in FEATURES), float(raw["intercept"])
    )
