"""The JSON form of a briefing (schema ``newsprism.briefing/1``) and the views all outputs share.

Every piece of text in the output that comes from an article (quote text, citation text, the
text of a summary sentence) is derived here from ``Article.text`` by its offsets, so the output
satisfies ``article.text[start:end] == text`` by construction.  A span that falls outside its
article, or names an unknown article, raises ``ValueError``: a citation that cannot be checked is
never written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from newsprism import __version__
from newsprism.model import (
    SCHEMA,
    Article,
    Briefing,
    Citation,
    Claim,
    ClaimGroup,
    Disagreement,
    Event,
    Quote,
    Span,
    Speaker,
    SummaryItem,
)

GENERATOR = "newsprism"
# relations that make two articles one origin of evidence (not independent reports)
SAME_ORIGIN = frozenset({"duplicate", "version", "syndicated"})


def load_schema() -> dict[str, Any]:
    """The packaged JSON Schema (draft 2020-12) of ``briefing.json``."""
    text = resources.files("newsprism.render").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class _Texts:
    """Article texts by id; ``get`` derives and checks the text of a span."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.by_id = {a.id: a.text for a in articles}

    def get(self, article: str, start: int, end: int, what: str) -> str:
        text = self.by_id.get(article)
        if text is None:
            raise ValueError(f"{what} names unknown article {article!r}")
        if not 0 <= start <= end <= len(text):
            raise ValueError(
                f"{what} [{article}:{start}-{end}] lies outside the article "
                f"({len(text)} characters)"
            )
        return text[start:end]


def check_spans(b: Briefing) -> None:
    """Raise ``ValueError`` if any span of ``b`` names an unknown article or lies outside it."""
    texts = _Texts(b.articles)
    for a in b.articles:
        for x in a.boilerplate:
            texts.get(a.id, x.start, x.end, "boilerplate")
    cites = [c for item in b.summary for c in item.citations]
    cites += [c for d in b.disagreements for s in d.sides for c in s.citations]
    cites += [c for d in b.possible_disagreements for s in d.sides for c in s.citations]
    cites += [c for t in b.timeline for c in t.citations]
    for c in cites:
        texts.get(c.article, c.start, c.end, "citation")
    for q in b.quotes:
        for s in (Span(q.start, q.end), q.speaker_mention, q.cue):
            if s is not None:
                texts.get(q.article, s.start, s.end, f"quote {q.id}")
    for p in b.repeated_passages:
        for s in (p.first, p.repeat):
            texts.get(p.article, s.start, s.end, "repeated passage")


def summary_text(texts: Mapping[str, str], item: SummaryItem) -> str:
    """The summary sentence as read: the text of its first citation (``item.text`` if none).

    ``texts`` maps article ids to their text (see ``article_texts``).
    """
    if not item.citations:
        return item.text
    c = item.citations[0]
    return texts[c.article][c.start : c.end]


def article_texts(b: Briefing) -> dict[str, str]:
    """Article text by article id."""
    return {a.id: a.text for a in b.articles}


def independent_groups(b: Briefing) -> list[list[str]]:
    """Articles grouped by independent origin, each article in exactly one group.

    Uses ``b.independent_sources`` when the relations stage filled it; otherwise joins articles
    linked by a duplicate, version or syndicated relation.  Groups and their members keep the
    order of ``b.articles``.
    """
    order = {a.id: i for i, a in enumerate(b.articles)}
    parent = {a.id: a.id for a in b.articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(x: str, y: str) -> None:
        if x in parent and y in parent:
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry, key=order.__getitem__)] = min(rx, ry, key=order.__getitem__)

    if b.independent_sources:
        for group in b.independent_sources:
            for other in group[1:]:
                join(group[0], other)
    else:
        for r in b.relations:
            if r.kind in SAME_ORIGIN:
                join(r.a, r.b)
    groups: dict[str, list[str]] = {}
    for a in b.articles:
        groups.setdefault(find(a.id), []).append(a.id)
    return list(groups.values())


def independent_support(item: SummaryItem, groups: list[list[str]]) -> int:
    """How many independent sources support ``item`` (its support and cited articles)."""
    return sources_of([*item.support, *(c.article for c in item.citations)], groups)


@dataclass(frozen=True)
class RelationNote:
    """How one article relates to ``other``, e.g. ``label="syndicated copy of"``."""

    label: str
    other: str
    kind: str
    score: float


def relation_notes(b: Briefing) -> dict[str, list[RelationNote]]:
    """Per article, its relations worded from its own side (direction from publication dates)."""
    published = {a.id: a.published for a in b.articles}
    notes: dict[str, list[RelationNote]] = {a.id: [] for a in b.articles}
    for r in b.relations:
        pa, pb = published.get(r.a), published.get(r.b)
        older = newer = None
        if pa and pb and pa != pb:
            older, newer = (r.a, r.b) if pa < pb else (r.b, r.a)
        for me, other in ((r.a, r.b), (r.b, r.a)):
            label = _relation_label(r.kind, me == older, me == newer)
            notes.setdefault(me, []).append(RelationNote(label, other, r.kind, r.score))
    return notes


