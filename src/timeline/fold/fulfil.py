"""Pledged against delivered: each delivery linked to the commitment it fulfils, and the gap.

The question trackers of military aid are read for: of what a partner pledged, how much has
arrived? `pledged_against_delivered` reads one partner's state (commitments beside
deliveries) and links a delivery to the commitment it fulfils where the reports allow it:
the same partner, things in common (the words of their items, as the merge rule reads them),
and delivered no earlier than pledged. Of several such pledges, the one sharing the most
words, then the latest, then the smallest id. Amounts are compared within a currency only.

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import AidCommitted, AidDelivered
>>> from timeline.fold.project import project_partner
>>> from timeline.fold.state import Entry
>>> from timeline.money import Money
>>> pledge = AidCommitted(partners=("SK",), occurred=DateSpan.month(2024, 1),
...     amount=Money(160_000_000, "EUR"), items=("Zuzana howitzers",))
>>> first = AidDelivered(partners=("SK",), occurred=DateSpan.month(2024, 5),
...     items=("Zuzana howitzers",), quantity=2, amount=Money(20_000_000, "EUR"))
>>> ledger = pledged_against_delivered(project_partner([Entry(1, pledge), Entry(2, first)], "SK"))
>>> (fulfilment,) = ledger.fulfilments
>>> fulfilment.delivered_quantity, str(fulfilment.outstanding["EUR"]), str(ledger.gap["EUR"])
(2, '140000000 EUR', '140000000 EUR')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from timeline.events import AidDelivered, kind_info
from timeline.fold._words import content_words
from timeline.fold.state import COMMITMENTS, Item, PartnerState, calendar_key, totals
from timeline.money import Money

__all__ = ["Fulfilment", "PledgeLedger", "pledged_against_delivered"]

_DELIVERIES = kind_info(AidDelivered).section


@attrs.frozen
class Fulfilment:
    """One commitment and the deliveries linked to it.

    ``delivered`` sums the linked deliveries' amounts per currency and
    ``delivered_quantity`` their quantities (None when none says); ``outstanding`` is the
    commitment's amount less what was delivered in its currency, never below zero (empty
    when the pledge has no amount).
    """

    commitment: Item
    deliveries: tuple[Item, ...] = ()
    delivered: Mapping[str, Money] = attrs.field(factory=dict)
    delivered_quantity: int | None = None
    outstanding: Mapping[str, Money] = attrs.field(factory=dict)

    @property
    def fulfilled(self) -> bool:
        """True when something was delivered and nothing of the pledged amount is left."""
        return bool(self.deliveries) and all(not m.value for m in self.outstanding.values())


@attrs.frozen
class PledgeLedger:
    """A partner's commitments beside its deliveries (see the module docs).

    ``fulfilments`` has one entry per commitment, in calendar order; ``unlinked`` holds the
    deliveries linked to no commitment. ``committed`` is the state's committed totals,
    ``delivered`` every delivery's amounts summed, and ``gap`` what is committed and not
    (yet) reported delivered, per committed currency, never below zero.
    """

    partner: str
    fulfilments: tuple[Fulfilment, ...] = ()
    unlinked: tuple[Item, ...] = ()
    committed: Mapping[str, Money] = attrs.field(factory=dict)
    delivered: Mapping[str, Money] = attrs.field(factory=dict)
    gap: Mapping[str, Money] = attrs.field(factory=dict)


def _words(item: Item) -> frozenset[str]:
    """The telling words of every report of `item`."""
    found: frozenset[str] = frozenset()
    for report in item.reports or (item,):
        found |= content_words(report.event)
    return found


def _after(delivery: Item, pledge: Item) -> bool:
    """True when `delivery` may have happened no earlier than `pledge`."""
    pledged, delivered = pledge.occurred.earliest, delivery.occurred.latest
    return pledged is None or delivered is None or delivered >= pledged


def _link(delivery: Item, pledges: Sequence[tuple[Item, frozenset[str]]]) -> Item | None:
    """The commitment `delivery` fulfils, if the reports allow one (`pledges` sorted by id)."""
    words = _words(delivery)
    found = []
    for pledge, pledge_words in pledges:
        shared = len(words & pledge_words)
        if shared and _after(delivery, pledge):
            _, late, early, _, _ = calendar_key(pledge)
            found.append((shared, late, early, pledge))
    if not found:
        return None
    # `max` keeps the first of equals: the smallest id, as the candidates are sorted by id.
    return max(found, key=lambda f: f[:3])[3]


def _less(amount: Money, delivered: Mapping[str, Money]) -> Money:
    """`amount` less what `delivered` holds in its currency, never below zero."""
    done = delivered.get(amount.currency)
    left = amount.value - (done.value if done is not None else Decimal(0))
    return Money(max(left, Decimal(0)), amount.currency, amount.qualifier)


def _quantity(deliveries: Iterable[Item]) -> int | None:
    counts = [q for d in deliveries if (q := getattr(d.event, "quantity", None)) is not None]
    return sum(counts) if counts else None


def pledged_against_delivered(state: PartnerState) -> PledgeLedger:
    """The partner's commitments beside its deliveries, linked where the reports allow it."""
    pledges = [(item, _words(item)) for item in state.chronology(COMMITMENTS)]
    linked: dict[str, list[Item]] = {item.id: [] for item, _ in pledges}
    unlinked: list[Item] = []
    deliveries = state.chronology(_DELIVERIES)
    by_id = sorted(pledges, key=lambda p: p[0].id)  # once, not once per delivery
    for delivery in deliveries:
        pledge = _link(delivery, by_id)
        if pledge is None:
            unlinked.append(delivery)
        else:
            linked[pledge.id].append(delivery)
    fulfilments = []
    for pledge, _ in pledges:
        mine = linked[pledge.id]
        delivered = totals(mine)
        amount = pledge.amount
        fulfilments.append(
            Fulfilment(
                commitment=pledge,
                deliveries=tuple(mine),
                delivered=delivered,
                delivered_quantity=_quantity(mine),
                outstanding={} if amount is None else {amount.currency: _less(amount, delivered)},
            )
        )
    every = totals(deliveries)
    return PledgeLedger(
        partner=state.partner,
        fulfilments=tuple(fulfilments),
        unlinked=tuple(unlinked),
        committed=dict(state.committed_totals),
        delivered=every,
        gap={c: _less(m, every) for c, m in state.committed_totals.items()},
    )
