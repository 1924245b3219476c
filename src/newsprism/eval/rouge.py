"""The ROUGE harness behind ``benchmarks/summary_multinews.py``: data, peers, budget, scores.

Every system is scored the same way:

* its sentences, in the order it gives them, are cut to the word budget (``fit_budget``: whole
  sentences while they fit, the last one cut at the budget), then joined by newlines;
* ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 from ``rouge-score`` with the Porter stemmer (the reference
  split into sentences by the same splitter, one per line), and the LongBench ROUGE-L (the
  ``rouge`` package, ``get_scores(...)["rouge-l"]["f"]``).

Peers: *lead* (the first sentence of each document in turn, then the second, ...), and sumy's
LexRank and TextRank with a word tokenizer that needs no NLTK data.  Peers read sentences split by
spaCy's rule-based ``sentencizer`` over each line of a document (no model, no NLTK punkt).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Cluster:
    """One Multi-News cluster: documents and, for evaluation, the reference summary."""

    id: str
    documents: tuple[str, ...]
    summary: str = ""


def read_clusters(path: Path | str, limit: int | None = None) -> list[Cluster]:
    """Clusters of a JSON-lines file (``{"id", "documents", "summary"}`` per line)."""
    out: list[Cluster] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            out.append(
                Cluster(str(row["id"]), tuple(row["documents"]), str(row.get("summary", "")))
            )
            if limit is not None and len(out) >= limit:
                break
    return out


def words(text: str) -> list[str]:
    """Whitespace words: the unit of every budget in the harness."""
    return text.split()


@functools.cache
def _sentencizer() -> Any:
    from newsprism.nlp.spacy_import import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[str]:
    """Rule-based sentences of each non-blank line of ``text`` (no model, no NLTK data)."""
    nlp = _sentencizer()
    out: list[str] = []
    lines = [m.group(0).strip() for m in _LINE.finditer(text)]
    for doc in nlp.pipe(line for line in lines if line):
        out.extend(s.text.strip() for s in doc.sents if s.text.strip())
    return out


def fit_budget(sentences: Sequence[str], budget: int) -> list[str]:
    """Sentences in order while they fit ``budget`` words; the last one is cut at the budget."""
    out: list[str] = []
    total = 0
    for s in sentences:
        w = words(s)
        if not w:
            continue
        if total + len(w) <= budget:
            out.append(" ".join(w))
            total += len(w)
        else:
            rest = budget - total
            if rest > 0:
                out.append(" ".join(w[:rest]))
            total = budget
        if total >= budget:
            break
    return out


# --- peers ----------------------------------------------------------------------------------


def lead(documents: Sequence[Sequence[str]], budget: int) -> list[str]:
    """The first sentence of each document in turn, then the second, ... up to the budget."""
    out: list[str] = []
    total = 0
    depth = max((len(d) for d in documents), default=0)
    for k in range(depth):
        for doc in documents:
            if k < len(doc):
                out.append(doc[k])
                total += len(words(doc[k]))
                if total >= budget:
                    return out
    return out


class WordTokenizer:
    """A sumy tokenizer that needs no NLTK data: regex words; sentences are given by the caller."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def _sumy(method: str) -> Callable[[Sequence[Sequence[str]], int], list[str]]:
    def run(documents: Sequence[Sequence[str]], budget: int) -> list[str]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        tok = WordTokenizer()
        paragraphs = [Paragraph([Sentence(s, tok) for s in doc]) for doc in documents if doc]
        document = ObjectDocumentModel(paragraphs)
        summarizer: Any = (LexRankSummarizer if method == "lexrank" else TextRankSummarizer)(
            Stemmer("english")
        )
        summarizer.stop_words = get_stop_words("english")

        def count(infos: Sequence[Any]) -> list[Any]:  # best rated first, up to the budget
            kept, total = [], 0
            for info in infos:
                kept.append(info)
                total += len(words(str(info.sentence)))
                if total >= budget:
                    break
            return kept

        return [str(s) for s in summarizer(document, count)]

    return run


PEERS: dict[str, Callable[[Sequence[Sequence[str]], int], list[str]]] = {
    "lead": lead,
    "lexrank": _sumy("lexrank"),
    "textrank": _sumy("textrank"),
}


# --- scores ---------------------------------------------------------------------------------


@functools.cache
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


@functools.cache
def _rouge() -> Any:
    from rouge import Rouge

    return Rouge()


def reference_lines(summary: str) -> str:
    """A reference summary with one sentence per line (the leading Multi-News dash removed)."""
    text = re.sub(r"^\s*[–—-]\s*", "", summary.strip())
    return "\n".join(split_sentences(text))


def score(sentences: Sequence[str], reference: str) -> dict[str, float]:
    """F1 x 100: ``rouge1``, ``rouge2``, ``rougeLsum`` (rouge-score, stemmed), ``longbench_rl``."""
    hyp = "\n".join(sentences)
    out = {k: 0.0 for k in ("rouge1", "rouge2", "rougeLsum", "longbench_rl")}
    if not hyp.strip() or not reference.strip():
        return out
    s = _scorer().score(reference, hyp)
    for k in ("rouge1", "rouge2", "rougeLsum"):
        out[k] = 100.0 * s[k].fmeasure
    try:
        out["longbench_rl"] = (
            100.0 * _rouge().get_scores([hyp], [reference], avg=True)["rouge-l"]["f"]
        )
    except (ValueError, RecursionError):  # the package fails on hypotheses of only punctuation
        out["longbench_rl"] = 0.0
    return out


def mean_scores(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = rows[0].keys() if rows else ()
    return {k: sum(r[k] for r in rows) / len(rows) for k in keys}


def iter_scored(
    clusters: Sequence[Cluster],
    system: Callable[[Cluster], list[str]],
    budget: int,
) -> Iterator[dict[str, float]]:
    """Scores of ``system`` (cluster -> sentences in its order) on each cluster at ``budget``."""
    for c in clusters:
        yield score(fit_budget(system(c), budget), reference_lines(c.summary))
