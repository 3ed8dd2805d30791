"""Spotting and reading amounts of money in one sentence of news text (growth factors: `_factors`).

>>> [str(m.money) for m in find_amounts("Oslo pledged over €600 million and NOK 1.7 billion.")]
['over 600000000 EUR', '1700000000 NOK']

How ambiguous text is read (each choice is also covered by a test):

- A number needs a currency (symbol, ISO code or currency word) right before or after it
  (after an optional scale word) to be money: "4 million UAVs" and "155 mm" are not.
- "1,700" is one thousand seven hundred; "1,7 billion" is 1.7 billion: a comma followed by
  one or two digits is a decimal comma only when a scale word follows. "€1,5" (no scale) and
  malformed groupings ("1,1,1 billion") are not read at all.
- The scale letters "m", "b" and "k" count only when glued to the number ("€92m", "$1.4b");
  the words (million, mn, mln, billion, bn, bln, thousand, trillion, tn) may follow a space.
- Plain "dollars" is USD unless "Canadian", "Australian", "New Zealand", "Hong Kong" or
  "Singapore" comes first. Plain "kroner"/"krone" is DKK, "kronor"/"krona" SEK; "Norwegian"
  before them makes NOK. Bare "crowns" is not read (Danish, Norwegian, Swedish or Czech
  crowns are).
- "won" is KRW only after a scale word or as "(South) Korean won" ("in 2022 won" is a verb).
- "pounds" is GBP, except "N pounds of ..." without a scale word (a weight:
  "2,000 pounds of explosives"), and "-pound" after a hyphen ("500-pound bomb").
- A qualifier must stand directly before the amount ("worth more than $1.4 billion"); "over"
  after "hand/take/turn/pass/sign" is a verb particle, not a bound ("handed over €5 million").
- Ranges ("€5-7 million") are not read; neither are amounts in words ("a billion euros").
- At most 30 digits are read before and after the decimal point; a longer run is not a number.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Final

import attrs

from timeline.errors import MoneyError
from timeline.money import Money, Qualifier
from timeline.read._numbers import NUMBER_WORDS

__all__ = [
    "SURFACE_FORMS",
    "AmountMention",
    "find_amounts",
    "format_money",
    "parse_money",
]


@attrs.frozen
class AmountMention:
    """An amount of money found in a text: the `Money` and where it stands (``text[start:end]``).

    The surface includes the qualifier words ("over €600 million").
    """

    money: Money
    start: int
    end: int
    surface: str


# --- shared pieces ---------------------------------------------------------------------------

_MAX_DIGITS: Final = 30
# Enough precision for 30 integer digits, a trillion scale and 30 decimals, so that `Money`
# (which quantizes / normalizes in the current context) neither raises nor rounds.
_CONTEXT: Final = decimal.Context(prec=120, Emax=999_999, Emin=-999_999)

_SP: Final = "[ \u00a0\u202f\u2009]"  # space, no-break space, narrow no-break, thin

_QUALIFIERS: Final[dict[str, Qualifier]] = {
    "over": Qualifier.OVER,
    "just over": Qualifier.OVER,
    "well over": Qualifier.OVER,
    "more than": Qualifier.OVER,
    "in excess of": Qualifier.OVER,
    "above": Qualifier.OVER,
    "well above": Qualifier.OVER,
    "at least": Qualifier.OVER,
    "upwards of": Qualifier.OVER,
    "no less than": Qualifier.OVER,
    "not less than": Qualifier.OVER,
    "almost": Qualifier.UNDER,
    "nearly": Qualifier.UNDER,
    "under": Qualifier.UNDER,
    "just under": Qualifier.UNDER,
    "less than": Qualifier.UNDER,
    "below": Qualifier.UNDER,
    "just below": Qualifier.UNDER,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "approx.": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT,
    "estimated": Qualifier.ABOUT,
    "circa": Qualifier.ABOUT,
    "~": Qualifier.ABOUT,
    "up to": Qualifier.UP_TO,
    "as much as": Qualifier.UP_TO,
    "as many as": Qualifier.UP_TO,
    "a maximum of": Qualifier.UP_TO,
    "no more than": Qualifier.UP_TO,
    "not more than": Qualifier.UP_TO,
    "at most": Qualifier.UP_TO,
}


def _words_alternation(words: object) -> str:
    """A regex alternation of `words` (longest first), spaces matching any run of spaces."""
    assert isinstance(words, (list, tuple, dict))
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


# A qualifier directly before position `endpos` (searched with pos/endpos).
_QUAL_BEFORE: Final = re.compile(
    r"(?:(?<![\w~])(?i:" + _words_alternation([q for q in _QUALIFIERS if q != "~"]) + r")\s+"
    r"|~\s*)\Z"
)
# "handed over", "took over": "over" is a particle, not a bound.
_PHRASAL_OVER: Final = re.compile(
    r"(?i:\b(?:hand|hands|handed|handing|take|takes|took|taken|taking|turn|turns|turned|"
    r"turning|pass|passes|passed|passing|sign|signs|signed|signing|carry|carried|carries)"
    r"\s+)\Z"
)


def _normal_words(surface: str) -> str:
    return " ".join(surface.lower().split())


def _qualifier_before(text: str, lo: int, start: int) -> tuple[Qualifier, int]:
    """The qualifier that ends right at `start` (not before `lo`) and where it begins."""
    match = _QUAL_BEFORE.search(text, max(lo, start - 24), start)
    if match is None:
        return Qualifier.EXACT, start
    word = _normal_words(match.group().rstrip())
    if word == "over" and _PHRASAL_OVER.search(text, max(0, match.start() - 12), match.start()):
        return Qualifier.EXACT, start
    return _QUALIFIERS.get(word, Qualifier.ABOUT), match.start()


# --- currencies ------------------------------------------------------------------------------

# Symbols before the number. Longer ones first so that "US$" wins over "$".
_PREFIX_SYMBOLS: Final[dict[str, str]] = {
    "US$": "USD",
    "U.S.$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "CAN$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₩": "KRW",
    "₴": "UAH",
    "₹": "INR",
}
# Symbols after the number ("600 000 €", "500 zł").
_SUFFIX_SYMBOLS: Final[dict[str, str]] = {"€": "EUR", "zł": "PLN", "Kč": "CZK", "₴": "UAH"}
# ISO codes read before or after a number (upper case only).
_CODES: Final = frozenset(
    {
        *("EUR", "USD", "GBP", "UAH", "DKK", "NOK", "SEK", "CZK", "PLN", "CAD", "AUD", "CHF"),
        *("JPY", "KRW", "NZD", "HKD", "SGD", "HUF", "RON", "ISK", "TRY", "CNY", "INR"),
    }
)
# Currency words after the number (matched without regard to case).
_CURRENCY_WORDS: Final[dict[str, str]] = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "us dollar": "USD",
    "u.s. dollars": "USD",
    "u.s. dollar": "USD",
    "american dollars": "USD",
    "canadian dollars": "CAD",
    "canadian dollar": "CAD",
    "australian dollars": "AUD",
    "australian dollar": "AUD",
    "new zealand dollars": "NZD",
    "new zealand dollar": "NZD",
    "hong kong dollars": "HKD",
    "hong kong dollar": "HKD",
    "singapore dollars": "SGD",
    "singapore dollar": "SGD",
    "pounds": "GBP",
    "pound": "GBP",
    "pounds sterling": "GBP",
    "pound sterling": "GBP",
    "british pounds": "GBP",
    "sterling": "GBP",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "hryvnas": "UAH",
    "hryvna": "UAH",
    "hryvnyas": "UAH",
    "hryvnya": "UAH",
    "hryvnya's": "UAH",
    "hryvens": "UAH",
    "hryven": "UAH",
    "ukrainian hryvnias": "UAH",
    "ukrainian hryvnia": "UAH",
    "kroner": "DKK",
    "krone": "DKK",
    "danish kroner": "DKK",
    "danish krone": "DKK",
    "danish crowns": "DKK",
    "norwegian kroner": "NOK",
    "norwegian krone": "NOK",
    "norwegian crowns": "NOK",
    "kronor": "SEK",
    "krona": "SEK",
    "swedish kronor": "SEK",
    "swedish krona": "SEK",
    "swedish crowns": "SEK",
    "koruna": "CZK",
    "korunas": "CZK",
    "korun": "CZK",
    "czech koruna": "CZK",
    "czech korunas": "CZK",
    "czech korun": "CZK",
    "czech crowns": "CZK",
    "zloty": "PLN",
    "zlotys": "PLN",
    "zlotych": "PLN",
    "złoty": "PLN",
    "złotys": "PLN",
    "złotych": "PLN",
    "polish zlotys": "PLN",
    "polish zloty": "PLN",
    "polish złoty": "PLN",
    "yen": "JPY",
    "japanese yen": "JPY",
    "won": "KRW",
    "korean won": "KRW",
    "south korean won": "KRW",
    "swiss francs": "CHF",
    "swiss franc": "CHF",
    "forints": "HUF",
    "forint": "HUF",
    "hungarian forints": "HUF",
}

_CODES_ALT: Final = "|".join(sorted(_CODES))
_PREFIX_CURRENCY: Final = re.compile(
    r"(?:(?<![A-Za-z])(?P<sym>"
    + _words_alternation(_PREFIX_SYMBOLS)
    + r")|(?<![A-Za-z])(?P<code>"
    + _CODES_ALT
    + r"))"
    + _SP
    + r"?\Z"
)
_PREFIX_LAST_CHARS: Final = frozenset("$€£¥₩₴₹") | frozenset(c for code in _CODES for c in code)
_SUFFIX_CURRENCY: Final = re.compile(
    _SP
    + r"?(?P<sym>"
    + _words_alternation(_SUFFIX_SYMBOLS)
    + r")(?!\w)"
    + r"|[ \u00a0\u202f\u2009-](?P<code>"
    + _CODES_ALT
    + r")\b"
    + r"|[ \u00a0\u202f\u2009-](?P<word>(?i:"
    + _words_alternation(_CURRENCY_WORDS)
    + r"))(?![\w'])"
)
# The first two characters (lower case) of everything `_SUFFIX_CURRENCY` reads.
_SUFFIX_STARTS: Final = frozenset(
    word[:2].lower() for word in (*_SUFFIX_SYMBOLS, *_CODES, *_CURRENCY_WORDS)
)
_SUFFIX_SYMBOL_STARTS: Final = frozenset(symbol[0] for symbol in _SUFFIX_SYMBOLS)
_SUFFIX_SEPARATORS: Final = frozenset(" \u00a0\u202f\u2009-")
_POUNDS_OF: Final = re.compile(r"\s+of\b", re.IGNORECASE)

# --- numbers and scales ----------------------------------------------------------------------

_SCALE_WORDS: Final[dict[str, int]] = {
    "thousand": 3,
    "million": 6,
    "mn": 6,
    "mln": 6,
    "billion": 9,
    "bn": 9,
    "bln": 9,
    "trillion": 12,
    "tn": 12,
    "trn": 12,
}
_SCALE_LETTERS: Final[dict[str, int]] = {"k": 3, "m": 6, "b": 9}
_SCALE_STARTS: Final = frozenset(word[0] for word in (*_SCALE_WORDS, *_SCALE_LETTERS))
_SCALE_WORDS_ALT: Final = _words_alternation(_SCALE_WORDS)

# Group names: g = comma-grouped, s = space-grouped, e = decimal comma, p = plain.
_NUMBER_SRC: Final = (
    r"(?<!\d)(?<!\d[.,])"
    r"(?:(?P<g>\d{1,3}(?:,\d{3}){1,9}(?:\.\d{1,30})?)"
    r"|(?P<s>\d{1,3}(?:" + _SP + r"\d{3}){1,9}(?:\.\d{1,30})?)"
    r"|(?P<e>\d{1,3},\d{1,2})(?=" + _SP + r"?-?(?i:" + _SCALE_WORDS_ALT + r")\b)"
    r"|(?P<p>\d{1,30}(?:\.\d{1,30})?))"
    r"(?!\d)(?![.,]\d)"
)
_NUMBER: Final = re.compile(_NUMBER_SRC)
_SCALE_AFTER: Final = re.compile(
    r"(?:[ \u00a0\u202f\u2009-]?(?P<w>(?i:" + _SCALE_WORDS_ALT + r"))|(?P<l>[kmbKMB]))(?![\w])"
)
_DIGIT: Final = re.compile(r"\d")
_DIGIT_RUN: Final = re.compile(r"\d+")
_RANGE_AFTER: Final = re.compile(_SP + r"?[-\u2013\u2014]" + _SP + r"?[$€£]?\d")


def _number_value(match: re.Match[str]) -> Decimal:
    """The Decimal read from a `_NUMBER` match (exact: built from a string)."""
    if (grouped := match.group("g")) is not None:
        return Decimal(grouped.replace(",", ""))
    if (spaced := match.group("s")) is not None:
        return Decimal(re.sub(_SP, "", spaced))
    if (comma := match.group("e")) is not None:
        return Decimal(comma.replace(",", "."))
    return Decimal(match.group("p"))


def _make_money(value: Decimal, currency: str, qualifier: Qualifier) -> Money:
    # `Money` quantizes and normalizes in the current context: give it room for big values.
    with decimal.localcontext(_CONTEXT):
        return Money(value, currency, qualifier)


# --- amounts ---------------------------------------------------------------------------------


def _prefix_currency(text: str, lo: int, start: int) -> tuple[str, int] | None:
    """The currency written right before the number at `start`, and where it begins."""
    if start <= lo:
        return None
    last = text[start - 1]
    if last in " \u00a0\u202f\u2009" and start - 1 > lo:
        last = text[start - 2]
    if last not in _PREFIX_LAST_CHARS:
        return None
    match = _PREFIX_CURRENCY.search(text, max(lo, start - 7), start)
    if match is None:
        return None
    symbol = match.group("sym")
    return (_PREFIX_SYMBOLS[symbol] if symbol else match.group("code")), match.start()


def _may_follow(text: str, pos: int) -> bool:
    """False when neither a scale nor a currency can start at `pos` (a quick filter)."""
    head = pos + 1 if text[pos : pos + 1] in _SUFFIX_SEPARATORS else pos
    return (
        text[head : head + 1].lower() in _SCALE_STARTS
        or text[head : head + 1] in _SUFFIX_SYMBOL_STARTS
        or text[head : head + 2].lower() in _SUFFIX_STARTS
    )


def _suffix_currency(text: str, pos: int, scaled: bool) -> tuple[str, int] | None:
    """The currency written right after position `pos`, and where it ends."""
    if not _may_follow(text, pos):
        return None
    match = _SUFFIX_CURRENCY.match(text, pos)
    if match is None:
        return None
    if (symbol := match.group("sym")) is not None:
        return _SUFFIX_SYMBOLS[symbol], match.end()
    if (code := match.group("code")) is not None:
        return code, match.end()
    word = _normal_words(match.group("word"))
    separator = match.group()[0]
    if word == "won" and not scaled:
        return None
    if word in {"pound", "pounds"} and (
        separator == "-"
        or (not scaled and (word == "pound" or _POUNDS_OF.match(text, match.end())))
    ):
        return None
    return _CURRENCY_WORDS[word], match.end()


def _amount_at(text: str, number: re.Match[str], lo: int) -> AmountMention | None:
    """The amount built around `number`, or None when it is not money."""
    start, end = number.span()
    prefix = _prefix_currency(text, lo, start)
    if prefix is None and not _may_follow(text, end):  # cheap: "33 companies" stops here
        return None
    if _RANGE_AFTER.match(text, end):  # "€5-7 million": a range is not read
        return None
    scale = 0
    scale_match = _SCALE_AFTER.match(text, end)
    if scale_match is not None:
        if (word := scale_match.group("w")) is not None:
            scale = _SCALE_WORDS[word.lower()]
        else:
            scale = _SCALE_LETTERS[scale_match.group("l").lower()]
        end = scale_match.end()
    elif number.group("e") is not None:
        return None
    if prefix is not None:
        currency, start = prefix
    else:
        suffix = _suffix_currency(text, end, scale > 0)
        if suffix is None:
            return None
        currency, end = suffix
    qualifier, start = _qualifier_before(text, lo, start)
    value = _number_value(number)
    if scale:
        value = value.scaleb(scale, _CONTEXT)
    try:
        money = _make_money(value, currency, qualifier)
    except MoneyError:  # pragma: no cover - every table currency is a valid ISO code
        return None
    return AmountMention(money, start, end, text[start:end])


# "a billion euros", "two million dollars", "half a billion dollars": a number word (twenty
# at most) before a large scale word; money only with a currency written right after.
_WORD_SCALES: Final = {"million": 6, "billion": 9, "trillion": 12}
_WORD_NUMBER: Final = re.compile(
    r"\b(?P<n>half"
    + _SP
    + r"an?|an?|"
    + "|".join(w for w, v in NUMBER_WORDS.items() if 0 < v <= 20)
    + r")"
    + _SP
    + r"(?P<w>million|billion|trillion)\b",
    re.IGNORECASE,
)
_HALF: Final = Decimal("0.5")


def _word_amounts(text: str) -> list[AmountMention]:
    """The amounts written with a number word ("a billion euros"), in order."""
    found: list[AmountMention] = []
    for match in _WORD_NUMBER.finditer(text):
        suffix = _suffix_currency(text, match.end(), True)
        if suffix is None:
            continue
        currency, end = suffix
        word = " ".join(match.group("n").lower().split())
        count = _HALF if word.startswith("half") else Decimal(NUMBER_WORDS.get(word, 1))
        value = count.scaleb(_WORD_SCALES[match.group("w").lower()], _CONTEXT)
        qualifier, start = _qualifier_before(text, 0, match.start())
        found.append(
            AmountMention(_make_money(value, currency, qualifier), start, end, text[start:end])
        )
    return found


def find_amounts(text: str) -> list[AmountMention]:
    """Every amount of money in `text`, in order and without overlaps.

    A number is money when a currency symbol, ISO code or currency word stands right before
    it or right after it (after an optional scale word); a qualifier directly before is kept.

    >>> [m.surface for m in find_amounts("Kyiv got more than $1.4 billion and 87 million euros.")]
    ['more than $1.4 billion', '87 million euros']
    """
    words = _word_amounts(text) if "illion" in text else []
    if not _DIGIT.search(text):
        return words
    found: list[AmountMention] = []
    lo = skip = 0
    # Trying the number pattern only where a digit run starts is much faster than scanning.
    for run in _DIGIT_RUN.finditer(text):
        if run.start() < skip:
            continue
        number = _NUMBER.match(text, run.start())
        if number is None:
            continue
        skip = number.end()
        mention = _amount_at(text, number, lo)
        if mention is not None:
            found.append(mention)
            lo = skip = mention.end
    if words:  # digits take precedence where the two overlap
        taken = [(m.start, m.end) for m in found]
        found += [w for w in words if all(w.end <= a or w.start >= b for a, b in taken)]
        found.sort(key=lambda m: m.start)
    return found


def parse_money(text: str) -> Money:
    """The one amount that `text` is, qualifier included ("over €600 million").

    Raises `MoneyError` when `text` is not exactly one amount (surrounding spaces aside).

    >>> str(parse_money("DKK 1.7 billion"))
    '1700000000 DKK'
    """
    if not isinstance(text, str):
        raise MoneyError(f"an amount is a string, not {text!r}")
    stripped = text.strip()
    found = find_amounts(stripped)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        raise MoneyError(f"not exactly one amount of money: {text!r}")
    return found[0].money


# --- formatting ------------------------------------------------------------------------------

SURFACE_FORMS: Final[tuple[str, ...]] = (
    "symbol_scaled",
    "code_scaled",
    "scaled_code_after",
    "scaled_iso_after",
    "symbol_short",
    "symbol_short_mn",
    "code_short",
    "decimal_comma",
    "code_plain",
    "plain_digits_symbol",
    "plain_digits_words",
    "space_grouped",
)
"""Every surface form that `format_money` writes and `parse_money` reads back.

