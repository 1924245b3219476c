"""Disagreements: where the accounts contradict each other, typed, ranked, every side cited.

From claims (``claims.extract_claims``) and the similarity backend (``nli``):

1. **Candidates.**  Pairs of claims about the same thing (similarity at least the kind's
   threshold) asserted by different voices: different independent sources, or two speakers in
   one article (an insider's account and a denial).  Claims of different events never pair.
2. **Kind** from the cues (``nli.cue_contrast``): ``account`` (one side disputes: denied, at odds
   with, not my understanding), ``evaluation`` (opposite judgements), ``number`` (different
   figures for one unit), ``polarity`` (one asserts, the other negates).  The contradiction backend
   (``rules`` by default, or a cross-encoder) must score the pair at least 0.5.
3. **Sides.**  Pairs are merged greedily, best first: a pair whose sides are already shown adds
   nothing; a pair that shares one side with a disagreement of the same kind adds its other side.
   Each side cites its claim and the claims of its agreement group (the same words elsewhere).
4. **Other kinds.**  ``attribution`` from quote groups whose conflict is ``attribution``;
   ``role`` from ``speakers.role_disagreements`` when the attribution module provides it, else
   from a speaker given roles with different heads by different articles; ``date`` from timeline
   entries of one happening flagged as conflicting.
5. **Rank** by importance: similarity, how many independent sources the sides cover, how central
   the topic words are to the story, and a weight per kind.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsprism.analyze.disagreements import confidence as conf
from newsprism.analyze.disagreements import negation, topics
from newsprism.analyze.disagreements.agreement import stem_idf, topic_of
from newsprism.analyze.disagreements.alignment import CountedPair, measured
from newsprism.analyze.disagreements.blocks import BlockSimilarity, cue_pairs, elementwise_max
from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.nli import (
    ContradictionBackend,
    cue_contrast,
    get_contradiction,
    outcome_clash,
    predicate_clash,
)
from newsprism.analyze.disagreements.quantities import clashing_figures, same_thing
from newsprism.analyze.quotes import speakers as speakers_mod
from newsprism.model import (
    Article,
    Citation,
    ClaimGroup,
    Disagreement,
    DisagreementSide,
    Quote,
    QuoteGroup,
    Speaker,
    TimelineEntry,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

THRESHOLDS = {"account": 0.2, "evaluation": 0.2, "polarity": 0.3, "number": 0.35}
# within one event, across sources: a predicate affirmed and negated, opposite judgements, two
# figures for one unit need less topical similarity
SAME_EVENT_FLOORS = {"polarity": 0.1, "evaluation": 0.05, "number": 0.1}
LOWEST_FLOOR = min(*THRESHOLDS.values(), *SAME_EVENT_FLOORS.values())
KIND_WEIGHT = {
    "account": 0.35,
    "polarity": 0.3,
    "evaluation": 0.3,
    "number": 0.25,
    "date": 0.2,
    "attribution": 0.15,
    "role": 0.1,
}
MAX_SIDES = 4
MAX_EVALUATION_SIDES = 6  # one happening judged by several parties
MAX_CITES_PER_SIDE = 4
MAX_DISAGREEMENTS = 20
MIN_ATTRIBUTED_WORDS = 3  # words of a statement credited to different people

Scored = tuple[float, Disagreement, conf.Evidence]  # (importance, disagreement, its evidence)


@dataclass
class _Draft:
    kind: str
    topic: str
    sides: list[list[ClaimInfo]]  # each side: its main claim first, then the same words elsewhere
    score: float
    keys: list[frozenset[str]] = field(default_factory=list)
    clash: str | None = None  # the predicate one side affirms and another negates
    what: str = ""  # for figures: the thing measured (kind and unit), one item per thing
    aligned: float = 0.0  # for counts told with different nouns: the claims' similarity by meaning


def _voice(c: ClaimInfo) -> str:
    return fold_voice(c.speaker_name or c.claim.speaker or f"reporter:{c.source}")


_NOT_NAMES = frozenset({"The", "A", "An", "This", "That", "Our", "Their", "His", "Her", "I", "We"})


def fold_voice(name: str) -> str:
    """One key per voice: a name folds to its last capitalised word (``Mr. Smith``, ``John
    Smith`` and ``Smith`` are one voice); other holders (``he``, ``a police source``, an id) to
    their lower case."""
    caps = [w.strip(".,’'\"") for w in name.split() if w[:1].isupper() and w not in _NOT_NAMES]
    caps = [w.removesuffix("’s").removesuffix("'s") for w in caps if w]
    return caps[-1].lower() if caps else name.lower()


def _centrality(
    a: ClaimInfo, b: ClaimInfo, stem_articles: dict[str, int], n_articles: int
) -> float:
    """Share of the articles that use a stem both claims share.  ``stem_articles``: for each
    stem, a bit mask of the articles using it (one pass over the stems, not over the articles)."""
    shared = set(a.stems) & set(b.stems)
    if not shared or not n_articles:
        return 0.0
    covered = 0
    for s in shared:
        covered |= stem_articles.get(s, 0)
    return covered.bit_count() / n_articles


def candidate_pairs(
    claims: Sequence[ClaimInfo],
    sim: np.ndarray | BlockSimilarity,
    backend: ContradictionBackend,
    names: dict[str, str] | None = None,
    counted: Sequence[CountedPair] = (),
) -> list[tuple[float, str, int, int]]:
    """Pairs of claims that may disagree, ``(importance, kind, i, j)``, best first; ``counted``
    adds counts of one thing told with different nouns (``alignment``) as ``number`` pairs, with
    their similarity by meaning in place of ``sim``."""
    names = names or {}
    pairs: list[tuple[int, int, str]] = []
    # only pairs above the lowest floor, inside a block, with cues that may contrast (blocks.py)
    for i, j in cue_pairs(claims, sim, LOWEST_FLOOR, cues_only=backend.name == "rules"):
        kind, _ = pair_verdict(claims[i], claims[j], sim[i, j], names, backend.name == "rules")
        if kind is not None:
            pairs.append((i, j, kind))
    pairs += _anaphoric_denials(claims, {(i, j) for i, j, _ in pairs})
    scores = backend.scores([(claims[i], claims[j]) for i, j, _ in pairs])
    article_bit: dict[str, int] = {}
    stem_articles: dict[str, int] = {}
    for c in claims:
        bit = article_bit.setdefault(c.claim.article, 1 << len(article_bit))
        for stem in c.stems:
            stem_articles[stem] = stem_articles.get(stem, 0) | bit
    out = []
    for (i, j, kind), s in zip(pairs, scores, strict=True):
        if s < 0.5:
            continue
        a, b = claims[i], claims[j]
        score = (
            max(float(sim[i, j]), 0.3 if kind == "account" else 0.0)
            + 0.3 * len({a.source, b.source}) / 2
            + KIND_WEIGHT[kind]
            + 0.5 * _centrality(a, b, stem_articles, len(article_bit))
            + 0.1 * (s - 0.5)
        )
        out.append((score, kind, i, j))
    seen = {(i, j) for i, j, _ in pairs} | {(j, i) for i, j, _ in pairs}
    for p in counted:
        if (p.i, p.j) in seen:
            continue
        centrality = _centrality(claims[p.i], claims[p.j], stem_articles, len(article_bit))
        score = p.aligned + 0.3 + KIND_WEIGHT["number"] + 0.5 * centrality + 0.05
        out.append((score, "number", p.i, p.j))
    out.sort(key=lambda x: -x[0])
    return out


LOST = (  # why a pair of claims is no candidate (``pair_verdict``), earliest stage first
    "other events",
    "one source",
    "one speaker",
    "no contrasting cue",
    "below the floor",
    "no shared content",
)


def pair_verdict(
    a: ClaimInfo, b: ClaimInfo, similarity: float, names: dict[str, str], rules: bool = True
) -> tuple[str | None, str]:
    """``(kind, "")`` when claims ``a`` and ``b`` (similarity ``similarity``) are a candidate
    disagreement, else ``(None, why)`` with ``why`` one of ``LOST``; ``rules``: the
    contradiction backend is the rules, so a pair without contrasting cues is none."""
    ev_a, ev_b = a.claim.event, b.claim.event
    if ev_a and ev_b and ev_a != ev_b:
        return None, "other events"
    if a.claim.speaker and a.claim.speaker == b.claim.speaker:
        return None, "one speaker"
    if a.source == b.source and (
        not (a.speaker_name or a.claim.speaker)
        or not (b.speaker_name or b.claim.speaker)
        or _voice(a) == _voice(b)
    ):
        return None, "one source"
    if a.claim.article == b.claim.article and (
        a.claim.start < b.claim.end and b.claim.start < a.claim.end
    ):
        return None, "one source"
    kind = cue_contrast(a, b)
    if kind is None and rules:
        return None, "no contrasting cue"
    kind = kind or "polarity"
    floor = THRESHOLDS.get(kind, 0.3)
    if ev_a and ev_b and kind in SAME_EVENT_FLOORS and a.source != b.source:
        floor = SAME_EVENT_FLOORS[kind]  # one event: the cues carry the pairing
        if kind == "number" and _one_per_event(a, b):
            floor = LOWEST_FLOOR  # an event has one magnitude: the figures carry it
    elif kind == "polarity" and ev_a == ev_b and conf.label_rebuttal([a, b], names):
        floor = SAME_EVENT_FLOORS[kind]  # one named voice denies the label another gives
    if similarity < floor:
        return None, "below the floor"
    if kind == "account" and not _disputes_content(a, b):
        return None, "no shared content"
    return kind, ""


ONE_PER_EVENT = frozenset({"magnitude"})  # figures an event has one of, whatever is said around


def _one_per_event(a: ClaimInfo, b: ClaimInfo) -> bool:
    pair = clashing_figures(a.quantities, a.predicates, b.quantities, b.predicates)
    return pair is not None and pair[0].kind in ONE_PER_EVENT


_ANAPHORIC = re.compile(
    r"\b(?:denied|denies|rejected|rejects|disputed|disputes|contradicted|contradicts)"
    r" (?:that|this|it|those|these|the (?:claim|claims|account|report|suggestion)|that account)\b",
    re.I,
)


def _anaphoric_denials(
    claims: Sequence[ClaimInfo], seen: set[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """``A spokesperson denied that account``: the disputed claim is the one just before, in
    another voice, in the same article."""
    out = []
    for j, c in enumerate(claims):
        if not c.account or c.disputed or not _ANAPHORIC.search(c.text):
            continue  # ``denied that he sold it`` says what it denies: nothing to look back for
        for i in range(j - 1, max(-1, j - 3), -1):
            prev = claims[i]
            if prev.claim.article != c.claim.article:
                break
            if _voice(prev) != _voice(c) and not prev.account and (i, j) not in seen:
                out.append((i, j, "account"))
                break
    return out


_GENERIC = frozenset({"say", "tell", "add", "statement", "state", "claim", "group", "meeting"})


def _disputes_content(a: ClaimInfo, b: ClaimInfo) -> bool:
    """An account cue pairs with a claim only when they share words beyond names and cues."""
    names = {w for c in (a, b) for e in c.claim.entities for w in e.split()}
    shared = set(a.stems) & set(b.stems)
    return len(shared - names - _GENERIC) >= 2


def _group_of(claims: Sequence[ClaimInfo], groups: Sequence[ClaimGroup]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for g in groups:
        members = list(g.claims)  # one list per group, shared by its members
        for cid in g.claims:
            out[cid] = members
    return out


def _merge(
    cands: Sequence[tuple[float, str, int, int]],
    claims: Sequence[ClaimInfo],
    groups: Sequence[ClaimGroup],
    counted: Sequence[CountedPair] = (),
) -> list[_Draft]:
    by_id = {c.claim.id: c for c in claims}
    eventive = frozenset(w for c in claims for w in c.eventive)
    group_of = _group_of(claims, groups)
    idf = stem_idf(claims)

    frozen: dict[int, frozenset[str]] = {}  # one key per group, made once

    def key(c: ClaimInfo) -> frozenset[str]:
        members = group_of.get(c.claim.id)
        if members is None:
            return frozenset([c.claim.id])
        if id(members) not in frozen:
            frozen[id(members)] = frozenset(members)
        return frozen[id(members)]

    def side(c: ClaimInfo) -> list[ClaimInfo]:
        same = [by_id[x] for x in group_of.get(c.claim.id, []) if x != c.claim.id]
        return [c, *same]

    drafts: list[_Draft] = []
    shown: dict[frozenset[str], list[_Draft]] = {}
    by_predicate: dict[tuple[str | None, str], _Draft] = {}
    by_meaning = {(p.i, p.j): p for p in counted}
    for score, kind, i, j in cands:
        a, b = claims[i], claims[j]
        ka, kb = key(a), key(b)
        clash = (predicate_clash(a, b) or outcome_clash(a, b)) if kind == "polarity" else None
        told = by_meaning.get((i, j)) if kind == "number" else None
        what = measured(told) if told else _measured(a, b) if kind == "number" else ""
        if clash and (a.claim.event, clash) in by_predicate:
            # one predicate affirmed and negated in one event: one disagreement, more voices
            d = by_predicate[(a.claim.event, clash)]
            for c, kc in ((a, ka), (b, kb)):
                if kc in d.keys or len(d.sides) >= MAX_SIDES:
                    continue
                if all(_voice(s[0]) != _voice(c) for s in d.sides):
                    d.sides.append(side(c))
                    d.keys.append(kc)
                    shown.setdefault(kc, []).append(d)
                    d.score += 0.05
            continue
        in_a, in_b = shown.get(ka, []), shown.get(kb, [])
        if any(d in in_b for d in in_a):
            continue  # both sides already face each other
        same_kind = [d for d in in_a + in_b if d.kind == kind and d.what == what]
        if same_kind:
            d = same_kind[0]
            new, new_key = (b, kb) if d in in_a else (a, ka)
            along = _agreeing_side(d, new)
            if along is not None:
                # the same figure as a side already there (about 9:50 / around 9:45): one side
                along += [c for c in side(new) if c not in along]
                shown.setdefault(new_key, []).append(d)
                continue
            if len(d.sides) < MAX_SIDES and all(_voice(s[0]) != _voice(new) for s in d.sides):
                d.sides.append(side(new))
                d.keys.append(new_key)
                shown.setdefault(new_key, []).append(d)
            continue
        judged = _judged(a, eventive) | _judged(b, eventive) if kind == "evaluation" else set()
        same_question = next(
            (
                d
                for d in drafts
                if judged
                and d.kind == "evaluation"
                and d.sides[0][0].claim.event == a.claim.event
                and judged & set().union(*(_judged(x[0], eventive) for x in d.sides))
            ),
            None,
        )
        if same_question is not None:
            # opposite judgements of one thing in one event: one question, more voices
            d = same_question
            for c, kc in ((a, ka), (b, kb)):
                if kc in d.keys or len(d.sides) >= MAX_EVALUATION_SIDES:
                    continue
                if all(_voice(x[0]) != _voice(c) for x in d.sides):
                    d.sides.append(side(c))
                    d.keys.append(kc)
                    shown.setdefault(kc, []).append(d)
            continue
        asked = next(
            (
                d
                for d in drafts
                if what
                and d.kind == "number"
                and d.what == what
                and d.sides[0][0].claim.event == a.claim.event
            ),
            None,
        )
        if asked is not None:
            # the same figure of the same thing in one event: one question, every figure a side
            for c, kc in ((a, ka), (b, kb)):
                along = _agreeing_side(asked, c)
                if along is not None:
                    along += [x for x in side(c) if x not in along]
                elif len(asked.sides) < MAX_SIDES and all(
                    _voice(x[0]) != _voice(c) for x in asked.sides
                ):
                    asked.sides.append(side(c))
                    asked.keys.append(kc)
                else:
                    continue
                shown.setdefault(kc, []).append(asked)
            continue
        topic = topic_of([a, b], idf)
        if clash:
            topic = ", ".join(dict.fromkeys([clash, *topic.split(", ")]))
        d = _Draft(kind, topic, [side(a), side(b)], score, [ka, kb], clash, what)
        d.aligned = told.aligned if told else 0.0
        if clash:
            by_predicate[(a.claim.event, clash)] = d
        drafts.append(d)
        shown.setdefault(ka, []).append(d)
        shown.setdefault(kb, []).append(d)
    return drafts


def _agreeing_side(d: _Draft, c: ClaimInfo) -> list[ClaimInfo] | None:
    """For a figure clash, the side whose figure of the thing measured agrees with ``c``'s."""
    if d.kind != "number" or not d.what:
        return None
    kind = d.what.split(":", 1)[0]
    for s in d.sides:
        if any(
            x.kind == kind and same_thing(x, y) and not x.clashes(y)
            for x in s[0].quantities
            for y in c.quantities
        ):
            return s
    return None


