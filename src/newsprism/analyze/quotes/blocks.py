"""Block quotes: a quotation set off as a paragraph of its own, without quote marks.

A scraped page loses the markup of a ``<blockquote>``: ``Okafor's reply:`` and then a paragraph
in the speaker's own words with no quote marks.  A paragraph is read as a block quote when

* the paragraph before it ends with a colon, and the sentence of that colon holds a speech cue
  or a reporting noun (``X said:``, ``X's reply was as rambling:``, ``X wrote in the letter:``);
* it speaks in the first person: ``I`` or ``we`` is the subject of a clause outside quote marks;
* it does not open with a quote mark or a speaker label (``THE PRESIDENT: ...``, a transcript
  line) and does not end with a colon itself.

It becomes a ``MarkedQuote`` over the paragraph (``block=True``; its ``open_mark`` is the
paragraph's first character and its ``close_mark`` None), so its speaker is found as for
``X said: “...”``; quote marks inside it are part of it.  A block whose speaker is not found is
dropped again (``extract``), so the writer's own first-person paragraphs are never quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsprism.analyze.quotes.cues import CUE_LEMMAS, INDIRECT_CUES
from newsprism.analyze.quotes.marks import MarkedQuote
from newsprism.analyze.quotes.mentions import REPORT_NOUNS

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

FIRST_PERSON = frozenset({"i", "we"})
# "THE PRESIDENT: I wanted ...": a transcript line has its own speaker label
_LABEL = re.compile(r"^\W*[A-Z][\w.'’-]*(?: [\w.'’-]+){0,4}:\s")
MIN_WORDS = 8


def _inside(marked: Sequence[MarkedQuote], pos: int) -> bool:
    return any(q.region.start <= pos < q.region.end for q in marked)


def _introduces(doc: AnnotatedArticle, k: int, marked: Sequence[MarkedQuote]) -> bool:
    """Segment ``k`` ends with a colon whose sentence holds a cue or a reporting noun."""
    p = doc.segments[k]
    text = doc.article.text[p.segment.start : p.segment.end].rstrip()
    if not text.endswith(":") or not len(p.doc):
        return False
    colon = next((t for t in reversed(p.doc) if t.text == ":"), None)
    if colon is None:
        return False
    for t in colon.sent:
        if t.i >= colon.i or _inside(marked, p.offset + t.idx):
            continue
        lemma = t.lemma_.lower()
        speech = t.pos_ in ("VERB", "AUX") and lemma in CUE_LEMMAS | INDIRECT_CUES
        if speech and not any(c.dep_ == "neg" for c in t.children):
            return True
        if t.pos_ == "NOUN" and lemma in REPORT_NOUNS:
            return True
    return False


def _first_person(doc: AnnotatedArticle, k: int, marked: Sequence[MarkedQuote]) -> bool:
    p = doc.segments[k]
    return any(
        t.lower_ in FIRST_PERSON
        and t.dep_ in ("nsubj", "nsubjpass")
        and not _inside(marked, p.offset + t.idx)
        for t in p.doc
    )


def block_quotes(doc: AnnotatedArticle, marked: Sequence[MarkedQuote]) -> list[MarkedQuote]:
    """``marked`` with the block quotes of ``doc`` added (quotes inside a block are part of it),
    in text order."""
    blocks: list[MarkedQuote] = []
    text = doc.article.text
    for k in range(1, len(doc.segments)):
        seg = doc.segments[k].segment
        body = text[seg.start : seg.end]
        start = seg.start + len(body) - len(body.lstrip())
        end = seg.start + len(body.rstrip())
        if end - start <= 0 or len(body.split()) < MIN_WORDS or body.rstrip().endswith(":"):
            continue
        if any(q.open_mark == start for q in marked) or _LABEL.match(body.lstrip()):
            continue  # an ordinary quote paragraph, a transcript line
        if not _introduces(doc, k - 1, marked) or not _first_person(doc, k, marked):
            continue
        blocks.append(MarkedQuote(start, end, start, None, k, block=True))
    if not blocks:
        return list(marked)
    kept = [
        q
        for q in marked
        if not any(b.start <= q.open_mark < b.end for b in blocks)  # nested in a block
    ]
    return sorted([*kept, *blocks], key=lambda q: q.open_mark)
