"""Timeline: dated happenings from absolute and relative date expressions, each cited.

1. **Reference dates.**  Each article's relative dates resolve against its publication date.  An
   article without one borrows the date of its event, else the most common publication date of
   the briefing, and every entry resolved against a borrowed date is marked ``inferred``.
2. **Mentions.**  ``dates.find_dates`` over every content sentence; ``dates.resolve`` against the
   reference, reading ahead (``will``, ``by``, ``next``) as the future: those entries are
   ``future`` commitments or deadlines.
3. **Happenings.**  A mention's happening is the word its date phrase attaches to in the parse
   (``a protest on Monday`` -> protest; ``led protests last month`` -> lead, protest) with the
   nouns around it.  Entries of one happening merge, citing every article.
4. **Re-anchoring.**  When an article with a borrowed reference dates a happening by weekday
   (``a protest on Monday``) and an article with its own date puts the same happening in another
   month (``protests last month``), the dated account wins: the weekday is placed at its last
   occurrence in that month (news reports recent days) and the borrowed reference of the article
   (and of the undated articles of its event) moves to the day after, then everything resolves
   again.
5. **Conflicts.**  One happening with two different day dates from articles with their own dates
   gets ``conflict`` on both entries.
6. **Undated events** (``infer_event_dates``, a pipeline stage after this one) take the latest
   day-precision, non-future entry citing one of their articles, marked ``date_inferred``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from newsprism.analyze.disagreements import negation
from newsprism.analyze.relations.links import quoted_spans
from newsprism.analyze.time.anchors import (
    DATED_BOILERPLATE,
    Reference,
    dated_weekdays,
    dateline_day,
    on_dateline_day,
    text_references,
)
from newsprism.analyze.time.dates import (
    ABSOLUTE_DAY_KINDS,
    ABSOLUTE_KINDS,
    WEEKDAYS,
    DateMention,
    ResolvedDate,
    find_chained,
    find_dates,
    mention_ahead,
    resolve,
    resolve_chained,
)
from newsprism.model import Article, Citation, Event, TimelineEntry

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

Token = Any


@dataclass(frozen=True)
class Mention:
    """One resolved date mention in one sentence."""

    article: str
    sent_start: int
    sent_end: int
    mention: DateMention  # offsets relative to the sentence
    resolved: ResolvedDate
    inferred: bool
    happening: frozenset[str]
    head: str = ""  # the word the date phrase attaches to


def _parse_date(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def reference_dates(
    docs: Sequence[AnnotatedArticle], events: Sequence[Event] = ()
) -> dict[str, Reference]:
    """Each article's reference date: its own; else, when its event has dated articles, their
    commonest; else, when no article of its event is dated, the story day its texts show
    (``anchors.text_references``), or failing that the story year they show (``year_only``);
    else the briefing's commonest."""
    own = {d.id: _parse_date(d.article.published) for d in docs}
    from_text = text_references(docs, events)
    known = Counter(v for v in own.values() if v)
    common = known.most_common(1)[0][0] if known else None
    event_date: dict[str, dt.date] = {}
    for ev in events:
        dates = Counter(own[a] for a in ev.articles if own.get(a))
        best = dates.most_common(1)[0][0] if dates else _parse_date(ev.date)
        if best:
            for a in ev.articles:
                event_date[a] = best
    out = {}
    for art_id, date in own.items():
        if date:
            out[art_id] = Reference(date, False)
        elif art_id in from_text and from_text[art_id].date and not from_text[art_id].year_only:
            out[art_id] = from_text[art_id]  # the story day its texts show
        elif art_id in from_text and not common:
            # no date anywhere in the briefing: the story year its texts show, or unknown (never
            # the events stage's guess, which may be a background date)
            out[art_id] = from_text[art_id]
        elif art_id in event_date:
            out[art_id] = Reference(event_date[art_id], True)
        else:
            out[art_id] = Reference(common, True)
    for d in docs:
        # an undated article whose wire dateline writes its day (``PORT ALDER, March 10
        # (Coastwire) -``) reads its relative dates from that day, in the year of the day it
        # borrowed (nearest to it); with only a story year, the day stays unknown
        ref = out[d.id]
        day = dateline_day(d.article) if ref.inferred else None
        if day is not None and ref.date is not None and not ref.year_only:
            own_day = on_dateline_day(day, ref.date)
            if own_day is not None:
                out[d.id] = Reference(own_day, True)
    return out


