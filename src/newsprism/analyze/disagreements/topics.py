"""Readable disagreement topics, from the sides' claims, one template per kind.

* ``polarity`` — ``Whether <subject> <predicate> <object>``: the affirming side's phrase of the
  predicate one side affirms and the other negates;
* ``account`` — ``Whether <disputed claim>``: the clause a denial disputes, else the main
  assertion of a side that does not dispute;
* ``evaluation`` — ``How <target> went`` (a happening: ``after the meeting``) or ``How <target>
  was judged``: the thing most sides judge;
* ``number`` — ``How many <unit> <subject> <verb>``: what the figures count;
* ``date`` — ``When <happening>``; ``role`` — ``<person>'s role``; ``attribution`` — ``Who said
  "<words>"``.

The phrases are cut from the parse at claim time (``phrasing``) and read as a heading reads them
(``ClaimInfo.readable``: a phrase that ends on a verb whose reported clause was cut is not used;
contractions written out, a headline's capitals dropped, ``did not use`` -> ``used``); when no
template applies the topic is a question of its kind (``FALLBACK``: ``How it was judged``), never
the sides' keywords.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from newsprism.analyze.disagreements import negation
from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.phrasing import PRONOUNS
from newsprism.analyze.disagreements.quantities import FRAME_NOUNS

_LOWER_FIRST = PRONOUNS | {"the", "a", "an", "our", "their", "its", "his", "her", "my", "your"}
MAX_QUOTE = 60


def _clause(phrase: str) -> str:
    """A phrase to follow ``Whether``/``When``: a leading function word in lower case."""
    words = phrase.split(" ", 1)
    if words and words[0].lower() in _LOWER_FIRST and words[0] != "I":
        words[0] = words[0].lower()
    return " ".join(words).rstrip(" .,;:")


def _pronoun_led(phrase: str) -> bool:
    first = phrase.split(" ", 1)[0].lower() if phrase else ""
    return first in PRONOUNS


MIN_WORDS = 3


def _best(phrases: Sequence[str]) -> str:
    """The first phrase that does not start with a pronoun, else the first (too short: none)."""
    phrases = [p for p in phrases if len(p.split()) >= MIN_WORDS]
    return next((p for p in phrases if not _pronoun_led(p)), phrases[0] if phrases else "")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# a speaker denying a label of themselves: "I'm not reckless", "we are not a cartel"
_SELF_DENIAL = re.compile(
    r"\b(?P<who>I|we)\s*(?:’m|'m|’re|'re| am| are| was| were)\s+(?:not|never)\s+"
    r"(?P<art>an? )?(?P<word>[\w-]+)",
    re.I,
)


def label_topic(sides: Sequence[ClaimInfo], clash: str) -> str:
    """``Whether Hal Dunmore is reckless``: the label in dispute asked of the named speaker who
    denies it of themselves ("" when no side does)."""
    for c in sides:
        if clash not in c.negated or clash not in c.labels or not c.speaker_name:
            continue
        for m in _SELF_DENIAL.finditer(c.text):
            word = m.group("word")
            if negation.stem(word.lower()) == clash:
                verb = "are" if m.group("who").lower() == "we" else "is"
                return f"Whether {c.speaker_name} {verb} {(m.group('art') or '').lower()}{word}"
    return ""


def class_topic(sides: Sequence[ClaimInfo], clash: str) -> str:
    """``Whether the captain's death was a homicide``: the thing and the class in dispute as a
    side writes them, the class with its article and the words between (``a double homicide``);
    ``it`` when no side names the thing; "" when no side puts a thing in that class."""
    for c in sides:
        given = [x for x in c.classified if x.cls == clash]
        if not given:
            continue
        thing = next(
            (x.text for c2 in sides for x in c2.classified if x.cls == clash and x.text), ""
        )
        words = re.findall(r"[\w'’-]+", c.text)
        for k, w in enumerate(words):
            if negation.stem(w.lower()) != clash:
                continue
            start = next(
                (i for i in range(k - 1, max(-1, k - 4), -1) if words[i].lower() in ("a", "an")), k
            )
            what = " ".join(words[start : k + 1]).lower()
            return f"Whether {_lead(thing) if thing else 'it'} was {what}"
    return ""


def _read(c: ClaimInfo, phrase: str) -> str:
    """A phrase of ``c`` as a heading reads it (``ClaimInfo.readable``): "" when it cannot head
    a question (a verb that lost the clause it reports), a contraction written out, a headline's
    capitals dropped, ``did not use`` -> ``used``."""
    return dict(c.readable).get(phrase, phrase)


def _lead(phrase: str) -> str:
    """A phrase to go after ``Whether``: ``The death`` -> ``the death``; names keep their case."""
    first, _, rest = phrase.partition(" ")
    if first in ("The", "A", "An", "This", "That", "His", "Her", "Its", "Their"):
        first = first.lower()
    return f"{first} {rest}".strip()


def polarity_topic(sides: Sequence[ClaimInfo], clash: str | None) -> str:
    if clash and (topic := label_topic(sides, clash) or class_topic(sides, clash)):
        return topic
    if clash:
        affirm = [_read(c, dict(c.phrases).get(clash, "")) for c in sides if clash not in c.negated]
        deny = [_read(c, dict(c.phrases).get(clash, "")) for c in sides if clash in c.negated]
        phrase = _best(affirm) or _best(deny)
        if phrase:
            return f"Whether {_clause(phrase)}"
    cores = [_read(c, c.core) for c in sides if c.polarity > 0] + [_read(c, c.core) for c in sides]
    phrase = _best(cores)
    return f"Whether {_clause(phrase)}" if phrase else ""


def account_topic(sides: Sequence[ClaimInfo]) -> str:
    denied = [_read(c, c.disputed) for c in sides if c.account and not _pronoun_led(c.disputed)]
    disputed = [_read(c, c.core) for c in sides if not c.account]
    phrase = _best(denied) or _best(disputed) or _best([_read(c, c.core) for c in sides])
    return f"Whether {_clause(phrase)}" if phrase else ""


def evaluation_topic(sides: Sequence[ClaimInfo], eventive: frozenset[str]) -> str:
    counts: Counter[str] = Counter()
    phrase_of: dict[str, str] = {}
    for c in sides:
        for lemma, phrase in dict(c.targets).items():
            counts[lemma] += 1
            phrase_of.setdefault(lemma, phrase)
    if counts:
        lemma = max(counts, key=lambda w: (counts[w], w in eventive))
        verb = "went" if lemma in eventive else "was judged"
        return f"How {_clause(phrase_of[lemma])} {verb}"
    # no judged thing found: the happening the sides talk about, if any
    stems = Counter(w for c in sides for w in set(c.stems) if w in eventive)
    if stems:  # the most common; on a tie the first in alphabetical order (never set order)
        return f"How the {min(stems, key=lambda w: (-stems[w], w))} went"
    # nothing judged by name: whether the judgement holds, from the praising side's assertion
    cores = [_read(c, c.core) for c in sides if c.evaluation > 0] + [
        _read(c, c.core) for c in sides
    ]
    phrase = _best(cores)
    return f"Whether {_clause(phrase)}" if phrase else ""


def age_topic(sides: Sequence[ClaimInfo], who: str) -> str:
    """``How old Tobias Wren is``: the person's name as the sides write it (``who`` is the last
    name in lower case)."""
    for c in sides:
        m = re.search(rf"((?:[A-Z][\w’'.-]*\s+){{0,2}}){re.escape(who)}\b", c.text, re.I)
        if m and m.group(0)[:1].isupper():
            return f"How old {m.group(0).strip()} is"
    return ""


def _how_many(sides: Sequence[ClaimInfo], unit: str) -> str:
    """``How many <unit in the plural>``, the plural as a side's text writes it (``families``,
    ``children``); ``How many there were`` when no side writes it in the plural (never a plural
    built from the stem)."""
    *multiplier, noun = unit.split() or [""]
    if noun == "people":
        return "How many people"
    plural = next((p for c in sides for u, p in c.plurals if u == noun), "")
    return f"How many {' '.join([*multiplier, plural])}" if plural else "How many there were"


def number_topic(sides: Sequence[ClaimInfo], unit: str = "", frame: str = "") -> str:
    """``How many <unit> ...``: of ``unit`` (what the clashing figures count) when given, else of
    a unit every side's numbers share; people counted in a ``frame`` may be asked of the noun
    naming it (``How many deaths``)."""
    if unit and "|" not in unit:
        # people counted by what happened to them ask of that (``How many deaths the mudslide
        # caused``, told as ``14 deaths`` against ``9 people were killed``)
        asks = [
            q
            for c in sides
            for u, q in c.counted
            if u == unit or (unit == "people" and frame and FRAME_NOUNS.get(u) == frame)
        ]
        if asks:
            return max(asks, key=lambda q: len(q.split()))
        if unit != "people" and unit.isalpha():
            return _how_many(sides, unit)
    units = [{u for _, u in c.numbers if u} for c in sides]
    if not units:
        return ""
    candidates = sorted(set.intersection(*units)) or sorted(set().union(*units))
    for unit in candidates:
        # a unit written with its multiplier (million pound) matches its noun (pound)
        asks = [q for c in sides for u, q in c.counted if unit.split()[-1:] == [u]]
        if asks:
            return max(asks, key=lambda q: len(q.split()))
    if not candidates:
        return ""
    return "What percentage" if candidates[0] == "per cent" else _how_many(sides, candidates[0])


def when_topic(claim: ClaimInfo | None) -> str:
    core = _read(claim, claim.core) if claim is not None else ""
    return f"When {_clause(core)}" if core else ""


def _time_topic(sides: Sequence[ClaimInfo]) -> str:
    """``At what time the mother was waiting …``: two clock times of one happening."""
    cores = [_read(c, c.core) for c in sides]
    core = next((x for x in cores if x and not _pronoun_led(x)), "")
    return f"At what time {_clause(core)}" if core else "At what time it happened"


def attribution_topic(words: str) -> str:
    if len(words) > MAX_QUOTE:
        cut = words[:MAX_QUOTE].rsplit(" ", 1)[0]
        words = cut.rstrip(" ,;:") + "…"
    return f"Who said “{words.strip()}”"


def role_topic(name: str) -> str:
    return f"{name}’s role"


def readable_topic(
    kind: str,
    sides: Sequence[ClaimInfo],
    *,
    clash: str | None = None,
    eventive: frozenset[str] = frozenset(),
    measured: str = "",
) -> str:
    """A short phrase naming what the sides disagree about ("" when no template applies)."""
    if kind == "polarity":
        topic = polarity_topic(sides, clash)
    elif kind == "account":
        topic = account_topic(sides)
    elif kind == "evaluation":
        topic = evaluation_topic(sides, eventive)
    elif kind == "number":
        kind_of, _, rest = measured.partition(":")
        held = rest.rsplit(":", 1)[-1].split(",") if kind_of == "age" else []
        who = next((p for p in held if p[:1] not in ("/", "@", "")), "")
        role = next((p[1:] for p in held if p.startswith("@")), "")
        topic = (age_topic(sides, who) if who else f"How old the {role} is" if role else "") or (
            _time_topic(sides) if kind_of == "time" else ""
        )
        if kind_of == "weight":
            topic = "How much it weighed"
        if kind_of == "magnitude":
            topic = "How strong the earthquake was"
        if kind_of == "floor":
            topic = "On which floor it happened"
        if kind_of == "distance":
            way = rest.split(":")[1] if rest.count(":") >= 1 else ""
            topic = f"How far {way} it was" if way else "How far it was"
        counted, frame = (rest.split(":") + [""])[:2] if kind_of == "count" else ("", "")
        topic = topic or number_topic(sides, counted, frame)
        if kind_of == "duration":
            sentenced = any(negation.stem("sentence") in c.predicates for c in sides)
            topic = "How long the sentence is" if sentenced else "How long it took or lasted"
        if kind_of == "money" and not topic.startswith("How much"):
            topic = "How much it was"  # not ``How many billions``: an amount is not counted
    else:
        topic = ""
    return cap(topic or FALLBACK.get(kind, ""))


# a question for a kind when no template reads the sides: never a list of their keywords
FALLBACK = {
    "polarity": "Whether it happened",
    "account": "Whose account is right",
    "evaluation": "How it was judged",
    "number": "Which figure is right",
}
