"""benchmarks/store.py's measures: which generated pairs are two outlets' reports of one story
(the generator's copies by construction), as the quality table counts them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from newsprism.eval.synthetic import generate

REPO = Path(__file__).resolve().parents[2]


def _module() -> Any:
    path = REPO / "benchmarks" / "store.py"
    spec = importlib.util.spec_from_file_location("store_benchmark", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_one_story_pairs_are_reports_of_the_same_generated_story() -> None:
    one_story = _module().one_story
    made = generate(12, seed=2)
    first, second, other = made[0].name, made[1].name, made[5].name
    assert one_story((first, second, "syndicated"))
    assert not one_story((first, other, "syndicated"))  # another story, same templates
    assert not one_story(("validation-1-0", "validation-1-1", "version"))  # real news
    assert not one_story(("story001_2x", "story001_3", "version"))
