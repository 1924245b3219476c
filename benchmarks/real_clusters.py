"""Real news: brief the 16 hand-annotated Multi-News dev clusters and score every measure, on the
tuning half (first 8 ids, sorted) and the confirming half (last 8), plus the seeds.

    .venv/bin/python benchmarks/real_clusters.py [--jobs 2] [--verbose] [--json] [--keep DIR]
        [--confidence hand-set|fitted] [--meaning minilm] [--counts-by-meaning minilm-numpy|minilm|none]

Reads ../shared/data/annotations/multinews-dev (gold), ../shared/data/multinews/validation.jsonl
(articles) and ../shared/eval/score_clusters.py (the scorer) at run time; exits 0 with a message
when they are absent.  The briefings are made in-process exactly as ``newsprism brief DIR --format
json`` makes them (same reader, same defaults), so the figures equal those of
``../shared/eval/score_dev_clusters.sh``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.eval import real_clusters as rc  # noqa: E402
from newsprism.pipeline import Config  # noqa: E402


def _fmt(v: object) -> str:
    return "—" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _count(res: dict, key: str) -> str:
    c = res["counts"]
    pairs = {
        "quotes_found": ("qf", "q"),
        "quotes_speaker": ("qs", "q"),
        "shared_grouped": ("shg", "sh"),
        "contra_R": ("ch", "c"),
        "contra_P": ("dp", "d"),
        "false_alarm": ("dfa", "d"),
        "time_R": ("th", "t"),
        "time_P": ("pp", "p"),
        "group_P": ("gjc", "gj"),
        "summary_wording": ("swm", "sw"),
        "headings_ok": ("hok", "hh"),
    }
    a, b = pairs[key]
    return f"{c[a]}/{c[b]}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2, help="briefing processes (default 2)")
    ap.add_argument("--verbose", action="store_true", help="list every miss (scorer's --verbose)")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    ap.add_argument("--keep", type=Path, help="write the cluster folders and briefings here")
    ap.add_argument("--no-seeds", action="store_true", help="skip the seeds")
    ap.add_argument("--ids", nargs="*", help="only these cluster ids (default: all 16)")
    ap.add_argument(
        "--confidence",
        default="hand-set",
        help="weights of the disagreements' confidence: hand-set (default) or fitted",
    )
    ap.add_argument(
        "--meaning", default="", help="also pair claims by meaning: minilm (default: off)"
    )
    ap.add_argument(
        "--counts-by-meaning",
        default="minilm-numpy",
        help="compare counts told with different nouns by meaning: minilm-numpy (default), "
        "minilm (the same vectors through sentence-transformers) or none",
    )
    args = ap.parse_args(argv)
    config = Config(
        confidence=args.confidence, meaning=args.meaning, counts_by_meaning=args.counts_by_meaning
    )

    if not rc.available():
        print(f"skipped: the annotated clusters or the scorer are not in {rc.SHARED}")
        return 0
    ids = rc.cluster_ids()
    parts = rc.halves(ids)
    if args.ids:
        ids = [i for i in ids if i in set(args.ids)]
        parts = {k: [i for i in v if i in ids] for k, v in parts.items()}

    with tempfile.TemporaryDirectory(prefix="np-real-") as tmp:
        root = args.keep or Path(tmp)
        t0 = time.perf_counter()
        dirs = rc.write_clusters(ids, root / "in")
        timings = rc.brief_clusters(dirs, root / "briefs", jobs=args.jobs, config=config)
        elapsed = time.perf_counter() - t0
        failed = {cid: err for cid, (_, err) in timings.items() if err}
        scorer = rc.load_scorer()
        results: dict[str, dict] = {}
        for name, part in [*parts.items(), ("all", ids)]:
            if not part:
                continue
            if args.verbose and name != "all":
                print(f"--- misses, {name} half ---")
            results[name] = rc.score(
                part, root / "briefs", verbose=args.verbose and name != "all", scorer=scorer
            )

    seeds = None
    if not args.no_seeds and (rc.SHARED / "seeds").is_dir():
        seeds = rc.score_seeds(rc.SHARED / "seeds", config=config)

    if args.json:
        out = {"results": results, "seconds": round(elapsed, 1), "failed": failed}
        if seeds:
            out["seeds"] = seeds.__dict__
        print(json.dumps(out, indent=1))
        return 0

    cols = list(results)
    print(f"Real clusters: {len(ids)} briefed in {elapsed:.1f} s ({args.jobs} process(es))")
    for name in cols:
        print(f"  {name}: {', '.join(parts.get(name, ids))}")
    if failed:
        print(f"  FAILED: {failed}")
    print()
    print("| measure | " + " | ".join(cols) + " | target |")
    print("|---|" + "---|" * len(cols) + "---|")
    for key, label, target in rc.MEASURES:
        cells = []
        for name in cols:
            res = results[name]
            cells.append(f"{_fmt(res[key])} ({_count(res, key)})")
        tgt = "—" if target is None else ("0" if target == 0 else f">= {target:.2f}")
        print(f"| {label} | " + " | ".join(cells) + f" | {tgt} |")
    if seeds:
        print()
        print(
            f"Seeds: main contradictions in the top 8 {seeds.main_top8}/{seeds.mains} "
            f"(top-8 items repeating a main one: {seeds.split_top8}); disagreements "
            f"P {seeds.disagreement_precision:.2f} R {seeds.disagreement_recall:.2f}; timeline "
            f"{seeds.timeline_found}/{seeds.timeline_gold} found, P {seeds.timeline_precision:.2f}; "
            f"headings flagged by the grammar check {seeds.headings_flagged}/{seeds.headings}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
