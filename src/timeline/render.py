"""Views of events, states and histories: plain JSON-ready dicts and text tables.

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import AidCommitted, Provenance
>>> from timeline.money import Money
>>> e = AidCommitted(partners=("DK",), occurred=DateSpan.on_or_before(date(2024, 1, 31)),
...     provenance=Provenance(start=0, end=20, quote="Denmark pledged money"),
...     amount=Money(12_000_000, "EUR", "over"))
>>> view = event_view(e)
>>> view["kind"], view["partners"], view["occurred"]["latest"]
('aid_committed', ['DK'], '2024-01-31')
>>> view["amount"]
{'value': '12000000', 'currency': 'EUR', 'qualifier': 'over'}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from timeline.dates import DateSpan
from timeline.events import Event, EventCorrected, EventRetracted, Fact, Provenance
from timeline.money import Factor, Money
from timeline.projections import HistoryEntry, Item, PartnerState, Source

__all__ = [
    "SECTIONS",
    "event_view",
    "events_table",
    "history_table",
    "item_view",
    "money_view",
    "span_view",
    "state_table",
    "state_view",
]

#: The sections of a state, in the order views show them, with their headings.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("memoranda", "Memoranda"),
    ("agreements", "Agreements"),
    ("joint_ventures", "Joint ventures"),
    ("commitments", "Commitments"),
    ("deliveries", "Deliveries"),
    ("production", "Production"),
    ("meetings", "Meetings"),
)

_ENVELOPE = {"id", "partners", "occurred", "provenance", "amount", "factor", "replacement"}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def span_view(span: DateSpan) -> dict[str, Any]:
    """``{earliest, latest, precision, edtf}`` with ISO dates (None for open ends)."""
    return {
        "earliest": _iso(span.earliest),
        "latest": _iso(span.latest),
        "precision": span.precision.value,
        "edtf": span.edtf(),
    }


def money_view(money: Money | Factor | None) -> dict[str, str] | None:
    """``{value, currency, qualifier}`` for money, ``{value, qualifier}`` for a factor."""
    if money is None:
        return None
    if isinstance(money, Money):
        return {
            "value": f"{money.value:f}",
            "currency": money.currency,
            "qualifier": money.qualifier.value,
        }
    return {"value": f"{money.value:f}", "qualifier": money.qualifier.value}


def _plain(value: Any) -> Any:
    if isinstance(value, DateSpan):
        return span_view(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Money | Factor):
        return money_view(value)
    return value


def _source_view(provenance: Provenance | Source) -> dict[str, Any]:
    view: dict[str, Any] = {
        "start": provenance.start,
        "end": provenance.end,
        "quote": provenance.quote,
        "article_id": provenance.article_id,
        "outlet": provenance.outlet,
        "url": provenance.url,
        "published": _iso(provenance.published),
    }
    return view


def event_view(event: Event) -> dict[str, Any]:
    """An event as one JSON-ready dict: kind, partners, occurred, amount, factor, source, id."""
    view: dict[str, Any] = {
        "id": event.id,
        "kind": event.kind,
        "partners": list(event.partners),
        "occurred": span_view(event.occurred),
        "amount": money_view(getattr(event, "amount", None)),
        "factor": money_view(getattr(event, "factor", None)),
        "source": _source_view(event.provenance),
        "rule": event.provenance.rule,
    }
    for field in attrs.fields(type(event)):
        if field.name not in _ENVELOPE:
            view[field.name] = _plain(getattr(event, field.name))
    if isinstance(event, EventCorrected):
        view["replacement"] = event_view(event.replacement)
    return view


def item_view(item: Item) -> dict[str, Any]:
    """A state item as a JSON-ready dict, with its sources."""
    view = event_view(item.event)
    del view["source"], view["rule"]
    view["shared"] = item.shared
    view["event_ids"] = list(item.event_ids)
    view["corrects"] = item.corrects
    view["sources"] = [_source_view(s) for s in item.sources]
    return view


def state_view(state: PartnerState) -> dict[str, Any]:
    """A partner's state as a JSON-ready dict (the keys of ``timeline state --format json``)."""
    view: dict[str, Any] = {
        "partner": state.partner,
        "as_of": _iso(state.as_of),
        "known_at": _iso(state.known_at),
        "recorded_by": state.recorded_by,
        "mode": state.mode.value,
    }
    for name, _ in SECTIONS:
        view[name] = [item_view(i) for i in getattr(state, name)]
    view["committed_totals"] = {
        currency: {
            "value": f"{money.value:f}",
            "qualifier": money.qualifier.value,
            "lower_bound": money.is_lower_bound,
        }
        for currency, money in state.committed_totals.items()
    }
    view["first_activity"] = _iso(state.first_activity)
    view["last_activity"] = _iso(state.last_activity)
    return view


def _describe(event: Fact | EventRetracted | EventCorrected | Event) -> str:
    parts = []
    amount = getattr(event, "amount", None)
    factor = getattr(event, "factor", None)
    if amount is not None:
        parts.append(str(amount))
    if factor is not None:
        parts.append(str(factor))
    for name in ("scope", "product", "category", "sector", "format"):
        value = getattr(event, name, None)
        if value:
            parts.append(str(value))
    for name in ("companies", "items", "participants"):
        value = getattr(event, name, None)
        if value:
            parts.append(", ".join(value))
    if isinstance(event, EventRetracted | EventCorrected):
        parts.append(f"target {event.target}: {event.reason}")
    return "; ".join(parts)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def events_table(events: Iterable[Event]) -> str:
    """Events as an aligned text table: kind, partners, occurred, what, id."""
    return _table(
        ("kind", "partners", "occurred", "what", "id"),
        (
            (e.kind, ",".join(e.partners), e.occurred.edtf(), _describe(e)[:70], e.id)
            for e in events
        ),
    )


def state_table(state: PartnerState) -> str:
    """A partner's state as text: totals, then each section's items in date order."""
    times = [
        f"as of {state.as_of or 'now'}",
        f"known at {state.known_at or 'any time'}",
        f"mode {state.mode.value}",
    ]
    lines = [f"{state.partner} — {', '.join(times)}"]
    if state.committed_totals:
        totals = ", ".join(str(m) for m in state.committed_totals.values())
        lines.append(f"committed: {totals}")
    lines.append(f"activity: {state.first_activity or '-'} .. {state.last_activity or '-'}")
    for name, heading in SECTIONS:
        items: tuple[Item, ...] = getattr(state, name)
        if not items:
            continue
        lines.append(f"{heading} ({len(items)})")
        for item in items:
            shared = " (shared: " + ",".join(item.partners) + ")" if item.shared else ""
            outlets = ", ".join(sorted({s.outlet or s.article_id or "?" for s in item.sources}))
            lines.append(
                f"  {item.occurred.edtf():24} {_describe(item.event)}{shared}  [{outlets}]"
            )
    if state.is_empty:
        lines.append("nothing counted")
    return "\n".join(lines)


def history_table(entries: Iterable[HistoryEntry]) -> str:
    """A partner's history: each fact in occurred order with its status."""
    return _table(
        ("occurred", "kind", "status", "what", "id"),
        (
            (
                e.event.occurred.edtf(),
                e.event.kind,
                e.status.value,
                _describe(e.event)[:60],
                e.event.id,
            )
            for e in entries
        ),
    )
