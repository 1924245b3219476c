"""Sort every gold contradiction of the annotated real clusters by the evidence it would need.

    .venv/bin/python benchmarks/contradiction_evidence.py [--jobs 2] [--no-meaning] [--json]
        [--ceiling] [--probes] [--stages]

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

``--stages`` prints, for the gold contradictions whose sides both read a figure or a date and
that are not shown, the stage at which the pipeline lets each go
(``newsprism.eval.figure_stages``: dates only, one source, counted nouns differ, figures agree,
no shared predicate, below the similarity floor, merged away, found but not shown ...), how many
of them have their two sides in one agreement group, why the dates-only ones show no date clash,
the pairs not shown whose sides read figures of different kinds only, and where the passages no
claim holds sit (a caption or other boilerplate, outside the content sentences, across
sentences or clauses).

Reads ../shared/data/annotations/multinews-dev and ../shared/data/multinews/validation.jsonl at
run time; exits 0 with a message when they are absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.eval import contradiction_evidence as ce  # noqa: E402
from newsprism.eval import real_clusters as rc  # noqa: E402

TOP = 8


def _scored(
    folder: str, config: object, doc_of: dict[str, str], keep: bool = False
) -> tuple[list, dict]:
    """Every disagreement the pipeline finds in ``folder`` with ``config``, and what it was
    found from (``{"articles", "claims", "sim", "names", "counted"}``: the articles by id, the
    claims, their similarity by words, the speakers' names, the counts told with different
    nouns; with ``keep`` the pipeline state too, ``"state"``); ``doc_of`` is filled with each
    article's document name first."""
    from newsprism.analyze.disagreements.alignment import counted_pairs
    from newsprism.analyze.disagreements.blocks import block_similarity
    from newsprism.analyze.disagreements.nli import get_similarity
    from newsprism.api import prepare
    from newsprism.ingest.readers import read_inputs
    from newsprism.pipeline import (
        DEFAULT_STAGES,
        Pipeline,
        State,
        claim_blocks,
        scored_disagreements_of,
    )

    read = prepare(read_inputs([folder]))
    doc_of.update({a.id: Path(a.source).stem for a in read.articles})
    state = State(read.articles, read.dropped, read.notices)
    state = Pipeline([s for s in DEFAULT_STAGES if s.name != "disagreements"]).run(
        state,
        config,  # type: ignore[arg-type]
    )
    _, scored, _ = scored_disagreements_of(state, config)  # type: ignore[arg-type]
    claims = state.claims or ()
    blocks = claim_blocks(state)
    sim = block_similarity(claims, get_similarity(config.similarity), blocks)  # type: ignore[attr-defined]
    counted = []
    if config.counts_by_meaning:  # type: ignore[attr-defined]
        from newsprism.nlp.embeddings import get_backend

        counted = counted_pairs(claims, get_backend(config.counts_by_meaning).encode, blocks)  # type: ignore[attr-defined]
    names = {s.id: s.name for s in (state.quotes.speakers if state.quotes else ())}
    return scored, {
        "articles": {a.id: a for a in state.articles},
        "claims": claims,
        "sim": sim,
        "names": names,
        "counted": counted,
        "blocks": blocks,
        **({"state": state} if keep else {}),
    }


def _briefed(job: tuple[str, str, bool], keep: bool = False) -> tuple:
    """One cluster briefed with the default config: (config, its gold, ``doc_of``, every
    disagreement scored, ``_scored``'s ``got``, the ranked ones kept, the confident ones)."""
    from newsprism.analyze.disagreements import confidence as conf
    from newsprism.analyze.disagreements.detect import MAX_DISAGREEMENTS, ranked, split_confident
    from newsprism.pipeline import Config

    cid, folder, _ = job
    config = Config()
    gold = json.loads((rc.GOLD_DIR / f"{cid}.json").read_text(encoding="utf-8"))
    doc_of: dict[str, str] = {}
    scored, got = _scored(folder, config, doc_of, keep=keep)
    found = ranked(scored, MAX_DISAGREEMENTS, conf.weights_named(config.confidence))
    return config, gold, doc_of, scored, got, found, split_confident(found)[0]