def _judged(c: ClaimInfo, eventive: frozenset[str]) -> set[str]:
    """What a judgement is about: the things it judges and the happenings it names."""
    return {lemma for lemma, _ in c.targets} | (set(c.stems) & eventive)


def _measured(a: ClaimInfo, b: ClaimInfo) -> str:
    """What two clashing figures measure (``count:woman``, ``age:german``)."""
    pair = clashing_figures(a.quantities, a.predicates, b.quantities, b.predicates)
    if pair is None:
        return ""
    x, y = pair
    who = ",".join(sorted(x.of & y.of))
    return f"{x.kind}:{x.unit}:{x.frame}:{who}"


def stance(kind: str, c: ClaimInfo, clash: str | None = None) -> str | None:
    """Where a side stands in a disagreement of ``kind``: ``affirms``/``denies`` the predicate
    in dispute, ``positive``/``negative`` judgement, ``disputes`` an account or is ``disputed``."""
    if kind == "polarity":
        if clash and clash in c.negated:
            return "denies"
        if clash and clash in c.predicates:
            return "affirms"
        if clash and (c.predicates - c.negated) & negation.excluded_by(clash):
            return "denies"  # the outcome that excludes it (fired, against resigned)
        return "denies" if c.polarity < 0 or c.inherited_negation else "affirms"
    if kind == "evaluation":
        return "positive" if c.evaluation > 0 else "negative" if c.evaluation < 0 else None
    if kind == "account":
        return "disputes" if c.account else "disputed"
    return None


