from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from newsprism.model import Briefing
from newsprism.render.html import (
    CSP,
    _Mark,
    article_anchor,
    cite_anchor,
    quote_anchor,
    render_html,
    render_text,
    safe_id,
)

from .conftest import HOSTILE_ATTR, HOSTILE_SCRIPT

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}
SAFE = re.compile(r"[A-Za-z0-9_-]+")


class Page(HTMLParser):
    """Collects what the tests check: tags, ids, links, and the text pieces of each article."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.article: str | None = None
        self.piece: dict[str, str | None] | None = None
        self.pieces: dict[str, list[tuple[dict[str, str | None], str]]] = {}
        self.raw: dict[str, str] = {}
        self._raw_tag: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in VOID:
            self.stack.append(tag)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"] or "")
        if tag == "article":
            self.article = a.get("id")
            self.pieces[self.article or ""] = []
        if tag == "span" and a.get("data-s") is not None and self.article:
            self.piece = a
            self.pieces[self.article].append((a, ""))
        if tag in ("script", "style"):
            self._raw_tag = tag

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()
        if tag == "span":
            self.piece = None
        if tag == "article":
            self.article = None
        if tag in ("script", "style"):
            self._raw_tag = None

    def handle_data(self, data: str) -> None:
        if self._raw_tag:
            self.raw[self._raw_tag] = self.raw.get(self._raw_tag, "") + data
        if self.piece is not None and self.article:
            attrs, text = self.pieces[self.article][-1]
            self.pieces[self.article][-1] = (attrs, text + data)

    def text_of(self, article: str) -> str:
        return "".join(t for _, t in self.pieces[article_anchor(article)])

    def covered(self, article: str, anchor: str) -> str:
        return "".join(
            t
            for a, t in self.pieces[article_anchor(article)]
            if anchor in (a.get("data-c") or "").split()
        )


def test_page_is_one_self_contained_file(briefing: Briefing) -> None:
    html = render_html(briefing)
    page = Page(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert len(re.findall(r"<script", html, re.I)) == 1
    assert not any(a.get("src") for _, a in page.tags)
    assert not any(t == "link" for t, _ in page.tags)
    assert all(h.startswith("#") for h in page.hrefs)
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert csp and csp[0]["content"] == CSP
    assert "default-src 'none'" in CSP
    for raw in page.raw.values():
        assert "://" not in raw and "@import" not in raw and "url(" not in raw


def test_page_is_well_formed_with_unique_ids(briefing: Briefing) -> None:
    page = Page(render_html(briefing))
    assert page.errors == [] and page.stack == []
    assert len(page.ids) == len(set(page.ids))
    assert all(SAFE.fullmatch(i) for i in page.ids)


def test_every_link_has_a_target(briefing: Briefing) -> None:
    page = Page(render_html(briefing))
    ids = set(page.ids)
    assert len(page.hrefs) > 20
    missing = [h for h in page.hrefs if h[1:] not in ids]
    assert missing == []


def test_pieces_rebuild_each_article_exactly(briefing: Briefing) -> None:
    page = Page(render_html(briefing))
    for a in briefing.articles:
        assert page.text_of(a.id) == a.text
        pieces = page.pieces[article_anchor(a.id)]
        pos = 0
        for attrs, text in pieces:
            assert int(attrs["data-s"] or -1) == pos
            pos = int(attrs["data-e"] or -1)
            assert pos - int(attrs["data-s"] or 0) == len(text)
        assert pos == len(a.text)


def test_cited_and_quoted_spans_are_exactly_marked(briefing: Briefing) -> None:
    page = Page(render_html(briefing))
    for item in briefing.summary:
        for c in item.citations:
            anchor = cite_anchor(c.article, c.start, c.end)
            assert f"#{anchor}" in page.hrefs and anchor in page.ids
            assert (
                page.covered(c.article, anchor) == briefing.article(c.article).text[c.start : c.end]
            )
    for q in briefing.quotes:
        anchor = quote_anchor(q.id)
        assert f"#{anchor}" in page.hrefs
        assert page.covered(q.article, anchor) == briefing.article(q.article).text[q.start : q.end]


def test_boilerplate_is_greyed_and_explained(briefing: Briefing) -> None:
    html = render_html(briefing)
    page = Page(html)
    for a in briefing.articles:
        grey = "".join(
            t
            for attrs, t in page.pieces[article_anchor(a.id)]
            if "bp" in (attrs.get("class") or "").split()
        )
        assert grey == "".join(a.text[x.start : x.end] for x in a.boilerplate)
    assert 'class="legend"' in html and "boilerplate" in html
    assert "white-space: pre-wrap" in html


def test_sections_and_stats(briefing: Briefing) -> None:
    html = render_html(briefing)
    for section in (
        "summary",
        "sources",
        "events",
        "timeline",
        "differences",
        "agreement",
        "quotes",
        "shared-quotes",
        "inputs",
        "articles",
    ):
        assert f'<section id="{section}">' in html
    assert "<li><b>3</b>independent sources</li>" in html
    assert "reported by 3 of 3 independent sources" in html
    assert "reported by 1 of 3 independent sources" in html
    assert "syndicated copy of" in html and "later version of" in html
    assert 'rowspan="2"' in html  # versions grouped as one source
    assert "wording differs" in html and "dates conflict" in html
    assert "NP201" in html and "NP209" in html


def test_disagreement_cards_and_agreement_list(briefing: Briefing) -> None:
    html = render_html(briefing)
    card = html[
        html.index('<div class="card disagreement"') : html.index('<details class="possible"')
    ]
    assert "Different figures" in card and 'title="the sides give different numbers' in card
    assert '<h3 class="topic">length of the closure</h3>' in card
    assert card.count('class="vs"') == 1  # between the two sides
    assert card.count('<span class="speaker">Reporter’s own words</span>') == 2
    assert '<span class="outlet">Wexmoor Gazette</span>' in card
    assert '<span class="outlet">Coastal Wire</span>' in card
    agree = html[html.index('<section id="agreement">') :]
    agree = agree[: agree.index("</section>")]
    assert agree.index("reported by 3 of 3 independent sources") < agree.index(
        "only in Coastal Wire"
    )


def test_possible_disagreements_are_folded_after_the_shown_ones(briefing: Briefing) -> None:
    html = render_html(briefing)
    section = html[html.index('<section id="differences"') : html.index('<section id="agreement"')]
    shown, folded = section.split('<details class="possible">', 1)
    assert "length of the closure" in shown and "Whether the ferry will run" not in shown
    assert "Possible disagreements, not sure enough to show (1)" in folded
    assert "Whether the ferry will run" in folded and "confidence 0.30" in folded
    only_possible = render_html(dataclasses.replace(briefing, disagreements=()))
    assert "No clash is sure enough to show" in only_possible


def test_hostile_input_renders_as_text(hostile: Briefing) -> None:
    html = render_html(hostile)
    assert len(re.findall(r"<script", html, re.I)) == 1
    assert html.count("</script>") == 1
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    page = Page(html)
    assert page.errors == [] and page.stack == []
    assert all(SAFE.fullmatch(i) for i in page.ids)
    assert all(SAFE.fullmatch(h[1:]) for h in page.hrefs)
    assert not any(a.get("onerror") is not None or a.get("src") for _, a in page.tags)
    assert {t for t, _ in page.tags} <= {
        "html", "head", "meta", "title", "style", "body", "header", "div", "p", "h1", "h2",
        "h3", "ul", "ol", "li", "b", "nav", "a", "main", "section", "span", "table", "tr",
        "th", "td", "code", "article", "footer", "script", "details", "summary",
    }  # fmt: skip
    a = hostile.articles[0]
    assert page.text_of(a.id) == a.text
    assert HOSTILE_SCRIPT not in html and HOSTILE_ATTR not in html


def test_safe_id_keeps_plain_ids_and_separates_others() -> None:
    assert safe_id("000_09b8-x") == "000_09b8-x"
    assert safe_id("a b") != safe_id("a_b") and safe_id("a b") != safe_id("a/b")
    assert SAFE.fullmatch(safe_id('"><script>'))


@given(st.text(max_size=30))
def test_safe_id_is_always_safe(value: str) -> None:
    out = safe_id(value)
    assert SAFE.fullmatch(out)
    if SAFE.fullmatch(value):
        assert out == value


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[_Mark]]:
    text = draw(st.text(alphabet="ab <>&\"'\n", max_size=40))
    marks = []
    for i in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, len(text)))
        e = draw(st.integers(s, len(text)))
        cls = draw(st.sampled_from(["bp", "c", "q", "sm"]))
        marks.append(_Mark(s, e, cls, f"m{i}" if cls in ("c", "q") else None))
    return text, marks


@given(text_and_marks())
def test_render_text_pieces_cover_every_mark(case: tuple[str, list[_Mark]]) -> None:
    text, marks = case
    html = render_text(text, marks)
    page = Page(f'<article id="{article_anchor("t")}">{html}</article>')
    assert page.errors == []
    assert page.text_of("t") == text
    for m in marks:
        if m.anchor:
            assert m.anchor in page.ids
            assert page.covered("t", m.anchor) == text[m.start : m.end]


def _with_stances(b: Briefing, first: str | None, second: str | None) -> Briefing:
    import dataclasses

    d = b.disagreements[0]
    sides = (
        dataclasses.replace(d.sides[0], stance=first),
        dataclasses.replace(d.sides[1], stance=second),
    )
    return dataclasses.replace(
        b,
        disagreements=(dataclasses.replace(d, kind="polarity", sides=sides),),
        possible_disagreements=(),
    )


def test_side_stance_badges(briefing: Briefing) -> None:
    card = render_html(_with_stances(briefing, "affirms", "denies"))
    assert '<span class="stance stance-affirms">says yes</span>' in card
    assert '<span class="stance stance-denies">says no</span>' in card
    plain = render_html(_with_stances(briefing, None, None))
    assert 'class="stance' not in plain
    hostile = render_html(_with_stances(briefing, HOSTILE_SCRIPT, None))
    assert HOSTILE_SCRIPT not in hostile


def test_background_dates_are_folded_after_the_story(briefing: Briefing) -> None:
    from newsprism.model import TimelineEntry

    old = TimelineEntry("1994", "year", "The bridge was built", (), background=True)
    html = render_html(dataclasses.replace(briefing, timeline=(old, *briefing.timeline)))
    folded = html.index('<details class="background"><summary>Background: 1 earlier date<')
    assert html.index("The bridge closes") < folded < html.index("The bridge was built")
    chart = html[
        html.index('<div class="tl-chart"') : html.index("</div>\n", html.index("tl-chart"))
    ]
    assert "1994" not in chart  # the axis spans the story's days only


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_grey_text_of_the_report_meets_wcag_aa_in_both_schemes() -> None:
    from importlib import resources

    css = resources.files("newsprism.render").joinpath("templates/briefing.css").read_text()
    light, dark = re.findall(r":root\s*\{([^}]*)\}", css)[:2]
    for block in (light, dark):
        colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
        for ink in ("ink", "muted", "faint", "bp"):
            for ground in ("bg", "card"):
                ratio = _contrast(colours[ink], colours[ground])
                assert ratio >= 4.5, (ink, ground, round(ratio, 2))  # WCAG AA, normal text
