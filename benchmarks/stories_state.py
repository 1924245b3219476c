"""What the grouper's state costs as JSON data against the pickles it replaced: a store of N
generated articles (``eval.synthetic``, distinct stories, 400 a day, as ``benchmarks/stories.py
--store`` ingests them) grouped in rounds of 500, then every row of its state tables
(``story_state``, ``story_live``, ``story_open``, ``story_closed``, ``story_df_log``) read back
as objects and written and read in both formats, interleaved, best of ``--repeat``; and the
migration ``stories_state_json`` timed on a copy of the store with every row pickled as the
release before wrote it.

    .venv/bin/python benchmarks/stories_state.py --size 10000

Both formats are timed in the same process and minute, so the ratio holds under load; the
absolute times do not (the load average is printed)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsprism.eval.synthetic import generate  # noqa: E402
from newsprism.store import Store, ingest  # noqa: E402
from newsprism.stories import state_format as fmt  # noqa: E402
from newsprism.stories.grouping import StoryGrouper  # noqa: E402
from newsprism.stories.store import FeatureAnnotator, load_grouper, update_stories  # noqa: E402

SEED = 13  # benchmarks/stories.py's
PER_DAY = 400
# table -> (key column, data column, read a JSON row, write it as JSON)
TABLES: dict[str, tuple[str, str, Callable[[bytes], Any], Callable[[Any], bytes]]] = {
    "story_live": ("id", "state", lambda d: fmt.load_story(d, ""), fmt.dump_story),
    "story_closed": ("id", "state", lambda d: fmt.load_story(d, ""), fmt.dump_story),
    "story_open": ("name", "state", lambda d: fmt.load_open(d, ""), lambda v: fmt.dump_open(*v)),
    "story_df_log": ("id", "data", fmt.load_counts, fmt.dump_counts),
}


def _store(path: Path, size: int) -> None:
    feed = path.parent / "feed.jsonl"
    start = dt.date(2026, 1, 1)
    with feed.open("w", encoding="utf-8") as f:
        for i, x in enumerate(generate(size, seed=SEED, distinct=True)):
            day = (start + dt.timedelta(days=i // PER_DAY)).isoformat()
            f.write(
                json.dumps({"id": x.name, "text": x.text, "outlet": x.outlet, "published": day})
            )
            f.write("\n")
    with Store.open(path) as store:
        ingest(
            store,
            [str(feed)],
            batch_size=500,
            workers=2,
            annotate=FeatureAnnotator(),
            on_batch=lambda _: update_stories(store),
        )


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _pickled_copy(path: Path, to: Path) -> None:
    """The store as the release before ``stories_state_json`` left it: every row pickled."""
    src, dst = sqlite3.connect(path), sqlite3.connect(to)
    src.backup(dst)
    src.close()
    g = StoryGrouper()
    config, blob = dst.execute("SELECT config, state FROM story_state").fetchone()
    fmt.load_hot(blob, g)
    hot: dict[str, Any] = {k: getattr(g, k) for k in fmt.HOT}
    hot.update(format=3, config=g.config.__class__(**json.loads(config)))
    with dst:
        dst.execute("UPDATE story_state SET state = ?", (pickle.dumps(hot),))
        for table, (key, column, read, _) in TABLES.items():
            rows = dst.execute(f"SELECT {key}, {column} FROM {table}").fetchall()
            dst.executemany(
                f"UPDATE {table} SET {column} = ? WHERE {key} = ?",
                [(pickle.dumps(read(d), protocol=pickle.HIGHEST_PROTOCOL), k) for k, d in rows],
            )
        dst.execute("DELETE FROM _migrations WHERE name = 'stories_state_json'")
        n = dst.execute("SELECT count(*) FROM _migrations").fetchone()[0]
        dst.execute(f"PRAGMA user_version = {n}")
    dst.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.db"
        _store(path, args.size)
        print(
            f"store of {args.size:,} generated articles grouped in rounds of 500 "
            f"(load average {os.getloadavg()[0]:.1f}); each table's rows written and read in "
            f"both formats, CPU best of {args.repeat}"
        )
        print(
            f"{'table':<14} {'rows':>6} {'JSON KB':>8} {'pickle KB':>9} "
            f"{'write JSON':>10} {'pickle':>7} {'read JSON':>9} {'pickle':>7}  (ms)"
        )
        total = [0.0] * 6
        with Store.open(path, readonly=True) as store:
            for table, (_, column, read, write) in TABLES.items():
                blobs = [r[0] for r in store.conn.execute(f"SELECT {column} FROM {table}")]
                objs = [read(b) for b in blobs]
                pickles = [pickle.dumps(o, protocol=pickle.HIGHEST_PROTOCOL) for o in objs]
                row = [
                    sum(map(len, blobs)) / 1e3,
                    sum(map(len, pickles)) / 1e3,
                    _best(lambda: [write(o) for o in objs], args.repeat) * 1e3,  # noqa: B023
                    _best(
                        lambda: [pickle.dumps(o, protocol=5) for o in objs],  # noqa: B023
                        args.repeat,
                    )
                    * 1e3,
                    _best(lambda: [read(b) for b in blobs], args.repeat) * 1e3,  # noqa: B023
                    _best(lambda: [pickle.loads(p) for p in pickles], args.repeat) * 1e3,  # noqa: B023
                ]
                total = [a + b for a, b in zip(total, row, strict=True)]
                print(
                    f"{table:<14} {len(blobs):>6} {row[0]:>8,.0f} {row[1]:>9,.0f} "
                    f"{row[2]:>10.1f} {row[3]:>7.1f} {row[4]:>9.1f} {row[5]:>7.1f}"
                )
            print(
                f"{'all':<14} {'':>6} {total[0]:>8,.0f} {total[1]:>9,.0f} "
                f"{total[2]:>10.1f} {total[3]:>7.1f} {total[4]:>9.1f} {total[5]:>7.1f}"
            )

            def cold() -> None:
                from newsprism.stories.store import _CACHE

                _CACHE.pop(store, None)
                load_grouper(store)

            print(
                f"the grouper read back cold (load_grouper): {_best(cold, args.repeat):.3f} s CPU"
            )
        old = Path(tmp) / "old.db"
        _pickled_copy(path, old)
        t = time.perf_counter()
        Store.open(old).close()  # applies stories_state_json
        print(
            f"migration stories_state_json on the pickled copy: {time.perf_counter() - t:.2f} s "
            f"wall ({os.path.getsize(old) / 1e6:.0f} MB store)"
        )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