def _side(
    members: Sequence[ClaimInfo],
    names: dict[str, str],
    kind: str = "",
    clash: str | None = None,
) -> DisagreementSide:
    c = members[0]
    cites = tuple(
        dict.fromkeys(Citation(m.claim.article, m.claim.start, m.claim.end) for m in members)
    )[:MAX_CITES_PER_SIDE]
    speaker = c.claim.speaker if c.claim.speaker in names else c.speaker_name
    return DisagreementSide(speaker, c.claim.outlet, c.text, cites, stance(kind, c, clash))


def _words(name: str) -> set[str]:
    return {w.strip("'’").lower() for w in name.split()} - {"the", "a", "an", "of"}


def _same_voice(x: Speaker, y: Speaker) -> bool:
    """Two speakers that may be one voice: one name inside the other (``The association`` /
    ``Port Alder Residents' Association``), or one's role naming the other (a chief executive and
    the company)."""
    wx, wy = _words(x.name), _words(y.name)
    if not wx or not wy or wx <= wy or wy <= wx or fold_voice(x.name) == fold_voice(y.name):
        return True
    for a, b in ((x, y), (y, x)):
        role_words = {w for r in a.roles for w in _words(r)}
        if _words(b.name) & role_words - {"chief", "executive", "leader", "president", "chair"}:
            return True
    return False


