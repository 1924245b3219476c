"""Quantities in a clause, normalised so that two accounts of one figure compare.

``find_quantities(tokens)`` reads from a clause's spaCy tokens:

* **money** — ``$240m``, ``$240 million``, ``£3.5bn`` (one value in units of the currency);
* **percent** — ``4%``, ``4 per cent``, ``four percent``;
* **time** of day — ``9:50 a.m.``, ``10 p.m.`` (minutes after midnight);
* **age** — ``Salah Ali, 70,``, ``13-year-old girls``, ``Tam Relly and Osk Vane,
  both 16`` (with the people it is the age of);
* **floor** — ``the 17th floor``, ``the 15th-floor shaft``;
* **distance** — a length in metres whatever its unit (``6 feet``, ``3 miles``, ``5 km``, and
  ``eight stories below``: storeys told as how far below or above, about 3 m each), with the
  unit as written and the word that says which way it runs (``below``); two lengths in
  different units compare with the slack of the conversion (10%, 35% for storeys);
* **magnitude** — of an earthquake (``magnitude 6.1``, ``a 6.4-magnitude quake``, ``6.1 on the
  Richter scale``), not in a clause about an aftershock, a revised reading or a dated past quake;
* **magnitude** — of an earthquake (``magnitude 6.1``, ``a 6.4-magnitude quake``, ``6.1 on the
  Richter scale``), not in a clause about an aftershock, a revised reading or a dated past quake;
* **weight** — in kilograms whatever its unit (``90 kilograms``, ``20 pounds of cocaine``, ``lost
  50 pounds``: pounds are a weight when something weighed follows or a verb of weighing takes
  them, else money), compared across units with a conversion's slack, in one happening;
* **count** — a number (in digits, or in words over several tokens: ``two hundred``,
  ``sixty-three``, ``two dozen``; ``numerals.written_numbers``) with the noun it counts (``40 women``, ``eight stories``, ``938
  points``), with the noun's modifiers (``elevator-related violations``), a partitive mark
  (``four of five charges``) and a time scope (``since January 2015``, ``dating back to 2000``).

Each value is an interval read from the words around it: ``about``/``around`` (half a step either
side, the step being the place of the last non-zero digit: 10 for 40, 100 for 1,500),
``nearly``/``almost``/``as many as`` (half a step below), ``more than``/``over`` (up to a step
above, not included), ``less than``/``under`` (a step below).  Two values of one thing clash when
their intervals do not meet: ``more than 30`` and ``more than 40`` clash, ``more than 900`` and
``938`` do not, ``about 9:50 a.m.`` and ``around 9:45 a.m.`` do not (a time ``about`` a clock
reading is good to ten minutes).  Years and dates are not quantities here; a **duration** is only
how long a happening took or lasted (``sank within 15 minutes``, ``sentenced to 10 years``), in
seconds, compared only under the same verb.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsprism.analyze.disagreements import negation
from newsprism.analyze.disagreements.numerals import (
    PLURAL_ROUND,
    SUFFIXED,
    WORDS,
    plural_round,
    written_numbers,
)

Token = Any

SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "k": 1e3,
}
CURRENCY = {
    "$": "dollar",
    "us$": "dollar",
    "£": "pound",
    "€": "euro",
    "dollar": "dollar",
    "pound": "pound",
    "euro": "euro",
}
# not counted things: durations, years and the like are contextual, not figures of the story
NOT_UNITS = frozenset(
    {
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "second",
        "decade",
        "century",
        "time",
        "one",
        "other",
        "%",
        "percent",
        "cent",
        "per",
    }
)
APPROX = frozenset({"about", "around", "approximately", "roughly", "some", "nearly", "almost"})
ABOVE_VERBS = frozenset({"top", "tops", "topped", "exceeded", "exceeds", "surpassed", "passed"})
# counted nouns news writes in several ways for one thing (folded before comparing)
UNIT_SYNONYMS = {
    "blast": "explosion",
    "bombing": "explosion",
    "storey": "floor",
    "story": "floor",
    "stories": "floor",
    "storeys": "floor",
    "fatality": "death",
    "casualty": "casualty",
    # people named by one part in the story in several words
    "demonstrator": "protester",
    "protestor": "protester",
    "marcher": "protester",
    "detainee": "prisoner",
    "inmate": "prisoner",
    "employee": "worker",
    "staffer": "worker",
    "troop": "soldier",
}
# people a count may name plainly (``5,000 people``) or by their part in what happened
# (``12,000 protesters``, ``14 victims``, ``200 passengers``): one group, so the two figures are
# one thing when they tell one happening (the same frame, verb or predicate).  Not nouns that
# pick a part of a crowd out by who they are (women, children, students, officers): ``12 people
# were killed, 3 children`` is a part, not a second figure.
PEOPLE = frozenset({"people", "person", "individual"})
PARTS = frozenset(
    {
        "protester",
        "activist",
        "victim",
        "passenger",
        "resident",
        "worker",
        "migrant",
        "refugee",
        "evacuee",
        "survivor",
        "hostage",
        "prisoner",
        "suspect",
        "voter",
        "attendee",
        "participant",
        "spectator",
        "supporter",
        "pilgrim",
        "tourist",
        "visitor",
        "customer",
        "patient",
        "accuser",
        "plaintiff",
        "mourner",
    }
)
# what happened to the people counted: a count of the killed and one of the wounded are two
# figures, never one (verb and adjective lemmas folded to one frame)
FRAMES = {
    "kill": "killed",
    "die": "killed",
    "dead": "killed",
    "death": "killed",
    "murder": "killed",
    "slay": "killed",
    "wound": "wounded",
    "injure": "wounded",
    "hurt": "wounded",
    "injured": "wounded",
    "wounded": "wounded",
    "arrest": "arrested",
    "detain": "arrested",
    "hold": "arrested",
    "rescue": "rescued",
    "evacuate": "evacuated",
    "miss": "missing",
    "missing": "missing",
}
# nouns that name what happened to the people counted: ``14 deaths`` / ``8 fatalities`` are 14
# and 8 people killed, ``20 injuries`` people wounded, ``60 arrests`` people arrested; ``lives``
# only when lost or taken (``claimed 9 lives``).  Not ``bodies`` (a count of the bodies found is
# a part of the dead while a search goes on) nor ``casualties`` (the killed and the wounded).
FRAME_NOUNS = {"death": "killed", "injury": "wounded", "arrest": "arrested"}
LIVES_VERBS = frozenset({"claim", "take", "cost", "lose", "lost"})
# what is done to people only: a count of children or soldiers in one of these frames counts
# people, so it cannot exceed a plain count of the people in the same frame (``exceeds_whole``)
PERSON_FRAMES = frozenset({"killed", "wounded", "arrested", "missing"})
# animals a flood, a fire or a cull kills: never a part of the people killed (``300 sheep`` /
# ``4 people``); an animal not listed here still reads as a part above the whole
ANIMALS = frozenset(
    negation.stem(w)
    for w in [
        "animal",
        "livestock",
        "cattle",
        "cow",
        "sheep",
        "goat",
        "pig",
        "horse",
        "donkey",
        "camel",
        "dog",
        "cat",
        "bird",
        "chicken",
        "poultry",
        "duck",
        "fish",
        "deer",
        "elephant",
        "whale",
        "dolphin",
        "seal",
        "bear",
        "wolf",
        "lion",
        "tiger",
    ]
)
# "twin blasts", "a double homicide": a count of two written as a word before the noun
PAIR_WORDS = frozenset({"twin", "double", "two-fold"})
_TIME = re.compile(
    r"\b(?P<h>[01]?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])"
    # a 24-hour clock: unambiguous hours (13-23, or a leading zero), or a zone or "hrs" after it
    r"|\b(?P<h24>1[3-9]|2[0-3]|0\d):(?P<m24>[0-5]\d)(?![\d:])"
    r"|\b(?P<hz>[01]?\d|2[0-3])[:.]?(?P<mz>[0-5]\d)\s*(?:GMT|UTC|BST|CET|hrs|hours\b)"
    r"|\b(?P<noon>noon|midday)\b",
    re.I,
)
_SCOPE = re.compile(
    r"\b(?:since|dating back to|going back to|from)\s+(?:(?:the\s+)?(?:early\s+|late\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Sept?\.|Oct\.|Nov\.|Dec\.|Aug\.)?\s*\d{0,2},?\s*(?:19|20)\d\d|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2})",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """One figure: its kind, what it measures, its interval, where it is (clause offsets)."""

    kind: str  # money | percent | time | age | floor | count
    unit: str  # the counted noun's stem, the currency, "percent", "" for ages/times/floors
    low: float
    high: float
    text: str  # the figure as written, with its approximator
    start: int  # article offsets
    end: int
    # for ages: the people (last names, lower case); for money: what it is of (``bail``)
    of: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()  # of the counted noun: "elevator-related", "open"
    partitive: bool = False  # "four of five charges"
    scope: str = ""  # "since January 2015"
    frame: str = ""  # for counts: what happened to the counted (killed, wounded, arrested)
    verb: str = ""  # the stem of the verb the figure hangs from (rose 4%, paid $3m)
    peak: bool = False  # told as a passing extreme (``at one point``, ``fell as much as``)
    written: str = ""  # for distances: the unit as written (foot, mile, floor), values in metres
    group: int = 0  # for the age of an unnamed group: how many (``two 13-year-old girls``: 2)
    # for a count of people (unit ``people``): the noun that counts them, ``people`` when plain
    # (``5,000 people``, a bare ``12 died``) or their part (``protester``, ``victim``)
    part: str = ""
    vague: bool = False  # a round number in the plural (``hundreds``): a range, not a count
    # for a count of people in a frame (``PERSON_FRAMES``): the places its clause names (lower
    # case words of its place names: ``in Danbury``), and the period of a running total
    # (``this year``, ``over the past month``, ``since March``), "" for one happening's count
    where: frozenset[str] = frozenset()
    period: str = ""

    def clashes(self, other: Quantity) -> bool:
        """Two values of one thing that cannot both be right (their intervals do not meet); two
        distances written in different units are compared with the slack of the conversion."""
        if self.kind in ("distance", "weight") and self.written != other.written:
            slack = max(SLACK.get(self.written, 0.1), SLACK.get(other.written, 0.1))
            return self.high * (1 + slack) < other.low * (1 - slack) or other.high * (
                1 + slack
            ) < self.low * (1 - slack)
        return self.high < other.low or other.high < self.low


_AT_TIME = re.compile(
    r"\b(?:at|around|about|by|before|after|until|till|from|approximately|shortly)\s+$", re.I
)


def _clock(m: re.Match[str], clause: str) -> int | None:
    """Minutes after midnight of a ``_TIME`` match (``9:50 a.m.``, ``9.50pm``, ``14:30``,
    ``0950 GMT``, ``noon``); None for an hour out of range, or a 24-hour reading with no
    preposition of time before it (``the vote was 21:13`` is a score)."""
    if m.group("noon"):
        return 720
    if m.group("ap"):
        h = int(m.group("h"))
        if not 1 <= h <= 12:
            return None
        pm = m.group("ap").lower().startswith("p")
        return (h % 12 + (12 if pm else 0)) * 60 + int(m.group("m") or 0)
    if m.group("h24") and not _AT_TIME.search(clause[: m.start()]):
        return None
    hour, mnt = ("h24", "m24") if m.group("h24") else ("hz", "mz")
    return int(m.group(hour)) * 60 + int(m.group(mnt))


def _step(v: float) -> float:
    """The place of the last non-zero digit of ``v`` (10 for 40, 100 for 1,500, 1 for 938)."""
    if v <= 0:
        return 1.0
    n = int(round(v))
    if n != v or n == 0:
        return 10 ** math.floor(math.log10(abs(v))) / 10 if v < 1 else 1.0
    step = 1
    while n % (step * 10) == 0 and step * 10 <= n:
        step *= 10
    return float(step)


def interval(v: float, cue: str, step: float | None = None) -> tuple[float, float]:
    """The interval a figure ``v`` stands for after the approximator ``cue``."""
    s = _step(v) if step is None else step
    eps = s * 1e-6
    if cue == "plural":  # "dozens" (v = 12), "hundreds" (100): from two of them to ten
        return (2 * v, 10 * v - eps)
    if cue in ("more than", "over", "at least", "upwards of"):
        return (v if cue == "at least" else v + eps, v + s - eps)
    if cue in ("less than", "under", "fewer than", "up to", "below"):
        return (v - s + eps, v if cue == "up to" else v - eps)
    if cue in ("nearly", "almost", "as many as", "as much as", "close to"):
        return (v - s / 2, v)
    if cue in APPROX:
        return (v - s / 2, v + s / 2)
    return (v, v)


def _as_written(cue: str, written: str) -> str:
    """A figure as written with its approximator (``more than 30``)."""
    return f"{cue} {written}" if cue and cue != "plural" else written


def _cue(toks: Sequence[Token], i: int) -> str:
    """The approximator right before token ``i`` (``more than``, ``about``, ``nearly``)."""
    before = " ".join(t.lower_ for t in toks[max(0, i - 3) : i])
    for cue in (
        "more than",
        "less than",
        "fewer than",
        "at least",
        "as many as",
        "as much as",
        "up to",
        "close to",
        "upwards of",
    ):
        if before.endswith(cue):
            return cue
    prev = toks[i - 1].lower_ if i > 0 else ""
    if prev in APPROX or prev in ("over", "under", "below"):
        return prev
    if prev in ABOVE_VERBS:  # "tops 1,500 points": more than
        return "more than"
    return ""


def _value(tok: Token) -> float | None:
    raw = tok.text.replace(",", "").lstrip("$£€").rstrip("%")
    low = raw.lower()
    mult = 1.0
    for suffix, m in (("bn", 1e9), ("m", 1e6), ("k", 1e3), ("b", 1e9)):
        if low.endswith(suffix) and low[: -len(suffix)].replace(".", "", 1).isdigit():
            low, mult = low[: -len(suffix)], m
            break
    try:
        return float(low) * mult
    except ValueError:
        pass
    if "-" in low:  # "twenty-five"
        parts = low.split("-")
        if all(p in WORDS for p in parts):
            return float(sum(WORDS[p] for p in parts))
    return float(WORDS[low]) if low in WORDS else None


def _names(toks: Sequence[Token]) -> frozenset[str]:
    """Last words of the runs of proper nouns in ``toks`` (a nickname in quotes stays inside:
    Liberty “Libby” German -> german)."""
    out = set()
    run: list[Token] = []
    for t in [*toks, None]:
        if t is not None and (t.pos_ == "PROPN" or (run and t.text in "“”\"'‘’")):
            run.append(t)
            continue
        names = [x for x in run if x.pos_ == "PROPN"]
        if names:
            out.add(names[-1].lower_.strip("’'"))
        run = []
    return frozenset(out)


_GLUED_AGE = re.compile(r"^([A-Z][\w’'-]+),(\d{1,3})$")


def _group_size(toks: Sequence[Token], i: int) -> int:
    """How many a group age counts: ``two missing 13-year-old girls`` -> 2 (0 when no number
    word or figure comes first, over at most two adjectives)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        t = toks[k]
        if t.like_num or t.lower_ in WORDS:
            v = _value(t)
            return int(v) if v and v == int(v) else 0
        if t.pos_ != "ADJ" and t.tag_ not in ("VBG", "VBN"):  # "missing", "injured"
            break
    return 0


