"""Views of states and histories: text, Markdown, HTML and the SVG picture.

Imports the vocabulary and ``timeline.fold``; never the log, extraction or the facade.
"""

from timeline.report.views import (
    DEFAULT_TITLE,
    SECTIONS,
    amount_text,
    event_view,
    events_table,
    history_table,
    item_view,
    money_view,
    partner_label,
    report_html,
    report_markdown,
    span_view,
    state_table,
    state_view,
    summary_rows,
    summary_table,
    timeline_svg,
)

__all__ = [
    "DEFAULT_TITLE",
    "SECTIONS",
    "amount_text",
    "event_view",
    "events_table",
    "history_table",
    "item_view",
    "money_view",
    "partner_label",
    "report_html",
    "report_markdown",
    "span_view",
    "state_table",
    "state_view",
    "summary_rows",
    "summary_table",
    "timeline_svg",
]
