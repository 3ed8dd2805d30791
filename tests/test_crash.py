"""A writer killed at any moment loses nothing it was told had landed, and leaves no half batch.

`helpers.crash.run_crash_campaign` runs `helpers.crash_writer` in subprocesses and SIGKILLs
them at seeded random moments; see its documentation for what is checked after each kill.
The CI suite kills 24 times; ``TIMELINE_LONG=1`` kills 500 times (the figures of
``docs/reliability.md`` come from ``benchmarks/reliability.py``, which does the same).
"""

from __future__ import annotations

import os
import signal
from datetime import datetime
from pathlib import Path

import pytest

from helpers.crash import format_figures, reaped, run_crash_campaign, start_writer, wait_for_journal
from helpers.workload import batch_events
from timeline.errors import LogError
from timeline.log import SQLiteLog

LONG = bool(os.environ.get("TIMELINE_LONG"))
KILLS = 500 if LONG else 24
KILLS_PER_FILE = 25 if LONG else 6


def test_a_writer_killed_at_random_moments_loses_no_acknowledged_batch_and_leaves_no_partial_one(
    tmp_path: Path,
) -> None:
    figures = run_crash_campaign(tmp_path, kills=KILLS, seed=2024, kills_per_file=KILLS_PER_FILE)
    print(format_figures(figures))
    assert figures.problems == []
    assert figures.kills == KILLS
    assert figures.records_lost == 0
    assert figures.partial_batches == 0
    assert figures.verify_failures == 0
    # The kills did land where it matters: on appends under way, and before the log opened.
    assert figures.in_flight > KILLS // 4
    assert figures.kills_before_ready > 0
    assert figures.batches_acknowledged > KILLS


def test_a_batch_that_fails_half_way_leaves_nothing_behind(tmp_path: Path) -> None:
    """The in-process counterpart of a kill: an interrupt inside the write transaction."""
    path = tmp_path / "t.db"
    with SQLiteLog(path) as log:
        log.append(batch_events("w", 1, 0))
        before = (len(log), log.head)

    def interrupted_clock() -> datetime:
        raise KeyboardInterrupt  # the clock is read inside the transaction

    with SQLiteLog(path, clock=interrupted_clock) as log:
        with pytest.raises(KeyboardInterrupt):
            log.append(batch_events("w", 1, 1))
        assert (len(log), log.head) == before
    with SQLiteLog(path) as log:
        assert (len(log), log.head) == before
        assert log.verify()
        log.append(batch_events("w", 1, 1))
        assert log.verify()


def test_a_log_just_left_by_a_killed_writer_opens_read_only_and_verifies(tmp_path: Path) -> None:
    db, journal = tmp_path / "t.db", tmp_path / "t.journal"
    with reaped(start_writer(db, journal, tmp_path / "stderr", seed=7)) as writer:
        assert wait_for_journal(journal, b"ack 5 ", writer), (tmp_path / "stderr").read_text()
        writer.send_signal(signal.SIGKILL)
    assert writer.returncode == -signal.SIGKILL
    acked = [line.split() for line in journal.read_text().splitlines() if line.startswith("ack")]
    last_acked = int(acked[-1][3])
    assert Path(f"{db}-wal").exists()  # left behind, not checkpointed into the file
    with SQLiteLog(db, read_only=True) as log:
        result = log.verify()
        assert result.ok, result.reason
        assert result.records >= last_acked
        with pytest.raises(LogError, match="read-only"):
            log.append(batch_events("w", 1, 0))
