"""Mentions in the parse: a speaker mention's noun phrase, the subject of a cue, the author of a
reporting noun, and where a mention sits in its sentence.  ``speakers`` builds on these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsprism.model import Span

Token = Any  # a spaCy token


def words(text: str) -> frozenset[str]:
    """The set of space-separated words of ``text`` (for word lists)."""
    return frozenset(text.split())


RELATIVE = frozenset({"who", "that", "which", "whom"})
# Documents and what they say: their author is the speaker ("a statement from X").
REPORT_NOUNS = words(
    "statement letter report post tweet message email note release announcement article claim"
    " accusation allegation warning remark comment suggestion assertion insistence pledge"
    " description words response reply answer telegram cable voicemail fax e-mail missive"
    " postcard text"
)

# Tags that open a paragraph with a colon without naming a speaker ("UPDATE: ...",
# "WATCH: ...", "EDITOR'S NOTE: ..."): the site's furniture, never a transcript label.
EDITORIAL_LABELS = words(
    "update updated updates correction corrections clarification editor's editors' editor’s"
    " note watch video videos photo photos gallery read more related see also exclusive"
    " breaking live listen analysis opinion editorial interactive timeline map new latest"
    " poll quiz advertisement sponsored programming trending story stories blog raw file info"
    " information source image images picture pictures email twitter facebook contributing"
    " explore further credit credits caption follow share subscribe audio graphic chart slideshow"
)


def editorial_label(label: str) -> bool:
    """Every word of ``label`` is a tag word (``UPDATE``, ``Editor's Note``, ``READ MORE``)."""
    ws = label.lower().replace("’", "'").split()
    return bool(ws) and all(w in EDITORIAL_LABELS for w in ws)


_EXCLUDED_NP_DEPS = frozenset(
    {"relcl", "acl", "appos", "conj", "cc", "advcl", "parataxis", "punct", "nsubj"}
)

# --- noun phrases and subjects -------------------------------------------------------------


def np_tokens(head: Token) -> list[Token]:
    """The head's noun phrase without relative clauses, appositions and coordination."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _EXCLUDED_NP_DEPS and child.text not in {"-", "’s", "'s"}:
                continue
            keep.add(child.i)
            stack.append(child)
    doc = head.doc
    start = end = head.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return [doc[i] for i in range(start, end + 1)]


def np_span(head: Token, offset: int) -> Span:
    """Article offsets of ``np_tokens(head)``; ``offset`` is the segment's start."""
    toks = np_tokens(head)
    return Span(offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1].text))


def subject_of(
    verb: Token, outside: Callable[[Token], bool] | None = None, depth: int = 0
) -> Token | None:
    """The head of the verb's subject, following conjunctions, ``xcomp`` and participles
    (``..., adding that``) up to the verb that has one; relative pronouns are replaced by the
    noun they refer to; a document subject ("the statement from X") by its author.  Passive
    subjects are not speakers (``was said to``).  ``outside`` tells tokens outside quotes."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        # "With his wife, Ana Ruiz, he said", "Speaking in Salem, Oregon, Ruiz said": the parser
        # can make a name set off by commas a second subject of the verb; the real subject is
        # the pronoun after it, or the name after a place or organisation ("Ana Ruiz, from
        # left, Rhys Mills and ... announce" is a list: its first name stays the subject)
        doc = verb.doc
        aside = {
            c.i
            for c in subjects
            if c.i + 1 < len(doc)
            and doc[c.i + 1].text == ","
            and any(
                c.i < d.i < verb.i
                and (d.pos_ == "PRON" or d.pos_ == "PROPN" and c.ent_type_ != "PERSON")
                for d in subjects
            )
        }
        plain = [c for c in subjects if c.i not in aside]
        return _author(_antecedent(plain[0] if plain else subjects[0], verb))
    if has_said(verb):  # "she's said she ...": the parser reads "'s" as a passive "is"
        return _author(next(c for c in verb.children if c.dep_ == "nsubjpass"))
    for child in verb.children:  # "who said said": spaCy hangs the subject on an aux
        if child.dep_ == "aux":
            for grandchild in child.children:
                if grandchild.dep_ == "nsubj":
                    return _author(_antecedent(grandchild, verb))
    for child in verb.children:  # "X, reached by phone, said": the aside took the subject
        if _aside_subject(child, verb) is not None:
            return _author(_aside_subject(child, verb))
    head = verb.head
    if verb.dep_ == "acl" and head.pos_ == "NOUN" and head.lemma_.lower() in REPORT_NOUNS:
        return _author(head)  # "X issued a statement saying ...": the statement, then its author
    # "“...,” and went on to describe": the verb is coordinated with the quoted clause
    while outside is not None and head.i != head.head.i and not outside(head):
        head = head.head
    shared = verb.dep_ in ("conj", "xcomp") or (
        verb.dep_ == "advcl"
        and (verb.tag_ == "VBG" or any(c.lower_ == "to" for c in verb.children))
    )
    if depth < 3 and shared and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
        found = subject_of(head, outside, depth + 1)
        if found is None and verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP"):
            # "no knife was found in the van and Ada's friends said": the parser coordinated
            # the subject with the noun before it; the first clause has no speaker to share
            return _noun_before(verb)
        return found
    if verb.tag_ in ("VBD", "VBZ", "VBP") and not any(
        c.dep_ in ("nsubjpass", "auxpass", "expl") for c in verb.children
    ):
        return _noun_before(verb) or _noun_after(verb)
    return None


def has_said(verb: Token) -> bool:
    """``She's said she has no interest``: ``'s`` is ``has``, not a passive ``is`` (which takes
    an infinitive: ``is said to be``), when the verb reports a clause with its own subject."""
    children = list(verb.children)
    return (
        any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in children)
        and any(c.dep_ == "nsubjpass" for c in children)
        and any(
            c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
            for c in children
        )
    )


def _aside_subject(clause: Token, verb: Token) -> Token | None:
    """``X, reached by phone, said``: the parser can make the participle set off by commas a
    clause of the verb with ``X`` as its subject; ``X`` is the verb's subject."""
    if clause.dep_ not in ("ccomp", "advcl") or clause.tag_ not in ("VBN", "VBD"):
        return None
    doc = verb.doc
    if not clause.i < verb.i or doc[verb.i - 1].text != "," or clause.right_edge.i + 2 < verb.i:
        return None
    for child in clause.children:
        last = child.right_edge.i
        if (
            child.dep_ == "nsubj"
            and last < clause.i
            and "," in (doc[last].text, doc[last + 1].text)
        ):
            return child
    return None


