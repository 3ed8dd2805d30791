"""A writer to be killed: append batches to a `SQLiteLog` and journal each one it saw land.

Run as ``python -m helpers.crash_writer DB JOURNAL --tag T --seed S --first-batch N``. It
opens the log, writes ``ready`` to the journal, then appends batches ``N, N+1, ...``
(`helpers.workload.batch_events`) until it is killed or ``--max-seconds`` pass. Before each
append it journals ``begin N``; after the append returns (the batch is acknowledged) it
journals ``ack N FIRST_SEQ LAST_SEQ``. Journal lines are single ``write`` calls on a file
opened for appending, so a SIGKILL leaves each line whole or absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from helpers.workload import batch_events
from timeline.log import SQLiteLog


def main(argv: list[str] | None = None) -> int:
    """Append batches until killed; see the module documentation."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db")
    parser.add_argument("journal")
    parser.add_argument("--tag", default="crash")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--first-batch", type=int, default=0)
    parser.add_argument("--no-durable", dest="durable", action="store_false")
    parser.add_argument("--max-seconds", type=float, default=20.0)
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between batches")
    args = parser.parse_args(argv)

    journal = os.open(args.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    deadline = time.monotonic() + args.max_seconds
    with SQLiteLog(args.db, durable=args.durable) as log:
        os.write(journal, b"ready\n")
        batch = args.first_batch
        while time.monotonic() < deadline:
            events = batch_events(args.tag, args.seed, batch)
            os.write(journal, b"begin %d\n" % batch)
            records = log.append(events)
            seqs = [r.seq for r in records]
            if seqs != list(range(seqs[0], seqs[0] + len(events))):
                print(f"batch {batch} landed at {seqs}, not in one run", file=sys.stderr)
                return 3
            os.write(journal, b"ack %d %d %d\n" % (batch, seqs[0], seqs[-1]))
            batch += 1
            if args.pause:
                time.sleep(args.pause)
    os.write(journal, b"timeout\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
