"""What every view shares: kind labels, partner names, amounts and dates for people, escaping.

Private to `timeline.report`; the public names are re-exported by the package.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from timeline.dates import DateSpan
from timeline.errors import SchemaError
from timeline.events import REGISTRY, Event, EventCorrected, EventRetracted, Fact, kind_info
from timeline.fold import HistoryEntry, PartnerState, Source, calendar_key, totals, within
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


#: What a lane that is not one foreign country stands for: (a few words, a sentence).
_PARTNER_NOTES: Mapping[str, tuple[str, str]] = {
    "UA": ("Ukraine's own industry", "Ukraine's own defence industry: domestic production"),
    "UDCG": ("group: Ramstein format", "a group: the Ukraine Defense Contact Group (Ramstein)"),
    "EU": ("group: EU institutions", "a group: the European Union and its institutions"),
    "NATO": ("group: the alliance", "a group: NATO and its bodies"),
    "NORDIC": ("group: Nordic countries", "a group: the Nordic countries acting together"),
    "G7": ("group: G7 countries", "a group: the G7 countries acting together"),
}


def partner_note(partner: str, *, short: bool = False) -> str:
    """What a partner id that is not one foreign country stands for ("" for a country).

    >>> partner_note("UA", short=True), partner_note("UDCG", short=True), partner_note("BE")
    ("Ukraine's own industry", 'group: Ramstein format', '')
    """
    note = _PARTNER_NOTES.get(partner)
    if note is None:
        return ""
    return note[0] if short else note[1]


def amount_text(amount: Money | Factor | None) -> str:
    """An amount for people: ``over €600,000,000``, ``DKK 1,700,000``; a factor ``x2.5``.

    (Written with the multiplication sign; "" for None.)
    """
    if amount is None:
        return ""
    prefix = "" if amount.qualifier.value == "exact" else amount.qualifier.value.replace("_", " ")
    prefix = prefix + " " if prefix else ""
    if isinstance(amount, Money):
        return f"{prefix}{_figure(amount.value, amount.currency)}"
    return f"{prefix}{TIMES}{amount.value:f}"


#: The dash between the ends of a range, and the sign before a factor.
DASH = "\u2013"
TIMES = "\u00d7"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _mon(day: date) -> str:
    return _MONTHS[day.month - 1][:3]


def _day(day: date) -> str:
    return f"{day.day} {_mon(day)} {day.year}"


def _month_start(day: date) -> bool:
    return day.day == 1


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1 if day < date.max else True


def _closed_plain(first: date, last: date) -> str:
    """A closed interval in words, as coarse as its ends allow."""
    if first == last:
        return _day(first)
    whole_months = _month_start(first) and _month_end(last)
    quarter = whole_months and first.month % 3 == 1 and last.month == first.month + 2
    if whole_months and (first.month, last.month) == (1, 12):
        return str(first.year) if first.year == last.year else f"{first.year}{DASH}{last.year}"
    if quarter and first.year == last.year:
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    if whole_months:
        if (first.year, first.month) == (last.year, last.month):
            return f"{_MONTHS[first.month - 1]} {first.year}"
        if first.year == last.year:
            return f"{_mon(first)}{DASH}{_mon(last)} {first.year}"
        return f"{_mon(first)} {first.year} {DASH} {_mon(last)} {last.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{DASH}{last.day} {_mon(last)} {last.year}"
    if first.year == last.year:
        return f"{first.day} {_mon(first)} {DASH} {_day(last)}"
    return f"{_day(first)} {DASH} {_day(last)}"


def plain_date(span: DateSpan) -> str:
    """A fact's date in words, for people (EDTF stays in JSON and CSV).

    >>> from datetime import date
    >>> plain_date(DateSpan.on_or_before(date(2024, 1, 30)))
    'on or before 30 Jan 2024'
    >>> plain_date(DateSpan.month(2023, 6)), plain_date(DateSpan.quarter(2023, 4))
    ('June 2023', 'Q4 2023')
    >>> plain_date(DateSpan.on_or_after(date(2022, 2, 24))), plain_date(DateSpan.unknown())
    ('since 24 Feb 2022', 'date unknown')
    >>> plain_date(DateSpan.parse("2024-01-22/2024-01-28")) == f"22{DASH}28 Jan 2024"
    True
    >>> plain_date(DateSpan.year(2023)), plain_date(DateSpan.parse("2023-03/2023-04"))
    ('2023', 'Mar\u2013Apr 2023')
    """
    first, last = span.earliest, span.latest
    if first is None and last is None:
        return "date unknown"
    if first is None:
        assert last is not None
        return f"on or before {_day(last)}"
    if last is None:
        return f"since {_day(first)}"
    return _closed_plain(first, last)


def plain_day(day: date | None, missing: str = "-") -> str:
    """One day in words (``30 Jan 2024``), `missing` for None."""
    return missing if day is None else _day(day)


#: The symbols written before an amount; other currencies are written with their ISO code.
CURRENCY_SYMBOLS: Mapping[str, str] = {"EUR": "€", "USD": "$", "GBP": "£", "UAH": "₴"}


def _figure(value: Decimal, currency: str) -> str:
    number = f"{value:,f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def short_amount(amount: Money | Factor) -> str:
    """An amount in a few characters, for the picture: ``€600M+``, ``DKK 1.7B``, a factor ``x2.5``.

    A qualifier is one sign: ``+`` over, ``~`` about, ``<`` under, ``≤`` up to.
    """
    marks = {"over": "+", "about": "~", "under": "<", "up_to": "≤"}
    mark = marks.get(amount.qualifier.value, "")
    if isinstance(amount, Factor):
        body = f"{TIMES}{float(amount.value):.3g}"
    else:
        value, suffix = float(amount.value), ""
        for exponent, name in ((12, "T"), (9, "B"), (6, "M"), (3, "k")):
            if value >= 10**exponent:
                value, suffix = value / 10**exponent, name
                break
        number = f"{value:.3g}" if value < 1000 else f"{value:.0f}"
        symbol = CURRENCY_SYMBOLS.get(amount.currency)
        body = f"{symbol}{number}{suffix}" if symbol else f"{amount.currency} {number}{suffix}"
    return f"{body}{mark}" if mark == "+" else f"{mark}{body}"


def entry_order(entry: HistoryEntry) -> tuple[Any, ...]:
    """A history entry's place: its merged fact's (so reports of one fact stay together),
    in the fold's calendar order (`timeline.fold.calendar_key`)."""
    if entry.fact is not None and entry.fact.merged:
        return (*calendar_key(entry.fact), entry.seq)
    return (*calendar_key(entry.event), entry.seq)


