"""Fast as-of queries: one partner's state at any date, without folding the log again.

`AsOfIndex` answers ``state(partner, as_of=D, ...)`` with exactly the `PartnerState` that
``project_partner(log.read(partner=partner), partner, as_of=D, ...)`` gives (what
`timeline.Timeline.state` computes), but folds each partner's records only once per
*knowledge*: the reports known and recorded under the query's ``known_at`` and
``recorded_by`` (and read as surely as its ``min_confidence``). A property test
(``tests/test_checkpoints.py``) checks the equality over random logs with amendments, merged
reports and raised pledges, at random times.

How it works. The fold merges reports and applies amendments before it looks at ``as_of``;
``as_of`` only keeps the merged facts whose date is in time, then links raised pledges and
sums the totals. So the index keeps, per partner and knowledge, the state with no ``as_of``
(every fact in force, each section sorted as the fold sorts it) and derives the state at
any date from it:

- in ``possible`` mode the facts in time are a prefix of each section (sections are sorted by
  the earliest day), found by bisection;
- in ``certain`` mode the facts with no start come first, ordered by their end, so those in
  time are again a prefix; the others are sorted by start, and a running maximum of the ends
  of the short ones (a quarter or less) marks the leading run in which they all ended by
  ``D``; the long ones (years, long ranges) have a running maximum of their own, so only the
  long facts that started shortly before ``D`` and the facts that started after the run are
  tested one by one, at C speed; the result is one slice with those few taken out;
- committed totals come from checkpoints: running sums per currency every
  `CHECKPOINT_EVERY` commitments in the order they come into time, plus the few since the
  last checkpoint.

When a partner's records hold raised pledges (`link_updates` nests one pledge under
another), the linking depends on which pledges are in time: the index then links the
commitments in time at each query (still without merging again). Knowledge that differs
from "everything recorded" (an earlier ``known_at`` or ``recorded_by``) folds once per
distinct value and is kept in a small cache. New records appended to the log are read on
the next query; the partners they name are folded again when next asked for.

With a `timeline.fold.stored.ProjectionStore` (what `timeline.Timeline` passes when its file
holds stored projections), a question at the current knowledge about a partner the store
is current for is answered from it instead: SQL selects the facts in time (the same
prefix rules, on stored day ordinals), totals are summed from stored amounts, and the
state's sections are lazy `timeline.fold.state.Items`: nothing of the partner's history is read
or folded, so a cold process answers in milliseconds. After `STORED_ANSWERS` questions about
one partner (or `AsOfIndex.warm`), its records are folded into memory as above, for the
speed of the in-memory index.

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import AidCommitted, Provenance
>>> from timeline.log import MemoryLog
>>> from timeline.money import Money
>>> log = MemoryLog()
>>> _ = log.append([AidCommitted(partners=("NL",), occurred=DateSpan.month(2024, 1),
...     provenance=Provenance(article_id="a", published=date(2024, 1, 31)),
...     amount=Money(87_000_000, "EUR"))])
>>> index = AsOfIndex(log)
>>> str(index.state("NL", as_of=date(2024, 2, 1)).committed_totals["EUR"])
'87000000 EUR'
>>> index.state("NL", as_of=date(2024, 1, 15)).commitments
()
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import compress
from typing import Any

import attrs

from timeline.events import Confidence
from timeline.fold.project import project_partner
from timeline.fold.raises import link_updates
from timeline.fold.state import (
    COMMITMENTS,
    SECTIONS,
    Item,
    Mode,
    PartnerState,
    add_amount,
    chronological_key,
    totals,
)
from timeline.fold.stored import Bounds, ProjectionStore, Stored
from timeline.log import EventLog
from timeline.money import Money

__all__ = ["CHECKPOINT_EVERY", "STORED_ANSWERS", "AsOfIndex"]

#: Questions about one partner answered from the store before its records are folded into
#: memory (a question from the store reads SQL rows; one from memory slices arrays).
STORED_ANSWERS = 16

#: Commitments between two checkpoints of the committed totals.
CHECKPOINT_EVERY = 4

#: Facts at most this many days long are "short" for the certain-mode search (a quarter).
SHORT_DAYS = 92

_MIN, _MAX = date.min, date.max

#: What a query keeps of a partner's records: (known_at, recorded_by, min_confidence).
_Knowledge = tuple[date | None, int | None, Confidence | None]
#: The knowledge that keeps every record.
_EVERYTHING: _Knowledge = (None, None, None)


class _Section:
    """One section of the no-``as_of`` state, arranged for prefix queries in both modes.

    Dates are kept as day ordinals in arrays: contiguous, so that a bisection or a filter
    over a large partner does not chase a pointer to a date object per step. In certain
    mode the facts with a start are split by length: a running maximum of the ends of the
    short ones (at most `SHORT_DAYS` long) finds the leading run in which they all ended;
    the long ones (years, long ranges) have a running maximum of their own, so that only
    the few that started shortly before the date are checked one by one.
    """

    __slots__ = ("front", "front_late", "late", "long_late", "long_max_late", "long_positions",
                 "possible", "possible_keys", "rest", "rest_early", "short_max_late")  # fmt: skip

    def __init__(self, items: Sequence[Item]) -> None:
        # possible mode: in time when the start is unknown or by D; sorted by start.
        items = tuple(items)
        self.possible = items
        self.possible_keys = _days(i.occurred.earliest or _MIN for i in items)
        # certain mode: in time when the end is known and by D.
        ended = [i for i in items if i.occurred.latest is not None]
        front = [i for i in ended if (i.occurred.earliest or _MIN) == _MIN]
        rest = ended[len(front) :]
        self.front = tuple(front)
        self.front_late = _days(i.occurred.latest or _MAX for i in front)
        self.rest = tuple(rest)
        self.rest_early = _days(i.occurred.earliest or _MIN for i in rest)
        self.late = _days(i.occurred.latest or _MAX for i in rest)
        self.short_max_late = array("i")
        self.long_positions = array("i")
        self.long_late = array("i")
        self.long_max_late = array("i")
        short_max = long_max = 0
        for position, (early, late) in enumerate(zip(self.rest_early, self.late, strict=True)):
            if late - early <= SHORT_DAYS:
                short_max = max(short_max, late)
            else:
                long_max = max(long_max, late)
                self.long_positions.append(position)
                self.long_late.append(late)
                self.long_max_late.append(long_max)
            self.short_max_late.append(short_max)

    def in_time(self, day: int, mode: Mode) -> tuple[Item, ...]:
        """The items in time on the day of ordinal `day`, in section order."""
        items = self.possible
        if not items:
            return ()
        if mode is Mode.POSSIBLE:
            end = bisect_right(self.possible_keys, day)
            return items if end == len(items) else items[:end]
        rest = self.rest
        started = bisect_right(self.rest_early, day)
        sure = min(bisect_right(self.short_max_late, day), started)
        # Every short fact before `sure` ended by the date; of the long ones, those after the
        # leading run of the long ones that all ended are checked.
        longs = bisect_left(self.long_positions, sure)
        checked = bisect_right(self.long_max_late, day)
        skip: list[int] = []
        if checked < longs:
            late = self.long_late[checked:longs]
            skip = list(compress(self.long_positions[checked:longs], map(day.__lt__, late)))
        front = bisect_right(self.front_late, day)
        if not skip and not front and sure == started:
            return rest[:sure]
        # One list, extended by slices (copied at C speed), then one tuple.
        out = list(self.front[:front])
        out += rest[:sure]
        for position in reversed(skip):
            del out[front + position]
        if sure < started:
            out += compress(rest[sure:started], map(day.__ge__, self.late[sure:started]))
        return tuple(out)


def _days(days: Iterable[date]) -> array[int]:
    return array("i", [d.toordinal() for d in days])


class _Totals:
    """Checkpoints of the committed totals along the order commitments come into time."""

    __slots__ = ("amounts", "keys", "snapshots")

    def __init__(self, commitments: Iterable[Item], key: Callable[[Item], date | None]) -> None:
        timed = sorted(
            (k, n, item.amount)
            for n, item in enumerate(commitments)
            if item.amount is not None and (k := key(item)) is not None
        )
        self.keys = [k for k, _, _ in timed]
        self.amounts: list[Money] = [a for _, _, a in timed if a is not None]
        running: dict[str, Money] = {}
        self.snapshots: list[dict[str, Money]] = []
        for n, amount in enumerate(self.amounts):
            if n % CHECKPOINT_EVERY == 0:
                self.snapshots.append(dict(running))
            add_amount(running, amount)
        if len(self.amounts) % CHECKPOINT_EVERY == 0:
            self.snapshots.append(running)

    def at(self, day: date) -> dict[str, Money]:
        end = bisect_right(self.keys, day)
        checkpoint = end // CHECKPOINT_EVERY
        sums = dict(self.snapshots[checkpoint])
        for amount in self.amounts[checkpoint * CHECKPOINT_EVERY : end]:
            add_amount(sums, amount)
        return dict(sorted(sums.items()))


def _certain_key(item: Item) -> date | None:
    return item.occurred.latest


def _possible_key(item: Item) -> date | None:
    return item.occurred.earliest or _MIN


class _Derived:
    """The no-``as_of`` state of one partner under one knowledge, and what derives from it."""

    def __init__(self, full: PartnerState) -> None:
        self.full = full
        commitments: Sequence[Item] = full.commitments
        self.linked = any(item.supersedes for item in commitments)
        if self.linked:
            # Take the raised pledges apart again: linking is redone on what is in time.
            flat = [
                attrs.evolve(inner, supersedes=()) if inner.supersedes else inner
                for item in commitments
                for inner in item.walk()
            ]
            commitments = tuple(sorted(flat, key=chronological_key))
        self.sections = {
            name: _Section(commitments if name == COMMITMENTS else full.section(name))
            for name in SECTIONS
        }
        self.totals: dict[Mode, _Totals] = {}
        if not self.linked:
            self.totals[Mode.CERTAIN] = _Totals(commitments, _certain_key)
            self.totals[Mode.POSSIBLE] = _Totals(commitments, _possible_key)

    def state(
        self, as_of: date, known_at: date | None, recorded_by: int | None, mode: Mode
    ) -> PartnerState:
        day = as_of.toordinal()
        sections = {name: s.in_time(day, mode) for name, s in self.sections.items()}
        if self.linked:
            linked = sorted(link_updates(sections[COMMITMENTS]), key=chronological_key)
            sections[COMMITMENTS] = tuple(linked)
            sums = totals(linked)
        else:
            sums = self.totals[mode].at(as_of)
        changes: dict[str, Any] = {
            "as_of": as_of,
            "known_at": known_at,
            "recorded_by": recorded_by,
            "mode": mode,
            "committed_totals": sums,
            **sections,
        }
        return attrs.evolve(self.full, **changes)


class _Partner:
    """The records of one partner, and the bounds that tell when a knowledge is "all".

    A partner whose state came from a `ProjectionStore` has its bounds and its answers at the
    current knowledge from there (``stored``), and its records (``None``) read only when a
    query needs another knowledge than "everything".
    """

    def __init__(self, stored: Stored | None = None) -> None:
        self.records: list[Any] | None = None if stored is not None else []
        self.bounds = Bounds() if stored is None else stored.bounds
        self.stored = stored
        self.answered = 0
        self.derived: dict[_Knowledge, _Derived] = {}

    def add(self, records: Iterable[Any]) -> None:
        if self.records is None:
            self.records = []
        self.records.extend(self.bounds.add(records))
        self.derived.clear()
        self.stored = None

    def knowledge(
        self, known_at: date | None, recorded_by: int | None, confidence: Confidence | None
    ) -> _Knowledge:
        """The query's times and confidence, None where they keep every record of the partner."""
        bounds = self.bounds
        if (
            known_at is not None
            and not bounds.unpublished
            and (bounds.last_published is None or known_at >= bounds.last_published)
        ):
            known_at = None
        if recorded_by is not None and recorded_by >= bounds.last_seq:
            recorded_by = None
        if confidence is not None and confidence.rank == 0:
            confidence = None  # "low" keeps everything
        return known_at, recorded_by, confidence


