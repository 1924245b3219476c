"""``newsprism serve`` through the command line (uvicorn.run replaced: no socket is opened)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsprism.cli import main


def test_serve_binds_loopback_by_default(db: Path, monkeypatch: Any, capsys: Any) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    assert main(["serve", "--db", str(db), "--read-only"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000
    assert seen["app"].state.read_only is True
    err = capsys.readouterr().err
    assert "http://127.0.0.1:8000/" in err and "warning" not in err


def test_serve_elsewhere_warns(db: Path, monkeypatch: Any, capsys: Any) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "8080"]) == 0
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8080
    assert seen["app"].state.read_only is False
    assert "warning: serving on 0.0.0.0" in capsys.readouterr().err


def test_serve_errors(tmp_path: Path, capsys: Any) -> None:
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 1
    assert "NP120" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--db", "x.db", "--port", "70000"])
    assert exc.value.code == 2


def test_serve_allows_its_host_and_the_names_given(db: Path, monkeypatch: Any, capsys: Any) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    assert main(["serve", "--db", str(db)]) == 0
    assert seen["app"].state.allowed_hosts == ("127.0.0.1", "localhost", "::1")
    assert main(["serve", "--db", str(db), "--host", "192.0.2.7"]) == 0
    assert "192.0.2.7" in seen["app"].state.allowed_hosts
    capsys.readouterr()
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0"]) == 0
    assert "0.0.0.0" not in seen["app"].state.allowed_hosts
    assert "--allowed-host NAME" in capsys.readouterr().err
    args = ["serve", "--db", str(db), "--host", "0.0.0.0", "--allowed-host", "news.example.org"]
    assert main(args) == 0
    assert "news.example.org" in seen["app"].state.allowed_hosts
    assert "--allowed-host NAME" not in capsys.readouterr().err


def test_serve_briefs_with_the_options_brief_all_takes(
    db: Path, monkeypatch: Any, capsys: Any
) -> None:
    import uvicorn

    from newsprism.pipeline import Config, settings_key

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    args = ["serve", "--db", str(db), "--counts-by-meaning", "off", "--words", "90"]
    assert main([*args, "--scorer", "rules"]) == 0
    config = seen["app"].state.config
    assert (config.counts_by_meaning, config.words, config.summary.scorer) == ("", 90, "rules")
    assert main(["serve", "--db", str(db)]) == 0  # no option: the briefing defaults
    assert settings_key(seen["app"].state.config) == settings_key(Config())
