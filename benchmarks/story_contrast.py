"""Contrastive (story-aware) term weighting in the join score: does weighing down the words
many open stories share tell same-subject stories apart?  (Issue 13, pairwise F1; tried and not
kept: docs/evaluation.md, "Contrastive term weighting".)

    .venv/bin/python benchmarks/story_contrast.py                  # the tuning grid (GRID)
    .venv/bin/python benchmarks/story_contrast.py both:1:0.05 ...  # chosen groupers, tuning
    .venv/bin/python benchmarks/story_contrast.py --joins both:1 entities:0.5   # ranking
    .venv/bin/python benchmarks/story_contrast.py --confirm both:1:0.05,shipped:0.07
    ... --cache /tmp/contrast.pkl                  # keep the features between runs

Two shootings, two North Korea stories or two budget fights share the subject's words, which
carry document-IDF weight in both stories; what tells them apart is what one story says and the
others do not.  ``ContrastGrouper`` finds candidates and chooses as the grouper does, but scores
the article against each candidate (``0.65 * terms + 0.35 * entities``, average link) with each
key ``t`` weighed again, on the article's side and the story's side alike, by a *story
frequency* factor, an IDF over the open stories as cluster-based retrieval has it::

    m(t) = ((log((1 + S) / (1 + s_t)) + 1) / (log(1 + S) + 1)) ** power

``S``: the open stories; ``s_t``: how many hold ``t`` among their members' heaviest keys (the
grouper's inverted index, ``postings``: each member's 40 heaviest terms and 20 heaviest
entities, kept up to date as stories join, merge, split and close, so nothing is recounted per
article).  A key no open story indexes keeps its weight; one every open story holds keeps
``1 / (log(1 + S) + 1)`` of it (before the power).  Both vectors are normalised again after the
factor, so a score keeps its scale: for a story of one article the cosine of the two reweighed
vectors, for a larger one the cosine with the reweighed centroid times the centroid's coherence
(norm over size, as the average link has it); ``power`` 0 is the shipped score.  Only the join
score changes (the scores that choose the story, probe merges and pick the converge
candidates); merges and splits compare stories as shipped.

A grouper is named on the command line as

- ``shipped`` or ``shipped:JOIN_MIN``: the package's grouper (``join_min`` refitted);
- ``VARIANT:POWER[:JOIN_MIN]``: the factor on ``terms``, ``entities`` or ``both``;
- ``centroidK:VARIANT:POWER[:JOIN_MIN]``: ``s_t`` counted over the open stories' centroids'
  ``K`` heaviest terms (``K // 2`` entities) instead of the index (``CentroidContrastGrouper``);
- ``pair:SHARE[:JOIN_MIN]``: a related variant, the candidate stories' own words as the
  contrast set (``PairContrastGrouper``: of the two best candidates, each loses ``SHARE`` times
  the article's score with the other by the keys the other holds and it lacks).

``--joins`` ranks every candidate score of the seven orders (the shipped grouper's decisions)
by the shipped score and by each factor: AUC of the article's own story (its counted members
mostly the article's cluster) against the others, own stories above the 25th / 50th / 100th
other, and of the articles with both kinds of candidate how often their own scores first;
also how many open stories hold the terms an article shares with its own story and with the
others (the median of each candidate's mean ``s_t``, the terms weighed by their part of the
score): the factor can only tell stories apart when the second is clearly higher.

Protocol (as every grouping attempt in docs/evaluation.md): the figure is the gold's count (the
``summary out, all in`` rows of ``benchmarks/stories.py --no-speed``: every document grouped,
those off their cluster's reference summary, ``eval.clustering.off_summary``, not counted),
B-cubed / pairwise F1 of seven orders (batch: sorted by id; shuffled with seed 13 and seeds 1-5)
and their mean, the IDF primed with the 840 PolNeAR train articles.  Settings are chosen on the
tuning half alone (first 125 clusters); ``--confirm`` reads the confirming half once, with the
shipped grouper beside; its documents are never read one by one (``--joins --half confirming``
prints counts only).

Result (2026-12-06): on the tuning half the factor moves the scale of the scores, not their
order (AUC 0.9916 shipped, 0.9900 to 0.9917 with it); its best setting after a refit of
``join_min`` (``both:1:0.05``, 0.954 / 0.920) is the shipped grouper's own refit (``shipped:0.07``,
0.955 / 0.915) within the shuffle spread, and on the confirming half it loses (0.944 / 0.864
against 0.953 / 0.886 shipped and 0.949 / 0.876 for the refit alone).  The pair variant loses on
the tuning half at every bar.  Why: the terms an article shares with another cluster's story
are held by a median of 1.2 open stories, those it shares with its own by 1.0.  Not kept; the
package is unchanged.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from newsprism.eval.clustering import StreamDoc, shuffled  # noqa: E402
from newsprism.stories import GroupingConfig, StoryFeatures, StoryGrouper  # noqa: E402
from newsprism.stories.grouping import _norm, _Story  # noqa: E402

Vectors = tuple[tuple[dict[str, float], float], tuple[dict[str, float], float]]
BARS = ("0.065", "0.075", "0.085", "0.095")
LOW = ("0.05", "0.055", "0.06", "0.07")
GRID = (  # the tuning grid of docs/evaluation.md, in the order it was read
    ["shipped"]
    + [
        f"{v}:{p}:{j}"
        for v in ("both", "terms", "entities")
        for p in ("0.5", "1", "2")
        for j in BARS
    ]
    + [f"shipped:{j}" for j in ("0.05", "0.055", "0.06", "0.065", "0.07", "0.075", "0.08")]
    + [f"{v}:{j}" for v in ("entities:0.5", "terms:0.5", "both:0.5", "both:1") for j in LOW]
    + [f"{v}:{j}" for v in ("entities:0.25", "both:0.25") for j in (*LOW, "0.065")]
    + [f"pair:{x}:{j}" for x in ("0.5", "1") for j in ("0.085", "0.07", "0.06", "0.05")]
    + ["both:1:0.045", "both:1:0.04", "shipped:0.045", "shipped:0.04"]
    + [f"centroid40:both:1:{j}" for j in ("0.085", "0.07", "0.065", "0.06", "0.055", "0.05")]
)
ORDERS = ("batch", "seed 13", "seed 1", "seed 2", "seed 3", "seed 4", "seed 5")


class ContrastGrouper(StoryGrouper):
    """The grouper with the story-frequency factor in the join score (module docstring): the
    candidates are found and the stories chosen as shipped; only the article-to-story score of
    ``_scores`` is computed on the reweighed vectors (``variant``: ``terms``, ``entities`` or
    ``both``; ``power`` 0 is the shipped score)."""

    def __init__(
        self, power: float, variant: str = "both", config: GroupingConfig | None = None
    ) -> None:
        super().__init__(config)
        self.power, self.variant = power, variant
        # while ``_scores`` runs: the article's term vector as given (to know its calls of
        # ``_similarity``), its two reweighed vectors and their norms, the factor of each key
        self._probe: tuple[dict[str, float], Vectors, dict[str, float]] | None = None

    def _held(self, key: str) -> int:
        """``s_t``: open stories holding ``key`` among their members' heaviest keys (the
        grouper's index, kept as stories join, merge, split and close)."""
        return len(self.postings.get(key, ()))

    def factor(self, key: str, n_open: int) -> float:
        """``m(t)``: 1 for a key no open story holds, less the more of the ``n_open`` open
        stories hold it."""
        held = self._held(key)
        if not held:
            return 1.0
        idf = math.log((1.0 + n_open) / (1.0 + held)) + 1.0
        return (idf / (math.log(1.0 + n_open) + 1.0)) ** self.power

    def _scores(self, f, terms, ents, keys):  # type: ignore[no-untyped-def]
        factors: dict[str, float] = {}
        n_open = len(self.active)
        for k in terms if self.variant in ("terms", "both") else ():
            factors[k] = self.factor(k, n_open)
        for k in ents if self.variant in ("entities", "both") else ():
            factors["E:" + k] = self.factor("E:" + k, n_open)
        a_t = {k: v * factors.get(k, 1.0) for k, v in terms.items()}
        a_e = {k: v * factors.get("E:" + k, 1.0) for k, v in ents.items()}
        self._probe = (terms, ((a_t, _norm(a_t)), (a_e, _norm(a_e))), factors)
        try:
            out: list[tuple[float, int]] = super()._scores(f, terms, ents, keys)
        finally:
            self._probe = None
        return out

    def _similarity(self, vecs, norms, size, s):  # type: ignore[no-untyped-def]
        probe = self._probe
        if probe is None or vecs[0] is not probe[0]:  # a merge's or a split's: as shipped
            return super()._similarity(vecs, norms, size, s)
        (a_t, na_t), (a_e, na_e) = probe[1]
        n_open = len(self.active)
        factors = probe[2]
        t_sim = self._part(a_t, na_t, s.terms, s.norms[0], s.size, "", factors, n_open)
        e_sim = self._part(a_e, na_e, s.entities, s.norms[1], s.size, "E:", factors, n_open)
        w = self.config.entity_weight
        return (1.0 - w) * t_sim + w * e_sim

    def _part(
        self,
        a: dict[str, float],
        na: float,
        centroid: dict[str, float],
        c_norm: float,
        size: int,
        prefix: str,
        factors: dict[str, float],
        n_open: int,
    ) -> float:
        """The article's reweighed vector ``a`` (norm ``na``) against a story's centroid (norm
        ``c_norm``, ``size`` members): the cosine with the reweighed centroid times the
        centroid's coherence (``c_norm / size``); for a story of one article, the cosine of the
        two reweighed vectors; with every factor 1, the shipped mean cosine."""
        if not na or not c_norm:
            return 0.0
        on = self.variant == "both" or self.variant == ("entities" if prefix else "terms")
        if not on:
            return sum(v * centroid.get(k, 0.0) for k, v in a.items()) / (na * size)
        cm = {}
        for k, v in centroid.items():
            m = factors.get(prefix + k)
            if m is None:
                m = factors[prefix + k] = self.factor(prefix + k, n_open)
            cm[k] = v * m
        nc = _norm(cm)
        if not nc:
            return 0.0
        dot = sum(v * cm.get(k, 0.0) for k, v in a.items())
        return dot / (na * nc) * (c_norm / size)


