"""``newsprism db stats|drops|migrate --db PATH``: look after a news store."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any, TextIO


def register(subparsers: Any) -> None:
    from newsprism.commands.ingest import _positive, add_db_option

    p = subparsers.add_parser(
        "db",
        help="news store: counts, outlets, date range and drops; schema migrations",
        description="Look after a news store made by `newsprism ingest`.",
    )
    sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    s = sub.add_parser("stats", help="articles, outlets, date range, relations and drops")
    add_db_option(s)
    s.add_argument("--json", action="store_true", help="one JSON document on stdout")
    s.set_defaults(func=cmd_stats)
    d = sub.add_parser("drops", help="the inputs that were dropped, with their coded reasons")
    add_db_option(d)
    d.add_argument("--code", default=None, help="only drops with this code, e.g. NP206")
    d.add_argument("--limit", type=_positive, default=100, help="at most this many (default 100)")
    d.set_defaults(func=cmd_drops)
    m = sub.add_parser("migrate", help="apply pending schema migrations")
    add_db_option(m)
    m.set_defaults(func=cmd_migrate)


def cmd_stats(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.store import Store

    with Store.open(args.db, readonly=True) as store:
        st = store.stats()
    if args.json:
        stdout.write(json.dumps(dataclasses.asdict(st), indent=2, ensure_ascii=False) + "\n")
        return 0
    lines = [
        f"store        {st.path} ({st.size_bytes / 1e6:,.1f} MB)",
        f"articles     {st.articles:,} ({st.undated:,} undated)",
        f"published    {st.first_published or '-'} .. {st.last_published or '-'}",
        f"outlets      {st.outlets:,}"
        + (": " + ", ".join(f"{o} {n:,}" for o, n in st.top_outlets) if st.top_outlets else ""),
        "relations    "
        + (", ".join(f"{k} {n:,}" for k, n in st.relations_by_kind.items()) or "none"),
        f"drops        {st.drops:,}"
        + (
            " (" + ", ".join(f"{c} {n:,}" for c, n in st.drops_by_code.items()) + ")"
            if st.drops
            else ""
        ),
        f"files done   {st.sources_completed:,}",
        f"schema       {', '.join(st.migrations)}",
    ]
    stdout.write("\n".join(lines) + "\n")
    return 0


def cmd_drops(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.store import Store

    with Store.open(args.db, readonly=True) as store:
        for n, drop in enumerate(store.drops(args.code)):
            if n >= args.limit:
                stdout.write("... (more: raise --limit)\n")
                break
            stdout.write(f"{drop.code}  {drop.source}: {drop.reason}\n")
    return 0


def cmd_migrate(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import sqlite3

    from newsprism.store import migrations
    from newsprism.store.db import default_path

    path = args.db or default_path()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        ran = migrations.migrate(conn)
    finally:
        conn.close()
    stdout.write(("applied: " + ", ".join(ran) if ran else "up to date") + "\n")
    return 0
