"""Stories that converge (``stories.converge``): the merge model's features and arithmetic, and
the step in ``StoryGrouper.add`` that merges the placed article's story with another."""

from __future__ import annotations

import math

from newsprism.model import Article
from newsprism.stories import GroupingConfig, StoryGrouper, story_features
from newsprism.stories.converge import FEATURES, MergeModel, default_model, pair_features
from newsprism.stories.features import StoryFeatures

# two reports of one invented story in other words, and an unrelated one
KILN = (
    "The Brackwater pottery kiln collapsed overnight, and the glazing studio of Ansel Mott "
    "lost a season of stoneware; the Brackwater guild will help rebuild the kiln by summer."
)
GLAZE = (
    "Ansel Mott says the Brackwater kiln collapse destroyed his stoneware and that the pottery "
    "guild has promised to rebuild the old kiln before the summer fair."
)
CHESS = (
    "A chess club in Wendle Cross opened a junior section; Priya Olufemi will coach beginners "
    "on Tuesday evenings in the library annex."
)


def _feats(*texts: str) -> list[StoryFeatures]:
    return [
        story_features(Article(f"a{i}", f"a{i}", t, published="2026-03-02"))
        for i, t in enumerate(texts)
    ]


def test_pair_features_put_the_smaller_story_first() -> None:
    x = pair_features(0.2, 6, 1, 0.05, False)
    assert x == (0.2, 0.0, math.log(6), 0.05, 0.0)
    assert pair_features(0.2, 1, 6, 0.05, True) == (0.2, 0.0, math.log(6), 0.05, 1.0)
    assert len(x) == len(FEATURES)


def test_merge_model_is_a_logistic_of_its_weights() -> None:
    m = MergeModel((10.0, 0.0, 0.0, 0.0, 0.0), -1.0)
    assert m.probability((0.1, 0.0, 0.0, 0.0, 0.0)) == 0.5
    assert m.probability((0.5, 0.0, 0.0, 0.0, 0.0)) > 0.95
    assert m.probability((1e9, 0.0, 0.0, 0.0, 0.0)) == 1.0  # clipped, no overflow


def test_the_shipped_model_merges_a_lone_article_sooner_than_two_stories() -> None:
    m = default_model()
    lone = m.probability(pair_features(0.1, 1, 4, 0.1, False))
    two = m.probability(pair_features(0.1, 4, 4, 0.1, False))
    assert lone > two
    # more similar stories are more likely one
    assert m.probability(pair_features(0.15, 1, 4, 0.1, False)) > lone


class _Always(StoryGrouper):
    def _converge_probability(self, s, other, features):  # type: ignore[no-untyped-def]
        return 1.0


def test_the_step_merges_the_articles_story_with_one_it_scored() -> None:
    # a bar no article meets: each founds a story, and only the converge step can join them
    config = GroupingConfig(join_min=0.95, merge_min=0.95)
    kiln, glaze, chess = _feats(KILN, GLAZE, CHESS)
    g = _Always(config)
    placed = g.group([kiln, glaze, chess])
    assert placed[1].merged == (2,)  # a1 founded story 2, merged into story 1, the older
    assert g.story_id("a0") == g.story_id("a1") == 1 != g.story_id("a2")
    assert placed[2].merged == ()  # the chess report scores nothing with the pottery story
    off = _Always(GroupingConfig(join_min=0.95, merge_min=0.95, converge_min=2.0))
    off.group([kiln, glaze, chess])
    assert off.story_id("a0") != off.story_id("a1")  # the step turned off


def test_the_shipped_model_joins_two_lone_reports_of_one_story() -> None:
    config = GroupingConfig(join_min=0.95, merge_min=0.95)  # only the step can join them
    g = StoryGrouper(config)
    placed = g.group(_feats(KILN, GLAZE, CHESS))
    assert g.story_id("a0") == g.story_id("a1") != g.story_id("a2")
    assert placed[1].reason == "founded" and len(placed[1].merged) == 1
    assert len(g.result()) == 2
