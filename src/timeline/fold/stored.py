"""Projections kept in the store: each partner's facts in force, in the log's own database.

`ProjectionStore` keeps, beside the records of a `SQLiteLog` file or in the schema of a
`PostgresLog` (the dialects differ only in `timeline.fold._store_sql`), each partner's state with
no ``as_of`` and the current knowledge (what ``project_partner(log.read(partner=P), P)``
gives), arranged so that SQL selects the facts of any date:

- ``projection_facts``: one row per fact in force (an `Item`, merged reports and all):
  its section, its place in the section (``ord``, the fold's order: by earliest day), its
  earliest and latest day as ordinals (0 and NULL for open ends), its amount (value text,
  currency, qualifier) for commitments, and its ``body``: its place in calendar order
  (`calendar_bytes`, so that views order and date the facts without decoding them), then
  its canonical bytes, lean and compressed (`timeline.fold._body`). The facts in
  time on a day ``D`` are, per section, a prefix of the rows (those that started by ``D``,
  or with no known start: ``possible`` mode), found through an index on the earliest day;
  in ``certain`` mode those of that prefix that ended by ``D`` (an end at or before ``D``
  implies a start there too).
  Totals are summed from the amount columns of the commitments in time, grouped by value
  (`timeline.fold.state.sum_amounts`: exact, so the same sums as the fold's).
- ``projections``: one row per partner: the tag (the ``seq`` and chain hash of the last
  record when it was folded), its `Bounds`, and whether raised pledges are linked among its
  commitments. For such a partner the commitments are stored flat (each raise without the
  pledges it superseded) and linked again at query time over those in time
  (`link_updates`), as `timeline.fold.asof.AsOfIndex` does.
- ``projection_position``: up to which record the whole set is complete, and the format.

An answer from the store builds no `Item`: its sections are `Items`, decoded as they are
read. Rows are written only by `rebuild` and `catch_up`:

- `ProjectionStore.rebuild` drops every row and folds every partner again, after one read
  of the whole chain, verified as it streams (and the partner index's count of each
  partner checked against the events read). The smallest partners' records, up to a budget
  (`REBUILD_HELD`), are kept from that read (their positions and events) and folded first;
  every other partner's records are read again, verified, one partner and one kind of fact
  at a time (its amendments and articles first), each kind folded with the amendments (of
  that fold only the kind's section is kept: merging, raised pledges and order never cross
  kinds). The facts' rows wait compactly (`timeline.fold._rows.FactRows`: bodies in a
  temporary file) until the partner's last kind is folded, then go in batches. So memory is
  bounded by the budget and by the largest kind of the largest partner's fold.
- `ProjectionStore.catch_up` brings the rows to the end of the log: it accepts the stored
  position only when its tagged hash is the stored hash of that record and that record
  checks against its own bytes and the record before; the records after it are read with
  verification from there (each link checked from the tag on), and only the partners they
  name are folded again (all of a partner's rows replaced in one transaction). A position
  not on the chain (another file, a rewritten log) is dropped and everything rebuilt.
- `ProjectionStore.load` gives a partner's `Stored` handle when its tag is on the chain and
  no record after it names the partner; None otherwise (fold from the log then). Each
  answer through the handle (`Stored.at`, `Stored.state`) is read in one transaction that
  checks the tag again, so rows replaced meanwhile are never mixed with the old ones.

Dropping and rebuilding gives byte-identical rows (a test keeps it so). What the tag does
not protect: a forger who rewrites stored rows themselves, consistently with their tag, is
not seen by `load`; the rows are derived data, and `rebuild` (``timeline rebuild``) derives
them again from the verified chain. Nor does it protect against a record changed after it
was folded: `timeline.Timeline` therefore uses the store only while the log's append-only
triggers are whole (`SQLiteLog.guarded`, `PostgresLog.guarded`), and verifies the whole
chain first otherwise.

>>> import tempfile, pathlib
>>> from datetime import date
>>> from timeline.log import SQLiteLog
>>> from timeline.dates import DateSpan
>>> from timeline.events import MeetingHeld
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.db"
>>> with SQLiteLog(path) as log, ProjectionStore(log) as store:
...     _ = log.append([MeetingHeld(partners=("PL",), occurred=DateSpan.year(2023))])
...     store.catch_up()
...     stored = store.load("PL")
...     len(stored.state.meetings), len(stored.at(date(2023, 6, 1), Mode.CERTAIN).meetings)
1
(1, 0)
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from timeline.errors import IntegrityError, LogError
from timeline.events import KINDS, REGISTRY, ArticleRecorded
from timeline.fold._body import (
    STATE_FORMAT,
    day,
    day_in,
    item_from_body,
    state_bytes,
    state_from_bytes,
)
from timeline.fold._rows import KEY_BYTES, FactRows, batches
from timeline.fold._store_sql import TABLES, StoreConnection, connect
from timeline.fold.project import project_partner
from timeline.fold.raises import link_updates
from timeline.fold.state import (
    COMMITMENTS,
    SECTIONS,
    Entry,
    Item,
    Items,
    Mode,
    PartnerState,
    Recorded,
    chronological_key,
    section_of,
    sum_amounts,
    totals,
)
from timeline.log import GENESIS_HASH, SQLiteLog
from timeline.log._base import Closing
from timeline.money import Qualifier

if TYPE_CHECKING:
    from timeline.log.postgres import PostgresLog

__all__ = ["STATE_FORMAT", "Bounds", "ProjectionStore", "Stored", "state_bytes", "state_from_bytes"]

_TABLES = TABLES

_POSITION = (
    "INSERT INTO projection_position VALUES (1, ?, ?, ?) ON CONFLICT (one) DO UPDATE SET "
    "seq = excluded.seq, hash = excluded.hash, format = excluded.format "
    "WHERE excluded.seq >= projection_position.seq OR excluded.format != projection_position.format"
)
#: A partner's row, replaced (an upsert both SQLite and PostgreSQL read alike).
_UPSERT = (
    "INSERT INTO projections VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partner) DO UPDATE SET "
    "seq = excluded.seq, hash = excluded.hash, last_seq = excluded.last_seq, "
    "last_published = excluded.last_published, unpublished = excluded.unpublished, "
    "linked = excluded.linked"
)
_COMMITMENTS = SECTIONS.index(COMMITMENTS)
_MARKS = ", ".join("?" * 9)
#: How many fact rows go to the database in one call.
_BATCH = 4_096
#: The kinds of fact, which `ProjectionStore._store` reads and folds in groups, and the other
#: kinds (amendments, articles), read first.
_FACT_KINDS = tuple(info.kind for info in REGISTRY)
_OTHER_KINDS = tuple(kind for kind in KINDS if kind not in _FACT_KINDS)
#: The last place in a section of the facts that started by a day (or have no known start).
_PREFIX = (
    "SELECT ord FROM projection_facts WHERE partner = ? AND section = ? AND early <= ? "
    "ORDER BY early DESC, ord DESC LIMIT 1"
)

#: Called by `ProjectionStore.rebuild` after each partner: (partners done, partners).
Progress = Callable[[int, int], None]

#: How many records of one partner `ProjectionStore` folds at once from the log; a partner
#: with more is read and folded in groups of kinds of fact of at most this many records
#: (with its amendments), a kind with more alone.
FOLD_HELD = 50_000

#: How many records `ProjectionStore.rebuild` keeps from its one read of the whole log, to
#: fold the smallest partners from (each other partner is read again on its own). A decoded
#: record held costs ~1 kB; its fold holds ~1 kB more while it runs.
REBUILD_HELD = 100_000


# -- what a partner's records reach ------------------------------------------------------------


@attrs.define
class Bounds:
    """What a partner's records reach: the position of the last, the latest report date of
    the events other than articles, and whether one of those has no report date.

    `timeline.fold.asof.AsOfIndex` uses them to tell a query's knowledge that keeps every
    record (the current knowledge time, a position past the last) from one that does not.
    """

    last_seq: int = 0
    last_published: date | None = None
    unpublished: bool = False

    def add(self, records: Iterable[Recorded]) -> Iterator[Recorded]:
        """`records`, passed through, each counted as it goes by."""
        for record in records:
            self.last_seq = max(self.last_seq, record.seq)
            event = record.event
            if not isinstance(event, ArticleRecorded):
                published = event.provenance.published
                if published is None:
                    self.unpublished = True
                elif self.last_published is None or published > self.last_published:
                    self.last_published = published
            yield record


class Stored:
    """A partner's stored state, as `ProjectionStore.load` accepted it: its `Bounds`, its
    full state (`state`) and its state at any date (`at`), read from the store's rows."""

    def __init__(
        self, store: ProjectionStore, partner: str, tag: tuple[int, str], bounds: Bounds,
        linked: bool,
    ) -> None:  # fmt: skip
        """The handle of `partner`'s rows tagged `tag` in `store`."""
        self.store = store
        self.partner = partner
        self.tag = tag
        self.bounds = bounds
        self.linked = linked
        self._state: PartnerState | None = None

    @property
    def state(self) -> PartnerState:
        """The state with no ``as_of`` at the current knowledge (the whole log's); its
        sections decode their items as they are read. `LogError` if the rows have changed
        since `load` (fold from the log then)."""
        if self._state is None:
            found = self.store._answer(self, None, Mode.CERTAIN)
            if found is None:
                raise LogError(f"the stored state of {self.partner} changed; load it again")
            self._state = found
        return self._state

    def at(self, as_of: date | None, mode: Mode) -> PartnerState | None:
        """The state on `as_of` (None: every fact in force) in `mode` at the current
        knowledge, from the stored rows; None if the rows have changed since `load` (load
        again, or fold from the log)."""
        return self.store._answer(self, as_of, mode)


