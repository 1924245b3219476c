"""Learn the speech-cue verbs from PolNeAR train's ``Cue`` spans and write
``src/newsprism/data/cue_lexicon.json`` (what the quotes stage reads as its learned cues).

    .venv/bin/python benchmarks/learn_cues.py [--cache DIR] [--every 2] [--min-direct 3] [--min-share 0.5]
                                              [--dry-run]

Parses ../shared/data/polnear/train as ``benchmarks/attribution_polnear.py`` does (same cache,
``--cache`` keeps the parses), counts each verb lemma outside gold content (seen / inside a gold
cue / inside the cue of a direct quote: ``newsprism.eval.cue_lexicon``) and keeps the verbs
that introduce a direct quote ``--min-direct`` times or more and are a cue in ``--min-share`` of
their occurrences.  Only lemmas and counts are written, no text of the corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from attribution_polnear import POLNEAR, parse  # noqa: E402
from newsprism.eval.attribution import read_polnear  # noqa: E402
from newsprism.eval.cue_lexicon import count_cues, select  # noqa: E402

OUT = ROOT / "src" / "newsprism" / "data" / "cue_lexicon.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses")
    ap.add_argument("--every", type=int, default=2, help="count on every N-th train article")
    ap.add_argument("--min-direct", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.5)
    ap.add_argument("--dry-run", action="store_true", help="print, do not write the JSON")
    args = ap.parse_args(argv)
    if not (POLNEAR / "train").is_dir():
        print(f"skipped: {POLNEAR / 'train'} not found")
        return 0
    gold = read_polnear(POLNEAR, "train")[:: args.every]
    label = "train" if args.every == 1 else f"train_every{args.every}"
    docs, _ = parse(gold, args.cache, label)
    pairs = (
        (g, [(p.offset, p.doc) for p in d.segments])  # type: ignore[attr-defined]
        for g, d in zip(gold, docs, strict=True)
    )
    counts = count_cues(pairs)
    chosen = select(counts, args.min_direct, args.min_share)
    for lemma, share in chosen.items():
        print(f"{lemma:14} direct {counts.direct[lemma]:5}  cue share {share:.2f}")
    payload = {
        "source": (
            f"PolNeAR v1.0.0 train, every {args.every}th article, one annotator each"
            " (benchmarks/learn_cues.py)"
        ),
        "min_direct": args.min_direct,
        "min_share": args.min_share,
        "cues": {
            lemma: {"direct": counts.direct[lemma], "cue_share": share}
            for lemma, share in chosen.items()
        },
    }
    if not args.dry_run:
        OUT.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(chosen)} cues to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
