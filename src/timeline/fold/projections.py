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
rounding make one item marked ``conflict``, with each `Variant`. A later report that raises
an earlier pledge ("increases its contribution to ...") supersedes it (`link_updates`).
Totals count every fact once (`TOTALS_RULE`).

>>> from timeline.money import Qualifier
>>> other = AidCommitted(partners=("NL",), occurred=DateSpan.day(date(2024, 1, 12)),
...     provenance=Provenance(article_id="b", outlet="Wire B", published=date(2024, 1, 13)),
...     amount=Money(87_000_000, "EUR", Qualifier.ABOUT))
>>> item, = project_partner([Entry(1, pledge), Entry(2, other)], "NL").commitments
>>> str(item.occurred), str(item.amount), item.corroboration, item.conflict
('2024-01-12', '87000000 EUR', 2, False)
"""

from __future__ import annotations

import contextlib
import decimal
import enum
import gc
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import combinations
from typing import Any, Protocol

import attrs

from timeline.dates import DateSpan
from timeline.errors import DateError
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
from timeline.money import MAX_DIGITS, Factor, Money, Qualifier, combine_qualifiers

__all__ = [
    "TOTALS_RULE",
    "Entry",
    "HistoryEntry",
    "Item",
    "Mode",
    "PartnerState",
    "Recorded",
    "Source",
    "Status",
    "Variant",
    "amendments_in_force",
    "amounts_agree",
    "chronological_key",
    "collector_paused",
    "history",
    "link_updates",
    "merge_reports",
    "project",
    "project_partner",
    "same_fact",
]

#: How committed totals are summed, stated in every `PartnerState` (``totals_rule``).
TOTALS_RULE = (
    "each fact counts once: reports of one fact merged, at their most precise amount; "
    "a fact whose reports disagree counts its lowest reported amount, as a lower bound; "
    "a raised pledge counts only its latest figure"
)


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


@attrs.frozen
class PartnerState:
    """What one partner's cooperation looked like, under the times the query named.

    Each section holds the facts in force, one item per fact (merged reports are one item);
    an item that a later report raised is nested under it (``Item.supersedes``).
    ``committed_totals`` sums the commitments by the rule ``totals_rule`` states.
    """

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
    totals_rule: str = TOTALS_RULE

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
        return tuple(sorted(every, key=chronological_key))

    @property
    def conflicts(self) -> tuple[Item, ...]:
        """The items whose reports disagree beyond rounding."""
        return tuple(item for item in self.items if item.conflict)

    @property
    def event_ids(self) -> frozenset[str]:
        """The ids of every event the state counts (those of superseded pledges too)."""
        return frozenset(i for item in self.items for each in item.walk() for i in each.event_ids)

    @property
    def first_activity(self) -> date | None:
        """The earliest date any counted fact may have happened (None when none is dated)."""
        days = [
            d
            for item in self.items
            for each in item.walk()
            if (d := each.occurred.earliest or each.occurred.latest)
        ]
        return min(days, default=None)

    @property
    def last_activity(self) -> date | None:
        """The latest date any counted fact may have happened (None when none is dated)."""
        days = [
            d
            for item in self.items
            for each in item.walk()
            if (d := each.occurred.latest or each.occurred.earliest)
        ]
        return max(days, default=None)

    @property
    def is_empty(self) -> bool:
        """True when the state counts no fact at all."""
        return not self.items


def chronological_key(item: Item) -> tuple[date, date, int, str]:
    """The order of items in a state: by occurred interval, then log position, then id."""
    return (*item.occurred.sort_key(), item.seq, item.id)


def _canonical(item: Item) -> tuple[date, date, str]:
    """An order of items that depends on their content only, never on log positions."""
    return (*item.occurred.sort_key(), item.id)


def _bucket_key(item: Item) -> tuple[date, date, str]:
    """The order of reports within a merge bucket: by the latest day each allows (an undated
    "../2024-03-07" next to "2024-03-07"), then the earliest, then the id; content only."""
    span = item.occurred
    return (span.latest or span.earliest or date.max, span.earliest or date.min, item.id)


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


def amendments_in_force(amendments: Mapping[str, _Amendment]) -> set[str]:
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
    in_force = amendments_in_force(amendments)
    withdrawn = {amendments[a].target for a in in_force}
    for a in sorted(in_force, key=seq_of.__getitem__):
        amendment = amendments[a]
        if isinstance(amendment, EventCorrected):
            facts.append((seq_of[a], amendment.replacement, amendment.target))
    return facts, withdrawn


def _report(seq: int, fact: Fact, corrects: str | None) -> Item:
    """The item of one report: one event read from one sentence of one article."""
    return Item(
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

    The steps: keep what was recorded by ``recorded_by`` and reported by ``known_at``; apply
    the retractions and corrections in force; merge the reports of one fact
    (`merge_reports`); keep the facts that happened by ``as_of`` (judged on the merged date);
    link raised pledges to the pledges they raise (`link_updates`); sum the totals.
    """
    mode = Mode(mode)
    wanted = None if partners is None else set(partners)
    with collector_paused():
        return _project(records, as_of, known_at, recorded_by, mode, wanted)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a fold, then restore it as it was.

    A fold builds a large heap of objects that live on (the states) and makes no reference
    cycles; with the collector running, every few thousand allocations it walks that growing
    heap again, which cost a third of a replay's time. Memory is still freed by reference
    counting meanwhile. If the collector is already paused (by the caller, or by a fold in
    another thread), it is left as it is. (The collector is one switch for the process: a
    thread that pauses it while another thread's fold runs finds it running again when that
    fold ends.)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _project(
    records: Iterable[Recorded],
    as_of: date | None,
    known_at: date | None,
    recorded_by: int | None,
    mode: Mode,
    wanted: set[str] | None,
) -> dict[str, PartnerState]:
    facts, withdrawn = _collect(records, known_at, recorded_by)
    reports: list[Item] = []
    seen: set[str] = set()
    for seq, fact, corrects in facts:
        if fact.id in withdrawn or fact.id in seen:
            continue
        if wanted is not None and wanted.isdisjoint(fact.partners):
            continue
        seen.add(fact.id)
        reports.append(_report(seq, fact, corrects))
    items = [item for item in _merge(reports) if _in_time(item.occurred, as_of, mode)]
    sections: dict[str, dict[str, list[Item]]] = {}
    for item in link_updates(items):
        section = _SECTIONS[type(item.event)]
        for partner in item.partners:
            if wanted is not None and partner not in wanted:
                continue
            sections.setdefault(partner, {}).setdefault(section, []).append(item)
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
    sections = {
        name: tuple(sorted(items, key=chronological_key)) for name, items in by_section.items()
    }
    return PartnerState(
        partner,
        as_of=as_of,
        known_at=known_at,
        recorded_by=recorded_by,
        mode=mode,
        memoranda=sections.get("memoranda", ()),
        agreements=sections.get("agreements", ()),
        joint_ventures=sections.get("joint_ventures", ()),
        commitments=sections.get("commitments", ()),
        deliveries=sections.get("deliveries", ()),
        production=sections.get("production", ()),
        meetings=sections.get("meetings", ()),
        committed_totals=_totals(sections.get("commitments", ())),
    )


