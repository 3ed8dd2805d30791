"""The wire form: tagged JSON with a schema version, pinned literally for every kind."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from timeline.errors import SchemaError
from timeline.events import KINDS, Event
from timeline.log.wire import (
    SCHEMA_VERSION,
    UPCASTERS,
    Upcasters,
    canonical_bytes,
    decode,
    dumps,
    encode,
    loads,
    make_converter,
)

from samples import SAMPLES
from strategies import events

# The literal wire form of one event of every kind. A change here is a change of the format
# that stored logs hold: it needs a new schema version and an upcaster, not an edit.
WIRE = {
    "memorandum_signed": (
        '{"kind":"memorandum_signed","schema":3,"id":"ev-8658791adc17b121613bd43a","partners"'
        ':["BE"],"occurred":"../2024-01-30","provenance":{"article_id":"art-0001","url":"http'
        's://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end"'
        ':52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules","ex'
        'tractor_version":"1","rule":"sample","confidence":null},"scope":"joint production an'
        'd repair","parties":["Ministry of Defence of Ukraine","Belgian Ministry of Defence"]'
        "}"
    ),
    "agreement_signed": (
        '{"kind":"agreement_signed","schema":3,"id":"ev-f6f40eb056c92ec593dc1ec4","partners":'
        '["US"],"occurred":"../2023-12-15","provenance":{"article_id":"art-0001","url":"https'
        '://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end":'
        '52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules","ext'
        'ractor_version":"1","rule":"sample","confidence":null},"scope":"155 mm shells","part'
        'ies":[],"companies":["Example Munitions Inc."],"product":"155 mm artillery shells","'
        'amount":null}'
    ),
    "joint_venture_established": (
        '{"kind":"joint_venture_established","schema":3,"id":"ev-e23ab70ddeb690f5a88d75b9","p'
        'artners":["DE"],"occurred":"../2023-12-15","provenance":{"article_id":"art-0001","ur'
        'l":"https://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":'
        '10,"end":52,"quote":"A sentence of our own about the fact.","extractor":"timeline.ru'
        'les","extractor_version":"1","rule":"sample","confidence":null},"companies":["Rheinm'
        'etall"],"product":"repair of Western weapons"}'
    ),
    "aid_committed": (
        '{"kind":"aid_committed","schema":3,"id":"ev-05867fa552ca4ba5243b4d98","partners":["B'
        'E"],"occurred":"2023-01","provenance":{"article_id":"art-0001","url":"https://exampl'
        'e.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end":52,"quote'
        '":"A sentence of our own about the fact.","extractor":"timeline.rules","extractor_ve'
        'rsion":"1","rule":"sample","confidence":null},"amount":{"value":"90000000","currency'
        '":"EUR","qualifier":"exact"},"category":"military","package_number":null,"items":["m'
        'issiles","small arms"],"expected_delivery":"2025","raises":false}'
    ),
    "aid_delivered": (
        '{"kind":"aid_delivered","schema":3,"id":"ev-135790853d9adfe772e1667e","partners":["B'
        'E","DE","NL"],"occurred":"../2024-01-30","provenance":{"article_id":"art-0001","url"'
        ':"https://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10'
        ',"end":52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rule'
        's","extractor_version":"1","rule":"sample","confidence":null},"items":["M113 armoure'
        'd vehicles"],"quantity":null,"amount":null}'
    ),
    "production_increased": (
        '{"kind":"production_increased","schema":3,"id":"ev-827dc0972c43e136097587f6","partne'
        'rs":["UA"],"occurred":"2023/2024","provenance":{"article_id":"art-0001","url":"https'
        '://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end":'
        '52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules","ext'
        'ractor_version":"1","rule":"sample","confidence":null},"sector":"artillery systems",'
        '"factor":{"value":"3","qualifier":"exact"}}'
    ),
    "meeting_held": (
        '{"kind":"meeting_held","schema":3,"id":"ev-e7df717444264be8e3a44238","partners":["BE'
        '"],"occurred":"2024-01-22/2024-01-28","provenance":{"article_id":"art-0001","url":"h'
        'ttps://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"e'
        'nd":52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules",'
        '"extractor_version":"1","rule":"sample","confidence":null},"format":"seminar","parti'
        'cipants":["33 Ukrainian companies","8 Belgian companies"]}'
    ),
    "event_retracted": (
        '{"kind":"event_retracted","schema":3,"id":"ev-58e23c073d767d6a1956cee2","partners":['
        '"BE"],"occurred":"2024-02-02","provenance":{"article_id":null,"url":null,"outlet":nu'
        'll,"published":"2024-02-02","start":null,"end":null,"quote":null,"extractor":"manual'
        '","extractor_version":null,"rule":null,"confidence":null},"target":"ev-8658791adc17b'
        '121613bd43a","reason":"the memorandum was only announced"}'
    ),
    "event_corrected": (
        '{"kind":"event_corrected","schema":3,"id":"ev-c288a10bbb86ff348e11f093","partners":['
        '"BE"],"occurred":"2024-02-03","provenance":{"article_id":null,"url":null,"outlet":nu'
        'll,"published":"2024-02-03","start":null,"end":null,"quote":null,"extractor":"manual'
        '","extractor_version":null,"rule":null,"confidence":null},"target":"ev-05867fa552ca4'
        'ba5243b4d98","replacement":{"partners":["BE"],"occurred":"2023-01","provenance":{"ar'
        'ticle_id":"art-0001","url":"https://example.org/a","outlet":"Example Wire","publishe'
        'd":"2024-01-30","start":10,"end":52,"quote":"A sentence of our own about the fact.",'
        '"extractor":"timeline.rules","extractor_version":"1","rule":"sample","confidence":nu'
        'll},"amount":{"value":"92000000","currency":"EUR","qualifier":"over"},"category":nul'
        'l,"package_number":null,"items":[],"expected_delivery":null,"raises":false,"id":"ev-'
        '251136b7e3022904c1cf8556","kind":"aid_committed"},"reason":"the amount was misread"}'
    ),
    "article_recorded": (
        '{"kind":"article_recorded","schema":3,"id":"art-0001","partners":[],"occurred":"..",'
        '"provenance":{"article_id":null,"url":null,"outlet":null,"published":null,"start":nu'
        'll,"end":null,"quote":null,"extractor":null,"extractor_version":null,"rule":null,"co'
        'nfidence":null},"article_id":"art-0001","title":"A title","source":"Example Wire","u'
        'rl":"https://example.org/a","published":"2024-01-30","body":"Body text.","content_ha'
        'sh":"abababababababababababababababababababababababababababababababab"}'
    ),
}

# The same events as schema 2 wrote them (before ``raises`` and ``confidence``): stored logs
# hold these, and they must keep reading back to the same events through the upcaster.
WIRE_V2 = {
    "memorandum_signed": (
        '{"kind":"memorandum_signed","schema":2,"id":"ev-8658791adc17b121613bd43a","partners"'
        ':["BE"],"occurred":"../2024-01-30","provenance":{"article_id":"art-0001","url":"http'
        's://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end"'
        ':52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules","ex'
        'tractor_version":"1","rule":"sample"},"scope":"joint production and repair","parties'
        '":["Ministry of Defence of Ukraine","Belgian Ministry of Defence"]}'
    ),
    "agreement_signed": (
        '{"kind":"agreement_signed","schema":2,"id":"ev-f6f40eb056c92ec593dc1ec4","partners":'
        '["US"],"occurred":"../2023-12-15","provenance":{"article_id":"art-0001","url":"https'
        '://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end":'
        '52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules","ext'
        'ractor_version":"1","rule":"sample"},"scope":"155 mm shells","parties":[],"companies'
        '":["Example Munitions Inc."],"product":"155 mm artillery shells","amount":null}'
    ),
    "joint_venture_established": (
        '{"kind":"joint_venture_established","schema":2,"id":"ev-e23ab70ddeb690f5a88d75b9","p'
        'artners":["DE"],"occurred":"../2023-12-15","provenance":{"article_id":"art-0001","ur'
        'l":"https://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":'
        '10,"end":52,"quote":"A sentence of our own about the fact.","extractor":"timeline.ru'
        'les","extractor_version":"1","rule":"sample"},"companies":["Rheinmetall"],"product":'
        '"repair of Western weapons"}'
    ),
    "aid_committed": (
        '{"kind":"aid_committed","schema":2,"id":"ev-05867fa552ca4ba5243b4d98","partners":["B'
        'E"],"occurred":"2023-01","provenance":{"article_id":"art-0001","url":"https://exampl'
        'e.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end":52,"quote'
        '":"A sentence of our own about the fact.","extractor":"timeline.rules","extractor_ve'
        'rsion":"1","rule":"sample"},"amount":{"value":"90000000","currency":"EUR","qualifier'
        '":"exact"},"category":"military","package_number":null,"items":["missiles","small ar'
        'ms"],"expected_delivery":"2025"}'
    ),
    "aid_delivered": (
        '{"kind":"aid_delivered","schema":2,"id":"ev-135790853d9adfe772e1667e","partners":["B'
        'E","DE","NL"],"occurred":"../2024-01-30","provenance":{"article_id":"art-0001","url"'
        ':"https://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10'
        ',"end":52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rule'
        's","extractor_version":"1","rule":"sample"},"items":["M113 armoured vehicles"],"quan'
        'tity":null,"amount":null}'
    ),
    "production_increased": (
        '{"kind":"production_increased","schema":2,"id":"ev-827dc0972c43e136097587f6","partne'
        'rs":["UA"],"occurred":"2023/2024","provenance":{"article_id":"art-0001","url":"https'
        '://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"end":'
        '52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules","ext'
        'ractor_version":"1","rule":"sample"},"sector":"artillery systems","factor":{"value":'
        '"3","qualifier":"exact"}}'
    ),
    "meeting_held": (
        '{"kind":"meeting_held","schema":2,"id":"ev-e7df717444264be8e3a44238","partners":["BE'
        '"],"occurred":"2024-01-22/2024-01-28","provenance":{"article_id":"art-0001","url":"h'
        'ttps://example.org/a","outlet":"Example Wire","published":"2024-01-30","start":10,"e'
        'nd":52,"quote":"A sentence of our own about the fact.","extractor":"timeline.rules",'
        '"extractor_version":"1","rule":"sample"},"format":"seminar","participants":["33 Ukra'
        'inian companies","8 Belgian companies"]}'
    ),
    "event_retracted": (
        '{"kind":"event_retracted","schema":2,"id":"ev-58e23c073d767d6a1956cee2","partners":['
        '"BE"],"occurred":"2024-02-02","provenance":{"article_id":null,"url":null,"outlet":nu'
        'll,"published":"2024-02-02","start":null,"end":null,"quote":null,"extractor":"manual'
        '","extractor_version":null,"rule":null},"target":"ev-8658791adc17b121613bd43a","reas'
        'on":"the memorandum was only announced"}'
    ),
    "event_corrected": (
        '{"kind":"event_corrected","schema":2,"id":"ev-c288a10bbb86ff348e11f093","partners":['
        '"BE"],"occurred":"2024-02-03","provenance":{"article_id":null,"url":null,"outlet":nu'
        'll,"published":"2024-02-03","start":null,"end":null,"quote":null,"extractor":"manual'
        '","extractor_version":null,"rule":null},"target":"ev-05867fa552ca4ba5243b4d98","repl'
        'acement":{"partners":["BE"],"occurred":"2023-01","provenance":{"article_id":"art-000'
        '1","url":"https://example.org/a","outlet":"Example Wire","published":"2024-01-30","s'
        'tart":10,"end":52,"quote":"A sentence of our own about the fact.","extractor":"timel'
        'ine.rules","extractor_version":"1","rule":"sample"},"amount":{"value":"92000000","cu'
        'rrency":"EUR","qualifier":"over"},"category":null,"package_number":null,"items":[],"'
        'expected_delivery":null,"id":"ev-251136b7e3022904c1cf8556","kind":"aid_committed"},"'
        'reason":"the amount was misread"}'
    ),
    "article_recorded": (
        '{"kind":"article_recorded","schema":2,"id":"art-0001","partners":[],"occurred":"..",'
        '"provenance":{"article_id":null,"url":null,"outlet":null,"published":null,"start":nu'
        'll,"end":null,"quote":null,"extractor":null,"extractor_version":null,"rule":null},"a'
        'rticle_id":"art-0001","title":"A title","source":"Example Wire","url":"https://examp'
        'le.org/a","published":"2024-01-30","body":"Body text.","content_hash":"ababababababa'
        'bababababababababababababababababababababababababab"}'
    ),
}


def test_every_kind_has_a_pinned_wire_form() -> None:
    assert set(WIRE) == set(KINDS) == set(SAMPLES)


@pytest.mark.parametrize("kind", sorted(WIRE))
def test_the_wire_form_of_each_kind_is_pinned(kind: str) -> None:
    assert dumps(SAMPLES[kind]) == WIRE[kind]


@pytest.mark.parametrize("kind", sorted(WIRE))
def test_the_pinned_wire_form_reads_back_to_the_event(kind: str) -> None:
    assert loads(WIRE[kind]) == SAMPLES[kind]


def test_the_schema_3_forms_differ_from_schema_2_only_by_the_new_fields() -> None:
    assert set(WIRE_V2) == set(WIRE)
    for kind, text in WIRE_V2.items():
        old, current = json.loads(text), json.loads(WIRE[kind])
        assert (old.pop("schema"), current.pop("schema")) == (2, SCHEMA_VERSION) == (2, 3)
        assert current.pop("provenance").pop("confidence") is None
        if kind == "aid_committed":
            assert current.pop("raises") is False
        if kind == "event_corrected":
            assert current["replacement"].pop("raises") is False
            assert current["replacement"]["provenance"].pop("confidence") is None
        old.pop("provenance")
        assert old == current


@pytest.mark.parametrize("kind", sorted(WIRE_V2))
def test_a_schema_2_wire_form_reads_back_to_the_same_event(kind: str) -> None:
    assert loads(WIRE_V2[kind]) == SAMPLES[kind]
    assert decode(json.loads(WIRE_V2[kind])) == SAMPLES[kind]


_RAISED = "The government raised its contribution to the coalition to EUR 250 million."


def _schema_2_commitment(quote: str | None, amount: bool = True) -> dict[str, object]:
    wire = json.loads(WIRE_V2["aid_committed"])
    wire["provenance"]["quote"] = quote
    if not amount:
        wire["amount"] = None
    return wire


@pytest.mark.parametrize(
    ("quote", "amount", "raises"),
    [
        (_RAISED, True, True),
        ("Spending was increased to EUR 2 billion this year.", True, True),
        ("It brings the total of its support to EUR 1 billion.", True, True),
        (_RAISED, False, False),
        ("The government pledged EUR 250 million.", True, False),
        (None, True, False),
    ],
)
def test_the_upcaster_derives_raises_as_the_schema_2_fold_did(
    quote: str | None, amount: bool, raises: bool
) -> None:
    event = decode(_schema_2_commitment(quote, amount))
    assert event.raises is raises  # type: ignore[attr-defined]
    assert event.provenance.confidence is None
    # The flag is a reading, left out of the content id: deriving it changes no id.
    import attrs

    flipped = attrs.evolve(event, raises=not raises, id="")  # type: ignore[misc]
    assert flipped.id == attrs.evolve(event, id="").id  # type: ignore[misc]


def test_the_upcaster_migrates_a_nested_replacement_too() -> None:
    wire = json.loads(WIRE_V2["event_corrected"])
    wire["replacement"]["provenance"]["quote"] = _RAISED
    event = decode(wire)
    assert event.replacement.raises is True  # type: ignore[attr-defined]
    assert event.replacement.provenance.confidence is None  # type: ignore[attr-defined]


def test_the_upcaster_keeps_its_own_copy_of_the_schema_2_cue() -> None:
    import inspect

    import timeline.log.wire as wire

    assert "timeline.read" not in inspect.getsource(wire)


@given(events)
def test_every_event_survives_the_wire(event: Event) -> None:
    assert decode(encode(event)) == event
    assert loads(dumps(event)) == event
    assert json.loads(canonical_bytes(event)) == json.loads(dumps(event))


@given(events)
def test_the_id_survives_the_wire_and_matches_the_content(event: Event) -> None:
    again = decode(encode(event))
    assert again.id == event.id
    rebuilt = type(event)(**{**{a: getattr(event, a) for a in _fields(event)}, "id": ""})
    assert rebuilt.id == event.id


def _fields(event: Event) -> list[str]:
    import attrs

    return [f.name for f in attrs.fields(type(event)) if f.name != "id"]


def _v1(wire: dict[str, object]) -> dict[str, object]:
    """The same event as schema version 1 wrote it: date spans as objects."""
    from timeline.dates import DateSpan

    def span(text: object) -> object:
        if not isinstance(text, str):
            return text
        parsed = DateSpan.parse(text)
        return {
            "earliest": parsed.earliest and parsed.earliest.isoformat(),
            "latest": parsed.latest and parsed.latest.isoformat(),
            "precision": parsed.precision.value,
        }

    old = {k: v for k, v in wire.items() if k != "schema"}
    for field in ("occurred", "expected_delivery"):
        if field in old:
            old[field] = span(old[field])
    if isinstance(old.get("replacement"), dict):
        old["replacement"] = _v1(old["replacement"])  # type: ignore[arg-type]
    return old


@given(events)
def test_a_version_1_event_is_upcast_on_read(event: Event) -> None:
    old = _v1(encode(event))
    assert "schema" not in old
    assert decode(old) == event
    assert decode({**old, "schema": 1}) == event


def test_an_upcaster_registry_applies_its_steps_in_order() -> None:
    registry = Upcasters()
    seen: list[int] = []

    @registry.register("meeting_held", 1)
    def step(wire: dict[str, object]) -> dict[str, object]:
        seen.append(1)
        return {**wire, "format": "migrated"}

    out = registry.upcast({"kind": "meeting_held", "format": "old"})
    assert seen == [1]
    assert out["format"] == "migrated"
    assert out["schema"] == SCHEMA_VERSION


def test_a_newer_schema_version_is_refused_with_advice() -> None:
    wire = {**encode(SAMPLES["meeting_held"]), "schema": SCHEMA_VERSION + 1}
    with pytest.raises(SchemaError, match="newer"):
        decode(wire)


@pytest.mark.parametrize(
    "wire",
    [
        {"kind": "nonsense"},
        {"schema": 2},
        [],
        {**json.loads(WIRE["meeting_held"]), "surprise": 1},
        {
            **json.loads(WIRE["aid_committed"]),
            "amount": {"value": "x", "currency": "EUR", "qualifier": "exact"},
        },
        {**json.loads(WIRE["aid_committed"]), "occurred": "last June"},
        {**json.loads(WIRE["aid_committed"]), "schema": "two"},
    ],
)
def test_a_malformed_wire_form_is_a_schema_error(wire: object) -> None:
    with pytest.raises((SchemaError,)):
        decode(wire)  # type: ignore[arg-type]


def test_not_json_is_a_schema_error() -> None:
    with pytest.raises(SchemaError, match="not JSON"):
        loads("{nope")


def test_converters_are_independent_instances() -> None:
    assert make_converter() is not make_converter()
    assert UPCASTERS.upcast({"kind": "meeting_held", "schema": 3})["schema"] == 3
