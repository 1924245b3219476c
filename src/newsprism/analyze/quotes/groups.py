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

from newsprism.analyze.disagreements.numerals import SMALL
from newsprism.model import Article, Quote, QuoteGroup, QuoteOccurrence, Span, WordChange

MIN_WORDS = 3
SHORT_WORDS = 8  # below this, a quote is a fragment that joins one match only
MIN_PARTIAL = 90.0
MIN_CONTAINED = 0.8
MAX_POSTING = 400  # a gram found in more quotes than this says nothing about sameness
MIN_SHARED = 0.5  # share of the shorter's word 3-grams two matching quotes have in common
OVERLAP_WORDS = 6  # a run of this many words in common: the same statement, cut differently
REWORDED = 0.75  # share of the shorter's words in aligned runs for a slightly reworded quote
REWORDED_PARTIAL = 85.0

_WORD = re.compile(r"\w+")
_MARKS = str.maketrans({c: "'" for c in "’‘‛`´"} | {c: " " for c in '“”„‟"«»'})
# Words that say nothing on their own: a short quote needs one word outside this list.
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "my",
        "your",
        "his",
        "our",
        "their",
        "not",
        "no",
        "so",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "very",
        "just",
        "than",
        "then",
        "too",
        "also",
        "s",
        "t",
    ]
)
# A negation added or dropped turns a quote into its opposite ("t": a normalised "don't").
NEGATIONS = frozenset(["not", "no", "never", "t", "nor", "nothing", "none"])


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


# number words to digits, so that "two" and "2" read alike (``numerals.SMALL``: zero to twenty)
_NUMBER_WORDS = {w: str(n) for w, n in SMALL.items()}


def _figures(text: str) -> list[str]:
    """Numbers in a normalised text, written in figures or as words up to twenty."""
    return [_NUMBER_WORDS.get(w, w) for w in text.split() if w.isdigit() or w in _NUMBER_WORDS]


def _figures_agree(short: str, long_: str) -> bool:
    figures = iter(_figures(long_))
    return all(w in figures for w in _figures(short))


def _match(a: str, b: str, wa: set[str], wb: set[str]) -> float | None:
    """Similarity of two normalised texts when they are the same quote, else None: one holds
    the other (a fragment and its full quote), or they share a long run of words (one statement
    cut at different places), or they align but for a word or two (slightly reworded)."""
    short, long_, ws, wl = (a, b, wa, wb) if len(a) <= len(b) else (b, a, wb, wa)
    if not _figures_agree(short, long_):  # figures must agree
        return None
    if len(ws) < 5 and not _distinctive(short):
        return None  # "in the end": common words say nothing of where they came from
    if (ws | wl) & NEGATIONS and _negation_changed(short.split(), long_.split()):
        return None
    contained = len(ws & wl) / max(1, len(ws))
    if contained >= (1.0 if len(ws) < 5 else MIN_CONTAINED):
        score = float(fuzz.partial_ratio(short, long_))
        if score >= (95.0 if len(ws) < 5 else MIN_PARTIAL):
            return score
    sw = [_NUMBER_WORDS.get(w, w) for w in short.split()]
    lw = [_NUMBER_WORDS.get(w, w) for w in long_.split()]
    blocks = difflib.SequenceMatcher(a=sw, b=lw, autojunk=False).get_matching_blocks()
    longest = max((blk for blk in blocks), key=lambda blk: blk.size)
    run = sw[longest.a : longest.a + longest.size]
    if longest.size >= OVERLAP_WORDS and sum(w not in STOP for w in run) >= 3:
        return 90.0
    if len(sw) >= 3 and sum(blk.size for blk in blocks) >= REWORDED * len(sw):
        score = float(fuzz.partial_ratio(short, long_))
        telling = sum(w not in STOP for w in sw) >= 2 or _only_common_changed(sw, lw)
        if score >= REWORDED_PARTIAL and telling:
            return score
    return None


def _changed(short: Sequence[str], long_: Sequence[str]) -> list[str] | None:
    """Words of either text that differ inside the stretch of ``long_`` that ``short`` aligns
    with, and the words at ``short``'s ends left out of it (None: no word in common)."""
    ops = difflib.SequenceMatcher(a=short, b=long_, autojunk=False).get_opcodes()
    kept = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not kept:
        return None
    inner = ops[kept[0] : kept[-1] + 1]
    changed = [
        w for tag, a0, a1, b0, b1 in inner if tag != "equal" for w in (*short[a0:a1], *long_[b0:b1])
    ]
    return changed + [*short[: inner[0][1]], *short[inner[-1][2] :]]


