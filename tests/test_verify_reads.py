"""Reads that verify: what a fold reads is checked against the hash chain as it streams.

A forged byte in a stored record (the append-only triggers dropped, as `helpers.forgery`
forges) makes every question that reads the record fail with `IntegrityError` naming it,
and the command exit 1 with one line saying so; a sound log reads the same with and without
verification, on every backend, whatever the filters.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.forgery import build_template, forge_bytes, raw, replace_record
from helpers.layout import as_hex, hash_value
from helpers.pgcluster import fresh_schema, suite_dsn
from helpers.workload import batch_events
from timeline.cli import main
from timeline.errors import IntegrityError
from timeline.log import EventLog, MemoryLog, SQLiteLog, record_hash
from timeline.log._verify import chain_digest
from timeline.timeline import Timeline

FIXTURES = Path(__file__).parent / "fixtures" / "logs"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A closed log of workload batches, and its length."""
    path = tmp_path_factory.mktemp("verify-template") / "template.db"
    return path, build_template(path, batches=8)


@pytest.fixture
def copy(template: tuple[Path, int], tmp_path: Path) -> Callable[[], Path]:
    """Fresh copies of the template, one per call."""
    count = 0

    def make() -> Path:
        nonlocal count
        count += 1
        return Path(shutil.copy(template[0], tmp_path / f"copy-{count}.db"))

    return make


def _seq_of(path: Path, partner: str, nth: int = 0) -> int:
    """The position of the `nth` record that names `partner` (by the partner index)."""
    with SQLiteLog(path, read_only=True) as log:
        return [r.seq for r in log.read(partner=partner)][nth]


def _forge_body(path: Path, seq: int) -> None:
    """Change one byte of record `seq`'s body (a digit of the body, so it still decodes)."""
    with raw(path) as connection:
        (body,) = connection.execute("SELECT body FROM records WHERE seq = ?", (seq,)).fetchone()
        at = body.index(b"20")  # a date or an amount: a digit made another digit
        forged = body[:at] + b"3" + body[at + 1 :]
        connection.execute("UPDATE records SET body = ? WHERE seq = ?", (forged, seq))


# -- a sound log reads the same --------------------------------------------------------------


@given(st.integers(min_value=0, max_value=2**64 - 1), st.binary(max_size=200))
def test_the_digest_of_stored_bytes_is_the_record_hash(seq: int, body: bytes) -> None:
    prev = "ab" * 32
    stamp = datetime(2024, 1, 30, 9, tzinfo=UTC).isoformat()
    assert chain_digest(prev.encode(), seq, stamp.encode(), body).decode() == record_hash(
        prev, seq, stamp, body
    )


def _logs(template: tuple[Path, int], tmp_path: Path) -> Iterator[EventLog]:
    path = Path(shutil.copy(template[0], tmp_path / "sound.db"))
    sqlite_log = SQLiteLog(path, read_only=True)
    memory = MemoryLog()
    for batch in range(4):
        memory.append(batch_events("mem", 7, batch))
    yield sqlite_log
    yield memory


@settings(max_examples=25, deadline=None)
@given(
    after=st.integers(min_value=0, max_value=40),
    until=st.none() | st.integers(min_value=0, max_value=60),
    partner=st.sampled_from([None, "BE", "NL", "DE", "GB", "XX"]),
    kinds=st.sampled_from([None, "aid_committed", ("meeting_held", "article_recorded")]),
)
def test_a_verified_read_of_a_sound_log_gives_what_a_plain_read_gives(
    template: tuple[Path, int],
    tmp_path_factory: pytest.TempPathFactory,
    after: int,
    until: int | None,
    partner: str | None,
    kinds: str | tuple[str, ...] | None,
) -> None:
    for log in _logs(template, tmp_path_factory.mktemp("sound")):
        with log:
            query = {"after": after, "until": until, "partner": partner, "kinds": kinds}
            assert list(log.read(**query, verify=True)) == list(log.read(**query))


def test_a_schema_2_log_verifies_its_stored_bytes_and_reads_upcast(tmp_path: Path) -> None:
    path = Path(shutil.copy(FIXTURES / "schema2.db", tmp_path / "schema2.db"))
    with SQLiteLog(path, read_only=True) as log:
        assert list(log.read(verify=True)) == list(log.read())
        assert list(log.read(partner="NL", verify=True)) == list(log.read(partner="NL"))


