"""Mark the stretches of an article that are not the story: captions, footers, tweets, tickers.

``mark_boilerplate`` never touches ``Article.text``; it fills ``Article.boilerplate`` with sorted,
non-overlapping spans (adjacent spans of one kind merged).  The rules read one trimmed line at a
time and are about the *form* of a line, not about any outlet's exact wording:

- ``caption``: a line that starts with a photo credit ("X/Y Images", "Getty Images", "Photo:",
  an agency or outlet name followed by a short caption without a final stop), a line that ends
  with a credit ("... Photograph: X/Getty Images", "(AP Photo/X)"), or a parenthesised credit
  inside a line (partial mark).
- ``dateline``: "date 2018-04-24", "Published 10 March 2026", "Updated: ..." at the start of a
  line, or a bare date line at the top; a credit after it on the same line is a caption.  Also a
  wire dateline, the prefix of a paragraph ("LONDON (Reuters) - ", "PORT ALDER, March 10
  (Coastwire) - "): only the prefix is marked, the sentence after it stays content.
- ``read_time``: "3 min read", "Reading time: 4 minutes".
- ``newsletter`` / ``subscription``: "X Newsletters", "Sign up to our newsletter",
  "...: Subscribe", "Follow us on ...", paywall prompts ("Already a subscriber? Log in"); near
  the end of the text the mark runs to the end, unless a line after it reports speech (quote
  marks, "said", "told", "according to"): the story resumes there and stays content.
- ``tweet``: a line holding ``pic.twitter.com/...`` or ending "— Name (@handle) Month D, YYYY".
- ``ticker``: "READ MORE: ...", "LIVE: ...", "WATCH: ...", "RELATED: ...", "STORY: ...",
  "INTERACTIVE: ..." lines.
- ``byline``: "By Jane Smith" and "Political Editor" lines near the top; a wire credit line
  ("— Press Association", "Additional reporting by Reuters") anywhere.

``wire_credit(article)`` names the wire agency an article credits (from a wire dateline or a credit
line), the evidence the relations stage uses to tell wire copies from versions.
- ``other``: page furniture such as "Advertisement" or "Share this article"; promo lines ("For the
  full list, click here.", "Get the X app", "Jump media player") and promo links inside a line
  ("(PHOTOS: ...)", "(Click here to ...)"), and a whole line in square brackets (a related-story
  link, an image credit: "[Harbour ferry fares to rise in spring]").

Real scrapes add captions in the wire services' own form ("FILE - In this ... photo, ...", "In
this image released by X, ...", "..., in this March 3 file photo.", a truncated caption ending
"... (Associated Press)", "AP Photo/Name" or "| Name/Getty Images" at the end of the line),
gallery lines ("Photos: ...", "3 of 12. ...", "Enlarge this image", "toggle caption"), tickers
with a bullet or in title case ("► Related: ...", "Watch: ...", "[VIDEO: ...]"), sign-up forms
("Newsletter Sign Up ...", "Sign up for X email alerts ...") and the "Tweet with a location"
block.

Repeated paragraphs are left to the relations stage and never marked here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from newsprism.ingest.metadata import (
    DATE_PATTERN,
    DATELINE_RE,
    find_date,
    looks_like_outlet,
    outlet_prefix,
    text_lines,
)
from newsprism.model import Article, Boilerplate, BoilerplateKind

_Mark = tuple[int, int, BoilerplateKind]


class _AnyOf:
    """A regular expression given as its top-level alternatives (``A|B|...``), each with its
    needles: groups of strings such that any match of the alternative holds one string of every
    group (literal text of the pattern).  An alternative is tried only on a line holding them, so
    a line is not scanned for forms it cannot hold (most lines of a story hold no needle of the
    costly forms); the answer (a match or not) is that of the whole alternation, ``pattern``.

    With ``re.IGNORECASE`` the needles are looked for in ``line.lower()``: they are lowercase
    and hold no "i" or "s", the two letters that match more than their case pair ("ı", "İ",
    "ſ"); without it, needles must come from case-sensitive parts of their alternative."""

    def __init__(
        self, forms: list[tuple[str, tuple[tuple[str, ...], ...]]], flags: int = 0
    ) -> None:
        self.folded = bool(flags & re.IGNORECASE)
        for _, needles in forms:
            for needle in (n for group in needles for n in group):
                if self.folded and (needle != needle.lower() or set(needle) & set("is")):
                    raise ValueError(
                        f"a folded needle must be lowercase without i or s: {needle!r}"
                    )
        self.pattern = re.compile("|".join(p for p, _ in forms), flags)
        same: dict[tuple[tuple[str, ...], ...], list[str]] = {}  # forms of the same needles, as one
        for p, needles in forms:
            same.setdefault(needles, []).append(p)
        self.forms = [(re.compile("|".join(ps), flags), needles) for needles, ps in same.items()]
        self.match = self._written("match")
        self.fullmatch = self._written("fullmatch")
        self.search = self._written("search")

    def _written(self, how: str) -> Callable[[str], bool]:
        """Whether a line holds a match (``how``: ``match``, ``fullmatch`` or ``search``), by a
        function written out for this rule and made once: each form's needle test an
        expression (``"ck" in hay and "here" in hay``) before its pattern's bound method, in
        the forms' order, so that a line is tested without loops over forms, groups and
        needles (they cost ten times the patterns tried, on lines that hold no needle)."""
        env: dict[str, object] = {"_lowered": _lowered}
        body = ["def holds(line):", "    hay = _lowered(line)" if self.folded else "    hay = line"]
        for k, (form, needles) in enumerate(self.forms):
            env[f"form{k}"] = getattr(form, how)
            tests = ["(" + " or ".join(f"{n!r} in hay" for n in group) + ")" for group in needles]
            body += [f"    if {' and '.join([*tests, f'form{k}(line)'])}:", "        return True"]
        body.append("    return False")
        exec("\n".join(body), env)  # the rule's own needles, each written by repr
        return cast(Callable[[str], bool], env["holds"])


_LOWERED = ("", "")  # the line lower-cased last, and its lower case (one tuple: set at once)


def _lowered(line: str) -> str:
    """``line.lower()``, once for the rules that read one line in turn (the same object asked
    again is the same text: a string does not change)."""
    global _LOWERED
    last = _LOWERED
    if last[0] is line:
        return last[1]
    low = line.lower()
    _LOWERED = (line, low)
    return low


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_VERBISH = re.compile(
    r"\b(?:said|says|told|tells|according|reported|reports|announced|added|claimed|warned"
    r"|insisted|is|are|was|were|has|have|will)\b"
)

_READ_TIME = re.compile(
    r"\d{1,3}\s*[-–]?\s*min(?:ute)?s?\.?\s+read|(?:estimated\s+)?reading\s+time\s*:?\s*"
    r"\d{1,3}\s*min(?:ute)?s?\.?",
    re.IGNORECASE,
)
_TICKER_UPPER = re.compile(
    r"(?:READ MORE|READ NEXT|READ ALSO|ALSO READ|SEE ALSO|MORE|RELATED(?: [A-Z]+)?|LIVE|WATCH"
    r"|LISTEN|VIDEO|PHOTOS|ALSO|TRENDING|RECOMMENDED|MORE ON THIS(?: STORY)?|EXPLORE FURTHER"
    r"|STORY|INTERACTIVE|SEE MORE(?: VIDEOS)?)"
    r"(?:\s*[:|»>–—]\s*\S.*)?"
)
_TICKER_ANY = re.compile(
    r"[►▶▸•*>»\s]*(?:read more|read next|see also|also read"
    r"|related(?: news)?(?: articles?| stories| content)?"
    r"|recommended|explore further|more on this(?: story)?)(?:\s*[:|»>–—]\s*\S.*|\s*:)?"
    r"|[►▶▸•*>»\s]*(?:watch|video|photos|listen|slideshow)\s*:\s*\S.*"
    r"|\[\s*(?:video|watch|photos?|related|read more)\s*:[^\]]*\]",
    re.IGNORECASE,
)
# A whole line in square brackets: a related-story link, an image credit or a sign-up prompt
# ("[Harbour ferry fares to rise in spring]", "[image via Coast Photos]"), never the story.
_BRACKETED_LINE = re.compile(r"\s*\[[^\[\]\n]+\]\s*")
_TWEET_PIC = _AnyOf([(r"pic\.twitter\.com/\w+|twitter\.com/\w+/status/\d+", (("twitter.com/",),))])
_TWEET_SIGNATURE = _AnyOf(
    [
        (
            rf"[—–-]{{1,2}}\s*[^\n()]{{0,80}}\(@\w{{1,15}}\)\s*"
            rf"(?:{_MONTH}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\.?\s+\d{{4}})\s*$",
            (("(@",),),
        )
    ]
)
_TWEET_UI = re.compile(
    r"(?:when you )?tweet with a location|you can add location information to your tweets",
    re.IGNORECASE,
)
_NEWSLETTER = _AnyOf(
    [
        (r"(?:[A-Z][\w&'’.\-]*\s+){0,5}Newsletters?", (("letter",),)),
        (r"(?:[\w&'’.\-]+\s+){0,4}Newsletter\s+Sign\s+Up\b.*", (("letter",),)),
        (
            r"\W*Sign\s+up\s+(?:here\s+|now\s+)?(?:for|to)\b.{0,160}"
            r"\b(?:e-?mails?|alerts|newsletters?|inbox|updates)\b.*",
            (),
        ),
        (r".{0,80}\b(?:sign\s+up|subscribe)\b.{0,80}\bnewsletters?\b.*", (("letter",),)),
        (r"(?:get|receive)\s+(?:our|the)\b.{0,60}\bnewsletters?\b.*", (("letter",),)),
    ],
    re.IGNORECASE,
)
_SUBSCRIBE = _AnyOf(
    [
        (r"(?:.*[:.!?–—-]\s*)?Subscribe(?:\s+(?:now|here|today))?[.!]?", (("Subscribe",),)),
        (r"Subscribe\s+(?i:to|for|now|today|here)\b.*", (("Subscribe",),)),
        (
            r"(?:Follow|Like)\s+(?:us|[A-Z][\w.]+(?:\s+[A-Z]\w+)?)\s*(?:\s+on\s+|:\s*)"
            r"(?:Twitter|Facebook|Instagram|LinkedIn|TikTok|YouTube|Threads|Bluesky|X)\b.*",
            (),
        ),
        (r"(?i:follow|like)\s+(?i:us)\s+(?i:on)\b.*", ()),
    ]
)
_SIGN_UP_TERMS = re.compile(r"by signing up|unsubscribe|privacy policy|in your inbox", re.I)
# A line after a footer that reports speech (quote marks, "said", "told", "according to"): the
# story resumes there, so the footer does not run to the end of the text.
_REPORTED_SPEECH = re.compile(r"[\"“”„«»]|\b(?:said|says|told|according\s+to)\b")
# Photo captions in AP's and others' form: "FILE - In this Jan. 2, 2001, file photo, ...",
# "In this image released by X, ...", "X speaks ..., in this June 3, 2014 file photo.",
# "Enlarge this image toggle caption ...", and lines ending with an agency credit.
_PHOTO_CAPTION = _AnyOf(
    [
        (r"\W*FILE\s*[-–—]\s", (("FILE",),)),
        (
            r".{0,200}?\b[Ii]n\s+this\s+(?:this\s+)?(?:[\w,.'’-]+\s+){0,7}?(?:file\s+)?"
            r"(?:photo(?:graph)?|image|picture|video\s+(?:image|frame|grab)|frame\s+grab)s?"
            r"(?:\s+(?:taken|released|provided|made\s+available|obtained)\b|\s*,|\s*\.|\s*$)",
            (("this",), ("photo", "image", "picture", "video", "frame")),
        ),
        (r"\W*(?i:enlarge\s+(?:this\s+)?image)\b", ()),
        (r".*\btoggle\s+caption\b", (("toggle",), ("caption",))),
        (r"\W*Photos?:\s", ()),
        (r"\d{1,3}\s+of\s+\d{1,3}\.\s", ()),  # a gallery's "1 of 12. ..."
        (
            r".{0,600}\.\.\.\s*\((?:Associated\s+Press|AP|Reuters|AFP|Getty\s+Images)\)\s*$",
            (("...",), ("(",)),
        ),
        (
            r".*(?:\b(?:AP|AFP|EPA|PA|Reuters)\s+Photo\s*/\s*[^\s/()][^()]{0,60}"
            r"|(?:\bvia\s+|/\s?|\|\s*|:\s*|^)Getty\s+Images|Photographer:\s[^.]{1,80})\.?\s*$",
            (("Photo", "Getty"),),
        ),
    ]
)
# Promos: "For the full recap, click here.", "ON A MOBILE DEVICE? CLICK HERE TO SEE THE VIDEO."
_CLICK_HERE = _AnyOf([(r"\bclick\s+here\b", (("ck",), ("here",)))], re.IGNORECASE)
_PARENTHESISED = re.compile(r"\([^()]*\)")  # a parenthesised part of a line
_PROMO_LINE = re.compile(
    r"(?i:get\s+the\s+[\w&.' ]{1,40}\s+app\b).*|(?i:download\s+(?:our|the)\s+app\b).*"
    r"|(?i:jump\s+media\s+player|media\s+player\s+help|view\s+larger\s+image)\b.*"
)
# Paywall prompts: "Already a subscriber? Log in", "Enjoy unlimited access for just £1 a week".
_PAYWALL = _AnyOf(
    [
        (r"\balready\s+(?:a\s+)?(?:subscriber|member)\b", (("already",), ("ber",))),
        (
            r"\b(?:subscribers?|members?)\s+(?:can\s+)?(?:log|sign)\s+in\b",
            (("ber",), ("log", "gn")),
        ),
        (
            r"\bunlimited\s+(?:digital\s+)?(?:access|local\s+news|news|articles)\b"
            r"[^.!?]{0,40}\bfor\s+(?:just\s+|only\s+)?[£$€]\s?\d",
            (("unl",), ("for",), ("£", "$", "€")),
        ),
    ],
    re.IGNORECASE,
)
_FURNITURE_ITEM = (
    r"(?:advertisements?|advertising|ad|sponsored(?: content)?|continue reading the main story"
    r"|(?:story|article) continu(?:es|ed) below(?: (?:this )?advertisement)?"
    r"|skip to (?:main )?content|share this(?: article| story)?|share|tweet|email|print|photo"
    r"|image|video|report this ad|please enable javascript to watch this video|play video|loading"
    r"|please turn on javascript\. media requires javascript to play)"
)
_FURNITURE = re.compile(rf"{_FURNITURE_ITEM}(?:[\s|•·.:]+{_FURNITURE_ITEM})*\W*", re.IGNORECASE)
_RIGHTS = re.compile(r"(?:©|\(c\)|copyright\b).{0,120}\ball rights reserved\b.{0,40}", re.I)

# Credits at the start of a line.
_CREDIT_LABEL = re.compile(
    r"(?:photo(?:graph)?s?|pictures?|images?|credit|photo\s+credit|image\s+credit|caption"
    r"|illustration)\s*(?:by\b|:|[-–—]\s)|image\s+(?:copyright|caption)\b|©",
    re.IGNORECASE,
)
_CREDIT_WORDS = (
    r"Images|Photos?|Pictures|Wire|Archive|Media|Getty|AFP|Reuters|AP|PA|EPA|EFE|Alamy"
    r"|Shutterstock|REX|Rex|Bloomberg|Pool|Handout|Press|Xinhua|Anadolu|NurPhoto|WireImage"
)
_CAP = r"[A-Z][\w.&'’\-]*"
_SLASH_CREDIT = re.compile(rf"(?:{_CAP}\s){{0,3}}{_CAP}\s?/\s?{_CAP}")
_DETERMINER = re.compile(r"(?:The|A|An|This|That|These|Those|Our|Its|His|Her|Their)\s")
_HAS_CREDIT_WORD = re.compile(rf"\b(?:{_CREDIT_WORDS})\b")
_AGENCY = re.compile(
    r"(?:Getty(?: Images)?|Reuters|AP(?: Photo)?|AFP|PA(?: Images| Wire| Media| Archive)?|EPA(?:-EFE)?"
    r"|Empics|Shutterstock|Alamy|Rex Features|REX|Bloomberg|Anadolu(?: Agency)?|SOPA Images"
    r"|NurPhoto|WireImage|FilmMagic|Corbis|iStock(?:photo)?|Xinhua|Press Association"
    r"|Associated Press|Courtesy of)\b"
)
_COPYRIGHT = re.compile(r"(?:copyright|©)\s*(?:©\s*)?(?:\d{4}\s+)?[A-Z]", re.IGNORECASE)
# Credits at the end of a line, and inside it.
_CREDIT_END = _AnyOf(
    [
        (
            r"\b(?:Photo(?:graph)?|Picture|Image|Credit)s?\s*(?:by\s|:\s*)[^.!?]{1,80}\s*$",
            (("Photo", "Picture", "Image", "Credit"), ("by", ":")),
        ),
        (
            r"\([^()]{0,40}\b(?:Photo|Photograph|Picture|Image)s?\b[^()]{0,80}\)\s*$",
            (("(",), (")",), ("Photo", "Picture", "Image")),
        ),
        (rf"\([^()]{{0,40}}/\s?(?:{_CREDIT_WORDS})[^()]{{0,40}}\)\s*$", (("(",), (")",), ("/",))),
        (
            rf"\b{_CAP}(?:\s{_CAP})?/(?:Getty Images|AFP|AP|Reuters|PA(?: Wire| Images| Media)?"
            r"|EPA|Shutterstock|Alamy|Rex Features|Bloomberg)\s*$",
            (("/",),),
        ),
    ]
)
_CREDIT_PAREN = re.compile(
    r"\((?:(?:Photo|Photograph|Picture|Image)s?\s*(?:by|:|credit)|(?:AP|AFP|EPA|PA) Photo)"
    r"[^()]{0,120}\)"
)
# Links inside a line: "(PHOTOS: The storm's path)", "(Click here to see the flyer)"
_PROMO_PAREN = re.compile(
    r"[(\[](?:(?:PHOTOS?|VIDEO|WATCH|SLIDESHOW|RELATED|READ MORE)\s*:|(?i:click\s+here))"
    r"[^()\[\]]{0,120}[)\]]"
)

_BYLINE = re.compile(
    r"By\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)"
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b)"
    r"[A-Z][\w'’.\-]+(?:\s+(?:[A-Z][\w'’.\-]+|and|&|de|van|von|der|la|le)){0,5}"
    r"(?:\s*(?:[,|•/]|\s[-–—]\s)\s*(?P<rest>.+))?"
)
_ROLE_WORD = re.compile(
    r"\b(?:editor|correspondent|reporter|writer|columnist|journalist|contributor|staff|producer"
    r"|affairs|desk)\b",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"(?:[A-Z][\w'’\-]+\s+){0,3}(?:Editor|Correspondent|Reporter|Writer|Columnist|Journalist)"
    r"(?:\s*(?:,|at|for)\s+.{0,40})?"
)
_BARE_DATE = re.compile(
    rf"(?:[A-Z][a-z]{{2,8}},?\s+)?{DATE_PATTERN}(?:\s*[,|•·-]?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?",
    re.IGNORECASE,
)


# ------------------------------------------------------------------------------- wire credits

# Wire agencies known by name; any name in a capitalised dateline "(X)" counts as well.
_KNOWN_AGENCIES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "pa": "PA",
    "pa media": "PA",
    "press association": "PA",
    "the press association": "PA",
    "upi": "UPI",
    "united press international": "UPI",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "pti": "PTI",
    "ians": "IANS",
    "ani": "ANI",
    "aap": "AAP",
    "canadian press": "CP",
    "the canadian press": "CP",
    "cp": "CP",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
}
_AGENCY_NAME = "|".join(
    re.escape(k).replace(r"\ ", r"\s+")
    for k in sorted(_KNOWN_AGENCIES, key=len, reverse=True)
    if not k.startswith("the ")
)
_DASH = r"(?:-{1,2}|–|—)"
_CAPS_WORD = r"[A-Z][A-Z.'’\-]+"
# "LONDON (Reuters) - ", "HEMPSTEAD, N.Y., Sept. 26 (UPI) — ", "PORT ALDER, March 10 (Coastwire) - ":
# a place in capitals, up to two comma-separated qualifiers (region, date), the agency in
# parentheses (one word, or a known agency's name), a dash.  A place in title case
# ("New York (AFP) – ") or a date alone ("Dec 29 (Reuters) - ") needs a known agency.
_QUALIFIERS = r"(?:,\s*[A-Z][\w.'’]*\.?(?:\s+[\w.'’]+){0,3}){0,2},?"
WIRE_DATELINE_RE = re.compile(
    rf"(?:{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}{_QUALIFIERS}\s*"
    rf"\((?P<agency>[A-Z][\w&.'’\-]{{1,24}}|(?i:{_AGENCY_NAME}))\)"
    rf"|(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}{_QUALIFIERS}|{_MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
    rf"\s*\((?P<known>(?i:{_AGENCY_NAME}))\))"
    rf"\s*{_DASH}\s*(?=\S)"
)
# A credit line: "— Press Association", "Additional reporting by Reuters", "The Associated Press
# contributed to this report.", "Associated Press writer Ada Lund contributed to this report."
_CREDIT_LINE = re.compile(
    rf"{_DASH}\s*(?P<a>(?i:the\s+)?(?i:{_AGENCY_NAME}))\.?"
    rf"|(?:(?i:additional)\s+)?(?i:reporting)\s+by\s+(?i:the\s+)?(?P<b>(?i:{_AGENCY_NAME}))\b.{{0,80}}"
    rf"|(?i:the\s+)?(?P<c>(?i:{_AGENCY_NAME}))\s+(?:(?i:contributed)\s+(?:to\s+)?(?:this|the)\s+"
    r"(?:report|story)|(?i:contributed\s+reporting))\.?"
    # the wire's own footer: "Associated Press writer Ada Lund in Tromsø contributed to this report."
    rf"|(?i:the\s+)?(?P<d>(?i:{_AGENCY_NAME}))\s+(?i:writers?|reporters?|correspondents?)\s+"
    r"[A-Z].{0,120}?\b(?i:contributed)\b.{0,80}"
)
WIRE_TOP_LINES = 8  # a wire dateline opens one of the first lines of an article


def agency_key(name: str) -> str:
    """A wire agency's canonical name ("Associated Press" and "AP" are one agency)."""
    folded = " ".join(name.split()).strip(".")
    return _KNOWN_AGENCIES.get(folded.lower(), folded)


