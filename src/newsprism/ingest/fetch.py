"""Polite, bounded fetching of pages and feeds with httpx.

- only ``http`` and ``https`` URLs, at every redirect too;
- ``robots.txt`` of each host read once and obeyed for the user agent ``newsprism`` (a
  ``Crawl-delay`` longer than the rate limit is obeyed too); a robots.txt that answers 401/403
  or cannot be fetched (5xx, network error) forbids the host, one that is missing (404) allows;
- one request per host every ``delay`` seconds at most (default 1 s);
- a timeout on connecting and on each read (default 10 s);
- at most ``max_bytes`` of body (streamed; the request stops there);
- at most ``max_redirects`` redirects (default 5), each checked as above;
- a user agent naming newsprism and its version.

Failures raise ``FetchError`` with a code (NP220 fetch failed, NP221 robots.txt) that the
readers turn into drops.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsprism import __version__
from newsprism.errors import FETCH_FAILED, ROBOTS, Code

USER_AGENT = f"newsprism/{__version__} (news store ingest; respects robots.txt)"
ROBOTS_AGENT = "newsprism"
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 5_000_000
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A page that could not be fetched, with the code of the drop it becomes."""

    def __init__(self, code: Code, detail: str) -> None:
        super().__init__(f"{code.code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    fetched_at: str


@dataclass
class Fetcher:
    """Fetches pages politely.  One per ingest; ``close()`` when done (or use ``with``)."""

    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _client: Any = field(default=None, repr=False)
    _robots: dict[str, Any] = field(default_factory=dict, repr=False)
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    requests: int = 0

    def __post_init__(self) -> None:
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent},
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=False,
                trust_env=False,
            )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ public

    def fetch(self, url: str) -> Page:
        """GET ``url`` following at most ``max_redirects`` redirects; raises ``FetchError``."""
        current = url
        for _ in range(self.max_redirects + 1):
            _check_scheme(current)
            if self.respect_robots:
                self._check_robots(current)
            status, headers, body = self._get(current)
            if status in _REDIRECTS:
                target = headers.get("location")
                if not target:
                    raise FetchError(FETCH_FAILED, f"HTTP {status} without a Location ({current})")
                current = urljoin(current, target)
                continue
            if status != 200:
                raise FetchError(FETCH_FAILED, f"HTTP {status} for {current}")
            ctype = headers.get("content-type", "").split(";", 1)[0].strip().lower()
            return Page(current, status, ctype, body, _now())
        raise FetchError(FETCH_FAILED, f"more than {self.max_redirects} redirects from {url}")

    # ------------------------------------------------------------------ internals

    def _wait(self, host: str) -> None:
        delay = self.delay
        robots = self._robots.get(host)
        if robots is not None:
            crawl = robots.crawl_delay(ROBOTS_AGENT)
            if crawl is not None:
                delay = max(delay, float(crawl))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _get(self, url: str, limit: int | None = None) -> tuple[int, dict[str, str], bytes]:
        import httpx

        host = urlsplit(url).netloc.lower()
        limit = self.max_bytes if limit is None else limit
        self._wait(host)
        self.requests += 1
        try:
            with self._client.stream("GET", url) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code in _REDIRECTS or response.status_code != 200:
                    return response.status_code, headers, b""
                declared = headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        FETCH_FAILED, f"{url}: {declared} bytes, over the limit of {limit}"
                    )
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(FETCH_FAILED, f"{url}: over the limit of {limit} bytes")
                    chunks.append(chunk)
                return response.status_code, headers, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise FetchError(FETCH_FAILED, f"{url}: timed out after {self.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise FetchError(FETCH_FAILED, f"{url}: {type(exc).__name__}: {exc}") from exc

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        robots = self._robots.get(host)
        if robots is None:
            robots = urllib.robotparser.RobotFileParser()
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            try:
                status, _, body = self._get(robots_url, limit=500_000)
            except FetchError:
                status, body = 503, b""
            if status == 200:
                robots.parse(body.decode("utf-8", errors="replace").splitlines())
            elif status in (401, 403) or status >= 500:
                robots.disallow_all = True  # type: ignore[attr-defined]
            else:
                robots.allow_all = True  # type: ignore[attr-defined]
            self._robots[host] = robots
        if not robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(ROBOTS, f"{url} (robots.txt of {host})")


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(FETCH_FAILED, f"{url}: only http and https URLs are fetched")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
