"""The same workload in the `eventsourcing` library: one aggregate per partner, SQLite persistence.

Every timeline event becomes one domain event of the aggregate of its first partner (an
article, which names no partner, goes to an ``articles`` aggregate). The domain event
carries the same content, typed as `eventsourcing` transcodes it: dates, Decimal amounts,
text and lists. `PartnerAggregate.Reported.apply` is the fold: it keeps the items by id
(kind, occurred, amount) and the committed totals per currency, and applies retractions and
corrections; the notification-log replay folds every stored event into its aggregate.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoder, Transcoding

from timeline.events import ArticleRecorded, Event, EventCorrected, EventRetracted
from timeline.log.wire import encode

NAMESPACE = uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")


def aggregate_id(partner: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, partner)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class PartnerAggregate(Aggregate):
    """A partner's state: items by id and committed totals by currency."""

    class Created(Aggregate.Created):
        partner: str

    def __init__(self, partner: str) -> None:
        self.partner = partner
        self.items: dict[str, tuple[str, str, Decimal | None, str | None]] = {}
        self.totals: dict[str, Decimal] = {}

    class Reported(Aggregate.Event):
        event_id: str
        kind: str
        partners: list[str]
        occurred: str
        published: date | None
        provenance: dict[str, Any]
        amount: Decimal | None
        currency: str | None
        target: str | None
        fields: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            items = aggregate.items
            if self.kind == "event_retracted":
                old = items.pop(self.target, None)
                _untotal(aggregate, old)
            elif self.kind == "event_corrected":
                old = items.pop(self.target, None)
                _untotal(aggregate, old)
                replacement = self.fields["replacement"]
                amount = replacement.get("amount") or {}
                value = Decimal(amount["value"]) if amount else None
                item = (replacement["kind"], replacement["occurred"], value, amount.get("currency"))
                items[replacement["id"]] = item
                _total(aggregate, item)
            elif self.kind != "article_recorded":
                item = (self.kind, self.occurred, self.amount, self.currency)
                items[self.event_id] = item
                _total(aggregate, item)


def _total(aggregate: Any, item: tuple[str, str, Decimal | None, str | None]) -> None:
    kind, _, amount, currency = item
    if kind == "aid_committed" and amount is not None and currency is not None:
        aggregate.totals[currency] = aggregate.totals.get(currency, Decimal(0)) + amount


def _untotal(aggregate: Any, item: tuple[str, str, Decimal | None, str | None] | None) -> None:
    if item is None:
        return
    kind, _, amount, currency = item
    if kind == "aid_committed" and amount is not None and currency is not None:
        aggregate.totals[currency] = aggregate.totals[currency] - amount


class Partners(Application):
    """The application: SQLite persistence (set through the environment)."""

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)  # type: ignore[arg-type]
        transcoder.register(DateAsISO())  # type: ignore[attr-defined]


def open_app(path: str) -> Partners:
    return Partners(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    )


_STAMP = datetime(2025, 1, 1, tzinfo=UTC)


class Converter:
    """Turns timeline events into domain events, keeping each aggregate's version."""

    def __init__(self) -> None:
        self.versions: dict[uuid.UUID, int] = {}

    def convert(self, event: Event) -> list[Any]:
        """The domain events for `event` (a Created event first, for a new aggregate)."""
        partner = event.partners[0] if event.partners else "articles"
        originator = aggregate_id(partner)
        out: list[Any] = []
        version = self.versions.get(originator)
        if version is None:
            version = 1
            out.append(
                PartnerAggregate.Created(
                    originator_id=originator,
                    originator_version=1,
                    timestamp=_STAMP,
                    originator_topic="es_model:PartnerAggregate",
                    partner=partner,
                )
            )
        wire = encode(event)
        amount = wire.get("amount") or None
        provenance = dict(wire["provenance"])
        published = event.provenance.published
        provenance.pop("published")
        fields = {
            k: v
            for k, v in wire.items()
            if k not in ("kind", "schema", "id", "partners", "occurred", "provenance", "amount")
        }
        if isinstance(event, ArticleRecorded):
            fields["published"] = event.published
        version += 1
        out.append(
            PartnerAggregate.Reported(
                originator_id=originator,
                originator_version=version,
                timestamp=_STAMP,
                event_id=event.id,
                kind=event.kind,
                partners=list(event.partners),
                occurred=wire["occurred"],
                published=published,
                provenance=provenance,
                amount=Decimal(amount["value"]) if amount else None,
                currency=amount["currency"] if amount else None,
                target=event.target if isinstance(event, EventRetracted | EventCorrected) else None,
                fields=fields,
            )
        )
        self.versions[originator] = version
        return out


def replay(app: Partners, page: int = 1000) -> dict[Any, Any]:
    """Scan the notification log, decode every event, mutate it into its aggregate."""
    aggregates: dict[Any, Any] = {}
    recorder = app.recorder
    to_domain_event = app.mapper.to_domain_event
    start = 1
    while True:
        notifications = recorder.select_notifications(start, page)
        for notification in notifications:
            domain_event = to_domain_event(notification)
            key = domain_event.originator_id
            aggregates[key] = domain_event.mutate(aggregates.get(key))
        if len(notifications) < page:
            return aggregates
        start = notifications[-1].id + 1
