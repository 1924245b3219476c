"""Article metadata from the article's own text: outlet, title, published date, author.

``extract_metadata`` fills only fields that are still ``None`` (readers fill them first from HTML or
JSON), and only on evidence it can point at; each value it sets adds an ``(field, where)`` pair to
``Article.evidence``.  Unknown stays ``None``.

Outlet evidence, strongest first: a newsletter/subscription footer naming the outlet
("X Newsletters"); a self-referential reporting phrase ("X has learned", "X understands",
"approached by X"); an interview phrase ("told X", "speaking to X").  At the chosen level one
outlet must dominate (twice the mentions of any other), else the outlet stays unknown.

The date and outlet helpers here are shared with the readers and the boilerplate marker.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import NamedTuple

from newsprism.model import Article
from newsprism.nlp.segment import text_lines

# --------------------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ISO = r"(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})(?![\d])"
_DMY = rf"(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_MONTH})\.?,?\s+(?P<dy>\d{{4}})"
_MDY = rf"(?P<mm>{_MONTH})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
DATE_PATTERN = rf"(?:{_ISO}|{_DMY}|{_MDY})"
_DATE_RE = re.compile(rf"(?<![\w-]){DATE_PATTERN}(?!(?!T)\w)", re.IGNORECASE)  # T: ISO time

# A dateline label and date at the start of a line: "date 2018-04-24", "Published: 10 March 2026",
# "Updated 10:32 BST, 24 April 2018".
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)"
DATELINE_RE = re.compile(
    r"(?P<label>date|dated|published|first published|posted|updated|last updated|last modified)"
    rf"(?:\s+(?:on|at))?\s*:?\s*(?:{_TIME}\s*,?\s*)?(?:[A-Z][a-z]{{2,8}},?\s+)?"
    rf"(?P<date>{DATE_PATTERN})(?:\s*,?\s*(?:at\s+)?{_TIME})?",
    re.IGNORECASE,
)


def _valid(year: int, month: int, day: int) -> str | None:
    import datetime

    if not 1900 <= year <= 2100:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first full date (day, month and year) in ``text``: (ISO date, start, end)."""
    for m in _DATE_RE.finditer(text):
        iso = _date_from_match(m)
        if iso:
            return iso, m.start(), m.end()
    return None


def _date_from_match(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g.get("iy"):
        return _valid(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g.get("dd"):
        return _valid(int(g["dy"]), _MONTHS[g["dm"][:3].lower()], int(g["dd"]))
    if g.get("mm"):
        return _valid(int(g["my"]), _MONTHS[g["mm"][:3].lower()], int(g["md"]))
    return None


def normalize_date(value: str) -> str | None:
    """``value`` as an ISO date ``YYYY-MM-DD`` when it holds a full date, else ``None``.

    Reads ISO dates and datetimes, RFC 2822 dates and dates with a month name ("24 April 2018",
    "April 24, 2018").  Numeric day/month orders other than ISO are ambiguous and give ``None``.
    """
    found = find_date(value.strip())
    return found[0] if found else None


# --------------------------------------------------------------------------------------- outlets

# Words that mark a capitalised name as a news outlet (also inside compounds: "HuffPost").
OUTLET_WORDS = frozenset(
    (  # noqa: SIM905
        "News Times Post Herald Guardian Telegraph Mail Standard Home Press Wire Journal Gazette "
        "Daily Tribune Chronicle Observer Express Mirror Independent Radio TV Television BBC CNN "
        "Sky Courier Record Review Magazine Weekly Insider Bulletin Dispatch Sentinel Examiner "
        "Enquirer Globe Mercury Advertiser Argus Echo Monitor Register Star Sun Today Online Media "
        "Network Channel Broadcasting Feed UK Reuters Bloomberg Politico Week Voice"
    ).split()
)
# Names that are outlets on their own (one token); common words are left out on purpose.
_SINGLE_OUTLETS = frozenset(
    (  # noqa: SIM905
        "BBC CNN NPR ITV MSNBC CNBC ABC CBS NBC PBS AP AFP Reuters Bloomberg Politico Axios Vox "
        "Slate Salon Mediaite Newsweek Forbes Vice Wired CNET Breitbart Guardian Telegraph "
        "Independent Observer Mirror Express Sky"
    ).split()
)
_CAMEL = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])")
_NAME_TOKEN = re.compile(r"[A-Z0-9][\w&'’.\-]*")
_CONNECTORS = frozenset({"of", "the", "and", "&", "de", "la", "le"})