#: Exact sums of any values a `Money` may hold (as `Money.__add__` computes them).
_SUM = decimal.Context(prec=2 * MAX_DIGITS + 10, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _totals(commitments: Iterable[Item]) -> dict[str, Money]:
    """Committed amounts summed per currency, one term per fact (see `TOTALS_RULE`).

    The same sum as `timeline.money.total`, with the qualifier of the sum of its terms: a sum
    with an "over" term is a lower bound. Superseded pledges are nested under the pledge that
    raised them, so they add nothing.
    """
    values: dict[str, Decimal] = {}
    qualifiers: dict[str, set[Qualifier]] = {}
    for item in commitments:
        amount = item.amount
        if amount is not None:
            currency = amount.currency
            values[currency] = _SUM.add(values.get(currency, _ZERO), amount.value)
            qualifiers.setdefault(currency, set()).add(amount.qualifier)
    return {
        currency: Money(values[currency], currency, combine_qualifiers(qualifiers[currency]))
        for currency in sorted(values)
    }


# -- one fact, many reports ----------------------------------------------------------------------
#
# The rule, told in full in docs/merging.md. Reports are compared only within a bucket of one
# kind and one set of partners; within a bucket only pairs that share a key (package number,
# amount band, content word, week) are compared, each with its next few neighbours in the
# bucket's date order, so merging stays near-linear however many reports there are.

#: Relation strengths: the larger, the surer that two reports tell one fact. Links are made
#: strongest first, so a report joins the fact it most plainly belongs to.
_AGREE_PACKAGE = 7
_AGREE_EXACT = 6
_AGREE_AMOUNT = 5
_AGREE_CONTENT = 4
_AGREE_DATE = 3
_CONFLICT_PACKAGE = 2
_CONFLICT_CONTENT = 1
_UNRELATED = 0
_CONFLICTS = frozenset({_CONFLICT_PACKAGE, _CONFLICT_CONTENT})

#: Two overlapping spans that are not both closed pin one time when the days they are
#: anchored to (the latest day each allows) are this close (see `_near`).
_NEAR_DAYS = 14
#: Reports in buckets this small are all compared with each other.
_SMALL_BUCKET = 4
#: Within a candidate group, each report is compared with this many next overlapping ones,
#: looked for among this many next members (in the bucket's date order).
_WINDOW = 4
_SCAN = 10
#: How many of a report's content words (the rarest in its bucket) key its candidate pairs.
_KEY_WORDS = 2
_FAR_PAST = -1
_FAR_FUTURE = 10**7
#: Amount bands are powers of this ratio; amounts that may agree are at most one band apart.
_BAND = math.log(1.4)

_ZERO = Decimal(0)
_PERCENT_2_5 = Decimal("0.025")
_OVER_SLACK = Decimal("1.15")
_UNDER_SLACK = Decimal("0.85")
_ABOUT_LOW = Decimal("0.9")
_ABOUT_HIGH = Decimal("1.1")

#: The fields whose words say what a fact is about; a shared word is evidence of one fact.
_CONTENT_FIELDS = (
    "items",
    "scope",
    "product",
    "companies",
    "parties",
    "format",
    "participants",
    "sector",
)
#: Words too common in this vocabulary to tell two facts apart.
_GENERIC_TEXT = """
    the and for with from into onto under over about its their his her this that these those
    new more other some all any one two three first second next last year month week day
    military aid assistance support package packages help equipment weapon system systems
    defence defense security ukraine ukrainian kyiv ministry minister government state
    company firm industry industrial production joint cooperation agreement
    memorandum contract deal meeting talks visit official officials delegation partner
    partners country countries armed force forces army output capacity
"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
_WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")

_UPDATE_CUE = re.compile(
    r"\b(?:increas|rais|boost|expand|top(?:s|ped|ping)?\s+up)\w*\b[^.;]{0,60}?"
    r"\b(?:contributions?|pledges?|commitments?|support|aid|assistance|funding|financing"
    r"|packages?|allocations?|budget|total)\b[^.;]{0,40}?\bto\b"
    r"|\b(?:raised|increased|boosted|upped)\s+to\b"
    r"|\b(?:brings?|bringing|brought)\b[^.;]{0,40}?\btotal\b[^.;]{0,30}?\bto\b",
    re.IGNORECASE,
)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def _words(text: str) -> frozenset[str]:
    """The telling words of a text: lower case, singular, neither generic nor tiny."""
    found = set()
    for raw in _WORD.findall(text.casefold()):
        word = _singular(raw)
        if raw in _GENERIC_WORDS or word in _GENERIC_WORDS:
            continue
        if len(word) < 3 and not any(c.isdigit() for c in word):
            continue
        found.add(word)
    return frozenset(found)


_FIELDS_OF: dict[type[Any], tuple[str, ...]] = {}


def _content_fields(kind: type[Fact]) -> tuple[str, ...]:
    """The content fields that facts of `kind` have (remembered per class)."""
    found = _FIELDS_OF.get(kind)
    if found is None:
        names = {f.name for f in attrs.fields(kind)}
        found = _FIELDS_OF[kind] = tuple(name for name in _CONTENT_FIELDS if name in names)
    return found


_NO_WORDS: frozenset[str] = frozenset()


def _content(event: Fact) -> frozenset[str]:
    """The telling words of a fact's descriptive fields (items, scope, companies, ...)."""
    words = _NO_WORDS
    for name in _content_fields(type(event)):
        value = getattr(event, name)
        if not value:
            continue
        for text in (value,) if isinstance(value, str) else value:
            found = _words(text)
            if found:
                words = found if not words else words | found
    return words


#: Every sentence that `_UPDATE_CUE` matches holds one of these (a cheap test first).
_CUE_STEMS = ("increas", "rais", "boost", "expand", "top", "bring", "brought", "upped")


@lru_cache(maxsize=4_096)
def _is_update(quote: str) -> bool:
    """True when a sentence raises an earlier figure ("increases its contribution to")."""
    lower = quote.lower()
    if not any(stem in lower for stem in _CUE_STEMS):
        return False
    return _UPDATE_CUE.search(quote) is not None


def _half_unit(value: Decimal) -> Decimal:
    """Half the unit of the last significant digit: 92000000 is 92 million give or take 0.5."""
    if not value:
        return Decimal(0)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(5).scaleb(exponent - 1)


@lru_cache(maxsize=65_536)
def _value_bounds(value: Decimal, qualifier: Qualifier) -> tuple[Decimal, Decimal]:
    """The values a figure stands for, given its qualifier and its rounding.

    Exact: the value give or take half its last significant digit, at most 2.5%. Over: up to
    15% more. Under or up to: down to 15% less. About: within 10%.
    """
    if qualifier is Qualifier.EXACT:
        slack = min(_half_unit(value), value * _PERCENT_2_5)
        return value - slack, value + slack
    if qualifier is Qualifier.OVER:
        return value, value * _OVER_SLACK
    if qualifier in (Qualifier.UNDER, Qualifier.UP_TO):
        return value * _UNDER_SLACK, value
    return value * _ABOUT_LOW, value * _ABOUT_HIGH


def _bounds(figure: Money | Factor) -> tuple[Decimal, Decimal]:
    """The values an amount (or a growth factor) stands for; see `_value_bounds`."""
    return _value_bounds(figure.value, figure.qualifier)


def amounts_agree(a: Money, b: Money) -> bool:
    """True when two amounts may tell one figure: same currency, equal within rounding.

    Each amount stands for an interval of values: an exact figure for itself give or take
    half its last significant digit (at most 2.5%), "over" for up to 15% more, "up to" and
    "under" for down to 15% less, "about" for 10% either way. Two amounts agree when their
    intervals meet. (Growth factors of production increases are compared the same way.)

    >>> from timeline.money import Qualifier
    >>> amounts_agree(Money(92_000_000, "EUR"), Money(90_000_000, "EUR", Qualifier.OVER))
    True
    >>> amounts_agree(Money(87_000_000, "EUR"), Money(100_000_000, "EUR"))
    False
    >>> amounts_agree(Money(92_000_000, "EUR"), Money(92_000_000, "USD"))
    False
    """
    if a.currency != b.currency:
        return False
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    return a_low <= b_high and b_low <= a_high


def _precision_key(figure: Money | Factor) -> tuple[int, int, Decimal, str]:
    """Sorts the most precise figure first: exact before qualified, more digits first."""
    digits = len(figure.value.normalize().as_tuple().digits) if figure.value else 0
    exact = 0 if figure.qualifier is Qualifier.EXACT else 1
    return (exact, -digits, figure.value, figure.qualifier.value)


def _band(value: Decimal) -> int:
    return -(10**6) if value <= 0 else math.floor(math.log(float(value)) / _BAND)


#: The unit of a growth factor, beside the currencies of amounts.
_TIMES = "x"


def _figure(event: Fact) -> Money | Factor | None:
    """What a fact counts: its amount of money, or, for a production increase, its factor."""
    if isinstance(event, ProductionIncreased):
        return event.factor
    return getattr(event, "amount", None)


def _unit(figure: Money | Factor) -> str:
    return figure.currency if isinstance(figure, Money) else _TIMES


class _Features:
    """What the merge rule reads of one report, computed once."""

    __slots__ = (
        "article",
        "category",
        "closed",
        "end",
        "figure",
        "high",
        "low",
        "package",
        "sharp",
        "span",
        "start",
        "unit",
        "update",
        "value",
        "words",
    )

    def __init__(self, item: Item) -> None:
        event = item.event
        span = event.occurred
        self.span = span
        self.article: str | None = event.provenance.article_id
        self.package: int | None = getattr(event, "package_number", None)
        self.category: str | None = getattr(event, "category", None)
        figure = _figure(event)
        self.unit: str | None = None
        self.value: Decimal | None = None
        self.low: Decimal | None = None
        self.high: Decimal | None = None
        self.figure: tuple[Decimal, Qualifier] | None = None
        if figure is not None:
            self.unit, self.value = _unit(figure), figure.value
            self.low, self.high = _bounds(figure)
            self.figure = (figure.value, figure.qualifier)
        self.words = _content(event)
        early, late = span.earliest, span.latest
        self.start = _FAR_PAST if early is None else early.toordinal()
        self.end = _FAR_FUTURE if late is None else late.toordinal()
        self.closed = early is not None and late is not None
        self.sharp = self.closed and self.end - self.start <= 6
        quote = event.provenance.quote
        self.update = (
            figure is not None
            and isinstance(event, AidCommitted)
            and quote is not None
            and _is_update(quote)
        )


def _near(a: _Features, b: _Features) -> bool:
    """True when two overlapping spans pin one time: both are closed, or the days they are
    anchored to (the latest day each allows, else its earliest) are at most 14 days apart.

    An undated "../2024-03-08" overlaps every earlier day; it is near "2024-03-07", not near
    "2019-05-02".
    """
    if a.closed and b.closed:
        return True
    x = a.end if a.end != _FAR_FUTURE else a.start
    y = b.end if b.end != _FAR_FUTURE else b.start
    if x in (_FAR_PAST, _FAR_FUTURE) or y in (_FAR_PAST, _FAR_FUTURE):
        return False
    return abs(x - y) <= _NEAR_DAYS


def _relation(a: _Features, b: _Features) -> int:
    """How surely two reports of one kind and partners tell one fact (0: not at all).

    The rule of `same_fact`, in the order it is checked.
    """
    if a.article is not None and a.article == b.article:
        return _UNRELATED  # one article reports each of its facts once
    same_package = False
    if a.package is not None and b.package is not None:
        if a.package != b.package:
            return _UNRELATED
        same_package = True
    if a.category and b.category and a.category != b.category and not same_package:
        return _UNRELATED
    overlap = a.start <= b.end and b.start <= a.end
    if not overlap and not same_package:
        return _UNRELATED
    both = a.unit is not None and b.unit is not None
    equal = agree = False
    if both:
        if a.unit != b.unit:
            return _UNRELATED  # never converted, so never compared
        assert a.low is not None
        assert a.high is not None
        assert b.low is not None
        assert b.high is not None
        equal = a.figure == b.figure
        agree = equal or (a.low <= b.high and b.low <= a.high)
    if a.update != b.update and not agree:
        return _UNRELATED  # a raise is linked to the pledge it raises, not merged with it
    shared = not a.words.isdisjoint(b.words)
    if same_package:
        return _AGREE_PACKAGE if overlap and (agree or not both) else _CONFLICT_PACKAGE
    if a.words and b.words and not shared:
        return _UNRELATED  # both say what they are about, and it differs
    if both:
        if agree:
            if a.unit == _TIMES and not shared and (a.words or b.words):
                return _UNRELATED  # "doubled" is common: a factor needs its sector to agree
            if shared or _near(a, b):
                return _AGREE_EXACT if equal else _AGREE_AMOUNT
            return _UNRELATED
        # A conflict needs the same subject: one's content words all among the other's.
        alike = bool(a.words) and bool(b.words) and (a.words <= b.words or b.words <= a.words)
        return _CONFLICT_CONTENT if alike and a.closed and b.closed else _UNRELATED
    if shared:
        return _AGREE_CONTENT if _near(a, b) else _UNRELATED
    if a.unit is None and b.unit is None and a.sharp and b.sharp:
        return _AGREE_DATE
    return _UNRELATED


def same_fact(a: Fact, b: Fact) -> bool:
    """True when two reports tell one fact (agreeing or in conflict): the merge rule.

    Two reports are one fact when all of these hold:

    1. they are of one kind and name the same partners;
    2. they come from different articles (an article reports each of its facts once);
    3. their package numbers, when both have one, are equal; unless they are, their
       categories, when both have one, are equal, and their content words (items, scope,
       product, companies, parties, format, participants, sector; generic words such as
       "military" do not count), when both have some, share one;
    4. their occurred dates overlap (unless the package numbers are equal: then dates that
       disagree make a conflict);
    5. and there is evidence beyond the overlap:

       - the same package number;
       - amounts in one currency (for production increases: factors, with a shared sector
         word unless neither names one) that agree within rounding (`amounts_agree`), with
         dates that pin one time (both closed, or the days they are anchored to within 14
         days) or a shared content word;
       - amounts that disagree beyond rounding, the same subject (the content words of one
         all among the other's) and both dates closed: one fact in *conflict*;
       - when at most one of them has an amount: a shared content word with dates that pin
         one time;
       - when neither has an amount, and at most one has content words: both dates closed
         and at most a week long.

    A report that raises a figure ("increases its contribution to") is not merged with a
    report of another figure; `link_updates` links it to the pledge it raises.

    >>> from datetime import date
    >>> from timeline.money import Qualifier
    >>> a = AidCommitted(partners=("DE", "DK", "NO"), occurred=DateSpan.day(date(2024, 2, 9)),
    ...     provenance=Provenance(article_id="a"), amount=Money(92_000_000, "EUR"))
    >>> b = AidCommitted(partners=("DE", "DK", "NO"),
    ...     occurred=DateSpan.on_or_before(date(2024, 2, 12)),
    ...     provenance=Provenance(article_id="b"), amount=Money(90_000_000, "EUR", Qualifier.OVER))
    >>> same_fact(a, b), same_fact(a, attrs.evolve(b, provenance=Provenance(article_id="a")))
    (True, False)
    """
    if a.kind != b.kind or a.partners != b.partners or a.id == b.id:
        return False
    return _relation(_Features(_report(0, a, None)), _Features(_report(0, b, None))) > 0


def _candidate_pairs(features: Sequence[_Features]) -> Iterable[tuple[int, int]]:
    """The pairs of reports (indices in bucket order) worth comparing: those sharing a key."""
    n = len(features)
    if n <= _SMALL_BUCKET:
        return combinations(range(n), 2)
    groups: dict[tuple[Any, ...], list[int]] = {}
    counts: dict[str, int] = {}
    for f in features:
        for word in f.words:
            counts[word] = counts.get(word, 0) + 1
    for i, f in enumerate(features):
        if f.package is not None:
            groups.setdefault(("package", f.package), []).append(i)
        if f.value is not None:
            band = _band(f.value)
            groups.setdefault(("figure", f.unit, band), []).append(i)
            groups.setdefault(("figure", f.unit, band + 1), []).append(i)
        # Its rarest words: a pair that shares only common words is found through another key
        # or not at all (a common word is weak evidence).
        keys: Iterable[str] = f.words
        if len(f.words) > _KEY_WORDS:
            keys = sorted(f.words, key=lambda w: (counts[w], w))[:_KEY_WORDS]
        for word in keys:
            groups.setdefault(("word", word), []).append(i)
        if f.sharp and f.unit is None:  # dates alone relate only reports with no figure
            week = f.start // 7
            groups.setdefault(("week", week), []).append(i)
            groups.setdefault(("week", week + 1), []).append(i)
    # Members are in the bucket's order (by the latest day a report allows), so the reports
    # of one fact sit close together. Each is paired with its next few members that may be
    # related through this key (`_may_relate`).
    pairs: set[tuple[int, int]] = set()
    for key, members in groups.items():
        size = len(members)
        how = key[0]
        any_pair, by_figure = how == "package", how == "figure"
        for x in range(size - 1):
            i = members[x]
            a = features[i]
            start, end, article = a.start, a.end, a.article
            taken = 0
            for y in range(x + 1, min(size, x + 1 + _SCAN)):
                j = members[y]
                if not any_pair:
                    b = features[j]
                    if b.start > end or start > b.end or (article and article == b.article):
                        continue
                    if not _may_relate(a, b, by_figure):
                        continue
                pairs.add((i, j))
                taken += 1
                if taken == _WINDOW:
                    break
    return pairs


def _may_relate(a: _Features, b: _Features, by_figure: bool) -> bool:
    """A quick test that two reports of other articles with overlapping dates, sharing a
    figure band (`by_figure`), a word or a week, may be related: through a figure band, when
    their figures agree and their dates pin one time; through a word or week, either.

    A pair that needs a shared word is found through that word's group, so a figure band
    need not offer it; a shared package number is always worth a look.
    """
    agree = (
        a.low is not None
        and b.low is not None
        and a.unit == b.unit
        and b.low <= a.high  # type: ignore[operator]
        and a.low <= b.high  # type: ignore[operator]
    )
    if by_figure:
        return agree and _near(a, b)
    return agree or _near(a, b)


class _Components:
    """Union-find over the reports of a bucket, keeping what each fact so far allows.

    Per fact: its articles, its unit, and the days and values all its reports allow. An
    agreeing link may join two facts only when those still meet; a conflict link may join
    them anyway (then the fact allows the span over both, and is in conflict).
    """

    def __init__(self, features: Sequence[_Features]) -> None:
        self.parent = list(range(len(features)))
        self.articles: list[set[str]] = [{f.article} if f.article else set() for f in features]
        self.unit: list[str | None] = [f.unit for f in features]
        self.days: list[tuple[int, int]] = [(f.start, f.end) for f in features]
        self.values: list[tuple[Decimal, Decimal] | None] = [
            None if f.low is None or f.high is None else (f.low, f.high) for f in features
        ]

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int, conflict: bool) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or not self.articles[a].isdisjoint(self.articles[b]):
            return
        if self.unit[a] and self.unit[b] and self.unit[a] != self.unit[b]:
            return
        (a_start, a_end), (b_start, b_end) = self.days[a], self.days[b]
        days = (max(a_start, b_start), min(a_end, b_end))
        if days[0] > days[1]:
            if not conflict:
                return
            days = (min(a_start, b_start), max(a_end, b_end))
        a_values, b_values = self.values[a], self.values[b]
        values = a_values or b_values
        if a_values is not None and b_values is not None:
            (a_low, a_high), (b_low, b_high) = a_values, b_values
            values = (max(a_low, b_low), min(a_high, b_high))
            if values[0] > values[1]:
                if not conflict:
                    return
                values = (min(a_low, b_low), max(a_high, b_high))
        if len(self.articles[a]) < len(self.articles[b]):
            a, b = b, a
        self.parent[b] = a
        self.articles[a] |= self.articles[b]
        self.unit[a] = self.unit[a] or self.unit[b]
        self.days[a] = days
        self.values[a] = values


