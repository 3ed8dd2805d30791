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
import importlib
import json
import re
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
from timeline.log._encode import canonical_fast, generate, wire_fast
from timeline.log._typed import DECODER, convert, structure
from timeline.money import Qualifier

__all__ = [
    "SCHEMA_VERSION",
    "UPCASTERS",
    "Upcasters",
    "canonical_bytes",
    "canonical_json",
    "decode",
    "dumps",
    "encode",
    "loads",
    "make_converter",
]

#: The schema version that `encode` writes. Version 1 wrote date spans as objects
#: (``{"earliest", "latest", "precision"}``); version 2 writes their EDTF text; version 3 adds
#: ``raises`` to ``aid_committed`` and ``confidence`` to every provenance.
SCHEMA_VERSION = 3

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


#: The reading schema-2 logs were folded with: a schema-2 ``aid_committed`` with an amount
#: whose quote matches this raises an earlier pledge. A frozen copy of the pattern the fold
#: of schema 2 applied to the quote (the live rule is read while extracting, and may change;
#: what old logs meant may not).
_SCHEMA2_RAISE_CUE = re.compile(
    r"\b(?:increas|rais|boost|expand|top(?:s|ped|ping)?\s+up)\w*\b[^.;]{0,60}?"
    r"\b(?:contributions?|pledges?|commitments?|support|aid|assistance|funding|financing"
    r"|packages?|allocations?|budget|total)\b[^.;]{0,40}?\bto\b"
    r"|\b(?:raised|increased|boosted|upped)\s+to\b"
    r"|\b(?:brings?|bringing|brought)\b[^.;]{0,40}?\btotal\b[^.;]{0,30}?\bto\b",
    re.IGNORECASE,
)


def _v2_to_v3(wire: Wire) -> Wire:
    """A schema-2 event (or fact) as schema 3: ``confidence`` None in its provenance and, for
    ``aid_committed``, ``raises`` derived from the quote as the schema-2 fold derived it.

    Keys already present are kept (a value that is not a schema-2 form is left for the
    decoder to judge); a nested ``replacement`` is migrated too.
    """
    out = dict(wire)
    provenance = out.get("provenance")
    if isinstance(provenance, dict) and "confidence" not in provenance:
        out["provenance"] = {**provenance, "confidence": None}
    if out.get("kind") == "aid_committed" and "raises" not in out:
        quote = provenance.get("quote") if isinstance(provenance, dict) else None
        out["raises"] = (
            out.get("amount") is not None
            and isinstance(quote, str)
            and _SCHEMA2_RAISE_CUE.search(quote) is not None
        )
    if isinstance(out.get("replacement"), dict):
        out["replacement"] = _v2_to_v3(out["replacement"])
    return out


#: The library's own migrations.
UPCASTERS = Upcasters()
for _kind in KINDS:
    UPCASTERS.register(_kind, 1)(_spans_to_edtf)
    UPCASTERS.register(_kind, 2)(_v2_to_v3)


_CONVERTERS: list[cattrs.Converter] = []


def _converter() -> cattrs.Converter:
    """The module's converter, built on first use: events of canonical values never need it
    (the fast paths below), and building it is most of the cost of importing this module."""
    if not _CONVERTERS:
        _CONVERTERS.append(make_converter())
    return _CONVERTERS[0]


def encode(event: Event) -> Wire:
    """The wire form of `event`: a dict with ``kind``, ``schema`` and ``id`` first."""
    wire = _encode_fast(event)
    if wire is not None:
        return wire
    body = _converter().unstructure(event, Event)
    return {"kind": body.pop("kind"), "schema": SCHEMA_VERSION, "id": body.pop("id"), **body}


def decode(wire: Wire, *, upcasters: Upcasters = UPCASTERS) -> Event:
    """The event of a wire dict of any known schema version; `SchemaError` if it is not one."""
    if not isinstance(wire, dict):
        raise SchemaError(f"an event is a JSON object, not {type(wire).__name__}")
    kind = wire.get("kind")
    if kind not in KINDS:
        raise SchemaError(f"unknown event kind {kind!r}")
    fast = _decode_fast(wire)
    if fast is not None:
        return fast
    current = upcasters.upcast(wire)
    if wire.get("schema") != SCHEMA_VERSION:  # an older body, upcast: the fast path may take it
        fast = _decode_fast(current)
        if fast is not None:
            return fast
    current.pop("schema")
    current.pop("kind")
    try:
        event: Event = _converter().structure(current, KINDS[kind])
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        raise SchemaError(f"not a valid {kind} event: {_describe(exc)}") from None
    return event


