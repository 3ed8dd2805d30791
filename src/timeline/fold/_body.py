"""Byte forms of stored states: a whole state (`state_bytes`) and one item (`item_body`).

Both are canonical JSON (sorted keys, compact, UTF-8): equal values give equal bytes, and
reading the bytes back gives an equal value. Events are in their wire form
(`timeline.log.wire.encode`), so they are read back through the same upcasters as the log.

An item body is lean where the item is what the fold makes of one report
(`Item.single`): the event, its log position and what it corrects; the item's id, kind,
date, event ids, source and sharing are derived from the event again on reading. A merged
item keeps its own fields, with its reports lean.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import zlib
from collections.abc import Callable
from datetime import date
from typing import Any

from timeline.dates import DateSpan, Precision
from timeline.errors import LogError
from timeline.events import Fact
from timeline.fold.state import SECTIONS, Item, Mode, PartnerState, Source, source_key
from timeline.log.wire import canonical_json, decode, encode
from timeline.money import Money, Qualifier

__all__ = ["STATE_FORMAT", "item_body", "item_from_body", "state_bytes", "state_from_bytes"]

_loads: Callable[[bytes], Any] = json.loads
# orjson parses the bytes `json.dumps` writes exactly as `json.loads` does, faster; it is
# optional, and imported by name so the module type-checks without it
with contextlib.suppress(ImportError):
    _loads = importlib.import_module("orjson").loads

#: The version of the byte forms; stored projections of another version are rebuilt.
STATE_FORMAT = 8


_dumps = canonical_json


def day(value: date | None) -> str | None:
    """A date's ISO text (None stays None)."""
    return None if value is None else value.isoformat()


def day_in(value: str | None) -> date | None:
    """The date of ISO text (None stays None)."""
    return None if value is None else date.fromisoformat(value)


def _span(span: DateSpan) -> list[Any]:
    return [day(span.earliest), day(span.latest), span.precision.value]


def _span_in(value: list[Any]) -> DateSpan:
    return DateSpan(day_in(value[0]), day_in(value[1]), Precision(value[2]))


def _source(source: Source) -> list[Any]:
    return [
        source.article_id,
        source.outlet,
        source.url,
        day(source.published),
        source.quote,
        source.start,
        source.end,
    ]


def _source_in(value: list[Any]) -> Source:
    return Source(value[0], value[1], value[2], day_in(value[3]), value[4], value[5], value[6])


def _fact(wire: Any, ident: Any) -> Fact:
    event = decode(wire)
    if not isinstance(event, Fact):
        raise LogError(f"a stored item {ident} holds a {event.kind}, not a fact")
    return event


def _derived_sources(reports: tuple[Item, ...]) -> tuple[Source, ...]:
    return tuple(sorted((s for r in reports for s in r.sources), key=source_key))


def _item(item: Item) -> dict[str, Any]:
    """The JSON form of `item`: lean (``e``, ``s``, ``c``) when it is one report's item; for
    a merged item, each field that its reports give again is left out (see `_merged`)."""
    if _single(item):
        return {"e": encode(item.event), "s": item.seq, "c": item.corrects}
    found: dict[str, Any] = {
        "seq": item.seq,
        "shared": item.shared,
        "corrects": item.corrects,
        "corroboration": item.corroboration,
        "conflict": item.conflict,
        "reports": [_item(r) for r in item.reports],
        "supersedes": [_item(s) for s in item.supersedes],
        **_merged(item),
    }
    if (item.id, item.kind, item.occurred) != (item.event.id, item.event.kind, item.event.occurred):
        found.update(id=item.id, kind=item.kind, occurred=_span(item.occurred))
    return found


def _single(item: Item) -> bool:
    """Whether `item` is ``Item.single(item.seq, item.event, item.corrects)``: what the
    fold makes of one report (compared field by field, without building that item)."""
    if item.reports or item.supersedes or item.corroboration != 1 or item.conflict:
        return False
    event = item.event
    ident = event.id
    if item.id != ident or item.kind != event.kind or item.event_ids != (ident,):
        return False
    if item.occurred is not event.occurred and item.occurred != event.occurred:
        return False
    if item.shared != (len(event.partners) > 1) or len(item.sources) != 1:
        return False
    source, p = item.sources[0], event.provenance
    return (source.article_id, source.outlet, source.url, source.published, source.quote,
            source.start, source.end) == (p.article_id, p.outlet, p.url, p.published,
                                          p.quote, p.start, p.end)  # fmt: skip


def _merged(item: Item) -> dict[str, Any]:
    """The event, event ids and sources of `item`, each left out (or, for the event, given
    as its difference from the report of the same id) where its reports give it again."""
    found: dict[str, Any] = {}
    reports = item.reports
    if item.event_ids != tuple(r.id for r in reports):
        found["event_ids"] = list(item.event_ids)
    if item.sources != _derived_sources(reports):
        found["sources"] = [_source(s) for s in item.sources]
    wire = encode(item.event)
    same = [n for n, r in enumerate(reports) if r.event.id == item.event.id]
    if same:
        base = encode(reports[same[0]].event)
        if base.keys() <= wire.keys():
            found["event_from"] = same[0]
            found["event_changes"] = {k: v for k, v in wire.items() if base.get(k) != v}
            return found
    found["event"] = wire
    return found


