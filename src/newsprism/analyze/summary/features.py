"""Features of summary units for the learned sentence scorer (``summary_scorer``).

One row per unit (a candidate sentence and its near-identical copies), computed from what
``summarize`` already has: sentence positions, the TF-IDF similar pairs, event centrality,
cross-source support and the concept weights.  Names are in ``FEATURES``; the model file lists
the names it was fitted on, so a model and this module can be checked against each other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

FEATURES: tuple[str, ...] = (
    "index",  # log1p(sentence index in its article)
    "relative_index",  # index / sentences of the article
    "paragraph",  # log1p(paragraph index)
    "first_sentence",  # 1 for the article's first content sentence
    "best_position",  # 1 / (1 + index / 3), best over the unit's members
    "words",  # log(words)
    "centrality",  # cosine to the event centroid / best such cosine
    "centrality_raw",  # cosine to the event centroid
    "degree",  # sum of cosines (>= the pair floor) to sentences of other articles / sentences
    "degree_own",  # the same, to sentences of its own article
    "support",  # (supporting independent sources - 1) / (sources - 1)
    "support_count",  # supporting independent sources
    "members",  # log(sentences in the unit)
    "sources",  # independent sources of the cluster
    "article_sentences",  # log1p(content sentences of its article)
    "article_order",  # index of the article in the input / articles
    "article_share",  # article's share of the cluster's content sentences
    "concepts",  # weight of its concepts per sqrt(word), / best over units
    "digits",  # share of tokens holding a digit
    "capitals",  # share of non-initial tokens that start with a capital (names)
    "quoted",  # share of characters between quote marks
    "said",  # an attribution verb (said, told, according to ...)
    "lead_similarity",  # best cosine to a first or second sentence of another article
    "lead_similarity_own",  # cosine to its own article's first sentence
)

_TOKEN = re.compile(r"\S+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
_SAID = re.compile(r"\b(?:said|says|told|according to|added|stated|announced)\b", re.IGNORECASE)


@dataclass(frozen=True)
class UnitInputs:
    """What the features read, all indexed by sentence of the briefing (``summarize._Table``)."""

    texts: Sequence[str]
    index: np.ndarray  # sentence index in its article
    paragraph: np.ndarray  # paragraph index in its article
    article: np.ndarray  # article of each sentence
    n_groups: int  # independent sources of the briefing
    primary: np.ndarray  # sentence index of each unit's primary
    label: np.ndarray  # unit of each sentence (-1: not a candidate)
    unit_sources: sparse.csr_matrix  # units x independent sources supporting them
    central: np.ndarray  # cosine of each sentence to its event centroid
    rows: np.ndarray  # similar pairs (row is a candidate), cosine >= the pair floor
    cols: np.ndarray
    vals: np.ndarray
    concept_gain: np.ndarray | None  # initial concept gain of each unit (or None)
    x: sparse.csr_matrix | None = None  # L2-normalised TF-IDF rows of every sentence


def _text_features(text: str) -> tuple[float, float, float, float]:
    tokens = _TOKEN.findall(text)
    n = max(1, len(tokens))
    digits = sum(any(c.isdigit() for c in t) for t in tokens) / n
    caps = sum(t[:1].isupper() for t in tokens[1:]) / max(1, len(tokens) - 1)
    quoted = sum(len(m.group(1)) for m in _QUOTED.finditer(text)) / max(1, len(text))
    said = 1.0 if _SAID.search(text) else 0.0
    return digits, caps, quoted, said


def unit_features(u: UnitInputs) -> np.ndarray:
    """Units x ``FEATURES`` (float64)."""
    n = len(u.texts)
    n_units = len(u.primary)
    out = np.zeros((n_units, len(FEATURES)))
    if n_units == 0:
        return out
    p = u.primary
    art = u.article[p]
    n_articles = int(u.article.max()) + 1 if n else 1
    per_article = np.bincount(u.article, minlength=n_articles).astype(np.float64)
    index = u.index.astype(np.float64)
    position = 1.0 / (1.0 + index / 3.0)
    best_position = np.zeros(n_units)
    cand = np.flatnonzero(u.label >= 0)
    np.maximum.at(best_position, u.label[cand], position[cand])
    members = np.bincount(u.label[cand], minlength=n_units).astype(np.float64)
    other = u.article[u.rows] != u.article[u.cols]
    degree_other = np.bincount(u.rows[other], weights=u.vals[other], minlength=n)
    degree_own = np.bincount(u.rows[~other], weights=u.vals[~other], minlength=n)
    n_support = np.asarray(u.unit_sources.sum(axis=1)).ravel()
    cent = u.central[p]
    top = float(cent.max()) if len(cent) else 0.0
    words = np.array([max(1, len(u.texts[i].split())) for i in p.tolist()], dtype=np.float64)
    if u.concept_gain is not None and len(u.concept_gain) and u.concept_gain.max() > 0:
        concepts = u.concept_gain / u.concept_gain.max()
    else:
        concepts = np.zeros(n_units)
    text = np.array([_text_features(u.texts[i]) for i in p.tolist()]).reshape(n_units, 4)
    art = u.article[p]
    lead_other = np.zeros(n_units)
    lead_own = np.zeros(n_units)
    leads = np.flatnonzero(u.index < 2)
    if u.x is not None and len(leads):
        sims = np.asarray((u.x[p] @ u.x[leads].T).toarray())
        same = art[:, None] == u.article[leads][None, :]
        lead_other = np.where(same, 0.0, sims).max(axis=1)
        first = same & (u.index[leads] == 0)[None, :]
        lead_own = np.where(first, sims, 0.0).max(axis=1)
    columns = {
        "index": np.log1p(index[p]),
        "relative_index": index[p] / np.maximum(per_article[art], 1.0),
        "paragraph": np.log1p(u.paragraph[p].astype(np.float64)),
        "first_sentence": (u.index[p] == 0).astype(np.float64),
        "best_position": best_position,
        "words": np.log(words),
        "centrality": cent / top if top > 0 else cent,
        "centrality_raw": cent,
        "degree": degree_other[p] / max(1, n),
        "degree_own": degree_own[p] / np.maximum(per_article[art], 1.0),
        "support": np.clip((n_support - 1) / max(1, u.n_groups - 1), 0.0, 1.0),
        "support_count": n_support,
        "members": np.log(np.maximum(members, 1.0)),
        "sources": np.full(n_units, float(u.n_groups)),
        "article_sentences": np.log1p(per_article[art]),
        "article_order": art / max(1, n_articles),
        "article_share": per_article[art] / max(1, n),
        "concepts": concepts,
        "digits": text[:, 0],
        "capitals": text[:, 1],
        "quoted": text[:, 2],
        "said": text[:, 3],
        "lead_similarity": lead_other,
        "lead_similarity_own": lead_own,
    }
    for j, name in enumerate(FEATURES):
        out[:, j] = columns[name]
    return out