def named_group(q: Quantity, named: dict[str, float]) -> Quantity:
    """The age of an unnamed group (``two 13-year-old girls``) as the age of the people its
    article gives ages to one by one (``named``: last name -> age), when they are as many as the
    group counts: in that article the group is those people."""
    if q.kind != "age" or not q.group or len(named) != q.group:
        return q
    return dataclasses.replace(q, of=q.of | frozenset(named))


def _person_before(toks: Sequence[Token], i: int) -> frozenset[str]:
    """The people right before an appositive age (``Salah Ali, 70,`` / ``X and Y, both 13``)."""
    j = i - 1
    if j >= 0 and toks[j].lower_ == "both":
        j -= 1
        k = j
        while k >= 0 and toks[k].pos_ not in ("VERB", "AUX") and toks[k].text not in (";", ":"):
            k -= 1
        return _names(toks[k + 1 : j + 1]) if toks[j].text == "," else frozenset()
    if j < 0 or toks[j].text != ",":
        return frozenset()
    k = j - 1
    while k >= 0 and (toks[k].pos_ == "PROPN" or toks[k].text in "“”\"'‘’"):
        k -= 1
    return _names(toks[k + 1 : j])


_DATE_WORDS = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|years?|months?|weeks?|"
    r"days?|ago|(?:19|20)\d\d)\b",
    re.I,
)


