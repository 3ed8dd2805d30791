"""`PostgresLog`: the event log on a PostgreSQL server, shared by a team (psycopg 3).

The log lives in one PostgreSQL schema (``timeline`` unless told otherwise) with the tables
of the SQLite file: ``meta`` (``format``, ``format_version``), ``records`` (one row per
record: ``seq``, the event's id and kind, the recording time as stored text, the dates
queries filter on, the canonical bytes in ``body`` and the two hashes) and
``record_partners``, the partner index. Triggers refuse every UPDATE, DELETE and TRUNCATE;
`setup_schema` can also grant an application role nothing but SELECT and INSERT.

Several writers, on as many machines as like, share one chain: every append takes a
transaction-scoped advisory lock on the log before it reads the head, so appends are
serialised on the head (no gaps, no duplicate positions, no fork), and the primary key on
``seq`` would refuse a fork even without the lock. A writer that passes
``expected_last_seq`` and loses the race gets `ConcurrencyError` with nothing written.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, cast

import psycopg
from psycopg.types.string import ByteaBinaryLoader

from timeline.errors import LogError
from timeline.events import Event
from timeline.log._base import (
    GENESIS_HASH,
    Clock,
    Closing,
    Record,
    StoredRow,
    Verification,
    check_continuation,
    encode_batch,
    kind_set,
    stored_record,
    utc_now,
    verify_rows,
)
from timeline.log._planner import plan_append
from timeline.log._verify import RawRow, Selection, verified_chunks
from timeline.log.sqlite import FORMAT, FORMAT_VERSION

__all__ = ["PostgresLog", "setup_schema"]

_APPEND_ONLY = "timeline log is append-only"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_REFUSE_BODY = f"BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END"
#: ``pg_trigger.tgtype`` of the guard's triggers: BEFORE UPDATE OR DELETE FOR EACH ROW (row 1,
#: before 2, delete 8, update 16), and BEFORE TRUNCATE FOR EACH STATEMENT (before 2, truncate 32).
_ROW_CHANGE = 1 | 2 | 8 | 16
_TRUNCATE = 2 | 32
_COLUMNS = "seq, recorded_at, body, prev_hash, hash"
_RECORD_COLUMNS = (
    "seq, event_id, kind, recorded_at, published, occurred_start, occurred_end, body, "
    "prev_hash, hash"
)
#: The types of the ``records`` columns, in `_RECORD_COLUMNS` order, for binary COPY.
_COPY_TYPES = ["int8", "text", "text", "text", "text", "text", "text", "bytea", "text", "text"]
#: Records checked together by a filtered, verified read (one neighbour lookup each).
_CHUNK = 5_000
#: Rows a streamed query asks the server for at a time (libpq's chunked-rows mode, libpq 17
#: and later; an older libpq streams row by row).
_STREAM_ROWS = 5_000 if psycopg.pq.version() >= 170000 else 1
#: A read of at most this many positions is fetched at once on the log's own connection.
_FEW = 500

_Row = tuple[int, str, bytes, str, str]


def _schema_statements(s: str) -> list[str]:
    """The statements that create the log's tables, index and triggers in schema `s`."""
    refuse = f'"{s}".refuse_change'
    statements = [
        f'CREATE SCHEMA IF NOT EXISTS "{s}"',
        f'CREATE TABLE "{s}".meta (key text PRIMARY KEY, value text NOT NULL)',
        f"""CREATE TABLE "{s}".records (
            seq bigint PRIMARY KEY,
            event_id text NOT NULL UNIQUE,
            kind text NOT NULL,
            recorded_at text NOT NULL,
            published text,
            occurred_start text,
            occurred_end text,
            body bytea NOT NULL,
            prev_hash text NOT NULL,
            hash text NOT NULL
        )""",
        f"""CREATE TABLE "{s}".record_partners (
            partner text NOT NULL,
            seq bigint NOT NULL REFERENCES "{s}".records(seq),
            PRIMARY KEY (partner, seq)
        )""",
        f'CREATE INDEX records_kind_seq ON "{s}".records (kind, seq)',
        f'CREATE INDEX record_partners_seq ON "{s}".record_partners (seq)',
        f"""CREATE FUNCTION {refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
            {_REFUSE_BODY} $$""",
    ]
    for table in ("records", "record_partners", "meta"):
        statements += [
            f'CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON "{s}".{table} '
            f"FOR EACH ROW EXECUTE FUNCTION {refuse}()",
            f'CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON "{s}".{table} '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {refuse}()",
        ]
    return statements


