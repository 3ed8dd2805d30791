"""timeline: news articles in, an event-sourced, bitemporal timeline of cooperation out.

Articles become an append-only, hash-chained log of typed events; projections rebuild each
partner's state at any date (valid time) as known at any date (reported time) or log
position (recorded time). The names below are the public API; see ``docs/``.
"""

import importlib as _importlib
import typing as _typing

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
    Items,
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
from timeline.timeline import IngestResult, Timeline

if _typing.TYPE_CHECKING:
    from timeline.articles import Article, load_article
    from timeline.read import extract
    from timeline.reextract import ReextractResult

#: Public names whose modules are heavy (the extractor, the article loader with its HTML
#: and encoding libraries): imported on first use, so that a command that only answers
#: questions (``timeline state``) does not pay for them.
_LAZY = {
    "Article": "timeline.articles",
    "load_article": "timeline.articles",
    "extract": "timeline.read",
    "ReextractResult": "timeline.reextract",
}


def __getattr__(name: str) -> _typing.Any:
    """The names of `_LAZY`, imported from their modules on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


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
    "Items",
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
