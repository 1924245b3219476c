"""Hypothesis strategies shared by the tests that hold a fast reading to a plain one: texts made
of given pieces and white space, and boilerplate cuts anywhere in a text."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from newsprism.model import Boilerplate


def spaced_text(
    pieces: Sequence[str], spaces: Sequence[str], max_size: int
) -> st.SearchStrategy[str]:
    """Up to ``max_size`` of ``pieces``, each followed by one of ``spaces``."""
    return st.lists(
        st.tuples(st.sampled_from(pieces), st.sampled_from(spaces)), max_size=max_size
    ).map(lambda pairs: "".join(w + s for w, s in pairs))


def boilerplate_cuts(draw: st.DrawFn, text: str, most: int) -> tuple[Boilerplate, ...]:
    """Up to ``most`` cuts of ``text`` marked as boilerplate, anywhere, empty or overlapping."""
    cuts = []
    for _ in range(draw(st.integers(0, most))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        cuts.append(Boilerplate(start, end, "other"))
    return tuple(cuts)
