"""Extractive multi-document summary in which every sentence cites the spans it comes from.

Method (details and parameters in ``docs/summary.md``):

1. Candidates are the content sentences that can stand alone (``sentence_filters``), minus
   sentences inside a repeated passage of their own article (``summary_table``); sentences that
   break only a rule of ``FilterConfig.fallback`` are held in reserve.
2. Every content sentence of the briefing gets a TF-IDF vector (scikit-learn).  Similar pairs are
   found with chunked sparse products, so nothing is quadratic in Python.
3. Near-identical candidates (versions, wire copies, a paragraph printed twice) become one *unit*
   whose primary sentence is the earliest; the others become its citations.
4. A unit's score comes from the learned scorer (``summary_scorer``: a linear model stored as
   JSON over ``summary_features``: position, length, centrality, support, concepts, ...) or, with
   ``scorer="rules"`` (``RULES``), a weighted sum of centrality, position and cross-source
   support.  Weights live in ``SummaryConfig`` so features can be ablated.
5. Selection: first the best unit of each event (largest events first), then MMR until the word
   budget is met; a unit too similar to a chosen one is never taken; reserve units only when
   nothing else fits.
6. Output is ordered by event, then sentence index (leads before details), then article order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.analyze.summary.concepts import concept_matrix
from newsprism.analyze.summary.table import RelationsLike, Table, build_table
from newsprism.model import Citation, Event, Sentence, SummaryItem
from newsprism.nlp.annotate import AnnotatedArticle
from newsprism.options import RULES as RULES
from newsprism.options import SummaryConfig as SummaryConfig


def candidates(
    docs: Sequence[AnnotatedArticle],
    relations: RelationsLike,
    config: SummaryConfig | None = None,
) -> list[tuple[Sentence, str | None]]:
    """Every content sentence with the reason it is not a candidate (``None`` when it is)."""
    table = build_table(docs, relations, (config or SummaryConfig()).filters)
    return list(zip(table.sentences, table.reasons, strict=True))


def _vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, stop_words="english", strip_accents="unicode", dtype=np.float32
    )
    try:
        return sparse.csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # only stop words: no vocabulary
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def _pairs(
    x: sparse.csr_matrix, rows: np.ndarray, floor: float, chunk: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, col, cosine) for every candidate row and sentence col with cosine >= ``floor``."""
    out_r, out_c, out_v = [], [], []
    xt = x.T.tocsc()
    for start in range(0, len(rows), chunk):
        idx = rows[start : start + chunk]
        block = (x[idx] @ xt).tocoo()
        keep = (block.data >= floor) & (idx[block.row] != block.col)
        out_r.append(idx[block.row[keep]])
        out_c.append(block.col[keep].astype(np.int64))
        out_v.append(block.data[keep])
    if not out_r:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    return np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_v)


def _event_of_sentences(
    docs: Sequence[AnnotatedArticle], events: Sequence[Event], table: Table, x: sparse.csr_matrix
) -> tuple[np.ndarray, np.ndarray]:
    """Event index of every sentence (-1: none) and its cosine to that event's centroid."""
    n = len(table.sentences)
    doc_index = {d.id: i for i, d in enumerate(docs)}
    pairs = [
        (doc_index[a], e) for e, ev in enumerate(events) for a in ev.articles if a in doc_index
    ]
    n_ev = len(events)
    allowed_docs = sparse.csr_matrix(
        (np.ones(len(pairs)), ([p[0] for p in pairs], [p[1] for p in pairs])),
        shape=(len(docs), n_ev + 1),
    )
    allowed = allowed_docs[table.article].toarray() > 0  # sentences x (events + "none")
    allowed[:, n_ev] = ~allowed[:, :n_ev].any(axis=1)
    member = sparse.csr_matrix(allowed.T.astype(np.float32))
    centroids = sparse.csr_matrix(member @ x)
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    centroids = sparse.csr_matrix(sparse.diags(1.0 / norms) @ centroids)
    sims = np.asarray((x @ centroids.T).toarray())
    sims[~allowed] = -np.inf
    best = sims.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
    central = sims[np.arange(n), best] if n else np.zeros(0)
    event = np.where(best == n_ev, -1, best)
    return event.astype(np.int64), np.maximum(central, 0.0)


