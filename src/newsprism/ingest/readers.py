"""Read articles from files, directories and stdin.

Every input ends up either as an ``Article`` or as a ``Drop`` with a coded reason; warnings met
while reading (cp1252 fallback, replaced bytes, an input given twice) are ``Notice``s.

Formats: ``.txt`` (verbatim), ``.html``/``.htm`` (main text by trafilatura), ``.json`` (a record,
a list of records, or a Multi-News cluster ``{"documents": [...]}``), ``.jsonl`` (one of those a
line) and Multi-News source files (documents split by ``|||||``, ``NEWLINE_CHAR`` for line
breaks), recognised by their content whatever the extension.  ``-`` reads stdin and sniffs.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from newsprism.errors import (
    BAD_JSON,
    BINARY,
    DECODE_REPLACED,
    DECODED_CP1252,
    DUPLICATE_INPUT,
    EMPTY,
    MISSING,
    NO_TEXT,
    TOO_LARGE,
    UNSUPPORTED,
    Code,
)
from newsprism.ingest.metadata import normalize_date
from newsprism.model import Article, Drop, Notice

DEFAULT_MAX_BYTES = 5_000_000

_FORMATS = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".src": "multinews",
}
_MULTINEWS_SEP = "|||||"
_MULTINEWS_NEWLINE = "NEWLINE_CHAR"
_SNIFF_BYTES = 8192
_CONTROL = frozenset(list(range(0, 9)) + [11] + list(range(14, 32)) + [127])
_HTML_START = re.compile(
    r"\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<article|<div|<p[\s>]|<!--)", re.I
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.I)
# JSON record fields, with the names other tools use for them.
_FIELDS = {
    "outlet": ("outlet", "sitename", "site_name", "source_name", "publisher"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link"),
}


@dataclass(frozen=True)
class ReadResult:
    """What reading gave: the articles, the inputs dropped with reasons, and warnings."""

    articles: tuple[Article, ...]
    dropped: tuple[Drop, ...]
    notices: tuple[Notice, ...]


def loads(text: str) -> Any:
    """``json.loads`` whose every failure on bad input is a ``json.JSONDecodeError``: also an
    integer longer than the interpreter converts (ValueError) and arrays or objects nested deeper
    than its recursion limit (RecursionError)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # int("1" * 5000): over Python's integer string conversion limit
        limit = sys.get_int_max_str_digits()
        found = re.search(rf"\d{{{limit + 1},}}", text)
        at = found.start() if found else 0
        raise json.JSONDecodeError(f"a number of more than {limit} digits", text, at) from None
    except RecursionError:
        raise json.JSONDecodeError("arrays or objects nested too deeply", text, 0) from None


def json_type(value: Any) -> str:
    """A JSON value's type in words: "a number", "a list", "null" ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _reason(code: Code, detail: str) -> str:
    return f"{code.title}: {detail}"


def sanitise_id(name: str) -> str:
    """``name`` reduced to ``[A-Za-z0-9_.-]`` (at most 80 characters), or ``article``."""
    return re.sub(r"[^A-Za-z0-9_.\-]+", "_", name).lstrip(".-")[:80] or "article"


def is_binary(head: bytes) -> bool:
    """True for bytes that are not text: a NUL byte, or over 10 % control characters."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    return sum(b in _CONTROL for b in head) / len(head) > 0.10


