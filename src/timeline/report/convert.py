"""Comparable totals: amounts converted into one currency at the ECB reference rate.

Each committed amount is converted at the European Central Bank's reference rate of the
fact's date: the last day of its occurred interval, or the publication date of its first
report when the interval has no end (or no date). The rates come from the ECB history that
the ``currencyconverter`` package ships: no network. A converted figure is a view only,
labelled with the rate and the date used; it is never written to the log. A currency the ECB
does not quote (the hryvnia, for one) stays unconverted, and the view says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

import attrs

from timeline.errors import MoneyError
from timeline.fold import Item, PartnerState
from timeline.money import Money, combine_qualifiers, is_currency
from timeline.report._common import amount_text, plain_day

__all__ = ["Conversion", "ConvertedTotal", "convert", "converted_totals", "rate_day"]


@attrs.frozen
class Conversion:
    """One amount converted (or not): the figure, the rate and the ECB date used.

    ``converted`` is None when the amount could not be converted; ``note`` says why, or
    reads ``"at 0.0881 EUR per NOK, ECB rate of 31 Jan 2024"``.
    """

    original: Money
    converted: Money | None
    rate: Decimal | None
    on: date | None
    note: str

    def text(self) -> str:
        """``≈ €132,151,000 (at 0.0881 EUR per NOK, ECB rate of 31 Jan 2024)``."""
        if self.converted is None:
            return f"not converted: {self.note}"
        return f"\u2248 {amount_text(self.converted)} ({self.note})"


@attrs.frozen
class ConvertedTotal:
    """A partner's committed amounts in one currency: the sum and each term."""

    currency: str
    total: Money | None
    conversions: tuple[Conversion, ...]

    @property
    def unconverted(self) -> tuple[Conversion, ...]:
        """The terms left out of `total`, each saying why."""
        return tuple(c for c in self.conversions if c.converted is None)

    def text(self) -> str:
        """``≈ €1,234,000,000 at ECB rates of each fact's date (1 amount not converted)``."""
        left = len(self.unconverted)
        lead = (
            f"\u2248 {amount_text(self.total)}" if self.total is not None else "nothing converted"
        )
        rest = f" ({left} amount{'s' if left != 1 else ''} not converted)" if left else ""
        return f"{lead} in {self.currency} at the ECB rate of each fact's date{rest}"


@lru_cache(maxsize=1)
def _converter() -> Any:
    from currency_converter import CurrencyConverter  # type: ignore[import-untyped]

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def _quoted(converter: Any, source: str, target: str, day: date) -> tuple[Decimal, date]:
    """The rate of the last ECB working day on or before `day` (weekends, holidays)."""
    from currency_converter import RateNotFoundError

    for back in range(15):
        used = day - timedelta(days=back)
        try:
            return Decimal(repr(converter.convert(1, source, target, date=used))), used
        except RateNotFoundError:
            continue
    raise MoneyError(f"no ECB rate for {source} or {target} near {day}")


def rate_day(item: Item) -> date | None:
    """The day whose rate converts `item`'s amount: the last day of its interval, else the
    publication of its first report (None when neither is known)."""
    if item.occurred.latest is not None:
        return item.occurred.latest
    published = [s.published for s in item.sources if s.published is not None]
    return min(published, default=None)


def convert(money: Money, currency: str, day: date | None) -> Conversion:
    """`money` in `currency` at the ECB reference rate of `day` (or the nearest quoted)."""
    if not is_currency(currency):
        raise MoneyError(f"not an ISO 4217 currency: {currency!r}")
    if money.currency == currency:
        return Conversion(money, money, Decimal(1), day, "no conversion needed")
    if day is None:
        return Conversion(money, None, None, None, "the fact has no date to take a rate from")
    converter = _converter()
    for code in (money.currency, currency):
        if code not in converter.currencies:
            return Conversion(money, None, None, None, f"the ECB does not quote {code}")
    first = max(converter.bounds[c].first_date for c in (money.currency, currency))
    last = min(converter.bounds[c].last_date for c in (money.currency, currency))
    if day < first:
        return Conversion(money, None, None, None, f"no ECB rate before {plain_day(first)}")
    rate, used = _quoted(converter, money.currency, currency, min(day, last))
    rate = rate.quantize(Decimal("0.000001")).normalize()
    value = (money.value * rate).quantize(Decimal(1))
    note = f"at {rate:f} {currency} per {money.currency}, ECB rate of {plain_day(used)}"
    return Conversion(money, Money(value, currency, money.qualifier), rate, used, note)


def converted_totals(state: PartnerState, currency: str) -> ConvertedTotal:
    """The state's committed amounts converted into `currency`, one term per counted fact
    (the terms the committed totals count), summed where converted."""
    conversions = tuple(
        convert(item.amount, currency, rate_day(item))
        for item in state.commitments
        if item.amount is not None
    )
    done: Sequence[Money] = [c.converted for c in conversions if c.converted is not None]
    total = None
    if done:
        value = sum((m.value for m in done), Decimal(0))
        total = Money(value, currency, combine_qualifiers(m.qualifier for m in done))
    return ConvertedTotal(currency, total, conversions)