# -- a forged byte is found by each question -------------------------------------------------


def test_a_full_verified_read_names_the_forged_record(copy: Callable[[], Path]) -> None:
    path = copy()
    seq = _seq_of(path, "DE", 2)
    _forge_body(path, seq)
    with SQLiteLog(path, read_only=True) as log:
        assert len(list(log.read(until=seq - 1, verify=True))) == seq - 1
        with pytest.raises(IntegrityError, match=f"record {seq} of .* hash does not match"):
            list(log.read(verify=True))
        with pytest.raises(IntegrityError, match=f"record {seq} "):
            list(log.read(partner="DE", verify=True))
        assert log.verify().first_bad_seq == seq


def test_each_question_of_the_library_fails_on_a_forged_record(copy: Callable[[], Path]) -> None:
    path = copy()
    seq = _seq_of(path, "DE", 1)
    _forge_body(path, seq)
    with Timeline.open(path, read_only=True) as tl:
        questions: list[Callable[[], object]] = [
            lambda: tl.state("DE"),
            lambda: tl.states(),
            lambda: tl.states(partners=["DE"]),
            lambda: tl.history("DE"),
            lambda: list(tl.events()),
            lambda: list(tl.events(partner="DE")),
            lambda: tl.changes(partner="DE", recorded_since=0),
        ]
        for question in questions:
            with pytest.raises(IntegrityError, match=f"record {seq} "):
                question()
        # A partner whose records are sound is still answered.
        assert tl.state("BE").partner == "BE"


