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
  agree on a whole band share a bucket; a lookup offers a bucket's newest (or, with
  ``bucket_keep="first"``, first) ``bucket_cap`` members.  With ``rows = 1`` (the default, chosen with figures in
  docs/store.md) a pair of Jaccard ``J`` shares a bucket with probability ``1 - (1 - J)^bands``;
  copies of unequal length have a low Jaccard (a 200-word version inside an 800-word article:
  about 0.07), so the index is tuned for recall.
- **Containment index**: Jaccard cannot see a short article inside a long one (a 20-shingle
  wire flash holding 8 shingles of a 500-shingle report: Jaccard 0.015, so the bands share no
  bucket about half the time).  So every shingle of a short article (at most
  ``short_shingles``) is a row of ``containment (key, article)``, and each new article looks
  up all its shingles there: a stored short article it shares enough shingles with to be a
  copy by ``links``' rule is a candidate too.  With ``anchor_window`` w > 0 (8 by default),
  long articles also index their anchors (winnowing: one shingle of every w in a row), which
  short new articles look up too: that covers the other order (a short article after the
  long one it copies).
- **Passages**: two articles that share a passage of ``links.PASSAGE_MIN_WORDS`` words share
  a run of shingles, which the bands rarely see (a shared paragraph in two long reports is a
  Jaccard of about 0.03).  The containment index's keys find them with no rows of their own: a
  long new article looks its anchors up among the long articles' (a run of
  ``anchor_window`` shingles two articles share holds an anchor of both), and every new
  article's shingle lookups above tell which stored articles it shares enough shingles with.
  At most ``passage_lookup`` of them are offered, most shared keys first; a key held by
  ``passage_common`` articles or more (at most ``containment_cap``) is boilerplate or
  template text and offers none.
- **Check**: the candidates sharing the most buckets (at most ``max_candidates``) and those
  of the containment index (at most ``containment_candidates``) are measured exactly from
  their stored shingle sets, and classified by ``links.copy_kind`` as ``brief`` does.
  ``shares_passages`` is looked for among every one of them that is not a copy and shares at
  least a passage's shingles (at most ``passage_candidates``, and those the passage lookup
  offered), over the shingles the pair shares alone (``shared_run_words``).
- **Families** (``family_keep``, off by default; ``store.families``): a story's copies are one
  family, so a key held by many copies of one story still offers them (keys count families),
  and once the new article relates to one member, other members are measured too.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import struct
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from newsprism.analyze.relations import links
from newsprism.ingest.boilerplate import wire_credit
from newsprism.model import Article, Relation, RelationKind
from newsprism.nlp.segment import content_segments
from newsprism.store import behind
from newsprism.store.families import Families

_NO_KEYS = np.zeros(0, dtype=np.int64)
_SIDE_OBJECTS = 860  # bytes of the Python objects of a compact side in the cache (measured)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_MAX_WORD_CACHE = 500_000


# settings that were added with a default other than today's, as they read before they existed
_BEFORE: dict[str, Any] = {"family_keep": 0, "family_keys": True, "family_seeds": "found"}


@dataclass(frozen=True)
class LshParams:
    """MinHash LSH settings; stored with the index (a store keeps the settings it began with).

    ``max_candidates``: stored articles measured exactly per new article (those sharing the most
    buckets first); ``passage_candidates``: how many of the measured articles that are not
    copies are also checked for shared passages (by default every one: the check reads only
    the shingles a pair shares; 10 before 2026-12-05); ``bucket_cap``: with ``bucket_keep``
    ``"first"``, a bucket holding this many articles takes no more (a MinHash value that
    common, boilerplate or template text, says little; the articles already in it are still
    proposed); with ``"newest"``, every article joins its buckets and a lookup proposes a
    bucket's newest ``bucket_cap`` members (copies arrive close together; the in-memory copy
    drops older ones).  These bound the work per article.

    The containment index: ``short_shingles``: an article with at most this many distinct
    shingles has all of them indexed; ``anchor_window``: longer articles index their anchors
    (one shingle of every ``anchor_window`` in a row; 0: none); ``containment_candidates``:
    stored articles it offers per new article (0 turns the index off); ``containment_cap``:
    a key held by this many articles takes no more.

    The copy graph: ``neighbour_candidates``: stored articles looked at besides those, taken
    from the stored copies of the articles the new one was just found to copy (0: none);
    ``neighbour_keep``: how many of an article's copies (its newest) are offered so;
    ``neighbour_min_bands``: of those, only the ones whose signature agrees with the new
    one's on at least this many bands are measured (the bands estimate the Jaccard).

    Shared passages: ``passage_lookup``: stored articles offered per new article, by the
    containment index's keys it shares with them, to be checked for shared passages whatever
    ``passage_candidates`` left (0: none); ``passage_common``: a key held by this many
    articles or more (at most ``containment_cap``, the most a key's lookup offers) is
    boilerplate or template text and offers none.

    Copy families (``store.families``; 0: none): ``family_keep`` > 0 keeps the store's
    articles in families (each new article joins the family of the stored one it copies most
    closely); a key of the containment index then counts the families that hold it, not the
    articles, against ``passage_common``, and a new article found to relate to any member of a
    family is measured against the family's other members too: of its newest ``family_keep``,
    at most ``family_candidates`` in all, oldest first.  ``family_keys=False``: keys count
    articles as without families (the tier alone); ``family_seeds``: ``"found"``, the tier
    follows the families of the articles the new one was found to relate to, in a second
    measure; ``"candidates"``, the families of the band and containment candidates, whose
    members are measured with them in one measure (cheaper: no second call)."""

    num_perm: int = 64
    bands: int = 64
    rows: int = 1
    max_candidates: int = 50
    passage_candidates: int = 1000
    bucket_cap: int = 32
    bucket_keep: str = "newest"
    seed: int = 1
    short_shingles: int = 64
    anchor_window: int = 8
    containment_candidates: int = 20
    containment_cap: int = 32
    neighbour_candidates: int = 0
    neighbour_keep: int = 32
    neighbour_min_bands: int = 3
    passage_lookup: int = 30
    passage_common: int = 32
    family_keep: int = 64
    family_candidates: int = 8
    family_keys: bool = False
    family_seeds: str = "candidates"

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm or min(self.bands, self.rows) < 1:
            raise ValueError("bands * rows must be at most num_perm, both at least 1")
        if min(self.short_shingles, self.anchor_window, self.containment_candidates) < 0:
            raise ValueError("containment settings must be at least 0")
        if min(self.neighbour_candidates, self.neighbour_keep, self.neighbour_min_bands) < 0:
            raise ValueError("neighbour settings must be at least 0")
        if self.family_keep < 0:
            raise ValueError("family_keep must be at least 0")
        if self.passage_lookup < 0 or self.passage_common < 1:
            raise ValueError("passage_lookup must be at least 0, passage_common at least 1")
        if self.family_seeds not in ("found", "candidates"):
            raise ValueError("family_seeds must be 'found' or 'candidates'")
        if self.bucket_keep not in ("first", "newest"):
            raise ValueError("bucket_keep must be 'first' or 'newest'")

    @classmethod
    def saved(cls, values: dict[str, Any] | None) -> LshParams:
        """The settings a store saved (``values``; None: a store written before settings were
        saved).  A setting missing from them reads as it was before it existed, not as today's
        default: the family tier came later (``_BEFORE``) and a store's rows depend on it."""
        return cls(**{**_BEFORE, **(values or {})})

    @property
    def containment(self) -> bool:
        """Whether the store keeps a containment index (``containment_candidates > 0``)."""
        return self.containment_candidates > 0


