"""A tour of the Python API, without the command line: load, extract, append, query.

python examples/library_tour.py
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from timeline import Timeline, load_article
from timeline.read import extract
from timeline.report import event_view, events_table, state_table, summary_table

ARTICLES = Path(__file__).resolve().parent / "articles"


def main() -> None:
    # 1. Load: an article file in header form becomes an Article (body, publication date).
    article = load_article(ARTICLES / "04-belgium-memorandum.txt")
    print(f"Loaded {article.id}: {article.title!r}, published {article.published}\n")

    # 2. Extract: the facts the article reports, each a typed, dated, sourced event.
    events = extract(article)
    print(events_table(events))
    first = event_view(events[0])
    print(
        f"\nThe first fact as JSON-ready data: kind {first['kind']}, "
        f"occurred {first['occurred']['edtf']}, quote {first['source']['quote']!r}\n"
    )

    # 3. Append: into a log (in memory here; Timeline.open("file.db") for SQLite).
    tl = Timeline.open()
    records = tl.append(events)
    again = tl.append(events)  # the ids come from the content: nothing new is stored
    print(
        f"Appended {len(records)} records; appending again stored nothing: "
        f"{[r.seq for r in again] == [r.seq for r in records]}"
    )
    tl.ingest(load_article(ARTICLES / "05-czechia-netherlands-denmark.txt"))  # load+extract+append
    print(f"The log now has {tl.log.last_seq} records; the chain verifies: {tl.verify().ok}\n")

    # 4. Query: a partner's state on a date, as known at a date; all partners at once.
    partner = events[0].partners[0]
    print(state_table(tl.state(partner, as_of=date(2023, 12, 31))))
    print()
    print(summary_table(tl.states()))


if __name__ == "__main__":
    main()