def _joint(per_speaker: dict[str | None, list[Quote]], texts: dict[str, str]) -> bool:
    """Words of a joint statement belong to all its signatories."""
    for qs in per_speaker.values():
        for q in qs:
            around = texts.get(q.article, "")[max(0, q.start - 200) : q.start].lower()
            if "joint statement" in around or "joint-statement" in around or "jointly" in around:
                return True
    return False


def attribution_disagreements(
    groups: Sequence[QuoteGroup],
    quotes: Sequence[Quote],
    articles: Sequence[Article],
    speakers: Sequence[Speaker] = (),
) -> list[Scored]:
    """One disagreement per quote group whose words are given to different speakers."""
    by_id = {q.id: q for q in quotes}
    outlet = {a.id: a.outlet for a in articles}
    texts = {a.id: a.text for a in articles}
    by_speaker = {sp.id: sp for sp in speakers}
    out = []
    for g in groups:
        if g.conflict != "attribution":
            continue
        per_speaker: dict[str | None, list[Quote]] = {}
        for occ in g.occurrences:
            q = by_id.get(occ.quote)
            if q is not None:
                per_speaker.setdefault(q.speaker, []).append(q)
        if len(per_speaker) < 2 or _joint(per_speaker, texts):
            continue
        if len(g.text.split()) < MIN_ATTRIBUTED_WORDS:
            continue  # "Gone with the Wind": a title or a phrase, not a statement
        people = [by_speaker.get(k) for k in per_speaker if k]
        if not any(
            not _same_voice(x, y) for i, x in enumerate(people) for y in people[i + 1 :] if x and y
        ):
            continue
        sides = tuple(
            DisagreementSide(
                spk,
                outlet.get(qs[0].article),
                g.text,
                tuple(Citation(q.article, q.start, q.end) for q in qs),
            )
            for spk, qs in per_speaker.items()
        )
        topic = topics.attribution_topic(g.text)
        named = sum(conf.named_speaker(x.name) for x in people if x)
        ev = conf.Evidence(
            "attribution",
            named=named,
            unnamed=len(sides) - named,
            reporter=sum(k is None for k in per_speaker),
            sides=len(sides),
            voices=len({outlet.get(qs[0].article) for qs in per_speaker.values()}),
        )
        d = Disagreement("", topic, "attribution", sides, 0, conf.confidence(ev))
        out.append((KIND_WEIGHT["attribution"] + 0.1 * len(sides), d, ev))
    return out


