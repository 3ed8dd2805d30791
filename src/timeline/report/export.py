"""Rows for spreadsheets: one row per fact and partner (or per event, per history entry),
written as CSV or JSON lines.

Dates stay machine-readable here (ISO days and the EDTF interval) beside a date in words;
amounts are split into value, currency and qualifier. Lists (items, outlets, addresses) are
joined with ``"; "`` in CSV and kept as lists in JSON lines.

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import AidCommitted, Provenance
>>> from timeline.fold import Entry, project
>>> from timeline.money import Money
>>> day = date(2024, 1, 31)
>>> pledge = AidCommitted(partners=("DK", "NL"), occurred=DateSpan.on_or_before(day),
...     provenance=Provenance(outlet="Example Wire", url="https://example.org/a",
...                           quote="They pledged."), amount=Money(12_000_000, "EUR", "over"))
>>> rows = fact_rows(project([Entry(1, pledge)]))
>>> [(r["partner"], r["amount_value"], r["shared_with"]) for r in rows]
[('DK', '12000000', ['NL']), ('NL', '12000000', ['DK'])]
>>> rows[0]["occurred_text"], rows[0]["occurred_edtf"], rows[0]["source_outlets"]
('on or before 31 Jan 2024', '../2024-01-31', ['Example Wire'])
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from timeline.dates import DateSpan
from timeline.events import FACT_KINDS, Confidence, Event
from timeline.fold import HistoryEntry, Item, PartnerState
from timeline.money import Factor, Money
from timeline.report._common import (
    iso,
    kind_label,
    partner_label,
    plain_date,
    what,
)

__all__ = [
    "EXPORT_FORMATS",
    "event_rows",
    "export_format",
    "fact_rows",
    "history_fields",
    "history_rows",
    "json_line",
    "write_rows",
]

#: The export formats, by the file name endings that pick them.
EXPORT_FORMATS: Mapping[str, str] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

_RANK = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


def export_format(path: str, given: str | None) -> str:
    """The format to write `path` in: `given`, else the one its ending names.

    Raises `ValueError` for an ending that names no format (and no `given`), or one that
    names another format than `given`.
    """
    ending = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    named = EXPORT_FORMATS.get(ending)
    if given is not None and named is not None and named != given:
        raise ValueError(f"{path} ends in {ending} but --format says {given}")
    if given is not None:
        return given
    if named is None:
        endings = ", ".join(EXPORT_FORMATS)
        raise ValueError(f"cannot tell the format of {path!r}: end it in {endings}")
    return named


def _span_cells(span: DateSpan) -> dict[str, Any]:
    return {
        "occurred_earliest": iso(span.earliest),
        "occurred_latest": iso(span.latest),
        "occurred_precision": span.precision.value,
        "occurred_edtf": span.edtf(),
        "occurred_text": plain_date(span),
    }


def _figure_cells(event: Event) -> dict[str, Any]:
    amount: Money | None = getattr(event, "amount", None)
    factor: Factor | None = getattr(event, "factor", None)
    return {
        "amount_value": None if amount is None else f"{amount.value:f}",
        "amount_currency": None if amount is None else amount.currency,
        "amount_qualifier": None if amount is None else amount.qualifier.value,
        "factor": None if factor is None else f"{factor.value:f}",
        "factor_qualifier": None if factor is None else factor.qualifier.value,
        "items": list(getattr(event, "items", ()) or ()),
        "quantity": getattr(event, "quantity", None),
        "what": what(event) if isinstance(event, FACT_KINDS) else "",
    }


def _confidence(item: Item) -> str | None:
    """The surest reading among the fact's reports ('' when one was entered by hand)."""
    found = [report.event.provenance.confidence for report in (item.reports or (item,))]
    if any(c is None for c in found):
        return None
    return max((c for c in found if c is not None), key=_RANK.__getitem__).value


def _fact_row(partner: str, item: Item) -> dict[str, Any]:
    quotes = [s.quote for s in item.sources if s.quote]
    return {
        "partner": partner,
        "partner_name": partner_label(partner),
        "kind": item.kind,
        "kind_label": kind_label(item.kind),
        **_span_cells(item.occurred),
        **_figure_cells(item.event),
        "shared_with": [p for p in item.partners if p != partner],
        "corroboration": item.corroboration,
        "conflict": item.conflict,
        "confidence": _confidence(item),
        "source_urls": sorted({s.url for s in item.sources if s.url}),
        "source_outlets": sorted({s.outlet for s in item.sources if s.outlet}),
        "published": sorted({s.published.isoformat() for s in item.sources if s.published}),
        "quote": quotes[0] if quotes else None,
        "id": item.id,
        "event_ids": list(item.event_ids),
        "corrects": item.corrects,
    }


