"""The report in Markdown: the times, a summary table, then each partner's chronology."""

from __future__ import annotations

import re
from collections.abc import Mapping

from timeline.fold import PartnerState, Source
from timeline.report._common import (
    DEFAULT_TITLE,
    READING_NOTE,
    SUMMARY_HEADER,
    conversion_note,
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

__all__ = ["report_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _source_md(source: Source) -> str:
    published = plain_day(source.published, "")
    label = ", ".join(_md(p) for p in (source.outlet, published) if p)
    label = label or _md(source.article_id or "source")
    url = safe_url(source.url)
    cited = f"[{label}](<{url}>)" if url else label
    quote = f" “{_md(source.quote)}”" if source.quote else ""
    return f"{cited}{quote}"


def _summary_md(states: Mapping[str, PartnerState], currency: str | None) -> list[str]:
    lines = ["## Summary", ""]
    lines.append("| " + " | ".join(SUMMARY_HEADER) + " |")
    lines.append("|" + "|".join("---" for _ in SUMMARY_HEADER) + "|")
    for row in summary_rows(states, currency=currency):
        lines.append("| " + " | ".join(_md(c) for c in summary_cells(row)) + " |")
    return [*lines, ""]


def _chronology_md(partner: str, state: PartnerState) -> list[str]:
    lines = [f"## {_md(partner_label(partner))} ({_md(partner)})", ""]
    note = partner_note(partner)
    if note:
        lines += [f"_{_md(note[0].upper() + note[1:])}._", ""]
    totals = totals_text(state)
    if totals:
        lines += [f"Committed in total: {_md(totals)}.", ""]
    ledger = ledger_lines(state)
    if ledger:
        lines += ["Pledged against delivered:", ""]
        lines += [f"{'  ' if line.startswith('  ') else ''}- {_md(line)}" for line in ledger]
        lines.append("")
    for item in state.chronology():
        said = what(item.event)
        shared = [p for p in item.partners if p != partner]
        text = f"- **{_md(plain_date(item.occurred))}** · {kind_label(item.kind)}"
        if said:
            text += f" · {_md(said)}"
        if shared:
            text += f" (shared with {_md(', '.join(shared))})"
        if item.corrects:
            text += f" (corrects {_md(item.corrects)})"
        lines.append(text)
        for source in item.sources:
            lines.append(f"  - {_source_md(source)}")
    return [*lines, ""]


def report_markdown(
    states: Mapping[str, PartnerState],
    *,
    title: str = DEFAULT_TITLE,
    currency: str | None = None,
) -> str:
    """A report in Markdown: the times, a summary table, then each partner's chronology.

    Every fact of the chronology names its date (in words), kind and content, and cites its
    sources with their quotes; facts are in calendar order. How totals count is said once,
    under the title. Text from articles is escaped, so a quote cannot break the Markdown.

    >>> from datetime import date
    >>> from timeline.dates import DateSpan
    >>> from timeline.events import MemorandumSigned, Provenance
    >>> from timeline.fold import project
    >>> from timeline.fold import Entry
    >>> memo = MemorandumSigned(partners=("CZ",), occurred=DateSpan.on_or_before(date(2023, 7, 7)),
    ...     provenance=Provenance(outlet="Example Wire", published=date(2023, 7, 7),
    ...                           quote="They signed a memorandum."), scope="ammunition")
    >>> text = report_markdown(project([Entry(1, memo)], as_of=date(2023, 12, 31)))
    >>> print(text.splitlines()[2])  # doctest: +NORMALIZE_WHITESPACE
    As of 31 Dec 2023 (what certainly happened by then), as known now:
    1 partner, 1 fact from 1 source.
    >>> "| Czechia (CZ) | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 7 Jul 2023 | 7 Jul 2023 |" in text
    True
    >>> "- **on or before 7 Jul 2023** · memorandum signed · ammunition" in text
    True
    """
    lines = [f"# {_md(title)}", "", times_text(states), ""]
    if states:
        notes = f"{READING_NOTE} Totals: {totals_rule(states)}. {conversion_note(currency)}"
        lines += [_md(notes.strip()), ""]
        lines += _summary_md(states, currency)
    for partner, state in states.items():
        lines += _chronology_md(partner, state)
    return "\n".join(lines).rstrip("\n") + "\n"
