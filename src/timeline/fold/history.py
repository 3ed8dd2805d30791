"""History: every fact about a partner the log ever held, with what became of it."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from timeline.events import Confidence, EventCorrected, EventRetracted, Fact
from timeline.fold._build import single_item
from timeline.fold.amendments import split
from timeline.fold.merge import merge_singles
from timeline.fold.raises import link_updates
from timeline.fold.state import Item, Recorded, calendar_key, within

__all__ = ["HistoryEntry", "Status", "history"]


class Status(enum.StrEnum):
    """What became of a fact in the log: still counted, withdrawn, or replaced."""

    ACTIVE = "active"
    RETRACTED = "retracted"
    CORRECTED = "corrected"


@attrs.frozen
class HistoryEntry:
    """A fact as the log holds it, with what amended it since.

    ``fact`` is the item, as the whole log now reads it, that this report is one of (None
    when the report is withdrawn): reports of one fact share it. ``superseded_by`` names the
    item of the raise that superseded that fact, if a later report raised it.
    """

    seq: int
    event: Fact
    status: Status
    amendments: tuple[EventRetracted | EventCorrected, ...] = ()
    corrects: str | None = None
    fact: Item | None = None
    superseded_by: str | None = None


def history(
    records: Iterable[Recorded],
    partner: str,
    *,
    known_at: date | None = None,
    recorded_by: int | None = None,
    min_confidence: Confidence | str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[HistoryEntry]:
    """Every fact about `partner` the log held, in calendar order (`calendar_key`).

    Retracted and corrected facts stay in the history, marked so; a correction's
    replacement appears as its own entry, naming the fact it corrects. Each active entry
    names the fact it reports (``fact``), merged with the other reports of that fact.
    `known_at`, `recorded_by` and `min_confidence` keep what `project` would keep;
    `since` and `until` keep the facts that may have happened between them (`within`).
    """
    confidence = None if min_confidence is None else Confidence(min_confidence)
    found = split(records, known_at=known_at, recorded_by=recorded_by, min_confidence=confidence)
    by_target = found.by_target()
    in_force = found.in_force
    entries = []
    for seq, fact, via in found.entries:
        if partner not in fact.partners:
            continue
        applied = [a for a in by_target.get(fact.id, ()) if a.id in in_force]
        status = Status.ACTIVE
        if any(isinstance(a, EventCorrected) for a in applied):
            status = Status.CORRECTED
        elif applied or (via is not None and via.id not in in_force):
            status = Status.RETRACTED
        entries.append(
            HistoryEntry(
                seq,
                fact,
                status,
                tuple(by_target.get(fact.id, ())),
                None if via is None else via.target,
            )
        )
    entries = [e for e in _with_facts(entries) if within(e.event.occurred, since, until)]
    entries.sort(key=calendar_key)
    return entries


def _with_facts(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """The entries, each active one naming the merged fact it reports."""
    reports: list[Item] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.status is Status.ACTIVE and entry.event.id not in seen:
            seen.add(entry.event.id)
            reports.append(single_item(entry.seq, entry.event, entry.corrects))
    fact_of: dict[str, tuple[Item, str | None]] = {}
    for top in link_updates(merge_singles(reports)):
        for item in top.walk():
            for event_id in item.event_ids:
                fact_of[event_id] = (item, None if item is top else top.id)
    return [
        attrs.evolve(entry, fact=found[0], superseded_by=found[1])
        if entry.status is Status.ACTIVE and (found := fact_of.get(entry.event.id))
        else entry
        for entry in entries
    ]
