"""Story routes through the TestClient: stories page, story briefing, compare coverage, speakers,
feed, and the read-only app over a story with no cached briefing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from newsprism.store import Store

from .conftest import LOCAL


def _ids(client: Any) -> list[int]:
    return [s["id"] for s in client.get("/api/stories").json()["stories"]]


def test_stories_page_lists_both_stories(story_client: Any) -> None:
    doc = story_client.get("/api/stories").json()
    assert doc["total"] == 2
    r = story_client.get("/")
    assert r.status_code == 200
    assert len(re.findall(r'<a class="story" href="/story/\d+">', r.text)) == 2
    assert "independent source" in r.text


def test_stories_filters(story_client: Any) -> None:
    assert story_client.get("/api/stories", params={"q": "stadium"}).json()["total"] == 1
    assert story_client.get("/api/stories", params={"q": "zzzz"}).json()["total"] == 0
    assert story_client.get("/api/stories", params={"q": "ferry-closure"}).status_code == 200
    r = story_client.get("/", params={"since": "2999-01-01"})
    assert r.status_code == 200 and "No story matches" in r.text
    assert story_client.get("/", params={"since": "yesterday"}).status_code == 400
    outlets = story_client.get(f"/api/stories/{_ids(story_client)[0]}").json()["articles"]
    o = next(a["outlet"] for a in outlets if a["outlet"])
    assert story_client.get("/api/stories", params={"outlet": o}).json()["total"] >= 1
    assert story_client.get("/api/stories", params={"limit": 0}).status_code == 400


def test_story_page_and_briefing_citations_check(story_client: Any) -> None:
    for sid in _ids(story_client):
        b = story_client.get(f"/api/stories/{sid}/briefing").json()
        assert b["schema"] == "newsprism.briefing/1"
        texts = {a["id"]: a["text"] for a in b["articles"]}
        r = story_client.get(f"/story/{sid}")
        assert r.status_code == 200
        assert "Where accounts differ" in r.text or not b["disagreements"]
        links = re.findall(r'href="/article/([^"?]+)\?c=(\d+)-(\d+)#c=\2-\3"', r.text)
        assert links
        for name, s, e in links[:10]:
            from urllib.parse import unquote

            art = story_client.get(f"/api/articles/{name}").json()
            assert art["text"] == texts[unquote(name)]
            assert 0 <= int(s) < int(e) <= len(art["text"])
    assert story_client.get("/story/999999").status_code == 404
    assert story_client.get("/story/abc").status_code == 400
    assert story_client.get("/api/stories/999999").json()["error"]["status"] == 404


def test_compare_coverage_cells_are_cited(story_client: Any) -> None:
    sid = _ids(story_client)[0]
    doc = story_client.get(f"/api/stories/{sid}/compare").json()
    assert doc["outlets"] and doc["rows"]
    states = {c["state"] for r in doc["rows"] for c in r["cells"].values()}
    assert "reports" in states
    b = story_client.get(f"/api/stories/{sid}/briefing").json()
    texts = {a["id"]: a["text"] for a in b["articles"]}
    for r in doc["rows"]:
        for cell in r["cells"].values():
            assert (cell["state"] == "silent") == (not cell["citations"])
            for c in cell["citations"]:
                assert texts[c["article"]][c["start"] : c["end"]] == c["text"]
    html = story_client.get(f"/story/{sid}/compare").text
    assert 'class="reports"' in html


def test_speaker_page(story_client: Any) -> None:
    sid = _ids(story_client)[0]
    b = story_client.get(f"/api/stories/{sid}/briefing").json()
    quoted = {q["speaker"] for q in b["quotes"] if q["speaker"]}
    sp = next(s for s in b["speakers"] if s["id"] in quoted and not s["anonymous"])
    doc = story_client.get("/api/speakers", params={"name": sp["name"]}).json()
    assert doc["quotes"] and all(
        q["story"] == sid or q["story"] in _ids(story_client) for q in doc["quotes"]
    )
    r = story_client.get("/speaker", params={"name": sp["name"]})
    assert r.status_code == 200 and "?c=" in r.text
    assert story_client.get("/api/speakers", params={"name": ""}).status_code == 400


def test_atom_feed(story_client: Any) -> None:
    r = story_client.get("/feed.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(root.findall("a:entry", ns)) == 2


def test_read_only_app_says_what_is_cached(story_db: Path, tmp_path: Path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    copy = tmp_path / "copy.db"
    shutil.copy(story_db, copy)
    with Store.open(copy) as s:
        sid = s.stories(limit=1)[0].id
        s.conn.execute("DELETE FROM briefings WHERE story_id = ?", (sid,))
    before = copy.read_bytes()
    with TestClient(create_app(str(copy), read_only=True), base_url=LOCAL) as c:
        r = c.get(f"/story/{sid}")
        assert r.status_code == 200 and "No briefing is cached" in r.text
        assert "<td>" in r.text  # the story's articles are listed instead
        assert c.get(f"/api/stories/{sid}/briefing").status_code == 404
    assert copy.read_bytes() == before


def test_rendered_story_page_follows_the_store(story_db: Path, tmp_path: Path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    copy = tmp_path / "copy.db"
    shutil.copy(story_db, copy)
    with Store.open(copy, readonly=True) as s:
        sid = s.stories(limit=1)[0].id
    with TestClient(create_app(str(copy), read_only=True), base_url=LOCAL) as c:
        first = c.get(f"/story/{sid}").text
        assert c.get(f"/story/{sid}").text == first  # served from the rendered-page cache
        with Store.open(copy) as s:  # another process re-groups: the briefing is now stale
            s.conn.execute("UPDATE briefings SET membership = 'earlier' WHERE story_id = ?", (sid,))
        assert "This briefing was made before the story" in c.get(f"/story/{sid}").text


def test_a_briefing_made_with_other_settings_is_stale(story_db: Path, tmp_path: Path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from newsprism.pipeline import Config, settings_key
    from newsprism.web import create_app

    copy = tmp_path / "copy.db"
    shutil.copy(story_db, copy)
    short = Config(words=60, counts_by_meaning="")
    with Store.open(copy, readonly=True) as s:
        sid = s.stories(limit=1)[0].id
        cached = s.briefing(sid)
        assert s.briefing_key(sid) == (s.story(sid).membership, settings_key())  # type: ignore[union-attr]
    with TestClient(create_app(str(copy), read_only=True, config=short), base_url=LOCAL) as c:
        assert "made with other settings" in c.get(f"/story/{sid}").text
        api = c.get(f"/api/stories/{sid}/briefing")
        assert api.json() == cached and api.headers["X-Newsprism-Briefing"] == "stale"
    with TestClient(create_app(str(copy), read_only=True), base_url=LOCAL) as c:
        assert "made with other settings" not in c.get(f"/story/{sid}").text
        api = c.get(f"/api/stories/{sid}/briefing")
        assert api.headers["X-Newsprism-Briefing"] == "current"
    with TestClient(create_app(str(copy), read_only=False, config=short), base_url=LOCAL) as c:
        fresh = c.get(f"/api/stories/{sid}/briefing").json()  # briefed again, with its settings
    assert fresh != cached
    with Store.open(copy, readonly=True) as s:
        assert s.briefing_key(sid) == (s.story(sid).membership, settings_key(short))  # type: ignore[union-attr]
        assert s.briefing(sid) == fresh


def test_stances_read_as_in_briefing_html(story_client: Any) -> None:
    from html import escape

    from newsprism.render.json_out import STANCE_LABELS

    seen = 0
    for sid in _ids(story_client):
        b = story_client.get(f"/api/stories/{sid}/briefing").json()
        page = story_client.get(f"/story/{sid}").text
        for d in b["disagreements"]:
            for side in d["sides"]:
                if side["stance"]:
                    assert f">{escape(STANCE_LABELS[side['stance']])}</span>" in page
                    seen += 1
    assert seen


def test_long_sections_show_their_first_items_and_link_the_whole_story() -> None:
    from newsprism.web import story

    quote = {"article": "a1", "start": 0, "end": 5, "text": "words", "kind": "direct"}
    doc = {
        "articles": [{"id": "a1", "outlet": "Alder Gazette"}],
        "speakers": [{"id": f"s{k}", "name": f"Speaker {k}"} for k in range(30)],
        "quotes": [{**quote, "speaker": f"s{k % 30}"} for k in range(300)],
        "timeline": [{"date": f"2024-01-{k % 28 + 1:02d}", "text": "x"} for k in range(90)],
        "quote_groups": [{"text": "q", "speakers": [], "occurrences": []} for _ in range(40)],
    }
    short = story.view(doc)
    assert len(short["timeline"]) == story.MAX_TIMELINE
    assert len(short["quotes"]) == story.MAX_SPEAKERS
    assert all(len(g["quotes"]) == story.MAX_QUOTES_EACH and g["n"] == 10 for g in short["quotes"])
    assert short["more"] == {
        "timeline": 90 - story.MAX_TIMELINE,
        "speakers": 30 - story.MAX_SPEAKERS,
        "quotes": story.MAX_SPEAKERS * (10 - story.MAX_QUOTES_EACH),
        "quote_groups": 40 - story.MAX_QUOTE_GROUPS,
    }
    whole = story.view(doc, full=True)
    assert not whole["shortened"] and len(whole["timeline"]) == 90
    assert sum(len(g["quotes"]) for g in whole["quotes"]) == 300


def test_story_page_links_its_whole_version(
    story_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from newsprism.web import create_app, story

    copy = tmp_path / "copy.db"
    shutil.copy(story_db, copy)
    monkeypatch.setattr(story, "MAX_QUOTES_EACH", 1)
    with Store.open(copy, readonly=True) as s:
        sid = max(s.stories(limit=10), key=lambda r: r.n_articles).id
    with TestClient(create_app(str(copy), read_only=True), base_url=LOCAL) as c:
        short, whole = c.get(f"/story/{sid}").text, c.get(f"/story/{sid}?full=1").text
    assert f'href="/story/{sid}?full=1#quotes"' in short and "more</p>" in short
    assert f'href="/api/stories/{sid}/briefing"' in short  # after the timeline too
    assert "?full=1" not in whole and len(whole) > len(short)
    assert whole.count('class="qt"') > short.count('class="qt"')
