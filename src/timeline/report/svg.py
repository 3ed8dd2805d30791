"""The timeline picture: hand-written SVG, one lane per partner, one mark per fact.

`timeline_svg` is the public door. The drawing is plain text built from escaped pieces; no
dependency, no script, nothing fetched. Each kind's colour, shape and legend label come from
the kind registry (`timeline.events.REGISTRY`); where marks and labels go is `_layout`'s job.

Geometry, which the tests read back from the SVG:

- The root ``<svg>`` carries the axis scale: ``data-domain-start`` and ``data-domain-end``
  (ISO dates) map linearly onto ``data-plot-x0`` .. ``data-plot-x1`` (pixels). A day ``d``
  covers the pixels from ``x(d)`` to ``x(d + 1 day)``. The axis spans the dated facts only:
  whole months when they span less than three years (``data-ticks="month"``), else whole
  years (``data-ticks="year"``).
- Each partner is a ``<g class="lane" data-partner="BE">``; each fact in it is a
  ``<g class="mark" data-event-id=… data-kind=… data-earliest=… data-latest=…>`` with a
  ``<title>`` (the tooltip) and a visible ``<text class="mark-label">`` (the kind's short
  name and the amount or counterpart). A fact known to a week, month, quarter or year holds
  a ``<rect class="extent">`` from ``x(earliest)`` to ``x(latest + 1 day)``, its glyph in the
  middle; a fact known only as "on or before D" (or "since D") has its glyph in the middle
  of day D and a short ``<rect class="whisker">`` fading back (or forward) from it. A mark
  with no known date sits in the "undated" column to the right (class ``mark undated``).
- Labels never overlap: marks stack in rows; a lane that would need more than
  ``_layout.MAX_ROWS`` rows draws the rest without labels (class ``mark thinned``) and says
  "+N" (``<text class="thinned" data-count=N>``) under its name.
- A mark also says how many outlets reported the fact (``data-corroboration``, drawn as a
  small number after the label when above one) and whether its reports disagree
  (``data-conflict="true"``, class ``conflict``, a dashed red ring; the tooltip lists what
  each group of reports said).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

import attrs

from timeline.events import REGISTRY, KindInfo
from timeline.fold import Item, PartnerState, Variant
from timeline.report import _layout
from timeline.report._common import (
    amount_text,
    esc,
    partner_label,
    partner_note,
    plain_date,
    plain_day,
    what,
)

__all__ = ["KIND_STYLES", "PAGE_HEIGHT", "timeline_svg", "timeline_svg_pages"]

#: How each kind is drawn, by kind tag: the registry's entries (label, colour, shape).
KIND_STYLES: Mapping[str, KindInfo] = {info.kind: info for info in REGISTRY}


@attrs.frozen
class _Style:
    label: str
    colour: str
    shape: str


_FALLBACK = _Style("Other", "#999999", "circle")
#: The colour of the ring around a fact whose reports disagree.
_CONFLICT = "#c0392b"


def _style(kind: str) -> KindInfo | _Style:
    return KIND_STYLES.get(kind, _FALLBACK)


# -- layout (pixels) ------------------------------------------------------------------------

_WIDTH = 1180
_PLOT_X0 = 240
_PLOT_X1 = 1000
_UNDATED_X0 = 1030
_UNDATED_X1 = 1175
_TOP = 20
_LEGEND_ROW = 22
_AXIS_H = 30
_ROW_H = 20
_LANE_PAD = 6
_BAR_H = 10
_R = _layout.R
_WHISKER = 26
_BADGE_SIZE = 8
_BOTTOM = 30
#: Under three years of dated facts, the axis has month ticks.
_MONTHS_BELOW_DAYS = 3 * 365 + 1


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@attrs.frozen
class Scale:
    """Days onto pixels: ``[start, end)`` maps linearly onto ``[x0, x1]``."""

    start: date
    end: date
    x0: float
    x1: float
    monthly: bool = False

    def x(self, day: date) -> float:
        """The pixel where `day` begins."""
        span = (self.end - self.start).days
        return self.x0 + (day - self.start).days / span * (self.x1 - self.x0)

    def x_after(self, day: date) -> float:
        """The pixel where `day` ends (where the next day begins)."""
        try:
            return self.x(day + timedelta(days=1))
        except OverflowError:
            return self.x1

    def mid(self, day: date) -> float:
        """The pixel in the middle of `day`."""
        return (self.x(day) + self.x_after(day)) / 2


def _month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def _next_month(day: date) -> date:
    if day.year == 9999 and day.month == 12:
        return date.max
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _scale(states: Iterable[PartnerState]) -> Scale:
    """The axis: whole months around the dated facts when they span under three years,
    else whole years. Undated facts and open ends do not stretch it."""
    days = [
        d
        for state in states
        for item in state.items
        for d in (item.occurred.earliest, item.occurred.latest)
        if d is not None
    ]
    if not days:
        this_year = date.today().year
        return Scale(date(this_year, 1, 1), date(this_year + 1, 1, 1), _PLOT_X0, _PLOT_X1, True)
    first, last = min(days), max(days)
    if (last - first).days < _MONTHS_BELOW_DAYS:
        return Scale(_month_start(first), _next_month(last), _PLOT_X0, _PLOT_X1, True)
    end = date(last.year + 1, 1, 1) if last.year < 9999 else date.max
    return Scale(date(first.year, 1, 1), end, _PLOT_X0, _PLOT_X1)


# -- glyphs ---------------------------------------------------------------------------------


def _glyph_path(shape: str, r: float = _R) -> str:
    """A path for `shape` centred on 0,0 with radius about `r`."""
    if shape == "square":
        s = r * 0.85
        return f"M{-s},{-s}H{s}V{s}H{-s}Z"
    if shape == "diamond":
        return f"M0,{-r * 1.15}L{r * 1.15},0L0,{r * 1.15}L{-r * 1.15},0Z"
    if shape == "triangle":
        return f"M0,{-r * 1.1}L{r},{r * 0.8}L{-r},{r * 0.8}Z"
    if shape == "triangle-down":
        return f"M0,{r * 1.1}L{r},{-r * 0.8}L{-r},{-r * 0.8}Z"
    if shape == "star":
        points = []
        for i in range(10):
            radius = r * 1.2 if i % 2 == 0 else r * 0.5
            angle = math.pi / 5 * i - math.pi / 2
            points.append(f"{_num(radius * math.cos(angle))},{_num(radius * math.sin(angle))}")
        return "M" + "L".join(points) + "Z"
    if shape == "hexagon":
        h = r * 0.87
        return f"M{-r / 2},{-h}L{r / 2},{-h}L{r},0L{r / 2},{h}L{-r / 2},{h}L{-r},0Z"
    # circle, as a path so that every glyph is one element type
    return f"M{-r},0A{r},{r} 0 1,0 {r},0A{r},{r} 0 1,0 {-r},0Z"


def _glyph(kind: str, x: float, y: float) -> str:
    style = _style(kind)
    return (
        f'<path class="glyph" d="{_glyph_path(style.shape)}" '
        f'transform="translate({_num(x)},{_num(y)})" fill="{style.colour}"/>'
    )


_UNPLACED = _layout.Slot(0, True)


# -- marks ----------------------------------------------------------------------------------


@attrs.frozen
class _Placed:
    item: Item
    x0: float  # the extent (a bar or a whisker); x0 == x1 == gx for none
    x1: float
    gx: float  # glyph centre
    extent: str  # "bar", "before" (whisker back from gx), "since" (forward), "" or "undated"
    label: str
    label_w: float  # label and corroboration badge together
    slot: _layout.Slot = _UNPLACED

    @property
    def undated(self) -> bool:
        return self.extent == "undated"


def _badge_w(item: Item) -> float:
    if item.corroboration <= 1:
        return 0.0
    return 2 + _layout.text_width(str(item.corroboration), _BADGE_SIZE)


def _place(item: Item, partner: str, scale: Scale) -> _Placed:
    label = _layout.mark_label(item.event, partner)
    width = _layout.text_width(label) + _badge_w(item)
    span = item.occurred
    first, last = span.earliest, span.latest
    if first is None and last is None:
        return _Placed(item, 0, 0, 0, "undated", label, width)
    if first is None:
        assert last is not None
        gx = scale.mid(last)
        return _Placed(item, max(scale.x0, gx - _WHISKER), gx, gx, "before", label, width)
    if last is None:
        gx = scale.mid(first)
        return _Placed(item, gx, min(scale.x1, gx + _WHISKER), gx, "since", label, width)
    x0, x1 = scale.x(first), scale.x_after(last)
    return _Placed(item, x0, x1, (x0 + x1) / 2, "bar", label, width)


def _tooltip(item: Item, describe: str) -> str:
    style = _style(item.kind)
    lines = [f"{style.label} — {plain_date(item.occurred)}"]
    if describe:
        lines.append(describe)
    if item.shared:
        lines.append("shared: " + ", ".join(item.partners))
    if item.corrects:
        lines.append(f"corrects {item.corrects}")
    if item.corroboration > 1:
        lines.append(f"reported by {item.corroboration} outlets")
    if item.conflict:
        told = "; ".join(_variant_text(v) for v in item.variants)
        lines.append(f"reports disagree: {told}")
    for source in item.sources:
        if source.quote:
            lines.append(f"“{source.quote}”")
        where = ", ".join(part for part in (source.outlet, plain_day(source.published, "")) if part)
        if where:
            lines.append(f"— {where}")
    return "\n".join(lines)


def _variant_text(variant: Variant) -> str:
    figure = amount_text(variant.amount or variant.factor)
    when = plain_date(variant.occurred)
    said = f"{figure}, {when}" if figure else when
    return f"{said} ({len(variant.sources)} report{'s' if len(variant.sources) != 1 else ''})"


def _extent(p: _Placed, y: float, colour: str) -> str:
    """The bar over an imprecise date, or the whisker fading away from an open end."""
    if p.extent == "bar":
        return (
            f'<rect class="extent" x="{_num(p.x0)}" y="{_num(y - _BAR_H / 2)}" '
            f'width="{_num(max(p.x1 - p.x0, 0))}" height="{_BAR_H}" rx="2" fill="{colour}" '
            f'fill-opacity="0.4" stroke="{colour}" stroke-opacity="0.6" stroke-width="0.75"/>'
        )
    if p.extent in ("before", "since"):
        height = _BAR_H * 0.5
        return (
            f'<rect class="whisker" data-open="{p.extent}" x="{_num(p.x0)}" '
            f'y="{_num(y - height / 2)}" width="{_num(max(p.x1 - p.x0, 0))}" '
            f'height="{_num(height)}" fill="url(#fade-{p.extent}-{esc(p.item.kind)})" '
            'stroke="none"/>'
        )
    return ""


def _label(p: _Placed, y: float) -> str:
    """The mark's visible label (and its corroboration badge), beside the glyph."""
    item = p.item
    text_w = _layout.text_width(p.label)
    if p.slot.side == "before":
        x = min(p.x0, p.gx - _R) - _layout.LABEL_GAP - p.label_w
    elif p.slot.side == "inside":
        x = p.gx + _R + _layout.LABEL_GAP
    else:
        x = max(p.x1, p.gx + _R) + _layout.LABEL_GAP
    parts = []
    if p.slot.labelled:
        parts.append(
            f'<text class="mark-label" x="{_num(x)}" y="{_num(y + 3.5)}" '
            f'font-size="{_layout.LABEL_SIZE}" textLength="{_num(text_w)}" '
            f'lengthAdjust="spacingAndGlyphs" fill="#1d232a">{esc(p.label)}</text>'
        )
    if item.corroboration > 1:  # how many outlets reported it, after the label
        bx = x + text_w + 2 if p.slot.labelled else p.gx + _R + 1
        parts.append(
            f'<text class="corroboration" x="{_num(bx)}" y="{_num(y - 1)}" '
            f'font-size="{_BADGE_SIZE}" fill="#444">{item.corroboration}</text>'
        )
    return "".join(parts)


