"""Stories in a news store: incremental updates give the batch answer, the read API the web app
uses (filters, order, paging, briefings), failures recorded, copies join their original."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsprism.model import Article
from newsprism.store import Store, StoryRow, ingest, membership_hash
from newsprism.stories.features import story_features
from newsprism.stories.store import FeatureAnnotator, load_grouper, update_stories

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = [str(REPO / "examples" / "story"), str(REPO / "examples" / "stories")]


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    q = store.conn.execute
    return {
        "members": q("SELECT * FROM story_members ORDER BY article_id").fetchall(),
        "stories": q(
            "SELECT id, label, first_seen, last_seen, n_articles, n_outlets, "
            "independent_sources, membership FROM stories ORDER BY id"
        ).fetchall(),
    }


def _count_feature_computations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles whose grouping features ``update_stories`` computes from here on
    (rather than reads from the store)."""
    from newsprism.stories import store as stories_store

    calls: list[str] = []

    def counted(article: Article) -> Any:
        calls.append(article.id)
        return story_features(article)

    monkeypatch.setattr(stories_store, "story_features", counted)
    return calls


def _folders(store: Store, sid: int) -> set[str]:
    return {Path(s.article.source).parent.name for s in store.story_articles(sid)}


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stories") / "news.db"
    with Store.open(path) as store:
        ingest(store, EXAMPLES)
        update_stories(store)
    return path


def test_the_example_stories_in_a_store(grouped: Path) -> None:
    with Store.open(grouped, readonly=True) as store:
        rows = store.stories()
        assert len(rows) == store.stories_count() == 4
        assert sorted(r.n_articles for r in rows) == [3, 3, 3, 7]
        for r in rows:
            assert len(_folders(store, r.id)) == 1  # each story is one folder of examples
            members = store.story_members(r.id)
            assert membership_hash([m.article_id for m in members]) == r.membership
            assert members[0].reason == "founded"
            assert r.label and r.first_seen and r.last_seen
        ferry = next(r for r in rows if r.n_articles == 7)
        assert (ferry.first_seen, ferry.last_seen) == ("2026-03-04", "2026-03-11")
        # the two Harbour Herald versions are one source
        assert ferry.independent_sources < ferry.n_articles
        copies = [m for m in store.story_members(ferry.id) if m.reason == "copy"]
        assert copies and all(m.via is not None for m in copies)


def test_order_filters_and_paging(grouped: Path) -> None:
    with Store.open(grouped, readonly=True) as store:
        rows = store.stories()
        keys = [(r.last_seen or "", r.n_articles, r.id) for r in rows]
        assert keys == sorted(keys, reverse=True)
        assert [r.id for r in store.stories(limit=2)] + [
            r.id for r in store.stories(limit=2, offset=2)
        ] == [r.id for r in rows]
        assert store.story(rows[0].id) == rows[0]
        assert store.story(10**9) is None
        ferry = next(r for r in rows if r.n_articles == 7)
        assert [r.id for r in store.stories(query="Merrow")] == [ferry.id]
        assert store.stories_count(query="Merrow") == 1
        # a hyphenated word reads as an FTS5 column filter: retried with the words quoted
        assert store.stories_count(query="Merrow-ferry") == store.stories_count(
            query='"Merrow-ferry"'
        )
        assert store.stories(query="no-such-word") == []
        assert store.stories(query='"') == []  # quoted, a lone mark is a phrase of no words
        outlet = store.story_articles(ferry.id)[0].article.outlet
        assert outlet and ferry.id in [r.id for r in store.stories(outlet=outlet)]
        later = store.stories(since="2026-03-10")
        assert all((r.last_seen or "") >= "2026-03-10" for r in later)
        assert ferry.id in [r.id for r in later]
        early = store.stories(until="2026-03-05")
        assert all(r.first_seen and r.first_seen <= "2026-03-05" for r in early)
        assert store.stories_count(since="2100-01-01") == 0


def test_briefing_cache(tmp_path: Path, grouped: Path) -> None:
    path = tmp_path / "copy.db"
    with sqlite3.connect(grouped) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with Store.open(path) as store:
        row = store.stories(limit=1)[0]
        assert store.briefing(row.id) is None and row.disagreements is None
        doc = {"schema": "newsprism.briefing/1", "disagreements": [{"a": 1}, {"b": 2}]}
        store.save_briefing(row.id, row.membership, doc, label="A label")
        assert store.briefing(row.id) == doc
        assert store.briefing_membership(row.id) == row.membership
        again = store.story(row.id)
        assert again is not None and again.disagreements == 2 and again.label == "A label"


