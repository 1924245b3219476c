"""Helpers for the disagreement tests: two invented articles briefed as one story."""

from __future__ import annotations

from pathlib import Path

from newsprism.api import brief
from newsprism.model import Briefing


def brief_two(folder: Path, first: str, second: str) -> Briefing:
    """The briefing of two articles (``a.txt`` and ``b.txt`` in ``folder``) with these texts."""
    (folder / "a.txt").write_text(first, encoding="utf-8")
    (folder / "b.txt").write_text(second, encoding="utf-8")
    return brief([str(folder)])
