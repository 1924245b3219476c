"""Speakers of quotes with no cue of their own, pronouns across quotes and paragraphs, and one
person across the spellings of several outlets.  Every sentence is fictional, written for these
tests."""

from __future__ import annotations

from collections import Counter

from tests.analyze.quotes.attribution_helpers import find, name, run, run_one

from newsprism.analyze.quotes.coref import GenderVotes
from newsprism.analyze.quotes.extract import find_quotes
from newsprism.analyze.quotes.speakers import same_people
from newsprism.ingest.boilerplate import mark_boilerplate
from newsprism.model import Article
from newsprism.nlp.annotate import annotate


def test_a_passive_subject_is_salient() -> None:
    text = (
        "Tomas Brill was asked about the plan in an interview with the Gazette's Dan Ruiz. "
        "He said the plan was “a fair deal for the island” and would stand."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "fair deal")) == "Tomas Brill"


def test_a_surname_shared_by_relatives_is_the_person_named_first() -> None:
    text = (
        "Michael Tarrant fired at the car on the harbour road. His parents, Sandra Tarrant and "
        "Phil Tarrant, visited him in jail on Friday.\n"
        "“I was the one being attacked,” Tarrant said in a call."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "being attacked")) == "Michael Tarrant"


def test_one_person_across_a_typo_an_accent_and_a_middle_name() -> None:
    a = "“The pier is safe,” said Rhonda Voller. “We fixed it,” said José Alvarado."
    b = "“Safe as houses,” Rhonda Volle said. Jose Alvarado said, “It held.”"
    c = "“The pier is safe,” said Sarah Huckabee Lane."
    d = "Sarah Lane said the pier would reopen on Monday."
    articles, result = run(a, b, c, d)
    assert (
        find(articles, result, "pier is safe").speaker
        == find(articles, result, "as houses").speaker
    )
    assert find(articles, result, "We fixed").speaker == find(articles, result, "It held").speaker
    lane = [q for q in result.quotes if q.article in ("a2", "a3")]
    assert len({q.speaker for q in lane}) == 1


def test_same_people_keeps_relatives_apart() -> None:
    count = Counter(
        {"michael tarrant": 3, "sandra tarrant": 1, "rhonda voller": 2, "rhonda volle": 1}
    )
    assert same_people(count) == {"rhonda volle": "rhonda voller"}


def test_a_title_or_gendered_noun_outweighs_pronoun_votes() -> None:
    votes = GenderVotes({"rina marr": Counter(m=5)}, {"rina marr": Counter(f=1)})
    assert votes.gender("rina marr") == "f"
    assert GenderVotes({"dan tull": Counter(m=2)}).gender("dan tull") == "m"


def test_quoted_sentences_do_not_age_the_speaker() -> None:
    text = (
        "Mira Solano opened the harbour meeting on Monday. Ana Okafor, the mayor, spoke next.\n"
        "“We will keep the ferry. We will find the money. We will ask the council. We will ask "
        "the port. We will ask the state. We will ask the unions. We will ask the banks. We "
        "will ask everyone. Nobody will be left on the pier.”\n"
        "“The ferry stays,” she said."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "ferry stays")) == "Ana Okafor"


def test_a_quote_paragraph_after_reported_speech_continues_its_speaker() -> None:
    text = (
        "Mayor Ana Okafor said the ferry would keep running through the winter.\n"
        "“We will find the money for it.”"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "find the money")) == "Ana Okafor"


def test_a_run_of_quote_paragraphs_continues_the_speaker() -> None:
    text = (
        "“The ferry stays,” said Mayor Ana Okafor.\n"
        "“We will find the money.”\n"
        "“Nobody will be left behind on the pier.”"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "left behind")) == "Ana Okafor"


def test_quote_paragraphs_before_a_speaker_going_on_are_that_speaker_s() -> None:
    text = (
        "Mayor Ana Okafor met the residents of the island on Monday.\n"
        "“The ferry stays on the timetable.”\n"
        "“We will find the money for it,” Okafor added."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "ferry stays")) == "Ana Okafor"


def test_quote_paragraphs_before_another_speaker_s_quote_stay_unattributed() -> None:
    text = (
        "The residents of the island met on Monday.\n"
        "“The ferry stays on the timetable.”\n"
        "“We will find the money for it,” Mayor Ana Okafor said."
    )
    article, result = run_one(text)
    assert find([article], result, "ferry stays").speaker is None


