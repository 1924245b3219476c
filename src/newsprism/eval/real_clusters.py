"""The real-news harness: brief the hand-annotated Multi-News dev clusters and score them.

The gold (``../shared/data/annotations/multinews-dev/<id>.json``), the articles
(``../shared/data/multinews/validation.jsonl``) and the scorer (``../shared/eval/score_clusters.py``)
are third-party or shared tooling: they are read from ``../shared`` at run time, never copied here.

The 16 clusters are split in two halves by sorted id: the first 8 to tune on, the last 8 to
confirm.  A change that helps the tuning half and hurts the confirming half is a fit, not a fix.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from newsprism.pipeline import Config

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", REPO.parent / "shared"))
GOLD_DIR = SHARED / "data" / "annotations" / "multinews-dev"
MULTINEWS = SHARED / "data" / "multinews" / "validation.jsonl"
SCORER = SHARED / "eval" / "score_clusters.py"

# The measures of score_clusters.py, in the order the issues list them, with their targets.
MEASURES: tuple[tuple[str, str, float | None], ...] = (
    ("quotes_found", "gold quotes found", None),
    ("quotes_speaker", "gold quotes with the right speaker", 0.85),
    ("shared_grouped", "shared quotes joined in one group", 0.80),
    ("contra_R", "gold contradictions in the top 8 (recall)", 0.35),
    ("contra_P", "top-8 disagreements that are gold (precision)", 0.60),
    ("false_alarm", "top-8 disagreements that are known look-alikes (share)", 0.0),
    ("time_R", "gold timeline dates found (recall)", 0.75),
    ("time_P", "timeline dates that match a gold date (precision)", 0.85),
    ("group_P", "cross-outlet quote-group joins the gold confirms (precision)", None),
    ("summary_wording", "summary quotes worded as most outlets word them", None),
    ("headings_ok", "disagreement headings that pass the grammar check", None),
)


def available() -> bool:
    """True when the gold, the articles and the scorer are all present in ../shared."""
    return GOLD_DIR.is_dir() and MULTINEWS.is_file() and SCORER.is_file()


def cluster_ids(gold_dir: Path = GOLD_DIR) -> list[str]:
    """Annotated cluster ids in sorted (string) order."""
    return sorted(p.stem for p in gold_dir.glob("*.json"))


def halves(ids: Sequence[str]) -> dict[str, list[str]]:
    """``tuning``: the first half of the sorted ids; ``confirming``: the rest."""
    ids = sorted(ids)
    mid = len(ids) // 2
    return {"tuning": ids[:mid], "confirming": ids[mid:]}


def write_clusters(ids: Iterable[str], out: Path, jsonl: Path = MULTINEWS) -> dict[str, Path]:
    """Write ``out/<id>/doc<k>.txt`` for each wanted cluster, exactly as in the JSONL (read as a
    stream, one line at a time).  Returns the folder of each cluster."""
    wanted = set(ids)
    dirs: dict[str, Path] = {}
    with jsonl.open(encoding="utf-8", newline="\n") as f:
        for line in f:
            if not wanted - set(dirs):
                break
            row = json.loads(line)
            if row["id"] not in wanted:
                continue
            d = out / row["id"]
            d.mkdir(parents=True, exist_ok=True)
            for k, doc in enumerate(row["documents"]):
                (d / f"doc{k}.txt").write_text(doc, encoding="utf-8", newline="")
            dirs[row["id"]] = d
    missing = wanted - set(dirs)
    if missing:
        raise FileNotFoundError(f"clusters not in {jsonl}: {sorted(missing)}")
    return dirs


def _brief_one(job: tuple[str, str, str, Config | None]) -> tuple[str, float, str | None]:
    """Brief one folder as ``newsprism brief DIR --format json`` does (with ``config``, else the
    defaults); returns (id, seconds, error)."""
    from newsprism.api import brief
    from newsprism.render import write_briefing

    cid, src, dst, config = job
    t0 = time.perf_counter()
    try:
        b = brief([src], config)
        write_briefing(b, Path(dst), ["json"])
    except Exception as exc:  # a failure is reported and scored as a missing briefing
        return cid, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return cid, time.perf_counter() - t0, None


def brief_clusters(
    dirs: dict[str, Path], briefs_root: Path, jobs: int = 1, config: Config | None = None
) -> dict[str, tuple[float, str | None]]:
    """Brief every cluster folder into ``briefs_root/<id>/briefing.json`` (``config``: the
    pipeline's options, default ``Config()``)."""
    todo = [(cid, str(d), str(briefs_root / cid), config) for cid, d in sorted(dirs.items())]
    if jobs <= 1:
        results = [_brief_one(j) for j in todo]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_brief_one, todo))
    return {cid: (secs, err) for cid, secs, err in results}


