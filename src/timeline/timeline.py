"""`Timeline`, the facade: a log, and the questions one asks of it.

>>> from datetime import date
>>> from timeline.dates import DateSpan, Precision
>>> from timeline.events import MemorandumSigned, Provenance
>>> tl = Timeline.open()                      # in memory; Timeline.open("x.db") for a file
>>> memo = MemorandumSigned(partners=("CZ",), occurred=DateSpan.on_or_before(date(2023, 7, 7)),
...     provenance=Provenance(published=date(2023, 7, 7)), scope="ammunition")
>>> [r.seq for r in tl.append([memo])]
[1]
>>> len(tl.state("CZ", as_of=date(2023, 7, 31)).memoranda)
1
>>> len(tl.state("CZ", known_at=date(2023, 7, 1)).memoranda)
0

`Timeline.reextract` reads the stored articles again with the current extractor and appends
what changed as amendments: the log is never rewritten, and what was known before stays
rebuildable.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import attrs

from timeline.dates import DateSpan, Precision
from timeline.errors import ConcurrencyError, UnknownEventError
from timeline.events import (
    ArticleRecorded,
    Confidence,
    Event,
    EventCorrected,
    EventRetracted,
    Fact,
    Provenance,
)
from timeline.fold import (
    AlreadyAmendedError,
    AsOfIndex,
    Changes,
    HistoryEntry,
    Mode,
    PartnerState,
    PledgeLedger,
    amendment_in_force,
    calendar_key,
    changes,
    history,
    pledged_against_delivered,
    project,
    within,
)
from timeline.fold.amendments import confident
from timeline.log import EventLog, Record, Verification, open_log
from timeline.log._base import Closing

if TYPE_CHECKING:
    from timeline.articles import Article
    from timeline.fold.stored import ProjectionStore
    from timeline.reextract import ReextractResult

__all__ = ["IngestResult", "ReextractResult", "Timeline"]


def __getattr__(name: str) -> Any:
    """`ReextractResult`, imported on first use (with the extractor it comes with)."""
    if name == "ReextractResult":
        from timeline.reextract import ReextractResult

        return ReextractResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@attrs.frozen
class IngestResult:
    """What ingesting one article did: whether it was new, and the events it added."""

    article_id: str
    new_article: bool
    events: tuple[Fact, ...]
    new_events: int

    @property
    def known_events(self) -> int:
        """How many of the article's events the log held already."""
        return len(self.events) - self.new_events


#: How often `Timeline.ingest` (and an amendment) tries to append with no other writer in
#: between.
_INGEST_ATTEMPTS = 20


def _kept(
    event: Event,
    confidence: Confidence | None,
    dated: bool,
    since: date | None,
    until: date | None,
) -> bool:
    """Whether `Timeline.events` keeps `event` under its filters."""
    if isinstance(event, EventRetracted | EventCorrected | ArticleRecorded):
        return not dated
    return confident(event, confidence) and within(event.occurred, since, until)


def _coarse(published: DateSpan) -> DateSpan:
    """What an `ArticleRecorded` keeps of its publication beyond the day ``published``: the
    span itself when it is coarser than a day (a month, a year), else nothing (unknown)."""
    if published.precision in (Precision.DAY, Precision.UNKNOWN):
        return DateSpan.unknown()
    return published


