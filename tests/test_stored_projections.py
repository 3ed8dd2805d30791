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
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from helpers.forgery import build_template, raw
from helpers.stores import Place
from helpers.workload import batch_events
from test_checkpoints import PARTNERS, days, logs
from test_timeline_asof import _Machine
from timeline.articles import Article
from timeline.dates import DateSpan
from timeline.errors import IntegrityError, LogError
from timeline.events import AidCommitted, Event, Provenance
from timeline.fold import AsOfIndex, Mode, calendar_key, project, project_partner
from timeline.fold.state import SECTIONS, Items, calendar_bytes
from timeline.fold.stored import ProjectionStore, state_bytes, state_from_bytes
from timeline.log import MemoryLog, SQLiteLog
from timeline.timeline import Timeline

from samples import SAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "logs"
BACKENDS = ["sqlite", "postgres"]


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


@pytest.fixture(params=BACKENDS)
def place(request: pytest.FixtureRequest, template: Path, tmp_path: Path) -> Callable[..., Place]:
    """A copy of a log file (the template by default), in a file or in a PostgreSQL schema."""

    def make(source: Path = template) -> Place:
        return Place(request.param, source, tmp_path)

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
    place: Callable[..., Place], source: str
) -> None:
    where = place() if source == "template" else place(FIXTURES / "schema2.db")
    with where.open() as log, ProjectionStore(log) as store:
        seen: list[tuple[int, int]] = []
        assert store.rebuild(progress=lambda done, total: seen.append((done, total))) == len(log)
        first = store.rows()
        assert [p for p, *_ in first] == _partners(log)
        for partner, *_, last_seq, _, _, _ in first:
            assert last_seq == max(r.seq for r in log.read(partner=partner))
        assert seen[-1] == (len(first), len(first))
        store.rebuild()
        assert store.rows() == first
        _assert_all_loaded_equal_the_fold(log, store)


def test_catching_up_folds_again_only_the_partners_named_since(
    place: Callable[..., Place],
) -> None:
    with place().open() as log, ProjectionStore(log) as store:
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
    place: Callable[..., Place],
) -> None:
    where = place()
    with where.open() as log, ProjectionStore(log) as store:
        store.rebuild()
        rows = store.rows()
    with where.forger() as connection:
        connection.execute("UPDATE projections SET hash = ? WHERE partner = 'BE'", ("ab" * 32,))
        connection.execute("UPDATE projection_position SET hash = ?", ("cd" * 32,))
    with where.open() as log, ProjectionStore(log) as store:
        assert store.load("BE") is None
        found = store.load("NL")
        assert found is not None
        assert found.state == project_partner(log.read(partner="NL"), "NL")
        store.catch_up()  # the position is not on the chain: everything again
        assert store.rows() == rows


def test_a_rebuild_refuses_a_forged_log_and_changes_nothing(place: Callable[..., Place]) -> None:
    where = place()
    with where.open() as log, ProjectionStore(log) as store:
        store.rebuild()
        rows = store.rows()
    with where.forger() as connection:
        connection.execute("UPDATE records SET recorded_at = '2001-01-01T00:00:00+00:00' "
                           "WHERE seq = 3")  # fmt: skip
    with where.open() as log, ProjectionStore(log) as store:
        with pytest.raises(IntegrityError):
            store.rebuild()
        assert store.rows() == rows
        # The stored states were folded from the chain as it was verified then: a later
        # forgery of an earlier record leaves them as they were (`verify` finds it).
        assert store.catch_up() == len(log)
        assert store.rows() == rows


def test_a_read_only_store_loads_and_refuses_to_write(place: Callable[..., Place]) -> None:
    where = place()
    with where.open() as log, ProjectionStore(log) as store:
        store.rebuild()
    with where.open(read_only=True) as log, ProjectionStore(log) as store:
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
    place: Callable[..., Place],
) -> None:
    where = place()
    with where.open() as log, ProjectionStore(log) as store:
        store.rebuild()
    with where.open() as log, ProjectionStore(log) as store:
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


def _materialised(state: Any) -> list[list[Any]]:
    """Every item of every section, decoded (a lazy section's `Items` read to the end)."""
    return [list(state.section(name)) for name in ("memoranda", "commitments", "meetings")]


