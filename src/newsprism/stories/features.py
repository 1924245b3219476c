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
from itertools import chain

import numpy as np

from newsprism.model import Article
from newsprism.nlp.segment import content_segments
from newsprism.nlp.words import WordMemo

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


def _words(text: str) -> list[str]:
    """Lowercased words, possessive 's and edge apostrophes or hyphens cut."""
    words = _WORD.findall(text.lower())
    for i, w in enumerate(words):
        if "'" in w or "’" in w or w.endswith("-"):
            words[i] = _norm(w)
    return words


def _term(raw: str) -> str:
    """The term a lowercased ``_WORD`` counts as, or "" when it is none (a stop word, short)."""
    w = _norm(raw) if "'" in raw or "’" in raw or raw.endswith("-") else raw
    return w if len(w) >= MIN_WORD and w not in STOP_WORDS else ""


def _word_terms(word: str) -> tuple[str, ...]:
    """The terms of one word without white space (its ``_WORD`` tokens lower-cased, each as
    ``_term``): the text's terms are its words', in order (``nlp.words``)."""
    return tuple(map(_term, _WORD.findall(word.lower())))


_WORD_TERMS = WordMemo(_word_terms)
_WORD_ALNUMS = WordMemo(lambda word: tuple(_ALNUM.findall(word.lower())))  # shingle words


def _pairs(kept: list[str]) -> list[str]:
    """Adjacent terms of ``kept`` as pairs ("a b"): two terms side by side, "" (a word that is
    no term, a piece's end) ending a run.  Terms hold no white space, so a pair's one space
    tells its two terms apart."""
    return [f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False) if a and b]


def _terms(pieces: Iterable[tuple[list[str], float]], out: dict[str, float]) -> None:
    """Content words and adjacent content-word pairs of each (words, weight) piece (its words
    split at white space).

    The pieces of one weight are counted together (a piece's words are followed by "", which
    ends a pair, as a word that is not a term does).  When every weight is a whole number (1 or
    more) and ``out`` is empty, the terms are counted once as integers, each piece's terms
    repeated ``weight`` times: the sums of whole numbers are exact in floating point, so the
    value is the one added up weight by weight; otherwise they are added weight by weight."""
    word_terms = _WORD_TERMS.__getitem__
    by_weight: dict[float, list[str]] = {}
    for words, weight in pieces:
        kept = by_weight.setdefault(weight, [])
        kept += chain.from_iterable(map(word_terms, words))
        kept.append("")
    for kept in by_weight.values():
        kept += _pairs(kept)
    if not out and all(w >= 1 and float(w).is_integer() for w in by_weight):
        every: list[str] = []
        for weight, kept in by_weight.items():
            every += kept * int(weight)
        counts = Counter(every)
        counts.pop("", None)  # none without pieces
        out.update(zip(counts, map(float, counts.values()), strict=True))
        return
    for weight, kept in by_weight.items():
        counts = Counter(kept)
        del counts[""]
        # n * weight, in C
        weighed = zip(counts, map(float(weight).__mul__, counts.values()), strict=True)
        if not out:  # 0.0 + x is x (no weight is -0.0, and n >= 1)
            out.update(weighed)
            continue
        get = out.get
        for w, x in weighed:
            out[w] = get(w, 0.0) + x


def _entity_keys(phrase: str) -> tuple[tuple[str, ...], bool]:
    """What a capitalised phrase (a ``_CAP_PHRASE`` match) counts as: the keys it adds (a name
    of several words, then each word), and whether it is one word, not counted at a sentence's
    start (a sentence's first word alone is not a name)."""
    words = [w.rstrip(".") for w in phrase.split()]
    while words and words[0].lower() in _ENTITY_STOP:
        words.pop(0)
    if not words:
        return (), False
    if len(words) == 1 and len(words[0]) < 3:
        return (), False
    names = [w for w in words if w.lower() not in _ENTITY_STOP and len(w) > 1]
    keys = [_norm(w) for w in names]
    if len(names) > 1:
        keys.insert(0, " ".join(keys))
    return tuple(keys), len(words) == 1


