"""A second stage for story grouping: merging stories that converge, fitted and measured on the
Multi-News dev stream.

    .venv/bin/python benchmarks/story_pairs.py --fit      # fit the merge model on the tuning
                                                          # half, write data/story_merge.json,
                                                          # read converge_min on the tuning half
    .venv/bin/python benchmarks/story_pairs.py --confirm  # the shipped model, on and off, both
                                                          # halves (the confirming half's figure)
    .venv/bin/python benchmarks/story_pairs.py            # story pairs at the end of the stream
    .venv/bin/python benchmarks/story_pairs.py --minilm   # ... also by MiniLM (slow: about 0.1
                                                          # to 0.3 s an article)
    .venv/bin/python benchmarks/story_pairs.py --margin 0.065,1.25   # a join by margin

Every figure keeps out the pages that are no news article, as the 'pages out' rows of
``benchmarks/stories.py``, and is read in batch order, shuffled with seed 13 and with seeds 1-5
(B-cubed / pairwise F1 for each and the mean of all seven).

1. **The merge model** (``stories.converge``; ``--fit``): the tuning half is grouped in those
   seven orders with the model's merges off, and every pair the step would check (the placed
   article's story and each of up to ``converge_candidates`` other stories it scored at least
   ``converge_floor`` with) is recorded with its four features and whether merging it would join
   more same-cluster pairs of counted documents than pairs from two clusters.  A logistic
   regression (standardised features, C = 1) is fitted on those pairs and written back in raw
   units; then the grouper runs with it at several ``converge_min``.  ``--confirm`` reads the
   confirming half once, with the shipped model and threshold against the step turned off.
2. **Story pairs at the end of the stream** (no option): every pair of final stories scoring
   0.03 or more (average link, final IDF), ranked by average link, by their best member pair, by
   shared rare names (summed IDF) and with ``--minilm`` by the cosine of their mean MiniLM
   vectors (title and first 200 words); for each ranking, the same-cluster and the other pairs
   of documents that merging its first 5, 10 and 20 pairs would join; pairs where each story is
   the other's best; and a logistic regression over those features fitted on the tuning half's
   pairs, read on both.
3. **Joining by margin** (``--margin MIN,RATIO``): an article whose best story scores below
   ``join_min`` but at least MIN, and at least RATIO times its second-best candidate, joins the
   best (a ratio test, as in feature matching).  Tried and not kept (docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from newsprism.api import prepare  # noqa: E402
from newsprism.eval.clustering import StreamDoc, load_multinews, shuffled  # noqa: E402
from newsprism.ingest.pagekind import page_kind  # noqa: E402
from newsprism.ingest.readers import ReadResult  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.stories import (  # noqa: E402
    GroupingConfig,
    StoryFeatures,
    StoryGrouper,
    converge,  # noqa: E402
    story_features,
)
from newsprism.stories.grouping import _dot  # noqa: E402
from stories import DATA, SEED, background, halves, score  # noqa: E402

PAIR_MIN = 0.03  # story pairs scoring below this are not read
HEADS = (5, 10, 20)


class MarginGrouper(StoryGrouper):
    """A grouper whose join bar drops to ``low`` for the best candidate when it scores at least
    ``ratio`` times the second-best (an experiment: not part of the package)."""

    def __init__(self, low: float, ratio: float, config: GroupingConfig | None = None) -> None:
        super().__init__(config)
        self.low, self.ratio = low, ratio
        self._last: list[tuple[float, int]] = []

    def _scores(self, f, terms, ents, keys):  # type: ignore[no-untyped-def]
        self._last = super()._scores(f, terms, ents, keys)
        return self._last

    def _join_bar(self, f, s):  # type: ignore[no-untyped-def]
        bar = super()._join_bar(f, s)
        scores = self._last
        if scores and scores[0][1] == s.id:
            second = scores[1][0] if len(scores) > 1 else 0.0
            if scores[0][0] >= self.ratio * second:
                return min(bar, self.low + bar - self.config.join_min)
        return bar


def _entity_idf(g: StoryGrouper) -> Callable[[str], float]:
    """The IDF of an entity by its name at the grouper's count of articles
    (``log((1 + n) / (1 + df)) + idf_add``; the grouper's ``df`` keys it "E:" + name)."""
    n1, df, add = 1.0 + g.n_docs, g.df, g.config.idf_add
    return lambda name: math.log(n1 / (1.0 + df.get("E:" + name, 0))) + add


def _gains(a: list[StreamDoc], b: list[StreamDoc]) -> tuple[int, int]:
    ca = Counter(d.cluster for d in a if not d.scrap)
    cb = Counter(d.cluster for d in b if not d.scrap)
    same = sum(n * cb[c] for c, n in ca.items())
    return same, sum(ca.values()) * sum(cb.values()) - same


def story_pairs(
    order: list[StreamDoc],
    feats: dict[str, StoryFeatures],
    prime: list[StoryFeatures],
    emb: dict[str, object] | None,
) -> tuple[list[str], list[dict[str, float]]]:
    import numpy as np

    g = StoryGrouper(GroupingConfig(converge_min=2.0))  # the stories before the merge model
    for f in prime:
        g.observe(f)
    g.group(feats[d.id] for d in order)
    members: dict[int, list[StreamDoc]] = defaultdict(list)
    for d in order:
        members[g.story_id(d.id)].append(d)
    sids = sorted(members)
    ids = [d.id for d in order]
    pos = {a: i for i, a in enumerate(ids)}
    tv = [g._vector(feats[a].terms, "") for a in ids]
    ev = [g._vector(feats[a].entities, "E:") for a in ids]
    w = g.config.entity_weight
    n = len(ids)
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            sim[i, j] = sim[j, i] = (1 - w) * _dot(tv[i], tv[j]) + w * _dot(ev[i], ev[j])
    idx = [np.array([pos[d.id] for d in members[s]]) for s in sids]
    k = len(sids)
    avg = np.full((k, k), -1.0)
    for x in range(k):
        for y in range(k):
            if x != y:
                avg[x, y] = sim[np.ix_(idx[x], idx[y])].mean()
    idf = _entity_idf(g)
    names = [set().union(*(ev[i] for i in idx[x])) for x in range(k)]
    rows = []
    for x in range(k):
        for y in range(x + 1, k):
            if avg[x, y] < PAIR_MIN:
                continue
            same, other = _gains(members[sids[x]], members[sids[y]])
            row = {
                "average link": avg[x, y],
                "best member pair": sim[np.ix_(idx[x], idx[y])].max(),
                "shared rare names": sum(idf(e) for e in names[x] & names[y] if " " not in e),
                "mutual": float(avg[x].argmax() == y and avg[y].argmax() == x),
                "smaller story (log)": float(np.log(min(len(idx[x]), len(idx[y])))),
                "larger story (log)": float(np.log(max(len(idx[x]), len(idx[y])))),
                "same": same,
                "other": other,
            }
            if emb is not None:
                ma = np.mean([emb[ids[i]] for i in idx[x]], axis=0)
                mb = np.mean([emb[ids[i]] for i in idx[y]], axis=0)
                row["MiniLM centroid cosine"] = float(
                    ma @ mb / (np.linalg.norm(ma) * np.linalg.norm(mb))
                )
            rows.append(row)
    keys = ["average link", "best member pair", "shared rare names"]
    keys += ["MiniLM centroid cosine"] if emb is not None else []
    return [_summary(rows)] + [_head(rows, key) for key in keys] + _mutual(rows), rows


def _summary(rows: list[dict[str, float]]) -> str:
    gaining = [r for r in rows if r["same"] > r["other"]]
    return (
        f"{len(rows)} story pairs at {PAIR_MIN} or more; {len(gaining)} would gain by merging "
        f"({sum(r['same'] for r in gaining):.0f} same-cluster pairs of documents at most)"
    )


def _head(rows: list[dict[str, float]], key: str) -> str:
    """Same-cluster / other pairs of documents joined by merging the first ``HEADS`` story
    pairs ranked by ``key``."""
    ranked = sorted(rows, key=lambda r: -r[key])
    cells = []
    for head in HEADS:
        top = ranked[:head]
        same, other = sum(r["same"] for r in top), sum(r["other"] for r in top)
        cells.append(f"first {head}: {same:.0f} / {other:.0f}")
    return f"  by {key}: " + ", ".join(cells) + " (same-cluster / other pairs joined)"


def _mutual(rows: list[dict[str, float]]) -> list[str]:
    out = []
    for low in (PAIR_MIN, 0.06):
        m = [r for r in rows if r["mutual"] and r["average link"] >= low]
        out.append(
            f"  mutual best, average link >= {low}: {len(m)} story pairs, "
            f"{sum(r['same'] for r in m):.0f} / {sum(r['other'] for r in m):.0f}"
        )
    return out


FITTED = (
    "average link",
    "best member pair",
    "shared rare names",
    "mutual",
    "smaller story (log)",
    "larger story (log)",
)


def fitted(tuning: list[dict[str, float]], rows_by_part: dict[str, list[dict[str, float]]]) -> None:
    """A logistic regression over the story-pair features (standardised), fitted on the tuning half's pairs
    (batch and stream order; label: the merge would gain), its ranking read on every part."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def x(rows: list[dict[str, float]]) -> np.ndarray:
        return np.array([[r[k] for k in FITTED] for r in rows])

    y = [r["same"] > r["other"] for r in tuning]
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    model.fit(x(tuning), y)
    print(
        "fitted on the tuning half's story pairs: "
        + ", ".join(f"{k} {w:+.2f}" for k, w in zip(FITTED, model[-1].coef_[0], strict=True))
    )
    for part, rows in rows_by_part.items():
        probs = model.predict_proba(x(rows))[:, 1]
        for r, p in zip(rows, probs, strict=True):
            r["fitted"] = float(p)
        print(f"{part}: {_head(rows, 'fitted')[2:]}")


Parts = dict[str, tuple[list[StreamDoc], list[StreamDoc]]]


def _orders(full: list[StreamDoc], part: list[StreamDoc]) -> list[list[StreamDoc]]:
    """Batch order, then the half shuffled with seed 13 and seeds 1-5, pages kept out."""
    kept = {d.id for d in part}
    return [part] + [
        [d for d in shuffled(full, seed) if d.id in kept] for seed in (SEED, 1, 2, 3, 4, 5)
    ]


def compare(
    parts: Parts,
    feats: dict[str, StoryFeatures],
    prime: list[StoryFeatures],
    groupers: dict[str, Callable[[], StoryGrouper]],
) -> None:
    """B-cubed / pairwise F1 of each grouper on each half, seven orders."""
    for name, (full, part) in parts.items():
        orders = _orders(full, part)
        for label, make in groupers.items():
            b_f1, p_f1 = [], []
            for order in orders:
                g = make()
                for f in prime:
                    g.observe(f)
                g.group(feats[d.id] for d in order)
                pred: dict[str, object] = {d.id: g.story_id(d.id) for d in order}
                b, p = score(pred, part)[:2]
                b_f1.append(b.f1)
                p_f1.append(p.f1)
            print(
                f"{name:<11}{label:<26} batch {b_f1[0]:.3f} / {p_f1[0]:.3f}, seed {SEED} "
                f"{b_f1[1]:.3f} / {p_f1[1]:.3f}, seeds 1-5 {statistics.mean(b_f1[2:]):.3f} / "
                f"{statistics.mean(p_f1[2:]):.3f}, all seven {statistics.mean(b_f1):.3f} / "
                f"{statistics.mean(p_f1):.3f}",
                flush=True,
            )


class RecordingGrouper(StoryGrouper):
    """Merges nothing by the model; records each pair the converge step checks, with its
    features and whether merging it would gain (more same-cluster pairs of counted documents
    joined than pairs from two clusters)."""

    def __init__(self, gold: dict[str, StreamDoc], out: list[tuple[tuple[float, ...], bool]]):
        super().__init__(GroupingConfig())
        self.gold, self.out = gold, out

    def _converge_probability(self, s, other, features):  # type: ignore[no-untyped-def]
        same, wrong = _gains(
            [self.gold[a] for a in s.articles], [self.gold[a] for a in other.articles]
        )
        self.out.append((features, same > wrong))
        return 0.0


def fit_model(
    parts: Parts, feats: dict[str, StoryFeatures], prime: list[StoryFeatures], write: bool
) -> converge.MergeModel:
    """Fit the merge model on the tuning half's checked pairs (module docstring)."""
    import json

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    full, part = parts["tuning"]
    gold = {d.id: d for d in full}
    pairs: list[tuple[tuple[float, ...], bool]] = []
    for order in _orders(full, part):
        g = RecordingGrouper(gold, pairs)
        for f in prime:
            g.observe(f)
        g.group(feats[d.id] for d in order)
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(scaler.transform(x), y)
    weights = lr.coef_[0] / scaler.scale_
    intercept = float(lr.intercept_[0] - (lr.coef_[0] * scaler.mean_ / scaler.scale_).sum())
    model = converge.MergeModel(tuple(float(w) for w in weights), intercept)
    print(
        f"tuning half, seven orders: {len(y)} pairs checked, {int(y.sum())} would gain; "
        "weights (raw units): "
        + ", ".join(f"{k} {w:+.3f}" for k, w in zip(converge.FEATURES, weights, strict=True))
        + f", intercept {intercept:+.3f}"
    )
    probs = np.array([model.probability(p[0]) for p in pairs])
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        print(
            f"  probability >= {t}: {int((probs >= t).sum())} pairs, {int(y[probs >= t].sum())} gain"
        )
    if write:
        raw = {
            "features": list(converge.FEATURES),
            "weights": dict(zip(converge.FEATURES, model.weights, strict=True)),
            "intercept": model.intercept,
            "fitted": "benchmarks/story_pairs.py --fit on the tuning half of the Multi-News dev "
            "clusters (batch order and seeds 13, 1-5; pages out), standardised, C=1",
        }
        path = REPO / "src" / "newsprism" / "data" / "story_merge.json"
        path.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
        print(f"  written to {path.relative_to(REPO)}")
    return model


class FittedGrouper(StoryGrouper):
    """The grouper with a given merge model (the one just fitted, before it is shipped)."""

    def __init__(self, model: converge.MergeModel, config: GroupingConfig) -> None:
        super().__init__(config)
        self.model = model

    def _converge_probability(self, s, other, features):  # type: ignore[no-untyped-def]
        return self.model.probability(features)


def multinews_parts() -> tuple[list[Article], dict[str, StoryFeatures], list[StoryFeatures], Parts]:
    """The Multi-News dev documents read as articles, their grouping features, the background
    that primes the IDF, and each half (sorted by id) with and without the pages that are no
    news article."""
    docs = load_multinews(DATA)
    arts = prepare(ReadResult(tuple(Article(d.id, d.id, d.text) for d in docs), (), ())).articles
    feats = {a.id: story_features(a) for a in arts}
    pages = {a.id for a in arts if not page_kind(a).article}
    split = halves(docs)
    parts: Parts = {}
    for name in ("tuning", "confirming"):
        full = sorted((d for d in docs if d.cluster in split[name]), key=lambda d: d.id)
        parts[name] = (full, [d for d in full if d.id not in pages])
    return list(arts), feats, background(), parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fit", action="store_true", help="fit the merge model on the tuning half")
    ap.add_argument("--dry-run", action="store_true", help="--fit: do not write the model")
    ap.add_argument("--confirm", action="store_true", help="the shipped model on both halves")
    ap.add_argument("--minilm", action="store_true", help="also MiniLM centroid cosines (slow)")
    ap.add_argument("--margin", default="", help="MIN,RATIO: measure a join by margin")
    args = ap.parse_args()
    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return
    arts, feats, prime, parts = multinews_parts()
    off = GroupingConfig(converge_min=2.0)
    if args.fit:
        model = fit_model(parts, feats, prime, write=not args.dry_run)
        groupers: dict[str, Callable[[], StoryGrouper]] = {
            "converge off": lambda: StoryGrouper(off)
        }
        for t in (0.5, 0.6, 0.7, 0.8):
            cfg = GroupingConfig(converge_min=t)
            groupers[f"converge_min {t}"] = lambda cfg=cfg: FittedGrouper(model, cfg)  # type: ignore[misc]
        compare({"tuning": parts["tuning"]}, feats, prime, groupers)
        return
    if args.confirm:
        shipped = GroupingConfig().converge_min
        compare(
            parts,
            feats,
            prime,
            {"converge off": lambda: StoryGrouper(off), f"shipped ({shipped})": StoryGrouper},
        )
        return
    if args.margin:
        low, ratio = (float(x) for x in args.margin.split(","))
        compare(
            parts,
            feats,
            prime,
            {
                "converge off": lambda: StoryGrouper(off),
                f"margin {low} x{ratio}": lambda: MarginGrouper(low, ratio, off),
            },
        )
        return
    emb = None
    if args.minilm:
        emb = _minilm(arts)
    rows_by_part: dict[str, list[dict[str, float]]] = {}
    for name, (full, part) in parts.items():
        kept = {d.id for d in part}
        stream = [d for d in shuffled(full, SEED) if d.id in kept]
        for label, order in (("batch", part), ("stream", stream)):
            lines, rows = story_pairs(order, feats, prime, emb)
            rows_by_part[f"{name} {label}"] = rows
            print(f"{name} {label}: {lines[0]}")
            print("\n".join(lines[1:]))
    tuning = rows_by_part["tuning batch"] + rows_by_part["tuning stream"]
    fitted(tuning, rows_by_part)


def _minilm(arts: Sequence[Article]) -> dict[str, object]:
    from newsprism.nlp.minilm_numpy import NumpyMiniLMBackend
    from newsprism.nlp.segment import content_segments

    leads = []
    for a in arts:
        words: list[str] = []
        for seg in content_segments(a):
            words += a.text[seg.start : seg.end].split()
            if len(words) >= 200:
                break
        leads.append(" ".join(words[:200]))
    return dict(zip([a.id for a in arts], NumpyMiniLMBackend().encode(leads), strict=True))


if __name__ == "__main__":
    main()
