"""Per-partner state rebuilt from the log alone, as a pure fold over its records.

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
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Protocol

import attrs

from timeline.dates import DateSpan
from timeline.events import (
    AgreementSigned,
    AidCommitted,
    AidDelivered,
    ArticleRecorded,
    Event,
    EventCorrected,
    EventRetracted,
    Fact,
    JointVentureEstablished,
    MeetingHeld,
    MemorandumSigned,
    ProductionIncreased,
    Provenance,
)
from timeline.money import Factor, Money, total

__all__ = [
    "Entry",
    "HistoryEntry",
    "Item",
    "Mode",
    "PartnerState",
    "Recorded",
    "Source",
    "Status",
    "history",
    "project",
    "project_partner",
]


class Mode(enum.StrEnum):
    """How ``as_of`` reads an interval: ``certain`` (ended by then) or ``possible`` (started)."""

    CERTAIN = "certain"
    POSSIBLE = "possible"


class Recorded(Protocol):
    """What a projection needs of a log record: its position and its event."""

    @property
    def seq(self) -> int:
        """The record's sequence number in the log."""
        ...

    @property
    def event(self) -> Event:
        """The recorded event."""
        ...


@attrs.frozen
class Entry:
    """A minimal `Recorded`: a sequence number and an event (handy in tests and examples)."""

    seq: int
    event: Event


@attrs.frozen
class Source:
    """Where a fact was reported: the article, its outlet and date, and the sentence quoted."""

    article_id: str | None
    outlet: str | None
    url: str | None
    published: date | None
    quote: str | None
    start: int | None = None
    end: int | None = None

    @classmethod
    def of(cls, provenance: Provenance) -> Source:
        """The source named by an event's provenance."""
        return cls(
            provenance.article_id,
            provenance.outlet,
            provenance.url,
            provenance.published,
            provenance.quote,
            provenance.start,
            provenance.end,
        )


@attrs.frozen
class Item:
    """One fact in a partner's state, with the events and the sources behind it."""

    id: str
    kind: str
    occurred: DateSpan
    event: Fact
    seq: int
    event_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    shared: bool
    corrects: str | None = None

    @property
    def amount(self) -> Money | None:
        """The fact's amount of money, where its kind has one."""
        return getattr(self.event, "amount", None)

    @property
    def factor(self) -> Factor | None:
        """The fact's growth factor, for production increases."""
        return getattr(self.event, "factor", None)

    @property
    def partners(self) -> tuple[str, ...]:
        """Every partner of the fact (more than one when it is shared)."""
        return self.event.partners


