"""The row layouts of `SQLiteLog` files, by ``meta.format_version``: what each stores and how.

Version 2 (written by this library) stores per record its position ``seq``, the event's id
(``UNIQUE``: the index that makes appends idempotent) and kind, the recording time as ISO
text, the canonical bytes of the event in ``body``, and the two chain hashes as their 32
raw bytes. The partner index ``record_partners`` is unchanged. What version 1 also stored
and nothing queried is gone: the event's dates (``published``, ``occurred_start``,
``occurred_end``, which `verify` compared with the body), the ``(kind, seq)`` index (reads
by kind walk ``seq`` order) and the hashes as 64 hex digits of text.

Version 1 files are read, verified and appended to in their own layout, unchanged. Both
layouts give reads the same shape: the hashes as 64-hex-digit text (``lower(hex(...))`` for
version 2), so that the chain is checked by the same code, from the bytes as stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from timeline.log._base import Encoded, Record, StoredRow

__all__ = ["LAYOUTS", "TRIGGERS", "Layout"]

_APPEND_ONLY = "timeline log is append-only"

#: A record row to insert, from the encoded event, its new record and its recording time.
RowOf = Callable[[Encoded, Record, str], tuple[Any, ...]]
#: A record row to insert, from a checked stored row of another log (`check_continuation`).
ImportOf = Callable[[StoredRow], tuple[Any, ...]]


def _refuse(table: str, action: str) -> str:
    return (
        f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
    )


_TRIGGERS = tuple(
    _refuse(t, a) for t in ("records", "record_partners", "meta") for a in ("UPDATE", "DELETE")
)
#: The append-only guard of every format: trigger name → its SQL as the file stores it.
TRIGGERS: dict[str, str] = {sql.split()[2]: sql for sql in _TRIGGERS}
_META = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


class Layout(NamedTuple):
    """How one format version stores records, as the SQL and row shapes `SQLiteLog` uses.

    `prev_hash` and `hash` are SQL expressions giving the stored hashes as 64-hex-digit
    text, `dated` says whether the rows store the event's dates, `row` builds the row that
    `insert` writes (`imported` the same from another log's stored row), and `schema`
    creates a new file of this version.
    """

    version: str
    schema: tuple[str, ...]
    insert: str
    row: RowOf
    imported: ImportOf
    prev_hash: str
    hash: str
    dated: bool

    def columns(self, prefix: str = "") -> str:
        """The columns of a record as `stored_record` takes them: seq, recorded_at, body,
        prev_hash, hash (as text); `prefix` names the table (``"r."``)."""
        return (
            f"{prefix}seq, {prefix}recorded_at, {prefix}body, "
            f"{self.prev_hash.format(r=prefix)}, {self.hash.format(r=prefix)}"
        )

    def raw_columns(self, prefix: str = "") -> str:
        """The same columns for a verifying read: the text ones as their stored bytes."""
        return (
            f"{prefix}seq, CAST({prefix}recorded_at AS BLOB), {prefix}body, "
            f"CAST({self.prev_hash.format(r=prefix)} AS BLOB), "
            f"CAST({self.hash.format(r=prefix)} AS BLOB)"
        )

    @property
    def last(self) -> str:
        """The last record's seq and hash (text)."""
        return f"SELECT seq, {self.hash.format(r='')} FROM records ORDER BY seq DESC LIMIT 1"

    @property
    def stored(self) -> str:
        """Every column `verify` checks, as bytes (dates as NULL when not stored), after a
        position, in seq order, at most a number of rows."""
        dates = (
            "CAST(published AS BLOB), CAST(occurred_start AS BLOB), CAST(occurred_end AS BLOB)"
            if self.dated
            else "NULL, NULL, NULL"
        )
        return (
            "SELECT seq, CAST(event_id AS BLOB), CAST(kind AS BLOB), CAST(recorded_at AS BLOB), "
            f"{dates}, CAST(body AS BLOB), CAST({self.prev_hash.format(r='')} AS BLOB), "
            f"CAST({self.hash.format(r='')} AS BLOB) FROM records WHERE seq > ? ORDER BY seq "
            "LIMIT ?"
        )


def _row_v2(item: Encoded, record: Record, stamp: str) -> tuple[Any, ...]:
    return (
        record.seq,
        item.id,
        item.kind,
        stamp,
        item.body,
        bytes.fromhex(record.prev_hash),
        bytes.fromhex(record.hash),
    )


def _imported_v1(row: StoredRow) -> tuple[Any, ...]:
    return tuple(row[:10])


def _imported_v2(row: StoredRow) -> tuple[Any, ...]:
    return (
        row.seq,
        row.event_id,
        row.kind,
        row.recorded_at,
        row.body,
        bytes.fromhex(str(row.prev_hash)),
        bytes.fromhex(str(row.hash)),
    )


V1 = Layout(
    version="1",
    schema=(
        _META,
        """CREATE TABLE records (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            published TEXT,
            occurred_start TEXT,
            occurred_end TEXT,
            body BLOB NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
        """CREATE TABLE record_partners (
            partner TEXT NOT NULL,
            seq INTEGER NOT NULL REFERENCES records(seq),
            PRIMARY KEY (partner, seq)
        ) WITHOUT ROWID""",
        "CREATE INDEX records_kind_seq ON records(kind, seq)",
        *_TRIGGERS,
    ),
    insert="INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    row=Encoded.dated_row,
    imported=_imported_v1,
    prev_hash="{r}prev_hash",
    hash="{r}hash",
    dated=True,
)

V2 = Layout(
    version="2",
    schema=(
        _META,
        """CREATE TABLE records (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            body BLOB NOT NULL,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        )""",
        """CREATE TABLE record_partners (
            partner TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (partner, seq)
        ) WITHOUT ROWID""",
        *_TRIGGERS,
    ),
    insert="INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)",
    row=_row_v2,
    imported=_imported_v2,
    prev_hash="lower(hex({r}prev_hash))",
    hash="lower(hex({r}hash))",
    dated=False,
)

#: The layouts this library reads and appends to, by format version.
LAYOUTS: dict[str, Layout] = {layout.version: layout for layout in (V1, V2)}
