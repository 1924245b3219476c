"""Wall time and peak memory of `newsprism brief`.

Measures, on this machine:
- ../shared/seeds: a cold process (`newsprism brief` as a user runs it) and warm in-process runs
  (models already loaded, as in a server or a batch job);
- 50 and 200 generated fictional articles (newsprism.eval.synthetic), cold process;
- pathological inputs (issue 9), each beside the 5 seed articles, generated here: one 1 MB
  plain-text article, a 20 MB article with --max-bytes raised, 49 KB with 5,000 unclosed quote
  marks, one 200 KB line with no punctuation;
- real news: the documents of the first Multi-News dev clusters (../shared/data, read here) in one
  folder, 220 articles;
- the cost curve: generated folders of 10, 100, 300 and 1,000 articles, time per article.
Every run but the warm ones is a child process; peak memory is its maximum resident set size.
Inputs from ../shared are skipped when it is absent.

Usage: nice -n 10 .venv/bin/python benchmarks/brief_latency.py [--repeat N] [--only GROUP ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
MULTINEWS = SHARED / "data" / "multinews" / "validation.jsonl"
NEWSPRISM = Path(sys.executable).with_name("newsprism")
GROUPS = ("seeds", "generated", "pathological", "real", "curve", "huge")
# the targets: (seconds, MB); None where the issue sets none
TARGETS = {
    "1mb": (60.0, 1536.0),
    "quotes": (20.0, None),
    "nopunct": (20.0, None),
    "real220": (60.0, 1536.0),
}


class Run:
    """One finished (or stopped) `newsprism brief` child process."""

    def __init__(
        self, seconds: float, cpu: float, rss_mb: float, code: int, notices: list[str]
    ) -> None:
        self.seconds = seconds
        self.cpu = cpu  # user + system CPU seconds: what the run costs, whatever the load
        self.rss_mb = rss_mb
        self.code = code
        self.notices = notices


def cold_run(
    sources: Sequence[str], out: Path, extra: Sequence[str] = (), timeout: float | None = None
) -> Run:
    """Time and peak RSS of one `newsprism brief` process; stopped after ``timeout`` seconds."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [str(NEWSPRISM), "brief", *sources, "-o", str(out), "-q", *extra],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    if code < 0:
        return Run(elapsed, cpu, usage.ru_maxrss / 1024, code, [f"killed after {elapsed:.0f} s"])
    if code != 0:
        raise SystemExit(f"newsprism brief failed on {sources}: {stderr}")
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    codes = sorted({n["code"] for n in data["notices"]} | {d["code"] for d in data["dropped"]})
    return Run(elapsed, cpu, usage.ru_maxrss / 1024, code, codes)


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


# --- pathological inputs, generated ----------------------------------------------------------

_WORDS = [
    *("ferry", "council", "harbour", "island", "vote", "winter", "route", "budget", "residents"),
    *("petition", "timetable", "crossing", "night", "service", "plan", "chair", "union", "dock"),
    *("pier", "crew", "tide", "weather", "mainland", "fare"),
]


def long_article(n_bytes: int) -> str:
    """Paragraphs of generated fictional news, drawn at random until ``n_bytes`` of UTF-8."""
    from newsprism.eval.synthetic import generate

    paragraphs = [p for art in generate(400) for p in art.text.splitlines() if p.strip()]
    rng = random.Random(9)
    out: list[str] = []
    size = 0
    while size < n_bytes:
        p = rng.choice(paragraphs)
        out.append(p)
        size += len(p.encode("utf-8")) + 1
    return "\n".join(out)[:n_bytes]


def unclosed_quotes(n_marks: int, n_bytes: int) -> str:
    """``n_marks`` opening quote marks that never close, in ``n_bytes`` of UTF-8 prose."""
    rng = random.Random(5)
    short = [w for w in _WORDS if len(w) <= 5]
    pieces = [
        "“" + rng.choice(short) + (" said Ortiz." if i % 20 == 19 else "") for i in range(n_marks)
    ]
    lines = [" ".join(pieces[i : i + 25]) for i in range(0, len(pieces), 25)]
    text = "\n".join(lines)
    size = len(text.encode("utf-8"))
    words: list[str] = []
    while size < n_bytes - 12:
        words.append(rng.choice(_WORDS))
        size += len(words[-1]) + 1
    return text + " " + " ".join(words) + "\n"


def no_punctuation_line(n_bytes: int) -> str:
    """One line of lower-case words and spaces, no punctuation, no line break."""
    rng = random.Random(3)
    words: list[str] = []
    size = 0
    while size < n_bytes:
        w = rng.choice(_WORDS)
        words.append(w)
        size += len(w) + 1
    return " ".join(words)[:n_bytes]


def write_article(root: Path, name: str, text: str) -> str:
    path = root / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def real_folder(root: Path, n_articles: int) -> tuple[list[str], int]:
    """The documents of the first Multi-News dev clusters, ``n_articles`` of them, one folder;
    returns the sources and the number of clusters they come from."""
    folder = root / f"real{n_articles}"
    folder.mkdir()
    written = clusters = 0
    with MULTINEWS.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            docs = [d for d in row["documents"] if d.strip()]
            if not docs:
                continue
            clusters += 1
            for k, doc in enumerate(docs):
                (folder / f"{row['id']}_{k}.txt").write_text(doc, encoding="utf-8")
                written += 1
                if written == n_articles:
                    return [str(folder)], clusters
    return [str(folder)], clusters


