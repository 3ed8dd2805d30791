"""Spotting date expressions in a sentence and resolving them to `DateSpan`s.

`find_dates` finds every date expression in a text, in text order, without overlaps (at any
position the longest form wins: "in June 2023" before "in June"); `resolve_date` reads one
expression. Relative expressions ("last week", "in June", "on Friday") resolve against a
reference date, the article's publication date; without one they are ``..`` (unknown).

The surface of a mention includes the word that leads it ("in", "on", "since", "by", ...),
because some of those words change the span: "since 2022" is ``2022/..``, "by June 2023" is
``../2023-06``, "before the full-scale invasion" is ``../2022-02-23``.

Choices on ambiguous expressions (each never states a finer precision than the text):

- "18 October", "on 1 September", "Oct. 18" (no year): the most recent such day on or before
  the reference; "from 1 March to 3 April": the most recent such range that has ended by then.
- "2-3 October 2023", "between 2 and 5 October": a range of days (a week span when it is 2 to 7
  days). "12 January and 3 February 2024" is two mentions; "between A and B" is one range.
- "in June", "at the end of June", "early June": the most recent June that has started by the
  reference (the reference's own month counts); a month span, never a part of it.
- "from January to March" (no year): the most recent such range whose last month has started
  by the reference.
- "last June": the most recent June strictly before the reference's month; "next June" the
  first strictly after; "this June" the reference's year.
- "Friday", "on Friday", "this Friday": the most recent Friday on or before the reference;
  "last Friday" strictly before it; "next Friday" strictly after.
- "last week": the previous ISO week (Monday to Sunday); "this week": its Monday to the
  reference; "earlier this week/month/year": the unit's first day to the reference (day
  precision, a week when it is 2 to 7 days); "later this ...": the reference to the unit's end.
- "this weekend", "over the weekend": the most recent Saturday on or before the reference and
  the Sunday after, cut at the reference; "last weekend": the most recent weekend whose Sunday
  is before the reference.
- "last month/year/quarter": the previous calendar unit; "this month/year/quarter": the whole
  unit that holds the reference.
- "over the past year", "in the last 12 months", "the past two weeks": a rolling period from
  the reference minus the length to the reference, day precision; "the last quarter" (no
  number) is the previous calendar quarter.
- "N days ago": that day; "N weeks ago": the ISO week holding the reference minus N weeks;
  "N months ago": that calendar month; "N years ago": the calendar year reference.year - N.
- "early 2024": January to April; "mid-2023": May to August; "late 2023": September to
  December (month precision). "the beginning/start of 2023": Q1; "the end of 2023": Q4;
  "by the end of 2023": ``../2023``.
- "the first half of 2023": January to June (month precision); "H2 2023" likewise.
- Seasons are meteorological: spring March-May, summer June-August, autumn/fall
  September-November; "winter 2023" is December 2023 to February 2024, "winter 2022/23" is
  December 2022 to February 2023. "last summer" is the most recent summer that has ended by the
  reference; "in the summer" the most recent that has started; "this summer" the one of the
  reference's year (for winter in January or February: the winter holding the reference).
- "since X", "from X onwards" and "after X" keep X's precision with an open end ("since
  February 2022" is ``2022-02/..``, "after 2022" is ``2023/..``); "by X", "until X", "as of X":
  ``../the end of X``; "before X": ``../the day before X``.
- "since/during/amid the full-scale invasion": ``2022-02-24/..``; the phrase needs such a
  leading word. "The war" alone is not dated (it may mean 2014).
- "the previous year", "the following year", "the next year" are relative to the narrative,
  not to the publication date, and are not read; nor are "recently", "earlier", "soon".
- A bare year (no leading word) is a year unless it reads as a count: followed by a plural
  noun or a unit ("2000 drones", "2024 km"), preceded by a quantity word ("about 2000"), or
  outside 1900-2100. "May" and "March" are months only when capitalised and next to a day
  number or a year, or led by "in", "since", "by", "early", "last", etc.
- Keywords are found in lower case or capitalised ("last week", "Last week"), not in
  capitals ("LAST WEEK"): every expression holds an anchor (a year, a month or weekday name,
  or a word such as week, month, yesterday, quarter), and only the few words before an anchor
  are tried, which keeps a sentence without dates at about 10-20 µs.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

import attrs

from timeline.dates import DateSpan, Precision
from timeline.errors import DateError

__all__ = ["DateMention", "find_dates", "resolve_date"]


@attrs.frozen
class DateMention:
    """A date expression found in a text: its span and where it stands.

    ``text[start:end] == surface``. `relative` is True when the span depends on the
    reference date (it is ``..`` when there is none).
    """

    span: DateSpan
    start: int
    end: int
    surface: str
    relative: bool


# -- calendar helpers ---------------------------------------------------------------------------

FULL_SCALE_INVASION = date(2022, 2, 24)

_MONTH_NUMBER = {
    name: i
    for i, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_WEEKDAY_NUMBER = {
    name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# early / mid / late part of a year, in months (first, last)
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12)}
_YEAR_EDGES = {"beginning": (1, 3), "start": (1, 3), "end": (10, 12), "close": (10, 12)}
_YEAR_EDGES |= {"middle": (5, 8)}


def _key(text: str) -> str:
    """Case-folded, single-spaced text for table look-ups."""
    return " ".join(text.casefold().split())


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_of(name: str) -> int:
    return _MONTH_NUMBER[_key(name)[:3]]


def _number(text: str) -> int:
    key = _key(text)
    return int(key) if key.isdigit() else _NUMBER_WORDS[key]


def _months(y1: int, m1: int, y2: int, m2: int) -> DateSpan:
    """Whole months from (y1, m1) to (y2, m2), month precision."""
    return DateSpan(date(y1, m1, 1), _month_end(y2, m2), Precision.MONTH)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _shift_months(day: date, delta: int) -> date:
    year, month = _add_months(day.year, day.month, delta)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _started_year(ref: date, month: int) -> int:
    """The year of the most recent `month` that has started by `ref`."""
    return ref.year if ref.month >= month else ref.year - 1


def _relative_month_year(ref: date, month: int, which: str | None) -> int:
    if which in ("last", "past"):
        return ref.year if ref.month > month else ref.year - 1
    if which == "next":
        return ref.year if ref.month < month else ref.year + 1
    if which == "this":
        return ref.year
    return _started_year(ref, month)


def _recent_day(ref: date, month: int, day: int) -> date | None:
    """The most recent `day` of `month` on or before `ref` (None if no such day is near)."""
    for year in range(ref.year, ref.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= ref:
            return candidate
    return None


def _valid_day_of_month(month: int, day: int) -> bool:
    return day <= calendar.monthrange(2000, month)[1]  # 2000 is a leap year


def _weekday(ref: date, weekday: int, which: str | None) -> date:
    back = (ref.weekday() - weekday) % 7
    if which in ("last", "past", "previous"):
        return ref - timedelta(days=back or 7)
    if which == "next":
        return ref + timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    return ref - timedelta(days=back)


def _year_part(year: int, part: str) -> DateSpan:
    """early / mid / late, beginning / start / middle / end / close of a year."""
    if part in _YEAR_EDGES:
        first, last = _YEAR_EDGES[part]
        if last - first == 2:
            return DateSpan.quarter(year, (first + 2) // 3)
    else:
        first, last = _YEAR_PARTS[part]
    return _months(year, first, year, last)


def _season(start_year: int, season: str) -> DateSpan:
    first = _SEASONS[season]
    year2, last = _add_months(start_year, first, 2)
    return _months(start_year, first, year2, last)


# -- the grammar --------------------------------------------------------------------------------

_FULL_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_ABBR_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


def _mon(name: str) -> str:
    """A month name, full or abbreviated (case-sensitive: 'may' is a verb)."""
    return rf"(?-i:(?P<{name}>(?:{_FULL_MONTHS})|(?:{_ABBR_MONTHS})\.?))(?![A-Za-z])"


def _fullmon(name: str) -> str:
    return rf"(?-i:(?P<{name}>{_FULL_MONTHS}))(?![A-Za-z])"


def _day(name: str) -> str:
    return rf"(?P<{name}>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"


def _year(name: str) -> str:
    return rf"(?P<{name}>19[0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])"


def _wd(name: str) -> str:
    return rf"(?-i:(?P<{name}>{_WEEKDAYS}))(?![A-Za-z])"


def _num(name: str) -> str:
    words = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    return rf"(?P<{name}>[0-9]{{1,4}}|{words})(?![0-9A-Za-z])"


_S = r"\s+"
_DASH = r"\s*[-\u2010-\u2015]\s*"
_TO = rf"(?:{_DASH}|\s+(?:to|until|till|through|and)\s+)"
_TO_RANGE = rf"(?:{_DASH}|\s+(?:to|until|till|through)\s+)"
_WD_PREFIX = rf"(?:{_wd('{p}wd')},?\s+)?"
_PART = r"(?:early|mid|late)(?:\s*-\s*|\s+)"
_EDGE = r"(?:the\s+)?(?:beginning|start|end|middle|close)\s+of\s+"
_ORD = r"first|second|third|fourth|1st|2nd|3rd|4th"


def _p(prefix: str, pattern: str) -> str:
    """Expand '{p}' to the core's group-name prefix."""
    return pattern.replace("{p}", prefix)


