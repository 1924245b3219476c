"""The library's front door: read inputs and brief them.

The CLI is a thin shell over ``brief``; anything the CLI does, a program can do with this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from newsprism.errors import NOTHING_READABLE, InputError
from newsprism.ingest.boilerplate import mark_boilerplate
from newsprism.ingest.metadata import extract_metadata
from newsprism.ingest.readers import DEFAULT_MAX_BYTES, ReadResult, read_inputs
from newsprism.model import Briefing
from newsprism.pipeline import Config, ProgressFn, run_pipeline


def prepare(read: ReadResult) -> ReadResult:
    """Mark boilerplate, then fill metadata (footers and text evidence) for every article read."""
    articles = tuple(extract_metadata(mark_boilerplate(a)) for a in read.articles)
    return ReadResult(articles, read.dropped, read.notices)


def brief(
    sources: Sequence[str],
    config: Config | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    progress: ProgressFn | None = None,
) -> Briefing:
    """Read ``sources`` (files, directories, or '-' for ``stdin``) and return their briefing.

    Raises ``InputError`` (NP103) when no input could be read; dropped inputs are listed in the
    briefing's ``dropped`` with their reasons.
    """
    read = prepare(read_inputs(sources, max_bytes=max_bytes, stdin=stdin))
    if not read.articles:
        reasons = "; ".join(f"{d.source}: {d.reason}" for d in read.dropped) or "no input"
        raise InputError(NOTHING_READABLE, reasons)
    return run_pipeline(
        read.articles, config, dropped=read.dropped, notices=read.notices, progress=progress
    )
