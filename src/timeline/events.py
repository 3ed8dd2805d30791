"""The events of the log: seven kinds of fact, two kinds of amendment, and stored articles.

Every event is a frozen `attrs` class with the same envelope:

- ``id`` — derived from the content, so the same fact from the same source always gets the
  same id (and appending it twice adds nothing);
- ``partners`` — a sorted tuple of partner ids (``"BE"``, ``"NATO"``, ...);
- ``occurred`` — a `DateSpan`: when it happened (valid time);
- ``provenance`` — where it was read: the article, its outlet and publication date (the
  *reported* time), the sentence offsets and quote, and the extractor and rule that read it;

then the kind's own fields. The facts:

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> e = AidCommitted(
...     partners=("BE",),
...     occurred=DateSpan.month(2023, 1),
...     provenance=Provenance(article_id="art-1", published=date(2024, 1, 30)),
...     amount=Money(90_000_000, "EUR"),
... )
>>> e.kind, e.partners, str(e.occurred), str(e.amount)
('aid_committed', ('BE',), '2023-01', '90000000 EUR')
>>> e.id == AidCommitted(partners=("BE",), occurred=DateSpan.month(2023, 1),
...     provenance=Provenance(article_id="art-1", published=date(2024, 1, 30)),
...     amount=Money(90_000_000, "EUR")).id
True

Amendments are events too: `EventRetracted` withdraws an event, `EventCorrected` replaces
it; both apply only from when they were reported and recorded, so the log can always rebuild
what was believed before them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, ClassVar, TypeAlias

import attrs

from timeline.dates import DateSpan
from timeline.errors import SchemaError
from timeline.money import Factor, Money

__all__ = [
    "FACT_KINDS",
    "KINDS",
    "REGISTRY",
    "AgreementSigned",
    "AidCommitted",
    "AidDelivered",
    "ArticleRecorded",
    "Confidence",
    "Event",
    "EventCorrected",
    "EventRetracted",
    "Fact",
    "JointVentureEstablished",
    "KindInfo",
    "MeetingHeld",
    "MemorandumSigned",
    "ProductionIncreased",
    "Provenance",
    "event_class",
    "kind_info",
]


#: Canonical partner tuples by what was given: events share one tuple (and its strings) per
#: set of partners instead of holding a copy each (a large log names few distinct sets).
_CANONICAL_PARTNERS: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _partners(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise SchemaError(f"partners is a sequence of ids, not the string {value!r}")
    given = tuple(value)
    canonical = _CANONICAL_PARTNERS.get(given)
    if canonical is None:
        canonical = tuple(sorted(set(given)))
        if len(_CANONICAL_PARTNERS) > 4_096:
            _CANONICAL_PARTNERS.clear()
        _CANONICAL_PARTNERS[given] = canonical
    return canonical


def _check_partners(instance: object, attribute: object, value: tuple[str, ...]) -> None:
    for partner in value:
        if not isinstance(partner, str) or not partner or not partner.isupper():
            raise SchemaError(
                f"a partner id is upper-case text like 'BE' or 'NATO', not {partner!r}"
            )


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


class Confidence(StrEnum):
    """How sure the reading of a fact is, from the rule and the cues that produced it.

    ``high``: an explicit verb of the kind with its partner in the same clause; ``medium``: a
    weaker cue (a noun phrase, a partner found through a company or an official, a date
    carried over from a neighbouring sentence); ``low``: a reading the rules make with
    misgivings (a passive with the subject elsewhere, a kind chosen between two readings).
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for low, 1 for medium, 2 for high: for ``--min-confidence`` filters."""
        return _CONFIDENCE_RANK[self]


_CONFIDENCE_RANK = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


@attrs.frozen(kw_only=True)
class Provenance:
    """Where an event was read: the article, the sentence and quote, and what read it.

    ``published`` is the publication date of the article: the *reported* time that
    ``known_at`` queries filter on. ``start`` and ``end`` are character offsets of the
    sentence in the article body; ``rule`` names the extraction rule that fired and
    ``confidence`` how sure that reading is (``None`` for facts entered by hand).
    """

    article_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    extractor: str | None = None
    extractor_version: str | None = None
    rule: str | None = None
    confidence: Confidence | None = None


#: Provenance fields that say *who read* the fact, not *what* or *where*: left out of the id,
#: so a better extractor that reads the same fact from the same sentence gives the same id.
_READER_FIELDS = frozenset({"extractor", "extractor_version", "rule", "confidence"})

#: Fact fields that are readings of the quote (already part of the id through the provenance):
#: left out of the id too, so reading the same sentence better keeps the fact's id.
_READING_FIELDS = frozenset({"raises"})


def _plain(value: Any) -> Any:
    """A JSON-ready form of a field value, for content ids."""
    if isinstance(value, DateSpan):
        return value.edtf()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        out = {
            f.name: _plain(getattr(value, f.name))
            for f in fields
            if f.name != "id" and f.name not in _READING_FIELDS
        }
        if isinstance(value, Provenance):
            out = {k: v for k, v in out.items() if k not in _READER_FIELDS}
        if hasattr(type(value), "kind"):
            out["kind"] = type(value).kind
        return out
    return value


def content_id(event: Any) -> str:
    """The id an event gets from its content: kind, envelope and fields, minus the reader."""
    payload = json.dumps(_plain(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "ev-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


class _Envelope:
    """What every event has: its id is set from the content when it is not given."""

    __slots__ = ()
    kind: ClassVar[str]
    id: str

    def __attrs_post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self))


def _partners_field() -> Any:
    return attrs.field(factory=tuple, converter=_partners, validator=_check_partners)


def _texts_field() -> Any:
    return attrs.field(factory=tuple, converter=_strings)


@attrs.frozen(kw_only=True)
class MemorandumSigned(_Envelope):
    """A memorandum, MoU, letter or declaration of intent signed with a partner."""

    kind: ClassVar[str] = "memorandum_signed"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan
    provenance: Provenance = attrs.field(factory=Provenance)
    scope: str | None = None
    parties: tuple[str, ...] = _texts_field()
    id: str = ""


@attrs.frozen(kw_only=True)
class AgreementSigned(_Envelope):
    """A binding agreement or contract signed or concluded: production, licence, procurement."""

    kind: ClassVar[str] = "agreement_signed"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan
    provenance: Provenance = attrs.field(factory=Provenance)
    scope: str | None = None
    parties: tuple[str, ...] = _texts_field()
    companies: tuple[str, ...] = _texts_field()
    product: str | None = None
    amount: Money | None = None
    id: str = ""


@attrs.frozen(kw_only=True)
class JointVentureEstablished(_Envelope):
    """A joint venture or joint company formed, registered or operating with partner industry."""

    kind: ClassVar[str] = "joint_venture_established"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan
    provenance: Provenance = attrs.field(factory=Provenance)
    companies: tuple[str, ...] = _texts_field()
    product: str | None = None
    id: str = ""


@attrs.frozen(kw_only=True)
class AidCommitted(_Envelope):
    """Assistance approved, pledged, allocated, announced or financed by a partner.

    ``raises`` is set while reading when the report raises an earlier pledge to its amount
    ("raised its contribution to €250 million", "brings the total to"): the fold then lets it
    supersede the earlier, smaller pledge instead of adding to it.
    """

    kind: ClassVar[str] = "aid_committed"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan
    provenance: Provenance = attrs.field(factory=Provenance)
    amount: Money | None = None
    category: str | None = None
    package_number: int | None = None
    items: tuple[str, ...] = _texts_field()
    expected_delivery: DateSpan | None = None
    raises: bool = False
    id: str = ""


@attrs.frozen(kw_only=True)
class AidDelivered(_Envelope):
    """Assistance delivered, handed over, arrived or received."""

    kind: ClassVar[str] = "aid_delivered"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan
    provenance: Provenance = attrs.field(factory=Provenance)
    items: tuple[str, ...] = _texts_field()
    quantity: int | None = None
    amount: Money | None = None
    id: str = ""


@attrs.frozen(kw_only=True)
class ProductionIncreased(_Envelope):
    """Output of the defence industry rose, by a factor, over the period ``occurred``."""

    kind: ClassVar[str] = "production_increased"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan
    provenance: Provenance = attrs.field(factory=Provenance)
    sector: str | None = None
    factor: Factor | None = None
    id: str = ""


@attrs.frozen(kw_only=True)
class MeetingHeld(_Envelope):
    """A meeting, conference, forum, seminar or visit that took place."""

    kind: ClassVar[str] = "meeting_held"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan
    provenance: Provenance = attrs.field(factory=Provenance)
    format: str | None = None
    participants: tuple[str, ...] = _texts_field()
    id: str = ""


#: Any of the seven kinds of fact an article can report.
Fact: TypeAlias = (
    MemorandumSigned
    | AgreementSigned
    | JointVentureEstablished
    | AidCommitted
    | AidDelivered
    | ProductionIncreased
    | MeetingHeld
)


@attrs.frozen(kw_only=True)
class EventRetracted(_Envelope):
    """Withdraws the event ``target``: from when this is reported, it no longer counts.

    ``partners`` should be the target's partners, so that partner queries find it;
    ``provenance.published`` is when the retraction became known.
    """

    kind: ClassVar[str] = "event_retracted"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan = attrs.field(factory=DateSpan.unknown)
    provenance: Provenance = attrs.field(factory=Provenance)
    target: str
    reason: str
    id: str = ""


@attrs.frozen(kw_only=True)
class EventCorrected(_Envelope):
    """Replaces the event ``target`` by ``replacement``, from when this is reported."""

    kind: ClassVar[str] = "event_corrected"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan = attrs.field(factory=DateSpan.unknown)
    provenance: Provenance = attrs.field(factory=Provenance)
    target: str
    replacement: Fact
    reason: str
    id: str = ""


@attrs.frozen(kw_only=True)
class ArticleRecorded(_Envelope):
    """An article stored in the log beside its events, so a timeline can be re-extracted.

    Its id is the article's id: recording the same article twice adds nothing.
    """

    kind: ClassVar[str] = "article_recorded"
    partners: tuple[str, ...] = _partners_field()
    occurred: DateSpan = attrs.field(factory=DateSpan.unknown)
    provenance: Provenance = attrs.field(factory=Provenance)
    article_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    body: str
    content_hash: str
    id: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", self.article_id)


#: Anything the log stores: a fact, an amendment of a fact, or an article.
Event: TypeAlias = Fact | EventRetracted | EventCorrected | ArticleRecorded

#: The seven kinds of fact, in the order of the vocabulary (the registry's order).
FACT_KINDS: tuple[type[Fact], ...] = (
    MemorandumSigned,
    AgreementSigned,
    JointVentureEstablished,
    AidCommitted,
    AidDelivered,
    ProductionIncreased,
    MeetingHeld,
)
_ALL: tuple[type[Event], ...] = (*FACT_KINDS, EventRetracted, EventCorrected, ArticleRecorded)

#: Every kind tag, mapped to its class.
KINDS: dict[str, type[Event]] = {cls.kind: cls for cls in _ALL}


def event_class(kind: str) -> type[Event]:
    """The class of the kind tag `kind`; `SchemaError` for a tag that is not known."""
    try:
        return KINDS[kind]
    except KeyError:
        raise SchemaError(f"unknown event kind {kind!r}; known: {', '.join(KINDS)}") from None


@attrs.frozen
class KindInfo:
    """What the rest of the library needs to know about one kind of fact.

    ``section`` names the `PartnerState` field that holds its items, ``heading`` the title
    views give that section, ``label`` the kind's name in legends and tables, ``short`` the
    few letters a picture writes beside a mark, ``money`` whether its facts carry an amount,
    ``colour`` and ``shape`` how the picture draws it.
    """

    cls: type[Fact]
    section: str
    heading: str
    label: str
    short: str
    money: bool
    colour: str
    shape: str

    @property
    def kind(self) -> str:
        """The kind tag, as in the wire form: ``"aid_committed"``."""
        return self.cls.kind


#: The one registry of the kinds of fact, in the order of the vocabulary. Every list of kinds,
#: sections, labels and picture styles elsewhere is derived from it. (Colours: Okabe-Ito, safe
#: for colour-blind readers.)
REGISTRY: tuple[KindInfo, ...] = (
    KindInfo(MemorandumSigned, "memoranda", "Memoranda", "Memorandum signed", "MoU",
             False, "#0072B2", "circle"),
    KindInfo(AgreementSigned, "agreements", "Agreements", "Agreement signed", "Agr",
             True, "#009E73", "square"),
    KindInfo(JointVentureEstablished, "joint_ventures", "Joint ventures", "Joint venture", "JV",
             False, "#CC79A7", "diamond"),
    KindInfo(AidCommitted, "commitments", "Commitments", "Aid committed", "Pledge",
             True, "#E69F00", "triangle"),
    KindInfo(AidDelivered, "deliveries", "Deliveries", "Aid delivered", "Delivered",
             True, "#D55E00", "triangle-down"),
    KindInfo(ProductionIncreased, "production", "Production", "Production increased", "Output",
             False, "#56B4E9", "star"),
    KindInfo(MeetingHeld, "meetings", "Meetings", "Meeting held", "Meeting",
             False, "#555555", "hexagon"),
)

_BY_KIND: dict[str, KindInfo] = {info.kind: info for info in REGISTRY}


def kind_info(kind: str | type[Fact]) -> KindInfo:
    """The registry entry of a kind tag or fact class; `SchemaError` for anything else."""
    tag = kind if isinstance(kind, str) else kind.kind
    try:
        return _BY_KIND[tag]
    except KeyError:
        raise SchemaError(f"{tag!r} is not a kind of fact; known: {', '.join(_BY_KIND)}") from None
