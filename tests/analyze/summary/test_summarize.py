"""The cited extractive summary, on a fictional story told by four outlets (one in two versions)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsprism.analyze.summary.filters import (
    CONNECTIVE_STARTS,
    PRONOUN_STARTS,
    dangling_start,
    opens_inside_quote,
    quote_regions,
    reject_reason,
)
from newsprism.analyze.summary.summarize import (
    SummaryConfig,
    candidates,
    carries_words,
    summarize,
)
from newsprism.model import Article, Boilerplate, Event, RepeatedPassage, Span, SummaryItem
from newsprism.nlp.annotate import AnnotatedArticle, annotate, load_nlp

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


@dataclass(frozen=True)
class Relations:
    """Stand-in with the fields of ``analyze.relations.links.RelationResult`` the summary reads."""

    relations: tuple[object, ...] = ()
    repeated: tuple[RepeatedPassage, ...] = ()
    independent: tuple[tuple[str, ...], ...] = ()


LEAD = (
    "Marrowby council voted on Monday to close the Old Mill bridge to all traffic for eighteen "
    "months while engineers replace its rusted steel frame."
)
GAZETTE = [
    "Marrowby council votes to shut the Old Mill bridge",
    LEAD,
    "The decision passed by nine votes to four after a three-hour debate in the town hall.",
    "Council leader Ingrid Pashley said the closure was the only safe option for the ageing "
    "structure.",
    "She said the repairs would cost about four million pounds.",
    "But shop owners on Quay Street warned that the detour would keep customers away from the "
    "town centre.",
    "“We will lose half our trade before the bridge opens again,” said baker Tomas Ruel.",
    "However, the council promised a free shuttle bus across the river during the works.",
    "It is the third closure of the bridge since 1990.",
]
GAZETTE_V2 = [
    *GAZETTE[:3],
    "Engineers will begin lifting the road surface in early March, a council spokesman said.",
    *GAZETTE[3:],
]
POST = [
    "The Old Mill bridge in Marrowby will close to all traffic for eighteen months after the "
    "council voted on Monday to replace its rusted steel frame.",
    "Councillors backed the plan by nine votes to four.",
    "Council leader Ingrid Pashley told the Valley Post the bridge was no longer safe for lorries.",
    "The works are expected to cost about four million pounds, according to council papers.",
    "Traders fear the long detour will empty the shops on Quay Street.",
    "This is not the first time the crossing has been shut.",
]
BOILERPLATE = (
    "Sign up to the Northern Wire morning briefing for the latest news on the Marrowby bridge "
    "protest march."
)
WIRE = [
    "Several hundred residents marched through Marrowby on Saturday to protest against the "
    "planned closure of the Old Mill bridge.",
    "The march started at the railway station and ended outside the town hall, where organisers "
    "handed in a petition with six thousand signatures.",
    BOILERPLATE,
    "Organiser Delia Okonjo said the council had ignored the people who cross the bridge every "
    "day.",
    "Police said the protest march was peaceful and that no arrests were made.",
    "They estimated the crowd at around four hundred people.",
]
RADIO = [
    "Around four hundred people joined a protest march in Marrowby on Saturday against the "
    "closure of the Old Mill bridge.",
    "Police said the march was peaceful and no arrests were made.",
    "Organisers delivered a petition signed by six thousand residents to the town hall.",
    "“The council has stopped listening to the people who use this bridge,” organiser Delia "
    "Okonjo said.",
]
RELATIONS = Relations(independent=(("gazette-1", "gazette-2"), ("post",), ("wire",), ("radio",)))
EVENTS = (
    Event("e1", "council votes to close the bridge", ("gazette-1", "gazette-2", "post")),
    Event("e2", "residents march against the closure", ("wire", "radio")),
)


def _article(article_id: str, lines: list[str]) -> Article:
    text = "\n".join(lines) + "\n"
    marks: tuple[Boilerplate, ...] = ()
    if BOILERPLATE in text:
        start = text.index(BOILERPLATE)
        marks = (Boilerplate(start, start + len(BOILERPLATE), "newsletter"),)
    return Article(article_id, f"{article_id}.txt", text, outlet=article_id, boilerplate=marks)


@pytest.fixture(scope="module")
def docs() -> list[AnnotatedArticle]:
    return annotate(
        [
            _article("gazette-1", GAZETTE),
            _article("gazette-2", GAZETTE_V2),
            _article("post", POST),
            _article("wire", WIRE),
            _article("radio", RADIO),
        ]
    )


def _words(items: tuple[SummaryItem, ...]) -> int:
    return sum(len(i.text.split()) for i in items)


def _texts(docs: list[AnnotatedArticle]) -> dict[str, str]:
    return {d.id: d.article.text for d in docs}


def test_every_citation_resolves(docs: list[AnnotatedArticle]) -> None:
    texts = _texts(docs)
    items = summarize(docs, EVENTS, RELATIONS, words=1000)
    assert items
    for item in items:
        first = item.citations[0]
        assert texts[first.article][first.start : first.end] == item.text
        for c in item.citations[1:]:
            assert c.article != first.article
            assert texts[c.article][c.start : c.end].strip()


def test_no_pronoun_or_connective_starts(docs: list[AnnotatedArticle]) -> None:
    for item in summarize(docs, EVENTS, RELATIONS, words=1000):
        first = re.findall(r"[A-Za-z]+", item.text)[0].lower()
        assert first not in PRONOUN_STARTS | CONNECTIVE_STARTS, item.text
        assert item.text.lstrip('“"')[0].isupper()
    texts = {i.text for i in summarize(docs, EVENTS, RELATIONS, words=1000)}
    for dangling in (GAZETTE[4], GAZETTE[5], GAZETTE[7], GAZETTE[8], POST[5], WIRE[5]):
        assert dangling not in texts


def test_boilerplate_never_shows(docs: list[AnnotatedArticle]) -> None:
    wire = next(d for d in docs if d.id == "wire").article
    mark = wire.boilerplate[0].span
    for words in (30, 200, 1000):
        for item in summarize(docs, EVENTS, RELATIONS, words=words):
            assert "Northern Wire" not in item.text
            for c in item.citations:
                assert not (c.article == "wire" and Span(c.start, c.end).overlaps(mark))


def test_identical_sentence_in_two_versions_appears_once(docs: list[AnnotatedArticle]) -> None:
    items = summarize(docs, EVENTS, RELATIONS, words=200)
    leads = [i for i in items if i.text == LEAD]
    assert len(leads) == 1
    cited = [c.article for c in leads[0].citations]
    assert cited[0] == "gazette-1"
    assert {"gazette-1", "gazette-2"} <= set(cited)
    # the version pair is one source: only its first article represents it
    assert "gazette-1" in leads[0].support and "gazette-2" not in leads[0].support
    assert "post" in leads[0].support  # the Valley Post reports the same fact
    assert list(leads[0].support) == sorted(leads[0].support)
    assert len({i.text for i in items}) == len(items)


def test_support_lists_one_article_per_source(docs: list[AnnotatedArticle]) -> None:
    for item in summarize(docs, EVENTS, RELATIONS, words=1000):
        assert not {"gazette-1", "gazette-2"} <= set(item.support)
        assert set(item.support) <= {"gazette-1", "post", "wire", "radio"}


@pytest.mark.parametrize("words", [1, 25, 60, 120, 250])
def test_budget_is_respected(docs: list[AnnotatedArticle], words: int) -> None:
    items = summarize(docs, EVENTS, RELATIONS, words=words)
    assert items
    if len(items) > 1:
        assert _words(items) <= words * 1.15


def test_words_changes_length(docs: list[AnnotatedArticle]) -> None:
    short = summarize(docs, EVENTS, RELATIONS, words=40)
    long = summarize(docs, EVENTS, RELATIONS, words=150)
    assert _words(short) < _words(long)
    assert len(short) < len(long)


def test_every_event_covered_and_ordered(docs: list[AnnotatedArticle]) -> None:
    order = {d.id: i for i, d in enumerate(docs)}
    for events in (EVENTS, EVENTS[::-1]):
        items = summarize(docs, events, RELATIONS, words=60)
        assert {i.event for i in items} == {"e1", "e2"}
        rank = {e.id: k for k, e in enumerate(events)}
        index = {(d.id, x.start): x.index for d in docs for x in d.sentences}
        keys = [
            (
                rank[str(i.event)],
                index[(i.citations[0].article, i.citations[0].start)],
                order[i.citations[0].article],
            )
            for i in items
        ]
        assert keys == sorted(keys)


def test_no_two_items_say_the_same_thing(docs: list[AnnotatedArticle]) -> None:
    items = summarize(docs, EVENTS, RELATIONS, words=1000)
    texts = {i.text for i in items}
    # wire and radio tell of the march and of the organiser's complaint in their own words
    assert not {WIRE[0], RADIO[0]} <= texts
    assert not {WIRE[3], RADIO[3]} <= texts
    # nearly the same sentence in two outlets: one item, citing both
    peaceful = [i for i in items if i.text in (WIRE[4], RADIO[1])]
    assert len(peaceful) == 1
    assert {c.article for c in peaceful[0].citations} == {"wire", "radio"}


def test_repeated_passage_counts_once() -> None:
    para = "The ferry company said on Friday that the winter timetable would start in November."
    lines = [
        "Islanders in Skellan will lose their evening ferry under a new winter timetable.",
        para,
        "Harbour master Ruth Quayle said the late crossing had carried few passengers last year.",
        para,
    ]
    article = _article("island", lines)
    first = article.text.index(para)
    again = article.text.index(para, first + 1)
    rel = Relations(
        repeated=(
            RepeatedPassage(
                "island", Span(first, first + len(para)), Span(again, again + len(para))
            ),
        ),
        independent=(("island",),),
    )
    docs = annotate([article])
    reasons = {s.start: r for s, r in candidates(docs, rel)}
    assert reasons[again] == "repeated_passage"
    items = summarize(docs, (Event("e", "ferry", ("island",)),), rel, words=1000)
    assert [i.text for i in items].count(para) == 1


def test_articles_outside_events_and_empty_input(docs: list[AnnotatedArticle]) -> None:
    assert summarize([], (), Relations()) == ()
    items = summarize(docs, (), Relations(), words=80)
    assert items and all(i.event is None for i in items)
    # an article that no group mentions is its own source
    for item in items:
        assert set(item.support) <= {d.id for d in docs}
    # an article in two events gives each of its sentences to one of them
    shared = (EVENTS[0], dataclasses.replace(EVENTS[1], articles=("wire", "radio", "post")))
    items = summarize(docs, shared, RELATIONS, words=1000)
    assert {i.event for i in items} == {"e1", "e2"}
    assert len({i.text for i in items}) == len(items)


def test_weights_can_be_ablated(docs: list[AnnotatedArticle]) -> None:
    lead_only = SummaryConfig(w_centrality=0.0, w_support=0.0, w_new_source=0.0)
    items = summarize(docs, EVENTS[:1], RELATIONS, words=1, config=lead_only)
    assert [i.text for i in items] == [LEAD]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("He said the plan would be ready by the end of the year.", "dangling_start"),
        ("It was a long night for the members of the town council.", "dangling_start"),
        ("Meanwhile, the harbour board met to discuss the new timetable.", "dangling_start"),
        ("The two groups met the harbour board to discuss the timetable.", "dangling_start"),
        ("Both said the harbour board would discuss the new timetable.", "dangling_start"),
        ("the board met again on Friday to discuss the timetable.", "dangling_start"),
        ("“The timetable is fair and it will stay in place next year.”", "bare_quote"),
        ("The timetable is fair and it will stay in place,” she said.", "unbalanced_quotes"),
        ("“The timetable is fair and it will stay,” she told the meeting.", "unresolved_subject"),
        ("We will keep the ferry running through the whole of the winter.", "first_person"),
        ("Harbour Board Keeps Winter Ferry Running For Islanders", "headline"),
        ("The ferry stopped.", "fragment"),
        ("UPDATE: The harbour board has changed the winter ferry timetable.", "label"),
        ("Will the harbour board keep the late ferry running this winter?", "question"),
        ("“The timetable is fair and it will stay,” harbour master Ruth Quayle said.", None),
        ("Harbour master Ruth Quayle said the timetable would stay in place.", None),
    ],
)
def test_reject_reason(sentence: str, reason: str | None) -> None:
    span = load_nlp()(sentence)[:]
    assert reject_reason(sentence, span) == reason


def test_quote_helpers() -> None:
    regions, balanced = quote_regions("She said “yes” and ‘no’ to the harbour’s plan.")
    assert balanced and len(regions) == 2
    assert not quote_regions("“Open but never closed.")[1]
    para = "The mayor said: “We agree. The plan is fair.” The board left."
    assert not opens_inside_quote(para, 0)
    assert opens_inside_quote(para, para.index("The plan"))
    assert not opens_inside_quote(para, para.index("The board"))
    assert dangling_start("And then the board left the harbour.")
    assert not dangling_start("Andrea Quayle left the harbour.")


def test_real_relation_result_has_the_fields_read() -> None:
    relations = pytest.importorskip("newsprism.analyze.relations.links")
    names = {f.name for f in dataclasses.fields(relations.RelationResult)}
    assert {"repeated", "independent"} <= names


# --- seeds (third-party text in ../shared/seeds; skipped when absent) ---------------------------


@pytest.fixture(scope="module")
def seed_summary() -> tuple[list[AnnotatedArticle], tuple[Event, ...], tuple[SummaryItem, ...]]:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip("../shared/seeds is not present")
    articles = [Article(p.name[:3], str(p), p.read_text(encoding="utf-8")) for p in files]
    try:
        from newsprism.ingest.boilerplate import mark_boilerplate

        articles = [mark_boilerplate(a) for a in articles]
    except ImportError:
        pass
    docs = annotate(articles)
    try:
        from newsprism.analyze.relations.links import find_relations

        relations: object = find_relations(docs)
    except ImportError:  # the relations stage is not there: give its known answer
        relations = Relations(independent=(("000", "001"), ("002",), ("003",), ("004",)))
    try:
        from newsprism.analyze.relations.events import group_events

        events = tuple(group_events(docs, relations))  # type: ignore[arg-type]
    except ImportError:
        events = (
            Event("a", "shadow cabinet", ("000", "001")),
            Event("b", "meeting", ("002", "003", "004")),
        )
    return docs, events, summarize(docs, events, relations)  # type: ignore[arg-type]


def test_seed_summary(
    seed_summary: tuple[list[AnnotatedArticle], tuple[Event, ...], tuple[SummaryItem, ...]],
) -> None:
    docs, events, items = seed_summary
    texts = _texts(docs)
    assert {i.event for i in items} == {e.id for e in events}
    assert _words(items) <= 200 * 1.15
    for item in items:
        first = item.citations[0]
        assert texts[first.article][first.start : first.end] == item.text
        for c in item.citations:
            assert texts[c.article][c.start : c.end].strip()
        assert not dangling_start(item.text)
        assert re.findall(r"[A-Za-z]+", item.text)[0].lower() not in PRONOUN_STARTS
        assert not {"000", "001"} <= set(item.support)


@pytest.mark.parametrize("n", [1, 2, 4])
def test_sentence_budget(docs: list[AnnotatedArticle], n: int) -> None:
    items = summarize(docs, EVENTS, RELATIONS, words=5, sentences=n)
    assert len(items) == n
    via_config = summarize(docs, EVENTS, RELATIONS, config=SummaryConfig(sentences=n))
    assert [i.text for i in via_config] == [i.text for i in items]


def test_concept_coverage_can_be_ablated(docs: list[AnnotatedArticle]) -> None:
    with_concepts = summarize(docs, EVENTS, RELATIONS, words=120)
    without = summarize(docs, EVENTS, RELATIONS, words=120, config=SummaryConfig(w_concepts=0.0))
    for items in (with_concepts, without):
        assert {i.event for i in items} == {"e1", "e2"}
        assert _words(items) <= 120 * 1.15


def test_stand_alone_rules_can_be_switched_off_for_measurement() -> None:
    from newsprism.analyze.summary.filters import FilterConfig

    sentence = "He said the plan would be ready by the end of the year."
    span = load_nlp()(sentence)[:]
    assert reject_reason(sentence, span) == "dangling_start"
    assert reject_reason(sentence, span, FilterConfig(stand_alone=False)) is None
    headline = "Harbour Board Keeps Winter Ferry Running For Islanders"
    assert reject_reason(headline, load_nlp()(headline)[:], FilterConfig(stand_alone=False))


def test_carries_words_tells_the_same_words_from_a_short_paraphrase() -> None:
    item = "Harlan Okafor pleaded not guilty to the charges."
    assert carries_words(item, "Harlan Okafor pleaded not guilty to all the charges.", 0.6)
    assert not carries_words(item, "Both pleaded not guilty.", 0.6)


def test_a_paraphrase_in_another_outlet_is_support_not_a_citation() -> None:
    first = [
        "Harlan Okafor pleaded not guilty to the charges at the county court on Tuesday.",
        "The ferry operator was charged with falsifying the safety logs of three vessels.",
    ]
    second = [
        "Harlan Okafor and his deputy both pleaded not guilty on Tuesday at the county court.",
        "The ferry operator was charged with falsifying the safety logs of three vessels.",
    ]
    docs = annotate([_article("a", first), _article("b", second)])
    relations = Relations(independent=(("a",), ("b",)))
    event = (Event("e", "ferry operator in court", ("a", "b")),)
    texts = _texts(docs)
    loose = dataclasses.replace(SummaryConfig(), cite_threshold=0.3, cite_words=0.0)
    strict = dataclasses.replace(loose, cite_words=0.9)
    for config, paraphrase_cited in ((loose, True), (strict, False)):
        items = summarize(docs, event, relations, words=1000, config=config)
        court = next(i for i in items if "court" in i.text)
        cited = [texts[c.article][c.start : c.end] for c in court.citations[1:]]
        assert bool(cited) is paraphrase_cited
        assert len(court.support) == 2  # the other outlet still counts as support


def test_a_short_report_of_a_chosen_fact_is_redundant_by_the_fuzzy_support_test() -> None:
    # the short sentence's words all lie in the long one (token_set_ratio 100) while their
    # TF-IDF cosine stays under redundancy_max: the same fact, which the fuzzy test catches
    long_ = (
        "Mayor Okafor on Monday named harbour master Ruth Quayle to lead the inquiry into the "
        "cancelled crossings, choosing a veteran who has run the busy port at Skellan for twenty "
        "years and who once sailed the night ferry herself, to replace the late commissioner, "
        "whose widow had urged islanders, shopkeepers and fishermen alike to demand answers."
    )
    short = "On Monday Mayor Okafor named Ruth Quayle to lead the inquiry."
    first = [
        long_,
        "The inquiry will look at three crossings cancelled in the January storms.",
        "Mayor Okafor said on Monday the inquiry would hear islanders in public.",
        "Ruth Quayle will publish the terms of the inquiry next week.",
    ]
    second = [
        "Fishermen in Skellan landed a record catch of mackerel this week, the cooperative said.",
        short,
        "The cooperative plans to sell the fish at the Friday market in the old harbour hall.",
    ]
    docs = annotate([_article("a", first), _article("b", second)])
    relations = Relations(independent=(("a",), ("b",)))
    event = (Event("e", "the ferry inquiry", ("a", "b")),)
    texts = [i.text for i in summarize(docs, event, relations, words=1000)]
    assert not {long_, short} <= set(texts)
    no_fuzzy = dataclasses.replace(SummaryConfig(), fuzzy_threshold=101.0)
    texts = [i.text for i in summarize(docs, event, relations, words=1000, config=no_fuzzy)]
    assert {long_, short} <= set(texts)  # without the fuzzy test both would be shown
