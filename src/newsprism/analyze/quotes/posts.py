"""Embedded posts: a post printed in an article with its signature is a direct quote of the
signer.

Scrapes print an embedded post as its text followed by a signature line,
``TEXT pic.twitter.com/x — Ana Okafor (@AnaOkafor) March 3, 2026``, and the ingest marks the
whole as ``tweet`` boilerplate (so it never reaches a summary).  The signature names who wrote
the words as plainly as ``“...” ― Ana Okafor`` does, so each signed post is a ``direct`` quote:
its span is the post's text (trailing links cut off), its cue the dash, its speaker mention the
signer's name.  A post that opens with a quote mark quotes someone else's words (a post sharing
a host's remark), so it is left out: the words are not the signer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.model import Article, Span

# "— Ana Okafor (@AnaOkafor) March 3, 2026" (or "3 March 2026"), at the end of a line
_SIGNATURE = re.compile(
    r"[ \t]*(?P<dash>[—–]|--?)[ \t]*(?P<name>[^\n()@—–]{2,80}?)[ \t]*\(@\w{1,15}\)[ \t]*"
    r"(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+\d{4}|\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{4})"
    r"[ \t]*$",
    re.MULTILINE,
)
_TRAILING_LINK = re.compile(r"(?:\s*(?:pic\.twitter\.com/\w+|https?://\S+))+\s*$")
_OPENING_MARKS = "\"“‘'«„"
MIN_WORDS = 3


@dataclass(frozen=True)
class Post:
    """One signed post: its text, the signature's dash (the cue) and the signer's name."""

    text: Span
    dash: Span
    name: Span


def embedded_posts(article: Article) -> list[Post]:
    """The signed posts inside the article's ``tweet`` boilerplate, in text order."""
    text = article.text
    out: list[Post] = []
    for b in article.boilerplate:
        if b.kind != "tweet":
            continue
        begin = b.start
        for m in _SIGNATURE.finditer(text, b.start, b.end):
            start, end = begin, m.start()
            begin = m.end()
            body = text[start:end]
            link = _TRAILING_LINK.search(body)
            if link is not None:
                end = start + link.start()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if len(text[start:end].split()) < MIN_WORDS or text[start] in _OPENING_MARKS:
                continue
            out.append(
                Post(Span(start, end), Span(m.start("dash"), m.end("dash")), Span(*m.span("name")))
            )
    return out
