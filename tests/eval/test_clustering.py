"""B-cubed and pairwise measures on small known cases; the Multi-News stream when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.eval.clustering import bcubed, load_multinews, pairwise

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "multinews" / "validation.jsonl"


def test_perfect_and_singletons() -> None:
    gold = ["a", "a", "b", "b", "b"]
    assert bcubed([1, 1, 2, 2, 2], gold).f1 == pytest.approx(1.0)
    assert pairwise([1, 1, 2, 2, 2], gold).f1 == pytest.approx(1.0)
    single = bcubed([1, 2, 3, 4, 5], gold)
    assert single.precision == 1.0
    assert single.recall == pytest.approx((2 * 0.5 + 3 / 3) / 5)
    assert pairwise([1, 2, 3, 4, 5], gold).recall == 0.0


def test_one_big_cluster() -> None:
    gold = ["a", "a", "b", "b"]
    b = bcubed([1, 1, 1, 1], gold)
    assert b.recall == 1.0 and b.precision == pytest.approx(0.5)
    p = pairwise([1, 1, 1, 1], gold)
    assert p.precision == pytest.approx(2 / 6) and p.recall == 1.0


@pytest.mark.slow
def test_multinews_stream_has_gold_and_few_scraps() -> None:
    if not DATA.is_file():
        pytest.skip("../shared/data is not present")
    docs = load_multinews(DATA)
    assert len({d.cluster for d in docs}) == 250
    assert len({d.id for d in docs}) == len(docs)
    assert 0 < sum(d.scrap for d in docs) < len(docs) * 0.1


@pytest.mark.slow
def test_story_grouping_floor_on_the_confirming_half() -> None:
    """The incremental grouper on the confirming half (never used for a choice), shuffled into
    one stream, IDF primed with the PolNeAR train articles: B-cubed and pairwise F1 floors."""
    import json
    import random

    from newsprism.api import prepare
    from newsprism.eval.clustering import background_features
    from newsprism.ingest.readers import ReadResult
    from newsprism.model import Article
    from newsprism.stories import StoryGrouper, story_features

    polnear = DATA.parents[1] / "polnear" / "train" / "text"
    if not DATA.is_file() or not polnear.is_dir():
        pytest.skip("../shared/data is not present")
    floors = json.loads((Path(__file__).resolve().parents[1] / "floors.json").read_text())
    docs = load_multinews(DATA)
    order = list(dict.fromkeys(d.cluster for d in docs))
    confirming = set(order[len(order) // 2 :])
    part = sorted((d for d in docs if d.cluster in confirming), key=lambda d: d.id)
    random.Random(13).shuffle(part)
    read = prepare(ReadResult(tuple(Article(d.id, d.id, d.text) for d in part), (), ()))
    g = StoryGrouper()
    for f in background_features(polnear):
        g.observe(f)
    g.group(story_features(a) for a in read.articles)
    kept = [d for d in part if not d.scrap]
    pred, gold = [g.story_id(d.id) for d in kept], [d.cluster for d in kept]
    assert bcubed(pred, gold).f1 >= floors["stories.confirming.bcubed_f1"]
    assert pairwise(pred, gold).f1 >= floors["stories.confirming.pairwise_f1"]


def test_off_topic_documents_share_nothing_with_their_cluster() -> None:
    from newsprism.eval.clustering import StreamDoc, off_topic

    ferry = "The harbour ferry to Port Alder was cancelled after the storm damaged the pier"
    docs = [
        StreamDoc("a", ferry + " on Tuesday.", "c1", False),
        StreamDoc("b", ferry + "; repairs will take a week.", "c1", False),
        StreamDoc(
            "c", "Sign in to read more articles. Cookies keep this site working.", "c1", False
        ),
        StreamDoc("d", "Glass tiles for kitchen walls come in twelve colours.", "c1", True),
        StreamDoc(
            "e", "The rowing club elected a new captain for the spring regatta.", "c2", False
        ),
    ]
    # "c" shares no word with its cluster-mates; the scrap "d" is not counted; "e" has no mate
    assert off_topic(docs) == {"c"}


def test_off_summary_reads_the_reference_summary_alone() -> None:
    """A report shares its salient words with its cluster's summary; a sign-in page and a
    report on another subject from the same town do not, whatever a grouping would do."""
    from newsprism.eval.clustering import StreamDoc, off_summary, summary_share

    summaries = {
        "c1": "Port Alder's council closed the Saltcombe ferry after storms damaged the pier; "
        "islanders plan an appeal.",
        "c2": "The Kestrel Bay rowing club chose the sculler Mira Okafor as its captain before "
        "the spring regatta.",
    }
    docs = [
        StreamDoc(
            "a",
            "Councillors in Port Alder voted to close the Saltcombe ferry after winter storms "
            "left the pier unsafe; islanders will appeal.",
            "c1",
            False,
        ),
        StreamDoc(
            "b",
            "Sign in to your account to keep reading. Subscribers get unlimited access and a "
            "weekly newsletter.",
            "c1",
            False,
        ),
        StreamDoc(
            "c",
            "Mira Okafor, a veteran sculler, was elected captain of the Kestrel Bay rowing club "
            "ahead of the regatta.",
            "c2",
            False,
        ),
        StreamDoc(
            "d",
            "A bakery in Kestrel Bay won a prize for its sourdough loaves at the county fair.",
            "c2",
            False,
        ),
    ]
    share = summary_share(docs, summaries)
    assert share["a"] > 0.5 and share["c"] > 0.5
    assert share["b"] == 0.0
    assert 0.0 < share["d"] < 0.15  # the town's name alone
    assert off_summary(docs, summaries) == {"b", "d"}
    # the same document under another cluster's summary is off it
    moved = [StreamDoc("a", docs[0].text, "c2", False), *docs[1:]]
    assert "a" in off_summary(moved, summaries)


def test_scraps_are_read_from_the_texts_alone() -> None:
    """A notice repeated word for word by three pages is a templated page and a page with a
    handful of words is empty; two wire copies of one story and ordinary news are counted."""
    from newsprism.eval.clustering import scraps

    notice = (
        "This archive holds pages collected by the Harbourlight crawler between spring and "
        "autumn; the files are kept for researchers and may not be shown to the public until "
        "the embargo that the library set for every collection of that year has ended"
    )
    wire = (
        "Councillors in Port Alder voted on Tuesday to close the Saltcombe ferry after the "
        "winter storms left the pier unsafe, and the island's residents said they would appeal "
        "the decision at the next meeting of the harbour board in the town hall"
    )
    other = (
        "The rowing club of Kestrel Bay elected a new captain for the spring regatta, naming "
        "the veteran sculler Mira Okafor after a close count among the members who gathered "
        "at the boathouse on the evening before the first training session of the season"
    )
    texts = [
        notice + ".",
        notice + " (collection 4).",
        "Crawl notes. " + notice + ".",
        wire + ".",
        "Coastwire: " + wire + ".",
        other,
        "Enable JavaScript to play this video.",
    ]
    assert scraps(texts) == {0, 1, 2, 6}


def test_error_breakdown_tells_splits_from_merges() -> None:
    """A ferry story told four times (one of them a sign-in page), a rowing story told three
    times, a second ferry story once; the grouping splits two ferry documents off, puts one
    rowing document and the second ferry story into the first ferry story."""
    from newsprism.eval.clustering import StreamDoc, error_breakdown

    ferry = "The harbour ferry to Port Alder was cancelled after the storm damaged the pier"
    rowing = "The rowing club of Kestrel Bay elected a new captain for the spring regatta"
    docs = [
        StreamDoc("a", ferry + " on Tuesday.", "c1", False),
        StreamDoc("b", ferry + "; repairs will take a week.", "c1", False),
        StreamDoc(
            "c", "Islanders said the ferry cancelled by the storm was their only link.", "c1", False
        ),
        StreamDoc(
            "g", "Sign in to read more articles. Cookies keep this site working.", "c1", False
        ),
        StreamDoc("d", rowing + " at the boathouse.", "c2", False),
        StreamDoc("e", rowing + "; the vote was close.", "c2", False),
        StreamDoc("f", rowing + ", naming a veteran sculler.", "c2", False),
        StreamDoc(
            "h",
            "A second ferry was cancelled at the damaged pier of Saltcombe harbour.",
            "c3",
            False,
        ),
        StreamDoc("s", "Enable JavaScript to play this video.", "c3", True),
    ]
    pred = {"a": 1, "b": 1, "c": 2, "g": 4, "d": 1, "e": 3, "f": 3, "h": 1, "s": 1}
    b = error_breakdown(pred, docs)
    assert (b.missed_pairs, b.false_pairs) == (7, 5)  # the scrap "s" is not counted
    assert (b.split_clusters, b.clusters, b.mixed_stories, b.stories) == (2, 3, 1, 4)
    assert (b.split_off, b.split_off_topic, b.split_short) == (3, 1, 2)  # c, g, d
    assert (b.merged_in, b.merged_same_subject) == (2, 1)  # d on no shared word, h on the ferry
    assert "7 missed pairs" in b.describe() and "1 on generic words only" in b.describe()
    assert (b.split_alone, b.split_with_mates) == (2, 0)  # c and g alone, d in the ferry story
    assert "2 alone, 0 in a second story of their cluster, 1 in another" in b.describe()
    # a perfect grouping makes no error
    exact = {d.id: d.cluster for d in docs}
    assert error_breakdown(exact, docs).missed_pairs == error_breakdown(exact, docs).merged_in == 0


def test_error_breakdown_tells_where_split_documents_went() -> None:
    """A lighthouse story told five times, grouped as three reports in one story and two in a
    second (another angle: the keeper's retirement); a bakery story told twice, one report of it
    alone."""
    from newsprism.eval.clustering import StreamDoc, error_breakdown

    light = "The old lighthouse on Gannet Point will be restored with money from the county"
    keeper = "The last keeper of the Gannet Point light retires after forty years at the lamp"
    docs = [
        StreamDoc(doc_id, text, cluster, False)
        for doc_id, text, cluster in (
            ("a", light + ".", "c1"),
            ("b", light + " next spring.", "c1"),
            ("c", light + ", the council said.", "c1"),
            ("d", keeper + ".", "c1"),
            ("e", keeper + " this winter.", "c1"),
            ("f", "A bakery in Marlow Quay won a prize for its rye loaf at the fair.", "c2"),
            ("g", "The rye loaf of a Marlow Quay bakery took first prize at the fair.", "c2"),
        )
    ]
    pred = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3, "g": 4}
    b = error_breakdown(pred, docs)
    assert b.split_off == 3  # d and e outside the lighthouse story, one bakery report
    assert (b.split_alone, b.split_with_mates) == (1, 2)
    assert "1 alone, 2 in a second story of their cluster, 0 in another" in b.describe()


def test_pair_ranking_reads_auc_and_the_high_precision_region() -> None:
    from newsprism.eval.clustering import pair_ranking

    # six pairs of one invented stream: three from one story each, three not
    same = [True, False, True, False, True, False]
    perfect = pair_ranking([0.9, 0.1, 0.8, 0.2, 0.7, 0.3], same, false_max=1)
    assert perfect.auc == pytest.approx(1.0)
    assert (perfect.true_before, perfect.true) == (3, 3)
    backwards = pair_ranking([0.1, 0.9, 0.2, 0.8, 0.3, 0.7], same, false_max=1)
    assert backwards.auc == pytest.approx(0.0) and backwards.true_before == 0
    # one other pair above a same-story pair: 8 of the 9 (true, other) orderings are right
    one_off = pair_ranking([0.9, 0.75, 0.8, 0.2, 0.7, 0.3], same, false_max=1)
    assert one_off.auc == pytest.approx(8 / 9)
    assert one_off.true_before == 2  # the third true pair comes after the first false one
    assert pair_ranking([0.9, 0.75, 0.8, 0.2, 0.7, 0.3], same, false_max=2).true_before == 3
    # ties count half in the AUC and against the ranking in the high-precision region
    tied = pair_ranking([0.5] * 6, same, false_max=1)
    assert tied.auc == pytest.approx(0.5) and tied.true_before == 0
    with pytest.raises(ValueError):
        pair_ranking([0.5, 0.4], [True, True])
