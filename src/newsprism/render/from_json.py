"""A ``Briefing`` read back from its JSON (``newsprism.briefing/1``), for rendering again.

A briefing cached in a store is its JSON (``briefing_to_dict``); ``briefing_from_dict`` turns it
back into the ``Briefing`` the Markdown and HTML renderers take, so that a cached briefing is
written out again without analysing its articles again (``brief --db --story``).  What the JSON
does not keep and no renderer reads is not restored: a claim group's members are its citations
(the representative first, as ``agreed_facts`` picks it), a summary item's text is its first
citation's.  ``render_json``, ``render_markdown`` and ``render_html`` of the result equal those of
the briefing the JSON was made from (tests/render/test_from_json.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsprism.model import (
    SCHEMA,
    Article,
    Boilerplate,
    Briefing,
    Citation,
    Claim,
    ClaimGroup,
    Disagreement,
    DisagreementSide,
    Drop,
    Event,
    Notice,
    Quote,
    QuoteGroup,
    QuoteOccurrence,
    Relation,
    RepeatedPassage,
    Span,
    Speaker,
    SummaryItem,
    TimelineEntry,
    WordChange,
)

# a member of a claim group that is not its representative: a speaker id that keeps the
# representative first when ``agreed_facts`` picks it again (the reporter's own words win)
_OTHER_MEMBER = "member"


def _span(d: Mapping[str, Any] | None) -> Span | None:
    return None if d is None else Span(int(d["start"]), int(d["end"]))


def _citations(items: Iterable[Mapping[str, Any]]) -> tuple[Citation, ...]:
    return tuple(Citation(c["article"], int(c["start"]), int(c["end"])) for c in items)


def _article(a: Mapping[str, Any]) -> Article:
    return Article(
        a["id"],
        a["source"],
        a["text"],
        outlet=a.get("outlet"),
        title=a.get("title"),
        published=a.get("published"),
        author=a.get("author"),
        url=a.get("url"),
        boilerplate=tuple(
            Boilerplate(int(x["start"]), int(x["end"]), x["kind"]) for x in a.get("boilerplate", ())
        ),
        evidence=tuple((x["field"], x["value"]) for x in a.get("evidence", ())),
    )


def _disagreement(d: Mapping[str, Any]) -> Disagreement:
    sides = tuple(
        DisagreementSide(
            s.get("speaker"),
            s.get("outlet"),
            s["claim"],
            _citations(s["citations"]),
            s.get("stance"),
        )
        for s in d["sides"]
    )
    return Disagreement(
        d["id"], d["topic"], d["kind"], sides, int(d["rank"]), float(d.get("confidence", 1.0))
    )


def _claims(
    groups: Iterable[Mapping[str, Any]],
) -> tuple[tuple[Claim, ...], tuple[ClaimGroup, ...]]:
    claims: list[Claim] = []
    out: list[ClaimGroup] = []
    for g in groups:
        ids = []
        for k, c in enumerate(g["citations"]):
            cid = f"{g['id']}.{k}"
            speaker = None if k == 0 else _OTHER_MEMBER
            claims.append(Claim(cid, c["article"], int(c["start"]), int(c["end"]), speaker=speaker))
            ids.append(cid)
        out.append(ClaimGroup(g["id"], tuple(ids), tuple(g["sources"]), g.get("topic", "")))
    return tuple(claims), tuple(out)


def _quote_group(g: Mapping[str, Any]) -> QuoteGroup:
    occurrences = tuple(
        QuoteOccurrence(
            o["quote"],
            o["article"],
            o.get("outlet"),
            tuple(WordChange(c["op"], c["canonical"], c["variant"]) for c in o.get("changes", ())),
            o.get("published"),
        )
        for o in g["occurrences"]
    )
    return QuoteGroup(
        g["id"],
        g["text"],
        occurrences,
        tuple(g.get("speakers", ())),
        g.get("conflict"),
        g.get("first"),
    )


def briefing_from_dict(doc: Mapping[str, Any]) -> Briefing:
    """The ``Briefing`` of a ``briefing.json`` document (see the module docstring).  Raises
    ``ValueError`` for a document of another schema."""
    if doc.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document: schema {doc.get('schema')!r}")
    claims, claim_groups = _claims(doc.get("claim_groups", ()))
    parts = [tuple(s["articles"]) for s in doc.get("stories", ())]
    return Briefing(
        articles=tuple(_article(a) for a in doc["articles"]),
        dropped=tuple(Drop(d["source"], d["reason"], d["code"]) for d in doc.get("dropped", ())),
        relations=tuple(
            Relation(r["a"], r["b"], r["kind"], float(r["score"])) for r in doc.get("relations", ())
        ),
        repeated_passages=tuple(
            RepeatedPassage(
                p["article"],
                Span(p["first"]["start"], p["first"]["end"]),
                Span(p["repeat"]["start"], p["repeat"]["end"]),
            )
            for p in doc.get("repeated_passages", ())
        ),
        events=tuple(
            Event(
                e["id"],
                e["label"],
                tuple(e["articles"]),
                e.get("date"),
                bool(e.get("date_inferred")),
            )
            for e in doc.get("events", ())
        ),
        summary=tuple(
            SummaryItem(s["text"], _citations(s["citations"]), tuple(s["support"]), s.get("event"))
            for s in doc.get("summary", ())
        ),
        speakers=tuple(
            Speaker(
                s["id"],
                s["name"],
                tuple(s.get("aliases", ())),
                tuple(s.get("roles", ())),
                bool(s.get("anonymous")),
            )
            for s in doc.get("speakers", ())
        ),
        quotes=tuple(
            Quote(
                q["id"],
                q["article"],
                int(q["start"]),
                int(q["end"]),
                q["kind"],
                q.get("speaker"),
                _span(q.get("speaker_mention")),
                _span(q.get("cue")),
            )
            for q in doc.get("quotes", ())
        ),
        quote_groups=tuple(_quote_group(g) for g in doc.get("quote_groups", ())),
        disagreements=tuple(_disagreement(d) for d in doc.get("disagreements", ())),
        timeline=tuple(
            TimelineEntry(
                t["date"],
                t["precision"],
                t["text"],
                _citations(t["citations"]),
                bool(t.get("inferred")),
                bool(t.get("conflict")),
                bool(t.get("future")),
                bool(t.get("background")),
            )
            for t in doc.get("timeline", ())
        ),
        possible_disagreements=tuple(
            _disagreement(d) for d in doc.get("possible_disagreements", ())
        ),
        claims=claims,
        claim_groups=claim_groups,
        independent_sources=tuple(tuple(g) for g in doc.get("independent_sources", ())),
        notices=tuple(
            Notice(n["code"], n["message"], n.get("source")) for n in doc.get("notices", ())
        ),
        stories=tuple(parts) if len(parts) > 1 else (),
    )
