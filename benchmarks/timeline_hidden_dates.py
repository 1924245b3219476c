"""Reference dates from the text alone: PolNeAR articles with their publication dates hidden.

Reads ../shared/data/polnear/SPLIT/text and ../shared/data/polnear/metadata.tsv (skips when
absent), takes every ``--step``-th article up to ``--limit``, marks boilerplate and metadata as
``newsprism brief`` does but never reads the metadata's date, and briefs each article alone.  It
prints what ``analyze/time`` made of each article's day (a story day from the text, only a story
year, or nothing) against the real publication date, and for the relative dates it resolved
(weekdays, ``today``, ``last week``, ``in July``, ``last year`` ...) how many agree with the same
mention resolved against the real date.

Usage: .venv/bin/python benchmarks/timeline_hidden_dates.py [--split train] [--limit 280]
           [--step 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.analyze.time.anchors import Reference  # noqa: E402
from newsprism.analyze.time.dates import ABSOLUTE_KINDS  # noqa: E402
from newsprism.analyze.time.timeline import _mentions, reference_dates  # noqa: E402
from newsprism.ingest.boilerplate import mark_boilerplate  # noqa: E402
from newsprism.ingest.metadata import extract_metadata  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.nlp.annotate import annotate  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int, default=280)
    ap.add_argument("--step", type=int, default=3)
    args = ap.parse_args(argv)
    folder = POLNEAR / args.split / "text"
    if not folder.is_dir() or not (POLNEAR / "metadata.tsv").is_file():
        print(f"skipped: PolNeAR is not in {POLNEAR}")
        return 0
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as f:
        meta = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t")}
    arts, truth = [], {}
    for path in sorted(folder.glob("*.txt"))[:: args.step][: args.limit]:
        row = meta.get(path.stem)
        if not row or not row.get("publication_date"):
            continue
        art = extract_metadata(mark_boilerplate(Article(path.stem, path.name, path.read_text())))
        if art.published:
            continue  # the text states its own date: nothing to infer
        arts.append(art)
        truth[path.stem] = dt.date.fromisoformat(row["publication_date"])
    t0 = time.perf_counter()
    docs = annotate(arts)
    days: Counter[str] = Counter()
    years: Counter[str] = Counter()
    relative: Counter[tuple[str, bool]] = Counter()
    for d in docs:
        real = truth[d.id]
        refs = reference_dates([d])
        ref = refs[d.id]
        if ref.date is None:
            days["no day, no year"] += 1
        elif ref.year_only:
            off = ref.date.year - real.year
            years["right" if off == 0 else "too early" if off < 0 else "too late"] += 1
        else:
            gap = abs((ref.date - real).days)
            days["exact" if gap == 0 else "within 2 days" if gap <= 2 else "wrong"] += 1
        against_real = {
            (m.sent_start, m.mention.start): m.resolved.date
            for m in _mentions([d], {d.id: Reference(real, False)})
        }
        for m in _mentions([d], refs):
            if m.mention.kind in ABSOLUTE_KINDS:
                continue
            kind = "story year" if ref.year_only else "story day"
            same = against_real.get((m.sent_start, m.mention.start)) == m.resolved.date
            relative[(kind, same)] += 1
    print(
        f"PolNeAR {args.split}: {len(docs)} articles without a date in their text "
        f"({time.perf_counter() - t0:.0f} s)"
    )
    print(f"  story day from the text: {dict(days)}")
    print(f"  story year only (against the real year): {dict(years)}")
    for kind in ("story day", "story year"):
        agree, total = relative[(kind, True)], relative[(kind, True)] + relative[(kind, False)]
        print(f"  relative dates read against the {kind}: {agree}/{total} as against the real date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
