"""Who said what: quotes with their cue and speaker mention, speakers, and quote groups.

``find_quotes(docs)`` reads content segments only (never boilerplate) and finds:

* **direct** quotes: a whole quoted utterance (``“We will appeal,” she said.``,
  ``X said: “...”``).  ``start``/``end`` span the text *between* the quote marks;
* **mixed** quotes: a quoted fragment inside a paraphrase (``She said the plan was “dead on
  arrival” for now``).  The span is the reported content the cue introduces (from after the cue
  to the end of the reported clause) and includes the inner quote marks.  A fragment of two or
  more words with no cue is kept as a mixed quote spanning the fragment, with no speaker;
* **indirect** speech without quote marks (``X said (that) ...``, ``X told Y (that) ...``) when
  the cue has a named or described subject and a finite reported clause.

The cue is the speech verb nearest the quote in its sentence (or the sentence next to it), found
with the dependency parse; the speaker mention is the subject of the cue (``according to X``:
``X``).  Speakers are resolved across articles by ``speakers.SpeakerBook``; the same quote in
several articles forms a ``QuoteGroup`` (``quote_groups.group_quotes``).

Quote marks: curly double, straight double, and single marks used as quotation marks (an
apostrophe inside a word, or ``s’`` after a plural, never opens a quote).  A quote left open at a
paragraph end continues when the next paragraph reopens with a quote mark (news convention); each
paragraph's piece is its own ``Quote`` with the same speaker.  Otherwise it is cut at the
paragraph end and a ``NP209`` notice names the article.

A quote in a headline is read by the headline's shape (``headlines``); a fragment's cue and
reported content are found in ``fragments`` (its bounds in ``bounds``); quotes with no cue that
continue another's speaker are linked in ``links``; a direct quote the rules leave without a
speaker gets the learned model's choice (``speaker_model``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprism.analyze.quotes.blocks import block_quotes
from newsprism.analyze.quotes.cues import ArticleView, Found, Token, best_cue, sentence_ends
from newsprism.analyze.quotes.fragments import attribute_fragment
from newsprism.analyze.quotes.groups import QuoteMaterial, group_quotes
from newsprism.analyze.quotes.headlines import headline_attribution, title_case
from newsprism.analyze.quotes.indirect import find_indirect, speaker_label
from newsprism.analyze.quotes.links import (
    link_answers,
    link_continuations,
    link_paragraphs,
    link_to_sentence,
    root_of,
)
from newsprism.analyze.quotes.marks import TERMINAL, MarkedQuote, scan_marks
from newsprism.analyze.quotes.posts import embedded_posts
from newsprism.analyze.quotes.speaker_model import choose_speakers, load_model
from newsprism.analyze.quotes.speakers import SpeakerBook
from newsprism.errors import UNBALANCED_QUOTES
from newsprism.model import Article, Notice, Quote, QuoteGroup, Span, Speaker

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.nlp.annotate import AnnotatedArticle


@dataclass(frozen=True)
class QuoteResult:
    """What ``find_quotes`` found: quotes, their speakers, quote groups and NP209 notices."""

    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    groups: tuple[QuoteGroup, ...]
    notices: tuple[Notice, ...]


def _trailing_verb(art: ArticleView, seg: int, toks: Sequence[Token]) -> Token | None:
    """``“No, no,” he moaned quietly.``: a short clause right after a closing mark that ends the
    sentence is the quote's attribution whatever its verb, when its subject is a person or a
    pronoun (not ``it``); verbs outside the speech lexicon are cues only in this position."""
    if not toks or len(toks) > 8:
        return None
    sdoc = art.doc.segments[seg].doc
    end = toks[-1].i + 1
    if end < len(sdoc) and not (sdoc[end].text in TERMINAL or sdoc[end].is_sent_start):
        return None
    for t in toks[:4]:
        if t.pos_ != "VERB" or t.dep_ not in ("ROOT", "parataxis", "ccomp"):
            continue
        if any(c.dep_ == "neg" for c in t.children):
            return None
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in ("it", "this", "that", "there"):
            return None
        if subj.pos_ == "PRON" or subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN":
            return t
        return None
    return None


def _inner_cue(art: ArticleView, seg: int, cue: Token) -> Token:
    """``“...,” she recalls him saying``, ``heard him say``: a speech verb with a subject of its
    own in the cue's clause is the quote's cue (the words are his, not hers)."""
    for c in cue.children:
        inner = c.i > cue.i and c.dep_ in ("ccomp", "xcomp", "dobj") and c.tag_ in ("VBG", "VB")
        if inner and art.is_cue(seg, c) and any(x.dep_ == "nsubj" for x in c.children):
            return c
    return cue


def _is_fragment(art: ArticleView, q: MarkedQuote, left: Sequence[Token]) -> bool:
    if q.reopens:
        return False
    body = art.text[q.start : q.end]
    upper = next((c.isupper() for c in body if c.isalpha()), False)
    pre = art.text[art.pos(q.segment, left[-1]) if left else q.open_mark : q.open_mark].strip()
    if not left or not pre:
        after = art.text[q.region.end : q.region.end + 2].lstrip()[:1]
        return len(body.split()) < 3 and after != "," and body.rstrip()[-1:] not in TERMINAL + ","
    if pre.endswith(":") or (pre.endswith(",") and upper):
        return False
    whole = body.rstrip()[-1:] in TERMINAL + "," and len(body.split()) >= 3
    if upper and whole and (sentence_ends(pre[-12:]) or pre[-1:] in TERMINAL):
        return False  # a whole sentence after the previous one ends: "... said X. “We ...”"
    return not (upper and any(art.is_cue(q.segment, t) for t in left[:3]))


def _direct(art: ArticleView, q: MarkedQuote, left: Sequence[Token]) -> Found:
    found = Found(q.start, q.end, "direct", material=(Span(q.start, q.end),), piece=q)
    seg = q.segment
    body = art.text[q.start : q.end].rstrip()
    after_text = art.text[q.region.end : q.region.end + 3].lstrip()
    right_ok = q.close_mark is not None and (
        body[-1:] not in "." or after_text[:1].islower() or after_text[:1] == ","
    )
    lseg = seg
    seg_start = art.doc.segments[seg].segment.start
    if not left and seg > 0 and not art.text[seg_start : q.open_mark].strip():
        prev = art.doc.segments[seg - 1].doc
        tail = art.window(seg - 1, len(prev) - 1, -1)
        if tail and tail[0].text == ":":
            left, lseg = tail, seg - 1
    colon = bool(left) and left[0].text in (":", ",")
    lcue = best_cue(art, lseg, left, colon)
    if lcue is not None and colon:
        art.attribute(found, lseg, lcue)
        _reported_lead(art, found, lseg, lcue, left)
        return found
    rcue = None
    if right_ok:
        assert q.close_mark is not None
        toks = art.window(seg, art.token(seg, q.close_mark) + 1, 1)
        rcue = best_cue(art, seg, toks, True) or _trailing_verb(art, seg, toks)
    if (
        lcue is None
        and rcue is None  # "Ray Doyle had a point: “...,” he said.": the speech verb's subject
        and left
        and left[0].text == ":"
        and art.colon_attribution(found, lseg, left[0])
    ):
        return found
    if q.close_mark is not None and art.dash_attribution(found, seg, q.close_mark + 1):
        return found
    if rcue is not None:
        art.attribute(found, seg, _inner_cue(art, seg, rcue))
        return found
    if lcue is not None:
        art.attribute(found, lseg, lcue)
    return found


def _reported_lead(
    art: ArticleView, found: Found, seg: int, cue: Token, left: Sequence[Token]
) -> None:
    """``She added that most voters ... because, “In the end, ...”``: the cue's reported clause
    starts before the quote, so the content is that clause with the quote (kind ``mixed``)."""
    if found.piece is None or found.piece.segment != seg:
        return
    before = {t.i for t in left}
    comp = next(
        (c for c in cue.children if c.dep_ == "ccomp" and c.i in before and c.i > cue.i), None
    )
    opening = art.token(seg, found.piece.open_mark)
    if comp is None or not comp.left_edge.i <= opening <= comp.right_edge.i:
        return  # the quote is not inside the reported clause
    lo = comp.left_edge.i
    doc = cue.doc
    while lo < comp.i and (doc[lo].lower_ == "that" or doc[lo].is_punct):
        lo += 1
    if lo not in before or lo <= cue.i:
        return
    found.start = art.pos(seg, doc[lo])
    found.end = found.piece.region.end
    found.kind = "mixed"


# --- putting it together -------------------------------------------------------------------


def _merge_mixed(found: list[Found]) -> list[Found]:
    """One mixed quote per reported clause: overlapping mixed spans become one."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: f.start):
        last = out[-1] if out else None
        if (
            last is not None
            and f.kind == last.kind == "mixed"
            and f.cue == last.cue
            and f.start < last.end
        ):
            last.end = max(last.end, f.end)
            last.material = last.material + f.material
            continue
        out.append(f)
    return out


