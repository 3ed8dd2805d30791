"""Projections kept in the store: each partner's full state, in the log's own SQLite file.

`ProjectionStore` keeps, beside the records of a `SQLiteLog` file, one row per partner: the
partner's `PartnerState` with no ``as_of`` and the current knowledge (what
``project_partner(log.read(partner=P), P)`` gives), in a canonical byte form
(`state_bytes`), tagged with the log position it reflects: the ``seq`` of the last record
then and that record's chain hash. A position row says up to which record the whole set is
complete.

- `ProjectionStore.rebuild` drops every row and folds every partner again, after the whole
  chain is verified (`EventLog.verify`); each partner's records are read with verification,
  one partner at a time, so memory is bounded by the largest partner.
- `ProjectionStore.catch_up` brings the rows to the end of the log: it accepts the stored
  position only when its tagged hash is the stored hash of that record and that record
  checks against its own bytes and the record before; the records after it are read with
  verification from there (each link checked from the tag on), and only the partners they
  name are folded again. A position not on the chain (another file, a rewritten log) is
  dropped and everything rebuilt.
- `ProjectionStore.load` gives a partner's stored state when the position is on the chain
  and no record after it names the partner; None otherwise (fold from the log then).

Dropping and rebuilding gives byte-identical rows (a test keeps it so). What the tag does
not protect: a forger who rewrites a stored state itself, consistently with its tag, is not
seen by `load`; the states are derived data, and `rebuild` (``timeline rebuild``) derives
them again from the verified chain.

>>> import tempfile, pathlib
>>> from timeline.log import SQLiteLog
>>> from timeline.dates import DateSpan
>>> from timeline.events import MeetingHeld
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.db"
>>> with SQLiteLog(path) as log, ProjectionStore(log) as store:
...     _ = log.append([MeetingHeld(partners=("PL",), occurred=DateSpan.year(2023))])
...     store.catch_up()
...     len(store.load("PL").state.meetings)
1
1
"""

from __future__ import annotations

import contextlib
import importlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from types import TracebackType
from typing import Any, Self

import attrs

from timeline.dates import DateSpan, Precision
from timeline.errors import IntegrityError, LogError
from timeline.events import ArticleRecorded, Fact
from timeline.fold.project import project_partner
from timeline.fold.state import SECTIONS, Item, Mode, PartnerState, Recorded, Source
from timeline.log import GENESIS_HASH, SQLiteLog
from timeline.log.wire import decode, encode
from timeline.money import Money, Qualifier

__all__ = ["STATE_FORMAT", "Bounds", "ProjectionStore", "Stored", "state_bytes", "state_from_bytes"]

_loads: Callable[[bytes], Any] = json.loads
# orjson parses the bytes `json.dumps` writes exactly as `json.loads` does, faster; it is
# optional, and imported by name so the module type-checks without it
with contextlib.suppress(ImportError):
    _loads = importlib.import_module("orjson").loads

