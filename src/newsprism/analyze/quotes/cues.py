"""Speech cues and token lookups shared by the attribution finders.

``ArticleView`` maps between article offsets and the tokens of an article's parsed content
segments, tells whether an offset is inside quote marks, whether a token is a speech cue, and
fills a ``Found`` attribution's cue and speaker mention from a cue token.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsprism.analyze.quotes.marks import TERMINAL, MarkedQuote, mark_view
from newsprism.analyze.quotes.speakers import (
    DOCUMENT_NOUNS,
    REPORT_NOUNS,
    np_span,
    report_agent,
    subject_of,
    words,
)
from newsprism.model import QuoteKind, Span

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

Token = Any  # a spaCy token

CUE_LEMMAS = words(
    "say add tell claim warn insist deny write state urge describe explain argue announce"
    " declare vow promise admit acknowledge confirm reply respond ask note accuse brand call"
    " dub label complain predict recall remark tweet stress emphasise emphasize allege concede"
    " pledge demand order implore maintain reiterate threaten comment chant shout joke quip"
    " testify scream yell exclaim recount observe post suggest point caution boast answer"
    " characterize characterise portray depict deride denounce dismiss hail mock slam blast"
    " attack criticize criticise praise refer decry liken laud admire reference cite invoke"
    " encourage"
)
# Verbs that put a label on someone or something: "branded the plan as “reckless”", "called X
# “a disgrace”"; the reported content is the object with its label.
LABEL_CUES = words(
    "brand call describe label dub characterize characterise portray depict deride denounce"
    " dismiss hail mock slam blast attack criticize criticise praise refer decry liken laud"
    " admire"
)
TRAILING_CUES = frozenset({"continue", "conclude", "go"})  # "“...,” he continued."
DIRECTIVE_CUES = frozenset({"urge", "order", "ask", "implore", "call", "demand", "encourage"})
# Verbs that report speech, a finding or a belief with a clausal complement ("X said that ...",
# "the poll found ...", "X believes ...").
INDIRECT_CUES = words(
    "say tell claim insist deny warn add argue state admit confirm allege acknowledge concede"
    " stress maintain announce declare promise note report suggest find show write believe"
    " think explain predict reveal estimate contend assert indicate recall complain fear hope"
    " agree conclude testify emphasize emphasise tweet reply respond answer assure vow pledge"
    " concede hint imply boast signal caution charge speculate observe accuse learn feel"
    " worry acknowledge remark recognize recognise"
)


def _learned_cues() -> frozenset[str]:
    """Verbs learned as speech cues from PolNeAR train (``benchmarks/learn_cues.py``)."""
    try:
        text = resources.files("newsprism.data").joinpath("cue_lexicon.json").read_text()
    except FileNotFoundError:  # pragma: no cover - the package ships it
        return frozenset()
    return frozenset(json.loads(text)["cues"])


LEARNED_CUES = _learned_cues()

_STOP = re.compile(r"(\w+)?[.!?…]+(?=\s|$)")
_DASH = re.compile(r"[ \t\u00a0]*[―—–][ \t\u00a0]*")


def sentence_ends(text: str) -> int:
    """Full stops, question and exclamation marks in ``text`` that end a sentence (a short
    capitalised word before a full stop is an abbreviation: ``Mr.``, ``Sen.``, ``D.``)."""
    n = 0
    for m in _STOP.finditer(text):
        word = m.group(1)
        if word is not None and word[:1].isupper() and len(word) <= 4 and m.group(0)[-1] == ".":
            continue
        n += 1
    return n


@dataclass
class Found:
    start: int
    end: int
    kind: QuoteKind
    cue: Span | None = None
    subject: Token | None = None
    subject_at: int = 0  # article offset of the subject token
    mention: Span | None = None
    material: tuple[Span, ...] = ()
    piece: MarkedQuote | None = None
    inherit: Found | None = None  # the quote whose speaker this one shares
    speaker: str | None = None


class ArticleView:
    """Token lookups over one article's parsed segments."""

    def __init__(self, index: int, doc: AnnotatedArticle, quoted: Sequence[Span]) -> None:
        self.index = index
        self.doc = doc
        self.text = mark_view(doc.article.text)  # context reads only; offsets as read
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
        if tok.lower_ in READ_FORMS:  # "“...,” reads the letter": a document's words
            return not any(c.dep_ == "neg" for c in tok.children) and reader(tok) is not None
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "aux", "auxpass"):
            return False
        if any(c.dep_ == "neg" for c in tok.children):  # "did not say"
            return False
        if lemma == "go":
            return any(c.lower_ == "on" for c in tok.children)
        return lemma in CUE_LEMMAS or (trailing and lemma in TRAILING_CUES)

    def attribute(self, found: Found, seg: int, cue: Token) -> None:
        p = self.doc.segments[seg]
        if cue.lower_ == "according":
            to = cue.doc[cue.i + 1]
            found.cue = Span(self.pos(seg, cue), self.pos(seg, to) + len(to.text))
            head = next((c for c in to.children if c.dep_ == "pobj"), None)
        else:
            found.cue = Span(self.pos(seg, cue), self.pos(seg, cue) + len(cue.text))
            if cue.lower_ in READ_FORMS:
                head = reader(cue)
            elif cue.pos_ == "NOUN":  # "claims by X that ..."
                head = report_agent(cue)
            else:
                head = subject_of(cue, lambda t: not self.inside_quote(p.offset + t.idx))
        if head is not None and not self.inside_quote(p.offset + head.idx):
            found.subject = head
            found.subject_at = p.offset + head.idx
            found.mention = np_span(head, p.offset)

    def dash_attribution(self, found: Found, seg: int, pos: int) -> bool:
        """``“...” ― Ana Brill``: a dash after the closing mark and a name; the dash is the cue."""
        m = _DASH.match(self.text, pos)
        if m is None:
            return False
        toks = self.doc.segments[seg].doc
        k = self.token(seg, m.end())
        if k >= len(toks) or self.pos(seg, toks[k]) != m.end():
            return False
        run = []
        if k + 1 < len(toks) and toks[k].lower_ == "the" and toks[k + 1].pos_ == "PROPN":
            k += 1  # "“...”—The Harbour Weekly Review"
        while k < len(toks) and toks[k].pos_ == "PROPN":
            run.append(toks[k])
            k += 1
        if not run:
            return False
        dash = m.group(0).strip()
        start = m.start() + m.group(0).index(dash)
        found.cue = Span(start, start + len(dash))
        head = run[-1]
        found.subject = head
        found.subject_at = self.pos(seg, head)
        found.mention = Span(self.pos(seg, run[0]), self.pos(seg, head) + len(head.text))
        return True

    def colon_attribution(self, found: Found, seg: int, colon: Token) -> bool:
        """``Pia Strand put it plainly: “...”``: no speech verb before the colon, so the colon is
        the cue and the subject of the clause it ends is the speaker (a person or a group)."""
        noun = _report_before(colon)
        if noun is not None:  # "Bundy's response: “...”"
            head = report_agent(noun)
            if head is None or self.inside_quote(self.pos(seg, head)):
                return False
            found.cue = Span(self.pos(seg, colon), self.pos(seg, colon) + 1)
            found.subject = head
            found.subject_at = self.pos(seg, head)
            found.mention = np_span(head, self.doc.segments[seg].offset)
            return True
        verb = colon.head if colon.head.pos_ in ("VERB", "AUX") else None
        if verb is None or verb.i > colon.i or any(c.dep_ == "neg" for c in verb.children):
            return False
        head = subject_of(verb)
        if head is None or head.pos_ not in ("PROPN", "NOUN", "PRON") or head.lower_ == "it":
            return False
        if self.inside_quote(self.pos(seg, head)):
            return False
        p = self.doc.segments[seg]
        found.cue = Span(self.pos(seg, colon), self.pos(seg, colon) + 1)
        found.subject = head
        found.subject_at = p.offset + head.idx
        found.mention = np_span(head, p.offset)
        return True

    def window(self, seg: int, frm: int, step: int) -> list[Token]:
        """Tokens from token ``frm`` in direction ``step`` up to a sentence end or a quote."""
        toks = self.doc.segments[seg].doc
        out: list[Token] = []
        i = frm
        while 0 <= i < len(toks):
            tok = toks[i]
            if self.inside_quote(self.pos(seg, tok)):
                break
            # a full stop ends the window only at a sentence end ("Rep. Jo Bell (D-Ohio) said")
            if tok.text in TERMINAL and (i + 1 >= len(toks) or toks[i + 1].is_sent_start):
                break
            out.append(tok)
            if step > 0 and tok.text == ":":
                break
            i += step
        return out


