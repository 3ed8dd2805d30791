"""The crash harness: run `helpers.crash_writer` in a subprocess, SIGKILL it, check the log.

`run_crash_campaign` kills a writer `kills` times at seeded random moments, on a fresh file
every `kills_per_file` kills (alternately with ``durable=True`` and ``durable=False``: a
killed process must lose nothing either way), and after every kill checks that

* the log opens and `verify()` holds;
* the records checked after the previous kill are still there, unchanged (the record at the
  previously checked position still has the previously checked hash: the chain vouches for
  everything before it);
* every batch the writer journalled as acknowledged is there whole, at the positions the
  writer was given;
* no batch is there in part: each batch label present has exactly its batch's size, in one
  run of positions; the batch in flight when the kill came is there whole or not at all.
"""

from __future__ import annotations

import contextlib
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path

from helpers.workload import batch_events, batch_size, label_of, python, subprocess_env
from timeline.errors import TimelineError
from timeline.log import GENESIS_HASH, SQLiteLog

__all__ = [
    "CrashFigures",
    "format_figures",
    "reaped",
    "run_crash_campaign",
    "start_writer",
    "wait_for_journal",
]

#: No step of the harness waits longer than this for a subprocess (never a hang).
STEP_TIMEOUT = 20.0


@dataclass
class CrashFigures:
    """What a crash campaign did and found."""

    kills: int = 0
    kills_before_ready: int = 0
    files: int = 0
    batches_acknowledged: int = 0
    records_acknowledged: int = 0
    in_flight_committed: int = 0
    in_flight_rolled_back: int = 0
    records_in_logs: int = 0
    records_lost: int = 0
    partial_batches: int = 0
    verify_failures: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def in_flight(self) -> int:
        """Kills that came while an append was under way."""
        return self.in_flight_committed + self.in_flight_rolled_back


@dataclass
class _File:
    db: Path
    journal: Path
    seed: int
    durable: bool
    tag: str = "crash"
    next_batch: int = 0
    journal_offset: int = 0
    checked_seq: int = 0
    checked_hash: str = GENESIS_HASH


def _journal_lines(file: _File) -> list[str]:
    """The whole journal lines written since the last call."""
    if not file.journal.exists():
        return []
    data = file.journal.read_bytes()[file.journal_offset :]
    end = data.rfind(b"\n") + 1
    file.journal_offset += end
    return data[:end].decode().splitlines()


def start_writer(
    db: Path,
    journal: Path,
    stderr: Path,
    *,
    tag: str = "crash",
    seed: int = 0,
    first_batch: int = 0,
    durable: bool = True,
    max_seconds: float = STEP_TIMEOUT,
    pause: float = 0.0,
) -> subprocess.Popen[bytes]:
    """Start `helpers.crash_writer` on `db`; its stderr goes to the file `stderr`."""
    command = [python(), "-m", "helpers.crash_writer", str(db), str(journal)]
    command += ["--tag", tag, "--seed", str(seed), "--first-batch", str(first_batch)]
    command += ["--max-seconds", str(max_seconds), "--pause", str(pause)]
    if not durable:
        command.append("--no-durable")
    with stderr.open("ab") as err:
        return subprocess.Popen(
            command, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=err
        )