@attrs.frozen
class PartnerState:
    """What one partner's cooperation looked like, under the times the query named."""

    partner: str
    as_of: date | None = None
    known_at: date | None = None
    recorded_by: int | None = None
    mode: Mode = Mode.CERTAIN
    memoranda: tuple[Item, ...] = ()
    agreements: tuple[Item, ...] = ()
    joint_ventures: tuple[Item, ...] = ()
    commitments: tuple[Item, ...] = ()
    deliveries: tuple[Item, ...] = ()
    production: tuple[Item, ...] = ()
    meetings: tuple[Item, ...] = ()
    committed_totals: Mapping[str, Money] = attrs.field(factory=dict)

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of the state, in chronological order (ties by log position)."""
        every = (
            *self.memoranda,
            *self.agreements,
            *self.joint_ventures,
            *self.commitments,
            *self.deliveries,
            *self.production,
            *self.meetings,
        )
        return tuple(sorted(every, key=_item_key))

    @property
    def event_ids(self) -> frozenset[str]:
        """The ids of every event the state counts."""
        return frozenset(i for item in self.items for i in item.event_ids)

    @property
    def first_activity(self) -> date | None:
        """The earliest date any counted fact may have happened (None when none is dated)."""
        days = [d for item in self.items if (d := item.occurred.earliest or item.occurred.latest)]
        return min(days, default=None)

    @property
    def last_activity(self) -> date | None:
        """The latest date any counted fact may have happened (None when none is dated)."""
        days = [d for item in self.items if (d := item.occurred.latest or item.occurred.earliest)]
        return max(days, default=None)

    @property
    def is_empty(self) -> bool:
        """True when the state counts no fact at all."""
        return not self.items


def _item_key(item: Item) -> tuple[date, date, int, str]:
    return (*item.occurred.sort_key(), item.seq, item.id)


_SECTIONS: dict[type[Fact], str] = {
    MemorandumSigned: "memoranda",
    AgreementSigned: "agreements",
    JointVentureEstablished: "joint_ventures",
    AidCommitted: "commitments",
    AidDelivered: "deliveries",
    ProductionIncreased: "production",
    MeetingHeld: "meetings",
}


def _known(event: Event, known_at: date | None) -> bool:
    if known_at is None:
        return True
    published = event.provenance.published
    return published is not None and published <= known_at


def _in_time(span: DateSpan, as_of: date | None, mode: Mode) -> bool:
    if as_of is None:
        return True
    return span.ended_by(as_of) if mode is Mode.CERTAIN else span.started_by(as_of)


_Amendment = EventRetracted | EventCorrected


def _effective(amendments: Mapping[str, _Amendment]) -> set[str]:
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


def _collect(
    records: Iterable[Recorded], known_at: date | None, recorded_by: int | None
) -> tuple[list[tuple[int, Fact, str | None]], set[str]]:
    """The candidate facts (seq, fact, id of the fact it corrects) and the withdrawn ids."""
    facts: list[tuple[int, Fact, str | None]] = []
    amendments: dict[str, _Amendment] = {}
    seq_of: dict[str, int] = {}
    for record in records:
        if recorded_by is not None and record.seq > recorded_by:
            continue
        event = record.event
        if isinstance(event, ArticleRecorded) or not _known(event, known_at):
            continue
        if isinstance(event, EventRetracted | EventCorrected):
            amendments[event.id] = event
            seq_of[event.id] = record.seq
        else:
            facts.append((record.seq, event, None))
    in_force = _effective(amendments)
    withdrawn = {amendments[a].target for a in in_force}
    for a in sorted(in_force, key=seq_of.__getitem__):
        amendment = amendments[a]
        if isinstance(amendment, EventCorrected):
            facts.append((seq_of[a], amendment.replacement, amendment.target))
    return facts, withdrawn


def project(
    records: Iterable[Recorded],
    *,
    as_of: date | None = None,
    known_at: date | None = None,
    recorded_by: int | None = None,
    mode: Mode | str = Mode.CERTAIN,
    partners: Iterable[str] | None = None,
) -> dict[str, PartnerState]:
    """Every partner's state (or only those of `partners`), folded from `records`.

    A pure function of its arguments: the same records and times give the same states.
    A partner that the records never name has no entry (use `project_partner` for an empty
    state). See the module docs for the three times.
    """
    mode = Mode(mode)
    wanted = None if partners is None else set(partners)
    facts, withdrawn = _collect(records, known_at, recorded_by)
    sections: dict[str, dict[str, list[Item]]] = {}
    seen: set[tuple[str, str]] = set()
    for seq, fact, corrects in facts:
        if fact.id in withdrawn or not _in_time(fact.occurred, as_of, mode):
            continue
        item = Item(
            id=fact.id,
            kind=fact.kind,
            occurred=fact.occurred,
            event=fact,
            seq=seq,
            event_ids=(fact.id,),
            sources=(Source.of(fact.provenance),),
            shared=len(fact.partners) > 1,
            corrects=corrects,
        )
        for partner in fact.partners:
            if (wanted is not None and partner not in wanted) or (partner, fact.id) in seen:
                continue
            seen.add((partner, fact.id))
            by_section = sections.setdefault(partner, {})
            by_section.setdefault(_SECTIONS[type(fact)], []).append(item)
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
) -> PartnerState:
    """One partner's state (empty when nothing counts for it)."""
    mode = Mode(mode)
    states = project(
        records,
        as_of=as_of,
        known_at=known_at,
        recorded_by=recorded_by,
        mode=mode,
        partners=(partner,),
    )
    return states.get(partner) or PartnerState(
        partner, as_of=as_of, known_at=known_at, recorded_by=recorded_by, mode=mode
    )


def _state(
    partner: str,
    by_section: Mapping[str, list[Item]],
    as_of: date | None,
    known_at: date | None,
    recorded_by: int | None,
    mode: Mode,
) -> PartnerState:
    sections = {name: tuple(sorted(items, key=_item_key)) for name, items in by_section.items()}
    return PartnerState(
        partner,
        as_of=as_of,
        known_at=known_at,
        recorded_by=recorded_by,
        mode=mode,
        committed_totals=_totals(sections.get("commitments", ())),
        **sections,
    )


def _totals(commitments: Iterable[Item]) -> dict[str, Money]:
    """Committed amounts summed per currency; a sum with an "over" term is a lower bound."""
    by_currency: dict[str, list[Money]] = {}
    for item in commitments:
        if item.amount is not None:
            by_currency.setdefault(item.amount.currency, []).append(item.amount)
    return {
        currency: total(amounts, currency) for currency, amounts in sorted(by_currency.items())
    }


class Status(enum.StrEnum):
    """What became of a fact in the log: still counted, withdrawn, or replaced."""

    ACTIVE = "active"
    RETRACTED = "retracted"
    CORRECTED = "corrected"


@attrs.frozen
class HistoryEntry:
    """A fact as the log holds it, with what amended it since."""

    seq: int
    event: Fact
    status: Status
    amendments: tuple[EventRetracted | EventCorrected, ...] = ()
    corrects: str | None = None


def history(records: Iterable[Recorded], partner: str) -> list[HistoryEntry]:
    """Every fact about `partner` the log ever held, in occurred order (ties by position).

    Retracted and corrected facts stay in the history, marked so; a correction's
    replacement appears as its own entry, naming the fact it corrects.
    """
    facts: list[tuple[int, Fact, EventCorrected | None]] = []
    amendments: dict[str, _Amendment] = {}
    by_target: dict[str, list[_Amendment]] = {}
    for record in records:
        event = record.event
        if isinstance(event, ArticleRecorded):
            continue
        if isinstance(event, EventRetracted | EventCorrected):
            amendments[event.id] = event
            by_target.setdefault(event.target, []).append(event)
            if isinstance(event, EventCorrected):
                facts.append((record.seq, event.replacement, event))
        else:
            facts.append((record.seq, event, None))
    in_force = _effective(amendments)
    entries = []
    for seq, fact, via in facts:
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
    entries.sort(key=lambda e: (*e.event.occurred.sort_key(), e.seq, e.event.id))
    return entries
