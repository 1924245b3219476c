"""The three outputs of a briefing: ``briefing.json``, ``briefing.md`` and ``briefing.html``."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from newsprism.errors import BAD_OPTION, OUTPUT_FAILED, InputError, OutputError
from newsprism.model import Briefing
from newsprism.render.html import render_html
from newsprism.render.json_out import briefing_to_dict, load_schema, render_json
from newsprism.render.markdown import render_markdown

FORMATS: dict[str, tuple[str, Callable[[Briefing], str]]] = {
    "json": ("briefing.json", render_json),
    "md": ("briefing.md", render_markdown),
    "html": ("briefing.html", render_html),
}

__all__ = [
    "FORMATS",
    "briefing_to_dict",
    "load_schema",
    "render_html",
    "render_json",
    "render_markdown",
    "write_briefing",
]


def write_briefing(
    b: Briefing, out_dir: Path, formats: Sequence[str] = ("json", "md", "html")
) -> list[Path]:
    """Write ``briefing.<ext>`` for each format into ``out_dir`` (created if needed).

    All or nothing: every file is rendered in full and written to a temporary file first; only
    when all are written are they renamed over the old ones, so when one cannot be written the
    others are not replaced either (a half-updated set never mixes two runs).  Raises
    ``InputError`` (NP106) for an unknown format and ``OutputError`` (NP104) when the directory
    or a file cannot be written; nothing is left behind then.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise InputError(
            BAD_OPTION, f"unknown output format {unknown[0]!r}; choose from {', '.join(FORMATS)}"
        )
    if not wanted:
        raise InputError(BAD_OPTION, f"no output format given; choose from {', '.join(FORMATS)}")
    rendered = [(FORMATS[f][0], FORMATS[f][1](b)) for f in wanted]
    out_dir = Path(out_dir)
    staged: list[tuple[Path, Path]] = []  # (temporary file, final path)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, _ in rendered:
            path = out_dir / name
            if path.is_dir():  # a rename onto it would fail half-way through the set
                raise IsADirectoryError(21, "a directory is in the way", str(path))
        for name, content in rendered:
            tmp = out_dir / f".{name}.{os.getpid()}.tmp"
            staged.append((tmp, out_dir / name))
            tmp.write_text(content, encoding="utf-8", newline="\n")
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        where = exc.filename or out_dir
        raise OutputError(OUTPUT_FAILED, f"{where}: {exc.strerror or exc}") from exc
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return [path for _, path in staged]
