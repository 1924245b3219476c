"""Claims: the sentences and clauses of the articles, each with who asserts it and its cues.

``extract_claims(docs, quotes, events, independent)`` cuts every content sentence into clauses at
``;`` and at a contrastive ``, but`` (a list of demands after ``they did not agree ...;`` keeps the
negation of its head clause).  Each clause is a ``Claim`` with:

* the **speaker**: the speaker of the quote that covers most of it (``find_quotes`` from the
  attribution work), else the reporter's own voice (None); a clause whose verb disputes an
  account (``denied``) is asserted by that verb's subject;
* its **kind**: ``evaluation`` (judgement words), ``position`` (``should``/``must``, demands),
  else ``fact``;
* **what it is about**: named entities, content-word stems, numbers with their unit, dates;
* the cues of ``negation``: polarity, evaluation sign, account cue.

The cues travel next to the frozen ``Claim`` in a ``ClaimInfo``; they are not part of the briefing.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsprism.analyze.disagreements import negation, phrasing
from newsprism.analyze.disagreements.numerals import SMALL
from newsprism.analyze.disagreements.quantities import Quantity, find_quantities, named_group
from newsprism.analyze.time.dates import WEEKDAYS, find_dates
from newsprism.model import Claim, ClaimKind, Event, Quote, Speaker
from newsprism.spans import Overlapping

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

Token = Any

NUMBER_WORDS = SMALL  # zero to twenty
POSITION_WORDS = frozenset({"should", "must", "demand", "call", "urge", "want", "need", "ought"})
_SPLIT_WORDS = frozenset({"but", "however", "while", "whereas"})


@dataclass(frozen=True)
class ClaimInfo:
    """A claim with the cues that compare it with others."""

    claim: Claim
    text: str
    stems: tuple[str, ...]
    polarity: int
    evaluation: int
    account: str | None
    numbers: tuple[tuple[float, str], ...]  # (value, unit stem)
    dates: tuple[str, ...]  # date expressions as written
    speaker_name: str | None
    source: int  # index of the independent source the article belongs to
    inherited_negation: bool = False  # a list item after a negated head clause
    predicates: frozenset[str] = frozenset()  # content verbs (and nouns made from verbs)
    negated: frozenset[str] = frozenset()  # predicates under a negation cue
    # readable pieces for topics (``phrasing``): predicate -> affirmative phrase, main assertion,
    # judged things (lemma, phrase), counted things (unit, question), happening nouns
    phrases: tuple[tuple[str, str], ...] = ()
    core: str = ""
    targets: tuple[tuple[str, str], ...] = ()
    counted: tuple[tuple[str, str], ...] = ()
    eventive: frozenset[str] = frozenset()
    disputed: str = ""  # for a denial: the clause it disputes
    quantities: tuple[Quantity, ...] = ()  # figures normalised to intervals (``quantities``)
    labels: frozenset[str] = frozenset()  # words said of a subject (``is not racist``)
    # the weekdays the claim's article names anywhere, and the one it names most (at least
    # twice, more than any other; "" when none): the day a claim naming no day most likely
    # tells of (``days_of``)
    article_days: frozenset[str] = frozenset()
    main_day: str = ""
    # for a denial naming what it disputes: that clause's verb (a stem) and its content stems
    # (``denied that he sold the boat``: ``sell``; ``sell``, ``boat``)
    disputed_predicate: str = ""
    disputed_stems: frozenset[str] = frozenset()
    # what the clause puts in a class, by a verb of classifying or by *be* (``the death was
    # ruled a homicide``: homicide, {death}, rule; ``negation.classified``)
    classified: tuple[negation.Classed, ...] = ()
    # (noun stem, its plural as the article writes it) for the nouns the clause counts
    # (``phrasing.counted_plurals``): a ``How many`` heading names them so, never by rule
    plurals: tuple[tuple[str, str], ...] = ()
    # (phrase as cut, as a heading reads it; "" when it cannot head one) where they differ
    # (``phrasing.readable_phrases``): topics read ``phrases``, ``core`` and ``disputed`` so
    readable: tuple[tuple[str, str], ...] = ()


def _tokens_in(offsets: list[int], toks: list[Token], s: int, e: int) -> list[Token]:
    i = bisect.bisect_left(offsets, s)
    j = bisect.bisect_left(offsets, e)
    return toks[i:j]


def _clauses(
    text: str, toks: Sequence[Token], offs: Sequence[int], s: int, e: int
) -> list[tuple[int, int, bool]]:
    """Cut ``[s, e)`` at semicolons and contrastive conjunctions; (start, end, inherits_negation)."""
    cuts: list[tuple[int, bool]] = []  # (cut position, later clause inherits negation)
    for tok, off in zip(toks, offs, strict=True):
        if tok.text == ";":
            cuts.append((off + 1, True))
        elif tok.lower_ in _SPLIT_WORDS and tok.dep_ in ("cc", "mark", "advmod") and off > s + 20:
            prev = text[max(s, off - 2) : off]
            if "," in prev or tok.lower_ != "but":
                cuts.append((off, False))
    out: list[tuple[int, int, bool]] = []
    start, inherit = s, False
    for pos, after_semicolon in [*cuts, (e, False)]:
        a, b = start, pos
        while a < b and text[a] in " ,;—–-":
            a += 1
        while b > a and text[b - 1] in " ,;":
            b -= 1
        if b - a >= 12:
            out.append((a, b, inherit))
        start, inherit = pos, inherit or after_semicolon
    return out or [(s, e, False)]


def _subject_text(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            words = list(c.subtree)
            return " ".join(w.text for w in words)
    return None


def _numbers(
    toks: Sequence[Token], date_spans: list[tuple[int, int]], offs: Sequence[int]
) -> tuple[tuple[float, str], ...]:
    out = []
    for tok, off in zip(toks, offs, strict=True):
        if not tok.like_num or any(a <= off < b for a, b in date_spans):
            continue
        raw = tok.text.replace(",", "").replace("£", "").replace("$", "").rstrip("%")
        try:
            value = float(raw)
        except ValueError:
            if tok.lower_ not in NUMBER_WORDS:
                continue
            value = float(NUMBER_WORDS[tok.lower_])
        head = tok.head if tok.head.pos_ == "NOUN" else None
        if head is None:
            head = next((t for t in tok.doc[tok.i + 1 : tok.i + 4] if t.pos_ == "NOUN"), None)
        unit = negation.stem(head.lemma_) if head is not None else ""
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if tok.text.endswith("%") or (nxt is not None and nxt.lower_ in ("per", "percent", "%")):
            unit = "per cent"
        elif nxt is not None and nxt.lower_ in ("million", "billion"):
            unit = nxt.lower_ + " " + unit
        out.append((value, unit))
    return tuple(out)


def _quantities(
    toks: Sequence[Token], date_spans: list[tuple[int, int]], offs: Sequence[int], clause: str
) -> tuple[Quantity, ...]:
    """The clause's figures (``quantities.find_quantities``) outside its date expressions."""
    found = find_quantities(toks, offs, clause)
    return tuple(q for q in found if not any(a <= q.start < b for a, b in date_spans))


