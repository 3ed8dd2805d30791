"""Stored JSON straight to typed events, with `msgspec` parsing and checking in C.

For every kind, a `msgspec.Struct` mirrors the wire form field for field: the same names,
every one required, unknown keys refused, tagged on ``kind`` (the top-level mirrors also
carry ``schema``; a correction's ``replacement`` is a union of the fact mirrors, which have
none). Leaf types are the wire's: ``str``, ``int``, ``bool``, ``date``, ``tuple[str, ...]``,
`Confidence`; a date span is its EDTF text; an amount or factor a small struct of its texts.
`msgspec` parses the JSON into these in one pass, refusing any other type (a float where an
integer belongs, a bool for an int, a date not in ``YYYY-MM-DD`` form, a missing or extra
key): whatever it accepts is exactly what the `cattrs` converter would read, and anything
else makes the caller take the converter's path (`timeline.log.wire.decode_bytes`).

`structure` then builds the event from its mirror, doing what each class's attrs
``__init__`` does without its per-field ``object.__setattr__`` (see "the builders" below):
spans, amounts, factors and the repeated provenance texts come from caches (equal values
share one object). The builders are straight-line functions generated once from the
fields; property tests (``tests/test_typed_reading.py``, ``tests/test_fast_serialization.py``)
keep them equal to the converter.
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from timeline.dates import DateSpan
from timeline.events import KINDS, Confidence, Event, Fact, MemorandumSigned, Provenance
from timeline.money import Factor, Money, Qualifier

__all__ = ["DECODER", "Irregular", "convert", "leaf", "structure"]


class Irregular(Exception):
    """A value outside the canonical forms: the caller takes the converter's path."""


def leaf(hint: Any) -> tuple[str, bool]:
    """The shape of a field type (``str``, ``span``, ``money``, ``texts``, ...), and whether it
    may be None; `TypeError` for a type the wire form has no canonical shape for."""
    optional = False
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        optional = True
        rest = tuple(a for a in args if a is not type(None))
        hint = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - built at run time
        args = typing.get_args(hint)
    shapes = {
        str: "str", int: "int", bool: "bool", Confidence: "confidence", date: "date",
        DateSpan: "span", Money: "money", Factor: "factor", Provenance: "provenance",
    }  # fmt: skip
    if hint in shapes:
        return shapes[hint], optional
    if typing.get_origin(hint) is tuple and args == (str, ...):
        return "texts", optional
    if set(args) == set(typing.get_args(Fact)):
        return "fact", optional
    raise TypeError(f"no canonical shape for {hint!r}")


# -- caches: equal values read from many records share one object ------------------------------

_LIMIT = 65_536
#: One string object per distinct text of the fields that repeat across events (the
#: article, outlet and address of a provenance, the extractor): many events, one copy.
_SHARED: dict[Any, Any] = {}

#: One object per distinct day read (publication dates repeat across an article's events).
_DATES: dict[date | None, date | None] = {}

#: Provenance fields whose texts repeat across the events of an article or a run.
SHARED_FIELDS = frozenset({"article_id", "outlet", "url", "extractor", "extractor_version", "rule"})

#: Fields of facts whose texts (or tuples of texts) repeat across events: the vocabulary of
#: what a fact is about. A replay of a large partner holds every one of its events at once,
#: so each distinct text is kept once (`_SHARED`, as the provenance texts above).
REPEATED_FIELDS = frozenset(
    {"category", "items", "parties", "format", "participants", "companies", "product", "sector"}
)

_SPANS: dict[str, DateSpan] = {}


def _span(text: str) -> DateSpan:
    span = _SPANS.get(text)
    if span is None:  # DateSpan is immutable: equal texts may share one object
        span = DateSpan.parse(text)
        if len(_SPANS) > _LIMIT:
            _SPANS.clear()
        _SPANS[text] = span
    return span


_MONEY: dict[tuple[str, str, str], Money] = {}


def _money(wire: Any) -> Money:
    key = (wire.value, wire.currency, wire.qualifier)
    money = _MONEY.get(key)  # Money is immutable: equal amounts may share one object
    if money is None:
        money = Money(Decimal(key[0]), key[1], Qualifier(key[2]))
        if len(_MONEY) > _LIMIT:
            _MONEY.clear()
        _MONEY[key] = money
    return money


