"""The Timeline facade over both logs: ingest, amend, query, reopen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.articles import Article
from timeline.dates import DateSpan
from timeline.errors import UnknownEventError
from timeline.events import AidCommitted, Provenance
from timeline.fold import Status
from timeline.money import Money
from timeline.timeline import Timeline

from samples import MEMO, PLEDGE, SAMPLES

ARTICLE = Article.from_text(
    "title: A sample\npublished: 2024-01-30\nsource: Example Wire\n\nBody of our own.\n"
)


@pytest.fixture(params=["memory", "sqlite"])
def tl(request: pytest.FixtureRequest, tmp_path: Path) -> Timeline:
    return Timeline.open(None if request.param == "memory" else tmp_path / "t.db")


def test_ingesting_stores_the_article_and_its_events_once(tl: Timeline) -> None:
    first = tl.ingest(ARTICLE, [MEMO, PLEDGE])
    assert first.new_article
    assert first.new_events == 2
    again = tl.ingest(ARTICLE, [MEMO, PLEDGE])
    assert not again.new_article
    assert again.new_events == 0
    assert again.known_events == 2
    assert [a.article_id for a in tl.articles()] == [ARTICLE.id]
    stored = next(tl.articles())
    assert stored.body == ARTICLE.body
    assert stored.content_hash == ARTICLE.content_hash
    assert tl.log.last_seq == 3


def test_ingest_counts_as_new_only_what_it_stored_itself_beside_another_writer(
    tmp_path: Path,
) -> None:
    """Another writer stores the same article between our look at the log and our append."""
    path = tmp_path / "t.db"
    with Timeline.open(path) as ours, Timeline.open(path) as theirs:
        ours.ingest(Article.from_text("title: Earlier\npublished: 2024-01-02\n\nOther text.\n"))
        appends = []
        real_append = ours.log.append

        def append_after_the_other_writer(events, *, expected_last_seq=None):  # type: ignore[no-untyped-def]
            events = list(events)
            if not appends:  # the other writer gets in first, once
                theirs.ingest(ARTICLE, [MEMO, PLEDGE])
            appends.append(expected_last_seq)
            return real_append(events, expected_last_seq=expected_last_seq)

        ours.log.append = append_after_the_other_writer  # type: ignore[method-assign]
        result = ours.ingest(ARTICLE, [MEMO, PLEDGE])
        assert (result.new_article, result.new_events, result.known_events) == (False, 0, 2)
        assert appends == [1, 4]  # refused once (the log had moved on), then appended
        assert ours.log.last_seq == 4


def test_retracting_an_unknown_event_is_a_clear_error(tl: Timeline) -> None:
    with pytest.raises(UnknownEventError, match="ev-nothing"):
        tl.retract("ev-nothing", reason="x")
    assert tl.log.last_seq == 0


def test_a_retraction_removes_the_event_from_later_states(tl: Timeline) -> None:
    tl.append([MEMO, PLEDGE])
    tl.retract(MEMO.id, reason="not signed", published=date(2024, 2, 10))
    assert tl.state("BE").memoranda == ()
    assert len(tl.state("BE", known_at=date(2024, 2, 9)).memoranda) == 1
    assert len(tl.state("BE", recorded_by=2).memoranda) == 1
    statuses = {e.event.id: e.status for e in tl.history("BE")}
    assert statuses[MEMO.id] is Status.RETRACTED


def test_a_correction_replaces_the_amount_from_when_it_was_known(tl: Timeline) -> None:
    tl.append([PLEDGE])
    better = AidCommitted(
        partners=("BE",),
        occurred=PLEDGE.occurred,
        provenance=Provenance(article_id="art-x", published=date(2024, 3, 1)),
        amount=Money(92_000_000, "EUR"),
    )
    tl.correct(PLEDGE.id, better, reason="misread", published=date(2024, 3, 1))
    assert tl.state("BE").committed_totals["EUR"].value == 92_000_000
    assert tl.state("BE", known_at=date(2024, 2, 1)).committed_totals["EUR"].value == 90_000_000


def test_states_cover_every_partner_and_partners_lists_them(tl: Timeline) -> None:
    tl.append(list(SAMPLES.values()))
    assert tl.partners() == ["BE", "DE", "NL", "UA", "US"]
    states = tl.states()
    assert set(states) == set(tl.partners())
    assert states["BE"] == tl.state("BE")


def test_events_filter_by_partner_and_kind(tl: Timeline) -> None:
    tl.append(list(SAMPLES.values()))
    assert {e.kind for e in tl.events(kinds=["meeting_held"])} == {"meeting_held"}
    assert all("DE" in e.partners for e in tl.events(partner="DE"))


def test_a_sqlite_timeline_reopens_with_everything_in_it(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Timeline.open(path) as tl:
        tl.append([MEMO, PLEDGE])
        state = tl.state("BE", as_of=date(2024, 2, 1))
    with Timeline.open(path, read_only=True) as again:
        assert again.state("BE", as_of=date(2024, 2, 1)) == state
        assert again.verify().ok


def test_history_orders_by_occurred_date_with_ties_by_publication(tl: Timeline) -> None:
    same_day = [
        AidCommitted(
            partners=("DK",),
            occurred=DateSpan.day(date(2024, 1, 5)),
            provenance=Provenance(article_id=f"art-{i}", published=date(2024, 1, 6 + i)),
            amount=Money(i + 1, "DKK"),
        )
        for i in range(3)
    ]
    earlier = AidCommitted(partners=("DK",), occurred=DateSpan.month(2023, 5))
    tl.append([*same_day, earlier])
    assert [e.event for e in tl.history("DK")] == [earlier, *same_day]
