"""`SQLiteLog` files of both row layouts: what format 2 stores, and format 1 files as before.

Format 2 (written now) stores the hashes as 32 raw bytes and neither the event's dates nor
a kind index; format 1 files (``tests/fixtures/logs/schema2.db`` is one) are read, verified
and appended to in their own layout, and copies between the two keep every stored byte that
the chain covers.
"""

from __future__ import annotations

import gc
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from helpers.layout import create
from timeline.errors import IntegrityError, SchemaError
from timeline.events import Event
from timeline.log import MemoryLog, SQLiteLog, copy_log
from timeline.log.sqlite import FORMAT_VERSION

from samples import SAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "logs"
START = datetime(2024, 1, 30, 9, tzinfo=UTC)


def ticks() -> Callable[[], datetime]:
    """Recording times a second (and a microsecond) apart."""
    times = iter(START + timedelta(seconds=s, microseconds=s) for s in range(10**6))
    return lambda: next(times)


EVENTS: list[Event] = list(SAMPLES.values())


def _appended(path: Path, version: str | None) -> Path:
    if version is not None:
        create(path, version)
    with SQLiteLog(path, clock=ticks()) as log:
        log.append(EVENTS[:3])
        for event in EVENTS[3:]:
            log.append([event])
    return path


def _meta(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as connection:
        return dict(connection.execute("SELECT key, value FROM meta").fetchall())


def test_both_formats_give_the_same_records_and_hashes(tmp_path: Path) -> None:
    new = _appended(tmp_path / "new.db", None)
    old = _appended(tmp_path / "old.db", "1")
    assert _meta(new)["format_version"] == FORMAT_VERSION == "2"
    assert _meta(old)["format_version"] == "1"
    with SQLiteLog(new) as a, SQLiteLog(old) as b:
        assert list(a.read()) == list(b.read())
        assert list(a.read(verify=True)) == list(b.read(verify=True))
        assert (a.last_seq, a.head) == (b.last_seq, b.head)
        assert a.verify() == b.verify()
        for partner in ("BE", "NL", "UA"):
            assert list(a.read(partner=partner, verify=True)) == list(
                b.read(partner=partner, verify=True)
            )
        kinds = {"aid_committed", "event_retracted"}
        assert list(a.read(kinds=kinds, verify=True)) == list(b.read(kinds=kinds, verify=True))
        first = EVENTS[0].id
        assert a.get(first) == b.get(first)
        assert a.append(EVENTS[:2]) == b.append(EVENTS[:2])  # stored: nothing new, either way


def test_copies_between_the_formats_keep_the_chain(tmp_path: Path) -> None:
    old = _appended(tmp_path / "old.db", "1")
    copied = tmp_path / "copied.db"
    assert copy_log(old, copied) == len(EVENTS)
    back = create(tmp_path / "back.db", "1")
    assert copy_log(copied, back) == len(EVENTS)
    memory = MemoryLog()
    assert copy_log(copied, memory) == len(EVENTS)
    assert _meta(copied)["format_version"] == "2"
    assert _meta(back)["format_version"] == "1"
    with SQLiteLog(old) as a, SQLiteLog(copied) as b, SQLiteLog(back) as c:
        assert a.head == b.head == c.head == memory.head
        assert list(a.read()) == list(b.read()) == list(c.read()) == list(memory.read())
        assert b.verify()
        assert c.verify()
        assert memory.verify()
        with sqlite3.connect(old) as one, sqlite3.connect(back) as two:
            rows = "SELECT * FROM records ORDER BY seq"
            assert one.execute(rows).fetchall() == two.execute(rows).fetchall()


def test_the_format_1_fixture_is_appended_to_in_its_own_layout(tmp_path: Path) -> None:
    path = Path(shutil.copy(FIXTURES / "schema2.db", tmp_path / "schema2.db"))
    with sqlite3.connect(path) as connection:
        before = connection.execute("SELECT * FROM records ORDER BY seq").fetchall()
    with SQLiteLog(path, clock=ticks()) as log:
        head = log.head
        records = log.append(EVENTS[-2:])
        assert records[0].prev_hash == head
        assert log.verify()
        assert list(log.read(after=len(before), verify=True)) == records
    assert _meta(path)["format_version"] == "1"
    with sqlite3.connect(path) as connection:
        after = connection.execute("SELECT * FROM records ORDER BY seq").fetchall()
    assert after[: len(before)] == before  # nothing stored was rewritten
    assert all(len(row) == 10 and len(row[9]) == 64 for row in after)  # format 1 rows


@pytest.mark.parametrize("version", ["1", "2"])
def test_a_forged_hash_of_another_type_is_found(tmp_path: Path, version: str) -> None:
    path = _appended(tmp_path / "log.db", None if version == FORMAT_VERSION else version)
    with SQLiteLog(path) as log:
        good = log.read(after=2, until=3)
        digest = next(iter(good)).hash
    with sqlite3.connect(path) as connection:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'"):
            connection.execute(f"DROP TRIGGER {name}")
        # the right digest, stored as the other format would store it
        other: str | bytes = bytes.fromhex(digest) if version == "1" else digest
        connection.execute("UPDATE records SET hash = ? WHERE seq = 3", (other,))
    with SQLiteLog(path) as log:
        result = log.verify()
        assert (result.ok, result.first_bad_seq) == (False, 3)
        with pytest.raises(IntegrityError, match="record 3 "):
            list(log.read(verify=True))


def test_small_appends_keep_a_short_wal_and_large_ones_a_long_one(tmp_path: Path) -> None:
    def checkpoint(log: SQLiteLog) -> int:
        connection = log._open_connection()
        return int(connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    with SQLiteLog(tmp_path / "log.db", clock=ticks()) as log:
        assert checkpoint(log) == 8192
        log.append(EVENTS[:1])
        assert checkpoint(log) == 256
        log.append(EVENTS[1:10])  # nine events: a large append
        assert checkpoint(log) == 8192
        assert log.append(EVENTS[:1]) == log.append([EVENTS[0]])  # stored: nothing written
        assert checkpoint(log) == 256
        assert log.verify()
        assert [r.event for r in log.read(verify=True)] == EVENTS


def test_an_append_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    with SQLiteLog(tmp_path / "log.db", clock=ticks()) as log:
        assert gc.isenabled()
        log.append(EVENTS[:3])
        assert gc.isenabled()
        with pytest.raises(SchemaError):
            log.append([EVENTS[3], object()])  # type: ignore[list-item]
        assert gc.isenabled()
        gc.disable()
        try:
            log.append(EVENTS[3:5])
            assert not gc.isenabled()
        finally:
            gc.enable()
        assert log.last_seq == 5
