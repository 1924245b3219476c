"""spaCy's English stop words, read without importing spaCy.

The relations' own-text measure (``analyze.relations.links``) counts a word as content when it is
not one of spaCy's English stop words.  That module is imported by every process of an ingest
(the writer, its workers, the stories follower), none of which parses with spaCy; importing
``spacy`` only for this list cost each of them about a second of CPU at start-up.  The list is
read from spaCy's own file (``spacy/lang/en/stop_words.py``, plain Python with no imports), so it
is the same set; when spaCy is imported already, its module is used as it is.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path


@functools.cache
def english_stop_words() -> frozenset[str]:
    """spaCy's ``spacy.lang.en.stop_words.STOP_WORDS``, without importing spaCy."""
    loaded = sys.modules.get("spacy.lang.en.stop_words")
    if loaded is not None:
        return frozenset(loaded.STOP_WORDS)
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("spacy is not installed; run `make setup`")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    namespace: dict[str, object] = {"__name__": "spacy.lang.en.stop_words"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    words = namespace["STOP_WORDS"]
    assert isinstance(words, set)
    return frozenset(words)
