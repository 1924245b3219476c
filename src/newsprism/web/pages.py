"""HTML pages of the web app: Jinja2 templates (autoescaped) over the store's objects.

Article text is cut into escaped ``<span data-s data-e>`` pieces by ``render.html.render_text``,
the function behind ``briefing.html``, so the app and the report mark text the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from newsprism import __version__
from newsprism.render.html import Mark, render_text
from newsprism.store import SearchHit, StoredArticle
from newsprism.web.reader import Page

SNIPPET = 110  # characters either side of the first match in a search hit


def article_url(article: str, span: tuple[int, int] | None = None) -> str:
    """The article page, landing on the cited span when given (works with and without JS)."""
    url = "/article/" + quote(article, safe="")
    if span is None:
        return url
    s, e = span
    return f"{url}?c={s}-{e}#c={s}-{e}"


@lru_cache(maxsize=1)
def env() -> Environment:
    environment = Environment(
        loader=PackageLoader("newsprism.web", "templates"),
        autoescape=select_autoescape(["html", "xml"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(version=__version__, article_url=article_url, qs=urlencode)
    return environment


def render(template: str, **context: Any) -> str:
    return env().get_template(template).render(**context)


def article_page(stored: StoredArticle, span: tuple[int, int] | None) -> str:
    a = stored.article
    marks = [Mark(b.start, b.end, "bp", None, f"boilerplate: {b.kind}") for b in a.boilerplate]
    if span is not None:
        marks.append(Mark(span[0], span[1], "hl", f"c={span[0]}-{span[1]}"))
    text = Markup(render_text(a.text, marks))  # every piece escaped by render_text
    cited = a.text[span[0] : span[1]] if span else None
    return render("article.html", stored=stored, a=a, text=text, span=span, cited=cited)


def hit_snippet(hit: SearchHit) -> Markup:
    """Text around the first matched word, matches in ``<mark>``, everything escaped."""
    text = hit.article.text
    if not hit.matches:
        return Markup(escape(" ".join(text[: 2 * SNIPPET].split())))
    first = hit.matches[0][0]
    lo, hi = max(0, first - SNIPPET), min(len(text), first + SNIPPET)
    out: list[str] = ["…" if lo else ""]
    at = lo
    for s, e in hit.matches:
        if s < at or e > hi:
            continue
        out.append(str(escape(text[at:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(str(escape(text[at:hi])))
    out.append("…" if hi < len(text) else "")
    return Markup(" ".join("".join(out).split()))


def hit_record(hit: SearchHit) -> dict[str, Any]:
    a = hit.article
    return {
        "id": a.id,
        "row": hit.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "url": a.url,
        "rank": round(hit.rank, 6),
        "snippet": hit.snippet,
        "matches": [{"start": s, "end": e, "text": a.text[s:e]} for s, e in hit.matches],
    }


def search_page(q: str, hits: Sequence[SearchHit], total: int, page: Page) -> str:
    items = [
        {
            "hit": h,
            "snippet": hit_snippet(h),
            "href": article_url(h.article.id, h.matches[0] if h.matches else None),
        }
        for h in hits
    ]
    return render("search.html", q=q, items=items, total=total, page=page, pages=pager(page, total))


def error_page(status: int, message: str) -> str:
    titles = {400: "Bad request", 404: "Not found", 405: "Not allowed", 500: "Server error"}
    return render("error.html", status=status, title=titles.get(status, "Error"), message=message)


def pager(page: Page, total: int | None) -> dict[str, int | None]:
    """Previous and next page numbers (None at the ends)."""
    has_next = total is None or page.offset + page.size < total
    return {
        "prev": page.number - 1 if page.number > 1 else None,
        "next": page.number + 1 if has_next else None,
    }