def wire_dateline(text: str, start: int, end: int) -> tuple[int, str] | None:
    """(end of the prefix, agency) when the line ``text[start:end]`` opens with a wire dateline."""
    if text.find("(", start, end) < 0:
        return None  # every form names its agency in parentheses
    m = WIRE_DATELINE_RE.match(text, start, end)
    if not m:
        return None
    agency = m.group("agency") or m.group("known")
    if m.group("agency") and not re.search(r"[A-Z].*[A-Z]|[a-z]", m.group()[: m.start("agency")]):
        return None  # "A (B) - ": one capital letter is not a place
    return m.end(), agency_key(agency)


def _credit_line(line: str) -> str | None:
    m = _CREDIT_LINE.fullmatch(line) if _words(line) <= 20 and _may_credit(line) else None
    if not m:
        return None
    name = m.group("a") or m.group("b") or m.group("c") or m.group("d")
    return agency_key(re.sub(r"^(?i:the)\s+", "", name))


def _may_credit(line: str) -> bool:
    """Whether ``_CREDIT_LINE`` may match ``line``: each of its forms opens with a dash or holds
    "reporting" or "contributed", read in the lower-cased line ("eport", "contr": letters
    matched case-insensitively, none of which matches a letter outside its case pair)."""
    if line[:1] in "-–—":
        return True
    low = _lowered(line)
    return "eport" in low or "contr" in low


