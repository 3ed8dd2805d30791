"""PostgreSQL: timeline's `PostgresLog` beside `eventsourcing`'s PostgreSQL persistence.

Both run in the same process against the same server (a throwaway durable cluster started
here, or ``--dsn``), on the same generated events (`synth`), each run into a database of its
own. Measures, as events per second (median of the repetitions):

- ``pg_append_batched_eps`` / ``es_pg_append_batched_eps``: appends of 1,000 events a call;
- ``pg_append_single_eps`` / ``es_pg_append_single_eps``: one event a call (one commit each);
- ``pg_replay_eps`` / ``es_pg_replay_eps``: read, decode and fold every event (timeline's
  `project`; eventsourcing's notification-log scan mutating each aggregate, `es_model`),
  each database vacuumed first and the two replays in turn, each first in every other
  round; ``pg_cpu_replay_eps`` / ``es_pg_cpu_replay_eps``: the same in the process's CPU
  time (what is left when the server's share and the machine's load are taken out);
  ``pg_verified_replay_eps``: timeline's replay with every record checked against the
  chain; ``pg_read_decode_eps``: timeline's read and decode alone.

Run ``python benchmarks/pg_bench.py [--n 20000] [--json]``; `benchmarks/run.py --backend
postgres` runs the same section.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from synth import batches

from timeline.events import Event
from timeline.fold import project


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def _database(admin_dsn: str) -> tuple[str, str]:
    """A new, empty database on the server: (its name, its DSN)."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return name, admin_dsn.rsplit("/", 1)[0] + f"/{name}"


