"""What changed between two knowledge times, for people and for machines.

Views of `timeline.fold.changes`: per partner, the new facts, the facts newly corroborated or
in conflict, the facts removed, the amendments made known, and the committed totals before
and after.
"""

from __future__ import annotations

from typing import Any

from timeline.fold import Changes, FactChange, PartnerChanges
from timeline.report._common import (
    amount_text,
    kind_label,
    partner_label,
    plain_date,
    plain_day,
    what,
)
from timeline.report.views import event_view, item_view, money_view

__all__ = ["changes_rows", "changes_table"]

_HEADINGS = {
    "new": "new",
    "corroborated": "newly corroborated",
    "conflict": "now in conflict",
    "removed": "no longer counted",
}


def _window(found: Changes) -> str:
    since = (
        f"after {plain_day(found.known_since)}"
        if found.known_since is not None
        else f"recorded after log position {found.recorded_since}"
    )
    if found.known_since is not None and found.recorded_since is not None:
        since += f" (recorded after log position {found.recorded_since})"
    until = f"up to {plain_day(found.known_until)}" if found.known_until else "up to now"
    return f"What became known {since}, {until}"


def _fact_line(change: FactChange) -> str:
    item = change.item
    line = f"  {_HEADINGS[change.kind.value]:18} {plain_date(item.occurred):26} "
    line += f"{kind_label(item.kind)}: {what(item.event) or '-'}"
    if change.kind.value == "corroborated" and change.before is not None:
        line += f" ({change.before.corroboration} → {item.corroboration} outlets)"
    return line


def _totals(totals: Any) -> str:
    return "; ".join(amount_text(m) for m in totals.values()) or "-"


def _partner_lines(partner: PartnerChanges) -> list[str]:
    lines = [f"{partner_label(partner.partner)} ({partner.partner})"]
    lines += [_fact_line(change) for change in partner.facts]
    for amendment in partner.amendments:
        verb = "retracted" if amendment.kind == "event_retracted" else "corrected"
        when = plain_day(amendment.provenance.published, "date unknown")
        lines.append(f"  {verb:18} {amendment.target} on {when}: {amendment.reason}")
    if partner.totals_before != partner.totals_after:
        lines.append(
            f"  committed: {_totals(partner.totals_before)} → {_totals(partner.totals_after)}"
        )
    return lines


def changes_table(found: Changes) -> str:
    """What changed, as text: a line for the window, then each partner's changes."""
    lines = [_window(found) + ":"]
    if not found.partners:
        lines.append("nothing")
    for partner in found.partners:
        lines += _partner_lines(partner)
    return "\n".join(lines)


def changes_rows(found: Changes) -> list[dict[str, Any]]:
    """One JSON-ready row per changed fact and per amendment, with the partner's totals."""
    rows: list[dict[str, Any]] = []
    for partner in found.partners:
        totals = {
            "totals_before": {c: money_view(m) for c, m in partner.totals_before.items()},
            "totals_after": {c: money_view(m) for c, m in partner.totals_after.items()},
        }
        for change in partner.facts:
            rows.append(
                {
                    "partner": partner.partner,
                    "change": change.kind.value,
                    "fact": item_view(change.item),
                    **totals,
                }
            )
        for amendment in partner.amendments:
            rows.append(
                {
                    "partner": partner.partner,
                    "change": "amendment",
                    "amendment": event_view(amendment),
                    **totals,
                }
            )
    return rows
