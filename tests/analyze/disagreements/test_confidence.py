"""Confidence of disagreements: evidence, weights, and the split into shown and possible ones.

Fixture sentences are fictional and written for these tests.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsprism.analyze.disagreements import confidence as conf
from newsprism.analyze.disagreements.detect import split_confident
from newsprism.api import brief
from newsprism.model import Citation, Disagreement, DisagreementSide

from .fixtures import brief_two


def test_named_speakers_and_hedges() -> None:
    assert conf.named_speaker("Harbour master Ivo Stark")
    assert conf.named_speaker("the Port Authority")
    assert not conf.named_speaker("he") and not conf.named_speaker(None)
    assert not conf.named_speaker("a police source")
    assert conf.hedged("Would the ferry run if the pier closed?")
    assert not conf.hedged("The ferry ran on Tuesday.")


def test_figures_of_one_thing_are_confident_vague_clashes_are_not() -> None:
    figure = conf.Evidence("number", similarity=0.3, figure=True, unnamed=2, sides=2)
    assert conf.confidence(figure) >= conf.CONFIDENT
    vague = conf.Evidence("polarity", similarity=0.25, named=1, unnamed=1, hedged=1)
    assert conf.confidence(vague) < conf.CONFIDENT
    # opposite judgements of one thing by named parties, against the same words with no thing
    # judged in common
    judged = conf.Evidence("evaluation", similarity=0.3, named=3, unnamed=1, same_target=True)
    loose = conf.Evidence("evaluation", similarity=0.3, named=3, unnamed=1)
    assert conf.confidence(judged) >= conf.CONFIDENT > conf.confidence(loose)


def test_confidence_is_a_logistic_of_the_weights() -> None:
    ev = conf.Evidence("account", similarity=0.5)
    assert conf.confidence(ev, {"bias": 0.0}) == 0.5
    assert conf.confidence(ev, {"similarity": 2.0, "kind=account": 1.0}) > 0.85


def _d(i: int, confidence: float) -> Disagreement:
    side = DisagreementSide(None, None, "x", (Citation("a", 0, 1),))
    return Disagreement(f"d{i}", "t", "number", (side, side), i, confidence)


def test_split_keeps_order_and_ranks_possible_after_shown() -> None:
    shown, possible = split_confident([_d(1, 0.9), _d(2, 0.2), _d(3, 0.7)])
    assert [(d.id, d.rank, d.confidence) for d in shown] == [("d1", 1, 0.9), ("d2", 2, 0.7)]
    assert [(d.id, d.rank) for d in possible] == [("p3", 3)]


WHARF_A = (
    "Wharf fire: dockers count the cost\n"
    "Published 4 May 2026\n\n"
    "Fire chief Orla Penn said 14 boats burned in the fire at Gull Wharf.\n\n"
    "“I can’t say,” one docker said.\n"
)
WHARF_B = (
    "Gull Wharf blaze\n"
    "Published 4 May 2026\n\n"
    "Harbour officials said 9 boats burned in the fire at Gull Wharf.\n\n"
    "They say the dockers can say what they saw.\n"
)


def test_briefing_shows_the_sure_clash_and_folds_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a_wharf.txt").write_text(WHARF_A, encoding="utf-8")
    (tmp_path / "b_wharf.txt").write_text(WHARF_B, encoding="utf-8")
    b = brief([str(tmp_path)])
    assert [d.kind for d in b.disagreements] == ["number"]
    assert all(d.confidence >= conf.CONFIDENT for d in b.disagreements)
    assert all(d.confidence < conf.CONFIDENT for d in b.possible_disagreements)
    ranks = [d.rank for d in (*b.disagreements, *b.possible_disagreements)]
    assert ranks == list(range(1, len(ranks) + 1))


QUARRY_A = (
    "Quarry row splits the valley\n"
    "Published 6 May 2026\n\n"
    "The Brenmoor quarry will stay open through the summer, the county said on Tuesday.\n\n"
    "Quarry owner Hal Dunmore defended his blasting plans at a packed hall meeting.\n\n"
    "“I’m not reckless,” Dunmore said.\n\n"
    "Councillor Wren Okafor said the blasting was “dangerous and reckless.”\n\n"
    "Farmers said the dust had settled on their fields for weeks.\n"
)
QUARRY_B = (
    "Brenmoor quarry stays open\n"
    "Published 6 May 2026\n\n"
    "The Brenmoor quarry will stay open through the summer, the county said on Tuesday.\n\n"
    "The county said it would review the blasting permit in June.\n"
)


def test_a_label_one_named_voice_denies_and_another_gives_is_shown(tmp_path: Path) -> None:
    (tmp_path / "a_quarry_gazette.txt").write_text(QUARRY_A, encoding="utf-8")
    (tmp_path / "b_valley_post.txt").write_text(QUARRY_B, encoding="utf-8")
    b = brief([str(tmp_path)])
    shown = [d for d in b.disagreements if d.kind == "polarity"]
    assert len(shown) == 1 and shown[0].topic == "Whether Hal Dunmore is reckless"
    assert {s.claim.split("”")[0] for s in shown[0].sides} >= {"“I’m not reckless,"}
    assert shown[0].confidence >= conf.CONFIDENT


def test_label_rebuttal_needs_two_named_voices_and_a_label_on_both_sides() -> None:
    from newsprism.analyze.disagreements.claims import ClaimInfo
    from newsprism.model import Claim

    def info(
        speaker: str | None,
        name: str | None,
        negated: set[str],
        preds: set[str],
        label: bool = True,
    ) -> ClaimInfo:
        claim = Claim("c", "a", 0, 1, "fact", speaker, "o", "e1", ())
        words = frozenset(preds | negated)
        return ClaimInfo(
            *(claim, "x", (), 1, 0, None, (), (), name, 0, False, words, frozenset(negated)),
            labels=words if label else frozenset(),
        )

    denies = info("s1", "Hal Dunmore", {"reckless"}, set())
    gives = info("s2", "Wren Okafor", set(), {"reckless"})
    assert conf.label_rebuttal([denies, gives], {})
    assert conf.label_rebuttal([denies, gives], {}, "reckless")
    # the reporter or a pronoun on one side: who denies what cannot be checked
    assert not conf.label_rebuttal([denies, info(None, None, set(), {"reckless"})], {})
    assert not conf.label_rebuttal([denies, info("s3", "he", set(), {"reckless"})], {})
    # one voice under two claims does not rebut itself
    assert not conf.label_rebuttal([denies, info("s1", "Hal Dunmore", set(), {"reckless"})], {})
    # a verb affirmed and negated is not a label
    act = info("s2", "Wren Okafor", set(), {"blast"}, label=False)
    no_act = info("s1", "Hal Dunmore", {"blast"}, set(), label=False)
    assert not conf.label_rebuttal([no_act, act], {})
    ev = conf.Evidence("polarity", similarity=0.17, named=2, sides=2, label=True)
    assert conf.confidence(ev) >= conf.CONFIDENT
    assert conf.confidence(conf.Evidence("polarity", similarity=0.17, named=2)) < conf.CONFIDENT


def test_a_first_against_done_before_is_not_shown(tmp_path: Path) -> None:
    # removed with its floor: a tuning-only fit (docs/evaluation.md, the audit)
    b = brief_two(
        tmp_path,
        "Mayor speaks out\nPublished 4 May 2026\n\nMayor Ines Halloran is speaking about the "
        "pier closure for the first time in an interview with Gull Bay Radio.\n",
        "Radio interview hyped\nPublished 4 May 2026\n\nThe station promoted the interview "
        "widely.\n\nMayor Ines Halloran has spoken about the pier closure before, at two "
        "council meetings in March.\n",
    )
    assert not [d for d in b.disagreements if d.kind == "polarity"]
    assert "first" not in conf.Evidence("polarity").vector()


PILOT_A = (
    "Harbour row at Gull Wharf\n"
    "Published 4 May 2026\n\n"
    "The harbour board met at Gull Wharf on Monday to discuss the summer ferry timetable.\n\n"
    "Harbour master Ivo Stark sold the old pilot boat to a scrap dealer from Brennport last "
    "week.\n"
)
PILOT_B = (
    "Gull Wharf dispute deepens\n"
    "Published 4 May 2026\n\n"
    "Ferry passengers at Gull Wharf waited for news of the summer timetable on Monday.\n\n"
    "Harbour master Ivo Stark denied that he sold the pilot boat, saying it remains moored at "
    "the wharf.\n"
)


def test_an_explicit_denial_in_the_other_sides_terms_is_shown_with_its_two_sides(
    tmp_path: Path,
) -> None:
    (tmp_path / "a_harbour_news.txt").write_text(PILOT_A, encoding="utf-8")
    (tmp_path / "b_wharf_times.txt").write_text(PILOT_B, encoding="utf-8")
    b = brief([str(tmp_path)])
    shown = [d for d in b.disagreements if d.kind == "account"]
    assert len(shown) == 1 and shown[0].confidence >= conf.CONFIDENT
    # the denial says what it denies: no sentence before it is pulled in as what it disputes
    claims = sorted(s.claim for s in shown[0].sides)
    assert len(claims) == 2
    assert claims[0].startswith("Harbour master Ivo Stark denied that he sold the pilot boat")
    assert claims[1].startswith("Harbour master Ivo Stark sold the old pilot boat")
    # a headline naming a quarrel (``dispute deepens``) disputes nothing
    assert not any("dispute deepens" in s.claim for d in b.possible_disagreements for s in d.sides)


def test_restated_needs_the_other_sides_verb_and_another_of_its_words() -> None:
    from newsprism.analyze.disagreements.claims import ClaimInfo
    from newsprism.model import Claim

    def info(stems: tuple[str, ...], account: str | None = None, verb: str = "") -> ClaimInfo:
        claim = Claim("c", "a", 0, 1, "fact", None, "o", "e1", ())
        return ClaimInfo(
            *(claim, "x", stems, 1, 0, account, (), (), None, 0),
            disputed_predicate=verb,
            disputed_stems=frozenset(stems[2:]) if account else frozenset(),
        )

    told = info(("union", "say", "cut", "wage", "night", "shift"))
    denial = info(("board", "reject", "cut", "wage", "night"), "rejected", "cut")
    assert conf.restates("account", [told, denial])
    # a denial of something else (another verb), or of the verb alone, restates nothing
    other = info(("board", "reject", "raise", "wage", "night"), "rejected", "raise")
    assert not conf.restates("account", [told, other])
    bare = info(("board", "reject", "cut", "fare"), "rejected", "cut")
    assert not conf.restates("account", [told, bare])
    # a denial with no clause (``denied it``) and other kinds carry no such evidence
    assert not conf.restates("account", [told, info(("board", "deny"), "denied")])
    assert not conf.restates("polarity", [told, denial])
    ev = conf.Evidence("account", similarity=0.3, named=1, unnamed=1, restated=True)
    assert conf.confidence(ev) > conf.confidence(dataclasses.replace(ev, restated=False))


def test_an_insisted_negation_against_the_claim_it_denies_is_shown(tmp_path: Path) -> None:
    b = brief_two(
        tmp_path,
        "Market shut\nPublished 4 May 2026\n\nThe harbour board met at Gull Wharf on Monday."
        "\n\nThe mayor ordered the closure of the fish market after the storm.\n",
        "Who shut the market?\nPublished 4 May 2026\n\nTraders at Gull Wharf waited for news "
        "on Monday.\n\nThe mayor insisted she did not order the closure of the fish market.\n",
    )
    (d,) = [d for d in b.disagreements if d.kind == "account"]
    assert d.confidence >= conf.CONFIDENT and len(d.sides) == 2


def _two_reports(tmp_path: Path, first: str, second: str) -> list[Disagreement]:
    b = brief_two(
        tmp_path,
        "Captain found dead\nPublished 4 May 2026\n\nThe ferry captain was found dead at Gull "
        f"Wharf on Monday.\n\n{first}\n",
        "Wharf death\nPublished 4 May 2026\n\nDockers at Gull Wharf discovered the body of the "
        f"ferry captain early on Monday.\n\n{second}\n",
    )
    return [d for d in b.disagreements if d.kind == "polarity"]


def test_a_thing_put_in_a_class_and_out_of_it_is_shown(tmp_path: Path) -> None:
    # a verb of classifying on one side (ruled, treated as), a negation on the other: a clash of
    # fact whoever holds the sides, asked as the class
    (d,) = _two_reports(
        tmp_path,
        "Police have not ruled the death of the ferry captain a homicide.",
        "The death of the ferry captain was ruled a homicide, the coroner said.",
    )
    assert d.confidence >= conf.CONFIDENT and len(d.sides) == 2
    assert d.topic == "Whether the death of the ferry captain was a homicide"


def test_a_class_given_by_a_verb_against_a_plain_negation(tmp_path: Path) -> None:
    (d,) = _two_reports(
        tmp_path,
        "The fire on the captain's ferry is being investigated as arson, police said.",
        "The fire chief said the blaze on the captain's ferry was not arson.",
    )
    assert d.confidence >= conf.CONFIDENT
    assert d.topic == "Whether the fire on the captain's ferry was arson"


def test_two_people_in_and_out_of_one_class_are_no_clash(tmp_path: Path) -> None:
    # two different people, one a suspect and one not: no thing classified alike, so at most a
    # possible clash
    assert not _two_reports(
        tmp_path,
        "Tomas Reyes, the deckhand, is not considered a suspect in the death of the captain.",
        "Ada Quill, the deckhand, is considered a suspect in the death of the captain.",
    )


def test_classified_things_and_their_classes() -> None:
    from newsprism.analyze.disagreements import negation
    from newsprism.nlp.annotate import load_nlp

    nlp = load_nlp()

    def classes(text: str) -> set[negation.Classed]:
        return negation.classified(nlp(text))

    assert classes("The coroner ruled the death a homicide.") == {
        ("homicide", frozenset({"death"}), "rule", "the death")
    }
    # a compound names the class, not its generic head; a stand-in names no thing
    assert classes("Detectives have not yet called it a homicide case.") == {
        ("homicide", frozenset(), "call", "")
    }
    # the thing without its asides
    assert classes("Tam Reyes, the deckhand, was not arrested but is considered a suspect.") == {
        ("suspect", frozenset({"tam", "reyes"}), "consider", "Tam Reyes")
    }
    assert classes("The blaze was not arson.") == {
        ("arson", frozenset({"blaze"}), "be", "The blaze")
    }
    assert not classes("The council ruled last week that the pier stays.")


def _outcomes(tmp_path: Path, first: str, second: str) -> list[Disagreement]:
    b = brief_two(
        tmp_path,
        "Pier closes\nPublished 4 May 2026\n\nThe old pier at Gull Bay closed on Monday after a "
        f"storm.\n\n{first}\n",
        "Pier shut\nPublished 4 May 2026\n\nGull Bay council closed its old pier on Monday, a day "
        f"after the storm.\n\n{second}\n",
    )
    return list(b.disagreements)


def test_outcomes_that_exclude_each_other_are_shown(tmp_path: Path) -> None:
    (d,) = _outcomes(
        tmp_path,
        "The harbour minister resigned on Friday over the pier collapse.",
        "The harbour minister was fired on Friday over the pier collapse.",
    )
    assert d.kind == "polarity" and d.confidence >= conf.CONFIDENT
    assert d.topic == "Whether the harbour minister resigned over the pier collapse"
    assert sorted(s.stance or "" for s in d.sides) == ["affirms", "denies"]


def test_outcomes_of_different_parties_or_dates_are_no_clash(tmp_path: Path) -> None:
    # the captain acquitted of one charge, convicted of another: no party in common beyond him
    assert not _outcomes(
        tmp_path,
        "The ferry captain was acquitted of smuggling.",
        "The ferry captain was convicted of manslaughter.",
    )
    # two elections
    (tmp_path / "years").mkdir()
    assert not _outcomes(
        tmp_path / "years",
        "Ana Pell won the harbour seat in 2019.",
        "Ana Pell lost the harbour seat in 2023.",
    )


KEEPER = (
    "Dinghy found off Kellow Point\nPublished 3 May 2026\n\nThe lighthouse keeper raised the "
    "alarm after spotting the capsized dinghy off Kellow Point. Both sailors were brought ashore "
    "by the lifeboat crew within the hour.\n"
)
FISHER = (
    "Two sailors rescued near Kellow\nPublished 3 May 2026\n\nA passing fisherman raised the "
    "alarm when he saw the upturned boat near Kellow Point, the harbour office said on Sunday, "
    "thanking the volunteers of the lifeboat.\n"
)


class _Model:
    """A stand-in for a user's NLI model: sure (or not) that who raised the alarm clashes."""

    def __init__(self, sure: float) -> None:
        self.name = f"model-{sure}"
        self.sure = sure

    def scores(self, pairs: list[tuple[conf.ClaimInfo, conf.ClaimInfo]]) -> list[float]:
        def clash(a: conf.ClaimInfo, b: conf.ClaimInfo) -> bool:
            return "keeper raised" in a.text and "fisherman raised" in b.text

        return [self.sure if clash(a, b) or clash(b, a) else 0.0 for a, b in pairs]


