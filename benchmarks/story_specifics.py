"""Joins into a story of another cluster: do *conflicting specifics* tell them apart from the
right joins?  (Issue 13, part 2: same-subject stories merged.)

    .venv/bin/python benchmarks/story_specifics.py

Two shootings or two budget fights share their people and places; what differs is the event's
specifics: the counts (of dead, of arrested), ages, sums, the day.  Each article of the tuning
half (pages out, as the 'pages out' rows of ``benchmarks/stories.py``) is parsed once (spaCy,
``nlp.annotate``) and read by the package's own claim reader (``analyze.disagreements.claims``):
its figures normalised to intervals (``analyze.disagreements.quantities``: counts with what
happened to the counted, ages with whose, money, percentages ...) with each clause's content
predicates, and the weekday the article names most (``main_day``).  Two articles

- *clash* on a figure when ``quantities.clashing_figures`` finds, for a pair of their clauses,
  two figures of one thing that cannot both be right (the test the contradiction finder uses);
- *agree* on a figure when two figures of one thing (``quantities.same_thing``: a count of the
  same noun in the same frame, the age of the same person, an amount ...) meet;
- *clash on the day* when both name a main weekday and the days differ;
- *clash on places below the city* when both name facilities (spaCy ``FAC``: buildings, roads,
  bridges) and share none.

Then the tuning half is grouped in seven orders (batch, seed 13, seeds 1-5) with the grouper as
shipped and every join by words of a counted document is recorded with its score and how many
of the story's counted members the article clashes or agrees with; *right* when the story's
counted members are mostly the article's cluster, else *wrong* (as ``story_joins.py``).  It
prints the joins each rule would refuse, right / wrong.  A refused right join leaves the article
alone (a split), so a rule is worth trying in the grouper only if it refuses clearly more wrong
joins than right ones.  Tuning half only: nothing is read on the confirming half.

    .venv/bin/python benchmarks/story_specifics.py --confirming   # the same counts, confirming
    .venv/bin/python benchmarks/story_specifics.py --final        # final stories, both halves
    .venv/bin/python benchmarks/story_specifics.py --grouper      # the rules in the grouper
    ... --cache /tmp/specifics.pkl                                # keep the parse between runs

``--confirming`` prints the join counts of the confirming half once the rules are chosen, and
``--final`` how many documents of the shipped grouper's final stories (batch order) conflict
with their story's majority: counts only, the confirming half's documents are never read.
``--grouper`` tries the rules in the grouper (``SpecificsGrouper``: a join under 0.2 is refused
when they fire) on both halves and all 250, seven orders, beside the main weekday read without a
parse (``cheap_day``: the date expressions of the content segments, ``analyze.time.dates``).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from newsprism.analyze.disagreements.quantities import (  # noqa: E402
    Quantity,
    clashing_figures,
    same_thing,
)
from newsprism.eval.clustering import StreamDoc  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.stories import GroupingConfig, StoryFeatures, StoryGrouper  # noqa: E402
from newsprism.stories.grouping import _Story  # noqa: E402

Parts = dict[str, tuple[list[StreamDoc], list[StreamDoc]]]  # as ``story_pairs.Parts``
AGREE_KINDS = frozenset({"count", "age", "money", "percent"})


@dataclass(frozen=True)
class Specifics:
    """An article's figures, clause by clause (figures, content predicates), and main day."""

    clauses: tuple[tuple[tuple[Quantity, ...], frozenset[str]], ...]
    day: str
    # places below the city: spaCy's facilities (buildings, roads, bridges, airports), lower case
    places: frozenset[str] = frozenset()


def read_specifics(articles: list[Article]) -> dict[str, Specifics]:
    """Parse ``articles`` and read their figures and main weekday with the claim reader
    (``--cache PATH``: kept in a pickle between runs, read from it when there)."""
    import pickle

    from newsprism.analyze.disagreements.claims import extract_claims
    from newsprism.nlp.annotate import annotate

    cache = Path(sys.argv[sys.argv.index("--cache") + 1]) if "--cache" in sys.argv else None
    if cache is not None and cache.is_file():
        got: dict[str, Specifics] = pickle.loads(cache.read_bytes())
        if all(a.id in got for a in articles):
            print(f"specifics read from {cache} (no parse timed)")
            return {a.id: got[a.id] for a in articles}
    out = {}
    for doc in annotate(articles):
        claims = extract_claims([doc])
        clauses = tuple((c.quantities, c.predicates) for c in claims if c.quantities)
        day = next((c.main_day for c in claims if c.main_day), "")
        places = frozenset(
            t.lower().removeprefix("the ") for _, _, label, t in doc.entities() if label == "FAC"
        )
        out[doc.article.id] = Specifics(clauses, day, places)
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


