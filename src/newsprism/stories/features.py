"""Cheap per-article features for story grouping: no spaCy, a few hundred microseconds an article.

An article's *content segments* (boilerplate cut out, ``nlp.segment``) are read once:

- **terms**: lowercased content words (no stop words, no numbers) and pairs of adjacent content
  words, weighted by where they stand: the title counts ``TITLE_WEIGHT``, the lead (first
  ``LEAD_WORDS`` words) ``LEAD_WEIGHT``, the rest of the body 1, up to ``BODY_WORDS`` words.  The
  vocabulary is open: a term is its own string, so a stream needs no fitted vocabulary and no
  refit (document frequencies are counted as articles arrive, see ``grouping``).
- **entities**: capitalised phrases ("Port Alder Town Council", "Jeremy Corbyn") and their
  capitalised words, a stand-in for named entities that costs a regular expression instead of a
  parser (``benchmarks/stories.py --ner`` measures what spaCy NER would cost).
- **shingles**: a sample of the hashes of word 5-shingles (one in ``SHINGLE_SAMPLE``), for the
  in-memory copy index (``copies``).
- **day**: the publication date as an ordinal, or None.

Features are a plain frozen dataclass of tuples, so they pickle and serialise cheaply (a process
pool, a Ray task, a store row).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from newsprism.model import Article
from newsprism.nlp.segment import content_segments

TITLE_WEIGHT = 3.0  # weight of a title word
LEAD_WEIGHT = 2.0  # weight of a lead word
LEAD_WORDS = 60  # words of the body that make the lead
BODY_WORDS = 800  # words of the body read at most (bounded cost for long articles)
SHINGLE = 5  # words per shingle (as ``analyze.relations.links``)
SHINGLE_SAMPLE = 4  # keep the shingles whose hash is 0 modulo this
MIN_WORD = 3  # shorter words are not terms

# Function words and reporting words that say nothing about which story an article tells.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "almost",
        "along",
        "already",
        "also",
        "although",
        "always",
        "am",
        "among",
        "an",
        "and",
        "another",
        "any",
        "anyone",
        "anything",
        "are",
        "around",
        "as",
        "at",
        "be",
        "became",
        "because",
        "become",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "either",
        "else",
        "enough",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "getting",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "including",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "last",
        "least",
        "less",
        "like",
        "made",
        "make",
        "many",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "near",
        "neither",
        "never",
        "new",
        "next",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "others",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "perhaps",
        "put",
        "rather",
        "really",
        "said",
        "same",
        "say",
        "says",
        "see",
        "seen",
        "several",
        "she",
        "should",
        "show",
        "since",
        "so",
        "some",
        "someone",
        "something",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "things",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "told",
        "too",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "use",
        "used",
        "very",
        "via",
        "was",
        "way",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "mr",
        "mrs",
        "ms",
        "dr",
        "according",
        "also",
        "added",
        "adding",
        "asked",
        "called",
        "year",
        "years",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "time",
        "times",
        "today",
        "yesterday",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "people",
        "percent",
        "including",
        "news",
        "report",
        "reported",
        "reports",
        "reporting",
        "says",
        "statement",
        "told",
        "going",
        "want",
        "wants",
        "make",
        "makes",
        "know",
    ]
)

_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_ALNUM = re.compile(r"\w+")
_CAP_PHRASE = re.compile(
    r"(?:[A-Z][\w'’\-]*\.?)(?:\s+(?:(?:of|de|da|del|van|von|al|bin|the|and|for|la|le)\s+)?"
    r"[A-Z][\w'’\-]*\.?)*"
)
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")
_ENTITY_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "if",
        "in",
        "on",
        "at",
        "by",
        "for",
        "of",
        "to",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "our",
        "its",
        "mr",
        "mrs",
        "ms",
        "dr",
        "when",
        "where",
        "while",
        "after",
        "before",
        "as",
        "so",
        "then",
        "there",
        "here",
        "what",
        "who",
        "why",
        "how",
        "not",
        "no",
        "yes",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "mayor",
        "council",
        "leader",
        "chief",
        "minister",
        "president",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "deputy",
        "chair",
        "chairman",
        "cabinet",
        "member",
        "members",
        "officials",
    ]
)


@dataclass(frozen=True)
class StoryFeatures:
    """What story grouping reads of one article (see the module docstring)."""

    article: str
    day: int | None
    terms: tuple[tuple[str, float], ...]
    entities: tuple[tuple[str, float], ...]
    shingles: tuple[int, ...]
    title: str
    outlet: str | None = None


def parse_day(value: str | None) -> int | None:
    """The ordinal of an ISO date (``YYYY-MM-DD...``), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _norm(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip("'-")


def _add(out: dict[str, float], key: str, weight: float) -> None:
    out[key] = out.get(key, 0.0) + weight


def _words(text: str) -> list[str]:
    """Lowercased words, possessive 's and edge apostrophes or hyphens cut."""
    words = _WORD.findall(text.lower())
    for i, w in enumerate(words):
        if "'" in w or "’" in w or w.endswith("-"):
            words[i] = _norm(w)
    return words


def _terms(pieces: Iterable[tuple[str, float]], out: dict[str, float]) -> None:
    """Content words and adjacent content-word pairs of each (text, weight) piece."""
    for text, weight in pieces:
        kept = [w if len(w) >= MIN_WORD and w not in STOP_WORDS else "" for w in _words(text)]
        for w, n in Counter(kept).items():
            if w:
                out[w] = out.get(w, 0.0) + n * weight
        pairs = Counter(a + " " + b for a, b in zip(kept, kept[1:], strict=False) if a and b)
        for w, n in pairs.items():
            out[w] = out.get(w, 0.0) + n * weight


def _entities(pieces: Iterable[tuple[str, float]], out: dict[str, float]) -> None:
    """Capitalised phrases and their capitalised words (a sentence's first word alone is not
    a name)."""
    for text, weight in pieces:
        for m in _CAP_PHRASE.finditer(text):
            words = [w.rstrip(".") for w in m.group().split()]
            while words and words[0].lower() in _ENTITY_STOP:
                words.pop(0)
            if not words:
                continue
            if len(words) == 1:
                s = m.start()
                at_start = s == 0 or bool(_SENTENCE_END.search(text, max(0, s - 3), s))
                if at_start or len(words[0]) < 3:
                    continue
            names = [w for w in words if w.lower() not in _ENTITY_STOP and len(w) > 1]
            if len(names) > 1:
                _add(out, " ".join(_norm(w) for w in names), weight)
            for w in names:
                _add(out, _norm(w), weight)


_MULT = np.uint64(0x9E3779B97F4A7C15)


def _shingles(words: list[str]) -> tuple[int, ...]:
    """Sampled hashes of word 5-shingles (stable across processes: crc32 of each word)."""
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return ()
    wh = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(SHINGLE):
            h = h * _MULT + wh[j : j + n]
    h >>= np.uint64(11)  # 53 bits: exact as a float, an int64 or a JSON number
    kept = np.unique(h[h % np.uint64(SHINGLE_SAMPLE) == 0])
    return tuple(kept.tolist())


def story_features(article: Article, body_words: int = BODY_WORDS) -> StoryFeatures:
    """The grouping features of one article (title, lead, body, entities, shingles, day).
    ``body_words``: words of the body read at most (``LEAD_WORDS`` gives the title and lead
    alone, as ``benchmarks/stories.py --channels`` compares them with the whole text)."""
    text = article.text
    segments = content_segments(article)
    title = article.title or ""
    pieces: list[tuple[str, float]] = []
    if title:
        pieces.append((title, TITLE_WEIGHT))
    shingle_words: list[str] = []
    n_words = 0
    for seg in segments:
        part = text[seg.start : seg.end]
        if title and n_words == 0 and part.strip() == title.strip():
            continue  # the title line is already counted
        words = part.split()
        if n_words < LEAD_WORDS:
            cut = LEAD_WORDS - n_words
            pieces.append((" ".join(words[:cut]), LEAD_WEIGHT))
            if len(words) > cut:
                pieces.append((" ".join(words[cut : body_words - n_words]), 1.0))
        elif n_words < body_words:
            pieces.append((" ".join(words[: body_words - n_words]), 1.0))
        n_words += len(words)
        if len(shingle_words) < BODY_WORDS:
            shingle_words.extend(_ALNUM.findall(part.lower()))
    terms: dict[str, float] = {}
    entities: dict[str, float] = {}
    _terms(pieces, terms)
    _entities(pieces, entities)
    if article.outlet:  # the outlet that tells the story is not what the story is about
        for w in [*_words(article.outlet), " ".join(_words(article.outlet))]:
            entities.pop(w, None)
    if not title and segments:
        first = segments[0]
        title = " ".join(text[first.start : first.end].split()[:12])
    return StoryFeatures(
        article=article.id,
        day=parse_day(article.published),
        terms=tuple(sorted(terms.items())),
        entities=tuple(sorted(entities.items())),
        shingles=_shingles(shingle_words),
        title=title,
        outlet=article.outlet,
    )