READ_FORMS = frozenset({"read", "reads"})
# What a document's words are read from when the text does not name the document again:
# "“...,” it read", "“...,” read one", "a sign which read “...”".
_READ_PRONOUNS = frozenset({"it", "one", "another", "which", "that"})


def _written(tok: Token) -> bool:
    return tok.lemma_.lower() in DOCUMENT_NOUNS or tok.lower_ in _READ_PRONOUNS


def reader(read: Token) -> Token | None:
    """The document whose words "read"/"reads" gives ("the letter reads", "“...,” read the
    email", "a March 3 complaint read"), or None when the verb is not a document's: a person
    reading (``the judge read his decision``) is no cue.  The tagger often calls "read" after a
    document a noun and puts an inverted subject as its object, so the document is taken from
    the parse first and else from the words right before or after the verb."""
    for c in read.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if not _written(c):
                return None
            if c.lower_ in ("which", "that") and read.dep_ == "relcl":
                return read.head if _written(read.head) else None
            return c
    doc = read.doc
    before = doc[read.i - 1] if read.i > 0 else None
    if before is not None and before.pos_ in ("NOUN", "PRON", "NUM") and _written(before):
        return before  # "a March 3 complaint read" parsed as one noun phrase
    closes = before is not None and (
        before.text in "\"”’'»"
        or (before.text == "," and read.i > 1 and doc[read.i - 2].text in "\"”’'»")
    )
    if not closes:
        return None
    for tok in doc[read.i + 1 : min(len(doc), read.i + 6)]:  # "“...,” read one sign at the quay"
        if tok.pos_ in ("ADP", "VERB", "AUX", "PUNCT"):
            return None
        if tok.dep_ in ("nummod", "det", "amod", "compound", "quantmod"):
            continue  # "one sign": the noun it counts
        if tok.pos_ in ("NOUN", "PROPN") or tok.lower_ in _READ_PRONOUNS:
            return tok if _written(tok) else None
    return None


def _report_before(colon: Token) -> Token | None:
    """The reporting noun right before a colon (``X's response:``, ``the statement from X:``)."""
    i = colon.i - 1
    doc = colon.doc
    while i >= 0 and doc[i].pos_ not in ("NOUN", "PROPN"):
        if not doc[i].is_punct:
            return None
        i -= 1
    if i < 0 or doc[i].pos_ != "NOUN" or doc[i].lemma_.lower() not in REPORT_NOUNS:
        return None
    return doc[i] if report_agent(doc[i]) is not None else None


def best_cue(art: ArticleView, seg: int, toks: Sequence[Token], trailing: bool) -> Token | None:
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
