"""Re-extraction reads a stored article with the publication as precisely as it was stated.

An article whose header gives only a month (``published: 2024-06``) or a year is read with
its publication as that month or year: relative dates ("last week", "this month") resolve
within it and never gain a precision they lack. The stored article keeps that span, so a
re-extraction by the same extractor reads exactly what the ingest read, and appends nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.articles import Article
from timeline.dates import DateSpan, Precision
from timeline.events import ArticleRecorded
from timeline.timeline import Timeline

_BODY = (
    "Denmark approved a military aid package worth DKK 1.5 billion for Ukraine last week, "
    "the defence ministry said.\n\n"
    "Sweden and Ukraine signed a memorandum on the joint production of drones this month."
)


@pytest.mark.parametrize(
    "published", [DateSpan.month(2024, 6), DateSpan.year(2023), DateSpan.day(date(2024, 6, 14))]
)
def test_a_stored_article_is_read_again_with_its_publication_as_stated(
    tmp_path: Path, published: DateSpan
) -> None:
    article = Article.from_text("title: Aid and production\n\n" + _BODY, published=published)
    assert article.published_span == published
    with Timeline.open(tmp_path / "t.db") as tl:
        first = tl.ingest(article)
        assert first.new_events > 1
        before = {e.id: e.occurred for e in tl.events() if not isinstance(e, ArticleRecorded)}
        again = tl.reextract(since="999", published=date(2025, 1, 1))  # every article read again
        assert again.articles == 1
        assert not again.changed, again
        after = {e.id: e.occurred for e in tl.events() if not isinstance(e, ArticleRecorded)}
    assert after == before
    if published.precision is not Precision.DAY:
        # read within the month or year: no fact ends after the publication's last day
        ends = [span.latest for span in before.values() if span.latest is not None]
        assert published.latest is not None
        assert all(end <= published.latest for end in ends)
    with Timeline.open(tmp_path / "t.db", read_only=True) as tl:
        (stored,) = (e for e in tl.events() if isinstance(e, ArticleRecorded))
    kept = DateSpan.unknown() if published.precision is Precision.DAY else published
    assert stored.occurred == kept
