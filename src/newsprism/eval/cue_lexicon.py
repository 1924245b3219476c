"""Speech-cue verbs learned from attribution gold (PolNeAR train's ``Cue`` spans).

``count_cues`` counts, for each verb lemma outside gold content, how often it is seen, how often
it is (part of) a gold cue and how often it is the cue of a direct quote; ``select`` keeps the
verbs that are a cue often enough and rarely anything else.  ``benchmarks/learn_cues.py`` runs
both on PolNeAR train and writes ``newsprism/data/cue_lexicon.json``, which the quotes stage
reads (``newsprism.analyze.quotes.cues.LEARNED_CUES``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsprism.eval.attribution import GoldArticle, is_direct
from newsprism.model import Span


@dataclass
class CueCounts:
    seen: dict[str, int] = field(default_factory=dict)  # verb occurrences outside gold content
    cue: dict[str, int] = field(default_factory=dict)  # ... inside a gold cue
    direct: dict[str, int] = field(default_factory=dict)  # ... inside the cue of a direct quote

    def add(self, lemma: str, cue: bool, direct: bool) -> None:
        self.seen[lemma] = self.seen.get(lemma, 0) + 1
        if cue:
            self.cue[lemma] = self.cue.get(lemma, 0) + 1
        if direct:
            self.direct[lemma] = self.direct.get(lemma, 0) + 1


def _inside(pos: int, spans: Iterable[Span]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def count_cues(
    pairs: Iterable[tuple[GoldArticle, Sequence[tuple[int, Any]]]], counts: CueCounts | None = None
) -> CueCounts:
    """Count verbs over ``(gold article, [(segment offset, spaCy doc), ...])`` pairs; a verb
    inside some attribution's content is not counted (quoted words are not the writer's cues)."""
    counts = counts if counts is not None else CueCounts()
    for gold, segments in pairs:
        content = [s for a in gold.attributions for s in a.content]
        cues = [s for a in gold.attributions for s in a.cue]
        direct = [s for a in gold.attributions if is_direct(gold.text, a) for s in a.cue]
        for offset, doc in segments:
            for tok in doc:
                if tok.pos_ != "VERB":
                    continue
                pos = offset + tok.idx
                if _inside(pos, content):
                    continue
                lemma = tok.lemma_.lower()
                counts.add(lemma, _inside(pos, cues), _inside(pos, direct))
    return counts


def select(counts: CueCounts, min_direct: int = 3, min_share: float = 0.5) -> dict[str, float]:
    """Verbs that introduce a direct quote ``min_direct`` times or more and are a cue in at least
    ``min_share`` of the places they occur; each with that share."""
    out: dict[str, float] = {}
    for lemma, n in counts.direct.items():
        share = counts.cue.get(lemma, 0) / counts.seen[lemma]
        if n >= min_direct and share >= min_share and lemma.isalpha():  # not a dash
            out[lemma] = round(share, 3)
    return dict(sorted(out.items()))