def _role_head(role: str) -> str:
    part = role.split(" of ")[0].strip().lower()
    return part.split()[-1] if part.split() else ""


def role_disagreements_fallback(
    speakers: Sequence[Speaker], articles: Sequence[Article]
) -> list[Scored]:
    """A speaker given roles with different heads (president / chair) in different articles."""
    out = []
    for s in speakers:
        if len(s.roles) < 2:
            continue
        found: dict[str, tuple[Article, int, int]] = {}
        last = s.name.split()[-1] if s.name.split() else s.name
        naming = [a for a in articles if last in a.text]  # ``_near_name`` needs the name
        for role in s.roles:
            pat = re.compile(re.escape(role), re.I)
            for art in naming:
                m = next((m for m in pat.finditer(art.text) if _near_name(art.text, m, s)), None)
                if m and not art.is_boilerplate(m.start(), m.end()):
                    found.setdefault(role, (art, m.start(), m.end()))
                    break
        heads = {_role_head(r): r for r in found}
        arts = {found[r][0].id for r in heads.values()}
        if len(heads) < 2 or len(arts) < 2:
            continue
        sides = tuple(
            DisagreementSide(
                s.id, found[r][0].outlet, r, (Citation(found[r][0].id, found[r][1], found[r][2]),)
            )
            for r in heads.values()
        )
        ev = conf.Evidence("role", named=1, sides=len(sides), voices=len(arts))
        d = Disagreement("", topics.role_topic(s.name), "role", sides, 0, conf.confidence(ev))
        out.append((KIND_WEIGHT["role"], d, ev))
    return out