def _relation_label(kind: str, is_older: bool, is_newer: bool) -> str:
    if kind == "duplicate":
        return "duplicate of"
    if kind == "version":
        return (
            "later version of" if is_newer else "earlier version of" if is_older else "version of"
        )
    if kind == "syndicated":
        if is_newer:
            return "syndicated copy of"
        return "original of syndicated copy" if is_older else "syndicated copy shared with"
    return "shares passages with"


def other_aliases(s: Speaker) -> list[str]:
    """The speaker's aliases that differ from the name and from each other (ignoring case)."""
    seen = {s.name.strip().casefold()}
    out = []
    for alias in s.aliases:
        key = alias.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def speaker_names(b: Briefing, ids: Iterable[str]) -> list[str]:
    """Display names for speaker ids, each name once (unknown ids shown as they are)."""
    names = {s.id: s.name for s in b.speakers}
    return list(dict.fromkeys(names.get(x, x) for x in ids))


def quotes_by_speaker(b: Briefing) -> list[tuple[Speaker | None, list[Quote]]]:
    """Quotes per speaker, most quoted first (ties keep speaker order); unattributed last."""
    by_id: dict[str | None, list[Quote]] = {}
    for q in b.quotes:
        by_id.setdefault(q.speaker, []).append(q)
    speakers = [s for s in b.speakers if s.id in by_id]
    speakers.sort(key=lambda s: -len(by_id[s.id]))
    out: list[tuple[Speaker | None, list[Quote]]] = [(s, by_id[s.id]) for s in speakers]
    known = {s.id for s in speakers}
    rest = [q for key, qs in by_id.items() if key not in known for q in qs]
    if rest:
        out.append((None, rest))
    return out


def sources_of(articles: Iterable[str], groups: list[list[str]]) -> int:
    """How many independent sources the given articles come from."""
    group_of = {aid: i for i, g in enumerate(groups) for aid in g}
    return len({group_of.get(a, a) for a in articles})


@dataclass(frozen=True)
class AgreedFact:
    """A claim group as a reader sees it: one representative claim and its independent support."""

    group: ClaimGroup
    claim: Claim  # the representative member
    citations: tuple[Citation, ...]  # every member, the representative first
    sources: int  # independent sources that report it
    total: int  # independent sources in the briefing (in its story, for unrelated stories)
    outlets: tuple[str, ...]  # one name per independent source that reports it


REPRESENTATIVE_MIN_WORDS = 8


def _representative(members: list[Claim], texts: Mapping[str, str]) -> Claim:
    """The reporter's own words before a speaker's, then the shortest full clause."""

    def key(c: Claim) -> tuple[bool, bool, int]:
        text = texts[c.article][c.start : c.end].lstrip("\"“‘'")
        # a clause cut from a longer sentence (lower-case start) reads worse than a sentence
        partial = not text[:1].isupper() or len(text.split()) < REPRESENTATIVE_MIN_WORDS
        return (c.speaker is not None, partial, len(text.split()))

    return min(members, key=key)


def agreed_facts(b: Briefing) -> list[AgreedFact]:
    """Claim groups, most widely reported first (ties keep the groups' order)."""
    groups = independent_groups(b)
    texts = article_texts(b)
    claims = {c.id: c for c in b.claims}
    label = {a.id: a.outlet or a.id for a in b.articles}
    group_of = {aid: i for i, g in enumerate(groups) for aid in g}
    out = []
    for g in b.claim_groups:
        members = [claims[x] for x in g.claims if x in claims]
        if not members:
            continue
        rep = _representative(members, texts)
        ordered = [rep, *(m for m in members if m is not rep)]
        cites = tuple(dict.fromkeys(Citation(m.article, m.start, m.end) for m in ordered))
        first_of: dict[int | str, str] = {}
        for m in ordered:
            first_of.setdefault(group_of.get(m.article, m.article), label.get(m.article, m.article))
        total = story_sources(b, groups, rep.article)
        out.append(AgreedFact(g, rep, cites, len(first_of), total, tuple(first_of.values())))
    out.sort(key=lambda f: -f.sources)
    return out


# what each kind of disagreement means, in a reader's words (Markdown and HTML badges)
KIND_LABELS = {
    "evaluation": ("Opposite judgements", "one side praises what the other condemns"),
    "polarity": ("Affirmed vs denied", "one side says it happened or was agreed, the other not"),
    "number": ("Different figures", "the sides give different numbers for one thing"),
    "date": ("Different dates", "the sides date one happening differently"),
    "attribution": ("Who said it?", "the same words are given to different speakers"),
    "role": ("Different titles", "one person is given different roles or titles"),
    "account": ("Account disputed", "one side explicitly denies or disputes the other's version"),
}


