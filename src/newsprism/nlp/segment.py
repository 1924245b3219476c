"""Content segments: the parts of an article that analyses read.

An article is split into paragraphs at line breaks; boilerplate spans are cut out of them.  What
remains are the *content segments*, each a span of the article text with no marked boilerplate in
it.  Every analysis reads only these, so a caption or a footer never reaches a summary or a quote.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from newsprism.model import Article, Span

_PARAGRAPH = re.compile(r"[^\n]+")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit: ``str.isalnum`` (``\w`` is it or "_")


@dataclass(frozen=True)
class Segment:
    """A span of content inside paragraph ``paragraph`` (counted over non-blank lines)."""

    start: int
    end: int
    paragraph: int


def paragraphs(text: str, limit: int | None = None) -> list[Span]:
    """Non-blank lines of ``text`` with surrounding whitespace trimmed, as spans (the first
    ``limit`` of them when it is given)."""
    return [Span(start, end) for start, end in _lines(text, limit)]


@functools.lru_cache(maxsize=16)
def text_lines(text: str) -> tuple[tuple[int, int], ...]:
    """``paragraphs`` of ``text`` as (start, end) pairs, for the last few texts asked: an
    ingest's boilerplate marks, metadata, wire credit and segments read one text's lines in
    turn."""
    return tuple(_lines(text))


def _lines(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """``paragraphs`` as (start, end) pairs: each line trimmed by ``str.strip``, which cuts the
    characters ``str.isspace`` holds (as ``_trim``), in C."""
    spans: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        line = m.group()
        kept = line.strip()
        if kept:
            start = m.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(kept)))
            if len(spans) == limit:
                break
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_LAST: tuple[Article, tuple[Segment, ...]] | None = None  # the article segmented last


def content_segments(article: Article) -> list[Segment]:
    """Paragraph pieces not covered by boilerplate, trimmed, in text order.

    The segments of the article asked last are kept, so stages that read one article in turn
    (an ingest worker's page-kind check, story features and fingerprint) segment it once: an
    ``Article`` is frozen, so the same object has the same segments."""
    global _LAST
    last = _LAST
    if last is not None and last[0] is article:
        return list(last[1])
    segments = _segments(article)
    _LAST = (article, tuple(segments))
    return segments


def _segments(article: Article) -> list[Segment]:
    cuts: list[tuple[int, int]] = []  # boilerplate spans merged: disjoint and in order
    for cs, ce in sorted((b.start, b.end) for b in article.boilerplate):
        if cuts and cs <= cuts[-1][1]:
            cuts[-1] = (cuts[-1][0], max(cuts[-1][1], ce))
        else:
            cuts.append((cs, ce))
    cut_ends = [ce for _, ce in cuts]
    segments: list[Segment] = []
    text = article.text
    for index, (para_start, para_end) in enumerate(text_lines(text)):
        # only the cuts that reach into the paragraph (a bisection, not a scan of every cut)
        k = bisect.bisect_right(cut_ends, para_start) if cuts else 0
        if k == len(cuts) or cuts[k][0] >= para_end:  # none: the line, trimmed already
            if _ALNUM.search(text, para_start, para_end):
                segments.append(Segment(para_start, para_end, index))
            continue
        pieces = [(para_start, para_end)]
        while k < len(cuts) and cuts[k][0] < para_end:
            cs, ce = cuts[k]
            k += 1
            next_pieces = []
            for ps, pe in pieces:
                if ce <= ps or cs >= pe:
                    next_pieces.append((ps, pe))
                    continue
                if cs > ps:
                    next_pieces.append((ps, cs))
                if ce < pe:
                    next_pieces.append((ce, pe))
            pieces = next_pieces
        for ps, pe in pieces:
            s, e = _trim(article.text, ps, pe)
            if e > s and _ALNUM.search(text, s, e):
                segments.append(Segment(s, e, index))
    return segments
