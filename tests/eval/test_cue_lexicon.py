"""Learning speech-cue verbs from attribution gold: invented sentences, gold spans set here."""

from __future__ import annotations

from newsprism.eval.attribution import GoldArticle, GoldAttribution
from newsprism.eval.cue_lexicon import count_cues, select
from newsprism.model import Span
from newsprism.nlp.annotate import load_nlp


def _gold(text: str, content: str, cue: str, source: str) -> GoldAttribution:
    at = text.index(content)

    def before(words: str) -> tuple[Span, ...]:  # the last occurrence before the content
        k = text.rindex(words, 0, at)
        return (Span(k, k + len(words)),)

    return GoldAttribution((Span(at, at + len(content)),), before(source), before(cue))


def test_a_verb_that_introduces_quotes_is_learned_and_one_that_rarely_does_is_not() -> None:
    text = (
        "Okafor quipped, “The ferry is late again.” Brill quipped, “So is the bus.” "
        "Reyne quipped, “Walk, then.” Okafor walked to the pier. Brill walked home. "
        "Reyne walked along the quay and said, “Fine.” Okafor walked on."
    )
    attributions = [
        _gold(text, "“The ferry is late again.”", "quipped", "Okafor"),
        _gold(text, "“So is the bus.”", "quipped", "Brill"),
        _gold(text, "“Walk, then.”", "quipped", "Reyne"),
        _gold(text, "“Fine.”", "said", "Reyne walked"),
    ]
    gold = GoldArticle("a", text, "x", tuple(attributions))
    doc = load_nlp()(text)
    counts = count_cues([(gold, [(0, doc)])])
    assert counts.direct.get("quip") == 3
    chosen = select(counts, min_direct=3, min_share=0.5)
    assert "quip" in chosen
    assert "walk" not in chosen  # inside a source span once, seen four times