# how a side's stance in a disagreement reads (Markdown and HTML)
STANCE_LABELS = {
    "affirms": "says yes",
    "denies": "says no",
    "positive": "positive",
    "negative": "negative",
    "disputes": "disputes",
    "disputed": "disputed account",
}


def kind_label(kind: str) -> tuple[str, str]:
    """(short label, explanation) for a disagreement kind; unknown kinds as they are."""
    return KIND_LABELS.get(kind, (kind[:1].upper() + kind[1:], kind))


def agreement_label(f: AgreedFact) -> str:
    """``reported by N of M independent sources`` / ``only in <outlet>``."""
    if f.sources == 1:
        return f"only in {f.outlets[0]}" if f.outlets else "only in one source"
    return f"reported by {f.sources} of {f.total} independent sources"


MIXED_TITLED = 3  # stories named in the title of a briefing of several unrelated stories


def story_parts(b: Briefing) -> list[tuple[tuple[str, ...], list[Event]]]:
    """Each unrelated story of the briefing (its article ids, its events in date order); one
    part holding everything when the articles tell one story."""
    if not b.articles:
        return []
    if not b.mixed:
        return [(tuple(a.id for a in b.articles), list(b.events))]
    return [
        (members, [e for e in b.events if set(members) & set(e.articles)]) for members in b.stories
    ]


def story_label(events: Sequence[Event], fallback: str) -> str:
    """A story named by its largest event's label (the earliest on a tie)."""
    if not events:
        return fallback
    label = max(events, key=lambda e: len(e.articles)).label.strip()
    return label[:1].upper() + label[1:] if label else fallback


def mixed_message(b: Briefing) -> str:
    """What the top of every output says when the articles tell several unrelated stories."""
    parts = story_parts(b)
    names = "; ".join(
        f"{story_label(evs, members[0])} ({len(members)} article{'s' if len(members) > 1 else ''})"
        for members, evs in parts
    )
    return (
        f"These {len(b.articles)} articles tell {len(parts)} unrelated stories: {names}. "
        "Support, agreement, claims and dates are counted within each story, never across "
        "stories. A briefing is for one story: brief each story on its own, or run "
        "`newsprism brief --per-story`."
    )


def story_sources(b: Briefing, groups: list[list[str]], article: str) -> int:
    """Independent sources of the story ``article`` belongs to: all of the briefing's when the
    articles tell one story."""
    if not b.mixed:
        return len(groups)
    k = b.story_of(article)
    return sum(1 for g in groups if b.story_of(g[0]) == k)


def story_title(b: Briefing) -> str:
    """A title: the shortest headline among the largest event's articles, else its label; for
    several unrelated stories, their count and names (``story_label``)."""
    if b.mixed:
        parts = story_parts(b)
        names = [story_label(evs, members[0]) for members, evs in parts[:MIXED_TITLED]]
        more = len(parts) - MIXED_TITLED
        return (
            f"{len(parts)} unrelated stories: "
            + "; ".join(names)
            + (f"; and {more} more" if more > 0 else "")
        )
    titles = {a.id: a.title for a in b.articles if a.title and a.title.strip()}
    if b.events:
        event = max(b.events, key=lambda e: len(e.articles))
        candidates = [titles[x] for x in event.articles if x in titles]
        if candidates:
            return min(candidates, key=len).strip()
        if event.label.strip():
            label = event.label.strip()
            return label[0].upper() + label[1:]
    for a in b.articles:
        if a.id in titles:
            return titles[a.id].strip()
    return "News briefing"


def _disagreement(d: Disagreement, texts: _Texts) -> dict[str, Any]:
    return {
        "id": d.id,
        "topic": d.topic,
        "kind": d.kind,
        "sides": [
            {
                "speaker": s.speaker,
                "outlet": s.outlet,
                "claim": s.claim,
                "citations": _citations(s.citations, texts, f"disagreement {d.id}"),
                "stance": s.stance,
            }
            for s in d.sides
        ],
        "rank": d.rank,
        "confidence": round(d.confidence, 3),
    }


def _citations(cs: Iterable[Citation], texts: _Texts, what: str) -> list[dict[str, Any]]:
    return [
        {
            "article": c.article,
            "start": c.start,
            "end": c.end,
            "text": texts.get(c.article, c.start, c.end, what),
        }
        for c in cs
    ]


def _span(article: str, s: Span | None, texts: _Texts, what: str) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"start": s.start, "end": s.end, "text": texts.get(article, s.start, s.end, what)}