def _dated(t: Token) -> bool:
    """A token inside a date phrase (``two years ago``, ``June 5``), not a count spaCy calls a
    date (``Forty women``)."""
    span = [x for x in t.doc[max(0, t.i - 4) : t.i + 5] if x.ent_type_ == t.ent_type_]
    return bool(_DATE_WORDS.search(" ".join(x.text for x in span)))


def _modifiers(n: Token) -> frozenset[str]:
    out = set()
    for c in n.children:
        if c.dep_ in ("amod", "compound", "nmod") and not c.like_num:
            out.add(c.lemma_.lower())
    return frozenset(out)


def find_quantities(toks: Sequence[Token], offs: Sequence[int], text: str = "") -> list[Quantity]:
    """The figures of a clause (its tokens and their article offsets; ``text`` the clause)."""
    out: list[Quantity] = []
    used: set[int] = set()
    clause = text or " ".join(t.text for t in toks)
    scope = m.group(0).lower() if (m := _SCOPE.search(clause)) else ""
    # times of day
    base = offs[0] if offs else 0
    for m in _TIME.finditer(clause):
        minutes = _clock(m, clause)
        if minutes is None:
            continue
        s, e = base + m.start(), base + m.end()
        k = next((i for i, o in enumerate(offs) if o >= s), 0)
        cue = _cue(toks, k)
        lo, hi = (minutes - 10.0, minutes + 10.0) if cue in APPROX else (float(minutes),) * 2
        if cue in ("shortly after", "after"):
            lo, hi = float(minutes), minutes + 30.0
        verb = _verb_of(toks[k]) if toks else ""
        out.append(Quantity("time", "", lo, hi, m.group(0), s, e, verb=verb))
        used |= {i for i, o in enumerate(offs) if s <= o < e}
    # an earthquake's magnitude: "magnitude 6.1", "magnitude-6.4", "6.4-magnitude", "a magnitude
    # of 6.1", "6.1 on the Richter scale" (one figure per shock; a past quake named with its year,
    # an aftershock and a revised reading are not the shock's figure)
    shock = not _NOT_THE_SHOCK.search(clause)
    for m in _MAGNITUDE.finditer(clause):
        mag = float(next(g for g in m.groups() if g))
        s, e = base + m.start(), base + m.end()
        if shock:
            out.append(Quantity("magnitude", "magnitude", mag, mag, m.group(0), s, e))
        used |= {i for i, o in enumerate(offs) if s <= o < e}  # never a count either
    ranged = {
        i + 2: v
        for i in range(len(toks))
        if _range_start(toks, i) and (v := _value(toks[i]) or _ordinal(toks[i])) is not None
    }
    runs = written_numbers(toks)
    vague: set[int] = set()  # where the round numbers in the plural start
    used |= {k for last, (first, _) in runs.items() for k in range(first, last)}
    for i, t in enumerate(toks):
        if i in used:
            continue
        lasted = _duration(toks, offs, i)
        if lasted is not None:
            out.append(lasted)
            continue
        age = _age_token(toks, offs, i)
        if age is not None:
            out.append(age)
            continue
        if t.ent_type_ in ("DATE", "TIME") and _dated(t):
            continue
        if t.lower_ in ("one", "a", "an") and i not in runs:
            continue  # "at one point", "one more thing": a word for one is rarely a figure
        if i + 1 < len(toks) and toks[i + 1].lower_ in ("more", "other", "another"):
            continue  # "two more things"
        if _range_start(toks, i) and i not in runs:
            continue  # the low end of a range is read with its high end
        if _ORDINAL_FIGURE.match(t.lower_):
            if _ordinal_noun(toks, i) == "floor":
                num = float(re.sub(r"\D", "", t.text) or 0)
                low = ranged.get(i, num)
                out.append(
                    Quantity(
                        "floor",
                        "floor",
                        low,
                        num,
                        t.text,
                        offs[i],
                        offs[i] + len(t),
                        verb=_verb_of(t),
                    )
                )
            continue
        if not (
            t.like_num
            or t.lower_ in WORDS
            or t.lower_ in PLURAL_ROUND
            or t.text[:1] in "$£€"
            or (SUFFIXED.match(t.text) and t.ent_type_ == "MONEY")
        ):
            continue
        first, v = runs.get(i, (i, _value(t)))
        plural = plural_round(toks, i)
        if plural is not None:  # "dozens of", "tens of thousands": an interval, not one value
            first, v = plural
            vague.add(offs[first])
        start_at, end_at = offs[first], offs[i] + len(t)
        written_as = "".join(x.text_with_ws for x in toks[first : i + 1]).strip()
        if v is None or (t.lower_ in ("one", "a") and t.head.lemma_.lower() in ("of",)):
            continue
        if 1900 <= v <= 2100 and t.ent_type_ == "DATE":
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        cue = "plural" if plural is not None else _cue(toks, first)
        after = [x.lower_ for x in toks[i + 1 : i + 3]]
        if not cue and (after[:1] == ["plus"] or after == ["-", "plus"]):
            cue = "at least"  # "3,000-plus homes", "3,000 plus homes"
        # scale words: $240 million, 3.5 billion
        prev = toks[i - 1] if i > 0 else None
        currency = (
            CURRENCY.get(t.text[:1])
            or (CURRENCY.get(prev.lower_) if prev is not None else None)
            or _currency_after(toks, i)
        )
        written = v
        scale = nxt.lower_.rstrip(".") if nxt is not None else ""  # "$40m." ends a sentence
        if scale in SCALE and (currency or len(scale) > 2):
            v *= SCALE[scale]
        if t.text.endswith("%") or (
            nxt is not None and nxt.lower_ in ("%", "percent", "per", "pct")
        ):
            lo, hi = interval(v, cue)
            out.append(
                Quantity(
                    "percent",
                    "percent",
                    lo,
                    hi,
                    written_as,
                    start_at,
                    end_at,
                    verb=_verb_of(t),
                )
            )
            continue
        kilos = _weight(toks, i, currency)
        if kilos:
            lo, hi = interval(v, cue)
            unit_written = "pound" if currency == "pound" else unit_of(toks[i + 1])
            out.append(
                Quantity(
                    "weight",
                    "kilogram",
                    lo * kilos,
                    hi * kilos,
                    _as_written(cue, written_as),
                    start_at,
                    end_at,
                    verb=_verb_of(t),
                    written=unit_written,
                )
            )
            continue
        if currency or t.ent_type_ == "MONEY":
            lo, hi = interval(v, cue, _step(written) * (v / written if written else 1.0))
            out.append(
                Quantity(
                    "money",
                    currency or "money",
                    lo,
                    hi,
                    written_as,
                    start_at,
                    end_at,
                    of=_priced(t),
                    verb=_verb_of(t),
                )
            )
            continue
        if t.ent_type_ == "ORDINAL":
            continue
        noun = t.head if t.head.pos_ == "NOUN" and t.head.i > t.i else None
        if plural is not None and nxt is not None and nxt.lower_ == "of":
            # "hundreds of homes": the counted noun follows "of"
            noun = next((x for x in toks[i + 2 : i + 5] if x.pos_ == "NOUN"), None)
            if noun is not None and noun.lower_ in PLURAL_ROUND:
                noun = None
        elif noun is None:
            noun = next((x for x in toks[i + 1 : i + 4] if x.pos_ == "NOUN" and x.i > t.i), None)
            between = toks[i + 1 : noun.i - t.i + i] if noun is not None else []
            if any(x.pos_ in ("VERB", "AUX", "ADP", "PRON", "DET") for x in between):
                noun = None  # "The two fell several feet": not a count of feet
        if noun is None:
            frame = _bare_frame(t)  # "the blast killed 14", "12 died", "the toll rose to 12"
            if frame:
                lo, hi = interval(v, cue)
                text_ = _as_written(cue, written_as)
                end = end_at
                part = any(
                    toks[k].lower_ == "of" and toks[k + 1].lower_ in ("those", "them", "these")
                    for k in range(max(0, i - 5), i - 1)
                )  # "of those, 5 were killed": a part of a group counted elsewhere
                out.append(
                    Quantity(
                        "count",
                        "people",
                        lo,
                        hi,
                        text_,
                        start_at,
                        end,
                        partitive=part or _included(toks, i),
                        frame=frame,
                        verb=_verb_of(t),
                        part="people",
                    )
                )
            continue
        unit = unit_of(noun)
        if unit in NOT_UNITS or noun.lemma_.lower() in NOT_UNITS:
            continue
        partitive = bool(
            nxt is not None and nxt.lower_ == "of" and i + 2 < len(toks) and toks[i + 2].like_num
        ) or (i >= 2 and toks[i - 1].lower_ == "of" and toks[i - 2].like_num)  # "four of five"
        lo, hi = interval(v, cue)
        if (
            i in ranged and i not in runs
        ):  # "between 6 and 8 feet", "6 to 8 feet": one figure, an interval
            lo = min(lo, ranged[i])
        metres = _metres(noun, unit)
        if metres:
            out.append(
                Quantity(
                    "distance",
                    "metre",
                    lo * metres,
                    hi * metres,
                    _as_written(cue, written_as),
                    start_at,
                    end_at,
                    partitive=partitive,
                    frame=_direction(noun),
                    written=unit,
                )
            )
            continue
        who = unit if unit in PARTS or unit in PEOPLE else ""
        if who in PEOPLE:
            who = "people"
        frame = frame_of(noun)
        told = frame_noun(noun, unit)
        if told:  # "14 deaths": 14 people killed
            who, frame = "people", told
        partitive = partitive or _included(toks, i)
        out.append(
            Quantity(
                "count",
                "people" if who else unit,
                lo,
                hi,
                _as_written(cue, written_as),
                start_at,
                end_at,
                modifiers=_modifiers(noun),
                partitive=partitive,
                scope=scope,
                frame=frame,
                verb=_verb_of(t) if who else "",
                part=who,
            )
        )
    out += _pairs(toks, offs, used, scope)
    out = [dataclasses.replace(q, vague=True) if q.start in vague else q for q in out]
    out = [_with_place(q, toks, clause) for q in out]
    return [_with_moment(q, toks, offs, clause, base) for q in out]


