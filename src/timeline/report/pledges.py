"""Pledged against delivered, for people: per partner, each pledge with the deliveries linked
to it, what is still outstanding, and the gap between committed and delivered.

A view of `timeline.fold.pledged_against_delivered` (the linking rule lives there).
"""

from __future__ import annotations

from collections.abc import Mapping

from timeline.fold import Fulfilment, Item, PartnerState, pledged_against_delivered
from timeline.money import Money
from timeline.report._common import amount_text, plain_date, what

__all__ = ["ledger_lines"]


def _sums(amounts: Mapping[str, Money]) -> str:
    return "; ".join(amount_text(m) for m in amounts.values()) or "-"


def _fact(item: Item) -> str:
    return f"{plain_date(item.occurred)}: {what(item.event) or item.kind}"


def _fulfilment(found: Fulfilment) -> list[str]:
    lines = [f"pledge of {_fact(found.commitment)}"]
    for delivery in found.deliveries:
        lines.append(f"  delivered {_fact(delivery)}")
    if found.deliveries:
        quantity = found.delivered_quantity
        counted = f"{quantity} delivered" if quantity is not None else "delivered"
        lines.append(
            f"  {counted}, {_sums(found.delivered)}; outstanding {_sums(found.outstanding)}"
        )
    return lines


def ledger_lines(state: PartnerState) -> list[str]:
    """The partner's pledges beside its deliveries, as lines of plain text ([] when it has
    neither). Pledges with nothing delivered against them are counted, not listed."""
    if not state.commitments and not state.deliveries:
        return []
    ledger = pledged_against_delivered(state)
    lines: list[str] = []
    if ledger.committed or ledger.delivered:
        lines.append(
            f"committed {_sums(ledger.committed)}; delivered {_sums(ledger.delivered)}; "
            f"gap {_sums(ledger.gap)}"
        )
    linked = [f for f in ledger.fulfilments if f.deliveries]
    for found in linked:
        lines += _fulfilment(found)
    waiting = len(ledger.fulfilments) - len(linked)
    if waiting:
        lines.append(f"{waiting} pledge{'s' if waiting != 1 else ''} with no delivery linked")
    for delivery in ledger.unlinked:
        lines.append(f"delivered {_fact(delivery)} (linked to no pledge)")
    return lines
