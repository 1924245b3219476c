"""Claim similarity in blocks, and the pairs worth comparing, without a loop over every pair.

A similarity matrix over every claim of a briefing grows with the square of the folder (220
articles give about 7,000 claims: 49 million cells), and so does a Python loop over its pairs.
Claims are compared only inside a *block*: the claims of one story (see ``pipeline`` and
``analyze.relations.events.group_stories``), the whole briefing when it tells one story.  Claims of
unrelated stories never support or contradict each other, so nothing is lost.

``BlockSimilarity`` holds one matrix per block and answers ``sim[i, j]`` (0 across blocks) like
the dense matrix it replaces; ``similar_pairs`` and ``cue_pairs`` list the pairs that can pass a
threshold, read from the matrices with numpy, in the order of the old double loop (``i < j``,
row by row), so callers give the same results as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from newsprism.analyze.disagreements import negation
from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.quantities import PERSON_FRAMES

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.analyze.disagreements.nli import SimilarityBackend


class BlockSimilarity:
    """Claim similarity inside blocks of claims; 0 between claims of different blocks."""

    def __init__(self, n: int, blocks: Sequence[np.ndarray], matrices: Sequence[np.ndarray]):
        self.shape = (n, n)
        self.blocks = [np.asarray(b, dtype=np.int64) for b in blocks]
        self.matrices = list(matrices)
        self._block = np.full(n, -1, dtype=np.int64)
        self._pos = np.zeros(n, dtype=np.int64)
        for k, idx in enumerate(self.blocks):
            self._block[idx] = k
            self._pos[idx] = np.arange(len(idx))

    def __getitem__(self, key: tuple[int, int]) -> float:
        i, j = key
        b = self._block[i]
        if b < 0 or b != self._block[j]:
            return 0.0
        return float(self.matrices[b][self._pos[i], self._pos[j]])

    def toarray(self) -> np.ndarray:
        """The dense matrix (for small inputs and tests)."""
        out = np.zeros(self.shape)
        for idx, m in zip(self.blocks, self.matrices, strict=True):
            out[np.ix_(idx, idx)] = m
        return out


def block_similarity(
    claims: Sequence[ClaimInfo],
    backend: SimilarityBackend,
    blocks: Sequence[Sequence[int]] | None = None,
) -> BlockSimilarity:
    """``backend``'s similarity inside each block of claim indices (one block: all claims)."""
    n = len(claims)
    if blocks is None:
        blocks = [range(n)]
    idxs = [np.asarray(sorted(b), dtype=np.int64) for b in blocks if len(b)]
    mats = [np.asarray(backend.matrix([claims[i] for i in idx])) for idx in idxs]
    return BlockSimilarity(n, idxs, mats)


def elementwise_max(a: Any, b: Any) -> Any:
    """The larger of two similarities cell by cell: two ``BlockSimilarity`` over the same blocks
    (one ``BlockSimilarity``), or two dense matrices."""
    if isinstance(a, BlockSimilarity) and isinstance(b, BlockSimilarity):
        if len(a.blocks) != len(b.blocks) or any(
            not np.array_equal(x, y) for x, y in zip(a.blocks, b.blocks, strict=True)
        ):
            raise ValueError("the two similarities are not over the same blocks")
        mats = [np.maximum(x, y) for x, y in zip(a.matrices, b.matrices, strict=True)]
        return BlockSimilarity(a.shape[0], a.blocks, mats)
    return np.maximum(np.asarray(a), np.asarray(b))


