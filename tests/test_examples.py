"""End to end on the project's example story (examples/story) against its reviewer's key.

``examples/ANNOTATIONS.md`` is the ground truth: the outlets, the boilerplate lines, the two events
and the relations between the seven files are read from it (or stated here from it), never
re-derived from the pipeline.  ``test_golden_briefing`` compares a stable projection of the
briefing written by the command line with ``tests/golden/examples_briefing.json`` (regenerate it
with ``tests/golden/update.py`` after an intentional change, and review the diff).
"""

from __future__ import annotations

import html
import importlib.util
import itertools
import re
from pathlib import Path
from types import ModuleType

import pytest

from newsprism.api import brief
from newsprism.model import Briefing

REPO = Path(__file__).resolve().parents[1]
STORY = REPO / "examples" / "story"
KEY = (REPO / "examples" / "ANNOTATIONS.md").read_text(encoding="utf-8")

# Section 2 of the key: E1, the council meeting; E2, the talks.
EVENTS = {
    "2026-03-03": {"05_coastline_news", "06_merrow_gazette"},
    "2026-03-10": {
        "01_harbour_herald_v1",
        "02_harbour_herald_v2",
        "03_shorecast_daily",
        "04_wessmoor_echo",
        "07_three_ports_observer",
    },
}


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return brief([str(STORY)])


def _stem(file_name: str) -> str:
    return file_name.rsplit(".", 1)[0]


def _key_section(number: int) -> str:
    start = KEY.index(f"\n## {number}. ")
    end = KEY.find("\n## ", start + 1)
    return KEY[start : end if end > 0 else len(KEY)]


def _key_outlets() -> dict[str, str]:
    """Article id -> outlet, from the table of section 1."""
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+?) \|", _key_section(1), re.M)
    return {_stem(f): outlet for f, outlet in rows}


def _key_boilerplate() -> list[tuple[str, str]]:
    """(article id, line) for every boilerplate line listed in section 11."""
    found = re.findall(r"^- `([^`]+)`: `(.+)` \(", _key_section(11), re.M)
    return [(_stem(f), line) for f, line in found]


def test_seven_articles_nothing_dropped(briefing: Briefing) -> None:
    assert len(briefing.articles) == 7
    assert briefing.dropped == ()
    assert {a.id for a in briefing.articles} == set(_key_outlets())


def test_relations(briefing: Briefing) -> None:
    kinds = {frozenset((r.a[:2], r.b[:2])): r.kind for r in briefing.relations}
    assert kinds[frozenset({"01", "02"})] == "version"
    assert kinds[frozenset({"03", "04"})] == "syndicated"  # one Coastwire copy; 04's outlet unknown
    for pair in itertools.combinations(sorted(a.id[:2] for a in briefing.articles), 2):
        if set(pair) not in ({"01", "02"}, {"03", "04"}):
            assert kinds.get(frozenset(pair)) in (None, "shares_passages"), pair


def test_independent_sources(briefing: Briefing) -> None:
    groups = {frozenset(a[:2] for a in g) for g in briefing.independent_sources}
    assert groups == {
        frozenset({"01", "02"}),
        frozenset({"03", "04"}),
        frozenset({"05"}),
        frozenset({"06"}),
        frozenset({"07"}),
    }


def test_two_events_with_their_dates(briefing: Briefing) -> None:
    got = {e.date: set(e.articles) for e in briefing.events}
    assert got == EVENTS
    for e in briefing.events:
        assert 3 <= len(e.label.split()) <= 8, e.label


def test_outlets_where_the_text_gives_evidence(briefing: Briefing) -> None:
    def norm(name: str | None) -> str | None:
        return re.sub(r"^the\s+", "", name.lower()) if name else None

    expected = _key_outlets()
    for a in briefing.articles:
        if a.id.startswith("04"):
            assert a.outlet is None  # the key: no outlet evidence at all in its text
        else:
            assert norm(a.outlet) == norm(expected[a.id]), a.id


