"""The containment index finds a short article inside a long one, which MinHash LSH misses:
their Jaccard is far too low for the bands to propose the pair."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from newsprism.model import Article
from newsprism.store import MIGRATIONS, LshParams, Store
from newsprism.store import migrations as mig
from newsprism.store.neardup import Fingerprinter, anchors, shingle_keys

from .test_neardup import exact, stored

FLASH = (
    "FLASH: Harbour authority in Quillmouth orders the north ferry terminal shut from Thursday "
    "after cracks are found in the pier, a spokesman says. More soon."
)
SHARED = "orders the north ferry terminal shut from Thursday after cracks are found"
NAMES = ("Abara", "Okonjo", "Pellew", "Marchetti", "Tsering", "Lindqvist", "Ferreira")
THINGS = ("ramp", "ticket hall", "car deck", "waiting room", "mooring", "gangway", "kiosk")


def long_text() -> str:
    """An invented long report (about 700 words) quoting the flash's headline sentence once."""
    paras = []
    for k in range(48):
        name, thing = NAMES[k % len(NAMES)], THINGS[(k * 3) % len(THINGS)]
        paras.append(
            f"Inspector {name} reported on visit {k + 3} that the {thing} needed {k * 7 + 11} "
            f"new bolts and {k % 5 + 2} weeks of work before it could carry passengers."
        )
    paras.insert(20, f"The port company {SHARED}, according to a notice seen by this paper.")
    return "\n\n".join(paras)


def flash() -> Article:
    return Article("flash", "flash.txt", FLASH, outlet="Coast Wire")


def report() -> Article:
    return Article("report", "report.txt", long_text(), outlet="Quillmouth Post")


def lsh_proposes(store: Store, first: Article, second: Article) -> bool:
    """Whether the LSH bands alone offer the pair (with the store's settings)."""
    fp = Fingerprinter(store.lsh_params)
    a, b = fp(first).packed(store.lsh_params), fp(second).packed(store.lsh_params)
    return bool(set(a.bucket_ids or ()) & set(b.bucket_ids or ()))


def test_the_pair_is_a_copy_for_brief_and_lsh_does_not_offer_it(store: Store) -> None:
    want = exact([flash(), report()])
    assert [r[2] for r in want] == ["syndicated"]  # the flash's own text, 8 of its 21 shingles
    assert not lsh_proposes(store, flash(), report())


def test_a_long_article_finds_the_short_one_stored_before_it(tmp_path: Path) -> None:
    want = exact([flash(), report()])
    for params, found in ((LshParams(containment_candidates=0), False), (LshParams(), True)):
        with Store.open(tmp_path / f"s{params.containment_candidates}.db") as store:
            store.set_lsh_params(params)
            store.add(flash())
            store.add(report())
            assert (stored(store) == want) is found
            assert stored(store) <= want


def test_a_short_article_finds_the_long_one_stored_before_it_by_anchors(tmp_path: Path) -> None:
    """The other order needs the long article's anchors (``anchor_window``): without them its
    shingles are not in the index.  Either order gives brief's relation with them."""
    want = exact([report(), flash()])
    for window, found in ((0, False), (8, True)):
        with Store.open(tmp_path / f"w{window}.db") as store:
            store.set_lsh_params(LshParams(anchor_window=window))
            store.add(report())
            store.add(flash())
            assert (stored(store) == want) is found
    with Store.open(tmp_path / "flash-first.db") as store:
        store.set_lsh_params(LshParams(anchor_window=8))
        store.add(flash())
        store.add(report())
        assert stored(store) == exact([flash(), report()])


def test_anchors_hold_one_shingle_of_every_window() -> None:
    rng = np.random.default_rng(4)
    hashes = rng.integers(0, 2**63, size=300, dtype=np.uint64)
    keys = set(anchors(hashes, 6).tolist())
    every = shingle_keys(hashes)
    assert all(set(every[i : i + 6].tolist()) & keys for i in range(len(every) - 5))
    assert 0.2 < len(keys) / len(every) < 0.4  # about 2 / (window + 1)


def test_index_keys_are_every_shingle_of_a_short_one_and_anchors_of_a_long_one() -> None:
    params = LshParams()
    short = Fingerprinter(params)(flash())
    assert len(short.shingles) <= params.short_shingles
    assert sorted(short.index_keys(params).tolist()) == sorted(
        shingle_keys(short.shingles).tolist()
    )
    long = Fingerprinter(params)(report())
    unwindowed = LshParams(anchor_window=0)
    assert len(Fingerprinter(unwindowed)(report()).index_keys(unwindowed)) == 0
    windowed = LshParams(anchor_window=8)
    assert 0 < len(Fingerprinter(windowed)(report()).index_keys(windowed)) < len(long.shingles)


def test_a_store_from_before_the_index_is_indexed_when_it_migrates(tmp_path: Path) -> None:
    """The migration builds the index from the stored fingerprints: the same rows an ingest
    writes, so the old store then finds the copy too."""
    with Store.open(tmp_path / "fresh.db") as fresh:
        fresh.add(flash())
        want_rows = sorted(fresh.conn.execute("SELECT key, article FROM containment"))
        want_sizes = sorted(fresh.conn.execute("SELECT * FROM containment_articles"))
    assert want_rows and want_sizes
    before = [m.name for m in MIGRATIONS].index("containment_index")
    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    mig.migrate(old, MIGRATIONS[:before])
    fresh_conn = sqlite3.connect(tmp_path / "fresh.db")
    old.execute("BEGIN")
    for table in ("articles", "article_shingles", "lsh_bands"):
        rows = fresh_conn.execute(f"SELECT * FROM {table}").fetchall()
        marks = ",".join("?" * len(rows[0]))
        old.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    old.execute("COMMIT")
    assert mig.pending(old) == [m.name for m in MIGRATIONS[before:]]  # containment_index on
    old.close()
    fresh_conn.close()
    with Store.open(tmp_path / "old.db") as store:
        assert sorted(store.conn.execute("SELECT key, article FROM containment")) == want_rows
        assert sorted(store.conn.execute("SELECT * FROM containment_articles")) == want_sizes
        store.add(report())
        assert stored(store) == exact([flash(), report()])


def test_a_short_article_is_offered_only_when_it_shares_enough_to_be_a_copy(
    store: Store,
) -> None:
    """A short article sharing a few words with the new one (a common phrase, not 30 % of
    its own shingles) is not measured; one sharing its headline sentence is."""
    first = store.add(flash())
    few = Article(
        "few",
        "few.txt",
        "The committee met to discuss budgets; the north ferry terminal shut from Thursday was "
        "not on the agenda, and the members left early for the holiday weekend in the hills.",
    )
    params = store.lsh_params
    for art, offered in ((few, False), (report(), True)):
        fp = Fingerprinter(params)(art)
        with store.batch():
            ids, _ = store.index.contained(-1, fp, set())
        assert (first.id in ids) is offered
    assert store.stats().lsh["containment_keys"] == len(Fingerprinter(params)(flash()).shingles)
