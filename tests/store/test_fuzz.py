"""The streaming readers never crash: arbitrary bytes, and damaged archives and feeds, give
articles, coded drops and notices only (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.ingest.stream import SourceDone, iter_inputs
from newsprism.model import Article, Drop, Notice

from . import fixtures as fx

EXTENSIONS = [
    ".jsonl",
    ".warc",
    ".warc.gz",
    ".arc",
    ".arc.gz",
    ".rss",
    ".xml",
    ".atom",
    ".html",
    ".txt",
    ".json",
]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_tmp = tempfile.TemporaryDirectory()
SEEDS = Path(_tmp.name)
fx.write_warc(SEEDS / "seed.warc.gz", gz=True)
fx.write_warc(SEEDS / "seed.warc", gz=False)
(SEEDS / "seed.rss").write_text(fx.rss(), encoding="utf-8")
(SEEDS / "seed.jsonl").write_text(fx.jsonl_records(), encoding="utf-8")
SEED_BYTES = {p.name: p.read_bytes() for p in SEEDS.iterdir()}


def read_all(name: str, data: bytes) -> list[object]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        items = list(iter_inputs([str(path)], max_bytes=200_000))
    for item in items:
        assert isinstance(item, Article | Drop | Notice | SourceDone), item
        if isinstance(item, Article):
            assert item.text.strip()
        if isinstance(item, Drop):
            assert item.code.startswith("NP2") and item.reason
    assert isinstance(items[-1], SourceDone)
    return items


@FUZZ
@given(st.sampled_from(EXTENSIONS), st.binary(max_size=3000))
def test_arbitrary_bytes(ext: str, data: bytes) -> None:
    read_all(f"input{ext}", data)


@FUZZ
@given(
    st.sampled_from(sorted(SEED_BYTES)),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    st.integers(0, 10_000),
)
def test_damaged_archives_feeds_and_exports(
    name: str, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(SEED_BYTES[name])
    for at, value in flips:
        data[at % len(data)] = value
    data = data[: max(1, len(data) - cut % len(data))]
    read_all(name, bytes(data))


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_jsonl_lines(text: str) -> None:
    read_all("lines.jsonl", text.encode("utf-8", "surrogatepass"))


def test_control_characters_in_feed_content() -> None:
    from newsprism.ingest.feeds import fragment_text

    assert fragment_text("<p>bridge\x01 reopens</p><p>again\x00</p>") == "bridge reopens\nagain"
    items = read_all("seed.rss", SEED_BYTES["seed.rss"].replace(b"Tidewater swing", b"\x01Tide"))
    assert any(isinstance(i, Article) for i in items)
