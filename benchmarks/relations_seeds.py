"""Relations and events of ../shared/seeds, with the time each stage takes.

Prints every pair's relation scores (own-text containment, Jaccard, shared passages), the
relations, repeated paragraphs, independent groups and events found, and the warm wall time of
``find_relations`` and ``group_events`` on the seeds and on generated fictional articles
(newsprism.eval.synthetic) of 200 and 1000 articles.  Annotation (spaCy) is not counted.

With ../shared/data/multinews present, it also mixes the articles of two Multi-News clusters (each
cluster is one story, nearly always one event) and reports how well events recover the clusters:
pairwise precision and recall over article pairs, and how many single clusters stay one event.

Usage: .venv/bin/python benchmarks/relations_seeds.py [--repeat N] [--clusters N]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsprism.analyze.relations import links as rel
from newsprism.analyze.relations.events import EVENT_NOUNS, group_events, similarities
from newsprism.model import Article
from newsprism.nlp.annotate import AnnotatedArticle, annotate

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    """(result, median milliseconds) of ``repeat`` warm calls."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(times)


def seed_articles() -> list[Article]:
    from newsprism.ingest.boilerplate import mark_boilerplate
    from newsprism.ingest.metadata import extract_metadata
    from newsprism.ingest.readers import read_inputs

    return [extract_metadata(mark_boilerplate(a)) for a in read_inputs([str(SEEDS)]).articles]


def pair_table(docs: Sequence[AnnotatedArticle]) -> None:
    """Own-text containment both ways, all-shingle Jaccard and quoted overlap for every pair."""
    cache: dict[str, int] = {}
    prof = [rel._profile(d, cache) for d in docs]
    sets = [
        (set(p.hashes[~p.shingle_quoted].tolist()), set(p.hashes[p.shingle_quoted].tolist()))
        for p in prof
    ]
    print("| pair | own(a in b) | own(b in a) | Jaccard | shared quoted shingles |")
    print("|---|---|---|---|---|")
    for i, j in itertools.combinations(range(len(docs)), 2):
        (ua, qa), (ub, qb) = sets[i], sets[j]
        aa, ab = ua | qa, ub | qb
        own_ab = len(ua & ab) / max(1, len(ua))
        own_ba = len(ub & aa) / max(1, len(ub))
        jac = len(aa & ab) / max(1, len(aa | ab))
        print(
            f"| {docs[i].id[:3]}-{docs[j].id[:3]} | {own_ab:.3f} | {own_ba:.3f} | {jac:.3f} "
            f"| {len(qa & qb)} |"
        )


def seeds_report(repeat: int) -> None:
    docs = annotate(seed_articles())
    print("## seeds\n")
    pair_table(docs)
    result, t_rel = timed(lambda: rel.find_relations(docs), repeat)
    events, t_ev = timed(lambda: group_events(docs, result), repeat)
    print("\nrelations:")
    for r in result.relations:
        print(f"  {r.a[:3]} {r.b[:3]} {r.kind:16} score {r.score:.3f}")
    print("repeated paragraphs:")
    for p in result.repeated:
        print(
            f"  {p.article[:3]} [{p.first.start}, {p.first.end}) again at [{p.repeat.start}, {p.repeat.end})"
        )
    print("independent:", [tuple(a[:3] for a in g) for g in result.independent])
    story, event = similarities(docs, result)
    print("| pair | story similarity | event similarity |\n|---|---|---|")
    for i, j in itertools.combinations(range(len(docs)), 2):
        print(f"| {docs[i].id[:3]}-{docs[j].id[:3]} | {story[i, j]:.3f} | {event[i, j]:.3f} |")
    print("events:")
    for e in events:
        print(f"  {e.id} {e.date} {e.label!r}: {[a[:3] for a in e.articles]}")
    examples_report()
    print(f"\nfind_relations {t_rel:.1f} ms, group_events {t_ev:.1f} ms (median of {repeat})\n")