def _parts(token: str) -> list[str]:
    return _CAMEL.findall(token.strip(".'’"))


def looks_like_outlet(name: str) -> bool:
    """True when ``name`` reads like a news outlet's name ("BuzzFeed News", "PoliticsHome", "BBC").

    Every word must be capitalised (connectors like "of" aside) and one word, or a part of a
    compound such as "HuffPost", must be an outlet word; a single common word ("Daily") is not enough.
    """
    tokens = name.split()
    if not tokens or len(tokens) > 6:
        return False
    if tokens[0].lower() == "the":
        tokens = tokens[1:]
    if not tokens or any(
        not (t[0].isupper() or t[0].isdigit()) for t in tokens if t.lower() not in _CONNECTORS
    ):
        return False
    if tokens[0].lower() in _CONNECTORS or tokens[-1].lower() in _CONNECTORS:
        return False
    if "of" in tokens and len(tokens) > 1:
        # "Star-Ledger of Newark" is an outlet; "Chris Wallace of Fox News" is a person
        tokens = tokens[: tokens.index("of")]
        if len(tokens) > 1 and not any(t in OUTLET_WORDS for t in tokens):
            return False
    if len(tokens) == 1:
        token = tokens[0].strip(".'’")
        parts = _parts(token)
        compound = len(parts) > 1 and "".join(parts) == token.replace("-", "")
        compound = compound and not token.isupper()
        return token in _SINGLE_OUTLETS or (compound and any(p in OUTLET_WORDS for p in parts))
    return any(t in OUTLET_WORDS or t in _SINGLE_OUTLETS for t in tokens) or any(
        p in OUTLET_WORDS for t in tokens for p in _parts(t) if len(_parts(t)) > 1
    )


def outlet_prefix(words: list[str]) -> int:
    """Length of the longest leading run of ``words`` (at most 5) that looks like an outlet, or 0."""
    for n in range(min(5, len(words)), 0, -1):
        if looks_like_outlet(" ".join(words[:n])):
            return n
    return 0


