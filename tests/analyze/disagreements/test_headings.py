"""Disagreement headings read as questions: phrases as a heading reads them
(``phrasing.readable_phrases``), a question of the kind when no template applies.

Sentences are fictional and written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsprism.analyze.disagreements import phrasing
from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.disagreements.topics import readable_topic
from newsprism.analyze.quotes.extract import find_quotes
from newsprism.model import Article
from newsprism.nlp.annotate import annotate, load_nlp


def _claims(*texts: str) -> list[ClaimInfo]:
    arts = [Article(f"a{i}", f"a{i}.txt", t, outlet=f"Outlet {i}") for i, t in enumerate(texts)]
    docs = annotate(arts)
    q = find_quotes(docs)
    return extract_claims(docs, q.quotes, q.speakers, (), [(a.id,) for a in arts])


def _read(text: str) -> dict[str, str]:
    doc: Any = load_nlp()(text)
    return dict(phrasing.readable_phrases(list(doc), (0, len(doc)), None))


def test_a_verb_keeps_the_clause_it_reports_or_is_not_a_heading() -> None:
    said = _read("A spokesman for the ferry line declared that the crossing was safe.")
    assert said == {
        "a spokesman for the ferry line declared": (
            "a spokesman for the ferry line declared that the crossing was safe"
        )
    }
    # the clause told before the verb: "Whether the office declared" would end on nothing
    before = _read("The crossing was safe, the harbour office declared.")
    assert before["the harbour office declared"] == ""


def test_a_cut_contraction_is_written_out_and_i_is_capital() -> None:
    assert _read("The skipper can't sail the old ferry across the bay.") == {
        "the skipper ca sail the old ferry across the bay": (
            "the skipper can sail the old ferry across the bay"
        )
    }
    assert _read("i won't swim across the harbour.") == {
        "i wo swim across the harbour": "I will swim across the harbour"
    }


def test_a_headline_reads_in_lower_case_but_its_names() -> None:
    read = _read("Ferry Crews Refuse To Sail Across Stormy Bay")
    assert list(read.values()) == ["Ferry Crews Refuse to sail across Stormy Bay"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # the tense of a dropped did, as the document writes the verb elsewhere
        (
            "The mayor did not sign the harbour lease. She signed the ferry deal in May.",
            "the mayor signed the harbour lease",
        ),
        # never built by rule: without such a form the auxiliary stays
        ("The mayor did not sign the harbour lease.", "the mayor did sign the harbour lease"),
        ("The mayor does not own the harbour boats.", "the mayor does own the harbour boats"),
    ],
)
def test_a_dropped_did_gives_its_tense_to_the_verb(text: str, phrase: str) -> None:
    assert phrase in _read(text).values()


def test_a_clause_inside_keeps_its_whether() -> None:
    read = _read("The panel questioned the skipper about whether he was ever a licensed pilot.")
    assert list(read.values()) == [
        "the panel questioned the skipper about whether he was ever a licensed pilot"
    ]


def test_a_polarity_heading_reads_the_reported_clause() -> None:
    a, b = _claims(
        "A spokesman for the ferry line declared that the crossing was safe.",
        "A spokesman for the ferry line never declared that the crossing was safe.",
    )
    topic = readable_topic("polarity", [a, b], clash="declare")
    assert topic == "Whether a spokesman for the ferry line declared that the crossing was safe"


def test_a_heading_is_a_question_never_a_list_of_keywords() -> None:
    a, b = _claims(
        "Harbour traders said they loved the new Sunday market.",
        "Harbour traders said they hated the new Sunday market.",
    )
    topic = readable_topic("evaluation", [a, b])
    assert topic.startswith("Whether") and "," not in topic
    assert readable_topic("evaluation", []) == "How it was judged"
    assert readable_topic("number", []) == "Which figure is right"
    assert readable_topic("account", []) == "Whose account is right"
