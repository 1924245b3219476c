"""Attribution evaluation on PolNeAR: reader, span matching and scores.

PolNeAR (Newell, Margolin, Ruths, LREC 2018) annotates attributions in news articles as BRAT
standoff: ``T`` lines ``Source|Cue|Content|Attribution START END TEXT`` (discontinuous spans as
``S E;S E``) and ``E`` lines that link one attribution's content, cue and source.  The data lives
in ``../shared/data/polnear/{train,dev}`` and is read from there only (never copied).

Scoring (``score``):

* a predicted content span matches a gold one when their character IoU is at least 0.5, counting
  only characters that are not whitespace and not quote marks, after edge punctuation is cut off
  both ends; pairs are matched one-to-one, best IoU first;
* exact-boundary matches: the two normalised spans have the same first and last character;
* speaker accuracy on matched pairs: the predicted speaker mention overlaps the gold source span,
  or the predicted speaker name and the gold source text share a capitalised word, or the gold
  source is a relative pronoun (``X, who said``) right after the predicted mention;
* direct-quote recall: gold contents that start or end with a quote mark;
* uncued direct pieces (``uncued_pieces``): each quoted span of a gold direct quote whose
  sentence holds none of the quote's gold cues (a continuation paragraph, a quote after ``X said
  in a statement:``, a speaker named in the sentence before, an answer in a Q&A), counted as
  found with the right speaker, with none, with a wrong one, or not found (``piece_outcome``).

``from_quotes`` leaves out attributions nested whole in another one's content: PolNeAR annotates
one level, the outermost (no two of its attributions overlap).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.model import Quote, Span

QUOTE_MARKS = "\"'“”‘’„«»‟‚"
EDGE_PUNCT = ".,;:!?—–-()[]…" + QUOTE_MARKS
MIN_IOU = 0.5
RELATIVE = frozenset({"who", "which", "that"})
_NAME_WORD = re.compile(r"[A-Z][\w'’-]+")
_IGNORED_NAMES = frozenset({"The", "A", "An", "He", "She", "They", "It", "Mr", "Mrs", "Ms", "Dr"})


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[Span, ...]
    source: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class Predicted:
    """One predicted attribution: its content span(s), speaker mention and speaker name.

    A quote split by its cue (``“A,” she said. “B.”``) is one attribution with two spans, as in
    PolNeAR's discontinuous spans."""

    content: tuple[Span, ...]
    mention: Span | None = None
    speaker: str | None = None
    kind: str = "direct"


def nested_in(inner: Quote, outer: Quote) -> bool:
    """``inner`` is reported whole, with its cue, inside ``outer``'s content (``X has refused to
    ..., residents said``: the refusal is nested in what the residents said)."""
    if inner is outer or inner.cue is None or outer.cue is None or inner.article != outer.article:
        return False
    lo, hi = min(inner.start, inner.cue.start), max(inner.end, inner.cue.end)
    return (
        outer.start <= lo
        and hi <= outer.end
        and (outer.start, outer.end) != (inner.start, inner.end)
        and not inner.start <= outer.cue.start < inner.end
    )


def from_quotes(
    quotes: Sequence[Quote],
    names: Mapping[str, str],
    keep_unattributed: bool = False,
    keep_nested: bool = False,
) -> list[Predicted]:
    """Predicted attributions of one article's quotes: the pieces of one utterance (direct quotes
    of one paragraph that share a cue and speaker mention) become one attribution with several
    spans; ``names`` maps speaker ids to names.  Quotes with neither a cue nor a speaker (scare
    quotes, titles) are not attributions and are left out, and so are attributions nested in
    another one's content unless ``keep_nested``: PolNeAR annotates one level, the outermost (no
    two of its attributions overlap)."""
    out: list[Predicted] = []
    last: dict[tuple[Span, Span | None], int] = {}
    if not keep_nested:
        quotes = [q for q in quotes if not any(nested_in(q, r) for r in quotes)]
    for q in quotes:
        if q.cue is None and q.speaker is None and not keep_unattributed and q.kind != "direct":
            continue  # quote marks with no one to attribute them to: not an attribution
        key = (q.cue, q.speaker_mention) if q.cue is not None else None
        if key is not None and q.kind == "direct" and key in last:
            k = last[key]
            prev = out[k]
            if prev.kind == "direct":
                out[k] = Predicted(prev.content + (Span(q.start, q.end),), prev.mention,
                                   prev.speaker, prev.kind)  # fmt: skip
                continue
        if key is not None:
            last[key] = len(out)
        speaker = names.get(q.speaker) if q.speaker else None
        out.append(Predicted((Span(q.start, q.end),), q.speaker_mention, speaker, q.kind))
    return out


