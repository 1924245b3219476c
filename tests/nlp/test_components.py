"""The faster attribute ruler and lemmatizer give the model's own annotations (texts written here)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from newsprism.nlp.annotate import MODEL_NAME, load_nlp
from newsprism.nlp.components import FastAttributeRuler, FastLemmatizer, install
from newsprism.nlp.sentences import configure

TEXTS = [
    "“We didn't know, and nothin' could've warned us,” the harbour master said on Tuesday.",
    "Y'all can't say that, but she told me it's the ferries' last winter.\n\nHe said so himself.",
    "The council's 12 members voted 7-5; those who voted against it were   annoyed.",
    "But Reyes, whom the union backs, wouldn't say whether the pier would close  .",
    "  Nobody knows anything yet, though everyone expects the vote to be close.",
    "The crossings were cancelled because the tides were higher than the crews had seen.",
]
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


def test_load_nlp_runs_the_fast_components_under_the_models_names() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    names = nlp.pipe_names
    assert names.index("parser") < names.index("attribute_ruler") < names.index("lemmatizer")


def test_same_annotations_as_the_models_components() -> None:
    model = configure(spacy.load(MODEL_NAME))
    assert not isinstance(model.get_pipe("attribute_ruler"), FastAttributeRuler)
    fast = load_nlp()
    for slow_doc, fast_doc in zip(model.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        assert np.array_equal(slow_doc.to_array(ATTRS), fast_doc.to_array(ATTRS))
        assert [t.lemma_ for t in slow_doc] == [t.lemma_ for t in fast_doc]
        assert [str(t.morph) for t in slow_doc] == [str(t.morph) for t in fast_doc]


def _tagged(nlp: spacy.language.Language, words: list[str], tags: list[str]) -> Doc:
    doc = Doc(nlp.vocab, words=words, tags=tags, deps=["dep"] * len(words))
    return doc


def test_rules_of_every_kind_and_their_order() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"TAG": "NN", "LOWER": {"IN": ["pier", "dock"]}}]], {"POS": "PROPN"})
    ruler.add([[{"LOWER": {"REGEX": "^n'?t$"}}]], {"LEMMA": "not", "POS": "PART"})
    ruler.add([[{"TAG": {"NOT_IN": ["NN", ""]}, "DEP": {"IN": ["dep"]}}]], {"MORPH": "Case=Nom"})
    ruler.add([[{"LOWER": "the"}, {"TAG": "NN"}]], {"POS": "X"}, index=-1)
    ruler.add([[{"LOWER": "the"}, {"TAG": "NN"}]], {"LEMMA": "the-one"}, index=0)
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
    fast = FastAttributeRuler(ruler)
    words = ["the", "pier", "is", "n't", "open", " ", "the", "dock", "and", "a", "crossing"]
    tags = ["DT", "NN", "VBZ", "RB", "JJ", "_SP", "DT", "NN", "CC", "DT", "NN"]
    slow_doc = ruler(_tagged(nlp, words, tags))
    fast_doc = fast(_tagged(nlp, words, tags))
    assert np.array_equal(slow_doc.to_array(ATTRS), fast_doc.to_array(ATTRS))
    # index -1 of a two-token rule; a later rule overrides an earlier one on the same token
    assert [t.pos_ for t in fast_doc][:4] == ["", "X", "", "PART"]
    assert [t.pos_ for t in fast_doc][-1] == "NOUN" and str(fast_doc[0].morph) == "Case=Nom"
    assert fast_doc[0].lemma_ == "the-one" and fast_doc[3].lemma_ == "not"


def test_a_rule_the_table_cannot_test_keeps_the_models_component() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"POS": "NOUN", "OP": "+"}]], {"TAG": "NN"})
    install(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def test_lookup_lemmatizer_is_left_alone() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    install(nlp)
    assert isinstance(nlp.get_pipe("lemmatizer"), Lemmatizer)


@pytest.mark.slow
def test_a_brief_does_not_import_torch() -> None:
    code = (
        "import sys; import newsprism.pipeline; from newsprism.nlp.annotate import load_nlp;"
        "load_nlp()('The ferry sailed.'); print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
