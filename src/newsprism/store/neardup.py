"""Near-duplicates across the whole store, found incrementally with MinHash LSH.

The relations are the ones ``brief`` finds (``analyze.relations.links``): ``duplicate``,
``version``, ``syndicated`` and ``shares_passages``, with the same shingles (word 5-shingles of
content segments, boilerplate cut out), the same measures (own-text containment, Jaccard, shared
passages) and the same thresholds.  What changes is how pairs are found: instead of measuring
every pair, each new article is measured only against the stored articles that an LSH index
proposes.

- **Fingerprint** (``fingerprint``): the article's shingle set and its unquoted ("own") shingle
  set as sorted ``uint64`` arrays, a hash of its normalised words, its wire credit, and a MinHash
  signature of ``num_perm`` values over its shingles.
- **Index**: the signature cut into ``bands`` bands of ``rows`` values; each band hashes to one
  bucket, stored as a row of ``lsh_bands (bucket, article)``.  Two articles whose signatures
  agree on a whole band share a bucket.  With ``rows = 1`` (the default, chosen with figures in
  docs/store.md) a pair of Jaccard ``J`` shares a bucket with probability ``1 - (1 - J)^bands``;
  copies of unequal length have a low Jaccard (a 200-word version inside an 800-word article:
  about 0.07), so the index is tuned for recall.
- **Check**: the candidates sharing the most buckets (at most ``max_candidates``) are measured
  exactly from their stored shingle sets, and classified by ``links.copy_kind`` as ``brief``
  does.  ``shares_passages`` is looked for among the same candidates only.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from newsprism.analyze.relations import links
from newsprism.ingest.boilerplate import wire_credit
from newsprism.model import Article, Relation, RelationKind
from newsprism.nlp.segment import content_segments

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_MAX_WORD_CACHE = 500_000


@dataclass(frozen=True)
class LshParams:
    """MinHash LSH settings; stored with the index (a store keeps the settings it began with)."""

    num_perm: int = 64
    bands: int = 64
    rows: int = 1
    max_candidates: int = 50  # candidates measured exactly per new article, most buckets first
    seed: int = 1

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm or min(self.bands, self.rows) < 1:
            raise ValueError("bands * rows must be at most num_perm, both at least 1")


@dataclass
class Fingerprint:
    """What near-duplicate checks need of one article (see the module docstring)."""

    shingles: np.ndarray  # sorted unique uint64
    own: np.ndarray  # sorted unique uint64, shingles outside quotation marks
    words_hash: str
    words: int
    wire: str | None
    signature: np.ndarray  # uint64, num_perm values
    profile: Any = None  # links' profile (kept for the new article's passage checks)

    def to_row(self) -> tuple[bytes, bytes, str, str | None, int]:
        return (
            self.shingles.astype("<u8").tobytes(),
            self.own.astype("<u8").tobytes(),
            self.words_hash,
            self.wire,
            self.words,
        )


@dataclass
class _Segment:
    segment: Any


@dataclass
class _Doc:
    """The part of ``nlp.annotate.AnnotatedArticle`` that ``links`` reads for shingles; no parse."""

    article: Article
    segments: list[_Segment]

    @property
    def id(self) -> str:
        return self.article.id


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, elementwise over uint64 (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = x + _GOLDEN
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
        return z ^ (z >> _S31)


class MinHasher:
    """MinHash signatures of uint64 sets: value ``i`` is ``min(mix(h ^ seed_i))`` over the set."""

    def __init__(self, num_perm: int, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.seeds = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self.num_perm = num_perm

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        if len(hashes) == 0:
            return np.full(self.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
        return _mix(hashes[:, None] ^ self.seeds[None, :]).min(axis=0)


def buckets(signature: np.ndarray, params: LshParams) -> list[int]:
    """The LSH bucket of each band, as signed 64-bit ints (SQLite integers)."""
    rows = signature[: params.bands * params.rows].reshape(params.bands, params.rows)
    acc = np.arange(params.bands, dtype=np.uint64) * _GOLDEN
    for r in range(params.rows):
        acc = _mix(acc ^ rows[:, r])
    return cast(list[int], acc.view(np.int64).tolist())


def profile(article: Article, cache: dict[str, int] | None = None) -> Any:
    """``links``' shingle profile of an article's content segments (no spaCy parse needed)."""
    doc = _Doc(article, [_Segment(s) for s in content_segments(article)])
    return links._profile(cast(Any, doc), {} if cache is None else cache)


class Fingerprinter:
    """Fingerprints articles; keeps a bounded cache of word hashes."""

    def __init__(self, params: LshParams) -> None:
        self.params = params
        self.hasher = MinHasher(params.num_perm, params.seed)
        self.cache: dict[str, int] = {}

    def __call__(self, article: Article) -> Fingerprint:
        if len(self.cache) > _MAX_WORD_CACHE:
            self.cache.clear()
        prof = profile(article, self.cache)
        shingles = np.unique(prof.hashes)
        own = np.unique(prof.hashes[~prof.shingle_quoted])
        words_hash = hashlib.blake2b("\x1f".join(prof.words).encode(), digest_size=16).hexdigest()
        return Fingerprint(
            shingles,
            own,
            words_hash,
            len(prof.words),
            wire_credit(article),
            self.hasher.signature(shingles),
            prof,
        )


@dataclass
class _Stored:
    """A stored article's fingerprint and what the classification reads of it."""

    id: int
    shingles: np.ndarray
    own: np.ndarray
    words_hash: str
    wire: str | None
    words: int
    article: Article  # name and outlet (the text is loaded only when a passage check needs it)
    loader: Callable[[int], Article] | None = None

    def profile(self, cache: dict[str, int]) -> Any:
        article = self.loader(self.id) if self.loader is not None else self.article
        return profile(article, cache)


