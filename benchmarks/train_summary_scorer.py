"""Fit the summary's learned sentence scorer on Multi-News dev and measure it out of fold.

Reads ../shared/data/multinews/validation.jsonl (skips when absent).  For every cluster, the
summary's candidate units and their features (``newsprism.analyze.summary.features``) are
computed exactly as ``newsprism summarize`` computes them; each unit's target is the mean of its
ROUGE-1 and ROUGE-2 precision against the reference summary (rouge-score's tokenizer and Porter
stemmer, clipped counts): how much of the sentence is reference content.

``--folds K`` (default 5) splits the clusters into K folds by position; a model fitted on K-1
folds scores the held-out fold through the real summary code (``SummaryConfig(scorer_model=...)``),
so the ROUGE printed is out of fold.  ``--write`` then fits on every cluster and writes the
packaged model ``src/newsprism/data/summary_scorer.json`` with its provenance.

Usage:
  .venv/bin/python benchmarks/train_summary_scorer.py [--folds 5] [--kind gbrt|linear]
      [--limit N] [--write] [--no-cache] [--allow REASONS] [--fallback REASONS]
      [--set FIELD=VALUE]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyze.summary.features import FEATURES
from newsprism.analyze.summary.summarize import SummaryConfig, unit_features_of
from newsprism.eval import rouge as R
from newsprism.model import Event
from newsprism.nlp.annotate import AnnotatedArticle

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews" / "validation.jsonl"
MODEL = REPO / "src" / "newsprism" / "data" / "summary_scorer.json"
GBRT = {
    "n_estimators": 150,
    "max_depth": 3,
    "learning_rate": 0.05,
    "subsample": 0.8,
    "min_samples_leaf": 20,
}


def _tokenizer() -> Any:
    from rouge_score import tokenizers

    if not hasattr(_tokenizer, "tok"):
        _tokenizer.tok = tokenizers.DefaultTokenizer(use_stemmer=True)  # type: ignore[attr-defined]
    return _tokenizer.tok  # type: ignore[attr-defined]


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def targets(texts: Sequence[str], reference: str, r2_weight: float = 0.5) -> np.ndarray:
    """Weighted mean of ROUGE-1 and ROUGE-2 precision of each text against ``reference``."""
    tok = _tokenizer()
    ref = tok.tokenize(reference)
    ref1, ref2 = _ngrams(ref, 1), _ngrams(ref, 2)
    out = np.zeros(len(texts))
    for i, t in enumerate(texts):
        toks = tok.tokenize(t)
        s1, s2 = _ngrams(toks, 1), _ngrams(toks, 2)
        p1 = sum(min(c, ref1[g]) for g, c in s1.items()) / max(1, sum(s1.values()))
        p2 = sum(min(c, ref2[g]) for g, c in s2.items()) / max(1, sum(s2.values()))
        out[i] = (1.0 - r2_weight) * p1 + r2_weight * p2
    return out


def cluster_rows(
    docs: Sequence[AnnotatedArticle], config: SummaryConfig
) -> tuple[list[str], np.ndarray]:
    """Primary texts and features of a cluster's units (one event holding every document)."""
    from newsprism.analyze.relations.links import find_relations

    if not docs:
        return [], np.zeros((0, len(FEATURES)))
    event = Event("cluster", "cluster", tuple(d.id for d in docs))
    return unit_features_of(docs, (event,), find_relations(docs), config)


def fit(x: np.ndarray, y: np.ndarray, kind: str, seed: int = 0) -> dict[str, Any]:
    """A model file (JSON object) fitted on ``x`` -> ``y``."""
    if kind == "linear":
        from sklearn.linear_model import Ridge

        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        ridge = Ridge(alpha=1.0).fit((x - mean) / scale, y)
        return {
            "kind": "linear",
            "features": list(FEATURES),
            "mean": mean.tolist(),
            "scale": scale.tolist(),
            "coef": ridge.coef_.tolist(),
            "intercept": float(ridge.intercept_),
        }
    from sklearn.ensemble import GradientBoostingRegressor

    gb = GradientBoostingRegressor(random_state=seed, **GBRT).fit(x, y)  # type: ignore[arg-type]
    trees = []
    for est in gb.estimators_[:, 0]:
        t = est.tree_
        trees.append(
            {
                "feature": [int(f) if f >= 0 else -1 for f in t.feature],
                "threshold": [round(float(v), 6) for v in t.threshold],
                "left": [int(v) for v in t.children_left],
                "right": [int(v) for v in t.children_right],
                "value": [round(float(v), 6) for v in t.value[:, 0, 0]],
            }
        )
    init = float(np.mean(y)) if gb.init_ == "zero" else float(gb.init_.constant_[0][0])
    return {
        "kind": "gbrt",
        "features": list(FEATURES),
        "init": init,
        "learning_rate": GBRT["learning_rate"],
        "trees": trees,
    }


