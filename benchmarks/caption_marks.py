"""What the caption rules mark on research data that may be read, by rule and by line shape.

    .venv/bin/python benchmarks/caption_marks.py [--show RULE] [--limit N]

Reads, from ../shared (skips when absent): the tuning half of the annotated Multi-News dev
clusters, every other Multi-News validation cluster outside the 16 annotated ones, PolNeAR (every
split present) and the seeds.  The confirming half of the annotated clusters is never read.
For each corpus and caption rule (``newsprism.eval.caption_marks``) it prints the lines marked as
a whole, by sentence ends, with speech (a reporting verb or a quotation mark) and over 40 words:
the lines a rule keyed on shape ("a caption is one sentence", "a caption has no speech") would
free.  ``--show RULE`` prints up to ``--limit`` marked lines of that rule to read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.eval import caption_marks as cm  # noqa: E402
from newsprism.eval import real_clusters as rc  # noqa: E402

COLUMNS = ("lines", "0-1", "2", "3+", "speech", "long")


def corpora() -> Iterator[tuple[str, str, str]]:
    """``(corpus, name, text)`` for every readable document."""
    tuning: set[str] = set()
    skip: set[str] = set()
    if rc.GOLD_DIR.is_dir():
        halves = rc.halves(rc.cluster_ids())
        tuning, skip = set(halves["tuning"]), set(halves["confirming"])
    if rc.MULTINEWS.is_file():
        with rc.MULTINEWS.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                if row["id"] in skip:
                    continue  # the confirming half is never read
                corpus = "tuning half" if row["id"] in tuning else "other Multi-News"
                for k, doc in enumerate(row["documents"]):
                    text = doc.replace("NEWLINE_CHAR", "\n").strip()
                    yield corpus, f"{row['id']}#{k}", text
    for path in sorted((rc.SHARED / "data" / "polnear").glob("*/text/*.txt")):
        yield "PolNeAR", path.name, path.read_text(encoding="utf-8")
    for path in sorted((rc.SHARED / "seeds").glob("*.txt")):
        yield "seeds", path.name, path.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--show", default="", help="print marked lines of this rule")
    ap.add_argument("--limit", type=int, default=20, help="at most this many lines (--show)")
    args = ap.parse_args(argv)
    if not rc.SHARED.is_dir():
        print(f"skipped: {rc.SHARED} is absent")
        return 0
    per: dict[str, list[cm.MarkedLine]] = {}
    docs: dict[str, int] = {}
    shown = 0
    for corpus, name, text in corpora():
        docs[corpus] = docs.get(corpus, 0) + 1
        found = cm.marked_lines(text)
        per.setdefault(corpus, []).extend(found)
        for m in found:
            if args.show and (m.rule or "other") == args.show and shown < args.limit:
                shown += 1
                print(
                    f"{corpus} {name} [{m.words} words, {m.sentence_ends} ends] "
                    f"{text[m.start : m.end]}"
                )
    print("| corpus (documents) | rule | " + " | ".join(COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for corpus, lines in per.items():
        for rule, row in sorted(cm.tally(lines).items()):
            cells = " | ".join(str(row.get(c, 0)) for c in COLUMNS)
            print(f"| {corpus} ({docs[corpus]}) | {rule} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
