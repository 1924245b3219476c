"""``newsprism ingest``, ``search`` and ``db`` through the command line, as docs/cli.md shows."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.cli import main


def test_ingest_examples_then_search(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "x.db")
    assert main(["ingest", str(examples_dir.parent), "--db", db, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "new articles" in out and "x.db holds" in out
    assert main(["search", "ferry closure", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. Port Alder council votes to fight ferry closure")
    assert main(["search", "ferry closure", "--db", db, "--json", "--limit", "2"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["hits"]) == 2
    hit = doc["hits"][0]
    text = (examples_dir / "05_coastline_news.txt").read_text(encoding="utf-8")
    assert all(text[m["start"] : m["end"]] == m["text"] for m in hit["matches"])
    # a rerun stores nothing new and reads no finished file again
    assert main(["ingest", str(examples_dir.parent), "--db", db, "--quiet"]) == 0
    assert "0 new articles" in capsys.readouterr().out
    assert main(["db", "stats", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "articles     16" in out and "version 1" in out
    assert main(["db", "stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 16
    assert main(["db", "drops", "--db", db, "--code", "NP207"]) == 0
    assert "README.md" in capsys.readouterr().out
    assert main(["db", "migrate", "--db", db]) == 0
    assert "up to date" in capsys.readouterr().out


def test_db_defaults_to_env_then_cwd(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSPRISM_DB", raising=False)
    assert main(["ingest", str(examples_dir / "01_harbour_herald_v1.txt"), "-q"]) == 0
    assert (tmp_path / "newsprism.db").is_file()
    monkeypatch.setenv("NEWSPRISM_DB", str(tmp_path / "env.db"))
    assert main(["ingest", str(examples_dir / "01_harbour_herald_v1.txt"), "-q"]) == 0
    assert (tmp_path / "env.db").is_file()


def test_errors_name_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--db", str(tmp_path / "a.db")]) == 1
    assert "NP123" in capsys.readouterr().err
    assert main(["search", "x", "--db", str(tmp_path / "missing.db")]) == 1
    err = capsys.readouterr().err
    assert "NP120" in err and "--db" in err
    assert main(["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "b.db"), "-q"]) == 1
    assert "NP103" in capsys.readouterr().err


def test_help_of_store_commands_stays_light() -> None:
    code = (
        "import sys; from newsprism.cli import build_parser; build_parser(); "
        "print(any(m in sys.modules for m in ('sqlite3', 'numpy', 'httpx', 'warcio', 'feedparser')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_story_features_at_ingest_give_the_same_stories(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stories = str(examples_dir.parent / "stories")  # four invented stories, sixteen articles
    grouped: dict[str, list[list[str]]] = {}
    for name, extra in (("plain.db", []), ("features.db", ["--story-features"])):
        db = str(tmp_path / name)
        assert main(["ingest", stories, "--db", db, "--quiet", *extra]) == 0
        capsys.readouterr()
        with sqlite3.connect(db) as conn:
            stored = conn.execute("select count(*) from story_features").fetchone()[0]
            articles = conn.execute("select count(*) from articles").fetchone()[0]
        # with the option every new article's features are stored at ingest; without it none
        assert stored == (articles if extra else 0) and articles > 1
        assert main(["stories", "--db", db, "--json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        grouped[name] = sorted(sorted(a["id"] for a in s["articles"]) for s in doc["stories"])
        with sqlite3.connect(db) as conn:
            # the update read them and deleted them once the articles were grouped
            assert conn.execute("select count(*) from story_features").fetchone()[0] == 0
    assert grouped["plain.db"] == grouped["features.db"]


def test_ingest_with_stories_groups_beside_the_writer(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ingest --stories`` groups the new articles in a process beside the writer: when it
    ends every article is in a story, the stories are those of ``stories`` after a plain
    ingest, and ``stories`` has nothing left to group."""
    stories = str(examples_dir.parent / "stories")
    grouped: dict[str, list[list[str]]] = {}
    for name, extra in (("plain.db", []), ("beside.db", ["--stories"])):
        db = str(tmp_path / name)
        assert main(["ingest", stories, "--db", db, "--quiet", *extra]) == 0
        out = capsys.readouterr().out
        with sqlite3.connect(db) as conn:
            articles = conn.execute("select count(*) from articles").fetchone()[0]
            members = conn.execute("select count(*) from story_members").fetchone()[0]
        if extra:
            assert f"stories: {articles} articles grouped beside the ingest" in out
            assert members == articles > 1
        else:
            assert members == 0 and "stories:" not in out
        assert main(["stories", "--db", db, "--json"]) == 0
        captured = capsys.readouterr()
        assert ("grouped" in captured.err) == (not extra)  # nothing left after --stories
        doc = json.loads(captured.out)
        grouped[name] = sorted(sorted(a["id"] for a in s["articles"]) for s in doc["stories"])
    assert grouped["plain.db"] == grouped["beside.db"]