def _cluster(features: Sequence[_Features]) -> list[list[int]]:
    """Group reports (indices in a canonical order) into facts.

    Links are the related pairs, made strongest first (ties in canonical order). A link is
    not made when it would put two reports of one article, or two currencies, into one fact,
    nor, unless the link is a conflict, when the fact's reports would no longer share a day or
    a value: a chain of agreeing reports does not make a conflict.
    """
    edges = []
    for i, j in _candidate_pairs(features):
        strength = _relation(features[i], features[j])
        if strength:
            edges.append((-strength, i, j))
    edges.sort()
    components = _Components(features)
    for strength, i, j in edges:
        components.join(i, j, conflict=-strength in _CONFLICTS)
    facts: dict[int, list[int]] = {}
    for i in range(len(features)):
        facts.setdefault(components.find(i), []).append(i)
    return list(facts.values())


def _hull(spans: Iterable[DateSpan]) -> DateSpan:
    """The smallest span holding all of `spans`, in the coarsest precision that fits."""
    spans = list(spans)
    starts = [s.earliest for s in spans]
    ends = [s.latest for s in spans]
    early = None if None in starts else min(d for d in starts if d is not None)
    late = None if None in ends else max(d for d in ends if d is not None)
    if early is None and late is None:
        return DateSpan.unknown()
    for precision in sorted({s.precision for s in spans}, key=lambda p: -p.rank):
        try:
            return DateSpan(early, late, precision)
        except DateError:
            continue
    return DateSpan.between(early, late)


