"""Story grouping: quality on the Multi-News dev stream, a plain baseline beside it, and cost.

    .venv/bin/python benchmarks/stories.py                 # quality + throughput at 10k and 100k
    .venv/bin/python benchmarks/stories.py --sizes 10000   # smaller throughput run
    .venv/bin/python benchmarks/stories.py --no-speed      # quality only (about a minute)
    .venv/bin/python benchmarks/stories.py --no-speed --seeds 10   # and the stream in 10 orders
    .venv/bin/python benchmarks/stories.py --ner           # also time spaCy NER against the
                                                           # capitalised-phrase extractor
    .venv/bin/python benchmarks/stories.py --no-quality --sizes 0 --store 10000,100000
                                # a store: ingest (2 workers, --ingest-workers) plus incremental
                                # grouping in a process beside the writer (the writer a spawned
                                # process without this module's imports, as the CLI's is;
                                # articles/s wall, CPU an article of the writing process, the
                                # workers and the grouping process), listing (features in the
                                # ingest workers; --features-in-update: by update_stories;
                                # --grouping-in-writer: after each batch in the writer, as before)
    .venv/bin/python benchmarks/stories.py --no-quality --sizes 0 --brief-all 30
                                # brief-all on 30 Multi-News clusters: 1 and 2 workers, Ray

Quality: every document of ``../shared/data/multinews/validation.jsonl`` (250 clusters) is an
article; gold is the cluster it came from.  Clusters are split in file order into a tuning half
(first 125, where thresholds were chosen) and a confirming half (last 125); each half and the
whole are grouped as one stream, in two orders: *batch* (articles sorted by id, a hash of the
text) and *stream* (shuffled with a fixed seed).  Scraps (``eval.clustering.scraps``: found from
the texts alone, never the gold) stay in the stream but are left out of the count; F1 with them
counted is printed too; the *pages out* rows also keep the pages that the page-kind check
(``ingest.pagekind``, NP228; fitted by ``benchmarks/page_kind.py``) finds are no news article out
of the grouping and the count (the rest in the same order), and say how many; the *summary
out* rows leave out of the count (not of the stream) the documents off their cluster's reference
summary (``eval.clustering.off_summary``: the gold alone, neither the scrap rule nor the
page-kind check; what they are on the tuning half: ``benchmarks/summary_off.py``), with the
ceiling each row's recall allows at precision 1; and, as an analysis of the errors, F1 without
the off-topic documents as well (``eval.clustering.off_topic``), and which error the grouper
makes: splits against merges (``eval.clustering.error_breakdown``; as counts on both halves in
the 'pages out' rows, and for the tuning half's other rows).  The baseline is TF-IDF (scikit-learn, sublinear tf, English stop words) over the whole text with
average-linkage agglomerative clustering cut at one threshold, chosen on the tuning half.

Cost: synthetic articles (``eval.synthetic``), 400 a day, read as ``brief`` reads them (boilerplate
and metadata), then features and grouping; articles/s for each block of 10k, and peak RSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

sys.path.insert(0, str(REPO / "benchmarks"))
# ``--store`` spawns its ingest workers and its grouping process, and each runs this module's
# top level again (as ``__mp_main__``) before its work.  They need none of these imports
# (scikit-learn through ``newsprism.api``: about 1.8 s of CPU a process), which the processes
# of ``newsprism ingest --stories`` never pay, so a spawned process skips them.
if __name__ != "__mp_main__":
    import summary_off
    from newsprism.api import prepare
    from newsprism.eval.clustering import (
        OFF_TOPIC_MAX,
        SCRAP_COPIES_MIN,
        SCRAP_WORDS_MIN,
        SUMMARY_SHARE_MIN,
        SUMMARY_TERMS,
        Scores,
        StreamDoc,
        background_features,
        bcubed,
        error_breakdown,
        load_multinews,
        load_summaries,
        off_summary,
        off_topic,
        pairwise,
        shuffled,
    )
    from newsprism.ingest.pagekind import page_kind
    from newsprism.ingest.readers import ReadResult
    from newsprism.model import Article
    from newsprism.stories import GroupingConfig, StoryGrouper, story_features

DATA = REPO.parent / "shared" / "data" / "multinews" / "validation.jsonl"
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
SEED = 13
PER_DAY = 400
ANCHORS = [
    ("Miranda et al. 2018 (Priberam), English stream, supervised", "pairwise F1", "94.0"),
    ("SCStory (Yoon et al. 2023), unsupervised", "B-cubed F1", "0.877"),
]


def halves(docs: list[StreamDoc]) -> dict[str, set[str]]:
    order: list[str] = []
    for d in docs:
        if d.cluster not in order:
            order.append(d.cluster)
    half = len(order) // 2
    return {"tuning": set(order[:half]), "confirming": set(order[half:]), "all": set(order)}


def score(pred: dict[str, object], docs: list[StreamDoc]) -> tuple[Scores, Scores, float, float]:
    kept = [d for d in docs if not d.scrap]
    b = bcubed([pred[d.id] for d in kept], [d.cluster for d in kept])
    p = pairwise([pred[d.id] for d in kept], [d.cluster for d in kept])
    b_all = bcubed([pred[d.id] for d in docs], [d.cluster for d in docs])
    p_all = pairwise([pred[d.id] for d in docs], [d.cluster for d in docs])
    return b, p, b_all.f1, p_all.f1


def ours(
    docs: list[StreamDoc],
    feats: dict[str, object],
    prime: list[object] = (),  # type: ignore[assignment]
    config: GroupingConfig | None = None,
) -> dict[str, object]:
    g = StoryGrouper(config or GroupingConfig())
    for f in prime:
        g.observe(f)  # type: ignore[arg-type]
    g.group(feats[d.id] for d in docs)  # type: ignore[misc]
    return {d.id: g.story_id(d.id) for d in docs}


def background() -> list[object]:
    return list(background_features(POLNEAR / "train" / "text"))


FIT_GRID = {
    "entity_weight": (0.15, 0.25, 0.3, 0.35, 0.45),
    "join_min": (0.07, 0.08, 0.085, 0.09, 0.1, 0.115),
}


def fit(docs: list[StreamDoc], feats: dict[str, object], prime: list[object]) -> None:
    """Choose ``entity_weight`` and ``join_min`` on the tuning half alone: the pair with the
    best mean B-cubed F1 over batch and stream order (the defaults of ``GroupingConfig``)."""
    import itertools

    part = sorted((d for d in docs if d.cluster in halves(docs)["tuning"]), key=lambda d: d.id)
    results = []
    for ew, jm in itertools.product(*FIT_GRID.values()):
        cfg = GroupingConfig(entity_weight=ew, join_min=jm)
        f1s = [
            score(ours(order, feats, prime, cfg), part)[0].f1
            for order in (part, shuffled(part, SEED))
        ]
        results.append((sum(f1s) / 2, ew, jm, f1s))
        print(
            f"  entity_weight {ew:<5} join_min {jm:<6} B3 F1 batch {f1s[0]:.3f} stream {f1s[1]:.3f}"
        )
    best = max(results)
    print(
        f"fitted on the tuning half: entity_weight {best[1]}, join_min {best[2]} "
        f"(mean B3 F1 {best[0]:.3f})\n"
    )


def baseline_sims(docs: list[StreamDoc]) -> object:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [d.text for d in docs]
    )
    return np.clip((x @ x.T).toarray(), 0.0, 1.0)


def baseline(docs: list[StreamDoc], sim: object, threshold: float) -> dict[str, object]:
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage

    s = np.asarray(sim)
    n = len(docs)
    labels = fcluster(
        linkage((1.0 - s)[np.triu_indices(n, k=1)], method="average"),
        t=1.0 - threshold,
        criterion="distance",
    )
    return {d.id: int(lab) for d, lab in zip(docs, labels, strict=True)}


def seed_spread(
    part: list[StreamDoc],
    feats: dict[str, object],
    prime: list[object],
    n: int,
    leave_out: frozenset[str] = frozenset(),
    uncounted: frozenset[str] | None = None,
) -> str:
    """B-cubed and pairwise F1 of ``part`` shuffled with seeds 1..n: mean (min-max).  One shuffle
    is one sample: the same documents in another order move F1 by a few hundredths.
    ``leave_out``: documents kept out of the grouping and the count (the rest in the same
    order).  ``uncounted``: instead of the scraps, these documents are left out of the count
    (and only they: a document left out of the grouping and counted is a story of its own)."""
    import statistics

    b_f1, p_f1 = [], []
    kept = [d for d in part if d.id not in leave_out]
    if uncounted is not None:
        kept = [dataclasses.replace(d, scrap=d.id in uncounted) for d in part]
    for seed in range(1, n + 1):
        order = [d for d in shuffled(part, seed) if d.id not in leave_out]
        pred = ours(order, feats, prime)
        pred = {d.id: pred.get(d.id, ("page", d.id)) for d in part}
        b, p = score(pred, kept)[:2]
        b_f1.append(b.f1)
        p_f1.append(p.f1)
    return (
        f"B3 F1 {statistics.mean(b_f1):.3f} ({min(b_f1):.3f}-{max(b_f1):.3f}), "
        f"pair F1 {statistics.mean(p_f1):.3f} ({min(p_f1):.3f}-{max(p_f1):.3f})"
    )


def ceiling(label: str, b: Scores, p: Scores) -> str:
    """F1 with precision 1 at the recall of ``b`` (B-cubed) and ``p`` (pairwise): what removing
    every false pair alone can reach."""
    return (
        f"  {label}: B3 {b.f1:.3f} -> {2 * b.recall / (1 + b.recall):.3f}, "
        f"pair {p.f1:.3f} -> {2 * p.recall / (1 + p.recall):.3f}"
    )


def outside_main_story(pred: dict[str, object], docs: list[StreamDoc]) -> set[str]:
    """Counted documents that ``pred`` puts outside the story holding most of their cluster."""
    by_cluster: dict[str, list[StreamDoc]] = {}
    for d in docs:
        if not d.scrap:
            by_cluster.setdefault(d.cluster, []).append(d)
    out: set[str] = set()
    for members in by_cluster.values():
        main = Counter(pred[d.id] for d in members).most_common(1)[0][0]
        out.update(d.id for d in members if pred[d.id] != main)
    return out


def quality(fit_first: bool = False, seeds: int = 0, with_channels: bool = False) -> None:
    if not DATA.is_file():
        print(f"skipped quality: {DATA} not found")
        return
    t0 = time.perf_counter()
    docs = load_multinews(DATA)
    articles = prepare(ReadResult(tuple(Article(d.id, d.id, d.text) for d in docs), (), ()))
    feats: dict[str, object] = {a.id: story_features(a) for a in articles.articles}
    n_scrap = sum(d.scrap for d in docs)
    print(
        f"Multi-News dev: {len(docs)} documents in {len({d.cluster for d in docs})} clusters; "
        f"{n_scrap} scraps left out of the count, found from the texts alone (templated "
        f"pages near-identical to {SCRAP_COPIES_MIN} or more others, or fewer than "
        f"{SCRAP_WORDS_MIN} distinct content words); read in "
        f"{time.perf_counter() - t0:.1f} s\n"
    )
    prime = background()
    print(
        f"IDF primed with {len(prime)} PolNeAR train articles (counted, never grouped): a store "
        f"already running; 'cold' rows start from an empty IDF\n"
    )
    if fit_first:
        fit(docs, feats, prime)
    if with_channels:
        channels(docs, {a.id: a for a in articles.articles}, prime)
    parts = halves(docs)
    not_articles = {a.id for a in articles.articles if not page_kind(a).article}
    pages_out: list[str] = []
    # documents off their cluster's reference summary (the gold alone, not our system)
    off_sum = off_summary(docs, load_summaries(DATA))
    summary_out: list[str] = []
    ceilings: list[str] = []
    # the baseline's one threshold, chosen on the tuning half
    tune_docs = [d for d in docs if d.cluster in parts["tuning"]]
    tune_sim = baseline_sims(tune_docs)
    best = max(
        (score(baseline(tune_docs, tune_sim, t), tune_docs)[0].f1, t)
        for t in (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)
    )[1]
    header = (
        f"{'half':<11}{'method':<42}{'B3 P':>6}{'R':>6}{'F1':>6}{'pair P':>8}{'R':>6}{'F1':>6}"
        f"{'B3 F1*':>8}{'pair F1*':>9}"
    )
    print(header)
    print("-" * len(header))
    analysis: list[str] = []
    spread: list[str] = []
    breakdown: list[str] = []
    for name, clusters in parts.items():
        part = sorted((d for d in docs if d.cluster in clusters), key=lambda d: d.id)
        rows = [
            ("newsprism, batch (sorted by id)", ours(part, feats, prime)),
            ("newsprism, stream (shuffled)", ours(shuffled(part, SEED), feats, prime)),
            ("newsprism, stream, cold IDF", ours(shuffled(part, SEED), feats)),
            (f"baseline TF-IDF avg-link @{best}", baseline(part, baseline_sims(part), best)),
        ]
        for method, pred in rows:
            b, p, b_all, p_all = score(pred, part)
            print(
                f"{name:<11}{method:<42}{b.precision:6.3f}{b.recall:6.3f}{b.f1:6.3f}"
                f"{p.precision:8.3f}{p.recall:6.3f}{p.f1:6.3f}{b_all:8.3f}{p_all:9.3f}"
            )
        # pages that are not articles (``ingest.pagekind``) kept out of the grouping and the count
        pages = [d for d in part if d.id not in not_articles]
        stream = [d for d in shuffled(part, SEED) if d.id not in not_articles]  # same order
        no_converge = GroupingConfig(converge_min=2.0)  # the merge model's step off, beside
        paged: dict[str, dict[str, object]] = {}
        for method, order, cfg in (
            ("batch", pages, None),
            ("stream", stream, None),
            ("batch, no converge", pages, no_converge),
            ("stream, no converge", stream, no_converge),
        ):
            pred = ours(order, feats, prime, cfg)
            b, p, b_all, p_all = score(pred, pages)
            if cfg is None:
                paged[method] = pred
                ceilings.append(ceiling(f"{name}, {method}, pages out", b, p))
            if name != "all" and cfg is None:  # counts on both halves; read: tuning only
                breakdown.append(
                    f"  {name}, {method}, pages out: {error_breakdown(pred, pages).describe()}"
                )
            print(
                f"{name:<11}{'newsprism, ' + method + ', pages out':<42}{b.precision:6.3f}"
                f"{b.recall:6.3f}{b.f1:6.3f}{p.precision:8.3f}{p.recall:6.3f}{p.f1:6.3f}"
                f"{b_all:8.3f}{p_all:9.3f}"
            )
        # off the reference summary: those documents (scraps or not) out of the count, the
        # scrap rule not used; the grouping as above, all documents in the stream ("all in")
        # or the pages kept out of it, a page the summary keeps counted as a story of its own
        gold_count = [dataclasses.replace(d, scrap=d.id in off_sum) for d in part]
        for method, pred in (
            ("batch, all in", rows[0][1]),
            ("stream, all in", rows[1][1]),
            ("batch, pages out", paged["batch"]),
            ("stream, pages out", paged["stream"]),
            ("baseline", rows[3][1]),
        ):
            pred = {d.id: pred.get(d.id, ("page", d.id)) for d in part}
            b, p, b_all, p_all = score(pred, gold_count)
            if method != "baseline":
                ceilings.append(ceiling(f"{name}, {method}, summary out", b, p))
            print(
                f"{name:<11}{method + ', summary out':<42}{b.precision:6.3f}{b.recall:6.3f}"
                f"{b.f1:6.3f}{p.precision:8.3f}{p.recall:6.3f}{p.f1:6.3f}{b_all:8.3f}{p_all:9.3f}"
            )
        left = [d for d in part if d.id in off_sum]
        what = (
            f": {summary_off.describe([(d.id, d.scrap) for d in left])}" if name == "tuning" else ""
        )
        summary_out.append(
            f"  {name}: {len(left)} of {len(part)} documents ({sum(d.scrap for d in left)} of "
            f"them scraps; {sum(d.scrap and d.id not in off_sum for d in part)} scraps counted)"
            + what
        )
        flagged = [d for d in part if d.id in not_articles]
        outside = outside_main_story(rows[0][1], part)
        counted = [d for d in flagged if not d.scrap]
        pages_out.append(
            f"  {name}: {len(flagged)} of {len(part)} documents ({sum(d.scrap for d in flagged)} "
            f"of them scraps, {len(counted)} counted documents; of those, "
            f"{sum(d.id in outside for d in counted)} outside their cluster's main story in the "
            "batch grouping with the pages in, the rest in it)"
        )
        off = off_topic(part)
        on_topic = [d for d in part if d.id not in off]
        figures = []
        for method, pred in (rows[0], rows[1], rows[3]):
            b, p = score(pred, on_topic)[:2]
            figures.append(f"{method.split(' (')[0].split(' @')[0]} {b.f1:.3f} / {p.f1:.3f}")
        if name == "tuning":  # misses are read on the tuning half only
            for method, pred in rows[:2]:
                breakdown.append(f"  tuning, {method}: {error_breakdown(pred, part).describe()}")
        if seeds:
            spread.append(f"  {name}: {seed_spread(part, feats, prime, seeds)}")
            out = seed_spread(part, feats, prime, seeds, frozenset(not_articles))
            spread.append(f"  {name}, pages out: {out}")
            gold = frozenset(off_sum)
            out = seed_spread(part, feats, prime, seeds, uncounted=gold)
            spread.append(f"  {name}, all in, summary out: {out}")
            out = seed_spread(part, feats, prime, seeds, frozenset(not_articles), gold)
            spread.append(f"  {name}, pages out of the grouping, summary out: {out}")
        analysis.append(
            f"  {name}: {len(off)} of {sum(not d.scrap for d in part)} counted documents "
            f"off-topic; without them B3 / pair F1: " + "; ".join(figures)
        )
    print("* with the scraps counted.  Targets: B-cubed F1 >= 0.95, pairwise F1 >= 0.92.")
    print(
        "'pages out': pages the page-kind check (ingest.pagekind, NP228) finds are no news "
        "article are kept out of the grouping and of the count, as well as the scraps:"
    )
    print("\n".join(pages_out))
    print(
        "'summary out': documents off their cluster's reference summary (eval.clustering."
        f"off_summary: under {SUMMARY_SHARE_MIN} of their {SUMMARY_TERMS} heaviest TF-IDF terms' "
        "weight in it; the gold alone, the scrap rule and page-kind check not used) are left "
        "out of the count, not of the stream; the columns marked * count them:"
    )
    print("\n".join(summary_out))
    print(
        "Ceiling: F1 if every false pair were removed (precision 1) at the row's recall, "
        "B-cubed / pairwise:"
    )
    print("\n".join(ceilings))
    print(
        "Analysis of the errors, not the figure: off-topic documents (no cluster-mate with a "
        f"whole-text TF-IDF cosine of {OFF_TOPIC_MAX}) left out as well as the scraps:"
    )
    print("\n".join(analysis))
    print(
        "Splits against merges (eval.clustering.error_breakdown; counts only: the confirming "
        "half's documents are never read one by one):"
    )
    print("\n".join(breakdown))
    if seeds:
        print(f"newsprism, stream, shuffled with seeds 1-{seeds} (primed IDF): mean (min-max)")
        print("\n".join(spread))
    print("Anchors (their data, not ours; context only):")
    for who, measure, value in ANCHORS:
        print(f"  {who}: {measure} {value}")
    print()


RARE_IDF_MIN = 4.5  # background IDF from which a term or name is rare (chosen on tuning AUC)
CHANNELS = (
    "grouper score",
    "term cosine",
    "entity cosine",
    "title+lead term cosine",
    "title+lead entity cosine",
    "whole-text TF-IDF",
    "rare-term overlap",
    "shared numbers",
    "shorter document's terms (log)",
)
CHANNEL_SETS = {
    "term + entity": ("term cosine", "entity cosine"),
    "term + entity + whole text": ("term cosine", "entity cosine", "whole-text TF-IDF"),
    "term + entity + title and lead": (
        "term cosine",
        "entity cosine",
        "title+lead term cosine",
        "title+lead entity cosine",
    ),
    "term + entity + rare terms": ("term cosine", "entity cosine", "rare-term overlap"),
    "all channels": (
        "term cosine",
        "entity cosine",
        "whole-text TF-IDF",
        "title+lead term cosine",
        "title+lead entity cosine",
        "rare-term overlap",
        "shared numbers",
    ),
    "term + entity + lengths": (
        "term cosine",
        "entity cosine",
        "shorter document's terms (log)",
        "longer document's terms (log)",
    ),
    "term + entity + lengths, with products": (
        "term cosine",
        "entity cosine",
        "shorter document's terms (log)",
        "longer document's terms (log)",
        "term cosine x shorter",
        "entity cosine x shorter",
        "term cosine x longer",
        "entity cosine x longer",
    ),
}
FALSE_MAX = (10, 60)  # the high-precision regions printed: before the 10th and the 60th false
# pair (about as many false pairs as the grouper's join_min lets through on the tuning half)


def _numbers(text: str) -> set[str]:
    """Numbers of two or more digits in a text, years (1900-2099) left out."""
    import re

    out = set()
    for m in re.findall(r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?(?!\w)", text):
        v = m.replace(",", "").lstrip("$")
        if len(v.replace(".", "")) >= 2 and not re.fullmatch(r"(19|20)\d\d", v):
            out.add(v)
    return out


def channel_scores(
    part: list[StreamDoc], articles: dict[str, Article], prime: list[object]
) -> tuple[dict[str, object], object]:
    """Each similarity channel over every pair of the counted documents of ``part`` (scraps
    left out), and which pairs share a gold cluster: the grouper's term and entity cosines
    and their weighted sum (the IDF of the primed background and the whole half: the best
    case for the grouper), the same over the title and lead alone, the baseline's whole-text
    TF-IDF, rare-term overlap (terms and names whose IDF over the background alone is at
    least ``RARE_IDF_MIN``, IDF-weighted and normalised by both documents' rare mass) and
    the count of shared numbers."""
    import math

    import numpy as np

    from newsprism.stories.features import LEAD_WORDS
    from newsprism.stories.grouping import _dot

    kept = [d for d in part if not d.scrap]
    n = len(kept)
    iu = np.triu_indices(n, k=1)

    def matrix(pair: object) -> object:
        m = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                m[i, j] = pair(i, j)  # type: ignore[operator]
        return m[iu]

    def dots(vecs: list[dict[str, float]]) -> object:
        return matrix(lambda i, j: _dot(vecs[i], vecs[j]))

    out: dict[str, object] = {}
    whole = [story_features(articles[d.id]) for d in kept]
    lead = [story_features(articles[d.id], body_words=LEAD_WORDS) for d in kept]
    for label, feats in (("", whole), ("title+lead ", lead)):
        g = StoryGrouper()
        for f in [*prime, *feats]:
            g.observe(f)  # type: ignore[arg-type]
        out[label + "term cosine"] = dots([g._vector(f.terms, "") for f in feats])
        out[label + "entity cosine"] = dots([g._vector(f.entities, "E:") for f in feats])
    w = GroupingConfig().entity_weight
    out["grouper score"] = (1 - w) * out["term cosine"] + w * out["entity cosine"]  # type: ignore[operator]
    out["whole-text TF-IDF"] = np.asarray(baseline_sims(kept))[iu]
    df: dict[str, int] = {}
    for f in prime:
        for k in {k for k, _ in f.terms if " " not in k} | {"E:" + k for k, _ in f.entities}:  # type: ignore[attr-defined]
            df[k] = df.get(k, 0) + 1
    n_bg = len(prime)
    rare = []
    for f in whole:
        keys = {k for k, _ in f.terms if " " not in k} | {"E:" + k for k, _ in f.entities}
        idf = {k: math.log((1 + n_bg) / (1 + df.get(k, 0))) for k in keys}
        rare.append({k: v for k, v in idf.items() if v >= RARE_IDF_MIN})

    def overlap(i: int, j: int) -> float:
        a, b = rare[i], rare[j]
        mass = math.sqrt(sum(a.values()) * sum(b.values()))
        return sum(v for k, v in a.items() if k in b) / mass if mass else 0.0

    out["rare-term overlap"] = matrix(overlap)
    nums = [_numbers(articles[d.id].text) for d in kept]
    out["shared numbers"] = matrix(lambda i, j: len(nums[i] & nums[j]))
    n_terms = np.log1p([len(f.terms) for f in whole])
    out["shorter document's terms (log)"] = np.minimum.outer(n_terms, n_terms)[iu]
    out["longer document's terms (log)"] = np.maximum.outer(n_terms, n_terms)[iu]
    for cos in ("term cosine", "entity cosine"):
        for side in ("shorter", "longer"):
            out[f"{cos} x {side}"] = out[cos] * out[f"{side} document's terms (log)"]  # type: ignore[operator]
    same = np.array([[a.cluster == b.cluster for b in kept] for a in kept])[iu]
    return out, same


def _ranked(scores: object, same: object) -> str:
    """AUC and the same-story pairs before each ``FALSE_MAX``-th other pair, of all of them."""
    from newsprism.eval.clustering import pair_ranking

    ranks = [pair_ranking(scores, same, k) for k in FALSE_MAX]  # type: ignore[arg-type]
    regions = " ".join(f"{r.true_before:>4}" for r in ranks)
    return f"{ranks[0].auc:.4f} {regions} of {ranks[0].true:<4}"


def channels(docs: list[StreamDoc], articles: dict[str, Article], prime: list[object]) -> None:
    """Pair AUC and the high-precision regions (same-story pairs before the 10th and the 60th
    other pair) of each similarity channel on both halves, then logistic regressions over sets
    of channels fitted on the tuning half's pairs alone and read on both halves."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    parts = halves(docs)
    scored = {}
    for name in ("tuning", "confirming"):
        part = [d for d in docs if d.cluster in parts[name]]
        scored[name] = channel_scores(part, articles, prime)
    print("Similarity channels, every pair of counted documents (AUC; same-story pairs ranked")
    print(
        f"before the {' and the '.join(f'{k}th' for k in FALSE_MAX)} other pair, of all of them):"
    )
    print(f"{'channel':<48}{'tuning':>26}{'confirming':>28}")
    for channel in CHANNELS:
        cells = []
        for name in ("tuning", "confirming"):
            chans, same = scored[name]
            cells.append(_ranked(chans[channel], same))
        print(f"{channel:<48}{cells[0]:>26}{cells[1]:>28}")
    for set_name, chosen in CHANNEL_SETS.items():
        x_t = np.stack([scored["tuning"][0][c] for c in chosen], axis=1)  # type: ignore[misc]
        model = LogisticRegression(C=10.0, max_iter=2000).fit(x_t, scored["tuning"][1])
        cells = []
        for name in ("tuning", "confirming"):
            chans, same = scored[name]
            x = np.stack([chans[c] for c in chosen], axis=1)  # type: ignore[misc]
            cells.append(_ranked(model.decision_function(x), same))
        print(f"{'fitted: ' + set_name:<48}{cells[0]:>26}{cells[1]:>28}")
    print()


def speed(sizes: list[int]) -> None:
    from newsprism.eval.synthetic import generate

    for size in sizes:
        t0 = time.perf_counter()
        generated = generate(size, seed=SEED, distinct=True)
        gen_s = time.perf_counter() - t0
        g = StoryGrouper(GroupingConfig())
        block = 10_000 if size >= 20_000 else size
        rates = []
        t_read = t_group = 0.0
        cpu0 = time.process_time()
        for start in range(0, size, block):
            chunk = generated[start : start + block]
            t1 = time.perf_counter()
            arts = [
                Article(
                    x.name,
                    x.name,
                    x.text,
                    outlet=x.outlet,
                    published=_day(start + i),
                )
                for i, x in enumerate(chunk)
            ]
            read = prepare(ReadResult(tuple(arts), (), ()))
            t2 = time.perf_counter()
            for a in read.articles:
                g.add(story_features(a))
            t3 = time.perf_counter()
            t_read += t2 - t1
            t_group += t3 - t2
            rates.append((len(chunk) / (t3 - t1), len(chunk) / (t3 - t2)))
        cpu = time.process_time() - cpu0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        biggest = max(len(s.members) for s in g.stories.values())
        print(
            f"{size:>7} synthetic articles (generated in {gen_s:.1f} s): "
            f"read+group {size / (t_read + t_group):,.0f} articles/s, "
            f"{cpu:,.1f} CPU-s ({size / cpu:,.0f} articles per CPU-s); largest story {biggest}; "
            f"(grouping alone {size / t_group:,.0f}/s); {len(g.stories):,} stories, "
            f"{len(g.active):,} open at the end; peak RSS {rss:,.0f} MB"
        )
        if len(rates) > 1:
            first, last = rates[0], rates[-1]
            print(
                f"         first 10k: {first[0]:,.0f}/s (grouping {first[1]:,.0f}/s); "
                f"last 10k: {last[0]:,.0f}/s (grouping {last[1]:,.0f}/s)"
            )


def _day(i: int) -> str:
    import datetime as dt

    return (dt.date(2026, 1, 1) + dt.timedelta(days=i // PER_DAY)).isoformat()


def ner_cost() -> None:
    """spaCy NER (the pipeline's model) against the capitalised-phrase extractor, per article."""
    import re

    from newsprism.nlp.annotate import load_nlp

    if not DATA.is_file():
        return
    docs = load_multinews(DATA)[:200]
    arts = [Article(d.id, d.id, d.text) for d in docs]
    t0 = time.perf_counter()
    for a in arts:
        story_features(a)
    ours_s = (time.perf_counter() - t0) / len(arts)
    nlp = load_nlp()
    leads = [" ".join(re.split(r"\s+", a.text)[:800]) for a in arts]
    t0 = time.perf_counter()
    list(nlp.pipe(leads, batch_size=32))
    spacy_s = (time.perf_counter() - t0) / len(arts)
    print(
        f"entities per article (first 800 words): all grouping features {ours_s * 1000:.1f} ms; "
        f"spaCy parse+NER {spacy_s * 1000:.1f} ms ({spacy_s / ours_s:.0f}x)"
    )


def _timed_follow_main(path: str, config: object, stop: object, out: object) -> None:
    """The grouping process of ``store_speed``: ``follow._follow_main`` with its stages timed
    (``stages.time_grouping``), a snapshot of CPU and stages after each update that passes a
    multiple of 10,000 articles, written to ``path + ".stages.json"`` at the end."""
    import json

    from newsprism.stories import follow
    from stages import StageTimer, time_grouping

    timer = StageTimer()
    time_grouping(timer)
    tenth = _tenth()
    timed = follow.update_stories
    rows: list[dict[str, float]] = []

    def tracked(store: object, **kwargs: object) -> object:
        report = timed(store, **kwargs)
        if report.articles and report.last_article // tenth > len(rows):
            rows.append({"grouped": report.last_article, "cpu": time.process_time()})
            rows[-1].update(timer.snapshot())
        return report

    follow.update_stories = tracked  # type: ignore[assignment]
    try:
        follow._follow_main(path, config, stop, out)  # type: ignore[arg-type]
    finally:
        with open(path + ".stages.json", "w", encoding="utf-8") as f:
            json.dump(rows, f)


def _tenth() -> int:
    """Articles a row of ``store_speed``'s tables (a tenth of the run; the grouping process
    reads it from the environment its parent set)."""
    return int(os.environ.get("NEWSPRISM_BENCH_TENTH", "10000"))


def _write_feed(path: Path, size: int) -> None:
    """The store benchmark's corpus as the JSONL file a user would ingest: ``size`` generated
    articles (``generate(size, seed=SEED, distinct=True)``), 400 a day.  The generated
    articles are dropped once written (the ingest reads the file, as ``newsprism ingest``
    does), so the writing process's memory holds what the product's holds."""
    import json

    from newsprism.eval.synthetic import generate

    with path.open("w", encoding="utf-8") as f:
        for i, x in enumerate(generate(size, seed=SEED, distinct=True)):
            rec = {"id": x.name, "text": x.text, "outlet": x.outlet, "published": _day(i)}
            f.write(json.dumps(rec) + "\n")


def store_speed_apart(**kwargs: Any) -> None:
    """``store_speed`` in a process of its own, started as ``newsprism ingest --stories`` is: a
    spawned process runs this module as ``__mp_main__`` and skips the quality harness's imports
    (scikit-learn through ``newsprism.api``, about 85 MB), so the writing process whose CPU and
    peak RSS are reported holds what the product's holds."""
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(target=store_speed, kwargs=kwargs)
    process.start()
    process.join()
    if process.exitcode:
        raise SystemExit(f"the store benchmark's process failed (exit code {process.exitcode})")


def store_speed(
    size: int,
    batch: int = 500,
    workers: int = 2,
    features_at_ingest: bool = True,
    beside: bool = True,
) -> None:
    """A store as a deployment runs it: synthetic articles ingested in batches of ``batch``
    (near-duplicates and all) with ``workers`` ingest worker processes, the stories grouped in a
    process beside the writer (``StoriesFollower``; ``beside=False``: updated after each batch in
    the writing process); then listing pages.  ``features_at_ingest``: the story features are
    computed in the ingest workers (``FeatureAnnotator``), not by the update.  CPU is counted
    for the writing process, the workers and the grouping process apart, in all and for each
    10,000 articles (``stages``: read from /proc; the grouping process by articles grouped),
    and by stage within the writing and the grouping process (``stages.StageTimer``)."""
    import json
    import tempfile

    from newsprism.store import Store, ingest
    from newsprism.store.ingest import IngestReport
    from newsprism.stories.follow import StoriesFollower
    from newsprism.stories.store import FeatureAnnotator, update_stories
    from stages import StageTimer, children, cmdline, proc_cpu, time_writer

    class TimedFollower(StoriesFollower):
        target = staticmethod(_timed_follow_main)

    tenth = max(1, size // 10)
    os.environ["NEWSPRISM_BENCH_TENTH"] = str(tenth)
    timer = StageTimer()
    time_writer(timer)
    if not beside:
        from stages import time_grouping

        time_grouping(timer)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "feed.jsonl"
        _write_feed(src, size)
        t_group = cpu_group = 0.0
        blocks: list[tuple[int, float, float, float, float]] = []
        marks: list[dict[str, float]] = []  # at each block's end: CPU of each process, stages
        worker_cpu: dict[int, float] = {}
        follower: StoriesFollower | None = None

        def mark(n: int) -> None:
            skip = {follower._process.pid} if follower is not None else set()
            for pid in children():
                if pid not in skip and "resource_tracker" not in cmdline(pid):
                    got = proc_cpu(pid)
                    if got is not None:
                        worker_cpu[pid] = got
            row = {
                "n": n,
                "wall": time.perf_counter(),
                "writer": time.process_time(),
                "workers": sum(worker_cpu.values()),
            }
            if follower is not None:
                row["grouping"] = proc_cpu(follower._process.pid) or 0.0
                got = store.conn.execute("SELECT last_article FROM story_state").fetchone()
                row["grouped"] = got[0] if got else 0
            row.update(timer.snapshot())
            marks.append(row)

        with Store.open(Path(tmp) / "news.db") as store:
            t0, c0 = time.perf_counter(), time.process_time()
            mark_ = [t0, 0.0, c0, 0.0]

            def after(report: object) -> None:
                nonlocal t_group, cpu_group
                t1, c1 = time.perf_counter(), time.process_time()
                if not beside:
                    update_stories(store)
                dt_, dc = time.perf_counter() - t1, time.process_time() - c1
                t_group += dt_
                cpu_group += dc
                mark_[1] += dt_
                mark_[3] += dc
                # articles stored so far (no drops in this stream): counted, not read back, as
                # beside the follower the batches are written behind (not committed yet)
                if isinstance(report, IngestReport):
                    n = report.new + report.versions
                else:  # on_batch: the batch is committed
                    n = store.last_id()
                if n // tenth > len(blocks) or (n == size and (not blocks or blocks[-1][0] < n)):
                    now, cnow = time.perf_counter(), time.process_time()
                    blocks.append((n, now - mark_[0], mark_[1], cnow - mark_[2], mark_[3]))
                    mark_[:] = [now, 0.0, cnow, 0.0]
                    mark(n)

            kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            annotate = FeatureAnnotator() if features_at_ingest else None
            follower = TimedFollower(store.path).start() if beside else None
            mark(0)
            # in-process grouping needs each batch committed (on_batch waits for it); beside the
            # follower the blocks are marked from progress, so the writes stay behind
            hooks: dict[str, Any] = (
                {"progress": after, "progress_every": 0} if beside else {"on_batch": after}
            )
            ingest(store, [str(src)], batch_size=batch, workers=workers, annotate=annotate, **hooks)
            t_ingest, cpu = time.perf_counter() - t0, time.process_time() - c0
            kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's workers only
            cpu_workers = (kids1.ru_utime - kids0.ru_utime) + (kids1.ru_stime - kids0.ru_stime)
            grouping_marks: list[dict[str, float]] = []
            if follower is not None:
                follower.finish()
                cpu_group = follower.cpu_seconds
                stages_file = Path(store.path + ".stages.json")
                if stages_file.is_file():
                    grouping_marks = json.loads(stages_file.read_text(encoding="utf-8"))
            total = time.perf_counter() - t0
            n_stories = store.stories_count()
            t1 = time.perf_counter()
            for k in range(20):
                store.stories(offset=50 * k)
            page_ms = (time.perf_counter() - t1) / 20 * 1000
            t1 = time.perf_counter()
            store.stories(since=_day(size - 1))
            store.stories(query="council")
            filt_ms = (time.perf_counter() - t1) / 2 * 1000
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if beside:
        where = (
            f"stories grouped in a process beside the writer; load average "
            f"{os.getloadavg()[0]:.1f}): ingest plus grouping {size / total:,.0f} articles/s "
            f"wall (the ingest alone {size / t_ingest:,.0f}/s); CPU an article: writing process "
            f"{cpu / size * 1000:.2f} ms, grouping process {cpu_group / size * 1000:.2f} ms"
        )
        cpu_all = cpu + cpu_workers + cpu_group
    else:
        where = (
            f"stories updated after each batch in the writing process; load average "
            f"{os.getloadavg()[0]:.1f}): ingest plus grouping {size / total:,.0f} articles/s "
            f"wall; CPU an article: writing process {cpu / size * 1000:.2f} ms of which "
            f"grouping {cpu_group / size * 1000:.2f} ms"
        )
        cpu_all = cpu + cpu_workers
    alone = "" if beside else f"{size / t_group:,.0f}/s wall, "
    print(
        f"store of {size:,} articles (batches of {batch}, {workers} ingest workers, story "
        f"features computed {'at ingest' if features_at_ingest else 'by the update'}, {where}, "
        f"workers {cpu_workers / size * 1000:.2f} ms, all "
        f"{cpu_all / size * 1000:.2f} ms ({size / cpu_all:,.0f} articles "
        f"per CPU-s); grouping alone {alone}{size / cpu_group:,.0f} per CPU-s; "
        f"{n_stories:,} stories; a page of 50: {page_ms:.1f} ms, filtered: {filt_ms:.1f} ms; "
        f"peak RSS {rss:,.0f} MB (the writing process)"
    )
    print_tenths(marks, grouping_marks, beside, tenth)


def print_tenths(
    marks: list[dict[str, float]],
    grouping_marks: list[dict[str, float]],
    beside: bool,
    tenth: int,
) -> None:
    """The per-block tables of ``store_speed``: rate and CPU an article of each process, then
    CPU an article by stage (the writing process's blocks by articles stored, the grouping
    process's by articles grouped; a stage's nested stages are counted apart)."""
    from stages import deltas

    if len(marks) < 2:
        return
    blocks = deltas(marks)[1:]
    fixed = ("n", "wall", "writer", "workers", "grouping", "grouped")
    head = "| articles | ingest/s wall | writer ms | workers ms |"
    if beside:
        head += " grouping ms (articles grouped) | all ms |"
    print("\n" + head)
    print("|" + "---|" * (head.count("|") - 1))
    for row, d in zip(marks[1:], blocks, strict=True):
        n = d["n"]
        line = (
            f"| {row['n'] - n + 1:,.0f}-{row['n']:,.0f} | {n / d['wall']:,.0f} | "
            f"{d['writer'] / n * 1000:.2f} | {d['workers'] / n * 1000:.2f} |"
        )
        if beside:
            g = d["grouping"] / d["grouped"] * 1000 if d["grouped"] else float("nan")
            line += (
                f" {g:.2f} ({row['grouped'] - d['grouped'] + 1:,.0f}-{row['grouped']:,.0f}) | "
                f"{(d['writer'] + d['workers']) / n * 1000 + g:.2f} |"
            )
        print(line)
    print_stages("writing process", blocks, "n", "writer", fixed, tenth)
    if grouping_marks:
        rows = deltas([{"grouped": 0.0, "cpu": 0.0}, *grouping_marks])[1:]
        print_stages("grouping process", rows, "grouped", "cpu", ("grouped", "cpu"), tenth)


def print_stages(
    who: str,
    blocks: list[dict[str, float]],
    count: str,
    cpu: str,
    fixed: tuple[str, ...],
    tenth: int,
) -> None:
    """CPU ms an article by stage (rows) and block (columns); "other" is the process's CPU
    outside every timed stage."""
    names = sorted({k for b in blocks for k in b if k not in fixed})
    print(f"\n{who}, ms of CPU an article by stage, each block of {tenth:,} articles:")
    print("| stage | " + " | ".join(str(i + 1) for i in range(len(blocks))) + " |")
    print("|---|" + "---|" * len(blocks))
    for name in [*names, "other", "all"]:
        cells = []
        for b in blocks:
            n = b[count] or float("nan")
            if name == "all":
                v = b[cpu]
            elif name == "other":
                v = b[cpu] - sum(b.get(k, 0.0) for k in names)
            else:
                v = b.get(name, 0.0)
            cells.append(f"{v / n * 1000:.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def brief_all_speed(clusters: int, engines: list[str]) -> None:
    """``brief_all`` on the first ``clusters`` Multi-News dev clusters in a store: articles/s
    with each engine setting, same stories and same store each time (cache forced off)."""
    import tempfile

    from newsprism.store import Store
    from newsprism.stories.briefall import brief_all
    from newsprism.stories.store import update_stories

    if not DATA.is_file():
        print(f"brief-all: {DATA} missing, skipped")
        return
    docs = load_multinews(DATA)
    keep = sorted({d.cluster for d in docs})[:clusters]
    chosen = [d for d in docs if d.cluster in keep]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "news.db") as store:
        arts = prepare(
            ReadResult(tuple(Article(d.id, d.id, d.text) for d in chosen), (), ())
        ).articles
        with store.batch():
            for a in arts:
                store.add(a)
        update_stories(store)
        n = store.stories_count()
        print(f"brief-all: {len(arts)} articles of {clusters} Multi-News clusters, {n} stories")
        for setting in engines:
            name, _, workers = setting.partition(":")
            t0 = time.perf_counter()
            report = brief_all(
                store,
                Path(tmp) / setting.replace(":", "_"),
                engine=name,
                workers=int(workers or 1),
                force=True,
                update=False,
            )
            secs = time.perf_counter() - t0
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"  {setting:<10} {report.articles / secs:5.2f} articles/s "
                f"({report.stories} stories in {secs:.1f} s, {report.failed} failed); "
                f"driver peak RSS {rss:,.0f} MB"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="synthetic stream sizes")
    ap.add_argument("--no-speed", action="store_true", help="quality only")
    ap.add_argument("--no-quality", action="store_true", help="cost only")
    ap.add_argument(
        "--fit", action="store_true", help="fit the grouping weights on the tuning half"
    )
    ap.add_argument(
        "--channels",
        action="store_true",
        help="pair AUC and high-precision region of each similarity channel, both halves",
    )
    ap.add_argument("--seeds", type=int, default=0, help="also the stream shuffled with seeds 1..N")
    ap.add_argument("--ner", action="store_true", help="time spaCy NER against our extractor")
    ap.add_argument("--store", default="", help="store sizes: ingest + incremental grouping")
    ap.add_argument(
        "--features-in-update",
        action="store_true",
        help="--store: story features computed by update_stories, not in the ingest workers",
    )
    ap.add_argument(
        "--ingest-workers", type=int, default=2, help="--store: ingest worker processes"
    )
    ap.add_argument(
        "--grouping-in-writer",
        action="store_true",
        help="--store: update the stories after each batch in the writing process (as before), "
        "not in a process beside it",
    )
    ap.add_argument("--brief-all", type=int, default=0, help="brief-all on N Multi-News clusters")
    ap.add_argument(
        "--engines", default="local:1,local:2,ray:2", help="brief-all settings, engine:workers"
    )
    args = ap.parse_args()
    if not args.no_quality:
        quality(args.fit, args.seeds, args.channels)
    if args.ner:
        ner_cost()
    if not args.no_speed:
        speed([int(s) for s in args.sizes.split(",") if s and int(s)])
    for size in [int(s) for s in args.store.split(",") if s]:
        store_speed_apart(
            size=size,
            workers=args.ingest_workers,
            features_at_ingest=not args.features_in_update,
            beside=not args.grouping_in_writer,
        )
    if args.brief_all:
        brief_all_speed(args.brief_all, args.engines.split(","))


if __name__ == "__main__":
    main()
