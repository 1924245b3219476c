from __future__ import annotations

from newsprism.model import Article, Boilerplate
from newsprism.nlp.annotate import ParsedSegment, annotate, from_parses, load_nlp

TEXT = (
    "Coastwire/Harbour Images The ferry terminal\n"
    "The council voted on Tuesday to keep the ferry running. Mayor Ana Brill said the vote was close.\n"
    "“We will not give up,” she said.\n"
)


def _article() -> Article:
    cap = TEXT.index("\n")
    return Article("x", "x.txt", TEXT, boilerplate=(Boilerplate(0, cap, "caption"),))


def test_model_loads_once() -> None:
    assert load_nlp() is load_nlp()


def test_sentences_resolve_and_skip_boilerplate() -> None:
    (doc,) = annotate([_article()])
    texts = [doc.sentence_text(s) for s in doc.sentences]
    assert texts == [
        "The council voted on Tuesday to keep the ferry running.",
        "Mayor Ana Brill said the vote was close.",
        "“We will not give up,” she said.",
    ]
    assert [s.index for s in doc.sentences] == [0, 1, 2]
    assert [s.paragraph for s in doc.sentences] == [1, 1, 2]
    assert all(not doc.article.is_boilerplate(s.start, s.end) for s in doc.sentences)


def test_entities_and_tokens_map_to_article_offsets() -> None:
    (doc,) = annotate([_article()])
    for start, end, _label, text in doc.entities():
        assert TEXT[start:end] == text
    for start, tok in doc.tokens():
        assert TEXT[start : start + len(tok.text)] == tok.text
    assert any(text == "Ana Brill" for *_, text in doc.entities())


def test_empty_article_has_no_sentences() -> None:
    (doc,) = annotate([Article("e", "e.txt", "   \n ")])
    assert doc.sentences == [] and doc.segments == []


def test_from_parses_rebuilds_the_same_sentences_from_cached_docs() -> None:
    from spacy.tokens import Doc

    (doc,) = annotate([_article()])
    vocab = load_nlp().vocab
    cached = [
        ParsedSegment(p.segment, Doc(vocab).from_bytes(p.doc.to_bytes())) for p in doc.segments
    ]
    again = from_parses(doc.article, cached)
    assert [(s.start, s.end, s.paragraph) for s in again.sentences] == [
        (s.start, s.end, s.paragraph) for s in doc.sentences
    ]
