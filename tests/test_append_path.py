"""The SQLite append path: a large append looks up only its last id while the appends before
found none of theirs stored, and an id found stored by the UNIQUE index makes it run again
with every id looked up. The records, the chain, idempotence, `expected_last_seq` and the one
clock reading are the same as with the lookup (and as `MemoryLog`'s). New files get the page
size of `timeline.log.sqlite`; older files keep theirs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.errors import ConcurrencyError
from timeline.events import Event
from timeline.log import MemoryLog, Record, SQLiteLog

from strategies import facts

POOL = st.lists(facts(), min_size=12, max_size=24, unique_by=lambda e: e.id)


class Ticks:
    """A clock that moves a second each time it is read, and counts its readings."""

    def __init__(self) -> None:
        self.reads = 0

    def __call__(self) -> datetime:
        self.reads += 1
        return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=self.reads)


def _plain(records: list[Record]) -> list[tuple[int, str, str, datetime]]:
    return [(r.seq, r.event.id, r.hash, r.recorded_at) for r in records]


def _both(tmp_path: Path) -> tuple[SQLiteLog, Ticks, MemoryLog, Ticks]:
    sqlite_clock, memory_clock = Ticks(), Ticks()
    return (
        SQLiteLog(tmp_path / "log.db", clock=sqlite_clock, durable=False),
        sqlite_clock,
        MemoryLog(clock=memory_clock),
        memory_clock,
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pool=POOL, data=st.data())
def test_batches_with_stored_ids_give_the_records_of_the_lookup(
    tmp_path_factory: pytest.TempPathFactory, pool: list[Event], data: st.DataObject
) -> None:
    tmp_path = tmp_path_factory.mktemp("guess")
    log, clock, memory, memory_clock = _both(tmp_path)
    with log:
        log.append(pool[:1])  # the lookups before found nothing stored: the next one guesses
        memory.append(pool[:1])
        for _ in range(4):
            batch = data.draw(st.lists(st.sampled_from(pool), min_size=9, max_size=20))
            assert _plain(log.append(batch)) == _plain(memory.append(batch))
            assert clock.reads == memory_clock.reads  # read once per append that writes
        assert log.verify().ok
        assert _plain(list(log.read(verify=True))) == _plain(list(memory.read()))


def test_a_stored_id_late_in_a_guessed_batch_writes_each_record_once(tmp_path: Path) -> None:
    pool = _pool()
    with SQLiteLog(tmp_path / "log.db", clock=Ticks()) as log:
        first = log.append(pool[:10])
        assert log._guess
        # the last id is new (the one looked up), the first is stored: found by the index
        records = log.append([pool[3], *pool[10:20]])
        assert not log._guess  # the next large append looks its ids up first
        assert records[0] == first[3]
        assert [r.seq for r in records[1:]] == list(range(11, 21))
        assert {r.recorded_at for r in records[1:]} == {datetime(2024, 1, 1, 0, 0, 2, tzinfo=UTC)}
        assert log.append(pool[20:30])  # none stored: guessing again after this one
        assert log._guess
        assert log.last_seq == 30
        assert log.verify().ok


def test_expected_last_seq_is_checked_on_the_guessed_path(tmp_path: Path) -> None:
    pool = _pool()
    with SQLiteLog(tmp_path / "log.db") as log:
        log.append(pool[:10])
        with pytest.raises(ConcurrencyError):
            log.append(pool[10:20], expected_last_seq=9)
        assert log.last_seq == 10
        assert len(log.append([*pool[10:20], pool[0]], expected_last_seq=10)) == 11
        assert log.last_seq == 20


def _pool() -> list[Event]:
    from datetime import date

    from timeline.dates import DateSpan
    from timeline.events import MeetingHeld, Provenance

    return [
        MeetingHeld(
            partners=("BE",),
            occurred=DateSpan.day(date(2024, 1, 1) + timedelta(days=n)),
            provenance=Provenance(article_id=f"art-{n}"),
        )
        for n in range(40)
    ]


def test_a_new_file_gets_the_page_size_and_an_older_file_keeps_its_own(tmp_path: Path) -> None:
    from timeline.log.sqlite import _PAGE_SIZE

    with SQLiteLog(tmp_path / "new.db") as log:
        log.append(_pool()[:3])
    older = tmp_path / "older.db"  # written by an earlier version, in 4 KiB pages
    older.write_bytes((Path(__file__).parent / "fixtures" / "logs" / "schema2.db").read_bytes())
    with SQLiteLog(older) as log:
        log.append(_pool()[:10])
        assert log.verify().ok
    with sqlite3.connect(tmp_path / "new.db") as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == _PAGE_SIZE
    with sqlite3.connect(older) as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == 4096
