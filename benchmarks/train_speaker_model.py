"""Fit the speaker model (``newsprism.analyze.quotes.speaker_model``) on PolNeAR train and
write ``src/newsprism/data/speaker_model.json``; report it on PolNeAR dev next to the
nearest-mention baseline.

    .venv/bin/python benchmarks/train_speaker_model.py [--cache DIR] [--every 2] [--all-parts]
        [--dry-run] [--fragments-only]

For each PolNeAR train article (every ``--every``-th, or all of them in ``--every`` parts with
``--all-parts``; one annotator each), the rules find the
attributions (``extract.article_attributions``); each direct quote they leave without a speaker
is matched to the gold attribution whose content covers most of it, and each of its candidates
(``speaker_model.candidates``) is labelled 1 when it lies inside that attribution's gold
``Source`` span (0 for all when no gold attribution covers the quote: a scare quote, a title).
A logistic regression (scikit-learn, standardised features folded back into plain weights)
is fitted on the candidate rows; the threshold is the one that maximises right minus wrong
choices on train.  Dev (never used for fitting) prints, for the same quotes: right, wrong and
left without a speaker, for the model and for the baseline that takes the nearest person or
subject pronoun before the quote.  Only weights and counts are written, no corpus text.

Quoted fragments of the writer's sentence (kind ``mixed``) with no rule speaker are labelled the
same way and fitted apart (``fragments`` in the JSON).  ``--fragments-only`` keeps the shipped
whole-quote weights and refits the fragments' only (the shipped file: ``--every 1
--fragments-only``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from attribution_polnear import POLNEAR, parse  # noqa: E402
from newsprism.analyze.quotes.cues import Found  # noqa: E402
from newsprism.analyze.quotes.extract import article_attributions  # noqa: E402
from newsprism.analyze.quotes.speaker_model import (  # noqa: E402
    FEATURES,
    Candidate,
    SpeakerModel,
    candidates,
    load_model,
    needs_speaker,
)
from newsprism.eval.attribution import GoldArticle, GoldAttribution, read_polnear  # noqa: E402

OUT = ROOT / "src" / "newsprism" / "data" / "speaker_model.json"
Example = tuple[list[Candidate], list[int]]  # one quote: candidates and their labels


def _covering(gold: GoldArticle, start: int, end: int) -> GoldAttribution | None:
    best, most = None, 0
    for a in gold.attributions:
        inside = sum(max(0, min(end, s.end) - max(start, s.start)) for s in a.content)
        if inside > most:
            best, most = a, inside
    return best if most >= 0.5 * max(1, end - start) else None


def _uncued(f: Found) -> bool:
    """A direct quote with no cue of its own (it may continue another's speaker)."""
    return f.kind == "direct" and f.piece is not None and f.cue is None


def examples(
    gold: Sequence[GoldArticle], docs: Sequence[object], wide: bool = False, kind: str = "direct"
) -> list[Example]:
    """Candidates and labels of the quotes of ``kind`` (``direct``: whole quotes; ``mixed``:
    fragments of the writer's sentence) that the rules leave without a speaker."""
    out: list[Example] = []
    for g, d in zip(gold, docs, strict=True):
        art, found = article_attributions(d)  # type: ignore[arg-type]
        for f in found:
            if f.kind != kind or not (needs_speaker(f) or (wide and _uncued(f))):
                continue
            cands = candidates(art, f, found)
            a = _covering(g, f.start, f.end)
            src = a.source if a is not None else ()
            labels = [int(any(s.start <= c.pos < s.end for s in src)) for c in cands]
            out.append((cands, labels))
    return out


def fit(train: Sequence[Example]) -> SpeakerModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = [[c.features[k] for k in FEATURES] for cands, _ in train for c in cands]
    ys = [y for _, labels in train for y in labels]
    x = np.array(rows, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, ys)
    w = lr.coef_[0] / scale
    bias = float(lr.intercept_[0] - (w * mean).sum())
    weights = {k: round(float(v), 4) for k, v in zip(FEATURES, w, strict=True)}
    model = SpeakerModel(weights, round(bias, 4), 0.5)
    best = max(
        (t / 20 for t in range(2, 19)),
        key=lambda t: _net(SpeakerModel(weights, model.bias, t), train),
    )
    return SpeakerModel(weights, model.bias, best)


def _net(model: SpeakerModel, data: Sequence[Example]) -> int:
    right, wrong, _ = evaluate(model, data)
    return right - wrong


def evaluate(model: SpeakerModel | None, data: Sequence[Example]) -> tuple[int, int, int]:
    """(right, wrong, left without) over quotes; ``model`` None is the nearest-mention
    baseline (the closest person or subject pronoun before the quote)."""
    right = wrong = none = 0
    for cands, labels in data:
        if model is None:
            near = [
                (c.features["log_distance"], k)
                for k, c in enumerate(cands)
                if c.features["before"] and (c.features["person"] or c.features["pronoun"])
            ]
            pick = min(near)[1] if near else None
        else:
            best = model.choose(cands)
            pick = None if best is None else cands.index(best)
        if pick is None:
            none += 1
        elif labels[pick]:
            right += 1
        else:
            wrong += 1
    return right, wrong, none


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses")
    ap.add_argument("--every", type=int, default=2, help="fit on every N-th train article")
    ap.add_argument("--all-parts", action="store_true", help="fit on all N parts of train")
    ap.add_argument("--dry-run", action="store_true", help="print, do not write the JSON")
    ap.add_argument(
        "--fragments-only",
        action="store_true",
        help="keep the whole-quote weights of the shipped JSON, fit the fragments' only",
    )
    args = ap.parse_args(argv)
    if not (POLNEAR / "train").is_dir():
        print(f"skipped: {POLNEAR / 'train'} not found")
        return 0
    everything = read_polnear(POLNEAR, "train")
    gold: list[GoldArticle] = []
    train: list[Example] = []
    train_frag: list[Example] = []
    for part in range(args.every if args.all_parts else 1):  # parsed (and cached) part by part
        some = everything[part :: args.every]
        label = "train" if args.every == 1 else f"train_every{args.every}"
        docs, _ = parse(some, args.cache, label if part == 0 else f"{label}_{part}")
        gold.extend(some)
        train.extend(examples(some, docs))
        train_frag.extend(examples(some, docs, kind="mixed"))
    shipped = load_model() if args.fragments_only else None
    model = shipped if shipped is not None else fit(train)
    fragments = fit(train_frag)
    dev_gold = read_polnear(POLNEAR, "dev")
    dev_docs, _ = parse(dev_gold, args.cache, "dev")
    dev = examples(dev_gold, dev_docs)
    dev_frag = examples(dev_gold, dev_docs, kind="mixed")
    n_train = sum(len(c) for c, _ in train)
    n_frag = sum(len(c) for c, _ in train_frag)
    print(
        f"train: {len(gold)} articles; quotes with no rule speaker: {len(train)} whole"
        f" ({n_train} rows), {len(train_frag)} fragments ({n_frag} rows)"
    )
    for kind, m, pair in (
        ("whole quotes", model, (("train", train), ("dev", dev))),
        ("fragments", fragments, (("train", train_frag), ("dev", dev_frag))),
    ):
        print(kind)
        for name, data in pair:
            reachable = sum(any(labels) for _, labels in data)
            for system, sm in (("nearest mention", None), ("speaker model", m)):
                r, w, n = evaluate(sm, data)
                print(
                    f"  {name:5} {system:16} right {r:4}  wrong {w:4}  none {n:4}"
                    f"  (of {len(data)}; gold speaker among candidates {reachable})"
                )
        print(f"  threshold {m.threshold}")
        for k, v in sorted(m.weights.items(), key=lambda kv: -abs(kv[1])):
            print(f"    {k:22} {v:+.3f}")
    shipped_json = json.loads(OUT.read_text(encoding="utf-8")) if shipped is not None else {}
    payload = {
        "about": (
            "Weights of newsprism.analyze.quotes.speaker_model: p = sigmoid(bias + sum(weight *"
            " feature)) per candidate; the best candidate is the speaker when p >= threshold."
            " Fitted by benchmarks/train_speaker_model.py on PolNeAR v1.0.0 train (one annotator"
            " each); "
            + (
                "whole quotes: kept from the earlier fit (every 2th article); fragments"
                if shipped is not None
                else "whole quotes and fragments"
            )
            + f": every {'article' if args.all_parts or args.every == 1 else str(args.every) + 'th article'}; PolNeAR dev and the real clusters were"
            " not used for fitting."
        ),
        "train_quotes": shipped_json.get("train_quotes", len(train)),
        "train_rows": shipped_json.get("train_rows", n_train),
        "bias": model.bias,
        "threshold": model.threshold,
        "weights": model.weights,
        "fragments": {
            "train_quotes": len(train_frag),
            "train_rows": n_frag,
            "bias": fragments.bias,
            "threshold": fragments.threshold,
            "weights": fragments.weights,
        },
    }
    if not args.dry_run:
        OUT.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
