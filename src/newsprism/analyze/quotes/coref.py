"""Pronouns to speakers: salience with gender, number and person/organisation agreement.

No coreference model runs offline here (the usual libraries download their weights), so
pronouns are resolved the classic way (Lappin and Leass 1994, simplified): every earlier mention
of an entity in the article adds to its *salience*, weighted by its grammatical role (the
subject of a main clause or of a speech verb most, an embedded subject less, a possessive or an
object least) and halved for every sentence since; a pronoun goes to the most salient entity it
*agrees* with:

* ``he``/``she`` need a person (or an unnamed person: ``a senior aide``) whose gender is not the
  other one;
* ``they`` a plural, an organisation, a group or an unnamed source;
* ``it`` an organisation, a group noun (``the company``) or a document (``the report``).

Gender is read from the briefing itself, and from the given name:

* titles and honorifics in front of a name (``Mr.``, ``Mrs.``, ``Ms.``, ``Sir``, ``Dame``) and
  gendered nouns next to it (``spokeswoman``, ``actress``, ``his wife``, ``the mother of``),
  also a gendered noun right before a comma and the name when the parser missed the apposition
  (``with his fiancee, X, he said`` parsed with X as a subject);
* pronouns that can only mean that person: a ``he``/``his`` or ``she``/``her`` outside quote
  marks in a sentence where that person is the only one named since the previous sentence began.

* the given name, when the census lists give it mostly to one sex (``given_names``: ``Ada``,
  ``Tomas``), counted as ``NAME_VOTES`` pronoun votes: on PolNeAR dev, of the 109 people
  whose gender a title or gendered noun states, pronoun votes alone get 39 right and 2 wrong,
  votes and given names 86 right and none wrong (``benchmarks/gender_names.py``).

Votes are summed over all articles of the briefing (one person, one gender); a gender is kept
when one side has at least two thirds of the votes.  Titles and gendered nouns are read first:
when they name a gender, pronoun votes do not overturn it (``with his fiancee, X, he said``
counts a ``he`` for X, since she is the only person named in the sentence).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsprism.analyze.quotes.given_names import name_gender
from newsprism.analyze.quotes.mentions import words

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

Token = Any  # a spaCy token

MASCULINE_PRONOUNS = words("he him his himself")
FEMININE_PRONOUNS = words("she her hers herself")
MASCULINE_WORDS = words(
    "mr mr. sir lord king prince duke baron man men boy father dad son brother husband uncle"
    " nephew grandfather grandson spokesman chairman congressman councilman businessman"
    " sportsman fisherman policeman fireman actor waiter steward monk priest male gentleman"
    " boyfriend widower groom fiance"
)
FEMININE_WORDS = words(
    "mrs mrs. ms ms. miss dame lady queen princess duchess baroness woman women girl mother mom"
    " mum daughter sister wife aunt niece grandmother granddaughter spokeswoman chairwoman"
    " congresswoman councilwoman businesswoman sportswoman policewoman actress waitress"
    " stewardess nun female girlfriend widow bride matron fiancee fiancée"
)
SUBJECT_WEIGHT = 1.0  # the subject of a main clause, or of a speech verb
EMBEDDED_WEIGHT = 0.5  # the subject of an embedded clause
OTHER_WEIGHT = 0.35  # a named person as a possessive or an object
DECAY = 0.5  # per sentence
MAX_SENTENCES = 8
NAME_VOTES = 2  # a given name mostly given to one sex outweighs one stray pronoun


def word_gender(word: str) -> str | None:
    """``m``/``f`` for a gendered word (title, relative, role), else None."""
    w = word.lower()
    if w in MASCULINE_WORDS:
        return "m"
    if w in FEMININE_WORDS:
        return "f"
    return None


def pronoun_gender(word: str) -> str | None:
    w = word.lower()
    if w in MASCULINE_PRONOUNS:
        return "m"
    if w in FEMININE_PRONOUNS:
        return "f"
    return None


def phrase_gender(tokens: Sequence[Token]) -> str | None:
    """Gender a noun phrase states: ``a male colleague``, ``the baby's mother``,
    ``Ms. Ortiz``; None when it states none or both."""
    found = {g for t in tokens if (g := word_gender(t.text.rstrip("."))) is not None}
    if len(found) != 1:
        return None
    # "the mother's lawyer": only the head or its modifiers count, not another possessor's noun
    head = tokens[-1] if tokens else None
    for t in tokens:
        possessor = t.dep_ == "poss" or (t.head is not head and t.head.dep_ == "poss")
        if possessor and word_gender(t.text) is not None and t is not head:
            return None
    return next(iter(found))


@dataclass
class GenderVotes:
    """Votes for each person key, summed over every article of a briefing."""

    votes: dict[str, Counter[str]]  # pronouns that can mean only this person
    marks: dict[str, Counter[str]] = field(default_factory=dict)  # titles, gendered nouns

    def gender(self, key: str) -> str | None:
        marked = decide(self.marks.get(key))
        if marked is not None:
            return marked
        votes = Counter(self.votes.get(key) or {})
        words = key.split()
        given = name_gender(words[0]) if len(words) >= 2 else None
        if given is not None:  # "Ada Penrose": the given name counts as NAME_VOTES pronouns
            votes[given] += NAME_VOTES
        return decide(votes)


def decide(c: Counter[str] | None) -> str | None:
    """``m`` or ``f`` when one has at least two thirds of the votes ``c``, else None."""
    if not c:
        return None
    m, f = c["m"], c["f"]
    if m >= 2 * f and m > 0:
        return "m"
    if f >= 2 * m and f > 0:
        return "f"
    return None


def gender_votes(
    docs: Sequence[AnnotatedArticle],
    person_key: Callable[[int, Any], str | None],
    inside_quote: Callable[[int, int], bool],
) -> GenderVotes:
    """Gender evidence for the people named in ``docs``.

    ``person_key(doc, token)`` gives the person key of a name's head token (None when the token
    heads no person's name); ``inside_quote(doc, offset)`` tells text between quote marks
    (pronouns there are the speaker's, not the writer's)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    marked: dict[str, Counter[str]] = defaultdict(Counter)
    for i, d in enumerate(docs):
        for p in d.segments:
            doc = p.doc
            previous: list[tuple[int, str]] = []
            for sent in doc.sents:
                named: list[tuple[int, str]] = list(previous)  # people since the last sentence
                for tok in sent:
                    g = pronoun_gender(tok.text)
                    if g is not None:
                        if not inside_quote(i, p.offset + tok.idx):
                            before = {k for s, k in named if s < tok.i}
                            if len(before) == 1:  # only one person it can mean
                                votes[next(iter(before))][g] += 1
                        continue
                    if tok.pos_ != "PROPN" or tok.dep_ == "compound":
                        continue
                    key = person_key(i, tok)
                    if key is None:
                        continue
                    named.append((tok.i, key))
                    # "Mr. Ortiz", "spokeswoman Ana Brill", "his fiancee, Ana Brill"
                    left = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod")]
                    marks = [*left, *(c for c in tok.children if c.dep_ == "appos")]
                    if tok.dep_ == "appos":
                        marks.append(tok.head)
                    else:  # "with his fiancee, Ana Brill, he said" parsed as a second subject
                        marks.extend(_noun_before_comma(tok))
                    for t in marks:
                        g = word_gender(t.text.rstrip("."))
                        if g is not None:
                            marked[key][g] += 1
                previous = [n for n in named if n[0] >= sent.start]
    return GenderVotes(dict(votes), dict(marked))


