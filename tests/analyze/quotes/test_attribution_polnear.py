"""The attribution harness (newsprism.eval.attribution) and its quality gate on PolNeAR dev.

Harness tests use a small BRAT file written here about a fictional story; the gate reads
../shared/data/polnear (skipped when absent) and checks the floors pinned in tests/floors.json
on the first 25 dev articles (about 15 s on one core).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.eval.attribution import (
    GoldAttribution,
    Predicted,
    Scores,
    from_quotes,
    is_direct,
    match,
    normalised_chars,
    parse_ann,
    piece_outcome,
    read_polnear,
    uncued_pieces,
)
from newsprism.model import Quote, Span

REPO = Path(__file__).resolve().parents[3]
POLNEAR = REPO / ".." / "shared" / "data" / "polnear"
FLOORS = json.loads((REPO / "tests" / "floors.json").read_text(encoding="utf-8"))

TEXT = "Mayor Ana Brill said the ferry would stay. “It is settled,” she said. “We sail.”\n"
ANN = (
    "T1\tSource 0 15\tMayor Ana Brill\n"
    "T2\tCue 16 20\tsaid\n"
    "T3\tContent 21 41\tthe ferry would stay\n"
    "T4\tAttribution 16 20\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 43 59;69 79\t“It is settled,” “We sail.”\n"
    "T6\tSource 60 63\tshe\n"
    "T7\tCue 64 68\tsaid\n"
    "T8\tAttribution 64 68\tsaid\n"
    "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6\n"
)


def test_parse_ann_reads_discontinuous_spans() -> None:
    gold = parse_ann(ANN)
    assert len(gold) == 2
    assert gold[1].content == (Span(43, 59), Span(69, 79))
    assert TEXT[gold[0].source[0].start : gold[0].source[0].end] == "Mayor Ana Brill"
    assert not is_direct(TEXT, gold[0]) and is_direct(TEXT, gold[1])


def test_normalisation_ignores_spaces_marks_and_edge_punctuation() -> None:
    a = normalised_chars(TEXT, [Span(43, 59)])  # “It is settled,”
    b = normalised_chars(TEXT, [Span(44, 57)])  # It is settled
    assert a == b


def test_matching_is_one_to_one_at_iou_half() -> None:
    gold = list(parse_ann(ANN))
    pred = [
        Predicted((Span(21, 41),), Span(0, 15), "Ana Brill", "indirect"),
        Predicted((Span(21, 41),), None, None, "indirect"),  # a duplicate does not match twice
        Predicted((Span(44, 57),), Span(60, 63), "Ana Brill", "direct"),  # the longer piece
    ]
    pairs = match(TEXT, gold, pred)
    assert [(i, j) for i, j, _ in pairs] == [(0, 0), (1, 2)]
    short = [Predicted((Span(70, 78),), None, None, "direct")]  # "We sail": IoU 6/17
    assert match(TEXT, gold, short) == []
    scores = Scores()
    scores.add(type("G", (), {"text": TEXT, "attributions": tuple(gold)})(), pred)  # type: ignore[arg-type]
    assert scores.matched == 2 and scores.pred == 3 and scores.gold == 2
    assert scores.speaker_accuracy == 1.0
    assert scores.direct_recall == 1.0
    assert scores.precision == pytest.approx(2 / 3)


def test_from_quotes_joins_the_pieces_of_one_utterance() -> None:
    cue, mention = Span(64, 68), Span(60, 63)
    quotes = [
        Quote("q1", "a", 44, 58, "direct", "s1", mention, cue),
        Quote("q2", "a", 70, 78, "direct", "s1", mention, cue),
        Quote("q3", "a", 0, 5, "mixed"),  # no cue, no speaker: not an attribution
    ]
    pred = from_quotes(quotes, {"s1": "Ana Brill"})
    assert len(pred) == 1
    assert pred[0].content == (Span(44, 58), Span(70, 78))
    gold = [GoldAttribution((Span(43, 59), Span(69, 79)), (Span(60, 63),))]
    assert len(match(TEXT, gold, pred)) == 1


def _at(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def test_uncued_pieces_and_their_outcomes() -> None:
    text = "Ana Brill said: “We sail at dawn.”\n“The sea is calm.” Tom Hale waved.\n"
    sentences = [_at(text, "Ana Brill said: “We sail at dawn.”"), _at(text, "“The sea is calm.”")]
    sentences.append(_at(text, "Tom Hale waved."))
    first, second = _at(text, "“We sail at dawn.”"), _at(text, "“The sea is calm.”")
    brill, hale = _at(text, "Ana Brill"), _at(text, "Tom Hale")
    gold = GoldAttribution((first, second), (brill,), (_at(text, "said"),))
    assert uncued_pieces(text, gold, sentences) == [second]  # the first has its cue
    assert uncued_pieces(text, GoldAttribution((first,), (brill,)), sentences) == [first]
    indirect = GoldAttribution((_at(text, "Tom Hale waved"),), (brill,))
    assert uncued_pieces(text, indirect, sentences) == []  # not a direct quote
    inner = Span(second.start + 1, second.end - 1)
    assert piece_outcome(text, gold, second, [Predicted((inner,), brill, "Ana Brill")]) == "right"
    assert piece_outcome(text, gold, second, [Predicted((first, inner), brill, None)]) == "right"
    assert piece_outcome(text, gold, second, [Predicted((inner,))]) == "none"
    assert piece_outcome(text, gold, second, [Predicted((inner,), hale, "Tom Hale")]) == "wrong"
    assert (
        piece_outcome(text, gold, second, [Predicted((Span(second.start, second.start + 4),))])
        == "missed"
    )
    scores = Scores()
    article = type("G", (), {"text": text, "attributions": (gold,)})()
    scores.add(article, [Predicted((first, inner), hale, "Tom Hale")], sentences)  # type: ignore[arg-type]
    assert scores.uncued == {"wrong": 1}


def test_read_polnear_takes_one_annotator(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "story.txt").write_text(TEXT, encoding="utf-8")
    for annotator in ("b2", "a1"):
        path = tmp_path / "dev" / "attributions" / f"story_{annotator}.ann"
        path.write_text(ANN, encoding="utf-8")
    [article] = read_polnear(tmp_path, "dev")
    assert article.annotator == "a1" and len(article.attributions) == 2


@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="../shared/data/polnear absent")
def test_polnear_dev_floor() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "attribution_polnear", REPO / "benchmarks" / "attribution_polnear.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    gold = read_polnear(POLNEAR, "dev", limit=25)
    docs, _ = bench.parse(gold, None, "dev")
    scores = Scores()
    for g, d in zip(gold, docs, strict=True):
        scores.add(g, bench.newsprism_predictions(d))
    key = "attribution.polnear_dev25."
    assert scores.f1 >= FLOORS[key + "f1"]
    assert scores.precision >= FLOORS[key + "precision"]
    assert scores.speaker_accuracy >= FLOORS[key + "speaker_accuracy"]
    assert scores.direct_recall >= FLOORS[key + "direct_recall"]
