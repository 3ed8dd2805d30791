"""The state model: what a partner's state holds, and the one rule that sums its totals.

`PartnerState` has one section per kind of fact (the sections come from
`timeline.events.REGISTRY`); each section holds `Item` s, one per fact, with the reports
(`Source`, `Variant`) behind it: a tuple, or, in a state answered from stored projections,
`Items`, a sequence that decodes each item when it is read and otherwise behaves as the
tuple. `totals` is the only place committed amounts are summed (`TOTALS_RULE`, over
`sum_amounts`); `add_amount` is its running form, for checkpoints. `calendar_key` is the
order of every chronology; `calendar_bytes` is it as bytes, kept with stored facts.
"""

from __future__ import annotations

import decimal
import enum
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, overload

import attrs

from timeline.dates import DateSpan
from timeline.events import (
    REGISTRY,
    AidCommitted,
    Event,
    Fact,
    ProductionIncreased,
    Provenance,
    kind_info,
)
from timeline.money import MAX_DIGITS, Factor, Money, Qualifier, combine_qualifiers

__all__ = [
    "COMMITMENTS",
    "SECTIONS",
    "TOTALS_RULE",
    "Entry",
    "Item",
    "Items",
    "Mode",
    "PartnerState",
    "Recorded",
    "Source",
    "Variant",
    "add_amount",
    "calendar_bytes",
    "calendar_key",
    "canonical_key",
    "chronological_key",
    "figure_of",
    "section_of",
    "source_key",
    "sum_amounts",
    "totals",
    "unit_of",
    "within",
]

#: How committed totals are summed, stated in every `PartnerState` (``totals_rule``).
TOTALS_RULE = (
    "each fact counts once: reports of one fact merged, at their most precise amount; "
    "a fact whose reports disagree counts its lowest reported amount, as a lower bound; "
    "a raised pledge counts only its latest figure"
)

#: The sections of a `PartnerState`, in the order of the registry of kinds.
SECTIONS: tuple[str, ...] = tuple(info.section for info in REGISTRY)
#: The section whose amounts the totals sum.
COMMITMENTS: str = kind_info(AidCommitted).section
_SECTION_OF: dict[str, str] = {info.kind: info.section for info in REGISTRY}


def section_of(kind: str) -> str:
    """The `PartnerState` section that holds facts of the kind tag `kind`."""
    return _SECTION_OF[kind]


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
class Variant:
    """One version of a merged fact: the amount and date some of its reports give, and who."""

    amount: Money | None
    occurred: DateSpan
    event_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    factor: Factor | None = None


