"""What one article may cost: ``nlp.annotate.Limits`` (long paragraphs in pieces, a bounded
share of a pathological article parsed, with a notice)."""

from __future__ import annotations

import random

import pytest

from newsprism.model import Article
from newsprism.nlp.annotate import (
    DEFAULT_LIMITS,
    Limits,
    analysed_segments,
    annotate,
)
from newsprism.nlp.segment import content_segments
from newsprism.pipeline import Config, run_pipeline

WORDS = [
    "council",
    "ferry",
    "vote",
    "harbour",
    "residents",
    "plan",
    "budget",
    "island",
    "night",
    "route",
    "said",
]


def _prose(n_sentences: int, seed: int = 1, sep: str = " ") -> str:
    rng = random.Random(seed)
    sentences = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."
        for _ in range(n_sentences)
    ]
    return sep.join(sentences)


def test_news_length_articles_are_parsed_whole() -> None:
    text = "\n".join(_prose(8, seed=k) for k in range(40))  # about 20,000 characters
    article = Article("a", "a.txt", text)
    segments, left_out = analysed_segments(article)
    assert left_out == 0
    assert segments == content_segments(article)


def test_a_long_paragraph_is_parsed_in_pieces_cut_at_sentence_ends() -> None:
    text = _prose(400)  # one paragraph of about 30,000 characters
    limits = Limits(max_segment=5_000)
    segments, left_out = analysed_segments(Article("a", "a.txt", text), limits)
    assert left_out == 0 and len(segments) > 5
    assert all(s.end - s.start <= 5_000 for s in segments)
    assert all(text[s.end - 1] == "." for s in segments)  # cut after a sentence end
    # the pieces cover the paragraph: only the spaces between them are left out
    gaps = [text[a.end : b.start] for a, b in zip(segments, segments[1:], strict=False)]
    assert all(g.isspace() for g in gaps)
    assert segments[0].start == 0 and segments[-1].end == len(text)


def test_a_line_without_punctuation_is_cut_at_spaces() -> None:
    rng = random.Random(2)
    text = " ".join(rng.choice(WORDS) for _ in range(3_000))
    segments, _ = analysed_segments(Article("a", "a.txt", text), Limits(max_segment=2_000))
    assert all(s.end - s.start <= 2_000 for s in segments)
    for s in segments:
        assert text[s.start : s.end] == text[s.start : s.end].strip()
        assert s.end == len(text) or text[s.end] == " "


def test_characters_beyond_the_limit_are_not_parsed() -> None:
    text = "\n".join(_prose(10, seed=k) for k in range(60))
    segments, left_out = analysed_segments(Article("a", "a.txt", text), Limits(max_chars=4_000))
    parsed = sum(s.end - s.start for s in segments)
    assert parsed <= 4_000
    assert left_out > 0
    assert parsed + left_out <= len(text)


def test_sentences_beyond_the_limit_are_not_parsed() -> None:
    text = " ".join("Yes." for _ in range(5_000))  # 20,000 characters, 5,000 sentences
    segments, left_out = analysed_segments(Article("a", "a.txt", text), Limits(max_sentences=100))
    (doc,) = annotate([Article("a", "a.txt", text)], limits=Limits(max_sentences=100))
    assert left_out > 0 and len(segments) == 1
    assert len(doc.sentences) <= 100
    assert doc.left_out == left_out


def test_default_limits_sit_far_above_news_articles() -> None:
    assert DEFAULT_LIMITS.max_chars >= 100_000
    assert DEFAULT_LIMITS.max_segment > 26_417  # the longest paragraph of Multi-News dev
    assert DEFAULT_LIMITS.max_sentences >= 2_000


def test_a_partly_analysed_article_gets_a_notice_and_keeps_its_text() -> None:
    long_text = "\n".join(_prose(10, seed=k) for k in range(40))
    short = Article("b", "b.txt", _prose(6, seed=99))
    config = Config(limits=Limits(max_chars=3_000))
    briefing = run_pipeline([Article("a", "a.txt", long_text), short], config)
    notices = [n for n in briefing.notices if n.code == "NP213"]
    assert [n.source for n in notices] == ["a.txt"]
    assert "analysed in part" in notices[0].message
    assert briefing.article("a").text == long_text  # the text as read, whole


def test_text_only_scans_stop_where_analysis_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.analyze.time import anchors

    text = _prose(300, sep="\n") + "\nIn March 2031 the ferry sailed again.\n"
    (doc,) = annotate([Article("long", "long.txt", text)], limits=Limits(max_chars=2_000))
    assert doc.left_out and doc.analysed_end < len(text) // 2
    seen: list[int] = []
    find_dates = anchors.find_dates
    monkeypatch.setattr(anchors, "find_dates", lambda t: seen.append(len(t)) or find_dates(t))
    anchors.text_references([doc])
    assert seen and max(seen) <= doc.analysed_end  # the year written past the limit is not read
    (whole,) = annotate([Article("short", "short.txt", text[:1_000])])
    assert whole.left_out == 0 and whole.analysed_end == 1_000
