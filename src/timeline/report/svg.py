"""The timeline picture: hand-written SVG, one lane per partner, one mark per fact.

`timeline_svg` is the public door. The drawing is plain text built from escaped pieces; no
dependency, no script, nothing fetched. Each kind's colour, shape and legend label come from
the kind registry (`timeline.events.REGISTRY`).

Geometry, which the tests read back from the SVG:

- The root ``<svg>`` carries the axis scale: ``data-domain-start`` and ``data-domain-end``
  (ISO dates, the first day of the first year and of the year after the last) map linearly
  onto ``data-plot-x0`` .. ``data-plot-x1`` (pixels). A day ``d`` covers the pixels from
  ``x(d)`` to ``x(d + 1 day)``.
- Each partner is a ``<g class="lane" data-partner="BE">``; each fact in it is a
  ``<g class="mark" data-event-id=… data-kind=… data-earliest=… data-latest=…>`` with a
  ``<title>`` (the tooltip). A dated mark holds a ``<rect class="extent">`` from
  ``x(earliest)`` to ``x(latest + 1 day)``; an open end reaches the edge of the axis, fades
  and carries an arrow. A mark with no known date sits in the "undated" column to the right
  (class ``mark undated``, no extent).
- A mark also says how many outlets reported the fact (``data-corroboration``, drawn as a
  small number beside the glyph when above one) and whether its reports disagree
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
from timeline.report._common import esc, partner_label, what

__all__ = ["KIND_STYLES", "timeline_svg"]

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
_LABEL_W = 230
_PLOT_X0 = 240
_PLOT_X1 = 1080
_UNDATED_X0 = 1100
_UNDATED_X1 = 1170
_UNDATED_STEP = 20
_TOP = 20
_LEGEND_ROW = 22
_AXIS_H = 28
_ROW_H = 20
_LANE_PAD = 6
_BAR_H = 10
_R = 6  # glyph radius
_GAP = 3
_BOTTOM = 30


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


def _domain(states: Iterable[PartnerState]) -> tuple[date, date]:
    days: list[date] = []
    for state in states:
        if state.as_of is not None:
            days.append(state.as_of)
        for item in state.items:
            days.extend(d for d in (item.occurred.earliest, item.occurred.latest) if d)
    if not days:
        this_year = date.today().year
        return date(this_year, 1, 1), date(this_year + 1, 1, 1)
    first, last = min(days), max(days)
    return date(first.year, 1, 1), date(last.year + 1, 1, 1) if last.year < 9999 else date.max


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


# -- marks ----------------------------------------------------------------------------------


@attrs.frozen
class _Placed:
    item: Item
    x0: float  # extent, or the glyph's slot for an undated mark
    x1: float
    gx: float  # glyph centre
    open_start: bool
    open_end: bool
    undated: bool
    row: int = 0


def _place(item: Item, scale: Scale) -> _Placed:
    span = item.occurred
    if span.earliest is None and span.latest is None:
        return _Placed(item, 0, 0, 0, False, False, True)
    open_start, open_end = span.earliest is None, span.latest is None
    x0 = scale.x0 if span.earliest is None else scale.x(span.earliest)
    x1 = scale.x1 if span.latest is None else scale.x_after(span.latest)
    if open_start:
        gx = x1
    elif open_end:
        gx = x0
    else:
        gx = (x0 + x1) / 2
    return _Placed(item, x0, x1, gx, open_start, open_end, False)


def _pack(placed: Sequence[_Placed]) -> list[_Placed]:
    """Give each dated mark the first row where it overlaps nothing (greedy, by left edge)."""
    ends: list[float] = []
    out = []
    for p in sorted(placed, key=lambda p: (min(p.x0, p.gx - _R), p.x1)):
        left, right = min(p.x0, p.gx - _R), max(p.x1, p.gx + _R)
        for row, end in enumerate(ends):
            if left >= end + _GAP:
                ends[row] = right
                break
        else:
            row = len(ends)
            ends.append(right)
        out.append(attrs.evolve(p, row=row))
    return out


def _tooltip(item: Item, describe: str) -> str:
    style = _style(item.kind)
    lines = [f"{style.label} — {item.occurred.edtf()}"]
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
        where = ", ".join(
            str(part) for part in (source.outlet, source.published) if part is not None
        )
        if where:
            lines.append(f"— {where}")
    return "\n".join(lines)


def _variant_text(variant: Variant) -> str:
    figure = variant.amount or variant.factor
    said = f"{figure} on {variant.occurred.edtf()}" if figure else variant.occurred.edtf()
    return f"{said} ({len(variant.sources)} report{'s' if len(variant.sources) != 1 else ''})"


def _mark(p: _Placed, y: float, describe: str) -> str:
    item = p.item
    style = _style(item.kind)
    span = item.occurred
    classes = "mark undated" if p.undated else "mark"
    if item.conflict:
        classes += " conflict"
    attrs_text = (
        f'class="{classes}" data-event-id="{esc(item.id)}" data-kind="{esc(item.kind)}" '
        f'data-earliest="{span.earliest or ""}" data-latest="{span.latest or ""}" '
        f'data-edtf="{esc(span.edtf())}" data-precision="{span.precision.value}" '
        f'data-corroboration="{item.corroboration}" '
        f'data-conflict="{"true" if item.conflict else "false"}"'
    )
    parts = [f"<g {attrs_text}>", f"<title>{esc(_tooltip(item, describe))}</title>"]
    if not p.undated:
        if p.open_start or p.open_end:
            # an open end: a thinner bar that fades out towards the open side, no outline
            fill = f"url(#fade-{'start' if p.open_start else 'end'}-{esc(item.kind)})"
            height, stroke = _BAR_H * 0.6, 'stroke="none"'
        else:
            fill = style.colour
            height = _BAR_H
            stroke = f'stroke="{style.colour}" stroke-opacity="0.6" stroke-width="0.75"'
        parts.append(
            f'<rect class="extent" x="{_num(p.x0)}" y="{_num(y - height / 2)}" '
            f'width="{_num(max(p.x1 - p.x0, 0))}" height="{_num(height)}" rx="2" '
            f'fill="{fill}" fill-opacity="0.45" {stroke}/>'
        )
        if p.open_start:
            parts.append(
                f'<path class="open-arrow" d="M{_num(p.x0 + 7)},{_num(y - 5)}'
                f'L{_num(p.x0)},{_num(y)}L{_num(p.x0 + 7)},{_num(y + 5)}" '
                f'fill="none" stroke="{style.colour}" stroke-width="1.5"/>'
            )
        if p.open_end:
            parts.append(
                f'<path class="open-arrow" d="M{_num(p.x1 - 7)},{_num(y - 5)}'
                f'L{_num(p.x1)},{_num(y)}L{_num(p.x1 - 7)},{_num(y + 5)}" '
                f'fill="none" stroke="{style.colour}" stroke-width="1.5"/>'
            )
    if item.conflict:  # a dashed red ring: the reports of this fact disagree
        parts.append(
            f'<circle class="conflict-ring" cx="{_num(p.gx)}" cy="{_num(y)}" r="{_num(_R + 3)}" '
            f'fill="none" stroke="{_CONFLICT}" stroke-width="1.5" stroke-dasharray="3 2"/>'
        )
    parts.append(_glyph(item.kind, p.gx, y))
    if item.corroboration > 1:  # how many outlets reported it, beside the glyph
        parts.append(
            f'<text class="corroboration" x="{_num(p.gx + _R + 2)}" y="{_num(y - _R)}" '
            f'font-size="8" fill="#444">{item.corroboration}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


# -- the whole picture ----------------------------------------------------------------------


def _years(scale: Scale) -> list[date]:
    years = list(range(scale.start.year, scale.end.year + 1))
    step = max(1, len(years) // 12)
    return [date(y, 1, 1) for y in years[::step] if scale.start <= date(y, 1, 1) <= scale.end]


def _defs() -> str:
    parts = ["<defs>"]
    for kind, style in KIND_STYLES.items():
        for name, (a, b) in (("start", ("0", "1")), ("end", ("1", "0"))):
            parts.append(
                f'<linearGradient id="fade-{name}-{kind}" x1="0" x2="1" y1="0" y2="0">'
                f'<stop offset="0" stop-color="{style.colour}" stop-opacity="{a}"/>'
                f'<stop offset="1" stop-color="{style.colour}" stop-opacity="{b}"/>'
                "</linearGradient>"
            )
    parts.append("</defs>")
    return "".join(parts)


def _legend(y: float) -> tuple[str, float]:
    parts = ['<g class="legend">']
    x = float(_PLOT_X0 - _LABEL_W + 10)
    for kind, style in KIND_STYLES.items():
        parts.append(
            f'<g class="legend-item" data-kind="{kind}">{_glyph(kind, x + _R, y)}'
            f'<text x="{_num(x + 2 * _R + 5)}" y="{_num(y + 4)}">{esc(style.label)}</text></g>'
        )
        x += 28 + 7.2 * len(style.label)
    y2 = y + _LEGEND_ROW
    x = float(_PLOT_X0 - _LABEL_W + 10)
    key = "#777777"
    parts.append(
        f'<rect x="{_num(x)}" y="{_num(y2 - _BAR_H / 2)}" width="34" height="{_BAR_H}" rx="2" '
        f'fill="{key}" fill-opacity="0.35" stroke="{key}" stroke-width="0.75"/>'
        f'<text x="{_num(x + 40)}" y="{_num(y2 + 4)}">imprecise date: a bar over its interval'
        "</text>"
    )
    x += 320
    parts.append(
        f'<path d="M{_num(x + 7)},{_num(y2 - 5)}L{_num(x)},{_num(y2)}L{_num(x + 7)},'
        f'{_num(y2 + 5)}" fill="none" stroke="{key}" stroke-width="1.5"/>'
        f'<rect x="{_num(x)}" y="{_num(y2 - _BAR_H / 2)}" width="34" height="{_BAR_H}" '
        f'fill="{key}" fill-opacity="0.2"/>'
        f'<text x="{_num(x + 40)}" y="{_num(y2 + 4)}">open end: reaches the edge of the axis'
        "</text>"
    )
    x += 320
    parts.append(
        f'<text x="{_num(x)}" y="{_num(y2 + 4)}">hover a mark for the fact and its quote</text>'
    )
    parts.append("</g>")
    return "".join(parts), y2 + _LEGEND_ROW


@attrs.frozen
class _Lane:
    svg: str
    height: float
    undated: bool


def _lane(
    n: int, partner: str, state: PartnerState, y: float, scale: Scale, describe: Mapping[str, str]
) -> _Lane:
    """Partner `partner`'s lane, its top at `y`: label, dated marks packed in rows, undated."""
    placed = [_place(item, scale) for item in state.items]
    dated = _pack([p for p in placed if not p.undated])
    undated = [p for p in placed if p.undated]
    per_row = max(1, (_UNDATED_X1 - _UNDATED_X0) // _UNDATED_STEP)
    rows = max(1, max((p.row + 1 for p in dated), default=0), -(-len(undated) // per_row))
    height = rows * _ROW_H + 2 * _LANE_PAD
    label = partner_label(partner)
    shade = "#f4f6f8" if n % 2 == 0 else "#ffffff"
    body = [
        f'<g class="lane" data-partner="{esc(partner)}" transform="translate(0,{_num(y)})">',
        f'<rect class="lane-bg" x="0" y="0" width="{_WIDTH}" height="{height}" fill="{shade}"/>',
        f'<text class="lane-label" x="{_PLOT_X0 - 10}" y="{_LANE_PAD + 9}" '
        f'text-anchor="end" font-weight="600"><title>{esc(label)}</title>'
        f"{esc(_shorten(label, 30))}</text>",
        f'<text class="lane-id" x="{_PLOT_X0 - 10}" y="{_LANE_PAD + 22}" '
        f'text-anchor="end" fill="#5a636c" font-size="11">{esc(partner)}</text>',
    ]
    for p in dated:
        body.append(_mark(p, _LANE_PAD + p.row * _ROW_H + _ROW_H / 2, describe.get(p.item.id, "")))
    for i, p in enumerate(undated):
        gx = _UNDATED_X0 + _UNDATED_STEP / 2 + (i % per_row) * _UNDATED_STEP
        row = i // per_row
        placed_undated = attrs.evolve(p, x0=gx, x1=gx, gx=gx, row=row)
        body.append(
            _mark(
                placed_undated, _LANE_PAD + row * _ROW_H + _ROW_H / 2, describe.get(p.item.id, "")
            )
        )
    body.append("</g>")
    return _Lane("".join(body), height, bool(undated))


def _ticks(scale: Scale, axis_y: float, bottom: float) -> list[str]:
    """The year ticks with their grid lines, and quarter ticks on a short axis."""
    out = []
    for tick in _years(scale):
        x = scale.x(tick)
        last = tick >= scale.end
        anchor = ' text-anchor="end"' if last else ""
        out.append(
            f'<g class="tick" data-date="{tick.isoformat()}">'
            f'<line x1="{_num(x)}" y1="{_num(axis_y + _AXIS_H - 10)}" x2="{_num(x)}" '
            f'y2="{_num(bottom)}" stroke="#c8cdd2" stroke-width="1"/>'
            f'<text x="{_num(x - 3 if last else x + 3)}" y="{_num(axis_y + _AXIS_H - 10)}"'
            f"{anchor}>{tick.year}</text></g>"
        )
    if scale.end.year - scale.start.year <= 4:
        for year in range(scale.start.year, scale.end.year):
            for month in (4, 7, 10):
                x = scale.x(date(year, month, 1))
                out.append(
                    f'<line class="minor" x1="{_num(x)}" y1="{_num(axis_y + _AXIS_H - 7)}" '
                    f'x2="{_num(x)}" y2="{_num(axis_y + _AXIS_H - 4)}" stroke="#333333"/>'
                )
    return out


def _axis(
    states: Mapping[str, PartnerState], scale: Scale, axis_y: float, bottom: float, undated: bool
) -> str:
    """The axis line, its ticks, the undated column's head and the as-of line."""
    axis = ['<g class="axis" data-ticks="year">']
    axis.append(
        f'<line x1="{_PLOT_X0}" y1="{_num(axis_y + _AXIS_H - 4)}" x2="{_PLOT_X1}" '
        f'y2="{_num(axis_y + _AXIS_H - 4)}" stroke="#333333"/>'
    )
    axis += _ticks(scale, axis_y, bottom)
    if undated:
        axis.append(
            f'<text class="undated-head" x="{(_UNDATED_X0 + _UNDATED_X1) // 2}" '
            f'y="{_num(axis_y + _AXIS_H - 10)}" text-anchor="middle">undated</text>'
            f'<line x1="{_UNDATED_X0 - 8}" y1="{_num(axis_y + _AXIS_H - 10)}" '
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
            f"as of {day.isoformat()}</text></g>"
        )
    axis.append("</g>")
    return "".join(axis)


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
    coloured by kind with a legend; an imprecise date is a bar over its interval, an open end
    reaches the edge of the axis with an arrow, and an unknown date sits in an "undated"
    column. Each mark's ``<title>`` is its tooltip: kind, EDTF date, content and quote.
    The axis has year ticks; the root element carries its scale (``data-domain-start``,
    ``data-domain-end``, ``data-plot-x0``, ``data-plot-x1``).

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import AidCommitted
    >>> from timeline.fold import project
    >>> from timeline.fold import Entry
    >>> pledge = AidCommitted(partners=("BE",), occurred=DateSpan.month(2023, 6))
    >>> svg = timeline_svg(project([Entry(1, pledge)]))
    >>> svg.startswith("<svg") and svg.count('class="mark"') == 1
    True
    """
    describe = {item.id: what(item.event) for state in states.values() for item in state.items}
    start, end = _domain(states.values())
    scale = Scale(start, end, _PLOT_X0, _PLOT_X1)
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