def _width(span: DateSpan) -> int:
    if span.earliest is None or span.latest is None:
        return 10**7 if span.earliest is None and span.latest is None else 10**6
    return (span.latest - span.earliest).days


def _source_key(source: Source) -> tuple[date, str, str, int, str]:
    return (
        source.published or date.min,
        source.outlet or "",
        source.article_id or "",
        -1 if source.start is None else source.start,
        source.quote or "",
    )


def _outlet(report: Item) -> tuple[str, str]:
    """Who reported: the outlet's name, else the article, else the event itself."""
    provenance = report.event.provenance
    if provenance.outlet and provenance.outlet.strip():
        return ("outlet", " ".join(provenance.outlet.casefold().split()))
    if provenance.article_id:
        return ("article", provenance.article_id)
    return ("event", report.id)


def _figure_key(figure: Money | Factor | None) -> tuple[Any, ...]:
    if figure is None:
        return (Decimal(-1), "", "")
    return (figure.value, _unit(figure), figure.qualifier.value)


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
                sorted(
                    (s for r in groups[amount, factor, span] for s in r.sources), key=_source_key
                )
            ),
            factor,
        )
        for amount, factor, span in sorted(groups, key=key)
    )


def _lower_bound(figure: Money | Factor) -> Money | Factor:
    if isinstance(figure, Money):
        return Money(figure.value, figure.currency, Qualifier.OVER)
    return Factor(figure.value, Qualifier.OVER)