def _dense_centrality(emb: np.ndarray, event: np.ndarray) -> np.ndarray:
    """Cosine of each row's embedding to the normalised mean of its event's rows."""
    out = np.zeros(len(event))
    for e in np.unique(event):
        rows = event == e
        centroid = emb[rows].mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        if norm > 0:
            out[rows] = emb[rows] @ (centroid / norm)
    return np.maximum(out, 0.0)


def _support_matrix(
    table: Table, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, config: SummaryConfig
) -> sparse.csr_matrix:
    """Sentences x independent sources: True where the source holds a similar sentence."""
    n, n_groups = len(table.sentences), len(table.reps)
    strong = vals >= config.support_threshold
    r = np.concatenate([rows[strong], np.flatnonzero(table.candidate)])
    g = np.concatenate([table.group[cols[strong]], table.group[table.candidate]])
    if config.fuzzy_threshold <= 100:
        # one fuzzy check per (sentence, source) not yet supported: its most similar sentence
        key = rows * n_groups + table.group[cols]
        weak = ~strong & ~np.isin(key, r * n_groups + g)
        order = np.lexsort((-vals[weak], key[weak]))
        kw, first = np.unique(key[weak][order], return_index=True)
        a = rows[weak][order][first]
        b = cols[weak][order][first]
        if len(a):
            texts = table.texts
            ratio = process.cpdist(
                [texts[i] for i in a.tolist()],
                [texts[j] for j in b.tolist()],
                scorer=fuzz.token_set_ratio,
                processor=utils.default_process,
            )
            hit = np.asarray(ratio) >= config.fuzzy_threshold
            r = np.concatenate([r, a[hit]])
            g = np.concatenate([g, kw[hit] % n_groups])
    data = np.ones(len(r), dtype=np.float32)
    return sparse.csr_matrix((data, (r, g)), shape=(n, n_groups))


@dataclass
class _Units:
    primary: np.ndarray  # sentence index of each unit's primary
    label: np.ndarray  # unit of each candidate sentence (-1 for non-candidates)
    sources: sparse.csr_matrix  # units x independent sources that support them


