"""Short readable phrases cut from a clause's dependency parse, for disagreement topics.

A disagreement's topic is built from its sides' clauses (``disagreements.readable_topic``); this
module cuts the pieces at claim time, while the parse is at hand, and stores them on the
``ClaimInfo`` as plain strings:

* ``predicate_phrases`` — for each content verb, its clause made affirmative and short: the
  verb's subject, auxiliaries (negation dropped), the verb and its complements, without
  adverbial clauses, conjuncts, relative clauses, appositions and date modifiers
  (``the two councillors' appeals are being heard``).  A verb that completes
  another (``tried to gloss``) is phrased from the verb it completes.
* ``core_phrase`` — the clause's main assertion the same way; a reporting verb (``said``) gives
  way to what was reported.
* ``evaluated_targets`` — the things a clause judges: the object of a verb of judging
  (``described the talks as ...``) or the subject of ``be`` with an evaluative complement.
* ``counted_phrases`` — for each number, what it counts (``How many fans the stadium would
  hold``), the noun in the plural as the text writes it (``counted_plurals``, ``plural_of``).
* ``eventive_nouns`` — nouns used as happenings (``after the meeting``, ``the talks ended``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from newsprism.analyze.disagreements import negation

Token = Any

MAX_WORDS = 14
PRONOUNS = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those", "which", "who"}
)
REPORTING = frozenset(
    {
        "say",
        "tell",
        "add",
        "claim",
        "insist",
        "announce",
        "report",
        "state",
        "suggest",
        "confirm",
        "warn",
        "argue",
        "believe",
        "think",
        "understand",
        "write",
    }
)
JUDGING = frozenset(
    {"describe", "call", "brand", "label", "term", "dub", "hail", "condemn", "criticise"}
)
_DROP_CHILD = frozenset(
    {
        "neg",
        "advcl",
        "punct",
        "cc",
        "conj",
        "mark",
        "parataxis",
        "appos",
        "relcl",
        "intj",
        "discourse",
        "meta",
        "dep",
        "preconj",
    }
)
_DROP_VERB_CHILD = _DROP_CHILD | {"advmod", "npadvmod", "ccomp", "csubj"}
_QUOTES = "\"“”‘'’«»"
_PERCENT_WORDS = frozenset({"per", "cent", "percent", "%"})
_DOUBLE_QUOTES = '"“”«»'
_EVENT_PREPS = frozenset({"after", "before", "during", "following", "since", "until"})
_EVENT_VERBS = frozenset({"end", "begin", "start", "last", "finish", "conclude", "collapse"})


def _is_date(tok: Token) -> bool:
    return any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree)


def _negative(tok: Token) -> bool:
    return tok.dep_ == "neg" or tok.lower_ in ("never", "not", "n't")


def _collect(
    tok: Token, keep: set[int], inside: tuple[int, int], short: bool, readable: bool = False
) -> None:
    """Add ``tok`` and the parts of its subtree a short phrase keeps (``readable``: with the
    ``whether``/``if`` of a clause inside it, ``about whether he was``, not ``about he was``)."""
    if not inside[0] <= tok.i < inside[1]:
        return
    keep.add(tok.i)
    verb = tok.pos_ in ("VERB", "AUX")
    for c in tok.children:
        asks = readable and c.dep_ == "mark" and c.lower_ in ("whether", "if")
        if _negative(c) or (c.dep_ in _DROP_CHILD and not _kept_in_noun(c, verb) and not asks):
            continue
        if c.dep_ in ("prep", "npadvmod") and _is_date(c):
            continue
        if short and c.dep_ in ("prep", "acl") and tok.pos_ in ("NOUN", "PROPN"):
            continue
        _collect(c, keep, inside, short, readable)


def _kept_in_noun(c: Token, verb_head: bool) -> bool:
    """Inside a noun phrase, coordination (``A and B's cases``) and hyphens stay."""
    if c.dep_ in ("conj", "cc") and not verb_head and c.pos_ not in ("VERB", "AUX"):
        return True
    return c.dep_ == "punct" and c.text in ("-", "–") and not c.whitespace_


# the host of a cut ``n't``, written out: ``ca`` of ``can't``, ``wo`` of ``won't``
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}
_NOT = ("n't", "n’t")


