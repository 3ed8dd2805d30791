"""What we knew, and when: one partner on one date, as known at different times.

    python examples/what_we_knew.py [PARTNER]

A state answers two questions of time: what had *happened* by a date (``as_of``) and what
had been *reported* by a date (``known_at``). Here the first is fixed and the second moves:
the picture of one partner, as of today, as it grew with each article that named it.
Without a PARTNER, the script picks the partner reported on the most dates.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from timeline import Timeline, load_article
from timeline.articles import iter_article_paths
from timeline.report import partner_label, state_table

ARTICLES = Path(__file__).resolve().parent / "articles"


def main(partner: str | None) -> int:
    tl = Timeline.open()  # in memory: nothing is written
    for path in iter_article_paths([ARTICLES]):
        tl.ingest(load_article(path))

    # When was each partner reported on? (The days that articles naming it were published.)
    reported: dict[str, set[date]] = {}
    for event in tl.events():
        if event.kind != "article_recorded" and event.provenance.published is not None:
            for p in event.partners:
                reported.setdefault(p, set()).add(event.provenance.published)
    if partner is None:
        partner = max(sorted(reported), key=lambda p: len(reported[p]))
    days = sorted(reported.get(partner, ()))
    if len(days) < 2:
        print(f"{partner} was reported on fewer than two days; pick another partner.")
        return 1

    as_of = date.today()
    print(f"{partner_label(partner)} ({partner}) as of {as_of}, as known at each report date:\n")
    previous: frozenset[str] = frozenset()
    for known_at in days:
        state = tl.state(partner, as_of=as_of, known_at=known_at)
        new = len(state.event_ids - previous)
        totals = ", ".join(str(m) for m in state.committed_totals.values()) or "-"
        print(f"  known at {known_at}: {len(state.items):2} facts (+{new}), committed {totals}")
        previous = state.event_ids
    print()

    first, last = days[0], days[-1]
    print(f"== Known at {first}, when the first article about {partner} appeared")
    print(state_table(tl.state(partner, as_of=as_of, known_at=first)))
    print()
    print(f"== Known at {last}, after the last one")
    print(state_table(tl.state(partner, as_of=as_of, known_at=last)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].upper() if len(sys.argv) > 1 else None))
