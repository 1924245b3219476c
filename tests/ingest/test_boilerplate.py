"""Boilerplate marking: captions, datelines, footers, tweets, tickers; real content stays unmarked.

Fixtures are fictional lines written for these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.ingest.boilerplate import (
    agency_key,
    find_boilerplate,
    mark_boilerplate,
    wire_credit,
)
from newsprism.ingest.readers import read_inputs
from newsprism.model import Article, Boilerplate

P1 = "The harbour bridge in Portwell reopened on Tuesday after eight months of repairs."
P2 = "Mayor Ida Quell said the work had cost less than expected, according to the council."
P3 = "Traffic on the coast road is expected to return to normal by the weekend."


def marked(text: str) -> list[tuple[str, str]]:
    """(kind, marked text) for every span found in ``text``."""
    return [(b.kind, text[b.start : b.end]) for b in find_boilerplate(text)]


def body(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ captions


@pytest.mark.parametrize(
    "caption",
    [
        "Coast Wire/Harbour Images Mayor Ida Quell",
        "Harbour Press/PA Images Councillor Tom Reyes",
        "Getty Images The flooded high street",
        "Photo: Jo Bright",
        "Image copyright Harbour Press Image caption The bridge at dawn",
        "Empics Entertainment Councillor Tom Reyes",
        "Reuters Workers on the bridge deck",
        "Lakeside Courier The agenda for Monday's council meeting",
        "Sam Ray/Coast Images",
        "Coastwire/Harbour Images The ferry terminal at dawn",  # credit word after the slash
        "Harbour Herald/Sam Ray The hotel where the talks were held",  # an outlet's photographer
        "Sam Ray/The Valley Gazette Islanders outside the hall on Tuesday night",
        "Workers repaint the bridge railings on Monday. (AP Photo/Jan Doe)",
        "The bridge at dusk. Photograph: Sam Ray/Getty Images",
    ],
)
def test_caption_lines(caption: str) -> None:
    assert marked(body(P1, caption, P2)) == [("caption", caption)]


def test_caption_inside_a_line_is_a_partial_mark() -> None:
    line = "Workers returned on Monday (Photo by Sam Ray/Getty Images) to finish the railings."
    assert marked(body(P1, line)) == [("caption", "(Photo by Sam Ray/Getty Images)")]


def test_dateline_and_credit_on_one_line() -> None:
    text = body(" date 2031-03-04 Coast Wire/Harbour Images", P1)
    assert marked(text) == [
        ("dateline", "date 2031-03-04"),
        ("caption", "Coast Wire/Harbour Images"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Published 4 March 2031",
        "Updated: 10:32 GMT, 6 March 2031",
        "Published: 4 March 2031 | Updated: 6 March 2031",
    ],
)
def test_dateline_lines(line: str) -> None:
    assert marked(body(line, P1)) == [("dateline", line)]


# ------------------------------------------------------------------------------- wire datelines


@pytest.mark.parametrize(
    ("prefix", "agency"),
    [
        ("PORTWELL, March 4 (Coastwire) - ", "Coastwire"),
        ("LONDON (Reuters) - ", "Reuters"),
        ("WASHINGTON, Nov 3 (AP) — ", "AP"),
        ("KESTREL BAY, Ore., Sept. 9 (UPI) — ", "UPI"),
        ("ST. ALDER (Associated Press) -- ", "AP"),
        ("Portwell (AFP) – ", "AFP"),  # a place in title case needs a known agency
        ("Sept 9 (Reuters) - ", "Reuters"),
    ],
)
def test_wire_dateline_prefix_is_marked_alone(prefix: str, agency: str) -> None:
    paragraph = prefix + P1
    text = body("Bridge reopens after repairs", paragraph, P2)
    assert marked(text) == [("dateline", prefix)]
    article = Article("a", "a.txt", text)
    assert wire_credit(article) == agency
    assert wire_credit(mark_boilerplate(article)) == agency


@pytest.mark.parametrize(
    "line",
    [
        "Portwell (Coastwire) - the harbour bridge reopened on Tuesday.",  # unknown agency
        "PORTWELL (Coast Wire) - the bridge reopened.",  # unknown agencies are one word
        "The vote (AP) - a recount was ordered on Tuesday night.",
        "UPDATE (2pm) - the bridge has reopened to traffic.",
        "COUNCIL VOTE (updated) - members met again on Tuesday.",
        "Mayor Ida Quell (Labour) - who chairs the board - said the work was finished.",
    ],
)
def test_lines_that_are_not_wire_datelines(line: str) -> None:
    assert marked(body(P1, line, P2)) == []
    assert wire_credit(Article("a", "a.txt", body(line, P1))) is None


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("— Press Association", "PA"),
        ("- Reuters.", "Reuters"),
        ("Additional reporting by Reuters", "Reuters"),
        ("The Associated Press contributed to this report.", "AP"),
        ("Associated Press writer Ada Lund in Tromsø contributed to this report.", "AP"),
        ("Reuters reporters Ivo Brandt and Lena Kos contributed from Port Alder.", "Reuters"),
    ],
)
def test_wire_credit_lines(line: str, agency: str) -> None:
    text = body(P1, P2, line)
    assert marked(text) == [("byline", line)]
    assert wire_credit(Article("a", "a.txt", text)) == agency


_CREDITED = [
    body(P1, P2, "— Press Association"),
    body("LONDON (Reuters) - " + P1, P2),
    body("Portwell (AFP) – " + P1, P2, "Reuters contributed reporting."),
    body(P1, P2, P3),
    body("Photo: Harbour Images", P1, "- Reuters."),
]


@pytest.mark.parametrize("order", [0, 1, 2])
def test_wire_credit_reads_the_same_after_marking_any_text(order: int) -> None:
    """``wire_credit`` takes the datelines and credit lines ``find_boilerplate`` read of the
    same text object: the answer is the text's own, whichever text was marked last."""
    want = [wire_credit(Article("a", "a.txt", "".join(list(t)))) for t in _CREDITED]
    assert want[:4] == ["PA", "Reuters", "AFP", None]
    for i, text in enumerate(_CREDITED):
        marked_last = _CREDITED[(i + order) % len(_CREDITED)]
        find_boilerplate(marked_last)
        assert wire_credit(Article("a", "a.txt", text)) == want[i]
        assert wire_credit(mark_boilerplate(Article("a", "a.txt", text))) == want[i]


