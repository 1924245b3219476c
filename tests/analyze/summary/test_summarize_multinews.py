"""Quality gate: ROUGE of the summary on the first clusters of Multi-News dev.

Runs only when ../shared/data/multinews is present; the floors are pinned in tests/floors.json
(keys ``summary.multinews40.*``).  Forty clusters keep it under a minute on two cores; the full
comparison with the peers is ``benchmarks/summary_multinews.py``.

The packaged scorer was fitted on the whole dev sample, these forty clusters included, so its
floor guards against regressions and is no claim of quality (the out-of-fold figures in
docs/evaluation.md are); the rule-based scorer, fitted on nothing, has a floor of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.analyze.summary.cluster import cluster_articles, summarize_annotated
from newsprism.analyze.summary.summarize import RULES
from newsprism.eval import rouge as R
from newsprism.nlp.annotate import annotate

TESTS = Path(__file__).resolve().parents[2]
DATA = TESTS.parent.parent / "shared" / "data" / "multinews" / "validation.jsonl"
FLOORS = json.loads((TESTS / "floors.json").read_text(encoding="utf-8"))
N = 40


@pytest.mark.slow
def test_multinews_rouge_floor_and_citations() -> None:
    if not DATA.exists():
        pytest.skip("../shared/data/multinews is not present")
    pytest.importorskip("rouge_score")
    pytest.importorskip("rouge")
    clusters = R.read_clusters(DATA, N)
    ours, rules, lead = [], [], []
    for c in clusters:
        docs = annotate(cluster_articles(c.documents))
        items = summarize_annotated(docs, 230)
        assert items
        for item in items:
            first = item.citations[0]
            assert c.documents[int(first.article)][first.start : first.end] == item.text
        ref = R.reference_lines(c.summary)
        ours.append(R.score(R.fit_budget([i.text for i in items], 230), ref))
        fallback = summarize_annotated(docs, 230, RULES)
        rules.append(R.score(R.fit_budget([i.text for i in fallback], 230), ref))
        sentences = [R.split_sentences(d) for d in c.documents]
        lead.append(R.score(R.fit_budget(R.lead(sentences, 230), 230), ref))
    mine, base = R.mean_scores(ours), R.mean_scores(lead)
    fall = R.mean_scores(rules)
    assert fall["rouge1"] >= FLOORS["summary.multinews40.rules.rouge1"], fall
    assert fall["rouge2"] >= FLOORS["summary.multinews40.rules.rouge2"], fall
    assert mine["rouge1"] >= FLOORS["summary.multinews40.rouge1"], mine
    assert mine["rouge2"] >= FLOORS["summary.multinews40.rouge2"], mine
    assert mine["rouge1"] > base["rouge1"] and mine["rouge2"] > base["rouge2"], (mine, base)
