"""Quote groups on real-news shapes: short distinctive quotes, one statement cut at different
places, slight rewording, several pieces of one article.  Fictional texts written here."""

from __future__ import annotations

from newsprism.analyze.quotes.groups import QuoteMaterial, group_quotes
from newsprism.model import Article, Quote, Span


def _items(*quotes: tuple[str, str, str | None]) -> tuple[dict[str, Article], list[QuoteMaterial]]:
    """One article per (article id, text of the quote, speaker) row; an article id may repeat
    (several quotes of one article).  Each quote is its whole text between marks."""
    texts: dict[str, str] = {}
    spans: list[tuple[str, int, int, str | None]] = []
    for aid, words, speaker in quotes:
        body = texts.get(aid, "")
        start = len(body) + 1
        body += f"“{words}” "
        texts[aid] = body
        spans.append((aid, start, start + len(words), speaker))
    articles = {aid: Article(aid, f"{aid}.txt", t) for aid, t in texts.items()}
    items = [
        QuoteMaterial(Quote(f"q{k}", aid, s, e, "direct", speaker), (Span(s, e),))
        for k, (aid, s, e, speaker) in enumerate(spans)
    ]
    return articles, items


def _grouped(groups: tuple, *articles: str) -> bool:
    return any({o.article for o in g.occurrences} >= set(articles) for g in groups)


def test_a_short_distinctive_quote_joins_the_full_quote_of_the_same_speaker() -> None:
    arts, items = _items(
        ("a", "His plan is beyond reckless to me, and I will say so", "s1"),
        ("b", "beyond reckless", "s1"),
    )
    assert _grouped(group_quotes(items, arts), "a", "b")


def test_one_word_quoted_by_two_different_named_speakers_is_not_one_quote() -> None:
    arts, items = _items(("a", "The toll is outrageous", "s1"), ("b", "outrageous", "s2"))
    assert group_quotes(items, arts, named=frozenset({"s1", "s2"})) == ()


def test_a_word_printed_only_in_quote_marks_joins_the_quote_of_an_unnamed_speaker() -> None:
    # outlet b credits the scare-quoted word to the person the sentence is about (s1); outlet a
    # prints the whole line of the colleague (s2, unnamed) who said it
    arts, items = _items(
        ("a", "Lucky you go jogging, or you would end up pudgy", "s2"),
        ("b", "pudgy", "s1"),
    )
    assert _grouped(group_quotes(items, arts, named=frozenset({"s1"})), "a", "b")
    # an unknown speaker is no evidence either way: the same speaker is still needed
    arts, items = _items(
        ("a", "Lucky you go jogging, or you would end up pudgy", None), ("b", "pudgy", "s1")
    )
    assert group_quotes(items, arts, named=frozenset({"s1"})) == ()


def test_a_word_an_outlet_uses_in_its_own_voice_needs_the_same_speaker() -> None:
    arts, items = _items(
        ("a", "Lucky you go jogging, or you would end up pudgy", "s2"),
        ("b", "pudgy", "s1"),
    )
    arts["c"] = Article("c", "c.txt", "The pudgy ferry cat has a fan club on the island.")
    assert group_quotes(items, arts, named=frozenset({"s1"})) == ()


def test_one_sentence_reworded_in_common_words_only_joins_a_longer_quote() -> None:
    arts, items = _items(
        ("a", "It broke my heart. That was my godson.", "s1"),
        ("b", "He was only nine. That's my godson.", "s2"),
    )
    assert _grouped(group_quotes(items, arts), "a", "b")


def test_a_negation_added_to_a_sentence_keeps_the_quotes_apart() -> None:
    arts, items = _items(
        ("a", "We tried our best. That was my decision.", "s1"),
        ("b", "Ask the board. That was not my decision.", "s2"),
    )
    assert group_quotes(items, arts) == ()


def test_common_words_alone_are_never_a_shared_quote() -> None:
    arts, items = _items(("a", "We will do it in the end", "s1"), ("b", "in the end", "s1"))
    assert group_quotes(items, arts) == ()


def test_one_statement_cut_at_different_places_is_one_quote() -> None:
    arts, items = _items(
        (
            "a",
            "I know this has hit the island fishermen very hard, and I am glad to see help",
            "s1",
        ),
        ("b", "I know it has hit the island fishermen very hard and we grieve with them", "s1"),
    )
    assert _grouped(group_quotes(items, arts), "a", "b")


