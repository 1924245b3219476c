"""One sentence told two ways with one slot changed: a candidate clash of that slot (issue 11).

Two claims of different outlets that tell the same sentence (their content words align, in
order, over most of the shorter one) but put different words in ONE place can disagree about
that place: who did it (``Ms. Vale pulled the boy out`` / ``Mr. Orrin pulled the boy out``), where
(``off Harwick`` / ``off Dunmore``), which office (``the mayor ordered`` / ``the governor
ordered``), which of two opposites (``the gates were opened`` / ``the gates were closed``), which
time (``for the second time`` / ``for the third time``). Paraphrase is no clash: a title folded
by the roles table (``CEO`` / ``chief executive``), a name spelled two ways (``Mullin`` /
``Mullins``), an abbreviation (``Minn.`` / ``Minnesota``), words in another order, an added
modifier, one side simply longer, and two common nouns (a synonym cannot be told from another
thing without a lexicon: ``bakery`` / ``store``, ``victim`` / ``woman``).

``content_words(tokens)`` keeps what the alignment needs of a clause's tokens (``Word``: as
written, stem, part of speech, entity label, the preposition before it); ``slot_clash(a, b)``
aligns two such sequences (difflib over stems) and returns the one substitution and what it asks
(``SlotClash``), or None. ``strength`` is 1 for a slot whose two fillers cannot both be true of one
happening told once, 0 for a name that only says who said it (``Riley said`` / ``Mullins said``:
two officials may say the same thing).

Not part of the pipeline: wired in as a disagreement of its own kind, it found no item on either
half of the annotated real clusters, nor on 246 other Multi-News validation clusters once
abbreviations were left alone, so no figure moved and it was taken out again
(docs/evaluation.md, "One slot of one sentence told two ways").
``eval.contradiction_evidence.probe_pairs`` counts the pairs it, and a looser alignment, would add.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from newsprism.analyze.disagreements import negation
from newsprism.analyze.quotes.roles import OFFICES

Token = Any

MIN_WORDS = 4  # content words each side needs: shorter clauses align by chance
MIN_ALIGNED = 3  # content words the two sides share, in order
ALIGNED = 0.6  # share of the shorter side's content words aligned with the other side
MAX_SLOT = 3  # words on either side of the one substitution
SPELLING = 0.8  # difflib ratio above which two fillers are one word spelled two ways

CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
NAME_LABELS = {
    "PERSON": "who",
    "ORG": "which organisation",
    "GPE": "where",
    "LOC": "where",
    "FAC": "where",
    "NORP": "which group",
}
REPORTING = frozenset(
    {
        "say",
        "tell",
        "add",
        "reply",
        "note",
        "report",
        "state",
        "announce",
        "write",
        "explain",
        "accord",
        "confirm",
        "claim",
        "recall",
        "describe",
    }
)
# opposites news tells of one happening (stems as ``negation.stem`` gives them): one is true,
# not both.  Verbs of change and states; a small lexicon, WordNet is not installed.
_OPPOSITES = (
    ("open", "close"),
    ("rise", "fall"),
    ("increase", "decrease"),
    ("raise", "lower"),
    ("gain", "lose"),
    ("win", "lose"),
    ("up", "down"),
    ("high", "low"),
    ("more", "less"),
    ("alive", "dead"),
    ("guilty", "innocent"),
    ("legal", "illegal"),
    ("male", "female"),
    ("before", "after"),
    ("north", "south"),
    ("east", "west"),
    ("left", "right"),
    ("first", "last"),
    ("arrive", "depart"),
    ("accept", "reject"),
    ("approve", "reject"),
    ("allow", "ban"),
    ("support", "oppose"),
    ("enter", "leave"),
    ("entrance", "exit"),
    ("inside", "outside"),
    ("upstairs", "downstairs"),
    ("above", "below"),
    ("early", "late"),
    ("true", "false"),
    ("armed", "unarmed"),
    ("voluntary", "forced"),
)
OPPOSITES = frozenset(frozenset(p) for p in _OPPOSITES)
_OPPOSITE_WORDS = frozenset(w for p in _OPPOSITES for w in p)
# number words a figure reading leaves out (``quantities`` reads cardinals, with partitives and
# ranges: ``four of five charges`` is not a count of the charges): how many times, which one
NUMBER_WORDS = frozenset(
    {
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "once",
        "twice",
    }
)
# public offices beside those one organisation has one holder of (``roles.OFFICES``): two of
# them in one slot are two people (``the mayor ordered`` / ``the governor ordered``)
PUBLIC_OFFICES = frozenset(
    {
        "mayor",
        "governor",
        "sheriff",
        "minister",
        "senator",
        "judge",
        "coroner",
        "prosecutor",
        "commissioner",
        "superintendent",
        "premier",
        "chancellor",
        "prime minister",
    }
)
PLACE_PREPOSITIONS = frozenset({"in", "at", "off", "near", "outside", "from", "to", "into"})
_PLACES = frozenset({"GPE", "LOC", "FAC", "PERSON", "ORG"})  # a name after ``in`` is a place
# how far each slot is evidence of a clash: 1 when its two fillers cannot both be true
STRENGTH = {
    **dict.fromkeys(("who", "where", "which organisation", "which group"), 1.0),
    **dict.fromkeys(("office", "opposite", "number"), 1.0),
    "who said it": 0.0,  # two officials may say the same thing
    "what": 0.0,  # two common nouns (measured only: a synonym looks the same)
}


class Word(NamedTuple):
    """A content word of a clause: as written, its stem, its part of speech, its entity label."""

    text: str
    stem: str
    pos: str
    ent: str
    after: str = ""  # the preposition just before it, if any (``off Harwick``: ``off``)


@dataclass(frozen=True)
class SlotClash:
    """The one substitution between two aligned claims: the words of each side in that slot,
    what the slot asks (``who``, ``where``, ``which organisation``, ``which group``,
    ``office``, ``opposite``, ``number``, ``who said it``; ``what`` when asked for), the share
    of the shorter side aligned, and how far it is evidence of a clash (``STRENGTH``)."""

    left: str
    right: str
    slot: str
    aligned: float
    strength: float


def content_words(tokens: Iterable[Token]) -> tuple[Word, ...]:
    """The content words of a clause's tokens (no stop words, negators or punctuation; a
    number word is kept even when spaCy calls it a stop word)."""
    out = []
    prev: Token | None = None
    for t in tokens:
        before, prev = prev, t
        low = t.lower_
        if t.is_punct or t.is_space or negation.is_negator(t):
            continue
        if t.pos_ not in CONTENT and low not in NUMBER_WORDS:
            continue
        if t.is_stop and low not in NUMBER_WORDS and low not in _OPPOSITE_WORDS:
            continue
        after = before.lower_ if before is not None and before.pos_ == "ADP" else ""
        out.append(Word(t.text, negation.stem(t.lemma_), t.pos_, t.ent_type_, after))
    return tuple(out)


def _office(words: Sequence[Word]) -> str | None:
    """The office a run of words names (``chief executive``, ``CEO``: one office), or None."""
    if not words:
        return None
    for text in (" ".join(w.text.lower() for w in words), words[-1].text.lower()):
        if text in OFFICES:
            return OFFICES[text]
        if text in PUBLIC_OFFICES:
            return text
    return None


def _name_slot(words: Sequence[Word]) -> str | None:
    """What a run of proper nouns names (``who``, ``where`` ...), None when it is not one name
    of one kind."""
    if not words or any(w.pos != "PROPN" for w in words):
        return None
    if words[0].after in PLACE_PREPOSITIONS and all(not w.ent or w.ent in _PLACES for w in words):
        return "where"  # ``off Harwick``, whatever the tagger took the name for
    labels = {w.ent for w in words if w.ent}
    if len(labels) != 1:
        return None
    return NAME_LABELS.get(labels.pop())


def _kind(left: Sequence[Word], right: Sequence[Word]) -> str | None:
    """What the slot filled by ``left`` on one side and ``right`` on the other asks, when the
    two fillers cannot both be true; None for a paraphrase."""
    ls, rs = {w.stem.lower() for w in left}, {w.stem.lower() for w in right}
    if ls & rs:
        return None  # a word kept: a modifier added or dropped, not another filler
    lt, rt = " ".join(w.text for w in left), " ".join(w.text for w in right)
    if difflib.SequenceMatcher(None, lt.lower(), rt.lower()).ratio() >= SPELLING:
        return None  # one name spelled two ways, a singular and a plural
    if _abbreviates(lt, rt) or _abbreviates(rt, lt):
        return None  # ``Minn.`` / ``Minnesota``, ``U.S.`` / ``United States``
    if any(frozenset((x, y)) in OPPOSITES for x in ls for y in rs):
        return "opposite"
    if all(w.text.lower() in NUMBER_WORDS for w in (*left, *right)):
        return "number"
    lo, ro = _office(left), _office(right)
    if lo and ro:
        return "office" if lo != ro else None  # ``CEO`` / ``chief executive``: one office
    ln, rn = _name_slot(left), _name_slot(right)
    if ln and (ln == rn or {ln, rn} == {"where"}):
        return ln
    if ln == "where" and rn and left[0].after == right[0].after:
        return "where"  # one preposition of place before two names: two places
    return None


def slot_clash(
    a: Sequence[Word],
    b: Sequence[Word],
    *,
    aligned: float = ALIGNED,
    others: int = 0,
    common: bool = False,
) -> SlotClash | None:
    """The one slot in which two claims told alike differ (``SlotClash``), or None: too few
    words aligned, more than one substitution, or a substitution that is a paraphrase.  Looser
    (for measuring only): ``aligned`` a lower share, ``others`` more substitutions beside the one
    that clashes, ``common`` two common nouns in the slot count as a clash (``what``)."""
    if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
        return None
    sa, sb = [w.stem.lower() for w in a], [w.stem.lower() for w in b]
    ops = difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes()
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    share = matched / min(len(sa), len(sb))
    if matched < MIN_ALIGNED or share < aligned:
        return None
    subs = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in ops if tag == "replace"]
    if not subs or len(subs) > 1 + others:
        return None
    found = []
    for i1, i2, j1, j2 in subs:
        if i2 - i1 > MAX_SLOT or j2 - j1 > MAX_SLOT:
            continue
        left, right = a[i1:i2], b[j1:j2]
        if set(sa[i1:i2]) & set(sb) or set(sb[j1:j2]) & set(sa):
            continue  # the other side names it elsewhere: words in another order
        kind = _kind(left, right) or (_common(left, right) if common else None)
        if kind is None:
            continue
        if kind in (*NAME_LABELS.values(), "office") and _beside_reporting(sa, i1, i2):
            kind = "who said it"
        text = " ".join(w.text for w in left), " ".join(w.text for w in right)
        found.append(SlotClash(*text, kind, share, STRENGTH[kind]))
    return found[0] if len(found) == 1 else None


def _common(left: Sequence[Word], right: Sequence[Word]) -> str | None:
    """Two common nouns in one slot, not one word spelled two ways (``what``: measured only)."""
    if not all(w.pos == "NOUN" for w in (*left, *right)):
        return None
    if {w.stem.lower() for w in left} & {w.stem.lower() for w in right}:
        return None
    lt, rt = " ".join(w.text for w in left), " ".join(w.text for w in right)
    return (
        "what" if difflib.SequenceMatcher(None, lt.lower(), rt.lower()).ratio() < SPELLING else None
    )


def _abbreviates(short: str, long: str) -> bool:
    """``short`` is an abbreviation of ``long``: its letters begin it (``Minn.`` of
    ``Minnesota``) or are its words' initials (``U.S.`` of ``United States``)."""
    letters = "".join(ch for ch in short.lower() if ch.isalpha())
    words = [w for w in long.lower().split() if w.isalpha()]
    if not letters or len(letters) >= len("".join(words)):
        return False
    return "".join(words).startswith(letters) or letters == "".join(w[0] for w in words)


def _beside_reporting(stems: Sequence[str], i1: int, i2: int) -> bool:
    """The slot at ``stems[i1:i2]`` is next to a verb of reporting: it names who said it."""
    near = [*stems[max(0, i1 - 1) : i1], *stems[i2 : i2 + 1]]
    return any(s in REPORTING for s in near)
