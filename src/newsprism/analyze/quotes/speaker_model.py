"""A learned speaker choice for direct quotes the rules leave without one.

The attribution rules (cues, colons, dashes, transcript labels, continuations) give most direct
quotes a speaker; a quote none of them reaches (``She fired off a telegram. “Come home now.”``,
``... offered Hart a deal: “...”`` with no cue the lexicons know) used to have none.  For those,
every person, organisation, group, subject pronoun or subject noun outside quote marks in the
quote's paragraph, the two paragraphs before it and the first sentence after it is a candidate,
described by a few features (before or after, paragraphs back, same sentence, distance, order
among the candidates, kind of mention, syntactic role, whether it is the subject of a speech verb or the one spoken to (``X was asked``, ``told X``),
whether it speaks elsewhere in the article or spoke last, how often it is named, the quote's
shape).  A logistic regression over these features, fitted on PolNeAR train's direct quotes with
no rule speaker (``benchmarks/train_speaker_model.py``; weights in
``newsprism/data/speaker_model.json``), scores each candidate; the best one becomes the quote's
speaker mention when its probability reaches the model's threshold, else the quote keeps none.

Quoted fragments of the writer's sentence (kind ``mixed``: ``Ruiz fretted that the bridge would
swallow the “rainy day money”``) that no cue reaches are scored the same way with weights of
their own (``fragments`` in the JSON), fitted on PolNeAR train's fragments with no rule speaker:
most of those are scare quotes and names (``quote_title``: the words between the marks are in
title case) that nobody is quoted saying, so the fragments' weights choose far less often.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsprism.analyze.quotes.cues import CUE_LEMMAS, INDIRECT_CUES, LEARNED_CUES
from newsprism.analyze.quotes.headlines import title_case
from newsprism.analyze.quotes.speakers import np_span

if TYPE_CHECKING:  # pragma: no cover
    from newsprism.analyze.quotes.cues import ArticleView, Found

Token = Any  # a spaCy token

ENTITY_KINDS = {"PERSON": "person", "ORG": "org", "NORP": "group", "GPE": "place"}
PRONOUNS = frozenset({"he", "she", "they"})
SUBJECTS = ("nsubj", "nsubjpass")
BACK = 2  # paragraphs before the quote's own that hold candidates
SPEECH = CUE_LEMMAS | INDIRECT_CUES

FEATURES = (
    "before",
    "paragraphs_back",
    "next_paragraph",
    "same_sentence",
    "log_distance",
    "rank",
    "person",
    "org",
    "group",
    "place",
    "pronoun",
    "noun",
    "name",
    "subject",
    "speech_subject",
    "verb_subject",
    "oblique",
    "speaks_elsewhere",
    "spoke_last",
    "mentions",
    "quote_opens_paragraph",
    "quote_words",
    "pronoun_back",
    "first_in_sentence",
    "quote_sentence",
    "first_person",
    "quote_question",
    "addressee",
    "quote_title",
)

FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'll", "me", "my", "we", "we're", "us", "our"})


@dataclass(frozen=True)
class Candidate:
    seg: int
    token: Token
    pos: int  # article offset of the token
    features: dict[str, float]


@dataclass(frozen=True)
class SpeakerModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    # the weights for quoted fragments of the writer's sentence (kind ``mixed``), fitted apart:
    # most such fragments are scare quotes or titles that nobody is quoted saying; None: the
    # fragments keep no speaker
    fragments: SpeakerModel | None = None

    def for_quote(self, f: Found) -> SpeakerModel | None:
        """The weights that score quote ``f``'s candidates."""
        return self.fragments if f.kind == "mixed" else self

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z))

    def choose(self, cands: Sequence[Candidate]) -> Candidate | None:
        """The best candidate when its probability reaches the threshold, else None."""
        if not cands:
            return None
        best = max(cands, key=lambda c: self.probability(c.features))
        return best if self.probability(best.features) >= self.threshold else None


