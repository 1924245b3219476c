"""Gender of named people read without the words that state it, on PolNeAR: pronoun votes
alone against votes and the given name (``newsprism.eval.gender``).

    .venv/bin/python benchmarks/gender_names.py [--split dev] [--limit N] [--cache DIR]

The reference is the gender a title or gendered noun beside the name states (``Mrs. X``,
``spokeswoman X``); people with none are not counted.  Exits 0 with a message when PolNeAR is
absent."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from attribution_polnear import add_split_arguments, load_split  # noqa: E402
from newsprism.eval.gender import gender_outcomes  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_split_arguments(ap)
    args = ap.parse_args(argv)
    loaded = load_split(args)
    if loaded is None:
        return 0
    _, docs = loaded
    outcomes = gender_outcomes(docs)  # type: ignore[arg-type]
    total = sum(next(iter(outcomes.values())).values())
    print(f"PolNeAR {args.split}: {len(docs)} articles, {total} people with a stated gender")
    print("| gender read from | right | wrong | undecided |")
    print("|---|---|---|---|")
    for reading, c in outcomes.items():
        print(f"| {reading} | {c['right']} | {c['wrong']} | {c['undecided']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