def _happening(
    offsets: Sequence[int], tokens: Sequence[Token], start: int, end: int
) -> tuple[frozenset[str], str]:
    """Stems of the word a date phrase at article offsets [start, end) attaches to, and its nouns;
    and that word's stem."""
    toks = list(tokens[bisect.bisect_left(offsets, start) : bisect.bisect_left(offsets, end)])
    if not toks:
        return frozenset(), ""
    root = next((t for t in toks if t.head not in toks or t.head == t), toks[0])
    head = root.head
    while head.pos_ == "ADP" and head.head != head:
        head = head.head
    words = {negation.stem(head.lemma_)} if head.pos_ in ("NOUN", "VERB", "PROPN") else set()
    for c in head.children:
        if c.pos_ in ("NOUN", "PROPN") and c not in toks:
            words.add(negation.stem(c.lemma_))
    if head.pos_ == "NOUN" and head.head.pos_ == "VERB":
        words.add(negation.stem(head.head.lemma_))
    key = negation.stem(head.lemma_) if head.pos_ in ("NOUN", "VERB", "PROPN") else ""
    return frozenset(w for w in words if w and w not in ("say", "tell", "add")), key


def _heading_date(stext: str) -> dt.date | None:
    """The date of a line that is only a full date (``Nov. 7, 2017:``): a chronology heading."""
    found = find_dates(stext)
    if len(found) != 1 or found[0].kind not in ABSOLUTE_DAY_KINDS:
        return None
    rest = (stext[: found[0].start] + stext[found[0].end :]).strip(" \t\n:.—–-")
    if rest:
        return None
    r = resolve(found[0], None)
    return dt.date.fromisoformat(r.date) if r else None


def _token_at(offsets: Sequence[int], tokens: Sequence[Token], start: int, end: int) -> Token:
    toks = list(tokens[bisect.bisect_left(offsets, start) : bisect.bisect_left(offsets, end)])
    if not toks:
        return None
    return next((t for t in toks if t.head not in toks or t.head == t), toks[0])


def counterfactual(tok: Token | None) -> bool:
    """A date on a verb under ``could/would/might/should have`` (``could have been me 35 years
    ago``): a happening that did not happen."""
    v = tok
    for _ in range(3):
        if v is None or v.pos_ in ("VERB", "AUX"):
            break
        v = v.head if v.head != v else None
    if v is None:
        return False
    aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & {"could", "would", "might", "should"}) and "have" in aux