# a running total over a period, not one happening's count: "this year", "so far this month",
# "over the past decade", "since March", "since 2015"
_PERIOD = re.compile(
    r"\b(?:so far )?this (?:year|month|season|decade)\b"
    r"|\b(?:in|over|during|for) the (?:past|last|previous) (?:\w+ )?(?:years?|months?|weeks?"
    r"|decades?)\b"
    r"|\bsince (?:(?:early |late |mid-)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)\b|(?:19|20)\d\d\b)",
    re.I,
)
PLACES = frozenset({"GPE", "LOC", "FAC"})
# prepositions of place: the proper names under them name where it happened ("in Danbury", "at
# the Kestrel pit"), whatever entity type the tagger gives an unknown name
_AT_PLACE = frozenset({"in", "at", "near", "outside", "off", "inside"})


def _places(toks: Sequence[Token]) -> frozenset[str]:
    """Lower-case words of the place names of a clause: place entities, and proper names under a
    preposition of place."""
    words = {t.lower_ for t in toks if t.ent_type_ in PLACES and t.is_alpha}
    inside = {t.i for t in toks}
    for t in toks:
        if t.lower_ in _AT_PLACE and t.dep_ == "prep":
            for o in t.children:
                if o.dep_ == "pobj":
                    words |= {
                        x.lower_
                        for x in o.subtree
                        if x.i in inside and x.pos_ == "PROPN" and x.is_alpha
                    }
    return frozenset(words)


