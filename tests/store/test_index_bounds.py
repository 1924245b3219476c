"""The bounds of the near-duplicate index: buckets that keep their newest members, the key
filter before a containment lookup, and long articles' anchors offered to short articles only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from newsprism.model import Article
from newsprism.store import LshParams, Store, neardup
from newsprism.store.neardup import Fingerprinter, _BucketCache, _KeyCache, _newest

from .unequal import medium, report

BASE = (
    "The canal trust in Wenlow agreed on Monday to drain the upper lock for a month so that "
    "divers could look for the leak that has lowered the water by a foot since spring. "
    "Boat owners were told to move their craft below the second lock by Friday, and the "
    "towpath cafe will open only at weekends while the pumps are running."
)


def copies(k: int) -> list[Article]:
    """``k`` articles with the same text from ``k`` outlets: each a copy of every other."""
    return [Article(f"c{i}", f"c{i}.txt", BASE, outlet=f"Outlet {i}") for i in range(k)]


def partners(store: Store, name: str) -> set[str]:
    return {r.a for r in store.relations() if r.b == name}


@pytest.mark.parametrize("keep", ["first", "newest"])
def test_a_full_bucket_keeps_its_first_or_its_newest_members(tmp_path: Path, keep: str) -> None:
    """With a cap of 2, the fourth copy is offered the first two ("first": later members
    never join) or the newest two ("newest": copies arrive close together)."""
    with Store.open(tmp_path / f"{keep}.db") as store:
        store.set_lsh_params(
            LshParams(family_keep=0, bucket_cap=2, bucket_keep=keep, containment_candidates=0)
        )
        for article in copies(4):
            store.add(article)
        want = {"c0", "c1"} if keep == "first" else {"c1", "c2"}
        assert partners(store, "c3") == want


def test_newest_marks_the_last_rows_of_each_group() -> None:
    groups = np.array([1, 1, 1, 1, 4, 7, 7, 7])
    assert _newest(groups, 2).tolist() == [False, False, True, True, True, False, True, True]


def _bands_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE lsh_bands (bucket INTEGER, article INTEGER)")
    conn.execute("CREATE TABLE article_shingles (article INTEGER PRIMARY KEY)")
    return conn


def test_newest_members_are_the_same_across_merges_and_after_a_rebuild(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Runs keep only their newest rows of a bucket, yet a lookup answers the newest of all
    the rows ever added, whatever the runs: the same as a copy read again from SQLite (as
    after another process wrote, or a resumed ingest)."""
    monkeypatch.setattr(_BucketCache, "MERGE_EVERY", 7)
    rng = np.random.default_rng(3)
    conn = _bands_db()
    cache = _BucketCache(conn, keep=3)

    def newest(b: int) -> list[int]:
        sql = "SELECT article FROM lsh_bands WHERE bucket = ? ORDER BY article DESC LIMIT 3"
        return sorted(a for (a,) in conn.execute(sql, (b,)))

    for article in range(1, 200):
        rows = [(int(b), article) for b in rng.choice(12, size=3, replace=False)]
        conn.executemany("INSERT INTO lsh_bands VALUES (?, ?)", rows)
        conn.execute("INSERT INTO article_shingles VALUES (?)", (article,))
        cache.add(article, rows)
        if article % 5 == 0:  # rows in runs and rows pending, at every stage
            for b in range(12):
                assert sorted(cache.lookup([b])[0].tolist()) == newest(b)
    fresh = _BucketCache(conn, keep=3)
    for b in range(12):
        assert sorted(fresh.lookup([b])[0].tolist()) == newest(b)
    assert sum(len(r) for r in fresh.runs) == 12 * 3  # older rows dropped from memory


