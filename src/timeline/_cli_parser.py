"""The argument parser of the ``timeline`` command: one function per subcommand.

Private to `timeline.cli`. Commands that only read take ``--db``; commands that write take
``--lock-timeout`` too (the readers still accept it, unlisted, so old scripts keep working).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NoReturn

PROG = "timeline"


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Print `message` on one line and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def parse_date(text: str) -> date:
    """A date written ``YYYY-MM-DD`` (or an ISO time stamp, which names its date)."""
    value = text.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:  # a full ISO time stamp names its date; anything after it does not
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write it as YYYY-MM-DD)") from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def _db_options(*, writes: bool) -> Parser:
    """``--db``, and ``--lock-timeout`` (listed only for commands that write)."""
    options = Parser(add_help=False)
    options.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="FILE|URL",
        help="the timeline file or a postgresql:// URL (default: $TIMELINE_DB or timeline.db)",
    )
    options.add_argument(
        "--lock-timeout",
        type=_seconds,
        default=argparse.SUPPRESS,
        metavar="SECONDS",
        help="how long to wait for another writer's lock (default: 5)"
        if writes
        else argparse.SUPPRESS,
    )
    return options


def _times(p: argparse.ArgumentParser, *, recorded: bool = False) -> None:
    p.add_argument("--as-of", type=parse_date, metavar="DATE", help="count what happened by DATE")
    p.add_argument(
        "--known-at", type=parse_date, metavar="DATE", help="count what had been reported by DATE"
    )
    if recorded:
        p.add_argument(
            "--recorded-by", type=int, metavar="SEQ", help="count what the log held at SEQ"
        )
    p.add_argument(
        "--mode",
        choices=("certain", "possible"),
        default="certain",
        help="certain: what surely happened by --as-of; possible: what may have",
    )


def _window(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--since",
        type=parse_date,
        metavar="DATE",
        help="only facts that may have happened on or after DATE",
    )
    p.add_argument(
        "--until",
        type=parse_date,
        metavar="DATE",
        help="only facts that may have happened on or before DATE",
    )


def _confidence(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--min-confidence",
        choices=("high", "medium", "low"),
        metavar="LEVEL",
        help="leave out facts read less surely than LEVEL (high, medium or low)",
    )


def _partners(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--partner",
        action="append",
        metavar="P",
        help="only this partner (repeat for more; default: every partner)",
    )


def _convert(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--in",
        dest="currency",
        metavar="CUR",
        help="also give totals converted into CUR at the ECB rate of each fact's date",
    )


def _add_extract(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser(
        "extract", parents=[reads], help="print the events found in articles (stores nothing)"
    )
    p.add_argument("path", metavar="PATH", help="an article file or a folder of them")
    p.add_argument(
        "--published",
        type=parse_date,
        metavar="DATE",
        help="the publication date (overrides the file's)",
    )
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")


def _add_ingest(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser("ingest", parents=[writes], help="store articles and their events")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
    p.add_argument("--published", type=parse_date, metavar="DATE")


def _add_events(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser("events", parents=[reads], help="list stored events in calendar order")
    p.add_argument("--partner", metavar="P")
    p.add_argument("--kind", action="append", metavar="K")
    _window(p)
    _confidence(p)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")


#: How many facts of each section the state table lists without ``--all``.
STATE_LISTED = 20


def _add_state(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser("state", parents=[reads], help="a partner's state on a date")
    p.add_argument("partner", metavar="PARTNER")
    _times(p, recorded=True)
    _confidence(p)
    _convert(p)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument(
        "--all",
        action="store_true",
        dest="every",
        help=f"list every fact of each section (the table lists the latest {STATE_LISTED} of "
        "each, and links pledges to deliveries only for sections that short; totals and counts "
        "are always complete)",
    )


def _add_history(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser(
        "history", parents=[reads], help="every fact about a partner, in calendar order"
    )
    p.add_argument("partner", metavar="PARTNER")
    _window(p)
    _confidence(p)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")


def _add_verify(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser("verify", parents=[reads], help="check the hash chain")
    p.add_argument(
        "--print-head",
        action="store_true",
        help="print the last sequence number and hash, to keep elsewhere",
    )
    p.add_argument(
        "--expect-head",
        metavar="SEQ:HASH",
        help="also check that the chain still holds this earlier head",
    )


def _add_copy(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser("copy", help="copy a timeline to another file or server, record by record")
    p.add_argument("--from", dest="source", required=True, metavar="FILE|URL")
    p.add_argument("--to", dest="target", required=True, metavar="FILE|URL")


def _add_rebuild(sub: Any, reads: Parser, writes: Parser) -> None:
    sub.add_parser(
        "rebuild",
        parents=[writes],
        help="verify the chain, then drop and rebuild the partners' stored states",
    )


def _published(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--published",
        type=parse_date,
        metavar="DATE",
        help=f"when {what} became known (default: today)",
    )


def _add_retract(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser("retract", parents=[writes], help="withdraw an event")
    p.add_argument("event_id", metavar="ID")
    p.add_argument("--reason", required=True)
    _published(p, "the retraction")


def _add_correct(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser(
        "correct",
        parents=[writes],
        help="replace an event by a corrected copy (amount, date, items, partners)",
    )
    p.add_argument("event_id", metavar="ID")
    p.add_argument("--amount", metavar="AMOUNT", help='the right amount, e.g. "€1.2 billion"')
    p.add_argument(
        "--date", metavar="EDTF", help="the right date: 2024-03-05, 2024-03, ../2024-03-05, …"
    )
    p.add_argument("--items", metavar="A,B", help="the right items, comma-separated")
    p.add_argument("--partners", metavar="P,Q", help="the right partners, comma-separated")
    p.add_argument("--reason", required=True)
    _published(p, "the correction")


def _add_reextract(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser(
        "reextract",
        parents=[writes],
        help="read the stored articles again with the current extractor",
    )
    p.add_argument(
        "--since",
        metavar="VERSION",
        help="only articles with a reading from an extractor version older than VERSION",
    )
    _published(p, "the re-extraction's amendments")


def _add_report(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser(
        "report", parents=[reads], help="a per-partner report with a timeline picture"
    )
    _times(p)
    _partners(p)
    _window(p)
    _confidence(p)
    _convert(p)
    p.add_argument("--title", help="the report's title")
    p.add_argument(
        "--format",
        choices=("md", "html", "svg", "csv", "jsonl"),
        default=None,
        help="default: from the --out file's ending (.md, .html, .svg, .csv, .jsonl), else md",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")


def _add_export(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser(
        "export",
        parents=[reads],
        help="one row per fact and partner, for spreadsheets (CSV or JSON lines)",
    )
    _times(p)
    _partners(p)
    _window(p)
    _confidence(p)
    _convert(p)
    p.add_argument(
        "--format",
        choices=("csv", "jsonl"),
        default=None,
        help="default: from the --out file's ending (.csv, .jsonl), else csv",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")


def _add_changes(sub: Any, reads: Parser, writes: Parser) -> None:
    p = sub.add_parser(
        "changes", parents=[reads], help="what became known between two dates, per partner"
    )
    p.add_argument("partner", nargs="?", metavar="PARTNER", help="only this partner")
    p.add_argument("--known-since", type=parse_date, metavar="DATE", help="known after DATE")
    p.add_argument(
        "--known-until", type=parse_date, metavar="DATE", help="known by DATE (default: now)"
    )
    p.add_argument(
        "--recorded-since", type=int, metavar="SEQ", help="recorded after log position SEQ"
    )
    _confidence(p)
    p.add_argument("--format", choices=("table", "jsonl"), default="table")


#: Each subcommand's arguments, in the order ``timeline --help`` lists them.
SUBCOMMANDS: tuple[Callable[[Any, Parser, Parser], None], ...] = (
    _add_extract,
    _add_ingest,
    _add_events,
    _add_state,
    _add_history,
    _add_changes,
    _add_report,
    _add_export,
    _add_verify,
    _add_rebuild,
    _add_copy,
    _add_retract,
    _add_correct,
    _add_reextract,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    reads, writes = _db_options(writes=False), _db_options(writes=True)
    parser = Parser(
        prog=PROG,
        description="Turn news articles into an event-sourced timeline and ask it questions.",
        parents=[writes],
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )
    for add in SUBCOMMANDS:
        add(sub, reads, writes)
    return parser
