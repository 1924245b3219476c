"""Claims and their cues (negation, evaluation, account cues, numbers), and claim groups.

Fixture sentences are fictional and written for these tests.
"""

from __future__ import annotations

import pytest

from newsprism.analyze.disagreements import negation, phrasing
from newsprism.analyze.disagreements.agreement import group_claims
from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.disagreements.nli import cue_contrast, get_similarity
from newsprism.analyze.quotes.extract import find_quotes
from newsprism.model import Article
from newsprism.nlp.annotate import annotate, load_nlp


def _claims(*texts: str) -> list[ClaimInfo]:
    arts = [Article(f"a{i}", f"a{i}.txt", t, outlet=f"Outlet {i}") for i, t in enumerate(texts)]
    docs = annotate(arts)
    q = find_quotes(docs)
    groups = [(a.id,) for a in arts]
    return extract_claims(docs, q.quotes, q.speakers, (), groups)


def _find(claims: list[ClaimInfo], words: str) -> ClaimInfo:
    return next(c for c in claims if words in c.text)


def test_stem_folds_derivations_and_synonyms() -> None:
    assert negation.stem("agreement") == "agree"
    assert negation.stem("talks") == negation.stem("meeting") == "meeting"
    assert negation.stem("cases") == "cases"  # only known suffixes fold


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The council failed to agree to a single proposal.", {"agree"}),
        ("At no point did anyone agree that the review would be fast-tracked.", {"agree"}),
        ("The firm refused to sell the pier.", {"sell"}),
        ("They want straight answers, not a press release.", set()),
    ],
)
def test_negated_predicates(text: str, negated: set[str]) -> None:
    doc = load_nlp()(text)
    assert negated <= set(negation.negated_predicates(doc))
    if not negated:
        assert negation.negated_predicates(doc) == []


def test_predicates_skip_directives_and_obligations() -> None:
    nlp = load_nlp()
    assert "accept" not in negation.predicates(nlp("They urged the firm to accept the offer."))
    assert "accept" not in negation.predicates(nlp("The firm should accept the offer."))
    assert "accept" in negation.predicates(nlp("The firm accepted the offer."))


def test_claims_cover_sentences_with_speaker_and_cues() -> None:
    claims = _claims(
        'Mayor Ilse Varga said the talks had been "positive and useful". '
        "The harbour will lose 120 jobs, the union said.",
        "A spokesperson for the union denied that the talks were useful.",
    )
    praise = _find(claims, "positive and useful")
    assert praise.evaluation == 1 and praise.claim.kind == "evaluation"
    assert praise.speaker_name == "Ilse Varga" or praise.claim.speaker is not None
    jobs = _find(claims, "120 jobs")
    assert (120.0, "job") in jobs.numbers
    denial = _find(claims, "denied")
    assert denial.account == "denied"
    assert denial.speaker_name and "spokesperson" in denial.speaker_name
    for c in claims:
        art = {"a0": 0, "a1": 1}[c.claim.article]
        assert (
            c.text
            == [
                'Mayor Ilse Varga said the talks had been "positive and useful". '
                "The harbour will lose 120 jobs, the union said.",
                "A spokesperson for the union denied that the talks were useful.",
            ][art][c.claim.start : c.claim.end]
        )


def test_list_after_a_negated_head_inherits_the_negation() -> None:
    claims = _claims(
        "The board did not agree with our proposals that the pier should stay open; "
        "that the ferry should be subsidised; that fees should be cut."
    )
    items = [c for c in claims if c.text.startswith("that")]
    assert len(items) == 2 and all(c.inherited_negation for c in items)
    ferry = _find(claims, "subsidised")
    assert "subsidise" in ferry.negated