def _command(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(args, out=io.StringIO())
    return status, capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [["state", "DE"], ["events"], ["events", "--partner", "DE"], ["report"]],
    ids=["state", "events", "events-partner", "report"],
)
def test_each_command_exits_1_naming_the_forged_record(
    copy: Callable[[], Path], capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    path = copy()
    seq = _seq_of(path, "DE", 0)
    _forge_body(path, seq)
    status, err = _command([*args, "--db", str(path)], capsys)
    assert status == 1
    assert err.count("\n") == 1
    assert f"record {seq} " in err
    assert "hash chain" in err


def test_rebuild_refuses_a_forged_log_naming_the_record_and_stores_nothing(
    copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline.fold.stored import ProjectionStore

    path = copy()
    seq = _seq_of(path, "DE", 0)
    _forge_body(path, seq)
    status, err = _command(["rebuild", "--db", str(path)], capsys)
    assert status == 1
    assert err.count("\n") == 1
    assert f"record {seq} " in err
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        assert store.rows() == []


def test_rebuild_through_the_command_stores_one_state_per_partner_of_a_sound_log(
    copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline.fold.stored import ProjectionStore

    path = copy()
    out = io.StringIO()
    assert main(["rebuild", "--db", str(path)], out=out) == 0
    with Timeline.open(path) as tl, ProjectionStore(tl.log) as store:
        partners = set(tl.partners())
        stored = len(store.rows())
    assert stored == len(partners) > 0
    assert out.getvalue() == f"rebuilt {stored} partners' states at record {_last(path)}\n"
    assert capsys.readouterr().err.count("\n") == stored  # one progress line per partner


def _last(path: Path) -> int:
    with SQLiteLog(path, read_only=True) as log:
        return log.last_seq


def test_history_through_the_command_exits_1_naming_the_forged_record(
    copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy()
    seq = _seq_of(path, "DE", 0)
    _forge_body(path, seq)
    status, err = _command(["history", "DE", "--db", str(path)], capsys)
    assert status == 1
    assert f"record {seq} " in err


@settings(max_examples=20, deadline=None)
@given(
    seq=st.integers(min_value=1, max_value=60),
    column=st.sampled_from(["body", "hash", "prev_hash", "recorded_at"]),
    index=st.integers(min_value=0, max_value=10_000),
    byte=st.integers(min_value=0, max_value=255),
)
def test_a_full_verified_read_fails_where_verify_does(
    template: tuple[Path, int],
    tmp_path_factory: pytest.TempPathFactory,
    seq: int,
    column: str,
    index: int,
    byte: int,
) -> None:
    path = Path(shutil.copy(template[0], tmp_path_factory.mktemp("forged") / "f.db"))
    forged = forge_bytes(path, [(seq, column, index, byte)])
    with SQLiteLog(path, read_only=True) as log:
        if forged is None:
            assert list(log.read(verify=True)) == list(log.read())
            return
        assert log.verify().first_bad_seq == forged
        with pytest.raises(IntegrityError, match=f"record {forged} "):
            list(log.read(verify=True))
        for partner in ("BE", "NL", "DE", "GB"):
            seqs = [s for (s,) in _partner_seqs(path, partner)]
            if forged in seqs:
                with pytest.raises(IntegrityError, match=f"record {forged} "):
                    list(log.read(partner=partner, verify=True))


def _partner_seqs(path: Path, partner: str) -> list[tuple[int]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT seq FROM record_partners WHERE partner = ? ORDER BY seq", (partner,)
        ).fetchall()


# -- what a filtered read checks beyond a record's own bytes ----------------------------------


def test_a_partner_read_finds_a_record_rehashed_by_the_next_link(copy: Callable[[], Path]) -> None:
    path = copy()
    seq = _seq_of(path, "BE", 3)
    found = replace_record(path, seq, rehash="one")  # sound itself; the next record's link breaks
    assert found == seq + 1
    with SQLiteLog(path, read_only=True) as log:
        with pytest.raises(IntegrityError, match=f"record {seq + 1} .* record {seq}'s hash"):
            list(log.read(partner="DE", verify=True))  # the forged event names DE
        with pytest.raises(IntegrityError, match=f"record {seq + 1} "):
            list(log.read(verify=True))


def test_a_record_moved_into_another_partner_s_index_is_refused(copy: Callable[[], Path]) -> None:
    path = copy()
    seq = _seq_of(path, "BE", 0)
    with raw(path) as connection:
        connection.execute(
            "UPDATE record_partners SET partner = 'FR' WHERE seq = ? AND partner = 'BE'", (seq,)
        )
    with (
        SQLiteLog(path, read_only=True) as log,
        pytest.raises(IntegrityError, match=f"record {seq} .* names FR"),
    ):
        list(log.read(partner="FR", verify=True))


def test_a_kind_read_refuses_a_record_whose_kind_column_was_changed(
    copy: Callable[[], Path],
) -> None:
    path = copy()
    with SQLiteLog(path, read_only=True) as log:
        seq = next(r.seq for r in log.read(kinds="aid_committed"))
    with raw(path) as connection:
        connection.execute("UPDATE records SET kind = 'meeting_held' WHERE seq = ?", (seq,))
    with (
        SQLiteLog(path, read_only=True) as log,
        pytest.raises(IntegrityError, match=f"record {seq} .* kind"),
    ):
        list(log.read(kinds="meeting_held", verify=True))


def test_a_record_deleted_from_the_middle_is_named_by_reads_that_need_it(
    copy: Callable[[], Path],
) -> None:
    path = copy()
    with raw(path) as connection:
        connection.execute("DELETE FROM records WHERE seq = 20")
        connection.execute("DELETE FROM record_partners WHERE seq = 20")
    with SQLiteLog(path, read_only=True) as log:
        with pytest.raises(IntegrityError, match=r"record 20 .* (missing|jumps)"):
            list(log.read(verify=True))
        with pytest.raises(IntegrityError, match=r"record 20 .* missing"):
            list(log.read(after=20, verify=True))
        assert len(list(log.read(after=20, until=19, verify=True))) == 0


def test_the_as_of_index_reads_appended_records_with_verification(
    copy: Callable[[], Path],
) -> None:
    path = copy()
    with Timeline.open(path) as tl:
        tl.state("DE")  # the index now holds DE; later records are read on the next question
        last = tl.log.last_seq
        tl.append(batch_events("late", 3, 0))
        _forge_body(path, last + 2)
        with pytest.raises(IntegrityError, match=f"record {last + 2} "):
            tl.state("DE")


def test_a_memory_log_checks_its_stored_rows_too() -> None:
    with MemoryLog() as log:
        log.append(batch_events("mem", 1, 0))
        row = log._rows[4]
        log._rows[4] = row._replace(body=row.body.replace(b"20", b"30", 1))
        with pytest.raises(IntegrityError, match="record 5 of the memory log"):
            list(log.read(verify=True))
        partner = log._records[4].event.partners[0]
        with pytest.raises(IntegrityError, match="record 5 of the memory log"):
            list(log.read(partner=partner, verify=True))


# -- PostgreSQL: the same through the generic walk ------------------------------------------------


def test_a_postgres_log_verifies_its_reads() -> None:
    psycopg = pytest.importorskip("psycopg")
    from timeline.log.postgres import PostgresLog

    dsn, schema = suite_dsn(), fresh_schema()
    with PostgresLog(dsn, schema=schema) as log:
        for batch in range(3):
            log.append(batch_events("pg", 5, batch))
        for query in ({}, {"after": 7, "until": 30}, {"partner": "BE"}, {"kinds": "meeting_held"}):
            assert list(log.read(**query, verify=True)) == list(log.read(**query))
        seq = next(r.seq for r in log.read(partner="NL", after=5))
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f"ALTER TABLE {schema}.records DISABLE TRIGGER ALL")
            admin.execute(
                f"UPDATE {schema}.records SET body = convert_to(replace(convert_from(body, "
                f"'UTF8'), '2022', '2032'), 'UTF8') WHERE seq = %s",
                (seq,),
            )
        with pytest.raises(IntegrityError, match=f"record {seq} of schema {schema} .* hash"):
            list(log.read(verify=True))
        with pytest.raises(IntegrityError, match=f"record {seq} "):
            list(log.read(partner="NL", after=2, verify=True))
        assert len(list(log.read(until=seq - 1, verify=True))) == seq - 1


def test_a_rehashed_last_record_whose_time_is_not_text_is_named(copy: Callable[[], Path]) -> None:
    path = copy()
    with raw(path) as connection:
        seq, prev, body = connection.execute(
            "SELECT seq, prev_hash, body FROM records ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        stamp = b"\xff2024-01-30T09:00:00+00:00"
        digest = chain_digest(as_hex(prev).encode(), seq, stamp, body).decode()
        connection.execute(
            "UPDATE records SET recorded_at = CAST(? AS TEXT), hash = ? WHERE seq = ?",
            (stamp, hash_value(connection, digest), seq),
        )
    with (
        SQLiteLog(path, read_only=True) as log,
        pytest.raises(IntegrityError, match=f"record {seq} "),
    ):
        list(log.read(after=seq - 2, verify=True))


# -- answers from stored projections --------------------------------------------------------


def _with_store(copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]) -> Path:
    path = copy()
    assert main(["rebuild", "--db", str(path)], out=io.StringIO()) == 0
    capsys.readouterr()
    return path


def test_a_fresh_file_keeps_its_append_only_guard_and_a_forger_breaks_it(
    copy: Callable[[], Path],
) -> None:
    path = copy()
    with SQLiteLog(path, read_only=True) as log:
        assert log.guarded()
    with raw(path):
        pass  # the forger's connection drops every trigger
    with SQLiteLog(path, read_only=True) as log:
        assert not log.guarded()
    with raw(path) as connection:  # made again, but not as this library makes them
        connection.execute(
            "CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN SELECT 1; END"
        )
    with SQLiteLog(path, read_only=True) as log:
        assert not log.guarded()


@pytest.mark.parametrize("partner", ["DE", "PL"])
def test_state_from_stored_projections_fails_on_a_record_forged_after_they_were_stored(
    copy: Callable[[], Path], capsys: pytest.CaptureFixture[str], partner: str
) -> None:
    """The store reads no record; with the guard gone the chain is checked first, so a
    forged record fails the answer about any partner, not only about its own."""
    path = _with_store(copy, capsys)
    seq = _seq_of(path, "DE", 0)
    _forge_body(path, seq)
    status, err = _command(["state", partner, "--db", str(path)], capsys)
    assert status == 1
    assert err.count("\n") == 1
    assert f"record {seq} " in err
    with Timeline.open(path, read_only=True) as tl, pytest.raises(IntegrityError, match=f"{seq} "):
        tl.state(partner)


def test_state_from_stored_projections_of_a_sound_file_whose_guard_is_gone_answers(
    copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_store(copy, capsys)
    with Timeline.open(path, read_only=True) as tl:
        before = tl.state("DE")
    with raw(path):
        pass
    with Timeline.open(path, read_only=True) as tl:
        assert tl.state("DE") == before
        assert not before.is_empty
