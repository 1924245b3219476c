"""The store's API: migrations, identity, versions, reading in order, search, read-only opens."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from pathlib import Path

import pytest

from newsprism.errors import NewsprismError
from newsprism.model import Article, Boilerplate, Drop
from newsprism.store import MIGRATIONS, Migration, Store, identity_key, ingest
from newsprism.store import migrations as mig
from newsprism.store.db import content_hash

TEXT = (
    "Councillors in Wrenby voted on Thursday to keep the town's library open on Sundays, after a "
    "petition signed by 2,400 residents.\nThe library's manager, Ruth Abara, said the extra day "
    "would cost about 30,000 pounds a year."
)


def art(id: str, text: str = TEXT, **kw: object) -> Article:
    return Article(id, f"{id}.txt", text, **kw)  # type: ignore[arg-type]


def test_new_store_has_every_migration_and_wal(store: Store) -> None:
    assert store.migrations == [m.name for m in MIGRATIONS]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == len(MIGRATIONS)


def test_migrations_extend_in_order(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    Store.open(path).close()
    extra = [
        *MIGRATIONS,
        Migration("plugin_tables", "CREATE TABLE plugin_notes (id INTEGER PRIMARY KEY);"),
    ]
    calls: list[str] = []
    extra.append(Migration("plugin_fill", lambda conn: calls.append("ran")))
    conn = sqlite3.connect(path, isolation_level=None)
    assert mig.pending(conn, extra) == ["plugin_tables", "plugin_fill"]
    assert mig.migrate(conn, extra) == ["plugin_tables", "plugin_fill"]
    assert mig.migrate(conn, extra) == []
    assert calls == ["ran"]
    # a store migrated by a newer newsprism is refused by an older one, with the fix named
    with pytest.raises(NewsprismError) as err:
        mig.migrate(conn, MIGRATIONS)
    assert err.value.code.code == "NP120" and "upgrade" in str(err.value)


def test_the_content_hash_index_is_dropped_and_its_column_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    names = [m.name for m in MIGRATIONS]
    conn = sqlite3.connect(path, isolation_level=None)  # as a store before the migration
    mig.migrate(conn, MIGRATIONS[: names.index("articles_content_hash_unindexed")])

    def indexes() -> set[str]:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
        return {r[0] for r in rows}

    assert "articles_content_hash" in indexes()
    conn.close()
    with Store.open(path) as store:
        store.add(art("a"))
        got = store.get_stored("a")
        assert got is not None and got.content_hash == content_hash(TEXT)
    conn = sqlite3.connect(path, isolation_level=None)
    assert "articles_content_hash" not in indexes()
    assert {"articles_published", "articles_url", "articles_outlet"} <= indexes()
    conn.close()
    with Store.open(tmp_path / "new.db") as store:  # a new store never has it
        found = store.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'articles_content_hash'"
        ).fetchone()
        assert found is None


def test_failed_migration_leaves_nothing(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "f.db", isolation_level=None)
    bad = [Migration("one", "CREATE TABLE a (x); CREATE TABLE a (y);")]
    with pytest.raises(sqlite3.OperationalError):
        mig.migrate(conn, bad)
    assert mig.applied(conn) == []
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'a'").fetchone()[0] == 0


def test_readonly_open_never_writes_and_checks_schema(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with pytest.raises(NewsprismError) as err:
        Store.open(path, readonly=True)
    assert err.value.code.code == "NP120"
    assert not path.exists()
    with Store.open(path) as s:
        s.add(art("a"))
    with Store.open(path, readonly=True) as ro:
        assert ro.count() == 1
        with pytest.raises(sqlite3.OperationalError):
            ro.add(art("b", TEXT + " More."))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM _migrations WHERE name = 'sources'")
    conn.close()
    with pytest.raises(NewsprismError) as err:
        Store.open(path, readonly=True)
    assert err.value.code.code == "NP121"


def test_bad_file_is_np120(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(NewsprismError) as err:
        Store.open(path)
    assert err.value.code.code == "NP120"
    with pytest.raises(NewsprismError):
        Store.open(tmp_path / "missing" / "x.db")


def test_round_trip_keeps_text_offsets_and_evidence(store: Store) -> None:
    a = art(
        "a",
        outlet="Wrenby Post",
        title="Library stays open",
        published="2026-02-05",
        author="Jo Marsh",
        url="https://wrenby.example/a",
        boilerplate=(Boilerplate(0, 11, "byline"),),
        evidence=(("outlet", "json: outlet"),),
    )
    added = store.add(a)
    assert added.status == "new"
    got = store.get("a")
    assert got == a
    assert store.get_stored(added.id).article == a  # type: ignore[union-attr]


def test_identity_same_text_same_url_is_stored_once(store: Store) -> None:
    assert store.add(art("a", url="https://x.example/1")).status == "new"
    assert store.add(art("b", url="https://x.example/1")).status == "same"
    # the same text at another URL is another article (a copy), with its own name
    assert store.add(art("a", url="https://y.example/2")).status == "new"
    names = [s.article.id for s in store.articles()]
    assert names[0] == "a" and names[1].startswith("a-") and len(names) == 2
    rel = list(store.relations())
    assert [(r.kind, r.score) for r in rel] == [("duplicate", 1.0)]
    assert identity_key(art("z")) == identity_key(art("other-name"))


def test_same_url_new_text_is_a_version(store: Store) -> None:
    store.add(art("v1", url="https://x.example/1", outlet="Wrenby Post"))
    new_text = TEXT.replace("30,000", "45,000") + "\nUpdated with the council's figures."
    added = store.add(art("v2", new_text, url="https://x.example/1", outlet="Wrenby Post"))
    assert added.status == "version"
    rels = list(store.relations("v2"))
    assert [(r.a, r.b, r.kind) for r in rels] == [("v1", "v2", "version")]
    assert rels[0].score > 0.5
    # an unrelated text at the same URL is still a version (score 0: nothing shared)
    store.add(
        art("v3", "Totally different words about a bus depot move.", url="https://x.example/1")
    )
    assert ("v2", "v3", "version", 0.0) in [(r.a, r.b, r.kind, r.score) for r in store.relations()]


def test_articles_in_time_order_and_since(store: Store) -> None:
    store.add(art("late", TEXT + " 1", published="2026-03-01"))
    store.add(art("undated", TEXT + " 2"))
    store.add(art("early", TEXT + " 3", published="2026-01-01"))
    assert [s.article.id for s in store.articles(order="published")] == ["early", "late", "undated"]
    assert [s.article.id for s in store.articles()] == ["late", "undated", "early"]
    cursor = store.last_id()
    assert list(store.articles(since=cursor)) == []
    store.add(art("new", TEXT + " 4"))
    assert [s.article.id for s in store.articles(since=cursor)] == ["new"]
    assert [s.article.id for s in store.articles(order="published", limit=1)] == ["early"]


def test_drops_are_kept_once(store: Store) -> None:
    d = Drop("x.txt", "empty input: the input holds no text", "NP201")
    with store.batch():
        assert store.add_drop(d)
        assert not store.add_drop(d)
    assert list(store.drops()) == [d]
    assert list(store.drops("NP202")) == []


def test_search_ranks_and_gives_offsets(store: Store) -> None:
    store.add(art("lib", title="Library stays open"))
    store.add(art("bus", "The bus depot moves to the edge of Wrenby next spring.", title="Depot"))
    hits = store.search("library sunday")
    assert [h.article.id for h in hits] == ["lib"]
    text = hits[0].article.text
    assert {text[s:e].lower() for s, e in hits[0].matches} == {"library", "sundays"}
    assert "[" in hits[0].snippet
    assert [h.article.id for h in store.search('"bus depot"')] == ["bus"]
    assert [h.article.id for h in store.search("depot OR library")]  # both
    assert store.search("dep*")[0].article.id == "bus"
    # punctuation FTS5 cannot parse is retried as quoted words
    assert [h.article.id for h in store.search("library's")] == ["lib"]
    with pytest.raises(NewsprismError) as err:
        store.search("   ")
    assert err.value.code.code == "NP122"


def test_search_page_ranks_counts_and_marks_only_the_page(store: Store) -> None:
    for k in range(7):
        store.add(art(f"lib{k}", "The library " * (k + 1) + "opens on Sundays.", title=f"L{k}"))
    store.add(art("bus", "The bus depot moves to the edge of Wrenby next spring.", title="Depot"))
    every = store.search("library", limit=20)
    reads: list[str] = []
    store.conn.set_trace_callback(reads.append)
    hits, total = store.search_page("library", limit=3, offset=2)
    store.conn.set_trace_callback(None)
    assert total == store.search_count("library") == 7
    assert [(h.id, h.rank, h.matches, h.snippet) for h in hits] == [
        (h.id, h.rank, h.matches, h.snippet) for h in every[2:5]
    ]
    assert all(h.article.text[s:e].lower() == "library" for h in hits for s, e in h.matches)
    # one pass ranks and counts every match; excerpts and offsets are made for the page only
    reads = [r for r in reads if not r.startswith("--")]  # FTS5's own statements
    assert (
        len(reads) == 2
        and "highlight" not in reads[0]
        and re.search(r"IN \(\d+,\d+,\d+\)$", reads[1])
    )
    assert store.search_page("library", limit=3, offset=20) == ([], 7)
    assert store.search_page("nothing", limit=3) == ([], 0)


def test_stats(store: Store) -> None:
    store.add(art("a", outlet="Wrenby Post", published="2026-01-02"))
    store.add(art("b", TEXT + " x", outlet="Wrenby Post"))
    with store.batch():
        store.add_drop(Drop("c.txt", "empty input: x", "NP201"))
    st = store.stats()
    assert (st.articles, st.drops, st.undated) == (2, 1, 1)
    assert st.top_outlets == [("Wrenby Post", 2)]
    assert st.first_published == st.last_published == "2026-01-02"
    assert st.relations_by_kind == {"duplicate": 1} or st.relations_by_kind.get("version") == 1


def test_batch_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.batch():
        store.add(art("a"))
        raise RuntimeError("stop")
    assert store.count() == 0


def test_on_batch_reports_new_articles(tmp_path: Path, store: Store) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"{TEXT} Story number {i} of five.", encoding="utf-8")
    seen: list[str] = []
    ingest(
        store,
        [str(tmp_path / f"{i}.txt") for i in range(5)],
        batch_size=2,
        on_batch=lambda added: seen.extend(a.name for a in added),
    )
    assert seen == ["0", "1", "2", "3", "4"]


def _fts_check(store: Store) -> None:
    """FTS5's own check that the index holds exactly the rows of ``articles`` (rank 1: against
    the content table); raises when an article is missing or indexed twice."""
    store.conn.execute(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
    )


def test_new_articles_are_indexed_once_per_transaction(store: Store) -> None:
    """No trigger per inserted row: a batch's articles reach the full-text index in one
    statement before it commits; searchable after it, gone with it when it rolls back."""
    triggers = {
        r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    assert "articles_ai" not in triggers
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    with store.batch():
        for k in range(4):
            store.add(art(f"lib{k}", f"{TEXT} Vote number {k}.", title=f"Library {k}"))
    store.conn.set_trace_callback(None)
    assert sum("INSERT INTO articles_fts" in s for s in statements) == 1
    assert {h.article.id for h in store.search("library")} == {f"lib{k}" for k in range(4)}
    with pytest.raises(RuntimeError), store.batch():
        store.add(art("ferry", "The ferry to Oxley stops for the winter.", title="Ferry"))
        raise RuntimeError("stop")
    assert store.search("ferry") == []
    store.add(art("depot", "The bus depot moves to the edge of Wrenby.", title="Depot"))
    assert [h.article.id for h in store.search("depot")] == ["depot"]
    _fts_check(store)


def test_a_store_indexed_by_trigger_migrates_and_stays_searchable(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    before = [m.name for m in MIGRATIONS].index("articles_fts_per_transaction")
    mig.migrate(conn, MIGRATIONS[:before])  # as the store was before the per-transaction index
    conn.execute(
        "INSERT INTO articles (name, key, content_hash, text, title, source, ingested_at) "
        "VALUES ('old', 'k1', 'h1', 'The harbour wall in Oxley is repaired.', 'Harbour', "
        "'old.txt', '2026-01-01T00:00:00Z')"
    )
    conn.close()
    with Store.open(tmp_path / "old.db") as store:
        assert store.migrations[-1] == MIGRATIONS[-1].name
        store.add(art("new", "The harbour in Wrenby opens a second pier.", title="Pier"))
        assert {h.article.id for h in store.search("harbour")} == {"old", "new"}
        _fts_check(store)


def test_the_bucket_copy_is_checked_once_per_transaction(store: Store) -> None:
    """Inside a write transaction no other process can add articles, so the in-memory LSH
    buckets are compared with the store once per batch, not once per article."""
    made = [art(f"a{k}", f"{TEXT} Note {k} of the council.") for k in range(6)]
    store.add(made[0])
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    with store.batch():
        for a in made[1:]:
            store.add(a)
    store.conn.set_trace_callback(None)
    assert sum("max(article) FROM article_shingles" in s for s in statements) == 1


def _key_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The primary key's columns of ``table``, in key order."""
    cols = conn.execute(f"PRAGMA table_info({table})").fetchall()
    return [c[1] for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]


