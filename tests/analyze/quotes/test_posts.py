"""Embedded posts: a post printed with its signature is a direct quote of the signer.  Every
post, name and handle here is fictional, written for these tests."""

from __future__ import annotations

from newsprism.analyze.quotes.extract import find_quotes
from newsprism.analyze.quotes.posts import embedded_posts
from newsprism.ingest.boilerplate import mark_boilerplate
from newsprism.model import Article
from newsprism.nlp.annotate import annotate

STORY = (
    "The island ferry will not sail this winter, Mayor Ana Okafor said on Monday.\n\n"
    "Okafor wrote about the closure on Tuesday morning.\n\n"
    "The night ferry stays until the storms come. Nobody will be left on the quay! "
    "pic.twitter.com/Ab12Cd34 — Ana Okafor (@AnaOkafor) March 3, 2026\n\n"
    "The harbour police also posted a number for callers.\n\n"
    "A new line is open for anyone who saw the boat leave. Number is 555-0100. "
    "— Sgt. Tomas Reyne (@HarbourPolice) March 4, 2026\n\n"
    "“The mayor is right about the ferry,” @AnaOkafor https://t.co/xY12 "
    "— Coast Business Network (@CoastBN) March 4, 2026\n\n"
    "The council will vote next week."
)


def _article() -> Article:
    return mark_boilerplate(Article("a0", "a0.txt", STORY))


def test_a_signed_post_is_its_text_without_links_and_the_signer() -> None:
    article = _article()
    posts = embedded_posts(article)
    texts = [article.text[p.text.start : p.text.end] for p in posts]
    names = [article.text[p.name.start : p.name.end] for p in posts]
    assert texts == [
        "The night ferry stays until the storms come. Nobody will be left on the quay!",
        "A new line is open for anyone who saw the boat leave. Number is 555-0100.",
    ]  # the third opens with a quote mark: someone else's words shared, left out
    assert names == ["Ana Okafor", "Sgt. Tomas Reyne"]
    assert all(article.text[p.dash.start : p.dash.end] == "—" for p in posts)


def test_signed_posts_are_direct_quotes_of_the_signer_resolved_like_any_name() -> None:
    article = _article()
    result = find_quotes(annotate([article]))
    names = {s.id: s.name for s in result.speakers}
    by_text = {article.text[q.start : q.end]: q for q in result.quotes}
    post = by_text["The night ferry stays until the storms come. Nobody will be left on the quay!"]
    assert post.kind == "direct"
    assert names[post.speaker or ""] == "Ana Okafor"  # the same speaker as the article's Okafor
    police = by_text["A new line is open for anyone who saw the boat leave. Number is 555-0100."]
    assert names[police.speaker or ""] == "Tomas Reyne"  # the rank cut off
    assert not any(
        q.start <= article.text.index("The mayor is right") < q.end for q in result.quotes
    )


def test_a_post_outside_tweet_boilerplate_is_not_read_as_one() -> None:
    article = Article("a0", "a0.txt", STORY)  # nothing marked: no post is read
    assert embedded_posts(article) == []
