from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsprism.model import Article, Boilerplate
from newsprism.nlp.segment import content_segments, paragraphs


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