class Timeline(Closing):
    """An event log with the questions analysts ask of it: states, histories, amendments.

    `state` (and `states` for named partners) answer through an `AsOfIndex` that the timeline
    builds on the first such question and keeps. When the log's SQLite file (or its
    PostgreSQL schema) holds stored projections (`timeline.fold.stored.ProjectionStore`,
    made by ``timeline rebuild``), a
    question at the current knowledge is answered from them: SQL selects the partner's facts
    in time, and the state's sections decode an item only when it is read, so a cold answer
    reads no record; a timeline open for writing catches the store up first, and a partner
    the store is behind on (another writer appended since) is folded from the log. Since a
    record can be changed in place only once the log's append-only triggers are dropped,
    the store is trusted only while they are whole (`SQLiteLog.guarded`,
    `PostgresLog.guarded`); otherwise the whole
    chain is verified first, and a changed record fails the answer (`IntegrityError`). Otherwise
    each partner's records are read and folded once (once per distinct knowledge, for
    earlier ``known_at`` or ``recorded_by``), and the state at any date is derived from that
    fold. Records appended since the last question, through this timeline or by anyone else
    writing the log (another `SQLiteLog` on the same file, another process), are read at the
    next question: the answers are always those of the full fold. The index holds the asked
    partners' folded events in memory until `close`.
    """

    def __init__(self, log: EventLog) -> None:
        """Wrap an existing log (`MemoryLog`, `SQLiteLog`, or any `EventLog`)."""
        self.log = log
        self._index: AsOfIndex | None = None
        self._store: ProjectionStore | None = None
        self._index_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        timeout: float = 5.0,
    ) -> Timeline:
        """A timeline in the SQLite file `path` (created if missing), on the PostgreSQL server
        of a ``postgresql://`` URL (`PostgresLog`, schema ``timeline``), or in memory for None.

        `timeout` is how many seconds a write waits for another writer's lock before it
        fails with `LogError`.
        """
        return cls(open_log(path, read_only=read_only, timeout=timeout))

    # -- writing ------------------------------------------------------------------------------

    def append(
        self, events: Iterable[Event], *, expected_last_seq: int | None = None
    ) -> list[Record]:
        """Append `events` atomically; an event already stored adds nothing."""
        return self.log.append(events, expected_last_seq=expected_last_seq)

    def ingest(self, article: Article, events: Iterable[Fact] | None = None) -> IngestResult:
        """Store `article` and its events (extracted now, unless given) in one append.

        Ingesting the same article again adds nothing.
        """
        if events is None:
            from timeline.read import extract

            events = extract(article)
        facts = tuple(events)
        stored = ArticleRecorded(
            article_id=article.id,
            title=article.title,
            source=article.source,
            url=article.url,
            published=article.published,
            body=article.body,
            content_hash=article.content_hash,
            # a publication stated coarser than a day (``published: 2024-06``) is kept as
            # stated, so a re-extraction reads the article within it again (not on its last day)
            occurred=_coarse(article.published_span),
            provenance=Provenance(
                article_id=article.id,
                url=article.url,
                outlet=article.source,
                published=article.published,
            ),
        )
        for attempt in range(_INGEST_ATTEMPTS):
            # Appended only if nobody else wrote in between, so that the records after
            # `before` are exactly the ones this append stored (another writer may be storing
            # the same article right now). Under writers that never pause, the last attempt
            # appends anyway: the events are stored once all the same; only the counts of
            # new ones may then include what the others stored.
            before = self.log.last_seq
            last = attempt == _INGEST_ATTEMPTS - 1
            try:
                records = self.log.append(
                    [stored, *facts], expected_last_seq=None if last else before
                )
            except ConcurrencyError:
                continue
            break
        new = [r for r in records if r.seq > before]
        new_article = bool(records) and records[0].seq > before
        return IngestResult(article.id, new_article, facts, len(new) - int(new_article))

    def retract(self, event_id: str, *, reason: str, published: date | None = None) -> Record:
        """Withdraw the event `event_id`, as known from `published` (default: today).

        `AlreadyAmendedError` when an amendment in force already retracts or corrects it.
        """
        day = published or date.today()
        return self._amend(
            event_id,
            lambda target: EventRetracted(
                partners=target.partners,
                target=event_id,
                reason=reason,
                occurred=DateSpan.day(day),
                provenance=Provenance(published=day, extractor="manual"),
            ),
        )

    def correct(
        self,
        event_id: str,
        replacement: Fact,
        *,
        reason: str,
        published: date | None = None,
    ) -> Record:
        """Replace the event `event_id` by `replacement`, as known from `published`.

        `AlreadyAmendedError` when an amendment in force already retracts or corrects it.
        """
        day = published or date.today()
        return self._amend(
            event_id,
            lambda target: EventCorrected(
                partners=tuple(sorted(set(target.partners) | set(replacement.partners))),
                target=event_id,
                replacement=replacement,
                reason=reason,
                occurred=DateSpan.day(day),
                provenance=Provenance(published=day, extractor="manual"),
            ),
        )

    def revise(
        self, event_id: str, *, reason: str, published: date | None = None, **fields: Any
    ) -> Record:
        """Correct the fact `event_id` by a copy of it with `fields` changed (``amount=``,
        ``occurred=``, ``partners=``, ``items=``, ...): as `correct`.

        The copy keeps the stored provenance, marked as entered by hand (``extractor``
        "manual", no confidence). `ValueError` for a field the fact's kind does not have.
        """
        target = self.event(event_id)
        if isinstance(target, EventRetracted | EventCorrected | ArticleRecorded):
            raise ValueError(f"event {event_id} is not a fact; only facts can be revised")
        known = {f.name for f in attrs.fields(type(target))} - {"id", "provenance"}
        unknown = sorted(set(fields) - known)
        if unknown:
            raise ValueError(f"a {target.kind} has no field {', '.join(unknown)}")
        provenance = attrs.evolve(
            target.provenance, extractor="manual", extractor_version=None, rule=None,
            confidence=None,
        )  # fmt: skip
        replacement = attrs.evolve(target, id="", provenance=provenance, **fields)
        if replacement.id == target.id:
            raise ValueError(f"the revision of {event_id} changes nothing")
        return self.correct(event_id, replacement, reason=reason, published=published)

    def _amend(self, event_id: str, amendment: Callable[[Event], Event]) -> Record:
        """Append `amendment(target)` unless an amendment in force already amends the target.

        Checked and appended with no other writer in between (`expected_last_seq`), so two
        writers amending one event at once cannot both succeed.
        """
        target = self.event(event_id)
        partner = target.partners[0] if target.partners else None
        for attempt in range(_INGEST_ATTEMPTS):
            last = self.log.last_seq
            earlier = amendment_in_force(self.log.read(partner=partner, until=last), event_id)
            if earlier is not None:
                raise AlreadyAmendedError(event_id, earlier)
            final = attempt == _INGEST_ATTEMPTS - 1
            try:
                return self.log.append(
                    [amendment(target)], expected_last_seq=None if final else last
                )[0]
            except ConcurrencyError:
                continue
        raise AssertionError("unreachable: the last attempt appends unconditionally")

    def reextract(
        self, *, since: str | None = None, published: date | None = None
    ) -> ReextractResult:
        """Read the stored articles again with the current extractor; append the differences.

        Append-only, dated `published` (default today); running it twice appends nothing
        the second time. The policy is `timeline.reextract.reextract`'s.
        """
        from timeline.reextract import reextract  # imported when used: it loads the extractor

        return reextract(self.log, since=since, published=published)

    def event(self, event_id: str) -> Event:
        """The stored event `event_id`; `UnknownEventError` when the log has none."""
        record = self.log.get(event_id)
        if record is None:
            raise UnknownEventError(f"no event with id {event_id!r} in the log")
        return record.event

    # -- reading ------------------------------------------------------------------------------

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
        """What `partner`'s cooperation looked like on `as_of`, as known at `known_at`.

        The state ``project_partner(self.log.read(partner=partner), partner, ...)`` folds,
        answered through the timeline's as-of index (see the class docs). With
        `min_confidence`, facts read less surely are left out (by hand counts as high).
        """
        return self.index.state(
            partner,
            as_of=as_of,
            known_at=known_at,
            mode=mode,
            recorded_by=recorded_by,
            min_confidence=min_confidence,
        )

    def states(
        self,
        *,
        as_of: date | None = None,
        known_at: date | None = None,
        mode: Mode | str = Mode.CERTAIN,
        recorded_by: int | None = None,
        partners: Iterable[str] | None = None,
        min_confidence: Confidence | str | None = None,
    ) -> dict[str, PartnerState]:
        """Every partner's state (or those of `partners`) that counts a fact; as `project`.

        Without `partners`, one pass over the whole log folds every partner, except when the
        file holds stored projections and the question is about the current knowledge (no
        `known_at`, `recorded_by` or `min_confidence`): then every partner's state comes from
        the store. With `partners`, each named partner's state comes from the as-of index,
        as in `state`; a partner whose state counts nothing has no entry, as in `project`.
        """
        times: dict[str, Any] = {
            "as_of": as_of,
            "known_at": known_at,
            "mode": mode,
            "recorded_by": recorded_by,
            "min_confidence": min_confidence,
        }
        if partners is None and known_at is None and recorded_by is None and min_confidence is None:
            store = self._projection_store()
            if store is not None:
                partners = store.partners()
        if partners is not None:
            index = self.index
            found = {partner: index.state(partner, **times) for partner in sorted(set(partners))}
            return {partner: state for partner, state in found.items() if not state.is_empty}
        return project(self.log.read(verify=True), **times)

    @property
    def index(self) -> AsOfIndex:
        """The as-of index that `state` answers through, built on first use and then kept."""
        index = self._index
        if index is None:
            with self._index_lock:
                if self._index is None:
                    self._store = self._stored_projections()
                    self._index = AsOfIndex(self.log, store=self._store)
                index = self._index
        return index

    def _projection_store(self) -> ProjectionStore | None:
        """The file's stored projections that the as-of index answers from (both opened on
        first use); None when the file has none."""
        _ = self.index
        return self._store

    def update_projections(self, progress: Callable[[int, int], None] | None = None) -> int | None:
        """Bring the file's stored projections up to the end of the log, when the file has
        them (`ProjectionStore.catch_up`: the partners named since their position are folded
        again); the position they reach, or None when there are none (``timeline rebuild``
        makes them). The command line calls it after the commands that write."""
        from timeline.fold._store_sql import keeps_projections
        from timeline.fold.stored import ProjectionStore

        log = self.log
        if not keeps_projections(log) or log.read_only:
            return None
        with ProjectionStore(log) as store:
            return store.catch_up(progress) if store.ready() else None

    def _stored_projections(self) -> ProjectionStore | None:
        """The log file's `ProjectionStore`, when it holds projections (``timeline rebuild``
        made them); caught up first when the file is open for writing."""
        from timeline.fold._store_sql import keeps_projections
        from timeline.fold.stored import ProjectionStore

        log = self.log
        if not keeps_projections(log):
            return None
        store = ProjectionStore(log)
        if not store.ready():
            store.close()
            return None
        if not log.guarded():
            # an answer from the store reads no record: with the append-only guard gone, a
            # record may have been changed since it was folded, so the chain is checked first
            verification = log.verify()
            if not verification.ok:
                store.close()
                verification.raise_for_error()
        if store.writable:
            store.catch_up()
        return store

    def history(
        self,
        partner: str,
        *,
        known_at: date | None = None,
        recorded_by: int | None = None,
        min_confidence: Confidence | str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[HistoryEntry]:
        """Every fact about `partner` the log held, in calendar order, with its fate.

        `since`/`until` keep the facts that may have happened between them; the other
        keywords keep what `state` would keep.
        """
        return history(
            self.log.read(partner=partner, verify=True),
            partner,
            known_at=known_at,
            recorded_by=recorded_by,
            min_confidence=min_confidence,
            since=since,
            until=until,
        )

    def events(
        self,
        *,
        partner: str | None = None,
        kinds: Iterable[str] | None = None,
        min_confidence: Confidence | str | None = None,
        since: date | None = None,
        until: date | None = None,
        order: Literal["log", "calendar"] = "log",
    ) -> Iterator[Event]:
        """The stored events, optionally of one partner or some kinds, in log order (streamed)
        or in calendar order (`timeline.fold.calendar_key`).

        `min_confidence` leaves out facts read less surely; `since`/`until` keep the facts
        that may have happened between them (and no amendment or article).
        """
        confidence = None if min_confidence is None else Confidence(min_confidence)
        dated = since is not None or until is not None
        found = (
            event
            for record in self.log.read(partner=partner, kinds=kinds, verify=True)
            if _kept(event := record.event, confidence, dated, since, until)
        )
        if order == "calendar":
            yield from sorted(found, key=calendar_key)
        else:
            yield from found

    def pledges(
        self,
        partner: str,
        *,
        as_of: date | None = None,
        known_at: date | None = None,
        mode: Mode | str = Mode.CERTAIN,
        recorded_by: int | None = None,
        min_confidence: Confidence | str | None = None,
    ) -> PledgeLedger:
        """`partner`'s commitments beside its deliveries, in the state `state` gives
        (`timeline.fold.pledged_against_delivered`)."""
        state = self.state(
            partner,
            as_of=as_of,
            known_at=known_at,
            mode=mode,
            recorded_by=recorded_by,
            min_confidence=min_confidence,
        )
        return pledged_against_delivered(state)

    def changes(
        self,
        known_since: date | None = None,
        known_until: date | None = None,
        *,
        partner: str | None = None,
        recorded_since: int | None = None,
        min_confidence: Confidence | str | None = None,
    ) -> Changes:
        """What became known between `known_since` (or log position `recorded_since`) and
        `known_until`, per partner (`timeline.fold.changes`)."""
        return changes(
            self.log.read(partner=partner, verify=True),
            known_since,
            known_until,
            partner=partner,
            recorded_since=recorded_since,
            min_confidence=min_confidence,
        )

    def articles(self) -> Iterator[ArticleRecorded]:
        """The stored articles, in log order."""
        for record in self.log.read(kinds=("article_recorded",)):
            assert isinstance(record.event, ArticleRecorded)
            yield record.event

    def partners(self) -> list[str]:
        """Every partner id that some stored fact names, sorted."""
        found: set[str] = set()
        for record in self.log.read():
            if not isinstance(record.event, ArticleRecorded):
                found.update(record.event.partners)
        return sorted(found)

    def verify(self) -> Verification:
        """Walk the hash chain; the result names the first record that does not match."""
        return self.log.verify()

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the underlying log (and drop the as-of index and the stored projections)."""
        self._index = None
        if self._store is not None:
            self._store.close()
            self._store = None
        self.log.close()