def in_window(
    states: Mapping[str, PartnerState], since: date | None, until: date | None
) -> dict[str, PartnerState]:
    """`states` with only the facts `within` the window, their totals summed again (by the
    fold's one totals rule); a partner left with nothing is left out."""
    out = {}
    for partner, state in states.items():
        sections: dict[str, Any] = {
            name: tuple(i for i in getattr(state, name) if within(i.occurred, since, until))
            for name, _ in SECTIONS
        }
        kept = attrs.evolve(state, **sections, committed_totals=totals(sections["commitments"]))
        if not kept.is_empty:
            out[partner] = kept
    return out


def describe(event: Event) -> str:
    """A short technical line for tables of events: amount, factor, scope, names, target."""
    parts = []
    for name in ("amount", "factor"):
        value = getattr(event, name, None)
        if value is not None:
            parts.append(amount_text(value))
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
        parts.append(f"delivery expected {plain_date(delivery)}")
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
    *(heading.lower() for _, heading in SECTIONS),
    "first activity",
    "last activity",
)


def summary_rows(
    states: Mapping[str, PartnerState], *, currency: str | None = None
) -> list[dict[str, Any]]:
    """One JSON-ready row per partner: counts per section, totals per currency, activity.

    With `currency`, ``committed_converted`` gives the committed amounts converted into it
    at the ECB rate of each fact's date (`timeline.report.convert`), as text.

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
    ('NL', 'Netherlands', 1, {'EUR': '€87,000,000'})
    """
    rows = []
    for partner, state in states.items():
        row: dict[str, Any] = {"partner": partner, "name": partner_label(partner)}
        for name, _ in SECTIONS:
            row[name] = len(getattr(state, name))
        row["committed"] = {c: amount_text(m) for c, m in state.committed_totals.items()}
        if currency is not None and state.committed_totals:
            from timeline.report.convert import converted_totals

            total = converted_totals(state, currency).total
            row["committed_converted"] = "" if total is None else f"\u2248 {amount_text(total)}"
        row["first_activity"] = iso(state.first_activity)
        row["last_activity"] = iso(state.last_activity)
        rows.append(row)
    return rows


def summary_cells(row: Mapping[str, Any]) -> list[str]:
    """A summary row as the cells of `SUMMARY_HEADER`."""
    committed = str(row["commitments"])
    totals = "; ".join(row["committed"].values())
    if row.get("committed_converted"):
        totals += f" {row['committed_converted']}"
    if totals:
        committed += f" ({totals})"
    counts = [committed if name == "commitments" else str(row[name]) for name, _ in SECTIONS]
    return [
        f"{row['name']} ({row['partner']})",
        *counts,
        plain_day(_day_of(row["first_activity"])),
        plain_day(_day_of(row["last_activity"])),
    ]


def _day_of(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def times_text(states: Mapping[str, PartnerState]) -> str:
    """One sentence on the times a report answers for, and how much it counts."""
    if not states:
        return "No partner has a fact counted under these times."
    first = next(iter(states.values()))
    if first.as_of is None:
        as_of = "As of now"
    else:
        surely = "certainly" if first.mode.value == "certain" else "possibly"
        as_of = f"As of {plain_day(first.as_of)} (what {surely} happened by then)"
    known = f"as known on {plain_day(first.known_at)}" if first.known_at else "as known now"
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
        f"{as_of}, {known}{recorded}: {count(len(states), 'partner')}, "
        f"{count(facts, 'fact')} from {count(articles, 'source')}."
    )


def totals_rule(states: Mapping[str, PartnerState]) -> str:
    """How the committed totals count, said once for a whole report ("" with no state)."""
    rules = {state.totals_rule for state in states.values()}
    return "; ".join(sorted(rules))


def conversion_note(currency: str | None) -> str:
    """What a report says once about converted figures ("" without a currency)."""
    if currency is None:
        return ""
    return (
        f"Figures marked \u2248 are converted into {currency} at the European Central Bank "
        "reference rate of each fact's date (the last day of its interval, or its report's "
        "publication); they are a view, never stored, and amounts in a currency the ECB does "
        "not quote are left out of them."
    )


#: What a report says once, under its title, on how to read its dates and totals.
READING_NOTE = (
    "Dates are written as the reports give them: a day, a week, a month or a year; "
    "“on or before” a date when a report says only that something had happened by its "
    "publication; “since” a date for a change still going on."
)