@attrs.frozen
class Item:
    """One fact in a partner's state, with the reports, events and sources behind it.

    A fact read from one article is an item of one report: ``event`` is that event and ``id``
    its id. A fact that several articles reported is merged (see `merge_reports`): ``reports``
    holds one single-report item per report, ``id`` is the smallest of their event ids, and
    ``event`` is the representative report restated with the merged date and amount (it is
    never written to the log). ``corroboration`` counts the distinct outlets; ``conflict``
    says that the reports disagree beyond rounding, and ``variants`` lists what each group of
    reports said. ``supersedes`` holds the earlier pledges this one raised (`link_updates`).
    """

    id: str
    kind: str
    occurred: DateSpan
    event: Fact
    seq: int
    event_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    shared: bool
    corrects: str | None = None
    corroboration: int = 1
    conflict: bool = False
    reports: tuple[Item, ...] = ()
    supersedes: tuple[Item, ...] = ()

    @classmethod
    def single(cls, seq: int, fact: Fact, corrects: str | None = None) -> Item:
        """The item of one report: `fact`, read from one sentence, recorded at `seq`."""
        return cls(
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

    @property
    def amount(self) -> Money | None:
        """The fact's amount of money, where its kind has one (the one totals count)."""
        return getattr(self.event, "amount", None)

    @property
    def factor(self) -> Factor | None:
        """The fact's growth factor, for production increases."""
        return getattr(self.event, "factor", None)

    @property
    def partners(self) -> tuple[str, ...]:
        """Every partner of the fact (more than one when it is shared)."""
        return self.event.partners

    @property
    def variants(self) -> tuple[Variant, ...]:
        """What the reports of a merged fact said, grouped by amount and date (none if single)."""
        return _variants(self.reports) if self.reports else ()

    @property
    def merged(self) -> bool:
        """True when the item stands for more than one report."""
        return bool(self.reports)

    def walk(self) -> Iterator[Item]:
        """This item, then every item it supersedes (and those they supersede), depth first."""
        yield self
        for earlier in self.supersedes:
            yield from earlier.walk()


class Items(Sequence[Item]):
    """A section of items decoded only as they are read: `decode` of each of `rows`.

    A stored state (`timeline.fold.stored`) answers with these, so that an answer over tens
    of thousands of facts builds no `Item` until one is read. It behaves as the tuple of its
    items: ``len``, indexing, iteration, ``==`` (with a tuple or another `Items`), hashing
    and ``+``; a slice is another lazy `Items`. Each item is decoded once, then kept.
    """

    __slots__ = ("_activity", "_decode", "_items", "_key", "_keys", "_rows")

    def __init__(
        self,
        rows: Sequence[Any],
        decode: Callable[[Any], Item],
        key: Callable[[Any], bytes] | None = None,
    ) -> None:
        """The items that `decode` makes of `rows` (one item per row), in order; `key`, when
        given, reads each row's `calendar_bytes` without decoding it, so that calendar order
        and activity dates are had without building an item."""
        self._rows = rows
        self._decode = decode
        self._key = key
        self._keys: Sequence[bytes] | None = None
        self._activity: tuple[int, int] | None = None
        self._items: dict[int, Item] = {}  # the items decoded so far, by position

    @property
    def keys(self) -> Sequence[bytes] | None:
        """Each item's `calendar_bytes`, when the rows give them (read on first use)."""
        if self._keys is None and self._key is not None:
            self._keys = [self._key(row) for row in self._rows]
        return self._keys

    def __len__(self) -> int:
        return len(self._rows)

    def _at(self, index: int) -> Item:
        item = self._items.get(index)
        if item is None:
            item = self._items[index] = self._decode(self._rows[index])
        return item

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> Items: ...
    def __getitem__(self, index: int | slice) -> Item | Items:
        if isinstance(index, slice):
            part = Items(self._rows[index], self._decode, self._key)
            if self._items:
                taken = range(len(self._rows))[index]
                part._items = {n: self._items[m] for n, m in enumerate(taken) if m in self._items}
            if self._keys is not None:
                part._keys = self._keys[index]
            return part
        return self._at(range(len(self._rows))[index])

    def __iter__(self) -> Iterator[Item]:
        for index in range(len(self._rows)):
            yield self._at(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, tuple | Items):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: Sequence[Item]) -> tuple[Item, ...]:
        return (*self, *other)

    def __radd__(self, other: Sequence[Item]) -> tuple[Item, ...]:
        return (*other, *self)

    def __repr__(self) -> str:
        return repr(tuple(self))

    @classmethod
    def calendar(cls, sections: Sequence[Items]) -> Items:
        """The items of `sections` (each with keys) in calendar order, still undecoded."""
        rows: list[Any] = []
        items: dict[int, Item] = {}
        keys: list[bytes] = []
        for section in sections:
            items.update((len(rows) + n, item) for n, item in section._items.items())
            rows += section._rows
            keys += section.keys or ()
        order = sorted(range(len(keys)), key=keys.__getitem__)
        first = sections[0] if sections else None
        joined = Items(
            [rows[n] for n in order],
            _no_item if first is None else first._decode,
            None if first is None else first._key,
        )
        joined._items = {at: items[n] for at, n in enumerate(order) if n in items}
        joined._keys = [keys[n] for n in order]
        return joined

    def activity(self) -> tuple[int, int]:
        """The ordinals of the earliest and latest days any of the items may have happened
        on (each item's earliest day, or its latest when it has none, and the converse); 0
        when no item is dated. Read from the keys where the rows give them."""
        if self._activity is None:
            first, last = _NO_DAY, 0
            keys = self.keys
            if keys is None:
                for item in self:
                    days = _days(item.occurred)
                    if days is not None:
                        first, last = min(first, days[0]), max(last, days[1])
            else:
                unpack = _KEY.unpack_from
                for key in keys:
                    flags = key[-1]
                    if flags == 3:
                        continue
                    _, late, early, _ = unpack(key)
                    first = min(first, late if flags & 1 else early)
                    last = max(last, early if flags & 2 else late)
            self._activity = (0 if first == _NO_DAY else first, last)
        return self._activity