def test_cue_contrast_kinds() -> None:
    claims = _claims(
        "The ferry firm said the talks were constructive. The firm has agreed to run a winter "
        "timetable. The firm says 40 crew will lose their jobs.",
        "Residents said the talks were disappointing. The firm refused to run a winter "
        "timetable. The union says 65 crew will lose their jobs.",
    )
    good, bad = _find(claims, "constructive"), _find(claims, "disappointing")
    assert cue_contrast(good, bad) == "evaluation"
    agreed, refused = _find(claims, "agreed to run"), _find(claims, "refused to run")
    assert cue_contrast(agreed, refused) == "polarity"
    forty, sixty = _find(claims, "40 crew"), _find(claims, "65 crew")
    assert cue_contrast(forty, sixty) == "number"
    assert cue_contrast(good, agreed) is None


def test_claim_groups_count_independent_sources() -> None:
    claims = _claims(
        "The Tollbridge pier will close for repairs in May, the council said.",
        "The council said the Tollbridge pier will close for repairs in May.",
        "Tollbridge pier will close for repairs in May, according to the council.",
    )
    sim = get_similarity("tfidf").matrix(claims)
    groups = group_claims(claims, sim, [("a0", "a1"), ("a2",)])
    pier = [g for g in groups if len(g.claims) == 3]
    assert len(pier) == 1
    assert pier[0].sources == ("a0", "a2")  # a0 and a1 are one source
    assert "pier" in pier[0].topic or "tollbridge" in pier[0].topic


def test_phrases_for_topics_are_affirmative_and_short() -> None:
    claims = _claims(
        "The board said the Orly and Benn cases were not being reviewed, because the cost had risen.",
        "Harbour master Ivo Stark tried to hide the report from the council on Monday.",
        "Mayor Ilse Varga described the talks as useful. The new quay would hold 400 boats.",
        "A spokesperson for the union denied claims that the talks had been a farce.",
    )
    cases = _find(claims, "cases")
    assert dict(cases.phrases)["review"] == "the Orly and Benn cases were being reviewed"
    assert cases.core == "the Orly and Benn cases were being reviewed"  # `said` gives way
    hide = _find(claims, "hide")
    # a verb completing another is phrased from it; dates and adverbials are left out
    expected = "Harbour master Ivo Stark tried to hide the report from the council"
    assert dict(hide.phrases)["hide"] == expected
    talks = _find(claims, "described")
    assert ("talk", "the talks") in talks.targets
    boats = _find(claims, "400 boats")
    assert ("boat", "How many boats the new quay would hold") in boats.counted
    denial = _find(claims, "denied")
    assert denial.disputed == "the talks had been a farce"


@pytest.mark.parametrize(
    "text",
    [
        "The ferry is not only late but also full.",
        "She no longer runs the harbour office.",
        "There is no question that the pier will close.",
        "Nothing but rain fell on the quay all week.",
        "No amount of paint will save the old pier.",
    ],
)
def test_negations_inside_idioms_negate_nothing(text: str) -> None:
    doc = load_nlp()(text)
    assert negation.polarity(doc) == 1
    assert negation.negated_predicates(doc) == []


@pytest.mark.parametrize(
    "text",
    [
        "The harbour master would not comment on the fire.",
        "The mayor could not say who found the boats.",
        "The ferry company declined to comment.",
    ],
)
def test_a_speaker_who_does_not_tell_denies_nothing(text: str) -> None:
    doc = load_nlp()(text)
    assert negation.polarity(doc) == 1
    assert negation.negated_predicates(doc) == []


def test_real_negations_still_count() -> None:
    doc = load_nlp()("The council did not agree to keep the pier open.")
    assert negation.polarity(doc) == -1 and "agree" in negation.negated_predicates(doc)


@pytest.mark.parametrize(
    "text",
    [
        "The harbour board said the report is simply not true.",
        "None of these claims about the pier are true, the board said.",
        "The board called the figures inaccurate.",
        "Contrary to the board's claims, the pier was never inspected, engineers said.",
        "Contrary to what the mayor told the council, the ferry kept running.",
    ],
)
def test_more_account_phrases(text: str) -> None:
    doc = load_nlp()(text)
    assert negation.account_cue(text, doc)


