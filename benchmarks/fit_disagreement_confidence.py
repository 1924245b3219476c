"""Fit the confidence of disagreements on the tuning half of the annotated real clusters.

    .venv/bin/python benchmarks/fit_disagreement_confidence.py [--write] [--C 1.0]

Every disagreement the pipeline finds on a tuning cluster (shown or possible) is one example: its
features are ``confidence.Evidence.vector()``; it is positive when its sides match a gold
contradiction of the cluster the way ``../shared/eval/score_clusters.py`` matches them (each side of
the gold pair matches a different side, rapidfuzz ``partial_ratio`` >= 80), negative otherwise (the
known look-alikes, ``not_contradictions``, among them).  A logistic regression (L2, the classes as
they come: precision first) is fitted on them.

Leave-one-cluster-out cross-validation inside the tuning half compares feature sets and the
hand-set weights (the baseline): for each held-out cluster, its items are ranked as the pipeline
ranks them, those with confidence >= 0.5 are shown, and the top 8 shown are scored as the scorer
scores them (gold contradictions matched, items shown, items that match gold, look-alikes shown).
The confirming half is never read here: ``benchmarks/real_clusters.py`` reports it.

The project's annotated stories (``examples/annotations``, the seeds among them when
../shared/seeds is there) are examples too (``--no-examples`` leaves them out): the tuning half
alone holds few positives but figures.

``--write`` writes the weights fitted on all the examples with the chosen feature set to
``src/newsprism/data/disagreement_confidence_fitted.json`` (``Config(confidence="fitted")``); the
hand-set weights (``disagreement_confidence.json``, the default) are the baseline row.
Deterministic: the same data give the same weights.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.analyze.disagreements import confidence as conf  # noqa: E402
from newsprism.api import prepare  # noqa: E402
from newsprism.eval import real_clusters as rc  # noqa: E402
from newsprism.eval.contradiction_evidence import matches, side_texts  # noqa: E402
from newsprism.ingest.readers import read_inputs  # noqa: E402
from newsprism.pipeline import (  # noqa: E402
    DEFAULT_STAGES,
    Config,
    Pipeline,
    State,
    scored_disagreements_of,
)

DATA = ROOT / "src" / "newsprism" / "data"
TOP = 8
REAL_WEIGHT = 3.0  # ``--real-weight``
# feature sets compared by cross-validation (names of ``Evidence.vector``); the kind one-hot is
# always in
KIND_FEATURES = tuple(f"kind={k}" for k in conf.KINDS)
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "similarity+figure": ("similarity", "figure"),
    "evidence": (
        "similarity",
        "figure",
        "same_target",
        "named",
        "unnamed",
        "hedged",
        "label",
    ),
    "evidence+meaning": (
        "similarity",
        "meaning",
        "figure",
        "same_target",
        "named",
        "unnamed",
        "hedged",
        "label",
    ),
    "evidence+voices": (
        "similarity",
        "figure",
        "same_target",
        "named",
        "unnamed",
        "reporter",
        "hedged",
        "vague",
        "overlap",
        "label",
        "voices",
        "sides",
    ),
}


@dataclass
class Item:
    cluster: str
    importance: float
    features: dict[str, float]
    golds: frozenset[int]  # gold contradictions of the cluster it matches
    lookalike: bool


def items_of(cid: str, folder: Path, config: Config) -> list[Item]:
    gold = json.loads((rc.GOLD_DIR / f"{cid}.json").read_text(encoding="utf-8"))
    read = prepare(read_inputs([str(folder)]))
    state = State(read.articles, read.dropped, read.notices)
    stages = [s for s in DEFAULT_STAGES if s.name != "disagreements"]
    state = Pipeline(stages).run(state, config)
    _, scored, _ = scored_disagreements_of(state, config)
    arts = {a.id: a for a in state.articles}
    out = []
    for importance, d, ev in scored:
        sides = side_texts(d, arts)
        golds = frozenset(k for k, g in enumerate(gold["contradictions"]) if matches(g, sides))
        look = any(matches(g, sides) for g in gold.get("not_contradictions", []))
        out.append(Item(cid, importance, ev.vector(), golds, look))
    return out


def example_items(path: Path, config: Config) -> list[Item]:
    """Items of one of the project's annotated stories (``examples/annotations``), labelled by
    ``eval.disagreements.matches`` (every gold side cited by a different side)."""
    from newsprism.eval.disagreements import input_paths, load_gold
    from newsprism.eval.disagreements import matches as cites_gold

    raw = json.loads(path.read_text(encoding="utf-8"))
    read = prepare(read_inputs(input_paths(path, raw.get("inputs", ["."]))))
    state = State(read.articles, read.dropped, read.notices)
    stages = [s for s in DEFAULT_STAGES if s.name != "disagreements"]
    state = Pipeline(stages).run(state, config)
    _, scored, _ = scored_disagreements_of(state, config)
    gold = load_gold(path, state.articles)
    out = []
    for importance, d, ev in scored:
        golds = frozenset(k for k, g in enumerate(gold.disagreements) if cites_gold(d, g))
        out.append(Item(f"example:{path.stem}", importance, ev.vector(), golds, False))
    return out


def example_files() -> list[Path]:
    """The project's annotated stories; the seeds only when ../shared/seeds is there."""
    files = sorted((ROOT / "examples" / "annotations").glob("*.json"))
    seeds = ROOT / ".." / "shared" / "seeds"
    return [f for f in files if f.stem != "seeds" or seeds.is_dir()]


