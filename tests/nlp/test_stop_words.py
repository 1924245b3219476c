"""spaCy's English stop words without importing spaCy (``nlp.stop_words``)."""

from __future__ import annotations

import subprocess
import sys

from newsprism.nlp.stop_words import english_stop_words


def test_the_list_is_spacys() -> None:
    from newsprism.nlp.spacy_import import STOP_WORDS

    assert english_stop_words() == frozenset(STOP_WORDS)


def test_read_without_importing_spacy() -> None:
    code = (
        "import sys; from newsprism.nlp.stop_words import english_stop_words; "
        "words = english_stop_words(); print('spacy' in sys.modules, 'the' in words, len(words))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, has_the, n = out.stdout.split()
    assert (imported, has_the, int(n)) == ("False", "True", len(english_stop_words()))


def test_the_ingest_and_stories_processes_do_not_import_spacy() -> None:
    # the writer, its workers and the stories follower never parse: a second of CPU each saved
    code = (
        "import sys; import newsprism.store.ingest, newsprism.stories.follow, "
        "newsprism.stories.store; print('spacy' in sys.modules, 'scipy.cluster' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