class CentroidContrastGrouper(ContrastGrouper):
    """``ContrastGrouper`` with ``s_t`` counted over the open stories' *centroids*: how many hold
    ``t`` among their centroid's ``top`` heaviest terms (``top // 2`` entities), instead of
    among their members' heaviest keys (the index grows with a story's size; a centroid's top
    keys do not).  Counted here from every open story's top keys, cached by story until its
    centroid changes (an experiment: a package would keep the table as centroids change)."""

    def __init__(
        self, power: float, variant: str, top: int, config: GroupingConfig | None = None
    ) -> None:
        super().__init__(power, variant, config)
        self.top = top
        self._tops: dict[int, tuple[tuple[int, int, int, int], list[str]]] = {}
        self._table: dict[str, int] = {}

    def _scores(self, f, terms, ents, keys):  # type: ignore[no-untyped-def]
        from collections import Counter

        from newsprism.stories.grouping import _top_keys

        table: Counter[str] = Counter()
        for sid in self.active:
            s = self.stories[sid]
            stamp = (id(s.terms), s.size, s.stamp, len(s.terms))
            got = self._tops.get(sid)
            if got is None or got[0] != stamp:
                top = _top_keys(s.terms, self.top) + _top_keys(s.entities, self.top // 2, "E:")
                got = self._tops[sid] = (stamp, top)
            table.update(got[1])
        self._table = table
        return super()._scores(f, terms, ents, keys)

    def _held(self, key: str) -> int:
        return self._table.get(key, 0)


class PairContrastGrouper(StoryGrouper):
    """A related variant: the candidate stories' own words as the contrast set.  Of the two
    best-scoring candidates, each one's score loses ``share`` times the article's score with the
    other *by the keys the other holds and it does not* (its centroid's terms and entities; the
    same average link, the sum over those keys alone); then the candidates are ranked again.  An
    article that matches the second story's own words as well as the first's is held back from
    the first; the bar itself is ``join_min`` (refitted with it: ``pair:SHARE:JOIN_MIN``)."""

    def __init__(self, share: float, config: GroupingConfig | None = None) -> None:
        super().__init__(config)
        self.share = share

    def _scores(self, f, terms, ents, keys):  # type: ignore[no-untyped-def]
        out = super()._scores(f, terms, ents, keys)
        if len(out) < 2 or not self.share:
            return out
        (x1, s1), (x2, s2) = out[0], out[1]
        a, b = self.stories[s1], self.stories[s2]
        out[0] = (x1 - self.share * self._own(terms, ents, b, a), s1)
        out[1] = (x2 - self.share * self._own(terms, ents, a, b), s2)
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def _own(
        self, terms: dict[str, float], ents: dict[str, float], s: _Story, other: _Story
    ) -> float:
        """The article's score with ``s`` by the keys of ``s`` that ``other`` lacks."""
        w = self.config.entity_weight
        t = sum(v * s.terms[k] for k, v in terms.items() if k in s.terms and k not in other.terms)
        e = sum(
            v * s.entities[k]
            for k, v in ents.items()
            if k in s.entities and k not in other.entities
        )
        return ((1.0 - w) * t + w * e) / s.size if s.size else 0.0


class JoinProbe(ContrastGrouper):
    """The shipped grouper (its decisions as shipped) that records, for every article counted
    and every candidate story holding a counted member, the shipped score and the score under
    each contrast setting, and whether the story is the article's (its counted members mostly
    the article's cluster)."""

    def __init__(
        self,
        gold: dict[str, StreamDoc],
        settings: list[tuple[str, float]],
        out: list[tuple[Any, ...]],
        run: int,
        held: list[tuple[bool, float, float, int]],
    ) -> None:
        super().__init__(1.0)
        self.gold, self.settings, self.out, self.run = gold, settings, out, run
        self.held = held  # (right, shipped score, mean s_t of the shared terms, open stories)

    def _scores(self, f, terms, ents, keys):  # type: ignore[no-untyped-def]
        from collections import Counter

        shipped = StoryGrouper._scores(self, f, terms, ents, keys)
        mine = self.gold[f.article]
        if mine.scrap or not shipped:
            return shipped
        others = []
        for variant, power in self.settings:
            self.variant, self.power = variant, power
            others.append(
                dict((sid, x) for x, sid in ContrastGrouper._scores(self, f, terms, ents, keys))
            )
        for x, sid in shipped:
            counted = [
                self.gold[a].cluster for a in self.stories[sid].articles if not self.gold[a].scrap
            ]
            if not counted:
                continue
            right = Counter(counted).most_common(1)[0][0] == mine.cluster
            self.out.append(((self.run, f.article), right, x, *(o[sid] for o in others)))
            cen = self.stories[sid].terms
            shared = [(v * cen[k], self._held(k)) for k, v in terms.items() if k in cen]
            total = sum(w for w, _ in shared)
            if total > 0:
                mean = sum(w * h for w, h in shared) / total
                self.held.append((right, x, mean, len(self.active)))
        return shipped


def joins(
    part: list[StreamDoc],
    feats: dict[str, StoryFeatures],
    prime: list[StoryFeatures],
    settings: list[tuple[str, float]],
) -> None:
    """``--joins``: does the factor score the article's own story apart from the others?  Every
    candidate score of the seven orders (the shipped grouper's decisions), ranked by each
    scorer: the AUC of right against wrong candidates, the right candidates above the 25th /
    50th / 100th wrong one, and of the articles with a right and a wrong candidate, how often
    the right one scores first."""
    from newsprism.eval.clustering import pair_ranking
    from stories import SEED

    gold = {d.id: d for d in part}
    rows: list[tuple[Any, ...]] = []
    held: list[tuple[bool, float, float, int]] = []
    orders = [part] + [shuffled(part, seed) for seed in (SEED, 1, 2, 3, 4, 5)]
    for run, order in enumerate(orders):
        g = JoinProbe(gold, settings, rows, run, held)
        for f in prime:
            g.observe(f)
        g.group(feats[d.id] for d in order)
    same = [r[1] for r in rows]
    by_article: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    for r in rows:
        by_article.setdefault(r[0], []).append(r)
    contests = [
        rs for rs in by_article.values() if any(r[1] for r in rs) and not all(r[1] for r in rs)
    ]
    print(
        f"{len(rows)} candidate scores, {sum(same)} right; {len(contests)} articles with a "
        "right and a wrong candidate"
    )
    for label, keep in (
        ("every candidate", lambda x: True),
        ("candidates scoring 0.04 to 0.12", lambda x: 0.04 <= x < 0.12),
    ):
        for right in (True, False):
            got = [h for h in held if h[0] == right and keep(h[1])]
            if got:
                print(
                    f"  {label}, {'own' if right else 'other'} stories ({len(got)}): the terms "
                    f"shared, weighed by their part of the score, are held by "
                    f"{statistics.median(h[2] for h in got):.1f} open stories (median; mean "
                    f"{statistics.mean(h[2] for h in got):.1f}) of "
                    f"{statistics.median(h[3] for h in got):.0f}"
                )
    for i, name in enumerate(["shipped"] + [f"{v}:{p}" for v, p in settings]):
        col = [r[2 + i] for r in rows]
        ranks = [pair_ranking(col, same, k) for k in (25, 50, 100)]
        first = sum(max(rs, key=lambda r: r[2 + i])[1] for rs in contests)
        print(
            f"  {name:<14} AUC {ranks[0].auc:.4f}; right above the 25th / 50th / 100th wrong: "
            + " / ".join(str(r.true_before) for r in ranks)
            + f"; contests won by the right story {first} of {len(contests)}",
            flush=True,
        )


def load(
    cache: Path | None,
) -> tuple[dict[str, StoryFeatures], list[StoryFeatures], dict[str, list[StreamDoc]]]:
    """Features of the Multi-News dev documents, the PolNeAR background, and each half (sorted
    by id, every document, the documents off the summary marked as scraps: the gold's count)."""
    if cache is not None and cache.is_file():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    from newsprism.api import prepare
    from newsprism.eval.clustering import load_multinews, load_summaries, off_summary
    from newsprism.ingest.readers import ReadResult
    from newsprism.model import Article
    from newsprism.stories import story_features
    from stories import DATA, background, halves

    docs = load_multinews(DATA)
    arts = prepare(ReadResult(tuple(Article(d.id, d.id, d.text) for d in docs), (), ())).articles
    feats = {a.id: story_features(a) for a in arts}
    off = off_summary(docs, load_summaries(DATA))
    split = halves(docs)
    parts = {}
    for name in ("tuning", "confirming"):
        full = sorted((d for d in docs if d.cluster in split[name]), key=lambda d: d.id)
        parts[name] = [dataclasses.replace(d, scrap=d.id in off) for d in full]
    got = (feats, background(), parts)
    if cache is not None:
        cache.write_bytes(pickle.dumps(got))
    return got


def run(
    part: list[StreamDoc],
    feats: dict[str, StoryFeatures],
    prime: list[StoryFeatures],
    make: Callable[[], StoryGrouper],
) -> tuple[list[float], list[float], float]:
    """B-cubed and pairwise F1 of the seven orders, gold's count; CPU seconds of grouping."""
    from stories import SEED, score

    orders = [part] + [shuffled(part, seed) for seed in (SEED, 1, 2, 3, 4, 5)]
    b_f1, p_f1 = [], []
    cpu = 0.0
    for order in orders:
        g = make()
        for f in prime:
            g.observe(f)
        t0 = time.process_time()
        g.group(feats[d.id] for d in order)
        cpu += time.process_time() - t0
        b, p = score({d.id: g.story_id(d.id) for d in order}, part)[:2]
        b_f1.append(b.f1)
        p_f1.append(p.f1)
    return b_f1, p_f1, cpu


def line(half: str, label: str, b: list[float], p: list[float], cpu: float, n: int) -> str:
    each = ", ".join(f"{x:.3f}/{y:.3f}" for x, y in zip(b, p, strict=True))
    return (
        f"{half:<11}{label:<34} mean {statistics.mean(b):.4f} / {statistics.mean(p):.4f}"
        f"  [{each}]  {cpu / n * 1000:.2f} ms CPU an article"
    )


def makers(spec: str) -> tuple[str, Callable[[], StoryGrouper]]:
    """A grouper by its name (module docstring): ``shipped[:JOIN_MIN]``,
    ``VARIANT:POWER[:JOIN_MIN]`` (``both:1``, ``terms:0.5:0.075``),
    ``centroidK:VARIANT:POWER[:JOIN_MIN]`` or ``pair:SHARE[:JOIN_MIN]``."""
    if spec.startswith("shipped"):
        _, *bar = spec.split(":")
        shipped = GroupingConfig(join_min=float(bar[0])) if bar else GroupingConfig()
        return spec, lambda: StoryGrouper(shipped)
    if spec.startswith("centroid"):  # centroidTOP:VARIANT:POWER[:JOIN_MIN]
        head, variant, power, *bar = spec.split(":")
        c_cfg = GroupingConfig(join_min=float(bar[0])) if bar else GroupingConfig()
        top = int(head.removeprefix("centroid"))
        return spec, lambda: CentroidContrastGrouper(float(power), variant, top, c_cfg)
    if spec.startswith("pair:"):
        _, share, *bar = spec.split(":")
        pair_cfg = GroupingConfig(join_min=float(bar[0])) if bar else GroupingConfig()
        return spec, lambda: PairContrastGrouper(float(share), pair_cfg)
    variant, power, *rest = spec.split(":")
    cfg = GroupingConfig(join_min=float(rest[0])) if rest else GroupingConfig()
    return spec, lambda: ContrastGrouper(float(power), variant, cfg)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("specs", nargs="*", help="groupers (module docstring); default GRID")
    ap.add_argument(
        "--confirm", default="", help="SPEC[,SPEC]: read the confirming half once with these"
    )
    ap.add_argument("--joins", action="store_true", help="rank the candidate scores (tuning)")
    ap.add_argument("--half", default="tuning", help="--joins: tuning, or confirming (counts)")
    ap.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="pickle of the features (written when absent; delete it when they change)",
    )
    args = ap.parse_args()
    from stories import DATA

    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return
    feats, prime, parts = load(args.cache)
    if args.joins:
        settings = [(v, float(p)) for v, p in (x.split(":") for x in args.specs)]
        joins(parts[args.half], feats, prime, settings)
        return
    print("B-cubed / pairwise F1, gold's count, orders: " + ", ".join(ORDERS), flush=True)
    if args.confirm:
        halves = ("tuning", "confirming")
        specs = ["shipped", *args.confirm.split(",")]
    else:
        halves = ("tuning",)
        specs = args.specs or list(GRID)
    for half in halves:
        part = parts[half]
        for spec in specs:
            label, make = makers(spec)
            b, p, cpu = run(part, feats, prime, make)
            print(line(half, label, b, p, cpu, len(part) * len(ORDERS)), flush=True)


if __name__ == "__main__":
    main()
