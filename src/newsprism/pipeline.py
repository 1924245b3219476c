"""Build and run the analysis stages for one set of articles, producing a ``Briefing``.

A pipeline is a list of stages.  Each stage declares what it ``needs`` and what it ``provides``
(names of ``State`` fields); ``Pipeline`` checks when it is built that every need is provided by an
earlier stage, the way spaCy checks its components.  Stages take typed objects and return typed
objects: a stage returns a new ``State`` made with ``dataclasses.replace``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newsprism.analyze.disagreements import confidence as conf
from newsprism.analyze.disagreements.agreement import group_claims
from newsprism.analyze.disagreements.alignment import CountedPair, counted_pairs
from newsprism.analyze.disagreements.blocks import BlockSimilarity, block_similarity
from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.disagreements.detect import (
    MAX_DISAGREEMENTS,
    Scored,
    ranked,
    scored_disagreements,
    split_confident,
)
from newsprism.analyze.disagreements.nli import SimilarityBackend
from newsprism.analyze.quotes.extract import QuoteResult, find_quotes
from newsprism.analyze.relations.events import group_events_and_stories, in_date_order
from newsprism.analyze.relations.links import RelationResult, find_relations
from newsprism.analyze.summary.summarize import summarize
from newsprism.analyze.time.timeline import build_timeline, infer_event_dates
from newsprism.errors import (
    MANY_ARTICLES,
    MEANING_MISSING,
    MIXED,
    PARTLY_ANALYSED,
    SINGLE_ARTICLE,
    SetupError,
)
from newsprism.model import (
    Article,
    Briefing,
    ClaimGroup,
    Disagreement,
    Drop,
    Event,
    Notice,
    SummaryItem,
    TimelineEntry,
)
from newsprism.nlp.annotate import AnnotatedArticle, annotate
from newsprism.options import Config as Config
from newsprism.options import plugged_identity as plugged_identity
from newsprism.options import settings_key as settings_key
from newsprism.progress import ReportFn, reporting

ProgressFn = Callable[[str, int, int], None]
MIXED_LISTED = 5  # stories named in the NP216 notice


@dataclass(frozen=True)
class State:
    """What the stages have produced so far."""

    articles: tuple[Article, ...]
    dropped: tuple[Drop, ...] = ()
    notices: tuple[Notice, ...] = ()
    docs: tuple[AnnotatedArticle, ...] | None = None
    relations: RelationResult | None = None
    events: tuple[Event, ...] | None = None
    quotes: QuoteResult | None = None
    summary: tuple[SummaryItem, ...] | None = None
    claims: tuple[ClaimInfo, ...] | None = None
    claim_groups: tuple[ClaimGroup, ...] | None = None
    stories: tuple[tuple[str, ...], ...] | None = None  # unrelated stories (article ids)
    timeline: tuple[TimelineEntry, ...] | None = None
    timeline_conflicts: tuple[tuple[int, int], ...] = ()
    disagreements: tuple[Disagreement, ...] | None = None
    possible_disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    provides: tuple[str, ...]
    run: Callable[[State, Config], State]


class PipelineError(ValueError):
    """A pipeline whose stages need something no earlier stage provides."""


@dataclass
class Pipeline:
    stages: Sequence[Stage]
    _checked: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        available = {"articles", "dropped", "notices"}
        for stage in self.stages:
            missing = [n for n in stage.needs if n not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} needs {missing}, which no earlier stage provides"
                )
            available.update(stage.provides)

    def run(
        self,
        state: State,
        config: Config,
        progress: ProgressFn | None = None,
        check: Callable[[State], None] | None = None,
    ) -> State:
        """Run the stages in order.  ``progress(step, i, n)`` is called as stage ``i`` of ``n``
        starts (``step`` its name), and inside a long stage as it goes (``step`` such as
        ``"annotate 120/220"``, from ``newsprism.progress.report``).  ``check(state)`` is called
        before the first stage and after each one, and may raise to stop the run (``--strict``
        stops at the first warning)."""
        if check:
            check(state)
        total = len(self.stages)
        for i, stage in enumerate(self.stages):
            inner: ReportFn | None = None
            if progress:
                progress(stage.name, i, total)

                def inner(done: int, of: int, name: str = stage.name, i: int = i) -> None:
                    assert progress is not None
                    progress(f"{name} {done}/{of}", i, total)

            with reporting(inner):
                state = stage.run(state, config)
            if check:
                check(state)
        if progress:
            progress("done", total, total)
        return state


def _check_inputs(state: State, config: Config) -> State:
    notices = list(state.notices)
    n = len(state.articles)
    if n == 1:
        notices.append(Notice(SINGLE_ARTICLE.code, SINGLE_ARTICLE.title, state.articles[0].source))
    elif n > config.many_articles:
        notices.append(
            Notice(
                MANY_ARTICLES.code,
                f"{MANY_ARTICLES.title}: {n} articles (hint: {MANY_ARTICLES.hint})",
            )
        )
    return dataclasses.replace(state, notices=tuple(notices))


def _annotate(state: State, config: Config) -> State:
    docs = tuple(annotate(state.articles, limits=config.limits))
    return dataclasses.replace(state, docs=docs, notices=state.notices + analysis_notices(docs))


def analysis_notices(docs: Sequence[AnnotatedArticle]) -> tuple[Notice, ...]:
    """An NP213 notice for each article parsed only in part (``nlp.annotate.Limits``)."""
    out = []
    for d in docs:
        if d.left_out:
            analysed = sum(p.segment.end - p.segment.start for p in d.segments)
            detail = (
                f"the first {analysed} characters of its content are analysed, the last "
                f"{d.left_out} are not (hint: {PARTLY_ANALYSED.hint})"
            )
            out.append(
                Notice(PARTLY_ANALYSED.code, f"{PARTLY_ANALYSED.title}: {detail}", d.article.source)
            )
    return tuple(out)


def _relations(state: State, config: Config) -> State:
    assert state.docs is not None
    return dataclasses.replace(state, relations=find_relations(state.docs))


def _events(state: State, config: Config) -> State:
    assert state.docs is not None and state.relations is not None
    events, stories = group_events_and_stories(state.docs, state.relations)
    notices = state.notices + mixed_notice(events, stories)
    return dataclasses.replace(state, events=events, stories=stories, notices=notices)


def mixed_notice(events: Sequence[Event], stories: Sequence[Sequence[str]]) -> tuple[Notice, ...]:
    """NP216 when the articles tell several unrelated stories, naming each by its largest event."""
    if len(stories) < 2:
        return ()
    parts = []
    for members in stories[:MIXED_LISTED]:
        inside = set(members)
        mine = [e for e in events if inside.intersection(e.articles)]
        label = max(mine, key=lambda e: len(e.articles)).label if mine else members[0]
        parts.append(f"{label} ({len(members)} article{'s' if len(members) > 1 else ''})")
    more = len(stories) - MIXED_LISTED
    listed = "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
    detail = (
        f"{len(stories)} unrelated stories: {listed}. Support, agreement, claims and dates are "
        f"counted within each story (hint: {MIXED.hint})"
    )
    return (Notice(MIXED.code, f"{MIXED.title}: {detail}"),)


def _quotes(state: State, config: Config) -> State:
    assert state.docs is not None
    result = find_quotes(state.docs)
    return dataclasses.replace(state, quotes=result, notices=state.notices + tuple(result.notices))


def _summary(state: State, config: Config) -> State:
    assert state.docs is not None and state.relations is not None and state.events is not None
    items = summarize(
        state.docs,
        state.events,
        state.relations,
        words=config.words,
        config=config.summary,
        stories=state.stories or (),
    )
    return dataclasses.replace(state, summary=items)


def _claims(state: State, config: Config) -> State:
    assert state.docs is not None and state.quotes is not None and state.relations is not None
    q = state.quotes
    claims = extract_claims(
        state.docs, q.quotes, q.speakers, state.events or (), state.relations.independent
    )
    return dataclasses.replace(state, claims=tuple(claims))


def _timeline(state: State, config: Config) -> State:
    """The timeline of each unrelated story on its own (a date is never borrowed from another
    story, nor a happening merged with one), merged in date order."""
    assert state.docs is not None
    events = state.events or ()
    stories = state.stories or ()
    if len(stories) < 2:
        result = build_timeline(state.docs, events)
        return dataclasses.replace(
            state, timeline=result.entries, timeline_conflicts=result.conflicts
        )
    entries: list[TimelineEntry] = []
    conflicts: list[tuple[int, int]] = []
    for members in stories:
        inside = set(members)
        part = build_timeline(
            [d for d in state.docs if d.id in inside],
            [e for e in events if inside.intersection(e.articles)],
        )
        base = len(entries)
        entries.extend(part.entries)
        conflicts.extend((base + i, base + j) for i, j in part.conflicts)
    order = sorted(range(len(entries)), key=lambda i: (entries[i].date, -len(entries[i].citations)))
    position = {old: new for new, old in enumerate(order)}
    pairs = sorted(
        (min(position[i], position[j]), max(position[i], position[j])) for i, j in conflicts
    )
    return dataclasses.replace(
        state, timeline=tuple(entries[i] for i in order), timeline_conflicts=tuple(pairs)
    )


def _event_dates(state: State, config: Config) -> State:
    """Undated events take a date from the timeline entries citing their articles (inferred);
    events are then put in date order, so the summary and claims see the final event ids."""
    assert state.events is not None and state.timeline is not None
    articles = [d.article for d in state.docs or ()]
    dated = infer_event_dates(state.events, state.timeline, articles)
    return dataclasses.replace(state, events=in_date_order(dated))


def claim_blocks(state: State) -> list[list[int]]:
    """The claims of each unrelated story, as indices into ``state.claims`` (one block when the
    briefing tells one story): claims are compared inside a block only."""
    story_of = {a: k for k, members in enumerate(state.stories or ()) for a in members}
    blocks: dict[int, list[int]] = {}
    for i, c in enumerate(state.claims or ()):
        blocks.setdefault(story_of.get(c.claim.article, -1), []).append(i)
    return list(blocks.values())


def scored_disagreements_of(
    state: State, config: Config
) -> tuple[tuple[ClaimGroup, ...], list[Scored], tuple[Notice, ...]]:
    """The claim groups, every disagreement found with its evidence, best first (the
    ``disagreements`` stage, before the split into shown and possible ones), and its notices
    (NP217 when the similarity by meaning asked for cannot be loaded)."""
    from newsprism.analyze.disagreements.nli import get_contradiction, get_similarity

    assert state.claims is not None and state.quotes is not None and state.relations is not None
    claims = state.claims
    blocks = claim_blocks(state)
    sim = block_similarity(claims, get_similarity(config.similarity), blocks)
    groups = group_claims(claims, sim, state.relations.independent)
    meaning, notices = _meaning(claims, config.meaning, blocks)
    counted, more = _counted(claims, config.counts_by_meaning, blocks)
    notices += more
    q = state.quotes
    scored = scored_disagreements(
        claims,
        sim,
        groups,
        articles=state.articles,
        quotes=q.quotes,
        quote_groups=q.groups,
        speakers=q.speakers,
        timeline=state.timeline or (),
        timeline_conflicts=state.timeline_conflicts,
        backend=get_contradiction(config.contradiction),
        meaning=meaning,
        counted=counted,
    )
    return tuple(groups), scored, notices


def _counted(
    claims: Sequence[ClaimInfo], name: str, blocks: list[list[int]]
) -> tuple[list[CountedPair], tuple[Notice, ...]]:
    """Counts of one thing told with different nouns (``alignment.counted_pairs``) with the
    ``name`` embedding backend, loaded only when a pair needs it; none and notice NP217 when
    the backend's optional dependencies (the ``embed`` extra) are missing."""
    if not name or name == "none" or not claims:
        return [], ()
    from newsprism.nlp.embeddings import get_backend

    try:
        return counted_pairs(claims, get_backend(name).encode, blocks), ()
    except (ImportError, SetupError) as exc:
        detail = (
            f"{MEANING_MISSING.title}: counts_by_meaning={name!r} ({exc}); counts told with "
            "different nouns are not compared"
        )
        return [], (Notice(MEANING_MISSING.code, detail),)


