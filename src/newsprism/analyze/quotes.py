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
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsprism.analyze.quote_groups import QuoteMaterial, group_quotes
from newsprism.analyze.speakers import (
    PRONOUNS,
    REPORT_NOUNS,
    SpeakerBook,
    np_span,
    report_agent,
    subject_of,
    words,
)
from newsprism.errors import UNBALANCED_QUOTES
from newsprism.model import Article, Notice, Quote, QuoteGroup, QuoteKind, Span, Speaker

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

Token = Any  # a spaCy token

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚"
SINGLE_CLOSE = "’"
_OPEN_BEFORE = "([{—–-/"
_CLOSE_AFTER = '.,;:!?)]}—–-"”“»'
_TERMINAL = ".!?…"

CUE_LEMMAS = words(
    "say add tell claim warn insist deny write state urge describe explain argue announce"
    " declare vow promise admit acknowledge confirm reply respond ask note accuse brand call"
    " dub label complain predict recall remark tweet stress emphasise emphasize allege concede"
    " pledge demand order implore maintain reiterate threaten"
)
TRAILING_CUES = frozenset({"continue", "conclude", "go"})  # "“...,” he continued."
DIRECTIVE_CUES = frozenset({"urge", "order", "ask", "implore", "call", "demand"})
INDIRECT_CUES = words(
    "say tell claim insist deny warn add argue state admit confirm allege acknowledge concede"
    " stress maintain announce declare promise"
)


@dataclass(frozen=True)
class QuoteResult:
    """What ``find_quotes`` found: quotes, their speakers, quote groups and NP209 notices."""

    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    groups: tuple[QuoteGroup, ...]
    notices: tuple[Notice, ...]


