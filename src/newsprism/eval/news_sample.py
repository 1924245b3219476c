"""A sample of news text for measuring near-duplicate recall: real articles, and articles
derived from them the way copies arise in news.

The store's near-duplicate lookup is measured against the exact all-pairs answer of ``brief``
(``exact_relations``).  A sample made only of real articles holds few copies; one filled with
``eval.synthetic`` stories holds mostly template sentences that *different* generated stories
share, which real news does not.  This module derives the rest of the sample from the real
articles themselves, by the kinds of copying news shows (``KINDS``):

- ``wire``: the article under another outlet, with that outlet's furniture (a standfirst that
  repeats the lead's first sentence, a byline line, a footer line), its last paragraph or two
  sometimes trimmed;
- ``added``: a later version with a paragraph added (taken from another real article);
- ``corrected``: a later version with a figure corrected (a number changed) or, when the text has
  no number, its last sentence of one paragraph cut;
- ``cut``: a later version with one paragraph (not the first) cut;
- ``roundup``: a roundup or follow-up that quotes one or two paragraphs of the report among five
  to eight paragraphs taken from *other* real articles (never invented text);
- ``teaser``: the opening words of the report, cut off.

New text is only ever another real article's paragraph, drawn without replacement, so two derived
articles share text only through their sources.  A derived article is made from a real article,
or (``CHAIN`` of them) from an earlier derived one: a version of a wire copy, a teaser of a
version.  An outlet carries a story's wire copy once.  Sources are drawn with skewed weights (a few stories are copied many times, most once
or not at all), and the order of arrival puts each copy near its source (a teaser half the time
just before it, as a wire flash comes before the full story).  Everything is seeded: one seed,
one sample.  Texts are built from the real articles at run time; nothing is stored.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from newsprism.model import Article, Relation

KINDS = ("wire", "added", "corrected", "cut", "roundup", "teaser")

# The mix of derived kinds, as shares of the derived articles; fixed before any recall was
# measured on the sample (docs/evaluation.md), not tuned to it.
MIX: Mapping[str, float] = {
    "wire": 0.30,
    "added": 0.10,
    "corrected": 0.10,
    "cut": 0.10,
    "roundup": 0.25,
    "teaser": 0.15,
}
CHAIN = 0.15  # share of derived articles made from an earlier derived one

# The relation ``brief`` gives a derived article and its source in the usual case (an article
# of several paragraphs, outlets known): what the kind is meant to produce.  Short sources and
# unknown outlets move some (a wire copy of an article whose outlet is unknown is a duplicate or
# a version; a roundup quoting two of five paragraphs is a version); the benchmark prints the
# kinds against the relations they got.
MEANT = {
    "wire": "syndicated",
    "added": "version",
    "corrected": "duplicate",
    "cut": "version",
    "roundup": "shares_passages",
    "teaser": "version",
}

# Invented outlets for wire copies: no name extends another or a PolNeAR publisher's, so
# ``links.outlets_differ`` tells each from every other.
OUTLETS = (
    "Northgate Courier",
    "Ridgeline Times",
    "Lakeshore Ledger",
    "Kestrel Daily",
    "Marlow Record",
    "Eastfield Observer",
    "Copperhill Sentinel",
    "Bayview Chronicle",
    "Harrow Bridge Herald",
    "Westmoor Gazette",
    "Tidewater Star",
    "Pinecrest Journal",
)
# Furniture lines are short (under 10 words: never a shared passage on their own).
_BYLINES = ("By our wire desk", "From wire reports", "Staff and agencies", "By a correspondent")
_FOOTER = "More from the {outlet} every morning."

_NUMBER = re.compile(r"\b\d+\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


@dataclass(frozen=True)
class SampleArticle:
    """One article of the sample: ``kind`` is ``"real"`` or one of ``KINDS``; ``source`` the
    id of the article it was made from; ``donors`` the ids whose paragraphs it took."""

    id: str
    text: str
    outlet: str | None = None
    kind: str = "real"
    source: str | None = None
    donors: tuple[str, ...] = ()

    def record(self) -> dict[str, str]:
        """The JSONL record a store ingests (id, text and outlet when known)."""
        out = {"id": self.id, "text": self.text}
        if self.outlet:
            out["outlet"] = self.outlet
        return out


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def _join(paras: Sequence[str]) -> str:
    return "\n\n".join(paras)


class _Donors:
    """Paragraphs of real articles (at least 15 words), shuffled once and handed out without
    replacement: the only new text a derived article gets."""

    def __init__(self, real: Sequence[SampleArticle], rng: random.Random) -> None:
        self.pool = [(a.id, p) for a in real for p in paragraphs(a.text) if len(p.split()) >= 15]
        rng.shuffle(self.pool)

    def take(self, k: int, avoid: set[str]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        skipped: list[tuple[str, str]] = []
        while len(out) < k and self.pool:
            item = self.pool.pop()
            (skipped if item[0] in avoid else out).append(item)
        self.pool.extend(reversed(skipped))
        return out


def _derive(
    kind: str,
    src: SampleArticle,
    name: str,
    rng: random.Random,
    donors: _Donors,
    root: str,
    carried: set[tuple[str, str | None]],
) -> SampleArticle | None:
    """One derived article of ``kind`` from ``src``; None when ``src`` cannot give one."""
    paras = paragraphs(src.text)
    if not paras:
        return None
    avoid = {src.id, root}
    if kind == "wire":
        free = [o for o in OUTLETS if o != src.outlet and (root, o) not in carried]
        if not free:
            return None
        outlet = rng.choice(free)
        body = list(paras)
        if len(body) >= 6 and rng.random() < 0.5:
            body = body[: len(body) - rng.randint(1, 2)]
        first = _SENTENCE.split(paras[0])[0]
        text = _join([first, rng.choice(_BYLINES), *body, _FOOTER.format(outlet=outlet)])
        return SampleArticle(name, text, outlet, kind, src.id)
    if kind == "added":
        got = donors.take(1, avoid)
        if not got:
            return None
        at = rng.randint(1, len(paras))
        body = paras[:at] + [got[0][1]] + paras[at:]
        return SampleArticle(name, _join(body), src.outlet, kind, src.id, (got[0][0],))
    if kind == "corrected":
        body = list(paras)
        with_number = [i for i, p in enumerate(body) if _NUMBER.search(p)]
        if with_number:
            i = rng.choice(with_number)
            found = list(_NUMBER.finditer(body[i]))
            m = rng.choice(found)
            value = int(m.group()) + rng.randint(1, 9)
            body[i] = body[i][: m.start()] + str(value) + body[i][m.end() :]
        else:
            cuttable = [i for i, p in enumerate(body) if len(_SENTENCE.split(p)) > 1]
            if not cuttable:
                return None
            i = rng.choice(cuttable)
            body[i] = " ".join(_SENTENCE.split(body[i])[:-1])
        return SampleArticle(name, _join(body), src.outlet, kind, src.id)
    if kind == "cut":
        if len(paras) < 3:
            return None
        i = rng.randint(1, len(paras) - 1)
        return SampleArticle(name, _join(paras[:i] + paras[i + 1 :]), src.outlet, kind, src.id)
    if kind == "roundup":
        long = [i for i, p in enumerate(paras) if len(p.split()) >= 15]
        if not long:
            return None
        i = rng.choice(long)
        quoted = paras[i : i + rng.randint(1, 2)]
        got = donors.take(rng.randint(5, 8), avoid)
        if len(got) < 5:
            return None
        body = [p for _, p in got]
        at = rng.randint(1, len(body))
        body[at:at] = quoted
        outlet = rng.choice(OUTLETS)
        return SampleArticle(
            name, _join(body), outlet, kind, src.id, tuple(dict.fromkeys(d for d, _ in got))
        )
    if kind == "teaser":
        words = " ".join(paras[:3]).split()
        if len(words) < 31:
            return None
        keep = rng.randint(30, min(80, len(words) - 1))
        return SampleArticle(name, " ".join(words[:keep]) + " ...", src.outlet, kind, src.id)
    raise ValueError(f"unknown derived kind {kind!r}; one of {', '.join(KINDS)}")


def counts(n: int, mix: Mapping[str, float]) -> dict[str, int]:
    """How many of ``n`` derived articles each kind gets (largest remainders)."""
    total = sum(mix.values())
    raw = {k: n * v / total for k, v in mix.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: out[k] - raw[k])[: n - sum(out.values())]:
        out[k] += 1
    return out


def build(
    real: Sequence[SampleArticle],
    n: int,
    *,
    seed: int = 5,
    mix: Mapping[str, float] = MIX,
    chain: float = CHAIN,
) -> list[SampleArticle]:
    """The real articles (one of each text and outlet) and derived ones to make ``n`` in all,
    in order of arrival."""
    rng = random.Random(seed)
    seen: set[tuple[str, str | None]] = set()
    base: list[SampleArticle] = []
    for a in real:
        if (a.text, a.outlet) not in seen and paragraphs(a.text):
            seen.add((a.text, a.outlet))
            base.append(a)
    base = base[:n]
    todo = [k for k, c in counts(max(0, n - len(base)), mix).items() for _ in range(c)]
    rng.shuffle(todo)
    donors = _Donors(base, rng)
    weight = [rng.paretovariate(1.5) for _ in base]
    carried: set[tuple[str, str | None]] = {(a.id, a.outlet) for a in base}
    time: dict[str, float] = {a.id: float(i) for i, a in enumerate(base)}
    root: dict[str, str] = {a.id: a.id for a in base}
    derived: list[SampleArticle] = []
    tries = 0
    while todo and tries < 20 * n:
        tries += 1
        kind = todo[-1]
        if derived and rng.random() < chain:
            src = rng.choice(derived)
        else:
            src = rng.choices(base, weights=weight)[0]
        name = f"derived-{len(derived):05d}-{kind}"
        made = _derive(kind, src, name, rng, donors, root[src.id], carried)
        if made is None or (made.text, made.outlet) in seen:
            continue
        todo.pop()
        seen.add((made.text, made.outlet))
        derived.append(made)
        root[made.id] = root[src.id]
        if kind == "wire":
            carried.add((root[src.id], made.outlet))
        if kind == "teaser" and rng.random() < 0.5:
            time[made.id] = time[src.id] - rng.uniform(0.1, 5)  # the flash before the story
        else:
            mean = {"roundup": 200.0, "added": 60.0, "corrected": 60.0, "cut": 60.0}.get(kind, 30.0)
            time[made.id] = time[src.id] + rng.expovariate(1 / mean)
    everything = base + derived
    return sorted(everything, key=lambda a: (time[a.id], a.id))


def pair_kind(a: SampleArticle, b: SampleArticle) -> str:
    """``real-real``, ``derived-source`` (one made from the other), ``derived-real`` (a derived
    article and a real one it was not made from: a donor, or its source's own copies) or
    ``derived-derived``."""
    if a.kind == "real" and b.kind == "real":
        return "real-real"
    if a.source == b.id or b.source == a.id:
        return "derived-source"
    if a.kind == "real" or b.kind == "real":
        return "derived-real"
    return "derived-derived"


def exact_relations(articles: Sequence[Article]) -> list[Relation]:
    """``brief``'s relations over every pair of ``articles`` (prepared as a store prepares
    them: boilerplate and metadata marked), by ``links._classify`` without a parse."""
    from newsprism.analyze.relations import links
    from newsprism.nlp.segment import content_segments
    from newsprism.store.neardup import _Doc, _Segment

    docs = [_Doc(a, [_Segment(s) for s in content_segments(a)]) for a in articles]
    cache: dict[str, int] = {}
    profiles = [links._profile(cast(Any, d), cache) for d in docs]
    everything, unquoted, cols = links._matrices(profiles)
    return links._classify(cast(Any, docs), profiles, everything, unquoted, cols)


RELATIONS = ("duplicate", "version", "syndicated", "shares_passages")
PAIRS = ("real-real", "derived-source", "derived-real", "derived-derived")


@dataclass(frozen=True)
class Tally:
    """Pairs of one group: ``want`` in the exact answer, ``hit`` of them found (same kind),
    ``have`` found in all (precision is ``hit / have``)."""

    want: int
    hit: int
    have: int

    @property
    def recall(self) -> float:
        return self.hit / self.want if self.want else 1.0

    @property
    def precision(self) -> float:
        return self.hit / self.have if self.have else 1.0


def tally(
    exact: set[tuple[str, str, str]],
    found: set[tuple[str, str, str]],
    sample: Mapping[str, SampleArticle],
) -> dict[str, Tally]:
    """Recall and precision of ``found`` (``(a, b, kind)`` triples) against ``exact``, by
    relation (``RELATIONS``), by kind of pair (``PAIRS``), by both (``"version real-real"``),
    and for copies (the three copy relations) and ``all``."""
    groups: dict[str, list[int]] = {}

    def keys(rel: tuple[str, str, str]) -> list[str]:
        pair = pair_kind(sample[rel[0]], sample[rel[1]])
        out = ["all", rel[2], pair, f"{rel[2]} {pair}"]
        if rel[2] != "shares_passages":
            out += ["copies", f"copies {pair}"]
        return out

    for rel in exact:
        hit = rel in found
        for k in keys(rel):
            g = groups.setdefault(k, [0, 0, 0])
            g[0] += 1
            g[1] += hit
    for rel in found:
        for k in keys(rel):
            groups.setdefault(k, [0, 0, 0])[2] += 1
    return {k: Tally(*v) for k, v in groups.items()}
