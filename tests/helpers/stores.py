"""A log that keeps stored projections, in a SQLite file or in a PostgreSQL schema.

`Place` holds one such log made from a SQLite file (copied as it is, so the PostgreSQL copy
verifies with the same head hash); the stored-projection tests run over both places.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from helpers.pgcluster import fresh_schema, suite_dsn
from timeline.log import SQLiteLog, copy_log


class Place:
    """Where a log lives: ``sqlite`` (a copy of the source file) or ``postgres`` (the source
    copied record by record into a fresh schema of the suite's server)."""

    def __init__(self, backend: str, source: Path, directory: Path) -> None:
        self.backend = backend
        if backend == "sqlite":
            self.path = Path(shutil.copy(source, directory / f"copy-{source.name}"))
            return
        from timeline.log.postgres import PostgresLog, setup_schema

        self.dsn = suite_dsn()
        self.schema = fresh_schema()
        setup_schema(self.dsn, schema=self.schema)
        with PostgresLog(self.dsn, schema=self.schema) as target:
            copy_log(source, target)

    def open(self, *, read_only: bool = False) -> Any:
        """The log, open (a `SQLiteLog` or a `PostgresLog`)."""
        if self.backend == "sqlite":
            return SQLiteLog(self.path, read_only=read_only)
        from timeline.log.postgres import PostgresLog

        return PostgresLog(self.dsn, schema=self.schema, read_only=read_only)

    @contextlib.contextmanager
    def forger(self) -> Iterator[Any]:
        """A connection of the owner with the log's append-only guard off, in one transaction
        (its statements in SQLite's spelling, ``?`` placeholders); the guard is restored on
        PostgreSQL (disabled and enabled again), gone on SQLite (dropped)."""
        if self.backend == "sqlite":
            from helpers.forgery import raw

            with raw(self.path) as connection:
                yield connection
            return
        import psycopg

        tables = ("records", "record_partners", "meta")
        connection = psycopg.connect(self.dsn, autocommit=True)
        with connection, connection.transaction():
            connection.execute(f'SET LOCAL search_path = "{self.schema}"')
            for table in tables:
                connection.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield _Translating(connection)
            for table in tables:
                connection.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")

    def drop_guard(self) -> None:
        """Drop one trigger of the append-only guard (as the owner)."""
        if self.backend == "sqlite":
            import sqlite3

            with contextlib.closing(sqlite3.connect(self.path)) as connection:
                connection.execute("DROP TRIGGER records_no_update")
                connection.commit()
            return
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as connection:
            connection.execute(f'DROP TRIGGER records_no_change ON "{self.schema}".records')


class _Translating:
    """A psycopg connection that takes SQLite's ``?`` placeholders."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self._connection.execute(sql.replace("?", "%s"), params)
