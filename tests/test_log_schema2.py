"""A log file written by schema 2 reads, folds and verifies as it did then.

`tests/fixtures/logs/schema2.db` was written by the library at schema 2 (the sample corpus
and the merging fixtures, with a raised pledge and a retraction), and
`schema2_states.json` holds what ``timeline state P --db F --format json`` printed for each
partner then. Reading it now goes through the 2 → 3 upcaster (``raises`` derived from the
quote as the schema-2 fold derived it, ``confidence`` None); nothing stored is rewritten.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from timeline.cli import main
from timeline.events import AidCommitted
from timeline.log import SQLiteLog
from timeline.log.wire import SCHEMA_VERSION, canonical_bytes
from timeline.timeline import Timeline

FIXTURES = Path(__file__).parent / "fixtures" / "logs"
STATES: dict[str, Any] = json.loads((FIXTURES / "schema2_states.json").read_text("utf-8"))

#: The Dutch pledge raised to €250 million, and the €100 million pledge it raises.
RAISED, EARLIER = "ev-1da716579392b5c9ad13bec1", "ev-06ee2f7f10baf1a797b2e047"


@pytest.fixture
def schema2_db(tmp_path: Path) -> Path:
    """A copy of the schema-2 log (the committed file is never opened for writing)."""
    return Path(shutil.copy(FIXTURES / "schema2.db", tmp_path / "schema2.db"))


def _as_then(now: Any, then: Any) -> Any:
    """`now` without the keys that did not exist when `then` was written (recursively)."""
    if isinstance(now, dict) and isinstance(then, dict):
        return {k: _as_then(v, then[k]) for k, v in now.items() if k in then}
    if isinstance(now, list) and isinstance(then, list) and len(now) == len(then):
        return [_as_then(a, b) for a, b in zip(now, then, strict=True)]
    return now


def _state_json(db: Path, partner: str) -> Any:
    out = io.StringIO()
    assert main(["state", partner, "--db", str(db), "--format", "json"], out=out) == 0
    return json.loads(out.getvalue())


def test_the_fixture_was_written_by_schema_2(schema2_db: Path) -> None:
    with SQLiteLog(schema2_db, read_only=True) as log:
        connection = log._open_connection()
        schemas = {json.loads(body)["schema"] for (body,) in connection.execute(
            "SELECT body FROM records"
        )}  # fmt: skip
    assert schemas == {2}
    assert SCHEMA_VERSION == 3


@pytest.mark.parametrize("partner", sorted(STATES))
def test_every_partner_has_the_state_it_had_at_schema_2(schema2_db: Path, partner: str) -> None:
    now = _state_json(schema2_db, partner)
    assert _as_then(now, STATES[partner]) == STATES[partner]


def test_the_raised_dutch_pledge_still_supersedes_the_earlier_one(schema2_db: Path) -> None:
    with Timeline.open(schema2_db) as tl:
        raised = tl.log.get(RAISED)
        assert raised is not None
        assert isinstance(raised.event, AidCommitted)
        assert raised.event.raises is True  # derived by the upcaster from the quote
        assert raised.event.amount is not None
        assert raised.event.amount.value == 250_000_000
        earlier = tl.log.get(EARLIER)
        assert earlier is not None
        assert isinstance(earlier.event, AidCommitted)
        assert earlier.event.raises is False
        state = tl.state("NL")
    [item] = [c for c in state.commitments if c.id == RAISED]
    assert [s.id for s in item.supersedes] == [EARLIER]
    assert EARLIER not in {c.id for c in state.commitments}


def test_only_raising_commitments_are_flagged(schema2_db: Path) -> None:
    with Timeline.open(schema2_db) as tl:
        flagged = {
            r.event.id
            for r in tl.log.read(kinds="aid_committed")
            if isinstance(r.event, AidCommitted) and r.event.raises
        }
        assert flagged == {RAISED}
        assert all(r.event.provenance.confidence is None for r in tl.log.read())


def test_the_chain_covers_the_stored_bytes_not_the_upcast_ones(schema2_db: Path) -> None:
    with Timeline.open(schema2_db) as tl:
        result = tl.verify()
        assert result.ok, result.reason
        assert result.records == tl.log.last_seq == 71
        raised = tl.log.get(RAISED)
        assert raised is not None
        # Re-encoding the upcast event gives schema-3 bytes: not what the chain sealed.
        stored = (
            tl.log._open_connection()
            .execute(  # type: ignore[attr-defined]
                "SELECT body FROM records WHERE event_id = ?", (RAISED,)
            )
            .fetchone()[0]
        )
        assert canonical_bytes(raised.event) != stored
        assert json.loads(stored)["schema"] == 2
