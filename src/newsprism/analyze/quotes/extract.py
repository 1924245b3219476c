"""Who said what: quotes with their cue and speaker mention, speakers, and quote groups.

``find_quotes(docs)`` reads content segments only (never boilerplate) and finds:

* **direct** quotes: a whole quoted utterance (``“We will appeal,” she said.``,
  ``X said: “...”``).  ``start``/``end`` span the text *between* the quote marks;
* **mixed** quotes: a quoted fragment inside a paraphrase (``She said the plan was “dead on
  arrival” for now``).  The span is the reported content the cue introduces (from after the cue
  to the end of the reported clause) and includes the inner quote marks.  A fragment of two or
  more words with no cue is kept as a mixed quote spanning the fragment, with no speaker;
* **indirect** speech without quote marks (``X said (that) ...``, ``X told Y (that) ...``) when
  the cue has a named or described subject and a finite reported clause.

The cue is the speech verb nearest the quote in its sentence (or the sentence next to it), found
with the dependency parse; the speaker mention is the subject of the cue (``according to X``:
``X``).  Speakers are resolved across articles by ``speakers.SpeakerBook``; the same quote in
several articles forms a ``QuoteGroup`` (``quote_groups.group_quotes``).

Quote marks: curly double, straight double, and single marks used as quotation marks (an
apostrophe inside a word, or ``s’`` after a plural, never opens a quote).  A quote left open at a
paragraph end continues when the next paragraph reopens with a quote mark (news convention); each
paragraph's piece is its own ``Quote`` with the same speaker.  Otherwise it is cut at the
paragraph end and a ``NP209`` notice names the article.

A quote in a headline is read by the headline's shape (``headlines``); where a fragment's
reported content ends is decided in ``quote_bounds``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprism.analyze.quotes.blocks import block_quotes
from newsprism.analyze.quotes.bounds import dash_tail, reported_bounds, without_aside
from newsprism.analyze.quotes.cues import (
    DIRECTIVE_CUES,
    INDIRECT_CUES,
    LABEL_CUES,
    ArticleView,
    Found,
    Token,
    sentence_ends,
)
from newsprism.analyze.quotes.groups import QuoteMaterial, group_quotes
from newsprism.analyze.quotes.headlines import headline_attribution, title_case
from newsprism.analyze.quotes.indirect import find_indirect, speaker_label
from newsprism.analyze.quotes.marks import TERMINAL, MarkedQuote, scan_marks
from newsprism.analyze.quotes.speaker_model import choose_speakers, load_model
from newsprism.analyze.quotes.speakers import REPORT_NOUNS, SpeakerBook, report_agent, subject_of
from newsprism.errors import UNBALANCED_QUOTES
from newsprism.model import Article, Notice, Quote, QuoteGroup, Span, Speaker

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle


@dataclass(frozen=True)
class QuoteResult:
    """What ``find_quotes`` found: quotes, their speakers, quote groups and NP209 notices."""

    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    groups: tuple[QuoteGroup, ...]
    notices: tuple[Notice, ...]


def _best_cue(art: ArticleView, seg: int, toks: Sequence[Token], trailing: bool) -> Token | None:
    cands = [t for t in toks if art.is_cue(seg, t, trailing)]
    if not cands:
        return None
    ranked = sorted(
        enumerate(cands),
        key=lambda c: (
            c[1].dep_ == "relcl",
            c[1].lower_ != "according" and subject_of(c[1]) is None,
            c[0],
        ),
    )
    return ranked[0][1]


def _trailing_verb(art: ArticleView, seg: int, toks: Sequence[Token]) -> Token | None:
    """``“No, no,” he moaned quietly.``: a short clause right after a closing mark that ends the
    sentence is the quote's attribution whatever its verb, when its subject is a person or a
    pronoun (not ``it``); verbs outside the speech lexicon are cues only in this position."""
    if not toks or len(toks) > 8:
        return None
    sdoc = art.doc.segments[seg].doc
    end = toks[-1].i + 1
    if end < len(sdoc) and not (sdoc[end].text in TERMINAL or sdoc[end].is_sent_start):
        return None
    for t in toks[:4]:
        if t.pos_ != "VERB" or t.dep_ not in ("ROOT", "parataxis", "ccomp"):
            continue
        if any(c.dep_ == "neg" for c in t.children):
            return None
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in ("it", "this", "that", "there"):
            return None
        if subj.pos_ == "PRON" or subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN":
            return t
        return None
    return None


def _inner_cue(art: ArticleView, seg: int, cue: Token) -> Token:
    """``“...,” she recalls him saying``, ``heard him say``: a speech verb with a subject of its
    own in the cue's clause is the quote's cue (the words are his, not hers)."""
    for c in cue.children:
        inner = c.i > cue.i and c.dep_ in ("ccomp", "xcomp", "dobj") and c.tag_ in ("VBG", "VB")
        if inner and art.is_cue(seg, c) and any(x.dep_ == "nsubj" for x in c.children):
            return c
    return cue


def _is_fragment(art: ArticleView, q: MarkedQuote, left: Sequence[Token]) -> bool:
    if q.reopens:
        return False
    body = art.text[q.start : q.end]
    upper = next((c.isupper() for c in body if c.isalpha()), False)
    pre = art.text[art.pos(q.segment, left[-1]) if left else q.open_mark : q.open_mark].strip()
    if not left or not pre:
        after = art.text[q.region.end : q.region.end + 2].lstrip()[:1]
        return len(body.split()) < 3 and after != "," and body.rstrip()[-1:] not in TERMINAL + ","
    if pre.endswith(":") or (pre.endswith(",") and upper):
        return False
    whole = body.rstrip()[-1:] in TERMINAL + "," and len(body.split()) >= 3
    if upper and whole and (sentence_ends(pre[-12:]) or pre[-1:] in TERMINAL):
        return False  # a whole sentence after the previous one ends: "... said X. “We ...”"
    return not (upper and any(art.is_cue(q.segment, t) for t in left[:3]))


def _direct(art: ArticleView, q: MarkedQuote, left: Sequence[Token]) -> Found:
    found = Found(q.start, q.end, "direct", material=(Span(q.start, q.end),), piece=q)
    seg = q.segment
    body = art.text[q.start : q.end].rstrip()
    after_text = art.text[q.region.end : q.region.end + 3].lstrip()
    right_ok = q.close_mark is not None and (
        body[-1:] not in "." or after_text[:1].islower() or after_text[:1] == ","
    )
    lseg = seg
    seg_start = art.doc.segments[seg].segment.start
    if not left and seg > 0 and not art.text[seg_start : q.open_mark].strip():
        prev = art.doc.segments[seg - 1].doc
        tail = art.window(seg - 1, len(prev) - 1, -1)
        if tail and tail[0].text == ":":
            left, lseg = tail, seg - 1
    colon = bool(left) and left[0].text in (":", ",")
    lcue = _best_cue(art, lseg, left, colon)
    if lcue is not None and colon:
        art.attribute(found, lseg, lcue)
        _reported_lead(art, found, lseg, lcue, left)
        return found
    if (
        lcue is None
        and left
        and left[0].text == ":"
        and art.colon_attribution(found, lseg, left[0])
    ):
        return found
    if q.close_mark is not None and art.dash_attribution(found, seg, q.close_mark + 1):
        return found
    if right_ok:
        assert q.close_mark is not None
        toks = art.window(seg, art.token(seg, q.close_mark) + 1, 1)
        rcue = _best_cue(art, seg, toks, True) or _trailing_verb(art, seg, toks)
        if rcue is not None:
            art.attribute(found, seg, _inner_cue(art, seg, rcue))
            return found
    if lcue is not None:
        art.attribute(found, lseg, lcue)
    return found


def _reported_lead(
    art: ArticleView, found: Found, seg: int, cue: Token, left: Sequence[Token]
) -> None:
    """``She added that most voters ... because, “In the end, ...”``: the cue's reported clause
    starts before the quote, so the content is that clause with the quote (kind ``mixed``)."""
    if found.piece is None or found.piece.segment != seg:
        return
    before = {t.i for t in left}
    comp = next(
        (c for c in cue.children if c.dep_ == "ccomp" and c.i in before and c.i > cue.i), None
    )
    opening = art.token(seg, found.piece.open_mark)
    if comp is None or not comp.left_edge.i <= opening <= comp.right_edge.i:
        return  # the quote is not inside the reported clause
    lo = comp.left_edge.i
    doc = cue.doc
    while lo < comp.i and (doc[lo].lower_ == "that" or doc[lo].is_punct):
        lo += 1
    if lo not in before or lo <= cue.i:
        return
    found.start = art.pos(seg, doc[lo])
    found.end = found.piece.region.end
    found.kind = "mixed"


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
    """``A ... “b,” X said.``: a fragment closed by a comma (or ``!`` or ``?``) and followed by a
    cue that ends the sentence and governs it; the cue with its child that holds the fragment,
    or None."""
    seg = q.segment
    if q.close_mark is None:
        return None
    body_end = art.text[q.start : q.end].rstrip()[-1:]
    after = art.text[q.region.end : q.region.end + 2].lstrip()[:1]
    if "," not in (body_end, after) and body_end not in ("!", "?"):
        return None  # "... “is growth,” X said", "... “on Earth!” he concluded"
    k = art.token(seg, q.close_mark) + 1
    toks = art.window(seg, k, 1)
    sdoc = art.doc.segments[seg].doc
    if not toks or len(toks) > 12:
        return None
    end = toks[-1].i + 1
    if end < len(sdoc) and not (sdoc[end].text in TERMINAL or sdoc[end].is_sent_start):
        return None
    cue = _best_cue(art, seg, toks, True)
    if cue is None or subject_of(cue) is None:
        return None
    child = root
    while child.head.i != child.i and child.head.i != cue.i:
        child = child.head
    if child.head.i == child.i and body_end in ("!", "?") and cue.sent.start != child.sent.start:
        return cue, child  # the parser ends the sentence at the mark: the cue is one of its own
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


def _fragment(art: ArticleView, q: MarkedQuote, quotes: Sequence[MarkedQuote]) -> Found | None:
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


# --- putting it together -------------------------------------------------------------------


def _merge_mixed(found: list[Found]) -> list[Found]:
    """One mixed quote per reported clause: overlapping mixed spans become one."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: f.start):
        last = out[-1] if out else None
        if (
            last is not None
            and f.kind == last.kind == "mixed"
            and f.cue == last.cue
            and f.start < last.end
        ):
            last.end = max(last.end, f.end)
            last.material = last.material + f.material
            continue
        out.append(f)
    return out