def test_lsh_bands_and_relations_are_keyed_by_the_newer_article(store: Store) -> None:
    """An ingest adds rows for its newest article only: keyed by it first, every insert
    appends to the b-tree (keyed by bucket, or by the older article, each transaction wrote
    pages all over both tables, more of them the larger the store)."""
    assert _key_columns(store.conn, "lsh_bands") == ["article", "bucket"]
    assert _key_columns(store.conn, "relations") == ["b", "a"]
    indexes = {r[1] for r in store.conn.execute("PRAGMA index_list(relations)")}
    assert {"relations_a", "relations_kind"} <= indexes
    plan = " ".join(
        str(r[3])
        for r in store.conn.execute("EXPLAIN QUERY PLAN SELECT b FROM relations WHERE a = ?", (1,))
    )
    assert "relations_a" in plan  # an article's later copies: an index lookup, not a scan


def test_a_store_keyed_the_old_way_migrates_with_its_rows(tmp_path: Path) -> None:
    """Rows written under the old keys (copied here from a store the current code wrote)
    are all there after the migration, and the index built from them still finds copies."""
    before = [m.name for m in MIGRATIONS].index("keys_in_ingest_order")
    old = sqlite3.connect(tmp_path / "older.db", isolation_level=None)
    mig.migrate(old, MIGRATIONS[:before])
    made = [art(f"w{k}", f"{TEXT} Note {k} of the council.") for k in range(4)]
    old.close()
    with Store.open(tmp_path / "fresh.db") as fresh:
        for a in made:
            fresh.add(a)
        rels = sorted(fresh.conn.execute("SELECT a, b, kind, score FROM relations"))
        bands = sorted(fresh.conn.execute("SELECT bucket, article FROM lsh_bands"))
        arts = fresh.conn.execute("SELECT * FROM articles ORDER BY id").fetchall()
        shingles = fresh.conn.execute("SELECT * FROM article_shingles").fetchall()
        settings = fresh.conn.execute("SELECT * FROM settings").fetchall()
    assert rels and bands
    old = sqlite3.connect(tmp_path / "older.db", isolation_level=None)
    old.execute("BEGIN")
    for row in arts:
        old.execute(f"INSERT INTO articles VALUES ({','.join('?' * len(row))})", row)
    old.execute(
        "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles"
    )
    old.executemany("INSERT INTO article_shingles VALUES (?, ?, ?, ?)", shingles)
    old.executemany("INSERT INTO settings VALUES (?, ?)", settings)
    old.executemany("INSERT INTO relations VALUES (?, ?, ?, ?)", rels)
    old.executemany("INSERT INTO lsh_bands VALUES (?, ?)", bands)
    old.execute("COMMIT")
    assert _key_columns(old, "lsh_bands") == ["bucket", "article"]
    old.close()
    with Store.open(tmp_path / "older.db") as store:
        assert store.migrations[-1] == MIGRATIONS[-1].name
        assert _key_columns(store.conn, "relations") == ["b", "a"]
        assert sorted(store.conn.execute("SELECT a, b, kind, score FROM relations")) == rels
        assert sorted(store.conn.execute("SELECT bucket, article FROM lsh_bands")) == bands
        got = store.add(art("again", made[0].text + " The vote was close."))
        assert "w0" in {r.a for r in got.relations}


