"""Quote groups: the same quoted words carried by several articles.

Each direct or mixed quote contributes its quoted material (a direct quote's text; a mixed quote's
fragments between marks).  Material is normalised (quote marks, apostrophes, case, punctuation,
whitespace) and candidate pairs are found through shared word 3-grams (an inverted index, so 200
articles do not cost all pairs); a pair matches when rapidfuzz ``partial_ratio`` of the shorter
against the longer is high and most of the shorter's words occur in the longer, so an outlet that
carries a longer or shorter version of a statement still matches.  Matches are joined
transitively; a group needs occurrences in two or more articles, and a quote repeated inside one
article counts once.

``conflict == "attribution"`` when occurrences name different speakers and at least one of them is
a named person or organisation (two unnamed descriptions such as "the groups" and "the two
leaders" may be the same speakers, so they are not a conflict).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from rapidfuzz import fuzz

from newsprism.model import Article, Quote, QuoteGroup, QuoteOccurrence, Span, WordChange

MIN_WORDS = 3
SHORT_WORDS = 8  # below this, a quote is a fragment that joins one match only
MIN_PARTIAL = 90.0
MIN_CONTAINED = 0.8
MAX_POSTING = 400
MIN_SHARED = 0.5  # share of the shorter's word 3-grams two matching quotes have in common  # a 3-gram found in more quotes than this says nothing about sameness

_WORD = re.compile(r"\w+")
_MARKS = str.maketrans({c: "'" for c in "’‘‛`´"} | {c: " " for c in '“”„‟"«»'})


@dataclass(frozen=True)
class QuoteMaterial:
    """A quote and the spans of its quoted words (article offsets)."""

    quote: Quote
    spans: tuple[Span, ...]


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, no quote marks or punctuation, single spaces."""
    return " ".join(_WORD.findall(text.translate(_MARKS).casefold()))


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _match(a: str, b: str, wa: set[str], wb: set[str]) -> float | None:
    """Similarity of two normalised texts when one holds the other, else None."""
    short, long_, ws, wl = (a, b, wa, wb) if len(a) <= len(b) else (b, a, wb, wa)
    contained = len(ws & wl) / max(1, len(ws))
    if contained < (1.0 if len(ws) < 5 else MIN_CONTAINED):
        return None
    figures = iter([w for w in long_.split() if w.isdigit()])
    if not all(w in figures for w in short.split() if w.isdigit()):  # figures must agree
        return None
    score = float(fuzz.partial_ratio(short, long_))
    return score if score >= (95.0 if len(ws) < 5 else MIN_PARTIAL) else None


