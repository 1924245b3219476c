"""``newsprism stories --db PATH``: group the store's new articles into stories and list them."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def register(subparsers: Any) -> None:
    from newsprism.commands.ingest import _positive, add_db_option

    p = subparsers.add_parser(
        "stories",
        help="group a store's articles into stories and list them",
        description=(
            "Group the articles ingested since the last run into stories (incremental; the "
            "state is kept in the store), then list stories, newest and biggest first."
        ),
    )
    add_db_option(p)
    p.add_argument("--since", type=_date, metavar="DATE", help="stories seen on or after DATE")
    p.add_argument("--until", type=_date, metavar="DATE", help="stories seen on or before DATE")
    p.add_argument("--outlet", help="stories with an article from this outlet")
    p.add_argument("--query", help="stories with an article matching this search (FTS5)")
    p.add_argument("--limit", type=_positive, default=50, help="stories to list (default 50)")
    p.add_argument("--offset", type=int, default=0, help="skip this many stories (default 0)")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.add_argument(
        "--no-update",
        action="store_true",
        help="list only (read-only): do not group the articles stored since the last run",
    )
    p.add_argument(
        "--window",
        type=_positive,
        metavar="DAYS",
        help="days a story stays open to new articles (default 7; with --rebuild, or on a new store)",
    )
    p.add_argument(
        "--rebuild", action="store_true", help="forget the stories and group every article again"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_stories)


def cmd_stories(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.cli import Progress
    from newsprism.errors import BAD_OPTION, NewsprismError
    from newsprism.store import Store

    if args.offset < 0:
        raise NewsprismError(BAD_OPTION, "--offset must be 0 or more")
    if args.no_update and (args.rebuild or args.window):
        raise NewsprismError(BAD_OPTION, "--no-update lists only: drop --rebuild and --window")
    with Store.open(args.db, readonly=args.no_update) as store:
        if not args.no_update:
            from newsprism.stories.grouping import GroupingConfig
            from newsprism.stories.store import update_stories

            config = None
            if args.window:
                config = GroupingConfig(window_days=args.window)
            report = update_stories(
                store,
                config=config,
                rebuild=args.rebuild,
                progress=Progress(stderr, enabled=not args.quiet),
            )
            if not args.quiet and report.articles:
                stderr.write(
                    f"grouped {report.articles} article(s): {report.founded} new stories, "
                    f"{report.merged} merged, {report.failed} failed"
                    + (f", {report.pages} not news articles (NP228)" if report.pages else "")
                    + f" ({report.rate:.0f} articles/s)\n"
                )
        rows = store.stories(
            since=args.since,
            until=args.until,
            outlet=args.outlet,
            query=args.query,
            limit=args.limit,
            offset=args.offset,
        )
        if args.json:
            from newsprism.stories.store import stories_json

            doc = stories_json(store, rows)
            stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
            return 0
        total = store.stories_count(
            since=args.since, until=args.until, outlet=args.outlet, query=args.query
        )
        if not rows:
            stdout.write("no story\n")
            return 0
        for r in rows:
            dates = " – ".join(dict.fromkeys(d for d in (r.first_seen, r.last_seen) if d)) or "-"
            stdout.write(
                f"{r.id}\t{dates}\t{r.n_articles} article(s), {r.n_outlets} outlet(s), "
                f"{r.independent_sources} independent\t{r.label or ''}\n"
            )
        shown = args.offset + len(rows)
        if shown < total:
            stdout.write(f"... {total - shown} more (--offset {shown})\n")
    return 0
