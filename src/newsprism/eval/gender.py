"""How well pronoun resolution knows a person's gender, measured on the people whose gender
the text states beside their name (a title such as ``Mrs.``, a gendered noun such as
``spokeswoman``): that stated gender is the reference, and the gender read *without* it, from
pronoun votes alone and from votes and the given name (``coref.GenderVotes``), is scored right,
wrong or undecided.  ``benchmarks/gender_names.py`` prints it on PolNeAR."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsprism.analyze.quotes.blocks import block_quotes
from newsprism.analyze.quotes.coref import GenderVotes, decide
from newsprism.analyze.quotes.marks import scan_marks
from newsprism.analyze.quotes.speakers import SpeakerBook

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

READINGS = ("pronoun votes", "votes and given name")


def _outcome(got: str | None, want: str) -> str:
    return "undecided" if got is None else ("right" if got == want else "wrong")


def gender_outcomes(docs: Sequence[AnnotatedArticle]) -> dict[str, Counter[str]]:
    """For each reading, how many people with a stated gender it gets right, wrong or leaves
    undecided; each article is its own briefing."""
    out: dict[str, Counter[str]] = {r: Counter() for r in READINGS}
    for d in docs:
        segs = [(p.segment.start, p.segment.end) for p in d.segments]
        marked, _ = scan_marks(d.article.text, segs)
        quoted = sorted((q.region for q in block_quotes(d, marked)), key=lambda r: r.start)
        genders = SpeakerBook([d], [quoted]).genders
        unmarked = GenderVotes(genders.votes, {})
        for key, marks in genders.marks.items():
            want = decide(marks)
            if want is None:
                continue
            out[READINGS[0]][_outcome(decide(genders.votes.get(key)), want)] += 1
            out[READINGS[1]][_outcome(unmarked.gender(key), want)] += 1
    return out
