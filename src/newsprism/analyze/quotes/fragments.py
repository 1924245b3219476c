"""Quoted fragments: the words in quote marks are part of the writer's sentence (``She said the
plan was “dead on arrival” for now``), so the attribution is found in the parse around them.

``attribute_fragment`` climbs from the fragment to the nearest speech verb, reporting noun
(``claims by X that ...``), finding or belief verb (``the audit found that ...``), ``according
to`` phrase or parenthetical aside (``as X put it``); failing those, a trailing cue after the
closing mark (``... “is growth,” X said.``) or the nearest verb whose subject can be a speaker
(``X has been pounding Y as a “con artist”``).  The content is the cue's reported clause around
the fragment (kind ``mixed``), or the fragment alone (kind ``direct``) when nothing of the
writer's is left around it; a fragment of two or more words with no cue is kept with none.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.analyze.quotes.bounds import dash_tail, reported_bounds, without_aside
from newsprism.analyze.quotes.cues import (
    DIRECTIVE_CUES,
    INDIRECT_CUES,
    LABEL_CUES,
    ArticleView,
    Found,
    Token,
    best_cue,
)
from newsprism.analyze.quotes.marks import TERMINAL, MarkedQuote
from newsprism.analyze.quotes.speakers import REPORT_NOUNS, report_agent, subject_of
from newsprism.model import Span


def _noun_cue(art: ArticleView, seg: int, noun: Token, child: Token) -> bool:
    """A reporting noun whose content clause holds the fragment ("claims by X that ...")."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in REPORT_NOUNS:
        return False
    if art.inside_quote(art.pos(seg, noun)) or child.dep_ == "relcl":
        return False
    return report_agent(noun) is not None or any(
        c.dep_ == "mark" and c.lower_ == "that" for c in child.children
    )


def _clause_cue(art: ArticleView, seg: int, verb: Token, child: Token) -> bool:
    """A verb reporting a finding or belief whose clause holds the fragment ("the report found
    that ... “...”", "X agreed that ...")."""
    return (
        verb.pos_ == "VERB"
        and verb.lemma_.lower() in INDIRECT_CUES
        and child.dep_ == "ccomp"
        and (child.i > verb.i or subject_of(verb) is not None)
        and not any(c.dep_ == "neg" for c in verb.children)
        and not art.inside_quote(art.pos(seg, verb))
    )


def _as_clause(verb: Token) -> bool:
    """``as X put it`` / ``as X noted``: an adverbial clause opened by "as"."""
    return bool(
        verb.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children)
    )


def _aside_cue(art: ArticleView, seg: int, clause: Token) -> Token | None:
    """A parenthetical cue of ``clause`` with a subject ("Closing it, he warned, would ...")."""
    return next(
        (
            c
            for c in clause.children
            if (c.dep_ == "parataxis" or _as_clause(c))
            and (art.is_cue(seg, c) or (_as_clause(c) and c.lemma_.lower() == "put"))
            and subject_of(c) is not None
        ),
        None,
    )


def _according_child(art: ArticleView, seg: int, clause: Token) -> Token | None:
    """The ``according`` of an ``according to X`` phrase hung on ``clause``, if any."""
    return next(
        (c for c in clause.children if c.lower_ == "according" and art.is_cue(seg, c)), None
    )


def _trailing_cue(art: ArticleView, q: MarkedQuote, root: Token) -> tuple[Token, Token] | None:
    """``A ... “b,” X said.``: a fragment closed by a comma and followed by a cue that ends the
    sentence and governs it; the cue with its child that holds the fragment, or None."""
    seg = q.segment
    if q.close_mark is None:
        return None
    body_end = art.text[q.start : q.end].rstrip()[-1:]
    after = art.text[q.region.end : q.region.end + 2].lstrip()[:1]
    if "," not in (body_end, after):
        return None
    k = art.token(seg, q.close_mark) + 1
    toks = art.window(seg, k, 1)
    sdoc = art.doc.segments[seg].doc
    if not toks or len(toks) > 12:
        return None
    end = toks[-1].i + 1
    if end < len(sdoc) and not (sdoc[end].text in TERMINAL or sdoc[end].is_sent_start):
        return None
    cue = best_cue(art, seg, toks, True)
    if cue is None or subject_of(cue) is None:
        return None
    child = root
    while child.head.i != child.i and child.head.i != cue.i:
        child = child.head
    return (cue, child) if child.head.i == cue.i else None


def _governing_verb(art: ArticleView, seg: int, tok: Token) -> tuple[Token | None, Token | None]:
    """The nearest verb above ``tok`` whose subject can be a speaker ("Reid has been pounding
    Trump as a “con artist”"), with the child of it that holds ``tok``; (None, None) if none."""
    child, cur = tok, tok.head
    for _ in range(8):
        word = any(c.isalpha() for c in cur.text)  # not a dash mis-tagged as a verb
        if cur.pos_ in ("VERB", "AUX") and word and not art.inside_quote(art.pos(seg, cur)):
            subj = subject_of(cur)
            if (
                subj is not None
                and subj.i < cur.i
                and (subj.ent_type_ in ("PERSON", "ORG", "NORP") or subj.pos_ == "PRON")
                and subj.lower_ not in ("it", "there", "this", "that")
                and not art.inside_quote(art.pos(seg, subj))
                and child.i > cur.i
            ):
                return cur, child
            return None, None
        if cur.head.i == cur.i:
            break
        child, cur = cur, cur.head
    return None, None


