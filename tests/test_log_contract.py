"""The contract every `EventLog` keeps, run against `MemoryLog`, `SQLiteLog` and `PostgresLog`.

The PostgreSQL runs use `helpers.pgcluster.suite_dsn` (``TIMELINE_TEST_PG``, or a throwaway
server); each log is a schema of its own.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.pgcluster import fresh_schema, suite_dsn
from timeline.dates import DateSpan
from timeline.errors import ConcurrencyError, IntegrityError, LogError, SchemaError
from timeline.events import KINDS, ArticleRecorded, Event, MeetingHeld, Provenance
from timeline.log import (
    GENESIS_HASH,
    EventLog,
    MemoryLog,
    Record,
    SQLiteLog,
    Verification,
    record_hash,
)
from timeline.log.wire import canonical_bytes

from strategies import PARTNERS, events

START = datetime(2024, 1, 30, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock that starts at `START` and moves 1.25 s on at every call (so some ticks have
    no microseconds and some do)."""

    def __init__(self, start: datetime = START, step: timedelta = timedelta(seconds=1.25)) -> None:
        self.now = start
        self.step = step
        self.calls = 0

    def __call__(self) -> datetime:
        now = self.now
        self.now += self.step
        self.calls += 1
        return now


LogFactory = Callable[..., EventLog]


