"""Where the pipeline loses a gold contradiction whose two sides both read a figure (issue 11).

``contradiction_evidence`` sorts a gold contradiction under ``figures or dates`` when a claim
holding each passage reads a figure of one kind (``quantities``) or a date.  This module says,
for such a pair that is not shown, at which **stage** the pipeline lets it go, in pipeline order
(the furthest stage any two claims holding the passages reach):

1. ``dates only`` — the sides share dates, no figure: only the timeline compares them;
2. ``one source or voice`` — one independent source, or one voice of one source: never a
   candidate (``detect._candidates``);
3. ``different events`` — the claims belong to two different events;
4. ``age of other people`` — two ages, never of a person in common;
5. ``counted nouns differ`` — two counts (or amounts) of different units, and the pairing of
   counts by meaning (``alignment``) does not join them;
6. ``other frame, part or scope`` — one unit, but what is counted differs (killed / wounded, a
   part, a passing extreme, another scope or modifiers); ``another place or period`` — counts of
   people in one frame, but in two places or one a running total
   (``quantities.one_place_and_period``);
7. ``figures agree`` — one thing, and the intervals meet once normalised (``about 40`` / ``42``);
8. ``no shared predicate or verb`` — one thing, the figures clash, but the rules that tie a
   time, an amount or a percentage to one happening do not hold (``clashing_figures``);
9. ``another occasion`` — the claims name different days (``nli.same_occasion``);
10. ``another cue first`` — an account or evaluation cue names the kind first;
11. ``similarity below the floor`` — the pair's similarity is under the number floor;
12. ``paired, merged away`` — a candidate pair that no disagreement keeps with both sides;
13. ``found, not shown`` — a disagreement holds it, possible or below the top 8.

Also counted: pairs whose two sides sit in one agreement group (``agreement.group_claims``
joined them, the figure difference left unread), and for a passage no claim holds, where it
sits (``passage_place``).  Counts only: nothing here prints a passage.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import get_args

from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.nli import cue_contrast
from newsprism.analyze.disagreements.quantities import (
    clashing_figures,
    one_place_and_period,
    same_thing,
)
from newsprism.model import Article, BoilerplateKind, TimelineEntry

STAGES = (
    "dates only",
    "one source or voice",
    "different events",
    "age of other people",
    "counted nouns differ",
    "other frame, part or scope",
    "another place or period",
    "figures agree",
    "no shared predicate or verb",
    "another occasion",
    "another cue first",
    "similarity below the floor",
    "paired, merged away",
    "found, not shown",
)
PLACES = (
    "document not read",
    "not in the text",
    *(f"boilerplate: {k}" for k in get_args(BoilerplateKind)),
    "headline or outside sentences",
    "across sentences",
    "across clauses",
    "one clause, below the match",
)


def _figure_stage(a: ClaimInfo, b: ClaimInfo, counted: bool) -> int:
    """How far two claims' figures get through the figure rules (an index of ``STAGES``)."""
    kinds = {q.kind for q in a.quantities} & {q.kind for q in b.quantities}
    if not kinds:
        return STAGES.index("dates only")
    same = [
        (x, y) for x in a.quantities for y in b.quantities if x.kind == y.kind and same_thing(x, y)
    ]
    if not same:
        if counted:  # counts of one thing told with different nouns (alignment)
            return STAGES.index("no shared predicate or verb") + 1
        pairs = [(x, y) for x in a.quantities for y in b.quantities if x.kind == y.kind]
        if all(x.kind == "age" for x, _ in pairs):
            return STAGES.index("age of other people")
        if any(x.unit != y.unit for x, y in pairs) and not any(x.unit == y.unit for x, y in pairs):
            return STAGES.index("counted nouns differ")
        if any(
            x.unit == y.unit and x.frame == y.frame and not one_place_and_period(x, y)
            for x, y in pairs
        ):
            return STAGES.index("another place or period")
        return STAGES.index("other frame, part or scope")
    if not any(x.clashes(y) for x, y in same):
        return STAGES.index("figures agree")
    if clashing_figures(a.quantities, a.predicates, b.quantities, b.predicates) is None:
        return STAGES.index("no shared predicate or verb")
    return STAGES.index("no shared predicate or verb") + 1


