"""Read-only use: ``state``, ``events``, ``history``, ``verify`` and ``report`` open the file
read-only, change nothing in it, and work while another process is writing it.
"""

from __future__ import annotations

import hashlib
import io
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.crash import reaped, start_writer, wait_for_journal
from helpers.lock_holder import lock_held_by_another_process
from helpers.workload import ROOT, batch_events, python, subprocess_env
from timeline.cli import main
from timeline.errors import LogError
from timeline.log import SQLiteLog
from timeline.timeline import Timeline

TIMEOUT = 60.0
FIXTURES = ROOT / "tests" / "fixtures" / "articles"

READ_COMMANDS = [
    ["state", "BE"],
    ["state", "NL", "--as-of", "2024-01-01", "--format", "json"],
    ["events", "--partner", "DE"],
    ["history", "GB"],
    ["verify"],
    ["verify", "--print-head"],
    ["report", "--partner", "BE"],
]


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(argv, out=out), out.getvalue()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed log of the fixture articles and some workload batches."""
    path = tmp_path_factory.mktemp("readonly") / "t.db"
    assert run(["ingest", str(FIXTURES), "--db", str(path)])[0] == 0
    with SQLiteLog(path) as log:
        for batch in range(3):
            log.append(batch_events("ro", 3, batch))
    return path


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=" ".join)
def test_a_read_command_opens_the_log_read_only(
    db: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[dict[str, Any]] = []

    def spy(path: Path, **options: Any) -> SQLiteLog:
        opened.append(options)
        return SQLiteLog(path, **options)

    monkeypatch.setattr("timeline.log._open.SQLiteLog", spy)  # open_log picks the backend
    assert run([*argv, "--db", str(db)])[0] == 0
    assert [options.get("read_only") for options in opened] == [True]


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=" ".join)
def test_a_read_command_leaves_the_file_as_it_was(db: Path, argv: list[str]) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert run([*argv, "--db", str(db)])[0] == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=" ".join)
def test_a_read_command_on_a_missing_file_says_so_and_creates_nothing(
    tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.db"
    assert run([*argv, "--db", str(missing)])[0] == 2
    assert capsys.readouterr().err.startswith(f"timeline: error: no timeline at {missing}")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_timeline_refuses_to_ingest_or_retract(db: Path) -> None:
    with Timeline.open(db, read_only=True) as tl:
        before = (len(tl.log), tl.log.head)
        event_id = next(tl.events(kinds="meeting_held")).id
        with pytest.raises(LogError, match="read-only"):
            tl.append(batch_events("ro", 3, 99))
        with pytest.raises(LogError, match="read-only"):
            tl.retract(event_id, reason="no")
        assert (len(tl.log), tl.log.head) == before


@pytest.fixture
def busy_db(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[bytes]]]:
    """A log that another process keeps appending to (a batch every few milliseconds)."""
    path, journal = tmp_path / "busy.db", tmp_path / "busy.journal"
    assert run(["ingest", str(FIXTURES), "--db", str(path)])[0] == 0
    stderr = tmp_path / "writer.stderr"
    with reaped(start_writer(path, journal, stderr, seed=5, pause=0.005)) as writer:
        assert wait_for_journal(journal, b"ack 3 ", writer), stderr.read_text()
        yield path, writer
        assert writer.poll() is None, stderr.read_text()  # it was writing all along
        writer.send_signal(signal.SIGKILL)
    with SQLiteLog(path, read_only=True) as log:
        assert log.verify()


def test_read_commands_work_on_a_file_that_another_process_is_writing(
    busy_db: tuple[Path, subprocess.Popen[bytes]],
) -> None:
    path, _ = busy_db
    heads: list[str] = []
    counts: list[int] = []
    # At least a second of reading, and on until the log has been seen to grow (a loaded
    # machine may fit only one round in a second); a writer that stopped fails at `cap`.
    deadline, cap = time.monotonic() + 1.0, time.monotonic() + TIMEOUT
    while time.monotonic() < deadline or (
        (len(counts) < 2 or counts[-1] == counts[0]) and time.monotonic() < cap
    ):
        for argv in READ_COMMANDS:
            status, out = run([*argv, "--db", str(path)])
            assert status == 0, argv
            if argv == ["verify", "--print-head"]:
                heads.append(out.strip())
                counts.append(int(out.split(":")[0]))
    assert counts == sorted(counts)
    assert counts[-1] > counts[0]  # the log grew while it was read
    # Every head printed while the writer wrote is still held by the log it grew into.
    for head in (heads[0], heads[len(heads) // 2], heads[-1]):
        assert run(["verify", "--expect-head", head, "--db", str(path)])[0] == 0


def test_read_commands_in_their_own_processes_work_while_another_process_writes(
    busy_db: tuple[Path, subprocess.Popen[bytes]],
) -> None:
    path, _ = busy_db
    readers = [
        subprocess.Popen(
            [python(), "-m", "timeline", *argv, "--db", str(path)],
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for argv in (["state", "BE"], ["history", "GB"], ["verify"])
    ]
    outputs = [reader.communicate(timeout=TIMEOUT) for reader in readers]
    assert [reader.returncode for reader in readers] == [0] * len(readers), outputs
    assert all(err == b"" for _, err in outputs)
    assert outputs[-1][0].startswith(b"ok: ")


def test_read_commands_do_not_wait_for_a_writer_that_holds_the_lock(
    db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "locked.db"
    path.write_bytes(db.read_bytes())
    with lock_held_by_another_process(path):
        for argv in READ_COMMANDS:
            started = time.monotonic()
            assert run([*argv, "--db", str(path)])[0] == 0
            assert time.monotonic() - started < 1.0