def _article_found(art: ArticleView, marked: Sequence[MarkedQuote]) -> list[Found]:
    found: list[Found] = []
    by_segment: dict[int, list[MarkedQuote]] = {}
    for q in marked:
        by_segment.setdefault(q.segment, []).append(q)
    for q in marked:
        left = art.window(q.segment, art.token(q.segment, q.open_mark) - 1, -1)
        if art.token(q.segment, q.open_mark) == 0 and art.starts[q.segment][0] >= q.open_mark:
            left = []
        if _is_fragment(art, q, left):
            f = attribute_fragment(art, q, by_segment[q.segment])  # only its segment's marks matter
            if f is not None:
                found.append(f)
        else:
            found.append(_direct(art, q, left))
    found = _merge_mixed(found)
    for f in found:  # “REYNE: The ferry ...”: a transcript line inside quote marks
        if f.cue is None and f.kind == "direct" and f.piece is not None:
            label = speaker_label(art, f.piece.segment)
            if label is not None and label.kind == "direct" and label.start < f.end:
                f.cue, f.subject, f.mention = label.cue, label.subject, label.mention
                f.subject_at = label.subject_at
    headline = headline_attribution(art, marked)
    cued = any(f.cue is not None for f in found if f.piece is not None and f.piece.segment == 0)
    first = art.doc.segments[0].segment if art.doc.segments else None
    titled = first is not None and title_case(art.text[first.start : first.end])
    if headline is not None and (not cued or titled):
        # the headline's quotes are parts of its one attribution
        found = [f for f in found if f.piece is None or f.piece.segment != 0]
        found.append(headline)
    link_continuations(art, found)
    claimed = [q.region for q in marked] + [Span(f.start, f.end) for f in found]
    found.extend(find_indirect(art, claimed, found))
    found.sort(key=lambda f: (f.start, f.end))
    link_to_sentence(art, found)
    link_paragraphs(art, found)
    link_answers(art, found)
    # a block quote needs its speaker: else it is the writer's own paragraph
    lost = {
        id(f) for f in found if f.piece is not None and f.piece.block and root_of(f).cue is None
    }
    return [
        f for f in found if id(f) not in lost and (f.inherit is None or id(root_of(f)) not in lost)
    ]


