"""Fit the page-kind model (``newsprism.ingest.pagekind``) on the tuning half of the Multi-News dev
clusters, write ``src/newsprism/data/page_kind.json``, and report how precise it is.

    .venv/bin/python benchmarks/page_kind.py [--dry-run] [--c 0.3] [--no-written] [--window N]

Labels (tuning half only, the first 125 clusters in file order as ``benchmarks/stories.py`` splits
them): a document is *not an article* when the scrap rule finds it from the texts alone
(``eval.clustering.scraps``: templated pages, empty pages), when it is one of ``NOT_ARTICLES``,
the counted tuning documents read one by one and found to be no news article (web-archive crawl
notices, social and sign-up widgets, a petition form, a site's index of headlines, a site's
"about" or promotion page, a video's credits, a video's page, a fundraiser's page), or when
``benchmarks/split_offs.py`` read it as not the story and as no report (navigation, a video
page, a stub, a study's own text, a page on another subject; ``REPORT_ON_ANOTHER_SUBJECT``, a
news report on another subject, is left out of the fit).  Every other tuning document is an
article.  Documents with the same text count once.  The pages written for the project
(``benchmarks/pages``, ``--no-written`` leaves them out) are non-articles too; the short news
items written for the project (``benchmarks/short_news``: briefs, a correction, a wire flash,
...) and the 840 PolNeAR train articles are articles.  A logistic regression (scikit-learn, standardised
features folded back into plain weights, classes balanced) is fitted on those labels; the
threshold is set just above the highest score of an article of the fit, so that no real article
of the tuning half or of PolNeAR train is flagged.

Precision is then read where nothing was fitted: the 84 PolNeAR dev articles (all real news:
each flagged one is a false alarm), the project's own example and seed stories, and the
confirming half (flagged documents counted as scraps and as others; nothing there is read to
choose anything).  Only weights and counts are written, no corpus text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsprism.api import prepare  # noqa: E402
from newsprism.eval.clustering import load_multinews  # noqa: E402
from newsprism.ingest import pagekind  # noqa: E402
from newsprism.ingest.pagekind import FEATURES, PageModel, page_features  # noqa: E402
from newsprism.ingest.readers import ReadResult, read_inputs  # noqa: E402
from newsprism.model import Article  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "multinews" / "validation.jsonl"
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
OUT = REPO / "src" / "newsprism" / "data" / "page_kind.json"
PAGES = REPO / "benchmarks" / "pages"  # non-articles written for the project (README.md there)
SHORT_NEWS = REPO / "benchmarks" / "short_news"  # short news items written for the project
MARGIN = 0.005  # the threshold sits this far above the highest-scoring tuning article
# Counted tuning documents that are no news article, by id (a hash of cluster, position and
# text; ``eval.clustering.load_multinews``), read one by one: crawl notices of a web archive
# (dd6cc2a2f58c4, da49d7d2d9d60, d1168e87d368c, db3cf74fd4fe5), social and sign-up widgets
# (de3c786e713ea, d771fb9ba9df9, d0895adb1d0aa), a petition form (d87dd4a5a5729), pages of a
# site that are not articles (d0dd4adc252fe, de188b3e8d464: indexes of headlines; d0c09ebedf87b,
# d2f302fa90cf1: a site's promotion and "about" pages; dcfeedda8c388: a campaign's page of
# locations) and a video's credits (d13b5ae7cfd04); and two documents grouped with their
# cluster, read when they scored highest among the articles of a fit: a talk show's video page
# (d15f2fe0bbea6) and a fundraiser's page (dcdeba9dc4cc0).
NOT_ARTICLES = frozenset(
    [
        "dd6cc2a2f58c4",
        "da49d7d2d9d60",
        "d1168e87d368c",
        "db3cf74fd4fe5",
        "de3c786e713ea",
        "d771fb9ba9df9",
        "d0895adb1d0aa",
        "d87dd4a5a5729",
        "d0dd4adc252fe",
        "de188b3e8d464",
        "d0c09ebedf87b",
        "d2f302fa90cf1",
        "dcfeedda8c388",
        "d13b5ae7cfd04",
        "d15f2fe0bbea6",
        "dcdeba9dc4cc0",
    ]
)
REPORT_ON_ANOTHER_SUBJECT = frozenset(["d6f489fb2b3c6"])  # another missing child's page


def halves(clusters: list[str]) -> tuple[set[str], set[str]]:
    order = list(dict.fromkeys(clusters))
    half = len(order) // 2
    return set(order[:half]), set(order[half:])


def features_of(articles: list[Article]) -> list[tuple[float, ...]]:
    read = prepare(ReadResult(tuple(articles), (), ()))
    return [page_features(a) for a in read.articles]


def fit(x: list[tuple[float, ...]], y: list[int], c: float) -> PageModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    xs = np.asarray(x)
    scaler = StandardScaler().fit(xs)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    model.fit(scaler.transform(xs), y)
    weights = model.coef_[0] / scaler.scale_
    intercept = float(model.intercept_[0] - (model.coef_[0] * scaler.mean_ / scaler.scale_).sum())
    plain = PageModel(tuple(float(w) for w in weights), intercept, 1.0)
    top_article = max(plain.score(f) for f, label in zip(x, y, strict=True) if not label)
    return PageModel(plain.weights, intercept, min(0.999, top_article + MARGIN))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularisation strength")
    ap.add_argument("--dry-run", action="store_true", help="report, write nothing")
    ap.add_argument(
        "--no-written",
        dest="written",
        action="store_false",
        help="fit without the pages written for the project (benchmarks/pages)",
    )
    ap.add_argument(
        "--window",
        type=int,
        default=pagekind.WINDOW,
        help=f"characters of a text read (pagekind.WINDOW, {pagekind.WINDOW}): to try others",
    )
    args = ap.parse_args()
    pagekind.WINDOW = args.window
    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return
    from split_offs import NOT_THE_STORY, READ  # the tuning split-offs, read by hand

    docs = load_multinews(DATA)
    tuning, confirming = halves([d.cluster for d in docs])
    feats = dict(
        zip(
            (d.id for d in docs),
            features_of([Article(d.id, d.id, d.text) for d in docs]),
            strict=True,
        )
    )
    seen: set[str] = set()
    x, y = [], []
    kinds: list[str] = []  # what each tuning non-article is, for the report
    for d in docs:
        if d.cluster in tuning and d.text not in seen and d.id not in REPORT_ON_ANOTHER_SUBJECT:
            seen.add(d.text)
            x.append(feats[d.id])
            kind = READ.get(d.id, "") if READ.get(d.id) in NOT_THE_STORY else ""
            if d.scrap:
                kind = "scrap"
            elif d.id in NOT_ARTICLES:
                kind = kind or "other page"
            y.append(int(bool(kind)))
            kinds.append(kind)
    n_tuning = len(x)
    written = features_of(list(read_inputs([str(PAGES)]).articles)) if args.written else []
    x += written
    y += [1] * len(written)
    short_news = features_of(list(read_inputs([str(SHORT_NEWS)]).articles))
    x += short_news
    y += [0] * len(short_news)
    train = POLNEAR / "train" / "text"
    pol_train = []
    if train.is_dir():  # real news, short teasers and all: articles
        pol_train = features_of(list(read_inputs([str(train)]).articles))
        x += pol_train
        y += [0] * len(pol_train)
    model = fit(x, y, args.c)
    flagged_x = [model.score(f) >= model.threshold for f in x]
    caught = sum(f and label for f, label in zip(flagged_x, y, strict=True))
    tuning_pages = sum(y[:n_tuning])
    caught_tuning = sum(f and label for f, label in zip(flagged_x[:n_tuning], y, strict=False))
    print(
        f"fitted on {n_tuning} distinct tuning documents ({tuning_pages} not articles), "
        f"{len(written)} pages and {len(short_news)} short news items written for the project "
        f"and {len(pol_train)} PolNeAR train articles (window {pagekind.WINDOW} characters); "
        f"threshold {model.threshold:.3f}: {caught} of {sum(y)} non-articles flagged "
        f"({caught_tuning} of the tuning half's {tuning_pages}), 0 of {len(y) - sum(y)} articles "
        "(the threshold's rule; in sample)"
    )
    by_kind: dict[str, list[int]] = {}
    for kind, f in zip(kinds, flagged_x[:n_tuning], strict=True):
        if kind:
            by_kind.setdefault(kind, [0, 0])[0] += f
            by_kind[kind][1] += 1
    print(
        "  tuning non-articles flagged by kind: "
        + ", ".join(f"{k} {hit} of {n}" for k, (hit, n) in sorted(by_kind.items()))
    )
    lo = n_tuning + len(written)
    print(
        f"  written pages {sum(flagged_x[n_tuning:lo])} of {len(written)}, short news items "
        f"{sum(flagged_x[lo : lo + len(short_news)])} of {len(short_news)} flagged"
    )
    for name, w in zip(FEATURES, model.weights, strict=True):
        print(f"  {name:<12} {w:+.3f}")
    groups = {  # where the three shape features fire (documents with the feature above 0)
        "tuning articles": [f for f, label in zip(x[:n_tuning], y, strict=False) if not label],
        "tuning non-articles": [f for f, label in zip(x[:n_tuning], y, strict=False) if label],
        "written pages": written,
        "short news items": short_news,
        "PolNeAR train": pol_train,
    }
    for group, rows in groups.items():
        fired = ", ".join(
            f"{name} {sum(f[FEATURES.index(name)] > 0 for f in rows)}"
            for name in ("study", "teasers", "dateline")
        )
        print(f"  above 0 among the {len(rows)} {group}: {fired}")
    conf = [d for d in docs if d.cluster in confirming]
    flagged = [d for d in conf if model.score(feats[d.id]) >= model.threshold]
    print(
        f"confirming half (counts only, never read): {len(flagged)} of {len(conf)} documents "
        f"flagged, {sum(d.scrap for d in flagged)} of them scraps (of "
        f"{sum(d.scrap for d in conf)}), {sum(not d.scrap for d in flagged)} counted documents"
    )
    dev = POLNEAR / "dev" / "text"
    if dev.is_dir():
        pol = features_of(list(read_inputs([str(dev)]).articles))
        false_alarms = sum(model.score(f) >= model.threshold for f in pol)
        print(f"PolNeAR dev (real news, not fitted): {false_alarms} of {len(pol)} flagged")
    own = [str(REPO / "examples" / "story"), str(REPO / "examples" / "stories")]
    seeds = REPO.parent / "shared" / "seeds"
    if seeds.is_dir():
        own.append(str(seeds))
    read = read_inputs(own)
    mine = features_of(list(read.articles))
    print(
        f"the project's example stories and seeds: "
        f"{sum(model.score(f) >= model.threshold for f in mine)} of {len(mine)} flagged"
    )
    if not args.dry_run:
        OUT.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "weights": dict(zip(FEATURES, model.weights, strict=True)),
                    "intercept": model.intercept,
                    "threshold": model.threshold,
                    "fitted": "benchmarks/page_kind.py on the tuning half of the Multi-News dev "
                    f"clusters, C={args.c}",
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
