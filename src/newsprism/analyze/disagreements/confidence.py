"""How sure a disagreement is: evidence read from its sides, and a confidence in [0, 1].

Precision comes before recall: a reader forgives a missed clash more easily than a clash that is
not there.  Every disagreement gets a confidence; those below ``CONFIDENT`` are not shown as
disagreements but listed as *possible* ones (``Briefing.possible_disagreements``), so fewer than
eight are shown when fewer are real.

The evidence (``Evidence``) is a handful of plain features of the item, never its words:

* ``kind`` and the similarity of the two main sides (are they about one thing?);
* ``figure``: for numbers, the two figures measure one thing (``quantities.same_thing``);
* ``named``: sides held by a named speaker (a person's or a body's name, not ``he`` or the
  reporter), ``unnamed`` the others, and ``reporter`` sides (the outlet's own voice);
* ``same_target``: two sides judge the same thing or name the same happening (the meeting);
* ``overlap``: for a predicate affirmed and negated, the share of words the two sides' phrases of
  it have in common (``the council agreed to keep the pier open`` / ``the council refused to keep
  the pier open``: high; ``I can't speak`` / ``critics are free to say so``: low);
* ``vague``: sides whose assertion has a pronoun for subject (``I can't speak``, ``they never
  learned``): who or what they are about cannot be checked against the other side;
* ``hedged``: a side is a question, a conditional or a wish (``if``, ``would``, ``?``);
* ``voices``: the sides come from different independent sources;
* ``label``: the predicate in dispute is a label (``negation.labels``) one named speaker denies
  and another gives, each side held by a different named speaker (``label_rebuttal``);
* ``restated``: one side explicitly denies what another asserts, in the other side's own
  terms: a denial (``denied``, ``rejected claims``) whose disputed clause has the verb of a side
  that does not dispute and another of its words (``Stark denied that he sold the pilot boat`` /
  ``Stark sold the old pilot boat``); ``restates``.  A bare negation is not enough: a predicate
  affirmed and negated with two more words in common showed a look-alike on real news.
* ``model``: how sure a contradiction backend that reads meaning (a user's NLI model,
  ``nli.register_contradiction``) is that two sides clash, its probability ``p`` as certainty
  beyond a coin toss, ``2 (p - 0.5)`` in [0, 1]; 0 with the ``rules`` backend, whose score is
  its cues (already features here).  Without it a plugged-in model could
  pair claims with no cue but never show them: their similarity is what such pairs lack;
* ``exclusive``: the sides assert outcomes of one happening that exclude each other, of the
  same party (``resigned`` / ``was fired``, ``acquitted`` / ``convicted``; ``nli.outcome_clash``):
  like a label, a clash of fact whatever the similarity.

``confidence(ev)`` is a logistic function of these features.  Its default weights (``data/
disagreement_confidence.json``, ``hand-set``) were set by hand on the tuning half of the annotated
real clusters, the project's stories and the seeds, then checked on the confirming half
(``benchmarks/real_clusters.py``).  ``fitted`` (``data/disagreement_confidence_fitted.json``) is a
logistic regression fitted on the same data by ``benchmarks/fit_disagreement_confidence.py``, which
also cross-validates both, one held-out cluster at a time; select it with
``Config(confidence="fitted")``.  ``meaning`` is the similarity by meaning of the closest sides
(sentence embeddings, 0 when none were computed).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.nli import outcome_clash

CONFIDENT = 0.5
KINDS = ("account", "attribution", "date", "evaluation", "number", "polarity", "role")

_HEDGE = re.compile(
    r"\?|\b(?:if|would|could|might|may|whether|wonder|perhaps|maybe|hypothetical)\b", re.I
)
_PRONOUN = frozenset({"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "one"})


@dataclass(frozen=True)
class Evidence:
    """Features of one disagreement (see the module docstring)."""

    kind: str
    similarity: float = 0.0
    meaning: float = 0.0
    figure: bool = False
    named: int = 0
    reporter: int = 0
    unnamed: int = 0
    sides: int = 2
    same_target: bool = False
    overlap: float = 0.0
    vague: int = 0
    hedged: int = 0
    voices: int = 1
    label: bool = False
    restated: bool = False
    exclusive: bool = False
    model: float = 0.0

    def vector(self) -> dict[str, float]:
        """The features as numbers, one per name (the kind one-hot)."""
        out = {f"kind={k}": float(self.kind == k) for k in KINDS}
        for name, value in asdict(self).items():
            if name != "kind":
                out[name] = float(value)
        return out


def named_speaker(name: str | None) -> bool:
    """A speaker named by a name (``Ms. Reyes``, ``the Port Authority``), not a pronoun, a
    description in lower case (``a police source``) or the reporter."""
    if not name:
        return False
    words = [w for w in name.replace("’s", "").split() if w.lower() not in ("the", "a", "an")]
    if not words or all(w.lower() in _PRONOUN for w in words):
        return False
    return any(w[:1].isupper() for w in words)


def hedged(text: str) -> bool:
    """A question, a conditional or a wish: not an assertion that can clash."""
    return bool(_HEDGE.search(text))


def claim_evidence(
    kind: str,
    sides: Sequence[ClaimInfo],
    names: dict[str, str],
    similarity: float,
    *,
    meaning: float = 0.0,
    figure: bool = False,
    eventive: frozenset[str] = frozenset(),
    clash: str | None = None,
    model: float = 0.0,
) -> Evidence:
    """The evidence of a disagreement built from claims (its sides' main claims); ``model``:
    the contradiction backend's probability for its closest sides (0 for the rules)."""
    held = [names.get(c.claim.speaker or "") or c.speaker_name for c in sides]
    # what each side judges: the things it judges, and the happenings it names (the meeting)
    targets = [{lemma for lemma, _ in c.targets} | (set(c.stems) & eventive) for c in sides]
    same_target = len(targets) >= 2 and any(
        targets[i] & targets[j] for i in range(len(targets)) for j in range(i + 1, len(targets))
    )
    return Evidence(
        kind,
        similarity=similarity,
        meaning=meaning,
        figure=figure,
        named=sum(named_speaker(h) for h in held),
        reporter=sum(h is None for h in held),
        unnamed=sum(not named_speaker(h) for h in held),
        sides=len(sides),
        same_target=same_target,
        overlap=clash_overlap(sides, clash) if clash else 0.0,
        vague=sum(_vague(c, clash) for c in sides),
        hedged=sum(hedged(c.text) for c in sides),
        voices=len({c.source for c in sides}),
        label=label_rebuttal(sides, names, clash),
        restated=restates(kind, sides),
        exclusive=kind == "polarity"
        and len(sides) >= 2
        and bool(outcome_clash(sides[0], sides[1])),
        model=model,
    )


def label_rebuttal(
    sides: Sequence[ClaimInfo], names: dict[str, str], clash: str | None = None
) -> bool:
    """One named voice denies a label another named voice gives (``I'm not careless``, said the
    mayor / the opposition leader called the plan ``rushed and careless``): the predicate in
    dispute (``clash``, else any one negated by one side and affirmed by the other) is a word
    said of a subject in both sides, and every side is held by a different named speaker."""
    if len(sides) < 2:
        return False
    a, b = sides[0], sides[1]
    disputed = (
        {clash}
        if clash
        else (a.negated & (b.predicates - b.negated)) | (b.negated & (a.predicates - a.negated))
    )
    verdicts = {p: classed(a, b, p) for p in disputed}
    if any(verdicts.values()):
        return True
    held = [names.get(c.claim.speaker or "") or c.speaker_name for c in sides]
    if not all(named_speaker(h) for h in held):
        return False
    if len({c.claim.speaker or h for c, h in zip(sides, held, strict=True)}) < len(sides):
        return False
    # a class given to two different things is no label in dispute (two people, one a suspect)
    return any(p in a.labels and p in b.labels and verdicts[p] is None for p in disputed)


def classed(a: ClaimInfo, b: ClaimInfo, label: str) -> bool | None:
    """Both claims put one thing in the class ``label``, or one puts it in and the other out
    (``the death was ruled a homicide`` / ``police have not ruled the death a homicide``): a
    clash of fact whoever holds the sides, when the things classified are named alike (nouns in
    common, or a stand-in such as ``it`` on one side) and a verb of classifying says it on at
    least one side (``ClaimInfo.classified``).  None when a side classifies nothing as
    ``label``; False when they classify different things or both only by *be*."""
    ta = [c for c in a.classified if c.cls == label]
    tb = [c for c in b.classified if c.cls == label]
    if not ta or not tb:
        return None
    return any(
        (x.verb != "be" or y.verb != "be")
        and (not x.thing or not y.thing or bool(x.thing & y.thing))
        for x in ta
        for y in tb
    )


def restates(kind: str, sides: Sequence[ClaimInfo]) -> bool:
    """One side explicitly denies what another asserts, in its own terms (``Evidence.restated``):
    in an ``account``, a denial's disputed clause has the verb of a side that does not dispute
    (not negated there) and at least one more of that side's content words."""
    if kind != "account":
        return False
    for d in sides:
        if not d.account or not d.disputed_predicate:
            continue
        for o in sides:
            if o is d or o.account:
                continue
            if d.disputed_predicate not in o.stems or d.disputed_predicate in o.negated:
                continue
            if len(d.disputed_stems & set(o.stems)) >= 2:
                return True
    return False


_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "that",
        "this",
        "it",
        "its",
        "is",
        "was",
        "were",
        "be",
        "been",
        "has",
        "had",
        "have",
        "will",
        "would",
        "not",
        "no",
        "never",
        "n't",
        "did",
        "do",
        "does",
    ]
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _vague(c: ClaimInfo, clash: str | None) -> bool:
    """The side's assertion (its phrase of the predicate in dispute, else its main assertion)
    has a pronoun for subject, or there is none to read."""
    phrase = (dict(c.phrases).get(clash) if clash else None) or c.core
    first = phrase.split(" ", 1)[0].lower().strip("“”\"'‘’") if phrase else ""
    return not first or first in _PRONOUN or first in ("this", "that", "these", "those", "what")