def _notice(article: Article, unbalanced: int, marked: Sequence[MarkedQuote]) -> Notice:
    first = next((q.open_mark for q in marked if q.capped), None)
    where = f", first at offset {first}" if first is not None else ""
    code = UNBALANCED_QUOTES
    detail = f"{unbalanced} unmatched in article {article.id}{where} (hint: {code.hint})"
    return Notice(code.code, f"{code.title}: {detail}", article.source)


def article_attributions(doc: AnnotatedArticle) -> tuple[ArticleView, list[Found]]:
    """One article's attributions as the rules find them (no learned speaker choice): what
    ``benchmarks/train_speaker_model.py`` fits the speaker model on."""
    segs = [(p.segment.start, p.segment.end) for p in doc.segments]
    marked, _unbalanced = scan_marks(doc.article.text, segs)
    marked = block_quotes(doc, marked)
    art = ArticleView(0, doc, sorted((q.region for q in marked), key=lambda r: r.start))
    return art, _article_found(art, marked)


def find_quotes(docs: Sequence[AnnotatedArticle]) -> QuoteResult:
    """Quotes, speakers and quote groups of the articles of one briefing."""
    notices: list[Notice] = []
    marked_all: list[list[MarkedQuote]] = []
    for d in docs:
        segs = [(p.segment.start, p.segment.end) for p in d.segments]
        marked, unbalanced = scan_marks(d.article.text, segs)
        marked_all.append(block_quotes(d, marked))
        if unbalanced:
            notices.append(_notice(d.article, unbalanced, marked))
    quoted = [sorted((q.region for q in m), key=lambda r: r.start) for m in marked_all]
    book = SpeakerBook(docs, quoted)
    quotes: list[Quote] = []
    materials: list[QuoteMaterial] = []
    reported: list[QuoteMaterial] = []
    model = load_model()
    for i, d in enumerate(docs):
        art = ArticleView(i, d, quoted[i])
        found = _article_found(art, marked_all[i])
        choose_speakers(art, found, model)
        for f in sorted(found, key=lambda f: f.subject_at if f.subject is not None else f.start):
            if f.subject is not None and f.inherit is None:
                f.speaker = book.resolve(i, f.subject, f.subject_at)
        for f in found:
            root = root_of(f)
            quote = Quote(f"q{len(quotes) + 1}", d.article.id, f.start, f.end, f.kind,
                          root.speaker, root.mention, root.cue)  # fmt: skip
            quotes.append(quote)
            if f.kind != "indirect" and f.material:
                materials.append(QuoteMaterial(quote, f.material))
            elif f.kind == "indirect":
                reported.append(QuoteMaterial(quote, (Span(f.start, f.end),)))
        for post in embedded_posts(d.article):
            sid = book.resolve_name(
                i, d.article.text[post.name.start : post.name.end], post.name.start
            )
            quote = Quote(f"q{len(quotes) + 1}", d.article.id, post.text.start, post.text.end,
                          "direct", sid, post.name, post.dash)  # fmt: skip
            quotes.append(quote)
            materials.append(QuoteMaterial(quote, (post.text,)))
    articles = {d.article.id: d.article for d in docs}
    named, counted = frozenset(book.named), frozenset(book.counted)
    groups = group_quotes(materials, articles, named, counted, reported)
    return QuoteResult(tuple(quotes), book.speakers(), groups, tuple(notices))