_CORES: list[tuple[str, str]] = [
    ("iso", rf"{_year('iso_y')}-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12][0-9]|3[01])"),
    ("dot", rf"(?P<dot_d>3[01]|[12][0-9]|0?[1-9])\.(?P<dot_m>1[0-2]|0?[1-9])\.{_year('dot_y')}"),
    (
        "ddr",
        rf"(?:(?P<ddr_b>between)\s+|from\s+)?{_day('ddr_d1')}\s+(?:of\s+)?{_mon('ddr_m1')}"
        rf"(?:,?\s+{_year('ddr_y1')})?(?(ddr_b)\s+and\s+|{_TO_RANGE}){_day('ddr_d2')}\s+"
        rf"(?:of\s+)?{_mon('ddr_m2')}(?:,?\s+{_year('ddr_y2')})?",
    ),
    (
        "dr1",
        _p("dr1_", _WD_PREFIX)
        + rf"(?:(?:from|between)\s+)?{_day('dr1_d1')}{_TO}{_day('dr1_d2')}\s+(?:of\s+)?"
        rf"{_mon('dr1_m')}(?:,?\s+{_year('dr1_y')})?",
    ),
    (
        "dmy",
        _p("dmy_", _WD_PREFIX)
        + rf"(?:the\s+)?{_day('dmy_d')}\s+(?:of\s+)?{_mon('dmy_m')},?\s+{_year('dmy_y')}",
    ),
    ("dm", _p("dm_", _WD_PREFIX) + rf"(?:the\s+)?{_day('dm_d')}\s+(?:of\s+)?{_mon('dm_m')}"),
    (
        "dr2",
        rf"{_mon('dr2_m')}\s+{_day('dr2_d1')}{_TO}{_day('dr2_d2')}(?:,?\s+{_year('dr2_y')})?",
    ),
    (
        "mdy",
        _p("mdy_", _WD_PREFIX)
        + rf"{_mon('mdy_m')}\s+(?:the\s+)?{_day('mdy_d')}(?:,\s*|\s+){_year('mdy_y')}",
    ),
    (
        "wom",
        rf"(?:the\s+)?(?P<wom_o>{_ORD}|last|final)\s+week\s+of\s+{_fullmon('wom_m')}"
        rf"(?:,?\s+{_year('wom_y')})?",
    ),
    (
        "mry",
        rf"(?:(?P<mry_b>between)\s+|from\s+)?{_mon('mry_m1')},?\s+{_year('mry_y1')}"
        rf"(?(mry_b)\s+and\s+|{_TO_RANGE}){_mon('mry_m2')},?\s+{_year('mry_y2')}",
    ),
    (
        "mr",
        rf"(?:(?P<mr_b>between)\s+|from\s+)?{_mon('mr_m1')}(?(mr_b)\s+and\s+|{_TO_RANGE})"
        rf"{_mon('mr_m2')}(?:,?\s+(?:of\s+)?{_year('mr_y')})?",
    ),
    (
        "my",
        rf"(?:(?P<my_p>early|mid|late)(?:\s*-\s*|\s+)|{_EDGE})?{_mon('my_m')},?\s+(?:of\s+)?"
        rf"{_year('my_y')}",
    ),
    ("md", _p("md_", _WD_PREFIX) + rf"{_mon('md_m')}\s+(?:the\s+)?{_day('md_d')}"),
    (
        "mrel",
        rf"(?:(?P<mrel_p>early|mid|late)(?:\s*-\s*|\s+)|(?:the\s+)?"
        rf"(?P<mrel_e>beginning|start|end|middle|close)\s+of\s+)?"
        rf"(?:(?P<mrel_w>last|this|next|past)\s+)?{_fullmon('mrel_m')}"
        rf"(?:,?\s+(?:of\s+)?(?P<mrel_y>last|this|next)\s+year)?",
    ),
    (
        "yr",
        rf"(?:(?P<yr_b>between)\s+|from\s+)?{_year('yr_y1')}"
        rf"(?(yr_b)\s+and\s+|(?:{_DASH}|/|\s+(?:to|until|till|through)\s+))"
        rf"(?P<yr_y2>19[0-9][0-9]|20[0-9][0-9]|2100|[0-9][0-9])(?![0-9])",
    ),
    (
        "sea",
        rf"(?:{_PART})?(?:the\s+)?(?P<sea_s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
        rf"{_year('sea_y')}(?:\s*[-/\u2010-\u2015]\s*(?P<sea_y2>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))?",
    ),
    (
        "qtr",
        rf"(?:the\s+)?(?:Q(?P<qtr_n>[1-4])|(?P<qtr_o>{_ORD}|last|final)\s+quarter),?\s+"
        rf"(?:of\s+)?{_year('qtr_y')}|{_year('qtr_y2')}\s+Q(?P<qtr_n2>[1-4])(?![0-9A-Za-z])",
    ),
    (
        "half",
        rf"(?:the\s+)?(?:H(?P<half_n>[12])|(?P<half_o>first|second|1st|2nd)\s+half),?\s+"
        rf"(?:of\s+)?{_year('half_y')}",
    ),
    (
        "ey",
        rf"(?:(?P<ey_p>early|mid|late)(?:\s*-\s*|\s+)|(?:the\s+)?"
        rf"(?P<ey_e>beginning|start|end|middle|close)\s+of\s+(?:the\s+year\s+)?)"
        rf"{_year('ey_y')}",
    ),
    (
        "inv",
        r"(?:the\s+)?(?:(?P<inv_s>start|beginning|outbreak|onset|first\s+days?)\s+of\s+(?:the\s+)?)?"
        r"(?:(?:Russia['\u2019]?s|Russian)\s+)?full[-\s]scale\s+(?:Russian\s+)?"
        r"(?:invasion|war|aggression)(?:\s+(?:of|against|in|on)\s+Ukraine)?"
        r"(?:\s+(?:began|started|broke\s+out))?",
    ),
    ("rday", r"(?P<rday_w>the\s+day\s+before\s+yesterday|yesterday|today|tomorrow|tonight)"),
    ("ago", rf"{_num('ago_n')}\s+(?P<ago_u>day|week|month|year)s?\s+ago"),
    (
        "wkend",
        r"(?P<wkend_w>the\s+past|the\s+last|this\s+past|this|last|past|the)\s+weekend",
    ),
    (
        "rq",
        rf"(?:the\s+)?(?:Q(?P<rq_q>[1-4])|(?P<rq_qo>{_ORD}|final)\s+quarter|"
        rf"H(?P<rq_h>[12])|(?P<rq_ho>first|second|1st|2nd)\s+half)(?![0-9A-Za-z])"
        rf"(?:\s+of\s+(?P<rq_y>this|last|next|the\s+current|the\s+past|the)\s+year)?(?!\s+of\b)",
    ),
    (
        "re",
        r"(?:(?P<re_p>early|mid|late)(?:\s*-\s*|\s+)|(?:the\s+)?"
        r"(?P<re_e>beginning|start|end|middle|close)\s+of\s+)(?:the\s+)?"
        r"(?:(?P<re_w>this|last|next|current|past)\s+)?(?P<re_u>week|month|year)",
    ),
    (
        "er",
        r"(?P<er_w>earlier|later)\s+(?:this|in\s+the)\s+(?P<er_u>week|month|year)",
    ),
    (
        "past",
        rf"(?P<past_t>the\s+)?(?P<past_w>past|last)\s+(?:{_num('past_n')}\s+)?"
        r"(?P<past_u>day|week|month|quarter|year)s?",
    ),
    (
        "rel",
        r"(?P<rel_w>this|next|current|the\s+current|coming|the\s+coming)\s+"
        r"(?P<rel_u>week|month|quarter|year)",
    ),
    (
        "rsea",
        r"(?:(?P<rsea_p>early|mid|late)(?:\s*-\s*|\s+))?"
        r"(?P<rsea_w>last|this\s+past|this|next|past|the)\s+"
        r"(?P<rsea_s>spring|summer|autumn|fall|winter)(?!\s+of\b)",
    ),
    (
        "wday",
        rf"(?:(?P<wday_w>last|this|next|past|previous)\s+)?{_wd('wday_d')}"
        r"(?:\s+(?:morning|afternoon|evening|night))?",
    ),
    ("year", _year("year_y")),
]