@dataclass
class _Read:
    """What ``find_boilerplate`` read of the lines of one text (the object itself), kept for
    ``wire_credit`` of the same text, which reads the same lines by the same rules: the wire
    dateline of each line by its start and end, and the credit of each line by its text (both
    functions of what they are keyed by)."""

    text: str
    datelines: dict[tuple[int, int], tuple[int, str] | None] = field(default_factory=dict)
    credits: dict[str, str | None] = field(default_factory=dict)

    def dateline(self, s: int, e: int) -> tuple[int, str] | None:
        key = (s, e)
        if key not in self.datelines:
            self.datelines[key] = wire_dateline(self.text, s, e)
        return self.datelines[key]

    def credit(self, line: str) -> str | None:
        if line not in self.credits:
            self.credits[line] = _credit_line(line)
        return self.credits[line]


_LAST_READ = _Read("")  # the text ``find_boilerplate`` read last (one object: set at once)


def wire_credit(article: Article) -> str | None:
    """The wire agency ``article`` credits (canonical name), or None.

    Evidence, in order: a wire dateline opening one of the first ``WIRE_TOP_LINES`` lines; a credit
    line anywhere ("— Press Association", "Additional reporting by Reuters", "The Associated
    Press contributed to this report").  The text as read is the evidence, marked or not."""
    text = article.text
    last = _LAST_READ  # read once: another thread may mark another text meanwhile
    read = last if last.text is text else _Read(text)  # marked just before, most often
    lines = text_lines(text)
    for s, e in lines[:WIRE_TOP_LINES]:
        found = read.dateline(s, e)
        if found:
            return found[1]
    for s, e in reversed(lines):
        credit = read.credit(text[s:e])
        if credit:
            return credit
    return None


