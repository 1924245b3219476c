"""What a list of stories looks like to a person or a program: records, an index page.

``story_records`` gives the JSON shape of ``newsprism stories --json`` (docs/stories.md)::

    {"stories": [{"id", "label", "first_seen", "last_seen",
                  "articles": [{"id", "url", "outlet", "title", "published"}],
                  "outlets", "independent_sources"}]}

``index_html`` renders the index page that ``brief --per-story`` (and ``brief-all``) write next to
the story folders.  Everything shown is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from newsprism.model import Article, Drop, Story


def independent_count(story: Story) -> int:
    """Independent sources of a story as grouping saw them: its articles, less those that joined
    as a copy of another of its articles (a briefing counts them more exactly)."""
    members = set(story.articles)
    copies = sum(1 for m in story.members if m.reason == "copy" and m.via in members)
    return len(story.members) - copies


def story_record(
    story: Story, articles: Mapping[str, Article], independent: int | None = None
) -> dict[str, Any]:
    rows = []
    outlets: list[str] = []
    for m in story.members:
        a = articles.get(m.article)
        rows.append(
            {
                "id": m.article,
                "url": a.url if a else None,
                "outlet": a.outlet if a else None,
                "title": a.title if a else None,
                "published": a.published if a else None,
            }
        )
        if a and a.outlet and a.outlet not in outlets:
            outlets.append(a.outlet)
    return {
        "id": story.id,
        "label": story.label,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "articles": rows,
        "outlets": outlets,
        "independent_sources": independent if independent is not None else independent_count(story),
    }


def story_records(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    independent: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The ``{"stories": [...]}`` document (see the module docstring)."""
    independent = independent or {}
    return {"stories": [story_record(s, articles, independent.get(s.id)) for s in stories]}


def index_html(
    records: Sequence[dict[str, Any]],
    links: Mapping[str, str],
    dropped: Sequence[Drop] = (),
    title: str = "Stories",
) -> str:
    """A self-contained page listing stories (``records`` as ``story_record`` makes them), each
    linked to ``links[story id]`` when given."""
    e = html.escape
    rows = []
    for r in records:
        label = e(r["label"] or r["id"])
        link = links.get(r["id"])
        name = f'<a href="{e(link)}">{label}</a>' if link else label
        dates = " – ".join(dict.fromkeys(d for d in (r["first_seen"], r["last_seen"]) if d))
        titles = "".join(
            f"<li>{e(a['title'] or a['id'])}"
            + (f" <span class=o>({e(a['outlet'])})</span>" if a["outlet"] else "")
            + "</li>"
            for a in r["articles"]
        )
        rows.append(
            f"<tr><td>{e(r['id'])}</td><td>{name}<ul>{titles}</ul></td><td>{e(dates or '-')}</td>"
            f"<td>{len(r['articles'])}</td><td>{r['independent_sources']}</td>"
            f"<td>{e(', '.join(r['outlets']) or '-')}</td></tr>"
        )
    drops = "".join(f"<li>{e(d.source)}: {e(d.code)} {e(d.reason)}</li>" for d in dropped)
    n_articles = sum(len(r["articles"]) for r in records)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}}
table{{border-collapse:collapse;width:100%}}th,td{{text-align:left;vertical-align:top;
padding:.4rem .6rem;border-bottom:1px solid #ddd}}ul{{margin:.3rem 0 0;padding-left:1.1rem;
font-size:13px;color:#555}}.o{{color:#888}}
</style></head><body>
<h1>{e(title)}</h1>
<p>{len(records)} stories from {n_articles} articles, grouped by newsprism.</p>
<table><thead><tr><th>Id</th><th>Story</th><th>Dates</th><th>Articles</th>
<th>Independent sources</th><th>Outlets</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table>
{f"<h2>Not read</h2><ul>{drops}</ul>" if drops else ""}
</body></html>
"""