def folds_of(n: int, k: int) -> list[np.ndarray]:
    """``k`` folds of cluster positions, by position modulo ``k`` (no shuffling, reproducible)."""
    idx = np.arange(n)
    return [idx[idx % k == f] for f in range(k)]


def out_of_fold(
    clusters: Sequence[R.Cluster],
    parsed: dict[str, list[AnnotatedArticle]],
    rows: dict[str, tuple[list[str], np.ndarray, np.ndarray]],
    k: int,
    kind: str,
    words: int,
    config: SummaryConfig,
) -> tuple[dict[str, float], tuple[int, int], list[float]]:
    """ROUGE of the learned scorer, every cluster scored by a model that never saw it."""
    from summary_multinews import run_newsprism

    all_rows: list[dict[str, float]] = []
    valid = total = 0
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for f, held in enumerate(folds_of(len(clusters), k)):
            held_ids = {clusters[i].id for i in held.tolist()}
            train = [c.id for c in clusters if c.id not in held_ids]
            x = np.vstack([rows[i][1] for i in train])
            y = np.concatenate([rows[i][2] for i in train])
            path = Path(tmp) / f"fold{f}.json"
            path.write_text(json.dumps(fit(x, y, kind)), encoding="utf-8")
            cfg = dataclasses.replace(config, scorer="learned", scorer_model=str(path))
            test = [clusters[i] for i in held.tolist()]
            _, secs, (v, t), per = run_newsprism(test, parsed, words, cfg, per_cluster=True)
            all_rows.extend(per)
            valid, total = valid + v, total + t
            times.extend([secs] * len(test))
    return R.mean_scores(all_rows), (valid, total), times


def collect(
    clusters: Sequence[R.Cluster],
    parsed: dict[str, list[AnnotatedArticle]],
    config: SummaryConfig,
    r2_weight: float = 0.5,
) -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
    out = {}
    for c in clusters:
        texts, x = cluster_rows(parsed[c.id], config)
        out[c.id] = (texts, x, targets(texts, R.reference_lines(c.summary), r2_weight))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from summary_multinews import load_parsed

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--kind", choices=("gbrt", "linear"), default="linear")
    ap.add_argument("--words", type=int, default=230)
    ap.add_argument("--write", action="store_true", help="fit on all clusters, write the model")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-multinews"))
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument(
        "--set", action="append", default=[], help="SummaryConfig field=value for the OOF run"
    )
    ap.add_argument("--r2-weight", type=float, default=0.5, help="weight of ROUGE-2 in the target")
    ap.add_argument("--allow", default="", help="filter reasons not applied, comma-separated")
    ap.add_argument("--fallback", default=None, help="filter reasons held in reserve")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is not present")
        return 0
    clusters = R.read_clusters(args.data, args.limit)
    parsed = load_parsed(clusters, None if args.no_cache else args.cache)
    config = SummaryConfig()
    if args.allow:
        allow = frozenset(a for a in args.allow.split(",") if a)
        config = dataclasses.replace(
            config, filters=dataclasses.replace(config.filters, allow=allow)
        )
    if args.fallback is not None:
        fallback = frozenset(a for a in args.fallback.split(",") if a)
        config = dataclasses.replace(
            config, filters=dataclasses.replace(config.filters, fallback=fallback)
        )
    rows = collect(clusters, parsed, config, args.r2_weight)
    for change in args.set:
        name, value = change.split("=", 1)
        config = dataclasses.replace(config, **{name: float(value)})
    n = sum(len(r[0]) for r in rows.values())
    print(f"{len(clusters)} clusters, {n} candidate units, {len(FEATURES)} features")
    if args.folds > 1:
        scores, (v, t), _ = out_of_fold(
            clusters, parsed, rows, args.folds, args.kind, args.words, config
        )
        print(
            f"out of fold ({args.folds} folds, {args.kind}): ROUGE-1 {scores['rouge1']:.2f} "
            f"ROUGE-2 {scores['rouge2']:.2f} ROUGE-Lsum {scores['rougeLsum']:.2f} "
            f"LongBench ROUGE-L {scores['longbench_rl']:.2f}; citations valid {v}/{t}"
        )
    if args.write:
        x = np.vstack([r[1] for r in rows.values()])
        y = np.concatenate([r[2] for r in rows.values()])
        model = fit(x, y, args.kind)
        model["provenance"] = {
            "data": "Multi-News validation sample (250 clusters, ../shared/data/multinews)",
            "clusters": len(clusters),
            "units": int(len(y)),
            "target": "mean of ROUGE-1 and ROUGE-2 precision of the sentence vs the reference",
            "script": "benchmarks/train_summary_scorer.py --write",
            "params": GBRT if args.kind == "gbrt" else {"alpha": 1.0},
            "date": datetime.date.today().isoformat(),
        }
        MODEL.parent.mkdir(parents=True, exist_ok=True)
        MODEL.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(REPO)} ({MODEL.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
