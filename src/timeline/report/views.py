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

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from timeline.dates import DateSpan
from timeline.events import Event, EventCorrected, EventRetracted, Fact, Provenance
from timeline.fold.projections import HistoryEntry, Item, PartnerState, Source
from timeline.money import Factor, Money

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
    view["totals_rule"] = state.totals_rule
    view["conflicts"] = [item.id for item in state.conflicts]
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
        lines.append(f"totals rule: {state.totals_rule}")
    lines.append(f"activity: {state.first_activity or '-'} .. {state.last_activity or '-'}")
    for name, heading in SECTIONS:
        items: tuple[Item, ...] = getattr(state, name)
        if not items:
            continue
        lines.append(f"{heading} ({len(items)})")
        for item in items:
            lines += _item_lines(item, "  ")
    if state.is_empty:
        lines.append("nothing counted")
    return "\n".join(lines)


def _outlets(sources: Iterable[Source]) -> str:
    return ", ".join(sorted({s.outlet or s.article_id or "?" for s in sources}))


def _item_lines(item: Item, indent: str) -> list[str]:
    """An item's line in a state table, then its variants and the pledges it raised."""
    shared = " (shared: " + ",".join(item.partners) + ")" if item.shared else ""
    notes = ""
    if item.merged:
        notes = f" {len(item.reports)} reports, corroboration {item.corroboration}"
    if item.conflict:
        notes += " CONFLICT"
    lines = [
        f"{indent}{item.occurred.edtf():24} {_describe(item.event)}{shared}"
        f"  [{_outlets(item.sources)}]{notes}"
    ]
    if item.conflict:
        for variant in item.variants:
            said = str(variant.amount) if variant.amount is not None else "no amount"
            lines.append(
                f"{indent}    variant: {said}, {variant.occurred.edtf()}"
                f"  [{_outlets(variant.sources)}]"
            )
    for earlier in item.supersedes:
        first, *rest = _item_lines(earlier, indent + "    ")
        lines.append(f"{indent}    raises: {first.strip()}")
        lines += rest
    return lines


def history_table(entries: Iterable[HistoryEntry]) -> str:
    """A partner's history: each fact in occurred order with its status.

    The reports of one merged fact are grouped under a line for the fact (its merged date,
    amount, reports and corroboration), each report indented beneath it.
    """
    entries = list(entries)
    members: dict[str, list[HistoryEntry]] = {}
    for e in entries:
        if e.fact is not None and e.fact.merged:
            members.setdefault(e.fact.id, []).append(e)
    rows: list[tuple[str, str, str, str, str]] = []
    done: set[str] = set()
    for e in entries:
        fact = e.fact if e.fact is not None and e.fact.merged else None
        if fact is None:
            rows.append(_history_row(e, ""))
            continue
        if fact.id in done:
            continue
        done.add(fact.id)
        status = "conflict" if fact.conflict else "merged"
        what = (
            f"{_describe(fact.event)} — {len(fact.reports)} reports, "
            f"corroboration {fact.corroboration}"
        )
        if e.superseded_by is not None:
            what += f", raised by {e.superseded_by}"
        rows.append((fact.occurred.edtf(), fact.kind, status, what[:80], fact.id))
        rows += [_history_row(member, "  ") for member in members[fact.id]]
    return _table(("occurred", "kind", "status", "what", "id"), rows)


def _history_row(e: HistoryEntry, indent: str) -> tuple[str, str, str, str, str]:
    what = _describe(e.event)[:60]
    if e.superseded_by is not None and not indent:
        what += f" (raised by {e.superseded_by})"
    return (indent + e.event.occurred.edtf(), e.event.kind, e.status.value, what, e.event.id)


# -- reports: a summary table, chronologies, and the timeline picture --------------------------

#: The title a report has unless the caller names another.
DEFAULT_TITLE = "Defence-industrial cooperation with Ukraine"

