"""spaCy's English stop words without importing spaCy (``nlp.stop_words``)."""

from __future__ import annotations

import subprocess
import sys

from newsprism.nlp.stop_words import english_stop_words


def test_the_list_is_spacys() -> None:
    from newsprism.nlp.spacy_import import STOP_WORDS

    assert english_stop_words() == frozenset(STOP_WORDS)


def _in_a_new_process(statements: str, *printed: str) -> list[str]:
    """What a new interpreter prints of ``printed`` after running ``statements``."""
    code = f"import sys; {statements}; print({', '.join(printed)})"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()


def test_read_without_importing_spacy() -> None:
    got = _in_a_new_process(
        "from newsprism.nlp.stop_words import english_stop_words; words = english_stop_words()",
        "'spacy' in sys.modules",
        "'the' in words",
        "len(words)",
    )
    assert got == ["False", "True", str(len(english_stop_words()))]


def test_the_ingest_and_stories_processes_do_not_import_spacy() -> None:
    # the writer, its workers and the stories follower never parse: a second of CPU each saved
    got = _in_a_new_process(
        "import newsprism.store.ingest, newsprism.stories.follow, newsprism.stories.store",
        "'spacy' in sys.modules",
        "'scipy.cluster' in sys.modules",
    )
    assert got == ["False", "False"]
