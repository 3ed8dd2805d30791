"""JSON-ready views of events, state items and states: plain dicts of strings and numbers.

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

(The text tables, reports and the picture live beside this module; the names imported from
here before the split are still importable here.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from timeline.dates import DateSpan
from timeline.events import Event, EventCorrected, Provenance
from timeline.fold import Item, PartnerState, Source
from timeline.money import Factor, Money
from timeline.report._common import (
    DEFAULT_TITLE,
    SECTIONS,
    amount_text,
    iso,
    partner_label,
    summary_rows,
)
from timeline.report.html import report_html
from timeline.report.markdown import report_markdown
from timeline.report.svg import timeline_svg
from timeline.report.text import events_table, history_table, state_table, summary_table

__all__ = [
    "DEFAULT_TITLE",
    "SECTIONS",
    "amount_text",
    "event_view",
    "events_table",
    "history_table",
    "item_view",
    "money_view",
    "partner_label",
    "report_html",
    "report_markdown",
    "span_view",
    "state_table",
    "state_view",
    "summary_rows",
    "summary_table",
    "timeline_svg",
]

_ENVELOPE = {"id", "partners", "occurred", "provenance", "amount", "factor", "replacement"}


def span_view(span: DateSpan) -> dict[str, Any]:
    """``{earliest, latest, precision, edtf}`` with ISO dates (None for open ends)."""
    return {
        "earliest": iso(span.earliest),
        "latest": iso(span.latest),
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
    return {
        "start": provenance.start,
        "end": provenance.end,
        "quote": provenance.quote,
        "article_id": provenance.article_id,
        "outlet": provenance.outlet,
        "url": provenance.url,
        "published": iso(provenance.published),
    }


def event_view(event: Event) -> dict[str, Any]:
    """An event as one JSON-ready dict: kind, partners, occurred, amount, factor, source, id,
    the rule that read it and how sure that reading is (``confidence``)."""
    view: dict[str, Any] = {
        "id": event.id,
        "kind": event.kind,
        "partners": list(event.partners),
        "occurred": span_view(event.occurred),
        "amount": money_view(getattr(event, "amount", None)),
        "factor": money_view(getattr(event, "factor", None)),
        "source": _source_view(event.provenance),
        "rule": event.provenance.rule,
        "confidence": _plain(event.provenance.confidence),
    }
    for field in attrs.fields(type(event)):
        if field.name not in _ENVELOPE:
            view[field.name] = _plain(getattr(event, field.name))
    if isinstance(event, EventCorrected):
        view["replacement"] = event_view(event.replacement)
    return view


def item_view(item: Item) -> dict[str, Any]:
    """A state item as a JSON-ready dict, with its sources.

    Beside the fact's fields: ``corroboration`` (distinct outlets), ``conflict``,
    ``variants`` (what each group of reports said, for a merged fact) and ``supersedes``
    (the views of the earlier pledges this one raised).
    """
    view = event_view(item.event)
    del view["source"], view["rule"]
    view["shared"] = item.shared
    view["event_ids"] = list(item.event_ids)
    view["corrects"] = item.corrects
    view["sources"] = [_source_view(s) for s in item.sources]
    view["corroboration"] = item.corroboration
    view["conflict"] = item.conflict
    view["variants"] = [
        {
            "amount": money_view(v.amount),
            "occurred": span_view(v.occurred),
            "event_ids": list(v.event_ids),
            "sources": [_source_view(s) for s in v.sources],
        }
        for v in item.variants
    ]
    view["supersedes"] = [item_view(earlier) for earlier in item.supersedes]
    return view


def state_view(state: PartnerState) -> dict[str, Any]:
    """A partner's state as a JSON-ready dict (the keys of ``timeline state --format json``)."""
    view: dict[str, Any] = {
        "partner": state.partner,
        "as_of": iso(state.as_of),
        "known_at": iso(state.known_at),
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
    view["totals_rule"] = state.totals_rule
    view["conflicts"] = [item.id for item in state.conflicts]
    view["first_activity"] = iso(state.first_activity)
    view["last_activity"] = iso(state.last_activity)
    return view
