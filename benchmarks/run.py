"""Speed at scale: timeline's log side by side with `eventsourcing` and with raw SQLite.

    python benchmarks/run.py --quick --json      # a few minutes; N up to 100,000
    python benchmarks/run.py --json > /tmp/bench_full.json   # N up to 1,000,000 (long)
    python benchmarks/run.py --only append --json   # measures 1, 2 beside ES and raw only
    python benchmarks/run.py --only cold --sizes 1000000 --workdir /tmp/cold --json
        # 9's cold starts alone; the logs (and their histories) kept in --workdir are reused

Every figure is the median of several repetitions, measured in one run on one machine:

1. batched append (1,000 events a call) into `SQLiteLog` (durable, hash chain) — events/s;
2. single-event durable appends (one commit each) — events/s;
3. full replay: read, decode into typed events, fold every partner's state (`project`);
4. one partner's state at a random date, at the current knowledge time, through
   `Timeline.state` (its `timeline.fold.asof.AsOfIndex`) — median ms at each N (partner
   uniform, date uniform over its history), the largest partner's median, and the one-off
   cost of folding a partner;
5. peak memory (RSS of a child process) of the full replay at the largest N;
6. extraction — articles/s over the sample corpus, repeated;
7. 1-3 and 4 (by aggregate version) with `eventsourcing`'s SQLite persistence, one
   aggregate per partner;
8. the raw limit: stdlib `sqlite3` `executemany` of the same stored rows into the same
   schema, and a read-decode-fold pass over the stored bodies with the fastest JSON decoder;
9. reading with verification (the cost of checking the chain on a full read + fold), and at
   each N of `--sizes` the cold start in a fresh process, the same through the command line,
   the full rebuild (read, verify, decode, fold) and the size of the largest partner's state
   (`cold.py` says how each is taken).

Throughput (1-3, 7, 8) is measured on a log of `--throughput` events (20,000 quick, 100,000
full); as-of (4) on logs of each size of `--sizes`. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "src")]

import cold  # noqa: E402
from synth import Generator, batches  # noqa: E402

from timeline.events import Event  # noqa: E402
from timeline.fold import project, project_partner  # noqa: E402
from timeline.log import SQLiteLog  # noqa: E402
from timeline.log.sqlite import _PAGE_SIZE, _SCHEMA  # noqa: E402
from timeline.timeline import Timeline  # noqa: E402

try:
    import orjson

    _loads: Callable[[bytes], Any] = orjson.loads
    JSON_DECODER = f"orjson {orjson.__version__}"
except ImportError:  # pragma: no cover - the bench extra installs it
    _loads = json.loads
    JSON_DECODER = "json (stdlib)"


#: Interleaved rounds of as-of queries.
ROUNDS = 10


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


class Clock:
    """Wall-clock and CPU seconds, summed over the timed sections."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu

    def rates(self, count: int) -> tuple[float, float]:
        """(events/s of wall-clock time, events/s of CPU time)."""
        return count / self.wall, count / max(self.cpu, 1e-9)


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("eventsourcing", "orjson", "cattrs", "attrs"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "versions": versions,
        "json_decoder": JSON_DECODER,
    }


# -- timeline -----------------------------------------------------------------------------------


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def append_batched(path: Path, events: Sequence[Event], size: int = 1000) -> tuple[float, float]:
    """Events/s (wall, CPU) of appending `events` in batches of `size` into a new durable log."""
    clock = Clock()
    with SQLiteLog(fresh(path)) as tl:
        for start in range(0, len(events), size):
            batch = events[start : start + size]
            with clock:
                tl.append(batch)
    return clock.rates(len(events))


def append_single(path: Path, events: Sequence[Event]) -> tuple[float, float]:
    """Events/s (wall, CPU) of appending `events` one a call (one commit each), new log."""
    clock = Clock()
    with SQLiteLog(fresh(path)) as tl, clock:
        for event in events:
            tl.append([event])
    return clock.rates(len(events))


def replay(path: Path) -> tuple[float, float, float, int]:
    """Events/s of read + decode + fold (wall, CPU), of read + decode alone (wall), partners."""
    with SQLiteLog(path, read_only=True) as tl:
        count = tl.last_seq
        reading = Clock()
        with reading:
            for _ in tl.read():
                pass
        gc.collect()
        clock = Clock()
        with clock:
            states = project(tl.read())
    wall, cpu = clock.rates(count)
    return wall, cpu, reading.rates(count)[0], len(states)


def verified_replay(path: Path) -> tuple[float, float]:
    """Events/s (wall, CPU) of the replay as a rebuild runs it: every record checked against
    the chain as it streams (``read(verify=True)``), decoded, folded (`project`)."""
    with SQLiteLog(path, read_only=True) as tl:
        count = tl.last_seq
        gc.collect()
        clock = Clock()
        with clock:
            project(tl.read(verify=True))
    return clock.rates(count)


def replay_child(path: str) -> None:
    """Run in a child process: the full replay, then its peak RSS as JSON on stdout."""
    eps, _, _, partners = replay(Path(path))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"replay_eps": eps, "peak_mb": peak_kb / 1024, "partners": partners}))


