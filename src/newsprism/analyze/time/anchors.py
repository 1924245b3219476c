"""Reference dates from the articles' own evidence, for articles without a publication date.

A relative date (``on Tuesday``, ``last week``, ``today``) needs the day it was written.  An
article with a publication date (metadata) uses it.  An event whose articles carry none is dated
from what its texts say, and only when they say enough:

1. **Anchors**: full dates written in the articles (``Friday, July 19, 2013``, ``Feb. 5, 2018``),
   not ahead (``scheduled for``); a caption (a credit, ``from left``, or a present-tense caption
   verb: ``X performs at Y on Jan. 17, 2015``) is marked as such.  A day and month with a weekday
   (``Saturday, April 19``) takes the year in which that day is that weekday, nearest to the
   latest year the event's articles write (at most ``YEAR_SPAN`` years away).  A weekday next to a
   full date must agree with it, else the pair is no anchor.
2. **Votes**: an anchor counts when its weekday is written next to it (``Friday, July 19,
   2013``), when it is in the article's lead (its first ``LEAD_SENTENCES`` sentences: a
   dateline, the news of the day), or when it falls on the weekday the event's articles write
   most often (``Feb. 5, 2018`` in a story of ``Monday``).  News names the days of the past week and dates what is older,
   so a date deeper in a story told by weekdays (``Nov. 23, 2012``, ``on or about February 27``)
   is background and dates nothing; so is any date more than ``BACKGROUND_YEARS`` before the
   latest year the articles report (``story_year``), even in a lead: the story is no older than
   what it reports as past.  A caption that names the day of a news photo (``...,
   Tuesday, February 14, 2017``; never a ``FILE`` photo) counts only when nothing else does;
   failing that, the day of an embedded post (``— Name (@handle) March 3, 2026``) on a weekday
   the articles write (the story's days: a post is embedded for the news it reacts to).
3. **Story day**: from the latest anchor that votes, the first day on or after it that is the
   weekday the event's articles write most often (the anchor itself when its weekday is among the
   most written; a post's day is never moved: a post follows the news).  The news of the event
   happened that day.
4. **References**: an article that writes the story day itself reads relative dates back from it
   as from a publication date; the others read a weekday as the nearest such day, up to two days
   after the story day (a Saturday update, a Sunday column).  Everything so resolved is
   ``inferred``.  Without a story day nothing relative is resolved: unknown stays unknown.
5. **One story**: the articles given are one story's (the pipeline builds a timeline per story);
   an event of it whose articles tell no day of their own reads its weekdays near the day all
   the story's undated articles tell, as an article not writing it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from newsprism.analyze.time.dates import (
    ABSOLUTE_DAY_KINDS,
    MONTHS,
    WEEKDAYS,
    DateMention,
    find_dates,
    looks_ahead,
    mention_ahead,
    resolve,
)
from newsprism.model import Article, Event

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle

Token = Any
YEAR_SPAN = 3
LEAD_SENTENCES = 1  # the headline or dateline sentence
MIN_LEADING_MENTIONS = 3  # sentences naming the leading weekday before it moves the story day
# how many years before the latest year the articles report (``story_year``) an anchor may be: a
# year read as past may be ahead (``a 2016 presidential run`` told in 2014)
BACKGROUND_YEARS = 3

_CREDIT = re.compile(
    r"\b(?:photo|photograph|credit|getty|pictured|file image|courtesy of|from left|from right"
    r"|left to right|\(left\)|\(right\)|\(center\)|AP Photo|Reuters/|AFP/|/AP\b|\(AP\))",
    re.I,
)
_FILE_PHOTO = re.compile(r"\bFILE\b|\bfile (?:photo|image|picture)|\barchive", re.I)
_CORRECTION = re.compile(
    r"^\W*(?:correction|clarification|editor[’']s note|an earlier version|update\b)"
    r"|\ban (?:article|item|report) (?:on \w+|in some editions)[^.]{0,80}\b(?:misstated|"
    r"referred|misidentified|gave)",
    re.I,
)
# a year of what may happen (``if she is the nominee in 2016``) is not the story's
_CONDITIONAL = re.compile(r"\b(?:if|unless|could|might|may)\b")
# boilerplate that shows a happening and names its day: a photo caption (``..., Tuesday, Feb. 14,
# 2017``, ``FILE - In this Jan. 5, 2016 photo, ...``) and an embedded post (``— Name (@handle)
# February 16, 2017``, the day it was posted); its dates are past when the article is written
# (the story is no older than a photo or a post it shows)
DATED_BOILERPLATE = frozenset({"caption", "tweet"})
_REPORTING = frozenset(
    {"say", "tell", "report", "announce", "claim", "confirm", "state", "add", "show", "reveal"}
)


@dataclass(frozen=True)
class Reference:
    """The date an article's relative dates are read against.

    ``inferred``: not the article's own publication date.  ``window``: the date is the story's
    day, not the article's, so a weekday may fall up to two days after it.  ``year_only``: only
    the story's year is known (``dates.resolve`` then reads only what is relative to the year).
    """

    date: dt.date | None
    inferred: bool
    window: bool = False
    year_only: bool = False  # only the year of ``date`` is known (the story's year)


@dataclass(frozen=True)
class Anchor:
    article: str
    date: dt.date
    named_weekday: bool  # the weekday is written next to the date and agrees with it
    lead: bool  # in the article's first sentences (a dateline, the lead)
    caption: bool = False  # a news-photo caption that names the day
    head: str = ""  # the word the date attaches to (found, met, filed)
    year_open: bool = False  # ``today (Jan. 16)``: the year is the one the weekdays written fix
    post: bool = False  # the day of an embedded post (``— Name (@handle) March 3, 2026``)


def caption_like(text: str, tokens: Sequence[Token]) -> bool:
    """A photo or video caption: a credit, ``from left``, or a present-tense main verb that is not
    a reporting verb (``X performs at Y on Jan. 17, 2015``)."""
    if _CREDIT.search(text):
        return True
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    return bool(
        root is not None
        and root.tag_ in ("VBZ", "VBP")
        and root.lemma_.lower() not in _REPORTING
        and root.lemma_.lower() != "be"
        and not any(t.tag_ in ("VBD", "VBN") and t.dep_ in ("ROOT", "conj") for t in tokens)
    )


def _bare_date(stext: str, found: Sequence[DateMention]) -> bool:
    """A line that is only a date (``Saturday, December 19, 2015.``)."""
    rest = stext
    for m in found:
        rest = rest.replace(m.text, "")
    return not rest.strip(" \t\n,.:;—–-")


def _weekday_before(stext: str, m: DateMention, found: Sequence[DateMention]) -> DateMention | None:
    """A weekday written right before ``m`` (``Saturday, April 19``)."""
    for w in found:
        if w.kind == "weekday" and w.end <= m.start and not stext[w.end : m.start].strip(" ,("):
            return w
    return None


def _is_today(m: DateMention) -> bool:
    return m.kind == "today" and (m.group("rel") or "").lower() == "today"


def dated_weekdays(found: Sequence[DateMention], stext: str) -> set[int]:
    """Indexes of weekday (and ``today``) mentions written next to a date: ``Tuesday, March 6``,
    ``today (Jan. 16)``.  The explicit date wins over the relative one."""
    out = set()
    for i, w in enumerate(found):
        if w.kind != "weekday" and not _is_today(w):
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            nxt is not None
            and nxt.kind in ("dmy", "mdy", "dm", "md", "iso")
            and not stext[w.end : nxt.start].strip(" ,(")
        ):
            out.add(i)
    return out


def _today_before(stext: str, m: DateMention, found: Sequence[DateMention]) -> bool:
    """``today (Jan. 16)``, ``today, July 24,``: the date is the article's own day."""
    return any(
        _is_today(w) and w.end <= m.start and not stext[w.end : m.start].strip(" ,(") for w in found
    )


