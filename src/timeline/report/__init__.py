"""The views: what a person or a spreadsheet reads of states and histories.

Holds one module per form: ``views`` (JSON-ready dicts), ``text`` (tables for a terminal),
``markdown``, ``html`` and ``svg`` (the timeline picture), with ``_common`` for what they share
(kind labels from the registry, partner names, amounts and dates for people, escaping).
Imports the vocabulary and ``timeline.fold`` only; never the log, extraction or the facade.
"""

from timeline.report._common import (
    DEFAULT_TITLE,
    SECTIONS,
    amount_text,
    partner_label,
    partner_note,
    plain_date,
    short_amount,
    summary_rows,
)
from timeline.report.html import report_html
from timeline.report.markdown import report_markdown
from timeline.report.svg import timeline_svg, timeline_svg_pages
from timeline.report.text import events_table, history_table, state_table, summary_table
from timeline.report.views import event_view, item_view, money_view, span_view, state_view

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
    "partner_note",
    "plain_date",
    "report_html",
    "report_markdown",
    "short_amount",
    "span_view",
    "state_table",
    "state_view",
    "summary_rows",
    "summary_table",
    "timeline_svg",
    "timeline_svg_pages",
]
