"""A briefing is the same in every process: nothing depends on set order (``PYTHONHASHSEED``).

Workers of ``brief-all`` (a process pool, Ray) each have their own hash seed; a predicate picked
from a set once made the same story's disagreements differ between them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_briefing_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "src")}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsprism.cli",
                "brief",
                str(REPO / "examples" / "story"),
                "-o",
                "-",
                "--format",
                "json",
                "-q",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        outs.append(done.stdout)
    assert outs[0] == outs[1]