def decode(data: bytes) -> tuple[str, Code | None]:
    """Bytes to text: UTF-8 (a leading BOM dropped), UTF-16 with a BOM, else cp1252.

    Returns the text and the warning code of the fallback used (NP204 cp1252, NP211 replaced bytes).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), DECODED_CP1252
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), DECODE_REPLACED


class _Reader:
    """Accumulates articles, drops and notices over all inputs; keeps ids unique."""

    def __init__(self, max_bytes: int, stdin: BinaryIO | None) -> None:
        self.max_bytes = max_bytes
        self.stdin = stdin
        self.articles: list[Article] = []
        self.dropped: list[Drop] = []
        self.notices: list[Notice] = []
        self.seen: set[str] = set()
        self.ids: set[str] = set()
        self.emitted = 0  # articles and drops so far (a subclass may pass them on as they come)

    # ---------------------------------------------------------------- bookkeeping

    def drop(self, source: str, code: Code, detail: str) -> None:
        self.dropped.append(Drop(source, _reason(code, detail), code.code))
        self.emitted += 1

    def notice(self, source: str, code: Code, detail: str) -> None:
        self.notices.append(Notice(code.code, _reason(code, detail), source))

    def add(
        self, base_id: str, source: str, text: str, meta: dict[str, str], ev: list[tuple[str, str]]
    ) -> None:
        base = sanitise_id(base_id)
        article_id, n = base, 1
        while article_id in self.ids:
            n += 1
            article_id = f"{base}-{n}"
        self.ids.add(article_id)
        self.emitted += 1
        self.articles.append(
            Article(
                article_id,
                source,
                text,
                outlet=meta.get("outlet"),
                title=meta.get("title"),
                published=meta.get("published"),
                author=meta.get("author"),
                url=meta.get("url"),
                evidence=tuple(ev),
            )
        )

    def first_time(self, key: str, source: str) -> bool:
        if key in self.seen:
            self.notice(source, DUPLICATE_INPUT, f"{source} is read once")
            return False
        self.seen.add(key)
        return True

    # ---------------------------------------------------------------- inputs

    def read_source(self, source: str) -> None:
        if source == "-":
            if self.first_time("-", source):
                stream = self.stdin if self.stdin is not None else sys.stdin.buffer
                data = stream.read(self.max_bytes + 1)
                if len(data) > self.max_bytes:
                    self.drop(source, TOO_LARGE, f"stdin holds more than {self.max_bytes} bytes")
                else:
                    self.read_bytes("stdin", source, data, None)
            return
        if not os.path.exists(source):
            self.drop(source, MISSING, "no such file or directory")
        elif os.path.isdir(source):
            before = len(self.articles) + len(self.dropped) + len(self.notices)
            self.read_dir(source, source, set())
            if len(self.articles) + len(self.dropped) + len(self.notices) == before:
                self.drop(source, EMPTY, "the directory holds no files (hidden ones are skipped)")
        else:
            self.read_file(source, source, in_dir=False)

    def read_dir(self, shown: str, path: str, visited: set[str]) -> None:
        for child, full in self.walk(shown, path, visited):
            self.read_file(child, full, in_dir=True)

    def walk(self, shown: str, path: str, visited: set[str]) -> Iterator[tuple[str, str]]:
        """``(shown, path)`` of the files to read under a directory, recursively and sorted;
        lazily, so that a streaming reader can handle each file before listing the next."""
        real = os.path.realpath(path)
        if real in visited:
            return
        visited.add(real)
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            self.drop(shown, MISSING, f"cannot list the directory ({exc.strerror})")
            return
        for name in names:
            if name.startswith("."):
                continue  # hidden files and directories are skipped, as in version control
            full, child = os.path.join(path, name), os.path.join(shown, name)
            if os.path.isdir(full):
                yield from self.walk(child, full, visited)
            else:  # a file is read whatever its name ("License fee rise.txt" is an article)
                yield child, full

    def read_file(self, shown: str, path: str, *, in_dir: bool) -> None:
        if not self.first_time(os.path.realpath(path), shown):
            return
        name = os.path.basename(path)
        stem, ext = os.path.splitext(name)
        kind = _FORMATS.get(ext.lower())
        try:
            if kind is None:
                kind = self._sniff_unknown(path, ext, in_dir)
                if kind is None:
                    what = f"'{ext}' files are not read" if ext else "a file without extension"
                    self.drop(shown, UNSUPPORTED, what)
                    return
            if os.path.isfile(path) and os.path.getsize(path) > self.max_bytes:
                size = os.path.getsize(path)
                self.drop(shown, TOO_LARGE, f"{size} bytes, over the limit of {self.max_bytes}")
                return
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError as exc:
            self.drop(shown, MISSING, f"cannot read the file ({exc.strerror})")
            return
        if len(data) > self.max_bytes:
            self.drop(shown, TOO_LARGE, f"over the limit of {self.max_bytes} bytes")
            return
        self.read_bytes(stem, shown, data, None if kind == "sniff" else kind)

    def _sniff_unknown(self, path: str, ext: str, in_dir: bool) -> str | None:
        """Multi-News files under any extension; extensionless files given by name are sniffed."""
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        if is_binary(head):
            return None
        text = head.decode("utf-8", errors="replace")
        if _MULTINEWS_SEP in text or _MULTINEWS_NEWLINE in text:
            return "multinews"
        return "sniff" if not ext and not in_dir else None

    # ---------------------------------------------------------------- formats

    def read_bytes(self, stem: str, source: str, data: bytes, kind: str | None) -> None:
        """Check, decode and parse one input's bytes; ``kind`` None means sniff the content."""
        if not data.strip():
            self.drop(source, EMPTY, "the input holds no text")
            return
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if not utf16 and is_binary(data[:_SNIFF_BYTES]):
            self.drop(source, BINARY, "the input holds NUL or control bytes")
            return
        if kind == "html":
            text, code = _decode_html(data)
        else:
            text, code = decode(data)
        if code is not None:
            self.notice(source, code, f"{source} was not valid UTF-8")
        if not text.strip():
            self.drop(source, EMPTY, "the input holds only whitespace")
            return
        if kind is None:
            kind = sniff(text)
        if kind == "text" and (_MULTINEWS_SEP in text or _MULTINEWS_NEWLINE in text):
            kind = "multinews"
        before = self.emitted
        if kind == "html":
            self.read_html(stem, source, text)
        elif kind == "json":
            self.read_json(stem, source, text)
        elif kind == "jsonl":
            self.read_jsonl(stem, source, text)
        elif kind == "multinews":
            self.read_multinews(stem, source, text)
        else:
            self.add(stem, source, text, {}, [])
        if self.emitted == before:  # [], {"documents": []}, blank lines
            self.drop(source, NO_TEXT, f"the {kind} input holds no record")

    def read_html(self, stem: str, source: str, html: str) -> None:
        doc = _extract_html(html)
        body = doc.get("text") if doc else None
        if doc is None or not isinstance(body, str) or not _has_article_text(body):
            self.drop(source, NO_TEXT, "no article body was found in the page")
            return
        meta: dict[str, str] = {}
        ev: list[tuple[str, str]] = []
        for name, key in (("outlet", "sitename"), ("title", "title"), ("author", "author")):
            value = doc.get(key)
            if isinstance(value, str) and value.strip():
                meta[name] = value.strip()
                where = "og:site_name" if name == "outlet" and "og:site_name" in html else key
                ev.append((name, f"html: {where}"))
        date = normalize_date(doc["date"]) if isinstance(doc.get("date"), str) else None
        if date:
            meta["published"] = date
            ev.append(("published", "html: date"))
        url = doc.get("url")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            meta["url"] = url
            ev.append(("url", "html: url"))
        self.add(stem, source, body, meta, ev)

    def read_json(self, stem: str, source: str, text: str) -> None:
        try:
            value = loads(text)
        except json.JSONDecodeError as exc:
            self.drop(source, BAD_JSON, f"line {exc.lineno} column {exc.colno}: {exc.msg}")
            return
        if isinstance(value, list):
            lines = _item_lines(text)
            unique = len(set(lines)) == len(lines) == len(value)
            for i, item in enumerate(value, 1):
                where = f"{source}:{lines[i - 1]}" if unique else f"{source}[{i}]"
                self.read_record(item, where, f"{stem}-{i}")
        else:
            self.read_record(value, source, stem)

    def read_jsonl(self, stem: str, source: str, text: str) -> None:
        for number, line in enumerate(text.split("\n"), 1):
            self.read_jsonl_line(stem, source, number, line)

    def read_jsonl_line(self, stem: str, source: str, number: int, line: str) -> None:
        """Line ``number`` of a JSONL input (shared with the streaming reader of the store)."""
        if not line.strip():
            return
        where = f"{source}:{number}"
        try:
            value = loads(line)
        except json.JSONDecodeError as exc:
            self.drop(where, BAD_JSON, f"column {exc.colno}: {exc.msg}")
            return
        items = value if isinstance(value, list) else [value]
        for k, item in enumerate(items, 1):
            suffix = f"-{k}" if len(items) > 1 else ""
            self.read_record(item, f"{where}#{k}" if suffix else where, f"{stem}-{number}{suffix}")

    def read_record(self, value: Any, source: str, base_id: str) -> None:
        """One JSON value: an article record or a Multi-News cluster ``{"documents": [...]}``."""
        if not isinstance(value, dict):
            self.drop(source, NO_TEXT, "the record is not a JSON object with 'text'")
            return
        record_id = value.get("id")
        if isinstance(record_id, str | int) and not isinstance(record_id, bool):
            base_id = str(record_id)
        documents = value.get("documents")
        if isinstance(documents, list) and "text" not in value:
            for k, doc in enumerate(documents, 1):
                where = f"{source}#{k}"
                if isinstance(doc, dict):
                    self.read_record(doc, where, f"{base_id}-{k}")
                    continue
                if not isinstance(doc, str):
                    self.drop(where, NO_TEXT, f"document {k} of the cluster is not text")
                    continue
                body = doc.replace(_MULTINEWS_NEWLINE, "\n").strip()
                if not body:
                    self.drop(where, EMPTY, f"document {k} of the cluster is empty")
                else:
                    self.add(f"{base_id}-{k}", where, body, {}, [])
            return
        text = value.get("text")
        if "text" in value and not isinstance(text, str):
            self.drop(source, NO_TEXT, f"the record's 'text' is {json_type(text)}, not a string")
            return
        if not isinstance(text, str) or not text.strip():
            what = "is empty" if isinstance(text, str) else "has no 'text'"
            self.drop(source, NO_TEXT, f"the record {what}")
            return
        meta, ev = _record_meta(value)
        self.add(base_id, source, text, meta, ev)

    def read_multinews(self, stem: str, source: str, text: str) -> None:
        """Documents split by ``|||||``; with NEWLINE_CHAR tokens each line is one cluster."""
        if _MULTINEWS_NEWLINE in text:
            clusters = [
                (n, line.rstrip("\r")) for n, line in enumerate(text.split("\n"), 1) if line.strip()
            ]
        else:
            clusters = [(1, text)]
        for number, cluster in clusters:
            for k, doc in enumerate(cluster.split(_MULTINEWS_SEP), 1):
                where = f"{source}:{number}#{k}"
                body = doc.replace(_MULTINEWS_NEWLINE, "\n").strip()
                if not body:
                    self.drop(where, EMPTY, f"document {k} between '|||||' separators is empty")
                    continue
                base = f"{stem}-{k}" if len(clusters) == 1 else f"{stem}-{number}-{k}"
                self.add(base, where, body, {}, [])


