"""Story labels, made as ``brief`` labels its events (``analyze.relations.events.label``).

A label reads the first sentences of a story's articles, so only their leads are parsed: each
article is cut to its first ``LEAD_CHARS`` characters (a prefix, so offsets are unchanged) and at
most ``MAX_ARTICLES`` articles are read, the founder and the best-scoring members first.  This
costs spaCy time, so labels are made on demand (for the stories shown or briefed), not while
grouping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from newsprism.model import Article, Story

LEAD_CHARS = 1500
MAX_ARTICLES = 6


def _lead(article: Article) -> Article:
    if len(article.text) <= LEAD_CHARS:
        return article
    cut = article.text.rfind("\n", 0, LEAD_CHARS)
    end = cut if cut > LEAD_CHARS // 3 else LEAD_CHARS
    kept = tuple(b for b in article.boilerplate if b.end <= end)
    return dataclasses.replace(article, text=article.text[:end], boilerplate=kept)


def label_stories(stories: Sequence[Story], articles: Mapping[str, Article]) -> list[Story]:
    """``stories`` with their ``label`` filled (stories without readable articles keep theirs)."""
    from newsprism.analyze.relations.events import label
    from newsprism.nlp.annotate import annotate

    chosen: list[list[Article]] = []
    for story in stories:
        ranked = sorted(
            (m for m in story.members if m.article in articles),
            key=lambda m: (m.reason != "founded", -m.score),
        )
        chosen.append([_lead(articles[m.article]) for m in ranked[:MAX_ARTICLES]])
    docs = annotate([a for group in chosen for a in group])
    out = []
    k = 0
    for story, group in zip(stories, chosen, strict=True):
        mine = docs[k : k + len(group)]
        k += len(group)
        out.append(dataclasses.replace(story, label=label(mine) or story.label) if mine else story)
    return out
