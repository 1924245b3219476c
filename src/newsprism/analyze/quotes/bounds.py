"""Where a quoted fragment's reported content ends: token bounds of mixed quotes.

``_fragment`` in ``quotes`` finds a fragment's cue and the clause that holds it; the functions
here tighten the clause to what was said: an ``as X put it`` aside at an edge of the clause is
left out (``without_aside``), ``accused X of`` starts after ``of``, a speech participle or a
``which``/``who`` clause after the closing mark and a mis-parsed coordination of the cue are cut
(``reported_bounds``), and a dash after the closing mark ends the content (``dash_tail``).
"""

from __future__ import annotations

from newsprism.analyze.quotes.cues import CUE_LEMMAS, INDIRECT_CUES, ArticleView, Token


def without_aside(clause: Token, aside: Token, first: int, last: int) -> tuple[int, int]:
    """Token bounds of ``clause`` without its parenthetical cue ``aside`` when the aside stands at
    an edge of it: ``As X put it, RT is “...”`` (the clause after it), ``... is a “lawful
    source,” as a memo put it`` (the clause before it, without subordinate clauses that open it
    before its subject: ``because while A, B``).  An aside inside the clause (``Closing it, he
    warned, would “...”``) stays in."""
    doc = clause.doc
    lo, hi = clause.left_edge.i, clause.right_edge.i
    subj = next((c for c in aside.children if c.dep_ == "nsubj"), aside)
    lead = list(doc[lo : aside.left_edge.i]) + list(doc[aside.left_edge.i : subj.left_edge.i])
    if aside.right_edge.i < first and all(
        t.is_punct or t.dep_ in ("cc", "advmod", "mark") for t in lead
    ):
        return aside.right_edge.i + 1, hi
    if aside.left_edge.i > last:
        hi = aside.left_edge.i - 1
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            for c in clause.children:
                if c.dep_ in ("mark", "advcl", "cc", "punct") and c.right_edge.i < min(
                    subject.left_edge.i, first
                ):
                    lo = max(lo, c.right_edge.i + 1)
    return lo, hi


def _speech(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in CUE_LEMMAS or lemma in INDIRECT_CUES


def reported_bounds(cue: Token, lo: int, hi: int, first: int, last: int) -> tuple[int, int]:
    """Token bounds of a fragment's reported content, tightened: ``accused X of “...”`` starts
    after ``of``.  After the fragment, these are not part of it: a speech participle or a
    ``which``/``who`` clause set off by a comma (``X said things “should be settled,” referring
    to ...``: the speaker going on; ``denounced “self-help,” which is ...``: the writer's words),
    and a verb coordinated in the form of the cue but not of the verb it hangs on, with no
    subject or ``that`` of its own (``to accuse X of being “duped” and encourage ...``: a
    mis-parse of the cue's own coordination)."""
    doc = cue.doc
    if cue.lemma_.lower() == "accuse":
        of = next((t for t in doc[lo:first] if t.lower_ == "of" and t.dep_ == "prep"), None)
        if of is not None:
            lo = of.i + 1
    for t in doc[last + 1 : hi + 1]:
        edge = t.left_edge.i
        lead = doc[max(0, edge - 2) : edge].text.replace(" ", "")
        after_comma = lead[-1:] == "," or lead[-2:] in (",”", ',"', ",'")
        if after_comma and (
            (t.dep_ == "advcl" and t.tag_ == "VBG" and _speech(t))  # "..., referring to"
            or (t.dep_ == "relcl" and doc[edge].lower_ in ("which", "who"))  # "“...,” which is"
        ):
            hi = edge - 1
            while hi > last and doc[hi].is_punct:
                hi -= 1
            break
        if (
            t.dep_ == "conj"
            and t.pos_ == "VERB"
            and t.tag_ == cue.tag_ != t.head.tag_
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for c in t.children)
        ):
            hi = t.left_edge.i - 1
            while hi > last and (doc[hi].dep_ == "cc" or doc[hi].is_punct):
                hi -= 1
            break
    return lo, hi


def dash_tail(art: ArticleView, seg: int, start: int, end: int) -> bool:
    """Whether the words after a fragment's closing mark (``start``..``end``) are set off by a
    dash (``X dismissed Y as a “suburb” — a metaphor for ...``, ``likened it to “...” - a charge
    that ...``): a comment on the quote, not what was said.  (Prepositional and date tails stay:
    PolNeAR's content keeps them.)"""
    sdoc = art.doc.segments[seg].doc
    toks = [t for t in sdoc[art.token(seg, start) :] if start <= art.pos(seg, t) < end]
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if not words:
        return False
    lead = toks[0]
    spaced = lead.text == "-" and art.text[art.pos(seg, lead) - 1 : art.pos(seg, lead)] == " "
    return bool(lead.text in ("—", "–", "--", "―") or spaced)
