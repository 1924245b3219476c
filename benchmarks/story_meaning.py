"""A meaning signal only where words fail: MiniLM for the articles under the join bar, measured
on the Multi-News dev stream (tried and not kept: docs/evaluation.md, "A meaning signal where
words fail").

    .venv/bin/python benchmarks/story_meaning.py              # title and lead, 60 words
    .venv/bin/python benchmarks/story_meaning.py --words 200  # a longer lead
    .venv/bin/python benchmarks/story_meaning.py --near-miss 0.05,0.3   # the second variant

Every figure keeps out the pages that are no news article, as the 'pages out' rows of
``benchmarks/stories.py``, and is read in batch order, shuffled with seed 13 and with seeds 1-5
(``story_pairs._orders``; B-cubed / pairwise F1 for each and the mean of all seven).

The experiment (``MeaningGrouper``, a subclass in this script: not part of the package): an
article that would found a story (no open story scores ``join_min`` by words) is embedded with
MiniLM (``nlp.minilm_numpy``: its title and the first ``--words`` words of its content
segments), and compared with the open stories in the window that hold an embedded article (the
centroid of their embedded open articles: the articles that founded them or joined them this
way; so only the articles under the bar are ever embedded).  For the ``TOP`` best by cosine, a
logistic model over four features (the cosine, the article's word score with that story, the
entity cosine between the article and the story's centroid, the days between them, 0 when one
is undated) gives the probability that joining it gains (more counted documents of the
article's cluster in the story than of others); the best candidate at ``threshold`` or more
takes the article instead of a new story.

1. The tuning half is grouped in the seven orders with the join off, every candidate recorded
   with its features and label; the model is fitted on them (standardised, C = 1).
2. The grouper with the model at several thresholds, tuning half: the best mean B-cubed F1 over
   the seven orders chooses the threshold.
3. The confirming half, once, with the join off and at that threshold; the joins made on each
   half counted as right (the story's counted documents mostly of the article's cluster) or
   wrong.  Counts only: no confirming document is read.
Cost: CPU of the embeddings, an article embedded, and the share of articles under the bar.

The second variant (``--near-miss LOW,COSINE``, ``NearMissGrouper``): MiniLM as a check on a
near miss, not a search: an article under the bar whose best story by words scores ``LOW`` or
more joins it when the cosine with the story's open articles is ``COSINE`` or more; both halves
with it off, with the words alone at ``LOW`` (the control), and with the check.  Its two
settings were chosen on the tuning half alone (a grid, mean B-cubed F1 of the seven orders).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import numpy as np  # noqa: E402

from newsprism.eval.clustering import StreamDoc  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.nlp.segment import content_segments  # noqa: E402
from newsprism.stories import GroupingConfig, StoryFeatures, StoryGrouper  # noqa: E402
from newsprism.stories.grouping import _dot  # noqa: E402

TOP = 3  # candidates by cosine read by the model
FEATURES = ("cosine", "word score", "entity cosine", "days apart")
THRESHOLDS = (0.4, 0.5, 0.6, 0.7)
Model = Callable[[tuple[float, ...]], float]
Record = tuple[tuple[float, ...], bool]


class _Experiment(StoryGrouper):
    """The shipped grouper that keeps the last article's word scores (best first) and the
    articles it joined some other way than the package does (``joins``: article, story)."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        super().__init__(GroupingConfig())
        self.vectors = vectors
        self.joins: list[tuple[str, int]] = []
        self._last: list[tuple[float, int]] = []

    def _scores(self, f, terms, ents, keys):  # type: ignore[no-untyped-def]
        self._last = super()._scores(f, terms, ents, keys)
        return self._last