def _kind(toks: Sequence[Token], evaluation: int) -> ClaimKind:
    if evaluation:
        return "evaluation"
    if any(t.lemma_.lower() in POSITION_WORDS for t in toks):
        return "position"
    return "fact"


def extract_claims(
    docs: Sequence[AnnotatedArticle],
    quotes: Sequence[Quote] = (),
    speakers: Sequence[Speaker] = (),
    events: Sequence[Event] = (),
    independent: Sequence[Sequence[str]] = (),
) -> list[ClaimInfo]:
    """Every content clause of every article as a claim with its cues."""
    names = {s.id: s.name for s in speakers}
    event_of = {a: e.id for e in events for a in e.articles}
    source_of = {a: i for i, group in enumerate(independent) for a in group}
    quotes_by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        quotes_by_article.setdefault(q.article, []).append(q)
    out: list[ClaimInfo] = []
    for doc in docs:
        art = doc.article
        text = art.text
        pairs = list(doc.tokens())
        offs = [o for o, _ in pairs]
        toks = [t for _, t in pairs]
        ents = list(doc.entities())
        ent_order = sorted(range(len(ents)), key=lambda k: ents[k][0])
        ent_starts = [ents[k][0] for k in ent_order]
        near = Overlapping(quotes_by_article.get(art.id, ()))
        src = source_of.get(art.id, len(independent) + len(out))
        first_of_article = len(out)
        for sent in doc.sentences:
            stoks = _tokens_in(offs, toks, sent.start, sent.end)
            soffs = offs[bisect.bisect_left(offs, sent.start) : bisect.bisect_left(offs, sent.end)]
            head_negated = False
            for n, (s, e, inherits) in enumerate(
                _clauses(text, stoks, soffs, sent.start, sent.end)
            ):
                ctoks = _tokens_in(offs, toks, s, e)
                if not ctoks:
                    continue
                pol = negation.polarity(ctoks)
                if n == 0:
                    head_negated = pol < 0
                elif inherits and head_negated:
                    pol = -pol
                ev = negation.evaluation(ctoks)
                clause = text[s:e]
                cue = negation.account_cue(clause, ctoks)
                best: Quote | None = None
                best_overlap = 0
                for q in near(s, e):  # the quotes that overlap the clause, in article order
                    ov = min(e, q.end) - max(s, q.start)
                    if ov > best_overlap:
                        best, best_overlap = q, ov
                speaker = best.speaker if best and best_overlap >= 0.3 * (e - s) else None
                speaker_name = names.get(speaker) if speaker else None
                if cue:
                    cue_tok = next((t for t in ctoks if t.text == cue), None)
                    subj = _subject_text(cue_tok) if cue_tok is not None else None
                    if subj and subj.lower() not in ("it", "this", "that", "which"):
                        speaker_name = subj
                        speaker = None
                dm = find_dates(clause)
                date_spans = [(s + d.start, s + d.end) for d in dm]
                lo, hi = bisect.bisect_left(ent_starts, s), bisect.bisect_left(ent_starts, e)
                entities = tuple(
                    dict.fromkeys(
                        t.lower().removeprefix("the ").removesuffix("’s").removesuffix("'s")
                        for a, b, label, t in (ents[k] for k in sorted(ent_order[lo:hi]))
                        if b <= e and label not in ("CARDINAL", "ORDINAL", "DATE", "TIME")
                    )
                )
                cid = f"c{len(out) + 1}"
                inside = (ctoks[0].i, ctoks[-1].i + 1)
                denied_verb, denied_stems = _disputed_words(ctoks, cue, inside)
                claim = Claim(
                    cid,
                    art.id,
                    s,
                    e,
                    _kind(ctoks, ev),
                    speaker,
                    art.outlet,
                    event_of.get(art.id),
                    entities,
                )
                out.append(
                    ClaimInfo(
                        claim,
                        clause,
                        tuple(negation.content_stems(ctoks)),
                        pol,
                        ev,
                        cue,
                        _numbers(ctoks, date_spans, _offsets_of(ctoks, s, offs, toks)),
                        tuple(d.text for d in dm),
                        speaker_name,
                        src,
                        bool(n and inherits and head_negated),
                        frozenset(negation.predicates(ctoks)),
                        frozenset(
                            negation.predicates(ctoks, asserted_only=False)
                            if n and inherits and head_negated
                            else negation.negated_predicates(ctoks)
                        ),
                        phrasing.predicate_phrases(ctoks, inside),
                        phrasing.core_phrase(ctoks, inside),
                        phrasing.evaluated_targets(ctoks),
                        phrasing.counted_phrases(ctoks, inside),
                        phrasing.eventive_nouns(ctoks),
                        phrasing.disputed_phrase(ctoks, cue, inside),
                        _quantities(ctoks, date_spans, _offsets_of(ctoks, s, offs, toks), clause),
                        frozenset(negation.labels(ctoks)),
                        disputed_predicate=denied_verb,
                        disputed_stems=denied_stems,
                        classified=tuple(sorted(negation.classified(ctoks), key=repr)),
                        plurals=phrasing.counted_plurals(ctoks),
                        readable=phrasing.readable_phrases(ctoks, inside, cue),
                    )
                )
        out[first_of_article:] = _with_groups(_with_days(out[first_of_article:]))
    return out