def _with_place(q: Quantity, toks: Sequence[Token], clause: str) -> Quantity:
    """A count of people in a frame with the places its clause names and the period of a running
    total (``Quantity.where``, ``Quantity.period``): counts in two places, or a running total and
    one happening's count, are two figures."""
    if q.kind != "count" or q.frame not in PERSON_FRAMES:
        return q
    where = _places(toks)
    m = _PERIOD.search(clause)
    return dataclasses.replace(q, where=where, period=m.group(0).lower() if m else "")


def one_place_and_period(a: Quantity, b: Quantity) -> bool:
    """Two counts of people in a frame that may tell one happening: no two different places
    (each names one, and they share no word) and the same period (none, or one running total)."""
    if a.period != b.period:
        return False
    return not (a.where and b.where and not a.where & b.where)


# a figure told as a passing extreme, not where things ended: "at one point", "briefly",
# "intraday", "at its lowest", "at the height of"; and a verb of change with "as much as"
# ("fell as much as 900 points", "rose as much as 4%": market usage for the session's extreme)
_PEAK = re.compile(
    r"\b(?:at one (?:point|stage|time)|briefly|intraday|intra-day|at (?:its|their|the) "
    r"(?:lowest|highest|worst|peak|height|low|high)(?: point)?)\b",
    re.I,
)
CHANGE_VERBS = frozenset(
    negation.stem(v)
    for v in [
        "fall",
        "drop",
        "plunge",
        "sink",
        "slide",
        "tumble",
        "lose",
        "shed",
        "plummet",
        "slip",
        "tank",
        "dive",
        "decline",
        "rise",
        "gain",
        "climb",
        "jump",
        "soar",
        "surge",
        "rally",
        "spike",
    ]
)
PEAKED = frozenset({"count", "percent", "money"})
# verbs that set a figure anew: an amount reduced or raised is an update, not a second account
ADJUSTING = frozenset(
    negation.stem(v)
    for v in ["reduce", "lower", "raise", "increase", "cut", "boost", "slash", "double", "revise"]
)


def _with_moment(
    q: Quantity, toks: Sequence[Token], offs: Sequence[int], clause: str, base: int
) -> Quantity:
    """``q`` marked ``peak`` when its clause tells it as a passing extreme."""
    if q.kind not in PEAKED:
        return q
    if _PEAK.search(clause):
        return dataclasses.replace(q, peak=True)
    before = clause[max(0, q.start - base - 14) : q.start - base].lower()
    if before.rstrip().endswith("as much as") or q.text.lower().startswith("as much as"):
        k = next((i for i, o in enumerate(offs) if o >= q.start), None)
        if k is not None and _verb_of(toks[k]) in CHANGE_VERBS:
            return dataclasses.replace(q, peak=True)
    return q


KILOGRAMS = {"kilogram": 1.0, "kilo": 1.0, "kg": 1.0, "kilogramme": 1.0, "ounce": 0.02835}
WEIGHING = frozenset({"lose", "gain", "weigh", "shed", "seize", "haul", "carry", "lift", "put"})


