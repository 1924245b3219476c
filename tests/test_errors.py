from __future__ import annotations

from pathlib import Path

from newsprism.errors import ALL_CODES, NOT_FOUND, InputError

DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def test_codes_are_unique_and_well_formed() -> None:
    codes = [c.code for c in ALL_CODES]
    assert len(codes) == len(set(codes))
    assert all(c.startswith("NP") and len(c) == 5 and c[2:].isdigit() for c in codes)


def test_every_code_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for c in ALL_CODES:
        assert f"| {c.code} |" in doc, c.code


def test_render_names_code_and_hint() -> None:
    msg = InputError(NOT_FOUND, "missing.txt").render()
    assert msg.startswith("error NP102: input not found: missing.txt")
    assert NOT_FOUND.hint in msg
