"""newsprism's summary against lead, LexRank and TextRank on Multi-News dev, in one run.

Reads ../shared/data/multinews/validation.jsonl (skips when absent).  Every system gets the same
word budget (230 by default) and the same scoring (``newsprism.eval.rouge``): ROUGE-1, ROUGE-2,
ROUGE-Lsum F1 (rouge-score, stemmed, sentences joined by newlines), the LongBench ROUGE-L (the
``rouge`` package) and time per cluster.  newsprism's time is the summary alone (models loaded,
documents parsed: one core); its parse time is printed apart.  It also checks that every summary
sentence carries a valid citation (``documents[k][start:end]`` is the sentence).

spaCy parses are cached as DocBin files under ``--cache`` (default /tmp/newsprism-multinews) so
that ablations and reruns skip the ~2 minutes of parsing; ``--no-cache`` runs from scratch.

Usage:
  .venv/bin/python benchmarks/summary_multinews.py [--limit N] [--words 230] [--ablations]
      [--backend tfidf|minilm] [--no-cache]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsprism.analyze.summary.cluster import cluster_articles, summarize_annotated
from newsprism.analyze.summary.filters import FilterConfig
from newsprism.analyze.summary.summarize import RULES, SummaryConfig
from newsprism.eval import rouge as R
from newsprism.model import SummaryItem
from newsprism.nlp.annotate import MODEL_NAME, PARSE_KEY, AnnotatedArticle, annotate, load_nlp

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_summary_scorer as T  # noqa: E402  (the scorer's training and out-of-fold runs)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews" / "validation.jsonl"

# What each ingredient adds: the full method minus one ingredient at a time.
ABLATIONS: dict[str, dict[str, object]] = {
    "no centrality": {"w_centrality": 0.0},
    "no position": {"w_position": 0.0},
    "no support": {"w_support": 0.0},
    "no concept coverage": {"w_concepts": 0.0},
    "no source coverage bonus": {"w_new_source": 0.0},
    "no redundancy control": {"redundancy_max": 1.01, "mmr_lambda": 1.0},
    "no stand-alone filters (unreadable)": {"filters": FilterConfig(stand_alone=False)},
}

# What each readability rule costs (learned scorer): the rule off, or the reserve changed.
_RULES = (
    "dangling_start",
    "quote_continuation",
    "unbalanced_quotes",
    "question",
    "unresolved_subject",
    "first_person",
    "bare_quote",
)
FILTER_ABLATIONS: dict[str, FilterConfig] = {
    "shipped (joins; bare_quote, first_person in reserve)": FilterConfig(),
    "no reserve (every rule drops)": FilterConfig(fallback=frozenset()),
    "no whole quotes (multi-sentence quotes not joined)": FilterConfig(merge_quotes=False),
    "no antecedent joins (pronoun starts not joined to the sentence before)": FilterConfig(
        join_previous=False
    ),
    "neither joins": FilterConfig(merge_quotes=False, join_previous=False),
    **{f"rule off: {r}": FilterConfig(allow=frozenset({r})) for r in _RULES},
    "no stand-alone rules at all (unreadable)": FilterConfig(stand_alone=False),
}


def parse_cluster(cluster: R.Cluster, cache: Path | None) -> list[AnnotatedArticle]:
    """Annotated articles of a cluster, from the DocBin cache when it holds them."""
    from spacy.tokens import DocBin

    from newsprism.nlp.annotate import ParsedSegment, _sentences
    from newsprism.nlp.segment import content_segments

    articles = cluster_articles(cluster.documents)
    if cache is None:
        return annotate(articles)
    segments = [content_segments(a) for a in articles]
    # the key covers the texts, the model and the content segments (boilerplate marking)
    bounds = repr([[(g.start, g.end) for g in segs] for segs in segments])
    key = hashlib.sha1(
        "\0".join((PARSE_KEY, bounds, *cluster.documents)).encode("utf-8")
    ).hexdigest()[:16]
    path = cache / f"{cluster.id}-{key}.spacy"
    if path.exists():
        nlp = load_nlp()
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == sum(len(s) for s in segments):
            out, k = [], 0
            for a, segs in zip(articles, segments, strict=True):
                parsed = [ParsedSegment(seg, docs[k + j]) for j, seg in enumerate(segs)]
                k += len(segs)
                out.append(AnnotatedArticle(a, parsed, _sentences(a, parsed)))
            return out
    out = annotate(articles)
    bin_ = DocBin(store_user_data=False)
    for d in out:
        for p in d.segments:
            bin_.add(p.doc)
    cache.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(path)
    return out


def check_citations(cluster: R.Cluster, items: Sequence[SummaryItem]) -> tuple[int, int]:
    """(valid, total) summary sentences: cited, every span inside its document, and the first
    citation's text is the sentence's own."""
    valid = 0
    for item in items:
        ok = bool(item.citations)
        for n, c in enumerate(item.citations):
            doc = cluster.documents[int(c.article)]
            inside = 0 <= c.start < c.end <= len(doc)
            if not inside or (n == 0 and doc[c.start : c.end] != item.text):
                ok = False
        valid += ok
    return valid, len(items)


def load_parsed(
    clusters: Sequence[R.Cluster], cache: Path | None
) -> dict[str, list[AnnotatedArticle]]:
    load_nlp()
    return {c.id: parse_cluster(c, cache) for c in clusters}


def run_newsprism(
    clusters: Sequence[R.Cluster],
    parsed: dict[str, list[AnnotatedArticle]],
    words: int,
    config: SummaryConfig,
    per_cluster: bool = False,
) -> Any:
    """(mean scores, seconds per cluster, (valid, total) citations)[, per-cluster scores]."""
    rows: list[dict[str, float]] = []
    times: list[float] = []
    valid = total = 0
    for c in clusters:
        start = time.perf_counter()
        items = summarize_annotated(parsed[c.id], words, config)
        times.append(time.perf_counter() - start)
        v, t = check_citations(c, items)
        valid, total = valid + v, total + t
        rows.append(
            R.score(R.fit_budget([i.text for i in items], words), R.reference_lines(c.summary))
        )
    if per_cluster:
        return R.mean_scores(rows), statistics.mean(times), (valid, total), rows
    return R.mean_scores(rows), statistics.mean(times), (valid, total)


def run_peer(
    clusters: Sequence[R.Cluster],
    sentences: dict[str, list[list[str]]],
    peer: Callable[[Sequence[Sequence[str]], int], list[str]],
    words: int,
) -> tuple[dict[str, float], float]:
    rows, times = [], []
    for c in clusters:
        start = time.perf_counter()
        out = peer(sentences[c.id], words)
        times.append(time.perf_counter() - start)
        rows.append(R.score(R.fit_budget(out, words), R.reference_lines(c.summary)))
    return R.mean_scores(rows), statistics.mean(times)


def line(name: str, scores: dict[str, float], seconds: float, extra: str = "") -> str:
    return (
        f"| {name} | {scores['rouge1']:.2f} | {scores['rouge2']:.2f} | {scores['rougeLsum']:.2f} "
        f"| {scores['longbench_rl']:.2f} | {seconds * 1000:.0f} ms |{extra}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None, help="first N clusters only")
    ap.add_argument("--words", type=int, default=230)
    ap.add_argument("--backend", default=None, help="similarity backend of the summary")
    ap.add_argument("--ablations", action="store_true", help="also run one ablation per ingredient")
    ap.add_argument("--folds", type=int, default=5, help="K of the out-of-fold run (1: none)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-multinews"))
    ap.add_argument("--no-cache", action="store_true", help="parse from scratch, cache nothing")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is not present")
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    clusters = R.read_clusters(args.data, args.limit)
    print(f"{len(clusters)} clusters, budget {args.words} words, data {args.data}")

    load_nlp()
    start = time.perf_counter()
    cache = None if args.no_cache else args.cache
    parsed = {c.id: parse_cluster(c, cache) for c in clusters}
    parse_s = (time.perf_counter() - start) / max(1, len(clusters))
    print(
        f"parse (spaCy {MODEL_NAME}{', cached' if cache else ''}): {parse_s * 1000:.0f} ms/cluster"
    )
    sentences = {c.id: [R.split_sentences(d) for d in c.documents] for c in clusters}

    rules = RULES
    learned = SummaryConfig()
    if args.backend:
        rules = dataclasses.replace(rules, backend=args.backend)
        learned = dataclasses.replace(learned, backend=args.backend)
    print()
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | LongBench ROUGE-L | time/cluster |")
    print("|---|---|---|---|---|---|")
    best = {"rouge1": 0.0, "rouge2": 0.0}
    for name, peer in R.PEERS.items():
        scores, secs = run_peer(clusters, sentences, peer, args.words)
        for k in best:
            best[k] = max(best[k], scores[k])
        print(line(name, scores, secs), flush=True)
    scores, secs, (valid, total) = run_newsprism(clusters, parsed, args.words, rules)
    print(line("newsprism, rule-based scorer", scores, secs, f" citations {valid}/{total}"))
    scores, secs, (valid, total) = run_newsprism(clusters, parsed, args.words, learned)
    extra = (
        f" citations {valid}/{total}; in-sample when the data is the dev sample it was fitted on"
    )
    print(line("newsprism, packaged model", scores, secs, extra), flush=True)
    headline = scores
    if args.folds > 1:
        rows = T.collect(clusters, parsed, learned)
        scores, (valid, total), times = T.out_of_fold(
            clusters, parsed, rows, args.folds, "linear", args.words, learned
        )
        name = f"**newsprism, learned scorer, {args.folds}-fold out of fold**"
        print(line(name, scores, statistics.mean(times), f" citations {valid}/{total}"))
        headline = scores
    print()
    d1, d2 = headline["rouge1"] - best["rouge1"], headline["rouge2"] - best["rouge2"]
    print(
        f"newsprism - best peer: ROUGE-1 {d1:+.2f} (target +2.0), ROUGE-2 {d2:+.2f} (target +1.5)"
    )
    if args.ablations:
        print()
        print("Rule-based scorer minus one ingredient:")
        print("| ablation | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | LongBench ROUGE-L | time/cluster |")
        print("|---|---|---|---|---|---|")
        for name, change in ABLATIONS.items():
            cfg = dataclasses.replace(rules, **change)  # type: ignore[arg-type]
            s, t, _ = run_newsprism(clusters, parsed, args.words, cfg)
            print(line(name, s, t), flush=True)
        print()
        print(f"Learned scorer ({args.folds}-fold out of fold), one readability rule changed:")
        print("| change | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | LongBench ROUGE-L | time/cluster |")
        print("|---|---|---|---|---|---|")
        for name, filters in FILTER_ABLATIONS.items():
            cfg = dataclasses.replace(learned, filters=filters)
            rows = T.collect(clusters, parsed, cfg)
            s, _, times = T.out_of_fold(
                clusters, parsed, rows, args.folds, "linear", args.words, cfg
            )
            print(line(name, s, statistics.mean(times)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
