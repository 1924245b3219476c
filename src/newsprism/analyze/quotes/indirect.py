"""Reported speech and positions without quote marks.

``find_indirect(view, claimed)`` reads every content sentence and returns the reported content it
finds outside the spans already claimed by direct and mixed quotes:

* ``X said (that) ...``, ``X told the BBC (that) ...``, ``X warned/insisted/denied/believes ...``:
  a reporting verb with a subject that can be a speaker and a finite clausal complement;
  the verb may be the main verb, coordinated, a participle (``..., saying ...``) or in a relative
  clause (``X, who said ...``);
* ``X urged Y to ...``, ``X vowed to ...``: a directive or commissive verb and its infinitive;
* ``X accused Y of ...``: the ``of`` clause;
* ``according to X, ...`` / ``..., according to X``: the sentence without the phrase.

The content is the reported clause without a leading ``that`` and edge punctuation.  It may hold
an attribution found before, cue included (``X has refused to ..., residents said``; ``X denied
claims by Y that “...”``): both are kept.  A clause before a semicolon is never the content of a
cue after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsprism.analyze.quotes.cues import INDIRECT_CUES, ArticleView, Found, Token
from newsprism.analyze.quotes.mentions import editorial_label, has_said
from newsprism.analyze.quotes.speakers import PRONOUNS, words
from newsprism.model import Span
from newsprism.spans import Overlapping

# Verbs whose infinitive complement is what the speaker asked for or committed to.
INFINITIVE_CUES = words(
    "urge vow promise pledge threaten ask call demand encourage want agree refuse decline"
    " decide hope seek intend expect prefer propose"
)
# Verbs whose object is a position taken ("X criticized the plan", "X called for a ban").
OBJECT_CUES = words(
    "cite criticize criticise attack praise question blast slam want support deny reject blame"
    " condemn call demand propose oppose dispute welcome endorse speak talk dismiss refute"
    " denounce"
)
# Verbs whose clausal complement is reported without quote marks: the speech and belief cues,
# and knowledge claims (``X knows that ...``, ``X pointed out that ...``), which PolNeAR counts.
CLAUSE_CUES = INDIRECT_CUES | words("know point")
SUBJECT_PRONOUNS = PRONOUNS | words("i we you")
# Pronouns and determiners that stand for a share of people ("Some said", "Most believe").
QUANTIFIERS = words("some many most others another both few several all those half third")
_CLAUSE_DEPS = frozenset({"ccomp"})
_VERB_DEPS = frozenset({"ROOT", "conj", "advcl", "relcl", "ccomp", "parataxis"})
MIN_TOKENS = 3
_CLOSING = "\"'”’»)]. "


def find_indirect(
    art: ArticleView, claimed: Sequence[Span], cued: Sequence[Found] = ()
) -> list[Found]:
    """Indirect attributions outside ``claimed``; ``cued`` are the attributions already found
    (direct and mixed quotes): a candidate may hold one of them whole, with its cue, as reported
    content (``X has refused to ..., residents said``, ``X denied claims by Y that “...”``)."""
    out: list[Found] = []
    speaking: Found | None = None  # the last transcript label: its speaker goes on
    for seg in range(len(art.doc.segments)):
        label = speaker_label(art, seg)
        if label is None:
            if speaking is not None:  # "THE PRESIDENT: ..." and the paragraphs after it
                turn = _turn(art, seg, speaking, claimed)
                if turn is not None:
                    out.append(turn)
            continue
        speaking = label if label.kind == "direct" else None
        covered = sum(max(0, min(c.end, label.end) - max(c.start, label.start)) for c in claimed)
        if covered * 2 < label.end - label.start:  # not already a quote between marks
            out.append(label)
    claimed_near = Overlapping(claimed)
    cued_near = Overlapping([g for g in cued if g.cue is not None])
    for seg, p in enumerate(art.doc.segments):
        for sent in p.doc.sents:
            s0, s1 = p.offset + sent.start_char, p.offset + sent.end_char
            taken = claimed_near(s0, s1)
            inner = cued_near(s0, s1)
            found_here: list[Found] = []
            for tok in sent:
                f = _indirect_at(art, seg, tok)
                if f is None:
                    continue
                holds = [g for g in inner + found_here if _nested(art.text, g, f)]
                if any(_blocks(c, f, holds) for c in taken):
                    continue
                if any(_blocks(Span(g.start, g.end), f, holds) for g in found_here):
                    continue
                for g in holds:  # the held quote's closing mark ends the content too
                    if g.end > f.end and not art.text[f.end : g.end].strip(_CLOSING):
                        f.end = g.end
                found_here.append(f)
            out.extend(found_here)
    return out


def _nested(text: str, inner: Found, outer: Found) -> bool:
    """``inner`` is an attribution reported whole, with its cue, by ``outer``: the content of
    ``outer`` holds it (up to a closing quote mark) and ``outer``'s cue is outside it."""
    if inner.cue is None or outer.cue is None:
        return False
    end = max(inner.end, inner.cue.end)
    return (
        outer.start <= min(inner.start, inner.cue.start)
        and (end <= outer.end or not text[outer.end : end].strip(_CLOSING))
        and not inner.start <= outer.cue.start < inner.end
    )


