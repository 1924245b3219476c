"""Agreement: claims about the same thing across articles, grouped, with independent support.

``group_claims(claims, sim)`` links two claims of different articles when their similarity
(``nli`` similarity backend) reaches ``threshold`` and their cues do not contrast (a denial is not
support), then takes connected components.  A group's ``sources`` lists one article per
independent source (versions and syndicated copies of one article count once), so a reader sees
"reported by 4 independent sources" versus "only in one".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsprism.analyze.disagreements.blocks import BlockSimilarity, similar_pairs
from newsprism.analyze.disagreements.claims import ClaimInfo
from newsprism.analyze.disagreements.nli import cue_contrast
from newsprism.model import ClaimGroup

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

AGREE_THRESHOLD = 0.5


def stem_idf(claims: Sequence[ClaimInfo]) -> dict[str, float]:
    """Inverse document frequency of each stem over the claims."""
    df: Counter[str] = Counter()
    for c in claims:
        df.update(set(c.stems))
    n = max(1, len(claims))
    return {w: math.log((1 + n) / (1 + k)) + 1 for w, k in df.items()}


def topic_of(members: Sequence[ClaimInfo], idf: dict[str, float], k: int = 4) -> str:
    """A few words the members share (entities first, then the rarest shared stems)."""
    if not members:
        return ""
    ents = set(members[0].claim.entities)
    stems = set(members[0].stems)
    for m in members[1:]:
        ents &= set(m.claim.entities)
        stems &= set(m.stems)
    if not stems:
        counts = Counter(w for m in members for w in set(m.stems))
        stems = {w for w, n in counts.items() if n > 1} or set(members[0].stems)
    words = sorted(stems, key=lambda w: (-idf.get(w, 0.0), w))
    ent_words = {w for e in ents for w in e.split()}
    out = [e for e in sorted(ents)][:2] + [w for w in words if w not in ent_words]
    return ", ".join(out[:k])


def group_claims(
    claims: Sequence[ClaimInfo],
    sim: np.ndarray | BlockSimilarity,
    independent: Sequence[Sequence[str]] = (),
    threshold: float = AGREE_THRESHOLD,
) -> tuple[ClaimGroup, ...]:
    """Groups of two or more claims from different articles that say the same thing."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in similar_pairs(sim, threshold):  # only pairs inside a block (blocks.py)
        a, b = claims[i], claims[j]
        if a.claim.article == b.claim.article:
            continue
        if cue_contrast(a, b):
            continue
        parent[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(len(claims)):
        members.setdefault(find(i), []).append(i)
    source_rep = {a: group[0] for group in independent for a in group}
    idf = stem_idf(claims)
    groups: list[ClaimGroup] = []
    for idx in sorted(members.values(), key=lambda m: m[0]):
        if len(idx) < 2:
            continue
        ms = [claims[i] for i in idx]
        sources = tuple(dict.fromkeys(source_rep.get(m.claim.article, m.claim.article) for m in ms))
        groups.append(
            ClaimGroup(
                f"cg{len(groups) + 1}",
                tuple(m.claim.id for m in ms),
                sources,
                topic_of(ms, idf),
            )
        )
    return tuple(groups)
