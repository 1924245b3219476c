"""Block quotes: a paragraph in the speaker's own words after ``X said:``, without quote marks
(a scraped ``<blockquote>``).  Fictional texts written for these tests."""

from __future__ import annotations

from tests.analyze.quotes.attribution_helpers import find, name, run_one


def test_a_first_person_paragraph_after_a_cue_and_a_colon_is_a_block_quote() -> None:
    text = (
        "Mayor Ana Okafor met the residents of the island on Monday.\n"
        "Okafor’s reply to the harbour board was long:\n"
        "I am prepared to tell the board the truth about the ferry. We will keep it running "
        "through the winter, and I will find the money for it.\n"
        "The board did not answer."
    )
    article, result = run_one(text)
    q = find([article], result, "truth about the ferry")
    assert q.kind == "direct" and name(result, q) == "Ana Okafor"
    assert article.text[q.start : q.end].startswith("I am prepared")


def test_the_writer_s_paragraph_after_a_colon_with_no_cue_is_not_a_quote() -> None:
    text = (
        "The ferry timetable has three parts:\n"
        "I counted nine sailings on Monday and we sailed on two of them, both late.\n"
    )
    article, result = run_one(text)
    assert not any(
        "nine sailings" in article.text[q.start : q.end]
        for q in result.quotes
        if q.kind == "direct"
    )


def test_a_transcript_line_after_a_colon_keeps_its_label() -> None:
    text = (
        "Here is a transcript of the mayor's remarks:\n"
        "MAYOR OKAFOR: I wanted to come out here to tell you that we will keep the ferry.\n"
    )
    article, result = run_one(text)
    q = find([article], result, "keep the ferry")
    assert article.text[q.start : q.end].startswith("I wanted")