_FACTORS: dict[tuple[str, str], Factor] = {}


def _factor(wire: Any) -> Factor:
    key = (wire.value, wire.qualifier)
    factor = _FACTORS.get(key)  # Factor is immutable: equal factors may share one object
    if factor is None:
        factor = Factor(Decimal(key[0]), Qualifier(key[1]))
        if len(_FACTORS) > _LIMIT:
            _FACTORS.clear()
        _FACTORS[key] = factor
    return factor


# -- the mirrors --------------------------------------------------------------------------------

_msgspec: Any
try:  # a run-time dependency; without it every body takes the converter's path
    _msgspec = importlib.import_module("msgspec")
except ImportError:  # pragma: no cover - depends on the environment
    _msgspec = None


def _struct(name: str, fields: list[tuple[str, Any]], tag: str | None = None) -> Any:
    options: dict[str, Any] = {"forbid_unknown_fields": True, "gc": False}
    if tag is not None:
        options.update(tag_field="kind", tag=tag)
    return _msgspec.defstruct(name, fields, **options)


_MONEY_WIRE: Any = None
_FACTOR_WIRE: Any = None
_PROVENANCE_WIRE: Any = None
#: A class with a tuple-of-texts field, whose converter the builders know (see below).
_TEXTS_OWNER = MemorandumSigned


def _mirror_type(hint: Any, facts: Any) -> Any:
    shape, optional = leaf(hint)
    mirror = {
        "span": str, "money": _MONEY_WIRE, "factor": _FACTOR_WIRE, "texts": tuple[str, ...],
        "provenance": _PROVENANCE_WIRE, "fact": facts, "confidence": Confidence,
        "str": str, "int": int, "bool": bool, "date": date,
    }[shape]  # fmt: skip
    return mirror | None if optional else mirror


def _mirror(cls: type, name: str, facts: Any, tag: str | None, schema: bool) -> Any:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _mirror_type(hints[f.name], facts)) for f in attrs.fields(cls)]
    return _struct(name, [*fields, ("schema", int)] if schema else fields, tag)


# -- the builders -------------------------------------------------------------------------------
#
# A builder does what the class's attrs ``__init__`` does, without its per-field
# ``object.__setattr__`` calls: it makes the object, sets each slot to its (converted) value,
# runs the validators, then ``__attrs_post_init__``. Two shortcuts, both exact: the converter
# of a tuple of texts (`timeline.events`' ``_strings``) returns a tuple as it is, and msgspec
# gives tuples; and the partners are converted and checked once per distinct tuple
# (`_partners`), their converter and validator reading the value alone.

_READ = {
    "span": "(y if (y := spans(t := {x})) is not None else _span(t))",
    "money": "_money({x})",
    "factor": "_factor({x})",
    "provenance": "provenance({x})",
    "fact": "_BUILD[{x}.__class__]({x})",
}


def _value(name: str, hint: Any) -> str:
    """The expression of field `name` of the mirror ``s`` as the class's value."""
    shape, optional = leaf(hint)
    template = _READ.get(shape)
    if template is None:
        return f"s.{name}"
    if optional:
        return f"(None if (x := s.{name}) is None else {template.format(x='x')})"
    return template.format(x=f"s.{name}")


_PARTNERS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _partners(value: tuple[str, ...], field: Any) -> tuple[str, ...]:
    """The partners field's converter and validator applied to `value`, once per value."""
    known = _PARTNERS.get(value)
    if known is None:
        known = field.converter(value)
        if field.validator is not None:
            field.validator(None, field, known)
        if len(_PARTNERS) > 4_096:
            _PARTNERS.clear()
        _PARTNERS[value] = known
    return known


