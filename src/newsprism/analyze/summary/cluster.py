"""Summaries of bare document clusters (``newsprism summarize --jsonl``, Multi-News).

A cluster is a list of document strings with no metadata.  Each document becomes an ``Article``
whose text is the string exactly as given (id ``"0"``, ``"1"``, ... by position), so a citation's
``[start, end)`` indexes the document string itself.  Boilerplate is marked, the content is
parsed, relations (versions, wire copies) are found, and the same ``summarize`` as the briefing
runs with one event holding every document: a cluster is one story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.analyze.summary.summarize import SummaryConfig, summarize
from newsprism.model import Article, Event, SummaryItem
from newsprism.nlp.annotate import AnnotatedArticle


@dataclass(frozen=True)
class ClusterCitation:
    document: int
    start: int
    end: int


@dataclass(frozen=True)
class ClusterSentence:
    text: str
    citations: tuple[ClusterCitation, ...]
    support: int  # independent sources of the cluster that report it


def cluster_articles(documents: Sequence[str]) -> list[Article]:
    """One boilerplate-marked article per document string, text unchanged, id = its position."""
    from newsprism.ingest.boilerplate import mark_boilerplate

    return [mark_boilerplate(Article(str(i), f"document {i}", d)) for i, d in enumerate(documents)]


def summarize_annotated(
    docs: Sequence[AnnotatedArticle], words: int = 230, config: SummaryConfig | None = None
) -> tuple[SummaryItem, ...]:
    """The summary of already annotated cluster documents (one event holding them all)."""
    from newsprism.analyze.relations.links import find_relations

    if not docs:
        return ()
    relations = find_relations(docs)
    event = Event("cluster", "cluster", tuple(d.id for d in docs))
    return summarize(docs, (event,), relations, words=words, config=config)


def to_cluster_sentences(items: Sequence[SummaryItem]) -> list[ClusterSentence]:
    return [
        ClusterSentence(
            i.text,
            tuple(ClusterCitation(int(c.article), c.start, c.end) for c in i.citations),
            len(i.support),
        )
        for i in items
    ]


def summarize_documents(
    documents: Sequence[str], words: int = 230, config: SummaryConfig | None = None
) -> list[ClusterSentence]:
    """Cited summary of one cluster; citations are offsets into ``documents[k]`` as given."""
    from newsprism.nlp.annotate import annotate

    articles = cluster_articles(documents)
    docs = annotate(articles)
    return to_cluster_sentences(summarize_annotated(docs, words, config))
