"""``links._profile`` reads a segment's tokens by pieces cut at its quotation marks and looks up
whether each is a content word once per word; held here to a plain reading, written out as the
profile was first computed (every token placed by its start, a test a token), on texts made up
from a fictional harbour story with every kind of quotation mark, apostrophes inside and at the
edges of words, underscores after closing marks and boilerplate cuts.  Equal to the last bit:
the stored fingerprints must not move."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import boilerplate_cuts, spaced_text

from newsprism.analyze.relations import links
from newsprism.model import Article
from newsprism.nlp.segment import content_segments
from newsprism.nlp.stop_words import english_stop_words
from newsprism.store.neardup import _Doc, _Segment

PIECES = [
    "The",
    "ferry",
    "fares",
    "rise",
    "in",
    "spring",
    "said",
    "Mayor",
    "Varga",
    "of",
    "Port",
    "Alder's",
    "don’t",
    "o'clock",
    "rock‘n’roll",
    "_x_",
    "a_b",
    "ΟΔΟΣ",
    "İzmir",
    "3rd",
    "12.5",
    '"',
    "“",
    "”",
    "«",
    "»",
    "'",
    "‘",
    "’",
    "'_",
    "’_",
    "(",
    "—",
    "-",
    "/",
    ".",
    ",",
]
SPACES = ["", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\xa0"]
TEXT = spaced_text(PIECES, SPACES, 160)
FAST = settings(max_examples=300, deadline=None, derandomize=True)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    text = draw(TEXT)
    return Article("a", "test", text, boilerplate=boilerplate_cuts(draw, text, 2))


def plain_profile(doc: Any, cache: dict[str, int]) -> links._Profile:
    """The profile as first written: each token with its start, quoted when a span holds it."""
    text = doc.article.text
    stop_words = english_stop_words()
    words: list[str] = []
    quoted: list[bool] = []
    content: list[bool] = []
    seg: list[int] = []
    for si, parsed in enumerate(doc.segments):
        s, e = parsed.segment.start, parsed.segment.end
        spans = links.quoted_spans(text, s, e)
        for m in links._WORD.finditer(text, s, e):
            raw = m.group()
            word = raw.lower().replace("’", "'").replace("‘", "'")
            words.append(word)
            content.append(raw[0].islower() and word not in stop_words)
            seg.append(si)
            quoted.append(any(a <= m.start() < b for a, b in spans))
    quoted_arr = np.array(quoted, dtype=bool)
    seg_arr = np.array(seg, dtype=np.int64)
    n = len(words) - links.SHINGLE + 1
    if n <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return links._Profile(
            words,
            quoted_arr,
            np.array(content, dtype=bool),
            seg_arr,
            empty,
            empty.astype(np.uint64),
            empty.astype(bool),
        )
    wh = np.array([links._word_hash(w, cache) for w in words], dtype=np.uint64)
    hashes = np.zeros(n, dtype=np.uint64)
    qcount = np.zeros(n, dtype=np.int64)
    for j in range(links.SHINGLE):
        hashes = hashes * np.uint64(0x9E3779B97F4A7C15) + wh[j : j + n]
        qcount += quoted_arr[j : j + n]
    pos = np.flatnonzero(seg_arr[:n] == seg_arr[links.SHINGLE - 1 :])
    return links._Profile(
        words,
        quoted_arr,
        np.array(content, dtype=bool),
        seg_arr,
        pos,
        hashes[pos],
        qcount[pos] * 2 > links.SHINGLE,
    )


def _doc(article: Article) -> Any:
    return cast(Any, _Doc(article, [_Segment(s) for s in content_segments(article)]))


def _same(got: links._Profile, want: links._Profile) -> None:
    assert got.words == want.words
    for name in ("quoted", "content", "seg", "pos", "hashes", "shingle_quoted"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype, name
        assert a.tolist() == b.tolist(), name


@FAST
@given(article=articles())
def test_profile_equals_the_plain_reading(article: Article) -> None:
    _same(links._profile(_doc(article), {}), plain_profile(_doc(article), {}))


def test_a_closing_mark_before_an_underscore_keeps_the_word_whole() -> None:
    # "rock'_n": the closing mark sits inside the token, so the pieces cannot be cut there
    article = Article("a", "test", "He sang 'rock'_n roll all night long' and left the hall early.")
    got = links._profile(_doc(article), {})
    _same(got, plain_profile(_doc(article), {}))
    assert "rock'_n" in got.words


def test_quoted_words_are_those_inside_the_marks() -> None:
    text = "The mayor said “the ferry fares rise in spring” and left, said the 'harbour' board."
    got = links._profile(_doc(Article("a", "test", text)), {})
    inside = [w for w, q in zip(got.words, got.quoted.tolist(), strict=True) if q]
    assert inside == ["the", "ferry", "fares", "rise", "in", "spring", "harbour"]


@FAST
@given(article=articles())
def test_profile_through_word_hashes_equals_the_plain_reading(article: Article) -> None:
    # ``WordHashes`` computes a word's hash on a miss: the same hashes, the same cache
    cache, plain_cache = links.WordHashes(), {}
    _same(links._profile(_doc(article), cache), plain_profile(_doc(article), plain_cache))
    assert dict(cache) == plain_cache


def plain_quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``quoted_spans`` read mark by mark: double marks, then single ones, always merged."""
    spans: list[tuple[int, int]] = []
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch in links._DOUBLE_OPEN and open_at < 0:
            open_at = i
        elif ch in links._DOUBLE_CLOSE + '"' and open_at >= 0:
            spans.append((open_at, i + 1))
            open_at = -1
        elif ch == '"' and open_at < 0:
            open_at = i
    if open_at >= 0:
        spans.append((open_at, end))
    return links._merge(spans + links._single_quoted(text, start, end, spans))


@FAST
@given(text=TEXT, cut=st.integers(0, 8))
def test_quoted_spans_equal_the_plain_reading(text: str, cut: int) -> None:
    # a range with no "'" or "‘" holds no opening single mark: its single quotes are not read
    for start, end in ((0, len(text)), (min(cut, len(text)), max(0, len(text) - cut))):
        assert links.quoted_spans(text, start, end) == plain_quoted_spans(text, start, end)
