"""``nlp.words``: a word's value computed once; and the rule the word look-ups rest on, that the
tokens of a text are the tokens of its words, split at white space, in order."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.ingest import pagekind
from newsprism.nlp import words
from newsprism.nlp.words import WordMemo
from newsprism.stories import features

# letters that change or grow when lower-cased (final sigma, dotted capital I, the Kelvin sign),
# marks, quote marks, digits, and white space of every kind str.split() knows
PIECES = [
    "Ferry",
    "fares",
    "Σ",
    "ΟΔΟΣ",
    "İzmir",
    "\u212a",
    "e\u0301",
    "don’t",
    "Harbour's",
    "re-",
    "-run",
    "1,200.5",
    "3rd",
    "_x_",
    "“Yes,”",
    "\u200b",
    ".",
    "!",
    " ",
    "  ",
    "\t",
    "\n",
    "\xa0",
    "\x1c",
    "\x85",
    "\u2028",
    "\u3000",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
FAST = settings(max_examples=300, deadline=None, derandomize=True)


def test_a_word_is_computed_once() -> None:
    calls: list[str] = []

    def length(word: str) -> int:
        calls.append(word)
        return len(word)

    memo = WordMemo(length)
    got = list(map(memo.__getitem__, ["the", "tide", "came", "in", "on", "the", "tide"]))
    assert got == [3, 4, 4, 2, 2, 3, 4]
    assert calls == ["the", "tide", "came", "in", "on"]


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words, "WORD_CACHE", 3)
    memo = WordMemo(str.upper)
    for word in ["pier", "quay", "dock", "slip", "berth"]:
        assert memo[word] == word.upper()
        assert len(memo) <= 3
    assert memo["pier"] == "PIER"


def _by_words(pattern: re.Pattern[str], text: str, lower: bool) -> list[str]:
    out: list[str] = []
    for word in text.split():
        out += pattern.findall(word.lower() if lower else word)
    return out


@FAST
@given(TEXTS)
def test_tokens_of_a_text_are_its_words_tokens(text: str) -> None:
    for pattern, lower in (
        (features._WORD, True),  # terms
        (features._ALNUM, True),  # shingle words
        (pagekind._WORD, False),  # page-kind words
    ):
        whole = pattern.findall(text.lower() if lower else text)
        assert _by_words(pattern, text, lower) == whole