def _array(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def measure(
    old: _Stored | tuple[Article, Fingerprint],
    new: tuple[Article, Fingerprint],
    cache: dict[str, int],
) -> tuple[RelationKind, float] | None:
    """The relation between an older and a newer article as ``links._classify`` decides it,
    or None.  ``old`` comes first, as the earlier document does in ``brief``."""
    if isinstance(old, _Stored):
        a_art, a_sh, a_own, a_wh, a_wire, a_words = (
            old.article,
            old.shingles,
            old.own,
            old.words_hash,
            old.wire,
            old.words,
        )
        a_prof = None
        stored: _Stored | None = old
    else:
        stored = None
        a_art, fp = old
        a_sh, a_own, a_wh, a_wire, a_words, a_prof = (
            fp.shingles,
            fp.own,
            fp.words_hash,
            fp.wire,
            fp.words,
            fp.profile,
        )
    b_art, b_fp = new
    n_a, n_b = len(a_sh), len(b_fp.shingles)
    if n_a == 0 or n_b == 0:
        return None
    count = len(np.intersect1d(a_sh, b_fp.shingles, assume_unique=True))
    if count == 0:
        return None
    a_small = n_a <= n_b  # ties: the older article, as in brief's document order
    s_sh, s_own, o_sh = (a_sh, a_own, b_fp.shingles) if a_small else (b_fp.shingles, b_fp.own, a_sh)
    if len(s_own) >= links.MIN_OWN_SHINGLES:
        own = len(np.intersect1d(s_own, o_sh, assume_unique=True)) / len(s_own)
    else:
        own = count / len(s_sh)
    jaccard = count / (n_a + n_b - count)
    if jaccard >= links.DUPLICATE_MIN or own >= links.VERSION_MIN:
        identical = a_wh == b_fp.words_hash
        kind = links.copy_kind(a_art, b_art, (a_wire, b_fp.wire), float(jaccard), identical)
        score = 1.0 if identical else float(jaccard) if kind == "duplicate" else float(own)
        return kind, round(min(score, 1.0), 4)
    if count < links.PASSAGE_MIN_WORDS - links.SHINGLE + 1:
        return None
    if a_small:
        small = a_prof if stored is None else stored.profile(cache)
        other = b_fp.shingles
    else:
        small, other = b_fp.profile, a_sh
    if small is None:
        return None
    held = np.isin(small.hashes, other)[None, :]
    words = int(links.passage_words(small, held)[0])
    if not words:
        return None
    denom = max(1, min(a_words, b_fp.words))
    return "shares_passages", round(min(words / denom, 1.0), 4)


class NearDuplicateIndex:
    """The persistent LSH index in the store's SQLite database."""

    def __init__(self, conn: sqlite3.Connection, params: LshParams) -> None:
        self.conn = conn
        self.params = params
        self.cache: dict[str, int] = {}

    def candidates(self, bucket_ids: Sequence[int], exclude: int | None = None) -> list[int]:
        """Stored articles sharing a bucket, most shared buckets first, then newest first."""
        counts: Counter[int] = Counter()
        step = 500
        for i in range(0, len(bucket_ids), step):
            chunk = bucket_ids[i : i + step]
            marks = ",".join("?" * len(chunk))
            for (article,) in self.conn.execute(
                f"SELECT article FROM lsh_bands WHERE bucket IN ({marks})", chunk
            ):
                counts[article] += 1
        counts.pop(exclude, None)  # type: ignore[arg-type]
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -kv[0]))
        return [a for a, _ in ranked[: self.params.max_candidates]]

    def load(self, ids: Sequence[int]) -> list[_Stored]:
        """Fingerprints of stored articles, in the order of ``ids``."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT s.article, s.shingles, s.own, s.words_hash, s.wire, s.words, a.name, "
            f"a.outlet FROM article_shingles s JOIN articles a ON a.id = s.article "
            f"WHERE s.article IN ({marks})",
            list(ids),
        ).fetchall()
        out = {}
        for row in rows:
            art = Article(row[6], "", "", outlet=row[7])
            out[row[0]] = _Stored(
                row[0], _array(row[1]), _array(row[2]), row[3], row[4], row[5], art, self._text
            )
        return [out[i] for i in ids if i in out]

    def _text(self, rowid: int) -> Article:
        from newsprism.store.db import boilerplate_from_json

        name, text, bp = self.conn.execute(
            "SELECT name, text, boilerplate FROM articles WHERE id = ?", (rowid,)
        ).fetchone()
        return Article(name, "", text, boilerplate=boilerplate_from_json(bp))

    def relate(self, rowid: int, article: Article, fp: Fingerprint) -> list[tuple[int, Relation]]:
        """Relations of a new article (already inserted as ``rowid``) to stored ones; records its
        fingerprint and buckets.  Returns ``(older rowid, Relation)`` pairs."""
        bucket_ids = buckets(fp.signature, self.params)
        found: list[tuple[int, Relation]] = []
        if len(fp.shingles):
            ids = self.candidates(bucket_ids, exclude=rowid)
            for stored in self.load(ids):
                got = measure(stored, (article, fp), self.cache)
                if got is not None:
                    kind, score = got
                    found.append((stored.id, Relation(stored.article.id, article.id, kind, score)))
        self.conn.execute(
            "INSERT OR REPLACE INTO article_shingles (shingles, own, words_hash, wire, words, "
            "article) VALUES (?, ?, ?, ?, ?, ?)",
            (*fp.to_row(), rowid),
        )
        if len(fp.shingles):
            self.conn.executemany(
                "INSERT OR IGNORE INTO lsh_bands (bucket, article) VALUES (?, ?)",
                [(b, rowid) for b in bucket_ids],
            )
        return found
