"""Is a page a news article at all?  A page-kind check on the *shape* of the text.

A crawl brings in pages that are not articles: error and sign-in pages, "enable JavaScript" and
social widgets, web-archive notices, a site's index of headlines, a video's credits.  They tell no
story, so story grouping can only go wrong with them (they join a story on a site name, or stand
alone and count as a split).  ``page_kind(article)`` reads features of the text's form, never a
list of any site's wording, and scores them with a logistic model fitted on the tuning half of the
Multi-News dev clusters, non-article pages written for the project (``benchmarks/pages``) and
real news (PolNeAR train) (``benchmarks/page_kind.py``; the weights in ``data/page_kind.json``):

- ``log_words``: how many words the content holds (log);
- ``boilerplate``: the share of the text's characters marked as boilerplate;
- ``prose``: the share of the content's characters in lines that read as prose (eight words or
  more, ending as a sentence ends); an index of headlines, a credit list or a menu has little;
- ``function``: the share of words that are function words (prose is about half function words;
  a list of names and links is not);
- ``reader``: second-person words (you, your) outside quote marks, a word: a page that addresses
  its reader;
- ``site``: first-person plural words (we, our, us) outside quote marks, a word: a site that
  speaks of itself (a quoted "we" is a speaker's, not the page's);
- ``links``: web addresses a word;
- ``capitals``: the share of words that start with a capital (title-case menus and headlines);
- ``report``: reporting words (said, says, told, according) and quote marks a sentence;
- ``study``: a paper's own structure, a sentence: lines that are a section heading alone
  (abstract, methods, results, discussion, ...) and reference marks (``[4]``, ``(12, 15)``,
  ``et al.``); a report of a study names none of these;
- ``teasers``: the share of the lines that end as a link or a cut teaser does (``...``, ``>>``,
  ``»``; the last line is left out, as a cut article ends so) or that repeat their own first
  five words (a headline printed twice, then its summary): an index of other pages;
- ``dateline``: 1 when one of the first four lines of the text (boilerplate or not: a byline is
  often marked as boilerplate) opens with a dateline (``PLACE (Agency) —``)
  or a byline (``By First Last``): the mark of a news report, short or long.

Only the content segments that start within the first ``WINDOW`` characters are read, so a long
text costs no more than a short one and is judged by its opening (where a paper's abstract, an
index's first teasers or a video's links are).  A page whose probability of being a non-article
is at least the model's threshold is ``PageKind(article=False, ...)``; the threshold was set just
above every real article of the fit (the tuning half, 840 PolNeAR train articles and short news
items written for the project), so it flags few pages and, on the data it was checked on, no
article (docs/evaluation.md).  ``split_pages(articles)`` keeps such pages out
of story grouping (``brief --per-story``) and reports each as a ``Drop`` with code NP228; a
store's ``update_stories`` records each in ``story_failures`` with NP228 instead of grouping it:
never lost, never silently grouped.
"""

from __future__ import annotations

import bisect
import json
import math
import operator
import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain

from newsprism.errors import NOT_ARTICLE
from newsprism.model import Article, Drop
from newsprism.nlp.segment import content_segments, paragraphs, text_lines
from newsprism.nlp.words import WordMemo

