"""The learned sentence scorer: model files, features, the reserve of soft-rule sentences."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import numpy as np
import pytest

from newsprism.analyze.summary.features import FEATURES
from newsprism.analyze.summary.filters import FilterConfig, reject_reason
from newsprism.analyze.summary.scorer import load_scorer, parse_model
from newsprism.analyze.summary.summarize import RULES, SummaryConfig, summarize, unit_features_of
from newsprism.errors import NewsprismError
from newsprism.model import Article, Event
from newsprism.nlp.annotate import AnnotatedArticle, annotate, load_nlp

from .test_summarize import Relations, _article  # noqa: F401  (shared fictional fixtures)
from .test_summarize import docs as docs  # noqa: F401  (pytest fixture)


def _linear(coef: dict[str, float], intercept: float = 0.0) -> dict[str, object]:
    names = list(coef)
    return {
        "kind": "linear",
        "features": names,
        "mean": [0.0] * len(names),
        "scale": [1.0] * len(names),
        "coef": [coef[n] for n in names],
        "intercept": intercept,
    }


def test_linear_model_predicts_its_formula() -> None:
    scorer = parse_model(_linear({"words": 2.0, "support": -1.0}, 0.5))
    x = np.zeros((2, len(FEATURES)))
    x[0, FEATURES.index("words")] = 1.0
    x[1, FEATURES.index("support")] = 3.0
    assert scorer.predict(x).tolist() == pytest.approx([2.5, -2.5])


def test_tree_model_walks_its_nodes() -> None:
    tree = {  # root: centrality <= 0.5 ? leaf 1 : (words <= 2 ? leaf 3 : leaf 4)
        "feature": [0, -1, 1, -1, -1],
        "threshold": [0.5, 0.0, 2.0, 0.0, 0.0],
        "left": [1, -1, 3, -1, -1],
        "right": [2, -1, 4, -1, -1],
        "value": [0.0, 1.0, 0.0, 10.0, 20.0],
    }
    model = {
        "kind": "gbrt",
        "features": ["centrality", "words"],
        "init": 0.5,
        "learning_rate": 0.1,
        "trees": [tree, tree],
    }
    scorer = parse_model(model)
    x = np.zeros((3, len(FEATURES)))
    c, w = FEATURES.index("centrality"), FEATURES.index("words")
    x[0, c] = 0.2
    x[1, c], x[1, w] = 0.9, 1.0
    x[2, c], x[2, w] = 0.9, 5.0
    assert scorer.predict(x).tolist() == pytest.approx([0.7, 2.5, 4.5])


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "forest"},
        {"features": ["no_such_feature"]},
        {"coef": [1.0, 2.0]},
        {"features": []},
    ],
)
def test_bad_model_files_raise_coded_errors(change: dict[str, object]) -> None:
    model = {**_linear({"words": 1.0}), **change}
    with pytest.raises(NewsprismError) as err:
        parse_model(model)
    assert err.value.code.code == "NP106"
    assert "summary scorer model" in str(err.value)


def test_packaged_model_matches_the_features_and_states_its_provenance() -> None:
    text = resources.files("newsprism").joinpath("data", "summary_scorer.json").read_text()
    data = json.loads(text)
    assert data["features"] == list(FEATURES)
    assert {"data", "target", "script", "clusters"} <= set(data["provenance"])
    scores = load_scorer().predict(np.random.default_rng(0).random((5, len(FEATURES))))
    assert np.isfinite(scores).all() and len(set(scores.tolist())) == 5


def test_unit_features_are_finite_and_mark_leads(docs: list[AnnotatedArticle]) -> None:  # noqa: F811
    ids = tuple(d.id for d in docs)
    texts, x = unit_features_of(docs, (Event("e", "e", ids),), Relations())
    assert x.shape == (len(texts), len(FEATURES)) and len(texts) > 5
    assert np.isfinite(x).all()
    first = x[:, FEATURES.index("first_sentence")] == 1.0
    assert first.any() and (x[first, FEATURES.index("index")] == 0.0).all()
    assert (x[:, FEATURES.index("best_position")] <= 1.0).all()


def test_learned_and_rule_scorers_both_give_cited_summaries(
    docs: list[AnnotatedArticle],  # noqa: F811
) -> None:
    event = Event("e", "e", tuple(d.id for d in docs))
    by_id = {d.id: d.article.text for d in docs}
    for config in (SummaryConfig(), RULES):
        items = summarize(docs, (event,), Relations(), words=80, config=config)
        assert items
        for item in items:
            c = item.citations[0]
            assert by_id[c.article][c.start : c.end] == item.text
    with pytest.raises(NewsprismError):
        summarize(docs, (event,), Relations(), config=SummaryConfig(scorer="oracle"))


def test_a_rule_can_be_switched_off_for_measurement() -> None:
    load_nlp()
    text = "Will the council find the money to repair the old bridge this year?"
    [doc] = annotate([Article("q", "q", text)])
    span = doc.segments[0].doc[:]
    assert reject_reason(text, span) == "question"
    assert reject_reason(text, span, FilterConfig(allow=frozenset({"question"}))) is None


def _reserve_docs() -> list[AnnotatedArticle]:
    load_nlp()
    lines = [
        "The Fenwick library reopened on Monday after a two-year restoration of its glass roof.",
        "We spent three afternoons in the reading room and counted eleven new oak tables.",
        "Volunteers from the Fenwick history society catalogued every map in the basement.",
    ]
    return annotate([_article("r", lines)])


def test_reserve_sentences_fill_only_what_the_others_cannot() -> None:
    docs_ = _reserve_docs()
    event = (Event("e", "e", ("r",)),)
    first_person = "We spent three afternoons"
    held = summarize(docs_, event, Relations(), words=20)
    assert not any(i.text.startswith(first_person) for i in held)  # the others fill 20 words
    filled = summarize(docs_, event, Relations(), words=200)
    assert any(i.text.startswith(first_person) for i in filled)  # nothing else is left
    strict = dataclasses.replace(SummaryConfig(), filters=FilterConfig(fallback=frozenset()))
    dropped = summarize(docs_, event, Relations(), words=200, config=strict)
    assert dropped and not any(i.text.startswith(first_person) for i in dropped)


def test_quotes_over_several_sentences_are_kept_whole() -> None:
    from newsprism.analyze.summary.summarize import candidates

    load_nlp()
    quote = (
        "“The new roof lets in twice as much light as the old one. Readers have noticed the "
        "difference already,” said librarian Agnes Moor."
    )
    lines = [
        "The Fenwick library reopened on Monday after a two-year restoration of its glass roof.",
        quote,
    ]
    docs_ = annotate([_article("q", lines)])
    whole = [(s, r) for s, r in candidates(docs_, Relations()) if s.end - s.start == len(quote)]
    assert len(whole) == 1 and whole[0][1] is None
    text = docs_[0].article.text
    assert text[whole[0][0].start : whole[0][0].end] == quote
    # its sentences alone cannot stand: one opens a quote, the next continues it
    parts = [r for s, r in candidates(docs_, Relations()) if text.index(quote) <= s.start]
    assert "quote_continuation" in parts
    items = summarize(docs_, (Event("e", "e", ("q",)),), Relations(), words=60)
    assert quote in [i.text for i in items]
    c = next(i for i in items if i.text == quote).citations[0]
    assert text[c.start : c.end] == quote
    off = dataclasses.replace(SummaryConfig(), filters=FilterConfig(merge_quotes=False))
    assert quote not in [
        i.text
        for i in summarize(docs_, (Event("e", "e", ("q",)),), Relations(), words=60, config=off)
    ]


def test_a_pronoun_start_is_joined_to_the_sentence_that_names_its_subject() -> None:
    from newsprism.analyze.summary.summarize import candidates

    load_nlp()
    pair = (
        "Head librarian Agnes Moor opened the restored reading room on Monday morning. "
        "She said the glass roof had cost nearly two million pounds to repair."
    )
    lines = [
        "The Fenwick library reopened on Monday after a two-year restoration of its glass roof.",
        pair,
        "She also thanked the volunteers who cleaned the old oak shelves by hand.",
    ]
    docs_ = annotate([_article("p", lines)])
    text = docs_[0].article.text
    rows = candidates(docs_, Relations())
    joined = [r for s, r in rows if text[s.start : s.end] == pair]
    assert joined == [None]
    alone = [r for s, r in rows if text[s.start : s.end].startswith("She said")]
    assert alone == ["dangling_start"]
    off = FilterConfig(join_previous=False)
    rows_off = candidates(docs_, Relations(), dataclasses.replace(SummaryConfig(), filters=off))
    assert not [s for s, _ in rows_off if text[s.start : s.end] == pair]
    # a paragraph that opens with a pronoun is not joined to the previous paragraph
    assert not [s for s, r in rows if r is None and text[s.start : s.end].endswith("by hand.")]
