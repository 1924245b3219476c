"""An ingest writes its batches on a thread (``store.behind``): the store must hold exactly the
rows of a synchronous ingest, a failure must leave whole batches only (and a rerun the rows of a
clean run), and the thread must be gone when ``ingest`` returns or raises."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from newsprism.errors import NewsprismError
from newsprism.model import Article, Drop, Notice
from newsprism.store import LshParams, Store, ingest
from newsprism.store import behind as write_behind
from newsprism.store.behind import MAX_ROWS, Recorder, chunks, insert_of
from newsprism.store.db import Added

from .test_ingest_golden import write_corpus

BATCH = 16


class Lengths:
    """An annotator that stores each new article's length beside it (``story_features``)."""

    version = "lengths-1"

    def compute(self, article: Article) -> object:
        return str(len(article.text)).encode()

    def save(self, store: Store, added: Added, value: object) -> None:
        store.write(
            "INSERT OR REPLACE INTO story_features (article_id, version, data) VALUES (?, ?, ?)",
            (added.id, self.version, value),
        )


def corpus(folder: Path) -> list[str]:
    """The golden corpus, and a file whose one batch holds the same article twice, an
    article and its longer version at one URL, and a bad line (a drop)."""
    base = "The ferry from Kelmouth to the islands runs again after the winter storms."
    more = " The harbour master said the pier needs new timber before the summer crowds."
    lines = [
        json.dumps({"id": "twice-a", "text": base, "outlet": "Kelmouth Star"}),
        json.dumps({"id": "twice-b", "text": base, "outlet": "Kelmouth Star"}),
        json.dumps({"id": "ferry-1", "url": "https://star.example/ferry", "text": base}),
        "{not json",
        json.dumps({"id": "ferry-2", "url": "https://star.example/ferry", "text": base + more}),
    ]
    extra = folder / "same-batch.jsonl"
    extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [*write_corpus(folder), str(extra)]


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (the full-text index by its content), without timestamps."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, list[tuple[Any, ...]]] = {}
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("articles_fts") and r[0] != "migrations"
        ]
        for name in names:
            cols = [c[1] for c in conn.execute(f"PRAGMA table_info({name})")]
            keep = ", ".join(c for c in cols if not c.endswith("_at"))
            out[name] = sorted(conn.execute(f"SELECT {keep} FROM {name}").fetchall(), key=repr)
        out["articles_fts"] = conn.execute(
            "SELECT rowid, title, text FROM articles_fts ORDER BY rowid"
        ).fetchall()
        return out
    finally:
        conn.close()


def run(
    path: Path,
    sources: list[str],
    behind: bool,
    params: LshParams | None = None,
    cache_mb: float = 256,
    **kw: Any,
) -> None:
    with Store.open(path, fingerprint_cache_mb=cache_mb) as store:
        if params is not None and not store.count():
            store.set_lsh_params(params)
        ingest(store, sources, batch_size=BATCH, write_behind=behind, annotate=Lengths(), **kw)


def no_thread() -> bool:
    return not any(t.name == "newsprism-write-behind" for t in threading.enumerate())


@pytest.mark.parametrize(
    ("params", "cache_mb"),
    [
        (None, 256),
        (LshParams(family_keep=64, neighbour_candidates=8), 256),
        (None, 0.001),  # no fingerprint kept: every one read back, some not committed yet
    ],
)
def test_written_behind_the_store_holds_the_rows_of_a_synchronous_ingest(
    tmp_path: Path, params: LshParams | None, cache_mb: float
) -> None:
    sources = corpus(tmp_path)
    run(tmp_path / "sync.db", sources, False, params, cache_mb)
    run(tmp_path / "behind.db", sources, True, params, cache_mb)
    want, got = tables(tmp_path / "sync.db"), tables(tmp_path / "behind.db")
    assert got == want
    assert len(want["articles"]) > 400 and len(want["relations"]) > 1000
    assert len(want["drops"]) >= 3 and len(want["sources"]) >= 3
    assert len(want["story_features"]) == len(want["articles"])
    assert sum(r[2] == "version" for r in want["relations"]) >= 2
    assert no_thread()


