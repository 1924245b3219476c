"""The options of one briefing run, every one a plain dataclass: ``Config`` and the parts it holds
(``SummaryConfig``, ``FilterConfig``, ``Limits``), and the key a cached briefing is current for
(``settings_key``).  They live apart from the modules that use them (``pipeline``,
``analyze.summary``, ``nlp.annotate``, which re-export them) so that building a config and
checking a cached briefing import no analysis module (no spaCy, scikit-learn or SciPy):
``brief --db --story`` reads a current briefing back without loading them."""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.analyze.disagreements.nli import ContradictionBackend, SimilarityBackend


@dataclass(frozen=True)
class Limits:
    """What one article may cost: the content parsed per article is bounded, so a pathological
    input (a book, a dump of a feed as one file, a line of 200,000 characters) costs no more than
    a long article.  The limits sit far above real articles (the longest of the development
    corpora is 48,000 characters, the longest paragraph 26,000): they never bite on news."""

    # content characters parsed per article; the rest is not analysed.  100,000 (was 200,000):
    # parsing is most of what a pathological article costs (a 200 KB line: 22 s of CPU at
    # 200,000 beside the seeds, over the 20 s); still twice the longest real article
    max_chars: int = 100_000
    max_sentences: int = 4_000  # sentence ends and paragraphs parsed per article
    max_segment: int = 50_000  # a longer paragraph is parsed in pieces cut at a sentence end


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class FilterConfig:
    """Thresholds of the stand-alone rules."""

    min_words: int = 6
    max_words: int = 80
    max_quoted_share: float = 0.5  # above this share of quoted characters, an attribution is needed
    # False keeps only the form rules (headline .. label): for measuring what readability costs
    stand_alone: bool = True
    # reasons (``dangling_start``, ``question``, ...) whose rule is not applied: for measuring
    # what each rule costs
    allow: frozenset[str] = frozenset()
    # reasons that hold a sentence in reserve instead of dropping it: the summary takes it only
    # when the sentences that break no rule cannot fill the budget
    fallback: frozenset[str] = frozenset({"bare_quote", "first_person"})
    # a quote over several sentences of a paragraph is also a candidate as one span
    merge_quotes: bool = True
    # a sentence that needs the previous one is also a candidate joined with it
    join_previous: bool = True


@dataclass(frozen=True)
class SummaryConfig:
    """Weights and thresholds of the summary; a weight of 0 ablates its feature."""

    w_centrality: float = 1.0  # cosine to the event centroid, scaled so the best candidate is 1
    w_position: float = 0.5  # 1 / (1 + index / position_scale)
    w_support: float = 1.0  # (supporting independent sources - 1) / (all sources - 1)
    w_new_source: float = 0.1  # MMR bonus for a sentence from a source not yet in the summary
    w_concepts: float = 0.0  # weight of the uncovered concept weight a sentence adds, per word
    concept_length_power: float = 0.5  # concept gain is divided by words ** this
    position_scale: float = 3.0  # sentence index at which the position feature halves
    support_threshold: float = 0.4  # TF-IDF cosine at which another sentence supports a fact
    fuzzy_floor: float = 0.3  # below this cosine no fuzzy check is made
    fuzzy_threshold: float = 90.0  # rapidfuzz token_set_ratio that also counts as support
    cite_threshold: float = 0.8  # cosine at which two sentences are the same sentence
    cite_words: float = 0.6  # share of the item's words another citation must hold (else support)
    mmr_lambda: float = 0.7  # relevance vs. novelty in MMR
    redundancy_max: float = 0.4  # never take a sentence this similar to a chosen one (nor one
    # that passes the fuzzy support test against it: fuzzy_floor and fuzzy_threshold)
    version_redundancy: float = 0.25  # the same, between versions of one source (rewrites)
    overshoot: float = 0.15  # the budget may be exceeded by this share at most
    chunk: int = 1024  # candidate rows per sparse product
    backend: str = "tfidf"  # centrality from this embedding backend (``nlp.embeddings``)
    sentences: int | None = None  # a budget in sentences instead of words
    filters: FilterConfig = field(default_factory=FilterConfig)
    # "learned": the JSON model of ``summary_scorer`` scores units (``w_centrality``,
    # ``w_position`` and ``w_support`` are then unused); "rules": the weighted sum above
    scorer: str = "learned"
    scorer_model: str | None = None  # path of a model file; None: the packaged model