# --- report ------------------------------------------------------------------------------------


def verdict(key: str, run: Run) -> str:
    target = TARGETS.get(key)
    if target is None:
        return "-"
    secs, mb = target
    ok = run.code == 0 and run.cpu <= secs and (mb is None or run.rss_mb <= mb)  # CPU: see docs
    want = f"<= {secs:.0f} s" + (f", <= {mb / 1024:.1f} GB" if mb else "")
    return f"{want}: {'met' if ok else 'NOT met'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--timeout", type=float, default=1800.0, help="stop a run after (s)")
    args = parser.parse_args()
    rows: list[tuple[str, ...]] = []
    curve: list[tuple[int, Run]] = []
    print(f"load at the start: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    seeds = [str(SEEDS)] if SEEDS.is_dir() else []
    if not seeds:
        print("../shared/seeds absent: seeds rows skipped, inputs run alone", file=sys.stderr)

    def row(label: str, run: Run, key: str = "") -> None:
        notes = ", ".join(run.notices) or "-"
        t, cpu = f"{run.seconds:.2f} s", f"{run.cpu:.2f} s"
        rows.append((label, t, cpu, f"{run.rss_mb:.0f} MB", notes, verdict(key, run)))
        print(rows[-1], file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / "o"
        if "seeds" in args.only and seeds:
            colds = [cold_run(seeds, out) for _ in range(args.repeat)]
            best = min(
                colds, key=lambda r: abs(r.seconds - statistics.median(c.seconds for c in colds))
            )
            best.rss_mb = max(c.rss_mb for c in colds)
            row("seeds (5 articles), cold process", best)
            warm = warm_runs(seeds, args.repeat * 2)
            rows.append(
                (
                    "seeds (5 articles), warm in-process",
                    f"{statistics.median(warm):.2f} s",
                    "-",
                    "-",
                    "-",
                    "-",
                )
            )
        if "generated" in args.only:
            for n in (50, 200):
                sources = generated_corpus(n, root)
                row(f"{n} generated articles, cold process", cold_run(sources, out))
                warm = warm_runs(sources, 1)
                rows.append(
                    (f"{n} generated articles, warm in-process", f"{warm[0]:.2f} s", *"----")
                )
        if "pathological" in args.only:
            cases = [
                ("1mb", "one 1 MB plain-text article + seeds", long_article(1_000_000), ()),
                (
                    "quotes",
                    "49 KB, 5,000 unclosed quote marks, + seeds",
                    unclosed_quotes(5000, 49_000),
                    (),
                ),
                (
                    "nopunct",
                    "one 200 KB line, no punctuation, + seeds",
                    no_punctuation_line(200_000),
                    (),
                ),
            ]
            for key, label, text, extra in cases:
                path = write_article(root, key, text)
                del text
                row(label, cold_run([*seeds, path], out, extra, args.timeout), key)
        if "real" in args.only:
            if MULTINEWS.is_file():
                sources, clusters = real_folder(root, 220)
                run = cold_run(sources, out, timeout=args.timeout)
                row(
                    f"220 real articles ({clusters} Multi-News dev clusters), one folder",
                    run,
                    "real220",
                )
            else:
                print("../shared/data absent: real-news row skipped", file=sys.stderr)
        if "curve" in args.only:
            for n in (10, 100, 300, 1000):
                run = cold_run(generated_corpus(n, root), out, timeout=args.timeout)
                curve.append((n, run))
                row(f"{n} generated articles, cold process", run)
    if "huge" in args.only:  # last: it may run until --timeout
        with tempfile.TemporaryDirectory() as tmp:
            path = write_article(Path(tmp), "20mb", long_article(20_000_000))
            run = cold_run(
                [*seeds, path], Path(tmp) / "o", ("--max-bytes", "25000000"), args.timeout
            )
            row("one 20 MB article, --max-bytes 25000000, + seeds", run)
    print(
        "| run | wall time | CPU time | peak RSS | notices and drops | issue 9 target (on CPU time) |\n"
        "|---|---|---|---|---|---|"
    )
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if curve:
        print(
            "\n| articles | wall time | CPU time | CPU per article | CPU added per added article "
            "| peak RSS |"
        )
        print("|---|---|---|---|---|---|")
        prev: tuple[int, Run] | None = None
        for n, run in curve:
            added = "-" if prev is None else f"{(run.cpu - prev[1].cpu) / (n - prev[0]):.3f} s"
            print(
                f"| {n} | {run.seconds:.1f} s | {run.cpu:.1f} s | {run.cpu / n:.3f} s | {added} |"
                f" {run.rss_mb:.0f} MB |"
            )
            prev = (n, run)
    load = os.getloadavg()
    print(
        f"\n(cores: {os.cpu_count()}, python {sys.version.split()[0]}, load {load[0]:.2f} {load[1]:.2f} at the end)"
    )


if __name__ == "__main__":
    main()
