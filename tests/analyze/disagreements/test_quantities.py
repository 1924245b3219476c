"""Figures compared only when they measure one thing (``quantities``), as claims see them.

Fixture sentences are fictional and written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.analyze.disagreements import quantities as qty
from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.disagreements.nli import cue_contrast
from newsprism.analyze.quotes.extract import find_quotes
from newsprism.model import Article
from newsprism.nlp.annotate import annotate, load_nlp

from .fixtures import brief_two


def _claims(*texts: str) -> list[ClaimInfo]:
    arts = [Article(f"a{i}", f"a{i}.txt", t, outlet=f"Outlet {i}") for i, t in enumerate(texts)]
    docs = annotate(arts)
    q = find_quotes(docs)
    return extract_claims(docs, q.quotes, q.speakers, (), [(a.id,) for a in arts])


def _pair(a: str, b: str) -> str | None:
    ca, cb = _claims(a, b)[:2]
    return cue_contrast(ca, cb)


def _figures(text: str) -> list[qty.Quantity]:
    doc = load_nlp()(text)
    return qty.find_quantities(list(doc), [t.idx for t in doc], text)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # one count, two figures
        (
            "More than 30 riders have complained about the ferry this year.",
            "Forty riders have complained about the ferry this year.",
            "number",
        ),
        # one person's age
        (
            "Tobias Wren, 61, the harbour master, opened the pier.",
            "Tobias Wren, 68, the harbour master, opened the pier.",
            "number",
        ),
        # ages of two different people
        (
            "Tobias Wren, 61, the harbour master, opened the pier.",
            "Mara Quill, 68, the harbour master, opened the pier.",
            None,
        ),
        # the one person a definite role names: the driver, a 34-year-old man / the driver, 34
        (
            "Police said the driver, a 34-year-old man from Brennport, was arrested at the scene.",
            "The 41-year-old driver of the van was detained by officers after the crash.",
            "number",
        ),
        (
            "The driver, 34, was arrested at the scene.",
            "The 41-year-old driver of the van was detained by officers after the crash.",
            "number",
        ),
        # how long one happening took or lasted, under the same verb
        (
            "The ferry sank within 15 minutes of striking the rocks.",
            "The ferry sank within 40 minutes of striking the rocks, survivors said.",
            "number",
        ),
        (
            "A judge sentenced the skipper to 10 years in prison for smuggling.",
            "The skipper was sentenced to 12 years in prison for smuggling on Thursday.",
            "number",
        ),
        # not how long: a date, the span of the story's time, two happenings
        (
            "The ferry company was founded 10 years ago by two brothers.",
            "The ferry company was founded 12 years ago by two brothers, its website says.",
            None,
        ),
        (
            "Fares have risen for the past two years, the company said.",
            "Fares have risen for the past five years, riders said.",
            None,
        ),
        (
            "The ferry sank within 15 minutes of striking the rocks.",
            "Rescuers searched for 40 minutes before finding the skipper.",
            None,
        ),
        # "a 34-year-old man" names nobody: one of possibly several
        (
            "A 34-year-old man was arrested at the scene.",
            "A 41-year-old man was detained by officers after the crash.",
            None,
        ),
        # two roles are two people
        (
            "The driver, a 34-year-old man, was arrested at the scene.",
            "The 41-year-old passenger of the van was detained by officers after the crash.",
            None,
        ),
        # the killed and the wounded are two figures
        (
            "Twelve sailors were killed in the storm off Port Alder.",
            "Thirty sailors were wounded in the storm off Port Alder.",
            None,
        ),
        # "four of five charges": the total is not a count of charges found
        (
            "The jury found the skipper guilty on three charges of smuggling.",
            "The jury found the skipper guilty on four of five charges of smuggling.",
            None,
        ),
        # a range meets a figure inside it
        (
            "The crane stood between 6 and 8 metres above the quay.",
            "The crane stood 7 metres above the quay.",
            None,
        ),
        # "tops 1,500" is more than 1,500: it meets "nearly 1,600"
        (
            "The index tops 1,500 points in a falling market.",
            "The index fell nearly 1,600 points in a falling market.",
            None,
        ),
    ],
)
def test_figures_clash_only_for_one_thing(a: str, b: str, kind: str | None) -> None:
    assert _pair(a, b) == kind


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # a number with no counted noun, the people a verb says were killed
        (
            "The ferry fire killed 14, the coastguard said.",
            "Twenty were killed in the ferry fire.",
            "number",
        ),
        ("The ferry fire killed 14.", "The death toll of the ferry fire rose to 19.", "number"),
        ("Officials said 12 died in the ferry fire.", "The ferry fire left 17 dead.", "number"),
        # the killed and the hurt are two figures
        ("The ferry fire killed 14.", "The ferry fire injured 30.", None),
        # a part of a group counted elsewhere
        (
            "Of those, 5 were killed in the ferry fire.",
            "Twelve were killed in the ferry fire.",
            None,
        ),
        # a score or a vote counts no one
        (
            "The home side won 3 to 1 at the ferry ground.",
            "The home side won 4 to 1 at the ferry ground.",
            None,
        ),
        # the currency written after the figure
        (
            "The council paid 4 million dollars for the pier.",
            "The council paid $6 million for the pier.",
            "number",
        ),
    ],
)
def test_bare_counts_and_currency_words(a: str, b: str, kind: str | None) -> None:
    assert _pair(a, b) == kind


def test_times_need_one_happening() -> None:
    # a shared happening (the ferry sank) makes two clock times one figure
    assert _pair("The ferry sank at about 9:50 a.m.", "The ferry sank around 8:20 a.m.") == (
        "number"
    )
    # a photo posted and a sighting are two happenings
    assert (
        _pair("The photo was posted about 2 p.m.", "The boys were last heard from around 1 p.m.")
        is None
    )


def test_a_figure_both_agree_on_anchors_two_times() -> None:
    # no shared verb, but the same floor: one happening told at two clock times
    assert (
        _pair(
            "The fire broke out at about 9:50 a.m. on the 12th floor of the tower.",
            "Smoke was first seen around 8:20 a.m. on the 12th floor of the tower.",
        )
        == "number"
    )
    # two floors, two times: nothing ties them to one happening
    assert (
        _pair(
            "The fire broke out at about 9:50 a.m. on the 12th floor of the tower.",
            "Smoke was first seen around 8:20 a.m. on the 4th floor of the tower.",
        )
        is None
    )


def test_different_days_are_different_figures() -> None:
    assert (
        _pair(
            "On Friday the index closed down 412 points.",
            "On Monday the index closed down 938 points.",
        )
        is None
    )


def test_a_passing_extreme_and_where_things_ended_are_two_figures() -> None:
    (peak,) = _figures("Shares slid, with the Harbour Index falling as much as 1,400 points.")
    (moment,) = _figures("The Harbour Index sank nearly 1,500 points at one point on Tuesday.")
    (close,) = _figures("The Harbour Index closed down 1,020 points.")
    (spill,) = _figures("As much as 30 tonnes of fuel leaked into the bay.")
    assert peak.peak and moment.peak and not close.peak and not spill.peak
    assert qty.same_thing(peak, moment) and peak.clashes(moment)
    assert not qty.same_thing(peak, close)  # 1,400 at the worst and 1,020 at the close agree
    assert (
        _pair(
            "Shares slid, with the Harbour Index falling as much as 1,400 points.",
            "The Harbour Index closed down 1,020 points on the day.",
        )
        is None
    )


def _day_pair(a: str, b: str, aim: str, other: str) -> str | None:
    claims = _claims(a, b)
    x = next(c for c in claims if aim in c.text)
    y = next(c for c in claims if other in c.text)
    return cue_contrast(x, y)


def test_a_figure_of_another_day_than_the_other_articles_day() -> None:
    monday = (
        "Markets in Gull Bay had a rough Monday.\n\nOn Monday traders sold early. After a "
        "volatile session, the index ended down 938 points."
    )
    friday = "It extended a slide that began on Friday, when the index closed down 412 points."
    # the Friday figure against an article about Monday that never names Friday: two days
    assert _day_pair(friday, monday, "412", "938") is None
    # the same figure where the other article also names Friday: one day may be meant
    both = monday.replace("On Monday traders sold early.", "Friday was calm.")
    assert _day_pair(friday, both, "412", "938") == "number"
    # ages do not change from day to day
    assert (
        _day_pair(
            "Police named the driver on Wednesday as Tobias Wren, 41.",
            "On Tuesday the road was shut. On Tuesday night it reopened. Police said Tobias "
            "Wren, 44, had been charged.",
            "41",
            "44,",
        )
        == "number"
    )


def test_lengths_compare_in_metres_across_units() -> None:
    (feet,) = _figures("The lift car sat between 5 and 7 feet below the landing.")
    (storeys,) = _figures("The lift car was stuck eight stories below.")
    (building,) = _figures("A 12-story building stood on the corner.")
    (km,) = _figures("The trail runs 5 km along the river.")
    (miles,) = _figures("The trail runs about 3 miles along the river.")
    (far,) = _figures("The trail runs 12 miles along the river.")
    assert (feet.kind, feet.frame, round(feet.low, 2), round(feet.high, 2)) == (
        "distance",
        "below",
        1.52,
        2.13,
    )
    assert (storeys.kind, storeys.low) == ("distance", 24.0)  # how far below, in storeys
    assert building.kind == "count"  # the height of a building in floors is a count of floors
    assert feet.clashes(storeys) and not km.clashes(miles) and km.clashes(far)
    assert (
        _pair(
            "The lift car was stuck eight stories below, police said.",
            "The lift car was about 6 feet below the landing, a source said.",
        )
        == "number"
    )
    # two lengths of different things: no happening and no direction in common
    assert _pair("The trail runs 5 km along the river.", "The mast is 300 metres tall.") is None


def test_glued_ages_and_the_age_of_a_counted_group() -> None:
    ages = _figures('Tam "Bo" Relly,16, and Osk "Ozzy" Vane,17, set off from the slipway.')
    assert [(q.low, sorted(q.of)) for q in ages] == [(16.0, ["relly"]), (17.0, ["vane"])]
    (group,) = [q for q in _figures("Two missing 16-year-old boys were found.") if q.group]
    assert (group.low, group.group) == (16.0, 2)
    article = (
        "Two missing 16-year-old boys were found off the headland on Sunday.\n\n"
        "They were named as Tam Relly, 17, and Osk Vane, 16."
    )
    claims = _claims(article, "Tam Relly, 17, set off from the slipway.")
    (found,) = [q for c in claims for q in c.quantities if q.group]
    assert {"relly", "vane"} <= found.of  # in that article the two boys are those two
    three = article.replace("and Osk Vane, 16.", "Osk Vane, 16, and Ned Pry, 18.")
    (found,) = [q for c in _claims(three) for q in c.quantities if q.group]
    assert found.of == frozenset({"/boy"})  # three named, two counted: not those people


def test_an_age_both_give_does_not_tie_two_times_to_one_happening() -> None:
    assert (
        _pair(
            "Tam Relly, 16, had set off from the slipway at 7:45 a.m. on Sunday.",
            "Tam Relly, 16, was seen paddling near the headland around noon on Sunday.",
        )
        is None
    )


def test_one_question_about_a_figure_is_one_item(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Pier opens\nPublished 2 May 2026\n\nTobias Wren, 61, the harbour master, opened the "
        "pier.\n\nCrowds cheered as Wren, 61, cut the ribbon with a pair of brass shears.\n",
        "Crowds at Gull Bay\nPublished 2 May 2026\n\nThe pier was opened by Tobias Wren, 68, who "
        "has run the harbour since 2019.\n\nIn the rain Wren, 68, cut the ribbon with brass "
        "shears as crowds cheered.\n",
    )
    ages = [d for d in (*b.disagreements, *b.possible_disagreements) if d.kind == "number"]
    assert len(ages) == 1 and len(ages[0].sides) == 2  # 61 against 68, each side cited twice
    assert all(len(s.citations) == 2 for s in ages[0].sides)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # one crowd counted plainly and by its part in what happened, under one verb
        (
            "About 5,000 people marched through the capital on Saturday against the port tax.",
            "Some 12,000 protesters marched through the capital on Saturday against the port tax.",
            "number",
        ),
        (
            "The ferry fire killed 14 passengers.",
            "Twenty people were killed in the ferry fire.",
            "number",
        ),
        (
            "About 300 residents were evacuated from the valley.",
            "Police evacuated 800 people from the valley.",
            "number",
        ),
        # two words news uses for one part
        (
            "Some 900 demonstrators gathered outside the harbour office.",
            "About 2,000 protesters gathered outside the harbour office.",
            "number",
        ),
        # two parts are two groups; a part picked out by who they are is part of the whole
        (
            "About 300 residents were evacuated from the valley.",
            "About 900 tourists were evacuated from the valley.",
            None,
        ),
        (
            "Twelve people were killed in the ferry fire.",
            "Three children were killed in the ferry fire.",
            None,
        ),
        # not one happening: people at a concert, protesters arrested
        (
            "About 5,000 people attended the concert in the park.",
            "Police arrested 12 protesters near the park.",
            None,
        ),
    ],
)
def test_people_counted_by_their_part(a: str, b: str, kind: str | None) -> None:
    assert _pair(a, b) == kind


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # one amount of one thing, told under different verbs
        (
            "The judge set bail at $1 million for the ferry owner.",
            "The ferry owner is being held on $500,000 bail.",
            "number",
        ),
        (
            "Bail for the ferry owner was set at $2 million.",
            "The ferry owner is being held on $500,000 bail.",
            "number",
        ),
        # an amount reduced is an update, not a second account
        (
            "The judge set bail at $1 million for the ferry owner.",
            "Bail for the ferry owner was later reduced to $500,000.",
            None,
        ),
        # amounts of two things
        (
            "The ferry owner is being held on $500,000 bail.",
            "The ferry owner paid a $2 million fine last year.",
            None,
        ),
    ],
)
def test_amounts_of_one_thing(a: str, b: str, kind: str | None) -> None:
    assert _pair(a, b) == kind


def test_what_an_amount_is_of() -> None:
    assert [q.of for q in _figures("A bail of $2 million was set.")] == [frozenset({"bail"})]
    assert [q.of for q in _figures("The city agreed to a $40 million settlement.")] == [
        frozenset({"settle"})  # a stem, as the predicates are
    ]
    assert [q.of for q in _figures("The total came to $3 million.")] == [frozenset()]


def test_an_earthquakes_magnitude() -> None:
    assert [(q.kind, q.low) for q in _figures("A 6.4-magnitude earthquake struck.")] == [
        ("magnitude", 6.4)
    ]
    assert [(q.kind, q.low) for q in _figures("It measured 5.9 on the Richter scale.")] == [
        ("magnitude", 5.9)
    ]
    # an aftershock, a past quake named with its year: neither the shock's figure nor a count
    assert not _figures("A magnitude 5.1 aftershock followed.")
    assert not _figures("It was the strongest since a magnitude 7.0 quake in 1990.")
    assert (
        _pair(
            "The earthquake had a magnitude of 6.1, the survey said.",
            "The magnitude-6.4 quake was felt across the county.",
        )
        == "number"
    )


def test_a_magnitude_clash_asks_how_strong(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Quake hits Gull Bay\nPublished 4 May 2026\n\nAn earthquake shook Gull Bay on Monday "
        "morning, toppling chimneys.\n\nA magnitude 6.1 earthquake struck at 9:40 a.m.\n",
        "Gull Bay shaken\nPublished 4 May 2026\n\nChimneys fell across Gull Bay when an "
        "earthquake struck on Monday morning.\n\nThe 6.4-magnitude earthquake struck at 9:40 "
        "a.m., the survey said.\n",
    )
    (d,) = b.disagreements
    assert (d.kind, d.topic) == ("number", "How strong the earthquake was")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("She lost about 50 pounds before the race.", "weight"),
        ("Police seized 20 pounds of cocaine.", "weight"),
        ("The bear weighed 300 pounds.", "weight"),
        ("He weighs 90 kilograms.", "weight"),
        # pounds with nothing weighed are money, and always after the sign
        ("The fine was 500 pounds.", "money"),
        ("The council paid £500 for the sign.", "money"),
        ("The firm paid 4 million pounds for the pier.", "money"),
    ],
)
def test_pounds_of_weight_and_pounds_of_money(text: str, kind: str) -> None:
    assert [q.kind for q in _figures(text)] == [kind]


def test_weights_compare_in_kilograms() -> None:
    seized = "Police seized 20 pounds of cocaine from the ferry."
    assert _pair(seized, "Police seized 30 pounds of cocaine from the ferry, officials said.")
    assert _pair(seized, "Police seized 20 kilograms of cocaine from the ferry, they said.")
    # 20 pounds are about 9 kilograms
    assert not _pair(seized, "Police seized 9 kilograms of cocaine from the ferry, they said.")


def test_a_figure_after_including_is_a_part() -> None:
    people, children = _figures("Twelve people were killed in the fire, including three children.")
    assert (people.unit, people.part, people.partitive) == ("people", "people", False)
    assert (children.low, children.partitive) == (3.0, True)


def test_pair_words_count_two() -> None:
    (twin,) = [q for q in _figures("Twin blasts shook the harbour.") if q.kind == "count"]
    assert (twin.low, twin.unit) == (2.0, "explosion")  # blast and explosion are one unit


def test_ordinal_floors_and_ranges() -> None:
    (floor,) = [q for q in _figures("The lift halted between the 14th and 15th floors.")]
    assert (floor.kind, floor.low, floor.high) == ("floor", 14.0, 15.0)


def test_words_for_one_are_not_figures() -> None:
    assert not [q for q in _figures("Let me add one more thing.") if q.kind == "count"]
    assert not [q for q in _figures("The two fell several feet.") if q.unit == "foot"]


def test_an_age_clash_asks_how_old_the_person_is(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Pier opens\nPublished 2 May 2026\n\nTobias Wren, 61, the harbour master, opened the pier.\n",
        "Crowds at Gull Bay\nPublished 2 May 2026\n\nHundreds queued in the rain as the new pier "
        "opened to the public.\n\nThe pier was opened by Tobias Wren, 68, who has run the harbour "
        "since 2019.\n",
    )
    (d,) = [d for d in b.disagreements if d.kind == "number"]
    assert d.topic == "How old Tobias Wren is"


def test_a_time_clash_asks_at_what_time(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Tower fire\nPublished 2 May 2026\n\nThe fire broke out at about 9:50 a.m. on the 12th "
        "floor of the Gull Bay tower.\n",
        "Smoke over Gull Bay\nPublished 2 May 2026\n\nResidents were evacuated from the Gull Bay "
        "tower.\n\nSmoke was first seen around 8:20 a.m. on the 12th floor of the tower, "
        "neighbours said.\n",
    )
    (d,) = [d for d in [*b.disagreements, *b.possible_disagreements] if d.kind == "number"]
    assert d.topic.startswith("At what time ")


def test_a_floor_clash_asks_on_which_floor(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Lift fall\nPublished 2 May 2026\n\nThe lift plunged to the 9th floor, where firefighters "
        "freed the two passengers.\n",
        "Lift rescue\nPublished 2 May 2026\n\nA mechanic freed the two passengers from the lift "
        "on the 4th floor, neighbours said.\n",
    )
    (d,) = [d for d in [*b.disagreements, *b.possible_disagreements] if d.kind == "number"]
    assert d.topic == "On which floor it happened"


def test_an_age_of_a_role_asks_how_old_that_person_is(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Van hits ferry queue\nPublished 4 May 2026\n\nThe harbour board met at Gull Wharf on "
        "Monday.\n\nPolice said the driver, a 34-year-old man from Brennport, was arrested at "
        "the scene.\n",
        "Crash at Gull Wharf\nPublished 4 May 2026\n\nFerry passengers waited for news on "
        "Monday.\n\nThe 41-year-old driver of the van was detained by officers shortly after "
        "the crash, a police spokesman said.\n",
    )
    (d,) = [d for d in b.disagreements if d.kind == "number"]
    assert d.topic == "How old the driver is"


def test_an_amount_clash_asks_how_much_not_how_many(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Port sold\nPublished 4 May 2026\n\nThe port operator was sold for $1.2 billion to a "
        "shipping group.\n",
        "Shipping group buys the port\nPublished 4 May 2026\n\nDock workers heard the news on "
        "Friday.\n\nThe port operator was sold to the shipping group for $900 million on "
        "Friday.\n",
    )
    (d,) = [d for d in b.disagreements if d.kind == "number"]
    assert d.topic == "How much it was"


def test_a_sentence_clash_asks_how_long_the_sentence_is(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Skipper jailed\nPublished 4 May 2026\n\nA judge sentenced the skipper to 10 years in "
        "prison for smuggling.\n",
        "Smuggling trial ends\nPublished 4 May 2026\n\nThe court in Gull Bay heard the case on "
        "Thursday.\n\nThe skipper was sentenced to 12 years in prison for smuggling.\n",
    )
    (d,) = [d for d in b.disagreements if d.kind == "number"]
    assert d.topic == "How long the sentence is"


def _read(text: str) -> list[tuple[str, float, float]]:
    return [(q.kind, q.low, q.high) for q in _figures(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Two hundred hikers were rescued from the ridge.", 200.0),
        ("Seven hundred and forty kayaks lined the harbour wall.", 740.0),
        ("Sixty-three hikers were rescued from the ridge.", 63.0),
        ("Twenty-one hikers were rescued from the ridge.", 21.0),
        ("Two dozen hikers were rescued from the ridge.", 24.0),
        ("Three hundred thousand tulips were planted by the canal.", 300_000.0),
    ],
)
def test_a_number_written_in_several_words_is_one_figure(text: str, value: float) -> None:
    got = _read(text)
    assert [(lo, hi) for kind, lo, hi in got if kind == "count"] == [(value, value)]


def test_a_written_number_agrees_with_its_digits() -> None:
    assert (
        _pair(
            "Two hundred hikers were rescued from the ridge on Sunday.",
            "Rangers said 200 hikers were rescued from the ridge on Sunday.",
        )
        is None
    )
    assert (
        _pair(
            "Two hundred hikers were rescued from the ridge on Sunday.",
            "Rangers said 350 hikers were rescued from the ridge on Sunday.",
        )
        == "number"
    )


def test_over_a_thousand_is_a_figure() -> None:
    [(kind, lo, hi)] = _read("The storm flattened over a thousand greenhouses.")
    assert kind == "count" and lo > 1000 and hi < 2000


def test_a_figure_with_plus_is_at_least() -> None:
    [(kind, lo, hi)] = _read("The storm flattened 3,000-plus greenhouses.")
    assert kind == "count" and lo == 3000 and hi > 3000


def test_an_amount_glued_to_its_scale_and_a_sentence_end() -> None:
    assert _read("The marina was sold for US$1.2bn.") == [("money", 1.2e9, 1.2e9)]
    assert _read("The marina was sold for $40m.") == [("money", 4e7, 4e7)]
    assert _read("She moved her savings into a 401k plan.") == []


def test_round_numbers_in_the_plural_are_an_interval() -> None:
    [(kind, lo, hi)] = _read("Tens of thousands of cyclists rode through the valley.")
    assert kind == "count" and lo == 20_000 and hi < 100_000
    [(kind, lo, hi)] = _read("Hundreds of greenhouses were flattened by the storm.")
    assert kind == "count" and lo == 200 and hi < 1000
    # "dozens" was exactly 24: it clashed with 30 and agreed with nothing else
    assert (
        _pair(
            "Dozens of hikers were rescued from the ridge on Sunday.",
            "Rangers said 30 hikers were rescued from the ridge on Sunday.",
        )
        is None
    )
    assert (
        _pair(
            "Dozens of hikers were rescued from the ridge on Sunday.",
            "Rangers said 9 hikers were rescued from the ridge on Sunday.",
        )
        == "number"
    )


@pytest.mark.parametrize(
    ("text", "whose"),
    [
        ("Tobias Wren, aged 61, was questioned at the quay.", "wren"),
        ("The skipper, aged 58, was questioned at the quay.", "@skipper"),
        ("Osk Vane (16) paddled out before dawn.", "vane"),
        ("The skipper was 58 years old.", "@skipper"),
    ],
)
def test_ages_told_in_other_forms(text: str, whose: str) -> None:
    ages = [q for q in _figures(text) if q.kind == "age"]
    assert len(ages) == 1 and whose in ages[0].of


def test_an_age_told_two_ways_clashes_for_one_person() -> None:
    assert (
        _pair(
            "Tobias Wren, aged 61, was questioned at the quay.",
            "Tobias Wren, 68, was questioned at the quay on Friday.",
        )
        == "number"
    )
    assert _figures("The harbour wall (1890) was rebuilt.") == []


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The ferry left the quay at noon.", 720.0),
        ("The ferry left the quay at 14:30 local time.", 870.0),
        ("The ferry left the quay at 0950 GMT.", 590.0),
        ("The ferry left the quay at 9.50pm.", 1310.0),
        ("The ferry left the quay shortly after 09:50.", 590.0),
    ],
)
def test_clock_times_in_other_forms(text: str, minutes: float) -> None:
    assert [(lo, hi) for kind, lo, hi in _read(text) if kind == "time"] == [(minutes, minutes)]


def test_a_score_is_no_clock_time() -> None:
    assert [k for k, _, _ in _read("The harbour vote went 21:13 against the plan.")] == []
    assert (
        _pair(
            "The ferry left the quay at noon on Friday.",
            "The ferry left the quay at 3 p.m. on Friday.",
        )
        == "number"
    )


def test_an_age_someone_had_then_is_not_their_age() -> None:
    assert _figures("The lighthouse closed when Osk Vane was four years old.") == []


def test_a_round_number_in_the_plural_is_not_compared_by_meaning() -> None:
    from newsprism.analyze.disagreements.alignment import count_candidates

    claims = _claims(
        "Thousands of walkers crowded the harbour path on Sunday.",
        "Only 47 kiosks along the harbour path were open on Sunday.",
    )
    assert count_candidates(claims) == []


def test_a_figure_heading_names_what_the_clashing_figures_count() -> None:
    from newsprism.analyze.disagreements.topics import readable_topic

    a, b = _claims(
        "A 9-year-old girl lit the first one, and hundreds of lanterns were released over the bay.",
        "Organisers said thousands of lanterns were released over the bay.",
    )
    assert _pair(a.text, b.text) == "number"
    topic = readable_topic("number", [a, b], measured="count:lantern::")
    assert "lantern" in topic.lower() and "year" not in topic.lower()


def test_a_count_heading_takes_the_plural_as_written_never_built_from_the_stem() -> None:
    import dataclasses

    from newsprism.analyze.disagreements.topics import number_topic, readable_topic

    one, three = _claims(
        "Rescuers carried one child from the flooded ferry terminal at Brill Point.",
        "Rescuers carried three children from the flooded ferry terminal at Brill Point.",
    )
    topic = readable_topic("number", [one, three], measured="count:child::")
    assert topic.startswith("How many children") and "childs" not in topic
    # no side asks the question: the plural comes from a side's own token, else none is made
    bare = [dataclasses.replace(c, counted=()) for c in (one, three)]
    assert number_topic(bare, "child") == "How many children"
    unwritten = [dataclasses.replace(c, plurals=()) for c in bare]
    assert number_topic(unwritten, "child") == "How many there were"


def test_the_plural_of_a_singular_count_is_read_from_its_own_article() -> None:
    from newsprism.analyze.disagreements import phrasing
    from newsprism.nlp.annotate import load_nlp

    doc = load_nlp()("One family stayed in the hall. The other families went home by boat.")
    family = next(t for t in doc if t.lower_ == "family")
    assert phrasing.plural_of(family) == "families"
    boat = next(t for t in doc if t.lower_ == "boat")
    assert phrasing.plural_of(boat) == ""  # never written in the plural: none built


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # a noun naming what happened is a count of the people it happened to
        (
            "The mudslide above Orrow village caused 14 deaths on Tuesday.",
            "Nine people were killed when the mudslide hit Orrow village on Tuesday.",
            "number",
        ),
        (
            "The capsizing of the Tern ferry claimed 31 lives.",
            "At least 40 people died when the Tern ferry capsized.",
            "number",
        ),
        (
            "Police made 60 arrests outside the stadium after the derby.",
            "Officers arrested 25 people outside the stadium after the derby.",
            "number",
        ),
        (
            "The gas leak at the depot left 18 injuries.",
            "Six people were injured by the gas leak at the depot.",
            "number",
        ),
        # ... and agrees with an "at least" of the same figure
        (
            "At least 12 people were killed in the pileup on the ring road.",
            "The pileup on the ring road caused 12 deaths.",
            None,
        ),
        # lives saved are no count of the dead; bodies found are a part of them
        (
            "Lifeguards saved 30 lives on the beach at Pellam.",
            "Four people drowned off the beach at Pellam, and 2 died later.",
            None,
        ),
        (
            "Divers recovered 11 bodies from the flooded quarry.",
            "Nineteen people were killed when the quarry flooded.",
            None,
        ),
        # some of the people in a frame cannot be more than all of them
        (
            "The blaze at the Kestrel pit killed 23 miners.",
            "Twelve people were killed in the blaze at the Kestrel pit.",
            "number",
        ),
        # ... but may be fewer, and two parts are two groups
        (
            "The blaze at the Kestrel pit killed 5 miners.",
            "Twelve people were killed in the blaze at the Kestrel pit.",
            None,
        ),
        (
            "The ambush near Dovecote killed 14 soldiers.",
            "Nine civilians were killed in the ambush near Dovecote.",
            None,
        ),
        # animals killed are no part of the people killed
        (
            "The flood in the Marrow valley killed 300 sheep.",
            "Four people were killed by the flood in the Marrow valley.",
            None,
        ),
        # two places, and a running total against one happening's count
        (
            "The storm caused 8 deaths in Danbury.",
            "Fifteen people were killed by the storm in Pellam County.",
            None,
        ),
        (
            "The storm killed 8 people in Danbury.",
            "Fifteen people were killed by the storm in Pellam County.",
            None,
        ),
        (
            "The storm killed 8 people in Danbury.",
            "Fifteen people were killed by the storm in Danbury on the coast.",
            "number",
        ),
        (
            "The marsh fever has killed 120 people in Lowry this year.",
            "Seven people died of the marsh fever in Lowry on Friday.",
            None,
        ),
        (
            "The insurgency has killed 400 soldiers over the past year.",
            "Twelve people were killed in the insurgents' attack on the convoy.",
            None,
        ),
        # another day, another frame
        (
            "On Monday the marsh fever caused 4 deaths in Lowry.",
            "On Thursday 11 people died of the marsh fever in Lowry.",
            None,
        ),
        (
            "The tram crash caused 3 deaths.",
            "Twenty people were injured in the tram crash.",
            None,
        ),
    ],
)
def test_casualty_counts_whatever_the_noun(a: str, b: str, kind: str | None) -> None:
    assert _pair(a, b) == kind


def test_deaths_against_people_killed_in_a_briefing(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Mudslide buries homes in Orrow\n\nThe mudslide above Orrow village caused 14 deaths "
        "on Tuesday, the regional council said.\n\nRescue teams dug through the night to reach "
        "the buried houses on the upper road.\n",
        "Orrow mudslide: families wait for news\n\nNine people were killed when the mudslide "
        "hit Orrow village on Tuesday, police said.\n\nRescue teams dug through the night to "
        "reach buried houses along the upper road.\n",
    )
    (d,) = b.disagreements
    assert d.kind == "number"
    assert d.topic == "How many deaths the mudslide above Orrow village caused"


def test_a_part_above_the_whole_in_a_briefing(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Kestrel pit blaze\n\nThe blaze at the Kestrel pit killed 23 miners, the mine's owner "
        "said on Friday.\n",
        "Fire at Kestrel pit\n\nTwelve people were killed in the blaze at the Kestrel pit, the "
        "fire service said on Friday.\n",
    )
    (d,) = b.disagreements
    assert d.kind == "number"
    assert {s.claim[:10] for s in d.sides} == {"The blaze ", "Twelve peo"}