_KIND_LABELS: dict[str, str] = {
    "memorandum_signed": "memorandum signed",
    "agreement_signed": "agreement signed",
    "joint_venture_established": "joint venture established",
    "aid_committed": "aid committed",
    "aid_delivered": "aid delivered",
    "production_increased": "production increased",
    "meeting_held": "meeting held",
}

_SUMMARY_HEADER = (
    "partner",
    "memoranda",
    "agreements",
    "joint ventures",
    "committed",
    "deliveries",
    "production",
    "meetings",
    "first activity",
    "last activity",
)


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


def _what(event: Fact) -> str:
    """What a fact says beyond its kind and date: amount, scope, items, companies."""
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


def _totals_text(state: PartnerState) -> str:
    return "; ".join(amount_text(m) for m in state.committed_totals.values())


def summary_rows(states: Mapping[str, PartnerState]) -> list[dict[str, Any]]:
    """One JSON-ready row per partner: counts per section, totals per currency, activity.

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import AidCommitted
    >>> from timeline.money import Money
    >>> from timeline.fold.projections import Entry, project
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
        row["first_activity"] = _iso(state.first_activity)
        row["last_activity"] = _iso(state.last_activity)
        rows.append(row)
    return rows


def _summary_cells(row: Mapping[str, Any]) -> list[str]:
    return [
        f"{row['name']} ({row['partner']})",
        str(row["memoranda"]),
        str(row["agreements"]),
        str(row["joint_ventures"]),
        "; ".join(row["committed"].values()) or "-",
        str(row["deliveries"]),
        str(row["production"]),
        str(row["meetings"]),
        row["first_activity"] or "-",
        row["last_activity"] or "-",
    ]


def summary_table(states: Mapping[str, PartnerState]) -> str:
    """The summary as an aligned text table: one line per partner.

    Columns: partner, memoranda, agreements, joint ventures, committed totals per currency,
    deliveries, production changes, meetings, first and last activity.
    """
    return _table(_SUMMARY_HEADER, (_summary_cells(r) for r in summary_rows(states)))


def _times_text(states: Mapping[str, PartnerState]) -> str:
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
        f"{as_of.capitalize()}{mode}, {known}{recorded}: {_count(len(states), 'partner')}, "
        f"{_count(facts, 'fact')} from {_count(articles, 'source')}."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _safe_url(url: str | None) -> str | None:
    """The URL if it is a plain web address (http or https), else None: never a script."""
    if url and re.match(r"https?://[^\s<>\"']+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def _source_md(source: Source) -> str:
    label = ", ".join(_md(p) for p in (source.outlet, source.published) if p is not None)
    label = label or _md(source.article_id or "source")
    url = _safe_url(source.url)
    cited = f"[{label}](<{url}>)" if url else label
    quote = f" “{_md(source.quote)}”" if source.quote else ""
    return f"{cited}{quote}"


def report_markdown(states: Mapping[str, PartnerState], *, title: str = DEFAULT_TITLE) -> str:
    """A report in Markdown: the times, a summary table, then each partner's chronology.

    Every fact of the chronology names its date (EDTF), kind and content, and cites its
    sources with their quotes. Text from articles is escaped, so a quote cannot break the
    Markdown around it.

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import MemorandumSigned, Provenance
    >>> from timeline.fold.projections import Entry, project
    >>> memo = MemorandumSigned(partners=("CZ",), occurred=DateSpan.on_or_before(date(2023, 7, 7)),
    ...     provenance=Provenance(outlet="Example Wire", published=date(2023, 7, 7),
    ...                           quote="They signed a memorandum."), scope="ammunition")
    >>> text = report_markdown(project([Entry(1, memo)], as_of=date(2023, 12, 31)))
    >>> print(text.splitlines()[2])
    As of 2023-12-31 (certain), as known now: 1 partner, 1 fact from 1 source.
    >>> "| Czechia (CZ) | 1 | 0 | 0 | - | 0 | 0 | 0 | 2023-07-07 | 2023-07-07 |" in text
    True
    """
    lines = [f"# {_md(title)}", "", _times_text(states), ""]
    if states:
        lines += ["## Summary", ""]
        lines.append("| " + " | ".join(_SUMMARY_HEADER) + " |")
        lines.append("|" + "|".join("---" for _ in _SUMMARY_HEADER) + "|")
        for row in summary_rows(states):
            lines.append("| " + " | ".join(_md(c) for c in _summary_cells(row)) + " |")
        lines.append("")
    for partner, state in states.items():
        lines += [f"## {_md(partner_label(partner))} ({_md(partner)})", ""]
        totals = _totals_text(state)
        if totals:
            lines += [f"Committed in total: {_md(totals)}.", ""]
        for item in state.items:
            what = _what(item.event)
            shared = [p for p in item.partners if p != partner]
            text = f"- **{item.occurred.edtf()}** · {_KIND_LABELS.get(item.kind, item.kind)}"
            if what:
                text += f" · {_md(what)}"
            if shared:
                text += f" (shared with {_md(', '.join(shared))})"
            if item.corrects:
                text += f" (corrects {_md(item.corrects)})"
            lines.append(text)
            for source in item.sources:
                lines.append(f"  - {_source_md(source)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def timeline_svg(states: Mapping[str, PartnerState]) -> str:
    """The timeline picture as one self-contained SVG document.

    One lane (``<g class="lane" data-partner=…>``) per partner, one mark (``<g class="mark"
    data-event-id=… data-kind=… data-earliest=… data-latest=…>``) per item, shaped and
    coloured by kind with a legend; an imprecise date is a bar over its interval, an open end
    reaches the edge of the axis with an arrow, and an unknown date sits in an "undated"
    column. Each mark's ``<title>`` is its tooltip: kind, EDTF date, content and quote.
    The axis has year ticks; the root element carries its scale (``data-domain-start``,
    ``data-domain-end``, ``data-plot-x0``, ``data-plot-x1``).

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import AidCommitted
    >>> from timeline.fold.projections import Entry, project
    >>> pledge = AidCommitted(partners=("BE",), occurred=DateSpan.month(2023, 6))
    >>> svg = timeline_svg(project([Entry(1, pledge)]))
    >>> svg.startswith("<svg") and svg.count('class="mark"') == 1
    True
    """
    from timeline.report import _svg

    names = {partner: partner_label(partner) for partner in states}
    describe = {item.id: _what(item.event) for state in states.values() for item in state.items}
    return _svg.draw(states, names=names, describe=describe)


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232a;margin:0;
background:#fff}
main{max-width:1220px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 .2em}h2{margin-top:1.6em;border-bottom:1px solid #d7dce1}
h3{margin:1.4em 0 .3em}
.times{color:#4a545e;margin:0}
figure{margin:0;overflow-x:auto}
svg.timeline{max-width:100%;height:auto}
svg .mark{cursor:default}svg .mark:hover .glyph{stroke:#000;stroke-width:1.5}
svg .lane-label{font-weight:600}
table{border-collapse:collapse;margin:.5em 0;font-size:.93em}
th,td{border-bottom:1px solid #e3e7ea;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8}
td.num{text-align:right}.wide{overflow-x:auto}
.summary td{white-space:nowrap}.summary td:first-child{white-space:normal}
.kind{white-space:nowrap}
.kind::before{content:"";display:inline-block;width:.7em;height:.7em;border-radius:50%;
margin-right:.35em;background:#999}
.quote{color:#4a545e;font-style:italic}
.date{font-family:ui-monospace,monospace;white-space:nowrap}
footer{margin-top:3em;color:#6a737c;font-size:.85em}
"""


