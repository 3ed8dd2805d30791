"""Projections: pure folds of the log into per-partner state, under three kinds of time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from timeline.dates import DateSpan
from timeline.events import (
    AidCommitted,
    EventCorrected,
    EventRetracted,
    Fact,
    MemorandumSigned,
    Provenance,
)
from timeline.fold import (
    Entry,
    Item,
    Mode,
    PartnerState,
    Status,
    history,
    project,
    project_partner,
)
from timeline.money import Money, Qualifier
from timeline.report.views import SECTIONS

from strategies import days, facts, provenances

View = dict[str, dict[str, object]]


def view(states: dict[str, PartnerState]) -> View:
    """What a state says, without the log positions that hold it.

    Each item: its id, its events, its outlets and whether its reports conflict, and the
    same of the pledges it raised.
    """
    return {
        partner: {
            **{name: sorted(_item(i) for i in getattr(state, name)) for name, _ in SECTIONS},
            "totals": dict(state.committed_totals),
            "first": state.first_activity,
            "last": state.last_activity,
        }
        for partner, state in states.items()
    }


def _item(item: Item) -> tuple[object, ...]:
    return (
        item.id,
        item.event_ids,
        item.corroboration,
        item.conflict,
        str(item.amount),
        tuple(_item(i) for i in item.supersedes),
    )


def entries(events: list[Fact] | list[object]) -> list[Entry]:
    return [Entry(i, e) for i, e in enumerate(events, 1)]  # type: ignore[arg-type]


def unique(items: list[Fact]) -> list[Fact]:
    seen: dict[str, Fact] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


fact_lists = st.lists(facts(), max_size=12).map(unique)


@given(fact_lists, days, days)
def test_in_certain_mode_what_counts_at_a_date_counts_at_every_later_date(
    events: list[Fact], a: date, b: date
) -> None:
    early, late = sorted((a, b))
    before = project(entries(events), as_of=early)
    after = project(entries(events), as_of=late)
    for partner, state in before.items():
        assert state.event_ids <= after[partner].event_ids


@given(fact_lists, days, days)
def test_what_was_known_at_a_date_is_still_known_later(
    events: list[Fact], a: date, b: date
) -> None:
    early, late = sorted((a, b))
    before = project(entries(events), known_at=early)
    after = project(entries(events), known_at=late)
    for partner, state in before.items():
        assert state.event_ids <= after[partner].event_ids


@given(fact_lists, days)
def test_what_certainly_happened_also_possibly_happened(events: list[Fact], day: date) -> None:
    certain = project(entries(events), as_of=day)
    possible = project(entries(events), as_of=day, mode=Mode.POSSIBLE)
    for partner, state in certain.items():
        assert state.event_ids <= possible[partner].event_ids


@given(fact_lists, st.randoms(use_true_random=False), st.none() | days, st.none() | days)
def test_a_state_does_not_depend_on_the_order_of_independent_events(
    events: list[Fact], rng: object, as_of: date | None, known_at: date | None
) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert view(project(entries(events), as_of=as_of, known_at=known_at)) == view(
        project(entries(shuffled), as_of=as_of, known_at=known_at)
    )


@given(fact_lists, st.data())
def test_retracting_an_event_gives_the_state_without_it(
    events: list[Fact], data: st.DataObject
) -> None:
    if not events:
        return
    target = data.draw(st.sampled_from(events))
    retraction = EventRetracted(
        partners=target.partners, target=target.id, reason="wrong", provenance=Provenance()
    )
    without = [e for e in events if e.id != target.id]
    assert view(project(entries([*events, retraction]))) == view(project(entries(without)))


@given(fact_lists, facts(), st.data())
def test_a_correction_replaces_its_target(
    events: list[Fact], replacement: Fact, data: st.DataObject
) -> None:
    if not events or replacement.id in {e.id for e in events}:
        return
    target = data.draw(st.sampled_from(events))
    correction = EventCorrected(
        partners=target.partners,
        target=target.id,
        replacement=replacement,
        reason="misread",
        provenance=Provenance(),
    )
    expected = [e for e in events if e.id != target.id] + [replacement]
    assert view(project(entries([*events, correction]))) == view(project(entries(expected)))


@given(fact_lists, st.data(), days)
def test_a_retraction_applies_only_from_when_it_was_reported(
    events: list[Fact], data: st.DataObject, reported: date
) -> None:
    if not events:
        return
    target = data.draw(st.sampled_from(events))
    retraction = EventRetracted(
        partners=target.partners,
        target=target.id,
        reason="wrong",
        provenance=data.draw(provenances(published=reported)),
    )
    log = entries([*events, retraction])
    before = date.fromordinal(reported.toordinal() - 1)
    assert view(project(log, known_at=before)) == view(project(entries(events), known_at=before))
    without = [e for e in events if e.id != target.id]
    assert view(project(log, known_at=reported)) == view(
        project(entries(without), known_at=reported)
    )


@given(fact_lists, st.data())
def test_a_retraction_applies_only_from_when_it_was_recorded(
    events: list[Fact], data: st.DataObject
) -> None:
    if not events:
        return
    target = data.draw(st.sampled_from(events))
    retraction = EventRetracted(
        partners=target.partners, target=target.id, reason="wrong", provenance=Provenance()
    )
    log = entries([*events, retraction])
    assert view(project(log, recorded_by=len(events))) == view(project(entries(events)))


@given(fact_lists, st.data())
def test_retracting_a_retraction_restores_the_event(
    events: list[Fact], data: st.DataObject
) -> None:
    if not events:
        return
    target = data.draw(st.sampled_from(events))
    first = EventRetracted(partners=target.partners, target=target.id, reason="wrong")
    second = EventRetracted(partners=target.partners, target=first.id, reason="it was right")
    assert view(project(entries([*events, first, second]))) == view(project(entries(events)))


@given(fact_lists, st.integers(0, 12))
def test_recorded_by_rebuilds_what_the_log_held_then(events: list[Fact], n: int) -> None:
    assert view(project(entries(events), recorded_by=n)) == view(project(entries(events[:n])))


@given(fact_lists)
def test_committed_totals_add_every_commitment_per_currency(events: list[Fact]) -> None:
    for partner, state in project(entries(events)).items():
        amounts = [i.amount for i in state.commitments if i.amount is not None]
        for currency, money in state.committed_totals.items():
            terms = [a for a in amounts if a.currency == currency]
            assert money.value == sum((a.value for a in terms), Decimal(0))
            assert money.is_lower_bound == (
                {a.qualifier for a in terms} - {Qualifier.EXACT} == {Qualifier.OVER}
            )
        assert set(state.committed_totals) == {a.currency for a in amounts}
        assert partner in {p for i in state.items for p in i.partners}


@given(fact_lists)
def test_a_shared_fact_counts_for_each_of_its_partners(events: list[Fact]) -> None:
    states = project(entries(events))
    for event in events:
        for partner in event.partners:
            assert event.id in states[partner].event_ids
            item = next(
                i
                for i in states[partner].items
                if any(event.id in each.event_ids for each in i.walk())
            )
            assert item.shared == (len(event.partners) > 1)


@given(fact_lists)
@example([])
def test_the_history_holds_every_fact_in_calendar_order(events: list[Fact]) -> None:
    for partner in {p for e in events for p in e.partners}:
        entries_ = history(entries(events), partner)
        assert {e.event.id for e in entries_} == {e.id for e in events if partner in e.partners}
        # By the latest day, then the earliest; undated facts last.
        keys = [
            (s.earliest is None and s.latest is None, s.latest or date.max, s.earliest or date.min)
            for s in (e.event.occurred for e in entries_)
        ]
        assert keys == sorted(keys)
        assert all(e.status is Status.ACTIVE for e in entries_)


# -- the seed scenario: Belgium, January 2024 ---------------------------------------------------

PUBLISHED = date(2024, 1, 30)
SOURCE = Provenance(article_id="art-be", outlet="Example Wire", published=PUBLISHED)
JANUARY_2023 = AidCommitted(
    partners=("BE",),
    occurred=DateSpan.month(2023, 1),
    provenance=SOURCE,
    amount=Money(90_000_000, "EUR"),
)
MEMO = MemorandumSigned(
    partners=("BE",), occurred=DateSpan.on_or_before(PUBLISHED), provenance=SOURCE
)
FROZEN_ASSETS = AidCommitted(
    partners=("BE",),
    occurred=DateSpan.on_or_before(PUBLISHED),
    provenance=SOURCE,
    amount=Money(600_000_000, "EUR", "over"),
)
BELGIUM = entries([JANUARY_2023, MEMO, FROZEN_ASSETS])


def test_at_the_end_of_2023_belgium_holds_only_the_january_pledge() -> None:
    state = project_partner(BELGIUM, "BE", as_of=date(2023, 12, 31))
    assert [i.id for i in state.commitments] == [JANUARY_2023.id]
    assert state.memoranda == ()
    assert state.committed_totals == {"EUR": Money(90_000_000, "EUR")}


def test_in_february_2024_belgium_holds_the_memorandum_and_a_lower_bound_total() -> None:
    state = project_partner(BELGIUM, "BE", as_of=date(2024, 2, 1))
    assert [i.id for i in state.memoranda] == [MEMO.id]
    assert state.committed_totals["EUR"] == Money(690_000_000, "EUR", "over")
    assert state.committed_totals["EUR"].is_lower_bound
    assert state.first_activity == date(2023, 1, 1)
    assert state.last_activity == PUBLISHED


def test_known_the_day_before_publication_belgium_holds_nothing() -> None:
    assert project_partner(BELGIUM, "BE", known_at=date(2024, 1, 29)).is_empty


def test_in_possible_mode_an_undated_fact_counts_before_its_report() -> None:
    state = project_partner(BELGIUM, "BE", as_of=date(2023, 12, 31), mode="possible")
    assert {i.id for i in state.items} == {JANUARY_2023.id, MEMO.id, FROZEN_ASSETS.id}


def test_an_event_with_no_report_date_counts_only_when_no_known_at_is_given() -> None:
    undated = AidCommitted(partners=("NL",), occurred=DateSpan.unknown(), provenance=Provenance())
    assert len(project_partner(entries([undated]), "NL").commitments) == 1
    assert project_partner(entries([undated]), "NL", known_at=date(2030, 1, 1)).is_empty


def test_a_partner_with_no_facts_has_an_empty_state() -> None:
    state = project_partner(BELGIUM, "FR", as_of=date(2024, 2, 1))
    assert state.is_empty
    assert state.first_activity is None
    assert state.committed_totals == {}


def test_a_corrected_fact_is_marked_in_the_history() -> None:
    better = AidCommitted(
        partners=("BE",),
        occurred=DateSpan.month(2023, 1),
        provenance=SOURCE,
        amount=Money(92_000_000, "EUR"),
    )
    fix = EventCorrected(partners=("BE",), target=JANUARY_2023.id, replacement=better, reason="x")
    log = entries([JANUARY_2023, MEMO, FROZEN_ASSETS, fix])
    statuses = {e.event.id: e.status for e in history(log, "BE")}
    assert statuses[JANUARY_2023.id] is Status.CORRECTED
    assert statuses[better.id] is Status.ACTIVE
    state = project_partner(log, "BE")
    assert state.committed_totals["EUR"].value == 692_000_000
    assert next(i for i in state.commitments if i.id == better.id).corrects == JANUARY_2023.id


def test_collector_paused_restores_the_collector_as_it_was() -> None:
    import gc

    from timeline.fold import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a fold that fails")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # paused by the caller: left paused
    finally:
        gc.enable()


def test_project_leaves_the_collector_running() -> None:
    import gc

    records = [
        Entry(
            1,
            AidCommitted(
                partners=("NL",),
                occurred=DateSpan.day(date(2024, 1, 5)),
                provenance=Provenance(article_id="a"),
            ),
        )
    ]
    assert project(records)["NL"].commitments
    assert gc.isenabled()
