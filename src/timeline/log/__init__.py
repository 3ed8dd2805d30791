"""The event log: an append-only, hash-chained sequence of records, each holding one event.

This package holds the `EventLog` protocol and its record, chain and verification
(`_base`), the one append planner every backend uses (`_planner`: idempotence by id, the
`expected_last_seq` check, numbering and chaining), the backends `MemoryLog` (in memory),
`SQLiteLog` (one SQLite file) and `PostgresLog` (a PostgreSQL server; the optional
``postgres`` extra), `open_log` and `copy_log` (`_open`), and the wire form of events with
its upcasters (`wire`). It imports only the vocabulary (`timeline.errors`, `dates`,
`money`, `partners`, `events`), never reading, folding or reporting. Every backend passes
one contract: atomic, idempotent appends, reads in sequence order with keyword-only
filters, and `verify`, which walks the hash chain (see `record_hash`) and reports the first
record that does not match.

>>> from timeline.dates import DateSpan
>>> from timeline.events import MeetingHeld
>>> log = MemoryLog()
>>> [record] = log.append([MeetingHeld(partners=("GB",), occurred=DateSpan.year(2023))])
>>> record.seq, record.prev_hash == GENESIS_HASH, log.head == record.hash
(1, True, True)
>>> [r.seq for r in log.read(partner="GB")], log.verify().ok
([1], True)
"""

from typing import Any

from timeline.log._base import GENESIS_HASH, EventLog, Record, Verification, record_hash
from timeline.log._open import copy_log, is_postgres_dsn, open_log
from timeline.log.memory import MemoryLog
from timeline.log.sqlite import SQLiteLog

__all__ = [
    "GENESIS_HASH",
    "EventLog",
    "MemoryLog",
    "PostgresLog",
    "Record",
    "SQLiteLog",
    "Verification",
    "copy_log",
    "is_postgres_dsn",
    "open_log",
    "record_hash",
]


def __getattr__(name: str) -> Any:
    """`PostgresLog`, imported when first asked for (it needs the optional psycopg)."""
    if name == "PostgresLog":
        from timeline.log.postgres import PostgresLog

        return PostgresLog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
