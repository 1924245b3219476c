"""``newsprism brief-all --db PATH -o DIR``: brief every story of a store that changed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO


def register(subparsers: Any) -> None:
    from newsprism.cli import add_briefing_options
    from newsprism.commands.ingest import _positive, add_db_option

    p = subparsers.add_parser(
        "brief-all",
        help="brief every story of a store whose articles changed (cached, resumable, parallel)",
        description=(
            "Group the store's new articles into stories, then write one briefing per story "
            "whose membership changed since its cached briefing, or whose briefing was made "
            "with other options or another newsprism version, into OUT/s<id>/, and an index "
            "(OUT/index.html, OUT/index.json). An interrupted run resumes where it stopped."
        ),
    )
    add_db_option(p)
    p.add_argument("-o", "--output", default="briefs", help="output directory (default: briefs)")
    add_briefing_options(p)  # -f/--format, --words, --scorer, --counts-by-meaning, as brief
    p.add_argument(
        "--workers", type=_positive, default=1, help="processes briefing at once (default 1)"
    )
    p.add_argument(
        "--engine",
        default="local",
        help="where briefings run: local (a process pool, default) or ray",
    )
    p.add_argument(
        "--address",
        default=None,
        help="with --engine ray: the cluster to join ('auto' for a running one); "
        "default: start a local Ray",
    )
    p.add_argument(
        "--min-articles",
        type=_positive,
        default=1,
        metavar="N",
        help="brief stories of at least N articles (default 1: every story)",
    )
    p.add_argument("--force", action="store_true", help="brief every story again, cached or not")
    p.add_argument(
        "--no-update",
        action="store_true",
        help="do not group the articles stored since the last run first",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_brief_all)


def cmd_brief_all(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.cli import Progress, _brief_config
    from newsprism.errors import BAD_OPTION, NewsprismError
    from newsprism.store import Store
    from newsprism.stories.briefall import brief_all

    if args.address and args.engine != "ray":
        raise NewsprismError(BAD_OPTION, "--address is for --engine ray")
    if args.output == "-":
        raise NewsprismError(BAD_OPTION, "brief-all writes a folder: give -o DIR, not -o -")
    with Store.open(args.db) as store:
        report = brief_all(
            store,
            Path(args.output),
            workers=args.workers,
            engine=args.engine,
            address=args.address,
            config=_brief_config(args),
            formats=args.format,
            min_articles=args.min_articles,
            force=args.force,
            update=not args.no_update,
            progress=Progress(stderr, enabled=not args.quiet),
        )
    if not args.quiet:
        for story_id, article_id, error in report.failures:
            who = f"article {article_id}" if article_id is not None else "not briefed"
            stderr.write(f"warning NP227: story {story_id}, {who}: {error}\n")
    stdout.write(
        f"{report.stories} stories briefed ({report.articles} articles, "
        f"{report.rate:.2f} articles/s), {report.cached} unchanged, {report.failed} failed, "
        f"{report.failed_articles} article(s) left out\n"
    )
    stdout.write(f"{report.index}\n")
    return 0