def test_no_wire_credit() -> None:
    assert wire_credit(Article("a", "a.txt", body(P1, P2, P3))) is None
    assert agency_key("Associated  Press") == agency_key("AP") == "AP"
    assert agency_key("Coastwire") == "Coastwire"


# ------------------------------------------------------------------------------------ other kinds


def test_read_time() -> None:
    text = "Bridge reopens after repairs\n4 min read\n" + body(P1, P2)
    assert marked(text) == [("read_time", "4 min read")]


def test_newsletter_footer_runs_to_the_end() -> None:
    footer = (
        "Lakeside Courier Newsletters\n"
        "The Lakeside Courier brings you the coast's news every morning: Subscribe"
    )
    text = body(P1, P2) + footer + "\n"
    assert marked(text) == [("newsletter", footer)]


def test_a_newsletter_line_before_more_quotes_marks_one_line() -> None:
    # near the end, but the story resumes after it: what follows is reported speech, not footer
    line = "Sign up for our newsletter"
    text = body(
        P1,
        line,
        "Quell added that the tolls would stay. “It is overdue,” she said.",
        "“The whole coast relies on it,” said the ferry captain, Ivo Brant.",
    )
    assert marked(text) == [("newsletter", line)]
    after = "Quell told the council the repairs were finished."
    assert marked(body(P1, line, after)) == [("newsletter", line)]


def test_subscribe_prompt_inside_the_article_marks_one_line() -> None:
    text = body(P1, "Subscribe to the Lakeside Courier for daily updates", P2, P3, P1, P2)
    assert marked(text) == [("subscription", "Subscribe to the Lakeside Courier for daily updates")]