def cheap_day(article: Article) -> str:
    """The main weekday as the claims read it (``claims._with_days``: named at least twice and
    more than any other) from the date expressions of the content segments alone
    (``analyze.time.dates.find_dates``, regular expressions): no parse."""
    from newsprism.analyze.time.dates import WEEKDAYS, find_dates
    from newsprism.nlp.segment import content_segments

    counts: Counter[str] = Counter()
    for seg in content_segments(article):
        for m in find_dates(article.text[seg.start : seg.end]):
            counts.update(w for w in m.text.lower().split() if w in WEEKDAYS)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return ""
    return ranked[0][0]


def kind_of(q: Quantity) -> str:
    """A figure's kind for the counts below: a count of people in a frame (``count:killed``),
    another count, an age, an amount ..."""
    if q.kind == "count" and q.frame:
        return f"count:{q.frame}"
    return q.kind


def clash(a: Specifics, b: Specifics) -> frozenset[str]:
    """The kinds of the figures on which ``a`` and ``b`` clash (``clashing_figures``: the first
    clashing pair of each pair of clauses)."""
    out = set()
    for qa, pa in a.clauses:
        for qb, pb in b.clauses:
            got = clashing_figures(qa, pa, qb, pb)
            if got is not None:
                out.add(kind_of(got[0]))
    return frozenset(out)


def agree(a: Specifics, b: Specifics) -> frozenset[str]:
    """The kinds of the figures of one thing (``same_thing``) on which ``a`` and ``b`` meet."""
    return frozenset(
        kind_of(x)
        for qa, _ in a.clauses
        for x in qa
        if x.kind in AGREE_KINDS and not x.vague
        for qb, _ in b.clauses
        for y in qb
        if same_thing(x, y) and not x.clashes(y)
    )


@dataclass(frozen=True)
class Join:
    right: bool
    score: float
    members: int  # counted members of the story
    clashes: int  # members the article clashes with on a figure
    agrees: int  # members it agrees with on a figure
    clash_kinds: frozenset[str]  # the kinds of figure it clashes on with some member
    agree_kinds: frozenset[str]  # the kinds it agrees on with some member
    day_clashes: int  # members naming another main weekday
    day_agrees: int  # members naming the same one
    place_clashes: int = 0  # members naming places below the city, none of the article's
    place_agrees: int = 0  # members naming one of the article's places below the city


def compare(right: bool, score: float, mine: Specifics, others: list[Specifics]) -> Join:
    """An article's specifics against a story's members' (``others``)."""
    clashed = [clash(mine, o) for o in others]
    agreed = [agree(mine, o) for o in others]
    return Join(
        right=right,
        score=score,
        members=len(others),
        clashes=sum(map(bool, clashed)),
        agrees=sum(map(bool, agreed)),
        clash_kinds=frozenset().union(*clashed),
        agree_kinds=frozenset().union(*agreed),
        day_clashes=sum(bool(mine.day and o.day and mine.day != o.day) for o in others),
        day_agrees=sum(bool(mine.day and mine.day == o.day) for o in others),
        place_clashes=sum(
            bool(mine.places and o.places and not mine.places & o.places) for o in others
        ),
        place_agrees=sum(bool(mine.places & o.places) for o in others),
    )


class _Recorder(StoryGrouper):
    def __init__(
        self,
        cluster: dict[str, str],
        scraps: set[str],
        spec: dict[str, Specifics],
        out: list[Join],
    ) -> None:
        super().__init__(GroupingConfig())
        self.cluster, self.scraps, self.spec, self.out = cluster, scraps, spec, out

    def _join(self, s: _Story, f: StoryFeatures, member, terms, ents, keys) -> None:  # type: ignore[no-untyped-def]
        if member.reason == "similar" and f.article not in self.scraps:
            mates = [m.article for m in s.members if m.article not in self.scraps]
            if mates:
                main = Counter(self.cluster[a] for a in mates).most_common(1)[0][0]
                others = [self.spec[a] for a in mates]
                right = main == self.cluster[f.article]
                self.out.append(compare(right, member.score, self.spec[f.article], others))
        super()._join(s, f, member, terms, ents, keys)


SHARP = frozenset({"count:killed", "age"})  # the specifics two same-subject events differ by


def sharp(j: Join) -> bool:
    """A count of the killed or an age clashes with a member and no member agrees on it."""
    return any(k in j.clash_kinds and k not in j.agree_kinds for k in SHARP)


def day_differs(j: Join) -> bool:
    return j.day_clashes > 0 and j.day_agrees == 0