def test_the_key_filter_never_drops_a_key_of_the_index() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE containment (key INTEGER, article INTEGER)")
    conn.execute("CREATE TABLE containment_articles (article INTEGER, shingles INTEGER)")
    conn.execute("CREATE TABLE article_shingles (article INTEGER PRIMARY KEY)")
    keys = _KeyCache(conn, 64, short=True)
    rng = np.random.default_rng(8)
    held = rng.integers(-(2**63), 2**63 - 1, size=5000, dtype=np.int64)
    keys.add(1, [(int(k), 1) for k in held[:2500]])
    keys.add(2, [(int(k), 2) for k in held[2500:]])
    assert keys.may_hold(held).tolist() == held.tolist()
    absent = rng.integers(-(2**63), 2**63 - 1, size=5000, dtype=np.int64)
    assert len(keys.may_hold(absent)) < 50  # about 5,000 of 8 million flags are set


def test_long_articles_anchors_are_offered_to_short_articles_only(tmp_path: Path) -> None:
    """A long new article looks for short ones it holds, not for long ones (the bands find
    those); a short new article looks among the long articles' anchors too."""
    params = LshParams(family_keep=0, anchor_window=8)
    with Store.open(tmp_path / "a.db") as store:
        store.set_lsh_params(params)
        first = store.add(report(0))
        fp = Fingerprinter(params)
        later = Article("again", "again.txt", report(0).text + "\n\nOne more line at the end.")
        medium_fp, long_fp = fp(medium(0)), fp(later)
        short_fp = fp(Article("flash", "flash.txt", neardup_sentence()))
        assert len(long_fp.shingles) > params.short_shingles >= len(short_fp.shingles)
        with store.batch():
            assert first.id not in store.index.contained(-1, long_fp, set())[0]
            assert first.id not in store.index.contained(-1, medium_fp, set())[0]
            assert first.id in store.index.contained(-1, short_fp, set())[0]


def neardup_sentence() -> str:
    """Twenty-odd words of report 0 (its 31st sentence) and a line of this test's own."""
    from .unequal import passage

    return f"{passage(0, 1)}\n\nFull story later."


