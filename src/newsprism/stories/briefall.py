"""Brief the stories of a store: ``newsprism brief-all`` and ``brief --db --story``.

The work is split as datatrove splits a pipeline: the driver reads the store and writes the
results; the stage function in between is pure and runs wherever the engine puts it
(``stories.engines``: in-process, a local process pool, Ray).

1. **Jobs** (driver): every story whose cached briefing is not current, or whose folder lacks
   its files, becomes a ``StoryJob``: the story id, its membership, the settings key of the
   config (``pipeline.settings_key``) and its articles as read from the store.  A cached briefing
   is current when it was made for the story's membership and with the same settings (the
   ``briefings`` table keeps both), so other options or another newsprism release brief again.
2. **Stage** (``brief_job``, anywhere): runs the ``brief`` pipeline over the story's articles
   and renders the files, returning a ``StoryOutcome`` (files as text, the briefing as a dict,
   the label of its largest event).  When the pipeline fails, each article is tried on its own;
   those that fail are left out (with their error) and the story is briefed without them.
3. **Write** (driver, as outcomes arrive): the files into ``OUT/s<id>/`` (each written whole),
   then the briefing into the store's cache with the story's new label, in that order: a story
   whose briefing is cached has its files.  Failures go to ``story_failures``.
4. **Index** (driver): ``OUT/index.html`` and ``OUT/index.json`` list every briefed story.

Interrupted, a rerun skips what is cached and written (resume); a changed story is briefed again.

``brief --db --story`` (``brief_story``) takes the same cache: a current briefing is read back
(``render.from_json``) and written out without analysing the story again.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.errors import NO_STORY, InputError
from newsprism.model import Article
from newsprism.options import Config
from newsprism.store import Store

FORMATS = ("json", "md", "html")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class StoryJob:
    """What a worker needs to brief one story (picklable, no store)."""

    story_id: int
    membership: str
    articles: tuple[tuple[int, Article], ...]  # (row id, article), by date
    config: Config | None = None
    formats: tuple[str, ...] = FORMATS
    settings: str = ""  # pipeline.settings_key(config): the cache key beside the membership


@dataclass(frozen=True)
class StoryOutcome:
    """What briefing one story gave: files to write, or an error."""

    story_id: int
    membership: str
    files: tuple[tuple[str, str], ...] = ()  # (file name, content)
    briefing: dict[str, Any] | None = None
    label: str = ""
    independent_sources: int = 0
    failed_articles: tuple[tuple[int, str], ...] = ()  # (row id, error)
    error: str | None = None
    seconds: float = 0.0
    articles: int = 0
    settings: str = ""
    cached: bool = False  # read from the store's cache, not briefed now


def _error(exc: BaseException) -> str:
    code = getattr(getattr(exc, "code", None), "code", None)
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({Path(last[0].filename).name}:{last[0].lineno})" if last else ""
    return f"{code or type(exc).__name__}: {exc}{where}"


def _brief(articles: Sequence[Article], job: StoryJob) -> StoryOutcome:
    from newsprism.pipeline import run_pipeline
    from newsprism.render import FORMATS as RENDERERS
    from newsprism.render import briefing_to_dict
    from newsprism.render.json_out import story_label

    b = run_pipeline(articles, job.config)
    files = tuple((RENDERERS[f][0], RENDERERS[f][1](b)) for f in job.formats)
    fallback = next((a.title for a in articles if a.title), "") or ""
    return StoryOutcome(
        job.story_id,
        job.membership,
        files=files,
        briefing=briefing_to_dict(b),
        label=story_label(b.events, fallback),
        independent_sources=len(b.independent_sources),
        articles=len(articles),
    )


def brief_job(job: StoryJob) -> StoryOutcome:
    """Brief one story (the stage function every engine runs).  Never raises: a failure is in
    the outcome, and an article that makes the pipeline fail is left out with its error."""
    from newsprism.pipeline import run_pipeline

    started = time.perf_counter()
    articles = [a for _, a in job.articles]
    try:
        out = _brief(articles, job)
    except Exception as exc:  # find the articles at fault, brief the rest
        story_error = _error(exc)
        failed: list[tuple[int, str]] = []
        kept: list[Article] = []
        if len(job.articles) > 1:
            for row_id, a in job.articles:
                try:
                    run_pipeline([a], job.config)
                    kept.append(a)
                except Exception as one:
                    failed.append((row_id, _error(one)))
        if not failed or not kept:
            return StoryOutcome(
                job.story_id,
                job.membership,
                failed_articles=tuple(failed),
                error=story_error,
                seconds=time.perf_counter() - started,
                articles=len(articles),
            )
        try:
            out = _brief(kept, job)
        except Exception as again:
            return StoryOutcome(
                job.story_id,
                job.membership,
                failed_articles=tuple(failed),
                error=_error(again),
                seconds=time.perf_counter() - started,
                articles=len(articles),
            )
        out = _replace(out, failed_articles=tuple(failed))
    return _replace(
        out, seconds=time.perf_counter() - started, articles=len(articles), settings=job.settings
    )


def _replace(o: StoryOutcome, **kw: Any) -> StoryOutcome:
    import dataclasses

    return dataclasses.replace(o, **kw)


def story_job(
    store: Store,
    story_id: int,
    config: Config | None = None,
    formats: Sequence[str] = FORMATS,
) -> StoryJob:
    """The job of one story, read from the store (NP124 when there is no such story)."""
    from newsprism.options import settings_key

    row = store.story(story_id)
    if row is None:
        raise InputError(NO_STORY, f"{story_id}")
    arts = tuple((s.id, s.article) for s in store.story_articles(story_id))
    return StoryJob(story_id, row.membership, arts, config, tuple(formats), settings_key(config))


def folder_name(story_id: int) -> str:
    return f"s{story_id}"


def write_outcome(
    store: Store, outcome: StoryOutcome, folder: Path, *, cache: bool = True, files: bool = True
) -> list[Path]:
    """Write an outcome's files into ``folder`` (``files``) and (``cache``) its briefing and
    label into the store; record its failures.  Returns the paths written."""
    from newsprism.stories.briefs import write_text

    for row_id, error in outcome.failed_articles:
        store.record_story_failure(error, story_id=outcome.story_id, article_id=row_id)
    if outcome.error is not None:
        store.record_story_failure(outcome.error, story_id=outcome.story_id)
        return []
    paths = []
    for name, content in outcome.files if files else ():
        write_text(folder / name, content)
        paths.append(folder / name)
    if cache and outcome.briefing is not None:
        store.save_briefing(
            outcome.story_id,
            outcome.membership,
            outcome.briefing,
            label=outcome.label or None,
            settings=outcome.settings,
        )
    return paths


@dataclass
class BriefAllReport:
    stories: int = 0  # stories briefed now
    cached: int = 0  # stories skipped: briefed before, unchanged
    failed: int = 0  # stories that could not be briefed (recorded)
    failed_articles: int = 0  # articles left out of their story's briefing (recorded)
    articles: int = 0  # articles in the stories briefed now
    seconds: float = 0.0
    index: Path | None = None
    briefed: list[int] = field(default_factory=list)
    failures: list[tuple[int, int | None, str]] = field(default_factory=list)  # story, article

    @property
    def rate(self) -> float:
        """Articles briefed per second."""
        return self.articles / self.seconds if self.seconds else 0.0


def stale_stories(
    store: Store,
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    min_articles: int = 1,
    force: bool = False,
    config: Config | None = None,
) -> tuple[list[int], int]:
    """Stories to brief (newest first) and how many are cached, current for ``config`` (made
    for the story's membership with the same ``settings_key``), with their files in place."""
    from newsprism.options import settings_key
    from newsprism.render import FORMATS as RENDERERS

    names = [RENDERERS[f][0] for f in formats]
    settings = settings_key(config)
    rows = store.conn.execute(
        "SELECT s.id, s.membership, b.membership, b.settings FROM stories s "
        "LEFT JOIN briefings b ON b.story_id = s.id WHERE s.n_articles >= ? "
        "ORDER BY s.last_seen DESC, s.n_articles DESC, s.id DESC",
        (min_articles,),
    ).fetchall()
    todo: list[int] = []
    cached = 0
    for sid, membership, briefed, made_with in rows:
        folder = Path(out_dir) / folder_name(sid)
        current = briefed == membership and made_with == settings
        if not force and current and all((folder / n).is_file() for n in names):
            cached += 1
        else:
            todo.append(int(sid))
    return todo, cached


def brief_all(
    store: Store,
    out_dir: Path,
    *,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    config: Config | None = None,
    formats: Sequence[str] = FORMATS,
    min_articles: int = 1,
    force: bool = False,
    update: bool = True,
    progress: Progress | None = None,
) -> BriefAllReport:
    """Brief every story of ``store`` whose cached briefing is not current (its membership
    changed, or it was made with other settings than ``config``) into ``out_dir/s<id>/``, then
    write the index (see the module docstring)."""
    from newsprism.stories.engines import make_engine

    started = time.perf_counter()
    out_dir = Path(out_dir)
    if update:
        from newsprism.stories.store import update_stories

        update_stories(store, progress=progress)
    todo, cached = stale_stories(
        store, out_dir, formats=formats, min_articles=min_articles, force=force, config=config
    )
    report = BriefAllReport(cached=cached)

    def jobs() -> Iterator[StoryJob]:
        for sid in todo:
            if store.story(sid) is not None:
                yield story_job(store, sid, config, formats)

    runner = make_engine(engine, workers=workers, address=address)
    try:
        for k, outcome in enumerate(runner.map(brief_job, jobs()), 1):
            write_outcome(store, outcome, out_dir / folder_name(outcome.story_id))
            report.failed_articles += len(outcome.failed_articles)
            for row_id, error in outcome.failed_articles:
                report.failures.append((outcome.story_id, row_id, error))
            if outcome.error is not None:
                report.failed += 1
                report.failures.append((outcome.story_id, None, outcome.error))
            else:
                report.stories += 1
                report.articles += outcome.articles - len(outcome.failed_articles)
                report.briefed.append(outcome.story_id)
            if progress:
                progress(f"briefing {k}/{len(todo)}", k, len(todo))
    finally:
        runner.close()
    report.index = write_index(store, out_dir, formats=formats, min_articles=min_articles)
    report.seconds = time.perf_counter() - started
    return report


def write_index(
    store: Store, out_dir: Path, *, formats: Sequence[str] = FORMATS, min_articles: int = 1
) -> Path:
    """``OUT/index.html`` and ``OUT/index.json``: the stories whose folder holds a briefing, in
    the store's order (the ``stories --json`` shape, each with its ``folder``)."""
    from newsprism.render import FORMATS as RENDERERS
    from newsprism.stories.briefs import write_text
    from newsprism.stories.report import index_html
    from newsprism.stories.store import stories_json

    main = RENDERERS["html" if "html" in formats else formats[0]][0]
    records = []
    links: dict[str, str] = {}
    offset = 0
    while True:
        rows = store.stories(limit=500, offset=offset)
        if not rows:
            break
        offset += len(rows)
        kept = [
            r
            for r in rows
            if r.n_articles >= min_articles and (out_dir / folder_name(r.id) / main).is_file()
        ]
        for record in stories_json(store, kept)["stories"]:
            name = folder_name(record["id"])
            record["folder"] = name
            records.append(record)
            links[str(record["id"])] = f"{name}/{main}"
    write_text(
        out_dir / "index.json",
        json.dumps({"stories": records}, ensure_ascii=False, indent=2) + "\n",
    )
    path = out_dir / "index.html"
    shown = [{**r, "id": str(r["id"])} for r in records]
    write_text(path, index_html(shown, links, title="Stories of the store"))
    return path


def cached_outcome(
    store: Store,
    story_id: int,
    config: Config | None = None,
    formats: Sequence[str] = FORMATS,
) -> StoryOutcome | None:
    """The story's cached briefing as an outcome, its files rendered from it
    (``render.from_json``), when it is current: made for the story's membership with the same
    ``settings_key(config)``.  None when it is not (or there is none): brief it then.  The
    story's articles are not read."""
    from newsprism.options import settings_key
    from newsprism.render import FORMATS as RENDERERS
    from newsprism.render.from_json import briefing_from_dict

    row = store.story(story_id)
    if row is None:
        raise InputError(NO_STORY, f"{story_id}")
    settings = settings_key(config)
    doc = store.current_briefing(story_id, row.membership, settings)
    if doc is None:
        return None
    try:
        b = briefing_from_dict(doc)
    except (KeyError, TypeError, ValueError):  # not a briefing this release reads: brief again
        return None
    return StoryOutcome(
        story_id,
        row.membership,
        files=tuple((RENDERERS[f][0], RENDERERS[f][1](b)) for f in formats),
        briefing=doc,
        label=row.label or "",
        independent_sources=len(b.independent_sources),
        articles=len(b.articles),
        settings=settings,
        cached=True,
    )


def story_outcome(
    store: Store,
    story_id: int,
    *,
    config: Config | None = None,
    formats: Sequence[str] = FORMATS,
    force: bool = False,
) -> StoryOutcome:
    """One story's briefing: the cached one when it is current (``cached_outcome``; not with
    ``force``), else briefed now and, when the store is writable, cached for its membership and
    settings (``outcome.cached`` tells which).  Files are not written."""
    if not force:
        cached = cached_outcome(store, story_id, config, formats)
        if cached is not None:
            return cached
    outcome = brief_job(story_job(store, story_id, config, formats))
    if not store.readonly:
        write_outcome(store, outcome, Path(), files=False)
    return outcome


def brief_story(
    store: Store,
    story_id: int,
    out_dir: Path,
    *,
    config: Config | None = None,
    formats: Sequence[str] = FORMATS,
    force: bool = False,
) -> StoryOutcome:
    """``newsprism brief --db --story ID -o OUT``: one story's briefing into ``out_dir``, read
    from the store's cache when it is current, else briefed and cached (``story_outcome``)."""
    from newsprism.stories.briefs import write_text

    outcome = story_outcome(store, story_id, config=config, formats=formats, force=force)
    for name, content in outcome.files:
        write_text(Path(out_dir) / name, content)
    return outcome