def load_scorer(path: Path = SCORER) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_clusters", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(
    ids: Sequence[str],
    briefs_root: Path,
    *,
    gold_dir: Path = GOLD_DIR,
    verbose: bool = False,
    scorer: ModuleType | None = None,
) -> dict[str, Any]:
    """Score the briefings of ``ids`` with ``score_clusters.score`` (a folder of links to their
    gold files, so the scorer sees only these clusters).  ``false_alarm`` is the share of the
    top-8 disagreements that match a known look-alike; its count is in ``counts['dfa']``."""
    scorer = scorer or load_scorer()
    with tempfile.TemporaryDirectory(prefix="np-gold-") as tmp:
        for cid in ids:
            os.symlink(gold_dir / f"{cid}.json", Path(tmp) / f"{cid}.json")
        result: dict[str, Any] = scorer.score(tmp, str(briefs_root), verbose=verbose)
    confirmed, joins = 0, 0
    for cid in ids:
        path = briefs_root / cid / "briefing.json"
        if path.is_file():
            gold = json.loads((gold_dir / f"{cid}.json").read_text("utf-8"))
            briefing = json.loads(path.read_text("utf-8"))
            c, n = group_joins(gold, briefing, verbose=verbose, cid=cid)
            confirmed, joins = confirmed + c, joins + n
    result["counts"].update(gjc=confirmed, gj=joins)
    result["group_P"] = round(confirmed / joins, 3) if joins else None
    shared, reworded = 0, 0
    for cid in ids:
        path = briefs_root / cid / "briefing.json"
        if path.is_file():
            m, n = summary_wording(json.loads(path.read_text("utf-8")), verbose=verbose, cid=cid)
            shared, reworded = shared + m, reworded + n
    result["counts"].update(swm=shared, sw=reworded)
    result["summary_wording"] = round(shared / reworded, 3) if reworded else None
    topics = []
    for cid in ids:
        path = briefs_root / cid / "briefing.json"
        if path.is_file():
            topics += headings(json.loads(path.read_text("utf-8")))
    ok = len(topics) - headings_flagged(topics)
    result["counts"].update(hok=ok, hh=len(topics))
    result["headings_ok"] = round(ok / len(topics), 3) if topics else None
    return result


def headings(briefing: dict[str, Any]) -> list[str]:
    """Every disagreement heading of a briefing (shown and possible)."""
    kinds = ("disagreements", "possible_disagreements")
    return [d["topic"] for k in kinds for d in briefing.get(k, ())]


def headings_flagged(topics: Sequence[str]) -> int:
    """How many of ``topics`` the grammar check (``eval/headings.py``) flags."""
    from newsprism.eval.headings import heading_problems
    from newsprism.nlp.annotate import load_nlp

    nlp = load_nlp()
    return sum(bool(heading_problems(t, nlp)) for t in topics)


def _wording(mine: str, other: str) -> str | None:
    """``agree`` when one normalised quote holds the other word for word, ``differ`` when they
    align on most words but not all (a reworded quote), None when they are other pieces of one
    statement."""
    import difflib

    if f" {mine} " in f" {other} " or f" {other} " in f" {mine} ":
        return "agree"
    short, long_ = sorted((mine.split(), other.split()), key=len)
    matcher = difflib.SequenceMatcher(a=short, b=long_, autojunk=False)
    aligned = sum(b.size for b in matcher.get_matching_blocks())
    return "differ" if aligned >= 0.6 * len(short) else None


