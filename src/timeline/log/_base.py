"""What every event log shares: the protocol, the record, the hash chain and its verification."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, NamedTuple, Protocol, Self

import attrs

from timeline.errors import IntegrityError, LogError, SchemaError
from timeline.events import KINDS, Event
from timeline.log.wire import canonical_bytes, decode, decode_bytes

__all__ = [
    "GENESIS_HASH",
    "Clock",
    "EventLog",
    "Record",
    "Verification",
    "record_hash",
]

#: The ``prev_hash`` of record 1: the hash "before" the first record.
GENESIS_HASH = "0" * 64

#: A function that tells the time; logs call it once per append that writes records.
Clock = Callable[[], datetime]


def record_hash(prev_hash: str, seq: int, recorded_at: datetime | str, event_bytes: bytes) -> str:
    """The hash of one record: SHA-256 over the previous hash, the position, the time, the event.

    The digest covers, separated by newlines, ``prev_hash`` (so each record seals the whole
    chain before it), ``seq`` in decimal (so a record cannot move), ``recorded_at`` in ISO
    form (so the recording time cannot change) and the canonical bytes of the event
    (`timeline.log.wire.canonical_bytes`). `recorded_at` may also be given as the ISO
    text itself, exactly as stored. The result is 64 lowercase hex digits.

    >>> record_hash(GENESIS_HASH, 1, datetime(2024, 1, 30, tzinfo=UTC), b"{}")[:16]
    'e8144869eef145cc'
    """
    stamp = recorded_at if isinstance(recorded_at, str) else recorded_at.isoformat()
    # One formatting step instead of several concatenations: appends hash every record.
    data = b"%s\n%d\n%s\n%s" % (prev_hash.encode(), seq, stamp.encode(), event_bytes)
    return hashlib.sha256(data).hexdigest()


@attrs.frozen
class Record:
    """One event as the log holds it: its position, when it was recorded, and its hashes.

    ``seq`` counts 1, 2, 3, ... without gaps; ``recorded_at`` is timezone-aware UTC (the
    *recorded* time); ``prev_hash`` is the hash of record ``seq - 1`` (`GENESIS_HASH` for
    record 1) and ``hash`` is `record_hash` of this record.
    """

    seq: int
    recorded_at: datetime
    event: Event
    prev_hash: str
    hash: str


@attrs.frozen
class Verification:
    """What `EventLog.verify` found: ``ok``, or the first record that does not match and why.

    ``records`` is how many records were checked and found sound, ``head`` the hash of the
    last of them (`GENESIS_HASH` when none was), ``first_bad_seq`` the position of the first
    record that does not match (or that is missing) and ``reason`` what did not match. A
    verification is true when it is ok.
    """

    ok: bool
    records: int
    head: str
    first_bad_seq: int | None = None
    reason: str | None = None

    def raise_for_error(self) -> None:
        """Raise `IntegrityError` with the reason when the chain does not match."""
        if not self.ok:
            raise IntegrityError(self.reason or "the hash chain does not match")

    def __bool__(self) -> bool:
        return self.ok


class EventLog(Protocol):
    """An append-only, hash-chained log of events: what `MemoryLog` and `SQLiteLog` share.

    Appends are atomic and idempotent by event id; reads stream records in sequence order
    and take keyword-only filters. A log is a context manager that closes itself.
    """

    def append(
        self, events: Iterable[Event], *, expected_last_seq: int | None = None
    ) -> list[Record]:
        """Append `events` in order, all or nothing; one record per event, in input order.

        An event whose id is already stored (or appears earlier in the batch) adds nothing:
        its place in the result holds the stored record. When `expected_last_seq` is given
        and is not `last_seq`, raise `ConcurrencyError` and write nothing. An event that
        cannot be encoded raises `SchemaError` and writes nothing. The clock is read once per
        append that writes records, so all records of a batch share their ``recorded_at``.
        An empty batch returns ``[]`` and checks nothing.
        """
        ...

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

        `partner` keeps events whose ``partners`` contain it; `kinds` keeps events of those
        kind tags (a single string is one kind; an unknown tag is a `SchemaError`). A read
        holds the records that existed when it started, however long it is iterated. With
        `verify`, the records are checked against the hash chain from their stored bytes as
        they stream, and the first that does not match raises `IntegrityError` naming it
        (`timeline.log._verify` says what each kind of read checks).
        """
        ...

    @property
    def last_seq(self) -> int:
        """The position of the last record; 0 when the log is empty."""
        ...

    @property
    def head(self) -> str:
        """The hash of the last record; `GENESIS_HASH` when the log is empty."""
        ...

    def get(self, event_id: str) -> Record | None:
        """The record of the event with id `event_id`, or None."""
        ...

    def verify(self) -> Verification:
        """Walk the whole chain in order and report the first record that does not match."""
        ...

    def close(self) -> None:
        """Release the log's resources; further use raises `LogError`. Closing twice is fine."""
        ...

    def __len__(self) -> int:
        """The number of records."""
        ...

    def __enter__(self) -> Self:
        """The log itself."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the log."""
        ...