def _noun_before_comma(name: Token) -> list[Token]:
    """The noun a name follows after a comma (``his fiancee, Ana Brill``) when the parser did
    not make the name its apposition: the word before the comma, when it is a common noun."""
    start = name.i
    doc = name.doc
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
        start -= 1
    if start < 2 or doc[start - 1].text != "," or doc[start - 2].pos_ != "NOUN":
        return []
    return [doc[start - 2]]


@dataclass(frozen=True)
class Mention:
    """A mention of an entity: where, in which sentence, and how much it makes it salient."""

    pos: int
    sentence: int
    weight: float
    entity: Any  # speakers.Entity


def most_salient(
    mentions: Sequence[Mention],
    sentence: int,
    agrees: Callable[[Any], bool],
) -> Any | None:
    """The entity with the highest salience among ``mentions`` (all before the pronoun, in text
    order) that ``agrees``; on a tie, the most recently mentioned."""
    score: dict[Any, float] = defaultdict(float)
    last: dict[Any, int] = {}
    for m in mentions:
        gap = sentence - m.sentence
        if gap > MAX_SENTENCES or not agrees(m.entity):
            continue
        key = m.entity.key
        score[key] += m.weight * DECAY ** max(0, gap)
        last[key] = m.pos
    if not score:
        return None
    best = max(score, key=lambda k: (round(score[k], 6), last[k]))
    return next(m.entity for m in reversed(mentions) if m.entity.key == best)


def sentence_index(starts: Sequence[int], pos: int) -> int:
    """Index of the sentence holding article offset ``pos`` (``starts``: sentence starts)."""
    return max(0, bisect.bisect_right(starts, pos) - 1)
