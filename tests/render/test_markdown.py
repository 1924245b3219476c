from __future__ import annotations

import dataclasses
import re

from newsprism.model import Briefing
from newsprism.render.markdown import md_text, render_markdown

from .conftest import HOSTILE_ATTR, HOSTILE_SCRIPT


def _section(md: str, heading: str) -> str:
    start = md.index(f"## {heading}\n")
    end = md.find("\n## ", start + 1)
    return md[start : end if end != -1 else len(md)]


def test_title_and_overview(briefing: Briefing) -> None:
    md = render_markdown(briefing)
    assert md.startswith("# Bridge in Wexmoor to shut\n")  # shortest headline of the main event
    overview = _section(md, "Overview")
    assert "**Articles:** 5 read, 1 dropped" in overview
    assert "**Independent sources:** 3" in overview
    assert "Wexmoor harbour bridge to close (2024-03-03; 5 articles)" in overview
    assert "(date unknown; 1 article)" in overview


def test_summary_cites_spans_and_counts_independent_support(briefing: Briefing) -> None:
    summary = _section(render_markdown(briefing), "Summary")
    g1 = briefing.article("001_gazette").text
    first = briefing.summary[0].citations[0]
    assert g1[first.start : first.end] in summary
    assert f"[001\\_gazette:{first.start}-{first.end}]" not in summary  # ids stay readable
    assert f"[001_gazette:{first.start}-{first.end}]" in summary
    lines = [x for x in summary.splitlines() if re.match(r"\d+\. ", x)]
    assert len(lines) == 2
    assert lines[0].endswith("_(reported by 3 of 3 independent sources)_")
    assert lines[1].endswith("_(reported by 1 of 3 independent sources)_")
    for item, line in zip(briefing.summary, lines, strict=True):
        for c in item.citations:
            assert f"[{c.article}:{c.start}-{c.end}]" in line


def test_sources_table_shows_versions_and_copies(briefing: Briefing) -> None:
    sources = _section(render_markdown(briefing), "Sources")
    rows = [x for x in sources.splitlines() if x.startswith("| ")]
    assert len(rows) == 1 + len(briefing.articles)
    assert all(r.count(" | ") == 5 for r in rows)
    row = {r.split(" | ")[1]: r for r in rows[1:]}
    assert "later version of 002" not in row["002_gazette"]
    assert "later version of 001_gazette" in row["002_gazette"]
    assert "syndicated copy of 003_wire" in row["004_north"]
    assert "shares passages with 001_gazette" in row["005_river"]
    assert row["001_gazette"].startswith("| 1 |") and row["004_north"].startswith("| 2 |")


def test_quotes_are_grouped_by_speaker(briefing: Briefing) -> None:
    quotes = _section(render_markdown(briefing), "Quotes by speaker")
    quill = quotes.index("### Mara Quill (council leader; also: Quill)")
    holt = quotes.index("### Lena Holt (baker)")
    anon = quotes.index("### a council spokesperson (spokesperson; anonymous)")
    rest = quotes.index("### Unattributed")
    assert quill < holt < anon < rest
    assert quotes[quill:holt].count("\n- “") == 3
    assert "extra crossings would run every hour" in quotes[rest:]
    assert "_(indirect)_" in quotes[anon:rest]


def test_other_sections(briefing: Briefing) -> None:
    md = render_markdown(briefing)
    shared = _section(md, "Quotes shared across articles")
    assert "**Conflict:** wording differs" in shared
    assert "Coastal Wire (003\\_wire)" not in shared and "Coastal Wire (003_wire)" in shared
    agree = _section(md, "Where the sources agree")
    lines = [x for x in agree.splitlines() if x[:1].isdigit()]
    assert lines[0].startswith("1. The council said the bridge would close for six weeks.")
    assert lines[0].endswith("_(reported by 3 of 3 independent sources)_")
    assert lines[1].endswith("_(only in Coastal Wire)_")
    assert md.index("## Where the sources agree") < md.index("## Where accounts differ")
    differ = _section(md, "Where accounts differ")
    assert "### length of the closure — Different figures" in differ and "seven weeks" in differ
    timeline = _section(md, "Timeline")
    assert "| 2024-03-03 | The bridge closes |" in timeline and "conflicting dates" in timeline
    assert "| in/empty.txt | NP201 | the file holds no text |" in _section(md, "Dropped inputs")
    notices = _section(md, "Notices")
    assert "- **NP209** unbalanced quote marks (in/005\\_river.txt)" not in notices
    assert "- **NP209** unbalanced quote marks (in/005_river.txt)" in notices
    assert "repeated at [005_river:" in _section(md, "Passages repeated inside one article")


