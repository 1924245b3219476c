"""Given names and the sex they are mostly given to, from the 1990 US Census name lists that
the ``names`` package ships (public-domain data, MIT-licensed package): ``Ada`` is a woman's
name, ``Tomas`` a man's, ``Jordan`` either.

A given name is evidence, not a verdict: ``coref`` counts it as a couple of pronoun votes
(a title or a gendered noun beside the name still decides first), and ``speakers`` lets it
tell a person's name from an organisation's when the entity recogniser calls a two-word
person name a place or a body.  The lists are read once, lazily; without the package every
look-up answers None (the rules then run as before)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

RATIO = 4.0  # one sex's frequency must be this many times the other's to name a gender
RARE = 0.002  # per cent of people: rarer names are left out (typos, one-off spellings)


def _read(name: str) -> dict[str, float]:
    out: dict[str, float] = {}
    try:
        text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - a dependency
        return out
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and float(parts[1]) >= RARE:
            out[parts[0].lower()] = float(parts[1])
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], dict[str, float]]:
    """Frequencies (per cent of men, of women) of each given name."""
    return _read("dist.male.first"), _read("dist.female.first")


def is_given_name(word: str, least: float = RARE) -> bool:
    """``word`` is a given name in the lists (any sex) held by at least ``least`` per cent of
    the men or of the women."""
    male, female = _tables()
    w = word.lower()
    return max(male.get(w, 0.0), female.get(w, 0.0)) >= least


def name_gender(given: str) -> str | None:
    """``m`` or ``f`` when ``given`` is mostly given to one sex, else None."""
    male, female = _tables()
    w = given.lower().rstrip(".")
    m, f = male.get(w, 0.0), female.get(w, 0.0)
    if m > 0 and m >= RATIO * f:
        return "m"
    if f > 0 and f >= RATIO * m:
        return "f"
    return None
