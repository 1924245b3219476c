"""Copies of unequal length, written for the store tests: long invented reports, and short and
medium articles that each take one passage of one report and add a few words of their own.

The words are made up (syllables drawn by a seeded generator) around a handful of plain
English ones, so no two reports share a passage by chance: every copy in the corpus is one
this module made on purpose, and ``brief``'s all-pairs answer says which of them are copies
(a short article's passage is most of its own text; a medium one's about a third)."""

from __future__ import annotations

import random
from pathlib import Path

from newsprism.model import Article
from newsprism.store import LshParams, Store

SYLLABLES = ("ka", "lo", "mer", "ti", "sun", "va", "dre", "po", "qui", "nal", "bo", "zet")
VERBS = ("opened", "closed", "sold", "rebuilt", "inspected", "painted", "moved", "measured")
PLACES = ("yard", "quay", "depot", "school", "market", "clinic", "tower", "bridge")
OUTLETS = ("Vell Courier", "Orran Daily", "Skerry Wire", "Tumbrel Post", "Marrow Herald")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random) -> str:
    return (
        f"The {_word(rng)} board {rng.choice(VERBS)} the {_word(rng)} "
        f"{rng.choice(PLACES)} near {_word(rng).capitalize()} after {rng.randint(2, 90)} "
        f"days of {_word(rng)} and {_word(rng)} work, said {_word(rng).capitalize()}."
    )


def report(k: int) -> Article:
    """Long report ``k``: 60 sentences in paragraphs of three (about 900 words)."""
    rng = random.Random(1000 + k)
    sentences = [_sentence(rng) for _ in range(60)]
    paras = [" ".join(sentences[i : i + 3]) for i in range(0, 60, 3)]
    return Article(f"report{k}", f"report{k}.txt", "\n\n".join(paras), outlet=OUTLETS[k % 5])


def passage(k: int, sentences: int) -> str:
    """``sentences`` sentences of report ``k``, from the middle of its text."""
    rng = random.Random(1000 + k)
    every = [_sentence(rng) for _ in range(60)]
    return " ".join(every[30 : 30 + sentences])


def flash(k: int) -> Article:
    """A short article (about 25 shingles): one sentence of report ``k`` and a line of its own."""
    rng = random.Random(2000 + k)
    own = f"Bulletin from {_word(rng).capitalize()}: more to follow at {rng.randint(1, 12)} pm."
    text = f"{passage(k, 1)}\n\n{own}"
    return Article(f"flash{k}", f"flash{k}.txt", text, outlet=OUTLETS[(k + 2) % 5])


def medium(k: int) -> Article:
    """A medium article (about 200 shingles): four sentences of report ``k`` among six of its
    own."""
    rng = random.Random(3000 + k)
    own = [_sentence(rng) for _ in range(6)]
    text = "\n\n".join([" ".join(own[:3]), passage(k, 4), " ".join(own[3:])])
    return Article(f"medium{k}", f"medium{k}.txt", text, outlet=OUTLETS[(k + 3) % 5])


def corpus(reports: int = 12) -> tuple[list[Article], list[Article]]:
    """(the long reports, the short and medium articles that copy them): a flash of every
    report, a medium article of every other one."""
    longs = [report(k) for k in range(reports)]
    smalls = [flash(k) for k in range(reports)] + [medium(k) for k in range(0, reports, 2)]
    return longs, smalls


def relations_reopened(
    db: Path, articles: list[Article], params: LshParams | None = None, cut: int | None = None
) -> set[tuple[str, str, str, float]]:
    """The relations a new store at ``db`` finds among ``articles`` (with ``params``, else the
    defaults), the first ``cut`` stored in one session and the rest after reopening it, so
    the rest relate through what was read back from SQLite (all in one session by default)."""
    cut = len(articles) if cut is None else cut
    with Store.open(db) as store:
        if params is not None:
            store.set_lsh_params(params)
        for article in articles[:cut]:
            store.add(article)
    with Store.open(db) as store:
        for article in articles[cut:]:
            store.add(article)
        return {(r.a, r.b, r.kind, r.score) for r in store.relations()}
