"""The learned speaker choice for direct quotes the rules leave without a speaker.  Every
sentence is fictional, written for these tests."""

from __future__ import annotations

import dataclasses

import pytest
from tests.analyze.quotes.attribution_helpers import find, name, run_one

from newsprism.analyze.quotes import extract
from newsprism.analyze.quotes.extract import article_attributions
from newsprism.analyze.quotes.speaker_model import (
    FEATURES,
    Candidate,
    SpeakerModel,
    candidates,
    load_model,
    needs_speaker,
)
from newsprism.model import Article
from newsprism.nlp.annotate import annotate

TELEGRAM = (
    "The ferry board met on Monday without the mayor.\n"
    "Mayor Ana Okafor fired off a two-line telegram to the board within the hour. "
    "“Restore the night ferry by Friday or I will do it myself.”"
)
# a fragment of the writer's sentence with no cue, from a councillor quoted just before
FRAGMENT = (
    "The council met on Tuesday.\n"
    "Councillor Rolf Marsh said the vote was “a farce.” Marsh fretted that the bridge would "
    "swallow the “{}” of the town.\n"
)
# a hand-set model: a person named before the quote, in the quote's paragraph
BEFORE_PERSON = SpeakerModel({"person": 3.0, "before": 1.0, "paragraphs_back": -2.0}, -3.0, 0.5)


def test_the_shipped_model_loads_with_a_weight_per_feature() -> None:
    model = load_model()
    assert model is not None
    assert set(model.weights) == set(FEATURES)
    assert 0.0 < model.threshold < 1.0


def test_candidates_of_a_quote_with_no_cue_are_the_mentions_around_it() -> None:
    (doc,) = annotate([Article("a", "a.txt", TELEGRAM)])
    art, found = article_attributions(doc)
    (quote,) = [f for f in found if needs_speaker(f)]
    cands = {c.token.text: c.features for c in candidates(art, quote, found)}
    assert cands["Okafor"]["person"] == 1.0 and cands["Okafor"]["before"] == 1.0
    assert cands["Okafor"]["paragraphs_back"] == 0.0
    assert cands["board"]["noun"] == 1.0 and cands["board"]["paragraphs_back"] == 1.0
    assert all(set(f) == set(FEATURES) for f in cands.values())


def test_find_quotes_gives_a_quote_with_no_cue_the_models_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(extract, "load_model", lambda: BEFORE_PERSON)
    article, result = run_one(TELEGRAM)
    assert name(result, find([article], result, "Restore the night")) == "Ana Okafor"
    monkeypatch.setattr(extract, "load_model", lambda: None)  # the rules alone: no speaker
    article, result = run_one(TELEGRAM)
    assert name(result, find([article], result, "Restore the night")) is None


def test_the_threshold_leaves_a_weak_candidate_out() -> None:
    model = SpeakerModel({"person": 1.0}, -2.0, 0.5)
    weak = Candidate(0, None, 0, {"person": 1.0})  # p = sigmoid(-1) < 0.5
    strong = Candidate(0, None, 5, {"person": 3.0})  # p = sigmoid(1) > 0.5
    assert model.choose([weak]) is None
    assert model.choose([weak, strong]) is strong


def test_the_one_spoken_to_is_marked_as_addressee() -> None:
    text = "The board met.\nOkafor was asked by a reporter, “Will the ferry run?”"
    (doc,) = annotate([Article("a", "a.txt", text)])
    art, found = article_attributions(doc)
    (quote,) = [f for f in found if needs_speaker(f)]
    cands = {c.token.text: c.features for c in candidates(art, quote, found)}
    assert cands["Okafor"]["addressee"] == 1.0
    assert cands["Okafor"]["speech_subject"] == 0.0  # a passive subject does not speak
    assert cands["Okafor"]["verb_subject"] == 0.0


def test_a_question_put_to_someone_is_not_theirs() -> None:
    # "X was asked, “...?”": the asker is not named, and X answering later in the sentence
    # does not make the question X's
    text = (
        "Ms. Kettle was also asked, “How should the harbour remember you?”—an easy opening, and "
        "Kettle might have answered, “Well, not this,” and moved on.\n"
    )
    article, result = run_one(text)
    assert name(result, find([article], result, "harbour remember")) is None
    assert name(result, find([article], result, "not this")) == "Kettle"
    # with an agent, the agent asks
    article, result = run_one(
        "Ms. Kettle was asked by the host, Omar Fitch, “How should the harbour remember you?”\n"
    )
    assert name(result, find([article], result, "harbour remember")) == "Omar Fitch"


def test_the_shipped_model_has_weights_of_its_own_for_fragments() -> None:
    model = load_model()
    assert model is not None and model.fragments is not None
    assert set(model.fragments.weights) == set(FEATURES)
    assert 0.0 < model.fragments.threshold < 1.0
    assert model.fragments.weights != model.weights


def test_a_fragment_with_no_cue_gets_the_fragment_models_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article, result = run_one(FRAGMENT.format("rainy day money"))
    assert name(result, find([article], result, "rainy day money")) == "Rolf Marsh"
    shipped = load_model()
    assert shipped is not None
    without = dataclasses.replace(shipped, fragments=None)  # whole quotes only, as before
    monkeypatch.setattr(extract, "load_model", lambda: without)
    article, result = run_one(FRAGMENT.format("rainy day money"))
    assert name(result, find([article], result, "rainy day money")) is None


def test_a_name_in_title_case_between_marks_is_no_ones_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the same sentence, but the words between the marks are a name ("Rainy Day Fund"): the
    # title-case feature keeps the councillor from being credited with it
    article, result = run_one(FRAGMENT.format("Rainy Day Fund"))
    assert name(result, find([article], result, "Rainy Day Fund")) is None
    (doc,) = annotate([Article("a", "a.txt", FRAGMENT.format("Rainy Day Fund"))])
    art, found = article_attributions(doc)
    (quote,) = [f for f in found if needs_speaker(f)]
    assert all(c.features["quote_title"] == 1.0 for c in candidates(art, quote, found))
    shipped = load_model()
    assert shipped is not None and shipped.fragments is not None
    weights = dict(shipped.fragments.weights, quote_title=0.0)  # the feature switched off
    blind = dataclasses.replace(
        shipped, fragments=dataclasses.replace(shipped.fragments, weights=weights)
    )
    monkeypatch.setattr(extract, "load_model", lambda: blind)
    article, result = run_one(FRAGMENT.format("Rainy Day Fund"))
    assert name(result, find([article], result, "Rainy Day Fund")) == "Rolf Marsh"