class Fingerprint:
    """What near-duplicate checks need of one article: ``links``' shingle profile (shingle
    hashes in text order, which are quoted, where they start, each token's paragraph and
    whether it is a content word), its shingle sets, a hash of its words, its wire credit and
    its MinHash signature.  Stored as one blob; the text is never parsed again, and a stored
    fingerprint decodes its positions only when a passage check needs them.  Slotted: the
    writer's cache holds tens of thousands of them."""

    __slots__ = (
        "shingles",
        "own",
        "words_hash",
        "wire",
        "words",
        "_positional",
        "_blob",
        "_own_mask",
        "_text_index",
        "_run_keys",
        "_parts",
        "_as_keys",
        "signature",
        "bucket_ids",
        "containment_keys",
    )

    def __init__(
        self,
        shingles: np.ndarray,
        own: np.ndarray,
        words_hash: str,
        wire: str | None,
        words: int,
        positional: tuple[np.ndarray, ...] | None = None,
        blob: bytes | None = None,
    ) -> None:
        self.shingles = shingles  # sorted unique uint64
        self.own = own  # sorted unique uint64, outside quotation marks
        self.words_hash = words_hash
        self.wire = wire
        self.words = words
        self._positional = positional  # hashes, quoted, pos, seg, content
        self._blob = blob
        self._own_mask: np.ndarray | None = None
        self._text_index: np.ndarray | None = None
        self._run_keys: np.ndarray | None = None
        self._parts: tuple[np.ndarray, np.ndarray, int, int, int] | None = None
        self._as_keys: np.ndarray | None = None
        self.signature: np.ndarray | None = None
        self.bucket_ids: list[int] | None = None  # its LSH buckets, once computed
        self.containment_keys: np.ndarray | None = None  # its containment index keys, once computed

    def packed(self, params: LshParams) -> Fingerprint:
        """This fingerprint as its blob and its LSH buckets: what the store writes, computed
        where the article was prepared (a worker process), and pickled as the blob with what
        the writer's pair measures read of it (``own_mask``, ``run_keys``) and, when the
        store keeps a containment index, what its lookups read (``as_keys``, ``index_keys``),
        so that the writer, which sets an ingest's pace, does not compute them.  (``packed_all``
        packs many at once.)"""
        if self.signature is None:
            self.signature = MinHasher(params.num_perm, params.seed).signature(self.shingles)
        if self.bucket_ids is None:
            self.bucket_ids = buckets(self.signature, params)
        fp = Fingerprint.from_blob(self.to_blob(), self.words_hash, self.wire)
        fp.signature = self.signature
        fp.bucket_ids = self.bucket_ids
        fp._own_mask = self.own_mask
        fp._run_keys = self.run_keys
        fp._text_index = fp._run_keys[0]
        if params.containment and len(self.shingles):
            fp._as_keys = self.as_keys
            fp.containment_keys = self.index_keys(params)  # long ones need the text order
        return fp

    def index_keys(self, params: LshParams) -> np.ndarray:
        """The keys this article puts in the containment index: every shingle when it has at
        most ``short_shingles``; otherwise its ``anchors`` (with ``anchor_window`` > 0), else
        none."""
        if self.containment_keys is None:
            if len(self.shingles) <= params.short_shingles:
                self.containment_keys = _distinct(self.as_keys)
            elif params.anchor_window > 0:
                if self._text_index is not None and self._as_keys is not None:
                    keys = self._as_keys[self._text_index]  # ``shingle_keys`` in text order
                else:
                    keys = shingle_keys(self.positional()[0])
                self.containment_keys = _window_least(keys, params.anchor_window)
            else:
                self.containment_keys = _NO_KEYS
        return self.containment_keys

    @property
    def as_keys(self) -> np.ndarray:
        """Its shingles as containment index keys (``shingle_keys``; computed once), in the
        order of ``shingles``: what a new article looks up in the containment index."""
        if self._as_keys is None:
            self._as_keys = shingle_keys(self.shingles)
        return self._as_keys

    def __getstate__(self) -> tuple[Any, ...] | dict[str, Any]:
        # every array as its bytes, dtype and shape: a worker sends an article's half a dozen
        # small arrays, and pickling one as an array (``ndarray.__reduce_ex__``, its state
        # rebuilt element type and all) costs several times more than its bytes do
        if self._blob is not None:
            # what a packed fingerprint holds, as one tuple (a worker's result, read by the
            # writer): the sets and positions are views or decodings of the blob, sent once;
            # the run keys as int32 (small numbers: half the bytes)
            run_keys = self._run_keys
            arrays = (
                self.signature,
                self._own_mask,
                None if run_keys is None else run_keys.astype(np.int32),
                self._as_keys,
                self.containment_keys,
            )
            return (
                self.words_hash,
                self.wire,
                self.words,
                self._blob,
                self.bucket_ids,
                tuple(None if a is None else (a.dtype.str, a.shape, a.tobytes()) for a in arrays),
            )
        state = {name: getattr(self, name) for name in Fingerprint.__slots__}
        arrays_held = []
        for name in _ARRAYS:
            value = state.get(name)
            if value is not None:
                del state[name]
                arrays_held.append((name, value.dtype.str, value.shape, value.tobytes()))
        state["_arrays"] = arrays_held
        return state

    def __setstate__(self, state: tuple[Any, ...] | dict[str, Any]) -> None:
        self._parts = self._as_keys = None  # pickled before they were kept
        if isinstance(state, tuple):  # a packed fingerprint (``__getstate__``)
            self.words_hash, self.wire, self.words, blob, self.bucket_ids, arrays = state
            self._blob = blob
            self.shingles, self.own, _ = _blob_sets(blob)
            self._positional = None
            for name, held in zip(_PACKED_ARRAYS, arrays, strict=True):
                setattr(self, name, None if held is None else _array(*held))
            # kept as int32, as ``compact`` keeps them
            self._text_index = None if self._run_keys is None else self._run_keys[0]
            return
        arrays = state.pop("_arrays", ())
        for name, value in state.items():
            setattr(self, name, value)
        for name, dtype, shape, data in arrays:
            setattr(self, name, _array(dtype, shape, data))

    def parts(self) -> tuple[np.ndarray, np.ndarray, int, int, int]:
        """What ``measure_many`` reads of an older article, in one tuple (computed once):
        ``shingles``, ``own_mask``, the number of own shingles, of words and of shingles."""
        if self._parts is None:
            own = self.own_mask
            self._parts = (self.shingles, own, len(self.own), self.words, len(self.shingles))
        return self._parts

    @property
    def own_mask(self) -> np.ndarray:
        """For each of ``shingles``, whether it is in ``own`` (computed once)."""
        if self._own_mask is None:
            self._own_mask = _held(self.shingles, self.own)
        return self._own_mask

    @property
    def text_index(self) -> np.ndarray:
        """For each shingle in text order, its index in ``shingles`` (computed once)."""
        if self._text_index is None:
            self._text_index = np.searchsorted(self.shingles, self.positional()[0])
        return self._text_index

    @property
    def run_keys(self) -> np.ndarray:
        """What a passage check reads of each shingle in text order (computed once), as four
        rows: its index in ``shingles`` (``text_index``); its ``place``, its first token's
        position plus ``SHINGLE + 1`` for each paragraph before it (two shingles are one run
        of covered tokens exactly when their places are at most ``SHINGLE`` apart); and the
        content words before its first token and before the token after it (a run's content
        words are the second of its last shingle less the first of its first)."""
        if self._run_keys is None:
            _, _, pos, seg, content = self.positional()
            before = np.zeros(len(content) + 1, dtype=np.int64)
            np.cumsum(content, out=before[1:])
            keys = np.empty((4, len(pos)), dtype=np.int64)
            keys[0] = self.text_index
            keys[1] = pos + (links.SHINGLE + 1) * seg[pos] if len(pos) else pos
            keys[2] = before[pos]
            keys[3] = before[pos + links.SHINGLE]
            self._run_keys, self._text_index = keys, keys[0]
        return self._run_keys

    @classmethod
    def from_profile(cls, prof: Any, words_hash: str, wire: str | None) -> Fingerprint:
        hashes = np.asarray(prof.hashes, dtype=np.uint64)
        quoted = np.asarray(prof.shingle_quoted, dtype=bool)
        return cls(
            _distinct(hashes),
            _distinct(hashes[~quoted]),
            words_hash,
            wire,
            len(prof.words),
            (hashes, quoted, prof.pos, prof.seg, prof.content),
        )

    def positional(self) -> tuple[np.ndarray, ...]:
        if self._positional is None:
            if self._blob is None:
                raise ValueError("a compact fingerprint keeps no positions (see ``compact``)")
            self._positional = _decode_positional(self._blob)
        return self._positional

    def compact(self) -> Fingerprint | None:
        """This fingerprint as the pair measures read it when it is the older article of a
        pair (``measure_many``), in about a third of the memory (what the writer's in-memory
        cache holds, so that it holds more articles): its shingle set, ``own_mask``,
        ``run_keys`` (``uint8`` or ``uint16`` when every key fits, else ``int32``) and
        ``parts``; no blob, no positions, and no ``own`` set (empty: ``parts`` holds its size,
        and the pairs read ``own_mask``).  Only for the older side of a pair.  None unless both
        arrays were computed."""
        if self._own_mask is None or self._run_keys is None:
            return None
        fp = Fingerprint(self.shingles.copy(), _EMPTY, self.words_hash, self.wire, self.words)
        fp._own_mask = self._own_mask
        fp._run_keys = _narrow(self._run_keys)  # no ``text_index``: a new article's only
        fp._parts = (fp.shingles, fp._own_mask, len(self.own), self.words, len(self.shingles))
        return fp

    def nbytes(self) -> int:
        """Bytes of the arrays and blob it holds (not the Python objects around them)."""
        arrays = (self.shingles, self.own, self._own_mask, self._run_keys)
        held = sum(a.nbytes for a in arrays if a is not None)
        if self._blob is not None:  # the sets are views of it
            held += len(self._blob) - self.shingles.nbytes - self.own.nbytes
        if self._positional is not None:
            held += sum(a.nbytes for a in self._positional)
        return held

    @property
    def profile(self) -> Any:
        """The fields of ``links``' profile that ``links.passage_words`` reads."""
        hashes, _, pos, seg, content = self.positional()
        return _ProfileView(range(len(seg)), pos, seg, content, hashes)

    def to_blob(self) -> bytes:
        if self._blob is not None:
            return self._blob
        hashes, quoted, pos, seg, content = self.positional()
        # (``asarray`` copies nothing when an array has the layout already)
        return b"".join(
            (
                _HEAD.pack(len(self.shingles), len(self.own), len(hashes), len(seg)),
                np.asarray(self.shingles, dtype="<u8").tobytes(),
                np.asarray(self.own, dtype="<u8").tobytes(),
                np.asarray(hashes, dtype="<u8").tobytes(),
                np.asarray(pos).astype("<u4").tobytes(),
                np.asarray(seg).astype("<u4").tobytes(),
                np.asarray(quoted, dtype="u1").tobytes(),
                np.asarray(content, dtype="u1").tobytes(),
            )
        )

    @classmethod
    def from_blob(cls, blob: bytes, words_hash: str, wire: str | None) -> Fingerprint:
        shingles, own, n_tok = _blob_sets(blob)
        return cls(shingles, own, words_hash, wire, n_tok, blob=blob)


def _blob_sets(blob: bytes) -> tuple[np.ndarray, np.ndarray, int]:
    """A blob's shingle set and own set (read-only views of it) and its number of words."""
    n_uniq, n_own, _, n_tok = _HEAD.unpack_from(blob)
    shingles = np.frombuffer(blob, dtype="<u8", count=n_uniq, offset=16)
    own = np.frombuffer(blob, dtype="<u8", count=n_own, offset=16 + 8 * n_uniq)
    return shingles, own, n_tok


def _array(dtype: str, shape: tuple[int, ...], data: bytes) -> np.ndarray:
    """An array pickled as its dtype, shape and bytes: a read-only view of the bytes, as
    ``from_blob``'s arrays are."""
    return np.frombuffer(data, dtype=_DTYPES.get(dtype) or np.dtype(dtype)).reshape(shape)


_HEAD = struct.Struct("<4I")
# a fingerprint's array attributes, pickled as their bytes (``Fingerprint.__getstate__``)
_ARRAYS = (
    "shingles",
    "own",
    "signature",
    "_own_mask",
    "_run_keys",
    "_text_index",
    "_as_keys",
    "containment_keys",
)
# the arrays a packed fingerprint pickles (``Fingerprint.__getstate__``), in order
_PACKED_ARRAYS = ("signature", "_own_mask", "_run_keys", "_as_keys", "containment_keys")
_DTYPES = {t.str: t for t in map(np.dtype, (np.uint64, np.int64, np.int32, np.uint16, bool))}
_EMPTY = np.zeros(0, dtype=np.uint64)
_UINT8 = 1 << 8
_UINT16 = 1 << 16