# -- shared helpers -------------------------------------------------------------------------


class Closing:
    """``with thing:`` for what holds a connection (the logs, the projection store, the
    timeline): the thing itself, closed on the way out."""

    def close(self) -> None:
        """Release what the thing holds (each class says what)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        """The thing itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close it."""
        self.close()


def utc_now() -> datetime:
    """The default clock: the current time, timezone-aware UTC."""
    return datetime.now(UTC)


def recording_time(clock: Clock) -> datetime:
    """The clock's time as aware UTC; `LogError` when the clock gives a naive datetime."""
    now = clock()
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise LogError(f"the log's clock must give a timezone-aware datetime, not {now!r}")
    if now.utcoffset():
        now = now.astimezone(UTC)
    elif now.tzinfo is not UTC:
        now = now.replace(tzinfo=UTC)
    return now


def kind_set(kinds: Iterable[str] | None) -> frozenset[str] | None:
    """The kind tags of a `read` filter; a single string is one tag; unknown tags raise."""
    if kinds is None:
        return None
    tags = frozenset((kinds,) if isinstance(kinds, str) else kinds)
    unknown = sorted(tag for tag in tags if tag not in KINDS)
    if unknown:
        raise SchemaError(f"unknown event kinds {unknown}; known: {', '.join(KINDS)}")
    return tags


class Encoded(NamedTuple):
    """An event prepared for appending: everything that does not depend on its position.

    The event's dates, which only some layouts store, are read from it when asked for.
    """

    event: Event
    id: str
    kind: str
    body: bytes
    partners: tuple[str, ...]

    @property
    def published(self) -> str | None:
        """The reported date, ISO text (or None)."""
        return _iso(self.event.provenance.published)

    @property
    def occurred_start(self) -> str | None:
        """The earliest day of ``occurred``, ISO text (None when open)."""
        return _iso(self.event.occurred.earliest)

    @property
    def occurred_end(self) -> str | None:
        """The latest day of ``occurred``, ISO text (None when open)."""
        return _iso(self.event.occurred.latest)

    def dated_row(self, record: Record, stamp: str) -> tuple[Any, ...]:
        """The record row of the layouts that store the event's dates (SQLite format 1,
        PostgreSQL): seq, id, kind, recording time, the three dates, body, both hashes."""
        return (
            record.seq,
            self.id,
            self.kind,
            stamp,
            self.published,
            self.occurred_start,
            self.occurred_end,
            self.body,
            record.prev_hash,
            record.hash,
        )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def encode_batch(events: Iterable[Event]) -> list[Encoded]:
    """Encode every event of a batch before anything is written (so a bad one writes nothing).

    An event that cannot be encoded raises `SchemaError` naming its position in the batch.
    """
    out: list[Encoded] = []
    add, new = out.append, tuple.__new__  # the tuple without NamedTuple's __new__ in Python
    for position, event in enumerate(events):
        try:
            add(new(Encoded, (event, event.id, event.kind, canonical_bytes(event), event.partners)))
        except Exception as exc:  # whatever a malformed event makes the encoder raise
            raise SchemaError(
                f"event {position} of the batch ({type(event).__name__}) cannot be encoded: "
                f"{exc!r}; nothing was appended"
            ) from exc
    return out


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for an append or a fold, then restore it.

    Both allocate many objects that live on (an append's records, a fold's states) and make
    no reference cycles; with the collector running, every few hundred allocations it walks
    the growing heap again, which cost about as much as hashing and chaining an append's
    records, and a third of a replay's time. Memory is still freed by reference counting.
    An already paused collector (by the caller, or by another thread) is left as it is; the
    collector is one switch for the process, so a thread that pauses it while another
    thread's work runs finds it running again when that work ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class StoredRow(NamedTuple):
    """A record as stored, for `verify_rows`: text columns may be bytes if they were forged."""

    seq: int
    event_id: str | bytes
    kind: str | bytes
    recorded_at: str | bytes
    published: str | bytes | None
    occurred_start: str | bytes | None
    occurred_end: str | bytes | None
    body: bytes
    prev_hash: str | bytes
    hash: str | bytes
    partners: tuple[str | bytes, ...]
    #: False when the log does not store the event's dates (the three date fields are None).
    dated: bool = True


def _text(value: str | bytes | None) -> str | None:
    """A stored text column as str; bytes that are not UTF-8 become text that never matches."""
    if value is None or isinstance(value, str):
        return value
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return "\ufffd" + value.decode("utf-8", "replace")


