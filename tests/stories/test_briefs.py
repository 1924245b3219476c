"""``brief --per-story``: one briefing per story, an index, and labels as events have them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newsprism.api import prepare
from newsprism.cli import main
from newsprism.ingest.readers import read_inputs
from newsprism.stories import group_articles
from newsprism.stories.briefs import stream_order
from newsprism.stories.labels import label_stories

REPO = Path(__file__).resolve().parents[2]


def test_per_story_writes_a_briefing_per_story_and_an_index(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    mixed = tmp_path / "mixed"
    shutil.copytree(REPO / "examples" / "story", mixed / "ferry")
    shutil.copytree(REPO / "examples" / "stories" / "dockside_strike", mixed / "strike")
    widget = mixed / "strike" / "zz_alerts.txt"  # a crawled widget: no story of its own
    widget.write_text(
        "Get our alerts\n\nTell us your email and we will let you know when your "
        "favourite writers post. You can switch alerts off from your account page.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["brief", str(mixed), "-o", str(out), "--per-story", "-q"]) == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert len(index["stories"]) == 2
    assert [(d["source"], d["code"]) for d in index["dropped"]] == [(str(widget), "NP228")]
    for record in index["stories"]:
        folder = out / record["folder"]
        assert {p.name for p in folder.iterdir()} == {
            "briefing.json",
            "briefing.md",
            "briefing.html",
        }
        briefing = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
        assert {a["id"] for a in briefing["articles"]} == {a["id"] for a in record["articles"]}
        assert set(record) >= {"id", "label", "first_seen", "last_seen", "articles", "outlets"}
        assert record["independent_sources"] <= len(record["articles"])
    sizes = sorted(len(r["articles"]) for r in index["stories"])
    assert sizes == [3, 7]
    page = (out / "index.html").read_text(encoding="utf-8")
    for record in index["stories"]:
        assert f'href="{record["folder"]}/briefing.html"' in page
    assert str(out / "index.html") in capsys.readouterr().out


def test_labels_are_event_labels() -> None:
    read = prepare(read_inputs([str(REPO / "examples" / "story")]))
    by_id = {a.id: a for a in read.articles}
    (story,) = label_stories(group_articles(stream_order(read.articles)), by_id)
    assert story.label
    assert any(w in story.label.lower() for w in ("talks", "meeting", "ferry"))
