"""The ``timeline`` command: a thin layer over `Timeline`, `load_article` and `extract`.

Every subcommand takes ``--db FILE`` (default ``$TIMELINE_DB`` or ``timeline.db``); the ones
that write also ``--lock-timeout SECONDS``. Errors are one line on stderr: exit status 2 for a
usage error, 1 for bad data; never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from timeline._cli_parser import PROG, STATE_LISTED, build_parser
from timeline.errors import LogError, TimelineError

__all__ = ["build_parser", "main"]


class UsageError(TimelineError):
    """A command line that asks for something impossible (exit status 2)."""


def _timeout(args: argparse.Namespace) -> float:
    timeout: float = getattr(args, "lock_timeout", 5.0)
    return timeout


def _default_db() -> str:
    return os.environ.get("TIMELINE_DB") or "timeline.db"


def _partner(text: str) -> str:
    from timeline.partners import is_partner_id, resolve_partner

    candidate = text.strip()
    if is_partner_id(candidate.upper()):
        return candidate.upper()
    found = resolve_partner(candidate)
    if found is None:
        raise UsageError(f"unknown partner {text!r} (use an ISO code like BE, or a name)")
    return found


def _db(args: argparse.Namespace) -> Path | str:
    from timeline.log import is_postgres_dsn

    value = getattr(args, "db", None) or _default_db()
    if is_postgres_dsn(value):
        return str(value)
    path = Path(value)
    if path.is_dir():
        raise UsageError(
            f"{path} is a directory; --db names the timeline file, e.g. {path / 'timeline.db'}"
        )
    return path


def _open_existing(args: argparse.Namespace) -> Any:
    from timeline.timeline import Timeline

    path = _db(args)
    if isinstance(path, Path) and not path.exists():
        raise UsageError(f"no timeline at {path} (create one with 'timeline ingest')")
    return Timeline.open(path, read_only=True, timeout=_timeout(args))


def _open_for_writing(args: argparse.Namespace) -> Any:
    from timeline.timeline import Timeline

    path = _db(args)
    if isinstance(path, Path) and not path.exists():
        raise UsageError(f"no timeline at {path}")
    return Timeline.open(path, timeout=_timeout(args))


@contextlib.contextmanager
def _writing(tl: Any) -> Iterator[Any]:
    """`tl`, open for a command that writes; afterwards (if it succeeded) the file's stored
    projections are brought up to date, so that the next questions answer from them."""
    with tl:
        yield tl

        def progress(done: int, total: int) -> None:
            if total > 1 and (done == total or done % 10 == 0):
                print(f"{PROG}: updated {done} of {total} partners' stored states", file=sys.stderr)

        tl.update_projections(progress)


def _print_json(obj: Any, out: TextIO) -> None:
    from timeline.report.export import json_line

    out.write(json_line(obj))


def _write_rows(rows: Sequence[Mapping[str, Any]], out: TextIO, fmt: str) -> None:
    from timeline.report.export import write_rows

    write_rows(rows, out, fmt)


def _warn(message: str) -> None:
    """One warning line on stderr: the file and what was odd about it."""
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.articles import iter_article_paths, load_article
    from timeline.read import extract
    from timeline.report import event_view, events_table

    paths = list(iter_article_paths([args.path], on_skip=lambda path, why: _warn(f"{path}: {why}")))
    if not paths:
        raise UsageError(f"no article files found in {args.path}")
    events: list[Any] = []
    for path in paths:
        article = load_article(path, published=args.published)
        found = extract(article)
        for warning in article.warnings:
            _warn(warning)
        if not found:
            _warn(f"{path}: no facts found")
        events += found
    if args.format == "table":
        out.write(events_table(events) + "\n")
    else:
        for event in events:
            _print_json(event_view(event), out)
    return 0


def _cmd_ingest(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.articles import iter_article_paths, load_article
    from timeline.timeline import Timeline

    paths = list(iter_article_paths(args.paths, on_skip=lambda path, why: _warn(f"{path}: {why}")))
    if not paths:
        raise UsageError("no article files found in " + ", ".join(map(str, args.paths)))
    counts = {"articles": 0, "new_articles": 0, "events": 0, "new_events": 0, "failed": 0}
    progress = len(paths) > 20
    with _writing(Timeline.open(_db(args), timeout=_timeout(args))) as tl:
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
                _warn(warning)
            if not result.events:
                _warn(f"{path}: no facts found")
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


def _confidence(args: argparse.Namespace) -> dict[str, Any]:
    """``min_confidence`` for the fold, when the command line asks for one."""
    level = getattr(args, "min_confidence", None)
    return {} if level is None else {"min_confidence": level}


def _cmd_events(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.events import KINDS
    from timeline.report import event_view, events_table
    from timeline.report.export import event_rows

    for kind in args.kind or ():
        if kind not in KINDS:
            raise UsageError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    partner = _partner(args.partner) if args.partner else None
    with _open_existing(args) as tl:
        events = list(
            tl.events(
                partner=partner,
                kinds=args.kind,
                since=args.since,
                until=args.until,
                order="calendar",
                **_confidence(args),
            )
        )
    if args.format == "table":
        out.write(events_table(events) + "\n")
    elif args.format == "csv":
        _write_rows(event_rows(events), out, "csv")
    else:
        for event in events:
            _print_json(event_view(event), out)
    return 0


def _cmd_state(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.report import state_table, state_view
    from timeline.report.export import fact_rows

    partner = _partner(args.partner)
    currency = _currency(args)
    times = {
        "as_of": args.as_of,
        "known_at": args.known_at,
        "mode": args.mode,
        "recorded_by": args.recorded_by,
    }
    with _open_existing(args) as tl:
        state = tl.state(partner, **times, **_confidence(args))
    if args.format == "json":
        view = state_view(state)
        if currency is not None:
            view["converted"] = _converted_view(state, currency)
        _print_json(view, out)
    elif args.format == "csv":
        _write_rows(fact_rows({partner: state}, currency=currency), out, "csv")
    else:
        limit = None if args.every else STATE_LISTED
        out.write(state_table(state, currency=currency, limit=limit) + "\n")
    return 0


def _currency(args: argparse.Namespace) -> str | None:
    """The currency of ``--in``, upper-cased; a usage error for one that is not ISO 4217."""
    from timeline.money import is_currency

    code: str | None = getattr(args, "currency", None)
    if code is None:
        return None
    if not is_currency(code.strip().upper()):
        raise UsageError(f"--in takes an ISO 4217 currency code such as EUR, not {code!r}")
    return code.strip().upper()


def _converted_view(state: Any, currency: str) -> dict[str, Any]:
    """The JSON form of a state's committed amounts converted into `currency`."""
    from timeline.report import money_view
    from timeline.report.convert import converted_totals

    found = converted_totals(state, currency)
    return {
        "currency": currency,
        "total": money_view(found.total),
        "rule": "each commitment at the ECB reference rate of its date; a view, never stored",
        "amounts": [
            {
                "original": money_view(c.original),
                "converted": money_view(c.converted),
                "rate": None if c.rate is None else f"{c.rate:f}",
                "date": None if c.on is None else c.on.isoformat(),
                "note": c.note,
            }
            for c in found.conversions
        ],
    }


