"""``newsprism serve --db PATH``: browse a news store in a web browser (newsprism.web)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

LOOPBACK = ("127.0.0.1", "localhost", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::", "")


def register(subparsers: Any) -> None:
    from newsprism.cli import add_briefing_config_options
    from newsprism.commands.ingest import add_db_option

    p = subparsers.add_parser(
        "serve",
        help="browse a news store in a web browser",
        description=(
            "Serve a news store over HTTP: stories, briefings, compare coverage, articles with "
            "their cited spans, search, and a JSON API under /api/. Binds 127.0.0.1 unless "
            "--host says otherwise. Needs the web extra: pip install 'newsprism[web]'."
        ),
    )
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help=(
            "a host name clients use to reach the app (repeatable; '*' for any). Requests naming "
            "another host are refused; the loopback names and --host are always allowed"
        ),
    )
    p.add_argument(
        "--read-only",
        action="store_true",
        help="never write to the store: show cached briefings only, compute none",
    )
    # --words, --scorer, --counts-by-meaning: as brief-all; a cached briefing made with other
    # values is briefed again on first view (or, --read-only, shown as made with other settings)
    add_briefing_config_options(p)
    p.set_defaults(func=cmd_serve)


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 < n < 65536:
        raise argparse.ArgumentTypeError(f"{n} is not a port number (1-65535)")
    return n


def cmd_serve(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.cli import _brief_config
    from newsprism.errors import MISSING_WEB, NewsprismError

    try:
        import uvicorn

        from newsprism.web.app import create_app
    except ImportError as exc:
        raise NewsprismError(MISSING_WEB, str(exc)) from exc
    hosts = list(LOOPBACK)
    if args.host not in LOOPBACK and args.host not in EVERY_ADDRESS:
        hosts.append(args.host)
    hosts += args.allowed_host
    app = create_app(
        args.db, read_only=args.read_only, allowed_hosts=hosts, config=_brief_config(args)
    )
    if args.host not in LOOPBACK:
        stderr.write(
            f"warning: serving on {args.host}: anyone who reaches this address can read the store\n"
        )
        if args.host in EVERY_ADDRESS and not args.allowed_host:
            stderr.write(
                "note: only requests naming this machine's loopback names are answered; give "
                "--allowed-host NAME for each name clients use (or --allowed-host '*')\n"
            )
    where = f"[{args.host}]" if ":" in args.host else args.host
    mode = "read-only" if args.read_only else "briefings cached on first view"
    stderr.write(
        f"newsprism: serving {app.state.db_path} at http://{where}:{args.port}/ ({mode})\n"
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
