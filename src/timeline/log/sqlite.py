"""`SQLiteLog`: the embedded default event log, one SQLite file in WAL mode.

The file holds three tables. ``meta`` names the format (``format = 'timeline-log'``,
``format_version = '2'``). ``records`` holds one row per record: its position ``seq``, the
event's id and kind, the recording time, the canonical bytes of the event in ``body`` and
the two hashes of the chain. ``record_partners`` indexes records by partner. Triggers
refuse every UPDATE and DELETE, so the file is append-only for anything short of dropping
them; `SQLiteLog.verify` finds whatever was changed even then. Files of format version 1
(which also stored the event's dates, and the hashes as hex text) are read, verified and
appended to in their own layout (`timeline.log._sqlite_layout`).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from timeline.errors import LogError
from timeline.events import Event
from timeline.log._base import (
    GENESIS_HASH,
    Clock,
    Closing,
    Encoded,
    Record,
    StoredRow,
    Verification,
    check_continuation,
    collector_paused,
    encode_batch,
    kind_set,
    stored_record,
    utc_now,
    verify_rows,
)
from timeline.log._planner import Plan, plan_append
from timeline.log._sqlite_layout import LAYOUTS, TRIGGERS, Layout
from timeline.log._verify import RawRow, Selection, verified_chunks

__all__ = ["FORMAT", "FORMAT_VERSION", "SQLiteLog"]

#: The value of ``meta.format`` in every timeline log file.
FORMAT = "timeline-log"
#: The value of ``meta.format_version`` that this library writes (it reads `LAYOUTS`' too).
FORMAT_VERSION = "2"
#: The schema of a new file.
_SCHEMA: tuple[str, ...] = LAYOUTS[FORMAT_VERSION].schema

_INSERT_PARTNER = "INSERT INTO record_partners VALUES (?, ?)"
#: One query for what an append checks first: the last record (``found = 0``: its seq and
#: hash), then the stored records of the batch's ids (``found = 1``). Half the statements of
#: asking separately, which a one-event append notices.
_HEAD_AND_STORED = (
    "SELECT 0, seq, NULL, NULL, NULL, {hash}, NULL FROM "
    "(SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1) "
    "UNION ALL SELECT 1, {columns}, event_id FROM records WHERE event_id IN ({marks})"
)
#: Records fetched per query when streaming a read, and ids per ``IN (...)`` lookup.
_CHUNK = 1_000
_LOOKUP = 500
#: The page cache of a connection (negative: KiB), and the WAL pages between checkpoints:
#: many for large appends, few for small ones (see `SQLiteLog._pace`).
_CACHE_KIB = -32_768
_CHECKPOINT_PAGES = 8_192
_SMALL_CHECKPOINT_PAGES = 256
#: The page size of a new file (a file keeps the one it was made with): SQLite's default.
#: Larger pages made batched appends of 1,000 events about 5% faster at 100,000 records and
#: single durable appends about 7% slower (each commit writes whole pages), and would write
#: more of the random event-id index per batch as a log grows (`docs/decisions.md`).
_PAGE_SIZE = 4_096
#: Appends of at most this many events are small.
_SMALL = 8

_Row = tuple[int, str, bytes, str, str]


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


class SQLiteLog(Closing):
    """An `EventLog` in one SQLite file (WAL mode), safe to share between threads.

    `path` is created when it does not exist (unless `read_only`); ``":memory:"`` gives a
    private in-memory database. A file that is not a timeline log raises `LogError`.
    `clock` gives the recording times (default: now, in UTC). `read_only` opens the file
    read-only and refuses appends. A write waits up to `timeout` seconds for another
    writer's lock and then raises `LogError`. `durable` syncs every commit to disk
    (``synchronous=FULL``); without it a power cut may lose the last commits, never the
    file (``synchronous=NORMAL``).

    `last_seq` and `head` are read from the file each time, so appends by other
    processes are seen. Every sqlite3 error surfaces as a `LogError` naming the file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Clock | None = None,
        read_only: bool = False,
        timeout: float = 5.0,
        durable: bool = True,
    ) -> None:
        """Open (or create) the log at `path`; see the class documentation."""
        self._name = os.fspath(path)
        self._clock: Clock = clock if clock is not None else utc_now
        self._read_only = read_only
        self._timeout = float(timeout)
        self._lock = threading.Lock()
        self._layout: Layout = LAYOUTS[FORMAT_VERSION]
        self._sql = _Statements(self._layout)
        self._checkpoint = _CHECKPOINT_PAGES
        #: Whether the last lookup of an append found none of its ids stored (`_transaction`).
        self._guess = True
        in_memory = self._name in ("", ":memory:")
        if read_only and in_memory:
            raise LogError("an in-memory log cannot be opened read-only")
        if read_only and not os.path.isfile(self._name):
            raise LogError(f"{self._name} does not exist")
        try:
            if read_only:
                uri = pathlib.Path(self._name).resolve().as_uri() + "?mode=ro"
                connection = sqlite3.connect(
                    uri,
                    uri=True,
                    timeout=self._timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                connection = sqlite3.connect(
                    self._name,
                    timeout=self._timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
        except sqlite3.Error as exc:
            raise LogError(f"{self._name} cannot be opened: {exc}") from exc
        self._connection: sqlite3.Connection | None = connection
        try:
            self._prepare(connection, in_memory=in_memory, durable=durable)
        except BaseException:
            self._connection = None
            connection.close()
            raise

    def _prepare(self, connection: sqlite3.Connection, *, in_memory: bool, durable: bool) -> None:
        """Check the file is a timeline log (creating one in an empty file) and set it up.

        Nothing is changed in a file that is not a timeline log: it is checked first.
        """
        try:
            tables = self._tables(connection)
        except sqlite3.DatabaseError as exc:
            if _is_busy(exc):
                raise self._error(exc, "open") from exc
            raise LogError(f"{self._name} is not a timeline log ({exc})") from exc
        if tables or self._read_only:
            self._check_format(connection, tables)
        with self._errors("open"):
            connection.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            connection.execute("PRAGMA foreign_keys = ON")
            # A page cache that holds the event-id index of a large log, and (below) fewer,
            # larger checkpoints: appends at a million records stay near their small-log speed.
            connection.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
            if self._read_only:
                connection.execute("PRAGMA query_only = ON")
                return
            connection.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            if not tables:  # a new file: its page size is set before anything is written
                connection.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
            if not in_memory:
                # Turning a new file to WAL needs it unlocked, and SQLite does not wait for
                # that (its busy handler is not called here): we wait, up to the timeout.
                self._waiting(lambda: connection.execute("PRAGMA journal_mode = WAL"))
                connection.execute(f"PRAGMA wal_autocheckpoint = {self._checkpoint}")
            if not tables:
                self._create(connection)
                self._check_format(connection, self._tables(connection))

    def _waiting(self, action: Callable[[], object]) -> None:
        """Run `action`, again and again while the file is locked, until the timeout."""
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                action()
                return
            except sqlite3.Error as exc:
                left = deadline - time.monotonic()
                if not _is_busy(exc) or left <= 0:
                    raise
                time.sleep(min(0.02, left))

    def _check_format(self, connection: sqlite3.Connection, tables: set[str]) -> None:
        """Raise `LogError` unless ``meta`` names this format and version."""
        not_ours = f"{self._name} is not a timeline log"
        if "meta" not in tables:
            raise LogError(not_ours)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            if _is_busy(exc):
                raise self._error(exc, "open") from exc
            raise LogError(f"{not_ours} ({exc})") from exc
        if meta.get("format") != FORMAT:
            raise LogError(not_ours)
        layout = LAYOUTS.get(str(meta.get("format_version")))
        if layout is None:
            raise LogError(
                f"{self._name} is a timeline log of format version "
                f"{meta.get('format_version')!r}; this library reads versions "
                f"{', '.join(LAYOUTS)}"
            )
        self._layout = layout
        self._sql = _Statements(layout)

    @staticmethod
    def _tables(connection: sqlite3.Connection) -> set[str]:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}

    def _create(self, connection: sqlite3.Connection) -> None:
        """Create the schema in one transaction, unless another process just did."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            if not self._tables(connection):
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("format", FORMAT), ("format_version", FORMAT_VERSION)],
                )
            connection.execute("COMMIT")
        except BaseException:
            _rollback(connection)
            raise

    # -- plumbing -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        state = (
            "closed" if self._connection is None else ("read-only" if self._read_only else "open")
        )
        return f"<SQLiteLog {self._name!r}: {state}>"

    @property
    def path(self) -> str:
        """The path the log was opened with."""
        return self._name

    @property
    def read_only(self) -> bool:
        """True when the log was opened read-only."""
        return self._read_only

    def _open_connection(self) -> sqlite3.Connection:
        connection = self._connection
        if connection is None:
            raise LogError(f"{self._name} is closed")
        return connection

    def _error(self, exc: sqlite3.Error, action: str) -> LogError:
        if _is_busy(exc):
            return LogError(f"{self._name} is locked by another writer (waited {self._timeout} s)")
        return LogError(f"{self._name}: cannot {action}: {exc}")

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn sqlite3 errors into `LogError` naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(exc, action) from exc

    def _record(self, row: _Row, stamps: dict[str, datetime]) -> Record:
        return stored_record(row, stamps, self._name)

    # -- writing ------------------------------------------------------------------------------

    def append(
        self, events: Iterable[Event], *, expected_last_seq: int | None = None
    ) -> list[Record]:
        """Append `events` in order, all or nothing; one record per event, in input order.

        An event whose id is already stored (or appears earlier in the batch) adds nothing:
        its place in the result holds the stored record. When `expected_last_seq` is given
        and is not `last_seq`, raise `ConcurrencyError` and write nothing (checked inside the
        write transaction). An event that cannot be encoded raises `SchemaError` and writes
        nothing (every event is encoded before the transaction begins). The clock is read
        once per append that writes records, inside the transaction. An empty batch returns
        ``[]`` and checks nothing.
        """
        self._open_connection()
        if self._read_only:
            raise LogError(f"{self._name} is open read-only: cannot append")
        with collector_paused():
            encoded = encode_batch(events)
            if not encoded:
                return []
            # Plain try/except rather than `_errors`: a one-event append is short enough
            # that the context manager's own cost shows.
            with self._lock:
                connection = self._open_connection()
                try:
                    self._pace(connection, len(encoded))
                    records = self._transaction(connection, encoded, expected_last_seq)
                except sqlite3.Error as exc:
                    raise self._error(exc, "append") from exc
        return records

    def _pace(self, connection: sqlite3.Connection, count: int) -> None:
        """Checkpoint the WAL often when appends are small, seldom when they are large.

        A durable commit syncs the WAL; syncing a file that grew costs the file system about
        twice what syncing rewritten pages does, and SQLite rewrites the WAL from its start
        after each checkpoint. So small appends (a few pages each) keep a short WAL that is
        rewritten in place, and large ones a long WAL, checkpointed seldom (a checkpoint
        copies every page written since into the database and syncs it).
        """
        pages = _SMALL_CHECKPOINT_PAGES if count <= _SMALL else _CHECKPOINT_PAGES
        if pages != self._checkpoint and self._name not in ("", ":memory:"):
            connection.execute(f"PRAGMA wal_autocheckpoint = {pages}")
            self._checkpoint = pages

    def _transaction(
        self, connection: sqlite3.Connection, encoded: list[Encoded], expected_last_seq: int | None
    ) -> list[Record]:
        """The append's write transaction: `_append` inside BEGIN IMMEDIATE ... COMMIT.

        A large batch looks up only its last id while the appends before found none of theirs
        stored (`_guess`): when that one is not stored, the append certainly writes a record
        (so the clock is read, as it would be anyway), and the UNIQUE index on event ids checks
        the others as they are inserted. An id found stored there rolls the transaction back,
        to run again with every id looked up, at the recording time already read (the clock
        is read once). Another writer may append between the two; the append then works as if
        it had begun after it.
        """
        guess, clock = self._guess and len(encoded) > _SMALL, self._clock
        while True:
            connection.execute("BEGIN IMMEDIATE")
            try:
                records = self._append(connection, encoded, expected_last_seq, guess, clock)
                connection.execute("COMMIT")
                return records
            except _Stored as stored:
                _rollback(connection)
                guess = self._guess = False
                clock = stored.clock
            except BaseException:
                _rollback(connection)
                raise

    def _append(
        self,
        connection: sqlite3.Connection,
        encoded: list[Encoded],
        expected_last_seq: int | None,
        guess: bool,
        clock: Clock,
    ) -> list[Record]:
        """Plan the append after the log's head and write its new records; with `guess`,
        without looking the batch's ids up (`_transaction`)."""
        if guess:  # one id looked up: when it is not stored, the append writes its record
            last, head, rows = self._head_and_stored(connection, encoded[-1:])
            guess = not rows
        if not guess:
            last, head, rows = self._head_and_stored(connection, encoded)
            self._guess = not rows
        stamps: dict[str, datetime] = {}
        stored = {event_id: self._record(row, stamps) for event_id, row in rows.items()}
        plan = plan_append(
            encoded,
            last_seq=last,
            head=head,
            stored=stored,
            expected_last_seq=expected_last_seq,
            clock=clock,
            where=self._name,
        )
        if plan.fresh:
            try:
                self._insert(connection, plan)
            except sqlite3.IntegrityError:
                if not guess:
                    raise
                raise _Stored(plan.fresh[0].record.recorded_at) from None
        return plan.records

    def _insert(self, connection: sqlite3.Connection, plan: Plan) -> None:
        """Write the new records of `plan` and their partner rows."""
        fresh, stamp, row = plan.fresh, plan.stamp, self._layout.row
        if len(fresh) == 1:
            item, record = fresh[0]
            connection.execute(self._layout.insert, row(item, record, stamp))
            if len(item.partners) == 1:
                connection.execute(_INSERT_PARTNER, (item.partners[0], record.seq))
            elif item.partners:
                connection.executemany(
                    _INSERT_PARTNER, [(partner, record.seq) for partner in item.partners]
                )
            return
        connection.executemany(
            self._layout.insert, [row(item, record, stamp) for item, record in fresh]
        )
        partner_rows = [
            (partner, record.seq) for item, record in fresh for partner in item.partners
        ]
        if partner_rows:
            connection.executemany(_INSERT_PARTNER, partner_rows)

    def _import_rows(self, rows: Sequence[StoredRow]) -> None:
        """Write stored rows of another log as they are, after checking they continue this
        log's chain (for `copy_log`); `IntegrityError` and nothing written otherwise."""
        if self._read_only:
            raise LogError(f"{self._name} is open read-only: cannot copy into it")
        with self._lock:
            connection = self._open_connection()
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    last, head = connection.execute(self._sql.last).fetchone() or (
                        0,
                        GENESIS_HASH,
                    )
                    plain = check_continuation(rows, last, head)
                    connection.executemany(
                        self._layout.insert, [self._layout.imported(row) for row in plain]
                    )
                    connection.executemany(
                        _INSERT_PARTNER, [(p, row.seq) for row in plain for p in row.partners]
                    )
                    connection.execute("COMMIT")
                except BaseException:
                    _rollback(connection)
                    raise
            except sqlite3.Error as exc:
                raise self._error(exc, "copy into") from exc

    def _head_and_stored(
        self, connection: sqlite3.Connection, encoded: list[Encoded]
    ) -> tuple[int, str, dict[str, _Row]]:
        """The last record's seq and hash, and the stored rows of those of the batch's event
        ids that the log holds."""
        if len(encoded) == 1:
            ids = [encoded[0].id]
            sql = self._sql.head_and_one
        else:
            ids = list(dict.fromkeys(item.id for item in encoded))
            if len(ids) > _LOOKUP:
                last, head = connection.execute(self._sql.last).fetchone() or (0, GENESIS_HASH)
                return last, head, self._stored(connection, ids)
            sql = self._sql.head_and_stored(len(ids))
        last, head = 0, GENESIS_HASH
        found: dict[str, _Row] = {}
        for row in connection.execute(sql, ids):
            if row[0]:
                found[row[6]] = row[1:6]
            else:
                last, head = row[1], row[5]
        return last, head, found

    def _stored(self, connection: sqlite3.Connection, ids: list[str]) -> dict[str, _Row]:
        """The stored rows of those of `ids` that the log holds, by event id."""
        found: dict[str, _Row] = {}
        for start in range(0, len(ids), _LOOKUP):
            chunk = ids[start : start + _LOOKUP]
            for row in connection.execute(self._sql.by_ids(len(chunk)), chunk):
                found[row[5]] = row[:5]
        return found

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
        is a `SchemaError`). Records are fetched in chunks, without holding the file or the
        connection between them; the read holds the records that existed when it started.
        With `verify`, each chunk is checked against the hash chain from its stored bytes
        before any of it is returned (`timeline.log._verify`): `IntegrityError` names the
        first record that does not match.
        """
        tags = kind_set(kinds)
        last = self.last_seq
        stop = last if until is None else min(until, last)
        start = max(0, after)
        if (tags is not None and not tags) or stop <= start:
            return iter(())
        layout = self._layout
        if partner is None:
            columns = layout.raw_columns() if verify else layout.columns()
            sql = f"SELECT {columns} FROM records WHERE seq > ? AND seq <= ?"
            params: list[Any] = []
            order = "seq"
        else:
            columns = layout.raw_columns("r.") if verify else layout.columns("r.")
            sql = (
                f"SELECT {columns} FROM record_partners AS p JOIN records AS r ON r.seq = p.seq "
                "WHERE p.partner = ? AND p.seq > ? AND p.seq <= ?"
            )
            params = [partner]
            order = "p.seq"
        if tags is not None:
            # The unary + keeps SQLite walking seq order instead of the (kind, seq) index,
            # so each chunk costs what it returns, not what remains.
            sql += f" AND +kind IN ({', '.join('?' * len(tags))})"
        sql += f" ORDER BY {order} LIMIT {_CHUNK}"
        if verify:
            return self._stream_verified(sql, params, start, stop, last, partner, tags)
        return self._stream(sql, params, start, stop, sorted(tags or ()))

    def _stream(
        self, sql: str, params: list[Any], start: int, stop: int, tags: Sequence[str]
    ) -> Iterator[Record]:
        stamps: dict[str, datetime] = {}
        position = start
        while True:
            with self._lock, self._errors("read"):
                rows = (
                    self._open_connection()
                    .execute(sql, [*params, position, stop, *tags])
                    .fetchall()
                )
            for row in rows:
                yield self._record(row, stamps)
            if len(rows) < _CHUNK:
                return
            position = rows[-1][0]
            if len(stamps) > _CHUNK:
                stamps.clear()

    def _stream_verified(
        self,
        sql: str,
        params: list[Any],
        start: int,
        stop: int,
        last: int,
        partner: str | None,
        tags: frozenset[str] | None,
    ) -> Iterator[Record]:
        """`_stream`, each chunk checked against the chain before any of it is returned
        (`timeline.log._verify.verified_chunks`)."""
        tag_list = sorted(tags or ())

        def fetch(position: int) -> list[RawRow]:
            with self._lock, self._errors("read"):
                rows: list[RawRow] = (
                    self._open_connection()
                    .execute(sql, [*params, position, stop, *tag_list])
                    .fetchall()
                )
            return rows

        selection = Selection(start, stop, last, partner, tags)
        return verified_chunks(fetch, self._stored_hashes, selection, self._name, _CHUNK)

    def _stored_hashes(self, seqs: Sequence[int]) -> dict[int, tuple[bytes, bytes]]:
        """The stored prev_hash and hash (as bytes) of those of the records `seqs` stored."""
        found: dict[int, tuple[bytes, bytes]] = {}
        for begin in range(0, len(seqs), _LOOKUP):
            chunk = seqs[begin : begin + _LOOKUP]
            sql = (
                f"SELECT {self._sql.raw_hashes} FROM records "
                f"WHERE seq IN ({', '.join('?' * len(chunk))})"
            )
            with self._lock, self._errors("read"):
                for seq, prev, digest in self._open_connection().execute(sql, chunk):
                    found[seq] = (prev, digest)
        return found

    def _last(self) -> tuple[int, str]:
        with self._lock, self._errors("read"):
            row = self._open_connection().execute(self._sql.last).fetchone()
        return (0, GENESIS_HASH) if row is None else (row[0], row[1])

    @property
    def last_seq(self) -> int:
        """The position of the last record (read from the file); 0 when the log is empty."""
        return self._last()[0]

    @property
    def head(self) -> str:
        """The hash of the last record (read from the file); `GENESIS_HASH` when empty."""
        return self._last()[1]

    def get(self, event_id: str) -> Record | None:
        """The record of the event with id `event_id`, or None."""
        with self._lock, self._errors("read"):
            row = self._open_connection().execute(self._sql.get, (event_id,)).fetchone()
        return None if row is None else self._record(row, {})

    def __len__(self) -> int:
        """The number of records: the last position, since positions have no gaps."""
        return self.last_seq

    # -- checking and closing -----------------------------------------------------------------

    def guarded(self) -> bool:
        """True when the file's append-only guard is whole: every trigger that refuses an
        UPDATE or DELETE of the log's tables is there, as this library wrote it.

        A row can be changed in place only once a trigger is dropped, so a file whose guard
        is whole has had its records changed by nothing short of dropping a trigger and making
        it again. Answers that read no record (stored projections) trust the file only while
        it is; otherwise the chain is verified first (`verify`).
        """
        with self._lock, self._errors("read"):
            found = dict(
                self._open_connection().execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                )
            )
        return all(found.get(name) == sql for name, sql in TRIGGERS.items())

    def verify(self) -> Verification:
        """Walk the whole chain in order and report the first record that does not match.

        Hashes are recomputed from the stored bytes of each record (its ``body`` and
        ``recorded_at`` text exactly as stored); each body is decoded and compared with the
        stored id, kind, dates and partner index. The walk reads one consistent snapshot.
        Removing records from the end cannot be seen from inside the file: compare `head`
        with a hash kept elsewhere for that.
        """
        with self._lock, self._errors("verify"):
            connection = self._open_connection()
            connection.execute("BEGIN")
            try:
                return verify_rows(
                    self._stored_rows(connection),
                    stray_partner_seqs=[
                        seq
                        for (seq,) in connection.execute(
                            "SELECT DISTINCT CAST(seq AS INTEGER) FROM record_partners "
                            "WHERE seq NOT IN (SELECT seq FROM records)"
                        )
                    ],
                )
            finally:
                _rollback(connection)

    def stored_rows(self, after: int = 0) -> Iterator[StoredRow]:
        """The stored rows after position `after`, in seq order, as `verify` checks them
        (text columns as bytes); fetched in chunks, without holding the file between them."""
        stop = self.last_seq
        position = max(0, after)
        while position < stop:
            with self._lock, self._errors("read"):
                connection = self._open_connection()
                connection.execute("BEGIN")
                try:
                    chunk = list(self._stored_rows(connection, position, _CHUNK))
                finally:
                    _rollback(connection)
            yield from chunk
            if len(chunk) < _CHUNK:
                return
            position = chunk[-1].seq

    def _stored_rows(
        self, connection: sqlite3.Connection, after: int = 0, limit: int = -1
    ) -> Iterator[StoredRow]:
        """The stored rows after `after` in seq order (at most `limit`; -1: all), their text
        columns as bytes, with their partners."""
        records = connection.cursor()
        records.execute(self._layout.stored, (after, limit))
        partners = connection.cursor()
        partners.execute(
            "SELECT CAST(seq AS INTEGER), CAST(partner AS BLOB) FROM record_partners "
            "WHERE CAST(seq AS INTEGER) > ? ORDER BY CAST(seq AS INTEGER), partner",
            (after,),
        )
        dated = self._layout.dated
        pending = partners.fetchone()
        while chunk := records.fetchmany(_CHUNK):
            for row in chunk:
                seq = row[0]
                found: list[bytes] = []
                while pending is not None and pending[0] <= seq:
                    if pending[0] == seq:
                        found.append(pending[1])
                    pending = partners.fetchone()
                yield StoredRow._make((*row, tuple(found), dated))

    def close(self) -> None:
        """Close the connection; further use raises `LogError`. Closing twice is fine."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            with self._errors("close"):
                connection.close()


