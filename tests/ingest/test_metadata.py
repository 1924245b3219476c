"""Metadata from text evidence: outlet, title, published date, author.  Fixtures are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.ingest.boilerplate import mark_boilerplate
from newsprism.ingest.metadata import (
    extract_metadata,
    looks_like_outlet,
    normalize_date,
    sourced_teller,
)
from newsprism.ingest.readers import read_inputs
from newsprism.model import Article

BODY = (
    "The harbour bridge in Portwell reopened on Tuesday after eight months of repairs.\n"
    "Mayor Ida Quell said the work had cost less than expected.\n"
)


def meta(text: str, **fields: str) -> Article:
    return extract_metadata(mark_boilerplate(Article("t", "t.txt", text, **fields)))  # type: ignore[arg-type]


def evidence(article: Article, field: str) -> str:
    return dict(article.evidence)[field]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2031-03-04", "2031-03-04"),
        ("2031-03-04T09:30:00+01:00", "2031-03-04"),
        ("Tue, 04 Mar 2031 09:30:00 GMT", "2031-03-04"),
        ("4 March 2031", "2031-03-04"),
        ("4th of March, 2031", "2031-03-04"),
        ("March 4, 2031", "2031-03-04"),
        ("Sept. 9, 2030", "2030-09-09"),
        ("04/03/2031", None),  # day and month order unknown
        ("2031-13-01", None),
        ("31 February 2031", None),
        ("last Tuesday", None),
        ("March 2031", None),
    ],
)
def test_normalize_date(value: str, iso: str | None) -> None:
    assert normalize_date(value) == iso


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("BuzzFeed News", True),
        ("PoliticsHome", True),
        ("HuffPost UK", True),
        ("BBC", True),
        ("The Lakeside Courier", True),
        ("Portwell Evening Herald", True),
        ("Star-Ledger of Newark", True),
        ("Daily", False),
        ("Ida Quell", False),
        ("Labour Party", False),
        ("JLC", False),
        ("Chris Wallace of Fox News", False),
        ("the harbour news", False),
    ],
)
def test_looks_like_outlet(name: str, expected: bool) -> None:
    assert looks_like_outlet(name) is expected


# ------------------------------------------------------------------------------------ outlet


def test_outlet_from_self_report() -> None:
    text = BODY + "The Portwell Gazette has learned that the council will vote again.\n"
    article = meta(text)
    assert article.outlet == "Portwell Gazette"
    assert evidence(article, "outlet") == "text: 'The Portwell Gazette has learned'"


def test_outlet_after_a_comma_and_with_understands() -> None:
    text = "The vote was delayed, Harbour News understands. Councillors met on Monday.\n"
    assert meta(text).outlet == "Harbour News"


def test_outlet_from_footer_beats_self_report() -> None:
    text = (
        BODY
        + "Coast Post has learned more.\n"
        + "Lakeside Courier Newsletters\n"
        + "The Lakeside Courier brings you the coast's news every morning: Subscribe\n"
    )
    article = meta(text)
    assert article.outlet == "Lakeside Courier"
    assert evidence(article, "outlet") == "text: 'Lakeside Courier Newsletters'"


def test_told_counts_once_when_a_source_or_spokesperson_is_the_teller() -> None:
    once = BODY + "A Portwell Council spokesperson told Coast News the plan was agreed.\n"
    article = meta(once)
    assert article.outlet == "Coast News"
    assert evidence(article, "outlet") == "text: 'told Coast News'"
    assert meta(BODY + "Council sources told Coast News the plan was agreed.\n").outlet == (
        "Coast News"
    )
    named = BODY + "Quell told Coast News she was pleased. Reyes told Coast News he was not.\n"
    assert meta(named).outlet is None  # interviews given by named figures say little


@pytest.mark.parametrize(
    ("before", "sourced"),
    [
        ("A Portwell Council spokesperson", True),
        ("A spokesman for the harbour board", True),
        ("A spokesman for Mayor Ida Quell", True),  # the teller is still the spokesman
        ("Sources close to the mayor", True),
        ("The mayor was furious. Council officials, speaking privately,", True),
        ("Quell", False),
        ("Harbour board spokeswoman Jo Bright", False),  # a named spokesperson
        ("Jo Bright, a spokeswoman for the board,", False),
        ("Councillor Tom Reyes, who chairs the committee,", False),
        ("The plan was backed by Representative Tom Reyes, who", False),  # a title, not a role
    ],
)
def test_sourced_teller(before: str, sourced: bool) -> None:
    text = f"{before} told Coast News the plan was agreed."
    assert sourced_teller(text, text.rindex("told")) is sourced


def test_told_does_not_count_for_an_outlet_cited_as_someone_elses_reporting() -> None:
    text = (
        BODY + "A council spokesperson told Coast News the plan was agreed, "
        "according to Coast News.\n"
    )
    assert meta(text).outlet is None
    text = (
        BODY + "A council spokesperson told Coast News the plan was agreed. Coast News reported.\n"
    )
    assert meta(text).outlet is None


def test_told_a_partial_name_is_an_outlet_only_when_it_looks_like_one() -> None:
    text = BODY + "A resident, Jo Bright, told the Gazette she would move away.\n"
    assert meta(text).outlet is None  # named teller; and "the Gazette" alone is a partial name


def test_two_outlets_without_a_dominant_one_give_none() -> None:
    text = BODY + "Coast News has learned one thing. Harbour Times has learned another.\n"
    assert meta(text).outlet is None


def test_mentions_that_are_not_self_references_give_none() -> None:
    text = (
        BODY + "In an article for the Evening Lantern, the mayor defended the cost.\n"
        "The Portwell Gazette reported the delay last month.\n"
        "Quell told the Evening Lantern's podcast that she was relieved.\n"
    )
    assert meta(text).outlet is None


def test_known_fields_are_not_overwritten() -> None:
    text = BODY + "Coast Post has learned more.\n"
    article = meta(text, outlet="The Lakeside Courier")
    assert article.outlet == "The Lakeside Courier"
    assert "outlet" not in dict(article.evidence)


# ------------------------------------------------------------------------------------ title


def test_title_in_title_case() -> None:
    article = meta("Harbour Bridge Reopens After Eight Months Of Repairs\n\n" + BODY)
    assert article.title == "Harbour Bridge Reopens After Eight Months Of Repairs"
    assert evidence(article, "title") == "text: first line in title case"


def test_title_followed_by_read_time() -> None:
    article = meta("Bridge reopens after long 'painful' repairs\n4 min read\n" + BODY)
    assert article.title == "Bridge reopens after long 'painful' repairs"
    assert "read time" in evidence(article, "title")


def test_short_first_line_followed_by_body() -> None:
    assert meta("Bridge reopens after repairs\n" + BODY).title == "Bridge reopens after repairs"


@pytest.mark.parametrize(
    "first",
    [
        "The harbour bridge in Portwell reopened on Tuesday after eight months of repairs.",
        "By Mara Ellison",
        "UPDATE: 4 March 2031, 09:30",
        "Reopened",
        "Quell said. The Council Agreed It Would Meet Again",
    ],
)
def test_no_title_without_evidence(first: str) -> None:
    assert meta(first + "\n" + BODY).title is None


# ------------------------------------------------------------------------------------ dates, author


def test_published_from_dateline() -> None:
    article = meta("date 2031-03-04 Coast Images/Harbour Press\n\n" + BODY)
    assert article.published == "2031-03-04"
    assert evidence(article, "published") == "text: 'date 2031-03-04'"


def test_published_preferred_to_updated() -> None:
    text = "Updated: 6 March 2031\nPublished 4 March 2031\n" + BODY
    assert meta(text).published == "2031-03-04"
    assert meta("Updated: 6 March 2031\n" + BODY).published == "2031-03-06"


def test_date_line_at_the_top_and_not_a_date_in_the_body() -> None:
    assert meta("Tuesday, March 4, 2031 10:15 GMT\n" + BODY).published == "2031-03-04"
    body_date = BODY + "The bridge first opened on 4 March 1931, the mayor said.\n"
    assert meta(body_date).published is None


def test_author_from_byline() -> None:
    article = meta("Bridge Reopens After Months Of Repairs\nBy Mara Ellison\n" + BODY)
    assert article.author == "Mara Ellison"
    assert evidence(article, "author") == "text: byline 'By Mara Ellison'"


def test_unknown_stays_none() -> None:
    article = meta(BODY)
    assert (article.outlet, article.title, article.published, article.author) == (None,) * 4
    assert article.evidence == ()


# ------------------------------------------------------------------------------------ seeds


def test_seed_metadata(seeds_dir: Path) -> None:
    read = read_inputs([str(seeds_dir)])
    got = {a.id[:3]: extract_metadata(mark_boilerplate(a)) for a in read.articles}
    first_line = {k: a.text.strip().split("\n", 1)[0].strip() for k, a in got.items()}
    assert got["000"].outlet == "HuffPost UK"
    assert got["001"].outlet == "HuffPost UK"
    assert got["002"].outlet == "PoliticsHome"
    assert got["002"].title == first_line["002"]
    assert got["003"].published == "2018-04-24"
    assert got["003"].outlet is None
    assert got["004"].outlet == "BuzzFeed News"
    assert got["004"].title == first_line["004"]
    for article in got.values():
        assert {field for field, _ in article.evidence} <= {"outlet", "title", "published"}
