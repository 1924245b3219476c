"""Shared fixtures: paths to the project's example story and to ../shared (skipped when absent),
and headless Chromium for the browser tests of the report and the web app."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests: the suite (and CI) runs a fixed, reproducible set of examples, so a red run
# always reproduces; `HYPOTHESIS_PROFILE=explore` searches with fresh random examples (run it
# when touching a reader or the quote parser, and add what it finds as a plain test).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "story"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


def _load_benchmark(name: str) -> Any:
    """``benchmarks/<name>.py`` as a module (the scripts are not a package)."""
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def benchmark_module() -> Callable[[str], Any]:
    """Loads a script of ``benchmarks/`` by name, for tests of the measures it prints."""
    return _load_benchmark


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright drives it, nothing is downloaded
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (skipped when it or Playwright is absent), one per test module."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def watched_page(browser: Any) -> Callable[..., tuple[Any, list[str]]]:
    """``watched_page(origin, width=1280)``: a new page and the problems seen on it (console
    errors, page errors, any request that does not start with ``origin``)."""

    def make(origin: str, width: int = 1280) -> tuple[Any, list[str]]:
        page = browser.new_page(viewport={"width": width, "height": 800})
        problems: list[str] = []
        page.on(
            "console",
            lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
        page.on(
            "request",
            lambda r: (
                problems.append(f"request: {r.url}") if not r.url.startswith(origin) else None
            ),
        )
        return page, problems

    return make
