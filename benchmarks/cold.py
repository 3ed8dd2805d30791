"""Cold-start, rebuild, state-size and verification figures for `run.py` (issue 13).

Each figure that needs a fresh process runs this module as a script in a child (it imports
only `timeline`), so that what it measures (time from opening the file, peak RSS from
`resource.getrusage`) belongs to that child alone:

- ``cold_asof_ms`` / ``cold_rss_mb``: a fresh process opens an N-event file with
  `Timeline.open` (read-only) and answers one partner's state at a random date of its
  history and the current knowledge time; time from opening the file to the answer (imports
  done before), and the child's peak RSS. The file holds stored projections (rebuilt
  first), so this is the answer from the store, its sections lazy (`timeline.fold.state.Items`);
- ``cold_fold_ms`` / ``cold_fold_rss_mb``: the same with no store (an `AsOfIndex` over the
  log alone: the partner's records read, verified and folded), the figure before the store;
- ``cold_cli_s``: ``python -m timeline state P --db F`` on the N-event file minus the same on
  a 10-event file (wall clock, interpreter start and imports included in both);
- ``rebuild_eps`` / ``rebuild_peak_mb``: `ProjectionStore.rebuild` in a child: one verified
  read of the whole chain (the smallest partners' records kept from it, up to
  `REBUILD_HELD`), then every partner folded and stored, one at a time (the others read
  again on their own; one of more than `FOLD_HELD` records in groups of kinds of fact);
  events/s of the log and peak RSS;
- ``state_mb_largest``: the memory that the state of the largest partner (no ``as_of``, the
  current knowledge) holds as `Timeline.state` gives it from the store, measured with
  `tracemalloc`; ``state_size`` also gives the same state with every item decoded
  (``materialised_mb``) and, where ``fold`` is asked, the full fold's state (``fold_mb``);
- ``verify_read_overhead``: (t with verify - t without) / t without, for read + fold of the
  whole log (`project(log.read(verify=...))`), the two interleaved, medians, in CPU time;
  ``verify_partner_read_overhead`` the same for the largest partner's read + fold alone.
"""

from __future__ import annotations

import gc
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src")]

from timeline.fold import AsOfIndex, project, project_partner  # noqa: E402
from timeline.fold.stored import ProjectionStore  # noqa: E402
from timeline.log import SQLiteLog  # noqa: E402
from timeline.timeline import Timeline  # noqa: E402


def _peak_mb() -> float:
    """This process's peak RSS in MB: ``VmHWM`` (per address space, so reset by ``exec``).

    `resource.getrusage`'s ``ru_maxrss`` is kept across ``fork`` and ``exec`` on Linux: in a
    child it is at least the parent's RSS when it forked, which is the whole benchmark's.
    It is the fallback where ``/proc`` is missing.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


# -- in the child ------------------------------------------------------------------------------


def cold_child(path: str, partner: str, day: str, how: str = "") -> None:
    """Open `path`, answer `partner`'s state on `day` as known today; print ms and peak RSS.

    Through `Timeline.open` (from the file's stored projections when it has them), or with
    `how` "fold" through an `AsOfIndex` over the log alone (what the library did before).
    """
    base = _peak_mb()
    t = time.perf_counter()
    as_of, today = date.fromisoformat(day), date.today()
    if how == "fold":
        with SQLiteLog(path, read_only=True) as log:
            AsOfIndex(log).state(partner, as_of=as_of, known_at=today)
    else:
        with Timeline.open(path, read_only=True) as tl:
            tl.state(partner, as_of=as_of, known_at=today)
    ms = (time.perf_counter() - t) * 1000
    print(json.dumps({"ms": ms, "peak_mb": _peak_mb(), "base_mb": base}))


def rebuild_child(path: str, held: str = "") -> None:
    """`ProjectionStore.rebuild` (keeping `held` records from its one read, if given): one
    verified read of the chain, then every partner folded and stored, one at a time (a
    large one a group of kinds at a time); print events/s, peak RSS and the stored bytes."""
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        count = log.last_seq
        t = time.perf_counter()
        if held:
            store.rebuild(held=int(held))
        else:
            store.rebuild()
        seconds = time.perf_counter() - t
        peak = _peak_mb()
    with sqlite3.connect(path) as db:
        (partners,) = db.execute("SELECT COUNT(*) FROM projections").fetchone()
        (stored,) = db.execute("SELECT SUM(LENGTH(body)) FROM projection_facts").fetchone()
    found = {"eps": count / seconds, "seconds": seconds, "peak_mb": peak, "partners": partners}
    print(json.dumps({**found, "stored_mb": (stored or 0) / 2**20}))


def state_size_child(path: str, partner: str, fold: str = "") -> None:
    """The bytes `partner`'s state holds, in MB: as `Timeline.state` gives it (from the
    store), then with every item decoded, then (with `fold`) the full fold's."""
    tracemalloc.start()
    with Timeline.open(path, read_only=True) as tl:
        before = tracemalloc.get_traced_memory()[0]
        state = tl.state(partner)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
        facts = sum(len(s) for s in _sections(state))
        for section in _sections(state):
            for _ in section:
                pass
        gc.collect()
        materialised = tracemalloc.get_traced_memory()[0] - before
    del state
    found = {"mb": held / 2**20, "materialised_mb": materialised / 2**20, "facts": facts}
    if fold:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        with SQLiteLog(path, read_only=True) as log:
            folded = project_partner(log.read(partner=partner, verify=True), partner)
        gc.collect()
        found["fold_mb"] = (tracemalloc.get_traced_memory()[0] - before) / 2**20
        del folded
    tracemalloc.stop()
    print(json.dumps(found))


