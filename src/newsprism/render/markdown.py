"""``briefing.md``: the briefing as CommonMark, for reading in a terminal, an editor or a forge.

Text taken from articles is escaped so that it reads as text (no emphasis, links, HTML or table
breaks), and its line breaks are folded into spaces.  Citations are written ``[article:start-end]``
with the article's full id, so each one can be checked against ``briefing.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsprism import __version__
from newsprism.errors import MIXED
from newsprism.model import (
    Briefing,
    Citation,
    DisagreementSide,
    Event,
    Quote,
    Speaker,
    TimelineEntry,
)
from newsprism.render.json_out import (
    STANCE_LABELS,
    agreed_facts,
    agreement_label,
    article_texts,
    check_spans,
    independent_groups,
    independent_support,
    kind_label,
    mixed_message,
    other_aliases,
    quotes_by_speaker,
    relation_notes,
    sources_of,
    speaker_names,
    story_label,
    story_parts,
    story_sources,
    story_title,
    summary_text,
)

MIXED_CODE = MIXED.code

_SPACE = re.compile(r"\s+")
_ALWAYS = re.compile(r"([\\`*\[\]<>|~])")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_MARK = re.compile(r"^([#+\-])(?=[\s#+\-]|$)")
_ORDERED_MARK = re.compile(r"^(\d+)([.)])(?=\s|$)")


def md_text(value: object) -> str:
    """One line of escaped Markdown text (safe inside a table cell)."""
    s = _SPACE.sub(" ", str(value)).strip()
    s = _ALWAYS.sub(r"\\\1", s)
    s = _UNDERSCORE.sub(r"\\_", s)
    s = _ENTITY.sub(r"\\&", s)
    s = _BLOCK_MARK.sub(r"\\\1", s)
    return _ORDERED_MARK.sub(r"\1\\\2", s)


def _marker(c: Citation) -> str:
    return f"[{md_text(c.article)}:{c.start}-{c.end}]"


def _markers(cs: Iterable[Citation]) -> str:
    return " ".join(_marker(c) for c in cs)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def _none() -> list[str]:
    return ["_None._", ""]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_markdown(b: Briefing) -> str:
    """The whole ``briefing.md`` document."""
    check_spans(b)
    texts = article_texts(b)
    groups = independent_groups(b)
    outlets = {a.outlet for a in b.articles if a.outlet}
    label = {a.id: a.outlet or a.id for a in b.articles}
    out: list[str] = [f"# {md_text(story_title(b))}", ""]
    if b.mixed:  # said first: the counts below hold within each story
        out += [f"> **Several unrelated stories ({MIXED_CODE}).** {md_text(mixed_message(b))}", ""]
    out.append(
        f"_Briefing by newsprism {md_text(__version__)}: {_plural(len(b.articles), 'article')} "
        f"from {_plural(len(outlets), 'named outlet')}, "
        f"{_plural(len(groups), 'independent source')}._"
    )
    out.append("")

    out += ["## Overview", ""]
    out.append(f"- **Articles:** {len(b.articles)} read, {len(b.dropped)} dropped")
    out.append(f"- **Independent sources:** {len(groups)}")
    for i, g in enumerate(groups, 1):
        names = ", ".join(f"{md_text(label[x])} ({md_text(x)})" for x in g)
        out.append(f"  {i}. {names}")
    if b.mixed:
        out.append(f"- **Unrelated stories:** {len(b.stories)}")
        for k, (members, evs) in enumerate(story_parts(b), 1):
            ids = ", ".join(e.id for e in evs)
            out.append(
                f"  {k}. {md_text(story_label(evs, members[0]))} "
                f"({_plural(len(members), 'article')}; events {md_text(ids)})"
            )
    out.append(f"- **Events:** {len(b.events)}")
    for e in b.events:
        date = _event_date(e)
        out.append(f"  - {md_text(e.label)} ({date}; {_plural(len(e.articles), 'article')})")
    out.append("")

    out += ["## Summary", ""]
    if not b.summary:
        out += _none()
    for i, item in enumerate(b.summary, 1):
        n = independent_support(item, groups)
        first = item.citations[0].article if item.citations else ""
        out.append(
            f"{i}. {md_text(summary_text(texts, item))} {_markers(item.citations)} "
            f"_(reported by {n} of {story_sources(b, groups, first)} independent sources)_"
        )
    out.append("")

    out += _sources(b, label)
    out += _events(b, label)
    out += _timeline(b)
    out += _agreements(b)
    out += _disagreements(b, label)
    out += _quotes(b, texts, label)
    out += _quote_groups(b, groups, label)
    out += _repeated(b)

    out += ["## Dropped inputs", ""]
    if b.dropped:
        rows = [(md_text(d.source), md_text(d.code), md_text(d.reason)) for d in b.dropped]
        out += [*_table(("Source", "Code", "Reason"), rows), ""]
    else:
        out += _none()
    out += ["## Notices", ""]
    if not b.notices:
        out += _none()
    for no in b.notices:
        where = f" ({md_text(no.source)})" if no.source else ""
        out.append(f"- **{md_text(no.code)}** {md_text(no.message)}{where}")
    return "\n".join(out).rstrip("\n") + "\n"


def _sources(b: Briefing, label: dict[str, str]) -> list[str]:
    notes = relation_notes(b)
    groups = independent_groups(b)
    group_no = {aid: i for i, g in enumerate(groups, 1) for aid in g}
    rows = []
    for a in b.articles:
        rel = "; ".join(f"{n.label} {md_text(n.other)}" for n in notes.get(a.id, []))
        rows.append(
            (
                str(group_no[a.id]),
                md_text(a.id),
                md_text(a.outlet or "unknown"),
                md_text(a.title or ""),
                md_text(a.published or "unknown"),
                rel,
            )
        )
    table = _table(("Source", "Id", "Outlet", "Title", "Published", "Relations"), rows)
    return [
        "## Sources",
        "",
        "Articles with the same source number share one origin.",
        "",
        *table,
        "",
    ]


def _event_date(e: Event) -> str:
    if not e.date:
        return "date unknown"
    return md_text(e.date) + (" (inferred)" if e.date_inferred else "")


MAX_AGREEMENTS = 15  # the JSON lists every claim group


def _agreements(b: Briefing) -> list[str]:
    facts = agreed_facts(b)
    if not facts:
        return []
    texts = article_texts(b)
    out = ["## Where the sources agree", ""]
    for i, f in enumerate(facts[:MAX_AGREEMENTS], 1):
        c = f.claim
        words = texts[c.article][c.start : c.end]
        how = md_text(agreement_label(f))
        out.append(f"{i}. {md_text(words)} {_markers(f.citations)} _({how})_")
    if len(facts) > MAX_AGREEMENTS:
        out.append("")
        out.append(f"_{len(facts) - MAX_AGREEMENTS} more in briefing.json._")
    out.append("")
    return out


def _events(b: Briefing, label: dict[str, str]) -> list[str]:
    out = ["## Events", ""]
    if not b.events:
        return out + _none()
    for e in b.events:
        date = _event_date(e)
        out += [f"### {md_text(e.label)}", "", f"- **Id:** {md_text(e.id)}", f"- **Date:** {date}"]
        cited = ", ".join(f"{md_text(label.get(x, x))} ({md_text(x)})" for x in e.articles)
        out += [f"- **Reported in:** {cited or 'no article'}", ""]
    return out


def _timeline(b: Briefing) -> list[str]:
    """The story's happenings, then the background (older dates) under its own heading."""
    if not b.timeline:
        return []
    story = [t for t in b.timeline if not t.background]
    older = [t for t in b.timeline if t.background]
    out = ["## Timeline", ""]
    if story:
        out += [*_table(("Date", "What", "Cited", "Flags"), _timeline_rows(story)), ""]
    if older:
        out += [f"### Background: {len(older)} earlier date{'s' * (len(older) != 1)}", ""]
        out += [*_table(("Date", "What", "Cited", "Flags"), _timeline_rows(older)), ""]
    return out