def _words(line: str) -> int:
    return len(line.split())


def _title_case(words: list[str]) -> bool:
    long = [w.strip("'\"‘’“”()") for w in words if len(w.strip("'\"‘’“”()")) >= 4]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def _slash_is_credit(line: str, credit: str) -> bool:
    """True when "X/Y" opening ``line`` names a photographer and an agency or outlet: a credit
    word next to it ("Coastwire/Harbour Images"), or an outlet on either side ("Harbour
    Herald/Sam Okafor", "Sam Okafor/The Valley Post")."""
    rest = line[len(credit) :].split()
    if _HAS_CREDIT_WORD.search(" ".join([credit, *rest[:1]])):
        return True
    left, _, right = credit.partition("/")
    right_words = [right.strip(), *rest[:4]]
    return looks_like_outlet(left.strip()) or outlet_prefix(right_words) > 0


def _credit(line: str, first: bool) -> bool:
    """True when ``line`` (trimmed) is a photo caption that starts with, or ends with, a credit."""
    return bool(credit_rule(line, first))


# the tests of ``credit_rule``, in the order they are tried
CREDIT_RULES = ("label", "slash", "getty", "copyright", "credit_end", "agency", "outlet")


def credit_rule(line: str, first: bool = False) -> str:
    """Which test finds a credit in ``line`` (trimmed), one of ``CREDIT_RULES``, or "": a credit
    label opening it (``Photo:``, ``Picture by``), a ``Name/Agency`` credit opening it, ``Getty
    Images`` opening it, a copyright line, a credit ending it (``_CREDIT_END``: ``... Photo:
    X``, ``(X/Getty Images)``), an agency's name, an outlet's name, each followed by a short
    caption.  ``first``: the article's first line (a headline: only the first five tests)."""
    words = line.split()
    n = len(words)
    if n == 0 or n > 60:
        return ""
    if _CREDIT_LABEL.match(line) and n <= 40:
        return "label"
    slash = _SLASH_CREDIT.match(line) if "/" in line else None
    if slash and (_slash_is_credit(line, slash.group()) or n <= 6) and n <= 40:
        # a caption follows the credit with a capital; "The Reuters/Ipsos poll showed" is prose
        after = line[slash.end() :].split()
        if not _DETERMINER.match(line) and (not after or after[0][0].isupper()):
            return "slash"
    if line.startswith("Getty Images") and n <= 40:
        return "getty"
    if _COPYRIGHT.match(line) and n <= 10 and not _SENTENCE_END.search(line):
        return "copyright"
    if _CREDIT_END.search(line):
        return "credit_end"
    if first or n > 20 or _SENTENCE_END.search(line) or _VERBISH.search(line):
        return ""
    if _title_case(words[2:]):
        return ""  # "Courier Wins Regional Award" is a headline, not a credit and caption
    if _AGENCY.match(line):
        return "agency"
    if words[0] == "By":
        return ""
    clean = 0  # the name must not run over punctuation ("By Jo Doe, BBC Home ..." is no credit)
    while clean < min(5, len(words)) and re.fullmatch(r"[A-Z0-9][\w&'’.\-]*", words[clean]):
        clean += 1
    for k in range(clean, 0, -1):
        name = " ".join(words[:k])
        single = k == 1 and not (re.search(r"[a-z][A-Z]", name) or name.isupper())
        if looks_like_outlet(name) and not single:
            rest = words[k:]
            return "outlet" if not rest or rest[0][0].isupper() else ""
    return ""


