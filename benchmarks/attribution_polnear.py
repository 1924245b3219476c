"""Attribution extraction on PolNeAR: newsprism's quotes stage next to textacy, one harness.

Reads ../shared/data/polnear/SPLIT (one annotator per article), runs newsprism's ``find_quotes``
(one article at a time, boilerplate marked as ``newsprism brief`` does) and textacy 0.13
``direct_quotations`` on the same paragraph parses, and prints precision, recall and F1 of content
spans (matched one-to-one at character IoU >= 0.5 ignoring whitespace, quote marks and edge
punctuation), exact-boundary F1, speaker accuracy on matched pairs, recall of direct quotes, the
speakers of the quoted pieces of direct quotes with no cue in their sentence (right, none, wrong,
not found), and speed in articles per second on one core (parse + extraction, and extraction alone).

Usage: .venv/bin/python benchmarks/attribution_polnear.py [--split dev] [--limit N]
           [--cache DIR]   # keep spaCy parses (DocBin) in DIR to iterate fast
           [--no-textacy] [--keep-unattributed]

Scoring is in ``newsprism.eval.attribution``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

from newsprism.eval.attribution import (  # noqa: E402
    GoldArticle,
    Predicted,
    Scores,
    from_quotes,
    read_polnear,
)
from newsprism.model import Span  # noqa: E402

KEEP = False  # --keep-unattributed: count quotes with no cue and no speaker too
NESTED = False  # --keep-nested: count attributions nested in another's content too
REPO = Path(__file__).resolve().parents[1]
POLNEAR = REPO / ".." / "shared" / "data" / "polnear"


def newsprism_predictions(doc: object) -> list[Predicted]:
    from newsprism.analyze.quotes.extract import find_quotes

    result = find_quotes([doc])  # type: ignore[list-item]
    return from_quotes(result.quotes, {s.id: s.name for s in result.speakers}, KEEP, NESTED)


def textacy_predictions(doc: object) -> list[Predicted]:
    from textacy.extract.triples import direct_quotations

    out = []
    for p in doc.segments:  # type: ignore[attr-defined]
        try:
            triples = list(direct_quotations(p.doc))
        except Exception:  # textacy raises on some unbalanced quotes
            continue
        for t in triples:
            content = t.content
            start = p.offset + content.start_char
            end = p.offset + content.end_char
            mention = None
            if t.speaker:
                s = p.offset + min(tok.idx for tok in t.speaker)
                e = p.offset + max(tok.idx + len(tok.text) for tok in t.speaker)
                mention = Span(s, e)
            name = " ".join(tok.text for tok in t.speaker) if t.speaker else None
            out.append(Predicted((Span(start, end),), mention, name, "direct"))
    return out


def parse(
    gold: Sequence[GoldArticle], cache: Path | None, split: str
) -> tuple[list[object], float]:
    """Annotated articles (boilerplate marked) and the parse time in seconds."""
    from newsprism.ingest.boilerplate import mark_boilerplate
    from newsprism.model import Article
    from newsprism.nlp.annotate import (
        PARSE_KEY,
        AnnotatedArticle,
        ParsedSegment,
        _sentences,
        annotate,
        load_nlp,
    )
    from newsprism.nlp.segment import content_segments

    articles = [mark_boilerplate(Article(g.name, g.name, g.text)) for g in gold]
    nlp = load_nlp()
    # the key covers the content segments too: a change to boilerplate marking re-parses
    bounds = repr([[(g.start, g.end) for g in content_segments(a)] for a in articles])
    key = hashlib.sha1(f"{PARSE_KEY}\0{bounds}".encode()).hexdigest()[:12]
    path = cache / f"polnear_{split}_{len(gold)}_{key}.spacy" if cache else None
    if path is not None and path.exists():
        from spacy.tokens import DocBin

        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
        out: list[object] = []
        k = 0
        for a in articles:
            parsed = []
            for seg in content_segments(a):
                parsed.append(ParsedSegment(seg, docs[k]))
                k += 1
            out.append(AnnotatedArticle(a, parsed, _sentences(a, parsed)))
        return out, float("nan")
    t0 = time.perf_counter()
    annotated = annotate(articles)
    elapsed = time.perf_counter() - t0
    if path is not None:
        from spacy.tokens import DocBin

        bin_ = DocBin(store_user_data=False)
        for d in annotated:
            for p in d.segments:
                bin_.add(p.doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bin_.to_bytes())
    return list(annotated), elapsed


def add_split_arguments(ap: argparse.ArgumentParser) -> None:
    """``--split``, ``--limit`` and ``--cache``, as every PolNeAR benchmark takes them."""
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses")


def load_split(args: argparse.Namespace) -> tuple[list[GoldArticle], list[object]] | None:
    """The gold and the annotated articles of ``args.split``; None (with a message) when
    PolNeAR is absent."""
    if not (POLNEAR / args.split).is_dir():
        print(f"skipped: {POLNEAR / args.split} not found")
        return None
    gold = read_polnear(POLNEAR, args.split, args.limit)
    docs, _ = parse(gold, args.cache, args.split)
    return gold, docs


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses")
    ap.add_argument("--no-textacy", action="store_true", help="skip the textacy peer")
    ap.add_argument(
        "--keep-unattributed",
        action="store_true",
        help="also count quoted fragments with no cue and no speaker as attributions",
    )
    ap.add_argument(
        "--keep-nested",
        action="store_true",
        help="also count attributions nested in another one's content (PolNeAR has none)",
    )
    args = ap.parse_args(argv)
    global KEEP, NESTED
    KEEP = args.keep_unattributed
    NESTED = args.keep_nested
    if not (POLNEAR / args.split).is_dir():
        print(f"skipped: {POLNEAR / args.split} not found")
        return 0
    gold = read_polnear(POLNEAR, args.split, args.limit)
    docs, parse_s = parse(gold, args.cache, args.split)
    systems = {"newsprism": newsprism_predictions}
    if not args.no_textacy:
        try:
            import textacy  # noqa: F401

            systems["textacy 0.13 direct_quotations"] = textacy_predictions
        except ImportError:
            print("textacy not installed (bench extra): peer skipped")
    n_gold = sum(len(g.attributions) for g in gold)
    print(f"PolNeAR {args.split}: {len(gold)} articles, {n_gold} gold attributions")
    header = (
        f"{'system':34} {'P':>6} {'R':>6} {'F1':>6} {'exactF1':>8} {'speaker':>8} {'directR':>8}"
    )
    print(header)
    times: dict[str, float] = {}
    for name, fn in systems.items():
        scores = Scores()
        t0 = time.perf_counter()
        preds = [fn(d) for d in docs]
        times[name] = time.perf_counter() - t0
        for g, p, d in zip(gold, preds, docs, strict=True):
            sentences = [Span(s.start, s.end) for s in d.sentences]  # type: ignore[attr-defined]
            scores.add(g, p, sentences)
        r = scores.row()
        print(
            f"{name:34} {r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} {r['exact_F1']:8.3f}"
            f" {r['speaker']:8.3f} {r['direct_R']:8.3f}"
        )
        if name == "newsprism":
            kinds = ", ".join(
                f"{k}: {v[1]}/{v[0]} matched" for k, v in sorted(scores.by_kind.items())
            )
            print(f"{'':34} by kind: {kinds}")
            print(
                f"{'':34} right speaker on matched pairs: {scores.speaker_ok}/{scores.speaker_pairs}"
            )
            u = scores.uncued
            print(
                f"{'':34} direct quotes with no cue in their sentence: {sum(u.values())} pieces;"
                f" right speaker {u.get('right', 0)}, none {u.get('none', 0)},"
                f" wrong {u.get('wrong', 0)}, not found {u.get('missed', 0)}"
            )
    print("speed, one core:")
    if parse_s == parse_s:  # not NaN: parsed in this run
        print(f"  spaCy parse: {len(docs) / parse_s:.1f} articles/s")
    for name, secs in times.items():
        rate = len(docs) / secs if secs else float("inf")
        line = f"  {name} extraction alone: {rate:.1f} articles/s"
        if parse_s == parse_s:
            line += f"; parse + extraction: {len(docs) / (parse_s + secs):.1f} articles/s"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
