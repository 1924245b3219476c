"""Attribution constructions (issue 3, item 1), one test each, on sentences written for the project.

The story is fictional: a harbour town, its council, a ferry operator and a union.
"""

from __future__ import annotations

import pytest

from newsprism.analyze.quotes.groups import word_changes
from newsprism.analyze.quotes.marks import mark_view
from newsprism.analyze.quotes.roles import office, role_disagreements
from newsprism.model import Article, Speaker

from .attribution_helpers import cue_text as _cue
from .attribution_helpers import find as _find
from .attribution_helpers import mention_text as _mention
from .attribution_helpers import name as _name
from .attribution_helpers import run as _run


def _words(text: str) -> list[str]:
    return text.split(" ")


def test_indirect_said_that() -> None:
    arts, r = _run("Harbour master Tomas Reyne said that the ferry would sail again in May.\n")
    q = _find(arts, r, "the ferry would sail again in May")
    assert q.kind == "indirect"
    assert arts[0].text[q.start : q.end] == "the ferry would sail again in May"
    assert _cue(arts[0], q) == "said"
    assert _name(r, q) == "Tomas Reyne"


def test_indirect_told_outlet_without_that() -> None:
    text = "Councillor Ines Marlow told the Gazette the party would vote against the closure.\n"
    arts, r = _run(text)
    q = _find(arts, r, "the party would vote against the closure")
    assert q.kind == "indirect"
    assert _cue(arts[0], q) == "told"
    assert _mention(arts[0], q) == "Councillor Ines Marlow"


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        ("Ines Marlow claimed the operator had hidden its losses.", "hidden its losses", "claimed"),
        ("Ines Marlow denied that the council had been warned.", "had been warned", "denied"),
        ("Ines Marlow insisted the timetable was safe.", "the timetable was safe", "insisted"),
        ("Ines Marlow warned that fares would double by winter.", "fares would double", "warned"),
        ("Ines Marlow believes the island can keep its ferry.", "can keep its ferry", "believes"),
    ],
)
def test_reported_positions(sentence: str, content: str, cue: str) -> None:
    arts, r = _run(sentence + "\n")
    q = _find(arts, r, content)
    assert q.kind == "indirect"
    assert _cue(arts[0], q) == cue
    assert _name(r, q) == "Ines Marlow"


def test_according_to_without_quote_marks() -> None:
    arts, r = _run(
        "The crossing lost money for six years, according to the Merrow Ferry Company.\n"
    )
    q = _find(arts, r, "The crossing lost money for six years")
    assert q.kind == "indirect"
    assert _cue(arts[0], q) == "according to"
    assert _mention(arts[0], q) == "the Merrow Ferry Company"


def test_accused_of() -> None:
    arts, r = _run("Union leader Pia Strand accused the operator of abandoning island families.\n")
    q = _find(arts, r, "abandoning island families")
    assert _cue(arts[0], q) == "accused"
    assert _name(r, q) == "Pia Strand"


def test_branded_as_with_a_quoted_fragment_is_mixed() -> None:
    text = "Pia Strand branded the closure plan as “a betrayal of the island” on Monday.\n"
    arts, r = _run(text)
    q = _find(arts, r, "a betrayal of the island")
    assert q.kind == "mixed"
    assert _cue(arts[0], q) == "branded"
    assert _name(r, q) == "Pia Strand"


def test_direct_quote_with_trailing_cue() -> None:
    arts, r = _run("“We will keep the boats running,” said Tomas Reyne.\n")
    q = _find(arts, r, "We will keep the boats running")
    assert q.kind == "direct"
    assert arts[0].text[q.start : q.end] == "We will keep the boats running,"
    assert _name(r, q) == "Tomas Reyne"


def test_colon_introduced_quote() -> None:
    arts, r = _run("Pia Strand put it plainly: “Nobody asked the crews.”\n")
    q = _find(arts, r, "Nobody asked the crews.")
    assert q.kind == "direct"
    assert _name(r, q) == "Pia Strand"


def test_quote_split_by_its_cue_shares_the_speaker() -> None:
    text = "“The boats are old,” Tomas Reyne said. “But they are not unsafe.”\n"
    arts, r = _run(text)
    first = _find(arts, r, "The boats are old")
    second = _find(arts, r, "But they are not unsafe")
    assert first.speaker == second.speaker is not None
    assert first.cue == second.cue


def test_quote_spanning_paragraphs() -> None:
    text = (
        "Pia Strand said: “The crews were told nothing until Friday.\n\n"
        "“They learnt about the closure from a notice on the quay.”\n"
    )
    arts, r = _run(text)
    one = _find(arts, r, "told nothing until Friday")
    two = _find(arts, r, "a notice on the quay")
    assert one.speaker == two.speaker is not None
    assert _name(r, two) == "Pia Strand"


def test_dash_attribution() -> None:
    arts, r = _run("“Keep our ferry.” ― Maren Olle\n")
    q = _find(arts, r, "Keep our ferry.")
    assert _cue(arts[0], q) == "―"
    assert _mention(arts[0], q) == "Maren Olle"


def test_two_single_marks_used_as_a_double_mark() -> None:
    text = "''The vote was close,'' said Ines Marlow.\n"
    assert len(mark_view(text)) == len(text)
    arts, r = _run(text)
    q = _find(arts, r, "The vote was close")
    assert q.kind == "direct"
    assert _name(r, q) == "Ines Marlow"


