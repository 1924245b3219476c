"""Cues that decide how two claims about the same thing relate, read from spaCy tokens.

No entailment model is installable offline, so contradiction is built from cues:

* **negation** — ``not``/``n't``/``no``/``never``/``none`` and negative-implicative verbs
  (``refuse``, ``fail``, ``deny``, ``reject``).  ``negated_predicates`` names what each cue
  negates (``failed to agree`` -> agree), ``predicates`` what a claim asserts (not under
  ``should`` or a directive); a predicate one claim asserts and another negates is a polarity
  contrast.  ``polarity`` (the parity of all cues) is kept for the simple baseline;
* **evaluation** — a small lexicon of judgement words (``positive``, ``constructive``,
  ``disappointing``, ``missed opportunity``); a claim's *evaluation* is the sign of their sum,
  with a negation just before a judgement word flipping it;
* **account cues** — words by which a source disputes another's version (``denied``,
  ``contradicting``, ``at odds with``, ``not my understanding``).

Content words are reduced to a *stem* that also folds common derivations (``agreement`` and
``agreed`` both give ``agree``) so a paraphrase and its negation share their vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

Token = Any  # a spaCy token

NEGATORS = frozenset({"not", "n't", "no", "never", "none", "nothing", "neither", "nor", "without"})
NEGATIVE_VERBS = frozenset(
    {"refuse", "fail", "deny", "reject", "decline", "dismiss", "rule", "oppose", "block", "veto"}
)
# "ruled out": only with the particle
_PARTICLE_NEGATIVE = {"rule": "out"}

POSITIVE = frozenset(
    {
        "positive",
        "constructive",
        "productive",
        "useful",
        "fruitful",
        "good",
        "great",
        "excellent",
        "success",
        "successful",
        "progress",
        "upbeat",
        "welcome",
        "helpful",
        "encouraging",
        "cordial",
        "friendly",
        "breakthrough",
        "agreement",
        "common",  # "common ground"
        "safe",
        "sound",
        "reasonable",
        "grateful",
    }
)
NEGATIVE = frozenset(
    {
        "disappointing",
        "disappointed",
        "disappointment",
        "dismay",
        "failure",
        "wasted",
        "waste",
        "pointless",
        "useless",
        "bad",
        "poor",
        "shambles",
        "fiasco",
        "disgrace",
        "disgraceful",
        "unsafe",
        "tense",
        "hostile",
        "fruitless",
        "astonishing",
        "unacceptable",
        "insult",
        "farce",
        "betrayal",
        "missed",  # "missed opportunity"
    }
)

ACCOUNT_LEMMAS = frozenset(
    {"deny", "contradict", "dispute", "disagree", "challenge", "rebut", "refute", "reject"}
)
ACCOUNT_PHRASES = (
    re.compile(r"\bat odds with\b", re.I),
    re.compile(r"\bnot (?:my|his|her|their|our) understanding\b", re.I),
    re.compile(r"\b(?:is|was|were|are) (?:simply |just )?(?:untrue|false|wrong|incorrect)\b", re.I),
    re.compile(r"\bwrong to (?:claim|say|suggest)\b", re.I),
    re.compile(r"\bin (?:stark )?contrast to\b", re.I),
    # ``contrary to the board's claims``; not ``contrary to expectations``, which disputes no one
    re.compile(
        r"\bcontrary to (?:[\w’'.-]+ ){0,3}?(?:claims?|statements?|assertions?|accounts?|"
        r"reports?|testimony|what)\b",
        re.I,
    ),
    re.compile(r"\bversion of events\b", re.I),
    re.compile(
        r"\b(?:is|was|are|were|’s|'s) (?:simply |just |absolutely )?not (?:true|accurate|correct)\b",
        re.I,
    ),
    re.compile(
        r"\bnone of (?:these|those|the|this|them|it)\b[^.;]{0,60}\b(?:is|are|was|were) true\b", re.I
    ),
    re.compile(r"\b(?:inaccurate|untruthful)\b", re.I),
)

_DERIVATIONS = (
    ("ments", ""),
    ("ment", ""),
    ("ations", "e"),
    ("ation", "e"),
    ("ions", "e"),
    ("ion", "e"),
)


# nouns news uses for one kind of happening, folded so that accounts of it compare
SYNONYMS = {
    "talk": "meeting",
    "talks": "meeting",
    "gathering": "meeting",
    "session": "meeting",
    "walkout": "strike",
    "demonstration": "protest",
    "rally": "protest",
    "quake": "earthquake",
    "tremor": "earthquake",
}


NOT_DERIVED = frozenset(
    {
        "million",
        "billion",
        "trillion",
        "union",
        "opinion",
        "region",
        "station",
        "nation",
        "onion",
        "champion",
        "lion",
        "religion",
        "pension",
        "mansion",
        "television",
        "comment",
        "moment",
    }
)


def stem(lemma: str) -> str:
    """A lower-case lemma with common derivational suffixes and synonyms folded
    (agreement -> agree, talks -> meeting)."""
    w = lemma.lower()
    if w in SYNONYMS:
        return SYNONYMS[w]
    if w in NOT_DERIVED:
        return w
    for suffix, repl in _DERIVATIONS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)] + repl
    return w


# a negation word inside an idiom negates nothing: "not only ... but", "no longer", "nothing but",
# "there is no question that", "no amount of"
IDIOMS = frozenset(
    {
        ("not", "only"),
        ("not", "just"),
        ("not", "least"),
        ("not", "merely"),
        ("no", "longer"),
        ("no", "doubt"),
        ("no", "question"),
        ("no", "matter"),
        ("no", "amount"),
        ("no", "wonder"),
        ("no", "stranger"),
        ("nothing", "but"),
        ("nothing", "short"),
        ("none", "other"),
        ("never", "mind"),
        ("without", "doubt"),
    }
)
# "could not say", "would not comment", "declined to comment": a speaker who does not tell denies
# nothing
NON_COMMITTAL = frozenset(
    {
        "say",
        "comment",
        "confirm",
        "speculate",
        "elaborate",
        "discuss",
        "disclose",
        "identify",
        "specify",
        "reveal",
        "answer",
        "respond",
        "return",  # "did not return calls"
    }
)
_MODALS = frozenset({"could", "would", "can", "will", "ca", "wo", "might", "may"})


def idiomatic(tok: Token) -> bool:
    """A negation word that starts an idiom (``not only``, ``no longer``, ``nothing but``)."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and (tok.lower_, nxt.lower_) in IDIOMS


