"""Disagreements and timeline dates against the annotated set, next to peers in one harness.

    .venv/bin/python benchmarks/disagreements.py [--minilm]

Annotated set: examples/annotations/*.json (the demo story, three more fictional stories, and the
seeds when ../shared/seeds is present; the seeds file holds offsets and labels only).  A regression
set: precision is over the shown disagreements, recall over what was found (shown or possible,
``score_disagreements(found_in_possible=True)``); ``found shown`` counts the gold ones shown.

Systems, all over the same parsed articles and quotes:

* ``newsprism`` — the pipeline (TF-IDF similarity, rule contradiction, hand-set confidence);
* ``newsprism fitted`` — the same with the confidence weights fitted by
  ``benchmarks/fit_disagreement_confidence.py`` (``Config(confidence="fitted")``);
* ``newsprism+minilm`` (with ``--minilm``) — the same with all-MiniLM-L6-v2 similarity;
* ``newsprism+meaning`` (with ``--minilm``) — TF-IDF similarity, and claims also paired by
  all-MiniLM-L6-v2 similarity (``Config(meaning="minilm")``);
* ``polarity-baseline`` — a peer built the common way without NLI: any two similar sentences
  (TF-IDF cosine >= 0.5) of different sources whose negation counts differ in parity;
* timeline peer ``dateparser`` — ``dateparser.search.search_dates`` per sentence with the
  article's reference date as RELATIVE_BASE (day precision, as dateparser returns datetimes).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.api import prepare  # noqa: E402
from newsprism.eval.disagreements import (  # noqa: E402
    Gold,
    input_paths,
    load_gold,
    score_disagreements,
    score_timeline,
)
from newsprism.ingest.readers import read_inputs  # noqa: E402
from newsprism.model import Briefing, Citation, Disagreement, DisagreementSide, TimelineEntry  # noqa: E402
from newsprism.pipeline import DEFAULT_STAGES, Config, Pipeline, State, to_briefing  # noqa: E402


def annotation_files() -> list[Path]:
    files = sorted((ROOT / "examples" / "annotations").glob("*.json"))
    seeds = ROOT / ".." / "shared" / "seeds"
    return [f for f in files if f.stem != "seeds" or seeds.is_dir()]


def run_state(paths: list[str], config: Config) -> State:
    read = prepare(read_inputs(paths))
    state = State(read.articles, read.dropped, read.notices)
    return Pipeline(DEFAULT_STAGES).run(state, config)


def polarity_baseline(state: State) -> tuple[Disagreement, ...]:
    from newsprism.analyze.disagreements.nli import get_similarity

    claims = state.claims or ()
    sim = get_similarity("tfidf").matrix(claims)
    out = []
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.source == b.source or sim[i, j] < 0.5 or a.polarity == b.polarity:
                continue
            sides = tuple(
                DisagreementSide(
                    None,
                    c.claim.outlet,
                    c.text,
                    (Citation(c.claim.article, c.claim.start, c.claim.end),),
                )
                for c in (a, b)
            )
            out.append((float(sim[i, j]), sides))
    out.sort(key=lambda x: -x[0])
    return tuple(
        Disagreement(f"b{r}", "", "polarity", sides, r) for r, (_, sides) in enumerate(out, 1)
    )


def dateparser_timeline(state: State) -> tuple[TimelineEntry, ...]:
    from dateparser.search import search_dates

    from newsprism.analyze.time.timeline import reference_dates

    docs = state.docs or ()
    refs = reference_dates(docs, state.events or ())
    out = []
    for doc in docs:
        ref = refs[doc.id].date
        settings: dict[str, object] = {
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
        }
        if ref:
            import datetime as dt

            settings["RELATIVE_BASE"] = dt.datetime(ref.year, ref.month, ref.day)
        for s in doc.sentences:
            text = doc.article.text[s.start : s.end]
            try:
                found = search_dates(text, languages=["en"], settings=settings) or []
            except Exception:  # dateparser raises on odd inputs
                found = []
            for _, d in found:
                out.append(
                    TimelineEntry(
                        d.date().isoformat(), "day", text, (Citation(doc.id, s.start, s.end),)
                    )
                )
    return tuple(out)


def fmt(label: str, p: float, r: float, extra: str = "") -> str:
    return f"  {label:<22} P {p:.2f}  R {r:.2f}  {extra}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minilm", action="store_true", help="also run the MiniLM similarity backend")
    args = ap.parse_args()
    systems: list[tuple[str, Config]] = [
        ("newsprism", Config()),
        ("newsprism fitted", Config(confidence="fitted")),
    ]
    if args.minilm:
        systems.append(("newsprism+minilm", Config(similarity="minilm")))
        systems.append(("newsprism+meaning", Config(meaning="minilm")))
    totals: dict[str, list[int]] = {}
    for path in annotation_files():
        print(f"== {path.stem}")
        gold: Gold | None = None
        for name, config in systems + [("polarity-baseline", Config())]:
            t0 = time.perf_counter()
            paths = input_paths(path, load_gold_inputs(path))
            state = run_state(paths, config)
            elapsed = time.perf_counter() - t0
            b = to_briefing(state)
            if gold is None:
                gold = load_gold(path, b.articles)
            if name == "polarity-baseline":
                b = dataclasses.replace(b, disagreements=polarity_baseline(state))
            ds = score_disagreements(b, gold, found_in_possible=True)
            shown = score_disagreements(b, gold)
            extra = (
                f"pred {ds.predicted} (+{len(b.possible_disagreements)} possible) gold {ds.gold}"
                f"  found shown {shown.found}  main in top 8: {ds.main_found_top}/{ds.main}"
                f"  kind ok {ds.kind_correct}/{ds.found}  {elapsed:.1f}s"
            )
            print(fmt(name, ds.precision, ds.recall, extra))
            t = totals.setdefault(name, [0, 0, 0, 0])
            t[0] += ds.correct
            t[1] += ds.predicted
            t[2] += ds.found
            t[3] += ds.gold
            if name == "newsprism":
                _timeline_lines(b, gold, state, totals)
    print("== all files (micro-averaged)")
    for name, (c, p, f, g) in totals.items():
        print(
            fmt(name, c / p if p else 0.0, f / g if g else 0.0, f"({c}/{p} correct, {f}/{g} found)")
        )


def _timeline_lines(b: Briefing, gold: Gold, state: State, totals: dict[str, list[int]]) -> None:
    ts = score_timeline(b, gold)
    print(fmt("timeline newsprism", ts.precision, ts.recall, f"judged {ts.judged} gold {ts.gold}"))
    t = totals.setdefault("timeline newsprism", [0, 0, 0, 0])
    t[0] += ts.correct
    t[1] += ts.judged
    t[2] += ts.found
    t[3] += ts.gold
    peer = dataclasses.replace(b, timeline=dateparser_timeline(state))
    ps = score_timeline(peer, gold)
    print(fmt("timeline dateparser", ps.precision, ps.recall, f"judged {ps.judged} gold {ps.gold}"))
    t = totals.setdefault("timeline dateparser", [0, 0, 0, 0])
    t[0] += ps.correct
    t[1] += ps.judged
    t[2] += ps.found
    t[3] += ps.gold


def load_gold_inputs(path: Path) -> list[str]:
    import json

    raw = json.loads(path.read_text(encoding="utf-8"))
    return list(raw.get("inputs", ["."]))


if __name__ == "__main__":
    main()
