"""What the caption rules of ``ingest/boilerplate.py`` mark, by rule and by the shape of the line.

A line marked ``caption`` is dropped from the story (no claim, no summary sentence, no timeline
date), so a rule that marks prose loses facts.  ``marked_lines`` lists every line of a text that
the marker makes a whole-line caption, with the rule behind it (``boilerplate.caption_rule``) and
its shape: words, sentence ends, a verb of reporting (``said``, ``told``, ``according to``), a
quotation mark.  ``benchmarks/caption_marks.py`` counts them over research data that may be read
(never the confirming half of the annotated clusters); whether a line is prose or a caption is
read by a person, the shape only says which lines a shape-based rule would free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.ingest.boilerplate import caption_rule, find_boilerplate
from newsprism.ingest.metadata import text_lines

# a sentence end: a full stop, a question or exclamation mark (closing quotes or brackets after
# it) before a capital, an opening quote or the line's end; "Mass.," or "Jan. 2" are not ends
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[A-Z“\"‘']|\s*$)")
# a word a full stop shortens, not a sentence's last: titles, months, states, initials
_ABBREVIATION = re.compile(
    r"(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Prof|Jr|Sr|Rev|No|Jan|Feb|Mar|Apr"
    r"|Aug|Sept?|Oct|Nov|Dec|Ala|Ariz|Calif|Colo|Conn|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich"
    r"|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|U\.S|D\.C)"
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|according\s+to|added|announced|reported|stated|claimed)\b"
)
_QUOTE = re.compile(r"[\"“”]")


@dataclass(frozen=True)
class MarkedLine:
    """A whole line marked ``caption``: article offsets, the rule, and its shape."""

    start: int
    end: int
    rule: str  # ``photo_caption`` or one of ``boilerplate.CREDIT_RULES``; "" for another path
    words: int
    sentence_ends: int
    reporting: bool  # a verb of reporting
    quoted: bool  # a quotation mark


def sentence_ends(line: str) -> int:
    """How many sentences end in ``line`` (a stop after an abbreviation ends none)."""
    n = 0
    for m in _SENTENCE_END.finditer(line):
        word = re.search(r"[\w.]*$", line[: m.start()])
        if m.group()[0] == "." and word and _ABBREVIATION.fullmatch(word.group()):
            continue
        n += 1
    return n


def shape(line: str) -> tuple[int, int, bool, bool]:
    """``(words, sentence ends, reporting verb, quotation mark)`` of ``line``."""
    return (
        len(line.split()),
        sentence_ends(line),
        bool(_REPORTING.search(line)),
        bool(_QUOTE.search(line)),
    )


def marked_lines(text: str) -> list[MarkedLine]:
    """Every line of ``text`` that the boilerplate marker covers whole with a ``caption`` span."""
    spans = [(b.start, b.end) for b in find_boilerplate(text) if b.kind == "caption"]
    out = []
    for i, (s, e) in enumerate(text_lines(text)):
        if not any(cs <= s and e <= ce for cs, ce in spans):
            continue
        line = text[s:e]
        out.append(MarkedLine(s, e, caption_rule(line, first=i == 0), *shape(line)))
    return out


def sentence_bucket(n: int) -> str:
    """``0-1``, ``2`` or ``3+`` sentence ends."""
    return "0-1" if n <= 1 else "2" if n == 2 else "3+"


def tally(lines: Iterable[MarkedLine]) -> dict[str, dict[str, int]]:
    """Per rule: lines, by sentence ends (``0-1``, ``2``, ``3+``), with a reporting verb or a
    quotation mark (``speech``), and over 40 words (``long``)."""
    out: dict[str, dict[str, int]] = {}
    for m in lines:
        row = out.setdefault(m.rule or "other", {})
        for key in ("lines", sentence_bucket(m.sentence_ends)):
            row[key] = row.get(key, 0) + 1
        if m.reporting or m.quoted:
            row["speech"] = row.get("speech", 0) + 1
        if m.words > 40:
            row["long"] = row.get("long", 0) + 1
    return out
