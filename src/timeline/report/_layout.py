"""Where the picture puts each mark and its label: short labels, their widths, rows, thinning.

Private to `timeline.report.svg`. Pure geometry on floats: a mark is a glyph at ``gx``, an
optional extent (a bar over its interval, or a short whisker for an open end) and a label
beside it. Marks of one lane are packed greedily into rows so that no two boxes (extent,
glyph and label together) overlap; a mark that finds no room in `MAX_ROWS` rows is drawn
without its label, and the lane says how many it thinned ("+N").
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from timeline.events import Fact, kind_info
from timeline.partners import company_home
from timeline.report._common import short_amount

#: A lane stacks its marks in at most this many rows before it thins labels.
MAX_ROWS = 6
#: Glyph radius, the gap between a glyph and its label, and between two boxes (pixels).
R = 6.0
LABEL_GAP = 4.0
BOX_GAP = 4.0
#: The longest label, in characters.
LABEL_CHARS = 18
#: Label font size (pixels).
LABEL_SIZE = 10

_NARROW = set("ijlI.,:;|!'() ")
_WIDE = set("MWmw€£$%@ÆŒ+~≤\u00d7")


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A generous estimate of `text`'s width in pixels at font size `size`.

    The picture also sets it as the text's ``textLength``, so a browser draws the text
    exactly this wide whatever font it picks, and the boxes computed here hold.
    """
    units = sum(0.32 if c in _NARROW else 0.9 if c in _WIDE or c.isupper() else 0.6 for c in text)
    return round(units * size, 1)


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _counterpart(event: Fact, partner: str) -> str:
    """The partner's company that the fact names (a home in `partner` first), else ""."""
    companies: Sequence[str] = getattr(event, "companies", ()) or ()
    for company in companies:
        if company_home(company) == partner:
            return company
    foreign = [c for c in companies if company_home(c) is not None]
    return (foreign or list(companies) or [""])[0]


def mark_label(event: Fact, partner: str) -> str:
    """A mark's short visible label: the amount (``€600M+``) for a fact with one, else the
    kind's short name and what it names (``JV Rheinmetall``, ``Pledge howitzers``, ``MoU``).
    """
    info = kind_info(event.kind)
    amount = getattr(event, "amount", None)
    if amount is not None:
        return _shorten(short_amount(amount))
    factor = getattr(event, "factor", None)
    if factor is not None:
        return _shorten(f"{info.short} {short_amount(factor)}")
    named = _counterpart(event, partner)
    if not named:
        items: Sequence[str] = getattr(event, "items", ()) or ()
        named = items[0] if items else ""
    return _shorten(f"{info.short} {named}" if named else info.short)


@attrs.frozen
class Box:
    """One mark's footprint in its row: ``[left, right]`` on the x axis (pixels)."""

    left: float
    right: float


@attrs.frozen
class Slot:
    """Where a mark went: its row, whether its label is shown, and on which side.

    ``side`` is ``"after"`` (right of the extent), ``"inside"`` (right of the glyph, within a
    wide extent) or ``"before"`` (left of the extent, near the right edge of the plot).
    """

    row: int
    labelled: bool
    side: str = "after"


def label_box(
    left: float, right: float, gx: float, width: float, limit: float, floor: float
) -> tuple[str, Box]:
    """The side a label goes and the mark's whole box: after the extent when that stays left
    of `limit`; inside a wide extent when it fits there; else before it (not left of `floor`);
    else after it after all."""
    core = Box(min(left, gx - R), max(right, gx + R))
    after = core.right + LABEL_GAP + width
    if after <= limit:
        return "after", Box(core.left, after)
    if gx + R + LABEL_GAP + width <= core.right:
        return "inside", core
    before = core.left - LABEL_GAP - width
    if before >= floor:
        return "before", Box(before, core.right)
    return "after", Box(core.left, after)


def pack(
    marks: Sequence[tuple[float, float, float, float]], limit: float, floor: float
) -> tuple[list[Slot], int]:
    """Rows for marks given as ``(extent_left, extent_right, glyph_x, label_width)``.

    Each label's side is `label_box`'s. Marks are placed in the order given (by position);
    each takes the first row where its whole box fits. One with no room in `MAX_ROWS` rows
    loses its label and takes the first row where its glyph and extent fit (or the last
    row). Returns the slots and the number of rows.
    """
    rows: list[list[Box]] = []
    slots: list[Slot] = []
    for left, right, gx, width in marks:
        side, full = label_box(left, right, gx, width, limit, floor)
        row = _first_row(rows, full, MAX_ROWS)
        if row is not None:
            slots.append(Slot(row, True, side))
            continue
        core = Box(min(left, gx - R), max(right, gx + R))
        row = _first_row(rows, core, MAX_ROWS)
        if row is None:
            row = MAX_ROWS - 1
            rows[row].append(core)
        slots.append(Slot(row, False))
    return slots, max(1, len(rows))


def _fits(rows: list[list[Box]], row: int, box: Box) -> bool:
    return all(box.left >= b.right + BOX_GAP or box.right + BOX_GAP <= b.left for b in rows[row])


def _first_row(rows: list[list[Box]], box: Box, limit: int) -> int | None:
    for row in range(limit):
        if row == len(rows):
            rows.append([])
        if _fits(rows, row, box):
            rows[row].append(box)
            return row
    return None