_ENTITY_KEYS = WordMemo(_entity_keys)


def _entities(pieces: Iterable[tuple[str, float]], out: dict[str, float]) -> None:
    """Capitalised phrases and their capitalised words (a sentence's first word alone is not
    a name)."""
    for text, weight in pieces:
        for m in _CAP_PHRASE.finditer(text):
            keys, single = _ENTITY_KEYS[m.group()]
            if single:
                s = m.start()
                if s == 0 or _SENTENCE_END.search(text, max(0, s - 3), s):
                    continue
            for key in keys:
                out[key] = out.get(key, 0.0) + weight


_MULT = np.uint64(0x9E3779B97F4A7C15)
_CRC = WordMemo(lambda w: zlib.crc32(w.encode()))


def _shingles(words: list[str]) -> tuple[int, ...]:
    """Sampled hashes of word 5-shingles (stable across processes: crc32 of each word)."""
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return ()
    wh = np.fromiter(map(_CRC.__getitem__, words), dtype=np.uint64, count=len(words))
    h = wh[:n].copy()
    for j in range(1, SHINGLE):  # integer arrays wrap around (modulo 2**64), as meant
        h *= _MULT
        h += wh[j : j + n]
    h >>= np.uint64(11)  # 53 bits: exact as a float, an int64 or a JSON number
    # distinct and ascending, as ``np.unique`` gives them, whose own steps cost more than the
    # sampled few dozen values do
    return tuple(sorted(set(h[h % np.uint64(SHINGLE_SAMPLE) == 0].tolist())))


def _sorted_items(weights: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """``tuple(sorted(weights.items()))``: the keys are distinct, so sorting them alone gives
    the same order, with fewer comparisons of pairs."""
    keys = sorted(weights)
    return tuple(zip(keys, map(weights.__getitem__, keys), strict=True))


def story_features(article: Article, body_words: int = BODY_WORDS) -> StoryFeatures:
    """The grouping features of one article (title, lead, body, entities, shingles, day).
    ``body_words``: words of the body read at most (``LEAD_WORDS`` gives the title and lead
    alone, as ``benchmarks/stories.py --channels`` compares them with the whole text)."""
    text = article.text
    segments = content_segments(article)
    title = article.title or ""
    pieces: list[tuple[str, float]] = []  # the entities read the text
    piece_words: list[tuple[list[str], float]] = []  # the terms read the words
    if title:
        pieces.append((title, TITLE_WEIGHT))
        piece_words.append((title.split(), TITLE_WEIGHT))
    shingle_words: list[str] = []
    alnums = _WORD_ALNUMS.__getitem__
    n_words = 0

    def piece(words: list[str], weight: float) -> None:
        pieces.append((" ".join(words), weight))
        piece_words.append((words, weight))

    for seg in segments:
        part = text[seg.start : seg.end]
        if title and n_words == 0 and part.strip() == title.strip():
            continue  # the title line is already counted
        words = part.split()
        if n_words < LEAD_WORDS:
            cut = LEAD_WORDS - n_words
            piece(words[:cut], LEAD_WEIGHT)
            if len(words) > cut:
                piece(words[cut : body_words - n_words], 1.0)
        elif n_words < body_words:
            piece(words[: body_words - n_words], 1.0)
        n_words += len(words)
        if len(shingle_words) < BODY_WORDS:
            shingle_words += chain.from_iterable(map(alnums, words))
    terms: dict[str, float] = {}
    entities: dict[str, float] = {}
    _terms(piece_words, terms)
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
        terms=_sorted_items(terms),
        entities=_sorted_items(entities),
        shingles=_shingles(shingle_words),
        title=title,
        outlet=article.outlet,
    )
