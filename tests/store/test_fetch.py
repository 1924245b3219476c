"""Polite fetching, tested only against a server these tests start on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsprism.ingest.fetch import USER_AGENT, Fetcher, FetchError
from newsprism.ingest.stream import iter_inputs
from newsprism.model import Article, Drop
from newsprism.store import Store, ingest

from . import fixtures as fx

PAGE_URLS = list(fx.PAGES)


class _Handler(BaseHTTPRequestHandler):
    log: list[tuple[float, str, str]] = []

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(
        self, status: int, body: bytes = b"", ctype: str = "text/html", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        _Handler.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
        base = f"http://{self.headers['Host']}"
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path.startswith("/page/"):
            url = PAGE_URLS[int(path.rsplit("/", 1)[1])]
            self._send(200, fx.page_html(url).encode())
        elif path == "/feed.rss":
            body = fx.rss(full=False).replace("https://", f"{base}/external?u=https://")
            self._send(200, body.encode(), "application/rss+xml")
        elif path.startswith("/external"):
            url = path.split("u=", 1)[1]
            idx = PAGE_URLS.index(url) if url in PAGE_URLS else -1
            if idx < 0:
                self._send(404, b"missing")
            else:
                self._send(302, Location=f"/page/{idx}")
        elif path.startswith("/loop"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, Location=f"/loop/{n + 1}")
        elif path == "/to-ftp":
            self._send(302, Location="ftp://127.0.0.1/file")
        elif path == "/big":
            self._send(200, b"<p>" + b"word " * 50_000 + b"</p>")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, b"<p>late</p>")
        else:
            self._send(404, b"not here")


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def fetcher(**kw: object) -> Fetcher:
    args: dict[str, object] = {"delay": 0.0, "timeout": 5.0}
    args.update(kw)
    return Fetcher(**args)  # type: ignore[arg-type]


def test_fetch_page_with_user_agent_and_robots(server: str) -> None:
    with fetcher() as f:
        page = f.fetch(f"{server}/page/0")
        assert page.status == 200 and b"Tidewater" in page.body
        with pytest.raises(FetchError) as err:
            f.fetch(f"{server}/private/secret")
        assert err.value.code.code == "NP221"
    paths = [p for _, p, _ in _Handler.log]
    assert paths == ["/robots.txt", "/page/0"]  # robots read once; the private page never asked
    assert all(ua == USER_AGENT for _, _, ua in _Handler.log)
    assert "newsprism" in USER_AGENT


def test_redirects_are_bounded_and_checked(server: str) -> None:
    with fetcher(max_redirects=3) as f:
        assert f.fetch(f"{server}/external?u={PAGE_URLS[1]}").url == f"{server}/page/1"
        with pytest.raises(FetchError) as err:
            f.fetch(f"{server}/loop/0")
        assert "redirects" in err.value.detail
        with pytest.raises(FetchError) as err:
            f.fetch(f"{server}/to-ftp")
        assert "only http and https" in err.value.detail
        with pytest.raises(FetchError):
            f.fetch("file:///etc/passwd")
        with pytest.raises(FetchError) as err:
            f.fetch(f"{server}/nothing")
        assert "HTTP 404" in err.value.detail


def test_size_cap_and_timeout(server: str) -> None:
    with fetcher(max_bytes=10_000) as f, pytest.raises(FetchError) as err:
        f.fetch(f"{server}/big")
    assert "limit" in err.value.detail
    with fetcher(timeout=0.3) as f, pytest.raises(FetchError) as err:
        f.fetch(f"{server}/slow")
    assert "timed out" in err.value.detail


def test_rate_limit_per_host(server: str) -> None:
    # the client's own clock: a loaded machine can only lengthen the time three requests take
    # (the server's arrival stamps can come closer together when a handler thread starts late)
    waits: list[float] = []
    started = time.monotonic()
    with fetcher(delay=0.25, sleep=lambda s: (waits.append(s), time.sleep(s))) as f:
        for i in range(3):
            f.fetch(f"{server}/page/{i}")
    assert time.monotonic() - started >= 0.5
    assert waits


def test_rate_limit_waits_the_rest_of_the_delay(server: str) -> None:
    # a clock that moves only when the fetcher sleeps: each request after the first to one host
    # waits the whole delay, whatever the requests themselves take
    now = [0.0]
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)
        now[0] += s

    with fetcher(delay=0.25, clock=lambda: now[0], sleep=sleep) as f:
        for i in range(3):
            f.fetch(f"{server}/page/{i}")
    assert [round(w, 6) for w in waits] == [0.25] * (len(waits)) and len(waits) >= 2
    assert now[0] >= 0.5


def test_feed_with_link_only_entries_is_fetched(server: str, tmp_path: Path) -> None:
    with fetcher() as f:
        got = list(iter_inputs([], feeds=[f"{server}/feed.rss"], fetcher=f))
    arts = [i for i in got if isinstance(i, Article)]
    drops = [i for i in got if isinstance(i, Drop)]
    assert [a.url for a in arts] == [f"{server}/page/{i}" for i in range(3)]
    assert all(a.outlet in ("Tidewater Gazette", "Ashcombe Courier", "River Post") for a in arts)
    assert [d.code for d in drops] == ["NP220"]  # the teaser's page is missing (404)
    assert arts[0].source == f"{server}/feed.rss#1"


def test_ingest_urls_into_a_store(server: str, tmp_path: Path) -> None:
    with Store.open(tmp_path / "web.db") as store, fetcher() as f:
        report = ingest(
            store, urls=[f"{server}/page/0", f"{server}/page/0", f"{server}/private/x"], fetcher=f
        )
        assert (report.new, report.drops_by_code["NP221"]) == (1, 1)
        assert store.get("127.0.0.1_page_0") is not None or store.count() == 1


def test_without_a_fetcher_nothing_goes_out(server: str) -> None:
    got = list(iter_inputs([], feeds=[f"{server}/feed.rss"]))
    assert [i.code for i in got if isinstance(i, Drop)] == ["NP220"]
    assert _Handler.log == []
