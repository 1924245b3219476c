"""WARC and ARC archives (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``), read with warcio.

Each ``response`` record with an HTML payload and status 200 (and each ``resource`` record of
type HTML) is read like an ``.html`` file: trafilatura's main text, with the record's
``WARC-Target-URI`` as the URL and its ``WARC-Date`` (capture time) as the date when the page
gives none (evidence says which).  A record's source is ``ARCHIVE@OFFSET``.

Records that are not pages (requests, metadata, revisits, images, scripts, redirects, errors)
are counted in one notice (NP226) per archive.  A damaged record is a drop (NP223); reading goes
on at the next record that can be found (the next gzip member, or the next ``WARC/`` line).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from newsprism.errors import BAD_RECORD, RECORDS_SKIPPED, TOO_LARGE
from newsprism.ingest import readers
from newsprism.ingest.metadata import normalize_date

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.ingest.stream import Item, StreamReader

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_SCAN = 1 << 20


def iter_archive(reader: StreamReader, shown: str, path: str) -> Iterator[Item]:
    """The articles, drops and notices of one archive, one record at a time."""
    from newsprism.ingest.stream import Hint, _url_stem

    skipped: Counter[str] = Counter()
    gz = path.lower().endswith(".gz")
    start = 0
    size = os.path.getsize(path)
    while start < size:
        failed_at = None
        with open(path, "rb") as handle:
            handle.seek(start)
            records = _RecordStream(handle, reader.max_bytes)
            while True:
                try:
                    got = next(records)
                except StopIteration:
                    break
                except Exception as exc:  # noqa: BLE001 - a damaged record must not stop a run
                    # the damaged record starts at the first record mark after the last good one
                    failed_at = _next_record(path, records.next_offset or start, gz)
                    reader.drop(f"{shown}@{failed_at}", BAD_RECORD, _short(exc))
                    yield from reader.drain()
                    break
                offset, kind, payload, url, date, too_big = got
                where = f"{shown}@{offset}"
                if kind != "page":
                    skipped[kind] += 1
                    continue
                if too_big:
                    reader.drop(where, TOO_LARGE, f"record payload over {reader.max_bytes} bytes")
                else:
                    day = normalize_date(date) if date else None
                    hint = Hint(
                        url=url,
                        url_where="warc: WARC-Target-URI",
                        published=day,
                        published_where="warc: WARC-Date (capture time)",
                    )
                    stem = readers.sanitise_id(_url_stem(url) if url else f"record-{offset}")
                    reader.read_html_bytes(stem, where, payload, hint)
                yield from reader.drain()
        if failed_at is None:
            break
        start = _next_record(path, failed_at + 1, gz)
    if skipped:
        detail = ", ".join(f"{k} {n}" for k, n in sorted(skipped.items(), key=lambda kv: -kv[1]))
        reader.notice(shown, RECORDS_SKIPPED, f"{sum(skipped.values())} records: {detail}")
    yield from reader.drain()


class _RecordStream:
    """warcio's iterator as ``(offset, kind, payload, url, date, too_big)``; ``offset`` is the
    current record's offset from where reading began (kept when a record fails)."""

    def __init__(self, handle: Any, max_bytes: int) -> None:
        from warcio.archiveiterator import ArchiveIterator

        self.it = ArchiveIterator(handle, arc2warc=True)
        self.records = iter(self.it)
        self.max_bytes = max_bytes
        self.offset = 0
        self.next_offset = 0

    def __iter__(self) -> _RecordStream:
        return self

    def __next__(self) -> tuple[int, str, bytes, str | None, str | None, bool]:
        record = next(self.records)
        got = self._read(record)
        # the offset is known once the record is read to its end; a failure in the next
        # record is reported at the end of this one
        self.offset = int(self.it.get_record_offset())
        self.next_offset = self.offset + int(self.it.get_record_length())
        return (self.offset, *got)

    def _read(self, record: Any) -> tuple[str, bytes, str | None, str | None, bool]:
        rec_type = record.rec_type
        url = record.rec_headers.get_header("WARC-Target-URI")
        date = record.rec_headers.get_header("WARC-Date")
        if rec_type not in ("response", "resource"):
            return rec_type or "unknown", b"", url, date, False
        ctype = ""
        if rec_type == "response" and record.http_headers is not None:
            status = record.http_headers.get_statuscode()
            if status != "200":
                return f"HTTP {status}", b"", url, date, False
            ctype = record.http_headers.get_header("Content-Type") or ""
        else:
            ctype = record.rec_headers.get_header("Content-Type") or ""
        ctype = ctype.split(";", 1)[0].strip().lower()
        if ctype not in _HTML_TYPES:
            return ctype or "no content type", b"", url, date, False
        payload = record.content_stream().read(self.max_bytes + 1)
        return "page", payload, url, date, len(payload) > self.max_bytes


def _next_record(path: str, begin: int, gz: bool) -> int:
    """The offset of the next record start after ``begin``, or the file size when none."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        pos = begin
        while pos < size:
            handle.seek(pos)
            chunk = handle.read(_SCAN + 16)
            if not chunk:
                break
            if gz:
                at = chunk.find(_GZIP_MAGIC)
                if at >= 0:
                    return pos + at
            else:
                m = _WARC_LINE.search(chunk)
                if m:
                    return pos + m.start()
            pos += _SCAN
    return size


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
