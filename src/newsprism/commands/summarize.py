"""``newsprism summarize``: the cited summary alone, for reading, evaluation and batch use.

* ``newsprism summarize PATH... [--words N]`` reads articles as ``brief`` does and prints the
  summary: one numbered sentence a line, its citations ``[article:start-end]`` and its support.
* ``newsprism summarize --jsonl FILE [--words N]`` reads one cluster a line
  (``{"id": str, "documents": [str, ...]}``) and writes one line a cluster
  (``{"id": str, "summary": [{"text": str, "citations": [{"document": int, "start": int,
  "end": int}]}]}``); offsets index the document strings as given.

Only the standard library is imported here; the library is imported when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from newsprism.cli import positive_int

BACKENDS = ("tfidf", "minilm")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "summarize",
        help="print the cited extractive summary of articles, or of clusters in a JSONL file",
        description=(
            "Print the cited summary of a set of articles, or summarise one cluster per line of "
            "a JSONL file ({'id', 'documents'}) into one JSON line per cluster."
        ),
    )
    p.add_argument("sources", nargs="*", metavar="PATH", help="files, directories, '-' for stdin")
    p.add_argument("--jsonl", metavar="FILE", help="clusters, one JSON object a line ('-': stdin)")
    p.add_argument(
        "--words",
        type=positive_int,
        default=None,
        help="length in words (default 200; 230 for --jsonl)",
    )
    p.add_argument(
        "--sentences", type=positive_int, default=None, help="length in sentences instead of words"
    )
    p.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="similarity backend for centrality (default tfidf)",
    )
    p.add_argument(
        "--scorer",
        choices=("learned", "rules"),
        default="learned",
        help="sentence scorer: the packaged learned model (default) or the rule-based fallback",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="no warnings or progress on stderr")
    p.set_defaults(func=cmd_summarize)


def cmd_summarize(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from newsprism.errors import BAD_OPTION, OUTPUT_FAILED, InputError, OutputError

    if bool(args.jsonl) == bool(args.sources):
        raise InputError(BAD_OPTION, "give either PATH... or --jsonl FILE")
    out: TextIO = stdout
    handle = None
    if args.output:
        try:
            handle = open(args.output, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise OutputError(OUTPUT_FAILED, f"{args.output}: {exc}") from exc
        out = handle
    try:
        if args.jsonl:
            return _jsonl(args, out, stderr)
        return _paths(args, out, stderr)
    finally:
        if handle is not None:
            handle.close()
            if not args.quiet:
                stderr.write(f"written to {args.output}\n")


def _config(args: argparse.Namespace) -> Any:
    import dataclasses

    from newsprism.analyze.summary.summarize import RULES, SummaryConfig

    base = RULES if args.scorer == "rules" else SummaryConfig()
    return dataclasses.replace(base, backend=args.backend or "tfidf", sentences=args.sentences)


def _paths(args: argparse.Namespace, out: TextIO, stderr: TextIO) -> int:
    from newsprism.cli import read_articles
    from newsprism.pipeline import DEFAULT_STAGES, Config, run_pipeline

    read, warnings = read_articles(args.sources, None, stderr)
    if not args.quiet:
        stderr.writelines(w + "\n" for w in warnings)
    # the events in date order (timeline, event_dates) as in ``brief``; no quotes or claims
    needed = {"check", "annotate", "relations", "events", "timeline", "event_dates", "summary"}
    stages = [s for s in DEFAULT_STAGES if s.name in needed]
    config = Config(words=args.words or 200, summary=_config(args))
    briefing = run_pipeline(read.articles, config, dropped=read.dropped, stages=stages)
    n_sources = len(briefing.independent_sources) or len(briefing.articles)
    for k, item in enumerate(briefing.summary, 1):
        cites = " ".join(f"[{c.article}:{c.start}-{c.end}]" for c in item.citations)
        out.write(f"{k}. {' '.join(item.text.split())} {cites}\n")
        out.write(f"   (reported by {len(item.support)} of {n_sources} independent sources)\n")
    return 0


def _read_lines(path: str) -> list[str]:
    from newsprism.errors import NOT_FOUND, InputError

    if path == "-":
        return sys.stdin.read().splitlines()
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().splitlines()
    except OSError as exc:
        raise InputError(NOT_FOUND, f"{path}: {exc}") from exc


def _jsonl(args: argparse.Namespace, out: TextIO, stderr: TextIO) -> int:
    from newsprism.analyze.summary.cluster import summarize_documents
    from newsprism.errors import BAD_JSONL, InputError

    config = _config(args)
    words = args.words or 230
    for n, line in enumerate(_read_lines(args.jsonl), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            docs = row["documents"]
            if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
                raise TypeError("'documents' must be a list of strings")
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(BAD_JSONL, f"{args.jsonl} line {n}: {exc}") from exc
        sentences = summarize_documents(docs, words=words, config=config)
        record = {
            "id": str(row.get("id", n)),
            "summary": [
                {
                    "text": s.text,
                    "citations": [
                        {"document": c.document, "start": c.start, "end": c.end}
                        for c in s.citations
                    ],
                }
                for s in sentences
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        if not args.quiet:
            stderr.write(f"cluster {record['id']}: {len(sentences)} sentences\n")
    return 0