def _mark(p: _Placed, y: float, describe: str) -> str:
    item = p.item
    style = _style(item.kind)
    span = item.occurred
    classes = ["mark"]
    if p.undated:
        classes.append("undated")
    if not p.slot.labelled:
        classes.append("thinned")
    if item.conflict:
        classes.append("conflict")
    attrs_text = (
        f'class="{" ".join(classes)}" data-event-id="{esc(item.id)}" '
        f'data-kind="{esc(item.kind)}" '
        f'data-earliest="{span.earliest or ""}" data-latest="{span.latest or ""}" '
        f'data-edtf="{esc(span.edtf())}" data-precision="{span.precision.value}" '
        f'data-corroboration="{item.corroboration}" '
        f'data-conflict="{"true" if item.conflict else "false"}"'
    )
    parts = [f"<g {attrs_text}>", f"<title>{esc(_tooltip(item, describe))}</title>"]
    parts.append(_extent(p, y, style.colour))
    if item.conflict:  # a dashed red ring: the reports of this fact disagree
        parts.append(
            f'<circle class="conflict-ring" cx="{_num(p.gx)}" cy="{_num(y)}" r="{_num(_R + 2.5)}" '
            f'fill="none" stroke="{_CONFLICT}" stroke-width="1.5" stroke-dasharray="3 2"/>'
        )
    parts.append(_glyph(item.kind, p.gx, y))
    parts.append(_label(p, y))
    parts.append("</g>")
    return "".join(parts)


