"""Group articles into events: what happened (a meeting, a vote, a crash ...).

Two similarities are measured between articles, both cosines of TF-IDF vectors over content-word
lemmas, pairs of adjacent content words and named entities, with document frequencies counted over
every paragraph of every article (stable even for two articles, and low for a story's common words):

- *story* similarity, over the whole text: do two articles tell one story at all?
- *event* similarity, over the lead (the first ``LEAD_SENTENCES`` sentences, where a report says
  what happened; sentence ``k`` weighs ``LEAD_DECAY ** k``), plus or minus ``DATE_WEIGHT`` when
  both leads date what happened to the same or to different days.

Both get ``PASSAGE_BONUS`` when two articles share a passage, and are 1 inside an independent group
(versions and wire copies report one event).  Articles are clustered into stories (average linkage,
cut at ``STORY_MIN_SIM``); a story is split into events only where its leads form separate groups
of two or more articles (average linkage, cut at ``EVENT_MIN_SIM``).  A lone lead joins the group
whose text is closest, unless its date differs, because a lead unlike the others is more often a
different angle on the same event than an event of its own.  Each event is labelled with an
event-noun phrase from its leads and its participants ("Talks between X and Y", "X emergency
meeting"), and dated by the date its leads write most often.  See ``docs/relations.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from newsprism.analyze.relations.links import RelationResult, quoted_spans
from newsprism.model import Event
from newsprism.nlp.annotate import AnnotatedArticle

if TYPE_CHECKING:  # imported where used: importing the package (the store's processes read
    from scipy import sparse  # ``links``) does not bring SciPy

LEAD_SENTENCES = 3  # sentences that state the event
LEAD_DECAY = 0.5  # weight of lead sentence k is LEAD_DECAY ** k
PASSAGE_BONUS = 0.15  # added to the similarity of articles that share a passage
DATE_WEIGHT = 0.1  # added when two leads date the event the same day, taken off when they differ
STORY_MIN_SIM = 0.12  # mean whole-text similarity from which articles tell one story
# below this mean whole-text similarity, articles tell unrelated stories (a folder mixing several:
# a briefing then counts support, groups claims and dates events inside each story only).  Measured:
# the 16 annotated Multi-News clusters stay whole except for pages with no article in them ("Tweet
# with a location"); 220 articles of 77 clusters give 80 groups, 87 % pure (see docs/relations.md)
UNRELATED_MAX_SIM = 0.08
EVENT_MIN_SIM = 0.23  # mean lead similarity from which articles report one event
LABEL_SENTENCES = 6  # sentences read for the label and the date
LABEL_MAX_WORDS = 8

EVENT_NOUNS = frozenset(  # nouns that name something that happens
    """meeting talks talk vote ballot protest demonstration rally march strike walkout election
    referendum crash collision accident attack bombing shooting stabbing explosion blast fire
    hearing trial verdict ruling sentencing inquiry investigation summit conference session
    debate speech address deal agreement ceasefire treaty merger takeover acquisition launch
    announcement resignation sacking dismissal appointment visit tour raid arrest closure
    shutdown outage collapse flood storm earthquake hurricane eruption match final race game
    ceremony funeral wedding festival concert auction sale budget review reshuffle coup riot
    clash lockdown evacuation rescue negotiation""".split()  # noqa: SIM905
)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "PRODUCT"})
_CHUNK_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_PREPS = frozenset({"with", "between", "among", "on", "over", "against", "about", "at", "of"})
_PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
# a "noun" with these children is a verb the tagger missed ("council votes to fight ...")
_VERB_DEPS = frozenset({"xcomp", "dobj", "nsubj", "aux", "ccomp"})
PARTICIPANT_BONUS = 0.07  # label score per participant named (at most two)
DATED_BONUS = 0.2  # label score of an event phrase given a time in its sentence
WORD_BONUS = 0.04  # label score per content word of the phrase (at most six)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (  # noqa: SIM905
    "january february march april may june july august september october november december"
).split()
_MONTH_RE = "|".join(m[:3] + r"(?:" + m[3:] + r")?\.?" for m in _MONTHS)
_DATE_PATTERNS = (
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})(?:,?\s+(\d{{4}}))?\b", re.I),
    re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I),
)
_RELATIVE = re.compile(
    r"\b(today|tonight|this (?:morning|afternoon|evening)|yesterday|last night|"
    r"(?:on |last |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.I,
)


# --------------------------------------------------------------------------------------------
# similarity


def _sentence_tokens(
    doc: AnnotatedArticle, n: int | None = None, skip_quoted: bool = False
) -> Iterator[tuple[int, Any]]:
    """(sentence index, token) over the first ``n`` sentences (all when None); ``skip_quoted``
    leaves out words inside quotation marks.  A token outside every sentence gets index -1."""
    sents = doc.sentences if n is None else doc.sentences[:n]
    if not sents:
        return
    text = doc.article.text
    k = 0
    for p in doc.segments:
        quoted = quoted_spans(text, p.segment.start, p.segment.end) if skip_quoted else []
        q = 0
        for tok in p.doc:
            off = p.offset + tok.idx
            while k < len(sents) and off >= sents[k].end:
                k += 1
            if k >= len(sents):
                return
            while q < len(quoted) and quoted[q][1] <= off:
                q += 1
            if q < len(quoted) and quoted[q][0] <= off:
                continue
            yield (k if off >= sents[k].start else -1), tok


def _add_features(feats: dict[str, float], tokens: Iterable[tuple[float, Any]]) -> None:
    """Add weighted content lemmas, pairs of adjacent content lemmas and named entities."""
    prev: Any = None
    for weight, tok in tokens:
        if (tok.is_alpha or tok.like_num) and not tok.is_stop and tok.pos_ in _CONTENT_POS:
            lemma = tok.lemma_.lower()
            feats[lemma] = feats.get(lemma, 0.0) + weight
            if prev is not None and prev.doc is tok.doc:
                pair = prev.lemma_.lower() + "_" + lemma
                feats[pair] = feats.get(pair, 0.0) + weight
            prev = tok
        elif not tok.is_punct or tok.text in "-–":
            prev = None
        if tok.ent_iob_ == "B" and tok.ent_type_ in _ENTITY_LABELS:
            end = tok.i + 1
            while end < len(tok.doc) and tok.doc[end].ent_iob_ == "I":
                end += 1
            ent = "ent:" + " ".join(tok.doc[tok.i : end].text.lower().split())
            feats[ent] = feats.get(ent, 0.0) + weight


def _paragraph_features(doc: AnnotatedArticle) -> list[dict[str, float]]:
    """Unweighted features of each content segment (for document frequencies)."""
    out = []
    for p in doc.segments:
        feats: dict[str, float] = {}
        _add_features(feats, ((1.0, t) for t in p.doc))
        out.append(feats)
    return out


def _lead_features(doc: AnnotatedArticle) -> dict[str, float]:
    """Features of the lead; sentence ``k`` weighs ``LEAD_DECAY ** k``."""
    feats: dict[str, float] = {}
    _add_features(
        feats, ((LEAD_DECAY**k, t) for k, t in _sentence_tokens(doc, LEAD_SENTENCES) if k >= 0)
    )
    return feats


def _normalised(rows: list[dict[str, float]], df: Counter[str], n_para: int) -> sparse.csr_matrix:
    """L2-normalised rows of sublinear tf times an IDF counted over ``n_para`` paragraphs."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    r, c, v = [], [], []
    for i, feats in enumerate(rows):
        for f, w in feats.items():
            r.append(i)
            c.append(vocab.setdefault(f, len(vocab)))
            tf = 1.0 + math.log(w) if w >= 1.0 else w
            v.append(tf * (math.log((1.0 + n_para) / (1.0 + df[f])) + 1.0))
    x = sparse.csr_matrix((v, (r, c)), shape=(len(rows), len(vocab)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ x)


def _adjust(sim: np.ndarray, docs: Sequence[AnnotatedArticle], relations: RelationResult) -> None:
    """Add ``PASSAGE_BONUS`` for shared passages; 1 inside independent groups; clip to [0, 1]."""
    index = {d.id: i for i, d in enumerate(docs)}
    for r in relations.relations:
        if r.kind == "shares_passages" and r.a in index and r.b in index:
            i, j = index[r.a], index[r.b]
            sim[i, j] = sim[j, i] = sim[i, j] + PASSAGE_BONUS
    for group in relations.independent:
        members = [index[a] for a in group if a in index]
        for i in members:
            sim[i, members] = 1.0
    np.fill_diagonal(sim, 1.0)
    np.clip(sim, 0.0, 1.0, out=sim)


def similarities(
    docs: Sequence[AnnotatedArticle], relations: RelationResult
) -> tuple[np.ndarray, np.ndarray]:
    """(story, event) similarity matrices in [0, 1]: cosines of whole-text and of lead vectors,
    adjusted as the module docstring says (lead dates count for events only)."""
    df: Counter[str] = Counter()
    n_para = 0
    bodies = []
    for d in docs:
        paragraphs = _paragraph_features(d)
        for feats in paragraphs:
            df.update(feats.keys())
        n_para += len(paragraphs)
        bodies.append(_sum_maps(paragraphs))
    body = _normalised(bodies, df, n_para)
    lead = _normalised([_lead_features(d) for d in docs], df, n_para)
    story = np.asarray((body @ body.T).todense(), dtype=np.float64)
    event = np.asarray((lead @ lead.T).todense(), dtype=np.float64)
    days = np.array(_lead_days(docs))
    both = (days[:, None] > 0) & (days[None, :] > 0)
    same = days[:, None] == days[None, :]
    event += np.where(both, np.where(same, DATE_WEIGHT, -DATE_WEIGHT), 0.0)
    _adjust(story, docs, relations)
    _adjust(event, docs, relations)
    return story, event


def cluster(sim: np.ndarray, min_sim: float) -> list[list[int]]:
    """Average-linkage clusters of a similarity matrix, cut at ``min_sim``; in index order."""
    n = sim.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage  # a quarter second: only when used

    condensed = (1.0 - sim)[np.triu_indices(n, k=1)]
    labels = fcluster(linkage(condensed, method="average"), t=1.0 - min_sim, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def partition(story: np.ndarray, event: np.ndarray, days: Sequence[int]) -> list[list[int]]:
    """Events as lists of article indices: each story, split where its leads form separate
    groups.  ``days`` holds each article's lead date as an ordinal, 0 when unknown."""
    out: list[list[int]] = []
    for members in cluster(story, STORY_MIN_SIM):
        sub = event[np.ix_(members, members)]
        groups = [[members[i] for i in g] for g in cluster(sub, EVENT_MIN_SIM)]
        solid = [g for g in groups if len(g) > 1]
        single = [g[0] for g in groups if len(g) == 1]
        if not solid:  # no two leads agree: one event, unless the leads date them apart
            by_day: dict[int, list[int]] = {}
            for i in single:
                by_day.setdefault(days[i], []).append(i)
            undated = by_day.pop(0, [])
            dated = list(by_day.values())
            if dated:
                dated[0].extend(undated)
            out.extend(dated or [undated])
            continue
        for i in single:  # a lone lead joins the group whose whole text is closest to it
            best = max(solid, key=lambda g: float(story[i, g].mean()))
            known = {days[j] for j in best if days[j]}
            if days[i] and known and days[i] not in known:
                out.append([i])
            else:
                best.append(i)
        out.extend(solid)
    return sorted((sorted(g) for g in out), key=lambda g: g[0])


# --------------------------------------------------------------------------------------------
# labels


def _salience(docs: Sequence[AnnotatedArticle]) -> list[dict[str, float]]:
    """Per article: lemma -> 1 / (1 + sentence index / 2) of its first unquoted lead mention."""
    out = []
    for d in docs:
        seen: dict[str, float] = {}
        for k, tok in _sentence_tokens(d, LABEL_SENTENCES, skip_quoted=True):
            if tok.is_alpha and not tok.is_stop:
                seen.setdefault(tok.lemma_.lower(), 1.0 / (1.0 + k / 2.0))
        out.append(seen)
    return out


def _sum_maps(maps: Iterable[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for m in maps:
        for k, v in m.items():
            out[k] = out.get(k, 0.0) + v
    return out


def _modifiers(tok: Any) -> list[Any]:
    """Compound, adjective and possessive modifiers written right before ``tok`` (with their own
    compounds and possessive marks)."""
    out: list[Any] = []
    for c in reversed(list(tok.lefts)):
        if c.dep_ in _CHUNK_DEPS and not c.is_punct and c.pos_ != "PRON":
            sub = list(c.subtree)  # whole when short: "face-to-face", "fast-tracked"
            if len(sub) > 5:
                sub = [t for t in sub if t.dep_ in _CHUNK_DEPS | {"punct", "case"} or t is c]
            while sub and sub[0].is_punct and sub[0].text != "-":
                sub.pop(0)
            while sub and sub[-1].is_punct and sub[-1].dep_ != "case":
                sub.pop()
            if not sub or len(sub) > 6 or sub[-1].i - sub[0].i + 1 != len(sub):
                break
            out.extend(sub)
        elif not c.is_punct:
            break
    return out


def _chunk(noun: Any, max_words: int) -> list[Any]:
    """A participant: ``noun`` with its modifiers, no determiner; its last ``max_words`` words
    (possessive marks and punctuation inside it not counted)."""
    words = sorted({t.i: t for t in [*_modifiers(noun), noun]}.values(), key=lambda t: t.i)
    words = [t for t in words if t.pos_ != "DET"]
    real = [t for t in words if not t.is_punct and t.dep_ != "case"]
    if len(real) > max_words:
        cut = real[-max_words].i
        words = [t for t in words if t.i >= cut]
    return words


def _participants(tok: Any, max_words: int) -> list[Any]:
    """The first prepositional participant of event noun ``tok``, with its conjuncts: "with X",
    "between X and Y" (dates and times are not participants)."""
    for prep in tok.rights:
        if prep.dep_ != "prep" or prep.lower_ not in _PREPS:
            continue
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if not objs or objs[0].ent_type_ in ("DATE", "TIME") or objs[0].pos_ == "PRON":
            continue
        words = [prep]
        for k, obj in enumerate([objs[0], *objs[0].conjuncts][:2]):
            if k:
                words.extend(c for c in obj.head.children if c.dep_ == "cc")
            words.extend(_chunk(obj, max_words))
        return words
    return []


def _subject(tok: Any, max_words: int) -> list[Any]:
    """The named subject of the verb that governs event noun ``tok`` ("the council ... after an
    emergency meeting" gives the council), or []."""
    head = tok
    for _ in range(3):
        if head.dep_ not in ("pobj", "dobj", "prep", "attr", "pcomp") or head.head == head:
            return []
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            break
    else:
        return []
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for _ in range(3):  # "X has voted to oppose ... and offered ... after a meeting"
        if subjects or head.dep_ not in ("conj", "xcomp") or head.head == head:
            break
        head = head.head
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for c in subjects:
        if c.pos_ != "PRON" and not c.conjuncts and not any(x.dep_ == "cc" for x in c.children):
            words = _chunk(c, max_words)
            # an organisation or a place; a person is more often the story's subject than a party
            named = any(t.pos_ == "PROPN" or t.ent_type_ in _PARTY_LABELS for t in words)
            unwanted = any(t.ent_type_ in ("PERSON", "DATE", "TIME") for t in words)
            return words if named and not unwanted else []
    return []


def _verb_like(tok: Any) -> bool:
    """True for a "noun" the tagger took from a verb: with a verb's children, or a bare noun with
    a to-infinitive ("council votes to fight ...", not "a vote to approve ...")."""
    if any(c.dep_ in _VERB_DEPS for c in tok.children):
        return True
    infinitive = any(
        c.dep_ in ("relcl", "acl") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for c in tok.children
    )
    return infinitive and not any(c.dep_ in ("det", "poss") for c in tok.children)


def _dated(tok: Any) -> bool:
    """True when event noun ``tok``, or the verb it depends on, is given a time ("a meeting on
    Tuesday", "talks broke up on Tuesday afternoon"): what happened, not what is planned."""
    for node in (tok, tok.head):
        for c in node.children:
            if c.ent_type_ in ("DATE", "TIME") or c.dep_ == "npadvmod" and c.ent_type_:
                return True
            if c.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in c.children):
                return True
        if node.pos_ in ("VERB", "AUX"):
            break
    return False


def _phrase(tok: Any) -> tuple[list[Any], int]:
    """Tokens of the event phrase headed by ``tok`` (modifiers, head, participants; a named
    subject in front when the phrase names nobody) and how many participants it names."""
    core = [*_modifiers(tok), tok]
    for max_words in (4, 2):
        parts = _participants(tok, max_words)
        named = any(t.pos_ == "PROPN" or t.ent_type_ in _PARTY_LABELS for t in core)
        subject = [] if parts or named else _subject(tok, max_words)
        body = sorted({t.i: t for t in [*core, *parts]}.values(), key=lambda t: t.i)
        words = [t for t in subject if t.i < body[0].i or t.i > body[-1].i] + body
        n_words = sum(1 for t in words if not t.is_punct and t.dep_ != "case")
        if n_words <= LABEL_MAX_WORDS:
            break
    count = len([t for t in parts if t.dep_ == "pobj" or t.dep_ == "conj"]) + bool(subject)
    return words[: LABEL_MAX_WORDS + 3], count


def _phrase_text(words: Sequence[Any]) -> str:
    """The phrase as written, a space where words were skipped; capitalised first letter."""
    words = list(words)
    while words and (words[0].is_punct or words[0].pos_ == "DET" or words[0].dep_ == "case"):
        words.pop(0)
    out = ""
    for k, t in enumerate(words):
        if k and t.i != words[k - 1].i + 1:
            out = out.rstrip() + " "
        out += t.text_with_ws
    out = out.strip()
    return out[:1].upper() + out[1:]


def _label(
    members: Sequence[int],
    docs: Sequence[AnnotatedArticle],
    sal: Sequence[dict[str, float]],
    total: dict[str, float],
) -> str:
    """The best-scoring event phrase of the members' leads (see ``docs/relations.md``).

    ``sal`` is ``_salience(docs)`` and ``total`` its sum over all articles."""
    inside = _sum_maps(sal[i] for i in members)
    n_out = len(docs) - len(members)

    def weight(word: str) -> float:
        mean_in = inside.get(word, 0.0) / len(members)
        if not n_out:
            return mean_in
        return max(0.0, mean_in - (total.get(word, 0.0) - inside.get(word, 0.0)) / n_out)

    Cand = tuple[float, int, int, str]
    event: dict[str, Cand] = {}  # phrases headed by an event noun
    topic: dict[str, Cand] = {}  # other multi-word or proper noun phrases (not people)
    seen_in: dict[str, set[int]] = {}
    for i in members:
        for k, tok in _sentence_tokens(docs[i], LABEL_SENTENCES, skip_quoted=True):
            if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ == "PERSON":
                continue
            is_event = (
                tok.lemma_.lower() in EVENT_NOUNS
                and tok.pos_ == "NOUN"
                and tok.dep_ != "compound"
                and not _verb_like(tok)
            )
            core = sorted([*_modifiers(tok), tok], key=lambda t: t.i)
            words, n_parts = _phrase(tok) if is_event else (core[-3:], 0)
            content = {t.lemma_.lower() for t in core if t.is_alpha and not t.is_stop}
            if not content or (not is_event and len(words) == 1 and tok.pos_ != "PROPN"):
                continue
            named = sum(1 for t in words if t.is_alpha and not t.is_stop)
            score = (
                sum(weight(w) for w in content) / len(content)
                + WORD_BONUS * min(named, 6)
                + 0.1 / (1 + k)
                + PARTICIPANT_BONUS * min(n_parts, 2)
                + (DATED_BONUS if is_event and _dated(tok) else 0.0)
            )
            text = _phrase_text(words)
            key = text.lower()
            seen_in.setdefault(key, set()).add(i)
            score += 0.03 * (len(seen_in[key]) - 1)
            cand = (score, -len(words), -len(text), text)
            table = event if is_event else topic
            table[key] = max(cand, table.get(key, cand))
    best_topic = max(topic.values()) if topic else None
    if event:
        best = max(event.values())
        label = best[3]
        if len(label.split()) == 1 and best_topic and best_topic[0] > 0.1:
            # a bare event noun says little: say what it was about
            topic_text = best_topic[3]
            label = (
                topic_text
                if label.lower() in topic_text.lower()
                else f"{topic_text} {label.lower()}"
            )
        return label
    if best_topic:
        return best_topic[3]
    first = docs[members[0]]
    title = first.article.title or (
        first.sentence_text(first.sentences[0]) if first.sentences else first.id
    )
    return " ".join(title.split()[:LABEL_MAX_WORDS])


# --------------------------------------------------------------------------------------------
# dates


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _month(name: str) -> int:
    return _MONTHS.index(next(m for m in _MONTHS if name.lower().startswith(m[:3]))) + 1


def dates_in(text: str, published: dt.date | None) -> list[dt.date]:
    """Dates written in ``text``: explicit ones, and relative ones resolved against ``published``."""
    found: list[dt.date] = []
    for pat_i, pat in enumerate(_DATE_PATTERNS):
        for m in pat.finditer(text):
            try:
                if pat_i == 0:
                    y, mo, d = int(m[1]), int(m[2]), int(m[3])
                elif pat_i == 1:
                    d, mo = int(m[1]), _month(m[2])
                    y = int(m[3]) if m[3] else (published.year if published else 0)
                else:
                    mo, d = _month(m[1]), int(m[2])
                    y = int(m[3]) if m[3] else (published.year if published else 0)
                if y:
                    found.append(dt.date(y, mo, d))
            except ValueError:
                continue
    if published:
        for m in _RELATIVE.finditer(text):
            word = m[1].lower()
            if word.startswith("next"):
                continue  # a day to come is not when the event happened
            if word.startswith(("today", "tonight", "this")):
                found.append(published)
            elif word in ("yesterday", "last night"):
                found.append(published - dt.timedelta(days=1))
            else:
                day = _WEEKDAYS.index(word.split()[-1])
                back = (published.weekday() - day) % 7
                if word.startswith("last") and back == 0:
                    back = 7
                found.append(published - dt.timedelta(days=back))
    return found


def _dates(doc: AnnotatedArticle) -> list[dt.date]:
    """Dates written in the first sentences, relative ones resolved against publication."""
    pub = _parse_iso(doc.article.published)
    out: list[dt.date] = []
    for s in doc.sentences[:LABEL_SENTENCES]:
        out.extend(d for d in dates_in(doc.sentence_text(s), pub) if pub is None or d <= pub)
    return out


def _lead_days(docs: Sequence[AnnotatedArticle]) -> list[int]:
    """Per article, the date most often written in its lead (the earliest on a tie) as an
    ordinal, 0 when none."""
    out = []
    for doc in docs:
        votes = Counter(_dates(doc))
        top = max(votes.values(), default=0)
        out.append(min((d for d, c in votes.items() if c == top), default=None))
    return [d.toordinal() if d else 0 for d in out]


def _date(members: Sequence[int], docs: Sequence[AnnotatedArticle]) -> str | None:
    votes: Counter[dt.date] = Counter(day for i in members for day in _dates(docs[i]))
    published = [p for i in members if (p := _parse_iso(docs[i].article.published))]
    if votes:
        top = max(votes.values())
        return min(day for day, c in votes.items() if c == top).isoformat()
    return min(published).isoformat() if published else None


# --------------------------------------------------------------------------------------------


def group_events(docs: Sequence[AnnotatedArticle], relations: RelationResult) -> tuple[Event, ...]:
    """Events of ``docs``: clusters of articles with a label and a date (see module docstring)."""
    return group_events_and_stories(docs, relations)[0]


def unrelated_stories(story: np.ndarray) -> list[list[int]]:
    """Groups of articles that tell unrelated stories: the same average-linkage tree as the
    stories of ``partition``, cut lower (at ``UNRELATED_MAX_SIM``), so every event lies inside
    one group.  A folder that tells one story is one group."""
    return cluster(story, UNRELATED_MAX_SIM)


def group_events_and_stories(
    docs: Sequence[AnnotatedArticle], relations: RelationResult
) -> tuple[tuple[Event, ...], tuple[tuple[str, ...], ...]]:
    """Events of ``docs`` (as ``group_events``) and the unrelated stories they belong to, each
    the ids of its articles (``unrelated_stories``); one story when the folder tells one."""
    if not docs:
        return (), ()
    story, event = similarities(docs, relations)
    stories = tuple(tuple(docs[i].id for i in g) for g in unrelated_stories(story))
    return _events(docs, story, event), stories


def _events(
    docs: Sequence[AnnotatedArticle], story: np.ndarray, event: np.ndarray
) -> tuple[Event, ...]:
    groups = partition(story, event, _lead_days(docs))
    sal = _salience(docs)
    total = _sum_maps(sal)
    found: list[tuple[str, int, list[int], str | None]] = []
    for members in groups:
        date = _date(members, docs)
        found.append((date or "9999-99-99", members[0], members, date))
    found.sort(key=lambda f: (f[0], f[1]))
    return tuple(
        Event(
            f"e{k + 1}", _label(members, docs, sal, total), tuple(docs[i].id for i in members), date
        )
        for k, (_, _, members, date) in enumerate(found)
    )


def in_date_order(events: Sequence[Event]) -> tuple[Event, ...]:
    """``events`` sorted by date (undated last, ties in their order) and renumbered ``e1``...:
    run once the timeline has dated the undated ones, before anything refers to event ids."""
    ordered = sorted(enumerate(events), key=lambda x: (x[1].date or "9999-99-99", x[0]))
    return tuple(dataclasses.replace(e, id=f"e{k}") for k, (_, e) in enumerate(ordered, start=1))


def label(docs: Sequence[AnnotatedArticle]) -> str:
    """The label ``group_events`` would give one event made of all of ``docs`` (used for a
    story's label by ``newsprism.stories``)."""
    if not docs:
        return ""
    sal = _salience(docs)
    return _label(range(len(docs)), docs, sal, _sum_maps(sal))
