"""Quality gate of the store's near-duplicates on real news: the Multi-News dev documents and
the PolNeAR articles (read from ../shared at test time; skipped when absent) are ingested, and
the copies the store finds are held against ``brief``'s all-pairs answer, at the floor pinned
in tests/floors.json (``store.real.copies_recall``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.store import Store, ingest

from .test_neardup import exact, stored

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FLOORS = json.loads((Path(__file__).resolve().parents[1] / "floors.json").read_text("utf-8"))


def real_documents() -> list[dict[str, str]]:
    docs = []
    multinews = SHARED / "multinews" / "validation.jsonl"
    with multinews.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            for k, doc in enumerate(rec["documents"]):
                text = doc.replace("NEWLINE_CHAR", "\n").strip()
                if text:
                    docs.append({"id": f"{rec['id']}-{k}", "text": text})
    for split in ("train", "dev"):
        for path in sorted((SHARED / "polnear" / split / "text").glob("*.txt")):
            docs.append({"id": f"pn-{path.stem}", "text": path.read_text(encoding="utf-8")})
    return docs


@pytest.mark.skipif(
    not (SHARED / "multinews" / "validation.jsonl").is_file()
    or not (SHARED / "polnear" / "train" / "text").is_dir(),
    reason="../shared/data (Multi-News, PolNeAR) is absent",
)
def test_store_finds_the_copies_brief_finds_on_real_news(tmp_path: Path) -> None:
    src = tmp_path / "real.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in real_documents()), encoding="utf-8")
    with Store.open(tmp_path / "real.db") as store:
        ingest(store, [str(src)], batch_size=500)
        want = {
            r for r in exact([s.article for s in store.articles()]) if r[2] != "shares_passages"
        }
        got = {r for r in stored(store) if r[2] != "shares_passages"}
    assert len(want) >= 10, "the real documents hold wire copies and versions"
    assert got <= want  # every copy the store writes is one brief writes, with its score
    assert len(got) / len(want) >= FLOORS["store.real.copies_recall"]
