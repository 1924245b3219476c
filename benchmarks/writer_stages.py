"""The writing process alone as the store grows: CPU an article by stage and by tenth.

    .venv/bin/python benchmarks/writer_stages.py --size 100000 --cache /tmp/prepared

The articles of ``benchmarks/stories.py --store`` (``eval.synthetic``, distinct stories, 400 a
day) are read and prepared once (boilerplate, metadata, fingerprints, as the ingest workers do;
kept in ``--cache``), then stored into a new store with ``Store.add`` in transactions of 500,
in this one process: no workers and no grouping process share the CPU, so each tenth's figures
are the writer's own.  Printed for each tenth: CPU an article by stage (``stages.time_writer``),
the stored fingerprints a new article's candidates asked for and how many of them were not in
the in-memory cache (read back from SQLite), and the bytes read and written through the
operating system an article (``/proc/self/io``: SQLite's pages, the WAL, its checkpoints)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsprism.store import Store  # noqa: E402
from newsprism.store import neardup as nd  # noqa: E402
from stages import StageTimer, deltas, time_writer  # noqa: E402

SEED = 13  # benchmarks/stories.py's
PER_DAY = 400
BATCH = 500


def prepared(size: int, cache: Path) -> list[Any]:
    """The first ``size`` articles prepared as the ingest workers prepare them (kept)."""
    from newsprism.eval.synthetic import generate
    from newsprism.ingest.stream import iter_inputs
    from newsprism.model import Article
    from newsprism.store.db import identity_key
    from newsprism.store.ingest import prepare

    path = cache / f"prepared-{size}.pickle"  # written by this script, read by it only
    if path.exists():
        return list(pickle.loads(path.read_bytes()))
    cache.mkdir(parents=True, exist_ok=True)
    feed = cache / f"feed-{size}.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for i, x in enumerate(generate(size, seed=SEED, distinct=True)):
            day = (dt.date(2026, 1, 1) + dt.timedelta(days=i // PER_DAY)).isoformat()
            rec = {"id": x.name, "text": x.text, "outlet": x.outlet, "published": day}
            f.write(json.dumps(rec) + "\n")
    read = [a for a in iter_inputs([str(feed)]) if isinstance(a, Article)]
    todo = prepare([(identity_key(a), a) for a in read], nd.LshParams())
    path.write_bytes(pickle.dumps(todo))
    return todo


def _io() -> dict[str, float]:
    with open("/proc/self/io", encoding="ascii") as f:
        got = dict(line.split(":") for line in f if line.strip())
    return {"read KB": int(got["rchar"]) / 1000, "written KB": int(got["wchar"]) / 1000}


def run(todo: list[Any], folder: Path) -> None:
    counts = {"asked": 0.0, "missed": 0.0}
    load = nd.NearDuplicateIndex._load  # what ``relate`` calls (``load`` wraps it)

    def counted(self: nd.NearDuplicateIndex, ids: Any) -> Any:
        counts["asked"] += len(ids)
        counts["missed"] += sum(1 for i in ids if i not in self._sides)
        return load(self, ids)

    nd.NearDuplicateIndex._load = counted  # type: ignore[method-assign]
    timer = StageTimer()
    time_writer(timer)  # wraps the counting ``load`` too: it is in the stage's time

    def mark(n: int) -> dict[str, float]:
        return {"n": n, "cpu": time.process_time(), **_io(), **counts, **timer.snapshot()}

    tenth = max(BATCH, len(todo) // 10 // BATCH * BATCH)
    with Store.open(folder / "writer.db") as store:
        marks = [mark(0)]
        for i in range(0, len(todo), BATCH):
            with store.batch():
                for key, article, fp, _ in todo[i : i + BATCH]:
                    store.add(article, key=key, fingerprint=fp)
            n = min(i + BATCH, len(todo))
            if n % tenth == 0 or n == len(todo):
                marks.append(mark(n))
        relations = store.conn.execute("SELECT count(*) FROM relations").fetchone()[0]
    blocks = deltas(marks)[1:]
    fixed = ("n", "cpu", "read KB", "written KB", "asked", "missed")
    names = sorted({k for b in blocks for k in b if k not in fixed})
    print(
        f"## The writer alone, {len(todo):,} articles ({relations:,} relations; load average "
        f"{os.getloadavg()[0]:.1f}); each column {tenth:,} articles, a figure an article"
    )
    print("| | " + " | ".join(f"{int(m['n']):,}" for m in marks[1:]) + " |")
    print("|---|" + "---|" * len(blocks))
    for name in [*names, "other", "cpu", "asked", "missed", "read KB", "written KB"]:
        cells = []
        for b in blocks:
            if name == "other":
                v = b["cpu"] - sum(b.get(k, 0.0) for k in names)
            else:
                v = b.get(name, 0.0)
            scale = 1000 if name not in fixed or name == "cpu" else 1
            cells.append(f"{v / b['n'] * scale:.{1 if scale == 1 else 3}f}")
        label = f"{name} (ms CPU)" if name not in fixed[2:] else name
        print(f"| {label} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "newsprism-writer"))
    args = ap.parse_args()
    todo = prepared(args.size, Path(args.cache))
    with tempfile.TemporaryDirectory() as tmp:
        run(todo, Path(tmp))


if __name__ == "__main__":
    main()