_LEAD = (
    r"(?P<lead>since|as\s+of|by|until|till|before|after|in|on|during|throughout|amid|"
    r"towards?|at|over|for|within|from)"
)
_BEFORE = r"(?<![\w$€£¥₴#№.,:/+\-\u2010-\u2015])"
_AFTER = r"(?![\w:]|[.,/\-\u2010-\u2015][0-9])"

# The letters (any case) or digits that each core can start with: a cheap look-ahead lets the
# matcher skip a core at once (a tenfold speed-up on sentences without dates).
_FIRST = {
    "iso": "12",
    "dot": "0-9",
    "ddr": "0-9fb",
    "dr1": "0-9fbmtws",
    "dmy": "0-9mtwfs",
    "dm": "0-9mtwfs",
    "dr2": "jfmasond",
    "mdy": "jfmasondtw",
    "wom": "t1234fsl",
    "mry": "jfmasondb",
    "mr": "jfmasondb",
    "my": "jfmasondeltbc",
    "md": "jfmasondtw",
    "mrel": "jfmasondeltbcnp",
    "yr": "12bf",
    "sea": "emltsafw",
    "qtr": "tqfs1234l",
    "half": "thfs12",
    "ey": "emltbsc",
    "inv": "tsbofr",
    "rday": "ty",
    "ago": "0-9aotfsen",
    "wkend": "tlp",
    "rq": "tqfs1234h",
    "re": "emltbsc",
    "er": "el",
    "past": "tlp",
    "rel": "tnc",
    "rsea": "emltnp",
    "wday": "ltnpmwfs",
    "year": "12",
}
_LEAD_FIRST = "sabutiodwf"


