"""``story_features`` and ``page_features`` read each word once (``nlp.words``) and count in few
passes; these tests hold them to a plain reading, written out here as the features were first
computed (a regular expression over each piece, a counter a piece), on texts made up from a
fictional harbour story with boilerplate, titles, odd white space and letters that change when
lower-cased.  Equal to the last bit: the stored features must not move."""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import boilerplate_cuts, spaced_text

from newsprism.ingest import pagekind as pk
from newsprism.model import Article
from newsprism.nlp.segment import content_segments, paragraphs
from newsprism.stories import features as sf
from newsprism.stories.features import story_features

_QUOTE = re.compile(r"[\"“”]")  # a quote mark, read by a pattern as the plain reading does

STORY = (
    "The Port Alder ferry fares rise in spring , said Mayor Ines Varga of the Harbour Board . "
    "“We cannot keep the old timetable,” she told reporters on Monday . Officials at "
    "Limorret Ferries Ltd. said the route's costs had doubled since 2024 ; fares rise 12.5 % . "
    "you your we our us http://harbour.example www.alder.org et al. [4] (12, 15) ... >> » "
    "Abstract Results: By Tomas Reyes PORT ALDER (Coast Wire) — O’Neil's re- -run don’t ΟΔΟΣ "
    'İzmir \u212a e\u0301 3rd _x_ "You said." "we\u212a us!)" it\'s over?” (end). ‘us’ … .'
)
WORDS = STORY.split(" ")
SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2028", ". "]
TEXT = spaced_text(WORDS, SPACES, 220)
FAST = settings(max_examples=200, deadline=None, derandomize=True)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    text = draw(TEXT)
    cuts = boilerplate_cuts(draw, text, 3)
    first_line = text.strip().split("\n")[0].strip()
    title = draw(st.sampled_from([None, first_line or None, "Ferry fares rise in spring"]))
    outlet = draw(st.sampled_from([None, "Port Alder Gazette", "The Harbour Board"]))
    return Article(
        "a1",
        "a1.txt",
        text,
        outlet=outlet,
        title=title,
        published=draw(st.sampled_from([None, "2026-03-04", "soon"])),
        boilerplate=cuts,
    )


# ------------------------------------------------------------------ story features, plainly


def _plain_words(text: str) -> list[str]:
    words = sf._WORD.findall(text.lower())
    return [sf._norm(w) if "'" in w or "’" in w or w.endswith("-") else w for w in words]


def _plain_terms(pieces: list[tuple[str, float]], out: dict[str, float]) -> None:
    for text, weight in pieces:
        kept = [
            w if len(w) >= sf.MIN_WORD and w not in sf.STOP_WORDS else ""
            for w in _plain_words(text)
        ]
        for w, n in Counter(kept).items():
            if w:
                out[w] = out.get(w, 0.0) + n * weight
        pairs = Counter(a + " " + b for a, b in zip(kept, kept[1:], strict=False) if a and b)
        for w, n in pairs.items():
            out[w] = out.get(w, 0.0) + n * weight


def _plain_entities(pieces: list[tuple[str, float]], out: dict[str, float]) -> None:
    for text, weight in pieces:
        for m in sf._CAP_PHRASE.finditer(text):
            words = [w.rstrip(".") for w in m.group().split()]
            while words and words[0].lower() in sf._ENTITY_STOP:
                words.pop(0)
            if not words:
                continue
            if len(words) == 1:
                s = m.start()
                at_start = s == 0 or bool(sf._SENTENCE_END.search(text, max(0, s - 3), s))
                if at_start or len(words[0]) < 3:
                    continue
            names = [w for w in words if w.lower() not in sf._ENTITY_STOP and len(w) > 1]
            if len(names) > 1:
                key = " ".join(sf._norm(w) for w in names)
                out[key] = out.get(key, 0.0) + weight
            for w in names:
                out[sf._norm(w)] = out.get(sf._norm(w), 0.0) + weight