def _sections(state: Any) -> list[tuple[Any, ...]]:
    from timeline.fold.state import SECTIONS

    return [state.section(name) for name in SECTIONS]


# -- in the parent -----------------------------------------------------------------------------


def cold_asof(
    path: Path, history: dict[str, list[date]], runs: int, seed: int = 17, how: str = ""
) -> dict[str, Any]:
    """Median ms and peak RSS of `runs` fresh processes, each asking a random partner."""
    rng = random.Random(seed)
    partners = sorted(history)
    found = []
    for _ in range(runs):
        partner = rng.choice(partners)
        first, last = history[partner]
        day = first + (last - first) * rng.random()
        args = [str(path), partner, day.isoformat(), how]
        found.append(_child("--cold-child", *args))
    return {
        "median_ms": statistics.median(f["ms"] for f in found),
        "max_ms": max(f["ms"] for f in found),
        "peak_mb": statistics.median(f["peak_mb"] for f in found),
        "imports_mb": statistics.median(f["base_mb"] for f in found),
        "runs": runs,
    }


def cold_largest(
    path: Path, partner: str, history: dict[str, list[date]], runs: int, how: str = ""
) -> dict[str, float]:
    """Median ms and peak RSS of fresh processes asking the largest partner at random dates."""
    rng = random.Random(23)
    first, last = history[partner]
    days = [(first + (last - first) * rng.random()).isoformat() for _ in range(runs)]
    found = [_child("--cold-child", str(path), partner, d, how) for d in days]
    return {
        "largest_median_ms": statistics.median(f["ms"] for f in found),
        "largest_max_ms": max(f["ms"] for f in found),
        "largest_peak_mb": statistics.median(f["peak_mb"] for f in found),
    }


def cold_cli(big: Path, small: Path, partner: str, runs: int) -> dict[str, Any]:
    """Median wall seconds of ``timeline state`` on `big` and on `small`, interleaved."""
    src = str(HERE.parent / "src")

    def once(path: Path) -> float:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "timeline", "state", partner, "--db", str(path)],
            capture_output=True,
            check=True,
            env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"},
        )
        return time.perf_counter() - t

    times: dict[str, list[float]] = {"big": [], "small": []}
    for _ in range(runs):
        times["big"].append(once(big))
        times["small"].append(once(small))
    big_s, small_s = statistics.median(times["big"]), statistics.median(times["small"])
    return {"big_s": big_s, "small_s": small_s, "extra_s": big_s - small_s, "runs": runs}


def verify_overhead(path: Path, reps: int) -> dict[str, Any]:
    """Read + fold with and without verification, interleaved: of the whole log
    (``overhead``), and of its largest partner alone (``partner_overhead``: a filtered read,
    whose links are checked through a batched lookup of the neighbours). In CPU time of
    this process (SQLite runs in it; a loaded machine's waits are left out), and the whole
    log's also in wall time."""
    with SQLiteLog(path, read_only=True) as log, log._lock:
        (largest,) = (
            log._open_connection()
            .execute("SELECT partner FROM record_partners GROUP BY partner ORDER BY COUNT(*) DESC")
            .fetchone()
        )
    found: dict[str, Any] = {"events": log_length(path), "partner": largest}
    with SQLiteLog(path, read_only=True) as log:
        for name, fold in (
            ("", lambda verify: project(log.read(verify=verify))),
            (
                "partner_",
                lambda verify: project_partner(log.read(partner=largest, verify=verify), largest),
            ),
        ):
            times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
            for _ in range(reps):
                for verify in (False, True):
                    gc.collect()
                    wall, cpu = time.perf_counter(), time.process_time()
                    fold(verify)
                    times[verify].append((time.perf_counter() - wall, time.process_time() - cpu))
            plain = [statistics.median(t[i] for t in times[False]) for i in (0, 1)]
            verified = [statistics.median(t[i] for t in times[True]) for i in (0, 1)]
            found[f"{name}overhead"] = (verified[1] - plain[1]) / plain[1]
            found[f"{name}wall_overhead"] = (verified[0] - plain[0]) / plain[0]
            found[f"{name}plain_cpu_s"], found[f"{name}verified_cpu_s"] = plain[1], verified[1]
    return found


def log_length(path: Path) -> int:
    with SQLiteLog(path, read_only=True) as log:
        return log.last_seq


def rebuild(path: Path) -> dict[str, Any]:
    return _child("--rebuild-child", str(path))


def state_size(path: Path, partner: str, fold: bool = False) -> dict[str, Any]:
    return _child("--state-size-child", str(path), partner, "fold" if fold else "")


def children(argv: list[str]) -> bool:
    """Run the child named by `argv`; False when `argv` names none."""
    if argv[:1] == ["--cold-child"]:
        cold_child(*argv[1:5])
    elif argv[:1] == ["--rebuild-child"]:
        rebuild_child(*argv[1:3])
    elif argv[:1] == ["--state-size-child"]:
        state_size_child(*argv[1:4])
    else:
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if children(sys.argv[1:]) else 2)
