"""Speakers: who a quote's speaker mention refers to, across all articles of a briefing.

A mention is the noun phrase that is the subject of a speech cue ("Labour MP Ana Brill", "a source
close to the mayor", "the two unions", "she").  ``SpeakerBook`` turns mentions into ``Speaker``
objects with one id per person across articles:

* names: a person's full name is taken from PERSON entities (titles and role words stripped);
  a surname or first name alone ("Brill", "Mr Brill") resolves to the one full name that ends
  (starts) with it, in the same article first, then in the whole briefing;
* roles: "ROLE Name" (``JLC president Ana Brill``) and "Name, ROLE" (appositions) attach roles
  to a name; a definite role ("the harbour chair") resolves to the one person holding that role;
* pronouns (he/she/they/it) refer back to the nearest compatible earlier quote speaker or clause
  subject of the same article, main-clause subjects first (a speaker named inside an object,
  ``Y`` in ``X denied claims by Y``, is not one);
* anonymous sources ("a senior council source", "insiders") are speakers with
  ``anonymous=True``, kept per article; a definite one ("the source") refers back to the last
  anonymous speaker of the article with the same head noun;
* organisations (ORG entities) and described groups ("the two unions") are speakers too.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Levenshtein

from newsprism.analyze.quotes.coref import (
    EMBEDDED_WEIGHT,
    OTHER_WEIGHT,
    SUBJECT_WEIGHT,
    GenderVotes,
    Mention,
    gender_votes,
    most_salient,
    phrase_gender,
    sentence_index,
)
from newsprism.analyze.quotes.given_names import is_given_name
from newsprism.analyze.quotes.mentions import RELATIVE as RELATIVE
from newsprism.analyze.quotes.mentions import REPORT_NOUNS as REPORT_NOUNS
from newsprism.analyze.quotes.mentions import WHEN, in_object, np_tokens
from newsprism.analyze.quotes.mentions import np_span as np_span
from newsprism.analyze.quotes.mentions import report_agent as report_agent
from newsprism.analyze.quotes.mentions import subject_of as subject_of
from newsprism.analyze.quotes.mentions import words as words
from newsprism.analyze.quotes.roles import role_disagreements as role_disagreements
from newsprism.model import Span, Speaker
from newsprism.nlp.sentences import TITLE_ABBREVIATIONS

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

Token = Any  # a spaCy token


PRONOUNS = frozenset({"he", "she", "they", "it"})
# "she recalls him saying": the subject of a speech participle can be an object pronoun
_OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}
# "her message", "their letter": the subject pronoun a possessive stands for
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}

TITLES = words(
    "mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady prof prof. professor rev rev. baroness"
    " miss mx mx. sergeant sgt corporal lieutenant captain colonel major commander detective"
    " congressman congresswoman senator representative governor"
) | frozenset(form for a in TITLE_ABBREVIATIONS for form in (a.lower(), a.lower().rstrip(".")))
# Heads of unnamed sources: "a source", "insiders", "a senior official", "a spokesperson for X".
ANON_HEADS = words(
    "source insider official aide ally spokesperson spokesman spokeswoman friend figure"
    " colleague adviser advisor staffer confidant representative member minister mp diplomat"
    " officer person employee worker executive observer witness resident"
)
ALWAYS_ANON = frozenset({"source", "insider"})
# Unnamed sources that speak for someone ("a senior official", "a spokesperson"): a quote credited
# to one by one outlet and to a named person by another is an attribution conflict.
SOURCE_HEADS = words(
    "source insider official aide ally spokesperson spokesman spokeswoman adviser advisor staffer"
    " confidant representative diplomat officer minister mp"
)
# Words that make a phrase a role: "Shadow Brexit secretary", "JLC president", "Labour MP".
ROLE_WORDS = words(
    "leader president chair chairman chairwoman chairperson secretary minister chancellor mp"
    " mps mep mayor spokesperson spokesman spokeswoman director chief executive ceo editor"
    " activist councillor senator governor general attorney commissioner head founder adviser"
    " advisor officer professor judge ambassador deputy candidate campaigner lawyer"
    " correspondent reporter analyst economist author whip speaker peer shadow premier prime"
    " vice manager coach captain chairs leaders presidents secretaries ministers member"
    " members representative mayors police superintendent inspector"
)
GROUP_NOUNS = words(
    "group council board party government committee organisation organization union company"
    " campaign association charity body team department ministry office police court trust"
    " family firm agency authority club coalition alliance movement bank"
)
_PEOPLE = (
    "man woman mother father voter supporter critic protester people parent student expert"
    " demonstrator rebel backbencher frontbencher counterpart negotiator organiser organizer"
    " victim survivor neighbour neighbor owner customer patient doctor nurse teacher farmer fan"
    " player investor trader scientist"
)
PERSON_NOUNS = ROLE_WORDS | ANON_HEADS | words(_PEOPLE)
DEFINITE = frozenset({"the", "this", "that"})
INDEFINITE = frozenset({"a", "an", "one", "some", "several", "two", "three", "many", "other"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_ACRONYM = re.compile(r"\s\(([A-Z][A-Z&]{1,8})\)")
MAX_DISTANCE = 1500  # characters outside quotes a pronoun may look back
CONTINUING = frozenset({"add", "continue"})  # "“...,” he added": the last speaker going on
_POSSESSIVE = re.compile(r"(?:['’]s?)$")
# "O’Neill", "D’Amato": the tagger calls such a surname an adjective when its apostrophe is curly
_APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]?['’][A-Z][a-z]+")


# --- names and roles -----------------------------------------------------------------------


def _clean(word: str) -> str:
    return _POSSESSIVE.sub("", word) if len(word) > 2 else word


def name_tokens(tokens: Sequence[Token]) -> list[str]:
    """The personal name at the end of a run of tokens: titles and role words cut off."""
    parts = [_clean(t.text) for t in tokens if t.text not in ("’s", "'s", "’", "'")]
    cut = 0
    for i, w in enumerate(parts):
        if w.lower() in ROLE_WORDS or w.lower() in TITLES or not w[:1].isupper():
            cut = i + 1
    name = parts[cut:]
    if not name or any(not w[:1].isupper() for w in name):
        return []
    return name


def _is_role_run(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and any(t.pos_ == "NOUN" or t.lower_ in ROLE_WORDS for t in tokens)


def _role_text(tokens: Sequence[Token]) -> str:
    while tokens and (tokens[0].pos_ in ("DET", "PUNCT") or tokens[0].lower_ in TITLES):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc = tokens[0].doc
    return str(doc[tokens[0].i : tokens[-1].i + 1].text)


def roles_near(ent: Any) -> list[str]:
    """Role phrases attached to a PERSON entity: "ROLE Name", "Name, ROLE", "ROLE, Name"."""
    doc = ent.doc
    root = ent.root
    roles: list[str] = []
    # compounds and modifiers to the left, inside the name's phrase
    members = set(range(ent.start, ent.end))
    left: list[Token] = []
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod") and doc[i].head.i in members:
        members.add(i)
        left.insert(0, doc[i])
        i -= 1
    name = name_tokens(list(ent))
    left += list(ent)[: len(ent) - len(name)] if name else []  # "Labour MPs John Mann"
    if _is_role_run(left) and (left[-1].pos_ == "NOUN" or left[-1].lower_ in ROLE_WORDS):
        roles.append(_role_text(left))
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.pos_ == "NOUN":
            roles.append(_role_text(np_tokens(child)))
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
        roles.append(_role_text(np_tokens(root.head)))
    return [r for r in roles if r and len(r) <= 80]


def _fold(text: str) -> str:
    """A name without accents, case, dots or hyphens: ``Erdoğan`` = ``erdogan``."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(plain.replace("-", " ").replace(".", " ").split())


