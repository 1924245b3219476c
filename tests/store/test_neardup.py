"""Near-duplicates in the store are the relations ``brief`` finds, found incrementally."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.generated import write_feed

from newsprism.analyze.relations import links
from newsprism.eval.synthetic import generate
from newsprism.model import Article
from newsprism.nlp.segment import content_segments
from newsprism.store import LshParams, Store, ingest
from newsprism.store.neardup import (
    ArticleName,
    MinHasher,
    _Doc,
    _Segment,
    _side_bytes,
    buckets,
)


def exact(articles: list[Article]) -> set[tuple[str, str, str, float]]:
    """All-pairs relations as ``brief`` computes them (links._classify over every pair)."""
    docs = [_Doc(a, [_Segment(s) for s in content_segments(a)]) for a in articles]
    cache: dict[str, int] = {}
    profiles = [links._profile(cast(Any, d), cache) for d in docs]
    everything, unquoted, cols = links._matrices(profiles)
    rels = links._classify(cast(Any, docs), profiles, everything, unquoted, cols)
    return {(r.a, r.b, r.kind, r.score) for r in rels}


def stored(store: Store) -> set[tuple[str, str, str, float]]:
    return {(r.a, r.b, r.kind, r.score) for r in store.relations()}


def test_store_finds_the_relations_brief_finds(examples_dir: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        ingest(store, [str(examples_dir), str(examples_dir.parent / "stories")])
        articles = [s.article for s in store.articles()]
        want = exact(articles)
        got = stored(store)
    copies = {r for r in want if r[2] != "shares_passages"}
    assert copies, "the example story has a version and a wire copy"
    assert {r for r in got if r[2] != "shares_passages"} == copies
    assert got <= want
    passages = {r for r in want if r[2] == "shares_passages"}
    assert len(got & passages) >= 0.9 * len(passages)


def test_synthetic_corpus_copies_match_exact(tmp_path: Path) -> None:
    texts = generate(60, seed=3)
    path = write_feed(tmp_path / "syn.jsonl", texts)
    with Store.open(tmp_path / "s.db") as store:
        ingest(store, [str(path)])
        want = exact([s.article for s in store.articles()])
        got = stored(store)
    copies = {r for r in want if r[2] != "shares_passages"}
    found = {r for r in got if r[2] != "shares_passages"}
    assert found <= copies
    assert len(found) >= 0.98 * len(copies)


def test_minhash_estimates_jaccard() -> None:
    rng = np.random.default_rng(0)
    base = rng.integers(0, 2**63, 400, dtype=np.uint64)
    other = np.concatenate([base[:200], rng.integers(0, 2**63, 200, dtype=np.uint64)])
    h = MinHasher(256, seed=5)
    sa, sb = h.signature(np.unique(base)), h.signature(np.unique(other))
    est = float((sa == sb).mean())
    assert abs(est - 200 / 600) < 0.08
    p = LshParams(num_perm=256, bands=128, rows=2)
    assert len(buckets(sa, p)) == 128
    assert buckets(sa, p) == buckets(h.signature(np.unique(base)), p)


def test_lsh_params_are_fixed_once_articles_are_stored(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        store.set_lsh_params(LshParams(num_perm=32, bands=16, rows=2))
        store.add(Article("a", "a", "Some words about a ferry and a long harbour wall by the sea."))
    with Store.open(tmp_path / "p.db") as store:
        assert store.lsh_params.bands == 16
        try:
            store.set_lsh_params(LshParams())
        except ValueError:
            pass
        else:
            raise AssertionError("changing LSH settings of a filled store must fail")


def test_in_memory_bands_give_the_same_relations_across_merges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism.store import neardup

    src = _synthetic(tmp_path / "syn.jsonl", 80, 5)
    got = []
    for every in (20_000, 7):
        monkeypatch.setattr(neardup._BucketCache, "MERGE_EVERY", every)
        with Store.open(tmp_path / f"m{every}.db") as store:
            ingest(store, [str(src)], batch_size=9)
            got.append(stored(store))
            if every == 7:
                assert store.index._buckets().runs  # pending rows became sorted runs
    assert got[0] == got[1] and got[0]


def _synthetic(path: Path, n: int, seed: int) -> Path:
    return write_feed(path, generate(n, seed=seed))


def test_recent_fingerprints_are_measured_from_memory(tmp_path: Path) -> None:
    first = _synthetic(tmp_path / "a.jsonl", 60, seed=7)
    later = _synthetic(tmp_path / "b.jsonl", 90, seed=7)  # the same 60, then 30 more
    got = []
    for cache_mb in (256.0, 0.0):
        with Store.open(tmp_path / f"c{cache_mb}.db", fingerprint_cache_mb=cache_mb) as store:
            ingest(store, [str(first)])
            reads: list[str] = []
            store.conn.set_trace_callback(reads.append)
            report = ingest(store, [str(later)], force=True)
            store.conn.set_trace_callback(None)
            assert report.new == 30 and sum(report.relations.values())
            shingle_reads = [s for s in reads if "FROM article_shingles s" in s]
            assert bool(shingle_reads) == (cache_mb == 0)
            got.append(stored(store))
    assert got[0] == got[1]


def test_a_small_cache_holds_compact_sides_and_relates_as_a_large_one(tmp_path: Path) -> None:
    """The writer's cache keeps a stored article's side compact (no blob, no positions) once
    the arrays the measures read are computed: a new article's at once (the workers computed
    them), one read back from SQLite when it was measured.  A cache that holds a few articles
    (read back over and over) relates the store exactly as one that holds them all, and never
    holds more than its bytes."""
    src = _synthetic(tmp_path / "s.jsonl", 120, seed=13)
    got = []
    for cache_mb in (256.0, 0.03):
        with Store.open(tmp_path / f"k{cache_mb}.db", fingerprint_cache_mb=cache_mb) as store:
            ingest(store, [str(src)], batch_size=10)
            index = store.index
            assert 0 < index._sides_bytes <= index._sides_cap
            sides = list(index._sides.values())
            assert index._sides_bytes == sum(map(_side_bytes, sides))
            if cache_mb > 1:
                assert len(sides) == 120 and all(s.fp._blob is None for s in sides)
            else:
                assert len(sides) < 20
            got.append(stored(store))
    assert got[0] == got[1] and got[0]


def test_loads_touch_the_cache_in_the_order_asked(tmp_path: Path) -> None:
    """``load`` moves each article it finds in the fingerprint cache to the cache's newest
    end in the order asked (the least recently used goes first), whether every one asked is
    cached (the fast path) or some are missing: those are read back from SQLite, cached
    after the others, and held compact at once (their arrays computed), as every side is."""
    src = _synthetic(tmp_path / "s.jsonl", 30, seed=5)
    with Store.open(tmp_path / "s.db") as store:
        ingest(store, [str(src)], batch_size=10)
        index = store.index

        def blobs() -> set[int]:
            return {i for i, side in index._sides.items() if side.fp._blob is not None}

        def touched(before: list[int], asked: list[int]) -> list[int]:
            last = list(dict.fromkeys(reversed(asked)))[::-1]  # each at its last touch
            return [i for i in before if i not in asked] + last

        assert blobs() == set()
        before = list(index._sides)
        asked = [7, 3, 22, 3, 15]
        got = index.load(asked)
        assert [i for i, _ in got] == asked
        assert list(index._sides) == touched(before, asked)
        kept = {i: side.fp.parts() for i, side in index._sides.items()}
        # two forgotten: read back from SQLite, newest end, after the cached ones, compact
        for gone in (4, 9):
            index._sides_bytes -= _side_bytes(index._sides.pop(gone))
        before = list(index._sides)
        got = index.load([9, 12, 4, 1])
        assert [i for i, _ in got] == [9, 12, 4, 1]
        assert list(index._sides)[:-2] == touched(before, [12, 1])
        assert set(list(index._sides)[-2:]) == {4, 9}
        assert blobs() == set()
        for i in (4, 9):
            side = dict(got)[i]
            assert side is index._sides[i] and side.fp._run_keys is not None
            assert isinstance(side.article, ArticleName)
            assert all(
                np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y
                for x, y in zip(side.fp.parts(), kept[i], strict=True)
            )
        assert index._sides_bytes == sum(map(_side_bytes, index._sides.values()))


def test_a_compact_fingerprint_measures_as_the_one_it_was_made_from() -> None:
    from newsprism.store.neardup import Fingerprint, Side, measure_many

    sides = _sides(20, seed=37)
    params = LshParams()
    packed = [Side(s.article, s.fp.packed(params)) for s in sides]
    compact = [Side(s.article, s.fp.compact()) for s in packed]
    read = [Side(s.article, Fingerprint.from_blob(s.fp.to_blob(), "", None)) for s in sides]
    assert read[0].fp.compact() is None  # nothing computed yet: nothing to keep
    for j in range(1, len(sides)):
        want = measure_many(sides[:j], sides[j], j)
        assert measure_many(compact[:j], sides[j], j) == want
    small = compact[0].fp
    assert small.nbytes() < packed[0].fp.nbytes()
    assert small.run_keys.dtype == np.uint8  # short articles: every key fits in a byte
    assert small.parts()[2] == len(packed[0].fp.own) and not len(small.own)
    with pytest.raises(ValueError):
        small.positional()


@pytest.mark.parametrize("narrow", [(1 << 8, 1 << 16), (0, 1 << 16), (0, 0)])
def test_a_side_read_back_is_the_compact_side_of_its_blob(
    monkeypatch: Any, narrow: tuple[int, int]
) -> None:
    """``compact_from_blob`` (what the writer's cache keeps of a fingerprint read back from
    SQLite) holds the arrays, of the same types, and the figures that the blob's fingerprint
    made compact holds once its own flags and run keys are computed; for every width of run
    keys, for an article with no shingles, and for one with a single token."""
    from newsprism.store import neardup
    from newsprism.store.neardup import Fingerprint, Fingerprinter, compact_from_blob

    monkeypatch.setattr(neardup, "_UINT8", narrow[0])
    monkeypatch.setattr(neardup, "_UINT16", narrow[1])
    fps = [s.fp for s in _sides(16, seed=43)]
    fingerprint = Fingerprinter(LshParams())
    fps += [fingerprint(Article("e", "x", "")), fingerprint(Article("w", "x", "Word."))]
    for fp in fps:
        blob = fp.to_blob()
        slow = Fingerprint.from_blob(blob, fp.words_hash, fp.wire)
        slow.own_mask, slow.run_keys  # noqa: B018
        want = slow.compact()
        got = compact_from_blob(blob, fp.words_hash, fp.wire)
        assert want is not None
        for a, b in zip(
            (*want.parts(), want.run_keys, want.own),
            (*got.parts(), got.run_keys, got.own),
            strict=True,
        ):
            if isinstance(a, np.ndarray):
                assert a.dtype == b.dtype and np.array_equal(a, b)
            else:
                assert a == b
        assert (got.words_hash, got.wire, got.words) == (fp.words_hash, fp.wire, fp.words)
        assert got.nbytes() == want.nbytes() and got._blob is None


def test_compact_run_keys_too_large_for_uint16_measure_alike(monkeypatch: Any) -> None:
    """Run keys are kept in the narrowest of ``uint8``, ``uint16`` and ``int32`` that holds
    them all; pairs whose older articles mix the three (and sides read back, as ``int64``)
    measure as the full fingerprints."""
    from newsprism.store import neardup
    from newsprism.store.neardup import Side, measure_many

    sides = _sides(24, seed=41)
    params = LshParams()
    packed = [Side(s.article, s.fp.packed(params)) for s in sides]
    low, high = np.quantile([int(s.fp.run_keys.max()) for s in packed], [1 / 3, 2 / 3])
    monkeypatch.setattr(neardup, "_UINT8", int(low))  # a third of the articles "short"
    monkeypatch.setattr(neardup, "_UINT16", int(high))  # a third "too long"
    compact = [Side(s.article, s.fp.compact()) for s in packed]
    kinds = {s.fp.run_keys.dtype for s in compact}
    assert kinds == {np.dtype(np.uint8), np.dtype(np.uint16), np.dtype(np.int32)}
    mixed = [s if i % 3 else sides[i] for i, s in enumerate(compact)]  # int64 keys too
    for j in range(1, len(sides)):
        want = measure_many(sides[:j], sides[j], j)
        assert measure_many(compact[:j], sides[j], j) == want
        assert measure_many(mixed[:j], packed[j], j) == want


def test_passage_checks_of_many_pairs_at_once_equal_one_at_a_time(tmp_path: Path) -> None:
    from newsprism.store.neardup import Fingerprinter, Side, measure, measure_many

    texts = generate(40, seed=11)
    fp = Fingerprinter(LshParams())
    sides = [Side(a, fp(a)) for a in (Article(g.name, "x", g.text, outlet=g.outlet) for g in texts)]
    checked = 0
    for k, new in enumerate(sides[1:], start=1):
        olds = sides[:k]
        many = measure_many(olds, new, passages=len(olds))
        assert many == [measure(o, new) for o in olds]
        checked += sum(1 for m in many if m is not None and m[0] == "shares_passages")
    assert checked > 10  # the check ran on pairs where either article was the smaller


def _sides(n: int, seed: int) -> list[Any]:
    from newsprism.store.neardup import Fingerprinter, Side

    fp = Fingerprinter(LshParams())
    arts = [Article(g.name, "x", g.text, outlet=g.outlet) for g in generate(n, seed=seed)]
    return [Side(a, fp(a)) for a in arts]


def test_pair_measures_equal_brief_on_every_pair() -> None:
    """``measure`` (through ``measure_many``'s vectorised path) gives each pair the relation and
    score that ``links._classify`` gives it when it sees every pair at once."""
    from newsprism.store.neardup import measure

    sides = _sides(45, seed=19)
    want = {(r[0], r[1]): (r[2], r[3]) for r in exact([s.article for s in sides])}
    got = {}
    for j, new in enumerate(sides):
        for old in sides[:j]:
            m = measure(old, new)
            if m is not None:
                got[(old.article.id, new.article.id)] = m
    assert got == want
    assert {k for k, _ in want.values()} >= {"syndicated", "shares_passages"}


def _run_words(pairs: list[tuple[Any, np.ndarray]]) -> list[int]:
    """``shared_run_words`` over ``(fingerprint, held)`` pairs (held: by the fingerprint's
    shingles in text order, whether the other article holds each)."""
    from newsprism.store.neardup import shared_run_words

    parts = [np.zeros((4, 0), dtype=np.int64)]
    for r, (fp, held) in enumerate(pairs):
        keys = fp.run_keys[1:, np.flatnonzero(held)]
        parts.append(np.vstack([np.full(keys.shape[1], r), keys]))
    cat = np.concatenate(parts, axis=1)
    return cast(list[int], shared_run_words(*cat, len(pairs)).tolist())


def test_passage_words_of_many_pairs_at_once_equal_links() -> None:
    from newsprism.store.neardup import _held

    sides = _sides(30, seed=23)
    rng = np.random.default_rng(4)
    pairs = []
    for i in range(len(sides) - 1):
        fp = sides[i].fp
        pairs.append((fp, _held(fp.profile.hashes, sides[i + 1].fp.shingles)))
        noise = rng.random(len(fp.profile.hashes)) < 0.7  # runs of every length, cut anywhere
        pairs.append((fp, noise))
    empty = Article("e", "x", "Short.")
    pairs.insert(5, (_sides_of(empty).fp, np.zeros(0, dtype=bool)))
    # one paragraph, wholly shared, twice in a row: its runs end where each pair's tokens end
    para = Article(
        "p",
        "x",
        "The ferry company said the harbour crossing would close for repairs "
        "until the end of the month while engineers inspect the old slipway.",
    )
    fp = _sides_of(para).fp
    pairs[8:8] = [(fp, np.ones(len(fp.profile.hashes), dtype=bool))] * 2
    want = [int(links.passage_words(f.profile, h[None, :])[0]) for f, h in pairs]
    assert _run_words(pairs) == want
    assert sum(1 for w in want if w) > 10 and _run_words([]) == []


# a small vocabulary, so that random texts share runs of every length, and a third of it
# content words (capitalised words and stop words are not), so that a run's content words
# fall on both sides of the least a passage needs
_VOCAB = ("the", "of", "and", "to", "Quay", "Hale", "ferry", "harbour", "crossing")
_texts = st.lists(st.lists(st.sampled_from(_VOCAB), max_size=40), min_size=1, max_size=3).map(
    lambda paragraphs: "\n\n".join(" ".join(words) for words in paragraphs)
)


@settings(max_examples=150, deadline=None)
@given(text=_texts, data=st.data())
def test_passage_words_from_shared_shingles_alone_equal_links_on_any_held_mask(
    text: str, data: st.DataObject
) -> None:
    """The check over the shared shingles alone counts exactly the words ``links`` counts
    over every token, whatever the other article holds: runs cut by a gap, by a paragraph's
    end or by too few content words, in one pair or many laid end to end."""
    fp = _sides_of(Article("t", "x", text)).fp
    n = len(fp.profile.hashes)
    masks = data.draw(st.lists(st.lists(st.booleans(), min_size=n, max_size=n), max_size=3))
    pairs = [(fp, np.asarray(m, dtype=bool)) for m in masks]
    want = [int(links.passage_words(f.profile, h[None, :])[0]) for f, h in pairs]
    assert _run_words(pairs) == want


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_texts, min_size=2, max_size=6))
def test_every_pair_checked_for_passages_gives_what_brief_gives(texts: list[str]) -> None:
    """``measure_many`` with every pair checked writes exactly ``links._classify``'s relation
    and score for each pair: it never misses a passage ``brief`` finds, nor finds one it does
    not, whichever article of a pair is the smaller."""
    from newsprism.store.neardup import measure_many

    arts = [Article(f"a{i}", "x", t) for i, t in enumerate(texts)]
    sides = [_sides_of(a) for a in arts]
    want = {(r[0], r[1]): (r[2], r[3]) for r in exact(arts)}
    got = {}
    for j in range(1, len(sides)):
        for old, m in zip(sides[:j], measure_many(sides[:j], sides[j], j), strict=True):
            if m is not None:
                got[(old.article.id, arts[j].id)] = m
    assert got == want


def _sides_of(article: Article) -> Any:
    from newsprism.store.neardup import Fingerprinter, Side

    return Side(article, Fingerprinter(LshParams())(article))


def test_a_packed_fingerprint_pickles_as_its_blob_and_measures_the_same() -> None:
    import pickle

    from newsprism.store.neardup import Fingerprint, Side, buckets, measure_many, shingle_keys

    sides = _sides(12, seed=29)
    params = LshParams()
    for side in sides:
        packed = side.fp.packed(params)
        back = pickle.loads(pickle.dumps(packed))
        assert len(pickle.dumps(packed)) < len(pickle.dumps(side.fp))
        assert back.to_blob() == side.fp.to_blob()
        assert back.bucket_ids == buckets(side.fp.signature, params)
        for a, b in zip(back.positional(), side.fp.positional(), strict=True):
            assert np.array_equal(a, b)
        # what the writer's pair measures read travels with it, computed in the worker
        assert back._own_mask is not None and back._run_keys is not None
        assert np.array_equal(back.own_mask, side.fp.own_mask)
        assert np.array_equal(back.run_keys, side.fp.run_keys)
        assert back.run_keys.dtype == np.int32  # as ``compact`` keeps them: the same values
        assert np.array_equal(back.text_index, side.fp.text_index)
        # and what the containment lookups read of a new article
        assert back._as_keys is not None and back.containment_keys is not None
        assert np.array_equal(back.as_keys, shingle_keys(side.fp.shingles))
        fresh = Fingerprint.from_blob(side.fp.to_blob(), side.fp.words_hash, side.fp.wire)
        assert np.array_equal(back.containment_keys, fresh.index_keys(params))
    new = sides[-1]
    again = Side(new.article, pickle.loads(pickle.dumps(new.fp.packed(params))))
    assert measure_many(sides[:-1], again, 11) == measure_many(sides[:-1], new, 11)


def _shifted(side: Any, bits: int) -> Any:
    """``side`` with every shingle hash shifted left by ``bits``: the same sets and order
    relations between articles (a one-to-one map on these hashes), but every hash's low bits
    zero, so that all of them fall in one slot of ``measure_many``'s presence table."""
    from newsprism.store.neardup import Fingerprint, Side

    fp = side.fp
    hashes, quoted, pos, seg, content = fp.positional()
    moved = hashes << np.uint64(bits)
    return Side(
        side.article,
        Fingerprint(
            np.unique(moved),
            np.unique(moved[~quoted]),
            fp.words_hash,
            fp.wire,
            fp.words,
            (moved, quoted, pos, seg, content),
        ),
    )


def test_pair_measures_do_not_depend_on_the_hashes_low_bits() -> None:
    """``measure_many`` drops the old shingles the new article cannot hold by a table on their
    low bits before its sorted search: with every hash's low bits equal (nothing dropped) it
    finds exactly the relations and scores it finds on the real hashes."""
    from newsprism.store.neardup import measure_many

    sides = _sides(30, seed=31)
    shifted = [_shifted(s, 20) for s in sides]
    for s in sides:  # the shift kept the hashes distinct: the sets are the same
        assert len(np.unique(s.fp.shingles << np.uint64(20))) == len(s.fp.shingles)
    found = 0
    for j in range(1, len(sides)):
        want = measure_many(sides[:j], sides[j], j)
        assert measure_many(shifted[:j], shifted[j], j) == want
        found += sum(1 for m in want if m is not None)
    assert found > 20


@pytest.mark.parametrize("n", [0, 1, 7, 300, 20_000])
def test_a_runs_directory_finds_exactly_the_members_of_each_bucket(n: int) -> None:
    """A sorted run looks buckets up through a directory on their top bits; it returns the
    same (article, query) pairs as two binary searches would, for hot buckets (many members),
    absent ones, and the extreme 64-bit values."""
    from newsprism.store.neardup import _BucketCache

    rng = np.random.default_rng(n)
    b = rng.integers(-(2**63), 2**63 - 1, size=n, dtype=np.int64)
    if n > 10:
        b[: n // 3] = rng.choice(b[n // 3 :], size=n // 3)  # a third of the rows in hot buckets
    if n >= 2:
        b[:2] = [-(2**63), 2**63 - 1]
    a = rng.integers(1, 10**6, size=n, dtype=np.int64)
    order = np.lexsort((a, b))
    b, a = b[order], a[order]
    q = np.concatenate(
        [
            rng.choice(b, size=min(40, n)) if n else np.zeros(0, dtype=np.int64),
            rng.integers(-(2**63), 2**63 - 1, size=24, dtype=np.int64),
            np.array([-(2**63), 2**63 - 1], dtype=np.int64),
        ]
    )
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE lsh_bands (bucket INTEGER, article INTEGER)")
    conn.execute("CREATE TABLE article_shingles (article INTEGER PRIMARY KEY)")
    run = _BucketCache(conn)
    run._push(b, a)  # one sorted run
    got, at = run.lookup(q)
    lo, hi = np.searchsorted(b, q, "left"), np.searchsorted(b, q, "right")
    want = sorted((int(a[j]), i) for i in range(len(q)) for j in range(lo[i], hi[i]))
    assert sorted(zip(got.tolist(), at.tolist(), strict=True)) == want


def test_a_fingerprints_arrays_travel_as_bytes_with_their_types() -> None:
    """Pickled, every array of a fingerprint (packed or not) comes back with its dtype, shape and
    values, as the pool's pickler sends it (``Fingerprint.__getstate__``)."""
    import pickle
    from multiprocessing.reduction import ForkingPickler

    from newsprism.store.neardup import Fingerprint

    params = LshParams()
    for side in _sides(6, seed=31):
        for fp in (side.fp, side.fp.packed(params)):
            back = pickle.loads(ForkingPickler.dumps(fp))
            for name in Fingerprint.__slots__:
                value = getattr(fp, name)
                if name in ("_positional", "_parts"):
                    continue  # not sent with a blob: decoded again when asked
                got = getattr(back, name)
                if isinstance(value, np.ndarray):
                    assert isinstance(got, np.ndarray), name
                    small = name in ("_run_keys", "_text_index") and fp._blob is not None
                    want = value.astype(np.int32) if small else value  # as ``compact`` keeps them
                    assert got.dtype == want.dtype and got.shape == want.shape, name
                    assert np.array_equal(got, want), name
                else:
                    assert got == value, name


@pytest.mark.parametrize(
    "params",
    [
        LshParams(),
        LshParams(num_perm=48, bands=16, rows=3),  # bands of several rows
        LshParams(containment_candidates=0),  # no containment index: no lookup keys
    ],
)
def test_fingerprints_packed_at_once_equal_each_packed_alone(params: LshParams) -> None:
    """``packed_all`` (a chunk's bucket ids and containment keys by one array step each) gives
    every fingerprint as ``packed`` gives it alone: the same pickled bytes, an article without
    shingles and a lone one included."""
    from multiprocessing.reduction import ForkingPickler

    from newsprism.store.neardup import Fingerprinter, packed_all

    arts = [Article(g.name, "x", g.text, outlet=g.outlet) for g in generate(14, seed=37)]
    arts.insert(5, Article("short", "x", "Too few words.", outlet="Coastwire"))
    arts.append(Article("empty", "x", "", outlet=None))
    make = Fingerprinter(params)
    for group in (arts, arts[:1], arts[5:6], []):
        together = packed_all([make(a) for a in group], params)
        for got, a in zip(together, group, strict=True):
            want = make(a).packed(params)
            assert got.bucket_ids == want.bucket_ids
            assert bytes(ForkingPickler.dumps(got)) == bytes(ForkingPickler.dumps(want))
    assert not len(make(arts[-1]).shingles)
