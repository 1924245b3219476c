"""Quote marks: the stretches of text between quotation marks, text only (no parse).

``scan_marks(text, segments)`` finds quotes between marks in each content segment and counts
unbalanced marks.  Curly doubles, straight doubles, ``„ «»`` and single marks used as quotation
marks (an apostrophe inside a word, or ``s’`` after a plural, never opens a quote).  A quote left
open at a paragraph end runs on when the next paragraph reopens with a quote mark (news
convention) or the line was hard-wrapped; otherwise it is cut at the paragraph end, so an
unbalanced mark never swallows the rest of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.model import Span

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚"
SINGLE_CLOSE = "’"
OPEN_BEFORE = "([{—–-/"
CLOSE_AFTER = '.,;:!?)]}—–-"”“»'
TERMINAL = ".!?…"


@dataclass(frozen=True)
class MarkedQuote:
    """A stretch of text between quote marks, in article offsets.

    ``start``/``end`` exclude the marks; ``close_mark`` is None when the quote runs on into the
    next paragraph (``runs_on``) or was cut short at an unbalanced mark (``capped``).
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    segment: int
    reopens: bool = False  # continues the previous quote, reopened at a new paragraph
    runs_on: bool = False
    capped: bool = False
    block: bool = False  # a paragraph quoted without marks (``blocks.block_quotes``)

    @property
    def region(self) -> Span:
        """The quote with its marks."""
        return Span(
            self.open_mark, self.close_mark + 1 if self.close_mark is not None else self.end
        )


def _role(text: str, i: int, s: int, e: int) -> str | None:
    ch = text[i]
    before = text[i - 1] if i > s else " "
    after = text[i + 1] if i + 1 < e else " "
    open_ctx = before.isspace() or before in OPEN_BEFORE
    if ch in DOUBLE_OPEN:
        return "close" if not open_ctx and (after.isspace() or after in CLOSE_AFTER) else "open"
    if ch in DOUBLE_CLOSE:
        return "open" if open_ctx and after.isalnum() else "close"
    if open_ctx:
        return "open" if not after.isspace() else None
    return "close"