def sniff(text: str) -> str:
    """The format of text without a telling extension: json, jsonl, html, multinews or text."""
    start = text.lstrip()[:1]
    if start in "{[" and start:
        try:
            loads(text)
            return "json"
        except json.JSONDecodeError:
            first = text.lstrip().split("\n", 1)[0]
            try:
                loads(first)
                return "jsonl"
            except json.JSONDecodeError:
                return "json"  # reported as malformed JSON
    if _HTML_START.match(text[:1024]) or re.search(r"<html[\s>]", text[:2048], re.I):
        return "html"
    if _MULTINEWS_SEP in text or _MULTINEWS_NEWLINE in text:
        return "multinews"
    return "text"


def _decode_html(data: bytes) -> tuple[str, Code | None]:
    """HTML bytes to text, honouring a ``<meta charset>`` the decoder knows."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            name = codecs.lookup(m.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            name = ""
        if name and name != "utf-8":
            try:
                return data.decode(name), None
            except UnicodeDecodeError:
                pass
    return decode(data)


def _extract_html(html: str) -> dict[str, Any] | None:
    """trafilatura's main text and metadata, or None when extraction fails."""
    import trafilatura

    # lxml refuses str input that declares an encoding; the text is decoded already.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - hostile markup must not stop a run
        return None
    if doc is None:
        return None
    return doc if isinstance(doc, dict) else doc.as_dict()


