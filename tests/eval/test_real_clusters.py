"""The real-news harness (newsprism.eval.real_clusters) and its quality gate.

The halves and the cluster writer are tested on a JSONL this test writes; the gate briefs the
annotated clusters in ../shared (skipped when absent) and holds every measure at the floor pinned
in tests/floors.json (raise the floor when the project improves)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.eval import real_clusters as rc

FLOORS = json.loads((Path(__file__).resolve().parents[1] / "floors.json").read_text("utf-8"))


def test_halves_split_sorted_ids_in_two() -> None:
    ids = ["validation-9", "validation-10", "validation-2", "validation-11"]
    parts = rc.halves(ids)
    assert parts == {
        "tuning": ["validation-10", "validation-11"],
        "confirming": ["validation-2", "validation-9"],
    }


def test_write_clusters_keeps_documents_exactly(tmp_path: Path) -> None:
    jsonl = tmp_path / "v.jsonl"
    rows = [
        {"id": "a", "documents": ["One.\u2028Two.", "Three\r\n"], "summary": ""},
        {"id": "b", "documents": ["Four."], "summary": ""},
    ]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    dirs = rc.write_clusters(["a"], tmp_path / "out", jsonl)
    assert set(dirs) == {"a"}
    assert (dirs["a"] / "doc0.txt").read_bytes().decode("utf-8") == "One.\u2028Two."
    assert (dirs["a"] / "doc1.txt").read_bytes().decode("utf-8") == "Three\r\n"
    with pytest.raises(FileNotFoundError):
        rc.write_clusters(["missing"], tmp_path / "out2", jsonl)


@pytest.mark.slow
def test_real_clusters_gate(tmp_path: Path) -> None:
    if not rc.available():
        pytest.skip("../shared annotated clusters or scorer not present")
    ids = rc.cluster_ids()
    dirs = rc.write_clusters(ids, tmp_path / "in")
    timings = rc.brief_clusters(dirs, tmp_path / "briefs", jobs=2)
    assert not [cid for cid, (_, err) in timings.items() if err]
    scorer = rc.load_scorer()
    for half, part in rc.halves(ids).items():
        res = rc.score(part, tmp_path / "briefs", scorer=scorer)
        for key, _label, _target in rc.MEASURES:
            floor = FLOORS.get(f"real.{half}.{key}")
            if floor is None or res[key] is None or key == "false_alarm":
                continue
            assert res[key] >= floor, (half, key, res[key])
        # known look-alikes shown: a ceiling on their number (the measure; a share would
        # rise when a change removes a wrong item that was not a look-alike)
        ceiling = FLOORS.get(f"real.{half}.false_alarm_count")
        if ceiling is not None:
            assert res["counts"]["dfa"] <= ceiling, (half, "false_alarm_count", res["counts"])


def test_group_joins_counts_document_pairs_the_gold_confirms() -> None:
    gold = {
        "quotes": [{"text": "We will keep the night ferry", "docs": ["doc0"]}],
        "shared_quotes": [{"text": "keep the night ferry running", "docs": ["doc0", "doc1"]}],
    }
    briefing = {
        "articles": [{"id": f"a{k}", "source": f"/x/doc{k}.txt"} for k in range(3)],
        "quotes": [
            {"id": "q1", "article": "a0", "text": "We will keep the night ferry running"},
            {"id": "q2", "article": "a1", "text": "keep the night ferry running"},
            {"id": "q3", "article": "a2", "text": "the harbour wall is a disgrace"},
        ],
        "quote_groups": [
            {"id": "g1", "occurrences": [{"quote": q} for q in ("q1", "q2", "q3")]},
        ],
    }
    # doc0-doc1 confirmed; doc0-doc2 and doc1-doc2 are joins the gold does not hold
    assert rc.group_joins(gold, briefing) == (1, 3)
    briefing["quote_groups"] = []
    assert rc.group_joins(gold, briefing) == (0, 0)


def _briefing_with_wordings(item_article: str) -> dict:
    texts = {
        "a0": "We will keep the night ferry running",
        "a1": "We shall keep the night ferry running",
        "a2": "We shall keep the night ferry running",
    }
    quotes = [
        {"id": f"q{k}", "article": aid, "start": 10, "end": 10 + len(t), "text": t}
        for k, (aid, t) in enumerate(texts.items())
    ]
    return {
        "quotes": quotes,
        "quote_groups": [{"id": "g1", "occurrences": [{"quote": q["id"]} for q in quotes]}],
        "summary": [{"citations": [{"article": item_article, "start": 0, "end": 80}]}],
    }


def test_summary_wording_counts_an_item_quoting_a_minority_wording() -> None:
    assert rc.summary_wording(_briefing_with_wordings("a0")) == (0, 1)  # one outlet against two
    assert rc.summary_wording(_briefing_with_wordings("a1")) == (1, 1)  # two against one
    briefing = _briefing_with_wordings("a1")
    briefing["quote_groups"] = []  # a quote no other outlet prints is not counted
    assert rc.summary_wording(briefing) == (0, 0)