def _negation_changed(short: Sequence[str], long_: Sequence[str]) -> bool:
    """A negation in one of two aligned texts and not in the other (``was my decision`` /
    ``was not my decision``): the opposite statement, however close the words."""
    changed = _changed(short, long_)
    return changed is not None and any(w in NEGATIONS for w in changed)


def _only_common_changed(short: Sequence[str], long_: Sequence[str]) -> bool:
    """A short quote that differs from the aligned stretch of a longer one only in common words
    (``that was my grandchild`` / ``that's my grandchild``): the telling words all kept, in
    order, one of them distinctive, and no negation added or dropped."""
    changed = _changed(short, long_)
    if changed is None or any(w not in STOP or w in NEGATIONS for w in changed):
        return False
    return _distinctive(" ".join(short))


def _short_match(short: str, long_: str) -> bool:
    """A quote of one to two words (``“beyond repugnant”``) is the same as a longer one when
    it is a distinctive phrase (not only common words) inside it, word for word."""
    return _distinctive(short) and f" {short} " in f" {long_} "


def _distinctive(text: str) -> bool:
    """A word in it that is neither a common word nor a short one."""
    return any(w not in STOP and len(w) > 3 for w in text.split())


def _grams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[k : k + n]) for k in range(len(tokens) - n + 1)}


def _matching_pairs(
    texts: Sequence[str],
    speakers: Sequence[frozenset[str]] = (),
    homes: Sequence[frozenset[str]] = (),
    quoted_only: Sequence[bool] = (),
    named: AbstractSet[str] = frozenset(),
) -> list[tuple[str, str]]:
    """Pairs of distinct texts that are one quote; a short text joins its best match only, so
    that a fragment quoted by two statements does not bridge them, and that match is one in
    another article when there is one (``homes[i]``: the articles of text ``i``; a match in the
    fragment's own article only repeats it).  ``speakers[i]`` are the speaker ids of text
    ``i``: quotes of one or two words join only a quote of the same speaker (a word in quote
    marks is not a statement on its own), or, when the cluster prints those words only inside
    quote marks (``quoted_only[i]``: no outlet uses them in its own voice), a quote whose
    speaker is known and is not another named one (``named``: the ids of named people and organisations;
    a scare-quoted word is often credited to the person the sentence is about)."""
    words = [set(t.split()) for t in texts]
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        tokens = text.split()
        keys = _grams(tokens, 3)
        if len(tokens) < SHORT_WORDS:  # short texts are also found by their word pairs
            keys |= _grams(tokens, 2)
        if len(tokens) <= 2:
            keys |= {(w,) for w in tokens if w not in STOP}
        for gram in keys:
            postings[gram].append(i)
    for i, text in enumerate(texts):  # longer texts are found by the words of short ones
        tokens = text.split()
        if len(tokens) >= SHORT_WORDS:
            for gram in _grams(tokens, 2) | {(w,) for w in tokens if w not in STOP}:
                if gram in postings:
                    postings[gram].append(i)
    grams: Counter[int] = Counter()
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if len(ids) > MAX_POSTING:
            continue
        ids = sorted(set(ids))
        grams.update(ids)
        for x, i in enumerate(ids):
            for j in ids[x + 1 :]:
                shared[i, j] += 1
    pairs: list[tuple[str, str]] = []
    best: dict[int, tuple[tuple[bool, float, int], int]] = {}  # short text -> its best match
    for i, j in shared:
        ni, nj = len(texts[i].split()), len(texts[j].split())
        if min(ni, nj) <= 2:
            k, other = (i, j) if ni <= nj else (j, i)
            same = speakers and speakers[k] and speakers[k] == speakers[other]
            if not same and quoted_only and quoted_only[k]:
                known = bool(speakers[k]) and bool(speakers[other])
                same = known and not (speakers[k] & named and speakers[other] & named)
            if not same or not _short_match(texts[k], texts[other]):
                continue
            score: float | None = 100.0
        else:
            score = _match(texts[i], texts[j], words[i], words[j])
        if score is None:
            continue
        short = [k for k in (i, j) if len(texts[k].split()) < SHORT_WORDS]
        if not short:
            pairs.append((texts[i], texts[j]))
        for k in short:
            other = j if k == i else i
            elsewhere = bool(homes) and not homes[other] <= homes[k]
            key = (elsewhere, score, -abs(len(texts[other]) - len(texts[k])))
            if k not in best or key > best[k][0]:
                best[k] = (key, other)
    pairs.extend((texts[k], texts[other]) for k, (_key, other) in best.items())
    return pairs


