"""The measures behind benchmarks/split_offs.py and benchmarks/story_meaning.py, on invented
documents (no corpus needed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from newsprism.eval.clustering import StreamDoc
from newsprism.model import Article
from newsprism.stories import story_features


def _doc(i: str, cluster: str, scrap: bool = False) -> StreamDoc:
    return StreamDoc(i, f"text {i}", cluster, scrap)


def test_split_off_finds_the_documents_outside_their_clusters_main_story(
    benchmark_module: Callable[[str], Any],
) -> None:
    split_off = benchmark_module("split_offs").split_off
    docs = [
        _doc("a1", "A"),
        _doc("a2", "A"),
        _doc("a3", "A"),  # alone
        _doc("a4", "A"),  # in B's story
        _doc("b1", "B"),
        _doc("b2", "B"),
        _doc("s", "A", scrap=True),  # a scrap is never counted, even alone
    ]
    pred = {"a1": 1, "a2": 1, "a3": 2, "a4": 3, "b1": 3, "b2": 3, "s": 4}
    assert split_off(pred, docs) == {"a3": True, "a4": False}


def test_every_document_read_has_a_known_kind(benchmark_module: Callable[[str], Any]) -> None:
    bench = benchmark_module("split_offs")
    kinds = set(bench.NOT_THE_STORY) | set(bench.REAL)
    assert set(bench.READ.values()) <= kinds
    assert all(len(k) == 13 and k.startswith("d") for k in bench.READ)


def _articles() -> list[Article]:
    # two invented reports of one dam repair told in different words, and an unrelated story
    return [
        Article(
            "x1",
            "x1",
            "Engineers at the Harrowmere reservoir began sealing a crack in the spillway wall on "
            "Monday, the water board said, after inspectors found seepage below the gate.",
        ),
        Article(
            "x2",
            "x2",
            "Crews are patching the leaking barrier that holds back the lake above the valley "
            "towns; residents downstream were told there is no danger.",
        ),
        Article(
            "x3",
            "x3",
            "A chess prodigy from Velsing won the junior title in a tie-break, her coach said, "
            "after six hours of rapid games in the city library.",
        ),
    ]


def test_meaning_join_takes_an_article_under_the_bar_into_the_story_it_means(
    benchmark_module: Callable[[str], Any],
) -> None:
    bench = benchmark_module("story_meaning")
    feats = [story_features(a) for a in _articles()]
    # invented vectors: the two dam reports point the same way, the chess story elsewhere
    vectors = {
        "x1": np.array([1.0, 0.0, 0.0]),
        "x2": np.array([0.96, 0.28, 0.0]),
        "x3": np.array([0.0, 0.0, 1.0]),
    }

    def by_cosine(x: tuple[float, ...]) -> float:
        return 1.0 if x[0] >= 0.9 else 0.0

    off = bench.MeaningGrouper(vectors)
    off.group([feats[0], feats[2], feats[1]])
    assert off.story_id("x2") != off.story_id("x1")  # the words alone leave it apart

    on = bench.MeaningGrouper(vectors, by_cosine, 0.5)
    on.group([feats[0], feats[2], feats[1]])
    assert on.story_id("x2") == on.story_id("x1")
    assert on.story_id("x3") != on.story_id("x1")
    assert on.joins == [("x2", on.story_id("x1"))]