def _mentions(
    docs: Sequence[AnnotatedArticle], refs: dict[str, Reference], skip_years: bool = True
) -> list[Mention]:
    out: list[Mention] = []
    for doc in docs:
        ref = refs.get(doc.id, Reference(None, True))
        text = doc.article.text
        pairs = list(doc.tokens())
        offsets = [o for o, _ in pairs]
        tokens = [t for _, t in pairs]
        heading: dt.date | None = None  # a chronology's date line rules the lines below it
        previous: Mention | None = None  # the last day told in the sentence before
        first = len(out)  # the first mention of the sentence
        for sent in doc.sentences:
            stext = text[sent.start : sent.end]
            found = find_dates(stext)
            here = _heading_date(stext)
            if here is not None:
                heading = here
            beside = dated_weekdays(found, stext)  # "Tuesday, February 14": the date wins
            quoted = quoted_spans(stext, 0, len(stext)) if found else []
            said = _said_day(found, beside, quoted, ref, stext)
            for i, m in enumerate(found):
                if i in beside:
                    continue
                ahead = mention_ahead(stext, m)
                relative = m.kind not in ABSOLUTE_KINDS
                if relative and said is not None and _inside(m, quoted):
                    # '"We met yesterday," she said on Tuesday': the words' own day
                    r = resolve(m, said[0], ahead)
                    inferred = said[1]
                elif relative and heading is not None and here is None:
                    r = resolve(m, heading, ahead)
                    inferred = False
                else:
                    r = resolve(m, ref.date, ahead, window=ref.window, year_only=ref.year_only)
                    inferred = relative and ref.inferred
                if r is None:
                    continue
                head = _token_at(offsets, tokens, sent.start + m.start, sent.start + m.end)
                if counterfactual(head):
                    continue
                if r.precision == "year" and r.future and not ahead:
                    continue  # "a 2016 presidential run" told in 2014 names no happening yet
                hap, key = _happening(offsets, tokens, sent.start + m.start, sent.start + m.end)
                out.append(Mention(doc.id, sent.start, sent.end, m, r, inferred, hap, key))
            told = [x for x in out[first:] if x.resolved.precision == "day"]
            for x in _chained(doc, sent.start, stext, told, previous, ref):
                a, b = sent.start + x.mention.start, sent.start + x.mention.end
                if counterfactual(_token_at(offsets, tokens, a, b)):
                    continue
                hap, key = _happening(offsets, tokens, a, b)
                out.append(replace(x, happening=hap, head=key))
            days = [x for x in out[first:] if x.resolved.precision == "day"]
            previous = days[-1] if days else None
            first = len(out)
        out.extend(_caption_mentions(doc, ref))
    return out


def _inside(m: DateMention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= m.start and m.end <= b for a, b in spans)


def _said_day(
    found: Sequence[DateMention],
    beside: set[int],
    quoted: Sequence[tuple[int, int]],
    ref: Reference,
    stext: str,
) -> tuple[dt.date, bool] | None:
    """The day a quotation of the sentence was spoken or written, when the sentence tells it
    outside the quotation marks (``she said on Tuesday``, ``he tweeted on Nov. 7, 2012``): the
    first day-precision date outside them, not ahead, and whether it is inferred.  The relative
    dates inside the quotation are the speaker's and read from that day."""
    if not quoted or not any(_inside(m, quoted) for m in found):
        return None
    for i, m in enumerate(found):
        if i in beside or _inside(m, quoted) or mention_ahead(stext, m):
            continue
        relative = m.kind not in ABSOLUTE_KINDS
        r = resolve(m, ref.date, False, window=ref.window, year_only=ref.year_only)
        if r is not None and r.precision == "day" and not r.future:
            return dt.date.fromisoformat(r.date), relative and ref.inferred
    return None


def _chained(
    doc: AnnotatedArticle,
    start: int,
    stext: str,
    told: Sequence[Mention],
    previous: Mention | None,
    ref: Reference,
) -> list[Mention]:
    """Mentions of the days counted from the day told just before them (``dates.find_chained``:
    ``two days later``, ``the next morning``): the last day-precision date before it in the same
    sentence, else the last one of the sentence before.  Inferred when that day is."""
    out = []
    for m in find_chained(stext):
        before = [x for x in told if x.mention.end <= m.start]
        base = before[-1] if before else previous
        if base is None or any(x.mention.start >= m.end for x in told):
            continue  # no day told before it, or the sentence writes its day ("a week earlier, on")
        r = resolve_chained(m, dt.date.fromisoformat(base.resolved.date), ref.date)
        if r is not None:
            out.append(Mention(doc.id, start, start + len(stext), m, r, base.inferred, frozenset()))
    return out


def _caption_mentions(doc: AnnotatedArticle, ref: Reference) -> list[Mention]:
    """The full dates (day, month and year) of the captions and embedded posts of ``doc``: each
    a happening of the timeline cited by its caption.  Nothing relative is read there (a caption's
    own day is unknown), nothing there is merged with a happening of the text (no parse), and a
    caption never anchors a reference date (``anchors``) nor dates an event
    (``infer_event_dates``)."""
    text = doc.article.text
    out = []
    for b in doc.article.boilerplate:
        if b.kind not in DATED_BOILERPLATE:
            continue
        for m in find_dates(text[b.start : b.end]):
            if m.kind not in ABSOLUTE_DAY_KINDS:
                continue
            r = resolve(m, ref.date)
            if r is not None:
                # what a photo or a post shows has happened, even when dated after the
                # reference (an article updated with a later post): never a commitment ahead
                r = replace(r, future=False)
                out.append(Mention(doc.id, b.start, b.end, m, r, False, frozenset()))
    return out


