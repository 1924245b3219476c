"""The news sample builder (``newsprism.eval.news_sample``): each derived kind is the relation
``brief`` assigns it, one seed gives one sample, and the tallies count what they say."""

from __future__ import annotations

from newsprism.eval.news_sample import (
    KINDS,
    MEANT,
    OUTLETS,
    SampleArticle,
    build,
    counts,
    exact_relations,
    pair_kind,
    paragraphs,
    tally,
)
from newsprism.model import Article

# Four invented reports (the project's own wording), eight paragraphs each, with figures.
_FERRY = [
    "The island ferry will run a reduced timetable from next Monday after one of its two "
    "vessels failed a hull inspection on Thursday, the operator said.",
    "Crossings will fall from 14 a day to 8 while the older boat, the Gannet, waits in dry dock "
    "at the mainland yard for new plating.",
    "Harbour staff said the fault was found during a routine survey and that the vessel had "
    "never been unsafe for passengers on any of its recent trips.",
    "Shopkeepers on the island warned that deliveries of fresh food could be late, because "
    "lorries will now queue for the 7 sailings that carry freight.",
    "The operator has promised to add an evening crossing on Fridays so that students who "
    "study on the mainland can still come home for the weekend.",
    "Repairs are expected to take about 5 weeks, although the yard manager cautioned that "
    "steel plate of the right grade is in short supply this winter.",
    "A councillor for the island ward called the news a blow to families who commute daily and "
    "asked the operator to publish a plan for the coming months.",
    "Tickets already bought for cancelled crossings will be honoured on any other sailing, and "
    "refunds can be claimed at the terminal kiosk or by post.",
]
_BAKERY = [
    "A bakery run as a cooperative by its 23 workers has opened a second shop in the old "
    "railway station, three years after the owners handed the business over.",
    "The members voted in the spring to borrow money from a community fund rather than a bank, "
    "and say the loan will be repaid within 6 years.",
    "Customers queued along the platform on the first morning, and the new shop had sold out of "
    "rye loaves and seed rolls well before eleven o'clock.",
    "Each member holds one share and one vote, and wages are set at a general meeting held "
    "every quarter in the back room of the original shop.",
    "The station building had stood empty since the ticket office closed, and the rail company "
    "agreed a low rent in return for repairs to the roof.",
    "Two apprentices from the local college will train at the new ovens, which were bought "
    "second hand from a hotel kitchen that shut last year.",
    "The cooperative plans to sell bread to 4 primary schools in the valley once the second "
    "kitchen is running at full strength after the summer.",
    "Members said the hardest part of the change had been learning to keep accounts, a task "
    "the former owners used to do alone late at night.",
]
_BRIDGE = [
    "Engineers closed the stone bridge over the river to heavy vehicles on Tuesday after a "
    "survey found cracks in 2 of its arches below the waterline.",
    "Cars and buses may still cross, but lorries over 12 tonnes must take a diversion through "
    "the industrial estate that adds about 9 miles to each journey.",
    "The county highways team said divers had spotted the damage while checking the piers "
    "after the floods that swept through the valley in the autumn.",
    "Hauliers complained that nobody had warned them, and several drivers were turned back at "
    "the barrier on the first morning with full loads of timber.",
    "A temporary steel frame will be fitted under the damaged arches before any repair to the "
    "stonework begins, a job expected to last until the spring.",
    "The bridge was built in 1790 and is listed, so every repair has to be approved by the "
    "heritage office and carried out with matching stone.",
    "Residents of the narrow lanes on the diversion route asked for a lower speed limit, saying "
    "their children walk to school along roads without pavements.",
    "The council will hold a drop in session at the library next week where engineers will "
    "answer questions and show photographs of the cracks.",
]
_ROBOTS = [
    "Pupils from a village school won the regional robotics contest on Saturday with a machine "
    "that sorted 40 coloured blocks in under two minutes.",
    "The team of 6 children, aged ten and eleven, built the robot from a kit during lunch breaks "
    "and wrote its program after school on Wednesdays.",
    "Their teacher said none of them had written code before September and that the project had "
    "started as a way to use an old set of motors from a cupboard.",
    "Judges praised the way the robot checked each block twice before dropping it into a bin, "
    "which cost a few seconds but avoided any mistakes.",
    "Larger schools from the city took the second and third places, and one of them had entered "
    "the contest every year since it began.",
    "The win earns the school a place at the national final in the summer and a grant that the "
    "team wants to spend on a second kit for younger pupils.",
    "Parents raised money for the trip with a cake sale and a sponsored walk around the village "
    "green that brought in more than 300 pounds.",
    "The children said they would now teach the robot to stack the blocks, a harder task that "
    "the national judges are expected to set.",
]