# --- quote marks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkedQuote:
    """A stretch of text between quote marks, in article offsets.

    ``start``/``end`` exclude the marks; ``close_mark`` is None when the quote runs on into the
    next paragraph (``runs_on``) or was cut short at an unbalanced mark (``capped``).
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    segment: int
    reopens: bool = False  # continues the previous quote, reopened at a new paragraph
    runs_on: bool = False
    capped: bool = False

    @property
    def region(self) -> Span:
        """The quote with its marks."""
        return Span(
            self.open_mark, self.close_mark + 1 if self.close_mark is not None else self.end
        )


def _role(text: str, i: int, s: int, e: int) -> str | None:
    ch = text[i]
    before = text[i - 1] if i > s else " "
    after = text[i + 1] if i + 1 < e else " "
    open_ctx = before.isspace() or before in _OPEN_BEFORE
    if ch in DOUBLE_OPEN:
        return "close" if not open_ctx and (after.isspace() or after in _CLOSE_AFTER) else "open"
    if ch in DOUBLE_CLOSE:
        return "open" if open_ctx and after.isalnum() else "close"
    if open_ctx:
        return "open" if not after.isspace() else None
    return "close"


def _rtrim(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def _mismatched_close(text: str, s: int, e: int) -> int | None:
    """A single closing mark that ends a double-opened quote (``“...’,``), or None."""
    depth = 0
    for i in range(s, e):
        ch = text[i]
        before = text[i - 1] if i > s else " "
        after = text[i + 1] if i + 1 < e else " "
        if ch in SINGLE_OPEN or (ch == "'" and before.isspace() and after.isalnum()):
            depth += 1
        elif ch in SINGLE_CLOSE + "'" and not before.isspace() and after in ",.;:!?":
            if depth == 0 and i + 2 <= e and (i + 2 == e or text[i + 2].isspace()):
                return i
            depth = max(0, depth - 1)
    return None


def _scan_doubles(
    text: str, s: int, e: int, seg: int, carried: bool, out: list[MarkedQuote]
) -> tuple[int | None, int, int]:
    """Append the quotes of one segment (``carried``: it starts inside a quote); returns the
    opening mark and content start of a quote still open at the end, and unbalanced marks."""
    reopens = bool(out) and out[-1].runs_on and out[-1].segment == seg - 1
    op: int | None = s if carried else None
    cs = s
    strays = 0
    for i in range(s, e):
        ch = text[i]
        if ch not in DOUBLE_OPEN and ch not in DOUBLE_CLOSE and ch != '"':
            continue
        role = _role(text, i, s, e)
        if role is None:
            continue
        if op is None:
            if role == "open":
                op, cs = i, i + 1
            else:
                strays += 1
            continue
        if role == "close":
            if i > cs:
                out.append(MarkedQuote(cs, i, op, i, seg, reopens))
            op, reopens = None, False
            continue
        # an opening mark while a quote is open: paragraphs run together (the quote goes on
        # after a full stop), or a closing mark is missing
        end = _rtrim(text, cs, i)
        run_on = end > cs and text[end - 1] in _TERMINAL + "’'"
        if end > cs:
            out.append(MarkedQuote(cs, end, op, None, seg, reopens, run_on, not run_on))
        strays += 0 if run_on else 1
        op, cs, reopens = i, i + 1, run_on
    return op, cs, strays


def scan_marks(text: str, segments: Sequence[tuple[int, int]]) -> tuple[list[MarkedQuote], int]:
    """Quotes between marks in each segment ``(start, end)``; returns them and the number of
    unbalanced marks (quotes cut short and closing marks with no opening).

    A quote open at a segment's end runs on when the next segment reopens with a quote mark, or
    when the line was hard-wrapped (no final punctuation, next segment starts in lower case)."""
    out: list[MarkedQuote] = []
    unbalanced = 0
    carried = False
    for seg, (s, e) in enumerate(segments):
        op, cs, strays = _scan_doubles(text, s, e, seg, carried, out)
        unbalanced += strays
        carried = False
        if op is None:
            continue
        end = _rtrim(text, cs, e)
        reopens = op == s and cs == s
        reopens = reopens or (bool(out) and out[-1].runs_on and out[-1].segment == seg - 1)
        if end <= cs:
            continue
        nxt = segments[seg + 1] if seg + 1 < len(segments) else None
        if (
            nxt is not None
            and text[nxt[0]] in DOUBLE_OPEN + '"'
            and (_role(text, nxt[0], nxt[0], nxt[1]) == "open")
        ):
            out.append(MarkedQuote(cs, end, op, None, seg, reopens, runs_on=True))
            continue
        if nxt is not None and text[end - 1] not in _TERMINAL + ":" and text[nxt[0]].islower():
            out.append(MarkedQuote(cs, end, op, None, seg, reopens, runs_on=True))
            carried = True  # a hard-wrapped line
            continue
        unbalanced += 1
        close = _mismatched_close(text, cs, end)
        out.append(
            MarkedQuote(
                cs, close if close is not None else end, op, close, seg, reopens, capped=True
            )
        )
    for seg, (s, e) in enumerate(segments):
        _scan_singles(text, s, e, seg, out)
    out.sort(key=lambda q: q.start)
    return out, unbalanced


def _scan_singles(text: str, s: int, e: int, seg: int, out: list[MarkedQuote]) -> None:
    """Single marks used as quotation marks: ‘ or ' after a space, closed by ’ or ' before a
    space or punctuation, within 250 characters and outside double-quoted text."""
    taken = [q.region for q in out if q.segment == seg]
    i = s
    while i < e:
        before = text[i - 1] if i > s else " "
        after = text[i + 1] if i + 1 < e else " "
        close = None
        if (
            (text[i] in SINGLE_OPEN or text[i] == "'")
            and (before.isspace() or before in _OPEN_BEFORE)
            and after.isalnum()
            and not any(r.start <= i < r.end for r in taken)
        ):
            close = _single_close(text, i + 1, min(e, i + 251), taken)
        if close is not None and close - i >= 3:
            out.append(MarkedQuote(i + 1, close, i, close, seg))
            i = close
        i += 1


def _single_close(text: str, s: int, e: int, taken: Sequence[Span]) -> int | None:
    for j in range(s, e):
        if any(r.start <= j < r.end for r in taken):
            return None
        after = text[j + 1] if j + 1 < len(text) else " "
        closing = (after.isspace() or after in _CLOSE_AFTER) and not text[j - 1].isspace()
        if closing and (text[j] in SINGLE_CLOSE or text[j] == "'"):
            return j
    return None


# --- attribution ---------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    kind: QuoteKind
    cue: Span | None = None
    subject: Token | None = None
    subject_at: int = 0  # article offset of the subject token
    mention: Span | None = None
    material: tuple[Span, ...] = ()
    piece: MarkedQuote | None = None
    inherit: _Found | None = None  # the quote whose speaker this one shares
    speaker: str | None = None


class _Article:
    """Token lookups over one article's parsed segments."""

    def __init__(self, index: int, doc: AnnotatedArticle, quoted: Sequence[Span]) -> None:
        self.index = index
        self.doc = doc
        self.text = doc.article.text
        self.quoted = quoted
        self._qstarts = [q.start for q in quoted]
        self.starts = [[p.offset + t.idx for t in p.doc] for p in doc.segments]

    def inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self._qstarts, pos) - 1
        return k >= 0 and self.quoted[k].start <= pos < self.quoted[k].end

    def token(self, seg: int, pos: int) -> int:
        """Index of the token of segment ``seg`` that covers (or follows) article offset ``pos``."""
        return max(0, bisect.bisect_right(self.starts[seg], pos) - 1)

    def pos(self, seg: int, tok: Token) -> int:
        return int(self.doc.segments[seg].offset + tok.idx)

    def is_cue(self, seg: int, tok: Token, trailing: bool = False) -> bool:
        if self.inside_quote(self.pos(seg, tok)):
            return False
        if tok.lower_ == "according":
            return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "aux", "auxpass"):
            return False
        if any(c.dep_ == "neg" for c in tok.children):  # "did not say"
            return False
        if lemma == "go":
            return any(c.lower_ == "on" for c in tok.children)
        return lemma in CUE_LEMMAS or (trailing and lemma in TRAILING_CUES)

    def attribute(self, found: _Found, seg: int, cue: Token) -> None:
        p = self.doc.segments[seg]
        if cue.lower_ == "according":
            to = cue.doc[cue.i + 1]
            found.cue = Span(self.pos(seg, cue), self.pos(seg, to) + len(to.text))
            head = next((c for c in to.children if c.dep_ == "pobj"), None)
        else:
            found.cue = Span(self.pos(seg, cue), self.pos(seg, cue) + len(cue.text))
            if cue.pos_ == "NOUN":  # "claims by X that ..."
                head = report_agent(cue)
            else:
                head = subject_of(cue, lambda t: not self.inside_quote(p.offset + t.idx))
        if head is not None and not self.inside_quote(p.offset + head.idx):
            found.subject = head
            found.subject_at = p.offset + head.idx
            found.mention = np_span(head, p.offset)

    def window(self, seg: int, frm: int, step: int) -> list[Token]:
        """Tokens from token ``frm`` in direction ``step`` up to a sentence end or a quote."""
        toks = self.doc.segments[seg].doc
        out: list[Token] = []
        i = frm
        while 0 <= i < len(toks):
            tok = toks[i]
            if tok.text in _TERMINAL or self.inside_quote(self.pos(seg, tok)):
                break
            out.append(tok)
            if step > 0 and tok.text == ":":
                break
            i += step
        return out


