"""The app in headless Chromium (Debian's /usr/bin/chromium): the stories page, search, a story,
a citation followed to its highlighted span, compare coverage; no console error, visible focus."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(story_db: Path) -> Iterator[str]:
    """The app on a free loopback port, in a thread of this process."""
    import uvicorn

    from newsprism.web import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(str(story_db)), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the app did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_browse_search_story_citation_compare(watched_page: Any, server: str) -> None:
    page, problems = watched_page(server)
    page.goto(server + "/")
    stories = page.locator("a.story")
    assert stories.count() == 2
    # search the stories
    page.fill("#sq", "stadium")
    page.press("#sq", "Enter")
    page.wait_for_url("**/?q=stadium**")
    assert page.locator("a.story").count() == 1
    # open the story, then follow its first citation to the highlighted span
    page.locator("a.story").first.click()
    page.wait_for_url("**/story/*")
    assert page.locator("#summary ol.summary > li").count() >= 1
    cite = page.locator("#summary a.cite").first
    href = cite.get_attribute("href")
    assert href and "#c=" in href
    start, end = (int(x) for x in href.rsplit("#c=", 1)[1].split("-"))
    cite.click()
    page.wait_for_url("**/article/**")
    hl = page.locator(".text .hl")
    assert hl.count() >= 1
    assert int(hl.first.get_attribute("data-s")) == start
    assert int(hl.last.get_attribute("data-e")) == end
    in_view = page.eval_on_selector(
        ".text .hl",
        "el => { const r = el.getBoundingClientRect(); "
        "return r.top >= 0 && r.bottom <= window.innerHeight; }",
    )
    assert in_view
    # the fragment alone (no ?c=) lands on the same words through the script
    plain = page.url.split("?")[0]
    page.goto(f"{plain}#c={start}-{end}")
    page.locator(".text .hl").first.wait_for(state="attached")
    got = page.evaluate(
        "Array.from(document.querySelectorAll('.text .hl')).map(e => e.textContent).join('')"
    )
    full = page.evaluate("document.querySelector('.text').textContent")
    assert got == full[start:end]
    # compare coverage
    page.go_back()
    page.goto(page.url.split("/article/")[0] + "/")
    page.locator("a.story").first.click()
    page.locator("nav a", has_text="Compare coverage").click()
    page.wait_for_url("**/compare")
    assert page.locator("table.compare td.reports").count() >= 1
    assert page.locator("table.compare td.reports a.cite").count() >= 1
    # article search
    page.goto(server + "/search?q=stadium")
    assert page.locator("a.hit").count() >= 1
    page.close()
    assert problems == []


def test_keyboard_focus_is_visible(watched_page: Any, server: str) -> None:
    page, problems = watched_page(server)
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    outlines = []
    for _ in range(6):
        page.keyboard.press("Tab")
        outlines.append(
            page.evaluate(
                "(() => { const s = getComputedStyle(document.activeElement); "
                "return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()"
            )
        )
    assert all(style != "none" and width != "0px" for _, style, width in outlines), outlines
    page.close()
    assert problems == []


def test_pages_pass_axe(watched_page: Any, server: str, story_db: Path) -> None:
    axe_mod = pytest.importorskip("axe_playwright_python.sync_playwright")
    page, _ = watched_page(server)
    axe = axe_mod.Axe()
    bad = {}
    page.goto(server + "/")
    story = page.locator("a.story").first.get_attribute("href")
    paths = ["/", story, f"{story}/compare", "/search?q=stadium", "/article/1?c=5-40"]
    for path in [*paths, "/speaker?name=nobody", "/nope"]:
        page.goto(server + path)
        results = axe.run(page)
        serious = [
            v["id"]
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        if serious:
            bad[path] = serious
    page.close()
    assert bad == {}
