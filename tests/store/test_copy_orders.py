"""Copies of unequal length found in both arrival orders: the short (or medium) article stored
before the long report it copies, and after it.  The copies the store finds with its default
settings, and their recall against ``brief``'s all-pairs answer, are pinned for each order in
a golden file (tests/store/unequal.py writes the corpus).  A change meant to find more (or
that finds fewer) regenerates it and says so in the commit:

    .venv/bin/python tests/store/test_copy_orders.py --write
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from newsprism.model import Article
from newsprism.store import Store

if __package__:
    from .test_neardup import exact
    from .unequal import corpus
else:  # run as a script to write the golden file
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.store.test_neardup import exact
    from tests.store.unequal import corpus

GOLDEN = Path(__file__).parent / "golden" / "copy_orders.json"


def orders() -> dict[str, list[Article]]:
    longs, smalls = corpus()
    return {"short_first": smalls + longs, "long_first": longs + smalls}


def copies(rels: set[tuple[str, str, str, float]]) -> list[list[Any]]:
    return sorted([list(r) for r in rels if r[2] != "shares_passages"])


def found(folder: Path, articles: list[Article]) -> dict[str, Any]:
    """The copies a store with default settings finds when the articles arrive in this order,
    and their recall against the all-pairs answer."""
    with Store.open(folder / "orders.db") as store:
        for article in articles:
            store.add(article)
        got = {(r.a, r.b, r.kind, r.score) for r in store.relations()}
    for p in folder.glob("orders.db*"):
        p.unlink()
    want = copies(exact(articles))
    have = copies(got)
    hit = [r for r in have if r in want]
    return {
        "copies": len(want),
        "found": len(hit),
        "recall": round(len(hit) / len(want), 4),
        "extra": [r for r in have if r not in want],
        "missed": [r for r in want if r not in have],
    }


def summary(folder: Path) -> dict[str, Any]:
    return {name: found(folder, articles) for name, articles in orders().items()}


def test_the_corpus_holds_copies_of_unequal_length_in_both_orders() -> None:
    for articles in orders().values():
        want = copies(exact(articles))
        kinds = {(r[0][:5], r[1][:5]) for r in want} | {(r[1][:5], r[0][:5]) for r in want}
        assert ("repor", "flash") in kinds and ("repor", "mediu") in kinds
        assert len(want) >= 20


def test_copy_recall_in_both_arrival_orders_is_the_golden_one(tmp_path: Path) -> None:
    if not GOLDEN.is_file():
        pytest.skip("golden file missing: run this file with --write")
    got = summary(tmp_path)
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for order in want:
        assert got[order]["extra"] == [], "every copy the store writes is one brief writes"
        assert got[order] == want[order], order
    assert got["short_first"]["recall"] == 1.0  # the containment index's case


if __name__ == "__main__":
    if "--write" not in sys.argv:
        sys.exit("usage: test_copy_orders.py --write")
    with tempfile.TemporaryDirectory() as tmp:
        result = summary(Path(tmp))
    GOLDEN.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print({k: (v["found"], v["copies"], v["recall"]) for k, v in result.items()})
