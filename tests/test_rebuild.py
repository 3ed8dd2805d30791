"""`ProjectionStore.rebuild` from one verified read of the whole log.

The smallest partners are kept from that read (up to ``held`` records) and folded from it,
each alone; the others are read again on their own. Whatever is kept, the rows are the
same, byte for byte, as those of a fold of each partner's own records; a forged record
stops the rebuild before anything is dropped, and the error names it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from helpers.forgery import build_template, raw
from timeline.dates import DateSpan
from timeline.errors import IntegrityError
from timeline.events import AidCommitted, EventRetracted, MeetingHeld, Provenance
from timeline.fold import project_partner
from timeline.fold.stored import ProjectionStore
from timeline.log import SQLiteLog
from timeline.money import Money


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rebuild") / "template.db"
    build_template(path, batches=3)
    with SQLiteLog(path) as log:
        shared = AidCommitted(
            partners=("CZ", "SK"),
            occurred=DateSpan.month(2024, 3),
            provenance=Provenance(published=date(2024, 3, 30)),
            amount=Money(5_000_000, "EUR"),
        )
        # A retraction that names one of its target's partners only: the other partner's
        # own records do not hold it, so its state keeps the pledge.
        oops = EventRetracted(partners=("SK",), target=shared.id, reason="misread")
        alone = MeetingHeld(partners=("SK",), occurred=DateSpan.year(2024))
        log.append([shared, oops, alone])
    return path


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Callable[[], Path]:
    return lambda: Path(shutil.copy(template, tmp_path / "copy.db"))


def _counts(path: Path) -> dict[str, int]:
    with raw(path) as db:
        found = db.execute("SELECT partner, COUNT(*) FROM record_partners GROUP BY partner")
        return {str(p): int(n) for p, n in found}


@pytest.mark.parametrize("held", [0, 1, 40, 10**9])
def test_the_rows_are_the_same_whatever_is_kept_from_the_one_read(
    copy: Callable[[], Path], held: int
) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild(held=0)  # every partner read on its own: the rebuild as it was
        alone = store.rows()
        seen: list[tuple[int, int]] = []
        assert store.rebuild(lambda done, total: seen.append((done, total)), held=held) == len(log)
        assert store.rows() == alone
        assert [done for done, _ in seen] == list(range(1, len(alone) + 1))
        for partner in ("CZ", "SK"):
            found = store.load(partner)
            assert found is not None
            assert found.state == project_partner(log.read(partner=partner), partner)
        cz, sk = store.load("CZ"), store.load("SK")
        assert cz is not None
        assert sk is not None
        assert len(cz.state.commitments) == len(sk.state.commitments) + 1


def test_the_partners_kept_are_the_smallest_up_to_the_budget(copy: Callable[[], Path]) -> None:
    from timeline.fold.stored import _smallest

    counts = _counts(copy())
    ordered = sorted(counts, key=lambda p: (counts[p], p))
    budget = counts[ordered[0]] + counts[ordered[1]]
    assert _smallest(counts, budget) == set(ordered[:2])
    assert _smallest(counts, budget - 1) == set(ordered[:1])
    assert _smallest(counts, 0) == set()


@pytest.mark.parametrize("held", [0, 10**9])
def test_a_forged_record_stops_the_rebuild_before_anything_changes(
    copy: Callable[[], Path], held: int
) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
        rows = store.rows()
        seq = len(log) // 2
    with raw(path) as db:
        db.execute(
            "UPDATE records SET recorded_at = '2001-01-01T00:00:00+00:00' WHERE seq = ?", (seq,)
        )
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        with pytest.raises(IntegrityError, match=f"record {seq} "):
            store.rebuild(held=held)
        assert store.rows() == rows


@pytest.mark.parametrize(
    ("forgery", "wrong"),
    [
        ("INSERT INTO record_partners VALUES ('ZZ', 1)", "ZZ"),
        ("DELETE FROM record_partners WHERE partner = 'SK' AND seq = "
         "(SELECT MAX(seq) FROM record_partners WHERE partner = 'SK')", "SK"),
    ],
)  # fmt: skip
def test_a_partner_index_that_miscounts_stops_the_rebuild_before_anything_changes(
    copy: Callable[[], Path], forgery: str, wrong: str
) -> None:
    path = copy()
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        store.rebuild()
        rows = store.rows()
    with raw(path) as db:
        db.execute(forgery)
    with SQLiteLog(path) as log, ProjectionStore(log) as store:
        with pytest.raises(IntegrityError, match=f"partner index .* of {wrong}"):
            store.rebuild(held=10**9)
        assert store.rows() == rows
