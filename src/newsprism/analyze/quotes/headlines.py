"""Quotes in a headline: ``Reyne: Ferry Will ‘Sail on Time’``, ``Reyne Calls Delay ‘A Scandal’``.

Headlines are short, often in title case, and the small spaCy model parses them badly, so the
cue of a quote in the first content paragraph is often not found.  ``headline_attribution``
reads such a headline by its shape instead:

* ``NAME: CONTENT`` — the name (one to six capitalised words) is the speaker, the colon the cue;
  when a headline verb stands inside the part before the colon (``Reyne Praises Crew: ‘...’``),
  the verb is the cue and the content starts after it;
* ``NAME VERB CONTENT`` — the first word after a run of capitalised words that is a speech or
  stance verb (``Says``, ``Calls``, ``Rips``, ``Sees``, ``Warns``, ...: a word of the cue lexicons
  or ``HEADLINE_VERBS``, in any case, with its ``-s`` ending) is the cue, the words before it the
  speaker, the rest of the headline the content.

The content holds the quote marks (kind ``mixed``, or ``direct`` when nothing is outside them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsprism.analyze.quotes.cues import CUE_LEMMAS, INDIRECT_CUES, ArticleView, Found
from newsprism.analyze.quotes.marks import MarkedQuote
from newsprism.analyze.quotes.mentions import editorial_label
from newsprism.analyze.quotes.speakers import words
from newsprism.model import QuoteKind, Span

# Verbs of speech and stance that headlines use besides the cue lexicons.
HEADLINE_VERBS = words(
    "rip see issue deliver defend rally hit knock bash tout back want pan question laud"
    " lash fire slam blast vow push rap hail mock chide scold admit thank"
)
MAX_HEADLINE = 250  # characters
_WORD = re.compile(r"[\w’'.-]+")


def _verb(word: str) -> bool:
    w = word.lower().strip(".")
    stems = {w}
    if w.endswith("ies"):
        stems.add(w[:-3] + "y")
    if w.endswith("es"):
        stems.add(w[:-2])
    if w.endswith("s"):
        stems.add(w[:-1])
    lexicon = CUE_LEMMAS | INDIRECT_CUES | HEADLINE_VERBS
    return any(s in lexicon for s in stems) and w not in ("as", "is", "was", "has")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


_MINOR = words("a an the of to in on for and or as at by with from if but vs. v.")


def title_case(text: str) -> bool:
    """Whether ``text`` is written in title case: four out of five of its words, short function
    words left aside, start with a capital."""
    ws = [w for w in _WORD.findall(text) if w[:1].isalpha() and w.lower() not in _MINOR]
    return bool(ws) and sum(_capitalised(w) for w in ws) >= 0.8 * len(ws)


def _one_name(art: ArticleView, p: Any, word: tuple[int, int], colon: int) -> bool:
    """A single word right before the headline's colon that the parser reads as a name."""
    if art.text[word[1] : colon].strip():
        return False
    toks = [t for t in p.doc if p.offset + t.idx == word[0]]
    return bool(toks) and (toks[0].pos_ == "PROPN" or toks[0].ent_type_ in ("PERSON", "ORG"))


def headline_attribution(
    art: ArticleView, quotes: Sequence[MarkedQuote], seg: int = 0
) -> Found | None:
    """The attribution of a headline paragraph ``seg`` with quote marks in it, by its shape;
    None when the paragraph is not a one-line headline or has no speaker before the quote."""
    if seg >= len(art.doc.segments):
        return None
    p = art.doc.segments[seg]
    s, e = p.segment.start, p.segment.end
    mine = [q for q in quotes if q.segment == seg]
    if not mine or e - s > MAX_HEADLINE or "\n" in art.text[s:e].strip():
        return None
    first_mark = mine[0].open_mark
    head = [(m.start(), m.end()) for m in _WORD.finditer(art.text, s, first_mark)]
    colon = art.text.find(":", s, first_mark)
    if colon != -1 and editorial_label(art.text[s:colon]):
        return None  # "UPDATE: ...", "WATCH: ...": a tag, not a speaker
    if len(head) < 2 and not (head and colon != -1 and _one_name(art, p, head[0], colon)):
        return None  # "Okafor: “...”" has a one-word name; any other shape needs two words
    if colon != -1 and art.text[head[0][0] : head[0][1]] in ("The", "A", "An"):
        head = [w for w in head if w[0] > colon]  # "The Latest: Reyne defends ..."
        colon = -1
        if len(head) < 2:
            return None
    cue: Span | None = None
    name_end = 0  # number of words of the speaker's name
    for k, (ws, we) in enumerate(head):
        if colon != -1 and ws > colon:
            break
        if (
            k >= 1
            and _verb(art.text[ws:we])
            and all(_capitalised(art.text[a:b]) for a, b in head[:k])
        ):
            cue, name_end = Span(ws, we), k
            break
    if cue is None and colon != -1:
        before = [w for w in head if w[1] <= colon]
        if not 1 <= len(before) <= 6 or not _capitalised(art.text[before[0][0] : before[0][1]]):
            return None
        cue = Span(colon, colon + 1)
        name_end = next(
            (k for k, (a, b) in enumerate(before) if not _capitalised(art.text[a:b])),
            len(before),
        )
    if cue is None or not 1 <= name_end <= 6:
        return None
    names = head[:name_end]
    start = cue.end
    while start < e and (art.text[start].isspace() or art.text[start] == ":"):
        start += 1
    end = e
    while end > start and (art.text[end - 1].isspace() or art.text[end - 1] in ".,;"):
        end -= 1
    end = max(end, max(q.region.end for q in mine))
    if end - start < 3:
        return None
    outside = art.text[start:end]
    for q in mine:
        outside = outside.replace(art.text[q.region.start : q.region.end], "")
    kind: QuoteKind = "mixed" if any(c.isalnum() for c in outside) else "direct"
    found = Found(start, end, kind, material=tuple(Span(q.start, q.end) for q in mine))
    found.cue = cue
    toks = [t for t in p.doc if names[0][0] <= p.offset + t.idx < names[-1][1]]
    if not toks:
        return None
    found.subject = toks[-1]
    found.subject_at = p.offset + toks[-1].idx
    found.mention = Span(names[0][0], names[-1][1])
    return found
