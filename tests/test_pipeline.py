from __future__ import annotations

import dataclasses

import pytest

from newsprism.model import Article
from newsprism.pipeline import (
    DEFAULT_STAGES,
    Config,
    Pipeline,
    PipelineError,
    Stage,
    State,
)


def test_default_stages_are_consistent() -> None:
    Pipeline(DEFAULT_STAGES)  # raises when a stage needs something not provided


def test_missing_need_is_reported_when_built() -> None:
    bad = Stage("events", ("docs", "relations"), ("events",), lambda s, c: s)
    with pytest.raises(PipelineError, match="events"):
        Pipeline([bad])


def test_stages_run_in_order_with_progress() -> None:
    seen: list[str] = []

    def mark(name: str) -> Stage:
        def run(state: State, config: Config) -> State:
            seen.append(name)
            return dataclasses.replace(state)

        return Stage(name, (), (), run)

    calls: list[tuple[str, int, int]] = []
    Pipeline([mark("one"), mark("two")]).run(
        State((Article("a", "a", "text"),)), Config(), lambda *a: calls.append(a)
    )
    assert seen == ["one", "two"]
    assert calls[-1] == ("done", 2, 2)
