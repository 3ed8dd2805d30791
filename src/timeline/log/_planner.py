"""The append algorithm, once, for every backend: what an append writes, given the log's head.

A backend opens its write transaction (or takes its lock), reads the head of its chain and
the stored records of the batch's event ids, and asks `plan_append` what to do. The plan
says which records to write, numbered and chained after the head, and which record answers
for each event of the batch; the backend then writes `Plan.fresh` in its own way. Nothing
here touches storage, so the rule that decides numbering, chaining, idempotence by id and
the `expected_last_seq` check lives in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from timeline.errors import ConcurrencyError
from timeline.log._base import Clock, Encoded, Record, record_hash, recording_time

__all__ = ["Fresh", "Plan", "plan_append"]


class Fresh(NamedTuple):
    """One record to write: the encoded event and the record it becomes."""

    item: Encoded
    record: Record


class Plan(NamedTuple):
    """What an append writes (`fresh`, in order, all recorded at `stamp`) and returns.

    `records` holds one record per event of the batch, in batch order: the stored record
    for an event already in the log (or met earlier in the batch), else its new record.
    `stamp` is the recording time as stored (ISO text); empty when nothing is written.
    """

    records: list[Record]
    fresh: list[Fresh]
    stamp: str


def plan_append(
    encoded: Sequence[Encoded],
    *,
    last_seq: int,
    head: str,
    stored: dict[str, Record],
    expected_last_seq: int | None,
    clock: Clock,
    where: str = "the log",
) -> Plan:
    """The plan of appending `encoded` to a log ending at record `last_seq` with hash `head`.

    `stored` holds the stored records of (at least) those of the batch's ids that the log
    holds; the plan adds the new records to it (pass a dict of your own). When
    `expected_last_seq` is given and is not `last_seq`, raise `ConcurrencyError` (naming the
    log as `where`) before anything else. The clock is read once, and only when there is
    something to write.
    """
    if expected_last_seq is not None and expected_last_seq != last_seq:
        raise ConcurrencyError(
            f"expected {where} to end at record {expected_last_seq}, "
            f"but it ends at record {last_seq}"
        )
    records = stored
    if all(item.id in records for item in encoded):  # nothing new: the stored records answer
        return Plan([records[item.id] for item in encoded], [], "")
    recorded_at = recording_time(clock)
    stamp = recorded_at.isoformat()
    fresh: list[Fresh] = []
    seq, prev = last_seq, head
    for item in encoded:
        if item.id in records:  # stored, or met earlier in this batch
            continue
        seq += 1
        digest = record_hash(prev, seq, stamp, item.body)
        record = records[item.id] = Record(seq, recorded_at, item.event, prev, digest)
        fresh.append(Fresh(item, record))
        prev = digest
    return Plan([records[item.id] for item in encoded], fresh, stamp)
