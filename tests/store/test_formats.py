"""Ingest of every format into a store: text, HTML, JSON, JSONL, Multi-News, WARC, WARC.gz, ARC,
RSS and Atom; every unreadable input is a coded drop and the rest is still read."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.ingest.stream import SourceDone, iter_inputs
from newsprism.model import Article, Drop
from newsprism.store import Store, ingest

from . import fixtures as fx

ARTICLE = (
    "Ferry fares in Saltcombe will rise by a fifth in July, the operator said on Monday, "
    "blaming the cost of fuel and a new pier.\nPassengers said they had not been asked."
)


def items(paths: list[str]) -> tuple[list[Article], list[Drop]]:
    got = list(iter_inputs(paths))
    return (
        [i for i in got if isinstance(i, Article)],
        [i for i in got if isinstance(i, Drop)],
    )


def test_warc_pages_become_articles_with_record_url_and_date(tmp_path: Path) -> None:
    for name, gz in (("crawl.warc", False), ("crawl.warc.gz", True)):
        path = tmp_path / name
        urls = fx.write_warc(path, gz=gz)
        arts, drops = items([str(path)])
        assert [a.url for a in arts] == urls
        assert [d.code for d in drops] == ["NP206"]  # the navigation-only page
        first = arts[0]
        assert first.published == "2025-05-06"  # the page's own date wins
        assert ("url", "warc: WARC-Target-URI") in first.evidence
        third = arts[2]  # no date in the page: the capture date, said so
        assert third.published == "2025-05-07"
        assert ("published", "warc: WARC-Date (capture time)") in third.evidence
        assert all(a.source.startswith(f"{path}@") for a in arts)
        assert "Engineer Maren Oduya" in first.text and "<p>" not in first.text


def test_damaged_record_is_dropped_and_the_rest_is_read(tmp_path: Path) -> None:
    for name, gz in (("bad.warc", False), ("bad.warc.gz", True)):
        path = tmp_path / name
        urls = fx.write_warc(path, gz=gz, extra_bad=True)
        arts, drops = items([str(path)])
        assert [a.url for a in arts] == urls, name
        assert sorted(d.code for d in drops) == ["NP206", "NP223"], name


def test_arc_file(tmp_path: Path) -> None:
    path = tmp_path / "old.arc"
    url = fx.write_arc(path)
    arts, drops = items([str(path)])
    assert [a.url for a in arts] == [url] and not drops
    assert arts[0].outlet == "River Post"


def test_rss_full_text_entries_and_link_only_drop(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(fx.rss(), encoding="utf-8")
    arts, drops = items([str(path)])
    assert [a.url for a in arts] == list(fx.PAGES)
    assert all(a.outlet == "Tidewater Gazette" for a in arts)
    assert arts[0].title == "Tidewater bridge reopens after eight months of repairs"
    assert arts[0].published == "2025-05-06"
    assert arts[0].text.split("\n")[0].startswith("The Tidewater swing bridge reopened")
    assert [d.code for d in drops] == ["NP222"]
    assert "--fetch" in __import__("newsprism.errors").errors.NOT_FETCHED.hint


def test_atom_entry(tmp_path: Path) -> None:
    path = tmp_path / "gazette.atom"
    path.write_text(fx.atom(), encoding="utf-8")
    arts, drops = items([str(path)])
    assert len(arts) == 1 and not drops
    assert arts[0].author == "Maren Oduya"
    assert len(arts[0].text.split("\n")) == 4  # one line per paragraph


def test_broken_feed_is_a_drop(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<rss><channel><title>x</title><item><title>", encoding="utf-8")
    arts, drops = items([str(path)])
    assert not arts and [d.code for d in drops] in (["NP224"], ["NP222"])


def test_jsonl_is_streamed_line_by_line_with_coded_drops(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    good = json.dumps({"id": "a1", "text": ARTICLE, "outlet": "Saltcombe Star"})
    lines = [good, "{not json", json.dumps({"text": 5}), json.dumps([1, 2]), "", good]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = list(iter_inputs([str(path)], max_bytes=len(good) + 10))
    arts = [i for i in got if isinstance(i, Article)]
    drops = [i for i in got if isinstance(i, Drop)]
    assert [a.source for a in arts] == [f"{path}:1", f"{path}:6"]
    assert [d.code for d in drops] == ["NP205", "NP206", "NP206", "NP206"]
    assert isinstance(got[-1], SourceDone)


def test_jsonl_line_over_the_limit_is_dropped_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    small = json.dumps({"text": ARTICLE})
    big = json.dumps({"text": ARTICLE * 50})
    path.write_text(f"{small}\n{big}\n{small}x\n", encoding="utf-8")
    got = list(iter_inputs([str(path)], max_bytes=len(small) + 5))
    codes = [i.code for i in got if isinstance(i, Drop)]
    assert codes == ["NP203", "NP205"]


def test_every_format_into_one_store(tmp_path: Path, store: Store) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "b.html").write_text(fx.page_html(list(fx.PAGES)[0]), encoding="utf-8")
    (d / "c.json").write_text(
        json.dumps({"text": ARTICLE + " More.", "url": "https://x.example/c"})
    )
    (d / "d.jsonl").write_text(fx.jsonl_records(), encoding="utf-8")
    (d / "e.src").write_text(f"{ARTICLE} |||||  Second NEWLINE_CHAR document here. ", "utf-8")
    fx.write_warc(d / "f.warc.gz", gz=True)
    fx.write_arc(d / "g.arc")
    (d / "h.rss").write_text(fx.rss(), encoding="utf-8")
    (d / "i.atom").write_text(fx.atom(), encoding="utf-8")
    (d / "j.txt").write_bytes(b"")
    (d / "k.txt").write_bytes(b"\x00\x01\x02binary")

    def name(source: str) -> str:
        return source.split("/")[-1].split("@")[0].split("#")[0].split(":")[0]

    read = {name(a.source) for a in items([str(d)])[0]}
    assert read == {
        "a.txt",
        "b.html",
        "c.json",
        "d.jsonl",
        "e.src",
        "f.warc.gz",
        "g.arc",
        "h.rss",
        "i.atom",
    }
    report = ingest(store, [str(d)])
    assert report.drops_by_code["NP201"] == 1 and report.drops_by_code["NP202"] == 1
    codes = {d.code for d in store.drops()}
    assert {"NP201", "NP202", "NP206", "NP222"} <= codes
    # Identity is text + URL: the WARC and ARC pages repeat the JSONL records (same URL, same
    # text) and are stored once; the feed's entries have the URLs with another text (no title
    # line), so they are new versions linked to the earlier text.
    assert report.same >= 4
    assert report.versions == 3
    versions = {(r.a, r.b) for r in store.relations() if r.kind == "version"}
    assert {a for a, b in versions if b.startswith(("tidewater", "ashcombe", "river"))} == {
        "rec0",
        "rec1",
        "rec2",
    }
    stored = {name(a.article.source) for a in store.articles()}
    assert stored == {"a.txt", "b.html", "c.json", "d.jsonl", "e.src", "h.rss"}