def test_anonymous_source_and_group_speakers() -> None:
    text = (
        "A source close to the harbour master said the talks had collapsed.\n"
        "The two unions said in a joint statement that they would strike.\n"
    )
    arts, r = _run(text)
    q1 = _find(arts, r, "the talks had collapsed")
    q2 = _find(arts, r, "they would strike")
    anon = {s.id: s.anonymous for s in r.speakers}
    assert q1.speaker is not None and anon[q1.speaker]
    assert _mention(arts[0], q2) == "The two unions"


def test_unbalanced_marks_never_swallow_the_article() -> None:
    text = (
        "Pia Strand said: “The crews were told nothing.\n\n"
        "The council met on Tuesday. Harbour master Tomas Reyne said the vote was fair.\n\n"
        "He added: 'it was ”close.\n"
    )
    arts, r = _run(text)
    q = _find(arts, r, "the vote was fair")
    assert q.kind == "indirect"
    for quote in r.quotes:
        assert "\n\n" not in arts[0].text[quote.start : quote.end]


def test_negated_verb_is_not_a_cue() -> None:
    arts, r = _run("Tomas Reyne did not say that the ferry would close.\n")
    assert not [q for q in r.quotes if "ferry would close" in arts[0].text[q.start : q.end]]


def test_word_changes_show_an_inserted_or_dropped_word() -> None:
    canon = _words("complaints must not be waved away as gossip and residents must speak")
    variant = _words("complaints must not be waved away gossip and residents must speak")
    changes = word_changes(canon, variant)
    assert [(c.op, c.canonical, c.variant) for c in changes] == [("delete", "as", "")]
    # quoting further at either end is not a change of wording; nor is a spelling
    assert word_changes(_words("a b c d"), _words("x a b c d e")) == ()
    assert word_changes(_words("anti semitism is wrong"), _words("antisemitism is wrong")) == ()


def test_word_changes_of_another_piece_of_the_statement_are_none() -> None:
    # two sentences of one statement share only common words ("that", "i"): not a rewording
    canon = _words("i know that the harbour wall was built badly and i said so at the time")
    other = _words("we told them that a new ferry pier would cost far less than repairs")
    assert word_changes(canon, other) == ()
    # a common word replaced next to a run in common is still a change of wording
    changes = word_changes(
        _words("keep the night ferry running"), _words("keep that night ferry running")
    )
    assert [(c.op, c.canonical, c.variant) for c in changes] == [("replace", "the", "that")]


def test_role_disagreement_between_outlets() -> None:
    a = Article("a", "a.txt", "Harbour Trust president Ana Brill said the vote was fair.", "Herald")
    b = Article("b", "b.txt", "Ana Brill, chair of the Harbour Trust, said it was fair.", "Echo")
    s = Speaker("s1", "Ana Brill", roles=("Harbour Trust president", "chair of the Harbour Trust"))
    found = role_disagreements([s], [a, b])
    assert len(found) == 1
    d = found[0]
    assert d.kind == "role"
    assert {side.outlet for side in d.sides} == {"Herald", "Echo"}
    for side in d.sides:
        cite = side.citations[0]
        art = a if cite.article == "a" else b
        assert art.text[cite.start : cite.end] == side.claim
    # roles held at once (an MP who is also a spokesperson) are not a disagreement
    both = Speaker("s2", "Ana Brill", roles=("Labour MP", "transport spokesperson"))
    assert role_disagreements([both], [a, b]) == ()
    assert office("vice president") is None and office("JLC chairman") == "chair"


def test_parenthetical_cue_without_quote_marks() -> None:
    text = "The new timetable, Tomas Reyne said, would start on the first of June.\n"
    arts, r = _run(text)
    q = _find(arts, r, "would start on the first of June")
    assert q.kind == "indirect"
    assert _cue(arts[0], q) == "said"
    assert _name(r, q) == "Tomas Reyne"


def test_parenthetical_cue_of_a_quoted_fragment() -> None:
    text = (
        "Councillor Tomas Reyne spoke first.\n"
        "Closing the route, he warned, would “sink the whole harbour” by the autumn.\n"
    )
    arts, r = _run(text)
    q = _find(arts, r, "sink the whole harbour")
    assert q.kind == "mixed"
    assert _cue(arts[0], q) == "warned"
    assert _name(r, q) == "Tomas Reyne"


def test_label_keeps_its_object() -> None:
    text = "Pia Strand described the operator as “a landlord of the sea” on Monday.\n"
    arts, r = _run(text)
    q = _find(arts, r, "a landlord of the sea")
    assert arts[0].text[q.start : q.end].startswith("the operator as")
    assert _name(r, q) == "Pia Strand"


def test_transcript_speaker_label() -> None:
    text = "REYNE: The ferry will sail on Monday, whatever the weather does.\n"
    arts, r = _run(text)
    q = _find(arts, r, "The ferry will sail on Monday")
    assert q.kind == "direct"
    assert _cue(arts[0], q) == ":"
    assert _mention(arts[0], q) == "REYNE"


def test_commitment_with_an_infinitive() -> None:
    arts, r = _run("Ines Marlow vowed to keep the ferry running through the winter.\n")
    q = _find(arts, r, "keep the ferry running")
    assert q.kind == "indirect"
    assert _cue(arts[0], q) == "vowed"
    assert _name(r, q) == "Ines Marlow"
