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

import importlib
import os
import re
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
    KINDS,
    ArticleRecorded,
    Event,
    EventCorrected,
    EventRetracted,
    Fact,
    Provenance,
)
from timeline.fold.asof import AsOfIndex
from timeline.fold.projections import (
    HistoryEntry,
    Mode,
    PartnerState,
    amendments_in_force,
    history,
    project,
)
from timeline.log import EventLog, MemoryLog, Record, SQLiteLog, Verification

__all__ = ["IngestResult", "ReextractResult", "Timeline"]

#: The ``rule`` in the provenance of the amendments a re-extraction appends.
REEXTRACT_RULE = "reextract"
#: The ``rule`` of the retraction that holds a newly read fact back until the re-extraction.
HOLD_RULE = "reextract.hold"


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


@attrs.frozen
class ReextractResult:
    """What a re-extraction did: the articles it read again, and what it appended.

    ``corrected`` pairs the id of each replaced reading with the id of its replacement.
    """

    extractor: str
    version: str
    articles: int
    skipped: int
    retracted: tuple[str, ...] = ()
    corrected: tuple[tuple[str, str], ...] = ()
    added: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    records: int = 0

    @property
    def changed(self) -> bool:
        """True when the re-extraction appended anything."""
        return self.records > 0


def _version_key(version: str | None) -> tuple[int, tuple[int, ...], str]:
    """An order of extractor versions: dotted numbers numerically, other text after them."""
    text = version or ""
    if re.fullmatch(r"\d+(?:\.\d+)*", text):
        return (0, tuple(int(part) for part in text.split(".")), "")
    return (1, (), text)


def _reading_key(fact: Fact) -> tuple[str, str, str, str]:
    amount = getattr(fact, "amount", None)
    return (",".join(fact.partners), fact.occurred.edtf(), str(amount or ""), fact.id)


