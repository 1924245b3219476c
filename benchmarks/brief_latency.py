"""Wall time and peak memory of `newsprism brief`.

Measures, on this machine:
- ../shared/seeds: a cold process (`newsprism brief` as a user runs it) and warm in-process runs
  (models already loaded, as in a server or a batch job);
- 50 and 200 generated fictional articles (newsprism.eval.synthetic), cold process.
Peak memory is the child process's maximum resident set size.

Usage: .venv/bin/python benchmarks/brief_latency.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
NEWSPRISM = Path(sys.executable).with_name("newsprism")


def cold_run(sources: list[str], out: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `newsprism brief` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(NEWSPRISM), "brief", *sources, "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"newsprism brief failed on {sources}: {proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def warm_runs(sources: list[str], repeat: int) -> list[float]:
    from newsprism.api import brief
    from newsprism.render import write_briefing

    with tempfile.TemporaryDirectory() as tmp:
        write_briefing(brief(sources), Path(tmp))  # load models, fill caches
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            write_briefing(brief(sources), Path(tmp))
            times.append(time.perf_counter() - start)
    return times


def generated_corpus(n: int, root: Path) -> list[str]:
    from newsprism.eval.synthetic import generate

    folder = root / f"gen{n}"
    folder.mkdir()
    for art in generate(n):
        (folder / f"{art.name}.txt").write_text(art.text, encoding="utf-8")
    return [str(folder)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if SEEDS.is_dir():
            colds = [cold_run([str(SEEDS)], root / "o") for _ in range(args.repeat)]
            rows.append(
                (
                    "seeds (5 articles), cold process",
                    f"{statistics.median(t for t, _ in colds):.2f} s",
                    f"{max(m for _, m in colds):.0f} MB",
                )
            )
            warm = warm_runs([str(SEEDS)], args.repeat * 2)
            rows.append(
                ("seeds (5 articles), warm in-process", f"{statistics.median(warm):.2f} s", "-")
            )
        else:
            print("../shared/seeds absent: seeds rows skipped", file=sys.stderr)
        for n in (50, 200):
            sources = generated_corpus(n, root)
            t, mem = cold_run(sources, root / f"o{n}")
            rows.append((f"{n} generated articles, cold process", f"{t:.2f} s", f"{mem:.0f} MB"))
            warm = warm_runs(sources, 1)
            rows.append((f"{n} generated articles, warm in-process", f"{warm[0]:.2f} s", "-"))
    print("| run | wall time | peak RSS |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\n(cores: {os.cpu_count()}, python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