def test_lsh_settings_are_saved_at_the_first_write_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism.store import db as store_db
    from newsprism.store.neardup import LshParams

    path = tmp_path / "s.db"
    with Store.open(path) as s:
        assert s.conn.execute("SELECT 1 FROM settings WHERE key = 'lsh'").fetchone() is None
        s.add(art("first"))
        s.add(art("second", TEXT.replace("Sundays", "Saturdays")))
        (saved,) = s.conn.execute("SELECT value FROM settings WHERE key = 'lsh'").fetchone()
    assert saved == json.dumps(LshParams().__dict__)
    # a later version with other defaults opens the store with the settings it began with
    other = "first" if LshParams().bucket_keep == "newest" else "newest"

    @dataclasses.dataclass(frozen=True)
    class Later(LshParams):
        bucket_keep: str = other

    monkeypatch.setattr(store_db, "LshParams", Later)
    with Store.open(path) as s:
        assert s.lsh_params.bucket_keep == LshParams().bucket_keep
    with Store.open(tmp_path / "fresh.db") as s:
        assert s.lsh_params.bucket_keep == other


def test_a_store_saved_before_the_family_tier_keeps_reading_without_it(tmp_path: Path) -> None:
    """The family tier became the default after stores were written without it: settings saved
    then (no ``family_*`` keys) read as they did, so those stores' rows stay consistent."""
    from newsprism.store.neardup import LshParams

    path = tmp_path / "old.db"
    with Store.open(path) as s:
        s.add(art("first"))
        old = {k: v for k, v in LshParams().__dict__.items() if not k.startswith("family_")}
        s.conn.execute("UPDATE settings SET value = ? WHERE key = 'lsh'", (json.dumps(old),))
        s.conn.commit()
    with Store.open(path) as s:
        got = s.lsh_params
    assert (got.family_keep, got.family_keys, got.family_seeds) == (0, True, "found")
    assert LshParams().family_keep > 0  # a new store takes the tier
    with Store.open(tmp_path / "new.db") as s:
        s.add(art("first"))
        assert s.lsh_params == LshParams()
