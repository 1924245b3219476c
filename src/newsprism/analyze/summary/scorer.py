"""The learned sentence scorer of the summary: a small model stored as JSON, no pickles.

Two kinds of model file (written by ``benchmarks/train_summary_scorer.py``):

* ``{"kind": "linear", "features": [...], "mean": [...], "scale": [...], "coef": [...],
  "intercept": x}``: ``intercept + coef . (features - mean) / scale``;
* ``{"kind": "gbrt", "features": [...], "init": x, "learning_rate": r, "trees": [{"feature",
  "threshold", "left", "right", "value"}, ...]}``: gradient-boosted regression trees (scikit-learn's
  ``GradientBoostingRegressor`` exported node by node; a node with ``feature == -1`` is a leaf,
  ``x[feature] <= threshold`` goes left).

The model predicts how much of a sentence is reference content (mean of its ROUGE-1 and ROUGE-2
precision against the reference summary) from ``summary_features.FEATURES``.  The packaged model
``newsprism/data/summary_scorer.json`` was fitted on the Multi-News dev sample (provenance in its
``provenance`` field and in ``docs/summary.md``).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyze.summary.features import FEATURES
from newsprism.errors import BAD_OPTION, NewsprismError

PACKAGED = "summary_scorer.json"


@dataclass(frozen=True)
class _Tree:
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray


@dataclass(frozen=True)
class Scorer:
    """A loaded model: ``predict(features)`` gives one score per row."""

    kind: str
    columns: np.ndarray  # column of FEATURES for each model feature
    params: dict[str, Any]
    trees: tuple[_Tree, ...] = ()

    def predict(self, features: np.ndarray) -> np.ndarray:
        x = features[:, self.columns] if len(features) else np.zeros((0, len(self.columns)))
        if self.kind == "linear":
            z = (x - self.params["mean"]) / self.params["scale"]
            return np.asarray(z @ self.params["coef"] + self.params["intercept"], dtype=np.float64)
        out = np.full(len(x), float(self.params["init"]))
        rows = np.arange(len(x))
        rate = float(self.params["learning_rate"])
        for t in self.trees:
            node = np.zeros(len(x), dtype=np.int64)
            while True:
                f = t.feature[node]
                inner = f >= 0
                if not inner.any():
                    break
                go_left = x[rows, np.where(inner, f, 0)] <= t.threshold[node]
                node = np.where(inner, np.where(go_left, t.left[node], t.right[node]), node)
            out += rate * t.value[node]
        return out


def _bad(path: str, why: str) -> NewsprismError:
    return NewsprismError(
        BAD_OPTION,
        f"summary scorer model {path}: {why}; "
        "retrain it with benchmarks/train_summary_scorer.py or use the rule-based scorer",
    )


def parse_model(data: dict[str, Any], name: str = "<model>") -> Scorer:
    """A ``Scorer`` from the JSON object of a model file (checked against ``FEATURES``)."""
    kind = data.get("kind")
    names = list(data.get("features", []))
    missing = [f for f in names if f not in FEATURES]
    if missing or not names:
        raise _bad(name, f"unknown features {missing}" if missing else "no features")
    columns = np.array([FEATURES.index(f) for f in names], dtype=np.int64)
    if kind == "linear":
        params: dict[str, Any] = {
            "mean": np.asarray(data["mean"], dtype=np.float64),
            "scale": np.asarray(data["scale"], dtype=np.float64),
            "coef": np.asarray(data["coef"], dtype=np.float64),
            "intercept": float(data["intercept"]),
        }
        if not all(len(params[k]) == len(names) for k in ("mean", "scale", "coef")):
            raise _bad(name, "mean, scale and coef must have one value per feature")
        return Scorer("linear", columns, params)
    if kind == "gbrt":
        trees = tuple(
            _Tree(
                np.asarray(t["feature"], dtype=np.int64),
                np.asarray(t["threshold"], dtype=np.float64),
                np.asarray(t["left"], dtype=np.int64),
                np.asarray(t["right"], dtype=np.int64),
                np.asarray(t["value"], dtype=np.float64),
            )
            for t in data["trees"]
        )
        for t in trees:
            if int(t.feature.max(initial=-1)) >= len(names):
                raise _bad(name, "a tree uses a feature index beyond the feature list")
        params = {"init": float(data["init"]), "learning_rate": float(data["learning_rate"])}
        return Scorer("gbrt", columns, params, trees)
    raise _bad(name, f"unknown kind {kind!r} (linear or gbrt)")


@functools.cache
def load_scorer(path: str | None = None) -> Scorer:
    """The model at ``path``, or the packaged one (cached per path)."""
    if path is None:
        text = resources.files("newsprism").joinpath("data", PACKAGED).read_text(encoding="utf-8")
        return parse_model(json.loads(text), PACKAGED)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _bad(path, str(exc)) from exc
    return parse_model(data, path)
