"""Concepts of a summary: the word bigrams that several sources report, weighted.

The concept-coverage view of multi-document summarization (Gillick and Favre 2009; Lin and
Bilmes 2011): a good summary covers many of the *concepts* the documents share, each counted
once.  A concept is a bigram of lowercased, lightly stemmed words (not both stop words).  Its
weight sums, over the independent sources that hold it, a position prior: the best position
``1 / (1 + index / position_scale)`` of a sentence of that source holding it.  A bigram one source
puts in its lead weighs more than one it mentions at the end; one reported by three independent
sources weighs about three times one reported by one (versions and wire copies are one source).

Coverage is monotone submodular: the gain of a sentence is the weight of its concepts not yet
covered, so selecting by gain per word (``summarize._select``) is the greedy algorithm for a
budgeted submodular objective.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s", "'s", "’s")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "mr", "ms", "mrs"}


def sentence_concepts(text: str, stop: frozenset[str]) -> set[str]:
    """Bigrams of stemmed words of ``text`` in which at least one word is not a stop word."""
    words = _TOKEN.findall(text.lower())
    out: set[str] = set()
    for a, b in zip(words, words[1:], strict=False):
        if a in stop and b in stop:
            continue
        out.add(_stem(a) + " " + _stem(b))
    return out


def concept_matrix(
    texts: Sequence[str],
    group: np.ndarray,
    position: np.ndarray,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(sentences x concepts 0/1 matrix, weight of each concept).

    ``group`` is each sentence's independent source and ``position`` its position prior.
    """
    stop = _stop_words()
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        for concept in sentence_concepts(text, stop):
            rows.append(i)
            cols.append(vocab.setdefault(concept, len(vocab)))
    n = len(texts)
    if not vocab:
        return sparse.csr_matrix((n, 0), dtype=np.float32), np.zeros(0)
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    matrix = sparse.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, len(vocab)))
    matrix.data[:] = 1.0  # a concept twice in one sentence counts once
    # best position of each (source, concept), summed over sources
    n_groups = int(group.max()) + 1 if n else 0
    key = group[r] * len(vocab) + c
    best = np.zeros(n_groups * len(vocab))
    np.maximum.at(best, key, position[r])
    weights = best.reshape(n_groups, len(vocab)).sum(axis=0)
    return matrix, weights