def _narrow(keys: np.ndarray) -> np.ndarray:
    """``Fingerprint.run_keys`` (indexes, places and word counts: never negative) in the
    narrowest of ``uint8``, ``uint16`` and ``int32`` that holds every one: the same values in
    a quarter of the bytes for short articles (under about 200 words: every place below 256),
    half for all but very long ones."""
    top = int(keys.max()) if keys.size else 0
    if top < _UINT8:
        return keys.astype(np.uint8)
    if top < _UINT16:
        return keys.astype(np.uint16)
    return keys.astype(np.int32, copy=False)


def compact_from_blob(blob: bytes, words_hash: str, wire: str | None) -> Fingerprint:
    """``Fingerprint.from_blob(blob, ...)`` with its ``own_mask`` and ``run_keys`` computed,
    made ``compact``: the same arrays, of the same types, read straight from the blob in a
    few array steps (no positions decoded as a whole, no hashes copied, no fingerprint made
    twice).  What the writer's cache keeps of a fingerprint read back from SQLite: a miss of
    the cache costs this besides its read."""
    n_uniq, n_own, n_sh, n_tok = _HEAD.unpack_from(blob)
    shingles = np.frombuffer(blob, dtype="<u8", count=n_uniq, offset=16).copy()
    at = 16 + 8 * n_uniq
    own = np.frombuffer(blob, dtype="<u8", count=n_own, offset=at)
    at += 8 * n_own
    hashes = np.frombuffer(blob, dtype="<u8", count=n_sh, offset=at)
    at += 8 * n_sh
    pos = np.frombuffer(blob, dtype="<u4", count=n_sh, offset=at).astype(np.int64)
    at += 4 * n_sh
    seg = np.frombuffer(blob, dtype="<u4", count=n_tok, offset=at)
    at += 4 * n_tok + n_sh  # the quoted flags: not read
    content = np.frombuffer(blob, dtype="u1", count=n_tok, offset=at)
    # ``run_keys``: index in ``shingles``, place, content words before and after
    keys = np.empty((4, n_sh), dtype=np.int64)
    keys[0] = np.searchsorted(shingles, hashes)
    if n_sh:
        before = np.empty(n_tok + 1, dtype=np.int64)
        before[0] = 0
        np.cumsum(content, out=before[1:])
        np.multiply(seg[pos], links.SHINGLE + 1, out=keys[1])
        keys[1] += pos
        keys[2] = before[pos]
        keys[3] = before[pos + links.SHINGLE]
    fp = Fingerprint(shingles, _EMPTY, words_hash, wire, n_tok)
    fp._own_mask = _held(shingles, own)
    fp._run_keys = _narrow(keys)
    fp._parts = (shingles, fp._own_mask, n_own, n_tok, n_uniq)
    return fp


def _decode_positional(blob: bytes) -> tuple[np.ndarray, ...]:
    n_uniq, n_own, n_sh, n_tok = _HEAD.unpack_from(blob)
    at = 16 + 8 * (n_uniq + n_own)
    hashes = np.frombuffer(blob, dtype="<u8", count=n_sh, offset=at).astype(np.uint64)
    at += 8 * n_sh
    pos = np.frombuffer(blob, dtype="<u4", count=n_sh, offset=at).astype(np.int64)
    at += 4 * n_sh
    seg = np.frombuffer(blob, dtype="<u4", count=n_tok, offset=at).astype(np.int64)
    at += 4 * n_tok
    quoted = np.frombuffer(blob, dtype="u1", count=n_sh, offset=at).astype(bool)
    at += n_sh
    content = np.frombuffer(blob, dtype="u1", count=n_tok, offset=at).astype(bool)
    return hashes, quoted, pos, seg, content


@dataclass
class _ProfileView:
    words: range
    pos: np.ndarray
    seg: np.ndarray
    content: np.ndarray
    hashes: np.ndarray


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


def _mix_in_place(z: np.ndarray) -> np.ndarray:
    """``_mix(z)`` written over ``z`` (a uint64 array of the caller's own): no temporaries the
    size of ``z`` besides one for each shift.  No ``np.errstate``: an array's integer arithmetic
    wraps without a warning (only numpy scalars' warns), and the context costs as much as two
    of these steps on an article's arrays."""
    z += _GOLDEN
    z ^= z >> _S30
    z *= _M1
    z ^= z >> _S27
    z *= _M2
    z ^= z >> _S31
    return z


_SIGNATURE_ROWS = 512  # shingles mixed at a time (x 64 seeds: 256 KB, which stays in cache)


