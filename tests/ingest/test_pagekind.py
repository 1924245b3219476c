"""The page-kind check: pages that are no news article (sign-in pages, widgets, a site's index)
are told from articles by the shape of their text, and kept out of the stories with NP228."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from newsprism.api import prepare
from newsprism.ingest.pagekind import (
    FEATURES,
    MAX_CHARS,
    default_model,
    page_features,
    page_kind,
    split_pages,
)
from newsprism.ingest.readers import ReadResult, read_inputs
from newsprism.model import Article

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"

SIGN_IN = (
    "Sign in to keep reading\n\nYou need an account to see this page. Create your free account, "
    "or log in with your email address and password.\n\nWe use cookies to remember your "
    "choices. You can change your settings at any time."
)
HEADLINES = (
    "Latest from the Harbour Desk\n\nFerry timetable changes for the winter\n\nCouncil approves "
    "new bins for the promenade\n\nLifeboat crew honoured at awards night\n\nMore stories >>"
)
SIGN_UP = (
    "Stay in the loop\n\nJoin our list and we will send you the day's top headlines every "
    "morning. Enter your email below. You can unsubscribe at any time."
)
SHORT_REPORT = (
    "Ferry fares to rise\n\nPORT ALDER - The harbour authority will raise ferry fares by a tenth "
    "from April, its chair, Mara Quell, said on Monday."
)
QUOTED_WE = (
    "Dockworkers walked out at Brindle Quay on Tuesday after talks on pay broke down, the union "
    'said.\n\n"We have waited two years for a fair offer and we will not wait any longer," said '
    'Tam Oakes, who leads the union branch. "Our members are tired of promises."\n\nThe port '
    "operator said it regretted the strike and hoped to reopen talks within days."
)


def _article(name: str, text: str) -> Article:
    return prepare(ReadResult((Article(name, f"{name}.txt", text),), (), ())).articles[0]


@pytest.mark.parametrize("text", [SIGN_IN, HEADLINES, SIGN_UP])
def test_pages_that_are_not_articles_are_flagged(text: str) -> None:
    assert not page_kind(_article("page", text)).article


@pytest.mark.parametrize("text", [SHORT_REPORT, QUOTED_WE])
def test_news_reports_are_articles_even_short_ones(text: str) -> None:
    assert page_kind(_article("report", text)).article


def test_a_long_text_is_taken_as_an_article_unchecked() -> None:
    long_page = "\n\n".join([SIGN_UP] * (MAX_CHARS // len(SIGN_UP) + 1))
    assert len(long_page) > MAX_CHARS
    kind = page_kind(_article("long", long_page))
    assert kind.article and kind.features == ()
    assert not page_kind(_article("short", long_page[:MAX_CHARS])).article


def test_a_quoted_we_is_the_speakers_not_the_pages() -> None:
    f = dict(zip(FEATURES, page_features(_article("strike", QUOTED_WE)), strict=True))
    assert f["site"] == 0.0 and f["reader"] == 0.0
    assert f["report"] > 0.5  # said, told and quote marks: a report


def test_the_project_example_stories_are_articles(examples_dir: Path) -> None:
    read = prepare(read_inputs([str(examples_dir), str(examples_dir.parent / "stories")]))
    assert read.articles
    assert all(page_kind(a).article for a in read.articles)


def test_split_pages_keeps_articles_in_order_and_drops_pages_with_np228() -> None:
    arts = [
        _article("a", QUOTED_WE),
        _article("p", SIGN_IN),
        _article("b", SHORT_REPORT),
    ]
    kept, dropped = split_pages(arts)
    assert [a.id for a in kept] == ["a", "b"]
    assert [(d.source, d.code) for d in dropped] == [("p.txt", "NP228")]
    assert dropped[0].reason.startswith("not a news article: ")


def test_the_shipped_model_names_every_feature() -> None:
    raw = json.loads(
        resources.files("newsprism.data").joinpath("page_kind.json").read_text(encoding="utf-8")
    )
    assert tuple(raw["features"]) == FEATURES
    assert set(raw["weights"]) == set(FEATURES)
    assert 0.5 < default_model().threshold < 1.0


@pytest.mark.slow
def test_no_polnear_dev_article_is_flagged() -> None:
    """Precision on real news the model was not fitted on (benchmarks/page_kind.py)."""
    dev = SHARED / "polnear" / "dev" / "text"
    if not dev.is_dir():
        pytest.skip("../shared/data/polnear is not present")
    read = prepare(read_inputs([str(dev)]))
    assert len(read.articles) > 50
    assert [a.id for a in read.articles if not page_kind(a).article] == []