def build_log(path: Path, n: int, seed: int = 7) -> tuple[float, dict[str, list[date]]]:
    """Append `n` generated events in batches of 1,000; (events/s of the appends, history)."""
    generator = Generator(seed)
    stream = generator.events(n)
    elapsed = 0.0
    done = 0
    with SQLiteLog(fresh(path)) as tl:
        while done < n:
            batch = [e for _, e in zip(range(1000), stream, strict=False)]
            if not batch:
                break
            t = time.perf_counter()
            tl.append(batch)
            elapsed += time.perf_counter() - t
            done += len(batch)
            if done % 100_000 == 0:
                log(f"    built {done:,} events ({done / elapsed:,.0f} ev/s appending)")
    return done / elapsed, generator.history


class AsOf:
    """One log of size N behind a `Timeline`, every partner asked once (its as-of index
    folds each partner then), ready to query through `Timeline.state`."""

    def __init__(self, path: Path, history: dict[str, list[date]], seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.today = date.today()
        self.history = history
        self.partners = sorted(history)
        self.log = SQLiteLog(path, read_only=True)
        self.timeline = Timeline(self.log)
        self.warm: dict[str, float] = {}
        for partner in self.partners:
            t = time.perf_counter()
            self.timeline.index.warm(partner)
            self.warm[partner] = time.perf_counter() - t
        with self.log._lock:  # count each partner's records, for the report
            self.counts = dict(
                self.log._open_connection().execute(
                    "SELECT partner, COUNT(*) FROM record_partners GROUP BY partner"
                )
            )
        self.largest = max(self.counts, key=self.counts.__getitem__)
        self.uniform: list[tuple[float, float]] = []
        self.big: list[tuple[float, float]] = []

    def draw(self, partner: str) -> date:
        first, last = self.history[partner]
        return first + (last - first) * self.rng.random()

    def timed(self, partner: str) -> tuple[float, float]:
        """(wall ms, CPU ms) of one query at a random date of `partner`'s history."""
        day = self.draw(partner)
        wall, cpu = time.perf_counter(), time.process_time()
        self.timeline.state(partner, as_of=day, known_at=self.today)
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    def round(self, queries: int) -> None:
        self.uniform += [self.timed(self.rng.choice(self.partners)) for _ in range(queries)]
        self.big += [self.timed(self.largest) for _ in range(max(4, queries // 5))]

    def finish(self, check: int) -> dict[str, Any]:
        """Check a few queries against the full fold, close the log, and report."""
        mismatches = 0
        fold_ms = []
        for _ in range(check):
            partner = self.rng.choice(self.partners)
            day = self.draw(partner)
            t = time.perf_counter()
            expected = project_partner(
                self.log.read(partner=partner), partner, as_of=day, known_at=self.today
            )
            fold_ms.append((time.perf_counter() - t) * 1000)
            mismatches += self.timeline.state(partner, as_of=day, known_at=self.today) != expected
        self.log.close()
        uniform = sorted(w for w, _ in self.uniform)
        return {
            "median_ms": median(uniform),
            "cpu_median_ms": median([c for _, c in self.uniform]),
            "p90_ms": uniform[int(0.9 * len(uniform))],
            "queries": len(uniform),
            "largest_partner": self.largest,
            "largest_partner_records": self.counts[self.largest],
            "largest_median_ms": median([w for w, _ in self.big]),
            "largest_cpu_median_ms": median([c for _, c in self.big]),
            "median_partner_records": median(list(self.counts.values())),
            "warm_median_s": median(list(self.warm.values())),
            "warm_largest_s": self.warm[self.largest],
            "warm_total_s": sum(self.warm.values()),
            "full_fold_median_ms": median(fold_ms) if fold_ms else None,
            "checked": check,
            "mismatches": mismatches,
        }


# -- eventsourcing ------------------------------------------------------------------------------


def es_domain_events(events: Iterable[Event], size: int = 1000) -> list[list[Any]]:
    """The domain events of each batch of `size` timeline events."""
    import es_model

    converter = es_model.Converter()
    out: list[list[Any]] = []
    batch: list[Any] = []
    for n, event in enumerate(events, start=1):
        batch.extend(converter.convert(event))
        if n % size == 0:
            out.append(batch)
            batch = []
    if batch:
        out.append(batch)
    return out


def es_append_batched(path: Path, batched: list[list[Any]], count: int) -> tuple[float, float]:
    import es_model

    app = es_model.open_app(str(fresh(path)))
    clock = Clock()
    for batch in batched:
        with clock:
            app.save(*batch)
    app.close()
    return clock.rates(count)


def es_append_single(path: Path, singles: list[list[Any]]) -> tuple[float, float]:
    import es_model

    app = es_model.open_app(str(fresh(path)))
    clock = Clock()
    with clock:
        for domain_events in singles:
            app.save(*domain_events)
    app.close()
    return clock.rates(len(singles))


def side_by_side(
    ours: tuple[Path, Sequence[Sequence[Event]]],
    theirs: tuple[Path, Sequence[Sequence[Any]]],
    count: int,
    step: int,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Appends into a new log of ours and saves into a new `eventsourcing` store, taking
    turns every `step` calls (a call: one batch of ours, its domain events in one `save`), the
    first of each turn alternating, so that both see the same machine. Each side is given as
    (its file, its batches); (ours, eventsourcing's) events/s as (wall, CPU)."""
    import es_model

    (tl_path, batches), (es_path, saves) = ours, theirs
    app = es_model.open_app(str(fresh(es_path)))
    mine, its = Clock(), Clock()
    with SQLiteLog(fresh(tl_path)) as tl:

        def append(start: int) -> None:
            with mine:
                for batch in batches[start : start + step]:
                    tl.append(batch)

        def save(start: int) -> None:
            with its:
                for domain_events in saves[start : start + step]:
                    app.save(*domain_events)

        for turn, start in enumerate(range(0, len(batches), step)):
            for run in (append, save) if turn % 2 == 0 else (save, append):
                run(start)
    app.close()
    return mine.rates(count), its.rates(count)


def es_replay(path: Path, count: int) -> tuple[float, float]:
    import es_model

    app = es_model.open_app(str(path))
    gc.collect()
    clock = Clock()
    with clock:
        es_model.replay(app)
    app.close()
    return clock.rates(count)


def es_asof(path: Path, queries: int, seed: int = 11) -> float:
    """Median ms of one aggregate at a random version (the as-of that `eventsourcing` has)."""
    import es_model

    app = es_model.open_app(str(path))
    rng = random.Random(seed)
    with sqlite3.connect(str(path)) as db:
        versions = dict(
            db.execute(
                "SELECT originator_id, MAX(originator_version) FROM stored_events GROUP BY 1"
            )
        )
    ids = sorted(versions)
    out = []
    import uuid

    for _ in range(queries):
        key = rng.choice(ids)
        version = rng.randint(1, versions[key])
        t = time.perf_counter()
        app.repository.get(uuid.UUID(key), version=version)
        out.append((time.perf_counter() - t) * 1000)
    app.close()
    return median(out)


# -- raw sqlite ---------------------------------------------------------------------------------


def stored_rows(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with sqlite3.connect(str(path)) as db:
        records = db.execute("SELECT * FROM records ORDER BY seq").fetchall()
        partners = db.execute("SELECT partner, seq FROM record_partners ORDER BY seq").fetchall()
    return records, partners


def raw_append(
    path: Path, records: list[tuple[Any, ...]], partners: list[tuple[Any, ...]]
) -> tuple[float, float]:
    """executemany of the stored rows, 1,000 records a transaction, into the same schema."""
    db = sqlite3.connect(str(fresh(path)), isolation_level=None)
    db.execute(f"PRAGMA page_size = {_PAGE_SIZE}")  # as a new log file
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    for statement in _SCHEMA:
        db.execute(statement)
    by_seq: dict[int, list[tuple[Any, ...]]] = {}
    for row in partners:
        by_seq.setdefault(row[1], []).append(row)
    chunks = []
    for start in range(0, len(records), 1000):
        chunk = records[start : start + 1000]
        chunks.append((chunk, [p for r in chunk for p in by_seq.get(r[0], ())]))
    marks = ", ".join("?" * len(records[0]))
    clock = Clock()
    with clock:
        for chunk, partner_rows in chunks:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(f"INSERT INTO records VALUES ({marks})", chunk)
            db.executemany("INSERT INTO record_partners VALUES (?, ?)", partner_rows)
            db.execute("COMMIT")
    db.close()
    return clock.rates(len(records))


def raw_replay(path: Path) -> tuple[float, float]:
    """Read every body, decode it with the fastest JSON decoder, fold per partner."""
    db = sqlite3.connect(str(path))
    gc.collect()
    clock = Clock()
    with clock:
        count = _raw_fold(db)
    db.close()
    return clock.rates(count)


def _raw_fold(db: sqlite3.Connection) -> int:
    states: dict[str, dict[str, Any]] = {}
    count = 0
    for (body,) in db.execute("SELECT body FROM records ORDER BY seq"):
        count += 1
        wire = _loads(body)
        kind = wire["kind"]
        if kind == "article_recorded":
            continue
        for partner in wire["partners"]:
            state = states.get(partner)
            if state is None:
                state = states[partner] = {"items": {}, "totals": {}}
            items = state["items"]
            if kind == "event_retracted":
                _raw_remove(state, items.pop(wire["target"], None))
            elif kind == "event_corrected":
                _raw_remove(state, items.pop(wire["target"], None))
                replacement = wire["replacement"]
                _raw_add(state, replacement["id"], replacement)
            else:
                _raw_add(state, wire["id"], wire)
    return count


def _raw_add(state: dict[str, Any], event_id: str, wire: dict[str, Any]) -> None:
    amount = wire.get("amount")
    value = Decimal(amount["value"]) if amount else None
    state["items"][event_id] = (
        wire["kind"],
        wire["occurred"],
        value,
        amount and amount["currency"],
    )
    if wire["kind"] == "aid_committed" and amount:
        totals = state["totals"]
        totals[amount["currency"]] = totals.get(amount["currency"], Decimal(0)) + value


def _raw_remove(state: dict[str, Any], item: Any) -> None:
    if item is not None and item[0] == "aid_committed" and item[2] is not None:
        state["totals"][item[3]] -= item[2]


# -- extraction ---------------------------------------------------------------------------------


def extraction(seconds: float, reps: int) -> dict[str, Any]:
    from timeline.articles import iter_article_paths, load_article
    from timeline.read import extract

    corpus = ROOT / "examples" / "articles"
    paths = (
        [p for p in iter_article_paths([corpus]) if p.suffix == ".txt"] if corpus.is_dir() else []
    )
    source = str(corpus)
    if not paths:
        paths = sorted(Path("/work/shared/seeds").glob("*.txt"))
        source = "/work/shared/seeds"
    articles = [load_article(p) for p in paths]
    rates = []
    for _ in range(reps):
        done = 0
        t = time.perf_counter()
        while time.perf_counter() - t < seconds:
            for article in articles:
                extract(article)
            done += len(articles)
        rates.append(done / (time.perf_counter() - t))
    chars = sum(len(a.body) for a in articles) / len(articles)
    return {"articles_per_s": median(rates), "corpus": source, "articles": len(articles),
            "mean_chars": chars}  # fmt: skip


# -- the run ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N up to 100,000; fewer repetitions")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None)
    parser.add_argument("--throughput", type=int, default=None, help="events for measures 1-3")
    parser.add_argument("--reps", type=int, default=None)
    parser.add_argument("--workdir", default=None, help="where the databases go (default: tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--replay-child", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only",
        choices=("append", "cold", "replay"),
        default=None,
        help="append: measures 1 and 2 beside eventsourcing's saves and the raw inserts; "
        "cold: only measure 9's cold starts, rebuild and state size (cold.py), reusing the "
        "logs of --workdir built by an earlier run with --keep (or built now); "
        "replay: only the replay figures (3, 7's replay, 8's raw replay, 9's verified "
        "read, a rebuild of the stored projections) on the --throughput log; with --backend "
        "postgres, the replay keys and the batched appends that fill the databases",
    )
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="postgres: the PostgreSQL section (benchmarks/pg_bench.py) on TIMELINE_BENCH_PG "
        "or a throwaway durable cluster, beside eventsourcing's PostgreSQL persistence",
    )
    args = parser.parse_args(argv)
    if args.replay_child:
        replay_child(args.replay_child)
        return 0
    if args.backend == "postgres":
        import pg_bench

        n = args.throughput or (20_000 if args.quick else 100_000)
        reps = args.reps or (3 if args.quick else 5)
        load_start = os.getloadavg()
        section = pg_bench.with_server(
            os.environ.get("TIMELINE_BENCH_PG"),
            lambda dsn: pg_bench.run_section(
                dsn, n, 300 if args.quick else 1000, reps, args.only == "replay"
            ),
        )
        result_pg = {"machine": machine(), "backend": "postgres", **section}
        result_pg["loadavg_start"], result_pg["loadavg_end"] = load_start, os.getloadavg()
        print(json.dumps(result_pg, indent=1, default=str) if args.json else "")
        for key, value in section.items():
            if not key.endswith("_runs"):
                log(f"{key:38} {value:,.2f}")
        return 0
    if args.only == "replay":
        return replay_only(args)
    quick = args.quick
    sizes = args.sizes or ([10_000, 100_000] if quick else [10_000, 100_000, 1_000_000])
    if args.only == "cold":
        return only_cold(args, sizes)
    throughput = args.throughput or (20_000 if quick else 100_000)
    reps = args.reps or (3 if quick else 5)
    singles = 300 if quick else 1000
    queries = 300 if quick else 1000
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="timeline-bench-", dir="/tmp"))
    workdir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"machine": machine(), "quick": quick, "reps": reps,
                              "throughput_n": throughput, "sizes": sizes,
                              "loadavg_start": os.getloadavg()}  # fmt: skip
    started = time.perf_counter()

    log(f"generating {throughput:,} events ...")
    events = [e for batch in batches(throughput) for e in batch]
    tl_path, es_path = workdir / "tl.db", workdir / "es.db"

    def record(key: str, runs: list[tuple[float, float]]) -> None:
        result[key] = median([r[0] for r in runs])
        result[key.replace("_eps", "_cpu_eps")] = median([r[1] for r in runs])
        result[key.replace("_eps", "_runs")] = [round(r[0]) for r in runs]

    appends(result, events, workdir, reps, singles)
    if args.only == "append":
        result["ratios"] = append_ratios(result)
        return finish(result, args, workdir, started, append_table)

    log("3. replay (timeline) ...")
    runs3 = [replay(tl_path) for _ in range(reps)]
    record("replay_eps", [(r[0], r[1]) for r in runs3])
    result["read_decode_eps"] = median([r[2] for r in runs3])
    log("9. reads that verify: overhead on a full read + fold ...")
    result["verify_read"] = cold.verify_overhead(tl_path, reps)
    result["verify_read_overhead"] = result["verify_read"]["overhead"]
    result["verify_partner_read_overhead"] = result["verify_read"]["partner_overhead"]

    log("8. raw sqlite3 (its inserts were measured with the appends) ...")
    record("raw_replay_eps", [raw_replay(tl_path) for _ in range(reps)])

    log("7. eventsourcing (its appends were measured with ours, above) ...")
    batched = es_domain_events(events)
    es_append_batched(es_path, batched, len(events))
    record("es_replay_eps", [es_replay(es_path, len(events)) for _ in range(reps)])
    result["es_asof_ms"] = {throughput: es_asof(es_path, queries // 3)}
    del batched, events
    gc.collect()

    log("4. as-of queries ...")
    result["asof"] = {}
    result["asof_ms"] = {}
    result["append_at_scale_eps"] = {}
    ready: dict[int, AsOf] = {}
    for n in sizes:
        path = workdir / f"asof-{n}.db"
        log(f"  building a log of {n:,} events ...")
        rate, history = build_log(path, n)
        result["append_at_scale_eps"][n] = rate
        log("  folding every partner once ...")
        ready[n] = AsOf(path, history)
        gc.collect()
    # Rounds that alternate between the sizes, so that each sees the same machine load.
    log(f"  querying ({queries} queries at each N, in {ROUNDS} interleaved rounds) ...")
    for _ in range(ROUNDS):
        for n in sizes:
            ready[n].round(queries // ROUNDS)
    for n in sizes:
        found = ready[n].finish(check=5 if n <= 100_000 else 2)
        result["asof"][n] = found
        result["asof_ms"][n] = found["median_ms"]
        log(f"    {n:,}: median {found['median_ms']:.3f} ms (CPU {found['cpu_median_ms']:.3f});"
            f" largest partner {found['largest_median_ms']:.3f} ms; folding all partners once "
            f"{found['warm_total_s']:.1f} s")  # fmt: skip
    largest_path = workdir / f"asof-{sizes[-1]}.db"
    histories = {n: ready[n].history for n in sizes}
    del ready
    gc.collect()
    cold_figures(result, workdir, sizes, histories, 3 if quick else 5)

    log("5. peak memory of the full replay at the largest N ...")
    child = subprocess.run(
        [sys.executable, __file__, "--replay-child", str(largest_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(child.stdout)
    result["replay_peak_mb"] = found["peak_mb"]
    result["replay_at_largest_eps"] = found["replay_eps"]
    result["replay_peak_n"] = sizes[-1]

    log("6. extraction ...")
    try:
        ext = extraction(2.0 if quick else 5.0, reps)
        result["extract_articles_per_s"] = ext["articles_per_s"]
        result["extract"] = ext
    except Exception as exc:  # extraction is being finished elsewhere: report, do not stop
        result["extract_articles_per_s"] = None
        result["extract_error"] = repr(exc)

    result["ratios"] = ratios(result)
    return finish(result, args, workdir, started, table)


def finish(
    result: dict[str, Any],
    args: argparse.Namespace,
    workdir: Path,
    started: float,
    render: Callable[[dict[str, Any]], str],
) -> int:
    """Print the result (JSON or a table), the table to stderr too; remove the databases."""
    result["seconds"] = time.perf_counter() - started
    result["loadavg_end"] = os.getloadavg()
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=1, default=str))
    else:
        print(render(result))
    log(render(result) if args.json else "")
    return 0


def appends(
    result: dict[str, Any], events: Sequence[Event], workdir: Path, reps: int, singles: int
) -> None:
    """Measures 1 and 2, with `eventsourcing`'s saves (7) and the raw inserts (8) beside.

    In each repetition the two libraries take turns (`side_by_side`): a batch of 1,000
    events each, then 25 single appends each, so that both figures of a ratio see the same
    load; the raw inserts of the rows we stored follow.
    """
    log("1, 2, 7. appends: timeline and eventsourcing, taking turns ...")
    tl_path, es_path, raw_path = workdir / "tl.db", workdir / "es.db", workdir / "raw.db"
    ours = [events[start : start + 1000] for start in range(0, len(events), 1000)]
    batched = es_domain_events(events)
    single_ours = [[event] for event in events[:singles]]
    single_batches = es_domain_events(events[:singles], size=1)
    runs: dict[str, list[tuple[float, float]]] = {}
    for _ in range(reps):
        for key, (mine, its) in (
            ("append_batched_eps", side_by_side(
                (tl_path, ours), (es_path, batched), len(events), 1)),
            ("append_single_eps", side_by_side(
                (workdir / "tl-single.db", single_ours),
                (workdir / "es-single.db", single_batches), singles, 25)),
        ):  # fmt: skip
            runs.setdefault(key, []).append(mine)
            runs.setdefault(f"es_{key}", []).append(its)
    records, partner_rows = stored_rows(tl_path)
    runs["raw_append_eps"] = [raw_append(raw_path, records, partner_rows) for _ in range(reps)]
    with sqlite3.connect(str(tl_path)) as db:
        mean = db.execute("SELECT avg(length(body)) FROM records").fetchone()[0]
    result["mean_body_bytes"] = mean
    for key, found in runs.items():
        result[key] = median([r[0] for r in found])
        result[key.replace("_eps", "_runs")] = [round(r[0]) for r in found]
        result[key.replace("_eps", "_cpu_eps")] = median([r[1] for r in found])
    log(append_table(result | {"ratios": append_ratios(result)}).split("\nload")[0])


def append_ratios(r: dict[str, Any]) -> dict[str, Any]:
    """The ratios of the append figures (measures 1 and 2) to eventsourcing's and raw's."""
    return {
        "append_batched_vs_es": r["append_batched_eps"] / r["es_append_batched_eps"],
        "append_batched_vs_raw": r["append_batched_eps"] / r["raw_append_eps"],
        "append_single_vs_es": r["append_single_eps"] / r["es_append_single_eps"],
        "cpu_append_batched_vs_es": r["append_batched_cpu_eps"] / r["es_append_batched_cpu_eps"],
        "cpu_append_batched_vs_raw": r["append_batched_cpu_eps"] / r["raw_append_cpu_eps"],
    }


def append_table(r: dict[str, Any]) -> str:
    """The table of `--only append`."""
    lines = [
        f"{'measure':<44}{'timeline':>12}{'eventsourcing':>15}{'raw sqlite3':>13}",
        f"{'1. batched append (ev/s)':<44}{r['append_batched_eps']:>12,.0f}"
        f"{r['es_append_batched_eps']:>15,.0f}{r['raw_append_eps']:>13,.0f}",
        f"{'   CPU time (ev/s)':<44}{r['append_batched_cpu_eps']:>12,.0f}"
        f"{r['es_append_batched_cpu_eps']:>15,.0f}{r['raw_append_cpu_eps']:>13,.0f}",
        f"{'2. single durable append (ev/s)':<44}{r['append_single_eps']:>12,.0f}"
        f"{r['es_append_single_eps']:>15,.0f}{'':>13}",
        f"{'   CPU time (ev/s)':<44}{r['append_single_cpu_eps']:>12,.0f}"
        f"{r['es_append_single_cpu_eps']:>15,.0f}{'':>13}",
        "ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in r["ratios"].items()),
    ]
    if "seconds" in r:
        lines.append(
            f"load average {r['loadavg_start']} -> {r['loadavg_end']}; {r['seconds']:.0f} s"
        )
    return "\n".join(lines)


def only_cold(args: argparse.Namespace, sizes: list[int]) -> int:
    """``--only cold``: the cold-start figures alone, on the logs of `sizes` in the workdir
    (reused when an earlier run kept them, with their histories; built otherwise)."""
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="timeline-bench-", dir="/tmp"))
    workdir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"machine": machine(), "quick": args.quick, "sizes": sizes,
                              "loadavg_start": os.getloadavg(), "asof": {}}  # fmt: skip
    started = time.perf_counter()
    histories = {n: kept_log(workdir / f"asof-{n}.db", n) for n in sizes}
    for n in sizes:
        with SQLiteLog(workdir / f"asof-{n}.db", read_only=True) as tl, tl._lock:
            (largest,) = (
                tl._open_connection()
                .execute("SELECT partner FROM record_partners GROUP BY partner "
                         "ORDER BY COUNT(*) DESC LIMIT 1")
                .fetchone()
            )  # fmt: skip
        result["asof"][n] = {"largest_partner": largest}
    cold_figures(result, workdir, sizes, histories, args.reps or (3 if args.quick else 5))
    result["seconds"] = time.perf_counter() - started
    result["loadavg_end"] = os.getloadavg()
    if not args.keep and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, indent=1, default=str) if args.json else cold_table(result))
    log(cold_table(result) if args.json else "")
    return 0


def kept_log(path: Path, n: int) -> dict[str, list[date]]:
    """The history of the `n`-event log at `path`, built now unless it and its history (a
    JSON file beside it) are there already."""
    saved = path.with_suffix(".history.json")
    if path.exists() and saved.exists():
        with SQLiteLog(path, read_only=True) as tl:
            if tl.last_seq == n:
                found = json.loads(saved.read_text())
                return {p: [date.fromisoformat(d) for d in days] for p, days in found.items()}
    log(f"  building a log of {n:,} events ...")
    _, history = build_log(path, n)
    saved.write_text(json.dumps({p: [d.isoformat() for d in days] for p, days in history.items()}))
    return history


def replay_only(args: argparse.Namespace) -> int:
    """``--only replay``: the replay figures alone, timeline and eventsourcing in one run."""
    throughput = args.throughput or (20_000 if args.quick else 100_000)
    reps = args.reps or (3 if args.quick else 5)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="timeline-bench-", dir="/tmp"))
    workdir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "machine": machine(),
        "only": "replay",
        "reps": reps,
        "throughput_n": throughput,
        "loadavg_start": os.getloadavg(),
    }
    started = time.perf_counter()
    log(f"generating {throughput:,} events ...")
    events = [e for batch in batches(throughput) for e in batch]
    tl_path, es_path = workdir / "tl.db", workdir / "es.db"
    append_batched(tl_path, events)
    es_append_batched(es_path, es_domain_events(events), len(events))
    del events
    gc.collect()
    runs: dict[str, list[tuple[float, float]]] = {}
    log(f"replaying, {reps} interleaved rounds ...")
    for _ in range(reps):  # interleaved, so that both see the same machine load
        found = replay(tl_path)
        runs.setdefault("replay_eps", []).append(found[:2])
        runs.setdefault("read_decode_eps", []).append((found[2], found[2]))
        runs.setdefault("verified_replay_eps", []).append(verified_replay(tl_path))
        runs.setdefault("es_replay_eps", []).append(es_replay(es_path, throughput))
        runs.setdefault("raw_replay_eps", []).append(raw_replay(tl_path))
    for key, values in runs.items():
        result[key] = median([v[0] for v in values])
        result[key.replace("_eps", "_cpu_eps")] = median([v[1] for v in values])
        result[key.replace("_eps", "_runs")] = [round(v[0]) for v in values]
    log("rebuilding the stored projections (a child process) ...")
    result["rebuild"] = cold.rebuild(tl_path)
    result["rebuild_eps"] = result["rebuild"]["eps"]
    result["rebuild_peak_mb"] = result["rebuild"]["peak_mb"]
    es = result["es_replay_eps"]
    result["ratios"] = {
        "replay_vs_es": result["replay_eps"] / es,
        "verified_replay_vs_es": result["verified_replay_eps"] / es,
        "rebuild_vs_es": result["rebuild_eps"] / es,
        "read_decode_vs_es": result["read_decode_eps"] / es,
        "cpu_replay_vs_es": result["replay_cpu_eps"] / result["es_replay_cpu_eps"],
        "replay_vs_raw": result["replay_eps"] / result["raw_replay_eps"],
    }
    return finish(result, args, workdir, started, replay_table)


