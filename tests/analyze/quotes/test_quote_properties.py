"""The quote parser on arbitrary text (hypothesis): it never raises, every span it returns is
the quoted text (``text[start:end]`` is what stands between the marks, or inside the article for
a reported quote, its cue and its speaker), and each input keeps a time budget (hypothesis
``deadline``, far above the usual cost: it catches a blow-up, not a slowdown).  Heavier profiles
are marked ``slow``.  Inputs are generated here."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from newsprism.analyze.quotes.extract import find_quotes
from newsprism.analyze.quotes.marks import DOUBLE_CLOSE, DOUBLE_OPEN, MarkedQuote, scan_marks
from newsprism.model import Article
from newsprism.nlp.annotate import annotate
from newsprism.nlp.segment import paragraphs

MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + "\"'‘’‚"
_PIECES = [*MARKS, " ", " ", "\n", "\n\n", ".", ",", ":", "—", "(", ")", "said", "told", "Ortiz",
           "he", "a source", "according to", "the ferry", "will", "run", "not", "we", "It's"]  # fmt: skip

# text made of quote marks, words and breaks; and any text at all
quote_heavy = st.lists(st.sampled_from(_PIECES), max_size=300).map("".join)
any_text = st.text(max_size=1500)
marks_only = st.text(alphabet=list(MARKS + " .\nab"), max_size=3000)

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # a large failing input shrinks for ages
TEXT_ONLY = settings(max_examples=200, deadline=timedelta(seconds=2))
PARSED = settings(
    max_examples=10, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow]
)


def _segments(text: str) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in paragraphs(text)]


def check_marked(text: str, quotes: list[MarkedQuote]) -> None:
    segs = _segments(text)
    for q in quotes:
        s, e = segs[q.segment]
        assert s <= q.start < q.end <= e, q
        assert text[q.start : q.end].strip(), q
        if q.close_mark is not None:
            # closed at a mark: the span is what stands between the marks, or a leading part of it
            # the opening mark stands before the content, except in a paragraph carried inside a
            # quote open at the previous one's end: no mark of its own, open_mark is its start
            assert q.end <= q.close_mark < e
            assert q.open_mark < q.start or q.open_mark == q.start == s, q
            if q.close_mark == q.end and not q.capped:
                first = q.start if q.open_mark == q.start else q.open_mark + 1
                assert text[q.start : q.end] == text[first : q.close_mark]


def test_a_carried_paragraph_has_no_mark_of_its_own() -> None:
    # found by test_marks_on_any_text: a quote open at a paragraph's end goes on in the next one,
    # which has no opening mark and closes with a reversed one
    text = "\u201c'\nsaid\u201c"
    quotes, _ = scan_marks(text, _segments(text))
    last = quotes[-1]
    assert last.segment == 1 and last.open_mark == last.start == 3 and last.close_mark == 7
    check_marked(text, quotes)


def test_a_quote_of_blanks_is_no_quote() -> None:  # found by test_quotes_long_quote_heavy_budget
    text = "He said “ ” and then “yes”, and “\t \u00a0” too.\n"
    quotes, _ = scan_marks(text, _segments(text))
    assert [text[q.start : q.end] for q in quotes] == ["yes"]


def test_many_short_paragraphs_with_open_quotes_stay_linear() -> None:
    # found by test_marks_many_unclosed_budget: every paragraph looked at every quote (~20 s)
    text = " \n".join(("“" if k % 4 == 0 else "") + "word" for k in range(14_000))
    segments = _segments(text)
    quotes, _ = scan_marks(text, segments)
    assert len(segments) == 14_000 and len(quotes) == 14_000  # hard-wrapped: each runs on
    check_marked(text, quotes)


@TEXT_ONLY
@given(st.one_of(quote_heavy, any_text, marks_only))
def test_marks_on_any_text(text: str) -> None:
    quotes, unbalanced = scan_marks(text, _segments(text))
    assert unbalanced >= 0
    check_marked(text, quotes)


def check_quotes(texts: list[str]) -> None:
    articles = [Article(f"a{i}", f"a{i}.txt", t) for i, t in enumerate(texts)]
    docs = annotate(articles)
    result = find_quotes(docs)
    by_id = {a.id: a for a in articles}
    marked = {  # the marks read in the content segments the parser reads
        d.article.id: scan_marks(
            d.article.text, [(p.segment.start, p.segment.end) for p in d.segments]
        )[0]
        for d in docs
    }
    for q in result.quotes:
        text = by_id[q.article].text
        assert 0 <= q.start < q.end <= len(text), q
        quoted = text[q.start : q.end]
        assert quoted.strip(), q
        if q.kind == "direct":  # the text between marks: from a quote's start to a quote's end
            assert q.start in {m.start for m in marked[q.article]}, q
            assert q.end in {m.end for m in marked[q.article]}, q
        for span in (q.cue, q.speaker_mention):
            assert span is None or (0 <= span.start < span.end <= len(text)), q
            assert span is None or text[span.start : span.end].strip()
    ids = {q.id for q in result.quotes}
    for group in result.groups:
        assert group.occurrences and {o.quote for o in group.occurrences} <= ids
    for notice in result.notices:
        assert notice.code.startswith("NP")


@PARSED
@given(st.lists(st.one_of(quote_heavy, any_text), min_size=1, max_size=3))
def test_quotes_on_any_text(texts: list[str]) -> None:
    check_quotes(texts)


# --- heavier profiles -----------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=40, deadline=timedelta(seconds=5), phases=NO_SHRINK)
@given(
    st.integers(500, 5000),
    st.sampled_from(["“", '"', "‘", "«", "„"]),
    st.integers(3, 12),
    st.booleans(),
)
def test_marks_many_unclosed_budget(n: int, mark: str, every: int, breaks: bool) -> None:
    words = ["ferry", "vote", "said", "Ortiz", "will", "run"]
    pieces = [(mark if k % every == 0 else "") + words[k % len(words)] for k in range(n * every)]
    text = (" " if not breaks else " \n").join(pieces)
    quotes, _ = scan_marks(text, _segments(text))
    check_marked(text, quotes)


@pytest.mark.slow
@settings(
    max_examples=8,
    deadline=timedelta(seconds=60),
    phases=NO_SHRINK,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=500, max_size=3000).map("".join),
)
def test_quotes_long_quote_heavy_budget(text: str) -> None:
    check_quotes([text])