def _title_cased(sent: Any) -> bool:
    """A sentence written as a headline: most of its longer words capitalised."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)


def _as_read(t: Token, word: str) -> str:
    """A word as a heading reads it (``readable``): a contraction's host written out, the
    pronoun ``I`` in capitals, a common word of a headline in lower case."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if t.lower_ in _CONTRACTED and nxt is not None and nxt.lower_ in _NOT:
        out = _CONTRACTED[t.lower_]
        return out[:1].upper() + out[1:] if word[:1].isupper() else out
    if t.lower_ == "i" and t.pos_ == "PRON":
        return "I"
    if (
        word[:1].isupper()
        and word != "I"
        and (t.pos_ != "PROPN" or t.is_stop)  # a headline's ``To``, ``Across`` read as names
        and not t.ent_type_
        and _title_cased(t.sent)
    ):
        return word[:1].lower() + word[1:]
    return word


def _render(
    doc: Any, keep: set[int], replace: dict[int, str] | None = None, readable: bool = False
) -> str:
    words = []
    for n, i in enumerate(sorted(keep)):
        t = doc[i]
        if all(ch in _QUOTES for ch in t.text) and t.tag_ != "POS":
            continue
        word = (replace or {}).get(i) or t.text.strip(_DOUBLE_QUOTES)
        if readable:
            word = _as_read(t, word)
        if t.dep_ == "det" and t.lower_ == "no":
            word = "any"  # no MP should -> whether any MP should
        if n == 0 and t.pos_ != "PROPN" and not t.ent_type_ and word != "I":
            word = word[:1].lower() + word[1:]
        gap = t.whitespace_ if i + 1 in keep else " "
        words.append(word + gap)
    text = "".join(words).strip()
    text = text.replace(" ’s", "’s").replace(" 's", "'s").replace(" ,", ",")
    return " ".join(text.split())


def _inflected(v: Token, tag: str) -> str:
    """``v``'s lemma as its document writes it with ``tag`` (VBD: ``used``), "" if never."""
    lemma = v.lemma_.lower()
    return next((t.text for t in v.doc if t.tag_ == tag and t.lemma_.lower() == lemma), "")


def verb_phrase(
    v: Token,
    inside: tuple[int, int],
    *,
    subject: bool = True,
    short: bool = False,
    readable: bool = False,
) -> str:
    """``v`` with its subject, auxiliaries and complements, affirmative, without adverbials.

    ``readable``: the phrase as a heading reads it: a verb that would end it having lost the
    clause it reports keeps that clause (``a spokesman declared that ...``); a ``did``/``does``
    dropped with the negation gives its tense to the verb as the document writes it (``he did
    not use`` -> ``he used``), else stays (``he did use``); words as ``_as_read`` writes them."""
    keep: set[int] = set()
    replace: dict[int, str] = {}
    if not inside[0] <= v.i < inside[1]:
        return ""
    keep.add(v.i)
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass") and not subject:
            continue
        if c.dep_ in _DROP_VERB_CHILD or _negative(c):
            continue
        if c.dep_ == "prep" and (_is_date(c) or c.i < v.i):
            continue
        if c.dep_ == "aux" and c.lower_ in ("do", "does", "did"):
            if not readable or c.lower_ == "do" or v.tag_ != "VB":
                continue
            form = _inflected(v, "VBD" if c.lower_ == "did" else "VBZ")
            if form:
                replace[v.i] = form
                continue
            # no such form in the document: the auxiliary stays (``he did use``)
        _collect(c, keep, inside, short, readable)
    told = next((c for c in v.children if c.dep_ == "ccomp"), None)
    if readable and told is not None and max(keep) == v.i:
        # the clause it reports was cut and the phrase would end on the verb (``a spokesman
        # declared``): a clause after the verb stays, with its ``that``
        if told.i > v.i:
            _collect(told, keep, inside, True, readable)
            keep.update(
                c.i for c in told.children if c.dep_ == "mark" and inside[0] <= c.i < inside[1]
            )
        if max(keep) == v.i:
            return ""  # told before it (``..., the office said``) or outside the claim
    text = _render(v.doc, keep, replace, readable)
    if not short and len(text.split()) > MAX_WORDS:
        return verb_phrase(v, inside, subject=subject, short=True, readable=readable)
    words = text.split()
    if len(words) > MAX_WORDS:
        text = " ".join(words[:MAX_WORDS]) + "…"
    return text