def caption_rule(line: str, first: bool = False) -> str:
    """Which rule would mark the whole line ``line`` (trimmed) a caption: ``photo_caption``
    (``_PHOTO_CAPTION``: the wire services' caption forms) or one of ``CREDIT_RULES``; "" for
    none.  The evidence behind a ``caption`` mark, for measuring the rules
    (``benchmarks/caption_marks.py``); ``find_boilerplate`` tries other kinds in between."""
    if _words(line) <= 250 and _PHOTO_CAPTION.match(line):
        return "photo_caption"
    return credit_rule(line, first)


def _dateline(text: str, s: int, e: int, index: int, total: int) -> list[_Mark]:
    """Dateline marks at the start of line [s, e), with a caption for a credit that follows."""
    marks: list[_Mark] = []
    pos = s
    while pos < e:
        m = DATELINE_RE.match(text, pos, e)
        if not m and (index < 3 or index >= total - 2):
            m = _BARE_DATE.match(text, pos, e)
            if m and pos == s and _words(text[s:e]) > 8 and m.end() < e:
                m = None
        if not m:
            break
        if marks:  # "Published ... | Updated ..." is one dateline
            marks[-1] = (marks[-1][0], m.end(), "dateline")
        else:
            marks.append((m.start(), m.end(), "dateline"))
        pos = m.end()
        while pos < e and text[pos] in " \t|•·,;-–—":
            pos += 1
    if marks and pos < e and _credit(text[pos:e], first=False):
        marks.append((pos, e, "caption"))
    return marks