def group_quotes(
    items: Sequence[QuoteMaterial],
    articles: Mapping[str, Article],
    named: AbstractSet[str] = frozenset(),
    anonymous: AbstractSet[str] = frozenset(),
    reported: Sequence[QuoteMaterial] = (),
) -> tuple[QuoteGroup, ...]:
    """Groups of quotes whose material matches across two or more articles.  ``reported`` are
    reported-speech quotes (no quote marks): one joins the group of a quoted passage of another
    article that it carries word for word (``could “safely remain in operation”`` / ``could
    safely remain in operation, the agency said``), with those words as its material."""
    items = list(items)
    texts: list[str] = []
    units: list[tuple[int, str]] = []  # (item, text): each fragment of a mixed quote on its own
    for i, item in enumerate(items):
        art = articles[item.quote.article]
        pieces = [normalise(art.text[s.start : s.end]) for s in item.spans]
        texts.append(" ".join(p for p in pieces if p))
        if len(pieces) > 1:  # "not “a grand program” or a “conversation on race”"
            units.extend((i, p) for p in pieces if p)
        else:
            units.append((i, texts[-1]))
            units.extend((i, p) for p in _sentences(art.text, item.spans[0]))
    same: dict[str, list[int]] = defaultdict(list)  # identical wording is matched once
    for i, text in units:
        if text and i not in same[text]:
            same[text].append(i)
    parent = list(range(len(items)))
    unique = list(same)
    speakers = []
    homes = [frozenset(items[m].quote.article for m in same[text]) for text in unique]
    for text in unique:
        members = same[text]
        who = frozenset(s for m in members if (s := items[m].quote.speaker) is not None)
        speakers.append(who)
        if len(text.split()) < MIN_WORDS and len(who) != 1:
            continue  # one or two words in quote marks are one quote only for one speaker
        for m in members[1:]:
            parent[_find(parent, m)] = _find(parent, members[0])
    quoted_only = [len(t.split()) <= 2 and _only_quoted(t, items, articles) for t in unique]
    for a, b in _matching_pairs(unique, speakers, homes, quoted_only, named):
        parent[_find(parent, same[a][0])] = _find(parent, same[b][0])
    for host, m, span in _carried(units, items, reported, articles):
        items.append(QuoteMaterial(host.quote, (span,)))
        texts.append(normalise(articles[host.quote.article].text[span.start : span.end]))
        parent.append(len(parent))
        same[texts[-1]].append(len(items) - 1)
        parent[_find(parent, len(items) - 1)] = _find(parent, m)
    keep = sorted({i for members in same.values() for i in members})
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
        _group(
            f"g{k + 1}",
            [items[m] for m in ms],
            [texts[m] for m in ms],
            articles,
            named,
            order,
            anonymous,
        )
        for k, ms in enumerate(groups)
    )


def _only_quoted(
    text: str, items: Sequence[QuoteMaterial], articles: Mapping[str, Article]
) -> bool:
    """Every occurrence of the words ``text`` in the articles lies inside quoted material."""
    inside: dict[str, list[Span]] = defaultdict(list)
    for item in items:
        inside[item.quote.article].extend(item.spans)
    pattern = re.compile(
        r"(?<!\w)" + r"\W+".join(re.escape(w) for w in text.split()) + r"(?!\w)", re.I
    )
    for aid, art in articles.items():
        for hit in pattern.finditer(art.text.translate(_MARKS)):
            if not any(s.start <= hit.start() and hit.end() <= s.end for s in inside[aid]):
                return False
    return True


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’]*\s+")


