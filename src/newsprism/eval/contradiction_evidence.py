"""What evidence each gold contradiction of a real cluster would need to be found (issue 11).

A gold contradiction is a pair of passages of two documents (``a`` / ``a_doc``, ``b`` /
``b_doc``, as in ``../shared/data/annotations``).  Its **sides** are the claims of the pipeline
that hold each passage (rapidfuzz ``partial_ratio`` >= 80, the scorer's test), and its **status**
is where the briefing leaves it: ``shown`` among the top 8 disagreements, ``found`` by some
disagreement (possible, or below the top 8), or ``not paired``.  Its **evidence** is the first
of these that its sides carry:

1. ``no claim`` — a passage no claim holds (segmentation, boilerplate or a caption);
2. ``figures or dates`` — both sides read a figure of one kind or a date expression: the
   figure rules (``quantities``) or the timeline can compare them;
3. ``denial`` — a side carries an explicit denial or dispute (an account cue: ``denied``,
   ``disputed``, ``rejected``, ``contrary to``): the account pairing can reach it;
4. ``negation`` — a side negates a predicate the other asserts (``agreed`` / ``did not
   agree``): the polarity rules can compare them;
5. ``attribution or role`` — the annotators typed it ``attribution`` or ``role``: who said the
   words or who a person is, which the quote groups and the speakers compare;
6. ``one sentence told two ways`` — no cue, but the two sides say nearly the same thing by meaning
   (the closest two claims at a sentence-embedding cosine of at least ``ALIGNED``): a detail
   (who, which part, which place) differs inside aligned sentences;
7. ``entailment`` — no cue and different sentences: only a model that reads meaning (an NLI
   backend, ``analyze.disagreements.nli``) can tell that they clash.

Its **stage** is where the pipeline loses it (``STAGES``, earliest first): no claim holds a
side; no pair of its sides is a candidate, for the furthest reason any pair reaches
(``detect.pair_verdict``: claims of other events, one voice, no cues that contrast, a similarity
below the kind's floor, a denial sharing no content words with the claim); a candidate the
merge of sides does not keep; found beyond the 20 kept; possible (confidence below the
threshold); confident but ranked below 8; shown.

Counts only: nothing here prints a passage, so the confirming half can be counted without
being read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.detect import LOST
from newsprism.model import Article, Disagreement

CLASSES = (
    "no claim",
    "figures or dates",
    "denial",
    "negation",
    "attribution or role",
    "one sentence told two ways",
    "entailment",
)
STATUSES = ("shown", "found", "not paired")
PLACES = ("found, beyond the 20", "possible", "ranked below 8", "shown")  # where a found one is
STAGES = ("no claim", *LOST, "paired, not kept", *PLACES)
# a denial word on a side whose claim carries no account cue: the cue is not read
DENIAL_WORD = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|disput\w*|reject\w*|refut\w*|rebut\w*|contrary to|"
    r"untrue|false(?:ly)?)\b",
    re.I,
)
ALIGNED = 0.6  # sentence-embedding cosine of two sides that say nearly the same thing
MATCH = 80  # rapidfuzz partial_ratio of a passage and a claim (the scorer's test)

Encoder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class GoldPair:
    a: str
    a_doc: str
    b: str
    b_doc: str
    kind: str

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> GoldPair:
        return cls(raw["a"], raw["a_doc"], raw["b"], raw["b_doc"], raw.get("kind", ""))


def side_texts(d: Disagreement, arts: Mapping[str, Article]) -> list[str]:
    """Each side of ``d`` as the scorer reads it: its claim and the passages it cites, lower
    case."""
    out = []
    for s in d.sides:
        t = s.claim or ""
        for c in s.citations:
            a = arts.get(c.article)
            if a and 0 <= c.start < c.end <= len(a.text):
                t += " " + a.text[c.start : c.end]
        out.append(t.lower())
    return out


def matches(pair: Mapping[str, Any], sides: Sequence[str]) -> bool:
    """The scorer's test: each passage of the gold ``pair`` matches a different side."""
    from rapidfuzz import fuzz

    ia = [i for i, t in enumerate(sides) if fuzz.partial_ratio(pair["a"].lower(), t) >= MATCH]
    ib = [i for i, t in enumerate(sides) if fuzz.partial_ratio(pair["b"].lower(), t) >= MATCH]
    return any(i != j for i in ia for j in ib)


