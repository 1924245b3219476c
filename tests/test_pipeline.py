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


def test_long_stages_report_progress_inside() -> None:
    from newsprism.progress import report

    def counting(state: State, config: Config) -> State:
        for k in range(3):
            report(k + 1, 3)
        return state

    calls: list[tuple[str, int, int]] = []
    Pipeline([Stage("first", (), (), lambda s, c: s), Stage("count", (), (), counting)]).run(
        State((Article("a", "a", "text"),)), Config(), lambda *a: calls.append(a)
    )
    assert calls == [
        ("first", 0, 2),
        ("count", 1, 2),
        ("count 1/3", 1, 2),
        ("count 2/3", 1, 2),
        ("count 3/3", 1, 2),
        ("done", 2, 2),
    ]


def test_parsing_reports_articles_as_it_goes() -> None:
    from newsprism.eval.synthetic import generate
    from newsprism.pipeline import run_pipeline

    arts = [Article(g.name, g.name, g.text) for g in generate(5)]
    calls: list[tuple[str, int, int]] = []
    stages = [s for s in DEFAULT_STAGES if s.name in ("check", "annotate")]
    run_pipeline(arts, stages=stages, progress=lambda *a: calls.append(a))
    inner = [step for step, _, _ in calls if step.startswith("annotate ")]
    assert inner[-1] == "annotate 5/5" and len(inner) >= 2
