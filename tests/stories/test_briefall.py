"""``brief-all`` and ``brief --story``: one briefing per story of a store, cached by membership,
the same whether the store grew in steps or at once, resumed after an interruption, failures
recorded and skipped; ``ingest`` and ``stories`` running at once on one database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsprism.eval.synthetic import generate
from newsprism.store import Store, ingest
from newsprism.stories.briefall import brief_all
from newsprism.stories.store import update_stories

REPO = Path(__file__).resolve().parents[2]
STORIES = str(REPO / "examples" / "stories")
STORY = str(REPO / "examples" / "story")


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def at_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The examples ingested in one go, then briefed: the reference."""
    where = tmp_path_factory.mktemp("at_once")
    with Store.open(where / "news.db") as store:
        ingest(store, [STORIES, STORY])
        report = brief_all(store, where / "out")
        assert report.stories == 4 and report.failed == 0 and report.cached == 0
    return where / "news.db", where / "out"


def test_one_briefing_per_story_and_an_index(at_once: tuple[Path, Path]) -> None:
    db, out = at_once
    index = json.loads((out / "index.json").read_text())
    assert len(index["stories"]) == 4
    html = (out / "index.html").read_text()
    with Store.open(db, readonly=True) as store:
        for record in index["stories"]:
            folder = out / record["folder"]
            assert {p.name for p in folder.iterdir()} == {
                "briefing.json",
                "briefing.md",
                "briefing.html",
            }
            assert f'href="{record["folder"]}/briefing.html"' in html
            row = store.story(record["id"])
            assert row is not None and row.label == record["label"]
            cached = store.briefing(row.id)
            assert cached == json.loads((folder / "briefing.json").read_text())
            assert store.briefing_membership(row.id) == row.membership
            assert row.disagreements == len(cached["disagreements"])


def test_growing_in_steps_gives_the_same_briefings(
    tmp_path: Path, at_once: tuple[Path, Path]
) -> None:
    with Store.open(tmp_path / "news.db") as store:
        ingest(store, [STORIES])
        first = brief_all(store, tmp_path / "out")
        assert first.stories == 3
        ingest(store, [STORY])
        second = brief_all(store, tmp_path / "out")
        assert (second.stories, second.cached) == (1, 3)  # only the new story is briefed
        assert brief_all(store, tmp_path / "out").stories == 0
    assert _files(tmp_path / "out") == _files(at_once[1])


def test_an_interrupted_run_resumes(tmp_path: Path, at_once: tuple[Path, Path]) -> None:
    seen: list[str] = []

    def stop_after_two(step: str, done: int, total: int) -> None:
        if step.startswith("briefing"):
            seen.append(step)
            if len(seen) == 2:
                raise KeyboardInterrupt

    with Store.open(tmp_path / "news.db") as store:
        ingest(store, [STORIES, STORY])
        with pytest.raises(KeyboardInterrupt):
            brief_all(store, tmp_path / "out", progress=stop_after_two)
        assert not (tmp_path / "out" / "index.html").exists()
        again = brief_all(store, tmp_path / "out")
        assert (again.stories, again.cached) == (2, 2)
    assert _files(tmp_path / "out") == _files(at_once[1])


