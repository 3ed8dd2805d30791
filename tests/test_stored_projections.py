"""Projections kept in the store: each partner's state in the log file, tagged with the chain.

A stored state is the full fold's (`project_partner` over the partner's records), byte for
byte the same after dropping and rebuilding; it is used only while its tag is on the chain
and no later record names its partner; `catch_up` folds again only the partners that the
new records name.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.stateful import invariant, rule

from helpers.forgery import build_template, raw
from helpers.workload import batch_events
from test_checkpoints import PARTNERS
from test_timeline_asof import _Machine
from timeline.errors import IntegrityError, LogError
from timeline.fold import AsOfIndex, project_partner
from timeline.fold.stored import ProjectionStore, state_bytes, state_from_bytes
from timeline.log import SQLiteLog
from timeline.timeline import Timeline

from samples import SAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "logs"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed log of every kind of event and some workload batches."""
    path = tmp_path_factory.mktemp("stored") / "template.db"
    build_template(path, batches=4, extra=tuple(SAMPLES.values()))
    return path


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Callable[[Path], Path]:
    """A fresh copy of a log file (the template by default)."""

    def make(source: Path = template) -> Path:
        return Path(shutil.copy(source, tmp_path / f"copy-{source.name}"))

    return make


def _partners(log: SQLiteLog) -> list[str]:
    return sorted({p for record in log.read() for p in record.event.partners})


def _assert_all_loaded_equal_the_fold(log: SQLiteLog, store: ProjectionStore) -> None:
    for partner in _partners(log):
        found = store.load(partner)
        assert found is not None
        assert found.state == project_partner(log.read(partner=partner), partner)


@pytest.mark.parametrize("source", ["template", "schema2"])
def test_a_stored_state_reads_back_equal_and_encodes_to_the_same_bytes(
    copy: Callable[..., Path], source: str
) -> None:
    path = copy() if source == "template" else copy(FIXTURES / "schema2.db")
    with SQLiteLog(path, read_only=True) as log:
        for partner in _partners(log):
            state = project_partner(log.read(partner=partner), partner)
            data = state_bytes(state)
            assert state_from_bytes(data) == state
            assert state_bytes(state_from_bytes(data)) == data


@pytest.mark.parametrize("source", ["template", "schema2"])
def test_dropping_and_rebuilding_gives_byte_identical_projections(
    copy: Callable[..., Path], source: str
) -> None:
    path = copy() if source == "template" else copy(FIXTURES / "schema2.db")
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        seen: list[tuple[int, int]] = []
        assert store.rebuild(progress=lambda done, total: seen.append((done, total))) == len(log)
        first = store.rows()
        assert [p for p, *_ in first] == _partners(log)
        for partner, *_, last_seq, _, _ in first:
            assert last_seq == max(r.seq for r in log.read(partner=partner))
        assert seen[-1] == (len(first), len(first))
        store.rebuild()
        assert store.rows() == first
        _assert_all_loaded_equal_the_fold(log, store)


def test_catching_up_folds_again_only_the_partners_named_since(
    copy: Callable[..., Path],
) -> None:
    with SQLiteLog(copy()) as log, ProjectionStore(log) as store:
        assert store.catch_up() == len(log)  # nothing stored yet: a rebuild
        before = {p: (s, h) for p, s, h, *_ in store.rows()}
        new = [e for e in batch_events("later", 5, 0) if "NL" not in e.partners]
        log.append(new)
        named = {p for e in new for p in e.partners}
        assert "BE" in named
        assert store.load("BE") is None  # a later record names it: not the whole log's
        assert store.catch_up() == len(log)
        after = {p: (s, h) for p, s, h, *_ in store.rows()}
        for partner, tag in after.items():
            assert (tag == before.get(partner)) == (partner not in named)
        _assert_all_loaded_equal_the_fold(log, store)
        bodies = [(p, *rest) for p, _, _, *rest in store.rows()]
        store.rebuild()
        assert [(p, *rest) for p, _, _, *rest in store.rows()] == bodies


def test_a_tag_that_is_not_on_the_chain_is_refused_and_rebuilt(
    copy: Callable[..., Path],
) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
        rows = store.rows()
    with raw(path) as connection:
        connection.execute("UPDATE projections SET hash = ? WHERE partner = 'BE'", ("ab" * 32,))
        connection.execute("UPDATE projection_position SET hash = ?", ("cd" * 32,))
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        assert store.load("BE") is None
        found = store.load("NL")
        assert found is not None
        assert found.state == project_partner(log.read(partner="NL"), "NL")
        store.catch_up()  # the position is not on the chain: everything again
        assert store.rows() == rows


