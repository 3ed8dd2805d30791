"""The as-of index gives exactly the state the full fold gives, whatever the times asked."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import DateSpan
from timeline.events import (
    AidCommitted,
    AidDelivered,
    ArticleRecorded,
    Confidence,
    Event,
    EventCorrected,
    EventRetracted,
    Fact,
    MeetingHeld,
    Provenance,
)
from timeline.fold import AsOfIndex, Mode, PartnerState, project_partner
from timeline.log import MemoryLog
from timeline.money import Money, Qualifier

from strategies import date_spans

PARTNERS = ("BE", "DE", "NL")
FIRST = date(2022, 1, 1)
days = st.integers(0, 3 * 365).map(lambda n: FIRST + timedelta(days=n))
QUOTES = (
    "Belgium pledged aid.",
    "The Netherlands increases its contribution to the package.",
    "Germany raised to a new figure.",
    "Ammunition and drones were delivered.",
    None,
)
#: The quotes that raise an earlier pledge (the reader flags such reports ``raises``).
RAISING = frozenset(QUOTES[1:3])


@st.composite
def reports(draw: st.DrawFn, n: int) -> Fact:
    """A fact report; small value sets, so that reports of one fact recur and merge."""
    partners = tuple(draw(st.lists(st.sampled_from(PARTNERS), min_size=1, max_size=2, unique=True)))
    published = draw(days)
    env = {
        "partners": partners,
        "occurred": draw(
            date_spans() | st.sampled_from([DateSpan.month(2023, 3), DateSpan.year(2023)])
        ),
        "provenance": Provenance(
            article_id=f"art-{draw(st.integers(0, 5))}-{n}",
            outlet=draw(st.sampled_from(["Wire A", "Wire B", "Wire C"])),
            published=draw(st.none() | st.just(published)) if n % 7 == 0 else published,
            start=n,
            quote=draw(st.sampled_from(QUOTES)),
            confidence=draw(st.none() | st.sampled_from(list(Confidence))),
        ),
    }
    kind = draw(st.sampled_from(["commit", "commit", "deliver", "meet"]))
    amount = draw(
        st.none()
        | st.builds(
            Money,
            st.sampled_from([Decimal(10_000_000), Decimal(10_500_000), Decimal(25_000_000)]),
            st.sampled_from(["EUR", "USD"]),
            st.sampled_from([Qualifier.EXACT, Qualifier.OVER, Qualifier.ABOUT]),
        )
    )
    if kind == "commit":
        raises = env["provenance"].quote in RAISING  # type: ignore[attr-defined]
        return AidCommitted(  # type: ignore[arg-type]
            **env, amount=amount, package_number=draw(st.none() | st.just(3)), raises=raises
        )
    if kind == "deliver":
        return AidDelivered(**env, items=("drones",), amount=amount)  # type: ignore[arg-type]
    return MeetingHeld(**env, format="forum")  # type: ignore[arg-type]


@st.composite
def logs(draw: st.DrawFn) -> list[Event]:
    """Events in log order: reports, articles, and amendments of earlier events."""
    events: list[Event] = []
    for n in range(draw(st.integers(1, 40))):
        roll = draw(st.integers(0, 9))
        targets = [e for e in events if not isinstance(e, ArticleRecorded)]
        if roll == 0 and targets:
            target = draw(st.sampled_from(targets))
            events.append(
                EventRetracted(
                    partners=target.partners,
                    target=target.id,
                    reason="misread",
                    provenance=Provenance(published=draw(st.none() | days)),
                )
            )
        elif roll == 1 and targets:
            target = draw(st.sampled_from(targets))
            replacement = draw(reports(1000 + n))
            events.append(
                EventCorrected(
                    partners=tuple(sorted(set(target.partners) | set(replacement.partners))),
                    target=target.id,
                    replacement=replacement,
                    reason="amount misread",
                    provenance=Provenance(published=draw(days)),
                )
            )
        elif roll == 2:
            events.append(
                ArticleRecorded(article_id=f"art-{n}", body=f"body {n}", content_hash="0" * 64)
            )
        else:
            events.append(draw(reports(n)))
    return events


queries = st.tuples(
    st.sampled_from(PARTNERS),
    st.none() | days,
    st.none() | days,
    st.sampled_from(list(Mode)),
    st.none() | st.integers(0, 45),
    st.none() | st.sampled_from(list(Confidence)),
)


def full_fold(log: MemoryLog, partner: str, **times: object) -> PartnerState:
    return project_partner(log.read(partner=partner), partner, **times)  # type: ignore[arg-type]


@settings(max_examples=150)
@given(logs(), st.lists(queries, min_size=1, max_size=8), st.integers(0, 40))
def test_an_indexed_as_of_state_equals_the_full_fold(
    events: list[Event],
    asked: list[tuple[str, date | None, date | None, Mode, int | None, Confidence | None]],
    split: int,
) -> None:
    log = MemoryLog()
    index = AsOfIndex(log)
    log.append(events[:split])
    for step, (partner, as_of, known_at, mode, recorded_by, confidence) in enumerate(asked):
        if step == 1:
            log.append(events[split:])  # the index reads what was appended since
        times = {
            "as_of": as_of,
            "known_at": known_at,
            "mode": mode,
            "recorded_by": recorded_by,
            "min_confidence": confidence,
        }
        assert index.state(partner, **times) == full_fold(log, partner, **times)  # type: ignore[arg-type]


@given(logs(), days, st.sampled_from(PARTNERS))
def test_an_indexed_state_equals_the_fold_of_the_whole_log_when_amendments_name_partners(
    events: list[Event], as_of: date, partner: str
) -> None:
    log = MemoryLog()
    log.append(events)
    assert AsOfIndex(log).state(partner, as_of=as_of) == project_partner(
        log.read(), partner, as_of=as_of
    )


def test_the_state_at_every_day_of_a_history_matches_the_fold() -> None:
    pledge = AidCommitted(
        partners=("NL",),
        occurred=DateSpan.month(2024, 1),
        provenance=Provenance(article_id="a", outlet="Wire A", published=date(2024, 1, 31)),
        amount=Money(87_000_000, "EUR"),
    )
    raised = AidCommitted(
        partners=("NL",),
        occurred=DateSpan.day(date(2024, 3, 2)),
        provenance=Provenance(
            article_id="b",
            outlet="Wire B",
            published=date(2024, 3, 2),
            quote="The Netherlands increases its contribution to the fund.",
        ),
        amount=Money(120_000_000, "EUR"),
        raises=True,
    )
    log = MemoryLog()
    log.append([pledge, raised])
    index = AsOfIndex(log)
    day = date(2023, 12, 25)
    while day < date(2024, 3, 10):
        for mode in Mode:
            assert index.state("NL", as_of=day, mode=mode) == full_fold(
                log, "NL", as_of=day, mode=mode
            )
        day += timedelta(days=1)