def non_committal(tok: Token) -> bool:
    """A negation of a verb of telling under a modal (``could not say``, ``would not
    comment``), or a refusal to tell (``declined to comment``): no denial of anything."""
    v = _verb_above(tok) if tok.pos_ not in ("VERB", "AUX") else tok
    if tok.pos_ == "VERB" and tok.lemma_.lower() in NEGATIVE_VERBS:
        inner = _predicate_of(tok)
        return inner is not tok and inner.lemma_.lower() in NON_COMMITTAL
    if v.lemma_.lower() not in NON_COMMITTAL:
        return False
    return tok.lower_ in ("not", "n't", "never") and any(
        c.dep_ == "aux" and c.lower_ in _MODALS for c in v.children
    )


def is_negator(tok: Token) -> bool:
    low = tok.lower_
    if (low in NEGATORS or tok.dep_ == "neg") and (idiomatic(tok) or non_committal(tok)):
        return False
    if tok.pos_ == "VERB" and tok.lemma_.lower() in NEGATIVE_VERBS and non_committal(tok):
        return False
    if tok.dep_ == "neg" or low in NEGATORS:
        return True
    if tok.pos_ == "VERB" and tok.lemma_.lower() in NEGATIVE_VERBS:
        particle = _PARTICLE_NEGATIVE.get(tok.lemma_.lower())
        return particle is None or any(c.lower_ == particle for c in tok.children)
    return False


def polarity(tokens: Iterable[Token]) -> int:
    """+1 for an affirmative claim, -1 when it carries an odd number of negation cues."""
    n = sum(1 for t in tokens if is_negator(t))
    return -1 if n % 2 else 1


LIGHT_VERBS = frozenset(
    {
        "be",
        "have",
        "do",
        "say",
        "tell",
        "add",
        "make",
        "take",
        "go",
        "get",
        "give",
        "come",
        "see",
        "look",
        "need",
        "want",
        "seem",
        "appear",
        "know",
        "think",
        "believe",
        "ask",
        "describe",
    }
)