def _timeline_rows(entries: Sequence[TimelineEntry]) -> list[tuple[str, str, str, str]]:
    rows = []
    for t in entries:
        flags = [
            f
            for f, on in (
                ("inferred", t.inferred),
                ("conflicting dates", t.conflict),
                ("ahead", t.future),
            )
            if on
        ]
        rows.append(
            (md_text(t.date), md_text(t.text), _markers(t.citations), md_text(", ".join(flags)))
        )
    return rows


def _disagreements(b: Briefing, label: dict[str, str]) -> list[str]:
    if not b.disagreements and not b.possible_disagreements:
        return []
    out = ["## Where accounts differ", ""]
    if not b.disagreements:
        out += ["No clash is sure enough to show; the possible ones follow.", ""]
    for d in sorted(b.disagreements, key=lambda x: x.rank):
        kind_name, meaning = kind_label(d.kind)
        out += [f"### {md_text(d.topic)} — {md_text(kind_name)}", "", f"_{md_text(meaning)}_", ""]
        out += [_side_line(b, s) for s in d.sides]
        out.append("")
    if b.possible_disagreements:
        # after the shown ones, under their own heading: the analysis is not sure of them
        n = len(b.possible_disagreements)
        out += [f"### Possible disagreements, not sure enough to show ({n})", ""]
        for d in sorted(b.possible_disagreements, key=lambda x: x.rank):
            kind_name, _ = kind_label(d.kind)
            out += [
                f"#### {md_text(d.topic)} — {md_text(kind_name)}, confidence {round(d.confidence, 3):.2f}",
                "",
            ]
            out += [_side_line(b, s) for s in d.sides]
            out.append("")
    return out