_TRAIL = ".,;:!?\"'”’)]…"
_LEAD = "\"'“‘(["
_WEEKDAYS = frozenset(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
_Token = tuple[str, int, int]


def _is_name_word(word: str, inside: bool) -> bool:
    return bool(_NAME_TOKEN.fullmatch(word)) or (inside and word.lower() in _CONNECTORS)


def _run_after(text: str, pos: int) -> list[_Token]:
    """Capitalised name tokens starting at ``pos``, up to punctuation or a line break.

    A possessive ends the run and is kept out of it ("NBC's Today" gives ["NBC"]).
    """
    tokens: list[_Token] = []
    last = pos
    for m in re.finditer(r"\S+", text[pos : pos + 150]):
        start = pos + m.start()
        raw = m.group()
        if "\n" in text[last:start] or raw[0] in _LEAD:
            break
        word = raw.rstrip(_TRAIL)
        possessive = re.fullmatch(r"(.+?)['’]s", word)
        if possessive:
            word = possessive.group(1)
        if not _is_name_word(word, bool(tokens)):
            break
        tokens.append((word, start, start + len(word)))
        last = start + len(raw)
        if word != raw:
            break
    while tokens and (tokens[-1][0].lower() in _CONNECTORS or tokens[-1][0] in _WEEKDAYS):
        tokens.pop()
    return tokens


def _run_before(text: str, pos: int) -> list[_Token]:
    """Capitalised name tokens ending just before ``pos``, back to punctuation or a line break."""
    start = max(0, pos - 150)
    tokens: list[_Token] = []
    following = pos
    for m in reversed(list(re.finditer(r"\S+", text[start:pos]))):
        raw = m.group()
        if "\n" in text[start + m.end() : following]:
            break
        if raw[-1] in _TRAIL and not re.fullmatch(r"(?:[A-Z]\.)+", raw):
            break  # the end of the previous clause
        word = raw.lstrip(_LEAD)
        if not _is_name_word(word, bool(tokens)):
            break
        offset = start + m.start() + len(raw) - len(word)
        tokens.insert(0, (word, offset, offset + len(word)))
        following = start + m.start()
        if word != raw:
            break
    while tokens and tokens[0][0].lower() in _CONNECTORS - {"the"}:
        tokens.pop(0)
    return tokens


_SELF_REPORT = re.compile(
    r"\s(?:(?:has|have)\s+(?:learned|learnt|seen|obtained|confirmed|established|been\s+told"
    r"|contacted|approached|asked)|understands|can\s+(?:reveal|confirm)|is\s+aware)\b"
)
_SELF_BY = re.compile(r"\b(?:contacted|approached)\s+by\s+(?:the\s+)?")
_TOLD = re.compile(
    r"\b(?:told|telling|speaking\s+to|spoke\s+to|in\s+an\s+interview\s+with)\s+(?:the\s+)?"
)
_NEWSLETTER_NAME = re.compile(r"([A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4})\s+Newsletters?\b")
_SUBSCRIBE_NAME = re.compile(
    r"\b(?:Subscribe|Sign\s+up)\s+(?:to|for)\s+(?:the\s+)?"
    r"([A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4}?)(?:'s|’s)?\s+(?:newsletter|daily|briefing)"
)


def _strip_the(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _outlet_before(text: str, pos: int) -> tuple[str, int] | None:
    tokens = _run_before(text, pos)
    for i in range(len(tokens)):
        name = " ".join(t[0] for t in tokens[i:])
        if looks_like_outlet(name):
            return _strip_the(name), tokens[i][1]
    return None


def _outlet_after(text: str, pos: int) -> tuple[str, int] | None:
    tokens = _run_after(text, pos)
    for n in range(len(tokens), 0, -1):
        name = " ".join(t[0] for t in tokens[:n])
        end = tokens[n - 1][2]
        if re.match(r"['’]s\b|\s+\d|\s+(?:programme|program|show|podcast)\b", text[end : end + 12]):
            continue
        if looks_like_outlet(name):
            return _strip_the(name), end
    return None


class Mention(NamedTuple):
    """A phrase naming an outlet; ``level`` 1 (footer) is the strongest, 3 ("told X") the weakest.

    Level ``CITED`` is counter-evidence: the text cites the outlet as someone else's reporting
    ("according to X", "X reported"), which rules it out at level 3."""

    level: int
    outlet: str
    phrase: str
    sourced: bool = False  # level 3: the teller is a source or spokesperson, not a named figure


# Anonymous sources and spokespeople talk to the outlet that reports them; named figures give
# interviews to many outlets, so "Smith told CNN" says little about who wrote the article.
# A single "told X" counts when the teller is such a source, and not when a name stands for it
# ("spokeswoman Jo Bright told X", "Jo Bright, a spokeswoman, told X").
_SOURCE_TELLER = re.compile(  # lowercase: "Representative Lee Zeldin" is a title and a name
    r"\b(?:[Ss]ources?|[Ss]pokes(?:man|woman|person|people|men|women)|[Aa]ides?|[Oo]fficials?"
    r"|[Ii]nsiders?|[Aa]llies|representatives?)\b"
)
_CLAUSE_START = re.compile(r"[.!?\n\"“”;:]\s*")
_NAME_RUN = r"[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}"
_NAME_AFTER_ROLE = re.compile(rf",?\s+{_NAME_RUN},?\s*$")
_NAME_APPOSITIVE = re.compile(rf"\s*{_NAME_RUN},\s")


def sourced_teller(text: str, told: int) -> bool:
    """True when the teller of the "told X" at ``told`` is a source or spokesperson, not a name."""
    window = text[max(0, told - 150) : told]
    clause = window[max((m.end() for m in _CLAUSE_START.finditer(window)), default=0) :]
    roles = list(_SOURCE_TELLER.finditer(clause))
    if not roles:
        return False
    role = roles[-1]
    if role.group()[0].isupper() and role.start() > 0 and clause[: role.start()].strip():
        return False  # a capitalised role inside the clause is a title ("Representative X")
    if _NAME_AFTER_ROLE.fullmatch(clause, role.end()):
        return False  # "spokeswoman Jo Bright told"
    head = _NAME_APPOSITIVE.match(clause)
    return not (head and head.end() <= role.start())  # "Jo Bright, a spokeswoman, told"


CITED = 4
_CITED_AFTER = re.compile(r"\b(?:according\s+to|reported\s+by|first\s+reported\s+by)\s+(?:the\s+)?")
_CITED_BEFORE = re.compile(r"\s(?:reported|reports|first\s+reported|has\s+reported)\b")

Needles = tuple[tuple[tuple[str, ...], ...], ...]
# For each phrase pattern above, the needles of each of its forms: groups of strings such that
# any match of the form holds one string of every group (literal text of the pattern, which is
# case-sensitive).  A text holding the needles of none of its forms holds no match, so it is not
# scanned for that pattern (``_holds``).
_SELF_REPORT_NEEDLES: Needles = (
    (
        ("has", "have"),
        (
            *("learn", "seen", "obtained", "confirmed", "established"),
            *("told", "contacted", "approached", "asked"),
        ),
    ),
    (("understands",),),
    (("can",), ("reveal", "confirm")),
    (("aware",),),
)
_SELF_BY_NEEDLES: Needles = ((("contacted", "approached"), ("by",)),)
_TOLD_NEEDLES: Needles = ((("told", "telling", "speaking", "spoke", "interview"),),)
_CITED_AFTER_NEEDLES: Needles = ((("according", "reported"),),)
_CITED_BEFORE_NEEDLES: Needles = ((("reported", "reports"),),)


def _holds(text: str, needles: Needles) -> bool:
    """Whether ``text`` holds, for one of the forms of ``needles``, a string of every group."""
    return any(all(any(n in text for n in group) for group in form) for form in needles)


def outlet_mentions(article: Article) -> Iterator[Mention]:
    """Every phrase in ``article`` by which it names its own outlet, weakest last."""
    text = article.text
    for b in article.boilerplate:
        if b.kind in ("newsletter", "subscription"):
            chunk = text[b.start : b.end]
            for m in _NEWSLETTER_NAME.finditer(chunk):
                # the outlet is the longest name that ends right before "Newsletters"
                words = m.group(1).split()
                for i in range(len(words)):
                    if looks_like_outlet(" ".join(words[i:])):
                        yield Mention(1, _strip_the(" ".join(words[i:])), m.group().strip())
                        break
            for m in _SUBSCRIBE_NAME.finditer(chunk):
                if looks_like_outlet(m.group(1)):
                    yield Mention(1, _strip_the(m.group(1)), m.group().strip())
    skip = [(b.start, b.end) for b in article.boilerplate if b.kind in ("tweet", "ticker")]

    def kept(pos: int) -> bool:
        return not any(s <= pos < e for s, e in skip)

    for m in _SELF_REPORT.finditer(text) if _holds(text, _SELF_REPORT_NEEDLES) else ():
        found = _outlet_before(text, m.start())
        if found and kept(m.start()):
            yield Mention(2, found[0], text[found[1] : m.end()].strip())
    for m in _SELF_BY.finditer(text) if _holds(text, _SELF_BY_NEEDLES) else ():
        found = _outlet_after(text, m.end())
        if found and kept(m.start()):
            yield Mention(2, found[0], text[m.start() : found[1]].strip())
    for m in _TOLD.finditer(text) if _holds(text, _TOLD_NEEDLES) else ():
        found = _outlet_after(text, m.end())
        if found and kept(m.start()):
            sourced = sourced_teller(text, m.start())
            yield Mention(3, found[0], text[m.start() : found[1]].strip(), sourced)
    for m in _CITED_AFTER.finditer(text) if _holds(text, _CITED_AFTER_NEEDLES) else ():
        found = _outlet_after(text, m.end())
        if found:
            yield Mention(CITED, found[0], text[m.start() : found[1]].strip())
    for m in _CITED_BEFORE.finditer(text) if _holds(text, _CITED_BEFORE_NEEDLES) else ():
        found = _outlet_before(text, m.start())
        if found:
            yield Mention(CITED, found[0], text[found[1] : m.end()].strip())


def _same_outlet(a: str, b: str) -> bool:
    """ "BuzzFeed" and "BuzzFeed News" name one outlet (one is a word prefix of the other)."""
    wa, wb = a.lower().split(), b.lower().split()
    n = min(len(wa), len(wb))
    return wa[:n] == wb[:n]


def choose_outlet(mentions: list[Mention]) -> tuple[str, str] | None:
    """The dominant outlet at the strongest level, with the phrase(s) naming it; or None.

    At the weakest level ("told X") one of the outlet's mentions must have a source or
    spokesperson as the teller (``sourced_teller``); a named teller alone is not enough.
    """
    cited = [m.outlet for m in mentions if m.level == CITED]
    mentions = [m for m in mentions if m.level < CITED]
    if not mentions:
        return None
    level = min(m.level for m in mentions)
    groups: list[list[Mention]] = []
    for mention in (m for m in mentions if m.level == level):
        for group in groups:
            if _same_outlet(group[0].outlet, mention.outlet):
                group.append(mention)
                break
        else:
            groups.append([mention])
    groups.sort(key=len, reverse=True)
    if len(groups) > 1 and len(groups[0]) < 2 * len(groups[1]):
        return None
    best = groups[0]
    if level == 3 and (
        not any(m.sourced for m in best) or any(_same_outlet(best[0].outlet, c) for c in cited)
    ):
        return None
    name = max((m.outlet for m in best), key=lambda n: (len(n.split()), n))
    more = f" (+{len(best) - 1} more)" if len(best) > 1 else ""
    return name, f"'{best[0].phrase}'{more}"


# --------------------------------------------------------------------------------------- lines


_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’)\]]*$")