def _link(art: ArticleView, found: Sequence[Found]) -> None:
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


def _root(f: Found) -> Found:
    seen = {id(f)}
    while f.inherit is not None and id(f.inherit) not in seen:
        f = f.inherit
        seen.add(id(f))
    return f


def _article_found(art: ArticleView, marked: Sequence[MarkedQuote]) -> list[Found]:
    found: list[Found] = []
    by_segment: dict[int, list[MarkedQuote]] = {}
    for q in marked:
        by_segment.setdefault(q.segment, []).append(q)
    for q in marked:
        left = art.window(q.segment, art.token(q.segment, q.open_mark) - 1, -1)
        if art.token(q.segment, q.open_mark) == 0 and art.starts[q.segment][0] >= q.open_mark:
            left = []
        if _is_fragment(art, q, left):
            f = _fragment(art, q, by_segment[q.segment])  # only its segment's marks matter
            if f is not None:
                found.append(f)
        else:
            found.append(_direct(art, q, left))
    found = _merge_mixed(found)
    for f in found:  # “REYNE: The ferry ...”: a transcript line inside quote marks
        if f.cue is None and f.kind == "direct" and f.piece is not None:
            label = speaker_label(art, f.piece.segment)
            if label is not None and label.kind == "direct" and label.start < f.end:
                f.cue, f.subject, f.mention = label.cue, label.subject, label.mention
                f.subject_at = label.subject_at
    headline = headline_attribution(art, marked)
    cued = any(f.cue is not None for f in found if f.piece is not None and f.piece.segment == 0)
    first = art.doc.segments[0].segment if art.doc.segments else None
    titled = first is not None and title_case(art.text[first.start : first.end])
    if headline is not None and (not cued or titled):
        # the headline's quotes are parts of its one attribution
        found = [f for f in found if f.piece is None or f.piece.segment != 0]
        found.append(headline)
    _link(art, found)
    claimed = [q.region for q in marked] + [Span(f.start, f.end) for f in found]
    found.extend(find_indirect(art, claimed, found))
    found.sort(key=lambda f: (f.start, f.end))
    _link_to_sentence(art, found)
    _link_paragraphs(art, found)
    # a block quote needs its speaker: else it is the writer's own paragraph
    lost = {id(f) for f in found if f.piece is not None and f.piece.block and _root(f).cue is None}
    return [
        f for f in found if id(f) not in lost and (f.inherit is None or id(_root(f)) not in lost)
    ]


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
    root = _root(f)
    return root.cue is not None and root.subject is not None


