"""An ingest of a fixed corpus stores the same articles, relations and drops as when this file's
golden digest was taken: speed work on the store (``store.neardup``, ``store.ingest``,
``ingest.boilerplate``) must keep every result.  When a change means to alter the relations
(a new threshold in ``links``, say), regenerate the golden file and say why in the commit:

    .venv/bin/python tests/store/test_ingest_golden.py --write
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.generated import feed_lines

from newsprism.eval.synthetic import generate
from newsprism.store import Store, ingest

GOLDEN = Path(__file__).parent / "golden" / "ingest_fixed_corpus.json"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write_corpus(folder: Path) -> list[str]:
    """The example stories, 400 generated articles (the generator's stories reuse wording, so
    most of them have copies and shared passages), one of them again under another name (stored
    once), a text without outlet at a URL and a longer text later at the same URL, one bad JSONL
    line and an empty file."""
    made = generate(400, 12)
    lines = feed_lines(made)
    lines.insert(150, '{"id": 7, "text": ["not", "a", "string"]}')
    lines.append(json.dumps({"id": "copy", "text": made[3].text, "outlet": made[3].outlet}))
    url = "https://news.example/harbour"
    lines.insert(20, json.dumps({"id": "first", "url": url, "text": made[5].text}))
    later = made[5].text + "\n\nThe council will meet again on Friday to hear the objections."
    lines.append(json.dumps({"id": "updated", "url": url, "text": later}))
    corpus = folder / "generated.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    return [str(EXAMPLES / "story"), str(EXAMPLES / "stories"), str(corpus), str(empty)]


def summary(folder: Path, workers: int = 1) -> dict[str, Any]:
    with Store.open(folder / "golden.db") as store:
        ingest(store, write_corpus(folder), batch_size=64, workers=workers)
        names = [s.article.id for s in store.articles()]
        rels = sorted((r.a, r.b, r.kind, r.score) for r in store.relations())
        drops = sorted(
            (Path(d.source).name, d.code)
            for d in store.drops()  # the source names the temporary folder
        )
    kinds: dict[str, int] = {}
    for r in rels:
        kinds[r[2]] = kinds.get(r[2], 0) + 1
    return {
        "articles": len(names),
        "articles_sha256": hashlib.sha256("\n".join(names).encode()).hexdigest(),
        "relations": dict(sorted(kinds.items())),
        "relations_sha256": hashlib.sha256(repr(rels).encode()).hexdigest(),
        "drops": drops,
    }


def test_ingest_of_a_fixed_corpus_matches_the_golden_file(tmp_path: Path) -> None:
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(summary(tmp_path)))
    assert got == want


def test_ingest_with_two_workers_matches_the_golden_file(tmp_path: Path) -> None:
    """Articles prepared in worker processes (fingerprints sent back as blobs) give the same."""
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(summary(tmp_path, workers=2)))
    assert got == want


if __name__ == "__main__" and "--write" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        GOLDEN.write_text(json.dumps(summary(Path(tmp)), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


def test_workers_yield_the_cpu_to_the_writer() -> None:
    """The preparing workers run at a lower priority than the process that writes the store,
    which sets the pace of an ingest on a machine with as many cores as workers."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newsprism.store.ingest import _worker_start

    if os.nice(0) >= 15:
        pytest.skip("this test already runs at the lowest priorities")
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=_worker_start) as pool:
        niceness = pool.submit(os.nice, 0).result()
    assert niceness > os.nice(0)
