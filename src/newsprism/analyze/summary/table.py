"""The table of sentences the summary chooses from: every content sentence, its independent
source, and the stand-alone rule it breaks (``sentence_filters``), if any.

A sentence is a *candidate* when it breaks no rule, or only a rule listed in
``FilterConfig.fallback``: such a sentence is held in *reserve* and taken only when the other
candidates cannot fill the budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from newsprism.analyze.summary.filters import (
    FilterConfig,
    opens_inside_quote,
    quote_regions,
    reject_reason,
)
from newsprism.model import RepeatedPassage, Sentence
from newsprism.nlp.annotate import AnnotatedArticle


class RelationsLike(Protocol):
    """What the summary reads from ``analyze.relations.RelationResult``."""

    @property
    def repeated(self) -> Sequence[RepeatedPassage]: ...

    @property
    def independent(self) -> Sequence[Sequence[str]]: ...


@dataclass
class Table:
    """All content sentences of the briefing, in article order then sentence order."""

    sentences: list[Sentence]
    texts: list[str]
    article: np.ndarray  # index into docs
    group: np.ndarray  # index of the independent source
    reasons: list[str | None]  # why a sentence is not a candidate (None: it is one)
    reps: list[str]  # representative article id of each independent source
    fallback: frozenset[str] = frozenset()  # reasons that only hold a sentence in reserve
    candidate: np.ndarray = field(init=False)  # True where the reason is None or a fallback
    reserve: np.ndarray = field(init=False)  # True where the reason is a fallback

    def __post_init__(self) -> None:
        self.reserve = np.array([r in self.fallback for r in self.reasons], dtype=bool)
        self.candidate = np.array([r is None for r in self.reasons], dtype=bool) | self.reserve


def _source_groups(docs: Sequence[AnnotatedArticle], relations: RelationsLike) -> list[list[str]]:
    known = {d.id for d in docs}
    groups: list[list[str]] = []
    seen: set[str] = set()
    for group in relations.independent:
        members = [a for a in group if a in known and a not in seen]
        if members:
            groups.append(members)
            seen.update(members)
    groups.extend([d.id] for d in docs if d.id not in seen)
    return groups


def _spans(doc: AnnotatedArticle) -> list[tuple[object, int]]:
    """Each content sentence's spaCy span (``None`` if unaligned) and its segment's index."""
    out: list[tuple[object, int]] = []
    segs = doc.segments
    k = 0
    for s in doc.sentences:
        while k < len(segs) and segs[k].segment.end < s.end:
            k += 1
        span = None
        if k < len(segs) and segs[k].segment.start <= s.start:
            off = segs[k].offset
            span = segs[k].doc.char_span(s.start - off, s.end - off, alignment_mode="expand")
        out.append((span, k))
    return out


def _whole_quotes(
    doc: AnnotatedArticle,
    local: Sequence[tuple[Sentence, Any, int, str | None]],
    filters: FilterConfig,
    longest: int = 4,
) -> list[tuple[Sentence, str, str | None]]:
    """Quotes kept whole: a sentence that opens a quote its paragraph closes one to ``longest``
    sentences later becomes, with those sentences, one span (``“A. B,” she said.``) that is a
    candidate when the joined text passes the stand-alone rules."""
    out: list[tuple[Sentence, str, str | None]] = []
    text = doc.article.text
    for n, (s, span, k, reason) in enumerate(local):
        if reason != "unbalanced_quotes" or span is None:
            continue
        regions = quote_regions(text[s.start : s.end])[0]
        if not regions or regions[-1][1] != s.end - s.start:
            continue  # it does not open a quote that runs to its end
        for e, _, k2, _ in local[n + 1 : n + 1 + longest]:
            if k2 != k:
                break
            joined = text[s.start : e.end]
            if not quote_regions(joined)[1]:
                continue
            seg = doc.segments[k]
            whole = seg.doc.char_span(s.start - seg.offset, e.end - seg.offset, "expand")
            if whole is not None:
                why = reject_reason(joined, whole, filters)
                if why is None or why in filters.fallback:
                    sentence = Sentence(s.article, s.start, e.end, s.index, s.paragraph)
                    out.append((sentence, joined, why))
            break
    return out


def _with_antecedent(
    doc: AnnotatedArticle,
    local: Sequence[tuple[Sentence, Any, int, str | None]],
    filters: FilterConfig,
) -> list[tuple[Sentence, str, str | None]]:
    """A sentence that needs the previous one (``He added ...``, ``But ...``) joined with it,
    when that previous sentence of its paragraph stands alone: ``A. He added B.`` as one span."""
    out: list[tuple[Sentence, str, str | None]] = []
    text = doc.article.text
    for (p, _, kp, why_p), (s, _, k, why) in zip(local, local[1:], strict=False):
        if why not in _NEEDS_PREVIOUS or why_p is not None or kp != k or p.paragraph != s.paragraph:
            continue
        seg = doc.segments[k]
        joined = text[p.start : s.end]
        span = seg.doc.char_span(p.start - seg.offset, s.end - seg.offset, "expand")
        if span is not None and reject_reason(joined, span, filters) is None:
            out.append((Sentence(p.article, p.start, s.end, p.index, p.paragraph), joined, None))
    return out


_NEEDS_PREVIOUS = frozenset({"dangling_start", "unresolved_subject"})


def build_table(
    docs: Sequence[AnnotatedArticle], relations: RelationsLike, filters: FilterConfig
) -> Table:
    groups = _source_groups(docs, relations)
    group_of = {a: g for g, members in enumerate(groups) for a in members}
    repeats: dict[str, list[tuple[int, int]]] = {}
    for rp in relations.repeated:
        repeats.setdefault(rp.article, []).append((rp.repeat.start, rp.repeat.end))
    sentences: list[Sentence] = []
    texts: list[str] = []
    article: list[int] = []
    reasons: list[str | None] = []
    for i, doc in enumerate(docs):
        seen: set[str] = set()
        quotes: dict[int, tuple[str, list[tuple[int, int]]]] = {}  # per segment
        local: list[tuple[Sentence, Any, int, str | None]] = []
        for s, (span, k) in zip(doc.sentences, _spans(doc), strict=True):
            text = doc.sentence_text(s)
            if span is None:
                reason: str | None = "unparsed"
            else:
                seg = doc.segments[k].segment
                if k not in quotes:
                    para = doc.article.text[seg.start : seg.end]
                    quotes[k] = (para, quote_regions(para)[0])
                para, regions = quotes[k]
                if any(a <= s.start and s.end <= b for a, b in repeats.get(doc.id, ())):
                    reason = "repeated_passage"
                elif (
                    filters.stand_alone
                    and "quote_continuation" not in filters.allow
                    and opens_inside_quote(para, s.start - seg.start, regions)
                ):
                    reason = "quote_continuation"
                elif " ".join(text.split()) in seen:
                    reason = "repeated_sentence"
                else:
                    reason = reject_reason(text, span, filters)
            seen.add(" ".join(text.split()))
            sentences.append(s)
            texts.append(text)
            article.append(i)
            reasons.append(reason)
            local.append((s, span, k, reason))
        if filters.stand_alone:
            joined = _whole_quotes(doc, local, filters) if filters.merge_quotes else []
            if filters.join_previous:
                joined += _with_antecedent(doc, local, filters)
            for s, text, reason in joined:
                sentences.append(s)
                texts.append(text)
                article.append(i)
                reasons.append(reason)
    art = np.asarray(article, dtype=np.int64)
    grp = np.asarray([group_of[docs[i].id] for i in article], dtype=np.int64)
    reps = [g[0] for g in groups]
    return Table(sentences, texts, art, grp, reasons, reps, filters.fallback)
