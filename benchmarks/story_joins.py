"""Joins into a story of another cluster: does any signal at the moment of the join tell them
apart from the right joins?  (Issue 13: same-subject stories merged.)

    .venv/bin/python benchmarks/story_joins.py

Groups the tuning half of the Multi-News dev clusters (pages out, as the 'pages out' rows of
``benchmarks/stories.py``) in seven orders (batch, seed 13, seeds 1-5) with the grouper as
shipped and records every join by words (reason ``similar``) of a counted document: its score,
the term and entity parts of the score (average link), how many entities the article and the
story name, and whether the article's heaviest entity is among the story's.  A join is *right*
when the story's counted members are mostly of the article's cluster, else *wrong*.  Then it
counts the joins each candidate rule would refuse, right and wrong: an entity floor (the entity
part below a bar when both sides name several entities: "distinct named people and places") and
a refusal of low-scoring joins whose heaviest entity the story does not name.  A refused right
join leaves the article alone (a split), so a rule is worth trying only if it refuses more
wrong joins than right ones.  Tuning half only: nothing is read on the confirming half.
"""

from __future__ import annotations

import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from newsprism.stories import GroupingConfig, StoryFeatures, StoryGrouper  # noqa: E402
from newsprism.stories.grouping import _dot, _Story  # noqa: E402


@dataclass(frozen=True)
class Join:
    right: bool
    score: float
    terms: float  # the term cosine part (average link)
    entities: float  # the entity cosine part
    article_names: int
    story_names: int
    top_named: bool | None  # the article's heaviest entity is among the story's (None: none)


class _Recorder(StoryGrouper):
    def __init__(self, cluster: dict[str, str], scraps: set[str], out: list[Join]) -> None:
        super().__init__(GroupingConfig())
        self.cluster, self.scraps, self.out = cluster, scraps, out

    def _join(self, s: _Story, f: StoryFeatures, member, terms, ents, keys) -> None:  # type: ignore[no-untyped-def]
        if member.reason == "similar" and f.article not in self.scraps:
            mates = [m.article for m in s.members if m.article not in self.scraps]
            if mates:
                main = Counter(self.cluster[a] for a in mates).most_common(1)[0][0]
                top = max(ents, key=lambda k: ents[k]) if ents else None
                self.out.append(
                    Join(
                        main == self.cluster[f.article],
                        member.score,
                        _dot(terms, s.terms) / max(s.size, 1),
                        _dot(ents, s.entities) / max(s.size, 1),
                        len(ents),
                        len(s.entities),
                        None if top is None else top in s.entities,
                    )
                )
        super()._join(s, f, member, terms, ents, keys)


def main() -> None:
    from stories import DATA
    from story_pairs import _orders, multinews_parts

    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return
    _, feats, prime, parts = multinews_parts()
    full, part = parts["tuning"]
    cluster = {d.id: d.cluster for d in full}
    scraps = {d.id for d in full if d.scrap}
    joins: list[Join] = []
    for order in _orders(full, part):
        g = _Recorder(cluster, scraps, joins)
        for f in prime:
            g.observe(f)
        g.group(feats[d.id] for d in order)
    right = [j for j in joins if j.right]
    wrong = [j for j in joins if not j.right]
    print(
        f"tuning half, pages out, seven orders: {len(joins)} joins by words, {len(wrong)} into a "
        "story of another cluster"
    )
    for name in ("score", "terms", "entities", "article_names", "story_names"):
        print(
            f"  median {name:<14} right {statistics.median(getattr(j, name) for j in right):7.3f}"
            f"   wrong {statistics.median(getattr(j, name) for j in wrong):7.3f}"
        )
    print(
        "  heaviest entity named by the story: right "
        f"{sum(j.top_named is True for j in right) / len(right):.2f}, wrong "
        f"{sum(j.top_named is True for j in wrong) / len(wrong):.2f}"
    )
    print("joins refused by each rule (right / wrong):")
    for bar in (0.05, 0.1, 0.15):
        for names in (3, 5, 8):

            def floor(j: Join, bar: float = bar, names: int = names) -> bool:
                return j.entities < bar and min(j.article_names, j.story_names) >= names

            print(
                f"  entity part < {bar} when both name {names} or more: "
                f"{sum(map(floor, right))} / {sum(map(floor, wrong))}"
            )
    for top in (0.1, 0.12, 0.15, 0.2):
        below = [j for j in joins if j.score < top]
        print(
            f"  score < {top} and the heaviest entity not the story's: "
            f"{sum(j.right and j.top_named is False for j in below)} / "
            f"{sum(not j.right and j.top_named is False for j in below)} "
            f"(all joins under {top}: {sum(j.right for j in below)} / "
            f"{sum(not j.right for j in below)})"
        )


if __name__ == "__main__":
    main()