def _real() -> list[SampleArticle]:
    out = []
    for name, paras, outlet in (
        ("ferry", _FERRY, "Isle Weekly"),
        ("bakery", _BAKERY, "Valley Post"),
        ("bridge", _BRIDGE, "County Echo"),
        ("robots", _ROBOTS, "Village Voice"),
    ):
        out.append(SampleArticle(name, "\n\n".join(paras), outlet))
    return out


def _one_of_each(seed: int) -> list[SampleArticle]:
    real = _real()
    return build(real, len(real) + len(KINDS), seed=seed, mix=dict.fromkeys(KINDS, 1), chain=0)


def _relations(sample: list[SampleArticle]) -> dict[frozenset[str], str]:
    arts = [Article(a.id, "test", a.text, outlet=a.outlet) for a in sample]
    return {frozenset((r.a, r.b)): r.kind for r in exact_relations(arts)}


def test_each_derived_kind_is_the_relation_brief_assigns_it() -> None:
    for seed in (1, 2, 3):
        sample = _one_of_each(seed)
        assert sorted(a.kind for a in sample if a.kind != "real") == sorted(KINDS)
        rels = _relations(sample)
        for a in sample:
            if a.kind == "real":
                continue
            assert a.source is not None
            assert rels.get(frozenset((a.id, a.source))) == MEANT[a.kind], (seed, a.kind)


def test_derived_text_comes_from_the_real_articles_only() -> None:
    real = _real()
    known = {p for a in real for p in paragraphs(a.text)}
    for a in _one_of_each(4):
        if a.kind in ("wire", "teaser", "corrected"):
            continue  # furniture, a cut-off opening, a changed figure
        assert set(paragraphs(a.text)) <= known, a.kind
    roundups = [a for a in _one_of_each(4) if a.kind == "roundup"]
    assert roundups and all(a.source not in a.donors and a.donors for a in roundups)


def test_a_wire_copy_is_under_another_outlet_with_its_own_furniture() -> None:
    sample = _one_of_each(5)
    by_id = {a.id: a for a in sample}
    wire = next(a for a in sample if a.kind == "wire")
    assert wire.source is not None
    source = by_id[wire.source]
    assert wire.outlet in OUTLETS and wire.outlet != source.outlet
    lines = paragraphs(wire.text)
    assert lines[-1].startswith("More from the ") and wire.outlet in lines[-1]
    assert lines[2:4] == paragraphs(source.text)[:2]  # standfirst and byline come first


def test_one_seed_gives_one_sample() -> None:
    first, again, other = _one_of_each(7), _one_of_each(7), _one_of_each(8)
    assert first == again
    assert [a.text for a in first] != [a.text for a in other]


def test_counts_make_up_the_total_by_the_mix() -> None:
    assert counts(10, {"wire": 0.5, "teaser": 0.5}) == {"wire": 5, "teaser": 5}
    got = counts(7, {"wire": 0.3, "roundup": 0.3, "teaser": 0.4})
    assert sum(got.values()) == 7 and got["teaser"] == 3


def test_tally_splits_recall_and_precision_by_relation_and_pair() -> None:
    sample = {a.id: a for a in _one_of_each(1)}
    derived = next(a for a in sample.values() if a.kind == "wire")
    assert derived.source is not None
    copy = (derived.source, derived.id, "syndicated")
    real_pair = ("ferry", "bakery", "shares_passages")
    wrong = ("bridge", "robots", "version")
    t = tally({copy, real_pair}, {copy, wrong}, sample)
    assert pair_kind(sample["ferry"], sample["bakery"]) == "real-real"
    assert (t["syndicated"].recall, t["derived-source"].recall) == (1.0, 1.0)
    assert t["real-real"].want == 1 and t["real-real"].hit == 0 and t["real-real"].have == 1
    assert t["version"].precision == 0.0 and t["all"].recall == 0.5
    assert t["copies"].hit == 1 and "copies real-real" in t
