"""What `SQLiteLog` promises beyond the contract: the file, its guards, and tamper evidence."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpers.layout import VERSIONS, as_hex, columns, create, hash_literal, hash_value
from timeline.dates import DateSpan
from timeline.errors import ConcurrencyError, IntegrityError, LogError
from timeline.events import AidCommitted, ArticleRecorded, Event, MeetingHeld, Provenance
from timeline.log import GENESIS_HASH, SQLiteLog, record_hash
from timeline.log.sqlite import FORMAT_VERSION
from timeline.log.wire import canonical_bytes
from timeline.money import Money

START = datetime(2024, 1, 30, 9, 0, tzinfo=UTC)


def ticking() -> Iterator[datetime]:
    """Recording times a second and a microsecond apart."""
    now = START
    while True:
        yield now
        now += timedelta(seconds=1, microseconds=1)


def clock() -> Callable[[], datetime]:
    ticks = ticking()
    return lambda: next(ticks)


def fact(i: int) -> Event:
    """A different fact for every `i`: aid and meetings, one or two partners."""
    provenance = Provenance(
        article_id=f"art-{i // 3}", published=date(2024, 1, 1) + timedelta(days=i), start=i
    )
    if i % 2:
        return AidCommitted(
            partners=("BE", "NL") if i % 3 else ("BE",),
            occurred=DateSpan.month(2023, 1 + i % 12),
            provenance=provenance,
            amount=Money(1_000_000 * (i + 1), "EUR"),
        )
    return MeetingHeld(
        partners=("GB",), occurred=DateSpan.on_or_before(date(2023, 6, 1)), provenance=provenance
    )


EVENTS = [fact(i) for i in range(12)]
ARTICLE = ArticleRecorded(
    article_id="art-x",
    body="Ukraine and Belgium... \u2014 \u0423\u043a\u0440\u0430\u0457\u043d\u0430",
    content_hash="0" * 64,
)


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection to the file, in autocommit mode, as a forger would hold it."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        yield connection
    finally:
        connection.close()


def drop_triggers(connection: sqlite3.Connection) -> None:
    names = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    for (name,) in names.fetchall():
        connection.execute(f"DROP TRIGGER {name}")


def written(file: Path, version: str) -> Path:
    """A log file of format `version` holding `EVENTS` (appended in two batches) and an
    article: a new file for the version this library writes, an older one made empty."""
    if version != FORMAT_VERSION:
        create(file, version)
    with SQLiteLog(file, clock=clock()) as log:
        log.append(EVENTS[:5])
        log.append([*EVENTS[5:], ARTICLE])
    return file


@pytest.fixture(params=VERSIONS, ids=lambda v: f"format{v}")
def path(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A log file holding `EVENTS` (appended in two batches) and an article, in each format."""
    return written(tmp_path / "timeline.db", request.param)


