"""A folder that mixes unrelated stories (fictional texts written for this test): detected, said at
the top of every output, titled by its stories, and never counted, grouped or dated across them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.analyze.relations.events import group_events_and_stories
from newsprism.analyze.relations.links import find_relations
from newsprism.api import prepare
from newsprism.ingest.readers import read_inputs
from newsprism.model import Briefing
from newsprism.nlp.annotate import annotate
from newsprism.pipeline import run_pipeline
from newsprism.render import render_html, render_json, render_markdown

SHARED = "A full report is due next month."
FERRY = [
    (
        "Harbour Herald",
        "2031-03-04",
        "Port Alder council voted on Tuesday to close the night ferry to Merrow Island after a "
        "four-hour debate.\nCouncil leader Ana Brill said the decision was “painful but "
        "necessary” for the budget.\nIslanders said in a statement: “We will fight this closure "
        f"in every court we can.”\n{SHARED}\n",
    ),
    (
        "Valley Post",
        "2031-03-04",
        "The night ferry between Port Alder and Merrow Island will stop running in May, the "
        "council decided on Tuesday.\nAna Brill, the council leader, told reporters the vote was "
        "“painful but necessary”.\nMerrow islanders promised to fight the ferry closure in court."
        f"\n{SHARED}\n",
    ),
    (
        "Coastline News",
        "2031-03-05",
        "Merrow Island residents will challenge the closure of the night ferry, which Port Alder "
        "councillors approved on Tuesday by 14 votes to 9.\nThe ferry has run for 60 years.\n"
        f"{SHARED}\n",
    ),
]
COMET = [  # no publication dates: nothing may date them from the ferry story
    (
        "Sky Weekly",
        None,
        "Astronomers at the Kelvan Observatory found a faint comet on Friday night while "
        "mapping asteroids beyond Jupiter.\nDr Idris Okafor said the comet's tail was “unusually "
        "blue” in the first telescope images.\nThe comet should be visible with binoculars in "
        f"late autumn.\n{SHARED}\n",
    ),
    (
        "Science Desk",
        None,
        "A newly found comet spotted by the Kelvan Observatory on Friday has an unusually blue "
        "tail, its discoverers said.\nIdris Okafor, who leads the asteroid survey, said the "
        "telescope team checked the images twice.\nAmateur astronomers may see it with "
        f"binoculars later this year.\n{SHARED}\n",
    ),
]


def _folder(root: Path) -> Path:
    folder = root / "mixed"
    folder.mkdir()
    for name, stories in (("ferry", FERRY), ("comet", COMET)):
        for k, (outlet, date, text) in enumerate(stories):
            record = {"outlet": outlet, "title": text.split("\n")[0][:60], "text": text}
            if date:
                record["published"] = date
            (folder / f"{name}{k}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    read = prepare(read_inputs([str(_folder(tmp_path_factory.mktemp("in")))]))
    return run_pipeline(read.articles, dropped=read.dropped, notices=read.notices)


def _story(article: str) -> str:
    return article.rstrip("0123456789")


def test_unrelated_stories_are_found_and_hold_their_events(briefing: Briefing) -> None:
    assert sorted(sorted(s) for s in briefing.stories) == [
        ["comet0", "comet1"],
        ["ferry0", "ferry1", "ferry2"],
    ]
    for e in briefing.events:
        assert len({_story(a) for a in e.articles}) == 1


def test_one_story_is_one_group() -> None:
    from newsprism.model import Article

    arts = [Article(f"ferry{k}", f"f{k}", text, outlet=o) for k, (o, _, text) in enumerate(FERRY)]
    docs = annotate(arts)
    events, stories = group_events_and_stories(docs, find_relations(docs))
    assert stories == (("ferry0", "ferry1", "ferry2"),)
    assert events


def test_every_output_says_so_at_the_top(briefing: Briefing) -> None:
    assert briefing.mixed
    (notice,) = [n for n in briefing.notices if n.code == "NP216"]
    assert "2 unrelated stories" in notice.message
    md = render_markdown(briefing)
    title, _, banner = md.split("\n")[:3]
    assert title.startswith("# 2 unrelated stories: ")
    assert banner.startswith("> **Several unrelated stories (NP216).**")
    html = render_html(briefing)
    assert html.index('class="mixed"') < html.index('<nav class="toc">')
    assert "2 unrelated stories: " in html[html.index("<h1>") :][:200]
    data = json.loads(render_json(briefing))
    assert list(data)[:4] == ["schema", "generator", "title", "stories"]
    assert data["title"].startswith("2 unrelated stories: ")
    assert sorted(len(s["articles"]) for s in data["stories"]) == [2, 3]


def test_support_is_counted_within_each_story(briefing: Briefing) -> None:
    for item in briefing.summary:
        cited = {_story(c.article) for c in item.citations} | {_story(a) for a in item.support}
        assert len(cited) == 1, item
    # the denominator is the story's independent sources, not the folder's
    md = render_markdown(briefing)
    for line in md.split("\n"):
        if "independent sources)_" in line:
            total = int(line.rsplit(" of ", 1)[1].split()[0])
            assert total in (2, 3)


def test_claims_are_grouped_within_each_story(briefing: Briefing) -> None:
    claims = {c.id: c for c in briefing.claims}
    assert briefing.claim_groups  # the shared sentence is grouped inside each story
    for g in briefing.claim_groups:
        assert len({_story(claims[c].article) for c in g.claims}) == 1
    for d in briefing.disagreements:
        cited = {_story(c.article) for side in d.sides for c in side.citations}
        assert len(cited) == 1


def test_dates_are_never_borrowed_across_stories(briefing: Briefing) -> None:
    for t in briefing.timeline:
        assert len({_story(c.article) for c in t.citations}) == 1
        # the comet story has no date anywhere: its "Friday" cannot be placed on a day
        if any(_story(c.article) == "comet" for c in t.citations):
            assert t.precision != "day" or not t.date.startswith("2031-")
    for e in briefing.events:
        if _story(e.articles[0]) == "comet":
            assert e.date is None
