"""Plain-text views for a terminal: tables of events, a partner's state, its history, a summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from timeline.events import Event
from timeline.fold import HistoryEntry, Item, PartnerState
from timeline.report._common import (
    SECTIONS,
    SUMMARY_HEADER,
    describe,
    outlets,
    summary_cells,
    summary_rows,
    text_table,
)

__all__ = ["events_table", "history_table", "state_table", "summary_table"]


def events_table(events: Iterable[Event]) -> str:
    """Events as an aligned text table: kind, partners, occurred, what, id."""
    return text_table(
        ("kind", "partners", "occurred", "what", "id"),
        ((e.kind, ",".join(e.partners), e.occurred.edtf(), describe(e)[:70], e.id) for e in events),
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


def _item_lines(item: Item, indent: str) -> list[str]:
    """An item's line in a state table, then its variants and the pledges it raised."""
    shared = " (shared: " + ",".join(item.partners) + ")" if item.shared else ""
    notes = ""
    if item.merged:
        notes = f" {len(item.reports)} reports, corroboration {item.corroboration}"
    if item.conflict:
        notes += " CONFLICT"
    lines = [
        f"{indent}{item.occurred.edtf():24} {describe(item.event)}{shared}"
        f"  [{outlets(item.sources)}]{notes}"
    ]
    if item.conflict:
        for variant in item.variants:
            said = str(variant.amount) if variant.amount is not None else "no amount"
            lines.append(
                f"{indent}    variant: {said}, {variant.occurred.edtf()}"
                f"  [{outlets(variant.sources)}]"
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
            f"{describe(fact.event)} — {len(fact.reports)} reports, "
            f"corroboration {fact.corroboration}"
        )
        if e.superseded_by is not None:
            what += f", raised by {e.superseded_by}"
        rows.append((fact.occurred.edtf(), fact.kind, status, what[:80], fact.id))
        rows += [_history_row(member, "  ") for member in members[fact.id]]
    return text_table(("occurred", "kind", "status", "what", "id"), rows)


def _history_row(e: HistoryEntry, indent: str) -> tuple[str, str, str, str, str]:
    what = describe(e.event)[:60]
    if e.superseded_by is not None and not indent:
        what += f" (raised by {e.superseded_by})"
    return (indent + e.event.occurred.edtf(), e.event.kind, e.status.value, what, e.event.id)


def summary_table(states: Mapping[str, PartnerState]) -> str:
    """The summary as an aligned text table: one line per partner.

    Columns: partner, memoranda, agreements, joint ventures, committed totals per currency,
    deliveries, production changes, meetings, first and last activity.
    """
    return text_table(SUMMARY_HEADER, (summary_cells(r) for r in summary_rows(states)))