# outcomes of one happening that exclude each other (stems): a minister who resigned was not
# fired, a defendant acquitted was not convicted, a candidate who won did not lose, someone who
# survived did not die.  Verbs that negate (``dismissed``, ``rejected``) are negations already.
EXCLUSIVE: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"resign", "quit"}), frozenset({"fire", "sack", "oust"})),
    (frozenset({"acquit"}), frozenset({"convict"})),
    (frozenset({"win"}), frozenset({"lose"})),
    (frozenset({"survive"}), frozenset({"die", "kill"})),
)


def excluded_by(p: str) -> frozenset[str]:
    """The outcomes ``p`` excludes (``resign``: fire, sack, oust), empty for most predicates."""
    out: frozenset[str] = frozenset()
    for left, right in EXCLUSIVE:
        if p in left:
            out |= right
        elif p in right:
            out |= left
    return out


def _predicate_of(v: Token) -> Token:
    """The content predicate under a negative verb (``failed to agree`` -> agree)."""
    if v.lemma_.lower() in NEGATIVE_VERBS:
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
                return c
    return v


HYPOTHETICAL = frozenset({"should", "must", "could", "might", "may", "ought"})
DIRECTIVES = frozenset(
    {
        "urge",
        "ask",
        "call",
        "demand",
        "want",
        "propose",
        "suggest",
        "implore",
        "press",
        "seek",
        "hope",
    }
)


def _with_complements(v: Token) -> set[str]:
    """The predicate and those of its complement clauses (``agree that X would be fast-tracked``
    -> agree, track)."""
    out = {stem(v.lemma_)} | labels_of(v)
    for c in v.children:
        if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
            out.add(stem(c.lemma_))
            out |= {stem(g.lemma_) for g in c.children if g.dep_ == "acomp" and g.pos_ == "VERB"}
    return out


_LABEL_DEPS = frozenset({"acomp", "attr", "oprd", "ccomp", "xcomp"})
# adjectives that govern a clause (``able to``, ``sure that``) say nothing of their subject
_NOT_LABELS = frozenset(
    {"able", "unable", "sure", "likely", "unlikely", "possible", "certain", "willing", "ready"}
    | {"aware", "clear", "due", "glad", "happy", "afraid", "eager", "free", "about", "set"}
)


# verbs that put what they are said of in a class (``ruled the death a homicide``, ``treated as
# arson``, ``called it a hate crime``, ``is considered a homicide investigation``)
CLASSIFYING = frozenset(
    {
        "call",
        "consider",
        "deem",
        "rule",
        "label",
        "brand",
        "classify",
        "treat",
        "term",
        "investigate",
        "regard",
        "characterize",
        "characterise",
    }
)


