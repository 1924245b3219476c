"""A fictional story told by four outlets, as a hand-built Briefing that fills every field."""

from __future__ import annotations

import pytest

from newsprism.model import (
    Article,
    Boilerplate,
    Briefing,
    Citation,
    Claim,
    ClaimGroup,
    Disagreement,
    DisagreementSide,
    Drop,
    Event,
    Notice,
    Quote,
    QuoteGroup,
    QuoteOccurrence,
    Relation,
    RepeatedPassage,
    Span,
    Speaker,
    SummaryItem,
    TimelineEntry,
)

GAZETTE_1 = (
    "Harbour bridge to close for repairs\n"
    "By Ada Finch\n"
    "The Wexmoor harbour bridge will close for six weeks from 3 March, the town council said.\n"
    'Council leader Mara Quill said: "The bridge is safe today, but it will not be safe next '
    'winter."\n'
    "Photo: the bridge at dusk (Wexmoor Gazette)\n"
    "Sign up for our morning newsletter.\n"
)
GAZETTE_2 = (
    "Harbour bridge to close for repairs\n"
    "By Ada Finch\n"
    "The Wexmoor harbour bridge will close for six weeks from 3 March, the town council said.\n"
    'Council leader Mara Quill said: "The bridge is safe today, but it will not be safe next '
    'winter."\n'
    "Ferry operator Tomás Reyes said extra crossings would run every hour.\n"
    "Sign up for our morning newsletter.\n"
)
WIRE = (
    "Wexmoor bridge closure confirmed\r\n"
    "The harbour bridge in Wexmoor will shut for seven weeks, the council confirmed.\r\n"
    'Quill told reporters that "the bridge is safe today, but it will not be safe next winter."\r\n'
    "A council spokesperson, who asked not to be named, said the cost had not been agreed.\r\n"
)
NORTH = WIRE.replace("Wexmoor bridge closure confirmed", "Bridge in Wexmoor to shut")
RIVER = (
    "Anger over Wexmoor bridge plan\n"
    "Shop owners in Wexmoor said the closure would hurt trade. "
    '"We were never asked," said baker Lena Holt.\n'
    "The café by the water expects a quiet spring ☕.\n"
    "The council said the bridge would close for six weeks.\n"
    "The council said the bridge would close for six weeks.\n"
)


def span_of(text: str, part: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part))


def cite(article: Article, part: str, nth: int = 0) -> Citation:
    s = span_of(article.text, part, nth)
    return Citation(article.id, s.start, s.end)


def quote(
    qid: str,
    a: Article,
    part: str,
    kind: str,
    speaker: str | None,
    mention: str | None,
    cue: str | None,
) -> Quote:
    s = span_of(a.text, part)
    m = span_of(a.text, mention) if mention else None
    c = None
    if cue:  # the cue nearest after the mention (or the quote)
        at = a.text.index(cue, m.start if m else 0)
        c = Span(at, at + len(cue))
    return Quote(
        qid,
        a.id,
        s.start,
        s.end,
        kind,  # type: ignore[arg-type]
        speaker,
        m,
        c,
    )


def bp(text: str, part: str, kind: str) -> Boilerplate:
    s = span_of(text, part)
    return Boilerplate(s.start, s.end, kind)  # type: ignore[arg-type]


def claim(cid: str, article: Article, part: str, speaker: str | None = None) -> Claim:
    c = cite(article, part)
    return Claim(cid, article.id, c.start, c.end, "fact", speaker, article.outlet, "e1")


