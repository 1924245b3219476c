"""What the store path costs per article as the store grows: a store holding the first N
generated articles (``eval.synthetic``, distinct stories, 400 a day, as ``benchmarks/stories.py
--store`` ingests them), then the next articles ingested into a copy of it and grouped, measured
apart from the growing.

    .venv/bin/python benchmarks/store_growth.py --at 30000,90000 --next 2000 --cache /tmp/grown

For each size: the writing process's CPU an article (ingest with 2 workers and the story
features computed in them; the first 500 next articles warm the in-memory indexes and are not
counted), then ``update_stories`` in rounds of 500 as the follower runs them (CPU an article);
and for both the bytes each reads and writes through the operating system an article
(``/proc/self/io``: SQLite's page reads and writes, the WAL and its checkpoints).  Bytes are
the same from run to run whatever the load; CPU on a shared machine is not: compare runs of the
same minute.  The grown stores are kept in ``--cache`` (built once: ingest, then one update)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsprism.eval.synthetic import generate  # noqa: E402
from newsprism.store import Store, ingest  # noqa: E402
from newsprism.stories.store import FeatureAnnotator, update_stories  # noqa: E402

SEED = 13  # benchmarks/stories.py's
PER_DAY = 400


def _io() -> dict[str, int]:
    out = {}
    with open("/proc/self/io", encoding="ascii") as f:
        for line in f:
            k, v = line.split(":")
            out[k] = int(v)
    return out


def _feed(path: Path, lo: int, hi: int, gen: list) -> Path:  # type: ignore[type-arg]
    with path.open("w", encoding="utf-8") as f:
        for i in range(lo, hi):
            x = gen[i]
            day = (dt.date(2026, 1, 1) + dt.timedelta(days=i // PER_DAY)).isoformat()
            rec = {"id": x.name, "text": x.text, "outlet": x.outlet, "published": day}
            f.write(json.dumps(rec) + "\n")
    return path


def grown(cache: Path, at: int, gen: list) -> Path:  # type: ignore[type-arg]
    """A store of the first ``at`` articles, grouped (built once into ``cache``)."""
    path = cache / f"grown-{at}.db"
    if path.is_file():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    work = cache / f"building-{at}.db"
    feed = _feed(cache / f"feed-{at}.jsonl", 0, at, gen)
    with Store.open(work) as store:
        ingest(store, [str(feed)], batch_size=500, workers=2, annotate=FeatureAnnotator())
        update_stories(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    work.rename(path)
    feed.unlink()
    return path


def measure(path: Path, at: int, n: int, gen: list) -> str:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "news.db"
        shutil.copy(path, work)
        warm = _feed(Path(tmp) / "warm.jsonl", at, at + 500, gen)
        feed = _feed(Path(tmp) / "feed.jsonl", at + 500, at + 500 + n, gen)
        with Store.open(work) as store:
            ingest(store, [str(warm)], batch_size=500, workers=2, annotate=FeatureAnnotator())
            update_stories(store)
            io0, c0 = _io(), time.process_time()
            ingest(store, [str(feed)], batch_size=500, workers=2, annotate=FeatureAnnotator())
            io1, c1 = _io(), time.process_time()
            while update_stories(store, limit=500).articles:
                pass
            io2, c2 = _io(), time.process_time()

    def part(a: dict[str, int], b: dict[str, int], cpu: float) -> str:
        return (
            f"{cpu / n * 1000:.2f} ms CPU, reads {(b['rchar'] - a['rchar']) / n / 1000:.1f} KB "
            f"({(b['syscr'] - a['syscr']) / n:.1f} calls), writes "
            f"{(b['wchar'] - a['wchar']) / n / 1000:.1f} KB ({(b['syscw'] - a['syscw']) / n:.1f} "
            "calls) an article"
        )

    return (
        f"store of {at:,} articles, the next {n:,} (load average {os.getloadavg()[0]:.1f}): "
        f"writer {part(io0, io1, c1 - c0)}; grouping {part(io1, io2, c2 - c1)}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--at", default="30000,90000", help="store sizes")
    ap.add_argument("--next", type=int, default=2000, help="articles measured at each size")
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "newsprism-grown"))
    args = ap.parse_args()
    sizes = [int(s) for s in args.at.split(",") if s]
    gen = generate(max(sizes) + 500 + args.next, seed=SEED, distinct=True)
    for at in sizes:
        print(measure(grown(Path(args.cache), at, gen), at, args.next, gen), flush=True)


if __name__ == "__main__":
    main()
