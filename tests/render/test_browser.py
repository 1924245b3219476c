"""Drive the rendered page in headless Chromium: no errors, and citations highlight their span."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsprism.model import Briefing
from newsprism.render import write_briefing
from newsprism.render.html import cite_anchor

from .conftest import make_hostile_briefing

pytestmark = pytest.mark.browser


def _open(watched_page: Any, html_file: Path, width: int = 1280) -> tuple[Any, list[str]]:
    page, problems = watched_page("file:", width)
    page.goto(html_file.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def _in_viewport(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            """el => { const r = el.getBoundingClientRect();
                       return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
        )
    )


def test_first_citation_highlights_its_span(
    watched_page: Any, briefing: Briefing, tmp_path: Path
) -> None:
    (html_file,) = write_briefing(briefing, tmp_path, ("html",))
    page, problems = _open(watched_page, html_file)
    c = briefing.summary[0].citations[0]
    anchor = cite_anchor(c.article, c.start, c.end)
    pieces = f'[data-c~="{anchor}"]'
    assert page.locator(f"{pieces}.hl").count() == 0

    page.locator("a.cite").first.click()
    page.locator(f"{pieces}.hl").first.wait_for(state="attached")
    marked = page.locator(pieces)
    assert marked.count() >= 1
    assert marked.count() == page.locator(f"{pieces}.hl").count()
    text = "".join(marked.all_text_contents())
    assert text == briefing.article(c.article).text[c.start : c.end]
    assert marked.first.is_visible()
    assert _in_viewport(page, pieces)
    assert page.evaluate("location.hash") == f"#{anchor}"

    # a second citation moves the highlight; the first span is cleared
    other = briefing.summary[1].citations[0]
    second = cite_anchor(other.article, other.start, other.end)
    page.locator(f'a.cite[href="#{second}"]').click()
    page.locator(f'[data-c~="{second}"].hl').first.wait_for(state="attached")
    assert page.locator(f"{pieces}.hl").count() == 0
    assert problems == []
    page.close()


def test_quote_links_and_hostile_page_run_cleanly(watched_page: Any, tmp_path: Path) -> None:
    b = make_hostile_briefing()
    (html_file,) = write_briefing(b, tmp_path, ("html",))
    page, problems = _open(watched_page, html_file, width=390)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 1
    page.locator("a.qt").first.click()
    page.locator(".text .hl").first.wait_for(state="attached")
    assert _in_viewport(page, ".text .hl")
    assert problems == []
    page.close()


def test_opening_with_a_hash_highlights_without_a_click(
    browser: Any, briefing: Briefing, tmp_path: Path
) -> None:
    (html_file,) = write_briefing(briefing, tmp_path, ("html",))
    c = briefing.summary[1].citations[0]
    anchor = cite_anchor(c.article, c.start, c.end)
    page = browser.new_page(viewport={"width": 1024, "height": 700})
    page.goto(html_file.as_uri() + "#" + anchor)
    page.locator(".text .hl").first.wait_for(state="attached")
    assert (
        "".join(page.locator(".text .hl").all_text_contents())
        == briefing.article(c.article).text[c.start : c.end]
    )
    page.screenshot(path=str(tmp_path / "briefing.png"))
    page.close()
