"""Reads that verify: records checked against the hash chain as they stream to a fold.

``read(..., verify=True)`` on every backend checks the records it returns before they are
used, from their stored bytes (the ``body`` and ``recorded_at`` exactly as stored, so an
event stored under an older schema is checked as it was hashed, then upcast; the hashes as
64 hex digits, which a format-2 `SQLiteLog` file gives from the 32 bytes it stores):

- a *contiguous* read (no partner or kind filter) checks that the records are numbered on
  without gaps from record ``after`` (whose stored hash anchors the first ``prev_hash``;
  `GENESIS_HASH` for a read from the start), that each ``prev_hash`` is the stored hash of
  the record before, and that each hash is `record_hash` of the record's own stored bytes;
- a *filtered* read (by partner or kind) checks each returned record's own hash and both of
  its links: its ``prev_hash`` is the stored hash of record ``seq - 1``, and record
  ``seq + 1`` (when the read started after it was written) names this record's hash as
  its ``prev_hash``; the neighbours of a chunk are fetched in one batched lookup. It also
  checks that each returned event names the partner (and has a kind) it was selected by.

The first record that does not match raises `IntegrityError` naming it (its ``seq``) and
what did not match. A filtered read checks the records it returns and their links, not
the whole chain: a record removed from the partner index, or a chain rewritten from some
record to the end, needs `EventLog.verify` (or a head kept elsewhere) to be seen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple, Protocol

from timeline.errors import IntegrityError
from timeline.log._base import GENESIS_HASH, Record, StoredRow, kind_set, stored_record

__all__ = [
    "GENESIS",
    "Neighbours",
    "RawRow",
    "Selection",
    "chain_digest",
    "check_contiguous",
    "check_filtered",
    "check_selected",
    "missing",
    "neighbour_seqs",
    "read_verified",
    "to_bytes",
    "to_record",
    "verified_chunks",
]

#: `GENESIS_HASH` as stored bytes.
GENESIS = GENESIS_HASH.encode()

#: A record as a verifying read fetches it: seq, recorded_at, body, prev_hash, hash; the text
#: columns as their stored bytes.
RawRow = tuple[int, bytes, bytes, bytes, bytes]

#: What a filtered read knows of the neighbours of its rows: by seq, (prev_hash, hash).
Neighbours = Mapping[int, tuple[bytes, bytes]]


def to_bytes(value: str | bytes | None) -> bytes:
    """A stored text column as bytes (``b""`` for NULL)."""
    if value is None:
        return b""
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")


def chain_digest(prev_hash: bytes, seq: int, stamp: bytes, body: bytes) -> bytes:
    """`record_hash` over stored bytes, as 64 lowercase hex digits in ASCII bytes.

    The same digest as `timeline.log.record_hash` (a test keeps them equal), computed from
    the bytes as stored, so that a forged byte in any column changes it.
    """
    return hashlib.sha256(b"%s\n%d\n%s\n%s" % (prev_hash, seq, stamp, body)).hexdigest().encode()


def _fail(where: str, seq: int, reason: str) -> IntegrityError:
    return IntegrityError(f"record {seq} of {where} does not match the hash chain: {reason}")


def missing(where: str, seq: int) -> IntegrityError:
    """The error for record `seq`, which the read needs and the log does not hold."""
    return _fail(where, seq, "the record is missing")


def _own_hash(row: RawRow, where: str) -> None:
    seq, stamp, body, prev, digest = row
    if chain_digest(prev, seq, stamp, body) != digest:
        raise _fail(where, seq, "its hash does not match its stored content")


def check_contiguous(rows: Iterable[RawRow], prev_seq: int, prev_hash: bytes, where: str) -> None:
    """Check that `rows` continue record `prev_seq` (stored hash `prev_hash`) without a gap,
    each sealing the one before and matching its own bytes; `IntegrityError` otherwise.

    Checks every row before returning, so a caller checks a chunk before using any of it.
    """
    for row in rows:
        seq = row[0]
        if seq != prev_seq + 1:
            raise _fail(where, prev_seq + 1, f"the read jumps from record {prev_seq} to {seq}")
        if row[3] != prev_hash:
            reason = (
                "its prev_hash is not the genesis hash"
                if seq == 1
                else f"its prev_hash is not record {prev_seq}'s hash"
            )
            raise _fail(where, seq, reason)
        _own_hash(row, where)
        prev_seq, prev_hash = seq, row[4]


def neighbour_seqs(seqs: Iterable[int], last: int) -> list[int]:
    """The positions a filtered chunk's links need: each row's ``seq - 1`` and ``seq + 1``."""
    found = set()
    for seq in seqs:
        if seq > 1:
            found.add(seq - 1)
        if seq < last:
            found.add(seq + 1)
    return sorted(found)


def check_filtered(rows: Iterable[RawRow], neighbours: Neighbours, last: int, where: str) -> None:
    """Check each of `rows` against its own bytes and its links to records ``seq - 1`` and
    ``seq + 1`` (`neighbours`: their stored prev_hash and hash; those up to `last` must be
    there); `IntegrityError` at the first that does not match."""
    for row in rows:
        seq, prev, digest = row[0], row[3], row[4]
        if seq == 1:
            if prev != GENESIS:
                raise _fail(where, seq, "its prev_hash is not the genesis hash")
        else:
            before = neighbours.get(seq - 1)
            if before is None:
                raise missing(where, seq - 1)
            if prev != before[1]:
                raise _fail(where, seq, f"its prev_hash is not record {seq - 1}'s hash")
        _own_hash(row, where)
        if seq < last:
            after = neighbours.get(seq + 1)
            if after is None:
                raise missing(where, seq + 1)
            if after[0] != digest:
                raise _fail(where, seq + 1, f"its prev_hash is not record {seq}'s hash")


def check_selected(
    record: Record, partner: str | None, tags: frozenset[str] | None, where: str
) -> None:
    """`IntegrityError` unless the event of a filtered read's `record` names `partner` and
    has one of the kinds `tags` (the index columns it was selected by are not hashed)."""
    event = record.event
    if partner is not None and partner not in event.partners:
        raise _fail(where, record.seq, f"the partner index names {partner}, its event does not")
    if tags is not None and event.kind not in tags:
        raise _fail(where, record.seq, f"its kind column is not its event's kind {event.kind}")


def to_record(row: RawRow, stamps: dict[str, datetime], where: str) -> Record:
    """The record of a checked row: its event decoded (and upcast) from the stored body."""
    seq, stamp, body, prev, digest = row
    # A stamp that is not UTF-8 (rehashed by a forger) becomes text that is no ISO time:
    # `stored_record` then names the record instead of a decoding error escaping.
    text = stamp.decode("utf-8", "replace")
    return stored_record((seq, text, body, prev.decode(), digest.decode()), stamps, where)


class _StoredRows(Protocol):
    """A backend that gives its stored rows in seq order (for `read_verified`)."""

    @property
    def last_seq(self) -> int: ...

    def stored_rows(self, after: int = 0) -> Iterator[StoredRow]: ...


class Selection(NamedTuple):
    """What a verified read asks for: records after `start` up to `stop` (the log ending at
    `last`), of `partner` and of the kinds `tags` when given."""

    start: int
    stop: int
    last: int
    partner: str | None
    tags: frozenset[str] | None


def verified_chunks(
    fetch: Callable[[int], list[RawRow]],
    stored_hashes: Callable[[Sequence[int]], Neighbours],
    selection: Selection,
    where: str,
    size: int,
) -> Iterator[Record]:
    """The records of `selection`, taken a chunk at a time from ``fetch(position)`` (the
    rows after record `position`, at most `size` of them) and each chunk checked before any
    of it is returned: a contiguous read (no partner, no kinds) that the chunk continues the
    chain from record ``start`` without a gap (``start``'s own hash from `stored_hashes`); a
    filtered one each row against its own bytes and its links to the records before and
    after it (looked up in one call of `stored_hashes` a chunk), and that its event is one
    the read selects. A read that ends before ``stop`` names the first record missing."""
    start, stop, last, partner, tags = selection
    contiguous = partner is None and tags is None
    stamps: dict[str, datetime] = {}
    prev_seq, prev_hash = start, GENESIS
    if contiguous and start:
        anchor = stored_hashes([start]).get(start)
        if anchor is None:
            raise missing(where, start)
        prev_hash = anchor[1]
    position = start
    while True:
        rows = fetch(position)
        if contiguous:
            check_contiguous(rows, prev_seq, prev_hash, where)
            if rows:
                prev_seq, prev_hash = rows[-1][0], rows[-1][4]
        else:
            held = {row[0]: (row[3], row[4]) for row in rows}
            wanted = [n for n in neighbour_seqs(held, last) if n not in held]
            check_filtered(rows, {**held, **stored_hashes(wanted)}, last, where)
        for row in rows:
            record = to_record(row, stamps, where)
            if not contiguous:
                check_selected(record, partner, tags, where)
            yield record
        if len(rows) < size:
            if contiguous and prev_seq < stop:
                raise missing(where, prev_seq + 1)
            return
        position = rows[-1][0]
        if len(stamps) > size:
            stamps.clear()


def read_verified(
    log: _StoredRows,
    where: str,
    *,
    after: int = 0,
    partner: str | None = None,
    kinds: Iterable[str] | None = None,
    until: int | None = None,
) -> Iterator[Record]:
    """``log.read(..., verify=True)`` for any backend with `stored_rows`: the whole chain
    from record ``after`` up to ``until`` is walked and checked, the filters applied after.

    Simple and complete, but a filtered read costs what the rest of the log costs; backends
    with indexes (`SQLiteLog`) check filtered reads through their neighbours instead.
    """
    tags = kind_set(kinds)
    stop = log.last_seq if until is None else min(until, log.last_seq)
    start = max(0, after)
    if (tags is not None and not tags) or stop <= start:
        return
    prev_seq, prev_hash = 0, GENESIS
    anchored = start == 0
    stamps: dict[str, datetime] = {}
    for stored in log.stored_rows(max(0, start - 1)):
        if stored.seq > stop:
            return
        row: RawRow = (
            stored.seq,
            to_bytes(stored.recorded_at),
            to_bytes(stored.body),
            to_bytes(stored.prev_hash),
            to_bytes(stored.hash),
        )
        if not anchored:  # record `after`, whose hash the first record read must seal
            if stored.seq != start:
                raise missing(where, start)
            _own_hash(row, where)
            prev_seq, prev_hash, anchored = start, row[4], True
            continue
        check_contiguous((row,), prev_seq, prev_hash, where)
        prev_seq, prev_hash = stored.seq, row[4]
        if partner is not None and partner not in (_text(p) for p in stored.partners):
            continue
        record = to_record(row, stamps, where)
        if tags is None or record.event.kind in tags:
            check_selected(record, partner, None, where)
            yield record
    if prev_seq < stop:
        raise missing(where, prev_seq + 1)


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "replace")