def _near_name(text: str, m: re.Match[str], s: Speaker) -> bool:
    window = text[max(0, m.start() - 80) : m.end() + 80]
    last = s.name.split()[-1] if s.name.split() else s.name
    return last in window


def date_disagreements(
    timeline: Sequence[TimelineEntry],
    conflicts: Sequence[tuple[int, int]],
    articles: Sequence[Article],
    claims: Sequence[ClaimInfo] = (),
) -> list[Scored]:
    """One disagreement per pair of timeline entries that date one happening differently."""
    outlet = {a.id: a.outlet for a in articles}
    out = []
    for i, j in conflicts:
        a, b = timeline[i], timeline[j]
        sides = tuple(
            DisagreementSide(None, outlet.get(t.citations[0].article), t.text, t.citations)
            for t in (a, b)
        )
        topic = next(
            (
                t
                for t in (topics.when_topic(_claim_at(claims, e.citations[0])) for e in (a, b))
                if t
            ),
            f"When it happened: {a.date} or {b.date}",
        )
        ev = conf.Evidence("date", similarity=1.0, figure=True, sides=2, voices=2)
        d = Disagreement("", topic, "date", sides, 0, conf.confidence(ev))
        out.append((KIND_WEIGHT["date"] + 0.3, d, ev))
    return out


def _claim_at(claims: Sequence[ClaimInfo], cite: Citation) -> ClaimInfo | None:
    """The claim whose clause holds the cited passage's start."""
    return next(
        (
            c
            for c in claims
            if c.claim.article == cite.article and c.claim.start <= cite.start < c.claim.end
        ),
        None,
    )


