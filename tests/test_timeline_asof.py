"""`Timeline.state` answers through its as-of index: always the state the full fold gives.

A state machine interleaves appends (reports, articles, retractions, corrections, also by a
second writer of the same SQLite file) with questions, and compares every answer with
`project_partner` over the log as it is at that moment.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from test_checkpoints import PARTNERS, days, reports
from timeline.dates import DateSpan
from timeline.events import ArticleRecorded, Fact, MeetingHeld, Provenance
from timeline.fold import (
    AlreadyAmendedError,
    AsOfIndex,
    Mode,
    PartnerState,
    project,
    project_partner,
)
from timeline.log import EventLog, MemoryLog, SQLiteLog
from timeline.timeline import Timeline

modes = st.sampled_from(list(Mode))


class _Machine(RuleBasedStateMachine):
    """Appends and questions in any order; every answer equals the full fold's."""

    timeline: Timeline
    writer: EventLog

    def __init__(self) -> None:
        super().__init__()
        self.facts: list[Fact] = []
        self.amended: set[str] = set()
        self.count = 0

    def open(self) -> None:
        raise NotImplementedError

    @initialize()
    def start(self) -> None:
        self.open()

    def teardown(self) -> None:
        self.timeline.close()
        self.writer.close()

    def fold(self, partner: str, **times: object) -> PartnerState:
        log = self.timeline.log
        return project_partner(log.read(partner=partner), partner, **times)  # type: ignore[arg-type]

    @rule(data=st.data(), by_writer=st.booleans())
    def report(self, data: st.DataObject, by_writer: bool) -> None:
        self.count += 1
        fact = data.draw(reports(self.count))
        (self.writer if by_writer else self.timeline).append([fact])
        self.facts.append(fact)

    @rule(n=st.integers(0, 10**6))
    def article(self, n: int) -> None:
        self.writer.append(
            [ArticleRecorded(article_id=f"art-{n}", body=f"body {n}", content_hash="0" * 64)]
        )

    @precondition(lambda self: self.facts)
    @rule(data=st.data(), published=days)
    def retract(self, data: st.DataObject, published: date) -> None:
        """A fact is retracted once; amending it again is refused."""
        target = data.draw(st.sampled_from(self.facts))
        if target.id in self.amended:
            with pytest.raises(AlreadyAmendedError):
                self.timeline.retract(target.id, reason="again", published=published)
            return
        self.timeline.retract(target.id, reason="misread", published=published)
        self.amended.add(target.id)

    @precondition(lambda self: self.facts)
    @rule(data=st.data(), published=days)
    def correct(self, data: st.DataObject, published: date) -> None:
        target = data.draw(st.sampled_from(self.facts))
        self.count += 1
        replacement = data.draw(reports(1000 + self.count))
        if target.id in self.amended:
            with pytest.raises(AlreadyAmendedError):
                self.timeline.correct(target.id, replacement, reason="x", published=published)
            return
        self.timeline.correct(target.id, replacement, reason="amount misread", published=published)
        self.amended.add(target.id)

    @rule(
        partner=st.sampled_from(PARTNERS),
        as_of=st.none() | days,
        known_at=st.none() | days,
        mode=modes,
        recorded_by=st.none() | st.integers(0, 30),
    )
    def ask(
        self,
        partner: str,
        as_of: date | None,
        known_at: date | None,
        mode: Mode,
        recorded_by: int | None,
    ) -> None:
        times = {"as_of": as_of, "known_at": known_at, "mode": mode, "recorded_by": recorded_by}
        assert self.timeline.state(partner, **times) == self.fold(partner, **times)  # type: ignore[arg-type]

    @rule(
        partners=st.lists(st.sampled_from((*PARTNERS, "XX")), max_size=3),
        as_of=st.none() | days,
        mode=modes,
    )
    def ask_several(self, partners: list[str], as_of: date | None, mode: Mode) -> None:
        expected = project(self.timeline.log.read(), as_of=as_of, mode=mode, partners=partners)
        assert self.timeline.states(as_of=as_of, mode=mode, partners=partners) == expected

    @invariant()
    def now(self) -> None:
        if hasattr(self, "timeline"):
            partner = PARTNERS[self.count % len(PARTNERS)]
            assert self.timeline.state(partner) == self.fold(partner)


class InMemory(_Machine):
    def open(self) -> None:
        self.timeline = Timeline(MemoryLog())
        self.writer = self.timeline.log


class SharedFile(_Machine):
    """The timeline reads a file that a second connection writes too (as another process)."""

    def open(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="asof-")
        path = Path(self.directory) / "log.db"
        self.timeline = Timeline.open(path)
        self.writer = SQLiteLog(path)

    def teardown(self) -> None:
        super().teardown()
        shutil.rmtree(self.directory, ignore_errors=True)


TestInMemory = InMemory.TestCase
TestInMemory.settings = settings(max_examples=120, stateful_step_count=30, deadline=None)
TestSharedFile = SharedFile.TestCase
TestSharedFile.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)


@settings(max_examples=5, deadline=None)
@given(st.tuples(*(reports(n) for n in range(60))))
def test_threads_asking_while_the_log_grows_get_the_full_fold(facts: tuple[Fact, ...]) -> None:
    timeline = Timeline(MemoryLog())
    timeline.append(facts[:20])
    answers: list[tuple[str, date, Mode, int, PartnerState]] = []
    lock = threading.Lock()

    def ask(seed: int) -> None:
        for n in range(40):
            partner = PARTNERS[(seed + n) % len(PARTNERS)]
            as_of = date(2022 + n % 3, 1 + n % 12, 1)
            mode = list(Mode)[n % 2]
            seen = timeline.log.last_seq
            state = timeline.state(partner, as_of=as_of, mode=mode, recorded_by=seen)
            with lock:
                answers.append((partner, as_of, mode, seen, state))

    threads = [threading.Thread(target=ask, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for fact in facts[20:]:
        timeline.append([fact])
    for thread in threads:
        thread.join()
    assert len(answers) == 160
    for partner, as_of, mode, seen, state in answers:
        assert state == project_partner(
            timeline.log.read(partner=partner), partner, as_of=as_of, mode=mode, recorded_by=seen
        )


@settings(max_examples=10, deadline=None)
@given(reports(1), reports(2))
def test_a_state_sees_what_another_connection_appended(fact: Fact, later: Fact) -> None:
    with (
        tempfile.TemporaryDirectory() as directory,
        Timeline.open(Path(directory) / "log.db") as timeline,
        SQLiteLog(Path(directory) / "log.db") as other,
    ):
        partner = fact.partners[0]
        assert timeline.state(partner).is_empty
        other.append([fact])
        assert timeline.state(partner) == project_partner(other.read(partner=partner), partner)
        other.append([later])
        for name in later.partners:
            assert timeline.state(name) == project_partner(other.read(partner=name), name)


def test_an_index_over_a_log_replaced_by_a_shorter_one_starts_over() -> None:
    longer, shorter = MemoryLog(), MemoryLog()
    facts = [
        MeetingHeld(
            partners=("NL",),
            occurred=DateSpan.day(date(2024, 1, day)),
            provenance=Provenance(published=date(2024, 1, day)),
            format=f"forum {day}",
        )
        for day in (1, 2, 3)
    ]
    longer.append(facts)
    shorter.append(facts[2:])
    index = AsOfIndex(longer)
    assert len(index.state("NL").meetings) == 3
    index.log = shorter
    assert index.state("NL") == project_partner(shorter.read(partner="NL"), "NL")