def attribute_fragment(
    art: ArticleView, q: MarkedQuote, quotes: Sequence[MarkedQuote]
) -> Found | None:
    seg = q.segment
    sdoc = art.doc.segments[seg].doc
    first, last = art.token(seg, q.start), art.token(seg, max(q.start, q.end - 1))
    inside = range(first, last + 1)
    roots = [t for t in sdoc[first : last + 1] if t.head.i not in inside and not t.is_punct]
    cue: Token | None = None
    child: Token | None = None
    top = next((t for t in sdoc[first : last + 1] if t.head.i == t.i), None)
    aside = _aside_cue(art, seg, top) if top is not None and not roots else None
    according = _according_child(art, seg, top) if top is not None and not roots else None
    trailing = _trailing_cue(art, q, roots[0]) if roots else None
    labelled = False
    if aside is not None:  # the fragment is the sentence's main clause, the cue an aside
        cue, child = aside, top
    elif according is not None:  # "According to X, “the ferry will ...”"
        cue, child = according, None
    elif trailing is not None:  # "... a priority “is growth,” Mr. Kamin said."
        cue, child = trailing
    elif roots:
        cur = roots[0]
        for _ in range(12):
            if cur.head.i == cur.i:
                break
            child, cur = cur, cur.head
            if (
                art.is_cue(seg, cur)
                or _noun_cue(art, seg, cur, child)
                or _clause_cue(art, seg, cur, child)
            ):
                cue = cur
                break
            if _according_child(art, seg, cur) is not None:
                cue, child = _according_child(art, seg, cur), None
                break
            aside = _aside_cue(art, seg, cur)
            if aside is not None:
                cue, child = aside, cur
                break
    if cue is None and roots:  # no speech verb: the nearest verb with a speaker subject
        cue, child = _governing_verb(art, seg, roots[0])
        labelled = cue is not None  # "pounding X as a “con artist”": X is what was labelled
    found = Found(q.start, q.end, "mixed", material=(Span(q.start, q.end),), piece=q)
    if cue is None:  # an unattributed fragment of two or more words is kept as it is
        return found if len(art.text[q.start : q.end].split()) >= 2 else None
    art.attribute(found, seg, cue)
    sent = cue.sent
    if child is None:  # "according to X, ...": the sentence without the according-phrase
        lo, hi = sent.start, sent.end - 1
        if cue.i < first:
            lo = max(cue.right_edge.i + 1, lo)
        else:
            hi = min(cue.left_edge.i - 1, hi)
    elif cue.head.i == child.i and cue.dep_ != "ROOT":  # an aside: the clause without it
        lo, hi = without_aside(child, cue, first, last)
    elif child.i > cue.i:
        lo = cue.i + 1 if cue.lemma_.lower() in DIRECTIVE_CUES else child.left_edge.i
        hi = child.right_edge.i
        obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < first), None)
        label = labelled or cue.lemma_.lower() in LABEL_CUES
        if label and obj is not None:  # "branded X as “...”"
            lo = min(lo, obj.left_edge.i)
    else:
        lo, hi = child.left_edge.i, child.right_edge.i
    lo, hi = reported_bounds(cue, lo, hi, first, last)
    lo, hi = min(lo, first), max(hi, last)  # the reported content holds the fragment
    while lo < hi and (sdoc[lo].is_punct and sdoc[lo].i < first - 1 or sdoc[lo].lower_ == "that"):
        lo += 1
    off = art.doc.segments[seg].offset
    start = min(off + sdoc[lo].idx, q.open_mark)
    end = max(off + sdoc[hi].idx + len(sdoc[hi].text), q.region.end)
    for other in quotes:  # never overlap another quote's marks
        r = other.region
        if other is q or other.segment != seg or not (r.start < end and start < r.end):
            continue
        if r.end <= q.open_mark:
            start = r.end
        elif r.start >= q.region.end:
            end = r.start
    if end > q.region.end and dash_tail(art, seg, q.region.end, end):
        end = q.region.end
    while end > q.region.end and (art.text[end - 1] in ",;:.—– " or art.text[end - 1].isspace()):
        end -= 1
    while start < q.open_mark and (art.text[start] in ",;:—– " or art.text[start].isspace()):
        start += 1
    outside = art.text[start : q.open_mark] + art.text[q.region.end : end]
    if not any(c.isalnum() for c in outside):
        found.kind = "direct"
        return found
    found.start, found.end = start, end
    return found