class _Stored(Exception):
    """An append that skipped the lookup met a stored id: run it again with the lookup, at
    the recording time `clock` gives (the one already read)."""

    def __init__(self, recorded_at: datetime) -> None:
        super().__init__("an event id of the batch is stored")
        self.clock: Clock = lambda: recorded_at


class _Statements:
    """The SQL of one layout that `SQLiteLog` runs often, built once."""

    def __init__(self, layout: Layout) -> None:
        columns, digest = layout.columns(), layout.hash.format(r="")
        self.last = layout.last
        self.get = f"SELECT {columns} FROM records WHERE event_id = ?"
        self.raw_hashes = (
            f"seq, CAST({layout.prev_hash.format(r='')} AS BLOB), CAST({digest} AS BLOB)"
        )
        self._head_and_stored = _HEAD_AND_STORED.format(
            hash=digest, columns=columns, marks="{marks}"
        )
        self.head_and_one = self.head_and_stored(1)
        self._by_ids = f"SELECT {columns}, event_id FROM records WHERE event_id IN ({{marks}})"

    def head_and_stored(self, count: int) -> str:
        """The head of the chain and the stored rows of `count` event ids (`_HEAD_AND_STORED`)."""
        return self._head_and_stored.format(marks=", ".join("?" * count))

    def by_ids(self, count: int) -> str:
        """The stored rows (and event ids) of `count` event ids."""
        return self._by_ids.format(marks=", ".join("?" * count))


def _rollback(connection: sqlite3.Connection) -> None:
    """Roll back the open transaction, if there is one; never raise."""
    if connection.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