def _blocks(taken: Span, f: Found, holds: Sequence[Found]) -> bool:
    """A span already taken blocks candidate ``f`` when they overlap, unless it lies inside an
    attribution that ``f`` reports whole (a nested attribution)."""
    if not (taken.start < f.end and f.start < taken.end):
        return False
    return not any(g.start <= taken.start and taken.end <= g.end for g in holds)


def _turn(art: ArticleView, seg: int, label: Found, claimed: Sequence[Span]) -> Found | None:
    """A paragraph of a transcript after a speaker's label (``REYNE: ...``) and before the
    next one: the same speaker's words, a ``direct`` quote sharing the label's cue and speaker.
    A paragraph that is mostly a quote between marks, or in brackets (a stage direction,
    ``(APPLAUSE)``), is not."""
    p = art.doc.segments[seg].segment
    text = art.text[p.start : p.end]
    if text.startswith(("(", "[")) or len(text.split()) < 3:
        return None
    covered = sum(max(0, min(c.end, p.end) - max(c.start, p.start)) for c in claimed)
    if covered * 2 >= p.end - p.start:
        return None
    found = Found(p.start, p.end, "direct", material=(Span(p.start, p.end),))
    found.inherit = label
    return found


_LABEL = re.compile(r"[\"“]?[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]+\S")


def speaker_label(art: ArticleView, seg: int) -> Found | None:
    """A paragraph that opens with a speaker's name and a colon: a transcript line
    (``WALLACE: Let's start ...``, kind ``direct``) or a headline (``Pence: Flowers won't be
    there``, kind ``indirect``).  The name must be in capitals or a person or organisation (in
    the first paragraph, a headline, any proper noun: the small model often misses a surname
    alone there)."""
    p = art.doc.segments[seg]
    start = p.segment.start
    m = _LABEL.match(art.text, start, p.segment.end)
    if m is None:
        return None
    name_start, name_end = m.start(1), m.end(1)
    toks = [t for t in p.doc if name_start <= p.offset + t.idx < name_end]
    if not toks:
        return None
    if editorial_label(m.group(1)):  # "UPDATE: ...": a tag, not a speaker
        return None
    caps = m.group(1).isupper() and len(m.group(1)) > 1
    named = all(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in toks)
    named = named or (seg == 0 and all(t.pos_ == "PROPN" for t in toks))  # a headline's name
    if not (caps or named):
        return None
    colon = art.text.index(":", name_end)
    content_start = m.end() - 1
    end = p.segment.end
    while end > content_start and art.text[end - 1] in "\"”' ":
        end -= 1
    if end - content_start < 10:
        return None
    found = Found(content_start, end, "direct" if caps else "indirect")
    found.cue = Span(colon, colon + 1)
    found.subject = toks[-1]
    found.subject_at = p.offset + toks[-1].idx
    found.mention = Span(p.offset + toks[0].idx, p.offset + toks[-1].idx + len(toks[-1].text))
    return found


def _trimmed(art: ArticleView, seg: int, lo: int, hi: int) -> tuple[int, int] | None:
    sdoc = art.doc.segments[seg].doc
    while lo < hi and (sdoc[lo].is_punct or sdoc[lo].lower_ in ("that", "of")):
        lo += 1
    while hi > lo and sdoc[hi].is_punct:
        hi -= 1
    if hi - lo + 1 < MIN_TOKENS:
        return None
    off = art.doc.segments[seg].offset
    return off + sdoc[lo].idx, off + sdoc[hi].idx + len(sdoc[hi].text)


def _speaker_subject(tok: Token) -> bool:
    from newsprism.analyze.quotes.speakers import subject_of

    subj = subject_of(tok)
    if subj is None or subj.lower_ == "it":
        return False
    if subj.lower_ in QUANTIFIERS or subj.pos_ == "NUM":
        return True  # "Some said ...", "Six in 10 say ...": a share of people, as in polls
    return bool(subj.lower_ in SUBJECT_PRONOUNS or subj.pos_ in ("PROPN", "NOUN"))