def summary_wording(
    briefing: dict[str, Any], *, verbose: bool = False, cid: str = ""
) -> tuple[int, int]:
    """Summary quotes in the wording most outlets share: (items worded as most outlets word the
    quote, items quoting a quote that outlets word differently).  An item counts for each quote
    of a quote group inside its first citation when another article words that quote
    differently; each other article votes once, ``agree`` if one of its occurrences holds the
    item's words (or is held by them), else ``differ``; the item's wording is the most shared
    when its article and the agreeing ones are at least as many as the differing ones."""
    from newsprism.analyze.quotes.groups import normalise

    quotes = {q["id"]: q for q in briefing.get("quotes", [])}
    group_of = {
        o["quote"]: g for g in briefing.get("quote_groups", []) for o in g.get("occurrences", [])
    }
    shared = reworded = 0
    for item in briefing.get("summary", []):
        cite = item["citations"][0]
        for q in quotes.values():
            inside = cite["start"] <= q["start"] and q["end"] <= cite["end"]
            if q["article"] != cite["article"] or not inside or q["id"] not in group_of:
                continue
            mine = normalise(q.get("text", ""))
            votes: dict[str, str] = {}
            for o in group_of[q["id"]]["occurrences"]:
                other = quotes.get(o["quote"])
                if other is None or other["article"] == q["article"]:
                    continue
                vote = _wording(mine, normalise(other.get("text", "")))
                if vote is not None and votes.get(other["article"]) != "agree":
                    votes[other["article"]] = vote
            differ = sum(v == "differ" for v in votes.values())
            if not differ:
                continue
            reworded += 1
            ok = 1 + sum(v == "agree" for v in votes.values()) >= differ
            shared += ok
            if verbose and not ok:
                print(f"  [{cid}] summary quotes a minority wording: {q.get('text', '')[:60]!r}")
    return shared, reworded


def group_joins(
    gold: dict[str, Any], briefing: dict[str, Any], *, verbose: bool = False, cid: str = ""
) -> tuple[int, int]:
    """Quote-group precision: (joins the gold confirms, joins).  A join is a pair of documents
    that one quote group holds occurrences of; the gold confirms it when one gold quote or shared
    quote lists both documents and matches an occurrence of each (the scorer's test: rapidfuzz
    ``partial_ratio`` >= 80).  A lower bound: the gold may miss a quote two outlets share."""
    from rapidfuzz import fuzz

    doc_of = {a["id"]: Path(str(a.get("source", ""))).stem for a in briefing.get("articles", [])}
    texts = {
        q["id"]: (doc_of.get(q["article"]), q.get("text", "").lower())
        for q in briefing.get("quotes", [])
    }
    entries = [
        (e["text"].lower(), set(e.get("docs", ())))
        for e in [*gold.get("quotes", []), *gold.get("shared_quotes", [])]
    ]
    confirmed = joins = 0
    for group in briefing.get("quote_groups", []):
        by_doc: dict[str | None, list[str]] = {}
        for o in group.get("occurrences", []):
            if o["quote"] in texts:
                doc, text = texts[o["quote"]]
                by_doc.setdefault(doc, []).append(text)
        docs = sorted(by_doc, key=str)
        for k, da in enumerate(docs):
            for db in docs[k + 1 :]:
                joins += 1
                ok = any(
                    {da, db} <= gdocs
                    and any(fuzz.partial_ratio(text, t) >= 80 for t in by_doc[da])
                    and any(fuzz.partial_ratio(text, t) >= 80 for t in by_doc[db])
                    for text, gdocs in entries
                )
                confirmed += ok
                if verbose and not ok:
                    print(f"  [{cid}] quote-group join not in gold: {group.get('text', '')[:60]!r}")
    return confirmed, joins


@dataclass(frozen=True)
class SeedsScore:
    """The seeds against ``examples/annotations/seeds.json`` (offsets and labels only)."""

    main_top8: int  # main contradictions matched by a top-8 item
    mains: int
    split_top8: int  # top-8 items that match a main contradiction another top-8 item matched
    disagreement_precision: float
    disagreement_recall: float
    timeline_found: int
    timeline_gold: int
    timeline_precision: float
    headings: int = 0  # disagreement headings (shown and possible)
    headings_flagged: int = 0  # of them, flagged by the grammar check (eval/headings.py)


def score_seeds(
    seeds_dir: Path, annotation: Path | None = None, config: Config | None = None
) -> SeedsScore:
    from newsprism.api import brief
    from newsprism.eval.disagreements import load_gold, matches, score_disagreements, score_timeline

    annotation = annotation or REPO / "examples" / "annotations" / "seeds.json"
    b = brief([str(seeds_dir)], config)
    gold = load_gold(annotation, b.articles)
    d = score_disagreements(b, gold, top=8)
    t = score_timeline(b, gold)
    top = sorted(b.disagreements, key=lambda x: x.rank)[:8]
    seen: set[str] = set()
    split = 0
    for p in top:
        hit = [g.id for g in gold.disagreements if g.main and matches(p, g)]
        split += any(h in seen for h in hit)
        seen.update(hit)
    topics = [x.topic for x in (*b.disagreements, *b.possible_disagreements)]
    return SeedsScore(
        d.main_found_top,
        d.main,
        split,
        d.precision,
        d.recall,
        t.found,
        t.gold,
        t.precision,
        len(topics),
        headings_flagged(topics),
    )
