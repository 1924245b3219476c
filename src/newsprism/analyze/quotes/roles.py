"""Roles that differ between outlets: one person called "president" in one, "chair" in another.

``role_disagreements(speakers, articles)`` looks at every named speaker with two or more roles
(``Speaker.roles``, collected by ``speakers.SpeakerBook``), finds where each role is written next
to the person's name in each article (outside boilerplate), and reports a ``Disagreement`` of kind
``role`` when two roles name different offices (``JLC president`` / ``chair of the JLC``) and
each is used by an article that does not use the other.  A person can hold several roles at once
(``Labour MP`` and ``shadow Brexit secretary``), so only offices that one body has one holder of
(president, chair, chief executive, leader, ...) are compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsprism.model import Article, Citation, Disagreement, DisagreementSide, Speaker

# Offices one organisation has one holder of; synonyms map to one name.
OFFICES = {
    "president": "president",
    "chair": "chair",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "ceo": "chief executive",
    "chief executive": "chief executive",
    "director": "director",
    "leader": "leader",
    "head": "head",
    "treasurer": "treasurer",
    "founder": "founder",
    "secretary-general": "secretary-general",
    "general secretary": "general secretary",
}
NEAR = 80  # characters between a role and the person's name


def office(role: str) -> str | None:
    """The office a role names ("JLC president" -> president, "chair of the X" -> chair)."""
    words = role.split(" of ")[0].strip().lower().replace("vice ", "vice-").split()
    if not words:
        return None
    if words[0].startswith("vice-") or any(w.startswith("vice-") for w in words):
        return None  # a deputy office is a different office, not a disagreement
    two = " ".join(words[-2:])
    return OFFICES.get(two) or OFFICES.get(words[-1])


def _uses(article: Article, role: str, speaker: Speaker) -> tuple[int, int] | None:
    """Where ``article`` writes ``role`` next to the speaker's surname, outside boilerplate."""
    surname = speaker.name.split()[-1] if speaker.name.split() else speaker.name
    for m in re.finditer(re.escape(role), article.text, re.IGNORECASE):
        window = article.text[max(0, m.start() - NEAR) : m.end() + NEAR]
        if surname in window and not article.is_boilerplate(m.start(), m.end()):
            return m.start(), m.end()
    return None


def role_disagreements(
    speakers: Sequence[Speaker], articles: Sequence[Article]
) -> tuple[Disagreement, ...]:
    """``role`` disagreements: a named speaker given different offices by different articles."""
    out: list[Disagreement] = []
    for s in speakers:
        if s.anonymous or len(s.roles) < 2:
            continue
        # office -> (role as written, article, start, end) for each article that uses it
        by_office: dict[str, list[tuple[str, Article, int, int]]] = {}
        surname = s.name.split()[-1] if s.name.split() else s.name
        naming = [a for a in articles if surname in a.text]  # ``_uses`` needs the surname
        for role in s.roles:
            name = office(role)
            if name is None:
                continue
            for art in naming:
                where = _uses(art, role, s)
                if where is not None:
                    by_office.setdefault(name, []).append((role, art, *where))
        if len(by_office) < 2:
            continue
        users = {o: {a.id for _r, a, _s, _e in uses} for o, uses in by_office.items()}
        offices = [o for o in by_office if any(users[o] - users[p] for p in by_office if p != o)]
        if len(offices) < 2:
            continue
        sides = []
        for o in offices:
            uses = [
                u for u in by_office[o] if not any(u[1].id in users[p] for p in offices if p != o)
            ]
            outlets = {a.outlet for _r, a, _s, _e in uses}
            sides.append(
                DisagreementSide(
                    s.id,
                    next(iter(outlets)) if len(outlets) == 1 else None,
                    uses[0][0],
                    tuple(Citation(a.id, st, en) for _r, a, st, en in uses),
                )
            )
        topic = f"role of {s.name}: " + " or ".join(offices)
        out.append(Disagreement(f"r{len(out) + 1}", topic, "role", tuple(sides), len(out) + 1))
    return tuple(out)