def _builder(cls: type, namespace: dict[str, Any]) -> Callable[[Any], Any]:
    """The builder of `cls` from its mirror (see the section comment)."""
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    space = {**namespace, "cls": cls}
    lines, checks = ["    o = new(cls)\n"], []
    if cls is Provenance:
        lines.append("    if len(_SHARED) > LIMIT: _SHARED.clear()\n")
        lines.append("    if len(_DATES) > LIMIT: _DATES.clear()\n")
    texts = attrs.fields(_TEXTS_OWNER).parties.converter
    for f in fields:
        space[f"set_{f.name}"] = getattr(cls, f.name).__set__
        value = _value(f.name, hints[f.name])
        if (cls is Provenance and f.name in SHARED_FIELDS) or f.name in REPEATED_FIELDS:
            value = f"shared(x := {value}, x)"
        elif leaf(hints[f.name])[0] == "date":  # immutable: equal days share one object
            value = f"dates(x := {value}, x)"
        if f.name == "partners":
            space["f_p"] = f
            value = f"(y if (y := partners(t := {value})) is not None else _partners(t, f_p))"
        elif f.converter is not None and f.converter is not texts:
            space[f"convert_{f.name}"] = f.converter
            value = f"convert_{f.name}({value})"
        if f.validator is not None and f.name != "partners":
            space[f"check_{f.name}"], space[f"field_{f.name}"] = f.validator, f
            checks.append(f"    check_{f.name}(o, field_{f.name}, o.{f.name})\n")
        lines.append(f"    set_{f.name}(o, {value})\n")
    if hasattr(cls, "__attrs_post_init__"):
        checks.append("    o.__attrs_post_init__()\n")
    source = f"def build(s):\n{''.join(lines)}{''.join(checks)}    return o\n"
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__attrs_pre_init__"):  # pragma: no cover
        args = ", ".join(f"{f.name}={_value(f.name, hints[f.name])}" for f in fields)
        source = f"def build(s):\n    return cls({args})\n"  # what attrs' __init__ would do
    exec(compile(source, f"<timeline typed reader of {cls.__name__}>", "exec"), space)
    function: Callable[[Any], Any] = space["build"]
    return function


def _builders() -> tuple[Any, dict[type, Callable[[Any], Any]]]:
    """The top-level union of mirrors, and a builder per mirror (and for `Provenance`)."""
    global _MONEY_WIRE, _FACTOR_WIRE, _PROVENANCE_WIRE
    _MONEY_WIRE = _struct("MoneyWire", [("value", str), ("currency", str), ("qualifier", str)])
    _FACTOR_WIRE = _struct("FactorWire", [("value", str), ("qualifier", str)])
    _PROVENANCE_WIRE = _mirror(Provenance, "ProvenanceWire", None, None, schema=False)
    build: dict[type, Callable[[Any], Any]] = {}
    namespace: dict[str, Any] = {
        "_span": _span, "_money": _money, "_factor": _factor, "_BUILD": build,
        "_partners": _partners, "shared": _SHARED.setdefault, "new": object.__new__,
        "_SHARED": _SHARED, "LIMIT": _LIMIT, "_DATES": _DATES, "dates": _DATES.setdefault,
        "spans": _SPANS.get, "partners": _PARTNERS.get, "Provenance": Provenance,
    }  # fmt: skip
    build[Provenance] = namespace["provenance"] = _builder(Provenance, namespace)
    fact_classes = typing.get_args(Fact)
    nested = {cls: _mirror(cls, f"{cls.kind}_fact", None, cls.kind, False) for cls in fact_classes}
    facts: Any = typing.Union[tuple(nested.values())]  # noqa: UP007 - built at run time
    top = {cls: _mirror(cls, cls.kind, facts, cls.kind, True) for cls in KINDS.values()}
    for mirrors in (nested, top):
        for cls, mirror in mirrors.items():
            build[mirror] = _builder(cls, namespace)
    return typing.Union[tuple(top.values())], build  # noqa: UP007


if _msgspec is not None:
    _UNION, _BUILD = _builders()
    #: A JSON decoder of stored bodies into the mirrors (None without msgspec).
    DECODER: Any = _msgspec.json.Decoder(_UNION)
else:  # pragma: no cover - depends on the environment
    _UNION = None
    _BUILD = {}
    DECODER = None


def structure(mirror: Any) -> Event:
    """The event of a top-level mirror that `DECODER` or `convert` gave."""
    event: Event = _BUILD[mirror.__class__](mirror)
    return event


def convert(wire: dict[str, Any]) -> Any:
    """The top-level mirror of a wire dict (`msgspec.convert`: the same checks as `DECODER`);
    `Irregular` without msgspec."""
    if _msgspec is None:  # pragma: no cover - depends on the environment
        raise Irregular
    return _msgspec.convert(wire, _UNION)