# Lines that open an article without being its headline: bylines, update notes, datelines.
_NOT_TITLE = re.compile(
    rf"By\s+[A-Z]|(?:UPDATE[DS]?|CORRECTION|CLARIFICATION|EDITOR['’]?S NOTE)\b|{DATE_PATTERN}",
    re.IGNORECASE,
)


def _title_case(line: str) -> bool:
    words = [re.sub(r"^[^\w]+|[^\w]+$", "", w) for w in line.split()]
    long = [w for w in words if len(w) >= 4]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) / len(long) >= 0.8


def _title(article: Article) -> tuple[str, str] | None:
    """The first line as title, with its evidence, when it reads like a headline."""
    text = article.text
    lines = text_lines(text)
    if not lines:
        return None
    s, e = lines[0]
    line = text[s:e]
    words = line.split()
    if article.is_boilerplate(s, e) or not 3 <= len(words) <= 25 or _SENTENCE_END.search(line):
        return None
    if _NOT_TITLE.match(line) or re.search(r"[a-z]{2}[.!?]\s+\S", line):
        return None  # a byline, an update note, a dateline, or more than one sentence
    if line.endswith("?") and not _title_case(line):
        return None
    after = next(((ns, ne) for ns, ne in lines[1:] if not article.is_boilerplate(ns, ne)), None)
    marked_next = [
        b.kind
        for b in article.boilerplate
        if len(lines) > 1
        and b.start == lines[1][0]
        and b.kind in ("read_time", "byline", "dateline")
    ]
    if marked_next:
        return line, f"text: first line, followed by a {marked_next[0].replace('_', ' ')} line"
    if _title_case(line):
        return line, "text: first line in title case"
    if after is not None:
        body = text[after[0] : after[1]]
        if len(words) <= 20 and re.search(r"[.!?][\"'”’)]*$", body) and len(body) > 2 * len(line):
            return line, "text: short first line without final stop, followed by the body"
    return None