def _guard(chars: str) -> str:
    upper = "".join(c.upper() if c.isalpha() else "" for c in chars)
    return f"(?=(?-i:[{chars}{upper}]))"


_PATTERN = re.compile(
    _BEFORE
    + rf"(?:{_guard(_LEAD_FIRST)}{_LEAD}\s+)?(?:"
    + "|".join(f"{_guard(_FIRST[name])}(?P<{name}>{pattern})" for name, pattern in _CORES)
    + r")(?:\s+onwards?)?"
    + _AFTER,
    re.IGNORECASE,
)

_PLURAL_OR_UNIT = re.compile(
    r"\s*(?:%|per\b|percent|(?!(?:was|is|has|as|its|this|thus|plus|us|always|perhaps|whereas|"
    r"across|unless|less|sees|marks|brings)\b)[a-z]+s\b|(?:mm|cm|km|kg|m|t|bn|mn|bln|million|"
    r"billion|thousand|units?|tons?|tonnes?|pieces?|people|personnel|staff|troops)\b)"
)
_QUANTITY_WORDS = frozenset(
    [
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "some",
        "than",
        "approximately",
        "roughly",
        "additional",
        "another",
        "extra",
        "more",
        "total",
        "eur",
        "usd",
        "uah",
        "gbp",
        "dkk",
        "sek",
        "nok",
        "czk",
        "pln",
        "chf",
        "cad",
        "no",
        "nr",
        "number",
    ]
)
_OPENERS = " \t\n\"'([\u201c\u2018"
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\.?\s*\Z")
_SINCE_LEADS = frozenset({"since"})
_BY_LEADS = frozenset({"by", "until", "till", "as of"})
_YEAR_LEADS = frozenset(
    {"since", "by", "until", "till", "as of", "before", "after", "in", "during", "throughout"}
)
_INVASION_LEADS = frozenset({"since", "amid", "during", "throughout", "before", "after"})

# -- anchors: every expression holds one -------------------------------------------------------
#
# Trying the full pattern at every word is slow (a few µs a word). Every expression holds an
# anchor: a year, a month or weekday name, or a keyword (week, month, yesterday, quarter, ...).
# A cheap scan finds the anchors; the full pattern is tried only at the few words before each.

_ANCHOR_WORDS = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    *("Q1", "Q2", "Q3", "Q4", "H1", "H2"),
)
_ANCHOR_KEYWORDS = (
    *("yesterday", "today", "tonight", "tomorrow", "week", "month", "year", "days?(?![a-z])"),
    *("quarter", "half", "spring", "summer", "autumn", "fall(?![a-z])", "winter"),
    "full[-\\s][Ss]cale",
)


