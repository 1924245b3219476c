"""Copy families: a story's copies in the store, as one group.

Each new article that copies stored ones (``duplicate``, ``version``, ``syndicated``) joins
the family of the one it copies most closely (the highest score; ties: the newest); an article
that copies none begins a family of its own.  So a family is a tree of copies grown from its
first article: a report, its wire copies, their later versions, a teaser.  Families never
merge: joining every copy link instead chains stories together through the articles that copy
two of them (a roundup quoting two reports, a version with another report's paragraph), and on
the news sample one family held 1,539 of 5,000 articles (docs/evaluation.md).

The near-duplicate index (``store.neardup``) uses families when ``LshParams.family_keep`` is
set: a key of the containment index counts the *families* that hold it, not the articles,
against ``passage_common`` (sixty copies of one story do not make its sentences boilerplate),
and an article found to relate to one member of a family is measured against other members
too.  So the work an article costs is bounded by the settings and grows with the size of the
stories it touches, not with the store.

In SQLite, ``article_families (article, family)`` holds a row for each article of a family of
two or more (an article with no copy and no copies is a family of its own and has no row); a
family's id is its first article.  In memory, while a writer works: the family of every row id
(an array) and the members of each family of two or more, oldest first.
"""

from __future__ import annotations

import sqlite3
from typing import Any, cast

import numpy as np


class Families:
    """The copy families of a store, read from ``article_families`` and kept up to date as
    articles are stored (``join``), in memory and in SQLite."""

    def __init__(self, conn: sqlite3.Connection, out: Any = None) -> None:
        self.conn = conn
        self.out = conn if out is None else out  # where rows are written (``store.behind``)
        rows = np.array(
            conn.execute(
                "SELECT article, family FROM article_families ORDER BY article"
            ).fetchall(),
            dtype=np.int64,
        ).reshape(-1, 2)
        top = int(rows.max()) + 1 if len(rows) else 0
        self.of = np.arange(max(top, 1024), dtype=np.int64)
        self.members: dict[int, list[int]] = {}
        for article, family in rows.tolist():
            self.of[article] = family
            self.members.setdefault(family, []).append(article)

    def family(self, article: int) -> int:
        return int(self.of[article]) if article < len(self.of) else article

    def by_count(self, articles: np.ndarray) -> list[int]:
        """The families of ``articles`` (row ids), those holding the most of them first, ties in
        the order they first appear (as ``Counter.most_common`` orders them)."""
        if not len(articles):
            return []
        of = self.of
        fam = np.where(articles < len(of), of[np.minimum(articles, len(of) - 1)], articles)
        ids, first, counts = np.unique(fam, return_index=True, return_counts=True)
        return cast(list[int], ids[np.lexsort((first, -counts))].tolist())

    def newest(self, family: int, keep: int) -> list[int]:
        """The newest ``keep`` members of a family, oldest first."""
        got = self.members.get(family, [family])
        return got[-keep:] if keep else []

    def join(self, article: int, best: int) -> None:
        """``article`` (just stored, in no family yet) copies ``best`` (stored before it) most
        closely: it joins ``best``'s family."""
        if article >= len(self.of):
            self._grow(article)
        family = self.family(best)
        rows = [(article, family)]
        if family not in self.members:
            self.members[family] = [family]
            rows.append((family, family))
        self.members[family].append(article)
        self.of[article] = family
        self.out.executemany(
            "INSERT OR REPLACE INTO article_families (article, family) VALUES (?, ?)", rows
        )

    def count(self, arts: np.ndarray, which: np.ndarray, n: int) -> np.ndarray:
        """For lookups answering ``arts`` (the index in the query of each: ``which``), how many
        distinct families each of the ``n`` queried keys holds."""
        if not len(arts):
            return np.zeros(n, dtype=np.int64)
        top = int(arts.max())
        if top >= len(self.of):  # articles in no family yet: each its own
            self._grow(top)
        pairs = (which.astype(np.int64) << 32) | self.of[arts]
        pairs.sort()  # one sort: np.unique's own steps cost more on a few thousand rows
        first = np.empty(len(pairs), dtype=bool)
        first[0] = True
        np.not_equal(pairs[1:], pairs[:-1], out=first[1:])
        return np.bincount(pairs[first] >> 32, minlength=n)

    def _grow(self, article: int) -> None:
        """Room in ``of`` for row ids up to ``article`` (and half as many again), each its own
        family."""
        n = len(self.of)
        self.of = np.concatenate([self.of, np.arange(n, article + article // 2 + 1)])


def best_copy(copies: list[tuple[float, int]]) -> int | None:
    """The stored article a new one copies most closely, of ``(score, row id)`` pairs: the
    highest score, then the newest."""
    return max(copies)[1] if copies else None


def build(conn: sqlite3.Connection, fill: bool = True) -> None:
    """The ``article_families`` table (the ``neardup_families`` migration); with ``fill``,
    its rows for the articles a store holds, from their copy relations, in ingest order."""
    conn.execute(
        """
        CREATE TABLE article_families (
            article INTEGER PRIMARY KEY REFERENCES articles (id),
            family INTEGER NOT NULL          -- the family's first article
        )
        """
    )
    if not fill:
        return
    families = Families(conn)
    cur = conn.execute(
        "SELECT b, a, score FROM relations WHERE kind IN ('duplicate', 'version', 'syndicated') "
        "ORDER BY b"
    )
    article: int | None = None
    copies: list[tuple[float, int]] = []
    while rows := cur.fetchmany(10_000):
        for b, a, score in rows:
            if b != article:
                if article is not None:
                    families.join(article, max(copies)[1])
                article, copies = b, []
            copies.append((score, a))
    if article is not None:
        families.join(article, max(copies)[1])
