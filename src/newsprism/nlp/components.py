"""Faster stand-ins for two components of the spaCy model, giving the same annotations.

Parsing is most of what a brief costs, and two of the model's components cost far more than the
little they do (measured on 220 real news articles: about 30% of the parse time together):

* ``attribute_ruler`` maps each token's fine-grained tag (and, for a few words, its lower-case
  form or dependency) to a part of speech, morphological features and sometimes a lemma.  spaCy
  runs its rules through the general ``Matcher``; every rule of the small English model is one or
  two tokens testing equality (or ``IN``) on ``TAG``, ``LOWER``, ``DEP`` or ``IS_SPACE``, so
  ``FastAttributeRuler`` tests them through a table keyed by those four values, and sets the
  attributes with the same spaCy function, in the same order.
* ``lemmatizer`` (rule mode) caches lemmas by word, part of speech and features, but reaches the
  cache through a Python ``Token`` per word.  ``FastLemmatizer`` reads those three values for a
  whole ``Doc`` at once and computes a lemma only for a combination it has not seen (with the
  model's own lemmatizer, so the lemma is the same).

``install(nlp)`` puts them in place of the model's components under the same names; it leaves a
component alone when its rules use anything the table does not handle.  The tests parse text
with both and require identical annotations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

# the token attributes a rule may test for ``FastAttributeRuler`` to stand in for the ruler
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
# which test files a token test (the most selective first): positions in ``_KEYS``
_ANCHOR_ORDER = (1, 2, 0, 3)


class FastAttributeRuler:
    """The rules of a spaCy ``AttributeRuler``, matched through a table (see the module doc)."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self._features = [TAG, LOWER, DEP, IS_SPACE]  # in the order of ``_KEYS``
        self.name = ruler.name
        self._strings = strings = ruler.vocab.strings
        # (rule id, token tests, index of the token set, attributes), in the ruler's order
        self._rules: list[tuple[int, list[tuple[_Test, ...]], int, Any]] = []
        for attr_id, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
            _, patterns = ruler.matcher.get(str(attr_id))
            for pattern in patterns:
                tests = [tuple(_test(k, v, strings) for k, v in spec.items()) for spec in pattern]
                self._rules.append((attr_id, tests, index, attrs))
        # every token test of a rule is filed under one of its equality or IN tests (the rest
        # are tried on every token): a token's candidates come from a few lookups
        self._anchors: list[dict[int, list[tuple[int, int]]]] = [{} for _ in _KEYS]
        self._always: list[tuple[int, int]] = []
        for r, (_, tests, _, _) in enumerate(self._rules):
            for j, token_tests in enumerate(tests):
                anchors = [t for t in token_tests if t[1] in ("eq", "in")]
                if not anchors:
                    self._always.append((r, j))
                    continue
                pos, kind, value = min(anchors, key=lambda t: _ANCHOR_ORDER.index(t[0]))
                for v in value if kind == "in" else (value,):
                    self._anchors[pos].setdefault(v, []).append((r, j))
        # features of a token -> the (rule number, token position) tests it passes
        self._passes: dict[tuple[int, int, int, int], tuple[tuple[int, int], ...]] = {}

    @staticmethod
    def supports(ruler: Any) -> bool:
        """Whether every rule of ``ruler`` is one the table handles."""
        for attr_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(attr_id))
            for pattern in patterns:
                for spec in pattern:
                    if not spec:  # a token without tests (or an operator alone)
                        return False
                    for key, value in spec.items():
                        if key.upper() not in _KEYS:
                            return False
                        if isinstance(value, dict) and (
                            len(value) != 1 or next(iter(value)) not in _PREDICATES
                        ):
                            return False
        return True

    def _passed(self, feats: tuple[int, int, int, int]) -> tuple[tuple[int, int], ...]:
        candidates = set(self._always)
        for pos, anchors in enumerate(self._anchors):
            candidates.update(anchors.get(feats[pos], ()))
        return tuple(
            sorted(
                (r, j)
                for r, j in candidates
                if all(self._holds(test, feats) for test in self._rules[r][1][j])
            )
        )

    def _holds(self, test: _Test, feats: tuple[int, int, int, int]) -> bool:
        pos, kind, value = test
        got = feats[pos]
        if kind == "eq":
            return bool(got == value)
        if kind == "in":
            return got in value
        if kind == "not_in":
            return got not in value
        return bool(value.search(self._strings[got]))  # "regex", as the Matcher tests it

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array(self._features).tolist()
        passes = self._passes
        per_token = []
        for row in rows:
            feats = (row[0], row[1], row[2], row[3])
            got = passes.get(feats)
            if got is None:
                got = passes[feats] = self._passed(feats)
            per_token.append(got)
        n = len(rows)
        matches: list[tuple[int, int, int, int]] = []  # (rule id, rule number, start, end)
        for start, got in enumerate(per_token):
            for r, j in got:
                if j:
                    continue
                attr_id, tests, _, _ = self._rules[r]
                length = len(tests)
                if length == 1:
                    matches.append((attr_id, r, start, start + 1))
                elif start + length <= n and all(
                    (r, k) in per_token[start + k] for k in range(1, length)
                ):
                    matches.append((attr_id, r, start, start + length))
        # the AttributeRuler's order: by rule id, so that later rules have precedence
        matches.sort()
        for _, r, start, end in matches:
            _, _, index, attrs = self._rules[r]
            self._set(doc[start + index if index >= 0 else end + index], attrs)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


