"""The readers never raise on bad input (hypothesis): arbitrary text and bytes, under any
extension, through stdin, and as lines of a cluster file, give articles, coded drops and notices
only, and every input shows up.  Each example has a time budget (hypothesis ``deadline``); the
heavier profiles are marked ``slow``.  Inputs are generated here."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.commands.summarize import parse_cluster
from newsprism.ingest.readers import ReadResult, read_inputs
from newsprism.model import Article, Drop, Notice

EXTENSIONS = [".txt", ".html", ".htm", ".json", ".jsonl", ".src", ".md", ""]
FAST = settings(
    max_examples=25,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HEAVY = settings(
    max_examples=150,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# JSON-looking text: real JSON values, records with odd fields, deep nesting, long numbers
_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_record = st.dictionaries(
    st.sampled_from(["text", "documents", "id", "title", "date", "outlet", "author", "url"]),
    _value,
    max_size=5,
)
_json_text = st.one_of(
    st.builds(json.dumps, st.one_of(_value, _record, st.lists(_record, max_size=3))),
    st.builds(
        lambda n, tail: "[" * n + tail, st.integers(1, 5000), st.sampled_from(["", "1", "]"])
    ),
    st.builds(
        lambda n, pre: pre + "7" * n, st.integers(1, 6000), st.sampled_from(["", "[", '{"text": '])
    ),
)


def check(result: ReadResult, sources: list[str]) -> None:
    """Articles, coded drops and notices only; every input is read or dropped."""
    for art in result.articles:
        assert isinstance(art, Article) and art.text.strip()
    for drop in result.dropped:
        assert isinstance(drop, Drop) and drop.code.startswith("NP2") and drop.reason
    for notice in result.notices:
        assert isinstance(notice, Notice) and notice.code.startswith("NP")
    seen = [a.source for a in result.articles] + [d.source for d in result.dropped]
    for source in sources:
        assert any(s == source or s.startswith(source) for s in seen), source


def read_bytes(ext: str, data: bytes) -> ReadResult:
    with tempfile.TemporaryDirectory() as d:
        path = str(Path(d) / f"input{ext}")
        Path(path).write_bytes(data)
        result = read_inputs([path], max_bytes=200_000)
        check(result, [path])
        stdin = read_inputs(["-"], stdin=io.BytesIO(data), max_bytes=200_000)
        check(stdin, ["-"])
    return result


# --- found by these properties ------------------------------------------------------------


@pytest.mark.parametrize("ext", [".json", ".jsonl", ""])
@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"text": ' + "[" * 50_000,
        "[" + "9" * 5000 + "]",
        '{"id": 1, "text": "x", "n": ' + "1" * 5000 + "}",
    ],
    ids=["deep", "deep-record", "long-number", "long-number-record"],
)
def test_json_past_the_interpreters_limits_is_dropped_not_raised(ext: str, text: str) -> None:
    # json.loads raises RecursionError on deep nesting and ValueError on an integer over 4,300
    # digits, neither a JSONDecodeError
    result = read_bytes(ext, (text + "\n").encode())
    assert result.articles == ()
    (drop,) = result.dropped
    assert drop.code == "NP205"
    assert "nested too deeply" in drop.reason or "digits" in drop.reason


@pytest.mark.parametrize(
    ("ext", "text"),
    [(".json", "[]"), ("", "[]"), (".json", '{"documents": []}'), (".jsonl", "[]\n[]\n")],
)
def test_json_without_a_record_is_dropped_not_lost(ext: str, text: str) -> None:
    result = read_bytes(ext, text.encode())
    assert result.articles == ()
    assert [d.code for d in result.dropped] == ["NP206"]
    assert "holds no record" in result.dropped[0].reason


def test_cluster_line_past_the_interpreters_limits_says_why() -> None:
    for line, words in [(b"[" * 100_000, "nested too deeply"), (b"1" * 5000, "digits")]:
        row, docs, reason = parse_cluster(line)
        assert docs is None and "malformed JSON" in reason and words in reason


# --- properties --------------------------------------------------------------------------------


@FAST
@given(st.sampled_from(EXTENSIONS), st.binary(max_size=2000))
def test_arbitrary_bytes(ext: str, data: bytes) -> None:
    read_bytes(ext, data)


@FAST
@given(st.sampled_from(EXTENSIONS), st.text(max_size=2000))
def test_arbitrary_text(ext: str, text: str) -> None:
    read_bytes(ext, text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.sampled_from([".json", ".jsonl", ""]), st.lists(_json_text, min_size=1, max_size=4))
def test_json_like_text(ext: str, lines: list[str]) -> None:
    read_bytes(ext, "\n".join(lines).encode("utf-8", "surrogatepass"))


@FAST
@given(
    st.one_of(
        st.binary(max_size=2000), _json_text.map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
)
def test_cluster_lines_give_documents_or_a_reason(line: bytes) -> None:
    row, docs, reason = parse_cluster(line)
    assert (docs is None) == bool(reason)
    if docs is not None:
        assert isinstance(row, dict) and docs and all(isinstance(d, str) for d in docs)


@pytest.mark.slow
@HEAVY
@given(
    st.sampled_from(EXTENSIONS),
    st.one_of(
        st.binary(min_size=1000, max_size=60_000),
        st.text(min_size=1000, max_size=60_000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(_json_text, min_size=1, max_size=30).map(lambda ls: "\n".join(ls).encode()),
    ),
)
def test_larger_inputs_heavy_profile(ext: str, data: bytes) -> None:
    read_bytes(ext, data)
