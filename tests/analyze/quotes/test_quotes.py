"""Quotes: marks, kinds, cues, speaker mentions, notices and quote groups.

Fixtures are a fictional story (an island ferry closure) written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.analyze.quotes.extract import QuoteResult, find_quotes, scan_marks
from newsprism.analyze.quotes.groups import QuoteMaterial, group_quotes, normalise
from newsprism.analyze.quotes.posts import embedded_posts
from newsprism.errors import UNBALANCED_QUOTES
from newsprism.model import Article, Boilerplate, Quote, Span
from newsprism.nlp.annotate import annotate
from newsprism.nlp.segment import paragraphs


def _run(*texts: str, outlets: tuple[str, ...] = ()) -> tuple[list[Article], QuoteResult]:
    articles = [
        Article(f"a{i}", f"a{i}.txt", t, outlet=outlets[i] if outlets else None)
        for i, t in enumerate(texts)
    ]
    return articles, find_quotes(annotate(articles))


def _text(article: Article, span: Span | None) -> str | None:
    return None if span is None else article.text[span.start : span.end]


def _quote(articles: list[Article], result: QuoteResult, needle: str) -> Quote:
    by_id = {a.id: a for a in articles}
    found = [q for q in result.quotes if needle in by_id[q.article].text[q.start : q.end]]
    assert found, f"no quote holds {needle!r}"
    return found[0]


def _speaker_name(result: QuoteResult, quote: Quote) -> str | None:
    names = {s.id: s.name for s in result.speakers}
    return names.get(quote.speaker) if quote.speaker else None


def _marks(text: str) -> tuple[list[str], int]:
    segs = [(p.start, p.end) for p in paragraphs(text)]
    quotes, unbalanced = scan_marks(text, segs)
    return [text[q.start : q.end] for q in quotes], unbalanced


# --- quote marks (text only) ---------------------------------------------------------------


def test_curly_and_straight_double_quotes_exclude_the_marks() -> None:
    found, unbalanced = _marks('She said: “The ferry stays.” He said: "It goes."\n')
    assert found == ["The ferry stays.", "It goes."]
    assert unbalanced == 0


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        "The council’s plan didn’t mention the unions’ demands, Tuesday's vote or the "
        "islanders' petition, but a ‘ward business’ item and a 'wait and see' line.\n"
    )
    found, unbalanced = _marks(text)
    assert found == ["ward business", "wait and see"]
    assert unbalanced == 0


def test_quote_runs_on_into_a_paragraph_that_reopens() -> None:
    text = "Ortiz said: “We will not close it.\n“Winter timetables start in May.”\nThe end.\n"
    segs = [(p.start, p.end) for p in paragraphs(text)]
    quotes, unbalanced = scan_marks(text, segs)
    assert [text[q.start : q.end] for q in quotes] == [
        "We will not close it.",
        "Winter timetables start in May.",
    ]
    assert quotes[0].runs_on and quotes[1].reopens
    assert unbalanced == 0


def test_unbalanced_quote_is_cut_at_paragraph_end_and_swallows_nothing() -> None:
    text = "Reyes said: “The vote was a shambles.\nNobody wants it.\nOrtiz said: “No.”\n"
    quotes, unbalanced = _marks(text)
    assert quotes == ["The vote was a shambles.", "No."]
    assert unbalanced == 1


def test_paragraphs_run_together_reopen_inside_one_line() -> None:
    text = "The union said: “We met the mayor. “We asked for more time. “She said no.”\n"
    quotes, unbalanced = _marks(text)
    assert quotes == ["We met the mayor.", "We asked for more time.", "She said no."]
    assert unbalanced == 0


def test_hard_wrapped_line_carries_the_quote() -> None:
    text = 'The union said: "We will strike in the\nspring if the ferry is cut."\n'
    quotes, unbalanced = _marks(text)
    assert quotes == ["We will strike in the", "spring if the ferry is cut."]
    assert unbalanced == 0


def test_mixed_marks_close_at_a_single_mark_with_a_notice() -> None:
    text = "“We were never asked’, a spokesperson said. Then the meeting ended.\n"
    quotes, unbalanced = _marks(text)
    assert quotes == ["We were never asked"]
    assert unbalanced == 1


def test_stray_closing_mark_is_counted_not_quoted() -> None:
    quotes, unbalanced = _marks("The ferry is safe,” he said.\n")
    assert quotes == [] and unbalanced == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("ab .,:\n'\"“”‘’«»"), max_size=120))
def test_any_marks_give_spans_inside_their_paragraph(text: str) -> None:
    segs = [(p.start, p.end) for p in paragraphs(text)]
    quotes, unbalanced = scan_marks(text, segs)
    assert unbalanced >= 0
    for q in quotes:
        s, e = segs[q.segment]
        assert s <= q.start < q.end <= e
        assert q.region.start <= q.start and q.end <= q.region.end <= e


_PIECES = ["Ortiz", "said", "he", "they", "a source", "told", "according to", "the ferry", "sank",
           "that", "“", "”", '"', "‘", "’", "'", ":", ",", ".", "\n", "Reyes", "will", "not"]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_text_gives_valid_quotes(pieces: list[str]) -> None:
    text = " ".join(pieces)
    article = Article("h", "h.txt", text, boilerplate=(Boilerplate(0, min(6, len(text)), "other"),))
    res = find_quotes(annotate([article]))
    for q in res.quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert not article.is_boilerplate(q.start, q.end)
        for span in (q.cue, q.speaker_mention):
            assert span is None or 0 <= span.start < span.end <= len(text)


def test_no_articles_and_no_quotes() -> None:
    assert find_quotes([]) == QuoteResult((), (), (), ())
    _arts, res = _run("The ferry sailed at dawn.\n", "   \n")
    assert res.quotes == () and res.groups == () and res.notices == ()


# --- quotes with cue and speaker (parsed) --------------------------------------------------

STORY = (
    "Harbour master Lena Ortiz said: “The ferry will run until March.”\n"
    "“We are not finished,” Ortiz said. “We will appeal the ruling.”\n"
    "Councillor Tomas Reyes voted against the plan. “It is a mistake,” he said.\n"
    "“The deal is dead,” a senior council source said. They added that the vote was rigged.\n"
    "The closure was “a foregone conclusion”, according to a union spokesperson.\n"
    "Reyes said the budget was “a fantasy” and would be rejected by the council.\n"
    "Ortiz told reporters that the ferry would keep running through the winter.\n"
    "The two unions said: “We will strike in May if the ferry is cut.\n"
    "“Our members have waited long enough.”\n"
)


@pytest.fixture(scope="module")
def story() -> tuple[list[Article], QuoteResult]:
    return _run(STORY)


def test_colon_introduced_quote_with_named_speaker(
    story: tuple[list[Article], QuoteResult],
) -> None:
    arts, res = story
    q = _quote(arts, res, "run until March")
    assert q.kind == "direct"
    assert arts[0].text[q.start : q.end] == "The ferry will run until March."
    assert _text(arts[0], q.cue) == "said"
    assert _text(arts[0], q.speaker_mention) == "Harbour master Lena Ortiz"
    assert _speaker_name(res, q) == "Lena Ortiz"


def test_quote_split_by_cue_shares_the_speaker(story: tuple[list[Article], QuoteResult]) -> None:
    arts, res = story
    first = _quote(arts, res, "not finished")
    second = _quote(arts, res, "appeal the ruling")
    assert _text(arts[0], first.speaker_mention) == "Ortiz"
    assert first.speaker == second.speaker == _quote(arts, res, "until March").speaker
    assert second.cue == first.cue


def test_pronoun_speaker_resolves_to_previous_subject(
    story: tuple[list[Article], QuoteResult],
) -> None:
    arts, res = story
    q = _quote(arts, res, "It is a mistake")
    assert _text(arts[0], q.speaker_mention) == "he"
    assert _speaker_name(res, q) == "Tomas Reyes"
    # a later surname-only mention is the same person
    assert _quote(arts, res, "a fantasy").speaker == q.speaker


def test_anonymous_source_and_pronoun_back_to_it(story: tuple[list[Article], QuoteResult]) -> None:
    arts, res = story
    q = _quote(arts, res, "The deal is dead")
    speaker = next(s for s in res.speakers if s.id == q.speaker)
    assert speaker.anonymous and speaker.name == "a senior council source"
    indirect = _quote(arts, res, "the vote was rigged")
    assert indirect.kind == "indirect" and indirect.speaker == q.speaker


def test_according_to(story: tuple[list[Article], QuoteResult]) -> None:
    arts, res = story
    q = _quote(arts, res, "foregone conclusion")
    assert q.kind == "mixed"
    assert _text(arts[0], q.cue) == "according to"
    assert _text(arts[0], q.speaker_mention) == "a union spokesperson"


def test_mixed_quote_spans_the_reported_clause(story: tuple[list[Article], QuoteResult]) -> None:
    arts, res = story
    q = _quote(arts, res, "a fantasy")
    assert q.kind == "mixed"
    assert arts[0].text[q.start : q.end] == (
        "the budget was “a fantasy” and would be rejected by the council"
    )
    assert _text(arts[0], q.cue) == "said"


def test_indirect_speech(story: tuple[list[Article], QuoteResult]) -> None:
    arts, res = story
    q = _quote(arts, res, "keep running")
    assert q.kind == "indirect"
    assert arts[0].text[q.start : q.end] == "the ferry would keep running through the winter"
    assert _text(arts[0], q.cue) == "told"
    assert _speaker_name(res, q) == "Lena Ortiz"


def test_multi_paragraph_quote_keeps_its_speaker(story: tuple[list[Article], QuoteResult]) -> None:
    arts, res = story
    first = _quote(arts, res, "strike in May")
    second = _quote(arts, res, "waited long enough")
    assert first.kind == second.kind == "direct"
    assert first.speaker is not None and second.speaker == first.speaker
    assert _text(arts[0], second.speaker_mention) == "The two unions"
    assert res.notices == ()


def test_unbalanced_quote_notice_and_no_swallowing() -> None:
    text = (
        "“The vote was a shambles,” Reyes said, “and everyone knows it.\n"
        "Nobody on the island wants this closure.\n"
        "“We will keep campaigning,” Ortiz said.\n"
    )
    arts, res = _run(text)
    assert [n.code for n in res.notices] == [UNBALANCED_QUOTES.code]
    assert res.notices[0].source == "a0.txt"
    cut = _quote(arts, res, "everyone knows it")
    assert arts[0].text[cut.start : cut.end] == "and everyone knows it."
    assert not any("Nobody" in arts[0].text[q.start : q.end] for q in res.quotes)
    assert _quote(arts, res, "keep campaigning").kind == "direct"


def test_spans_are_article_text_and_skip_boilerplate() -> None:
    caption = "Coastwire/Harbour Images “A sad day,” said the caption writer\n"
    body = "Ortiz said: “We are not finished.”\n"
    article = Article(
        "c", "c.txt", caption + body, boilerplate=(Boilerplate(0, len(caption) - 1, "caption"),)
    )
    res = find_quotes(annotate([article]))
    assert [article.text[q.start : q.end] for q in res.quotes] == ["We are not finished."]
    for q in res.quotes:
        assert not article.is_boilerplate(q.start, q.end)


# --- quote groups --------------------------------------------------------------------------


def test_quote_group_across_articles_with_attribution_conflict() -> None:
    a = (
        "Harbour master Lena Ortiz urged the council to “stop the rot” before winter.\n"
        "Ortiz said: “We will not close the ferry. Winter timetables start in May.”\n"
        "Later she repeated: “We will not close the ferry.”\n"
    )
    b = (
        "The ferry workers’ union said the council must “stop the rot” before winter.\n"
        "“We will not close the ferry,” Ortiz said on Friday.\n"
    )
    arts, res = _run(a, b, outlets=("Coast Herald", "Island News"))
    by_text = {normalise(g.text): g for g in res.groups}
    rot = by_text["stop the rot"]
    assert [o.article for o in rot.occurrences] == ["a0", "a1"]
    assert [o.outlet for o in rot.occurrences] == ["Coast Herald", "Island News"]
    assert rot.conflict == "attribution" and len(rot.speakers) == 2
    ferry = next(g for g in res.groups if "close the ferry" in g.text)
    assert len(ferry.occurrences) == 2  # repeated inside article a0: one occurrence
    assert ferry.conflict is None and len(ferry.speakers) == 1
    for g in res.groups:
        assert g.text in arts[0].text or g.text in arts[1].text


def test_group_quotes_scales_and_keeps_distinct_quotes_apart() -> None:
    articles: dict[str, Article] = {}
    items: list[QuoteMaterial] = []
    for i in range(200):
        text = " ".join(
            f"Speaker {i} said the ferry number {i * 20 + k} will sail at dawn on day {k}."
            for k in range(20)
        )
        text += " The island will not be abandoned by anyone."
        articles[f"x{i}"] = Article(f"x{i}", f"x{i}.txt", text)
        start = 0
        for k in range(21):
            end = text.find(".", start) + 1
            quote = Quote(f"q{i}-{k}", f"x{i}", start, end, "direct")
            items.append(QuoteMaterial(quote, (Span(start, end),)))
            start = end + 1
    groups = group_quotes(items, articles)
    assert len(groups) == 1
    assert len(groups[0].occurrences) == 200


# --- the seeds (third-party; read from ../shared/seeds, skipped when absent) ---------------


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[list[Article], QuoteResult]:
    try:
        from newsprism.ingest.boilerplate import mark_boilerplate
    except ImportError:  # pragma: no cover - ingest not written yet

        def mark_boilerplate(a: Article) -> Article:
            return a

    articles = [
        mark_boilerplate(Article(p.name[:3], str(p), p.read_text(encoding="utf-8")))
        for p in sorted(seeds_dir.glob("*.txt"))
    ]
    return articles, find_quotes(annotate(articles))


def test_seed_quote_spans_are_valid(seeds: tuple[list[Article], QuoteResult]) -> None:
    arts, res = seeds
    by_id = {a.id: a for a in arts}
    assert len(res.quotes) > 40
    posts = {(a.id, p.text.start, p.text.end) for a in arts for p in embedded_posts(a)}
    for q in res.quotes:
        art = by_id[q.article]
        assert 0 <= q.start < q.end <= len(art.text)
        if (q.article, q.start, q.end) in posts:  # a signed post: the one quote read in boilerplate
            assert art.is_boilerplate(q.start, q.end) and q.kind == "direct"
            continue
        assert not art.is_boilerplate(q.start, q.end)
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert not art.is_boilerplate(span.start, span.end)
    ids = {s.id for s in res.speakers}
    assert all(q.speaker in ids for q in res.quotes if q.speaker)


def test_seed_joint_statement_is_one_group_over_three_articles(
    seeds: tuple[list[Article], QuoteResult],
) -> None:
    _arts, res = seeds
    groups = [g for g in res.groups if "fell short" in g.text]
    assert len(groups) == 1
    assert {o.article for o in groups[0].occurrences} == {"002", "003", "004"}
    assert groups[0].conflict is None


def test_seed_cesspit_attribution_conflict(seeds: tuple[list[Article], QuoteResult]) -> None:
    _arts, res = seeds
    (group,) = [g for g in res.groups if "cesspit" in g.text]
    assert {o.article for o in group.occurrences} == {"000", "001"}
    assert group.conflict == "attribution"
    names = {s.id: s for s in res.speakers}
    kinds = sorted(names[s].name for s in group.speakers)
    assert len(kinds) == 2 and any(n.endswith("Streeting") for n in kinds)


def test_seed_goldstein_one_speaker_with_roles_from_two_outlets(
    seeds: tuple[list[Article], QuoteResult],
) -> None:
    _arts, res = seeds
    (speaker,) = [s for s in res.speakers if s.name.endswith("Goldstein")]
    assert any("JLC president" in r for r in speaker.roles)
    assert any(r.startswith("chair of") for r in speaker.roles)
    quoted_in = {q.article for q in res.quotes if q.speaker == speaker.id}
    assert {"002", "004"} <= quoted_in
