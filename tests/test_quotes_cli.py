"""``newsprism quotes``: jsonl, json and table output, offsets into the text as read."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsprism.cli import main

STORY = (
    "Port Alder council voted on Tuesday to oppose the ferry closure.\n\n"
    "“We will not let the island be cut off,” said council leader Ines Marlow.\n\n"
    "The operator said that the route had lost money for six years.\n"
)


def _run(argv: list[str], capsys: object) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()  # type: ignore[attr-defined]
    return code, out.out, out.err


def test_jsonl_offsets_index_the_file_as_read(tmp_path: Path, capsys: object) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode("utf-8"))
    code, out, _err = _run(["quotes", str(path)], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert {r["kind"] for r in records} >= {"direct", "indirect"}
    text = path.read_bytes().decode("utf-8")
    for r in records:
        assert r["article"] == str(path)
        assert r["text"] == text[r["start"] : r["end"]]
        for key in ("speaker_mention", "cue"):
            if r[key] is not None:
                assert r[key]["text"] == text[r[key]["start"] : r[key]["end"]]
    direct = next(r for r in records if r["kind"] == "direct")
    assert direct["speaker"] == "Ines Marlow"
    assert direct["cue"]["text"] == "said"


def test_json_and_table_formats(tmp_path: Path, capsys: object) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    code, out, _ = _run(["quotes", "--format", "json", str(path)], capsys)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"attributions", "speakers", "quote_groups"}
    assert any(s["name"] == "Ines Marlow" for s in doc["speakers"])
    code, out, _ = _run(["quotes", "--format", "table", str(path)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["article", "start", "end", "kind"]
    assert any("Ines Marlow" in line for line in lines[1:])


def test_nothing_readable_is_an_error(tmp_path: Path, capsys: object) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = _run(["quotes", str(empty)], capsys)
    assert code != 0
    assert out == ""
    assert "NP103" in err


def test_stdin(monkeypatch: object, capsys: object) -> None:
    import sys

    fake = io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)  # type: ignore[attr-defined]
    code, out, _ = _run(["quotes", "-"], capsys)
    assert code == 0
    assert any(json.loads(line)["kind"] == "direct" for line in out.splitlines())
