"""The measures of a clean summary (``newsprism.eval.hygiene``), on sentences written for the
project."""

from __future__ import annotations

from newsprism.eval.hygiene import (
    duplicate_pairs,
    opens_with_pronoun,
    same_fact,
    wire_shaped,
    words_cited,
)


def test_pronoun_openings_are_counted_and_names_are_not() -> None:
    assert opens_with_pronoun("He told the harbour board the ferry would run again in May.")
    assert opens_with_pronoun("“They never asked us,” a fisherman said of the council.")
    assert opens_with_pronoun("This was the third delay of the ferry service this year.")
    assert not opens_with_pronoun("Helena Marsh told the harbour board the ferry would run again.")
    assert not opens_with_pronoun("Its-Harbour Ltd runs the ferry.")
    assert not opens_with_pronoun("Theo Brandt said the ferry would run again in May.")


def test_the_same_fact_in_two_outlets_is_a_duplicate_pair() -> None:
    items = [
        "The Kestrel Bay ferry will resume sailings on 4 May after a six-week repair, the operator "
        "said.",
        "Sailings on the Kestrel Bay ferry will resume on 4 May after a six-week repair.",
        "Fishermen on the quay said the council had never asked them about the timetable.",
    ]
    assert same_fact(items[0], items[1])
    assert not same_fact(items[0], items[2])
    assert duplicate_pairs(items) == [(0, 1)]


def test_a_paraphrase_cited_holds_few_of_the_items_words() -> None:
    item = "Harlan Okafor pleaded not guilty to the charges."
    assert words_cited(item, item) == 1.0
    assert words_cited(item, "Harlan Okafor pleaded not guilty to all charges on Tuesday.") >= 0.8
    assert words_cited(item, "Both pleaded not guilty.") < 0.6


def test_wire_shapes_are_datelines_and_closing_credits() -> None:
    assert wire_shaped("PORT ELLAND, Maine (AP) — The ferry will run again in May.")
    assert wire_shaped("Ferry sailings resume\n(Reuters) - The operator said on Tuesday ...")
    assert wire_shaped("The ferry will run again in May.\n\nAssociated Press\n")
    assert not wire_shaped("The captain told the Associated Press the ferry would run in May.")
    assert not wire_shaped("A ferry leaves Kestrel Bay on Tuesday. (AP Photo/Jan Vos)")