def _kind_css() -> str:
    from timeline.report._svg import KIND_STYLES

    return "".join(
        f".k-{kind}::before{{background:{style.colour}}}" for kind, style in KIND_STYLES.items()
    )


def _source_html(source: Source) -> str:
    from timeline.report._svg import esc

    label = ", ".join(esc(p) for p in (source.outlet, source.published) if p is not None)
    label = label or esc(source.article_id or "source")
    url = _safe_url(source.url)
    cited = f'<a href="{esc(url)}" rel="noopener noreferrer">{label}</a>' if url else label
    quote = f' <span class="quote">“{esc(source.quote)}”</span>' if source.quote else ""
    return f"{cited}{quote}"


def report_html(states: Mapping[str, PartnerState], *, title: str = DEFAULT_TITLE) -> str:
    """A self-contained HTML report: the timeline picture, the summary and the chronologies.

    Inline CSS and an inline SVG only: no script, nothing fetched (a Content-Security-Policy
    says so to the browser); the article URLs are plain links. All text is escaped.

    >>> from timeline.dates import DateSpan
    >>> from timeline.events import MeetingHeld, Provenance
    >>> from timeline.fold.projections import Entry, project
    >>> talk = MeetingHeld(partners=("GB",), occurred=DateSpan.parse("2023-12-11/2023-12-15"),
    ...     provenance=Provenance(quote='A <b>"conference"</b> took place.'))
    >>> page = report_html(project([Entry(1, talk)]))
    >>> "<svg" in page, "<script" in page, "<b>" in page
    (True, False, False)
    """
    from timeline.report._svg import esc

    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_CSS}{_kind_css()}</style>",
        "</head><body><main>",
        f"<header><h1>{esc(title)}</h1>",
        f'<p class="times">{esc(_times_text(states))}</p></header>',
        '<section id="timeline"><h2>Timeline</h2><figure>',
        timeline_svg(states),
        "<figcaption>One lane per partner, one mark per fact; a bar spans an imprecise date, "
        "and a mark's tooltip shows the fact and its quote.</figcaption></figure></section>",
    ]
    if states:
        out.append(
            '<section id="summary"><h2>Summary</h2><div class="wide">'
            '<table class="summary"><thead><tr>'
        )
        out.append("".join(f"<th>{esc(h)}</th>" for h in _SUMMARY_HEADER))
        out.append("</tr></thead><tbody>")
        for row in summary_rows(states):
            cells = _summary_cells(row)
            out.append(
                f'<tr><td><a href="#partner-{esc(row["partner"])}">{esc(cells[0])}</a></td>'
                + "".join(
                    f'<td class="{"num" if c.isdigit() else ""}">{esc(c)}</td>' for c in cells[1:]
                )
                + "</tr>"
            )
        out.append("</tbody></table></div></section>")
        out.append('<section id="chronologies"><h2>Chronologies</h2>')
    for partner, state in states.items():
        out.append(
            f'<section id="partner-{esc(partner)}">'
            f"<h3>{esc(partner_label(partner))} ({esc(partner)})</h3>"
        )
        totals = _totals_text(state)
        if totals:
            out.append(f"<p>Committed in total: {esc(totals)}.</p>")
        out.append(
            "<table><thead><tr><th>occurred</th><th>kind</th><th>what</th><th>source</th>"
            "</tr></thead><tbody>"
        )
        for item in state.items:
            shared = [p for p in item.partners if p != partner]
            what = esc(_what(item.event))
            if shared:
                what += f" <small>(shared with {esc(', '.join(shared))})</small>"
            if item.corrects:
                what += f" <small>(corrects {esc(item.corrects)})</small>"
            sources = "<br>".join(_source_html(s) for s in item.sources)
            kind = esc(_KIND_LABELS.get(item.kind, item.kind))
            out.append(
                f'<tr id="{esc(partner)}-{esc(item.id)}">'
                f'<td class="date">{esc(item.occurred.edtf())}</td>'
                f'<td class="kind k-{esc(item.kind)}">{kind}</td>'
                f"<td>{what}</td><td>{sources}</td></tr>"
            )
        out.append("</tbody></table></section>")
    if states:
        out.append("</section>")
    out.append(
        "<footer>Made by <code>timeline</code> from an append-only event log; "
        "dates are EDTF intervals, amounts are never converted between currencies.</footer>"
    )
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