def _same_happening(a: Mention, b: Mention) -> bool:
    if not a.happening or not b.happening:
        return False
    inter = a.happening & b.happening
    return bool(inter) and len(inter) / len(a.happening | b.happening) >= 0.25


def _last_weekday_in_month(month: str, weekday: int) -> dt.date:
    d = _last_day(month[:7])
    while d.weekday() != weekday:
        d -= dt.timedelta(days=1)
    return d


def _reanchor(
    mentions: Sequence[Mention], refs: dict[str, Reference], events: Sequence[Event]
) -> dict[str, Reference] | None:
    """New references for undated articles whose weekday happening another article dates."""
    for a in mentions:
        if not a.inferred or a.mention.kind != "weekday" or a.resolved.future:
            continue
        for b in mentions:
            if b.inferred or b.article == a.article or b.resolved.precision != "month":
                continue
            if refs.get(b.article, Reference(None, True)).inferred:
                continue  # an account dated by the article's own date, not by a guess
            if b.resolved.date == a.resolved.date[:7] or not _same_happening(a, b):
                continue
            wd = WEEKDAYS[(a.mention.group("weekday") or "").lower()]
            placed = _last_weekday_in_month(b.resolved.date, wd)
            new_ref = Reference(placed + dt.timedelta(days=1), True)
            moved = {a.article}
            for ev in events:
                if a.article in ev.articles:
                    moved |= {x for x in ev.articles if refs.get(x, Reference(None, True)).inferred}
            out = dict(refs)
            for art in moved:
                out[art] = new_ref
            return out
    return None


def _entry_text(doc_text: str, m: Mention) -> str:
    return doc_text[m.sent_start : m.sent_end]


@dataclass(frozen=True)
class TimelineResult:
    """Timeline entries, earliest first, and the pairs of entries (indexes) that conflict."""

    entries: tuple[TimelineEntry, ...]
    conflicts: tuple[tuple[int, int], ...] = ()


def build_timeline(
    docs: Sequence[AnnotatedArticle], events: Sequence[Event] = ()
) -> TimelineResult:
    """Dated, cited timeline entries, earliest first, with the pairs that conflict."""
    refs = reference_dates(docs, events)
    mentions = _mentions(docs, refs)
    moved = _reanchor(mentions, refs, events)
    if moved is not None:
        refs = moved
        mentions = _mentions(docs, refs)
    texts = {d.id: d.article.text for d in docs}
    clusters: list[list[Mention]] = []
    for m in mentions:
        for cl in clusters:
            head = cl[0]
            a, b = head.resolved.date, m.resolved.date
            same_sentence = (head.sent_start, head.article) == (m.sent_start, m.article) or (
                _entry_text(texts[head.article], head) == _entry_text(texts[m.article], m)
            )  # one sentence, or the same words in a version or a wire copy
            if (a == b and (same_sentence or _same_happening(head, m))) or (
                (a.startswith(b) or b.startswith(a)) and any(_same_happening(x, m) for x in cl)
            ):
                cl.append(m)
                break
        else:
            clusters.append([m])
    entries: list[TimelineEntry] = []
    for cl in clusters:
        rank = {"day": 2, "month": 1, "year": 0}
        head = max(cl, key=lambda x: (rank[x.resolved.precision], not x.inferred))
        cites = tuple(dict.fromkeys(Citation(x.article, x.sent_start, x.sent_end) for x in cl))
        entries.append(
            TimelineEntry(
                head.resolved.date,
                head.resolved.precision,
                _entry_text(texts[head.article], head),
                cites,
                inferred=head.inferred,
                # ahead only while no article reports it as done: an announced meeting that
                # later reports describe is no longer a commitment
                future=all(x.resolved.future for x in cl),
            )
        )
    entries = _mark_background(entries, clusters, refs)
    entries, pairs = _flag_conflicts(entries, clusters)
    order = sorted(range(len(entries)), key=lambda i: (entries[i].date, -len(entries[i].citations)))
    position = {old: new for new, old in enumerate(order)}
    return TimelineResult(
        tuple(entries[i] for i in order),
        tuple(
            sorted((min(position[i], position[j]), max(position[i], position[j])) for i, j in pairs)
        ),
    )


