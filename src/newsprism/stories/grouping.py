"""Incremental story grouping: every article joins the best open story or starts a new one.

``StoryGrouper.add(features)`` places one article; ``group(features)`` places a batch by calling
``add`` on each in order, so a batch and a stream in the same order give the same stories.

For each article (features from ``stories.features``):

1. **Copies first.**  An article whose sampled 5-shingles are at least ``copy_min`` contained in an
   earlier open article (or whose caller passes the id of the article it copies, e.g. a store's
   ``version``/``syndicated`` relation) joins that article's story, whatever its words score.
2. **Candidates.**  Open stories that share one of the article's ``query_terms`` heaviest terms
   or entities (an inverted index from term to story), within ``window_days`` of its date.
3. **Score.**  ``(1 - entity_weight) * cos(terms) + entity_weight * cos(entities)`` between the
   article and the story's centroid (the sum of its members' unit vectors), with IDF counted over
   every article seen so far (so no refit is ever needed).  The best story at or above
   ``join_min`` takes the article; otherwise the article founds a new story.
4. **Merge.**  When the article also scores at least ``join_min`` with another candidate and the
   two stories' centroids are at least ``merge_min`` alike (and ``split_cross_max``, so that no
   split undoes a merge), the younger story is merged into the older (stories converge as a story
   develops).
5. **Converge.**  The article's story is compared with up to ``converge_candidates`` other
   open stories it scored at least ``converge_floor`` with; a logistic model over the pair
   (``stories.converge``: the two stories' similarity, their sizes, the article's score with the
   other) gives the probability that they are one story, and at ``converge_min`` or more they
   merge (a story of one article left beside its story is the commonest error left).
6. **Split.**  A story of ``split_min`` to ``split_max`` open articles that falls into two
   blocks of two or more articles each (average linkage over its members' pairwise scores), whose
   mean cross score is below ``split_cross_max`` and under ``1 / split_ratio`` of each block's
   mean inner score, is split: two stories on one subject that one bridging article joined.  The
   block holding the story's oldest open article keeps the story.

Cost per article is bounded: only open stories are scored, a story closes when its newest article
is more than ``window_days`` older than the newest article seen, or when more than ``max_active``
stories are open (the least recently joined closes first); centroids keep ``centroid_terms`` terms.
"""

from __future__ import annotations

import math
from collections import OrderedDict, _count_elements  # type: ignore[attr-defined]
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, filterfalse, repeat
from operator import mul
from sys import intern

import numpy as np

from newsprism.model import Story, StoryMember, StoryReason
from newsprism.stories import converge
from newsprism.stories.features import StoryFeatures


@dataclass(frozen=True)
class GroupingConfig:
    """Thresholds and bounds of story grouping (tuned on half of the Multi-News dev clusters,
    ``benchmarks/stories.py``)."""

    window_days: int = 7  # a story takes articles up to this many days from its dates
    max_active: int = 5000  # open stories at most; the least recently joined closes first
    join_min: float = 0.085  # score from which an article joins a story (fitted: --fit)
    merge_min: float = 0.12  # story similarity from which two stories near an article merge
    merge_probe: float = 0.9  # stories scoring this share of ``join_min`` with the article are
    # checked for a merge with the story it joined
    entity_weight: float = 0.35  # weight of the entity cosine in the score (fitted: --fit)
    undated_extra: float = 0.1  # added to ``join_min`` when only one side is dated
    entity_min: float = 0.0  # when both sides name ``entity_min_names`` entities or more, an
    # entity similarity below this means another story
    entity_min_names: int = 3
    idf_add: float = 1.0  # added to log((1 + n) / (1 + df)): the weight of a term every article has
    link: str = "average"  # "centroid": cosine of centroids; "average": mean member cosine
    copy_min: float = 0.5  # containment of sampled shingles that makes a copy
    copy_min_shingles: int = 5  # fewer sampled shingles than this: never a copy
    copy_entity_min: float = 0.3  # a copy names the same entities (cosine), when both name some
    query_terms: int = 40  # heaviest terms and entities used to find candidate stories
    max_posting: int = 1000  # a term held by more open stories than this finds none
    max_candidates: int = 8  # stories scored in full, those sharing the most weight first
    centroid_terms: int = 400  # terms (and entities) a story centroid keeps
    idf_refresh: float = 1.25  # a story's centroid is weighted again with the IDF of the moment
    # when the articles seen have grown this many times since it was last weighted
    split_min: int = 4  # open articles from which a story is checked for two blocks
    split_max: int = 16  # ... and up to which (a bounded cost an article)
    split_cross_max: float = 0.13  # mean score across the blocks below which they may part
    split_ratio: float = 1.5  # each block's mean inner score at least this many times the cross
    converge_min: float = 0.7  # probability (``stories.converge``) from which the article's story
    # and another merge; above 1 never (fitted on the tuning half: benchmarks/story_pairs.py)
    converge_floor: float = 0.03  # the article's score from which another story is checked
    converge_candidates: int = 3  # other stories checked at most, the best-scoring first


@dataclass(frozen=True)
class Assignment:
    """Where one article went: the story (an int id), the score, why, and any stories that were
    merged into it because of this article, and a story split off after it joined (``split``:
    the story split, the new story's id and the articles that moved there)."""

    article: str
    story: int
    score: float
    reason: StoryReason
    via: str | None = None
    merged: tuple[int, ...] = ()
    split: tuple[int, int, tuple[str, ...]] | None = None  # (story split, new story, the
    # articles that moved to the new one)