def holding(
    text: str, doc: str, claims: Sequence[ClaimInfo], doc_of: Mapping[str, str]
) -> list[int]:
    """The claims of document ``doc`` that hold the passage ``text``."""
    from rapidfuzz import fuzz

    low = text.lower()
    return [
        i
        for i, c in enumerate(claims)
        if doc_of.get(c.claim.article) == doc and fuzz.partial_ratio(low, c.text.lower()) >= MATCH
    ]


def _figures(c: ClaimInfo) -> set[str]:
    return {q.kind for q in c.quantities} | ({"date"} if c.dates else set())


def _negates(a: ClaimInfo, b: ClaimInfo) -> bool:
    return bool(a.negated & (b.predicates - b.negated) or b.negated & (a.predicates - a.negated))


def evidence(
    pair: GoldPair,
    claims: Sequence[ClaimInfo],
    doc_of: Mapping[str, str],
    encode: Encoder | None = None,
) -> str:
    """The evidence ``pair`` would need (one of ``CLASSES``, first match); without ``encode``
    the last two classes are one (``entailment``)."""
    ia = holding(pair.a, pair.a_doc, claims, doc_of)
    ib = holding(pair.b, pair.b_doc, claims, doc_of)
    if not ia or not ib:
        return "no claim"
    if any(_figures(claims[i]) & _figures(claims[j]) for i in ia for j in ib):
        return "figures or dates"
    if any(claims[i].account for i in (*ia, *ib)):
        return "denial"
    if any(_negates(claims[i], claims[j]) for i in ia for j in ib):
        return "negation"
    if pair.kind in ("attribution", "role"):
        return "attribution or role"
    if encode is not None:
        va = encode([claims[i].text for i in ia])
        vb = encode([claims[j].text for j in ib])
        if float((va @ vb.T).max()) >= ALIGNED:
            return "one sentence told two ways"
    return "entailment"


def stage(
    pair: GoldPair,
    claims: Sequence[ClaimInfo],
    doc_of: Mapping[str, str],
    verdict: Callable[[int, int], str],
    place: str,
) -> str:
    """Where the pipeline loses ``pair`` (one of ``STAGES``).  ``place``: where the briefing
    leaves it when some disagreement matches it (one of ``PLACES``), else ``not paired``;
    ``verdict(i, j)``: "" when claims ``i`` and ``j`` are a candidate pair, else why not (one
    of ``LOST``)."""
    if place != "not paired":
        return place
    ia = holding(pair.a, pair.a_doc, claims, doc_of)
    ib = holding(pair.b, pair.b_doc, claims, doc_of)
    if not ia or not ib:
        return "no claim"
    reached = [STAGES.index(verdict(i, j) or "paired, not kept") for i in ia for j in ib if i != j]
    return STAGES[max(reached, default=STAGES.index("one source"))]


def sides_of(
    pair: GoldPair, claims: Sequence[ClaimInfo], doc_of: Mapping[str, str]
) -> tuple[list[int], list[int]]:
    """The claims holding each passage of ``pair``."""
    return (
        holding(pair.a, pair.a_doc, claims, doc_of),
        holding(pair.b, pair.b_doc, claims, doc_of),
    )


def cue_unread(pair: GoldPair, claims: Sequence[ClaimInfo], doc_of: Mapping[str, str]) -> bool:
    """A side's claims carry a denial word (``DENIAL_WORD``) and none of them an account cue."""
    for side in sides_of(pair, claims, doc_of):
        texts = [claims[i] for i in side]
        if any(DENIAL_WORD.search(c.text) for c in texts) and not any(c.account for c in texts):
            return True
    return False


def band(cosine: float) -> str:
    """A sentence-embedding cosine in three bands."""
    return "< 0.4" if cosine < 0.4 else "0.4-0.6" if cosine < ALIGNED else ">= 0.6"


PROBES = (
    "denied clause by meaning",
    "one detail differs",
    "negation by meaning",
    "one speaker, two sources",
    "one slot changed",
    "one slot changed, looser",
)
# ``slots.slot_clash``'s looser alignment: share aligned, substitutions beside, common nouns
LOOSER = (0.5, 1, True)
DENIED_FLOOR = 0.4  # cosine of a denied clause and a claim of another source