class MeaningGrouper(_Experiment):
    """The grouper with the meaning join (module docstring).  ``model`` None: no join;
    ``gold`` and ``out``: record each candidate with its label."""

    def __init__(
        self,
        vectors: dict[str, np.ndarray],
        model: Model | None = None,
        threshold: float = 2.0,
        gold: dict[str, StreamDoc] | None = None,
        out: list[Record] | None = None,
    ) -> None:
        super().__init__(vectors)
        self.model, self.threshold = model, threshold
        self.gold, self.out = gold, out
        self.embedded: dict[str, np.ndarray] = {}

    def _new_story(self, f: StoryFeatures):  # type: ignore[no-untyped-def]
        v = self.embedded[f.article] = self.vectors[f.article]
        sid = self._meaning_join(f, v)
        if sid is not None:
            self.joins.append((f.article, sid))
            return self.stories[sid]
        return super()._new_story(f)

    def _meaning_join(self, f: StoryFeatures, v: np.ndarray) -> int | None:
        word = {sid: s for s, sid in self._last}
        ents = self._vector(f.entities, "E:")
        rows = []
        for sid in self.active:
            s = self.stories[sid]
            arts = [a for a in s.articles if a in self.embedded]
            if not arts:
                continue
            gap = 0
            if f.day is not None and s.first_day is not None and s.last_day is not None:
                gap = max(s.first_day - f.day, f.day - s.last_day, 0)
                if gap > self.config.window_days:
                    continue
            c = np.mean([self.embedded[a] for a in arts], axis=0)
            cos = float(c @ v / (np.linalg.norm(c) or 1.0))
            ent = _dot(ents, s.entities) / s.norms[1] if s.norms[1] else 0.0
            rows.append(((cos, word.get(sid, 0.0), ent, float(gap)), sid))
        rows.sort(key=lambda r: (-r[0][0], r[1]))
        best: tuple[float, int] | None = None
        for x, sid in rows[:TOP]:
            if self.out is not None and self.gold is not None:
                self.out.append((x, self._gains(f.article, sid)))
            if self.model is not None:
                p = self.model(x)
                if p >= self.threshold and (best is None or p > best[0]):
                    best = (p, sid)
        return best[1] if best else None

    def _gains(self, article: str, sid: int) -> bool:
        assert self.gold is not None
        me = self.gold[article]
        mates = [self.gold[a] for a in self.stories[sid].articles if not self.gold[a].scrap]
        same = sum(d.cluster == me.cluster for d in mates)
        return not me.scrap and same > len(mates) - same


class NearMissGrouper(_Experiment):
    """The second variant (``--near-miss LOW,COSINE``): an article under the join bar whose best
    story by words scores ``low`` or more joins it when the MiniLM cosine between the article
    and the mean of the story's open articles is ``cosine`` or more (every open article of
    the story embedded, not only those under the bar).  ``cosine`` -1: the words alone, a
    lower join bar for the best story (the control)."""

    def __init__(self, vectors: dict[str, np.ndarray], low: float, cosine: float) -> None:
        super().__init__(vectors)
        self.low, self.cosine = low, cosine

    def _new_story(self, f: StoryFeatures):  # type: ignore[no-untyped-def]
        if self._last and self._last[0][0] >= self.low:
            s = self.stories[self._last[0][1]]
            if s.articles:
                c = np.mean([self.vectors[a] for a in s.articles], axis=0)
                if float(c @ self.vectors[f.article]) / np.linalg.norm(c) >= self.cosine:
                    self.joins.append((f.article, s.id))
                    return s
        return super()._new_story(f)


def leads(arts: Sequence[Article], words: int) -> list[str]:
    """Title and the first ``words`` words of each article's content segments."""
    out = []
    for a in arts:
        got: list[str] = []
        for seg in content_segments(a):
            got += a.text[seg.start : seg.end].split()
            if len(got) >= words:
                break
        out.append(((a.title + ". ") if a.title else "") + " ".join(got[:words]))
    return out


def fit(records: list[Record]) -> tuple[Model, str]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([r[0] for r in records])
    y = np.array([r[1] for r in records])
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(scaler.transform(x), y)
    w = lr.coef_[0] / scaler.scale_
    b = float(lr.intercept_[0] - (lr.coef_[0] * scaler.mean_ / scaler.scale_).sum())

    def model(features: tuple[float, ...]) -> float:
        z = b + float(np.dot(w, features))
        return 1.0 / (1.0 + np.exp(-max(-50.0, min(50.0, z))))

    described = ", ".join(f"{k} {v:+.2f}" for k, v in zip(FEATURES, w, strict=True))
    return model, f"{len(y)} candidates, {int(y.sum())} would gain; weights {described}, {b:+.2f}"


