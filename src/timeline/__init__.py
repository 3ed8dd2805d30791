"""timeline: news articles in, an event-sourced, bitemporal timeline of cooperation out.

Articles become an append-only, hash-chained log of typed events; projections rebuild each
partner's state at any date (valid time) as known at any date (reported time) or log
position (recorded time). The names below are the public API; see ``docs/``.
"""

from timeline.articles import Article, load_article
from timeline.dates import DateSpan, Precision
from timeline.errors import (
    ArticleError,
    ConcurrencyError,
    DateError,
    ExtractionError,
    IntegrityError,
    LogError,
    MoneyError,
    PartnerError,
    SchemaError,
    TimelineError,
    UnknownEventError,
)
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
from timeline.fold import (
    AlreadyAmendedError,
    AsOfIndex,
    HistoryEntry,
    Item,
    Mode,
    PartnerState,
    Source,
    Variant,
    project,
    project_partner,
)
from timeline.log import EventLog, MemoryLog, Record, SQLiteLog, Verification
from timeline.log.wire import make_converter
from timeline.money import Factor, Money, Qualifier
from timeline.read import extract
from timeline.reextract import ReextractResult
from timeline.timeline import IngestResult, Timeline

__version__ = "0.1.0"

__all__ = [
    "AgreementSigned",
    "AidCommitted",
    "AidDelivered",
    "AlreadyAmendedError",
    "Article",
    "ArticleError",
    "ArticleRecorded",
    "AsOfIndex",
    "ConcurrencyError",
    "DateError",
    "DateSpan",
    "Event",
    "EventCorrected",
    "EventLog",
    "EventRetracted",
    "ExtractionError",
    "Fact",
    "Factor",
    "HistoryEntry",
    "IngestResult",
    "IntegrityError",
    "Item",
    "JointVentureEstablished",
    "LogError",
    "MeetingHeld",
    "MemorandumSigned",
    "MemoryLog",
    "Mode",
    "Money",
    "MoneyError",
    "PartnerError",
    "PartnerState",
    "Precision",
    "ProductionIncreased",
    "Provenance",
    "Qualifier",
    "Record",
    "ReextractResult",
    "SQLiteLog",
    "SchemaError",
    "Source",
    "Timeline",
    "TimelineError",
    "UnknownEventError",
    "Variant",
    "Verification",
    "extract",
    "load_article",
    "make_converter",
    "project",
    "project_partner",
]