def _spans(field_text: str) -> tuple[Span, ...]:
    out = []
    for part in field_text.split(";"):
        s, e = part.split()
        out.append(Span(int(s), int(e)))
    return tuple(out)


def parse_ann(ann: str) -> tuple[GoldAttribution, ...]:
    """The attributions of one BRAT ``.ann`` file that have a content span."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    links: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(where))
        elif line.startswith("E") and len(parts) >= 2:
            links.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    out = []
    for link in links:
        content = spans.get(link.get("Content", ""))
        if content is None:
            continue
        source = spans.get(link.get("Source", ""), ("", ()))[1]
        cue = spans.get(link.get("Cue", ""), ("", ()))[1]
        out.append(GoldAttribution(content[1], source, cue))
    return tuple(out)


def read_polnear(root: Path, split: str, limit: int | None = None) -> list[GoldArticle]:
    """Articles of one split with the attributions of one annotator each (the first by name)."""
    base = root / split
    chosen: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        name, _, _annotator = ann.stem.rpartition("_")
        chosen.setdefault(name, ann)
    out = []
    for name, ann in sorted(chosen.items()):
        text_path = base / "text" / f"{name}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        annotator = ann.stem.rpartition("_")[2]
        out.append(GoldArticle(name, text, annotator, parse_ann(ann.read_text(encoding="utf-8"))))
        if limit is not None and len(out) >= limit:
            break
    return out


def normalised_chars(text: str, spans: Iterable[Span]) -> frozenset[int]:
    """Offsets of the characters that count: no whitespace, no quote marks, edge punctuation off."""
    chars: list[int] = []
    for sp in spans:
        chars.extend(
            i
            for i in range(sp.start, min(sp.end, len(text)))
            if not text[i].isspace() and text[i] not in QUOTE_MARKS
        )
    chars.sort()
    lo, hi = 0, len(chars)
    while lo < hi and text[chars[lo]] in EDGE_PUNCT:
        lo += 1
    while hi > lo and text[chars[hi - 1]] in EDGE_PUNCT:
        hi -= 1
    return frozenset(chars[lo:hi])


def _iou(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def match(
    text: str, gold: Sequence[GoldAttribution], pred: Sequence[Predicted]
) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, predicted index, IoU) pairs with IoU >= 0.5, best first."""
    g_chars = [normalised_chars(text, g.content) for g in gold]
    p_chars = [normalised_chars(text, p.content) for p in pred]
    cands = []
    for i, g in enumerate(g_chars):
        if not g:
            continue
        lo, hi = min(g), max(g)
        for j, p in enumerate(p_chars):
            if p and min(p) <= hi and lo <= max(p):
                iou = _iou(g, p)
                if iou >= MIN_IOU:
                    cands.append((iou, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for iou, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j, iou))
    return out


def is_direct(text: str, gold: GoldAttribution) -> bool:
    """Gold content that starts or ends with a quote mark (after whitespace)."""
    body = "".join(text[s.start : s.end] for s in gold.content).strip()
    body = body.rstrip(".,;:!? ")
    return bool(body) and (body[0] in QUOTE_MARKS or body[-1] in QUOTE_MARKS)


def _antecedent_of(text: str, source: Sequence[Span], mention: Span) -> bool:
    """The gold source is a relative pronoun ("X, who said") and the mention is the noun phrase
    right before it: the same speaker, named where the pronoun points."""
    if len(source) != 1 or text[source[0].start : source[0].end].lower() not in RELATIVE:
        return False
    between = text[mention.end : source[0].start]
    return mention.end <= source[0].start and not between.strip(" ,\n\t\u00a0")