def _cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.report import event_view, history_table
    from timeline.report.export import history_fields, history_rows

    partner = _partner(args.partner)
    with _open_existing(args) as tl:
        entries = tl.history(partner, since=args.since, until=args.until, **_confidence(args))
    if args.format == "table":
        out.write(history_table(entries) + "\n")
    elif args.format == "csv":
        _write_rows(history_rows(entries), out, "csv")
    else:
        for entry in entries:
            _print_json(event_view(entry.event) | history_fields(entry), out)
    return 0


def _cmd_changes(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.report.changes import changes_rows, changes_table

    if args.known_since is None and args.recorded_since is None:
        raise UsageError("say since when: --known-since DATE or --recorded-since SEQ")
    partner = _partner(args.partner) if args.partner else None
    with _open_existing(args) as tl:
        found = tl.changes(
            args.known_since,
            args.known_until,
            partner=partner,
            recorded_since=args.recorded_since,
            **_confidence(args),
        )
    if args.format == "jsonl":
        for row in changes_rows(found):
            _print_json(row, out)
    else:
        out.write(changes_table(found) + "\n")
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


def _cmd_copy(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.log import copy_log, open_log

    copied = copy_log(args.source, args.target)
    with open_log(args.target, read_only=True) as log:
        result = log.verify()
    if not result.ok:
        print(f"{PROG}: the copy does not verify: {result.reason}", file=sys.stderr)
        return 1
    out.write(f"copied {copied} records: {result.records} records, head {result.head}\n")
    return 0


def _cmd_retract(args: argparse.Namespace, out: TextIO) -> int:
    with _writing(_open_for_writing(args)) as tl:
        record = tl.retract(args.event_id, reason=args.reason, published=args.published)
    out.write(f"retracted {args.event_id} as record {record.seq} ({record.event.id})\n")
    return 0


def _cmd_reextract(args: argparse.Namespace, out: TextIO) -> int:
    path = _db(args)
    with _writing(_open_for_writing(args)) as tl:
        result = tl.reextract(since=args.since, published=args.published)
    out.write(
        f"re-read {result.articles} articles with {result.extractor} v{result.version} "
        f"({result.skipped} already current): {len(result.retracted)} retracted, "
        f"{len(result.corrected)} corrected, {len(result.added)} added, "
        f"{len(result.restored)} restored; {result.records} records appended to {path}\n"
    )
    return 0


def _states(args: argparse.Namespace, tl: Any) -> dict[str, Any]:
    """The states a report or an export asks for: times, partners, window, confidence."""
    from timeline.report._common import in_window

    partners = [_partner(p) for p in args.partner] if args.partner else None
    times = {"as_of": args.as_of, "known_at": args.known_at, "mode": args.mode}
    states = tl.states(**times, partners=partners, **_confidence(args))
    if args.since is not None or args.until is not None:
        states = in_window(states, args.since, args.until)
    return dict(states)


def _write_out(args: argparse.Namespace, text: str, out: TextIO, summary: str) -> int:
    if args.out is None:
        out.write(text)
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    out.write(f"wrote {args.out} {summary}\n")
    return 0


_REPORT_ENDINGS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",
    ".csv": "csv",
    ".jsonl": "jsonl",
}


def _report_format(args: argparse.Namespace) -> str:
    fmt: str | None = args.format
    if args.out is None:
        return fmt or "md"
    ending = Path(args.out).suffix.lower()
    named = _REPORT_ENDINGS.get(ending)
    if fmt is None and named is None:
        raise UsageError(
            f"cannot tell the format of {args.out!r}: end it in "
            f"{', '.join(_REPORT_ENDINGS)} or say --format"
        )
    if fmt is not None and named is not None and named != fmt:
        raise UsageError(f"{args.out} ends in {ending} but --format says {fmt}")
    return fmt or str(named)


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from io import StringIO

    from timeline.report import DEFAULT_TITLE, report_html, report_markdown, timeline_svg
    from timeline.report.export import fact_rows, write_rows

    fmt = _report_format(args)
    currency = _currency(args)
    with _open_existing(args) as tl:
        states = _states(args, tl)
    title = args.title or DEFAULT_TITLE
    if fmt in ("csv", "jsonl"):
        buffer = StringIO()
        write_rows(fact_rows(states, currency=currency), buffer, fmt)
        text = buffer.getvalue()
    elif fmt == "svg":
        text = timeline_svg(states)
    else:
        render = report_html if fmt == "html" else report_markdown
        text = render(states, title=title, currency=currency)
    facts = len({i for state in states.values() for i in state.event_ids})
    return _write_out(args, text, out, f"({fmt}): {len(states)} partners, {facts} facts")


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from io import StringIO

    from timeline.report.export import export_format, fact_columns, fact_rows, write_rows

    try:
        fmt = args.format or "csv" if args.out is None else export_format(args.out, args.format)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    currency = _currency(args)
    with _open_existing(args) as tl:
        states = _states(args, tl)
    rows = fact_rows(states, currency=currency)
    buffer = StringIO()
    write_rows(rows, buffer, fmt, columns=fact_columns(currency) if fmt == "csv" else ())
    return _write_out(args, buffer.getvalue(), out, f"({fmt}): {len(rows)} rows")


def _cmd_correct(args: argparse.Namespace, out: TextIO) -> int:
    changes = _corrections(args)
    with _writing(_open_for_writing(args)) as tl:
        try:
            record = tl.revise(
                args.event_id, reason=args.reason, published=args.published, **changes
            )
        except (TypeError, ValueError) as exc:
            if isinstance(exc, TimelineError):
                raise
            raise UsageError(str(exc)) from None
    replacement = record.event.replacement
    out.write(
        f"corrected {args.event_id} as record {record.seq} ({record.event.id}); "
        f"the fact now reads {replacement.id}\n"
    )
    return 0


def _corrections(args: argparse.Namespace) -> dict[str, Any]:
    """The fields `correct` changes, read from the command line."""
    from timeline.dates import DateSpan
    from timeline.errors import DateError, MoneyError
    from timeline.read._amounts import parse_money

    changes: dict[str, Any] = {}
    try:
        if args.amount is not None:
            changes["amount"] = parse_money(args.amount)
        if args.date is not None:
            changes["occurred"] = DateSpan.parse(args.date)
    except (MoneyError, DateError) as exc:
        raise UsageError(str(exc)) from None
    if args.items is not None:
        changes["items"] = tuple(i.strip() for i in args.items.split(",") if i.strip())
    if args.partners is not None:
        changes["partners"] = tuple(_partner(p) for p in args.partners.split(",") if p.strip())
    if not changes:
        raise UsageError("say what to correct: --amount, --date, --items or --partners")
    return changes


def _cmd_rebuild(args: argparse.Namespace, out: TextIO) -> int:
    from timeline.fold.stored import ProjectionStore

    def progress(done: int, total: int) -> None:
        print(f"{PROG}: rebuilt {done} of {total} partners", file=sys.stderr, flush=True)

    with _open_for_writing(args) as tl, ProjectionStore(tl.log) as store:
        last = store.rebuild(progress=progress)
        out.write(f"rebuilt {len(store.rows())} partners' states at record {last}\n")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "extract": _cmd_extract,
    "ingest": _cmd_ingest,
    "events": _cmd_events,
    "state": _cmd_state,
    "history": _cmd_history,
    "changes": _cmd_changes,
    "report": _cmd_report,
    "export": _cmd_export,
    "verify": _cmd_verify,
    "rebuild": _cmd_rebuild,
    "copy": _cmd_copy,
    "retract": _cmd_retract,
    "correct": _cmd_correct,
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
