"""Stored projections in a PostgreSQL schema: what holds there beyond the tests run over both
backends (`test_stored_projections`): the same rows as in SQLite, the application role's
rights, the append-only guard, `timeline rebuild --db postgresql://…`, concurrent writers.

Runs against `helpers.pgcluster.suite_dsn` (``TIMELINE_TEST_PG`` or a throwaway server).
"""

from __future__ import annotations

import io
import tempfile
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.forgery import build_template
from helpers.pgcluster import fresh_schema, suite_dsn
from helpers.stores import Place
from test_checkpoints import PARTNERS, days, logs
from timeline.cli import main
from timeline.errors import IntegrityError, LogError
from timeline.events import Event
from timeline.fold import Mode, project_partner
from timeline.fold.state import Items
from timeline.fold.stored import ProjectionStore
from timeline.log import SQLiteLog, copy_log
from timeline.timeline import Timeline

from samples import SAMPLES


@pytest.fixture(scope="module")
def dsn() -> str:
    return suite_dsn()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stored-pg") / "template.db"
    build_template(path, batches=3, extra=tuple(SAMPLES.values()))
    return path


@pytest.fixture
def place(dsn: str, template: Path, tmp_path: Path) -> Place:
    return Place("postgres", template, tmp_path)


def _partners(log: Any) -> list[str]:
    return sorted({p for record in log.read() for p in record.event.partners})


def test_the_rows_on_the_server_are_those_of_the_file(place: Place, template: Path) -> None:
    """Same log, same fold, same bytes: a schema's rows equal the file's, tags included."""
    with SQLiteLog(template, read_only=True) as log:
        assert log.guarded()
    sqlite = Place("sqlite", template, template.parent)
    with sqlite.open() as log, ProjectionStore(log) as store:
        store.rebuild()
        expected = store.rows()
    with place.open() as log, ProjectionStore(log) as store:
        assert log.guarded()
        assert store.rebuild() == len(log)
        assert store.rows() == expected
        for partner in _partners(log):
            found = store.load(partner)
            assert found is not None
            assert found.state == project_partner(log.read(partner=partner), partner)


def _admin(dsn: str) -> Any:
    import psycopg

    return psycopg.connect(dsn, autocommit=True)


def test_the_application_role_rebuilds_and_answers_but_cannot_change_the_log(
    dsn: str, template: Path
) -> None:
    import psycopg

    from timeline.log.postgres import PostgresLog, setup_schema

    schema = fresh_schema()
    role = f"app_{schema}"
    with _admin(dsn) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    setup_schema(dsn, schema=schema, app_role=role)
    app_dsn = dsn.replace("postgres@", f"{role}@", 1)
    with PostgresLog(app_dsn, schema=schema) as app:
        copy_log(template, app)
        with ProjectionStore(app) as store:
            store.rebuild()
            first = store.rows()
            store.rebuild()  # empties the tables (DELETE) and folds again
            assert store.rows() == first
    with Timeline(PostgresLog(app_dsn, schema=schema, read_only=True)) as tl:
        found = tl.state("DE", as_of=date(2023, 6, 30))
        assert isinstance(found.commitments, Items)  # from the store
        expected = project_partner(tl.log.read(partner="DE"), "DE", as_of=date(2023, 6, 30))
        assert found == expected
    with psycopg.connect(app_dsn, autocommit=True) as connection:
        connection.execute(f"DELETE FROM {schema}.projection_position")  # derived: allowed
        for statement in (
            "UPDATE {s}.records SET kind = 'x'",
            "DELETE FROM {s}.records",
            "DROP TABLE {s}.projections",
            "ALTER TABLE {s}.projection_facts ADD COLUMN x int",
            "CREATE TABLE {s}.other (x int)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement.format(s=schema))


def test_a_store_trusted_only_while_the_guard_is_whole(place: Place) -> None:
    """With a trigger of the guard gone, a timeline verifies the chain before answering from
    the store, and a record forged after the projections were stored fails the answer."""
    with place.open() as log, ProjectionStore(log) as store:
        store.rebuild()
    with Timeline(place.open(read_only=True)) as tl:
        before = tl.state("DE")
        assert isinstance(before.commitments, Items)
    place.drop_guard()
    with place.open(read_only=True) as log:
        assert not log.guarded()
    with Timeline(place.open(read_only=True)) as tl:
        assert tl.state("DE") == before  # a sound chain: answered all the same
    with place.forger() as connection:
        connection.execute("UPDATE records SET recorded_at = '2001-01-01T00:00:00+00:00' "
                           "WHERE seq = 3")  # fmt: skip
    with Timeline(place.open(read_only=True)) as tl, pytest.raises(IntegrityError, match="3"):
        tl.state("NL")


def test_a_disabled_trigger_is_not_a_whole_guard(place: Place) -> None:
    with place.open() as log:
        assert log.guarded()
        with _admin(place.dsn) as admin:
            admin.execute(f"ALTER TABLE {place.schema}.meta DISABLE TRIGGER meta_no_truncate")
            assert not log.guarded()
            admin.execute(f"ALTER TABLE {place.schema}.meta ENABLE TRIGGER meta_no_truncate")
            assert log.guarded()
            admin.execute(
                f"CREATE OR REPLACE FUNCTION {place.schema}.refuse_change() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"
            )
            assert not log.guarded()


def test_setup_schema_adds_the_projection_tables_to_a_log_made_without_them(
    place: Place,
) -> None:
    from timeline.log.postgres import setup_schema

    with _admin(place.dsn) as admin:
        for table in ("projections", "projection_facts", "projection_position"):
            admin.execute(f"DROP TABLE {place.schema}.{table}")
    with Timeline(place.open()) as tl:
        assert tl.update_projections() is None
        assert tl.index.store is None  # no tables: folded from the log
        with ProjectionStore(tl.log) as store:  # type: ignore[arg-type]
            assert not store.ready()
            with pytest.raises(LogError, match="cannot store projections"):
                store.rebuild()
    setup_schema(place.dsn, schema=place.schema)
    with place.open() as log, ProjectionStore(log) as store:
        assert store.catch_up() == len(log)


def test_concurrent_catch_ups_are_serialised(place: Place) -> None:
    with place.open() as log, ProjectionStore(log) as store:
        store.rebuild()
        expected = store.rows()
        errors: list[BaseException] = []

        def catch_up() -> None:
            try:
                with place.open() as other, ProjectionStore(other) as mine:
                    mine.rebuild()
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=catch_up) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert store.rows() == expected