def test_a_slightly_reworded_quote_is_one_quote_with_the_change_shown() -> None:
    arts, items = _items(
        ("a", "It passed the once-every-five-years inspection", None),
        ("b", "It passed the once-every-5-years inspection", None),
    )
    (group,) = group_quotes(items, arts)
    assert {o.article for o in group.occurrences} == {"a", "b"}


def test_figures_that_differ_keep_quotes_apart() -> None:
    arts, items = _items(
        ("a", "The ferry carried 412 passengers on the last crossing of the day", None),
        ("b", "The ferry carried 536 passengers on the last crossing of the day", None),
    )
    assert group_quotes(items, arts) == ()


def test_two_pieces_of_one_article_both_stay_in_the_group() -> None:
    arts, items = _items(
        ("a", "Keep the ferry running.", "s1"),
        ("a", "The island cannot live without it.", "s1"),
        ("b", "Keep the ferry running. The island cannot live without it.", "s1"),
    )
    (group,) = group_quotes(items, arts)
    assert [o.article for o in group.occurrences] == ["a", "a", "b"]


def test_a_named_and_a_described_speaker_are_no_attribution_conflict() -> None:
    arts, items = _items(
        ("a", "You are a fraud, you promise one thing and deliver another", "s1"),
        ("b", "You are a fraud, you promise one thing and deliver another", "s2"),
    )
    (group,) = group_quotes(items, arts, named=frozenset({"s1"}))
    assert group.conflict is None
    (group,) = group_quotes(items, arts, named=frozenset({"s1", "s2"}))
    assert group.conflict == "attribution"
    (group,) = group_quotes(items, arts, named=frozenset({"s1"}), anonymous=frozenset({"s2"}))
    assert group.conflict == "attribution"  # a name against an unnamed source


def test_each_fragment_of_a_mixed_quote_is_matched_on_its_own() -> None:
    a = "Okafor said there would be no “grand new ferry program” or a “talk on the harbour”."
    b = "“We could hold a talk on the harbour for the whole island,” Okafor said."
    arts = {"a": Article("a", "a.txt", a), "b": Article("b", "b.txt", b)}
    frag1 = Span(a.index("grand"), a.index("program") + len("program"))
    frag2 = Span(a.index("talk on"), a.index("harbour”") + len("harbour"))
    whole = Span(b.index("We could"), b.index("island") + len("island"))
    items = [
        QuoteMaterial(Quote("q1", "a", frag1.start, frag2.end, "mixed", "s1"), (frag1, frag2)),
        QuoteMaterial(Quote("q2", "b", whole.start, whole.end, "direct", "s1"), (whole,)),
    ]
    assert _grouped(group_quotes(items, arts), "a", "b")


def test_a_whole_quote_is_kept_over_a_word_of_it_in_the_same_article() -> None:
    arts, items = _items(
        ("a", "I know this has done lasting harm to our families and to the whole valley", "s1"),
        ("b", "lasting", "s1"),
        ("b", "I know it has done lasting harm to our families and we mourn", "s1"),
    )
    [group] = group_quotes(items, arts)
    kept = {o.quote for o in group.occurrences}
    assert "q2" in kept and "q1" not in kept


def test_a_fragment_joins_its_match_in_another_article_over_one_in_its_own() -> None:
    arts, items = _items(
        ("a", "The new harbour wall is a monument to bad planning and waste", "s1"),
        ("b", "a monument to bad planning", "s2"),
        ("b", "They built a monument to bad planning, he said", "s1"),
    )
    assert _grouped(group_quotes(items, arts), "a", "b")


def _reported(aid: str, text: str, words: str) -> QuoteMaterial:
    start = text.index(words)
    quote = Quote("r1", aid, start, start + len(words), "indirect", "s9")
    return QuoteMaterial(quote, (Span(start, start + len(words)),))


def test_reported_speech_carrying_quoted_words_joins_their_group() -> None:
    arts, items = _items(("a", "safely stay on the timetable", None))
    text = "Inspectors decided the old ferry could safely stay on the timetable, the port said."
    arts["b"] = Article("b", "b.txt", text)
    host = _reported("b", text, "the old ferry could safely stay on the timetable")
    (group,) = group_quotes(items, arts, reported=[host])
    assert {o.article for o in group.occurrences} == {"a", "b"}
    assert group.text == "safely stay on the timetable"  # the quoted wording, not the report


def test_reported_speech_with_only_common_words_in_common_joins_nothing() -> None:
    arts, items = _items(("a", "it was the end of it", None))
    text = "The mayor said it was the end of it for the old ferry."
    arts["b"] = Article("b", "b.txt", text)
    host = _reported("b", text, "it was the end of it for the old ferry")
    assert group_quotes(items, arts, reported=[host]) == ()