def test_he_added_is_the_last_speaker_quoted() -> None:
    text = (
        "“The ferry stays,” said Tomas Reyne, the harbour master.\n"
        "Dan Ruiz writes about the ferry deal for the Gazette every week.\n"
        "“We will find the money,” he added."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "find the money")) == "Tomas Reyne"


def test_a_dash_before_the_and_a_name_names_the_author() -> None:
    text = "“A brave and funny book about island life.”—The Harbour Weekly Review"
    article, result = run_one(text)
    assert name(result, find([article], result, "brave and funny")) == "Harbour Weekly Review"


def test_a_surname_with_a_curly_apostrophe_is_a_name() -> None:
    # the tagger calls "O’Neill" and "O’Connell" adjectives here (proper nouns when straight)
    for text, who in (
        ("“We will appeal,” said O’Neill.", "O’Neill"),
        (
            "The pier plan has been at the heart of his campaign.\n\n“The pier must be the centre"
            " of every speech he gives,” said O’Connell.",
            "O’Connell",
        ),
        ("Judge Rory D’Amato ruled on Friday. “The law is clear,” D’Amato said.", "Rory D’Amato"),
    ):
        article, result = run_one(text)
        assert name(result, result.quotes[0]) == who


def test_q_and_a_answers_continue_the_one_answering() -> None:
    text = (
        "Harbour master Tomas Brill took questions from reporters on the quay.\n\n"
        "What did you think when the ferry ran aground?\n\n"
        "“I could not believe it. We had checked the charts twice that morning.”\n\n"
        "Will the night ferry run again?\n\n"
        "“Not this winter. The hull needs a month in dry dock.”\n\n"
        "Mayor Ada Okafor also spoke to reporters.\n\n"
        "Is the island cut off?\n\n"
        "“No. The small boats still run and the council pays for them.”"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "could not believe")) == "Tomas Brill"
    assert name(result, find([article], result, "Not this winter")) == "Tomas Brill"
    assert name(result, find([article], result, "small boats")) == "Ada Okafor"
    text = (
        "“We sail at dawn,” said Captain Rhys Mills.\n\n"
        "What about the storm, then?\n\n"
        "“It will pass by noon. We checked the forecast.”"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "pass by noon")) == "Rhys Mills"
    # a question with a quote of its own is no interviewer's turn
    text = (
        "“We sail at dawn,” said Captain Rhys Mills.\n\n"
        "Did Mayor Okafor really say the ferry was “a lost cause”?\n\n"
        "“The ferry is a lost cause. It was always going to be.”"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "always going to be")) != "Rhys Mills"


def test_the_state_party_member_is_the_person_talked_about() -> None:
    text = (
        "Senator Lia Marr of Ohio voted against the ferry bill on Tuesday.\n\n"
        "“The island deserves better,” the Ohio Republican told reporters."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "deserves better")) == "Lia Marr"
    # a party's own name is not a description of a person
    article, result = run_one("“We will win,” the Ohio Republican Party said on Tuesday.")
    assert name(result, find([article], result, "We will win")) == "Ohio Republican Party"


def test_a_promo_line_between_a_lead_and_its_quote_paragraph_does_not_break_the_run() -> None:
    for promo in ("[Ferry fares to rise in spring]", "STORY: Ferry fares to rise in spring"):
        text = (
            "The harbour council met on Monday to discuss the ferry.\n\n"
            "Mayor Ana Okafor said the ferry would keep running through the winter:\n\n"
            f"{promo}\n\n"
            "“Nobody will be left standing on the quay when the storms come in. We have enough "
            "crews for every crossing.”\n\n"
            "The council will vote next week."
        )
        article = mark_boilerplate(Article("a0", "a0.txt", text))
        result = find_quotes(annotate([article]))
        assert name(result, find([article], result, "Nobody will be left")) == "Ana Okafor"


def test_the_first_answer_goes_to_the_last_person_the_introduction_names_as_a_subject() -> None:
    text = (
        "Harbour master Tomas Brill spoke to reporters after the vote on Friday. The decision "
        "closes the “Night Crossing,” the ferry's winter route, after forty years.\n\n"
        "What did you think when you heard?\n\n"
        "“I could not believe it. We had checked the numbers twice that morning.”\n\n"
        "Will the route come back?\n\n"
        "“Not this winter. The council has no boat to spare.”"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "could not believe")) == "Tomas Brill"
    assert name(result, find([article], result, "Not this winter")) == "Tomas Brill"