def _has_article_text(text: str) -> bool:
    """True when some line reads like prose (eight words or more), not a menu."""
    return any(len(line.split()) >= 8 for line in text.splitlines())


def _item_lines(text: str) -> list[int]:
    """The line on which each item of a top-level JSON list starts."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos = text.index("[") + 1
    line, counted = 1 + text.count("\n", 0, pos), pos
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return lines
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        _, pos = decoder.raw_decode(text, pos)


def _record_meta(value: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    meta: dict[str, str] = {}
    ev: list[tuple[str, str]] = []
    for name, keys in _FIELDS.items():
        for key in keys:
            raw = value.get(key)
            if isinstance(raw, list) and raw and all(isinstance(x, str) for x in raw):
                raw = ", ".join(x.strip() for x in raw)
            if not isinstance(raw, str) or not raw.strip():
                continue
            got: str | None = raw.strip()
            if name == "published":
                got = normalize_date(raw)
            if got:
                meta[name] = got
                ev.append((name, f"json: {key}"))
                break
    return meta, ev


def read_inputs(
    sources: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> ReadResult:
    """Read files, directories (recursively, sorted, hidden entries skipped) and '-' (stdin).

    Never raises for bad input: unreadable inputs are returned in ``dropped`` with a coded reason.
    """
    reader = _Reader(max_bytes, stdin)
    for source in sources:
        reader.read_source(source)
    return ReadResult(tuple(reader.articles), tuple(reader.dropped), tuple(reader.notices))
