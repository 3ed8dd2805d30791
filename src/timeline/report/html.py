"""The self-contained HTML report: the timeline picture, the summary and the chronologies."""

from __future__ import annotations

from collections.abc import Mapping

from timeline.events import REGISTRY
from timeline.fold import PartnerState, Source
from timeline.report._common import (
    DEFAULT_TITLE,
    READING_NOTE,
    SUMMARY_HEADER,
    conversion_note,
    esc,
    kind_label,
    partner_label,
    partner_note,
    plain_date,
    plain_day,
    safe_url,
    summary_cells,
    summary_rows,
    times_text,
    totals_rule,
    totals_text,
    what,
)
from timeline.report.pledges import ledger_lines
from timeline.report.svg import timeline_svg, timeline_svg_pages

__all__ = ["report_html"]

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232a;margin:0;
background:#fff}
main{max-width:1220px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 .2em}h2{margin-top:1.6em;border-bottom:1px solid #d7dce1}
h3{margin:1.4em 0 .3em}
.times{color:#4a545e;margin:0}
figure{margin:0;overflow-x:auto}
svg.timeline{max-width:100%;height:auto}
svg .mark{cursor:default}svg .mark:hover .glyph{stroke:#000;stroke-width:1.5}
svg .lane-label{font-weight:600}
table{border-collapse:collapse;margin:.5em 0;font-size:.93em}
th,td{border-bottom:1px solid #e3e7ea;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8}
td.num{text-align:right}.wide{overflow-x:auto}
.summary td{white-space:nowrap}.summary td:first-child{white-space:normal}
.kind{white-space:nowrap}
.kind::before{content:"";display:inline-block;width:.7em;height:.7em;border-radius:50%;
margin-right:.35em;background:#999}
.quote{color:#4a545e;font-style:italic}
.date{white-space:nowrap}
.note{color:#4a545e;margin:.2em 0 .6em}
.ledger{margin:.2em 0 .8em;padding-left:1.2em}.ledger li.sub{margin-left:1.4em;color:#4a545e}
figcaption{color:#4a545e;font-size:.9em;margin-top:.4em}
footer{margin-top:3em;color:#6a737c;font-size:.85em}
.print-pages{display:none}
@page{size:A4 landscape;margin:10mm}
@media print{
body{font-size:9.5pt}main{max-width:none;padding:0}
figure,.wide{overflow:visible}svg.timeline{width:100%;height:auto}
a{color:inherit;text-decoration:none}
h2,h3{break-after:avoid}tr{break-inside:avoid}
figure.screen{display:none}.print-pages{display:block}
.print-pages figure{break-inside:avoid;break-after:page;margin:0}
#timeline h2{display:none}
}
"""

#: Each kind's colour beside its name in the chronologies (from the kind registry).
_KIND_CSS = "".join(f".k-{info.kind}::before{{background:{info.colour}}}" for info in REGISTRY)


def _source_html(source: Source) -> str:
    published = plain_day(source.published, "")
    label = ", ".join(esc(p) for p in (source.outlet, published) if p)
    label = label or esc(source.article_id or "source")
    url = safe_url(source.url)
    cited = f'<a href="{esc(url)}" rel="noopener noreferrer">{label}</a>' if url else label
    quote = f' <span class="quote">“{esc(source.quote)}”</span>' if source.quote else ""
    return f"{cited}{quote}"


def _head(title: str) -> list[str]:
    return [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_CSS}{_KIND_CSS}</style>",
        "</head><body><main>",
    ]


def _summary_html(states: Mapping[str, PartnerState], currency: str | None) -> list[str]:
    out = [
        '<section id="summary"><h2>Summary</h2><div class="wide">'
        '<table class="summary"><thead><tr>',
        "".join(f"<th>{esc(h)}</th>" for h in SUMMARY_HEADER),
        "</tr></thead><tbody>",
    ]
    for row in summary_rows(states, currency=currency):
        cells = summary_cells(row)
        out.append(
            f'<tr><td><a href="#partner-{esc(row["partner"])}">{esc(cells[0])}</a></td>'
            + "".join(
                f'<td class="{"num" if c.isdigit() else ""}">{esc(c)}</td>' for c in cells[1:]
            )
            + "</tr>"
        )
    out.append("</tbody></table></div></section>")
    return out


def _chronology_html(partner: str, state: PartnerState) -> list[str]:
    out = [
        f'<section id="partner-{esc(partner)}">'
        f"<h3>{esc(partner_label(partner))} ({esc(partner)})</h3>"
    ]
    note = partner_note(partner)
    if note:
        out.append(f'<p class="note">{esc(note[0].upper() + note[1:])}.</p>')
    totals = totals_text(state)
    if totals:
        out.append(f"<p>Committed in total: {esc(totals)}.</p>")
    ledger = ledger_lines(state)
    if ledger:
        items = "".join(
            f'<li class="{"sub" if line.startswith("  ") else ""}">{esc(line.strip())}</li>'
            for line in ledger
        )
        out.append(f'<p>Pledged against delivered:</p><ul class="ledger">{items}</ul>')
    out.append(
        "<table><thead><tr><th>occurred</th><th>kind</th><th>what</th><th>source</th>"
        "</tr></thead><tbody>"
    )
    for item in state.chronology():
        shared = [p for p in item.partners if p != partner]
        said = esc(what(item.event))
        if shared:
            said += f" <small>(shared with {esc(', '.join(shared))})</small>"
        if item.corrects:
            said += f" <small>(corrects {esc(item.corrects)})</small>"
        sources = "<br>".join(_source_html(s) for s in item.sources)
        out.append(
            f'<tr id="{esc(partner)}-{esc(item.id)}">'
            f'<td class="date" data-edtf="{esc(item.occurred.edtf())}">'
            f"{esc(plain_date(item.occurred))}</td>"
            f'<td class="kind k-{esc(item.kind)}">{esc(kind_label(item.kind))}</td>'
            f"<td>{said}</td><td>{sources}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _print_pages(states: Mapping[str, PartnerState]) -> list[str]:
    """The picture again, cut into pages for printing (hidden on screen)."""
    pages = timeline_svg_pages(states)
    out = ['<div class="print-pages" aria-hidden="true">']
    for n, page in enumerate(pages, 1):
        out.append(f'<figure class="page">{page}')
        if len(pages) > 1:
            out.append(f"<figcaption>Timeline, page {n} of {len(pages)}</figcaption>")
        out.append("</figure>")
    return [*out, "</div>"]


def _legend(states: Mapping[str, PartnerState], currency: str | None) -> str:
    """The picture's caption: how to read the marks, dates and totals (said once)."""
    parts = [
        "One lane per partner, one mark per fact, labelled with its amount or what it names; "
        "a bar spans a date known to a week, month, quarter or year, and a fact known only "
        "to have happened by a report's publication is a mark at that date with a short "
        "whisker fading back. A lane too crowded to label every mark says how many it left "
        "unlabelled; each is in the chronology below. A small number after a label counts "
        "the outlets that reported the fact; a dashed red ring marks reports that disagree. "
        "Hover a mark for its sources.",
        READING_NOTE,
    ]
    rule = totals_rule(states)
    if rule:
        parts.append(f"Totals: {rule}.")
    if currency is not None:
        parts.append(conversion_note(currency))
    return f"<figcaption>{esc(' '.join(parts))}</figcaption>"


def report_html(
    states: Mapping[str, PartnerState],
    *,
    title: str = DEFAULT_TITLE,
    currency: str | None = None,
) -> str:
    """A self-contained HTML report: the timeline picture, the summary and the chronologies.

    Inline CSS and an inline SVG only: no script, nothing fetched (a Content-Security-Policy
    says so to the browser); the article URLs are plain links. All text is escaped.

    >>> from timeline.dates import DateSpan
    >>> from timeline.events import MeetingHeld, Provenance
    >>> from timeline.fold import project
    >>> from timeline.fold import Entry
    >>> talk = MeetingHeld(partners=("GB",), occurred=DateSpan.parse("2023-12-11/2023-12-15"),
    ...     provenance=Provenance(quote='A <b>"conference"</b> took place.'))
    >>> page = report_html(project([Entry(1, talk)]))
    >>> "<svg" in page, "<script" in page, "<b>" in page
    (True, False, False)
    """
    out = [
        *_head(title),
        f"<header><h1>{esc(title)}</h1>",
        f'<p class="times">{esc(times_text(states))}</p></header>',
        '<section id="timeline"><h2>Timeline</h2><figure class="screen">',
        timeline_svg(states),
        _legend(states, currency),
        "</figure>",
        *_print_pages(states),
        "</section>",
    ]
    if states:
        out += _summary_html(states, currency)
        out.append('<section id="chronologies"><h2>Chronologies</h2>')
    for partner, state in states.items():
        out += _chronology_html(partner, state)
    if states:
        out.append("</section>")
    out.append(
        "<footer>Made by <code>timeline</code> from an append-only event log. Amounts are "
        "in the currency each report gives (never converted); the JSON and CSV exports carry "
        "each date as an EDTF interval.</footer>"
    )
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
