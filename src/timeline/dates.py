"""Dates as intervals with a precision, and their EDTF text.

An event rarely happens on a known day. "In June 2023" is all of June; "last week" is seven
days; "on or before 30 January 2024" has no start at all. A `DateSpan` keeps the interval
``[earliest, latest]`` (either end may be open, ``None``) and the `Precision` it was stated with.

EDTF text in and out::

    2022-10-02                  one day                     precision day
    2024-01-22/2024-01-28       a range of up to 7 days     precision week
    2023-06                     a month                     precision month
    2023-33                     a quarter (EDTF: 33..36)    precision quarter
    2023, 2023/2024             years                       precision year
    ../2024-01-30               open start                  precision of the closed end
    2022-02-24/..               open end
    ..                          unknown                     precision unknown

The precision of a span is the finest unit its ends are written in; a closed range of whole
days that is one to seven days long is a week. This makes the text canonical:
``DateSpan.parse(span.edtf()) == span`` for every span.

>>> june = DateSpan.parse("2023-06")
>>> june.earliest, june.latest, june.precision.value
(datetime.date(2023, 6, 1), datetime.date(2023, 6, 30), 'month')
>>> DateSpan.month(2023, 6).contains(date(2023, 6, 15))
True
>>> DateSpan.between(date(2024, 1, 22), date(2024, 1, 28)).edtf()
'2024-01-22/2024-01-28'
"""

from __future__ import annotations

import calendar
import enum
import functools
import re
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

import attrs

from timeline.errors import DateError

__all__ = ["MONTH_NUMBERS", "DateSpan", "Precision", "month_end"]


