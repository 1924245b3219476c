"""CPU of ``StoryGrouper.add`` in this tree against another tree's, in one process, side by side.

The store benchmark (``stories.py --store``) reads the grouping process's CPU from /proc while
the writer and the workers share the cores, and on a shared machine that figure moves by a tenth
from run to run.  Here both groupers place the same articles in the same process, in turns of 50
(the order of the two alternating), so the load falls on both alike; every assignment of the two
is checked equal::

    git archive main | tar -x -C /tmp/main-tree
    .venv/bin/python benchmarks/grouper_ab.py --base /tmp/main-tree/src --size 10000

The articles are the store benchmark's (``generate(size, seed=13, distinct=True)``, 400 a day),
their features computed once (``story_features``), grouped without copies.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from stories import PER_DAY, SEED, _day


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no module at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the other tree's src folder")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--turn", type=int, default=50, help="articles a turn")
    args = parser.parse_args()

    from newsprism.eval.synthetic import generate
    from newsprism.model import Article
    from newsprism.stories import grouping
    from newsprism.stories.features import story_features

    other = _module(Path(args.base) / "newsprism" / "stories" / "grouping.py", "base_grouping")
    feats = [
        story_features(Article(g.name, "", g.text, outlet=g.outlet, published=_day(i)))
        for i, g in enumerate(generate(args.size, seed=SEED, distinct=True))
    ]
    groupers = {"base": other.StoryGrouper(), "this": grouping.StoryGrouper()}
    cpu = dict.fromkeys(groupers, 0.0)
    gc.collect()
    for turn, start in enumerate(range(0, len(feats), args.turn)):
        chunk = feats[start : start + args.turn]
        placed = {}
        for who in ("base", "this") if turn % 2 else ("this", "base"):
            g, t0 = groupers[who], time.process_time()
            placed[who] = [repr(g.add(f)) for f in chunk]
            cpu[who] += time.process_time() - t0
        if placed["base"] != placed["this"]:
            raise SystemExit(f"the groupers differ from article {start}")
    n = len(feats)
    print(
        f"{n:,} articles ({PER_DAY} a day), turns of {args.turn}, every assignment equal; "
        f"StoryGrouper.add, ms of CPU an article: base {cpu['base'] / n * 1000:.3f}, "
        f"this {cpu['this'] / n * 1000:.3f} ({(cpu['base'] - cpu['this']) / n * 1000:.3f} less)"
    )


if __name__ == "__main__":
    main()
