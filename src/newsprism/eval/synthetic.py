"""Generated fictional articles for scaling tests and benchmarks.

Stories are made from templates with invented towns, people and outlets; a fixed seed gives the
same corpus every time.  Each story picks its own wording for every paragraph (several phrasings
per slot) and its own facts; each outlet's report of a story shares those facts and its quotes
but not all of its sentences.  A briefing of the corpus therefore has several stories, events,
shared quotes and independent sources to find, at any size.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TOWNS = [
    "Port Alder",
    "Brackwater",
    "Lindenfold",
    "Cresthaven",
    "Oakmere",
    "Saltcombe",
    "Wrenby",
    "Fallowmead",
    "Harrowgate Cross",
    "Kestrel Bay",
    "Dunmarsh",
    "Elderwick",
]
FIRST = [
    "Ana",
    "Tomas",
    "Mira",
    "Owen",
    "Leila",
    "Pavel",
    "Ruth",
    "Idris",
    "Nadia",
    "Colm",
    "Greta",
    "Jonah",
    "Priya",
    "Soren",
    "Elif",
    "Bram",
]
LAST = [
    "Brill",
    "Okafor",
    "Lindqvist",
    "Marsh",
    "Tully",
    "Varga",
    "Quayle",
    "Dunmore",
    "Pennick",
    "Halloran",
    "Ferro",
    "Castell",
    "Whitlow",
    "Abara",
]
OUTLETS = [
    "Harbour Herald",
    "Valley Post",
    "Morning Ledger",
    "Coastline News",
    "Evening Lamp",
    "County Courier",
]

# (subject noun, what the decision does, who protests, what they want)
TOPICS = [
    ("ferry route", "closing the night ferry", "island residents", "a winter timetable"),
    ("library", "shutting the central library", "parents and pupils", "longer opening hours"),
    ("bus depot", "moving the bus depot out of town", "drivers", "a new site in the centre"),
    ("primary schools", "merging two primary schools", "teachers", "a consultation"),
    ("maternity wing", "closing the maternity wing", "midwives", "an independent review"),
    ("swimming pool", "selling the old swimming pool", "swimming clubs", "a community buy-out"),
    ("market hall", "demolishing the market hall", "stallholders", "a listed-building survey"),
    ("fire station", "merging the fire station with Wrenby's", "firefighters", "a risk study"),
]

LEADS = [
    "{town} council voted {yes} to {no} on {day} in favour of {action}, after a debate that "
    "lasted {hours} hours.",
    "Councillors in {town} approved {action} on {day} by {yes} votes to {no}, despite "
    "protests outside the town hall.",
    "A plan for {action} was backed by {town} council on {day}, with {yes} members for and "
    "{no} against.",
    "{town} will press ahead with {action} after its council backed the plan {yes}-{no} on {day}.",
]
OFFICIALS = [
    "{Role} {leader} said the decision was \u201c{phrase}\u201d and promised a review.",
    "Defending the vote, {role} {leader} told the chamber it was \u201c{phrase}\u201d.",
    "{leader}, the {role}, called the outcome \u201c{phrase}\u201d.",
]
PHRASES = [
    "painful but necessary",
    "the only responsible choice",
    "a hard day for everyone",
    "long overdue",
    "the least bad option",
]
STATEMENTS = [
    "{critic} and {group} said in a joint statement: \u201cWe will not accept {action} "
    "without {demand}, and we expect the council to publish its figures by {weekday}.\u201d",
    "In a statement, {group} led by {critic} said: \u201cThe {topic} belongs to {town}. We "
    "will keep campaigning until we get {demand}.\u201d",
    "\u201cNobody asked us,\u201d {critic} said on behalf of {group}. \u201cWe want {demand} "
    "before anything is signed.\u201d",
]
BACKGROUND = [
    "The {topic} has served {town} for {years} years, and {signatures} people signed a "
    "petition against the plan.",
    "More than {signatures} residents signed a petition, pointing out that the {topic} "
    "opened {years} years ago.",
    "Opened {years} years ago, the {topic} drew a petition of {signatures} signatures this spring.",
]
CLOSERS = [
    "{critic} told {outlet} the vote was \u201ca betrayal of {town}\u201d.",
    "Speaking to {outlet}, {critic} described the decision as \u201ca betrayal of {town}\u201d.",
    "The council will publish its full figures on {weekday}, a spokesperson told {outlet}.",
]
ROLES = ["council leader", "mayor", "finance chair", "deputy leader", "cabinet member"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]
WEEKDAYS = ["Friday", "next Monday", "the end of the month"]


@dataclass(frozen=True)
class GeneratedArticle:
    name: str
    outlet: str
    text: str


# Syllables of invented town and family names for ``generate(..., distinct=True)``.
_HEADS = [
    "Ash",
    "Brin",
    "Cal",
    "Dor",
    "Eld",
    "Fen",
    "Gar",
    "Hol",
    "Ivy",
    "Kel",
    "Lorn",
    "Mar",
    "Nor",
    "Orm",
    "Pell",
    "Quin",
    "Ros",
    "Stan",
    "Tarn",
    "Ulver",
    "Vell",
    "Wick",
    "Yar",
    "Zell",
    "Bram",
    "Cor",
    "Dun",
    "Fal",
    "Gil",
    "Har",
]
_TAILS = [
    "ford",
    "mere",
    "by",
    "wick",
    "ton",
    "stead",
    "holm",
    "combe",
    "field",
    "bridge",
    "haven",
    "ley",
    "worth",
    "gate",
    "moor",
    "dale",
    "port",
    "brook",
    "cliff",
    "marsh",
]


_SYLLABLES = [
    "ba",
    "cor",
    "del",
    "fi",
    "gan",
    "hu",
    "jas",
    "ko",
    "lim",
    "mu",
    "nev",
    "or",
    "pra",
    "qui",
    "ret",
    "sal",
    "tor",
    "ul",
    "vin",
    "wes",
    "xa",
    "yel",
    "zor",
    "bri",
    "cla",
    "dra",
    "fen",
    "gro",
    "ish",
    "ke",
]
VERBS = ["closing", "selling", "moving", "rebuilding", "privatising", "cutting back", "renaming"]
DETAILS = [
    "Residents said the {d0} {d1} and the {d2} would be hit hardest, and asked about the {d3}.",
    "The plan also covers the {d4} {d5}, the {d6} and a {d7} {d8}, papers show.",
    "Campaigners pointed to the {d9} and the {d10} {d11} as proof of what would be lost.",
    "A {d12} survey found the {d13} {d14} in poor repair, while the {d15} was sound.",
    "Engineers costed the {d16} works at less than the {d17} {d18} and the {d19} together.",
    "Families near the {d20} {d21} fear the {d22} will go next, and the {d23} after it.",
]


def _invented(rng: random.Random) -> str:
    return rng.choice(_HEADS) + rng.choice(_TAILS)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3))


def generate(
    n_articles: int, seed: int = 7, per_story: int = 5, distinct: bool = False
) -> list[GeneratedArticle]:
    """``n_articles`` short fictional articles, ``per_story`` outlets' reports per story.

    By default the stories cycle through 12 towns and 8 topics, so at scale many stories share
    their town, topic and template wording (the same council decision reported again and
    again: a few giant stories for any grouping).  ``distinct=True`` gives each story an
    invented town, invented people (600 towns, 600 family names) and a paragraph of its own
    details in invented words, as a day of real news has distinct stories that share their
    function words but few of their content words: what a grouping benchmark at scale needs."""
    rng = random.Random(seed)
    out: list[GeneratedArticle] = []
    story = 0
    while len(out) < n_articles:
        topic, action, group, demand = TOPICS[story % len(TOPICS)]
        role = rng.choice(ROLES)
        yes = rng.randint(9, 30)
        if distinct:
            town = _invented(rng)
            leader = f"{rng.choice(FIRST)} {_invented(rng)}"
            critic = f"{rng.choice(FIRST)} {_invented(rng)}"
            details = {f"d{i}": _word(rng) for i in range(24)}
            topic = f"{_word(rng).capitalize()} {topic}"  # each story its own facility
            action = f"{rng.choice(VERBS)} the {topic}"
        else:
            town = TOWNS[(story // len(TOPICS) + story) % len(TOWNS)]
            leader = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            critic = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            details = {}
        facts: dict[str, object] = {
            "town": town,
            "topic": topic,
            "action": action,
            "group": group,
            "demand": demand,
            "leader": leader,
            "critic": critic,
            "role": role,
            "Role": role.capitalize(),
            "yes": yes,
            "hours": rng.randint(2, 6),
            "years": rng.randint(20, 120),
            "signatures": rng.randint(300, 9000),
            "day": rng.choice(DAYS),
            "weekday": rng.choice(WEEKDAYS),
            "phrase": rng.choice(PHRASES),
        }
        facts["no"] = yes - rng.randint(1, 6)
        facts.update(details)
        statement = rng.choice(STATEMENTS)
        for k in range(per_story):
            if len(out) >= n_articles:
                break
            outlet = OUTLETS[(story + k) % len(OUTLETS)]
            paras = [
                rng.choice(LEADS),
                rng.choice(OFFICIALS),
                statement,
                rng.choice(BACKGROUND),
                rng.choice(CLOSERS),
            ]
            if details:
                paras[4:4] = [" ".join(rng.sample(DETAILS, 2)), " ".join(rng.sample(DETAILS, 2))]
            body = "\n".join(p.format(outlet=outlet, **facts) for p in paras)
            out.append(GeneratedArticle(f"story{story:03d}_{k}", outlet, body + "\n"))
        story += 1
    return out