def _noun_after(verb: Token) -> Token | None:
    """``“...,” said one visibly shaken firefighter``: the subject of an inverted cue right after
    a quote's closing mark, which the parser hangs elsewhere: the first noun after the verb
    before any preposition or verb."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in "\"”’'»":
        return None
    for tok in doc[verb.i + 1 : min(len(doc), verb.i + 7)]:
        if tok.pos_ in ("ADP", "VERB", "AUX", "PUNCT") and tok.tag_ != "VBN":
            return None
        if tok.pos_ in ("NOUN", "PROPN"):
            return tok
    return None


def _noun_before(verb: Token) -> Token | None:
    """Subject missed by the parser: the noun phrase right before the verb
    ("as the author of the report said", "Speaking later a spokesperson for X said")."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].pos_ == "ADV":
        i -= 1
    if i < 0 or doc[i].pos_ not in ("NOUN", "PROPN") or doc[i].sent.start != verb.sent.start:
        return None
    tok = doc[i]
    while (
        tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN")
    ):
        tok = tok.head.head
    return tok


def _author(subject: Token | None) -> Token | None:
    """The author of a document subject ("the statement from X", "X's letter"), if given."""
    if subject is not None and subject.is_punct:  # a mis-parse such as "co-chairman"
        subject = next((c for c in subject.children if c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None or subject.lemma_.lower() not in REPORT_NOUNS:
        return subject
    return report_agent(subject) or subject


WHEN = frozenset({"DATE", "TIME"})


def report_agent(noun: Token) -> Token | None:
    """Who a reporting noun belongs to: "claims by X", "a statement from X", "X's letter"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ not in WHEN:  # "a report from May 4": when
                return obj
    return None


def _antecedent(subject: Token, verb: Token) -> Token | None:
    if subject.lower_ not in RELATIVE:
        return subject
    before = _noun_before_relative(subject)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        if _personal_relative(subject, verb.head, before):
            return before  # "a letter quoting X who said": "who" is X, not the letter
        return _first_person(verb.head)
    # spaCy often fails to attach "..., who said" as a relative clause: take the noun before it
    return None if before is None else _first_person(before)


def _personal_relative(pronoun: Token, head: Token, before: Token | None) -> bool:
    """``who`` stands for a person: when the parser hangs its clause on a document (``a post
    quoting X who said``), the person named right before the pronoun is the one meant."""
    return (
        pronoun.lower_ in ("who", "whom")
        and before is not None
        and before.i > head.i
        and before.ent_type_ == "PERSON"
        and head.ent_type_ != "PERSON"
        and head.lemma_.lower() in REPORT_NOUNS
    )


def _noun_before_relative(subject: Token) -> Token | None:
    """The noun right before a relative pronoun (commas and spaces skipped), if any."""
    i = subject.i - 1
    doc = subject.doc
    while i >= 0 and (doc[i].is_punct or doc[i].is_space):
        i -= 1
    if i < 0 or doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    return doc[i]


def _first_person(tok: Token) -> Token:
    """Climb from a noun inside "A, chair of X and B, head of Y" to the first named person."""
    best = tok if tok.ent_type_ == "PERSON" else None
    cur = tok
    for _ in range(12):
        if cur.dep_ not in ("pobj", "prep", "appos", "conj", "compound") or cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.ent_type_ == "PERSON" and cur.pos_ == "PROPN":
            best = cur
    return best if best is not None else tok


_OBJECTS = frozenset({"dobj", "iobj", "dative", "attr", "oprd"})


def in_object(head: Token) -> bool:
    """The mention is no clause's subject but sits inside the object of its verb (``Y`` in
    ``X denied claims by Y that ...``): a pronoun after it means ``X``, not ``Y``."""
    if head.dep_ in ("nsubj", "nsubjpass"):
        return False
    tok = head
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        if tok.dep_ in _OBJECTS:
            return True
        tok = tok.head
    return False
