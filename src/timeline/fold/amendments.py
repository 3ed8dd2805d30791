"""The one split of a log's records into facts and amendments, and which amendments hold.

A retraction or correction is an event that names an earlier one (its ``target``); an
amendment may itself be withdrawn by a later one. `split` reads records once and keeps what
every user of that bookkeeping needs (the fold, the history, re-extraction): the stated
facts and the corrections' replacements in log order, the amendments by id, and which of
them are in force (`amendments_in_force`).

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import EventRetracted, MemorandumSigned, Provenance
>>> from timeline.fold.state import Entry
>>> memo = MemorandumSigned(partners=("CZ",), occurred=DateSpan.month(2023, 7))
>>> oops = EventRetracted(partners=("CZ",), target=memo.id, reason="misread")
>>> undo = EventRetracted(partners=("CZ",), target=oops.id, reason="it was right")
>>> found = split([Entry(1, memo), Entry(2, oops), Entry(3, undo)])
>>> found.withdrawn() == {oops.id}, [f.id for _, f, _ in found.current()] == [memo.id]
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from timeline.errors import TimelineError
from timeline.events import ArticleRecorded, Confidence, EventCorrected, EventRetracted, Fact
from timeline.fold.state import Recorded

__all__ = [
    "AlreadyAmendedError",
    "Amendment",
    "Split",
    "amendment_in_force",
    "amendments_in_force",
    "confident",
    "split",
]

#: An event that amends an earlier one.
Amendment = EventRetracted | EventCorrected


def amendments_in_force(amendments: Mapping[str, Amendment]) -> set[str]:
    """The ids of amendments in force: those that no amendment in force withdraws.

    An amendment can only name one recorded before it (its id covers its target's id), so
    the "withdraws" relation has no cycles; we settle it from the amendments nobody targets.
    """
    targeted_by: dict[str, list[str]] = {}
    for amendment in amendments.values():
        if amendment.target in amendments:
            targeted_by.setdefault(amendment.target, []).append(amendment.id)
    settled: dict[str, bool] = {}

    def settle(root: str) -> bool:
        stack = [root]
        while stack:
            current = stack[-1]
            pending = [a for a in targeted_by.get(current, ()) if a not in settled]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            settled[current] = not any(settled[a] for a in targeted_by.get(current, ()))
        return settled[root]

    return {a for a in amendments if settle(a)}


def confident(fact: Fact, min_confidence: Confidence | None) -> bool:
    """True when `fact` was read at least as surely as `min_confidence` (None: any fact).

    A fact entered by hand (no confidence) counts as high.
    """
    if min_confidence is None:
        return True
    confidence = fact.provenance.confidence
    return confidence is None or confidence.rank >= min_confidence.rank


@attrs.define
class Split:
    """Facts and amendments of some records, as `split` found them.

    ``entries`` holds, in record order, every stated fact as ``(seq, fact, None)`` and every
    correction's replacement as ``(seq of the correction, replacement, correction)``.
    ``amendments`` maps ids to amendments (in record order), ``seq_of`` their positions,
    ``in_force`` the ids of those in force.
    """

    entries: list[tuple[int, Fact, EventCorrected | None]] = attrs.field(factory=list)
    amendments: dict[str, Amendment] = attrs.field(factory=dict)
    seq_of: dict[str, int] = attrs.field(factory=dict)
    in_force: set[str] = attrs.field(factory=set)

    def withdrawn(self) -> set[str]:
        """The ids of the events that an amendment in force withdraws or replaces."""
        return {self.amendments[a].target for a in self.in_force}

    def by_target(self, *, in_force: bool = False) -> dict[str, list[Amendment]]:
        """The amendments (only those in force, if asked) naming each target, in record order."""
        found: dict[str, list[Amendment]] = {}
        for amendment in self.amendments.values():
            if not in_force or amendment.id in self.in_force:
                found.setdefault(amendment.target, []).append(amendment)
        return found

    def current(self) -> list[tuple[int, Fact, str | None]]:
        """The candidate facts: (seq, fact, id of the fact it corrects), stated ones first.

        Every stated fact in record order, then the replacement of every correction in force,
        in the order the corrections were recorded. Withdrawn ones are still among them.
        """
        # a stated fact's entry is (seq, fact, None) already: the same tuple, not a copy
        facts: list[tuple[int, Fact, str | None]] = [
            entry  # type: ignore[misc]
            for entry in self.entries
            if entry[2] is None
        ]
        replacements = [
            (seq, fact, via.target)
            for seq, fact, via in self.entries
            if via is not None and via.id in self.in_force
        ]
        facts += sorted(replacements, key=lambda entry: entry[0])
        return facts


def split(
    records: Iterable[Recorded],
    *,
    known_at: date | None = None,
    recorded_by: int | None = None,
    min_confidence: Confidence | None = None,
) -> Split:
    """Split `records` into facts and amendments, keeping what the times and confidence keep.

    Records after ``recorded_by`` and events published after ``known_at`` (or with no
    publication date, when ``known_at`` is given) are left out, and so are stored articles
    and facts read less surely than ``min_confidence``.
    """
    found = Split()
    for record in records:
        seq = record.seq
        if recorded_by is not None and seq > recorded_by:
            continue
        event = record.event
        if isinstance(event, ArticleRecorded):
            continue
        if known_at is not None:
            published = event.provenance.published
            if published is None or published > known_at:
                continue
        if isinstance(event, EventRetracted | EventCorrected):
            found.amendments[event.id] = event
            found.seq_of[event.id] = seq
            if isinstance(event, EventCorrected) and confident(event.replacement, min_confidence):
                found.entries.append((seq, event.replacement, event))
        elif confident(event, min_confidence):
            found.entries.append((seq, event, None))
    found.in_force = amendments_in_force(found.amendments)
    return found


class AlreadyAmendedError(TimelineError, ValueError):
    """An event that an amendment in force already retracts or corrects was amended again.

    ``event_id`` names the event, ``amendment`` the earlier amendment in force.
    """

    def __init__(self, event_id: str, amendment: Amendment) -> None:
        """The error for `event_id`, already amended by `amendment`."""
        self.event_id = event_id
        self.amendment = amendment
        what = "corrected" if isinstance(amendment, EventCorrected) else "retracted"
        published = amendment.provenance.published
        when = f"{published.isoformat()}: " if published is not None else ""
        super().__init__(
            f"event {event_id} is already {what} by {amendment.id} ({when}{amendment.reason})"
        )


def amendment_in_force(records: Iterable[Recorded], event_id: str) -> Amendment | None:
    """The amendment in force that retracts or corrects `event_id` in `records`, if any.

    Of several (which the facade no longer lets happen), the last recorded.
    """
    found = split(records).by_target(in_force=True).get(event_id)
    return found[-1] if found else None
