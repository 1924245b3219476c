"""Fixtures for the web app: a small store of articles written for the project, one hostile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsprism.model import Article, Boilerplate
from newsprism.store import Store

pytest.importorskip("fastapi")

LOCAL = "http://127.0.0.1"  # a host name the app answers to (TestClient says testserver)
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><img src=x onerror=alert(1)>'

FERRY = (
    "Read time: 3 minutes\n"
    "Port Alder council votes to fight ferry closure\n"
    "The council in Port Alder voted 14 to 9 on Tuesday to fight the closure of the ferry.\n"
    "“This ferry is our road,” said council leader Mira Quill.\n"
)
BRIDGE = (
    "Wexmoor bridge to shut for seven weeks\n"
    "The harbour bridge in Wexmoor will shut for seven weeks, the council confirmed.\n"
    "Subscribe to our newsletter\n"
)
HOSTILE = (
    f"Headline {HOSTILE_SCRIPT} here\n"
    f"Body with {HOSTILE_ATTR} and a ferry mention.\n"
    "Plain closing sentence.\n"
)


def articles() -> list[Article]:
    return [
        Article(
            "ferry-gazette",
            "in/ferry.txt",
            FERRY,
            outlet="Alder Gazette",
            title="Port Alder council votes to fight ferry closure",
            published="2024-03-05",
            boilerplate=(Boilerplate(0, FERRY.index("\n"), "read_time"),),
            evidence=(("outlet", "text: 'Alder Gazette'"),),
        ),
        Article(
            "bridge-wire",
            "in/bridge.txt",
            BRIDGE,
            outlet="Coastal Wire",
            title="Wexmoor bridge to shut for seven weeks",
            published="2024-02-27",
            boilerplate=(Boilerplate(BRIDGE.index("Subscribe"), len(BRIDGE) - 1, "newsletter"),),
        ),
        Article(
            f"x{HOSTILE_ATTR}",
            f"in/{HOSTILE_SCRIPT}.txt",
            HOSTILE,
            outlet=f"Outlet {HOSTILE_ATTR}",
            title=f"Title {HOSTILE_SCRIPT}",
            published="2024-01-01",
            author=HOSTILE_SCRIPT,
            url=f"javascript:alert(1)//{HOSTILE_ATTR}",
        ),
    ]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Store.open(path) as s:
        for a in articles():
            s.add(a)
    return path


@pytest.fixture
def client(db: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    with TestClient(create_app(str(db)), base_url=LOCAL, raise_server_exceptions=False) as c:
        yield c


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of two example stories (examples/story, examples/stories/kestrel_stadium),
    grouped, with both briefings computed and cached (what the app does on a first view)."""
    from newsprism.store import ingest

    if not hasattr(Store, "stories"):
        pytest.skip("this store has no story tables (newsprism stories)")
    from newsprism.stories.store import update_stories
    from newsprism.web.story import compute_briefing

    path = tmp_path_factory.mktemp("web") / "stories.db"
    with Store.open(path) as s:
        ingest(s, [str(EXAMPLES / "story"), str(EXAMPLES / "stories" / "kestrel_stadium")])
        update_stories(s)
        ids = [r.id for r in s.stories(limit=100)]
    for sid in ids:
        compute_briefing(str(path), sid)
    return path


@pytest.fixture(scope="session")
def story_client(story_db: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    with TestClient(create_app(str(story_db)), base_url=LOCAL, raise_server_exceptions=False) as c:
        yield c
