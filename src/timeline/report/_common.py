"""What every view shares: kind labels, partner names, amounts and dates for people, escaping.

Private to `timeline.report`; the public names are re-exported by the package.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from timeline.errors import SchemaError
from timeline.events import REGISTRY, Event, EventCorrected, EventRetracted, Fact, kind_info
from timeline.fold import PartnerState, Source
from timeline.money import Factor, Money

#: The title a report has unless the caller names another.
DEFAULT_TITLE = "Defence-industrial cooperation with Ukraine"

#: The sections of a state, in the order views show them, with their headings (from the
#: kind registry, `timeline.events.REGISTRY`).
SECTIONS: tuple[tuple[str, str], ...] = tuple((info.section, info.heading) for info in REGISTRY)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def esc(text: object) -> str:
    """Text made safe for XML and HTML, in content and in quoted attributes."""
    return html.escape(_CONTROL.sub(" ", str(text)), quote=True)


def iso(day: date | None) -> str | None:
    """``day`` as ``YYYY-MM-DD``, None for None."""
    return None if day is None else day.isoformat()


def count(n: int, noun: str) -> str:
    """``1 partner``, ``2 partners``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def kind_label(kind: str) -> str:
    """A kind's name in tables and chronologies (``memorandum signed``), from the registry."""
    try:
        return kind_info(kind).label.lower()
    except SchemaError:
        return kind


def partner_label(partner: str) -> str:
    """The display name of a partner id ("Belgium"), or the id itself when it has none."""
    from timeline.errors import PartnerError
    from timeline.partners import partner_name

    try:
        return partner_name(partner)
    except PartnerError:
        return partner


def amount_text(amount: Money | Factor | None) -> str:
    """An amount for people: ``over 600,000,000 EUR``, a factor ``x2.5`` ("" for None)."""
    if amount is None:
        return ""
    prefix = "" if amount.qualifier.value == "exact" else amount.qualifier.value.replace("_", " ")
    prefix = prefix + " " if prefix else ""
    if isinstance(amount, Money):
        return f"{prefix}{amount.value:,f} {amount.currency}"
    return f"{prefix}x{amount.value:f}"


def describe(event: Event) -> str:
    """A short technical line for tables of events: amount, factor, scope, names, target."""
    parts = []
    for name in ("amount", "factor"):
        value = getattr(event, name, None)
        if value is not None:
            parts.append(str(value))
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


def what(event: Fact) -> str:
    """What a fact says beyond its kind and date, for people: amount, scope, items, companies."""
    parts = []
    for name in ("amount", "factor"):
        value = getattr(event, name, None)
        if value is not None:
            parts.append(amount_text(value))
    package = getattr(event, "package_number", None)
    if package is not None:
        parts.append(f"package no. {package}")
    for name in ("scope", "product", "category", "sector", "format"):
        value = getattr(event, name, None)
        if value:
            parts.append(str(value))
    for name in ("companies", "items", "participants", "parties"):
        value = getattr(event, name, None)
        if value:
            parts.append(", ".join(value))
    quantity = getattr(event, "quantity", None)
    if quantity is not None:
        parts.append(f"quantity {quantity}")
    delivery = getattr(event, "expected_delivery", None)
    if delivery is not None:
        parts.append(f"delivery expected {delivery.edtf()}")
    return "; ".join(dict.fromkeys(parts))


def totals_text(state: PartnerState) -> str:
    """A partner's committed totals, one per currency: ``over 690,000,000 EUR``."""
    return "; ".join(amount_text(m) for m in state.committed_totals.values())


def outlets(sources: Iterable[Source]) -> str:
    """The distinct outlets of `sources`, sorted, comma-separated."""
    return ", ".join(sorted({s.outlet or s.article_id or "?" for s in sources}))


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain web address (http or https), else None: never a script."""
    if url and re.match(r"https?://[^\s<>\"']+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows as an aligned text table under `header` and a line of dashes."""
    table = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# -- the summary: one row per partner, shared by every view ------------------------------------

SUMMARY_HEADER = (
    "partner",
    *(heading.lower() if name != "commitments" else "committed" for name, heading in SECTIONS),
    "first activity",
    "last activity",
)


def summary_rows(states: Mapping[str, PartnerState]) -> list[dict[str, Any]]:
    """One JSON-ready row per partner: counts per section, totals per currency, activity.

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import AidCommitted
    >>> from timeline.money import Money
    >>> from timeline.fold import project
    >>> from timeline.fold import Entry
    >>> pledge = AidCommitted(partners=("NL",), occurred=DateSpan.month(2024, 1),
    ...     amount=Money(87_000_000, "EUR"))
    >>> row = summary_rows(project([Entry(1, pledge)]))[0]
    >>> row["partner"], row["name"], row["commitments"], row["committed"]
    ('NL', 'Netherlands', 1, {'EUR': '87,000,000 EUR'})
    """
    rows = []
    for partner, state in states.items():
        row: dict[str, Any] = {"partner": partner, "name": partner_label(partner)}
        for name, _ in SECTIONS:
            row[name] = len(getattr(state, name))
        row["committed"] = {c: amount_text(m) for c, m in state.committed_totals.items()}
        row["first_activity"] = iso(state.first_activity)
        row["last_activity"] = iso(state.last_activity)
        rows.append(row)
    return rows


def summary_cells(row: Mapping[str, Any]) -> list[str]:
    """A summary row as the cells of `SUMMARY_HEADER`."""
    counts = [
        "; ".join(row["committed"].values()) or "-" if name == "commitments" else str(row[name])
        for name, _ in SECTIONS
    ]
    return [
        f"{row['name']} ({row['partner']})",
        *counts,
        row["first_activity"] or "-",
        row["last_activity"] or "-",
    ]


def times_text(states: Mapping[str, PartnerState]) -> str:
    """One sentence on the times a report answers for, and how much it counts."""
    if not states:
        return "No partner has a fact counted under these times."
    first = next(iter(states.values()))
    as_of = f"as of {first.as_of}" if first.as_of else "as of now"
    mode = f" ({first.mode.value})" if first.as_of else ""
    known = f"as known at {first.known_at}" if first.known_at else "as known now"
    recorded = f", log position {first.recorded_by}" if first.recorded_by is not None else ""
    facts = len({i for s in states.values() for i in s.event_ids})
    articles = len(
        {
            src.article_id or src.url or src.quote
            for s in states.values()
            for item in s.items
            for src in item.sources
        }
    )
    return (
        f"{as_of.capitalize()}{mode}, {known}{recorded}: {count(len(states), 'partner')}, "
        f"{count(facts, 'fact')} from {count(articles, 'source')}."
    )