def article_to_dict(a: Article) -> dict[str, Any]:
    """An article as ``briefing.json`` has it (the web app's article record adds store fields)."""
    return {
        "id": a.id,
        "source": a.source,
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "author": a.author,
        "url": a.url,
        "text": a.text,
        "boilerplate": [{"start": x.start, "end": x.end, "kind": x.kind} for x in a.boilerplate],
        "evidence": [{"field": k, "value": v} for k, v in a.evidence],
    }


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    """The briefing as plain JSON data, keys in documented order (see docs/briefing-schema.md)."""
    texts = _Texts(b.articles)
    for a in b.articles:
        for x in a.boilerplate:
            texts.get(a.id, x.start, x.end, "boilerplate")
    groups = independent_groups(b)

    summary = []
    for i, item in enumerate(b.summary):
        cites = _citations(item.citations, texts, f"summary item {i} citation")
        summary.append(
            {
                # the summary sentence is its first citation, as read
                "text": cites[0]["text"] if cites else item.text,
                "citations": cites,
                "support": list(item.support),
                "independent_support": independent_support(item, groups),
                "event": item.event,
            }
        )

    quotes = []
    for q in b.quotes:
        what = f"quote {q.id}"
        quotes.append(
            {
                "id": q.id,
                "article": q.article,
                "start": q.start,
                "end": q.end,
                "text": texts.get(q.article, q.start, q.end, what),
                "kind": q.kind,
                "speaker": q.speaker,
                "speaker_mention": _span(q.article, q.speaker_mention, texts, what + " speaker"),
                "cue": _span(q.article, q.cue, texts, what + " cue"),
            }
        )

    return {
        "schema": SCHEMA,
        "generator": {"name": GENERATOR, "version": __version__},
        "title": story_title(b),
        "stories": [
            {
                "label": story_label(evs, members[0]),
                "articles": list(members),
                "events": [e.id for e in evs],
            }
            for members, evs in story_parts(b)
        ],
        "articles": [article_to_dict(a) for a in b.articles],
        "dropped": [{"source": d.source, "reason": d.reason, "code": d.code} for d in b.dropped],
        "independent_sources": groups,
        "relations": [
            {"a": r.a, "b": r.b, "kind": r.kind, "score": round(float(r.score), 4)}
            for r in b.relations
        ],
        "repeated_passages": [
            {
                "article": p.article,
                "first": _span(p.article, p.first, texts, "repeated passage"),
                "repeat": _span(p.article, p.repeat, texts, "repeated passage"),
            }
            for p in b.repeated_passages
        ],
        "events": [
            {
                "id": e.id,
                "label": e.label,
                "articles": list(e.articles),
                "date": e.date,
                "date_inferred": e.date_inferred,
            }
            for e in b.events
        ],
        "summary": summary,
        "speakers": [
            {
                "id": s.id,
                "name": s.name,
                "aliases": list(s.aliases),
                "roles": list(s.roles),
                "anonymous": s.anonymous,
            }
            for s in b.speakers
        ],
        "quotes": quotes,
        "quote_groups": [
            {
                "id": g.id,
                "text": g.text,
                "occurrences": [
                    {
                        "quote": o.quote,
                        "article": o.article,
                        "outlet": o.outlet,
                        "published": o.published,
                        "changes": [
                            {"op": c.op, "canonical": c.canonical, "variant": c.variant}
                            for c in o.changes
                        ],
                    }
                    for o in g.occurrences
                ],
                "speakers": list(g.speakers),
                "conflict": g.conflict,
                "first": g.first,
            }
            for g in b.quote_groups
        ],
        "claim_groups": [
            {
                "id": f.group.id,
                "topic": f.group.topic,
                "claim": _citations(f.citations[:1], texts, f"claim group {f.group.id}")[0],
                "citations": _citations(f.citations, texts, f"claim group {f.group.id}"),
                "sources": list(f.group.sources),
                "independent_support": f.sources,
                "outlets": list(f.outlets),
            }
            for f in agreed_facts(b)
        ],
        "disagreements": [_disagreement(d, texts) for d in b.disagreements],
        "possible_disagreements": [_disagreement(d, texts) for d in b.possible_disagreements],
        "timeline": [
            {
                "date": t.date,
                "precision": t.precision,
                "text": t.text,
                "citations": _citations(t.citations, texts, f"timeline entry {t.date}"),
                "inferred": t.inferred,
                "conflict": t.conflict,
                "future": t.future,
                "background": t.background,
            }
            for t in b.timeline
        ],
        "notices": [{"code": n.code, "message": n.message, "source": n.source} for n in b.notices],
    }


def render_json(b: Briefing) -> str:
    """``briefing.json``: indented by 2, UTF-8 characters kept, keys in documented order."""
    return json.dumps(briefing_to_dict(b), indent=2, ensure_ascii=False) + "\n"
