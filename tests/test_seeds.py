"""The product's first measure of truth: the briefing of ../shared/seeds (skipped when absent).

The seed text is third-party and never copied here: expectations are structural (ids by file-name
prefix, lines found by generic boilerplate patterns).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsprism.api import brief
from newsprism.model import Briefing


@pytest.fixture(scope="module")
def briefing(seeds_dir: Path) -> Briefing:
    return brief([str(seeds_dir)])


def _by_prefix(b: Briefing) -> dict[str, str]:
    return {a.id[:3]: a.id for a in b.articles}


def test_five_articles_nothing_dropped(briefing: Briefing) -> None:
    assert len(briefing.articles) == 5
    assert briefing.dropped == ()


def test_two_events(briefing: Briefing) -> None:
    ids = _by_prefix(briefing)
    groups = {frozenset(a[:3] for a in e.articles) for e in briefing.events}
    assert groups == {frozenset({"000", "001"}), frozenset({"002", "003", "004"})}
    assert all(e.label.strip() for e in briefing.events)
    assert set(ids) == {"000", "001", "002", "003", "004"}


def test_versions_and_no_false_versions(briefing: Briefing) -> None:
    kinds = {(r.a[:3], r.b[:3]): r.kind for r in briefing.relations}
    assert kinds.get(("000", "001")) == "version"
    for pair in [("002", "003"), ("002", "004"), ("003", "004")]:
        assert kinds.get(pair) not in ("version", "duplicate", "syndicated"), pair
    groups = {frozenset(x[:3] for x in g) for g in briefing.independent_sources}
    assert groups == {
        frozenset({"000", "001"}),
        frozenset({"002"}),
        frozenset({"003"}),
        frozenset({"004"}),
    }


BOILERPLATE_LINES = [
    re.compile(r"^\s*PA (Wire|Archive)/PA Images\b.*$", re.M),
    re.compile(r"^\s*Empics Entertainment\b.*$", re.M),
    re.compile(r"^.*pic\.twitter\.com/.*$", re.M),
    re.compile(r"^\s*\d+ min read\s*$", re.M),
    re.compile(r"^.*Newsletters\s*$", re.M),
    re.compile(r"^.*: Subscribe\s*$", re.M),
    re.compile(r"^HuffPost UK [^.\n]*$", re.M),  # a picture caption credited to the outlet
]


def test_captions_footers_and_tweets_are_marked(briefing: Briefing) -> None:
    found = 0
    for art in briefing.articles:
        for pattern in BOILERPLATE_LINES:
            for m in pattern.finditer(art.text):
                # the credit/caption part of the line must be covered by boilerplate
                start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                covered = any(b.start <= start and m.end() <= b.end for b in art.boilerplate)
                assert covered, (art.id, m.group(0)[:40])
                found += 1
    assert found >= 10  # 001: 4 captions; 002: read time + 2 footer lines; 003: 3 credits + tweet


def test_every_citation_resolves(briefing: Briefing) -> None:
    texts = {a.id: a.text for a in briefing.articles}
    assert briefing.summary
    for item in briefing.summary:
        first = item.citations[0]
        assert texts[first.article][first.start : first.end] == item.text
        for c in item.citations:
            assert 0 <= c.start < c.end <= len(texts[c.article])
            art = briefing.article(c.article)
            assert not art.is_boilerplate(c.start, c.end)
    for q in briefing.quotes:
        assert 0 <= q.start < q.end <= len(texts[q.article])
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert 0 <= span.start < span.end <= len(texts[q.article])


def test_summary_covers_both_events_and_counts_versions_once(briefing: Briefing) -> None:
    events = {i.event for i in briefing.summary}
    assert events == {e.id for e in briefing.events}
    for item in briefing.summary:
        prefixes = [s[:3] for s in item.support]
        assert not ({"000", "001"} <= set(prefixes)), item.support


def test_metadata(briefing: Briefing) -> None:
    meta = {a.id[:3]: a for a in briefing.articles}
    assert meta["000"].outlet == meta["001"].outlet == "HuffPost UK"
    assert meta["002"].outlet == "PoliticsHome"
    assert meta["003"].published == "2018-04-24"
    assert meta["004"].outlet == "BuzzFeed News"
