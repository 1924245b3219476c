"""The array steps of the near-duplicate index's candidate retrieval give the answers of the
plainer numpy calls they replace (``np.unique``, ``np.lexsort``, a set per key), so that the
store's relations do not change when they get faster."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.analyze.relations import links
from newsprism.store.families import Families, build
from newsprism.store.neardup import (
    _SIGNATURE_ROWS,
    LshParams,
    MinHasher,
    NearDuplicateIndex,
    _BucketCache,
    _distinct,
    _insert_keys,
    _mix,
    _ranked,
    _rare,
    _tally,
    anchors,
    shingle_keys,
)

_ids = st.lists(st.integers(0, 60), max_size=200)


@settings(max_examples=200, deadline=None)
@given(values=_ids)
def test_tally_is_unique_with_counts(values: list[int]) -> None:
    arr = np.array(values, dtype=np.int64)
    got, counts = _tally(arr)
    want, want_counts = np.unique(arr, return_counts=True)
    assert got.tolist() == want.tolist()
    assert counts.tolist() == want_counts.tolist()


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(0, 2**64 - 1), max_size=200))
def test_distinct_is_unique(values: list[int]) -> None:
    arr = np.array(values, dtype=np.uint64)
    got = _distinct(arr)
    assert got.dtype == np.uint64
    assert got.tolist() == np.unique(arr).tolist()
    signed = arr.view(np.int64)
    assert _distinct(signed).tolist() == np.unique(signed).tolist()


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(0, 2**64 - 1), max_size=80), window=st.integers(1, 12))
def test_anchors_are_the_least_key_of_each_window(values: list[int], window: int) -> None:
    hashes = np.array(values, dtype=np.uint64)
    got = anchors(hashes, window)
    keys = shingle_keys(hashes).tolist()
    if len(keys) <= window:
        want = sorted(set(keys))
    else:
        want = sorted({min(keys[i : i + window]) for i in range(len(keys) - window + 1)})
    assert got.dtype == np.int64
    assert got.tolist() == want


@pytest.mark.parametrize(
    "size", [1, 7, _SIGNATURE_ROWS - 1, _SIGNATURE_ROWS, 2 * _SIGNATURE_ROWS + 3]
)
def test_signature_by_blocks_is_the_minimum_over_all_shingles(size: int) -> None:
    hasher = MinHasher(64, seed=3)
    shingles = np.sort(np.random.default_rng(size).integers(0, 2**64 - 1, size, dtype=np.uint64))
    want = _mix(shingles[:, None] ^ hasher.seeds[None, :]).min(axis=0)
    got = hasher.signature(shingles)
    assert got.dtype == np.uint64
    assert got.tolist() == want.tolist()
    assert hasher.signature(shingles[:0]).tolist() == [2**64 - 1] * 64


@settings(max_examples=200, deadline=None)
@given(values=_ids, scores=st.data(), floats=st.booleans())
def test_ranked_is_the_lexsort_by_score_then_newest(
    values: list[int], scores: st.DataObject, floats: bool
) -> None:
    ids = np.unique(np.array(values, dtype=np.int64))
    score = st.floats(0, 3, allow_nan=False) if floats else st.integers(0, 4)  # ties likely
    got = scores.draw(st.lists(score, min_size=len(ids), max_size=len(ids)))
    arr = np.array(got, dtype=np.float64 if floats else np.int64)
    assert _ranked(ids, arr).tolist() == ids[np.lexsort((-ids, -arr))].tolist()


def _families_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE relations (a INTEGER, b INTEGER, kind TEXT, score REAL)")
    build(conn, fill=False)
    return conn


def _joined(joins: list[tuple[int, int]]) -> Families:
    """Families after the joins that keep them trees (a newer article joins an older one that
    has not joined another family itself)."""
    fams = Families(_families_db())
    joined: set[int] = set()
    for article, best in joins:
        if article > best and article not in joined and best not in joined | {article}:
            fams.join(article, best)
            joined.add(article)
    return fams


@settings(max_examples=100, deadline=None)
@given(
    joins=st.lists(st.tuples(st.integers(1, 30), st.integers(0, 29)), max_size=20),
    hits=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 7)), max_size=80),
)
def test_families_count_distinct_families_per_key(
    joins: list[tuple[int, int]], hits: list[tuple[int, int]]
) -> None:
    """Articles past the family array (never joined) are each a family of their own."""
    fams = _joined(joins)
    arts = np.array([a for a, _ in hits], dtype=np.int64)
    which = np.array([w for _, w in hits], dtype=np.int64)
    want = [len({fams.family(a) for a, w in hits if w == key}) for key in range(8)]
    assert fams.count(arts, which, 8).tolist() == want


def test_keys_are_inserted_once_whatever_their_number() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE lsh_bands (bucket INTEGER NOT NULL, article INTEGER NOT NULL, "
        "PRIMARY KEY (article, bucket)) WITHOUT ROWID"
    )
    want = set()
    for article, n in enumerate([0, 1, 15, 16, 17, 63, 64, 65, 130]):
        keys = [(-1) ** k * (k * 7919 + article) << 40 for k in range(n)]
        _insert_keys(conn, "lsh_bands", "bucket", article, keys)
        _insert_keys(conn, "lsh_bands", "bucket", article, keys[: n // 2])  # again: ignored
        want |= {(k, article) for k in keys}
    got = set(conn.execute("SELECT bucket, article FROM lsh_bands").fetchall())
    assert got == want
    assert conn.execute("SELECT count(*) FROM lsh_bands").fetchone()[0] == len(want)


def _passage_partners_before(
    rowid: int, shingles: np.ndarray, anchors: np.ndarray, measured: set[int], limit: int
) -> list[int]:
    """``passage_partners`` as it was written with ``np.unique`` and set lookups."""
    ids_s, n_s = np.unique(shingles, return_counts=True)
    enough = n_s >= links.PASSAGE_MIN_WORDS - links.SHINGLE + 1
    ids_l, n_l = np.unique(anchors, return_counts=True)
    ids = np.concatenate([ids_s[enough], ids_l])
    shared = np.concatenate([n_s[enough], n_l])
    keep = ids != rowid
    ids, shared = ids[keep], shared[keep]
    ranked = ids[np.lexsort((-ids, -shared))].tolist()
    if not measured:
        return ranked[:limit]
    fresh = [i for i in ranked if i not in measured][:limit]
    return [i for i in ranked if i in measured] + fresh


@settings(max_examples=150, deadline=None)
@given(
    shingles=st.lists(st.integers(0, 40), max_size=300),
    anchors=st.lists(st.integers(41, 80), max_size=60),
    measured=st.sets(st.integers(0, 80), max_size=20),
    limit=st.integers(1, 10),
)
def test_passage_partners_as_before(
    shingles: list[int], anchors: list[int], measured: set[int], limit: int
) -> None:
    index = NearDuplicateIndex(sqlite3.connect(":memory:"), LshParams(passage_lookup=limit))
    s = np.array(shingles, dtype=np.int64)
    a = np.array(anchors, dtype=np.int64)
    got = index.passage_partners(7, s, a, measured)
    assert got == _passage_partners_before(7, s, a, measured, limit)


def _bands_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE lsh_bands (bucket INTEGER, article INTEGER)")
    conn.execute("CREATE TABLE article_shingles (article INTEGER PRIMARY KEY)")
    return conn


_EXTREMES = [-(2**63), -1, 0, 2**63 - 1]


@settings(max_examples=60, deadline=None)
@given(
    adds=st.lists(
        st.lists(st.one_of(st.integers(0, 6), st.sampled_from(_EXTREMES)), max_size=12),
        min_size=1,
        max_size=60,
    ),
    keep=st.sampled_from([0, 1, 3]),
    every=st.integers(1, 40),
    ratio=st.sampled_from([2, 8]),
)
def test_the_bucket_cache_answers_the_newest_rows_ever_added(
    adds: list[list[int]], keep: int, every: int, ratio: int
) -> None:
    """Whatever the runs and pending rows (every few rows a run, runs merged), a lookup of
    any buckets answers, for each, its members in the order added, the newest ``keep`` of
    them; an article's rows may share a bucket (as a copy graph's rows do)."""
    cache = _BucketCache(_bands_db(), keep)
    cache.MERGE_EVERY, cache.MERGE_RATIO = every, ratio
    members: dict[int, list[int]] = {}
    query = np.array([0, 3, 6, 9, *_EXTREMES, 3], dtype=np.int64)
    for article, buckets in enumerate(adds, start=1):
        if article % 2:
            cache.add_keys(article, list(dict.fromkeys(buckets)))
        else:  # rows given one by one, a bucket more than once, articles older first
            cache.add(article, [(b, article) for b in buckets])
        for b in buckets if article % 2 == 0 else dict.fromkeys(buckets):
            members.setdefault(b, []).append(article)
        arts, which = cache.lookup(query)
        got = [sorted(arts[which == i].tolist()) for i in range(len(query))]
        want = [sorted(members.get(int(b), [])[-keep if keep else 0 :]) for b in query]
        assert got == want
        sizes = [len(r) for r in cache.runs]
        assert all(newer * ratio < older for older, newer in zip(sizes, sizes[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(
    joins=st.lists(st.tuples(st.integers(1, 30), st.integers(0, 29)), max_size=20),
    hits=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3)), max_size=60),
    common=st.integers(1, 6),
    families=st.booleans(),
)
def test_rare_keys_are_those_held_by_fewer_than_common_families(
    joins: list[tuple[int, int]], hits: list[tuple[int, int]], common: int, families: bool
) -> None:
    fams = _joined(joins)
    arts = np.array([a for a, _ in hits], dtype=np.int64)
    which = np.array([w for _, w in hits], dtype=np.int64)
    per_key = np.bincount(which, minlength=4)
    holders = fams.count(arts, which, 4) if families else per_key
    got = _rare(arts, which, per_key, common, fams if families else None)
    assert got.tolist() == (holders[which] < common).tolist()
