"""Inputs for the store tests, written by the project: a fictional story (the Tidewater bridge
repairs) told as HTML pages, packed into WARC and ARC archives and RSS/Atom feeds."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

PAGES = {
    "https://tidewater-gazette.example/news/bridge-reopens": (
        "Tidewater Gazette",
        "2025-05-06",
        "Tidewater bridge reopens after eight months of repairs",
        [
            "The Tidewater swing bridge reopened to traffic on Tuesday after eight months of "
            "repairs that cost the county four million pounds, the highways office said.",
            "Engineer Maren Oduya told the Tidewater Gazette that the new counterweights would "
            "keep the bridge working for another fifty years without major repairs.",
            "Residents of the east bank, who had faced a detour of forty minutes through "
            "Ashcombe, welcomed the reopening with a small parade across the river.",
            "\u201cWe have our town back in one piece,\u201d said shopkeeper Lenny Faro, whose "
            "bakery lost a third of its trade while the bridge was closed to cars and lorries.",
        ],
    ),
    "https://ashcombe-courier.example/2025/05/06/bridge": (
        "Ashcombe Courier",
        "2025-05-06",
        "Swing bridge back in service as detour ends",
        [
            "Drivers in Ashcombe no longer face a forty-minute detour: the Tidewater swing "
            "bridge carried its first cars on Tuesday morning after a long closure.",
            "The county highways office said the repairs came in under budget, although the "
            "opposition group on the council says the final bill has not been published yet.",
            "Councillor Ada Wren said the opposition would ask for the accounts at the next "
            "meeting in June, and that the residents deserved a full explanation of the delay.",
        ],
    ),
    "https://river-post.example/tidewater-bridge": (
        "River Post",
        None,
        "Bridge repairs: what changed under the deck",
        [
            "Eight months of work on the Tidewater swing bridge replaced its counterweights, "
            "its gears and most of the timber deck that carried cars over the river since 1962.",
            "Engineer Maren Oduya explained that the old gears had worn unevenly, so the bridge "
            "sometimes stuck half open and had to be closed to traffic for whole afternoons.",
        ],
    ),
}

NAV_ONLY = (
    "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> "
    "<a href='/news'>News</a> <a href='/sport'>Sport</a></nav></body></html>"
)


def page_html(url: str) -> str:
    outlet, date, title, paras = PAGES[url]
    meta_date = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:site_name' content='{outlet}'>{meta_date}"
        f"</head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright</footer></body></html>"
    )


def write_warc(path: Path, *, gz: bool, extra_bad: bool = False) -> list[str]:
    """A WARC of the three pages, plus a request record, an image, a redirect and a page of
    navigation only; with ``extra_bad`` a damaged record sits between two good ones."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)

    def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2025-05-07T08:00:00Z"},
        )
        writer.write_record(record)

    urls = list(PAGES)
    req = writer.create_warc_record(
        urls[0],
        "request",
        payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True),
    )
    writer.write_record(req)
    response(urls[0], page_html(urls[0]).encode(), "text/html; charset=utf-8")
    response(
        "https://tidewater-gazette.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"
    )
    first = out.getvalue()
    response(urls[1], page_html(urls[1]).encode(), "text/html")
    response("https://river-post.example/old", b"", "text/html", status="301 Moved Permanently")
    response("https://river-post.example/menu", NAV_ONLY.encode(), "text/html")
    response(urls[2], page_html(urls[2]).encode(), "text/html")
    data = out.getvalue()
    if extra_bad:
        junk = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\n<html>broken"
        if gz:
            junk = gzip.compress(junk)[:-12]  # a gzip member cut short
        data = first + junk + data[len(first) :]
    path.write_bytes(data)
    return urls


def write_arc(path: Path) -> str:
    """An ARC (version 1) file holding one page of the story."""
    url = list(PAGES)[2]
    html = page_html(url).encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    desc_body = b"1 0 Tidewater\nURL IP-address Archive-date Content-type Archive-length\n"
    head = f"filedesc://{path.name} 0.0.0.0 20250507080000 text/plain {len(desc_body)}\n"
    rec = f"{url} 10.0.0.1 20250507080000 text/html {len(http)}\n"
    path.write_bytes(head.encode() + desc_body + b"\n" + rec.encode() + http + b"\n")
    return url


def rss(full: bool = True, link_only_url: str | None = None) -> str:
    """An RSS 2.0 feed: the three pages as entries with full text (content:encoded), and one
    entry that holds only a link."""
    items = []
    for url, (_outlet, date, title, paras) in PAGES.items():
        content = "".join(f"<p>{p}</p>" for p in paras) if full else ""
        items.append(
            f"<item><title>{title}</title><link>{url}</link><guid>{url}</guid>"
            + ("<pubDate>Tue, 06 May 2025 09:00:00 GMT</pubDate>" if date else "")
            + f"<description>{paras[0][:60]}</description>"
            + (f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else "")
            + "</item>"
        )
    link = link_only_url or "https://tidewater-gazette.example/news/teaser"
    items.append(
        f"<item><title>Teaser</title><link>{link}</link><description>More soon.</description></item>"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Tidewater Gazette</title><link>https://tidewater-gazette.example/</link>"
        "<description>News</description>" + "".join(items) + "</channel></rss>"
    )


def atom() -> str:
    url, (_outlet, _date, title, paras) = next(iter(PAGES.items()))
    content = "".join(f"<p>{p}</p>" for p in paras).replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Tidewater Gazette</title><id>urn:tidewater</id><updated>2025-05-06T09:00:00Z</updated>"
        f"<entry><title>{title}</title><id>{url}</id><link href='{url}'/>"
        "<updated>2025-05-06T09:00:00Z</updated><author><name>Maren Oduya</name></author>"
        f"<content type='html'>{content}</content></entry></feed>"
    )


def jsonl_records(n: int = 3) -> str:
    lines = []
    for i, (url, (outlet, date, title, paras)) in enumerate(PAGES.items()):
        if i >= n:
            break
        lines.append(
            json.dumps(
                {
                    "id": f"rec{i}",
                    "url": url,
                    "outlet": outlet,
                    "title": title,
                    "published": date,
                    "text": "\n".join([title, *paras]),
                }
            )
        )
    return "\n".join(lines) + "\n"
