"""Re-extraction: the current extractor's readings of stored articles, as amendments.

`reextract` reads the stored articles again and appends what changed, never rewriting the
log: a reading the extractor no longer makes is retracted, a changed reading of the same
sentence and kind is corrected, a new reading is appended and held back until the
re-extraction's date, and a reading that only an earlier re-extraction withdrew is restored.
Imports `timeline.read` (the extractor), `timeline.log` and `timeline.fold` (the one split
of facts and amendments).
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from timeline import read as _read
from timeline.articles import Article
from timeline.dates import DateSpan
from timeline.events import (
    KINDS,
    ArticleRecorded,
    Event,
    EventCorrected,
    EventRetracted,
    Fact,
    Provenance,
)
from timeline.fold.amendments import Amendment, split
from timeline.log import EventLog

__all__ = ["HOLD_RULE", "REEXTRACT_RULE", "ReextractResult", "reextract"]

#: The ``rule`` in the provenance of the amendments a re-extraction appends.
REEXTRACT_RULE = "reextract"
#: The ``rule`` of the retraction that holds a newly read fact back until the re-extraction.
HOLD_RULE = "reextract.hold"

#: Every kind of event but the stored articles.
_NOT_ARTICLES = frozenset(KINDS) - {ArticleRecorded.kind}


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


def _article(stored: ArticleRecorded) -> Article:
    """The article a stored record holds, as the extractor reads it: published on the day
    the record names, or within the month or year it keeps in ``occurred`` (an article whose
    header gave only those)."""
    article = Article(
        id=stored.article_id,
        title=stored.title,
        body=stored.body,
        published=stored.published,
        published_text=None,
        source=stored.source,
        url=stored.url,
        path=None,
        content_hash=stored.content_hash,
    )  # published on the day `published` names (Article's default span) ...
    span = stored.occurred
    if stored.published is not None and span.latest == stored.published:
        return attrs.evolve(article, published_span=span)  # ... or within the kept span
    return article


class _Run:
    """One re-extraction: what the log held before it, and what it appends."""

    def __init__(self, log: EventLog, last: int, known: date) -> None:
        # Looked up at each run, so that a test (or a plug-in) may swap the extractor.
        self.name, self.version = _read.EXTRACTOR_NAME, _read.EXTRACTOR_VERSION
        self.known = known
        self.reason = f"re-extraction with {self.name} v{self.version}"
        found = split(log.read(until=last, kinds=_NOT_ARTICLES))
        self.facts: dict[str, Fact] = {}
        for _, fact, via in found.entries:
            if via is None:
                self.facts.setdefault(fact.id, fact)
        self.withdrawn_by = found.by_target(in_force=True)
        for _, fact, _ in found.current():
            self.facts.setdefault(fact.id, fact)
        self.readings: dict[str, list[Fact]] = {}
        for fact in self.facts.values():
            source = fact.provenance
            if (
                source.extractor == self.name
                and source.article_id
                and fact.id not in self.withdrawn_by
            ):
                self.readings.setdefault(source.article_id, []).append(fact)
        self.appended: list[Event] = []
        self.retracted: list[str] = []
        self.corrected: list[tuple[str, str]] = []
        self.added: list[str] = []
        self.restored: list[str] = []

    def stamp(
        self, article_id: str, rule: str = REEXTRACT_RULE, day: date | None = None
    ) -> Provenance:
        """The provenance of an amendment this run appends for `article_id`."""
        return Provenance(
            article_id=article_id,
            published=self.known if rule == REEXTRACT_RULE else day,
            extractor=self.name,
            extractor_version=self.version,
            rule=rule,
        )

    def retraction(self, target: Event, article_id: str, reason: str) -> EventRetracted:
        """A retraction of `target` dated with this run."""
        return EventRetracted(
            partners=target.partners,
            target=target.id,
            reason=reason,
            occurred=DateSpan.day(self.known),
            provenance=self.stamp(article_id),
        )

    def due(self, article_id: str, since: str | None) -> bool:
        """True when the article's readings are not all of the current version (or `since`)."""
        versions = [f.provenance.extractor_version for f in self.readings.get(article_id, [])]
        if not versions:
            return True
        if since is None:
            return any(v != self.version for v in versions)
        return any(_version_key(v) < _version_key(since) for v in versions)

    def read_again(self, article: Article) -> None:
        """Compare the article's stored readings with the extractor's; note the differences."""
        old = self.readings.get(article.id, [])
        new = _read.extract(article)
        new_ids = {e.id for e in new}
        old_ids = {f.id for f in old}
        fresh = [e for e in new if e.id not in old_ids and e.id not in self.facts]
        vanished: set[str] = set()
        for event in new:
            if event.id in self.facts and event.id not in old_ids:
                vanished |= self._restore(event, article.id, new_ids)
        dropped = [f for f in old if f.id not in new_ids and f.id not in vanished]
        pairs: dict[tuple[str, int | None, int | None], tuple[list[Fact], list[Fact]]] = {}
        for which, facts in enumerate((dropped, fresh)):
            for fact in facts:
                slot = (fact.kind, fact.provenance.start, fact.provenance.end)
                pairs.setdefault(slot, ([], []))[which].append(fact)
        for before, after in pairs.values():
            before.sort(key=_reading_key)
            after.sort(key=_reading_key)
            self._replace(before, after, article.id)

    def _restore(self, event: Fact, article_id: str, new_ids: set[str]) -> set[str]:
        """Restore a withdrawn reading read again, if only re-extractions withdrew it.

        Their amendments are withdrawn in turn (a correction's replacement goes with it);
        returns the ids of those replacements.
        """
        held: list[Amendment] = self.withdrawn_by.get(event.id, [])
        if not held or any(
            a.provenance.rule != REEXTRACT_RULE
            or (isinstance(a, EventCorrected) and a.replacement.id in new_ids)
            for a in held
        ):
            return set()
        vanished: set[str] = set()
        for amendment in held:
            self.appended.append(
                self.retraction(amendment, article_id, f"{self.reason} reads it again")
            )
            if isinstance(amendment, EventCorrected):
                vanished.add(amendment.replacement.id)
        self.restored.append(event.id)
        return vanished

    def _replace(self, before: list[Fact], after: list[Fact], article_id: str) -> None:
        """Correct old readings by new ones of the same slot; retract or add the rest."""
        for fact, event in zip(before, after, strict=False):
            self.appended.append(
                EventCorrected(
                    partners=tuple(sorted(set(fact.partners) | set(event.partners))),
                    target=fact.id,
                    replacement=event,
                    reason=self.reason,
                    occurred=DateSpan.day(self.known),
                    provenance=self.stamp(article_id),
                )
            )
            self.corrected.append((fact.id, event.id))
        for fact in before[len(after) :]:
            self.appended.append(self.retraction(fact, article_id, self.reason))
            self.retracted.append(fact.id)
        for event in after[len(before) :]:
            hold = EventRetracted(
                partners=event.partners,
                target=event.id,
                reason=f"not read before the {self.reason}",
                occurred=DateSpan.unknown(),
                provenance=self.stamp(article_id, HOLD_RULE, event.provenance.published),
            )
            release = self.retraction(hold, article_id, self.reason)
            self.appended += [event, hold, release]
            self.added.append(event.id)


def reextract(
    log: EventLog, *, since: str | None = None, published: date | None = None
) -> ReextractResult:
    """Read the stored articles of `log` again with the current extractor; append the changes.

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
    last = log.last_seq
    run = _Run(log, last, published or date.today())
    read = skipped = 0
    # Facts and amendments were read first; the articles (the bulk of the bytes) are streamed
    # one at a time, so memory holds the readings, not every article's text.
    for record in log.read(until=last, kinds=ArticleRecorded.kind):
        stored = record.event
        assert isinstance(stored, ArticleRecorded)  # the read keeps only them
        if not run.due(stored.article_id, since):
            skipped += 1
            continue
        read += 1
        run.read_again(_article(stored))
    records = log.append(run.appended, expected_last_seq=last) if run.appended else []
    return ReextractResult(
        extractor=run.name,
        version=run.version,
        articles=read,
        skipped=skipped,
        retracted=tuple(run.retracted),
        corrected=tuple(run.corrected),
        added=tuple(run.added),
        restored=tuple(run.restored),
        records=sum(1 for r in records if r.seq > last),
    )