def _near(a: str, b: str) -> bool:
    """Two spellings of one word: equal, or one letter apart in words of four letters or more
    that start alike (``Rouer``/``Roue``, ``Katharine``/``Katherine``)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def _same_name(a: list[str], b: list[str]) -> bool:
    """Folded name words that can be one person: the same first and last words with middle
    names left out (``Sarah Huckabee Sanders``/``Sarah Sanders``), a longer name ending with
    the whole shorter one (``Recep Tayyip Erdogan``/``Tayyip Erdogan``), or one letter apart
    in the first or the last word (a typo in one outlet)."""
    if len(a) > len(b):
        a, b = b, a
    if a == b[len(b) - len(a) :]:
        return True
    it = iter(b)
    if a[0] == b[0] and a[-1] == b[-1] and all(w in it for w in a):
        return True
    if len(a) != len(b) or a[1:-1] != b[1:-1]:
        return False
    return (a[0] == b[0] and _near(a[-1], b[-1])) or (a[-1] == b[-1] and _near(a[0], b[0]))


def same_people(count: Counter[str]) -> dict[str, str]:
    """Person keys that are spellings of one name, each mapped to the most used of them (then
    the longest): ``{"rhonda roue": "rhonda rouer"}``."""
    keys = sorted(count, key=lambda k: (-count[k], -len(k), k))
    folded = {k: _fold(k).split() for k in keys}
    canon: dict[str, str] = {}
    for i, k in enumerate(keys):
        if k in canon:
            continue
        for other in keys[i + 1 :]:
            if (
                other not in canon
                and len(folded[other]) >= 2
                and _same_name(folded[k], folded[other])
            ):
                canon[other] = k
    return canon


def _norm(text: str) -> str:
    text = re.sub(r"['’]s\b", "", text.casefold())
    parts = re.findall(r"[\w-]+", text)
    while parts and parts[0] in ("the", "a", "an"):
        parts = parts[1:]
    return " ".join(parts)


@dataclass
class PersonRegistry:
    """Full names of people named in the articles, with their surnames and roles."""

    display: dict[str, str] = field(default_factory=dict)  # key -> name as written
    roles: dict[str, list[str]] = field(default_factory=dict)  # key -> roles as written
    article_keys: list[set[str]] = field(default_factory=list)
    article_roles: list[dict[str, set[str]]] = field(default_factory=list)
    role_index: dict[str, set[str]] = field(default_factory=dict)  # role -> keys, all articles
    acronyms: dict[str, str] = field(default_factory=dict)  # "JLC" -> "Jewish Leadership Council"
    article_first: list[dict[str, int]] = field(default_factory=list)  # key -> first offset
    canon: dict[str, str] = field(default_factory=dict)  # another spelling -> the person's key
    articles: Counter[str] = field(default_factory=Counter)  # key -> articles naming them
    _lookup: Any = field(default=None, repr=False, compare=False)  # see ``_index``

    @classmethod
    def build(cls, docs: Sequence[AnnotatedArticle]) -> PersonRegistry:
        reg = cls()
        count: Counter[str] = Counter()
        for d in docs:
            keys: set[str] = set()
            first: dict[str, int] = {}
            role_map: dict[str, set[str]] = {}
            for p in d.segments:
                reg.add_acronyms(p.doc.text)
                for ent in p.doc.ents:
                    if ent.label_ != "PERSON" and not mislabelled_person(ent, d):
                        continue
                    name = name_tokens(list(ent))
                    if len(name) < 2:
                        continue
                    display = " ".join(name)
                    key = display.casefold()
                    reg.display.setdefault(key, display)
                    keys.add(key)
                    count[key] += 1
                    first.setdefault(key, p.offset + ent.start_char)
                    for role in roles_near(ent):
                        seen = reg.roles.setdefault(key, [])
                        if role.casefold() not in {r.casefold() for r in seen}:
                            seen.append(role)
                        role_map.setdefault(_norm(role), set()).add(key)
                        reg.role_index.setdefault(_norm(role), set()).add(key)
            reg.article_keys.append(keys)
            reg.article_roles.append(role_map)
            reg.article_first.append(first)
        reg._merge(same_people(count))
        reg.articles = Counter(k for keys in reg.article_keys for k in keys)
        return reg

    def _merge(self, canon: dict[str, str]) -> None:
        """One key per person: spellings of one name (accents, a typo, a middle name) become
        the key of their most used form."""
        self.canon = canon
        if not canon:
            return
        for key, to in canon.items():
            for role in self.roles.pop(key, []):
                seen = self.roles.setdefault(to, [])
                if role.casefold() not in {r.casefold() for r in seen}:
                    seen.append(role)
        self.display = {k: v for k, v in self.display.items() if k not in canon}
        self.article_keys = [{canon.get(k, k) for k in keys} for keys in self.article_keys]
        self.article_first = [
            {canon.get(k, k): min(v for j, v in first.items() if canon.get(j, j) == canon.get(k, k))
             for k in first}
            for first in self.article_first
        ]  # fmt: skip
        self.article_roles = [
            {r: {canon.get(k, k) for k in ks} for r, ks in roles.items()}
            for roles in self.article_roles
        ]
        self.role_index = {r: {canon.get(k, k) for k in ks} for r, ks in self.role_index.items()}

    def add_acronyms(self, text: str) -> None:
        """Learn "Name Of Body (NOB)": the shortest run of capitalised words before an acronym in
        brackets whose capitals hold the acronym's letters in order."""
        for m in _ACRONYM.finditer(text):
            acronym = m.group(1)
            tokens = text[max(0, m.start() - 120) : m.start()].split()[-8:]
            for k in range(len(tokens) - 1, -1, -1):
                run = tokens[k:]
                if not run[0][:1].isupper() or run[0][0] != acronym[0]:
                    continue
                caps = "".join(c for w in run for c in w if c.isupper())
                it = iter(caps)
                if all(c in it for c in acronym.replace("&", "")):
                    self.acronyms.setdefault(acronym, " ".join(run))
                    break

    def _index(self) -> tuple[dict[str, str], dict[str, list[str]], dict[str, list[str]]]:
        """For look-ups by name without a pass over every person of the briefing: folded key ->
        the first key that folds to it, and the keys that end / start with each run of their
        words (in ``display`` order); built again when ``display`` changes."""
        stamp = (id(self.display), len(self.display))
        if self._lookup is None or self._lookup[0] != stamp:
            folded: dict[str, str] = {}
            ends: dict[str, list[str]] = {}
            starts: dict[str, list[str]] = {}
            for k in self.display:
                folded.setdefault(_fold(k), k)
                words = k.split(" ")
                for j in range(1, len(words)):
                    ends.setdefault(" ".join(words[j:]), []).append(k)
                    starts.setdefault(" ".join(words[:j]), []).append(k)
            self._lookup = (stamp, (folded, ends, starts))
        index: tuple[dict[str, str], dict[str, list[str]], dict[str, list[str]]] = self._lookup[1]
        return index

    def _unique(
        self, doc: int, match: Any, pos: int | None = None, among: Sequence[str] | None = None
    ) -> str | None:
        """The one person whose key ``match``es in the article, else in the briefing.  Several
        in the article (``Dunn`` after ``Michael Dunn`` and his parents ``Sandra Dunn``): the
        one introduced first (before ``pos``), as news names the main person first and their
        relatives by first name; several in the briefing only: the one most articles name."""
        local = {k for k in self.article_keys[doc] if match(k)}
        if len(local) == 1:
            return next(iter(local))
        if local:
            first = self.article_first[doc]
            order = sorted(local, key=lambda k: first[k])
            before = [k for k in order if pos is None or first[k] < pos]
            return (before or order)[0]
        candidates = self.display if among is None else among  # ``among``: in display order
        found = sorted((k for k in candidates if match(k)), key=lambda k: -self.articles[k])
        if len(found) == 1:
            return found[0]
        if len(found) > 1 and self.articles[found[0]] > self.articles[found[1]]:
            return found[0]
        return None

    def full_name(self, doc: int, words: Sequence[str], pos: int | None = None) -> str | None:
        """Key of the person a name (full, surname or first name) refers to, or None."""
        if not words:
            return None
        key = " ".join(words).casefold()
        key = self.canon.get(key, key)
        if len(words) >= 2 and key in self.display:
            return key
        folded, ends, starts = self._index()
        if len(words) >= 2:
            same = folded.get(_fold(key))
            if same is not None:
                return same
            return self._unique(doc, lambda k: k.endswith(" " + key), pos, ends.get(key, []))
        return self._unique(
            doc, lambda k: k.endswith(" " + key), pos, ends.get(key, [])
        ) or self._unique(doc, lambda k: k.startswith(key + " "), pos, starts.get(key, []))

    def holder(self, doc: int, role: str) -> str | None:
        """Key of the one person named with this role (same article first), or None."""
        norm = _norm(role)
        local = self.article_roles[doc].get(norm, set())
        if len(local) == 1:
            return next(iter(local))
        if local:
            return None
        found = self.role_index.get(norm, set())
        return next(iter(found)) if len(found) == 1 else None


