"""The caption marks counted by rule and shape (``eval.caption_marks``); invented lines."""

from __future__ import annotations

from newsprism.eval import caption_marks as cm
from newsprism.ingest.boilerplate import caption_rule, credit_rule

STORY = (
    "Harbour crane topples in gale\n"
    "A crane at the Port Alder yard toppled onto a moored barge on Tuesday night.\n"
    "The crane lies across the barge's deck at dawn. Nobody was aboard. Photo: Coast Images\n"
    "FILE - In this March 3 file photo, a crane lifts a hull section at the yard.\n"
    "The yard's owner said the crane had passed an inspection in May.\n"
)


def test_each_caption_line_names_its_rule_and_shape() -> None:
    found = cm.marked_lines(STORY)
    lines = [STORY[m.start : m.end] for m in found]
    assert [m.rule for m in found] == ["credit_end", "photo_caption"]
    assert lines[0].startswith("The crane lies across")
    assert (found[0].words, found[0].sentence_ends) == (15, 2)
    assert not found[0].reporting and not found[0].quoted
    # the story's lines are not marked
    assert not any("inspection" in line or "toppled" in line for line in lines)


def test_the_shape_of_a_line() -> None:
    assert cm.shape('The mayor said "we will rebuild." Photo: X') == (8, 1, True, True)
    assert cm.shape("Gov. Ana Ruiz, R-Ore., speaks in Salem, Ore., Jan. 2.") == (
        10,
        1,
        False,
        False,
    )


def test_credit_rules_by_name() -> None:
    assert credit_rule("Photo: Coast Images") == "label"
    assert credit_rule("Sam Okafor/Harbour Images The crane at dawn") == "slash"
    assert credit_rule("The crane at dawn (Sam Okafor/Getty Images)") == "credit_end"
    assert credit_rule("The crane toppled onto a barge on Tuesday night.") == ""
    assert (
        caption_rule("FILE - In this March 3 file photo, a crane lifts a hull.") == "photo_caption"
    )


def test_tally_by_rule() -> None:
    rows = cm.tally(cm.marked_lines(STORY))
    assert rows["credit_end"] == {"lines": 1, "2": 1}
    assert rows["photo_caption"] == {"lines": 1, "0-1": 1}
