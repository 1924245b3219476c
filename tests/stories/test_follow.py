"""Grouping beside an ingest (``stories.follow``): a process that follows the store's new
articles gives the stories of one update after the ingest, whatever the timing; its failure is
reported, not lost."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from newsprism.errors import NewsprismError
from newsprism.eval.synthetic import generate
from newsprism.store import Store, ingest
from newsprism.stories.follow import StoriesFollower, follow_stories
from newsprism.stories.store import FeatureAnnotator, update_stories


def _feed(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for k, g in enumerate(generate(n, seed=7, distinct=True)):
            day = f"2026-06-{1 + k // 15:02d}"
            record = {"id": g.name, "text": g.text, "outlet": g.outlet, "published": day}
            f.write(json.dumps(record) + "\n")


def _members(store: Store) -> list[tuple[Any, ...]]:
    return store.conn.execute(
        "SELECT article_id, story_id, score, reason, via FROM story_members ORDER BY article_id"
    ).fetchall()


def _stories(store: Store) -> list[tuple[Any, ...]]:
    return store.conn.execute(
        "SELECT id, label, label_from, n_articles, n_outlets, independent_sources, membership "
        "FROM stories ORDER BY id"
    ).fetchall()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any], list[Any]]:
    """The feed ingested, then grouped by one update: the answer."""
    where = tmp_path_factory.mktemp("follow")
    feed = where / "feed.jsonl"
    _feed(feed, 150)
    with Store.open(where / "ref.db") as store:
        ingest(store, [str(feed)], batch_size=10)
        update_stories(store)
        return feed, _members(store), _stories(store)


def test_a_follower_process_beside_the_ingest_gives_the_stories_of_one_update(
    tmp_path: Path, reference: tuple[Path, list[Any], list[Any]]
) -> None:
    feed, members, stories = reference
    db = tmp_path / "news.db"
    with Store.open(db) as store, StoriesFollower(str(db)) as follower:
        ingest(store, [str(feed)], batch_size=10, annotate=FeatureAnnotator())
    report = follower.report
    assert report is not None and report.articles == 150 and report.failed == 0
    assert report.founded + report.joined == 150
    assert follower.cpu_seconds > 0
    with Store.open(db) as store:
        assert _members(store) == members
        assert _stories(store) == stories
        assert store.conn.execute("SELECT count(*) FROM story_features").fetchone()[0] == 0
        assert update_stories(store).articles == 0  # nothing was left for a later update


def test_follow_stories_in_a_thread_while_batches_are_committed(
    tmp_path: Path, reference: tuple[Path, list[Any], list[Any]]
) -> None:
    """The loop itself, on its own connection in a thread: updates land between the ingest's
    batches, and ``stop`` set after the last batch still groups it."""
    feed, members, _ = reference
    db = tmp_path / "news.db"
    Store.open(db).close()
    stop = threading.Event()
    seen: list[int] = []

    def follow() -> None:
        with Store.open(db, check_same_thread=False) as mine:
            seen.append(follow_stories(mine, stop=stop.is_set, poll=0.001).articles)

    thread = threading.Thread(target=follow)
    thread.start()
    try:
        with Store.open(db) as store:
            ingest(store, [str(feed)], batch_size=10)
    finally:
        stop.set()
        thread.join()
    assert seen == [150]
    with Store.open(db) as store:
        assert _members(store) == members


def test_a_follower_that_fails_is_reported(tmp_path: Path) -> None:
    follower = StoriesFollower(str(tmp_path / "no such folder" / "news.db"))
    with pytest.raises(NewsprismError, match="cannot open the news store") as caught, follower:
        pass
    assert caught.value.code.code == "NP125"


def test_the_follower_process_collects_garbage_less_often(tmp_path: Path) -> None:
    # _follow_main is the body of the grouper's own process: it raises the collector's young
    # generation there (run here in-process, then the setting is put back)
    import gc
    import multiprocessing

    from newsprism.stories import follow

    db = tmp_path / "news.db"
    _feed(tmp_path / "feed.jsonl", 20)
    with Store.open(db) as store:
        ingest(store, [str(tmp_path / "feed.jsonl")], annotate=FeatureAnnotator())
    stop = multiprocessing.Event()
    stop.set()
    recv, send = multiprocessing.Pipe(duplex=False)
    before = gc.get_threshold()
    try:
        follow._follow_main(str(db), None, stop, send)
        assert gc.get_threshold() == follow.FOLLOWER_GC != before
        assert gc.get_freeze_count() == 0  # what it froze after each update is handed back
    finally:
        gc.set_threshold(*before)
    status, report, _ = recv.recv()
    assert status == "ok" and report["articles"] == 20


def test_the_follower_settles_after_each_update_that_grouped_articles(tmp_path: Path) -> None:
    from newsprism.stories.follow import follow_stories

    db = tmp_path / "news.db"
    _feed(tmp_path / "feed.jsonl", 20)
    with Store.open(db) as store:
        ingest(store, [str(tmp_path / "feed.jsonl")], annotate=FeatureAnnotator())
    settled: list[int] = []
    stops = iter([False, False, True])  # an update of the 20 articles, then two of none
    with Store.open(db) as store:
        report = follow_stories(
            store,
            stop=lambda: next(stops),
            poll=0.0,
            settle=lambda: settled.append(store.stories_count()),
        )
    assert report.articles == 20 and len(settled) == 1 and settled[0] > 0


def test_the_store_processes_do_not_read_the_package_metadata() -> None:
    """``newsprism.__version__`` is read when asked for: the follower and the ingest's
    workers start without ``importlib.metadata`` (about 50 ms of CPU each)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import newsprism.stories.follow, newsprism.store.ingest, newsprism.stories.store\n"
        "before = 'importlib.metadata' in sys.modules\n"
        "import newsprism\n"
        "print(before, newsprism.__version__ == newsprism.__version__ != '')\n"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.split() == ["False", "True"]


def test_the_store_processes_import_no_scipy() -> None:
    """The follower and the ingest's workers and writer never build a sparse matrix: importing
    what they run (the store, its near-duplicate index and the relation rules it reads, the
    grouping) leaves SciPy out (about a fifth of a second of CPU at each process's start)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import newsprism.stories.follow, newsprism.store.ingest, newsprism.cli\n"
        "import newsprism.analyze.relations\n"
        "print(sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.')))\n"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_replay_benchmark_compares_two_trees_round_by_round(tmp_path: Path) -> None:
    """``benchmarks/update_ab.py`` groups copies of a store with features in two processes,
    round by round, and checks that the two trees grouped alike (here a tree against itself)."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    db = tmp_path / "news.db"
    _feed(tmp_path / "feed.jsonl", 30)
    with Store.open(db) as store:
        ingest(store, [str(tmp_path / "feed.jsonl")], annotate=FeatureAnnotator())
    script = repo / "benchmarks" / "update_ab.py"
    cmd = [sys.executable, str(script), str(db), "--base", str(repo / "src"), "--round", "10"]
    got = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert got.stdout.startswith("30 articles in 3 rounds of 10, ")
    assert "stories in both" in got.stdout and "ms of CPU an article: base" in got.stdout
    with Store.open(db) as store:  # the copies were grouped, not the store
        assert store.stories_count() == 0
