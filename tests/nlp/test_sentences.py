"""Sentence boundaries after ranks, titles and state abbreviations (sentences written here)."""

from __future__ import annotations

import pytest

from newsprism.nlp.annotate import load_nlp
from newsprism.nlp.sentences import GUARD


def _sents(text: str) -> list[str]:
    return [s.text for s in load_nlp()(text).sents]


def test_guard_sits_before_the_parser() -> None:
    names = load_nlp().pipe_names
    assert names.index(GUARD) < names.index("parser")


@pytest.mark.parametrize(
    "text",
    [
        "“The road stays shut,” Harbour Police Sgt. Mina Oduya said on Monday.",
        "Fleet Cmdr. Oren Vale and Lt. Col. Ines Marr signed the order.",
        "The ferry was inspected, Det. Ruth Kalu told the inquiry.",
        "Capt. Tobin Reyes of the Coast Guard said the hull was sound.",
        "Sen. Ada Brill (D-Nev.) said the vote would wait.",
    ],
)
def test_no_split_after_a_rank_or_title(text: str) -> None:
    assert _sents(text) == [text]


def test_state_abbreviation_before_lower_case_stays_inside() -> None:
    text = "The crew from Tulsa, Okla. said the boat was late."
    assert _sents(text) == [text]


def test_a_state_abbreviation_can_still_end_a_sentence() -> None:
    assert len(_sents("She moved to Austin, Tex. The mayor welcomed her.")) == 2


def test_colon_inside_a_quoted_title_does_not_split() -> None:
    text = "Her book, “Harbour Lights: A Life at Sea” came out on Friday."
    assert _sents(text) == [text]
