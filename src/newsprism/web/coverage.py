"""Compare coverage: the outlets of a story as columns, its claims as rows, each cell cited.

Built from a briefing (``newsprism.briefing/1`` as a dict), so it reads only what the briefing
found:

- a **claim group** ("where the sources agree") is a row: an outlet whose article carries one of
  its claims *reports* it (the cell cites that claim); every other outlet is *silent*;
- each **side of a disagreement** is a row: outlets carrying that side *report* it, outlets
  carrying another side of the same disagreement *contradict* it (the cell cites their side);
  the rest are *silent*.

A silent cell links to that outlet's articles of the story: absence is checked by reading them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

State = Literal["reports", "contradicts", "silent"]
MAX_CLAIM_ROWS = 40


@dataclass(frozen=True)
class Cite:
    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Cell:
    state: State
    citations: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class Row:
    kind: Literal["agreement", "disagreement"]
    claim: str
    topic: str
    cells: tuple[Cell, ...]
    ref: str = ""  # claim group id, or disagreement id and side number


@dataclass(frozen=True)
class Coverage:
    outlets: tuple[str, ...]
    articles: Mapping[str, tuple[str, ...]]  # outlet -> its article ids in the story
    rows: tuple[Row, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlets": list(self.outlets),
            "articles": {o: list(ids) for o, ids in self.articles.items()},
            "rows": [
                {
                    "kind": r.kind,
                    "ref": r.ref,
                    "topic": r.topic,
                    "claim": r.claim,
                    "cells": {
                        o: {
                            "state": c.state,
                            "citations": [
                                {
                                    "article": x.article,
                                    "start": x.start,
                                    "end": x.end,
                                    "text": x.text,
                                }
                                for x in c.citations
                            ],
                        }
                        for o, c in zip(self.outlets, r.cells, strict=True)
                    },
                }
                for r in self.rows
            ],
        }


def _cites(items: Sequence[Mapping[str, Any]]) -> list[Cite]:
    return [Cite(str(c["article"]), int(c["start"]), int(c["end"]), str(c["text"])) for c in items]


def coverage(briefing: Mapping[str, Any], max_rows: int = MAX_CLAIM_ROWS) -> Coverage:
    """The outlets × claims table of one briefing."""
    outlet_of: dict[str, str] = {}
    articles: dict[str, list[str]] = defaultdict(list)
    for a in briefing.get("articles", ()):
        name = a.get("outlet") or a["id"]
        outlet_of[a["id"]] = name
        articles[name].append(a["id"])
    outlets = tuple(sorted(articles, key=lambda o: (-len(articles[o]), o.lower())))

    def by_outlet(cs: Sequence[Cite]) -> dict[str, list[Cite]]:
        out: dict[str, list[Cite]] = defaultdict(list)
        for c in cs:
            out[outlet_of.get(c.article, c.article)].append(c)
        return out

    rows: list[Row] = []
    for d in sorted(briefing.get("disagreements", ()), key=lambda x: x.get("rank", 0)):
        sides = [by_outlet(_cites(s.get("citations", ()))) for s in d.get("sides", ())]
        for k, side in enumerate(d.get("sides", ())):
            cells: list[Cell] = []
            for o in outlets:
                if o in sides[k]:
                    cells.append(Cell("reports", tuple(sides[k][o])))
                    continue
                other = [c for j, s in enumerate(sides) if j != k for c in s.get(o, ())]
                cells.append(Cell("contradicts", tuple(other)) if other else Cell("silent"))
            rows.append(
                Row(
                    "disagreement",
                    str(side.get("claim", "")),
                    str(d.get("topic", "")),
                    tuple(cells),
                    f"{d.get('id', '')}/{k + 1}",
                )
            )
    for g in briefing.get("claim_groups", ())[:max_rows]:
        cited = by_outlet(_cites(g.get("citations", ())))
        row = tuple(
            Cell("reports", tuple(cited[o])) if o in cited else Cell("silent") for o in outlets
        )
        claim = g.get("claim") or {}
        rows.append(
            Row("agreement", str(claim.get("text", "")), str(g.get("topic", "")), row, g["id"])
        )
    return Coverage(outlets, {o: tuple(v) for o, v in articles.items()}, tuple(rows))