def _combine(reports: Sequence[Item]) -> Item:
    """The item of one fact that several `reports` (single-report items) tell."""
    reports = sorted(reports, key=lambda r: r.id)
    span: DateSpan | None = reports[0].occurred
    for report in reports[1:]:
        span = None if span is None else span.intersection(report.occurred)
    date_conflict = span is None
    occurred = _hull(r.occurred for r in reports) if span is None else span
    figures = [f for r in reports if (f := _figure(r.event)) is not None]
    counted: Money | Factor | None = None
    chosen: Money | Factor | None = None
    figure_conflict = False
    if figures:
        bounds = [_bounds(f) for f in figures]
        lowest_high = min(high for _, high in bounds)
        highest_low = max(low for low, _ in bounds)
        figure_conflict = len({_unit(f) for f in figures}) > 1 or highest_low > lowest_high
        if figure_conflict:
            chosen = min(figures, key=lambda f: (f.value, _precision_key(f)))
            counted = _lower_bound(chosen)
        else:
            chosen = counted = min(figures, key=_precision_key)

    def representative(report: Item) -> tuple[int, int, str]:
        same = chosen is not None and _figure(report.event) == chosen
        return (0 if same else 1, _width(report.occurred), report.id)

    best = min(reports, key=representative)
    changes: dict[str, Any] = {"id": reports[0].id, "occurred": occurred}
    if counted is not None:
        changes["factor" if isinstance(counted, Factor) else "amount"] = counted
    event = attrs.evolve(best.event, **changes)
    corrected = sorted(r.corrects for r in reports if r.corrects is not None)
    return Item(
        id=reports[0].id,
        kind=best.kind,
        occurred=occurred,
        event=event,
        seq=min(r.seq for r in reports),
        event_ids=tuple(r.id for r in reports),
        sources=tuple(sorted((s for r in reports for s in r.sources), key=_source_key)),
        shared=best.shared,
        corrects=corrected[0] if corrected else None,
        corroboration=len({_outlet(r) for r in reports}),
        conflict=date_conflict or figure_conflict,
        reports=tuple(reports),
    )