def make_briefing() -> Briefing:
    g1 = Article(
        "001_gazette",
        "in/001_gazette.txt",
        GAZETTE_1,
        outlet="Wexmoor Gazette",
        title="Harbour bridge to close for repairs",
        published="2024-02-26",
        author="Ada Finch",
        url="https://gazette.invalid/bridge",
        boilerplate=(
            bp(GAZETTE_1, "By Ada Finch", "byline"),
            bp(GAZETTE_1, "Photo: the bridge at dusk (Wexmoor Gazette)", "caption"),
            bp(GAZETTE_1, "Sign up for our morning newsletter.", "newsletter"),
        ),
        evidence=(("outlet", "caption: '(Wexmoor Gazette)'"),),
    )
    g2 = Article(
        "002_gazette",
        "in/002_gazette.txt",
        GAZETTE_2,
        outlet="Wexmoor Gazette",
        title="Harbour bridge to close for repairs",
        published="2024-02-27",
        boilerplate=(bp(GAZETTE_2, "Sign up for our morning newsletter.", "newsletter"),),
    )
    w = Article(
        "003_wire",
        "in/003_wire.txt",
        WIRE,
        outlet="Coastal Wire",
        title="Wexmoor bridge closure confirmed",
        published="2024-02-27",
    )
    n = Article(
        "004_north",
        "in/004_north.txt",
        NORTH,
        outlet="Northshore Post",
        title="Bridge in Wexmoor to shut",
        published="2024-02-28",
    )
    r = Article(
        "005_river",
        "in/005_river.txt",
        RIVER,
        outlet=None,
        title="Anger over Wexmoor bridge plan",
        published=None,
    )
    quotes = (
        quote(
            "q1",
            g1,
            "The bridge is safe today, but it will not be safe next winter.",
            "direct",
            "s1",
            "Mara Quill",
            "said",
        ),
        quote(
            "q2",
            w,
            "the bridge is safe today, but it will not be safe next winter.",
            "mixed",
            "s1",
            "Quill",
            "told reporters",
        ),
        quote(
            "q3",
            n,
            "the bridge is safe today, but it will not be safe next winter.",
            "mixed",
            "s1",
            "Quill",
            "told reporters",
        ),
        quote("q4", r, "We were never asked,", "direct", "s2", "baker Lena Holt", "said"),
        quote(
            "q5",
            w,
            "the cost had not been agreed",
            "indirect",
            "s3",
            "A council spokesperson",
            "said",
        ),
        quote("q6", g2, "extra crossings would run every hour", "indirect", None, None, None),
    )
    return Briefing(
        articles=(g1, g2, w, n, r),
        dropped=(Drop("in/empty.txt", "the file holds no text", "NP201"),),
        relations=(
            Relation("001_gazette", "002_gazette", "version", 0.91234567),
            Relation("003_wire", "004_north", "syndicated", 0.97),
            Relation("001_gazette", "005_river", "shares_passages", 0.12),
        ),
        repeated_passages=(
            RepeatedPassage(
                "005_river",
                span_of(RIVER, "The council said the bridge would close for six weeks."),
                span_of(RIVER, "The council said the bridge would close for six weeks.", 1),
            ),
        ),
        events=(
            Event(
                "e1",
                "Wexmoor harbour bridge to close",
                ("001_gazette", "002_gazette", "003_wire", "004_north", "005_river"),
                "2024-03-03",
            ),
            Event("e2", "Shop owners object to the closure", ("005_river",), None),
        ),
        summary=(
            SummaryItem(
                "The Wexmoor harbour bridge will close for six weeks from 3 March, the town "
                "council said.",
                (
                    cite(
                        g1,
                        "The Wexmoor harbour bridge will close for six weeks from 3 March, "
                        "the town council said.",
                    ),
                    cite(
                        w,
                        "The harbour bridge in Wexmoor will shut for seven weeks, the "
                        "council confirmed.",
                    ),
                ),
                ("001_gazette", "002_gazette", "003_wire", "004_north", "005_river"),
                "e1",
            ),
            SummaryItem(
                "Shop owners in Wexmoor said the closure would hurt trade.",
                (cite(r, "Shop owners in Wexmoor said the closure would hurt trade."),),
                ("005_river",),
                "e2",
            ),
        ),
        speakers=(
            Speaker("s1", "Mara Quill", ("Quill",), ("council leader",)),
            Speaker("s2", "Lena Holt", (), ("baker",)),
            Speaker("s3", "a council spokesperson", (), ("spokesperson",), anonymous=True),
        ),
        quotes=quotes,
        quote_groups=(
            QuoteGroup(
                "g1",
                "The bridge is safe today, but it will not be safe next winter.",
                (
                    QuoteOccurrence("q1", "001_gazette", "Wexmoor Gazette"),
                    QuoteOccurrence("q2", "003_wire", "Coastal Wire"),
                    QuoteOccurrence("q3", "004_north", "Northshore Post"),
                ),
                ("s1",),
                "wording differs: 'The bridge' / 'the bridge'",
            ),
        ),
        disagreements=(
            Disagreement(
                "d1",
                "length of the closure",
                "number",
                (
                    DisagreementSide(
                        None, "Wexmoor Gazette", "six weeks", (cite(g1, "six weeks"),)
                    ),
                    DisagreementSide(
                        None, "Coastal Wire", "seven weeks", (cite(w, "seven weeks"),)
                    ),
                ),
                1,
                0.9,
            ),
        ),
        possible_disagreements=(
            Disagreement(
                "p2",
                "Whether the ferry will run",
                "polarity",
                (
                    DisagreementSide(
                        None, "Wexmoor Gazette", "six weeks", (cite(g1, "six weeks"),), "affirms"
                    ),
                    DisagreementSide(
                        None, "Coastal Wire", "seven weeks", (cite(w, "seven weeks"),), "denies"
                    ),
                ),
                2,
                0.3,
            ),
        ),
        timeline=(
            TimelineEntry("2024-02", "month", "The council plans the repairs", (), inferred=True),
            TimelineEntry(
                "2024-03-03", "day", "The bridge closes", (cite(g1, "from 3 March"),), conflict=True
            ),
        ),
        claims=(
            claim("c1", g1, "The Wexmoor harbour bridge will close for six weeks from 3 March"),
            claim("c2", g2, "The Wexmoor harbour bridge will close for six weeks from 3 March"),
            claim("c3", r, "The council said the bridge would close for six weeks."),
            claim("c4", w, "The harbour bridge in Wexmoor will shut for seven weeks"),
            claim("c5", n, "The harbour bridge in Wexmoor will shut for seven weeks"),
            claim("c6", w, "the cost had not been agreed", "s3"),
            claim("c7", n, "the cost had not been agreed", "s3"),
        ),
        claim_groups=(
            ClaimGroup("cg1", ("c6", "c7"), ("003_wire",), "cost, agree"),
            ClaimGroup(
                "cg2",
                ("c1", "c2", "c3", "c4", "c5"),
                ("001_gazette", "003_wire", "005_river"),
                "bridge, close",
            ),
        ),
        independent_sources=(
            ("001_gazette", "002_gazette"),
            ("003_wire", "004_north"),
            ("005_river",),
        ),
        notices=(
            Notice("NP209", "unbalanced quote marks", "in/005_river.txt"),
            Notice("NP210", "many articles for one briefing", None),
        ),
    )


HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><img src=x onerror=alert(1)>'


def make_hostile_briefing() -> Briefing:
    """Hostile text in every field that comes from input."""
    text = (
        f"Headline {HOSTILE_SCRIPT} here\n"
        f"Body with {HOSTILE_ATTR} and a | pipe and *stars* and [link](http://x.invalid).\n"
        "Plain closing sentence.\n"
    )
    aid = f"x{HOSTILE_ATTR}"
    a = Article(
        aid,
        f"in/{HOSTILE_SCRIPT}.txt",
        text,
        outlet=f"Outlet {HOSTILE_ATTR} | A",
        title=f"Title {HOSTILE_SCRIPT}",
        published="2024-01-01",
        author=HOSTILE_SCRIPT,
        url=f"javascript:alert(1)//{HOSTILE_ATTR}",
        boilerplate=(Boilerplate(0, text.index("\n"), "other"),),
    )
    body = span_of(
        text, f"Body with {HOSTILE_ATTR} and a | pipe and *stars* and [link](http://x.invalid)."
    )
    q = span_of(text, HOSTILE_ATTR)
    return Briefing(
        articles=(a,),
        dropped=(Drop(f"in/{HOSTILE_SCRIPT}.bin", f"reason {HOSTILE_ATTR}", "NP202"),),
        events=(Event(f"ev{HOSTILE_ATTR}", f"Event {HOSTILE_SCRIPT}", (aid,), None),),
        summary=(
            SummaryItem(
                text[body.start : body.end], (Citation(aid, body.start, body.end),), (aid,), None
            ),
        ),
        speakers=(
            Speaker(
                f"s{HOSTILE_ATTR}", f"Name {HOSTILE_SCRIPT}", (HOSTILE_ATTR,), (HOSTILE_SCRIPT,)
            ),
        ),
        quotes=(Quote(f"q{HOSTILE_ATTR}", aid, q.start, q.end, "direct", f"s{HOSTILE_ATTR}"),),
        quote_groups=(
            QuoteGroup(
                f"g{HOSTILE_ATTR}",
                HOSTILE_SCRIPT,
                (QuoteOccurrence(f"q{HOSTILE_ATTR}", aid, HOSTILE_ATTR),),
                (f"s{HOSTILE_ATTR}",),
                HOSTILE_SCRIPT,
            ),
        ),
        disagreements=(
            Disagreement(
                "d1",
                HOSTILE_SCRIPT,
                HOSTILE_ATTR,
                (
                    DisagreementSide(
                        None, HOSTILE_ATTR, HOSTILE_SCRIPT, (Citation(aid, body.start, body.end),)
                    ),
                    DisagreementSide(f"s{HOSTILE_ATTR}", None, HOSTILE_ATTR, ()),
                ),
                0,
            ),
        ),
        possible_disagreements=(
            Disagreement(
                "p1",
                HOSTILE_SCRIPT,
                HOSTILE_ATTR,
                (
                    DisagreementSide(HOSTILE_SCRIPT, HOSTILE_ATTR, HOSTILE_SCRIPT, ()),
                    DisagreementSide(f"s{HOSTILE_ATTR}", HOSTILE_SCRIPT, HOSTILE_ATTR, ()),
                ),
                1,
                0.1,
            ),
        ),
        timeline=(TimelineEntry("2024-01-01", "day", HOSTILE_SCRIPT, ()),),
        notices=(Notice("NP209", HOSTILE_SCRIPT, HOSTILE_ATTR),),
    )


@pytest.fixture()
def briefing() -> Briefing:
    return make_briefing()


@pytest.fixture()
def hostile() -> Briefing:
    return make_hostile_briefing()
