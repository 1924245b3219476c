"""A grammar check of disagreement headings: does each read as a question a reader can take in?

The check is the *measure*, written apart from the code that builds headings
(``analyze/disagreements/topics.py`` and ``phrasing.py``) so that the builder cannot grade itself.
It reads a heading's words and its spaCy parse and names each problem it finds:

* ``not a question`` — not one of the question shapes (``Whether ...``, ``How ...``, ``When
  ...``, ``Who said ...``, ``What ...``, ``Which ...``, ``At what ...``, ``On which ...``,
  ``<name>'s role``): a list of keywords (``press, conference, say``) is not a heading;
* ``dangling end`` — it stops on a word that needs more after it (a preposition, an article or
  a determiner, a conjunction, an auxiliary, ``to``) or on a verb that lost the clause it reports
  or introduces (``Whether a spokesman declared``);
* ``broken word`` — a contraction cut in two (``ca`` of ``can't``, ``wo`` of ``won't``) or the
  pronoun ``i`` in lower case;
* ``title case`` — a common word capitalised inside the heading, as a headline writes it
  (``Whether they Come to be Picked Up``);
* ``agreement`` — a verb in its bare form after a singular or past subject with no auxiliary
  before it, what dropping ``did`` of ``did not`` leaves (``Whether he use the words``);
* ``broken clause`` — pieces of two clauses run together: a subject pronoun as the object of a
  preposition or verb (``the rancher about he was``), or a verb with two objects where one is a
  stray pronoun (``kill me you``).

``benchmarks/real_clusters.py`` counts the problems over every heading of the 16 real clusters
(both halves) and the seeds; the unit tests run it on invented headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

QUESTION = re.compile(
    r"^(?:Whether|How|When|Who|Whom|Whose|What|Which|Where|Why|At what|On which|In which)\b"
    r"|^[^,]+[’']s role$"
)
DANGLING_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "AUX", "PART"})
# verbs that report or introduce a clause: with nothing after them the heading is cut short
CLAUSE_VERBS = frozenset(
    {
        "say",
        "tell",
        "declare",
        "announce",
        "claim",
        "insist",
        "state",
        "report",
        "show",
        "reveal",
        "suggest",
        "confirm",
        "deny",
        "add",
        "write",
        "explain",
        "argue",
        "believe",
        "think",
        "know",
        "ask",
        "want",
        "warn",
        "note",
    }
)
CUT_CONTRACTIONS = frozenset({"ca", "wo", "sha"})
PROBLEMS = (
    "not a question",
    "dangling end",
    "broken word",
    "title case",
    "agreement",
    "broken clause",
)
# words that never end a clause, whatever the tagger makes of them
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "with",
        "and",
        "or",
        "but",
        "about",
        "from",
        "by",
        "at",
        "to",
        "than",
        "into",
        "whose",
        "which",
        "whether",
        "if",
    ]
)
SUBJECT_CASE = frozenset({"i", "he", "she", "we", "they"})
# a heading that fronts its question word ends on its verb: ``How old Tobias Wren is``
FRONTED = re.compile(r"^(?:How|What|Which|When|Where|Why|At what|On which|In which)\b")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text)


def heading_problems(topic: str, nlp: Any) -> tuple[str, ...]:
    """The problems (``PROBLEMS``) of one heading, in that order; () when it reads well."""
    text = topic.strip().rstrip("…").strip()
    found: list[str] = []
    if not QUESTION.search(text):
        found.append("not a question")
    quoted = text.startswith("Who said")  # the words of a quote are as they were said
    doc = nlp(text)
    toks = [t for t in doc if not t.is_punct]
    fronted = bool(FRONTED.search(text))
    if not quoted and toks and _dangles(toks[-1], topic.rstrip().endswith("…"), fronted):
        found.append("dangling end")
    words = _words(text)
    if not quoted and any(w in CUT_CONTRACTIONS or w == "i" for w in words[1:]):
        found.append("broken word")
    if not quoted and _title_cased(toks[1:]):
        found.append("title case")
    if not quoted and any(_bare_after_subject(t) for t in toks):
        found.append("agreement")
    if not quoted and any(_broken(t) for t in toks):
        found.append("broken clause")
    return tuple(p for p in PROBLEMS if p in found)


def _dangles(last: Any, cut: bool, fronted: bool) -> bool:
    if cut:  # a long phrase cut short on purpose ("…"): its end is not a sentence end
        return False
    if last.lower_ in FUNCTION_WORDS:
        return True
    if fronted and last.pos_ == "AUX":
        return False
    if last.pos_ in DANGLING_POS and last.lower_ not in ("up", "out", "off", "down", "over", "in"):
        return True
    has_after = any(c.i > last.i for c in last.children)
    return last.pos_ == "VERB" and last.lemma_.lower() in CLAUSE_VERBS and not has_after


def _title_cased(toks: Iterable[Any]) -> bool:
    """A common word capitalised inside the heading: a verb, auxiliary, adposition or particle
    (not a name, not the pronoun I, not the first word of a quote)."""
    return any(
        t.text[:1].isupper()
        and t.text != "I"
        and not t.ent_type_
        and t.pos_ in ("VERB", "AUX", "ADP", "PART")
        and t.i > 1
        and t.doc[t.i - 1].text not in ("“", '"', "‘")
        for t in toks
    )


def _bare_after_subject(t: Any) -> bool:
    """``he use``: a bare verb (VB, VBP) with a singular subject of its own and no auxiliary,
    modal or ``to``."""
    if t.tag_ not in ("VB", "VBP") or t.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(t.children)
    subject = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    if any(c.dep_ in ("aux", "auxpass") or c.tag_ in ("MD", "TO") for c in kids):
        return False
    if t.tag_ == "VBP" and subject.lower_ not in ("he", "she", "it"):
        return False  # a present plural, or a collective noun (``the police say``)
    if subject.lower_ in ("i", "you", "we", "they") or subject.tag_ in ("NNS", "NNPS"):
        return False  # a plural or first/second person subject takes the bare form
    return not (t.dep_ in ("xcomp", "ccomp") and t.head.lemma_.lower() in ("make", "let", "see"))


def _broken(t: Any) -> bool:
    if t.lower_ in SUBJECT_CASE and t.dep_ in ("pobj", "dobj"):
        return True
    objects = [c for c in t.children if c.dep_ == "dobj"]
    return len(objects) > 1 and any(c.pos_ == "PRON" for c in objects)


def count_problems(topics: Iterable[str], nlp: Any) -> dict[str, int]:
    """How many headings have each problem, and ``headings`` / ``flagged`` in all."""
    out = {p: 0 for p in PROBLEMS}
    out["headings"] = out["flagged"] = 0
    for topic in topics:
        probs = heading_problems(topic, nlp)
        out["headings"] += 1
        out["flagged"] += bool(probs)
        for p in probs:
            out[p] += 1
    return out