def _subject(v: Token) -> Token | None:
    return next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _top(t: Token) -> Token:
    """The verb a chain of ``xcomp`` complements hangs from (tried to gloss -> tried)."""
    while t.dep_ == "xcomp" and t.head != t and t.head.pos_ in ("VERB", "AUX"):
        t = t.head
    return t


def predicate_phrases(
    toks: Sequence[Token], inside: tuple[int, int]
) -> tuple[tuple[str, str], ...]:
    """(predicate stem, affirmative phrase) for each content verb of the clause."""
    return tuple((k, v) for k, v in _predicate_phrases(toks, inside).items() if v)


def _predicate_phrases(
    toks: Sequence[Token], inside: tuple[int, int], readable: bool = False
) -> dict[str, str]:
    out: dict[str, str] = {}
    phrases: dict[int, str] = {}  # verb -> its phrase: several words of a clause reach one verb
    for t in toks:
        if t.pos_ not in ("VERB", "NOUN"):
            continue
        key = negation.stem(t.lemma_.lower())
        if key in out:
            continue
        v = _top(t) if t.pos_ == "VERB" else _top(t.head)  # an agreement -> ... reached
        if (t.pos_ == "NOUN" and (key == t.lemma_.lower() or t.head.pos_ != "VERB")) or (
            _subject(v) is None
        ):
            continue  # no subject: not a readable clause
        if v.i not in phrases:
            phrases[v.i] = verb_phrase(v, inside, readable=readable)
        out[key] = phrases[v.i]
    return out


def _main_verb(toks: Sequence[Token]) -> Token | None:
    inside = {x.i for x in toks}  # once, not once per token
    roots = [t for t in toks if t.dep_ == "ROOT" or t.head.i not in inside]
    v = next((t for t in roots if t.pos_ in ("VERB", "AUX")), None)
    if v is None:
        v = next((t for t in toks if t.pos_ == "VERB"), None)
    while v is not None and v.lemma_.lower() in REPORTING:
        inner = next((c for c in v.children if c.dep_ == "ccomp"), None)
        if inner is None:
            break
        v = inner
    return v


def core_phrase(toks: Sequence[Token], inside: tuple[int, int], readable: bool = False) -> str:
    """The clause's main assertion, affirmative and short (a reported clause for ``said``)."""
    v = _main_verb(toks)
    if v is None or _subject(v) is None:
        return ""
    return verb_phrase(v, inside, readable=readable)


def disputed_verb(toks: Sequence[Token], cue: str | None) -> Token | None:
    """The verb of the clause a denial disputes (``denied claims that the ferry talks had
    collapsed`` -> ``collapsed``), None when the denial names no clause (``denied it``)."""
    if not cue:
        return None
    verb = next((t for t in toks if t.text == cue or t.lemma_.lower() == cue.lower()), None)
    if verb is None:
        return None
    inner = [
        t
        for c in verb.children
        if c.dep_ not in ("advcl", "conj", "parataxis", "cc", "punct", "nsubj", "nsubjpass")
        for t in c.subtree
    ]
    for t in sorted(inner, key=lambda x: x.i):
        if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ccomp", "acl") and _subject(t) is not None:
            return t
    return None


def disputed_phrase(
    toks: Sequence[Token], cue: str | None, inside: tuple[int, int], readable: bool = False
) -> str:
    """What a denial disputes: the clause under the cue verb (``denied claims ... that the ferry
    talks had collapsed`` -> ``the ferry talks had collapsed``)."""
    verb = disputed_verb(toks, cue)
    return verb_phrase(verb, inside, readable=readable) if verb is not None else ""


