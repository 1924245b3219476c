"""What `newsprism brief --db DB --story ID` saves when the story's cached briefing is current.

Builds a store of the example stories (examples/stories and examples/story), groups them, and
for each story times the command as a user runs it (a child process, wall time), best of N:
briefed (`--force`: the story is analysed again) and cached (the briefing read back from the
store and rendered, `render.from_json`).  Both runs write the three files; their contents are
checked to be the same.

Usage: .venv/bin/python benchmarks/brief_story_cache.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
NEWSPRISM = Path(sys.executable).with_name("newsprism")


def _run(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(NEWSPRISM), *args], check=True, capture_output=True)
    return time.perf_counter() - started


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def main(argv: list[str] | None = None) -> int:
    from newsprism.store import Store, ingest
    from newsprism.stories.store import update_stories

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, the best kept")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "news.db"
        with Store.open(db) as store:
            ingest(store, [str(REPO / "examples" / "stories"), str(REPO / "examples" / "story")])
            update_stories(store)
            stories = [(r.id, r.n_articles, r.label) for r in store.stories(limit=100)]
        print("| story | articles | briefed (--force), s | cached, s | saved |")
        print("|---|---|---|---|---|")
        for sid, n, label in sorted(stories):
            base = ["brief", "--db", str(db), "--story", str(sid), "-q", "-o"]
            briefed = min(
                _run([*base, str(Path(tmp) / "f"), "--force"]) for _ in range(args.repeat)
            )
            cached = min(_run([*base, str(Path(tmp) / "c")]) for _ in range(args.repeat))
            assert _files(Path(tmp) / "f") == _files(Path(tmp) / "c"), f"story {sid} differs"
            print(
                f"| {sid} {label[:40]} | {n} | {briefed:.2f} | {cached:.2f} | "
                f"{briefed - cached:.2f} s ({briefed / cached:.1f}x) |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