def _verdicts(got: dict, config: object) -> Callable[[int, int], str]:
    """For claims ``i`` and ``j`` of one cluster (``_scored``'s ``got``): "" when they are a
    candidate pair, else why not (``detect.pair_verdict``)."""
    from newsprism.analyze.disagreements.detect import candidate_pairs, pair_verdict
    from newsprism.analyze.disagreements.nli import get_contradiction

    claims, sim, names = got["claims"], got["sim"], got["names"]
    backend = get_contradiction(config.contradiction)  # type: ignore[attr-defined]
    paired = {(i, j) for _, _, i, j in candidate_pairs(claims, sim, backend, names, got["counted"])}

    def verdict(i: int, j: int) -> str:
        if (i, j) in paired or (j, i) in paired:
            return ""
        return pair_verdict(claims[i], claims[j], sim[i, j], names)[1]

    return verdict


Row = tuple[str, str, str, str, str, bool]  # evidence, status, kind, stage, detail, cue unread


def rows_of(job: tuple[str, str, bool]) -> list[Row]:
    """Per gold contradiction of one cluster: its evidence, status, annotated kind, the stage
    where the pipeline loses it, for a denial where its sides stand (one source or two, the
    denied clause's cosine with the other side), and whether a denial word is left unread."""
    _, _, meaning = job
    config, gold, doc_of, scored, got, found, confident = _briefed(job)
    arts, claims, sim = got["articles"], got["claims"], got["sim"]
    shown = [ce.side_texts(d, arts) for d in confident[:TOP]]
    below = [ce.side_texts(d, arts) for d in confident[TOP:]]
    kept = [ce.side_texts(d, arts) for d in found]
    every = [ce.side_texts(d, arts) for _, d, _ in scored]
    verdict = _verdicts(got, config)

    encode = None
    if meaning:
        from newsprism.nlp.embeddings import get_backend

        encode = get_backend("minilm-numpy").encode
    out = []
    for raw in gold["contradictions"]:
        pair = ce.GoldPair.of(raw)
        if any(ce.matches(raw, s) for s in shown):
            status = place = "shown"
        elif any(ce.matches(raw, s) for s in every):
            status = "found"
            place = (
                "ranked below 8"
                if any(ce.matches(raw, s) for s in below)
                else "possible"
                if any(ce.matches(raw, s) for s in kept)
                else "found, beyond the 20"
            )
        else:
            status = place = "not paired"
        evidence = ce.evidence(pair, claims, doc_of, encode)
        detail = (
            _denial_detail(pair, claims, doc_of, encode, sim)
            if evidence == "denial"
            else _sources(pair, claims, doc_of)
            if evidence == "one sentence told two ways"
            else ""
        )
        out.append(
            (
                evidence,
                status,
                pair.kind,
                ce.stage(pair, claims, doc_of, verdict, place),
                detail,
                ce.cue_unread(pair, claims, doc_of),
            )
        )
    return out


def _denial_detail(
    pair: ce.GoldPair, claims: list, doc_of: dict[str, str], encode: object, sim: object
) -> str:
    """Where a denial stands against the claim it denies: one source or two, one event or not,
    the closest similarity by words (TF-IDF), and the cosine of the denied clause (the words
    after the cue) and of the whole denial with the other side's closest claim."""
    ia, ib = ce.sides_of(pair, claims, doc_of)
    deny, other = (ia, ib) if any(claims[i].account for i in ia) else (ib, ia)
    k = next(i for i in deny if claims[i].account)
    d = claims[k]
    sources = "one source" if any(claims[j].source == d.source for j in other) else "two sources"
    events = {claims[j].claim.event for j in other}
    sources += ", one event" if d.claim.event and d.claim.event in events else ", no event shared"
    words = max(float(sim[k, j]) for j in other)  # type: ignore[index]
    sources += ", words " + ("< 0.1" if words < 0.1 else "0.1-0.2" if words < 0.2 else ">= 0.2")
    if encode is None:
        return sources
    va = encode([d.disputed or d.text, d.text])  # type: ignore[operator]
    vb = encode([claims[j].text for j in other])  # type: ignore[operator]
    cos = va @ vb.T
    return (
        f"{sources}, denied clause {ce.band(float(cos[0].max()))}, "
        f"whole claim {ce.band(float(cos[1].max()))}"
    )


def _sources(pair: ce.GoldPair, claims: list, doc_of: dict[str, str]) -> str:
    """Whether the two sides of ``pair`` come from one independent source (versions or copies
    of one article) or two."""
    ia, ib = ce.sides_of(pair, claims, doc_of)
    one = any(claims[i].source == claims[j].source for i in ia for j in ib)
    return "one source" if one else "two sources"


