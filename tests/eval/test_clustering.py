"""B-cubed and pairwise measures on small known cases; the Multi-News stream when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.eval.clustering import bcubed, load_multinews, pairwise

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "multinews" / "validation.jsonl"


def test_perfect_and_singletons() -> None:
    gold = ["a", "a", "b", "b", "b"]
    assert bcubed([1, 1, 2, 2, 2], gold).f1 == pytest.approx(1.0)
    assert pairwise([1, 1, 2, 2, 2], gold).f1 == pytest.approx(1.0)
    single = bcubed([1, 2, 3, 4, 5], gold)
    assert single.precision == 1.0
    assert single.recall == pytest.approx((2 * 0.5 + 3 / 3) / 5)
    assert pairwise([1, 2, 3, 4, 5], gold).recall == 0.0


def test_one_big_cluster() -> None:
    gold = ["a", "a", "b", "b"]
    b = bcubed([1, 1, 1, 1], gold)
    assert b.recall == 1.0 and b.precision == pytest.approx(0.5)
    p = pairwise([1, 1, 1, 1], gold)
    assert p.precision == pytest.approx(2 / 6) and p.recall == 1.0


@pytest.mark.slow
def test_multinews_stream_has_gold_and_few_scraps() -> None:
    if not DATA.is_file():
        pytest.skip("../shared/data is not present")
    docs = load_multinews(DATA)
    assert len({d.cluster for d in docs}) == 250
    assert len({d.id for d in docs}) == len(docs)
    assert 0 < sum(d.scrap for d in docs) < len(docs) * 0.1
