"""Generated test inputs: articles (``eval.synthetic``) as the JSONL export ``newsprism ingest``
reads (one record a line with ``id``, ``text`` and ``outlet``, the form the store tests and
benchmarks feed), and random story features for the grouper's tests."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

from newsprism.eval.synthetic import GeneratedArticle
from newsprism.stories.features import StoryFeatures


def feed_lines(made: Iterable[GeneratedArticle]) -> list[str]:
    """One JSON record a generated article, in order."""
    return [json.dumps({"id": g.name, "text": g.text, "outlet": g.outlet}) for g in made]


def write_feed(path: Path, made: Iterable[GeneratedArticle]) -> Path:
    """``made`` written to ``path`` as JSONL; returns ``path``."""
    path.write_text("\n".join(feed_lines(made)), encoding="utf-8")
    return path


def random_story_features(name: str, rng: random.Random) -> StoryFeatures:
    """Story features drawn from a small vocabulary (1-7 of nine terms, 0-3 of three names, one
    of four days), so that random streams share words and the grouper joins, merges and splits."""
    words = ["ferry", "harbour", "council", "fares", "strike", "tide", "pier", "vote", "levy"]
    terms = tuple((w, float(rng.randint(1, 6))) for w in rng.sample(words, rng.randint(1, 7)))
    names = ["Port Alder", "Mara Quill", "Tideway Union"]
    ents = tuple((e, float(rng.randint(1, 3))) for e in rng.sample(names, rng.randint(0, 3)))
    return StoryFeatures(name, 740000 + rng.randint(0, 3), terms, ents, (), name)
