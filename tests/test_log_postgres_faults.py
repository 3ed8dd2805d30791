"""Faults on a PostgreSQL log: many writer processes, writers killed, the server crashed.

Kept short here; `benchmarks/pg_reliability.py` runs the same checks longer and reports the
figures in docs/reliability.md. Each check reads the whole log afterwards: every batch a
writer saw acknowledged is there in full, no batch is there in part, nothing is there
twice, positions run 1, 2, 3 ... and the chain verifies.
"""

from __future__ import annotations

import collections
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from helpers.pgcluster import Cluster, find_bin, fresh_schema, suite_dsn
from helpers.workload import ROOT, batch_size, label_of, python, subprocess_env


def _writer(dsn: str, schema: str, tag: str, ack: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [python(), "-m", "helpers.pg_writer", dsn, "--schema", schema, "--tag", tag,
         "--ack", str(ack), *extra],
        cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def check_log(dsn: str, schema: str, acked: dict[str, set[str]], sizes: dict[str, int]) -> int:
    """Assert what the module documentation promises; the number of records."""
    from timeline.log.postgres import PostgresLog

    with PostgresLog(dsn, schema=schema, read_only=True) as log:
        records = list(log.read())
        assert [r.seq for r in records] == list(range(1, len(records) + 1))
        assert len({r.event.id for r in records}) == len(records)
        counts = collections.Counter(label_of(r.event) for r in records)
        for tag, labels in acked.items():
            for label in labels:
                assert counts[label] == sizes.get(label, sizes.get(tag, -1)), label
        for label, count in counts.items():
            assert label is not None
            tag = label.rsplit("-", 1)[0]
            assert count == sizes.get(label, sizes.get(tag, -1)), f"{label}: a partial batch"
        result = log.verify()
        assert result.ok, result.reason
        return len(records)


def _acks(path: Path) -> set[str]:
    return set(path.read_text().split()) if path.exists() else set()


def test_eight_writer_processes_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    dsn, schema = suite_dsn(), fresh_schema()
    from timeline.log.postgres import PostgresLog

    PostgresLog(dsn, schema=schema).close()
    tags = [f"w{k}" for k in range(8)]
    writers = [_writer(dsn, schema, tag, tmp_path / f"{tag}.ack", "--batches", "8")
               for tag in tags]  # fmt: skip
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    acked = {tag: _acks(tmp_path / f"{tag}.ack") for tag in tags}
    assert all(len(labels) == 8 for labels in acked.values())
    sizes = {f"{tag}-{n:06d}": batch_size(0, n) for tag in tags for n in range(8)}
    total = check_log(dsn, schema, acked, sizes)
    assert total == sum(sizes.values())


def test_a_writer_killed_mid_transaction_leaves_no_partial_batch(tmp_path: Path) -> None:
    dsn, schema = suite_dsn(), fresh_schema()
    from timeline.log.postgres import PostgresLog

    PostgresLog(dsn, schema=schema).close()
    rng = random.Random(11)
    acked: dict[str, set[str]] = {}
    for round_ in range(4):
        tag = f"k{round_}"
        ack = tmp_path / f"{tag}.ack"
        writer = _writer(dsn, schema, tag, ack, "--batches", "50", "--size", "2000")
        assert writer.stdout is not None
        writer.stdout.readline()  # its first append has begun
        time.sleep(rng.uniform(0.05, 0.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        acked[tag] = _acks(ack)
    sizes = {f"k{r}": 2000 for r in range(4)}
    check_log(dsn, schema, acked, sizes)


@pytest.mark.skipif(find_bin("initdb") is None, reason="needs PostgreSQL's server programs")
def test_an_immediate_server_stop_during_appends_loses_no_acknowledged_batch() -> None:
    suite_dsn()  # skips (outside CI) when PostgreSQL cannot run here
    directory = Path(tempfile.mkdtemp(prefix="timeline-pg-crash-"))
    cluster = Cluster(directory).init().start(durable=True)
    acks = Path(tempfile.mkdtemp(prefix="timeline-pg-acks-"))
    os.chmod(acks, 0o777)
    try:
        from timeline.log.postgres import PostgresLog

        schema = "crash"
        PostgresLog(cluster.dsn, schema=schema).close()
        tags = [f"c{k}" for k in range(4)]
        writers = [
            _writer(cluster.dsn, schema, tag, acks / f"{tag}.ack", "--batches", "100",
                    "--size", "20", "--retry", "--deadline", "60")
            for tag in tags
        ]  # fmt: skip
        deadline = time.monotonic() + 60
        while min(len(_acks(acks / f"{tag}.ack")) for tag in tags) < 3:  # all are appending
            assert time.monotonic() < deadline, "the writers did not start"
            time.sleep(0.05)
        cluster.stop("immediate")
        before = {tag: _acks(acks / f"{tag}.ack") for tag in tags}
        cluster.start(durable=True)
        for writer in writers:
            _, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
        acked = {tag: _acks(acks / f"{tag}.ack") for tag in tags}
        assert all(len(labels) == 100 for labels in acked.values())
        assert any(len(before[tag]) < 100 for tag in tags)  # the stop came during appends
        check_log(cluster.dsn, schema, acked, dict.fromkeys(tags, 20))
    finally:
        cluster.remove()
        shutil.rmtree(acks, ignore_errors=True)