@settings(max_examples=60, deadline=None)
@given(logs(), st.lists(st.tuples(days, st.sampled_from(list(Mode))), min_size=1, max_size=6))
def test_a_stored_state_at_any_date_materialised_equals_the_full_fold(
    events: list[Event], asked: list[tuple[date, Mode]]
) -> None:
    """Random logs with amendments, merged reports and raised pledges: the store's rows,
    selected by SQL for a date and decoded, give the fold's state exactly, totals included."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "log.db"
        with SQLiteLog(path) as log, ProjectionStore(log) as store:
            log.append(events)
            store.rebuild()
            for partner in PARTNERS:
                stored = store.load(partner)
                records = list(log.read(partner=partner))
                assert (stored is None) == (not records)
                if stored is None:
                    continue
                assert stored.state == project_partner(records, partner)
                _assert_same_views(stored.state, project_partner(records, partner))
                for as_of, mode in asked:
                    found = stored.at(as_of, mode)
                    expected = project_partner(records, partner, as_of=as_of, mode=mode)
                    assert found == expected, (partner, as_of, mode)
                    assert found is not None
                    assert _materialised(found) == _materialised(expected)
                    assert hash(found.meetings) == hash(tuple(expected.meetings))
                    _assert_same_views(found, expected)


def _assert_same_views(found: Any, expected: Any) -> None:
    """What views read of a state without decoding it: the calendar order (of every
    section and of each), the first and last activity, emptiness."""
    assert list(found.chronology()) == list(expected.chronology())
    for name in SECTIONS:
        assert list(found.chronology(name)) == list(expected.chronology(name))
    assert found.first_activity == expected.first_activity
    assert found.last_activity == expected.last_activity
    assert found.is_empty == expected.is_empty


def test_a_lazy_section_behaves_as_the_tuple_of_its_items(copy: Callable[..., Path]) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
        stored = store.load("DE")
        assert stored is not None
        lazy = stored.state.commitments
        plain = project_partner(log.read(partner="DE"), "DE").commitments
    assert isinstance(lazy, Items)
    assert len(lazy) == len(plain) > 2
    assert lazy == plain
    assert plain == lazy
    assert lazy == plain
    assert lazy[1:] == plain[1:]
    assert isinstance(lazy[1:], Items)
    assert lazy[-1] == plain[-1]
    assert list(reversed(lazy)) == list(reversed(plain))
    assert (*lazy,) == plain
    assert (*lazy,) == plain
    assert hash(lazy) == hash(plain)
    assert repr(lazy) == repr(plain)
    assert lazy != plain[:-1]
    assert lazy != list(plain)
    with pytest.raises(IndexError):
        lazy[len(plain)]


def test_views_order_and_date_a_stored_state_without_decoding_it(
    copy: Callable[..., Path],
) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
        stored = store.load("DE")
        assert stored is not None
        state = stored.at(date(2024, 6, 30), Mode.POSSIBLE)
    assert state is not None
    calendar = state.chronology()
    assert isinstance(calendar, Items)
    assert state.first_activity is not None
    assert not state.is_empty
    sections = [state.section(name) for name in SECTIONS]
    assert all(isinstance(s, Items) and not s._items for s in sections)
    assert calendar[-1] == max(calendar, key=calendar_key)  # decodes only now


def test_a_timeline_answers_from_its_file_s_store_once_rebuilt(
    place: Callable[..., Place],
) -> None:
    where = place()
    with Timeline(where.open()) as tl:
        assert tl.index.store is None  # no projections stored yet: folded from the log
        expected = tl.state("DE", as_of=date(2023, 6, 30))
    with where.open() as log, ProjectionStore(log) as store:
        store.rebuild()
    with Timeline(where.open(read_only=True)) as tl:
        found = tl.state("DE", as_of=date(2023, 6, 30))
        assert isinstance(found.commitments, Items)  # from the store
        assert found == expected
        assert tl.index._partners["DE"].records is None


def test_a_writable_timeline_catches_its_store_up_on_open(place: Callable[..., Place]) -> None:
    where = place()
    with where.open() as log, ProjectionStore(log) as store:
        store.rebuild()
        log.append(batch_events("later", 3, 0))
        behind = store.position()
    with Timeline(where.open(read_only=True)) as tl:  # read-only: behind, folded where needed
        for partner in _partners(tl.log):  # type: ignore[arg-type]
            assert tl.state(partner) == project_partner(tl.log.read(partner=partner), partner)
    with Timeline(where.open()) as tl:
        tl.state("NL")
        store = tl.index.store
        assert store is not None
        assert store.position() != behind
        assert store.position() == (len(tl.log), tl.log.head)
        assert isinstance(tl.state("BE").commitments, Items)


def test_every_partner_s_state_comes_from_the_store_as_the_one_pass_fold_gives_it(
    place: Callable[..., Place],
) -> None:
    """`Timeline.states()` without partners answers every partner from the store (no pass
    over the log), equal to `project` of the whole log at any date and mode; a read-only
    timeline behind the log also answers the partners that only the later records name."""
    where = place()
    with where.open() as log, ProjectionStore(log) as store:
        store.rebuild()
    questions = [(None, Mode.CERTAIN), (date(2023, 6, 30), Mode.CERTAIN)]
    questions.append((date(2024, 2, 1), Mode.POSSIBLE))
    with Timeline(where.open(read_only=True)) as tl:
        for as_of, mode in questions:
            found = tl.states(as_of=as_of, mode=mode)
            assert found == project(tl.log.read(), as_of=as_of, mode=mode)
        assert all(isinstance(s.commitments, Items) for s in found.values())
        assert tl.index._partners["DE"].records is None  # not read: from the store
    with where.open() as log:
        log.append(
            [
                AidCommitted(
                    partners=("ZZ",),
                    occurred=DateSpan.month(2024, 3),
                    provenance=Provenance(
                        url="https://example.org/late",
                        published=date(2024, 3, 20),
                        quote="A new partner promised aid to Ukraine.",
                    ),
                )
            ]
        )
    with Timeline(where.open(read_only=True)) as tl:  # the store is behind the log now
        found = tl.states()
        assert "ZZ" in found
        assert found == project(tl.log.read())
        assert tl.states(known_at=date(2023, 6, 30)) == project(
            tl.log.read(), known_at=date(2023, 6, 30)
        )


# -- a state machine: the stored projections stay the full fold's -------------------------------


class StoredFile(_Machine):
    """A timeline over a file whose `ProjectionStore` is caught up or rebuilt between
    appends (by either writer), duplicates, amendments, re-extraction and questions, and
    opened again cold (writable: caught up; read-only: folded where behind); every answer,
    and every stored state the store accepts, equals the full fold."""

    def open(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="stored-")
        self.path = Path(self.directory) / "log.db"
        self.timeline = Timeline.open(self.path)
        self.writer = SQLiteLog(self.path)
        self.store = ProjectionStore(self.writer)  # type: ignore[arg-type]
        self.ingested = 0

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
        """A timeline opened again answers from the store (caught up on open, once made)."""
        self.timeline.close()
        self.timeline = Timeline.open(self.path)

    @rule(partner=st.sampled_from(PARTNERS), as_of=st.none() | days, mode=st.sampled_from(Mode))
    def ask_read_only(self, partner: str, as_of: date | None, mode: Mode) -> None:
        """A read-only timeline answers from the store where it is current, else folds."""
        with Timeline.open(self.path, read_only=True) as tl:
            assert tl.state(partner, as_of=as_of, mode=mode) == self.fold(
                partner, as_of=as_of, mode=mode
            )

    @rule(data=st.data())
    def duplicate(self, data: st.DataObject) -> None:
        """Appending a stored event again adds nothing."""
        if self.facts:
            self.writer.append([data.draw(st.sampled_from(self.facts))])

    @rule(data=st.data())
    def reextract(self, data: st.DataObject) -> None:
        """An article stored with an old reading is read again: amendments and new facts."""
        self.ingested += 1
        article = Article.from_text(
            f"Belgium pledged 10 million euros in military aid to Ukraine. Note {self.ingested}.",
            published=date(2023, 3, 3),
        )
        old = AidCommitted(
            partners=("BE",),
            occurred=data.draw(st.sampled_from([DateSpan.month(2023, 3), DateSpan.year(2023)])),
            provenance=Provenance(
                article_id=article.id, published=article.published, extractor_version="0"
            ),
        )
        self.timeline.ingest(article, [old])
        self.timeline.reextract(published=date(2023, 4, 1))

    @precondition(lambda self: self.store.ready())
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
                    day = date(2023, 6, 30)
                    for mode in Mode:
                        assert found.at(day, mode) == self.fold(partner, as_of=day, mode=mode)


TestStoredFile = StoredFile.TestCase
TestStoredFile.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)


def test_projections_of_another_format_are_not_used_and_are_made_again(
    copy: Callable[..., Path],
) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
        rows = store.rows()
    with raw(path) as connection:
        connection.execute("UPDATE projection_position SET format = 1")
    with Timeline.open(path, read_only=True) as tl:
        assert tl.index.store is None  # not of this format: folded from the log
        assert tl.state("DE") == project_partner(tl.log.read(partner="DE"), "DE")
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        assert store.load("DE") is None
        store.catch_up()  # no position of this format: everything again
        assert store.rows() == rows


def test_a_partner_asked_often_is_folded_into_memory_with_the_same_answers(
    copy: Callable[..., Path],
) -> None:
    from timeline.fold.asof import STORED_ANSWERS

    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
    with Timeline.open(path, read_only=True) as tl:
        records = list(tl.log.read(partner="NL"))
        for n in range(STORED_ANSWERS + 3):
            as_of = date(2022, 1, 1 + n)
            found = tl.state("NL", as_of=as_of, mode="possible")
            assert found == project_partner(records, "NL", as_of=as_of, mode="possible")
            held = tl.index._partners["NL"]
            assert (held.stored is None) == (n + 1 >= STORED_ANSWERS)
        assert held.records is not None


@settings(max_examples=60, deadline=None)
@given(logs())
def test_calendar_bytes_sort_as_the_calendar_key_with_ids_or_ranks(events: list[Event]) -> None:
    log = MemoryLog()
    log.append(events)
    for state in project(log.read()).values():
        items = [item for name in SECTIONS for item in state.section(name)]
        ranks = {ident: n for n, ident in enumerate(sorted(i.id for i in items))}
        expected = sorted(items, key=calendar_key)
        assert sorted(items, key=calendar_bytes) == expected
        assert sorted(items, key=lambda i: calendar_bytes(i, ranks[i.id])) == expected