def _meaning(
    claims: Sequence[ClaimInfo], name: str | SimilarityBackend, blocks: list[list[int]]
) -> tuple[BlockSimilarity | None, tuple[Notice, ...]]:
    """Claim similarity by meaning over ``blocks`` with the ``name`` similarity backend, and
    the notices: None when none is asked for; None and notice NP217 when its optional
    dependencies (the ``embed`` extra) are missing, so claims pair by words only and say so."""
    from newsprism.analyze.disagreements.nli import get_similarity

    if not name or name == "none" or not claims:
        return None, ()
    try:
        return block_similarity(claims, get_similarity(name), blocks), ()
    except (ImportError, SetupError) as exc:  # pip install -e '.[embed]' brings the model
        detail = f"{MEANING_MISSING.title}: meaning={name!r} ({exc}); claims paired by words only"
        return None, (Notice(MEANING_MISSING.code, detail),)


def _disagreements(state: State, config: Config) -> State:
    groups, scored, notices = scored_disagreements_of(state, config)
    found = ranked(scored, MAX_DISAGREEMENTS, conf.weights_named(config.confidence))
    shown, possible = split_confident(found)
    return dataclasses.replace(
        state,
        claim_groups=groups,
        disagreements=shown,
        possible_disagreements=possible,
        notices=state.notices + notices,
    )


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("check", (), (), _check_inputs),
    Stage("annotate", ("articles",), ("docs",), _annotate),
    Stage("relations", ("docs",), ("relations",), _relations),
    Stage("events", ("docs", "relations"), ("events", "stories"), _events),
    Stage("timeline", ("docs", "events"), ("timeline",), _timeline),
    Stage("event_dates", ("events", "timeline"), ("events",), _event_dates),
    Stage("quotes", ("docs",), ("quotes",), _quotes),
    Stage("summary", ("docs", "relations", "events"), ("summary",), _summary),
    Stage("claims", ("docs", "quotes", "relations", "events"), ("claims",), _claims),
    Stage(
        "disagreements",
        ("claims", "quotes", "relations", "timeline"),
        ("claim_groups", "disagreements", "possible_disagreements"),
        _disagreements,
    ),
)