def _anchor_pattern() -> re.Pattern[str]:
    """One pattern that starts with a character class, so the scan skips other characters fast."""
    by_first: dict[str, list[str]] = {}
    for word in _ANCHOR_WORDS:
        by_first.setdefault(word[0], []).append(word[1:])
    for word in _ANCHOR_KEYWORDS:
        by_first.setdefault(word[0], []).append(word[1:])
        by_first.setdefault(word[0].upper(), []).append(word[1:])
    branches = [
        f"(?<={first})(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
        for first, rests in sorted(by_first.items())
    ]
    letters = "".join(sorted(by_first))
    return re.compile(
        r"[12][09][0-9][0-9](?<![0-9][0-9]{4})(?![0-9])|2100(?<![0-9]2100)(?![0-9])"
        rf"|[{letters}](?<![A-Za-z][A-Za-z])(?:{'|'.join(branches)})"
    )


_ANCHOR = _anchor_pattern()
_WORD_START = re.compile(r"(?<![\w$€£¥₴#№.,:/+\-\u2010-\u2015])\w")
_TOKEN = re.compile(r"\S+")
_TOKEN_PUNCTUATION = "\"'()[],;:.!?\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201c\u201d-"
# Words that may stand in an expression before its anchor ("since the start of the ...").
_EXPRESSION_WORDS = frozenset(
    (
        *("since", "as", "of", "by", "until", "till", "before", "after", "in", "on", "during"),
        *("throughout", "amid", "towards", "toward", "at", "over", "for", "within"),
        *("the", "from", "between", "and", "to", "through", "early", "mid", "late"),
        *("beginning", "start", "end", "middle", "close", "first", "second", "third", "fourth"),
        *("final", "last", "this", "next", "past", "current", "coming", "earlier", "later"),
        *_NUMBER_WORDS,
        *("russia's", "russia\u2019s", "russias", "russian", "outbreak", "onset"),
        *("day", "days", "week", "weeks", "month", "months", "year", "years"),
        *(name.casefold() for name in _FULL_MONTHS.split("|")),
        *(name.casefold() for name in _ABBR_MONTHS.split("|")),
        *(name.casefold() for name in _WEEKDAYS.split("|")),
    )
)
_MAX_WORDS_BEFORE = 8  # "since the start of the Russian full-scale invasion": 7 words
_MAX_CHARS_BEFORE = 80


_Resolved = tuple[DateSpan, bool]
_Handler = Callable[[re.Match[str], date | None, str | None], _Resolved | None]


# -- handlers: one per core; None means "not a date after all" -----------------------------------


def _g(m: re.Match[str], name: str) -> str | None:
    value: str | None = m.group(name)
    return value


def _int(m: re.Match[str], name: str) -> int:
    return int(m.group(name))


def _day_or_none(year: int, month: int, day: int) -> DateSpan | None:
    try:
        return DateSpan.day(date(year, month, day))
    except ValueError:
        return None


