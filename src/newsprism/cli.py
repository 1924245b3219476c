"""The ``newsprism`` command line: a thin shell over ``newsprism.api``.

Heavy modules (spaCy, scikit-learn, trafilatura) are imported inside the commands, so
``newsprism --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from newsprism import __version__
from newsprism.errors import BAD_OPTION, STRICT, NewsprismError

FORMATS = ("json", "md", "html")
PROGRESS_MIN_ARTICLES = 4

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise.

    A step is a stage ("annotate") or a count inside one ("annotate 120/220"); counts inside a
    stage are drawn at most every ``TTY_EVERY`` seconds on a terminal, and written at most every
    ``LOG_EVERY`` seconds otherwise, so a log gets a line a while, not a line an article."""

    TTY_EVERY = 0.2
    LOG_EVERY = 10.0

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self.started = time.perf_counter()
        self.last = -1e9

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        inner = " " in step
        if inner and now - self.last < (self.TTY_EVERY if self.tty else self.LOG_EVERY):
            return
        self.last = now
        width = 24
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = f"[{bar}] {done}/{total} {step} ({now - self.started:.1f}s)"
        if self.tty:
            end = "\n" if done >= total else ""
            self.stream.write("\r" + line.ljust(60) + end)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _formats(value: str) -> list[str]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError(
            f"no format given; choose from {', '.join(FORMATS)} or all"
        )
    aliases = {"markdown": "md", "all": "all"}
    out: list[str] = []
    for name in names:
        name = aliases.get(name, name)
        if name == "all":
            return list(FORMATS)
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(
                f"unknown format {name!r}; choose from {', '.join(FORMATS)} or all"
            )
        out.append(name)
    return out


def docs_epilog() -> str:
    """Where the docs are: the files of the source tree newsprism runs from (a clone, or
    ``pip install -e .``), else their place in the repository."""
    docs = Path(__file__).resolve().parents[2] / "docs"
    if (docs / "cli.md").is_file() and (docs / "errors.md").is_file():
        return f"Docs: {docs / 'cli.md'}. Error codes: {docs / 'errors.md'}."
    return "Docs: docs/cli.md and docs/errors.md in the newsprism repository."


def quiet_libraries() -> None:
    """No progress bars from the libraries newsprism loads (model weights, embeddings): set
    before they are imported, as ``-q`` asks."""
    import os

    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    os.environ["TQDM_DISABLE"] = "1"
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    if "transformers" in sys.modules:  # already imported (in-process use): switch it off too
        sys.modules["transformers"].utils.logging.disable_progress_bar()


