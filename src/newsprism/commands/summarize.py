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


def _read_lines(path: str) -> list[bytes]:
    """The lines of a JSONL file, split at ``\\n`` only: a JSON string may hold U+2028 or any
    other character that ``str.splitlines`` would cut at."""
    from newsprism.errors import NOT_FOUND, InputError

    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise InputError(NOT_FOUND, f"{path}: {exc.strerror or exc}") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return [line.removesuffix(b"\r") for line in data.split(b"\n")]


def parse_cluster(line: bytes) -> tuple[Any, list[str] | None, str]:
    """One line of a cluster file: ``(record, documents, "")``, or ``(record, None, reason)``
    saying in words what is wrong with it."""
    from newsprism.ingest.readers import json_type, loads

    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, None, f"the line is not UTF-8 (byte {exc.start + 1})"
    try:
        row = loads(text)
    except json.JSONDecodeError as exc:
        return None, None, f"malformed JSON (column {exc.colno}: {exc.msg})"
    if not isinstance(row, dict):
        return row, None, f"the line is {json_type(row)}, not an object with 'documents'"
    if "documents" not in row:
        keys = ", ".join(repr(k) for k in list(row)[:5]) or "none"
        return (
            row,
            None,
            (
                f"the record has no 'documents' (the list of the cluster's article texts); "
                f"its keys: {keys}"
            ),
        )
    docs = row["documents"]
    if not isinstance(docs, list):
        return row, None, f"'documents' is {json_type(docs)}, not a list of article texts"
    if not docs:
        return row, None, "'documents' is an empty list"
    for k, doc in enumerate(docs):
        if not isinstance(doc, str):
            return row, None, f"document {k} is {json_type(doc)}, not a text"
    return row, docs, ""


def _jsonl(args: argparse.Namespace, out: TextIO, stderr: TextIO) -> int:
    """One output line per cluster line; a line that cannot be read becomes a dropped record
    ``{"id", "line", "dropped": {"code", "reason"}}`` with a warning, and the batch goes on."""
    from newsprism.analyze.summary.cluster import summarize_documents
    from newsprism.errors import BAD_CLUSTER, BAD_JSONL, InputError

    config = _config(args)
    words = args.words or 230
    done = dropped = 0
    for n, line in enumerate(_read_lines(args.jsonl), 1):
        if not line.strip():
            continue
        row, docs, reason = parse_cluster(line)
        raw_id = row.get("id") if isinstance(row, dict) else None
        record_id = str(raw_id) if isinstance(raw_id, str | int) and raw_id is not True else str(n)
        if docs is None:
            dropped += 1
            record: dict[str, Any] = {
                "id": record_id,
                "line": n,
                "dropped": {"code": BAD_CLUSTER.code, "reason": reason},
            }
            if not args.quiet:
                stderr.write(f"warning {BAD_CLUSTER.code}: {args.jsonl} line {n}: {reason}\n")
        else:
            sentences = summarize_documents(docs, words=words, config=config)
            done += 1
            record = {
                "id": record_id,
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
            if not args.quiet:
                stderr.write(f"cluster {record_id}: {len(sentences)} sentences\n")
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    if dropped and not done:
        raise InputError(BAD_JSONL, f"{args.jsonl}: all {dropped} line(s) dropped")
    return 0