# a token test: (position in ``_KEYS``, "eq" | "in" | "not_in" | "regex", value)
_Test = tuple[int, str, Any]
_PREDICATES = ("IN", "NOT_IN", "REGEX")


def _test(key: str, value: Any, strings: Any) -> _Test:
    pos = _KEYS.index(key.upper())
    if isinstance(value, dict):
        ((op, arg),) = value.items()
        if op == "REGEX":
            return pos, "regex", re.compile(arg)
        return pos, op.lower(), frozenset(_value(key, v, strings) for v in arg)
    return pos, "eq", _value(key, value, strings)


def _value(key: str, value: Any, strings: Any) -> int:
    """A value as ``Doc.to_array`` gives it: a flag as 0 or 1, a string as its hash."""
    if key.upper() == "IS_SPACE":
        return int(bool(value))
    return int(strings.add(value)) if isinstance(value, str) else int(value)


class FastLemmatizer:
    """A spaCy rule ``Lemmatizer`` reached through a cache by (word, part of speech, features)."""

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self._features = [LEMMA, ORTH, POS, MORPH]
        self._lemma = [LEMMA]
        self.name = lemmatizer.name
        self._lemmatizer = lemmatizer
        self._strings = lemmatizer.vocab.strings
        self._cache: dict[tuple[int, int, int], int] = {}
        # the rules look a candidate lemma up in a list of the words of its part of speech (57,000
        # nouns): a set gives the same answer without reading the list
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(index):
            index[pos] = frozenset(index[pos])

    @staticmethod
    def supports(lemmatizer: Any) -> bool:
        return bool(lemmatizer.mode == "rule" and not lemmatizer.overwrite)

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array(self._features).tolist()
        cache = self._cache
        changed = False
        lemmas = []
        for i, (lemma, orth, pos, morph) in enumerate(rows):
            if lemma == 0:  # not set by an earlier component (the attribute ruler sets a few)
                key = (orth, pos, morph)
                lemma = cache.get(key)
                if lemma is None:
                    text = self._lemmatizer.lemmatize(doc[i])[0]
                    lemma = cache[key] = self._strings.add(text)
                changed = True
            lemmas.append(lemma)
        if changed:
            column: Any = np.asarray(lemmas, dtype="uint64").reshape(-1, 1)
            doc.from_array(self._lemma, column)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


FAST_RULER = "newsprism_attribute_ruler"
FAST_LEMMATIZER = "newsprism_lemmatizer"


def install(nlp: Language) -> Language:
    """Put ``FastAttributeRuler`` and ``FastLemmatizer`` in place of the model's
    ``attribute_ruler`` and ``lemmatizer`` (same names, same places), where they support the
    model's rules; once."""
    from spacy.language import Language as _Language

    for name, fast, factory in (
        ("attribute_ruler", FastAttributeRuler, FAST_RULER),
        ("lemmatizer", FastLemmatizer, FAST_LEMMATIZER),
    ):
        if name not in nlp.pipe_names:
            continue
        original = nlp.get_pipe(name)
        if isinstance(original, fast) or not fast.supports(original):
            continue
        if factory not in _Language.factories:
            _Language.factory(factory, func=_factory(name, fast))
        nlp.add_pipe(factory, name=factory, after=name)
        nlp.remove_pipe(name)
        nlp.rename_pipe(factory, name)
    return nlp


def _factory(original: str, fast: Any) -> Any:
    def make(nlp: Language, name: str) -> Any:
        return fast(nlp.get_pipe(original))

    return make