def run(
    make: Callable[[], StoryGrouper],
    full: list[StreamDoc],
    part: list[StreamDoc],
    feats: dict[str, StoryFeatures],
    prime: list[StoryFeatures],
) -> tuple[list[float], list[float], int, int, int]:
    """B-cubed and pairwise F1 of the seven orders; joins right and wrong; founders."""
    from stories import score
    from story_pairs import _orders

    gold = {d.id: d for d in full}
    b_f1, p_f1, right, wrong, founded = [], [], 0, 0, 0
    for order in _orders(full, part):
        g = make()
        for f in prime:
            g.observe(f)
        g.group(feats[d.id] for d in order)
        b, p = score({d.id: g.story_id(d.id) for d in order}, part)[:2]
        b_f1.append(b.f1)
        p_f1.append(p.f1)
        for a, sid in getattr(g, "joins", []):
            story = [gold[m] for m in g.stories[g._resolve(sid)].articles if not gold[m].scrap]
            same = sum(d.cluster == gold[a].cluster for d in story)
            right, wrong = (right + 1, wrong) if 2 * same > len(story) else (right, wrong + 1)
        founded += len(getattr(g, "embedded", {}))
    return b_f1, p_f1, right, wrong, founded


def line(name: str, label: str, got: tuple[list[float], list[float], int, int, int]) -> str:
    b, p, right, wrong, _ = got
    return (
        f"{name:<11}{label:<26} batch {b[0]:.3f} / {p[0]:.3f}, seed 13 {b[1]:.3f} / {p[1]:.3f}, "
        f"all seven {statistics.mean(b):.3f} / {statistics.mean(p):.3f}; joins {right} right, "
        f"{wrong} wrong"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=60, help="lead words embedded (60)")
    ap.add_argument("--near-miss", default="", help="LOW,COSINE: the second variant, both halves")
    args = ap.parse_args()
    from stories import DATA
    from story_pairs import multinews_parts

    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return
    from newsprism.nlp.minilm_numpy import NumpyMiniLMBackend

    arts, feats, prime, parts = multinews_parts()
    t0 = time.process_time()
    vectors = dict(
        zip([a.id for a in arts], NumpyMiniLMBackend().encode(leads(arts, args.words)), strict=True)
    )
    per = (time.process_time() - t0) / len(arts)
    print(f"MiniLM, title and {args.words} words: {1000 * per:.1f} ms of CPU an article")
    if args.near_miss:
        low, cosine = (float(x) for x in args.near_miss.split(","))
        for name, (full, part) in parts.items():
            for label, make in (
                ("off", lambda: NearMissGrouper(vectors, 2.0, 2.0)),
                (f"words alone >= {low}", lambda: NearMissGrouper(vectors, low, -1.0)),
                (f">= {low}, cosine >= {cosine}", lambda: NearMissGrouper(vectors, low, cosine)),
            ):
                print(line(name, label, run(make, full, part, feats, prime)), flush=True)
        return
    full, part = parts["tuning"]
    records: list[Record] = []
    gold = {d.id: d for d in full}
    off = run(lambda: MeaningGrouper(vectors, gold=gold, out=records), full, part, feats, prime)
    n_docs = 7 * len(part)
    print(
        f"tuning half, seven orders: {off[4]} of {n_docs} articles under the join bar "
        f"({off[4] / n_docs:.0%}: {1000 * per * off[4] / n_docs:.1f} ms of CPU an article for "
        f"their embeddings)"
    )
    model, described = fit(records)
    print(f"fitted on the tuning half: {described}")
    print(line("tuning", "off", off))
    best = (-1.0, THRESHOLDS[0])
    for t in THRESHOLDS:
        got = run(lambda t=t: MeaningGrouper(vectors, model, t), full, part, feats, prime)  # type: ignore[misc]
        print(line("tuning", f"threshold {t}", got), flush=True)
        best = max(best, (statistics.mean(got[0]), t))
    full, part = parts["confirming"]
    print(line("confirming", "off", run(lambda: MeaningGrouper(vectors), full, part, feats, prime)))
    got = run(lambda: MeaningGrouper(vectors, model, best[1]), full, part, feats, prime)
    print(line("confirming", f"threshold {best[1]}", got))


if __name__ == "__main__":
    main()
