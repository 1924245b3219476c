"""Relations between articles, on a fictional story told several ways, and on ../shared/seeds."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from pathlib import Path

import pytest

from newsprism.analyze.relations.links import (
    RelationResult,
    find_relations,
    independent_groups,
    outlets_differ,
    quoted_spans,
)
from newsprism.model import Article, Boilerplate, Relation
from newsprism.nlp.annotate import annotate

STATEMENT = (
    "“The council has chosen to cut the island off from the mainland without asking the people "
    "who depend on this crossing. We will take our case to the regional transport board and we "
    "will not stop until the ferry is restored.”"
)

ORIGINAL = f"""Port Alder council voted on Tuesday to close the Saltcombe ferry route at the end of the summer, ending a crossing that has run for more than sixty years.
Councillors backed the closure by nineteen votes to eleven after a heated three-hour debate in the town hall, with several members of the ruling group breaking ranks.
Mayor Ana Brill said the decision was “painful but unavoidable” because the route had lost money for seven years in a row.
“We cannot keep asking every household to pay for a boat that carries fewer than forty people a day,” she told the chamber.
Residents who campaigned to save the route said in a joint statement: {STATEMENT}
The harbour master, Idris Varga, warned that the closure would force lorries onto the coast road, which floods several times each winter.
A final timetable for the last sailings will be published next month, the council said.
"""

# the same article updated: paragraphs merged and moved, words changed, one paragraph added, one cut
UPDATED = f"""Port Alder council voted on Tuesday night to close the Saltcombe ferry route at the end of the summer, ending a crossing that has run for more than sixty years. Councillors backed the closure by nineteen votes to eleven after a heated three-hour debate in the town hall.
Mayor Ana Brill said the decision was “painful but unavoidable” as the route had lost money for seven years in a row.
Residents who campaigned to save the route said in a joint statement: {STATEMENT}
The harbour master, Idris Varga, warned that the closure would force lorries onto the coast road, which floods several times each winter.
Campaigners said on Wednesday morning that they had already collected more than two thousand signatures for a petition against the decision.
“We cannot keep asking every household to pay for a boat that carries fewer than forty people a day,” she told the chamber.
"""

# an independent report of the same vote, quoting the same statement in its own words around it
INDEPENDENT = f"""Island residents reacted with fury after Port Alder councillors agreed to scrap the Saltcombe ferry, the only direct link between the island and the mainland.
The vote, taken late on Tuesday, means the boat will make its final crossing in September unless campaigners can persuade transport officials to step in.
In a statement issued by their campaign group, residents said: {STATEMENT}
Fishermen on the island told the Tidewater Times they feared that fresh catches would no longer reach mainland markets in time.
Council leader Tomas Okafor defended the plan, saying the money saved would be spent on repairing the harbour wall.
"""

WIRE_BODY = """Ferry services between Port Alder and Saltcombe will end in September after councillors voted to close the loss-making route.
The decision followed a long debate in which opponents argued that island businesses would be left without a reliable link to the mainland.
Mayor Ana Brill described the closure as “painful but unavoidable” and promised a review of bus connections on the coast road.
Officials estimate the closure will save the council about two million pounds over the next five years.
"""

UNRELATED = """A winter storm tore away part of the Brackwater pier overnight, leaving fishing boats stranded in the outer harbour.
Coastguard crews spent several hours moving small vessels to safety as waves broke over the sea wall.
No one was injured, but engineers said the pier would stay closed until its wooden supports had been inspected.
"""


def _with_boilerplate(aid: str, outlet: str | None, header: str, body: str, footer: str) -> Article:
    text = f"{header}\n{body}{footer}\n"
    cap_end = len(header)
    foot_start = len(header) + 1 + len(body)
    marks = (
        Boilerplate(0, cap_end, "caption"),
        Boilerplate(foot_start, foot_start + len(footer), "newsletter"),
    )
    return Article(aid, f"{aid}.txt", text, outlet=outlet, boilerplate=marks)


def _story() -> list[Article]:
    wire1 = _with_boilerplate(
        "valley",
        "Valley Post",
        "Coastwire/Harbour Images The ferry at its mainland pier",
        WIRE_BODY,
        "Sign up to the Valley Post morning newsletter for the day's coast news",
    )
    wire2 = _with_boilerplate(
        "ledger",
        "Morning Ledger",
        "Coastwire The last ferry of the winter timetable leaves Saltcombe",
        WIRE_BODY,
        "Read more from the Morning Ledger coast desk: subscribe today",
    )
    # the same copy read again: straight quote marks and different spacing
    again = Article(
        "valley-again",
        "valley-again.txt",
        WIRE_BODY.replace("“", '"').replace("”", '"').replace(" the ", "  the "),
        outlet="Valley Post",
    )
    return [
        Article("herald-1", "herald-1.txt", ORIGINAL, outlet="Harbour Herald"),
        Article("herald-2", "herald-2.txt", UPDATED, outlet="Harbour Herald"),
        Article("tide", "tide.txt", INDEPENDENT, outlet="Tidewater Times"),
        wire1,
        wire2,
        again,
        Article("storm", "storm.txt", UNRELATED, outlet="Morning Ledger"),
    ]


@pytest.fixture(scope="module")
def story() -> RelationResult:
    return find_relations(annotate(_story()))


def _kinds(result: RelationResult) -> dict[tuple[str, str], Relation]:
    return {(r.a, r.b): r for r in result.relations}


def test_updated_article_is_a_version(story: RelationResult) -> None:
    rel = _kinds(story)[("herald-1", "herald-2")]
    assert rel.kind == "version"
    assert 0.5 <= rel.score < 1.0


def test_wire_copy_under_two_outlets_is_syndicated(story: RelationResult) -> None:
    rel = _kinds(story)[("valley", "ledger")]
    assert rel.kind == "syndicated"
    assert rel.score == 1.0  # boilerplate differs, the content is the same


def test_same_copy_reread_is_a_duplicate(story: RelationResult) -> None:
    rel = _kinds(story)[("valley", "valley-again")]
    assert (rel.kind, rel.score) == ("duplicate", 1.0)
    # the other outlet's print of it is a wire copy, not a duplicate
    assert _kinds(story)[("ledger", "valley-again")].kind == "syndicated"


def test_independent_report_of_one_statement_shares_passages(story: RelationResult) -> None:
    kinds = _kinds(story)
    for other in ("herald-1", "herald-2"):
        rel = kinds[(other, "tide")]
        assert rel.kind == "shares_passages"
        assert 0.2 < rel.score < 0.8
    assert ("tide", "valley") not in kinds


def test_unrelated_story_has_no_relation(story: RelationResult) -> None:
    assert not [r for r in story.relations if "storm" in (r.a, r.b)]
    # the two reports of the vote that only share names and a two-word quote are not related
    assert ("herald-1", "valley") not in _kinds(story)


def test_independent_groups(story: RelationResult) -> None:
    assert story.independent == (
        ("herald-1", "herald-2"),
        ("tide",),
        ("valley", "ledger", "valley-again"),
        ("storm",),
    )


def test_relations_follow_article_order() -> None:
    arts = _story()[:2][::-1]  # the update first
    (rel,) = find_relations(annotate(arts)).relations
    assert (rel.a, rel.b, rel.kind) == ("herald-2", "herald-1", "version")


def test_outlets_decide_version_or_syndicated() -> None:
    a = Article("a", "a", "x", outlet="BBC")
    assert not outlets_differ(a, Article("b", "b", "x", outlet="BBC News"))
    assert not outlets_differ(a, Article("b", "b", "x", outlet=None))
    assert outlets_differ(a, Article("b", "b", "x", outlet="Valley Post"))
    # an edited text under two known outlets is a wire copy, with unknown outlets a version
    known = [
        Article("h1", "h1", ORIGINAL, outlet="Harbour Herald"),
        Article("v1", "v1", UPDATED, outlet="Valley Post"),
    ]
    unknown = [Article("h1", "h1", ORIGINAL), Article("v1", "v1", UPDATED)]
    assert find_relations(annotate(known)).relations[0].kind == "syndicated"
    assert find_relations(annotate(unknown)).relations[0].kind == "version"


def test_boilerplate_is_never_compared() -> None:
    footer = (
        "Harbour Herald readers can now get every story from the coast in one morning email, "
        "with puzzles, letters from readers and the tide tables for the week ahead"
    )
    arts = [
        _with_boilerplate("a", "Harbour Herald", "Photo: Harbour Images", ORIGINAL, footer),
        _with_boilerplate("b", "Harbour Herald", "Photo: Harbour Images", UNRELATED, footer),
    ]
    assert find_relations(annotate(arts)).relations == ()
    unmarked = [Article(a.id, a.source, a.text, outlet=a.outlet) for a in arts]
    assert len(find_relations(annotate(unmarked)).relations) == 1  # the footer alone relates them


def test_repeated_paragraphs() -> None:
    para = "The harbour master warned that lorries would be forced onto the flooded coast road."
    near = "“There was a long silence in the chamber after the result was read out,” a source said."
    text = (
        f"{ORIGINAL}{near}\nA short line.\n{para}\nCouncillors left quietly.\n"
        f"{para}\n{near.replace('said', 'added')}\nA short line.\n"
    )
    doc = annotate([Article("r", "r.txt", text)])[0]
    (result,) = [find_relations([doc])]
    reps = [
        (text[r.first.start : r.first.end], text[r.repeat.start : r.repeat.end])
        for r in result.repeated
    ]
    assert reps == [(para, para), (near, near.replace("said", "added"))]
    assert all(r.first.end <= r.repeat.start for r in result.repeated)


def test_repeat_marked_as_boilerplate_is_reported() -> None:
    para = "The harbour master warned that lorries would be forced onto the flooded coast road."
    text = f"{para}\nCouncillors left quietly after the vote.\n{para}\n"
    start = text.rindex(para)
    art = Article(
        "r", "r.txt", text, boilerplate=(Boilerplate(start, start + len(para), "repeated"),)
    )
    (rep,) = find_relations(annotate([art])).repeated
    assert (rep.first.start, rep.repeat.start) == (0, start)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will win” today.", ["“we will win”"]),
        ('He said "we will win" and "soon".', ['"we will win"', '"soon"']),
        ("She said: “it runs on", ["“it runs on"]),
        ("The groups' view was 'clear', the council's was not.", ["'clear'"]),
        ("They called it ‘a betrayal’ of Port Alder’s people.", ["‘a betrayal’"]),
        ("“One. “Two,” she said.", ["“One. “Two,”"]),
    ],
)
def test_quoted_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in quoted_spans(text, 0, len(text))] == expected


def test_independent_groups_need_every_pair_to_be_copies() -> None:
    rels = [
        Relation("c", "d", "version", 0.9),
        Relation("a", "d", "syndicated", 0.8),
        Relation("a", "c", "syndicated", 0.7),
        Relation("b", "e", "shares_passages", 0.1),
    ]
    assert independent_groups(list("abcde"), rels) == (("a", "c", "d"), ("b",), ("e",))
    # a chain of partial copies (x~y, y~z, but x and z unrelated) is not one source
    chain = [Relation("x", "y", "version", 0.6), Relation("y", "z", "version", 0.5)]
    assert independent_groups(["x", "y", "z"], chain) == (("x", "y"), ("z",))


def test_empty_and_single_inputs() -> None:
    assert find_relations([]) == RelationResult((), (), ())
    one = find_relations(annotate([Article("x", "x", "Nothing much happened.")]))
    assert one == RelationResult((), (), (("x",),))


# --------------------------------------------------------------------------------------------
# many articles: invented words, so the truth is known by construction


def _generated(n_stories: int, seed: int = 3) -> tuple[list[Article], dict[str, int]]:
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "na", "qua", "zel", "bri"]
    lexicon = sorted({"".join(rng.choice(syll) for _ in range(3)) for _ in range(3000)})

    def sentence(n: int) -> str:
        words = [rng.choice(lexicon) for _ in range(n)]
        return " ".join(words).capitalize() + "."

    arts: list[Article] = []
    story_of: dict[str, int] = {}
    for s in range(n_stories):
        paras = [sentence(rng.randint(12, 18)) for _ in range(4)]
        quote = "“" + sentence(16) + " " + sentence(14) + "”"
        body = paras[:2] + [f"The group said: {quote}"] + paras[2:]
        edited = [paras[1], paras[0] + " " + sentence(10)] + body[2:-1]
        indep = [sentence(15), f"In a statement they said: {quote}", sentence(13)]
        for k, (paragraphs, outlet) in enumerate(
            [(body, "Outlet A"), (edited, "Outlet A"), (body, "Outlet B"), (indep, "Outlet C")]
        ):
            aid = f"s{s:03d}-{k}"
            arts.append(Article(aid, aid, "\n".join(paragraphs) + "\n", outlet=outlet))
            story_of[aid] = s
    return arts, story_of


def test_many_articles_scale_and_stay_exact() -> None:
    arts, story_of = _generated(50)
    result = find_relations(annotate(arts))
    kinds = Counter((r.a[-1], r.b[-1], r.kind) for r in result.relations)
    assert all(story_of[r.a] == story_of[r.b] for r in result.relations)
    assert kinds == Counter(
        {
            ("0", "1", "version"): 50,
            ("0", "2", "syndicated"): 50,
            ("1", "2", "syndicated"): 50,
            ("0", "3", "shares_passages"): 50,
            ("1", "3", "shares_passages"): 50,
            ("2", "3", "shares_passages"): 50,
        }
    )
    assert len(result.independent) == 100


# --------------------------------------------------------------------------------------------
# ../shared/seeds (third-party text: read from there, never copied)


def seed_articles(seeds_dir: Path) -> list[Article]:
    """The seeds as the pipeline reads them: boilerplate marked, metadata filled."""
    from newsprism.ingest.boilerplate import mark_boilerplate
    from newsprism.ingest.metadata import extract_metadata
    from newsprism.ingest.readers import read_inputs

    return [extract_metadata(mark_boilerplate(a)) for a in read_inputs([str(seeds_dir)]).articles]


def test_seed_relations(seeds_dir: Path) -> None:
    result = find_relations(annotate(seed_articles(seeds_dir)))
    kinds = {(r.a[:3], r.b[:3]): r.kind for r in result.relations}
    assert kinds[("000", "001")] == "version"
    for pair in [("002", "003"), ("002", "004"), ("003", "004")]:
        assert kinds.get(pair) in (None, "shares_passages"), pair
    assert kinds.get(("003", "004")) == "shares_passages"
    assert kinds.get(("002", "004")) == "shares_passages"
    groups = {tuple(a[:3] for a in g) for g in result.independent}
    assert groups == {("000", "001"), ("002",), ("003",), ("004",)}
    repeated = [r for r in result.repeated if r.article.startswith("000")]
    assert len(repeated) == 2


# ------------------------------------------------------------------------------- wire copies

DATELINE = "PORTWELL, March 4 (Coastwire) - "


def _wire(
    aid: str, outlet: str | None, headline: str, body: str, credit: str = DATELINE
) -> Article:
    from newsprism.ingest.boilerplate import mark_boilerplate

    return mark_boilerplate(
        Article(aid, f"{aid}.txt", f"{headline}\n\n{credit}{body}", outlet=outlet)
    )


def _kind(*arts: Article) -> str:
    (rel,) = find_relations(annotate(list(arts))).relations
    return rel.kind


def test_wire_copy_with_an_unknown_outlet_is_syndicated() -> None:
    trimmed = WIRE_BODY.rsplit("\n", 2)[0] + "\n"  # the second outlet cuts the last paragraph
    a = _wire("shore", "Shore Daily", "Ferry route to close in September", WIRE_BODY)
    b = _wire("echo", None, "Island ferry axed after council vote", trimmed)
    assert _kind(a, b) == "syndicated"
    # both outlets unknown: the shared wire credit still tells a copy from a version
    assert _kind(dataclasses.replace(a, outlet=None), b) == "syndicated"


def test_wire_credit_rules() -> None:
    a = _wire("a", "Shore Daily", "Ferry route to close in September", WIRE_BODY)
    edited = WIRE_BODY.rsplit("\n", 2)[0] + "\n" + UNRELATED.split("\n")[0] + "\n"
    same_outlet = _wire("b", "Shore Daily", "Ferry route to close, council says", edited)
    assert _kind(a, same_outlet) == "version"  # one outlet's own update of the wire story
    other_agency = _wire(
        "c", None, "Ferry route to close, council says", edited, "PORTWELL (Reuters) - "
    )
    assert _kind(a, other_agency) == "version"  # credits differ: no evidence of one wire copy
    uncredited = [Article("h1", "h1", ORIGINAL), Article("v1", "v1", UPDATED)]
    assert _kind(*uncredited) == "version"
    twice = _wire("d", None, "Ferry route to close in September", WIRE_BODY)
    assert _kind(_wire("e", None, "Ferry route to close in September", WIRE_BODY), twice) == (
        "duplicate"  # the same words twice are one text read twice, whatever the credit
    )


def test_copy_kind() -> None:
    from newsprism.analyze.relations.links import copy_kind

    a, b = Article("a", "a", "x", outlet="Shore Daily"), Article("b", "b", "x")
    assert copy_kind(a, b, ("AP", "Associated Press"), 0.5, False) == "syndicated"
    assert copy_kind(a, b, ("AP", None), 0.5, False) == "version"
    assert copy_kind(a, b, ("AP", "AP"), 0.95, True) == "duplicate"
    assert copy_kind(a, Article("c", "c", "x", outlet="Valley Post"), (None, None), 0.95, True) == (
        "syndicated"
    )


def test_outlet_copy_kind_is_copy_kind_read_from_outlets_and_credits() -> None:
    """``copy_kind`` answers from the outlets, the credits, the Jaccard's side of
    ``DUPLICATE_MIN`` and identity alone (cached as ``outlet_copy_kind``): the same kind as the
    rule spelled out with ``outlets_differ`` and ``outlets_same``, on every combination."""
    import itertools

    from newsprism.analyze.relations.links import DUPLICATE_MIN, copy_kind, outlets_same
    from newsprism.ingest.boilerplate import agency_key

    def rule(a: Article, b: Article, credits: tuple, jaccard: float, identical: bool) -> str:
        if outlets_differ(a, b):
            return "syndicated"
        ca, cb = credits
        wire = ca is not None and cb is not None and agency_key(ca) == agency_key(cb)
        if wire and not outlets_same(a, b) and not identical:
            return "syndicated"
        return "duplicate" if jaccard >= DUPLICATE_MIN else "version"

    outlets = [None, "", "Shore Daily", "shore daily news", "The Shore Daily", "Valley Post", "!"]
    credits = [None, "AP", "Associated Press", "Reuters", " A.P. "]
    scores = [0.0, 0.5, DUPLICATE_MIN - 1e-9, DUPLICATE_MIN, 1.0]
    kinds = Counter()
    for oa, ob, ca, cb, jac, same in itertools.product(
        outlets, outlets, credits, credits, scores, (False, True)
    ):
        a, b = Article("a", "a", "x", outlet=oa), Article("b", "b", "x", outlet=ob)
        want = rule(a, b, (ca, cb), jac, same)
        assert copy_kind(a, b, (ca, cb), jac, same) == want, (oa, ob, ca, cb, jac, same)
        kinds[want] += 1
    assert set(kinds) == {"syndicated", "duplicate", "version"}
