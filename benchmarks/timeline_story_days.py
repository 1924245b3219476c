"""Story days on real clusters nobody annotated: how many Multi-News validation clusters (the
annotated dev ids left out) get a story day, only a story year, or nothing to read relative dates
against.

There is no gold here: the figure is coverage, the share of stories whose weekdays (``on
Tuesday``) and ``yesterday``s can be dated at all.  A rule that raises it must still be checked
for being right (timeline_hidden_dates.py, the real clusters' precision, reading the stories it
dates).  Each cluster is read as ``newsprism brief DIR`` reads it (same reader, boilerplate and
metadata), grouped into events and stories, and each story's reference dates are made as the
timeline makes them.

Usage: .venv/bin/python benchmarks/timeline_story_days.py [--clusters 40] [--seed 11]
           [--verbose]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.analyze.time.timeline import reference_dates  # noqa: E402
from newsprism.api import prepare, read_inputs  # noqa: E402
from newsprism.eval import real_clusters as rc  # noqa: E402
from newsprism.pipeline import DEFAULT_STAGES, Config, Pipeline, State  # noqa: E402

# up to the stage that groups events and stories: what the timeline stage is given
STAGES = tuple(s for s in DEFAULT_STAGES if s.name in ("check", "annotate", "relations", "events"))


def classify(folder: Path) -> tuple[str, Counter[str]]:
    """The cluster's best reference (``day``, ``year`` or ``none``) and its articles' counts."""
    read = prepare(read_inputs([str(folder)]))
    state = Pipeline(STAGES).run(State(tuple(read.articles), (), ()), Config())
    docs = state.docs or ()
    events = state.events or ()
    per_article: Counter[str] = Counter()
    for members in state.stories or [[d.id for d in docs]]:
        inside = set(members)
        part = [d for d in docs if d.id in inside]
        refs = reference_dates(part, [e for e in events if inside.intersection(e.articles)])
        for d in part:
            ref = refs[d.id]
            if not ref.inferred:
                per_article["own date"] += 1
            elif ref.date is None:
                per_article["none"] += 1
            else:
                per_article["year" if ref.year_only else "day"] += 1
    best = next(
        (
            k
            for k, has in (("day", "day"), ("day", "own date"), ("year", "year"))
            if per_article[has]
        ),
        "none",
    )
    return best, per_article


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--clusters", type=int, default=40)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--verbose", action="store_true", help="one line per cluster")
    args = ap.parse_args(argv)
    if not rc.MULTINEWS.is_file():
        print(f"skipped: Multi-News validation is not in {rc.MULTINEWS.parent}")
        return 0
    dev = set(rc.cluster_ids()) if rc.GOLD_DIR.is_dir() else set()
    with rc.MULTINEWS.open(encoding="utf-8") as f:
        ids = [json.loads(line)["id"] for line in f]
    pool = [i for i in ids if i not in dev]
    picked = random.Random(args.seed).sample(pool, min(args.clusters, len(pool)))
    clusters: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="np-days-") as tmp:
        dirs = rc.write_clusters(picked, Path(tmp))
        for cid in sorted(dirs):
            best, counts = classify(dirs[cid])
            clusters[best] += 1
            articles.update(counts)
            if args.verbose:
                print(f"  {cid}: {best} {dict(counts)}")
    n = sum(clusters.values())
    print(
        f"Multi-News validation, {n} unannotated clusters (seed {args.seed}), "
        f"{time.perf_counter() - t0:.0f} s"
    )
    for key in ("day", "year", "none"):
        print(f"  story {key:4}: {clusters[key]:3} clusters ({clusters[key] / max(n, 1):.0%})")
    print(f"  articles: {dict(articles)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