def _conversion_cells(item: Item, currency: str) -> dict[str, Any]:
    from timeline.report.convert import convert, rate_day

    amount = item.amount
    done = None if amount is None else convert(amount, currency, rate_day(item))
    figure = None if done is None else done.converted
    return {
        "converted_value": None if figure is None else f"{figure.value:f}",
        "converted_currency": currency,
        "conversion_rate": None if done is None or done.rate is None else f"{done.rate:f}",
        "conversion_date": None if done is None else iso(done.on),
        "conversion_note": None if done is None else done.note,
    }


def fact_rows(
    states: Mapping[str, PartnerState], *, currency: str | None = None
) -> list[dict[str, Any]]:
    """One row per fact and partner: a shared fact is a row of each of its partners.

    Partners in the order of `states`, facts in calendar order. The columns: partner and
    its name, kind, the occurred interval (earliest, latest, precision, EDTF, in words), the
    amount (value, currency, qualifier) or factor, items, quantity, what the fact says, the
    other partners of a shared fact, corroboration, conflict, confidence, the sources'
    addresses, outlets and publication dates, a quote, and ids. With `currency`, each amount
    also converted into it, with the ECB rate and date used (`timeline.report.convert`).
    """
    rows = []
    for partner, state in states.items():
        for item in state.chronology():
            row = _fact_row(partner, item)
            if currency is not None:
                row.update(_conversion_cells(item, currency))
            rows.append(row)
    return rows


def _event_row(event: Event) -> dict[str, Any]:
    provenance = event.provenance
    row: dict[str, Any] = {
        "id": event.id,
        "kind": event.kind,
        "partners": list(event.partners),
        **_span_cells(event.occurred),
        **_figure_cells(event),
        "target": getattr(event, "target", None),
        "reason": getattr(event, "reason", None),
        "confidence": None if provenance.confidence is None else provenance.confidence.value,
        "source_url": provenance.url,
        "source_outlet": provenance.outlet,
        "published": iso(provenance.published),
        "quote": provenance.quote,
        "article_id": provenance.article_id,
        "rule": provenance.rule,
    }
    return row


def event_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    """One row per event, in the order given: its id, kind, partners, dates, figures, source."""
    return [_event_row(e) for e in events]


def history_rows(entries: Iterable[HistoryEntry]) -> list[dict[str, Any]]:
    """One row per history entry: the event's row with its status and what amended it."""
    return [_event_row(entry.event) | history_fields(entry) for entry in entries]


def history_fields(entry: HistoryEntry) -> dict[str, Any]:
    """What a history entry adds to its event's row or view: its status, position, the
    amendments and merged fact it belongs to, and what superseded it."""
    fact = entry.fact
    return {
        "status": entry.status.value,
        "seq": entry.seq,
        "amended_by": [a.id for a in entry.amendments],
        "fact": None if fact is None else fact.id,
        "corroboration": None if fact is None else fact.corroboration,
        "superseded_by": entry.superseded_by,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


#: Characters that JSON leaves raw but that line-splitting readers (Python's `splitlines`,
#: some editors) take for line ends: escaped, so one JSON Lines record stays one line.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(obj: Any) -> str:
    """`obj` as one line of JSON Lines (UTF-8 text kept, every line break escaped)."""
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


def write_rows(
    rows: Sequence[Mapping[str, Any]], out: TextIO, fmt: str, *, columns: Sequence[str] = ()
) -> None:
    """Write `rows` to `out` as ``csv`` (a header, then one line per row) or ``jsonl``.

    The columns are `columns`, else the first row's keys (a CSV of no row is a header only
    when `columns` are given).
    """
    if fmt == "jsonl":
        for row in rows:
            out.write(json_line(row))
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}; known: csv, jsonl")
    header = list(columns) or (list(rows[0]) if rows else [])
    if not header:
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in header])


def fact_columns(currency: str | None = None) -> list[str]:
    """The columns of `fact_rows`, for a header even when there is no row."""
    from timeline.events import MemorandumSigned

    item = Item.single(0, MemorandumSigned(partners=("BE",), occurred=DateSpan.unknown()))
    columns = list(_fact_row("BE", item))
    if currency is not None:
        columns += list(_conversion_cells(item, currency))
    return columns