class MinHasher:
    """MinHash signatures of uint64 sets: value ``i`` is ``min(mix(h ^ seed_i))`` over the set."""

    def __init__(self, num_perm: int, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.seeds = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self.num_perm = num_perm

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        if len(hashes) == 0:
            return np.full(self.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
        # the minimum over blocks of shingles: the same values, by work that stays in cache
        least: np.ndarray = _mix_in_place(hashes[:_SIGNATURE_ROWS, None] ^ self.seeds).min(axis=0)
        for at in range(_SIGNATURE_ROWS, len(hashes), _SIGNATURE_ROWS):
            block = hashes[at : at + _SIGNATURE_ROWS, None] ^ self.seeds[None, :]
            np.minimum(least, _mix_in_place(block).min(axis=0), out=least)
        return least


def buckets(signature: np.ndarray, params: LshParams) -> list[int]:
    """The LSH bucket of each band, as signed 64-bit ints (SQLite integers)."""
    rows = signature[: params.bands * params.rows].reshape(params.bands, params.rows)
    acc = _band_seeds(params.bands)
    for r in range(params.rows):
        acc = _mix_in_place(acc ^ rows[:, r])
    return cast(list[int], acc.view(np.int64).tolist())


def packed_all(fps: Sequence[Fingerprint], params: LshParams) -> list[Fingerprint]:
    """``[fp.packed(params) for fp in fps]``, with the bucket ids of them all, and their
    containment lookup keys (``as_keys``) when the store keeps that index, computed by one
    array step each for the lot: an article's are 64 and about 120 values, on which a numpy
    call costs more than its work (an ingest worker packs a chunk's articles so)."""
    if not fps:
        return []
    for fp in fps:
        if fp.signature is None:
            fp.signature = MinHasher(params.num_perm, params.seed).signature(fp.shingles)
    signatures = np.stack([cast(np.ndarray, fp.signature) for fp in fps])
    for fp, ids in zip(fps, _buckets_of(signatures, params), strict=True):
        fp.bucket_ids = ids
    if params.containment:
        sizes = [len(fp.shingles) for fp in fps]
        keys = shingle_keys(np.concatenate([fp.shingles for fp in fps]))
        for fp, part in zip(fps, np.split(keys, np.cumsum(sizes)[:-1]), strict=True):
            if fp._as_keys is None:
                fp._as_keys = part
    return [fp.packed(params) for fp in fps]


def _buckets_of(signatures: np.ndarray, params: LshParams) -> list[list[int]]:
    """``buckets`` of each row of ``signatures`` (one signature a row), by one array step a
    row of the bands."""
    n = len(signatures)
    rows = signatures[:, : params.bands * params.rows].reshape(n, params.bands, params.rows)
    acc = np.broadcast_to(_band_seeds(params.bands), (n, params.bands)).copy()
    for r in range(params.rows):
        acc ^= rows[:, :, r]
        _mix_in_place(acc)
    return cast(list[list[int]], acc.view(np.int64).tolist())


@functools.lru_cache(maxsize=4)
def _band_seeds(bands: int) -> np.ndarray:
    """Each band's starting value in ``buckets`` (read only: ``acc ^ rows`` makes a new array)."""
    seeds = np.arange(bands, dtype=np.uint64) * _GOLDEN
    seeds.flags.writeable = False
    return seeds


def shingle_keys(shingles: np.ndarray) -> np.ndarray:
    """Shingle hashes as containment index keys: mixed (uniform over 64 bits, as the sorted
    runs' directory wants) and signed (SQLite integers).  The mix is a bijection: distinct
    shingles keep distinct keys."""
    return _mix_in_place(np.array(shingles, dtype=np.uint64)).view(np.int64)


def anchors(hashes: np.ndarray, window: int) -> np.ndarray:
    """The least key of each ``window`` consecutive shingles (hashes in text order), as in
    winnowing: any run of ``window`` shingles an article shares with another holds one of its
    anchors.  About ``2 / (window + 1)`` of the shingles.  Sorted, unique."""
    return _window_least(shingle_keys(hashes), window)


def _window_least(keys: np.ndarray, window: int) -> np.ndarray:
    """``anchors`` of the shingles whose keys (``shingle_keys``, in text order) are ``keys``."""
    if len(keys) <= window:
        return _distinct(keys)
    n = len(keys) - window + 1
    # the least of each window: the least of runs of 1, 2, 4, ... keys by doubling, then of
    # two runs of the largest such length that cover the window (a minimum may count a key
    # twice): log2(window) + 1 elementwise minima, not window - 1
    least = keys
    span = 1
    while span * 2 <= window:
        least = np.minimum(least[:-span], least[span:])
        span *= 2
    if span < window:
        least = np.minimum(least[:n], least[window - span : window - span + n])
    return _distinct(least[:n])


def profile(article: Article, cache: dict[str, int] | None = None) -> Any:
    """``links``' shingle profile of an article's content segments (no spaCy parse needed)."""
    doc = _Doc(article, [_Segment(s) for s in content_segments(article)])
    return links._profile(cast(Any, doc), {} if cache is None else cache)


class Fingerprinter:
    """Fingerprints articles; keeps a bounded cache of word hashes."""

    def __init__(self, params: LshParams) -> None:
        self.params = params
        self.hasher = MinHasher(params.num_perm, params.seed)
        self.cache: dict[str, int] = links.WordHashes()

    def __call__(self, article: Article) -> Fingerprint:
        if len(self.cache) > _MAX_WORD_CACHE:
            self.cache.clear()
        prof = profile(article, self.cache)
        words_hash = hashlib.blake2b("\x1f".join(prof.words).encode(), digest_size=16).hexdigest()
        fp = Fingerprint.from_profile(prof, words_hash, wire_credit(article))
        fp.signature = self.hasher.signature(fp.shingles)
        return fp


class ArticleName:
    """What a pair measure reads of a stored article (``Article.id`` and ``outlet``): the
    writer's cache keeps this for each side, not an ``Article`` of empty texts (a third of
    the size)."""

    __slots__ = ("id", "outlet")

    def __init__(self, id: str, outlet: str | None) -> None:  # noqa: A002 - as Article's
        self.id = id
        self.outlet = outlet


@dataclass(slots=True)
class Side:
    """One article of a pair: its name and outlet (what ``links.copy_kind`` reads) and its
    fingerprint."""

    article: Article | ArticleName
    fp: Fingerprint


def _side_bytes(side: Side) -> int:
    """What a compact side in the writer's cache is charged: its arrays' bytes and the
    Python objects around them (``_SIDE_OBJECTS``, measured)."""
    return side.fp.nbytes() + _SIDE_OBJECTS


def _held(small: np.ndarray, other_sorted: np.ndarray) -> np.ndarray:
    """For each of ``small``'s shingles, whether ``other_sorted`` (sorted unique) holds it."""
    if len(other_sorted) == 0:
        return np.zeros(len(small), dtype=bool)
    at = np.searchsorted(other_sorted, small)
    return other_sorted[np.minimum(at, len(other_sorted) - 1)] == small


def measure(old: Side, new: Side, passages: bool = True) -> tuple[RelationKind, float] | None:
    """The relation between an older and a newer article as ``links._classify`` decides it
    (``old`` comes first, as the earlier document does in ``brief``), or None.  With
    ``passages=False`` a pair that is not a copy is not checked for shared passages."""
    got = measure_many([old], new, passages=1 if passages else 0)
    return got[0]


def measure_many(
    olds: Sequence[Side], new: Side, passages: int, also: Sequence[bool] | None = None
) -> list[tuple[RelationKind, float] | None]:
    """``measure`` for many older articles against one new one, with the set intersections of
    all pairs done in one sorted search.  Only the first ``passages`` pairs that are not copies
    are checked for shared passages, and those marked in ``also`` (one flag an older article),
    all of them in one ``shared_run_words`` call over the shingles each pair shares."""
    b = new.fp
    out: list[tuple[RelationKind, float] | None] = [None] * len(olds)
    if not olds or len(b.shingles) == 0:
        return out
    k = len(olds)
    sets, masks, n_own, n_words, n_sets = zip(
        *[o.fp._parts or o.fp.parts() for o in olds], strict=True
    )
    sizes = np.array(n_sets, dtype=np.int64)
    n_b = len(b.shingles)
    # the old shingles the new article holds (``shared_at``: where they stand among all the
    # old ones; ``at``: in the new article's set; ``owner``: the old article of each).  A
    # table of the new article's shingles by their low bits drops most of the others in one
    # read, so the sorted search sees the rest only (a quarter of them on the templated corpus)
    everything = np.concatenate(sets)
    mask = _low_mask(n_b)
    table = np.zeros(int(mask) + 1, dtype=bool)
    table[b.shingles.view(np.int64) & mask] = True
    maybe = table[everything.view(np.int64) & mask].nonzero()[0]
    some = everything[maybe]
    at = np.searchsorted(b.shingles, some)
    np.minimum(at, n_b - 1, out=at)
    hit = b.shingles[at] == some
    shared_at, at = maybe[hit], at[hit]
    ends = np.cumsum(sizes)
    owner = np.searchsorted(ends, shared_at, side="right")
    count = np.bincount(owner, minlength=k)
    # an article's own shingles are a subset of its shingles
    own_sizes = np.array(n_own, dtype=np.int64)
    old_own = np.concatenate(masks)[shared_at]
    old_own_in_new = np.bincount(owner[old_own], minlength=k)
    new_own_in_old = np.bincount(owner[b.own_mask[at]], minlength=k)
    # the smaller article of each pair (ties: the older, as in brief's document order)
    a_small = sizes <= n_b
    small_own = np.where(a_small, own_sizes, len(b.own))
    small_all = np.where(a_small, sizes, n_b)
    own_held = np.where(a_small, old_own_in_new, new_own_in_old)
    # an empty old article (small_all 0) is not live: its figures are never read
    own = np.where(
        small_own >= links.MIN_OWN_SHINGLES,
        own_held / np.maximum(small_own, 1),
        count / np.maximum(small_all, 1),
    )
    jaccard = count / (sizes + n_b - count)
    live = (sizes > 0) & (count > 0)
    copy = live & ((jaccard >= links.DUPLICATE_MIN) | (own >= links.VERSION_MIN))
    copies = copy.nonzero()[0]
    if len(copies):  # kinds by outlets and credits (``outlet_copy_kind`` is cached)
        dup = links.DUPLICATE_MIN
        outlet, wire, words_hash = new.article.outlet, b.wire, b.words_hash
        kind_of = links.outlet_copy_kind
        for i, jac, mine in zip(
            copies.tolist(), jaccard[copies].tolist(), own[copies].tolist(), strict=True
        ):
            a = olds[i].fp
            identical = a.words_hash == words_hash
            kind = kind_of(olds[i].article.outlet, outlet, a.wire, wire, jac >= dup, identical)
            score = 1.0 if identical else jac if kind == "duplicate" else mine
            out[i] = (kind, round(min(score, 1.0), 4))
    eligible = live & ~copy & (count >= links.PASSAGE_MIN_WORDS - links.SHINGLE + 1)
    first = eligible.nonzero()[0]
    if len(first) > passages:  # the first ``passages`` of them, and those ``also`` marks
        take = np.zeros(k, dtype=bool)
        take[first[: max(passages, 0)]] = True
        if also is not None:
            take |= eligible & np.fromiter(also, dtype=bool, count=k)
        first = np.flatnonzero(take)
    if not len(first):
        return out
    # the shingles of the smaller article of each pair, in its text order, that the other
    # holds: read from the held ones (each old shingle in the new article), through each
    # one's index in its set when the old article is the smaller
    small_old = first[a_small[first]]
    small_new = first[~a_small[first]]
    pairs, runs = [], []  # the pair of each shared shingle, and its run keys
    if len(small_old):
        held = np.zeros(len(everything), dtype=bool)
        held[shared_at] = True
        keys = [olds[i].fp.run_keys for i in small_old.tolist()]
        lens = np.array([x.shape[1] for x in keys], dtype=np.int64)
        cat = np.concatenate(keys, axis=1, dtype=np.int32)  # cached ones: uint8 or uint16
        shared = held[cat[0] + np.repeat((ends - sizes)[small_old], lens)].nonzero()[0]
        pairs.append(np.repeat(np.arange(len(keys)), lens)[shared])
        runs.append(cat[1:, shared])
    if len(small_new):
        rank = np.full(k, -1, dtype=np.int64)
        rank[small_new] = np.arange(len(small_new))
        mine = rank[owner]
        take = mine >= 0
        rows = np.zeros((len(small_new), n_b), dtype=bool)
        rows[mine[take], at[take]] = True
        pair, col = rows[:, b.text_index].nonzero()
        pairs.append(pair + len(small_old))
        runs.append(b.run_keys[1:, col])
    if len(pairs) == 1:
        checked, pair, (place, before, after) = first, pairs[0], runs[0]
    else:
        checked = np.concatenate([small_old, small_new])
        pair = np.concatenate(pairs)
        place, before, after = np.concatenate(runs, axis=1)
    words = shared_run_words(pair, place, before, after, len(checked))
    hit = words > 0
    checked, words = checked[hit], words[hit]
    least = np.array(n_words, dtype=np.int64)[checked]
    share = np.minimum(words / np.maximum(1, np.minimum(least, b.words)), 1.0)
    for i, x in zip(checked.tolist(), share.tolist(), strict=True):
        out[i] = ("shares_passages", round(x, 4))
    return out


def _low_mask(n: int) -> np.int64:
    """The low bits that index a presence table for ``n`` shingles (about 16 slots each, at
    least 4,096): few other shingles share a slot with one of them (shingle hashes are
    uniform in their low bits)."""
    return np.int64((1 << max(12, n.bit_length() + 4)) - 1)


def shared_run_words(
    pair: np.ndarray, place: np.ndarray, before: np.ndarray, after: np.ndarray, pairs: int
) -> np.ndarray:
    """Words in shared passages of many pairs at once, as ``links.passage_words`` counts them,
    read from the shared shingles alone rather than from every token: for each pair (``pair``,
    ascending), the shingles of its smaller article that the other holds, in text order, with
    their ``Fingerprint.run_keys`` (``place``, ``before``, ``after``).

    Shared shingles whose places are at most ``SHINGLE`` apart cover one run of tokens with no
    gap and no paragraph's end; a run from place ``p`` to place ``q`` is ``q + SHINGLE - p``
    words, holds ``after[q] - before[p]`` content words, and is a passage with
    ``PASSAGE_MIN_WORDS`` words and ``PASSAGE_MIN_CONTENT`` content words."""
    if not len(place):
        return np.zeros(pairs, dtype=np.int64)
    # a run's head: the first shingle of a pair, or one more than SHINGLE after the one
    # before it; pair and place as one key (places are far below 2**32), so one difference
    key = (pair.astype(np.int64) << 32) + place
    head = np.empty(len(place), dtype=bool)
    head[0] = True
    np.greater(key[1:] - key[:-1], links.SHINGLE, out=head[1:])
    heads = head.nonzero()[0]
    tails = np.empty_like(heads)
    tails[:-1] = heads[1:] - 1
    tails[-1] = len(place) - 1
    length = place[tails] + links.SHINGLE - place[heads]
    content = after[tails] - before[heads]
    good = (length >= links.PASSAGE_MIN_WORDS) & (content >= links.PASSAGE_MIN_CONTENT)
    return np.bincount(pair[heads[good]], weights=length[good], minlength=pairs).astype(np.int64)


_NONE = np.zeros(0, dtype=np.int64)


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a 1-d array (its distinct values, ascending) by one sort:
    ``np.unique``'s own steps cost more than the sort on an article's few hundred shingles."""
    s = np.sort(values)
    if len(s) < 2:
        return s
    first = np.empty(len(s), dtype=bool)
    first[0] = True
    np.not_equal(s[1:], s[:-1], out=first[1:])
    return s[first]


def _tally(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_counts=True)`` (the distinct values, ascending, and how often
    each occurs) by one sort: ``np.unique``'s own steps cost more than the sort on the few
    thousand row ids a lookup returns."""
    s = np.sort(values)
    if not len(s):
        return s, _NONE
    first = np.empty(len(s), dtype=bool)
    first[0] = True
    np.not_equal(s[1:], s[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return s[starts], np.diff(starts, append=len(s))


def _ranked(ids: np.ndarray, score: np.ndarray) -> np.ndarray:
    """``ids`` (distinct, ascending) by ``score`` (highest first), ties newest (highest id)
    first: ``ids[np.lexsort((-ids, -score))]`` by one stable sort of the reversed arrays."""
    ids, score = ids[::-1], score[::-1]
    return ids[np.argsort(-score, kind="stable")]


def _rare(
    arts: np.ndarray, which: np.ndarray, per_key: np.ndarray, common: int, fams: Families | None
) -> np.ndarray:
    """For each row of a key lookup (``arts``, the key of each: ``which``; ``per_key``: the
    rows of each key), whether its key is held by fewer than ``common`` articles, or with
    families, fewer than ``common`` families.  Only the keys of ``common`` rows or more have
    their families counted: fewer articles are fewer families."""
    many = per_key >= common
    if fams is None or not many.any():
        return ~many[which]
    rows = many[which]
    counted = fams.count(arts[rows], which[rows], len(per_key))
    return np.where(many, counted, per_key)[which] < common


def _newest(groups: np.ndarray, keep: int | np.ndarray) -> np.ndarray:
    """For rows sorted by group (each group's rows oldest first), whether a row is among the
    last ``keep`` of its group (``keep``: one number, or one for each row)."""
    n = len(groups)
    first = np.ones(n, dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], n)
    return np.arange(n) >= np.repeat(ends, ends - starts) - keep


@dataclass
class _Span:
    """One sorted run of a ``_BucketCache``: its rows ``[lo, hi)`` of the cache's arrays, and
    its directory at ``[at, at + 2 ** bits]`` of the cache's directory array: LSH buckets are
    uniform 64-bit hashes, so the rows of a bucket are found by one directory read on its top
    ``bits`` bits (where the rows of each value of them begin) and a short scan (a few rows a
    slot), not by two binary searches over the whole run, whose cache misses grow with the
    store."""

    lo: int
    hi: int
    bits: int
    at: int

    def __len__(self) -> int:
        return self.hi - self.lo


class _BucketCache:
    """The ``lsh_bands`` rows of a store held as sorted arrays, for fast lookups while one
    process writes (SQLite stays the record: every row is written there too).  Sorted runs of
    rows, merged as in an LSM tree (adding N rows costs O(N log N) in all), lie one after the
    other in one pair of arrays, oldest first, and the rows added since the last run after
    them, kept sorted by bucket (each bucket's in the order added) until ``MERGE_EVERY`` of
    them become a run.  So one lookup reads every run and the pending rows in the same few
    array operations, whatever their number: each run through its directory, the pending rows
    by a binary search.  Only the newest run is ever rewritten (merged, or a run made of the
    pending rows), and it is the last in the arrays, so the rows of older runs never move."""

    MERGE_EVERY = 20_000  # pending rows that make a new sorted run
    MERGE_RATIO = 8  # a run is merged into the one before it while it holds 1/8 of its rows
    SELECT = "SELECT bucket, article FROM lsh_bands"

    def __init__(self, conn: sqlite3.Connection, keep: int = 0) -> None:
        self.conn = conn
        self.keep = keep  # > 0: a lookup returns the newest ``keep`` members of a bucket
        self.runs: list[_Span] = []
        self._buckets = np.empty(1024, dtype=np.int64)  # the runs' rows, then the pending ones
        self._articles = np.empty(1024, dtype=np.int64)
        self._dir = np.empty(1024, dtype=np.int64)  # the runs' directories, one after another
        self._shift = self._base = _NONE  # of each run: its slots' shift, where its slot 0 is
        self._end = 0  # where the runs' rows end and the pending rows begin
        self.n_pending = 0
        self.seen = self._last()  # the newest fingerprinted article this copy knows
        cur = self.conn.execute(self.SELECT)
        chunks = []
        while rows := cur.fetchmany(200_000):
            chunks.append(np.array(rows, dtype=np.int64))
        if chunks:
            arr = np.concatenate(chunks)
            self._push(self._key(arr[:, 0]), arr[:, 1])

    def _key(self, values: np.ndarray) -> np.ndarray:
        """The bucket of a row's first column (LSH buckets and containment keys are already
        uniform hashes)."""
        return values

    def _last(self) -> int:
        row = self.conn.execute("SELECT max(article) FROM article_shingles").fetchone()
        return int(row[0] or 0)

    def _room(self, rows: int) -> None:
        """Room for ``rows`` more rows after the pending ones."""
        used = self._end + self.n_pending
        if used + rows > len(self._buckets):
            size = max(used + rows, len(self._buckets) * 5 // 4 + 1024)
            for name in ("_buckets", "_articles"):
                grown = np.empty(size, dtype=np.int64)
                grown[:used] = getattr(self, name)[:used]
                setattr(self, name, grown)

    def _push(self, buckets: np.ndarray, articles: np.ndarray) -> None:
        """A new run of these rows (no rows are pending)."""
        order = np.lexsort((articles, buckets))
        self._room(len(order))
        lo = self._end
        self._buckets[lo : lo + len(order)] = buckets[order]
        self._articles[lo : lo + len(order)] = articles[order]
        self._seal(lo, lo + len(order))

    def _seal(self, lo: int, hi: int) -> None:
        """The rows ``[lo, hi)``, sorted by (bucket, article), become the newest run; then,
        while the newest run holds at least 1 / ``MERGE_RATIO`` of the rows of the one before
        it, the two become one.  So each run is more than ``MERGE_RATIO`` times the next in size
        and a lookup reads few runs (2.4 on average over the last tenth of 100,000 articles'
        bands; merging only runs of about equal size left 4.0)."""
        self._span(lo, self._newest_only(lo, hi))
        ratio = self.MERGE_RATIO
        while len(self.runs) > 1 and len(self.runs[-1]) * ratio >= len(self.runs[-2]):
            r2, r1 = self.runs.pop(), self.runs.pop()
            b = self._buckets[r1.lo : r2.hi]
            a = self._articles[r1.lo : r2.hi]
            cut = len(r1)
            if cut and len(a) > cut and a[:cut].max() < a[cut:].min():
                # every row of the newer run is newer: a stable sort by bucket keeps each
                # bucket's rows in article order, and merges the two sorted runs in one pass
                order = np.argsort(b, kind="stable")
            else:
                order = np.lexsort((a, b))
            b[:], a[:] = b[order], a[order]
            self._span(r1.lo, self._newest_only(r1.lo, r2.hi))
        self._end = self.runs[-1].hi

    def _newest_only(self, lo: int, hi: int) -> int:
        """With ``keep``, only the newest ``keep`` rows of each bucket of the sorted rows
        ``[lo, hi)`` are kept, moved to its start (older ones can never be returned again, so
        memory stays bounded); returns where they end."""
        if not self.keep or hi == lo:
            return hi
        b, a = self._buckets[lo:hi], self._articles[lo:hi]
        live = _newest(b, self.keep)
        n = int(np.count_nonzero(live))
        if n < len(live):
            b[:n], a[:n] = b[live], a[live]
        return lo + n

    def _span(self, lo: int, hi: int) -> None:
        """The rows ``[lo, hi)`` are the newest run: its directory, after the older runs'."""
        bits = max(1, min(30, ((hi - lo) // 4).bit_length()))  # about 2-4 rows a slot
        at = self.runs[-1].at + (1 << self.runs[-1].bits) + 1 if self.runs else 0
        size = (1 << bits) + 1
        if at + size > len(self._dir):
            grown = np.empty(max(at + size, len(self._dir) * 5 // 4), dtype=np.int64)
            grown[:at] = self._dir[:at]
            self._dir = grown
        slots = (self._buckets[lo:hi] >> np.int64(64 - bits)) + np.int64(1 << (bits - 1))
        self._dir[at] = lo
        np.cumsum(np.bincount(slots, minlength=1 << bits), out=self._dir[at + 1 : at + size])
        self._dir[at + 1 : at + size] += lo
        self.runs.append(_Span(lo, hi, bits, at))
        self._shift = np.array([64 - r.bits for r in self.runs], dtype=np.int64)
        self._base = np.array([r.at + (1 << (r.bits - 1)) for r in self.runs], dtype=np.int64)

    def _flush(self) -> None:
        """The pending rows become the newest run."""
        if not self.n_pending:
            return
        lo, hi = self._end, self._end + self.n_pending
        self.n_pending = 0
        b, a = self._buckets[lo:hi], self._articles[lo:hi]
        # sorted by bucket, each bucket's in the order added: by article, unless rows were
        # added out of article order
        if not np.all((b[1:] != b[:-1]) | (a[1:] >= a[:-1])):
            order = np.lexsort((a, b))
            b[:], a[:] = b[order], a[order]
        self._seal(lo, hi)

    def stale(self) -> bool:
        """True when another process fingerprinted articles since this copy was made."""
        return self._last() > self.seen

    def lookup(self, bucket_ids: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Members of each bucket: (articles, the bucket index of each).  With ``keep``, the
        newest ``keep`` of each bucket: the rows of a bucket are read from every run, oldest
        run first, each run's in article order, then the pending rows in the order added (the
        newest), so the last ``keep`` of them are its newest: no sort."""
        q = np.asarray(bucket_ids, dtype=np.int64)
        n_runs = len(self.runs)
        lo = np.empty((len(q), n_runs + 1), dtype=np.int64)
        hi = np.empty_like(lo)
        if n_runs:
            slot = (q[:, None] >> self._shift) + self._base
            lo[:, :n_runs] = self._dir[slot]
            hi[:, :n_runs] = self._dir[slot + 1]
        start = self._end
        pending = self._buckets[start : start + self.n_pending]
        lo[:, n_runs] = np.searchsorted(pending, q, "left") + start
        hi[:, n_runs] = np.searchsorted(pending, q, "right") + start
        first, lens = lo.ravel(), (hi - lo).ravel()
        total = int(lens.sum())
        if not total:
            return _NONE, _NONE
        ends = np.cumsum(lens)
        pos = np.repeat(first - (ends - lens), lens) + np.arange(total)
        owner = np.repeat(np.arange(len(q)).repeat(n_runs + 1), lens)
        hit = self._buckets[pos] == q[owner]
        pos, owner = pos[hit], owner[hit]
        if self.keep and len(owner):  # the last ``keep`` rows of each bucket
            ends = np.cumsum(np.bincount(owner, minlength=len(q)))
            live = np.arange(len(owner)) >= ends[owner] - self.keep
            pos, owner = pos[live], owner[live]
        return self._articles[pos], owner

    def add(self, article: int, rows: Sequence[tuple[int, int]]) -> None:
        """Rows (bucket, article) of ``article``, just stored."""
        arr = np.array(rows, dtype=np.int64).reshape(-1, 2)
        self._add(article, arr[:, 0], arr[:, 1])

    def add_keys(self, article: int, keys: Sequence[int] | np.ndarray) -> None:
        """A row (key, ``article``) for each of ``keys``; ``article`` was just stored."""
        arr = np.array(keys, dtype=np.int64)
        self._add(article, arr, np.full(len(arr), article, dtype=np.int64))

    def _add(self, article: int, buckets: np.ndarray, articles: np.ndarray) -> None:
        """New rows join the pending ones where their buckets sort, after the rows of the same
        bucket (a stable sort keeps the order they were given in)."""
        self.seen = max(self.seen, article)
        k = len(buckets)
        if not k:
            return
        order = np.argsort(buckets, kind="stable")
        buckets, articles = buckets[order], articles[order]
        self._room(k)
        start, n = self._end, self.n_pending
        b = self._buckets[start : start + n + k]
        a = self._articles[start : start + n + k]
        fresh = np.searchsorted(b[:n], buckets, "right") + np.arange(k)
        old = np.ones(n + k, dtype=bool)
        old[fresh] = False
        b[old], a[old] = b[:n].copy(), a[:n].copy()
        b[fresh], a[fresh] = buckets, articles
        self.n_pending += k
        if self.n_pending >= self.MERGE_EVERY:
            self._flush()


class _KeyCache(_BucketCache):
    """``containment`` rows (key, article) held like the bands: those of short articles (every
    shingle) or those of long ones (anchors), ``SELECT``ed by the article's size.

    ``present`` is a one-hash Bloom filter over the keys (a flag per value of a key's low
    ``PRESENT_BITS`` bits; keys are mixed, so uniform): a long article's few hundred shingles
    are mostly in no short article, and the filter drops those in one array read before the
    lookup proper (a few percent pass by chance at 100,000 articles)."""

    PRESENT_BITS = 23  # 8 MB of flags
    MASK = np.int64((1 << PRESENT_BITS) - 1)

    def __init__(
        self, conn: sqlite3.Connection, short_shingles: int, short: bool, keep: int = 0
    ) -> None:
        self.present = np.zeros(1 << self.PRESENT_BITS, dtype=bool)
        self.SELECT = (
            "SELECT c.key, c.article FROM containment c JOIN containment_articles s "
            f"ON s.article = c.article WHERE s.shingles {'<=' if short else '>'} "
            f"{int(short_shingles)}"
        )
        super().__init__(conn, keep)

    def _push(self, buckets: np.ndarray, articles: np.ndarray) -> None:
        self.present[buckets & self.MASK] = True
        super()._push(buckets, articles)

    def _add(self, article: int, buckets: np.ndarray, articles: np.ndarray) -> None:
        self.present[buckets & self.MASK] = True
        super()._add(article, buckets, articles)

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        """The keys that may be in the index (all that are, and a few that are not)."""
        return keys[self.present[keys & self.MASK]]


_COPY_KINDS = "('duplicate', 'version', 'syndicated')"


def _insert_keys(conn: Any, table: str, column: str, article: int, keys: list[int]) -> None:
    """``INSERT OR IGNORE`` a row ``(article, column)`` for each of ``keys`` into ``table``
    (``lsh_bands``, ``containment``): into a connection as a few multi-row statements
    (``store.behind.insert_rows``, as the write-behind thread writes them), or recorded by a
    write-behind batch (``store.behind.Recorder``)."""
    if not isinstance(conn, sqlite3.Connection):
        conn.keys(table, column, article, keys)
    elif keys:
        behind.insert_rows(conn, behind.key_insert(table, column), behind.key_values(article, keys))


def graph_keys(articles: Sequence[int] | np.ndarray) -> np.ndarray:
    """Article row ids as keys of the copy graph's runs (mixed: uniform, as their directory
    wants; a bijection, so distinct ids stay distinct)."""
    return _mix(np.asarray(articles, dtype=np.int64).view(np.uint64)).view(np.int64)


class _Neighbours(_BucketCache):
    """One direction of the copy graph (``relations`` of the copy kinds) held like the bands:
    with ``newer``, an article's rows are the later articles that copy it; otherwise the
    earlier ones it copies (all added when it is stored, oldest first).  A lookup offers each
    article's newest ``keep`` of them."""

    def __init__(self, conn: sqlite3.Connection, keep: int, newer: bool) -> None:
        self.newer = newer
        pair = "a, b" if newer else "b, a"
        self.SELECT = f"SELECT {pair} FROM relations WHERE kind IN {_COPY_KINDS}"
        super().__init__(conn, keep)

    def _key(self, values: np.ndarray) -> np.ndarray:
        return graph_keys(values)

    def link(self, article: int, olds: Sequence[int]) -> None:
        """``article`` (just stored) copies ``olds`` (stored before it)."""
        if self.newer:
            rows = [(k, article) for k in graph_keys(olds).tolist()]
        else:
            own = int(graph_keys([article])[0])
            rows = [(own, o) for o in sorted(olds)]
        self.add(article, rows)


class _BandRows:
    """Each article's LSH buckets, sorted, in a matrix by row id: how many bands two articles'
    signatures agree on (a bucket is a band's value mixed with its number, so a shared bucket
    is an agreeing band), for many stored articles at once.  Read from ``lsh_bands``, which
    holds every article's buckets with ``bucket_keep="newest"`` (with ``"first"``, not those
    of full buckets: agreement is then undercounted)."""

    NONE = np.iinfo(np.int64).min  # no bucket (an article without all its rows)

    def __init__(self, conn: sqlite3.Connection, bands: int) -> None:
        cur = conn.execute("SELECT article, bucket FROM lsh_bands ORDER BY article, bucket")
        chunks = []
        while rows := cur.fetchmany(200_000):
            chunks.append(np.array(rows, dtype=np.int64))
        arr = np.concatenate(chunks) if chunks else np.zeros((0, 2), dtype=np.int64)
        top = int(arr[:, 0].max()) + 1 if len(arr) else 0
        self.rows = np.full((max(top, 1024), bands), self.NONE, dtype=np.int64)
        if len(arr):
            art = arr[:, 0]
            first = np.ones(len(art), dtype=bool)
            first[1:] = art[1:] != art[:-1]
            starts = np.flatnonzero(first)
            at = np.arange(len(art)) - np.repeat(starts, np.diff(np.append(starts, len(art))))
            fits = at < bands
            self.rows[art[fits], at[fits]] = arr[fits, 1]

    def add(self, article: int, bucket_ids: Sequence[int]) -> None:
        if article >= len(self.rows):
            grown = np.full((article + article // 2 + 1, self.rows.shape[1]), self.NONE)
            grown[: len(self.rows)] = self.rows
            self.rows = grown
        got = np.sort(np.asarray(bucket_ids, dtype=np.int64))[: self.rows.shape[1]]
        self.rows[article, : len(got)] = got

    def agree(self, ids: np.ndarray, bucket_ids: Sequence[int]) -> np.ndarray:
        """For each stored article of ``ids``, how many of ``bucket_ids`` it holds."""
        q = np.sort(np.asarray(bucket_ids, dtype=np.int64))
        held = self.rows[ids]
        at = np.minimum(np.searchsorted(q, held), len(q) - 1)
        return cast(np.ndarray, (q[at] == held).sum(axis=1))


class _Sizes:
    """Each indexed article's distinct shingles, unquoted shingles and keys
    (``containment_articles``), which turn shared keys into an estimate of shared shingles."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        rows = np.array(
            conn.execute(
                "SELECT article, shingles, own, keys FROM containment_articles"
            ).fetchall(),
            dtype=np.int64,
        ).reshape(-1, 4)
        top = int(rows[:, 0].max()) + 1 if len(rows) else 0
        self.sizes = np.zeros((max(top, 1024), 3), dtype=np.int64)
        self.sizes[rows[:, 0]] = rows[:, 1:]

    def add(self, article: int, shingles: int, own: int, keys: int) -> None:
        if article >= len(self.sizes):
            grown = np.zeros((2 * article + 1, 3), dtype=np.int64)
            grown[: len(self.sizes)] = self.sizes
            self.sizes = grown
        self.sizes[article] = (shingles, own, keys)


class NearDuplicateIndex:
    """The persistent LSH index in the store's SQLite database.

    While one process writes, the fingerprints it wrote or read last are kept decoded in memory
    (at most ``fingerprint_cache_mb``, least recently used first out), so that the candidates
    of a new article, mostly recent articles, are measured without reading them back."""

    def __init__(
        self, conn: sqlite3.Connection, params: LshParams, fingerprint_cache_mb: float = 256
    ) -> None:
        self.conn = conn
        self.out: Any = conn  # where rows are written: the connection, or a write-behind batch
        self._unstored: dict[int, tuple[Any, ...]] | None = None
        self._before_load: Callable[[Sequence[str]], None] | None = None
        self.params = params
        self._cache: _BucketCache | None = None
        self._keys: tuple[_KeyCache, _KeyCache, _Sizes] | None = None
        self._graph: tuple[_Neighbours, _Neighbours] | None = None
        self._band_rows: _BandRows | None = None
        self._families: Families | None = None
        self._sides: OrderedDict[int, Side] = OrderedDict()
        self._sides_bytes = 0
        self._sides_cap = int(fingerprint_cache_mb * 1e6)
        self._in_transaction = False
        self._fresh = False  # the bucket copy was checked against the store in this transaction

    def set_out(
        self,
        out: Any,
        unstored: dict[int, tuple[Any, ...]] | None,
        before_load: Callable[[Sequence[str]], None] | None,
    ) -> None:
        """Write rows to ``out`` (a connection, or ``store.behind.Recorder``); read the
        fingerprints of articles not committed yet from ``unstored`` (row id -> the row ``load``
        reads), and call ``before_load(tables)`` before reading tables whole (``store.behind``)."""
        self.out, self._unstored, self._before_load = out, unstored, before_load
        if self._families is not None:
            self._families.out = out

    def _loading(self, *tables: str) -> None:
        if self._before_load is not None:
            self._before_load(tables)

    def begin(self) -> None:
        """A write transaction of this connection begins: no other process can add articles
        until ``end``, so the bucket copy is checked against the store once, not per article."""
        self._in_transaction, self._fresh = True, False

    def end(self) -> None:
        self._in_transaction, self._fresh = False, False

    def reset(self) -> None:
        """Forget the in-memory copies (after a rolled back transaction)."""
        self._cache = self._keys = self._graph = self._band_rows = None
        self._families = None
        self._sides.clear()
        self._sides_bytes = 0

    def _remember(self, rowid: int, side: Side) -> Side:
        """Keep a stored article's side in the cache, compact (``Fingerprint.compact``; the
        arrays the pair measures read are computed first when they are not: a new article's
        come from the ingest workers; one read back from SQLite is made compact straight from
        its blob, ``compact_from_blob``, so that every side in the cache takes a compact
        side's bytes).  Returns the compact side."""
        fp = side.fp
        if fp._own_mask is None or fp._run_keys is None:
            fp.own_mask, fp.run_keys  # noqa: B018 - computed once, kept by ``compact``
        small = fp.compact()
        assert small is not None
        side = Side(side.article, small)
        self._keep(rowid, side)
        return side

    def _keep(self, rowid: int, side: Side) -> None:
        """Keep a compact side in the cache (its newest end), forgetting the least recently
        used ones beyond ``fingerprint_cache_mb``.  A side's bytes (``_side_bytes``) are the
        same whenever they are counted, so they are not stored beside it."""
        size = _side_bytes(side)
        if size > self._sides_cap:
            return
        old = self._sides.pop(rowid, None)
        if old is not None:
            self._sides_bytes -= _side_bytes(old)
        self._sides[rowid] = side
        self._sides_bytes += size
        while self._sides_bytes > self._sides_cap:
            _, gone = self._sides.popitem(last=False)
            self._sides_bytes -= _side_bytes(gone)

    def _buckets(self) -> _BucketCache:
        if self._cache is None or (not self._fresh and self._cache.stale()):
            keep = self.params.bucket_cap if self.params.bucket_keep == "newest" else 0
            self._loading("lsh_bands", "article_shingles")
            self._cache = _BucketCache(self.conn, keep)
            self._keys = self._graph = self._band_rows = None  # same articles as the bands
            self._families = None
        self._fresh = self._in_transaction
        return self._cache

    def _key_cache(self) -> tuple[_KeyCache, _KeyCache, _Sizes]:
        """The containment rows in memory (short articles' shingles, long articles' anchors)
        and the articles' sizes; call ``_buckets`` first (it checks all are fresh).  A short
        article's key takes no member past ``containment_cap``; a long article's anchor is
        always stored, and a lookup offers the newest ``containment_cap`` holders of each
        (so a long article stores its anchors whatever their holders; it looks them up for
        shared passages only)."""
        if self._keys is None:
            short = self.params.short_shingles
            self._loading("containment", "containment_articles")
            self._keys = (
                _KeyCache(self.conn, short, short=True),
                _KeyCache(self.conn, short, short=False, keep=self.params.containment_cap),
                _Sizes(self.conn),
            )
        return self._keys

    def _neighbours(self) -> tuple[_Neighbours, _Neighbours]:
        """The copy graph in memory, both ways; call ``_buckets`` first (it checks all are
        fresh)."""
        if self._graph is None:
            keep = self.params.neighbour_keep
            self._loading("relations", "lsh_bands")
            self._graph = (
                _Neighbours(self.conn, keep, newer=False),
                _Neighbours(self.conn, keep, newer=True),
            )
            self._band_rows = _BandRows(self.conn, self.params.bands)
        return self._graph

    def families(self) -> Families:
        """The copy families in memory; call ``_buckets`` first (it checks all are fresh)."""
        if self._families is None:
            self._loading("article_families")
            self._families = Families(self.conn, self.out)
        return self._families

    def link(self, rowid: int, copies: Sequence[int], best: int | None = None) -> None:
        """Record that the new article ``rowid`` copies ``copies`` (older row ids, the
        relations of a copy kind stored with it), for the copy graph; and that it joins the
        family of ``best`` (the one it copies most closely)."""
        if self.params.family_keep and best is not None:
            self.families().join(rowid, best)
        if not self.params.neighbour_candidates or not copies:
            return
        if self._graph is None:  # read now, from relations that hold these rows already
            self._neighbours()
            return
        for way in self._graph:
            way.link(rowid, copies)

    def _agreeing(self, ids: list[int], bucket_ids: Sequence[int]) -> list[int]:
        """Those of ``ids`` whose signatures agree with ``bucket_ids`` on at least
        ``neighbour_min_bands`` bands."""
        need = self.params.neighbour_min_bands
        if not need or not ids:
            return ids
        self._neighbours()
        assert self._band_rows is not None
        agree = self._band_rows.agree(np.asarray(ids, dtype=np.int64), bucket_ids)
        return [i for i, n in zip(ids, agree.tolist(), strict=True) if n >= need]

    def neighbours(self, seeds: Sequence[int], skip: set[int], limit: int) -> list[int]:
        """Stored copies of ``seeds`` not in ``skip``: of each seed, the newest
        ``neighbour_keep`` of the earlier articles it copies and of the later ones that copy
        it; those that more seeds list first, then the newest; at most ``limit``."""
        if not seeds or limit <= 0:
            return []
        keys = graph_keys(seeds)
        arts = np.concatenate([way.lookup(keys)[0] for way in self._neighbours()])
        if not len(arts):
            return []
        ids, counts = _tally(arts)
        out = [i for i in _ranked(ids, counts).tolist() if i not in skip]
        return out[:limit]

    def contained(self, rowid: int, fp: Fingerprint, skip: set[int]) -> tuple[list[int], set[int]]:
        """Stored articles that may contain the new one or be contained in it, found by shared
        shingles in the containment index (not in ``skip``, the LSH's candidates), and the keys
        of the new article's own that are full (``containment_cap`` members).

        Every new article looks up its shingles among the short articles' (which it may
        contain); a short new article also looks them up among the long articles' anchors
        (which may contain it).  A short stored article is a candidate only when the shingles
        it shares could make the pair a copy by ``links``' rule (containment of the smaller
        article's own shingles at least ``VERSION_MIN``: so at least that share of them is
        shared); a long one when it shares an anchor.  At most ``containment_candidates``,
        highest estimated containment of the smaller first."""
        out, full, _ = self._contained(rowid, fp, skip)
        return out, full

    def _contained(
        self, rowid: int, fp: Fingerprint, skip: set[int]
    ) -> tuple[list[int], set[int], list[int]]:
        """``contained``'s answer, and the stored articles that may share a passage with the
        new one (``passage_partners``), from the same lookups."""
        shorts, longs, sizes = self._key_cache()
        cap = self.params.containment_cap
        n_new = len(fp.shingles)
        short_new = n_new <= self.params.short_shingles
        every = fp.as_keys
        query = shorts.may_hold(every)
        arts, which = shorts.lookup(query) if len(query) else (_NONE, _NONE)
        per_key = np.bincount(which, minlength=len(query))
        full: set[int] = set()  # a long article's anchors are never full: see _key_cache
        if short_new:  # its keys join the short articles': those are the ones to cap
            full = set(query[per_key >= cap].tolist())
        common = min(cap, self.params.passage_common)
        fams = self.families() if self.params.family_keep and self.params.family_keys else None
        passing = arts[_rare(arts, which, per_key, common, fams)]  # shared shingles of short ones
        anchored = _NONE  # stored long articles, once for each anchor they share
        if self.params.anchor_window:
            if short_new:  # it may be inside a long article, or share a passage with one
                q_long = longs.may_hold(every)
            elif self.params.passage_lookup:  # a long one may share a passage with one
                q_long = longs.may_hold(fp.index_keys(self.params))
            else:
                q_long = _NONE
            if len(q_long):
                held, at = longs.lookup(q_long)
                if short_new:
                    arts = np.concatenate([arts, held])
                per_anchor = np.bincount(at, minlength=len(q_long))
                anchored = held[_rare(held, at, per_anchor, common, fams)]
        arts = arts[arts != rowid]
        if not len(arts):
            return [], full, self.passage_partners(rowid, passing, anchored, skip)
        ids, shared = _tally(arts)
        n_old, own_old, k_old = sizes.sizes[ids].T
        whole = n_old <= self.params.short_shingles
        old_small = n_old <= n_new  # as measure_many: ties make the older one the smaller
        small_own = np.where(old_small, own_old, len(fp.own))
        small_all = np.where(old_small, n_old, n_new)
        small = np.where(small_own >= links.MIN_OWN_SHINGLES, small_own, small_all)
        can_copy = shared >= links.VERSION_MIN * small - 1e-9
        keep = ~whole | can_copy
        ids, shared, n_old, k_old = ids[keep], shared[keep], n_old[keep], k_old[keep]
        estimate = shared * n_old / np.maximum(k_old, 1)  # an anchor stands for n / k shingles
        share = estimate / np.maximum(np.minimum(n_old, n_new), 1)
        out = [i for i in _ranked(ids, share).tolist() if i not in skip]
        out = out[: self.params.containment_candidates]
        return out, full, self.passage_partners(rowid, passing, anchored, skip.union(out))

    def passage_partners(
        self,
        rowid: int,
        shingles: np.ndarray,
        anchors: np.ndarray,
        measured: set[int] | frozenset[int] = frozenset(),
    ) -> list[int]:
        """Stored articles that may share a passage with the new one: short ones holding at
        least the shingles of one passage (``shingles``: one short article a shared shingle)
        and long ones sharing an anchor (``anchors``: one long article a shared key) -- a
        run of ``anchor_window`` shingles that two articles share holds an anchor of both.
        Keys held by ``passage_common`` articles or more were left out by the caller:
        boilerplate or template sentences, not a passage one article took from another.
        Most shared keys first, then the newest; at most ``passage_lookup`` of those not in
        ``measured`` (the band and containment candidates, measured anyway: copies share the
        most keys, and a partner that is already a candidate takes no place of the cut), and
        those in it."""
        limit = self.params.passage_lookup
        if not limit or not (len(shingles) or len(anchors)):
            return []
        ids_s, n_s = _tally(shingles)
        enough = n_s >= links.PASSAGE_MIN_WORDS - links.SHINGLE + 1
        ids_l, n_l = _tally(anchors)
        ids = np.concatenate([ids_s[enough], ids_l])
        shared = np.concatenate([n_s[enough], n_l])
        keep = ids != rowid
        ids, shared = ids[keep], shared[keep]
        ranked = ids[np.lexsort((-ids, -shared))]
        if not measured:
            return cast(list[int], ranked[:limit].tolist())
        done = _held(ranked, np.sort(np.fromiter(measured, dtype=np.int64, count=len(measured))))
        return cast(list[int], ranked[done].tolist() + ranked[~done][:limit].tolist())

    def candidates(
        self, bucket_ids: Sequence[int], exclude: int | None = None, cache: Any = None
    ) -> tuple[list[int], set[int]]:
        """Stored articles sharing a bucket (most shared buckets first, then newest first), and
        the buckets that are full (``bucket_cap`` members: they take no new member)."""
        if not bucket_ids:
            return [], set()
        arts, which = (cache or self._buckets()).lookup(bucket_ids)
        full: set[int] = set()
        if self.params.bucket_keep == "first":
            sizes = np.bincount(which, minlength=len(bucket_ids))
            full = {
                b
                for b, n in zip(bucket_ids, sizes.tolist(), strict=True)
                if n >= self.params.bucket_cap
            }
        if exclude is not None:
            arts = arts[arts != exclude]
        if len(arts) == 0:
            return [], full
        ids, counts = _tally(arts)
        return _ranked(ids, counts)[: self.params.max_candidates].tolist(), full

    def load(self, ids: Sequence[int]) -> list[tuple[int, Side]]:
        """Fingerprints of stored articles, in the order of ``ids``."""
        return list(zip(*self._load(ids), strict=True))

    def _load(self, ids: Sequence[int]) -> tuple[list[int], list[Side]]:
        """``load``'s answer as two lists: the row ids found, and the side of each.  The
        cached ones are touched (moved to the cache's newest end) in the order of ``ids``;
        when every one is cached (most often), in one call, with no Python step an id.  The
        others are read back (from the batches not committed yet, or SQLite) and cached
        after them, compact."""
        if not ids:
            return [], []
        cached = self._sides
        held = list(map(cached.get, ids))
        if None not in held:
            deque(map(cached.move_to_end, ids), maxlen=0)
            return list(ids), held  # type: ignore[return-value]
        out: dict[int, Side] = {}
        missing = []
        for i, got in zip(ids, held, strict=True):
            if got is None:
                missing.append(i)
            else:
                cached.move_to_end(i)
                out[i] = got
        rows: list[Any] = []
        if missing and self._unstored:  # stored by batches not committed yet
            rows = [(i, *self._unstored[i]) for i in missing if i in self._unstored]
            missing = [i for i in missing if i not in self._unstored]
        if missing:
            marks = ",".join("?" * len(missing))
            rows += self.conn.execute(
                f"SELECT s.article, s.profile, s.words_hash, s.wire, a.name, a.outlet "
                f"FROM article_shingles s JOIN articles a ON a.id = s.article "
                f"WHERE s.article IN ({marks})",
                missing,
            ).fetchall()
        for row in rows:
            side = Side(ArticleName(row[4], row[5]), compact_from_blob(*row[1:4]))
            self._keep(row[0], side)
            out[row[0]] = side
        found = [i for i in ids if i in out]
        return found, [out[i] for i in found]

    def relate(self, rowid: int, article: Article, fp: Fingerprint) -> list[tuple[int, Relation]]:
        """Relations of a new article (already inserted as ``rowid``) to stored ones; records its
        fingerprint and buckets.  Returns ``(older rowid, Relation)`` pairs."""
        bucket_ids = fp.bucket_ids
        if bucket_ids is None:
            if fp.signature is None:
                fp.signature = MinHasher(self.params.num_perm, self.params.seed).signature(
                    fp.shingles
                )
            bucket_ids = buckets(fp.signature, self.params)
        cache = self._buckets()
        if self.params.neighbour_candidates:
            self._neighbours()  # read before this article's rows are written (link adds them)
        found: list[tuple[int, Relation]] = []
        full: set[int] = set()
        new = Side(article, fp)
        full_keys: set[int] = set()
        if len(fp.shingles):
            ids, full = self.candidates(bucket_ids, exclude=rowid, cache=cache)
            partners: set[int] = set()
            n_seeds = len(ids)
            if self.params.containment:
                more, full_keys, found_partners = self._contained(rowid, fp, set(ids))
                ids += more
                n_seeds = len(ids)
                partners, have = set(found_partners), set(ids)
                ids += [i for i in found_partners if i not in have]
            if self.params.family_keep and self.params.family_seeds == "candidates":
                ids += self._family_members(rowid, ids, ids[:n_seeds])
            loaded, sides = self._load(ids)
            also = [i in partners for i in loaded] if partners else None
            results = measure_many(sides, new, self.params.passage_candidates, also)
            name = article.id
            found = [
                (old_id, Relation(old.article.id, name, got[0], got[1]))
                for old_id, old, got in zip(loaded, sides, results, strict=True)
                if got is not None
            ]
            if self.params.family_keep and found and self.params.family_seeds != "candidates":
                found = self._family_tier(rowid, new, found)
            if self.params.neighbour_candidates:
                found += self._expand(rowid, new, found, set(ids), bucket_ids)
        blob = fp.to_blob()
        self.out.execute(
            "INSERT OR REPLACE INTO article_shingles (article, profile, words_hash, wire) "
            "VALUES (?, ?, ?, ?)",
            (rowid, blob, fp.words_hash, fp.wire),
        )
        if self._unstored is not None:
            self._unstored[rowid] = (blob, fp.words_hash, fp.wire, article.id, article.outlet)
        self._remember(rowid, Side(ArticleName(article.id, article.outlet), fp))
        joined = [b for b in dict.fromkeys(bucket_ids) if b not in full] if len(fp.shingles) else []
        _insert_keys(self.out, "lsh_bands", "bucket", rowid, joined)
        cache.add_keys(rowid, joined)
        if self._band_rows is not None and joined:
            self._band_rows.add(rowid, joined)
        if self.params.containment and len(fp.shingles):
            self._index_keys(rowid, fp, full_keys)
        return found

    def _family_members(self, rowid: int, measured: list[int], seeds: list[int]) -> list[int]:
        """Members of the families of ``seeds`` (stored row ids) that are not ``rowid`` or in
        ``measured``: the families holding the most seeds first, of each its newest
        ``family_keep`` members, oldest first, at most ``family_candidates`` in all."""
        if not seeds:
            return []
        fams = self.families()
        have = set(measured)
        have.add(rowid)
        limit, keep = self.params.family_candidates, self.params.family_keep
        todo: list[int] = []
        for family in fams.by_count(np.asarray(seeds, dtype=np.int64)):
            fresh = [m for m in fams.newest(family, keep) if m not in have]  # members: distinct
            have.update(fresh)
            todo += fresh
            if len(todo) >= limit:
                break
        return todo[:limit]

    def _family_tier(
        self, rowid: int, new: Side, found: list[tuple[int, Relation]]
    ) -> list[tuple[int, Relation]]:
        """The relations found, and those to other members of the families of the stored
        articles the new one relates to: the families with the most of those first, of each
        its newest ``family_keep`` members, oldest first (a family's first members are its
        report and earliest copies, which later copies and roundups quote), at most
        ``family_candidates`` in all that were not found related already.  They are measured
        exactly and all checked for shared passages (a copy holds the passages its family
        shares), so precision does not change, and the work is bounded by the settings, not by
        the store."""
        ids = [i for i, _ in found]
        todo = self._family_members(rowid, ids, ids)
        if not todo:
            return found
        loaded, sides = self._load(todo)
        results = measure_many(sides, new, len(sides))
        name = new.article.id
        more = [
            (old_id, Relation(old.article.id, name, got[0], got[1]))
            for old_id, old, got in zip(loaded, sides, results, strict=True)
            if got is not None
        ]
        return found + more

    def _expand(
        self,
        rowid: int,
        new: Side,
        found: list[tuple[int, Relation]],
        measured: set[int],
        bucket_ids: Sequence[int],
    ) -> list[tuple[int, Relation]]:
        """Copies of the new article among the stored copies of those it was found to copy
        (a copy's copies share its text): at most ``neighbour_candidates`` looked at in all,
        in rounds while a round finds more copies; those whose signatures agree with the new
        one's on ``neighbour_min_bands`` bands are measured exactly like any candidate.  This
        reaches a copy whose buckets were all full of other members."""
        budget = self.params.neighbour_candidates
        seeds = [i for i, r in found if r.kind != "shares_passages"]
        measured.add(rowid)
        more: list[tuple[int, Relation]] = []
        while seeds and budget > 0:
            ids = self.neighbours(seeds, measured, budget)
            if not ids:
                break
            budget -= len(ids)
            measured.update(ids)
            loaded, sides = self._load(self._agreeing(ids, bucket_ids))
            results = measure_many(sides, new, 0)
            seeds = []
            for old_id, old, got in zip(loaded, sides, results, strict=True):
                if got is not None:
                    more.append((old_id, Relation(old.article.id, new.article.id, *got)))
                    seeds.append(old_id)
        return more

    def _index_keys(self, rowid: int, fp: Fingerprint, full: set[int]) -> None:
        keys = fp.index_keys(self.params)
        kept = [k for k in keys.tolist() if k not in full] if full else keys.tolist()
        _insert_keys(self.out, "containment", "key", rowid, kept)
        cached: list[int] | np.ndarray = kept if full else keys
        self.out.execute(
            "INSERT OR REPLACE INTO containment_articles (article, shingles, own, keys) "
            "VALUES (?, ?, ?, ?)",
            (rowid, len(fp.shingles), len(fp.own), len(keys)),
        )
        shorts, longs, sizes = self._key_cache()
        (shorts if len(fp.shingles) <= self.params.short_shingles else longs).add_keys(
            rowid, cached
        )
        sizes.add(rowid, len(fp.shingles), len(fp.own), len(keys))
