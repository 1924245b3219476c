"""Nested attributions, denials of a reported claim, and pronouns after them.

Sentences written for the project about the fictional island ferry story (Mayor Ana Okafor,
harbour master Tomas Reyne, Councillor Ana Brill, the residents' group).  Each test runs the
whole quotes stage, so it checks the rule through the spaCy parse it depends on; the last two
check the PolNeAR convention (one level of attribution) in the evaluation.
"""

from __future__ import annotations

from newsprism.analyze.quotes.extract import QuoteResult
from newsprism.eval.attribution import from_quotes, nested_in
from newsprism.model import Article, Quote, Span

from .attribution_helpers import name as _name
from .attribution_helpers import run_one as _run
from .attribution_helpers import text_of as _text

NESTED = (
    "Mayor Ana Okafor has refused to agree that the ferry should keep running, residents said "
    'on Tuesday night after a meeting they described as a "wasted afternoon".'
)
DENIAL = (
    "Sources close to the mayor denied claims by the residents' group that the talks had been "
    '"a farce". Instead, they said there had been "real progress" during the discussions.'
)


def _by_cue(article: Article, result: QuoteResult, cue: str) -> Quote:
    hits = [q for q in result.quotes if q.cue and article.text[q.cue.start : q.cue.end] == cue]
    assert hits, f"no attribution with the cue {cue!r}: " + repr(
        [article.text[q.start : q.end] for q in result.quotes]
    )
    return hits[0]


def test_trailing_cue_reports_a_clause_that_holds_another_attribution() -> None:
    article, result = _run(NESTED)
    outer = _by_cue(article, result, "said")
    assert _text(article, outer) == (
        "Mayor Ana Okafor has refused to agree that the ferry should keep running"
    )
    assert _text(article, outer.speaker_mention) == "residents"
    assert _name(result, outer) == "residents"
    inner = _by_cue(article, result, "refused")  # the nested attribution is kept too
    assert _text(article, inner) == "to agree that the ferry should keep running"
    assert _name(result, inner) == "Ana Okafor"


def test_medial_told_cue_reports_the_clause_before_it() -> None:
    text = (
        "The harbour board has vowed to keep the night crossing, two union officials told the "
        "Island Gazette, although the timetable is not yet agreed."
    )
    article, result = _run(text)
    outer = _by_cue(article, result, "told")
    assert _text(article, outer) == "The harbour board has vowed to keep the night crossing"
    assert _text(article, outer.speaker_mention) == "two union officials"
    assert _text(article, _by_cue(article, result, "vowed")) == "to keep the night crossing"


def test_denial_of_a_reported_claim_is_an_attribution_of_its_own() -> None:
    article, result = _run(DENIAL)
    denial = _by_cue(article, result, "denied")
    assert _text(article, denial) == (
        'claims by the residents\' group that the talks had been "a farce"'
    )
    assert _text(article, denial.speaker_mention) == "Sources close to the mayor"
    claim = _by_cue(article, result, "claims")  # the claim denied keeps its own author
    assert _text(article, claim.speaker_mention) == "the residents' group"
    assert claim.start > denial.start and claim.end == denial.end


def test_pronoun_after_a_denial_is_the_denier_not_the_claims_author() -> None:
    article, result = _run(DENIAL)
    progress = next(q for q in result.quotes if "real progress" in article.text[q.start : q.end])
    assert _text(article, progress.speaker_mention) == "they"
    assert _name(result, progress) == "Sources close to the mayor"


def test_pronoun_after_an_embedded_clause_subject_still_resolves_to_it() -> None:
    # only mentions inside an object are demoted; a subject of a reported clause is not
    text = (
        "Harbour master Tomas Reyne said on Monday that Councillor Ana Brill had called the fares "
        '"a scandal". She added that the board would meet again in June.'
    )
    article, result = _run(text)
    added = _by_cue(article, result, "added")
    assert _text(article, added.speaker_mention) == "She"
    assert _name(result, added) == "Ana Brill"


def test_dismissed_takes_its_object_as_the_position() -> None:
    article, result = _run("Mayor Ana Okafor dismissed claims that the night ferry was unsafe.")
    q = _by_cue(article, result, "dismissed")
    assert _text(article, q) == "claims that the night ferry was unsafe"
    assert _name(result, q) == "Ana Okafor"


def test_a_cue_first_clause_does_not_repeat_the_attribution_it_reports() -> None:
    article, result = _run(
        "Residents said that Mayor Ana Okafor has refused to agree that the ferry should run."
    )
    said = _by_cue(article, result, "said")
    assert _text(article, said) == (
        "Mayor Ana Okafor has refused to agree that the ferry should run"
    )
    assert [article.text[q.cue.start : q.cue.end] for q in result.quotes if q.cue] == ["said"]


def test_nested_in_and_from_quotes_keep_the_outermost_level() -> None:
    # "A has refused to agree that B, C said" as offsets: outer 0-40 (cue 42-46), inner 17-40
    outer = Quote("q1", "a", 0, 40, "indirect", "s1", Span(41, 42), Span(42, 46))
    inner = Quote("q2", "a", 17, 40, "indirect", "s2", Span(0, 1), Span(9, 16))
    other = Quote("q3", "a", 50, 60, "indirect", "s2", Span(47, 48), Span(48, 50))
    assert nested_in(inner, outer) and not nested_in(outer, inner)
    assert not nested_in(other, outer) and not nested_in(outer, outer)
    names = {"s1": "residents", "s2": "Ana Okafor"}
    kept = from_quotes([outer, inner, other], names)
    assert [p.content for p in kept] == [(Span(0, 40),), (Span(50, 60),)]
    assert len(from_quotes([outer, inner, other], names, keep_nested=True)) == 3


def test_nested_in_needs_the_inner_cue_inside_the_outer_content() -> None:
    outer = Quote("q1", "a", 0, 40, "indirect", "s1", Span(41, 42), Span(42, 46))
    beside = Quote("q2", "a", 17, 40, "mixed", "s2", Span(47, 48), Span(48, 52))
    assert not nested_in(beside, outer)


def test_a_clause_before_a_semicolon_is_not_the_content_of_the_cue_after_it() -> None:
    article, result = _run(
        "The operator says the review will report within six weeks; the residents' association "
        "and the union insist it was never agreed in the room."
    )
    insist = _by_cue(article, result, "insist")
    assert _text(article, insist) == "it was never agreed in the room"
    says = _by_cue(article, result, "says")
    assert _text(article, says) == "the review will report within six weeks"


def test_a_definite_organisation_prefers_the_one_its_head_noun_names() -> None:
    article, result = _run(
        "The Port Alder Residents' Association met the Coastal Crews Union on Monday. "
        "The association said the ferry should keep running all winter."
    )
    q = _by_cue(article, result, "said")
    assert _text(article, q.speaker_mention) == "The association"
    assert _name(result, q) == "Port Alder Residents' Association"
