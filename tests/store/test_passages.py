"""The passage lookup of the near-duplicate index: stored articles that share a passage with a
new one are offered by the containment index's keys they share (a long article's anchors, a
short one's shingles) and checked for shared passages, in either arrival order; a key that
many articles hold (boilerplate, template text) offers none.

``passage_candidates=0`` turns off the passage checks of the LSH's candidates, so that what
these tests find is what the lookup found."""

from __future__ import annotations

from pathlib import Path

from newsprism.model import Article
from newsprism.store import LshParams, Store

from .unequal import passage, relations_reopened, report

NOTICE = (
    "Letters to the harbour desk may be shortened for space, and every writer is asked to "
    "give a street name and a telephone number that the desk will never print. The desk "
    "answers letters about the ferry timetable on the first Thursday of every month."
)


def digest(k: int) -> Article:
    """Long report ``k + 6`` with two sentences of report ``k`` added as a paragraph: it shares
    a passage with report ``k`` and is no copy of it."""
    text = f"{report(k + 6).text}\n\n{passage(k, 2)}"
    return Article(f"digest{k}", f"digest{k}.txt", text, outlet="Harbour Digest")


def passages(folder: Path, articles: list[Article], params: LshParams) -> set[tuple[str, str]]:
    with Store.open(folder / "p.db") as store:
        store.set_lsh_params(params)
        for article in articles:
            store.add(article)
        got = {(r.a, r.b) for r in store.relations() if r.kind == "shares_passages"}
    for p in folder.glob("p.db*"):
        p.unlink()
    return got


def test_a_passage_two_long_articles_share_is_found_in_either_order(tmp_path: Path) -> None:
    on = LshParams(passage_candidates=0)
    off = LshParams(passage_candidates=0, passage_lookup=0)
    for pair in ([report(0), digest(0)], [digest(0), report(0)]):
        first, second = pair[0].id, pair[1].id
        assert passages(tmp_path, pair, on) == {(first, second)}
        assert passages(tmp_path, pair, off) == set()


def test_a_passage_many_articles_hold_offers_no_partner(tmp_path: Path) -> None:
    """Six long reports end with the same notice; with a key bound of 4 the fifth and sixth
    find none of the others by it (the notice is boilerplate by then), with 64 all."""
    articles = [
        Article(f"n{k}", f"n{k}.txt", f"{report(k).text}\n\n{NOTICE}", outlet=f"Outlet {k}")
        for k in range(6)
    ]
    # window 16: with 8 a few anchors at the seam of report and notice are held by two or three
    # articles only, so they still offer a partner (a true one: the exact check finds the notice)
    bounded = passages(
        tmp_path, articles, LshParams(passage_candidates=0, containment_cap=4, anchor_window=16)
    )
    assert bounded == {(f"n{a}", f"n{b}") for b in range(4) for a in range(b)}
    wide = passages(
        tmp_path, articles, LshParams(passage_candidates=0, containment_cap=64, anchor_window=16)
    )
    assert {b for _, b in wide} >= {"n4", "n5"}


def test_a_store_reopened_midway_finds_what_one_run_finds(tmp_path: Path) -> None:
    articles = [a for k in range(4) for a in (report(k), digest(k))]
    articles += [Article("flash", "flash.txt", f"{passage(2, 1)}\n\nMore at noon.")]

    whole = relations_reopened(tmp_path / "whole.db", articles)
    for cut in (3, 5):
        assert relations_reopened(tmp_path / f"cut{cut}.db", articles, cut=cut) == whole
    assert sum(r[2] == "shares_passages" for r in whole) >= 4


def test_candidates_measured_anyway_take_no_place_of_the_cut(tmp_path: Path) -> None:
    """The digest is report 6 with a passage of report 0 added: report 6 and its wire copy
    share nearly every key with it, report 0 a few.  The two copies are band candidates
    (measured anyway), so with one place in the cut it goes to report 0."""
    wire = Article("wire6", "wire6.txt", report(6).text, outlet="Skerry Wire Service")
    articles = [report(0), report(6), wire, digest(0)]
    got = passages(tmp_path, articles, LshParams(passage_candidates=0, passage_lookup=1))
    assert got == {("report0", "digest0")}
