"""Quality gate of the store's near-duplicates on real news: the Multi-News dev documents and
the PolNeAR articles (read from ../shared at test time; skipped when absent) are ingested, and
the copies the store finds are held against ``brief``'s all-pairs answer, at the floor pinned
in tests/floors.json (``store.real.copies_recall``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsprism.store import Store, ingest

from .test_neardup import exact, stored

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FLOORS = json.loads((Path(__file__).resolve().parents[1] / "floors.json").read_text("utf-8"))


@pytest.mark.skipif(
    not (SHARED / "multinews" / "validation.jsonl").is_file()
    or not (SHARED / "polnear" / "train" / "text").is_dir(),
    reason="../shared/data (Multi-News, PolNeAR) is absent",
)
def test_store_finds_the_copies_brief_finds_on_real_news(
    tmp_path: Path, benchmark_module: Callable[[str], Any]
) -> None:
    bench = benchmark_module("store")  # the documents as the benchmark's quality table reads them
    docs = bench.multinews_docs() + bench.polnear_docs()
    src = tmp_path / "real.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    with Store.open(tmp_path / "real.db") as store:
        ingest(store, [str(src)], batch_size=500)
        want = {
            r for r in exact([s.article for s in store.articles()]) if r[2] != "shares_passages"
        }
        got = {r for r in stored(store) if r[2] != "shares_passages"}
    assert len(want) >= 10, "the real documents hold wire copies and versions"
    assert got <= want  # every copy the store writes is one brief writes, with its score
    assert len(got) / len(want) >= FLOORS["store.real.copies_recall"]
