"""Tamper evidence: whatever an attacker with the file changes, `verify` or a kept head finds.

The forgeries (`helpers.forgery`) work as an attacker would: plain SQL on the file with the
append-only triggers dropped. Changing, deleting, inserting or reordering records is found
by `verify`, which names the first bad record. A chain rewritten from some record on, or cut
short, is sound in itself; a head exported earlier with ``timeline verify --print-head``
shows it after the fact (``--expect-head``). `tests/test_log_sqlite.py` holds the one-record
examples; these tests draw forgeries at random over a larger log.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpers.forgery import (
    COLUMNS,
    build_template,
    delete_record,
    forge_bytes,
    insert_record,
    replace_record,
    swap_records,
    truncate,
)
from helpers.workload import batch_events, python, subprocess_env
from timeline.cli import main
from timeline.log import GENESIS_HASH, SQLiteLog

from samples import SAMPLES


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A closed log of every kind of event and some workload batches, and its length."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    return path, build_template(path, batches=3, extra=tuple(SAMPLES.values()))


@pytest.fixture(scope="module")
def copy(template: tuple[Path, int]) -> Iterator[Callable[[], Path]]:
    """Fresh copies of the template, one per call (and per Hypothesis example)."""
    with tempfile.TemporaryDirectory() as directory:
        count = 0

        def make() -> Path:
            nonlocal count
            count += 1
            path = Path(directory) / f"forged-{count}.db"
            shutil.copy(template[0], path)
            return path

        yield make


def head_of(path: Path) -> str:
    """What ``timeline verify --print-head`` prints: ``SEQ:HASH``."""
    out = io.StringIO()
    assert main(["verify", "--print-head", "--db", str(path)], out=out) == 0
    return out.getvalue().strip()


def holds_head(path: Path, head: str) -> bool:
    """Whether ``timeline verify --expect-head HEAD`` passes."""
    return main(["verify", "--expect-head", head, "--db", str(path)], out=io.StringIO()) == 0


def first_bad(path: Path) -> int | None:
    with SQLiteLog(path, read_only=True) as log:
        result = log.verify()
    if result.ok:
        return None
    assert result.first_bad_seq is not None
    assert result.records == result.first_bad_seq - 1
    assert result.reason
    return result.first_bad_seq


# -- forged bytes -------------------------------------------------------------------------------


@given(data=st.data())
def test_bytes_forged_anywhere_across_records_are_found_at_the_first_forged_record(
    template: tuple[Path, int], copy: Callable[[], Path], data: st.DataObject
) -> None:
    length = template[1]
    forgeries = data.draw(
        st.lists(
            st.tuples(
                st.integers(1, length),
                st.sampled_from(COLUMNS),
                st.integers(0, 10**6),
                st.integers(0, 255),
            ),
            min_size=1,
            max_size=6,
        ),
        label="forgeries",
    )
    path = copy()
    expected = forge_bytes(path, forgeries)
    assume(expected is not None)
    assert first_bad(path) == expected


def test_a_partner_forged_twice_into_invalid_utf8_is_still_found(
    template: tuple[Path, int], copy: Callable[[], Path]
) -> None:
    """Found by Hypothesis: the second forgery of one partner entry read invalid UTF-8."""
    path = copy()
    expected = forge_bytes(path, [(2, "partner", 0, 0xFF), (2, "partner", 1, 0xFE)])
    assert expected == 2
    assert first_bad(path) == 2


# -- forged records -------------------------------------------------------------------------------

OPERATIONS = ["replace", "replace-and-rehash", "delete", "insert", "insert-and-rehash", "swap"]


@given(data=st.data())
def test_changing_deleting_inserting_or_reordering_a_record_is_found_at_the_first_bad_one(
    template: tuple[Path, int], copy: Callable[[], Path], data: st.DataObject
) -> None:
    length = template[1]
    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    seq = data.draw(st.integers(1, length - 1), label="seq")
    path = copy()
    if operation == "replace":
        expected = replace_record(path, seq, rehash="none")
    elif operation == "replace-and-rehash":
        expected = replace_record(path, seq, rehash="one")
    elif operation == "delete":
        expected = delete_record(path, seq)
    elif operation == "insert":
        expected = insert_record(path, seq, rehash=False)
    elif operation == "insert-and-rehash":
        expected = insert_record(path, seq, rehash=True)
    else:
        other = data.draw(st.integers(seq + 1, length), label="other")
        expected = swap_records(path, seq, other)
    assert expected is not None
    assert first_bad(path) == expected


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        ("replace", 4),
        ("replace-and-rehash", 5),
        ("delete", 4),
        ("insert", 4),
        ("insert-and-rehash", 5),
        ("swap", 4),
    ],
)
def test_the_verify_command_names_the_first_bad_record_and_exits_1(
    copy: Callable[[], Path], operation: str, expected: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy()
    forgeries: dict[str, Callable[[], int | None]] = {
        "replace": lambda: replace_record(path, 4, rehash="none"),
        "replace-and-rehash": lambda: replace_record(path, 4, rehash="one"),
        "delete": lambda: delete_record(path, 4),
        "insert": lambda: insert_record(path, 4, rehash=False),
        "insert-and-rehash": lambda: insert_record(path, 4, rehash=True),
        "swap": lambda: swap_records(path, 4, 9),
    }
    assert forgeries[operation]() == expected
    assert main(["verify", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"timeline: verify failed at record {expected}: ")
    assert captured.err.count("\n") == 1


# -- the exported head ------------------------------------------------------------------------


@given(data=st.data())
def test_a_rewrite_of_the_chain_from_any_record_passes_verify_but_not_the_exported_head(
    template: tuple[Path, int], copy: Callable[[], Path], data: st.DataObject
) -> None:
    length = template[1]
    path = copy()
    head = head_of(path)
    if data.draw(st.booleans(), label="cut rather than rewrite"):
        truncate(path, data.draw(st.integers(0, length - 1), label="keep"))
    else:
        assert (
            replace_record(path, data.draw(st.integers(1, length), label="seq"), rehash="all")
            is None
        )
    assert first_bad(path) is None  # a sound chain of its own: verify alone cannot tell
    assert not holds_head(path, head)


def test_the_expect_head_check_says_the_log_was_rewritten(
    copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy()
    head = head_of(path)
    replace_record(path, 2, rehash="all")
    capsys.readouterr()
    assert main(["verify", "--expect-head", head, "--db", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"timeline: verify failed: the chain no longer holds head {head} (the log was rewritten)\n"
    )


def test_an_exported_head_still_holds_after_honest_appends(copy: Callable[[], Path]) -> None:
    path = copy()
    head = head_of(path)
    with SQLiteLog(path) as log:
        log.append(batch_events("later", 5, 0))
        log.append(batch_events("later", 5, 1))
    assert head_of(path) != head
    assert holds_head(path, head)


def test_the_head_of_an_empty_log_is_held_by_every_later_log(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    SQLiteLog(path).close()
    head = head_of(path)
    assert head == f"0:{GENESIS_HASH}"
    assert holds_head(path, head)
    with SQLiteLog(path) as log:
        log.append(batch_events("later", 5, 0))
    assert holds_head(path, head)


@pytest.mark.parametrize("head", ["12", "x:" + "0" * 64, "3:abc", "", "1:" + "0" * 63 + "g"])
def test_a_malformed_expected_head_is_a_usage_error(
    copy: Callable[[], Path], head: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--expect-head", head, "--db", str(copy())]) == 2
    assert "--expect-head takes SEQ:HASH" in capsys.readouterr().err


def test_the_verify_command_in_a_process_reports_a_forgery_without_a_traceback(
    copy: Callable[[], Path],
) -> None:
    path = copy()
    command = [python(), "-m", "timeline", "verify", "--db", str(path)]
    printed = subprocess.run(
        [*command, "--print-head"], env=subprocess_env(), capture_output=True, timeout=60
    )
    assert printed.returncode == 0, printed.stderr
    head = printed.stdout.decode().strip()
    replace_record(path, 7, rehash="all")
    rewritten = subprocess.run(
        [*command, "--expect-head", head], env=subprocess_env(), capture_output=True, timeout=60
    )
    assert rewritten.returncode == 1
    assert b"no longer holds head" in rewritten.stderr
    forge_bytes(path, [(3, "body", 10, ord("!"))])
    forged = subprocess.run(command, env=subprocess_env(), capture_output=True, timeout=60)
    assert forged.returncode == 1
    assert forged.stderr.startswith(b"timeline: verify failed at record 3: ")
    assert b"Traceback" not in rewritten.stderr + forged.stderr
