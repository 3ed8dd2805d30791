"""The row layouts of `SQLiteLog` files, as tests and forgers meet them with plain SQL.

Format version 2 (what `SQLiteLog` writes) stores the hashes as 32 raw bytes and no event
dates; version 1 (older files, still read and appended to) stores the hashes as 64 hex
digits of text and the dates. `create` makes an empty file of either version, so that the
same tests run on both.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from timeline.log._sqlite_layout import LAYOUTS
from timeline.log.sqlite import FORMAT

__all__ = ["VERSIONS", "as_hex", "columns", "create", "hash_literal", "hash_value", "version"]

#: Every format version `SQLiteLog` reads, newest first.
VERSIONS = tuple(sorted(LAYOUTS, reverse=True))


def create(path: Path, version: str) -> Path:
    """An empty timeline log file of format `version` at `path` (which must not exist)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("BEGIN IMMEDIATE")
        for statement in LAYOUTS[version].schema:
            connection.execute(statement)
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("format_version", version)]
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    return path


def version(connection: sqlite3.Connection) -> str:
    """The format version of the file open on `connection`."""
    (found,) = connection.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
    return str(found)


def columns(connection: sqlite3.Connection) -> list[str]:
    """The columns of the ``records`` table, in order."""
    return [row[1] for row in connection.execute("PRAGMA table_info(records)")]


def as_hex(value: str | bytes) -> str:
    """A stored hash as 64 hex digits: version 1 stores that text, version 2 the 32 bytes."""
    return value.hex() if isinstance(value, bytes) else value


def hash_value(connection: sqlite3.Connection, digest: str) -> str | bytes:
    """What the file stores for the hash `digest` (64 hex digits)."""
    return digest if version(connection) == "1" else bytes.fromhex(digest)


def hash_literal(connection: sqlite3.Connection, digest: str) -> str:
    """The SQL literal of what the file stores for the hash `digest`."""
    return f"'{digest}'" if version(connection) == "1" else f"x'{digest}'"
