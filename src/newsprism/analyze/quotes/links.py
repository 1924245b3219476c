"""Quotes with no cue of their own that continue another's speaker.

* ``link_continuations``: a reopened paragraph (``“... \n\n “...``), the next quote after
  ``“...,” X said.`` in the same paragraph, or a quote-only paragraph after an attributed one;
* ``link_to_sentence``: a whole quoted sentence right after an attributed paraphrase of the same
  paragraph (``The ferry will run, said Mayor Okafor. “We will find the money.”``);
* ``link_paragraphs``: a paragraph that opens with a quote continues the last attribution of the
  paragraph before it; a run of them before ``“...,” X added.`` is X's;
* ``link_answers``: in a Q&A, a quote-only answer right after a question paragraph continues the
  speaker of the quote-only answer before that question.

A linked quote's ``inherit`` points to the quote whose speaker it shares; ``root`` follows the
chain to the one that has a cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.analyze.quotes.cues import ArticleView, Found, sentence_ends
from newsprism.analyze.quotes.marks import TERMINAL
from newsprism.analyze.quotes.speakers import np_span


def link_continuations(art: ArticleView, found: Sequence[Found]) -> None:
    """Quotes with no cue of their own take the speaker of the quote they continue: a reopened
    paragraph, the next quote after ``“...,” X said.``, or a quote-only paragraph after one."""
    direct = [f for f in found if f.kind == "direct" and f.piece is not None]
    for prev, f in zip(direct, direct[1:], strict=False):
        q, p = f.piece, prev.piece
        assert q is not None and p is not None
        if f.cue is not None:
            continue
        if q.reopens:
            f.inherit = prev
        elif p.segment == q.segment:
            between = art.text[p.region.end : q.open_mark]
            cue_between = prev.cue is not None and p.region.end <= prev.cue.start < q.open_mark
            if not between.strip() or (cue_between and sentence_ends(between) <= 1):
                f.inherit = prev
        elif p.segment == q.segment - 1 and (prev.cue is not None or prev.inherit is not None):
            rest = art.text[p.region.end : art.doc.segments[p.segment].segment.end]
            lead = art.text[art.doc.segments[q.segment].segment.start : q.open_mark]
            if not lead.strip() and sum(rest.count(c) for c in TERMINAL) <= 1:
                f.inherit = prev
    for f, nxt in reversed(list(zip(direct, direct[1:], strict=False))):
        # a piece that runs on takes the cue of its continuation
        runs_on = f.piece is not None and f.piece.runs_on
        reopened = nxt.piece is not None and nxt.piece.reopens
        if f.cue is None and f.inherit is None and runs_on and reopened:
            f.inherit = nxt if (nxt.cue or nxt.inherit) else None


def root_of(f: Found) -> Found:
    seen = {id(f)}
    while f.inherit is not None and id(f.inherit) not in seen:
        f = f.inherit
        seen.add(id(f))
    return f


# "“...,” X added." after quote-only paragraphs: the cue says the speaker is going on
CONTINUING_CUES = frozenset({"add", "continue", "conclude", "go"})


def _quote_only(art: ArticleView, f: Found) -> bool:
    """``f`` opens its paragraph with a quote mark (nothing of the writer's before it)."""
    q = f.piece
    if q is None or f.kind != "direct":
        return False
    seg = art.doc.segments[q.segment].segment
    return not art.text[seg.start : q.open_mark].strip()


def _speaks(f: Found) -> bool:
    root = root_of(f)
    return root.cue is not None and root.subject is not None


def link_paragraphs(art: ArticleView, found: Sequence[Found]) -> None:
    """A paragraph that opens with a quote and has no cue continues the speaker of the last
    attribution of the paragraph before it (direct, mixed or reported speech) when nothing but
    a sentence follows that attribution there; a run of such paragraphs continues it too.  A
    run with no speaker before it takes the speaker of the quote after it when that one says
    the speaker is going on (``“...,” X added.``, ``according to X``)."""
    by_segment: dict[int, list[Found]] = {}
    for f in found:
        seg = f.piece.segment if f.piece is not None else _segment_of(art, f.start)
        if seg is not None:
            by_segment.setdefault(seg, []).append(f)
    for f in found:  # text order: a run of quote-only paragraphs chains
        q = f.piece
        if f.cue is not None or f.inherit is not None or q is None or not _quote_only(art, f):
            continue
        before = [g for g in by_segment.get(q.segment - 1, []) if _speaks(g)]
        if not before:
            continue
        last = max(before, key=lambda g: max(g.end, g.cue.end if g.cue else g.end))
        para = art.doc.segments[q.segment - 1].segment
        tail = art.text[max(last.end, last.cue.end if last.cue else 0) : para.end]
        if sentence_ends(tail) <= 1:
            f.inherit = last
    for f in reversed(found):
        q = f.piece
        if f.cue is not None or f.inherit is not None or q is None or not _quote_only(art, f):
            continue
        after = by_segment.get(q.segment + 1, [])
        nxt = next((g for g in after if g.piece is not None and _quote_only(art, g)), None)
        if nxt is None or not _speaks(nxt):
            continue
        root = root_of(nxt)
        assert root.cue is not None
        cue = art.text[root.cue.start : root.cue.end].lower()
        if nxt.cue is None or cue == "according to" or _lemma(art, root) in CONTINUING_CUES:
            f.inherit = nxt


MAX_QUESTION_WORDS = 40


def _question(art: ArticleView, seg: int, found: Sequence[Found]) -> bool:
    """Paragraph ``seg`` is an interviewer's question: one short paragraph ending with ``?``,
    with no quote of its own."""
    para = art.doc.segments[seg].segment
    text = art.text[para.start : para.end].strip()
    if not text.endswith("?") or len(text.split()) > MAX_QUESTION_WORDS:
        return False
    return not any(para.start <= f.start < para.end for f in found) and not any(
        para.start <= r.start < para.end for r in art.quoted
    )


def link_answers(art: ArticleView, found: Sequence[Found]) -> None:
    """Q&A turns: a quote-only paragraph with no cue right after a question paragraph continues
    the speaker of the quote-only paragraph right before that question (the answer before, or
    the model's choice for it); after a paragraph of the writer's with no quote, the first
    answer is the person that paragraph ends on (a new person introduced stops the run)."""
    answers: dict[int, Found] = {}
    for f in found:
        if f.piece is not None and _quote_only(art, f):
            answers.setdefault(f.piece.segment, f)
    for f in found:  # text order: a run of answers chains
        q = f.piece
        if f.cue is not None or f.inherit is not None or q is None or not _quote_only(art, f):
            continue
        if answers.get(q.segment) is not f or q.segment < 2:
            continue
        if not _question(art, q.segment - 1, found):
            continue
        before = answers.get(q.segment - 2)
        if before is not None:
            f.inherit = before
        elif not any(
            _segment_of(art, g.start) == q.segment - 2 and _attributed(g) for g in found
        ):  # a title or scare quotes in the writer's paragraph are no one's words
            _introduced(art, f, q.segment - 2)


def _attributed(f: Found) -> bool:
    return f.cue is not None or f.subject is not None or f.inherit is not None


def _introduced(art: ArticleView, f: Found, seg: int) -> None:
    """``Coach Lina Ruiz also took questions.`` / ``Why ...?`` / ``“...”``: the first answer is
    the person (or ``he``/``she``) who is the subject of the last sentence before the question."""
    doc = art.doc.segments[seg].doc
    subject = None
    for sent in reversed(list(doc.sents)):  # the last sentence whose subject is a person
        cand = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if cand is None or art.inside_quote(art.pos(seg, cand)):
            continue
        person = cand.ent_type_ == "PERSON" or cand.lower_ in ("he", "she")
        if person and sent.root.pos_ in ("VERB", "AUX"):
            subject = cand
            break
    if subject is None:
        return
    f.subject = subject
    f.subject_at = art.pos(seg, subject)
    f.mention = np_span(subject, art.doc.segments[seg].offset)


def _segment_of(art: ArticleView, pos: int) -> int | None:
    for k, p in enumerate(art.doc.segments):
        if p.segment.start <= pos < p.segment.end:
            return k
    return None


def _lemma(art: ArticleView, f: Found) -> str:
    """The lemma of ``f``'s cue verb ("" when the cue is not a token)."""
    if f.cue is None:
        return ""
    seg = _segment_of(art, f.cue.start)
    if seg is None:
        return ""
    tok = art.doc.segments[seg].doc[art.token(seg, f.cue.start)]
    return str(tok.lemma_.lower())


def link_to_sentence(art: ArticleView, found: Sequence[Found]) -> None:
    """A whole quoted sentence with no cue right after an attributed sentence of the same
    paragraph (``The ferry will run, said Mayor Okafor. “We will find the money.”``) continues
    that sentence's speaker."""
    for k, f in enumerate(found):
        q = f.piece
        if f.kind != "direct" or f.cue is not None or f.inherit is not None or q is None:
            continue
        seg = q.segment
        sdoc = art.doc.segments[seg].doc
        i = art.token(seg, q.open_mark)
        if i == 0 or art.pos(seg, sdoc[i]) != q.open_mark or not sdoc[i].is_sent_start:
            continue
        prev = sdoc[i - 1].sent
        lo, hi = art.pos(seg, sdoc[prev.start]), q.open_mark
        before = [
            g for g in found[:k] if g.cue is not None and lo <= g.cue.start < hi and g.end <= hi
        ]
        if before and before[-1].subject is not None and before[-1].kind != "direct":
            f.inherit = before[-1]  # (after a direct quote, _link decides)