def test_dates_and_titles(briefing: Briefing) -> None:
    published = {a.id[:2]: a.published for a in briefing.articles}
    assert published == {
        "01": "2026-03-10",
        "02": "2026-03-10",
        "03": None,  # the wire dateline gives no year
        "04": "2026-03-11",
        "05": "2026-03-04",
        "06": "2026-03-04",
        "07": "2026-03-11",
    }
    for a in briefing.articles:
        assert a.title, a.id
        assert a.title in KEY, a.id  # every title is one the key lists


def test_every_listed_boilerplate_line_is_marked(briefing: Briefing) -> None:
    listed = _key_boilerplate()
    assert len(listed) == 12
    checked = 0
    for article_id, line in listed:
        art = briefing.article(article_id)
        if article_id.startswith("06"):
            # HTML: the article as read is trafilatura's text; markup and page furniture it
            # dropped are not in it at all, which is as good as marked
            line = html.unescape(re.sub(r"<[^>]+>", "", line))
            if line not in art.text:
                continue
        start = art.text.index(line)
        covered = sum(
            min(b.end, start + len(line)) - max(b.start, start)
            for b in art.boilerplate
            if b.start < start + len(line) and start < b.end
        )
        assert covered == len(line), (article_id, line)
        checked += 1
    assert checked >= 10


def test_wire_dateline_prefix_is_marked_but_not_its_sentence(briefing: Briefing) -> None:
    for article_id in ("03_shorecast_daily", "04_wessmoor_echo"):
        art = briefing.article(article_id)
        prefix = "PORT ALDER, March 10 (Coastwire) - "
        start = art.text.index(prefix)
        datelines = [b for b in art.boilerplate if b.kind == "dateline" and b.start == start]
        assert [art.text[b.start : b.end] for b in datelines] == [prefix]
        assert not art.is_boilerplate(start + len(prefix), start + len(prefix) + 20)


def test_summary_covers_both_events_and_every_citation_resolves(briefing: Briefing) -> None:
    assert {i.event for i in briefing.summary} == {e.id for e in briefing.events}
    texts = {a.id: a.text for a in briefing.articles}
    for item in briefing.summary:
        first = item.citations[0]
        assert texts[first.article][first.start : first.end] == item.text
        for c in item.citations:
            assert 0 <= c.start < c.end <= len(texts[c.article])
            assert not briefing.article(c.article).is_boilerplate(c.start, c.end)
        assert not item.text.startswith("PORT ALDER")  # the dateline is not part of a sentence
    for q in briefing.quotes:
        assert 0 <= q.start < q.end <= len(texts[q.article])


def test_same_words_attributed_to_two_people(briefing: Briefing) -> None:
    # section 7 of the key: councillor Tomas Reyne in 05, Maureen Tallack in 07
    group = next(g for g in briefing.quote_groups if "sink the whole harbour" in g.text)
    assert {o.article[:2] for o in group.occurrences} == {"05", "07"}
    assert group.conflict == "attribution"
    names = {s.id: s.name for s in briefing.speakers}
    assert {names[s] for s in group.speakers} == {"Tomas Reyne", "Maureen Tallack"}


def _golden() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golden_update", REPO / "tests/golden/update.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_golden_briefing(tmp_path: Path) -> None:
    golden = _golden()
    current = golden.dumps(golden.projection(golden.current_briefing(tmp_path)))
    expected = golden.GOLDEN.read_text(encoding="utf-8")
    if current != expected:
        import difflib

        diff = "".join(
            itertools.islice(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    "golden",
                    "current",
                ),
                60,
            )
        )
        pytest.fail(
            "the example briefing differs from tests/golden/examples_briefing.json; if the change "
            "is intended, run `.venv/bin/python tests/golden/update.py` and review the diff\n"
            + diff
        )