def probes_of(job: tuple[str, str, bool]) -> dict[str, int]:
    """For each way of pairing the pipeline does not use (``ce.PROBES``), in one cluster: the
    pairs it adds, those that are a gold contradiction or a known look-alike, and the gold
    contradictions it reaches that the default briefing does not find."""
    from newsprism.nlp.embeddings import get_backend
    from newsprism.pipeline import Config

    cid, folder, _ = job
    gold = json.loads((rc.GOLD_DIR / f"{cid}.json").read_text(encoding="utf-8"))
    doc_of: dict[str, str] = {}
    scored, got = _scored(folder, Config(), doc_of)
    arts, claims = got["articles"], got["claims"]
    every = [ce.side_texts(d, arts) for _, d, _ in scored]
    found = [g for g in gold["contradictions"] if any(ce.matches(g, s) for s in every)]
    alike = gold.get("not_contradictions", [])
    out: dict[str, int] = {}
    probes = ce.probe_pairs(claims, get_backend("minilm-numpy").encode, got["blocks"])
    for name, pairs in probes.items():
        sides = [[claims[i].text.lower(), claims[j].text.lower()] for i, j in pairs]
        hit = [g for g in gold["contradictions"] if any(ce.matches(g, s) for s in sides)]
        out[f"{name}|pairs"] = len(pairs)
        out[f"{name}|gold pairs"] = sum(
            any(ce.matches(g, s) for g in gold["contradictions"]) for s in sides
        )
        out[f"{name}|look-alikes"] = sum(any(ce.matches(g, s) for g in alike) for s in sides)
        out[f"{name}|new gold"] = sum(g not in found for g in hit)
    return out