def test_contrary_to_expectations_disputes_no_one() -> None:
    text = "Contrary to expectations, the ferry ran on time all week."
    assert negation.account_cue(text, load_nlp()(text)) is None


def test_labels_said_of_a_subject_are_predicates_a_negation_can_deny() -> None:
    nlp = load_nlp()
    denial = nlp("“I’m not reckless,” the owner said.")
    assert "reckless" in negation.negated_predicates(denial)
    assert "reckless" in negation.labels(denial)
    both = nlp("The councillor said the blasting was “dangerous and reckless.”")
    assert {"dangerous", "reckless"} <= negation.predicates(both)
    assert {"dangerous", "reckless"} <= negation.labels(both)
    # a participle after a verb of feeling is what the subject is said to be
    felt = nlp("The farmer told us he doesn't feel abandoned by the protest.")
    assert "abandon" in negation.negated_predicates(felt)
    # a noun after *be* is a label; what it is joined to by *but* is not
    noun = nlp("He is not a liar but only somebody who says what he thinks.")
    assert "liar" in negation.negated_predicates(noun)
    assert "somebody" not in negation.negated_predicates(noun)
    # adjectives that govern a clause say nothing of their subject
    able = nlp("They are not able to draw conclusions.")
    assert "able" not in negation.labels(able) and "able" not in negation.negated_predicates(able)
    # an adjective before its noun is not said of a subject
    assert "reckless" not in negation.labels(nlp("Reckless drivers were fined."))


def test_a_first_against_done_before_is_no_clash_by_itself() -> None:
    # the clash of a first against done before was removed: it bought nothing out of sample
    # (docs/evaluation.md, the audit); such a pair is a clash only by other evidence
    claims = _claims(
        "The mayor is speaking about the pier closure for the first time in an interview.",
        "The mayor has spoken about the pier closure before, in two council meetings.",
        "The ferry firm has cut its winter timetable before.",
    )
    first, before = _find(claims, "first time"), _find(claims, "has spoken")
    assert cue_contrast(first, before) is None
    assert cue_contrast(first, _find(claims, "winter timetable")) is None


def test_count_questions_ask_in_the_past_when_the_verb_is_not_finite() -> None:
    nlp = load_nlp()
    for text, question in [
        (
            "Stocks tumbled in trading Tuesday, with the Harbour Index losing as much as 1,400 "
            "points.",
            "How many points the Harbour Index lost",
        ),
        (
            "Markets fell, with the Harbour Index shedding 900 points.",
            "How many points the Harbour Index shed",
        ),
        ("The stadium would hold 40,000 fans.", "How many fans the stadium would hold"),
    ]:
        doc = nlp(text)
        assert phrasing.counted_phrases(list(doc), (0, len(doc)))[0][1] == question
    assert [phrasing.past_tense(v) for v in ("drop", "close", "carry", "open", "rise")] == [
        "dropped",
        "closed",
        "carried",
        "opened",
        "rose",
    ]


def test_a_noun_naming_a_quarrel_is_not_a_denial() -> None:
    nlp = load_nlp()
    for text in ("Gull Wharf dispute deepens", "The land dispute went to court in March."):
        assert negation.account_cue(text, nlp(text)) is None
    text = "The harbour board disputed the figures."
    assert negation.account_cue(text, nlp(text)) == "disputed"


def test_insisting_on_a_negation_is_a_denial() -> None:
    nlp = load_nlp()
    for text in (
        "The mayor insisted she did not order the closure of the fish market.",
        "The skipper maintained that he had never sailed past the buoy.",
    ):
        assert negation.account_cue(text, nlp(text)) in ("insisted", "maintained")
    # insisting on something affirmative, or a negation of the insisting itself, denies nothing
    for text in (
        "The mayor insisted that the market would reopen in June.",
        "The mayor did not insist on the closure of the fish market.",
    ):
        assert negation.account_cue(text, nlp(text)) is None