def test_a_store_keeps_the_bucket_policy_it_began_with(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        store.set_lsh_params(LshParams(family_keep=0, bucket_keep="newest"))
        store.add(copies(1)[0])
    with Store.open(tmp_path / "p.db") as store:
        assert store.lsh_params.bucket_keep == "newest"
    with pytest.raises(ValueError):
        LshParams(bucket_keep="oldest")
    assert neardup.LshParams().bucket_keep in ("first", "newest")


@pytest.mark.parametrize("reopen", [False, True])
def test_a_copy_hidden_by_full_buckets_is_found_through_the_copies_it_copies(
    tmp_path: Path, reopen: bool
) -> None:
    """With buckets offering their newest member only, the third copy is offered the second
    one alone; the copy graph then offers the second one's copies (the first one), measured
    exactly.  The same when the graph is read back from the store's relations."""
    params = LshParams(
        family_keep=0, bucket_cap=1, containment_candidates=0, neighbour_candidates=10
    )
    first, second, third = copies(3)
    with Store.open(tmp_path / "g.db") as store:
        store.set_lsh_params(params)
        store.add(first)
        store.add(second)
        if reopen:
            store.close()
            store = Store.open(tmp_path / "g.db")
        store.add(third)
        assert partners(store, "c2") == {"c0", "c1"}
        store.close()
    with Store.open(tmp_path / "off.db") as store:
        store.set_lsh_params(LshParams(family_keep=0, bucket_cap=1, containment_candidates=0))
        for article in (first, second, third):
            store.add(article)
        assert partners(store, "c2") == {"c1"}


def test_the_copy_graph_offers_an_articles_newest_copies_most_shared_first(
    tmp_path: Path,
) -> None:
    """``neighbours`` reads the copy graph: of each seed, the newest ``neighbour_keep`` of the
    articles it copies and of those that copy it; those more seeds list first, never one to
    skip, at most the limit."""
    params = LshParams(family_keep=0, neighbour_candidates=5, neighbour_keep=2)
    with Store.open(tmp_path / "n.db") as store:
        store.set_lsh_params(params)
        for article in copies(1):
            store.add(article)
        with store.batch():
            index = store.index
            index._buckets()
            index.link(2, [1])
            index.link(3, [1, 2])
            index.link(4, [1])
            index.link(5, [2, 3])
            index.link(6, [1, 2, 3, 4])
            assert index.neighbours([1], set(), 5) == [6, 4]  # newest 2 of 2, 3, 4, 6
            assert index.neighbours([6], set(), 5) == [4, 3]  # newest 2 of 1, 2, 3, 4
            # 3 copies 1, 2 and is copied by 5, 6; 5 copies 2, 3
            assert index.neighbours([3, 5], set(), 5) == [2, 6, 5, 3, 1]
            assert index.neighbours([3, 5], {2, 6}, 2) == [5, 3]


def test_band_agreement_is_the_same_read_back_and_added_and_gates_the_graph(
    tmp_path: Path,
) -> None:
    """``_BandRows`` counts the buckets two articles share (agreeing bands), the same whether
    read from ``lsh_bands`` or added as articles are stored; copies found through the graph
    are measured only when they agree on ``neighbour_min_bands``."""
    conn = _bands_db()
    rows = {1: [5, -3, 9, 40], 2: [7, 9, 5, 11], 3: [2]}
    for article, buckets in rows.items():
        conn.executemany("INSERT INTO lsh_bands VALUES (?, ?)", [(b, article) for b in buckets])
    read = neardup._BandRows(conn, bands=4)
    added = neardup._BandRows(_bands_db(), bands=4)
    for article, buckets in rows.items():
        added.add(article, buckets)
    for got in (read, added):
        assert got.agree(np.array([1, 2, 3]), [9, 5, 2, 8]).tolist() == [2, 2, 1]
    params = LshParams(
        family_keep=0, bucket_cap=1, containment_candidates=0, neighbour_candidates=10
    )
    with Store.open(tmp_path / "m.db") as store:
        store.set_lsh_params(neardup.LshParams(**{**params.__dict__, "neighbour_min_bands": 65}))
        for article in copies(3):
            store.add(article)
        assert partners(store, "c2") == {"c1"}  # c0 is offered, but 64 bands cannot agree on 65


def test_a_graph_first_read_after_a_versions_relation_holds_it_once(tmp_path: Path) -> None:
    """A new text at a stored URL is a version without any copy found: the graph is first
    read after that relation is written, and holds it once, not twice."""
    other = "Tide tables for the estuary were printed wrong in three weekend editions, the "
    other += "harbour office said, and boats should use the corrected ones posted at the quay."
    with Store.open(tmp_path / "v.db") as store:
        store.set_lsh_params(LshParams(family_keep=0, neighbour_candidates=10))
        store.add(Article("a", "a.txt", BASE, url="https://news.example/tides"))
        with store.batch():
            added = store.add(Article("b", "b.txt", other, url="https://news.example/tides"))
            assert [r.kind for r in added.relations] == ["version"]
            earlier, later = store.index._neighbours()
            assert earlier.lookup(neardup.graph_keys([added.id]))[0].tolist() == [1]
            assert later.lookup(neardup.graph_keys([1]))[0].tolist() == [added.id]


def test_runs_shrink_by_the_merge_ratio_and_answer_as_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new run is merged into the one before it while it holds an eighth of its rows or
    more, so each run is over eight times the next (a lookup reads few runs), and the
    lookups answer as one copy read whole from SQLite."""
    monkeypatch.setattr(_BucketCache, "MERGE_EVERY", 5)
    rng = np.random.default_rng(11)
    conn = _bands_db()
    cache = _BucketCache(conn, keep=4)
    for article in range(1, 400):
        rows = [(int(b), article) for b in rng.choice(40, size=3, replace=False)]
        conn.executemany("INSERT INTO lsh_bands VALUES (?, ?)", rows)
        conn.execute("INSERT INTO article_shingles VALUES (?)", (article,))
        cache.add(article, rows)
        sizes = [len(r) for r in cache.runs]
        assert all(newer * 8 < older for older, newer in zip(sizes, sizes[1:], strict=False))
    fresh = _BucketCache(conn, keep=4)
    for b in range(40):
        assert sorted(cache.lookup([b])[0].tolist()) == sorted(fresh.lookup([b])[0].tolist())
