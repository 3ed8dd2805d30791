"""The canonical bytes written by msgspec from the generated mirrors (`timeline.log._encode`)
are byte for byte the stdlib's JSON of the converter's wire form: the hash chain covers them,
and logs written before must keep verifying."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from timeline.dates import DateSpan
from timeline.events import KINDS, Confidence, Event
from timeline.log import SQLiteLog
from timeline.log import wire as serialization
from timeline.log._encode import canonical_fast
from timeline.log.wire import SCHEMA_VERSION, canonical_bytes, make_converter
from timeline.money import Factor, Money, Qualifier

from samples import SAMPLES
from strategies import CURRENCIES, amendments, articles, facts

CONVERTER = make_converter()
FIXTURE_LOGS = sorted((Path(__file__).parent / "fixtures" / "logs").glob("*.db"))


def slow_encode(event: Event) -> dict[str, Any]:
    """The wire form by the converter alone."""
    body = CONVERTER.unstructure(event, Event)
    return {"kind": body.pop("kind"), "schema": SCHEMA_VERSION, "id": body.pop("id"), **body}


def oracle(event: Event) -> bytes:
    """The canonical bytes as they were first defined: the converter's wire form, dumped by
    the stdlib with sorted keys."""
    wire = slow_encode(event)
    return json.dumps(wire, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


#: Texts of every sort msgspec must escape as the stdlib does: control characters, quotes,
#: backslashes, DEL, line and paragraph separators, non-BMP characters (no lone surrogates:
#: neither writer can encode them).
odd_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(["\x00", "\x1f", "\x7f", '"', "\\", "\u2028", "\u2029", "\U0001f600"]),
    max_size=40,
)
any_day = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
#: Values of every magnitude and exponent the value types accept (they normalise them).
any_decimal = st.decimals(
    min_value=Decimal("1e-59"), max_value=Decimal(10) ** 59, allow_nan=False, allow_infinity=False
) | st.sampled_from([Decimal(0), Decimal("1E+3"), Decimal("100.50"), Decimal("1e-50")])


@st.composite
def widened(draw: st.DrawFn) -> Event:
    """An event of any kind (facts of all seven, amendments, articles) whose texts, days,
    amounts, numbers and confidence range wider than the shared strategies draw them."""
    event: Any = draw(st.one_of(facts(), amendments(), articles()))
    provenance = attrs.evolve(
        event.provenance,
        quote=draw(st.none() | odd_text),
        outlet=draw(st.none() | odd_text),
        published=draw(st.none() | any_day),
        start=draw(st.none() | st.integers(-(2**70), 2**70)),
        confidence=draw(st.none() | st.sampled_from(list(Confidence))),
    )
    changes: dict[str, Any] = {"provenance": provenance}
    names = {f.name for f in attrs.fields(type(event))}
    if "amount" in names and event.amount is not None:
        changes["amount"] = Money(
            draw(any_decimal),
            draw(st.sampled_from(CURRENCIES)),
            draw(st.sampled_from(list(Qualifier))),
        )
    if "factor" in names and event.factor is not None:
        changes["factor"] = Factor(
            draw(any_decimal.filter(bool)), draw(st.sampled_from(list(Qualifier)))
        )
    for name in ("quantity", "package_number"):
        if name in names:
            changes[name] = draw(st.none() | st.integers(-(2**80), 2**80))
    for name in ("scope", "product", "reason", "title", "body", "format", "sector"):
        if name in names and (name in ("reason", "body") or draw(st.booleans())):
            changes[name] = draw(odd_text)
    if "items" in names:
        changes["items"] = tuple(draw(st.lists(odd_text, max_size=3)))
    if draw(st.booleans()):
        changes["occurred"] = DateSpan.day(draw(any_day))
    return attrs.evolve(event, **changes)  # type: ignore[no-any-return]


@given(widened())
@example(SAMPLES["event_corrected"])
@example(SAMPLES["article_recorded"])
def test_the_canonical_bytes_are_the_stdlib_json_of_the_converters_wire_form(event: Event) -> None:
    fast = canonical_fast(serialization._ENCODERS, event)
    assert fast is not None  # every value is canonical: msgspec wrote them
    assert fast == canonical_bytes(event) == oracle(event)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_is_written_by_msgspec(kind: str) -> None:
    event = SAMPLES[kind]
    assert canonical_fast(serialization._ENCODERS, event) == oracle(event)


@given(
    st.sampled_from(sorted(SAMPLES)),
    st.sampled_from(["scope", "quantity", "items", "occurred", "amount", "target", "body"]),
    st.one_of(
        st.integers(), st.booleans(), st.text(max_size=3),
        st.lists(st.text(max_size=3), max_size=2),
        st.just(datetime(2024, 1, 2, 3, 4)), st.just(Decimal("2.5")), st.just(1.5),
    ),
)  # fmt: skip
def test_an_irregular_value_gets_the_converters_bytes_or_the_converters_error(
    kind: str, field: str, value: object
) -> None:
    event = SAMPLES[kind]
    if field not in {f.name for f in attrs.fields(type(event))}:
        return
    try:
        odd = attrs.evolve(event, **{field: value})  # type: ignore[misc]
    except Exception:
        return  # the class refuses the value itself
    try:  # what appending wrote before the mirrors: the converter's path, then canonical_json
        expected: object = serialization.canonical_json(slow_encode(odd))
    except Exception as exc:
        expected = type(exc)
    try:
        found: object = canonical_bytes(odd)
    except Exception as exc:
        found = type(exc)
    assert found == expected


def test_a_lone_surrogate_is_refused_as_before() -> None:
    event = attrs.evolve(SAMPLES["meeting_held"], format="\ud800")
    assert canonical_fast(serialization._ENCODERS, event) is None
    with pytest.raises(UnicodeEncodeError):
        canonical_bytes(event)


@pytest.mark.parametrize("path", FIXTURE_LOGS, ids=lambda p: p.name)
def test_the_fixture_logs_verify(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    with SQLiteLog(copy, read_only=True) as log:
        assert log.verify().ok


def test_a_log_written_now_stores_the_oracles_bytes(tmp_path: Path) -> None:
    events = [SAMPLES[kind] for kind in sorted(KINDS)]
    with SQLiteLog(tmp_path / "log.db") as log:
        log.append(events)
        assert log.verify().ok
    with sqlite3.connect(tmp_path / "log.db") as db:
        bodies = [body for (body,) in db.execute("SELECT body FROM records ORDER BY seq")]
    assert bodies == [oracle(event) for event in events]