def _who_raised(tmp_path: Path, sure: float) -> tuple[list[Disagreement], list[Disagreement]]:
    from newsprism.analyze.disagreements.nli import register_contradiction
    from newsprism.pipeline import Config

    register_contradiction(f"model-{sure}", lambda: _Model(sure))
    folder = tmp_path / str(sure)
    folder.mkdir()
    (folder / "a.txt").write_text(KEEPER, encoding="utf-8")
    (folder / "b.txt").write_text(FISHER, encoding="utf-8")
    b = brief([str(folder)], Config(contradiction=f"model-{sure}"))

    def alarm(ds: tuple[Disagreement, ...]) -> list[Disagreement]:
        return [d for d in ds if all("raised the alarm" in s.claim for s in d.sides)]

    return alarm(b.disagreements), alarm(b.possible_disagreements)


def test_a_plugged_model_sure_of_a_clash_shows_it(tmp_path: Path) -> None:
    shown, possible = _who_raised(tmp_path, 0.95)
    assert len(shown) == 1 and not possible  # no cue: only the model's score shows it
    shown, possible = _who_raised(tmp_path, 0.6)
    assert not shown and len(possible) == 1  # a model in doubt leaves it possible


def test_the_rules_give_no_model_score() -> None:
    ev = conf.Evidence("polarity", similarity=0.4, unnamed=2)
    assert ev.model == 0.0
    sure = dataclasses.replace(ev, model=0.9)
    assert conf.confidence(ev) < conf.CONFIDENT <= conf.confidence(sure)
