"""Corrections and retractions: the log only grows, and the old belief stays rebuildable.

    python examples/corrections.py

Articles 10 and 11 of the sample corpus are a correction scenario. The first reports a pledge
and a delivery; the second, two weeks later, gives a lower figure for the pledge and says the
delivered systems have not left the donor. Extraction reads each article on its own, so the
log now holds both pledges and the delivery. An analyst appends what the second article
means: a *correction* (the later pledge replaces the earlier one) and a *retraction* (the
delivery did not happen). Neither edits the past: they are new events, in force from the day
the second article was published.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from timeline import Timeline, load_article
from timeline.articles import iter_article_paths
from timeline.events import FACT_KINDS
from timeline.report import history_table, state_table

ARTICLES = Path(__file__).resolve().parent / "articles"
FIRST = ARTICLES / "10-norway-pledge.txt"
LATER = ARTICLES / "11-norway-follow-up.txt"


def main() -> int:
    tl = Timeline.open()
    for path in iter_article_paths([ARTICLES]):
        tl.ingest(load_article(path))

    first, later = load_article(FIRST), load_article(LATER)
    assert first.published is not None
    assert later.published is not None
    facts = {e.id: e for e in tl.events() if isinstance(e, FACT_KINDS)}

    def of(article_id: str, kind: str) -> list[str]:
        return [
            i for i, e in facts.items() if e.provenance.article_id == article_id and e.kind == kind
        ]

    old_pledges, new_pledges = of(first.id, "aid_committed"), of(later.id, "aid_committed")
    deliveries = of(first.id, "aid_delivered")
    if not (old_pledges and new_pledges and deliveries):
        print("the extractor did not read the scenario's pledges and delivery", file=sys.stderr)
        return 1
    partner = facts[old_pledges[0]].partners[0]
    today = date.today()

    print(f"== {partner} before the follow-up article (known at {first.published})")
    print(state_table(tl.state(partner, as_of=today, known_at=first.published)))
    print()
    print(f"== {partner} now, with both articles read as they stand (both pledges count)")
    print(state_table(tl.state(partner, as_of=today)))
    print()

    before = tl.log.last_seq
    tl.correct(
        old_pledges[0],
        facts[new_pledges[0]],  # the replacement: the pledge as the later article states it
        reason=f"the figure was corrected by '{later.title}'",
        published=later.published,
    )
    tl.retract(
        deliveries[0],
        reason=f"'{later.title}': the systems have not been delivered",
        published=later.published,
    )
    print(f"Appended a correction and a retraction as records {before + 1} and {before + 2}.\n")

    print(f"== {partner} after the correction and the retraction")
    print(state_table(tl.state(partner, as_of=today)))
    print()
    print("== The old belief, rebuilt from the same log")
    print(f"   by report date (known at {later.published - timedelta(days=1)}):")
    print(state_table(tl.state(partner, as_of=today, known_at=later.published - timedelta(days=1))))
    print(f"   by log position (recorded by {before}):")
    print(state_table(tl.state(partner, as_of=today, recorded_by=before)))
    print()
    print(f"== Everything the log ever held about {partner}, with its fate")
    print(history_table(tl.history(partner)))
    print()
    print("The hash chain still holds:", tl.verify().ok)
    return 0


if __name__ == "__main__":
    sys.exit(main())