def _best_cue(art: _Article, seg: int, toks: Sequence[Token], trailing: bool) -> Token | None:
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


def _is_fragment(art: _Article, q: MarkedQuote, left: Sequence[Token]) -> bool:
    if q.reopens:
        return False
    body = art.text[q.start : q.end]
    upper = next((c.isupper() for c in body if c.isalpha()), False)
    pre = art.text[art.pos(q.segment, left[-1]) if left else q.open_mark : q.open_mark].strip()
    if not left or not pre:
        after = art.text[q.region.end : q.region.end + 2].lstrip()[:1]
        return len(body.split()) < 3 and after != "," and body.rstrip()[-1:] not in _TERMINAL
    if pre.endswith(":") or (pre.endswith(",") and upper):
        return False
    return not (upper and any(art.is_cue(q.segment, t) for t in left[:3]))


def _direct(art: _Article, q: MarkedQuote, left: Sequence[Token]) -> _Found:
    found = _Found(q.start, q.end, "direct", material=(Span(q.start, q.end),), piece=q)
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
        return found
    if right_ok:
        assert q.close_mark is not None
        toks = art.window(seg, art.token(seg, q.close_mark) + 1, 1)
        rcue = _best_cue(art, seg, toks, True)
        if rcue is not None:
            art.attribute(found, seg, rcue)
            return found
    if lcue is not None:
        art.attribute(found, lseg, lcue)
    return found