class Precision(enum.StrEnum):
    """How finely a date was stated. Ordered from the finest to the coarsest."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """0 for day up to 5 for unknown: a larger rank is a coarser precision."""
        return _RANK[self]


_RANK = {p: i for i, p in enumerate(Precision)}
_QUARTER_CODES = {33: 1, 34: 2, 35: 3, 36: 4}


#: Month names in lower case, full and abbreviated ("june", "jun", "sept"), to their number.
#: Every English month table of the package is this one.
MONTH_NUMBERS: Final[Mapping[str, int]] = MappingProxyType(
    {
        name: number
        for number, full in enumerate(
            (
                "january", "february", "march", "april", "may", "june", "july",
                "august", "september", "october", "november", "december",
            ),
            start=1,
        )
        for name in (full, full[:3], *(("sept",) if number == 9 else ()))
    }
)


def month_end(year: int, month: int) -> date:
    """The last day of `month` in `year` (28 February, 29 in a leap year).

    >>> month_end(2024, 2), month_end(2023, 12)
    (datetime.date(2024, 2, 29), datetime.date(2023, 12, 31))
    """
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _aligned_start(day: date, precision: Precision) -> bool:
    if precision is Precision.MONTH:
        return day.day == 1
    if precision is Precision.QUARTER:
        return day.day == 1 and day.month % 3 == 1
    if precision is Precision.YEAR:
        return day.day == 1 and day.month == 1
    return True


def _aligned_end(day: date, precision: Precision) -> bool:
    if precision is Precision.MONTH:
        return day == month_end(day.year, day.month)
    if precision is Precision.QUARTER:
        return day.month % 3 == 0 and day == month_end(day.year, day.month)
    if precision is Precision.YEAR:
        return day.month == 12 and day.day == 31
    return True


def _check_span(span: DateSpan, attribute: object, value: date | None) -> None:
    early, late, precision = span.earliest, span.latest, span.precision
    if early is None and late is None:
        if precision is not Precision.UNKNOWN:
            raise DateError(f"an open span '..' has precision unknown, not {precision.value}")
        return
    if precision is Precision.UNKNOWN:
        raise DateError("precision unknown is only for the fully open span '..'")
    if early is not None and late is not None and early > late:
        raise DateError(f"earliest {early} is after latest {late}")
    if precision is Precision.WEEK:
        if early is None or late is None:
            raise DateError("a week span must have both ends")
        if (late - early).days > 6:
            raise DateError(f"a week span is at most 7 days, not {(late - early).days + 1}")
        return
    if (
        precision is Precision.DAY
        and early is not None
        and late is not None
        and 0 < (late - early).days <= 6
    ):
        raise DateError(
            f"a range of {(late - early).days + 1} days is a week span, not day precision"
        )
    if early is not None and not _aligned_start(early, precision):
        raise DateError(f"earliest {early} does not start a {precision.value}")
    if late is not None and not _aligned_end(late, precision):
        raise DateError(f"latest {late} does not end a {precision.value}")


@attrs.frozen(order=False)
class DateSpan:
    """When something happened: ``[earliest, latest]`` (inclusive, either end may be open).

    Build spans with the constructors (`day`, `month`, `quarter`, `year`, `between`,
    `on_or_before`, `on_or_after`, `unknown`) or `parse`; the plain constructor checks that
    the ends agree with the precision and raises `DateError` when they do not.
    """

    earliest: date | None = attrs.field(validator=_check_span)
    latest: date | None
    precision: Precision = attrs.field(converter=Precision)

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def unknown(cls) -> DateSpan:
        """The span ``..``: nothing is known about when."""
        return _UNKNOWN

    @classmethod
    def day(cls, day: date) -> DateSpan:
        """One day."""
        return cls(day, day, Precision.DAY)

    @classmethod
    def month(cls, year: int, month: int) -> DateSpan:
        """A whole calendar month."""
        try:
            return cls(date(year, month, 1), month_end(year, month), Precision.MONTH)
        except ValueError as exc:
            raise DateError(f"no month {year}-{month:02d}: {exc}") from None

    @classmethod
    def quarter(cls, year: int, quarter: int) -> DateSpan:
        """A calendar quarter, 1 to 4."""
        if not 1 <= quarter <= 4:
            raise DateError(f"a quarter is 1 to 4, not {quarter}")
        first = 3 * quarter - 2
        return cls(date(year, first, 1), month_end(year, first + 2), Precision.QUARTER)

    @classmethod
    def year(cls, year: int) -> DateSpan:
        """A whole calendar year."""
        try:
            return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
        except ValueError as exc:
            raise DateError(f"no year {year}: {exc}") from None

    @classmethod
    def between(cls, earliest: date | None, latest: date | None) -> DateSpan:
        """The span between two days, with the precision their distance implies.

        Equal days are a day, a range of two to seven days is a week, a longer range keeps day
        precision; an open end keeps day precision for the other end.
        """
        if earliest is None and latest is None:
            return _UNKNOWN
        if earliest is not None and latest is not None and 0 < (latest - earliest).days <= 6:
            return cls(earliest, latest, Precision.WEEK)
        return cls(earliest, latest, Precision.DAY)

    @classmethod
    def week_of(cls, day: date) -> DateSpan:
        """The ISO week (Monday to Sunday) that contains `day`."""
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6), Precision.WEEK)

    @classmethod
    def on_or_before(cls, day: date) -> DateSpan:
        """``../day``: it happened by `day`, nobody says how long before."""
        return cls(None, day, Precision.DAY)

    @classmethod
    def on_or_after(cls, day: date) -> DateSpan:
        """``day/..``: it started on `day` and has no known end."""
        return cls(day, None, Precision.DAY)

    # -- EDTF ---------------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> DateSpan:
        """Read EDTF text (see the module docs); raise `DateError` naming the text otherwise."""
        if not isinstance(text, str):
            raise DateError(f"an EDTF date is text, not {type(text).__name__}")
        return _parse_cached(text.strip())

    def edtf(self) -> str:
        """The canonical EDTF text of this span."""
        early, late, precision = self.earliest, self.latest, self.precision
        if precision is Precision.UNKNOWN:
            return ".."
        if precision is Precision.WEEK:
            assert early is not None
            assert late is not None
            return f"{early.isoformat()}/{late.isoformat()}"
        if early is not None and late is not None:
            if precision is Precision.DAY and early == late:
                return early.isoformat()
            left, right = _token(early, precision), _token(late, precision)
            return left if left == right else f"{left}/{right}"
        left = ".." if early is None else _token(early, precision)
        right = ".." if late is None else _token(late, precision)
        return f"{left}/{right}"

    def __str__(self) -> str:
        return self.edtf()

    # -- questions ----------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """True when either end is open."""
        return self.earliest is None or self.latest is None

    def ended_by(self, day: date) -> bool:
        """True when the whole span lies on or before `day`: it certainly happened by then."""
        return self.latest is not None and self.latest <= day

    def started_by(self, day: date) -> bool:
        """True when the span starts on or before `day` (or has no start): it may have happened."""
        return self.earliest is None or self.earliest <= day

    def contains(self, day: date) -> bool:
        """True when `day` lies inside the span."""
        return self.started_by(day) and (self.latest is None or day <= self.latest)

    def overlaps(self, other: DateSpan) -> bool:
        """True when the two spans share at least one day (open ends reach forever)."""
        if self.latest is not None and other.earliest is not None and self.latest < other.earliest:
            return False
        return not (
            other.latest is not None and self.earliest is not None and other.latest < self.earliest
        )

    def intersection(self, other: DateSpan) -> DateSpan | None:
        """The days both spans hold, with the precision that follows; None if they are apart."""
        if not self.overlaps(other):
            return None
        early = _max_date(self.earliest, other.earliest)
        late = _min_date(self.latest, other.latest)
        for candidate in (self, other):
            if (candidate.earliest, candidate.latest) == (early, late):
                return candidate
        for precision in sorted({self.precision, other.precision}, key=lambda p: p.rank):
            if precision in (Precision.MONTH, Precision.QUARTER, Precision.YEAR):
                try:
                    return DateSpan(early, late, precision)
                except DateError:
                    continue
        return DateSpan.between(early, late)

    def width(self) -> int:
        """How many days the span covers beyond its first: 0 for a day, 29 for June.

        Open spans are the widest: one open end counts as 10**6 days, both as 10**7, so
        any closed span is narrower than any open one and "unknown" is the widest of all.
        """
        if self.earliest is None or self.latest is None:
            return 10**7 if self.earliest is None and self.latest is None else 10**6
        return (self.latest - self.earliest).days

    def sort_key(self) -> tuple[date, date]:
        """A total order for chronologies: by earliest, then latest; open ends sort outside."""
        return (self.earliest or date.min, self.latest or date.max)


def _max_date(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    return a if b is None else max(a, b)


def _min_date(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _token(day: date, precision: Precision) -> str:
    if precision is Precision.YEAR:
        return f"{day.year:04d}"
    if precision is Precision.QUARTER:
        return f"{day.year:04d}-{32 + _quarter_of(day)}"
    if precision is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


_TOKEN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _read_token(token: str, whole: str) -> tuple[date, date, Precision]:
    match = _TOKEN.fullmatch(token)
    if match is None:
        raise DateError(f"not an EDTF date: {whole!r}")
    year_s, second, third = match.groups()
    year = int(year_s)
    try:
        if second is None:
            return date(year, 1, 1), date(year, 12, 31), Precision.YEAR
        code = int(second)
        if third is None:
            if code in _QUARTER_CODES:
                span = DateSpan.quarter(year, _QUARTER_CODES[code])
                assert span.earliest is not None
                assert span.latest is not None
                return span.earliest, span.latest, Precision.QUARTER
            return date(year, code, 1), month_end(year, code), Precision.MONTH
        day = date(year, code, int(third))
        return day, day, Precision.DAY
    except (ValueError, DateError):
        raise DateError(f"not a calendar date: {whole!r}") from None


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> DateSpan:
    if text in ("..", ""):
        if text == "":
            raise DateError("an empty text is not an EDTF date (use '..' for unknown)")
        return _UNKNOWN
    if "/" not in text:
        return DateSpan(*_read_token(text, text))
    left, _sep, right = text.partition("/")
    if "/" in right or (left == ".." and right == ".."):
        if left == ".." and right == "..":
            return _UNKNOWN
        raise DateError(f"not an EDTF date: {text!r}")
    early: date | None = None
    late: date | None = None
    precisions: list[Precision] = []
    if left != "..":
        early, _, p = _read_token(left, text)
        precisions.append(p)
    if right != "..":
        _, late, p = _read_token(right, text)
        precisions.append(p)
    precision = min(precisions, key=lambda p: p.rank)
    if early is not None and late is not None and early > late:
        raise DateError(f"the start is after the end: {text!r}")
    if (
        precision is Precision.DAY
        and early is not None
        and late is not None
        and (late - early).days <= 6
    ):
        return DateSpan(early, late, Precision.WEEK)
    return DateSpan(early, late, precision)


_UNKNOWN = DateSpan(None, None, Precision.UNKNOWN)