def _sentences(text: str, span: Span) -> list[str]:
    """The sentences of a quote of two or more, normalised, that can stand for it on their own
    (``MIN_WORDS`` words or more, one distinctive): one outlet may print one sentence of a
    statement another prints whole, or reword one sentence of it."""
    parts = [normalise(p) for p in _SENTENCE_END.split(text[span.start : span.end])]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return []
    return [p for p in parts if len(p.split()) >= MIN_WORDS and _distinctive(p)]


def _carried(
    units: Sequence[tuple[int, str]],
    items: Sequence[QuoteMaterial],
    reported: Sequence[QuoteMaterial],
    articles: Mapping[str, Article],
) -> list[tuple[QuoteMaterial, int, Span]]:
    """Reported quotes that carry a quoted passage of another article word for word: (the
    reported quote, the item whose passage it carries, the span of those words).  A passage
    counts when it has ``MIN_WORDS`` words or more, two of them telling (not common, not
    short); a reported quote joins its longest such passage only."""
    by_gram: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for i, text in units:
        tokens = text.split()
        telling = sum(w not in STOP and len(w) > 3 for w in tokens)
        if len(tokens) >= MIN_WORDS and telling >= 2:
            by_gram[tuple(tokens[:MIN_WORDS])].append((i, text))
    out: list[tuple[QuoteMaterial, int, Span]] = []
    for host in reported:
        art = articles[host.quote.article]
        lo, hi = host.spans[0].start, host.spans[-1].end
        hosted = f" {normalise(art.text[lo:hi])} "
        found: tuple[int, str] | None = None
        for gram in _grams(hosted.split(), MIN_WORDS):
            for i, text in by_gram.get(gram, ()):
                if items[i].quote.article == art.id or f" {text} " not in hosted:
                    continue
                if found is None or len(text) > len(found[1]):
                    found = (i, text)
        if found is None:
            continue
        pattern = r"\W+".join(re.escape(w) for w in found[1].split())
        hit = re.search(rf"(?<!\w){pattern}(?!\w)", art.text[lo:hi].translate(_MARKS), re.I)
        if hit is not None:
            out.append((host, found[0], Span(lo + hit.start(), lo + hit.end())))
    return out


def _group(
    gid: str,
    members: Sequence[QuoteMaterial],
    texts: Sequence[str],
    articles: Mapping[str, Article],
    named: AbstractSet[str],
    order: Mapping[str, int],
    anonymous: AbstractSet[str] = frozenset(),
) -> QuoteGroup:
    counts = Counter(texts)
    norm_of = {id(m): t for m, t in zip(members, texts, strict=True)}

    def rank(item: QuoteMaterial) -> tuple[bool, bool, int, int]:
        quote = item.quote
        text = norm_of[id(item)]
        return (quote.kind == "direct", quote.kind != "indirect", counts[text], len(text))

    canon = max(members, key=rank)
    span = max(canon.spans, key=len)
    source = articles[canon.quote.article].text
    end = span.end
    while end > span.start and (source[end - 1] in ",;:" or source[end - 1].isspace()):
        end -= 1
    text = source[span.start : end]
    ctext = norm_of[id(canon)]
    ranked: list[tuple[tuple[float, int, bool, int], QuoteMaterial]] = []
    for item in members:
        mine = norm_of[id(item)]
        short, long_ = sorted((mine, ctext), key=len)
        key = (
            fuzz.partial_ratio(short, long_),
            -abs(len(mine) - len(ctext)),
            item.quote.speaker is not None,
            -item.quote.start,
        )
        ranked.append((key, item))
    ranked.sort(key=lambda r: r[0], reverse=True)
    kept: dict[str, list[QuoteMaterial]] = defaultdict(list)
    for _key, item in ranked:  # an article's repeats count once; its other pieces are kept
        mine = norm_of[id(item)]
        mine_words = set(mine.split())
        pieces = kept[item.quote.article]
        same = [k for k in pieces if _repeats(mine, mine_words, norm_of[id(k)])]
        if not same:
            pieces.append(item)
        elif len(same) == 1 and len(mine) > len(norm_of[id(same[0])]):
            pieces[pieces.index(same[0])] = item  # the whole quote, not a word of it
    chosen = sorted(
        (it for items in kept.values() for it in items),
        key=lambda it: (order[it.quote.article], it.quote.start),
    )
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
    dated = sorted({(o.published, order[o.article], o.article) for o in occurrences if o.published})
    first = None
    every = len(dated) == len({o.article for o in occurrences})
    if every and len(dated) > 1 and dated[0][0] < dated[1][0]:
        first = dated[0][2]  # every date known and one is the earliest
    speakers: list[str] = []
    for it in chosen:
        if it.quote.speaker is not None and it.quote.speaker not in speakers:
            speakers.append(it.quote.speaker)
    # a named speaker against another named one, an unnamed source or a body ("the groups") is
    # a conflict; a person described in passing ("many of them", "this young person": often the
    # people a speaker's own quote imagines) is not
    counted = [s for s in speakers if s in named or s in anonymous]
    conflict = "attribution" if len(counted) > 1 and any(s in named for s in counted) else None
    return QuoteGroup(gid, text, occurrences, tuple(speakers), conflict, first)


