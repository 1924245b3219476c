"""``newsprism quotes PATH...``: who said what, one attribution a line.

Reads articles as ``newsprism brief`` does (boilerplate marked), parses them and prints every
attribution found by ``newsprism.analyze.quotes.find_quotes``: ``jsonl`` (one object a line, the
default), ``json`` (one document with speakers and quote groups too) or ``table`` (aligned text).
Offsets are into the article text as read, so ``text == article_text[start:end]``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

FORMATS = ("jsonl", "json", "table")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "quotes",
        help="list who said what: quotes and reported speech with speaker and cue",
        description=(
            "Read articles (.txt, .html, .json, .jsonl, Multi-News files, directories, or '-' "
            "for stdin) and print every attribution: direct, indirect and mixed quotes with "
            "their speaker and cue, as offsets into the article text."
        ),
    )
    p.add_argument("sources", nargs="+", metavar="PATH", help="files, directories, '-'")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="jsonl (one attribution a line; default), json (one document) or table",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=5_000_000,
        help="inputs larger than this are dropped (default 5000000)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no warnings on stderr")
    p.set_defaults(func=cmd_quotes)


def _span(text: str, span: Any) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": text[span.start : span.end]}


def attribution_records(briefing_parts: Any, articles: Any) -> list[dict[str, Any]]:
    """One JSON-ready record per quote: article source, offsets, text, kind, speaker, cue."""
    by_id = {a.id: a for a in articles}
    names = {s.id: s.name for s in briefing_parts.speakers}
    out = []
    for q in briefing_parts.quotes:
        art = by_id[q.article]
        out.append(
            {
                "article": art.source,
                "start": q.start,
                "end": q.end,
                "text": art.text[q.start : q.end],
                "kind": q.kind,
                "speaker": names.get(q.speaker) if q.speaker else None,
                "speaker_mention": _span(art.text, q.speaker_mention),
                "cue": _span(art.text, q.cue),
            }
        )
    return out


def _table(records: list[dict[str, Any]]) -> str:
    rows = [("article", "start", "end", "kind", "speaker", "cue", "text")]
    for r in records:
        text = " ".join(r["text"].split())
        rows.append(
            (
                r["article"],
                str(r["start"]),
                str(r["end"]),
                r["kind"],
                r["speaker"] or "-",
                r["cue"]["text"] if r["cue"] else "-",
                text if len(text) <= 80 else text[:77] + "...",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row[:6], widths, strict=True)) + "  " + row[6]
             for row in rows]  # fmt: skip
    return "\n".join(line.rstrip() for line in lines) + "\n"


def cmd_quotes(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.analyze.quotes.extract import find_quotes
    from newsprism.cli import read_articles
    from newsprism.nlp.annotate import annotate

    read, warnings = read_articles(args.sources, args.max_bytes, stderr)
    result = find_quotes(annotate(read.articles))
    warnings += [f"warning {n.code}: {n.source or ''}: {n.message}" for n in result.notices]
    if not args.quiet:
        for w in warnings:
            stderr.write(w + "\n")
    records = attribution_records(result, read.articles)
    if args.format == "jsonl":
        for r in records:
            stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif args.format == "table":
        stdout.write(_table(records))
    else:
        doc = {
            "attributions": records,
            "speakers": [
                {
                    "id": s.id,
                    "name": s.name,
                    "aliases": list(s.aliases),
                    "roles": list(s.roles),
                    "anonymous": s.anonymous,
                }  # fmt: skip
                for s in result.speakers
            ],
            "quote_groups": [
                {
                    "id": g.id,
                    "text": g.text,
                    "articles": [o.article for o in g.occurrences],
                    "conflict": g.conflict,
                }
                for g in result.groups
            ],
        }
        stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return 0
