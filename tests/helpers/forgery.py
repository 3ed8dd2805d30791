"""Forgeries of a `SQLiteLog` file, done as an attacker holding the file would do them.

Each forgery opens the file with plain `sqlite3`, drops the append-only triggers and changes
rows with raw SQL; it returns the position `SQLiteLog.verify` must name as the first bad
record, or ``None`` when the forged file is a sound chain of its own (a rewrite of the whole
chain from some record on, or records cut from the end), which only a head kept elsewhere
(``timeline verify --print-head``, then ``--expect-head``) can tell apart from the original.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from helpers.layout import as_hex, columns, hash_value
from helpers.workload import batch_events
from timeline.dates import DateSpan
from timeline.events import Event, MeetingHeld, Provenance
from timeline.log import SQLiteLog, record_hash
from timeline.log.wire import canonical_bytes

__all__ = [
    "COLUMNS",
    "Forgery",
    "build_template",
    "delete_record",
    "forge_bytes",
    "insert_record",
    "raw",
    "replace_record",
    "swap_records",
    "truncate",
]

#: The stored columns whose bytes a forger may change; ``partner`` is the partner index.
#: (Format version 2 stores no dates: a forgery of one of those changes nothing there.)
COLUMNS = (
    "body",
    "hash",
    "prev_hash",
    "recorded_at",
    "event_id",
    "kind",
    "published",
    "occurred_start",
    "occurred_end",
    "partner",
)


def build_template(path: Path, *, batches: int = 6, extra: tuple[Event, ...] = ()) -> int:
    """A closed log at `path`: `extra`, then `batches` workload batches; its length."""
    ticks = iter(datetime(2024, 1, 30, 9, tzinfo=UTC) + timedelta(seconds=s) for s in range(10**6))
    with SQLiteLog(path, clock=lambda: next(ticks)) as log:
        if extra:
            log.append(extra)
        for batch in range(batches):
            log.append(batch_events("tpl", 99, batch))
        return len(log)


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection to the file, the append-only triggers dropped, in one transaction."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous = OFF")  # a forger needs no durability
        connection.execute("BEGIN IMMEDIATE")
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            connection.execute(f"DROP TRIGGER {name}")
        yield connection
        connection.execute("COMMIT")
    finally:
        connection.close()


def _length(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT max(seq) FROM records").fetchone()[0])


def forge_bytes(path: Path, forgeries: list[tuple[int, str, int, int]]) -> int | None:
    """Set byte ``index % len`` of `column` of record `seq` to `byte`, for each forgery.

    Forgeries that change nothing (a NULL column, the same byte, a partner index entry that
    would collide with another) are left out; return the smallest position really forged.
    """
    changed: list[int] = []
    with raw(path) as connection:
        stored = set(columns(connection))
        hashes_binary = isinstance(hash_value(connection, "00"), bytes)
        binary = {"body", "hash", "prev_hash"} if hashes_binary else {"body"}
        for seq, column, index, byte in forgeries:
            if column not in stored and column != "partner":
                continue
            if column == "partner":
                row = connection.execute(
                    "SELECT CAST(partner AS BLOB) FROM record_partners "
                    "WHERE seq = ? ORDER BY CAST(partner AS BLOB) LIMIT 1",
                    (seq,),
                ).fetchone()
                # matched by its bytes: an earlier forgery may have left invalid UTF-8 there
                where, table = "seq = ? AND CAST(partner AS BLOB) = ?", "record_partners"
                key: tuple[object, ...] = (seq, row[0]) if row else ()
            else:
                row = connection.execute(
                    f"SELECT CAST({column} AS BLOB) FROM records WHERE seq = ?", (seq,)
                ).fetchone()
                where, key, table = "seq = ?", (seq,), "records"
            if row is None or row[0] is None or len(row[0]) == 0:
                continue
            value: bytes = row[0]
            at = index % len(value)
            if value[at] == byte:
                continue
            forged = value[:at] + bytes([byte]) + value[at + 1 :]
            cast = "?" if column in binary else "CAST(? AS TEXT)"
            try:
                connection.execute(
                    f"UPDATE {table} SET {column} = {cast} WHERE {where}", (forged, *key)
                )
            except sqlite3.IntegrityError:
                continue
            changed.append(seq)
    return min(changed) if changed else None


def delete_record(path: Path, seq: int) -> int | None:
    """Delete record `seq` and its partner index entries: found at `seq`, unless it was last."""
    with raw(path) as connection:
        last = _length(connection)
        connection.execute("DELETE FROM records WHERE seq = ?", (seq,))
        connection.execute("DELETE FROM record_partners WHERE seq = ?", (seq,))
    return None if seq == last else seq


def truncate(path: Path, keep: int) -> None:
    """Cut every record after `keep`, and their partner index entries: a sound, shorter chain."""
    with raw(path) as connection:
        connection.execute("DELETE FROM records WHERE seq > ?", (keep,))
        connection.execute("DELETE FROM record_partners WHERE seq > ?", (keep,))


def _move(connection: sqlite3.Connection, seq: int, to: int) -> None:
    connection.execute("UPDATE records SET seq = ? WHERE seq = ?", (to, seq))
    connection.execute("UPDATE record_partners SET seq = ? WHERE seq = ?", (to, seq))


def swap_records(path: Path, first: int, second: int) -> int:
    """Exchange the positions of two records (with their partner entries): found at the first."""
    first, second = sorted((first, second))
    with raw(path) as connection:
        _move(connection, first, -1)
        _move(connection, second, first)
        _move(connection, -1, second)
    return first


def forged_event(n: int) -> Event:
    """An event no template holds: the forger's own."""
    return MeetingHeld(
        partners=("DE", "GB"),
        occurred=DateSpan.day(date(2023, 3, 1) + timedelta(days=n)),
        provenance=Provenance(article_id=f"art-forged-{n}", published=date(2024, 2, 1), start=n),
    )


