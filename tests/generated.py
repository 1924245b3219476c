"""Generated articles (``eval.synthetic``) as the JSONL export ``newsprism ingest`` reads: one
record a line with ``id``, ``text`` and ``outlet``, the form the store tests and benchmarks feed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from newsprism.eval.synthetic import GeneratedArticle


def feed_lines(made: Iterable[GeneratedArticle]) -> list[str]:
    """One JSON record a generated article, in order."""
    return [json.dumps({"id": g.name, "text": g.text, "outlet": g.outlet}) for g in made]


def write_feed(path: Path, made: Iterable[GeneratedArticle]) -> Path:
    """``made`` written to ``path`` as JSONL; returns ``path``."""
    path.write_text("\n".join(feed_lines(made)), encoding="utf-8")
    return path