def _merge(reports: Sequence[Item]) -> list[Item]:
    """Merge single-report items with distinct ids into one item per fact (any order out)."""
    buckets: dict[tuple[str, tuple[str, ...]], list[Item]] = {}
    for report in reports:
        buckets.setdefault((report.kind, report.event.partners), []).append(report)
    merged: list[Item] = []
    for bucket in buckets.values():
        if len(bucket) == 1:
            merged.append(bucket[0])
            continue
        bucket.sort(key=_bucket_key)
        for component in _cluster([_Features(r) for r in bucket]):
            if len(component) == 1:
                merged.append(bucket[component[0]])
            else:
                merged.append(_combine([bucket[i] for i in component]))
    return merged


def merge_reports(items: Iterable[Item]) -> list[Item]:
    """One item per fact: the reports behind `items` merged by the rule of `same_fact`.

    A pure function of the set of reports: merged items (and the pledges a raise supersedes)
    are taken apart into their reports first, so merging is idempotent, and the reports are
    clustered in an order of their own content, so the result does not depend on the order
    of `items`. Reports are linked strongest relation first; a link that would join two
    reports of one article (or two currencies) is not made. A merged item's date is the
    intersection of its reports' dates (the sharpest report wins; when they do not meet, the
    span over all of them, in conflict); its amount is the most precise agreeing one (exact
    before qualified, more significant digits first), or, in conflict, the lowest reported,
    as a lower bound.

    Returned in chronological order (ties by id).
    """
    reports: dict[str, Item] = {}
    for item in items:
        for each in item.walk():
            single = attrs.evolve(each, supersedes=()) if each.supersedes else each
            for report in each.reports or (single,):
                held = reports.get(report.id)
                if held is None or (report.seq, report.corrects or "") < (
                    held.seq,
                    held.corrects or "",
                ):
                    reports[report.id] = report
    return sorted(_merge(list(reports.values())), key=_canonical)