# -- lanes ----------------------------------------------------------------------------------


@attrs.frozen
class _Lane:
    svg: str
    height: float
    undated: bool


def _undated(placed: Sequence[_Placed]) -> list[_Placed]:
    """Undated marks, one per row in the undated column, labels cut to fit the column."""
    gx = _UNDATED_X0 + _R + 2
    room = _UNDATED_X1 - (gx + _R + _layout.LABEL_GAP)
    out = []
    for row, p in enumerate(placed):
        label = p.label
        while len(label) > 2 and _layout.text_width(label) + _badge_w(p.item) > room:
            label = label[:-2].rstrip() + "…"
        width = _layout.text_width(label) + _badge_w(p.item)
        out.append(
            attrs.evolve(
                p, x0=gx, x1=gx, gx=gx, label=label, label_w=width, slot=_layout.Slot(row, True)
            )
        )
    return out


def _lane_head(partner: str, thinned: int) -> list[str]:
    """The lane's name, its id (with what it stands for when not a country), "+N" thinned."""
    name = partner_label(partner)
    note = partner_note(partner, short=True)
    x = _PLOT_X0 - 12
    lines = [
        f'<text class="lane-label" x="{x}" y="{_LANE_PAD + 10}" text-anchor="end" '
        f'font-weight="600"><title>{esc(name)}</title>{esc(_shorten(name, 30))}</text>',
        f'<text class="lane-id" x="{x}" y="{_LANE_PAD + 23}" text-anchor="end" '
        f'fill="#5a636c" font-size="11">{esc(partner)}'
        + (f" · {esc(note)}" if note else "")
        + "</text>",
    ]
    if thinned:
        lines.append(
            f'<text class="thinned" data-count="{thinned}" x="{x}" y="{_LANE_PAD + 36}" '
            f'text-anchor="end" fill="#5a636c" font-size="11">+{thinned} more without a label '
            "(see the chronology)</text>"
        )
    return lines