def _describe(exc: BaseException) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        notes = cattrs.transform_error(exc)
        return "; ".join(notes) if notes else str(exc)
    return str(exc)


def canonical_bytes(event: Event) -> bytes:
    """The bytes the hash chain covers: the wire form as compact, key-sorted UTF-8 JSON
    (`canonical_json` of `encode`), written by msgspec from the event's generated mirror when
    every value is canonical (the same bytes, `timeline.log._encode`)."""
    data = canonical_fast(_ENCODERS, event)
    if data is not None:
        return data
    return canonical_json(encode(event))


def canonical_json(value: Any) -> bytes:
    """`value` (JSON-ready) as compact, key-sorted UTF-8 JSON: the one canonical spelling
    (what ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
    writes, by orjson when it is installed, which writes the same bytes faster)."""
    if _orjson is not None:
        try:
            data: bytes = _orjson.dumps(value, option=_orjson.OPT_SORT_KEYS)
            return data
        except _orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits: the stdlib decides
            pass
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def dumps(event: Event) -> str:
    """The wire form of `event` as one line of JSON (keys in wire order)."""
    wire = _encode_fast(event)
    if wire is not None and _orjson is not None:
        try:
            text: str = _orjson.dumps(wire).decode("utf-8")
            return text
        except _orjson.JSONEncodeError:
            pass
    return json.dumps(
        encode(event) if wire is None else wire, separators=(",", ":"), ensure_ascii=False
    )


def loads(text: str | bytes) -> Event:
    """The event of one JSON text in wire form."""
    event = _read_typed(text)
    if event is not None:
        return event
    try:
        wire = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SchemaError(f"not JSON: {exc}") from None
    return decode(wire)


def fields_of(kind: str) -> tuple[str, ...]:
    """The wire field names of `kind`, without ``kind`` and ``schema``."""
    return tuple(f.name for f in attrs.fields(KINDS[kind]))


# -- fast paths ---------------------------------------------------------------------------------
#
# `encode`, `canonical_bytes` and reading stored bodies are on the log's hot paths.
#
# Writing: for every kind, straight-line functions generated from the attrs fields do the
# converter's work without its per-field dispatch (`timeline.log._encode`): wire dicts for
# `encode`, and for `canonical_bytes` mirrors that msgspec writes as the canonical JSON. They
# accept only the canonical leaf types and give up on anything else; the caller then takes
# the cattrs path, so every result is exactly what the converter gives. orjson, when
# installed, writes other JSON (`canonical_json`, `dumps`); its output is byte-identical to
# the stdlib's on the canonical leaves (sorted keys, compact, UTF-8, the same escapes), and
# anything it refuses (integers beyond 64 bits, lone surrogates) goes through the stdlib.
#
# Reading: `msgspec` parses a body straight into typed mirrors of the wire form and the
# event is built from them (`timeline.log._typed`); a body it does not accept takes the
# converter's path (`decode`). A property test checks both directions against the converter
# (tests/test_fast_serialization.py).

_orjson: Any
try:  # an optional speed-up: used when installed (imported by name: no stubs needed)
    _orjson = importlib.import_module("orjson")
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None

_ENCODERS = generate(SCHEMA_VERSION)


def _encode_fast(event: Event) -> Wire | None:
    """The wire form by the generated encoder, or None when a value is not canonical."""
    return wire_fast(_ENCODERS, event)


def _decode_fast(wire: Any) -> Event | None:
    """The event of a current-schema wire dict through its typed mirror, or None."""
    if wire.__class__ is not dict or wire.get("schema") != SCHEMA_VERSION:
        return None
    try:
        return structure(convert(wire))
    except Exception:  # whatever it is, the converter's path says it exactly
        return None


def _read_typed(body: bytes | str) -> Event | None:
    """The event of a current-schema JSON body through its typed mirror, or None."""
    if DECODER is None:  # pragma: no cover - depends on the environment
        return None
    try:
        mirror = DECODER.decode(body)
        if mirror.schema == SCHEMA_VERSION:
            return structure(mirror)
    except Exception:  # whatever it is, the converter's path says it exactly
        pass
    return None


def decode_bytes(body: bytes | str) -> Event:
    """The event of stored JSON bytes: exactly ``decode(json.loads(body))``, only faster."""
    event = _read_typed(body)
    if event is not None:
        return event
    return decode(json.loads(body))  # an older schema (upcast) or an irregular body
