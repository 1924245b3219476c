"""Relations between articles: duplicates, versions, wire copies and shared passages.

Every article's content segments (never boilerplate) are cut into word 5-shingles of lowercased,
quote-folded tokens.  Each shingle is marked *quoted* when most of its words stand inside quotation
marks.  Two measures decide a pair:

- **own-text containment**: the share of the smaller article's unquoted shingles (the reporter's
  own words) found anywhere in the other article.  Versions and wire copies share the reporter's
  text; independent reports of one statement share mostly quoted text.
- **shared passages**: runs of at least ``PASSAGE_MIN_WORDS`` consecutive words covered by shared
  shingles and holding at least ``PASSAGE_MIN_CONTENT`` lowercase content words (so that a long
  organisation name is not a passage).

Counts come from sparse products of article-by-shingle matrices, so every pair is measured exactly
and 200 articles take a fraction of a second.  See ``docs/relations.md`` for thresholds and scores.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from newsprism.ingest.boilerplate import agency_key, wire_credit
from newsprism.model import Article, Relation, RelationKind, RepeatedPassage, Span
from newsprism.nlp.annotate import AnnotatedArticle
from newsprism.nlp.stop_words import english_stop_words
from newsprism.nlp.words import WordMemo

if TYPE_CHECKING:  # SciPy is imported where the matrices are built: the store's processes
    from scipy import sparse  # (which read these rules, never the matrices) do without it

SHINGLE = 5  # words per shingle
VERSION_MIN = 0.3  # own-text containment from which a pair reuses one text
DUPLICATE_MIN = 0.9  # Jaccard of all shingles from which two texts are near-identical
MIN_OWN_SHINGLES = 15  # fewer unquoted shingles than this: containment uses all shingles
PASSAGE_MIN_WORDS = 10  # words in a shared passage
PASSAGE_MIN_CONTENT = 3  # lowercase non-stopwords in a shared passage
REPEAT_MIN_WORDS = 8  # words in a paragraph that can count as repeated
REPEAT_MIN_RATIO = 90.0  # rapidfuzz ratio (0-100) of two paragraphs that repeat each other

_WORD = re.compile(r"\w+(?:['’‘]\w+)*")
_MULT = np.uint64(0x9E3779B97F4A7C15)
_DOUBLE_OPEN = "“«"
_DOUBLE_CLOSE = "”»"
_SINGLE = "‘’'"
_OPEN_BEFORE = " \t([{—–-/"
_DOUBLE_MARK = re.compile('[“«”»"]')
_SINGLE_MARK = re.compile("[‘’']")


@dataclass(frozen=True)
class RelationResult:
    """Relations between articles, paragraphs repeated inside one article, and the groups of
    articles left once duplicates, versions and wire copies are collapsed."""

    relations: tuple[Relation, ...]
    repeated: tuple[RepeatedPassage, ...]
    independent: tuple[tuple[str, ...], ...]


@dataclass
class _Profile:
    """Tokens and shingles of one article's content, in article order."""

    words: list[str]  # normalised tokens
    quoted: np.ndarray  # bool per token
    content: np.ndarray  # bool per token: lowercase non-stopword in the text as read
    seg: np.ndarray  # segment index per token
    pos: np.ndarray  # token index where each shingle starts
    hashes: np.ndarray  # uint64 per shingle
    shingle_quoted: np.ndarray  # bool per shingle