def speaker_correct(text: str, gold: GoldAttribution, pred: Predicted) -> bool:
    if not gold.source:
        return pred.mention is None
    if pred.mention is not None and any(pred.mention.overlaps(s) for s in gold.source):
        return True
    if pred.mention is not None and _antecedent_of(text, gold.source, pred.mention):
        return True
    if pred.speaker is None:
        return False
    gold_words = {
        w for s in gold.source for w in _NAME_WORD.findall(text[s.start : s.end])
    } - _IGNORED_NAMES
    return bool(gold_words & (set(_NAME_WORD.findall(pred.speaker)) - _IGNORED_NAMES))


def uncued_pieces(text: str, gold: GoldAttribution, sentences: Sequence[Span]) -> list[Span]:
    """The quoted spans of direct quote ``gold`` none of whose sentences holds a gold cue of it
    (all of them when it has no cue)."""
    if not is_direct(text, gold):
        return []
    out = []
    for piece in gold.content:
        if not any(c in text[piece.start : piece.end] for c in QUOTE_MARKS):
            continue
        touched = [s for s in sentences if s.start < piece.end and piece.start < s.end]
        if not any(s.start <= c.start < s.end for s in touched for c in gold.cue):
            out.append(piece)
    return out


def piece_outcome(text: str, gold: GoldAttribution, piece: Span, pred: Sequence[Predicted]) -> str:
    """``right``, ``none``, ``wrong`` or ``missed``: the speaker of the predicted attribution with
    a span covering most of ``piece`` (at least half of it)."""
    best, most = None, 0
    for p in pred:
        inside = max(
            (max(0, min(piece.end, s.end) - max(piece.start, s.start)) for s in p.content),
            default=0,
        )
        if inside > most:
            best, most = p, inside
    if best is None or 2 * most < piece.end - piece.start:
        return "missed"
    if best.mention is None and best.speaker is None:
        return "none" if gold.source else "right"
    return "right" if speaker_correct(text, gold, best) else "wrong"


@dataclass
class Scores:
    """Counts over a corpus; the figures are properties."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    speaker_ok: int = 0
    speaker_pairs: int = 0
    direct_gold: int = 0
    direct_found: int = 0
    articles: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [predicted, matched]
    uncued: dict[str, int] = field(default_factory=dict)  # outcome -> uncued direct pieces

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_f1(self) -> float:
        return 2 * self.exact / (self.gold + self.pred) if self.gold + self.pred else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_ok / self.speaker_pairs if self.speaker_pairs else 0.0

    @property
    def direct_recall(self) -> float:
        return self.direct_found / self.direct_gold if self.direct_gold else 0.0

    def add(
        self,
        article: GoldArticle,
        pred: Sequence[Predicted],
        sentences: Sequence[Span] | None = None,
    ) -> None:
        """Count one article; with its ``sentences``, also the outcome of each uncued direct
        piece."""
        text = article.text
        gold = article.attributions
        pairs = match(text, gold, pred)
        self.articles += 1
        self.gold += len(gold)
        self.pred += len(pred)
        self.matched += len(pairs)
        for p in pred:
            self.by_kind.setdefault(p.kind, [0, 0])[0] += 1
        direct = {i for i, g in enumerate(gold) if is_direct(text, g)}
        self.direct_gold += len(direct)
        for i, j, _iou_value in pairs:
            g_chars = normalised_chars(text, gold[i].content)
            p_chars = normalised_chars(text, pred[j].content)
            if min(g_chars) == min(p_chars) and max(g_chars) == max(p_chars):
                self.exact += 1
            self.speaker_pairs += 1
            self.speaker_ok += speaker_correct(text, gold[i], pred[j])
            self.direct_found += i in direct
            self.by_kind[pred[j].kind][1] += 1
        if sentences is None:
            return
        for g in gold:
            for piece in uncued_pieces(text, g, sentences):
                outcome = piece_outcome(text, g, piece, pred)
                self.uncued[outcome] = self.uncued.get(outcome, 0) + 1

    def row(self) -> dict[str, float]:
        return {
            "P": self.precision,
            "R": self.recall,
            "F1": self.f1,
            "exact_F1": self.exact_f1,
            "speaker": self.speaker_accuracy,
            "direct_R": self.direct_recall,
        }