_NON_PERSON_LABELS = frozenset({"ORG", "GPE", "FAC", "LOC"})
COMMON_NAME = 0.005  # per cent: a given name this common ("Mitch", not "Florida")
# Last words of the names of bodies and places ("the Clinton Foundation", "Mason City")
_BODY_WORDS = words(
    "foundation institute institution university college school academy center centre hospital"
    " church bank fund society corporation corp inc co ltd llc enterprises research news times"
    " post press city county state island park street avenue road square bridge river lake"
    " valley mountain airport station harbor harbour bay beach hall house tower"
)


def mislabelled_person(ent: Any, article: AnnotatedArticle) -> bool:
    """A person's name the entity recogniser calls a place or a body (``Dana Verhoeven`` as
    ORG): two or three capitalised names, the first a given name of the census lists, the
    last no word of bodies or roles, and that last name used again alone in the article as a
    person is (a PERSON entity, a subject or a possessive: ``Verhoeven said``)."""
    toks = list(ent)
    if ent.label_ not in _NON_PERSON_LABELS or not 2 <= len(toks) <= 3:
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_upper for t in toks):
        return False
    last = toks[-1]
    if not is_given_name(toks[0].text, COMMON_NAME) or last.tag_ == "NNPS":
        return False
    if last.lower_ in GROUP_NOUNS or last.lower_ in ROLE_WORDS or last.lower_ in _BODY_WORDS:
        return False
    for p in article.segments:
        for t in p.doc:
            if t.text != last.text or (t.doc is ent.doc and ent.start <= t.i < ent.end):
                continue
            before = t.doc[t.i - 1] if t.i > 0 else None
            if before is not None and (before.pos_ == "PROPN" or before.lower_ == "the"):
                continue  # "Dana Verhoeven" again, or "the Verhoeven"
            if t.ent_type_ == "PERSON" or t.dep_ in ("nsubj", "nsubjpass", "poss"):
                return True
    return False


