"""A story's page from its cached briefing (``newsprism.briefing/1`` as a dict).

The sections are those of ``briefing.html`` (summary, where accounts differ, where the sources
agree, timeline, quotes by speaker, shared quotes, sources and their relations); every citation
links to ``/article/ID?c=START-END#c=START-END``.  The briefing is computed and cached on a
story's first view when the app may write (``compute_briefing``); a read-only app shows what is
cached.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from newsprism.render.json_out import STANCE_LABELS, kind_label

if TYPE_CHECKING:
    from newsprism.pipeline import Config

MAX_AGREEMENTS = 15
MAX_RELATIONS = 6  # per article on the page; the JSON has them all
# A story of a hundred articles holds thousands of quotes and dates: its page shows the first of
# each section (sizes below) and links to the whole page (?full=1) and to the JSON.
MAX_TIMELINE = 60
MAX_SPEAKERS = 24
MAX_QUOTES_EACH = 6  # quotes per speaker
MAX_QUOTE_GROUPS = 30
_locks: dict[int, threading.Lock] = defaultdict(threading.Lock)
_locks_guard = threading.Lock()


def labels(briefing: Mapping[str, Any]) -> dict[str, str]:
    """Display label per article: its outlet, with the id added when an outlet repeats."""
    arts = briefing.get("articles", ())
    count: dict[str, int] = defaultdict(int)
    for a in arts:
        if a.get("outlet"):
            count[a["outlet"]] += 1
    out = {}
    for a in arts:
        o = a.get("outlet")
        out[a["id"]] = (o if count[o] == 1 else f"{o} · {a['id']}") if o else a["id"]
    return out


def view(briefing: Mapping[str, Any], full: bool = False) -> dict[str, Any]:
    """What the story template shows, taken from the briefing: the first items of the long
    sections (``more`` counts what is left out), or everything when ``full``."""
    groups = [list(g) for g in briefing.get("independent_sources", ())]
    group_of = {a: i for i, g in enumerate(groups) for a in g}
    speakers = {s["id"]: s for s in briefing.get("speakers", ())}

    def n_sources(articles: Sequence[str]) -> int:
        return len({group_of.get(a, a) for a in articles})

    summary = []
    for item in briefing.get("summary", ()):
        members = [*item.get("support", ()), *(c["article"] for c in item["citations"])]
        n = item.get("independent_support") or n_sources(list(dict.fromkeys(members)))
        summary.append({**item, "n": n})

    disagreements = []
    for d in sorted(briefing.get("disagreements", ()), key=lambda x: x.get("rank", 0)):
        label, meaning = kind_label(d.get("kind", ""))
        sides = []
        for s in d.get("sides", ()):
            who = s.get("speaker")
            name = speakers[who]["name"] if who in speakers else who
            stance = STANCE_LABELS.get(s.get("stance") or "", s.get("stance"))
            sides.append({**s, "who": name or "Reporter’s own words", "stance_label": stance})
        disagreements.append({**d, "label": label, "meaning": meaning, "sides": sides})

    by_speaker: dict[str | None, list[Mapping[str, Any]]] = defaultdict(list)
    for q in briefing.get("quotes", ()):
        by_speaker[q.get("speaker")].append(q)
    quotes: list[dict[str, Any]] = [
        {"speaker": speakers.get(sid) if sid else None, "quotes": qs, "n": len(qs)}
        for sid, qs in sorted(by_speaker.items(), key=lambda kv: (kv[0] is None, -len(kv[1])))
    ]
    timeline = list(briefing.get("timeline", ()))
    quote_groups = list(briefing.get("quote_groups", ()))
    more = {"timeline": 0, "speakers": 0, "quotes": 0, "quote_groups": 0}
    if not full:
        more["timeline"] = max(0, len(timeline) - MAX_TIMELINE)
        more["speakers"] = max(0, len(quotes) - MAX_SPEAKERS)
        more["quote_groups"] = max(0, len(quote_groups) - MAX_QUOTE_GROUPS)
        timeline = timeline[:MAX_TIMELINE]
        quote_groups = quote_groups[:MAX_QUOTE_GROUPS]
        quotes = quotes[:MAX_SPEAKERS]
        for grp in quotes:
            more["quotes"] += max(0, grp["n"] - MAX_QUOTES_EACH)
            grp["quotes"] = grp["quotes"][:MAX_QUOTES_EACH]

    relations: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in briefing.get("relations", ()):
        relations[r["a"]].append({"kind": r["kind"], "other": r["b"], "score": r["score"]})
        relations[r["b"]].append({"kind": r["kind"], "other": r["a"], "score": r["score"]})
    for rs in relations.values():  # the strongest first; a page lists MAX_RELATIONS
        rs.sort(key=lambda r: -float(r["score"]))
    arts = {a["id"]: a for a in briefing.get("articles", ())}
    sources = [[arts[a] for a in g if a in arts] for g in groups] or [
        [a] for a in briefing.get("articles", ())
    ]
    return {
        "labels": labels(briefing),
        "n_groups": len(groups) or len(arts),
        "summary": summary,
        "disagreements": disagreements,
        "agreements": list(briefing.get("claim_groups", ()))[:MAX_AGREEMENTS],
        "more_agreements": max(0, len(briefing.get("claim_groups", ())) - MAX_AGREEMENTS),
        "timeline": timeline,
        "quotes": quotes,
        "speakers": speakers,
        "quote_groups": quote_groups,
        "more": more,
        "shortened": any(more.values()),
        "sources": sources,
        "relations": relations,
        "max_relations": MAX_RELATIONS,
        "notices": briefing.get("notices", ()),
        "dropped": briefing.get("dropped", ()),
    }


def compute_briefing(
    store_path: str, story_id: int, config: Config | None = None
) -> dict[str, Any] | None:
    """Brief a story's articles with ``config`` and cache the briefing in the store (a writable
    connection of its own) for its membership and ``settings_key(config)``; one computation per
    story at a time.  None when the story has no article."""
    from newsprism.pipeline import run_pipeline, settings_key
    from newsprism.render.json_out import briefing_to_dict, story_title
    from newsprism.store import Store, membership_hash

    with _locks_guard:
        lock = _locks[story_id]
    with lock, Store.open(store_path) as store:
        row = store.story(story_id)
        if row is None:
            return None
        settings = settings_key(config)
        cached = store.current_briefing(story_id, row.membership, settings)
        if cached is not None:
            return cached  # another request computed it meanwhile
        stored = store.story_articles(story_id)
        if not stored:
            return None
        b = run_pipeline(tuple(s.article for s in stored), config)
        doc = briefing_to_dict(b)
        membership = row.membership or membership_hash([s.id for s in stored])
        store.save_briefing(
            story_id, membership, doc, label=row.label or story_title(b), settings=settings
        )
        return doc