@pytest.fixture
def database(dsn: str) -> Iterator[str]:
    """The DSN of a fresh database on the suite's server (its log in schema ``timeline``)."""
    name = f"db_{uuid.uuid4().hex[:12]}"
    with _admin(dsn) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    base, _, _ = dsn.rpartition("/")
    yield f"{base}/{name}"
    with _admin(dsn) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_timeline_rebuild_on_a_server(database: str, template: Path) -> None:
    copy_log(template, database)
    out = io.StringIO()
    assert main(["rebuild", "--db", database], out=out) == 0
    assert "rebuilt" in out.getvalue()
    with Timeline.open(database, read_only=True) as tl:
        for partner in tl.partners():
            found = tl.state(partner)
            assert isinstance(found.commitments, Items)
            assert found == project_partner(tl.log.read(partner=partner), partner)


@settings(max_examples=12, deadline=None)
@given(logs(), st.lists(st.tuples(days, st.sampled_from(list(Mode))), min_size=1, max_size=4))
def test_a_stored_state_on_the_server_at_any_date_equals_the_full_fold(
    events: list[Event], asked: list[tuple[date, Mode]]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "log.db"
        with SQLiteLog(path) as log:
            log.append(events)
        place = Place("postgres", path, Path(directory))
        with place.open() as log, ProjectionStore(log) as store:
            store.rebuild()
            for partner in PARTNERS:
                stored = store.load(partner)
                records = list(log.read(partner=partner))
                assert (stored is None) == (not records)
                if stored is None:
                    continue
                assert stored.state == project_partner(records, partner)
                for as_of, mode in asked:
                    found = stored.at(as_of, mode)
                    assert found == project_partner(records, partner, as_of=as_of, mode=mode)


# -- the verified partner reads the store folds from, on the server --------------------------------


def test_a_verified_partner_read_checks_its_links_and_its_index(place: Place) -> None:
    """Checked through each record's neighbours, as in a file (not by walking the chain):
    a record rehashed whole breaks the next record's link; a record moved into another
    partner's index, or given another kind, is refused."""
    from timeline.log import record_hash

    with place.open() as log:
        partner_seq = next(r.seq for r in log.read(partner="BE", after=10))
        far = [r.seq for r in log.read(partner="BE") if r.seq > partner_seq + 2]
        moved_seq = far[0]
        kind_seq = next(r.seq for r in log.read(kinds="aid_committed") if r.seq < partner_seq - 1)
        record = next(iter(log.read(after=partner_seq - 1, until=partner_seq)))
        for query in ({"partner": "BE"}, {"kinds": "meeting_held"}, {"partner": "DE", "after": 5}):
            assert list(log.read(**query, verify=True)) == list(log.read(**query))
    stamp = "2001-01-01T00:00:00+00:00"
    with place.forger() as connection:
        (body,) = connection.execute(
            "SELECT body FROM records WHERE seq = ?", (partner_seq,)
        ).fetchone()
        digest = record_hash(record.prev_hash, partner_seq, stamp, bytes(body))
        connection.execute(
            "UPDATE records SET recorded_at = ?, hash = ? WHERE seq = ?",
            (stamp, digest, partner_seq),
        )
        connection.execute("UPDATE records SET kind = 'meeting_held' WHERE seq = ?", (kind_seq,))
        connection.execute(
            "UPDATE record_partners SET partner = 'ZZ' WHERE seq = ? AND partner = 'BE'",
            (moved_seq,),
        )
    with place.open(read_only=True) as log:
        with pytest.raises(IntegrityError, match=f"record {partner_seq + 1} .* {partner_seq}'s"):
            list(log.read(partner=record.event.partners[-1], verify=True))
        with pytest.raises(IntegrityError, match=f"record {moved_seq} .* names ZZ"):
            list(log.read(partner="ZZ", verify=True))
        with pytest.raises(IntegrityError, match=f"record {kind_seq} .* kind"):
            list(log.read(kinds="meeting_held", until=partner_seq - 2, verify=True))


def test_the_store_reconnects_after_the_server_dropped_its_session(place: Place) -> None:
    with place.open() as log, ProjectionStore(log) as store:
        store.rebuild()
        expected = project_partner(log.read(partner="DE"), "DE")
        with _admin(place.dsn) as admin:
            pid = store._db._db.info.backend_pid
            terminated = admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchall()
        assert terminated == [(True,)]
        found = store.load("DE")  # its session is opened again; the log's reconnects too
        assert found is not None
        assert found.state == expected
        assert store.catch_up() == len(log)


def test_a_writer_that_waits_too_long_for_another_gets_a_log_error(place: Place) -> None:
    from timeline.log.postgres import PostgresLog

    with (
        PostgresLog(place.dsn, schema=place.schema, timeout=0.2) as log,
        ProjectionStore(log) as store,
        ProjectionStore(log) as other,
    ):
        store.rebuild()
        other._db.begin_write()  # holds the projections' lock
        try:
            with pytest.raises(LogError, match="cannot store projections"):
                store.rebuild()
        finally:
            other._db.rollback()
        assert store.rebuild() == len(log)  # the failed wait left no transaction behind


def test_a_store_that_cannot_be_read_is_a_log_error_naming_what_failed(place: Place) -> None:
    from timeline.log.postgres import PostgresLog

    with place.open() as log, ProjectionStore(log) as store:
        store.rebuild()
    role = f"reader_{place.schema}"
    with _admin(place.dsn) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA {place.schema} TO {role}")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {place.schema} TO {role}")
        admin.execute(f"REVOKE SELECT ON {place.schema}.projection_facts FROM {role}")
    reader = place.dsn.replace("postgres@", f"{role}@", 1)
    failed = r"cannot read the stored projections \(read projection_facts[^)]*\): .*permission"
    with PostgresLog(reader, schema=place.schema, read_only=True) as log:
        with ProjectionStore(log) as store:
            stored = store.load("DE")
            assert stored is not None  # the tag is read from the table it may read
            with pytest.raises(LogError, match=failed):
                stored.at(date(2023, 6, 30), Mode.CERTAIN)
            assert store.load("DE") is not None  # the failed read left no transaction open
        with Timeline(log) as tl, pytest.raises(LogError, match=failed):
            tl.state("DE", as_of=date(2023, 6, 30))
    with _admin(place.dsn) as admin:
        admin.execute(f"REVOKE SELECT ON {place.schema}.projection_position FROM {role}")
    with (
        PostgresLog(reader, schema=place.schema, read_only=True) as log,
        ProjectionStore(log) as store,
        pytest.raises(LogError, match="projection_position"),
    ):
        store.position()