def probe_pairs(
    claims: Sequence[ClaimInfo], encode: Encoder, blocks: Sequence[Sequence[int]]
) -> dict[str, list[tuple[int, int]]]:
    """Candidate pairs that ways of pairing the pipeline does not use would add (``PROBES``),
    each pair of two independent sources inside one block and not of two different events:

    * ``denied clause by meaning``: a claim with an account cue and a claim without, of another
      source, whose cosine with the denied clause (``disputed``, else the whole denial) is at
      least ``DENIED_FLOOR``;
    * ``one detail differs``: two claims aligned by meaning (cosine at least ``ALIGNED``) whose
      content stems differ by one or two on each side (one slot told differently);
    * ``negation by meaning``: two aligned claims, one negating a predicate, the other none;
    * ``one speaker, two sources``: one speaker's claims in two sources whose cues contrast
      (``nli.cue_contrast``), which the candidate test keeps apart as one voice;
    * ``one slot changed``: two claims whose cues do not contrast, one sentence told two ways
      with one slot changed that cannot hold both (``slots.slot_clash``: a name, a place, an
      office, two opposites, an ordinal; or who said it), each claim parsed again on its own;
    * ``one slot changed, looser``: the same with ``LOOSER`` (half the words aligned, one more
      substitution beside the slot, two common nouns in it).
    """
    from newsprism.analyze.disagreements.blocks import cross_source_pairs
    from newsprism.analyze.disagreements.nli import cue_contrast
    from newsprism.analyze.disagreements.slots import content_words, slot_clash
    from newsprism.nlp.annotate import load_nlp

    out: dict[str, list[tuple[int, int]]] = {p: [] for p in PROBES}
    if not claims:
        return out
    vecs = encode([c.text for c in claims])
    denied = encode([c.disputed or c.text for c in claims])
    words = [content_words(doc) for doc in load_nlp().pipe([c.text for c in claims])]
    for block in blocks:
        for i, j in cross_source_pairs(claims, sorted(block)):
            a, b = claims[i], claims[j]
            cos = float(vecs[i] @ vecs[j])
            if bool(a.account) != bool(b.account):
                d, o = (i, j) if a.account else (j, i)
                if float(denied[d] @ vecs[o]) >= DENIED_FLOOR:
                    out["denied clause by meaning"].append((i, j))
            if cos >= ALIGNED and _one_slot(a, b):
                out["one detail differs"].append((i, j))
            if cos >= ALIGNED and bool(a.negated) != bool(b.negated):
                out["negation by meaning"].append((i, j))
            contrast = cue_contrast(a, b)
            if a.claim.speaker and a.claim.speaker == b.claim.speaker and contrast:
                out["one speaker, two sources"].append((i, j))
            if contrast is None and slot_clash(words[i], words[j]) is not None:
                out["one slot changed"].append((i, j))
            if (
                contrast is None
                and slot_clash(
                    words[i], words[j], aligned=LOOSER[0], others=LOOSER[1], common=LOOSER[2]
                )
                is not None
            ):
                out["one slot changed, looser"].append((i, j))
    return out


def _one_slot(a: ClaimInfo, b: ClaimInfo) -> bool:
    """The content stems of ``a`` and ``b`` differ by one or two on each side."""
    sa, sb = Counter(a.stems), Counter(b.stems)
    return 1 <= sum((sa - sb).values()) <= 2 and 1 <= sum((sb - sa).values()) <= 2


@dataclass
class Table:
    """Gold pairs counted by evidence and status, with the annotators' kinds of each class."""

    counts: Counter[tuple[str, str]]
    kinds: dict[str, Counter[str]]

    @classmethod
    def empty(cls) -> Table:
        return cls(Counter(), {c: Counter() for c in CLASSES})

    def add(self, evidence: str, status: str, kind: str) -> None:
        self.counts[evidence, status] += 1
        self.kinds[evidence][kind] += 1

    def total(self, evidence: str | None = None, status: str | None = None) -> int:
        return sum(
            n
            for (e, s), n in self.counts.items()
            if (evidence is None or e == evidence) and (status is None or s == status)
        )