def test_empty_sections_say_so() -> None:
    md = render_markdown(Briefing(articles=()))
    for heading in ("Summary", "Events", "Quotes by speaker", "Dropped inputs", "Notices"):
        assert "_None._" in _section(md, heading)
    assert "## Timeline" not in md


def test_markdown_escapes_input_text(hostile: Briefing) -> None:
    md = render_markdown(hostile)
    assert not re.search(r"(?<!\\)[<>]", md)  # every angle bracket is escaped
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "\\[link\\](http://x.invalid)" in md
    sources = _section(md, "Sources")
    row = [x for x in sources.splitlines() if x.startswith("| 1 |")][0]
    assert 'Outlet "\\>\\<img src=x onerror=alert(1)\\> \\| A' in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 7  # six cells, no extra column


def test_md_text() -> None:
    assert md_text("a\nb\r\n  c") == "a b c"
    assert md_text("*x* _y_ snake_case") == "\\*x\\* \\_y\\_ snake_case"
    assert md_text("1. not a list") == "1\\. not a list"
    assert md_text("- not a bullet") == "\\- not a bullet"
    assert md_text("# not a heading") == "\\# not a heading"
    assert md_text("0.1.0") == "0.1.0"
    assert md_text("AT&T &amp;") == "AT&T \\&amp;"
    assert md_text("a|b") == "a\\|b"
    assert md_text(HOSTILE_SCRIPT).count("\\<") == 2


def test_article_ids_that_need_escaping(briefing: Briefing) -> None:
    a = dataclasses.replace(briefing.articles[0], id="_odd*id_")
    md = render_markdown(Briefing(articles=(a,)))
    assert "\\_odd\\*id\\_" in md
    assert HOSTILE_ATTR not in md


def test_possible_disagreements_follow_the_shown_ones(briefing: Briefing) -> None:
    differ = _section(render_markdown(briefing), "Where accounts differ")
    shown, possible = differ.split("### Possible disagreements, not sure enough to show (1)")
    assert "length of the closure" in shown and "Whether the ferry will run" not in shown
    assert "#### Whether the ferry will run — " in possible and "confidence 0.30" in possible
    assert "**Coastal Wire** _(says no)_: seven weeks" in possible
    none_sure = render_markdown(dataclasses.replace(briefing, disagreements=()))
    assert "No clash is sure enough to show" in _section(none_sure, "Where accounts differ")


def test_side_stance_is_named(briefing: Briefing) -> None:
    d = briefing.disagreements[0]
    sides = (
        dataclasses.replace(d.sides[0], stance="positive"),
        dataclasses.replace(d.sides[1], stance="negative"),
    )
    b = dataclasses.replace(
        briefing, disagreements=(dataclasses.replace(d, kind="evaluation", sides=sides),)
    )
    differ = _section(render_markdown(b), "Where accounts differ")
    assert "Opposite judgements" in differ
    assert "**Wexmoor Gazette** _(positive)_: six weeks" in differ
    assert "**Coastal Wire** _(negative)_: seven weeks" in differ


def test_background_dates_follow_the_story_under_their_own_heading(briefing: Briefing) -> None:
    from newsprism.model import TimelineEntry

    old = TimelineEntry("1994", "year", "The bridge was built", (), background=True)
    md = render_markdown(dataclasses.replace(briefing, timeline=(old, *briefing.timeline)))
    timeline = _section(md, "Timeline")
    assert "### Background: 1 earlier date" in timeline
    assert timeline.index("| 2024-03-03 | The bridge closes |") < timeline.index("### Background")
    assert timeline.index("### Background") < timeline.index("| 1994 | The bridge was built |")
