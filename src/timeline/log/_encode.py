"""The writing fast paths of the wire form: wire dicts, and canonical bytes written by msgspec.

`timeline.log.wire` owns the rules (the wire form is what its `cattrs` converter gives; the
canonical bytes are that form as compact, key-sorted UTF-8 JSON); this module only does the
same work faster, for events whose values are all of the canonical leaf types (str, int,
bool, date, `DateSpan`, `Money`, `Factor`, `Confidence`, tuples of str, the kind's own
classes). Any other value raises `Irregular` (or an `AttributeError`), and the caller takes
the converter's path, so every result is exactly what the converter's would be.

Two families of straight-line functions are generated once per kind from the attrs fields
(as cattrs generates its own), each a single expression per field that checks the value's
class and converts it:

- the *wire encoders* build the wire dict (``kind``, ``schema``, ``id`` first), for
  `timeline.log.wire.encode`;
- the *canonical builders* build a `msgspec.Struct` mirror of the wire form whose fields are
  declared in sorted order (``kind`` and ``schema`` included; a provenance, an amount, a
  factor and a corrected fact nest their own), which `msgspec` writes as JSON in C. A struct
  is written in the order of its fields, compact, UTF-8, with the escapes of the stdlib's
  ``json.dumps(..., ensure_ascii=False)`` (``\\uXXXX`` in lower case for the other control
  characters), a date as its ISO text and a string enum as its value: exactly the bytes of
  ``json.dumps(wire, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``.
  Property tests keep it so (``tests/test_wire_canonical.py``).

The EDTF text of each distinct date span is computed once (`DateSpan` is immutable).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import msgspec

from timeline.dates import DateSpan
from timeline.events import KINDS, Confidence, Event, Fact, Provenance
from timeline.log._typed import Irregular, leaf
from timeline.money import Factor, Money

__all__ = ["Encoders", "generate"]


def _odd(*_: object) -> Any:
    raise Irregular


def _texts_ok(value: Any) -> Any:
    if value.__class__ is not tuple:
        raise Irregular
    for item in value:
        if item.__class__ is not str:
            raise Irregular
    return value


def _texts_out(value: Any) -> list[str]:
    return list(_texts_ok(value))


def _money_ok(value: Any) -> Money:
    if (
        value.__class__ is not Money
        or value.value.__class__ is not Decimal
        or value.currency.__class__ is not str
    ):
        raise Irregular
    money: Money = value
    return money


def _money_out(value: Any) -> dict[str, Any]:
    money = _money_ok(value)
    return {
        "value": str(money.value),
        "currency": money.currency,
        "qualifier": money.qualifier.value,
    }


def _factor_ok(value: Any) -> Factor:
    if value.__class__ is not Factor or value.value.__class__ is not Decimal:
        raise Irregular
    factor: Factor = value
    return factor


def _factor_out(value: Any) -> dict[str, Any]:
    factor = _factor_ok(value)
    return {"value": str(factor.value), "qualifier": factor.qualifier.value}


def _confidence_out(value: Any) -> str:
    if value.__class__ is not Confidence:
        raise Irregular
    text: str = value.value
    return text


#: The EDTF text of each distinct span met while writing (bounded: cleared when full).
_EDTF: dict[DateSpan, str] = {}
_EDTF_LIMIT = 65_536


def _edtf(span: DateSpan) -> str:
    """The EDTF text of `span`, cached (`_EDTF`)."""
    text = span.edtf()
    if len(_EDTF) >= _EDTF_LIMIT:
        _EDTF.clear()
    _EDTF[span] = text
    return text


#: Per leaf shape, the expression of field ``{n}`` of object ``o`` in a wire dict.
_DICT = {
    "str": "(x if (x := o.{n}).__class__ is str{none} else _odd())",
    "int": "(x if (x := o.{n}).__class__ is int{none} else _odd())",
    "bool": "(x if (x := o.{n}).__class__ is bool{none} else _odd())",
    "confidence": "_confidence_out(x){guard}",
    "texts": "_texts_out(o.{n})",
    "date": "(_iso(x) if (x := o.{n}).__class__ is _date{none_v} else _odd())",
    "span": "(x.edtf() if (x := o.{n}).__class__ is _DateSpan{none_v} else _odd())",
    "money": "_money_out(x){guard}",
    "factor": "_factor_out(x){guard}",
    "provenance": "_provenance_out(x){guard}",
    "fact": "_fact_out(x){guard}",
}

#: The same in a canonical mirror: msgspec writes dates, string enums and tuples itself.
_STRUCT = {
    **_DICT,
    "texts": "_texts_ok(o.{n})",
    "date": "(x if (x := o.{n}).__class__ is _date{none} else _odd())",
    "span": "((_EDTF_get(x) or _edtf(x)) if (x := o.{n}).__class__ is _DateSpan{none_v} "
    "else _odd())",
    "money": "_money_struct(x){guard}",
    "factor": "_factor_struct(x){guard}",
    "provenance": "_provenance_struct(x){guard}",
    "fact": "_fact_struct(x){guard}",
}


def _expression(name: str, hint: Any, templates: dict[str, str]) -> str:
    shape, optional = leaf(hint)
    template = templates[shape]
    if "{guard}" in template:
        body = template.format(guard="")
        if optional:
            return f"(None if (x := o.{name}) is None else {body})"
        return f"({body} if (x := o.{name}) is not None else _odd())"
    none = " or x is None" if optional else ""
    none_v = " else None if x is None" if optional else ""
    return template.format(n=name, none=none, none_v=none_v)


def _compile(name: str, source: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    exec(compile(source, f"<timeline fast path {name}>", "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    return function


def _items(cls: type, templates: dict[str, str]) -> dict[str, str]:
    """Field name → its expression, in attrs order."""
    hints = typing.get_type_hints(cls)
    return {f.name: _expression(f.name, hints[f.name], templates) for f in attrs.fields(cls)}


def _struct(name: str, fields: dict[str, str]) -> tuple[Any, str]:
    """A mirror struct with `fields` declared in sorted order, and the call that builds it
    from their expressions."""
    names = sorted(fields)
    mirror = msgspec.defstruct(name, [(n, Any) for n in names], gc=False)
    return mirror, f"{name}({', '.join(fields[n] for n in names)})"


def _build(function: str, call: str) -> str:
    return f"def {function}(o):\n    return {call}\n"


class Encoders(typing.NamedTuple):
    """The generated writers by event class: wire dicts, and canonical mirrors."""

    wire: dict[type, Callable[[Any], dict[str, Any]]]
    canonical: dict[type, Callable[[Any], Any]]


def _namespace(schema_version: int) -> dict[str, Any]:
    return {
        "_odd": _odd, "_texts_out": _texts_out, "_texts_ok": _texts_ok,
        "_money_out": _money_out, "_factor_out": _factor_out, "_iso": date.isoformat,
        "_confidence_out": _confidence_out, "_date": date, "_DateSpan": DateSpan,
        "SCHEMA_VERSION": schema_version, "Provenance": Provenance, "_EDTF_get": _EDTF.get,
        "_edtf": _edtf, "_money_ok": _money_ok, "_factor_ok": _factor_ok,
    }  # fmt: skip


def _leaf_structs(namespace: dict[str, Any]) -> None:
    """Add the provenance writers (dict and mirror) and the amount and factor mirrors."""
    money, _ = _struct("MoneyCanonical", {"value": "", "currency": "", "qualifier": ""})
    factor, _ = _struct("FactorCanonical", {"value": "", "qualifier": ""})
    namespace["MoneyCanonical"], namespace["FactorCanonical"] = money, factor
    namespace["_money_struct"] = _compile(
        "_money_struct",
        "def _money_struct(v):\n    m = _money_ok(v)\n"
        "    return MoneyCanonical(m.currency, m.qualifier.value, str(m.value))\n",
        namespace,
    )
    namespace["_factor_struct"] = _compile(
        "_factor_struct",
        "def _factor_struct(v):\n    f = _factor_ok(v)\n"
        "    return FactorCanonical(f.qualifier.value, str(f.value))\n",
        namespace,
    )
    check = "    if o.__class__ is not Provenance: _odd()\n"
    body = ", ".join(f"{k!r}: {v}" for k, v in _items(Provenance, _DICT).items())
    namespace["_provenance_out"] = _compile(
        "_provenance_out", f"def _provenance_out(o):\n{check}    return {{{body}}}\n", namespace
    )
    mirror, call = _struct("ProvenanceCanonical", _items(Provenance, _STRUCT))
    namespace["ProvenanceCanonical"] = mirror
    namespace["_provenance_struct"] = _compile(
        "_provenance_struct", f"def _provenance_struct(o):\n{check}    return {call}\n", namespace
    )


def generate(schema_version: int) -> Encoders:
    """The writers of every kind, for wire forms of `schema_version` (see the module
    documentation)."""
    namespace = _namespace(schema_version)
    _leaf_structs(namespace)
    wire: dict[type, Callable[[Any], dict[str, Any]]] = {}
    canonical: dict[type, Callable[[Any], Any]] = {}
    nested_dict: dict[type, Callable[[Any], Any]] = {}
    nested_struct: dict[type, Callable[[Any], Any]] = {}

    def fact_out(o: Any) -> Any:
        encoder = nested_dict.get(o.__class__)
        if encoder is None:
            raise Irregular
        return encoder(o)

    def fact_struct(o: Any) -> Any:
        builder = nested_struct.get(o.__class__)
        if builder is None:
            raise Irregular
        return builder(o)

    namespace["_fact_out"], namespace["_fact_struct"] = fact_out, fact_struct
    for kind, cls in KINDS.items():
        space = dict(namespace)
        every = _items(cls, _DICT)
        rest = ", ".join(f"{k!r}: {v}" for k, v in every.items() if k != "id")
        head = f"'kind': {kind!r}, 'schema': SCHEMA_VERSION, 'id': {every['id']}"
        wire[cls] = _compile("encode", _build("encode", f"{{{head}, {rest}}}"), space)
        fields = {**_items(cls, _STRUCT), "kind": repr(kind)}
        mirror, call = _struct(f"{kind}_canonical", {**fields, "schema": "SCHEMA_VERSION"})
        space[f"{kind}_canonical"] = mirror
        canonical[cls] = _compile("canonical", _build("canonical", call), space)
        if cls in typing.get_args(Fact):
            both = ", ".join(f"{k!r}: {v}" for k, v in every.items())
            nested_dict[cls] = _compile(
                "nested", _build("nested", f"{{{both}, 'kind': {kind!r}}}"), space
            )
            mirror, call = _struct(f"{kind}_fact_canonical", fields)
            space[f"{kind}_fact_canonical"] = mirror
            nested_struct[cls] = _compile("nested_struct", _build("nested_struct", call), space)
    return Encoders(wire, canonical)


_JSON = msgspec.json.Encoder()


def canonical_fast(encoders: Encoders, event: Event) -> bytes | None:
    """The canonical bytes of `event` through its generated mirror, or None when a value is
    not canonical (or msgspec refuses one: a lone surrogate); the caller then decides."""
    builder = encoders.canonical.get(event.__class__)
    if builder is None:
        return None
    try:
        return _JSON.encode(builder(event))
    except Exception:  # whatever it is, the converter's path says it exactly
        return None


def wire_fast(encoders: Encoders, event: Event) -> dict[str, Any] | None:
    """The wire form of `event` through its generated encoder, or None when a value is not
    canonical."""
    encoder = encoders.wire.get(event.__class__)
    if encoder is None:
        return None
    try:
        wire: dict[str, Any] = encoder(event)
    except (Irregular, AttributeError):
        return None
    return wire
