"""`newsprism summarize`: PATH mode and the --jsonl cluster mode (fictional texts)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsprism.cli import main
from newsprism.commands.summarize import cmd_summarize, register

DOC_A = (
    "Tidewell Ferries said on Monday that the evening crossing to Skellan Island will stop in "
    "November because too few passengers use it.\n\n"
    "Harbour master Ruth Quayle said the late boat carried fewer than ten people a night last "
    "winter.\n\n"
    "Islanders plan to ask the county council for a subsidy to keep the crossing running.\n"
)
DOC_B = (
    "Photo: the Skellan ferry at the pier\n"
    "The evening ferry to Skellan Island will stop running in November, Tidewell Ferries "
    "announced on Monday.\n\n"
    "Residents said the decision would leave night-shift workers on the island without a way "
    "home.\n\n"
    "The company said it would review the timetable again in the spring.\n"
)


def _run(argv: list[str]) -> tuple[int, str, str]:
    import argparse

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["summarize", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = cmd_summarize(args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_jsonl_mode_cites_the_documents_as_given(tmp_path: Path) -> None:
    clusters = tmp_path / "clusters.jsonl"
    rows = [{"id": "c1", "documents": [DOC_A, DOC_B]}, {"id": "c2", "documents": [DOC_B]}]
    clusters.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = _run(["--jsonl", str(clusters), "--words", "40", "--backend", "tfidf"])
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["id"] for x in lines] == ["c1", "c2"]
    for row, line in zip(rows, lines, strict=True):
        assert line["summary"]
        total = 0
        for item in line["summary"]:
            first = item["citations"][0]
            doc = row["documents"][first["document"]]
            assert doc[first["start"] : first["end"]] == item["text"]
            assert "Photo:" not in item["text"]  # a caption is never a summary sentence
            total += len(item["text"].split())
        assert total <= 40 * 1.15 or len(line["summary"]) == 1


def test_jsonl_bad_line_is_a_coded_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    code = main(["summarize", "--jsonl", str(bad), "-q"])
    assert code != 0
    assert "NP108" in capsys.readouterr().err


def test_path_mode_prints_cited_sentences_with_support(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOC_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(DOC_B, encoding="utf-8")
    code, out, _ = _run([str(tmp_path), "--words", "60", "-q"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("1. ")
    assert "[" in lines[0] and "]" in lines[0]
    assert "independent sources)" in lines[1]


def test_paths_and_jsonl_together_are_refused(tmp_path: Path) -> None:
    code = main(["summarize", str(tmp_path), "--jsonl", str(tmp_path / "x.jsonl"), "-q"])
    assert code == 2
    assert main(["summarize", "-q"]) == 2


@pytest.mark.parametrize("scorer", ["learned", "rules"])
def test_scorer_option_selects_the_scorer(tmp_path: Path, scorer: str) -> None:
    import argparse

    from newsprism.commands.summarize import _config

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["summarize", "x.txt", "--scorer", scorer])
    assert _config(args).scorer == scorer
    clusters = tmp_path / "c.jsonl"
    clusters.write_text(json.dumps({"id": "c1", "documents": [DOC_A, DOC_B]}) + "\n", "utf-8")
    code, out, _ = _run(["--jsonl", str(clusters), "--words", "40", "--scorer", scorer])
    line = json.loads(out)
    assert code == 0 and line["summary"]
    for item in line["summary"]:
        c = item["citations"][0]
        assert [DOC_A, DOC_B][c["document"]][c["start"] : c["end"]] == item["text"]


def test_jsonl_reads_lines_at_newlines_only(tmp_path: Path) -> None:
    # U+2028 and U+0085 are valid inside a JSON string; str.splitlines() would cut there
    doc = DOC_A.replace(" because", "\u2028because").replace(" said", "\x85said", 1)
    clusters = tmp_path / "c.jsonl"
    row = {"id": "sep", "documents": [doc, DOC_B]}
    clusters.write_text(json.dumps(row, ensure_ascii=False) + "\r\n", encoding="utf-8")
    assert "\u2028" in clusters.read_text(encoding="utf-8")
    code, out, err = _run(["--jsonl", str(clusters), "--words", "40"])
    assert code == 0, err
    (line,) = [json.loads(x) for x in out.split("\n") if x]  # the output holds U+2028 too
    assert line["id"] == "sep" and line["summary"]
    for item in line["summary"]:
        c = item["citations"][0]
        assert row["documents"][c["document"]][c["start"] : c["end"]] == item["text"]


def test_jsonl_bad_lines_are_dropped_records_and_the_batch_goes_on(tmp_path: Path) -> None:
    clusters = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "first", "documents": [DOC_A, DOC_B]}),
        '{"id": "broken", "documents": [',
        json.dumps({"id": "nodocs", "text": DOC_A}),
        json.dumps({"id": "typed", "documents": [DOC_A, 12345]}),
        json.dumps(["not", "a", "record"]),
        "",
        json.dumps({"id": "last", "documents": [DOC_B, DOC_A]}),
    ]
    clusters.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run(["--jsonl", str(clusters), "--words", "40"])
    assert code == 0
    records = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in records] == ["first", "2", "nodocs", "typed", "5", "last"]
    assert records[0]["summary"] and records[-1]["summary"]
    dropped = {r["line"]: r["dropped"] for r in records if "dropped" in r}
    assert sorted(dropped) == [2, 3, 4, 5]
    assert all(d["code"] == "NP214" for d in dropped.values())
    assert "malformed JSON" in dropped[2]["reason"]
    assert "has no 'documents'" in dropped[3]["reason"] and "'text'" in dropped[3]["reason"]
    assert "document 1 is a number, not a text" in dropped[4]["reason"]
    assert "is a list, not an object" in dropped[5]["reason"]
    for n in (2, 3, 4, 5):
        assert f"warning NP214: {clusters} line {n}: " in err


def test_jsonl_undecodable_line_is_dropped(tmp_path: Path) -> None:
    clusters = tmp_path / "c.jsonl"
    good = json.dumps({"id": "ok", "documents": [DOC_A]}).encode()
    clusters.write_bytes(b'{"id": "latin", "documents": ["caf\xe9"]}\n' + good + b"\n")
    code, out, _ = _run(["--jsonl", str(clusters), "--words", "30", "-q"])
    records = [json.loads(x) for x in out.splitlines()]
    assert code == 0
    assert "not UTF-8" in records[0]["dropped"]["reason"]
    assert records[1]["summary"]
