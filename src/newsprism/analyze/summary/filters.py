"""Which content sentences can stand alone in a summary.

A summary sentence is read out of its context, so it must not lean on the sentence before it.
``reject_reason`` gives the first rule a sentence breaks (or ``None`` when it may be used):

* ``headline``: no final ``.``, ``!`` or ``?`` (titles, captions, lines cut at a ``:``);
* ``fragment``: fewer than ``min_words`` words, or no verb in the parse;
* ``too_long``: more than ``max_words`` words (almost always a segmentation error);
* ``question``: a question asked by the writer (a quoted question with a cue is kept);
* ``label``: starts with a capitalised tag and a colon (``NEW:``, ``UPDATE:``, ``WATCH:``);
* ``link``: holds a URL;
* ``dangling_start``: lowercase start, or a first word that needs the previous sentence (a
  pronoun such as *He* or *It*, a connective such as *But*, *However*, *Meanwhile*);
* ``unresolved_subject``: the main clause's subject is *he/she/they/...* with no name before it
  (``"…,” she said.``);
* ``unbalanced_quotes``: a quote mark opened or closed outside the sentence (a piece of a
  multi-sentence quote);
* ``first_person``: *I*, *we*, *our*... outside quote marks (a statement printed without marks);
* ``bare_quote``: mostly quoted text with no attribution cue (*said*, *told*, *according to*)
  outside the quote marks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsprism.options import FilterConfig as FilterConfig


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# First words that point back to an earlier sentence.
PRONOUN_STARTS = _wordset("he she they it this these those his her their its him them that such")
CONNECTIVE_STARTS = _wordset(
    """but and or so nor yet however meanwhile instead elsewhere also still then thus therefore
    moreover furthermore additionally nevertheless nonetheless besides likewise similarly
    otherwise indeed hence accordingly consequently afterwards regardless plus"""
)
CONNECTIVE_PHRASES = (
    "in addition",
    "as a result",
    "on the other hand",
    "at the same time",
    "even so",
    "for example",
    "for instance",
    "in contrast",
    "by contrast",
    "in response",
    "in turn",
    "that said",
    "after that",
    "the same",
    "the other",
    "another",
    # definite descriptions that count people or things named before: "The two groups said..."
    "the two",
    "the three",
    "the four",
    "the pair",
    "the duo",
    "the trio",
    "the latter",
    "both",
)
# Subjects that name nobody unless a name comes before them in the sentence.
ANAPHORIC_SUBJECTS = _wordset("he she they this these those")
# Outside quote marks these mean an unmarked quote or statement: the speaker is not named.
FIRST_PERSON = _wordset("i me my mine we us our ours")
# Lemmas of verbs that attribute speech; a quote with one of these outside it names its source.
SPEECH_LEMMAS = _wordset(
    """say tell add claim insist argue state write tweet post warn note explain describe accuse
    deny urge admit reply ask announce confirm suggest declare acknowledge continue respond
    told said added stress agree allege comment conclude maintain promise vow call"""
)
_ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE)
_LINK = re.compile(r"https?://|\bwww\.|pic\.twitter\.com", re.IGNORECASE)
_LABEL = re.compile(
    r"^[\W_]*(NEW|UPDATE|UPDATED|BREAKING|WATCH|READ|READ MORE|LISTEN|VIDEO|PHOTOS?|EXCLUSIVE|LIVE"
    r"|ANALYSIS|OPINION|CORRECTION|EDITOR'?S NOTE|RELATED|SEE ALSO)\s*:"
)
_TRAILING = "\"'”’»)]}*–—- \t\n"
_LEADING = "\"'“‘«([{*–—- \t\n"
_FINAL = ".!?…"


def quote_regions(text: str) -> tuple[list[tuple[int, int]], bool]:
    """Spans inside quote marks (marks excluded) and whether every mark is matched.

    Curly double quotes nest by depth; straight double quotes toggle; a curly single opening
    mark is matched by a ``’`` that is not followed by a letter (so apostrophes are not closers).
    A mark left open makes a region that runs to the end of ``text``.
    """
    regions: list[tuple[int, int]] = []
    balanced = True
    depth = 0
    open_at = -1
    straight_open = -1
    single_open = -1
    for i, ch in enumerate(text):
        if ch in "“„":
            if depth == 0:
                open_at = i + 1
            depth += 1
        elif ch == "”":
            if depth == 0:
                balanced = False
                continue
            depth -= 1
            if depth == 0:
                regions.append((open_at, i))
        elif ch == '"':
            if straight_open < 0:
                straight_open = i + 1
            else:
                regions.append((straight_open, i))
                straight_open = -1
        elif ch == "‘":
            if single_open < 0:
                single_open = i + 1
        elif ch == "’" and single_open >= 0 and (i + 1 == len(text) or not text[i + 1].isalpha()):
            regions.append((single_open, i))
            single_open = -1
    for start in (open_at if depth else -1, straight_open, single_open):
        if start >= 0:
            balanced = False
            regions.append((start, len(text)))
    return sorted(regions), balanced


def opens_inside_quote(
    paragraph: str, start: int, regions: Sequence[tuple[int, int]] | None = None
) -> bool:
    """True when position ``start`` of ``paragraph`` lies in a quote opened before it.

    A sentence that begins so continues a quote from the previous sentence, even when it holds
    no quote mark of its own (``She said: “We agree. The plan is fair.”``: the second sentence).
    ``regions`` may pass ``quote_regions(paragraph)[0]`` computed once per paragraph.
    """
    while start < len(paragraph) and paragraph[start] in _LEADING:
        start += 1
    if regions is None:
        regions = quote_regions(paragraph)[0]
    return any(s < start < e for s, e in regions)


def _inside(pos: int, regions: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in regions)


def _first_words(text: str, n: int = 4) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’-]*", text.lstrip(_LEADING))[:n]


def dangling_start(text: str) -> bool:
    """True when the sentence opens in lowercase or with a word that needs the previous one."""
    body = text.lstrip(_LEADING)
    if not body:
        return True
    first_alpha = next((c for c in body if c.isalpha()), "")
    if first_alpha and body[0].isalpha() and first_alpha.islower():
        return True
    words = [w.lower() for w in _first_words(body)]
    if not words:
        return False
    if words[0] in PRONOUN_STARTS or words[0] in CONNECTIVE_STARTS:
        return True
    head = " ".join(words)
    return any(head == p or head.startswith(p + " ") for p in CONNECTIVE_PHRASES)


def _unresolved_subject(span: Any) -> bool:
    root = span.root
    for child in root.children:
        if child.dep_ not in ("nsubj", "nsubjpass") or child.lower_ not in ANAPHORIC_SUBJECTS:
            continue
        named_before = any(
            t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            for t in span
            if t.i < child.i
        )
        if not named_before:
            return True
    return False


def _attributed(text: str, span: Any, regions: Sequence[tuple[int, int]]) -> bool:
    if _ACCORDING_TO.search(text):
        return True
    base = span.start_char
    return any(
        (tok.lemma_.lower() in SPEECH_LEMMAS or tok.lower_ in SPEECH_LEMMAS)
        and tok.pos_ in ("VERB", "AUX")
        and not _inside(tok.idx - base, regions)
        for tok in span
    )


def reject_reason(text: str, span: Any, config: FilterConfig | None = None) -> str | None:
    """The first stand-alone rule ``text`` breaks, or ``None``.

    ``span`` is the spaCy ``Span`` covering exactly the sentence (its ``start_char`` maps token
    offsets to positions in ``text``).
    """
    config = config or FilterConfig()
    tail = text.rstrip(_TRAILING)
    if not tail or tail[-1] not in _FINAL:
        return "headline"
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if len(words) < config.min_words or not any(t.pos_ in ("VERB", "AUX") for t in span):
        return "fragment"
    if len(words) > config.max_words:
        return "too_long"
    if _LINK.search(text):
        return "link"
    if _LABEL.match(text):
        return "label"
    if not config.stand_alone:
        return None
    on = config.allow.isdisjoint
    if on(("dangling_start",)) and dangling_start(text):
        return "dangling_start"
    regions, balanced = quote_regions(text)
    if not balanced and on(("unbalanced_quotes",)):
        return "unbalanced_quotes"
    if tail[-1] == "?" and not _inside(len(tail) - 1, regions) and on(("question",)):
        return "question"
    if on(("unresolved_subject",)) and _unresolved_subject(span):
        return "unresolved_subject"
    base = span.start_char
    if on(("first_person",)) and any(
        t.lower_ in FIRST_PERSON and t.pos_ == "PRON" and not _inside(t.idx - base, regions)
        for t in span
    ):
        return "first_person"
    quoted = sum(e - s for s, e in regions)
    visible = sum(1 for c in text if not c.isspace()) or 1
    if (
        quoted / visible > config.max_quoted_share
        and on(("bare_quote",))
        and not _attributed(text, span, regions)
    ):
        return "bare_quote"
    return None
