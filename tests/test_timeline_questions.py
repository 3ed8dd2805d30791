"""The analyst's questions on the facade: how sure, in what order, amended once, pledged
against delivered, and what changed since a date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.dates import DateSpan
from timeline.errors import TimelineError
from timeline.events import (
    AidCommitted,
    AidDelivered,
    Confidence,
    EventRetracted,
    Fact,
    MeetingHeld,
    MemorandumSigned,
    Provenance,
)
from timeline.fold import (
    AlreadyAmendedError,
    ChangeKind,
    Entry,
    calendar_key,
    changes,
    history,
    pledged_against_delivered,
    project,
    project_partner,
)
from timeline.money import Money
from timeline.timeline import Timeline

from strategies import facts


def _read(how: Confidence | None, **more: object) -> Provenance:
    return Provenance(extractor="rules", confidence=how, **more)  # type: ignore[arg-type]


SURE = MemorandumSigned(
    partners=("CZ",),
    occurred=DateSpan.day(date(2023, 7, 7)),
    provenance=_read(Confidence.HIGH, article_id="a", published=date(2023, 7, 8)),
    scope="ammunition",
)
HAZY = MeetingHeld(
    partners=("CZ",),
    occurred=DateSpan.day(date(2023, 7, 9)),
    provenance=_read(Confidence.LOW, article_id="b", published=date(2023, 7, 10)),
    format="forum",
)
BY_HAND = AidCommitted(
    partners=("CZ",),
    occurred=DateSpan.month(2023, 6),
    provenance=Provenance(published=date(2023, 7, 1)),
    amount=Money(5_000_000, "EUR"),
)


@pytest.fixture
def tl() -> Timeline:
    timeline = Timeline.open()
    timeline.append([SURE, HAZY, BY_HAND])
    return timeline


# -- how sure ------------------------------------------------------------------------------------


def test_a_minimum_confidence_leaves_out_less_sure_facts_and_keeps_those_entered_by_hand(
    tl: Timeline,
) -> None:
    assert tl.state("CZ").event_ids == {SURE.id, HAZY.id, BY_HAND.id}
    assert tl.state("CZ", min_confidence="medium").event_ids == {SURE.id, BY_HAND.id}
    assert tl.state("CZ", min_confidence=Confidence.LOW) == tl.state("CZ")
    assert tl.states(min_confidence="high")["CZ"].event_ids == {SURE.id, BY_HAND.id}
    assert [e.event.id for e in tl.history("CZ", min_confidence="high")] == [
        BY_HAND.id,
        SURE.id,
    ]
    assert HAZY not in list(tl.events(min_confidence="medium"))


@given(st.lists(facts(), max_size=8), st.sampled_from(list(Confidence)))
def test_a_minimum_confidence_is_the_fold_of_the_facts_read_that_surely(
    events: list[Fact], least: Confidence
) -> None:
    records = [Entry(n, e) for n, e in enumerate(events, 1)]
    sure = [
        r for r in records if (c := r.event.provenance.confidence) is None or c.rank >= least.rank
    ]
    assert project(records, min_confidence=least) == project(sure)


# -- calendar order ------------------------------------------------------------------------------


def test_the_calendar_order_is_by_latest_day_then_earliest_with_undated_last() -> None:
    spans = [
        DateSpan.unknown(),
        DateSpan.month(2023, 1),
        DateSpan.on_or_before(date(2024, 1, 30)),
        DateSpan.parse("2022-08"),
        DateSpan.parse("2022-02-24/.."),
        DateSpan.day(date(2023, 1, 31)),
    ]
    meetings = [MeetingHeld(partners=("PL",), occurred=s) for s in spans]
    ordered = [str(m.occurred) for m in sorted(meetings, key=calendar_key)]
    assert ordered == ["2022-08", "2023-01", "2023-01-31", "../2024-01-30", "2022-02-24/..", ".."]


def test_events_and_states_list_facts_in_calendar_order(tl: Timeline) -> None:
    in_log = list(tl.events())
    assert in_log == [SURE, HAZY, BY_HAND]
    assert list(tl.events(order="calendar")) == [BY_HAND, SURE, HAZY]
    assert [i.id for i in tl.state("CZ").items] == [BY_HAND.id, SURE.id, HAZY.id]


def test_since_and_until_keep_the_facts_that_may_have_happened_between_them(
    tl: Timeline,
) -> None:
    july = {"since": date(2023, 7, 1), "until": date(2023, 7, 8)}
    assert [e.id for e in tl.events(**july)] == [SURE.id]  # type: ignore[arg-type]
    assert [e.event.id for e in tl.history("CZ", since=date(2023, 7, 7))] == [SURE.id, HAZY.id]
    assert [e.event.id for e in tl.history("CZ", since=date(2023, 7, 8))] == [HAZY.id]


# -- amended once --------------------------------------------------------------------------------


def test_retracting_a_retracted_event_is_refused_naming_the_earlier_retraction(
    tl: Timeline,
) -> None:
    first = tl.retract(HAZY.id, reason="not a meeting", published=date(2023, 8, 1))
    with pytest.raises(AlreadyAmendedError) as raised:
        tl.retract(HAZY.id, reason="again", published=date(2023, 8, 2))
    assert raised.value.amendment.id == first.event.id
    assert first.event.id in str(raised.value)
    assert "retracted" in str(raised.value)
    assert isinstance(raised.value, TimelineError)
    with pytest.raises(AlreadyAmendedError, match="already retracted"):
        tl.correct(HAZY.id, HAZY, reason="no", published=date(2023, 8, 2))
    assert tl.log.last_seq == 4


def test_an_event_whose_retraction_was_withdrawn_may_be_amended_again(tl: Timeline) -> None:
    first = tl.retract(HAZY.id, reason="not a meeting", published=date(2023, 8, 1))
    tl.retract(first.event.id, reason="it was one", published=date(2023, 8, 2))
    assert HAZY.id in tl.state("CZ").event_ids
    tl.retract(HAZY.id, reason="it was not, after all", published=date(2023, 8, 3))
    assert HAZY.id not in tl.state("CZ").event_ids


def test_a_revision_corrects_the_fields_named_and_a_second_one_is_refused(tl: Timeline) -> None:
    record = tl.revise(BY_HAND.id, reason="misread", amount=Money(7_000_000, "EUR"))
    (item,) = tl.state("CZ").commitments
    assert item.amount == Money(7_000_000, "EUR")
    assert item.corrects == BY_HAND.id
    assert item.event.provenance.extractor == "manual"
    with pytest.raises(AlreadyAmendedError, match=record.event.id):
        tl.revise(BY_HAND.id, reason="again", amount=Money(8_000_000, "EUR"))
    with pytest.raises(ValueError, match="no field"):
        tl.revise(SURE.id, reason="x", amount=Money(1, "EUR"))
    with pytest.raises(ValueError, match="changes nothing"):
        tl.revise(SURE.id, reason="x", scope="ammunition")


# -- pledged against delivered -------------------------------------------------------------------

PLEDGE = AidCommitted(
    partners=("SK",),
    occurred=DateSpan.month(2023, 2),
    provenance=Provenance(article_id="p", published=date(2023, 2, 28)),
    amount=Money(160_000_000, "EUR"),
    items=("Zuzana howitzers",),
)
TANKS = AidCommitted(
    partners=("SK",),
    occurred=DateSpan.month(2023, 3),
    provenance=Provenance(article_id="t", published=date(2023, 3, 30)),
    amount=Money(40_000_000, "EUR"),
    items=("tanks",),
)
FIRST_TWO = AidDelivered(
    partners=("SK",),
    occurred=DateSpan.month(2023, 6),
    provenance=Provenance(article_id="d", published=date(2023, 6, 30)),
    items=("Zuzana howitzers",),
    quantity=2,
    amount=Money(20_000_000, "EUR"),
)
BEFORE_PLEDGE = AidDelivered(
    partners=("SK",),
    occurred=DateSpan.month(2022, 11),
    provenance=Provenance(article_id="e", published=date(2022, 11, 30)),
    items=("Zuzana howitzers",),
    quantity=1,
)
MIGS = AidDelivered(
    partners=("SK",),
    occurred=DateSpan.month(2023, 4),
    provenance=Provenance(article_id="m", published=date(2023, 4, 30)),
    items=("MiG-29 jets",),
)


def test_a_delivery_is_linked_to_the_pledge_it_fulfils_and_the_gap_is_what_is_left() -> None:
    records = [
        Entry(n, e) for n, e in enumerate([PLEDGE, TANKS, FIRST_TWO, BEFORE_PLEDGE, MIGS], 1)
    ]
    ledger = pledged_against_delivered(project_partner(records, "SK"))
    zuzana, tanks = ledger.fulfilments
    assert zuzana.commitment.id == PLEDGE.id
    assert [d.id for d in zuzana.deliveries] == [FIRST_TWO.id]
    assert zuzana.delivered_quantity == 2
    assert zuzana.outstanding == {"EUR": Money(140_000_000, "EUR")}
    assert not zuzana.fulfilled
    assert tanks.deliveries == ()
    assert tanks.outstanding == {"EUR": Money(40_000_000, "EUR")}
    assert {d.id for d in ledger.unlinked} == {BEFORE_PLEDGE.id, MIGS.id}
    assert ledger.committed == {"EUR": Money(200_000_000, "EUR")}
    assert ledger.delivered == {"EUR": Money(20_000_000, "EUR")}
    assert ledger.gap == {"EUR": Money(180_000_000, "EUR")}


def test_the_timeline_answers_pledged_against_delivered_at_a_date() -> None:
    tl = Timeline.open()
    tl.append([PLEDGE, TANKS, FIRST_TWO])
    assert tl.pledges("SK").fulfilments[0].deliveries[0].id == FIRST_TWO.id
    spring = tl.pledges("SK", as_of=date(2023, 5, 1))
    assert spring.delivered == {}
    assert spring.gap == {"EUR": Money(200_000_000, "EUR")}


# -- what changed --------------------------------------------------------------------------------


def test_changes_list_new_facts_corroboration_amendments_and_totals_either_side() -> None:
    other = AidCommitted(
        partners=("SK",),
        occurred=DateSpan.day(date(2023, 2, 20)),
        provenance=Provenance(article_id="q", outlet="Wire B", published=date(2023, 3, 5)),
        amount=Money(160_000_000, "EUR"),
        items=("Zuzana howitzers",),
    )
    oops = EventRetracted(
        partners=("SK",),
        target=TANKS.id,
        reason="misread",
        provenance=Provenance(published=date(2023, 4, 2)),
    )
    records = [Entry(n, e) for n, e in enumerate([PLEDGE, TANKS, other, FIRST_TWO, oops], 1)]
    (sk,) = changes(records, date(2023, 3, 31), date(2023, 6, 30)).partners
    assert [c.item.id for c in sk.new] == [FIRST_TWO.id]
    assert [c.item.id for c in sk.removed] == [TANKS.id]
    assert [a.id for a in sk.amendments] == [oops.id]
    assert sk.totals_before == {"EUR": Money(200_000_000, "EUR")}
    assert sk.totals_after == {"EUR": Money(160_000_000, "EUR")}
    (early,) = changes(records, date(2023, 3, 1), date(2023, 3, 10)).partners
    assert [(c.kind, c.item.corroboration, c.before.corroboration) for c in early.facts] == [  # type: ignore[union-attr]
        (ChangeKind.CORROBORATED, 2, 1)
    ]
    assert changes(records, date(2023, 6, 30)).partners == ()
    by_position = changes(records, recorded_since=4).partners[0]
    assert [c.kind for c in by_position.facts] == [ChangeKind.REMOVED]
    with pytest.raises(ValueError, match="known_since or recorded_since"):
        changes(records)


def test_the_timeline_answers_what_changed_for_one_partner(tl: Timeline) -> None:
    found = tl.changes(date(2023, 7, 8), partner="CZ")
    assert [c.item.id for c in found.partners[0].new] == [HAZY.id]
    assert tl.changes(date(2023, 7, 8), partner="CZ", min_confidence="high").partners == ()


def test_history_keeps_what_a_knowledge_time_kept() -> None:
    records = [Entry(1, PLEDGE), Entry(2, FIRST_TWO)]
    assert [e.event.id for e in history(records, "SK", known_at=date(2023, 3, 1))] == [PLEDGE.id]


@given(st.lists(facts(), max_size=10), st.sampled_from([date(2020, 1, 1), date(2023, 6, 1)]))
def test_what_changed_accounts_for_every_fact_counted_after(
    events: list[Fact], since: date
) -> None:
    records = [Entry(n, e) for n, e in enumerate(events, 1)]
    before, after = project(records, known_at=since), project(records)
    found = {p.partner: p for p in changes(records, since).partners}
    for partner, state in after.items():
        known = before[partner].event_ids if partner in before else frozenset()
        new = (
            {i for c in found[partner].new for i in c.item.event_ids} if partner in found else set()
        )
        for item in state.items:
            told = {i for each in item.walk() for i in each.event_ids}
            assert told & known or told <= new
    if all(e.provenance.published is not None for e in events):  # else not known at any date
        assert changes(records, date(2100, 1, 1)).partners == ()


@given(st.lists(facts(), max_size=10))
def test_events_in_calendar_order_are_sorted_by_the_one_key(events: list[Fact]) -> None:
    tl = Timeline.open()
    tl.append(events)
    listed = list(tl.events(order="calendar"))
    assert sorted(listed, key=calendar_key) == listed
    assert {e.id for e in listed} == {e.id for e in tl.events()}


@given(st.lists(facts(), max_size=12))
def test_every_delivery_is_linked_once_and_nothing_is_owed_beyond_the_pledge(
    events: list[Fact],
) -> None:
    records = [Entry(n, e) for n, e in enumerate(events, 1)]
    for state in project(records).values():
        ledger = pledged_against_delivered(state)
        linked = [d.id for f in ledger.fulfilments for d in f.deliveries]
        linked += [d.id for d in ledger.unlinked]
        assert sorted(linked) == sorted(i.id for i in state.deliveries)
        assert [f.commitment.id for f in ledger.fulfilments] == [
            i.id for i in state.chronology("commitments")
        ]
        for fulfilment in ledger.fulfilments:
            amount = fulfilment.commitment.amount
            for left in fulfilment.outstanding.values():
                assert amount is not None
                assert left.value <= amount.value
        for currency, gap in ledger.gap.items():
            assert gap.value <= ledger.committed[currency].value
