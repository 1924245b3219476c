"""Copy families (``store.families``, ``LshParams.family_keep``): a story's copies are one
family; a key held by many copies of one story still offers them, and once a new article
relates to one member the others are measured too, so a story with more copies than the
index's bounds is found whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from newsprism.model import Article
from newsprism.store import LshParams
from newsprism.store.families import Families, build

from .unequal import passage, relations_reopened, report

# bounds of 4 where the defaults are 32, so that a story of 13 articles is past all of them
TIGHT = dict(
    bucket_cap=4, containment_cap=4, passage_common=4, max_candidates=4, passage_candidates=0
)
FAMILIES = LshParams(  # type: ignore[arg-type]
    **TIGHT, family_keep=16, family_candidates=16, family_keys=True, family_seeds="found"
)
NO_FAMILIES = LshParams(**TIGHT, family_keep=0)  # type: ignore[arg-type]


def story(copies: int) -> list[Article]:
    """Report 0 and ``copies`` wire copies of it, each with a credit line of its own outlet."""
    source = report(0)
    return [source] + [
        Article(
            f"copy{i}",
            f"copy{i}.txt",
            f"{source.text}\n\nDistributed to members of the Quillan Press Pool, desk {i}.",
            outlet=f"Pool Outlet {i}",
        )
        for i in range(copies)
    ]


def digest() -> Article:
    """Report 6 with two sentences of report 0 added as a paragraph: it shares a passage with
    report 0 and with every copy of it, and is a copy of none."""
    text = f"{report(6).text}\n\n{passage(0, 2)}"
    return Article("digest", "digest.txt", text, outlet="Harbour Digest")


def test_a_story_past_every_bound_is_related_whole(tmp_path: Path) -> None:
    """A digest quoting a story of 13 articles (bounds of 4) shares a passage with each of
    them when families are on; without them, the keys of the quoted sentences are held by
    more articles than the bound and most of the story is missed."""
    articles = [*story(12), report(6), digest()]
    names = {a.id for a in articles[:13]}
    on = relations_reopened(tmp_path / "on.db", articles, FAMILIES)
    off = relations_reopened(tmp_path / "off.db", articles, NO_FAMILIES)
    quoted = {r[0] for r in on if r[1] == "digest" and r[2] == "shares_passages"}
    assert quoted == names
    assert len({r[0] for r in off if r[1] == "digest"}) < 8
    # within the story too: every copy relates to all the articles before it
    for k in range(12):
        older = {r[0] for r in on if r[1] == f"copy{k}"}
        assert older == {"report0"} | {f"copy{i}" for i in range(k)}
    assert off <= on  # the families only add relations, each measured exactly


def test_a_store_reopened_midway_finds_what_one_run_finds(tmp_path: Path) -> None:
    articles = [*story(9), report(6), digest()]
    whole = relations_reopened(tmp_path / "whole.db", articles, FAMILIES)
    for cut in (4, 10):
        assert relations_reopened(tmp_path / f"cut{cut}.db", articles, FAMILIES, cut) == whole


def test_the_migration_builds_the_families_an_ingest_keeps(tmp_path: Path) -> None:
    """``build`` over a store's copy relations gives the rows the ingest wrote: each article
    in the family of the one it copies most closely, a family named by its first article."""
    db = tmp_path / "f.db"
    relations_reopened(db, [*story(6), report(6), digest(), report(7)], FAMILIES)
    conn = sqlite3.connect(db)
    kept = conn.execute("SELECT article, family FROM article_families ORDER BY article").fetchall()
    # report 0 and its 6 copies; report 6 and the digest (report 6 with a paragraph more)
    assert kept == [(i, 1) for i in range(1, 8)] + [(8, 8), (9, 8)]
    conn.execute("DROP TABLE article_families")
    build(conn)
    again = conn.execute("SELECT article, family FROM article_families ORDER BY article")
    assert again.fetchall() == kept


def test_count_tells_distinct_families_per_key() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE article_families (article INTEGER PRIMARY KEY, family INTEGER)")
    fams = Families(conn)
    for article in (2, 3, 4):
        fams.join(article, 1)
    assert fams.newest(1, 2) == [3, 4]
    arts = np.array([1, 2, 3, 4, 5, 6, 2000], dtype=np.int64)  # 2000: past the array
    which = np.array([0, 0, 0, 0, 0, 1, 1], dtype=np.int64)
    assert fams.count(arts, which, 3).tolist() == [2, 2, 0]


def test_by_count_orders_families_as_counter_most_common_does() -> None:
    """The family tier reads the families of the related articles most first, ties in the
    order they first appear: what ``Counter.most_common`` gives, without a Python loop."""
    from collections import Counter

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE article_families (article INTEGER PRIMARY KEY, family INTEGER)")
    fams = Families(conn)
    for article, best in ((11, 10), (12, 10), (21, 20), (31, 30), (32, 31)):
        fams.join(article, best)
    rng = np.random.default_rng(7)
    pool = np.array([10, 11, 12, 20, 21, 30, 31, 32, 40, 41, 5000], dtype=np.int64)
    assert fams.by_count(np.zeros(0, dtype=np.int64)) == []
    for _ in range(200):
        arts = rng.choice(pool, size=int(rng.integers(1, 12)))
        want = [f for f, _ in Counter(fams.family(int(a)) for a in arts).most_common()]
        assert fams.by_count(arts) == want


TIER_ALONE = LshParams(  # type: ignore[arg-type]
    **TIGHT, family_keep=16, family_candidates=16, family_keys=False, family_seeds="found"
)
IN_CANDIDATES = LshParams(  # type: ignore[arg-type]
    **TIGHT, family_keep=16, family_candidates=16, family_keys=False, family_seeds="candidates"
)


def test_the_tier_alone_relates_a_story_whole_and_leaves_keys_counting_articles(
    tmp_path: Path,
) -> None:
    """``family_keys=False``: keys count articles as without families, so the digest's quoted
    sentences (held by 13 articles, past the bound of 4) offer it nothing more than without
    families; the tier still measures a copy against its story's other members, in the
    tier after the first measures or (``family_seeds="candidates"``) beside them."""
    articles = [*story(12), report(6), digest()]
    off = relations_reopened(tmp_path / "off.db", articles, NO_FAMILIES)
    for name, params in (("alone", TIER_ALONE), ("candidates", IN_CANDIDATES)):
        got = relations_reopened(tmp_path / f"{name}.db", articles, params)
        for k in range(12):
            older = {r[0] for r in got if r[1] == f"copy{k}"}
            assert older == {"report0"} | {f"copy{i}" for i in range(k)}, name
        assert {r for r in got if r[1] == "digest"} == {r for r in off if r[1] == "digest"}
        assert off <= got  # the tier only adds relations, each measured exactly


def test_family_members_among_the_candidates_resume_as_one_run(tmp_path: Path) -> None:
    articles = [*story(9), report(6), digest()]
    whole = relations_reopened(tmp_path / "whole.db", articles, IN_CANDIDATES)
    on = relations_reopened(tmp_path / "on.db", articles, FAMILIES)
    assert whole <= on  # the same pairs, kinds and scores where both find them
    for cut in (4, 10):
        assert relations_reopened(tmp_path / f"cut{cut}.db", articles, IN_CANDIDATES, cut) == whole


def test_family_seeds_must_be_a_known_rule() -> None:
    with pytest.raises(ValueError, match="family_seeds"):
        LshParams(family_keep=8, family_seeds="nearest")
