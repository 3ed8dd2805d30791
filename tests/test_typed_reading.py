"""Stored bodies read through msgspec's typed mirrors give exactly what the converter gives."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from timeline.events import Event
from timeline.log import wire
from timeline.log.wire import canonical_bytes, decode_bytes

from samples import SAMPLES
from strategies import events


def _converter_reads(body: bytes) -> object:
    """What the converter's path makes of `body`: the event, or the error's type and text."""
    original = wire._read_typed, wire._decode_fast
    wire._read_typed = lambda body: None
    wire._decode_fast = lambda data: None
    try:
        return wire.decode(json.loads(body))
    except Exception as exc:
        return (type(exc), str(exc))
    finally:
        wire._read_typed, wire._decode_fast = original


def _reads(body: bytes) -> object:
    try:
        return decode_bytes(body)
    except Exception as exc:
        return (type(exc), str(exc))


@given(events)
def test_every_canonical_body_is_read_through_its_typed_mirror(event: Event) -> None:
    try:
        body = canonical_bytes(event)
    except UnicodeEncodeError:
        return  # lone surrogates: the log refuses the event
    typed = wire._read_typed(body)
    assert typed is not None
    assert typed == event
    assert wire._decode_fast(json.loads(body)) == event


@given(
    st.sampled_from(sorted(SAMPLES)),
    st.sampled_from(
        ["partners", "provenance", "occurred", "amount", "factor", "items", "id", "target",
         "quantity", "raises", "replacement", "schema", "kind", "published", "extra"]
    ),
    st.one_of(
        st.none(), st.integers(), st.booleans(), st.floats(allow_nan=False), st.text(),
        st.lists(st.text(max_size=3), max_size=2), st.just(["NL", "BE"]), st.just(["be"]),
        st.just("2024-02-30"), st.just("2024-W05"), st.just("20240201"), st.just(10**30),
        st.just({"value": "1.50", "currency": "EUR", "qualifier": "about"}),
        st.just({"value": 2, "currency": "EUR", "qualifier": "exact"}),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    ),
)  # fmt: skip
@example("aid_committed", "amount", {"value": "1.50", "currency": "EUR", "qualifier": "odd"})
@example("aid_delivered", "partners", ["NL", "BE", "NL"])
@example("meeting_held", "provenance", {"article_id": "a"})
def test_an_irregular_stored_body_reads_as_the_converter_reads_it(
    kind: str, field: str, value: object
) -> None:
    body: dict[str, Any] = json.loads(canonical_bytes(SAMPLES[kind]))
    if field == "published":
        body["provenance"] = {**body["provenance"], "published": value}
    else:
        body[field] = value
    data = json.dumps(body, ensure_ascii=False).encode()
    assert _reads(data) == _converter_reads(data)


def test_a_repeated_key_is_read_as_json_reads_it() -> None:
    sample = canonical_bytes(SAMPLES["meeting_held"])
    twice = sample[:-1] + b',"format":"summit"}'
    assert _reads(twice) == _converter_reads(twice)
    assert decode_bytes(twice).format == "summit"  # type: ignore[union-attr]
    other = sample[:-1] + b',"kind":"aid_delivered"}'
    assert _reads(other) == _converter_reads(other)


def test_events_read_from_one_article_share_its_publication_day() -> None:
    """Days are immutable: the events of one article hold one copy of its date (memory)."""
    import attrs

    first = SAMPLES["aid_committed"]
    second = attrs.evolve(SAMPLES["meeting_held"], provenance=first.provenance, id="")
    a, b = (decode_bytes(canonical_bytes(e)) for e in (first, second))
    assert a.provenance.published is not None
    assert a.provenance.published is b.provenance.published
