"""The figures of ``docs/reliability.md``: kills survived, forgeries caught, inputs handled.

Run from the repository root::

    PYTHONPATH=src:tests .venv/bin/python benchmarks/reliability.py            # the long run
    PYTHONPATH=src:tests .venv/bin/python benchmarks/reliability.py --quick    # a smoke run

It does, with larger numbers, what the reliability tests do (``tests/test_crash.py``,
``test_concurrency.py``, ``test_tamper.py``, ``test_hostile_input.py``), with the same
helpers (``tests/helpers``), and prints a Markdown table. It exits 1 if anything was lost,
forged unseen, or mishandled.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from helpers.concurrency import Appended, check_log, run_processes, run_threads
from helpers.crash import CrashFigures, format_figures, run_crash_campaign
from helpers.forgery import (
    COLUMNS,
    build_template,
    delete_record,
    forge_bytes,
    insert_record,
    replace_record,
    swap_records,
    truncate,
)
from helpers.hostile import INJECTION_COMMANDS, INJECTIONS, article_files, check_article_file
from helpers.lock_holder import lock_held_by_another_process
from helpers.workload import ROOT, batch_events, python, subprocess_env
from timeline.articles import MAX_ARTICLE_BYTES, load_article
from timeline.cli import main as timeline
from timeline.errors import ArticleError, LogError
from timeline.log import SQLiteLog
from timeline.read import MAX_BODY_CHARS, MAX_SENTENCE_CHARS, extract
from timeline.timeline import Timeline

from samples import SAMPLES

Row = tuple[str, str]


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Run the command in this process; its status and standard error."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = timeline(argv, out=io.StringIO())
    return status, err.getvalue()


# -- crashes ------------------------------------------------------------------------------------


def crashes(work: Path, kills: int) -> tuple[list[Row], bool]:
    figures: CrashFigures = run_crash_campaign(work, kills=kills, seed=2024, kills_per_file=25)
    print(format_figures(figures), file=sys.stderr)
    for problem in figures.problems[:10]:
        print("PROBLEM", problem, file=sys.stderr)
    rows = [
        ("writer processes killed with SIGKILL", str(figures.kills)),
        ("… of them before the log was open", str(figures.kills_before_ready)),
        (
            "… of them during an append",
            f"{figures.in_flight} ({figures.in_flight_committed} landed whole, "
            f"{figures.in_flight_rolled_back} rolled back)",
        ),
        ("log files (alternately durable and not)", str(figures.files)),
        ("batches acknowledged", str(figures.batches_acknowledged)),
        ("records acknowledged", str(figures.records_acknowledged)),
        ("records acknowledged but lost", str(figures.records_lost)),
        ("batches found in part", str(figures.partial_batches)),
        ("logs that did not verify after a kill", str(figures.verify_failures)),
        ("seconds", f"{figures.seconds:.0f}"),
    ]
    ok = not figures.problems and figures.records_lost == 0 and figures.kills == kills
    return rows, ok


# -- concurrency ----------------------------------------------------------------------------------


def concurrency(work: Path, rounds: int) -> tuple[list[Row], bool]:
    totals: Counter[str] = Counter()
    failures = 0
    for n in range(rounds):
        runs: list[tuple[str, Callable[[Path], Appended]]] = [
            ("4 processes", lambda db: run_processes(db, writers=4, batches=25)),
            ("8 threads, own connections", lambda db: run_threads(db, writers=8, batches=12)),
            ("8 threads, one shared log", lambda db: run_threads(db, shared=True)),
        ]
        for k, (name, run) in enumerate(runs):
            db = work / f"concurrent-{n}-{k}.db"
            SQLiteLog(db).close()
            try:
                appended = run(db)
                totals[f"{name} records"] += check_log(db, appended)
                totals[f"{name} retries"] += appended.retries
                totals[f"{name} rounds"] += 1
            except AssertionError as exc:
                failures += 1
                print("PROBLEM", name, exc, file=sys.stderr)
    waits = []
    lock_errors = 0
    db = work / "locked.db"
    with SQLiteLog(db) as log:
        log.append(batch_events("x", 0, 0))
    for _ in range(5):
        with lock_held_by_another_process(db):
            started = time.monotonic()
            try:
                with SQLiteLog(db, timeout=0.5) as log:
                    log.append(batch_events("x", 0, 1))
            except LogError as exc:
                lock_errors += "locked by another writer (waited 0.5 s)" in str(exc)
            waits.append(time.monotonic() - started)
    rows = [
        (
            f"{name}: rounds, records appended, retries on ConcurrencyError",
            f"{totals[f'{name} rounds']}, {totals[f'{name} records']}, {totals[f'{name} retries']}",
        )
        for name in ("4 processes", "8 threads, own connections", "8 threads, one shared log")
    ]
    rows += [
        ("rounds with a gap, a duplicate, a lost record or a failed verify", str(failures)),
        (
            "writes blocked by another process's lock (timeout 0.5 s): clear errors, wait",
            f"{lock_errors} of {len(waits)}, {min(waits):.2f} to {max(waits):.2f} s",
        ),
    ]
    return rows, failures == 0 and lock_errors == len(waits)


# -- forgeries ----------------------------------------------------------------------------------


def forgeries(work: Path, per_kind: int) -> tuple[list[Row], bool]:
    template = work / "template.db"
    length = build_template(template, batches=3, extra=tuple(SAMPLES.values()))
    rng = random.Random(2024)

    def head(path: Path) -> str:
        with SQLiteLog(path, read_only=True) as log:
            result = log.verify()
        return f"{result.records}:{result.head}"

    original_head = head(template)
    kinds: dict[str, Callable[[Path], int | None]] = {
        "1 to 6 random bytes changed across records": lambda p: forge_bytes(
            p,
            [
                (
                    rng.randint(1, length),
                    rng.choice(COLUMNS),
                    rng.randrange(10**6),
                    rng.randrange(256),
                )
                for _ in range(rng.randint(1, 6))
            ],
        ),
        "a record replaced, hash kept": lambda p: replace_record(
            p, rng.randint(1, length), rehash="none"
        ),
        "a record replaced and rehashed": lambda p: replace_record(
            p, rng.randint(1, length - 1), rehash="one"
        ),
        "a record deleted": lambda p: delete_record(p, rng.randint(1, length - 1)),
        "a record inserted, hash copied": lambda p: insert_record(
            p, rng.randint(1, length), rehash=False
        ),
        "a record inserted and rehashed": lambda p: insert_record(
            p, rng.randint(1, length), rehash=True
        ),
        "two records swapped": lambda p: swap_records(p, *rng.sample(range(1, length + 1), 2)),
        "the chain rewritten from a record on": lambda p: replace_record(
            p, rng.randint(1, length), rehash="all"
        ),
        "records cut from the end": lambda p: truncate(p, rng.randint(0, length - 1)),
    }
    rows: list[Row] = []
    missed_total = 0
    for n, (kind, forge) in enumerate(kinds.items()):
        tried = by_verify = by_head = missed = 0
        while tried < per_kind:
            path = work / f"forged-{n}-{tried}.db"
            shutil.copy(template, path)
            expected = forge(path)
            if expected is None and kind.startswith("1 to 6"):
                path.unlink()
                continue  # the drawn bytes changed nothing
            tried += 1
            with SQLiteLog(path, read_only=True) as log:
                result = log.verify()
            if not result.ok and result.first_bad_seq == expected:
                by_verify += 1
            elif result.ok and expected is None:
                status, _ = run_cli(["verify", "--expect-head", original_head, "--db", str(path)])
                by_head += status == 1
                missed += status != 1
            else:
                missed += 1
                print("PROBLEM", kind, expected, result, file=sys.stderr)
            path.unlink()
        missed_total += missed
        rows.append(
            (kind, f"{tried} tried: {by_verify} by verify, {by_head} by the head, {missed} missed")
        )
    return rows, missed_total == 0


# -- hostile input ------------------------------------------------------------------------------


def hostile(work: Path, inputs: int) -> tuple[list[Row], bool]:
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    slowest = 0.0
    db = work / "hostile.db"
    files = work / "hostile"
    files.mkdir()

    with Timeline.open(db) as tl:

        @settings(
            max_examples=inputs,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(article_files())
        def one(data: bytes) -> None:
            nonlocal slowest
            path = files / f"article-{sum(outcomes.values())}.txt"
            path.write_bytes(data)
            started = time.monotonic()
            try:
                outcomes[check_article_file(path, tl)] += 1
                status, err = run_cli(["extract", str(path)])
                assert status in (0, 1), err
                assert "internal error" not in err, err
            except Exception as exc:  # counted and reported, not raised
                failures.append(f"{path}: {exc!r}")
                outcomes["failed"] += 1
            slowest = max(slowest, time.monotonic() - started)
            path.unlink()

        one()
        verified = tl.verify().ok

    # The bounds.
    sentence = "Belgium pledged EUR 5 million in military aid to Ukraine on 4 March 2024. "
    big = files / "ten-mb.txt"
    big.write_text(sentence * (10_000_000 // len(sentence) + 1), encoding="utf-8")
    started = time.monotonic()
    try:
        load_article(big)
        refused = False
    except ArticleError:
        refused = True
    ten_mb = time.monotonic() - started
    line = files / "line.txt"
    line.write_text((sentence * (1_000_000 // len(sentence) + 1))[:1_000_000], encoding="utf-8")
    started = time.monotonic()
    extract(load_article(line))
    one_mb_line = time.monotonic() - started
    at_limit = files / "at-limit.txt"
    at_limit.write_text(sentence * (MAX_ARTICLE_BYTES // len(sentence)), encoding="utf-8")
    measured = subprocess.run(
        [python(), "-m", "helpers.measure", "extract", str(at_limit)],
        env=subprocess_env(),
        capture_output=True,
        timeout=120,
        check=True,
    )
    limit = json.loads(measured.stdout)

    # Command-line text against SQL.
    injected = work / "injected.db"
    fixtures = ROOT / "tests" / "fixtures" / "articles"
    run_cli(["ingest", str(fixtures), "--db", str(injected)])
    with SQLiteLog(injected, read_only=True) as log:
        before = (len(log), log.head)
    clean = tried = 0
    for text in INJECTIONS:
        for command in INJECTION_COMMANDS:
            argv = [word.replace("{}", text) for word in command] + ["--db", str(injected)]
            status, err = run_cli(argv)
            tried += 1
            clean += status in (1, 2) and err.startswith("timeline") and "internal" not in err
    with SQLiteLog(injected, read_only=True) as log:
        untouched = (len(log), log.head) == before and log.verify().ok

    for failure in failures[:10]:
        print("PROBLEM", failure, file=sys.stderr)
    rows = [
        (
            "generated article files (bytes, hostile text, bad bytes)",
            f"{sum(outcomes.values())}: {outcomes['loaded']} loaded, extracted and ingested, "
            f"{outcomes['refused']} refused with an ArticleError naming the file, "
            f"{outcomes['failed']} failed",
        ),
        ("slowest of them (load, extract, ingest, verify, command)", f"{slowest:.2f} s"),
        ("the log they were ingested into verifies", str(verified)),
        ("10 MB article: refused before reading", f"{refused}, in {ten_mb * 1000:.1f} ms"),
        ("1 MB single line: load and extract", f"{one_mb_line:.2f} s"),
        (
            f"article at the 5 MiB limit: `timeline extract` (max {MAX_BODY_CHARS} characters "
            f"read, sentences over {MAX_SENTENCE_CHARS} skipped)",
            f"{limit['seconds']:.2f} s, peak memory {limit['max_rss_mb']:.0f} MB",
        ),
        (
            "hostile partner/kind/id/date arguments: clean errors, log untouched",
            f"{clean} of {tried}, {untouched}",
        ),
    ]
    ok = not failures and verified and refused and clean == tried and untouched
    return rows, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10, help="rounds of concurrent writers")
    parser.add_argument("--forgeries", type=int, default=250, help="forgeries of each kind")
    parser.add_argument("--inputs", type=int, default=2000, help="generated article files")
    parser.add_argument("--quick", action="store_true", help="small numbers, for a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.kills, args.rounds, args.forgeries, args.inputs = 20, 1, 10, 50
    sections: list[tuple[str, list[Row]]] = []
    ok = True
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        steps: list[tuple[str, Callable[[], tuple[list[Row], bool]]]] = [
            ("Crashes", lambda: crashes(work / "crash", args.kills)),
            ("Concurrency", lambda: concurrency(work, args.rounds)),
            (
                "Forgeries (caught by verify at the first bad record, or by an exported head)",
                lambda: forgeries(work, args.forgeries),
            ),
            ("Hostile input", lambda: hostile(work, args.inputs)),
        ]
        for title, run in steps:
            started = time.monotonic()
            if title == "Crashes":
                (work / "crash").mkdir()
            rows, passed = run()
            ok &= passed
            sections.append((f"{title} ({time.monotonic() - started:.0f} s)", rows))
            print(f"{title}: {'ok' if passed else 'FAILED'}", file=sys.stderr)
    print(
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}\n"
    )
    print("| what | figure |\n|---|---|")
    for title, rows in sections:
        print(f"| **{title}** | |")
        for what, figure in rows:
            print(f"| {what} | {figure} |")
    print(f"\nAll held: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
