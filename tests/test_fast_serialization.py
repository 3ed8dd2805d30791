"""The generated fast paths of the wire form agree exactly with the cattrs converter."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.events import KINDS, Event
from timeline.log import wire as serialization
from timeline.log.wire import SCHEMA_VERSION, canonical_bytes, decode_bytes, make_converter

from samples import SAMPLES
from strategies import events

CONVERTER = make_converter()


def slow_encode(event: Event) -> dict[str, Any]:
    body = CONVERTER.unstructure(event, Event)
    return {"kind": body.pop("kind"), "schema": SCHEMA_VERSION, "id": body.pop("id"), **body}


def slow_decode(wire: dict[str, Any]) -> Event:
    body = {k: v for k, v in wire.items() if k not in ("kind", "schema")}
    event: Event = CONVERTER.structure(body, KINDS[wire["kind"]])
    return event


def stdlib_bytes(event: Event) -> bytes:
    return json.dumps(
        slow_encode(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def test_every_kind_has_a_fast_path() -> None:
    for event in SAMPLES.values():
        assert serialization._encode_fast(event) is not None
        assert serialization._decode_fast(slow_encode(event)) == event


@given(events)
def test_the_fast_wire_form_is_the_converters_in_the_same_key_order(event: Event) -> None:
    fast = serialization._encode_fast(event)
    assert fast is not None
    slow = slow_encode(event)
    assert fast == slow
    assert list(fast) == list(slow)
    assert json.dumps(fast) == json.dumps(slow)


@given(events)
def test_canonical_bytes_are_the_stdlib_json_bytes(event: Event) -> None:
    try:
        expected = stdlib_bytes(event)
    except UnicodeEncodeError:
        return  # lone surrogates: no bytes either way (the log refuses the event)
    assert canonical_bytes(event) == expected


@given(events)
def test_the_fast_decoder_reads_what_the_converter_reads(event: Event) -> None:
    wire = slow_encode(event)
    assert serialization._decode_fast(wire) == slow_decode(wire) == event
    try:
        body = stdlib_bytes(event)
    except UnicodeEncodeError:
        return
    assert decode_bytes(body) == event


@given(
    st.sampled_from(sorted(SAMPLES)),
    st.sampled_from(["partners", "provenance", "occurred", "amount", "items", "id", "target"]),
    st.one_of(
        st.none(), st.integers(), st.booleans(), st.floats(allow_nan=False), st.text(),
        st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers()),
    ),
)  # fmt: skip
def test_an_irregular_wire_value_reads_as_the_converter_reads_it(
    kind: str, field: str, value: object
) -> None:
    wire = {**slow_encode(SAMPLES[kind]), field: value}
    try:
        expected: object = serialization.decode(wire)
    except Exception as exc:
        expected = (type(exc), str(exc))
    try:
        slow: object = _old_decode(wire)
    except Exception as exc:
        slow = (type(exc), str(exc))
    assert expected == slow


def _old_decode(wire: dict[str, Any]) -> Event:
    """`decode` with the fast path switched off."""
    original = serialization._decode_fast
    serialization._decode_fast = lambda wire: None
    try:
        return serialization.decode(wire)
    finally:
        serialization._decode_fast = original


def test_big_integers_and_odd_json_fall_back_to_the_stdlib() -> None:
    sample = SAMPLES["aid_delivered"]
    wire = {**slow_encode(sample), "quantity": 10**30}
    body = json.dumps(wire).encode()
    assert decode_bytes(body).quantity == 10**30  # type: ignore[union-attr]
    assert decode_bytes(b"\xef\xbb\xbf" + body).quantity == 10**30  # type: ignore[union-attr]


@pytest.mark.parametrize("json_reader", ["fastest", "stdlib"])
def test_decoded_events_share_the_texts_that_repeat_across_events(
    json_reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two events of one article hold one copy of its id, outlet and partners (memory)."""
    if json_reader == "stdlib":
        monkeypatch.setattr(serialization, "_orjson", None)
    from datetime import date

    from timeline.dates import DateSpan
    from timeline.events import AidCommitted, MeetingHeld, Provenance

    where = {"article_id": "ar-shared", "outlet": "The Ledger", "url": "https://example.org/a"}
    first = AidCommitted(
        partners=("NL", "DK"),
        occurred=DateSpan.day(date(2024, 2, 1)),
        provenance=Provenance(**where, quote="one sentence"),
    )
    second = MeetingHeld(
        partners=["DK", "NL"],
        occurred=DateSpan.day(date(2024, 2, 2)),
        provenance=Provenance(**where, quote="another sentence"),
    )
    a, b = (decode_bytes(canonical_bytes(e)) for e in (first, second))
    assert (a, b) == (first, second)
    assert a.provenance.article_id is b.provenance.article_id
    assert a.provenance.outlet is b.provenance.outlet
    assert a.provenance.url is b.provenance.url
    assert a.partners is b.partners == ("DK", "NL")