def _write(
    connection: sqlite3.Connection, seq: int, event: Event, prev: str, stamp: str, *, rehash: bool
) -> str:
    """Store `event` as record `seq` (replacing what was there) with consistent index columns."""
    body = canonical_bytes(event)
    old = connection.execute("SELECT hash FROM records WHERE seq = ?", (seq,)).fetchone()
    digest = record_hash(prev, seq, stamp, body) if rehash or old is None else as_hex(old[0])
    span, published = event.occurred, event.provenance.published
    connection.execute("DELETE FROM records WHERE seq = ?", (seq,))
    connection.execute("DELETE FROM record_partners WHERE seq = ?", (seq,))
    values = {
        "seq": seq,
        "event_id": event.id,
        "kind": event.kind,
        "recorded_at": stamp,
        "published": published.isoformat() if published else None,
        "occurred_start": span.earliest.isoformat() if span.earliest else None,
        "occurred_end": span.latest.isoformat() if span.latest else None,
        "body": body,
        "prev_hash": hash_value(connection, prev),
        "hash": hash_value(connection, digest),
    }
    names = columns(connection)
    connection.execute(
        f"INSERT INTO records ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [values[name] for name in names],
    )
    connection.executemany(
        "INSERT INTO record_partners VALUES (?, ?)", [(p, seq) for p in event.partners]
    )
    return digest


def _prev_and_stamp(connection: sqlite3.Connection, seq: int) -> tuple[str, str]:
    prev = connection.execute("SELECT hash FROM records WHERE seq = ?", (seq - 1,)).fetchone()
    stamp = connection.execute("SELECT recorded_at FROM records WHERE seq = ?", (seq,)).fetchone()
    return (as_hex(prev[0]) if prev else "0" * 64), stamp[0]


def replace_record(path: Path, seq: int, *, rehash: str) -> int | None:
    """Put a forged event in place of record `seq`, every index column consistent with it.

    `rehash` is ``"none"`` (the old hash is kept: found at `seq`), ``"one"`` (its own hash is
    recomputed: found at the next record, whose ``prev_hash`` no longer matches, unless it was
    the last) or ``"all"`` (every hash from `seq` on is recomputed: a sound chain, ``None``).
    """
    with raw(path) as connection:
        last = _length(connection)
        prev, stamp = _prev_and_stamp(connection, seq)
        prev = _write(connection, seq, forged_event(seq), prev, stamp, rehash=rehash != "none")
        if rehash == "all":
            for later in range(seq + 1, last + 1):
                body, stamp = connection.execute(
                    "SELECT body, recorded_at FROM records WHERE seq = ?", (later,)
                ).fetchone()
                digest = record_hash(prev, later, stamp, body)
                connection.execute(
                    "UPDATE records SET prev_hash = ?, hash = ? WHERE seq = ?",
                    (hash_value(connection, prev), hash_value(connection, digest), later),
                )
                prev = digest
    if rehash == "none":
        return seq
    if rehash == "one":
        return seq + 1 if seq < last else None
    return None


def insert_record(path: Path, seq: int, *, rehash: bool) -> int:
    """Slip a forged record in at position `seq` (1..length), moving the later ones up by one.

    A well-made forgery (`rehash`) is sound itself and is found at the next record; a record
    with a copied hash is found at `seq`.
    """
    with raw(path) as connection:
        last = _length(connection)
        for later in range(last, seq - 1, -1):
            _move(connection, later, later + 1)
        prev = connection.execute("SELECT hash FROM records WHERE seq = ?", (seq - 1,)).fetchone()
        stamp = connection.execute(
            "SELECT recorded_at FROM records WHERE seq = ?", (seq + 1,)
        ).fetchone()[0]
        _write(
            connection,
            seq,
            forged_event(seq),
            as_hex(prev[0]) if prev else "0" * 64,
            stamp,
            rehash=True,
        )
        if not rehash:
            copied = connection.execute("SELECT hash FROM records WHERE seq = ?", (seq + 1,))
            connection.execute(
                "UPDATE records SET hash = ? WHERE seq = ?", (copied.fetchone()[0], seq)
            )
    return seq + 1 if rehash else seq


@dataclass(frozen=True)
class Forgery:
    """One kind of forgery, with its parameters: `apply` does it and gives the expected result."""

    kind: str
    apply: Callable[[Path], int | None]
