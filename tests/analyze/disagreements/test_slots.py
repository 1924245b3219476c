"""One sentence told two ways with one slot changed (``slots``, measured by the evidence probe).

Every sentence is invented for these tests: each pattern the detector reads (a name, a place, an
office, two opposites, a number word) and each paraphrase it must leave alone.
"""

from __future__ import annotations

import pytest

from newsprism.analyze.disagreements import slots
from newsprism.nlp.annotate import load_nlp


def _clash(first: str, second: str) -> slots.SlotClash | None:
    nlp = load_nlp()
    return slots.slot_clash(slots.content_words(nlp(first)), slots.content_words(nlp(second)))


@pytest.mark.parametrize(
    ("first", "second", "slot", "left", "right"),
    [
        (
            "Lifeguard Tessa Vale pulled the boy out of the surf near the pier on Sunday.",
            "Lifeguard Marco Orrin pulled the boy out of the surf near the pier on Sunday.",
            "who",
            "Tessa Vale",
            "Marco Orrin",
        ),
        (
            "The ferry ran aground off Harwick early on Tuesday, the coastguard said.",
            "The ferry ran aground off Dunmore early on Tuesday, the coastguard said.",
            "where",
            "Harwick",
            "Dunmore",
        ),
        (
            "The mayor ordered the closure of the covered market on Friday.",
            "The governor ordered the closure of the covered market on Friday.",
            "office",
            "mayor",
            "governor",
        ),
        (
            "The flood gates at the weir were opened before the storm arrived.",
            "The flood gates at the weir were closed before the storm arrived.",
            "opposite",
            "opened",
            "closed",
        ),
        (
            "The ferry ran aground off the point for the second time this winter.",
            "The ferry ran aground off the point for the third time this winter.",
            "number",
            "second",
            "third",
        ),
    ],
)
def test_one_slot_that_cannot_hold_both(
    first: str, second: str, slot: str, left: str, right: str
) -> None:
    found = _clash(first, second)
    assert found is not None
    assert (found.slot, found.left, found.right, found.strength) == (slot, left, right, 1.0)
    assert found.aligned >= slots.ALIGNED


def test_a_name_that_only_says_who_said_it_is_weak() -> None:
    found = _clash(
        "Tessa Vale said the search of the reservoir would resume at dawn.",
        "Marco Orrin said the search of the reservoir would resume at dawn.",
    )
    assert found is not None and found.slot == "who said it" and found.strength == 0.0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a title and its short form are one office (the roles table)
        (
            "The CEO announced the bottling plant would close in spring.",
            "The chief executive announced the bottling plant would close in spring.",
        ),
        # one name spelled two ways
        (
            "Chief Mullin said the search of the reservoir would resume at dawn.",
            "Chief Mullins said the search of the reservoir would resume at dawn.",
        ),
        # an abbreviation of the place
        (
            "The storm closed the coast road from Elm Point to Albury, Minn.",
            "The storm closed the coast road from Elm Point to Albury, Minnesota.",
        ),
        # an added modifier, one side longer
        (
            "The council approved the new harbour wall after a long debate.",
            "The council approved the harbour wall after a long and bitter debate.",
        ),
        # the same two names in another order
        (
            "Vale met Orrin at the harbour office on Monday morning.",
            "Orrin met Vale at the harbour office on Monday morning.",
        ),
        # common nouns: a synonym cannot be told from another thing without a lexicon
        (
            "The hikers were rescued by volunteers from the mountain team.",
            "The hikers were rescued by members of the mountain rescue team.",
        ),
        # cardinals are the figure rules' (``four of five charges`` is no count of the charges)
        (
            "The jury found the skipper guilty on three charges of smuggling.",
            "The jury found the skipper guilty on four of five charges of smuggling.",
        ),
        # two slots changed: another sentence, not one told two ways
        (
            "Tessa Vale pulled the boy out of the surf near the pier on Sunday.",
            "Marco Orrin pulled the girl out of the river near the bridge on Monday.",
        ),
    ],
)
def test_paraphrase_is_no_slot_clash(first: str, second: str) -> None:
    assert _clash(first, second) is None


def test_abbreviations() -> None:
    assert slots._abbreviates("Minn.", "Minnesota")
    assert slots._abbreviates("U.S.", "United States")
    assert not slots._abbreviates("Vale", "Orrin")


def test_looser_alignments_for_measuring() -> None:
    nlp = load_nlp()
    words = [
        slots.content_words(nlp(t))
        for t in (
            "The baker closed the family bakery on Harwick Road in the spring.",
            "The baker closed the family store on Harwick Road in the spring.",
            "The old baker shut the family store on Harwick Road in the spring.",
        )
    ]
    # two common nouns: a clash only when asked for (a synonym looks the same)
    assert slots.slot_clash(words[0], words[1]) is None
    found = slots.slot_clash(words[0], words[1], common=True)
    assert found is not None and (found.slot, found.strength) == ("what", 0.0)
    # a second substitution (closed / shut) beside it: only with ``others``
    assert slots.slot_clash(words[0], words[2], common=True) is None
    assert slots.slot_clash(words[0], words[2], common=True, others=1) is not None