def _check_row(row: StoredRow, prev_seq: int, prev_hash: str) -> str | Event:
    """Why `row` does not follow a record `prev_seq` with hash `prev_hash`, or its event."""
    seq = row.seq
    if seq != prev_seq + 1:
        if prev_seq == 0:
            return f"the log starts at record {seq}, not 1"
        return f"records jump from {prev_seq} to {seq}"
    stored_prev = _text(row.prev_hash)
    if stored_prev != prev_hash:
        if seq == 1:
            return "record 1's prev_hash is not the genesis hash"
        return f"record {seq}'s prev_hash is not record {prev_seq}'s hash"
    stamp = _text(row.recorded_at) or ""
    body = row.body if isinstance(row.body, bytes) else str(row.body).encode()
    if _text(row.hash) != record_hash(prev_hash, seq, stamp, body):
        return f"hash of record {seq} does not match its content"
    try:
        recorded_at = datetime.fromisoformat(stamp)
    except ValueError:
        return f"recorded_at of record {seq} is not an ISO time: {stamp!r}"
    if recorded_at.tzinfo is None:
        return f"recorded_at of record {seq} has no time zone: {stamp!r}"
    try:
        event = decode(json.loads(body))
    except Exception as exc:  # anything a forged body makes the decoder raise
        return f"record {seq} cannot be decoded: {exc}"
    if _text(row.event_id) != event.id:
        return f"event id of record {seq} does not match its stored id"
    if _text(row.kind) != event.kind:
        return f"kind of record {seq} does not match its event"
    dates = (_text(row.published), _text(row.occurred_start), _text(row.occurred_end))
    if row.dated and dates != _dates(event):
        return f"dates of record {seq} do not match its event"
    if tuple(sorted(_text(p) or "" for p in row.partners)) != tuple(sorted(event.partners)):
        return f"partner index of record {seq} does not match its event"
    return event


def _dates(event: Event) -> tuple[str | None, str | None, str | None]:
    """The event's dates as a dated layout stores them: published, occurred's ends."""
    occurred = event.occurred
    return (
        _iso(event.provenance.published),
        _iso(occurred.earliest),
        _iso(occurred.latest),
    )


def verify_rows(
    rows: Iterable[StoredRow], *, stray_partner_seqs: Iterable[int] = ()
) -> Verification:
    """Walk stored rows in sequence order and report the first that does not match.

    `stray_partner_seqs` are positions that the partner index names but no row holds; when
    the walk finds nothing wrong, the smallest of them is reported.
    """
    prev_seq, head = 0, GENESIS_HASH
    for row in rows:
        reason = _check_row(row, prev_seq, head)
        if isinstance(reason, str):
            bad = prev_seq + 1 if row.seq > prev_seq + 1 else row.seq
            return Verification(False, prev_seq, head, bad, reason)
        prev_seq, head = row.seq, _text(row.hash) or ""
    strays = sorted(stray_partner_seqs)
    if strays:
        reason = f"partner index names record {strays[0]}, which is not in the log"
        return Verification(False, prev_seq, head, strays[0], reason)
    return Verification(True, prev_seq, head)


def check_continuation(rows: Iterable[StoredRow], last: int, head: str) -> list[StoredRow]:
    """`rows` with their text columns as str, after checking that they continue a log ending
    at record `last` with hash `head`: numbered on from it, each sealing the one before,
    each matching its content. `IntegrityError` at the first row that does not.

    For copying stored records from one log to another exactly as they are. The dates of a
    row from a log that does not store them are read from its event (the rows returned are
    all dated), so that any log can take them.
    """
    out = []
    prev_seq, prev_hash = last, head
    for row in rows:
        event = _check_row(row, prev_seq, prev_hash)
        if isinstance(event, str):
            raise IntegrityError(f"cannot copy record {row.seq}: {event}")
        digest = _text(row.hash) or ""
        dates = (
            (_text(row.published), _text(row.occurred_start), _text(row.occurred_end))
            if row.dated
            else _dates(event)
        )
        plain = StoredRow(
            row.seq,
            _text(row.event_id) or "",
            _text(row.kind) or "",
            _text(row.recorded_at) or "",
            *dates,
            row.body,
            _text(row.prev_hash) or "",
            digest,
            tuple(_text(p) or "" for p in row.partners),
        )
        out.append(plain)
        prev_seq, prev_hash = row.seq, digest
    return out


def stored_record(
    row: tuple[int, str, bytes, str, str], stamps: dict[str, datetime], where: str
) -> Record:
    """The record of a stored row ``(seq, recorded_at text, body, prev_hash, hash)``.

    `stamps` caches parsed recording times by their text (the records of a batch share
    one). A row that cannot be decoded is a broken log: `IntegrityError` naming `where`.
    """
    seq, stamp, body, prev_hash, digest = row
    try:
        event = decode_bytes(body)
        recorded_at = stamps.get(stamp)
        if recorded_at is None:
            recorded_at = stamps[stamp] = datetime.fromisoformat(stamp)
    except Exception as exc:  # a stored record that cannot be read is a broken log
        raise IntegrityError(f"record {seq} of {where} cannot be decoded: {exc}") from exc
    return Record(seq, recorded_at, event, prev_hash, digest)
