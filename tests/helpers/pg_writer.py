"""One writer process appending labelled batches to a `PostgresLog`, acknowledging each.

Run as ``python -m helpers.pg_writer DSN --schema S --tag T --batches N --ack FILE``. Batch
``n`` holds `--size` events (default: `helpers.workload.batch_events`, 1 to 40 events), every
one labelled ``f"{tag}-{n:06d}"``. After each append returns, the label is written to the
ack file and synced: the file lists exactly the batches the log acknowledged. With
``--retry`` a failed append (a lost server) is tried again, the same events, until it
succeeds or ``--deadline`` seconds pass: ids are stored once, so a batch that did commit
before the connection broke is not written twice.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from helpers.workload import batch_events, batch_label
from timeline.dates import DateSpan
from timeline.errors import LogError
from timeline.events import Event, MeetingHeld, Provenance


def big_batch(tag: str, batch: int, size: int) -> list[Event]:
    """`size` meetings, all labelled as batch `batch` of `tag`."""
    label = batch_label(tag, batch)
    return [
        MeetingHeld(
            partners=(("BE", "NL", "DE")[i % 3],),
            occurred=DateSpan.year(2000 + i % 25),
            provenance=Provenance(article_id=label),
            format=f"{label}-{i}",
        )
        for i in range(size)
    ]


def main(argv: list[str] | None = None) -> int:
    """Append and acknowledge; see the module documentation."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dsn")
    parser.add_argument("--schema", required=True)
    parser.add_argument("--tag", required=True)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--ack", required=True)
    parser.add_argument("--retry", action="store_true")
    parser.add_argument("--deadline", type=float, default=60.0)
    args = parser.parse_args(argv)
    from timeline.log.postgres import PostgresLog

    deadline = time.monotonic() + args.deadline
    log = None
    with open(args.ack, "a", encoding="utf-8") as ack:
        for batch in range(args.batches):
            events = (
                big_batch(args.tag, batch, args.size)
                if args.size
                else batch_events(args.tag, 0, batch)
            )
            while True:
                try:
                    if log is None:
                        log = PostgresLog(args.dsn, schema=args.schema, timeout=30.0)
                    print("appending", batch, flush=True)
                    log.append(events)
                    break
                except LogError:
                    if not args.retry or time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            ack.write(batch_label(args.tag, batch) + "\n")
            ack.flush()
            os.fsync(ack.fileno())
    if log is not None:
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
