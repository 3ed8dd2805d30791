"""The ``timeline`` command: a thin layer over `Timeline`, `load_article` and `extract`.

Every subcommand takes ``--db FILE`` (default ``$TIMELINE_DB`` or ``timeline.db``). Errors are
one line on stderr: exit status 2 for a usage error, 1 for bad data; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from timeline.errors import LogError, TimelineError

__all__ = ["build_parser", "main"]

PROG = "timeline"


class UsageError(TimelineError):
    """A command line that asks for something impossible (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _date(text: str) -> date:
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


def _timeout(args: argparse.Namespace) -> float:
    timeout: float = getattr(args, "lock_timeout", 5.0)
    return timeout


def _default_db() -> str:
    return os.environ.get("TIMELINE_DB") or "timeline.db"


def _common_options() -> argparse.ArgumentParser:
    """The options every subcommand takes: the timeline file and the lock wait."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="the timeline file (default: $TIMELINE_DB or timeline.db)",
    )
    common.add_argument(
        "--lock-timeout",
        type=_seconds,
        default=argparse.SUPPRESS,
        metavar="SECONDS",
        help="how long to wait for another writer's lock (default: 5)",
    )
    return common


def _add_extract(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("extract", parents=[common], help="print the events found in an article")
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--published",
        type=_date,
        metavar="DATE",
        help="the publication date (overrides the file's)",
    )
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")


def _add_ingest(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ingest", parents=[common], help="store articles and their events")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
    p.add_argument("--published", type=_date, metavar="DATE")


def _add_events(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("events", parents=[common], help="list stored events")
    p.add_argument("--partner", metavar="P")
    p.add_argument("--kind", action="append", metavar="K")
    p.add_argument("--format", choices=("jsonl", "table"), default="table")


def _add_state(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("state", parents=[common], help="a partner's state on a date")
    p.add_argument("partner", metavar="PARTNER")
    p.add_argument("--as-of", type=_date, metavar="DATE")
    p.add_argument("--known-at", type=_date, metavar="DATE")
    p.add_argument("--recorded-by", type=int, metavar="SEQ")
    p.add_argument("--mode", choices=("certain", "possible"), default="certain")
    p.add_argument("--format", choices=("json", "table"), default="table")


def _add_history(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("history", parents=[common], help="every fact about a partner, in order")
    p.add_argument("partner", metavar="PARTNER")
    p.add_argument("--format", choices=("jsonl", "table"), default="table")


def _add_verify(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("verify", parents=[common], help="check the hash chain")
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


def _add_retract(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("retract", parents=[common], help="withdraw an event")
    p.add_argument("event_id", metavar="ID")
    p.add_argument("--reason", required=True)
    p.add_argument(
        "--published",
        type=_date,
        metavar="DATE",
        help="when the retraction became known (default: today)",
    )


def _add_reextract(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "reextract",
        parents=[common],
        help="read the stored articles again with the current extractor",
    )
    p.add_argument(
        "--since",
        metavar="VERSION",
        help="only articles with a reading from an extractor version older than VERSION",
    )
    p.add_argument(
        "--published",
        type=_date,
        metavar="DATE",
        help="when the re-extraction's amendments became known (default: today)",
    )


def _add_report(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "report",
        parents=[common],
        help="a per-partner report with a timeline picture",
    )
    p.add_argument("--as-of", type=_date, metavar="DATE", help="count what happened by DATE")
    p.add_argument(
        "--known-at", type=_date, metavar="DATE", help="count what had been reported by DATE"
    )
    p.add_argument("--mode", choices=("certain", "possible"), default="certain")
    p.add_argument(
        "--partner",
        action="append",
        metavar="P",
        help="only this partner (repeat for more; default: every partner)",
    )
    p.add_argument("--title", help="the report's title")
    p.add_argument(
        "--format",
        choices=("md", "html"),
        default=None,
        help="md or html (default: html when --out ends in .html, else md)",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")


#: Each subcommand's arguments, in the order ``timeline --help`` lists them.
_SUBCOMMANDS: tuple[Callable[[Any, argparse.ArgumentParser], None], ...] = (
    _add_extract,
    _add_ingest,
    _add_events,
    _add_state,
    _add_history,
    _add_verify,
    _add_retract,
    _add_reextract,
    _add_report,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    common = _common_options()
    parser = _Parser(
        prog=PROG,
        description="Turn news articles into an event-sourced timeline and ask it questions.",
        parents=[common],
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    for add in _SUBCOMMANDS:
        add(sub, common)
    return parser


def _partner(text: str) -> str:
    from timeline.partners import is_partner_id, resolve_partner

    candidate = text.strip()
    if is_partner_id(candidate.upper()):
        return candidate.upper()
    found = resolve_partner(candidate)
    if found is None:
        raise UsageError(f"unknown partner {text!r} (use an ISO code like BE, or a name)")
    return found


def _db(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or _default_db())


def _open_existing(args: argparse.Namespace) -> Any:
    from timeline.timeline import Timeline

    path = _db(args)
    if not path.exists():
        raise UsageError(f"no timeline at {path} (create one with 'timeline ingest')")
    return Timeline.open(path, read_only=True, timeout=_timeout(args))


def _print_json(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.articles import load_article
    from timeline.read import extract
    from timeline.report import event_view, events_table

    article = load_article(args.path, published=args.published)
    events = extract(article)
    if args.format == "table":
        out.write(events_table(events) + "\n")
    else:
        for event in events:
            _print_json(event_view(event), out)
    return 0


def _cmd_ingest(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.articles import iter_article_paths, load_article
    from timeline.timeline import Timeline

    def warn(message: str) -> None:
        print(f"{PROG}: warning: {message}", file=sys.stderr)

    paths = list(iter_article_paths(args.paths, on_skip=lambda path, why: warn(f"{path}: {why}")))
    if not paths:
        raise UsageError("no article files found in " + ", ".join(map(str, args.paths)))
    counts = {"articles": 0, "new_articles": 0, "events": 0, "new_events": 0, "failed": 0}
    progress = len(paths) > 20
    with Timeline.open(_db(args), timeout=_timeout(args)) as tl:
        for n, path in enumerate(paths, 1):
            try:
                article = load_article(path, published=args.published)
                result = tl.ingest(article)
            except LogError:
                raise  # the log's fault (locked, broken), not the file's: stop, don't skip on
            except TimelineError as exc:
                counts["failed"] += 1
                print(f"{PROG}: skipped {path}: {exc}", file=sys.stderr)
                continue
            for warning in article.warnings:
                warn(warning)
            if not result.events:
                warn(f"{path}: no facts found")
            counts["articles"] += 1
            counts["new_articles"] += int(result.new_article)
            counts["events"] += len(result.events)
            counts["new_events"] += result.new_events
            if progress and (n % 50 == 0 or n == len(paths)):
                print(f"{PROG}: {n}/{len(paths)} files", file=sys.stderr)
    out.write(
        f"ingested {counts['articles']} articles ({counts['new_articles']} new, "
        f"{counts['articles'] - counts['new_articles']} already known), "
        f"{counts['events']} events ({counts['new_events']} new, "
        f"{counts['events'] - counts['new_events']} already known), "
        f"{counts['failed']} failed into {_db(args)}\n"
    )
    return 1 if counts["failed"] else 0


def _cmd_events(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.events import KINDS
    from timeline.report import event_view, events_table

    for kind in args.kind or ():
        if kind not in KINDS:
            raise UsageError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    partner = _partner(args.partner) if args.partner else None
    with _open_existing(args) as tl:
        events = list(tl.events(partner=partner, kinds=args.kind))
    if args.format == "table":
        out.write(events_table(events) + "\n")
    else:
        for event in events:
            _print_json(event_view(event), out)
    return 0


def _cmd_state(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.report import state_table, state_view

    partner = _partner(args.partner)
    with _open_existing(args) as tl:
        state = tl.state(
            partner,
            as_of=args.as_of,
            known_at=args.known_at,
            mode=args.mode,
            recorded_by=args.recorded_by,
        )
    if args.format == "json":
        _print_json(state_view(state), out)
    else:
        out.write(state_table(state) + "\n")
    return 0


def _cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.report import event_view, history_table

    partner = _partner(args.partner)
    with _open_existing(args) as tl:
        entries = tl.history(partner)
    if args.format == "table":
        out.write(history_table(entries) + "\n")
    else:
        for entry in entries:
            view = event_view(entry.event)
            view["status"] = entry.status.value
            view["seq"] = entry.seq
            view["amended_by"] = [a.id for a in entry.amendments]
            view["fact"] = None if entry.fact is None else entry.fact.id
            view["corroboration"] = None if entry.fact is None else entry.fact.corroboration
            view["superseded_by"] = entry.superseded_by
            _print_json(view, out)
    return 0


def _cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.log import GENESIS_HASH

    with _open_existing(args) as tl:
        result = tl.verify()
        expected_ok = True
        if args.expect_head is not None:  # an empty head (an unset variable) must fail
            seq_text, _, digest = args.expect_head.strip().lower().partition(":")
            if not seq_text.isdigit() or len(digest) != 64 or digest.strip("0123456789abcdef"):
                raise UsageError(f"--expect-head takes SEQ:HASH, not {args.expect_head!r}")
            seq = int(seq_text)
            records = list(tl.log.read(after=seq - 1, until=seq)) if seq else []
            # Every chain holds the empty log's head, "0:<GENESIS_HASH>".
            held = records[0].hash if records else (GENESIS_HASH if seq == 0 else None)
            expected_ok = held == digest
    if not result.ok:
        print(
            f"{PROG}: verify failed at record {result.first_bad_seq}: {result.reason}",
            file=sys.stderr,
        )
        return 1
    if not expected_ok:
        print(
            f"{PROG}: verify failed: the chain no longer holds head {args.expect_head}"
            " (the log was rewritten)",
            file=sys.stderr,
        )
        return 1
    if args.print_head:
        out.write(f"{result.records}:{result.head}\n")
    else:
        out.write(f"ok: {result.records} records, head {result.head}\n")
    return 0


def _cmd_retract(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.timeline import Timeline

    path = _db(args)
    if not path.exists():
        raise UsageError(f"no timeline at {path}")
    with Timeline.open(path, timeout=_timeout(args)) as tl:
        record = tl.retract(args.event_id, reason=args.reason, published=args.published)
    out.write(f"retracted {args.event_id} as record {record.seq} ({record.event.id})\n")
    return 0


def _cmd_reextract(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.timeline import Timeline

    path = _db(args)
    if not path.exists():
        raise UsageError(f"no timeline at {path}")
    with Timeline.open(path, timeout=_timeout(args)) as tl:
        result = tl.reextract(since=args.since, published=args.published)
    out.write(
        f"re-read {result.articles} articles with {result.extractor} v{result.version} "
        f"({result.skipped} already current): {len(result.retracted)} retracted, "
        f"{len(result.corrected)} corrected, {len(result.added)} added, "
        f"{len(result.restored)} restored; {result.records} records appended to {path}\n"
    )
    return 0


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.report import DEFAULT_TITLE, report_html, report_markdown

    fmt = args.format
    if fmt is None:
        fmt = "html" if args.out and args.out.lower().endswith((".html", ".htm")) else "md"
    partners = [_partner(p) for p in args.partner] if args.partner else None
    with _open_existing(args) as tl:
        states = tl.states(
            as_of=args.as_of, known_at=args.known_at, mode=args.mode, partners=partners
        )
    render = report_html if fmt == "html" else report_markdown
    text = render(states, title=args.title or DEFAULT_TITLE)
    if args.out is None:
        out.write(text)
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    facts = len({i for state in states.values() for i in state.event_ids})
    out.write(f"wrote {args.out} ({fmt}): {len(states)} partners, {facts} facts\n")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "extract": _cmd_extract,
    "ingest": _cmd_ingest,
    "events": _cmd_events,
    "state": _cmd_state,
    "history": _cmd_history,
    "verify": _cmd_verify,
    "retract": _cmd_retract,
    "report": _cmd_report,
    "reextract": _cmd_reextract,
}


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line `argv` (default: ``sys.argv[1:]``); return the exit status."""
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        return _COMMANDS[args.command](args, out)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except TimelineError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the promise: never a traceback; say what it was
        if os.environ.get("TIMELINE_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} "
            "(set TIMELINE_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1
