"""Realistic synthetic logs for the benchmarks: articles, facts and amendments over ten years.

`generate(n, seed=...)` yields typed events in batches, deterministically for a seed, without
holding the whole log in memory:

- 50 partners drawn with a Zipf-like skew (weight ``1 / rank**1.1``); 15% of facts name a
  second partner and 4% a third;
- publication dates rise through 2015-2024 with the log position; every article is stored
  (``article_recorded``, a body of ~1 kB) before the 4-12 facts read from it;
- all seven kinds of fact, dated by day, week, month, quarter, year, range or open end,
  shortly before their report; amounts in nine currencies with qualifiers;
- 1.5% retractions and 1.5% corrections of recent facts.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

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

PARTNERS: tuple[str, ...] = (
    "US", "DE", "GB", "PL", "NL", "DK", "CA", "FR", "SE", "NO",
    "CZ", "BE", "FI", "LT", "LV", "EE", "IT", "ES", "PT", "RO",
    "SK", "BG", "HR", "SI", "GR", "AT", "IE", "LU", "IS", "AU",
    "NZ", "JP", "KR", "TR", "CH", "MT", "CY", "HU", "AL", "MK",
    "ME", "MD", "GE", "EU", "NATO", "UDCG", "NORDIC", "IL", "SG", "ZA",
)  # fmt: skip
CURRENCIES = ("EUR", "USD", "GBP", "SEK", "NOK", "DKK", "CAD", "PLN", "CZK")
OUTLETS = tuple(f"Outlet {name}" for name in "ABCDEFGHIJKLMNOPQRST")
FIRST_DAY = date(2015, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days
_WORDS = [
    "ammunition",
    "production",
    "joint",
    "venture",
    "memorandum",
    "repair",
    "armoured",
    "vehicles",
    "artillery",
    "shells",
    "drones",
    "air",
    "defence",
    "systems",
    "ministry",
    "defence",
    "industry",
    "cooperation",
    "agreement",
    "signed",
    "package",
    "delivered",
    "pledged",
    "financing",
    "licence",
    "factory",
    "training",
    "spare",
    "parts",
]
_ITEMS = (
    "155 mm shells", "air defence systems", "armoured vehicles", "drones", "spare parts",
    "small arms", "demining equipment", "howitzers", "missiles", "radars", "trucks",
)  # fmt: skip


def zipf_weights(count: int, s: float = 1.1) -> list[float]:
    """The weights 1 / rank**s of `count` ranks."""
    return [1 / (rank**s) for rank in range(1, count + 1)]


class Generator:
    """A deterministic stream of events; `history` keeps each partner's first and last date."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.weights = zipf_weights(len(PARTNERS))
        self.cum = []
        acc = 0.0
        for w in self.weights:
            acc += w
            self.cum.append(acc)
        self.recent: deque[Fact] = deque(maxlen=4000)
        self.history: dict[str, list[date]] = {}
        self.article_no = 0

    def partners(self) -> tuple[str, ...]:
        rng = self.rng
        chosen = {rng.choices(PARTNERS, cum_weights=self.cum)[0]}
        if rng.random() < 0.15:
            chosen.add(rng.choices(PARTNERS, cum_weights=self.cum)[0])
            if rng.random() < 0.25:
                chosen.add(rng.choices(PARTNERS, cum_weights=self.cum)[0])
        return tuple(sorted(chosen))

    def span(self, published: date) -> DateSpan:
        rng = self.rng
        day = published - timedelta(days=int(rng.expovariate(1 / 60)))
        day = max(day, FIRST_DAY)
        shape = rng.random()
        if shape < 0.30:
            return DateSpan.day(day)
        if shape < 0.40:
            return DateSpan.between(day, day + timedelta(days=rng.randint(1, 6)))
        if shape < 0.62:
            return DateSpan.month(day.year, day.month)
        if shape < 0.70:
            return DateSpan.quarter(day.year, (day.month - 1) // 3 + 1)
        if shape < 0.76:
            return DateSpan.year(day.year)
        if shape < 0.82:
            return DateSpan.between(day - timedelta(days=rng.randint(10, 400)), day)
        if shape < 0.96:
            return DateSpan.on_or_before(published)
        return DateSpan.on_or_after(day)

    def money(self) -> Money:
        rng = self.rng
        value = Decimal(rng.choice((1, 2, 3, 5, 7, 12, 15, 25, 40, 60, 90, 150, 250, 600)))
        value *= Decimal(10) ** rng.choice((4, 5, 6, 6, 6, 7, 8))
        if rng.random() < 0.1:
            value += Decimal(rng.randint(1, 99)) / 100
        qualifier = rng.choice((Qualifier.EXACT,) * 6 + tuple(Qualifier))
        return Money(value, rng.choice(CURRENCIES), qualifier)

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(_WORDS, k=self.rng.randint(low, high)))

    def fact(self, article: ArticleRecorded, position: int) -> Fact:
        rng = self.rng
        published = article.published
        assert published is not None
        start = 40 + 130 * position + rng.randint(0, 20)
        env = {
            "partners": self.partners(),
            "occurred": self.span(published),
            "provenance": Provenance(
                article_id=article.article_id,
                url=article.url,
                outlet=article.source,
                published=published,
                start=start,
                end=start + rng.randint(60, 240),
                quote=self.words(8, 24),
                extractor="timeline.rules",
                extractor_version="1",
                rule=f"rule-{rng.randint(1, 30)}",
            ),
        }
        kind = rng.random()
        fact: Fact
        if kind < 0.10:
            fact = MemorandumSigned(**env, scope=self.words(2, 5), parties=("Ministry of Defence",))  # type: ignore[arg-type]
        elif kind < 0.22:
            fact = AgreementSigned(  # type: ignore[arg-type]
                **env,
                scope=self.words(2, 4),
                companies=(f"Company {rng.randint(1, 300)}",),
                product=rng.choice(_ITEMS),
                amount=self.money() if rng.random() < 0.5 else None,
            )
        elif kind < 0.28:
            fact = JointVentureEstablished(  # type: ignore[arg-type]
                **env, companies=(f"Company {rng.randint(1, 300)}",), product=rng.choice(_ITEMS)
            )
        elif kind < 0.58:
            fact = AidCommitted(  # type: ignore[arg-type]
                **env,
                amount=self.money() if rng.random() < 0.85 else None,
                category=rng.choice(("military", "financial", "humanitarian", None)),
                package_number=rng.randint(1, 60) if rng.random() < 0.3 else None,
                items=tuple(rng.sample(_ITEMS, rng.randint(0, 3))),
                expected_delivery=DateSpan.year(published.year + 1) if rng.random() < 0.2 else None,
            )
        elif kind < 0.78:
            fact = AidDelivered(  # type: ignore[arg-type]
                **env,
                items=tuple(rng.sample(_ITEMS, rng.randint(1, 2))),
                quantity=rng.randint(1, 500) if rng.random() < 0.5 else None,
                amount=self.money() if rng.random() < 0.3 else None,
            )
        elif kind < 0.86:
            fact = ProductionIncreased(  # type: ignore[arg-type]
                **env,
                sector=rng.choice(_ITEMS),
                factor=Factor(Decimal(rng.randint(11, 60)) / 10) if rng.random() < 0.8 else None,
            )
        else:
            fact = MeetingHeld(  # type: ignore[arg-type]
                **env,
                format=rng.choice(("conference", "forum", "visit", "seminar")),
                participants=(f"{rng.randint(2, 40)} companies",),
            )
        for partner in fact.partners:
            days = self.history.setdefault(partner, [date.max, date.min])
            for d in (fact.occurred.earliest, fact.occurred.latest):
                if d is not None:
                    days[0] = min(days[0], d)
                    days[1] = max(days[1], d)
        return fact

    def amendment(self, published: date) -> EventRetracted | EventCorrected | None:
        rng = self.rng
        if not self.recent:
            return None
        target = self.recent[rng.randrange(len(self.recent))]
        provenance = Provenance(published=published, extractor="manual", quote=self.words(3, 8))
        if rng.random() < 0.5:
            return EventRetracted(
                partners=target.partners,
                occurred=DateSpan.day(published),
                provenance=provenance,
                target=target.id,
                reason="misread: " + self.words(2, 5),
            )
        import attrs

        changes: dict[str, object] = {"id": ""}
        if getattr(target, "amount", None) is not None:
            changes["amount"] = self.money()
        else:
            changes["occurred"] = self.span(published)
        replacement = attrs.evolve(target, **changes)  # type: ignore[misc]
        return EventCorrected(
            partners=target.partners,
            occurred=DateSpan.day(published),
            provenance=provenance,
            target=target.id,
            replacement=replacement,
            reason="corrected: " + self.words(2, 5),
        )

    def events(self, n: int) -> Iterator[Event]:
        """`n` events, in log order."""
        rng = self.rng
        produced = 0
        while produced < n:
            self.article_no += 1
            no = self.article_no
            published = FIRST_DAY + timedelta(days=min(DAYS, int(DAYS * produced / max(n, 1))))
            outlet = OUTLETS[no % len(OUTLETS)]
            body = f"Article {no}. " + self.words(120, 180)
            article = ArticleRecorded(
                article_id=f"art-{no:08d}",
                title=self.words(5, 10),
                source=outlet,
                url=f"https://news.example.org/{published.year}/{no}",
                published=published,
                body=body,
                content_hash=f"{no:064x}",
                provenance=Provenance(
                    article_id=f"art-{no:08d}",
                    url=f"https://news.example.org/{published.year}/{no}",
                    outlet=outlet,
                    published=published,
                ),
            )
            yield article
            produced += 1
            for position in range(rng.randint(4, 12)):
                if produced >= n:
                    return
                event: Event | None
                if rng.random() < 0.03:
                    event = self.amendment(published)
                    if event is None:
                        continue
                else:
                    event = self.fact(article, position)
                    self.recent.append(event)
                yield event
                produced += 1


def batches(n: int, size: int = 1000, seed: int = 7) -> Iterator[list[Event]]:
    """`n` events in lists of `size`."""
    batch: list[Event] = []
    for event in Generator(seed).events(n):
        batch.append(event)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