def _disputed_words(
    toks: Sequence[Token], cue: str | None, inside: tuple[int, int]
) -> tuple[str, frozenset[str]]:
    """The verb (stem) and the content stems of the clause a denial disputes, if it names one."""
    verb = phrasing.disputed_verb(toks, cue)
    if verb is None or not inside[0] <= verb.i < inside[1]:
        return "", frozenset()
    sub = [t for t in verb.subtree if inside[0] <= t.i < inside[1]]
    return negation.stem(verb.lemma_.lower()), frozenset(negation.content_stems(sub))


def own_days(c: ClaimInfo) -> frozenset[str]:
    """The weekdays a claim's own date expressions name."""
    return frozenset(w for d in c.dates for w in d.lower().split() if w in WEEKDAYS)


def _with_groups(claims: list[ClaimInfo]) -> list[ClaimInfo]:
    """One article's claims, the age of an unnamed group read as the ages of the people the
    article names with an age (``quantities.named_group``)."""
    named = {
        p: q.low
        for c in claims
        for q in c.quantities
        if q.kind == "age" and not q.group
        for p in q.of
        if p[:1] not in ("/", "@")  # names, not a noun or a role
    }
    if not named or not any(q.group for c in claims for q in c.quantities):
        return claims
    return [
        dataclasses.replace(c, quantities=tuple(named_group(q, named) for q in c.quantities))
        if any(q.group for q in c.quantities)
        else c
        for c in claims
    ]


def _with_days(claims: list[ClaimInfo]) -> list[ClaimInfo]:
    """One article's claims with the weekdays the article names and its main one."""
    counts = Counter(w for c in claims for w in own_days(c))
    if not counts:
        return claims
    ranked = counts.most_common(2)
    main = (
        ranked[0][0]
        if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1])
        else ""
    )
    days = frozenset(counts)
    return [dataclasses.replace(c, article_days=days, main_day=main) for c in claims]


def _offsets_of(
    ctoks: Sequence[Token], s: int, offs: Sequence[int], toks: Sequence[Token]
) -> list[int]:
    i = bisect.bisect_left(offs, s)
    return list(offs[i : i + len(ctoks)])
