"""Story grouping of a fixed corpus gives the same stories as when this file's golden digest was
taken: speed work on ``stories.grouping`` (and on the features it reads) must keep every
membership, score, reason, merge and split, in batch order and in a shuffled stream order.  When a change
means to alter the stories (a new threshold, a new signal), regenerate the golden file and say why
in the commit:

    .venv/bin/python tests/stories/test_grouping_golden.py --write
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from newsprism.eval.synthetic import generate
from newsprism.model import Article
from newsprism.stories.features import StoryFeatures, story_features
from newsprism.stories.grouping import GroupingConfig, StoryGrouper, _dot, _prune, _top_keys

GOLDEN = Path(__file__).parent / "golden" / "grouping_fixed_corpus.json"

# the defaults (stories split), and a narrow window with few open stories and easy merges (stories close, merge
# and are reopened by copies; centroids are pruned to a few terms)
CONFIGS = {
    "default": GroupingConfig(),
    "narrow": GroupingConfig(
        window_days=1,
        max_active=12,
        merge_min=0.05,
        centroid_terms=60,
        query_terms=12,
        split_max=0,  # no splits: merges at merge_min itself
    ),
}


def corpus() -> list[StoryFeatures]:
    """600 generated articles, 40 a day (both generators: 500 in stories of their own, 100 in stories that
    share their templates), a few wire copies of earlier articles and a few undated articles."""
    made = [("d-", g) for g in generate(500, seed=21, distinct=True)]
    made += [("t-", g) for g in generate(100, seed=22)]
    order = list(range(len(made)))
    random.Random(5).shuffle(order)
    arts = []
    for i, k in enumerate(order):
        p, g = made[k]
        day = (dt.date(2026, 2, 1) + dt.timedelta(days=i // 40)).isoformat()
        arts.append(Article(p + g.name, "", g.text, outlet=g.outlet, published=day))
    for i, k in enumerate((3, 50, 120, 333)):
        p, g = made[order[k]]
        late = (dt.date(2026, 2, 1) + dt.timedelta(days=14)).isoformat()
        name = f"{p}{g.name}-wire{i}"
        arts.append(Article(name, "", g.text, outlet="Wire Copies Weekly", published=late))
    for k in (7, 400):
        p, g = made[order[k]]
        half = g.text[: len(g.text) // 2]
        arts.append(Article(f"{p}{g.name}-undated", "", half, outlet=g.outlet))
    return [story_features(a) for a in arts]


def digests(feats: list[StoryFeatures]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, config in CONFIGS.items():
        for order_name, order in (("batch", feats), ("stream", _shuffled(feats))):
            g = StoryGrouper(config)
            placed = g.group(order)
            rows = [
                [
                    a.article,
                    g.story_id(a.article),
                    a.score,
                    a.reason,
                    a.via,
                    list(a.merged),
                    None if a.split is None else [a.split[0], a.split[1], list(a.split[2])],
                ]
                for a in placed
            ]
            out[f"{name}/{order_name}"] = {
                "digest": hashlib.sha256(json.dumps(rows).encode()).hexdigest(),
                "stories": len({r[1] for r in rows}),
                "founded": sum(r[3] == "founded" for r in rows),
                "copies": sum(r[3] == "copy" for r in rows),
                "merged": sum(len(r[5]) for r in rows),
                "split": sum(r[6] is not None for r in rows),
            }
    return out


def _shuffled(feats: list[StoryFeatures]) -> list[StoryFeatures]:
    out = list(feats)
    random.Random(13).shuffle(out)
    return out


@pytest.fixture(scope="module")
def feats() -> list[StoryFeatures]:
    return corpus()


def test_the_fixed_corpus_groups_as_the_golden_file_says(feats: list[StoryFeatures]) -> None:
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = digests(feats)
    for key in want:  # counts first: a failure says what moved
        assert {k: v for k, v in got[key].items() if k != "digest"} == {
            k: v for k, v in want[key].items() if k != "digest"
        }, key
    assert got == want


def test_the_golden_corpus_exercises_every_path(feats: list[StoryFeatures]) -> None:
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for key, row in want.items():  # copies join; every story was founded or split off
        assert row["copies"] >= 4 and row["founded"] + row["split"] >= row["stories"], key
    assert all(want[f"default/{order}"]["split"] > 10 for order in ("batch", "stream"))
    assert all(want[f"narrow/{order}"]["merged"] > 10 for order in ("batch", "stream"))
    # the narrow window closes stories (many more of them), the defaults keep large centroids
    assert want["narrow/batch"]["stories"] > 3 * want["default/batch"]["stories"]


def _prune_by_sorting(vec: dict[str, float], keep: int) -> None:
    """``_prune`` as it was first written: sort every entry by (weight, key)."""
    if len(vec) > keep:
        for k, _ in sorted(vec.items(), key=lambda kv: (kv[1], kv[0]))[: len(vec) - keep]:
            del vec[k]


def test_pruning_keeps_the_heaviest_and_breaks_ties_by_key() -> None:
    rng = random.Random(3)
    for trial in range(300):
        n = rng.randint(0, 60)
        # few distinct weights: many ties at the cut
        vec = {f"k{rng.randint(0, 999):03d}": float(rng.randint(1, 4)) for _ in range(n)}
        keep = rng.randint(0, 40)
        a, b = dict(vec), dict(vec)
        _prune(a, keep)
        _prune_by_sorting(b, keep)
        assert a == b, (trial, vec, keep)
        assert list(a) == [k for k in vec if k in a]  # the order of what stays is kept
    vec = {"zeta": 1.0, "alpha": 1.0, "mid": 2.0}
    _prune(vec, 2)
    assert vec == {"zeta": 1.0, "mid": 2.0}  # on a tie the smaller key goes first


def test_query_keys_are_the_heaviest_ties_by_key() -> None:
    vec = {"harbour": 0.5, "ferry": 0.5, "council": 0.7, "vote": 0.1}
    assert _top_keys(vec, 3) == ["council", "ferry", "harbour"]
    assert _top_keys(vec, 2, "E:") == ["E:council", "E:ferry"]
    assert _top_keys({}, 5) == []


def test_split_scores_are_the_pairwise_cosines(feats: list[StoryFeatures]) -> None:
    # the split check's matrix products give the scores of the article vectors pair by pair
    g = StoryGrouper()
    for f in feats[:40]:
        g.observe(f)
        g.article_raw[f.article] = f
    names = [f.article for f in feats[:40]] + ["no-terms"]
    g.article_raw["no-terms"] = StoryFeatures("no-terms", None, (), (), (), "")
    w = g.config.entity_weight
    vecs = [
        (g._vector(g.article_raw[a].terms, ""), g._vector(g.article_raw[a].entities, "E:"))
        for a in names
    ]
    got = g._pair_scores(names)
    for i in range(len(names)):
        for j in range(len(names)):
            if i != j:
                want = (1 - w) * _dot(vecs[i][0], vecs[j][0]) + w * _dot(vecs[i][1], vecs[j][1])
                assert abs(got[i][j] - want) < 1e-12, (i, j)
    assert any(got[i][j] > 0.1 for i in range(40) for j in range(40) if i != j)


class _Counted(StoryGrouper):
    """A grouper that counts its similarity computations; ``share=False``: the merge steps
    share none (each computes its own, as before they shared them)."""

    share = True
    computed = 0

    def _similarity(self, *args: Any) -> float:
        self.computed += 1
        return super()._similarity(*args)

    def _merge_converged(
        self, s: Any, scores: list[tuple[float, int]], pairs: dict[tuple[int, int], float]
    ) -> tuple[int, ...]:
        return super()._merge_converged(s, scores, pairs if self.share else {})


def test_merge_steps_sharing_similarities_place_every_article_alike(
    feats: list[StoryFeatures],
) -> None:
    for config in CONFIGS.values():
        shared, apart = _Counted(config), _Counted(config)
        apart.share = False
        for f in _shuffled(feats):
            assert shared.add(f) == apart.add(f)
        assert shared.computed < apart.computed  # the second step read what the first computed


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    GOLDEN.write_text(json.dumps(digests(corpus()), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