# --- mentions to speakers ------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """What a mention refers to, before it becomes a ``Speaker``."""

    key: tuple[str, ...]
    kind: str  # person, org, group, anonymous, document
    name: str
    plural: bool = False
    head: str = ""
    content: frozenset[str] = frozenset()
    gender: str | None = None  # "m", "f" or unknown
    animate: bool = False  # a described person ("the bus driver") rather than a body

    @property
    def personal(self) -> bool:
        """Can be referred to as "he" or "she"."""
        if self.plural:
            return False
        return self.kind == "person" or (
            self.kind in ("anonymous", "group") and (self.head in PERSON_NOUNS or self.animate)
        )


def _agrees(pronoun: str, ent: Entity) -> bool:
    """Gender, number and person/organisation agreement of a pronoun with an entity."""
    if pronoun in ("he", "she"):
        want = "m" if pronoun == "he" else "f"
        return ent.personal and ent.gender in (None, want)
    if pronoun == "they":
        return ent.plural or ent.kind in ("anonymous", "org", "group")
    return not ent.plural and (
        ent.kind in ("org", "document") or (ent.kind == "group" and not ent.personal)
    )


def age_description(head: Token) -> bool:
    """``the 67-year-old``: a definite description by age alone, whose head the parser makes
    the adjective ``old`` (``year`` hangs on it)."""
    if head.lower_ != "old" or not any(c.lower_ in ("year", "years") for c in head.children):
        return False
    return np_tokens(head)[0].lower_ in ("the", "this")


PARTY_MEMBERS = frozenset({"republican", "democrat"})


def party_description(head: Token) -> bool:
    """``the Ohio Republican``, ``the veteran Democrat``: a definite description of one party
    member by place or standing, which names no one."""
    toks = np_tokens(head)
    return (
        head.lower_ in PARTY_MEMBERS
        and head.tag_ == "NNP"
        and len(toks) >= 3
        and toks[0].lower_ in ("the", "this")
    )


def _propn_run(tokens: Sequence[Token], head: Token) -> list[Token]:
    run = [head]
    i = head.i - 1
    doc = head.doc
    while i >= tokens[0].i and doc[i].pos_ == "PROPN" and doc[i].dep_ == "compound":
        run.insert(0, doc[i])
        i -= 1
    return run


def _entity_run(run: list[Token], head: Token) -> list[Token]:
    """The words of a name ``run`` inside the person entity that ``head`` ends: a role or place
    written before it (``Pilot Dana Reyes``, ``Alder County Sheriff Tomas Brill``) is not part of
    the name, whatever the word, so one person is one speaker.  All of them are kept when the
    entity is one word, and given names right before it (``DNC chair Ada Vance Ruiz`` with only
    ``Vance Ruiz`` recognised) are kept: the recogniser left part of the name out."""
    if head.ent_type_ != "PERSON":
        return run
    start = head.i
    while start > 0 and head.doc[start].ent_iob_ == "I":
        start -= 1
    if head.i == start:
        return run
    while start - 1 >= run[0].i and is_given_name(head.doc[start - 1].text):
        start -= 1
    return [t for t in run if t.i >= start]


def _appos_name(head: Token) -> Token | None:
    """``Another neighbour, Ada Penrose, said``: the name in apposition to a description.  The
    description's head may be mis-tagged (a rare noun such as "searcher" taken for an adverb):
    any head but a name or a personal pronoun holds the name it is in apposition to."""
    if head.pos_ == "PROPN" or head.lower_ in PRONOUNS or head.lower_ in _OBJECT_PRONOUNS:
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ == "PERSON":
            return child
    return None


