"""``newsprism search QUERY --db PATH``: full-text search of a news store (read-only)."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO


def register(subparsers: Any) -> None:
    from newsprism.commands.ingest import _positive, add_db_option

    p = subparsers.add_parser(
        "search",
        help="full-text search of a news store",
        description=(
            'Search titles and texts of a store: words (all required), "a phrase", OR, NOT, '
            "prefix*. Best matches first."
        ),
    )
    p.add_argument("query", metavar="QUERY", help='e.g. ferry closure, or "ferry closure"')
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.add_argument("--limit", type=_positive, default=20, help="hits to show (default 20)")
    p.add_argument("--offset", type=int, default=0, help="skip this many hits (default 0)")
    p.set_defaults(func=cmd_search)


def hit_record(hit: Any) -> dict[str, Any]:
    a = hit.article
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "url": a.url,
        "source": a.source,
        "rank": round(hit.rank, 6),
        "snippet": hit.snippet,
        "matches": [{"start": s, "end": e, "text": a.text[s:e]} for s, e in hit.matches],
    }


def cmd_search(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.errors import BAD_OPTION, NewsprismError
    from newsprism.store import Store

    if args.offset < 0:
        raise NewsprismError(BAD_OPTION, "--offset must be 0 or more")
    with Store.open(args.db, readonly=True) as store:
        hits = store.search(args.query, limit=args.limit, offset=args.offset)
        if args.json:
            doc = {
                "query": args.query,
                "offset": args.offset,
                "hits": [hit_record(h) for h in hits],
            }
            stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
            return 0
        if not hits:
            stdout.write(f"no article matches {args.query!r}\n")
            return 0
        for n, hit in enumerate(hits, args.offset + 1):
            a = hit.article
            head = " — ".join(x for x in (a.outlet, a.published) if x)
            stdout.write(f"{n}. {a.title or a.id}" + (f" ({head})" if head else "") + "\n")
            stdout.write(f"   {' '.join(hit.snippet.split())}\n")
            stdout.write(f"   {a.id}  {a.url or a.source}\n")
    return 0