#: The version of the byte form of stored states; a store of another version is rebuilt.
STATE_FORMAT = 1

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS projections (
        partner TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        body BLOB NOT NULL,
        last_seq INTEGER NOT NULL,
        last_published TEXT,
        unpublished INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS projection_position (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        format INTEGER NOT NULL
    )""",
)

#: A row replaces the stored one only if it reflects a later position (writers may race).
_UPSERT = (
    "INSERT INTO projections VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partner) DO UPDATE SET "
    "seq = excluded.seq, hash = excluded.hash, body = excluded.body, "
    "last_seq = excluded.last_seq, last_published = excluded.last_published, "
    "unpublished = excluded.unpublished "
    "WHERE excluded.seq >= projections.seq"
)
_POSITION = (
    "INSERT INTO projection_position VALUES (1, ?, ?, ?) ON CONFLICT (one) DO UPDATE SET "
    "seq = excluded.seq, hash = excluded.hash, format = excluded.format "
    "WHERE excluded.seq >= projection_position.seq OR excluded.format != projection_position.format"
)

#: Called by `ProjectionStore.rebuild` after each partner: (partners done, partners).
Progress = Callable[[int, int], None]


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


@attrs.frozen
class Stored:
    """A partner's stored state (no ``as_of``, the current knowledge) and its `Bounds`."""

    state: PartnerState
    bounds: Bounds


# -- the byte form of a state ----------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _day_in(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _span(span: DateSpan) -> list[Any]:
    return [_day(span.earliest), _day(span.latest), span.precision.value]


def _span_in(value: list[Any]) -> DateSpan:
    return DateSpan(_day_in(value[0]), _day_in(value[1]), Precision(value[2]))


def _source(source: Source) -> list[Any]:
    return [
        source.article_id,
        source.outlet,
        source.url,
        _day(source.published),
        source.quote,
        source.start,
        source.end,
    ]


def _source_in(value: list[Any]) -> Source:
    return Source(value[0], value[1], value[2], _day_in(value[3]), value[4], value[5], value[6])


def _item(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "occurred": _span(item.occurred),
        "event": encode(item.event),
        "seq": item.seq,
        "event_ids": list(item.event_ids),
        "sources": [_source(s) for s in item.sources],
        "shared": item.shared,
        "corrects": item.corrects,
        "corroboration": item.corroboration,
        "conflict": item.conflict,
        "reports": [_item(r) for r in item.reports],
        "supersedes": [_item(s) for s in item.supersedes],
    }


def _item_in(value: dict[str, Any]) -> Item:
    event = decode(value["event"])
    if not isinstance(event, Fact):
        raise LogError(f"a stored state's item {value['id']} holds a {event.kind}, not a fact")
    return Item(
        id=value["id"],
        kind=value["kind"],
        occurred=_span_in(value["occurred"]),
        event=event,
        seq=value["seq"],
        event_ids=tuple(value["event_ids"]),
        sources=tuple(_source_in(s) for s in value["sources"]),
        shared=value["shared"],
        corrects=value["corrects"],
        corroboration=value["corroboration"],
        conflict=value["conflict"],
        reports=tuple(_item_in(r) for r in value["reports"]),
        supersedes=tuple(_item_in(s) for s in value["supersedes"]),
    )


def _money(money: Money) -> list[str]:
    return [str(money.value), money.currency, money.qualifier.value]


def state_bytes(state: PartnerState) -> bytes:
    """The canonical bytes of `state`: JSON, sorted keys, compact, UTF-8.

    Equal states give equal bytes, and `state_from_bytes` gives back an equal state. Events
    are in their wire form (`timeline.log.wire.encode`), so a stored state is read back
    through the same upcasters as the log.
    """
    body: dict[str, Any] = {
        "format": STATE_FORMAT,
        "partner": state.partner,
        "as_of": _day(state.as_of),
        "known_at": _day(state.known_at),
        "recorded_by": state.recorded_by,
        "mode": state.mode.value,
        "committed_totals": {k: _money(v) for k, v in state.committed_totals.items()},
        "totals_rule": state.totals_rule,
        "sections": {name: [_item(i) for i in state.section(name)] for name in SECTIONS},
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def state_from_bytes(data: bytes) -> PartnerState:
    """The state of bytes that `state_bytes` wrote; `LogError` for another format."""
    body = _loads(data)
    if body.get("format") != STATE_FORMAT:
        raise LogError(f"a stored state of format {body.get('format')!r}, not {STATE_FORMAT}")
    totals = {
        key: Money(value, currency, Qualifier(qualifier))
        for key, (value, currency, qualifier) in body["committed_totals"].items()
    }
    sections = {name: tuple(_item_in(i) for i in items) for name, items in body["sections"].items()}
    return PartnerState(
        partner=body["partner"],
        as_of=_day_in(body["as_of"]),
        known_at=_day_in(body["known_at"]),
        recorded_by=body["recorded_by"],
        mode=Mode(body["mode"]),
        committed_totals=totals,
        totals_rule=body["totals_rule"],
        **sections,
    )


# -- the store ---------------------------------------------------------------------------------


class ProjectionStore:
    """The partners' states kept in the file of `log` (see the module docs).

    It opens its own connection to the file (read-only when the log is), so a store can be
    used beside the log by the same process. `LogError` for a log held only in memory.
    """

    def __init__(self, log: SQLiteLog, *, timeout: float = 5.0) -> None:
        """The store in `log`'s file; its tables are created on the first write."""
        if log.path in ("", ":memory:"):
            raise LogError("projections are kept in a log file, not in an in-memory log")
        self.log = log
        self._read_only = log.read_only
        if self._read_only:
            uri = f"file:{log.path}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        else:
            self._db = sqlite3.connect(log.path, timeout=timeout, isolation_level=None)

    def close(self) -> None:
        """Close the store's connection (not the log)."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------------

    def _has_tables(self) -> bool:
        found = self._db.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
            "AND name IN ('projections', 'projection_position')"
        ).fetchone()
        return bool(found[0] == 2)

    def position(self) -> tuple[int, str] | None:
        """The log position (seq, hash) the stored states are complete up to; None if none."""
        if not self._has_tables():
            return None
        row = self._db.execute(
            "SELECT seq, hash FROM projection_position WHERE format = ?", (STATE_FORMAT,)
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

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
        """Every stored row (partner, seq, hash, body, then the bounds), by partner: what a
        rebuild must reproduce."""
        if not self._has_tables():
            return []
        return self._db.execute("SELECT * FROM projections ORDER BY partner").fetchall()

    def load(self, partner: str) -> Stored | None:
        """`partner`'s stored state, when it is that of the whole log; None otherwise.

        Accepted only when the row's tag is on the chain (record ``seq`` is stored with that
        hash, and checks against its own bytes and the record before) and no record after
        ``seq`` names `partner`. None for a partner with no row: fold it from the log.
        """
        if not self._has_tables():
            return None
        row = self._db.execute(
            "SELECT seq, hash, body, last_seq, last_published, unpublished FROM projections "
            "WHERE partner = ?",
            (partner,),
        ).fetchone()
        if row is None or not self._on_chain(int(row[0]), str(row[1])):
            return None
        later = self.log.read(partner=partner, after=int(row[0]), verify=True)
        if next(iter(later), None) is not None:
            return None
        bounds = Bounds(int(row[3]), _day_in(row[4]), bool(row[5]))
        return Stored(state_from_bytes(row[2]), bounds)

    # -- writing ----------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self._read_only:
            raise LogError(f"{self.log.path} is open read-only: its projections cannot change")

    def rebuild(self, progress: Progress | None = None) -> int:
        """Verify the whole chain, drop every stored state and fold every partner again.

        `IntegrityError` (and nothing changed) when the chain does not verify. The old rows
        and the position go first, in one transaction, so that a rebuild cut short leaves
        nothing that claims to be complete. Returns the log position of the new states.
        """
        self._writable()
        self.log.verify().raise_for_error()
        last, head = self._tag()
        self._transaction(("DELETE FROM projections", ()), ("DELETE FROM projection_position", ()))
        self._fold(self._partners(0, last), last, head, progress)
        return last

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
            bounds = Bounds()
            records = bounds.add(self.log.read(partner=partner, until=last, verify=True))
            state = project_partner(records, partner)
            row = (
                partner,
                last,
                head,
                state_bytes(state),
                bounds.last_seq,
                _day(bounds.last_published),
                int(bounds.unpublished),
            )
            self._transaction((_UPSERT, row))
            if progress is not None:
                progress(done, len(partners))
        self._transaction((_POSITION, (last, head, STATE_FORMAT)))

    def _transaction(self, *statements: tuple[str, tuple[Any, ...]]) -> None:
        """Run `statements` in one write transaction (the tables created first if need be)."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    db.execute(statement)
                for sql, params in statements:
                    db.execute(sql, params)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise LogError(f"{self.log.path}: cannot store projections: {exc}") from exc
