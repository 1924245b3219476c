"""Compare coverage from a briefing: reports, contradicts, silent."""

from __future__ import annotations

from typing import Any

from newsprism.web.coverage import coverage


def test_coverage_marks_contradicting_sides() -> None:
    def cite(a: str) -> dict[str, Any]:
        return {"article": a, "start": 0, "end": 1, "text": "x"}

    b = {
        "articles": [{"id": "a1", "outlet": "A"}, {"id": "b1", "outlet": "B"}, {"id": "c1", "outlet": "C"}],
        "disagreements": [
            {"id": "d1", "topic": "How many", "rank": 0, "sides": [
                {"claim": "ten", "citations": [cite("a1")]},
                {"claim": "twelve", "citations": [cite("b1")]},
            ]},
        ],
        "claim_groups": [{"id": "g1", "topic": "t", "claim": cite("a1"), "citations": [cite("a1"), cite("c1")]}],
    }  # fmt: skip
    cov = coverage(b)
    assert cov.outlets == ("A", "B", "C")
    ten, twelve, agreed = cov.rows
    assert [c.state for c in ten.cells] == ["reports", "contradicts", "silent"]
    assert [c.state for c in twelve.cells] == ["contradicts", "reports", "silent"]
    assert [c.state for c in agreed.cells] == ["reports", "silent", "reports"]
    assert ten.cells[1].citations[0].article == "b1"