def _print_probes(halves: dict[str, list[str]], counts: dict[str, dict[str, int]]) -> int:
    cols = ("pairs", "gold pairs", "look-alikes", "new gold")
    print("| pairing not used | half | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    for name in ce.PROBES:
        for h, ids in halves.items():
            cells = [str(sum(counts[c][f"{name}|{k}"] for c in ids)) for k in cols]
            print(f"| {name} | {h} | " + " | ".join(cells) + " |")
    return 0


def stages_of(job: tuple[str, str, bool]) -> list[tuple[str, str, bool]]:
    """For one cluster, (what, stage, sides in one agreement group) of every figure-or-date
    gold contradiction not shown (``what`` = ``figure``; ``date`` for why a dates-only one
    shows no date clash), (``kinds``, the two sides' kinds, False) of every other one not shown
    whose sides read figures of different kinds only, and (``no claim``, place, False) of every
    passage no claim holds."""
    from newsprism.analyze.disagreements.agreement import group_claims
    from newsprism.eval import figure_stages as fs

    config, gold, doc_of, scored, got, _, confident = _briefed(job, keep=True)
    state, arts, claims, sim = got["state"], got["articles"], got["claims"], got["sim"]
    shown = [ce.side_texts(d, arts) for d in confident[:TOP]]
    every = [ce.side_texts(d, arts) for _, d, _ in scored]
    groups = group_claims(claims, sim, state.relations.independent)
    group_of = {c: g.id for g in groups for c in g.claims}
    counted = {(p.i, p.j) for p in got["counted"]} | {(p.j, p.i) for p in got["counted"]}
    verdict = _verdicts(got, config)
    by_doc = {doc_of[a]: arts[a] for a in arts}
    sentences = {d.article.id: [(s.start, s.end) for s in d.sentences] for d in state.docs}

    out: list[tuple[str, str, bool]] = []
    for raw in gold["contradictions"]:
        pair = ce.GoldPair.of(raw)
        ia, ib = ce.sides_of(pair, claims, doc_of)
        if not ia or not ib:
            for text, doc, held in ((pair.a, pair.a_doc, ia), (pair.b, pair.b_doc, ib)):
                if not held:
                    art = by_doc.get(doc)
                    sents = sentences.get(art.id, []) if art else []
                    out.append(("no claim", fs.passage_place(text, art, sents, claims), False))
            continue
        if any(ce.matches(raw, s) for s in shown):
            continue
        if ce.evidence(pair, claims, doc_of) != "figures or dates":
            kinds = fs.kinds_apart([claims[i] for i in ia], [claims[j] for j in ib])
            if kinds:
                out.append(("kinds", kinds, False))
            continue
        together = any(fs.in_one_group(claims[i], claims[j], group_of) for i in ia for j in ib)
        if any(ce.matches(raw, s) for s in every):
            out.append(("figure", "found, not shown", together))
            continue
        reached = [
            fs.pair_stage(claims[i], claims[j], verdict(i, j), (i, j) in counted)
            for i in ia
            for j in ib
            if i != j
        ]
        stage = fs.furthest(reached)
        out.append(("figure", stage, together))
        if stage == "dates only":
            line = state.timeline or ()
            dated_a = [e for i in ia for e in fs.citing(line, claims[i])]
            dated_b = [e for j in ib for e in fs.citing(line, claims[j])]
            out.append(("date", fs.date_stage(dated_a, dated_b), False))
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


def table(rows: list[Row]) -> ce.Table:
    t = ce.Table.empty()
    for evidence, status, kind, *_ in rows:
        t.add(evidence, status, kind)
    return t


def stages_markdown(name: str, rows: list[Row]) -> str:
    """Where the pipeline loses each gold contradiction (``ce.STAGES``) by evidence: every
    stage any pair reaches is a column; then where the denials stand, and how many pairs
    carry a denial word the claims do not read as an account cue."""
    count = Counter((r[0], r[3]) for r in rows)
    cols = [st for st in ce.STAGES if any(count[c, st] for c in ce.CLASSES)]
    lines = [
        f"{name}: the stage where each gold contradiction is lost",
        "",
        "| evidence | " + " | ".join(cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for c in ce.CLASSES:
        if any(count[c, st] for st in cols):
            lines.append(f"| {c} | " + " | ".join(str(count[c, st]) for st in cols) + " |")
    denials = Counter(f"{r[3]}: {r[4]}" for r in rows if r[0] == "denial")
    lines += ["", "denials (stage: sources, denied clause against the other side):"]
    lines += [f"- {k}: {n}" for k, n in sorted(denials.items())]
    aligned = Counter(f"{r[3]}: {r[4]}" for r in rows if r[0] == "one sentence told two ways")
    lines += ["", "one sentence told two ways (stage: sources):"]
    lines += [f"- {k}: {n}" for k, n in sorted(aligned.items())]
    unread = Counter(r[0] for r in rows if r[5] and r[0] != "denial")
    lines.append(
        "a denial word on a side, no account cue read: "
        + (", ".join(f"{c} {unread[c]}" for c in ce.CLASSES if unread[c]) or "none")
    )
    return "\n".join(lines)


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
        "--stages",
        action="store_true",
        help="where the unshown figure or date clashes are lost, and where unheld passages sit",
    )
    ap.add_argument(
        "--ceiling",
        action="store_true",
        help="plug in a perfect contradiction model (the gold itself) and print the top 8",
    )
    ap.add_argument(
        "--probes",
        action="store_true",
        help="count the pairs ways of pairing the pipeline does not use would add",
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
            if args.probes:
                counts = dict(zip([j[0] for j in jobs], pool.map(probes_of, jobs), strict=True))
                return _print_probes(halves, counts)
            if args.stages:
                per_stage = dict(zip([j[0] for j in jobs], pool.map(stages_of, jobs), strict=True))
                return _print_stages(halves, per_stage)
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
    for h, ids in halves.items():
        print(stages_markdown(h, [r for cid in ids for r in per[cid]]))
        print()
    return 0


def _print_stages(halves: dict[str, list[str]], per: dict[str, list]) -> int:
    from newsprism.eval import figure_stages as fs

    rows = {h: [r for cid in ids for r in per[cid]] for h, ids in halves.items()}
    names = list(halves)

    def line(label: str, what: str, value: str) -> None:
        cells = [sum(1 for w, s, _ in rows[h] if w == what and s == value) for h in names]
        print(f"| {label} | " + " | ".join(str(c) for c in cells) + " |")

    print("| where a figure or date clash not shown is lost | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for stage in fs.STAGES:
        line(stage, "figure", stage)
    together = [sum(1 for w, _, g in rows[h] if w == "figure" and g) for h in names]
    print("| (of these, sides in one agreement group) | " + " | ".join(map(str, together)) + " |")
    for stage in fs.DATE_STAGES:
        line(f"dates only: {stage}", "date", stage)
    print()
    print("| figures of different kinds on the two sides, not shown | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for kinds in sorted({s for h in names for w, s, _ in rows[h] if w == "kinds"}):
        line(kinds, "kinds", kinds)
    print()
    print("| where a passage no claim holds sits | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for place in fs.PLACES:
        line(place, "no claim", place)
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
