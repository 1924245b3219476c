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


def _examples(path: Path) -> list[list[str]]:
    """The `newsprism ...` command lines of the fenced blocks of a Markdown file."""
    out, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        words = line.split("#")[0].split()
        if fenced and words:
            for k, w in enumerate(words):
                if w.endswith("newsprism"):
                    out.append(words[k + 1 :])
                    break
    return out


def test_examples_work_in_a_fresh_clone() -> None:
    """Every path a README or docs/cli.md example names is in the repository (never ../shared)."""
    root = DOC.parents[1]
    checked = 0
    for doc in (root / "README.md", DOC):
        assert "../shared" not in "".join(" ".join(e) for e in _examples(doc)), doc
        for example in _examples(doc):
            for word in example:
                if word.startswith("examples/"):
                    assert (root / word).exists(), f"{doc.name}: {word} does not exist"
                    checked += 1
    assert checked >= 5