def evaluate(items: list[Item], weights: dict[str, float]) -> dict[str, int]:
    """The held-out cluster's top 8 shown as the scorer counts them."""
    ranked = sorted(items, key=lambda x: -x.importance)
    shown = [x for x in ranked if _confidence(x.features, weights) >= conf.CONFIDENT][:TOP]
    return {
        "gold_hit": len(frozenset().union(*(x.golds for x in shown))),
        "shown": len(shown),
        "real": sum(bool(x.golds) for x in shown),
        "lookalike": sum(x.lookalike for x in shown),
    }


def _confidence(features: dict[str, float], weights: dict[str, float]) -> float:
    import math

    z = weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-z))


def fit(items: list[Item], names: tuple[str, ...], c: float) -> dict[str, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[it.features.get(n, 0.0) for n in names] for it in items])
    y = np.array([bool(it.golds) for it in items])
    if y.all() or not y.any():
        return {"bias": 0.0}
    # the real clusters weigh REAL_WEIGHT times as much as the project's stories together
    real = np.array([not it.cluster.startswith("example:") for it in items])
    w = np.where(real, max(1.0, (~real).sum() / max(1, real.sum())) * REAL_WEIGHT, 1.0)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y, sample_weight=w)
    out = {"bias": round(float(model.intercept_[0]), 3)}
    out.update({n: round(float(w), 3) for n, w in zip(names, model.coef_[0], strict=True)})
    return out


