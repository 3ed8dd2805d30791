"""`MemoryLog`: the event log in lists and dicts, for tests, examples and short-lived work."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

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
    utc_now,
    verify_rows,
)
from timeline.log._planner import plan_append
from timeline.log._verify import (
    GENESIS,
    RawRow,
    check_contiguous,
    check_filtered,
    check_selected,
    to_bytes,
)
from timeline.log.wire import decode_bytes

__all__ = ["MemoryLog"]


class MemoryLog(Closing):
    """An `EventLog` held in memory: nothing survives the process.

    It keeps the canonical bytes and the recording-time text of every record, so `verify`
    recomputes the hashes exactly as `SQLiteLog` does, and both logs give identical hashes
    for identical appends and clock values. It is safe to share between threads.

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import MeetingHeld
    >>> with MemoryLog() as log:
    ...     [r.seq for r in log.append([MeetingHeld(occurred=DateSpan.year(2023))])]
    ...     log.last_seq, bool(log.verify())
    [1]
    (1, True)
    """

    def __init__(self, *, clock: Clock | None = None) -> None:
        """An empty log; `clock` gives the recording times (default: now, in UTC)."""
        self._clock: Clock = clock if clock is not None else utc_now
        self._lock = threading.Lock()
        self._closed = False
        self._records: list[Record] = []
        self._rows: list[StoredRow] = []
        self._by_id: dict[str, int] = {}
        self._by_partner: dict[str, list[int]] = {}

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{len(self._records)} records"
        return f"<MemoryLog: {state}>"

    def _check_open(self) -> None:
        if self._closed:
            raise LogError("the memory log is closed")

    # -- writing ------------------------------------------------------------------------------

    def append(
        self, events: Iterable[Event], *, expected_last_seq: int | None = None
    ) -> list[Record]:
        """Append `events` in order, all or nothing; one record per event, in input order.

        An event whose id is already stored (or appears earlier in the batch) adds nothing:
        its place in the result holds the stored record. When `expected_last_seq` is given
        and is not `last_seq`, raise `ConcurrencyError` and write nothing. An event that
        cannot be encoded raises `SchemaError` and writes nothing. The clock is read once per
        append that writes records. An empty batch returns ``[]`` and checks nothing.
        """
        self._check_open()
        encoded = encode_batch(events)
        if not encoded:
            return []
        with self._lock:
            self._check_open()
            by_id, records = self._by_id, self._records
            plan = plan_append(
                encoded,
                last_seq=len(records),
                head=records[-1].hash if records else GENESIS_HASH,
                stored={i.id: records[by_id[i.id]] for i in encoded if i.id in by_id},
                expected_last_seq=expected_last_seq,
                clock=self._clock,
            )
            # Nothing can fail from here on: change the state.
            for item, record in plan.fresh:
                seq = record.seq
                by_id[item.id] = seq - 1
                for partner in item.partners:
                    self._by_partner.setdefault(partner, []).append(seq)
                records.append(record)
                self._rows.append(
                    StoredRow(
                        seq,
                        item.id,
                        item.kind,
                        plan.stamp,
                        item.published,
                        item.occurred_start,
                        item.occurred_end,
                        item.body,
                        record.prev_hash,
                        record.hash,
                        item.partners,
                    )
                )
            return plan.records

    def _import_rows(self, rows: Sequence[StoredRow]) -> None:
        """Write stored rows of another log as they are, after checking they continue this
        log's chain (for `copy_log`); `IntegrityError` and nothing written otherwise."""
        self._check_open()
        with self._lock:
            records = self._records
            head = records[-1].hash if records else GENESIS_HASH
            plain = check_continuation(rows, len(records), head)
            new = [
                Record(
                    row.seq,
                    datetime.fromisoformat(str(row.recorded_at)),
                    decode_bytes(row.body),
                    str(row.prev_hash),
                    str(row.hash),
                )
                for row in plain
            ]
            for row, record in zip(plain, new, strict=True):
                self._by_id[str(row.event_id)] = record.seq - 1
                for partner in row.partners:
                    self._by_partner.setdefault(str(partner), []).append(record.seq)
            records.extend(new)
            self._rows.extend(plain)

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

        `partner` keeps events whose ``partners`` contain it; `kinds` keeps events of those
        kind tags (a single string is one kind; an unknown tag is a `SchemaError`). A read
        holds the records that existed when it started. With `verify`, each record's stored
        bytes are checked against the hash chain before it is returned, as `SQLiteLog` does.
        """
        self._check_open()
        tags = kind_set(kinds)
        with self._lock:
            records = self._records
            stop = len(records) if until is None else max(0, min(until, len(records)))
            start = max(0, after)
            if partner is None:
                seqs: Iterable[int] = range(start + 1, stop + 1)
            else:
                index = self._by_partner.get(partner, [])
                lo = bisect.bisect_right(index, start)
                hi = bisect.bisect_right(index, stop)
                seqs = index[lo:hi]
            if verify:
                return _verified(records, self._rows, seqs, start, len(records), partner, tags)
            return _select(records, seqs, tags)

    @property
    def last_seq(self) -> int:
        """The position of the last record; 0 when the log is empty."""
        self._check_open()
        return len(self._records)

    @property
    def head(self) -> str:
        """The hash of the last record; `GENESIS_HASH` when the log is empty."""
        self._check_open()
        records = self._records
        return records[-1].hash if records else GENESIS_HASH

    def get(self, event_id: str) -> Record | None:
        """The record of the event with id `event_id`, or None."""
        self._check_open()
        index = self._by_id.get(event_id)
        return None if index is None else self._records[index]

    def __len__(self) -> int:
        """The number of records."""
        self._check_open()
        return len(self._records)

    # -- checking and closing -----------------------------------------------------------------

    def stored_rows(self, after: int = 0) -> Iterator[StoredRow]:
        """The stored rows after position `after`, in seq order, as `verify` checks them."""
        self._check_open()
        with self._lock:
            return iter(self._rows[max(0, after) :])

    def verify(self) -> Verification:
        """Walk the whole chain in order and report the first record that does not match.

        Hashes are recomputed from the stored canonical bytes and recording-time text; each
        body is decoded and compared with the stored id, kind, dates and partner index.
        """
        self._check_open()
        with self._lock:
            rows = list(self._rows)
            indexed: dict[int, list[str]] = {}
            for partner, seqs in self._by_partner.items():
                for seq in seqs:
                    indexed.setdefault(seq, []).append(partner)
        strays = [seq for seq in indexed if not 1 <= seq <= len(rows)]
        checked = (row._replace(partners=tuple(indexed.get(row.seq, ()))) for row in rows)
        return verify_rows(checked, stray_partner_seqs=strays)

    def close(self) -> None:
        """Drop the records; further use raises `LogError`. Closing twice is fine."""
        with self._lock:
            self._closed = True
            self._records, self._rows = [], []
            self._by_id, self._by_partner = {}, {}


def _select(
    records: list[Record], seqs: Iterable[int], tags: frozenset[str] | None
) -> Iterator[Record]:
    for seq in seqs:
        record = records[seq - 1]
        if tags is None or record.event.kind in tags:
            yield record


def _raw(row: StoredRow) -> RawRow:
    return (
        row.seq,
        to_bytes(row.recorded_at),
        row.body,
        to_bytes(row.prev_hash),
        to_bytes(row.hash),
    )


def _verified(
    records: list[Record],
    rows: list[StoredRow],
    seqs: Iterable[int],
    start: int,
    last: int,
    partner: str | None,
    tags: frozenset[str] | None,
) -> Iterator[Record]:
    """`_select`, each record's stored row checked against the chain before it is returned:
    the whole run from `start` for a read of every partner, the row and its links otherwise."""
    where = "the memory log"
    prev_seq, prev_hash = start, GENESIS
    if 0 < start <= len(rows):
        prev_hash = to_bytes(rows[start - 1].hash)
    for seq in seqs:
        row = _raw(rows[seq - 1])
        if partner is None:
            check_contiguous((row,), prev_seq, prev_hash, where)
            prev_seq, prev_hash = seq, row[4]
        else:
            links = {n: _raw(rows[n - 1])[3:] for n in (seq - 1, seq + 1) if 1 <= n <= last}
            check_filtered((row,), links, last, where)
        record = records[seq - 1]
        if tags is None or record.event.kind in tags:
            check_selected(record, partner, None, where)
            yield record
