"""The main job: the sample corpus in, each partner's state on three dates out, and a report.

Run it from anywhere:

    python examples/partner_timeline.py [OUT_DIR]

It ingests every article of ``examples/articles/`` into a fresh SQLite file
(``OUT_DIR/sample.db``, default: the current directory), prints a summary of every partner's
state at the end of 2022, at the end of 2023 and today, then every partner's state with every
fact in full, and writes ``OUT_DIR/report.html``: the summary, the chronologies and the
timeline picture. Nothing here knows the facts; they come from the articles through the library.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from timeline import Timeline, load_article
from timeline.articles import iter_article_paths
from timeline.report import report_html, state_table, summary_table

ARTICLES = Path(__file__).resolve().parent / "articles"


def main(out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "sample.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)

    with Timeline.open(db) as tl:
        paths = list(iter_article_paths([ARTICLES]))
        events = 0
        for path in paths:
            result = tl.ingest(load_article(path))
            events += result.new_events
        print(f"Ingested {len(paths)} articles: {events} facts in {db}.\n")

        for as_of in (date(2022, 12, 31), date(2023, 12, 31), date.today()):
            print(f"== Every partner as of {as_of}")
            print(summary_table(tl.states(as_of=as_of)))
            print()

        # Without as_of a state counts every fact, also those whose date is open or unknown
        # (as of any one day, "certain" mode counts only what had surely happened by then).
        states = tl.states()
        print("== Each partner's state, every fact the log holds, in full")
        for state in states.values():
            print(state_table(state))
            print()

        report = out_dir / "report.html"
        report.write_text(report_html(states), encoding="utf-8")
        print(f"Wrote {report}: open it in a browser for the timeline picture.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
