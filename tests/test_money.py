"""Money and factors: Decimal values, ISO currencies, qualifiers, sums within one currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.errors import MoneyError
from timeline.money import Factor, Money, Qualifier, combine_qualifiers, is_currency, total

from strategies import CURRENCIES, factors, money, qualifiers


def test_a_value_keeps_no_exponent_noise() -> None:
    assert Money(Decimal("6.00E+8"), "EUR").value == Decimal(600000000)
    assert str(Money("1700000000", "DKK")) == "1700000000 DKK"
    assert str(Money("12.50", "EUR", "about")) == "about 12.5 EUR"


@pytest.mark.parametrize("code", ["eur", "EURO", "XYZ", "", "€", 978])
def test_a_currency_must_be_an_iso_4217_code(code: object) -> None:
    with pytest.raises(MoneyError):
        Money(1, code)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [-1, "NaN", "Infinity", 1.5, "abc", True])
def test_a_value_must_be_a_finite_non_negative_decimal(value: object) -> None:
    with pytest.raises(MoneyError):
        Money(value, "EUR")  # type: ignore[arg-type]


@given(st.lists(money, min_size=1, max_size=6), st.sampled_from(CURRENCIES))
def test_a_total_adds_the_values_of_one_currency(amounts: list[Money], currency: str) -> None:
    same = [Money(m.value, currency, m.qualifier) for m in amounts]
    result = total(same, currency)
    assert result.value == sum(m.value for m in same)
    assert result.currency == currency
    assert result.qualifier == combine_qualifiers(m.qualifier for m in same)


@given(money, money)
def test_adding_two_currencies_is_refused(a: Money, b: Money) -> None:
    if a.currency == b.currency:
        assert (a + b).value == a.value + b.value
    else:
        with pytest.raises(MoneyError, match="one currency"):
            _ = a + b


@given(st.lists(qualifiers, max_size=6))
def test_a_sum_with_an_over_term_and_no_other_bound_is_a_lower_bound(
    terms: list[Qualifier],
) -> None:
    result = combine_qualifiers(terms)
    kinds = set(terms) - {Qualifier.EXACT}
    if not kinds:
        assert result is Qualifier.EXACT
    elif kinds == {Qualifier.OVER}:
        assert result is Qualifier.OVER
        assert Money(1, "EUR", result).is_lower_bound
    elif kinds <= {Qualifier.UNDER, Qualifier.UP_TO}:
        assert Money(1, "EUR", result).is_upper_bound
    else:
        assert result is Qualifier.ABOUT


@given(st.permutations([Qualifier.EXACT, Qualifier.OVER, Qualifier.EXACT, Qualifier.OVER]))
def test_the_qualifier_of_a_sum_does_not_depend_on_the_order(terms: list[Qualifier]) -> None:
    assert combine_qualifiers(terms) is Qualifier.OVER


def test_the_empty_total_is_an_exact_zero() -> None:
    assert total([], "USD") == Money(0, "USD")


@given(factors)
def test_a_factor_is_positive(factor: Factor) -> None:
    assert factor.value > 0


def test_a_zero_factor_is_refused() -> None:
    with pytest.raises(MoneyError):
        Factor(0)


def test_currency_codes_come_from_iso_4217() -> None:
    assert all(is_currency(c) for c in CURRENCIES)
    assert not is_currency("ABC")


def test_huge_values_stay_exact_and_absurd_ones_are_refused() -> None:
    big = Money(Decimal("99999999999999999999") * 10**9, "EUR")
    assert big.value == Decimal("99999999999999999999000000000")
    assert (big + Money("0.01", "EUR")).value == Decimal("99999999999999999999000000000.01")
    with pytest.raises(MoneyError):
        Money(Decimal("1E+100"), "EUR")