def examples_report() -> None:
    """Relations, wire credits and events of the project's example story (examples/story)."""
    from newsprism.api import prepare
    from newsprism.ingest.boilerplate import wire_credit
    from newsprism.ingest.readers import read_inputs

    arts = prepare(read_inputs([str(REPO / "examples" / "story")])).articles
    docs = annotate(arts)
    result = rel.find_relations(docs)
    print("\n## examples/story\n")
    for a in arts:
        print(f"  {a.id}: outlet {a.outlet!r}, wire credit {wire_credit(a)!r}")
    for r in result.relations:
        if r.kind != "shares_passages":
            print(f"  {r.a} {r.b} {r.kind} score {r.score:.3f}")
    for e in group_events(docs, result):
        print(f"  {e.id} {e.date} {e.label!r}: {[a[:2] for a in e.articles]}")
    print()


def generated_report(n: int, repeat: int, with_events: bool) -> None:
    from newsprism.eval.synthetic import generate

    arts = [Article(g.name, g.name, g.text, outlet=g.outlet) for g in generate(n)]
    docs = annotate(arts)
    result, t_rel = timed(lambda: rel.find_relations(docs), repeat)
    kinds = Counter(r.kind for r in result.relations)
    line = f"{n} generated: find_relations {t_rel:.0f} ms ({dict(kinds)})"
    if with_events:
        events, t_ev = timed(lambda: group_events(docs, result), repeat)
        line += f"; group_events {t_ev:.0f} ms ({len(events)} events)"
    print(line)


def multinews_report(n_clusters: int, trials: int = 150, labels: int = 25) -> None:
    import json
    import random

    from newsprism.ingest.boilerplate import mark_boilerplate

    path = REPO.parent / "shared" / "data" / "multinews" / "validation.jsonl"
    if not path.is_file():
        print("../shared/data/multinews absent: Multi-News skipped", file=sys.stderr)
        return
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    arts = []
    for ci, row in enumerate(rows[:n_clusters]):
        texts = [t for t in row["documents"] if len(t.split()) > 60]
        if len(texts) > 1:
            for k, t in enumerate(texts):
                arts.append(mark_boilerplate(Article(f"c{ci:03d}-{k}", f"c{ci:03d}-{k}", t)))
    by_cluster: dict[str, list[AnnotatedArticle]] = {}
    for d in annotate(arts):
        by_cluster.setdefault(d.id[:4], []).append(d)
    rng = random.Random(2)
    keys = sorted(by_cluster)
    tp = fp = fn = 0
    for _ in range(trials):
        a, b = rng.sample(keys, 2)
        docs = by_cluster[a] + by_cluster[b]
        label = {x: e.id for e in group_events(docs, rel.find_relations(docs)) for x in e.articles}
        for x, y in itertools.combinations(docs, 2):
            same, pred = x.id[:4] == y.id[:4], label[x.id] == label[y.id]
            tp += same and pred
            fp += pred and not same
            fn += same and not pred
    per_cluster = {
        k: group_events(docs, rel.find_relations(docs)) for k, docs in by_cluster.items()
    }
    whole = sum(len(evs) == 1 for evs in per_cluster.values())
    all_events = [e for evs in per_cluster.values() for e in evs]
    with_noun = sum(
        any(w.lower().strip(".,'’") in EVENT_NOUNS for w in e.label.split()) for e in all_events
    )
    words = statistics.mean(len(e.label.split()) for e in all_events)
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(
        f"Multi-News, {len(keys)} clusters, {trials} mixes of two: pairwise P {p:.3f} "
        f"R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f}; clusters kept one event {whole}/{len(keys)}"
    )
    kinds = Counter(
        r.kind for docs in by_cluster.values() for r in rel.find_relations(docs).relations
    )
    print(f"Multi-News relations inside clusters: {dict(kinds)}")
    print(
        f"Multi-News event labels: {len(all_events)} events, {with_noun} name an event noun, "
        f"mean {words:.1f} words"
    )
    print(f"\nevent labels of the first {labels} Multi-News clusters (judge by eye):")
    for key in keys[:labels]:
        for e in per_cluster[key]:
            print(f"  {key} {e.id} ({len(e.articles)} articles, {e.date}): {e.label}")


