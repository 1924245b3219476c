"""What a word is worth, computed once: ``WordMemo``, a bounded cache keyed by the word.

News repeats its vocabulary, so the cheap per-article features (``stories.features``,
``ingest.pagekind``) look each whitespace-delimited word up instead of running a regular
expression over the text again: ``chain.from_iterable(map(memo.__getitem__, text.split()))``
runs in C for every word seen before.  Word by word gives the same tokens as the text at once
whenever a token never holds white space (a ``re`` pattern without ``\\s``) and lower-casing a
word alone gives what it gives inside the text (``str.lower`` reads no context across white
space), so results are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WORD_CACHE = 50_000  # words a memo holds at most (about 9 MB on news text); full, it is emptied


class WordMemo(dict[str, Any]):
    """``compute(word)`` once per word (``__missing__``), then a dictionary look-up.  Bounded by
    ``WORD_CACHE`` (a stream's vocabulary keeps growing with names and typos)."""

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> Any:
        if len(self) >= WORD_CACHE:
            self.clear()
        value = self[word] = self.compute(word)
        return value
