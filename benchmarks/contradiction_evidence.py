"""Sort every gold contradiction of the annotated real clusters by the evidence it would need.

    .venv/bin/python benchmarks/contradiction_evidence.py [--jobs 2] [--no-meaning] [--json]
        [--ceiling]

For each half (tuning: the first 8 ids, confirming: the last 8) a table of the gold
contradictions by evidence (``newsprism.eval.contradiction_evidence``: figures or dates, an
explicit denial, attribution or role, one sentence told two ways, entailment) and by where the
default briefing leaves them (shown in the top 8, found but not shown there, not paired), with
the annotators' kinds of each class.  Counts only, for both halves: no passage is printed, so
the confirming half is counted without being read.  ``--no-meaning`` skips the sentence
embeddings (the last two classes are then one).

``--ceiling`` plugs the gold itself in as the contradiction backend (a perfect model, an upper
bound) with claims also paired by meaning (``--no-meaning``: by words only) and prints the
top-8 gold contradictions of each half, with the backend's certainty in the confidence
(``Evidence.model``) and left out of it.

Reads ../shared/data/annotations/multinews-dev and ../shared/data/multinews/validation.jsonl at
run time; exits 0 with a message when they are absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.eval import contradiction_evidence as ce  # noqa: E402
from newsprism.eval import real_clusters as rc  # noqa: E402

TOP = 8


def _scored(folder: str, config: object, doc_of: dict[str, str]) -> tuple[list, dict]:
    """Every disagreement the pipeline finds in ``folder`` with ``config``, and its articles by
    id and claims (``{"articles": ..., "claims": ...}``); ``doc_of`` is filled with each
    article's document name first."""
    from newsprism.api import prepare
    from newsprism.ingest.readers import read_inputs
    from newsprism.pipeline import DEFAULT_STAGES, Pipeline, State, scored_disagreements_of

    read = prepare(read_inputs([folder]))
    doc_of.update({a.id: Path(a.source).stem for a in read.articles})
    state = State(read.articles, read.dropped, read.notices)
    state = Pipeline([s for s in DEFAULT_STAGES if s.name != "disagreements"]).run(
        state,
        config,  # type: ignore[arg-type]
    )
    _, scored, _ = scored_disagreements_of(state, config)  # type: ignore[arg-type]
    return scored, {"articles": {a.id: a for a in state.articles}, "claims": state.claims or ()}


def rows_of(job: tuple[str, str, bool]) -> list[tuple[str, str, str]]:
    """(evidence, status, gold kind) of every gold contradiction of one cluster."""
    from newsprism.analyze.disagreements import confidence as conf
    from newsprism.analyze.disagreements.detect import MAX_DISAGREEMENTS, ranked, split_confident
    from newsprism.pipeline import Config

    cid, folder, meaning = job
    config = Config()
    gold = json.loads((rc.GOLD_DIR / f"{cid}.json").read_text(encoding="utf-8"))
    doc_of: dict[str, str] = {}
    scored, got = _scored(folder, config, doc_of)
    arts = got["articles"]
    found = ranked(scored, MAX_DISAGREEMENTS, conf.weights_named(config.confidence))
    shown = [ce.side_texts(d, arts) for d in split_confident(found)[0][:TOP]]
    every = [ce.side_texts(d, arts) for _, d, _ in scored]
    encode = None
    if meaning:
        from newsprism.nlp.embeddings import get_backend

        encode = get_backend("minilm-numpy").encode
    out = []
    for raw in gold["contradictions"]:
        pair = ce.GoldPair.of(raw)
        if any(ce.matches(raw, s) for s in shown):
            status = "shown"
        elif any(ce.matches(raw, s) for s in every):
            status = "found"
        else:
            status = "not paired"
        out.append((ce.evidence(pair, got["claims"], doc_of, encode), status, pair.kind))
    return out


class GoldBackend:
    """A perfect contradiction model for one cluster: 1 for a pair of claims holding the two
    passages of one of its gold contradictions, else 0 (an upper bound, never shipped)."""

    name = "gold"

    def __init__(self, gold: dict, doc_of: dict[str, str]) -> None:
        self.pairs = [ce.GoldPair.of(raw) for raw in gold["contradictions"]]
        self.doc_of = doc_of

    def _holds(self, c: object, text: str, doc: str) -> bool:
        from rapidfuzz import fuzz

        claim = c.claim  # type: ignore[attr-defined]
        low = c.text.lower()  # type: ignore[attr-defined]
        return self.doc_of.get(claim.article) == doc and fuzz.partial_ratio(text.lower(), low) >= 80

    def scores(self, pairs: list) -> list[float]:
        out = []
        for x, y in pairs:
            hit = any(
                (self._holds(x, p.a, p.a_doc) and self._holds(y, p.b, p.b_doc))
                or (self._holds(y, p.a, p.a_doc) and self._holds(x, p.b, p.b_doc))
                for p in self.pairs
            )
            out.append(1.0 if hit else 0.0)
        return out