def _lane(
    n: int, partner: str, state: PartnerState, y: float, scale: Scale, describe: Mapping[str, str]
) -> _Lane:
    """Partner `partner`'s lane, its top at `y`: its head, dated marks in rows, undated ones."""
    placed = [_place(item, partner, scale) for item in state.items]
    dated = sorted(
        (p for p in placed if not p.undated), key=lambda p: (min(p.x0, p.gx - _R), p.x1, p.gx)
    )
    slots, rows = _layout.pack(
        [(p.x0, p.x1, p.gx, p.label_w) for p in dated], limit=_UNDATED_X0 - 12, floor=_PLOT_X0 - 4
    )
    dated = [attrs.evolve(p, slot=slot) for p, slot in zip(dated, slots, strict=True)]
    undated = _undated([p for p in placed if p.undated])
    thinned = sum(not p.slot.labelled for p in dated)
    head_lines = 3 if thinned else 2
    height = max(max(rows, len(undated)) * _ROW_H, head_lines * 13 + 2) + 2 * _LANE_PAD
    shade = "#f4f6f8" if n % 2 == 0 else "#ffffff"
    body = [
        f'<g class="lane" data-partner="{esc(partner)}" transform="translate(0,{_num(y)})">',
        f'<rect class="lane-bg" x="0" y="0" width="{_WIDTH}" height="{_num(height)}" '
        f'fill="{shade}"/>',
        *_lane_head(partner, thinned),
    ]
    for p in [*dated, *undated]:
        row_y = _LANE_PAD + p.slot.row * _ROW_H + _ROW_H / 2
        body.append(_mark(p, row_y, describe.get(p.item.id, "")))
    body.append("</g>")
    return _Lane("".join(body), height, bool(undated))