def _titles(store: Store, story_id: int) -> list[str]:
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT a.title FROM story_members m JOIN articles a ON a.id = m.article_id "
            "WHERE m.story_id = ? ORDER BY m.reason != 'founded', m.article_id",
            (story_id,),
        )
    ]


def test_a_storys_label_follows_its_members_until_a_briefing_names_it(
    tmp_path: Path, grouped: Path
) -> None:
    """A label made from the members' titles is made again whenever the members change (a
    split can take the founder away), so grouping in one update or in rounds labels a story
    alike; a briefing's label stays until the story is briefed again."""
    from newsprism.stories.store import refresh_story

    path = tmp_path / "copy.db"
    with sqlite3.connect(grouped) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with Store.open(path) as store:
        ferry, other = sorted(store.stories(), key=lambda r: -r.n_articles)[:2]
        titles = _titles(store, ferry.id)
        assert ferry.label == titles[0] and len(set(titles)) > 1
        founder = store.story_members(ferry.id)[0].article_id
        with store.batch():  # the founder moves to another story, as a split may move it
            store.conn.execute(
                "UPDATE story_members SET story_id = ?, reason = 'similar' WHERE article_id = ?",
                (other.id, founder),
            )
            refresh_story(store.conn, ferry.id)
            refresh_story(store.conn, other.id)
        moved = store.story(ferry.id)
        assert moved is not None and moved.label == _titles(store, ferry.id)[0] != ferry.label
        assert store.conn.execute(
            "SELECT label_from FROM stories WHERE id = ?", (ferry.id,)
        ).fetchone() == ("members",)
        store.save_briefing(ferry.id, moved.membership, {"schema": "x"}, label="Ferry talks")
        with store.batch():  # the founder comes back: the briefing's label stays
            store.conn.execute(
                "UPDATE story_members SET story_id = ? WHERE article_id = ?", (ferry.id, founder)
            )
            refresh_story(store.conn, ferry.id)
        back = store.story(ferry.id)
        assert back is not None and back.label == "Ferry talks"
        assert back.n_articles == ferry.n_articles


def test_a_store_briefed_before_labels_had_a_source_keeps_the_briefings_labels(
    tmp_path: Path, grouped: Path
) -> None:
    from newsprism.store import migrations as mig

    path = tmp_path / "old.db"
    with sqlite3.connect(grouped) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with Store.open(path) as store:
        briefed, plain = store.stories(limit=2)
        store.save_briefing(briefed.id, briefed.membership, {"schema": "x"}, label="Named")
    conn = sqlite3.connect(path)  # as the releases before the migration left it
    conn.execute("ALTER TABLE stories DROP COLUMN label_from")
    conn.execute("DELETE FROM _migrations WHERE name = 'stories_label_from'")
    conn.execute(f"PRAGMA user_version = {len(mig.MIGRATIONS) - 1}")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        got = dict(store.conn.execute("SELECT id, label_from FROM stories").fetchall())
        assert got[briefed.id] == "briefing" and got[plain.id] == "members"
        assert store.story(briefed.id).label == "Named"  # type: ignore[union-attr]


def _ingest_in_steps(path: Path, update_each: bool) -> dict[str, list[tuple[Any, ...]]]:
    with Store.open(path) as store:

        def after(_: object) -> None:
            if update_each:
                update_stories(store)

        ingest(store, EXAMPLES, batch_size=3, on_batch=after)
        update_stories(store)
        return _tables(store)


def test_updating_after_every_batch_gives_the_batch_answer(tmp_path: Path) -> None:
    once = _ingest_in_steps(tmp_path / "once.db", update_each=False)
    steps = _ingest_in_steps(tmp_path / "steps.db", update_each=True)
    assert once == steps
    assert len(once["stories"]) == 4


