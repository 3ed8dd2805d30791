"""A large partner read from the log is folded a group of kinds at a time, in bounded memory.

`ProjectionStore` reads the amendments and articles of a partner of more than ``fold_held``
records first, then groups of kinds of fact of at most that many records together (a
larger kind alone), each folded with the amendments; of each fold it keeps the group's
sections. These check that the sections so made are those of one fold of all the partner's
records, and that the rows are the same bytes as those made from the records kept from the
whole read.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.forgery import build_template
from helpers.stores import Place
from test_checkpoints import PARTNERS, logs
from timeline.events import Event
from timeline.fold import project, project_partner
from timeline.fold._body import _single
from timeline.fold.state import SECTIONS, Item, Source
from timeline.fold.stored import ProjectionStore, _kind_groups
from timeline.log import MemoryLog, SQLiteLog

from samples import SAMPLES


@settings(max_examples=60, deadline=None)
@given(logs(), st.integers(0, 12))
def test_folding_a_group_of_kinds_at_a_time_gives_the_fold_of_all_the_records(
    events: list[Event], fold_held: int
) -> None:
    """Random logs with retractions, corrections whose replacement is of another kind,
    articles that name partners, merged reports and raised pledges; budgets from every kind
    alone (0) to every partner at once."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "log.db"
        with SQLiteLog(path) as log, ProjectionStore(log) as store:
            log.append(events)
            store.rebuild(held=10**9)  # every partner folded from the one read, at once
            whole = store.rows()
            store.fold_held = fold_held
            store.rebuild(held=0)  # every partner read again, in groups of kinds
            assert store.rows() == whole
            for partner in PARTNERS:
                stored = store.load(partner)
                records = list(log.read(partner=partner))
                assert (stored is None) == (not records)
                if stored is not None:
                    assert stored.state == project_partner(records, partner)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_each_backend_folds_a_large_partner_in_groups_of_kinds(
    backend: str, tmp_path: Path
) -> None:
    """The plan's counts (the partner index joined to the kind column) in either dialect."""
    source = tmp_path / "template.db"
    build_template(source, batches=2, extra=tuple(SAMPLES.values()))
    with Place(backend, source, tmp_path).open() as log, ProjectionStore(log) as store:
        store.rebuild(held=10**9)
        whole = store.rows()
        for budget in (0, 3, 40):
            store.fold_held = budget
            store.rebuild(held=0)
            assert store.rows() == whole
        kinds = Counter(r.event.kind for r in log.read(partner="PL"))
        assert store._kind_counts("PL", len(log)) == dict(kinds)


@settings(max_examples=60, deadline=None)
@given(logs())
def test_a_body_is_lean_exactly_for_the_item_of_one_report(events: list[Event]) -> None:
    """`_single` (field by field) agrees with comparing to ``Item.single``, for the items
    of folds and for each of them with one field changed."""
    log = MemoryLog()
    log.append(events)
    for state in project(log.read()).values():
        for name in SECTIONS:
            for item in state.section(name):
                for each in (item, *_changed(item)):
                    single = Item.single(each.seq, each.event, each.corrects)
                    assert _single(each) == (each == single)


def _changed(item: Item) -> list[Item]:
    """`item` with each field that `Item.single` derives changed in turn."""
    source = item.sources[0]
    return [
        attrs.evolve(item, id=item.id + "x"),
        attrs.evolve(item, kind="other"),
        attrs.evolve(item, occurred=item.event.occurred.__class__.unknown()),
        attrs.evolve(item, event_ids=(*item.event_ids, "ev-x")),
        attrs.evolve(item, sources=()),
        attrs.evolve(item, sources=(attrs.evolve(source, quote="another sentence"),)),
        attrs.evolve(item, sources=(attrs.evolve(source, start=-5),)),
        attrs.evolve(item, sources=(*item.sources, Source(None, None, None, None, None))),
        attrs.evolve(item, shared=not item.shared),
        attrs.evolve(item, corroboration=item.corroboration + 1),
        attrs.evolve(item, conflict=not item.conflict),
        attrs.evolve(item, reports=(item,)),
        attrs.evolve(item, supersedes=(item,)),
    ]


def test_kinds_are_grouped_up_to_the_budget_and_a_larger_kind_is_alone() -> None:
    counts = {"aid_committed": 70, "aid_delivered": 40, "meeting_held": 30, "memorandum_signed": 5}
    groups = _kind_groups(counts, 50)
    assert groups[:3] == [("aid_committed",), ("aid_delivered", "memorandum_signed",
                          "agreement_signed", "joint_venture_established",
                          "production_increased"), ("meeting_held",)]  # fmt: skip
    assert sorted(k for g in groups for k in g) == sorted(
        ("aid_committed", "aid_delivered", "meeting_held", "memorandum_signed",
         "agreement_signed", "joint_venture_established", "production_increased")
    )  # fmt: skip
    assert _kind_groups(counts, 10**6) == [tuple(sorted(
        ("aid_committed", "aid_delivered", "meeting_held", "memorandum_signed",
         "agreement_signed", "joint_venture_established", "production_increased"),
        key=lambda k: (-counts.get(k, 0), k),
    ))]  # fmt: skip
