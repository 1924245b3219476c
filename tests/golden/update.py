"""Write the golden briefing of the example story: tests/golden/examples_briefing.json.

The golden file is a *stable projection* of ``briefing.json`` for ``examples/story``, produced
through the command line (``newsprism brief examples/story --format json``): for each article its
id, outlet, title, published date and boilerplate spans; the relations and independent sources;
the events; the summary's citation spans; the quotes' spans and speaker names.  Every span is
stored with the text it covers, so a reviewer can read the file.

``tests/test_examples.py`` compares the current briefing's projection with this file.  After an
intentional change to what the pipeline produces, run

    .venv/bin/python tests/golden/update.py

then review ``git diff tests/golden/examples_briefing.json`` line by line before committing it:
the diff is the change in behaviour.  ``--check`` prints that diff without writing anything.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "story"
GOLDEN = Path(__file__).resolve().parent / "examples_briefing.json"


def _span(texts: dict[str, str], article: str, start: int, end: int) -> list[Any]:
    return [article, start, end, texts[article][start:end]]


def projection(briefing: dict[str, Any]) -> dict[str, Any]:
    """The parts of a ``briefing.json`` that the golden file pins (see the module docstring)."""
    texts = {a["id"]: a["text"] for a in briefing["articles"]}
    speakers = {s["id"]: s["name"] for s in briefing["speakers"]}
    return {
        "articles": [
            {
                "id": a["id"],
                "outlet": a["outlet"],
                "title": a["title"],
                "published": a["published"],
                "boilerplate": [
                    [b["kind"], *_span(texts, a["id"], b["start"], b["end"])[1:]]
                    for b in a["boilerplate"]
                ],
            }
            for a in briefing["articles"]
        ],
        "dropped": [d["source"] for d in briefing["dropped"]],
        "relations": [
            [r["a"], r["b"], r["kind"], round(float(r["score"]), 3)] for r in briefing["relations"]
        ],
        "independent_sources": briefing["independent_sources"],
        "events": [
            {"id": e["id"], "label": e["label"], "date": e["date"], "articles": e["articles"]}
            for e in briefing["events"]
        ],
        "summary": [
            {
                "event": item["event"],
                "citations": [
                    _span(texts, c["article"], c["start"], c["end"]) for c in item["citations"]
                ],
            }
            for item in briefing["summary"]
        ],
        "quotes": [
            [*_span(texts, q["article"], q["start"], q["end"]), speakers.get(q["speaker"] or "")]
            for q in briefing["quotes"]
        ],
    }


def current_briefing(out_dir: Path) -> dict[str, Any]:
    """``briefing.json`` of examples/story, written by the command line into ``out_dir``."""
    from newsprism.cli import main

    code = main(["brief", str(EXAMPLES), "-o", str(out_dir), "--format", "json", "--quiet"])
    if code != 0:
        raise RuntimeError(f"newsprism brief exited with status {code}")
    data: dict[str, Any] = json.loads((out_dir / "briefing.json").read_text(encoding="utf-8"))
    return data


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="print the diff against the golden file and exit 1 if they differ; write nothing",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        text = dumps(projection(current_briefing(Path(tmp))))
    old = GOLDEN.read_text(encoding="utf-8") if GOLDEN.is_file() else ""
    if args.check:
        import difflib

        diff = difflib.unified_diff(
            old.splitlines(keepends=True), text.splitlines(keepends=True), "golden", "current"
        )
        sys.stdout.writelines(diff)
        return 0 if old == text else 1
    GOLDEN.write_text(text, encoding="utf-8")
    status = "unchanged" if old == text else "updated: review `git diff` of it before committing"
    print(f"{GOLDEN.relative_to(REPO)} {status}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