def _link_paragraphs(art: ArticleView, found: Sequence[Found]) -> None:
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
        root = _root(nxt)
        assert root.cue is not None
        cue = art.text[root.cue.start : root.cue.end].lower()
        if nxt.cue is None or cue == "according to" or _lemma(art, root) in CONTINUING_CUES:
            f.inherit = nxt


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


def _link_to_sentence(art: ArticleView, found: Sequence[Found]) -> None:
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


def _notice(article: Article, unbalanced: int, marked: Sequence[MarkedQuote]) -> Notice:
    first = next((q.open_mark for q in marked if q.capped), None)
    where = f", first at offset {first}" if first is not None else ""
    code = UNBALANCED_QUOTES
    detail = f"{unbalanced} unmatched in article {article.id}{where} (hint: {code.hint})"
    return Notice(code.code, f"{code.title}: {detail}", article.source)


def article_attributions(doc: AnnotatedArticle) -> tuple[ArticleView, list[Found]]:
    """One article's attributions as the rules find them (no learned speaker choice): what
    ``benchmarks/train_speaker_model.py`` fits the speaker model on."""
    segs = [(p.segment.start, p.segment.end) for p in doc.segments]
    marked, _unbalanced = scan_marks(doc.article.text, segs)
    marked = block_quotes(doc, marked)
    art = ArticleView(0, doc, sorted((q.region for q in marked), key=lambda r: r.start))
    return art, _article_found(art, marked)


