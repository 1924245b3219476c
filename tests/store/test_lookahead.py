"""``Store.expect`` reads what ``Store.add`` looks up for a whole batch at once (stored keys,
taken names, the newest article at a URL); ``add`` must then answer exactly as it does
without it: the same statuses, ids, names and rows, whatever the batch holds (the same article
twice, one name for two texts, versions at one URL within a batch and across batches) and
whether the batch is written behind or not, also when the batches handed to the write-behind
thread are committed (and leave its overlay) in the middle of a batch."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.model import Article
from newsprism.store import Store, identity_key

from .test_write_behind import tables

TEXTS = [
    "The ferry to the outer islands sails again on Monday after three weeks of storms kept it "
    "in the harbour at Kelmouth.",
    "The ferry to the outer islands sails again on Monday after three weeks of storms kept it "
    "in the harbour at Kelmouth. The harbour master said the timber pier still needs repairs.",
    "Wrenby's library stays open on Sundays after councillors backed a petition signed by "
    "2,400 residents on Thursday evening.",
    "A new bus route will link the hospital and the railway station from April, the county "
    "transport office said on Tuesday.",
]
URLS = [None, "https://star.example/ferry", "https://post.example/library"]
OUTLETS = [None, "Kelmouth Star", "Wrenby Post"]

# one article: its id (name), text, URL and outlet, each picked from a few, so that they repeat
one = st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 2), st.integers(0, 2))


def article(spec: tuple[int, int, int, int]) -> Article:
    i, t, u, o = spec
    return Article(f"story-{i}", f"story-{i}.txt", TEXTS[t], url=URLS[u], outlet=OUTLETS[o])


def store_all(
    path: Path,
    batches: list[list[tuple[int, int, int, int]]],
    expect: bool,
    behind: bool,
    syncs: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[tuple[int, str, str]]:
    """Every batch stored by ``Store.add``, with or without ``expect`` first; inside
    ``write_behind`` when ``behind``, waiting for the thread (which empties its overlay of the
    committed batches) before the adds numbered in ``syncs``."""
    out = []
    with Store.open(path) as store:
        ctx = store.write_behind() if behind else store.batch()
        with ctx:
            n = 0
            for batch in batches:
                arts = [article(s) for s in batch]
                with store.batch():
                    if expect:
                        store.expect([(identity_key(a), a) for a in arts])
                    for a in arts:
                        if n in syncs and store._behind is not None:
                            store._behind.sync()
                        got = store.add(a, key=identity_key(a))
                        out.append((got.id, got.name, got.status))
                        n += 1
    return out


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    batches=st.lists(st.lists(one, min_size=1, max_size=5), min_size=1, max_size=5),
    behind=st.booleans(),
    syncs=st.sets(st.integers(0, 24), max_size=4),
)
def test_add_answers_the_same_with_expect(
    tmp_path_factory: object,
    batches: list[list[tuple[int, int, int, int]]],
    behind: bool,
    syncs: set[int],
) -> None:
    folder = tmp_path_factory.mktemp("ahead")  # type: ignore[attr-defined]
    plain = store_all(folder / "plain.db", batches, expect=False, behind=behind, syncs=syncs)
    ahead = store_all(folder / "ahead.db", batches, expect=True, behind=behind, syncs=syncs)
    assert ahead == plain
    assert tables(folder / "ahead.db") == tables(folder / "plain.db")


def test_expect_covers_duplicates_renames_and_versions(tmp_path: Path) -> None:
    batches = [
        [(0, 0, 1, 1), (0, 0, 1, 1), (0, 1, 1, 1), (1, 2, 0, 2)],  # twice; a version; new
        [(1, 3, 0, 2), (0, 0, 1, 1), (2, 3, 1, 0)],  # a name taken; stored; a version again
    ]
    for behind in (False, True):
        plain = store_all(tmp_path / f"p{behind}.db", batches, expect=False, behind=behind)
        ahead = store_all(tmp_path / f"a{behind}.db", batches, expect=True, behind=behind)
        assert ahead == plain
        statuses = [s for _, _, s in plain]
        assert " ".join(statuses) == "new same version new new same version"
        assert plain[4][1].startswith("story-1-")  # renamed: story-1 was taken
        assert tables(tmp_path / f"a{behind}.db") == tables(tmp_path / f"p{behind}.db")


def test_expect_outside_a_batch_does_nothing(tmp_path: Path) -> None:
    a = article((0, 0, 1, 1))
    with Store.open(tmp_path / "s.db") as store:
        store.expect([(identity_key(a), a)])
        assert store.add(a).status == "new"
        assert store.add(a).status == "same"


def test_stored_keys_is_has_key_for_many(tmp_path: Path) -> None:
    arts = [article((i, t, u, 0)) for i in range(4) for t in range(2) for u in range(2)]
    keys = [identity_key(a) for a in arts]
    with Store.open(tmp_path / "s.db") as store:
        added = [store.add(a, key=k) for a, k in zip(arts[::3], keys[::3], strict=True)]
        got = store.stored_keys([*keys, *keys[:5]])  # asked twice: answered once
        assert set(got) == {k for k in keys if store.has_key(k)}
        assert sorted(got.values()) == sorted((x.id, x.name) for x in added if x.status != "same")


def test_a_fingerprint_from_the_workers_stores_what_the_writer_computes(tmp_path: Path) -> None:
    """What the ingest workers compute of a new article's fingerprint (``Fingerprint.packed``,
    pickled) gives the rows ``Store.add`` writes when it fingerprints the article itself:
    short articles (every shingle a containment key) and long ones (anchors)."""
    import pickle

    from newsprism.eval.synthetic import generate
    from newsprism.store.ingest import prepare
    from newsprism.store.neardup import LshParams

    longs = [Article(g.name, f"{g.name}.txt", g.text, outlet=g.outlet) for g in generate(30, 7)]
    arts = []  # short pieces of them, stored first: found by containment when they come
    for i, long in enumerate(longs[:12]):
        piece = " ".join(long.text.split()[20 * i : 20 * i + 30])
        arts.append(Article(f"piece-{i}", f"piece-{i}.txt", piece, outlet=OUTLETS[i % 3]))
    arts += longs
    params = LshParams()
    done = pickle.loads(pickle.dumps(prepare([(identity_key(a), a) for a in arts], params)))
    assert any(len(fp.shingles) <= params.short_shingles for _, _, fp, _ in done)
    assert any(len(fp.shingles) > params.short_shingles for _, _, fp, _ in done)
    for name, packed in (("writer.db", False), ("workers.db", True)):
        with Store.open(tmp_path / name) as store, store.batch():
            for key, prepared, fp, _ in done:
                store.add(prepared, key=key, fingerprint=fp if packed else None)
    want = tables(tmp_path / "writer.db")
    assert tables(tmp_path / "workers.db") == want
    pieces = {r[0] for r in want["articles"] if r[1].startswith("piece-")}
    assert sum(r[0] in pieces or r[1] in pieces for r in want["relations"]) >= 12
