"""CPU of ``update_stories`` in this tree against another tree's, round by round, as the follower.

The store benchmark (``stories.py --store``) reads the grouping process's CPU while the writer
and the workers share the cores; on this machine that figure moves by a third within minutes.
Here two processes, one running this tree's code and one another tree's (``--base``), each group
their own copy of a store whose articles were ingested with their story features and not yet
grouped, a round of ``--round`` articles at a time (``update_stories(store, limit=...)``, as the
follower's updates go), one process at a time and the order alternating, so that both meet the
same minutes of the machine.  After each round a process settles its collector as the follower
does, when its tree's ``follow_stories`` takes ``settle``; both raise the young generation
(``follow.FOLLOWER_GC``).  The rounds' article counts and, at the end, the stories' count are
checked equal::

    git archive main | tar -x -C /tmp/main-tree
    .venv/bin/newsprism ingest s10k.jsonl --db /tmp/feat10k.db --workers 2 --batch 500 \\
        --story-features -q
    .venv/bin/python benchmarks/update_ab.py /tmp/feat10k.db --base /tmp/main-tree/src

(``s10k.jsonl``: the store benchmark's corpus, ``generate(10000, seed=13, distinct=True)``, 400
a day, as ``stories.py --store`` writes it.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def side(source: str, work: str, size: int) -> None:
    """One process: copy the store, then one round each time a line is read (``stop`` ends)."""
    import gc
    import inspect
    import time

    for ext in ("", "-wal", "-shm"):
        if os.path.exists(source + ext):
            shutil.copy(source + ext, work + ext)
    from newsprism.store import Store
    from newsprism.stories import follow
    from newsprism.stories.store import update_stories

    gc.set_threshold(*follow.FOLLOWER_GC)
    settle = None
    if "settle" in inspect.signature(follow.follow_stories).parameters:
        from newsprism.store.ingest import settled_batches

        settle = settled_batches().__enter__()
    store = Store.open(work)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "stop":
            break
        before = time.process_time()
        report = update_stories(store, limit=size)
        if settle is not None and report.articles:
            settle()
        print(report.articles, time.process_time() - before, flush=True)
    print(store.stories_count(), flush=True)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="a store ingested with --story-features, not yet grouped")
    parser.add_argument("--base", required=True, help="the other tree's src folder")
    parser.add_argument("--round", type=int, default=500, help="articles a round")
    parser.add_argument("--side", nargs=2, help=argparse.SUPPRESS)  # (work copy, src): internal
    args = parser.parse_args()
    if args.side:
        side(args.store, args.side[0], args.round)
        return
    sources = {"base": args.base, "this": str(REPO / "src")}
    cpu = dict.fromkeys(sources, 0.0)
    grouped = dict.fromkeys(sources, 0)
    with tempfile.TemporaryDirectory() as tmp:
        procs = {}
        for name, src in sources.items():
            env = dict(os.environ, PYTHONPATH=src)
            cmd = [sys.executable, __file__, args.store, "--base", args.base]
            cmd += ["--round", str(args.round), "--side", f"{tmp}/{name}.db", src]
            procs[name] = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
            )
            assert procs[name].stdout is not None
            procs[name].stdout.readline()
        rounds = 0
        while True:
            got = {}
            for name in ("base", "this") if rounds % 2 == 0 else ("this", "base"):
                p = procs[name]
                assert p.stdin is not None and p.stdout is not None
                p.stdin.write("go\n")
                p.stdin.flush()
                articles, seconds = p.stdout.readline().split()
                got[name] = int(articles)
                cpu[name] += float(seconds)
                grouped[name] += int(articles)
            if got["base"] != got["this"]:
                raise SystemExit(f"the trees grouped {got} articles in round {rounds + 1}")
            if not got["base"]:
                break
            rounds += 1
        stories = {}
        for name, p in procs.items():
            assert p.stdin is not None and p.stdout is not None
            p.stdin.write("stop\n")
            p.stdin.flush()
            stories[name] = int(p.stdout.readline())
            p.wait()
    if stories["base"] != stories["this"]:
        raise SystemExit(f"the trees made {stories} stories")
    n = grouped["this"]
    base, this = (cpu[k] / max(n, 1) * 1000 for k in ("base", "this"))
    print(
        f"{n:,} articles in {rounds} rounds of {args.round}, {stories['this']:,} stories in both; "
        f"update_stories, ms of CPU an article: base {base:.3f}, this {this:.3f} "
        f"({base - this:.3f} less)"
    )


if __name__ == "__main__":
    main()