def pair_stage(a: ClaimInfo, b: ClaimInfo, verdict: str, counted: bool = False) -> int:
    """The stage (an index of ``STAGES``) at which the pipeline lets the pair ``a``/``b`` go.
    ``verdict``: "" when ``detect`` made the two a candidate pair, else why not
    (``detect.pair_verdict``: other events, one source or one speaker, no contrasting cue,
    below the floor);
    ``counted``: ``alignment`` paired their counts by meaning.  A pair that gets past every
    stage is ``paired, merged away``."""
    if verdict == "other events":
        return STAGES.index("different events")
    if verdict in ("one source", "one speaker"):
        return STAGES.index("one source or voice")
    if counted:
        return STAGES.index("paired, merged away")
    got = _figure_stage(a, b, counted)
    if got <= STAGES.index("no shared predicate or verb"):
        return got
    kind = cue_contrast(a, b)
    if kind in ("account", "evaluation"):
        return STAGES.index("another cue first")
    if kind != "number":
        return STAGES.index("another occasion")
    if verdict:
        return STAGES.index("similarity below the floor")
    return STAGES.index("paired, merged away")


def furthest(stages: Collection[int]) -> str:
    """The name of the furthest stage any pair of claims reached."""
    return STAGES[max(stages)] if stages else STAGES[0]


def passage_place(
    text: str,
    article: Article | None,
    sentences: Sequence[tuple[int, int]],
    claims: Sequence[ClaimInfo],
    match: int = 80,
) -> str:
    """Where a passage no claim holds sits in its article (one of ``PLACES``): the article was
    not read, the passage is not found in its text, it lies in marked boilerplate, outside every
    content sentence (a headline, a dropped block), across two sentences, across two clauses of
    one sentence, or inside one clause that the match still misses."""
    if article is None:
        return "document not read"
    from rapidfuzz import fuzz

    al = fuzz.partial_ratio_alignment(text.lower(), article.text.lower())
    if al is None or al.score < match:
        return "not in the text"
    s, e = al.dest_start, al.dest_end
    kinds = [b.kind for b in article.boilerplate if b.start < e and s < b.end]
    if kinds:
        return f"boilerplate: {kinds[0]}"
    inside = [k for k, (x, y) in enumerate(sentences) if x < e and s < y]
    if not inside:
        return "headline or outside sentences"
    if len(inside) > 1:
        return "across sentences"
    own = [
        c for c in claims if c.claim.article == article.id and c.claim.start < e and s < c.claim.end
    ]
    if len(own) > 1:
        return "across clauses"
    if not own:
        return "headline or outside sentences"
    return "one clause, below the match"


def in_one_group(a: ClaimInfo, b: ClaimInfo, group_of: Mapping[str, str]) -> bool:
    """Both claims are members of one agreement group."""
    ga, gb = group_of.get(a.claim.id), group_of.get(b.claim.id)
    return ga is not None and ga == gb


def kinds_apart(a: Sequence[ClaimInfo], b: Sequence[ClaimInfo]) -> str:
    """For two sides (the claims holding each passage) that both read figures but none of one
    kind: their kinds, ``money / count`` (sorted, dates as ``date``); "" otherwise."""

    def kinds(side: Sequence[ClaimInfo]) -> set[str]:
        return {q.kind for c in side for q in c.quantities} | (
            {"date"} if any(c.dates for c in side) else set()
        )

    ka, kb = kinds(a), kinds(b)
    if not ka or not kb or ka & kb:
        return ""
    return " / ".join(sorted(["+".join(sorted(ka)), "+".join(sorted(kb))]))


DATE_STAGES = (
    "a side has no timeline entry",
    "the same day",
    "not both to the day",
    "different days, not one happening",
)


def date_stage(a: Sequence[TimelineEntry], b: Sequence[TimelineEntry]) -> str:
    """For a pair whose sides share only dates: why the timeline shows no date clash, from the
    timeline entries citing each side (one of ``DATE_STAGES``): a side dates nothing, the two
    sides' dates agree, they are not both known to the day, or they differ to the day but the
    timeline does not take them for one happening (another head word, ``timeline._conflicting``)."""
    if not a or not b:
        return DATE_STAGES[0]
    if {e.date for e in a} & {e.date for e in b}:
        return DATE_STAGES[1]
    if not any(x.precision == "day" and y.precision == "day" for x in a for y in b):
        return DATE_STAGES[2]
    return DATE_STAGES[3]


def citing(entries: Sequence[TimelineEntry], c: ClaimInfo) -> list[TimelineEntry]:
    """The timeline entries with a citation inside claim ``c``."""
    return [
        e
        for e in entries
        if any(
            x.article == c.claim.article and c.claim.start <= x.start < c.claim.end
            for x in e.citations
        )
    ]