def positive_int(value: str) -> int:
    """argparse type: a whole number greater than 0."""
    try:
        n = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from exc
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be greater than 0")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsprism",
        description="Read one news story as told by many outlets and write a cited briefing.",
        epilog=docs_epilog(),
    )
    parser.add_argument("--version", action="version", version=f"newsprism {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser(
        "brief",
        help="write a cited briefing (JSON, Markdown, HTML) of a set of articles",
        description=(
            "Read articles (.txt, .html, .json, .jsonl, Multi-News files, directories, or '-' "
            "for stdin) and write briefing.json, briefing.md and briefing.html."
        ),
    )
    b.add_argument(
        "sources",
        nargs="*",
        metavar="ARTICLE_OR_DIR",
        help="files, directories, '-' (or --story ID to brief a story of a store)",
    )
    b.add_argument(
        "-o",
        "--output",
        default="out",
        help="output directory (default: out), or '-' to write one format to stdout",
    )
    add_briefing_options(b)
    b.add_argument(
        "--max-bytes",
        type=positive_int,
        default=5_000_000,
        help="inputs larger than this are dropped (default 5000000)",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or warnings")
    b.add_argument("--strict", action="store_true", help="fail on any warning or dropped input")
    b.add_argument(
        "--per-story",
        action="store_true",
        help="group the articles into stories and write one briefing per story plus an index",
    )
    b.add_argument(
        "--story",
        type=positive_int,
        metavar="ID",
        help="brief story ID of the store --db (ids: `newsprism stories`) instead of files",
    )
    b.add_argument(
        "--db",
        default=None,
        metavar="PATH",
        help="the store for --story (default: $NEWSPRISM_DB, else newsprism.db)",
    )
    b.add_argument(
        "--force",
        action="store_true",
        help="with --story: brief the story again even when its cached briefing is current",
    )
    b.set_defaults(func=cmd_brief)
    for register in _command_modules():
        register(sub)
    return parser


def _command_modules() -> list[Callable[[Any], None]]:
    """``register(subparsers)`` of each command module in ``newsprism.commands``.

    Command modules must import only the standard library at module level, so that
    ``newsprism --help`` stays fast.
    """
    import importlib
    import pkgutil

    import newsprism.commands as package

    out = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"newsprism.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            out.append(register)
    return out


def add_briefing_options(p: argparse.ArgumentParser) -> None:
    """The options of a command that writes briefings: the formats and the options that shape
    a briefing (``add_briefing_config_options``).  ``brief`` and ``brief-all`` take them alike."""
    p.add_argument(
        "-f",
        "--format",
        type=_formats,
        default=list(FORMATS),
        help="comma-separated formats to write: json, md, html or all (default: all)",
    )
    add_briefing_config_options(p)


def add_briefing_config_options(p: argparse.ArgumentParser) -> None:
    """The options that shape a briefing, read by ``_brief_config`` (the one list): ``brief``,
    ``brief-all`` and ``serve`` take them alike, and a cached briefing is current only for the
    same values (``pipeline.settings_key``)."""
    p.add_argument(
        "--words", type=positive_int, default=200, help="summary length in words (default 200)"
    )
    p.add_argument(
        "--scorer",
        choices=("learned", "rules"),
        default="learned",
        help="summary sentence scorer: the packaged learned model (default) or the rules",
    )
    p.add_argument(
        "--counts-by-meaning",
        choices=COUNTS_BY_MEANING,
        default="minilm-numpy",
        help=(
            "compare counts told with different nouns (300 meals / 450 dinners) by sentence "
            "meaning: MiniLM run by numpy (default), through sentence-transformers, or off "
            "(saves about 1 s a story)"
        ),
    )


# ``--counts-by-meaning`` value -> ``Config.counts_by_meaning`` (embedding backend; "" for none)
COUNTS_BY_MEANING = {"minilm-numpy": "minilm-numpy", "minilm": "minilm", "off": ""}


def _brief_config(args: argparse.Namespace) -> Any:
    from newsprism.options import RULES, Config, SummaryConfig

    return Config(
        words=args.words,
        summary=RULES if args.scorer == "rules" else SummaryConfig(),
        counts_by_meaning=COUNTS_BY_MEANING[args.counts_by_meaning],
    )


def read_articles(sources: Sequence[str], max_bytes: int | None, stderr: TextIO) -> Any:
    """Read and prepare ``sources`` (``-``: stdin) for a command: ``(ReadResult, warnings)``,
    one warning line per dropped input.  When nothing is readable the warnings are written to
    ``stderr`` and NP error ``NOTHING_READABLE`` is raised."""
    from newsprism.api import prepare
    from newsprism.errors import NOTHING_READABLE, InputError
    from newsprism.ingest.readers import read_inputs

    stdin = sys.stdin.buffer if "-" in sources else None
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    read = prepare(read_inputs(list(sources), stdin=stdin, **kwargs))
    warnings = [f"warning {d.code}: {d.source}: {d.reason}" for d in read.dropped]
    if not read.articles:
        for w in warnings:
            stderr.write(w + "\n")
        raise InputError(NOTHING_READABLE, f"{len(read.dropped)} input(s) dropped")
    return read, warnings


def _warning(n: Any) -> str:
    return f"warning {n.code}: " + (f"{n.source}: " if n.source else "") + n.message


def cmd_brief(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    to_stdout = args.output == "-"
    if to_stdout and len(args.format) != 1:
        raise NewsprismError(
            BAD_OPTION, "-o - writes one briefing to stdout: choose one format with --format"
        )
    if to_stdout and getattr(args, "per_story", False):
        raise NewsprismError(BAD_OPTION, "--per-story writes a folder: give -o DIR, not -o -")
    if getattr(args, "story", None) is not None:
        return _brief_story(args, stdout, stderr)
    if getattr(args, "db", None) is not None:
        raise NewsprismError(BAD_OPTION, "--db is for --story ID: give the story to brief")
    if getattr(args, "force", False):
        raise NewsprismError(BAD_OPTION, "--force is for --story ID: files are always briefed")
    if not args.sources:
        from newsprism.errors import NO_INPUT

        raise NewsprismError(NO_INPUT)
    read, warnings = read_articles(args.sources, args.max_bytes, stderr)
    if args.strict and (read.dropped or read.notices):  # the first warning stops the run
        first = warnings[0] if warnings else _warning(read.notices[0])
        raise NewsprismError(STRICT, f"{first}; nothing written")
    if getattr(args, "per_story", False):
        return _brief_per_story(args, read, warnings, stdout, stderr)
    from newsprism.pipeline import State, run_pipeline
    from newsprism.render import FORMATS as RENDERERS
    from newsprism.render import write_briefing

    def strict(state: State) -> None:
        if state.notices:
            raise NewsprismError(STRICT, f"{_warning(state.notices[0])}; nothing written")

    progress = Progress(
        stderr, enabled=not args.quiet and len(read.articles) >= PROGRESS_MIN_ARTICLES
    )
    briefing = run_pipeline(
        read.articles,
        _brief_config(args),
        dropped=read.dropped,
        notices=read.notices,
        progress=progress,
        check=strict if args.strict else None,
    )
    warnings += [_warning(n) for n in briefing.notices]
    if not args.quiet:
        for w in warnings:
            stderr.write(w + "\n")
    if to_stdout:
        stdout.write(RENDERERS[args.format[0]][1](briefing))
        return EXIT_OK
    paths = write_briefing(briefing, Path(args.output), args.format)
    for p in paths:
        stdout.write(f"{p}\n")
    return EXIT_OK


def _brief_per_story(
    args: argparse.Namespace, read: Any, warnings: list[str], stdout: TextIO, stderr: TextIO
) -> int:
    """``brief --per-story``: one briefing per story found in the inputs, and an index."""
    from newsprism.stories.briefs import brief_per_story

    if not args.quiet:
        for w in warnings:
            stderr.write(w + "\n")
    done = brief_per_story(
        read.articles,
        Path(args.output),
        config=_brief_config(args),
        formats=args.format,
        dropped=read.dropped,
        notices=read.notices,
        progress=Progress(stderr, enabled=not args.quiet),
    )
    for d in done:
        stdout.write(f"{d.folder}/\t{d.story.label}\t{len(d.story.members)} article(s)\n")
    stdout.write(f"{Path(args.output) / 'index.html'}\n")
    return EXIT_OK


def _brief_story(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``brief --db PATH --story ID``: one story of a store, read from the store's cache when
    its briefing is current for the story's articles and these options, else briefed and
    cached (``--force`` briefs again); stderr says which."""
    from newsprism.errors import ANALYSIS_FAILED
    from newsprism.render import FORMATS as RENDERERS
    from newsprism.store import Store
    from newsprism.stories.briefall import brief_story, story_outcome

    if args.sources:
        raise NewsprismError(BAD_OPTION, "--story briefs a story of the store: give no files")
    if args.per_story or args.strict:
        raise NewsprismError(BAD_OPTION, "--story is one story: drop --per-story and --strict")
    if args.output == "-" and len(args.format) != 1:
        raise NewsprismError(
            BAD_OPTION, "-o - writes one briefing to stdout: choose one format with --format"
        )
    config = _brief_config(args)
    started = time.perf_counter()
    with Store.open(args.db) as store:
        if args.output == "-":
            outcome = story_outcome(
                store, args.story, config=config, formats=args.format, force=args.force
            )
        else:
            outcome = brief_story(
                store,
                args.story,
                Path(args.output),
                config=config,
                formats=args.format,
                force=args.force,
            )
        readonly = store.readonly
    if not args.quiet:
        for row_id, error in outcome.failed_articles:
            stderr.write(f"warning {ANALYSIS_FAILED.code}: article {row_id}: {error}\n")
    if outcome.error is not None:
        raise NewsprismError(ANALYSIS_FAILED, f"story {args.story}: {outcome.error}")
    if not args.quiet:
        stderr.write(_story_note(args.story, outcome, readonly, time.perf_counter() - started))
    if args.output == "-":
        stdout.write(dict(outcome.files)[RENDERERS[args.format[0]][0]])
        return EXIT_OK
    for name, _ in outcome.files:
        stdout.write(f"{Path(args.output) / name}\n")
    return EXIT_OK


def _story_note(story: int, outcome: Any, readonly: bool, seconds: float) -> str:
    """Whether ``brief --story`` read the cached briefing or briefed the story now."""
    if outcome.cached:
        return (
            f"story {story}: the cached briefing (current for its {outcome.articles} article(s) "
            f"and these options; --force briefs again), {seconds:.1f}s\n"
        )
    kept = "not cached: the store is read-only" if readonly else "cached in the store"
    return f"story {story}: briefed {outcome.articles} article(s) now, {seconds:.1f}s ({kept})\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "quiet", False):
        quiet_libraries()
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        result: int = args.func(args, sys.stdout, sys.stderr)
        return result
    except NewsprismError as exc:
        sys.stderr.write(exc.render() + "\n")
        return EXIT_USAGE if exc.code is BAD_OPTION else EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