def clash_overlap(sides: Sequence[ClaimInfo], clash: str) -> float:
    """Jaccard of the words of the first two sides' phrases of the predicate ``clash`` (their
    clause when no phrase was cut)."""
    a, b = (_words(dict(c.phrases).get(clash) or c.text) for c in sides[:2])
    return len(a & b) / len(a | b) if a | b else 0.0


# named sets of weights (``Config.confidence``), each a file in newsprism/data
WEIGHTS = {
    "hand-set": "disagreement_confidence.json",
    "fitted": "disagreement_confidence_fitted.json",
}


@cache
def weights_named(name: str = "hand-set") -> dict[str, float]:
    """The weights ``name`` (``WEIGHTS``): ``hand-set`` (the default) or ``fitted`` (a logistic
    regression fitted by ``benchmarks/fit_disagreement_confidence.py``)."""
    if name not in WEIGHTS:
        raise ValueError(f"unknown confidence weights {name!r}; known: {', '.join(WEIGHTS)}")
    text = resources.files("newsprism.data").joinpath(WEIGHTS[name]).read_text()
    data: dict[str, float] = json.loads(text)["weights"]
    return data


def _weights() -> dict[str, float]:
    return weights_named("hand-set")


def confidence(ev: Evidence, weights: dict[str, float] | None = None) -> float:
    """``sigmoid(bias + sum(weight * feature))`` over ``Evidence.vector``."""
    w = weights if weights is not None else _weights()
    z = w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in ev.vector().items())
    return 1.0 / (1.0 + math.exp(-z))