def _plain_shingles(words: list[str]) -> tuple[int, ...]:
    n = len(words) - sf.SHINGLE + 1
    if n <= 0:
        return ()
    wh = np.array([zlib.crc32(w.encode()) for w in words], dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(sf.SHINGLE):
            h = h * np.uint64(0x9E3779B97F4A7C15) + wh[j : j + n]
    h >>= np.uint64(11)
    return tuple(np.unique(h[h % np.uint64(sf.SHINGLE_SAMPLE) == 0]).tolist())


def plain_story_features(article: Article, body_words: int = sf.BODY_WORDS) -> sf.StoryFeatures:
    text = article.text
    segments = content_segments(article)
    title = article.title or ""
    pieces: list[tuple[str, float]] = [(title, sf.TITLE_WEIGHT)] if title else []
    shingle_words: list[str] = []
    n_words = 0
    for seg in segments:
        part = text[seg.start : seg.end]
        if title and n_words == 0 and part.strip() == title.strip():
            continue
        words = part.split()
        if n_words < sf.LEAD_WORDS:
            cut = sf.LEAD_WORDS - n_words
            pieces.append((" ".join(words[:cut]), sf.LEAD_WEIGHT))
            if len(words) > cut:
                pieces.append((" ".join(words[cut : body_words - n_words]), 1.0))
        elif n_words < body_words:
            pieces.append((" ".join(words[: body_words - n_words]), 1.0))
        n_words += len(words)
        if len(shingle_words) < sf.BODY_WORDS:
            shingle_words.extend(sf._ALNUM.findall(part.lower()))
    terms: dict[str, float] = {}
    entities: dict[str, float] = {}
    _plain_terms(pieces, terms)
    _plain_entities(pieces, entities)
    if article.outlet:
        outlet = _plain_words(article.outlet)
        for w in [*outlet, " ".join(outlet)]:
            entities.pop(w, None)
    if not title and segments:
        title = " ".join(text[segments[0].start : segments[0].end].split()[:12])
    day = None
    if article.published:
        try:
            day = dt.date.fromisoformat(article.published[:10]).toordinal()
        except ValueError:
            day = None
    return sf.StoryFeatures(
        article.id,
        day,
        tuple(sorted(terms.items())),
        tuple(sorted(entities.items())),
        _plain_shingles(shingle_words),
        title,
        article.outlet,
    )


@FAST
@given(articles())
def test_story_features_equal_the_plain_reading(article: Article) -> None:
    for body_words in (sf.BODY_WORDS, sf.LEAD_WORDS, 90):
        assert story_features(article, body_words) == plain_story_features(article, body_words)


def test_a_story_told_twice_counts_the_same() -> None:
    text = (
        "Ferry fares rise in spring\n"
        "PORT ALDER (Coast Wire) — Limorret Ferries Ltd. said on Monday that fares on the "
        "Port Alder route rise in spring.\n“We cannot keep the old timetable,” said Mayor "
        "Ines Varga of the Harbour Board."
    )
    article = Article("b1", "b1.txt", text, outlet="Coast Wire", title="Ferry fares rise in spring")
    first = story_features(article)
    assert first == plain_story_features(article)
    assert story_features(article) == first  # the word look-ups filled, the same again
    assert ("ferry fares", 3.0) in first.terms
    assert ("ines varga", 2.0) in first.entities  # in the lead


# ------------------------------------------------------------------ page features, plainly


def plain_page_features(article: Article) -> tuple[float, ...]:
    text = article.text
    segments = [seg for seg in content_segments(article) if seg.start < pk.WINDOW]
    end = max(min(len(text), pk.WINDOW), segments[-1].end if segments else 0)
    total = len("".join(text[:end].split())) or 1
    content = prose = sentences = quotes = study = teasers = links = 0
    words: list[str] = []
    quoted: list[str] = []
    for i, seg in enumerate(segments):
        piece = text[seg.start : seg.end]
        seg_words = pk._WORD.findall(piece)
        words.extend(seg_words)
        n_quotes = len(_QUOTE.findall(piece))
        quotes += n_quotes
        if n_quotes > 1:
            for span in pk._QUOTED.findall(piece):
                quoted.extend(pk._WORD.findall(span.lower()))
        n_chars = len("".join(piece.split()))
        content += n_chars
        if len(seg_words) >= pk.PROSE_WORDS and pk._SENTENCE_END.search(piece[-pk._END_CHARS :]):
            prose += n_chars
        sentences += max(1, len(pk._SENTENCE.findall(piece)))
        if len(seg_words) <= 6 and pk._HEADING.fullmatch(piece):
            study += 1
        study += len(pk._CITATION.findall(piece))
        k = pk.REPEAT_WORDS
        head = tuple(seg_words[:k])
        repeats = len(seg_words) >= 2 * k and any(
            tuple(seg_words[j : j + k]) == head for j in range(k, len(seg_words) - k + 1)
        )
        if (i < len(segments) - 1 and pk._LINK_END.search(piece[-pk._END_CHARS :])) or repeats:
            teasers += 1
        links += len(pk._URL.findall(piece))
    dateline = 0.0
    for line in paragraphs(text[: pk.WINDOW])[: pk.LEAD_LINES]:
        if pk._DATELINE.match(text, line.start, line.end):
            dateline = 1.0
    n = len(words) or 1
    alpha = [w for w in words if w[0].isalpha()]
    counts = Counter(" ".join(words).lower().split(" "))
    voice = counts - Counter(quoted)

    def count(c: Counter[str], vocabulary: frozenset[str]) -> int:
        return sum(c[w] for w in vocabulary)

    return (
        math.log1p(len(words)),
        1.0 - content / total if text.strip() else 0.0,
        prose / (content or 1),
        count(counts, pk._FUNCTION) / n,
        count(voice, pk._READER) / n,
        count(voice, pk._SITE) / n,
        links / n,
        sum(w[0].isupper() for w in alpha) / (len(alpha) or 1),
        (count(counts, pk._REPORT) + quotes / 2) / (sentences or 1),
        study / (sentences or 1),
        teasers / (len(segments) or 1),
        dateline,
    )


@FAST
@given(articles())
def test_page_features_equal_the_plain_reading(article: Article) -> None:
    assert pk.page_features(article) == plain_page_features(article)


def test_an_index_of_headlines_counts_the_same() -> None:
    line = "Ferry fares rise in spring as the Harbour Board meets"
    text = "\n".join([f"{line} {line} ...", "Read more >>", "www.alder.org/ferries", "“We,” you"])
    article = Article("c1", "c1.txt", text)
    got = pk.page_features(article)
    assert got == plain_page_features(article)
    assert got[pk.FEATURES.index("teasers")] > 0 and got[pk.FEATURES.index("links")] > 0
