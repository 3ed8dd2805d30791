"""A digest of every fold result over a synthetic log: the same code gives the same digest.

    python benchmarks/fold_digest.py [--n 20000] [--seed 7]

Folds a synthetic log (`synth`, in memory) under several queries — no times; an as-of date;
a knowledge date; a log position; the possible mode; a confidence floor — and takes the
history of the five largest partners, then prints the SHA-256 of the ``repr`` of every state
and history entry (attrs reprs show every field: items, reports, sources, superseded
pledges, totals). A change to the fold that should change no result must leave it as it
was; ``docs/performance.md`` records it for the fold of the replay work.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from synth import batches  # noqa: E402

from timeline.fold import history, project  # noqa: E402
from timeline.fold.state import Entry  # noqa: E402

QUERIES: tuple[dict[str, object], ...] = (
    {},
    {"as_of": date(2020, 6, 30)},
    {"known_at": date(2019, 1, 1)},
    {"as_of": date(2023, 3, 1), "mode": "possible"},
    {"min_confidence": "medium"},
)


def digest(n: int, seed: int) -> dict[str, str]:
    """The digest of each query's states and of the histories, and of all of them."""
    records = [
        Entry(seq, event)
        for seq, event in enumerate((e for b in batches(n, seed=seed) for e in b), start=1)
    ]
    found: dict[str, str] = {}
    whole = hashlib.sha256()
    for query in (*QUERIES, {"recorded_by": n // 2}):
        states = project(records, **query)  # type: ignore[arg-type]
        text = repr(sorted(states.items())).encode()
        found[repr(query)] = hashlib.sha256(text).hexdigest()
        whole.update(text)
    counts = Counter(p for r in records for p in r.event.partners)
    for partner, _ in counts.most_common(5):
        text = repr(history(records, partner)).encode()
        found[f"history {partner}"] = hashlib.sha256(text).hexdigest()
        whole.update(text)
    found["all"] = whole.hexdigest()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for key, value in digest(args.n, args.seed).items():
        print(f"{value}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
