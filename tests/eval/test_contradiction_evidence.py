"""Gold contradictions sorted by the evidence they would need (``eval.contradiction_evidence``).

Sentences are fictional and written for these tests; the encoders are stand-ins that say which
texts are close.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.quotes.extract import find_quotes
from newsprism.eval import contradiction_evidence as ce
from newsprism.model import Article, Citation, Disagreement, DisagreementSide
from newsprism.nlp.annotate import annotate


def _claims(*texts: str) -> tuple[list[ClaimInfo], dict[str, str]]:
    arts = [Article(f"a{i}", f"doc{i}.txt", t, outlet=f"Outlet {i}") for i, t in enumerate(texts)]
    docs = annotate(arts)
    q = find_quotes(docs)
    claims = extract_claims(docs, q.quotes, q.speakers, (), [(a.id,) for a in arts])
    return claims, {a.id: f"doc{i}" for i, a in enumerate(arts)}


def _same(texts: Sequence[str]) -> np.ndarray:
    return np.array([[1.0, 0.0] for _ in texts])


def _apart(texts: Sequence[str]) -> np.ndarray:
    """The first article's sentences on one direction, the second's on another."""
    first = ("lantern", "Organisers", "ferry company")
    return np.array([[1.0, 0.0] if any(w in t for w in first) else [0.0, 1.0] for t in texts])


def _pair(a: str, b: str, kind: str = "account") -> ce.GoldPair:
    return ce.GoldPair(a, "doc0", b, "doc1", kind)


LANTERN = "The lantern festival drew a large crowd to the quay on Saturday evening."
STALLS = "Most of the food stalls near the quay had sold out well before dark."


BOATS = "Organisers said 300 boats joined the parade on the river."
CUT = "The ferry company cut the night crossings to save fuel."


@pytest.mark.parametrize(
    ("first", "second", "a", "b", "expected"),
    [
        # figures on both sides come first, whatever else the sides say
        (
            BOATS,
            "About 120 boats took part in the river parade, the harbour office said.",
            "300 boats joined the parade",
            "About 120 boats took part",
            "figures or dates",
        ),
        # a figure on one side only is no figure evidence
        (
            BOATS,
            "Hardly anyone took a boat out for the parade this year.",
            "300 boats joined the parade",
            "Hardly anyone took a boat out",
            "entailment",
        ),
        (
            CUT,
            "A company spokeswoman denied that the night crossings had been cut.",
            "cut the night crossings",
            "denied that the night crossings",
            "denial",
        ),
        (
            CUT,
            "The night crossings were not cut this winter, the harbour office said.",
            "cut the night crossings",
            "were not cut this winter",
            "negation",
        ),
    ],
)
def test_evidence_of_a_pair(first: str, second: str, a: str, b: str, expected: str) -> None:
    claims, doc_of = _claims(first, second)
    assert ce.evidence(_pair(a, b), claims, doc_of, _apart) == expected


def test_attribution_and_role_come_from_the_annotated_kind() -> None:
    claims, doc_of = _claims(LANTERN, STALLS)
    pair = _pair("lantern festival drew", "food stalls near the quay", kind="attribution")
    assert ce.evidence(pair, claims, doc_of, _apart) == "attribution or role"
    role = _pair("lantern festival drew", "food stalls near the quay", kind="role")
    assert ce.evidence(role, claims, doc_of, _apart) == "attribution or role"


def test_aligned_sides_without_a_cue_are_one_sentence_told_two_ways() -> None:
    claims, doc_of = _claims(LANTERN, STALLS)
    pair = _pair("lantern festival drew", "food stalls near the quay")
    assert ce.evidence(pair, claims, doc_of, _same) == "one sentence told two ways"
    assert ce.evidence(pair, claims, doc_of, _apart) == "entailment"
    assert ce.evidence(pair, claims, doc_of) == "entailment"  # no encoder: one class


def test_a_passage_no_claim_holds() -> None:
    claims, doc_of = _claims(LANTERN, STALLS)
    pair = _pair("lantern festival drew", "a passage that is in neither article at all")
    assert ce.evidence(pair, claims, doc_of, _same) == "no claim"
    swapped = ce.GoldPair("lantern festival drew", "doc1", "food stalls", "doc0", "account")
    assert ce.evidence(swapped, claims, doc_of, _same) == "no claim"  # the wrong documents


def test_matches_needs_each_passage_on_a_different_side() -> None:
    art = Article("x", "x.txt", f"{LANTERN} {STALLS}")
    cut = len(LANTERN)

    def side(start: int, end: int) -> DisagreementSide:
        return DisagreementSide(None, None, "", (Citation("x", start, end),))

    both = Disagreement("d1", "t", "account", (side(0, cut), side(cut + 1, len(art.text))), 1)
    one = Disagreement("d2", "t", "account", (side(0, cut), side(0, cut)), 2)
    raw = {"a": "lantern festival drew", "b": "food stalls near the quay"}
    assert ce.matches(raw, ce.side_texts(both, {"x": art}))
    assert not ce.matches(raw, ce.side_texts(one, {"x": art}))


def test_table_counts_by_evidence_and_status() -> None:
    t = ce.Table.empty()
    t.add("denial", "shown", "account")
    t.add("denial", "not paired", "polarity")
    t.add("entailment", "not paired", "evaluation")
    assert t.total() == 3 and t.total("denial") == 2 and t.total(status="not paired") == 2
    assert t.kinds["denial"] == {"account": 1, "polarity": 1}


@pytest.mark.parametrize("name", ce.CLASSES)
def test_every_class_has_a_place_in_the_table(name: str) -> None:
    assert ce.Table.empty().kinds[name] == {}


def test_stage_is_the_furthest_any_pair_of_sides_reaches() -> None:
    claims, doc_of = _claims(
        CUT, "A company spokeswoman denied that the night crossings had been cut."
    )
    pair = _pair("cut the night crossings", "denied that the night crossings")
    reasons = iter(["below the floor"])
    assert ce.stage(pair, claims, doc_of, lambda i, j: next(reasons), "not paired") == (
        "below the floor"
    )
    assert ce.stage(pair, claims, doc_of, lambda i, j: "", "not paired") == "paired, not kept"
    # where the briefing leaves a found one is its stage, whatever the pairs
    assert ce.stage(pair, claims, doc_of, lambda i, j: "one source", "possible") == "possible"
    lost = _pair("cut the night crossings", "a passage in neither article")
    assert ce.stage(lost, claims, doc_of, lambda i, j: "", "not paired") == "no claim"


def test_a_denial_word_without_an_account_cue_is_unread() -> None:
    # ``denial`` as a noun the subject of a clause: no verb disputes, so no cue is read
    claims, doc_of = _claims(CUT, "The company's denial came late on Friday evening.")
    pair = _pair("cut the night crossings", "denial came late")
    assert not any(c.account for c in claims)
    assert ce.cue_unread(pair, claims, doc_of)
    read, doc_read = _claims(
        CUT, "A company spokeswoman denied that the night crossings had been cut."
    )
    assert not ce.cue_unread(
        _pair("cut the night crossings", "denied that the night"), read, doc_read
    )


def test_stages_run_from_no_claim_to_shown() -> None:
    assert ce.STAGES[0] == "no claim" and ce.STAGES[-1] == "shown"
    assert ce.band(0.2) == "< 0.4" and ce.band(0.5) == "0.4-0.6" and ce.band(0.7) == ">= 0.6"


def _all_close(texts: Sequence[str]) -> np.ndarray:
    return np.array([[1.0, 0.0] for _ in texts])


def test_probes_pair_a_denial_with_what_its_clause_restates() -> None:
    claims, _ = _claims(
        "The ferry company cut the night crossings in March.",
        "A company spokeswoman denied that the night crossings had been cut.",
    )
    found = ce.probe_pairs(claims, _all_close, [range(len(claims))])
    assert found["denied clause by meaning"] == [(0, 1)]
    far = ce.probe_pairs(claims, _apart, [range(len(claims))])
    assert far["denied clause by meaning"] == []  # the clause says something else


def test_probes_one_detail_and_a_negation_by_meaning() -> None:
    claims, _ = _claims(
        "The harbour pilot Mara Quill steered the barge into the lock.",
        "The harbour pilot Tam Oduya steered the barge into the lock.",
        "The harbour pilot did not steer the barge into the lock.",
    )
    found = ce.probe_pairs(claims, _all_close, [range(len(claims))])
    assert (0, 1) in found["one detail differs"]  # one name told differently
    assert (0, 2) in found["negation by meaning"] and (1, 2) in found["negation by meaning"]
    assert (0, 1) not in found["negation by meaning"]
    # one source: no probe pairs it
    alone = ce.probe_pairs(claims[:1] * 2, _all_close, [range(2)])
    assert all(not pairs for pairs in alone.values())


def test_probes_one_slot_changed() -> None:
    claims, _ = _claims(
        "The harbour pilot Mara Quill steered the grain barge into the lock on Monday.",
        "The harbour pilot Tam Oduya steered the grain barge into the lock on Monday.",
        "The harbour pilot steered the grain boat into the lock on Monday.",
    )
    found = ce.probe_pairs(claims, _all_close, [range(len(claims))])
    assert found["one slot changed"] == [(0, 1)]  # two names of one kind
    # the barge told as a boat is no clash; the looser alignment counts it among its pairs
    assert (0, 2) not in found["one slot changed"]
    assert (1, 2) in found["one slot changed, looser"]
