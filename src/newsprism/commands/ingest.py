"""``newsprism ingest SOURCE... --db PATH``: read files, archives, feeds and pages into a store.

A thin shell over ``newsprism.store.ingest``; see docs/store.md and docs/cli.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, TextIO

MAX_WARNINGS = 20


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        metavar="PATH",
        help="the store (default: $NEWSPRISM_DB, else newsprism.db in the current folder)",
    )


def _positive(value: str) -> int:
    from newsprism.cli import positive_int

    return positive_int(value)


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from exc
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be 0 or more")
    return n


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "ingest",
        help="read files, directories, WARC archives, feeds and pages into a news store",
        description=(
            "Read articles into a SQLite news store: .txt, .html, .json, .jsonl (streamed), "
            "Multi-News files, WARC/ARC archives, RSS/Atom feeds, directories (recursive), "
            "'-' for stdin, and feeds or pages fetched from the web. Idempotent and resumable: "
            "rerun the same command after an interruption."
        ),
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="files, directories, '-'")
    add_db_option(p)
    p.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="fetch an RSS/Atom feed"
    )
    p.add_argument("--url", action="append", default=[], metavar="URL", help="fetch one page")
    p.add_argument(
        "--fetch",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fetch the pages that feed entries link to (default: on with --feed/--url)",
    )
    p.add_argument(
        "--delay",
        type=_seconds,
        default=1.0,
        help="seconds between two requests to one host (default 1; robots.txt may ask more)",
    )
    p.add_argument(
        "--timeout", type=_seconds, default=10.0, help="seconds to wait for a server (default 10)"
    )
    p.add_argument(
        "--max-bytes",
        type=_positive,
        default=5_000_000,
        help="larger files, lines, records and pages are dropped (default 5000000)",
    )
    p.add_argument(
        "--batch",
        type=_positive,
        default=200,
        help="articles per transaction (default 200)",
    )
    p.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="processes that mark and fingerprint articles (default 1; the store is the same)",
    )
    p.add_argument(
        "--story-features",
        action="store_true",
        help="compute the story-grouping features here (in the workers), for `newsprism stories`",
    )
    p.add_argument(
        "--stories",
        action="store_true",
        help="also group the new articles into stories, in a process beside the writer "
        "(implies --story-features; `newsprism stories` lists them)",
    )
    p.add_argument(
        "--force", action="store_true", help="read again files an earlier ingest completed"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress and no warnings")
    p.set_defaults(func=cmd_ingest)


class _Progress:
    """One status line on stderr: redrawn on a terminal, a line every 10 s otherwise."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self.last_line = 0.0

    def __call__(self, report: Any) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.tty and now - self.last_line < 10:
            return
        self.last_line = now
        rels = sum(report.relations.values())
        line = (
            f"ingest: {report.articles:,} articles ({report.rate:,.0f}/s), "
            f"{report.new + report.versions:,} new, {report.drops:,} dropped, {rels:,} relations"
        )
        self.stream.write(("\r" + line.ljust(78)) if self.tty else line + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")


def _beside(path: str, enabled: bool) -> Any:
    """A ``StoriesFollower`` grouping the store's new articles while the ingest writes them
    (``--stories``), else nothing."""
    import contextlib

    if not enabled:
        return contextlib.nullcontext()
    from newsprism.stories.follow import StoriesFollower

    return StoriesFollower(path)


def cmd_ingest(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.errors import NO_SOURCE, NOTHING_READABLE, InputError
    from newsprism.store import Store, ingest

    if not (args.sources or args.feed or args.url):
        raise InputError(NO_SOURCE)
    fetch = args.fetch if args.fetch is not None else bool(args.feed or args.url)
    fetcher = None
    if fetch or args.feed or args.url:
        from newsprism.ingest.fetch import Fetcher

        fetcher = Fetcher(delay=args.delay, timeout=args.timeout, max_bytes=args.max_bytes)
    if args.fetch is False and (args.feed or args.url):
        fetcher = None  # --no-fetch: feeds and pages are dropped, nothing goes out
    shown = [0]

    def problem(item: Any) -> None:
        if args.quiet:
            return
        shown[0] += 1
        if shown[0] <= MAX_WARNINGS:
            text = getattr(item, "reason", None) or getattr(item, "message", "")
            stderr.write(f"\rwarning {item.code}: {item.source}: {text}\n")

    progress = _Progress(stderr, enabled=not args.quiet)
    annotate = None
    if args.story_features or args.stories:
        from newsprism.stories.store import FeatureAnnotator

        annotate = FeatureAnnotator()
    stdin = sys.stdin.buffer if "-" in args.sources else None
    grouped = None
    try:
        with Store.open(args.db) as store, _beside(store.path, args.stories) as follower:
            report = ingest(
                store,
                args.sources,
                feeds=args.feed,
                urls=args.url,
                fetcher=fetcher,
                max_bytes=args.max_bytes,
                batch_size=args.batch,
                force=args.force,
                workers=args.workers,
                annotate=annotate,
                stdin=stdin,
                progress=progress,
                on_problem=problem,
            )
            total = store.count()
            path = store.path
        if follower is not None:
            grouped = follower.report
    finally:
        if fetcher is not None:
            fetcher.close()
    progress.done()
    if shown[0] > MAX_WARNINGS and not args.quiet:
        stderr.write(
            f"... and {shown[0] - MAX_WARNINGS} more warnings "
            f"(all drops: newsprism db drops --db {path})\n"
        )
    drops = ", ".join(f"{c} {n}" for c, n in sorted(report.drops_by_code.items()))
    rels = ", ".join(f"{k} {n}" for k, n in sorted(report.relations.items())) or "none"
    stdout.write(
        f"{report.new:,} new articles, {report.versions:,} new versions, "
        f"{report.same:,} already stored; {report.drops:,} dropped"
        + (f" ({drops})" if drops else "")
        + f"; relations: {rels}\n"
        f"{report.seconds:.1f} s ({report.rate:,.0f} articles/s); "
        + (f"{report.sources_skipped:,} files already ingested; " if report.sources_skipped else "")
        + f"{path} holds {total:,} articles\n"
    )
    if grouped is not None:
        stdout.write(
            f"stories: {grouped.articles:,} articles grouped beside the ingest, "
            f"{grouped.founded:,} new stories, {grouped.merged:,} merged, {grouped.failed:,} "
            f"failed (newsprism stories --db {path})\n"
        )
    if report.articles == 0 and report.drops and not report.sources_skipped:
        raise InputError(NOTHING_READABLE, f"{report.drops} input(s) dropped")
    return 0
