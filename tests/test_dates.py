"""DateSpan: intervals with a precision, and their canonical EDTF text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from timeline.dates import DateSpan, Precision
from timeline.errors import DateError, TimelineError

from strategies import date_spans, days


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2023-06", date(2023, 6, 1), date(2023, 6, 30), Precision.MONTH),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
        ("2022-10-02", date(2022, 10, 2), date(2022, 10, 2), Precision.DAY),
        ("2024-01-22/2024-01-28", date(2024, 1, 22), date(2024, 1, 28), Precision.WEEK),
        ("2023-12-11/2023-12-15", date(2023, 12, 11), date(2023, 12, 15), Precision.WEEK),
        ("../2024-01-30", None, date(2024, 1, 30), Precision.DAY),
        ("2023/2024", date(2023, 1, 1), date(2024, 12, 31), Precision.YEAR),
        ("2022-02-24/..", date(2022, 2, 24), None, Precision.DAY),
        ("..", None, None, Precision.UNKNOWN),
        ("../..", None, None, Precision.UNKNOWN),
        ("2023", date(2023, 1, 1), date(2023, 12, 31), Precision.YEAR),
        ("2023-33", date(2023, 1, 1), date(2023, 3, 31), Precision.QUARTER),
        ("2023-36", date(2023, 10, 1), date(2023, 12, 31), Precision.QUARTER),
        ("2023-01/2023-09", date(2023, 1, 1), date(2023, 9, 30), Precision.MONTH),
        ("2023-01-01/2023-03-15", date(2023, 1, 1), date(2023, 3, 15), Precision.DAY),
    ],
)
def test_edtf_text_names_the_interval_and_precision(
    text: str, earliest: date | None, latest: date | None, precision: Precision
) -> None:
    span = DateSpan.parse(text)
    assert (span.earliest, span.latest, span.precision) == (earliest, latest, precision)


@given(date_spans())
@example(DateSpan(date(2024, 1, 22), date(2024, 1, 22), Precision.WEEK))
@example(DateSpan.parse("2023/2024-06"))
def test_a_span_survives_its_edtf_text(span: DateSpan) -> None:
    assert DateSpan.parse(span.edtf()) == span


@given(date_spans())
def test_the_edtf_text_is_canonical(span: DateSpan) -> None:
    text = span.edtf()
    assert DateSpan.parse(text).edtf() == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2023-13",
        "2023-02-30",
        "June 2023",
        "2023/2022",
        "2024-01-31/2024-01-01",
        "2023/2024/2025",
        "20233",
        "..x",
        "2023-37",
    ],
)
def test_text_that_is_not_edtf_is_a_date_error(text: str) -> None:
    with pytest.raises(DateError) as info:
        DateSpan.parse(text)
    assert isinstance(info.value, TimelineError)
    assert isinstance(info.value, ValueError)


@given(st.text(max_size=25))
def test_parsing_any_text_gives_a_span_or_a_date_error(text: str) -> None:
    try:
        span = DateSpan.parse(text)
    except DateError:
        return
    assert DateSpan.parse(span.edtf()) == span


@pytest.mark.parametrize(
    ("earliest", "latest", "precision"),
    [
        (date(2023, 6, 2), date(2023, 6, 30), Precision.MONTH),
        (date(2023, 6, 1), date(2023, 6, 29), Precision.MONTH),
        (date(2023, 2, 1), date(2023, 4, 30), Precision.QUARTER),
        (date(2023, 1, 2), date(2023, 12, 31), Precision.YEAR),
        (date(2023, 1, 1), date(2023, 1, 3), Precision.DAY),
        (date(2023, 1, 1), date(2023, 1, 9), Precision.WEEK),
        (None, date(2023, 1, 9), Precision.WEEK),
        (date(2023, 1, 9), date(2023, 1, 1), Precision.DAY),
        (None, None, Precision.DAY),
        (date(2023, 1, 1), None, Precision.UNKNOWN),
    ],
)
def test_ends_that_disagree_with_the_precision_are_refused(
    earliest: date | None, latest: date | None, precision: Precision
) -> None:
    with pytest.raises(DateError):
        DateSpan(earliest, latest, precision)


@given(days, st.integers(0, 400))
def test_between_infers_the_precision_from_the_distance(day: date, length: int) -> None:
    span = DateSpan.between(day, day + timedelta(days=length))
    expected = Precision.DAY if length == 0 or length > 6 else Precision.WEEK
    assert span.precision is expected


@given(date_spans(), days)
def test_a_span_that_ended_by_a_day_has_started_by_then(span: DateSpan, day: date) -> None:
    if span.ended_by(day):
        assert span.started_by(day)


@given(date_spans(), days, days)
def test_ended_by_is_monotone_in_the_day(span: DateSpan, a: date, b: date) -> None:
    early, late = sorted((a, b))
    if span.ended_by(early):
        assert span.ended_by(late)
    if span.started_by(early):
        assert span.started_by(late)


@given(date_spans(), date_spans())
def test_overlap_is_symmetric_and_agrees_with_the_intersection(a: DateSpan, b: DateSpan) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    both = a.intersection(b)
    assert (both is not None) == a.overlaps(b)
    if both is not None:
        for end in (both.earliest, both.latest):
            if end is not None:
                assert a.contains(end)
                assert b.contains(end)


def test_constructors_give_whole_units() -> None:
    assert DateSpan.month(2024, 2).edtf() == "2024-02"
    assert DateSpan.quarter(2023, 3).edtf() == "2023-35"
    assert DateSpan.year(2025).edtf() == "2025"
    assert DateSpan.week_of(date(2024, 1, 25)).edtf() == "2024-01-22/2024-01-28"
    assert DateSpan.on_or_before(date(2024, 1, 30)).edtf() == "../2024-01-30"
    assert DateSpan.on_or_after(date(2022, 2, 24)).edtf() == "2022-02-24/.."
    assert DateSpan.unknown().edtf() == ".."
    assert str(DateSpan.day(date(2022, 10, 2))) == "2022-10-02"


def test_impossible_units_are_date_errors() -> None:
    with pytest.raises(DateError):
        DateSpan.month(2023, 13)
    with pytest.raises(DateError):
        DateSpan.quarter(2023, 5)


def test_the_intersection_of_two_month_ranges_keeps_month_precision() -> None:
    both = DateSpan.parse("2023-01/2023-03").intersection(DateSpan.parse("2023-02/2023-06"))
    assert both == DateSpan.parse("2023-02/2023-03")
