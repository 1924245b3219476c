"""Load test of ``newsprism serve`` on loopback: p50/p95 latency with 1 and 20 clients.

    nice -n 10 .venv/bin/python benchmarks/web_load.py                  # 10k articles
    nice -n 10 .venv/bin/python benchmarks/web_load.py --requests 100 --duration 20

A store of generated articles (``newsprism.eval.synthetic``, fictional) is built once in a
temporary folder (kept for reruns with ``--db``); when the store has story tables its stories are
grouped and the first ``--briefed`` stories are briefed and cached.  The app runs in its own
process (``newsprism serve --read-only`` on 127.0.0.1, a free port); each client is a thread with
its own ``httpx.Client`` (keep-alive).  Every run is bounded: ``--requests`` per client and at
most ``--duration`` seconds per scenario, whichever comes first.  Latency is wall time from
request to the last byte; the machine is shared, so the load average is printed beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
WORDS = ["council", "ferry", "vote", "petition", "budget", "closure", "library", "harbour"]
START = dt.date(1980, 1, 7)
SEARCHES = [*WORDS, '"council leader"', "ferry closure", "petition signatures", "budget vote"]


def build_store(path: Path, n: int, briefed: int) -> dict[str, Any]:
    from newsprism.eval.synthetic import generate
    from newsprism.ingest.boilerplate import mark_boilerplate
    from newsprism.model import Article
    from newsprism.store import Store

    info: dict[str, Any] = {}
    t = time.perf_counter()
    with Store.open(path) as store, store.batch():
        for g in generate(n):
            title = g.text.split("\n", 1)[0]
            # one generated story every 8 days (the grouper's window is 7): its 5 reports stay
            # one story, rather than every look-alike template of the month becoming one
            day = START + dt.timedelta(days=8 * int(g.name[5:].split("_")[0]))
            a = Article(
                g.name,
                f"synthetic/{g.name}",
                g.text,
                outlet=g.outlet,
                title=title,
                published=day.isoformat(),
            )
            store.add(mark_boilerplate(a))
    info["ingest_s"] = time.perf_counter() - t
    t = time.perf_counter()
    info["stories"] = write_stories(path)
    info["group_s"] = time.perf_counter() - t
    if briefed and info.get("stories"):
        from newsprism.web.story import compute_briefing

        with Store.open(path, readonly=True) as store:
            ids = [r.id for r in store.stories(limit=briefed)]
        t = time.perf_counter()
        for sid in ids:
            compute_briefing(str(path), sid)
        info["brief_s"] = time.perf_counter() - t
        info["briefed"] = len(ids)
    return info


def stories_at_scale(n: int) -> None:
    """The stories page over ``n`` story rows (written straight into the story tables, with no
    articles): page 1, a deep page, a date filter, and the count, in-process (TestClient)."""
    from fastapi.testclient import TestClient

    from newsprism.store import Store
    from newsprism.web import create_app

    with tempfile.TemporaryDirectory(prefix="newsprism-scale-") as tmp:
        path = Path(tmp) / "scale.db"
        with Store.open(path) as store, store.batch():
            store.conn.executemany(
                "INSERT INTO stories (id, label, first_seen, last_seen, n_articles, n_outlets, "
                "independent_sources, membership, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        i,
                        f"Story {i}",
                        (START + dt.timedelta(days=i // 50)).isoformat(),
                        (START + dt.timedelta(days=i // 50 + i % 4)).isoformat(),
                        1 + i % 9,
                        1 + i % 5,
                        1 + i % 4,
                        f"{i:016x}",
                        "2026-01-01T00:00:00Z",
                    )
                    for i in range(1, n + 1)
                ),
            )
        with TestClient(create_app(str(path)), base_url="http://127.0.0.1") as c:
            since = (START + dt.timedelta(days=n // 100)).isoformat()
            for url in ("/", "/?page=500", f"/?since={since}", "/api/stories?offset=9980"):
                c.get(url)
                times = []
                for _ in range(20):
                    t = time.perf_counter()
                    assert c.get(url).status_code == 200
                    times.append(time.perf_counter() - t)
                times.sort()
                print(
                    f"{n} stories: {url:32} p50 {1000 * times[10]:6.1f} ms  p95 {1000 * times[18]:6.1f} ms"
                )


def write_stories(path: Path) -> int:
    """One story per generated story (its reports, named ``storyNNN_K``), written into the story
    tables.  The web app is measured here, not grouping: the generator's stories reuse a few
    templates, so near-duplicate copies chain most of them into a handful of giant stories
    (docs/evaluation.md#news-store), which no news store holds."""
    from collections import defaultdict

    from newsprism.store import Store, membership_hash

    with Store.open(path) as store, store.batch():
        groups: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
        for row in store.conn.execute("SELECT id, name, title, outlet, published FROM articles"):
            groups[row[1].split("_")[0]].append((row[0], row[2], row[3], row[4]))
        store.conn.execute("DELETE FROM story_members")
        store.conn.execute("DELETE FROM stories")
        for sid, (_, members) in enumerate(sorted(groups.items()), 1):
            ids = [m[0] for m in members]
            days = sorted(m[3] for m in members)
            store.conn.execute(
                "INSERT INTO stories (id, label, first_seen, last_seen, n_articles, n_outlets, "
                "independent_sources, membership, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, members[0][1], days[0], days[-1], len(ids), len({m[2] for m in members}),
                 len(ids), membership_hash(ids), "2026-01-01T00:00:00Z"),
            )  # fmt: skip
            store.conn.executemany(
                "INSERT INTO story_members (article_id, story_id, score, reason, via) "
                "VALUES (?, ?, 1.0, 'similar', NULL)",
                [(i, sid) for i in ids],
            )
        return len(groups)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "newsprism.cli", "serve", "--db", str(db),
        "--port", str(port), "--read-only",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
    proc.kill()
    raise SystemExit("server did not start in 60 s")