#: Beyond any day's ordinal.
_NO_DAY = date.max.toordinal() + 1


def _days(span: DateSpan) -> tuple[int, int] | None:
    """The ordinals of the first and last day `span` may cover (None when it is undated)."""
    early, late = span.earliest, span.latest
    if early is None:
        return None if late is None else (late.toordinal(), late.toordinal())
    return early.toordinal(), (early if late is None else late).toordinal()


def _no_item(row: Any) -> Item:  # pragma: no cover - an empty `Items` decodes nothing
    raise IndexError(row)


#: The fixed part of `calendar_bytes`: undated, latest, earliest and publication day.
_KEY = struct.Struct(">BIII")


@attrs.frozen
class PartnerState:
    """What one partner's cooperation looked like, under the times the query named.

    Each section holds the facts in force, one item per fact (merged reports are one item);
    an item that a later report raised is nested under it (``Item.supersedes``).
    ``committed_totals`` sums the commitments by the rule ``totals_rule`` states. The
    sections are the registry's (`SECTIONS`); an import-time check keeps the fields equal.
    """

    partner: str
    as_of: date | None = None
    known_at: date | None = None
    recorded_by: int | None = None
    mode: Mode = Mode.CERTAIN
    memoranda: Sequence[Item] = ()
    agreements: Sequence[Item] = ()
    joint_ventures: Sequence[Item] = ()
    commitments: Sequence[Item] = ()
    deliveries: Sequence[Item] = ()
    production: Sequence[Item] = ()
    meetings: Sequence[Item] = ()
    committed_totals: Mapping[str, Money] = attrs.field(factory=dict)
    totals_rule: str = TOTALS_RULE

    def section(self, name: str) -> Sequence[Item]:
        """The items of the section `name` (one of `SECTIONS`): a tuple, or `Items` (a
        section of a stored state, decoded as it is read) that compares equal to one."""
        items: Sequence[Item] = getattr(self, name)
        return items

    @property
    def items(self) -> Sequence[Item]:
        """Every item of the state, in calendar order (`calendar_key`)."""
        return self.chronology()

    def chronology(self, section: str | None = None) -> Sequence[Item]:
        """The items of `section` (default: every section) in calendar order (`calendar_key`).

        The section fields themselves keep the fold's order (by earliest day), which the
        as-of index relies on; views list facts through this. Sections of a stored state
        (`Items` with keys) are ordered without decoding an item.
        """
        names = SECTIONS if section is None else (section,)
        parts = [self.section(name) for name in names]
        if all(isinstance(part, Items) and part.keys is not None for part in parts):
            return Items.calendar(parts)  # type: ignore[arg-type]
        every = [item for part in parts for item in part]
        return tuple(sorted(every, key=calendar_key))

    @property
    def conflicts(self) -> tuple[Item, ...]:
        """The items whose reports disagree beyond rounding."""
        return tuple(item for item in self.items if item.conflict)

    @property
    def event_ids(self) -> frozenset[str]:
        """The ids of every event the state counts (those of superseded pledges too)."""
        return frozenset(i for item in self.items for each in item.walk() for i in each.event_ids)

    def _activity(self) -> tuple[date | None, date | None]:
        """The first and last day any counted fact may have happened on (superseded pledges
        too; `Items.activity` for the sections of a stored state, which nest none)."""
        first, last = _NO_DAY, 0
        for name in SECTIONS:
            part = self.section(name)
            if isinstance(part, Items):
                early, late = part.activity()
                if late:
                    first, last = min(first, early), max(last, late)
                continue
            for item in part:
                for each in item.walk():
                    days = _days(each.occurred)
                    if days is not None:
                        first, last = min(first, days[0]), max(last, days[1])
        if not last:
            return None, None
        return date.fromordinal(first), date.fromordinal(last)

    @property
    def first_activity(self) -> date | None:
        """The earliest date any counted fact may have happened (None when none is dated)."""
        return self._activity()[0]

    @property
    def last_activity(self) -> date | None:
        """The latest date any counted fact may have happened (None when none is dated)."""
        return self._activity()[1]

    @property
    def is_empty(self) -> bool:
        """True when the state counts no fact at all."""
        return not any(len(self.section(name)) for name in SECTIONS)