def to_briefing(state: State) -> Briefing:
    rel = state.relations
    quotes = state.quotes
    return Briefing(
        articles=state.articles,
        dropped=state.dropped,
        relations=rel.relations if rel else (),
        repeated_passages=rel.repeated if rel else (),
        independent_sources=rel.independent if rel else (),
        events=state.events or (),
        summary=state.summary or (),
        speakers=quotes.speakers if quotes else (),
        quotes=quotes.quotes if quotes else (),
        quote_groups=quotes.groups if quotes else (),
        disagreements=state.disagreements or (),
        possible_disagreements=state.possible_disagreements,
        timeline=state.timeline or (),
        claims=tuple(c.claim for c in state.claims or ()),
        claim_groups=state.claim_groups or (),
        notices=state.notices,
        stories=_stories_in_event_order(state),
    )


def _stories_in_event_order(state: State) -> tuple[tuple[str, ...], ...]:
    """The unrelated stories, ordered by their first event (events are in date order)."""
    stories = state.stories or ()
    rank = {a: k for k, e in enumerate(state.events or ()) for a in e.articles}
    return tuple(sorted(stories, key=lambda g: min(rank.get(a, len(rank)) for a in g)))


def run_pipeline(
    articles: Sequence[Article],
    config: Config | None = None,
    *,
    dropped: Sequence[Drop] = (),
    notices: Sequence[Notice] = (),
    stages: Sequence[Stage] = DEFAULT_STAGES,
    progress: ProgressFn | None = None,
    check: Callable[[State], None] | None = None,
) -> Briefing:
    """Run the stages over articles that have been read (and boilerplate-marked); ``progress``
    and ``check`` as in ``Pipeline.run``."""
    state = State(tuple(articles), tuple(dropped), tuple(notices))
    state = Pipeline(stages).run(state, config or Config(), progress, check)
    return to_briefing(state)
