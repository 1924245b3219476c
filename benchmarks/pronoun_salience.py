"""Pronoun salience on PolNeAR, checked with pseudo-pronouns: PolNeAR marks no coreference, so
its pronoun sources (``she said``) say nothing of whom the pronoun means.  Instead, at every gold
``Source`` that is a person's name the article has named before (one name token, a person whose
gender the briefing knows), the resolver is asked whom ``he`` or ``she`` there would mean
(``SpeakerBook``'s salience, ``analyze/quotes/coref.py``); right when it is the person named.

    .venv/bin/python benchmarks/pronoun_salience.py [--split dev] [--limit N] [--cache DIR]
        [--decay 0.5 0.3 0.7]

Counted apart: names with a rival (another person of the same gender among the mentions the
pronoun could look back to) and names with none.  Writers repeat a name where a pronoun would be
unclear, so the names are harder than the pronouns they stand for: compare settings on it, do
not read it as pronoun accuracy.  ``--decay`` tries other values of the per-sentence decay of
salience (``coref.DECAY``, 0.5 shipped).  Exits 0 with a message when PolNeAR is absent."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from attribution_polnear import add_split_arguments, load_split  # noqa: E402
from newsprism.analyze.quotes import coref  # noqa: E402
from newsprism.analyze.quotes.blocks import block_quotes  # noqa: E402
from newsprism.analyze.quotes.marks import scan_marks  # noqa: E402
from newsprism.analyze.quotes.speakers import SpeakerBook, _agrees  # noqa: E402
from newsprism.eval.attribution import GoldArticle  # noqa: E402

Item = tuple[SpeakerBook, int, tuple[str, ...], str, bool]  # book, offset, key, pronoun, rival


def items(gold: Sequence[GoldArticle], docs: Sequence[object]) -> list[Item]:
    out: list[Item] = []
    for g, d in zip(gold, docs, strict=True):
        segs = [(p.segment.start, p.segment.end) for p in d.segments]  # type: ignore[attr-defined]
        marked, _ = scan_marks(d.article.text, segs)  # type: ignore[attr-defined]
        quoted = sorted((q.region for q in block_quotes(d, marked)), key=lambda r: r.start)  # type: ignore[arg-type]
        book = SpeakerBook([d], [quoted])  # type: ignore[list-item]
        for a in g.attributions:
            if len(a.source) != 1:
                continue
            s = a.source[0]
            for p in d.segments:  # type: ignore[attr-defined]
                if not p.segment.start <= s.start < p.segment.end:
                    continue
                heads = [
                    t
                    for t in p.doc
                    if s.start <= p.offset + t.idx < s.end
                    and t.pos_ == "PROPN"
                    and t.ent_type_ == "PERSON"
                    and t.dep_ != "compound"
                ]
                if len(heads) != 1:
                    continue
                ent = book.entity(0, heads[0])
                if ent is None or ent.kind != "person" or ent.gender is None:
                    continue
                at = p.offset + heads[0].idx
                before = book._before(0, at)
                if ent.key not in {m.entity.key for m in before}:
                    continue  # named here first: no pronoun could stand for it
                pronoun = "he" if ent.gender == "m" else "she"
                rival = any(m.entity.key != ent.key and _agrees(pronoun, m.entity) for m in before)
                out.append((book, at, ent.key, pronoun, rival))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_split_arguments(ap)
    ap.add_argument("--decay", type=float, nargs="*", default=[coref.DECAY])
    args = ap.parse_args(argv)
    loaded = load_split(args)
    if loaded is None:
        return 0
    gold, docs = loaded
    found = items(gold, docs)
    print(f"PolNeAR {args.split}: {len(docs)} articles, {len(found)} names named before")
    print("| decay per sentence | with a rival of the same gender | with none |")
    print("|---|---|---|")
    shipped = coref.DECAY
    try:
        for decay in args.decay:
            coref.DECAY = decay  # read by coref.most_salient at each call
            c: Counter[tuple[bool, bool]] = Counter()
            for book, at, key, pronoun, rival in found:
                got = book._pronoun(0, pronoun, at)
                c[(rival, got is not None and got.key == key)] += 1
            cells = [f"{c[(r, True)]}/{c[(r, True)] + c[(r, False)]}" for r in (True, False)]
            print(
                f"| {decay}{' (shipped)' if decay == shipped else ''} | " + " | ".join(cells) + " |"
            )
    finally:
        coref.DECAY = shipped
    return 0


if __name__ == "__main__":
    sys.exit(main())
