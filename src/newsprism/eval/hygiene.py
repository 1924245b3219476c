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
