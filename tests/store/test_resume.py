"""``kill -9`` in the middle of an ingest, then the same command again: the store holds exactly
what one clean run leaves (nothing lost, nothing doubled)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.generated import feed_lines

from newsprism.eval.synthetic import generate

N = 1200


def run(db: Path, src: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsprism.cli",
            "ingest",
            str(src),
            "--db",
            str(db),
            "--batch",
            "20",
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def snapshot(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        return {
            "articles": conn.execute(
                "SELECT id, name, key, content_hash, url, outlet, title, published, text, "
                "boilerplate, evidence, source FROM articles ORDER BY id"
            ).fetchall(),
            "relations": conn.execute("SELECT * FROM relations ORDER BY a, b").fetchall(),
            "drops": conn.execute("SELECT source, code, reason FROM drops ORDER BY id").fetchall(),
            "bands": conn.execute("SELECT count(*), sum(article) FROM lsh_bands").fetchone(),
            "fts": conn.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'council'"
            ).fetchone(),
        }
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_9_then_rerun_equals_one_clean_run(tmp_path: Path) -> None:
    src = tmp_path / "export.jsonl"
    lines = feed_lines(generate(N, seed=11))
    lines.insert(500, "{broken json")
    lines.insert(900, json.dumps({"text": ""}))
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")

    clean = tmp_path / "clean.db"
    assert run(clean, src).wait(timeout=600) == 0

    killed = tmp_path / "killed.db"
    proc = run(killed, src)
    deadline = time.monotonic() + 300
    while count(killed) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stopped_at = count(killed)
    assert 0 < stopped_at < N

    assert run(killed, src).wait(timeout=600) == 0
    assert snapshot(killed) == snapshot(clean)
    # a third run reads nothing: the file is marked as done
    again = run(killed, src)
    assert again.wait(timeout=600) == 0
    assert snapshot(killed) == snapshot(clean)
