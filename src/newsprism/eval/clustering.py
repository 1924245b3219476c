"""Clustering measures (B-cubed and pairwise precision, recall, F1) and the Multi-News story
stream behind ``benchmarks/stories.py``.

The stream: every document of ``../shared/data/multinews/validation.jsonl`` is an article whose
gold story is the cluster it came from.  Article ids are hashes of the text, so no order or name
gives the cluster away.  *Scraps* are documents that are not news at all, found from the texts
alone by a rule that never reads the gold clusters or summaries (``scraps``): templated pages
that occur near-identical three times or more in the stream (web archive crawl notices, "Tweet
with a location" widgets) and empty pages (fewer than ``SCRAP_WORDS_MIN`` distinct content
words).  They stay in the stream (they can still pull real articles into a wrong story) but are
left out of the count; the benchmark prints figures with them counted too.  Documents *off the
summary* (``off_summary``) share little with their cluster's reference summary: a count that
reads the gold alone, never our grouping, scrap rule or page checks.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsprism.stories.features import StoryFeatures

SCRAP_COPY_MIN = 0.5  # shingle containment from which two texts are near-identical
SCRAP_COPIES_MIN = 2  # near-identical to this many other documents: a templated page
SCRAP_WORDS_MIN = 10  # fewer distinct content words than this: an empty page
OFF_TOPIC_MAX = 0.05  # whole-text TF-IDF cosine with every cluster-mate below which a document
# is off-topic for its cluster (an analysis of the errors, not a scrap)
SHORT_WORDS = 60  # fewer distinct content words than this: a short document (error analysis)
SAME_SUBJECT_MIN = 0.1  # whole-text TF-IDF cosine with a story's majority from which a document
# merged into it is on the same subject (shares more than generic words)
SUMMARY_TERMS = 20  # a document's salient terms: its this many heaviest by TF-IDF
SUMMARY_SHARE_MIN = 0.15  # share of the salient terms' weight found in the cluster's reference
# summary below which a document is off its cluster's summary (set by reading the tuning half's
# flagged and near-threshold documents, never by a grouping score)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over items."""
    n = len(gold)
    if n == 0:
        return Scores(0.0, 0.0, 0.0)
    both = Counter(zip(pred, gold, strict=True))
    size_p, size_g = Counter(pred), Counter(gold)
    p = sum(both[(a, b)] / size_p[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(both[(a, b)] / size_g[b] for a, b in zip(pred, gold, strict=True)) / n
    return Scores(p, r, _f1(p, r))


def pairwise(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """Precision, recall and F1 over pairs of items put in one cluster."""

    def pairs(c: Counter[Hashable]) -> int:
        return sum(k * (k - 1) // 2 for k in c.values())

    tp = pairs(Counter(zip(pred, gold, strict=True)))
    n_pred, n_gold = pairs(Counter(pred)), pairs(Counter(gold))
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return Scores(p, r, _f1(p, r))


@dataclass(frozen=True)
class PairRanking:
    """How well one similarity ranks pairs of documents (same story or not): ``auc``, the
    chance that a random same-story pair scores above a random other pair (ties count half),
    and ``true_before``: same-story pairs ranked above the ``false_max``-th other pair (the
    high-precision region, where a grouper's join threshold sits), of ``true`` in all."""

    auc: float
    true_before: int
    true: int
    false_max: int


def pair_ranking(scores: Sequence[float], same: Sequence[bool], false_max: int = 10) -> PairRanking:
    """Rank pairs by ``scores`` against ``same`` (True for a pair from one gold story).  Ties
    are read pessimistically for ``true_before``: within one score, other pairs come first."""
    import numpy as np

    s = np.asarray(scores, dtype=float)
    y = np.asarray(same, dtype=bool)
    n_true, n_false = int(y.sum()), int((~y).sum())
    if not n_true or not n_false:
        raise ValueError("pair_ranking needs same-story pairs and other pairs")
    _, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    ranks = (first + (counts + 1) / 2.0)[inverse]  # 1-based average ranks, ascending
    auc = (ranks[y].sum() - n_true * (n_true + 1) / 2.0) / (n_true * n_false)
    order = np.lexsort((y, -s))  # by score, highest first; other pairs first on a tie
    falses = np.cumsum(~y[order])
    cut = int(np.searchsorted(falses, false_max))  # position of the false_max-th other pair
    return PairRanking(float(auc), int(y[order][:cut].sum()), n_true, false_max)


@dataclass(frozen=True)
class StreamDoc:
    id: str  # hash of the text
    text: str
    cluster: str  # gold: the Multi-News cluster id
    scrap: bool


_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[int]:
    w = [x.lower() for x in _WORD.findall(text)]
    return {hash(" ".join(w[i : i + 5])) for i in range(len(w) - 4)}


def _content_words(text: str) -> set[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return {
        w for w in (x.lower() for x in _WORD.findall(text)) if len(w) >= 3 and w.isalpha()
    } - ENGLISH_STOP_WORDS


def scraps(texts: Sequence[str]) -> set[int]:
    """Indices of the scraps of a stream, read from the texts alone (never the gold clusters or
    summaries): *templated* pages, near-identical (``SCRAP_COPY_MIN`` of the smaller page's
    5-shingles shared) to ``SCRAP_COPIES_MIN`` or more other documents (web-archive crawl
    notices, "Tweet with a location" widgets: no story is told three times word for word by
    a stream's outlets, a template is), and *empty* pages, fewer than ``SCRAP_WORDS_MIN``
    distinct content words (a JavaScript notice, a video player's messages)."""
    shingles = [_shingles(t) for t in texts]
    index: dict[int, set[int]] = defaultdict(set)
    for i, s in enumerate(shingles):
        for h in s:
            index[h].add(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in index.values():
        if 1 < len(ids) < 100:
            ordered = sorted(ids)
            for a_i, a in enumerate(ordered):
                for b in ordered[a_i + 1 :]:
                    shared[(a, b)] += 1
    copies: Counter[int] = Counter()
    for (a, b), n in shared.items():
        if n / max(1, min(len(shingles[a]), len(shingles[b]))) >= SCRAP_COPY_MIN:
            copies[a] += 1
            copies[b] += 1
    out = {i for i, n in copies.items() if n >= SCRAP_COPIES_MIN}
    out |= {i for i, t in enumerate(texts) if len(_content_words(t)) < SCRAP_WORDS_MIN}
    return out


def load_multinews(path: Path) -> list[StreamDoc]:
    """Every document of the Multi-News file with its gold cluster and scrap flag, file order."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts, clusters = [], []
    for row in rows:
        for d in row["documents"]:
            texts.append(d)
            clusters.append(row["id"])
    scrap = scraps(texts)
    out = []
    seen: set[str] = set()
    for i, (t, c) in enumerate(zip(texts, clusters, strict=True)):
        digest = hashlib.sha1(f"{c}\0{i}\0{t}".encode()).hexdigest()[:12]
        assert digest not in seen
        seen.add(digest)
        out.append(StreamDoc("d" + digest, t, c, i in scrap))
    return out


def off_topic(docs: Sequence[StreamDoc]) -> set[str]:
    """Ids of the counted documents (not scraps) whose whole-text TF-IDF cosine (scikit-learn,
    sublinear tf, English stop words, fitted on ``docs``: the baseline's view, not the grouper's)
    with every counted document of their cluster is below ``OFF_TOPIC_MAX``: a study's abstract
    beside the news about it, four interviews of one Sunday show.  No grouping by topic can put
    them with their cluster; the benchmark prints its figures without them as an analysis of the
    errors (the headline figures count them)."""
    kept = [d for d in docs if not d.scrap]
    if not kept:
        return set()
    sim = _tfidf_cosines(kept)
    out = set()
    for i, d in enumerate(kept):
        mates = [j for j, m in enumerate(kept) if m.cluster == d.cluster and j != i]
        if mates and max(sim[i][j] for j in mates) < OFF_TOPIC_MAX:
            out.add(d.id)
    return out


def load_summaries(path: Path) -> dict[str, str]:
    """The reference summary of each Multi-News cluster (``summary`` field), by cluster id."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line:
            row = json.loads(line)
            out[row["id"]] = row["summary"]
    return out


_LETTERS = re.compile(r"[A-Za-z]+")


def _summary_terms(text: str) -> list[str]:
    """Lowercased words of three or more letters, English stop words out, a plural folded
    ("studies" -> "study", "shootings" -> "shooting"): the vocabulary of ``summary_share``."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    out = []
    for w in _LETTERS.findall(text):
        w = w.lower()
        if len(w) < 3 or w in ENGLISH_STOP_WORDS:
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def summary_share(docs: Sequence[StreamDoc], summaries: dict[str, str]) -> dict[str, float]:
    """For each document, the share of its ``SUMMARY_TERMS`` heaviest terms (weight: 1 + log of
    the count, times the log inverse document frequency over ``docs``) whose weight is found
    among its cluster's reference summary's words: a measure of how far a document tells its
    cluster's story that reads the gold summary and the texts alone, never a grouping, our
    features or our page checks."""
    import math

    counts = [Counter(_summary_terms(d.text)) for d in docs]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(docs)
    vocab = {cluster: set(_summary_terms(text)) for cluster, text in summaries.items()}
    out = {}
    for d, c in zip(docs, counts, strict=True):
        weight = {t: (1 + math.log(k)) * math.log(n / df[t]) for t, k in c.items()}
        top = sorted(weight, key=lambda t: (-weight[t], t))[:SUMMARY_TERMS]
        total = sum(weight[t] for t in top)
        found = sum(weight[t] for t in top if t in vocab.get(d.cluster, ()))
        out[d.id] = found / total if total > 0 else 0.0
    return out


def off_summary(docs: Sequence[StreamDoc], summaries: dict[str, str]) -> set[str]:
    """Ids of the documents (scraps or not) off their cluster's reference summary: less than
    ``SUMMARY_SHARE_MIN`` of their salient terms' weight in it (``summary_share``).  Crawl
    notices, widgets, navigation, video pages, a paper's own text, a page on another subject:
    documents the gold itself says are not the cluster's story, so a benchmark can leave them
    out of the count without trusting the system it measures."""
    share = summary_share(docs, summaries)
    return {d.id for d in docs if share[d.id] < SUMMARY_SHARE_MIN}


def _tfidf_cosines(docs: Sequence[StreamDoc]) -> list[list[float]]:
    """Whole-text TF-IDF cosines between ``docs`` (scikit-learn, sublinear tf, English stop
    words, fitted on ``docs``: the baseline's view, not the grouper's)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [d.text for d in docs]
    )
    return (x @ x.T).toarray().tolist()


@dataclass(frozen=True)
class ErrorBreakdown:
    """Which error a grouping makes, over the counted documents (not scraps).

    *Splits*: ``missed_pairs`` (same cluster, different stories), ``split_clusters`` of
    ``clusters`` gold clusters spread over several stories, and the ``split_off`` documents
    outside the story that holds most of their cluster, told apart as ``split_off_topic``
    (off-topic for their cluster, ``off_topic``), ``split_short`` (fewer than ``SHORT_WORDS``
    distinct content words) and the rest, on the story in other words; and, by where they went,
    ``split_alone`` (a story of their own), ``split_with_mates`` (a second story of their
    cluster: the story told from another angle) and the rest, in another cluster's story.
    *Merges*:
    ``false_pairs`` (different clusters, one story), ``mixed_stories`` of ``stories``, and the
    ``merged_in`` documents of a story whose majority is another cluster, told apart as
    ``merged_same_subject`` (a whole-text TF-IDF cosine of ``SAME_SUBJECT_MIN`` or more with one
    of the majority's documents) and the rest, joined on generic words (footers, site names)."""

    missed_pairs: int
    false_pairs: int
    clusters: int
    split_clusters: int
    stories: int
    mixed_stories: int
    split_off: int
    split_off_topic: int
    split_short: int
    merged_in: int
    merged_same_subject: int
    split_alone: int = 0
    split_with_mates: int = 0

    def describe(self) -> str:
        worded = self.split_off - self.split_off_topic - self.split_short
        generic = self.merged_in - self.merged_same_subject
        elsewhere = self.split_off - self.split_alone - self.split_with_mates
        return (
            f"splits: {self.missed_pairs} missed pairs, {self.split_clusters} of {self.clusters} "
            f"clusters in several stories, {self.split_off} documents outside their cluster's "
            f"main story ({self.split_off_topic} off-topic, {self.split_short} short, {worded} "
            f"on the story in other words; {self.split_alone} alone, {self.split_with_mates} "
            f"in a second story of their cluster, {elsewhere} in another cluster's story); "
            f"merges: {self.false_pairs} false pairs, "
            f"{self.mixed_stories} of {self.stories} stories mixing clusters, {self.merged_in} "
            f"documents in another cluster's story ({self.merged_same_subject} on the same "
            f"subject, {generic} on generic words only)"
        )


def error_breakdown(pred: dict[str, Hashable], docs: Sequence[StreamDoc]) -> ErrorBreakdown:
    """Splits against merges for the grouping ``pred`` (document id -> story) of ``docs``, the
    scraps left out (see ``ErrorBreakdown``).  An analysis of the errors: it reads the gold."""
    kept = [d for d in docs if not d.scrap]
    off = off_topic(docs)
    sims = _tfidf_cosines(kept) if kept else []
    by_cluster: dict[str, list[int]] = defaultdict(list)
    by_story: dict[Hashable, list[int]] = defaultdict(list)
    for i, d in enumerate(kept):
        by_cluster[d.cluster].append(i)
        by_story[pred[d.id]].append(i)
    both = Counter((pred[d.id], d.cluster) for d in kept)
    same_story = sum(n * (n - 1) // 2 for n in Counter(pred[d.id] for d in kept).values())
    same_cluster = sum(len(m) * (len(m) - 1) // 2 for m in by_cluster.values())
    together = sum(n * (n - 1) // 2 for n in both.values())
    split_off = split_topic = split_short = split_alone = split_mates = 0
    for cluster, members in by_cluster.items():
        main = Counter(pred[kept[i].id] for i in members).most_common(1)[0][0]
        for i in members:
            if pred[kept[i].id] == main:
                continue
            split_off += 1
            story = by_story[pred[kept[i].id]]
            if len(story) == 1:
                split_alone += 1
            elif Counter(kept[j].cluster for j in story).most_common(1)[0][0] == cluster:
                split_mates += 1
            if kept[i].id in off:
                split_topic += 1
            elif len(_content_words(kept[i].text)) < SHORT_WORDS:
                split_short += 1
    merged_in = same_subject = 0
    for members in by_story.values():
        majority = Counter(kept[i].cluster for i in members).most_common(1)[0][0]
        core = [i for i in members if kept[i].cluster == majority]
        for i in members:
            if kept[i].cluster == majority:
                continue
            merged_in += 1
            if max(sims[i][j] for j in core) >= SAME_SUBJECT_MIN:
                same_subject += 1
    return ErrorBreakdown(
        missed_pairs=same_cluster - together,
        false_pairs=same_story - together,
        clusters=len(by_cluster),
        split_clusters=sum(len({pred[kept[i].id] for i in m}) > 1 for m in by_cluster.values()),
        stories=len(by_story),
        mixed_stories=sum(len({kept[i].cluster for i in m}) > 1 for m in by_story.values()),
        split_off=split_off,
        split_off_topic=split_topic,
        split_short=split_short,
        merged_in=merged_in,
        merged_same_subject=same_subject,
        split_alone=split_alone,
        split_with_mates=split_mates,
    )


def background_features(folder: Path) -> list[StoryFeatures]:
    """Grouping features of every ``*.txt`` in ``folder`` (the PolNeAR train articles for the
    benchmark: political news none of which is in the stream), to prime a grouper's IDF with
    ``StoryGrouper.observe`` as a store that is already running has it.  Empty when absent."""
    from newsprism.api import prepare
    from newsprism.ingest.readers import ReadResult
    from newsprism.model import Article
    from newsprism.stories.features import story_features

    if not folder.is_dir():
        return []
    arts = [
        Article(p.stem, p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))
    ]
    read = prepare(ReadResult(tuple(arts), (), ()))
    return [story_features(a) for a in read.articles]


def shuffled(docs: Sequence[StreamDoc], seed: int) -> list[StreamDoc]:
    out = list(docs)
    random.Random(seed).shuffle(out)
    return out