# how far before the story's first day an entry may end and still be one of its happenings
# (``last month``, a complaint of three weeks before)
BACKGROUND_DAYS = 31


def _last_day(date: str) -> dt.date:
    """The last day a timeline date names (``2014`` -> 31 December 2014)."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _mark_background(
    entries: list[TimelineEntry], clusters: list[list[Mention]], refs: dict[str, Reference]
) -> list[TimelineEntry]:
    """Entries that end more than ``BACKGROUND_DAYS`` before the story's first day: the earliest
    reference date of the articles citing them (the 1st of January of the story year when only
    the year is known).  Without a reference, nothing is background: unknown stays unknown."""
    out = []
    for entry, cl in zip(entries, clusters, strict=True):
        starts = []
        for m in cl:
            ref = refs.get(m.article)
            if ref is None or ref.date is None:
                continue
            starts.append(dt.date(ref.date.year, 1, 1) if ref.year_only else ref.date)
        if not starts or entry.future:
            out.append(entry)
            continue
        story = min(starts)
        old = (story - _last_day(entry.date)).days > BACKGROUND_DAYS
        out.append(replace(entry, background=old) if old else entry)
    return out


GENERIC_HEADS = frozenset(
    {"meeting", "meet", "day", "week", "month", "year", "statement", "time", "say", "tell", "be"}
)


def _conflicting(x: Mention, y: Mention) -> bool:
    """Two mentions that date one happening differently: the same non-generic head word (or a
    generic one with its modifiers shared), day precision, different days, different articles,
    neither resolved against a borrowed reference."""
    if x.article == y.article or x.inferred or y.inferred or not x.head or x.head != y.head:
        return False
    if x.resolved.precision != "day" or y.resolved.precision != "day":
        return False
    if x.resolved.date == y.resolved.date:
        return False
    if x.head in GENERIC_HEADS:
        return len(x.happening & y.happening) >= 2
    return True


def _flag_conflicts(
    entries: list[TimelineEntry], clusters: list[list[Mention]]
) -> tuple[list[TimelineEntry], list[tuple[int, int]]]:
    pairs = []
    for i, a in enumerate(clusters):
        for j in range(i + 1, len(clusters)):
            if any(_conflicting(x, y) for x in a for y in clusters[j]):
                pairs.append((i, j))
    flagged = {k for p in pairs for k in p}
    out = [replace(e, conflict=True) if k in flagged else e for k, e in enumerate(entries)]
    return out, pairs


def infer_event_dates(
    events: Sequence[Event],
    entries: Sequence[TimelineEntry],
    articles: Sequence[Article] = (),
) -> tuple[Event, ...]:
    """Undated events dated from the timeline, marked ``date_inferred``.

    An event without a date takes the latest day-precision entry, not a future commitment,
    that cites one of its articles: a report's newest dated happening is usually the event it
    reports (the earlier dates are background).  An entry cited only from boilerplate of
    ``articles`` (a photo caption, an embedded post) dates no event: a photo may be years old.
    Dated events are kept as they are.
    """
    by_id = {a.id: a for a in articles}
    entries = [
        t
        for t in entries
        if not all(
            c.article in by_id and by_id[c.article].is_boilerplate(c.start, c.end)
            for c in t.citations
        )
    ]
    out = []
    for e in events:
        if e.date is not None:
            out.append(e)
            continue
        own = set(e.articles)
        days = [
            t.date
            for t in entries
            if t.precision == "day"
            and not t.future
            and not t.conflict
            and any(c.article in own for c in t.citations)
        ]
        out.append(replace(e, date=max(days), date_inferred=True) if days else e)
    return tuple(out)