@dataclass
class _Story:
    id: int
    members: list[StoryMember]
    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    first_day: int | None = None
    last_day: int | None = None
    index_keys: set[str] = field(default_factory=set)
    articles: list[str] = field(default_factory=list)  # open articles (for the copy index)
    title: str = ""
    norms: tuple[float, float] = (0.0, 0.0)  # L2 norms of terms and entities
    size: int = 0  # members whose vectors are in the centroid
    stamp: int = 0  # articles seen when the centroid was last weighted (its IDF's age)

    def renorm(self) -> None:
        self.norms = (_norm(self.terms), _norm(self.entities))

    def add_days(self, day: int | None) -> None:
        if day is None:
            return
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)


class _Tf(dict[float, float]):
    """Sublinear term frequency ``1 + log(w)`` (``w`` below 1 as it is) of each weight, computed
    once: an article's weights are small sums of the title, lead and body weights."""

    def __missing__(self, w: float) -> float:
        v = 1.0 + math.log(w) if w >= 1.0 else w
        if len(self) < 65536:
            self[w] = v
        return v


_TF = _Tf()


class _IdfOfCount(dict[int, float]):
    """The IDF ``log((1 + n) / (1 + df)) + idf_add`` of each document frequency ``df`` for one
    count ``n`` of articles seen: the keys of an article hold a few dozen distinct frequencies,
    so a vector's IDF is two look-ups a key in C (the key's frequency, its IDF) and a
    computation for each new frequency, not one for each key new at this count (nearly every
    key of every article, as the count grows with each article)."""

    __slots__ = ("n1", "add")

    def __init__(self, n_docs: int, add: float) -> None:
        super().__init__()
        self.n1, self.add = 1.0 + n_docs, add

    def __missing__(self, df: int) -> float:
        v = self[df] = math.log(self.n1 / (1.0 + df)) + self.add
        return v


def _keys(items: Sequence[tuple[str, float]], prefix: str = "") -> list[str]:
    return [prefix + k for k, _ in items] if prefix else [k for k, _ in items]


def _weights(items: Sequence[tuple[str, float]]) -> list[float]:
    return [w for _, w in items]


def _norm(vec: dict[str, float]) -> float:
    values = vec.values()
    return math.sqrt(sum(map(mul, values, values)))


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a.keys(), repeat(0.0, len(a)))))


def _add_into(total: dict[str, float], vec: dict[str, float]) -> None:
    """``total[k] += vec[k]`` for each key of ``vec`` in turn (a missing key from ``0.0``).  Into
    an empty ``total`` the weights are copied: ``0.0 + v`` is ``v`` for every float but
    ``-0.0``, which no weight is (a tf is positive, and so is the IDF unless ``idf_add`` is set
    below zero, and even then a product is ``-0.0`` only by underflow)."""
    if not total:
        total.update(vec)
        return
    get = total.get
    for k, v in vec.items():
        total[k] = get(k, 0.0) + v


def _prune(vec: dict[str, float], keep: int) -> None:
    """Drop all but the ``keep`` heaviest entries (the lightest go first, on a tie the smaller
    key).  The cut is found on the values alone (a sort of floats, no key function); only the
    entries at the cut value are ordered by key."""
    drop = len(vec) - keep
    if drop <= 0:
        return
    cut = sorted(vec.values())[drop - 1]  # the heaviest value that goes
    below = [k for k, v in vec.items() if v < cut]
    if len(below) < drop:
        below += sorted(k for k, v in vec.items() if v == cut)[: drop - len(below)]
    for k in below:
        del vec[k]


def _heaviest(postings: list[set[int]], weights: list[float], n: int) -> list[int]:
    """The ``n`` stories holding the most weight of the article's keys (each posting's stories
    gain its key's weight), heaviest first, on a tie the older story.  The weights are summed
    by ``numpy.bincount`` in the order of the keys, each story's sum the same additions in the
    same order as ``rough[sid] = rough.get(sid, 0.0) + w`` key after key (so the same floats),
    and only the stories at or above the ``n``-th heaviest sum are ordered."""
    if not postings:
        return []
    lengths = [len(p) for p in postings]
    total = sum(lengths)
    sids = np.fromiter(chain.from_iterable(postings), np.int64, total)
    each = np.repeat(np.array(weights, dtype=np.float64), lengths)
    low = int(sids.min())
    span = int(sids.max()) - low + 1
    if span <= 4 * total + 64:  # open stories are mostly recent: bins over their id range
        at = sids - low
        sums = np.bincount(at, weights=each, minlength=span)
        present = np.flatnonzero(np.bincount(at, minlength=span))
        ids, rough = present + low, sums[present]
    else:
        ids, at = np.unique(sids, return_inverse=True)
        rough = np.bincount(at, weights=each, minlength=len(ids))
    if len(ids) > n:
        kept = np.flatnonzero(rough >= np.partition(rough, len(ids) - n)[len(ids) - n])
        ids, rough = ids[kept], rough[kept]
    best: list[int] = ids[np.lexsort((ids, -rough))[:n]].tolist()
    return best


def _top_keys(vec: dict[str, float], n: int, prefix: str = "") -> list[str]:
    """The ``n`` heaviest keys (on a tie the smaller key first), each with ``prefix``: the keys
    sorted, then sorted again by weight, heaviest first (a stable sort keeps tied keys in
    order), as ``heapq.nsmallest`` over (-weight, key) pairs picks them at a quarter of the
    cost."""
    keys = sorted(vec)
    keys.sort(key=vec.__getitem__, reverse=True)
    del keys[n:]
    return [prefix + k for k in keys] if prefix else keys