#: Every kind of event but the stored articles.
_NOT_ARTICLES = frozenset(KINDS) - {ArticleRecorded.kind}

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

        Append-only: a reading that the extractor no longer makes is retracted; a reading of
        the same sentence and kind that changed is corrected (the new reading replaces the
        old); a new reading is appended. Every amendment is dated `published` (the knowledge
        time of this re-extraction, default today), and a new reading is held back until then
        by a retraction dated with its article that a second retraction lifts on `published`:
        so ``state(known_at=D)`` for D before `published`, and ``state(recorded_by=...)``
        before the appended records, give exactly what was known before the re-extraction;
        after it, the states reflect the current extractor. A reading that an earlier
        re-extraction retracted is restored when the extractor reads it again; readings
        withdrawn or corrected by hand, and events appended by hand, are left alone.

        An article is read again unless all of its readings come from the current version;
        with `since`, only articles with a reading from a version older than `since` (or
        with no reading at all) are. Running it twice appends nothing the second time.
        """
        # The module itself (the package re-exports its `extract` function under that name).
        extraction = importlib.import_module("timeline.read")
        name, version = extraction.EXTRACTOR_NAME, extraction.EXTRACTOR_VERSION
        known = published or date.today()
        reason = f"re-extraction with {name} v{version}"
        last = self.log.last_seq
        facts: dict[str, Fact] = {}
        amendments: dict[str, EventRetracted | EventCorrected] = {}
        # Facts and amendments first; the articles (the bulk of the bytes) are then streamed
        # one at a time below, so memory holds the readings, not every article's text.
        for record in self.log.read(until=last, kinds=_NOT_ARTICLES):
            event = record.event
            assert not isinstance(event, ArticleRecorded)  # the read leaves them out
            if isinstance(event, EventRetracted | EventCorrected):
                amendments[event.id] = event
            else:
                facts.setdefault(event.id, event)
        in_force = amendments_in_force(amendments)
        withdrawn_by: dict[str, list[EventRetracted | EventCorrected]] = {}
        for amendment_id in in_force:
            amendment = amendments[amendment_id]
            withdrawn_by.setdefault(amendment.target, []).append(amendment)
            if isinstance(amendment, EventCorrected):
                facts.setdefault(amendment.replacement.id, amendment.replacement)
        readings: dict[str, list[Fact]] = {}
        for fact in facts.values():
            source = fact.provenance
            if source.extractor == name and source.article_id and fact.id not in withdrawn_by:
                readings.setdefault(source.article_id, []).append(fact)

        def stamp(article_id: str, rule: str, day: date | None) -> Provenance:
            return Provenance(
                article_id=article_id,
                published=day,
                extractor=name,
                extractor_version=version,
                rule=rule,
            )

        appended: list[Event] = []
        retracted: list[str] = []
        corrected: list[tuple[str, str]] = []
        added: list[str] = []
        restored: list[str] = []
        read = skipped = 0
        for record in self.log.read(until=last, kinds=ArticleRecorded.kind):
            stored_article = record.event
            assert isinstance(stored_article, ArticleRecorded)  # the read keeps only them
            old = readings.get(stored_article.article_id, [])
            versions = [f.provenance.extractor_version for f in old]
            if since is None:
                due = not old or any(v != version for v in versions)
            else:
                due = not old or any(_version_key(v) < _version_key(since) for v in versions)
            if not due:
                skipped += 1
                continue
            read += 1
            article = Article(
                id=stored_article.article_id,
                title=stored_article.title,
                body=stored_article.body,
                published=stored_article.published,
                published_text=None,
                source=stored_article.source,
                url=stored_article.url,
                path=None,
                content_hash=stored_article.content_hash,
            )
            new = extraction.extract(article)
            new_ids = {e.id for e in new}
            old_ids = {f.id for f in old}
            fresh: list[Fact] = []
            vanished: set[str] = set()
            for event in new:
                if event.id in old_ids:
                    continue
                if event.id not in facts:
                    fresh.append(event)
                    continue
                # In the log but withdrawn: restore it if only re-extractions withdrew it, by
                # withdrawing their amendments (a correction's replacement goes with it).
                held = withdrawn_by.get(event.id, [])
                if not held or any(
                    a.provenance.rule != REEXTRACT_RULE
                    or (isinstance(a, EventCorrected) and a.replacement.id in new_ids)
                    for a in held
                ):
                    continue
                for amendment in held:
                    appended.append(
                        EventRetracted(
                            partners=amendment.partners,
                            target=amendment.id,
                            reason=f"{reason} reads it again",
                            occurred=DateSpan.day(known),
                            provenance=stamp(article.id, REEXTRACT_RULE, known),
                        )
                    )
                    if isinstance(amendment, EventCorrected):
                        vanished.add(amendment.replacement.id)
                restored.append(event.id)
            dropped = [f for f in old if f.id not in new_ids and f.id not in vanished]
            pairs: dict[tuple[str, int | None, int | None], tuple[list[Fact], list[Fact]]] = {}
            for fact in dropped:
                slot = (fact.kind, fact.provenance.start, fact.provenance.end)
                pairs.setdefault(slot, ([], []))[0].append(fact)
            for event in fresh:
                slot = (event.kind, event.provenance.start, event.provenance.end)
                pairs.setdefault(slot, ([], []))[1].append(event)
            for before, after in pairs.values():
                before.sort(key=_reading_key)
                after.sort(key=_reading_key)
                for fact, event in zip(before, after, strict=False):
                    appended.append(
                        EventCorrected(
                            partners=tuple(sorted(set(fact.partners) | set(event.partners))),
                            target=fact.id,
                            replacement=event,
                            reason=reason,
                            occurred=DateSpan.day(known),
                            provenance=stamp(article.id, REEXTRACT_RULE, known),
                        )
                    )
                    corrected.append((fact.id, event.id))
                for fact in before[len(after) :]:
                    appended.append(
                        EventRetracted(
                            partners=fact.partners,
                            target=fact.id,
                            reason=reason,
                            occurred=DateSpan.day(known),
                            provenance=stamp(article.id, REEXTRACT_RULE, known),
                        )
                    )
                    retracted.append(fact.id)
                for event in after[len(before) :]:
                    hold = EventRetracted(
                        partners=event.partners,
                        target=event.id,
                        reason=f"not read before the {reason}",
                        occurred=DateSpan.unknown(),
                        provenance=stamp(article.id, HOLD_RULE, event.provenance.published),
                    )
                    release = EventRetracted(
                        partners=event.partners,
                        target=hold.id,
                        reason=reason,
                        occurred=DateSpan.day(known),
                        provenance=stamp(article.id, REEXTRACT_RULE, known),
                    )
                    appended += [event, hold, release]
                    added.append(event.id)
        records = self.log.append(appended, expected_last_seq=last) if appended else []
        return ReextractResult(
            extractor=name,
            version=version,
            articles=read,
            skipped=skipped,
            retracted=tuple(retracted),
            corrected=tuple(corrected),
            added=tuple(added),
            restored=tuple(restored),
            records=sum(1 for r in records if r.seq > last),
        )

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
