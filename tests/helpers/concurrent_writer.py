"""One of several writers that append to one log at once, retrying when another was first.

Run as ``python -m helpers.concurrent_writer DB --tag T --batches N --go FILE``. It opens the
log, creates the file ``--ready`` if given, waits until the file ``--go`` exists (so that all
writers start together), then
appends batches ``0 .. N-1`` (`helpers.workload.batch_events`), each with
``expected_last_seq`` set to the ``last_seq`` it just read; on `ConcurrencyError` it reads
again and retries. It prints one JSON object: the ``[event_id, seq]`` of every record it
appended, in order, and how many times it retried.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from helpers.workload import batch_events
from timeline.errors import ConcurrencyError
from timeline.log import SQLiteLog


def append_with_retries(
    log: SQLiteLog, tag: str, seed: int, batches: int
) -> tuple[list[tuple[str, int]], int]:
    """Append `batches` batches, retrying on `ConcurrencyError`; the records and the retries."""
    appended: list[tuple[str, int]] = []
    retries = 0
    for batch in range(batches):
        events = batch_events(tag, seed, batch)
        while True:
            expected = log.last_seq
            try:
                records = log.append(events, expected_last_seq=expected)
            except ConcurrencyError:
                retries += 1
                continue
            break
        appended.extend((record.event.id, record.seq) for record in records)
    return appended, retries


def main(argv: list[str] | None = None) -> int:
    """Wait for the go file, append, print the report; see the module documentation."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db")
    parser.add_argument("--tag", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--go", required=True)
    parser.add_argument("--ready")
    parser.add_argument("--lock-timeout", type=float, default=5.0)
    args = parser.parse_args(argv)
    with SQLiteLog(args.db, timeout=args.lock_timeout) as log:
        if args.ready:
            open(args.ready, "w").close()
        deadline = time.monotonic() + 20.0
        while not os.path.exists(args.go):
            if time.monotonic() > deadline:
                print("the go file never appeared", file=sys.stderr)
                return 3
            time.sleep(0.001)
        appended, retries = append_with_retries(log, args.tag, args.seed, args.batches)
    report: dict[str, Any] = {"tag": args.tag, "records": appended, "retries": retries}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