_DATE_FILLER = (
    r"(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?|\d{1,2}[:.]\d{2}(?:[ap]m)?,?|[ap]\.?m\.?,?"
    r"|[A-Z]{2,4},?|[|•·,-]|at|on)"
)


def _published(article: Article) -> tuple[str, str] | None:
    """A published (else updated) date from a dateline near the top or bottom."""
    text = article.text
    lines = text_lines(text)
    near = lines[:5] + lines[-3:]
    found: dict[str, tuple[str, str]] = {}
    for s, e in near:
        while s < e and text[s] in "|•·,;-":
            s += 1
        m = DATELINE_RE.match(text, s, e)
        if m:
            iso = normalize_date(m.group("date"))
            if iso:
                key = "updated" if "updated" in m.group("label").lower() else "published"
                found.setdefault(key, (iso, f"text: '{m.group().strip()}'"))
    for s, e in lines[:3]:
        line = text[s:e]
        hit = find_date(line)
        rest = (line[: hit[1]] + line[hit[2] :]).split() if hit else []
        # a date line: the date and at most a weekday and a time around it
        if hit and len([w for w in rest if not re.fullmatch(_DATE_FILLER, w)]) == 0:
            found.setdefault("dated", (hit[0], f"text: date line '{line}'"))
    for key in ("published", "dated", "updated"):
        if key in found:
            return found[key]
    return None