@pytest.fixture(scope="module", params=["memory", "sqlite", "postgres"])
def make_log(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> LogFactory:
    """A factory of fresh, empty logs of one implementation, each with its own fake clock.

    Module-scoped, so that Hypothesis tests can call it once per example; SQLite logs are
    new files in a directory of their own.
    """
    if request.param == "memory":

        def memory(clock: Callable[[], datetime] | None = None) -> EventLog:
            return MemoryLog(clock=clock or FakeClock())

        return memory
    if request.param == "postgres":
        from timeline.log.postgres import PostgresLog

        dsn = suite_dsn()

        def postgres(clock: Callable[[], datetime] | None = None) -> EventLog:
            return PostgresLog(dsn, schema=fresh_schema(), clock=clock or FakeClock())

        return postgres
    directory = tmp_path_factory.mktemp("logs")
    counter = itertools.count()

    def sqlite(clock: Callable[[], datetime] | None = None) -> EventLog:
        path = directory / f"log-{next(counter)}.db"
        return SQLiteLog(path, clock=clock or FakeClock(), durable=False)

    return sqlite


def distinct(batch: Sequence[Event]) -> list[Event]:
    """The events of `batch` that a log stores: the first of each id, in order."""
    return list({event.id: event for event in reversed(batch)}.values())[::-1]


def first_of_each_id(batches: Sequence[Sequence[Event]]) -> list[Event]:
    seen: dict[str, Event] = {}
    for batch in batches:
        for event in batch:
            seen.setdefault(event.id, event)
    return list(seen.values())


batches = st.lists(st.lists(events, max_size=4), max_size=3)

#: Drawing events is the slow part of these tests (each is built, hashed and encoded), and
#: every test runs twice: a share of the profile's examples keeps the suite quick.
some_examples = settings(max_examples=max(10, settings().max_examples // 3))


def meeting(i: int, partner: str = "BE") -> MeetingHeld:
    """A plain fact, different for every `i`."""
    return MeetingHeld(
        partners=(partner,),
        occurred=DateSpan.day(date(2023, 1, 1) + timedelta(days=i)),
        provenance=Provenance(article_id=f"art-{i}", published=date(2024, 1, 30)),
    )


ARTICLE = ArticleRecorded(article_id="art-1", body="Belgium and Ukraine...", content_hash="0" * 64)


class Unencodable:
    """Looks like an event from afar; the encoder cannot make anything of it."""

    id = "ev-unencodable"
    kind = "meeting_held"
    partners = ("BE",)


# -- positions and contents ---------------------------------------------------------------------


@some_examples
@given(batches=batches)
def test_sequence_numbers_count_from_one_without_gaps(
    make_log: LogFactory, batches: list[list[Event]]
) -> None:
    with make_log() as log:
        assert log.last_seq == 0
        assert len(log) == 0
        assert log.head == GENESIS_HASH
        for batch in batches:
            log.append(batch)
        records = list(log.read())
        n = len(first_of_each_id(batches))
        assert [r.seq for r in records] == list(range(1, n + 1))
        assert log.last_seq == len(log) == n
        assert log.head == (records[-1].hash if records else GENESIS_HASH)


@some_examples
@given(batches=batches)
def test_read_returns_the_appended_events_in_order(
    make_log: LogFactory, batches: list[list[Event]]
) -> None:
    with make_log() as log:
        for batch in batches:
            log.append(batch)
        assert [r.event for r in log.read()] == first_of_each_id(batches)


@some_examples
@given(batch=st.lists(events, max_size=8))
def test_append_returns_one_record_per_event_in_input_order(
    make_log: LogFactory, batch: list[Event]
) -> None:
    with make_log() as log:
        records = log.append(batch)
        assert len(records) == len(batch)
        assert [r.event.id for r in records] == [e.id for e in batch]
        assert [r.event for r in records] == [
            next(e for e in batch if e.id == event.id) for event in batch
        ]
        assert records == [log.get(e.id) for e in batch]


@some_examples
@given(
    batch=st.lists(events, max_size=12),
    after=st.integers(-1, 14),
    until=st.none() | st.integers(-1, 14),
    partner=st.none() | st.sampled_from(PARTNERS),
    kinds=st.none() | st.sets(st.sampled_from(sorted(KINDS))),
)
def test_read_filters_agree_with_filtering_the_full_read(
    make_log: LogFactory,
    batch: list[Event],
    after: int,
    until: int | None,
    partner: str | None,
    kinds: set[str] | None,
) -> None:
    with make_log() as log:
        log.append(batch)
        everything = list(log.read())
        expected = [
            r
            for r in everything
            if r.seq > after
            and (until is None or r.seq <= until)
            and (partner is None or partner in r.event.partners)
            and (kinds is None or r.event.kind in kinds)
        ]
        assert list(log.read(after=after, until=until, partner=partner, kinds=kinds)) == expected


def test_a_single_kind_string_is_one_kind_and_an_unknown_kind_is_refused(
    make_log: LogFactory,
) -> None:
    with make_log() as log:
        log.append([ARTICLE, meeting(1)])
        assert [r.event for r in log.read(kinds="article_recorded")] == [ARTICLE]
        with pytest.raises(SchemaError, match="aid_comitted"):
            log.read(kinds=["aid_comitted"])


# -- idempotence ----------------------------------------------------------------------------------


@some_examples
@given(first=st.lists(events, min_size=1, max_size=5), data=st.data())
def test_appending_a_stored_event_again_adds_nothing_and_returns_the_stored_record(
    make_log: LogFactory, first: list[Event], data: st.DataObject
) -> None:
    with make_log() as log:
        stored = log.append(first)
        head, last = log.head, log.last_seq
        again = data.draw(st.lists(st.sampled_from(first), min_size=1, max_size=5))
        records = log.append(again)
        assert (log.head, log.last_seq) == (head, last)
        by_id = {r.event.id: r for r in stored}
        assert records == [by_id[e.id] for e in again]


@some_examples
@given(a=events, b=events)
def test_duplicates_inside_one_batch_are_stored_once(
    make_log: LogFactory, a: Event, b: Event
) -> None:
    with make_log() as log:
        records = log.append([a, b, a, b, a])
        unique = distinct([a, b])
        assert log.last_seq == len(unique)
        assert records[0] == records[2] == records[4]
        assert records[1] == records[3]
        assert [r.event for r in log.read()] == unique


def test_an_empty_batch_returns_nothing_and_writes_nothing(make_log: LogFactory) -> None:
    clock = FakeClock()
    with make_log(clock) as log:
        assert log.append([]) == []
        assert log.append(iter(())) == []
        assert log.last_seq == 0
        assert clock.calls == 0


# -- optimistic concurrency -----------------------------------------------------------------------


@some_examples
@given(
    first=st.lists(events, min_size=1, max_size=4), second=st.lists(events, min_size=1, max_size=4)
)
def test_a_stale_expected_last_seq_raises_and_writes_nothing(
    make_log: LogFactory, first: list[Event], second: list[Event]
) -> None:
    with make_log() as log:
        log.append(first)
        last, head = log.last_seq, log.head
        for stale in (last - 1, last + 1, 0 if last else 1):
            with pytest.raises(ConcurrencyError) as info:
                log.append(second, expected_last_seq=stale)
            assert str(stale) in str(info.value)
            assert str(last) in str(info.value)
        assert (log.last_seq, log.head) == (last, head)


@some_examples
@given(first=st.lists(events, max_size=4), second=st.lists(events, max_size=4))
def test_a_correct_expected_last_seq_appends(
    make_log: LogFactory, first: list[Event], second: list[Event]
) -> None:
    with make_log() as log:
        log.append(first)
        log.append(second, expected_last_seq=log.last_seq)
        assert [r.event for r in log.read()] == first_of_each_id([first, second])


def test_a_stale_expected_last_seq_is_a_log_error(make_log: LogFactory) -> None:
    with make_log() as log, pytest.raises(LogError):
        log.append([meeting(1)], expected_last_seq=3)


# -- atomicity ------------------------------------------------------------------------------------


@some_examples
@given(before=st.lists(events, max_size=3), batch=st.lists(events, min_size=3, max_size=6))
def test_a_batch_with_an_event_that_cannot_be_encoded_writes_nothing(
    make_log: LogFactory, before: list[Event], batch: list[Event]
) -> None:
    clock = FakeClock()
    with make_log(clock) as log:
        log.append(before)
        state = (log.last_seq, log.head, clock.calls)
        poisoned: list[object] = [*batch[:2], Unencodable(), *batch[2:]]
        with pytest.raises(SchemaError, match="event 2 of the batch"):
            log.append(poisoned)  # type: ignore[arg-type]
        assert (log.last_seq, log.head, clock.calls) == state
        stored = {e.id for e in before}
        assert all(log.get(e.id) is None for e in batch if e.id not in stored)
        assert log.verify()


def test_a_naive_clock_is_refused_and_writes_nothing(make_log: LogFactory) -> None:
    with make_log(lambda: datetime(2024, 1, 30, 9, 0)) as log:
        with pytest.raises(LogError, match="timezone-aware"):
            log.append([meeting(1)])
        assert log.last_seq == 0


# -- the hash chain -------------------------------------------------------------------------------


@some_examples
@given(batches=batches)
def test_verify_holds_after_any_appends(make_log: LogFactory, batches: list[list[Event]]) -> None:
    with make_log() as log:
        for batch in batches:
            log.append(batch)
            result = log.verify()
            assert result.ok, result.reason
            assert result == Verification(True, log.last_seq, log.head)


@some_examples
@given(batches=batches)
def test_each_record_seals_the_one_before_it(
    make_log: LogFactory, batches: list[list[Event]]
) -> None:
    with make_log() as log:
        for batch in batches:
            log.append(batch)
        prev = GENESIS_HASH
        for record in log.read():
            assert record.prev_hash == prev
            expected = record_hash(
                prev, record.seq, record.recorded_at, canonical_bytes(record.event)
            )
            assert record.hash == expected
            assert len(record.hash) == 64
            assert record.hash == record.hash.lower()
            int(record.hash, 16)
            prev = record.hash


def test_recorded_at_comes_from_the_clock_once_per_append_in_utc(make_log: LogFactory) -> None:
    kyiv = timezone(timedelta(hours=2))
    ticks = iter(
        [
            datetime(2024, 1, 30, 11, 0, 0, 123456, tzinfo=kyiv),
            datetime(2024, 1, 30, 9, 30, tzinfo=UTC),
        ]
    )
    first, second, third = meeting(1), meeting(2), meeting(3)
    with make_log(lambda: next(ticks)) as log:
        one = log.append([first, second])
        two = log.append([third])
        assert one[0].recorded_at == one[1].recorded_at
        assert one[0].recorded_at == datetime(2024, 1, 30, 9, 0, 0, 123456, tzinfo=UTC)
        assert one[0].recorded_at.utcoffset() == timedelta(0)
        assert two[0].recorded_at == datetime(2024, 1, 30, 9, 30, tzinfo=UTC)
        assert [r.recorded_at for r in log.read()] == [r.recorded_at for r in one + two]
        assert log.append([first]) == one[:1]  # nothing new: the clock is not read


@some_examples
@given(batches=batches)
def test_both_logs_give_identical_hashes_for_the_same_appends_and_clock(
    tmp_path_factory: pytest.TempPathFactory, batches: list[list[Event]]
) -> None:
    path = tmp_path_factory.mktemp("agree") / "agree.db"
    with MemoryLog(clock=FakeClock()) as memory, SQLiteLog(path, clock=FakeClock()) as sqlite:
        for batch in batches:
            assert memory.append(batch) == sqlite.append(batch)
        assert list(memory.read()) == list(sqlite.read())
        assert memory.head == sqlite.head
        assert memory.verify() == sqlite.verify()


def test_a_verification_is_true_when_ok_and_raises_its_reason_otherwise() -> None:
    good = Verification(True, 3, "a" * 64)
    assert good
    good.raise_for_error()
    bad = Verification(False, 6, "b" * 64, 7, "hash of record 7 does not match its content")
    assert not bad
    with pytest.raises(IntegrityError, match="hash of record 7"):
        bad.raise_for_error()


# -- lookups, reads and lifetime ------------------------------------------------------------------


@some_examples
@given(stored=st.lists(events, max_size=8), other=events)
def test_get_finds_every_stored_event_by_id_and_nothing_else(
    make_log: LogFactory, stored: list[Event], other: Event
) -> None:
    with make_log() as log:
        records = log.append(stored)
        for record in records:
            assert log.get(record.event.id) == record
        if other.id not in {e.id for e in stored}:
            assert log.get(other.id) is None


@some_examples
@given(
    first=st.lists(events, min_size=1, max_size=4), later=st.lists(events, min_size=1, max_size=4)
)
def test_a_read_holds_the_records_that_existed_when_it_started(
    make_log: LogFactory, first: list[Event], later: list[Event]
) -> None:
    with make_log() as log:
        log.append(first)
        before = list(log.read())
        reading = log.read()
        log.append(later)
        assert list(reading) == before


def test_a_long_read_streams_in_chunks_in_order(make_log: LogFactory) -> None:
    batch = [meeting(i, partner) for i in range(1100) for partner in ("BE", "NL")]
    with make_log() as log:
        for _ in range(2):
            log.append(batch)
        reading = log.read()
        assert isinstance(reading, Iterator)
        assert [r.event for r in reading] == batch
        assert [r.event for r in log.read(partner="NL")] == batch[1::2]
        assert [r.seq for r in log.read(kinds="meeting_held", after=999, until=2001)] == list(
            range(1000, 2002)
        )


def test_appends_from_many_threads_keep_the_chain_sound(make_log: LogFactory) -> None:
    batches = [[meeting(i % 30, p) for i in range(k, k + 5)] for k in range(8) for p in ("BE",)]
    with make_log() as log:
        threads = [threading.Thread(target=log.append, args=(b,)) for b in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert log.last_seq == len(first_of_each_id(batches))
        assert log.verify()


def test_a_closed_log_refuses_use_and_closes_twice_quietly(make_log: LogFactory) -> None:
    log = make_log()
    log.append([meeting(1)])
    log.close()
    log.close()
    for use in (
        lambda: log.append([meeting(2)]),
        lambda: list(log.read()),
        lambda: log.last_seq,
        lambda: log.head,
        lambda: log.get("ev-x"),
        lambda: len(log),
        log.verify,
    ):
        with pytest.raises(LogError):
            use()


def test_records_are_frozen(make_log: LogFactory) -> None:
    with make_log() as log:
        [record] = log.append([meeting(1)])
        assert isinstance(record, Record)
        with pytest.raises(AttributeError):
            record.seq = 2  # type: ignore[misc]
