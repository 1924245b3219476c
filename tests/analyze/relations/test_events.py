"""Event grouping on fictional stories (two events about one ferry, one storm) and on the seeds."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from newsprism.analyze.relations.events import (
    cluster,
    dates_in,
    group_events,
    in_date_order,
    partition,
    similarities,
)
from newsprism.analyze.relations.links import RelationResult, find_relations
from newsprism.model import Article, Event
from newsprism.nlp.annotate import AnnotatedArticle, annotate

# three outlets' own reports of one council vote (Tuesday 5 March 2024)
VOTE = {
    "vote-herald": (
        "Harbour Herald",
        "2024-03-06",
        """Port Alder council voted on Tuesday to close the Saltcombe ferry route at the end of the summer.
Councillors backed the closure by nineteen votes to eleven after a three-hour debate in the town hall.
Mayor Ana Brill said the decision was painful but unavoidable because the route had lost money for seven years.
The harbour master warned that lorries would be forced onto the coast road, which floods every winter.
""",
    ),
    "vote-tide": (
        "Tidewater Times",
        "2024-03-06",
        """Councillors in Port Alder have agreed to scrap the Saltcombe ferry, cutting the only direct link between the island and the mainland.
The vote, taken late on Tuesday after a long debate, means the boat will make its final crossing in September.
Council leader Tomas Okafor defended the closure, saying the money saved would repair the harbour wall.
Island fishermen fear their catches will no longer reach mainland markets in time.
""",
    ),
    "vote-ledger": (
        "Morning Ledger",
        "2024-03-05",
        """The Saltcombe ferry will stop running in September after Port Alder councillors voted tonight to close the route.
The council chamber was packed for the vote, which passed by nineteen to eleven after members debated the closure for three hours.
Mayor Ana Brill told councillors the ferry had lost money every year since 2017.
""",
    ),
}

# two outlets' reports of a protest march about the same ferry, four days later
MARCH = {
    "march-herald": (
        "Harbour Herald",
        "2024-03-10",
        """Hundreds of island residents marched through the centre of Port Alder on Saturday, carrying banners and ringing ships' bells.
The march ended with a rally outside the town hall, where speakers called on the mayor to hold a public referendum.
Organisers said more than eight hundred people had joined the march, many of them travelling over on the ferry itself.
Police said the protest passed off peacefully and no arrests were made.
""",
    ),
    "march-valley": (
        "Valley Post",
        "2024-03-09",
        """Crowds of protesters marched from the harbour to the town hall in Port Alder today, waving banners and chanting for the ferry to be saved.
Campaign organiser Leila Marsh told the rally that eight hundred marchers had come to show the strength of feeling on the island.
The peaceful protest brought traffic in the town centre to a halt for an hour.
""",
    ),
}

STORM = (
    "Coastline News",
    None,
    """A winter storm tore away part of the Brackwater pier overnight, leaving fishing boats stranded in the outer harbour.