def test_a_rebuild_refuses_a_forged_log_and_changes_nothing(copy: Callable[..., Path]) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
        rows = store.rows()
    with raw(path) as connection:
        connection.execute("UPDATE records SET recorded_at = '2001-01-01T00:00:00+00:00' "
                           "WHERE seq = 3")  # fmt: skip
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        with pytest.raises(IntegrityError):
            store.rebuild()
        assert store.rows() == rows
        # The stored states were folded from the chain as it was verified then: a later
        # forgery of an earlier record leaves them as they were (`verify` finds it).
        assert store.catch_up() == len(log)
        assert store.rows() == rows


def test_a_read_only_store_loads_and_refuses_to_write(copy: Callable[..., Path]) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
    with SQLiteLog(path, read_only=True) as log, ProjectionStore(log) as store:
        found = store.load("DE")
        assert found is not None
        assert found.state == project_partner(log.read(partner="DE"), "DE")
        with pytest.raises(LogError, match="read-only"):
            store.catch_up()
    with pytest.raises(LogError, match="in-memory"), SQLiteLog(":memory:") as log:
        ProjectionStore(log)


def _questions(log: SQLiteLog) -> list[dict[str, Any]]:
    days = [date(2022, 3, 1), date(2023, 6, 30), date(2024, 12, 31), None]
    return [
        {"as_of": as_of, "known_at": known_at, "mode": mode, "recorded_by": recorded_by}
        for as_of in days
        for known_at in (None, date.today(), date(2023, 1, 1))
        for mode in ("certain", "possible")
        for recorded_by in (None, len(log) // 2)
    ]


def test_the_as_of_index_answers_from_the_store_as_the_full_fold_does(
    copy: Callable[..., Path],
) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        index = AsOfIndex(log, store=store)
        partners = _partners(log)
        index.state("NL", as_of=date(2023, 6, 30), known_at=date.today())
        assert index._partners["NL"].records is None  # from the store: no record read
        for step in range(2):
            for partner in partners:
                for question in _questions(log):
                    expected = project_partner(log.read(partner=partner), partner, **question)
                    assert index.state(partner, **question) == expected, (partner, question)
            if step == 0:  # later records: the partners they name are folded from the log
                log.append(batch_events("after", 9, 0))


# -- a state machine: the stored projections stay the full fold's -------------------------------


class StoredFile(_Machine):
    """The timeline's as-of index starts partners from a `ProjectionStore` of its file, which
    is caught up or rebuilt between appends (by either writer), amendments and questions;
    every answer, and every stored state the store accepts, equals the full fold."""

    def open(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="stored-")
        path = Path(self.directory) / "log.db"
        self.timeline = Timeline.open(path)
        self.writer = SQLiteLog(path)
        self.store = ProjectionStore(self.timeline.log)  # type: ignore[arg-type]
        self.timeline._index = AsOfIndex(self.timeline.log, store=self.store)

    def teardown(self) -> None:
        self.store.close()
        super().teardown()
        shutil.rmtree(self.directory, ignore_errors=True)

    @rule()
    def catch_up(self) -> None:
        """Catching up makes every partner's stored state current."""
        log = self.timeline.log
        assert self.store.catch_up() == len(log)
        for partner in (*PARTNERS, "XX"):
            found = self.store.load(partner)
            if any(True for _ in log.read(partner=partner)):
                assert found is not None
                assert found.state == self.fold(partner)
            else:
                assert found is None

    @rule()
    def cold_start(self) -> None:
        """A fresh index: partners start from the store where it is current for them."""
        self.timeline._index = AsOfIndex(self.timeline.log, store=self.store)

    @rule()
    def rebuild(self) -> None:
        """Dropping and rebuilding gives the rows a rebuild gave, byte for byte."""
        self.store.rebuild()
        rows = self.store.rows()
        self.store.rebuild()
        assert self.store.rows() == rows

    @invariant()
    def stored_states_that_are_accepted_are_the_fold(self) -> None:
        if hasattr(self, "store"):
            for partner in PARTNERS:
                found = self.store.load(partner)
                if found is not None:
                    assert found.state == self.fold(partner)


TestStoredFile = StoredFile.TestCase
TestStoredFile.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
