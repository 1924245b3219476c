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
    WINDOW,
    PageModel,
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


def test_a_long_text_is_judged_by_its_opening() -> None:
    """Only the segments that start within ``WINDOW`` characters are read: what follows changes
    nothing, and a long page is still checked (it used to be taken as an article unchecked)."""
    long_page = "\n\n".join([SIGN_UP] * (WINDOW // len(SIGN_UP) + 2))
    assert len(long_page) > WINDOW
    assert len(page_kind(_article("long", long_page)).features) == len(FEATURES)
    longer = long_page + "\n\n" + "\n\n".join([QUOTED_WE] * 5)
    assert page_features(_article("longer", longer)) == page_features(_article("long", long_page))


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


# A paper's own text: section headings on lines of their own and reference marks.
ABSTRACT = (
    "Summary\n\nObjective\n\nTo test whether a lunchtime walk changes afternoon blood sugar in "
    "office workers with prediabetes [3].\n\nMethods\n\nForty adults wore glucose monitors for two "
    "weeks; in one week they walked for twenty minutes after lunch (Pendry et al., 2021).\n\n"
    "Results\n\nMean afternoon glucose fell by 0.6 mmol/L in the walking week (4, 9).\n\n"
    "Conclusions\n\nA short walk after lunch lowers afternoon glucose."
)
# A report of the same study: results and methods named in prose, no headings, no marks.
STUDY_REPORT = (
    "A short walk after lunch lowers blood sugar, study finds\n\nOffice workers at risk of "
    "diabetes who walked for twenty minutes after lunch had lower blood sugar in the afternoon, "
    "researchers at Pendry Institute said on Tuesday.\n\nThe results, from forty adults who wore "
    'glucose monitors, were modest but clear, said the lead author, Dr Colm Asher. "The method '
    'is simple, and it costs nothing," he said.'
)
# An index of other pages: teasers cut short, a "more" link.
TEASERS = (
    "Around the region\n\nVolunteers cleared four tonnes of rubbish from the estuary path over "
    "the weekend, the most since the clean-up began ...\n\nThe old signal box at Pellow Junction "
    "will become a cafe after councillors backed the plan by a wide ...\n\nTwo otters have been "
    "filmed on the upper river for the first time in thirty ...\n\nA primary school choir from "
    "Dunstable Road has been picked to sing at the national ...\n\nMore local news »"
)
BRIEF = (
    "Lorry sheds load on bypass\n\nKESTON MILL — A lorry carrying gravel tipped its load across "
    "two lanes of the Keston Mill bypass early on Saturday. The road reopened after four hours, "
    "and nobody was injured."
)
BYLINE = (
    "Bakery wins regional award\n\nBy Harriet Combe\n\nA family bakery in Upper Strand has won "
    "the region's best loaf award for a sourdough made with flour from a mill two miles away."
)
CORRECTION = (
    "Correction\n\nA report on Friday about the Wellcroft swimming pool gave the wrong opening "
    "date. The pool reopens on 3 March, not 3 May. We are sorry for the mistake."
)


def _without(name: str) -> PageModel:
    """The shipped model with one feature's weight set to 0."""
    m = default_model()
    weights = list(m.weights)
    weights[FEATURES.index(name)] = 0.0
    return PageModel(tuple(weights), m.intercept, m.threshold)


def _feature(article: Article, name: str) -> float:
    return page_features(article)[FEATURES.index(name)]


def test_a_papers_own_text_is_flagged_by_its_structure() -> None:
    abstract = _article("abstract", ABSTRACT)
    assert _feature(abstract, "study") > 0.5
    assert not page_kind(abstract).article
    assert page_kind(abstract, _without("study")).article  # the structure is what flags it


def test_the_reason_names_the_shape_that_made_the_call() -> None:
    assert (
        "a paper's section headings or reference marks"
        in page_kind(_article("abstract", ABSTRACT)).reason()
    )
    assert "of lines shaped as links" in page_kind(_article("index", TEASERS)).reason()
    assert "lines shaped as links" not in page_kind(_article("page", SIGN_IN)).reason()


def test_a_report_of_a_study_is_an_article_with_no_study_structure() -> None:
    report = _article("report", STUDY_REPORT)
    assert _feature(report, "study") == 0.0
    assert page_kind(report).article


def test_an_index_of_teasers_is_flagged_by_its_shape() -> None:
    index = _article("index", TEASERS)
    assert _feature(index, "teasers") > 0.5
    assert not page_kind(index).article
    assert page_kind(index, _without("teasers")).article


def test_a_cut_last_line_is_no_teaser_but_a_repeated_headline_is() -> None:
    cut = _article("cut", SHORT_REPORT + "\n\nThe chair added that the rise would be ...")
    assert _feature(cut, "teasers") == 0.0  # a cut article ends so; an index's lines do
    twice = "Pier to reopen after storm repairs " * 2 + "The pier will reopen on Friday."
    assert _feature(_article("twice", twice), "teasers") == 1.0


@pytest.mark.parametrize("text", [BRIEF, BYLINE])
def test_a_dateline_or_a_byline_marks_a_short_news_item(text: str) -> None:
    brief = _article("brief", text)
    assert _feature(brief, "dateline") == 1.0
    assert page_kind(brief).article
    assert page_kind(brief).score < page_kind(brief, _without("dateline")).score


def test_no_dateline_in_a_page_or_a_sentence_that_opens_with_by() -> None:
    assert _feature(_article("page", SIGN_IN), "dateline") == 0.0
    late = "By Monday the ferry will run again, the harbour authority said."
    assert _feature(_article("late", late), "dateline") == 0.0


def test_a_correction_notice_stays_an_article() -> None:
    assert page_kind(_article("correction", CORRECTION)).article
