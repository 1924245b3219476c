"""Summary hygiene: summary items that cite a photo caption, a credit or a promo, not the story.

The detector here is the *measure*, written apart from the boilerplate marker
(``ingest/boilerplate.py``) so that the marker cannot grade itself: it reads the cited text of each
summary item for the shapes of captions (``FILE - In this ... photo``, ``(AP Photo/...)``,
``Photo:``, ``View larger image``, ``Map locates ...``, ``Image copyright``) and of promos (``Tweet
with a location``, ``Click here``, newsletters and subscriptions, ``Jump media player``, video
and ``READ MORE`` labels, ``Follow us on ...``).  ``benchmarks/summary_hygiene.py`` counts them over
the Multi-News dev clusters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CAPTION = re.compile(
    r"^\W*FILE\s*[-–—]|\bIn\s+this\s+(?:[\w,.'’-]+\s+){0,8}(?:file\s+)?(?:photo|image|picture)"
    r"|\((?:AP|AFP|Reuters|Getty|EPA|PA)[^()]{0,20}(?:Photo|Images?)\b[^()]*\)"
    r"|\b(?:AP|AFP|Reuters|EPA|PA)\s+Photo\s*/|\((?:Photo|Image|Picture)s?\s*(?:by|:|credit)"
    r"|^\W*(?:Photo(?:graph)?|Image|Picture)s?\s*:|View\s+larger\s+image|\bMap\s+locates\b"
    r"|Image\s+(?:copyright|caption)\b|\bGetty\s+Images\b",
    re.IGNORECASE,
)
PROMO = re.compile(
    r"tweet\s+with\s+a\s+location|add\s+location\s+information\s+to\s+your\s+tweets"
    r"|\bclick\s+here\b|\bnewsletter\s+sign\s+up\b|\bby\s+signing\s+up\b"
    r"|\bsign\s+up\s+(?:here\s+)?(?:for|to)\b[^.]{0,80}\b(?:newsletters?|e-?mails?|alerts)\b"
    r"|\bsubscribe\s+(?:now|today|here|to\s+(?:our|the)\b)"
    r"|jump\s+media\s+player|media\s+player\s+help|\bwatch\s+(?:the\s+)?video\b"
    r"|^\W*(?:WATCH|VIDEO|READ MORE|RELATED|SEE ALSO|INTERACTIVE|SEE MORE VIDEOS|LIVE)\s*[:|]"
    r"|\b(?:follow|like)\s+us\s+on\b|\bdownload\s+(?:our|the)\s+app\b",
    re.IGNORECASE,
)


def unclean_kind(text: str) -> str | None:
    """``"caption"`` or ``"promo"`` when ``text`` reads as one, else None."""
    if CAPTION.search(text):
        return "caption"
    if PROMO.search(text):
        return "promo"
    return None


@dataclass(frozen=True)
class Unclean:
    """A summary item that cites caption or promo text."""

    cluster: str
    kind: str
    text: str


def unclean_items(cluster: str, cited: Sequence[str]) -> list[Unclean]:
    """The items of one cluster's summary (``cited``: each item's cited text) that read as a
    caption or a promo."""
    out = []
    for text in cited:
        kind = unclean_kind(text)
        if kind is not None:
            out.append(Unclean(cluster, kind, text))
    return out


# --- the other properties of a clean summary (measures, not filters) ---------------------------

PRONOUN_OPENING = re.compile(
    r"^[\W_]*(?:He|She|They|It|This|These|Those|His|Her|Their|Its|Him|Them)\b(?![-'’])"
)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "said",
        "says",
        "will",
        "would",
        "not",
        "no",
    ]
)


def opens_with_pronoun(text: str) -> bool:
    """True when the item's first word is a capitalised personal or demonstrative pronoun, whose
    referent therefore cannot stand earlier in the item."""
    return PRONOUN_OPENING.match(text) is not None


def content_words(text: str) -> frozenset[str]:
    """Lowercased word forms of ``text`` less a short stop list."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def same_fact(a: str, b: str, jaccard: float = 0.5, containment: float = 0.8) -> bool:
    """True when two items read as the same statement: their content words overlap by
    ``jaccard`` or more, or the shorter's words lie ``containment`` or more inside the longer's."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    inter = len(wa & wb)
    return inter / len(wa | wb) >= jaccard or inter / min(len(wa), len(wb)) >= containment


def duplicate_pairs(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of items of one summary that state the same fact (``same_fact``)."""
    return [
        (i, j)
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if same_fact(texts[i], texts[j])
    ]


def words_cited(item: str, cited: str) -> float:
    """The share of the item's content words that the cited span holds (1.0: the span carries
    the item's words; low: a paraphrase is cited)."""
    wi = content_words(item)
    if not wi:
        return 1.0
    return len(wi & content_words(cited)) / len(wi)


WIRE_SHAPE = re.compile(
    r"^[ \t]*[A-Z][A-Z .,'’-]{2,40}\((?:AP|Reuters|AFP)\)\s*[-—–]"
    r"|\((?:AP|Reuters|AFP)\)\s*[-—–]"
    r"|^[ \t]*(?:Copyright\s+\d{4}\s+)?(?:The\s+)?Associated\s+Press\.?[^\n.]{0,60}$"
    r"|\bAssociated\s+Press\s+(?:writers?|reporters?)\b[^\n]{0,80}\bcontributed\b",
    re.MULTILINE,
)


def wire_shaped(text: str) -> bool:
    """True when ``text`` carries a wire dateline (``CITY (AP) —``, ``(Reuters) -``) or a closing
    Associated Press credit line: the measure of wire-credit recall on real scrapes."""
    return WIRE_SHAPE.search(text) is not None