def _units(
    table: Table,
    rows: np.ndarray,
    cols: np.ndarray,
    vals: np.ndarray,
    support: sparse.csr_matrix,
    config: SummaryConfig,
) -> _Units:
    n = len(table.sentences)
    cand = table.candidate
    same = (vals >= config.cite_threshold) & cand[cols]
    graph = sparse.csr_matrix((np.ones(int(same.sum())), (rows[same], cols[same])), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    cand_idx = np.flatnonzero(cand)
    comps, label_of_cand = np.unique(comp[cand_idx], return_inverse=True)
    label = np.full(n, -1, dtype=np.int64)
    label[cand_idx] = label_of_cand
    primary = np.full(len(comps), n, dtype=np.int64)
    np.minimum.at(primary, label_of_cand, cand_idx)
    member = sparse.csr_matrix(
        (np.ones(len(cand_idx)), (label_of_cand, cand_idx)), shape=(len(comps), n)
    )
    sources = sparse.csr_matrix((member @ support) > 0)
    return _Units(primary, label, sources)


def _position(table: Table, config: SummaryConfig) -> np.ndarray:
    """Position prior of every sentence: ``1 / (1 + index / position_scale)``."""
    index = np.array([s.index for s in table.sentences], dtype=np.float64)
    return 1.0 / (1.0 + index / config.position_scale)


def _scores(
    table: Table,
    units: _Units,
    central: np.ndarray,
    config: SummaryConfig,
) -> np.ndarray:
    position = _position(table, config)
    best_position = np.zeros(len(units.primary))
    cand_idx = np.flatnonzero(units.label >= 0)
    np.maximum.at(best_position, units.label[cand_idx], position[cand_idx])
    cent = central[units.primary]
    top = cent.max() if len(cent) else 0.0
    cent = cent / top if top > 0 else cent
    n_sources = np.asarray(units.sources.sum(axis=1)).ravel()
    others = max(1, len(table.reps) - 1)
    support = np.clip((n_sources - 1) / others, 0.0, 1.0)
    return (
        config.w_centrality * cent + config.w_position * best_position + config.w_support * support
    )


def _select(
    table: Table,
    x: sparse.csr_matrix,
    units: _Units,
    score: np.ndarray,
    event: np.ndarray,
    n_events: int,
    words: int,
    config: SummaryConfig,
    concepts: tuple[sparse.csr_matrix, np.ndarray] | None = None,
    max_sentences: int | None = None,
) -> list[int]:
    """Units chosen: one per event first (largest events first), then MMR up to the budget."""
    n_units = len(units.primary)
    prim = units.primary
    xu = x[prim]
    unit_words = np.array([len(table.texts[p].split()) for p in prim], dtype=np.int64)
    if concepts is not None and config.w_concepts > 0 and concepts[0].shape[1]:
        cu = sparse.csr_matrix(concepts[0][prim])
        cweight = concepts[1].astype(np.float64)
        per_word = 1.0 / np.maximum(unit_words, 1) ** config.concept_length_power
        first_gain = np.asarray(cu @ cweight).ravel() * per_word
        gain_scale = first_gain.max() if n_units and first_gain.max() > 0 else 1.0
    else:
        cu = None
    unit_event = event[prim]
    unit_group = table.group[prim]
    top = score.max() if n_units else 0.0
    relevance = score / top if top > 0 else score
    unit_article = table.article[prim]
    unit_reserve = table.reserve[prim]
    reserve_open = False
    max_sim = np.zeros(n_units)
    taken = np.zeros(n_units, dtype=bool)
    blocked = np.zeros(n_units, dtype=bool)
    covered = np.zeros(len(table.reps), dtype=bool)
    cap = max(words, 0) * (1.0 + config.overshoot)
    chosen: list[int] = []
    total = 0

    def pick(eligible: np.ndarray) -> int | None:
        ok = eligible & ~taken & ~blocked & (max_sim < config.redundancy_max)
        if not reserve_open:
            ok &= ~unit_reserve
        if chosen:
            ok &= total + unit_words <= cap
        if not ok.any():
            return None
        value = (
            config.mmr_lambda * relevance
            - (1.0 - config.mmr_lambda) * max_sim
            + config.w_new_source * ~covered[unit_group]
        )
        if cu is not None:
            gain = np.asarray(cu @ cweight).ravel() * per_word / gain_scale
            value = value + config.w_concepts * gain
        return int(np.argmax(np.where(ok, value, -np.inf)))

    def take(u: int) -> None:
        nonlocal total, max_sim
        chosen.append(u)
        if cu is not None:
            cweight[cu[u].indices] = 0.0  # covered: a concept counts once
        taken[u] = True
        covered[unit_group[u]] = True
        total += int(unit_words[u])
        sims = np.asarray((xu @ xu[u].T).toarray()).ravel()
        max_sim = np.maximum(max_sim, sims)
        rewrite = (unit_group == unit_group[u]) & (unit_article != unit_article[u])
        blocked[rewrite & (sims >= config.version_redundancy)] = True
        if config.fuzzy_threshold <= 100:
            # a sentence that would support the chosen one by the fuzzy test (its words nearly
            # all in the other: a short report of the same fact) adds no new fact either
            near = np.flatnonzero(
                ~taken & ~blocked & (sims >= config.fuzzy_floor) & (sims < config.redundancy_max)
            )
            if len(near):
                ratio = process.cdist(
                    [table.texts[prim[u]]],
                    [table.texts[prim[k]] for k in near.tolist()],
                    scorer=fuzz.token_set_ratio,
                    processor=utils.default_process,
                )[0]
                blocked[near[np.asarray(ratio) >= config.fuzzy_threshold]] = True

    sizes = []
    for e in range(n_events):
        in_event = unit_event == e
        groups = np.unique(unit_group[in_event])
        sizes.append((-len(groups), e))
    for _, e in sorted(sizes):
        u = pick(unit_event == e)
        if u is not None:
            take(u)
    everything = np.ones(n_units, dtype=bool)
    while (total < words or not chosen) and (max_sentences is None or len(chosen) < max_sentences):
        u = pick(everything)
        if u is None and not reserve_open and unit_reserve.any():
            reserve_open = True  # readable candidates ran out: fill from the reserve
            u = pick(everything)
        if u is None:
            break
        take(u)
    return chosen


_TOKEN = re.compile(r"\w+")


def carries_words(item: str, other: str, share: float) -> bool:
    """True when ``other`` holds at least ``share`` of the word forms of ``item`` (case folded)."""
    words = set(_TOKEN.findall(item.casefold()))
    if not words:
        return True
    return len(words & set(_TOKEN.findall(other.casefold()))) >= share * len(words)


def _citations(
    docs: Sequence[AnnotatedArticle],
    table: Table,
    p: int,
    rows: np.ndarray,
    cols: np.ndarray,
    vals: np.ndarray,
    config: SummaryConfig,
) -> tuple[Citation, ...]:
    """The primary span, then the most similar near-identical sentence of each other article that
    carries the item's words (``carries_words``); a similar sentence in other words (a short
    paraphrase can pass the cosine) is left to ``support``."""
    lo, hi = np.searchsorted(rows, [p, p + 1])
    best: dict[int, tuple[float, int]] = {}
    for c, v in zip(cols[lo:hi].tolist(), vals[lo:hi].tolist(), strict=True):
        a = int(table.article[c])
        if (
            v >= config.cite_threshold
            and a != table.article[p]
            and v > best.get(a, (0.0, -1))[0]
            and carries_words(table.texts[p], table.texts[c], config.cite_words)
        ):
            best[a] = (v, c)
    ordered = [p] + [best[a][1] for a in sorted(best)]
    out = []
    for s in ordered:
        sent = table.sentences[s]
        out.append(Citation(docs[int(table.article[s])].id, sent.start, sent.end))
    return tuple(out)


@dataclass
class _Prepared:
    """Everything selection needs, computed once per call."""

    table: Table
    x: sparse.csr_matrix
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    event: np.ndarray
    units: _Units
    central: np.ndarray
    concepts: tuple[sparse.csr_matrix, np.ndarray] | None


def _same_story(
    docs: Sequence[AnnotatedArticle],
    table: Table,
    stories: Sequence[Sequence[str]],
    rows: np.ndarray,
    cols: np.ndarray,
) -> np.ndarray:
    """True for the pairs of sentences whose articles tell one story (``stories``: groups of
    article ids that tell unrelated stories, from ``events.unrelated_stories``)."""
    story_of = {a: k for k, members in enumerate(stories) for a in members}
    doc_story = np.array([story_of.get(d.id, -1) for d in docs], dtype=np.int64)
    sentence_story = doc_story[table.article]
    return np.asarray(sentence_story[rows] == sentence_story[cols])


def _prepare(
    docs: Sequence[AnnotatedArticle],
    events: Sequence[Event],
    relations: RelationsLike,
    config: SummaryConfig,
    stories: Sequence[Sequence[str]] = (),
) -> _Prepared | None:
    table = build_table(docs, relations, config.filters)
    cand_rows = np.flatnonzero(table.candidate)
    if len(cand_rows) == 0:
        return None
    x = _vectors(table.texts)
    floor = min(config.support_threshold, config.cite_threshold, config.fuzzy_floor)
    rows, cols, vals = _pairs(x, cand_rows, floor, config.chunk)
    if len(stories) > 1:  # a sentence never supports, or is cited for, another story's
        keep = _same_story(docs, table, stories, rows, cols)
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
    order = np.lexsort((cols, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    event, central = _event_of_sentences(docs, events, table, x)
    if config.backend != "tfidf":
        from newsprism.nlp.embeddings import get_backend

        central = np.zeros(len(table.texts))
        texts = [table.texts[i] for i in cand_rows.tolist()]
        emb = get_backend(config.backend).encode(texts)
        central[cand_rows] = _dense_centrality(emb, event[cand_rows])
    support = _support_matrix(table, rows, cols, vals, config)
    units = _units(table, rows, cols, vals, support, config)
    concepts = None
    if config.w_concepts > 0 or config.scorer == "learned":
        concepts = concept_matrix(table.texts, table.group, _position(table, config))
    return _Prepared(table, x, rows, cols, vals, event, units, central, concepts)


def _features(prep: _Prepared, config: SummaryConfig) -> np.ndarray:
    """Units x ``summary_features.FEATURES`` of a prepared briefing."""
    from newsprism.analyze.summary.features import UnitInputs, unit_features

    table, units = prep.table, prep.units
    gain = None
    if prep.concepts is not None and prep.concepts[0].shape[1]:
        prim = units.primary
        words = np.array([max(1, len(table.texts[p].split())) for p in prim.tolist()])
        cu = sparse.csr_matrix(prep.concepts[0][prim])
        per_word = 1.0 / words.astype(np.float64) ** config.concept_length_power
        gain = np.asarray(cu @ prep.concepts[1]).ravel() * per_word
    inputs = UnitInputs(
        texts=table.texts,
        index=np.array([s.index for s in table.sentences], dtype=np.int64),
        paragraph=np.array([s.paragraph for s in table.sentences], dtype=np.int64),
        article=table.article,
        n_groups=len(table.reps),
        primary=units.primary,
        label=units.label,
        unit_sources=units.sources,
        central=prep.central,
        rows=prep.rows,
        cols=prep.cols,
        vals=prep.vals,
        concept_gain=gain,
        x=prep.x,
    )
    return unit_features(inputs)


def unit_features_of(
    docs: Sequence[AnnotatedArticle],
    events: Sequence[Event],
    relations: RelationsLike,
    config: SummaryConfig | None = None,
) -> tuple[list[str], np.ndarray]:
    """(text of each unit's primary sentence, units x features): what the scorer is fitted on."""
    config = config or SummaryConfig()
    prep = _prepare(docs, events, relations, config)
    if prep is None:
        from newsprism.analyze.summary.features import FEATURES

        return [], np.zeros((0, len(FEATURES)))
    texts = [prep.table.texts[p] for p in prep.units.primary.tolist()]
    return texts, _features(prep, config)


def _unit_scores(prep: _Prepared, config: SummaryConfig) -> np.ndarray:
    if config.scorer == "rules":
        return _scores(prep.table, prep.units, prep.central, config)
    if config.scorer != "learned":
        from newsprism.errors import BAD_OPTION, NewsprismError

        raise NewsprismError(BAD_OPTION, f"unknown summary scorer {config.scorer!r}")
    from newsprism.analyze.summary.scorer import load_scorer

    score = load_scorer(config.scorer_model).predict(_features(prep, config))
    return score - score.min() + 1e-6 if len(score) else score  # relevance is score / max


def summarize(
    docs: Sequence[AnnotatedArticle],
    events: Sequence[Event],
    relations: RelationsLike,
    words: int = 200,
    config: SummaryConfig | None = None,
    sentences: int | None = None,
    stories: Sequence[Sequence[str]] = (),
) -> tuple[SummaryItem, ...]:
    """About ``words`` words of cited sentences covering every event (see module docstring).

    With ``sentences``, the budget is that many sentences instead (``words`` is then ignored).
    ``stories``: groups of article ids that tell unrelated stories (a mixed folder); a sentence
    then finds support and near-copies only in its own story.
    """
    config = config or SummaryConfig()
    prep = _prepare(docs, events, relations, config, stories)
    if prep is None:
        return ()
    table, units, event = prep.table, prep.units, prep.event
    rows, cols, vals = prep.rows, prep.cols, prep.vals
    score = _unit_scores(prep, config)
    concepts = prep.concepts if config.w_concepts > 0 else None
    sentences = sentences if sentences is not None else config.sentences
    if sentences is not None:
        words = sum(len(t.split()) for t in table.texts) + 1  # no word limit
    chosen = _select(
        table, prep.x, units, score, event, len(events), words, config, concepts, sentences
    )
    chosen = chosen[:sentences] if sentences is not None else chosen

    def key(u: int) -> tuple[int, int, int]:
        # by event; inside one, leads before details (sentence index), then article order
        p = int(units.primary[u])
        e = int(event[p])
        return (e if e >= 0 else len(events), table.sentences[p].index, p)

    items = []
    for u in sorted(chosen, key=key):
        p = int(units.primary[u])
        sources = units.sources[u].indices
        e = int(event[p])
        items.append(
            SummaryItem(
                text=table.texts[p],
                citations=_citations(docs, table, p, rows, cols, vals, config),
                support=tuple(sorted(table.reps[g] for g in sources)),
                event=events[e].id if e >= 0 else None,
            )
        )
    return tuple(items)