def _repeats(text: str, words: set[str], other: str) -> bool:
    """``text`` says again what ``other`` (a piece of the same article) says."""
    short, long_ = sorted((text, other), key=len)
    shorter = words if short is text else set(other.split())
    return len(shorter & set(long_.split())) >= 0.8 * len(shorter) and (
        fuzz.partial_ratio(short, long_) >= MIN_PARTIAL
    )


def _extends(op: tuple[str, int, int, int, int]) -> bool:
    """An edge difference that is one outlet quoting further, not a change of wording."""
    tag, a0, a1, b0, b1 = op
    if tag in ("insert", "delete"):
        return True
    short, long_ = sorted((a1 - a0, b1 - b0))
    return tag == "replace" and long_ > 2 * short + 1


def _anchored(
    ops: Sequence[tuple[str, int, int, int, int]], canonical: Sequence[str] = ()
) -> list[tuple[str, int, int, int, int]]:
    """Opcodes in which a run of one or two common words in common (``that``, ``i``) no longer
    counts as the same stretch: it is folded with the differences around it, so two different
    pieces of one statement read as one extension, not as words replaced in between."""
    out: list[tuple[str, int, int, int, int]] = []
    for tag, a0, a1, b0, b1 in ops:
        weak = tag == "equal" and a1 - a0 <= 2 and bool(canonical)
        weak = weak and all(w in STOP for w in canonical[a0:a1])
        if tag != "equal" or weak:
            if out and out[-1][0] != "equal":
                _t, p0, _p1, q0, _q1 = out[-1]
                out[-1] = ("replace", p0, a1, q0, b1)
            else:
                out.append(("replace", a0, a1, b0, b1))
        else:
            out.append((tag, a0, a1, b0, b1))
    return [
        (("delete" if b0 == b1 else "insert" if a0 == a1 else t), a0, a1, b0, b1)
        for t, a0, a1, b0, b1 in out
    ]


def word_changes(canonical: Sequence[str], variant: Sequence[str]) -> tuple[WordChange, ...]:
    """Word-level differences of ``variant`` from ``canonical`` inside the stretch both quote:
    words one outlet quotes beyond the other's start or end are not a change of wording, but an
    inserted, dropped or replaced word inside it is ("dismissed as smears" / "dismissed smears").
    The stretch is anchored on runs in common of three words or more, or holding a word that is
    not common: another piece of the same statement sharing only a ``that`` is no rewording."""
    matcher = difflib.SequenceMatcher(a=canonical, b=variant, autojunk=False)
    ops = _anchored(matcher.get_opcodes(), canonical)
    ops = [op for op in ops if op[1] < op[2] or op[3] < op[4]]
    if not any(op[0] == "equal" for op in ops):
        return ()  # no stretch in common: another piece of the statement, not a rewording
    while ops and _extends(ops[0]):
        ops = ops[1:]
    while ops and _extends(ops[-1]):
        ops = ops[:-1]
    out: list[WordChange] = []
    for tag, a0, a1, b0, b1 in ops:
        if tag == "equal":
            continue
        old, new = " ".join(canonical[a0:a1]), " ".join(variant[b0:b1])
        if old.replace(" ", "") == new.replace(" ", ""):
            continue  # a spelling ("anti semitism" / "antisemitism"), not a change of words
        out.append(
            WordChange("insert" if not old else "delete" if not new else "replace", old, new)
        )
    return tuple(out)
