"""Where a figure clash is lost (``eval.figure_stages``); fictional sentences written for these
tests."""

from __future__ import annotations

from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.disagreements.detect import pair_verdict
from newsprism.analyze.quotes.extract import find_quotes
from newsprism.eval import figure_stages as fs
from newsprism.ingest.boilerplate import find_boilerplate
from newsprism.model import Article
from newsprism.nlp.annotate import annotate


def _claims(*texts: str, one_source: bool = False) -> list[ClaimInfo]:
    arts = [Article(f"a{i}", f"doc{i}.txt", t, outlet=f"Outlet {i}") for i, t in enumerate(texts)]
    docs = annotate(arts)
    q = find_quotes(docs)
    sources = [tuple(a.id for a in arts)] if one_source else [(a.id,) for a in arts]
    return extract_claims(docs, q.quotes, q.speakers, (), sources)


def _stage(a: ClaimInfo, b: ClaimInfo, *, candidate: bool = False, sim: float = 0.5) -> str:
    verdict = "" if candidate else pair_verdict(a, b, sim, {})[1]
    return fs.STAGES[fs.pair_stage(a, b, verdict)]


BOATS = "Organisers said 300 boats joined the parade on the river."


def test_counts_of_different_nouns_are_lost_at_the_counted_noun() -> None:
    a, b = _claims(BOATS, "About 120 canoes joined the parade on the river.")
    assert _stage(a, b) == "counted nouns differ"


def test_one_thing_counted_two_ways_reaches_the_similarity_floor() -> None:
    a, b = _claims(BOATS, "About 120 boats joined the parade on the river.")
    assert _stage(a, b, sim=0.1) == "similarity below the floor"
    assert _stage(a, b, sim=0.5, candidate=True) == "paired, merged away"


def test_counts_of_people_in_two_places_are_lost_at_the_place() -> None:
    a, b = _claims(
        "The storm killed 8 people in Danbury.",
        "Fifteen people were killed by the storm in Pellam County.",
    )
    assert _stage(a, b) == "another place or period"


def test_figures_that_meet_once_normalised_agree() -> None:
    a, b = _claims(BOATS, "Nearly 300 boats joined the parade on the river.")
    assert _stage(a, b, candidate=True) == "figures agree"


def test_one_source_never_pairs() -> None:
    a, b = _claims(BOATS, "About 120 boats joined the parade on the river.", one_source=True)
    assert _stage(a, b) == "one source or voice"


def test_dates_alone_are_left_to_the_timeline() -> None:
    a, b = _claims("The parade was held on March 3.", "The parade was held on March 5.")
    assert _stage(a, b) == "dates only"


def test_a_passage_in_a_caption_is_placed_there() -> None:
    text = (
        "Harbour parade draws a crowd\n\n"
        "Boats on the river at dusk. (Photo by Ana Ruiz)\n\n"
        "Organisers said 300 boats joined the parade on the river."
    )
    art = Article("a0", "doc0.txt", text, boilerplate=tuple(find_boilerplate(text)))
    story = text.index("Organisers")
    sentences = [(story, len(text))]
    place = fs.passage_place("Photo by Ana Ruiz", art, sentences, [])
    assert place == "boilerplate: caption"
    assert fs.passage_place("Harbour parade draws a crowd", art, sentences, []) == (
        "headline or outside sentences"
    )
    assert fs.passage_place("no such words anywhere in it", art, sentences, []) == (
        "not in the text"
    )
    assert fs.passage_place("Photo by Ana Ruiz", None, sentences, []) == "document not read"


def test_sides_with_figures_of_different_kinds_only() -> None:
    a, b, c = _claims(
        BOATS,
        "The parade cost the town $40,000 to put on.",
        "About 120 boats joined the parade on the river.",
    )
    assert fs.kinds_apart([a], [b]) == "count / money"
    assert fs.kinds_apart([a], [c]) == ""  # one kind in common: the figure rules compare them


def test_why_dates_alone_show_no_clash() -> None:
    from newsprism.model import Citation, TimelineEntry

    def entry(date: str, precision: str = "day") -> TimelineEntry:
        return TimelineEntry(date, precision, "", (Citation("a0", 0, 1),))  # type: ignore[arg-type]

    assert fs.date_stage([], [entry("2026-03-03")]) == "a side has no timeline entry"
    assert fs.date_stage([entry("2026-03-03")], [entry("2026-03-03")]) == "the same day"
    assert fs.date_stage([entry("2026-03", "month")], [entry("2026-03-05")]) == (
        "not both to the day"
    )
    assert fs.date_stage([entry("2026-03-03")], [entry("2026-03-05")]) == (
        "different days, not one happening"
    )
