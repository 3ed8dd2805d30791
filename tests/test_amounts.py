"""Spotting and reading amounts of money and growth factors in sentences."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.errors import MoneyError
from timeline.money import Factor, Money, Qualifier
from timeline.read._amounts import (
    SURFACE_FORMS,
    find_amounts,
    format_money,
    parse_money,
)
from timeline.read._factors import find_factors

EXACT, OVER, UNDER, ABOUT, UP_TO = (
    Qualifier.EXACT,
    Qualifier.OVER,
    Qualifier.UNDER,
    Qualifier.ABOUT,
    Qualifier.UP_TO,
)
CURRENCIES = (
    "EUR",
    "USD",
    "GBP",
    "UAH",
    "DKK",
    "NOK",
    "SEK",
    "CZK",
    "PLN",
    "CAD",
    "AUD",
    "CHF",
    "JPY",
    "KRW",
)
NNBSP = "\u202f"
NBSP = "\u00a0"


def money(value: str, currency: str, qualifier: Qualifier = EXACT) -> Money:
    return Money(Decimal(value), currency, qualifier)


# (sentence, the one amount expected in it, its surface)
AMOUNT_CASES: list[tuple[str, Money, str]] = [
    # symbols and scale words
    (
        "Brussels will send over €600 million for air defence.",
        money("6e8", "EUR", OVER),
        "over €600 million",
    ),
    ("The fund holds €1.7 billion from windfall taxes.", money("1.7e9", "EUR"), "€1.7 billion"),
    ("Lawmakers argued about the $54 billion package.", money("5.4e10", "USD"), "$54 billion"),
    ("London added £2.5bn to its support.", money("2.5e9", "GBP"), "£2.5bn"),
    ("The order is worth €92m in total.", money("9.2e7", "EUR"), "€92m"),
    ("A further $300mn goes to demining.", money("3e8", "USD"), "$300mn"),
    ("Investors put in $1.4b last year.", money("1.4e9", "USD"), "$1.4b"),
    ("The plant costs €500k to refit.", money("5e5", "EUR"), "€500k"),
    ("Washington spent $2 trillion overall.", money("2e12", "USD"), "$2 trillion"),
    ("The grant was 5 thousand euros.", money("5000", "EUR"), "5 thousand euros"),
    ("Kyiv set aside ₴40 bln for drones.", money("4e10", "UAH"), "₴40 bln"),
    ("Tokyo offered ¥300 billion in loans.", money("3e11", "JPY"), "¥300 billion"),
    # codes before the number
    ("Copenhagen approved DKK 1.7 billion in aid.", money("1.7e9", "DKK"), "DKK 1.7 billion"),
    ("The budget lists UAH 5 bln for shells.", money("5e9", "UAH"), "UAH 5 bln"),
    ("Prague pledged CZK 1 billion to the initiative.", money("1e9", "CZK"), "CZK 1 billion"),
    ("Warsaw signed for PLN 2 billion of rockets.", money("2e9", "PLN"), "PLN 2 billion"),
    ("Ottawa will spend CAD 500 million.", money("5e8", "CAD"), "CAD 500 million"),
    ("Oslo gave NOK 3 bn this spring.", money("3e9", "NOK"), "NOK 3 bn"),
    ("Stockholm added SEK 9m for training.", money("9e6", "SEK"), "SEK 9m"),
    ("Bern froze CHF 40 million of assets.", money("4e7", "CHF"), "CHF 40 million"),
    ("The deal was USD 3 million.", money("3e6", "USD"), "USD 3 million"),
    ("Seoul lent KRW 5bn to the firm.", money("5e9", "KRW"), "KRW 5bn"),
    ("The order reached GBP 3m.", money("3e6", "GBP"), "GBP 3m"),
    ("Helsinki moved EUR600m forward.", money("6e8", "EUR"), "EUR600m"),
    # symbols with a country before the dollar sign
    ("Ottawa sent C$500 million in kit.", money("5e8", "CAD"), "C$500 million"),
    ("Canberra gave A$100 million more.", money("1e8", "AUD"), "A$100 million"),
    ("The contract is US$ 20 million.", money("2e7", "USD"), "US$ 20 million"),
    # currency words after the number
    ("The Hague found 87 million euros for ammunition.", money("8.7e7", "EUR"), "87 million euros"),
    ("The ministry received 5 bln hryvnias from taxes.", money("5e9", "UAH"), "5 bln hryvnias"),
    (
        "Ottawa committed 1.3 billion Canadian dollars.",
        money("1.3e9", "CAD"),
        "1.3 billion Canadian dollars",
    ),
    (
        "Canberra approved 200 million Australian dollars.",
        money("2e8", "AUD"),
        "200 million Australian dollars",
    ),
    (
        "Congress agreed on 20 million dollars for repairs.",
        money("2e7", "USD"),
        "20 million dollars",
    ),
    ("The sum was 20 million US dollars.", money("2e7", "USD"), "20 million US dollars"),
    ("Denmark adds 200 million kroner.", money("2e8", "DKK"), "200 million kroner"),
    ("Denmark adds 300 million Danish kroner.", money("3e8", "DKK"), "300 million Danish kroner"),
    ("The fee was 10 million krone.", money("1e7", "DKK"), "10 million krone"),
    ("Norway adds 3 billion Norwegian kroner.", money("3e9", "NOK"), "3 billion Norwegian kroner"),
    ("Sweden adds 2 billion Swedish kronor.", money("2e9", "SEK"), "2 billion Swedish kronor"),
    ("Sweden adds 10 million kronor.", money("1e7", "SEK"), "10 million kronor"),
    ("Czechia adds 1 billion koruna.", money("1e9", "CZK"), "1 billion koruna"),
    ("Czechia adds 3 billion Czech crowns.", money("3e9", "CZK"), "3 billion Czech crowns"),
    ("Czechia adds 5 mln korunas.", money("5e6", "CZK"), "5 mln korunas"),
    ("Poland adds 4 million zlotys.", money("4e6", "PLN"), "4 million zlotys"),
    ("Poland adds 3 mln złoty.", money("3e6", "PLN"), "3 mln złoty"),
    ("Britain adds 20 million pounds.", money("2e7", "GBP"), "20 million pounds"),
    ("Britain adds 5 billion sterling.", money("5e9", "GBP"), "5 billion sterling"),
    ("Japan adds 5 billion yen.", money("5e9", "JPY"), "5 billion yen"),
    ("Korea adds 3 billion won.", money("3e9", "KRW"), "3 billion won"),
    ("Switzerland adds 30 million Swiss francs.", money("3e7", "CHF"), "30 million Swiss francs"),
    ("The fund is 600 million EUR.", money("6e8", "EUR"), "600 million EUR"),
    ("A 1.7 billion-euro fund was set up.", money("1.7e9", "EUR"), "1.7 billion-euro"),
    ("Paris paid 600 000 € for it.", money("600000", "EUR"), "600 000 €"),
    ("Warsaw paid 500 zł per unit.", money("500", "PLN"), "500 zł"),
    # digits: grouping, decimal point, decimal comma
    ("The bill was €1,700,000 in all.", money("1700000", "EUR"), "€1,700,000"),
    ("The bill was €1,700,000.50 in all.", money("1700000.5", "EUR"), "€1,700,000.50"),
    ("The bill was 1 700 000 euros.", money("1700000", "EUR"), "1 700 000 euros"),
    (
        f"The bill was 1{NBSP}700{NBSP}000 euros.",
        money("1700000", "EUR"),
        f"1{NBSP}700{NBSP}000 euros",
    ),
    (f"The bill was €1{NNBSP}700{NNBSP}000.", money("1700000", "EUR"), f"€1{NNBSP}700{NNBSP}000"),
    ("Berlin found €1,7 billion more.", money("1.7e9", "EUR"), "€1,7 billion"),
    ("Berlin found 1,75 billion euros more.", money("1.75e9", "EUR"), "1,75 billion euros"),
    ("Berlin found €1,700 billion more.", money("1.7e12", "EUR"), "€1,700 billion"),
    ("Berlin found €12,5 mln more.", money("1.25e7", "EUR"), "€12,5 mln"),
    ("The price was $1,700.", money("1700", "USD"), "$1,700"),
    # qualifiers
    (
        "Nordic partners pledged aid worth more than $1.4 billion.",
        money("1.4e9", "USD", OVER),
        "more than $1.4 billion",
    ),
    (
        "Estonia gave over 12 million euros to the coalition.",
        money("1.2e7", "EUR", OVER),
        "over 12 million euros",
    ),
    ("A package of over €600 million was agreed.", money("6e8", "EUR", OVER), "over €600 million"),
    ("It cost in excess of €3m.", money("3e6", "EUR", OVER), "in excess of €3m"),
    ("It cost above €3m.", money("3e6", "EUR", OVER), "above €3m"),
    ("It cost at least €3m.", money("3e6", "EUR", OVER), "at least €3m"),
    ("It cost almost €3m.", money("3e6", "EUR", UNDER), "almost €3m"),
    ("It cost nearly €3m.", money("3e6", "EUR", UNDER), "nearly €3m"),
    ("It cost under €3m.", money("3e6", "EUR", UNDER), "under €3m"),
    ("It cost less than €3m.", money("3e6", "EUR", UNDER), "less than €3m"),
    ("It cost just under €3m.", money("3e6", "EUR", UNDER), "just under €3m"),
    ("It cost below €3m.", money("3e6", "EUR", UNDER), "below €3m"),
    ("It cost about €3m.", money("3e6", "EUR", ABOUT), "about €3m"),
    ("It cost around €3m.", money("3e6", "EUR", ABOUT), "around €3m"),
    ("It cost approximately €3m.", money("3e6", "EUR", ABOUT), "approximately €3m"),
    ("It cost roughly €3m.", money("3e6", "EUR", ABOUT), "roughly €3m"),
    ("It cost some €3m.", money("3e6", "EUR", ABOUT), "some €3m"),
    ("It cost an estimated €3m.", money("3e6", "EUR", ABOUT), "an estimated €3m"),
    ("It cost ~€3m.", money("3e6", "EUR", ABOUT), "~€3m"),
    ("It cost up to €3m.", money("3e6", "EUR", UP_TO), "up to €3m"),
    ("It cost as much as €3m.", money("3e6", "EUR", UP_TO), "as much as €3m"),
    ("It cost a maximum of €3m.", money("3e6", "EUR", UP_TO), "a maximum of €3m"),
    ("The ministry handed over €5 million.", money("5e6", "EUR"), "€5 million"),
    # a number word before a large scale, with the currency written after it
    ("The Council agreed on a billion euros for shells.", money("1e9", "EUR"), "a billion euros"),
    ("Tokyo set aside one billion dollars.", money("1e9", "USD"), "one billion dollars"),
    ("Oslo adds two billion Norwegian krone.", money("2e9", "NOK"), "two billion Norwegian krone"),
    (
        "Canberra has given more than half a billion Australian dollars.",
        money("5e8", "AUD", OVER),
        "more than half a billion Australian dollars",
    ),
]

NOT_MONEY = [
    "The cluster has 33 companies from 12 countries.",
    "Plants make 155 mm shells and 4 million UAVs a year.",
    "Some 250 producers joined in 2024.",
    "Defence spending reached 2% of GDP, or 62% of the target.",
    "The price of €1,5 is not a number we read.",
    "Jets dropped 2,000 pounds of explosives.",
    "Jets dropped a 500-pound bomb.",
    "The firm that in 2022 won a tender.",
    "€€€€",
    "It cost 1,1,1,1,1 billion euros.",
    "Danes paid 20 crowns.",
    "It cost €5-7 million.",
    "A run of €" + "9" * 31 + " is too long.",
    "A million people signed it, and a billion more watched.",
    "It raised two million-strong reserves.",
    "Exports rose by 5bn.",
]


@pytest.mark.parametrize(("sentence", "expected", "surface"), AMOUNT_CASES)
def test_each_written_form_of_an_amount_is_read(
    sentence: str, expected: Money, surface: str
) -> None:
    [found] = find_amounts(sentence)
    assert found.money == expected
    assert found.surface == surface
    assert sentence[found.start : found.end] == surface
    assert isinstance(found.money.value, Decimal)


@pytest.mark.parametrize("sentence", NOT_MONEY)
def test_numbers_without_a_currency_and_malformed_numbers_are_not_money(sentence: str) -> None:
    assert find_amounts(sentence) == []


def test_several_amounts_in_one_sentence_come_in_order_without_overlap() -> None:
    sentence = (
        "Oslo gave NOK 2 billion, Berlin over €1.1bn, and Ottawa 500 million Canadian dollars."
    )
    found = find_amounts(sentence)
    assert [m.money for m in found] == [
        money("2e9", "NOK"),
        money("1.1e9", "EUR", OVER),
        money("5e8", "CAD"),
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_parse_money_reads_one_amount_and_nothing_else() -> None:
    assert parse_money("  over €600 million ") == money("6e8", "EUR", OVER)
    for text in ("", "600 million", "€5m and €6m", "the €5m", "€5m spent", "€€€€"):
        with pytest.raises(MoneyError):
            parse_money(text)


def test_an_unknown_surface_form_is_refused() -> None:
    with pytest.raises(MoneyError):
        format_money(money("1", "EUR"), "roman_numerals")


def test_format_money_writes_the_documented_examples() -> None:
    over = money("6e8", "EUR", OVER)
    assert format_money(over, "symbol_scaled") == "over €600 million"
    assert format_money(money("6e8", "EUR"), "code_scaled") == "EUR 600 million"
    assert format_money(money("6e8", "EUR"), "scaled_code_after") == "600 million euros"
    assert format_money(money("1.7e9", "EUR"), "symbol_short") == "€1.7bn"
    assert format_money(money("6e8", "EUR"), "symbol_short_mn") == "€600mn"
    assert format_money(money("1.7e9", "DKK"), "code_plain") == "DKK 1,700,000,000"
    assert format_money(money("1.7e9", "EUR"), "plain_digits_symbol") == "€1,700,000,000"
    assert format_money(money("1.7e9", "EUR"), "decimal_comma") == "€1,7 billion"


# --- the round trip ---------------------------------------------------------------------------

plain_values = st.decimals(
    min_value=0, max_value=10**15, places=2, allow_nan=False, allow_infinity=False
)
scaled_values = st.builds(
    lambda n, exponent: Decimal(n).scaleb(exponent - 3),
    st.integers(min_value=1, max_value=999_999),
    st.sampled_from([3, 6, 9, 12]),
)
moneys = st.builds(
    Money,
    st.one_of(plain_values, scaled_values),
    st.sampled_from(CURRENCIES),
    st.sampled_from(list(Qualifier)),
)


@given(moneys, st.sampled_from(SURFACE_FORMS))
def test_every_surface_form_reads_back_to_the_same_money(m: Money, form: str) -> None:
    assert parse_money(format_money(m, form)) == m


@given(
    moneys,
    st.sampled_from(SURFACE_FORMS),
    st.sampled_from(["Denmark pledged ", "In 2024, the fund got ", ""]),
    st.sampled_from([" for shells.", ", said the minister.", ""]),
)
def test_offsets_slice_back_to_the_surface_inside_a_sentence(
    m: Money, form: str, before: str, after: str
) -> None:
    written = format_money(m, form)
    sentence = before + written + after
    [found] = find_amounts(sentence)
    assert found.money == m
    assert (found.start, found.end) == (len(before), len(before) + len(written))
    assert sentence[found.start : found.end] == found.surface == written


# --- robustness -------------------------------------------------------------------------------

ADVERSARIAL = [
    "1" * 100_000,
    "€" + "9" * 100_000 + " billion",
    "€€€€",
    "1,1,1,1,1 billion",
    "€1,1,1,1,1 billion",
    "$" * 10_000,
    "1 " * 20_000 + "euros",
    "1." * 20_000,
    "over " * 5_000 + "€5m",
    "times " * 5_000,
    "9" * 5_000 + "%",
    "by 1e999999 times",
    "€1" + "0" * 29 + " trillion",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_inputs_do_not_crash_the_spotters(text: str) -> None:
    for mention in find_amounts(text):
        assert text[mention.start : mention.end] == mention.surface
    for factor in find_factors(text):
        assert text[factor.start : factor.end] == factor.surface


def test_an_absurd_amount_is_an_exact_huge_decimal() -> None:
    [found] = find_amounts("A troll wrote €99999999999999999999 billion.")
    assert found.money.value == Decimal("99999999999999999999E9")
    assert found.money.currency == "EUR"
    assert found.surface == "€99999999999999999999 billion"


def test_a_thirty_digit_amount_is_read_and_a_longer_one_is_not() -> None:
    [found] = find_amounts("€1" + "0" * 29 + " trillion")
    assert found.money.value == Decimal(10) ** 41
    assert find_amounts("€1" + "0" * 30) == []


@given(st.text())
def test_the_spotters_never_raise_on_arbitrary_text(text: str) -> None:
    for mention in find_amounts(text):
        assert text[mention.start : mention.end] == mention.surface
    for factor in find_factors(text):
        assert text[factor.start : factor.end] == factor.surface


@given(
    st.lists(
        st.sampled_from(
            [
                "€",
                "$",
                "1",
                ",",
                ".",
                " ",
                "5",
                "m",
                "bn",
                "over ",
                "%",
                "times",
                "fold",
                "by ",
                "-",
                "euros",
                "UAH",
            ]
        ),
        max_size=30,
    )
)
def test_the_spotters_never_raise_on_shuffled_amount_pieces(pieces: list[str]) -> None:
    text = "".join(pieces)
    for mention in find_amounts(text):
        assert text[mention.start : mention.end] == mention.surface
    for factor in find_factors(text):
        assert text[factor.start : factor.end] == factor.surface


# --- factors ----------------------------------------------------------------------------------


def factor(value: str, qualifier: Qualifier = EXACT) -> Factor:
    return Factor(Decimal(value), qualifier)


# (sentence, the one factor expected, its surface)
FACTOR_CASES: list[tuple[str, Factor, str]] = [
    ("Drone output tripled last year.", factor("3"), "tripled"),
    ("Drone output trebled last year.", factor("3"), "trebled"),
    ("Mortar output grew threefold.", factor("3"), "threefold"),
    ("Mortar output grew three-fold.", factor("3"), "three-fold"),
    ("Exports increased three times since 2022.", factor("3"), "three times"),
    ("Shell output doubled in a year.", factor("2"), "doubled"),
    ("Shell output grew twofold.", factor("2"), "twofold"),
    ("Shell output grew two times.", factor("2"), "two times"),
    ("Shell output is up 2x.", factor("2"), "2x"),
    ("Radar output rose fourfold.", factor("4"), "fourfold"),
    ("Radar output rose fivefold.", factor("5"), "fivefold"),
    ("Radar output rose sixfold.", factor("6"), "sixfold"),
    ("Radar output rose tenfold.", factor("10"), "tenfold"),
    ("Radar output rose hundredfold.", factor("100"), "hundredfold"),
    ("Radar output rose 2.5-fold.", factor("2.5"), "2.5-fold"),
    ("Drone output increased 2.5 times.", factor("2.5"), "2.5 times"),
    ("Drone output grew by 2.5 times.", factor("2.5"), "2.5 times"),
    ("Drone output grew by 2,5 times.", factor("2.5"), "2,5 times"),
    ("The industry raised volumes more than 20 times.", factor("20", OVER), "more than 20 times"),
    ("The industry increased volumes over 20 times.", factor("20", OVER), "over 20 times"),
    ("Sales grew almost three times.", factor("3", UNDER), "almost three times"),
    ("Sales grew about 1.5 times.", factor("1.5", ABOUT), "about 1.5 times"),
    ("Sales grew one and a half times.", factor("1.5"), "one and a half times"),
    ("Revenue increased by 62%.", factor("1.62"), "62%"),
    ("Revenue grew 62% in a year.", factor("1.62"), "62%"),
    ("Revenue was up 62 percent.", factor("1.62"), "62 percent"),
    ("Revenue rose by 62 per cent.", factor("1.62"), "62 per cent"),
    ("They reported a 40% increase in armour output.", factor("1.4"), "40%"),
    ("Spending went by 150% this year.", factor("2.5"), "150%"),
    ("Payroll grew by more than 60%.", factor("1.6", OVER), "more than 60%"),
    ("Payroll grew by 1,000%.", factor("11"), "1,000%"),
    ("It will increase six times more next year.", factor("6"), "six times"),
    ("The plant now makes twice as many shells.", factor("2"), "twice"),
    ("Output has more than doubled.", factor("2", OVER), "more than doubled"),
    ("Output has almost tripled.", factor("3", UNDER), "almost tripled"),
    ("The ministry plans to triple capacity.", factor("3"), "triple"),
    ("Output will double by 2026.", factor("2"), "double"),
    ("Of the lines, shells \u2013 2.5 times.", factor("2.5"), "2.5 times"),
]

NOT_FACTORS = [
    "Some 62% of firms are private.",
    "Defence spending reached 2% of GDP.",
    "Exports fell by 20% last year.",
    "Production decreased threefold.",
    "The new mortar is three times less accurate.",
    "Spending increased to 2% of GDP.",
    "The minister visited Kyiv three times.",
    "They make 155 mm shells.",
    "The EU rejects double standards.",
    "Inflation rose by 2 percentage points.",
    "Output went down 30%.",
    "Prices dropped 3 times in a row.",
    "Revenue changed by -20%.",
]


@pytest.mark.parametrize(("sentence", "expected", "surface"), FACTOR_CASES)
def test_each_written_form_of_a_factor_is_read(
    sentence: str, expected: Factor, surface: str
) -> None:
    [found] = find_factors(sentence)
    assert found.factor == expected
    assert found.surface == surface
    assert sentence[found.start : found.end] == surface


@pytest.mark.parametrize("sentence", NOT_FACTORS)
def test_shares_declines_and_counts_are_not_growth_factors(sentence: str) -> None:
    assert find_factors(sentence) == []


def test_a_list_of_sectors_gives_one_factor_per_sector() -> None:
    sentence = (
        "Over two years, domestic production of howitzers increased threefold, armoured "
        "vehicles \u2013 fivefold, anti-drone systems \u2014 twofold, and mines by 2.5 times."
    )
    found = find_factors(sentence)
    assert [(f.factor, f.sector) for f in found] == [
        (factor("3"), "howitzers"),
        (factor("5"), "armoured vehicles"),
        (factor("2"), "anti-drone systems"),
        (factor("2.5"), "mines"),
    ]


@pytest.mark.parametrize(
    ("sentence", "sector"),
    [
        ("Radio output has tripled since May.", "Radio output"),
        ("The group increased its shell output more than 20 times.", "shell output"),
        ("They saw a 40% increase in armour output.", "armour output"),
        ("The ministry plans to triple capacity.", "capacity"),
        ("In 2024, it grew 20%.", None),
    ],
)
def test_the_sector_is_read_when_it_stands_next_to_the_factor(
    sentence: str, sector: str | None
) -> None:
    [found] = find_factors(sentence)
    assert found.sector == sector


def test_a_sentence_without_digits_or_factor_words_has_no_factors() -> None:
    assert find_factors("The ministers met in Brussels on Tuesday.") == []
    assert find_amounts("The ministers met in Brussels on Tuesday.") == []