FEATURES = (
    "log_words",
    "boilerplate",
    "prose",
    "function",
    "reader",
    "site",
    "links",
    "capitals",
    "report",
    "study",
    "teasers",
    "dateline",
)
PROSE_WORDS = 8  # a line of this many words or more that ends as a sentence ends is prose
WINDOW = 5000  # only the content segments that start within this many characters are read: a
# long text is judged by its opening, at the cost of a short one (chosen on the tuning half:
# 2,000 to 10,000 tried, docs/evaluation.md)
LEAD_LINES = 4  # a dateline or a byline is looked for in this many first lines
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,.]*")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SENTENCE = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\s|$)")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
_READER = frozenset(["you", "your", "yours", "you're", "you’re", "you'll", "you’ll"])
_SITE = frozenset(["we", "our", "us", "we're", "we’re", "ours"])
_REPORT = frozenset(["said", "says", "told", "according", "say", "tells", "added"])
# a paper's section headings, a line to themselves (an optional colon)
_HEADING = re.compile(
    r"(?:abstract|introduction|background|objectives?|aims?|methods?|materials and methods|"
    r"methodology|results?|findings|discussion|conclusions?|limitations|references|"
    r"acknowledge?ments|keywords|funding|study design|patients and methods)\s*:?",
    re.I,
)
# reference marks: [4], [2, 7], [15-17], (12, 15), et al.
_CITATION = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]|\(\d{1,3}(?:,\s*\d{1,3})+\)|\bet al\.")
_LINK_END = re.compile(r"(?:\.\.\.|…|>>|»|›)\s*$")  # a cut teaser or a "more" link
# a dateline (NEW HAVEN, Conn. (Agency) — ; OSLO, May 3 - ) or a byline (By First Last)
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z0-9][\w.]*(?:\s+[A-Z0-9][\w.]*)*)?"
    r"\s*(?:\([^()\n]{2,30}\))?\s*[—–-]{1,2}\s"
    r"|By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\b)"
)
_END_CHARS = 16  # how a line ends is read in its last characters (a segment is trimmed)
REPEAT_WORDS = 5  # a line that repeats its first five words (a headline printed twice)
# The commonest English function words (closed classes: articles, pronouns, prepositions,
# auxiliaries, conjunctions); their share is a measure of running prose.
_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "him",
        "i",
        "me",
        "my",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "about",
        "as",
        "into",
        "over",
        "after",
        "before",
        "under",
        "between",
        "through",
        "during",
        "against",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "if",
        "than",
        "then",
        "when",
        "while",
        "because",
        "not",
        "no",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "where",
        "there",
        "here",
        "also",
        "just",
        "only",
    ]
)


@dataclass(frozen=True)
class PageKind:
    """The page-kind check of one article: ``article`` is False for a page that is not a news
    article; ``score`` is the model's probability of a non-article; ``features`` as measured."""

    article: bool
    score: float
    features: tuple[float, ...]

    def reason(self) -> str:
        """Why the page was kept out, in words (the reason of its ``Drop``)."""
        f = dict(zip(FEATURES, self.features, strict=True))
        shape = ""
        if f["study"] > 0:
            shape += ", a paper's section headings or reference marks"
        if f["teasers"] > 0:
            shape += f", {f['teasers']:.0%} of lines shaped as links"
        return (
            f"the page does not read as a news article (score {self.score:.3f}: "
            f"{math.expm1(f['log_words']):.0f} words, {f['prose']:.0%} in prose lines, "
            f"{f['boilerplate']:.0%} boilerplate{shape})"
        )


def _visible(text: str) -> int:
    """Characters of ``text`` that are not white space."""
    return len("".join(text.split()))


