"""Clustering measures (B-cubed and pairwise precision, recall, F1) and the Multi-News story
stream behind ``benchmarks/stories.py``.

The stream: every document of ``../shared/data/multinews/validation.jsonl`` is an article whose
gold story is the cluster it came from.  Article ids are hashes of the text, so no order or name
gives the cluster away.  *Scraps* are documents that are not news at all, found from the texts
alone by a rule that never reads the gold clusters or summaries (``scraps``): templated pages
that occur near-identical three times or more in the stream (web archive crawl notices, "Tweet
with a location" widgets) and empty pages (fewer than ``SCRAP_WORDS_MIN`` distinct content
words).  They stay in the stream (they can still pull real articles into a wrong story) but are
left out of the count; the benchmark prints figures with them counted too.
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
    from sklearn.feature_extraction.text import TfidfVectorizer

    kept = [d for d in docs if not d.scrap]
    if not kept:
        return set()
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [d.text for d in kept]
    )
    sim = (x @ x.T).toarray()
    out = set()
    for i, d in enumerate(kept):
        mates = [j for j, m in enumerate(kept) if m.cluster == d.cluster and j != i]
        if mates and max(sim[i, j] for j in mates) < OFF_TOPIC_MAX:
            out.add(d.id)
    return out


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