def _matching_pairs(texts: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of distinct texts that hold one another; a short text joins its best match only,
    so that a fragment quoted by two statements does not bridge them."""
    words = [set(t.split()) for t in texts]
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        tokens = text.split()
        for gram in {tuple(tokens[k : k + 3]) for k in range(len(tokens) - 2)}:
            postings[gram].append(i)
    grams: Counter[int] = Counter()
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if len(ids) > MAX_POSTING:
            continue
        grams.update(ids)
        for x, i in enumerate(ids):
            for j in ids[x + 1 :]:
                shared[i, j] += 1
    pairs: list[tuple[str, str]] = []
    best: dict[int, tuple[tuple[float, int], int]] = {}  # short text -> its best match
    for (i, j), n in shared.items():
        if n < MIN_SHARED * min(grams[i], grams[j]):
            continue  # the words they share are a small part of both
        score = _match(texts[i], texts[j], words[i], words[j])
        if score is None:
            continue
        short = [k for k in (i, j) if len(texts[k].split()) < SHORT_WORDS]
        if not short:
            pairs.append((texts[i], texts[j]))
        for k in short:
            other = j if k == i else i
            key = (score, -abs(len(texts[other]) - len(texts[k])))
            if k not in best or key > best[k][0]:
                best[k] = (key, other)
    pairs.extend((texts[k], texts[other]) for k, (_key, other) in best.items())
    return pairs


def group_quotes(
    items: Sequence[QuoteMaterial],
    articles: Mapping[str, Article],
    named: AbstractSet[str] = frozenset(),
) -> tuple[QuoteGroup, ...]:
    """Groups of quotes whose material matches across two or more articles."""
    texts: list[str] = []
    for item in items:
        art = articles[item.quote.article]
        texts.append(normalise(" ".join(art.text[s.start : s.end] for s in item.spans)))
    same: dict[str, list[int]] = defaultdict(list)  # identical wording is matched once
    for i, text in enumerate(texts):
        if len(text.split()) >= MIN_WORDS:
            same[text].append(i)
    parent = list(range(len(items)))
    for members in same.values():
        for m in members[1:]:
            parent[_find(parent, m)] = _find(parent, members[0])
    for a, b in _matching_pairs(list(same)):
        parent[_find(parent, same[a][0])] = _find(parent, same[b][0])
    keep = [i for members in same.values() for i in members]
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in keep:
        clusters[_find(parent, i)].append(i)
    groups = [
        members
        for members in clusters.values()
        if len({items[m].quote.article for m in members}) >= 2
    ]
    order = {a: k for k, a in enumerate(articles)}
    groups.sort(
        key=lambda ms: min((order[items[m].quote.article], items[m].quote.start) for m in ms)
    )
    return tuple(
        _group(f"g{k + 1}", [items[m] for m in ms], [texts[m] for m in ms], articles, named, order)
        for k, ms in enumerate(groups)
    )


def _group(
    gid: str,
    members: Sequence[QuoteMaterial],
    texts: Sequence[str],
    articles: Mapping[str, Article],
    named: AbstractSet[str],
    order: Mapping[str, int],
) -> QuoteGroup:
    counts = Counter(texts)
    norm_of = {id(m): t for m, t in zip(members, texts, strict=True)}

    def rank(item: QuoteMaterial) -> tuple[bool, int, int]:
        return (item.quote.kind == "direct", counts[norm_of[id(item)]], len(norm_of[id(item)]))

    canon = max(members, key=rank)
    span = max(canon.spans, key=len)
    source = articles[canon.quote.article].text
    end = span.end
    while end > span.start and (source[end - 1] in ",;:" or source[end - 1].isspace()):
        end -= 1
    text = source[span.start : end]
    ctext = norm_of[id(canon)]
    by_article: dict[str, tuple[tuple[float, int, bool, int], QuoteMaterial]] = {}
    for item in members:
        mine = norm_of[id(item)]
        short, long_ = sorted((mine, ctext), key=len)
        key = (
            fuzz.partial_ratio(short, long_),
            -abs(len(mine) - len(ctext)),
            item.quote.speaker is not None,
            -item.quote.start,
        )
        aid = item.quote.article
        if aid not in by_article or key > by_article[aid][0]:
            by_article[aid] = (key, item)
    chosen = sorted((it for _k, it in by_article.values()), key=lambda it: order[it.quote.article])
    canon_words = normalise(text).split()
    occurrences = tuple(
        QuoteOccurrence(
            it.quote.id,
            it.quote.article,
            articles[it.quote.article].outlet,
            word_changes(canon_words, norm_of[id(it)].split()),
            articles[it.quote.article].published,
        )
        for it in chosen
    )
    dated = sorted((o.published, order[o.article], o.article) for o in occurrences if o.published)
    first = None
    if len(dated) == len(occurrences) and dated[0][0] < dated[1][0]:
        first = dated[0][2]  # every date known and one is the earliest
    speakers: list[str] = []
    for it in chosen:
        if it.quote.speaker is not None and it.quote.speaker not in speakers:
            speakers.append(it.quote.speaker)
    conflict = "attribution" if len(speakers) > 1 and any(s in named for s in speakers) else None
    return QuoteGroup(gid, text, occurrences, tuple(speakers), conflict, first)


def _extends(op: tuple[str, int, int, int, int]) -> bool:
    """An edge difference that is one outlet quoting further, not a change of wording."""
    tag, a0, a1, b0, b1 = op
    if tag in ("insert", "delete"):
        return True
    short, long_ = sorted((a1 - a0, b1 - b0))
    return tag == "replace" and long_ > 2 * short + 1


def word_changes(canonical: Sequence[str], variant: Sequence[str]) -> tuple[WordChange, ...]:
    """Word-level differences of ``variant`` from ``canonical`` inside the stretch both quote:
    words one outlet quotes beyond the other's start or end are not a change of wording, but an
    inserted, dropped or replaced word inside it is ("dismissed as smears" / "dismissed smears")."""
    ops = difflib.SequenceMatcher(a=canonical, b=variant, autojunk=False).get_opcodes()
    while ops and _extends(ops[0]):
        ops = ops[1:]
    while ops and _extends(ops[-1]):
        ops = ops[:-1]
    out: list[WordChange] = []
    for tag, a0, a1, b0, b1 in ops:
        if tag not in ("insert", "delete", "replace"):
            continue
        old, new = " ".join(canonical[a0:a1]), " ".join(variant[b0:b1])
        if old.replace(" ", "") == new.replace(" ", ""):
            continue  # a spelling ("anti semitism" / "antisemitism"), not a change of words
        out.append(WordChange(tag, old, new))
    return tuple(out)
