"""Amounts of money and growth factors, with the qualifier the text gave them.

"Over €600 million" is not €600 million: it is at least that. A `Money` keeps the value
(a `Decimal`, never a float), the ISO 4217 currency and a `Qualifier`. Sums stay within one
currency (nothing is converted) and carry what the terms allow one to say of the total:

>>> a = Money(Decimal("600000000"), "EUR", Qualifier.OVER)
>>> b = Money(Decimal("90000000"), "EUR")
>>> total = a + b
>>> total.value, total.qualifier.value, total.is_lower_bound
(Decimal('690000000'), 'over', True)
>>> str(total)
'over 690000000 EUR'
"""

from __future__ import annotations

import decimal
import enum
import functools
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import attrs
import pycountry

from timeline.errors import MoneyError

__all__ = ["Factor", "Money", "Qualifier", "combine_qualifiers", "is_currency", "total"]


class Qualifier(enum.StrEnum):
    """How a number was stated: exactly, as a bound, or as an estimate."""

    EXACT = "exact"
    OVER = "over"
    UNDER = "under"
    ABOUT = "about"
    UP_TO = "up_to"


_LOWER = {Qualifier.OVER}
_UPPER = {Qualifier.UNDER, Qualifier.UP_TO}


def combine_qualifiers(qualifiers: Iterable[Qualifier]) -> Qualifier:
    """The qualifier of a sum whose terms carry `qualifiers`.

    All exact: exact. Exact and "over" terms: over (a lower bound). Exact, "under" and
    "up to" terms: up to (or under, when every bound is strict). Anything else, an "about"
    term or bounds on both sides: about.
    """
    kinds = set(qualifiers) - {Qualifier.EXACT}
    if not kinds:
        return Qualifier.EXACT
    if kinds <= _LOWER:
        return Qualifier.OVER
    if kinds <= _UPPER:
        return Qualifier.UNDER if kinds == {Qualifier.UNDER} else Qualifier.UP_TO
    return Qualifier.ABOUT


@functools.lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    """True when `code` is an ISO 4217 alphabetic currency code (upper case)."""
    return (
        isinstance(code, str)
        and len(code) == 3
        and code.isupper()
        and pycountry.currencies.get(alpha_3=code) is not None
    )


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise MoneyError(f"not a number: {value!r}") from None
    else:
        raise MoneyError(f"a value is a Decimal, an int or a numeric string, not {value!r}")
    if not result.is_finite():
        raise MoneyError(f"a value must be finite, not {value!r}")
    if result and (result.adjusted() >= MAX_DIGITS or result.adjusted() < -MAX_DIGITS):
        raise MoneyError(f"a value must be below 10**{MAX_DIGITS} and above 10**-{MAX_DIGITS}")
    return result


def _check_value(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value < 0:
        raise MoneyError(f"{attribute.name} must not be negative, not {value}")


def _check_currency(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not is_currency(value):
        raise MoneyError(f"not an ISO 4217 currency code: {value!r}")


#: The largest magnitude a value may have: 10**MAX_DIGITS. Far beyond any budget, small
#: enough that arithmetic on values stays exact and quick.
MAX_DIGITS = 60

#: Exact arithmetic for every value that passes `_to_decimal`.
_EXACT = decimal.Context(prec=2 * MAX_DIGITS + 10, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _normal(value: Decimal) -> Decimal:
    """The same number without trailing zeros in its exponent (600000000, not 6.00E+8)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=_EXACT)
    return value.normalize(context=_EXACT)


def _decimal(value: object) -> Decimal:
    return _normal(_to_decimal(value))


@attrs.frozen
class Money:
    """An amount: a non-negative `Decimal` value, an ISO 4217 currency and a qualifier."""

    value: Decimal = attrs.field(converter=_decimal, validator=_check_value)
    currency: str = attrs.field(validator=_check_currency)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=Qualifier)

    @property
    def is_lower_bound(self) -> bool:
        """True when the real amount is at least `value` ("over", "more than")."""
        return self.qualifier is Qualifier.OVER

    @property
    def is_upper_bound(self) -> bool:
        """True when the real amount is at most `value` ("up to", "under", "almost")."""
        return self.qualifier in _UPPER

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise MoneyError(
                f"cannot add {other.currency} to {self.currency}: sums stay within one currency"
            )
        return Money(
            _EXACT.add(self.value, other.value),
            self.currency,
            combine_qualifiers((self.qualifier, other.qualifier)),
        )

    def __str__(self) -> str:
        prefix = "" if self.qualifier is Qualifier.EXACT else f"{self.qualifier.value} "
        return f"{prefix}{self.value:f} {self.currency}"


def total(amounts: Iterable[Money], currency: str) -> Money:
    """The sum of `amounts`, all in `currency` (zero, exact, when there are none)."""
    result = Money(Decimal(0), currency)
    for amount in amounts:
        result = result + amount
    return result


def _check_factor(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise MoneyError(f"a factor must be positive, not {value}")


@attrs.frozen
class Factor:
    """A multiplier of growth: "tripled" is 3, "by 62%" is 1.62, "more than 20 times" is over 20."""

    value: Decimal = attrs.field(converter=_decimal, validator=_check_factor)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=Qualifier)

    def __str__(self) -> str:
        prefix = "" if self.qualifier is Qualifier.EXACT else f"{self.qualifier.value} "
        return f"{prefix}x{self.value:f}"