@pytest.mark.parametrize(
    "line",
    [
        "Enjoy unlimited local news for just £2 a week. Already a subscriber? Log in",
        "Already a member? Sign in",
        "Subscribers can log in here to read the full story",
    ],
)
def test_paywall_prompts(line: str) -> None:
    assert marked(body(P1, P2, line)) == [("subscription", line)]


def test_follow_and_sign_up_footers() -> None:
    assert marked(body(P1, "Follow us on Twitter and Facebook")) == [
        ("subscription", "Follow us on Twitter and Facebook")
    ]
    assert marked(body(P1, "Sign up to our newsletter for the week's top stories")) == [
        ("newsletter", "Sign up to our newsletter for the week's top stories")
    ]


def test_embedded_tweet_on_one_line() -> None:
    tweet = (
        "Our statement on today's vote pic.twitter.com/AbCdEf123 — Portwell Council "
        "(@PortwellCouncil) March 4, 2031"
    )
    assert marked(body(P1, tweet, P2)) == [("tweet", tweet)]


def test_embedded_tweet_with_signature_on_its_own_line() -> None:
    tweet_text = "The bridge is open again! Thanks to everyone #Portwell https://t.co/xyz123"
    signature = "— Ida Quell (@MayorQuell) 4 March 2031"
    text = f"{P1}\n{tweet_text}\n{signature}\n{P2}\n"
    assert marked(text) == [("tweet", f"{tweet_text}\n{signature}")]


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Council approves new harbour budget",
        "LIVE: Latest updates from the coast road",
        "WATCH: The bridge opens",
        "RELATED: How the storm closed the bridge",
        "Related: Ferry timetable changes",
        "STORY: Ferry fares to rise in spring",
        "INTERACTIVE: Where the storm hit the coast road",
        "SEE MORE VIDEOS",
    ],
)
def test_ticker_lines(line: str) -> None:
    assert marked(body(P1, line, P2)) == [("ticker", line)]


def test_bylines_near_the_top() -> None:
    text = "Bridge Reopens After Months Of Repairs\nBy Mara Ellison, Transport Correspondent\n"
    text += body(P1, P2)
    assert marked(text) == [("byline", "By Mara Ellison, Transport Correspondent")]
    assert marked("Bridge reopens\nPolitical Editor\n" + P1) == [("byline", "Political Editor")]


def test_page_furniture() -> None:
    assert marked(body(P1, "Advertisement", P2, "Story continues below advertisement")) == [
        ("other", "Advertisement"),
        ("other", "Story continues below advertisement"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "[Ferry fares to rise in spring as the harbour board meets]",
        "[image via Coast Photos]",
        "[More on the crossing, plus video of the storm]",
    ],
)
def test_a_whole_line_in_square_brackets_is_furniture(line: str) -> None:
    assert marked(body(P1, line, P2)) == [("other", line)]


# ------------------------------------------------------------------------------------ negatives


@pytest.mark.parametrize(
    "line",
    [
        "Labour challenges council's version of events after 'disappointing' vote",
        "Harbour Bridge Reopens After Eight Months Of Repairs",
        "Lakeside Courier Wins Regional Award",  # a headline, not a credit
        "Posting the letter on Twitter, the mayor said the bridge would stay open.",
        "Reuters reported on Monday that the port had closed for the night.",
        "By contrast, the ferry operators said they had lost money all winter",
        "The harbour after the storm",
        "NEW: Councillor Reyes says the figures are wrong",
        "Getty, a retired engineer, said the railings were the original ones.",
        "Sign language interpreters were at the meeting, the council said.",
    ],
)
def test_content_lines_stay_unmarked(line: str) -> None:
    assert marked(body(line, P1, P2)) == []
    assert marked(body(P1, line, P2)) == []


def test_repeated_paragraphs_are_not_marked() -> None:
    assert marked(body(P1, P2, P1)) == []