@pytest.fixture(scope="module", params=VERSIONS, ids=lambda v: f"format{v}")
def template(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A closed log file to copy for each Hypothesis example, in each format."""
    file = written(tmp_path_factory.mktemp("template") / "template.db", request.param)
    return file


# -- the file -------------------------------------------------------------------------------------


def test_reopening_gives_the_same_records_and_verify_holds(path: Path) -> None:
    with SQLiteLog(path) as first:
        records = list(first.read())
        head = first.head
    with SQLiteLog(path) as again:
        assert list(again.read()) == records
        assert again.head == head
        assert again.verify().ok
        assert [r.event for r in records] == [*EVENTS, ARTICLE]


def test_the_file_is_in_wal_mode_and_names_its_format(tmp_path: Path) -> None:
    path = written(tmp_path / "new.db", FORMAT_VERSION)
    with raw(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        assert meta == {"format": "timeline-log", "format_version": "2"}
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        assert {"records", "record_partners"} <= tables
        assert "records_kind_seq" not in tables  # reads by kind walk seq order
        digests = connection.execute("SELECT prev_hash, hash FROM records").fetchall()
        assert all(len(a) == len(b) == 32 for a, b in digests)  # the hashes as raw bytes


def test_an_older_file_keeps_its_format_when_appended_to(tmp_path: Path) -> None:
    path = written(tmp_path / "old.db", "1")
    with SQLiteLog(path, clock=clock()) as log:
        log.append([fact(100)])
        assert log.verify()
    with raw(path) as connection:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        assert meta == {"format": "timeline-log", "format_version": "1"}
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        assert {"records", "record_partners", "records_kind_seq"} <= tables
        digests = connection.execute("SELECT prev_hash, hash FROM records").fetchall()
        assert all(len(a) == len(b) == 64 for a, b in digests)  # hex text


def test_the_connection_is_durable_unless_asked_otherwise(tmp_path: Path) -> None:
    with (
        SQLiteLog(tmp_path / "a.db") as durable,
        SQLiteLog(tmp_path / "b.db", durable=False) as fast,
    ):
        assert durable._connection is not None
        assert fast._connection is not None
        assert durable._connection.execute("PRAGMA synchronous").fetchone() == (2,)
        assert fast._connection.execute("PRAGMA synchronous").fetchone() == (1,)
        assert durable._connection.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_rows_hold_the_canonical_bytes_and_the_dates_queries_filter_on(path: Path) -> None:
    with raw(path) as connection:
        dated = "published" in columns(connection)  # format 1 stores the dates, 2 does not
        dates = "published, occurred_start, occurred_end" if dated else "NULL, NULL, NULL"
        rows = connection.execute(
            f"SELECT seq, event_id, kind, {dates}, body FROM records ORDER BY seq"
        ).fetchall()
        partners = connection.execute("SELECT partner, seq FROM record_partners").fetchall()
    events = [*EVENTS, ARTICLE]
    for (_, event_id, kind, published, start, end, body), event in zip(rows, events, strict=True):
        assert body == canonical_bytes(event)
        assert (event_id, kind) == (event.id, event.kind)
        if not dated:
            continue
        assert published == (event.provenance.published and event.provenance.published.isoformat())
        assert start == (event.occurred.earliest and event.occurred.earliest.isoformat())
        assert end == (event.occurred.latest and event.occurred.latest.isoformat())
    assert sorted(partners) == sorted(
        (partner, seq) for seq, event in enumerate(events, 1) for partner in event.partners
    )


def test_another_instance_sees_appends_and_its_stale_expectation_fails(path: Path) -> None:
    with SQLiteLog(path) as one, SQLiteLog(path) as two:
        last = two.last_seq
        one.append([fact(100)])
        assert two.last_seq == last + 1
        assert two.head == one.head
        with pytest.raises(ConcurrencyError):
            one.append([fact(101)], expected_last_seq=last)
        two.append([fact(101)], expected_last_seq=last + 1)
        assert one.verify()
        assert two.verify()


def test_one_event_appends_interleaved_between_instances_chain_and_deduplicate(
    path: Path,
) -> None:
    calls = []

    def counting() -> datetime:
        calls.append(1)
        return START + timedelta(seconds=len(calls))

    with SQLiteLog(path, clock=counting) as one, SQLiteLog(path, clock=counting) as two:
        for i in range(200, 220):
            writer, other = (one, two) if i % 3 else (two, one)
            head = other.head  # the last append may have been the other instance's
            (record,) = writer.append([fact(i)], expected_last_seq=other.last_seq)
            assert record.prev_hash == head
            assert (other.last_seq, other.head) == (record.seq, record.hash)
        stored = len(calls)
        for i in range(200, 220):  # already stored, by either instance: nothing new, no clock
            assert one.append([fact(i)]) == two.append([fact(i)]) == [two.get(fact(i).id)]
        assert len(calls) == stored
        assert one.verify()
        assert two.verify()


def test_a_batch_larger_than_one_lookup_returns_stored_records_and_adds_the_rest(
    path: Path,
) -> None:
    stored = [fact(i) for i in range(1000, 1400)]
    with SQLiteLog(path, clock=clock()) as log:
        before = log.append(stored)
        last = log.last_seq
        fresh = [fact(i) for i in range(1400, 1800)]
        batch = [*fresh[:200], *stored, *fresh[200:], fresh[0]]  # 801 ids, one repeated
        records = log.append(batch, expected_last_seq=last)
        assert records[200:600] == before
        assert [r.seq for r in records[:200] + records[600:800]] == list(
            range(last + 1, last + 401)
        )
        assert records[-1] == records[0]
        assert log.last_seq == last + 400
        assert log.verify()


def test_an_in_memory_log_keeps_the_contract_without_wal() -> None:
    with SQLiteLog(":memory:", clock=clock()) as log:
        records = log.append(EVENTS)
        assert [r.seq for r in records] == list(range(1, 13))
        assert log.verify()


# -- append-only ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE records SET kind = 'meeting_held' WHERE seq = 2",
        "UPDATE records SET body = x'7b7d'",
        "DELETE FROM records WHERE seq = 3",
        "DELETE FROM records",
        "UPDATE record_partners SET partner = 'DE'",
        "DELETE FROM record_partners WHERE seq = 2",
        "UPDATE meta SET value = '2' WHERE key = 'format_version'",
        "DELETE FROM meta",
    ],
)
def test_updates_and_deletes_are_refused_by_triggers(path: Path, statement: str) -> None:
    with raw(path) as connection, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute(statement)
    with SQLiteLog(path) as log:
        assert log.last_seq == 13
        assert log.verify()


# -- files that are not timeline logs -------------------------------------------------------------


def test_an_sqlite_file_that_is_not_a_timeline_log_is_refused_by_name(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with raw(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(LogError, match=r"other\.db is not a timeline log"):
        SQLiteLog(other)
    with pytest.raises(LogError, match=r"other\.db is not a timeline log"):
        SQLiteLog(other, read_only=True)


def test_a_foreign_meta_table_is_refused_by_name(tmp_path: Path) -> None:
    other = tmp_path / "meta.db"
    with raw(other) as connection:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute("INSERT INTO meta VALUES ('format', 'something-else')")
    with pytest.raises(LogError, match=r"meta\.db is not a timeline log"):
        SQLiteLog(other)


def test_a_newer_format_version_is_refused(path: Path) -> None:
    with raw(path) as connection:
        drop_triggers(connection)
        connection.execute("UPDATE meta SET value = '3' WHERE key = 'format_version'")
    with pytest.raises(LogError, match="format version '3'"):
        SQLiteLog(path)


def test_a_text_file_is_refused_by_name(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Belgium will deliver F-16s.\n" * 200)
    with pytest.raises(LogError, match=r"notes\.txt is not a timeline log"):
        SQLiteLog(text)
    assert text.read_text().startswith("Belgium")


def test_a_missing_file_is_created_but_not_when_read_only(tmp_path: Path) -> None:
    with pytest.raises(LogError, match=r"missing\.db"):
        SQLiteLog(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()
    with SQLiteLog(tmp_path / "missing.db") as log:
        assert log.last_seq == 0
    with SQLiteLog(tmp_path / "missing.db", read_only=True) as log:
        assert log.last_seq == 0


def test_a_file_that_cannot_be_opened_is_a_log_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="nowhere"):
        SQLiteLog(tmp_path / "nowhere" / "x.db")


def test_read_only_reads_but_refuses_appends(path: Path) -> None:
    with SQLiteLog(path, read_only=True) as log:
        assert log.read_only
        assert len(list(log.read())) == 13
        assert log.verify()
        with pytest.raises(LogError, match="read-only"):
            log.append([fact(100)])
        assert log.last_seq == 13


# -- locks ----------------------------------------------------------------------------------------


def test_a_write_blocked_by_another_writer_raises_log_error_quickly(path: Path) -> None:
    with raw(path) as blocker:
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with SQLiteLog(path, timeout=0.2) as log:
                started = time.monotonic()
                with pytest.raises(LogError, match=r"locked by another writer \(waited 0\.2 s\)"):
                    log.append([fact(100)])
                assert time.monotonic() - started < 1.0
                assert log.last_seq == 13  # reads still work under another writer's lock
        finally:
            blocker.execute("ROLLBACK")


def test_a_write_waits_for_a_short_lock(path: Path) -> None:
    with raw(path) as blocker:
        blocker.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.1, lambda: blocker.execute("ROLLBACK"))
        release.start()
        try:
            with SQLiteLog(path, timeout=5.0) as log:
                log.append([fact(100)])
                assert log.last_seq == 14
        finally:
            release.join()


# -- tamper evidence ------------------------------------------------------------------------------

FORGEABLE = ["body", "hash", "prev_hash", "recorded_at", "event_id", "kind", "published"]


@given(data=st.data())
def test_forging_one_byte_of_a_stored_record_is_found_at_that_record(
    template: Path, data: st.DataObject
) -> None:
    column = data.draw(st.sampled_from(FORGEABLE), label="column")
    seq = data.draw(st.integers(1, 13), label="seq")
    with tempfile.TemporaryDirectory() as directory:
        file = Path(directory) / "forged.db"
        shutil.copy(template, file)
        with raw(file) as connection:
            assume(column in columns(connection))  # format 2 stores no dates
            (value,) = connection.execute(
                f"SELECT CAST({column} AS BLOB) FROM records WHERE seq = ?", (seq,)
            ).fetchone()
            assume(value is not None)
            index = data.draw(st.integers(0, len(value) - 1), label="index")
            byte = data.draw(st.integers(0, 255).filter(lambda b: b != value[index]), label="byte")
            forged = value[:index] + bytes([byte]) + value[index + 1 :]
            assume(forged != value)
            binary = column == "body" or isinstance(hash_value(connection, "00"), bytes)
            cast = "?" if binary and column in ("body", "hash", "prev_hash") else "CAST(? AS TEXT)"
            drop_triggers(connection)
            connection.execute(f"UPDATE records SET {column} = {cast} WHERE seq = ?", (forged, seq))
        with SQLiteLog(file) as log:
            result = log.verify()
    assert not result.ok
    assert result.first_bad_seq == seq, result.reason
    assert result.records == seq - 1
    assert str(seq) in str(result.reason)


def forge(path: Path, *statements: str) -> None:
    with raw(path) as connection:
        drop_triggers(connection)
        for statement in statements:
            connection.execute(statement)


def verification(path: Path) -> tuple[int | None, str | None]:
    with SQLiteLog(path) as log:
        result = log.verify()
    assert not result.ok
    with pytest.raises(IntegrityError):
        result.raise_for_error()
    return result.first_bad_seq, result.reason


def test_deleting_a_middle_record_is_found_at_its_place(path: Path) -> None:
    forge(path, "DELETE FROM records WHERE seq = 7")
    assert verification(path) == (7, "records jump from 6 to 8")


def test_deleting_the_first_record_is_found(path: Path) -> None:
    forge(path, "DELETE FROM records WHERE seq = 1")
    assert verification(path) == (1, "the log starts at record 2, not 1")


def test_appending_a_forged_record_is_found(path: Path) -> None:
    with raw(path) as connection:
        copied = ", ".join(columns(connection)[2:-2])  # kind ... body
    forge(
        path,
        f"INSERT INTO records SELECT 14, 'ev-forged', {copied}, hash, hash "
        "FROM records WHERE seq = 13",
    )
    assert verification(path) == (14, "hash of record 14 does not match its content")


def test_replacing_a_record_with_a_well_hashed_forgery_breaks_the_next_link(path: Path) -> None:
    with raw(path) as connection:
        prev, stamp = connection.execute(
            "SELECT prev_hash, recorded_at FROM records WHERE seq = 5"
        ).fetchone()
        dated = "published" in columns(connection)
    prev = as_hex(prev)
    forgery = fact(999)
    body = canonical_bytes(forgery)
    digest = record_hash(prev, 5, stamp, body)
    published = forgery.provenance.published
    start, end = forgery.occurred.earliest, forgery.occurred.latest
    assert published is not None
    assert start is not None
    assert end is not None
    with raw(path) as connection:
        drop_triggers(connection)
        connection.execute(
            "UPDATE records SET event_id = ?, kind = ?, body = ?, hash = ? WHERE seq = 5",
            (forgery.id, forgery.kind, body, hash_value(connection, digest)),
        )
        if dated:
            connection.execute(
                "UPDATE records SET published = ?, occurred_start = ?, occurred_end = ? "
                "WHERE seq = 5",
                (published.isoformat(), start.isoformat(), end.isoformat()),
            )
        connection.execute("DELETE FROM record_partners WHERE seq = 5")
        connection.executemany(
            "INSERT INTO record_partners VALUES (?, 5)", [(p,) for p in forgery.partners]
        )
    assert verification(path) == (6, "record 6's prev_hash is not record 5's hash")


def test_swapping_two_records_bodies_is_found_at_the_first(path: Path) -> None:
    with raw(path) as connection:
        three, five = (
            connection.execute("SELECT body FROM records WHERE seq = ?", (seq,)).fetchone()[0]
            for seq in (3, 5)
        )
    with raw(path) as connection:
        drop_triggers(connection)
        connection.execute("UPDATE records SET body = ? WHERE seq = 3", (five,))
        connection.execute("UPDATE records SET body = ? WHERE seq = 5", (three,))
    assert verification(path) == (3, "hash of record 3 does not match its content")


def test_a_changed_partner_index_is_found(path: Path) -> None:
    forge(path, "UPDATE record_partners SET partner = 'DE' WHERE seq = 2 AND partner = 'NL'")
    assert verification(path) == (2, "partner index of record 2 does not match its event")


def test_a_partner_index_entry_for_a_missing_record_is_found(path: Path) -> None:
    forge(path, "INSERT INTO record_partners VALUES ('BE', 40)")
    assert verification(path) == (40, "partner index names record 40, which is not in the log")


def test_a_body_that_is_not_an_event_cannot_be_read_but_is_reported(path: Path) -> None:
    with raw(path) as connection:
        prev, stamp = connection.execute(
            "SELECT prev_hash, recorded_at FROM records WHERE seq = 13"
        ).fetchone()
    body = json.dumps({"kind": "rumour_heard"}).encode()
    with raw(path) as connection:
        digest = hash_literal(connection, record_hash(as_hex(prev), 13, stamp, body))
    forge(path, f"UPDATE records SET body = x'{body.hex()}', hash = {digest} WHERE seq = 13")
    seq, reason = verification(path)
    assert seq == 13
    assert str(reason).startswith("record 13 cannot be decoded")
    with SQLiteLog(path) as log, pytest.raises(IntegrityError, match="record 13"):
        list(log.read())


def test_an_untouched_log_verifies_to_its_head(path: Path) -> None:
    with SQLiteLog(path) as log:
        result = log.verify()
        assert result.ok
        assert result.records == 13
        assert result.head == log.head
        assert result.head != GENESIS_HASH


def test_a_foreign_database_is_left_as_it_was(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with raw(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    before = other.read_bytes()
    with pytest.raises(LogError):
        SQLiteLog(other)
    assert other.read_bytes() == before
    with raw(other) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_opening_a_new_file_that_another_connection_locks_waits_for_it(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(LogError, match=r"locked by another writer \(waited 0.4 s\)"):
        SQLiteLog(path, timeout=0.4)
    assert time.monotonic() - started >= 0.35  # it did wait, as the message says
    releaser = threading.Timer(0.2, lambda: holder.execute("ROLLBACK"))
    releaser.start()
    try:
        with SQLiteLog(path, timeout=5) as log:  # the lock goes away while it waits
            assert log.last_seq == 0
            assert log.verify().ok
    finally:
        releaser.join()
        holder.close()
