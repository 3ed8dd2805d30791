"""Plain-text views for a terminal: tables of events, a partner's state, its history, a summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from timeline.events import Event
from timeline.fold import HistoryEntry, Item, PartnerState
from timeline.report._common import (
    SECTIONS,
    SUMMARY_HEADER,
    describe,
    entry_order,
    outlets,
    partner_label,
    partner_note,
    plain_date,
    plain_day,
    summary_cells,
    summary_rows,
    text_table,
    totals_text,
)
from timeline.report.pledges import ledger_lines

__all__ = ["events_table", "history_table", "state_table", "summary_table"]


def events_table(events: Iterable[Event]) -> str:
    """Events as an aligned text table: kind, partners, occurred, what, id."""
    return text_table(
        ("kind", "partners", "occurred", "what", "id"),
        (
            (e.kind, ",".join(e.partners), plain_date(e.occurred), describe(e)[:70], e.id)
            for e in events
        ),
    )


def state_table(
    state: PartnerState, *, currency: str | None = None, limit: int | None = None
) -> str:
    """A partner's state as text: the times, totals, then each section's items in calendar
    order, dates in words. With `currency`, the committed amounts are also given converted
    into it (`timeline.report.convert`), each labelled with its rate and date.

    With `limit`, each section lists only its latest `limit` items, then says how many
    earlier ones it left out, and pledges are linked to deliveries only when both sections
    are that short (else one line counts them): an answer at a glance for a partner with
    tens of thousands of facts. Totals, counts and activity always cover every fact."""
    as_of = f"as of {plain_day(state.as_of)}" if state.as_of else "as of now"
    if state.as_of:
        as_of += f" ({'certainly' if state.mode.value == 'certain' else 'possibly'} by then)"
    known = f"as known on {plain_day(state.known_at)}" if state.known_at else "as known now"
    recorded = f", log position {state.recorded_by}" if state.recorded_by is not None else ""
    name = f"{partner_label(state.partner)} ({state.partner})"
    note = partner_note(state.partner)
    lines = [f"{name} — {as_of}, {known}{recorded}"]
    converted: dict[str, str] = {}
    if note:
        lines.append(f"({note})")
    if state.committed_totals:
        lines.append(f"committed: {totals_text(state)}")
        converted = _converted(state, currency)
        if converted:
            lines.append(f"committed, converted: {converted.pop('')}")
        lines.append(f"totals rule: {state.totals_rule}")
    first, last = plain_day(state.first_activity), plain_day(state.last_activity)
    lines.append(f"activity: {first} to {last}")
    for section, heading in SECTIONS:
        count = len(state.section(section))
        if not count:
            continue
        lines.append(f"{heading} ({count})")
        listed = state.chronology(section)
        left = 0 if limit is None else max(count - limit, 0)
        if left:
            lines.append(f"  … and {left} earlier (use --all)")
        for item in listed[left:]:
            lines += _item_lines(item, "  ")
            if section == "commitments" and item.id in converted:
                lines.append(f"    {converted[item.id]}")
    lines += _ledger(state, limit)
    if state.is_empty:
        lines.append("nothing counted")
    return "\n".join(lines)


def _ledger(state: PartnerState, limit: int | None) -> list[str]:
    """The "Pledged against delivered" lines: linked in full, or counted when a section is
    longer than `limit`."""
    pledges, deliveries = len(state.commitments), len(state.deliveries)
    if limit is not None and max(pledges, deliveries) > limit:
        return [
            "Pledged against delivered",
            f"  {pledges} pledges, {deliveries} deliveries (use --all to link them)",
        ]
    ledger = ledger_lines(state)
    if not ledger:
        return []
    return ["Pledged against delivered", *(f"  {line}" for line in ledger)]


def _converted(state: PartnerState, currency: str | None) -> dict[str, str]:
    """Each commitment's conversion into `currency` by item id, and the total under ""."""
    if currency is None:
        return {}
    from timeline.report.convert import converted_totals

    found = converted_totals(state, currency)
    texts = {"": found.text()}
    amounts = [item for item in state.commitments if item.amount is not None]
    for item, conversion in zip(amounts, found.conversions, strict=True):
        texts[item.id] = conversion.text()
    return texts


def _item_lines(item: Item, indent: str) -> list[str]:
    """An item's line in a state table, then its variants and the pledges it raised."""
    shared = " (shared: " + ",".join(item.partners) + ")" if item.shared else ""
    notes = ""
    if item.merged:
        notes = f" {len(item.reports)} reports, corroboration {item.corroboration}"
    if item.conflict:
        notes += " CONFLICT"
    lines = [
        f"{indent}{plain_date(item.occurred):26} {describe(item.event)}{shared}"
        f"  [{outlets(item.sources)}]{notes}"
    ]
    if item.conflict:
        for variant in item.variants:
            said = str(variant.amount) if variant.amount is not None else "no amount"
            lines.append(
                f"{indent}    variant: {said}, {plain_date(variant.occurred)}"
                f"  [{outlets(variant.sources)}]"
            )
    for earlier in item.supersedes:
        first, *rest = _item_lines(earlier, indent + "    ")
        lines.append(f"{indent}    raises: {first.strip()}")
        lines += rest
    return lines


def history_table(entries: Iterable[HistoryEntry]) -> str:
    """A partner's history: each fact in calendar order with its status, dates in words.

    The reports of one merged fact are grouped under a line for the fact (its merged date,
    amount, reports and corroboration), each report indented beneath it.
    """
    entries = sorted(entries, key=entry_order)
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
            f"{describe(fact.event)} — {len(fact.reports)} reports, "
            f"corroboration {fact.corroboration}"
        )
        if e.superseded_by is not None:
            what += f", raised by {e.superseded_by}"
        rows.append((plain_date(fact.occurred), fact.kind, status, what[:80], fact.id))
        rows += [_history_row(member, "  ") for member in members[fact.id]]
    return text_table(("occurred", "kind", "status", "what", "id"), rows)


def _history_row(e: HistoryEntry, indent: str) -> tuple[str, str, str, str, str]:
    what = describe(e.event)[:60]
    if e.superseded_by is not None and not indent:
        what += f" (raised by {e.superseded_by})"
    when = indent + plain_date(e.event.occurred)
    return (when, e.event.kind, e.status.value, what, e.event.id)


def summary_table(states: Mapping[str, PartnerState]) -> str:
    """The summary as an aligned text table: one line per partner.

    Columns: partner, memoranda, agreements, joint ventures, commitments (with their totals
    per currency), deliveries, production changes, meetings, first and last activity.
    """
    return text_table(SUMMARY_HEADER, (summary_cells(r) for r in summary_rows(states)))