def test_a_rerun_written_behind_skips_what_is_stored(tmp_path: Path) -> None:
    sources = corpus(tmp_path)
    run(tmp_path / "once.db", sources, False)
    run(tmp_path / "twice.db", sources, True)
    run(tmp_path / "twice.db", sources, True, force=True)  # read again: every article "same"
    assert tables(tmp_path / "twice.db") == tables(tmp_path / "once.db")


def boom(path: Path, name: str) -> None:
    """A trigger that fails the transaction storing the article ``name``."""
    with Store.open(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(
        f"CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.name = '{name}' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    conn.commit()
    conn.close()


def unboom(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER boom")
    conn.commit()
    conn.close()


def test_a_failure_in_the_thread_is_raised_and_leaves_whole_batches(tmp_path: Path) -> None:
    sources = corpus(tmp_path)
    run(tmp_path / "clean.db", sources, False)
    clean = tables(tmp_path / "clean.db")
    victim = sorted(r[1] for r in clean["articles"])[200]
    got = {}
    for mode, behind in (("sync", False), ("behind", True)):
        path = tmp_path / f"{mode}.db"
        boom(path, victim)
        with pytest.raises(sqlite3.IntegrityError, match="boom"):
            run(path, sources, behind)
        assert no_thread()
        got[mode] = [tables(path)]  # the batches before the failed one
        # the same store object goes on: its in-memory index was reset with the lost batches
        with Store.open(path) as store:
            with pytest.raises(sqlite3.IntegrityError, match="boom"):
                ingest(store, sources, batch_size=BATCH, annotate=Lengths(), write_behind=behind)
            unboom(path)
            ingest(store, sources, batch_size=BATCH, annotate=Lengths(), write_behind=behind)
        got[mode].append(tables(path))
        assert no_thread()
    assert got["behind"] == got["sync"]
    left, done = got["behind"]
    assert 0 < len(left["articles"]) < len(clean["articles"])
    assert done == clean  # the files read before the failure keep their counts


def test_a_failure_in_the_main_thread_stops_the_thread_after_whole_batches(
    tmp_path: Path,
) -> None:
    sources = corpus(tmp_path)
    run(tmp_path / "clean.db", sources, False)
    seen: dict[str, int] = {}

    def stop_at_second_drop(problem: Drop | Notice) -> None:
        if isinstance(problem, Drop):
            seen["n"] = seen.get("n", 0) + 1
            if seen["n"] == 2:
                raise KeyboardInterrupt

    got = {}
    for mode, behind in (("sync", False), ("behind", True)):
        seen.clear()
        with pytest.raises(KeyboardInterrupt):
            run(tmp_path / f"{mode}.db", sources, behind, on_problem=stop_at_second_drop)
        assert no_thread()
        got[mode] = [tables(tmp_path / f"{mode}.db")]
        run(tmp_path / f"{mode}.db", sources, behind)
        got[mode].append(tables(tmp_path / f"{mode}.db"))
    assert got["behind"] == got["sync"]
    left, done = got["behind"]
    clean = tables(tmp_path / "clean.db")
    assert 0 < len(left["articles"]) < len(clean["articles"])
    assert {k: v for k, v in done.items() if k != "sources"} == {
        k: v for k, v in clean.items() if k != "sources"
    }


def test_another_writer_during_the_ingest_stops_it_with_np127(tmp_path: Path) -> None:
    sources = corpus(tmp_path)
    path = tmp_path / "news.db"
    calls: list[int] = []

    def intruder(_: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            conn = sqlite3.connect(path, timeout=10)
            conn.execute(
                "INSERT INTO articles (name, key, content_hash, text, source, ingested_at) "
                "VALUES ('intruder', 'k', 'h', 'A note from elsewhere.', 'x', '2026-01-01')"
            )
            conn.commit()
            conn.close()

    with pytest.raises(NewsprismError) as err:
        run(path, sources, True, progress=intruder, progress_every=0)
    assert err.value.code.code == "NP127"
    assert no_thread()


def test_on_batch_sees_each_batch_committed(tmp_path: Path) -> None:
    sources = corpus(tmp_path)
    path = tmp_path / "news.db"
    seen: list[tuple[int, int]] = []
    with Store.open(path) as store:

        def after(added: list[Added]) -> None:
            other = sqlite3.connect(path)  # another connection: committed rows only
            n = other.execute("SELECT count(*) FROM articles").fetchone()[0]
            other.close()
            seen.append((max(a.id for a in added), n))

        ingest(store, sources, batch_size=BATCH, on_batch=after)
    assert len(seen) > 10
    assert all(last <= n for last, n in seen)


def test_the_thread_checkpoints_once_the_wal_holds_checkpoint_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread's commits copy the WAL back once it holds ``CHECKPOINT_PAGES``: at 1 page
    every commit does (and the next one writes the WAL from its start again), far above it
    none does before the store is closed; the rows are the same."""
    sources = corpus(tmp_path)
    frames, rows = {}, {}
    for pages in (1, 10**9):
        monkeypatch.setattr(write_behind, "CHECKPOINT_PAGES", pages)
        path = tmp_path / f"news-{pages}.db"
        with Store.open(path) as store:
            ingest(store, sources, batch_size=BATCH, annotate=Lengths())
            # the frames in the WAL now (a passive checkpoint reports them, then copies them)
            frames[pages] = store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
        rows[pages] = tables(path)
    assert frames[10**9] > 4 * frames[1] > 0
    assert rows[1] == rows[10**9]


def test_an_in_memory_store_is_written_synchronously() -> None:
    with Store.open(":memory:") as store:
        with store.write_behind():
            assert store._behind is None
            store.add(Article("a", "", "The tide came in early at Kelmouth on Monday."))
        assert store.count() == 1


def test_the_recorder_keeps_each_tables_rows_in_order() -> None:
    rec = Recorder()
    rel = "INSERT OR REPLACE INTO relations (a, b, kind, score) VALUES (?, ?, ?, ?)"
    rec.executemany(rel, [(1, 3, "duplicate", 1.0), (2, 3, "version", 0.5)])
    rec.execute("INSERT INTO settings (key, value) VALUES ('lsh', ?)", ("{}",))
    rec.keys("lsh_bands", "bucket", 3, [7, 9])
    rec.execute(rel, (1, 4, "syndicated", 0.9))
    runs = rec.take()
    assert [(s.table, v) for s, v in runs] == [
        ("relations", [1, 3, "duplicate", 1.0, 2, 3, "version", 0.5, 1, 4, "syndicated", 0.9]),
        ("settings", ["{}"]),
        ("lsh_bands", [3, 7, 3, 9]),
    ]
    assert runs[1][0].sql(2) == ("INSERT INTO settings (key, value) VALUES ('lsh', ?), ('lsh', ?)")
    assert rec.take() == []
    with pytest.raises(ValueError, match="single-row INSERT"):
        insert_of("DELETE FROM relations WHERE a = ?")


@pytest.mark.parametrize("most", [1, 3, 2340, 8191, 16383])
def test_a_tables_rows_are_written_by_statements_of_a_few_sizes(most: int) -> None:
    sizes: set[int] = set()
    for n in [*range(0, 300), 4095, 4096, 4097, 33_000, 65_537]:
        got = chunks(n, most)
        assert sum(got) == n and all(0 < k <= min(most, MAX_ROWS) for k in got)
        sizes.update(got)
    assert len(sizes) <= 13  # MAX_ROWS and the powers of two below it


@pytest.mark.parametrize("behind", [False, True])
def test_a_rerun_leaves_the_files_it_skips_as_they_were_recorded(
    tmp_path: Path, behind: bool
) -> None:
    sources = corpus(tmp_path)
    path = tmp_path / "news.db"
    run(path, sources, behind)

    def recorded() -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(path)
        try:
            return conn.execute("SELECT * FROM sources ORDER BY path").fetchall()
        finally:
            conn.close()

    first = recorded()
    assert len(first) > len(sources) and sum(row[-2] for row in first) > 400  # files of folders
    with Store.open(path) as store:
        report = ingest(store, sources, batch_size=BATCH, annotate=Lengths(), write_behind=behind)
    assert report.sources_skipped == len(first) and report.new == 0
    assert recorded() == first  # counts and completion times kept, nothing written again
