"""One fact, many reports: merging across articles, corroboration, conflicts, raises, re-extraction.

The properties run over `reported_facts`: a few true facts, each told by one to four reports
that round the amount, sharpen or loosen the date, and sometimes come from one article. The
examples ingest the corpus of ``tests/fixtures/merging/`` (our own short articles): the Zuzana
howitzer financing told as "€92 million" and "over €90 million", a Dutch package told on the
day and a week later with a sharper date, two Swedish pledges of one week that stay apart, a
Belgian purchase told as €87 million and €100 million, and a Dutch pledge raised later.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.articles import Article, load_article
from timeline.cli import main
from timeline.dates import DateSpan
from timeline.events import (
    AidCommitted,
    ArticleRecorded,
    EventRetracted,
    Fact,
    MeetingHeld,
    MemorandumSigned,
    Provenance,
)
from timeline.fold import (
    TOTALS_RULE,
    Entry,
    Item,
    PartnerState,
    amounts_agree,
    history,
    link_updates,
    merge_reports,
    project,
    project_partner,
    same_fact,
)
from timeline.fold.merge import Features, bucket_key, candidate_pairs
from timeline.money import Money, Qualifier, total
from timeline.report.views import history_table, item_view, state_table, state_view
from timeline.timeline import Timeline

from strategies import days, facts

CORPUS = Path(__file__).parent / "fixtures" / "merging"
#: The extraction module itself (the package re-exports its function under the same name).
EXTRACTION = importlib.import_module("timeline.read")

# -- strategies ---------------------------------------------------------------------------------

ARTICLES = ("art-1", "art-2", "art-3", "art-4", "art-5", "art-6")
OUTLETS = ("Wire A", "Wire B", "Post C", None)
PARTNER_SETS = (("NL",), ("BE",), ("DE", "DK", "NO"))
ITEMS = ((), ("Zuzana", "howitzers"), ("artillery shells",), ("drones",))
FIGURES = (10, 87, 90, 92, 100, 150, 250)


def _span(draw: st.DrawFn, day: date, published: date) -> DateSpan:
    shape = draw(st.sampled_from(["day", "month", "before", "week"]))
    if shape == "day":
        return DateSpan.day(day)
    if shape == "month":
        return DateSpan.month(day.year, day.month)
    if shape == "week":
        return DateSpan.week_of(day)
    return DateSpan.on_or_before(published)


def _amount(draw: st.DrawFn, figure: int) -> Money:
    value = figure * 1_000_000
    form = draw(st.sampled_from(["exact", "over", "about", "other"]))
    if form == "over":
        return Money(value // 10_000_000 * 10_000_000, "EUR", Qualifier.OVER)
    if form == "about":
        return Money(value, "EUR", Qualifier.ABOUT)
    if form == "other":
        return Money(draw(st.sampled_from(FIGURES)) * 1_000_000, "EUR")
    return Money(value, "EUR")


#: A quote that raises an earlier pledge (the reader flags such reports ``raises``).
RAISING = "It raised its pledge for them to the sum."


@st.composite
def reported_facts(draw: st.DrawFn) -> list[Fact]:
    """A few true facts, each told by one to four reports, with some noise among them."""
    reports: dict[str, Fact] = {}
    for _ in range(draw(st.integers(1, 5))):
        partners = draw(st.sampled_from(PARTNER_SETS))
        kind = draw(st.sampled_from(["aid", "aid", "memo", "meeting"]))
        day = draw(days)
        figure = draw(st.sampled_from(FIGURES))
        items = draw(st.sampled_from(ITEMS))
        package = draw(st.none() | st.integers(1, 3))
        for _ in range(draw(st.integers(1, 4))):
            published = day + timedelta(days=draw(st.integers(0, 10)))
            provenance = Provenance(
                article_id=draw(st.sampled_from(ARTICLES)),
                outlet=draw(st.sampled_from(OUTLETS)),
                published=published,
                quote=draw(st.sampled_from(["It pledged the money.", RAISING])),
                start=draw(st.integers(0, 3)) * 100,
            )
            occurred = _span(draw, day, published)
            fact: Fact
            if kind == "aid":
                fact = AidCommitted(
                    partners=partners,
                    occurred=occurred,
                    provenance=provenance,
                    amount=draw(st.none() | st.just(_amount(draw, figure))),
                    items=items,
                    package_number=draw(st.none() | st.just(package)),
                    raises=provenance.quote == RAISING,
                )
            elif kind == "memo":
                fact = MemorandumSigned(
                    partners=partners,
                    occurred=occurred,
                    provenance=provenance,
                    scope=" ".join(items) or None,
                )
            else:
                fact = MeetingHeld(partners=partners, occurred=occurred, provenance=provenance)
            reports.setdefault(fact.id, fact)
    for noise in draw(st.lists(facts(), max_size=3)):
        reports.setdefault(noise.id, noise)
    return list(reports.values())


def entries(events: Sequence[Fact]) -> list[Entry]:
    return [Entry(i, e) for i, e in enumerate(events, 1)]


def singles(events: Sequence[Fact]) -> list[Item]:
    return [Item.single(i, e) for i, e in enumerate(events, 1)]


def fact_view(item: Item) -> dict[str, Any]:
    """What a merged fact says, without the log positions that hold it."""
    return {
        "id": item.id,
        "occurred": item.occurred,
        "amount": item.amount,
        "event_ids": item.event_ids,
        "sources": item.sources,
        "corroboration": item.corroboration,
        "conflict": item.conflict,
        "variants": item.variants,
        "supersedes": [fact_view(i) for i in item.supersedes],
    }


def rich_view(states: dict[str, PartnerState]) -> dict[str, Any]:
    return {
        partner: {
            "items": sorted((fact_view(i) for i in state.items), key=lambda v: v["id"]),
            "totals": dict(state.committed_totals),
            "first": state.first_activity,
            "last": state.last_activity,
        }
        for partner, state in states.items()
    }


def reports_of(item: Item) -> tuple[Item, ...]:
    return item.reports or (item,)


def consistent(reports: Sequence[Item]) -> bool:
    """True when the reports share a day and their amounts share a value."""
    span: DateSpan | None = reports[0].occurred
    for report in reports[1:]:
        span = span and span.intersection(report.occurred)
    amounts = [r.amount for r in reports if r.amount is not None]
    return span is not None and all(amounts_agree(x, y) for x in amounts for y in amounts)


# -- the merge rule, as properties ----------------------------------------------------------


@given(reported_facts())
def test_merging_merged_reports_again_changes_nothing(events: list[Fact]) -> None:
    once = merge_reports(singles(events))
    assert merge_reports(once) == once
    assert merge_reports(link_updates(once)) == once


@given(reported_facts(), st.randoms(use_true_random=False))
def test_the_merge_does_not_depend_on_the_order_of_the_reports(
    events: list[Fact], rng: random.Random
) -> None:
    reports = singles(events)
    shuffled = list(reports)
    rng.shuffle(shuffled)
    assert merge_reports(shuffled) == merge_reports(reports)


@given(reported_facts())
def test_a_merged_fact_never_mixes_kinds_or_partners(events: list[Fact]) -> None:
    for item in merge_reports(singles(events)):
        assert {r.kind for r in reports_of(item)} == {item.kind}
        assert {r.partners for r in reports_of(item)} == {item.partners}


@given(reported_facts())
def test_a_merged_fact_never_holds_two_reports_of_one_article(events: list[Fact]) -> None:
    for item in merge_reports(singles(events)):
        articles = [r.event.provenance.article_id for r in reports_of(item)]
        known = [a for a in articles if a is not None]
        assert len(known) == len(set(known))


@given(reported_facts())
def test_every_report_belongs_to_exactly_one_fact_and_keeps_its_source(
    events: list[Fact],
) -> None:
    merged = merge_reports(singles(events))
    ids = [i for item in merged for i in item.event_ids]
    assert sorted(ids) == sorted(e.id for e in events)
    for item in merged:
        assert len(item.sources) == len(item.event_ids)
        outlets = {
            (r.event.provenance.outlet or "").casefold() or r.event.provenance.article_id or r.id
            for r in reports_of(item)
        }
        assert item.corroboration == len(outlets)


@given(reported_facts())
def test_an_agreeing_fact_is_dated_within_every_report_and_its_amount_agrees_with_each(
    events: list[Fact],
) -> None:
    for item in merge_reports(singles(events)):
        if item.conflict or not item.merged:
            continue
        for report in item.reports:
            assert report.occurred.intersection(item.occurred) == item.occurred
            if report.amount is not None:
                assert item.amount is not None
                assert amounts_agree(item.amount, report.amount)


@given(reported_facts())
def test_a_conflicting_fact_counts_its_lowest_reported_amount_as_a_lower_bound(
    events: list[Fact],
) -> None:
    for item in merge_reports(singles(events)):
        reported = [r.amount for r in reports_of(item) if r.amount is not None]
        disagree = not all(amounts_agree(x, y) for x in reported for y in reported)
        if item.conflict:
            assert len(item.variants) >= 2
        if disagree:
            assert item.conflict
            assert item.amount is not None
            assert item.amount.value == min(a.value for a in reported)
            assert item.amount.is_lower_bound


@given(reported_facts())
def test_the_merge_rule_is_symmetric(events: list[Fact]) -> None:
    for a in events:
        for b in events:
            assert same_fact(a, b) == same_fact(b, a)


@given(reported_facts())
def test_reports_that_the_rule_relates_end_up_in_one_fact_unless_an_article_keeps_them_apart(
    events: list[Fact],
) -> None:
    merged = merge_reports(singles(events))
    fact_of = {i: item for item in merged for i in item.event_ids}
    for a in events:
        for b in events:
            if not same_fact(a, b) or fact_of[a.id] is fact_of[b.id]:
                continue
            one, other = reports_of(fact_of[a.id]), reports_of(fact_of[b.id])
            articles = {r.event.provenance.article_id for r in one} & {
                r.event.provenance.article_id for r in other
            }
            currencies = {r.amount.currency for r in (*one, *other) if r.amount is not None}
            bucket = [e for e in events if (e.kind, e.partners) == (a.kind, a.partners)]
            assert (
                articles
                or len(currencies) > 1
                or len(bucket) > 4
                or not consistent((*one, *other))  # agreeing links never make a conflict
            )


# -- states, as properties ------------------------------------------------------------------


@given(reported_facts(), st.randoms(use_true_random=False), st.none() | days, st.none() | days)
def test_states_do_not_depend_on_the_order_of_the_records(
    events: list[Fact], rng: random.Random, as_of: date | None, known_at: date | None
) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert rich_view(project(entries(events), as_of=as_of, known_at=known_at)) == rich_view(
        project(entries(shuffled), as_of=as_of, known_at=known_at)
    )


@given(reported_facts())
def test_totals_count_each_fact_once(events: list[Fact]) -> None:
    for state in project(entries(events)).values():
        assert state.totals_rule == TOTALS_RULE
        for currency, money in state.committed_totals.items():
            facts_ = [
                i.amount
                for i in state.commitments
                if i.amount is not None and i.amount.currency == currency
            ]
            reports = [
                r.amount
                for i in state.commitments
                for each in i.walk()
                for r in reports_of(each)
                if r.amount is not None and r.amount.currency == currency
            ]
            assert money == total(facts_, currency)
            assert money.value == sum((a.value for a in facts_), Decimal(0))
            assert money.value <= sum((a.value for a in reports), Decimal(0))


@given(reported_facts(), days)
def test_known_at_before_a_later_report_gives_the_state_without_it(
    events: list[Fact], known_at: date
) -> None:
    reported = [
        e
        for e in events
        if e.provenance.published is not None and e.provenance.published <= known_at
    ]
    assert rich_view(project(entries(events), known_at=known_at)) == rich_view(
        project(entries(reported))
    )


@given(reported_facts(), days, days)
def test_what_counts_at_a_date_still_counts_later_with_merged_facts(
    events: list[Fact], a: date, b: date
) -> None:
    early, late = sorted((a, b))
    before = project(entries(events), as_of=early)
    after = project(entries(events), as_of=late)
    for partner, state in before.items():
        assert state.event_ids <= after[partner].event_ids


@given(reported_facts())
def test_a_state_for_one_partner_equals_that_partner_in_the_state_of_all(
    events: list[Fact],
) -> None:
    every = project(entries(events))
    for partner, state in every.items():
        assert project_partner(entries(events), partner) == state


def test_merging_stays_near_linear_in_a_large_bucket_of_alike_reports() -> None:
    day = date(2024, 3, 1)
    alike = [
        AidCommitted(
            partners=("NL",),
            occurred=DateSpan.day(day + timedelta(days=i % 40)),
            provenance=Provenance(article_id=f"art-{i}", outlet=f"Outlet {i % 7}"),
            amount=Money(150_000_000, "EUR"),
            items=("drones",),
        )
        for i in range(3_000)
    ]
    features = [Features(r) for r in sorted(singles(alike), key=bucket_key)]
    assert len(set(candidate_pairs(features))) <= 3_000 * 5 * 4
    (state,) = project(entries(alike)).values()
    assert sum(len(i.event_ids) for i in state.commitments) == 3_000


# -- examples: the rule on the cases the issue names -----------------------------------------

ZUZANA_92 = AidCommitted(
    partners=("DE", "DK", "NO"),
    occurred=DateSpan.day(date(2022, 8, 18)),
    provenance=Provenance(
        article_id="a", outlet="Danube Defence Daily", published=date(2022, 8, 19)
    ),
    amount=Money(92_000_000, "EUR"),
    items=("Zuzana", "howitzers"),
)
ZUZANA_OVER_90 = AidCommitted(
    partners=("DE", "DK", "NO"),
    occurred=DateSpan.on_or_before(date(2022, 8, 22)),
    provenance=Provenance(
        article_id="b", outlet="Nordic Security Review", published=date(2022, 8, 22)
    ),
    amount=Money(90_000_000, "EUR", Qualifier.OVER),
    items=("Zuzana", "howitzers"),
)


def test_the_zuzana_financing_told_twice_is_one_fact_with_the_sharper_date_and_exact_amount() -> (
    None
):
    state = project_partner(entries([ZUZANA_92, ZUZANA_OVER_90]), "DK")
    (item,) = state.commitments
    assert item.occurred == DateSpan.day(date(2022, 8, 18))
    assert item.amount == Money(92_000_000, "EUR")
    assert item.corroboration == 2
    assert not item.conflict
    assert set(item.event_ids) == {ZUZANA_92.id, ZUZANA_OVER_90.id}
    assert state.committed_totals == {"EUR": Money(92_000_000, "EUR")}


def test_known_before_the_second_report_the_fact_has_one_source() -> None:
    state = project_partner(entries([ZUZANA_92, ZUZANA_OVER_90]), "DE", known_at=date(2022, 8, 20))
    (item,) = state.commitments
    assert item.corroboration == 1
    assert item.event_ids == (ZUZANA_92.id,)


def test_two_reports_of_one_article_are_never_merged() -> None:
    same_article = attrs.evolve(ZUZANA_OVER_90, provenance=ZUZANA_92.provenance, id="")
    assert not same_fact(ZUZANA_92, same_article)
    assert len(project_partner(entries([ZUZANA_92, same_article]), "NO").commitments) == 2


def test_reports_of_other_partners_or_kinds_are_never_merged() -> None:
    germany_only = attrs.evolve(ZUZANA_OVER_90, partners=("DE",), id="")
    delivered = MeetingHeld(
        partners=ZUZANA_92.partners,
        occurred=ZUZANA_92.occurred,
        provenance=ZUZANA_OVER_90.provenance,
    )
    assert not same_fact(ZUZANA_92, germany_only)
    assert not same_fact(ZUZANA_92, delivered)


def test_two_pledges_of_one_partner_in_one_month_with_other_figures_stay_apart() -> None:
    demining = AidCommitted(
        partners=("SE",),
        occurred=DateSpan.month(2024, 5),
        provenance=Provenance(article_id="x", outlet="Baltic Wire"),
        amount=Money(100_000_000, "SEK"),
        category="demining",
    )
    air_defence = AidCommitted(
        partners=("SE",),
        occurred=DateSpan.month(2024, 5),
        provenance=Provenance(article_id="y", outlet="Stockholm Dispatch"),
        amount=Money(500_000_000, "SEK"),
        category="military",
        items=("air defence",),
    )
    state = project_partner(entries([demining, air_defence]), "SE")
    assert len(state.commitments) == 2
    assert state.committed_totals["SEK"] == Money(600_000_000, "SEK")


def test_undated_reports_with_nothing_in_common_are_not_merged() -> None:
    memo = MemorandumSigned(
        partners=("PL",),
        occurred=DateSpan.on_or_before(date(2024, 4, 1)),
        provenance=Provenance(article_id="x", published=date(2024, 4, 1)),
    )
    later = attrs.evolve(
        memo,
        occurred=DateSpan.on_or_before(date(2024, 9, 1)),
        provenance=Provenance(article_id="y", published=date(2024, 9, 1)),
        id="",
    )
    assert not same_fact(memo, later)


def test_a_raise_supersedes_the_pledge_it_raises_and_counts_once() -> None:
    march = AidCommitted(
        partners=("NL",),
        occurred=DateSpan.month(2024, 3),
        provenance=Provenance(article_id="m", outlet="Hague Monitor", published=date(2024, 3, 28)),
        amount=Money(100_000_000, "EUR"),
        items=("ammunition",),
    )
    june = AidCommitted(
        partners=("NL",),
        occurred=DateSpan.day(date(2024, 6, 11)),
        provenance=Provenance(
            article_id="j",
            outlet="Lowlands Post",
            published=date(2024, 6, 12),
            quote="The Netherlands raised its pledge for artillery ammunition to €250 million.",
        ),
        amount=Money(250_000_000, "EUR"),
        raises=True,
        items=("artillery", "ammunition"),
    )
    state = project_partner(entries([june, march]), "NL")
    (item,) = state.commitments
    assert item.id == june.id
    assert [i.id for i in item.supersedes] == [march.id]
    assert state.committed_totals["EUR"] == Money(250_000_000, "EUR")
    assert state.event_ids == {march.id, june.id}
    spring = project_partner(entries([june, march]), "NL", as_of=date(2024, 4, 30))
    assert spring.committed_totals["EUR"] == Money(100_000_000, "EUR")
    assert link_updates(link_updates([item])) == [item]


def test_without_a_raise_cue_a_larger_later_pledge_is_a_fact_of_its_own() -> None:
    small = AidCommitted(
        partners=("NL",),
        occurred=DateSpan.month(2024, 3),
        provenance=Provenance(article_id="m", quote="The Netherlands pledged €100 million."),
        amount=Money(100_000_000, "EUR"),
    )
    large = attrs.evolve(
        small,
        occurred=DateSpan.month(2024, 6),
        provenance=Provenance(article_id="n", quote="The Netherlands pledged €250 million."),
        amount=Money(250_000_000, "EUR"),
        id="",
    )
    state = project_partner(entries([small, large]), "NL")
    assert len(state.commitments) == 2
    assert state.committed_totals["EUR"].value == 350_000_000


def test_one_package_number_with_other_months_is_one_fact_in_conflict() -> None:
    january = AidCommitted(
        partners=("US",),
        occurred=DateSpan.month(2024, 1),
        provenance=Provenance(article_id="p", outlet="Wire A"),
        amount=Money(250_000_000, "USD"),
        package_number=55,
    )
    june = attrs.evolve(
        january,
        occurred=DateSpan.month(2024, 6),
        provenance=Provenance(article_id="q", outlet="Wire B"),
        id="",
    )
    (item,) = project_partner(entries([january, june]), "US").commitments
    assert item.conflict
    assert item.occurred == DateSpan.parse("2024-01/2024-06")
    assert [str(v.occurred) for v in item.variants] == ["2024-01", "2024-06"]
    assert item.amount == Money(250_000_000, "USD")


# -- the fixture corpus, end to end ----------------------------------------------------------

PATHS = sorted(CORPUS.glob("*.txt"))


def ingest(paths: list[Path], tl: Timeline | None = None) -> Timeline:
    tl = tl or Timeline.open()
    for path in paths:
        tl.ingest(load_article(path))
    return tl


@pytest.fixture(scope="module")
def corpus() -> Timeline:
    return ingest(PATHS)


def test_the_corpus_counts_each_distinct_fact_once(corpus: Timeline) -> None:
    states = corpus.states()
    totals = {p: {c: str(m) for c, m in s.committed_totals.items()} for p, s in states.items()}
    assert totals == {
        "BE": {"EUR": "over 87000000 EUR"},
        "DE": {"EUR": "92000000 EUR"},
        "DK": {"EUR": "92000000 EUR"},
        "NL": {"EUR": "400000000 EUR"},
        "NO": {"EUR": "92000000 EUR"},
        "SE": {"SEK": "600000000 SEK"},
    }
    counts = {p: len(s.commitments) for p, s in states.items()}
    assert counts == {"BE": 1, "DE": 1, "DK": 1, "NL": 2, "NO": 1, "SE": 2}
    reports = len([e for e in corpus.events() if e.kind == "aid_committed"])
    assert reports == 11


def test_the_corpus_marks_the_belgian_conflict_with_both_variants(corpus: Timeline) -> None:
    (item,) = corpus.state("BE").commitments
    assert item.conflict
    assert item.corroboration == 2
    assert sorted(str(v.amount) for v in item.variants) == ["100000000 EUR", "87000000 EUR"]
    assert {s.outlet for s in item.variants[0].sources} | {
        s.outlet for s in item.variants[1].sources
    } == {"Brussels Ledger", "Flanders Courier"}


def test_the_dutch_package_told_a_week_later_takes_the_sharper_date(corpus: Timeline) -> None:
    package = next(i for i in corpus.state("NL").commitments if i.merged)
    assert str(package.occurred) == "2024-03-07"
    assert {s.outlet for s in package.sources} == {"Lowlands Post", "Hague Monitor"}
    early = corpus.state("NL", known_at=date(2024, 3, 10))
    assert [str(i.occurred) for i in early.commitments] == ["../2024-03-07"]


def test_the_swedish_pledges_of_one_week_stay_two_facts(corpus: Timeline) -> None:
    state = corpus.state("SE")
    assert [(str(i.amount), i.corroboration) for i in state.commitments] == [
        ("100000000 SEK", 2),
        ("500000000 SEK", 1),
    ]


@settings(max_examples=15, deadline=None)
@given(st.permutations(PATHS))
def test_ingesting_the_corpus_in_any_order_gives_the_same_states(
    corpus: Timeline, order: list[Path]
) -> None:
    again = ingest(order)
    assert rich_view(again.states()) == rich_view(corpus.states())
    assert rich_view(again.states(known_at=date(2024, 3, 20))) == rich_view(
        corpus.states(known_at=date(2024, 3, 20))
    )


def test_views_show_corroboration_conflicts_and_grouped_reports(corpus: Timeline) -> None:
    state = corpus.state("BE")
    view = state_view(state)
    (item,) = view["commitments"]
    assert item["corroboration"] == 2
    assert item["conflict"] is True
    assert len(item["variants"]) == 2
    assert view["conflicts"] == [item["id"]]
    assert view["totals_rule"] == TOTALS_RULE
    table = state_table(state)
    assert "CONFLICT" in table
    assert "variant: 100000000 EUR" in table
    raised = item_view(next(i for i in corpus.state("NL").commitments if i.supersedes))
    assert raised["supersedes"][0]["amount"]["value"] == "100000000"
    lines = history_table(corpus.history("NL")).splitlines()
    merged = next(n for n, line in enumerate(lines) if " merged " in line)
    assert lines[merged + 1].startswith("  ")
    assert lines[merged + 2].startswith("  ")
    entries_ = corpus.history("NL")
    assert len({e.fact.id for e in entries_ if e.fact is not None}) == 3
    assert sum(e.superseded_by is not None for e in entries_) == 1


# -- re-extraction -----------------------------------------------------------------------------


def better_extractor(real: Callable[[Article], list[Fact]], version: str) -> Extractor:
    """A better reading: the Flanders figure read as €87 million, the Swedish air defence
    pledge dropped, and a meeting found in the Danube article that the real rules miss."""

    def extract(article: Article) -> list[Fact]:
        out: list[Fact] = []
        for event in real(article):
            provenance = attrs.evolve(event.provenance, extractor_version=version)
            if isinstance(event, AidCommitted) and event.amount == Money(500_000_000, "SEK"):
                continue
            if (
                isinstance(event, AidCommitted)
                and event.amount == Money(100_000_000, "EUR")
                and event.provenance.outlet == "Flanders Courier"
            ):
                event = attrs.evolve(event, amount=Money(87_000_000, "EUR"), id="")
            out.append(attrs.evolve(event, provenance=provenance, id=event.id))
        if article.source == "Danube Defence Daily":
            out.append(
                MeetingHeld(
                    partners=("SK",),
                    occurred=DateSpan.day(date(2022, 8, 18)),
                    provenance=Provenance(
                        article_id=article.id,
                        outlet=article.source,
                        published=article.published,
                        start=0,
                        end=10,
                        quote="The guns",
                        extractor="timeline.rules",
                        extractor_version=version,
                        rule="meeting",
                    ),
                )
            )
        return out

    return extract


Extractor = Callable[[Article], list[Fact]]


@attrs.define
class Rules:
    """Switches the extractor that `Timeline.reextract` and `Timeline.ingest` use."""

    monkeypatch: pytest.MonkeyPatch
    real: Extractor
    current: str

    @property
    def better_version(self) -> str:
        return f"{self.current}.1"

    def better(self) -> None:
        """A later version with a changed rule (see `better_extractor`)."""
        self._use(self.better_version, better_extractor(self.real, self.better_version))

    def old_again(self) -> None:
        """A still later version that reads as the current rules do."""
        self._use(f"{self.current}.2", self.real)

    def _use(self, version: str, extract: Extractor) -> None:
        self.monkeypatch.setattr(EXTRACTION, "EXTRACTOR_VERSION", version)
        self.monkeypatch.setattr(EXTRACTION, "extract", extract)


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> Rules:
    return Rules(monkeypatch, EXTRACTION.extract, EXTRACTION.EXTRACTOR_VERSION)


REEXTRACTED_ON = date(2025, 1, 15)


def test_reextraction_appends_amendments_and_leaves_the_past_rebuildable(
    rules: Rules, tmp_path: Path
) -> None:
    tl = ingest(PATHS, Timeline.open(tmp_path / "t.db"))
    last = tl.log.last_seq
    before = rich_view(tl.states())
    known_before = rich_view(tl.states(known_at=REEXTRACTED_ON - timedelta(days=1)))
    rules.better()
    result = tl.reextract(published=REEXTRACTED_ON)
    assert (len(result.retracted), len(result.corrected), len(result.added)) == (1, 1, 1)
    assert result.articles == len(PATHS)
    assert result.records > 0
    assert tl.verify().ok
    assert rich_view(tl.states(recorded_by=last)) == before
    assert rich_view(tl.states(known_at=REEXTRACTED_ON - timedelta(days=1))) == known_before
    fresh = ingest(PATHS)
    assert rich_view(tl.states()) == rich_view(fresh.states())
    assert not tl.state("BE").commitments[0].conflict
    assert tl.state("SK").meetings
    # Nothing changes on a second run, nor with --since the version that read everything.
    assert not tl.reextract(published=REEXTRACTED_ON).changed
    assert not tl.reextract(since=rules.better_version, published=REEXTRACTED_ON).changed


def test_reextraction_holds_one_stored_article_at_a_time(
    rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The articles are streamed from the log, not all held in memory while read again."""
    import gc
    import weakref

    tl = ingest(PATHS, Timeline.open(tmp_path / "t.db"))
    alive: weakref.WeakSet[ArticleRecorded] = weakref.WeakSet()
    reading = tl.log.read

    def read(*args: Any, **kwargs: Any) -> Any:
        for record in reading(*args, **kwargs):
            if isinstance(record.event, ArticleRecorded):
                alive.add(record.event)
            yield record

    monkeypatch.setattr(tl.log, "read", read)
    rules.better()
    better = EXTRACTION.extract
    most = 0

    def extract(article: Article) -> list[Fact]:
        nonlocal most
        gc.collect()
        most = max(most, len(alive))
        return better(article)

    monkeypatch.setattr(EXTRACTION, "extract", extract)
    assert tl.reextract(published=REEXTRACTED_ON).articles == len(PATHS) > 2
    assert most == 1