def _noun_cue(art: _Article, seg: int, noun: Token, child: Token) -> bool:
    """A reporting noun whose content clause holds the fragment ("claims by X that ...")."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in REPORT_NOUNS:
        return False
    if art.inside_quote(art.pos(seg, noun)) or child.dep_ == "relcl":
        return False
    return report_agent(noun) is not None or any(
        c.dep_ == "mark" and c.lower_ == "that" for c in child.children
    )


def _fragment(art: _Article, q: MarkedQuote, quotes: Sequence[MarkedQuote]) -> _Found | None:
    seg = q.segment
    sdoc = art.doc.segments[seg].doc
    first, last = art.token(seg, q.start), art.token(seg, max(q.start, q.end - 1))
    inside = range(first, last + 1)
    roots = [t for t in sdoc[first : last + 1] if t.head.i not in inside and not t.is_punct]
    cue: Token | None = None
    child: Token | None = None
    if roots:
        cur = roots[0]
        for _ in range(12):
            if cur.head is cur:
                break
            child, cur = cur, cur.head
            if art.is_cue(seg, cur) or _noun_cue(art, seg, cur, child):
                cue = cur
                break
            if any(art.is_cue(seg, c) and c.lower_ == "according" for c in cur.children):
                cue = next(c for c in cur.children if c.lower_ == "according")
                child = None
                break
    found = _Found(q.start, q.end, "mixed", material=(Span(q.start, q.end),), piece=q)
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
    elif child.i > cue.i:
        lo = cue.i + 1 if cue.lemma_.lower() in DIRECTIVE_CUES else child.left_edge.i
        hi = child.right_edge.i
    else:
        lo, hi = child.left_edge.i, child.right_edge.i
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


def _indirect(art: _Article, claimed: Sequence[Span]) -> list[_Found]:
    out: list[_Found] = []
    for seg, p in enumerate(art.doc.segments):
        for sent in p.doc.sents:
            s0, s1 = p.offset + sent.start_char, p.offset + sent.end_char
            if any(c.start < s1 and s0 < c.end for c in claimed):
                continue
            if any(ch in DOUBLE_OPEN + DOUBLE_CLOSE + '"' for ch in sent.text):
                continue
            for tok in sent:
                f = _indirect_at(art, seg, tok)
                if f is not None:
                    out.append(f)
                    break
    return out


def _indirect_at(art: _Article, seg: int, tok: Token) -> _Found | None:
    if tok.lemma_.lower() not in INDIRECT_CUES or tok.pos_ != "VERB":
        return None
    if tok.dep_ not in ("ROOT", "conj") or any(c.dep_ == "neg" for c in tok.children):
        return None
    subj = subject_of(tok)
    if subj is None or subj.lower_ == "it":
        return None
    if subj.lower_ not in PRONOUNS and subj.pos_ not in ("PROPN", "NOUN"):
        return None
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if comp is None or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in comp.children):
        return None
    if comp.left_edge.i <= subj.i <= comp.right_edge.i:
        return None
    sdoc = art.doc.segments[seg].doc
    lo, hi = comp.left_edge.i, comp.right_edge.i
    while lo < hi and (sdoc[lo].is_punct or sdoc[lo].lower_ == "that"):
        lo += 1
    while hi > lo and sdoc[hi].is_punct:
        hi -= 1
    if hi - lo < 3:
        return None
    off = art.doc.segments[seg].offset
    found = _Found(off + sdoc[lo].idx, off + sdoc[hi].idx + len(sdoc[hi].text), "indirect")
    art.attribute(found, seg, tok)
    return found if found.subject is not None else None


# --- putting it together -------------------------------------------------------------------


def _merge_mixed(found: list[_Found]) -> list[_Found]:
    """One mixed quote per reported clause: overlapping mixed spans become one."""
    out: list[_Found] = []
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


def _link(art: _Article, found: Sequence[_Found]) -> None:
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
            if not between.strip() or (cue_between and between.count(".") <= 1):
                f.inherit = prev
        elif p.segment == q.segment - 1 and prev.cue is not None:
            rest = art.text[p.region.end : art.doc.segments[p.segment].segment.end]
            lead = art.text[art.doc.segments[q.segment].segment.start : q.open_mark]
            if not lead.strip() and sum(rest.count(c) for c in _TERMINAL) <= 1:
                f.inherit = prev
    for f, nxt in reversed(list(zip(direct, direct[1:], strict=False))):
        # a piece that runs on takes the cue of its continuation
        runs_on = f.piece is not None and f.piece.runs_on
        reopened = nxt.piece is not None and nxt.piece.reopens
        if f.cue is None and f.inherit is None and runs_on and reopened:
            f.inherit = nxt if (nxt.cue or nxt.inherit) else None


def _root(f: _Found) -> _Found:
    seen = {id(f)}
    while f.inherit is not None and id(f.inherit) not in seen:
        f = f.inherit
        seen.add(id(f))
    return f


def _article_found(art: _Article, marked: Sequence[MarkedQuote]) -> list[_Found]:
    found: list[_Found] = []
    for q in marked:
        left = art.window(q.segment, art.token(q.segment, q.open_mark) - 1, -1)
        if art.token(q.segment, q.open_mark) == 0 and art.starts[q.segment][0] >= q.open_mark:
            left = []
        if _is_fragment(art, q, left):
            f = _fragment(art, q, marked)
            if f is not None:
                found.append(f)
        else:
            found.append(_direct(art, q, left))
    found = _merge_mixed(found)
    _link(art, found)
    claimed = [q.region for q in marked] + [Span(f.start, f.end) for f in found]
    found.extend(_indirect(art, claimed))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _notice(article: Article, unbalanced: int, marked: Sequence[MarkedQuote]) -> Notice:
    first = next((q.open_mark for q in marked if q.capped), None)
    where = f", first at offset {first}" if first is not None else ""
    code = UNBALANCED_QUOTES
    detail = f"{unbalanced} unmatched in article {article.id}{where} (hint: {code.hint})"
    return Notice(code.code, f"{code.title}: {detail}", article.source)


def find_quotes(docs: Sequence[AnnotatedArticle]) -> QuoteResult:
    """Quotes, speakers and quote groups of the articles of one briefing."""
    notices: list[Notice] = []
    marked_all: list[list[MarkedQuote]] = []
    for d in docs:
        segs = [(p.segment.start, p.segment.end) for p in d.segments]
        marked, unbalanced = scan_marks(d.article.text, segs)
        marked_all.append(marked)
        if unbalanced:
            notices.append(_notice(d.article, unbalanced, marked))
    quoted = [sorted((q.region for q in m), key=lambda r: r.start) for m in marked_all]
    book = SpeakerBook(docs, quoted)
    quotes: list[Quote] = []
    materials: list[QuoteMaterial] = []
    for i, d in enumerate(docs):
        found = _article_found(_Article(i, d, quoted[i]), marked_all[i])
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
    articles = {d.article.id: d.article for d in docs}
    groups = group_quotes(materials, articles, frozenset(book.named))
    return QuoteResult(tuple(quotes), book.speakers(), groups, tuple(notices))
