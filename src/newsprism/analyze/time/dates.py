"""Date expressions in news text and their resolution against a reference date.

``find_dates(text)`` finds absolute (``24 April 2018``, ``April 24, 2018``, ``December 2016``,
``28th March``, ``in 2016``) and relative expressions (``on Monday``, ``Tuesday evening``,
``today``, ``yesterday``, ``last night``, ``last month``, ``last year``, ``nearly two years
ago``, ``a month ago``, ``by the end of July``, ``in July``, ``in early July``, ``mid-July``,
``next month``), and holidays (``on Christmas Eve``, ``Thanksgiving 2011``, ``last Easter``).
``resolve(mention, ref)`` turns one
into a date with a precision (``day``, ``month``, ``year``) against the reference date (the
article's publication date): a weekday is the latest such day on or before the reference (the
next one when the verb looks ahead), a day-month without a year is the nearest one before the
reference (after it for a deadline), and month names alone follow the same rule.

Regular expressions rather than dateparser: news dates come in few forms, the rules say how an
ambiguous one is read, and the module imports in no time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:’s|'s)?"
_NUM = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_PART = r"(?:early |late |mid-|mid )"  # a part of a month: "in early July", "mid-July"
# holidays with one day in the calendar (fixed, or a rule such as the fourth Thursday of
# November); "Independence Day", "Mother's Day" and "Election Day" differ between countries
_HOLIDAY = (
    r"(?P<holiday>Christmas Eve|Christmas Day|Christmas|New Year[’']?s Eve|New Year[’']?s Day"
    r"|Valentine[’']?s Day|St\.? Patrick[’']?s Day|April Fools[’']? Day|Halloween"
    r"|Fourth of July|Veterans Day|Thanksgiving(?: Day)?|Memorial Day|Labor Day"
    r"|Easter Sunday|Easter)"
)
_DAY_PART = r"(?:morning|afternoon|evening|night)"
# not the day when a noun follows: "on Christmas trees", "over the Thanksgiving weekend" (a part
# of the day, a pronoun or a small word may follow: "on Christmas morning", "since Easter he")
_NOT_THE_DAY = (
    r"(?![’']s? [a-z])(?! (?!(?:morning|afternoon|evening|night|day|when|and|or|in|at|with|to|of"
    r"|for|as|after|before|by|he|she|they|we|it|you|his|her|their|the|a|an|this|that|last|next)"
    r"\b)[a-z])"
)

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Christmas Day 2015", "Thanksgiving of 2014"
    ("holiday_year", re.compile(rf"\b{_HOLIDAY}(?: {_DAY_PART})?,? (?:of )?{_YEAR}\b")),
    # "on Christmas Eve", "since Thanksgiving", "last Halloween": a holiday alone is a date only
    # after such a word ("a Christmas tree", "Easter eggs" are not; "days before Christmas" is
    # not the day)
    (
        "holiday",
        re.compile(
            r"\b(?:(?P<rel>(?i:last|this past|this coming|this|next))"
            r"|(?i:on|since|by|until|till|over|during|through)(?: the)?) "
            rf"{_HOLIDAY}\b{_NOT_THE_DAY}(?!(?: {_DAY_PART})?,? (?:of )?(?:19|20)\d\d)"
        ),
    ),
    ("dmy", re.compile(rf"\b{_DAY} (?:of )?{_MONTH},? {_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    (
        "end_month",
        re.compile(rf"\b(?:[Bb]y |[Uu]ntil |[Bb]efore )?the end of {_MONTH}(?: {_YEAR})?"),
    ),
    # "Nov. 27 of last year", "3 March this year": the year is relative
    ("md_rel", re.compile(rf"\b{_MONTH} {_DAY},? (?:of )?(?P<rel>last|this|next) year\b")),
    ("dm_rel", re.compile(rf"\b{_DAY} (?:of )?{_MONTH},? (?:of )?(?P<rel>last|this|next) year\b")),
    ("dm", re.compile(rf"\b{_DAY} (?:of )?{_MONTH}\b")),
    ("md", re.compile(rf"\b{_MONTH} {_DAY}\b(?!,? \d)")),
    ("my", re.compile(rf"\b{_MONTH},? {_YEAR}\b")),
    # "in July", "since July", "in early July", "mid-July", "late July": the month
    (
        "in_month",
        re.compile(
            rf"\b(?:(?:[Ii]n|[Bb]y|[Uu]ntil|[Ss]ince|[Ff]rom|[Bb]efore|[Aa]fter) {_PART}?"
            rf"|(?i:early|late|mid)[- ]){_MONTH}\b"
        ),
    ),
    # "last Tuesday" is before the reference day, "next Tuesday" after it, even on a Tuesday
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<wrel>(?i:last|next|this past|this coming)) )?"
            rf"{_WEEKDAY}(?: (?:morning|afternoon|evening|night))?\b"
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?:(?:nearly|almost|about|around|more than|over) )?{_NUM} {_UNIT} ago\b", re.I
        ),
    ),
    ("last", re.compile(r"\b(?P<rel>last|next|this) (?P<unit>week|month|year)\b", re.I)),
    # "over the weekend", "last weekend's acquittal", "this weekend": month precision
    (
        "weekend",
        re.compile(r"\b(?P<rel>last|this past|past|this|next|over the|during the) weekend\b", re.I),
    ),
    # "last November", "this December" ("this May" is kept out like "in May")
    ("month_rel", re.compile(rf"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext) {_MONTH}\b(?! \d)")),
    # "last fall", "this summer": year precision (winter straddles two years and is left out)
    (
        "season",
        re.compile(r"\b(?P<rel>last|this|next) (?P<season>spring|summer|fall|autumn)\b", re.I),
    ),
    (
        "today",
        re.compile(
            r"\b(?P<rel>today|yesterday|tomorrow|tonight|last (?:night|evening)"
            r"|this (?:morning|evening|afternoon))\b",
            re.I,
        ),
    ),
    # a year range "from 2007-09": its first year
    (
        "year",
        re.compile(
            rf"(?i:\b(?:in|since|from|until|till|through|during|by|to) ){_YEAR}(?=[-–]\d\d\b)"
        ),
    ),
    # "in 2016", "dating back to 1994", "a 2012 comment", "in that 2009 speech", "the summer of 2014";
    # "of" only after a word for a stretch of time, so that "an ISO of 2000" is no year
    (
        "year",
        re.compile(
            r"(?i:\b(?:in|since|until|till|through|during|by|before|after|to|a|the|that|this"
            r"|(?:spring|summer|autumn|fall|winter|end|start|beginning|middle|half|class|election)"
            rf" of) (?:that |this |early |late |mid-?)?){_YEAR}\b(?![-–/.,]?\d)"
        ),
    ),
)

# "in May" and "last May" are the month unless a possessive or a verb follows ("in May's
# cabinet", "last May said"); after "since", "after", "by" it is as often the person
_MAY_MONTH = re.compile(
    rf"(?:(?:[Ii]n|[Ll]ast) {_PART}?|(?i:early|late|mid)[- ])May\b(?![’']s\b| [a-z]+(?:s|ed)\b)"
)

FUTURE_CUES = re.compile(
    r"\b(?:will|would|shall|'ll|next(?! to\b)|coming|plan(?:s|ned)? to|due to|should be|to be)\b",
    re.I,
)
# "by" and "until" look ahead only right before the date ("by Friday"), not in "approved by"
DEADLINE_CUE = re.compile(r"\b(?:by|until)\s*$", re.I)


ABSOLUTE_KINDS = frozenset({"dmy", "mdy", "iso", "my", "year", "holiday_year"})
ABSOLUTE_DAY_KINDS = frozenset({"dmy", "mdy", "iso"})


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``[start, end)`` of the text it was found in."""

    start: int
    end: int
    kind: str
    groups: tuple[tuple[str, str], ...]
    text: str

    def group(self, name: str) -> str | None:
        return dict(self.groups).get(name)