Coastguard crews spent several hours moving small vessels to safety as waves broke over the sea wall.
Engineers said the pier would stay closed until its wooden supports had been inspected.
""",
)


def _articles() -> list[Article]:
    items = {**VOTE, **MARCH, "storm": STORM}
    order = ["march-herald", "vote-herald", "storm", "vote-tide", "march-valley", "vote-ledger"]
    return [
        Article(aid, f"{aid}.txt", items[aid][2], outlet=items[aid][0], published=items[aid][1])
        for aid in order
    ]


@pytest.fixture(scope="module")
def docs() -> list[AnnotatedArticle]:
    return annotate(_articles())


@pytest.fixture(scope="module")
def events(docs: list[AnnotatedArticle]) -> tuple[Event, ...]:
    return group_events(docs, find_relations(docs))


def test_vote_march_and_storm_are_three_events(events: tuple[Event, ...]) -> None:
    groups = {frozenset(e.articles) for e in events}
    assert groups == {frozenset(VOTE), frozenset(MARCH), frozenset({"storm"})}


def test_event_articles_keep_article_order(events: tuple[Event, ...]) -> None:
    vote = next(e for e in events if "vote-herald" in e.articles)
    assert vote.articles == ("vote-herald", "vote-tide", "vote-ledger")


def test_dates_resolve_relative_days_and_order_ids(events: tuple[Event, ...]) -> None:
    by_first = {e.articles[0]: e for e in events}
    assert by_first["vote-herald"].date == "2024-03-05"  # "on Tuesday", "tonight"
    assert by_first["march-herald"].date == "2024-03-09"  # "on Saturday", "today"
    assert by_first["storm"].date is None  # no publication date, no date in the text
    assert [e.id for e in events] == ["e1", "e2", "e3"]
    assert [e.articles[0] for e in events] == ["vote-herald", "march-herald", "storm"]


def test_labels_name_the_event(events: tuple[Event, ...]) -> None:
    by_first = {e.articles[0]: e.label.lower() for e in events}
    assert "vote" in by_first["vote-herald"]
    assert "march" in by_first["march-herald"]
    assert "storm" in by_first["storm"]
    for label in by_first.values():
        assert 1 <= len(label.split()) <= 8


def test_independent_group_is_always_one_event(docs: list[AnnotatedArticle]) -> None:
    ids = [d.id for d in docs]
    # pretend the storm report is a version of the march report: they must then share an event
    groups = tuple(
        ("march-herald", "storm") if a == "march-herald" else (a,) for a in ids if a != "storm"
    )
    forced = group_events(docs, RelationResult((), (), groups))
    (event,) = [e for e in forced if "storm" in e.articles]
    assert "march-herald" in event.articles


def test_single_article_is_one_event(docs: list[AnnotatedArticle]) -> None:
    (event,) = group_events(docs[:1], find_relations(docs[:1]))
    assert (event.id, event.articles, event.date) == ("e1", ("march-herald",), "2024-03-09")
    assert event.label
    assert group_events([], RelationResult((), (), ())) == ()


def test_similarities_are_symmetric_and_bounded(docs: list[AnnotatedArticle]) -> None:
    for sim in similarities(docs, find_relations(docs)):
        assert (sim == sim.T).all()
        assert sim.min() >= 0.0 and sim.max() <= 1.0
        assert (sim.diagonal() == 1.0).all()


def test_cluster_uses_average_linkage() -> None:
    import numpy as np

    # b is close to a and to c, but a and c are far apart: a chain must not make one cluster
    sim = np.array([[1.0, 0.6, 0.0], [0.6, 1.0, 0.6], [0.0, 0.6, 1.0]])
    assert cluster(sim, 0.5) == [[0, 1], [2]]
    assert cluster(sim, 0.3) == [[0, 1, 2]]


def test_partition_splits_a_story_only_on_agreeing_leads() -> None:
    import numpy as np

    story = np.full((5, 5), 0.5)
    event = np.full((5, 5), 0.05)
    event[0, 1] = event[1, 0] = event[2, 3] = event[3, 2] = 0.6
    story[4, 2] = story[2, 4] = story[4, 3] = story[3, 4] = 0.9
    np.fill_diagonal(event, 1.0)
    # two groups of agreeing leads; the lone lead joins the group whose text is closest
    assert partition(story, event, [0] * 5) == [[0, 1], [2, 3, 4]]
    # ... unless its lead dates it to another day
    assert partition(story, event, [0, 0, 7, 7, 9]) == [[0, 1], [2, 3], [4]]
    # no two leads agree: one event, split only by dates
    lone = np.eye(3) + 0.05
    assert partition(np.full((3, 3), 0.5), lone, [0, 0, 0]) == [[0, 1, 2]]
    assert partition(np.full((3, 3), 0.5), lone, [5, 0, 6]) == [[0, 1], [2]]
    # different stories are never one event
    apart = np.eye(2)
    assert partition(apart, apart, [0, 0]) == [[0], [1]]


def test_report_with_an_unusual_lead_joins_its_event(docs: list[AnnotatedArticle]) -> None:
    text = (
        "Fishermen on Saltcombe island say their catches could rot on the quay by the autumn.\n"
        "Port Alder council voted on Tuesday to close the Saltcombe ferry route after a long "
        "debate, by nineteen votes to eleven.\n"
        "Mayor Ana Brill said the closure was unavoidable because the ferry had lost money.\n"
    )
    extra = annotate([Article("vote-angle", "vote-angle.txt", text, outlet="Island Voice")])
    all_docs = [*docs, *extra]
    groups = {frozenset(e.articles) for e in group_events(all_docs, find_relations(all_docs))}
    assert frozenset({*VOTE, "vote-angle"}) in groups


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The vote on Tuesday evening", "2024-03-07", ["2024-03-05"]),
        ("The vote on Thursday", "2024-03-07", ["2024-03-07"]),
        ("It happened last Thursday", "2024-03-07", ["2024-02-29"]),
        ("Police said yesterday", "2024-03-01", ["2024-02-29"]),
        ("Talks resume today", "2024-03-01", ["2024-03-01"]),
        ("The hearing on 4 March 2023 was short", None, ["2023-03-04"]),
        ("The hearing on March 4th was short", "2024-05-01", ["2024-03-04"]),
        ("The hearing on March 4th was short", None, []),
        ("Filed 2021-11-30.", None, ["2021-11-30"]),
        ("On Tuesday, nothing", None, []),
        ("Talks resume next Monday", "2024-03-07", []),
    ],
)
def test_dates_in(text: str, published: str | None, expected: list[str]) -> None:
    pub = dt.date.fromisoformat(published) if published else None
    assert [d.isoformat() for d in dates_in(text, pub)] == expected


def test_many_generated_articles_group_by_story() -> None:
    """200 reports of 40 invented stories: each report words its lead in its own way."""
    rng = random.Random(5)
    syll = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "na", "qua", "zel", "bri"]
    lexicon = sorted({"".join(rng.choice(syll) for _ in range(3)) for _ in range(3000)})
    nouns = ["vote", "strike", "protest", "hearing", "summit", "fire", "deal", "election"]
    actions = ["close", "sell", "rebuild", "ban", "fund", "move", "merge", "expand"]
    leads = [
        "{place} {body} agreed on {day} to {action} the {thing} after a long {noun}.",
        "The {thing} in {place} will {action} after the {body} backed the plan at a {noun}.",
        "A {noun} by the {body} of {place} has cleared the way to {action} the {thing}.",
        "Members of the {body} in {place} chose to {action} the {thing}, a {noun} showed.",
        "{place} will {action} its {thing}, the {body} decided at {day}'s {noun}.",
    ]
    arts = []
    for s in range(40):
        words = rng.sample(lexicon, 5)
        vocab = rng.sample(lexicon, 20)  # what the story is about, used all through its reports
        facts = {
            "place": f"{words[0].capitalize()} {words[1].capitalize()}",
            "body": f"{words[2]} board",
            "thing": f"{words[3]} {words[4]}",
            "action": rng.choice(actions),
            "noun": rng.choice(nouns),
            "day": rng.choice(["Monday", "Tuesday", "Friday"]),
        }
        for k in range(5):
            filler = [
                " ".join(rng.choice(vocab if j % 2 else lexicon) for j in range(12)).capitalize()
                + "."
                for _ in range(3)
            ]
            text = "\n".join([leads[k].format(**facts), *filler]) + "\n"
            arts.append(Article(f"s{s:02d}-{k}", f"s{s:02d}-{k}", text))
    docs = annotate(arts)
    events = group_events(docs, find_relations(docs))
    groups = sorted(tuple(a[:3] for a in e.articles) for e in events)
    assert groups == [(f"s{s:02d}",) * 5 for s in range(40)]
    assert all(e.label for e in events)


# --------------------------------------------------------------------------------------------


def _seed_articles(seeds_dir: Path) -> list[Article]:
    from newsprism.ingest.boilerplate import mark_boilerplate
    from newsprism.ingest.metadata import extract_metadata
    from newsprism.ingest.readers import read_inputs

    return [extract_metadata(mark_boilerplate(a)) for a in read_inputs([str(seeds_dir)]).articles]


def test_seed_events(seeds_dir: Path) -> None:
    docs = annotate(_seed_articles(seeds_dir))
    events = group_events(docs, find_relations(docs))
    groups = {frozenset(a[:3] for a in e.articles) for e in events}
    assert groups == {frozenset({"000", "001"}), frozenset({"002", "003", "004"})}
    assert all(2 <= len(e.label.split()) <= 8 for e in events)


# ------------------------------------------------------------------------------------ labels


def _label_of(*texts: str) -> str:
    arts = [
        Article(f"a{i}", f"a{i}.txt", t, outlet=f"Outlet {i}", published="2031-05-07")
        for i, t in enumerate(texts)
    ]
    docs = annotate(arts)
    (event,) = group_events(docs, find_relations(docs))
    return event.label


def test_label_names_the_participants_of_the_event() -> None:
    label = _label_of(
        "Talks between the Brackwater Dockers Union and the Harbour Board broke up on Monday "
        "without agreement on pay.\nThe union said it would ballot members on a strike.\n",
        "Union leaders walked out of the talks on Monday evening after the board refused to "
        "improve its pay offer.\nA ballot on industrial action will open next week.\n",
    )
    assert label.startswith("Talks between")
    assert "Dockers Union" in label and "Harbour Board" in label
    assert 3 <= len(label.split()) <= 8


def test_label_puts_the_named_subject_before_a_bare_event() -> None:
    label = _label_of(
        "The Kestrel Valley District Council approved a new bus contract after an emergency "
        "meeting on Monday night.\nCouncillors said the old contract had failed passengers.\n",
    )
    assert label == "Kestrel Valley District Council emergency meeting"


def test_label_prefers_what_happened_to_what_is_planned() -> None:
    # "closure" is only planned (no time); the vote happened "on Tuesday"
    label = _label_of(
        "Residents fighting the closure of the Marlow Street library filled the hall for a "
        "council vote on Tuesday evening.\nThe motion to keep the library open passed easily.\n",
    )
    assert "vote" in label.lower() and "closure" not in label.lower()


def test_headline_verbs_tagged_as_nouns_are_not_events() -> None:
    from newsprism.analyze.relations.events import _verb_like
    from newsprism.nlp.annotate import load_nlp

    doc = load_nlp()("Brackwater council votes to keep the pier open")
    votes = next(t for t in doc if t.lower_ == "votes")
    if votes.pos_ == "NOUN":  # the tagger's mistake this guards against
        assert _verb_like(votes)
    doc = load_nlp()("The council held a vote to approve the budget.")
    vote = next(t for t in doc if t.lower_ == "vote")
    assert not _verb_like(vote)


def test_in_date_order_sorts_and_renumbers() -> None:
    events = (
        Event("e1", "vote", ("a",), "2026-03-10"),
        Event("e2", "storm", ("b",), None),
        Event("e3", "march", ("c",), "2026-03-02"),
        Event("e4", "fair", ("d",), "2026-03-10"),
    )
    ordered = in_date_order(events)
    assert [e.label for e in ordered] == ["march", "vote", "fair", "storm"]
    assert [e.id for e in ordered] == ["e1", "e2", "e3", "e4"]
    assert ordered[1].articles == ("a",) and ordered[3].date is None
