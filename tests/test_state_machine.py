"""The specification: MemoryLog, SQLiteLog (and PostgresLog) and a plain list, side by side.

Each rule's docstring states the rule it checks. The invariants say that the three agree,
that records once read never change, that the chain verifies, and that projections rebuilt
from either log equal projections rebuilt from the plain list.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from helpers.pgcluster import fresh_schema, suite_dsn
from test_projections import view
from timeline.errors import ConcurrencyError
from timeline.events import FACT_KINDS, Event, EventCorrected, EventRetracted, Fact
from timeline.fold import Entry, Mode, project
from timeline.log import EventLog, MemoryLog, Record, SQLiteLog

from strategies import days, facts, provenances, short_text


class Clock:
    """A clock that ticks one second a call, so both logs see the same times."""

    def __init__(self) -> None:
        self.now = datetime(2024, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


class LogMachine(RuleBasedStateMachine):
    """Appends, duplicates, stale appends, retractions and corrections."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="timeline-sm-"))
        self.memory = MemoryLog(clock=Clock())
        self.sqlite = SQLiteLog(self.dir / "log.db", clock=Clock())
        self.others: list[EventLog] = self.more_logs()
        self.model: list[Event] = []
        self.seen: list[list[Record]] = [[] for _ in self.logs]

    def more_logs(self) -> list[EventLog]:
        """Logs driven beside the memory and SQLite ones (none here; see below)."""
        return []

    @property
    def logs(self) -> tuple[EventLog, ...]:
        return (self.memory, self.sqlite, *self.others)

    def _append(self, events: list[Event]) -> None:
        results = [log.append(events) for log in self.logs]
        for event in events:
            if event.id not in {e.id for e in self.model}:
                self.model.append(event)
        memory = results[0]
        for other in results[1:]:
            for a, b, event in zip(memory, other, events, strict=True):
                assert a.event.id == b.event.id == event.id
            assert [r.seq for r in memory] == [r.seq for r in other]

    def _facts(self) -> list[Fact]:
        return [e for e in self.model if isinstance(e, FACT_KINDS)]

    @rule(batch=st.lists(facts(), min_size=1, max_size=4))
    def append_facts(self, batch: list[Fact]) -> None:
        """Appending a batch adds each new event once, at the next sequence numbers."""
        before = self.memory.last_seq
        new = len({e.id for e in batch} - {e.id for e in self.model})
        self._append(list(batch))
        assert [log.last_seq for log in self.logs] == [before + new] * len(self.logs)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def append_a_duplicate(self, data: st.DataObject) -> None:
        """Appending an event already stored adds nothing and returns the stored record."""
        event = data.draw(st.sampled_from(self.model))
        before = [log.last_seq for log in self.logs]
        for log in self.logs:
            (record,) = log.append([event])
            assert record.event == event
            assert record.seq <= log.last_seq
        assert [log.last_seq for log in self.logs] == before

    @precondition(lambda self: self.model)
    @rule(batch=st.lists(facts(), min_size=1, max_size=3), behind=st.integers(1, 3))
    def append_with_a_stale_expectation(self, batch: list[Fact], behind: int) -> None:
        """An append that expects an earlier last_seq raises ConcurrencyError, writes nothing."""
        for log in self.logs:
            last = log.last_seq
            with pytest.raises(ConcurrencyError):
                log.append(batch, expected_last_seq=max(0, last - behind))
            assert log.last_seq == last

    @rule(batch=st.lists(facts(), min_size=1, max_size=3))
    def append_with_a_current_expectation(self, batch: list[Fact]) -> None:
        """An append that expects the current last_seq succeeds."""
        results = [log.append(batch, expected_last_seq=log.last_seq) for log in self.logs]
        for event in batch:
            if event.id not in {e.id for e in self.model}:
                self.model.append(event)
        for other in results[1:]:
            assert [r.seq for r in results[0]] == [r.seq for r in other]

    @precondition(lambda self: any(True for _ in self._facts()))
    @rule(data=st.data(), article=st.sampled_from(["art-x", "art-y"]), outlet=short_text)
    def report_again(self, data: st.DataObject, article: str, outlet: str) -> None:
        """Another article reporting a stored fact is appended like any event; the states
        merge it with the fact it reports (the projections_agree rule compares them)."""
        told = data.draw(st.sampled_from(self._facts()))
        provenance = attrs.evolve(told.provenance, article_id=article, outlet=outlet or None)
        self._append([attrs.evolve(told, provenance=provenance, id="")])

    @precondition(lambda self: any(True for _ in self._facts()))
    @rule(data=st.data(), reason=short_text)
    def retract(self, data: st.DataObject, reason: str) -> None:
        """A retraction is appended like any event."""
        target = data.draw(st.sampled_from(self._facts()))
        retraction = EventRetracted(
            partners=target.partners,
            target=target.id,
            reason=reason,
            provenance=data.draw(provenances()),
        )
        self._append([retraction])

    @precondition(lambda self: any(True for _ in self._facts()))
    @rule(data=st.data(), replacement=facts())
    def correct(self, data: st.DataObject, replacement: Fact) -> None:
        """A correction is appended like any event."""
        target = data.draw(st.sampled_from(self._facts()))
        correction = EventCorrected(
            partners=tuple(sorted(set(target.partners) | set(replacement.partners))),
            target=target.id,
            replacement=replacement,
            reason="misread",
            provenance=data.draw(provenances()),
        )
        self._append([correction])

    @rule(
        as_of=st.none() | days,
        known_at=st.none() | days,
        mode=st.sampled_from(list(Mode)),
        data=st.data(),
    )
    def projections_agree(
        self, as_of: date | None, known_at: date | None, mode: Mode, data: st.DataObject
    ) -> None:
        """Projections rebuilt from either log equal those rebuilt from the plain list."""
        recorded_by = data.draw(st.none() | st.integers(0, max(0, len(self.model))))
        expected = view(
            project(
                [Entry(i, e) for i, e in enumerate(self.model, 1)],
                as_of=as_of,
                known_at=known_at,
                mode=mode,
                recorded_by=recorded_by,
            )
        )
        for log in self.logs:
            got = project(
                log.read(), as_of=as_of, known_at=known_at, mode=mode, recorded_by=recorded_by
            )
            assert view(got) == expected

    @invariant()
    def the_logs_and_the_model_agree(self) -> None:
        for log in self.logs:
            records = list(log.read())
            assert [r.event for r in records] == self.model
            assert [r.seq for r in records] == list(range(1, len(self.model) + 1))
            assert log.last_seq == len(self.model) == len(log)

    @invariant()
    def records_already_read_never_change(self) -> None:
        for i, log in enumerate(self.logs):
            records = list(log.read())
            assert records[: len(self.seen[i])] == self.seen[i]
            self.seen[i] = records

    @invariant()
    def the_chain_verifies(self) -> None:
        for log in self.logs:
            result = log.verify()
            assert result.ok, result.reason
            assert result.head == log.head

    @invariant()
    def both_logs_chain_the_same_hashes(self) -> None:
        assert {log.head for log in self.logs} == {self.memory.head}

    def teardown(self) -> None:
        for log in (self.sqlite, *self.others):
            log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


LogMachine.TestCase.settings = settings(
    settings(), stateful_step_count=25, max_examples=min(settings().max_examples, 40)
)
test_the_logs_follow_the_specification = LogMachine.TestCase


class PostgresLogMachine(LogMachine):
    """The same specification with a `PostgresLog` (a schema of its own) driven alongside."""

    def more_logs(self) -> list[EventLog]:
        from timeline.log.postgres import PostgresLog

        return [PostgresLog(suite_dsn(), schema=fresh_schema(), clock=Clock())]


PostgresLogMachine.TestCase.settings = LogMachine.TestCase.settings


def test_the_postgres_log_follows_the_specification() -> None:
    suite_dsn()  # skips (outside CI) before Hypothesis starts when there is no server
    PostgresLogMachine.TestCase().runTest()
