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
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeGuard

from timeline.errors import LogError
from timeline.log import SQLiteLog
from timeline.log._derived import TABLES, schema

if TYPE_CHECKING:
    from timeline.log.postgres import PostgresLog

__all__ = ["TABLES", "Rows", "StoreConnection", "connect", "keeps_projections", "schema"]


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


class _ReadError(LogError):
    """A driver error while reading the stored projections, named (a `LogError`)."""


_FROM = re.compile(r"\bFROM\s+([\w.]+)", re.IGNORECASE)


def _what(sql: str) -> str:
    """What `sql` does, for a message: the tables it reads, or the statement itself."""
    tables = list(dict.fromkeys(_FROM.findall(sql)))
    return "read " + ", ".join(tables) if tables else sql.split(" FROM ")[0][:60]


class Rows:
    """The rows a statement returned, all fetched (so a read's errors come from `execute`):
    iterate them, or take `fetchone` / `fetchall` as from a driver's cursor."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[Any]) -> None:
        """Hold `rows`."""
        self._rows = rows

    def __iter__(self) -> Iterator[Any]:
        """The rows in order."""
        return iter(self._rows)

    def fetchone(self) -> Any:
        """The first row, or None when there is none."""
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        """Every row."""
        return self._rows


class StoreConnection:
    """The store's connection to its log's database, in that database's dialect (see the
    module docs). `where` names the database in messages; `errors` are its driver's errors
    (and the `LogError` that a failed read raises).

    A statement outside a write transaction that fails raises `LogError` naming the database
    and what was read; inside one (`begin_write`), the driver's error stands, for the
    writer to roll back and report. On PostgreSQL, results come in binary (bytea bodies
    as they are stored, not in hex) and every row of a result in one call."""

    def __init__(
        self, db: Any, *, postgres: bool, where: str, errors: tuple[type[Exception], ...],
        lock_key: int = 0, reopen: Callable[[], Any] | None = None,
    ) -> None:  # fmt: skip
        """Wrap the driver connection `db` (in autocommit mode); `reopen` gives a new one
        when the server dropped it (a restart), as the log's own connection is reopened."""
        self._db = db
        self.postgres = postgres
        self.where = where
        self._driver = errors
        self.errors: tuple[type[Exception], ...] = (*errors, _ReadError)
        self._lock_key = lock_key
        self._reopen = reopen
        self._in_transaction = False
        self._writing = False

    def _sql(self, sql: str) -> str:
        return _to_postgres(sql) if self.postgres else sql

    def _send(self, sql: str, params: tuple[Any, ...] | list[Any]) -> Any:
        if not self.postgres:
            return self._db.execute(sql, params)
        cursor = self._db.cursor(binary=True)
        cursor.execute(sql, params)
        return cursor

    def _run(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Rows:
        """Run `sql` as written, its rows fetched; outside a transaction, on a connection the
        server dropped (a restart), once more on a new one (inside one, the error stands:
        the transaction is lost). Outside a write, a failure is a `LogError`."""
        try:
            try:
                cursor = self._send(sql, params)
            except self._driver:
                db = self._db
                if self._reopen is None or self._in_transaction or not (db.closed or db.broken):
                    raise
                db.close()
                self._db = self._reopen()
                cursor = self._send(sql, params)
            return Rows(cursor.fetchall() if cursor.description is not None else [])
        except self._driver as exc:
            if self._writing:
                raise
            raise _ReadError(
                f"{self.where}: cannot read the stored projections ({_what(sql)}): {exc}"
            ) from exc

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Rows:
        """Run `sql` (SQLite's spelling) with `params`; its rows."""
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
        self._writing = True
        try:
            self._run("BEGIN") if self.postgres else self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._writing = False
            raise
        self._in_transaction = True
        if self.postgres:
            try:  # waits up to the log's lock timeout for another writer of the projections
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
            except BaseException:
                self.rollback()
                raise

    def commit(self) -> None:
        """Commit the transaction begun."""
        self._end("COMMIT")

    def rollback(self) -> None:
        """Roll the transaction begun back."""
        self._end("ROLLBACK")

    def _end(self, statement: str) -> None:
        self._in_transaction = False
        try:
            self._run(statement)
        finally:
            self._writing = False

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