_POLNEAR_OUTLETS = {  # PolNeAR publisher -> normalised names that are right for it
    "breitbart": ("breitbart",),
    "huff-post": ("huffpost", "huffingtonpost"),
    "nyt": ("newyorktimes", "nytimes"),
    "politico": ("politico",),
    "usa-today": ("usatoday",),
    "wash-post": ("washingtonpost",),
    "west-journal": ("westernjournal",),
}


def _outlet_right(publisher: str, outlet: str) -> bool:
    key = "".join(ch for ch in outlet.lower() if ch.isalnum()).removeprefix("the")
    return any(key.startswith(n) or n.startswith(key) for n in _POLNEAR_OUTLETS.get(publisher, ()))


def polnear_report() -> None:
    """Outlet evidence and wire credits against PolNeAR's metadata (train + dev)."""
    import csv

    from newsprism.ingest.boilerplate import mark_boilerplate, wire_credit
    from newsprism.ingest.metadata import choose_outlet, outlet_mentions

    root = REPO.parent / "shared" / "data" / "polnear"
    if not (root / "metadata.tsv").is_file():
        print("../shared/data/polnear absent: PolNeAR skipped", file=sys.stderr)
        return
    rows = []
    with (root / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            for split in ("train", "dev"):
                path = root / split / "text" / f"{row['filename']}.txt"
                if path.is_file():
                    rows.append((row, path.read_text(encoding="utf-8")))
    rules: dict[str, Callable[[list[Any]], tuple[str, str] | None]] = {
        "any told X (no safeguard)": lambda ms: choose_outlet(
            [m._replace(sourced=True) for m in ms]
        ),
        "sourced teller, one mention (the rule)": choose_outlet,
        "sourced teller, two mentions (the old rule)": lambda ms: (
            choose_outlet(ms)
            if sum(m.level == min(x.level for x in ms) for m in ms) >= 2
            or not ms
            or min(m.level for m in ms) < 3
            else None
        ),
    }
    t0 = time.perf_counter()
    marked = [(row, mark_boilerplate(Article(row["filename"], "", text))) for row, text in rows]
    print(f"\n## PolNeAR ({len(marked)} articles, train + dev)\n")
    print(
        "| outlet rule | named | right | wrong | from 'told X' (right/wrong) |\n|---|---|---|---|---|"
    )
    for name, rule in rules.items():
        named = right = told_right = told_wrong = 0
        for row, art in marked:
            mentions = list(outlet_mentions(art))
            chosen = rule(mentions)
            if not chosen:
                continue
            ok = _outlet_right(row["publisher"], chosen[0])
            named += 1
            right += ok
            if min(m.level for m in mentions) == 3:
                told_right += ok
                told_wrong += not ok
        print(f"| {name} | {named} | {right} | {named - right} | {told_right}/{told_wrong} |")
    tp = fp = fn = 0
    agree = 0
    for row, art in marked:
        credit = wire_credit(art)
        truth = row["wire"] if row["wire"] not in ("None", "NA", "") else None
        if credit and truth:
            tp += 1
            agree += credit.lower() == truth.lower()
        fp += bool(credit and not truth)
        fn += bool(truth and not credit)
    print(
        f"\nwire_credit vs metadata 'wire': credited {tp + fp}, right {tp} (agency equal {agree}), "
        f"false {fp}, missed {fn}; {1000 * (time.perf_counter() - t0) / len(marked):.2f} ms an "
        "article (marking + rules)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clusters", type=int, default=250, help="Multi-News clusters to read")
    args = parser.parse_args()
    if SEEDS.is_dir():
        seeds_report(args.repeat)
    else:
        print("../shared/seeds absent: seeds skipped", file=sys.stderr)
    generated_report(200, args.repeat, with_events=True)
    generated_report(1000, 1, with_events=True)
    multinews_report(args.clusters)
    polnear_report()


if __name__ == "__main__":
    main()