def place_differs(j: Join) -> bool:
    """Members name places below the city and none of them is one the article names."""
    return j.place_clashes > 0 and j.place_agrees == 0


RULES: dict[str, Callable[[Join], bool]] = {
    "places below the city differ from every member's (none alike)": place_differs,
    "a count of the killed or an age clashes, none agrees": sharp,
    "that, or the main day differs from every dated member": lambda j: sharp(j) or day_differs(j),
    "a figure clashes with a member": lambda j: j.clashes > 0,
    "a figure clashes with half the members or more": lambda j: (
        2 * j.clashes >= j.members > 0 and j.clashes > 0
    ),
    "figures clash, none agrees": lambda j: j.clashes > 0 and j.agrees == 0,
    "more members clash than agree": lambda j: j.clashes > j.agrees,
    "the main day differs from every dated member": lambda j: (
        j.day_clashes > 0 and j.day_agrees == 0
    ),
    "figures clash (none agrees) or the day differs (none alike)": lambda j: (
        (j.clashes > 0 and j.agrees == 0) or (j.day_clashes > 0 and j.day_agrees == 0)
    ),
}


class SpecificsGrouper(StoryGrouper):
    """The grouper with the rule tried: a join under ``bar`` is refused (the article founds a
    story) when the article and the story's members conflict on sharp specifics (``sharp``;
    with ``days``, or on the main weekday)."""

    def __init__(
        self, spec: dict[str, Specifics], bar: float, days: bool, figures: bool = True
    ) -> None:
        super().__init__(GroupingConfig())
        self.spec, self.bar, self.days, self.figures = spec, bar, days, figures

    def _join_bar(self, f: StoryFeatures, s: _Story) -> float:
        base = super()._join_bar(f, s)
        mine = self.spec.get(f.article)
        others = [self.spec[m.article] for m in s.members if m.article in self.spec]
        if mine is None or not others:
            return base
        j = compare(True, 0.0, mine, others)
        if (self.figures and sharp(j)) or (self.days and day_differs(j)):
            return max(base, self.bar)
        return base


def try_in_grouper(
    arts: list[Article],
    feats: dict[str, StoryFeatures],
    prime: list[StoryFeatures],
    parts: Parts,
    bar: float,
) -> None:
    """Both halves, seven orders, the rule off and on (``--grouper``)."""
    from story_pairs import compare

    kept = {d.id for _, part in parts.values() for d in part}
    spec = read_specifics([a for a in arts if a.id in kept])
    t0 = time.process_time()
    days = {a.id: Specifics((), cheap_day(a)) for a in arts if a.id in kept}
    cpu = time.process_time() - t0
    same = sum(days[k].day == spec[k].day for k in days)
    print(
        f"main weekday without a parse: {cpu / len(days) * 1000:.2f} ms of CPU an article, the "
        f"same as the claims' for {same} of {len(days)} articles "
        f"({sum(bool(d.day) for d in days.values())} name one)"
    )
    (t_full, t_part), (c_full, c_part) = parts["tuning"], parts["confirming"]
    by_id = lambda d: d.id  # noqa: E731
    every: Parts = {
        "all 250": (sorted(t_full + c_full, key=by_id), sorted(t_part + c_part, key=by_id))
    }
    compare(
        {**parts, **every},
        feats,
        prime,
        {
            "shipped": lambda: StoryGrouper(GroupingConfig()),
            f"sharp figures < {bar}": lambda: SpecificsGrouper(spec, bar, days=False),
            f"sharp or day < {bar}": lambda: SpecificsGrouper(spec, bar, days=True),
            f"day (no parse) < {bar}": lambda: SpecificsGrouper(days, bar, True, False),
        },
    )


