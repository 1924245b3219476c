"""``briefing.html``: one self-contained page (inline CSS and JS, no external URL).

Every article is shown in full.  Its text is cut at every annotation boundary (boilerplate,
citations, quotes, speaker mentions, cues) into pieces; each piece is an escaped ``<span>`` that
carries its offsets (``data-s``/``data-e``) and the anchors that cover it (``data-c``).  A
citation link ``#cite-…`` scrolls to an empty anchor at the start of the cited span (this works
without JS); the inline script then adds the class ``hl`` to every piece of that span.

Everything not written by newsprism is escaped with ``html.escape(..., quote=True)``, and every id
used in an attribute is reduced to ``[A-Za-z0-9_-]`` first.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources

from newsprism import __version__
from newsprism.errors import MIXED
from newsprism.model import (
    Article,
    Briefing,
    Citation,
    Disagreement,
    DisagreementSide,
    Quote,
    Speaker,
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
    story_sources,
    story_title,
    summary_text,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _asset(name: str) -> str:
    return resources.files("newsprism.render").joinpath("templates", name).read_text("utf-8")


def e(value: object) -> str:
    """Escape any text for HTML content and quoted attributes."""
    return escape(str(value), quote=True)


def safe_id(value: str) -> str:
    """``value`` reduced to ``[A-Za-z0-9_-]``; a hash suffix keeps changed ids distinct."""
    if _SAFE_ID.fullmatch(value):
        return value
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
    return f"{_UNSAFE.sub('_', value).strip('_')[:40]}-{digest}"


def cite_anchor(article: str, start: int, end: int) -> str:
    return f"cite-{safe_id(article)}-{start}-{end}"


def quote_anchor(quote_id: str) -> str:
    return f"q-{safe_id(quote_id)}"


def article_anchor(article_id: str) -> str:
    return f"art-{safe_id(article_id)}"


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    cls: str  # bp, c (citation), q (quote), sm (speaker mention), cue
    anchor: str | None = None
    title: str | None = None


Mark = _Mark  # a mark over an article's text, for callers of ``render_text`` (newsprism.web)


def _marks(b: Briefing) -> dict[str, list[_Mark]]:
    marks: dict[str, list[_Mark]] = defaultdict(list)
    for a in b.articles:
        for x in a.boilerplate:
            marks[a.id].append(_Mark(x.start, x.end, "bp", None, f"boilerplate: {x.kind}"))
    cites: list[Citation] = [c for item in b.summary for c in item.citations]
    cites += [c for d in b.disagreements for s in d.sides for c in s.citations]
    cites += [c for d in b.possible_disagreements for s in d.sides for c in s.citations]
    cites += [c for t in b.timeline for c in t.citations]
    cites += [c for f in agreed_facts(b)[:MAX_AGREEMENTS] for c in f.citations]
    for c in dict.fromkeys(cites):
        marks[c.article].append(_Mark(c.start, c.end, "c", cite_anchor(c.article, c.start, c.end)))
    for q in b.quotes:
        marks[q.article].append(_Mark(q.start, q.end, "q", quote_anchor(q.id)))
        if q.speaker_mention is not None:
            marks[q.article].append(_Mark(q.speaker_mention.start, q.speaker_mention.end, "sm"))
        if q.cue is not None:
            marks[q.article].append(_Mark(q.cue.start, q.cue.end, "cue"))
    return marks


def render_text(text: str, marks: Sequence[_Mark]) -> str:
    """``text`` as escaped ``<span>`` pieces cut at every mark boundary, with anchors."""
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    starts: dict[int, list[_Mark]] = defaultdict(list)
    ends: dict[int, list[_Mark]] = defaultdict(list)
    for m in marks:
        starts[m.start].append(m)
        ends[m.end].append(m)
    active: dict[int, _Mark] = {}
    placed: set[str] = set()
    out: list[str] = []
    for i, x in enumerate(bounds):
        for m in ends.get(x, ()):
            active.pop(id(m), None)
        for m in starts.get(x, ()):
            if m.end > m.start:
                active[id(m)] = m
            if m.anchor and m.anchor not in placed:
                placed.add(m.anchor)
                out.append(f'<span class="anchor" id="{e(m.anchor)}"></span>')
        if i + 1 == len(bounds):
            break
        y = bounds[i + 1]
        if y <= x:
            continue
        ms = list(active.values())
        classes = " ".join(sorted({m.cls for m in ms}))
        anchors = " ".join(sorted({m.anchor for m in ms if m.anchor}))
        titles = "; ".join(sorted({m.title for m in ms if m.title}))
        attrs = f' data-s="{x}" data-e="{y}"'
        if classes:
            attrs = f' class="{e(classes)}"' + attrs
        if anchors:
            attrs += f' data-c="{e(anchors)}"'
        if titles:
            attrs += f' title="{e(titles)}"'
        out.append(f"<span{attrs}>{e(text[x:y])}</span>")
    return "".join(out)


def _labels(articles: Sequence[Article]) -> dict[str, str]:
    """Display label per article: its outlet, with the id added when outlets repeat."""
    count: dict[str, int] = defaultdict(int)
    for a in articles:
        if a.outlet:
            count[a.outlet] += 1
    return {
        a.id: (a.outlet if count[a.outlet] == 1 else f"{a.outlet} · {a.id}") if a.outlet else a.id
        for a in articles
    }


def _cite_links(cs: Iterable[Citation], labels: dict[str, str]) -> str:
    links = []
    for c in cs:
        title = f"{c.article}, characters {c.start}–{c.end}"
        links.append(
            f'<a class="cite" href="#{e(cite_anchor(c.article, c.start, c.end))}" '
            f'title="{e(title)}">{e(labels.get(c.article, c.article))}</a>'
        )
    return " ".join(links)


def _none(what: str) -> str:
    return f'<p class="none">{e(what)}</p>'


def render_html(b: Briefing) -> str:
    """The whole ``briefing.html`` page."""
    check_spans(b)
    groups = independent_groups(b)
    labels = _labels(b.articles)
    title = story_title(b)
    outlets = {a.outlet for a in b.articles if a.outlet}
    stats = [
        (len(b.articles), "articles"),
        (len(outlets), "outlets"),
        (len(groups), "independent sources"),
        (len(b.events), "events"),
        (len(b.quotes), "quotes"),
    ]
    if b.dropped:
        stats.append((len(b.dropped), "dropped"))
    sections = [("summary", "Summary", _summary(b, groups, labels))]
    if b.disagreements or b.possible_disagreements:  # the headline: right after the summary
        sections.append(("differences", "Where accounts differ", _disagreements(b, labels)))
    if b.claim_groups:
        sections.append(("agreement", "Where the sources agree", _agreements(b, labels)))
    if b.timeline:
        sections.append(("timeline", "Timeline", _timeline(b, labels)))
    sections += [
        ("sources", "Sources", _sources(b, groups, labels)),
        ("events", "Events", _events(b, labels)),
    ]
    sections.append(("quotes", "Quotes by speaker", _quotes(b, labels)))
    if b.quote_groups:
        sections.append(("shared-quotes", "Shared quotes", _quote_groups(b, groups, labels)))
    sections.append(("inputs", "Dropped inputs and notices", _inputs(b)))
    sections.append(("articles", "Articles", _articles(b, labels)))

    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n'
        f'<meta name="generator" content="newsprism {e(__version__)}">\n'
        f"<title>{e(title)} · newsprism briefing</title>\n"
        f"<style>\n{_asset('briefing.css')}</style>\n</head>\n<body>\n"
    )
    stat_items = "".join(f"<li><b>{n}</b>{e(what)}</li>" for n, what in stats)
    header = (
        '<header class="top"><div class="wrap">'
        '<p class="kicker">newsprism briefing</p>'
        f'<h1>{e(title)}</h1><ul class="stats">{stat_items}</ul></div></header>\n'
    )
    if b.mixed:  # said first: the counts below hold within each story
        header += (
            '<div class="wrap"><p class="mixed" role="note"><b>Several unrelated stories '
            f"({e(MIXED.code)}).</b> {e(mixed_message(b))}</p></div>\n"
        )
    toc = "".join(f'<li><a href="#{sid}">{e(name)}</a></li>' for sid, name, _ in sections)
    nav = f'<nav class="toc"><div class="wrap"><ul>{toc}</ul></div></nav>\n'
    body = "".join(
        f'<section id="{sid}"><h2>{e(name)}</h2>\n{content}</section>\n'
        for sid, name, content in sections
    )
    footer = (
        f'<footer class="wrap">Written by newsprism {e(__version__)}. Every citation points to '
        "exact characters of an article as read; the same briefing is in briefing.json."
        "</footer>\n"
    )
    script = f"<script>\n{_asset('briefing.js')}</script>\n"
    return (
        head
        + header
        + nav
        + f'<main class="wrap">\n{body}</main>\n'
        + footer
        + script
        + ("</body>\n</html>\n")
    )


def _summary(b: Briefing, groups: list[list[str]], labels: dict[str, str]) -> str:
    if not b.summary:
        return _none("No summary sentence was selected.")
    texts = article_texts(b)
    items = []
    for i, item in enumerate(b.summary):
        n = independent_support(item, groups)
        m = story_sources(b, groups, item.citations[0].article if item.citations else "")
        badge = "badge" if n > 1 else "badge plain"
        cited = {c.article for c in item.citations}
        also = ", ".join(
            f'<a href="#{e(article_anchor(x))}">{e(labels.get(x, x))}</a>'
            for x in dict.fromkeys(item.support)
            if x not in cited
        )
        also = f'<span class="also">also in {also}</span>' if also else ""
        items.append(
            f'<li id="s-{i + 1}"><p class="sent">{e(summary_text(texts, item))}</p>'
            f'<p class="meta"><span class="{badge}">reported by {n} of {m} independent '
            f"source{'s' if m != 1 else ''}</span> {_cite_links(item.citations, labels)} "
            f"{also}</p></li>"
        )
    note = '<p class="note">Each sentence is quoted as read; its links open the cited text.</p>'
    return note + '<ol class="summary">' + "".join(items) + "</ol>\n"


def _sources(b: Briefing, groups: list[list[str]], labels: dict[str, str]) -> str:
    notes = relation_notes(b)
    by_id = {a.id: a for a in b.articles}
    rows = []
    for gi, g in enumerate(groups, 1):
        for j, aid in enumerate(g):
            a = by_id[aid]
            rel = "".join(
                f'<span class="rel">{e(n.label)} <a href="#{e(article_anchor(n.other))}">'
                f"{e(labels.get(n.other, n.other))}</a></span>"
                for n in notes.get(aid, [])
            )
            first = f'<td class="grp" rowspan="{len(g)}">{gi}</td>' if j == 0 else ""
            rows.append(
                f"<tr>{first}"
                f'<td><a class="id" href="#{e(article_anchor(aid))}">{e(aid)}</a></td>'
                f"<td>{e(a.outlet or 'unknown')}</td><td>{e(a.title or '')}</td>"
                f"<td>{e(a.published or 'unknown')}</td><td>{rel}</td></tr>"
            )
    note = (
        '<p class="note">Articles are grouped by independent origin: versions of one article and '
        "syndicated copies count as one source.</p>"
    )
    head = (
        "<tr><th>Source</th><th>Id</th><th>Outlet</th><th>Title</th><th>Published</th>"
        "<th>Relations</th></tr>"
    )
    return f'{note}<div class="tablewrap"><table>{head}{"".join(rows)}</table></div>\n'


def _events(b: Briefing, labels: dict[str, str]) -> str:
    if not b.events:
        return _none("No event was found.")
    cards = []
    for ev in b.events:
        links = ", ".join(
            f'<a href="#{e(article_anchor(x))}">{e(labels.get(x, x))}</a>' for x in ev.articles
        )
        date = e(ev.date) if ev.date else "date unknown"
        if ev.date and ev.date_inferred:
            date += ' <span class="inferred" title="from the timeline: no article of this event '
            date += 'has a publication date">(inferred)</span>'
        cards.append(
            f'<div class="card" id="ev-{e(safe_id(ev.id))}"><h3>{e(ev.label)}</h3>'
            f'<p class="meta"><span class="badge plain">{date}</span>'
            f'<span class="badge plain">{len(ev.articles)} articles</span></p>'
            f'<p class="note">Reported in: {links or "no article"}</p></div>'
        )
    return '<div class="grid">' + "".join(cards) + "</div>\n"


def _day_number(date: str) -> int | None:
    """Days since 0001-01-01 of the first day a timeline date names; None when unreadable."""
    import datetime as dt

    parts = date.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(y, m, d).toordinal()
    except (ValueError, IndexError):
        return None


def _timeline_chart(b: Briefing) -> str:
    """A horizontal axis with one marker per entry of the story (the background is left out: a
    year of 1994 would squeeze the story's days into one point), placed by date, linear."""
    days = [(i, _day_number(t.date), t) for i, t in enumerate(b.timeline) if not t.background]
    known = [(i, d, t) for i, d, t in days if d is not None]
    if len(known) < 2:
        return ""
    lo, hi = min(d for _, d, _ in known), max(d for _, d, _ in known)
    span = max(1, hi - lo)
    marks = []
    for i, d, t in known:
        pos = 2 + 96 * (d - lo) / span
        cls = "mark" + (" conflict" if t.conflict else "") + (" future" if t.future else "")
        cls += " inferred" if t.inferred else ""
        marks.append(
            f'<a class="{cls}" href="#tl-{i}" style="left:{pos:.1f}%" '
            f'title="{e(t.date)}: {e(t.text[:120])}"><span>{e(t.date)}</span></a>'
        )
    return (
        f'<div class="tl-chart" aria-hidden="true"><div class="tl-axis"></div>{"".join(marks)}'
        f'<span class="tl-end lo">{e(known[0][2].date)}</span>'
        f'<span class="tl-end hi">{e(known[-1][2].date)}</span></div>\n'
    )


def _timeline(b: Briefing, labels: dict[str, str]) -> str:
    """The story's happenings, then the background (older dates) folded."""
    head = "<tr><th>Date</th><th>What</th><th>Cited</th><th>Flags</th></tr>"
    story = _timeline_rows(b, labels, background=False)
    older = _timeline_rows(b, labels, background=True)
    out = _timeline_chart(b)
    if story:
        out += f'<div class="tablewrap"><table>{head}{"".join(story)}</table></div>\n'
    if older:
        n = len(older)
        out += (
            f'<details class="background"><summary>Background: {n} earlier '
            f"date{'s' * (n != 1)}</summary>"
            f'<div class="tablewrap"><table>{head}{"".join(older)}</table></div></details>\n'
        )
    return out


def _timeline_rows(b: Briefing, labels: dict[str, str], *, background: bool) -> list[str]:
    rows = []
    for i, t in enumerate(b.timeline):
        if t.background != background:
            continue
        flags = ""
        if t.inferred:
            flags += '<span class="badge plain">inferred</span> '
        if t.future:
            flags += '<span class="badge plain">ahead</span> '
        if t.conflict:
            flags += '<span class="badge warn">dates conflict</span>'
        rows.append(
            f'<tr id="tl-{i}"><td><b>{e(t.date)}</b></td><td>{e(t.text)}</td>'
            f"<td>{_cite_links(t.citations, labels)}</td><td>{flags}</td></tr>"
        )
    return rows


def _side_html(b: Briefing, s: DisagreementSide, labels: dict[str, str]) -> str:
    """One account: who says it (speaker, else the reporter), in which outlet, the words, cites."""
    speaker = speaker_names(b, [s.speaker])[0] if s.speaker else "Reporter’s own words"
    speaker = speaker[:1].upper() + speaker[1:]
    outlet = s.outlet or (labels.get(s.citations[0].article, "") if s.citations else "")
    where = f'<span class="outlet">{e(outlet)}</span>' if outlet else ""
    stance = ""
    if s.stance:
        label = STANCE_LABELS.get(s.stance, s.stance)
        stance = f'<span class="stance stance-{e(s.stance)}">{e(label)}</span>'
    return (
        f'<div class="side"><p class="who">{stance}<span class="speaker">{e(speaker)}</span>'
        f"{where}</p>"
        f'<p class="claim">{e(s.claim)}</p>'
        f'<p class="meta">{_cite_links(s.citations, labels)}</p></div>'
    )


def _disagreements(b: Briefing, labels: dict[str, str]) -> str:
    shown = _cards(b, b.disagreements, labels)
    if not b.disagreements:
        shown = '<p class="note">No clash is sure enough to show; the possible ones follow.</p>'
    if not b.possible_disagreements:
        return shown + "\n"
    n = len(b.possible_disagreements)
    folded = (
        f'<details class="possible"><summary>Possible disagreements, not sure enough to show '
        f"({n})</summary>{_cards(b, b.possible_disagreements, labels)}</details>"
    )
    return shown + folded + "\n"


def _cards(b: Briefing, items: Sequence[Disagreement], labels: dict[str, str]) -> str:
    cards = []
    vs = '<div class="vs" aria-hidden="true">vs</div>'
    for d in sorted(items, key=lambda x: x.rank):
        label, meaning = kind_label(d.kind)
        html = [_side_html(b, s, labels) for s in d.sides]
        per_row = 3 if len(html) in (3, 5, 6) or len(html) > 6 else 2
        rows = [html[i : i + per_row] for i in range(0, len(html), per_row)]
        sides = '<div class="vs vs-row" aria-hidden="true">vs</div>'.join(
            f'<div class="versus">{vs.join(row)}</div>' for row in rows
        )
        cards.append(
            f'<div class="card disagreement" data-kind="{e(d.kind)}">'
            f'<p class="dhead"><span class="rank">#{d.rank}</span>'
            f'<span class="kind kind-{e(safe_id(d.kind))}" title="{e(meaning)}">{e(label)}</span>'
            f'<span class="kind-note">{e(meaning)}</span>'
            f'<span class="kind-note">confidence {round(d.confidence, 3):.2f}</span></p>'
            f'<h3 class="topic">{e(d.topic)}</h3>'
            f"{sides}</div>"
        )
    return "".join(cards)


MAX_AGREEMENTS = 15  # the JSON lists every claim group


def _agreements(b: Briefing, labels: dict[str, str]) -> str:
    facts = agreed_facts(b)
    texts = article_texts(b)
    items = []
    for f in facts[:MAX_AGREEMENTS]:
        c = f.claim
        badge = "badge" if f.sources > 1 else "badge plain"
        items.append(
            f'<li><p class="sent">{e(texts[c.article][c.start : c.end])}</p>'
            f'<p class="meta"><span class="{badge}">{e(agreement_label(f))}</span> '
            f"{_cite_links(f.citations, labels)}</p></li>"
        )
    more = len(facts) - MAX_AGREEMENTS
    tail = f'<p class="note">{more} more in briefing.json.</p>' if more > 0 else ""
    note = (
        '<p class="note">Claims that several articles make about the same thing, the most '
        "widely reported first; versions and syndicated copies count once.</p>"
    )
    return note + '<ol class="summary agree">' + "".join(items) + "</ol>" + tail + "\n"


def _quote_item(q: Quote, texts: dict[str, str], labels: dict[str, str]) -> str:
    text = texts[q.article][q.start : q.end]
    return (
        f'<li><a class="qt" href="#{e(quote_anchor(q.id))}">“{e(text)}”</a>'
        f'<p class="meta">{e(labels.get(q.article, q.article))} · {e(q.kind)}</p></li>'
    )


def _speaker_meta(s: Speaker) -> str:
    extra = []
    if s.roles:
        extra.append(", ".join(s.roles))
    aliases = other_aliases(s)
    if aliases:
        extra.append("also: " + ", ".join(aliases))
    if s.anonymous:
        extra.append("anonymous source")
    return f'<p class="note">{e("; ".join(extra))}</p>' if extra else ""


def _quotes(b: Briefing, labels: dict[str, str]) -> str:
    if not b.quotes:
        return _none("No quote was found.")
    texts = article_texts(b)
    cards = []
    for s, qs in quotes_by_speaker(b):
        items = "".join(_quote_item(q, texts, labels) for q in qs)
        count = f'<span class="badge plain">{len(qs)}</span>'
        if s is None:
            head, meta, ident = "Unattributed", "", ""
        else:
            head, meta, ident = s.name, _speaker_meta(s), f' id="spk-{e(safe_id(s.id))}"'
        cards.append(
            f'<div class="card"{ident}><h3>{e(head)} {count}</h3>{meta}'
            f'<ul class="quotes">{items}</ul></div>'
        )
    return '<div class="cols">' + "".join(cards) + "</div>\n"


def _word_change(op: str, canonical: str, variant: str) -> str:
    """A word change as HTML: <del>dropped</del> and <ins>inserted</ins> words."""
    dropped = f"<del>{e(canonical)}</del>" if canonical else ""
    added = f"<ins>{e(variant)}</ins>" if variant else ""
    return " ".join(x for x in (dropped, added) if x) + (" dropped" if op == "delete" else "")


def _quote_groups(b: Briefing, groups: list[list[str]], labels: dict[str, str]) -> str:
    cards = []
    for g in b.quote_groups:
        where = " ".join(
            f'<a class="cite" href="#{e(quote_anchor(o.quote))}">'
            f"{e(labels.get(o.article, o.outlet or o.article))}</a>"
            for o in g.occurrences
        )
        who = ", ".join(speaker_names(b, g.speakers)) or "speaker unknown"
        n = sources_of((o.article for o in g.occurrences), groups)
        counts = f"{len({o.article for o in g.occurrences})} printings, {n} independent source{'s' if n != 1 else ''}"
        conflict = (
            f'<div class="conflict"><b>Conflict:</b> {e(g.conflict)}</div>' if g.conflict else ""
        )
        conflict += "".join(
            f'<p class="meta">Wording in {e(labels.get(o.article, o.outlet or o.article))}: '
            + "; ".join(_word_change(c.op, c.canonical, c.variant) for c in o.changes)
            + "</p>"
            for o in g.occurrences
            if o.changes
        )
        if g.first:
            conflict += f'<p class="meta">First carried by {e(labels.get(g.first, g.first))}</p>'
        cards.append(
            f'<div class="card"><ul class="quotes"><li><span class="qt">“{e(g.text)}”</span>'
            f'<p class="meta">{e(who)} · {counts} {where}</p></li></ul>{conflict}</div>'
        )
    note = '<p class="note">The same quotation as printed by several articles.</p>'
    return note + '<div class="cols">' + "".join(cards) + "</div>\n"


def _inputs(b: Briefing) -> str:
    parts = []
    if b.dropped:
        rows = "".join(
            f"<tr><td><code>{e(d.source)}</code></td><td>{e(d.code)}</td><td>{e(d.reason)}</td></tr>"
            for d in b.dropped
        )
        parts.append(
            '<div class="tablewrap"><table><tr><th>Dropped input</th><th>Code</th>'
            f"<th>Reason</th></tr>{rows}</table></div>"
        )
    else:
        parts.append(_none("Every input was read."))
    if b.notices:
        rows = "".join(
            f"<tr><td>{e(n.code)}</td><td>{e(n.message)}</td>"
            f"<td><code>{e(n.source or '')}</code></td></tr>"
            for n in b.notices
        )
        parts.append(
            '<div class="tablewrap" style="margin-top:12px"><table><tr><th>Notice</th>'
            f"<th>Message</th><th>Source</th></tr>{rows}</table></div>"
        )
    else:
        parts.append(_none("No notice."))
    return "\n".join(parts) + "\n"


def _articles(b: Briefing, labels: dict[str, str]) -> str:
    marks = _marks(b)
    legend = (
        '<p class="legend"><span><span class="key bp">grey text</span> boilerplate (not read)'
        '</span><span><span class="key q">tinted</span> quotation</span>'
        '<span><span class="key hl">highlighted</span> cited span</span></p>'
    )
    parts = [legend]
    for a in b.articles:
        meta = [a.outlet or "outlet unknown", a.published or "date unknown"]
        if a.author:
            meta.append(a.author)
        src = f'<p class="note"><code>{e(a.source)}</code>'
        if a.url:
            src += f" · <code>{e(a.url)}</code>"
        parts.append(
            f'<article class="art" id="{e(article_anchor(a.id))}"><header>'
            '<a class="back" href="#summary">↑ summary</a>'
            f"<h3>{e(a.title or a.id)}</h3>"
            f'<p class="meta"><span class="id">{e(a.id)}</span> · {e(" · ".join(meta))}</p>'
            f"{src}</p></header>"
            f'<div class="text">{render_text(a.text, marks.get(a.id, []))}</div></article>\n'
        )
    return "".join(parts)
