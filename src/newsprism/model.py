"""The one data model of newsprism.

Every annotation is stand-off: character offsets ``[start, end)`` into ``Article.text``, the text
exactly as it was read.  Nothing here holds a cleaned or rewritten copy of an article; anything
that shows text (a quote, a summary sentence) derives it from the article by its offsets, so that
``article.text[start:end]`` always checks a citation.

All classes are frozen dataclasses.  Stages of the pipeline take these objects and return new
ones (``dataclasses.replace``), never dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RelationKind = Literal["duplicate", "version", "syndicated", "shares_passages"]
QuoteKind = Literal["direct", "indirect", "mixed"]
BoilerplateKind = Literal[
    "caption",
    "read_time",
    "newsletter",
    "subscription",
    "tweet",
    "ticker",
    "byline",
    "dateline",
    "repeated",
    "other",
]

SCHEMA = "newsprism.briefing/1"


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into one article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Boilerplate:
    """A stretch of an article that is not the story (caption, footer, tweet, ...)."""

    start: int
    end: int
    kind: BoilerplateKind

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Article:
    """One article as read.  ``text`` is never modified after reading."""

    id: str
    source: str
    text: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    author: str | None = None
    url: str | None = None
    boilerplate: tuple[Boilerplate, ...] = ()
    # where each metadata value came from, e.g. {"outlet": "text: 'told BuzzFeed News'"}
    evidence: tuple[tuple[str, str], ...] = ()

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def is_boilerplate(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a marked boilerplate span."""
        return any(b.start < end and start < b.end for b in self.boilerplate)


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article's content (never inside boilerplate)."""

    article: str
    start: int
    end: int
    index: int  # position among the article's content sentences, from 0
    paragraph: int  # index of the paragraph that holds it, from 0


@dataclass(frozen=True)
class Drop:
    """An input that was not analysed, and why."""

    source: str
    reason: str
    code: str


@dataclass(frozen=True)
class Notice:
    """A warning raised while reading or analysing; ``--strict`` turns these into failures."""

    code: str
    message: str
    source: str | None = None


@dataclass(frozen=True)
class Relation:
    """A relation between two articles; ``a`` sorts before ``b``."""

    a: str
    b: str
    kind: RelationKind
    score: float


@dataclass(frozen=True)
class RepeatedPassage:
    """A paragraph that occurs again inside the same article."""

    article: str
    first: Span
    repeat: Span


@dataclass(frozen=True)
class Event:
    id: str
    label: str
    articles: tuple[str, ...]
    date: str | None = None
    date_inferred: bool = False  # date taken from the timeline, not from publication dates


@dataclass(frozen=True)
class Citation:
    article: str
    start: int
    end: int


@dataclass(frozen=True)
class SummaryItem:
    """One summary sentence.  ``text`` is the cited span of the first citation, as read."""

    text: str
    citations: tuple[Citation, ...]
    support: tuple[str, ...]
    event: str | None = None


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    anonymous: bool = False


@dataclass(frozen=True)
class Quote:
    id: str
    article: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None = None
    speaker_mention: Span | None = None
    cue: Span | None = None


@dataclass(frozen=True)
class WordChange:
    """A word-level difference between a quote group's text and one occurrence's wording
    (normalised words: lower case, no punctuation)."""

    op: Literal["insert", "delete", "replace"]
    canonical: str  # the group text's words ("" for an insertion)
    variant: str  # the occurrence's words ("" for a deletion)


@dataclass(frozen=True)
class QuoteOccurrence:
    quote: str
    article: str
    outlet: str | None
    changes: tuple[WordChange, ...] = ()  # wording differences from the group's text
    published: str | None = None  # the article's date, when known


@dataclass(frozen=True)
class QuoteGroup:
    id: str
    text: str
    occurrences: tuple[QuoteOccurrence, ...]
    speakers: tuple[str, ...] = ()
    conflict: str | None = None
    first: str | None = None  # article that carried it first, when dates tell


@dataclass(frozen=True)
class DisagreementSide:
    speaker: str | None
    outlet: str | None
    claim: str
    citations: tuple[Citation, ...]
    # where this side stands: affirms|denies (polarity), positive|negative (evaluation),
    # disputes|disputed (account); None when the kind has no stance (number, date, role, ...)
    stance: str | None = None


@dataclass(frozen=True)
class Disagreement:
    id: str
    topic: str
    kind: str
    sides: tuple[DisagreementSide, ...]
    rank: int
    # how sure the clash is, in [0, 1] (analyze.disagreements.confidence); a briefing shows the
    # confident ones as disagreements and lists the others as possible ones
    confidence: float = 1.0


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    precision: Literal["day", "month", "year"]
    text: str
    citations: tuple[Citation, ...]
    inferred: bool = False
    conflict: bool = False
    future: bool = False  # a commitment or deadline still ahead at publication
    # older than the story's own days (``born in 1962``, ``from 2009 until May 2014``): shown
    # after the story's happenings, folded
    background: bool = False


ClaimKind = Literal["fact", "evaluation", "position"]


@dataclass(frozen=True)
class Claim:
    """A sentence or clause stating a fact, an evaluation or a position, and who asserts it.

    ``speaker`` is a ``Speaker`` id, or None for the reporter's own voice.
    """

    id: str
    article: str
    start: int
    end: int
    kind: ClaimKind = "fact"
    speaker: str | None = None
    outlet: str | None = None
    event: str | None = None
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimGroup:
    """Claims about the same thing in several articles; ``sources`` counts independent sources."""

    id: str
    claims: tuple[str, ...]
    sources: tuple[str, ...]  # one representative article id per independent source
    topic: str = ""


@dataclass(frozen=True)
class Briefing:
    articles: tuple[Article, ...]
    dropped: tuple[Drop, ...] = ()
    relations: tuple[Relation, ...] = ()
    repeated_passages: tuple[RepeatedPassage, ...] = ()
    events: tuple[Event, ...] = ()
    summary: tuple[SummaryItem, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    # disagreements below the confidence to be shown, ranked after the shown ones
    possible_disagreements: tuple[Disagreement, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
    independent_sources: tuple[tuple[str, ...], ...] = ()
    notices: tuple[Notice, ...] = field(default=())
    # the unrelated stories the articles tell, each the ids of its articles, in the order of
    # their first event; empty or one group when they tell one story (a mixed folder has more)
    stories: tuple[tuple[str, ...], ...] = ()

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    @property
    def mixed(self) -> bool:
        """True when the articles tell several unrelated stories."""
        return len(self.stories) > 1

    def story_of(self, article_id: str) -> int:
        """Index in ``stories`` of the story of ``article_id`` (0 when there is one story)."""
        for k, members in enumerate(self.stories):
            if article_id in members:
                return k
        return 0


StoryReason = Literal["founded", "similar", "copy"]


@dataclass(frozen=True)
class StoryMember:
    """Why an article is in a story: it founded it, it was ``similar`` enough (``score``: the
    similarity to the story when it joined), or it is a ``copy`` (version, wire copy) of article
    ``via`` (``score``: the share of its text found in ``via``)."""

    article: str
    score: float
    reason: StoryReason
    via: str | None = None


@dataclass(frozen=True)
class Story:
    """Articles that tell one story, found by ``newsprism.stories``.  A story may hold several
    events (a briefing of the story finds them); ``first_seen``/``last_seen`` are the earliest and
    latest publication dates of its articles, when known."""

    id: str
    members: tuple[StoryMember, ...]
    label: str = ""
    first_seen: str | None = None
    last_seen: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(m.article for m in self.members)