def _check_schema_name(schema: str) -> str:
    if not _NAME.fullmatch(schema):
        raise LogError(f"a log's schema name is lower-case letters, digits and _: {schema!r}")
    return schema


def _lock_key(schema: str) -> int:
    """The advisory-lock key of the log in `schema` (a signed 64-bit number)."""
    digest = hashlib.sha256(f"timeline-log:{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def setup_schema(dsn: str, *, schema: str = "timeline", app_role: str | None = None) -> None:
    """Create the log in `schema` (if it is not there) with the tables of its stored
    projections (`timeline.fold.stored.ProjectionStore`; added to a log that lacks them) and,
    given `app_role`, grant that role only what an application needs: USAGE on the schema,
    SELECT and INSERT on the log's tables, and SELECT, INSERT, UPDATE and DELETE on the
    projections' (derived data, which ``timeline rebuild`` empties and makes again).

    Run it as the owner of the database (or a role allowed to create schemas); the role must
    exist. Creating is safe against a concurrent set-up of the same log.
    """
    from timeline.log._derived import TABLES as PROJECTION_TABLES

    _check_schema_name(schema)
    try:
        with psycopg.connect(dsn, autocommit=True) as connection:
            _create(connection, schema)
            if app_role is not None:
                role = '"' + app_role.replace('"', '""') + '"'
                tables = ", ".join(
                    f'"{schema}".{t}' for t in ("meta", "records", "record_partners")
                )
                derived = ", ".join(f'"{schema}".{t}' for t in PROJECTION_TABLES)
                with connection.transaction():
                    connection.execute(f"REVOKE ALL ON {tables}, {derived} FROM {role}")
                    connection.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}')
                    connection.execute(f"GRANT SELECT, INSERT ON {tables} TO {role}")
                    connection.execute(
                        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {derived} TO {role}"
                    )
    except psycopg.Error as exc:
        raise LogError(f"cannot set up the log in schema {schema!r}: {exc}") from exc


def _create(connection: psycopg.Connection[Any], schema: str) -> None:
    """Create the log's tables in one transaction, unless they exist (or another process just
    created them: the advisory lock makes concurrent set-ups wait for each other), and the
    tables of its stored projections when they are missing (a log made by an older set-up)."""
    from timeline.log._derived import schema as projection_tables

    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(schema),))
        if not _exists(connection, schema):
            for statement in _schema_statements(schema):
                connection.execute(statement)
            connection.execute(
                f'INSERT INTO "{schema}".meta VALUES (%s, %s), (%s, %s)',
                ("format", FORMAT, "format_version", FORMAT_VERSION),
            )
        if not _has_projection_tables(connection, schema):
            for statement in projection_tables(schema):
                connection.execute(statement)


def _has_projection_tables(connection: psycopg.Connection[Any], schema: str) -> bool:
    from timeline.log._derived import TABLES

    row = connection.execute(
        "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = %s AND tablename = ANY(%s)",
        (schema, list(TABLES)),
    ).fetchone()
    return bool(row and row[0] == len(TABLES))


def _exists(connection: psycopg.Connection[Any], schema: str) -> bool:
    # A query of the catalog tables (not to_regclass, whose catalog snapshot may predate the
    # advisory lock): it sees a log that another process created while this one waited.
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables "
        "WHERE schemaname = %s AND tablename = 'meta')",
        (schema,),
    ).fetchone()
    return bool(row and row[0])


def _cursor(connection: psycopg.Connection[Any], raw: bool) -> psycopg.Cursor[Any]:
    """A cursor whose results come in binary; `raw`: text columns as their stored bytes."""
    cursor = connection.cursor(binary=True)
    if raw:
        cursor.adapters.register_loader("text", ByteaBinaryLoader)
    return cursor


def _idle(connection: psycopg.Connection[Any]) -> bool:
    """True when `connection` is open and outside any transaction or query."""
    return (
        not connection.closed
        and not connection.broken
        and connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    )