# -- the axis -------------------------------------------------------------------------------

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _tick(day: date, text: str, scale: Scale, axis_y: float, bottom: float) -> str:
    """A tick on the axis with its grid line; a labelled one (`text`) reaches higher."""
    x = scale.x(day)
    base = axis_y + _AXIS_H - 4
    if not text:
        return (
            f'<g class="tick minor" data-date="{day.isoformat()}"><line x1="{_num(x)}" '
            f'y1="{_num(base - 3)}" x2="{_num(x)}" y2="{_num(base)}" stroke="#333333"/></g>'
        )
    last = day >= scale.end
    anchor = ' text-anchor="end"' if last else ""
    return (
        f'<g class="tick" data-date="{day.isoformat()}">'
        f'<line x1="{_num(x)}" y1="{_num(base - 6)}" x2="{_num(x)}" y2="{_num(bottom)}" '
        f'stroke="#c8cdd2" stroke-width="1"/>'
        f'<text x="{_num(x - 3 if last else x + 3)}" y="{_num(base - 8)}"{anchor}>'
        f"{esc(text)}</text></g>"
    )


def _ticks(scale: Scale, axis_y: float, bottom: float) -> list[str]:
    """Month ticks on a short axis (every month or every quarter labelled), else years."""
    out = []
    if scale.monthly:
        months = []
        day = scale.start
        while day < scale.end:
            months.append(day)
            day = _next_month(day)
        width = (scale.x1 - scale.x0) / max(1, len(months))
        every = 1 if width >= 34 else 3 if width >= 12 else 6
        for i, day in enumerate(months):
            shown = (day.month - 1) % every == 0
            text = str(day.year) if day.month == 1 or i == 0 else _MONTH_NAMES[day.month - 1]
            out.append(_tick(day, text if shown else "", scale, axis_y, bottom))
        return out
    years = list(range(scale.start.year, scale.end.year + 1))
    step = max(1, len(years) // 12)
    for year in years[::step]:
        day = date(year, 1, 1)
        if scale.start <= day <= scale.end:
            out.append(_tick(day, str(year), scale, axis_y, bottom))
    if len(years) <= 6:
        for year in years[:-1]:
            out += [_tick(date(year, m, 1), "", scale, axis_y, bottom) for m in (4, 7, 10)]
    return out


def _axis(
    states: Mapping[str, PartnerState], scale: Scale, axis_y: float, bottom: float, undated: bool
) -> str:
    """The axis line, its ticks, the undated column's head and the as-of line."""
    ticks = "month" if scale.monthly else "year"
    axis = [f'<g class="axis" data-ticks="{ticks}">']
    axis.append(
        f'<line x1="{_PLOT_X0}" y1="{_num(axis_y + _AXIS_H - 4)}" x2="{_PLOT_X1}" '
        f'y2="{_num(axis_y + _AXIS_H - 4)}" stroke="#333333"/>'
    )
    axis += _ticks(scale, axis_y, bottom)
    if undated:
        axis.append(
            f'<text class="undated-head" x="{_UNDATED_X0 + 4}" '
            f'y="{_num(axis_y + _AXIS_H - 12)}">date unknown</text>'
            f'<line x1="{_UNDATED_X0 - 8}" y1="{_num(axis_y + _AXIS_H - 12)}" '
            f'x2="{_UNDATED_X0 - 8}" y2="{_num(bottom)}" stroke="#888888" '
            'stroke-dasharray="2,3"/>'
        )
    as_of = {state.as_of for state in states.values()}
    if len(as_of) == 1 and (day := as_of.pop()) is not None and scale.start <= day < scale.end:
        x = scale.x_after(day)
        axis.append(
            f'<g class="as-of" data-date="{day.isoformat()}">'
            f'<line x1="{_num(x)}" y1="{_num(axis_y)}" x2="{_num(x)}" '
            f'y2="{_num(bottom)}" stroke="#b00020" stroke-dasharray="5,3"/>'
            f'<text x="{_num(x - 3)}" y="{_num(axis_y + 6)}" text-anchor="end" fill="#b00020">'
            f"as of {plain_day(day)}</text></g>"
        )
    axis.append("</g>")
    return "".join(axis)


# -- legend and the whole picture -----------------------------------------------------------


def _defs() -> str:
    parts = ["<defs>"]
    for kind, style in KIND_STYLES.items():
        for name, (a, b) in (("before", ("0", "0.75")), ("since", ("0.75", "0"))):
            parts.append(
                f'<linearGradient id="fade-{name}-{kind}" x1="0" x2="1" y1="0" y2="0">'
                f'<stop offset="0" stop-color="{style.colour}" stop-opacity="{a}"/>'
                f'<stop offset="1" stop-color="{style.colour}" stop-opacity="{b}"/>'
                "</linearGradient>"
            )
    parts.append("</defs>")
    return "".join(parts)


def _legend_text(x: float, y: float, text: str) -> tuple[str, float]:
    return (
        f'<text x="{_num(x)}" y="{_num(y + 4)}">{esc(text)}</text>',
        x + _layout.text_width(text, 12) + 22,
    )


def _legend(y: float) -> tuple[str, float]:
    """Each kind's glyph and name; then how dates are drawn. Returns it and the next y."""
    parts = ['<g class="legend">']
    x = 10.0
    for kind, style in KIND_STYLES.items():
        name = f"{style.label} ({style.short})"
        if x + 2 * _R + 5 + _layout.text_width(name, 12) > _WIDTH - 10:
            x, y = 10.0, y + _LEGEND_ROW
        text, after = _legend_text(x + 2 * _R + 5, y, name)
        parts.append(
            f'<g class="legend-item" data-kind="{kind}">{_glyph(kind, x + _R, y)}{text}</g>'
        )
        x = after
    y2, x, key = y + _LEGEND_ROW, 10.0, "#777777"
    parts.append(
        f'<rect x="{_num(x)}" y="{_num(y2 - _BAR_H / 2)}" width="30" height="{_BAR_H}" rx="2" '
        f'fill="{key}" fill-opacity="0.35" stroke="{key}" stroke-width="0.75"/>'
    )
    text, x = _legend_text(x + 36, y2, "known to a week, month, quarter or year: a bar over it")
    parts.append(text)
    parts.append(
        f'<rect x="{_num(x)}" y="{_num(y2 - _BAR_H / 4)}" width="{_WHISKER}" '
        f'height="{_num(_BAR_H / 2)}" fill="url(#fade-before-meeting_held)"/>'
        f'<path d="{_glyph_path("circle", _R * 0.7)}" transform="translate({_num(x + _WHISKER)},'
        f'{_num(y2)})" fill="{key}"/>'
    )
    text, x = _legend_text(x + _WHISKER + 10, y2, "on or before a date: the mark at that date")
    parts.append(text)
    text, _ = _legend_text(x, y2, "hover a mark for its sources")
    parts += [text, "</g>"]
    return "".join(parts), y2 + _LEGEND_ROW


def _root(height: float, scale: Scale) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {_WIDTH} {_num(height)}" width="{_WIDTH}" '
        f'height="{_num(height)}" font-family="system-ui, sans-serif" font-size="12" '
        f'data-domain-start="{scale.start.isoformat()}" '
        f'data-domain-end="{scale.end.isoformat()}" '
        f'data-plot-x0="{_PLOT_X0}" data-plot-x1="{_PLOT_X1}" '
        f'data-undated-x0="{_UNDATED_X0}" data-undated-x1="{_UNDATED_X1}">'
    )


