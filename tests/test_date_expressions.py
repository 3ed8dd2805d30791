"""Date expressions in sentences: what `find_dates` spots and the span each one resolves to."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from timeline.dates import DateSpan, Precision
from timeline.errors import DateError
from timeline.read._datexpr import DateMention, find_dates, resolve_date

TUE_2024_01_30 = date(2024, 1, 30)  # a Tuesday
FRI_2023_12_15 = date(2023, 12, 15)  # a Friday
SAT_2023_06_10 = date(2023, 6, 10)  # a Saturday
MON_2024_03_04 = date(2024, 3, 4)  # a Monday, just after a leap day

# (sentence, reference, the expression as it stands in the sentence, EDTF, relative?)
# fmt: off
TABLE: list[tuple[str, date, str, str, bool]] = [
    # -- explicit days ---------------------------------------------------------------------------
    ("The memorandum was signed on 2 October 2022 in Kyiv.", TUE_2024_01_30,
     "on 2 October 2022", "2022-10-02", False),
    ("Officials met on October 2, 2022, to discuss shells.", TUE_2024_01_30,
     "on October 2, 2022", "2022-10-02", False),
    ("The contract was concluded on Monday, 12 February 2024, in Berlin.", TUE_2024_01_30,
     "on Monday, 12 February 2024", "2024-02-12", False),
    ("A licence deal dated 2023-06-01 covers ammunition.", TUE_2024_01_30,
     "2023-06-01", "2023-06-01", False),
    ("The decree of 01.06.2023 set up the fund.", TUE_2024_01_30,
     "01.06.2023", "2023-06-01", False),
    ("Delegations gathered on the 2nd of October 2022 for talks.", TUE_2024_01_30,
     "on the 2nd of October 2022", "2022-10-02", False),
    ("The plant opened Sept. 5, 2023, near Lviv.", TUE_2024_01_30,
     "Sept. 5, 2023", "2023-09-05", False),
    ("As of 1 January 2024, the factory employed engineers.", TUE_2024_01_30,
     "As of 1 January 2024", "../2024-01-01", False),
    ("Since 24 February 2022 the plant has worked around the clock.", TUE_2024_01_30,
     "Since 24 February 2022", "2022-02-24/..", False),
    # -- day ranges ------------------------------------------------------------------------------
    ("The forum ran on 2-3 October 2023 in Kyiv.", TUE_2024_01_30,
     "on 2-3 October 2023", "2023-10-02/2023-10-03", False),
    ("The fair took place October 10\u201312, 2023, in Paris.", TUE_2024_01_30,
     "October 10\u201312, 2023", "2023-10-10/2023-10-12", False),
    ("Trials ran from 28 September to 3 October 2023 at the range.", TUE_2024_01_30,
     "from 28 September to 3 October 2023", "2023-09-28/2023-10-03", False),
    ("Crews trained from 1 March to 3 April in Germany.", TUE_2024_01_30,
     "from 1 March to 3 April", "2023-03-01/2023-04-03", True),
    ("Engineers trained during the first week of June 2023 in Poland.", TUE_2024_01_30,
     "during the first week of June 2023", "2023-06-01/2023-06-07", False),
    # -- days without a year: the most recent such day on or before the reference -----------------
    ("The partners met Oct. 18 at the ministry.", TUE_2024_01_30,
     "Oct. 18", "2023-10-18", True),
    ("The first batch arrived on 1 September.", TUE_2024_01_30,
     "on 1 September", "2023-09-01", True),
    ("The deal was signed 18 October with the German firm.", TUE_2024_01_30,
     "18 October", "2023-10-18", True),
    ("Talks began on 30 January, the ministry said.", TUE_2024_01_30,
     "on 30 January", "2024-01-30", True),
    ("Talks began on 31 January, the ministry said.", TUE_2024_01_30,
     "on 31 January", "2023-01-31", True),
    ("The order was placed on 29 February in Prague.", MON_2024_03_04,
     "on 29 February", "2024-02-29", True),
    # -- months, quarters, halves, seasons -------------------------------------------------------
    ("Production rose in June 2023 at the plant.", TUE_2024_01_30,
     "in June 2023", "2023-06", False),
    ("June 2023 saw a tripling of output.", TUE_2024_01_30,
     "June 2023", "2023-06", False),
    ("Deliveries resumed in early June 2023, officials said.", TUE_2024_01_30,
     "in early June 2023", "2023-06", False),
    ("The contract expired at the end of September 2023 as planned.", TUE_2024_01_30,
     "at the end of September 2023", "2023-09", False),
    ("In May 2023 the consortium was registered.", TUE_2024_01_30,
     "In May 2023", "2023-05", False),
    ("Output grew by 40% in Q3 2023, the ministry said.", TUE_2024_01_30,
     "in Q3 2023", "2023-35", False),
    ("Output grew in the third quarter of 2023.", TUE_2024_01_30,
     "in the third quarter of 2023", "2023-35", False),
    ("Sales peaked in 2023 Q4 for the group.", TUE_2024_01_30,
     "in 2023 Q4", "2023-36", False),
    ("The plant doubled output in the first half of 2023.", TUE_2024_01_30,
     "in the first half of 2023", "2023-01/2023-06", False),
    ("Exports rose in the second half of 2023.", TUE_2024_01_30,
     "in the second half of 2023", "2023-07/2023-12", False),
    ("Revenue rose sharply in H1 2024 across the sector.", TUE_2024_01_30,
     "in H1 2024", "2024-01/2024-06", False),
    ("The drones were tested in summer 2023 near Odesa.", TUE_2024_01_30,
     "in summer 2023", "2023-06/2023-08", False),
    ("Repairs were finished in the autumn of 2022 at the depot.", TUE_2024_01_30,
     "in the autumn of 2022", "2022-09/2022-11", False),
    ("Generators were shipped in winter 2023 to the front.", TUE_2024_01_30,
     "in winter 2023", "2023-12/2024-02", False),
    ("Generators were shipped in winter 2022/23 to Kharkiv.", TUE_2024_01_30,
     "in winter 2022/23", "2022-12/2023-02", False),
    ("Output doubled January\u2013September 2023 compared with a year before.", TUE_2024_01_30,
     "January\u2013September 2023", "2023-01/2023-09", False),
    ("Output doubled from January to September 2023 at state plants.", TUE_2024_01_30,
     "from January to September 2023", "2023-01/2023-09", False),
    ("Output doubled between January and September 2023 overall.", TUE_2024_01_30,
     "between January and September 2023", "2023-01/2023-09", False),
    ("Shells were made from October 2022 to March 2023 under licence.", TUE_2024_01_30,
     "from October 2022 to March 2023", "2022-10/2023-03", False),
    # -- years and parts of years ----------------------------------------------------------------
    ("Ukraine's drone output tripled in 2023 alone.", TUE_2024_01_30,
     "in 2023", "2023", False),
    ("The jets will arrive in 2025, the minister confirmed.", TUE_2024_01_30,
     "in 2025", "2025", False),
    ("The 2024 budget adds funds for artillery.", TUE_2024_01_30,
     "2024", "2024", False),
    ("Ammunition output grew sixfold in 2023-2024 in Ukraine.", TUE_2024_01_30,
     "in 2023-2024", "2023/2024", False),
    ("Ammunition output grew in 2023\u20132024 in Ukraine.", TUE_2024_01_30,
     "in 2023\u20132024", "2023/2024", False),
    ("The 2023-24 programme doubled armour repairs.", TUE_2024_01_30,
     "2023-24", "2023/2024", False),
    ("Funding rose between 2022 and 2024 at every plant.", TUE_2024_01_30,
     "between 2022 and 2024", "2022/2024", False),
    ("The first howitzers came off the line in early 2024.", TUE_2024_01_30,
     "in early 2024", "2024-01/2024-04", False),
    ("The venture was registered in late 2023 in Kyiv.", TUE_2024_01_30,
     "in late 2023", "2023-09/2023-12", False),
    ("The venture was registered in mid-2023 in Kyiv.", TUE_2024_01_30,
     "in mid-2023", "2023-05/2023-08", False),
    ("Deliveries ended at the end of 2023 for the first lot.", TUE_2024_01_30,
     "at the end of 2023", "2023-36", False),
    ("Talks started at the beginning of 2023 with the Czech side.", TUE_2024_01_30,
     "at the beginning of 2023", "2023-33", False),
    ("All vehicles were handed over by the end of 2023.", TUE_2024_01_30,
     "by the end of 2023", "../2023", False),
    ("All vehicles were handed over by June 2023, the ministry said.", TUE_2024_01_30,
     "by June 2023", "../2023-06", False),
    ("The credit line runs until 2025 for Ukrainian firms.", TUE_2024_01_30,
     "until 2025", "../2025", False),
    ("The designs were finished before 2022 in Kharkiv.", TUE_2024_01_30,
     "before 2022", "../2021", False),
    ("Output has grown since February 2022 at the plant.", TUE_2024_01_30,
     "since February 2022", "2022-02/..", False),
    ("Output has grown since 2022 at the plant.", TUE_2024_01_30,
     "since 2022", "2022/..", False),
    ("Funding grows from 2024 onwards, the ministry said.", TUE_2024_01_30,
     "from 2024 onwards", "2024/..", False),
    ("Output has grown since the start of 2023 at the plant.", TUE_2024_01_30,
     "since the start of 2023", "2023/..", False),
    # -- the full-scale invasion -----------------------------------------------------------------
    ("Production has grown tenfold since the full-scale invasion began.", TUE_2024_01_30,
     "since the full-scale invasion began", "2022-02-24/..", False),
    ("Output has doubled since the start of the full-scale invasion.", TUE_2024_01_30,
     "since the start of the full-scale invasion", "2022-02-24/..", False),
    ("Output rose amid Russia's full-scale invasion of Ukraine.", TUE_2024_01_30,
     "amid Russia's full-scale invasion of Ukraine", "2022-02-24/..", False),
    ("New plants opened during the full-scale war.", TUE_2024_01_30,
     "during the full-scale war", "2022-02-24/..", False),
    ("The designs date from before the full-scale invasion.", TUE_2024_01_30,
     "before the full-scale invasion", "../2022-02-23", False),
    # -- relative days and weeks -----------------------------------------------------------------
    ("Yesterday the ministry signed a memorandum.", TUE_2024_01_30,
     "Yesterday", "2024-01-29", True),
    ("The memorandum is signed today in Brussels.", TUE_2024_01_30,
     "today", "2024-01-30", True),
    ("The agreement was initialled the day before yesterday in Oslo.", TUE_2024_01_30,
     "the day before yesterday", "2024-01-28", True),
    ("The delegation arrived three days ago in Kyiv.", TUE_2024_01_30,
     "three days ago", "2024-01-27", True),
    ("On Friday the minister met a Rheinmetall delegation.", TUE_2024_01_30,
     "On Friday", "2024-01-26", True),
    ("Friday's meeting approved the package.", TUE_2024_01_30,
     "Friday", "2024-01-26", True),
    ("The package was announced last Friday by Berlin.", TUE_2024_01_30,
     "last Friday", "2024-01-26", True),
    ("The package was announced on Tuesday by Berlin.", TUE_2024_01_30,
     "on Tuesday", "2024-01-30", True),
    ("The package was announced last Tuesday by Berlin.", TUE_2024_01_30,
     "last Tuesday", "2024-01-23", True),
    ("On Friday the Danish minister visited the plant.", FRI_2023_12_15,
     "On Friday", "2023-12-15", True),
    ("The tanks arrived last Friday, the army said.", FRI_2023_12_15,
     "last Friday", "2023-12-08", True),
    ("Last week, a seminar hosted 33 Ukrainian and eight Belgian companies.", TUE_2024_01_30,
     "Last week", "2024-01-22/2024-01-28", True),
    ("The first shells arrived last week at the depot.", MON_2024_03_04,
     "last week", "2024-02-26/2024-03-03", True),
    ("This week the two ministries agreed on repairs.", FRI_2023_12_15,
     "This week", "2023-12-11/2023-12-15", True),
    ("This week the two ministries agreed on repairs.", MON_2024_03_04,
     "This week", "2024-03-04", True),
    ("Earlier this week the partners met in Rome.", FRI_2023_12_15,
     "Earlier this week", "2023-12-11/2023-12-15", True),
    ("The talks took place two weeks ago in Warsaw.", TUE_2024_01_30,
     "two weeks ago", "2024-01-15/2024-01-21", True),
    ("The talks took place a week ago in Warsaw.", TUE_2024_01_30,
     "a week ago", "2024-01-22/2024-01-28", True),
    ("The ministers met this weekend in Vilnius.", TUE_2024_01_30,
     "this weekend", "2024-01-27/2024-01-28", True),
    ("The ministers met this weekend in Vilnius.", SAT_2023_06_10,
     "this weekend", "2023-06-10", True),
    ("The ministers met over the weekend in Vilnius.", MON_2024_03_04,
     "over the weekend", "2024-03-02/2024-03-03", True),
    ("The ministers met last weekend in Vilnius.", FRI_2023_12_15,
     "last weekend", "2023-12-09/2023-12-10", True),
    ("The ministers met last weekend in Vilnius.", SAT_2023_06_10,
     "last weekend", "2023-06-03/2023-06-04", True),
    # -- relative months ---------------------------------------------------------------------------
    ("The plant was opened earlier this month by the minister.", TUE_2024_01_30,
     "earlier this month", "2024-01-01/2024-01-30", True),
    ("The second lot is due later this month, the firm said.", FRI_2023_12_15,
     "later this month", "2023-12-15/2023-12-31", True),
    ("The fund was set up last month by the Nordic countries.", TUE_2024_01_30,
     "last month", "2023-12", True),
    ("The fund was set up last month by the Nordic countries.", FRI_2023_12_15,
     "last month", "2023-11", True),
    ("The shells will be delivered this month, the ministry said.", TUE_2024_01_30,
     "this month", "2024-01", True),
    ("The fund was set up two months ago in Copenhagen.", TUE_2024_01_30,
     "two months ago", "2023-11", True),
    ("The joint venture was registered in January last year.", TUE_2024_01_30,
     "in January last year", "2023-01", True),
    ("The joint venture was registered in June.", TUE_2024_01_30,
     "in June", "2023-06", True),
    ("The joint venture was registered in June.", SAT_2023_06_10,
     "in June", "2023-06", True),
    ("The joint venture was registered in December.", TUE_2024_01_30,
     "in December", "2023-12", True),
    ("The joint venture was registered in December.", FRI_2023_12_15,
     "in December", "2023-12", True),
    ("The joint venture was registered in February.", MON_2024_03_04,
     "in February", "2024-02", True),
    ("The minister visited the plant last September with engineers.", FRI_2023_12_15,
     "last September", "2023-09", True),
    ("The minister visited the plant last September with engineers.", TUE_2024_01_30,
     "last September", "2023-09", True),
    ("The minister visited the plant last June with engineers.", SAT_2023_06_10,
     "last June", "2022-06", True),
    ("The order was placed at the end of September, the firm said.", TUE_2024_01_30,
     "at the end of September", "2023-09", True),
    ("The order was placed at the beginning of March, the firm said.", TUE_2024_01_30,
     "at the beginning of March", "2023-03", True),
    ("The order was placed in early January, the firm said.", TUE_2024_01_30,
     "in early January", "2024-01", True),
    ("The order was placed in mid-May in Warsaw.", TUE_2024_01_30,
     "in mid-May", "2023-05", True),
    ("The company produced shells from January to March, it said.", TUE_2024_01_30,
     "from January to March", "2023-01/2023-03", True),
    ("The partners met during the last week of June in Rome.", TUE_2024_01_30,
     "during the last week of June", "2023-06-24/2023-06-30", True),
    # -- relative quarters, halves, seasons, years -------------------------------------------------
    ("The ministry signed three contracts this year for drones.", TUE_2024_01_30,
     "this year", "2024", True),
    ("The ministry signed three contracts last year for drones.", TUE_2024_01_30,
     "last year", "2023", True),
    ("The ministry has signed three contracts since last year.", TUE_2024_01_30,
     "since last year", "2023/..", True),
    ("The ministry signed three contracts earlier this year.", TUE_2024_01_30,
     "earlier this year", "2024-01-01/2024-01-30", True),
    ("Output tripled over the past year at state plants.", TUE_2024_01_30,
     "over the past year", "2023-01-30/2024-01-30", True),
    ("Output tripled in the past 12 months at state plants.", TUE_2024_01_30,
     "in the past 12 months", "2023-01-30/2024-01-30", True),
    ("Output doubled over the past two years at state plants.", TUE_2024_01_30,
     "over the past two years", "2022-01-30/2024-01-30", True),
    ("Output fell last quarter at the plant.", TUE_2024_01_30,
     "last quarter", "2023-36", True),
    ("Output rose this quarter at the plant.", TUE_2024_01_30,
     "this quarter", "2024-33", True),
    ("Output rose in the third quarter at the plant.", TUE_2024_01_30,
     "in the third quarter", "2023-35", True),
    ("Output rose in the first half of last year at the plant.", TUE_2024_01_30,
     "in the first half of last year", "2023-01/2023-06", True),
    ("Output rose in the first half of the year at the plant.", FRI_2023_12_15,
     "in the first half of the year", "2023-01/2023-06", True),
    ("The venture was registered late last year in Kyiv.", TUE_2024_01_30,
     "late last year", "2023-09/2023-12", True),
    ("The venture was registered at the end of last year in Kyiv.", TUE_2024_01_30,
     "at the end of last year", "2023-36", True),
    ("The drones were tested last summer near Odesa.", TUE_2024_01_30,
     "last summer", "2023-06/2023-08", True),
    ("The drones were tested last summer near Odesa.", SAT_2023_06_10,
     "last summer", "2022-06/2022-08", True),
    ("The drones were tested in the summer near Odesa.", SAT_2023_06_10,
     "in the summer", "2023-06/2023-08", True),
    ("The drones were tested last spring near Odesa.", MON_2024_03_04,
     "last spring", "2023-03/2023-05", True),
    ("Generators keep arriving this winter from Poland.", TUE_2024_01_30,
     "this winter", "2023-12/2024-02", True),
    # -- the future, when it is named --------------------------------------------------------------
    ("The minister will visit Paris next week to sign the deal.", TUE_2024_01_30,
     "next week", "2024-02-05/2024-02-11", True),
    ("The jets are expected next year, the ministry said.", TUE_2024_01_30,
     "next year", "2025", True),
]
# fmt: on

NO_DATES = [
    "The company will supply over \u20ac600 million worth of 155 mm shells.",
    "Output grew 2.5 times, and 33 Ukrainian companies joined the cluster.",
    "Ukraine may receive more F-16 jets, T-64 tanks and M113 carriers.",
    "The news broke at 09:24 and the minister spoke at 8:30 p.m. in Kyiv.",
    "Farmers march past the Sejm as deputies debate the law.",
    "The plant employs 15000 workers and 1,000 engineers.",
    "The plant makes 2000 drones and about 1950 shells.",
    "The 2020s will be decisive for the industry.",
    "Output reached levels of 31 February 2024, a typo says.",
    "The fall of Avdiivka changed the front.",
    "The March offensive stalled near the river.",
    "May the partners stay united, the minister said.",
    "He recently visited Prague, and earlier he met the minister.",
    "Ukraine led in the first half of the match.",
    "Output was higher than the previous year's.",
    "Sales of the model M2023X rose.",
]

ROW = ("sentence", "reference", "surface", "expected", "relative")
RELATIVE_ROWS = [row for row in TABLE if row[4]]
EXPLICIT_ROWS = [row for row in TABLE if not row[4]]


def _pairs(mentions: list[DateMention]) -> list[tuple[str, str]]:
    return [(m.surface, m.span.edtf()) for m in mentions]


# -- the table -----------------------------------------------------------------------------------


@pytest.mark.parametrize(ROW, TABLE)
def test_each_expression_in_a_sentence_resolves_to_the_span_the_rules_give(
    sentence: str, reference: date, surface: str, expected: str, relative: bool
) -> None:
    mentions = find_dates(sentence, reference)
    assert _pairs(mentions) == [(surface, expected)]
    assert mentions[0].relative is relative


@pytest.mark.parametrize(ROW, TABLE)
def test_resolve_date_gives_the_span_that_find_dates_gives_for_the_same_expression(
    sentence: str, reference: date, surface: str, expected: str, relative: bool
) -> None:
    assert resolve_date(surface, reference).edtf() == expected


@pytest.mark.parametrize(ROW, RELATIVE_ROWS)
def test_relative_expressions_are_unknown_without_a_reference(
    sentence: str, reference: date, surface: str, expected: str, relative: bool
) -> None:
    assert _pairs(find_dates(sentence, None)) == [(surface, "..")]
    assert resolve_date(surface, None) == DateSpan.unknown()


@pytest.mark.parametrize(ROW, EXPLICIT_ROWS)
def test_explicit_expressions_do_not_depend_on_the_reference(
    sentence: str, reference: date, surface: str, expected: str, relative: bool
) -> None:
    assert _pairs(find_dates(sentence, None)) == [(surface, expected)]
    assert _pairs(find_dates(sentence, date(2031, 7, 4))) == [(surface, expected)]


@pytest.mark.parametrize("sentence", NO_DATES)
def test_amounts_times_models_verbs_and_impossible_days_are_not_dates(sentence: str) -> None:
    assert find_dates(sentence, TUE_2024_01_30) == []


def test_a_sentence_with_several_dates_lists_them_in_text_order_without_overlaps() -> None:
    sentence = (
        "On 2 October 2022 the ministry signed a memorandum, and last week, in the first half "
        "of 2024, it said output had tripled since the full-scale invasion compared with "
        "June 2023."
    )
    mentions = find_dates(sentence, TUE_2024_01_30)
    assert _pairs(mentions) == [
        ("On 2 October 2022", "2022-10-02"),
        ("last week", "2024-01-22/2024-01-28"),
        ("in the first half of 2024", "2024-01/2024-06"),
        ("since the full-scale invasion", "2022-02-24/.."),
        ("June 2023", "2023-06"),
    ]
    for mention in mentions:
        assert sentence[mention.start : mention.end] == mention.surface


def test_the_longest_expression_wins_over_the_shorter_one_inside_it() -> None:
    text = "In June 2023 and in June, and between January and September 2023."
    assert [m.surface for m in find_dates(text, TUE_2024_01_30)] == [
        "In June 2023",
        "in June",
        "between January and September 2023",
    ]


def test_two_years_or_two_days_joined_by_and_are_two_mentions() -> None:
    assert _pairs(find_dates("Output rose in 2023 and 2024.", None)) == [
        ("in 2023", "2023"),
        ("2024", "2024"),
    ]
    assert _pairs(find_dates("It was paid on 12 January and 3 February 2024.", TUE_2024_01_30)) == [
        ("on 12 January", "2024-01-12"),
        ("3 February 2024", "2024-02-03"),
    ]


def test_a_month_alone_is_read_as_in_that_month_by_resolve_date() -> None:
    assert resolve_date("June", TUE_2024_01_30).edtf() == "2023-06"
    assert resolve_date("  May ", TUE_2024_01_30).edtf() == "2023-05"


@pytest.mark.parametrize(
    "text",
    ["recently", "earlier", "the previous year", "33 companies", "31 February 2024", "", "in"],
)
def test_resolve_date_refuses_what_is_not_one_date_expression(text: str) -> None:
    with pytest.raises(DateError):
        resolve_date(text, TUE_2024_01_30)


def test_resolve_date_refuses_text_that_holds_more_than_the_expression() -> None:
    with pytest.raises(DateError):
        resolve_date("in June 2023 at the plant", TUE_2024_01_30)


def test_spans_hold_plain_dates_not_pendulum_or_datetime_values() -> None:
    (mention,) = find_dates("It happened two weeks ago.", TUE_2024_01_30)
    assert type(mention.span.earliest) is date
    assert type(mention.span.latest) is date


# -- properties ----------------------------------------------------------------------------------

references = st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))

# Relative expressions that point at the past (or at the reference day itself).
PAST_POINTING = [
    "yesterday",
    "today",
    "the day before yesterday",
    "three days ago",
    "two weeks ago",
    "a week ago",
    "two months ago",
    "a year ago",
    "on Friday",
    "on Sunday",
    "last Monday",
    "Wednesday",
    "last week",
    "this week",
    "earlier this week",
    "this weekend",
    "last weekend",
    "over the weekend",
    "earlier this month",
    "last month",
    "earlier this year",
    "last year",
    "last quarter",
    "last September",
    "last January",
    "in January last year",
    "on 1 September",
    "18 October",
    "Oct. 18",
    "on 29 February",
    "over the past year",
    "in the past 12 months",
    "over the last two weeks",
    "late last year",
    "at the end of last year",
    "in the first half of last year",
    "last summer",
    "last winter",
    "this past spring",
]
# Relative expressions naming a calendar unit that has started by the reference (it may hold it).
STARTED = [
    "this month",
    "this year",
    "this quarter",
    "in June",
    "in December",
    "at the end of September",
    "in early March",
    "in the summer",
    "in the winter",
    "in the third quarter",
    "in the first half of the year",
    "from January to March",
    "between November and February",
    "since last year",
]
# Relative expressions that name the future.
FUTURE = ["tomorrow", "next week", "next month", "next year", "next Friday", "next spring"]


@given(reference=references, expression=st.sampled_from(PAST_POINTING))
@example(reference=date(2024, 2, 29), expression="a year ago")
@example(reference=date(2023, 3, 1), expression="on 29 February")
def test_past_pointing_relative_expressions_end_on_or_before_the_reference(
    reference: date, expression: str
) -> None:
    span = resolve_date(expression, reference)
    assert span.latest is not None
    assert span.latest <= reference
    assert span.earliest is not None
    assert reference - span.earliest <= timedelta(days=9 * 366)


@given(reference=references, expression=st.sampled_from(STARTED))
def test_relative_expressions_for_a_current_unit_have_started_by_the_reference(
    reference: date, expression: str
) -> None:
    span = resolve_date(expression, reference)
    assert span.earliest is not None
    assert span.earliest <= reference
    assert span.latest is None or reference - span.latest < timedelta(days=366)


@given(reference=references, expression=st.sampled_from(FUTURE))
def test_expressions_that_name_the_future_start_after_the_reference(
    reference: date, expression: str
) -> None:
    span = resolve_date(expression, reference)
    assert span.earliest is not None
    assert span.earliest > reference


@given(reference=references)
def test_last_week_is_the_whole_iso_week_before_the_reference_week(reference: date) -> None:
    span = resolve_date("last week", reference)
    monday = reference - timedelta(days=reference.weekday())
    assert span == DateSpan.between(monday - timedelta(days=7), monday - timedelta(days=1))


@given(
    reference=references,
    weekday=st.sampled_from(list(calendar.day_name)),
    which=st.sampled_from(["on", "last"]),
)
def test_a_weekday_is_the_most_recent_such_day_within_a_week(
    reference: date, weekday: str, which: str
) -> None:
    span = resolve_date(f"{which} {weekday}", reference)
    assert span.precision is Precision.DAY
    assert span.earliest is not None
    assert calendar.day_name[span.earliest.weekday()] == weekday
    back = (reference - span.earliest).days
    assert (0 <= back <= 6) if which == "on" else (1 <= back <= 7)


@given(
    reference=references | st.none(),
    year=st.integers(1900, 2100),
    month=st.integers(1, 12),
    abbreviated=st.booleans(),
    lead=st.sampled_from(["in ", "In ", "", "during "]),
)
def test_an_explicit_month_and_year_is_that_month_whatever_the_reference(
    reference: date | None, year: int, month: int, abbreviated: bool, lead: str
) -> None:
    name = calendar.month_abbr[month] if abbreviated else calendar.month_name[month]
    sentence = f"The plant doubled output {lead}{name} {year}, the report said."
    (mention,) = find_dates(sentence, reference)
    assert mention.span.precision is Precision.MONTH
    assert mention.span.contains(date(year, month, 15))
    assert mention.span == DateSpan.month(year, month)
    assert not mention.relative


@given(reference=references | st.none(), year=st.integers(1900, 2100))
def test_in_a_year_is_that_year(reference: date | None, year: int) -> None:
    assert _pairs(find_dates(f"Exports grew in {year}.", reference)) == [
        (f"in {year}", f"{year:04d}")
    ]


@given(
    year=st.integers(1900, 2100),
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    style=st.sampled_from(["{d} {M} {y}", "{M} {d}, {y}", "{y}-{m:02d}-{d:02d}"]),
)
def test_a_written_day_is_that_day_and_an_impossible_one_is_skipped(
    year: int, month: int, day: int, style: str
) -> None:
    text = style.format(d=day, M=calendar.month_name[month], y=year, m=month)
    mentions = find_dates(f"The deal was signed {text} in Kyiv.", None)
    if day <= calendar.monthrange(year, month)[1]:
        assert _pairs(mentions) == [(text, date(year, month, day).isoformat())]
    else:
        assert mentions == []


FILLER = ["the ministry", "signed", "a deal", "with", "Rheinmetall", "155 mm", "\u20ac600 million"]
FILLER += ["F-16", "and", "may", "March", "33 companies", ",", ";", "(", ")", "2.5 times", "09:24"]
PIECES = FILLER + [row[2] for row in TABLE] + PAST_POINTING + STARTED + FUTURE


@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=12),
    reference=references | st.none(),
)
def test_mention_offsets_slice_the_text_back_to_the_surface_in_order_without_overlaps(
    pieces: list[str], reference: date | None
) -> None:
    text = " ".join(pieces)
    mentions = find_dates(text, reference)
    end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface
        assert mention.start >= end
        end = mention.end
        assert DateSpan.parse(mention.span.edtf()) == mention.span


@given(text=st.text(), reference=st.dates() | st.none())
@example(text="31 February 2024", reference=None)
@example(text="99999999999999999999 days ago in 99999 and 12345678901234567890", reference=None)
@example(text="999 years ago", reference=date(1, 1, 1))
@example(text="next year and 999 weeks ago", reference=date(9999, 12, 31))
@example(text="Since 2100-12-31 until 31.12.2100", reference=date.max)
def test_find_dates_never_raises_on_any_text(text: str, reference: date | None) -> None:
    for mention in find_dates(text, reference):
        assert text[mention.start : mention.end] == mention.surface


date_words = st.sampled_from(
    ["in", "since", "by", "the", "of", "last", "this", "next", "early", "mid-", "end", "week",
     "weekend", "month", "year", "ago", "two", "Q3", "H1", "half", "first", "quarter",
     "summer", "winter", "fall", "Friday", "May", "June", "Sept.", "31", "29", "2", "2023",
     "2024-25", "1900", "2100", "0", "-", "\u2013", "/", ",", ".", ":", "full-scale",
     "invasion", "between", "and", "to", "from", "days", "\u00a0", "\n"]
)  # fmt: skip


@given(words=st.lists(date_words, max_size=16), reference=st.dates() | st.none())
def test_find_dates_never_raises_on_date_like_word_salad(
    words: list[str], reference: date | None
) -> None:
    text = " ".join(words)
    for mention in find_dates(text, reference):
        assert text[mention.start : mention.end] == mention.surface
        assert DateSpan.parse(mention.span.edtf()) == mention.span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the first 8 months of this year", "2024-01/2024-08"),
        ("the first eight months of 2023", "2023-01/2023-08"),
        ("in the last three months of last year", "2023-10/2023-12"),
        ("over the first six months of the current year", "2024-01/2024-06"),
    ],
)
def test_the_first_or_last_months_of_a_year(text: str, expected: str) -> None:
    assert [m.span.edtf() for m in find_dates(text, date(2024, 9, 10))] == [expected]
