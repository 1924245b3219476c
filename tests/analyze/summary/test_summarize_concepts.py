"""Concept coverage (bigrams weighted by sources and position) and the sentence budget."""

from __future__ import annotations

import numpy as np

from newsprism.analyze.summary.concepts import _stop_words, concept_matrix, sentence_concepts


def test_sentence_concepts_skip_stop_word_pairs_and_stem() -> None:
    concepts = sentence_concepts("The ferries of the island stopped running.", _stop_words())
    assert "of the" not in concepts
    assert {"ferr of", "island stopp", "stopp runn"} <= concepts  # lightly stemmed


def test_weights_count_sources_once_and_prefer_leads() -> None:
    texts = [
        "Harbour board keeps winter ferry running.",  # source 0, lead
        "Harbour board keeps winter ferry running.",  # source 0 again (a version): no extra weight
        "The harbour board met on Friday.",  # source 1, lead
        "Later the winter ferry timetable was printed.",  # source 1, far down
    ]
    group = np.array([0, 0, 1, 1])
    position = np.array([1.0, 1.0, 1.0, 0.2])
    matrix, weights = concept_matrix(texts, group, position)
    assert matrix.shape[0] == 4
    vocab_rows = matrix.toarray()

    def weight(i: int, j: int) -> float:
        shared = np.flatnonzero(vocab_rows[i] * vocab_rows[j])
        assert len(shared)
        return float(weights[shared].max())

    # 'harbour board' is in both sources' leads: 1 + 1
    assert weight(0, 2) == 2.0
    # 'winter ferry': source 0's lead (1.0) + source 1 low in its article (0.2)
    assert abs(weight(0, 3) - 1.2) < 1e-6
    # a concept only the version pair holds weighs one source
    only_ab = np.flatnonzero(
        vocab_rows[0] * vocab_rows[1] * (1 - vocab_rows[2]) * (1 - vocab_rows[3])
    )
    assert len(only_ab) and np.allclose(weights[only_ab], 1.0)


def test_empty_input() -> None:
    matrix, weights = concept_matrix([], np.zeros(0, dtype=np.int64), np.zeros(0))
    assert matrix.shape == (0, 0) and len(weights) == 0
