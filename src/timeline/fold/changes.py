"""What changed: what became known between two knowledge times, per partner.

The analyst's weekly question, "what is new since Monday". `changes` folds the records
twice, as known at ``known_since`` (and recorded by ``recorded_since``) and as known at
``known_until`` (default: everything), and compares, per partner, the facts counted (with no
``as_of``): facts none of whose reports were known before are *new*; facts told by more
outlets than before are *corroborated*; facts in conflict now and not before are *conflicts*;
facts counted before and not now are *removed*. The amendments made known in between are
listed, and the committed totals before and after.

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import MemorandumSigned, Provenance
>>> from timeline.fold.state import Entry
>>> memo = MemorandumSigned(partners=("CZ",), occurred=DateSpan.month(2024, 3),
...     provenance=Provenance(published=date(2024, 3, 20)), scope="ammunition")
>>> found = changes([Entry(1, memo)], date(2024, 3, 18))
>>> [(p.partner, [c.kind.value for c in p.facts]) for p in found.partners]
[('CZ', ['new'])]
>>> changes([Entry(1, memo)], date(2024, 3, 25)).partners
()
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from timeline.events import Confidence, EventCorrected, EventRetracted
from timeline.fold.amendments import Amendment, confident
from timeline.fold.project import project
from timeline.fold.state import Item, PartnerState, Recorded, calendar_key
from timeline.money import Money

__all__ = ["ChangeKind", "Changes", "FactChange", "PartnerChanges", "changes"]


class ChangeKind(enum.StrEnum):
    """How a fact changed between two knowledge times."""

    NEW = "new"
    CORROBORATED = "corroborated"
    CONFLICT = "conflict"
    REMOVED = "removed"


@attrs.frozen
class FactChange:
    """One change of one fact: ``item`` as known after (for ``removed``: as known before)
    and ``before``, the fact as known before (None for a new fact)."""

    kind: ChangeKind
    item: Item
    before: Item | None = None


@attrs.frozen
class PartnerChanges:
    """What became known about one partner: changed facts, amendments, totals either side."""

    partner: str
    facts: tuple[FactChange, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    totals_before: Mapping[str, Money] = attrs.field(factory=dict)
    totals_after: Mapping[str, Money] = attrs.field(factory=dict)

    def _of(self, kind: ChangeKind) -> tuple[FactChange, ...]:
        return tuple(change for change in self.facts if change.kind is kind)

    @property
    def new(self) -> tuple[FactChange, ...]:
        """The facts none of whose reports was known before."""
        return self._of(ChangeKind.NEW)

    @property
    def corroborated(self) -> tuple[FactChange, ...]:
        """The facts now told by more outlets than before."""
        return self._of(ChangeKind.CORROBORATED)

    @property
    def conflicts(self) -> tuple[FactChange, ...]:
        """The facts in conflict now and not before."""
        return self._of(ChangeKind.CONFLICT)

    @property
    def removed(self) -> tuple[FactChange, ...]:
        """The facts counted before and no longer (retracted or corrected away)."""
        return self._of(ChangeKind.REMOVED)

    @property
    def changed(self) -> bool:
        """True when anything about the partner changed."""
        return bool(self.facts or self.amendments or self.totals_before != self.totals_after)


@attrs.frozen
class Changes:
    """What became known between two knowledge times: the partners with a change, by id."""

    known_since: date | None
    known_until: date | None
    recorded_since: int | None
    partners: tuple[PartnerChanges, ...] = ()


def _compare(before: PartnerState | None, after: PartnerState | None) -> list[FactChange]:
    """The changed facts of one partner, in calendar order."""
    old = [] if before is None else list(before.items)
    new = [] if after is None else list(after.items)
    old_of: dict[str, Item] = {}
    for item in old:
        for each in item.walk():
            for event_id in each.event_ids:
                old_of[event_id] = item
    now = {event_id for item in new for each in item.walk() for event_id in each.event_ids}
    found: list[FactChange] = []
    for item in new:
        earlier = [old_of[e] for each in item.walk() for e in each.event_ids if e in old_of]
        if not earlier:
            found.append(FactChange(ChangeKind.NEW, item))
            continue
        was = max(earlier, key=lambda i: (i.corroboration, i.id))
        if item.corroboration > was.corroboration:
            found.append(FactChange(ChangeKind.CORROBORATED, item, was))
        if item.conflict and not any(i.conflict for i in earlier):
            found.append(FactChange(ChangeKind.CONFLICT, item, was))
    for item in old:
        if not any(e in now for each in item.walk() for e in each.event_ids):
            found.append(FactChange(ChangeKind.REMOVED, item, item))
    found.sort(key=lambda change: calendar_key(change.item))
    return found


def _in_window(
    record: Recorded,
    known_since: date | None,
    known_until: date | None,
    recorded_since: int | None,
) -> bool:
    """True when the record is known "after" and was not "before" (see `changes`)."""
    published = record.event.provenance.published
    known_before = (recorded_since is None or record.seq <= recorded_since) and (
        known_since is None or (published is not None and published <= known_since)
    )
    known_after = known_until is None or (published is not None and published <= known_until)
    return known_after and not known_before


def changes(
    records: Iterable[Recorded],
    known_since: date | None = None,
    known_until: date | None = None,
    *,
    partner: str | None = None,
    recorded_since: int | None = None,
    min_confidence: Confidence | str | None = None,
) -> Changes:
    """What became known between `known_since` (or log position `recorded_since`) and
    `known_until` (None: everything recorded), for every partner or only `partner`.

    See the module docs; `ValueError` when neither `known_since` nor `recorded_since` is
    given.
    """
    if known_since is None and recorded_since is None:
        raise ValueError("changes needs known_since or recorded_since")
    confidence = None if min_confidence is None else Confidence(min_confidence)
    held = list(records)
    wanted = None if partner is None else (partner,)
    before = project(
        held,
        known_at=known_since,
        recorded_by=recorded_since,
        partners=wanted,
        min_confidence=confidence,
    )
    after = project(held, known_at=known_until, partners=wanted, min_confidence=confidence)
    amended: dict[str, list[Amendment]] = {}
    for record in held:
        event = record.event
        if isinstance(event, EventRetracted | EventCorrected) and _in_window(
            record, known_since, known_until, recorded_since
        ):
            if isinstance(event, EventCorrected) and not confident(event.replacement, confidence):
                continue
            for name in event.partners:
                if partner is None or name == partner:
                    amended.setdefault(name, []).append(event)
    found = []
    for name in sorted(set(before) | set(after) | set(amended)):
        old, new = before.get(name), after.get(name)
        each = PartnerChanges(
            partner=name,
            facts=tuple(_compare(old, new)),
            amendments=tuple(amended.get(name, ())),
            totals_before=dict(old.committed_totals) if old is not None else {},
            totals_after=dict(new.committed_totals) if new is not None else {},
        )
        if each.changed:
            found.append(each)
    return Changes(known_since, known_until, recorded_since, tuple(found))