def _footer(line: str, n: int) -> BoilerplateKind | None:
    """The footer kind of ``line`` (trimmed, ``n`` words), or None."""
    if n <= 120 and _NEWSLETTER.fullmatch(line) and (n <= 40 or _SIGN_UP_TERMS.search(line)):
        return "newsletter"
    if n <= 60 and _SUBSCRIBE.fullmatch(line) or n <= 40 and _PAYWALL.search(line):
        return "subscription"
    return None


def _line_kind(
    line: str, n: int, index: int, credit: Callable[[str], str | None] | None = None
) -> BoilerplateKind | None:
    """The kind of the whole line ``line`` (trimmed, ``n`` words, the ``index``-th), or None.
    ``credit``: ``_credit_line``, or the same answers kept (``_Read.credit``)."""
    if _READ_TIME.fullmatch(line):
        return "read_time"
    if n <= 250 and _PHOTO_CAPTION.match(line):
        return "caption"
    if n <= 30 and (_TICKER_UPPER.fullmatch(line) or _TICKER_ANY.fullmatch(line)):
        return "ticker"
    if n <= 100 and (_TWEET_PIC.search(line) or _TWEET_SIGNATURE.search(line)):
        return "tweet"
    if n <= 60 and _TWEET_UI.match(line):
        return "tweet"
    if n <= 30 and (
        _PROMO_LINE.fullmatch(line)
        # "(Click here ...)" is a partial mark
        or n <= 25
        and _CLICK_HERE.search(_PARENTHESISED.sub("", line) if "(" in line else line)
    ):
        return "other"
    if n <= 8 and _FURNITURE.fullmatch(line) or n <= 30 and _RIGHTS.match(line):
        return "other"
    if n <= 40 and _BRACKETED_LINE.fullmatch(line):
        return "other"
    if n <= 20 and (credit or _credit_line)(line):
        return "byline"
    if n <= 60 and _credit(line, first=index == 0):
        return "caption"
    byline = _BYLINE.fullmatch(line) if index < 6 and n <= 20 else None
    if byline:
        rest = byline.group("rest") or ""
        capitalised = all(w[0].isupper() or w[0].isdigit() for w in rest.split() if len(w) > 3)
        if capitalised or _ROLE_WORD.search(rest) or find_date(rest):
            return "byline"
    if index < 6 and n <= 15 and not _SENTENCE_END.search(line):
        if _ROLE.fullmatch(line):
            return "byline"
        named = re.fullmatch(r"([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3}),\s+(.+)", line)
        if named and _ROLE.fullmatch(named.group(2)):
            return "byline"
    return None


