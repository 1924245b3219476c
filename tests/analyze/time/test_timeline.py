"""Timeline: date expressions, their resolution, inferred references, merging and conflicts.

Fixture sentences are fictional and written for these tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsprism.analyze.time.anchors import Reference, copyright_years
from newsprism.analyze.time.dates import find_chained, find_dates, mention_ahead, resolve
from newsprism.analyze.time.timeline import build_timeline, infer_event_dates, reference_dates
from newsprism.api import brief
from newsprism.ingest.boilerplate import mark_boilerplate
from newsprism.model import Article, Event
from newsprism.nlp.annotate import annotate

REPO = Path(__file__).resolve().parents[3]


def _one(text: str, ref: dt.date | None, ahead: bool = False) -> tuple[str, str, bool] | None:
    found = find_dates(text)
    assert found, text
    r = resolve(found[0], ref, ahead)
    return (r.date, r.precision, r.future) if r else None


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("the vote on Tuesday", "2026-03-11", ("2026-03-10", "day", False)),
        ("the vote on Wednesday", "2026-03-11", ("2026-03-11", "day", False)),
        ("our letter of 28th March", "2018-04-24", ("2018-03-28", "day", False)),
        ("a letter dated 3 January", "2026-12-30", ("2027-01-03", "day", True)),
        ("signed on April 24, 2018", None, ("2018-04-24", "day", False)),
        ("published 24 April 2018", "2019-01-01", ("2018-04-24", "day", False)),
        ("a protest last month", "2018-04-24", ("2018-03", "month", False)),
        ("remarks made last year", "2018-04-24", ("2017", "year", False)),
        ("nearly two years ago", "2018-04-24", ("2016", "year", False)),
        ("a month ago", "2018-04-24", ("2018-03", "month", False)),
        ("settled by the end of July", "2018-04-24", ("2018-07", "month", True)),
        ("adopted in December 2016", "2018-04-24", ("2016-12", "month", False)),
        ("a report in 2016", None, ("2016", "year", False)),
        ("the talks today", "2025-02-06", ("2025-02-06", "day", False)),
        ("the hearing yesterday", "2025-02-06", ("2025-02-05", "day", False)),
        ("the gala on Oct. 3 of last year", "2025-02-06", ("2024-10-03", "day", False)),
        ("opened 9 March this year", "2025-06-06", ("2025-03-09", "day", False)),
        ("the pier closed last October", "2025-02-06", ("2024-10", "month", False)),
        ("the pier closed last January", "2025-02-06", ("2025-01", "month", False)),
        ("a survey last fall", "2025-05-06", ("2024", "year", False)),
        ("a survey last spring", "2025-07-06", ("2025", "year", False)),
        ("a poll of anglers this summer", "2025-04-06", ("2025", "year", False)),
        # a day without a year and without a word ahead is past unless it is two weeks away
        ("a complaint dated Jan. 24", "2025-10-13", ("2025-01-24", "day", False)),
        ("a complaint dated Nov. 20", "2025-10-13", ("2025-11-20", "day", True)),
        # capitalised at the start of a sentence
        ("In August, the council met", "2025-10-13", ("2025-08", "month", False)),
        ("Since July the pier has been shut", "2025-10-13", ("2025-07", "month", False)),
        ("By the end of July it must close", "2025-04-24", ("2025-07", "month", True)),
        ("an inspection in May", "2025-10-13", ("2025-05", "month", False)),
        ("the dredging last May", "2025-10-13", ("2025-05", "month", False)),
        # the month of the weekend's Saturday (2 October 2025 is a Thursday)
        ("he spoke to reporters over the weekend", "2025-10-02", ("2025-09", "month", False)),
        ("last weekend's vote", "2025-10-09", ("2025-10", "month", False)),
        ("the fair this weekend", "2025-09-25", ("2025-09", "month", True)),
        ("the fair next weekend", "2025-09-25", ("2025-10", "month", True)),
        ("he spoke this past weekend", "2025-10-06", ("2025-10", "month", False)),
        ("the crash last night", "2025-02-06", ("2025-02-05", "day", False)),
        ("the ferry sank last evening", "2025-02-01", ("2025-01-31", "day", False)),
        # a part of a month is the month
        ("the dredging in early July", "2025-10-13", ("2025-07", "month", False)),
        ("a mid-March storm", "2025-05-13", ("2025-03", "month", False)),
        ("Late August heat closed the pier", "2025-10-13", ("2025-08", "month", False)),
        ("an inspection in mid-May", "2025-10-13", ("2025-05", "month", False)),
    ],
)
def test_resolve(text: str, ref: str | None, expected: tuple[str, str, bool]) -> None:
    assert _one(text, dt.date.fromisoformat(ref) if ref else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("remarks made last year", ("2024", "year", False)),
        ("the gala on Oct. 3 of last year", ("2024-10-03", "day", False)),
        ("a survey last fall", ("2024", "year", False)),
        ("a poll of anglers this summer", ("2025", "year", False)),
        ("a complaint filed Sept. 30", ("2025-09-30", "day", False)),
        ("a ferry inspection in July", ("2025-07", "month", False)),
        ("a ferry inspection in early July", ("2025-07", "month", False)),
        ("the crash last night", None),
        ("the vote on Tuesday", None),
        ("the talks today", None),
        ("a survey last spring", None),  # this year's or last year's: the month is unknown
        ("the pier closed last October", None),
        ("the pier closed last December", ("2024-12", "month", False)),  # whatever the month
        ("the dredging this March", ("2025-03", "month", False)),
    ],
)
def test_resolve_in_a_story_known_to_the_year(
    text: str, expected: tuple[str, str, bool] | None
) -> None:
    r = resolve(find_dates(text)[0], dt.date(2025, 12, 31), year_only=True)
    assert (r and (r.date, r.precision, r.future)) == expected


def test_relative_without_reference_is_unresolved() -> None:
    assert _one("the vote on Tuesday", None) is None


def test_weekday_ahead_is_the_next_one() -> None:
    assert _one("a meeting on Saturday", dt.date(2026, 3, 10), ahead=True) == (
        "2026-03-14",
        "day",
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 20 March 2026 is a Friday
        ("It met last Friday.", ("2026-03-13", False)),
        ("It met this past Friday.", ("2026-03-13", False)),
        ("It met on Friday.", ("2026-03-20", False)),
        ("It meets next Friday.", ("2026-03-27", True)),
        ("He will describe what he saw last Friday.", ("2026-03-13", False)),
        ("The crew rests this coming Sunday.", ("2026-03-22", True)),
    ],
)
def test_last_and_next_weekday(text: str, expected: tuple[str, bool]) -> None:
    (m,) = find_dates(text)
    r = resolve(m, dt.date(2026, 3, 20), mention_ahead(text, m))
    assert r is not None and (r.date, r.future) == expected


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("the ferry sank on Christmas Eve.", "2026-01-10", ("2025-12-24", "day", False)),
        ("the ferry sank on Christmas night, 2019.", "2026-01-10", ("2019-12-25", "day", False)),
        ("a gala held Thanksgiving 2011", None, ("2011-11-24", "day", False)),
        ("the pier shut last Halloween", "2026-10-30", ("2025-10-31", "day", False)),
        ("closed since Thanksgiving", "2026-01-10", ("2025-11-27", "day", False)),
        ("repaired by Christmas", "2026-01-10", ("2026-12-25", "day", True)),
        ("sold this past Fourth of July", "2026-08-01", ("2026-07-04", "day", False)),
        ("a service on Easter Sunday", "2026-05-01", ("2026-04-05", "day", False)),
        ("the fair opens on Labor Day", "2026-08-20", ("2026-09-07", "day", True)),
        ("talks on Memorial Day", "2027-06-02", ("2027-05-31", "day", False)),
        ("next Easter", "2026-05-01", ("2027-03-28", "day", True)),
        ("the pier reopened on New Year's Day", "2026-01-05", ("2026-01-01", "day", False)),
    ],
)
def test_holidays(text: str, ref: str | None, expected: tuple[str, str, bool]) -> None:
    found = [m for m in find_dates(text) if m.kind.startswith("holiday")]
    assert found, text
    r = resolve(found[0], dt.date.fromisoformat(ref) if ref else None)
    assert r is not None and (r.date, r.precision, r.future) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a Christmas tree on the pier",
        "over the Thanksgiving weekend",
        "two days before Christmas",
        "decorations on Christmas trees",
        "the Easter egg hunt",
    ],
)
def test_a_holiday_that_names_no_day(text: str) -> None:
    assert not [m for m in find_dates(text) if m.kind.startswith("holiday")]


def test_a_holiday_in_the_story_year() -> None:
    found = find_dates("the pier shut on Christmas Eve")
    r = resolve(found[0], dt.date(2025, 12, 31), year_only=True)
    assert r is not None and r.date == "2025-12-24"
    r = resolve(find_dates("last Christmas")[0], dt.date(2025, 12, 31), year_only=True)
    assert r is not None and r.date == "2024-12-25"


def test_may_the_verb_is_no_month() -> None:
    assert find_dates("They said it may fall in may") == []


def _art(aid: str, text: str, published: str | None) -> Article:
    return Article(aid, f"{aid}.txt", text, outlet=aid.title(), published=published)


def test_reference_dates_borrow_and_mark_inferred() -> None:
    docs = annotate(
        [
            _art("dated", "The council met on Tuesday.", "2026-03-11"),
            _art("undated", "The council met on Tuesday.", None),
            _art("alone", "Nothing else happened.", None),
        ]
    )
    refs = reference_dates(docs, [Event("e1", "council", ("dated", "undated"))])
    assert refs["dated"].date == dt.date(2026, 3, 11) and not refs["dated"].inferred
    assert refs["undated"].date == dt.date(2026, 3, 11) and refs["undated"].inferred
    assert refs["alone"].date == dt.date(2026, 3, 11) and refs["alone"].inferred


def test_entries_merge_across_articles_and_mark_future() -> None:
    docs = annotate(
        [
            _art("a", "The Tollbridge council voted on Tuesday to close the pier.", "2026-03-11"),
            _art("b", "Councillors voted on Tuesday to shut the pier.", "2026-03-11"),
            _art("c", "The pier will be sold by the end of June, the council said.", "2026-03-11"),
        ]
    )
    entries = build_timeline(docs).entries
    vote = [t for t in entries if t.date == "2026-03-10"]
    assert len(vote) == 1 and {c.article for c in vote[0].citations} == {"a", "b"}
    assert not vote[0].inferred and not vote[0].future
    june = [t for t in entries if t.date == "2026-06"]
    assert june and june[0].future and june[0].precision == "month"


def test_an_announced_happening_reported_as_done_is_not_ahead() -> None:
    docs = annotate(
        [
            _art("before", "The pier trustees will meet the council on Tuesday.", "2026-03-05"),
            _art("after", "The pier trustees met the council on Tuesday.", "2026-03-11"),
        ]
    )
    meeting = [t for t in build_timeline(docs).entries if t.date == "2026-03-10"]
    assert len(meeting) == 1 and {c.article for c in meeting[0].citations} == {"before", "after"}
    assert not meeting[0].future
    alone = build_timeline(docs[:1]).entries
    assert [t.date for t in alone] == ["2026-03-10"] and alone[0].future


def test_undated_article_is_reanchored_by_a_shared_happening() -> None:
    docs = annotate(
        [
            _art(
                "undated",
                "Residents were angry after a protest on Monday outside the Tollbridge pier office.",
                None,
            ),
            _art(
                "dated",
                "The residents, who led protests at the Tollbridge pier office last month, "
                "met the council on Tuesday.",
                "2026-04-15",
            ),
        ]
    )
    entries = build_timeline(docs).entries
    protest = [t for t in entries if any(c.article == "undated" for c in t.citations)]
    # "last month" (March 2026) from the dated article; Monday 30 March is the last Monday in it
    assert [(t.date, t.inferred) for t in protest] == [("2026-03-30", True)]


def test_conflicting_dates_for_one_happening() -> None:
    docs = annotate(
        [
            _art("a", "The Tollbridge pier will reopen on 4 May after repairs.", "2026-03-11"),
            _art("b", "The pier will reopen on 11 May, the contractor said.", "2026-03-11"),
            _art("c", "A public meeting was held on 2 March.", "2026-03-11"),
        ]
    )
    result = build_timeline(docs)
    flagged = {t.date for t in result.entries if t.conflict}
    assert flagged == {"2026-05-04", "2026-05-11"}
    assert len(result.conflicts) == 1


def test_demo_story_dates(examples_dir: Path) -> None:
    b = brief([str(examples_dir)])
    cited: dict[str, set[str]] = {}
    for t in b.timeline:
        cited.setdefault(t.date, set()).update(c.article[:2] for c in t.citations)
    # "on Tuesday" is 3 March in the E1 articles and 10 March in the E2 articles
    assert cited["2026-03-03"] >= {"05", "06"} and not cited["2026-03-03"] & {"01", "02"}
    assert cited["2026-03-10"] >= {"01", "07"} and "05" not in cited["2026-03-10"]
    assert all(t.future for t in b.timeline if t.date == "2026-06")
    for t in b.timeline:
        for c in t.citations:
            assert b.article(c.article).text[c.start : c.end].strip()


def test_seed_timeline_targets(seeds_dir: Path) -> None:
    b = brief([str(seeds_dir)])

    def entry(date: str, prefix: str) -> bool:
        return any(
            t.date == date and any(c.article.startswith(prefix) for c in t.citations)
            for t in b.timeline
        )

    assert entry("2018-03-26", "000")  # the protest, Monday 26 March 2018 (inferred)
    assert entry("2018-03-27", "000")  # the shadow cabinet meeting, Tuesday (inferred)
    assert entry("2018-03-28", "004")  # the letter of 28 March
    assert entry("2018-04-24", "003")  # the meeting with the Jewish groups
    july = [t for t in b.timeline if t.date == "2018-07" and t.future]
    assert july and any(c.article.startswith("002") for t in july for c in t.citations)
    undated = [t for t in b.timeline if all(c.article[:3] in ("000", "001") for c in t.citations)]
    assert undated and all(t.inferred for t in undated if t.precision == "day")


# ---------------------------------------------------------------------------------------------
# Reference dates from the articles' own evidence (no publication dates anywhere)


def _dates_of(docs: list, prefix: str = "") -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in build_timeline(docs).entries:
        for c in t.citations:
            if c.article.startswith(prefix):
                out.setdefault(c.article, set()).add(t.date)
    return out


def _no_story_day(ref: Reference) -> bool:
    return ref.date is None or ref.year_only


def test_weekday_and_full_date_anchor_the_story_day() -> None:
    docs = annotate(
        [
            _art(
                "brief",
                "Minutes of the Tollbridge council, Friday, March 6, 2026.\n\nThe council said "
                "it had met the ferry operator on Monday.",
                None,
            ),
            _art("column", "The council spoke on Friday. By Saturday the pier was closed.", None),
        ]
    )
    refs = reference_dates(docs)
    assert refs["brief"].date == dt.date(2026, 3, 6) and refs["brief"].inferred
    dates = _dates_of(docs)
    assert "2026-03-02" in dates["brief"]  # Monday before the Friday the text dates
    # the other article reads the weekday nearest the story day, a Saturday update after it
    assert {"2026-03-06", "2026-03-07"} <= dates["column"]


def test_background_dates_anchor_nothing() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "The pier was run by the Harbour Trust from 2009 until May 2014. Its last owner, "
                "who bought it on Nov. 23, 2012, sold it on Tuesday. Angry traders met on "
                "Wednesday and again on Thursday.",
                None,
            )
        ]
    )
    assert _no_story_day(reference_dates(docs)["a"])
    dates = _dates_of(docs)["a"]
    assert "2012-11-23" in dates and "2014-05" in dates
    assert all(len(d) < 10 or d == "2012-11-23" for d in dates)  # no weekday resolved


def test_a_caption_does_not_date_the_story() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "CREDIT: Harbour Photos Jane Roe sings at the Lark Theatre on Jan. 17, 2025.\n\n"
                "Jane Roe appeared on the morning show on Friday to defend the pier sale.",
                None,
            )
        ]
    )
    assert _no_story_day(reference_dates(docs)["a"])
    assert not any(d.startswith("2025-01-1") and d != "2025-01-17" for d in _dates_of(docs)["a"])


def test_a_weekday_that_disagrees_with_its_date_anchors_nothing() -> None:
    # 6 March 2026 is a Friday, not a Tuesday
    docs = annotate(
        [_art("a", "On Tuesday, March 6, 2026, the pier shut. It opened on Monday.", None)]
    )
    assert _no_story_day(reference_dates(docs)["a"])


def test_the_weekday_fixes_the_year_of_a_day_and_month() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "On Saturday, April 19, the rancher spoke to supporters. He is weighing a 2016 "
                "run for the Senate.\n\nCritics condemned him on Thursday. On Thursday the "
                "governor spoke. The party dropped him on Thursday.",
                None,
            )
        ]
    )
    # 19 April is a Saturday in 2014 (the nearest such year to 2016); the story is told on the
    # Thursday after it
    assert reference_dates(docs)["a"].date == dt.date(2014, 4, 24)
    dates = _dates_of(docs)["a"]
    assert {"2014-04-19", "2014-04-24"} <= dates
    assert "2016" not in dates  # a run still ahead names no happening


def test_numbers_are_not_years_and_counterfactuals_not_happenings() -> None:
    assert not [m for m in find_dates("The camera ran at an ISO of 2000 all night.")]
    assert [m.text for m in find_dates("In that 2009 speech he was blunt.")] == ["In that 2009"]
    assert [m.group("year") for m in find_dates("She sat on the board from 2007-09.")] == ["2007"]
    docs = annotate(
        [_art("a", "He said the victim could have been him 35 years ago.", "2013-07-19")]
    )
    assert build_timeline(docs).entries == ()


def test_next_to_is_not_ahead() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "Two bodies were found next to the creek on Tuesday, February 14, 2017. Police "
                "spoke on Tuesday.",
                None,
            )
        ]
    )
    assert reference_dates(docs)["a"].date == dt.date(2017, 2, 14)


def test_a_chronology_heading_dates_the_lines_below_it() -> None:
    docs = annotate(
        [
            _art(
                "a",
                'Nov. 7, 2025:\n\n"The market hit a record yesterday," the mayor wrote.\n\n'
                "Dec. 1, 2025:\n\nThe mayor praised the market again.",
                "2026-02-05",
            )
        ]
    )
    assert "2025-11-06" in _dates_of(docs)["a"]


def test_a_correction_line_does_not_date_the_story() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "The pier committee voted on Monday to close the ferry office. The vote was "
                "close.\n\nCorrection: An article on Monday misstated the vote.\n\nSaturday, "
                "March 14, 2026.",
                None,
            )
        ]
    )
    assert _no_story_day(reference_dates(docs)["a"])


def test_without_a_story_day_the_story_year_dates_days_written_without_one() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "A ferry sank at the pier on Thursday. The ferry passed an inspection in "
                "February 2025, records show. A complaint from Aug. 12 said its pumps failed.",
                None,
            ),
            # no weekday leads (Thursday once, Friday once): no story day
            _art("b", "The ferry company was fined last year. Divers searched it Friday.", None),
        ]
    )
    refs = reference_dates(docs)
    assert refs["a"].year_only and refs["a"].date is not None and refs["a"].date.year == 2025
    dates = _dates_of(docs)
    assert "2025-08-12" in dates["a"] and "2024" in dates["b"]
    assert not any(d.startswith("2025-") and len(d) == 10 and d != "2025-08-12" for d in dates["a"])


def test_a_date_written_beside_today_wins_and_anchors_the_story() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "The harbour festival, first held in 2024, announced its line-up today (Jan. 16). "
                "The organisers said on Friday that tickets go on sale Feb. 2.",
                None,
            ),
            _art(
                "b", "Festival organisers named the bands on Friday. Fans cheered on Friday.", None
            ),
        ]
    )
    # 16 January is a Friday in 2026, the first such year from the latest one reported
    assert reference_dates(docs)["a"].date == dt.date(2026, 1, 16)
    dates = _dates_of(docs)
    assert "2026-01-16" in dates["a"] and "2026-01-16" in dates["b"]
    assert "2026-02-02" in dates["a"]


@pytest.mark.parametrize(
    "text",
    [
        "Since May took office the pier has been shut.",
        "a seat in May's cabinet",
        "in early May's cabinet",
        "by late May told reporters",
    ],
)
def test_may_the_person_is_no_month(text: str) -> None:
    assert not any(m.kind in ("in_month", "month_rel") for m in find_dates(text))


def test_a_year_of_what_may_happen_is_not_the_story_year() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "The pier was sold in 2024. Its owner said the pier could close if the council "
                "votes against it in 2027.",
                None,
            )
        ]
    )
    ref = reference_dates(docs)["a"]
    assert ref.year_only and ref.date is not None and ref.date.year == 2024


def test_older_dates_are_background_and_the_story_days_are_not() -> None:
    docs = annotate(
        [
            _art(
                "a",
                "The pier closed on Tuesday. Its owner, who was born in 1962, bought it in 2009. "
                "A storm damaged it last month. The council will vote on its future in 2027.",
                "2026-03-11",
            )
        ]
    )
    by_date = {t.date: t for t in build_timeline(docs).entries}
    assert not by_date["2026-03-10"].background and not by_date["2026-02"].background
    assert by_date["1962"].background and by_date["2009"].background
    assert not by_date["2027"].background  # ahead, not behind


def test_in_a_story_known_to_the_year_older_years_are_background() -> None:
    docs = annotate([_art("a", "The pier was built in 2009 and sold in 2024.", None)])
    ref = reference_dates(docs)["a"]
    entries = build_timeline(docs).entries
    assert ref.year_only and ref.date is not None and ref.date.year == 2024
    assert {t.date: t.background for t in entries} == {"2009": True, "2024": False}


def test_a_background_date_on_the_weekday_written_does_not_date_the_story() -> None:
    # 11 September 2001 was a Tuesday; the story reports 2024: the date is background
    docs = annotate(
        [
            _art(
                "a",
                "Harbour traders met on Tuesday. The pier has been shut since the Sept. 11, 2001 "
                "attacks, and was sold in 2024.",
                None,
            )
        ]
    )
    ref = reference_dates(docs)["a"]
    assert ref.year_only and ref.date is not None and ref.date.year == 2024


def test_a_date_in_the_lead_years_before_what_the_story_reports_is_background() -> None:
    # the lead retells a fire of 1987; the story reports 2023 and a vote told by its weekday:
    # the old date is no story day, so the weekday stays unresolved rather than put in 1987
    docs = annotate(
        [
            _art(
                "a",
                "On Tuesday, March 3, 1987, the Lark Theatre burned down in Tollbridge.\n\n"
                "Its owner, the Harbour Trust, was fined in 2023 for neglecting the site. The "
                "council voted on Tuesday to rebuild it.",
                None,
            )
        ]
    )
    ref = reference_dates(docs)["a"]
    assert ref.year_only and ref.date is not None and ref.date.year == 2023
    assert _dates_of(docs)["a"] == {"1987-03-03", "2023"}


def test_a_wire_dateline_dates_its_article() -> None:
    # the dateline's day is the wire copy's own; its year is that of the day it borrows
    wire = "PORT ALDER, March 10 (Coastwire) - The harbour board voted on Monday to sell the pier."
    docs = annotate(
        [
            _art("column", "The harbour board voted on Monday to sell the pier.", "2026-02-27"),
            mark_boilerplate(_art("wire", wire, None)),
        ]
    )
    refs = reference_dates(docs)
    assert refs["wire"] == Reference(dt.date(2026, 3, 10), True)
    assert "2026-03-09" in _dates_of(docs)["wire"]  # the Monday before 10 March, not February's


def test_a_wire_dateline_alone_dates_nothing() -> None:
    # the latest year the text writes (2024) is only a bound on the story's: 10 March is a
    # Tuesday in 2026, but the story may be of 2031 as well, so its day stays unknown
    text = (
        "PORT ALDER, March 10 (Coastwire) - The harbour board voted on Tuesday to sell the pier, "
        "ending a dispute that began in 2024.\n\nTraders protested on Tuesday."
    )
    docs = annotate([mark_boilerplate(_art("wire", text, None))])
    assert _no_story_day(reference_dates(docs)["wire"])
    assert _dates_of(docs)["wire"] == {"2024"}


def test_relative_dates_inside_a_quotation_read_from_the_day_it_was_said() -> None:
    # 12 March 2026 is a Thursday: the harbour master spoke on Tuesday the 10th, so his
    # "yesterday" is Monday the 9th; the mayor's "today" is the day of her 2019 post
    text = (
        '"We inspected the pier yesterday and found cracks," the harbour master said on Tuesday. '
        '"The market is falling today," the mayor wrote on Nov. 7, 2019. '
        '"We will reopen it," he said yesterday.'
    )
    docs = annotate([_art("a", text, "2026-03-12")])
    assert _dates_of(docs)["a"] == {"2026-03-09", "2026-03-10", "2019-11-07", "2026-03-11"}


def test_a_caption_and_an_embedded_post_date_what_they_show_and_nothing_else() -> None:
    text = (
        "FILE - In this Jan. 5, 2024, file photo, the Tollbridge pier stands empty after a storm.\n\n"
        "Harbour traders said on Monday the pier would be sold.\n\n"
        "The pier is closed until further notice. — Tollbridge Council (@TollbridgeCC) "
        "March 3, 2026\n\n"
        "The sale is expected to close within weeks."
    )
    art = mark_boilerplate(_art("a", text, None))
    assert {b.kind for b in art.boilerplate} == {"caption", "tweet"}
    docs = annotate([art])
    entries = build_timeline(docs).entries
    by_date = {t.date: t for t in entries}
    # the photo's day and the post's day are happenings, each cited by its caption or post
    photo, post = by_date["2024-01-05"], by_date["2026-03-03"]
    for entry, words in ((photo, "file photo"), (post, "@TollbridgeCC")):
        (c,) = entry.citations
        assert words in text[c.start : c.end] and art.is_boilerplate(c.start, c.end)
        assert not entry.inferred and not entry.future
    # neither is a reference date: "on Monday" stays unresolved (the post is of a Tuesday, a day
    # the text does not write)
    assert set(by_date) == {"2024-01-05", "2026-03-03"}
    # nor dates the event of the article
    (event,) = infer_event_dates([Event("e1", "pier", ("a",))], entries, [art])
    assert event.date is None
    # a post dated after its article's day (an update) has happened: it is not ahead
    dated = annotate([mark_boilerplate(_art("b", text, "2026-03-01"))])
    assert not {t.date: t for t in build_timeline(dated).entries}["2026-03-03"].future


def test_an_embedded_post_on_a_weekday_the_story_writes_dates_the_story() -> None:
    # 3 March 2026 is a Tuesday: the latest post is of a day the story tells, the story's day
    # when nothing else dates it; an older post and a file photo date nothing
    post = (
        "The pier is closed until further notice. — Tollbridge Council (@TollbridgeCC) "
        "March 3, 2026"
    )
    old = "We open the pier today! — Tollbridge Council (@TollbridgeCC) June 2, 2025"
    docs = annotate(
        [
            mark_boilerplate(
                _art(
                    "a",
                    "FILE - In this Jan. 5, 2024, file photo, the pier stands empty.\n\n"
                    "Harbour traders said on Tuesday the pier would be sold. The council had "
                    f"voted on Monday. Traders meet again on Wednesday.\n\n{old}\n\n{post}\n\n"
                    "The sale is expected to close within weeks.",
                    None,
                )
            ),
            _art("b", "Traders protested outside the hall on Wednesday.", None),
        ]
    )
    refs = reference_dates(docs)
    assert refs["a"].date == dt.date(2026, 3, 3) and refs["a"].inferred and refs["a"].window
    assert refs["b"].date == dt.date(2026, 3, 3) and refs["b"].window
    dates = _dates_of(docs)
    assert {"2026-03-02", "2026-03-03", "2026-03-04"} <= dates["a"]
    assert "2026-03-04" in dates["b"]  # a day after the post, not a week later
    # a post on a day the story does not write dates nothing
    alone = annotate(
        [
            mark_boilerplate(
                _art("c", f"Harbour traders said on Friday the pier would be sold.\n\n{post}", None)
            )
        ]
    )
    assert _no_story_day(reference_dates(alone)["c"])


def test_a_file_photo_is_no_older_than_the_story() -> None:
    # the photo is not the story's day, but the story is told after it was taken: its year
    # bounds the story year from below ("last year" is not 1987)
    text = (
        "FILE - In this May 24, 2025, file photo, Rep. Ann Vale speaks in the Tollbridge hall.\n\n"
        "Vale, first elected in 1988, said her son was found on Friday. He had left home last "
        "year after a quarrel."
    )
    docs = annotate([mark_boilerplate(_art("a", text, None))])
    ref = reference_dates(docs)["a"]
    assert ref.year_only and ref.date is not None and ref.date.year == 2025
    dates = _dates_of(docs)["a"]
    assert "2024" in dates and "1987" not in dates


def test_a_copyright_line_bounds_the_story_year_from_above() -> None:
    # the text reports only a background year; the page's copyright year is the story's
    text = (
        "Vale, first elected in 1988, said her son came home on Friday. He had left last year.\n\n"
        "Copyright 2025 Harbour Radio. All rights reserved."
    )
    docs = annotate([mark_boilerplate(_art("a", text, None))])
    ref = reference_dates(docs)["a"]
    assert ref.year_only and ref.date is not None and ref.date.year == 2025
    assert "2024" in _dates_of(docs)["a"]
    # several articles: the earliest copyright year (a footer may show the year it was read)
    two = annotate(
        [
            mark_boilerplate(_art("a", text, None)),
            mark_boilerplate(
                _art(
                    "b",
                    "The pier reopened in 2020. Vale spoke on Friday.\n\n© 2023 Pier News",
                    None,
                )
            ),
        ]
    )
    assert {r.date.year for r in reference_dates(two).values() if r.date} == {2023}
    # a copyright year before what the text reports as past bounds nothing
    stale = annotate(
        [
            mark_boilerplate(
                _art(
                    "c",
                    "The pier closed in March 2026. Vale spoke on Friday.\n\n© 2024 Pier News",
                    None,
                )
            )
        ]
    )
    ref = reference_dates(stale)["c"]
    assert ref.date is not None and ref.date.year == 2026


def test_copyright_years() -> None:
    assert copyright_years("Text.\n\n© 2010–2016 Harbour Radio, all rights reserved\n") == [2016]
    assert copyright_years("Copyright (c) 2019 Pier News") == [2019]
    # inside a long sentence, not a copyright line
    body = (
        "After a long dispute the council said the harbour's old painted signs, whose copyright "
        "2012 designs it bought, would stay."
    )
    assert copyright_years(body) == []


def test_a_day_counted_from_the_date_told_before_it() -> None:
    text = (
        "The pier was sold on March 3, 2026. Two days later, the buyer closed it. The next morning "
        "traders protested. The council met the day after the vote. A week earlier, on Feb. 20, "
        "2026, the council had approved the sale."
    )
    docs = annotate([_art("a", text, "2026-03-20")])
    by_text = {
        t.text.split(",")[0].split(" traders")[0]: t.date for t in build_timeline(docs).entries
    }
    assert by_text["Two days later"] == "2026-03-05"  # from the sentence before
    assert by_text["The next morning"] == "2026-03-06"  # from the day just counted
    # "the day after the vote" counts from a happening, not a date; "A week earlier, on Feb. 20"
    # writes its own day, which wins
    assert sorted(by_text.values()) == ["2026-02-20", "2026-03-03", "2026-03-05", "2026-03-06"]
    assert find_chained("over the next week") == []
    assert [m.text for m in find_chained("the day before, and 3 weeks later")] == [
        "the day before",
        "3 weeks later",
    ]


def test_the_same_day_as_the_date_told_before_it() -> None:
    text = (
        "The pier was sold on March 3, 2026. Later that day, the buyer closed it. Hours later "
        "traders protested. The council met on the same day as the ferry board."
    )
    docs = annotate([_art("a", text, "2026-03-20")])
    entries = build_timeline(docs).entries
    cited = {c.start for t in entries if t.date == "2026-03-03" for c in t.citations}
    # the sale, the closure and the protest are dated; "the same day as" another happening
    # names no day told
    assert len(cited) == 3 and {t.date for t in entries} == {"2026-03-03"}
    assert [m.text for m in find_chained("That night, and the same day as the vote")] == [
        "That night"
    ]


def test_an_event_that_tells_no_day_reads_its_weekdays_near_the_storys_day() -> None:
    docs = annotate(
        [
            _art(
                "wire",
                "Minutes of the Tollbridge council, Friday, March 6, 2026.\n\nThe council voted to "
                "sell the pier on Thursday.",
                None,
            ),
            _art("radio", "A radio host condemned the sale on Friday.", None),
        ]
    )
    events = [Event("e1", "vote", ("wire",)), Event("e2", "host", ("radio",))]
    refs = reference_dates(docs, events)
    assert refs["wire"].date == dt.date(2026, 3, 6)
    assert refs["radio"].date == dt.date(2026, 3, 6) and refs["radio"].window
    assert "2026-03-06" in _dates_of_events(docs, events)["radio"]


def _dates_of_events(docs: list, events: list) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in build_timeline(docs, events).entries:
        for c in t.citations:
            out.setdefault(c.article, set()).add(t.date)
    return out