def readable_phrases(
    toks: Sequence[Token], inside: tuple[int, int], cue: str | None
) -> tuple[tuple[str, str], ...]:
    """(phrase as cut, as a heading reads it; "" when it cannot head a question) for the
    clause's predicate phrases, core and disputed clause whose reading differs
    (``verb_phrase(readable=True)``).  The phrases as cut stay what the evidence compares; a
    heading reads them through this map."""
    pairs = list(
        zip(
            _predicate_phrases(toks, inside).values(),
            _predicate_phrases(toks, inside, readable=True).values(),
            strict=True,
        )
    )
    pairs.append((core_phrase(toks, inside), core_phrase(toks, inside, readable=True)))
    pairs.append(
        (disputed_phrase(toks, cue, inside), disputed_phrase(toks, cue, inside, readable=True))
    )
    return tuple(dict((a, b) for a, b in pairs if a and a != b).items())


def noun_phrase(n: Token) -> str:
    """A short definite noun phrase for ``n``: its possessor, compounds and modifiers."""
    keep = {n.i}
    for c in n.children:
        if any(x.like_num or x.lemma_.lower() in _PERCENT_WORDS for x in c.subtree) or (
            c.dep_ == "poss" and c.pos_ == "PRON"
        ):
            continue
        if c.dep_ in ("poss", "compound", "nmod") or (
            c.dep_ == "amod" and c.lower_ not in negation.POSITIVE | negation.NEGATIVE
        ):
            keep.update(t.i for t in c.subtree)
    text = _render(n.doc, keep)
    has_owner = n.pos_ == "PROPN" or any(c.dep_ == "poss" and c.pos_ != "PRON" for c in n.children)
    return text if has_owner else f"the {text}"


def _judged(tok: Token) -> bool:
    words = negation.POSITIVE | negation.NEGATIVE
    return any(t.lower_ in words or t.lemma_.lower() in words for t in tok.subtree)


def evaluated_targets(toks: Sequence[Token]) -> tuple[tuple[str, str], ...]:
    """(noun lemma, noun phrase) of the things the clause judges."""
    out = []
    for t in toks:
        lem = t.lemma_.lower()
        target = None
        if t.pos_ == "VERB" and lem in JUDGING:
            target = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
        elif lem == "be" and any(c.dep_ in ("attr", "acomp") and _judged(c) for c in t.children):
            target = _subject(t)
        if (
            target is not None
            and target.pos_ in ("NOUN", "PROPN")
            and any(ch.isalpha() for ch in target.text)
        ):
            out.append((target.lemma_.lower(), noun_phrase(target)))
    return tuple(out)


_PLURAL_TAGS = ("NNS", "NNPS")


def plural_of(n: Token) -> str:
    """The noun ``n`` in the plural as its text writes it: ``n`` itself when it is plural, else
    the first plural of its lemma in its document; "" when the text never writes it in the
    plural.  Never a plural built by rule (``family`` -> ``familys``)."""
    if n.tag_ in _PLURAL_TAGS:
        return str(n.text.lower())
    lemma = n.lemma_.lower()
    return next(
        (
            str(t.text.lower())
            for t in n.doc
            if t.tag_ in _PLURAL_TAGS and t.lemma_.lower() == lemma
        ),
        "",
    )


def counted_plurals(toks: Sequence[Token]) -> tuple[tuple[str, str], ...]:
    """(stem, plural as written; ``plural_of``) of the nouns the clause counts (a number's
    noun) or writes in the plural: what a ``How many`` heading names them by."""
    from newsprism.analyze.disagreements.quantities import unit_of

    out: dict[str, str] = {}
    for t in toks:
        if t.pos_ != "NOUN" or not any(ch.isalpha() for ch in t.text):
            continue
        counted = any(c.like_num for c in t.children)
        if t.tag_ not in _PLURAL_TAGS and not counted:
            continue
        plural = plural_of(t)
        if plural:
            for key in (negation.stem(t.lemma_.lower()), unit_of(t)):
                out.setdefault(key, plural)
    return tuple(out.items())


