"""Choosing a backend from where the log lives, and moving a log from one backend to another."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Protocol

from timeline.errors import IntegrityError, LogError
from timeline.log._base import GENESIS_HASH, EventLog, StoredRow
from timeline.log.memory import MemoryLog
from timeline.log.sqlite import SQLiteLog

__all__ = ["copy_log", "is_postgres_dsn", "open_log"]

#: Records written per transaction by `copy_log`.
_COPY_BATCH = 5_000


def is_postgres_dsn(target: object) -> bool:
    """True when `target` is a PostgreSQL URL (``postgresql://`` or ``postgres://``)."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def open_log(
    target: str | os.PathLike[str] | None,
    *,
    read_only: bool = False,
    timeout: float = 5.0,
) -> EventLog:
    """The log at `target`: `MemoryLog` for None, `PostgresLog` for a ``postgresql://`` URL
    (its optional ``?options=-csearch_path%3D…`` aside, the log lives in schema ``timeline``),
    else `SQLiteLog` for the file at that path (created if missing unless `read_only`).

    `timeout` is how many seconds a write waits for another writer's lock.

    >>> open_log(None)
    <MemoryLog: 0 records>
    """
    if target is None:  # a new, empty log: there is nothing to protect from writing
        return MemoryLog()
    if is_postgres_dsn(target):
        from timeline.log.postgres import PostgresLog

        return PostgresLog(str(target), read_only=read_only, timeout=timeout)
    return SQLiteLog(Path(target), read_only=read_only, timeout=timeout)


class _Copyable(Protocol):
    """A log that hands out its stored rows and takes rows stored elsewhere (every backend)."""

    @property
    def last_seq(self) -> int: ...

    @property
    def head(self) -> str: ...

    def stored_rows(self, after: int = 0) -> Iterator[StoredRow]: ...

    def _import_rows(self, rows: Sequence[StoredRow]) -> None: ...


def _as_copyable(log: EventLog) -> _Copyable:
    if not hasattr(log, "stored_rows") or not hasattr(log, "_import_rows"):
        raise LogError(f"{log!r} cannot take part in a copy")
    copyable: _Copyable = log  # type: ignore[assignment]  # checked just above
    return copyable


def copy_log(
    source: str | os.PathLike[str] | EventLog,
    target: str | os.PathLike[str] | EventLog,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """Copy every record of `source` into `target`, record by record, exactly as stored.

    Each is given as a path, a ``postgresql://`` URL or an open log. The stored bytes, the
    recording times and the hashes are copied unchanged (an old schema stays as it was
    written), so the copy verifies with the same head hash; each record is checked to seal
    the one before it before anything is written. A target that already holds the start of
    the source (an interrupted copy) is continued; a target that holds anything else is an
    `IntegrityError`. `progress(copied, total)` is called after each transaction. Returns
    the number of records copied now.
    """
    with contextlib.ExitStack() as stack:
        src = _as_copyable(_resolve(source, stack, read_only=True))
        dst = _as_copyable(_resolve(target, stack, read_only=False))
        return _copy(src, dst, progress)


def _resolve(
    where: str | os.PathLike[str] | EventLog, stack: contextlib.ExitStack, *, read_only: bool
) -> EventLog:
    if isinstance(where, str | os.PathLike):
        log = open_log(where, read_only=read_only)
        stack.callback(log.close)
        return log
    return where


def _hex(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _hash_at(src: _Copyable, seq: int) -> str:
    """The stored hash of record `seq` of `src` (`GENESIS_HASH` for 0)."""
    if seq == 0:
        return GENESIS_HASH
    [row] = islice(src.stored_rows(seq - 1), 1)
    return _hex(row.hash)


def _copy(src: _Copyable, dst: _Copyable, progress: Callable[[int, int], object] | None) -> int:
    total, start = src.last_seq, dst.last_seq
    if start > total or dst.head != _hash_at(src, start):
        raise IntegrityError(
            f"the target's {start} records are not the start of the source's {total}: "
            "it holds another log"
        )
    rows = (row for row in src.stored_rows(start) if row.seq <= total)
    copied = 0
    while chunk := list(islice(rows, _COPY_BATCH)):
        dst._import_rows(chunk)
        copied += len(chunk)
        if progress is not None:
            progress(start + copied, total)
    if dst.head != _hash_at(src, total):
        raise IntegrityError("the copy does not end with the source's head hash")
    return copied
