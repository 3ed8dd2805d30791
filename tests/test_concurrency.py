"""Writers at once: four processes, eight threads; a writer blocked by a lock never hangs.

Every writer appends with ``expected_last_seq`` and retries on `ConcurrencyError`
(`helpers.concurrent_writer`). Afterwards the log holds exactly what was appended, at the
positions the writers were told, numbered 1..n without a gap or a duplicate, and verifies.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from helpers.concurrency import check_log, run_processes, run_threads
from helpers.lock_holder import lock_held_by_another_process
from helpers.workload import ROOT, batch_events, python, subprocess_env
from timeline.articles import Article
from timeline.cli import main
from timeline.errors import LogError, TimelineError
from timeline.log import SQLiteLog
from timeline.timeline import Timeline

#: Every subprocess of these tests is given this long at most.
TIMEOUT = 60.0
#: The lock timeout of the writers that are meant to give up.
LOCK_TIMEOUT = 0.5


def new_log(path: Path) -> None:
    SQLiteLog(path).close()


def test_four_processes_appending_at_once_lose_nothing_and_leave_no_gap(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    new_log(db)
    appended = run_processes(db, writers=4, batches=25)
    assert check_log(db, appended) == appended.records > 0
    assert appended.retries > 0  # they did get in each other's way


@pytest.mark.parametrize("shared", [False, True], ids=["own-connections", "one-shared-log"])
def test_eight_threads_appending_at_once_lose_nothing_and_leave_no_gap(
    tmp_path: Path, shared: bool
) -> None:
    db = tmp_path / "t.db"
    new_log(db)
    appended = run_threads(db, writers=8, batches=12, shared=shared)
    assert check_log(db, appended) == appended.records > 0
    assert appended.retries > 0


def an_article(n: int = 0) -> Article:
    return Article.from_text(
        f"Belgium pledged EUR {n + 5} million in military aid to Ukraine on 4 March 2024.",
        published=date(2024, 3, 5),
    )


def append(db: Path) -> None:
    with SQLiteLog(db, timeout=LOCK_TIMEOUT) as log:
        log.append(batch_events("x", 0, 1))


def ingest(db: Path) -> None:
    with Timeline(SQLiteLog(db, timeout=LOCK_TIMEOUT)) as tl:
        tl.ingest(an_article())


def retract(db: Path) -> None:
    with Timeline(SQLiteLog(db, timeout=LOCK_TIMEOUT)) as tl:
        tl.retract(batch_events("x", 0, 0)[-1].id, reason="wrong")


WRITES: dict[str, Callable[[Path], None]] = {"append": append, "ingest": ingest, "retract": retract}


@pytest.mark.parametrize("write", list(WRITES))
def test_a_writer_blocked_by_another_process_waits_its_timeout_then_gets_a_clear_error(
    tmp_path: Path, write: str
) -> None:
    db = tmp_path / "t.db"
    with SQLiteLog(db) as log:
        log.append(batch_events("x", 0, 0))
        before = (len(log), log.head)
    with lock_held_by_another_process(db):
        started = time.monotonic()
        with pytest.raises(TimelineError) as caught:
            WRITES[write](db)
        waited = time.monotonic() - started
    assert isinstance(caught.value, LogError)
    assert str(caught.value) == (f"{db} is locked by another writer (waited {LOCK_TIMEOUT} s)")
    assert LOCK_TIMEOUT * 0.9 <= waited < LOCK_TIMEOUT + 2.0
    with SQLiteLog(db) as log:
        assert (len(log), log.head) == before
        assert log.verify()
        WRITES[write](db)  # the lock is gone: the same write goes through
        assert len(log) > before[0]
        assert log.verify()


def test_a_new_log_blocked_while_being_created_elsewhere_gets_a_clear_error(
    tmp_path: Path,
) -> None:
    db = tmp_path / "t.db"
    with lock_held_by_another_process(db):  # a plain SQLite file, empty, write-locked
        started = time.monotonic()
        with pytest.raises(LogError, match=r"locked by another writer \(waited 0\.5 s\)"):
            SQLiteLog(db, timeout=LOCK_TIMEOUT)
        assert LOCK_TIMEOUT * 0.9 <= time.monotonic() - started < LOCK_TIMEOUT + 2.0
    with SQLiteLog(db) as log:
        assert log.verify()


def test_reads_and_verify_do_not_wait_for_another_writers_lock(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with SQLiteLog(db) as log:
        log.append(batch_events("x", 0, 0))
    with lock_held_by_another_process(db), SQLiteLog(db, timeout=LOCK_TIMEOUT) as log:
        started = time.monotonic()
        assert log.verify()
        assert len(list(log.read())) == len(log) > 0
        assert time.monotonic() - started < LOCK_TIMEOUT


def test_the_ingest_command_blocked_by_a_lock_stops_with_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not one skipped file per article, each after a wait: the lock is not the file's fault."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(5):
        (articles / f"{n}.txt").write_text(an_article(n).body, encoding="utf-8")
    db = tmp_path / "t.db"
    new_log(db)
    with lock_held_by_another_process(db):
        started = time.monotonic()
        status = main(["ingest", str(articles), "--db", str(db), "--lock-timeout", "0.5"])
        waited = time.monotonic() - started
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"timeline: error: {db} is locked by another writer (waited 0.5 s)\n"
    assert LOCK_TIMEOUT * 0.9 <= waited < LOCK_TIMEOUT + 2.0
    assert main(["ingest", str(articles), "--db", str(db)]) == 0
    with SQLiteLog(db) as log:
        assert len(list(log.read(kinds="article_recorded"))) == 5


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "inf"])
def test_a_lock_timeout_that_is_not_a_number_of_seconds_is_a_usage_error(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["state", "NL", "--db", str(tmp_path / "t.db"), "--lock-timeout", value])
    assert status == 2
    assert f"not a number of seconds: {value!r}" in capsys.readouterr().err


def test_two_ingest_commands_over_the_same_articles_at_once_store_each_article_once(
    tmp_path: Path,
) -> None:
    db = tmp_path / "t.db"  # not there yet: both commands race to create it, too
    fixtures = ROOT / "tests" / "fixtures" / "articles"
    command = [python(), "-m", "timeline", "ingest", str(fixtures), "--db", str(db)]
    runs = [
        subprocess.Popen(
            command, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=TIMEOUT) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all(b"Traceback" not in err for _, err in outputs)
    with SQLiteLog(db, read_only=True) as log:
        records = list(log.read())
        assert log.verify()
    articles = [r for r in records if r.event.kind == "article_recorded"]
    assert len(articles) == len(list(fixtures.glob("*.txt")))
    assert len({r.event.id for r in records}) == len(records)
