"""The PostgreSQL fault runs of tests/test_log_postgres_faults.py, longer, with figures.

On a throwaway durable cluster (fsync on) started here:

1. ``--writers`` writer processes append ``--batches`` batches each (1 to 40 events);
2. ``--kills`` writers, each appending batches of 2,000 events, are killed with SIGKILL at
   a random moment of their appends;
3. four writers append while the server is stopped with ``pg_ctl stop -m immediate`` and
   started again, ``--stops`` times.

After each, the whole log is checked (`check_log`): every acknowledged batch present in
full, no partial batch, nothing twice, positions without gaps, the chain verifies. Prints
one JSON object of figures. Run ``python benchmarks/pg_reliability.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.pgcluster import Cluster
from helpers.workload import batch_size
from test_log_postgres_faults import _acks, _writer, check_log


def writers_run(dsn: str, work: Path, writers: int, batches: int) -> dict[str, object]:
    tags = [f"w{k}" for k in range(writers)]
    start = time.perf_counter()
    procs = [_writer(dsn, "writers", t, work / f"{t}.ack", "--batches", str(batches)) for t in tags]
    for proc in procs:
        proc.communicate(timeout=3600)
    elapsed = time.perf_counter() - start
    acked = {t: _acks(work / f"{t}.ack") for t in tags}
    sizes = {f"{t}-{n:06d}": batch_size(0, n) for t in tags for n in range(batches)}
    records = check_log(dsn, "writers", acked, sizes)
    return {"writers": writers, "batches_acknowledged": sum(map(len, acked.values())),
            "records": records, "seconds": round(elapsed, 1), "ok": True}  # fmt: skip


def kills_run(dsn: str, work: Path, kills: int) -> dict[str, object]:
    rng = random.Random(5)
    acked: dict[str, set[str]] = {}
    for k in range(kills):
        tag = f"k{k}"
        proc = _writer(dsn, "kills", tag, work / f"{tag}.ack", "--batches", "50", "--size", "2000")
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(rng.uniform(0.05, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        acked[tag] = _acks(work / f"{tag}.ack")
    records = check_log(dsn, "kills", acked, {f"k{k}": 2000 for k in range(kills)})
    return {"kills": kills, "batches_acknowledged": sum(map(len, acked.values())),
            "records": records, "partial_batches": 0, "ok": True}  # fmt: skip


def stops_run(cluster: Cluster, work: Path, stops: int) -> dict[str, object]:
    tags = [f"s{k}" for k in range(4)]
    batches = 60 * stops
    procs = [
        _writer(cluster.dsn, "stops", t, work / f"{t}.ack", "--batches", str(batches),
                "--size", "20", "--retry", "--deadline", "600")
        for t in tags
    ]  # fmt: skip
    acked_at_stop = []
    while sum(len(_acks(work / f"{t}.ack")) for t in tags) < 20:  # the writers are appending
        time.sleep(0.05)
    for _ in range(stops):
        time.sleep(1.5)
        cluster.stop("immediate")
        acked_at_stop.append(sum(len(_acks(work / f"{t}.ack")) for t in tags))
        time.sleep(0.3)
        cluster.start(durable=True)
    for proc in procs:
        proc.communicate(timeout=3600)
    acked = {t: _acks(work / f"{t}.ack") for t in tags}
    records = check_log(cluster.dsn, "stops", acked, dict.fromkeys(tags, 20))
    return {"immediate_stops": stops, "acknowledged_at_each_stop": acked_at_stop,
            "batches_acknowledged": sum(map(len, acked.values())), "records": records,
            "ok": True}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--batches", type=int, default=50)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--stops", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="timeline-pg-rel-"))
    work.chmod(0o777)
    cluster = Cluster(tempfile.mkdtemp(prefix="timeline-pg-rel-db-")).init().start(durable=True)
    try:
        figures = {
            "writers": writers_run(cluster.dsn, work, args.writers, args.batches),
            "kills": kills_run(cluster.dsn, work, args.kills),
            "stops": stops_run(cluster, work, args.stops),
        }
    finally:
        cluster.remove()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