def _roles(speakers: Sequence[Speaker], articles: Sequence[Article]) -> list[Scored]:
    """``role`` disagreements: from the attribution module's ``speakers.role_disagreements``
    (contract: ``(speakers, articles) -> Sequence[Disagreement]``) when it exists, and the
    fallback here for the speakers it leaves out."""
    hook = getattr(speakers_mod, "role_disagreements", None)
    if not callable(hook):
        return role_disagreements_fallback(speakers, articles)
    names = {sp.id: sp.name for sp in speakers}
    found = []
    for d in hook(speakers, articles):
        who = next((names[s.speaker] for s in d.sides if s.speaker in names), None)
        if who:
            d = Disagreement(d.id, topics.role_topic(who), d.kind, d.sides, d.rank)
        ev = conf.Evidence("role", named=1, sides=len(d.sides), voices=2)
        d = dataclasses.replace(d, confidence=conf.confidence(ev))
        found.append((KIND_WEIGHT["role"], d, ev))
    covered = {s.speaker for _, d, _ in found for s in d.sides}
    rest = [sp for sp in speakers if sp.id not in covered]  # offices the hook does not know
    return found + role_disagreements_fallback(rest, articles)


def find_disagreements(
    claims: Sequence[ClaimInfo],
    sim: np.ndarray | BlockSimilarity,
    groups: Sequence[ClaimGroup] = (),
    *,
    articles: Sequence[Article] = (),
    quotes: Sequence[Quote] = (),
    quote_groups: Sequence[QuoteGroup] = (),
    speakers: Sequence[Speaker] = (),
    timeline: Sequence[TimelineEntry] = (),
    timeline_conflicts: Sequence[tuple[int, int]] = (),
    backend: ContradictionBackend | None = None,
    limit: int = MAX_DISAGREEMENTS,
    meaning: np.ndarray | BlockSimilarity | None = None,
    counted: Sequence[CountedPair] = (),
) -> tuple[Disagreement, ...]:
    """Typed, ranked disagreements (rank 1 = most important), each side cited."""
    scored = scored_disagreements(
        claims,
        sim,
        groups,
        articles=articles,
        quotes=quotes,
        quote_groups=quote_groups,
        speakers=speakers,
        timeline=timeline,
        timeline_conflicts=timeline_conflicts,
        backend=backend,
        meaning=meaning,
        counted=counted,
    )
    return ranked(scored, limit)


def ranked(
    scored: Sequence[Scored],
    limit: int = MAX_DISAGREEMENTS,
    weights: dict[str, float] | None = None,
) -> tuple[Disagreement, ...]:
    """The first ``limit`` of ``scored`` numbered ``d1``, ``d2`` … (rank 1 = most important);
    with ``weights`` (``confidence.weights_named``), their confidence computed again under
    those weights from the evidence kept with each."""
    return tuple(
        dataclasses.replace(
            d,
            id=f"d{r}",
            rank=r,
            confidence=d.confidence if weights is None else conf.confidence(ev, weights),
        )
        for r, (_, d, ev) in enumerate(scored[:limit], start=1)
    )


