"""Every CLI command and option is documented in docs/cli.md."""

from __future__ import annotations

import argparse
import re
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


def _sections(doc: str) -> dict[str, str]:
    """The text of each ``## `newsprism NAME` `` section of docs/cli.md, by command name."""
    parts = re.split(r"^## `newsprism ([\w-]+)`", doc, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The options of a command and of its own subcommands (``db stats``, ``db drops``)."""
    out = [a for a in parser._actions if a.option_strings and a.option_strings[0] != "-h"]
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            for sub in a.choices.values():
                out += _actions(sub)
    return out


def test_each_command_section_documents_exactly_its_options() -> None:
    """In its own section (not anywhere in the file): every option of a command in a table and
    in the usage block, every value it takes named; every option a table names exists."""
    sections = _sections(DOC.read_text(encoding="utf-8"))
    subparsers = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    for name, sub in subparsers[0].choices.items():
        text = sections[name]
        usage = "".join(re.findall(r"```\n(.*?)```", text, re.S)[:3])
        actions = _actions(sub)
        for action in actions:
            names = action.option_strings
            for opt in names:
                assert f"`{opt}`" in text, f"{name}: {opt} not in its section"
            assert any(re.search(re.escape(o) + r"(?![\w-])", usage) for o in names), (
                f"{name}: {names[-1]} not in the usage block"
            )
            for choice in action.choices or ():
                assert str(choice) in text, f"{name}: {names[-1]} {choice} not named"
        known = {o for a in actions for o in a.option_strings}
        for line in text.splitlines():
            if line.startswith("| `-"):
                for opt in re.findall(r"`(-[-\w]+)", line.split("|")[1]):
                    assert opt in known, f"{name}: documents {opt}, which it does not take"


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
