from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsprism.model import Article, Boilerplate
from newsprism.nlp.segment import content_segments, paragraphs, text_lines


def test_paragraphs_are_trimmed_non_blank_lines() -> None:
    text = "  First line.  \n\n\tSecond line\r\n   \nThird."
    spans = paragraphs(text)
    assert [text[s.start : s.end] for s in spans] == ["First line.", "Second line", "Third."]


def test_boilerplate_is_cut_out_of_segments() -> None:
    text = "Harbour Images The ferry at dawn\nThe council met on Tuesday. Read more here\nEnd."
    cap_end = text.index("\n")
    tail = text.index(" Read more here")
    art = Article(
        "a",
        "a.txt",
        text,
        boilerplate=(
            Boilerplate(0, cap_end, "caption"),
            Boilerplate(tail, tail + len(" Read more here"), "ticker"),
        ),
    )
    segs = content_segments(art)
    assert [text[s.start : s.end] for s in segs] == ["The council met on Tuesday.", "End."]
    assert [s.paragraph for s in segs] == [1, 2]


def test_segments_without_letters_are_skipped() -> None:
    art = Article("a", "a.txt", "---\n***\nWords here.")
    assert [art.text[s.start : s.end] for s in content_segments(art)] == ["Words here."]


@given(
    st.text(alphabet=st.sampled_from('ab .\n“”"'), max_size=80),
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 20)), max_size=4),
)
def test_segments_never_overlap_boilerplate(text: str, cuts: list[tuple[int, int]]) -> None:
    bps = tuple(Boilerplate(min(s, len(text)), min(s + n, len(text)), "other") for s, n in cuts)
    art = Article("a", "a.txt", text, boilerplate=bps)
    for seg in content_segments(art):
        assert 0 <= seg.start < seg.end <= len(text)
        assert not art.is_boilerplate(seg.start, seg.end)
        assert text[seg.start : seg.end] == text[seg.start : seg.end].strip()


def _plain_segments(art: Article) -> list[tuple[int, int, int]]:
    """Segments as first computed: each line trimmed character by character, cut by every
    boilerplate span that reaches it, each piece trimmed and kept when it holds a letter or a
    digit (``str.isalnum``)."""
    text = art.text
    out = []
    lines = [m.span() for m in re.finditer(r"[^\n]+", text)]
    index = 0
    for start, end in lines:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        pieces = [(start, end)]
        for b in sorted(art.boilerplate, key=lambda b: (b.start, b.end)):
            pieces = [
                part
                for ps, pe in pieces
                for part in (
                    [(ps, pe)] if b.end <= ps or b.start >= pe else [(ps, b.start), (b.end, pe)]
                )
                if part[1] > part[0]
            ]
        for ps, pe in pieces:
            while ps < pe and text[ps].isspace():
                ps += 1
            while pe > ps and text[pe - 1].isspace():
                pe -= 1
            if pe > ps and any(ch.isalnum() for ch in text[ps:pe]):
                out.append((ps, pe, index))
        index += 1
    return out


# white space of every kind str.split() and str.isspace() know, letters, digits, "_" (a word
# character that is not alphanumeric), marks and letters outside ASCII
_ODD = st.sampled_from(
    list("ab Z9_ .-\n\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u3000")
    + ["²", "½", "١", "é", "Σ", "\u200b", "\ufeff"]
)


@given(
    st.text(alphabet=_ODD, max_size=120),
    st.lists(st.tuples(st.integers(0, 120), st.integers(0, 30)), max_size=4),
)
def test_segments_equal_the_plain_reading(text: str, cuts: list[tuple[int, int]]) -> None:
    bps = tuple(Boilerplate(min(s, len(text)), min(s + n, len(text)), "other") for s, n in cuts)
    art = Article("a", "a.txt", text, boilerplate=bps)
    got = [(s.start, s.end, s.paragraph) for s in content_segments(art)]
    assert got == _plain_segments(art)
    assert [(s.start, s.end) for s in paragraphs(text)] == list(text_lines(text))
    assert [(s.start, s.end) for s in paragraphs(text, 2)] == list(text_lines(text)[:2])
