"""Every CLI command and option is documented in docs/cli.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from newsprism.cli import build_parser

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_every_command_and_option_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    parser = build_parser()
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert subparsers
    for name, sub in subparsers[0].choices.items():
        assert f"## `newsprism {name}`" in doc, f"command {name} undocumented"
        for action in sub._actions:
            for opt in action.option_strings:
                if opt in ("-h", "--help"):
                    continue
                assert f"`{opt}`" in doc, f"option {opt} of {name} undocumented"
