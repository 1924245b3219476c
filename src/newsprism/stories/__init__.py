"""Stories: group a stream of articles into the stories they tell.

- ``features.story_features(article)``: cheap per-article features (no spaCy).
- ``grouping.StoryGrouper``: incremental grouping; ``add`` one article, or ``group`` a batch in
  order (the same answer on the same order).
- ``group_articles(articles)``: the whole thing for articles in memory, as ``Story`` objects.
- ``labels.label_stories``: labels as ``brief``'s events have them (spaCy, on demand).

See ``docs/stories.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.model import Article, Story
from newsprism.stories.features import StoryFeatures, story_features
from newsprism.stories.grouping import Assignment, GroupingConfig, StoryGrouper

__all__ = [
    "Assignment",
    "GroupingConfig",
    "StoryFeatures",
    "StoryGrouper",
    "group_articles",
    "story_features",
]


def group_articles(
    articles: Sequence[Article], config: GroupingConfig | None = None
) -> list[Story]:
    """Stories of ``articles`` placed in the order given (founded order: ``s1``, ``s2`` ...)."""
    grouper = StoryGrouper(config)
    grouper.group(story_features(a) for a in articles)
    return grouper.result()