def classes_of(v: Token) -> list[Token]:
    """The class a classifying verb gives (``CLASSIFYING``): the noun of its object predicate
    (``called it a homicide``, ``ruled a homicide``) or of ``as`` (``treated as arson``); of a
    compound, the words that name the class rather than its generic head (``homicide`` of ``a
    homicide investigation``, not ``investigation``)."""
    if v.lemma_.lower() not in CLASSIFYING:
        return []
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)
    nouns = []
    for c in v.children:
        if c.pos_ not in ("NOUN", "PROPN"):
            if c.dep_ == "prep" and c.lower_ == "as":
                nouns += [g for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            continue
        indefinite = any(d.lower_ in ("a", "an") for d in c.children)
        if c.dep_ == "oprd" or (c.dep_ in ("npadvmod", "dobj") and indefinite and passive):
            nouns.append(c)  # "was ruled a homicide" parses as the verb's object or modifier
        elif c.dep_ == "npadvmod" and indefinite:
            nouns.append(c)
    out = []
    for n in nouns:
        compounds = [x for x in n.children if x.dep_ == "compound" and x.pos_ == "NOUN"]
        out += compounds or [n]
    return out


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_STAND_INS = frozenset({"it", "this", "that", "they", "these", "those"})


def _things(n: Token) -> frozenset[str]:
    """Stems of the nouns naming a thing (its phrase without asides); empty for a stand-in
    (``it``)."""
    if n.lower_ in _STAND_INS:
        return frozenset()
    return frozenset(stem(x.lemma_) for x in _core(n) if x.pos_ in ("NOUN", "PROPN"))


class Classed(NamedTuple):
    """A thing a clause puts in a class (``negation.classified``)."""

    cls: str  # the class's stem (``homicide``)
    thing: frozenset[str]  # stems of the nouns naming the thing; empty for a stand-in (``it``)
    verb: str  # the classifying verb's lemma, ``be`` for a plain ``is a``
    text: str  # the thing as written ("" for a stand-in)


def _core(n: Token) -> list[Token]:
    """A noun phrase without its asides (``Tam Reyes, the deckhand,``: ``Tam Reyes``)."""
    out = []
    for x in n.subtree:
        h, aside = x, False
        while h.i != n.i and h.head is not h:
            aside = aside or h.dep_ in ("punct", "appos", "relcl", "acl")
            h = h.head
        if not aside:
            out.append(x)
    return out


def classified(tokens: Iterable[Token]) -> set[Classed]:
    """Each thing a clause puts in a class: by a verb of classifying (``ruled the death a
    homicide``: ``homicide``, {death}, ``rule``) or by *be* (``the blaze was not arson``: verb
    ``be``)."""
    out: set[Classed] = set()
    for t in tokens:
        classes = classes_of(t)
        if not classes and t.lemma_.lower() == "be":
            classes = [c for c in t.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        if not classes:
            continue
        verb = t.lemma_.lower()
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
        deps = ("nsubj",) if verb == "be" else ("nsubjpass",) if passive else ("dobj",)
        inside = {x.i for x in classes}
        thing = next((c for c in t.children if c.dep_ in deps and c.i not in inside), None)
        if thing is None and t.dep_ == "conj" and deps != ("dobj",):  # "was X but is considered"
            thing = next((c for c in t.head.children if c.dep_ in _SUBJECTS), None)
        if thing is None:
            continue
        names = _things(thing)
        text = ""
        if names:
            text = "".join(x.text_with_ws for x in _core(thing)).strip()
        out |= {Classed(stem(c.lemma_), names - {stem(c.lemma_)}, verb, text) for c in classes}
    return out


def _class_label(t: Token) -> bool:
    """``t`` names the class a classifying verb gives (``classes_of``)."""
    n = t.head if t.dep_ == "compound" else t
    v = n.head.head if n.dep_ == "pobj" and n.head.lower_ == "as" else n.head
    return v is not n and any(x.i == t.i for x in classes_of(v))


def _label(t: Token) -> bool:
    """A word said of a subject: an adjective or participle complement (``is not racist``, ``feel
    abandoned``, ``declared them appalling and racist``), a noun after *be* (``not a racist``),
    the class a verb of classifying gives (``was ruled a homicide``)."""
    if t.lemma_.lower() in _NOT_LABELS:
        return False
    if t.pos_ == "NOUN" and _class_label(t):
        return True
    h = t
    while h.dep_ == "conj" and h.head != h:
        h = h.head
    if h.dep_ not in _LABEL_DEPS:
        return False
    if t.pos_ == "ADJ" or (t.pos_ == "VERB" and h.dep_ == "acomp"):
        return True
    return t.pos_ == "NOUN" and h.dep_ == "attr"


def labels(tokens: Iterable[Token]) -> set[str]:
    """Stems of every label in the tokens, affirmed or negated."""
    return {stem(t.lemma_) for t in tokens if _label(t)}


def labels_of(v: Token) -> set[str]:
    """Stems of the labels a predicate gives its subject, with those joined to them by *and*."""
    out: set[str] = {stem(x.lemma_) for x in classes_of(v)}
    for c in v.children:
        if c.dep_ in _LABEL_DEPS and _label(c):
            out.add(stem(c.lemma_))
            out |= {stem(x.lemma_) for x in c.conjuncts if _label(x)}
    return out


def _verb_above(t: Token) -> Token:
    """The nearest verb above ``t`` (an auxiliary counts as its main verb)."""
    v = t
    while v.pos_ not in ("VERB", "AUX") and v.head != v:
        v = v.head
    while v.dep_ in ("aux", "auxpass") and v.head != v:
        v = v.head
    return v


def negated_predicates(tokens: Iterable[Token]) -> list[str]:
    """Stems of the predicates each negation cue negates, with their complement clauses
    (``did not agree that X would be fast-tracked`` -> agree, fast-track; ``failed to agree`` ->
    agree; ``no agreement`` -> agree).  Constituent negation (``answers, not a press release``)
    negates no predicate."""
    out: set[str] = set()
    for t in tokens:
        if not is_negator(t):
            continue
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in NEGATIVE_VERBS:
            out |= _with_complements(_predicate_of(t))
            continue
        head = t.head
        if t.lower_ in ("no", "none", "nothing") and head.pos_ == "NOUN":
            if head.dep_ not in ("pobj", "npadvmod"):
                out.add(stem(head.lemma_))
                continue
        elif head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
            continue
        out |= _with_complements(_predicate_of(_verb_above(head)))
    return [p for p in out if p not in LIGHT_VERBS]


def _asserted(t: Token) -> bool:
    """False for a verb under a modal of obligation or a directive (``urged them to accept``)."""
    if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL for c in t.children):
        return False
    h = t
    for _ in range(2):
        if h.dep_ in ("xcomp", "ccomp") and h.head.lemma_.lower() in DIRECTIVES:
            return False
        h = h.head
    return True


def predicates(tokens: Iterable[Token], asserted_only: bool = True) -> set[str]:
    """Stems of (asserted) content verbs and of nouns made from verbs (agreement -> agree)."""
    out = set()
    for t in tokens:
        lem = t.lemma_.lower()
        if t.pos_ == "VERB" and lem not in LIGHT_VERBS and lem not in NEGATIVE_VERBS:
            if not asserted_only or _asserted(t):
                out.add(stem(lem))
        elif t.pos_ == "NOUN" and stem(lem) != lem:
            out.add(stem(lem))
        if _label(t) and (not asserted_only or _asserted(t.head)):
            out.add(stem(lem))
    return out


def evaluation(tokens: Iterable[Token]) -> int:
    """Sign of the judgement the tokens express: +1 positive, -1 negative, 0 none."""
    score = 0
    prev: list[Token] = []
    for t in tokens:
        low = t.lower_
        lem = t.lemma_.lower()
        value = 0
        if low in POSITIVE or lem in POSITIVE:
            value = 1
        elif low in NEGATIVE or lem in NEGATIVE:
            value = -1
        if value and any(p.lower_ in NEGATORS or p.dep_ == "neg" for p in prev[-3:]):
            value = -value
        score += value
        prev.append(t)
    return (score > 0) - (score < 0)


def account_cue(text: str, tokens: Iterable[Token]) -> str | None:
    """The word or phrase by which a claim disputes another account, if any."""
    for pat in ACCOUNT_PHRASES:
        m = pat.search(text)
        if m:
            return m.group(0)
    for t in tokens:
        # a verb disputes (``the board denied it``); the noun names a quarrel (``the land
        # dispute``, ``a challenge``) without disputing anything itself
        if t.pos_ == "VERB" and t.lemma_.lower() in ACCOUNT_LEMMAS:
            return str(t.text)
        # ``the mayor insisted she did not order it``: insisting on a negation is a denial
        if t.pos_ == "VERB" and t.lemma_.lower() in INSISTING and _negated_clause(t):
            return str(t.text)
    return None


INSISTING = frozenset({"insist", "maintain"})


def _negated_clause(v: Token) -> bool:
    """``v`` governs a clause with a subject of its own that a negation word denies."""
    return any(
        c.dep_ == "ccomp"
        and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
        and any(x.dep_ == "neg" or x.lower_ == "never" for x in c.children)
        for c in v.children
    )


def content_stems(tokens: Iterable[Token]) -> list[str]:
    """Stems of content words (nouns, verbs, adjectives, proper nouns, numbers), no negators."""
    out = []
    for t in tokens:
        if t.is_stop or t.is_punct or t.is_space or is_negator(t):
            continue
        if t.pos_ in ("NOUN", "VERB", "ADJ", "PROPN", "NUM", "ADV"):
            out.append(stem(t.lemma_))
    return out