_FIELDS = tuple(f.name for f in attrs.fields(PartnerState))
if _FIELDS[5 : 5 + len(SECTIONS)] != SECTIONS:  # pragma: no cover - a registry edit
    raise TypeError(f"PartnerState's sections {_FIELDS[5:12]} differ from the registry's")


def chronological_key(item: Item) -> tuple[date, date, int, str]:
    """The order of items in a state: by occurred interval, then log position, then id."""
    return (*item.occurred.sort_key(), item.seq, item.id)


class _Reported(Protocol):
    """Anything that holds one reported fact as ``event`` (a `HistoryEntry`)."""

    @property
    def event(self) -> Fact:
        """The fact."""
        ...


def calendar_key(thing: Item | Event | _Reported) -> tuple[bool, date, date, date, str]:
    """THE order of facts in every chronology: by when they happened, as a calendar reads.

    By the occurred interval's latest day, then its earliest day (an open end sorts beyond
    every known day); undated facts last; ties by publication date (a merged item's
    earliest report), then id. Takes an `Item`, any event, or a `HistoryEntry`.
    """
    if isinstance(thing, Item):
        span, ident = thing.occurred, thing.id
        days = [s.published for s in thing.sources if s.published is not None]
        published = min(days) if days else None
    else:
        held: Any = thing
        fact: Event = getattr(held, "event", held)  # a history entry holds its fact
        span, ident, published = fact.occurred, fact.id, fact.provenance.published
    early, late = span.earliest, span.latest
    return (
        early is None and late is None,
        late or date.max,
        early or date.min,
        published or date.max,
        ident,
    )


def calendar_bytes(item: Item, rank: int | None = None) -> bytes:
    """`calendar_key` as bytes that sort as it does, with which of the item's days are open.

    Days as big-endian ordinals, then the id in UTF-8 (which sorts as its text does) and a
    NUL, then a byte of flags (1: no earliest day, 2: no latest day), so that
    `Items.activity` reads the item's days back; ids hold no NUL, so the flags never change
    the order. With `rank`, the item's place among the ids of every item it will be compared
    with (a stored partner's), four bytes of it stand for the id: the same order, shorter.
    """
    undated, late, early, published, ident = calendar_key(item)
    flags = (item.occurred.earliest is None) | (item.occurred.latest is None) << 1
    fixed = _KEY.pack(undated, late.toordinal(), early.toordinal(), published.toordinal())
    tie = ident.encode() + b"\0" if rank is None else rank.to_bytes(4, "big")
    return fixed + tie + bytes((flags,))


def within(span: DateSpan, since: date | None, until: date | None) -> bool:
    """True when a fact dated `span` may have happened within [`since`, `until`].

    With neither bound, always; with one, an undated fact never is (it cannot be placed).
    """
    if since is None and until is None:
        return True
    early, late = span.earliest, span.latest
    if early is None and late is None:
        return False
    if since is not None and late is not None and late < since:
        return False
    return not (until is not None and early is not None and early > until)