_BYLINE = re.compile(
    r"^By\s+([A-Z][\w'’.\-]+(?:\s+(?:[A-Z][\w'’.\-]+|and|&|de|van|von|der|la|le)){0,5})"
    r"(?:\s*[,|]\s*.{0,60})?$"
)


def _author(article: Article) -> tuple[str, str] | None:
    for b in article.boilerplate:
        if b.kind == "byline":
            m = _BYLINE.match(article.text[b.start : b.end].strip())
            if m:
                return m.group(1), f"text: byline '{m.group().strip()}'"
    return None


def extract_metadata(article: Article) -> Article:
    """Fill outlet, title, published and author when still ``None``, from text evidence."""
    changes: dict[str, str] = {}
    evidence = list(article.evidence)
    if article.outlet is None:
        chosen = choose_outlet(list(outlet_mentions(article)))
        if chosen:
            changes["outlet"] = chosen[0]
            evidence.append(("outlet", f"text: {chosen[1]}"))
    for name, finder in (("title", _title), ("published", _published), ("author", _author)):
        if getattr(article, name) is None:
            hit = finder(article)
            if hit:
                changes[name] = hit[0]
                evidence.append((name, hit[1]))
    if not changes:
        return article
    return dataclasses.replace(
        article,
        outlet=changes.get("outlet", article.outlet),
        title=changes.get("title", article.title),
        published=changes.get("published", article.published),
        author=changes.get("author", article.author),
        evidence=tuple(evidence),
    )