@lru_cache(maxsize=1)
def load_model() -> SpeakerModel | None:
    """The shipped model, or None when its file is missing."""
    try:
        text = resources.files("newsprism.data").joinpath("speaker_model.json").read_text()
    except FileNotFoundError:  # pragma: no cover - the package ships it
        return None
    data = json.loads(text)
    frag = data.get("fragments")
    fragments = (
        SpeakerModel(dict(frag["weights"]), float(frag["bias"]), float(frag["threshold"]))
        if frag
        else None
    )
    return SpeakerModel(
        dict(data["weights"]), float(data["bias"]), float(data["threshold"]), fragments
    )


def _kind(tok: Token) -> str | None:
    if tok.ent_type_ in ENTITY_KINDS:
        return ENTITY_KINDS[tok.ent_type_]
    if tok.lower_ in PRONOUNS and tok.dep_ in SUBJECTS:
        return "pronoun"
    if tok.dep_ in SUBJECTS and tok.pos_ == "NOUN":
        return "noun"
    if tok.dep_ in SUBJECTS and tok.pos_ == "PROPN":
        return "name"  # a name the entity recogniser missed
    return None


def _mention_tokens(doc: Any) -> list[Token]:
    """Entity roots (persons, organisations, groups, places), subject pronouns and nouns."""
    out = [e.root for e in doc.ents if e.label_ in ENTITY_KINDS]
    taken = {t.i for t in out}
    for tok in doc:
        if tok.i not in taken and not tok.ent_type_ and _kind(tok) in ("pronoun", "noun", "name"):
            out.append(tok)
    return sorted(out, key=lambda t: t.i)


def _word(tok: Token) -> str:
    return str(tok.lower_)