def test_reextracting_with_the_old_rules_again_restores_the_old_readings(
    rules: Rules,
) -> None:
    tl = ingest(PATHS)
    original = rich_view(tl.states())
    rules.better()
    tl.reextract(published=REEXTRACTED_ON)
    rules.old_again()
    result = tl.reextract(published=REEXTRACTED_ON + timedelta(days=1))
    assert len(result.restored) == 2
    assert rich_view(tl.states()) == original
    assert rich_view(tl.states(known_at=REEXTRACTED_ON)) != original


def test_reextraction_leaves_facts_and_retractions_made_by_hand_alone(
    rules: Rules,
) -> None:
    tl = ingest(PATHS)
    (swedish,) = [e for e in tl.events(partner="SE") if "Baltic" in str(e.provenance.outlet)][:1]
    tl.retract(swedish.id, reason="checked by hand", published=date(2024, 12, 1))
    rules.old_again()
    result = tl.reextract(published=REEXTRACTED_ON)
    assert not result.changed
    assert swedish.id not in tl.states()["SE"].event_ids


def test_the_reextract_command_reports_what_it_appended(
    rules: Rules, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "t.db")
    assert main(["ingest", "--db", db, str(CORPUS)]) == 0
    rules.better()
    capsys.readouterr()
    assert main(["reextract", "--db", db, "--published", "2025-01-15"]) == 0
    out = capsys.readouterr().out
    assert f"re-read 10 articles with timeline.rules v{rules.better_version}" in out
    assert "1 retracted, 1 corrected, 1 added" in out
    assert main(["reextract", "--db", db, "--since", rules.better_version]) == 0
    assert "0 records appended" in capsys.readouterr().out
    assert main(["state", "--db", db, "BE", "--known-at", "2025-01-14"]) == 0
    assert "CONFLICT" in capsys.readouterr().out
    assert main(["reextract", "--db", str(tmp_path / "none.db")]) == 2


def test_a_retraction_by_a_reextraction_is_an_ordinary_retraction_in_the_history(
    rules: Rules,
) -> None:
    tl = ingest(PATHS)
    rules.better()
    tl.reextract(published=REEXTRACTED_ON)
    retractions = [e for e in tl.events(kinds=["event_retracted"]) if isinstance(e, EventRetracted)]
    assert all(r.provenance.extractor == "timeline.rules" for r in retractions)
    assert {e.status.value for e in history(tl.log.read(partner="SE"), "SE")} == {
        "active",
        "retracted",
    }
