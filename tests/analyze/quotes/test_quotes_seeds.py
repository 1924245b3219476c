"""Acceptance on ../shared/seeds (skipped when absent): the shared statement, the attribution
conflict, the wording change and the role difference the issue names.  The seed text is read
from ../shared at test time; only short search words are written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.analyze.quotes.extract import QuoteResult, find_quotes
from newsprism.analyze.quotes.speakers import role_disagreements
from newsprism.api import prepare
from newsprism.ingest.readers import read_inputs
from newsprism.model import Article, QuoteGroup
from newsprism.nlp.annotate import annotate


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[list[Article], QuoteResult]:
    read = prepare(read_inputs([str(seeds_dir)]))
    articles = list(read.articles)
    return articles, find_quotes(annotate(articles))


def _groups(result: QuoteResult, *needles: str) -> list[QuoteGroup]:
    return [g for g in result.groups if all(n in g.text.casefold() for n in needles)]


def test_joint_statement_is_one_group_from_three_outlets(
    seeds: tuple[list[Article], QuoteResult],
) -> None:
    articles, result = seeds
    outlet = {a.id: a.outlet or a.id for a in articles}
    groups = _groups(result, "disappointed", "fell short")
    assert len(groups) == 1
    outlets = {outlet[o.article] for o in groups[0].occurrences}
    assert len(outlets) >= 3


def test_cesspit_attribution_conflict(seeds: tuple[list[Article], QuoteResult]) -> None:
    _, result = seeds
    groups = _groups(result, "cesspit")
    assert len(groups) == 1
    assert groups[0].conflict == "attribution"
    assert len(groups[0].speakers) >= 2


def test_dismissed_as_smears_wording_change(seeds: tuple[list[Article], QuoteResult]) -> None:
    _, result = seeds
    groups = _groups(result, "dismissed", "smears")
    assert len(groups) == 1
    changes = [c for o in groups[0].occurrences for c in o.changes]
    assert any(c.op in ("delete", "insert") and "as" in (c.canonical, c.variant) for c in changes)


def test_goldstein_role_difference(seeds: tuple[list[Article], QuoteResult]) -> None:
    articles, result = seeds
    found = [d for d in role_disagreements(result.speakers, articles) if "Goldstein" in d.topic]
    assert len(found) == 1
    d = found[0]
    assert d.kind == "role"
    claims = " | ".join(side.claim.casefold() for side in d.sides)
    assert "president" in claims and "chair" in claims
    by_id = {a.id: a for a in articles}
    for side in d.sides:
        for c in side.citations:
            assert by_id[c.article].text[c.start : c.end] == side.claim
