"""RSS and Atom feeds, parsed with feedparser (never from the network: bytes only).

An entry whose content (``content:encoded``, Atom ``content``, or a long ``description``)
holds at least ``FULL_TEXT_WORDS`` words is an article: its text is the content's HTML turned
into lines (one line per paragraph, list item, heading or ``<br>``; spaces inside a line folded),
which *is* the article as read, as for an HTML page.  The entry gives the title, author, date and
link, and the feed's title names the outlet (each with evidence ``feed: ...``).

An entry with only a link or a short summary is fetched when fetching is on, and read as an HTML
page; otherwise it is dropped with NP222.  A document that does not parse as a feed is NP224.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from newsprism.errors import BAD_FEED, NOT_FETCHED

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.ingest.stream import Hint, Item, StreamReader

FULL_TEXT_WORDS = 50
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BLOCKS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "figcaption",
    "section",
    "article",
)

FetchFn = Callable[[str, str, "Hint | None"], Iterator["Item"]]


def fragment_text(html: str) -> str:
    """The text of an HTML fragment, one line per block; '' when there is none."""
    if not html or not html.strip():
        return ""
    if "<" not in html:
        lines = [" ".join(line.split()) for line in html.splitlines()]
        return "\n".join(line for line in lines if line)
    from lxml import etree
    from lxml import html as lh

    # XML cannot hold control characters; a feed that carries them has them removed here
    html = _CONTROL.sub("", html)
    try:
        root = lh.fragment_fromstring(html, create_parent="div")
        for bad in list(root.iter("script", "style", "noscript")):
            bad.drop_tree()
        for br in root.iter("br"):
            br.tail = "\n" + (br.tail or "")
        for el in root.iter(*_BLOCKS):
            el.tail = "\n" + (el.tail or "")
            if el.text is not None or len(el):
                el.text = "\n" + (el.text or "")
        content = root.text_content()
    except (etree.ParserError, ValueError):
        return ""
    lines = [" ".join(line.split()) for line in content.splitlines()]
    return "\n".join(line for line in lines if line)


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = dict.get(entry, key)  # plain lookup: feedparser's key mapping warns
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _content(entry: Any) -> tuple[str, str]:
    """The longest HTML the entry carries, and where it came from."""
    best, where = "", ""
    for item in entry.get("content") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, str) and len(value) > len(best):
            best, where = value, "content"
    summary = entry.get("summary")
    if isinstance(summary, str) and len(summary) > len(best):
        best, where = summary, "summary"
    return best, where


def iter_feed(
    reader: StreamReader, stem: str, source: str, data: bytes, fetch: FetchFn | None
) -> Iterator[Item]:
    """The entries of one feed document as articles and drops."""
    import feedparser

    if not data.strip():
        from newsprism.errors import EMPTY

        reader.drop(source, EMPTY, "the input holds no text")
        yield from reader.drain()
        return
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - hostile input must not stop a run
        reader.drop(source, BAD_FEED, " ".join(str(exc).split())[:200])
        yield from reader.drain()
        return
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        detail = " ".join(str(why).split())[:200] if why else "the document holds no entries"
        reader.drop(source, BAD_FEED, detail)
        yield from reader.drain()
        return
    feed = parsed.get("feed") or {}
    outlet = feed.get("title") if isinstance(feed.get("title"), str) else None
    for k, entry in enumerate(entries, 1):
        where = f"{source}#{k}"
        html, field = _content(entry)
        text = fragment_text(html)
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        meta: dict[str, str] = {}
        ev: list[tuple[str, str]] = []
        for name, value, label in (
            ("title", entry.get("title"), "feed: entry title"),
            ("author", entry.get("author"), "feed: entry author"),
            ("published", _date(entry), "feed: entry date"),
            ("url", link, "feed: entry link"),
            ("outlet", outlet, "feed: channel title"),
        ):
            if isinstance(value, str) and value.strip():
                meta[name] = value.strip()
                ev.append((name, label))
        if len(text.split()) >= FULL_TEXT_WORDS:
            base = entry.get("id") or entry.get("guid") or link
            from newsprism.ingest.readers import sanitise_id
            from newsprism.ingest.stream import _url_stem

            name = f"{stem}-{k}" if not isinstance(base, str) else sanitise_id(_url_stem(base))
            reader.add(name, where, text, meta, ev + [("text", f"feed: entry {field}")])
        elif link and link.startswith(("http://", "https://")) and fetch is not None:
            from newsprism.ingest.stream import Hint

            hint = Hint(
                published=meta.get("published"),
                published_where="feed: entry date",
                outlet=outlet,
                outlet_where="feed: channel title",
            )
            yield from fetch(link, where, hint)
        else:
            detail = f"{len(text.split())} words in the entry" + (
                f"; its link {link} was not fetched" if link else " and no link"
            )
            reader.drop(where, NOT_FETCHED, detail)
        yield from reader.drain()
