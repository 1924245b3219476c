"""The boilerplate rules written as alternatives with needles (``boilerplate._AnyOf``) answer as
their whole alternation does, on lines built from the rules' own literals, the letters that
case-insensitive matching folds ("ſ", "ı", "İ", the Kelvin sign) and prose; and a text holding a
phrase by which an article names its outlet (``metadata.outlet_mentions``) holds that phrase's
needles, so skipping the texts without them skips no phrase.  Lines are written here."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.ingest import boilerplate, metadata
from newsprism.ingest.boilerplate import _AnyOf

RULES = {name: rule for name, rule in vars(boilerplate).items() if isinstance(rule, _AnyOf)}
# what each rule is asked in ``find_boilerplate``
ASKED = {
    "_PHOTO_CAPTION": "match",
    "_CREDIT_END": "search",
    "_PAYWALL": "search",
    "_NEWSLETTER": "fullmatch",
    "_SUBSCRIBE": "fullmatch",
    "_TWEET_PIC": "search",
    "_TWEET_SIGNATURE": "search",
    "_CLICK_HERE": "search",
}
PIECES = [
    "Photo", "Photos:", "photo", "Photograph by", "Picture", "Images", "Credit:", "by ", "(", ")",
    "/", "Getty Images", "AP Photo/", "FILE - ", "In this ", "in this ", "file photo,", "image",
    "...", "(Reuters)", "(AP)", "toggle caption", "Subscribe", "Subscribe now", "SUBSCRIBE",
    "subscribe to the", "newsletter", "Newsletters", "NEWSLETTER", "Sign up for", "sign up",
    "already a subscriber", "ALREADY A MEMBER", "members can log in", "Subscribers sign in",
    "unlimited access for just £1", "UNLIMITED news for only $2", "pic.twitter.com/q7Rz",
    "twitter.com/portwell/status/42", "— Ida Quell (@idaquell) March 3, 2031", "Photographer: Jo",
    "via Getty Images", "Portwell Post/AFP", "(Nia Brook/Pool)", "Follow us on Twitter",
    "Like us on Facebook", "ſ", "İ", "ı", "\u212a", "alreadY", "memberS", "ſubſcriber",
    "newſletter", "unlİmited", "log", "ſign", "the", "ferry", "said", "1 of 12. ",
    "Enlarge this image", ":", ".", "!", " ", "\t", "\u00a0", "Coastwire", "for", "get our",
    "e-mails", "updates", "click here", "CLICK HERE", "Click", "here", "cl\u0131ck", "CLIC\u212a",
]  # fmt: skip


def lines(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [
            rng.choice(PIECES) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(1, 7))
        ]
        out.append("".join(parts).strip())
    return out


def answers(rule: _AnyOf, how: str, line: str) -> tuple[bool, bool]:
    return getattr(rule, how)(line), bool(getattr(rule.pattern, how)(line))


def test_every_rule_is_covered() -> None:
    assert set(RULES) == set(ASKED)


@pytest.mark.parametrize("name", sorted(ASKED))
def test_rule_answers_as_its_alternation(name: str) -> None:
    rule = RULES[name]
    found = 0
    for line in lines(6000, seed=len(name)):
        for how in ("match", "search", "fullmatch"):
            mine, whole = answers(rule, how, line)
            assert mine == whole, (name, how, line)
            found += whole and how == ASKED[name]
    assert found >= 5, f"{name}: too few lines it holds to test its needles"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=8))
def test_rules_on_arbitrary_text(parts: list[str]) -> None:
    line = " ".join(parts)
    for name, rule in RULES.items():
        mine, whole = answers(rule, ASKED[name], line)
        assert mine == whole, (name, line)


def test_folded_needles_must_avoid_letters_that_fold_wide() -> None:
    with pytest.raises(ValueError, match="without i or s"):
        _AnyOf([(r"members?", (("members",),))], re.IGNORECASE)
    with pytest.raises(ValueError, match="lowercase"):
        _AnyOf([(r"unlimited", (("UNL",),))], re.IGNORECASE)
    rule = _AnyOf([(r"\bmembers?\b", (("ber",),))], re.IGNORECASE)
    assert rule.search("for MEMBERſ only") and not rule.search("membership fees")


PHRASES = [
    "The Portwell Post", " has learned", " have learnt", " has seen", " has obtained",
    " has confirmed", " have established", " has been told", " have contacted", " has approached",
    " have asked", " understands", " can reveal", " can confirm", " is aware", "contacted by",
    "approached by the", "told the", "telling", "speaking to", "spoke to", "in an interview with",
    "according to", "reported by", "first reported by", " reported", " reports",
    " first reported", " has reported", " has", " can", " is", "\n", " ", "ferry", "said",
]  # fmt: skip


@pytest.mark.parametrize(
    "pattern, needles",
    [
        (metadata._SELF_REPORT, metadata._SELF_REPORT_NEEDLES),
        (metadata._SELF_BY, metadata._SELF_BY_NEEDLES),
        (metadata._TOLD, metadata._TOLD_NEEDLES),
        (metadata._CITED_AFTER, metadata._CITED_AFTER_NEEDLES),
        (metadata._CITED_BEFORE, metadata._CITED_BEFORE_NEEDLES),
    ],
)
def test_outlet_phrases_are_only_in_texts_with_their_needles(
    pattern: re.Pattern[str], needles: metadata.Needles
) -> None:
    rng = random.Random(3)
    found = 0
    for _ in range(5000):
        text = "".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 6))) + " Ida Quell."
        if pattern.search(text):
            found += 1
            assert metadata._holds(text, needles), text
    assert found >= 20


CREDIT_PIECES = [
    "—", "-", "--", "–", "Coastwire", "AP", "Reuters", "The", "the", "Press Association",
    "Associated Press", "additional", "Additional", "reporting", "REPORTING", "by", "BY",
    "contributed", "CONTRIBUTED", "to this report", "story", "writer", "Ida Quell", "in Tromsø",
    ".", "\u212a", "İ", "ı", "ſ", "ferry", "said",
]  # fmt: skip


def test_a_credit_line_is_only_read_in_lines_with_its_needles() -> None:
    """``_credit_line`` runs ``_CREDIT_LINE`` only where ``_may_credit`` finds a dash opening the
    line, or "reporting" or "contributed" in it: a line it holds is never skipped."""
    rng = random.Random(5)
    found = 0
    for _ in range(20000):
        parts = [rng.choice(CREDIT_PIECES) for _ in range(rng.randint(1, 7))]
        line = rng.choice([" ", "  ", "\t"]).join(parts).strip()
        if boilerplate._CREDIT_LINE.fullmatch(line):
            found += 1
            assert boilerplate._may_credit(line), line
    assert found >= 50