def scored_disagreements(
    claims: Sequence[ClaimInfo],
    sim: np.ndarray | BlockSimilarity,
    groups: Sequence[ClaimGroup] = (),
    *,
    articles: Sequence[Article] = (),
    quotes: Sequence[Quote] = (),
    quote_groups: Sequence[QuoteGroup] = (),
    speakers: Sequence[Speaker] = (),
    timeline: Sequence[TimelineEntry] = (),
    timeline_conflicts: Sequence[tuple[int, int]] = (),
    backend: ContradictionBackend | None = None,
    meaning: np.ndarray | BlockSimilarity | None = None,
    counted: Sequence[CountedPair] = (),
) -> list[Scored]:
    """Every disagreement found, best first, as ``(importance, disagreement, evidence)``: the
    evidence its confidence was computed from (``benchmarks/fit_disagreement_confidence.py``
    fits the confidence weights on it).

    ``meaning``: a similarity by meaning (sentence embeddings, ``nlp.embeddings``) over the same
    blocks as ``sim``, when there is one: two claims pair when either similarity reaches the
    floor, so sides that say one thing in different words still meet; the evidence gets the
    meaning similarity of the closest sides (``Evidence.meaning``).

    ``counted``: counts of one thing told with different nouns (``alignment.counted_pairs``);
    each is a ``number`` pair whose evidence has the claims' similarity by meaning when that is
    higher than ``sim``'s (what says the two claims tell one happening)."""
    backend = backend or get_contradiction("rules")
    names = {s.id: s.name for s in speakers}
    pairing = sim if meaning is None else elementwise_max(sim, meaning)
    cands = candidate_pairs(claims, pairing, backend, names, counted)
    scored: list[Scored] = []
    eventive = frozenset(w for c in claims for w in c.eventive)
    index = {c.claim.id: i for i, c in enumerate(claims)}
    for d in _merge(cands, claims, groups, counted):
        mains = [s[0] for s in d.sides]
        sides = tuple(_side(s, names, d.kind, d.clash) for s in d.sides)
        topic = topics.readable_topic(
            d.kind, mains, clash=d.clash, eventive=eventive, measured=d.what
        )
        ev = conf.claim_evidence(
            d.kind,
            mains,
            names,
            max(d.aligned, _closest(mains, [x.stance for x in sides], sim, index)),
            meaning=_closest(mains, [x.stance for x in sides], meaning, index)
            if meaning is not None
            else 0.0,
            figure=bool(d.what),
            eventive=eventive,
            clash=d.clash,
            model=_model_score(backend, mains, [x.stance for x in sides]),
        )
        found = Disagreement("", topic or d.topic, d.kind, sides, 0, conf.confidence(ev))
        scored.append((d.score, found, ev))
    scored += attribution_disagreements(quote_groups, quotes, articles, speakers)
    scored += _roles(speakers, articles)
    scored += date_disagreements(timeline, timeline_conflicts, articles, claims)
    scored.sort(key=lambda x: -x[0])
    return scored


def _model_score(
    backend: ContradictionBackend, mains: Sequence[ClaimInfo], stances: Sequence[str | None]
) -> float:
    """How sure the contradiction backend is that two sides clash (``Evidence.model``): its
    highest probability for a pair of sides that stand apart, or any two when none do (a pair
    the backend alone found has no stances that differ), as certainty beyond a coin toss,
    ``2 (p - 0.5)`` in [0, 1]; 0 for the ``rules`` backend, whose cues are features already."""
    if backend.name == "rules":
        return 0.0
    pairs = _apart(mains, stances) or _apart(mains, [None] * len(mains))
    p = max(backend.scores([(mains[i], mains[j]) for i, j in pairs]), default=0.0)
    return min(1.0, max(0.0, 2.0 * (p - 0.5)))


def _apart(mains: Sequence[ClaimInfo], stances: Sequence[str | None]) -> list[tuple[int, int]]:
    """Index pairs of sides that stand apart (different stances; any two when the kind has
    none)."""
    return [
        (i, j)
        for i in range(len(mains))
        for j in range(i + 1, len(mains))
        if stances[i] is None or stances[i] != stances[j]
    ]


def _closest(
    mains: Sequence[ClaimInfo],
    stances: Sequence[str | None],
    sim: np.ndarray | BlockSimilarity,
    index: dict[str, int],
) -> float:
    """The similarity of the closest two sides that stand apart (different stances; any two
    when the kind has none, or when none stand apart: a pair a plugged-in backend found)."""
    pairs = _apart(mains, stances) or _apart(mains, [None] * len(mains))
    ids = [index[m.claim.id] for m in mains]
    return max((float(sim[ids[i], ids[j]]) for i, j in pairs), default=0.0)


def split_confident(
    found: Sequence[Disagreement], threshold: float = conf.CONFIDENT
) -> tuple[tuple[Disagreement, ...], tuple[Disagreement, ...]]:
    """(shown, possible): the disagreements at or above ``threshold`` confidence, ranked 1..n in
    their order, and the others, ranked after them (ids ``d<rank>`` and ``p<rank>``)."""
    shown = [d for d in found if d.confidence >= threshold]
    possible = [d for d in found if d.confidence < threshold]
    return (
        tuple(dataclasses.replace(d, id=f"d{r}", rank=r) for r, d in enumerate(shown, start=1)),
        tuple(
            dataclasses.replace(d, id=f"p{r}", rank=r)
            for r, d in enumerate(possible, start=len(shown) + 1)
        ),
    )