def timeline_svg(states: Mapping[str, PartnerState]) -> str:
    """The timeline picture as one self-contained SVG document.

    One lane (``<g class="lane" data-partner=…>``) per partner, one mark (``<g class="mark"
    data-event-id=… data-kind=… data-earliest=… data-latest=…>``) per item, shaped and
    coloured by kind with a legend, each with a short visible label that overlaps no other;
    an imprecise date is a bar over its interval, "on or before D" is a mark at D with a
    short whisker fading back, and an unknown date sits in a "date unknown" column. Each
    mark's ``<title>`` is its tooltip: kind, date in words, content and quotes. The axis
    spans the dated facts (month ticks under three years); the root element carries its
    scale (``data-domain-start``, ``data-domain-end``, ``data-plot-x0``, ``data-plot-x1``).

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import AidCommitted
    >>> from timeline.fold import project
    >>> from timeline.fold import Entry
    >>> from timeline.money import Money
    >>> pledge = AidCommitted(partners=("BE",), occurred=DateSpan.month(2023, 6),
    ...     amount=Money(600_000_000, "EUR", "over"))
    >>> svg = timeline_svg(project([Entry(1, pledge)]))
    >>> svg.startswith("<svg") and svg.count('class="mark"') == 1
    True
    >>> ">€600M+</text>" in svg
    True
    """
    return _picture(states, _scale(states.values()))


