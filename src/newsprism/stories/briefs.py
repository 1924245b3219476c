"""One briefing per story: ``newsprism brief MIXED_DIR -o out/ --per-story``.

Articles that have been read are grouped into stories in memory (``stories.group_articles``, in
publication order, an undated article next to the articles read beside it), every story is briefed
by the same pipeline as ``brief`` and written to ``OUT/<story id>/briefing.{json,md,html}``; an index
(``index.html`` and ``index.json``, the ``stories --json`` shape with each story's ``folder``) links
them.  Inputs that could not be read are listed in the index, and so are pages that are no news
article (``ingest.pagekind``, NP228: an error page, a widget, a site's index), which are kept out
of the stories.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism.errors import OUTPUT_FAILED, OutputError
from newsprism.ingest.pagekind import split_pages
from newsprism.model import Article, Briefing, Drop, Notice, Story
from newsprism.options import Config
from newsprism.stories import GroupingConfig, group_articles
from newsprism.stories.labels import label_stories
from newsprism.stories.report import index_html, story_record

StoryProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class StoryBriefing:
    story: Story
    folder: Path
    briefing: Briefing
    paths: tuple[Path, ...]


def _fill(dates: list[str | None], idx: Sequence[int]) -> None:
    """Undated positions ``idx`` of ``dates`` take the date before them (or, at the start, the
    date after them), in place."""
    last: str | None = None
    for i in idx:
        if dates[i] is None:
            dates[i] = last
        else:
            last = dates[i]
    nxt: str | None = None
    for i in reversed(idx):
        if dates[i] is None:
            dates[i] = nxt
        else:
            nxt = dates[i]


def stream_order(articles: Sequence[Article]) -> list[Article]:
    """Articles as a stream would bring them: by publication date.  An undated article takes the
    date of the dated article read just before it in the same folder (or just after it), else in
    the whole input, so that it arrives among its neighbours; ties keep the order given."""
    import os.path

    dates: list[str | None] = [a.published[:10] if a.published else None for a in articles]
    folders: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        folders.setdefault(os.path.dirname(a.source), []).append(i)
    for idx in folders.values():
        _fill(dates, idx)
    _fill(dates, range(len(articles)))
    order = sorted(range(len(articles)), key=lambda i: (dates[i] or "", i))
    return [articles[i] for i in order]


def write_text(path: Path, content: str) -> None:
    """Write a file whole (temporary file, then rename), or raise ``OutputError`` (NP104)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(content, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(OUTPUT_FAILED, f"{exc.filename or path}: {exc.strerror or exc}") from exc


def brief_per_story(
    articles: Sequence[Article],
    out_dir: Path,
    *,
    config: Config | None = None,
    grouping: GroupingConfig | None = None,
    formats: Sequence[str] = ("json", "md", "html"),
    dropped: Sequence[Drop] = (),
    notices: Sequence[Notice] = (),
    progress: StoryProgress | None = None,
) -> list[StoryBriefing]:
    """Group ``articles`` into stories, brief each into ``out_dir/<id>/`` and write the index."""
    from newsprism.pipeline import run_pipeline  # the analysis: imported when briefing
    from newsprism.render import write_briefing

    articles, pages = split_pages(articles)  # no error page or widget founds a story
    dropped = [*dropped, *pages]
    by_id = {a.id: a for a in articles}
    stories = label_stories(group_articles(stream_order(articles), grouping), by_id)
    out: list[StoryBriefing] = []
    records = []
    links: dict[str, str] = {}
    for k, story in enumerate(stories):
        if progress:
            progress(f"story {story.id}", k, len(stories))
        members = [by_id[a] for a in story.articles]
        mine = [n for n in notices if n.source in {a.source for a in members}]
        briefing = run_pipeline(members, config, notices=mine)
        folder = Path(out_dir) / story.id
        paths = write_briefing(briefing, folder, formats)
        out.append(StoryBriefing(story, folder, briefing, tuple(paths)))
        record = story_record(story, by_id, len(briefing.independent_sources))
        record["folder"] = story.id
        records.append(record)
        main = next((p for p in paths if p.suffix == ".html"), paths[0] if paths else None)
        if main is not None:
            links[story.id] = f"{story.id}/{main.name}"
    if progress:
        progress("done", len(stories), len(stories))
    index = {
        "stories": records,
        "dropped": [{"source": d.source, "code": d.code, "reason": d.reason} for d in dropped],
    }
    write_text(Path(out_dir) / "index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    write_text(Path(out_dir) / "index.html", index_html(records, links, dropped))
    return out