def page_features(article: Article) -> tuple[float, ...]:
    """The features of ``FEATURES`` for ``article`` (its content segments that start within the
    first ``WINDOW`` characters; boilerplate as marked)."""
    text = article.text
    segments = content_segments(article)
    # segments are in text order: those read are a prefix
    segments = segments[: bisect.bisect_left([seg.start for seg in segments], WINDOW)]
    # the characters read: up to WINDOW, or to the end of the last segment read
    end = max(min(len(text), WINDOW), segments[-1].end if segments else 0)
    total_chars = _visible(text[:end]) or 1
    content_chars = 0
    prose_chars = 0
    words: list[str] = []
    quoted: list[str] = []  # words inside quote marks (lower-cased): a speaker's, not the page's
    sentences = 0
    quotes = 0
    study = 0  # section headings and reference marks
    teasers = 0  # lines shaped as a link to another page
    links = 0
    dateline = 0.0
    last = len(segments) - 1
    tokens = _TOKENS.__getitem__
    counted = _COUNTED.__getitem__
    ends_sentence = _ENDS_SENTENCE.__getitem__
    maybe_links = _links_in(text[:end].lower())  # else no segment holds one
    for i, seg in enumerate(segments):
        piece = text[seg.start : seg.end]
        split = piece.split()
        seg_words = list(chain.from_iterable(map(tokens, split)))  # ``_WORD.findall(piece)``
        words += seg_words
        n_quotes = piece.count('"') + piece.count("“") + piece.count("”")  # quote marks
        quotes += n_quotes
        if n_quotes > 1:
            for span in _QUOTED.findall(piece):
                if span.isascii():  # lower-casing moves no token's edges: the words' tokens
                    quoted += filter(
                        None, map(counted, chain.from_iterable(map(tokens, span.split())))
                    )
                else:
                    quoted += _WORD.findall(span.lower())
        n_chars = len("".join(split))  # ``_visible(piece)``
        content_chars += n_chars
        n_words = len(seg_words)
        if n_words >= PROSE_WORDS and _SENTENCE_END.search(piece[-_END_CHARS:]):
            prose_chars += n_chars
        sentences += max(1, sum(map(ends_sentence, split)))  # ``_SENTENCE`` matches
        if n_words <= 6 and _HEADING.fullmatch(piece):
            study += 1
        if "[" in piece or "(" in piece or "et al." in piece:  # the marks' first characters
            study += len(_CITATION.findall(piece))
        if (i < last and _LINK_END.search(piece[-_END_CHARS:])) or (
            n_words >= 2 * REPEAT_WORDS and _repeats_its_opening(seg_words)
        ):
            teasers += 1
        if maybe_links:
            links += _links(piece)
    # the first lines of the text, boilerplate or not (a byline is often marked as boilerplate)
    # (the lines of the whole text, read already by the ingest, when the window holds it)
    lead = text_lines(text)[:LEAD_LINES] if len(text) <= WINDOW else _lead(text)
    for start, line_end in lead:
        if _DATELINE.match(text, start, line_end):
            dateline = 1.0
    n = len(words) or 1
    # a word starts with an ASCII letter or a digit (``_WORD``): its first characters tell the
    # words that start with a letter, and with a capital, without a pass over the words
    firsts = "".join(map(_FIRST, words))
    capitals = len(firsts) - len(firsts.translate(_NO_CAPITALS))
    alpha = capitals + len(firsts) - len(firsts.translate(_NO_SMALL))
    # the words of the four vocabularies below, lower-cased, counted (a word's own ``lower``
    # is its lower case in the text: a word holds no space, and ``_WORD`` reads ASCII letters)
    counts = Counter(filter(None, map(counted, words)))
    # the words outside quote marks: who the page itself speaks as, or to (a quote mark breaks a
    # word, so they are every word less those inside quote marks; of the words inside, only
    # those of the vocabularies are read)
    inside = Counter(quoted)
    return (
        math.log1p(len(words)),
        1.0 - content_chars / total_chars if text.strip() else 0.0,
        prose_chars / (content_chars or 1),
        _count(counts, _FUNCTION) / n,
        _count_outside(counts, inside, _READER) / n,
        _count_outside(counts, inside, _SITE) / n,
        links / n,
        capitals / (alpha or 1),
        (_count(counts, _REPORT) + quotes / 2) / (sentences or 1),
        study / (sentences or 1),
        teasers / (len(segments) or 1),
        dateline,
    )


_FIRST = operator.itemgetter(0)
_TOKENS = WordMemo(lambda word: tuple(_WORD.findall(word)))  # a word's, by ``nlp.words``
_NO_CAPITALS = str.maketrans("", "", string.ascii_uppercase)
_VOCABULARIES = _FUNCTION | _READER | _SITE | _REPORT
# a word's lower case when it is in one of the vocabularies counted, else ""
_COUNTED = WordMemo(lambda word: low if (low := word.lower()) in _VOCABULARIES else "")
_NO_SMALL = str.maketrans("", "", string.ascii_lowercase)
_CLOSERS = "\"'”’)]"  # what may follow a sentence's end mark in ``_SENTENCE``