def _indirect_at(art: ArticleView, seg: int, tok: Token) -> Found | None:
    if tok.lower_ == "according":
        return _according(art, seg, tok)
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or tok.dep_ not in _VERB_DEPS:
        return None
    if lemma not in CLAUSE_CUES and lemma not in INFINITIVE_CUES and lemma not in OBJECT_CUES:
        return None
    if any(c.dep_ == "neg" for c in tok.children) or art.inside_quote(art.pos(seg, tok)):
        return None
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) and not has_said(tok):
        return None
    comp = None
    if lemma in CLAUSE_CUES:
        clauses = [c for c in tok.children if c.dep_ in _CLAUSE_DEPS and not _cut_off(c, tok)]
        # "X, reached by phone, said no one ...": the parser can hang an aside's participle on
        # the cue as a clause too; the reported clause has a subject of its own, after the cue
        # if one has
        subjected = sorted((c for c in clauses if _has_subject(c)), key=lambda c: c.i < tok.i)
        comp = subjected[0] if subjected else next(iter(clauses), None)
        if comp is not None and not _has_subject(comp):
            comp = None if comp.tag_ in ("VBG", "VB", "VBN") else comp
        if comp is None and lemma == "accuse":  # "accused X of ...": "of" on the verb or on X
            holders = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
            prep = next(
                (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "of"),
                None,
            )
            comp = (
                next((c for c in prep.children if c.dep_ in ("pcomp", "pobj")), None)
                if prep
                else None
            )
    if comp is None and lemma in INFINITIVE_CUES:
        comp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        if comp is None:  # "urged voters to ...": the object's infinitive
            for obj in (c for c in tok.children if c.dep_ in ("dobj", "prep")):
                comp = next((c for c in obj.subtree if c.dep_ in ("xcomp", "ccomp")), None)
                if comp is not None:
                    break
        if comp is not None and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in comp.children
        ):
            comp = None
    if comp is None and tok.dep_ == "parataxis" and lemma in CLAUSE_CUES:
        # "The museum, Mr. Obama said, would ...": the cue is an aside of the reported clause
        head = tok.head
        if head.pos_ in ("VERB", "AUX") and _has_subject(head):
            if not _speaker_subject(tok):
                return None
            bounds = _trimmed(art, seg, head.left_edge.i, head.right_edge.i)
            if bounds is None:
                return None
            found = Found(bounds[0], bounds[1], "indirect")
            art.attribute(found, seg, tok)
            return found if found.subject is not None else None
    if comp is None and lemma in CLAUSE_CUES and tok.dep_ == "conj":
        trailing = _trailing_conj(art, seg, tok)
        if trailing is not None:
            return trailing
    if comp is None and lemma in OBJECT_CUES:
        comp = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if comp is None and lemma in ("call", "speak", "talk"):  # "called for a ban", "spoke of"
            heads = ("for",) if lemma == "call" else ("about", "of", "on")
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in heads), None)
            comp = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if comp is None or not _speaker_subject(tok):
        return None
    if comp.left_edge.i <= tok.i <= comp.right_edge.i:
        return None
    if _cut_off(comp, tok):
        return None
    hi = comp.right_edge.i
    for c in comp.children:  # "..., arguing that ...": the speaker goes on, not the content
        after_comma = c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ","
        if c.i > comp.i and c.dep_ == "advcl" and c.tag_ == "VBG" and after_comma:
            hi = min(hi, c.left_edge.i - 2)
    bounds = _trimmed(art, seg, comp.left_edge.i, hi)
    if bounds is None:
        return None
    found = Found(bounds[0], bounds[1], "indirect")
    art.attribute(found, seg, tok)
    if found.subject is None:
        return None
    if found.mention is not None and found.mention.overlaps(Span(*bounds)):
        return None
    return found


def _trailing_conj(art: ArticleView, seg: int, tok: Token) -> Found | None:
    """``The mill is still busy, but it is losing ground, said its chief, Ana Brill.``: the
    parser coordinates a trailing cue with the clause it reports.  A speech verb coordinated
    after its head, with a subject of its own and no clause, set off by a comma (not ``, and``)
    reports the sentence before the comma."""
    head = tok.head
    doc = tok.doc
    if tok.i < head.i or head.pos_ not in ("VERB", "AUX") or not _has_subject(head):
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in tok.children):
        return None
    lead = min(tok.i, subj.left_edge.i)
    if lead < 2 or doc[lead - 1].text != "," or head.left_edge.i >= lead - 1:
        return None
    if doc[lead - 2].dep_ == "cc" or any(c.dep_ == "cc" for c in tok.children):
        return None
    bounds = _trimmed(art, seg, head.left_edge.i, lead - 2)
    if bounds is None:
        return None
    found = Found(bounds[0], bounds[1], "indirect")
    art.attribute(found, seg, tok)
    return found if found.subject is not None else None


def _has_subject(clause: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children)


def _cut_off(comp: Token, cue: Token) -> bool:
    """``A says X; B insist Y``: a clause before a semicolon is not the content of a cue after it
    (the parser often hangs ``says`` on ``insist``)."""
    return comp.i < cue.i and any(t.text == ";" for t in cue.doc[comp.right_edge.i : cue.i])


def _according(art: ArticleView, seg: int, tok: Token) -> Found | None:
    """``according to X, ...``: the sentence without the phrase (the larger side of it)."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    if art.inside_quote(art.pos(seg, tok)):
        return None
    sent = tok.sent
    phrase_lo = tok.i
    phrase_hi = max(t.i for t in doc[tok.i + 1].subtree) if list(doc[tok.i + 1].subtree) else tok.i
    phrase_hi = max(phrase_hi, max(t.i for t in tok.subtree))
    left = (sent.start, phrase_lo - 1)
    right = (phrase_hi + 1, sent.end - 1)
    lo, hi = max((left, right), key=lambda r: r[1] - r[0])
    bounds = _trimmed(art, seg, lo, hi)
    if bounds is None:
        return None
    found = Found(bounds[0], bounds[1], "indirect")
    art.attribute(found, seg, tok)
    return found
