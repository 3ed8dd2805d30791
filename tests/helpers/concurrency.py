"""Several writers on one log at once, in processes or in threads, and the check afterwards.

Each writer appends its batches with ``expected_last_seq`` and retries on
`ConcurrencyError` (`helpers.concurrent_writer.append_with_retries`). `check_log` then
demands that the log holds exactly the reported records, at the reported positions, numbered
1..n without a gap or a duplicate, and that it verifies.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from helpers.concurrent_writer import append_with_retries
from helpers.workload import python, subprocess_env
from timeline.log import SQLiteLog

__all__ = ["Appended", "check_log", "run_processes", "run_threads"]

#: No subprocess or thread is waited for longer than this.
TIMEOUT = 60.0

Report = list[tuple[str, int]]


@dataclass
class Appended:
    """What the writers said they appended: ``[event_id, seq]`` per writer, and retries."""

    reports: list[Report]
    retries: int

    @property
    def records(self) -> int:
        return sum(len(report) for report in self.reports)


def run_processes(db: Path, *, writers: int = 4, batches: int = 25) -> Appended:
    """`writers` processes append `batches` batches each to `db`, all starting together."""
    go = db.with_name(db.name + ".go")
    command = [python(), "-m", "helpers.concurrent_writer", str(db), "--go", str(go)]
    command += ["--batches", str(batches)]
    ready = [db.with_name(f"{db.name}.ready{n}") for n in range(writers)]
    processes = [
        subprocess.Popen(
            [*command, "--tag", f"p{n}", "--seed", str(n), "--ready", str(ready[n])],
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(writers)
    ]
    try:
        deadline = time.monotonic() + TIMEOUT
        while not all(path.exists() for path in ready) and time.monotonic() < deadline:
            time.sleep(0.005)  # until they have all opened the log
        go.touch()
        outputs = [process.communicate(timeout=TIMEOUT) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=TIMEOUT)
    failed = [
        err for process, (_, err) in zip(processes, outputs, strict=True) if process.returncode
    ]
    if failed:
        raise AssertionError(f"writers failed: {failed}")
    found = [json.loads(out) for out, _ in outputs]
    return Appended(
        [[(event_id, seq) for event_id, seq in report["records"]] for report in found],
        sum(report["retries"] for report in found),
    )


def run_threads(db: Path, *, writers: int = 8, batches: int = 12, shared: bool = False) -> Appended:
    """`writers` threads append `batches` batches each to `db`, all starting together.

    Each thread opens its own `SQLiteLog`, unless `shared`: then they all use one.
    """
    one = SQLiteLog(db) if shared else None
    start = threading.Barrier(writers, timeout=TIMEOUT)
    reports: list[Report] = [[] for _ in range(writers)]
    retries = [0] * writers
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with contextlib.ExitStack() as stack:
                log = one or stack.enter_context(SQLiteLog(db))
                start.wait()
                reports[n], retries[n] = append_with_retries(log, f"t{n}", n, batches)
        except BaseException as exc:  # raised below, in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    if one is not None:
        one.close()
    if any(thread.is_alive() for thread in threads):
        raise AssertionError("a writer thread hangs")
    if errors:
        raise errors[0]
    return Appended(reports, sum(retries))


def check_log(path: Path, appended: Appended) -> int:
    """The log holds every reported record at its reported position, 1..n, and verifies.

    Return the number of records.
    """
    pairs = [pair for report in appended.reports for pair in report]
    with SQLiteLog(path, read_only=True) as log:
        stored = [(record.event.id, record.seq) for record in log.read()]
        result = log.verify()
    assert result.ok, result.reason
    assert len(stored) == len(pairs) == result.records
    assert [seq for _, seq in stored] == list(range(1, len(stored) + 1))
    assert sorted(pairs, key=lambda pair: pair[1]) == stored
    return len(stored)