# The rule-based scorer (the fallback): its weights above, plus concept coverage in selection.
RULES = SummaryConfig(scorer="rules", w_concepts=2.0)


@dataclass(frozen=True)
class Config:
    """Options of one briefing run."""

    words: int = 200
    many_articles: int = 100  # above this, warn that a briefing is for one story
    # claim similarity and contradiction backends: a name of the analyze.disagreements.nli
    # registry, or a backend object plugged in as it is (keyed by ``plugged_identity``)
    similarity: str | SimilarityBackend = "tfidf"
    contradiction: str | ContradictionBackend = "rules"
    # similarity by meaning that also pairs claims for disagreements ("" for none); when its
    # optional dependencies (the ``embed`` extra) are missing, claims pair by ``similarity``
    # only, with notice NP217
    meaning: str | SimilarityBackend = ""
    # sentence embeddings that compare counts told with different nouns (``300 meals`` /
    # ``450 dinners``; analyze.disagreements.alignment), loaded only for a story with such a
    # pair: MiniLM run by numpy (no torch), "" for none.  Without the ``embed`` extra such
    # counts are not compared (notice NP217)
    counts_by_meaning: str = "minilm-numpy"
    # weights of the disagreements' confidence (analyze.disagreements.confidence.WEIGHTS)
    confidence: str = "hand-set"
    summary: SummaryConfig = field(default_factory=SummaryConfig)  # analyze.summary
    limits: Limits = DEFAULT_LIMITS  # what one article may cost (nlp.annotate.Limits)


def plugged_identity(value: object) -> dict[str, str]:
    """What a plugged object of a ``Config`` (a user's backend or model object) is keyed by in
    ``settings_key``: its own ``cache_key()`` when it defines one, else its module-qualified
    class name and version (its ``version`` attribute, else its top-level package's
    ``__version__``).  Never its ``str()``, which holds a memory address (a new key every run)
    and may be the same for two different backends."""
    import inspect

    own = value if inspect.isroutine(value) or isinstance(value, type) else type(value)
    name = f"{getattr(own, '__module__', '?')}.{getattr(own, '__qualname__', own.__name__)}"
    cache_key = getattr(value, "cache_key", None)
    if callable(cache_key) and not isinstance(value, type):
        return {"plugged": name, "cache_key": str(cache_key())}
    version = getattr(value, "version", None)
    if version is None:
        package = sys.modules.get(name.split(".", 1)[0])
        version = getattr(package, "__version__", None)
    return {"plugged": name, "version": "" if version is None else str(version)}


def settings_key(config: Config | None = None) -> str:
    """What a cached briefing was made with: a digest of every ``Config`` field (all of them
    shape the briefing) and of the newsprism version, so that a briefing cached with other
    settings, or by another release, is not taken for the current one (hex, 16 digits).  A
    plugged object (a backend in ``similarity``, ``contradiction`` or ``meaning``, a dataclass of
    the user's) counts by ``plugged_identity``, stable from run to run."""
    import hashlib
    import json

    from newsprism import __version__

    def plain(value: object) -> object:
        if value is None or isinstance(value, str | int | float | bool):
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
            if type(value).__module__.startswith("newsprism."):
                return fields  # newsprism's own options: their fields
            if callable(getattr(value, "cache_key", None)):
                return plugged_identity(value)
            return {**plugged_identity(value), "fields": fields}  # a user's: its class too
        if isinstance(value, frozenset | set):
            return sorted(plain(v) for v in value)  # type: ignore[type-var]
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return plugged_identity(value)

    text = json.dumps([__version__, plain(config or Config())], sort_keys=True)
    return hashlib.sha1(text.encode()).hexdigest()[:16]
