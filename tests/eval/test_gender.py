"""The gender harness (``eval.gender``): a title beside a name is the reference, and the gender
read without it is scored.  The article is fictional, written for this test."""

from __future__ import annotations

import pytest

from newsprism.eval.gender import READINGS, gender_outcomes
from newsprism.model import Article
from newsprism.nlp.annotate import annotate

pytest.importorskip("names")


def test_a_stray_pronoun_is_wrong_alone_and_outweighed_by_the_given_name() -> None:
    text = (
        "Ms. Helen Marsh opened the boatyard at six.\n"
        "At noon Marsh hung his old compass by the door.\n"
        "Mr. Peter Lamb arrived later."
    )
    outcomes = gender_outcomes(annotate([Article("a0", "a0.txt", text)]))
    votes, named = (outcomes[r] for r in READINGS)
    assert votes["wrong"] == 1  # the "his" counted for the only person named in its sentence
    assert named["right"] == 2 and named["wrong"] == 0  # Helen, and Peter by his name alone
