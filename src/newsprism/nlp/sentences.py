"""Sentence boundaries that news text needs and the small English model misses.

``configure(nlp)`` is applied once when the spaCy pipeline is loaded (``annotate.load_nlp``):

* the tokenizer splits words at an em or en dash (``”—Arianna`` is three tokens) and keeps ranks, titles and state abbreviations whole (``Sgt.``, ``Cmdr.``,
  ``Lt.``, ``Capt.``, ``Det.``, ``Tex.``, ...), as it already does for ``Gov.``, ``Rep.`` and
  ``Calif.``;
* a component before the parser (``newsprism_sentence_guard``) forbids a sentence start right
  after a rank or title (``Harbour Police Sgt. | Ana Ruiz said``) and after a state
  abbreviation followed by a word in lower case, a number or a closing bracket
  (``Sen. Reid (D-Nev.) said``); and right after a colon inside a title, when the colon is
  followed by a word in title case and no sentence ends before the closing quote mark
  (``“Off the Sidelines: Raise Your Voice”``).

The parser respects the boundaries set before it, so a quote and its speaker stay in one tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

GUARD = "newsprism_sentence_guard"
# Bump when the tokenizer or the guard changes: parse caches key on it.
VERSION = "3"

# Ranks, titles and honorifics that come before a name.
TITLE_ABBREVIATIONS = frozenset(
    [
        "Mr.",
        "Mrs.",
        "Ms.",
        "Mx.",
        "Dr.",
        "Prof.",
        "Rev.",
        "Fr.",
        "Msgr.",
        "Hon.",
        "Rt.",
        "Gov.",
        "Govs.",
        "Lt.",
        "Gen.",
        "Gens.",
        "Sen.",
        "Sens.",
        "Rep.",
        "Reps.",
        "Pres.",
        "Amb.",
        "Atty.",
        "Sec.",
        "Supt.",
        "Insp.",
        "Det.",
        "Sgt.",
        "Cpl.",
        "Pvt.",
        "Spc.",
        "Capt.",
        "Cmdr.",
        "Cdr.",
        "Col.",
        "Maj.",
        "Adm.",
        "Brig.",
        "Ald.",
        "Asst.",
        "Assoc.",
        "Gov.",
        "Lt.-Gen.",
        "Lt.-Col.",
        "Sgt.-Maj.",
        "Cmdt.",
        "Const.",
        "Insp.",
        "Ch.",
        "Supt.",
        "Comm.",
        "Commr.",
        "Dep.",
        "Mgr.",
        "Dir.",
        "Pfc.",
        "Ens.",
    ]
)
# US state and other place abbreviations written with a full stop.
PLACE_ABBREVIATIONS = frozenset(
    [
        "Ala.",
        "Ariz.",
        "Ark.",
        "Calif.",
        "Colo.",
        "Conn.",
        "Del.",
        "Fla.",
        "Ga.",
        "Ill.",
        "Ind.",
        "Kan.",
        "Kans.",
        "Ky.",
        "La.",
        "Mass.",
        "Md.",
        "Mich.",
        "Minn.",
        "Miss.",
        "Mo.",
        "Mont.",
        "Neb.",
        "Nebr.",
        "Nev.",
        "Okla.",
        "Ore.",
        "Pa.",
        "Tenn.",
        "Tex.",
        "Va.",
        "Vt.",
        "Wash.",
        "Wis.",
        "Wisc.",
        "Wyo.",
        "Ida.",
        "Penn.",
        "Ariz.",
        "Alta.",
        "Ont.",
        "Que.",
        "Mt.",
        "Ft.",
        "St.",
        "Ave.",
        "Blvd.",
    ]
)
_SPECIAL = TITLE_ABBREVIATIONS | PLACE_ABBREVIATIONS
_DASH_INFIX = r"[—―–]"
# A quote mark glued to a sentence end where scraping lost a space: ‘content."I have’.
_QUOTE_INFIX = r"(?<=[.!?,;:…\"”])[\"“”](?=[A-Za-z])"


def configure(nlp: Language) -> Language:
    """Add the abbreviations to ``nlp``'s tokenizer and the guard before its parser (once)."""
    from spacy.language import Language as _Language
    from spacy.symbols import ORTH
    from spacy.util import compile_infix_regex

    tokenizer: Any = nlp.tokenizer
    infixes = list(nlp.Defaults.infixes or ())
    if _DASH_INFIX not in infixes:  # "”—Arianna Huffington": a dash between a mark and a name
        extra = [_DASH_INFIX, _QUOTE_INFIX]
        tokenizer.infix_finditer = compile_infix_regex([*infixes, *extra]).finditer
    for abbr in sorted(_SPECIAL):
        if abbr not in tokenizer.rules:
            tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    if GUARD not in _Language.factories:
        _Language.component(GUARD, func=guard_boundaries)
    if GUARD not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(GUARD, before="parser")
    return nlp


def _title_case(tok: Any) -> bool:
    return bool(tok.text[:1].isupper())


def guard_boundaries(doc: Doc) -> Doc:
    """Forbid sentence starts right after a title, a state abbreviation inside a sentence, or a
    colon inside a quoted title."""
    n = len(doc)
    open_quote = False
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        text = tok.text
        if text in '"“”':
            open_quote = text == "“" or (text == '"' and not open_quote)
        if (
            text in TITLE_ABBREVIATIONS
            and (nxt.text[:1].isupper() or nxt.text[:1] == "(")
            or text in PLACE_ABBREVIATIONS
            and (
                nxt.text[:1].islower() or nxt.text[:1].isdigit() or nxt.text in {")", ",", ";", "-"}
            )
        ):
            nxt.is_sent_start = False
        elif text == ":" and open_quote and _title_case(nxt) and i + 2 < n:
            # "Off the Sidelines: Raise Your Voice": a subtitle inside quote marks
            rest = [t for t in doc[i + 1 : min(n, i + 12)]]
            closing = next((k for k, t in enumerate(rest) if t.text in '"”'), None)
            if closing is not None and not any(t.text in ".!?" for t in rest[:closing]):
                nxt.is_sent_start = False
    return doc
