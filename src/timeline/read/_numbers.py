"""Number words and ordinals, the one table of each that the readers share.

>>> NUMBER_WORDS["twelve"], ordinal_value("twenty-first"), ordinal_value("4th")
(12, 21, 4)
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["NUMBER_WORDS", "ORDINAL_UNITS", "ORDINAL_WORD", "ordinal_value"]

_UNITS: Final = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)

#: Cardinal number words to their value: zero to twenty, the tens to fifty, hundred and
#: thousand. Each reader matches only the words its grammar names and looks them up here.
NUMBER_WORDS: Final[dict[str, int]] = {word: value for value, word in enumerate(_UNITS)} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
}

#: "first" to "nineteenth", in order.
ORDINAL_UNITS: Final = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth"),
)
_ORDINAL_TENS: Final = {
    "twent": 20,
    "thirt": 30,
    "fort": 40,
    "fift": 50,
    "sixt": 60,
    "sevent": 70,
    "eight": 80,
    "ninet": 90,
}

#: A regex fragment for an ordinal up to the ninety-ninth, in words or digits ("15th").
ORDINAL_WORD: Final = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))?|(?:twent|thirt|fort"
    r"|fift|sixt|sevent|eight|ninet)ieth|" + "|".join(ORDINAL_UNITS) + ")"
)


def ordinal_value(word: str) -> int | None:
    """The number an ordinal names: "fifteenth" 15, "twenty-first" 21, "15th" 15."""
    lower = word.lower().replace(" ", "-")
    digits = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", lower)
    if digits is not None:
        return int(digits.group(1))
    if lower in ORDINAL_UNITS:
        return ORDINAL_UNITS.index(lower) + 1
    tens, _, unit = lower.partition("-")
    for stem, value in _ORDINAL_TENS.items():
        if tens == stem + "ieth" and not unit:
            return value
        if tens == stem + "y" and unit in ORDINAL_UNITS[:9]:
            return value + ORDINAL_UNITS.index(unit) + 1
    return None