def test_brief_one_story_from_the_cli(
    at_once: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsprism.cli import main

    db, out = at_once
    assert main(["brief", "--db", str(db), "--story", "1", "-o", str(tmp_path / "one"), "-q"]) == 0
    assert (tmp_path / "one" / "briefing.json").read_text() == (
        out / "s1" / "briefing.json"
    ).read_text()
    assert main(["brief", "--db", str(db), "--story", "999", "-o", str(tmp_path / "x")]) == 1
    assert "NP124" in capsys.readouterr().err
    assert main(["brief", "--db", str(db), "-o", str(tmp_path / "x")]) == 2  # --db needs --story


def test_a_failing_article_is_recorded_and_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsprism.pipeline as pipeline

    real = pipeline.run_pipeline

    def flaky(articles: Any, *args: Any, **kw: Any) -> Any:
        if any("03_freight_week" in a.source for a in articles):
            raise RuntimeError("parser crashed")
        if any("brindle_school" in a.source for a in articles):
            raise RuntimeError("always fails")
        return real(articles, *args, **kw)

    monkeypatch.setattr(pipeline, "run_pipeline", flaky)
    with Store.open(tmp_path / "news.db") as store:
        ingest(store, [STORIES])
        report = brief_all(store, tmp_path / "out")
        assert report.failed_articles >= 1
        failures = store.story_failures()
        assert any("parser crashed" in f.error and f.article_id is not None for f in failures)
        dock = [f for f in failures if "parser crashed" in f.error]
        briefed = store.briefing(dock[0].story_id)
        assert briefed is not None  # the rest of that story was briefed
        assert len(briefed["articles"]) == store.story(dock[0].story_id).n_articles - 1  # type: ignore[union-attr]
        assert (report.stories, report.failed) == (2, 1)
        assert any(f.article_id is None and "always fails" in f.error for f in failures)
    monkeypatch.setattr(pipeline, "run_pipeline", real)


def test_two_workers_write_what_one_writes(tmp_path: Path, at_once: tuple[Path, Path]) -> None:
    with Store.open(tmp_path / "news.db") as store:
        ingest(store, [STORIES, STORY])
        report = brief_all(store, tmp_path / "out", workers=2)
        assert report.stories == 4
    assert _files(tmp_path / "out") == _files(at_once[1])


def _jsonl(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for k, g in enumerate(generate(n, seed=5)):
            day = f"2026-05-{1 + k // 20:02d}"
            record = {"id": g.name, "text": g.text, "outlet": g.outlet, "published": day}
            f.write(json.dumps(record) + "\n")


def test_ingest_and_stories_at_once_on_one_database(tmp_path: Path) -> None:
    """Two processes at once: an ingest writing batches, a ``stories`` update looping; the store
    stays whole and the stories are those of one update after the ingest."""
    src = tmp_path / "feed.jsonl"
    _jsonl(src, 240)
    db = tmp_path / "news.db"
    Store.open(db).close()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    cmd = [sys.executable, "-m", "newsprism.cli"]
    writer = subprocess.Popen(
        [*cmd, "ingest", str(src), "--db", str(db), "--batch", "10", "-q"], env=env
    )
    updates = 0
    try:
        while writer.poll() is None or updates == 0:
            done = subprocess.run(
                [*cmd, "stories", "--db", str(db), "-q", "--limit", "1"],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, done.stderr
            updates += 1
            time.sleep(0.05)
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0
    with Store.open(db) as store:
        update_stories(store)
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = store.count()
        assert n == 240
        members = store.conn.execute("SELECT count(*) FROM story_members").fetchone()[0]
        assert members == n
        total = store.conn.execute("SELECT sum(n_articles) FROM stories").fetchone()[0]
        assert total == n
        mine = store.conn.execute(
            "SELECT article_id, story_id, score, reason FROM story_members ORDER BY article_id"
        ).fetchall()
    with Store.open(tmp_path / "ref.db") as ref:
        ingest(ref, [str(src)], batch_size=10)
        update_stories(ref)
        expected = ref.conn.execute(
            "SELECT article_id, story_id, score, reason FROM story_members ORDER BY article_id"
        ).fetchall()
    assert mine == expected


def _copy_store(db: Path, out: Path, where: Path) -> tuple[Path, Path]:
    """A copy of a briefed store and its output folder (sqlite's backup: WAL included)."""
    import shutil
    import sqlite3

    src, dst = sqlite3.connect(db), sqlite3.connect(where / "news.db")
    src.backup(dst)
    src.close()
    dst.close()
    shutil.copytree(out, where / "out")
    return where / "news.db", where / "out"


@pytest.fixture
def cheap_briefs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Stories briefed in-process by a stand-in for the pipeline (the cache is what is tested):
    the ids it was asked for, in order."""
    import newsprism.stories.briefall as briefall
    from newsprism.render import FORMATS

    asked: list[int] = []

    def fake(articles: Any, job: Any) -> Any:
        asked.append(job.story_id)
        doc = {"schema": "newsprism.briefing/1", "disagreements": [], "n": len(articles)}
        files = tuple((FORMATS[f][0], "x\n") for f in job.formats)
        return briefall.StoryOutcome(job.story_id, job.membership, files=files, briefing=doc)

    monkeypatch.setattr(briefall, "_brief", fake)
    return asked


def test_other_settings_brief_again_exactly_the_stories_made_with_others(
    tmp_path: Path, at_once: tuple[Path, Path], cheap_briefs: list[int]
) -> None:
    from newsprism.pipeline import Config, settings_key
    from newsprism.stories.briefall import brief_story, folder_name

    db, out = _copy_store(*at_once, tmp_path)
    off = Config(counts_by_meaning="")
    with Store.open(db) as store:
        ids = sorted(r.id for r in store.stories(limit=100))
        first = brief_all(store, out, config=off)
        assert (first.stories, first.cached) == (4, 0)  # all four were made with the defaults
        assert sorted(cheap_briefs) == ids
        assert {store.briefing_key(i)[1] for i in ids} == {settings_key(off)}  # type: ignore[index]
        again = brief_all(store, out, config=off)
        assert (again.stories, again.cached) == (0, 4)  # same settings: none
        brief_story(store, ids[0], out / folder_name(ids[0]))  # this one with the defaults
        cheap_briefs.clear()
        again = brief_all(store, out, config=off)
        assert (again.stories, again.cached) == (1, 3) and cheap_briefs == [ids[0]]
        cheap_briefs.clear()
        back = brief_all(store, out)  # the defaults again: every story
        assert (back.stories, sorted(cheap_briefs)) == (4, ids)


def test_an_upgrade_briefs_every_story_again(
    tmp_path: Path,
    at_once: tuple[Path, Path],
    cheap_briefs: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsprism

    db, out = _copy_store(*at_once, tmp_path)
    with Store.open(db) as store:
        assert brief_all(store, out).stories == 0  # the fixture's run, current
        monkeypatch.setattr(newsprism, "__version__", "999.0")
        assert (brief_all(store, out).stories, len(cheap_briefs)) == (4, 4)
        assert brief_all(store, out).stories == 0


def test_a_store_cached_before_settings_were_kept_briefs_once(
    tmp_path: Path, at_once: tuple[Path, Path], cheap_briefs: list[int]
) -> None:
    import sqlite3

    from newsprism.store.migrations import MIGRATIONS

    db, out = _copy_store(*at_once, tmp_path)
    conn = sqlite3.connect(db)  # the store as the release before the migration left it
    names = [m.name for m in MIGRATIONS]
    conn.execute("ALTER TABLE briefings DROP COLUMN settings")
    conn.execute("DELETE FROM _migrations WHERE name = 'stories_briefing_settings'")
    conn.execute(f"PRAGMA user_version = {names.index('stories_briefing_settings')}")
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        assert store.briefing_key(1) == (store.story(1).membership, "")  # type: ignore[union-attr]
        once = brief_all(store, out)
        assert (once.stories, once.cached) == (4, 0)
        assert (brief_all(store, out).stories, len(cheap_briefs)) == (0, 4)


def test_brief_story_reads_a_current_briefing_from_the_cache(
    tmp_path: Path,
    at_once: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import newsprism.pipeline as pipeline
    from newsprism.cli import main

    db, out = _copy_store(*at_once, tmp_path)  # brief-all cached every story (the defaults)

    def never(*args: Any, **kw: Any) -> Any:
        raise AssertionError("the story was analysed again")

    monkeypatch.setattr(pipeline, "run_pipeline", never)
    one = tmp_path / "one"
    assert main(["brief", "--db", str(db), "--story", "1", "-o", str(one)]) == 0
    assert _files(one) == _files(out / "s1")  # the three files, as brief-all wrote them
    assert "story 1: the cached briefing" in capsys.readouterr().err
    assert main(["brief", "--db", str(db), "--story", "1", "-o", "-", "-f", "md", "-q"]) == 0
    assert capsys.readouterr().out == (out / "s1" / "briefing.md").read_text(encoding="utf-8")


@pytest.fixture
def empty_briefs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Stories briefed by a stand-in that makes a real but empty briefing of the articles (a
    cached one reads back): the ids it was asked for, in order."""
    import newsprism.stories.briefall as briefall
    from newsprism.model import Briefing
    from newsprism.render import FORMATS, briefing_to_dict

    asked: list[int] = []

    def empty(articles: Any, job: Any) -> Any:
        asked.append(job.story_id)
        b = Briefing(articles=tuple(articles))
        files = tuple((FORMATS[f][0], FORMATS[f][1](b)) for f in job.formats)
        return briefall.StoryOutcome(
            job.story_id, job.membership, files=files, briefing=briefing_to_dict(b)
        )

    monkeypatch.setattr(briefall, "_brief", empty)
    return asked


def test_brief_story_briefs_when_not_current_caches_it_and_force_briefs_again(
    tmp_path: Path,
    at_once: tuple[Path, Path],
    empty_briefs: list[int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newsprism.cli import main
    from newsprism.pipeline import Config, settings_key

    db, _ = _copy_store(*at_once, tmp_path)
    args = ["brief", "--db", str(db), "--story", "1", "--words", "60", "-o"]
    assert main([*args, str(tmp_path / "a")]) == 0  # other options than the cached briefing's
    assert empty_briefs == [1] and "briefed" in capsys.readouterr().err
    with Store.open(db) as store:
        row = store.story(1)
        assert row is not None
        assert store.briefing_key(1) == (row.membership, settings_key(Config(words=60)))
        doc = store.current_briefing(1, row.membership, settings_key(Config(words=60)))
        assert doc is not None and doc == store.briefing(1)
        assert store.current_briefing(1, row.membership, settings_key()) is None
        assert store.current_briefing(1, "other", settings_key(Config(words=60))) is None
    assert main([*args, str(tmp_path / "b")]) == 0  # now cached for these options
    assert empty_briefs == [1] and "cached briefing" in capsys.readouterr().err
    assert _files(tmp_path / "b") == _files(tmp_path / "a")
    assert main([*args, str(tmp_path / "c"), "--force"]) == 0
    assert empty_briefs == [1, 1] and "briefed" in capsys.readouterr().err
    with Store.open(db) as store:  # the story changed: its briefing is not current
        store.conn.execute("UPDATE stories SET membership = 'grown' WHERE id = 1")
        store.conn.commit()
    assert main([*args, str(tmp_path / "d"), "-q"]) == 0
    assert empty_briefs == [1, 1, 1] and capsys.readouterr().err == ""
    assert main(["brief", "examples/story", "--force", "-o", str(tmp_path / "x")]) == 2


def test_reading_a_cached_briefing_loads_no_analysis_module() -> None:
    """The options, the settings key and the cache's read path import neither spaCy nor
    scikit-learn (a fresh process: other tests have loaded them here)."""
    code = (
        "import sys\n"
        "from newsprism.cli import _brief_config, build_parser\n"
        "from newsprism.options import settings_key\n"
        "from newsprism.stories.briefall import brief_story, cached_outcome\n"
        "from newsprism.render.from_json import briefing_from_dict\n"
        "args = build_parser().parse_args(['brief', '--story', '1', '--scorer', 'rules'])\n"
        "settings_key(_brief_config(args))\n"
        "print(sorted(m for m in ('spacy', 'sklearn', 'newsprism.pipeline') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