def wait_for_journal(
    journal: Path, line: bytes, process: subprocess.Popen[bytes], *, offset: int = 0
) -> bool:
    """Poll `journal` (from byte `offset`) until it holds `line`; False if it never does."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        if journal.exists() and line in journal.read_bytes()[offset:]:
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)
    return False


def _spawn(file: _File, stderr: Path) -> subprocess.Popen[bytes]:
    return start_writer(
        file.db,
        file.journal,
        stderr,
        tag=file.tag,
        seed=file.seed,
        first_batch=file.next_batch,
        durable=file.durable,
    )


def _wait_until_ready(file: _File, process: subprocess.Popen[bytes]) -> bool:
    """Wait until the writer has opened the log; False if it never does."""
    return wait_for_journal(file.journal, b"ready\n", process, offset=file.journal_offset)


@contextlib.contextmanager
def reaped(process: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    """Make sure the writer is dead and reaped when the block ends, whatever happens."""
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=STEP_TIMEOUT)


def _check(file: _File, figures: CrashFigures, kill: int) -> None:
    """Check the log after kill number `kill`; add what was found to `figures`."""
    where = f"kill {kill} ({file.db.name})"
    begun: list[int] = []
    acked: dict[int, tuple[int, int]] = {}
    for line in _journal_lines(file):
        word, *numbers = line.split()
        if word == "begin":
            begun.append(int(numbers[0]))
        elif word == "ack":
            batch, first, last = map(int, numbers)
            acked[batch] = (first, last)
    try:
        log = SQLiteLog(file.db, timeout=5.0)
    except TimelineError as exc:
        if not begun and not file.db.exists():
            return  # killed before the file was created: nothing to check
        figures.problems.append(f"{where}: the log does not open: {exc}")
        return
    with log:
        result = log.verify()
        if not result.ok:
            figures.verify_failures += 1
            figures.problems.append(f"{where}: verify failed: {result.reason}")
            return
        if file.checked_seq:
            held = list(log.read(after=file.checked_seq - 1, until=file.checked_seq))
            if not held or held[0].hash != file.checked_hash:
                figures.problems.append(f"{where}: record {file.checked_seq} changed or vanished")
                return
        found: dict[str, list[int]] = {}
        for record in log.read(after=file.checked_seq):
            found.setdefault(label_of(record.event) or "", []).append(record.seq)
        file.checked_seq, file.checked_hash = result.records, result.head
    labels = {f"{file.tag}-{batch:06d}": batch for batch in begun}
    for label, seqs in found.items():
        number = labels.get(label)
        if number is None:
            figures.problems.append(f"{where}: records {seqs[:3]}... of a batch never begun")
            continue
        size = batch_size(file.seed, number)
        if not (len(seqs) == size and seqs[-1] - seqs[0] + 1 == size):
            figures.partial_batches += 1
            figures.problems.append(
                f"{where}: batch {number} is there in part: {len(seqs)} records"
            )
    for batch, (first, last) in acked.items():
        figures.batches_acknowledged += 1
        figures.records_acknowledged += last - first + 1
        seqs = found.get(f"{file.tag}-{batch:06d}", [])
        if not seqs or (seqs[0], seqs[-1]) != (first, last):
            figures.records_lost += last - first + 1 - len(seqs)
            figures.problems.append(f"{where}: acknowledged batch {batch} is not there whole")
    for batch in begun:
        if batch not in acked:
            if f"{file.tag}-{batch:06d}" in found:
                figures.in_flight_committed += 1
            else:
                figures.in_flight_rolled_back += 1
    if begun:
        file.next_batch = max(begun) + 1


def _finish(file: _File, figures: CrashFigures) -> None:
    """After the last kill on a file: it still takes an append, and the chain holds."""
    with SQLiteLog(file.db) as log:
        before = len(log)
        records = log.append(batch_events(file.tag, file.seed, file.next_batch))
        if len(log) != before + len(records) or not log.verify():
            figures.problems.append(f"{file.db.name}: the log does not take an append cleanly")
        figures.records_in_logs += len(log)


def _run_file(
    directory: Path,
    number: int,
    kills: range,
    *,
    seed: int,
    max_delay: float,
    early_share: float,
) -> CrashFigures:
    """The kills numbered `kills`, all on log file number `number`."""
    figures = CrashFigures(files=1)
    file = _File(
        db=directory / f"crash-{number}.db",
        journal=directory / f"crash-{number}.journal",
        seed=seed * 1_000 + number,
        durable=number % 2 == 0,
    )
    for kill in kills:
        rng = random.Random(f"kill:{seed}:{kill}")
        stderr = directory / f"crash-{kill}.stderr"
        with reaped(_spawn(file, stderr)) as process:
            if rng.random() < early_share:
                time.sleep(rng.uniform(0.0, 0.4))
                journal = file.journal.read_bytes() if file.journal.exists() else b""
                figures.kills_before_ready += b"ready\n" not in journal[file.journal_offset :]
            elif not _wait_until_ready(file, process):
                figures.problems.append(
                    f"kill {kill}: the writer never opened the log: {stderr.read_text()[-500:]}"
                )
                continue
            else:
                time.sleep(rng.uniform(0.0, max_delay))
            if process.poll() is not None:
                figures.problems.append(
                    f"kill {kill}: the writer ended by itself ({process.returncode}): "
                    f"{stderr.read_text()[-500:]}"
                )
                continue
            process.send_signal(signal.SIGKILL)
        figures.kills += 1
        _check(file, figures, kill)
    _finish(file, figures)
    return figures


def run_crash_campaign(
    directory: Path,
    *,
    kills: int,
    seed: int = 0,
    kills_per_file: int = 25,
    max_delay: float = 0.12,
    early_share: float = 0.1,
    workers: int = 2,
) -> CrashFigures:
    """Kill a writer `kills` times at seeded random moments; return what was found.

    Kill ``k`` falls on log file ``k // kills_per_file``; `workers` files are worked on at
    once (each by its own writer, one after another on each file). A share `early_share` of
    the kills come at a random moment from the start of the process (perhaps before the log
    is open, perhaps while it is being created); the others come 0 to `max_delay` seconds
    after the writer has opened the log, mostly while an append is under way. The moments
    follow from `seed` alone.
    """
    started = time.monotonic()
    ranges = [
        range(start, min(start + kills_per_file, kills))
        for start in range(0, kills, kills_per_file)
    ]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(
            pool.map(
                lambda number: _run_file(
                    directory,
                    number,
                    ranges[number],
                    seed=seed,
                    max_delay=max_delay,
                    early_share=early_share,
                ),
                range(len(ranges)),
            )
        )
    total = CrashFigures()
    for part in parts:
        for name in (f.name for f in fields(CrashFigures)):
            if name == "problems":
                total.problems.extend(part.problems)
            elif name != "seconds":
                setattr(total, name, getattr(total, name) + getattr(part, name))
    total.seconds = time.monotonic() - started
    return total


def format_figures(figures: CrashFigures) -> str:
    """The figures of a campaign, one per line."""
    return "\n".join(
        [
            f"kills survived          {figures.kills}",
            f"  before the log opened {figures.kills_before_ready}",
            f"  during an append      {figures.in_flight} "
            f"({figures.in_flight_committed} landed whole, "
            f"{figures.in_flight_rolled_back} rolled back)",
            f"log files               {figures.files}",
            f"batches acknowledged    {figures.batches_acknowledged}",
            f"records acknowledged    {figures.records_acknowledged}",
            f"records in the logs     {figures.records_in_logs}",
            f"records lost            {figures.records_lost}",
            f"batches there in part   {figures.partial_batches}",
            f"verify failures         {figures.verify_failures}",
            f"seconds                 {figures.seconds:.1f}",
        ]
    )
