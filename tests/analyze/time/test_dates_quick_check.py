"""The quick check and the cache in front of the date patterns change no answer (texts written here)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.analyze.time import dates
from newsprism.analyze.time.dates import (
    MAY_HOLD_A_DATE,
    PATTERNS,
    QUICK_CHECKED,
    find_dates,
    scan_dates,
)

PIECES = [
    "on 3 March 2019",
    "April 24, 2018",
    "2016-05-04",
    "by the end of July",
    "Nov. 27 of last year",
    "in Sept",
    "Tuesday evening",
    "nearly two years ago",
    "AGO",
    "last week",
    "This Summer",
    "tonight",
    "over the Weekend",
    "next weekend's",
    "from 2007-09",
    "the summer of 2014",
    "on Christmas Eve",
    "Thanksgiving 2011",
    "since Easter",
    "the ferry sailed",
    "the council met",
    "late",
    "ſince",
    ", ",
    ". ",
    " ",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(max_size=12)),
        max_size=12,
    )
)
def test_find_dates_agrees_with_the_full_scan(parts: list[str]) -> None:
    text = " ".join(parts)
    assert find_dates(text) == scan_dates(text)
    if scan_dates(text):
        assert MAY_HOLD_A_DATE.search(text)


def test_a_sentence_without_a_date_word_is_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str) -> list[dates.DateMention]:
        raise AssertionError(f"scanned {text!r}")

    dates._find_dates.cache_clear()
    monkeypatch.setattr(dates, "scan_dates", fail)
    assert find_dates("The harbour crew repaired the pier before the storm.") == []
    with pytest.raises(AssertionError):
        find_dates("The pier reopened on Friday.")


def test_the_cached_answer_is_not_shared() -> None:
    text = "The vote was held on 4 May 2021, and again last week."
    first = find_dates(text)
    first.clear()
    assert [m.text for m in find_dates(text)] == ["4 May 2021", "last week"]


def test_every_pattern_is_one_the_quick_check_was_written_for() -> None:
    # a pattern added to PATTERNS may need a word MAY_HOLD_A_DATE does not look for: add it there
    # (and to QUICK_CHECKED) or every text without the other words misses its dates
    assert {kind for kind, _ in PATTERNS} <= QUICK_CHECKED


def test_a_weekend_is_found_without_another_date_word() -> None:
    assert [m.text for m in find_dates("He spoke to reporters over the weekend.")] == [
        "over the weekend"
    ]
