"""Shared helpers of the attribution tests: run the quotes stage on fictional texts and read
back the spans of what it found."""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.analyze.quotes.extract import QuoteResult, find_quotes
from newsprism.model import Article, Quote, Span
from newsprism.nlp.annotate import annotate


def run(*texts: str) -> tuple[list[Article], QuoteResult]:
    """Articles ``a0``, ``a1``, ... of ``texts`` and the quotes stage's result over them."""
    articles = [Article(f"a{i}", f"a{i}.txt", t) for i, t in enumerate(texts)]
    return articles, find_quotes(annotate(articles))


def run_one(text: str) -> tuple[Article, QuoteResult]:
    (article,), result = run(text)
    return article, result


def text_of(article: Article, span: Quote | Span | None) -> str | None:
    return None if span is None else article.text[span.start : span.end]


def cue_text(article: Article, q: Quote) -> str | None:
    return text_of(article, q.cue)


def mention_text(article: Article, q: Quote) -> str | None:
    return text_of(article, q.speaker_mention)


def name(result: QuoteResult, q: Quote) -> str | None:
    """The canonical name of the quote's speaker, None when unresolved."""
    return {s.id: s.name for s in result.speakers}.get(q.speaker or "")


def find(articles: Sequence[Article], result: QuoteResult, needle: str) -> Quote:
    """The first attribution whose content holds ``needle``."""
    by_id = {a.id: a for a in articles}
    hits = [q for q in result.quotes if needle in by_id[q.article].text[q.start : q.end]]
    found = [by_id[q.article].text[q.start : q.end] for q in result.quotes]
    assert hits, f"no attribution holds {needle!r}: {found!r}"
    return hits[0]