def _calendar_of_row(body: bytes) -> bytes:
    return body[:KEY_BYTES]


def _item_of_row(body: bytes) -> Item:
    return item_from_body(body[KEY_BYTES:])


def _fold_into(
    facts: FactRows, partner: str, records: Iterable[Recorded], kinds: tuple[str, ...]
) -> None:
    """Fold `partner` from `records` and add the sections of `kinds` to `facts`."""
    state = project_partner(records, partner)
    for kind in kinds:
        name = section_of(kind)
        facts.add(SECTIONS.index(name), state.section(name))


def _kind_groups(counts: dict[str, int], budget: int) -> list[tuple[str, ...]]:
    """Every kind of fact, in groups of at most `budget` records together by `counts` (a
    kind with more is a group alone), fewest groups first-fit, largest kinds first."""
    groups: list[list[str]] = []
    sizes: list[int] = []
    for kind in sorted(_FACT_KINDS, key=lambda k: (-counts.get(k, 0), k)):
        count = counts.get(kind, 0)
        for number, size in enumerate(sizes):
            if size + count <= budget:
                groups[number].append(kind)
                sizes[number] += count
                break
        else:
            groups.append([kind])
            sizes.append(count)
    return [tuple(group) for group in groups]


def _smallest(counts: dict[str, int], held: int) -> set[str]:
    """The partners of `counts` (records per partner) taken smallest first while their
    records together are at most `held`."""
    chosen: set[str] = set()
    total = 0
    for count, partner in sorted((n, p) for p, n in counts.items()):
        if total + count > held:
            break
        chosen.add(partner)
        total += count
    return chosen


