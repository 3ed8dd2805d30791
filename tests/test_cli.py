"""The command line as an analyst uses it: exports for spreadsheets, corrections, windows of
time, confidence, plain dates, and the small edges (a folder for --db, a folder to extract).

Each test runs `timeline.cli.main` on the sample corpus (``examples/articles``) and reads
what it printed or wrote back with the standard library (`csv`, `json`).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from timeline.cli import build_parser, main
from timeline.dates import DateSpan
from timeline.events import AidCommitted, Confidence, MeetingHeld, Provenance
from timeline.money import Money
from timeline.report import state_view, summary_rows
from timeline.timeline import Timeline

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "examples" / "articles"
SAMPLE_PARTNERS = ("BE", "CA", "CZ", "DE", "DK", "NL", "NO", "SE", "SK", "UA", "US")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "sample.db"
    assert main(["ingest", "--db", str(db), str(ARTICLES)], out=io.StringIO()) == 0
    return db


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    """A copy of the sample timeline that a test may write to."""
    copy = tmp_path / "t.db"
    shutil.copy(sample_db, copy)
    return copy


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- export --------------------------------------------------------------------------------------


def test_the_export_has_one_row_per_fact_and_partner_as_the_state_counts_it(
    sample_db: Path,
) -> None:
    status, text = run("export", "--db", str(sample_db))
    assert status == 0
    rows = _csv(text)
    for partner in SAMPLE_PARTNERS:
        status, out = run("state", "--db", str(sample_db), partner, "--format", "json")
        assert status == 0
        state = json.loads(out)
        mine = [r for r in rows if r["partner"] == partner]
        sections = ("memoranda", "agreements", "joint_ventures", "commitments", "deliveries")
        items = [i for name in (*sections, "production", "meetings") for i in state[name]]
        assert sorted(r["id"] for r in mine) == sorted(i["id"] for i in items)
        by_id = {i["id"]: i for i in items}
        for row in mine:
            item = by_id[row["id"]]
            assert row["kind"] == item["kind"]
            assert row["occurred_edtf"] == item["occurred"]["edtf"]
            assert row["occurred_earliest"] == (item["occurred"]["earliest"] or "")
            assert row["amount_value"] == (item["amount"] or {}).get("value", "")
            assert row["amount_currency"] == (item["amount"] or {}).get("currency", "")
            assert row["corroboration"] == str(item["corroboration"])
            assert row["partner_name"]
            assert row["occurred_text"]
            assert "://" in row["source_urls"]
    assert {r["partner"] for r in rows} == set(SAMPLE_PARTNERS) | {"GB", "NORDIC", "UDCG"}


def test_the_export_writes_csv_or_json_lines_by_the_file_ending(
    sample_db: Path, tmp_path: Path
) -> None:
    as_csv, as_jsonl = tmp_path / "facts.csv", tmp_path / "facts.jsonl"
    assert run("export", "--db", str(sample_db), "--out", str(as_csv))[0] == 0
    assert run("export", "--db", str(sample_db), "--out", str(as_jsonl))[0] == 0
    rows = _csv(as_csv.read_text(encoding="utf-8"))
    lines = [json.loads(line) for line in as_jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines) > 30
    assert [r["id"] for r in rows] == [line["id"] for line in lines]
    assert isinstance(lines[0]["source_urls"], list)


def test_an_export_to_a_file_of_unknown_kind_is_a_one_line_error(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "facts.xlsx"
    assert run("export", "--db", str(sample_db), "--out", str(target))[0] == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cannot tell the format" in err
    assert not target.exists()
    assert run("export", "--db", str(sample_db), "--out", str(tmp_path / "a.csv"),
               "--format", "jsonl")[0] == 2  # fmt: skip


def test_an_export_of_nothing_is_a_header(db: Path) -> None:
    status, text = run("export", "--db", str(db), "--partner", "CZ", "--since", "2030-01-01")
    assert status == 0
    assert text.startswith("partner,partner_name,kind,")
    assert text.count("\n") == 1


@pytest.mark.parametrize(
    ("command", "column"),
    [
        (["state", "NL"], "partner"),
        (["history", "NL"], "status"),
        (["events", "--partner", "NL"], "kind"),
    ],
)
def test_state_history_and_events_write_csv(
    sample_db: Path, command: list[str], column: str
) -> None:
    status, text = run(*command, "--db", str(sample_db), "--format", "csv")
    assert status == 0
    rows = _csv(text)
    assert len(rows) >= 4
    assert all(row[column] for row in rows)


def test_a_report_to_a_csv_file_is_the_export_and_an_unknown_ending_is_refused(
    sample_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.csv"
    assert run("report", "--db", str(sample_db), "--out", str(target))[0] == 0
    assert _csv(target.read_text(encoding="utf-8"))[0]["partner"] == "BE"
    assert run("report", "--db", str(sample_db), "--out", str(tmp_path / "report.txt"))[0] == 2
    status, svg = run("report", "--db", str(sample_db), "--format", "svg")
    assert status == 0
    assert svg.startswith("<svg")


# -- one source of truth ------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [date(2023, 6, 30), date(2023, 12, 31), None])
def test_the_summary_and_each_partner_state_agree(sample_db: Path, as_of: date | None) -> None:
    with Timeline.open(sample_db, read_only=True) as tl:
        rows = {row["partner"]: row for row in summary_rows(tl.states(as_of=as_of))}
        for partner in SAMPLE_PARTNERS:
            state = state_view(tl.state(partner, as_of=as_of))
            row = rows.get(partner)
            if row is None:
                assert not any(state[name] for name in ("memoranda", "commitments", "meetings"))
                continue
            for name in ("memoranda", "agreements", "commitments", "deliveries", "meetings"):
                assert row[name] == len(state[name]), (partner, name)
            assert row["first_activity"] == state["first_activity"]
            assert row["last_activity"] == state["last_activity"]


# -- corrections ------------------------------------------------------------------------------


def _norway_pledge(db: Path, value: str) -> str:
    with Timeline.open(db, read_only=True) as tl:
        (pledge,) = [
            i for i in tl.state("NO").commitments if i.amount and f"{i.amount.value:f}" == value
        ]
    return pledge.id


def test_a_correction_from_the_command_line_replaces_the_amount_and_the_date(db: Path) -> None:
    target = _norway_pledge(db, "1500000000")
    status, out = run(
        "correct", target, "--db", str(db), "--amount", "NOK 1.2 billion",
        "--date", "2024-02", "--reason", "the ministry's later figure",
        "--published", "2024-03-05",
    )  # fmt: skip
    assert status == 0, out
    assert out.startswith(f"corrected {target} as record ")
    status, text = run("history", "NO", "--db", str(db), "--format", "csv")
    rows = _csv(text)
    corrected = [r for r in rows if r["status"] == "corrected"]
    assert [r["id"] for r in corrected] == [target]
    replacement = [r for r in rows if r["occurred_edtf"] == "2024-02"]
    assert replacement[0]["amount_value"] == "1200000000"
    _, before = run("state", "NO", "--db", str(db), "--known-at", "2024-03-01")
    assert "NOK 1,500,000,000" in before


def test_a_correction_that_says_nothing_to_change_or_a_bad_amount_is_a_usage_error(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _norway_pledge(db, "1500000000")
    assert run("correct", target, "--db", str(db), "--reason", "r")[0] == 2
    assert "say what to correct" in capsys.readouterr().err
    assert run("correct", target, "--db", str(db), "--amount", "lots", "--reason", "r")[0] == 2
    assert run("correct", "ev-nothing", "--db", str(db), "--date", "2024", "--reason", "r")[0] == 1
    assert "no event with id" in capsys.readouterr().err


def test_retracting_or_correcting_a_retracted_event_is_refused_naming_the_earlier_amendment(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _norway_pledge(db, "1500000000")
    status, out = run("retract", target, "--db", str(db), "--reason", "misread")
    assert status == 0
    retraction = out.split("(")[1].rstrip(")\n")
    _, head = run("verify", "--db", str(db), "--print-head")
    capsys.readouterr()
    for command in (
        ["retract", target, "--reason", "again"],
        ["correct", target, "--amount", "NOK 1 billion", "--reason", "again"],
    ):
        assert run(*command, "--db", str(db))[0] == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "already retracted" in err
        assert retraction in err
    assert run("verify", "--db", str(db), "--print-head")[1] == head  # nothing appended


# -- windows of time, confidence -----------------------------------------------------------------


def test_since_and_until_keep_the_facts_that_may_have_happened_in_the_window(
    sample_db: Path,
) -> None:
    db = str(sample_db)
    _, every = run("export", "--db", db)
    _, window = run("export", "--db", db, "--since", "2022-06-01", "--until", "2022-12-31")
    kept = _csv(window)
    assert 0 < len(kept) < len(_csv(every))
    for row in kept:
        latest, earliest = row["occurred_latest"], row["occurred_earliest"]
        assert not latest or latest >= "2022-06-01"
        assert not earliest or earliest <= "2022-12-31"
        assert latest or earliest  # undated facts are out of every window
    _, history = run("history", "DE", "--db", db, "--until", "2022-12-31", "--format", "csv")
    assert "2022-08" in {r["occurred_edtf"] for r in _csv(history)}
    assert all(r["occurred_earliest"] in ("", "2022-08-01") for r in _csv(history))
    _, events = run("events", "--db", db, "--since", "2024-03-01", "--format", "csv")
    assert {r["id"] for r in _csv(events)} >= {r["id"] for r in kept if r["partner"] == "UA"}
    status, report = run("report", "--db", db, "--since", "2024-02-01", "--format", "md")
    assert status == 0
    assert "## Norway (NO)" in report
    assert "## Czechia (CZ)" not in report


@pytest.fixture
def rated(tmp_path: Path) -> Path:
    """A timeline of three facts, read with high, medium and low confidence."""
    path = tmp_path / "rated.db"

    def fact(n: int, confidence: Confidence) -> AidCommitted:
        return AidCommitted(
            partners=("NL",),
            occurred=DateSpan.day(date(2024, 1, n)),
            provenance=Provenance(article_id=f"a{n}", quote=f"q{n}", confidence=confidence),
            amount=Money(n * 1_000_000, "EUR"),
        )

    with Timeline.open(path) as tl:
        tl.append([fact(1, Confidence.HIGH), fact(2, Confidence.MEDIUM), fact(3, Confidence.LOW)])
        tl.append([MeetingHeld(partners=("NL",), occurred=DateSpan.day(date(2024, 1, 9)))])
    return path


@pytest.mark.parametrize(("level", "kept"), [("high", 2), ("medium", 3), ("low", 4)])
def test_min_confidence_leaves_out_facts_read_less_surely(
    rated: Path, level: str, kept: int
) -> None:
    db = str(rated)
    _, state = run("state", "NL", "--db", db, "--min-confidence", level, "--format", "csv")
    assert len(_csv(state)) == kept
    _, export = run("export", "--db", db, "--min-confidence", level)
    assert len(_csv(export)) == kept
    _, events = run("events", "--db", db, "--min-confidence", level, "--format", "csv")
    assert len(_csv(events)) == kept
    _, history = run("history", "NL", "--db", db, "--min-confidence", level, "--format", "csv")
    assert len([r for r in _csv(history) if r["status"] == "active"]) == kept
    _, report = run("report", "--db", db, "--min-confidence", level)
    assert report.count("\n- **") == kept
    assert run("state", "NL", "--db", db, "--min-confidence", "sure")[0] == 2


# -- small edges ----------------------------------------------------------------------------------


def test_a_folder_given_as_the_timeline_file_is_named_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("state", "NL", "--db", str(tmp_path))[0] == 2
    err = capsys.readouterr().err
    assert f"{tmp_path} is a directory" in err
    assert "does not exist" not in err


def test_extract_reads_every_article_of_a_folder() -> None:
    status, out = run("extract", str(ARTICLES))
    assert status == 0
    articles = {json.loads(line)["source"]["article_id"] for line in out.splitlines()}
    assert len(articles) == len(list(ARTICLES.glob("*.txt")))


def _help(command: str) -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return str(sub.choices[command].format_help())  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["state", "history", "events", "report", "export", "verify"])
def test_commands_that_only_read_do_not_list_the_writers_lock_wait(command: str) -> None:
    assert "--lock-timeout" not in _help(command)
    assert "--db" in _help(command)


@pytest.mark.parametrize("command", ["ingest", "retract", "correct", "reextract"])
def test_commands_that_write_list_the_lock_wait(command: str) -> None:
    assert "--lock-timeout" in _help(command)


def test_history_and_events_are_in_calendar_order(sample_db: Path) -> None:
    _, text = run("history", "NO", "--db", str(sample_db), "--format", "csv")
    latest = [r["occurred_latest"] or "9999-12-31" for r in _csv(text)]
    assert latest == sorted(latest)
    _, text = run("events", "--db", str(sample_db), "--kind", "aid_committed", "--format", "csv")
    latest = [r["occurred_latest"] or "9999-12-31" for r in _csv(text)]
    assert latest == sorted(latest)


def test_text_views_write_dates_in_words(sample_db: Path) -> None:
    for command in (["state", "NL"], ["history", "NL"], ["events", "--partner", "NL"]):
        status, text = run(*command, "--db", str(sample_db))
        assert status == 0
        assert "on or before 31 Jan 2024" in text
        assert "../" not in text


# -- comparable totals --------------------------------------------------------------------------


def test_totals_converted_into_one_currency_say_the_rate_and_date_and_are_never_stored(
    sample_db: Path,
) -> None:
    db = str(sample_db)
    _, head_before = run("verify", "--db", db, "--print-head")
    status, text = run("state", "NO", "--db", db, "--in", "EUR")
    assert status == 0
    assert "committed: NOK 2,700,000,000" in text
    assert "committed, converted: \u2248 \u20ac" in text
    assert "EUR per NOK, ECB rate of 20 Feb 2024)" in text
    _, out = run("state", "NO", "--db", db, "--in", "EUR", "--format", "json")
    converted = json.loads(out)["converted"]
    assert converted["currency"] == "EUR"
    first = converted["amounts"][0]
    assert first["date"] == "2024-02-20"
    value = float(first["original"]["value"]) * float(first["rate"])
    assert abs(float(first["converted"]["value"]) - value) <= 1
    _, rows = run("export", "--db", db, "--in", "USD", "--partner", "CA")
    (pledge,) = [r for r in _csv(rows) if r["amount_value"]]
    assert pledge["converted_currency"] == "USD"
    assert pledge["conversion_date"] == "2023-06-09"  # the ECB's last working day on or before
    assert pledge["conversion_note"].startswith("at ")
    _, report = run("report", "--db", db, "--in", "EUR", "--partner", "CA")
    assert "| 1 (CAD 500,000,000 \u2248 \u20ac" in report
    assert "never stored" in report
    assert run("verify", "--db", db, "--print-head")[1] == head_before


def test_a_currency_the_ecb_does_not_quote_stays_unconverted_and_says_so() -> None:
    from timeline.report.convert import convert

    done = convert(Money(5_000_000_000, "UAH"), "EUR", date(2024, 1, 31))
    assert done.converted is None
    assert done.text() == "not converted: the ECB does not quote UAH"
    assert convert(Money(10, "EUR"), "EUR", None).converted == Money(10, "EUR")
    assert convert(Money(10, "USD"), "EUR", None).converted is None


def test_a_conversion_into_a_code_that_is_no_currency_is_a_usage_error(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("state", "NO", "--db", str(sample_db), "--in", "euros")[0] == 2
    assert "ISO 4217" in capsys.readouterr().err


# -- what changed ---------------------------------------------------------------------------------


def test_changes_lists_what_became_known_in_the_window_with_totals_before_and_after(
    db: Path,
) -> None:
    status, text = run("changes", "--db", str(db), "--known-since", "2024-02-01")
    assert status == 0
    assert text.startswith("What became known after 1 Feb 2024, up to now:")
    assert "Norway (NO)" in text
    assert "Belgium (BE)" not in text  # all of Belgium was reported by 30 Jan
    assert "committed: - \u2192 NOK 2,700,000,000" in text
    target = _norway_pledge(db, "1500000000")
    assert run("retract", target, "--db", str(db), "--reason", "misread",
               "--published", "2024-03-10")[0] == 0  # fmt: skip
    _, text = run("changes", "NO", "--db", str(db), "--known-since", "2024-03-05")
    assert "no longer counted" in text
    assert f"retracted          {target} on 10 Mar 2024: misread" in text
    assert "committed: NOK 2,700,000,000 \u2192 NOK 1,200,000,000" in text
    _, rows = run("changes", "NO", "--db", str(db), "--known-since", "2024-03-05",
                  "--format", "jsonl")  # fmt: skip
    kinds = [json.loads(line)["change"] for line in rows.splitlines()]
    assert sorted(kinds) == ["amendment", "removed"]


def test_changes_needs_a_start(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("changes", "--db", str(sample_db))[0] == 2
    assert "--known-since" in capsys.readouterr().err
    status, text = run(
        "changes", "--db", str(sample_db), "--known-since", "2030-01-01",
        "--known-until", "2030-06-30",
    )  # fmt: skip
    assert status == 0
    assert text.splitlines()[1] == "nothing"


def test_history_as_json_lines_keeps_each_event_view_with_its_fate(sample_db: Path) -> None:
    status, text = run("history", "NL", "--db", str(sample_db), "--format", "jsonl")
    assert status == 0
    rows = [json.loads(line) for line in text.splitlines()]
    assert rows
    for row in rows:
        assert row["status"] == "active"
        assert row["occurred"]["edtf"].startswith("../")
        assert isinstance(row["seq"], int)


def test_a_long_state_lists_the_latest_facts_of_each_section_unless_all_is_asked(
    tmp_path: Path,
) -> None:
    from timeline.dates import DateSpan
    from timeline.events import AidCommitted, MeetingHeld, Provenance
    from timeline.money import Money

    db = tmp_path / "long.db"
    first = date(2023, 1, 1)
    days = [first + timedelta(days=3 * n) for n in range(30)]
    with Timeline.open(db) as tl:
        tl.append(
            MeetingHeld(partners=("PL",), occurred=DateSpan.day(day), format="forum",
                        provenance=Provenance(article_id=f"a{n}", published=day))
            for n, day in enumerate(days)
        )  # fmt: skip
        pledge = AidCommitted(
            partners=("PL",),
            occurred=DateSpan.day(first),
            amount=Money(5, "EUR"),
            provenance=Provenance(published=first),
        )
        tl.append([pledge])  # fmt: skip
    status, short = run("state", "PL", "--db", str(db))
    assert status == 0
    assert "Meetings (30)" in short
    assert "  … and 10 earlier (use --all)" in short
    listed = [line for line in short.splitlines() if line.startswith("  ") and "forum" in line]
    assert len(listed) == 20
    assert "committed: €5" in short
    assert "activity: " in short
    status, every = run("state", "PL", "--db", str(db), "--all")
    assert status == 0
    assert "earlier" not in every
    assert [line for line in every.splitlines() if "forum" in line][-20:] == listed
    assert run("rebuild", "--db", str(db))[0] == 0  # from the store: the same text
    assert run("state", "PL", "--db", str(db)) == (0, short)
    assert run("state", "PL", "--db", str(db), "--all") == (0, every)


def test_commands_that_write_bring_the_stored_states_up_to_date(db: Path) -> None:
    from timeline.fold import project_partner
    from timeline.fold.stored import ProjectionStore
    from timeline.log import SQLiteLog

    _, folded = run("state", "NO", "--db", str(db), "--all")
    assert run("rebuild", "--db", str(db))[0] == 0
    assert run("state", "NO", "--db", str(db), "--all") == (0, folded)
    target = _norway_pledge(db, "1500000000")
    assert run("retract", target, "--db", str(db), "--reason", "misread")[0] == 0
    with SQLiteLog(db, read_only=True) as log, ProjectionStore(log) as store:
        assert store.position() == (len(log), log.head)  # caught up by the command
        stored = store.load("NO")
        assert stored is not None
        assert stored.state == project_partner(log.read(partner="NO"), "NO")
    status, after = run("state", "NO", "--db", str(db), "--all")
    assert status == 0
    assert after != folded
    assert run("ingest", "--db", str(db), str(ARTICLES))[0] == 0
    with SQLiteLog(db, read_only=True) as log, ProjectionStore(log) as store:
        assert store.position() == (len(log), log.head)