class StoryGrouper:
    """Groups articles into stories one at a time (see the module docstring)."""

    # IDF of each document frequency at the current count of articles (``_idf_table``); never
    # pickled
    _idf_counts: tuple[int, dict[str, int], _IdfOfCount] | None = None
    # open articles' keys as numbers and their sublinear tf, for the split check (``_packed``);
    # never pickled, made again on first use
    _packs: dict[str, _Packed] | None = None
    _key_ids: _KeyNumbers | None = None
    # open articles' keys and sublinear tf, split once (``_unit``): features, term keys, their
    # tf, entity keys, their tf, entity keys as ``df`` counts them ("E:" ...); never pickled
    _tfs: (
        dict[str, tuple[StoryFeatures, list[str], list[float], list[str], list[float], list[str]]]
        | None
    ) = None
    # the vectors ``_unit`` made for the current count of articles (``n_docs``, ``df``)
    _units: (
        tuple[
            int, dict[str, int], dict[str, tuple[StoryFeatures, dict[str, float], dict[str, float]]]
        ]
        | None
    ) = None

    def __init__(self, config: GroupingConfig | None = None) -> None:
        self.config = config or GroupingConfig()
        self.n_docs = 0
        self.df: dict[str, int] = {}
        self.stories: dict[int, _Story] = {}  # every story ever made (closed ones too)
        self.active: OrderedDict[int, None] = OrderedDict()  # open stories, least recent first
        self.postings: dict[str, set[int]] = {}  # term or entity -> open stories holding it
        self.story_of: dict[str, int] = {}  # article -> story
        self.merged_into: dict[int, int] = {}
        self.shingles: dict[int, str] = {}  # sampled shingle -> first open article holding it
        self.article_shingles: dict[str, tuple[int, ...]] = {}
        self.article_entities: dict[str, dict[str, float]] = {}  # open articles' entity vectors
        self.article_raw: dict[str, StoryFeatures] = {}  # open articles' features (to reweigh)
        self.clock: int | None = None  # newest publication day seen
        self._next_id = 1

    def __setstate__(self, state: dict[str, object]) -> None:
        """A grouper pickled by an older version (a store's ``story_state``) lacks the open
        articles' features; its stories then keep their centroids as they were weighed."""
        state.setdefault("article_raw", {})
        for k in CACHES:
            state.pop(k, None)
        self.__dict__.update(state)

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in CACHES}

    # ----------------------------------------------------------------------------------------
    # public

    def add(self, f: StoryFeatures, copies: Sequence[tuple[str, float]] = ()) -> Assignment:
        """Place one article.  ``copies``: (earlier article id, score) pairs the caller knows
        this article copies (versions, wire copies); the best one still open decides."""
        if f.article in self.story_of:
            raise ValueError(f"article {f.article!r} was already grouped")
        self._advance_clock(f.day)
        pieces = self._split(f)  # its keys, split once: counted here, weighed by ``_unit``
        self._count(pieces[1] + pieces[5])  # as ``observe`` counts them
        terms, ents = self._unit(f)

        copy = self._copy_of(f, copies, ents)
        keys = self._query_keys(terms, ents)
        scores = self._scores(f, terms, ents, keys)
        if copy is not None:
            via, score = copy
            story = self.stories[self._resolve(self.story_of[via])]
            reason: StoryReason = "copy"
        elif scores and scores[0][0] >= self._join_bar(f, self.stories[scores[0][1]]):
            score, sid = scores[0]
            story, via, reason = self.stories[sid], None, "similar"
        else:
            story = self._new_story(f)
            score, via, reason = 0.0, None, "founded"
        member = StoryMember(f.article, round(score, 4), reason, via)
        self._join(story, f, member, terms, ents, keys)
        pairs: dict[tuple[int, int], float] = {}  # story similarities the merge steps share
        merged = self._merge_bridged(story, scores, pairs)
        merged += self._merge_converged(self.stories[self.story_id(f.article)], scores, pairs)
        split = self._split_blocks(self.stories[self.story_id(f.article)])
        return Assignment(
            f.article, self.story_id(f.article), member.score, reason, via, merged, split
        )

    def observe(self, f: StoryFeatures) -> None:
        """Count an article in the document frequencies without grouping it (``add`` does this
        for every article it places).  A store's earlier articles, or any sample of news, give
        a new grouper the IDF of a store that is already running: weights from a handful of
        documents make the first stories drift (``benchmarks/stories.py``)."""
        self._count(_keys(f.terms) + _keys(f.entities, "E:"))

    def _count(self, keys: list[str]) -> None:
        """One more article counted, with ``keys`` (as ``df`` counts them)."""
        self.n_docs += 1
        df = self.df
        _count_elements(df, keys)  # df[k] = df.get(k, 0) + 1 for each key in turn, in C
        if self._key_ids is not None:  # the split check's copy of the counts follows
            self._key_ids.counted(keys, df)

    def group(self, features: Iterable[StoryFeatures]) -> list[Assignment]:
        """Place a batch of articles, in order (the same as calling ``add`` on each)."""
        return [self.add(f) for f in features]

    def story_id(self, article: str) -> int:
        return self._resolve(self.story_of[article])

    def result(self) -> list[Story]:
        """Every story (open and closed) in the order they were founded, ``s1``, ``s2`` ..."""
        out = []
        for sid in sorted(self.stories):
            s = self.stories[sid]
            out.append(
                Story(
                    id=f"s{sid}",
                    members=tuple(s.members),
                    first_seen=_iso(s.first_day),
                    last_seen=_iso(s.last_day),
                )
            )
        return out

    # ----------------------------------------------------------------------------------------
    # vectors and scores

    def _vector(self, items: Sequence[tuple[str, float]], prefix: str) -> dict[str, float]:
        """The unit TF-IDF vector of (key, weight) pairs: IDF ``log((1 + n) / (1 + df)) +
        idf_add`` over the ``n`` articles seen so far (the inner loop of grouping and of
        reweighing)."""
        return self._weigh(
            [k for k, _ in items], list(map(_TF.__getitem__, _weights(items))), prefix
        )

    def _weigh(
        self, keys: list[str], tfs: list[float], prefix: str, df_keys: list[str] | None = None
    ) -> dict[str, float]:
        """``_vector`` of keys and their sublinear tf (``_TF``): each tf times the key's IDF,
        divided by the norm (the same products and sums, in the same order, in C loops).
        ``df_keys``: the keys as ``df`` counts them (with ``prefix``), when the caller has them.
        The IDF is read by document frequency (``_idf_table``)."""
        if df_keys is None:
            df_keys = [prefix + k for k in keys] if prefix else keys
        idf = map(self._idf_table().__getitem__, map(self.df.get, df_keys, repeat(0)))
        products = list(map(mul, tfs, idf))
        n = math.sqrt(sum(map(mul, products, products)))
        vec = (
            {k: v / n for k, v in zip(keys, products, strict=True)}
            if n
            else dict(zip(keys, products, strict=True))
        )
        if len(vec) == len(products):
            return vec
        # a key given twice (features made by hand): the vector keeps its last weight, in
        # its first place, and the norm is that of the vector's weights
        vec = dict(zip(keys, products, strict=True))
        n = _norm(vec)
        if n:
            return {k: v / n for k, v in vec.items()}
        return vec

    def _unit(self, f: StoryFeatures) -> tuple[dict[str, float], dict[str, float]]:
        """The article's term and entity vectors (``_vector``) with today's IDF; its keys and
        sublinear tf are split once while it is open (``_tfs``), as reweighing reads an open
        article again and again.  The keys are interned: every vector and centroid then holds
        one string object for a key, and a dot product's lookups find it by identity."""
        got = self._split(f)
        # the same IDF weighs the same article alike: kept for the count of articles seen (an
        # article placed, then its story weighed again in the same ``add``); never changed
        memo = self._units
        if memo is None or memo[0] != self.n_docs or memo[1] is not self.df:
            memo = self._units = (self.n_docs, self.df, {})
        vecs = memo[2].get(f.article)
        if vecs is None or vecs[0] is not f:
            vecs = memo[2][f.article] = (
                f,
                self._weigh(got[1], got[2], ""),
                self._weigh(got[3], got[4], "E:", got[5]),
            )
        return vecs[1], vecs[2]

    def _split(
        self, f: StoryFeatures
    ) -> tuple[StoryFeatures, list[str], list[float], list[str], list[float], list[str]]:
        """An open article's keys and sublinear tf, split once (``_tfs``)."""
        tfs = self._tfs
        if tfs is None:
            tfs = self._tfs = {}
        got = tfs.get(f.article)
        if got is None or got[0] is not f:
            got = tfs[f.article] = (
                f,
                [intern(k) for k, _ in f.terms],
                list(map(_TF.__getitem__, _weights(f.terms))),
                [intern(k) for k, _ in f.entities],
                list(map(_TF.__getitem__, _weights(f.entities))),
                _keys(f.entities, "E:"),
            )
        return got

    def _idf_table(self) -> _IdfOfCount:
        """The IDF of each document frequency for the articles seen so far; a new table once
        another article is counted or the frequencies are read back (another ``df``)."""
        memo = self._idf_counts
        if memo is None or memo[0] != self.n_docs or memo[1] is not self.df:
            memo = self._idf_counts = (
                self.n_docs,
                self.df,
                _IdfOfCount(self.n_docs, self.config.idf_add),
            )
        return memo[2]

    def _scores(
        self,
        f: StoryFeatures,
        terms: dict[str, float],
        ents: dict[str, float],
        keys: list[str],
    ) -> list[tuple[float, int]]:
        """(score, story) for every candidate story, best first (older story on a tie);
        ``keys``: the article's ``_query_keys``."""
        c = self.config
        weight = [terms[k] for k in keys[: min(c.query_terms, len(terms))]]
        weight += [ents[k[2:]] for k in keys[len(weight) :]]
        used: list[set[int]] = []
        used_weight: list[float] = []
        for k, w in zip(keys, weight, strict=True):
            posting = self.postings.get(k)
            if not posting or len(posting) > c.max_posting:
                continue
            used.append(posting)
            used_weight.append(w)
        candidates = _heaviest(used, used_weight, c.max_candidates)
        out = []
        nt, ne = _norm(terms), _norm(ents)
        for sid in candidates:
            s = self.stories[sid]
            if f.day is not None and s.first_day is not None and s.last_day is not None:
                gap = max(s.first_day - f.day, f.day - s.last_day, 0)
                if gap > c.window_days:
                    continue
            self._reweigh(s)
            out.append((self._similarity((terms, ents), (nt, ne), 1, s), sid))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def _query_keys(self, terms: dict[str, float], ents: dict[str, float]) -> list[str]:
        """The article's ``query_terms`` heaviest terms and half as many entities ("E:" keys):
        the keys it is found by and finds candidates by (computed once per article)."""
        c = self.config
        return _top_keys(terms, c.query_terms) + _top_keys(ents, c.query_terms // 2, "E:")

    def _join_bar(self, f: StoryFeatures, s: _Story) -> float:
        """The score an article needs to join story ``s``: ``join_min``, plus ``undated_extra``
        when only one of them is dated (no window can tell their times apart)."""
        c = self.config
        if (f.day is None) != (s.last_day is None):
            return c.join_min + c.undated_extra
        return c.join_min

    def _same_names(self, ents: dict[str, float], article: str) -> bool:
        """True unless both articles name ``entity_min_names`` entities or more and their entity
        cosine is below ``copy_entity_min`` (templated text about other people and places)."""
        other = self.article_entities.get(article, {})
        c = self.config
        if len(ents) < c.entity_min_names or len(other) < c.entity_min_names:
            return True
        return _dot(ents, other) >= c.copy_entity_min  # both are unit vectors

    def _similarity(
        self,
        vecs: tuple[dict[str, float], dict[str, float]],
        norms: tuple[float, float],
        size: int,
        s: _Story,
    ) -> float:
        """Weighted similarity of terms and entities between an article (``size`` 1) or a story
        and story ``s``: the cosine of centroids, or the mean cosine over pairs of members."""
        c = self.config
        centroid = c.link == "centroid"
        (t_norm, e_norm), (s_t_norm, s_e_norm) = norms, s.norms
        if t_norm and s_t_norm:
            dot = _dot(vecs[0], s.terms)
            t_sim = dot / (t_norm * s_t_norm) if centroid else dot / (size * s.size)
        else:
            t_sim = 0.0
        if e_norm and s_e_norm:
            dot = _dot(vecs[1], s.entities)
            e_sim = dot / (e_norm * s_e_norm) if centroid else dot / (size * s.size)
        else:
            e_sim = 0.0
        if (
            c.entity_min
            and e_sim < c.entity_min
            and len(vecs[1]) >= c.entity_min_names
            and len(s.entities) >= c.entity_min_names
        ):
            return 0.0  # both name people, places or bodies, and not the same ones
        w = c.entity_weight
        return (1.0 - w) * t_sim + w * e_sim

    def _copy_of(
        self, f: StoryFeatures, copies: Sequence[tuple[str, float]], ents: dict[str, float]
    ) -> tuple[str, float] | None:
        known = [(a, s) for a, s in copies if a in self.story_of]
        if known:
            return max(known, key=lambda x: (x[1], x[0]))
        c = self.config
        if len(f.shingles) < c.copy_min_shingles:
            return None
        hits: dict[str, int] = {}
        for h in f.shingles:
            a = self.shingles.get(h)
            if a is not None:
                hits[a] = hits.get(a, 0) + 1
        best: tuple[str, float] | None = None
        for a, n in hits.items():
            other = len(self.article_shingles.get(a, ()))
            if other < c.copy_min_shingles:
                continue
            containment = n / min(len(f.shingles), other)
            if containment < c.copy_min or not self._same_names(ents, a):
                continue
            if best is None or (containment, a) > (best[1], best[0]):
                best = (a, containment)
        return best

    # ----------------------------------------------------------------------------------------
    # stories

    def _resolve(self, sid: int) -> int:
        while sid in self.merged_into:
            sid = self.merged_into[sid]
        return sid

    def _new_story(self, f: StoryFeatures) -> _Story:
        s = _Story(self._next_id, [], title=f.title)
        self._next_id += 1
        self.stories[s.id] = s
        self.active[s.id] = None
        self._close_excess(keep=s.id)
        return s

    def _join(
        self,
        s: _Story,
        f: StoryFeatures,
        member: StoryMember,
        terms: dict[str, float],
        ents: dict[str, float],
        keys: list[str],
    ) -> None:
        c = self.config
        if s.id not in self.active:  # a copy of an article of a closed story opens it again
            self.active[s.id] = None
            self._close_excess(keep=s.id)
        if not s.articles:
            s.stamp = self.n_docs
        s.members.append(member)
        s.size += 1
        s.articles.append(f.article)
        s.add_days(f.day)
        self.story_of[f.article] = s.id
        _add_into(s.terms, terms)
        _add_into(s.entities, ents)
        _prune(s.terms, c.centroid_terms)
        _prune(s.entities, c.centroid_terms // 2)
        s.renorm()
        postings = self.postings
        for k in keys:  # (``setdefault(k, set())`` would make a set for every key)
            p = postings.get(k)
            if p is None:
                postings[k] = {s.id}
            else:
                p.add(s.id)
        s.index_keys.update(keys)
        shingles = self.shingles  # each new shingle -> this article, as ``setdefault`` would
        shingles.update(dict.fromkeys(filterfalse(shingles.__contains__, f.shingles), f.article))
        self.article_shingles[f.article] = f.shingles
        self.article_entities[f.article] = ents
        self.article_raw[f.article] = f
        if s.id in self.active:
            self.active.move_to_end(s.id)

    def _reweigh(self, s: _Story) -> bool:
        """Weigh the story's centroid again with today's IDF when the articles seen have grown
        ``idf_refresh`` times since it was weighted (early articles were weighted by an IDF of a
        handful of documents; amortised, each open article is weighed again O(log n) times).
        True when the centroid was weighed again."""
        if self.n_docs < self.config.idf_refresh * s.stamp or not s.articles:
            return False
        if any(a not in self.article_raw for a in s.articles):  # state from an older version
            s.stamp = self.n_docs
            return False
        c = self.config
        terms: dict[str, float] = {}
        ents: dict[str, float] = {}
        s.terms, s.entities = terms, ents
        for a in s.articles:
            a_terms, a_ents = self._unit(self.article_raw[a])
            _add_into(terms, a_terms)
            _add_into(ents, a_ents)
        _prune(s.terms, c.centroid_terms)
        _prune(s.entities, c.centroid_terms // 2)
        s.size = len(s.articles)
        s.stamp = self.n_docs
        s.renorm()
        return True

    def _merge_bridged(
        self, s: _Story, scores: list[tuple[float, int]], pairs: dict[tuple[int, int], float]
    ) -> tuple[int, ...]:
        """Merge ``s`` (the placed article's story) with each other story the article scored
        near ``join_min`` with whose centroid is alike (module docstring, step 4); the ids
        merged away.  ``pairs`` is given the similarities computed, by (story, other story),
        for ``_merge_converged``; emptied whenever a merge changes a story."""
        c = self.config
        merged: list[int] = []
        for score, sid in scores:
            if score < c.merge_probe * c.join_min:
                break
            if sid == s.id or sid not in self.active or s.id not in self.active:
                continue
            other = self.stories[sid]
            if self._apart(s, other):
                continue
            bar = (max(c.merge_min, c.split_cross_max) if c.split_max else c.merge_min) + (
                c.undated_extra if (s.last_day is None) != (other.last_day is None) else 0.0
            )  # never a merge that a split would undo
            similarity = self._similarity((s.terms, s.entities), s.norms, s.size, other)
            pairs[s.id, other.id] = similarity
            if similarity < bar:
                continue
            s = self._merge_older(s, other, merged)
            pairs.clear()
        return tuple(merged)

    def _merge_converged(
        self, s: _Story, scores: list[tuple[float, int]], pairs: dict[tuple[int, int], float]
    ) -> tuple[int, ...]:
        """Merge ``s`` (the placed article's story) with each of the best-scoring other open
        stories that the merge model finds to be the same story (module docstring, step 5);
        the ids merged away.  ``pairs``: similarities ``_merge_bridged`` computed of stories
        unchanged since (a story weighed again or merged empties it)."""
        c = self.config
        if c.converge_min > 1.0:
            return ()
        merged: list[int] = []
        checked = 0
        for score, sid in scores:
            if score < c.converge_floor or checked >= c.converge_candidates:
                break
            sid = self._resolve(sid)
            if sid == s.id or sid not in self.active or s.id not in self.active:
                continue
            other = self.stories[sid]
            if not other.articles or not s.articles:
                continue
            checked += 1
            if self._apart(s, other):
                continue
            if self._reweigh(s) | self._reweigh(other):  # (both weighed, as before)
                pairs.clear()
            similarity = pairs.get((s.id, other.id))
            if similarity is None:
                similarity = self._similarity((s.terms, s.entities), s.norms, s.size, other)
            x = converge.pair_features(
                similarity,
                s.size,
                other.size,
                score,
                (s.last_day is None) != (other.last_day is None),
            )
            if self._converge_probability(s, other, x) < c.converge_min:
                continue
            s = self._merge_older(s, other, merged)
            pairs.clear()
        return tuple(merged)

    def _merge_older(self, s: _Story, other: _Story, merged: list[int]) -> _Story:
        """Merge two stories, the older id surviving; the id merged away is appended to
        ``merged``.  Returns the story that survives."""
        keep, gone = (s, other) if s.id < other.id else (other, s)
        self._absorb(keep, gone)
        merged.append(gone.id)
        return keep

    def _apart(self, s: _Story, other: _Story) -> bool:
        """True when both stories are dated and their dates lie more than ``window_days``
        apart: no merge across the window."""
        if s.last_day is None or other.last_day is None:
            return False
        assert s.first_day is not None and other.first_day is not None
        gap = max(s.first_day - other.last_day, other.first_day - s.last_day, 0)
        return gap > self.config.window_days

    def _converge_probability(self, s: _Story, other: _Story, features: tuple[float, ...]) -> float:
        """The merge model's probability that ``s`` and ``other`` are one story, from the
        pair's ``features`` (a seam for the fitting script, which records the pairs)."""
        return converge.default_model().probability(features)

    def _split_blocks(self, s: _Story) -> tuple[int, int, tuple[str, ...]] | None:
        """Split ``s`` when its open articles form two blocks (see the module docstring): the
        block without the oldest article becomes a new story.  None when it stays whole."""
        c = self.config
        arts = s.articles
        if not c.split_min <= len(arts) <= c.split_max or s.id not in self.active:
            return None
        if any(a not in self.article_raw for a in arts):  # state from an older version
            return None
        sim = self._pair_scores(arts)
        if _least_pair(sim) > c.split_cross_max + abs(c.split_cross_max) * 1e-9:
            return None  # every mean across two blocks is at least as high: no split
        first, second = _two_blocks(sim)
        if len(first) < 2 or len(second) < 2:
            return None
        cross = _mean_between(sim, first, second)
        inner = min(_mean_between(sim, first, first), _mean_between(sim, second, second))
        if cross >= c.split_cross_max or inner < c.split_ratio * cross:
            return None
        moved = {arts[i] for i in (second if 0 in first else first)}
        new = _Story(self._next_id, [], title=self.article_raw[min(moved, key=arts.index)].title)
        self._next_id += 1
        self.stories[new.id] = new
        new.members = [m for m in s.members if m.article in moved]
        s.members = [m for m in s.members if m.article not in moved]
        new.articles = [a for a in arts if a in moved]
        s.articles = [a for a in arts if a not in moved]
        for part in (s, new):
            self._rebuild(part)
        for a in new.articles:
            self.story_of[a] = new.id
            keys = self._query_keys(*self._unit(self.article_raw[a]))
            for k in keys:
                self.postings.setdefault(k, set()).add(new.id)
            new.index_keys.update(keys)
        self.active[new.id] = None
        self._close_excess(keep=new.id)
        return s.id, new.id, tuple(new.articles)

    def _pair_scores(self, arts: list[str]) -> list[list[float]]:
        """The score of every pair of the open articles ``arts`` (``(1 - entity_weight)`` times
        the cosine of their term vectors plus ``entity_weight`` times that of their entities,
        with today's IDF): the split check's matrix, computed as two small matrix products
        over the articles' keys instead of a dictionary per article and a loop per pair.  The
        weights of the terms and of the entities are computed in one pass (each element as on
        its own: the same operations, and each row's norm sums its own elements in order);
        then each kind has its own matrix (``_gram``)."""
        packs = [self._packed(a) for a in arts]
        w = self.config.entity_weight
        n = len(arts)
        parts = [p[0] for p in packs] + [p[1] for p in packs]  # n rows of terms, n of entities
        lengths = [len(p[0]) for p in parts]
        cut = sum(lengths[:n])  # the terms' elements come first
        if cut + sum(lengths[n:]):
            ids = np.concatenate([p[1] for p in parts])
            rows = np.repeat(np.arange(2 * n), lengths)
            assert self._key_ids is not None  # the parts were numbered by it
            df = self._key_ids.counts(ids, self.df)
            vals = np.concatenate([p[2] for p in parts]) * (
                np.log((1.0 + self.n_docs) / (1.0 + df)) + self.config.idf_add
            )
            norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=2 * n))
            norms[norms == 0.0] = 1.0
            vals /= norms[rows]
            terms = _gram(n, ids[:cut], rows[:cut], vals[:cut])
            ents = _gram(n, ids[cut:], rows[cut:] - n, vals[cut:])
        else:
            terms = ents = np.zeros((n, n))
        sim: list[list[float]] = ((1.0 - w) * terms + w * ents).tolist()
        return sim

    def _packed(self, a: str) -> _Packed:
        """An open article's terms and entities as (keys as ``df`` counts them, key numbers,
        sublinear tf), made once."""
        packs = self._packs
        if packs is None:
            packs = self._packs = {}
        got = packs.get(a)
        if got is None:
            ids = self._key_ids
            if ids is None or len(ids.keys) > _MAX_KEY_IDS:  # numbers are only compared within
                ids = self._key_ids = _KeyNumbers()  # a pack
                packs.clear()
            split = self._split(self.article_raw[a])  # the keys and tf ``_unit`` reads
            got = packs[a] = (
                _part(split[1], split[2], ids, self.df),
                _part(split[5], split[4], ids, self.df),
            )
        return got

    def _rebuild(self, s: _Story) -> None:
        """The centroid and dates of ``s`` again from its open articles, today's IDF."""
        s.stamp = 0
        self._reweigh(s)
        s.first_day = s.last_day = None
        for a in s.articles:
            s.add_days(self.article_raw[a].day)

    def _absorb(self, keep: _Story, gone: _Story) -> None:
        c = self.config
        keep.members.extend(gone.members)
        keep.size += gone.size
        keep.stamp = min(keep.stamp, gone.stamp)
        keep.articles.extend(gone.articles)
        keep.add_days(gone.first_day)
        keep.add_days(gone.last_day)
        _add_into(keep.terms, gone.terms)
        _add_into(keep.entities, gone.entities)
        _prune(keep.terms, c.centroid_terms)
        _prune(keep.entities, c.centroid_terms // 2)
        keep.renorm()
        for k in gone.index_keys:
            p = self.postings.get(k)
            if p is not None:
                p.discard(gone.id)
                p.add(keep.id)
        keep.index_keys |= gone.index_keys
        for a in gone.articles:
            self.story_of[a] = keep.id
        self.merged_into[gone.id] = keep.id
        del self.stories[gone.id]
        self.active.pop(gone.id, None)
        self.active.move_to_end(keep.id)

    def _close(self, sid: int) -> None:
        """Close an open story: it takes no more articles; its index entries go."""
        s = self.stories[sid]
        self.active.pop(sid, None)
        for k in s.index_keys:
            p = self.postings.get(k)
            if p is not None:
                p.discard(sid)
                if not p:
                    del self.postings[k]
        s.index_keys = set()
        for a in s.articles:
            self.article_entities.pop(a, None)
            self.article_raw.pop(a, None)
            for h in self.article_shingles.pop(a, ()):
                if self.shingles.get(h) == a:
                    del self.shingles[h]
        for cache in (self._packs, self._tfs):
            if cache is not None:
                for a in s.articles:
                    cache.pop(a, None)
        s.articles = []
        s.terms = {}
        s.entities = {}

    def _close_excess(self, keep: int | None = None) -> None:
        while len(self.active) > self.config.max_active:
            sid = next(sid for sid in self.active if sid != keep)
            self._close(sid)

    def _advance_clock(self, day: int | None) -> None:
        if day is None or (self.clock is not None and day <= self.clock):
            return
        self.clock = day
        limit = day - self.config.window_days
        for sid in [
            sid
            for sid in self.active
            if self.stories[sid].last_day is not None and self.stories[sid].last_day < limit  # type: ignore[operator]
        ]:
            self._close(sid)


CACHES = (
    "_idf_counts",
    "_packs",
    "_key_ids",
    "_tfs",
    "_units",
)  # rebuilt on first use, never pickled
_MAX_KEY_IDS = 2_000_000  # key numbers kept at most (then numbered again)
_Part = tuple[list[str], np.ndarray, np.ndarray]
_Packed = tuple[_Part, _Part]


class _KeyNumbers:
    """The keys of the open articles' packs numbered (``ids``: key -> number, ``keys``: number
    -> key) and the document frequency of each numbered key as a float array (``df``), kept in
    step with the grouper's ``df`` (``StoryGrouper.observe`` calls ``counted``), so that the
    split check reads the frequencies of its articles' keys as one gather instead of a
    dictionary lookup for each."""

    __slots__ = ("ids", "keys", "df", "source")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self.df = np.zeros(1024)
        self.source: dict[str, int] | None = None  # the ``df`` the array mirrors

    def number(self, keys: list[str], df: dict[str, int]) -> list[int]:
        """The numbers of ``keys``, new ones numbered in turn (their frequency read)."""
        ids = self.ids
        start = len(ids)
        numbers = [ids.setdefault(k, len(ids)) for k in keys]
        if len(ids) > start:
            new = list(dict.fromkeys(k for k, i in zip(keys, numbers, strict=True) if i >= start))
            self.keys += new
            if len(ids) > len(self.df):
                grown = np.zeros(max(2 * len(self.df), len(ids)))
                grown[: len(self.df)] = self.df
                self.df = grown
            if self.source is df:
                self.df[start : len(ids)] = list(map(df.get, new, repeat(0)))
        return numbers

    def counted(self, keys: Iterable[str], df: dict[str, int]) -> None:
        """``keys`` were counted once more in ``df``: their numbered entries follow."""
        if self.source is not df:
            return
        ids = self.ids
        hit = list(filter(ids.__contains__, keys))
        if hit:
            n = len(hit)
            self.df[np.fromiter(map(ids.__getitem__, hit), np.intp, n)] = np.fromiter(
                map(df.__getitem__, hit), np.float64, n
            )

    def counts(self, numbers: np.ndarray, df: dict[str, int]) -> np.ndarray:
        """The frequencies in ``df`` of the keys numbered ``numbers``, as floats."""
        if self.source is not df:  # a new table (or the first call): every entry again
            self.df = np.zeros(max(1024, len(self.keys)))
            self.df[: len(self.keys)] = np.fromiter(
                map(df.get, self.keys, repeat(0)), np.float64, len(self.keys)
            )
            self.source = df
        counts: np.ndarray = self.df[numbers]
        return counts


def _part(keys: list[str], tfs: list[float], ids: _KeyNumbers, df: dict[str, int]) -> _Part:
    """(keys as ``df`` counts them, their numbers in ``ids``, sublinear tf)."""
    return (
        keys,
        np.array(ids.number(keys, df), dtype=np.int64),
        np.array(tfs, dtype=np.float64),
    )


def _gram(n: int, ids: np.ndarray, rows: np.ndarray, vals: np.ndarray) -> np.ndarray:
    """The ``n`` by ``n`` products ``m @ m.T`` of the matrix ``m`` whose row ``rows[i]`` holds
    ``vals[i]`` in the column of key number ``ids[i]``, the columns the distinct numbers in
    ascending order (as ``numpy.unique`` orders them, found by a sort and a binary search:
    the same matrix, so the same sums)."""
    if not len(ids):
        return np.zeros((n, n))
    ordered = np.sort(ids)
    cols = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    m = np.zeros((n, len(cols)))
    m[rows, np.searchsorted(cols, ids)] = vals
    out: np.ndarray = m @ m.T
    return out


def _mean_between(sim: list[list[float]], a: list[int], b: list[int]) -> float:
    """Mean score over pairs of distinct members, one in ``a`` and one in ``b``."""
    pairs = [sim[i][j] for i in a for j in b if i != j]
    return sum(pairs) / len(pairs) if pairs else 0.0


def _least_pair(sim: list[list[float]]) -> float:
    """The least score of two distinct members.  A mean of scores across two blocks is at least
    this (as summed in floats, at most 256 scores: short of it by a relative 1e-13 at the very
    most), so when it is above ``split_cross_max`` by more than that, the split check's answer
    is known before the blocks are found (more than half of the checks on the store
    benchmark's corpus)."""
    return min([min(row[:i] + row[i + 1 :]) for i, row in enumerate(sim)])


def _two_blocks(sim: list[list[float]]) -> tuple[list[int], list[int]]:
    """Average-linkage agglomeration of the members down to two blocks (ties: lower indices)."""
    blocks = [[i] for i in range(len(sim))]
    # means[x][y] (x < y): the mean score between blocks x and y, kept from one step to the
    # next; only the pairs of the block just merged are computed again (the same sums)
    # (of two members, ``_mean_between`` is ``sum([score]) / 1``: ``0.0 + score``)
    means = [[0.0 + v for v in row] for row in sim]
    while len(blocks) > 2:
        # the highest mean, and of the pairs holding it the first (x, then y, lowest): as
        # ``max`` over (mean, -x, -y) picks it, without a tuple for each pair
        top = max(max(row[x + 1 :]) for x, row in enumerate(means[:-1]))
        x = next(x for x, row in enumerate(means) if top in row[x + 1 :])
        y = means[x].index(top, x + 1)
        blocks[x] = sorted(blocks[x] + blocks[y])
        del blocks[y], means[y]
        for row in means:
            del row[y]
        for z in range(len(blocks)):
            if z != x:
                a, b = min(x, z), max(x, z)
                means[a][b] = _mean_between(sim, blocks[a], blocks[b])
    return blocks[0], blocks[1] if len(blocks) > 1 else []


def _iso(day: int | None) -> str | None:
    import datetime as dt

    return dt.date.fromordinal(day).isoformat() if day is not None else None