def canonical_key(item: Item) -> tuple[date, date, str]:
    """An order of items that depends on their content only, never on log positions."""
    return (*item.occurred.sort_key(), item.id)


# -- the totals rule -----------------------------------------------------------------------------

#: Exact sums of any values a `Money` may hold (as `Money.__add__` computes them).
_SUM = decimal.Context(prec=2 * MAX_DIGITS + 10, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_ZERO = Decimal(0)


def add_amount(sums: dict[str, Money], amount: Money) -> None:
    """Count `amount` once more in `sums` (per currency): the running form of `totals`.

    The same sum as `totals` (``Money.__add__``: exact, qualifiers combined), one term at a
    time, for the as-of index's checkpoints.
    """
    held = sums.get(amount.currency)
    sums[amount.currency] = amount if held is None else held + amount


def totals(commitments: Iterable[Item]) -> dict[str, Money]:
    """Committed amounts summed per currency, one term per fact (see `TOTALS_RULE`).

    The same sum as `timeline.money.total`, with the qualifier of the sum of its terms.
    Superseded pledges are nested under the pledge that raised them, so they add nothing.
    """
    return sum_amounts(
        (amount.value, amount.currency, amount.qualifier, 1)
        for item in commitments
        if (amount := item.amount) is not None
    )


def sum_amounts(terms: Iterable[tuple[Decimal, str, Qualifier, int]]) -> dict[str, Money]:
    """The sums of `totals` from terms (value, currency, qualifier, how many times it counts).

    Exact, so the order of the terms and their grouping do not change the result (value or
    exponent); a stored projection sums its amounts grouped by value this way.
    """
    values: dict[str, Decimal] = {}
    qualifiers: dict[str, set[Qualifier]] = {}
    for value, currency, qualifier, times in terms:
        term = value if times == 1 else _SUM.multiply(value, times)
        values[currency] = _SUM.add(values.get(currency, _ZERO), term)
        qualifiers.setdefault(currency, set()).add(qualifier)
    return {
        currency: Money(values[currency], currency, combine_qualifiers(qualifiers[currency]))
        for currency in sorted(values)
    }


# -- figures and sources, as merged items show them ----------------------------------------------

#: The unit of a growth factor, beside the currencies of amounts.
TIMES = "x"


def figure_of(event: Fact) -> Money | Factor | None:
    """What a fact counts: its amount of money, or, for a production increase, its factor."""
    if isinstance(event, ProductionIncreased):
        return event.factor
    return getattr(event, "amount", None)


def unit_of(figure: Money | Factor) -> str:
    """A figure's unit: its currency, or `TIMES` for a growth factor."""
    return figure.currency if isinstance(figure, Money) else TIMES


def source_key(source: Source) -> tuple[date, str, str, int, str]:
    """The order of sources in an item: by publication, outlet, article, position, quote."""
    return (
        source.published or date.min,
        source.outlet or "",
        source.article_id or "",
        -1 if source.start is None else source.start,
        source.quote or "",
    )


def _figure_key(figure: Money | Factor | None) -> tuple[Any, ...]:
    if figure is None:
        return (Decimal(-1), "", "")
    return (figure.value, unit_of(figure), figure.qualifier.value)


def _variants(reports: Sequence[Item]) -> tuple[Variant, ...]:
    groups: dict[tuple[Money | None, Factor | None, DateSpan], list[Item]] = {}
    for report in reports:
        groups.setdefault((report.amount, report.factor, report.occurred), []).append(report)

    def key(group: tuple[Money | None, Factor | None, DateSpan]) -> tuple[Any, ...]:
        amount, factor, span = group
        return (*span.sort_key(), span.precision.rank, *_figure_key(amount or factor))

    return tuple(
        Variant(
            amount,
            span,
            tuple(sorted(r.id for r in groups[amount, factor, span])),
            tuple(
                sorted((s for r in groups[amount, factor, span] for s in r.sources), key=source_key)
            ),
            factor,
        )
        for amount, factor, span in sorted(groups, key=key)
    )