def _rtrim(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def _mismatched_close(text: str, s: int, e: int) -> int | None:
    """A single closing mark that ends a double-opened quote (``“...’,``), or None."""
    depth = 0
    for i in range(s, e):
        ch = text[i]
        before = text[i - 1] if i > s else " "
        after = text[i + 1] if i + 1 < e else " "
        if ch in SINGLE_OPEN or (ch == "'" and before.isspace() and after.isalnum()):
            depth += 1
        elif ch in SINGLE_CLOSE + "'" and not before.isspace() and after in ",.;:!?":
            if depth == 0 and i + 2 <= e and (i + 2 == e or text[i + 2].isspace()):
                return i
            depth = max(0, depth - 1)
    return None


def _scan_doubles(
    text: str, s: int, e: int, seg: int, carried: bool, out: list[MarkedQuote]
) -> tuple[int | None, int, int]:
    """Append the quotes of one segment (``carried``: it starts inside a quote); returns the
    opening mark and content start of a quote still open at the end, and unbalanced marks."""
    reopens = bool(out) and out[-1].runs_on and out[-1].segment == seg - 1
    op: int | None = s if carried else None
    cs = s
    strays = 0
    for i in range(s, e):
        ch = text[i]
        if ch not in DOUBLE_OPEN and ch not in DOUBLE_CLOSE and ch != '"':
            continue
        role = _role(text, i, s, e)
        if op is None and i == s and ch in DOUBLE_CLOSE and text[i + 1 : i + 2].isspace():
            role = "open"  # a paragraph opening with a reversed mark: ”  … and we will
        spaced = role is None and i - 2 >= s and text[i - 2] in "'’"
        if op is not None and spaced:
            role = "close"  # spaced after a nested quote's closing mark: ,' "
        if role is None:
            continue
        glued = (
            ch == '"' and i > s and text[i - 1] in TERMINAL + ',"' and text[i + 1 : i + 2].isalpha()
        )
        if op is None and role == "close" and glued:
            role = "open"  # a space lost in scraping: ‘content."I have’, ‘am.""I don't’
        if op is None:
            if role == "open":
                op, cs = i, i + 1
            else:
                strays += 1
            continue
        if role == "close":
            if text[cs:i].strip():  # never a quote of blanks: “ ”
                out.append(MarkedQuote(cs, i, op, i, seg, reopens))
            op, reopens = None, False
            continue
        # an opening mark while a quote is open: paragraphs run together (the quote goes on
        # after a full stop), or a closing mark is missing
        end = _rtrim(text, cs, i)
        run_on = end > cs and text[end - 1] in TERMINAL + "’'"
        if end > cs:
            out.append(MarkedQuote(cs, end, op, None, seg, reopens, run_on, not run_on))
        strays += 0 if run_on else 1
        op, cs, reopens = i, i + 1, run_on
    return op, cs, strays


_TWO_SINGLES = re.compile(r"''|‘‘|’’")


def mark_view(text: str) -> str:
    """``text`` with two single marks used as one double mark (``''Yes,'' she said``, a
    typewriter convention) turned into a space and a straight double mark, the mark on the
    quote's side; same length, so offsets are unchanged.  For finding marks and reading their
    context only, never for output."""
    if "''" not in text and "‘‘" not in text and "’’" not in text:
        return text
    out = list(text)
    for m in _TWO_SINGLES.finditer(text):
        i = m.start()
        before = text[i - 1] if i > 0 else " "
        opening = before.isspace() or before in OPEN_BEFORE
        out[i], out[i + 1] = (" ", '"') if opening else ('"', " ")
    return "".join(out)


def scan_marks(text: str, segments: Sequence[tuple[int, int]]) -> tuple[list[MarkedQuote], int]:
    """Quotes between marks in each segment ``(start, end)``; returns them and the number of
    unbalanced marks (quotes cut short and closing marks with no opening).

    A quote open at a segment's end runs on when the next segment reopens with a quote mark, or
    when the line was hard-wrapped (no final punctuation, next segment starts in lower case).
    Two single marks used as one double mark count as a double mark (``mark_view``)."""
    text = mark_view(text)
    out: list[MarkedQuote] = []
    unbalanced = 0
    carried = False
    for seg, (s, e) in enumerate(segments):
        op, cs, strays = _scan_doubles(text, s, e, seg, carried, out)
        unbalanced += strays
        carried = False
        if op is None:
            continue
        end = _rtrim(text, cs, e)
        reopens = op == s and cs == s
        reopens = reopens or (bool(out) and out[-1].runs_on and out[-1].segment == seg - 1)
        if end <= cs:
            continue
        nxt = segments[seg + 1] if seg + 1 < len(segments) else None
        if (
            nxt is not None
            and text[nxt[0]] in DOUBLE_OPEN + '"'
            and (_role(text, nxt[0], nxt[0], nxt[1]) == "open")
        ):
            out.append(MarkedQuote(cs, end, op, None, seg, reopens, runs_on=True))
            continue
        if nxt is not None and text[end - 1] not in TERMINAL + ":" and text[nxt[0]].islower():
            out.append(MarkedQuote(cs, end, op, None, seg, reopens, runs_on=True))
            carried = True  # a hard-wrapped line
            continue
        unbalanced += 1
        close = _mismatched_close(text, cs, end)
        out.append(
            MarkedQuote(
                cs, close if close is not None else end, op, close, seg, reopens, capped=True
            )
        )
    regions: dict[int, list[Span]] = {}
    for q in out:
        regions.setdefault(q.segment, []).append(q.region)
    for seg, (s, e) in enumerate(segments):
        _scan_singles(text, s, e, seg, out, _Covered(regions.get(seg, [])))
    out.sort(key=lambda q: q.start)
    return out, unbalanced


class _Covered:
    """Whether an offset lies in one of some spans: merged, then found by bisection (a segment
    may hold thousands of quotes)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        merged: list[list[int]] = []
        for span in sorted(spans, key=lambda r: r.start):
            if merged and span.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span.end)
            else:
                merged.append([span.start, span.end])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, i: int) -> bool:
        k = bisect_right(self.starts, i) - 1
        return k >= 0 and i < self.ends[k]


def _scan_singles(
    text: str, s: int, e: int, seg: int, out: list[MarkedQuote], taken: _Covered
) -> None:
    """Single marks used as quotation marks: ‘ or ' after a space, closed by ’ or ' before a
    space or punctuation, within 250 characters and outside double-quoted text (``taken``)."""
    i = s
    while i < e:
        before = text[i - 1] if i > s else " "
        after = text[i + 1] if i + 1 < e else " "
        close = None
        if (
            (text[i] in SINGLE_OPEN or text[i] == "'")
            and (before.isspace() or before in OPEN_BEFORE)
            and after.isalnum()
            and i not in taken
        ):
            close = _single_close(text, i + 1, min(e, i + 251), taken)
        if close is not None and close - i >= 3:
            out.append(MarkedQuote(i + 1, close, i, close, seg))
            i = close
        i += 1


def _single_close(text: str, s: int, e: int, taken: _Covered) -> int | None:
    for j in range(s, e):
        if j in taken:
            return None
        after = text[j + 1] if j + 1 < len(text) else " "
        closing = (after.isspace() or after in CLOSE_AFTER) and not text[j - 1].isspace()
        if closing and (text[j] in SINGLE_CLOSE or text[j] == "'"):
            return j
    return None