def _years_written(texts: Iterable[str]) -> list[int]:
    years = []
    for t in texts:
        for m in find_dates(t):
            y = m.group("year")
            if y:
                years.append(int(y))
    return years


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None


def infer_year(month: int, day: int, weekday: int, near: int) -> int | None:
    """The year, at most ``YEAR_SPAN`` from ``near``, in which ``day`` ``month`` is ``weekday``."""
    best = None
    for y in range(near - YEAR_SPAN, near + YEAR_SPAN + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday and (best is None or abs(y - near) < abs(best - near)):
            best = y
    return best


def _sentence_tokens(doc: AnnotatedArticle) -> list[tuple[int, int, list[Token], list[int]]]:
    """(start, end, tokens, token offsets) of each content sentence."""
    pairs = list(doc.tokens())
    out = []
    k = 0
    for s in doc.sentences:
        while k < len(pairs) and pairs[k][0] < s.start:
            k += 1
        j = k
        while j < len(pairs) and pairs[j][0] < s.end:
            j += 1
        out.append((s.start, s.end, [t for _, t in pairs[k:j]], [o for o, _ in pairs[k:j]]))
        k = j
    return out


_GENERIC_HEADS = frozenset({"say", "tell", "add", "be", "have", "do", "make", "on", "in", "at"})


def _head_word(toks: Sequence[Token], offs: Sequence[int], start: int, end: int) -> str:
    """The lemma of the word a date phrase at article offsets [start, end) attaches to."""
    inside = [t for t, o in zip(toks, offs, strict=True) if start <= o < end]
    if not inside:
        return ""
    root = next((t for t in inside if t.head not in inside or t.head == t), inside[0])
    head = root.head
    while head.pos_ == "ADP" and head.head != head:
        head = head.head
    lemma = str(head.lemma_).lower()
    if head.pos_ not in ("NOUN", "VERB", "PROPN") or lemma in _GENERIC_HEADS:
        return ""
    return lemma


def _anchors(
    doc: AnnotatedArticle, near_year: int | None
) -> tuple[list[Anchor], Counter[int], set[tuple[int, str]]]:
    """Anchors of one article, its weekdays written alone (one count per sentence), and the
    (weekday, head word) of each weekday written alone (``the bodies were found Tuesday``)."""
    text = doc.article.text
    anchors: list[Anchor] = []
    weekdays: Counter[int] = Counter()
    told: set[tuple[int, str]] = set()
    sentences = _sentence_tokens(doc)
    corrected = False
    for n, (s, e, toks, offs) in enumerate(sentences):
        stext = text[s:e]
        corrected = corrected or bool(_CORRECTION.search(stext))
        found = find_dates(stext)
        if not found:
            continue
        if corrected or (n >= len(sentences) - 2 and _bare_date(stext, found)):
            continue  # a correction or an update, dated after the story
        caption = caption_like(stext, toks)
        beside = dated_weekdays(found, stext)
        seen: set[int] = set()
        for i, m in enumerate(found):
            ahead = mention_ahead(stext, m)
            if m.kind == "weekday" and i not in beside and not ahead and not caption:
                wd = WEEKDAYS[(m.group("weekday") or "").lower()]
                if wd not in seen:
                    weekdays[wd] += 1
                    seen.add(wd)
                word = _head_word(toks, offs, s + m.start, s + m.end)
                if word and not any(x.kind in ABSOLUTE_DAY_KINDS for x in found):
                    told.add((wd, word))  # not beside a date of its own ("Black Monday")
            if ahead or m.kind not in ("dmy", "mdy", "iso", "dm", "md"):
                continue
            if caption and (_FILE_PHOTO.search(stext) or _weekday_before(stext, m, found) is None):
                continue  # an old photo, or a caption that does not name the day
            w = _weekday_before(stext, m, found)
            wd_named = WEEKDAYS[(w.group("weekday") or "").lower()] if w else None
            today = _today_before(stext, m, found) and not caption
            if m.kind in ("dm", "md") and wd_named is None and today and near_year is not None:
                # "today (Jan. 16)": the article's day; its year is fixed in ``story_day``
                month = MONTHS[(m.group("month") or "").lower().rstrip(".")]
                try:
                    date = dt.date(near_year, month, int(m.group("day") or 0))
                except ValueError:
                    continue
                anchors.append(Anchor(doc.id, date, False, True, False, "", year_open=True))
                continue
            if m.kind in ("dm", "md"):
                if wd_named is None or near_year is None:
                    continue
                month = MONTHS[(m.group("month") or "").lower().rstrip(".")]
                year = infer_year(month, int(m.group("day") or 0), wd_named, near_year)
                if year is None:
                    continue
                date = dt.date(year, month, int(m.group("day") or 0))
            else:
                r = resolve(m, None)
                if r is None:
                    continue
                date = dt.date.fromisoformat(r.date)
                if wd_named is not None and wd_named != date.weekday():
                    continue  # the weekday and the date disagree: neither anchors anything
            lead = (n < LEAD_SENTENCES or today) and not caption
            word = _head_word(toks, offs, s + m.start, s + m.end)
            anchors.append(Anchor(doc.id, date, wd_named is not None, lead, caption, word))
    anchors.extend(_caption_anchors(doc))
    anchors.extend(_post_anchors(doc))
    return anchors, weekdays, told


def dateline_day(article: Article) -> tuple[int, int] | None:
    """The month and day of a wire dateline written without a year (``PORT ALDER, March 10
    (Coastwire) - ``, marked as boilerplate): the day the article was filed."""
    for b in article.boilerplate:
        if b.kind != "dateline":
            continue
        found = find_dates(article.text[b.start : b.end])
        if len(found) == 1 and found[0].kind in ("md", "dm"):
            month = MONTHS[(found[0].group("month") or "").lower().rstrip(".")]
            return month, int(found[0].group("day") or 0)
    return None


def on_dateline_day(day: tuple[int, int], near: dt.date) -> dt.date | None:
    """The date with the dateline's month and day nearest to ``near`` (a story's day)."""
    options = []
    for y in (near.year - 1, near.year, near.year + 1):
        try:
            options.append(dt.date(y, *day))
        except ValueError:
            continue
    return min(options, key=lambda o: abs((o - near).days), default=None)


def _caption_anchors(doc: AnnotatedArticle) -> list[Anchor]:
    """Last-resort anchors from photo captions marked as boilerplate: a full date with its
    weekday (``..., Tuesday, Feb. 14, 2017``), never a ``FILE`` or archive photo.  The caption is
    evidence of the story's day only; it is never read as a sentence, so never cited."""
    text = doc.article.text
    out: list[Anchor] = []
    for b in doc.article.boilerplate:
        if b.kind != "caption":
            continue
        ctext = text[b.start : b.end]
        if _FILE_PHOTO.search(ctext):
            continue
        found = find_dates(ctext)
        for m in found:
            if m.kind not in ("dmy", "mdy", "iso"):
                continue
            w = _weekday_before(ctext, m, found)
            r = resolve(m, None)
            if w is None or r is None:
                continue
            date = dt.date.fromisoformat(r.date)
            if WEEKDAYS[(w.group("weekday") or "").lower()] == date.weekday():
                out.append(Anchor(doc.id, date, True, False, True, ""))
    return out


def _post_anchors(doc: AnnotatedArticle) -> list[Anchor]:
    """Last-resort anchors from embedded posts marked as boilerplate (``— Name (@handle) March
    3, 2026``): the day each was posted.  Like a caption's, never read as a sentence."""
    text = doc.article.text
    out: list[Anchor] = []
    for b in doc.article.boilerplate:
        if b.kind != "tweet":
            continue
        for m in find_dates(text[b.start : b.end]):
            r = resolve(m, None) if m.kind in ABSOLUTE_DAY_KINDS else None
            if r is not None:
                out.append(Anchor(doc.id, dt.date.fromisoformat(r.date), False, False, post=True))
    return out


@dataclass(frozen=True)
class StoryDay:
    date: dt.date
    articles_writing_it: frozenset[str]


def story_day(docs: Sequence[AnnotatedArticle]) -> StoryDay | None:
    """The day the news of these articles (one event, no publication dates) happened, or None."""
    years = _years_written(d.article.text[: d.analysed_end] for d in docs)
    near = max(years) if years else None
    anchors: list[Anchor] = []
    weekdays: Counter[int] = Counter()
    told: set[tuple[int, str]] = set()
    for d in docs:
        a, w, t = _anchors(d, near)
        anchors.extend(a)
        weekdays.update(w)
        told |= t
    top = max(weekdays.values(), default=0)
    leaders = [wd for wd, c in weekdays.items() if c == top]
    # the one weekday the articles write most often, if one leads
    leader = leaders[0] if len(leaders) == 1 else None
    fixed: list[Anchor] = []
    floor = story_year(docs) if any(x.year_open for x in anchors) else None
    for anc in anchors:
        if not anc.year_open:
            fixed.append(anc)
        elif leader is not None and floor is not None:
            # "today (Jan. 16)" in a story told on Friday: the first year, from the latest one
            # the articles report (today is no earlier), in which 16 January is a Friday
            year = next(
                (
                    y
                    for y in range(floor, floor + YEAR_SPAN + 1)
                    if _weekday_of(y, anc.date.month, anc.date.day) == leader
                ),
                None,
            )
            if year is not None:
                fixed.append(replace(anc, date=anc.date.replace(year=year), year_open=False))
    # a date on a weekday the articles write is their story's only in the latest year they
    # report (``the Sept. 11, 2001 attacks`` in a story told on Tuesday is background)
    latest = story_year(docs)
    if latest is not None:
        # the story is no older than what its articles report as past: a date years before
        # that, even in a lead (``on June 17, 1972, five men ...`` in a story that reports
        # 2016), is background and dates no story day
        fixed = [a for a in fixed if a.date.year >= latest - BACKGROUND_YEARS]
    anchors = fixed
    tiers = (
        [a for a in anchors if a.lead],  # a dateline or the lead: the article's own day
        # the weekday is written next to the date, or where the same thing is told, or it is
        # the weekday the articles write most often
        [
            a
            for a in anchors
            if (
                a.named_weekday
                or (
                    ((a.date.weekday(), a.head) in told or a.date.weekday() == leader)
                    and (latest is None or a.date.year >= latest)
                )
            )
            and not a.caption
            and not a.post
        ],
        [a for a in anchors if a.caption],  # a news photo of the day, as a last resort
        # a post embedded in the story, on a weekday the articles write: the story's days
        [a for a in anchors if a.post and weekdays[a.date.weekday()] > 0],
    )
    voting = next((t for t in tiers if t), [])
    if not voting:
        return None
    best = max(voting, key=lambda a: a.date)
    day = best.date
    if best.post:
        # the latest post is of the story's last day told (a post after the news, not before
        # it): the weekdays read back from it, never moved to a later week
        return StoryDay(day, frozenset())
    if leader is not None and top >= MIN_LEADING_MENTIONS and weekdays[day.weekday()] < top:
        # "On Saturday, April 19, ..." in a story told on Thursday: the story is the Thursday after
        day += dt.timedelta(days=(leader - day.weekday()) % 7)
    writing = frozenset(a.article for a in anchors if a.date == day and not a.post)
    return StoryDay(day, writing)


def story_year(docs: Sequence[AnnotatedArticle]) -> int | None:
    """The latest year the articles write in a date that is not ahead (``scheduled for``) and
    not a correction's, their captions and embedded posts included: the year of the story when
    no day can be told.  News writes the year of what is older; the days and months it writes
    without one are the story year's.  A file photo's or a post's date is past when the article
    is written, so the story is no older than it (``FILE - In this June 3, 2025, file photo``
    in a story whose text writes only ``in 1988``)."""
    best: int | None = None
    for d in docs:
        text = d.article.text
        spans = [(s.start, s.end) for s in d.sentences]
        spans += [(b.start, b.end) for b in d.article.boilerplate if b.kind in DATED_BOILERPLATE]
        for s, e in spans:
            stext = text[s:e]
            if _CORRECTION.search(stext):
                continue
            for m in find_dates(stext):
                y = m.group("year")
                before = stext[max(0, m.start - 60) : m.start]
                if not y or looks_ahead(before) or _CONDITIONAL.search(before):
                    continue
                if m.kind == "year" and not m.text[:1].isalpha():
                    continue
                best = max(best or 0, int(y))
    marks = [y for d in docs for y in copyright_years(d.article.text)]
    if marks and (best is None or min(marks) >= best):
        # a page's copyright year is no earlier than its publication, the years it reports as
        # past no later: between the two, the copyright's (the page made when the news was)
        return min(marks)
    return best


# a copyright line (``Copyright 2016 Harbour Radio. All rights reserved.``, ``© 2012 AFP``): a
# short line, the year right after the mark (a range: its last year)
_COPYRIGHT_YEAR = re.compile(
    r"^[^\n]{0,60}?(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?P<year>(?:19|20)\d\d)"
    r"(?:\s*[-–]\s*(?P<last>(?:19|20)\d\d))?\b[^\n]{0,120}$",
    re.I | re.M,
)


def copyright_years(text: str) -> list[int]:
    """The years of the copyright lines of ``text``."""
    return [int(m.group("last") or m.group("year")) for m in _COPYRIGHT_YEAR.finditer(text)]


def text_references(
    docs: Sequence[AnnotatedArticle], events: Sequence[Event] = ()
) -> dict[str, Reference]:
    """References for articles of events none of whose articles has a publication date."""
    by_id = {d.id: d for d in docs}
    groups = [list(e.articles) for e in events] or [list(by_id)]
    grouped = {a for g in groups for a in g}
    groups += [[a] for a in by_id if a not in grouped]
    out: dict[str, Reference] = {}
    undated = [d for d in docs if not d.article.published]
    whole: list[StoryDay | None] = []  # the story day of all the undated articles, when asked
    for g in groups:
        members = [by_id[a] for a in g if a in by_id]
        if not members or any(m.article.published for m in members):
            continue
        day = story_day(members)
        if day is None and len(undated) > len(members):
            # an event of the story that tells no day of its own reads its weekdays near the
            # story's day (``docs`` are one story's articles), as an article not writing it
            if not whole:
                whole.append(story_day(undated))
            if whole[0] is not None:
                day = StoryDay(whole[0].date, frozenset())
        year = story_year(members) if day is None else None
        for m in members:
            if day is None and year is not None:
                out[m.id] = Reference(dt.date(year, 12, 31), True, year_only=True)
            elif day is None:
                out[m.id] = Reference(None, True)
            else:
                out[m.id] = Reference(day.date, True, window=m.id not in day.articles_writing_it)
    return out