def run(
    base: str,
    make_url: Callable[[random.Random], str],
    clients: int,
    requests: int,
    duration: float,
) -> dict[str, float]:
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker(k: int) -> None:
        rng = random.Random(k)
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=30) as c:
            for _ in range(requests):
                if time.monotonic() > stop:
                    break
                url = make_url(rng)
                t = time.perf_counter()
                r = c.get(url)
                _ = r.content
                mine.append(time.perf_counter() - t)
                bad += r.status_code != 200
        with lock:
            lat.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    lat.sort()

    def pct(p: float) -> float:
        return 1000 * lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")

    return {
        "n": len(lat),
        "errors": errors[0],
        "p50": pct(0.50),
        "p95": pct(0.95),
        "rps": len(lat) / wall if wall else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--db", type=Path, help="reuse (or build here) the store")
    ap.add_argument("--briefed", type=int, default=20, help="stories to brief and cache")
    ap.add_argument("--requests", type=int, default=100, help="requests per client per scenario")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds per scenario at most")
    ap.add_argument("--clients", default="1,20")
    ap.add_argument("--only", default="", help="run the scenarios whose name holds this word")
    ap.add_argument(
        "--scale", type=int, default=0, help="also time the stories page over N stories"
    )
    args = ap.parse_args(argv)
    if args.scale:
        stories_at_scale(args.scale)

    tmp = tempfile.TemporaryDirectory(prefix="newsprism-web-")
    db = args.db or Path(tmp.name) / "news.db"
    if not db.exists():
        print(f"building a store of {args.articles} generated articles at {db} ...", flush=True)
        info = build_store(db, args.articles, args.briefed)
        print(
            "  "
            + ", ".join(
                f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in info.items()
            )
        )

    from newsprism.store import Store

    with Store.open(db, readonly=True) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM articles ORDER BY id")]
        stories: list[int] = []
        briefed: list[int] = []
        if hasattr(store, "stories"):
            stories = [r.id for r in store.stories(limit=100)]
            briefed = [
                int(r[0]) for r in store.conn.execute("SELECT story_id FROM briefings LIMIT 100")
            ]
    scenarios: list[tuple[str, Callable[[random.Random], str]]] = []
    if briefed:
        scenarios.append(("story page (cached briefing)", lambda r: f"/story/{r.choice(briefed)}"))
    if stories:
        scenarios.append(("stories page", lambda r: f"/?page={r.randint(1, 50)}"))
        scenarios.append(("stories search", lambda r: f"/?q={r.choice(WORDS)}"))
    scenarios += [
        ("article search", lambda r: f"/search?q={r.choice(SEARCHES)}"),
        ("article page", lambda r: f"/article/{r.choice(names)}"),
        ("API search", lambda r: f"/api/search?q={r.choice(SEARCHES)}"),
    ]

    scenarios = [(name, make) for name, make in scenarios if args.only in name]
    port = free_port()
    proc = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"store: {len(names)} articles, {len(stories) and 'stories'} {len(briefed)} briefed")
        print(f"{os.getloadavg()[0]:.2f} load average on {os.cpu_count()} cores before the run")
        print(
            f"{'scenario':30} {'clients':>7} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} err"
        )
        for name, make in scenarios:
            run(base, make, 1, 5, 10)  # warm-up
            for k in (int(x) for x in args.clients.split(",")):
                m = run(base, make, k, args.requests, args.duration)
                print(
                    f"{name:30} {k:>7} {m['n']:>6} {m['p50']:>8.1f} {m['p95']:>8.1f} "
                    f"{m['rps']:>7.1f} {m['errors']}",
                    flush=True,
                )
        print(f"{os.getloadavg()[0]:.2f} load average after")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