- ``symbol_scaled``: "over €600 million"
- ``code_scaled``: "more than EUR 600 million"
- ``scaled_code_after``: "600 million euros" (currency words)
- ``scaled_iso_after``: "600 million EUR"
- ``symbol_short``: "€600m", "€1.7bn", "€500k"
- ``symbol_short_mn``: "€600mn", "€1.7bln"
- ``code_short``: "UAH 5 bln", "USD 300 mln"
- ``decimal_comma``: "€1,7 billion"
- ``code_plain``: "DKK 1,700,000,000"
- ``plain_digits_symbol``: "€1,700,000,000"
- ``plain_digits_words``: "1,700,000,000 euros"
- ``space_grouped``: "1 700 000 euros" (narrow no-break spaces)

Forms with a symbol fall back to the ISO code for currencies without one ("DKK 600m").
"""

_SYMBOL_OF: Final[dict[str, str]] = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "JPY": "¥",
    "KRW": "₩",
    "UAH": "₴",
    "CAD": "C$",
    "AUD": "A$",
    "NZD": "NZ$",
    "HKD": "HK$",
    "SGD": "S$",
    "INR": "₹",
}
_WORD_OF: Final[dict[str, str]] = {
    "EUR": "euros",
    "USD": "dollars",
    "GBP": "pounds",
    "UAH": "hryvnias",
    "DKK": "kroner",
    "NOK": "Norwegian kroner",
    "SEK": "kronor",
    "CZK": "korunas",
    "PLN": "zlotys",
    "CAD": "Canadian dollars",
    "AUD": "Australian dollars",
    "NZD": "New Zealand dollars",
    "HKD": "Hong Kong dollars",
    "SGD": "Singapore dollars",
    "CHF": "Swiss francs",
    "JPY": "yen",
    "KRW": "South Korean won",
    "HUF": "forints",
}
# Each form uses a different word for a qualifier, so that every word is read back somewhere.
_QUALIFIER_WORDS: Final[dict[Qualifier, tuple[str, ...]]] = {
    Qualifier.EXACT: ("",),
    Qualifier.OVER: ("over", "more than", "in excess of", "above", "at least"),
    Qualifier.UNDER: ("almost", "nearly", "under", "less than", "just under", "below"),
    Qualifier.ABOUT: ("about", "around", "approximately", "roughly", "some", "an estimated", "~"),
    Qualifier.UP_TO: ("up to", "as much as", "a maximum of"),
}
_LONG_SCALES: Final = ((12, "trillion"), (9, "billion"), (6, "million"), (3, "thousand"))
_SHORT_SCALES: Final = ((12, "tn"), (9, "bn"), (6, "m"), (3, "k"))
_SHORT_MN_SCALES: Final = ((12, "trn"), (9, "bln"), (6, "mn"))
_CODE_SHORT_SCALES: Final = ((12, "trn"), (9, "bln"), (6, "mln"))


def _plain(value: Decimal, group: str = ",") -> str:
    """`value` in fixed notation with thousands grouped by `group`."""
    with decimal.localcontext(_CONTEXT):
        text = format(value, ",f")
    return text.replace(",", group) if group != "," else text


def _scaled(value: Decimal, scales: tuple[tuple[int, str], ...], places: int) -> tuple[str, str]:
    """`value` as (number, scale word) with the largest scale that keeps ≤ `places` decimals.

    The scale is "" when no scale fits (the number is then written in full).
    """
    with decimal.localcontext(_CONTEXT):
        for exponent, word in scales:
            number = value.scaleb(-exponent)
            if number >= 1 and number == number.quantize(Decimal(1).scaleb(-places)):
                number = number.normalize()
                if number == number.to_integral_value():
                    number = number.quantize(Decimal(1))
                return _plain(number), word
    return _plain(value), ""


def format_money(money: Money, form: str) -> str:
    """`money` written in the surface form `form` (one of `SURFACE_FORMS`).

    ``parse_money(format_money(m, form)) == m`` holds for every form and every supported
    currency; scaled forms choose the largest scale that keeps at most three decimals and
    write the number in full when none fits.

    >>> format_money(Money(Decimal("600000000"), "EUR", Qualifier.OVER), "symbol_scaled")
    'over €600 million'
    >>> format_money(Money(Decimal("1700000000"), "DKK"), "code_plain")
    'DKK 1,700,000,000'
    """
    if form not in SURFACE_FORMS:
        raise MoneyError(f"unknown surface form {form!r}; known: {', '.join(SURFACE_FORMS)}")
    currency = money.currency
    code = f"{currency} "
    symbol = _SYMBOL_OF.get(currency, code)
    word = _WORD_OF.get(currency, currency)
    value = money.value

    def spaced(number: str, scale: str) -> str:
        return f"{number} {scale}" if scale else number

    if form == "symbol_scaled":
        body = symbol + spaced(*_scaled(value, _LONG_SCALES, 3))
    elif form == "code_scaled":
        body = code + spaced(*_scaled(value, _LONG_SCALES, 3))
    elif form == "scaled_code_after":
        body = f"{spaced(*_scaled(value, _LONG_SCALES, 3))} {word}"
    elif form == "scaled_iso_after":
        body = f"{spaced(*_scaled(value, _LONG_SCALES, 3))} {currency}"
    elif form == "symbol_short":
        body = symbol + "".join(_scaled(value, _SHORT_SCALES, 3))
    elif form == "symbol_short_mn":
        body = symbol + "".join(_scaled(value, _SHORT_MN_SCALES, 3))
    elif form == "code_short":
        body = code + spaced(*_scaled(value, _CODE_SHORT_SCALES, 3))
    elif form == "decimal_comma":
        number, scale = _scaled(value, _LONG_SCALES, 2)
        if scale and "." in number and "," not in number:
            number = number.replace(".", ",")
        body = symbol + spaced(number, scale)
    elif form == "code_plain":
        body = code + _plain(value)
    elif form == "plain_digits_symbol":
        body = symbol + _plain(value)
    elif form == "plain_digits_words":
        body = f"{_plain(value)} {word}"
    else:  # space_grouped
        body = f"{_plain(value, chr(0x202F))} {word}"
    words = _QUALIFIER_WORDS[money.qualifier]
    qualifier = words[SURFACE_FORMS.index(form) % len(words)]
    if not qualifier:
        return body
    return f"{qualifier}{body}" if qualifier == "~" else f"{qualifier} {body}"
