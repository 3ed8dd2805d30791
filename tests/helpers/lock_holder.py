"""Hold a log's write lock, as another writer in the middle of a long append would.

Run as ``python -m helpers.lock_holder DB``. It opens a plain SQLite connection, begins an
immediate transaction (taking the write lock), writes ``locked`` to stdout, and holds the
lock until its standard input closes or ``--max-seconds`` pass; then it rolls back.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from helpers.workload import python, subprocess_env

#: How long the context manager waits for the holder at most.
TIMEOUT = 60.0


@contextlib.contextmanager
def lock_held_by_another_process(db: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Another process holds the write lock of `db` until the block ends."""
    holder = subprocess.Popen(
        [python(), "-m", "helpers.lock_holder", str(db)],
        env=subprocess_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"locked\n", holder.communicate(timeout=TIMEOUT)
        yield holder
    finally:
        holder.communicate(timeout=TIMEOUT)  # closes its stdin: it rolls back and ends


def main(argv: list[str] | None = None) -> int:
    """Hold the lock; see the module documentation."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db")
    parser.add_argument("--max-seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    connection = sqlite3.connect(args.db, isolation_level=None, timeout=5.0)
    connection.execute("BEGIN IMMEDIATE")
    sys.stdout.write("locked\n")
    sys.stdout.flush()
    released = threading.Event()

    def wait_for_stdin_to_close() -> None:
        sys.stdin.read()
        released.set()

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    released.wait(args.max_seconds)
    connection.execute("ROLLBACK")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