def _tweet_body(text: str, s: int, e: int) -> bool:
    """True for the line before a separate "— Name (@handle) date" signature: the tweet text."""
    line = text[s:e]
    return _words(line) <= 60 and bool(re.search(r"https?://t\.co/|(?:^|\s)[@#]\w", line))


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Boilerplate spans of ``text``: sorted, non-overlapping, same-kind neighbours merged."""
    global _LAST_READ
    lines = text_lines(text)
    total = len(lines)
    marks: list[_Mark] = []
    read = _LAST_READ = _Read(text)
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        n = _words(line)
        footer = _footer(line, n)
        if footer:
            tail = lines[i + 1 :] if total - i - 1 <= 3 else None  # no copy of a long rest
            if tail is not None and all(
                _words(text[ts:te]) <= 80 and not _REPORTED_SPEECH.search(text, ts, te)
                for ts, te in tail
            ):
                marks.append((s, lines[-1][1], footer))
                break
            marks.append((s, e, footer))
            continue
        wire = read.dateline(s, e)
        if wire:
            marks.append((s, wire[0], "dateline"))
        dated = _dateline(text, s, e, i, total)
        if dated:
            marks.extend(dated)
            continue
        kind = _line_kind(line, n, i, read.credit)
        if kind:
            marks.append((s, e, kind))
            if kind == "tweet" and line.lstrip().startswith(("—", "–", "-")) and i > 0:
                ps, pe = lines[i - 1]
                if _tweet_body(text, ps, pe):
                    marks.append((ps, pe, "tweet"))
            continue
        if "(" not in line and "[" not in line:
            continue  # both marks open with a bracket
        for m in _CREDIT_PAREN.finditer(text, s, e):
            marks.append((m.start(), m.end(), "caption"))
        for m in _PROMO_PAREN.finditer(text, s, e):
            marks.append((m.start(), m.end(), "other"))
    return _normalise(text, marks)


def _normalise(text: str, marks: list[_Mark]) -> list[Boilerplate]:
    """Sort, resolve overlaps (the earlier span wins), merge same-kind spans split by whitespace."""
    out: list[Boilerplate] = []
    for start, end, kind in sorted(marks, key=lambda m: (m[0], -m[1])):
        if out and start < out[-1].end:
            if kind == out[-1].kind:
                out[-1] = Boilerplate(out[-1].start, max(end, out[-1].end), kind)
                continue
            start = out[-1].end
            if start >= end:
                continue
        if out and out[-1].kind == kind and not text[out[-1].end : start].strip():
            out[-1] = Boilerplate(out[-1].start, end, kind)
            continue
        out.append(Boilerplate(start, end, kind))
    return out


def mark_boilerplate(article: Article) -> Article:
    """The article with ``boilerplate`` filled (spans already present are kept and merged)."""
    marks: list[_Mark] = [(b.start, b.end, b.kind) for b in article.boilerplate]
    marks.extend((b.start, b.end, b.kind) for b in find_boilerplate(article.text))
    spans = tuple(_normalise(article.text, marks))
    if spans == article.boilerplate:
        return article
    return dataclasses.replace(article, boilerplate=spans)