def _articles(item: Item) -> set[str]:
    return {s.article_id for s in item.sources if s.article_id is not None}


def _is_raise(item: Item) -> bool:
    return item.amount is not None and any(
        s.quote is not None and _is_update(s.quote) for s in item.sources
    )


def _raises(update: Item, earlier: Item) -> bool:
    """True when `update` may raise `earlier`: a smaller pledge in its currency, before it."""
    new, old = update.amount, earlier.amount
    if new is None or old is None or new.currency != old.currency or old.value >= new.value:
        return False
    if not _articles(update).isdisjoint(_articles(earlier)):
        return False
    start, end = earlier.occurred.earliest, update.occurred.latest
    if start is not None and end is not None and start > end:
        return False
    reported = [s.published for s in earlier.sources if s.published is not None]
    raised = [s.published for s in update.sources if s.published is not None]
    if reported and raised and min(reported) > max(raised):
        return False
    new_words, old_words = _content(update.event), _content(earlier.event)
    return not (new_words and old_words and new_words.isdisjoint(old_words))


def link_updates(items: Iterable[Item]) -> list[Item]:
    """Nest each pledge that a later report raised under the report that raised it.

    A commitment whose report raises a figure ("increases its contribution to €250 million",
    "raised to", "brings the total to") supersedes one earlier commitment of the same
    partners: a smaller amount in the same currency, from other articles, dated no later and
    reported no later, about the same things when both say what they are about. Of several,
    the one with a shared content word, then the latest, then the largest. The superseded
    item moves into ``supersedes`` of the raise, so totals count the larger figure once.
    Raises are settled in date order, so a pledge raised twice ends up under the last raise.
    """
    out: list[Item] = []
    buckets: dict[tuple[str, ...], list[Item]] = {}
    for item in items:
        if item.kind == AidCommitted.kind and item.amount is not None:
            buckets.setdefault(item.partners, []).append(item)
        else:
            out.append(item)
    for bucket in buckets.values():
        raises = sorted((i for i in bucket if _is_raise(i)), key=_canonical)
        if not raises or len(bucket) == 1:
            out.extend(bucket)
            continue
        live = {i.id: i for i in bucket}
        for raise_ in raises:
            current = live.get(raise_.id)
            if current is None:
                continue
            words = _content(current.event)
            targets = [t for t in live.values() if t.id != current.id and _raises(current, t)]
            if not targets:
                continue

            def key(t: Item, words: frozenset[str] = words) -> tuple[Any, ...]:
                assert t.amount is not None
                shared = not words.isdisjoint(_content(t.event))
                return (shared, *t.occurred.sort_key(), t.amount.value, t.id)

            earlier = max(targets, key=key)
            del live[earlier.id]
            live[current.id] = attrs.evolve(current, supersedes=(*current.supersedes, earlier))
        out.extend(live.values())
    return out