def _side_line(b: Briefing, s: DisagreementSide) -> str:
    """One side: who holds it and which outlet carries it, where it stands, its words."""
    who = [md_text(n) for n in speaker_names(b, [s.speaker] if s.speaker else [])]
    who.append(md_text(s.outlet) if s.outlet else "")
    by = ", ".join(w for w in who if w) or "unattributed"
    stands = f" _({md_text(STANCE_LABELS.get(s.stance, s.stance))})_" if s.stance else ""
    return f"- **{by}**{stands}: {md_text(s.claim)} {_markers(s.citations)}".rstrip()


def _quote_line(q: Quote, texts: dict[str, str], label: dict[str, str]) -> str:
    text = texts[q.article][q.start : q.end]
    mark = _marker(Citation(q.article, q.start, q.end))
    return f"- “{md_text(text)}” — {md_text(label.get(q.article, q.article))} {mark} _({q.kind})_"


def _speaker_heading(s: Speaker) -> str:
    extra = []
    if s.roles:
        extra.append(", ".join(md_text(r) for r in s.roles))
    aliases = other_aliases(s)
    if aliases:
        extra.append("also: " + ", ".join(md_text(a) for a in aliases))
    if s.anonymous:
        extra.append("anonymous")
    return f"### {md_text(s.name)}" + (f" ({'; '.join(extra)})" if extra else "")


def _quotes(b: Briefing, texts: dict[str, str], label: dict[str, str]) -> list[str]:
    out = ["## Quotes by speaker", ""]
    if not b.quotes:
        return out + _none()
    for s, qs in quotes_by_speaker(b):
        out += [_speaker_heading(s) if s else "### Unattributed", ""]
        out += [*(_quote_line(q, texts, label) for q in qs), ""]
    return out


def _quote_groups(b: Briefing, groups: list[list[str]], label: dict[str, str]) -> list[str]:
    if not b.quote_groups:
        return []
    out = ["## Quotes shared across articles", ""]
    for g in b.quote_groups:
        where = ", ".join(
            f"{md_text(o.outlet or label.get(o.article, o.article))} ({md_text(o.article)})"
            for o in g.occurrences
        )
        who = ", ".join(md_text(n) for n in speaker_names(b, g.speakers)) or "speaker unknown"
        n = sources_of((o.article for o in g.occurrences), groups)
        out.append(
            f"- “{md_text(g.text)}” — {who}; {len({o.article for o in g.occurrences})} printings from "
            f"{_plural(n, 'independent source')}: {where}"
        )
        if g.conflict:
            out.append(f"  - **Conflict:** {md_text(g.conflict)}")
        for o in g.occurrences:
            if o.changes:
                who_printed = md_text(o.outlet or label.get(o.article, o.article))
                diff = "; ".join(_word_change(c.op, c.canonical, c.variant) for c in o.changes)
                out.append(f"  - **Wording in {who_printed}:** {diff}")
        if g.first:
            out.append(f"  - First carried by {md_text(label.get(g.first, g.first))}")
    out.append("")
    return out


def _word_change(op: str, canonical: str, variant: str) -> str:
    """A word change as Markdown: ~~dropped~~ and **inserted** words."""
    if op == "delete":
        return f"~~{md_text(canonical)}~~ dropped"
    if op == "insert":
        return f"**{md_text(variant)}** inserted"
    return f"~~{md_text(canonical)}~~ → **{md_text(variant)}**"


def _repeated(b: Briefing) -> list[str]:
    if not b.repeated_passages:
        return []
    out = ["## Passages repeated inside one article", ""]
    for p in b.repeated_passages:
        first = _marker(Citation(p.article, p.first.start, p.first.end))
        again = _marker(Citation(p.article, p.repeat.start, p.repeat.end))
        out.append(f"- {md_text(p.article)}: {first} repeated at {again}")
    out.append("")
    return out
