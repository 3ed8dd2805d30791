"""What `PostgresLog` promises beyond the contract: guards, roles, writers, indexes, copies.

Runs against `helpers.pgcluster.suite_dsn` (``TIMELINE_TEST_PG`` or a throwaway server).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers.pgcluster import fresh_schema, suite_dsn
from timeline.dates import DateSpan
from timeline.errors import ConcurrencyError, IntegrityError, LogError
from timeline.events import MeetingHeld, Provenance
from timeline.log import MemoryLog, SQLiteLog, copy_log, is_postgres_dsn, open_log

FIXTURES = Path(__file__).parent / "fixtures" / "logs"


def meeting(i: int, partner: str = "BE") -> MeetingHeld:
    return MeetingHeld(
        partners=(partner,),
        occurred=DateSpan.year(2000 + i % 25),
        provenance=Provenance(article_id=f"art-{i}"),
        format=f"meeting {i}",
    )


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 1, 30, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="module")
def dsn() -> str:
    return suite_dsn()


@pytest.fixture
def schema() -> str:
    return fresh_schema()


@pytest.fixture
def log(dsn: str, schema: str) -> Iterator[Any]:
    from timeline.log.postgres import PostgresLog

    with PostgresLog(dsn, schema=schema, clock=Clock()) as opened:
        yield opened


def _admin(dsn: str) -> Any:
    import psycopg

    return psycopg.connect(dsn, autocommit=True)


# -- append-only ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {s}.records SET kind = 'x'",
        "DELETE FROM {s}.records",
        "TRUNCATE {s}.records CASCADE",
        "UPDATE {s}.record_partners SET partner = 'XX'",
        "DELETE FROM {s}.record_partners",
        "TRUNCATE {s}.record_partners",
        "UPDATE {s}.meta SET value = '2'",
        "DELETE FROM {s}.meta",
    ],
)
def test_triggers_refuse_every_change_even_to_the_owner(
    log: Any, dsn: str, schema: str, statement: str
) -> None:
    import psycopg

    log.append([meeting(1), meeting(2, "NL")])
    with _admin(dsn) as admin, pytest.raises(psycopg.Error, match="append-only"):
        admin.execute(statement.format(s=schema))
    assert log.last_seq == 2
    assert log.verify()


def test_the_application_role_may_only_select_and_insert(dsn: str, schema: str) -> None:
    import psycopg

    from timeline.log.postgres import PostgresLog, setup_schema

    role = f"app_{schema}"
    with _admin(dsn) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    setup_schema(dsn, schema=schema, app_role=role)
    app_dsn = dsn.replace("postgres@", f"{role}@", 1)
    with PostgresLog(app_dsn, schema=schema, clock=Clock()) as app:
        app.append([meeting(1), meeting(2)])
        assert [r.seq for r in app.read()] == [1, 2]
        assert app.verify()
    with psycopg.connect(app_dsn, autocommit=True) as connection:
        for statement in (
            "UPDATE {s}.records SET kind = 'x'",
            "DELETE FROM {s}.records",
            "TRUNCATE {s}.records",
            "ALTER TABLE {s}.records DISABLE TRIGGER ALL",
            "DROP TABLE {s}.records CASCADE",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement.format(s=schema))


def test_verify_names_the_first_forged_record(log: Any, dsn: str, schema: str) -> None:
    log.append([meeting(i) for i in range(5)])
    with _admin(dsn) as admin:
        admin.execute(f"ALTER TABLE {schema}.records DISABLE TRIGGER ALL")
        admin.execute(
            f"UPDATE {schema}.records SET body = convert_to(replace(convert_from(body, 'UTF8'),"
            f" 'meeting 3', 'meeting 9'), 'UTF8') WHERE seq = 4"
        )
    result = log.verify()
    assert not result.ok
    assert result.first_bad_seq == 4
    assert result.records == 3
    assert "record 4" in (result.reason or "")


def test_a_removed_partner_row_is_found(log: Any, dsn: str, schema: str) -> None:
    log.append([meeting(i) for i in range(3)])
    with _admin(dsn) as admin:
        admin.execute(f"ALTER TABLE {schema}.record_partners DISABLE TRIGGER ALL")
        admin.execute(f"DELETE FROM {schema}.record_partners WHERE seq = 2")
    result = log.verify()
    assert result.first_bad_seq == 2
    assert "partner index" in (result.reason or "")


# -- opening --------------------------------------------------------------------------------------


def test_a_schema_that_holds_something_else_is_refused(dsn: str, schema: str) -> None:
    from timeline.log.postgres import PostgresLog

    with _admin(dsn) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        admin.execute(f"CREATE TABLE {schema}.meta (key text PRIMARY KEY, value text)")
        admin.execute(f"INSERT INTO {schema}.meta VALUES ('format', 'other')")
    with pytest.raises(LogError, match="does not hold a timeline log"):
        PostgresLog(dsn, schema=schema)


def test_read_only_refuses_appends_and_a_missing_log(dsn: str, schema: str) -> None:
    from timeline.log.postgres import PostgresLog

    with pytest.raises(LogError, match="no timeline log"):
        PostgresLog(dsn, schema=schema, read_only=True)
    with PostgresLog(dsn, schema=schema) as writer:
        writer.append([meeting(1)])
    with PostgresLog(dsn, schema=schema, read_only=True) as reader:
        assert reader.last_seq == 1
        with pytest.raises(LogError, match="read-only"):
            reader.append([meeting(2)])


def test_a_bad_schema_name_and_an_unreachable_server_are_log_errors() -> None:
    from timeline.log.postgres import PostgresLog

    with pytest.raises(LogError, match="schema name"):
        PostgresLog("postgresql://nobody@127.0.0.1:1/x", schema="Robert'); DROP")
    with pytest.raises(LogError, match="cannot connect"):
        PostgresLog("postgresql://nobody@127.0.0.1:1/x")


def test_open_log_picks_the_backend_from_the_target(dsn: str, tmp_path: Path) -> None:
    assert is_postgres_dsn(dsn)
    assert is_postgres_dsn("postgres://h/db")
    assert not is_postgres_dsn(str(tmp_path / "a.db"))
    with open_log(dsn) as log:
        assert type(log).__name__ == "PostgresLog"
    with open_log(tmp_path / "a.db") as log:
        assert isinstance(log, SQLiteLog)
    with open_log(None) as log:
        assert isinstance(log, MemoryLog)


# -- writers --------------------------------------------------------------------------------------


def test_writers_on_separate_connections_share_one_chain(dsn: str, schema: str) -> None:
    from timeline.log.postgres import PostgresLog

    logs = [PostgresLog(dsn, schema=schema) for _ in range(6)]
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            for n in range(15):
                logs[k].append([meeting(1000 * k + 10 * n + j) for j in range(3)])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    records = list(logs[0].read())
    assert [r.seq for r in records] == list(range(1, 6 * 15 * 3 + 1))
    assert len({r.event.id for r in records}) == len(records)
    assert logs[0].verify()
    for log in logs:
        log.close()


def test_a_writer_that_loses_the_race_gets_a_concurrency_error(dsn: str, schema: str) -> None:
    from timeline.log.postgres import PostgresLog

    with PostgresLog(dsn, schema=schema) as a, PostgresLog(dsn, schema=schema) as b:
        seen = a.last_seq
        b.append([meeting(1)], expected_last_seq=seen)
        with pytest.raises(ConcurrencyError):
            a.append([meeting(2)], expected_last_seq=seen)
        assert a.last_seq == 1
        a.append([meeting(2)], expected_last_seq=a.last_seq)
        assert b.last_seq == 2


def test_a_writer_waits_for_the_lock_then_gives_up(dsn: str, schema: str) -> None:
    from timeline.log.postgres import PostgresLog, _lock_key

    with PostgresLog(dsn, schema=schema, timeout=0.3) as log, _admin(dsn) as other:
        with other.transaction():
            other.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(schema),))
            with pytest.raises(LogError, match="locked by another writer"):
                log.append([meeting(1)])
        assert log.append([meeting(1)])[0].seq == 1


# -- indexes --------------------------------------------------------------------------------------


def test_reads_by_partner_and_kind_use_indexes(log: Any, dsn: str, schema: str) -> None:
    log.append([meeting(i, ("BE", "NL", "DE")[i % 3]) for i in range(3000)])
    with _admin(dsn) as admin:
        admin.execute(f"ANALYZE {schema}.records")
        admin.execute(f"ANALYZE {schema}.record_partners")
        by_partner = admin.execute(
            f"EXPLAIN SELECT seq FROM {schema}.record_partners WHERE partner = 'NL' "
            "AND seq > 10 AND seq <= 2000 ORDER BY seq LIMIT 100"
        ).fetchall()
        by_kind = admin.execute(
            f"EXPLAIN SELECT seq FROM {schema}.records WHERE kind = 'aid_committed' "
            "ORDER BY kind, seq LIMIT 100"
        ).fetchall()
    # The (partner, seq) key or the seq index, whichever the planner costs lower; never a scan.
    assert "Index" in str(by_partner)
    assert "Seq Scan" not in str(by_partner)
    assert "records_kind_seq" in str(by_kind)
    assert [r.seq for r in log.read(partner="NL", after=10, until=40)] == list(range(11, 41, 3))


# -- streamed reads -------------------------------------------------------------------------------


def _readers(dsn: str, schema: str) -> list[int]:
    """The server processes whose last query was a streamed read of the log in `schema`."""
    with _admin(dsn) as admin:
        return [
            pid
            for (pid,) in admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                "AND query LIKE 'SELECT seq, recorded_at%%' AND query LIKE %s",
                (f'%"{schema}".records WHERE seq > $1%',),
            )
        ]


def test_the_log_answers_and_appends_while_a_read_streams(log: Any) -> None:
    log.append([meeting(i, ("BE", "NL")[i % 2]) for i in range(1200)])
    seen = []
    for record in log.read():
        seen.append(record.seq)
        if record.seq == 100:  # the read's own connection leaves the log's free
            assert log.get(record.event.id) == record
            assert len(list(log.read(partner="NL", until=20))) == 10
            log.append([meeting(5000 + i) for i in range(50)])
    assert seen == list(range(1, 1201))  # what existed when the read began
    assert [r.seq for r in log.read(after=1200)] == list(range(1201, 1251))
    assert log.verify().ok


def test_an_abandoned_read_leaves_one_spare_reader(log: Any, dsn: str, schema: str) -> None:
    log.append([meeting(i) for i in range(3000)])
    for _ in range(3):
        for record in log.read():
            if record.seq == 10:
                break
    assert len(_readers(dsn, schema)) == 1  # the one kept between reads
    assert sum(1 for _ in log.read()) == 3000
    assert len(_readers(dsn, schema)) == 1
    log.close()
    deadline = time.monotonic() + 10  # a server process ends a moment after its client left
    while _readers(dsn, schema) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _readers(dsn, schema) == []


def test_a_dropped_reader_is_replaced_and_a_closed_log_refuses_reads(
    log: Any, dsn: str, schema: str
) -> None:
    log.append([meeting(i) for i in range(1000)])
    assert sum(1 for _ in log.read()) == 1000  # streamed: more records than a few
    [pid] = _readers(dsn, schema)
    with _admin(dsn) as admin:  # as a server restart would
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    assert [r.seq for r in log.read(after=10)] == list(range(11, 1001))
    assert _readers(dsn, schema) not in ([], [pid])
    assert [r.seq for r in log.read(after=995)] == [996, 997, 998, 999, 1000]  # a few: no reader
    log.close()
    with pytest.raises(LogError, match="closed"):
        list(log.read())


def test_a_verified_read_checks_the_chain_across_its_chunks(
    log: Any, dsn: str, schema: str
) -> None:
    log.append([meeting(i, ("BE", "NL")[i % 2]) for i in range(5200)])
    assert [r.seq for r in log.read(after=4990, until=5010, verify=True)] == list(range(4991, 5011))
    with _admin(dsn) as admin:
        admin.execute(f"ALTER TABLE {schema}.records DISABLE TRIGGER ALL")
        admin.execute(f"DELETE FROM {schema}.records WHERE seq = 5150")
        admin.execute(  # the first record of the second chunk, its link re-pointed
            f"UPDATE {schema}.records SET prev_hash = repeat('0', 64) WHERE seq = 5001"
        )
    with pytest.raises(IntegrityError, match=r"record 5001 .* prev_hash is not record 5000"):
        list(log.read(verify=True))
    with pytest.raises(IntegrityError, match=r"record 5150 .* jumps from record 5149 to 5151"):
        list(log.read(after=5001, verify=True))
    with pytest.raises(IntegrityError, match=r"record 5150 .* missing"):
        list(log.read(after=5150, verify=True))
    with pytest.raises(IntegrityError, match=r"record 5150 .* missing"):
        list(log.read(partner="BE", after=5100, verify=True))
    assert len(list(log.read(after=5001, until=5149, verify=True))) == 148


# -- copying --------------------------------------------------------------------------------------


def test_a_schema_2_file_copies_to_postgres_and_back_with_the_same_head(
    dsn: str, schema: str, tmp_path: Path
) -> None:
    from timeline.log.postgres import PostgresLog

    source = Path(shutil.copy(FIXTURES / "schema2.db", tmp_path / "a.db"))
    seen: list[tuple[int, int]] = []
    with SQLiteLog(source, read_only=True) as a, PostgresLog(dsn, schema=schema) as pg:
        assert copy_log(a, pg, progress=lambda done, total: seen.append((done, total))) == 71
        assert pg.head == a.head
        assert pg.verify()
        assert [r.event for r in pg.read()] == [r.event for r in a.read()]
        assert copy_log(a, pg) == 0  # nothing left to copy
    assert seen[-1] == (71, 71)
    with PostgresLog(dsn, schema=schema, read_only=True) as pg, SQLiteLog(tmp_path / "b.db") as b:
        assert copy_log(pg, b) == 71
        assert b.head == pg.head
        assert b.verify()


def test_copy_log_takes_a_path_and_a_url(dsn: str, schema: str, tmp_path: Path) -> None:
    from timeline.log.postgres import PostgresLog

    with _admin(dsn) as admin:
        admin.execute(f"CREATE DATABASE {schema}")
    url = dsn.rsplit("/", 1)[0] + f"/{schema}"
    source = Path(shutil.copy(FIXTURES / "schema2.db", tmp_path / "a.db"))
    assert copy_log(source, url) == 71
    with PostgresLog(url) as pg, SQLiteLog(source, read_only=True) as a:
        assert pg.schema == "timeline"
        assert pg.head == a.head
        assert pg.verify()


def test_an_interrupted_copy_continues_and_another_log_is_refused(tmp_path: Path) -> None:
    source = MemoryLog(clock=Clock())
    source.append([meeting(i) for i in range(20)])
    source.append([meeting(i) for i in range(20, 30)])
    target = SQLiteLog(tmp_path / "t.db")
    target._import_rows(list(source.stored_rows())[:12])
    assert copy_log(source, target) == 18
    assert target.head == source.head
    other = MemoryLog(clock=Clock())
    other.append([meeting(99)])
    with pytest.raises(IntegrityError, match="another log"):
        copy_log(other, target)
    target.close()


def test_a_timeline_on_postgres_answers_as_the_same_log_in_sqlite(
    dsn: str, schema: str, tmp_path: Path
) -> None:
    from timeline.log.postgres import PostgresLog
    from timeline.timeline import Timeline

    source = Path(shutil.copy(FIXTURES / "schema2.db", tmp_path / "a.db"))
    with Timeline.open(source, read_only=True) as local:
        with PostgresLog(dsn, schema=schema) as pg:
            copy_log(local.log, pg)
        with Timeline(PostgresLog(dsn, schema=schema, read_only=True)) as shared:
            assert shared.partners() == local.partners()
            for partner in local.partners():
                assert shared.state(partner) == local.state(partner)
            assert shared.verify().head == local.verify().head
