"""Given names and their sex (``given_names``) and what they add to pronoun resolution: a name
mostly given to women outweighs one stray ``his`` about someone left unnamed.  Every sentence is
fictional, written for these tests."""

from __future__ import annotations

import pytest
from tests.analyze.quotes.attribution_helpers import find, name, run_one

from newsprism.analyze.quotes.coref import GenderVotes
from newsprism.analyze.quotes.given_names import is_given_name, name_gender

pytest.importorskip("names")  # the package that ships the census lists


def test_given_names_and_their_sex() -> None:
    assert name_gender("Margaret") == "f"
    assert name_gender("THOMAS") == "m"
    assert name_gender("Harbour") is None  # no given name
    assert is_given_name("Ingrid") and not is_given_name("Ferry")


def test_a_name_given_to_both_sexes_names_no_gender() -> None:
    # one of the lists' names given to men and women alike; the census shares decide it
    assert name_gender("Jessie") is None


def test_the_given_name_outweighs_one_stray_pronoun_but_not_a_title() -> None:
    from collections import Counter

    votes = {"margaret oyelaran": Counter({"m": 1}), "thomas bell": Counter({"f": 3})}
    marks = {"thomas bell": Counter({"f": 1})}  # "Ms. Thomas Bell": the title decides
    genders = GenderVotes(votes, marks)
    assert genders.gender("margaret oyelaran") == "f"
    assert genders.gender("thomas bell") == "f"
    assert genders.gender("oyelaran") is None  # a surname alone names no sex


def test_she_finds_a_woman_a_stray_his_had_made_a_man() -> None:
    text = (
        "Margaret Oyelaran keeps his old compass on the mantelpiece.\n"
        "Her brother-in-law, Mr. Piet Lamb, runs the boatyard now. Lamb repaired the hull.\n"
        "On the last night she sat at the kitchen table for an hour.\n"
        "“I knew the sea would take him,” she said."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "sea would take")) == "Margaret Oyelaran"


def test_a_person_the_recogniser_calls_a_body_is_a_person() -> None:
    # the tagger calls this name an organisation; the given name and the surname used again
    # alone as a subject make it a person, so "she" can mean her
    text = (
        "The mayor, Helena Brandt, wired a telegram to the governor within minutes. The "
        "governor did not answer until dawn.\n"
        "Brandt had warned about the levee for weeks. “It will not hold another night,” she said."
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "another night")) == "Helena Brandt"