def _drop(admin_dsn: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# -- timeline -----------------------------------------------------------------------------------


def pg_append_batched(dsn: str, events: Sequence[Event], size: int = 1000) -> float:
    from timeline.log.postgres import PostgresLog

    with PostgresLog(dsn) as tl:
        t = time.perf_counter()
        for start in range(0, len(events), size):
            tl.append(events[start : start + size])
        return len(events) / (time.perf_counter() - t)


def pg_append_single(dsn: str, events: Sequence[Event]) -> float:
    from timeline.log.postgres import PostgresLog

    with PostgresLog(dsn) as tl:
        t = time.perf_counter()
        for event in events:
            tl.append([event])
        return len(events) / (time.perf_counter() - t)


def _rates(count: int, action: Any) -> tuple[float, float]:
    """Events/s of `action()` in wall-clock time and in this process's CPU time."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return count / wall, count / max(cpu, 1e-9)


def pg_replay(dsn: str) -> dict[str, float]:
    """Events/s of read + decode + fold (wall and CPU), of the same with every record checked
    against the chain, and of read + decode alone (the definitions of ``replay_eps``,
    ``verified_replay_eps`` and ``read_decode_eps`` of `benchmarks/run.py`)."""
    from timeline.log.postgres import PostgresLog

    def read() -> None:
        for _ in tl.read():
            pass

    with PostgresLog(dsn, read_only=True) as tl:
        count = tl.last_seq
        reading, _ = _rates(count, read)
        replay, cpu = _rates(count, lambda: project(tl.read()))
        verified, _ = _rates(count, lambda: project(tl.read(verify=True)))
    return {
        "pg_replay_eps": replay,
        "pg_cpu_replay_eps": cpu,
        "pg_verified_replay_eps": verified,
        "pg_read_decode_eps": reading,
    }


def settle(dsn: str) -> None:
    """``VACUUM (ANALYZE)`` the database just filled, so that neither replay pays for the
    hint bits of fresh rows or an autovacuum of them (the first read of a freshly written
    table writes to it)."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


# -- eventsourcing ------------------------------------------------------------------------------


def _es_app(dsn: str) -> Any:
    import es_model
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(dsn)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(info["dbname"]),
        "POSTGRES_HOST": str(info.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(info.get("port", 5432)),
        "POSTGRES_USER": str(info.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(info.get("password", "")),
        "CREATE_TABLE": "y",
    }
    return es_model.Partners(env=env)


def es_append_batched(dsn: str, batched: list[list[Any]], count: int) -> float:
    app = _es_app(dsn)
    t = time.perf_counter()
    for batch in batched:
        app.save(*batch)
    eps = count / (time.perf_counter() - t)
    app.close()
    return eps


def es_append_single(dsn: str, singles: list[list[Any]]) -> float:
    app = _es_app(dsn)
    t = time.perf_counter()
    for domain_events in singles:
        app.save(*domain_events)
    eps = len(singles) / (time.perf_counter() - t)
    app.close()
    return eps


def es_replay(dsn: str, count: int) -> dict[str, float]:
    """Events/s of eventsourcing's replay (`es_model.replay`), wall and CPU."""
    import es_model

    app = _es_app(dsn)
    wall, cpu = _rates(count, lambda: es_model.replay(app))
    app.close()
    return {"es_pg_replay_eps": wall, "es_pg_cpu_replay_eps": cpu}


# -- the section ----------------------------------------------------------------------------------


def run_section(
    admin_dsn: str, n: int, singles: int, reps: int, replay_only: bool = False
) -> dict[str, Any]:
    """Every key of the module documentation, measured `reps` times each, interleaved (with
    `replay_only`, the replay keys and the batched appends that fill the databases)."""
    from run import es_domain_events

    log(f"generating {n:,} events ...")
    events = [e for batch in batches(n) for e in batch]
    batched = es_domain_events(events)
    single_batches = es_domain_events(events[:singles], size=1)
    runs: dict[str, list[float]] = {}

    def measure(key: str, value: float) -> None:
        runs.setdefault(key, []).append(value)
        log(f"  {key}: {value:,.0f}")

    for rep in range(reps):
        log(f"round {rep + 1} of {reps}")
        created = [_database(admin_dsn) for _ in range(4)]
        (_, tl_db), (_, tl_single), (_, es_db), (_, es_single) = created
        measure("pg_append_batched_eps", pg_append_batched(tl_db, events))
        measure("es_pg_append_batched_eps", es_append_batched(es_db, batched, len(events)))
        if not replay_only:
            measure("pg_append_single_eps", pg_append_single(tl_single, events[:singles]))
            measure("es_pg_append_single_eps", es_append_single(es_single, single_batches))
        settle(tl_db)
        settle(es_db)
        # the two replays in turn, each first in every other round
        for side in (0, 1) if rep % 2 == 0 else (1, 0):
            rates = pg_replay(tl_db) if side == 0 else es_replay(es_db, len(events))
            for key, value in rates.items():
                measure(key, value)
        for name, _ in created:
            _drop(admin_dsn, name)
    result: dict[str, Any] = {key: statistics.median(values) for key, values in runs.items()}
    result.update({k.replace("_eps", "_runs"): [round(v) for v in vs] for k, vs in runs.items()})
    for what in ("append_batched", "replay", "cpu_replay") if replay_only else (
        "append_batched", "append_single", "replay", "cpu_replay"
    ):  # fmt: skip
        result[f"pg_{what}_ratio_vs_es"] = result[f"pg_{what}_eps"] / result[f"es_pg_{what}_eps"]
    result["pg_replay_ratio_vs_es_runs"] = [
        round(ours / theirs, 2)
        for ours, theirs in zip(runs["pg_replay_eps"], runs["es_pg_replay_eps"], strict=True)
    ]
    result["pg_read_decode_ratio_vs_es_replay"] = (
        result["pg_read_decode_eps"] / result["es_pg_replay_eps"]
    )
    result["pg_n"], result["pg_singles"], result["pg_reps"] = n, singles, reps
    return result


def with_server(dsn: str | None, action: Any) -> Any:
    """Run `action(dsn)` against `dsn`, or a throwaway durable cluster started for it."""
    if dsn:
        return action(dsn)
    from helpers.pgcluster import Cluster

    cluster = Cluster(tempfile.mkdtemp(prefix="timeline-pg-bench-")).init().start(durable=True)
    try:
        return action(cluster.dsn)
    finally:
        cluster.remove()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dsn", default=os.environ.get("TIMELINE_BENCH_PG"))
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--singles", type=int, default=500)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=("replay",), default=None)
    args = parser.parse_args(argv)
    result = with_server(
        args.dsn,
        lambda dsn: run_section(dsn, args.n, args.singles, args.reps, args.only == "replay"),
    )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            if not key.endswith("_runs"):
                print(f"{key:34} {value:,.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
