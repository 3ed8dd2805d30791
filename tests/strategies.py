"""Hypothesis strategies for every value the library stores: spans, money, events."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from timeline.dates import DateSpan
from timeline.events import (
    AgreementSigned,
    AidCommitted,
    AidDelivered,
    ArticleRecorded,
    Event,
    EventCorrected,
    EventRetracted,
    Fact,
    JointVentureEstablished,
    MeetingHeld,
    MemorandumSigned,
    ProductionIncreased,
    Provenance,
)
from timeline.money import Factor, Money, Qualifier

PARTNERS = ("BE", "CZ", "DE", "DK", "GB", "NL", "US", "EU", "NATO", "NORDIC", "UDCG", "UA")
CURRENCIES = ("EUR", "USD", "GBP", "DKK", "CZK", "CAD", "SEK", "NOK", "PLN", "UAH")

MIN_DAY = date(2014, 1, 1)
MAX_DAY = date(2027, 12, 31)

days = st.dates(min_value=MIN_DAY, max_value=MAX_DAY)
qualifiers = st.sampled_from(list(Qualifier))


@st.composite
def date_spans(draw: st.DrawFn, *, allow_open: bool = True) -> DateSpan:
    """Any valid span: days, weeks, months, quarters, years, ranges of them, open ends."""
    shape = draw(
        st.sampled_from(
            ["day", "week", "month", "quarter", "year", "range", "before", "after", "unknown"]
            if allow_open
            else ["day", "week", "month", "quarter", "year", "range"]
        )
    )
    day = draw(days)
    if shape == "day":
        return DateSpan.day(day)
    if shape == "week":
        return DateSpan.between(day, day + timedelta(days=draw(st.integers(1, 6))))
    if shape == "month":
        return DateSpan.month(day.year, day.month)
    if shape == "quarter":
        return DateSpan.quarter(day.year, (day.month - 1) // 3 + 1)
    if shape == "year":
        return DateSpan.year(day.year)
    if shape == "range":
        first, second = sorted((day, draw(days)))
        return DateSpan.between(first, second)
    if shape == "before":
        return DateSpan.on_or_before(day)
    if shape == "after":
        return DateSpan.on_or_after(day)
    return DateSpan.unknown()


decimals = st.decimals(min_value=Decimal(0), max_value=Decimal(10) ** 12, places=2, allow_nan=False)
money = st.builds(Money, decimals, st.sampled_from(CURRENCIES), qualifiers)
factors = st.builds(
    Factor,
    st.decimals(min_value=Decimal("1.01"), max_value=Decimal(100), places=2),
    qualifiers,
)
partner_sets = st.lists(st.sampled_from(PARTNERS), min_size=1, max_size=3, unique=True).map(tuple)
short_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
names = st.lists(short_text, max_size=3).map(tuple)


@st.composite
def provenances(draw: st.DrawFn, *, published: date | None = None) -> Provenance:
    """A provenance; `published` fixes the report date when given."""
    start = draw(st.integers(0, 5_000))
    return Provenance(
        article_id=draw(st.sampled_from(["art-a", "art-b", "art-c", "art-d"])),
        url=draw(st.none() | st.just("https://example.org/news/1")),
        outlet=draw(st.sampled_from([None, "Outlet One", "Outlet Two", "Outlet Three"])),
        published=published if published is not None else draw(st.none() | days),
        start=start,
        end=start + draw(st.integers(1, 400)),
        quote=draw(short_text),
        extractor="hypothesis",
        extractor_version="1",
        rule=draw(st.sampled_from(["rule-a", "rule-b"])),
    )


def _envelope(draw: st.DrawFn) -> dict[str, object]:
    return {
        "partners": draw(partner_sets),
        "occurred": draw(date_spans()),
        "provenance": draw(provenances()),
    }


@st.composite
def facts(draw: st.DrawFn) -> Fact:
    """Any of the seven kinds of fact, with any fields."""
    env = _envelope(draw)
    kind = draw(st.integers(0, 6))
    maybe_text = st.none() | short_text
    if kind == 0:
        return MemorandumSigned(**env, scope=draw(maybe_text), parties=draw(names))  # type: ignore[arg-type]
    if kind == 1:
        return AgreementSigned(  # type: ignore[arg-type]
            **env,
            scope=draw(maybe_text),
            parties=draw(names),
            companies=draw(names),
            product=draw(maybe_text),
            amount=draw(st.none() | money),
        )
    if kind == 2:
        return JointVentureEstablished(  # type: ignore[arg-type]
            **env, companies=draw(names), product=draw(maybe_text)
        )
    if kind == 3:
        return AidCommitted(  # type: ignore[arg-type]
            **env,
            amount=draw(st.none() | money),
            category=draw(st.none() | st.sampled_from(["military", "financial", "cyber"])),
            package_number=draw(st.none() | st.integers(1, 100)),
            items=draw(names),
            expected_delivery=draw(st.none() | date_spans()),
        )
    if kind == 4:
        return AidDelivered(  # type: ignore[arg-type]
            **env,
            items=draw(names),
            quantity=draw(st.none() | st.integers(1, 10_000)),
            amount=draw(st.none() | money),
        )
    if kind == 5:
        return ProductionIncreased(  # type: ignore[arg-type]
            **env, sector=draw(maybe_text), factor=draw(st.none() | factors)
        )
    return MeetingHeld(**env, format=draw(maybe_text), participants=draw(names))  # type: ignore[arg-type]


@st.composite
def amendments(draw: st.DrawFn, target: Fact | None = None) -> EventRetracted | EventCorrected:
    """A retraction or a correction of `target` (or of a drawn fact)."""
    fact = target if target is not None else draw(facts())
    provenance = draw(provenances())
    if draw(st.booleans()):
        return EventRetracted(
            partners=fact.partners, provenance=provenance, target=fact.id, reason=draw(short_text)
        )
    replacement = draw(facts())
    return EventCorrected(
        partners=tuple(sorted(set(fact.partners) | set(replacement.partners))),
        provenance=provenance,
        target=fact.id,
        replacement=replacement,
        reason=draw(short_text),
    )


@st.composite
def articles(draw: st.DrawFn) -> ArticleRecorded:
    """A stored article."""
    body = draw(st.text(min_size=1, max_size=200))
    return ArticleRecorded(
        article_id="art-" + hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:20],
        title=draw(st.none() | short_text),
        source=draw(st.none() | st.just("Outlet One")),
        url=None,
        published=draw(st.none() | days),
        body=body,
        content_hash="0" * 64,
    )


events: st.SearchStrategy[Event] = st.one_of(facts(), amendments(), articles())
