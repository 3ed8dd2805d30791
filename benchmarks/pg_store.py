"""Stored projections on PostgreSQL beside the same log's SQLite file: rebuild and cold answers.

Copies a log file (`--log`, e.g. the 100,000-event log that ``run.py --only cold`` keeps in
its workdir, with its ``.history.json`` beside it) into schema ``timeline`` of a fresh
database on the server (``--dsn``, the owner's DSN), then measures:

- ``pg_rebuild_s`` / ``sqlite_rebuild_s``: `ProjectionStore.rebuild` (verify the chain, fold
  and store every partner) on the server and on a copy of the file;
- ``pg_store_ms`` / ``sqlite_store_ms``: the cold answer from the store, in a fresh process
  per question (imports done before the clock starts): `Timeline.open` read-only, then one
  partner's state at a random date of its history as known today (the same questions on
  both); median and max;
- ``pg_fold_ms`` / ``sqlite_fold_ms``: the same through an `AsOfIndex` over the log alone
  (the partner's records read, verified and folded).

Run ``python benchmarks/pg_store.py --dsn postgresql://postgres@127.0.0.1:PORT/postgres
--log /tmp/cold-bench/asof-100000.db [--runs 7] [--json]`` (a server: ``python
tests/helpers/pgcluster.py start DIR``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src")]


def child(target: str, partner: str, day: str, how: str) -> None:
    """In a fresh process: time one cold answer; print its ms as JSON."""
    from timeline.fold import AsOfIndex
    from timeline.log import open_log
    from timeline.timeline import Timeline

    t = time.perf_counter()
    as_of = date.fromisoformat(day)
    if how == "fold":
        with open_log(target, read_only=True) as log:
            AsOfIndex(log).state(partner, as_of=as_of, known_at=date.today())
    else:
        with Timeline.open(target, read_only=True) as tl:
            tl.state(partner, as_of=as_of, known_at=date.today())
            assert tl.index.store is not None
    print(json.dumps({"ms": (time.perf_counter() - t) * 1000}))


def _rebuild(target: Any) -> float:
    from timeline.fold.stored import ProjectionStore
    from timeline.log import open_log

    with open_log(target) as log, ProjectionStore(log) as store:  # type: ignore[arg-type]
        t = time.perf_counter()
        store.rebuild()
        return time.perf_counter() - t


def _questions(log: Path, runs: int) -> list[tuple[str, str]]:
    history = json.loads(log.with_suffix(".history.json").read_text())
    rng = random.Random(17)
    asks = []
    for _ in range(runs):
        partner = rng.choice(sorted(history))
        first, last = (date.fromisoformat(d) for d in history[partner])
        asks.append((partner, (first + (last - first) * rng.random()).isoformat()))
    return asks


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    import psycopg

    from timeline.log import copy_log
    from timeline.log.postgres import setup_schema

    name = f"store_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(args.dsn, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    target = f"{args.dsn.rpartition('/')[0]}/{name}"
    result: dict[str, Any] = {}
    try:
        with tempfile.TemporaryDirectory() as directory:
            local = Path(shutil.copy(args.log, Path(directory) / "local.db"))
            setup_schema(target)
            copy_log(args.log, target)
            result["pg_rebuild_s"] = _rebuild(target)
            result["sqlite_rebuild_s"] = _rebuild(local)
            asks = _questions(args.log, args.runs)
            for key, where, how in (
                ("pg_store_ms", target, ""),
                ("sqlite_store_ms", str(local), ""),
                ("pg_fold_ms", target, "fold"),
                ("sqlite_fold_ms", str(local), "fold"),
            ):
                found = []
                for partner, day in asks:
                    line = subprocess.run(
                        [sys.executable, __file__, "--child", where, partner, day, how],
                        capture_output=True, text=True, check=True,
                    ).stdout  # fmt: skip
                    found.append(json.loads(line)["ms"])
                result[key] = {"median": statistics.median(found), "max": max(found)}
    finally:
        with psycopg.connect(args.dsn, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
    print(
        json.dumps(result, indent=1)
        if args.json
        else "\n".join(f"{k}: {v}" for k, v in result.items())
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:6])
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