# ------------------------------------------------------------------------------------ invariants


def test_mark_boilerplate_keeps_text_and_existing_spans() -> None:
    text = body(P1, "Advertisement", P2)
    start = text.index(P2)
    article = Article("a", "a.txt", text, boilerplate=(Boilerplate(start, start + 5, "ticker"),))
    out = mark_boilerplate(article)
    assert out.text == text
    assert [(b.kind, text[b.start : b.end]) for b in out.boilerplate] == [
        ("other", "Advertisement"),
        ("ticker", P2[:5]),
    ]
    assert mark_boilerplate(out) == out


def test_adjacent_captions_merge() -> None:
    text = body(P1, "Sam Ray/Coast Images", "Getty Images The flooded high street", P2)
    assert marked(text) == [
        ("caption", "Sam Ray/Coast Images\n\nGetty Images The flooded high street")
    ]


LINES = st.sampled_from(
    [
        P1,
        P2,
        "Sam Ray/Coast Images",
        "date 2031-03-04 Coast Wire/Harbour Images",
        "4 min read",
        "Lakeside Courier Newsletters",
        "...: Subscribe",
        "READ MORE: more",
        "x pic.twitter.com/abc",
        "— A (@b) March 4, 2031",
        "(Photo by X/Getty Images)",
        "By Mara Ellison",
        "Advertisement",
        "",
        "   ",
        "\r",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=12),
    st.sampled_from(["\n", "\r\n", " "]),
)
def test_spans_are_sorted_disjoint_and_in_bounds(lines: list[str], sep: str) -> None:
    text = sep.join(lines)
    article = mark_boilerplate(Article("p", "p.txt", text))
    assert article.text == text
    previous_end = 0
    for span in article.boilerplate:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        previous_end = span.end


# ------------------------------------------------------------------------------------ seeds


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]


def test_seed_boilerplate(seeds_dir: Path) -> None:
    read = read_inputs([str(seeds_dir)])
    got = {a.id[:3]: mark_boilerplate(a) for a in read.articles}

    def lines_marked(key: str) -> list[str]:
        a = got[key]
        return [a.text[b.start : b.end] for b in a.boilerplate]

    def fully_marked(key: str, line: str) -> bool:
        a = got[key]
        start = a.text.index(line)
        covered = [b for b in a.boilerplate if b.start < start + len(line) and start < b.end]
        return sum(min(b.end, start + len(line)) - max(b.start, start) for b in covered) == len(
            line
        )

    captions_001 = [ln.strip() for ln in got["001"].text.splitlines() if "/PA Images" in ln]
    assert len(captions_001) == 3
    assert all(fully_marked("001", ln) for ln in captions_001)
    outlet_caption = [
        ln.strip() for ln in got["001"].text.splitlines() if ln.startswith("HuffPost UK ")
    ]
    assert outlet_caption and fully_marked("001", outlet_caption[0])

    lines_002 = [ln.strip() for ln in got["002"].text.splitlines() if ln.strip()]
    assert any(re.fullmatch(r"\d+ min read", ln) for ln in lines_marked("002"))
    assert fully_marked("002", lines_002[-1]) and fully_marked("002", lines_002[-2])
    assert not got["002"].is_boilerplate(0, len(lines_002[0]))

    lines_003 = [ln.strip() for ln in got["003"].text.splitlines() if ln.strip()]
    for ln in lines_003:
        if "/PA Images" in ln or "pic.twitter.com" in ln or ln.startswith("Empics "):
            credit = ln[ln.index("PA Wire") :] if ln.startswith("date") else ln
            assert fully_marked("003", credit), ln

    for key, article in got.items():
        for start, end in _sentences(article.text):
            sentence = article.text[start:end]
            if re.search(r"\bsaid\b", sentence) and len(sentence.split()) > 6:
                assert not article.is_boilerplate(start, end), (key, sentence)
    # 004 marks nothing that is real content: its headline and every paragraph stay unmarked
    assert got["004"].boilerplate == ()