def _weight(toks: Sequence[Token], i: int, currency: str | None) -> float:
    """Kilograms per unit when the figure at ``i`` is a weight (0.0 when not): ``90 kilograms``,
    ``20 pounds of cocaine``, ``lost 50 pounds`` — ``pounds`` only when something weighed
    follows (``of``) or a verb of weighing takes it, never after ``£``; else it is money."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None:
        return 0.0
    lemma = nxt.lemma_.lower()
    if lemma in KILOGRAMS and not currency:
        return KILOGRAMS[lemma]
    if currency != "pound" or toks[i].text.startswith("£") or (i and toks[i - 1].text == "£"):
        return 0.0
    after = toks[i + 2] if i + 2 < len(toks) else None
    weighed = after is not None and after.lower_ == "of"
    weighed = weighed or _verb_of(toks[i]) in WEIGHING
    return 0.45359 if weighed else 0.0


def _currency_after(toks: Sequence[Token], i: int) -> str | None:
    """``4 million dollars``: the currency named after the figure (and its scale word)."""
    for x in toks[i + 1 : i + 3]:
        c = CURRENCY.get(x.lemma_.lower())
        if c:
            return c
        if x.lower_ not in SCALE:
            return None
    return None


TOLL_VERBS = frozenset({"rise", "climb", "reach", "stand", "hit", "jump", "grow", "increase"})


def _bare_frame(t: Token) -> str:
    """What happened to the people a number with no counted noun counts: ``the blast killed
    14`` / ``12 died`` / ``Twenty were killed`` / ``left 9 dead`` / ``the death toll rose to 12``
    / ``a death toll of 12`` (killed); "" when the number counts nothing said."""
    h = t.head
    if t.dep_ in ("nsubj", "nsubjpass", "dobj") and h.pos_ in ("VERB", "ADJ", "AUX"):
        return FRAMES.get(h.lemma_.lower()) or FRAMES.get(h.lower_) or ""
    if t.dep_ == "nummod" and h.pos_ == "ADJ":
        return FRAMES.get(h.lemma_.lower()) or FRAMES.get(h.lower_) or ""
    if t.dep_ == "pobj" and h.lower_ in ("to", "of", "at"):
        above = h.head
        toll = above if above.lemma_.lower() == "toll" else None
        if toll is None and above.lemma_.lower() in TOLL_VERBS:
            toll = next((c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if toll is not None and toll.lemma_.lower() == "toll":
            return "killed" if any(c.lemma_.lower() == "death" for c in toll.children) else ""
    return ""


def _ordinal(t: Token) -> float | None:
    m = re.match(r"^(\d+)(?:st|nd|rd|th)$", t.lower_)
    return float(m.group(1)) if m else None


SECONDS = {
    "second": 1.0,
    "minute": 60.0,
    "hour": 3600.0,
    "day": 86400.0,
    "week": 604800.0,
    "month": 2592000.0,
    "year": 31536000.0,
    "decade": 315360000.0,
}
_HOW_LONG = frozenset({"within", "in", "for", "after", "to"})
_NOT_HOW_LONG = frozenset({"ago", "old", "later", "earlier", "before", "after", "-", "since"})


def _duration(toks: Sequence[Token], offs: Sequence[int], i: int) -> Quantity | None:
    """How long a happening took or lasted, in seconds, with its verb: ``sank within 15
    minutes``, ``was held for 3 hours``, ``sentenced to 10 years`` (``to`` only after
    *sentence*).  Not a date or an age (``two years ago``, ``10 years old``, ``three days
    later``) nor a span of the story's time (``for the past two years``, ``in the first 10
    minutes``)."""
    t = toks[i]
    if not (t.like_num or t.lower_ in WORDS) or t.dep_ != "nummod":
        return None
    n = t.head
    unit = n.lemma_.lower()
    if n.pos_ != "NOUN" or unit not in SECONDS or n.i <= t.i:
        return None
    nxt = n.doc[n.i + 1] if n.i + 1 < len(n.doc) else None
    if nxt is not None and nxt.lower_ in _NOT_HOW_LONG:
        return None
    if any(c.dep_ in ("det", "amod", "poss") for c in n.children):
        return None  # "the past two years", "the first 10 minutes", "his 12 years"
    prep = n.head
    if n.dep_ != "pobj" or prep.lower_ not in _HOW_LONG or prep.head.pos_ != "VERB":
        return None
    verb = negation.stem(prep.head.lemma_)
    if prep.lower_ == "to" and verb != negation.stem("sentence"):
        return None
    v = _value(t)
    if v is None:
        return None
    lo, hi = interval(v, _cue(toks, i))
    k = SECONDS[unit]
    end = offs[i] + len(t)
    return Quantity("duration", "second", lo * k, hi * k, t.text, offs[i], end, verb=verb)


# nouns that say nothing of what an amount pays for
_NOT_PRICED = frozenset({"amount", "sum", "total", "figure", "money", "cash", "dollar", "pound"})


def _priced(t: Token) -> frozenset[str]:
    """What an amount is of: the noun it modifies (``a $40 million settlement``, ``$500,000
    bail``), the noun it is ``of`` (``bail of $2 million``), or the thing a verb sets it for (``set
    bail at $1 million``, ``bail was set at $2 million``); empty when none."""
    h = t
    for _ in range(4):
        if h.head is h or h.pos_ not in ("NUM", "SYM", "X"):
            break
        h = h.head
    noun = None
    if h.pos_ == "NOUN":
        noun = h
    elif h.pos_ == "ADP" and h.head.pos_ == "NOUN" and h.lower_ == "of":
        noun = h.head
    elif h.pos_ == "ADP" and h.head.pos_ == "VERB":
        noun = next((c for c in h.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if noun is None or noun.lemma_.lower() in _NOT_PRICED:
        return frozenset()
    if noun.pos_ in ("PRON", "DET", "NUM") or noun.ent_type_:
        return frozenset()  # not "Bail" tagged as a name or a verb as a first word: "Bail was set"
    return frozenset({negation.stem(noun.lemma_)})


_MAGNITUDE = re.compile(
    r"\bmagnitude(?:[- ]| of )(\d(?:\.\d)?)\b|\b(\d(?:\.\d)?)[- ]magnitude\b"
    r"|\b(\d(?:\.\d)?) on the Richter scale\b",
    re.I,
)
_NOT_THE_SHOCK = re.compile(
    r"\b(?:aftershocks?|foreshocks?|upgraded|downgraded|revised|initially|preliminary|"
    r"(?:19|20)\d\d)\b",
    re.I,
)

_INCLUDING = frozenset({"including", "includes", "included"})


def _included(toks: Sequence[Token], i: int) -> bool:
    """``12 were killed, including three children``: the figure counts a part of a group
    counted elsewhere."""
    before = [t.lower_ for t in toks[max(0, i - 3) : i]]
    return any(w in _INCLUDING for w in before)


def _verb_of(t: Token) -> str:
    """The stem of the nearest verb above ``t`` ("" when none)."""
    h = t
    for _ in range(6):
        if h.pos_ == "VERB":
            return negation.stem(h.lemma_)
        if h.head is h:
            break
        h = h.head
    return ""


def _range_start(toks: Sequence[Token], i: int) -> bool:
    """Token ``i`` opens a range: ``between 6 and 8``, ``6 to 8``, ``6-8`` (split by spaCy)."""
    if i + 2 >= len(toks):
        return False
    if not (toks[i].like_num or _ordinal(toks[i])) or not (
        toks[i + 2].like_num or _ordinal(toks[i + 2])
    ):
        return False
    link = toks[i + 1].lower_
    between = any(x.lower_ == "between" for x in toks[max(0, i - 2) : i])
    both_ordinal = _ordinal(toks[i]) is not None and _ordinal(toks[i + 2]) is not None
    return link in ("to", "-", "–") or (link == "and" and (between or both_ordinal))


# lengths in metres; a storey counts as a distance only when the figure tells how far below or
# above (``eight stories below``), at about 3 m a storey
METRES = {
    "foot": 0.3048,
    "feet": 0.3048,
    "ft": 0.3048,
    "inch": 0.0254,
    "yard": 0.9144,
    "mile": 1609.344,
    "metre": 1.0,
    "meter": 1.0,
    "m": 1.0,
    "kilometre": 1000.0,
    "kilometer": 1000.0,
    "km": 1000.0,
    "centimetre": 0.01,
    "centimeter": 0.01,
    "cm": 0.01,
}
STOREY = 3.0
# the slack of a conversion: rounded figures in other units (5 km / 3 miles), a storey's height
SLACK = {"floor": 0.35}
DIRECTION = frozenset({"below", "above", "down", "up", "beneath", "under", "high", "deep", "tall"})


def _metres(noun: Token, unit: str) -> float:
    """Metres per unit of a counted noun that is a length (0.0 when it is not one)."""
    if unit == "floor":
        return STOREY if _direction(noun) else 0.0
    return METRES.get(unit) or METRES.get(noun.lower_, 0.0)


def _direction(noun: Token) -> str:
    """The word after a length that says which way it runs (``below``, ``high``; "" if none)."""
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return nxt.lower_ if nxt is not None and nxt.lower_ in DIRECTION else ""


def unit_of(noun: Token) -> str:
    """The counted noun's stem, with the synonyms news uses for one unit folded (blast /
    explosion, story / floor)."""
    lemma = noun.lemma_.lower()
    return UNIT_SYNONYMS.get(lemma) or UNIT_SYNONYMS.get(noun.lower_) or negation.stem(lemma)


def frame_noun(noun: Token, unit: str) -> str:
    """The frame a counted noun names itself (``FRAME_NOUNS``): ``deaths`` / ``fatalities`` ->
    killed, ``injuries`` -> wounded, ``arrests`` -> arrested, ``lives`` lost or claimed ->
    killed; "" otherwise."""
    if unit in FRAME_NOUNS:
        return FRAME_NOUNS[unit]
    if unit == "life" and noun.head is not noun and noun.head.lemma_.lower() in LIVES_VERBS:
        return "killed"
    return ""


def frame_of(noun: Token) -> str:
    """What happened to the counted: ``12 people were killed`` / ``killing 12 civilians`` ->
    killed, ``30 wounded soldiers`` -> wounded, ``five arrested`` -> arrested ("" if nothing)."""
    for c in noun.children:
        f = FRAMES.get(c.lemma_.lower()) or FRAMES.get(c.lower_)
        if f and c.dep_ in ("amod", "acl", "relcl", "advmod", "compound"):
            return f
        if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX"):
            f = FRAMES.get(c.lemma_.lower())
            if f:
                return f
    h = noun
    for _ in range(3):
        if h.head is h:
            break
        h = h.head
        if h.pos_ in ("VERB", "AUX", "ADJ"):
            return FRAMES.get(h.lemma_.lower()) or FRAMES.get(h.lower_) or ""
    return ""


def _pairs(
    toks: Sequence[Token], offs: Sequence[int], used: set[int], scope: str
) -> list[Quantity]:
    """``twin blasts`` / ``a double homicide``: a count of two of the noun."""
    out = []
    for i, t in enumerate(toks):
        if i in used or t.lower_ not in PAIR_WORDS or i + 1 >= len(toks):
            continue
        noun = toks[i + 1]
        if noun.pos_ != "NOUN":
            continue
        unit = unit_of(noun)
        out.append(
            Quantity(
                "count",
                unit,
                2.0,
                2.0,
                t.text,
                offs[i],
                offs[i] + len(t),
                scope=scope,
                frame=frame_of(noun),
            )
        )
    return out


def _ordinal_noun(toks: Sequence[Token], i: int) -> str:
    for x in toks[i + 1 : i + 4]:
        low = x.lower_.strip("-")
        if low in ("floor", "floors", "story", "storey"):
            return "floor"
        if x.pos_ == "NOUN":
            return x.lemma_.lower()
    if "-" in toks[i].text and toks[i].text.lower().endswith("floor"):
        return "floor"
    return ""


_N_YEAR_OLD = re.compile(r"^(\d{1,3})-year-olds?$")
_YEAR_OLD_AFTER = re.compile(r"^-?year-?olds?")
_ORDINAL_FIGURE = re.compile(r"^\d+(st|nd|rd|th)$")


def _age_token(toks: Sequence[Token], offs: Sequence[int], i: int) -> Quantity | None:
    """An age: ``N-year-old`` (with the people it describes) or an appositive ``Name, N,``."""
    t = toks[i]
    glued = _GLUED_AGE.match(t.text)
    if glued and i + 1 < len(toks) and toks[i + 1].text == ",":
        # "Quill,13," as scraped pages print it: one token for the name and the age
        years, at = float(glued.group(2)), offs[i] + glued.start(2)
        if 0 < years < 120:
            return Quantity(
                "age",
                "",
                years,
                years,
                glued.group(2),
                at,
                at + len(glued.group(2)),
                of=frozenset({glued.group(1).lower()}),
            )
    m = _N_YEAR_OLD.match(t.lower_)
    if not m and not t.like_num:  # neither form below (asked of every word of every claim)
        return None
    after = "".join(x.text for x in toks[i + 1 : i + 5]).lower()
    if m or (t.like_num and _YEAR_OLD_AFTER.match(after)):
        v = float(m.group(1)) if m else _value(t)
        if v is None:
            return None
        # the noun described: "13-year-old girls", "16-year-olds Tam Relly and ..."
        j = i + 1
        while j < len(toks) and (
            toks[j].lower_ in ("-", "year", "old", "olds") or toks[j].is_punct
        ):
            j += 1
        k = j
        while k < len(toks) and toks[k].pos_ not in ("VERB", "AUX", "ADP") and toks[k].text != ",":
            k += 1
        people = _names(toks[j:k])
        group = 0
        if not people and j < len(toks) and toks[j].pos_ == "NOUN":
            people = frozenset({"/" + negation.stem(toks[j].lemma_)}) | _role(toks[j])
            group = _group_size(toks, i) if toks[j].tag_ == "NNS" else 0
        if not people:
            return None
        return Quantity("age", "", v, v, t.text, offs[i], offs[i] + len(t), of=people, group=group)
    if not t.like_num or t.ent_type_ in ("MONEY", "PERCENT", "TIME"):
        return None
    v = _value(t)
    if v is None or not 0 < v < 120 or v != int(v):
        return None
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    told = _age_told(toks, i)
    if told:
        return Quantity("age", "", v, v, t.text, offs[i], offs[i] + len(t), of=told)
    if prev is None or (prev.text != "," and prev.lower_ != "both"):
        return None
    if t.text.startswith(","):
        return None
    if nxt is not None and not nxt.is_punct and nxt.lower_ != "and":
        return None
    people = _person_before(toks, i) or (_role(t.head) if t.dep_ == "appos" else frozenset())
    if not people:
        return None
    return Quantity("age", "", v, v, t.text, offs[i], offs[i] + len(t), of=people)


def _age_told(toks: Sequence[Token], i: int) -> frozenset[str]:
    """The people the number at ``i`` is the age of, in the forms besides ``Name, N,``:
    ``Name, aged N,`` / ``the driver, aged N,``, ``Name (N)``, and ``Name was N years old``
    (the subject of *be*); empty otherwise."""
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev is None or nxt is None:
        return frozenset()
    if prev.lower_ in ("aged", "age") and i >= 2 and toks[i - 2].text == ",":
        if not (nxt.is_punct or nxt.lower_ == "and"):
            return frozenset()
        before = toks[i - 3] if i >= 3 else None
        named = _person_before(toks, i - 1)
        if named:
            return named
        return _role(before) if before is not None and before.pos_ == "NOUN" else frozenset()
    if prev.text == "(" and nxt.text == ")" and i >= 2 and toks[i - 2].pos_ == "PROPN":
        k = i - 2
        while k > 0 and toks[k - 1].pos_ == "PROPN":
            k -= 1
        return _names(toks[k : i - 1])
    after = [x.lower_ for x in toks[i + 1 : i + 3]]
    verb = _be_of_years_old(toks[i]) if after == ["years", "old"] else None
    if verb is not None:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return frozenset()
        if subj.pos_ == "PROPN":  # the name runs on over words the parser mistags
            last = subj
            while last.i + 1 < len(last.doc) and last.doc[last.i + 1].text.istitle():
                if last.doc[last.i + 1].pos_ in ("AUX", "VERB"):
                    break
                last = last.doc[last.i + 1]
            return frozenset({last.lower_.strip("’'")})
        return _role(subj) if subj.pos_ == "NOUN" else frozenset()
    return frozenset()


def _be_of_years_old(t: Token) -> Token | None:
    """*be* in ``was 16 years old`` (``t`` the number), else None."""
    years = t.head
    if years.lower_ not in ("years", "year") or years.head.lower_ != "old":
        return None
    verb = years.head.head
    if verb.lemma_ != "be" or verb.dep_ == "advcl" or any(c.dep_ == "mark" for c in verb.children):
        return None  # "when he was four years old": an age he had then
    return verb


def _role(n: Token) -> frozenset[str]:
    """The one person a definite singular noun names in its story (``@driver``): ``the
    34-year-old driver``, ``the driver, a 34-year-old man``, ``the driver, 34,``.  ``a
    34-year-old man`` names nobody (one of possibly several)."""
    if n.dep_ == "appos" and n.head.tag_ == "NN":
        n = n.head  # the driver, a 34-year-old man
    if n.tag_ != "NN" or n.pos_ != "NOUN":
        return frozenset()
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in n.children):
        return frozenset()
    return frozenset({"@" + negation.stem(n.lemma_)})


# figures of these kinds are one thing only when the claims tell one happening: a shared content
# predicate (``the blast happened at 11:45 a.m.`` / ``it happened around 10:30 a.m.``); a
# reporting verb (``said``, ``posted``) shares nothing
NEEDS_PREDICATE = frozenset({"time", "money", "percent", "floor", "duration", "weight"})
REPORTING = frozenset(
    {
        "say",
        "tell",
        "add",
        "report",
        "state",
        "announce",
        "claim",
        "post",
        "publish",
        "write",
        "note",
        "confirm",
        "estimate",
        "show",
        "accord",
    }
)


def clashing_figures(
    qa: Sequence[Quantity],
    pa: frozenset[str] | set[str],
    qb: Sequence[Quantity],
    pb: frozenset[str] | set[str],
) -> tuple[Quantity, Quantity] | None:
    """The first two figures, one from each claim, that measure one thing and cannot both be
    right.  ``pa``/``pb``: the claims' content predicates; a time, an amount of money or a
    percentage is compared only between claims sharing one that is not a verb of reporting, and
    an amount or a percentage only when it hangs from the same verb.  Instead of a shared
    predicate, a time or a floor may be anchored by another figure both claims agree on (``at
    11:45 on the 23rd floor`` / ``around 10:30 on the 23rd floor``: one happening, two times)."""
    shared = (set(pa) & set(pb)) - REPORTING
    for x in qa:
        for y in qb:
            if exceeds_whole(x, y):
                return x, y
            if not same_thing(x, y) or not x.clashes(y):
                continue
            # "$1m bail" / "bail of $2m": one amount, unless one tells a change (reduced to)
            priced = (
                x.kind == "money"
                and bool(x.of & y.of)
                and not {x.verb, y.verb} & (CHANGE_VERBS | ADJUSTING)
            )
            if x.kind in NEEDS_PREDICATE and not shared and not priced and not _anchored(x, qa, qb):
                continue
            if x.kind == "distance" and not shared and not (x.frame and x.frame == y.frame):
                continue  # two lengths: of one happening, or both told as how far below/above
            if x.kind in ("money", "percent", "duration") and x.verb != y.verb and not priced:
                continue  # "rose 30%" and "would have gone down 50%" are two figures
            if x.part != y.part and not (x.frame or (x.verb and x.verb == y.verb) or shared):
                continue  # "5,000 people" / "12,000 protesters": one crowd in one happening
            return x, y
    return None


def exceeds_whole(a: Quantity, b: Quantity) -> bool:
    """One count is of some of the people in a frame (``23 miners were killed``), the other a
    plain count of all the people in that frame (``12 people died``), and the part is more than
    the whole: they cannot both be right.  A part that is less (``three children`` of ``12
    people``) or two parts (``14 soldiers`` / ``9 civilians``) do not clash."""
    for whole, part in ((a, b), (b, a)):
        if whole.kind != "count" or part.kind != "count" or whole.part != "people":
            continue
        if part.unit == "people" or part.frame != whole.frame or part.frame not in PERSON_FRAMES:
            continue
        if part.unit in ANIMALS:
            continue  # 300 sheep are no part of the 4 people killed
        if whole.partitive or part.partitive or whole.vague or part.vague:
            continue
        if whole.peak != part.peak or (whole.scope and part.scope and whole.scope != part.scope):
            continue
        if not one_place_and_period(whole, part):
            continue
        if part.low > whole.high:
            return True
    return False


ANCHORED = frozenset({"time", "floor"})  # the kinds another agreed figure may pin to one happening


def _anchored(x: Quantity, qa: Sequence[Quantity], qb: Sequence[Quantity]) -> bool:
    """Another figure of another kind that both claims give alike (the same floor for two
    times, the same time for two floors)."""
    if x.kind not in ANCHORED:
        return False
    return any(
        a.kind != x.kind and a.kind in ANCHORED and same_thing(a, b) and not a.clashes(b)
        for a in qa
        for b in qb
    )


def same_thing(a: Quantity, b: Quantity) -> bool:
    """Two figures that measure one thing: the same kind and unit, the same people for an
    age, compatible modifiers of the counted noun, no partitive, the same time scope."""
    if a.kind != b.kind or a.unit != b.unit or a.peak != b.peak:
        return False  # a passing extreme and where things ended are two figures
    if a.kind == "age":  # one person's age: named people, or the one person a definite role
        # names (``@driver``), in common; a noun alone names nobody
        return bool({p for p in a.of & b.of if not p.startswith("/")})
    if a.kind == "count":
        if a.partitive or b.partitive:
            return False
        if (
            a.modifiers
            and b.modifiers
            and not (a.modifiers <= b.modifiers or b.modifiers <= a.modifiers)
        ):
            return False
        if a.scope and b.scope and a.scope != b.scope:
            return False
        if a.frame != b.frame or not one_place_and_period(a, b):
            return False
        if a.part != b.part and "people" not in (a.part, b.part):
            return False  # protesters and residents: two groups
    return True