def find_quotes(docs: Sequence[AnnotatedArticle]) -> QuoteResult:
    """Quotes, speakers and quote groups of the articles of one briefing."""
    notices: list[Notice] = []
    marked_all: list[list[MarkedQuote]] = []
    for d in docs:
        segs = [(p.segment.start, p.segment.end) for p in d.segments]
        marked, unbalanced = scan_marks(d.article.text, segs)
        marked_all.append(block_quotes(d, marked))
        if unbalanced:
            notices.append(_notice(d.article, unbalanced, marked))
    quoted = [sorted((q.region for q in m), key=lambda r: r.start) for m in marked_all]
    book = SpeakerBook(docs, quoted)
    quotes: list[Quote] = []
    materials: list[QuoteMaterial] = []
    reported: list[QuoteMaterial] = []
    model = load_model()
    for i, d in enumerate(docs):
        art = ArticleView(i, d, quoted[i])
        found = _article_found(art, marked_all[i])
        choose_speakers(art, found, model)
        for f in sorted(found, key=lambda f: f.subject_at if f.subject is not None else f.start):
            if f.subject is not None and f.inherit is None:
                f.speaker = book.resolve(i, f.subject, f.subject_at)
        for f in found:
            root = _root(f)
            quote = Quote(f"q{len(quotes) + 1}", d.article.id, f.start, f.end, f.kind,
                          root.speaker, root.mention, root.cue)  # fmt: skip
            quotes.append(quote)
            if f.kind != "indirect" and f.material:
                materials.append(QuoteMaterial(quote, f.material))
            elif f.kind == "indirect":
                reported.append(QuoteMaterial(quote, (Span(f.start, f.end),)))
    articles = {d.article.id: d.article for d in docs}
    named, counted = frozenset(book.named), frozenset(book.counted)
    groups = group_quotes(materials, articles, named, counted, reported)
    return QuoteResult(tuple(quotes), book.speakers(), groups, tuple(notices))
