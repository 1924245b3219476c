"""spaCy, imported without torch.

spaCy's machine-learning layer (thinc) imports torch whenever it is installed, to offer models
written in it; the pipelines newsprism runs (``en_core_web_sm``) never use it, and the import costs
about 2.8 s of CPU and 190 MB of memory per process (a third of a brief's start-up).  torch is
installed for the optional embedding and NLI backends, which import it themselves when used.

Import spaCy through this module (``from newsprism.nlp.spacy_import import spacy``): when thinc
is not imported yet, it is imported while ``torch`` is marked absent, then the mark is removed, so
a later ``import torch`` (a backend) works as usual.  When thinc was imported before (by a program
that uses newsprism as a library), nothing changes.
"""

from __future__ import annotations

import sys


def _import_thinc_without_torch() -> None:
    if "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" fails: no torch layers
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]


_import_thinc_without_torch()

import spacy  # noqa: E402
from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402

__all__ = ["STOP_WORDS", "spacy"]
