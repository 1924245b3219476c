"""Scoring disagreements and timeline dates against annotation files.

An annotation file (JSON) names its inputs and lists gold disagreements and timeline entries.
Spans are ``{"file", "start", "end"}`` (character offsets into the article as read; the only form
allowed for third-party text such as ../shared/seeds) or ``{"file", "text"}`` for the project's own
fictional stories (every occurrence of ``text`` in the file counts)::

    {"name": "...", "inputs": ["."],
     "disagreements": [{"id": "...", "kind": "evaluation", "main": true,
                        "sides": [[SPAN, ...], [SPAN, ...]]}],
     "timeline": [{"date": "2026-03-03", "precision": "day", "future": false,
                   "spans": [SPAN, ...]}]}

A predicted disagreement **matches** a gold one when every gold side is cited by a different
predicted side (a citation overlapping one of the side's spans).  Precision is the share of
predicted disagreements that match some gold one; recall the share of gold ones matched.  A
predicted timeline entry is **judged** when it cites a gold entry's span, and **correct** when its
date (and precision) is that entry's; a gold entry is **found** when a predicted entry citing it is
correct.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.model import Article, Briefing, Citation, Disagreement

GoldSpan = tuple[str, int, int]  # (article id, start, end)


@dataclass(frozen=True)
class GoldDisagreement:
    id: str
    kind: str
    main: bool
    sides: tuple[tuple[GoldSpan, ...], ...]


@dataclass(frozen=True)
class GoldEntry:
    date: str
    precision: str
    future: bool
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True)
class Gold:
    name: str
    inputs: tuple[str, ...]
    disagreements: tuple[GoldDisagreement, ...]
    timeline: tuple[GoldEntry, ...]


def _spans(
    raw: Sequence[dict[str, Any]], texts: dict[str, str], where: str
) -> tuple[GoldSpan, ...]:
    out: list[GoldSpan] = []
    for s in raw:
        art = Path(s["file"]).stem
        if "text" in s:
            body = texts.get(art)
            if body is None:
                raise ValueError(f"{where}: unknown file {s['file']}")
            at = body.find(s["text"])
            if at < 0:
                raise ValueError(f"{where}: {s['text']!r} not found in {s['file']}")
            while at >= 0:
                out.append((art, at, at + len(s["text"])))
                at = body.find(s["text"], at + 1)
        else:
            out.append((art, int(s["start"]), int(s["end"])))
    return tuple(out)


def load_gold(path: Path, articles: Sequence[Article]) -> Gold:
    """Read an annotation file; text spans are found in ``articles`` (read from its inputs)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    texts = {a.id: a.text for a in articles}
    dis = tuple(
        GoldDisagreement(
            d["id"],
            d["kind"],
            bool(d.get("main", False)),
            tuple(_spans(side, texts, d["id"]) for side in d["sides"]),
        )
        for d in raw.get("disagreements", [])
    )
    tl = tuple(
        GoldEntry(
            t["date"],
            t["precision"],
            bool(t.get("future", False)),
            _spans(t["spans"], texts, t["date"]),
        )
        for t in raw.get("timeline", [])
    )
    return Gold(raw["name"], tuple(raw.get("inputs", ["."])), dis, tl)


def input_paths(path: Path, gold_inputs: Sequence[str]) -> list[str]:
    return [str((path.parent / p).resolve()) for p in gold_inputs]


def _cites(citations: Sequence[Citation], spans: Sequence[GoldSpan]) -> bool:
    return any(c.article == a and c.start < e and s < c.end for c in citations for a, s, e in spans)


def matches(pred: Disagreement, gold: GoldDisagreement) -> bool:
    """Every gold side cited by a different predicted side (bipartite, small: brute force)."""
    options = [
        {i for i, side in enumerate(pred.sides) if _cites(side.citations, g)} for g in gold.sides
    ]

    def assign(k: int, used: frozenset[int]) -> bool:
        if k == len(options):
            return True
        return any(assign(k + 1, used | {i}) for i in options[k] - used)

    return assign(0, frozenset())


@dataclass(frozen=True)
class DisagreementScore:
    predicted: int
    correct: int  # predicted that match some gold
    gold: int
    found: int  # gold matched by some predicted
    main: int
    main_found_top: int  # main gold matched within the top ``top`` predictions
    kind_correct: int  # matched pairs whose kind equals the gold kind

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def score_disagreements(
    b: Briefing, gold: Gold, top: int = 8, *, found_in_possible: bool = False
) -> DisagreementScore:
    """Precision and the main ones in the top ``top`` over the shown disagreements; recall over
    the shown ones, or with ``found_in_possible`` over the shown and the possible ones (what the
    detector found, whether or not it is sure enough to show it)."""
    preds = sorted(b.disagreements, key=lambda d: d.rank)
    correct = sum(1 for p in preds if any(matches(p, g) for g in gold.disagreements))
    pool = preds + list(b.possible_disagreements) if found_in_possible else preds
    found = 0
    main_top = 0
    kind_ok = 0
    for g in gold.disagreements:
        hits = [p for p in pool if matches(p, g)]
        if hits:
            found += 1
            kind_ok += hits[0].kind == g.kind
        if g.main and any(matches(p, g) for p in preds[:top]):
            main_top += 1
    mains = sum(1 for g in gold.disagreements if g.main)
    return DisagreementScore(
        len(preds), correct, len(gold.disagreements), found, mains, main_top, kind_ok
    )


@dataclass(frozen=True)
class TimelineScore:
    judged: int
    correct: int
    gold: int
    found: int

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def score_timeline(b: Briefing, gold: Gold) -> TimelineScore:
    judged = correct = 0
    for t in b.timeline:
        cited = [g for g in gold.timeline if _cites(t.citations, g.spans)]
        if not cited:
            continue
        judged += 1
        correct += any(g.date == t.date and g.precision == t.precision for g in cited)
    found = sum(
        1
        for g in gold.timeline
        if any(
            t.date == g.date and t.precision == g.precision and _cites(t.citations, g.spans)
            for t in b.timeline
        )
    )
    return TimelineScore(judged, correct, len(gold.timeline), found)