def replay_table(result: dict[str, Any]) -> str:
    """The replay figures of ``--only replay``, their ratios and the load average."""
    keys = ("replay_eps", "verified_replay_eps", "read_decode_eps", "es_replay_eps",
            "raw_replay_eps", "rebuild_eps")  # fmt: skip
    lines = [f"{key:28}{result[key]:>12,.0f}" for key in keys]
    lines.append("ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in result["ratios"].items()))
    lines.append(f"load average {result['loadavg_start']} -> {result['loadavg_end']}")
    return "\n".join(lines)


def cold_figures(
    result: dict[str, Any],
    workdir: Path,
    sizes: list[int],
    histories: dict[int, dict[str, list[date]]],
    runs: int,
) -> None:
    """9. cold start (library and command), rebuild and state size at each N (`cold.py`):
    before the store (the log folded), then from the stored projections, rebuilt first."""
    log("9. cold start in fresh processes ...")
    for key in ("cold", "cold_fold", "rebuild", "cold_asof_ms", "cold_rss_mb",
                "cold_fold_ms", "cold_fold_rss_mb"):  # fmt: skip
        result[key] = {}
    small = workdir / "small.db"
    build_log(small, 10)
    for n in sizes:
        path = workdir / f"asof-{n}.db"
        largest = result["asof"][n]["largest_partner"]
        fold_runs = min(runs, 3)
        found = cold.cold_asof(path, histories[n], fold_runs, how="fold")
        found.update(cold.cold_largest(path, largest, histories[n], fold_runs, how="fold"))
        result["cold_fold"][n] = found
        result["cold_fold_ms"][n] = found["median_ms"]
        result["cold_fold_rss_mb"][n] = found["peak_mb"]
        log(f"    {n:,} folded (no store): median {found['median_ms']:.1f} ms, largest partner "
            f"{found['largest_median_ms']:.1f} ms, peak RSS {found['peak_mb']:.0f} MB")  # fmt: skip
        log(f"    {n:,}: rebuilding the stored projections ...")
        result["rebuild"][n] = cold.rebuild(path)
        stored = cold.cold_asof(path, histories[n], runs * 3)
        stored.update(cold.cold_largest(path, largest, histories[n], runs * 3))
        result["cold"][n] = stored
        result["cold_asof_ms"][n] = stored["median_ms"]
        result["cold_rss_mb"][n] = stored["peak_mb"]
        log(f"    {n:,} from the store: median {stored['median_ms']:.1f} ms, largest "
            f"{stored['largest_median_ms']:.1f} ms, RSS {stored['peak_mb']:.0f} MB "
            f"(largest {stored['largest_peak_mb']:.0f} MB)")  # fmt: skip
    n = sizes[-1]
    path = workdir / f"asof-{n}.db"
    largest = result["asof"][n]["largest_partner"]
    rng = random.Random(29)
    partner = rng.choice(sorted(histories[n]))
    log(f"    the command line on {n:,} events vs 10 events (partner {partner}) ...")
    result["cold_cli"] = cold.cold_cli(path, small, partner, runs)
    result["cold_cli"]["partner"] = partner
    result["cold_cli_s"] = result["cold_cli"]["extra_s"]
    result["rebuild_eps"] = result["rebuild"][n]["eps"]
    result["rebuild_peak_mb"] = result["rebuild"][n]["peak_mb"]
    log("    the largest partner's state size ...")
    result["state_size"] = cold.state_size(path, largest, fold=n <= 100_000)
    result["state_mb_largest"] = result["state_size"]["mb"]
    result["cold_n"] = n


def cold_table(r: dict[str, Any]) -> str:
    """The lines of 9 (cold start, rebuild, state size) of the table."""
    lines = []
    for n, ms in r["cold_asof_ms"].items():
        found, before = r["cold"][n], r["cold_fold"][n]
        lines.append(f"{f'9. cold state, N={n:,} (median ms)':<44}{ms:>12.1f}")
        lines.append(f"{'   largest partner, cold (median ms)':<44}"
                     f"{found['largest_median_ms']:>12.1f}")  # fmt: skip
        lines.append(f"{'   peak RSS, median / largest (MB)':<44}"
                     f"{found['peak_mb']:>7.0f} / {found['largest_peak_mb']:.0f}")  # fmt: skip
        ms_pair = f"{before['median_ms']:>7.0f} / {before['largest_median_ms']:.0f}"
        mb_pair = f"{before['peak_mb']:>7.0f} / {before['largest_peak_mb']:.0f}"
        lines.append(f"{'   no store (folded): median / largest (ms)':<44}{ms_pair}")
        lines.append(f"{'   no store: peak RSS median / largest (MB)':<44}{mb_pair}")
    n = r["cold_n"]
    cli = r["cold_cli"]
    lines.append(f"{f'   timeline state, N={n:,} minus N=10 (s)':<44}{r['cold_cli_s']:>12.2f}"
                 f"  ({cli['big_s']:.2f} - {cli['small_s']:.2f})")  # fmt: skip
    lines.append(f"{f'   rebuild (verify, fold, store), N={n:,} (ev/s)':<44}"
                 f"{r['rebuild_eps']:>12,.0f}")  # fmt: skip
    lines.append(f"{'   rebuild peak RSS (MB)':<44}{r['rebuild_peak_mb']:>12.0f}")
    size = r["state_size"]
    note = f"  ({size['facts']:,} facts; {size['materialised_mb']:.0f} MB decoded)"
    lines.append(f"{'   largest partner state (MB)':<44}{r['state_mb_largest']:>12.1f}{note}")
    return "\n".join(lines)


def ratios(r: dict[str, Any]) -> dict[str, Any]:
    asof = r["asof_ms"]
    first, last = min(asof), max(asof)
    appended = append_ratios(r)  # the append keys, with their CPU-time ratios
    return {
        **appended,
        "replay_vs_es": r["replay_eps"] / r["es_replay_eps"],
        "replay_vs_raw": r["replay_eps"] / r["raw_replay_eps"],
        "asof_largest_n_vs_smallest_n": asof[last] / asof[first],
        "cpu_asof_largest_n_vs_smallest_n": r["asof"][last]["cpu_median_ms"]
        / r["asof"][first]["cpu_median_ms"],
        "cpu_replay_vs_es": r["replay_cpu_eps"] / r["es_replay_cpu_eps"],
        "cpu_replay_vs_raw": r["replay_cpu_eps"] / r["raw_replay_cpu_eps"],
    }


def table(r: dict[str, Any]) -> str:
    q = r["ratios"]
    lines = [
        f"{'measure':<44}{'timeline':>12}{'eventsourcing':>15}{'raw sqlite3':>13}",
        f"{'1. batched append (ev/s)':<44}{r['append_batched_eps']:>12,.0f}"
        f"{r['es_append_batched_eps']:>15,.0f}{r['raw_append_eps']:>13,.0f}",
        f"{'2. single durable append (ev/s)':<44}{r['append_single_eps']:>12,.0f}"
        f"{r['es_append_single_eps']:>15,.0f}{'':>13}",
        f"{'3. replay: read, decode, fold (ev/s)':<44}{r['replay_eps']:>12,.0f}"
        f"{r['es_replay_eps']:>15,.0f}{r['raw_replay_eps']:>13,.0f}",
        f"{'   read + decode only (ev/s)':<44}{r['read_decode_eps']:>12,.0f}",
        f"{'1. batched append, CPU time (ev/s)':<44}{r['append_batched_cpu_eps']:>12,.0f}"
        f"{r['es_append_batched_cpu_eps']:>15,.0f}{r['raw_append_cpu_eps']:>13,.0f}",
        f"{'3. replay, CPU time (ev/s)':<44}{r['replay_cpu_eps']:>12,.0f}"
        f"{r['es_replay_cpu_eps']:>15,.0f}{r['raw_replay_cpu_eps']:>13,.0f}",
    ]
    for n, ms in r["asof_ms"].items():
        found = r["asof"][n]
        lines.append(f"{f'4. as-of state, N={n:,} (median ms)':<44}{ms:>12.3f}")
        lines.append(f"{'   the same, CPU time (median ms)':<44}{found['cpu_median_ms']:>12.3f}")
        lines.append(f"{f'   largest partner, N={n:,} (median ms)':<44}"
                     f"{found['largest_median_ms']:>12.3f}")  # fmt: skip
    for n, ms in r["es_asof_ms"].items():
        lines.append(f"{f'   aggregate at a version, N={n:,} (ms)':<44}{'':>12}{ms:>15.3f}")
    label = f"5. replay peak RSS, N={r['replay_peak_n']:,} (MB)"
    lines.append(f"{label:<44}{r['replay_peak_mb']:>12.0f}")
    lines.append(f"{'9. verified read + fold, overhead':<44}{r['verify_read_overhead']:>12.1%}")
    lines.append(f"{'   the largest partner alone, overhead':<44}"
                 f"{r['verify_partner_read_overhead']:>12.1%}")  # fmt: skip
    lines.append(cold_table(r))
    ext = r.get("extract_articles_per_s")
    lines.append(f"{'6. extraction (articles/s)':<44}{ext if ext is None else f'{ext:,.0f}':>12}")
    lines.append("ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in q.items()))
    lines.append(f"load average {r['loadavg_start']} -> {r['loadavg_end']}; {r['seconds']:.0f} s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