# Nouns of documents whose words are reported: "the report says", "a complaint noted".
DOCUMENT_NOUNS = REPORT_NOUNS | words(
    "complaint record records filing lawsuit suit study survey poll memo document documents"
    " indictment ruling order affidavit petition review book video ad advert website page"
    " site transcript audit investigation analysis story notice sign headline editorial banner"
    " placard poster plaque inscription caption"
)
# Messages one person sends another, and the nouns that refer back to any of them ("She wired
# a telegram ... The message read: ...").
_MESSAGES = words(
    "message telegram cable letter note email e-mail text voicemail fax missive postcard tweet"
    " post memo"
)
_GENERIC = words("message communication correspondence")
# Verbs whose object is a message whatever it is called ("she fired off a wire", "he left a
# recording for them"): what "the message" can refer back to.
_SENDING = words(
    "send fire dispatch wire cable write pen scrawl scribble type post leave mail text"
)
# Verbs of a clause on a document whose subject or agent only got or read it ("an email obtained
# by X", "a letter reviewed by X"): not its author, whereas "filed by", "provided by", "run by" is
_RECEIVING = words(
    "obtain review see read receive get acquire intercept view examine find discover uncover"
    " hack steal seize"
)
# Endings of nouns that name a person by what they do ("examiner", "matron" is in coref's list).
_AGENT_SUFFIX = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "ee", "eer")