def _h_iso(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    span = _day_or_none(_int(m, "iso_y"), _int(m, "iso_m"), _int(m, "iso_d"))
    return None if span is None else (span, False)


def _h_dot(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    span = _day_or_none(_int(m, "dot_y"), _int(m, "dot_m"), _int(m, "dot_d"))
    return None if span is None else (span, False)


def _h_ddr(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    m1, d1 = _month_of(m.group("ddr_m1")), _int(m, "ddr_d1")
    m2, d2 = _month_of(m.group("ddr_m2")), _int(m, "ddr_d2")
    y1_text, y2_text = _g(m, "ddr_y1"), _g(m, "ddr_y2")
    if y2_text is None:
        if y1_text is not None or not (_valid_day_of_month(m1, d1) and _valid_day_of_month(m2, d2)):
            return None
        if ref is None:
            return DateSpan.unknown(), True
        last_day = _recent_day(ref, m2, d2)  # the most recent such range that has ended
        if last_day is None:
            return None
        y2 = last_day.year
        y1 = y2 if (m1, d1) < (m2, d2) else y2 - 1
    else:
        y2 = int(y2_text)
        y1 = int(y1_text) if y1_text is not None else y2
    try:
        first, last = date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    if last <= first:
        return None
    return DateSpan.between(first, last), y2_text is None


def _day_range(
    ref: date | None, year_text: str | None, month: int, d1: int, d2: int
) -> _Resolved | None:
    if d2 <= d1 or not _valid_day_of_month(month, d2):
        return None
    if year_text is not None:
        try:
            return DateSpan.between(
                date(int(year_text), month, d1), date(int(year_text), month, d2)
            ), False
        except ValueError:
            return None
    if ref is None:
        return DateSpan.unknown(), True
    first = _recent_day(ref, month, d1)
    if first is None:
        return None
    try:
        return DateSpan.between(first, date(first.year, month, d2)), True
    except ValueError:
        return None


def _h_dr1(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    month = _month_of(m.group("dr1_m"))
    return _day_range(ref, _g(m, "dr1_y"), month, _int(m, "dr1_d1"), _int(m, "dr1_d2"))


def _h_dr2(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    month = _month_of(m.group("dr2_m"))
    return _day_range(ref, _g(m, "dr2_y"), month, _int(m, "dr2_d1"), _int(m, "dr2_d2"))


def _h_dmy(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    span = _day_or_none(_int(m, "dmy_y"), _month_of(m.group("dmy_m")), _int(m, "dmy_d"))
    return None if span is None else (span, False)


def _h_mdy(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    span = _day_or_none(_int(m, "mdy_y"), _month_of(m.group("mdy_m")), _int(m, "mdy_d"))
    return None if span is None else (span, False)


def _day_no_year(ref: date | None, month: int, day: int) -> _Resolved | None:
    if not _valid_day_of_month(month, day):
        return None
    if ref is None:
        return DateSpan.unknown(), True
    found = _recent_day(ref, month, day)
    return (DateSpan.unknown() if found is None else DateSpan.day(found)), True


def _h_dm(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    return _day_no_year(ref, _month_of(m.group("dm_m")), _int(m, "dm_d"))


def _h_md(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    return _day_no_year(ref, _month_of(m.group("md_m")), _int(m, "md_d"))


def _h_wom(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    month = _month_of(m.group("wom_m"))
    year_text = _g(m, "wom_y")
    if year_text is not None:
        year = int(year_text)
    elif ref is None:
        return DateSpan.unknown(), True
    else:
        year = _started_year(ref, month)
    which = _key(m.group("wom_o"))
    if which in ("last", "final"):
        last = _month_end(year, month)
        first = last - timedelta(days=6)
    else:
        first = date(year, month, 7 * _ORDINALS[which] - 6)
        last = first + timedelta(days=6)
    return DateSpan.between(first, last), year_text is None


def _h_mry(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    y1, m1 = _int(m, "mry_y1"), _month_of(m.group("mry_m1"))
    y2, m2 = _int(m, "mry_y2"), _month_of(m.group("mry_m2"))
    if (y2, m2) <= (y1, m1):
        return None
    return _months(y1, m1, y2, m2), False


def _h_mr(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    m1, m2 = _month_of(m.group("mr_m1")), _month_of(m.group("mr_m2"))
    if m1 == m2:
        return None
    year_text = _g(m, "mr_y")
    if year_text is not None:
        y2 = int(year_text)
        y1 = y2 if m1 < m2 else y2 - 1
        return _months(y1, m1, y2, m2), False
    if ref is None:
        return DateSpan.unknown(), True
    y2 = _started_year(ref, m2)  # the most recent such range whose last month has started
    return _months(y2 if m1 < m2 else y2 - 1, m1, y2, m2), True


def _h_my(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    return DateSpan.month(_int(m, "my_y"), _month_of(m.group("my_m"))), False


def _h_mrel(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    which = _g(m, "mrel_w")
    year_word = _g(m, "mrel_y")
    if not (lead or which or year_word or _g(m, "mrel_p") or _g(m, "mrel_e")):
        return None  # a bare month name: "May" may be a verb, "June" a name
    if ref is None:
        return DateSpan.unknown(), True
    month = _month_of(m.group("mrel_m"))
    if year_word is not None:
        year = ref.year + {"last": -1, "this": 0, "next": 1}[_key(year_word)]
    else:
        year = _relative_month_year(ref, month, None if which is None else _key(which))
    return DateSpan.month(year, month), True


def _h_yr(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    y1 = _int(m, "yr_y1")
    second = m.group("yr_y2")
    y2 = y1 // 100 * 100 + int(second) if len(second) == 2 else int(second)
    if y2 <= y1:
        return None
    return DateSpan(date(y1, 1, 1), date(y2, 12, 31), Precision.YEAR), False


def _h_sea(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    season = _key(m.group("sea_s"))
    year = _int(m, "sea_y")
    second = _g(m, "sea_y2")
    if second is not None:
        y2 = year // 100 * 100 + int(second) if len(second) == 2 else int(second)
        if season != "winter" or y2 != year + 1:
            return None
    return _season(year, season), False


def _h_qtr(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    if _g(m, "qtr_y2") is not None:
        return DateSpan.quarter(_int(m, "qtr_y2"), _int(m, "qtr_n2")), False
    ordinal = _g(m, "qtr_o")
    # "the last/final quarter of 2023" is Q4
    quarter = _int(m, "qtr_n") if ordinal is None else _ORDINALS.get(_key(ordinal), 4)
    return DateSpan.quarter(_int(m, "qtr_y"), quarter), False


def _h_half(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    ordinal = _g(m, "half_o")
    half = _int(m, "half_n") if ordinal is None else _ORDINALS[_key(ordinal)]
    year = _int(m, "half_y")
    return _months(year, 6 * half - 5, year, 6 * half), False


def _h_ey(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    part = _g(m, "ey_p") or m.group("ey_e")
    return _year_part(_int(m, "ey_y"), _key(part)), False


def _h_inv(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    # "in/at the start of the full-scale invasion" is not open-ended, but it is no finer either
    starting = _g(m, "inv_s") is not None and lead in ("in", "at")
    if lead not in _INVASION_LEADS and not starting:
        return None
    return DateSpan.on_or_after(FULL_SCALE_INVASION), False


def _h_rday(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    if ref is None:
        return DateSpan.unknown(), True
    offset = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
    }[_key(m.group("rday_w"))]
    return DateSpan.day(ref + timedelta(days=offset)), True


def _h_ago(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    if ref is None:
        return DateSpan.unknown(), True
    n = _number(m.group("ago_n"))
    unit = _key(m.group("ago_u"))
    if unit == "day":
        return DateSpan.day(ref - timedelta(days=n)), True
    if unit == "week":
        return DateSpan.week_of(ref - timedelta(weeks=n)), True
    if unit == "month":
        year, month = _add_months(ref.year, ref.month, -n)
        return DateSpan.month(year, month), True
    return DateSpan.year(ref.year - n), True


def _h_wkend(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    which = _key(m.group("wkend_w"))
    if which == "the" and lead is None:
        return None
    if ref is None:
        return DateSpan.unknown(), True
    if which == "last":
        sunday = ref - timedelta(days=(ref.weekday() - 6) % 7 or 7)
        return DateSpan.between(sunday - timedelta(days=1), sunday), True
    saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
    return DateSpan.between(saturday, min(saturday + timedelta(days=1), ref)), True


def _h_rq(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    year_word = _g(m, "rq_y")
    if lead is None and year_word is None:
        return None
    if ref is None:
        return DateSpan.unknown(), True
    quarter_text = _g(m, "rq_q") or _g(m, "rq_qo")
    if quarter_text is not None:
        key = _key(quarter_text)
        quarter = int(key) if key.isdigit() else _ORDINALS.get(key, 4)
        first_month, length = 3 * quarter - 2, 3
    else:
        half_text = _g(m, "rq_h") or m.group("rq_ho")
        key = _key(half_text)
        half = int(key) if key.isdigit() else _ORDINALS[key]
        first_month, length = 6 * half - 5, 6
    if year_word is None:
        year = _started_year(ref, first_month)
    else:
        year_key = _key(year_word)
        year = ref.year - 1 if year_key in ("last", "the past") else ref.year
        year += 1 if year_key == "next" else 0
    if length == 3:
        return DateSpan.quarter(year, (first_month + 2) // 3), True
    return _months(year, first_month, year, first_month + length - 1), True


def _unit_span(ref: date, unit: str, offset: int) -> DateSpan:
    """The calendar `unit` (week, month, quarter, year) holding `ref`, moved by `offset`."""
    if unit == "week":
        return DateSpan.week_of(ref + timedelta(weeks=offset))
    if unit == "month":
        year, month = _add_months(ref.year, ref.month, offset)
        return DateSpan.month(year, month)
    if unit == "quarter":
        year, month = _add_months(ref.year, ref.month, 3 * offset)
        return DateSpan.quarter(year, (month - 1) // 3 + 1)
    return DateSpan.year(ref.year + offset)


def _h_re(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    if ref is None:
        return DateSpan.unknown(), True
    which = _key(_g(m, "re_w") or "this")
    offset = {"last": -1, "past": -1, "next": 1}.get(which, 0)
    unit = _key(m.group("re_u"))
    if unit == "year":
        part = _key(_g(m, "re_p") or m.group("re_e"))
        return _year_part(ref.year + offset, part), True
    return _unit_span(ref, unit, offset), True


def _h_er(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    if ref is None:
        return DateSpan.unknown(), True
    whole = _unit_span(ref, _key(m.group("er_u")), 0)
    assert whole.earliest is not None
    assert whole.latest is not None
    if _key(m.group("er_w")) == "earlier":
        return DateSpan.between(whole.earliest, ref), True
    return DateSpan.between(ref, whole.latest), True


def _h_past(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    which = _key(m.group("past_w"))
    count = _g(m, "past_n")
    unit = _key(m.group("past_u"))
    rolling = count is not None or which == "past" or (bool(_g(m, "past_t")) and lead is not None)
    if unit == "quarter" and count is None:
        rolling = False
    if unit == "day" and not rolling:
        return None
    if ref is None:
        return DateSpan.unknown(), True
    if not rolling:
        return _unit_span(ref, unit, -1), True
    n = 1 if count is None else _number(count)
    if unit == "day":
        start = ref - timedelta(days=n)
    elif unit == "week":
        start = ref - timedelta(weeks=n)
    elif unit == "month":
        start = _shift_months(ref, -n)
    elif unit == "quarter":
        start = _shift_months(ref, -3 * n)
    else:
        start = _shift_months(ref, -12 * n)
    return DateSpan.between(start, ref), True


def _h_rel(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    if ref is None:
        return DateSpan.unknown(), True
    which = _key(m.group("rel_w"))
    unit = _key(m.group("rel_u"))
    if which == "next":
        return _unit_span(ref, unit, 1), True
    if unit == "week" and which in ("this", "current", "the current"):
        monday = ref - timedelta(days=ref.weekday())
        return DateSpan.between(monday, ref), True
    if which in ("coming", "the coming"):
        return _unit_span(ref, unit, 1 if unit == "week" else 0), True
    return _unit_span(ref, unit, 0), True


def _h_rsea(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    which = _key(m.group("rsea_w"))
    if which == "the" and lead is None:
        return None
    if ref is None:
        return DateSpan.unknown(), True
    season = _key(m.group("rsea_s"))
    started = _started_year(ref, _SEASONS[season])
    if which == "the":
        year = started
    elif which == "next":
        year = started + 1
    elif which == "this":
        holding = _season(started, season)
        year = started if holding.contains(ref) else ref.year
    else:  # last, past, this past: the most recent that has ended
        year = (
            started if _season(started, season).ended_by(ref - timedelta(days=1)) else started - 1
        )
    return _season(year, season), True


def _h_wday(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    if ref is None:
        return DateSpan.unknown(), True
    which = _g(m, "wday_w")
    weekday = _WEEKDAY_NUMBER[_key(m.group("wday_d"))[:3]]
    return DateSpan.day(_weekday(ref, weekday, None if which is None else _key(which))), True


def _h_year(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    text = m.string
    if lead not in _YEAR_LEADS:
        before = text[max(0, m.start() - 24) : m.start()]
        at_sentence_start = not before.strip(_OPENERS)
        if not at_sentence_start and _PLURAL_OR_UNIT.match(text, m.end()):
            return None
        previous = _PREVIOUS_WORD.search(before if lead is None else lead)
        if previous is not None and _key(previous.group(1)) in _QUANTITY_WORDS:
            return None
    return DateSpan.year(_int(m, "year_y")), False


_HANDLERS: dict[str, _Handler] = {
    "iso": _h_iso,
    "dot": _h_dot,
    "ddr": _h_ddr,
    "dr1": _h_dr1,
    "dmy": _h_dmy,
    "dm": _h_dm,
    "dr2": _h_dr2,
    "mdy": _h_mdy,
    "wom": _h_wom,
    "mry": _h_mry,
    "mr": _h_mr,
    "my": _h_my,
    "md": _h_md,
    "mrel": _h_mrel,
    "yr": _h_yr,
    "sea": _h_sea,
    "qtr": _h_qtr,
    "half": _h_half,
    "ey": _h_ey,
    "inv": _h_inv,
    "rday": _h_rday,
    "ago": _h_ago,
    "wkend": _h_wkend,
    "rq": _h_rq,
    "re": _h_re,
    "er": _h_er,
    "past": _h_past,
    "rel": _h_rel,
    "rsea": _h_rsea,
    "wday": _h_wday,
    "year": _h_year,
}
assert set(_HANDLERS) == {name for name, _ in _CORES}


# -- leading words --------------------------------------------------------------------------------


def _apply_lead(span: DateSpan, lead: str | None, core: str) -> DateSpan:
    """Since / by / until / before / after change the span; the other leading words do not.

    The open span keeps the precision of the bound it keeps ("since February 2022":
    ``2022-02/..``). A bound at a year's edge of "the start/end of <year>" keeps year precision
    ("by the end of 2023": ``../2023``, not ``../2023-36``).
    """
    if lead is None or span.precision is Precision.UNKNOWN:
        return span
    if lead in _SINCE_LEADS:
        bound, open_start = span.earliest, False
    elif lead in _BY_LEADS:
        bound, open_start = span.latest, True
    elif lead == "before":
        bound = None if span.earliest is None else span.earliest - timedelta(days=1)
        open_start = True
    elif lead == "after":
        bound = None if span.latest is None else span.latest + timedelta(days=1)
        open_start = False
    else:
        return span
    if bound is None:
        return span
    precision = Precision.DAY if span.precision is Precision.WEEK else span.precision
    if core in ("ey", "re") and (bound.month, bound.day) in ((1, 1), (12, 31)):
        precision = Precision.YEAR
    return DateSpan(None, bound, precision) if open_start else DateSpan(bound, None, precision)


def _resolve_match(m: re.Match[str], reference: date | None) -> _Resolved | None:
    core = m.lastgroup
    if core is None or core not in _HANDLERS:
        return None
    lead_text = m.group("lead")
    lead = None if lead_text is None else _key(lead_text)
    if m.group().casefold().endswith(("onward", "onwards")) and lead in (None, "from"):
        lead = "since"  # "from 2024 onwards", "2024 onwards"
    elif lead == "from":  # "from May to June" is a range, "from 2024" just the year
        lead = None
    try:
        resolved = _HANDLERS[core](m, reference, lead)
        if resolved is None:
            return None
        span, relative = resolved
        return _apply_lead(span, lead, core), relative
    except (ValueError, OverflowError, KeyError):
        # Arithmetic beyond the calendar (a reference near year 1 or 9999), or a look-up of
        # an odd case-folded word: unknown when it needed the reference, else no date.
        return (DateSpan.unknown(), True) if reference is not None else None


def _chain_start(text: str, lo: int, at: int) -> int:
    """Where the run of expression words that ends at the anchor `at` begins (not before `lo`)."""
    first = at
    tokens = [(t.start(), t.group()) for t in _TOKEN.finditer(text, lo, at)]
    for count, (position, token) in enumerate(reversed(tokens)):
        key = token.strip(_TOKEN_PUNCTUATION).casefold()
        if count >= _MAX_WORDS_BEFORE or (
            key and not key[0].isdigit() and key not in _EXPRESSION_WORDS
        ):
            break
        first = position
    return first


# -- the public functions -----------------------------------------------------------------------


def find_dates(text: str, reference: date | None) -> list[DateMention]:
    """Every date expression in `text`, in text order, non-overlapping, longest first.

    `reference` is the publication date that relative expressions resolve against; with None
    they resolve to ``..``. Text that only looks like a date ("31 February 2024", "155 mm",
    "09:24", "Ukraine may receive") yields nothing; this never raises on any text.

    >>> [m.span.edtf() for m in find_dates("Last week, in June 2023 terms.", date(2024, 1, 30))]
    ['2024-01-22/2024-01-28', '2023-06']
    """
    found: list[DateMention] = []
    done = 0  # the text before `done` is taken by a mention or was skipped
    for anchor in _ANCHOR.finditer(text):
        at = anchor.start()
        if at < done:
            continue
        first = _chain_start(text, max(done, at - _MAX_CHARS_BEFORE), at)
        starts = [w.start() for w in _WORD_START.finditer(text, first, at + 1)]
        for start in starts:
            m = _PATTERN.match(text, start)
            if m is None or m.end() <= at:
                continue
            done = m.end()
            resolved = _resolve_match(m, reference)
            if resolved is not None:
                span, relative = resolved
                found.append(DateMention(span, m.start(), m.end(), m.group(), relative))
            break
    return found


def resolve_date(expression: str, reference: date | None) -> DateSpan:
    """The span of one date expression ("in June 2023", "last week", "since 2022").

    Relative expressions resolve against `reference` (``..`` when it is None). A month name
    alone is read as "in <month>". Raise `DateError` when the text is not one date expression.

    >>> resolve_date("in January last year", date(2024, 1, 30)).edtf()
    '2023-01'
    """
    text = expression.strip()
    for candidate in (text, f"in {text}"):
        m = _PATTERN.fullmatch(candidate)
        if m is not None:
            resolved = _resolve_match(m, reference)
            if resolved is not None:
                return resolved[0]
    raise DateError(f"not a date expression: {expression!r}")