def _blocks(sim: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    if isinstance(sim, BlockSimilarity):
        yield from zip(sim.blocks, sim.matrices, strict=True)
    else:
        yield np.arange(sim.shape[0]), np.asarray(sim)


def _ordered(rows: list[np.ndarray], cols: list[np.ndarray]) -> Iterator[tuple[int, int]]:
    if not rows:
        return
    i, j = np.concatenate(rows), np.concatenate(cols)
    order = np.lexsort((j, i))
    yield from zip(i[order].tolist(), j[order].tolist(), strict=True)


def similar_pairs(sim: Any, threshold: float) -> Iterator[tuple[int, int]]:
    """``(i, j)``, ``i < j``, with ``sim[i, j] >= threshold``, in row order.  ``sim`` is a
    ``BlockSimilarity`` or a dense matrix."""
    rows, cols = [], []
    for idx, m in _blocks(sim):
        r, c = np.nonzero(np.triu(m >= threshold, 1))
        rows.append(idx[r])
        cols.append(idx[c])
    return _ordered(rows, cols)


def cross_source_pairs(
    claims: Sequence[ClaimInfo], indices: Sequence[int]
) -> Iterator[tuple[int, int]]:
    """``(i, j)`` of ``indices`` in their order, ``i`` before ``j``, whose claims come from two
    independent sources and are not told of two different events."""
    for n, i in enumerate(indices):
        a = claims[i]
        for j in indices[n + 1 :]:
            b = claims[j]
            if a.source == b.source:
                continue
            if a.claim.event and b.claim.event and a.claim.event != b.claim.event:
                continue
            yield i, j


def _incidence(*families: Sequence[Any]) -> list[sparse.csr_matrix]:
    """For each family of word sets (one set per claim), claims by words over one vocabulary:
    1 where claim ``i`` holds word ``w``."""
    vocab: dict[str, int] = {}
    coords = []
    for sets in families:
        r, c = [], []
        for i, s in enumerate(sets):
            for w in s:
                r.append(i)
                c.append(vocab.setdefault(w, len(vocab)))
        coords.append((len(sets), r, c))
    width = max(1, len(vocab))
    return [
        sparse.csr_matrix((np.ones(len(r), dtype=np.int32), (r, c)), shape=(n, width))
        for n, r, c in coords
    ]


def _measures(c: ClaimInfo) -> set[str]:
    """What a claim's figures measure, as keys two claims must share to be compared: the kind and
    unit, and for a count of people in a frame the frame (``23 miners killed`` against ``12
    people killed``: ``quantities.exceeds_whole``)."""
    keys = {f"{q.kind}:{q.unit}" for q in c.quantities}
    return keys | {f"framed:{q.frame}" for q in c.quantities if q.frame in PERSON_FRAMES}


def cue_mask(claims: Sequence[ClaimInfo]) -> np.ndarray:
    """``mask[i, j]``: the cues of claims ``i`` and ``j`` may contrast (``nli.cue_contrast`` can
    only be non-None where this is True: an account cue on one side only, opposite judgements,
    a unit both count, a predicate one negates and the other uses)."""
    acc = np.array([bool(c.account) for c in claims], dtype=bool)
    ev = np.array([c.evaluation for c in claims], dtype=np.int64)
    mask = acc[:, None] != acc[None, :]
    mask |= (ev[:, None] != ev[None, :]) & (ev[:, None] != 0) & (ev[None, :] != 0)
    (units,) = _incidence([_measures(c) for c in claims])
    if units.nnz:
        mask |= (units @ units.T).toarray() > 0
    for left, right in negation.EXCLUSIVE:  # outcomes that exclude each other (resigned / fired)
        has_l = np.array([bool((c.predicates - c.negated) & left) for c in claims], dtype=bool)
        has_r = np.array([bool((c.predicates - c.negated) & right) for c in claims], dtype=bool)
        if has_l.any() and has_r.any():
            mask |= (has_l[:, None] & has_r[None, :]) | (has_r[:, None] & has_l[None, :])
    neg, pred = _incidence([c.negated for c in claims], [c.predicates for c in claims])
    if neg.nnz and pred.nnz:
        clash = (neg @ pred.T).toarray() > 0
        mask |= clash | clash.T
    return mask


def cue_pairs(
    claims: Sequence[ClaimInfo], sim: Any, floor: float, cues_only: bool
) -> Iterator[tuple[int, int]]:
    """``(i, j)``, ``i < j``, in row order, with ``sim[i, j] >= floor`` and, when ``cues_only``,
    cues that may contrast (``cue_mask``): the pairs a disagreement can come from."""
    rows, cols = [], []
    for idx, m in _blocks(sim):
        mask = np.triu(m >= floor, 1)
        if cues_only and mask.any():
            mask &= cue_mask([claims[i] for i in idx])
        r, c = np.nonzero(mask)
        rows.append(idx[r])
        cols.append(idx[c])
    return _ordered(rows, cols)