def test_small_rounds_and_a_reopened_store_give_the_same_answer(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        ingest(store, EXAMPLES)
        update_stories(store)
        one = _tables(store)
    with Store.open(tmp_path / "b.db") as store:
        ingest(store, EXAMPLES)
    for _ in range(20):  # three articles per run, each run in a new process's state
        with Store.open(tmp_path / "b.db") as store:
            update_stories(store, round_size=2, limit=3)
    with Store.open(tmp_path / "b.db") as store:
        assert update_stories(store).articles == 0
        assert _tables(store) == one


def test_a_failing_article_is_recorded_and_skipped(tmp_path: Path) -> None:
    def features(article: Article) -> Any:
        if "wessmoor" in article.source:
            raise RuntimeError("cannot read this one")
        return story_features(article)

    with Store.open(tmp_path / "news.db") as store:
        ingest(store, EXAMPLES)
        report = update_stories(store, features=features)
        assert report.failed == 1 and report.articles == store.count() - 1
        (failure,) = store.story_failures()
        assert failure.article_id is not None and "cannot read this one" in failure.error
        assert store.story_of(failure.article_id) is None
        assert sum(r.n_articles for r in store.stories()) == store.count() - 1


@pytest.mark.parametrize("at_ingest", [False, True])
def test_a_page_that_is_no_article_is_kept_out_of_the_stories(
    tmp_path: Path, at_ingest: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "feed" / "login_wall.txt"
    page.parent.mkdir()
    page.write_text(
        "Members only\n\nLog in to read on. Your account keeps your saved pages and your "
        "alerts. Forgot your password? We can send you a link.\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "news.db") as store:
        annotate = FeatureAnnotator() if at_ingest else None
        ingest(store, [*EXAMPLES, str(page.parent)], annotate=annotate)
        computed = _count_feature_computations(monkeypatch)
        report = update_stories(store)
        assert len(computed) == (0 if at_ingest else store.count() - 1)  # never the page's
        assert report.pages == 1 and report.failed == 0
        assert report.articles == store.count() - 1
        (failure,) = store.story_failures()
        assert failure.error.startswith("NP228 ")
        assert failure.article_id is not None and store.story_of(failure.article_id) is None
        assert sum(r.n_articles for r in store.stories()) == store.count() - 1


def test_other_settings_need_a_rebuild(tmp_path: Path) -> None:
    from newsprism.errors import NewsprismError
    from newsprism.stories import GroupingConfig

    with Store.open(tmp_path / "news.db") as store:
        ingest(store, EXAMPLES)
        update_stories(store)
        with pytest.raises(NewsprismError, match="--rebuild"):
            update_stories(store, config=GroupingConfig(window_days=2))
        report = update_stories(store, config=GroupingConfig(window_days=2), rebuild=True)
        assert report.articles == store.count()
        assert load_grouper(store)[0].config.window_days == 2


def test_stories_cli_json(grouped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsprism.cli import main

    assert main(["stories", "--db", str(grouped), "--json", "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["stories"]) == 4
    for s in doc["stories"]:
        assert set(s) >= {
            "id",
            "label",
            "first_seen",
            "last_seen",
            "articles",
            "outlets",
            "independent_sources",
        }
        for a in s["articles"]:
            assert set(a) == {"id", "url", "outlet", "title", "published"}
    assert main(["stories", "--db", str(grouped), "--no-update", "--since", "2026-03-10"]) == 0
    out = capsys.readouterr().out
    assert out.strip() and "article(s)" in out
    with pytest.raises(SystemExit):
        main(["stories", "--db", str(grouped), "--no-update", "--since", "3 March"])


def test_story_row_is_the_web_app_contract() -> None:
    import dataclasses

    names = [f.name for f in dataclasses.fields(StoryRow)][:8]
    assert names == [
        "id",
        "label",
        "first_seen",
        "last_seen",
        "n_articles",
        "n_outlets",
        "independent_sources",
        "disagreements",
    ]


def test_a_store_from_before_stories_gains_the_tables(tmp_path: Path) -> None:
    from newsprism.errors import NewsprismError
    from newsprism.store import MIGRATIONS
    from newsprism.store import migrations as mig

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    mig.migrate(conn, [m for m in MIGRATIONS if not m.name.startswith("stories_")])
    conn.close()
    with pytest.raises(NewsprismError) as err:
        Store.open(path, readonly=True)
    assert err.value.code.code == "NP121"
    with Store.open(path) as store:
        assert "stories_tables" in store.migrations
        assert store.stories() == [] and store.stories_count() == 0


def _synthetic_jsonl(path: Path) -> Path:
    from tests.generated import write_feed

    from newsprism.eval.synthetic import generate

    return write_feed(path, generate(200, seed=11))


@pytest.mark.parametrize(
    "order",
    [
        ("seeds", "example", "synthetic"),
        ("example", "synthetic", "seeds"),
        ("synthetic", "example", "seeds"),
    ],
)
def test_seeds_one_story_example_another_in_a_store(
    seeds_dir: Path, tmp_path: Path, order: tuple[str, ...]
) -> None:
    """The seeds, the example story and 200 generated articles ingested into one store: the
    seeds are one story holding both their events, the example story another."""
    sources = {
        "seeds": str(seeds_dir),
        "example": EXAMPLES[0],
        "synthetic": str(_synthetic_jsonl(tmp_path / "synthetic.jsonl")),
    }
    with Store.open(tmp_path / "news.db") as store:
        for name in order:
            ingest(store, [sources[name]])
            update_stories(store)

        def story_of_folder(folder: str) -> set[int]:
            return {
                int(r[0])
                for r in store.conn.execute(
                    "SELECT m.story_id FROM articles a JOIN story_members m ON m.article_id = a.id "
                    "WHERE a.source LIKE ?",
                    (folder.rstrip("/") + "/%",),
                )
            }

        seeds = story_of_folder(sources["seeds"])
        example = story_of_folder(sources["example"])
        assert len(seeds) == 1 and len(example) == 1 and seeds != example
        for sid in (*seeds, *example):
            row = store.story(sid)
            assert row is not None
            # nothing else joined them
            assert {Path(s.article.source).parent for s in store.story_articles(sid)} in (
                {Path(sources["seeds"])},
                {Path(sources["example"])},
            )


def test_a_story_of_untitled_articles_is_labelled_by_its_first_line(tmp_path: Path) -> None:
    lead = "Quarry blasting halted in Fenwick after cracks appear in three homes"
    body = (
        " The county council ordered the quarry at Fenwick Edge to stop blasting on Monday while "
        "engineers inspect the homes on Mill Lane, where residents reported new cracks."
    )
    long_lead = "Fenwick " + "residents and quarry owners met the county council again " * 3
    with Store.open(tmp_path / "n.db") as store:
        for i, first in enumerate((lead, long_lead)):
            text = f"{first}\n\n{body} Report {i}.\n"
            store.add(Article(id=f"a{i}", source=f"a{i}.txt", text=text))
        update_stories(store)
        [row] = store.stories()
        assert row.label == lead  # the founder's first line; no member has a title
        assert row.n_articles == 2


# ------------------------------------------------------------------------------------------
# the store path gives the batch answer on a stream long enough for stories to close


def _dated_feed(path: Path) -> Path:
    """180 generated articles, 20 a day, then wire copies (another outlet, the same text) of
    articles from the first days, when their stories have long closed."""
    import datetime as dt

    from newsprism.eval.synthetic import generate

    def day(i: int) -> str:
        return (dt.date(2026, 5, 1) + dt.timedelta(days=i // 20)).isoformat()

    gen = generate(180, seed=5, distinct=True)
    recs = [
        {"id": g.name, "text": g.text, "outlet": g.outlet, "published": day(i)}
        for i, g in enumerate(gen)
    ]
    for k in (0, 7, 23, 41):
        recs.append(
            {
                "id": gen[k].name + "-wire",
                "text": gen[k].text,
                "outlet": "Wire Copies Weekly",
                "published": day(175),
            }
        )
    with path.open("w", encoding="utf-8") as handle:
        for r in recs:
            handle.write(json.dumps(r) + "\n")
    return path


def _one_grouper(
    store: Store, config: Any, limit: int | None = None
) -> tuple[Any, list[tuple[Any, ...]]]:
    """What one StoryGrouper makes of the stored articles, in ingest order, with the store's
    copy relations: the grouper and (article_id, story_id, score, reason, via) as story_members
    holds them."""
    from newsprism.stories.grouping import StoryGrouper
    from newsprism.stories.store import COPY_KINDS

    g = StoryGrouper(config)
    ids: dict[str, int] = {}
    placed = []
    for stored in store.articles(limit=limit):
        ids[stored.article.id] = stored.id
        copies = [
            (str(n), float(s))
            for n, s in store.conn.execute(
                "SELECT x.name, r.score FROM relations r JOIN articles x ON x.id = r.a "
                f"WHERE r.b = ? AND r.kind IN ({','.join('?' * len(COPY_KINDS))}) ORDER BY r.a",
                (stored.id, *COPY_KINDS),
            )
        ]
        placed.append((stored.id, g.add(story_features(stored.article), copies=copies)))
    return g, [
        (i, g.story_id(a.article), a.score, a.reason, ids.get(a.via) if a.via else None)
        for i, a in placed
    ]


# window of a day and a few open stories at most: stories close; merges too
SMALL = {"window_days": 1, "max_active": 6, "merge_min": 0.05}


def test_the_store_path_gives_one_groupers_answer_as_stories_close_and_reopen(
    tmp_path: Path,
) -> None:
    from newsprism.stories import GroupingConfig

    config = GroupingConfig(**SMALL)
    feed = _dated_feed(tmp_path / "feed.jsonl")
    # updated after every ingest batch, the grouper staying in memory with the store
    with Store.open(tmp_path / "warm.db") as store:
        ingest(
            store,
            [str(feed)],
            batch_size=15,
            on_batch=lambda _: update_stories(store, config=config, round_size=4),
        )
        update_stories(store, config=config)
        warm = _tables(store)
        grouper = load_grouper(store)[0]
        assert set(grouper.stories) == set(grouper.active)  # closed ones are in story_closed
        want = _one_grouper(store, config)[1]
        closed = {r[0] for r in store.conn.execute("SELECT id FROM story_closed")}
    assert warm["members"] == want
    copies = [m for m in want if m[3] == "copy" and m[0] > 180]
    assert len(copies) == 4 and {m[1] for m in copies} <= closed  # closed stories reopened
    # stories split off (more stories than were founded), their members moved in the store too
    assert len({m[1] for m in want}) > sum(m[3] == "founded" for m in want) + 5
    # ingested first, then grouped a few articles at a time, each time in a new process's state
    with Store.open(tmp_path / "cold.db") as store:
        ingest(store, [str(feed)])
    while True:
        with Store.open(tmp_path / "cold.db") as store:
            if not update_stories(store, config=config, round_size=7, limit=25).articles:
                assert _tables(store) == warm
                break


def _partly_grouped(path: Path, limit: int) -> tuple[Any, Store]:
    """The dated feed in a store at ``path`` whose first ``limit`` articles are grouped (with
    SMALL); the config and the open store."""
    from newsprism.stories import GroupingConfig

    config = GroupingConfig(**SMALL)
    store = Store.open(path)
    ingest(store, [str(_dated_feed(path.parent / "feed.jsonl"))])
    update_stories(store, config=config, limit=limit)
    return config, store


def _statements_of_a_round(store: Store, config: Any) -> list[str]:
    """The SQL statements an update of two articles runs (each row of an executemany too)."""
    written: list[str] = []
    store.conn.set_trace_callback(written.append)
    update_stories(store, config=config, limit=2)
    store.conn.set_trace_callback(None)
    return written


def test_the_index_of_open_stories_is_made_again_not_stored(tmp_path: Path) -> None:
    from newsprism.stories.store import _CACHE

    _, store = _partly_grouped(tmp_path / "news.db", 120)
    with store:
        live = _CACHE[store].grouper.postings  # the grouper kept in memory
        state = json.loads(store.conn.execute("SELECT state FROM story_state").fetchone()[0])
    assert "postings" not in state and "stories" not in state
    with Store.open(tmp_path / "news.db") as store:  # read back by another process
        assert load_grouper(store)[0].postings == live
    assert len(live) > 100 and any(len(p) > 1 for p in live.values())


def test_a_round_writes_the_open_stories_it_changed(tmp_path: Path) -> None:
    from newsprism.stories.state_format import load_story
    from newsprism.stories.store import _CACHE

    config, store = _partly_grouped(tmp_path / "news.db", 120)
    with store:
        written = _statements_of_a_round(store, config)
        rows = [sql for sql in written if sql.startswith("INSERT OR REPLACE INTO story_live")]
        grouper = _CACHE[store].grouper
        # two articles change their stories and the candidates weighed again, not every story
        assert 1 <= len(rows) < len(grouper.active) - 2
        stored = {
            sid: load_story(data, "story_live")
            for sid, data in store.conn.execute("SELECT id, state FROM story_live")
        }
        assert set(stored) == set(grouper.active)
        assert all(stored[sid].members == grouper.stories[sid].members for sid in stored)
        assert all(stored[sid] == grouper.stories[sid] for sid in stored)  # read back whole


def test_document_frequencies_are_logged_a_round_and_folded_into_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism.stories import store as stories_store
    from newsprism.stories.store import _CACHE

    monkeypatch.setattr(stories_store, "DF_FOLD_MIN", 400)
    config, store = _partly_grouped(tmp_path / "news.db", 60)
    with store:
        written = _statements_of_a_round(store, config)
        # a round appends one row of counts; the table is not touched until the log is folded
        assert sum(sql.startswith("INSERT INTO story_df_log") for sql in written) == 1
        assert not any(sql.startswith("INSERT INTO story_df ") for sql in written)
        assert store.conn.execute("SELECT count(*) FROM story_df_log").fetchone()[0] >= 1
    folded = False
    while True:  # the rest a few articles at a time, each time read back by a new process
        with Store.open(tmp_path / "news.db") as store:
            got = update_stories(store, config=config, round_size=5, limit=20)
            in_memory = dict(_CACHE[store].grouper.df)
            folded |= store.conn.execute("SELECT count(*) FROM story_df_log").fetchone()[0] == 0
        with Store.open(tmp_path / "news.db") as store:
            assert load_grouper(store)[0].df == in_memory  # the table and the log replayed
        if not got.articles:
            break
    assert folded
    with Store.open(tmp_path / "news.db") as store:
        table = dict(store.conn.execute("SELECT term, n FROM story_df").fetchall())
        assert 0 < len(table) <= len(in_memory)
        assert _tables(store)["members"] == _one_grouper(store, config)[1]


def _as_pickled(path: Path, state: Any = None, layout: int = 3) -> None:
    """Make the store at ``path`` as the releases before the migration ``stories_state_json``
    left it: every state row pickled (``layout`` 3; 2: the open stories inside the state, no
    ``story_live`` rows), or ``state`` pickled in ``story_state``."""
    import pickle

    from newsprism.stories import state_format as fmt
    from newsprism.stories.grouping import GroupingConfig, StoryGrouper

    conn = sqlite3.connect(path)
    g = StoryGrouper()
    config, blob = conn.execute("SELECT config, state FROM story_state").fetchone()
    fmt.load_hot(blob, g)
    hot = {k: getattr(g, k) for k in fmt.HOT}
    hot.update(format=layout, config=GroupingConfig(**json.loads(config)))
    if layout == 2:
        hot["stories"] = {
            sid: fmt.load_story(d, "")
            for sid, d in conn.execute("SELECT id, state FROM story_live")
        }
        with conn:
            conn.execute("DELETE FROM story_live")
    with conn:
        conn.execute("UPDATE story_state SET state = ?", (pickle.dumps(state or hot),))
        for table, key, column, read in (
            ("story_live", "id", "state", lambda d: fmt.load_story(d, "")),
            ("story_closed", "id", "state", lambda d: fmt.load_story(d, "")),
            ("story_open", "name", "state", lambda d: fmt.load_open(d, "")),
            ("story_df_log", "id", "data", fmt.load_counts),
        ):
            rows = conn.execute(f"SELECT {key}, {column} FROM {table}").fetchall()
            conn.executemany(
                f"UPDATE {table} SET {column} = ? WHERE {key} = ?",
                [(pickle.dumps(read(d)), k) for k, d in rows],
            )
        conn.execute("DELETE FROM _migrations WHERE name = 'stories_state_json'")
        applied = conn.execute("SELECT count(*) FROM _migrations").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {applied}")
    conn.close()


@pytest.mark.parametrize("layout", [3, 2])
def test_a_pickled_store_is_converted_once_and_goes_on(tmp_path: Path, layout: int) -> None:
    config, store = _partly_grouped(tmp_path / "news.db", 100)
    with store:
        before = _tables(store)
        grouper = load_grouper(store)[0]
        assert store.conn.execute("SELECT count(*) FROM story_closed").fetchone()[0] > 0
    _as_pickled(tmp_path / "news.db", layout=layout)
    with Store.open(tmp_path / "news.db") as store:  # the migration converts every row
        for table, column in (
            ("story_state", "state"),
            ("story_live", "state"),
            ("story_closed", "state"),
            ("story_open", "state"),
        ):
            for (data,) in store.conn.execute(f"SELECT {column} FROM {table}"):
                json.loads(data)
        assert _tables(store) == before
        again = load_grouper(store)[0]
        for name in vars(again):  # the grouper read back whole (caches are made on first use)
            assert getattr(again, name) == getattr(grouper, name), name
        update_stories(store, config=config, limit=40)
    with Store.open(tmp_path / "news.db") as store:
        update_stories(store, config=config)
        assert _tables(store)["members"] == _one_grouper(store, config)[1]


def test_a_store_grouped_by_the_previous_version_goes_on(tmp_path: Path) -> None:
    config, store = _partly_grouped(tmp_path / "news.db", 100)
    with store:
        # as an older version left it: the whole grouper pickled, none of the state rows
        whole = _one_grouper(store, config, limit=100)[0]
        with store.batch():
            for table in ("story_df", "story_df_log", "story_open", "story_closed", "story_live"):
                store.conn.execute(f"DELETE FROM {table}")
    _as_pickled(tmp_path / "news.db", whole)
    with Store.open(tmp_path / "news.db") as store:
        update_stories(store, config=config, limit=40)
    with Store.open(tmp_path / "news.db") as store:
        update_stories(store, config=config)
        assert _tables(store)["members"] == _one_grouper(store, config)[1]


class _Payload:
    """What a crafted store could hold: a pickle that calls ``open(path, "w")`` when loaded."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (self.path, "w"))


def test_a_crafted_pickle_in_a_store_is_refused_not_run(tmp_path: Path) -> None:
    import pickle

    from newsprism.errors import NewsprismError

    touched = tmp_path / "ran"
    _, store = _partly_grouped(tmp_path / "news.db", 60)
    store.close()
    _as_pickled(tmp_path / "news.db")
    conn = sqlite3.connect(tmp_path / "news.db")
    with conn:
        conn.execute("UPDATE story_closed SET state = ?", (pickle.dumps(_Payload(touched)),))
    conn.close()
    with pytest.raises(NewsprismError) as exc:  # the conversion reads it: refused
        Store.open(tmp_path / "news.db")
    assert exc.value.code.code == "NP126" and "io.open" in str(exc.value)
    assert not touched.exists()
    # a store in the current format with a pickle put in a row: never unpickled
    (tmp_path / "b").mkdir()
    config, store = _partly_grouped(tmp_path / "b" / "news.db", 60)
    with store:
        store.conn.execute("UPDATE story_live SET state = ?", (pickle.dumps(_Payload(touched)),))
    with Store.open(tmp_path / "b" / "news.db") as store:
        with pytest.raises(NewsprismError) as exc:
            update_stories(store, config=config)
        assert exc.value.code.code == "NP126"
    assert not touched.exists()


def test_the_grouper_keeps_no_attribute_the_store_does_not_write(tmp_path: Path) -> None:
    """Every attribute of a grouper is in story_state (``state_format.HOT``), in rows, or
    rebuilt: one added to ``StoryGrouper`` must be given a place in the store."""
    from newsprism.stories import state_format as fmt
    from newsprism.stories.store import _CACHE, _IN_ROWS

    _, store = _partly_grouped(tmp_path / "news.db", 120)
    with store:
        grouper = _CACHE[store].grouper
        assert set(vars(grouper)) <= {"config", *fmt.HOT, *_IN_ROWS}


@pytest.mark.parametrize("workers", [1, 2])
def test_features_computed_at_ingest_are_read_and_give_the_same_stories(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism.stories.state_format import load_features
    from newsprism.stories.store import FeatureAnnotator

    feed = _dated_feed(tmp_path / "feed.jsonl")
    with Store.open(tmp_path / "plain.db") as store:
        ingest(store, [str(feed), *EXAMPLES], batch_size=40)
        update_stories(store)
        plain = _tables(store)
    with Store.open(tmp_path / "annotated.db") as store:
        ingest(
            store,
            [str(feed), *EXAMPLES],
            batch_size=40,
            workers=workers,
            annotate=FeatureAnnotator(),
        )
        rows = store.conn.execute("SELECT article_id, data FROM story_features").fetchall()
        assert len(rows) == store.count()
        by_id = {s.id: s.article for s in store.articles()}
        for article_id, data in rows:  # as the update would compute them from the stored text
            assert load_features(data) == story_features(by_id[article_id])
        calls = _count_feature_computations(monkeypatch)
        update_stories(store)
        assert calls == []  # every article's features were read, none computed
        assert _tables(store) == plain
        assert store.conn.execute("SELECT count(*) FROM story_features").fetchone()[0] == 0


def test_features_of_other_code_or_a_renamed_article_are_handled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism.stories.store import FeatureAnnotator

    text = "The Harrowby ferry will run all night from Friday, the Harrowby harbour board said."
    twin = Article("ferry", "a.txt", text + " More sailings follow.", outlet="Coast Courier")
    with Store.open(tmp_path / "news.db") as store:
        ingest(store, EXAMPLES, annotate=FeatureAnnotator())
        first = store.add(Article("ferry", "b.txt", text, outlet="Harbour Gazette"))
        annotator = FeatureAnnotator()
        added = store.add(twin)  # the same name: stored as "ferry-<key>"
        assert added.name != "ferry"
        with store.batch():
            annotator.save(store, added, annotator.compute(twin))
            store.conn.execute(  # computed by other code: not read
                "INSERT INTO story_features (article_id, version, data) VALUES (?, 'old', x'00')",
                (first.id,),
            )
        calls = _count_feature_computations(monkeypatch)
        update_stories(store)
        assert calls == ["ferry"]
        assert store.story_of(added.id) is not None
        members = {m.article_id for m in store.story_members(store.story_of(added.id))}
        assert first.id in members  # the renamed copy joined its twin under its stored name


def test_an_open_articles_row_puts_in_the_features_as_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Features read from ``story_features`` go into ``story_open`` as the bytes read, not
    encoded again, and the rows are the bytes encoding them again would give."""
    from newsprism.stories import state_format as fmt

    with Store.open(tmp_path / "news.db") as store:
        ingest(store, [str(_dated_feed(tmp_path / "feed.jsonl")), *EXAMPLES], batch_size=40)
        with Store.open(tmp_path / "annotated.db") as annotated:
            ingest(
                annotated,
                [str(_dated_feed(tmp_path / "feed.jsonl")), *EXAMPLES],
                batch_size=40,
                annotate=FeatureAnnotator(),
            )
            encoded: list[object] = []
            features_row = fmt.features_row

            def counted(f: Any) -> Any:
                encoded.append(f.article)
                return features_row(f)

            monkeypatch.setattr(fmt, "features_row", counted)
            update_stories(annotated, round_size=40)
            assert encoded == []  # every open row took the stored bytes
            rows = annotated.conn.execute("SELECT name, state FROM story_open").fetchall()
        update_stories(store, round_size=40)  # features computed: the rows encoded
        assert len(encoded) >= len(rows)  # (some closed since)
        assert sorted(rows) == sorted(
            store.conn.execute("SELECT name, state FROM story_open").fetchall()
        )
    assert rows
    for _, data in rows:
        raw, ents, shingles = fmt.load_open(data, "")
        assert raw is not None
        assert data == fmt.dump_open(raw, ents, shingles)
        assert data == fmt.dump_open(raw, ents, shingles, fmt.dump_features(raw))
        kept = raw.shingles[:2]
        assert fmt.dump_open(raw, ents, kept, fmt.dump_features(raw)) == fmt.dump_open(
            raw, ents, kept
        )


def test_features_json_written_out_is_the_encoders() -> None:
    """``dump_features`` writes the JSON itself: the same bytes as the encoder's, whatever the
    text (escapes, letters beyond ASCII, no day, no outlet, no terms), and fields of other
    types still go through the encoder."""
    from newsprism.stories import state_format as fmt
    from newsprism.stories.features import StoryFeatures

    texts = [
        'The "Harbour" ferry\nfares rise\tin spring, said Ines Varga of Port Alder \\ crew.',
        "Ólafur Ragnarsson’s ferry — ΟΔΟΣ İzmir \u212a \u2028 \x00 end",
        "",
    ]
    for i, text in enumerate(texts):
        for published, outlet in (("2026-03-04", "Port Alder Gazette"), (None, None)):
            article = Article(f"a{i}", "a.txt", text, outlet=outlet, published=published)
            f = story_features(article)
            assert fmt.dump_features(f) == fmt.dumps(fmt.features_row(f))
    odd = StoryFeatures("b", 3.5, (("k", 1.0),), (), (1, 2), "t")  # type: ignore[arg-type]
    assert fmt.dump_features(odd) == fmt.dumps(fmt.features_row(odd))
    odd = StoryFeatures("b", None, ((7, 1.0),), (), (), "t")  # type: ignore[arg-type]
    assert fmt.dump_features(odd) == fmt.dumps(fmt.features_row(odd))


def test_weights_are_packed_as_little_endian_doubles() -> None:
    """``state_format._packed`` (one ``struct.pack``) writes the bytes an ``array("d")`` of the
    weights holds on a little-endian host, whatever the values and however many, and
    ``_weights`` reads them back."""
    import base64
    import math
    import random
    import sys
    from array import array

    from newsprism.stories import state_format as fmt

    def as_array(values: list[float]) -> str:
        a = array("d", values)
        if sys.byteorder != "little":
            a.byteswap()
        return base64.b64encode(a.tobytes()).decode("ascii")

    rng = random.Random(11)
    odd = [0.0, -0.0, 1, 3, math.inf, -math.inf, 5e-324, 1.7976931348623157e308, 1 / 3]
    for n in (0, 1, 2, 7, 64, 300, 1000):
        values = [rng.choice(odd) if rng.random() < 0.2 else rng.uniform(-9, 9) for _ in range(n)]
        data = fmt._packed(iter(values))  # any iterable, read once
        assert data == as_array(values)
        assert list(fmt._weights(data)) == [float(v) for v in values]
    nan = fmt._weights(fmt._packed([math.nan]))
    assert math.isnan(nan[0])
