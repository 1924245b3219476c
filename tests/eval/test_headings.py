"""The grammar check of disagreement headings (eval/headings.py), on invented headings."""

from __future__ import annotations

from typing import Any

import pytest

from newsprism.eval.headings import count_problems, heading_problems
from newsprism.nlp.annotate import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp()


@pytest.mark.parametrize(
    ("heading", "problem"),
    [
        ("quay, ferry, monday", "not a question"),
        ("Whether a spokesman for the ferry line declared", "dangling end"),
        ("Whether the council voted for the", "dangling end"),
        ("Whether i ca swim", "broken word"),
        ("Whether they Refuse to Sail", "title case"),
        ("Whether he sign the lease", "agreement"),
        ("Whether the skipper about he was a pilot", "broken clause"),
    ],
)
def test_each_problem_is_named(nlp: Any, heading: str, problem: str) -> None:
    assert problem in heading_problems(heading, nlp)


@pytest.mark.parametrize(
    "heading",
    [
        "Whether the mayor signed the harbour lease",
        "How old Tobias Wren is",
        "How many boats the new quay would hold",
        "Who said “we were never asked”",
        "Harriet Osk’s role",
        "Whether a spokesman declared that the crossing was safe",
        "Whether the two ferries were found near the pier about a mile east of the…",
        "How the meeting went",
        "Whether I can swim",
    ],
)
def test_a_heading_that_reads_well_passes(nlp: Any, heading: str) -> None:
    assert heading_problems(heading, nlp) == ()


def test_counts(nlp: Any) -> None:
    counts = count_problems(["How the meeting went", "quay, ferry"], nlp)
    assert counts["headings"] == 2 and counts["flagged"] == 1 and counts["not a question"] == 1
