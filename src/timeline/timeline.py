"""`Timeline`, the facade: a log, and the questions one asks of it.

>>> from datetime import date
>>> from timeline.dates import DateSpan
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
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType

import attrs

from timeline.articles import Article
from timeline.dates import DateSpan
from timeline.errors import ConcurrencyError, UnknownEventError
from timeline.events import (
    ArticleRecorded,
    Event,
    EventCorrected,
    EventRetracted,
    Fact,
    Provenance,
)
from timeline.fold import AsOfIndex, HistoryEntry, Mode, PartnerState, history, project
from timeline.log import EventLog, MemoryLog, Record, SQLiteLog, Verification
from timeline.reextract import ReextractResult, reextract

__all__ = ["IngestResult", "ReextractResult", "Timeline"]


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


#: How often `Timeline.ingest` tries to append with no other writer in between.
_INGEST_ATTEMPTS = 20


class Timeline:
    """An event log with the questions analysts ask of it: states, histories, amendments.

    `state` (and `states` for named partners) answer through an `AsOfIndex` that the timeline
    builds on the first such question and keeps: each partner's records are read and folded
    once (once per distinct knowledge, for earlier ``known_at`` or ``recorded_by``), and the
    state at any date is derived from that fold. Records appended since the last question,
    through this timeline or by anyone else writing the log (another `SQLiteLog` on the same
    file, another process), are read at the next question: the answers are always those of
    the full fold. The index holds the asked partners' events in memory until `close`.
    """

    def __init__(self, log: EventLog) -> None:
        """Wrap an existing log (`MemoryLog`, `SQLiteLog`, or any `EventLog`)."""
        self.log = log
        self._index: AsOfIndex | None = None
        self._index_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        timeout: float = 5.0,
    ) -> Timeline:
        """A timeline in the SQLite file `path` (created if missing), or in memory for None.

        `timeout` is how many seconds a write waits for another writer's lock before it
        fails with `LogError`.
        """
        if path is None:
            return cls(MemoryLog())
        return cls(SQLiteLog(Path(path), read_only=read_only, timeout=timeout))

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
            occurred=DateSpan.unknown(),
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
        """Withdraw the event `event_id`, as known from `published` (default: today)."""
        target = self._get(event_id)
        retraction = EventRetracted(
            partners=target.partners,
            target=event_id,
            reason=reason,
            occurred=DateSpan.day(published or date.today()),
            provenance=Provenance(published=published or date.today(), extractor="manual"),
        )
        return self.log.append([retraction])[0]

    def correct(
        self,
        event_id: str,
        replacement: Fact,
        *,
        reason: str,
        published: date | None = None,
    ) -> Record:
        """Replace the event `event_id` by `replacement`, as known from `published`."""
        target = self._get(event_id)
        correction = EventCorrected(
            partners=tuple(sorted(set(target.partners) | set(replacement.partners))),
            target=event_id,
            replacement=replacement,
            reason=reason,
            occurred=DateSpan.day(published or date.today()),
            provenance=Provenance(published=published or date.today(), extractor="manual"),
        )
        return self.log.append([correction])[0]

    def reextract(
        self, *, since: str | None = None, published: date | None = None
    ) -> ReextractResult:
        """Read the stored articles again with the current extractor; append the differences.

        Append-only, dated `published` (default today); running it twice appends nothing
        the second time. The policy is `timeline.reextract.reextract`'s.
        """
        return reextract(self.log, since=since, published=published)

    def _get(self, event_id: str) -> Event:
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
    ) -> PartnerState:
        """What `partner`'s cooperation looked like on `as_of`, as known at `known_at`.

        The state ``project_partner(self.log.read(partner=partner), partner, ...)`` folds,
        answered through the timeline's as-of index (see the class docs).
        """
        return self.index.state(
            partner, as_of=as_of, known_at=known_at, mode=mode, recorded_by=recorded_by
        )

    def states(
        self,
        *,
        as_of: date | None = None,
        known_at: date | None = None,
        mode: Mode | str = Mode.CERTAIN,
        recorded_by: int | None = None,
        partners: Iterable[str] | None = None,
    ) -> dict[str, PartnerState]:
        """Every partner's state (or those of `partners`) that counts a fact; as `project`.

        Without `partners`, one pass over the whole log folds every partner. With them, each
        named partner's state comes from the as-of index, as in `state`; a partner whose
        state counts nothing has no entry, as in `project`.
        """
        if partners is not None:
            index = self.index
            found = {
                partner: index.state(
                    partner, as_of=as_of, known_at=known_at, mode=mode, recorded_by=recorded_by
                )
                for partner in sorted(set(partners))
            }
            return {partner: state for partner, state in found.items() if not state.is_empty}
        return project(
            self.log.read(),
            as_of=as_of,
            known_at=known_at,
            mode=mode,
            recorded_by=recorded_by,
            partners=partners,
        )

    @property
    def index(self) -> AsOfIndex:
        """The as-of index that `state` answers through, built on first use and then kept."""
        index = self._index
        if index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = AsOfIndex(self.log)
                index = self._index
        return index

    def history(self, partner: str) -> list[HistoryEntry]:
        """Every fact about `partner` the log ever held, in occurred order, with its fate."""
        return history(self.log.read(partner=partner), partner)

    def events(
        self, *, partner: str | None = None, kinds: Iterable[str] | None = None
    ) -> Iterator[Event]:
        """The stored events, in log order, optionally of one partner or some kinds."""
        for record in self.log.read(partner=partner, kinds=kinds):
            yield record.event

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
        """Close the underlying log (and drop the as-of index)."""
        self._index = None
        self.log.close()

    def __enter__(self) -> Timeline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
