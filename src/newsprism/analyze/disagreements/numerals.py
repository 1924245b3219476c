"""Numbers as news writes them: in words (``forty``, ``twenty-one``), over several words
(``two hundred``, ``one hundred and twenty``, ``two dozen``, ``a thousand``), or glued to their
scale (``US$1.2bn``).  ``quantities`` reads figures with these."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

Token = Any

SMALL = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
# tens, and the words that multiply
WORDS = dict(SMALL)
WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80})
WORDS.update({"ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24})

# an amount glued to its scale ("US$1.2bn"), read only as money: "401k" is a plan, not a count
SUFFIXED = re.compile(r"^\d[\d,]*(?:\.\d+)?(?:bn|m|mn|k)$", re.I)
_TENS = frozenset({20, 30, 40, 50, 60, 70, 80, 90})
_MULTIPLIERS = {"hundred": 100.0, "thousand": 1000.0, "dozen": 12.0}


def _small(toks: Sequence[Token], k: int) -> tuple[float, int] | None:
    """A written number below a hundred from token ``k``: ``seven``, ``forty``, ``forty-two``
    (one token or three, as the tokenizer splits it); its value and last token."""
    v = WORDS.get(toks[k].lower_) if k < len(toks) else None
    if v is None:
        low = toks[k].lower_ if k < len(toks) else ""
        if "-" not in low:
            return None
        parts = low.split("-")
        if len(parts) == 2 and all(p in WORDS for p in parts):
            return float(WORDS[parts[0]] + WORDS[parts[1]]), k
        return None
    if v >= 100 or toks[k].lower_ in ("dozen", "dozens"):
        return None
    if (
        v in _TENS
        and k + 2 < len(toks)
        and toks[k + 1].text == "-"
        and 0 < WORDS.get(toks[k + 2].lower_, 0) < 10
    ):
        return float(v + WORDS[toks[k + 2].lower_]), k + 2
    return float(v), k


def written_numbers(toks: Sequence[Token]) -> dict[int, tuple[int, float]]:
    """Numbers written in words over several tokens, by their last token: ``{last: (first,
    value)}``.  ``two hundred`` = 200, ``one hundred and twenty`` = 120, ``fifty-five`` split
    in three tokens = 55, ``two dozen`` = 24, ``a thousand`` = 1,000, ``three hundred
    thousand`` = 300,000.  Read one token at a time, ``two hundred people`` would be two
    figures (2 and 100) and ``two dozen`` 2 and 12."""
    out: dict[int, tuple[int, float]] = {}
    k = 0
    while k < len(toks):
        low = toks[k].lower_
        if low in ("a", "an") and k + 1 < len(toks) and toks[k + 1].lower_ in _MULTIPLIERS:
            got: tuple[float, int] | None = (1.0, k)
        elif toks[k].like_num and re.fullmatch(r"\d+", toks[k].text):
            got = (float(toks[k].text), k)
            nxt = toks[k + 1].lower_ if k + 1 < len(toks) else ""
            if nxt not in ("hundred", "dozen"):
                got = None  # "2 million" is read with its scale word; "2 hundred" is rare
        else:
            got = _small(toks, k)
        if got is None:
            k += 1
            continue
        value, last = got
        while last + 1 < len(toks) and toks[last + 1].lower_ in _MULTIPLIERS:
            value *= _MULTIPLIERS[toks[last + 1].lower_]
            last += 1
            if toks[last].lower_ == "hundred":  # "one hundred and twenty", "two hundred five"
                at = (
                    last + 2
                    if last + 2 < len(toks) and toks[last + 1].lower_ == "and"
                    else last + 1
                )
                more = _small(toks, at) if at < len(toks) else None
                if more is not None:
                    value += more[0]
                    last = more[1]
        if last > k:
            out[last] = (k, value)
        k = last + 1
    return out


# round numbers in the plural: how many of them is not said
PLURAL_ROUND = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1000.0, "millions": 1e6}


def plural_round(toks: Sequence[Token], i: int) -> tuple[int, float] | None:
    """``dozens``, ``hundreds``, ``thousands`` at token ``i`` (with ``tens of`` or ``hundreds
    of`` before a larger one: ``tens of thousands``): its first token and the round number it
    counts in (12, 100, 1,000; 10,000 for ``tens of thousands``), read as from two of them to
    ten (``quantities.interval``).  None for another token."""
    unit = PLURAL_ROUND.get(toks[i].lower_)
    if unit is None:
        return None
    larger = toks[i + 2].lower_ if i + 2 < len(toks) and toks[i + 1].lower_ == "of" else ""
    if PLURAL_ROUND.get(larger, 0.0) > unit:
        return None  # "hundreds of thousands" is read at "thousands"
    if i >= 2 and toks[i - 1].lower_ == "of" and toks[i - 2].lower_ in ("tens", "hundreds"):
        return i - 2, unit * (10.0 if toks[i - 2].lower_ == "tens" else 100.0)
    return i, unit