def cross_validate(
    items: list[Item], weights_for: dict[str, object], c: float
) -> dict[str, dict[str, int]]:
    clusters = sorted({it.cluster for it in items})
    table: dict[str, dict[str, int]] = {}
    for name, spec in weights_for.items():
        for part in ("real", "examples"):
            tot = {"gold_hit": 0, "shown": 0, "real": 0, "lookalike": 0}
            for cid in clusters:
                if cid.startswith("example:") != (part == "examples"):
                    continue
                held = [it for it in items if it.cluster == cid]
                if isinstance(spec, dict):
                    w = spec  # fixed weights (the hand-set baseline)
                else:
                    assert isinstance(spec, tuple)
                    w = fit([it for it in items if it.cluster != cid], spec, c)
                for k, v in evaluate(held, w).items():
                    tot[k] += v
            table[f"{name} | {part}"] = tot
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--write", action="store_true", help="write the fitted weights")
    ap.add_argument("--features", default="evidence", choices=sorted(FEATURE_SETS))
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength (default 1.0)")
    ap.add_argument("--cache", action="store_true", help="reuse the items of the last --cache run")
    ap.add_argument(
        "--no-examples",
        action="store_true",
        help="fit on the real clusters only, not also on the project's annotated stories",
    )
    ap.add_argument(
        "--meaning", default="", help="Config.meaning: also pair claims by meaning ('minilm')"
    )
    ap.add_argument(
        "--real-weight",
        type=float,
        default=3.0,
        help="weight of the real clusters' examples, times the stories' (default 3: precision "
        "on real news chosen by the cross-validation)",
    )
    args = ap.parse_args(argv)
    global REAL_WEIGHT
    REAL_WEIGHT = args.real_weight
    if not rc.available():
        print(f"skipped: the annotated clusters are not in {rc.SHARED}")
        return 0
    tuning = rc.halves(rc.cluster_ids())["tuning"]
    items: list[Item] = []
    cache = Path(tempfile.gettempdir()) / f"np-fit-items-{args.meaning or 'none'}.pkl"
    if args.cache and cache.is_file():
        import pickle

        items = pickle.loads(cache.read_bytes())
    with tempfile.TemporaryDirectory(prefix="np-fit-") as tmp:
        dirs = rc.write_clusters(tuning, Path(tmp))
        for cid in tuning if not items else ():
            items += items_of(cid, dirs[cid], Config(meaning=args.meaning))
    if not args.no_examples and not any(it.cluster.startswith("example:") for it in items):
        for path in example_files():
            items += example_items(path, Config(meaning=args.meaning))
    if args.cache:
        import pickle

        cache.write_bytes(pickle.dumps(items))
    n_gold = sum(
        len(json.loads((rc.GOLD_DIR / f"{cid}.json").read_text())["contradictions"])
        for cid in tuning
    )
    pos = sum(bool(it.golds) for it in items)
    n_ex = sum(
        len(json.loads(p.read_text())["disagreements"])
        for p in ([] if args.no_examples else example_files())
    )
    print(f"tuning half: {len(items)} disagreements found, {pos} match gold; {n_gold} gold")
    handset = conf.weights_named("hand-set")
    specs: dict[str, object] = {"hand-set (baseline)": handset}
    specs.update({k: KIND_FEATURES + v for k, v in FEATURE_SETS.items()})
    table = cross_validate(items, specs, args.C)
    print("\nleave-one-cluster-out on the tuning half (top 8 shown per cluster):")
    print("| weights | held out | gold in top 8 | shown | shown that are gold | look-alikes |")
    print("|---|---|---|---|---|---|")
    for name, t in table.items():
        prec = t["real"] / t["shown"] if t["shown"] else 0.0
        print(
            f"| {name} | {t['gold_hit']}/{n_gold if 'real' in name else n_ex} | {t['shown']} | {t['real']} ({prec:.2f}) "
            f"| {t['lookalike']} |"
        )
    weights = fit(items, KIND_FEATURES + FEATURE_SETS[args.features], args.C)
    print(f"\nfitted on all the examples ({args.features}): {weights}")
    if args.write:
        about = (
            "Weights of newsprism.analyze.disagreements.confidence: confidence = sigmoid(bias + "
            "sum(weight * feature)); shown when >= 0.5. Fitted (logistic regression, L2 C="
            f"{args.C}, features '{args.features}', real clusters weighted {args.real_weight}) on the disagreements "
            "found on the tuning half of the annotated real clusters"
            + ("" if args.no_examples else " and the project's annotated stories")
            + " by benchmarks/fit_disagreement_confidence.py --write; the confirming half was "
            "not used. Select with Config(confidence='fitted'); the default is hand-set."
        )
        out = {"about": about, "weights": weights}
        path = DATA / conf.WEIGHTS["fitted"]
        path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