def _picture(states: Mapping[str, PartnerState], scale: Scale) -> str:
    """The SVG of `states`' lanes on the axis `scale`."""
    describe = {item.id: what(item.event) for state in states.values() for item in state.items}
    legend, y = _legend(_TOP)
    axis_y = y + 6
    y = axis_y + _AXIS_H
    lanes: list[str] = []
    any_undated = False
    for n, (partner, state) in enumerate(states.items()):
        lane = _lane(n, partner, state, y, scale, describe)
        lanes.append(lane.svg)
        any_undated = any_undated or lane.undated
        y += lane.height
    height_total = y + _BOTTOM
    empty = ""
    if not states:
        empty = (
            f'<text x="{(_PLOT_X0 + _PLOT_X1) // 2}" y="{_num(y + 16)}" '
            'text-anchor="middle" fill="#666666">no facts counted</text>'
        )
        height_total += 20
    axis = _axis(states, scale, axis_y, y, any_undated)
    title = "<title>Timeline of cooperation, one lane per partner, one mark per fact</title>"
    return "".join(
        [_root(height_total, scale), title, _defs(), legend, axis, *lanes, empty, "</svg>"]
    )


#: How tall (in the picture's pixels) one printed page's picture may be: an A4 landscape
#: page holds about 800 pixels of the 1180-pixel-wide picture, less the page's heading.
PAGE_HEIGHT = 720


def timeline_svg_pages(
    states: Mapping[str, PartnerState], *, page_height: float = PAGE_HEIGHT
) -> list[str]:
    """The picture cut between lanes into pictures that each fit a printed page.

    Every page has the legend and the same axis (the scale of the whole picture), and as
    many whole lanes as fit in `page_height` pixels (at least one).
    """
    scale = _scale(states.values())
    legend_h = _legend(_TOP)[1] + 6 + _AXIS_H + _BOTTOM
    pages: list[dict[str, PartnerState]] = [{}]
    used = legend_h
    for n, (partner, state) in enumerate(states.items()):
        height = _lane(n, partner, state, 0, scale, {}).height
        if pages[-1] and used + height > page_height:
            pages.append({})
            used = legend_h
        pages[-1][partner] = state
        used += height
    # each page's gradients get ids of their own: one document may hold every page
    return [
        _picture(page, scale)
        .replace('id="fade-', f'id="p{n}-fade-')
        .replace("url(#fade-", f"url(#p{n}-fade-")
        for n, page in enumerate(pages, 1)
    ]
