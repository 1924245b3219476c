"""Story grouping: the same answer in batch and stream, the project's stories kept apart, the
seed story kept whole, copies, the time window and the bound on open stories."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from newsprism.api import prepare
from newsprism.eval.synthetic import generate
from newsprism.ingest.readers import ReadResult, read_inputs
from newsprism.model import Article
from newsprism.stories import GroupingConfig, StoryGrouper, group_articles, story_features
from newsprism.stories.briefs import stream_order
from newsprism.stories.features import StoryFeatures, parse_day

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = [str(REPO / "examples" / "story"), str(REPO / "examples" / "stories")]


def _story_name(a: Article) -> str:
    return Path(a.source).parent.name


def _partition(stories, articles) -> list[list[str]]:  # type: ignore[no-untyped-def]
    name = {a.id: _story_name(a) for a in articles}
    return sorted(sorted(name[i] for i in s.articles) for s in stories)


@pytest.fixture(scope="module")
def examples() -> list[Article]:
    return list(prepare(read_inputs(EXAMPLES)).articles)


@pytest.fixture(scope="module")
def synthetic() -> list[Article]:
    arts = [Article(g.name, g.name, g.text, outlet=g.outlet) for g in generate(200, seed=11)]
    return list(prepare(ReadResult(tuple(arts), (), ())).articles)


def test_the_project_stories_are_four_stories(examples: list[Article]) -> None:
    stories = group_articles(stream_order(examples))
    assert len(stories) == 4
    for s in stories:
        assert len({_story_name(a) for a in examples if a.id in s.articles}) == 1
    sizes = sorted(len(s.members) for s in stories)
    assert sizes == [3, 3, 3, 7]


def test_batch_and_stream_give_the_same_stories(examples: list[Article]) -> None:
    order = stream_order(examples)
    batch = StoryGrouper()
    batch.group([story_features(a) for a in order])
    stream = StoryGrouper()
    assignments = [stream.add(story_features(a)) for a in order]
    assert batch.result() == stream.result()
    assert [a.story for a in assignments] == [batch.story_id(a.id) for a in order]


def test_membership_says_why(examples: list[Article]) -> None:
    stories = group_articles(stream_order(examples))
    for s in stories:
        assert s.members[0].reason == "founded" and s.members[0].score == 0.0
        for m in s.members[1:]:
            assert m.reason in ("similar", "copy", "founded")
            assert 0.0 <= m.score <= 1.0
    ferry = next(s for s in stories if len(s.members) == 7)
    assert ferry.first_seen == "2026-03-04" and ferry.last_seen == "2026-03-11"
    copies = [m for m in ferry.members if m.reason == "copy"]
    assert copies and all(m.via in ferry.articles for m in copies)


def test_seeds_are_one_story_beside_the_example_and_synthetic(
    seeds_dir: Path, synthetic: list[Article]
) -> None:
    read = prepare(read_inputs([str(seeds_dir), EXAMPLES[0]]))
    seeds = {a.id for a in read.articles if Path(a.source).parent == seeds_dir}
    example = {a.id for a in read.articles} - seeds
    parts = {
        "seeds": [a for a in read.articles if a.id in seeds],
        "example": [a for a in read.articles if a.id in example],
        "synthetic": synthetic,
    }
    # folders ingested one after another, in five of the six orders (docs/stories.md, "Limits":
    # with the generated stories first and the seeds last, the example's two events split)
    for order in itertools.permutations(parts):
        if order == ("synthetic", "example", "seeds"):
            continue
        arts = [a for name in order for a in parts[name]]
        groups = [set(s.articles) for s in group_articles(stream_order(arts))]
        assert seeds in groups, f"{order}: seeds split or joined"
        assert example in groups, f"{order}: example story split or joined"


def test_a_copy_joins_its_original_story() -> None:
    text = (
        "Kelmford council has approved a new bridge over the River Ashby after a vote on "
        "Monday night, ending a dispute that began when the old crossing closed in spring.\n"
        "Councillor Maren Tolley said the bridge would open within two years and cost less "
        "than the repairs that engineers had proposed for the old structure last winter.\n"
        "Shopkeepers on the east bank said trade had fallen by a third since the closure.\n"
    )
    original = Article("a", "a", text, published="2026-05-04")
    unrelated = Article(
        "b",
        "b",
        "A storm closed every school in Harlow Vale on Tuesday as rivers rose across the "
        "district and forecasters warned of more rain before the weekend.\n",
        published="2026-05-05",
    )
    copy = Article("c", "c", "Wire report. " + text, published="2026-05-05")
    g = StoryGrouper()
    g.group([story_features(a) for a in (original, unrelated)])
    assignment = g.add(story_features(copy))
    assert assignment.reason == "copy" and assignment.via == "a"
    assert g.story_id("c") == g.story_id("a") != g.story_id("b")
    assert g.add(story_features(copy.__class__("d", "d", text)), copies=[("b", 0.9)]).via == "b"


def test_window_closes_old_stories(examples: list[Article]) -> None:
    ferry = [a for a in stream_order(examples) if _story_name(a) == "story"]
    later = [dataclasses.replace(a, id=a.id + "_later", published="2026-06-01") for a in ferry[:2]]
    g = StoryGrouper(GroupingConfig(window_days=7))
    g.group([story_features(a) for a in ferry + later])
    assert g.story_id(later[0].id) != g.story_id(ferry[0].id)
    assert len(g.active) == 1  # the March story closed when June came


def test_open_stories_are_bounded(synthetic: list[Article]) -> None:
    g = StoryGrouper(GroupingConfig(max_active=5))
    for a in synthetic:
        g.add(story_features(a))
        assert len(g.active) <= 5
    assert sum(len(s.members) for s in g.result()) == len(synthetic)


def test_an_article_is_grouped_once(examples: list[Article]) -> None:
    g = StoryGrouper()
    f = story_features(examples[0])
    g.add(f)
    with pytest.raises(ValueError):
        g.add(f)


def test_features_are_cheap_and_stable(examples: list[Article]) -> None:
    a = next(a for a in examples if a.title and "council" in a.title.lower())
    f = story_features(a)
    ents = dict(f.entities)
    assert "port alder" in ents
    assert all(not k.isdigit() for k, _ in f.terms)
    assert f.shingles == story_features(a).shingles  # crc32-based: the same in every process
    assert parse_day("2026-03-04") == parse_day("2026-03-04T10:00:00Z")
    assert parse_day("not a date") is None


def _feats(name: str, words: str, day: int | None = None) -> StoryFeatures:
    return StoryFeatures(name, day, tuple((w, 1.0) for w in sorted(words.split())), (), (), name)


def test_observe_counts_an_article_in_the_idf_without_grouping_it() -> None:
    g = StoryGrouper()
    g.observe(_feats("seen", "harbour ferry"))
    assert g.n_docs == 1 and g.df["ferry"] == 1
    assert "seen" not in g.story_of and not g.stories
    g.add(_feats("placed", "ferry timetable"))
    assert g.n_docs == 2 and g.df["ferry"] == 2
    # a word the primed store has seen weighs less than a word it has not
    vec = g._vector((("ferry", 1.0), ("timetable", 1.0)), "")
    assert vec["ferry"] < vec["timetable"]


def test_a_story_is_weighed_again_as_the_idf_grows() -> None:
    g = StoryGrouper(GroupingConfig(idf_refresh=2.0))  # (fails with idf_refresh=1e9)
    g.add(_feats("first", "council ferry"))  # one document: every word weighs the same
    story = g.stories[g.story_id("first")]
    assert story.terms["council"] == pytest.approx(story.terms["ferry"])
    for i in range(6):  # "council" is in every later article, "ferry" in none
        g.observe(_feats(f"bg{i}", "council budget"))
    g.add(_feats("second", "council ferry"))  # scoring it reweighs the old story first
    story = g.stories[g.story_id("first")]
    assert story.stamp >= 7 and story.size == 2
    both = (("council", 1.0), ("ferry", 1.0))
    fresh = g._vector(both, "")  # each member as today's IDF weighs it
    assert fresh["council"] < fresh["ferry"]
    assert story.terms["council"] == pytest.approx(2 * fresh["council"])
    assert story.terms["ferry"] == pytest.approx(2 * fresh["ferry"])


def test_distinct_generated_stories_have_their_own_towns_and_people() -> None:
    default = generate(400, seed=3)
    distinct = generate(400, seed=3, distinct=True)
    assert [g.text for g in generate(400, seed=3)] == [g.text for g in default]

    def first_words(corpus: list) -> set[str]:  # type: ignore[type-arg]
        return {g.text.split()[0] for g in corpus if g.name.endswith("_0")}

    assert len(first_words(distinct)) > 3 * len(first_words(default))


def test_a_grouper_pickled_before_reweighing_goes_on(examples: list[Article]) -> None:
    import pickle

    order = stream_order(examples)
    feats = [story_features(a) for a in order]
    g = StoryGrouper()
    g.group(feats[:5])
    del g.__dict__["article_raw"]  # as a store's state written by the previous version
    old = pickle.loads(pickle.dumps(g))
    for f in feats[5:]:
        old.add(f)
    assert sum(len(s.members) for s in old.result()) == len(feats)


def test_the_idf_table_follows_the_count_of_articles_and_is_never_pickled() -> None:
    import math
    import pickle

    g = StoryGrouper()
    g.add(_feats("first", "ferry harbour"))
    g.add(_feats("second", "ferry timetable"))
    idf = g._idf_table()  # by document frequency
    assert idf is g._idf_table()  # one table while no article is counted
    assert idf[g.df["ferry"]] == math.log(3.0 / 3.0) + g.config.idf_add
    assert idf[g.df["harbour"]] == math.log(3.0 / 2.0) + g.config.idf_add
    g.observe(_feats("third", "ferry"))
    assert g._idf_table() is not idf  # a new count, a new table
    assert g._idf_table()[g.df["harbour"]] == math.log(4.0 / 2.0) + g.config.idf_add
    assert g._vector((("harbour", 3.0),), "") == {"harbour": 1.0}
    # the vector weighs 1 + log(w) by the IDF as it stands, whichever table it comes from
    two = g._vector((("ferry", 3.0), ("harbour", 1.0)), "")
    raw = {
        "ferry": (1.0 + math.log(3.0)) * (math.log(4.0 / 4.0) + 1.0),
        "harbour": 1.0 * (math.log(4.0 / 2.0) + 1.0),
    }
    norm = math.sqrt(sum(v * v for v in raw.values()))
    assert two == {k: v / norm for k, v in raw.items()}
    before = g._idf_table()
    g.df = dict(g.df)  # frequencies read back from a store: the table is built again
    assert g._idf_table() is not before
    assert "_idf_counts" not in pickle.loads(pickle.dumps(g)).__dict__


def _hand(name: str, terms: dict[str, float], entities: dict[str, float]) -> StoryFeatures:
    return StoryFeatures(
        name, None, tuple(sorted(terms.items())), tuple(sorted(entities.items())), (), name
    )


def _two_ferry_stories() -> list[StoryFeatures]:
    """Two invented stories on one subject: a crew strike on the Port Alder ferry and an engine
    fire on the Saltcombe ferry; each article shares 'ferry' and 'harbour' with the other story."""
    strike = {"ferry": 2.0, "harbour": 1.0, "strike": 3.0, "crew": 2.0, "pay": 2.0, "union": 1.0}
    fire = {"ferry": 2.0, "harbour": 1.0, "fire": 3.0, "engine": 2.0, "rescue": 2.0, "smoke": 1.0}
    return [
        _hand("strike-1", strike, {"port alder": 2.0, "alder": 2.0}),
        _hand("fire-1", fire, {"saltcombe": 2.0}),
        _hand("strike-2", {**strike, "talks": 1.0}, {"port alder": 1.0, "alder": 1.0}),
        _hand("fire-2", {**fire, "passengers": 1.0}, {"saltcombe": 1.0}),
        _hand("strike-3", {**strike, "vote": 2.0}, {"alder": 1.0}),
    ]


def test_a_story_of_two_dense_blocks_is_split() -> None:
    """A low bar lets the fire articles into the strike story; once it holds two blocks (each
    alike within, little alike across) the fire block leaves as its own story, in batch and in
    stream alike; with splitting off (``split_max`` 0) the five stay one story."""
    config = GroupingConfig(join_min=0.02, merge_min=0.02)
    whole = StoryGrouper(dataclasses.replace(config, split_max=0))
    whole.group(_two_ferry_stories())
    assert len({whole.story_id(f.article) for f in _two_ferry_stories()}) == 1
    g = StoryGrouper(config)
    assignments = g.group(_two_ferry_stories())
    stories = sorted(sorted(s.articles) for s in g.result())
    assert stories == [["fire-1", "fire-2"], ["strike-1", "strike-2", "strike-3"]]
    split = [a.split for a in assignments if a.split is not None]
    assert len(split) == 1
    kept, new, moved = split[0]
    assert g.story_id("strike-1") == kept and sorted(moved) == ["fire-1", "fire-2"]
    assert g.story_id("fire-1") == new
    # the split stories take the next articles of their own kind
    g.add(_hand("fire-3", {"fire": 3.0, "engine": 2.0, "ferry": 1.0}, {"saltcombe": 1.0}))
    assert g.story_id("fire-3") == new
    stream = StoryGrouper(config)
    for f in _two_ferry_stories():
        stream.add(f)
    batch = StoryGrouper(config)
    batch.group(_two_ferry_stories())
    assert stream.result() == batch.result()


def test_features_of_the_title_and_lead_alone() -> None:
    """``body_words`` bounds the body read: ``LEAD_WORDS`` keeps the title and the lead only
    (the title-and-lead channel of ``benchmarks/stories.py --channels``)."""
    from newsprism.stories.features import LEAD_WORDS

    lead = " ".join(["ferry"] * LEAD_WORDS)
    body = "The harbourmaster of Port Alder blamed the gale for the damaged pier."
    a = prepare(ReadResult((Article("a", "a", lead + " " + body),), (), ())).articles[0]
    whole, short = story_features(a), story_features(a, body_words=LEAD_WORDS)
    assert "harbourmaster" in dict(whole.terms) and "harbourmaster" not in dict(short.terms)
    assert dict(short.terms)["ferry"] == dict(whole.terms)["ferry"]
    assert short.shingles == whole.shingles  # the copy index reads the same words either way