# -- history -------------------------------------------------------------------------------------


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


def history(records: Iterable[Recorded], partner: str) -> list[HistoryEntry]:
    """Every fact about `partner` the log ever held, in occurred order (ties by position).

    Retracted and corrected facts stay in the history, marked so; a correction's
    replacement appears as its own entry, naming the fact it corrects. Each active entry
    names the fact it reports (``fact``), merged with the other reports of that fact.
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
    in_force = amendments_in_force(amendments)
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
    entries = _with_facts(entries)
    entries.sort(key=lambda e: (*e.event.occurred.sort_key(), e.seq, e.event.id))
    return entries


def _with_facts(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """The entries, each active one naming the merged fact it reports."""
    reports: list[Item] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.status is Status.ACTIVE and entry.event.id not in seen:
            seen.add(entry.event.id)
            reports.append(_report(entry.seq, entry.event, entry.corrects))
    fact_of: dict[str, tuple[Item, str | None]] = {}
    for top in link_updates(_merge(reports)):
        for item in top.walk():
            for event_id in item.event_ids:
                fact_of[event_id] = (item, None if item is top else top.id)
    return [
        attrs.evolve(entry, fact=found[0], superseded_by=found[1])
        if entry.status is Status.ACTIVE and (found := fact_of.get(entry.event.id))
        else entry
        for entry in entries
    ]