def _ends_sentence(word: str) -> int:
    """1 when a whitespace-delimited word ends as a sentence does (end marks, then closing
    marks), else 0.  ``_SENTENCE`` needs white space or the end after its match, so it matches
    only at a word's end, once a word: its matches in a text are the words that end so."""
    kept = word.rstrip(_CLOSERS)
    return 1 if kept and kept[-1] in ".!?…" else 0


_ENDS_SENTENCE = WordMemo(_ends_sentence)


def _lead(text: str) -> list[tuple[int, int]]:
    """The first ``LEAD_LINES`` lines of the text's first ``WINDOW`` characters."""
    return [(line.start, line.end) for line in paragraphs(text[:WINDOW], LEAD_LINES)]


def _count(counts: Counter[str], vocabulary: frozenset[str]) -> int:
    """How many of the counted words are in ``vocabulary``."""
    return sum(counts[w] for w in vocabulary & counts.keys())


def _count_outside(counts: Counter[str], inside: Counter[str], vocabulary: frozenset[str]) -> int:
    """How many of the counted words are in ``vocabulary``, less those counted ``inside``
    (``_count(counts - inside, vocabulary)`` without subtracting every word)."""
    return sum(max(0, counts[w] - inside[w]) for w in vocabulary & counts.keys())


def _links_in(low: str) -> bool:
    """Whether lower-cased text holds one of the parts of a web address (``_URL``)."""
    return "http" in low or "www." in low or ".com" in low or ".org" in low or ".net" in low


def _links(piece: str) -> int:
    """Web addresses in ``piece`` (the pattern is run only where one of its parts occurs)."""
    return len(_URL.findall(piece)) if _links_in(piece.lower()) else 0


def _repeats_its_opening(words: list[str]) -> bool:
    """Whether a line's first ``REPEAT_WORDS`` words occur again later in it (a headline printed
    twice, as an index of stories prints a title, then the title and its summary)."""
    k = REPEAT_WORDS
    n = len(words)
    if n < 2 * k:
        return False
    head = words[:k]
    first = head[0]
    j = k
    while True:  # only where the first word occurs again (a search in C)
        try:
            j = words.index(first, j, n - k + 1)
        except ValueError:
            return False
        if words[j : j + k] == head:
            return True
        j += 1


@dataclass(frozen=True)
class PageModel:
    """A logistic model over ``FEATURES``: weights, intercept and the threshold on its
    probability from which a page is not an article."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def score(self, features: tuple[float, ...]) -> float:
        z = self.intercept + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=1)
def default_model() -> PageModel:
    """The model shipped in ``newsprism/data/page_kind.json`` (``benchmarks/page_kind.py``)."""
    raw = json.loads(
        resources.files("newsprism.data").joinpath("page_kind.json").read_text(encoding="utf-8")
    )
    return PageModel(
        tuple(float(raw["weights"][name]) for name in FEATURES),
        float(raw["intercept"]),
        float(raw["threshold"]),
    )


def page_kind(article: Article, model: PageModel | None = None) -> PageKind:
    """Whether ``article`` reads as a news article (see the module docstring)."""
    m = model or default_model()
    features = page_features(article)
    score = m.score(features)
    return PageKind(score < m.threshold, score, features)


def split_pages(
    articles: Sequence[Article], model: PageModel | None = None
) -> tuple[list[Article], list[Drop]]:
    """``articles`` without the pages that are not news articles, and those pages as drops
    (code NP228, with the score and the features that made the call), in the order given."""
    kept: list[Article] = []
    dropped: list[Drop] = []
    for a in articles:
        kind = page_kind(a, model)
        if kind.article:
            kept.append(a)
        else:
            dropped.append(
                Drop(a.source, f"{NOT_ARTICLE.title}: {kind.reason()}", NOT_ARTICLE.code)
            )
    return kept, dropped
