"""A partner's stored fact rows, gathered one section at a time (`FactRows`).

A fact's row (see `timeline.fold.stored`) holds, besides its place and dates, its ``body``:
its `calendar_bytes`, then its `item_body`. The calendar key stands for the fact's id by its
rank among the ids of every fact of the partner, which is known only once every section is
in; so each section's facts are kept, once folded, as little as they can be: the bodies,
made and compressed at once, in a temporary file; in memory only the ids (to rank them),
the amounts, and the place and dates, packed. The rows are made, with their ranks, as they
are written. The folds of the sections need not be in memory at once, nor their bodies.
"""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import attrs

from timeline.fold._body import item_body
from timeline.fold.state import (
    _KEY,
    COMMITMENTS,
    SECTIONS,
    Item,
    calendar_bytes,
    chronological_key,
)
from timeline.money import Money

__all__ = ["KEY_BYTES", "FactRows", "batches"]

#: The length of a stored fact's calendar key: `calendar_bytes` with a rank for the id.
KEY_BYTES = 18
#: Where the rank sits in the key: after the undated flag and three day ordinals.
_RANK = slice(13, 17)
_COMMITMENTS = SECTIONS.index(COMMITMENTS)
if _KEY.size != _RANK.start:  # pragma: no cover - a change to `calendar_bytes`
    raise TypeError("calendar_bytes changed its layout: update timeline.fold._rows")
#: A fact's section number, place, earliest day (0: open), latest day (0: open), and where
#: its body is in the temporary file (offset, length).
_PLACE = struct.Struct(">BIIIQI")
#: How large the bodies may grow in memory before they go to the temporary file.
_SPOOL = 1 << 20


class FactRows:
    """The ``projection_facts`` rows of `partner`, gathered with `add`, one section at a
    time in any order; `rows` makes them (in section order, then place) once all are in."""

    def __init__(self, partner: str) -> None:
        """No rows yet of `partner`."""
        self.partner = partner
        #: Whether the commitments link raised pledges (stored flat, linked at query time).
        self.linked = False
        self._held: list[tuple[bytes, str, Money | None]] = []
        # closed by `close`: the rows are used in a with block
        self._bodies = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115
        self._end = 0

    def __enter__(self) -> FactRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the temporary file of the bodies."""
        self._bodies.close()

    def add(self, number: int, items: Sequence[Item]) -> None:
        """Take the items of section `number` (of `SECTIONS`), in the fold's order."""
        if number == _COMMITMENTS and any(item.supersedes for item in items):
            self.linked = True  # flat: linked again over the commitments in time, at each query
            flat = (
                attrs.evolve(inner, supersedes=()) if inner.supersedes else inner
                for item in items
                for inner in item.walk()
            )
            items = sorted(flat, key=chronological_key)
        held, write = self._held, self._bodies.write
        for place, item in enumerate(items):
            early, late = item.occurred.earliest, item.occurred.latest
            body = calendar_bytes(item, 0) + item_body(item)
            placed = _PLACE.pack(
                number,
                place,
                0 if early is None else early.toordinal(),
                0 if late is None else late.toordinal(),
                self._end,
                len(body),
            )
            write(body)
            self._end += len(body)
            held.append((placed, item.id, item.amount if number == _COMMITMENTS else None))

    def __len__(self) -> int:
        return len(self._held)

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The rows, in section order, then place: (partner, section, ord, early, late,
        amount, currency, qualifier, body)."""
        held = self._held
        held.sort(key=lambda fact: fact[0])
        ranks = {ident: n for n, ident in enumerate(sorted(fact[1] for fact in held))}
        partner, unpack, bodies = self.partner, _PLACE.unpack, self._bodies
        for placed, ident, amount in held:
            number, place, early, late, offset, length = unpack(placed)
            bodies.seek(offset)
            key = bytearray(bodies.read(length))
            key[_RANK] = ranks[ident].to_bytes(4, "big")
            yield (
                partner,
                number,
                place,
                early,
                late or None,
                None if amount is None else str(amount.value),
                None if amount is None else amount.currency,
                None if amount is None else amount.qualifier.value,
                bytes(key),
            )


def batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    """`rows` in lists of at most `size` (as `timeline.log.copy_log` takes its rows)."""
    taken = iter(rows)
    while batch := list(islice(taken, size)):
        yield batch
