"""Date expressions: the calendar helpers and one handler per grammar core (`_datexpr`).

Each handler turns a match of its core into a span and whether it depended on the
reference date, or None when the match is no date after all ("31 February").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from timeline.dates import MONTH_NUMBERS, DateSpan, Precision, month_end
from timeline.read._numbers import NUMBER_WORDS, ordinal_value

# -- calendar helpers ---------------------------------------------------------------------------

FULL_SCALE_INVASION = date(2022, 2, 24)

_WEEKDAY_NUMBER = {
    name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}
#: The count words of relative dates ("two weeks ago", "a month ago").
_NUMBER_WORDS = {"a": 1, "an": 1} | {w: n for w, n in NUMBER_WORDS.items() if 1 <= n <= 12}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# early / mid / late part of a year, in months (first, last)
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12)}
_YEAR_EDGES = {"beginning": (1, 3), "start": (1, 3), "end": (10, 12), "close": (10, 12)}
_YEAR_EDGES |= {"middle": (5, 8)}


def _key(text: str) -> str:
    """Case-folded, single-spaced text for table look-ups."""
    return " ".join(text.casefold().split())


def _month_of(name: str) -> int:
    return MONTH_NUMBERS[_key(name)[:3]]


def _number(text: str) -> int:
    key = _key(text)
    return int(key) if key.isdigit() else _NUMBER_WORDS[key]


def _months(y1: int, m1: int, y2: int, m2: int) -> DateSpan:
    """Whole months from (y1, m1) to (y2, m2), month precision."""
    return DateSpan(date(y1, m1, 1), month_end(y2, m2), Precision.MONTH)


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
        last = month_end(year, month)
        first = last - timedelta(days=6)
    else:
        first = date(year, month, 7 * (ordinal_value(which) or 1) - 6)
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
    quarter = _int(m, "qtr_n") if ordinal is None else (ordinal_value(_key(ordinal)) or 4)
    return DateSpan.quarter(_int(m, "qtr_y"), quarter), False


def _h_half(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    ordinal = _g(m, "half_o")
    half = _int(m, "half_n") if ordinal is None else (ordinal_value(_key(ordinal)) or 1)
    year = _int(m, "half_y")
    return _months(year, 6 * half - 5, year, 6 * half), False


def _h_fmo(m: re.Match[str], ref: date | None, lead: str | None) -> _Resolved | None:
    """"the first eight months of 2024", "the last three months of this year"."""
    count = _number(m.group("fmo_n"))
    if not 1 <= count <= 12:
        return None
    first = _key(m.group("fmo_w")) == "first"
    low, high = (1, count) if first else (13 - count, 12)
    year_word = _g(m, "fmo_r")
    if year_word is None:
        year = _int(m, "fmo_y")
        return _months(year, low, year, high), False
    if ref is None:
        return DateSpan.unknown(), True
    year = ref.year - 1 if _key(year_word) in ("last", "the past", "previous") else ref.year
    return _months(year, low, year, high), True


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
        quarter = int(key) if key.isdigit() else (ordinal_value(key) or 4)
        first_month, length = 3 * quarter - 2, 3
    else:
        half_text = _g(m, "rq_h") or m.group("rq_ho")
        key = _key(half_text)
        half = int(key) if key.isdigit() else (ordinal_value(key) or 1)
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
    "fmo": _h_fmo,
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
