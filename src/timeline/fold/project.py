"""The fold: every partner's state, from the log's records alone.

Three times are kept apart:

- ``as_of`` — *valid time*: count the facts that happened by then. In ``certain`` mode a
  fact counts when its whole occurred interval ends by ``as_of``; in ``possible`` mode when
  it starts by then (or has no known start).
- ``known_at`` — *reported time*: keep only what had been published by then. A fact whose
  report date is unknown counts only when no ``known_at`` is given.
- ``recorded_by`` — *recorded time*: keep only what the log held at that sequence number.

Retractions and corrections are events; they apply only when they pass the ``known_at`` and
``recorded_by`` filters themselves, so what was believed before them can always be rebuilt.
They ignore ``as_of``: a retraction says the fact never happened, whenever it was dated.

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import AidCommitted, EventRetracted, Provenance
>>> from timeline.fold.state import Entry
>>> from timeline.money import Money
>>> pledge = AidCommitted(partners=("NL",), occurred=DateSpan.month(2024, 1),
...     provenance=Provenance(published=date(2024, 1, 31)), amount=Money(87_000_000, "EUR"))
>>> state = project_partner([Entry(1, pledge)], "NL", as_of=date(2024, 2, 1))
>>> str(state.committed_totals["EUR"]), len(state.commitments)
('87000000 EUR', 1)
>>> project_partner([Entry(1, pledge)], "NL", as_of=date(2024, 1, 15)).commitments
()
>>> oops = EventRetracted(partners=("NL",), target=pledge.id, reason="misread",
...     provenance=Provenance(published=date(2024, 2, 5)))
>>> records = [Entry(1, pledge), Entry(2, oops)]
>>> len(project_partner(records, "NL").commitments)
0
>>> len(project_partner(records, "NL", known_at=date(2024, 2, 1)).commitments)
1

One fact, many reports
----------------------

Five outlets reporting one pledge are one fact, not five. The fold merges the reports known
and recorded under the query, after the amendments in force and before ``as_of`` (a fact is
judged on its merged date), with `merge_reports` (the rule is `same_fact`;
``docs/merging.md`` tells it in full): reports of one kind and the same partners, from
different articles, whose dates overlap and whose amounts agree within rounding (or that
share a package number, or name the same things). A merged `Item` keeps every report and
source; its date is the intersection of the reports' dates and its amount the most precise
one; ``corroboration`` counts the distinct outlets. Reports of one fact that disagree beyond
rounding make one item marked ``conflict``, with each `Variant`. A later report flagged as
raising an earlier pledge supersedes it (`link_updates`). Totals count every fact once
(`TOTALS_RULE`).

>>> from timeline.money import Qualifier
>>> other = AidCommitted(partners=("NL",), occurred=DateSpan.day(date(2024, 1, 12)),
...     provenance=Provenance(article_id="b", outlet="Wire B", published=date(2024, 1, 13)),
...     amount=Money(87_000_000, "EUR", Qualifier.ABOUT))
>>> item, = project_partner([Entry(1, pledge), Entry(2, other)], "NL").commitments
>>> str(item.occurred), str(item.amount), item.corroboration, item.conflict
('2024-01-12', '87000000 EUR', 2, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from timeline.dates import DateSpan
from timeline.events import Confidence
from timeline.fold._build import single_item
from timeline.fold.amendments import split
from timeline.fold.merge import merge_singles
from timeline.fold.raises import link_updates
from timeline.fold.state import (
    COMMITMENTS,
    SECTIONS,
    Item,
    Mode,
    PartnerState,
    Recorded,
    chronological_key,
    section_of,
    totals,
)
from timeline.log._base import collector_paused

__all__ = ["collector_paused", "in_time", "project", "project_partner"]


def in_time(span: DateSpan, as_of: date | None, mode: Mode) -> bool:
    """True when a fact dated `span` counts at `as_of` in `mode` (always, with no `as_of`)."""
    if as_of is None:
        return True
    return span.ended_by(as_of) if mode is Mode.CERTAIN else span.started_by(as_of)


def project(
    records: Iterable[Recorded],
    *,
    as_of: date | None = None,
    known_at: date | None = None,
    recorded_by: int | None = None,
    mode: Mode | str = Mode.CERTAIN,
    partners: Iterable[str] | None = None,
    min_confidence: Confidence | str | None = None,
) -> dict[str, PartnerState]:
    """Every partner's state (or only those of `partners`), folded from `records`.

    A pure function of its arguments: the same records and times give the same states.
    A partner that the records never name has no entry (use `project_partner` for an empty
    state). See the module docs for the three times. With `min_confidence`, facts read less
    surely than that are left out before merging (facts entered by hand count as high).

    The steps: keep what was recorded by ``recorded_by`` and reported by ``known_at``; apply
    the retractions and corrections in force; merge the reports of one fact
    (`merge_reports`); keep the facts that happened by ``as_of`` (judged on the merged date);
    link raised pledges to the pledges they raise (`link_updates`); sum the totals.
    """
    mode = Mode(mode)
    wanted = None if partners is None else set(partners)
    confidence = None if min_confidence is None else Confidence(min_confidence)
    with collector_paused():
        return _project(records, as_of, known_at, recorded_by, mode, wanted, confidence)


def _project(
    records: Iterable[Recorded],
    as_of: date | None,
    known_at: date | None,
    recorded_by: int | None,
    mode: Mode,
    wanted: set[str] | None,
    min_confidence: Confidence | None,
) -> dict[str, PartnerState]:
    found = split(
        records, known_at=known_at, recorded_by=recorded_by, min_confidence=min_confidence
    )
    withdrawn = found.withdrawn()
    reports: list[Item] = []
    seen: set[str] = set()
    for seq, fact, corrects in found.current():
        if fact.id in withdrawn or fact.id in seen:
            continue
        if wanted is not None and wanted.isdisjoint(fact.partners):
            continue
        seen.add(fact.id)
        reports.append(single_item(seq, fact, corrects))
    del found, seen  # the items hold what the merge needs: the rest goes before it runs
    items = [item for item in merge_singles(reports) if in_time(item.occurred, as_of, mode)]
    sections: dict[str, dict[str, list[tuple[Any, Item]]]] = {}
    for item in link_updates(items):
        section = section_of(item.kind)
        keyed = (chronological_key(item), item)  # the order of `_state`, computed once
        for partner in item.partners:
            if wanted is not None and partner not in wanted:
                continue
            sections.setdefault(partner, {}).setdefault(section, []).append(keyed)
    return {
        partner: _state(partner, by_section, as_of, known_at, recorded_by, mode)
        for partner, by_section in sorted(sections.items())
    }


def project_partner(
    records: Iterable[Recorded],
    partner: str,
    *,
    as_of: date | None = None,
    known_at: date | None = None,
    recorded_by: int | None = None,
    mode: Mode | str = Mode.CERTAIN,
    min_confidence: Confidence | str | None = None,
) -> PartnerState:
    """One partner's state (empty when nothing counts for it); as `project`."""
    mode = Mode(mode)
    states = project(
        records,
        as_of=as_of,
        known_at=known_at,
        recorded_by=recorded_by,
        mode=mode,
        partners=(partner,),
        min_confidence=min_confidence,
    )
    return states.get(partner) or PartnerState(
        partner, as_of=as_of, known_at=known_at, recorded_by=recorded_by, mode=mode
    )


def _state(
    partner: str,
    by_section: Mapping[str, list[tuple[Any, Item]]],
    as_of: date | None,
    known_at: date | None,
    recorded_by: int | None,
    mode: Mode,
) -> PartnerState:
    """The state of `partner` from its items, each with its `chronological_key` (unique,
    as it ends with the id: the items themselves are never compared)."""
    sections: dict[str, Any] = {}
    for name in SECTIONS:
        keyed = by_section.get(name, [])
        keyed.sort()
        sections[name] = tuple(item for _, item in keyed)
    return PartnerState(
        partner,
        as_of=as_of,
        known_at=known_at,
        recorded_by=recorded_by,
        mode=mode,
        committed_totals=totals(sections[COMMITMENTS]),
        **sections,
    )