def ceiling_of(job: tuple[str, str, bool]) -> dict[str, int]:
    """Top-8 counts of one cluster with the perfect model plugged in, claims also paired by
    meaning: gold contradictions shown, items shown, items that are gold; with the hand-set
    weights (``model`` = 3) and with ``model`` = 0 (a backend's score not in the confidence)."""
    from newsprism.analyze.disagreements import confidence as conf
    from newsprism.analyze.disagreements.detect import MAX_DISAGREEMENTS, ranked, split_confident
    from newsprism.analyze.disagreements.nli import register_contradiction
    from newsprism.pipeline import Config

    cid, folder, meaning = job
    gold = json.loads((rc.GOLD_DIR / f"{cid}.json").read_text(encoding="utf-8"))
    doc_of: dict[str, str] = {}  # filled before the backend is asked
    register_contradiction("gold", lambda: GoldBackend(gold, doc_of))
    config = Config(contradiction="gold", meaning="minilm-numpy" if meaning else "")
    scored, got = _scored(folder, config, doc_of)
    arts = got["articles"]
    out: dict[str, int] = {"gold": len(gold["contradictions"])}
    weights = conf.weights_named("hand-set")
    for label, w in (("model", weights), ("no model", {**weights, "model": 0.0})):
        shown = split_confident(ranked(scored, MAX_DISAGREEMENTS, w))[0][:TOP]
        sides = [ce.side_texts(d, arts) for d in shown]
        out[f"{label}: gold shown"] = sum(
            any(ce.matches(g, s) for s in sides) for g in gold["contradictions"]
        )
        out[f"{label}: shown"] = len(sides)
        out[f"{label}: real"] = sum(
            any(ce.matches(g, s) for g in gold["contradictions"]) for s in sides
        )
    return out


def table(rows: list[tuple[str, str, str]]) -> ce.Table:
    t = ce.Table.empty()
    for evidence, status, kind in rows:
        t.add(evidence, status, kind)
    return t


def markdown(name: str, t: ce.Table) -> str:
    lines = [
        f"{name}: {t.total()} gold contradictions, {t.total(status='shown')} shown in the top {TOP}",
        "",
        "| evidence it would need | gold pairs | shown | found, not shown | not paired | "
        "annotated kinds |",
        "|---|---|---|---|---|---|",
    ]
    for c in ce.CLASSES:
        kinds = ", ".join(f"{k} {n}" for k, n in t.kinds[c].most_common())
        cells = [str(t.total(c, s)) for s in ce.STATUSES]
        lines.append(f"| {c} | {t.total(c)} | {' | '.join(cells)} | {kinds or '—'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    ap.add_argument("--no-meaning", action="store_true", help="no sentence embeddings")
    ap.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    ap.add_argument(
        "--ceiling",
        action="store_true",
        help="plug in a perfect contradiction model (the gold itself) and print the top 8",
    )
    args = ap.parse_args(argv)
    if not rc.available():
        print(f"skipped: the annotated clusters are not in {rc.SHARED}")
        return 0
    halves = rc.halves(rc.cluster_ids())
    with tempfile.TemporaryDirectory(prefix="np-evidence-") as tmp:
        dirs = rc.write_clusters([c for ids in halves.values() for c in ids], Path(tmp))
        jobs = [(cid, str(d), not args.no_meaning) for cid, d in sorted(dirs.items())]
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            if args.ceiling:
                counts = dict(zip([j[0] for j in jobs], pool.map(ceiling_of, jobs), strict=True))
                return _print_ceiling(halves, counts)
            per = dict(zip([j[0] for j in jobs], pool.map(rows_of, jobs), strict=True))
    tables = {h: table([r for cid in ids for r in per[cid]]) for h, ids in halves.items()}
    if args.json:
        print(
            json.dumps(
                {
                    h: {f"{e}|{s}": n for (e, s), n in sorted(t.counts.items())}
                    for h, t in tables.items()
                }
            )
        )
        return 0
    for h, t in tables.items():
        print(markdown(h, t))
        print()
    return 0


def _print_ceiling(halves: dict[str, list[str]], counts: dict[str, dict[str, int]]) -> int:
    print("| a perfect contradiction model plugged in | half | gold in the top 8 | shown | gold |")
    print("|---|---|---|---|---|")
    for label in ("no model", "model"):
        for h, ids in halves.items():
            tot = {k: sum(counts[c][k] for c in ids) for k in counts[ids[0]]}
            hit, n, real = (tot[f"{label}: {k}"] for k in ("gold shown", "shown", "real"))
            name = "its score in the confidence" if label == "model" else "its score left out"
            print(f"| {name} | {h} | {hit}/{tot['gold']} | {n} | {real} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