# --------------------------------------------------------------------------------------------
# quotation marks


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` inside quotation marks (article offsets, marks included).

    Curly double quotes open and close; a straight double quote toggles; an unclosed quote runs to
    the end of the range (the convention for quotes that continue over paragraphs).  Single quotes
    count only as a pair outside double quotes, an apostrophe inside a word never closes one.
    Only the quotation marks are visited (a regular expression finds them), so the cost is that of
    one scan in C plus a step per mark, not a Python step per character.
    """
    spans: list[tuple[int, int]] = []
    open_at = -1
    for m in _DOUBLE_MARK.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in _DOUBLE_OPEN:
            if open_at < 0:
                open_at = i
        elif open_at >= 0:
            spans.append((open_at, i + 1))
            open_at = -1
        elif ch == '"':
            open_at = i
    if open_at >= 0:
        spans.append((open_at, end))
    singles = _single_quoted(text, start, end, spans) if _may_open_single(text, start, end) else []
    if not singles and len(spans) < 2:
        return spans  # one span or none: merged already
    return _merge(spans + singles)


def _may_open_single(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a single mark that ``_single_quoted`` may open a quote
    at: "‘" or "'" ("’" never opens one; many texts write their apostrophes so)."""
    return text.find("'", start, end) >= 0 or text.find("‘", start, end) >= 0


def _single_quoted(
    text: str, start: int, end: int, doubles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    open_at = -1
    k = 0
    for m in _SINGLE_MARK.finditer(text, start, end):
        i = m.start()
        while k < len(doubles) and doubles[k][1] <= i:
            k += 1
            open_at = -1  # single quotes never pair across a double-quoted stretch
        if k < len(doubles) and doubles[k][0] <= i:
            open_at = -1
            continue
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # apostrophe inside a word
        if open_at < 0:
            if ch != "’" and before in _OPEN_BEFORE and after.isalnum():
                open_at = i
        elif ch != "‘" and not before.isspace() and not after.isalnum():
            out.append((open_at, i + 1))
            open_at = -1
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


# --------------------------------------------------------------------------------------------
# profiles


def _word_hash(word: str, cache: dict[str, int]) -> int:
    h = cache.get(word)
    if h is None:
        h = cache[word] = _hash(word)
    return h


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


class WordHashes(dict[str, int]):
    """A cache of word hashes that computes a word's on a miss: ``_profile`` reads its words'
    hashes through it in one pass (a plain dict is filled first with the words it lacks)."""

    def __missing__(self, word: str) -> int:
        h = self[word] = _hash(word)
        return h


def normalise(text: str) -> list[str]:
    """Lowercased word tokens with curly apostrophes folded (for comparisons only)."""
    return [m.group().lower().replace("’", "'").replace("‘", "'") for m in _WORD.finditer(text)]


def _profile(doc: AnnotatedArticle, cache: dict[str, int]) -> _Profile:
    text = doc.article.text
    words: list[str] = []
    content: list[bool] = []
    seg_ids: list[int] = []  # the segment of each run of tokens, and its length
    seg_lens: list[int] = []
    quoted_runs: list[tuple[int, int]] = []  # tokens [lo, hi) inside quotation marks
    is_content = _CONTENT.__getitem__
    for si, parsed in enumerate(doc.segments):
        s, e = parsed.segment.start, parsed.segment.end
        spans = quoted_spans(text, s, e)
        if spans:
            raws, runs = _quoted_tokens(text, s, e, spans)
        else:
            raws, runs = _WORD.findall(text, s, e), _NO_RUNS
        if not raws:
            continue
        at = len(words)
        quoted_runs += [(at + lo, at + hi) for lo, hi in runs]
        # lowercased and folded in one pass: words hold no NUL, and lower() maps no letter to one
        words += "\x00".join(raws).lower().replace("’", "'").replace("‘", "'").split("\x00")
        content += map(is_content, raws)
        seg_ids.append(si)
        seg_lens.append(len(raws))
    seg_arr = np.repeat(np.asarray(seg_ids, dtype=np.int64), seg_lens)
    quoted_arr = np.zeros(len(words), dtype=bool)
    for lo, hi in quoted_runs:
        quoted_arr[lo:hi] = True
    n = len(words) - SHINGLE + 1
    if n <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Profile(
            words,
            quoted_arr,
            np.asarray(content, dtype=bool),
            seg_arr,
            empty,
            empty.astype(np.uint64),
            empty.astype(bool),
        )
    if not isinstance(cache, WordHashes):
        for w in set(words).difference(cache):
            _word_hash(w, cache)
    wh = np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    hashes = wh[:n].copy()  # sum of word_j * _MULT ** (SHINGLE - 1 - j), wrapping, in place
    for j in range(1, SHINGLE):
        hashes *= _MULT
        hashes += wh[j : j + n]
    # quoted words of each shingle: the flags summed over each window of SHINGLE words (as
    # bytes: at most SHINGLE), one call
    qcount = np.convolve(quoted_arr.view(np.uint8), _ONES, "valid")
    valid = seg_arr[:n] == seg_arr[SHINGLE - 1 :]  # shingles never cross a paragraph
    pos = np.flatnonzero(valid)
    return _Profile(
        words,
        quoted_arr,
        np.asarray(content, dtype=bool),
        seg_arr,
        pos,
        hashes[pos],
        qcount[pos] * 2 > SHINGLE,
    )


_ONES = np.ones(SHINGLE, dtype=np.uint8)
_NO_RUNS: list[tuple[int, int]] = []  # never written: read only


def _content_word(raw: str) -> bool:
    """Whether a ``_WORD`` token as read is a content word: lowercase, and no stop word once
    folded (as ``_profile`` folds it: lower-cased, curly apostrophes straightened)."""
    folded = raw.lower().replace("’", "'").replace("‘", "'")
    return raw[0].islower() and folded not in english_stop_words()


_CONTENT = WordMemo(_content_word)  # a token's ``_content_word``, computed once


def _quoted_tokens(
    text: str, start: int, end: int, spans: list[tuple[int, int]]
) -> tuple[list[str], list[tuple[int, int]]]:
    """The ``_WORD`` tokens of ``text[start:end]`` and the runs of them (indices, end excluded)
    that start inside ``spans`` (``quoted_spans``' of that range).

    The range is read as pieces cut at the spans' edges, each by ``findall`` in C.  That gives
    the same tokens as one scan when no token runs across an edge: a span opens at a quotation
    mark with no word character before it (``_OPEN_BEFORE`` or a double mark, which no token
    holds), and closes after a mark that is a double one or a single one followed by no letter
    or digit, so only a single mark followed by "_" (a word character, not alphanumeric) can
    sit inside a token at an edge: then the tokens are placed one by one."""
    for _, close in spans:
        if text.startswith("_", close) and close < end:
            return _quoted_tokens_placed(text, start, end, spans)
    raws: list[str] = []
    runs: list[tuple[int, int]] = []
    at = start
    for open_at, close in spans:
        raws += _WORD.findall(text, at, open_at)
        lo = len(raws)
        raws += _WORD.findall(text, open_at, close)
        if len(raws) > lo:
            runs.append((lo, len(raws)))
        at = close
    raws += _WORD.findall(text, at, end)
    return raws, runs


def _quoted_tokens_placed(
    text: str, start: int, end: int, spans: list[tuple[int, int]]
) -> tuple[list[str], list[tuple[int, int]]]:
    """``_quoted_tokens`` by each token's start (a token may run across a span's edge)."""
    raws: list[str] = []
    runs: list[tuple[int, int]] = []
    k = 0
    for m in _WORD.finditer(text, start, end):
        p = m.start()
        while k < len(spans) and spans[k][1] <= p:
            k += 1
        i = len(raws)
        raws.append(m.group())
        if k < len(spans) and spans[k][0] <= p:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return raws, runs


def _matrices(
    profiles: Sequence[_Profile],
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, list[np.ndarray]]:
    """Binary article-by-shingle matrices (all shingles, unquoted shingles) and column ids."""
    from scipy import sparse

    allh = [p.hashes for p in profiles]
    if sum(len(h) for h in allh):
        _, inverse = np.unique(np.concatenate(allh), return_inverse=True)
    else:
        inverse = np.zeros(0, dtype=np.int64)
    n_cols = int(inverse.max()) + 1 if len(inverse) else 0
    cols: list[np.ndarray] = []
    offset = 0
    for h in allh:
        cols.append(inverse[offset : offset + len(h)])
        offset += len(h)

    def build(select: Sequence[np.ndarray]) -> sparse.csr_matrix:
        rows = [np.unique(c[m]) for c, m in zip(cols, select, strict=True)]
        indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
        indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        data = np.ones(len(indices), dtype=np.int32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(profiles), n_cols))

    everything = build([np.ones(len(h), dtype=bool) for h in allh])
    unquoted = build([~p.shingle_quoted for p in profiles])
    return everything, unquoted, cols


# --------------------------------------------------------------------------------------------
# pairs


@functools.lru_cache(maxsize=4096)
def _outlet_key(outlet: str | None) -> str | None:
    if not outlet:
        return None
    key = re.sub(r"[^0-9a-z]+", "", outlet.lower())
    return key.removeprefix("the") or None


def _one_outlet(outlet_a: str | None, outlet_b: str | None) -> bool | None:
    """Whether two outlets are one (one name extends the other: "BBC"/"BBC News"); None when
    either is not known."""
    ka, kb = _outlet_key(outlet_a), _outlet_key(outlet_b)
    if ka is None or kb is None:
        return None
    return ka.startswith(kb) or kb.startswith(ka)


def outlets_differ(a: Article, b: Article) -> bool:
    """True when both outlets are known and neither name extends the other ("BBC"/"BBC News")."""
    return _one_outlet(a.outlet, b.outlet) is False


def outlets_same(a: Article, b: Article) -> bool:
    """True when both outlets are known and one name extends the other."""
    return _one_outlet(a.outlet, b.outlet) is True


def copy_kind(
    a: Article, b: Article, credits: tuple[str | None, str | None], jaccard: float, identical: bool
) -> RelationKind:
    """The kind of a pair that shares the reporter's own text (see ``docs/relations.md``).

    ``syndicated`` when the outlets are known and differ, or when both articles carry the same
    wire credit and their outlets are not known to be one (a wire copy, even if an outlet is
    unknown); otherwise ``duplicate`` for near-identical text, else ``version``."""
    return outlet_copy_kind(a.outlet, b.outlet, *credits, jaccard >= DUPLICATE_MIN, identical)


@functools.lru_cache(maxsize=4096)
def outlet_copy_kind(
    outlet_a: str | None,
    outlet_b: str | None,
    credit_a: str | None,
    credit_b: str | None,
    near_identical: bool,
    identical: bool,
) -> RelationKind:
    """``copy_kind`` from what it reads: the two outlets, the two wire credits, whether the
    Jaccard reaches ``DUPLICATE_MIN`` and whether the words are identical (cached: a store's
    pairs repeat a few outlets and credits, and the outlet names are normalised once)."""
    one = _one_outlet(outlet_a, outlet_b)
    if one is False:  # outlets_differ
        return "syndicated"
    wire = (
        credit_a is not None
        and credit_b is not None
        and agency_key(credit_a) == agency_key(credit_b)
    )
    if wire and not one and not identical:  # not outlets_same
        return "syndicated"
    return "duplicate" if near_identical else "version"


def passage_words(small: _Profile, held: np.ndarray) -> np.ndarray:
    """Words of ``small`` in shared passages, for each row of ``held`` (partners by ``small``'s
    shingles: True where the partner holds that shingle)."""
    n_tok = len(small.words)
    rows = held.shape[0]
    if n_tok == 0 or rows == 0:
        return np.zeros(rows, dtype=np.int64)
    starts = np.zeros((rows, n_tok), dtype=bool)
    starts[:, small.pos] = held
    covered = starts.copy()
    for j in range(1, SHINGLE):  # a shingle starting at t covers tokens t .. t + SHINGLE - 1
        covered[:, j:] |= starts[:, :-j]
    # a run starts at a covered token whose predecessor is uncovered or in another paragraph
    new_run = covered.copy()
    new_run[:, 1:] &= ~covered[:, :-1] | (small.seg[1:] != small.seg[:-1])
    run = np.cumsum(new_run.ravel()).reshape(rows, n_tok)  # ids unique across rows
    ids = run[covered]
    lengths = np.bincount(ids)
    contents = np.bincount(ids, weights=np.broadcast_to(small.content, covered.shape)[covered])
    good = (lengths >= PASSAGE_MIN_WORDS) & (contents >= PASSAGE_MIN_CONTENT)
    row_of_run = np.zeros(len(lengths), dtype=np.int64)
    row_of_run[ids] = np.nonzero(covered)[0]
    return np.bincount(row_of_run[good], weights=lengths[good], minlength=rows).astype(np.int64)


def _classify(
    docs: Sequence[AnnotatedArticle],
    profiles: Sequence[_Profile],
    everything: sparse.csr_matrix,
    unquoted: sparse.csr_matrix,
    cols: Sequence[np.ndarray],
) -> list[Relation]:
    n = len(docs)
    if n < 2 or everything.shape[1] == 0:
        return []
    shared = (everything @ everything.T).toarray()
    own_in = (unquoted @ everything.T).toarray()  # [x, y]: x's unquoted shingles held by y
    size_all = shared.diagonal().astype(np.float64)
    size_own = np.asarray(unquoted.sum(axis=1)).ravel().astype(np.float64)
    xs, ys = np.nonzero(np.triu(shared, k=1))
    # s: the smaller article of each pair (by shingles, then by order), o: the other
    x_small = (size_all[xs] < size_all[ys]) | ((size_all[xs] == size_all[ys]) & (xs < ys))
    ss, os_ = np.where(x_small, xs, ys), np.where(x_small, ys, xs)
    count = shared[xs, ys].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.where(
            size_own[ss] >= MIN_OWN_SHINGLES,
            own_in[ss, os_] / size_own[ss],
            count / size_all[ss],
        )
        jaccard = count / (size_all[xs] + size_all[ys] - count)
    # only pairs that can be a copy or share a passage reach the loop below
    keep = (
        (jaccard >= DUPLICATE_MIN)
        | (own >= VERSION_MIN)
        | (count >= PASSAGE_MIN_WORDS - SHINGLE + 1)
    )
    xs, ys, ss, os_ = xs[keep], ys[keep], ss[keep], os_[keep]
    count, own, jaccard = count[keep], own[keep], jaccard[keep]
    relations: dict[tuple[int, int], Relation] = {}
    passage_pairs: dict[int, list[int]] = {}
    credits = [wire_credit(d.article) for d in docs]
    for x, y, s, o, c, own_xy, jac in zip(
        xs.tolist(), ys.tolist(), ss.tolist(), os_.tolist(), count, own, jaccard, strict=True
    ):
        a, b = docs[x].article, docs[y].article
        if jac >= DUPLICATE_MIN or own_xy >= VERSION_MIN:
            identical = profiles[x].words == profiles[y].words
            kind = copy_kind(a, b, (credits[x], credits[y]), float(jac), identical)
            score = float(jac) if kind == "duplicate" else float(own_xy)
            if identical:
                score = 1.0
            relations[(x, y)] = Relation(a.id, b.id, kind, round(min(score, 1.0), 4))
        elif c >= PASSAGE_MIN_WORDS - SHINGLE + 1:
            passage_pairs.setdefault(s, []).append(o)
    for s, others in passage_pairs.items():
        # which of the smaller article's shingles each partner holds, in one sparse slice
        held = everything[others][:, cols[s]].toarray() > 0
        for o, words in zip(others, passage_words(profiles[s], held).tolist(), strict=True):
            if not words:
                continue
            x, y = min(s, o), max(s, o)
            denom = max(1, min(len(profiles[x].words), len(profiles[y].words)))
            score = round(min(words / denom, 1.0), 4)
            relations[(x, y)] = Relation(docs[x].id, docs[y].id, "shares_passages", score)
    return [relations[k] for k in sorted(relations)]


# --------------------------------------------------------------------------------------------
# repeated paragraphs and independent groups


def find_repeated(doc: AnnotatedArticle) -> list[RepeatedPassage]:
    """Paragraphs (content segments, or boilerplate marked ``repeated``) that occur again."""
    text = doc.article.text
    spans = [Span(p.segment.start, p.segment.end) for p in doc.segments]
    keys = [" ".join(normalise(text[s.start : s.end])) for s in spans]
    long_enough = [i for i, k in enumerate(keys) if k.count(" ") + 1 >= REPEAT_MIN_WORDS]
    out: list[RepeatedPassage] = []
    if len(long_enough) > 1:
        cand = [keys[i] for i in long_enough]
        scores = process.cdist(cand, cand, scorer=fuzz.ratio, score_cutoff=REPEAT_MIN_RATIO)
        for j in range(1, len(cand)):
            earlier = np.flatnonzero(scores[j, :j] > 0)
            if len(earlier):
                first = spans[long_enough[int(earlier[0])]]
                out.append(RepeatedPassage(doc.id, first, spans[long_enough[j]]))
    for bp in doc.article.boilerplate:
        if bp.kind != "repeated":
            continue
        key = " ".join(normalise(text[bp.start : bp.end]))
        for i, k in enumerate(keys):
            if spans[i].start < bp.start and fuzz.ratio(key, k) >= REPEAT_MIN_RATIO:
                out.append(RepeatedPassage(doc.id, spans[i], bp.span))
                break
    return sorted(out, key=lambda r: (r.repeat.start, r.first.start))


def independent_groups(
    ids: Sequence[str], relations: Sequence[Relation]
) -> tuple[tuple[str, ...], ...]:
    """Article ids grouped by duplicate/version/syndicated relations, in order.

    Groups are joined strongest relation first, and only when every article of one is a copy
    of every article of the other (complete linkage): a chain of partial copies (templated text)
    never makes one source of articles that do not copy each other."""
    index = {a: i for i, a in enumerate(ids)}
    copies = [r for r in relations if r.kind != "shares_passages"]
    linked = {(index[r.a], index[r.b]) for r in copies} | {(index[r.b], index[r.a]) for r in copies}
    group_of = list(range(len(ids)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(ids))}
    for r in sorted(copies, key=lambda r: (-r.score, index[r.a], index[r.b])):
        ga, gb = group_of[index[r.a]], group_of[index[r.b]]
        if ga == gb or not all((x, y) in linked for x in members[ga] for y in members[gb]):
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for i in members.pop(gone):
            group_of[i] = keep
            members[keep].append(i)
    return tuple(tuple(ids[i] for i in sorted(g)) for _, g in sorted(members.items()))


def find_relations(docs: Sequence[AnnotatedArticle]) -> RelationResult:
    """Relations between every pair of ``docs``, repeated paragraphs and independent groups."""
    cache: dict[str, int] = {}
    profiles = [_profile(d, cache) for d in docs]
    everything, unquoted, cols = _matrices(profiles)
    relations = _classify(docs, profiles, everything, unquoted, cols)
    repeated = tuple(r for d in docs for r in find_repeated(d))
    groups = independent_groups([d.id for d in docs], relations)
    return RelationResult(tuple(relations), repeated, groups)
