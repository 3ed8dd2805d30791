"""Where a full replay's time goes: µs per record of each stage, over a synthetic log.

    python benchmarks/replay_profile.py [--n 20000] [--reps 5] [--db PATH] [--json]

Builds (or reuses, with ``--db``) a SQLite log of `--n` events from `synth`, then times, as
the median of `--reps` interleaved repetitions, in CPU time of this process:

- ``read``: fetching the stored rows as a verifying read does (seq, recorded_at, body,
  prev_hash, hash as bytes), chunk by chunk;
- ``verify``: checking those rows against the chain (SHA-256 of each record's bytes);
- ``decode``: the stored bodies to typed events (`timeline.log.wire.decode_bytes`), and the
  records around them (`to_record`);
- ``fold``: `project` over the records already decoded (every partner's state);
- ``total``: `project(log.read(verify=True))`, the whole replay as the library runs it.

Also ``decode_body_us``: `decode_bytes` alone over the stored bodies, µs per body.

    python benchmarks/replay_profile.py --rebuild --db COPY.db [--json]

times instead `ProjectionStore.rebuild` of the file (its stored projections are made again:
give a copy), once, by stage, in CPU time: ``whole_read`` (the one verified read of every
record), ``partner_read`` (each partner read again, verified, one kind at a time),
``fold`` (`project_partner`), ``bodies`` (`FactRows.add`: each fact's key and compressed
body), ``write`` (the rows made with their ranks and inserted), ``other``; each in µs per
record of the log, and the counts (records, partner records read, facts).
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from synth import batches  # noqa: E402

from timeline.fold import project  # noqa: E402
from timeline.log import SQLiteLog  # noqa: E402
from timeline.log._sqlite_layout import LAYOUTS  # noqa: E402
from timeline.log._verify import GENESIS, check_contiguous, to_record  # noqa: E402
from timeline.log.wire import decode_bytes  # noqa: E402

#: The rows as a verifying read fetches them, in the file's row layout (its format version).
_SQL = "SELECT {columns} FROM records WHERE seq > ? ORDER BY seq LIMIT 1000"


def build(path: Path, n: int) -> None:
    """A log of `n` synthetic events at `path` (seed 7, batches of 1,000)."""
    with SQLiteLog(path) as log:
        for batch in batches(n):
            log.append(batch)


def read_rows(path: Path) -> list[Any]:
    rows: list[Any] = []
    with sqlite3.connect(str(path)) as db:
        (version,) = db.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
        sql = _SQL.format(columns=LAYOUTS[version].raw_columns())
        position = 0
        while True:
            chunk = db.execute(sql, (position,)).fetchall()
            rows += chunk
            if len(chunk) < 1000:
                return rows
            position = chunk[-1][0]


def _cpu(action: Callable[[], Any]) -> float:
    gc.collect()
    start = time.process_time()
    action()
    return time.process_time() - start


def profile(path: Path, reps: int) -> dict[str, Any]:
    """Median CPU µs per record of each stage (see the module docs)."""
    rows = read_rows(path)
    count = len(rows)
    stamps: dict[str, datetime] = {}
    records = [to_record(row, stamps, "bench") for row in rows]
    bodies = [row[2] for row in rows]
    with SQLiteLog(path, read_only=True) as log:
        stages: dict[str, Callable[[], Any]] = {
            "read": lambda: read_rows(path),
            "verify": lambda: check_contiguous(rows, 0, GENESIS, "bench"),
            "decode": lambda: [to_record(row, {}, "bench") for row in rows],
            "decode_body": lambda: [decode_bytes(body) for body in bodies],
            "fold": lambda: project(records),
            "total": lambda: project(log.read(verify=True)),
        }
        times: dict[str, list[float]] = {name: [] for name in stages}
        for _ in range(reps):
            for name, action in stages.items():
                times[name].append(_cpu(action))
    found = {f"{k}_us": statistics.median(v) / count * 1e6 for k, v in times.items()}
    found["stages_sum_us"] = sum(found[f"{k}_us"] for k in ("read", "verify", "decode", "fold"))
    found["total_eps"] = count / statistics.median(times["total"])
    found["records"] = count
    return found


class _Timed:
    """An iterator that adds the CPU time spent in each ``next`` to `spent[stage]`."""

    def __init__(
        self, inner: Any, stage: str, spent: dict[str, float], counts: dict[str, int]
    ) -> None:
        self.inner, self.stage, self.spent, self.counts = iter(inner), stage, spent, counts

    def __iter__(self) -> _Timed:
        return self

    def __next__(self) -> Any:
        start = time.process_time()
        try:
            found = next(self.inner)
        finally:
            self.spent[self.stage] += time.process_time() - start
        self.counts[self.stage] += 1
        return found


def rebuild_profile(path: Path) -> dict[str, Any]:
    """CPU µs per log record of each stage of one `ProjectionStore.rebuild` of `path`."""
    from timeline.fold import _rows, stored

    spent: dict[str, float] = dict.fromkeys(
        ("whole_read", "partner_read", "fold", "bodies", "write"), 0.0
    )
    counts: dict[str, int] = dict.fromkeys(spent, 0)

    def timed(stage: str, action: Callable[..., Any], reads: bool = False) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            before = spent["whole_read"] + spent["partner_read"]
            start = time.process_time()
            try:
                return action(*args, **kwargs)
            finally:  # the reads it pulled are their own stages
                pulled = spent["whole_read"] + spent["partner_read"] - before
                spent[stage] += time.process_time() - start - (pulled if reads else 0.0)

        return run

    originals = (stored.project_partner, _rows.FactRows.add, stored.ProjectionStore._replace)
    stored.project_partner = timed("fold", stored.project_partner, reads=True)
    _rows.FactRows.add = timed("bodies", _rows.FactRows.add)  # type: ignore[method-assign]
    stored.ProjectionStore._replace = timed("write", stored.ProjectionStore._replace)  # type: ignore[method-assign]
    try:
        with SQLiteLog(path) as log, stored.ProjectionStore(log) as store:
            read = log.read

            def timed_read(**kwargs: Any) -> Any:
                stage = "whole_read" if kwargs.get("partner") is None else "partner_read"
                return _Timed(read(**kwargs), stage, spent, counts)

            log.read = timed_read  # type: ignore[method-assign]
            count = log.last_seq
            start = time.process_time()
            store.rebuild()
            total = time.process_time() - start
            (facts,) = store._db.execute("SELECT COUNT(*) FROM projection_facts").fetchone()
    finally:
        stored.project_partner, _rows.FactRows.add, stored.ProjectionStore._replace = originals
    found: dict[str, Any] = {f"{k}_us": v / count * 1e6 for k, v in spent.items()}
    found["other_us"] = (total - sum(spent.values())) / count * 1e6
    found["total_us"] = total / count * 1e6
    found["cpu_eps"] = count / total
    found["records"] = count
    found["partner_records_read"] = counts["partner_read"]
    found["facts"] = facts
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--db", default=None, help="a log to profile (built there if missing)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="time a rebuild of --db, by stage")
    args = parser.parse_args(argv)
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "profile.db"
    if not path.exists():
        build(path, args.n)
    found = rebuild_profile(path) if args.rebuild else profile(path, args.reps)
    if args.json:
        print(json.dumps(found, indent=1))
    else:
        for key, value in found.items():
            print(f"{key:16} {value:,.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