def _addressee(tok: Token) -> bool:
    """The one spoken to, not the speaker: the passive subject of a speech verb (``X was
    asked``), its indirect or direct object (``told X``, ``asked X``), or ``to X`` after it."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "to":
        head = head.head
    elif tok.dep_ not in ("nsubjpass", "dative", "dobj"):
        return False
    return bool(head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in SPEECH)


def candidates(art: ArticleView, f: Found, found: Sequence[Found]) -> list[Candidate]:
    """The candidate speakers of quote ``f`` (whole or a fragment) with their features."""
    q = f.piece
    if q is None:
        return []
    seg = q.segment
    open_at, close_at = q.open_mark, q.close_mark if q.close_mark is not None else q.end
    qdoc = art.doc.segments[seg].doc
    qsent = qdoc[art.token(seg, open_at)].sent
    csent = qdoc[min(len(qdoc) - 1, art.token(seg, close_at))].sent
    para = art.doc.segments[seg].segment
    opens = not art.text[para.start : open_at].strip()
    body = art.text[q.start : q.end].strip()
    qwords = len(body.split())
    sentence = body[:1].isupper() and body.rstrip("”\"' ")[-1:] in (".", "!", "?", "…")
    first_person = any(w.strip(".,;:!?—-").lower() in FIRST_PERSON for w in body.split())
    question = body.rstrip("”\"' ")[-1:] == "?"
    title = title_case(body)  # "The Harbour Show", "March for Ferries": a name, not words said
    speakers = [g for g in found if g.subject is not None and g is not f]
    speaking = {_word(g.subject) for g in speakers}
    last = max(
        (g for g in speakers if g.subject_at < open_at), key=lambda g: g.subject_at, default=None
    )
    named: dict[str, int] = {}
    raw: list[tuple[int, Token, int, bool]] = []  # (segment, token, offset, before)
    for k in range(0, min(len(art.doc.segments), seg + 2)):
        doc = art.doc.segments[k].doc
        for tok in _mention_tokens(doc):
            pos = art.pos(k, tok)
            if art.inside_quote(pos):
                continue
            if pos < open_at and _kind(tok) not in ("pronoun", "noun"):
                named[_word(tok)] = named.get(_word(tok), 0) + 1
            if k < seg - BACK:
                continue
            before = pos < open_at
            if not before and pos < close_at:
                continue
            if k == seg + 1 and tok.sent.start != doc[0].sent.start:
                continue  # the next paragraph's first sentence only
            if k == seg + 1 and any(g.subject_at == pos for g in speakers):
                continue  # the speaker of the next paragraph's own quote: not this one's
            raw.append((k, tok, pos, before))
    out: list[Candidate] = []
    befores = sorted((r for r in raw if r[3]), key=lambda r: -r[2])
    afters = sorted((r for r in raw if not r[3]), key=lambda r: r[2])
    for order in (befores, afters):
        for rank, (k, tok, pos, before) in enumerate(order):
            kind = _kind(tok)
            head = tok.head
            subject = tok.dep_ in SUBJECTS
            speaking_verb = head.lemma_.lower() in (SPEECH | LEARNED_CUES)
            speech = tok.dep_ == "nsubj" and speaking_verb
            dist = (open_at - pos) if before else (pos - close_at)
            same = (k == seg) and (tok.sent.start in (qsent.start, csent.start))
            first = next((t for t in _mention_tokens(tok.sent) if t.i >= tok.sent.start), None)
            feats = {
                "before": float(before),
                "paragraphs_back": float(seg - k) if before else 0.0,
                "next_paragraph": float(k == seg + 1),
                "same_sentence": float(same),
                "log_distance": math.log1p(max(0, dist)) / 5.0,
                "rank": min(rank, 5) / 5.0,
                "person": float(kind == "person"),
                "org": float(kind == "org"),
                "group": float(kind == "group"),
                "place": float(kind == "place"),
                "pronoun": float(kind == "pronoun"),
                "noun": float(kind == "noun"),
                "name": float(kind == "name"),
                "subject": float(subject),
                "speech_subject": float(speech),
                "verb_subject": float(
                    subject and not speaking_verb and head.pos_ in ("VERB", "AUX")
                ),
                "oblique": float(tok.dep_ in ("pobj", "dobj", "poss", "compound", "appos")),
                "speaks_elsewhere": float(_word(tok) in speaking),
                "spoke_last": float(last is not None and _word(last.subject) == _word(tok)),
                "mentions": math.log1p(named.get(_word(tok), 0)) / 2.0,
                "quote_opens_paragraph": float(opens),
                "quote_words": math.log1p(qwords) / 3.0,
                "pronoun_back": float(kind == "pronoun" and before and k < seg),
                "first_in_sentence": float(first is not None and first.i == tok.i),
                "quote_sentence": float(sentence),
                "first_person": float(first_person),
                "quote_question": float(question),
                "addressee": float(_addressee(tok)),
                "quote_title": float(title),
            }
            out.append(Candidate(k, tok, pos, feats))
    return out


def needs_speaker(f: Found) -> bool:
    """A quote between marks (a whole quote, or a fragment of the writer's sentence) with no
    speaker mention of its own and none it continues."""
    return (
        f.kind in ("direct", "mixed")
        and f.piece is not None
        and f.subject is None
        and f.inherit is None
    )


def _passive_cue(art: ArticleView, f: Found) -> bool:
    """``X was asked, “...?”``: the quote's own cue is passive with no ``by`` agent, so its
    speaker is left unsaid (the one asking); the model's candidates around it are the one asked
    and the people near, never the speaker."""
    if f.cue is None or f.piece is None:
        return False
    for seg in (f.piece.segment, f.piece.segment - 1):
        if seg < 0:
            continue
        p = art.doc.segments[seg]
        if not p.segment.start <= f.cue.start < p.segment.end:
            continue
        tok = p.doc[art.token(seg, f.cue.start)]
        if art.pos(seg, tok) != f.cue.start:
            return False
        deps = {c.dep_ for c in tok.children}
        return bool(deps & {"nsubjpass", "auxpass"}) and "agent" not in deps
    return False


def choose_speakers(art: ArticleView, found: Sequence[Found], model: SpeakerModel | None) -> None:
    """Give each direct quote the rules left without a speaker the model's best candidate."""
    if model is None:
        return
    chosen = []
    for f in found:
        weights = model.for_quote(f)
        if weights is not None and needs_speaker(f) and not _passive_cue(art, f):
            chosen.append((f, weights.choose(candidates(art, f, found))))
    for f, best in chosen:  # chosen first: one quote's choice does not feed the next
        if best is None:
            continue
        f.subject = best.token
        f.subject_at = best.pos
        f.mention = np_span(best.token, art.doc.segments[best.seg].offset)
