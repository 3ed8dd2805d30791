"""The SQL dialects of `timeline.fold.stored.ProjectionStore`: SQLite and PostgreSQL.

The store's SQL is written once, in SQLite's spelling (``?`` placeholders, ``ON CONFLICT``
upserts, which both servers read alike); `StoreConnection` is the one place where the two
backends differ:

- the connection: the log file's own (`SQLiteLog`), or a session on the log's server with
  ``search_path`` set to the log's schema (`PostgresLog.session`), so the tables are named
  bare in both;
- placeholders (``?`` becomes ``%s`` for psycopg), and the types of the tables (`schema`:
  ``BLOB`` becomes ``BYTEA``, positions ``BIGINT``);
- transactions: a write takes SQLite's file lock (``BEGIN IMMEDIATE``) or a
  transaction-scoped advisory lock of the schema's projections (so writers of the
  projections are serialised as on SQLite); a read is one snapshot (``REPEATABLE READ``);
- the tables' life: in SQLite they are created by the first write and dropped by a rebuild;
  on PostgreSQL they are created with the log by `timeline.log.postgres.setup_schema` and
  belong to the schema's owner, so a rebuild empties them (``DELETE``) where SQLite drops
  them, and the application role needs no right to create or drop anything.

The committed totals need no dialect: the amounts are stored as their exact decimal text,
selected grouped by value and summed in Python (`timeline.fold.state.sum_amounts`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from timeline.errors import LogError
from timeline.log import SQLiteLog
from timeline.log._derived import TABLES, schema

if TYPE_CHECKING:
    from timeline.log.postgres import PostgresLog

__all__ = ["TABLES", "StoreConnection", "connect", "keeps_projections", "schema"]

def _postgres_log_type() -> type[PostgresLog] | None:
    try:
        from timeline.log.postgres import PostgresLog
    except ImportError:  # psycopg (the ``postgres`` extra) is not installed
        return None
    return PostgresLog


def keeps_projections(log: object) -> TypeGuard[SQLiteLog | PostgresLog]:
    """Whether `log` can keep stored projections: a `SQLiteLog` file or a `PostgresLog`."""
    if isinstance(log, SQLiteLog):
        return log.path not in ("", ":memory:")
    postgres = _postgres_log_type()
    return postgres is not None and isinstance(log, postgres)


_DROP = re.compile(r"DROP TABLE IF EXISTS (\w+)")


@functools.lru_cache(maxsize=256)
def _to_postgres(sql: str) -> str:
    """`sql` in PostgreSQL's spelling: ``%s`` placeholders; a dropped table emptied."""
    return _DROP.sub(r"DELETE FROM \1", sql).replace("?", "%s")


class StoreConnection:
    """The store's connection to its log's database, in that database's dialect (see the
    module docs). `where` names the database in messages; `errors` are its driver's errors."""

    def __init__(
        self, db: Any, *, postgres: bool, where: str, errors: tuple[type[Exception], ...],
        lock_key: int = 0, reopen: Callable[[], Any] | None = None,
    ) -> None:  # fmt: skip
        """Wrap the driver connection `db` (in autocommit mode); `reopen` gives a new one
        when the server dropped it (a restart), as the log's own connection is reopened."""
        self._db = db
        self.postgres = postgres
        self.where = where
        self.errors = errors
        self._lock_key = lock_key
        self._reopen = reopen
        self._in_transaction = False

    def _sql(self, sql: str) -> str:
        return _to_postgres(sql) if self.postgres else sql

    def _run(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        """Run `sql` as written; outside a transaction, on a connection the server dropped
        (a restart), once more on a new one (inside one, the error stands: it is lost)."""
        try:
            return self._db.execute(sql, params)
        except self.errors:
            db = self._db
            if self._reopen is None or self._in_transaction or not (db.closed or db.broken):
                raise
            db.close()
            self._db = self._reopen()
            return self._db.execute(sql, params)

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        """Run `sql` (SQLite's spelling) with `params`; the driver's cursor."""
        return self._run(self._sql(sql), params)

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run `sql` once per row of `rows`."""
        if not self.postgres:
            self._db.executemany(sql, rows)
        elif rows:
            with self._db.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)

    def begin_read(self) -> None:
        """Begin a transaction that reads one snapshot of the tables."""
        self._run("BEGIN ISOLATION LEVEL REPEATABLE READ" if self.postgres else "BEGIN")
        self._in_transaction = True

    def begin_write(self) -> None:
        """Begin a write transaction, serialised with every other writer of the projections."""
        if self.postgres:
            self._run("BEGIN")
            self._in_transaction = True
            try:  # waits up to the log's lock timeout for another writer of the projections
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
            except BaseException:
                self.rollback()
                raise
        else:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_transaction = True

    def commit(self) -> None:
        """Commit the transaction begun."""
        self._in_transaction = False
        self._db.execute("COMMIT")

    def rollback(self) -> None:
        """Roll the transaction begun back."""
        self._in_transaction = False
        self._db.execute("ROLLBACK")

    def schema(self) -> tuple[str, ...]:
        """The statements a write runs first to create missing tables (none on PostgreSQL:
        `setup_schema` made them)."""
        return () if self.postgres else schema()

    def has_tables(self) -> bool:
        """Whether every table of the store exists."""
        if self.postgres:
            sql = ("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                   "AND tablename IN (%s, %s, %s)")  # fmt: skip
        else:
            sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?)"
        found = self._run(sql, TABLES).fetchone()
        return bool(found[0] == len(TABLES))

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


def _lock_key(schema_name: str) -> int:
    """The advisory-lock key of the projections of the log in `schema_name` (not the log's)."""
    digest = hashlib.sha256(f"timeline-projections:{schema_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def connect(log: SQLiteLog | PostgresLog, *, timeout: float = 5.0) -> StoreConnection:
    """A connection of the store of `log`: to its file (read-only when the log is), or a
    session on its server; `LogError` for a log held only in memory."""
    if isinstance(log, SQLiteLog):
        if log.path in ("", ":memory:"):
            raise LogError("projections are kept in a log file, not in an in-memory log")
        path = f"file:{log.path}?mode=ro" if log.read_only else str(log.path)
        db = sqlite3.connect(
            path, uri=log.read_only, timeout=timeout, isolation_level=None,
            check_same_thread=False,
        )  # fmt: skip
        return StoreConnection(db, postgres=False, where=str(log.path), errors=(sqlite3.Error,))
    import psycopg

    return StoreConnection(
        log.session(),
        postgres=True,
        where=f"the log in schema {log.schema!r}",
        errors=(psycopg.Error,),
        lock_key=_lock_key(log.schema),
        reopen=log.session,
    )
