"""Speakers on real-news patterns: pronoun agreement, described speakers, documents and their
authors, appositions, inner cues.  Every sentence is fictional, written for these tests."""

from __future__ import annotations

import pytest
from tests.analyze.quotes.attribution_helpers import (
    cue_text,
    find,
    mention_text,
    name,
    run,
    run_one,
)


def test_she_skips_a_man_named_more_recently() -> None:
    text = (
        "Mayor Ana Okafor opened the harbour hearing on Monday. She told the room the ferry "
        "would run. Her deputy, Mr. Tomas Reyne, nodded.\n"
        "“We will not close it,” she said."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "not close it")) == "Ana Okafor"


def test_gender_is_learned_from_pronouns_in_the_briefing() -> None:
    text = (
        "Dara Voss has run the ferry company for a decade. She bought its first boat in 2015.\n"
        "Vale Moreno is the harbour engineer. He inspected the hull with Voss on Friday.\n"
        "“The hull is sound,” she said."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "hull is sound")) == "Dara Voss"


def test_a_relative_named_by_a_noun_carries_its_gender() -> None:
    text = (
        "John Tarrant wrote to the council from jail. He later called his fiancee, Mary "
        "Marr, and complained about the food.\n"
        "“They serve cold soup,” he said."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "cold soup")) == "John Tarrant"


def test_the_company_is_an_organisation_not_a_person() -> None:
    text = (
        "The Harbour Ferry Company met Ana Okafor on Monday. Okafor asked for a new timetable.\n"
        "“The timetable will follow within weeks,” it said."
    )
    article, result = run_one(text)
    q = find([article], result, "timetable will follow")
    assert name(result, q) == "Harbour Ferry Company"


def test_a_described_speaker_with_a_name_in_apposition_is_the_named_person() -> None:
    article, result = run_one("Another resident, Nell Parry, said the lifts were old.")
    assert name(result, find([article], result, "lifts were old")) == "Nell Parry"


def test_a_described_speaker_is_a_speaker() -> None:
    article, result = run_one("“My heart goes out to them,” said the school bus matron.")
    q = find([article], result, "heart goes out")
    assert name(result, q) == "the school bus matron"


def test_a_statement_issued_by_a_company_is_the_company_s() -> None:
    text = (
        "The Harbour Trust, which owns the pier, issued a statement saying: “We are deeply saddened by "
        "the collapse and will help the inquiry.”"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "saddened")) == "Harbour Trust"


def test_the_letter_reads_and_its_author_speaks() -> None:
    text = (
        "Pier Estates Ltd., the managing agent, posted a letter in the lobby on Friday.\n"
        "“We are devastated by this accident,” reads the letter."
    )
    article, result = run_one(text)
    q = find([article], result, "devastated")
    assert mention_text(article, q) == "the letter"
    assert name(result, q) == "Pier Estates Ltd."


def test_a_possessive_response_before_a_colon_is_the_possessor_s() -> None:
    text = "Mayor Ana Okafor was asked about the ferry. Okafor’s response: “I am staying put.”"
    article, result = run_one(text)
    assert name(result, find([article], result, "staying put")) == "Ana Okafor"


def test_recalls_him_saying_gives_his_words() -> None:
    text = (
        "Ana Okafor describes an older councillor who stopped her in a corridor.\n"
        "“Keep smiling, dear,” she recalls him saying."
    )
    article, result = run_one(text)
    q = find([article], result, "Keep smiling")
    assert mention_text(article, q) == "him"
    assert name(result, q) != "Ana Okafor"


def test_a_dash_glued_to_the_closing_mark_still_names_the_author() -> None:
    text = "“A brave and funny book about island life.”—Mira Solano, editor of Harbour Weekly"
    article, result = run_one(text)
    assert name(result, find([article], result, "brave and funny")) == "Mira Solano"


def test_one_speaker_across_articles_for_a_pronoun_resolved_name() -> None:
    a = "Ana Okafor spoke on Monday. “The ferry stays,” she said."
    b = "Mayor Ana Okafor was firm. “It stays,” Okafor said."
    articles, result = run(a, b)
    qa = find(articles, result, "ferry stays")
    qb = find(articles, result, "It stays")
    assert qa.speaker == qb.speaker


