"""Summary hygiene on Multi-News dev: how many summary items cite a caption or a promo.

Reads ../shared/data/multinews/validation.jsonl (skips when absent), summarises the first
``--limit`` clusters (250 by default) as ``benchmarks/summary_multinews.py`` does (same parse cache)
and counts the items whose cited text reads as a photo caption or credit, or as a promo
(``newsprism.eval.hygiene``: a detector written apart from the boilerplate marker), the items that
open with a pronoun (He, She, They, It, This, ...), the pairs of items of one summary that state
the same fact (content-word overlap), and the citations that hold under ``--cited-share`` of their
item's words (a paraphrase cited instead of the words).

Usage:
  .venv/bin/python benchmarks/summary_hygiene.py [--limit 250] [--words 230] [--show 10]
      [--cited-share 0.6] [--cache DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from newsprism.analyze.summary.cluster import summarize_annotated
from newsprism.eval import rouge as R
from newsprism.eval.hygiene import (
    duplicate_pairs,
    opens_with_pronoun,
    unclean_items,
    wire_shaped,
    words_cited,
)
from newsprism.ingest.boilerplate import wire_credit
from newsprism.model import Article
from newsprism.nlp.annotate import load_nlp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summary_multinews import DATA, parse_cluster  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=250, help="first N clusters (default 250)")
    ap.add_argument("--words", type=int, default=230)
    ap.add_argument("--show", type=int, default=10, help="print this many unclean items")
    ap.add_argument(
        "--cited-share", type=float, default=0.6, help="a citation below this share is a paraphrase"
    )
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-multinews"))
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} is absent")
        return 0
    clusters = R.read_clusters(args.data, args.limit)
    load_nlp()
    t0 = time.perf_counter()
    items = 0
    found = []
    pronoun: list[tuple[str, str]] = []
    dupes: list[tuple[str, str, str]] = []
    citations = 0
    paraphrase: list[tuple[str, str, str]] = []
    wire_docs = wire_named = 0
    for c in clusters:
        docs = parse_cluster(c, args.cache)
        summary = summarize_annotated(docs, args.words)
        items += len(summary)
        cited = [
            " ".join(c.documents[int(x.article)][x.start : x.end] for x in s.citations[:1])
            for s in summary
        ]
        found.extend(unclean_items(c.id, cited))
        for k, d in enumerate(c.documents):
            if wire_shaped(d):
                wire_docs += 1
                wire_named += wire_credit(Article(str(k), f"document {k}", d)) is not None
        texts = [s.text for s in summary]
        pronoun.extend((c.id, t) for t in texts if opens_with_pronoun(t))
        dupes.extend((c.id, texts[i], texts[j]) for i, j in duplicate_pairs(texts))
        for s in summary:
            for x in s.citations:
                citations += 1
                words = c.documents[int(x.article)][x.start : x.end]
                if words_cited(s.text, words) < args.cited_share:
                    paraphrase.append((c.id, s.text, words))
    kinds = Counter(u.kind for u in found)
    print(
        f"Multi-News dev, first {len(clusters)} clusters: {items} summary items, "
        f"{len(found)} citing a caption or promo (caption {kinds['caption']}, promo "
        f"{kinds['promo']}) in {len({u.cluster for u in found})} clusters "
        f"[{time.perf_counter() - t0:.0f} s]"
    )
    for u in found[: args.show]:
        print(f"  {u.cluster} {u.kind}: {u.text[:140]!r}")
    print(f"items opening with a pronoun (He, She, They, It, This, ...): {len(pronoun)}")
    for cid, t in pronoun[: args.show]:
        print(f"  {cid}: {t[:140]!r}")
    print(f"pairs of items of one summary stating the same fact: {len(dupes)}")
    for cid, a, b in dupes[: args.show]:
        print(f"  {cid}: {a[:100]!r} ~ {b[:100]!r}")
    print(
        f"citations holding under {args.cited_share:.0%} of their item's words: "
        f"{len(paraphrase)} of {citations}"
    )
    for cid, a, b in paraphrase[: args.show]:
        print(f"  {cid}: {a[:100]!r} <- {b[:100]!r}")
    print(
        f"documents with a wire dateline or closing AP credit: {wire_docs}, "
        f"credited to a wire by ingest.boilerplate.wire_credit: {wire_named}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
