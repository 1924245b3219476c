"""Counts of one thing told with different nouns, found by meaning (sentence embeddings).

The figure rules (``quantities.same_thing``) compare two counts only when they count the same
noun: ``300 meals`` / ``450 meals``.  Outlets often count one thing with different nouns
(``handed out 300 meals`` / ``about 450 dinners were served``), and no synonym table covers
news.  Here the sentences are *aligned* by meaning instead:

1. **Cheap checks first.**  Two claims of different independent sources, in one story block and
   not of two different events, each with a count (``quantities``) whose counted nouns differ,
   the figures clash (their intervals do not meet), and nothing else says they are two things:
   neither is a part (``four of five``), neither a passing extreme, the same scope and frame
   when both have one, compatible modifiers, the same occasion (``nli.same_occasion``), and no
   count of the same noun that the rules already compare.
2. **Aligned by meaning.**  The two claims' sentence embeddings are close (cosine at least
   ``ALIGNED``): they tell one happening.
3. **Counted by meaning.**  What follows each figure, up to ``PHRASE_WORDS`` words of its clause
   (the counted noun and what happened to it: ``meals`` / ``dinners were served``), is close
   in meaning (cosine at least ``SAME_COUNTED``): the counts measure one thing.  ``300 meals``
   / ``blankets to 450 families`` at one shelter stay apart.

The encoder is asked only about pairs that pass the cheap checks, so a story without such a pair
never loads a model.  Thresholds were set on the tuning half of the annotated real clusters
(where every pair that passes the checks and is a look-alike has a counted-phrase similarity
below 0.35) and invented cases; the confirming half's counts of accepted pairs over a grid of
thresholds were printed before they were fixed, so its figure is no clean confirmation
(docs/evaluation.md says so).  On by default (``pipeline.Config.counts_by_meaning``,
``"minilm-numpy"``: the model run by numpy, ``nlp/minilm_numpy.py``, without importing torch);
``benchmarks/real_clusters.py --counts-by-meaning none`` prints the figures without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprism.analyze.disagreements.blocks import cross_source_pairs
from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.nli import same_occasion
from newsprism.analyze.disagreements.quantities import Quantity, clashing_figures

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

# texts -> one L2-normalised row per text (``nlp.embeddings`` backends' ``encode``)
Encoder = Callable[[Sequence[str]], "np.ndarray"]

ALIGNED = 0.5  # cosine of the two claims: they tell one happening
SAME_COUNTED = 0.5  # cosine of the two counted phrases: they count one thing
PHRASE_WORDS = 4  # words after the figure: the counted noun and what happened to it

_WORD = re.compile(r"[^\W\d_][\w’'-]*")


@dataclass(frozen=True)
class CountedPair:
    """Two claims (indexes into the claims) whose counts measure one thing by meaning."""

    i: int
    j: int
    a: Quantity
    b: Quantity
    aligned: float  # cosine of the two claims
    counted: float  # cosine of the two counted phrases


# words that end what is counted and what happened to it: the circumstances after them (``at
# the shelter``, ``in the past month``) are shared by counts of different things
_STOP = frozenset(
    [
        "at",
        "in",
        "on",
        "of",
        "from",
        "by",
        "to",
        "for",
        "with",
        "into",
        "onto",
        "over",
        "under",
        "near",
        "about",
        "after",
        "before",
        "since",
        "during",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "as",
        "than",
        "who",
        "which",
        "that",
        "this",
        "these",
        "those",
        "their",
        "its",
        "his",
        "her",
    ]
)


def counted_phrase(c: ClaimInfo, q: Quantity, words: int = PHRASE_WORDS) -> str:
    """What the figure ``q`` counts and what happened to it: the words after it in its clause
    ``c``, at most ``words``, up to the first preposition, article or conjunction, no figure
    among them (``450 dinners were served by volunteers`` -> ``dinners were served``; ``300
    meals at the shelter`` -> ``meals``)."""
    start = q.end - c.claim.start
    if not 0 <= start <= len(c.text):
        return ""
    out: list[str] = []
    for w in _WORD.findall(c.text[start:])[:words]:
        if out and w.lower() in _STOP:
            break
        out.append(w)
    return " ".join(out)


def _may_be_one_count(x: Quantity, y: Quantity) -> bool:
    """Two counts of different nouns that nothing but the noun sets apart, and that clash."""
    if x.kind != "count" or y.kind != "count" or x.unit == y.unit:
        return False
    if x.vague or y.vague:
        return False  # "thousands of visitors" and "12 shops": a range clashes with anything
    if x.partitive or y.partitive or x.peak != y.peak:
        return False
    if x.scope and y.scope and x.scope != y.scope:
        return False
    if x.frame and y.frame and x.frame != y.frame:
        return False  # killed / injured: two counts
    if (
        x.modifiers
        and y.modifiers
        and not (x.modifiers <= y.modifiers or y.modifiers <= x.modifiers)
    ):
        return False
    return x.clashes(y)


def count_candidates(
    claims: Sequence[ClaimInfo], blocks: Sequence[Sequence[int]] | None = None
) -> list[tuple[int, int, Quantity, Quantity, str, str]]:
    """Pairs that pass the cheap checks (step 1 of the module docstring), with the counted
    phrase of each figure: ``(i, j, figure of i, figure of j, phrase of i, phrase of j)``.
    ``blocks``: claim indexes compared with each other (one story each); all claims when None."""
    out = []
    for block in blocks if blocks is not None else [range(len(claims))]:
        counting = [k for k in block if any(q.kind == "count" for q in claims[k].quantities)]
        for i, j in cross_source_pairs(claims, counting):
            a, b = claims[i], claims[j]
            if clashing_figures(a.quantities, a.predicates, b.quantities, b.predicates):
                continue  # the rules compare these already
            if not same_occasion(a, b, "count"):
                continue
            for x in a.quantities:
                for y in b.quantities:
                    if not _may_be_one_count(x, y):
                        continue
                    pa, pb = counted_phrase(a, x), counted_phrase(b, y)
                    if pa and pb:
                        out.append((i, j, x, y, pa, pb))
    return out


def counted_pairs(
    claims: Sequence[ClaimInfo],
    encode: Encoder,
    blocks: Sequence[Sequence[int]] | None = None,
    *,
    aligned: float = ALIGNED,
    same_counted: float = SAME_COUNTED,
) -> list[CountedPair]:
    """Claims whose counts measure one thing though they count it with different nouns (the
    module docstring).  ``encode`` embeds texts; it is called once, and only when some pair
    passes the cheap checks."""
    cands = count_candidates(claims, blocks)
    if not cands:
        return []
    texts = list(
        dict.fromkeys(
            [claims[k].text for i, j, *_ in cands for k in (i, j)]
            + [p for *_, pa, pb in cands for p in (pa, pb)]
        )
    )
    rows = encode(texts)
    row = {t: rows[n] for n, t in enumerate(texts)}
    best: dict[tuple[int, int], CountedPair] = {}  # one pair of figures a pair of claims
    for i, j, x, y, pa, pb in cands:
        sim = float(row[claims[i].text] @ row[claims[j].text])
        same = float(row[pa] @ row[pb])
        if sim < aligned or same < same_counted:
            continue
        if (i, j) not in best or same > best[(i, j)].counted:
            best[(i, j)] = CountedPair(i, j, x, y, sim, same)
    return list(best.values())


def measured(p: CountedPair) -> str:
    """What the two counts measure, as ``detect`` names a figure clash (``count:<units>:<frame>:``)."""
    units = "|".join(sorted({p.a.unit, p.b.unit}))
    return f"count:{units}:{p.a.frame or p.b.frame}:"