@dataclass(frozen=True)
class ResolvedDate:
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: Precision
    future: bool


# What every pattern needs somewhere in the text: a digit, a month or weekday name, or one of the
# relative words (matched without case where the patterns are).  Most sentences of news have
# none, and are passed over with one search instead of one per pattern.
MAY_HOLD_A_DATE = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|(?i:ago|last|next|this|today|yesterday|tomorrow|tonight|weekend)"
    r"|Christmas|New Year|Valentine|Patrick|Halloween|Veterans|Thanksgiving|Memorial|Labor|Easter"
)
# the patterns the quick check was written for: a new pattern needs a look at it (a test says so)
QUICK_CHECKED = frozenset(
    {"dmy", "mdy", "iso", "end_month", "md_rel", "dm_rel", "dm", "md", "my", "in_month"}
    | {"weekday", "ago", "last", "weekend", "month_rel", "season", "today", "year"}
    | {"holiday_year", "holiday"}
)


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in ``text``, earliest first, never overlapping (longest pattern wins)."""
    return list(_find_dates(text))


@functools.lru_cache(maxsize=4096)
def _find_dates(text: str) -> tuple[DateMention, ...]:
    """``find_dates``, once per text: the timeline, its anchors and the claims look at the same
    sentences several times."""
    if not MAY_HOLD_A_DATE.search(text):
        return ()
    return tuple(scan_dates(text))


def scan_dates(text: str) -> list[DateMention]:
    """``find_dates`` without the quick check or the cache (what they must agree with)."""
    found: list[DateMention] = []
    starts: list[int] = []  # the spans taken: disjoint, sorted (a bisection, not a scan of all)
    ends: list[int] = []
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            k = bisect.bisect_right(starts, s)
            if any(
                starts[j] < e and s < ends[j] for j in range(max(0, k - 1), min(k + 1, len(starts)))
            ):
                continue
            groups = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            if kind in ("dm", "md") and not 1 <= int(dict(groups)["day"]) <= 31:
                continue
            if (
                kind in ("in_month", "month_rel")
                and dict(groups)["month"].lower().rstrip(".") == "may"
                and not _MAY_MONTH.match(text, s)
            ):
                continue  # "since May took office", "after May's speech": a person
            starts.insert(k, s)
            ends.insert(k, e)
            found.append(DateMention(s, e, kind, groups, m.group(0)))
    return sorted(found, key=lambda d: d.start)


def _fmt(d: dt.date, precision: Precision) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _shift_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


# a day written without a year and without a word looking ahead is past unless it is this close
# ahead (``tickets go on sale Feb. 2`` on 16 January); further ahead it is last year's (``a
# Jan. 24 complaint`` told in October), not the nearest
NEAR_AHEAD_DAYS = 60


def _nearest(d: dt.date, ref: dt.date, ahead: bool, *, day: bool = False) -> dt.date:
    """The date with ``d``'s month and day nearest to ``ref`` (on or after it when ``ahead``;
    a ``day`` without ``ahead``: on or before it unless at most ``NEAR_AHEAD_DAYS`` after it.
    A month alone keeps the nearest: ``they meet again in July`` told in April is ahead)."""
    options = [d.replace(year=ref.year + k) for k in (-1, 0, 1)]
    if ahead:
        options = [o for o in options if o >= ref]
    elif day:
        options = [o for o in options if (o - ref).days <= NEAR_AHEAD_DAYS]
    return min(options, key=lambda o: abs((o - ref).days))


def _month_num(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def looks_ahead(context: str) -> bool:
    """True when the words just before a date expression point to the future."""
    return bool(FUTURE_CUES.search(context) or DEADLINE_CUE.search(context))


def mention_ahead(text: str, m: DateMention) -> bool:
    """True when the mention ``m`` of ``text`` points to the future: ``next Tuesday``, or words
    just before it that look ahead, unless it says ``last Tuesday``."""
    rel = (m.group("wrel") or "").lower()
    if rel in ("last", "this past"):
        return False
    return rel in ("next", "this coming") or looks_ahead(text[max(0, m.start - 60) : m.start])


# with a story date rather than a publication date, a weekday may be a day or two after it (a
# Saturday update of a Friday story, a Sunday column): never more
WINDOW_AHEAD_DAYS = 2
# what resolves against a reference known to the year alone (``year_only``): what names its
# year relative to the story's ("last year", "Nov. 27 of last year", "last fall", "this summer")
# and the days and months written without a year, which news writes for the current year
YEAR_LEVEL_KINDS = frozenset(
    {"dm", "md", "in_month", "end_month", "md_rel", "dm_rel", "season", "month_rel", "holiday"}
)
SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9}
_SIGN = {"last": -1, "next": 1, "this": 0}


_FIXED_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new years eve": (12, 31),
    "new years day": (1, 1),
    "valentines day": (2, 14),
    "st patricks day": (3, 17),
    "april fools day": (4, 1),
    "halloween": (10, 31),
    "fourth of july": (7, 4),
    "veterans day": (11, 11),
}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` of the month (``n`` = -1: the last one)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _shift_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holiday_date(name: str, year: int) -> dt.date:
    """The day of the holiday ``name`` (as ``_HOLIDAY`` finds it) in ``year``: the US calendar
    for Thanksgiving (fourth Thursday of November), Memorial Day (last Monday of May) and Labor
    Day (first Monday of September)."""
    key = re.sub(r"[’'.]", "", name.lower())
    if key in _FIXED_HOLIDAYS:
        return dt.date(year, *_FIXED_HOLIDAYS[key])
    if key.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if key == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if key == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    return _easter(year)


def _holiday(m: DateMention, ref: dt.date, ahead: bool) -> ResolvedDate:
    """A holiday without a year: ``last`` the latest before ``ref``, ``next`` the first after it,
    ``this`` the one of ``ref``'s year; otherwise as a day written without a year (on or before
    ``ref`` unless at most ``NEAR_AHEAD_DAYS`` after it; on or after it when looking ahead, as
    ``by Christmas``)."""
    g = dict(m.groups)
    rel = (g.get("rel") or "").lower()
    days = [holiday_date(g["holiday"], ref.year + k) for k in (-1, 0, 1)]
    ahead = ahead or m.text.lower().startswith(("by ", "until ", "till "))
    if rel in ("last", "this past"):
        d = max(x for x in days if x < ref)
    elif rel in ("next", "this coming"):
        d = min(x for x in days if x > ref)
    elif rel == "this":
        d = days[1]
    elif ahead:
        d = min(x for x in days if x >= ref)
    else:
        d = max(x for x in days if (x - ref).days <= NEAR_AHEAD_DAYS)
    return ResolvedDate(_fmt(d, "day"), "day", d > ref)


def _resolve_year_only(m: DateMention, year: int) -> ResolvedDate | None:
    """``m`` read in a story known to be of ``year`` (its month and day unknown)."""
    g = dict(m.groups)
    k = m.kind
    rel = (g.get("rel") or "").lower()
    if k == "last":
        if g["unit"].lower() != "year":
            return None
        return ResolvedDate(f"{year + _SIGN[rel]:04d}", "year", rel == "next")
    if k == "month_rel":
        # "last December" in any month of the story year is the year before's, "this March"
        # the story year's; "last March" may be either: unknown without the month
        month = _month_num(g["month"])
        if rel == "this":
            return ResolvedDate(f"{year:04d}-{month:02d}", "month", False)
        if rel == "last" and month == 12:
            return ResolvedDate(f"{year - 1:04d}-12", "month", False)
        if rel == "next" and month == 1:
            return ResolvedDate(f"{year + 1:04d}-01", "month", True)
        return None
    if k == "season":
        # "last fall" is last year's unless the story is told in December; "last spring" or
        # "last summer" may be this year's: unknown without the month
        if rel == "last" and g["season"].lower() not in ("fall", "autumn"):
            return None
        y = year + _SIGN[rel] if rel != "this" else year
        return ResolvedDate(f"{y:04d}", "year", rel == "next")
    if k in ("md_rel", "dm_rel"):
        d = dt.date(year + _SIGN[rel], _month_num(g["month"]), int(g["day"]))
        return ResolvedDate(_fmt(d, "day"), "day", rel == "next")
    if k == "holiday":
        # "last Christmas" the year before's, "next Easter" the year after's, else the story
        # year's (as a day written without a year)
        sign = {"last": -1, "this past": -1, "next": 1, "this coming": 1}.get(rel, 0)
        d = holiday_date(g["holiday"], year + sign)
        return ResolvedDate(_fmt(d, "day"), "day", sign > 0)
    if k in ("dm", "md"):
        d = dt.date(year, _month_num(g["month"]), int(g["day"]))
        return ResolvedDate(_fmt(d, "day"), "day", False)
    if k in ("in_month", "end_month"):
        y = int(g["year"]) if g.get("year") else year
        d = dt.date(y, _month_num(g["month"]), 1)
        return ResolvedDate(_fmt(d, "month"), "month", k == "end_month")
    return None


def _season(rel: str, season: str, ref: dt.date) -> ResolvedDate:
    """``last fall``: the latest such season over before ``ref``; ``this``: the one of ``ref``'s
    year; ``next``: the first one starting after ``ref``."""
    start = SEASON_START[season]
    if rel == "this":
        return ResolvedDate(f"{ref.year:04d}", "year", False)
    if rel == "last":
        y = ref.year if _shift_months(dt.date(ref.year, start, 1), 3) <= ref else ref.year - 1
        return ResolvedDate(f"{y:04d}", "year", False)
    y = ref.year if dt.date(ref.year, start, 1) > ref else ref.year + 1
    return ResolvedDate(f"{y:04d}", "year", True)


def _weekend(rel: str, ref: dt.date, ahead: bool) -> ResolvedDate:
    """The month of the Saturday a weekend phrase names: ``over the weekend`` the latest one on
    or before ``ref`` (the coming one when looking ahead), ``last weekend`` the one before a
    weekend ``ref`` is in, ``this weekend`` the coming one, ``next weekend`` the one after."""
    if rel in ("this past", "past"):
        rel, ahead = "over the", False  # the weekend just gone, never the coming one
    latest = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)  # Saturday on or before ref
    in_weekend = ref.weekday() >= 5
    if rel in ("this", "next") or ahead and rel != "last":
        sat = latest if in_weekend else latest + dt.timedelta(days=7)
        if rel == "next":
            sat += dt.timedelta(days=7)
    elif rel == "last" and in_weekend:
        sat = latest - dt.timedelta(days=7)
    else:
        sat = latest
    return ResolvedDate(_fmt(sat, "month"), "month", sat > ref)


def resolve(
    m: DateMention,
    ref: dt.date | None,
    ahead: bool = False,
    *,
    window: bool = False,
    year_only: bool = False,
) -> ResolvedDate | None:
    """The date ``m`` names, read against ``ref``; None when it needs a reference and has none.

    ``ahead`` says the context points to the future (``will``, ``by``, ``next``).  ``window``
    says ``ref`` is the story's day, not the article's: a weekday is the nearest such day, up to
    ``WINDOW_AHEAD_DAYS`` after it.  ``year_only`` says ``ref`` is good to the year only (the
    story's year, read from the dates the articles write): then only what names its year
    relative to the story's (``last year``, ``Nov. 27 of last year``, ``last fall``) and days or
    months written without a year (taken in that year) resolve; weekdays, ``today`` and ``last
    week`` stay unresolved.
    """
    if year_only and ref is not None and m.kind not in ABSOLUTE_KINDS:
        if m.kind not in YEAR_LEVEL_KINDS and m.kind != "last":
            return None
        try:
            return _resolve_year_only(m, ref.year)
        except (ValueError, KeyError):
            return None
    g = dict(m.groups)
    k = m.kind
    try:
        if k in ("dmy", "mdy", "iso"):
            month = int(g["month"]) if k == "iso" else _month_num(g["month"])
            d = dt.date(int(g["year"]), month, int(g["day"]))
            return ResolvedDate(_fmt(d, "day"), "day", bool(ref and d > ref))
        if k == "my":
            d = dt.date(int(g["year"]), _month_num(g["month"]), 1)
            return ResolvedDate(_fmt(d, "month"), "month", bool(ref and d > ref))
        if k == "year":
            return ResolvedDate(g["year"], "year", bool(ref and int(g["year"]) > ref.year))
        if k == "holiday_year":
            d = holiday_date(g["holiday"], int(g["year"]))
            return ResolvedDate(_fmt(d, "day"), "day", bool(ref and d > ref))
        if ref is None:
            return None
        if k == "holiday":
            return _holiday(m, ref, ahead)
        if k in ("md_rel", "dm_rel"):
            sign = _SIGN[g["rel"].lower()]
            d = dt.date(ref.year + sign, _month_num(g["month"]), int(g["day"]))
            return ResolvedDate(_fmt(d, "day"), "day", d > ref)
        if k == "season":
            return _season(g["rel"].lower(), g["season"].lower(), ref)
        if k == "month_rel":
            rel, month = g["rel"].lower(), _month_num(g["month"])
            if rel == "this":
                d = dt.date(ref.year, month, 1)
            elif rel == "last":
                d = dt.date(ref.year - (month >= ref.month), month, 1)
            else:
                d = dt.date(ref.year + (month <= ref.month), month, 1)
            return ResolvedDate(_fmt(d, "month"), "month", d > ref)
        if k in ("dm", "md"):
            month, day = _month_num(g["month"]), int(g["day"])
            d = _nearest(dt.date(ref.year, month, day), ref, ahead, day=True)
            return ResolvedDate(_fmt(d, "day"), "day", d > ref)
        if k in ("in_month", "end_month"):
            month = _month_num(g["month"])
            year = int(g["year"]) if g.get("year") else ref.year
            d = dt.date(year, month, 1)
            future = ahead or k == "end_month" and m.text.lower().startswith(("by", "until"))
            if not g.get("year"):
                d = _nearest(d, ref.replace(day=1), future)
            return ResolvedDate(_fmt(d, "month"), "month", d > ref or future and d >= ref)
        if k == "weekday":
            wd = WEEKDAYS[g["weekday"].lower()]
            delta = (ref.weekday() - wd) % 7
            forward = (wd - ref.weekday()) % 7
            rel = (g.get("wrel") or "").lower()
            if rel in ("last", "this past"):
                d = ref - dt.timedelta(days=delta or 7)
                return ResolvedDate(_fmt(d, "day"), "day", False)
            if rel in ("next", "this coming"):
                d = ref + dt.timedelta(days=forward or 7)
                return ResolvedDate(_fmt(d, "day"), "day", True)
            if (ahead and delta) or (window and 0 < forward <= WINDOW_AHEAD_DAYS):
                d = ref + dt.timedelta(days=forward)
            else:
                d = ref - dt.timedelta(days=delta)
            return ResolvedDate(_fmt(d, "day"), "day", d > ref)
        if k == "today":
            rel = g["rel"].lower()
            # "last night" is the evening before the day of writing, as "yesterday" is
            off = {"yesterday": -1, "tomorrow": 1, "last night": -1, "last evening": -1}.get(rel, 0)
            d = ref + dt.timedelta(days=off)
            return ResolvedDate(_fmt(d, "day"), "day", off > 0)
        if k == "last":
            rel, unit = g["rel"].lower(), g["unit"].lower()
            sign = {"last": -1, "next": 1, "this": 0}[rel]
            if unit == "week":
                d = ref + dt.timedelta(weeks=sign)
                return ResolvedDate(_fmt(d, "month"), "month", sign > 0)
            if unit == "month":
                d = _shift_months(ref, sign)
                return ResolvedDate(_fmt(d, "month"), "month", sign > 0)
            return ResolvedDate(f"{ref.year + sign:04d}", "year", sign > 0)
        if k == "weekend":
            return _weekend(g["rel"].lower(), ref, ahead)
        if k == "ago":
            n = NUMBER_WORDS.get(g["num"].lower()) or int(g["num"])
            unit = g["unit"].lower()
            if unit == "year":
                return ResolvedDate(f"{ref.year - n:04d}", "year", False)
            if unit == "month":
                return ResolvedDate(_fmt(_shift_months(ref, -n), "month"), "month", False)
            days = n * (7 if unit == "week" else 1)
            d = ref - dt.timedelta(days=days)
            prec: Precision = "day" if unit == "day" else "month"
            return ResolvedDate(_fmt(d, prec), prec, False)
    except (ValueError, KeyError):
        return None
    return None


# A day counted from the date told just before it: "two days later", "a week earlier", "the next
# day", "the following morning", "the day before." ("over the next week" counts from the
# article's day, not from a date told; a noun after "the day before/after" is what
# it counts from: "the day after the vote" is no such day).  Kept out of ``find_dates``: without
# that date it names nothing.
CHAINED_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"\b{_NUM} (?P<unit>day|week|month|year)s? (?P<dir>later|earlier|afterwards?)\b", re.I
    ),
    re.compile(
        r"\bthe (?P<dir>next|following|previous|preceding) "
        r"(?P<unit>day|morning|afternoon|evening|night)\b",
        re.I,
    ),
    re.compile(r"\bthe (?P<unit>day|night) (?P<dir>before|after)(?=\s*[,.;:)—–]|\s*$)", re.I),
    # the same day: "later that day", "that night", "the same day", "hours later"
    re.compile(
        r"\b(?:(?:later|earlier) that|that(?: same)?|the same) "
        r"(?P<same>day|night|morning|afternoon|evening)\b(?! as\b)",
        re.I,
    ),
    re.compile(
        r"\b(?:(?:a few|several|some|two|three|\d+) )?(?P<same>hours|minutes) (?:later|earlier)\b",
        re.I,
    ),
)
_LATER = frozenset({"later", "afterward", "afterwards", "next", "following", "after"})
MAY_HOLD_A_CHAIN = re.compile(
    r"(?i:later|earlier|afterward|next|following|previous|preceding|the day|the night|that|same)"
)


def find_chained(text: str) -> list[DateMention]:
    """Expressions that count a day from the date told before them (``CHAINED_PATTERNS``),
    earliest first, never overlapping."""
    if not MAY_HOLD_A_CHAIN.search(text):
        return []
    found: list[DateMention] = []
    for pat in CHAINED_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if any(f.start < e and s < f.end for f in found):
                continue
            groups = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            found.append(DateMention(s, e, "chained", groups, m.group(0)))
    return sorted(found, key=lambda d: d.start)


def resolve_chained(m: DateMention, base: dt.date, ref: dt.date | None) -> ResolvedDate | None:
    """The date ``m`` (from ``find_chained``) names, counted from ``base`` (the day told before
    it): ``two days later`` is two days after it, ``the previous night`` the day before, ``a month
    later`` the month after (month precision), ``a year earlier`` the year before (year
    precision).  ``future`` when it falls after ``ref``."""
    g = dict(m.groups)
    if g.get("same"):  # "later that day", "hours later": the day told
        return ResolvedDate(_fmt(base, "day"), "day", bool(ref and base > ref))
    sign = 1 if g["dir"].lower() in _LATER else -1
    unit = g["unit"].lower()
    n = NUMBER_WORDS.get((g.get("num") or "one").lower()) or int(g.get("num") or 1)
    if n > 31:
        return None  # "100 days later": a count, seldom a date a reader dates by
    if unit == "month":
        d = _shift_months(base, sign * n)
        return ResolvedDate(_fmt(d, "month"), "month", bool(ref and d > ref))
    if unit == "year":
        try:
            d = base.replace(year=base.year + sign * n)
        except ValueError:
            d = base.replace(year=base.year + sign * n, day=28)
        return ResolvedDate(_fmt(d, "year"), "year", bool(ref and d.year > ref.year))
    d = base + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
    return ResolvedDate(_fmt(d, "day"), "day", bool(ref and d > ref))