def test_transcript_paragraphs_after_a_label_are_the_labelled_speaker_s() -> None:
    text = (
        "Full remarks of Mayor Mary Johnson to the harbour board, as released by the council.\n"
        "THE MAYOR: Thank you all for coming out on a cold night.\n"
        "The ferry has served this island for fifty years and it will keep doing so.\n"
        "(APPLAUSE)\n"
        "We will find the money in next year's budget."
    )
    article, result = run_one(text)
    for needle in ("fifty years", "next year's budget"):
        q = find([article], result, needle)
        assert q.kind == "direct"
        assert name(result, q) == "Mary Johnson"


def test_quote_marks_glued_to_a_sentence_end_open_a_quote() -> None:
    text = (
        'Ana Okafor is happy where she is."I have young kids," says the mayor. "I like it '
        'here.""I do not want the job," she adds.'
    )
    article, result = run_one(text)
    q = find([article], result, "do not want the job")
    assert q.kind == "direct"
    assert mention_text(article, q) == "she"


def test_any_verb_right_after_a_closing_mark_attributes_the_quote() -> None:
    text = "Tomas Reyne stood outside the pier office.\n“No, no,” he moaned quietly."
    article, result = run_one(text)
    assert name(result, find([article], result, "No, no")) == "Tomas Reyne"


def test_an_inverted_cue_takes_the_noun_after_it() -> None:
    article, result = run_one("“I will not forget it,” said one visibly shaken lifeguard later.")
    q = find([article], result, "not forget")
    assert mention_text(article, q) == "lifeguard"


def test_a_document_that_reads_is_the_cue_whatever_the_tagger_calls_read() -> None:
    text = (
        "Tenants filed dozens of complaints about the ferry terminal's lifts.\n\n"
        "“There are many older passengers ... making it impossible for them to reach the "
        "boats,” a March 3 complaint read.\n\n"
        "“The ferry is late again and nobody can tell us why,” read one sign at the quay. "
        "“Fix the ferry,” read another."
    )
    article, result = run_one(text)
    q = find([article], result, "older passengers")
    assert cue_text(article, q) == "read"
    assert "complaint" in (name(result, q) or "")
    q = find([article], result, "late again")
    assert (cue_text(article, q), mention_text(article, q)) == ("read", "one sign")
    q = find([article], result, "Fix the ferry")
    assert (cue_text(article, q), mention_text(article, q)) == ("read", "another")


MESSAGES = {
    # "the message" refers back to the object of a verb of sending, whatever it is called
    "a wire she sent": (
        "Harbour pilot Ines Okafor saw the storm coming on Thursday. She sent a wire to the "
        "ferry office at noon.\n"
        "The message read: “Keep every boat in port until the wind drops.”",
        "Keep every boat",
        "Ines Okafor",
    ),
    # a clause on the message names its writer, not the one who released it
    "a message someone wrote": (
        "Investigators released a text message that Jonas Arkwright wrote to his wife an hour "
        "before the pier gave way.\n"
        "“Tell the kids I will be late,” the message said.",
        "be late",
        "Jonas Arkwright",
    ),
    "her message": (
        "Dana Verhoeven, the pilot, radioed the tower at dawn. Her message was short.\n"
        "“We have lost the left engine,” the message said.",
        "left engine",
        "Dana Verhoeven",
    ),
    "a voicemail": (
        "Tobias Lind, a fisherman, left a long voicemail for the harbour board.\n"
        "“Nobody answered our calls for six hours,” the voicemail said.",
        "six hours",
        "Tobias Lind",
    ),
}


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_a_message_speaks_for_its_author(case: str) -> None:
    text, needle, author = MESSAGES[case]
    article, result = run_one(text)
    assert name(result, find([article], result, needle)) == author


def test_an_email_obtained_by_a_paper_is_not_the_paper_s() -> None:
    text = (
        "An email obtained by the Harbour Gazette showed the plan was older.\n"
        "“We should keep this quiet until after the vote,” the email said."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "keep this quiet")) != "Harbour Gazette"