def final_stories(
    arts: list[Article], feats: dict[str, StoryFeatures], prime: list[StoryFeatures], parts: Parts
) -> None:
    """The shipped grouper's final stories, batch order, both halves (``--final``): for the
    documents merged into another cluster's story and for the rightly placed ones, how many
    conflict with the story's majority on specifics.  Counts only."""
    kept = {d.id for _, part in parts.values() for d in part}
    spec = read_specifics([a for a in arts if a.id in kept])
    for name, (_full, part) in parts.items():
        g = StoryGrouper(GroupingConfig())
        for f in prime:
            g.observe(f)
        g.group(feats[d.id] for d in part)
        stories: dict[int, list[str]] = {}
        counted = [d for d in part if not d.scrap]
        cluster = {d.id: d.cluster for d in counted}
        for d in counted:
            stories.setdefault(g.story_id(d.id), []).append(d.id)
        rows: dict[str, Counter[str]] = {"merged in": Counter(), "rightly placed": Counter()}
        for members in stories.values():
            if len(members) < 2:
                continue
            major = Counter(cluster[a] for a in members).most_common(1)[0][0]
            for a in members:
                core = [spec[b] for b in members if b != a and cluster[b] == major]
                if not core:
                    continue
                j = compare(cluster[a] == major, 0.0, spec[a], core)
                c = rows["rightly placed" if j.right else "merged in"]
                c["documents"] += 1
                c["comparable on a figure"] += bool(j.clash_kinds | j.agree_kinds)
                c["a figure clashes, none agrees"] += bool(j.clashes and not j.agrees)
                c["killed count or age clashes, none agrees"] += sharp(j)
                c["agrees on a figure"] += bool(j.agrees)
                c["main day differs, none alike"] += day_differs(j)
                c["same main day"] += bool(j.day_agrees)
                c["places below the city differ, none alike"] += place_differs(j)
                c["a place below the city alike"] += bool(j.place_agrees)
        for label, c in rows.items():
            print(f"{name}, batch, {label}: " + ", ".join(f"{k} {v}" for k, v in c.items()))


def main() -> None:
    from stories import DATA
    from story_pairs import _orders, multinews_parts

    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return
    arts, feats, prime, parts = multinews_parts()
    if "--final" in sys.argv:
        final_stories(arts, feats, prime, parts)
        return
    if "--grouper" in sys.argv:
        try_in_grouper(arts, feats, prime, parts, 0.2)
        return
    # --confirming: the same counts on the confirming half, once the rules are chosen (counts
    # only: its documents are never read)
    half = "confirming" if "--confirming" in sys.argv else "tuning"
    full, part = parts[half]
    kept = {d.id for d in part}
    t0 = time.process_time()
    spec = read_specifics([a for a in arts if a.id in kept])
    cpu = time.process_time() - t0
    with_figures = sum(bool(s.clauses) for s in spec.values())
    with_day = sum(bool(s.day) for s in spec.values())
    print(
        f"{half} half, pages out: {len(spec)} articles parsed and read in {cpu:.0f} CPU-s "
        f"({cpu / len(spec) * 1000:.0f} ms an article); {with_figures} state a figure, "
        f"{with_day} name a main weekday"
    )
    cluster = {d.id: d.cluster for d in full}
    scraps = {d.id for d in full if d.scrap}
    joins: list[Join] = []
    for order in _orders(full, part):
        g = _Recorder(cluster, scraps, spec, joins)
        for f in prime:
            g.observe(f)
        g.group(feats[d.id] for d in order)
    right = [j for j in joins if j.right]
    wrong = [j for j in joins if not j.right]
    print(f"seven orders: {len(joins)} joins by words, {len(wrong)} into another cluster's story")
    for name, test in (
        ("some member comparable on a figure", lambda j: j.clashes + j.agrees > 0),
        ("some member clashes on a figure", lambda j: j.clashes > 0),
        ("some member agrees on a figure", lambda j: j.agrees > 0),
        ("some member dated by weekday like the article", lambda j: j.day_agrees > 0),
        ("some member dated by another weekday", lambda j: j.day_clashes > 0),
        ("some member naming a place below the city alike", lambda j: j.place_agrees > 0),
        ("some member naming only other such places", lambda j: j.place_clashes > 0),
    ):
        print(f"  {name:<48} right {sum(map(test, right)):4} wrong {sum(map(test, wrong)):3}")
    kinds = sorted({k for j in joins for k in j.clash_kinds | j.agree_kinds})
    print("by kind of figure: joins clashing on it with no member agreeing on it, right / wrong")
    for k in kinds:
        hit = [j for j in joins if k in j.clash_kinds and k not in j.agree_kinds]
        low = [j for j in hit if j.score < 0.2]
        print(
            f"  {k:<20} {sum(j.right for j in hit):3} / {sum(not j.right for j in hit):2}"
            f"   under 0.2: {sum(j.right for j in low):3} / {sum(not j.right for j in low):2}"
            f"   (agreeing on it: {sum(k in j.agree_kinds for j in right)} / "
            f"{sum(k in j.agree_kinds for j in wrong)})"
        )
    print("joins refused by each rule (right / wrong), at any score and under 0.2:")
    for name, rule in RULES.items():
        low = [j for j in joins if j.score < 0.2]
        print(
            f"  {name:<62} {sum(map(rule, right)):3} / {sum(map(rule, wrong)):2}"
            f"   under 0.2: {sum(rule(j) for j in low if j.right):3} / "
            f"{sum(rule(j) for j in low if not j.right):2}"
        )


if __name__ == "__main__":
    main()
