"""Speakers: names, roles, pronouns, anonymous sources and groups, across articles.

Fixtures are a fictional story (an island ferry closure) written for these tests.
"""

from __future__ import annotations

from newsprism.analyze.quotes.extract import QuoteResult, find_quotes
from newsprism.analyze.quotes.speakers import PersonRegistry
from newsprism.model import Article, Quote, Speaker
from newsprism.nlp.annotate import annotate


def _run(*texts: str) -> tuple[list[Article], QuoteResult]:
    articles = [Article(f"a{i}", f"a{i}.txt", t) for i, t in enumerate(texts)]
    return articles, find_quotes(annotate(articles))


def _quote(articles: list[Article], result: QuoteResult, needle: str) -> Quote:
    by_id = {a.id: a for a in articles}
    found = [q for q in result.quotes if needle in by_id[q.article].text[q.start : q.end]]
    assert found, f"no quote holds {needle!r}"
    return found[0]


def _speaker(result: QuoteResult, quote: Quote) -> Speaker:
    assert quote.speaker is not None
    return next(s for s in result.speakers if s.id == quote.speaker)


def _mention(articles: list[Article], quote: Quote) -> str:
    art = next(a for a in articles if a.id == quote.article)
    assert quote.speaker_mention is not None
    return art.text[quote.speaker_mention.start : quote.speaker_mention.end]


def test_registry_names_roles_and_acronyms() -> None:
    text = (
        "Harbour master Lena Ortiz met Tomas Reyes, leader of the island council, on Monday.\n"
        "The Ferry Workers Union (FWU) joined them.\n"
    )
    (doc,) = annotate([Article("r", "r.txt", text)])
    reg = PersonRegistry.build([doc])
    assert reg.full_name(0, ["Ortiz"]) == "lena ortiz"
    assert reg.full_name(0, ["Tomas"]) == "tomas reyes"
    assert reg.full_name(0, ["Nobody"]) is None
    assert "Harbour master" in reg.roles["lena ortiz"]
    assert "leader of the island council" in reg.roles["tomas reyes"]
    assert reg.holder(0, "the harbour master") == "lena ortiz"
    assert reg.acronyms["FWU"] == "Ferry Workers Union"


def test_one_speaker_per_person_across_articles_with_aliases_and_roles() -> None:
    a = "Harbour master Lena Ortiz said: “The ferry will run until March.”\n"
    b = (
        "The harbour master said the timetable was “under review” for now.\n"
        "“We have not decided,” Ms Ortiz said.\n"
    )
    arts, res = _run(a, b)
    first = _quote(arts, res, "until March")
    by_role = _quote(arts, res, "under review")
    by_title = _quote(arts, res, "not decided")
    assert first.speaker == by_role.speaker == by_title.speaker
    speaker = _speaker(res, first)
    assert speaker.name == "Lena Ortiz" and not speaker.anonymous
    assert "Harbour master" in speaker.roles
    assert {"Harbour master Lena Ortiz", "The harbour master", "Ms Ortiz"} <= set(speaker.aliases)


def test_anonymous_sources_are_kept_per_article() -> None:
    a = "“The deal is dead,” a council source said.\n"
    b = "“The deal is dead,” a council source said.\n"
    arts, res = _run(a, b)
    ids = {q.speaker for q in res.quotes}
    assert len(ids) == 2
    assert all(s.anonymous and s.name == "a council source" for s in res.speakers)
    (group,) = res.groups
    assert group.conflict is None  # two unnamed sources are not a conflict


def test_definite_source_refers_back_and_they_means_the_source() -> None:
    text = (
        "A senior council source said the vote was rushed.\n"
        "“Nobody read the report,” they said.\n"
        "The source added: “The mayor knew.”\n"
        "The harbour spokesperson said: “We were not consulted.”\n"
    )
    arts, res = _run(text)
    first = _quote(arts, res, "the vote was rushed")
    assert first.kind == "indirect"
    assert _speaker(res, first).anonymous
    assert _quote(arts, res, "Nobody read").speaker == first.speaker
    assert _quote(arts, res, "The mayor knew").speaker == first.speaker
    other = _quote(arts, res, "not consulted")
    assert other.speaker is not None and other.speaker != first.speaker


