"""A briefing read back from its JSON renders as the briefing it was made from."""

from __future__ import annotations

import json

import pytest

from newsprism.model import Briefing
from newsprism.render import briefing_to_dict, render_html, render_json, render_markdown
from newsprism.render.from_json import briefing_from_dict


def _again(b: Briefing) -> Briefing:
    # through text, as a store keeps it
    return briefing_from_dict(json.loads(json.dumps(briefing_to_dict(b))))


@pytest.mark.parametrize("which", ["briefing", "hostile"])
def test_every_output_of_a_briefing_read_back_is_the_same(
    which: str, request: pytest.FixtureRequest
) -> None:
    b = request.getfixturevalue(which)
    again = _again(b)
    assert render_json(again) == render_json(b)
    assert render_markdown(again) == render_markdown(b)
    assert render_html(again) == render_html(b)


def test_a_story_of_several_stories_stays_mixed(briefing: Briefing) -> None:
    import dataclasses

    ids = [a.id for a in briefing.articles]
    mixed = dataclasses.replace(briefing, stories=(tuple(ids[:2]), tuple(ids[2:])))
    again = _again(mixed)
    assert again.mixed and again.stories == mixed.stories
    assert render_markdown(again) == render_markdown(mixed)


def test_another_schema_is_refused() -> None:
    with pytest.raises(ValueError, match="schema"):
        briefing_from_dict({"schema": "other/1", "articles": []})


def test_a_confidence_reads_as_the_json_has_it(briefing: Briefing) -> None:
    import dataclasses

    possible = briefing.possible_disagreements
    d = dataclasses.replace(possible[0], confidence=0.12549)
    b = dataclasses.replace(briefing, possible_disagreements=(d, *possible[1:]))
    assert briefing_to_dict(b)["possible_disagreements"][0]["confidence"] == 0.125
    # the Markdown and HTML show the figure briefing.json holds, rounded once more
    assert "confidence 0.12" in render_markdown(b) and "confidence 0.13" not in render_markdown(b)
    assert render_markdown(_again(b)) == render_markdown(b)
    assert render_html(_again(b)) == render_html(b)
