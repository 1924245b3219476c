"""``pipeline.settings_key`` with plugged objects: the key a cached briefing is current for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsprism.analyze.disagreements.nli import get_contradiction, get_similarity
from newsprism.analyze.summary.summarize import SummaryConfig
from newsprism.pipeline import Config, plugged_identity, settings_key


class TideNli:
    """A user's contradiction backend with the default ``repr`` (it holds the address)."""

    name = "tide-nli"

    def scores(self, pairs: Sequence[Any]) -> list[float]:
        return [0.0 for _ in pairs]


class _Same:
    name = "same"

    def __repr__(self) -> str:
        return "Backend()"

    def scores(self, pairs: Sequence[Any]) -> list[float]:
        return [0.0 for _ in pairs]


class HarbourNli(_Same):
    """Two backends whose ``repr`` is the same text."""


class LighthouseNli(_Same):
    pass


class PathNli(TideNli):
    """A backend told apart by its own ``cache_key()`` (the model file it loads)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def cache_key(self) -> str:
        return self.path


class FlatSimilarity:
    name = "flat"

    def matrix(self, claims: Sequence[Any]) -> Any:
        import numpy as np

        return np.zeros((len(claims), len(claims)))


@dataclass(frozen=True)
class KelpScorer(SummaryConfig):
    pass


@dataclass(frozen=True)
class ReefScorer(SummaryConfig):
    pass


def test_a_plugged_object_keys_the_same_from_instance_to_instance() -> None:
    # str() of either holds its memory address: every run would get a new key
    assert str(TideNli()) != str(TideNli())
    assert settings_key(Config(contradiction=TideNli())) == settings_key(
        Config(contradiction=TideNli())
    )
    assert settings_key(Config(contradiction=TideNli())) != settings_key()


def test_two_backends_with_the_same_repr_have_different_keys() -> None:
    assert repr(HarbourNli()) == repr(LighthouseNli())
    assert settings_key(Config(contradiction=HarbourNli())) != settings_key(
        Config(contradiction=LighthouseNli())
    )


def test_a_backend_with_cache_key_is_keyed_by_it() -> None:
    a, b = Config(contradiction=PathNli("nli-a.onnx")), Config(contradiction=PathNli("nli-b.onnx"))
    assert settings_key(a) != settings_key(b)
    assert settings_key(a) == settings_key(Config(contradiction=PathNli("nli-a.onnx")))
    assert plugged_identity(PathNli("x")) == {
        "plugged": f"{__name__}.PathNli",
        "cache_key": "x",
    }


def test_a_users_dataclass_counts_with_its_class() -> None:
    # the same fields, two classes (two different scorers): two keys
    kelp, reef = Config(summary=KelpScorer()), Config(summary=ReefScorer())
    assert settings_key(kelp) != settings_key(reef)
    assert settings_key(kelp) == settings_key(Config(summary=KelpScorer()))
    assert settings_key(Config(summary=SummaryConfig())) == settings_key()  # newsprism's: fields


def test_a_version_tells_releases_of_one_backend_apart() -> None:
    class Versioned(TideNli):
        def __init__(self, version: str) -> None:
            self.version = version

    assert settings_key(Config(contradiction=Versioned("1"))) != settings_key(
        Config(contradiction=Versioned("2"))
    )


def test_a_plugged_backend_object_is_used_as_it_is() -> None:
    nli, sim = TideNli(), FlatSimilarity()
    assert get_contradiction(nli) is nli
    assert get_similarity(sim) is sim
    assert get_contradiction("rules").name == "rules"