class SpeakerBook:
    """Resolves mentions to speakers; quotes must be resolved in text order per article."""

    def __init__(self, docs: Sequence[AnnotatedArticle], quoted: Sequence[Sequence[Span]]):
        self.docs = docs
        self.registry = PersonRegistry.build(docs)
        self._seg_offset = {id(p.doc): p.offset for d in docs for p in d.segments}
        self._said: list[list[tuple[int, Entity]]] = [[] for _ in docs]  # quote speakers
        self._ids: dict[tuple[str, ...], str] = {}
        self._speakers: dict[str, dict[str, Any]] = {}
        self.named: set[str] = set()
        self.counted: set[str] = set()  # unnamed speakers that a name can conflict with
        self._quoted = quoted
        self._qstarts = [[q.start for q in spans] for spans in quoted]
        # the writer's sentences: a sentence inside quote marks is the speaker going on, so it
        # neither ages a mention nor counts toward the distance a pronoun looks back
        self._quoted_before = [_prefix_lengths(spans) for spans in quoted]
        self._sentence_starts = [
            [s.start for s in d.sentences if self._writer_words(i, d.article.text, s)]
            for i, d in enumerate(docs)
        ]
        self._orgs: list[list[tuple[int, Token]]] = [
            [
                (p.offset + e.start_char, e.root)
                for p in d.segments
                for e in p.doc.ents
                if e.label_ == "ORG" and e.root.pos_ == "PROPN"
            ]
            for d in docs
        ]
        from newsprism.analyze.quotes.cues import CUE_LEMMAS, INDIRECT_CUES

        self._speech = CUE_LEMMAS | INDIRECT_CUES  # their subjects are the most salient
        self.genders = GenderVotes({})  # none known while the votes are counted
        self.genders = gender_votes(docs, self._ent_key, self._inside)
        self._timeline: list[list[Mention]] = [self._subjects(i, d) for i, d in enumerate(docs)]
        self._pronouns: list[dict[int, Entity]] = [
            self._resolve_pronouns(i) for i in range(len(docs))
        ]

    def _inside(self, doc: int, pos: int) -> bool:
        k = bisect.bisect_right(self._qstarts[doc], pos) - 1
        return k >= 0 and self._quoted[doc][k].start <= pos < self._quoted[doc][k].end

    def _ent_key(self, doc: int, tok: Token) -> str | None:
        """The person key of a name's head token, or None."""
        if tok.ent_type_ not in ("", "PERSON"):  # a name the recogniser mislabelled only
            name = name_tokens(_propn_run(np_tokens(tok), tok))
            if len(name) < 2 or " ".join(name).casefold() not in self.registry.display:
                return None
        ent = self._named(doc, tok, np_tokens(tok), tok.text)
        return ent.key[1] if ent.kind == "person" else None

    def _mention(self, doc: int, pos: int, weight: float, ent: Entity) -> Mention:
        return Mention(pos, sentence_index(self._sentence_starts[doc], pos), weight, ent)

    def _subjects(self, i: int, d: AnnotatedArticle) -> list[Mention]:
        """Mentions outside quotes that make an entity salient: clause subjects (main clauses and
        speech verbs weigh most) and named people in any other role."""
        out: list[Mention] = []
        for p in d.segments:
            for tok in p.doc:
                pos = p.offset + tok.idx
                if tok.pos_ not in ("NOUN", "PROPN") or self._inside(i, pos):
                    continue
                if tok.dep_ not in ("nsubj", "nsubjpass"):  # an object, a possessive
                    if tok.dep_ in ("dobj", "pobj", "poss", "attr", "dative", "appos"):
                        ent = self.entity(i, tok)
                        if ent is not None:
                            out.append(self._mention(i, pos, OTHER_WEIGHT, ent))
                    continue
                ent = self.entity(i, tok)
                if ent is not None:
                    verb = tok.head
                    main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
                    speech = verb.lemma_.lower() in self._speech
                    weight = SUBJECT_WEIGHT if main or speech else EMBEDDED_WEIGHT
                    out.append(self._mention(i, pos, weight, ent))
        return out

    def _resolve_pronouns(self, i: int) -> dict[int, Entity]:
        """Every third-person subject pronoun outside quotes, resolved in text order; each
        resolved pronoun is a mention of its entity for the pronouns after it."""
        out: dict[int, Entity] = {}
        for p in self.docs[i].segments:
            for tok in p.doc:
                lower = tok.lower_
                if lower not in PRONOUNS or tok.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                pos = p.offset + tok.idx
                if self._inside(i, pos):
                    continue
                ent = self._pronoun(i, lower, pos)
                if ent is None:
                    continue
                out[pos] = ent
                verb = tok.head
                main = verb.dep_ == "ROOT" or verb.lemma_.lower() in self._speech
                weight = SUBJECT_WEIGHT if main else EMBEDDED_WEIGHT
                bisect.insort(self._timeline[i], self._mention(i, pos, weight, ent), key=_at)
        return out

    def entity(self, doc: int, head: Token, speaking: bool = False) -> Entity | None:
        """Classify a (non-pronoun) mention head; None when it cannot be a speaker.

        ``speaking``: the mention is the subject of a speech cue, so any noun that is not a
        document ("the bus driver", "Islanders") can be a speaker; otherwise only nouns known to
        name people or groups."""
        named = _appos_name(head)
        if named is not None:  # "one of the volunteers, Ida Fenn, told"
            head = named
        toks = np_tokens(head)
        text = _phrase(toks)
        lemma = head.lemma_.lower()
        plural = head.tag_ in ("NNS", "NNPS")
        # the tagger sometimes calls a name at the start of a sentence a noun
        name_like = (
            head.pos_ == "PROPN"
            or (head.pos_ == "NOUN" and head.text[:1].isupper() and head.ent_type_ in _NAMED)
            or bool(_APOSTROPHE_NAME.fullmatch(head.text))
        )
        if name_like:
            return self._named(doc, head, toks, text)
        if head.pos_ != "NOUN":
            return None
        first = toks[0].lower_
        content = frozenset(t.lemma_.lower() for t in toks if t.pos_ not in ("DET", "ADP", "PUNCT"))
        gender = phrase_gender(toks)
        if lemma in DOCUMENT_NOUNS:
            if not speaking:
                return None
            key_words = ("document", self.docs[doc].id, str(plural), *sorted(content))
            return Entity(key_words, "document", text, plural, lemma, content)
        if first not in INDEFINITE and not plural:
            key = self.registry.holder(doc, text)  # "the harbour master"
            if key is not None:
                return self._person(key)
        article = self.docs[doc].id
        if lemma in ANON_HEADS and (
            lemma in ALWAYS_ANON
            or first in INDEFINITE
            or first in DEFINITE
            or (plural and toks[0].pos_ != "DET")
        ):
            key_words = ("anon", article, str(plural), *sorted(content))
            return Entity(key_words, "anonymous", text, plural, lemma, content, gender)
        if lemma in PERSON_NOUNS or lemma in GROUP_NOUNS or speaking:
            key_words = ("group", article, str(plural), *sorted(content))
            animate = lemma not in GROUP_NOUNS and (
                lemma in PERSON_NOUNS or lemma.endswith(_AGENT_SUFFIX) or gender is not None
            )
            return Entity(key_words, "group", text, plural, lemma, content, gender, animate)
        return None

    def _person(self, key: str) -> Entity:
        return Entity(
            ("person", key), "person", self.registry.display[key], gender=self.genders.gender(key)
        )

    def _named(self, doc: int, head: Token, toks: Sequence[Token], text: str) -> Entity:
        if all(t.lower_ in ROLE_WORDS or t.lower_ in DEFINITE for t in toks):
            key = self.registry.holder(doc, text)  # "THE PRESIDENT:" in a transcript
            if key is not None:
                return self._person(key)
        name = name_tokens(_entity_run(_propn_run(toks, head), head))
        pos = self._seg_offset.get(id(head.doc), 0) + head.idx
        key = self.registry.full_name(doc, name, pos)
        if key is not None:
            return self._person(key)
        if len(name) >= 2 and head.ent_type_ not in ("ORG", "GPE", "NORP", "FAC"):
            display = " ".join(name)
            key = display.casefold()
            return Entity(("person", key), "person", display, gender=self.genders.gender(key))
        if head.ent_type_ == "PERSON" and name:
            key = name[0].casefold()
            return Entity(("person", key), "person", name[0], gender=self.genders.gender(key))
        org = _org_text(head) or text
        org = self.registry.acronyms.get(org, org)
        return Entity(("org", _norm(org)), "org", org, head=head.lemma_.lower())

    def resolve(self, doc: int, head: Token, offset: int) -> str | None:
        """Speaker id for the mention headed by ``head`` at article offset ``offset``."""
        lower = head.lower_
        mention = ""
        if lower in PRONOUNS or lower in _OBJECT_PRONOUNS or lower in _POSSESSIVE_PRONOUNS:
            # "His statement said ...": the statement's author, a possessive pronoun
            lower = _OBJECT_PRONOUNS.get(lower, _POSSESSIVE_PRONOUNS.get(lower, lower))
            ent = (
                self._going_on(doc, lower, head, offset)
                or self._pronouns[doc].get(offset)
                or self._clause_subject(doc, lower, head, offset)
                or self._pronoun(doc, lower, offset)
            )
        elif age_description(head) or party_description(head):  # the person talked about
            mention = _phrase(np_tokens(head))
            ent = self._described_person(doc, offset)
        else:
            toks = np_tokens(head)
            mention = _phrase(toks)
            ent = self.entity(doc, head, speaking=True)
            if ent is not None and (toks[0].lower_ in DEFINITE or ent.kind == "document"):
                ent = self._definite(doc, ent, offset) or ent
        if ent is None:
            return None
        self._said[doc].append((offset, ent))
        main = not in_object(head)  # "X denied claims by Y": "they" next is X, not Y
        weight = SUBJECT_WEIGHT if main else EMBEDDED_WEIGHT
        if offset not in self._pronouns[doc]:  # a pronoun resolved before is a mention already
            bisect.insort(self._timeline[doc], self._mention(doc, offset, weight, ent), key=_at)
        sid = self._speaker(ent)
        self._add(self._speakers[sid]["aliases"], mention)
        return sid

    def resolve_name(self, doc: int, written: str, offset: int) -> str | None:
        """Speaker id for a name written outside the parsed text (an embedded post's signature,
        ``Sgt. Ana Okafor``): the person the articles name so (titles cut off, a middle initial
        or the surname alone matched as for parsed names), else a new person for a name of two
        or three capitalised words, else an organisation (``The Harbour Times``)."""
        parts = [_clean(w) for w in written.split()]
        cut = 0
        for i, w in enumerate(parts):
            if w.lower() in TITLES or w.lower().rstrip(".") in TITLES or w.lower() in ROLE_WORDS:
                cut = i + 1
        name = parts[cut:]
        if not name:
            return None
        key = self.registry.full_name(doc, name, offset)
        if key is None and len(name) >= 2:
            key = self.registry.full_name(doc, [name[0], name[-1]], offset)
        ent: Entity
        if key is not None:
            ent = self._person(key)
        elif (
            2 <= len(name) <= 3
            and all(w[:1].isupper() for w in name)
            and name[0].lower() not in DEFINITE
            and not any(w.lower() in GROUP_NOUNS for w in name)
        ):
            display = " ".join(name)
            ent = Entity(("person", display.casefold()), "person", display)
        else:
            org = self.registry.acronyms.get(written, written)
            ent = Entity(("org", _norm(org)), "org", org, head=name[-1].lower())
        sid = self._speaker(ent)
        self._add(self._speakers[sid]["aliases"], written)
        return sid

    def _going_on(self, doc: int, pronoun: str, head: Token, offset: int) -> Entity | None:
        """``“...,” he added.``: a speaker going on is the last speaker quoted before, when
        that one agrees with the pronoun and was quoted within ``MAX_DISTANCE``."""
        if head.head.lemma_.lower() not in CONTINUING or head.dep_ != "nsubj":
            return None
        here = self._unquoted(doc, offset)
        for pos, ent in reversed(self._said[doc]):
            if pos >= offset:
                continue
            if here - self._unquoted(doc, pos) > MAX_DISTANCE:
                return None
            return ent if _agrees(pronoun, ent) else None
        return None

    def _clause_subject(self, doc: int, pronoun: str, head: Token, offset: int) -> Entity | None:
        """A possessive pronoun refers first to the subject of its own clause when they agree
        (``Ruiz repeated his claim``, ``X incites anger with his remark``): the verb the
        possessive's phrase hangs on, and its subject (a name, a noun or a resolved pronoun)."""
        if head.dep_ != "poss":
            return None
        verb = head.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        subj = subject_of(verb)
        if subj is None or subj.i == head.i or subj.i > head.i:
            return None
        pos = offset + (subj.idx - head.idx)
        pronoun_subject = subj.lower_ in PRONOUNS
        ent = self._pronouns[doc].get(pos) if pronoun_subject else self.entity(doc, subj)
        return ent if ent is not None and _agrees(pronoun, ent) else None

    def _before(self, doc: int, offset: int) -> list[Mention]:
        """Mentions before ``offset`` within ``MAX_DISTANCE`` characters, in text order."""
        timeline = self._timeline[doc]
        k = bisect.bisect_left(timeline, offset, key=_at)
        here = self._unquoted(doc, offset)
        lo = bisect.bisect_left(
            timeline, here - MAX_DISTANCE, hi=k, key=lambda m: self._unquoted(doc, m.pos)
        )
        return timeline[lo:k]

    def _writer_words(self, doc: int, text: str, span: Any) -> bool:
        """Whether a sentence holds a word outside quote marks."""
        pos = span.start
        while pos < span.end:
            k = bisect.bisect_right(self._qstarts[doc], pos) - 1
            if k >= 0 and self._quoted[doc][k].start <= pos < self._quoted[doc][k].end:
                pos = self._quoted[doc][k].end
                continue
            nxt = k + 1
            stop = self._qstarts[doc][nxt] if nxt < len(self._qstarts[doc]) else span.end
            if any(c.isalnum() for c in text[pos : min(stop, span.end)]):
                return True
            pos = min(stop, span.end) if stop > pos else pos + 1
        return False

    def _unquoted(self, doc: int, pos: int) -> int:
        """``pos`` counted in characters outside quote marks (quoted text is not distance)."""
        k = bisect.bisect_right(self._qstarts[doc], pos) - 1
        if k < 0:
            return pos
        span = self._quoted[doc][k]
        before = self._quoted_before[doc][k] + min(pos, span.end) - span.start
        return pos - before

    def _pronoun(self, doc: int, pronoun: str, offset: int) -> Entity | None:
        sentence = sentence_index(self._sentence_starts[doc], offset)
        found = most_salient(self._before(doc, offset), sentence, lambda e: _agrees(pronoun, e))
        return found if isinstance(found, Entity) else None

    def _described_person(self, doc: int, offset: int) -> Entity | None:
        """The most salient single person before ``offset``, whatever the gender: what a
        description that names no one (``the 67-year-old``) refers back to."""
        sentence = sentence_index(self._sentence_starts[doc], offset)
        found = most_salient(
            self._before(doc, offset), sentence, lambda e: e.kind == "person" and not e.plural
        )
        return found if isinstance(found, Entity) else None

    def _definite(self, doc: int, ent: Entity, offset: int) -> Entity | None:
        """What "the source", "the group" or "the statement" refers back to in the article."""
        if ent.kind == "anonymous":
            same = [m.entity for m in reversed(self._before(doc, offset))]
            same = [e for e in same if e.kind == "anonymous" and e.head == ent.head]
            wider = [e for e in same if ent.content <= e.content]
            if wider:
                return wider[0]
            return same[0] if same and ent.content == {ent.head} else None
        if ent.kind == "document":
            return self._author(doc, ent, offset)
        if ent.kind == "group" and not ent.plural and ent.head in GROUP_NOUNS:
            orgs = self._orgs[doc]
            k = bisect.bisect_left(orgs, offset, key=lambda o: o[0])
            near = [
                self.entity(doc, o[1]) for o in reversed(orgs[:k]) if offset - o[0] <= MAX_DISTANCE
            ]
            # "the association": the last organisation whose name says so, else the last one
            named = [e for e in near if e is not None and ent.head in _norm(e.name).split()]
            return named[0] if named else (near[0] if near else None)
        return None

    def _author(self, doc: int, ent: Entity, offset: int) -> Entity | None:
        """Who wrote the document ``ent`` names (``the message said``): found at the last earlier
        mention of a document of the same kind, before ``offset`` in the article, that tells its
        author: a possessive (``her message``, ``Ada's letter``), ``from``/``by X``, a clause on
        it (``a message that X wrote``, ``a letter signed by X``), or the subject of the verb
        whose object it is (``X issued a statement``, ``in a note, X wrote``)."""
        best: Entity | None = None
        for p in self.docs[doc].segments:
            if p.offset > offset:
                break
            for tok in p.doc:
                pos = p.offset + tok.idx
                if pos > offset or offset - pos > MAX_DISTANCE or self._inside(doc, pos):
                    continue
                lemma = tok.lemma_.lower()
                if lemma != ent.head and not (ent.head in _GENERIC and _message(tok)):
                    continue
                found = self._writer(doc, p.offset, tok)
                if found is not None and found.kind != "document":
                    best = found
        return best

    def _writer(self, doc: int, offset: int, noun: Token) -> Entity | None:
        """The author a document noun's own phrase or its verb names, if any."""
        for tok in _author_tokens(noun):
            found = self._mentioned(doc, offset, tok)
            if found is not None:
                return found
        return None

    def _mentioned(self, doc: int, offset: int, tok: Token) -> Entity | None:
        """The entity a mention token stands for: a pronoun (subject or possessive) resolved
        as pronouns are, anything else classified as a speaker would be."""
        pos = offset + tok.idx
        lower = _POSSESSIVE_PRONOUNS.get(tok.lower_, tok.lower_)
        if lower in PRONOUNS:
            return self._pronouns[doc].get(pos) or self._pronoun(doc, lower, pos)
        return self.entity(doc, tok)

    def _speaker(self, ent: Entity) -> str:
        sid = self._ids.get(ent.key)
        if sid is None:
            sid = f"s{len(self._ids) + 1}"
            self._ids[ent.key] = sid
            roles = self.registry.roles.get(ent.key[1], []) if ent.kind == "person" else []
            self._speakers[sid] = {
                "name": ent.name,
                "aliases": [],
                "roles": list(roles),
                "anonymous": ent.kind == "anonymous",
            }
            if ent.kind in ("person", "org"):
                self.named.add(sid)
            elif (ent.kind == "anonymous" and ent.head in SOURCE_HEADS) or (
                ent.kind == "group" and ent.head in GROUP_NOUNS
            ):
                self.counted.add(sid)  # an unnamed source, a body ("the groups"): may conflict
        return sid

    @staticmethod
    def _add(values: list[str], value: str) -> None:
        if value and value.casefold() not in {v.casefold() for v in values}:
            values.append(value)

    def speakers(self) -> tuple[Speaker, ...]:
        """The speakers resolved so far, in order of first mention."""
        return tuple(
            Speaker(
                sid,
                s["name"],
                aliases=tuple(s["aliases"]),
                roles=tuple(s["roles"]),
                anonymous=s["anonymous"],
            )
            for sid, s in self._speakers.items()
        )