class AsOfIndex:
    """Answers per-partner as-of queries over `log` from cached folds (see the module docs).

    `cache_size` bounds how many partner-and-knowledge folds other than "everything
    recorded" are kept. With `verify` (the default) every record is read with
    ``verify=True``: checked against the hash chain as it streams, so a forged record
    raises `IntegrityError` instead of being folded. With a `store`
    (`timeline.fold.stored.ProjectionStore` over the same log), a partner first asked for
    starts from its stored state when the store has it for the whole log, and its records
    are read only for a query of another knowledge. Safe to share between threads (queries
    are serialised).
    """

    def __init__(
        self,
        log: EventLog,
        *,
        cache_size: int = 64,
        verify: bool = True,
        store: ProjectionStore | None = None,
    ) -> None:
        """An index over `log`; nothing is read until the first query."""
        self.log = log
        self.verify = verify
        self.store = store
        self._cache_size = cache_size
        self._seq = 0
        self._partners: dict[str, _Partner] = {}
        self._others: OrderedDict[tuple[str, _Knowledge], _Derived] = OrderedDict()
        self._lock = threading.RLock()

    def refresh(self) -> int:
        """Read the records appended since the last query; the log position now indexed."""
        with self._lock:
            last = self.log.last_seq
            if last < self._seq:
                # Not the log that was indexed (a file replaced by an older copy): start over.
                self._partners.clear()
                self._others.clear()
                self._seq = 0
            if last > self._seq and not self._partners:
                self._seq = last  # nothing held yet: each partner is read when first asked for
            elif last > self._seq:
                fresh: dict[str, list[Any]] = {}
                for record in self.log.read(after=self._seq, until=last, verify=self.verify):
                    for partner in record.event.partners:
                        if partner in self._partners:
                            fresh.setdefault(partner, []).append(record)
                for partner, records in fresh.items():
                    if self._partners[partner].records is None:
                        del self._partners[partner]  # from the store: read afresh when asked
                    else:
                        self._partners[partner].add(records)
                self._others = OrderedDict(
                    (k, v) for k, v in self._others.items() if k[0] not in fresh
                )
                self._seq = last
            return self._seq

    def _partner(self, partner: str) -> _Partner:
        held = self._partners.get(partner)
        if held is None:
            stored = self._stored(partner)
            held = _Partner(stored)
            if stored is None:
                held.add(self.log.read(partner=partner, until=self._seq, verify=self.verify))
            self._partners[partner] = held
        return held

    def _stored(self, partner: str) -> Stored | None:
        """`partner`'s stored state, if the store has it for the whole log (a writable store
        is caught up first when it does not)."""
        store = self.store
        if store is None:
            return None
        stored = store.load(partner)
        if stored is None and store.writable and store.ready():
            store.catch_up()
            stored = store.load(partner)
        return stored

    def _read(self, held: _Partner, partner: str) -> list[Any]:
        """`held`'s records; for a partner from the store, read now: those its stored state
        reflects (no later record names it, or the partner would not be held)."""
        if held.records is None:
            held.records = list(
                self.log.read(partner=partner, until=held.bounds.last_seq, verify=self.verify)
            )
        return held.records

    def warm(self, partner: str) -> None:
        """Read and fold `partner`'s records now (even when the store has the partner), so
        that its next queries are answered from memory."""
        with self._lock:
            self.refresh()
            held = self._partner(partner)
            held.stored = None
            self._derived(held, partner, _EVERYTHING)

    def _derived(self, held: _Partner, partner: str, knowledge: _Knowledge) -> _Derived:
        if knowledge == _EVERYTHING:
            derived = held.derived.get(knowledge)
            if derived is None:
                records = self._read(held, partner)
                derived = held.derived[knowledge] = _Derived(project_partner(records, partner))
            return derived
        key = (partner, knowledge)
        other = self._others.get(key)
        if other is None:
            known_at, recorded_by, confidence = knowledge
            full = project_partner(
                self._read(held, partner),
                partner,
                known_at=known_at,
                recorded_by=recorded_by,
                min_confidence=confidence,
            )
            other = self._others[key] = _Derived(full)
            while len(self._others) > self._cache_size:
                self._others.popitem(last=False)
        else:
            self._others.move_to_end(key)
        return other

    def state(
        self,
        partner: str,
        *,
        as_of: date | None = None,
        known_at: date | None = None,
        mode: Mode | str = Mode.CERTAIN,
        recorded_by: int | None = None,
        min_confidence: Confidence | str | None = None,
    ) -> PartnerState:
        """`partner`'s state, equal to the full fold's (`timeline.Timeline.state`)."""
        mode = Mode(mode)
        confidence = None if min_confidence is None else Confidence(min_confidence)
        with self._lock:
            self.refresh()
            held = self._partner(partner)
            knowledge = held.knowledge(known_at, recorded_by, confidence)
            if knowledge == _EVERYTHING and held.stored is not None:
                found = held.stored.at(as_of, mode)
                held.answered += 1
                if held.answered >= STORED_ANSWERS:
                    held.stored = None  # asked often: folded into memory for the next ones
                if found is not None:
                    return attrs.evolve(
                        found, known_at=known_at, recorded_by=recorded_by, mode=mode
                    )
                del self._partners[partner]  # the rows changed meanwhile: load or fold again
                held = self._partner(partner)
            derived = self._derived(held, partner, knowledge)
        if as_of is None:
            return attrs.evolve(derived.full, known_at=known_at, recorded_by=recorded_by, mode=mode)
        return derived.state(as_of, known_at, recorded_by, mode)
