"""The web app through FastAPI's TestClient: pages, API, errors and security."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from newsprism.model import Article
from newsprism.store import Store

from .conftest import BRIDGE, FERRY, HOSTILE_ATTR, HOSTILE_SCRIPT, LOCAL


def test_article_page_shows_text_as_read_with_boilerplate_grey(client: Any) -> None:
    r = client.get("/article/ferry-gazette")
    assert r.status_code == 200
    html = r.text
    assert 'class="bp"' in html and 'title="boilerplate: read_time"' in html
    pieces = re.findall(r'<span[^>]*data-s="(\d+)" data-e="(\d+)"[^>]*>', html)
    assert pieces[0] == ("0", str(FERRY.index("\n")))
    assert int(pieces[-1][1]) == len(FERRY)


def test_cited_span_is_highlighted_on_the_server(client: Any) -> None:
    start = FERRY.index("The council")
    end = FERRY.index("ferry.") + len("ferry.")
    r = client.get(f"/article/ferry-gazette?c={start}-{end}")
    assert r.status_code == 200
    assert f'id="c={start}-{end}"' in r.text
    hl = re.findall(r'<span class="hl" data-s="(\d+)" data-e="(\d+)"', r.text)
    assert hl and int(hl[0][0]) == start and int(hl[-1][1]) == end
    assert FERRY[start:end] in r.text  # the cited words, quoted in the note above the text


def test_article_by_row_id_and_unknown_ids(client: Any) -> None:
    assert "Port Alder council" in client.get("/article/1").text
    r = client.get("/article/nope")
    assert r.status_code == 404 and "no article" in r.text
    assert "Traceback" not in r.text
    r = client.get("/api/articles/nope")
    assert r.status_code == 404
    assert r.json()["error"]["status"] == 404


@pytest.mark.parametrize("c", ["5-2", "0-99999", "abc", "1-2-3", "-1-4", "99999999999-1"])
def test_bad_spans_are_400(client: Any, c: str) -> None:
    r = client.get(f"/article/ferry-gazette?c={c}")
    assert r.status_code == 400
    assert "Traceback" not in r.text


def test_path_traversal_and_control_characters_are_refused(client: Any) -> None:
    for ref in ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "a%0Ab", "x" * 400):
        r = client.get(f"/article/{ref}")
        assert r.status_code in (400, 404), ref
        assert "root:" not in r.text
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/app.py").status_code == 404


def test_search_page_and_api(client: Any) -> None:
    r = client.get("/search", params={"q": "ferry closure"})
    assert r.status_code == 200
    assert "Port Alder council votes" in r.text and "<mark>" in r.text
    m = re.search(r'href="(/article/ferry-gazette\?c=(\d+)-(\d+)#c=\d+-\d+)"', r.text)
    assert m, r.text
    s, e = int(m.group(2)), int(m.group(3))
    assert FERRY[s:e].lower().startswith("ferry") or FERRY[s:e].lower().startswith("closur")
    page = client.get(m.group(1).replace("&amp;", "&"))
    assert page.status_code == 200 and f'id="c={s}-{e}"' in page.text

    doc = client.get("/api/search", params={"q": "ferry"}).json()
    assert doc["total"] == 2 and len(doc["hits"]) == 2
    for hit in doc["hits"]:
        text = client.get(f"/api/articles/{quote(hit['id'], safe='')}").json()["text"]
        assert all(text[x["start"] : x["end"]] == x["text"] for x in hit["matches"])
    # queries FTS5 cannot parse are retried quoted, never a 500
    for q in ('"unbalanced', "ferry-closure", "library's", "NEAR(", "*"):
        r = client.get("/api/search", params={"q": q})
        assert r.status_code in (200, 400), (q, r.text)


def test_bounded_sizes(client: Any) -> None:
    assert client.get("/api/search", params={"q": "x" * 201}).status_code == 400
    assert client.get("/api/search", params={"q": "ferry", "limit": 101}).status_code == 400
    assert client.get("/api/search", params={"q": "ferry", "offset": 10**6}).status_code == 400
    assert client.get("/search", params={"q": "ferry", "page": 10**6}).status_code == 400
    r = client.get("/api/search", params={"q": "ferry", "limit": "lots"})
    assert r.status_code == 400 and "limit" in r.json()["error"]["message"]


def test_api_article_is_the_article_as_read(client: Any) -> None:
    doc = client.get("/api/articles/bridge-wire").json()
    assert doc["text"] == BRIDGE
    (bp,) = doc["boilerplate"]
    assert doc["text"][bp["start"] : bp["end"]] == "Subscribe to our newsletter"
    assert doc["row"] == 2 and doc["outlet"] == "Coastal Wire"


def test_hostile_article_strings_are_escaped(client: Any) -> None:
    ref = quote(f"x{HOSTILE_ATTR}", safe="")
    for url in (f"/article/{ref}", "/search?q=ferry", "/", f"/article/{ref}?c=0-5"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert HOSTILE_SCRIPT not in r.text and HOSTILE_ATTR not in r.text, url
        assert "<img" not in r.text and 'href="javascript:' not in r.text
    doc = client.get(f"/api/articles/{ref}").json()
    assert doc["author"] == HOSTILE_SCRIPT  # JSON keeps the string as read


def test_security_headers_and_no_inline_script(client: Any) -> None:
    for url in ("/", "/article/ferry-gazette", "/search?q=ferry", "/nope", "/api/search?q=a"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        if r.headers["content-type"].startswith("text/html"):
            assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text) is None
            assert " style=" not in r.text and "<style" not in r.text
    js = client.get("/static/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/briefing.css").status_code == 200


def test_errors_are_pages_or_json_without_tracebacks(client: Any, monkeypatch: Any) -> None:
    import newsprism.web.pages as pages

    def boom(*a: Any, **k: Any) -> str:
        raise RuntimeError("secret internals /etc/shadow")

    monkeypatch.setattr(pages, "article_page", boom)
    r = client.get("/article/ferry-gazette")
    assert r.status_code == 500 and "secret" not in r.text and "Traceback" not in r.text
    assert r.headers["content-type"].startswith("text/html")
    r = client.post("/api/search")
    assert r.status_code == 405 and r.json()["error"]["status"] == 405


def test_the_app_never_writes(db: Path) -> None:
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    before = db.stat().st_mtime_ns, db.read_bytes()
    with TestClient(create_app(str(db)), base_url=LOCAL) as c:
        c.get("/")
        c.get("/search?q=ferry")
        c.get("/article/ferry-gazette")
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before
    with Store.open(db, readonly=True) as s:
        assert s.count() == 3


def test_missing_store_is_np120(tmp_path: Path) -> None:
    from newsprism.errors import NewsprismError
    from newsprism.web import create_app

    with pytest.raises(NewsprismError) as exc:
        create_app(str(tmp_path / "missing.db"))
    assert exc.value.code.code == "NP120"


def test_openapi_schema_lists_the_api(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    assert "/api/search" in doc["paths"]
    assert all(p.startswith("/api/") for p in doc["paths"])


def test_requests_naming_another_host_are_refused(db: Path) -> None:
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    with TestClient(create_app(str(db)), base_url=LOCAL) as c:
        for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000"):
            assert c.get("/", headers={"host": host}).status_code == 200, host
        for host in ("evil.example", "127.0.0.1.evil.example", "testserver", "[::2]:8000", ""):
            r = c.get("/", headers={"host": host})
            assert r.status_code == 400 and "--allowed-host" in r.text, host
            assert r.headers["content-security-policy"]  # the refusal carries the headers too
        api = c.get("/api/search?q=ferry", headers={"host": "evil.example"})
        assert api.status_code == 400 and api.json()["error"]["status"] == 400
    app = create_app(str(db), allowed_hosts=["news.example.org"])
    with TestClient(app, base_url="http://news.example.org") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "localhost"}).status_code == 400
    with TestClient(create_app(str(db), allowed_hosts=["*"])) as c:  # Host: testserver
        assert c.get("/").status_code == 200


def test_search_results_are_cached_until_the_store_changes(db: Path) -> None:
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    app = create_app(str(db))
    with TestClient(app, base_url=LOCAL) as c:
        calls: list[str] = []
        original = Store.search_page

        def counting(self: Store, query: str, **kw: Any) -> Any:
            calls.append(query)
            return original(self, query, **kw)

        Store.search_page = counting  # type: ignore[method-assign]
        try:
            first = c.get("/api/search?q=ferry").json()
            assert c.get("/api/search?q=ferry").json() == first
            assert "ferry" in c.get("/search?q=ferry").text  # the same page of hits
            assert calls == ["ferry"]
            with Store.open(db) as s:  # another process adds an article
                s.add(Article("ferry-2", "in/f2.txt", "The ferry will run again on Monday."))
            again = c.get("/api/search?q=ferry").json()
            assert again["total"] == first["total"] + 1 and len(calls) == 2
        finally:
            Store.search_page = original  # type: ignore[method-assign]