def _short_clause(v: Token, inside: tuple[int, int]) -> str:
    """Subject, auxiliaries, verb and particle (``the stadium would hold``)."""
    keep: set[int] = {v.i}
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "prt") and not _negative(c):
            keep.update(x.i for x in c.subtree if inside[0] <= x.i < inside[1])
        elif c.dep_ == "acomp" and not any(x.like_num for x in c.subtree):
            keep.add(c.i)
    finite = any(c.dep_ in ("aux", "auxpass") for c in v.children) or v.tag_ not in ("VB", "VBG")
    # "saw the index close down 412 points" / "with the index falling 1,500 points": the question
    # asks in the past (how many points the index closed down)
    return _render(v.doc, keep, None if finite else {v.i: past_tense(v.lemma_.lower())})


_IRREGULAR_PAST = {
    "be": "was",
    "become": "became",
    "begin": "began",
    "bring": "brought",
    "buy": "bought",
    "come": "came",
    "fall": "fell",
    "find": "found",
    "get": "got",
    "give": "gave",
    "go": "went",
    "have": "had",
    "hit": "hit",
    "hold": "held",
    "keep": "kept",
    "leave": "left",
    "lose": "lost",
    "make": "made",
    "pay": "paid",
    "put": "put",
    "rise": "rose",
    "run": "ran",
    "say": "said",
    "see": "saw",
    "sell": "sold",
    "shed": "shed",
    "sink": "sank",
    "spend": "spent",
    "take": "took",
    "tell": "told",
    "win": "won",
}


def past_tense(lemma: str) -> str:
    """The simple past of a verb's lemma (``fall`` -> ``fell``, ``close`` -> ``closed``,
    ``drop`` -> ``dropped``, ``carry`` -> ``carried``)."""
    if lemma in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    vowels = [i for i, ch in enumerate(lemma) if ch in "aeiou"]
    if (
        len(vowels) == 1
        and vowels[0] == len(lemma) - 2
        and lemma[-1] not in "aeiouwxy"
        and len(lemma) <= 4
    ):
        return lemma + lemma[-1] + "ed"  # drop -> dropped, one short syllable
    return lemma + "ed"


def _percent_question(t: Token, inside: tuple[int, int]) -> str:
    """``How much the company's offer was worth`` / ``The size of the pay offer``."""
    x = t.head
    while (
        x.pos_ not in ("VERB", "AUX", "NOUN") or x.lemma_.lower() in _PERCENT_WORDS
    ) and x.head != x:
        x = x.head
    if x.pos_ == "NOUN" and x.lemma_.lower() not in _PERCENT_WORDS:
        return f"The size of {noun_phrase(x)}"
    if x.pos_ in ("VERB", "AUX") and _subject(x) is not None:
        return f"How much {_short_clause(x, inside)}"
    return "What percentage"


def counted_phrases(toks: Sequence[Token], inside: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    """(unit stem, question) for each number: ``How many fans the stadium would hold``."""
    out = []
    for t in toks:
        if not t.like_num or t.ent_type_ in ("DATE", "TIME"):
            continue
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        percent = t.text.endswith("%") or (nxt is not None and nxt.lower_ in ("per", "percent"))
        if percent:
            out.append(("per cent", _percent_question(t, inside)))
            continue
        n = t.head if t.head.pos_ == "NOUN" else None
        if n is None:
            continue
        unit = negation.stem(n.lemma_)
        plural = plural_of(n)
        if t.ent_type_ != "MONEY" and not plural:
            continue  # the text never names them in the plural: no question built by rule
        lead = "How much" if t.ent_type_ == "MONEY" else f"How many {plural}"
        v = n.head
        if v.pos_ in ("VERB", "AUX") and n.dep_ in ("dobj", "attr") and _subject(v) is not None:
            out.append((unit, f"{lead} {_short_clause(v, inside)}"))
        else:
            out.append((unit, lead))
    return tuple(out)


def eventive_nouns(toks: Iterable[Token]) -> frozenset[str]:
    """Nouns the clause uses as happenings: ``after the meeting``, ``the talks ended``."""
    out = set()
    for t in toks:
        if t.pos_ != "NOUN":
            continue
        head = t.head.lemma_.lower()
        if (
            (t.dep_ == "pobj" and t.head.lower_ in _EVENT_PREPS)
            or (t.dep_ == "nsubj" and head in _EVENT_VERBS)
            or (t.dep_ == "dobj" and head in ("attend", "hold", "adjourn"))
        ):
            out.add(t.lemma_.lower())
    return frozenset(out)