def _index_mismatch(indexed: dict[str, int], named: dict[str, int]) -> str:
    """What the partner index counts wrong: the first partner (by id) whose count of
    records in the index (`indexed`) is not the count of records whose events name it."""
    wrong = min(p for p in indexed.keys() | named.keys() if indexed.get(p) != named.get(p))
    return (
        f"the partner index does not match the records: it holds {indexed.get(wrong, 0)} "
        f"records of {wrong}, and {named.get(wrong, 0)} events name {wrong}"
    )


# -- the store ---------------------------------------------------------------------------------


class ProjectionStore(Closing):
    """The partners' states kept in the file or the PostgreSQL schema of `log` (see the
    module docs).

    It opens its own connection to the file or the server (read-only when the log is), so a
    store can be used beside the log by the same process; its calls are serialised (safe to
    share between threads). `LogError` for a log held only in memory.
    """

    def __init__(self, log: SQLiteLog | PostgresLog, *, timeout: float = 5.0) -> None:
        """The store beside `log`: in its file (the tables created on the first write), or in
        its PostgreSQL schema (the tables made by `timeline.log.postgres.setup_schema`)."""
        self.log = log
        self._read_only = log.read_only
        self._db: StoreConnection = connect(log, timeout=timeout)
        self._lock = threading.RLock()
        #: How many records of one partner are folded at once from the log (`FOLD_HELD`).
        self.fold_held = FOLD_HELD

    @property
    def writable(self) -> bool:
        """False when the store's file is open read-only."""
        return not self._read_only

    def close(self) -> None:
        """Close the store's connection (not the log)."""
        self._db.close()

    # -- reading ----------------------------------------------------------------------------------

    def _has_tables(self) -> bool:
        with self._lock:
            return self._db.has_tables()

    def ready(self) -> bool:
        """True when the file holds stored projections of the current format that were once
        complete (a rebuild or a catch-up finished); False when there are none, when they
        are of an older format (``timeline rebuild`` makes them again) or a rebuild is
        under way."""
        return self.position() is not None

    def position(self) -> tuple[int, str] | None:
        """The log position (seq, hash) the stored states are complete up to; None if none."""
        if not self._has_tables():
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT seq, hash FROM projection_position WHERE format = ?", (STATE_FORMAT,)
            ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def partners(self) -> list[str]:
        """Every partner the stored projections hold a state of, and every partner a record
        after their position names (read verified), sorted; empty when there are none."""
        found = self.position()
        if found is None:
            return []
        with self._lock:
            rows = self._db.execute("SELECT partner FROM projections").fetchall()
        named = {str(row[0]) for row in rows}
        for record in self.log.read(after=found[0], verify=True):
            named.update(record.event.partners)
        return sorted(named)

    def _on_chain(self, seq: int, digest: str) -> bool:
        """Whether record `seq` is stored with hash `digest`, checked against its own bytes and
        its link to the record before (a verified read of that one record)."""
        if seq == 0:
            return digest == GENESIS_HASH
        try:
            found = list(self.log.read(after=seq - 1, until=seq, verify=True))
        except IntegrityError:
            return False
        return len(found) == 1 and found[0].hash == digest

    def rows(self) -> list[tuple[Any, ...]]:
        """Every partner's stored rows, by partner: (partner, seq, hash, its fact rows in
        order, then the bounds and whether it links raised pledges): what a rebuild must
        reproduce."""
        if not self._has_tables():
            return []
        with self._lock:
            facts: dict[str, list[tuple[Any, ...]]] = {}
            for row in self._db.execute(
                "SELECT * FROM projection_facts ORDER BY partner, section, ord"
            ):
                facts.setdefault(row[0], []).append(row[1:])
            return [
                (partner, seq, digest, tuple(facts.get(partner, ())), *rest)
                for partner, seq, digest, *rest in self._db.execute(
                    "SELECT * FROM projections ORDER BY partner"
                )
            ]

    def load(self, partner: str) -> Stored | None:
        """`partner`'s stored state, when it is that of the whole log; None otherwise.

        Accepted only when the row's tag is on the chain (record ``seq`` is stored with that
        hash, and checks against its own bytes and the record before) and no record after
        ``seq`` names `partner`. None for a partner with no row: fold it from the log.
        """
        if not self.ready():
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT seq, hash, last_seq, last_published, unpublished, linked "
                "FROM projections WHERE partner = ?",
                (partner,),
            ).fetchone()
        if row is None or not self._on_chain(int(row[0]), str(row[1])):
            return None
        later = self.log.read(partner=partner, after=int(row[0]), verify=True)
        if next(iter(later), None) is not None:
            return None
        bounds = Bounds(int(row[2]), day_in(row[3]), bool(row[4]))
        return Stored(self, partner, (int(row[0]), str(row[1])), bounds, bool(row[5]))

    def _answer(self, stored: Stored, as_of: date | None, mode: Mode) -> PartnerState | None:
        """`stored`'s state on `as_of` (None: every fact in force) in `mode`, read in one
        transaction in which its tag still holds; None if it does not."""
        db, partner = self._db, stored.partner
        with self._lock:
            db.begin_read()
            try:
                tag = db.execute(
                    "SELECT seq, hash FROM projections WHERE partner = ?", (partner,)
                ).fetchone()
                if tag is None or (int(tag[0]), str(tag[1])) != stored.tag:
                    return None
                sections: dict[str, Any] = {}
                sums: dict[str, Any] = {}
                for number, name in enumerate(SECTIONS):
                    where = self._where(partner, number, as_of, mode)
                    if where is None:
                        sections[name] = Items((), _item_of_row, _calendar_of_row)
                        continue
                    sql, params = where
                    found = db.execute(f"SELECT body {sql} ORDER BY ord", params)
                    bodies = [body for (body,) in found]
                    sections[name] = Items(bodies, _item_of_row, _calendar_of_row)
                    if number == _COMMITMENTS and not stored.linked:
                        sums = self._sums(sql, params)
            finally:
                db.commit()
        if stored.linked:
            linked = sorted(link_updates(sections[COMMITMENTS]), key=chronological_key)
            sections[COMMITMENTS] = tuple(linked)
            sums = totals(linked)
        return PartnerState(partner, as_of=as_of, mode=mode, committed_totals=sums, **sections)

    def _where(
        self, partner: str, number: int, as_of: date | None, mode: Mode
    ) -> tuple[str, tuple[Any, ...]] | None:
        """The FROM and WHERE of the rows of section `number` in time on `as_of`; None when
        none is."""
        sql = "FROM projection_facts WHERE partner = ? AND section = ?"
        if as_of is None:
            return sql, (partner, number)
        day_number = as_of.toordinal()
        last = self._db.execute(_PREFIX, (partner, number, day_number)).fetchone()
        if last is None:
            return None
        if mode is Mode.POSSIBLE:
            return f"{sql} AND ord <= ?", (partner, number, last[0])
        return f"{sql} AND ord <= ? AND late <= ?", (partner, number, last[0], day_number)

    def _sums(self, sql: str, params: tuple[Any, ...]) -> dict[str, Any]:
        """The committed totals of the rows `sql` selects, summed grouped by amount."""
        grouped = self._db.execute(
            f"SELECT amount, currency, qualifier, COUNT(*) {sql} AND amount IS NOT NULL "
            "GROUP BY amount, currency, qualifier",
            params,
        )
        terms = [(Decimal(a), c, Qualifier(q), n) for a, c, q, n in grouped]
        return dict(sorted(sum_amounts(terms).items()))

    # -- writing ----------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self._read_only:
            raise LogError(f"{self._db.where} is open read-only: its projections cannot change")

    def rebuild(self, progress: Progress | None = None, *, held: int = REBUILD_HELD) -> int:
        """Read the whole chain once, verified, drop every stored state and fold every
        partner again.

        `IntegrityError` (naming the record) and nothing changed when the chain does not
        verify: the one verified read of every record (`EventLog.read` with ``verify``)
        ends before anything is dropped; so does a partner index that does not count, for
        each partner, the records whose events name it. The smallest partners, up to
        `held` records together, are kept from that read and folded from it first, one at
        a time; each other partner is then read again on its own, one kind of fact at a
        time (verified: each record it selects must name it and be of that kind, see
        `_store`), so memory holds at most `held` records, or one kind of one partner's
        records with its fold, and one partner's finished rows. The old tables (of any
        format) go first, in one transaction, so that a rebuild cut short leaves nothing
        that claims to be complete. Returns the log position of the new states.
        """
        self._writable()
        last, head = self._tag()
        indexed = self._partner_counts(last)
        kept, named = self._read_whole(last, head, _smallest(indexed or {}, held))
        if indexed is not None and indexed != named:
            raise IntegrityError(f"{self._db.where}: {_index_mismatch(indexed, named)}")
        self._transaction(
            *((f"DROP TABLE IF EXISTS {table}", ()) for table in _TABLES), schema=False
        )
        # the kept partners first, so that their records are freed before the others' folds;
        # then the largest first, while the heap is least taken by what earlier folds left
        others = sorted(named.keys() - kept.keys(), key=lambda p: (-named[p], p))
        partners = sorted(kept) + others
        for done, partner in enumerate(partners, 1):
            self._store(partner, last, head, kept.pop(partner, None))
            if progress is not None:
                progress(done, len(partners))
        self._transaction((_POSITION, (last, head, STATE_FORMAT)))
        return last

    def _partner_counts(self, last: int) -> dict[str, int] | None:
        """How many records up to `last` each partner has in the partner index; None when
        the file has no such index."""
        try:
            with self._lock:
                found = self._db.execute(
                    "SELECT partner, COUNT(*) FROM record_partners WHERE seq <= ? GROUP BY partner",
                    (last,),
                ).fetchall()
        except self._db.errors:
            return None
        return {str(partner): int(count) for partner, count in found}

    def _read_whole(
        self, last: int, head: str, wanted: set[str]
    ) -> tuple[dict[str, list[Entry]], dict[str, int]]:
        """Read every record up to `last` (the chain checked from the first, and the last
        checked to be `head`): the records of each partner of `wanted` whose events name it
        (their positions and events alone), and how many records name each partner."""
        kept: dict[str, list[Entry]] = {partner: [] for partner in wanted}
        routes: dict[tuple[str, ...], list[list[Entry]]] = {}
        tally: dict[tuple[str, ...], int] = {}
        end = (0, GENESIS_HASH)
        for record in self.log.read(until=last, verify=True):
            partners = record.event.partners
            route = routes.get(partners)
            if route is None:  # a set of partners seen first: where its records go
                route = routes[partners] = [kept[p] for p in partners if p in kept]
                tally[partners] = 0
            tally[partners] += 1
            if route:
                entry = Entry(record.seq, record.event)
                for found in route:
                    found.append(entry)
            end = (record.seq, record.hash)
        if end != (last, head):
            raise IntegrityError(
                f"record {last} of {self._db.where} does not match the hash chain: "
                "the whole read did not end at it"
            )
        named: dict[str, int] = {}
        for partners, count in tally.items():
            for partner in partners:
                named[partner] = named.get(partner, 0) + count
        for partner in wanted - named.keys():  # indexed, but named by no event
            del kept[partner]
        return kept, named

    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring the stored states to the end of the log (see the module docs); the position."""
        self._writable()
        position = self.position()
        if position is None or not self._on_chain(*position):
            return self.rebuild(progress)
        seq = position[0]
        last, head = self._tag()
        if last > seq:
            self._fold(self._partners(seq, last), last, head, progress)
        return last

    def _tag(self) -> tuple[int, str]:
        """The last record's position and hash, read together (appends may be running)."""
        last = self.log.last_seq
        if last == 0:
            return 0, GENESIS_HASH
        (record,) = self.log.read(after=last - 1, until=last, verify=True)
        return last, record.hash

    def _partners(self, after: int, last: int) -> list[str]:
        """The partners named by the records after `after` up to `last` (read verified)."""
        found: set[str] = set()
        for record in self.log.read(after=after, until=last, verify=True):
            found.update(record.event.partners)
        return sorted(found)

    def _fold(self, partners: list[str], last: int, head: str, progress: Progress | None) -> None:
        """Fold each of `partners` at position `last` and store it (one transaction each, so
        memory holds one partner at a time), then move the position forward to `last`."""
        for done, partner in enumerate(partners, 1):
            self._store(partner, last, head)
            if progress is not None:
                progress(done, len(partners))
        self._transaction((_POSITION, (last, head, STATE_FORMAT)))

    def _store(
        self, partner: str, last: int, head: str, records: Iterable[Recorded] | None = None
    ) -> None:
        """Fold `partner` from `records` (all those that name it, up to `last`), or from the
        log, and replace its stored rows, tagged (`last`, `head`).

        From the log, a partner of more than `fold_held` records (by the partner index) is
        read (verified) in parts: first its records of no kind of fact (its amendments are
        kept), then groups of kinds of fact of at most that many records together (a larger
        kind alone), each folded with the amendments, of which fold only the group's
        sections are kept. Merging, linking raised pledges and ordering never cross kinds,
        and the amendments decide alone which facts are withdrawn, so each section is the
        one of a fold of all the records (a test keeps it so); memory holds one group's
        records and fold at a time.
        """
        bounds = Bounds()
        with FactRows(partner) as facts:
            if records is not None:
                _fold_into(facts, partner, bounds.add(records), _FACT_KINDS)
            else:
                self._fold_from_log(partner, last, bounds, facts)
            row = (partner, last, head, bounds.last_seq, day(bounds.last_published),
                   int(bounds.unpublished), int(facts.linked))  # fmt: skip
            self._replace(partner, row, facts)

    def _fold_from_log(self, partner: str, last: int, bounds: Bounds, facts: FactRows) -> None:
        """Read `partner`'s records up to `last` and fold them into `facts`, counting them in
        `bounds`: at once when they are at most `fold_held`, else one group of kinds at a
        time (see `_store`)."""
        counts = self._kind_counts(partner, last)
        if sum(counts.values()) <= self.fold_held:
            records = bounds.add(self._read(partner, last, None))
            _fold_into(facts, partner, records, _FACT_KINDS)
            return
        amendments = [
            Entry(record.seq, record.event)
            for record in bounds.add(self._read(partner, last, _OTHER_KINDS))
            if not isinstance(record.event, ArticleRecorded)
        ]
        for group in _kind_groups(counts, self.fold_held - len(amendments)):
            records = bounds.add(self._read(partner, last, group))
            _fold_into(facts, partner, itertools.chain(amendments, records), group)

    def _kind_counts(self, partner: str, last: int) -> dict[str, int]:
        """How many records up to `last` of each kind name `partner`, by the partner index
        and the kind column (unverified: they only plan the reads, which check both); empty
        when the file has no partner index."""
        try:
            with self._lock:
                found = self._db.execute(
                    "SELECT r.kind, COUNT(*) FROM record_partners AS p JOIN records AS r "
                    "ON r.seq = p.seq WHERE p.partner = ? AND p.seq <= ? GROUP BY r.kind",
                    (partner, last),
                ).fetchall()
        except self._db.errors:
            return {}
        return {str(kind): int(count) for kind, count in found}

    def _read(self, partner: str, last: int, kinds: tuple[str, ...] | None) -> Iterator[Recorded]:
        """The records of `partner` (of `kinds`, if given) up to `last`, read verified."""
        return self.log.read(partner=partner, kinds=kinds, until=last, verify=True)

    def _replace(self, partner: str, row: tuple[Any, ...], facts: FactRows) -> None:
        """Replace `partner`'s rows by `row` and `facts` in one transaction, unless a writer
        racing this one stored them at a later position already."""

        def write(db: StoreConnection) -> None:
            held = db.execute("SELECT seq FROM projections WHERE partner = ?", (partner,))
            found = held.fetchone()
            if found is not None and int(found[0]) > row[1]:
                return
            db.execute("DELETE FROM projection_facts WHERE partner = ?", (partner,))
            db.execute(_UPSERT, row)
            for batch in batches(facts.rows(), _BATCH):
                db.executemany(f"INSERT INTO projection_facts VALUES ({_MARKS})", batch)

        self._transaction(write=write)

    def _transaction(
        self,
        *statements: tuple[str, tuple[Any, ...]],
        write: Callable[[StoreConnection], None] | None = None,
        schema: bool = True,
    ) -> None:
        """Run `statements` (then `write`) in one write transaction (the tables created first
        if need be, unless `schema` is False)."""
        db = self._db
        with self._lock:
            try:
                db.begin_write()
                try:
                    for statement in db.schema() if schema else ():
                        db.execute(statement)
                    for sql, params in statements:
                        db.execute(sql, params)
                    if write is not None:
                        write(db)
                    db.commit()
                except BaseException:
                    db.rollback()
                    raise
            except db.errors as exc:
                raise LogError(f"{db.where}: cannot store projections: {exc}") from exc
