"""Readers: every input becomes an article or a coded drop; text is kept as read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsprism.ingest.readers import ReadResult, decode, is_binary, read_inputs, sanitise_id

STORY = "The harbour bridge in Portwell reopened on Tuesday after eight months of repairs."
STORY_2 = "Mayor Ida Quell said the work had cost less than expected, the council said."


def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


def codes(result: ReadResult) -> list[str]:
    return [d.code for d in result.dropped]


# ------------------------------------------------------------------------------------ text files


def test_txt_is_read_verbatim_with_crlf(tmp_path: Path) -> None:
    raw = f"Bridge reopens\r\n\r\n  {STORY}\r\n{STORY_2}  \r\n"
    path = write(tmp_path / "harbour.txt", raw)
    result = read_inputs([path])
    assert [a.text for a in result.articles] == [raw]
    article = result.articles[0]
    assert article.id == "harbour"
    assert article.source == path
    assert not result.dropped and not result.notices


def test_utf8_text_and_bom(tmp_path: Path) -> None:
    plain = write(tmp_path / "a.txt", "Café owners met on the quay — “a good day”, one said.")
    bom = write(tmp_path / "b.txt", b"\xef\xbb\xbf" + STORY.encode())
    result = read_inputs([plain, bom])
    assert result.articles[0].text == "Café owners met on the quay — “a good day”, one said."
    assert result.articles[1].text == STORY  # the byte-order mark is not text
    assert not result.notices


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.txt", STORY.encode("utf-16"))
    assert read_inputs([path]).articles[0].text == STORY


def test_cp1252_fallback_gives_notice(tmp_path: Path) -> None:
    path = write(tmp_path / "old.txt", b"caf\xe9 \x93quoted\x94 words on the quay")
    result = read_inputs([path])
    assert result.articles[0].text == "café “quoted” words on the quay"
    assert [n.code for n in result.notices] == ["NP204"]
    assert result.notices[0].source == path


def test_undecodable_bytes_are_replaced_with_notice(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", b"the ferry \x81 left at noon \xe9")
    result = read_inputs([path])
    assert "\ufffd" in result.articles[0].text
    assert result.articles[0].text.startswith("the ferry ")
    assert [n.code for n in result.notices] == ["NP211"]


def test_decode_helper_reports_fallback() -> None:
    assert decode(b"plain") == ("plain", None)
    assert decode(b"\xe9")[1] is not None and decode(b"\xe9")[1].code == "NP204"  # type: ignore[union-attr]


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_and_whitespace_only_are_dropped(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "empty.txt", data)
    result = read_inputs([path])
    assert not result.articles
    assert codes(result) == ["NP201"]
    assert result.dropped[0].reason.startswith("empty input: ")
    assert result.dropped[0].source == path


def test_binary_is_dropped(tmp_path: Path) -> None:
    nul = write(tmp_path / "nul.txt", b"text\x00with a nul byte" * 10)
    control = write(tmp_path / "ctl.txt", bytes(range(1, 9)) * 50 + b"some text")
    result = read_inputs([nul, control])
    assert codes(result) == ["NP202", "NP202"]
    assert is_binary(b"\x00abc") and not is_binary(STORY.encode())


def test_oversized_is_dropped_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", STORY * 10)
    result = read_inputs([path], max_bytes=100)
    assert codes(result) == ["NP203"]
    assert "input too large" in result.dropped[0].reason
    assert read_inputs([path], max_bytes=10_000).articles


def test_missing_path_is_a_drop_not_an_exception(tmp_path: Path) -> None:
    result = read_inputs([str(tmp_path / "nowhere.txt")])
    assert codes(result) == ["NP215"]  # a warning: the other inputs are read


def test_articles_are_never_dropped_for_their_name(tmp_path: Path) -> None:
    root = tmp_path / "in"
    names = ["License fee rise sparks anger.txt", "README.txt", "Notice of closure.txt"]
    for name in names:
        write(root / name, STORY)
    write(root / "LICENSE", "MIT License, no extension")
    result = read_inputs([str(root)])
    assert sorted(a.source.rsplit("/", 1)[1] for a in result.articles) == sorted(names)
    assert [(d.source.rsplit("/", 1)[1], d.code) for d in result.dropped] == [("LICENSE", "NP207")]


def test_an_empty_directory_is_listed_with_its_reason(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / ".hidden.txt", STORY)
    result = read_inputs([str(empty)])
    assert result.articles == ()
    (drop,) = result.dropped
    assert drop.code == "NP201" and "holds no files" in drop.reason


@pytest.mark.parametrize(
    ("value", "words"),
    [(12345, "a number"), (["a", "b"], "a list"), ({"p": "x"}, "an object"), (None, "null")],
)
def test_a_text_of_the_wrong_type_says_so(tmp_path: Path, value: object, words: str) -> None:
    path = write(tmp_path / "r.json", json.dumps({"title": "T", "text": value}))
    (drop,) = read_inputs([str(path)]).dropped
    assert drop.code == "NP206"
    assert f"'text' is {words}, not a string" in drop.reason


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "once.txt", STORY)
    result = read_inputs([path, path, str(tmp_path)])
    assert len(result.articles) == 1
    assert [n.code for n in result.notices] == ["NP212", "NP212"]


def test_ids_are_sanitised_and_unique(tmp_path: Path) -> None:
    a = write(tmp_path / "one" / "harbour news!.txt", STORY)
    b = write(tmp_path / "two" / "harbour news!.txt", STORY_2)
    result = read_inputs([a, b])
    assert [x.id for x in result.articles] == ["harbour_news_", "harbour_news_-2"]
    assert sanitise_id("../.hidden") == "_.hidden"
    assert sanitise_id("") == "article"


# ------------------------------------------------------------------------------------ JSON


def test_malformed_json_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.json", '{"text": "unterminated')
    result = read_inputs([path])
    assert codes(result) == ["NP205"]
    assert result.dropped[0].reason.startswith("malformed JSON: line 1")


def test_json_object_with_metadata(tmp_path: Path) -> None:
    record = {
        "text": STORY,
        "outlet": "The Lakeside Courier",
        "title": "Bridge reopens",
        "published": "2031-03-04T09:30:00Z",
        "author": ["Mara Ellison", "Tom Reyes"],
        "url": "https://example.org/bridge",
    }
    path = write(tmp_path / "bridge.json", json.dumps(record))
    article = read_inputs([path]).articles[0]
    assert article.id == "bridge"
    assert article.text == STORY
    assert article.outlet == "The Lakeside Courier"
    assert article.published == "2031-03-04"
    assert article.author == "Mara Ellison, Tom Reyes"
    assert article.url == "https://example.org/bridge"
    assert ("outlet", "json: outlet") in article.evidence


def test_json_list_with_line_numbers_and_bad_records(tmp_path: Path) -> None:
    items = [{"text": STORY}, {"title": "no text here"}, {"text": STORY_2, "id": "q/2"}, 7]
    path = write(tmp_path / "batch.json", "[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]")
    result = read_inputs([path])
    assert [(a.id, a.source) for a in result.articles] == [
        ("batch-1", f"{path}:2"),
        ("q_2", f"{path}:4"),
    ]
    assert [(d.source, d.code) for d in result.dropped] == [
        (f"{path}:3", "NP206"),
        (f"{path}:5", "NP206"),
    ]


def test_unparseable_published_stays_none(tmp_path: Path) -> None:
    path = write(tmp_path / "d.json", json.dumps({"text": STORY, "published": "last week"}))
    assert read_inputs([path]).articles[0].published is None


def test_jsonl_keeps_good_lines_around_a_bad_one(tmp_path: Path) -> None:
    lines = [json.dumps({"text": STORY}), "{not json", json.dumps({"text": ""}), "", "[]"]
    lines.append(json.dumps({"text": STORY_2, "date": "4 March 2031"}))
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = read_inputs([path])
    assert [(a.id, a.source) for a in result.articles] == [
        ("feed-1", f"{path}:1"),
        ("feed-6", f"{path}:6"),
    ]
    assert result.articles[1].published == "2031-03-04"
    assert [(d.source, d.code) for d in result.dropped] == [
        (f"{path}:2", "NP205"),
        (f"{path}:3", "NP206"),
    ]


def test_multinews_cluster_records(tmp_path: Path) -> None:
    cluster = {
        "id": "c7",
        "documents": [STORY + " NEWLINE_CHAR NEWLINE_CHAR " + STORY_2, "  ", STORY_2],
        "summary": "A bridge reopened.",
    }
    path = write(tmp_path / "clusters.jsonl", json.dumps(cluster) + "\n")
    result = read_inputs([path])
    assert [(a.id, a.source) for a in result.articles] == [
        ("c7-1", f"{path}:1#1"),
        ("c7-3", f"{path}:1#3"),
    ]
    assert result.articles[0].text == STORY + " \n \n " + STORY_2
    assert [(d.source, d.code) for d in result.dropped] == [(f"{path}:1#2", "NP201")]


# ------------------------------------------------------------------------------------ Multi-News


def test_multinews_source_file(tmp_path: Path) -> None:
    line1 = f"{STORY} NEWLINE_CHAR NEWLINE_CHAR {STORY_2} ||||| ||||| {STORY_2} |||||"
    line2 = f"Second cluster first document. ||||| {STORY}"
    path = write(tmp_path / "val.src", line1 + "\n" + line2 + "\n")
    result = read_inputs([path])
    assert [(a.id, a.source) for a in result.articles] == [
        ("val-1-1", f"{path}:1#1"),
        ("val-1-3", f"{path}:1#3"),
        ("val-2-1", f"{path}:2#1"),
        ("val-2-2", f"{path}:2#2"),
    ]
    assert result.articles[0].text == f"{STORY} \n \n {STORY_2}"
    assert [(d.source, d.code) for d in result.dropped] == [
        (f"{path}:1#2", "NP201"),
        (f"{path}:1#4", "NP201"),
    ]
    assert "between '|||||' separators is empty" in result.dropped[0].reason


def test_multinews_detected_by_content_in_txt_and_other_extensions(tmp_path: Path) -> None:
    txt = write(tmp_path / "pair.txt", f"{STORY}\n{STORY_2}\n|||||\n{STORY_2}\n")
    other = write(tmp_path / "val.src.cleaned", f"{STORY} NEWLINE_CHAR ||||| {STORY_2}")
    result = read_inputs([txt, other])
    assert [a.id for a in result.articles] == ["pair-1", "pair-2", "val.src-1", "val.src-2"]
    # without NEWLINE_CHAR tokens the file is one cluster and its line breaks are kept
    assert result.articles[0].text == f"{STORY}\n{STORY_2}"
    assert [a.text for a in result.articles[1:]] == [STORY_2, STORY, STORY_2]


# ------------------------------------------------------------------------------------ directories


def test_directory_recursion(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "b.txt", STORY_2)
    write(root / "a.txt", STORY)
    write(root / "sub" / "c.txt", STORY)
    write(root / ".hidden.txt", STORY)
    write(root / ".git" / "x.txt", STORY)
    write(root / "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(root / "README.md", "# notes")
    write(root / "notes.md", "some notes on the story")
    result = read_inputs([str(root) + "/"])
    assert [(a.id, a.source) for a in result.articles] == [
        ("a", f"{root}/a.txt"),
        ("b", f"{root}/b.txt"),
        ("c", f"{root}/sub/c.txt"),
    ]
    dropped = {d.source.rsplit("/", 1)[1]: d for d in result.dropped}
    assert set(dropped) == {"photo.png", "README.md", "notes.md"}
    assert all(d.code == "NP207" for d in dropped.values())
    assert "'.md' files are not read" in dropped["README.md"].reason
    assert "'.png' files are not read" in dropped["photo.png"].reason


# ------------------------------------------------------------------------------------ stdin


def test_stdin_text_json_and_html() -> None:
    text = read_inputs(["-"], stdin=io.BytesIO(STORY.encode()))
    assert [(a.id, a.source, a.text) for a in text.articles] == [("stdin", "-", STORY)]
    records = json.dumps([{"text": STORY}, {"text": STORY_2}]).encode()
    assert len(read_inputs(["-"], stdin=io.BytesIO(records)).articles) == 2
    jsonl = (json.dumps({"text": STORY}) + "\n" + json.dumps({"text": STORY_2})).encode()
    assert len(read_inputs(["-"], stdin=io.BytesIO(jsonl)).articles) == 2
    html = f"<html><body><article><p>{STORY}</p><p>{STORY_2}</p></article></body></html>"
    page = read_inputs(["-"], stdin=io.BytesIO(html.encode())).articles[0]
    assert STORY in page.text and "<p>" not in page.text


def test_stdin_too_large_and_twice() -> None:
    big = read_inputs(["-"], stdin=io.BytesIO(b"x" * 50), max_bytes=10)
    assert codes(big) == ["NP203"]
    twice = read_inputs(["-", "-"], stdin=io.BytesIO(STORY.encode()))
    assert len(twice.articles) == 1 and [n.code for n in twice.notices] == ["NP212"]


# ------------------------------------------------------------------------------------ HTML

HOSTILE = """<!DOCTYPE html><html><head><title>Bridge Reopens | The Lakeside Courier</title>
<meta property="og:site_name" content="The Lakeside Courier">
<meta name="author" content="Mara Ellison">
<meta property="article:published_time" content="2021-05-06T09:00:00Z">
<script>alert(1); document.write("SCRIPTTEXT")</script>
<style>body { color: red }</style></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>STORY</p>
<img src=x onerror="alert('ONERRORTEXT')">
<p>STORY_2</p>
<div><b>unclosed <i>markup in the last paragraph of this short story</p></div>
</article><footer>Copyright 2021</footer></body></html>
"""


def test_hostile_html_is_read_safely(tmp_path: Path) -> None:
    path = write(
        tmp_path / "page.html", HOSTILE.replace("STORY_2", STORY_2).replace("STORY", STORY)
    )
    result = read_inputs([path])
    article = result.articles[0]
    assert STORY in article.text and STORY_2 in article.text
    for bad in ("alert", "SCRIPTTEXT", "ONERRORTEXT", "color: red", "<"):
        assert bad not in article.text
    assert article.outlet == "The Lakeside Courier"
    assert article.author == "Mara Ellison"
    assert article.published == "2021-05-06"
    assert ("outlet", "html: og:site_name") in article.evidence


def test_html_without_body_is_dropped(tmp_path: Path) -> None:
    nav = write(tmp_path / "nav.htm", '<html><body><nav><a href="/">Home</a></nav></body></html>')
    junk = write(tmp_path / "junk.html", "<<<>>><html><</p>")
    result = read_inputs([nav, junk])
    assert not result.articles
    assert codes(result) == ["NP206", "NP206"]


def test_html_charset_and_xml_declaration(tmp_path: Path) -> None:
    latin = write(
        tmp_path / "latin.html",
        b'<html><head><meta charset="windows-1252"></head><body><article><p>The caf\xe9 on the'
        b" quay reopened on Monday after a \x93long winter\x94, its owner said.</p></article>"
        b"</body></html>",
    )
    xml = write(
        tmp_path / "x.html",
        f'<?xml version="1.0" encoding="utf-8"?>\n<html><body><article><p>{STORY}</p>'
        "</article></body></html>",
    )
    result = read_inputs([latin, xml])
    assert "café" in result.articles[0].text and "“long winter”" in result.articles[0].text
    assert not result.notices
    assert result.articles[1].text == STORY


def test_extensionless_file_is_sniffed_when_named_but_dropped_in_a_directory(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "d" / "STORY_NOTES", STORY)
    named = read_inputs([path])
    assert [a.text for a in named.articles] == [STORY]
    in_dir = read_inputs([str(tmp_path / "d")])
    assert codes(in_dir) == ["NP207"]
    assert "without extension" in in_dir.dropped[0].reason