def _message(noun: Token) -> bool:
    """A message noun, or the object of a verb of sending or writing (``fired off a ...``)."""
    if noun.lemma_.lower() in _MESSAGES:
        return True
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in _SENDING


def _author_tokens(noun: Token) -> list[Token]:
    """Where a document noun's author may be named, nearest first: a possessive, ``from`` or
    ``by X``, a clause on it (``that X wrote``), the subject of the verb it is the object of."""
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ == "poss":
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
            # "a report from May 4": a date says when, not who
            out.extend(c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in WHEN)
        elif (
            child.dep_ in ("relcl", "acl")
            and child.pos_ == "VERB"
            and child.lemma_.lower() not in _RECEIVING
        ):
            agent = _clause_agent(child)  # not "an email obtained by X": X did not write it
            if agent is not None and agent.lower_ not in RELATIVE:
                out.append(agent)
    if noun.dep_ in ("dobj", "pobj"):
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            out.extend(c for c in verb.children if c.dep_ == "nsubj")
    return out


def _clause_agent(verb: Token) -> Token | None:
    """Who does what a clause on a noun says: its subject (``a message that X wrote``) or its
    ``by`` agent (``a letter signed by X``)."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _org_text(head: Token) -> str | None:
    """The named entity holding ``head`` (without a leading "the"), if it is not a person."""
    if head.ent_type_ not in ("ORG", "NORP", "GPE", "FAC"):
        return None
    doc = head.doc
    start = end = head.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    if doc[start].lower_ == "the" and start < end:
        start += 1
    return str(doc[start : end + 1].text)


def _prefix_lengths(spans: Sequence[Span]) -> list[int]:
    """For each span (sorted), the total length of the spans before it."""
    out, total = [], 0
    for s in spans:
        out.append(total)
        total += s.end - s.start
    return out


def _at(m: Mention) -> int:
    return m.pos


def _phrase(toks: Sequence[Token]) -> str:
    """The text of a run of tokens as written (a span's text, not the whole document's)."""
    return str(toks[0].doc[toks[0].i : toks[-1].i + 1].text)