def _item_in(value: dict[str, Any]) -> Item:
    if "e" in value:
        return Item.single(value["s"], _fact(value["e"], value["s"]), value["c"])
    reports = tuple(_item_in(r) for r in value["reports"])
    if "event" in value:
        event = _fact(value["event"], value["seq"])
    else:
        wire = {**encode(reports[value["event_from"]].event), **value["event_changes"]}
        event = _fact(wire, value["seq"])
    sources = value.get("sources")
    event_ids = value.get("event_ids")
    occurred = value.get("occurred")
    return Item(
        id=value.get("id", event.id),
        kind=value.get("kind", event.kind),
        occurred=event.occurred if occurred is None else _span_in(occurred),
        event=event,
        seq=value["seq"],
        event_ids=tuple(r.id for r in reports) if event_ids is None else tuple(event_ids),
        sources=_derived_sources(reports)
        if sources is None
        else tuple(_source_in(s) for s in sources),
        shared=value["shared"],
        corrects=value["corrects"],
        corroboration=value["corroboration"],
        conflict=value["conflict"],
        reports=reports,
        supersedes=tuple(_item_in(s) for s in value["supersedes"]),
    )


#: The preset dictionary of `item_body`'s compression: the keys and common values of items
#: and events, so that even a short body compresses well. Part of `STATE_FORMAT`: changing it
#: makes stored bodies unreadable (zlib refuses a body compressed with another dictionary).
_DICTIONARY = (
    b'"sector":"","factor":{"qualifier":"exact","value":""},"format":"conference","forum",'
    b'"visit","seminar","participants":[],"companies":["Company"],"product":"","parties":[],'
    b'"scope":"","quantity":null,"category":"military","financial","humanitarian",'
    b'"expected_delivery":null,"package_number":null,"raises":false,"items":[],'
    b'"amount":{"currency":"EUR","qualifier":"about","value":"000000"},"USD","over","exact",'
    b'"production_increased","meeting_held","joint_venture_established","agreement_signed",'
    b'"aid_delivered","aid_committed","memorandum_signed","Ministry of Defence"'
    b" million billion euros dollars military aid to Ukraine package defence ammunition "
    b"signed an agreement delivered pledged the of and in a on with for "
    b'"url":"https://www.","outlet":"","published":"20","quote":"","rule":"rule-",'
    b'"start":,"end":,"extractor":"timeline.rules","extractor_version":"1","confidence":null,'
    b'"high","medium","low","conflict":false,"corrects":null,"corroboration":2,"event_from":0,'
    b'"event_changes":{"occurred":"","reports":[{"c":null,"e":{"id":"ev-","kind":"'
    b'"occurred":"../20","partners":[""],"provenance":{"article_id":"art-","confidence":null,'
    b'"end":,"extractor":"timeline.rules","extractor_version":"1","outlet":"","published":"20'
    b'"quote":"","rule":"","start":,"url":"https://"},"schema":3,"s":}],"seq":,"shared":false,'
    b'"supersedes":[]}{"c":null,"e":{"amount":{"currency":"EUR","qualifier":"exact","value":"'
    b'"id":"ev-","kind":"aid_committed","occurred":"20","partners":["'
)
#: A compressor primed with `_DICTIONARY`, copied for each body (priming costs more than
#: compressing a short body). Level 6 with a 32 kB window: level 1 with an 8 kB window
#: costs ~21 µs a body of ~1 kB instead of ~29, but its ~14% more bytes are held by every
#: state answered from the store (the largest partner's at 1M: 54.8 MB against 48, over
#: the 50 MB that a state may take); format 7 was that, format 8 is this again.
_PRIMED = zlib.compressobj(6, zdict=_DICTIONARY)


def item_body(item: Item) -> bytes:
    """The canonical bytes of one item: its JSON form (lean for one report's item; see the
    module docs), compressed with a preset dictionary of the words items repeat."""
    packer = _PRIMED.copy()  # the same bytes as a new compressobj(..., zdict=...), faster
    return packer.compress(_dumps(_item(item))) + packer.flush()


def item_from_body(data: bytes) -> Item:
    """The item of bytes that `item_body` wrote; `LogError` for bytes it did not write."""
    unpacker = zlib.decompressobj(zdict=_DICTIONARY)
    try:
        text = unpacker.decompress(data) + unpacker.flush()
    except zlib.error as exc:
        raise LogError(f"a stored item that does not read back: {exc}") from None
    return _item_in(_loads(text))


def _money(money: Money) -> list[str]:
    return [str(money.value), money.currency, money.qualifier.value]


def state_bytes(state: PartnerState) -> bytes:
    """The canonical bytes of `state`: its times, totals and every item (`item_body`'s form).

    Equal states give equal bytes, and `state_from_bytes` gives back an equal state.
    """
    body: dict[str, Any] = {
        "format": STATE_FORMAT,
        "partner": state.partner,
        "as_of": day(state.as_of),
        "known_at": day(state.known_at),
        "recorded_by": state.recorded_by,
        "mode": state.mode.value,
        "committed_totals": {k: _money(v) for k, v in state.committed_totals.items()},
        "totals_rule": state.totals_rule,
        "sections": {name: [_item(i) for i in state.section(name)] for name in SECTIONS},
    }
    return _dumps(body)


def state_from_bytes(data: bytes) -> PartnerState:
    """The state of bytes that `state_bytes` wrote; `LogError` for another format."""
    body = _loads(data)
    if body.get("format") != STATE_FORMAT:
        raise LogError(f"a stored state of format {body.get('format')!r}, not {STATE_FORMAT}")
    totals = {
        key: Money(value, currency, Qualifier(qualifier))
        for key, (value, currency, qualifier) in body["committed_totals"].items()
    }
    sections = {name: tuple(_item_in(i) for i in items) for name, items in body["sections"].items()}
    return PartnerState(
        partner=body["partner"],
        as_of=day_in(body["as_of"]),
        known_at=day_in(body["known_at"]),
        recorded_by=body["recorded_by"],
        mode=Mode(body["mode"]),
        committed_totals=totals,
        totals_rule=body["totals_rule"],
        **sections,
    )