class PostgresLog(Closing):
    """An `EventLog` in a PostgreSQL schema, shared by many writers; safe between threads.

    `dsn` is a libpq connection string or URL (``postgresql://user@host/db``). The log's
    tables are created in `schema` when they are missing (unless `read_only`, or `create`
    is false: then a missing log raises `LogError`). `clock` gives the recording times
    (default: now, in UTC). `read_only` refuses appends. A write waits up to `timeout`
    seconds for another writer's lock, then raises `LogError`. A lost connection (a server
    restart) is reopened at the next call; an append that fails on a lost connection may
    or may not have committed: appending the same events again is safe (ids are stored
    once) and tells which.
    """

    def __init__(
        self,
        dsn: str,
        *,
        schema: str = "timeline",
        clock: Clock | None = None,
        read_only: bool = False,
        timeout: float = 5.0,
        create: bool = True,
    ) -> None:
        """Connect to the log at `dsn` (creating it if missing); see the class documentation."""
        self._dsn = dsn
        self._schema = _check_schema_name(schema)
        self._clock: Clock = clock if clock is not None else utc_now
        self._read_only = read_only
        self._timeout = float(timeout)
        self._key = _lock_key(schema)
        self._where = f"the log in schema {schema!r}"
        self._lock = threading.Lock()
        self._closed = False
        self._connection: psycopg.Connection[Any] | None = None
        self._spare: psycopg.Connection[Any] | None = None  # a reader kept between reads
        s = f'"{schema}"'
        self._sql_last = f"SELECT seq, hash FROM {s}.records ORDER BY seq DESC LIMIT 1"
        self._sql_stored = f"SELECT {_COLUMNS}, event_id FROM {s}.records WHERE event_id = ANY(%s)"
        self._sql_insert = f"INSERT INTO {s}.records ({_RECORD_COLUMNS}) VALUES " + (
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )
        self._sql_copy = f"COPY {s}.records ({_RECORD_COLUMNS}) FROM STDIN (FORMAT BINARY)"
        self._sql_partners = (
            f"INSERT INTO {s}.record_partners (partner, seq) "
            "SELECT * FROM unnest(%s::text[], %s::bigint[])"
        )
        with self._lock:
            connection = self._connect()
            try:
                self._prepare(connection, create=create)
            except BaseException:
                self._connection = None
                connection.close()
                raise

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("read-only" if self._read_only else "open")
        return f"<PostgresLog schema {self._schema!r}: {state}>"

    @property
    def schema(self) -> str:
        """The PostgreSQL schema that holds the log."""
        return self._schema

    @property
    def read_only(self) -> bool:
        """True when the log was opened read-only."""
        return self._read_only

    # -- plumbing -----------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        """A new connection, its session set up; `LogError` when the server cannot be reached."""
        connection = self.session(search_path=False)
        self._connection = connection
        return connection

    def session(self, *, search_path: bool = True) -> psycopg.Connection[Any]:
        """A new connection to the log's server (autocommit; the caller closes it), set up as
        the log's own: its lock timeout, read-only when the log is, and (unless told not to)
        ``search_path`` set to the log's schema, so its tables are named bare (what
        `timeline.fold.stored.ProjectionStore` uses). `LogError` when the server cannot be
        reached."""
        try:
            connection = psycopg.connect(self._dsn, autocommit=True, connect_timeout=10)
            try:  # the session's settings in one round trip
                settings = [("lock_timeout", str(int(self._timeout * 1000)))]
                if self._read_only:
                    settings.append(("default_transaction_read_only", "on"))
                if search_path:
                    settings.append(("search_path", f'"{self._schema}"'))
                calls = ", ".join("set_config(%s, %s, false)" for _ in settings)
                connection.execute(f"SELECT {calls}", [v for pair in settings for v in pair])
            except BaseException:
                connection.close()
                raise
        except psycopg.Error as exc:
            raise LogError(f"cannot connect to the PostgreSQL log: {exc}") from exc
        return connection

    def _open_connection(self) -> psycopg.Connection[Any]:
        """The connection (reopened if the server dropped it); call with the lock held."""
        if self._closed:
            raise LogError(f"the PostgreSQL log in schema {self._schema!r} is closed")
        connection = self._connection
        if connection is None or connection.closed or connection.broken:
            connection = self._connect()
        return connection

    def _prepare(self, connection: psycopg.Connection[Any], *, create: bool) -> None:
        try:
            if not _exists(connection, self._schema):
                if self._read_only or not create:
                    raise LogError(f"there is no timeline log in schema {self._schema!r}")
                _create(connection, self._schema)
            meta = dict(connection.execute(f'SELECT key, value FROM "{self._schema}".meta'))
        except psycopg.Error as exc:
            raise self._error(exc, "open") from exc
        if meta.get("format") != FORMAT:
            raise LogError(f"schema {self._schema!r} does not hold a timeline log")
        if meta.get("format_version") != FORMAT_VERSION:
            raise LogError(
                f"schema {self._schema!r} holds a timeline log of format version "
                f"{meta.get('format_version')!r}; this library reads version {FORMAT_VERSION}"
            )

    def _error(self, exc: psycopg.Error, action: str) -> LogError:
        if isinstance(exc, psycopg.errors.LockNotAvailable):
            return LogError(
                f"the log in schema {self._schema!r} is locked by another writer "
                f"(waited {self._timeout} s)"
            )
        return LogError(f"PostgreSQL log {self._schema!r}: cannot {action}: {exc}")

    def _record(self, row: _Row, stamps: dict[str, datetime]) -> Record:
        return stored_record(row, stamps, self._where)

    # -- writing ------------------------------------------------------------------------------

    def append(
        self, events: Iterable[Event], *, expected_last_seq: int | None = None
    ) -> list[Record]:
        """Append `events` in order, all or nothing; one record per event, in input order.

        An event whose id is already stored (or appears earlier in the batch) adds nothing:
        its place in the result holds the stored record. The append holds the log's advisory
        lock from before it reads the head until it commits. When `expected_last_seq` is
        given and is not `last_seq`, raise `ConcurrencyError` and write nothing. An event
        that cannot be encoded raises `SchemaError` and writes nothing. The clock is read
        once per append that writes records. An empty batch returns ``[]``.
        """
        if self._read_only:
            raise LogError(f"the log in schema {self._schema!r} is open read-only: cannot append")
        encoded = encode_batch(events)
        if not encoded:
            return []
        ids = list(dict.fromkeys(item.id for item in encoded))
        with self._head("append") as (cursor, last, head):
            stamps: dict[str, datetime] = {}
            stored = {
                row[5]: self._record(row[:5], stamps)
                for row in cursor.execute(self._sql_stored, (ids,))
            }
            plan = plan_append(
                encoded,
                last_seq=last,
                head=head,
                stored=stored,
                expected_last_seq=expected_last_seq,
                clock=self._clock,
                where=self._where,
            )
            if plan.fresh:
                self._write(cursor, plan.stamp, plan.fresh)
        return plan.records

    @contextlib.contextmanager
    def _head(self, doing: str) -> Iterator[tuple[psycopg.Cursor[Any], int, str]]:
        """A transaction holding the log's advisory lock, with the chain head it read: every
        write goes through here, so writers on any machine are serialised on the head.
        A server error becomes a `LogError` saying what was being done (`doing`)."""
        with self._lock:
            connection = self._open_connection()
            try:
                with connection.transaction():
                    cursor = connection.cursor()
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (self._key,))
                    last, head = cursor.execute(self._sql_last).fetchone() or (0, GENESIS_HASH)
                    yield cursor, last, head
            except psycopg.Error as exc:
                raise self._error(exc, doing) from exc

    def _write(self, cursor: psycopg.Cursor[Any], stamp: str, fresh: Sequence[Any]) -> None:
        rows = [item.dated_row(record, stamp) for item, record in fresh]
        self._insert_rows(cursor, rows)
        partners = [(p, record.seq) for item, record in fresh for p in item.partners]
        self._insert_partners(cursor, partners)

    def _insert_rows(self, cursor: psycopg.Cursor[Any], rows: Sequence[Sequence[Any]]) -> None:
        if len(rows) == 1:
            cursor.execute(self._sql_insert, rows[0])
            return
        with cursor.copy(self._sql_copy) as copy:
            copy.set_types(_COPY_TYPES)
            for row in rows:
                copy.write_row(row)

    def _insert_partners(
        self, cursor: psycopg.Cursor[Any], partners: Sequence[tuple[str, int]]
    ) -> None:
        if partners:
            cursor.execute(
                self._sql_partners,
                ([p for p, _ in partners], [seq for _, seq in partners]),
            )

    def _import_rows(self, rows: Sequence[StoredRow]) -> None:
        """Write stored rows of another log as they are, after checking they continue this
        log's chain (for `copy_log`); `IntegrityError` and nothing written otherwise."""
        with self._head("copy into") as (cursor, last, head):
            plain = check_continuation(rows, last, head)
            self._insert_rows(cursor, [row[:10] for row in plain])
            partners = [(str(p), row.seq) for row in plain for p in row.partners]
            self._insert_partners(cursor, partners)

    # -- reading ------------------------------------------------------------------------------

    def read(
        self,
        *,
        after: int = 0,
        partner: str | None = None,
        kinds: Iterable[str] | None = None,
        until: int | None = None,
        verify: bool = False,
    ) -> Iterator[Record]:
        """The records with ``after < seq <= until``, in sequence order, optionally filtered.

        `partner` keeps events whose ``partners`` contain it (through the partner index);
        `kinds` keeps events of those kind tags (a single string is one kind; an unknown tag
        is a `SchemaError`). Records stream from one query on a connection of the read's own
        (decoded as they arrive, while the server sends the next; a range of a few records
        is fetched at once instead); the read holds the records that existed when it
        started. With `verify`, each chunk is checked against the hash chain from its stored
        bytes before any of it is returned (`timeline.log._verify`, as `SQLiteLog` does):
        `IntegrityError` names the first record that does not match.
        """
        tags = kind_set(kinds)
        last = self.last_seq
        stop = last if until is None else min(until, last)
        start = max(0, after)
        if (tags is not None and not tags) or stop <= start:
            return iter(())
        s = f'"{self._schema}"'
        if partner is None:
            sql = f"SELECT {_COLUMNS} FROM {s}.records WHERE seq > %s AND seq <= %s"
            params: list[Any] = []
            order = "seq"
        else:
            columns = ", ".join(f"r.{c.strip()}" for c in _COLUMNS.split(","))
            sql = (
                f"SELECT {columns} FROM {s}.record_partners AS p JOIN {s}.records AS r "
                "ON r.seq = p.seq WHERE p.partner = %s AND p.seq > %s AND p.seq <= %s"
            )
            params = [partner]
            order = "p.seq"
        args = [*params, start, stop]
        if tags is not None:
            sql += " AND kind = ANY(%s)"
            args.append(sorted(tags))
        sql += f" ORDER BY {order}"
        few = stop - start <= _FEW
        if verify:
            return self._stream_verified(sql, args, start, stop, last, partner, tags, few)
        return self._stream(sql, args, few)

    def _stream_verified(
        self, sql: str, args: list[Any], start: int, stop: int, last: int,
        partner: str | None, tags: frozenset[str] | None, few: bool,
    ) -> Iterator[Record]:  # fmt: skip
        """`_stream`, checked as `SQLiteLog`'s verified read is (`timeline.log._verify`): the
        stream is taken in chunks, each checked before any of it is returned (while the
        server sends the next). A contiguous read checks that the chunk continues the chain
        from record `start` without a gap; a filtered one checks each row against its own
        bytes and its links to the records before and after it (fetched in one lookup a
        chunk), so it costs what it returns, not what the rest of the log costs."""
        streamed = self._rows(sql, args, raw=True, few=few)

        def fetch(_: int) -> list[RawRow]:
            return list(itertools.islice(streamed, _CHUNK))

        selection = Selection(start, stop, last, partner, tags)
        where = f"schema {self._schema}"
        yield from verified_chunks(fetch, self._stored_hashes, selection, where, _CHUNK)

    def _stored_hashes(self, seqs: Sequence[int]) -> dict[int, tuple[bytes, bytes]]:
        """The stored prev_hash and hash (as bytes) of those of the records `seqs` stored."""
        if not seqs:
            return {}
        sql = f'SELECT seq, prev_hash, hash FROM "{self._schema}".records WHERE seq = ANY(%s)'
        rows = self._fetch(sql, [list(seqs)], raw=True)
        return {seq: (prev, digest) for seq, prev, digest in rows}

    def _fetch(self, sql: str, args: Sequence[Any], *, raw: bool = False) -> list[Any]:
        """Every row of one query, on the log's own connection (`raw`: as `_streamed`)."""
        with self._lock:
            try:
                return _cursor(self._open_connection(), raw).execute(sql, args).fetchall()
            except psycopg.Error as exc:
                raise self._error(exc, "read") from exc

    def _rows(
        self, sql: str, args: Sequence[Any], *, raw: bool = False, few: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of one query: streamed (`_streamed`), or, for a read of `few` records
        (a range of at most `_FEW`), fetched at once on the log's own connection,
        which costs one round trip and no connection of its own."""
        return iter(self._fetch(sql, args, raw=raw)) if few else self._streamed(sql, args, raw=raw)

    def _stream(self, sql: str, args: list[Any], few: bool) -> Iterator[Record]:
        stamps: dict[str, datetime] = {}
        where = self._where
        for row in self._rows(sql, args, few=few):
            yield stored_record(row, stamps, where)
            if len(stamps) > _CHUNK:
                stamps.clear()

    # -- streaming ----------------------------------------------------------------------------

    def _streamed(
        self, sql: str, args: Sequence[Any], *, raw: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of one query, in binary, as the server sends them (`raw`: text columns as
        their stored bytes, as a verifying read hashes them): on a connection of the
        read's own (the spare one kept from an earlier read, or a new one), so the server
        computes and sends the next rows while these are decoded and folded, and the log's
        other calls go on meanwhile. A spare that the server dropped (a restart) is replaced
        before the first row; a server error becomes a `LogError`."""
        for attempt in range(2):
            connection, kept = self._reader()
            stream = _cursor(connection, raw).stream(sql, args, size=_STREAM_ROWS)
            rows = cast(Generator[tuple[Any, ...]], stream)  # a generator: closed below
            try:
                first = next(rows, None)  # sends the query
                break
            except psycopg.Error as exc:
                self._release(connection)  # closed unless idle
                if attempt or not kept or not isinstance(exc, psycopg.OperationalError):
                    raise self._error(exc, "read") from exc
        try:
            if first is not None:
                yield first
                yield from rows
        except psycopg.Error as exc:
            raise self._error(exc, "read") from exc
        finally:
            rows.close()  # an abandoned read: the query is cancelled and its rows drained
            self._release(connection)

    def _reader(self) -> tuple[psycopg.Connection[Any], bool]:
        """A connection for one streamed read, and whether it is the spare kept from before."""
        with self._lock:
            if self._closed:
                raise LogError(f"the PostgreSQL log in schema {self._schema!r} is closed")
            spare, self._spare = self._spare, None
        if spare is not None:
            if _idle(spare):
                return spare, True
            spare.close()
        return self.session(search_path=False), False

    def _release(self, connection: psycopg.Connection[Any]) -> None:
        """Keep `connection` as the spare reader when it is idle and none is kept; else close."""
        with self._lock:
            if _idle(connection) and not self._closed and self._spare is None:
                self._spare = connection
                return
        connection.close()

    def _last(self) -> tuple[int, str]:
        with self._lock:
            try:
                row = self._open_connection().execute(self._sql_last).fetchone()
            except psycopg.Error as exc:
                raise self._error(exc, "read") from exc
        return (0, GENESIS_HASH) if row is None else (row[0], row[1])

    @property
    def last_seq(self) -> int:
        """The position of the last record (read from the server); 0 when the log is empty."""
        return self._last()[0]

    @property
    def head(self) -> str:
        """The hash of the last record (read from the server); `GENESIS_HASH` when empty."""
        return self._last()[1]

    def get(self, event_id: str) -> Record | None:
        """The record of the event with id `event_id`, or None."""
        sql = f'SELECT {_COLUMNS} FROM "{self._schema}".records WHERE event_id = %s'
        with self._lock:
            try:
                row = self._open_connection().execute(sql, (event_id,)).fetchone()
            except psycopg.Error as exc:
                raise self._error(exc, "read") from exc
        return None if row is None else self._record(row, {})

    def __len__(self) -> int:
        """The number of records: the last position, since positions have no gaps."""
        return self.last_seq

    # -- checking and closing -----------------------------------------------------------------

    def stored_rows(self, after: int = 0) -> Iterator[StoredRow]:
        """Every stored row after position `after` in seq order, with its partners, as
        stored (for `verify` and `copy_log`); one streamed query, so one consistent snapshot
        of the records that existed when it began (a merge join of the records with their
        partners, both in seq order: the server sends rows as it reads them)."""
        s = f'"{self._schema}"'
        columns = ", ".join(f"r.{c.strip()}" for c in _RECORD_COLUMNS.split(","))
        sql = (
            f"SELECT {columns}, coalesce(p.partners, '{{}}') FROM {s}.records AS r "
            "LEFT JOIN (SELECT seq, array_agg(partner ORDER BY partner) AS partners "
            f"FROM {s}.record_partners WHERE seq > %s AND seq <= %s GROUP BY seq) AS p "
            "ON p.seq = r.seq WHERE r.seq > %s AND r.seq <= %s ORDER BY r.seq"
        )
        stop = self.last_seq
        if stop <= after:
            return
        for row in self._streamed(sql, (after, stop, after, stop)):
            yield StoredRow._make((*row[:10], tuple(row[10]), True))

    def guarded(self) -> bool:
        """True when the log's append-only guard is whole: each trigger that refuses an UPDATE,
        DELETE or TRUNCATE of the log's tables is there, enabled, as this library made it, and
        calls the function that refuses, unchanged.

        A record can be changed in place only by a role that owns the tables (the application
        role of `setup_schema` cannot) and only once a trigger is dropped or disabled; answers
        that read no record (stored projections) trust the log only while its guard is
        whole, and verify the chain first otherwise (`verify`). Like `SQLiteLog.guarded`, it
        cannot see a trigger disabled and enabled again in between.
        """
        expected = {
            f"{table}_{name}": kind
            for table in ("records", "record_partners", "meta")
            for name, kind in (("no_change", _ROW_CHANGE), ("no_truncate", _TRUNCATE))
        }
        sql = (
            "SELECT t.tgname, t.tgtype, t.tgenabled, c.relname, p.proname, p.prosrc "
            "FROM pg_catalog.pg_trigger AS t "
            "JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
            "JOIN pg_catalog.pg_proc AS p ON p.oid = t.tgfoid "
            "WHERE n.nspname = %s AND p.pronamespace = n.oid AND NOT t.tgisinternal "
            "AND t.tgqual IS NULL AND t.tgattr = ''::int2vector"
        )
        with self._lock:
            try:
                rows = self._open_connection().execute(sql, (self._schema,)).fetchall()
            except psycopg.Error as exc:
                raise self._error(exc, "read") from exc
        found = {
            name: kind
            for name, kind, enabled, table, function, source in rows
            if enabled in ("O", "A") and name.startswith(f"{table}_")
            and function == "refuse_change" and source.strip() == _REFUSE_BODY
        }  # fmt: skip
        return all(found.get(name) == kind for name, kind in expected.items())

    def verify(self) -> Verification:
        """Walk the whole chain in order and report the first record that does not match.

        Hashes are recomputed from the stored bytes of each record (its ``body`` and
        ``recorded_at`` text exactly as stored); each body is decoded and compared with the
        stored id, kind, dates and partner index.
        """
        s = f'"{self._schema}"'
        with self._lock:
            try:
                strays = [
                    seq
                    for (seq,) in self._open_connection().execute(
                        # NOT EXISTS, an anti-join: NOT IN (subquery) may be planned as a
                        # nested scan, minutes at 100,000 records
                        f"SELECT DISTINCT p.seq FROM {s}.record_partners AS p WHERE NOT EXISTS "
                        f"(SELECT 1 FROM {s}.records AS r WHERE r.seq = p.seq)"
                    )
                ]
            except psycopg.Error as exc:
                raise self._error(exc, "verify") from exc
        return verify_rows(self.stored_rows(), stray_partner_seqs=strays)

    def close(self) -> None:
        """Close the connections (a read still streaming closes its own when it ends); further
        use raises `LogError`. Closing twice is fine."""
        with self._lock:
            self._closed = True
            connection, self._connection = self._connection, None
            spare, self._spare = self._spare, None
        for held in (connection, spare):
            if held is not None:
                held.close()