def test_pronoun_prefers_main_clause_subject() -> None:
    text = (
        "The two unions said the managers had ignored the crews for months.\n"
        "“We are angry,” they said.\n"
        "Lena Ortiz said that the engineers had checked the hull.\n"
        "“It is sound,” she said.\n"
    )
    arts, res = _run(text)
    assert _speaker(res, _quote(arts, res, "We are angry")).name == "The two unions"
    assert _speaker(res, _quote(arts, res, "It is sound")).name == "Lena Ortiz"


def test_mention_leaves_out_relative_clause_and_follows_coordination() -> None:
    text = (
        "Tomas Reyes, who leads the island council, said: “We will vote again.”\n"
        "Lena Ortiz thanked the crews and said: “They kept the island going.”\n"
    )
    arts, res = _run(text)
    again = _quote(arts, res, "vote again")
    assert _mention(arts, again) == "Tomas Reyes"
    crews = _quote(arts, res, "kept the island")
    assert _speaker(res, crews).name == "Lena Ortiz"


def test_groups_and_organisations_speak() -> None:
    text = (
        "The Ferry Workers Union (FWU) met the council on Monday.\n"
        "The FWU said: “We will strike in May.”\n"
        "Islanders called the closure “a slow goodbye” at the meeting.\n"
    )
    arts, res = _run(text)
    union = _speaker(res, _quote(arts, res, "strike in May"))
    assert union.name == "Ferry Workers Union" and not union.anonymous
    islanders = _speaker(res, _quote(arts, res, "slow goodbye"))
    assert islanders.name == "Islanders" and not islanders.anonymous


def test_words_before_the_person_entity_are_no_part_of_the_name() -> None:
    # a role or a place before a name the recogniser marks as a person ("Pilot", "Alder County
    # Sheriff") is not part of it: one person, one speaker
    articles, result = _run(
        "Alder County Sheriff Tomas Brill said the search would go on at dawn.\n\n"
        '"We will not stop until they are home," Tomas Brill said.\n',
        "Pilot Dana Reyes said the landing had been rough.\n\n"
        '"I have never been so glad to see a runway," Reyes said.\n',
    )
    brill = _speaker(result, _quote(articles, result, "go on at dawn"))
    assert brill.name == "Tomas Brill"
    assert brill.id == _quote(articles, result, "We will not stop").speaker
    reyes = _speaker(result, _quote(articles, result, "landing had been rough"))
    assert reyes.name == "Dana Reyes"
    assert reyes.id == _quote(articles, result, "glad to see a runway").speaker


def test_a_possessive_pronoun_names_the_author_of_what_it_owns() -> None:
    # "His statement said ...": the statement's author is the man the pronoun refers to
    articles, result = _run(
        "Councillor Rolf Marsh spoke at noon. His statement said the bridge was "
        '"a folly from start to finish."\n'
    )
    assert _speaker(result, _quote(articles, result, "a folly")).name == "Rolf Marsh"


def test_a_possessive_pronoun_refers_first_to_its_own_clause_subject() -> None:
    # the councillor is the most salient man, but "his claim" in the mayor's clause is the
    # mayor's
    articles, result = _run(
        "Councillor Rolf Marsh said the bridge was too costly, and Marsh said the town could not"
        " pay, before Marsh walked out.\n\n"
        'Mayor Tomas Brill also repeated his claim that the bridge would "pay for itself within'
        ' a decade."\n'
    )
    assert _speaker(result, _quote(articles, result, "pay for itself")).name == "Tomas Brill"


def test_a_document_from_a_date_speaks_for_itself() -> None:
    # "a note from March 14" says when it was written, not who wrote it: the date is no author
    articles, result = _run(
        "The port keeps a log of the faults. An inspection note from March 14 says the brakes"
        ' are "worn almost to nothing."\n',
        'The port keeps a log. A memo from last Tuesday warned that the brakes were "worn thin."\n',
    )
    note = _speaker(result, _quote(articles, result, "worn almost to nothing"))
    assert note.name == "An inspection note from March 14"
    memo = _speaker(result, _quote(articles, result, "worn thin"))
    assert memo.name == "A memo from last Tuesday"
