"""Boilerplate in the shapes real scrapes carry: wire photo captions, gallery lines, promo links,
sign-up forms, "Tweet with a location" blocks.  Fictional lines written for these tests."""

from __future__ import annotations

import pytest

from newsprism.eval.hygiene import unclean_kind
from newsprism.ingest.boilerplate import find_boilerplate

P1 = "The harbour bridge in Portwell reopened on Tuesday after eight months of repairs."
P2 = "Mayor Ida Quell said the work had cost less than expected, according to the council."


def marked(text: str) -> list[tuple[str, str]]:
    return [(b.kind, text[b.start : b.end]) for b in find_boilerplate(text)]


def body(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "line",
    [
        "FILE - In this March 3, 2029, file photo, Mayor Ida Quell speaks at the harbour in "
        "Portwell. The bridge reopened on Tuesday after eight months of repairs.",
        "In this Saturday, June 2, 2029, photo, islanders queue for the ferry in Portwell.",
        "In this image released by the Portwell Council, the bridge is lit at night.",
        "Mayor Ida Quell speaks to reporters in Portwell, in this March 3, 2029 file photo.",
        "Islanders queue for the ferry at dawn. The line ran past the harbour wall, and "
        "some... (Associated Press)",
        "The bridge at dusk on Monday. AP Photo/Jan Doe",
        "Mayor Ida Quell at the harbour on Monday. | Sam Ray/Getty Images",
        "Enlarge this image toggle caption Sam Ray/Coast Images",
        "Photos: The harbour bridge Photos: The harbour bridge Workers repaint the railings.",
        "3 of 12. Workers repaint the railings of the harbour bridge on Monday.",
    ],
)
def test_wire_and_gallery_captions(line: str) -> None:
    assert marked(body(P1, line, P2)) == [("caption", line)]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "You can add location information to your Tweets, such as your city or precise "
            "location, from the web and via third-party applications. You always have the option "
            "to delete your Tweet location history.",
            "tweet",
        ),  # fmt: skip
        (
            "When you tweet with a location, Twitter stores that location. You can switch "
            "location on/off before each Tweet.",
            "tweet",
        ),  # fmt: skip
        ("► Related: Ferry timetable cut for the winter", "ticker"),
        ("Watch: The bridge reopens after eight months", "ticker"),
        ("[VIDEO: The bridge reopens]", "ticker"),
        ("Read more:", "ticker"),
        ("For a full list of the new sailings, click here.", "other"),
        ("ON A MOBILE DEVICE? CLICK HERE TO SEE THE VIDEO.", "other"),
        ("Get the Harbour News app for your phone! Download it today.", "other"),
        ("FOLLOW us on: www.example.org/harbournews", "subscription"),
        ("Subscribe NOW to The Harbour Show: www.example.org/show", "subscription"),
        (
            "Newsletter Sign Up Continue reading the main story Please verify you're not a robot "
            "by clicking the box. Invalid email address. Please re-enter.",
            "newsletter",
        ),  # fmt: skip
        ("Sign up for Harbour7 email alerts to stay informed about breaking news.", "newsletter"),
    ],
)
def test_promos(line: str, kind: str) -> None:
    # content after the line: a footer near the end of the text runs to the end
    assert marked(body(P1, line, P2, P1, P2, P1)) == [(kind, line)]


def test_inline_photo_and_click_here_links_are_partial_marks() -> None:
    line = "The council will hold a fundraiser on Saturday. (Click here to see the flyer)"
    assert marked(body(P1, line)) == [("other", "(Click here to see the flyer)")]
    line = "The vote is on Monday. (PHOTOS: The harbour bridge at dawn)"
    assert marked(body(P1, line)) == [("other", "(PHOTOS: The harbour bridge at dawn)")]


@pytest.mark.parametrize(
    "line",
    [
        "In this town, photo studios have closed one by one since the bridge shut.",
        "Mayor Ida Quell said in this interview that the bridge would stay open.",
        "The council said residents could sign up for the ferry at the harbour office.",
        "Residents who want to follow the works can read the council's weekly report.",
    ],
)
def test_story_lines_stay_unmarked(line: str) -> None:
    assert marked(body(P1, line, P2)) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("FILE - In this March 3, 2029, file photo, the mayor speaks.", "caption"),
        ("The bridge at dusk. (AP Photo/Jan Doe)", "caption"),
        ("Tweet with a location", "promo"),
        ("For the full list, click here.", "promo"),
        ("Mayor Ida Quell said the bridge would stay open.", None),
        ("Residents were asked to sign up for the ferry.", None),
    ],
)
def test_the_hygiene_measure_reads_captions_and_promos(text: str, kind: str | None) -> None:
    assert unclean_kind(text) == kind
