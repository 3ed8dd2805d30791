"""The wire form of events: JSON objects tagged with ``kind`` and a ``schema`` version.

>>> from datetime import date
>>> from timeline.dates import DateSpan
>>> from timeline.events import MeetingHeld, Provenance
>>> event = MeetingHeld(partners=("GB",), occurred=DateSpan.parse("2023-12-11/2023-12-15"),
...                     provenance=Provenance(article_id="art-7"), format="conference")
>>> wire = encode(event)
>>> wire["kind"], wire["schema"], wire["occurred"]
('meeting_held', 2, '2023-12-11/2023-12-15')
>>> decode(wire) == event
True

Dates are ISO text, date spans their EDTF text, decimals strings, tuples lists. Older schema
versions are migrated on read by the upcasters of `UPCASTERS` (see `Upcasters`); nothing
stored is ever rewritten.

There is no global converter: `make_converter()` builds one, and the module-level `encode`,
`decode`, `dumps` and `loads` use a private one built the same way.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.strategies import configure_tagged_union

from timeline.dates import DateSpan, Precision
from timeline.errors import DateError, MoneyError, SchemaError
from timeline.events import KINDS, Event, Fact
from timeline.money import Qualifier

__all__ = [
    "SCHEMA_VERSION",
    "UPCASTERS",
    "Upcasters",
    "canonical_bytes",
    "decode",
    "dumps",
    "encode",
    "loads",
    "make_converter",
]

#: The schema version that `encode` writes. Version 1 wrote date spans as objects
#: (``{"earliest", "latest", "precision"}``); version 2 writes their EDTF text.
SCHEMA_VERSION = 2

Wire = dict[str, Any]


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DateError(f"not an ISO date: {value!r}") from None


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise MoneyError(f"a decimal is written as a string, not {value!r}")
    try:
        return Decimal(value)
    except ArithmeticError:
        raise MoneyError(f"not a decimal: {value!r}") from None


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def make_converter() -> cattrs.Converter:
    """A converter between events and their wire form (plain dicts, ready for JSON).

    The union of all events and the union of facts are tagged on ``kind``; unknown keys
    are refused, so a misspelt field is an error, not silently dropped data.
    """
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(DateSpan, DateSpan.edtf)
    converter.register_structure_hook(DateSpan, lambda value, _: DateSpan.parse(value))
    converter.register_unstructure_hook(tuple, list)
    for enum_type in (Qualifier, Precision):
        converter.register_unstructure_hook(enum_type, _enum_value)

    def tag(cls: type) -> str:
        kind: str = cls.kind  # type: ignore[attr-defined]
        return kind

    configure_tagged_union(Fact, converter, tag_generator=tag, tag_name="kind")
    configure_tagged_union(Event, converter, tag_generator=tag, tag_name="kind")
    return converter


Upcaster = Callable[[Wire], Wire]


class Upcasters:
    """A registry of migrations: ``(kind, version) -> function`` taking a wire dict of that
    version to the next one. `upcast` applies them in turn up to `SCHEMA_VERSION`."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}

    def register(self, kind: str, version: int) -> Callable[[Upcaster], Upcaster]:
        """Decorate a function that migrates `kind` from `version` to ``version + 1``."""

        def add(function: Upcaster) -> Upcaster:
            self._steps[(kind, version)] = function
            return function

        return add

    def upcast(self, wire: Wire) -> Wire:
        """`wire` migrated to the current schema version (a new dict; `wire` is not changed)."""
        kind = wire.get("kind")
        version = wire.get("schema", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise SchemaError(f"schema version must be a positive integer, not {version!r}")
        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"schema version {version} of {kind!r} is newer than this library's "
                f"{SCHEMA_VERSION}: upgrade timeline to read it"
            )
        out = dict(wire)
        while version < SCHEMA_VERSION:
            step = self._steps.get((str(kind), version))
            if step is not None:
                out = step(out)
            version += 1
        out["schema"] = version
        return out


def _span_v1_to_v2(value: Any) -> Any:
    """A version-1 date-span object as version-2 EDTF text."""
    if not isinstance(value, dict):
        return value
    try:
        early, late = value.get("earliest"), value.get("latest")
        span = DateSpan(
            date.fromisoformat(early) if early else None,
            date.fromisoformat(late) if late else None,
            Precision(value.get("precision", "unknown")),
        )
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"not a version-1 date span: {value!r} ({exc})") from None
    return span.edtf()


def _spans_to_edtf(wire: Wire) -> Wire:
    out = dict(wire)
    for field in ("occurred", "expected_delivery"):
        if field in out:
            out[field] = _span_v1_to_v2(out[field])
    if isinstance(out.get("replacement"), dict):
        out["replacement"] = _spans_to_edtf(out["replacement"])
    return out


#: The library's own migrations.
UPCASTERS = Upcasters()
for _kind in KINDS:
    UPCASTERS.register(_kind, 1)(_spans_to_edtf)


_CONVERTER = make_converter()


def encode(event: Event) -> Wire:
    """The wire form of `event`: a dict with ``kind``, ``schema`` and ``id`` first."""
    body = _CONVERTER.unstructure(event, Event)
    return {"kind": body.pop("kind"), "schema": SCHEMA_VERSION, "id": body.pop("id"), **body}


def decode(wire: Wire, *, upcasters: Upcasters = UPCASTERS) -> Event:
    """The event of a wire dict of any known schema version; `SchemaError` if it is not one."""
    if not isinstance(wire, dict):
        raise SchemaError(f"an event is a JSON object, not {type(wire).__name__}")
    kind = wire.get("kind")
    if kind not in KINDS:
        raise SchemaError(f"unknown event kind {kind!r}")
    current = upcasters.upcast(wire)
    current.pop("schema")
    current.pop("kind")
    try:
        event: Event = _CONVERTER.structure(current, KINDS[kind])
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        raise SchemaError(f"not a valid {kind} event: {_describe(exc)}") from None
    return event


def _describe(exc: BaseException) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        notes = cattrs.transform_error(exc)
        return "; ".join(notes) if notes else str(exc)
    return str(exc)


def canonical_bytes(event: Event) -> bytes:
    """The bytes the hash chain covers: the wire form as compact, key-sorted UTF-8 JSON."""
    return json.dumps(
        encode(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def dumps(event: Event) -> str:
    """The wire form of `event` as one line of JSON (keys in wire order)."""
    return json.dumps(encode(event), separators=(",", ":"), ensure_ascii=False)


def loads(text: str | bytes) -> Event:
    """The event of one JSON text in wire form."""
    try:
        wire = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SchemaError(f"not JSON: {exc}") from None
    return decode(wire)


def fields_of(kind: str) -> tuple[str, ...]:
    """The wire field names of `kind`, without ``kind`` and ``schema``."""
    return tuple(f.name for f in attrs.fields(KINDS[kind]))
