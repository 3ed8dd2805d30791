"""One fixed example of every kind of event, for pinned wire forms and docs."""

from __future__ import annotations

from datetime import date

from timeline.dates import DateSpan
from timeline.events import (
    AgreementSigned,
    AidCommitted,
    AidDelivered,
    ArticleRecorded,
    Event,
    EventCorrected,
    EventRetracted,
    JointVentureEstablished,
    MeetingHeld,
    MemorandumSigned,
    ProductionIncreased,
    Provenance,
)
from timeline.money import Factor, Money

SOURCE = Provenance(
    article_id="art-0001",
    url="https://example.org/a",
    outlet="Example Wire",
    published=date(2024, 1, 30),
    start=10,
    end=52,
    quote="A sentence of our own about the fact.",
    extractor="timeline.rules",
    extractor_version="1",
    rule="sample",
)

MEMO = MemorandumSigned(
    partners=("BE",),
    occurred=DateSpan.on_or_before(date(2024, 1, 30)),
    provenance=SOURCE,
    scope="joint production and repair",
    parties=("Ministry of Defence of Ukraine", "Belgian Ministry of Defence"),
)
PLEDGE = AidCommitted(
    partners=("BE",),
    occurred=DateSpan.month(2023, 1),
    provenance=SOURCE,
    amount=Money(90_000_000, "EUR"),
    category="military",
    package_number=None,
    items=("missiles", "small arms"),
    expected_delivery=DateSpan.year(2025),
)

SAMPLES: dict[str, Event] = {
    "memorandum_signed": MEMO,
    "agreement_signed": AgreementSigned(
        partners=("US",),
        occurred=DateSpan.on_or_before(date(2023, 12, 15)),
        provenance=SOURCE,
        scope="155 mm shells",
        parties=(),
        companies=("Example Munitions Inc.",),
        product="155 mm artillery shells",
        amount=None,
    ),
    "joint_venture_established": JointVentureEstablished(
        partners=("DE",),
        occurred=DateSpan.on_or_before(date(2023, 12, 15)),
        provenance=SOURCE,
        companies=("Rheinmetall",),
        product="repair of Western weapons",
    ),
    "aid_committed": PLEDGE,
    "aid_delivered": AidDelivered(
        partners=("BE", "DE", "NL"),
        occurred=DateSpan.on_or_before(date(2024, 1, 30)),
        provenance=SOURCE,
        items=("M113 armoured vehicles",),
        quantity=None,
        amount=None,
    ),
    "production_increased": ProductionIncreased(
        partners=("UA",),
        occurred=DateSpan.parse("2023/2024"),
        provenance=SOURCE,
        sector="artillery systems",
        factor=Factor(3),
    ),
    "meeting_held": MeetingHeld(
        partners=("BE",),
        occurred=DateSpan.parse("2024-01-22/2024-01-28"),
        provenance=SOURCE,
        format="seminar",
        participants=("33 Ukrainian companies", "8 Belgian companies"),
    ),
    "event_retracted": EventRetracted(
        partners=("BE",),
        occurred=DateSpan.day(date(2024, 2, 2)),
        provenance=Provenance(published=date(2024, 2, 2), extractor="manual"),
        target=MEMO.id,
        reason="the memorandum was only announced",
    ),
    "event_corrected": EventCorrected(
        partners=("BE",),
        occurred=DateSpan.day(date(2024, 2, 3)),
        provenance=Provenance(published=date(2024, 2, 3), extractor="manual"),
        target=PLEDGE.id,
        replacement=AidCommitted(
            partners=("BE",),
            occurred=DateSpan.month(2023, 1),
            provenance=SOURCE,
            amount=Money(92_000_000, "EUR", "over"),
        ),
        reason="the amount was misread",
    ),
    "article_recorded": ArticleRecorded(
        article_id="art-0001",
        title="A title",
        source="Example Wire",
        url="https://example.org/a",
        published=date(2024, 1, 30),
        body="Body text.",
        content_hash="ab" * 32,
    ),
}
