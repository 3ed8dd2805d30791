"""Every script in examples/ runs on its own and does what its docstring says.

Each runs in a fresh interpreter, in an empty directory, with the source tree on the path, as
a newcomer would run it (the README's first command runs the main job the same way).
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from timeline.articles import iter_article_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SVG = "{http://www.w3.org/2000/svg}"


def run(script: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_every_example_script_is_tested_here() -> None:
    scripts = sorted(p.name for p in EXAMPLES.glob("*.py"))
    assert scripts == [
        "corrections.py",
        "library_tour.py",
        "partner_timeline.py",
        "what_we_knew.py",
    ]


def test_the_sample_corpus_is_a_dozen_articles_in_header_form() -> None:
    paths = list(iter_article_paths([EXAMPLES / "articles"]))
    assert len(paths) >= 10
    for path in paths:
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        keys = [line.split(":", 1)[0] for line in head.splitlines()]
        assert keys[0] == "title", path
        assert {"source", "url"} <= set(keys), path


@pytest.fixture(scope="module")
def main_job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    cwd = tmp_path_factory.mktemp("main-job")
    result = run("partner_timeline.py", cwd)
    assert result.returncode == 0, result.stderr
    return cwd, result.stdout


def test_the_main_job_prints_every_partner_state_on_three_dates(
    main_job: tuple[Path, str],
) -> None:
    _, out = main_job
    assert out.count("== Every partner as of") == 3
    for name in ("Belgium (BE)", "Czechia (CZ)", "Netherlands (NL)", "Ukraine (UA)"):
        assert name in out
    for partner in ("BE", "CZ", "DE", "DK", "NL", "NO", "SE", "US", "UA"):
        assert f" ({partner}) — as of now" in out


def test_the_main_job_writes_a_fresh_database_and_a_report_with_a_timeline(
    main_job: tuple[Path, str],
) -> None:
    cwd, _ = main_job
    assert (cwd / "sample.db").is_file()
    page = (cwd / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page
    assert "<script" not in page
    svg = ET.fromstring(page[page.index("<svg") : page.index("</svg>") + len("</svg>")])
    lanes = {g.attrib["data-partner"] for g in svg.iter(f"{SVG}g") if g.get("class") == "lane"}
    assert {"BE", "CZ", "NL", "UA", "UDCG"} <= lanes
    marks = [g for g in svg.iter(f"{SVG}g") if "mark" in (g.get("class") or "").split()]
    assert len(marks) > 30
    assert any("undated" in (g.get("class") or "") for g in marks)


def test_running_the_main_job_twice_starts_from_a_fresh_file(
    main_job: tuple[Path, str],
) -> None:
    cwd, first = main_job
    again = run("partner_timeline.py", cwd)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == first.splitlines()[0]


def test_what_we_knew_shows_the_picture_growing_as_articles_arrived(tmp_path: Path) -> None:
    result = run("what_we_knew.py", tmp_path, "NO")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("  known at")]
    assert len(lines) >= 2
    counts = [int(line.split(":")[1].split()[0]) for line in lines]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]
    assert "Norway (NO)" in result.stdout
    assert not list(tmp_path.iterdir())  # it wrote nothing


def test_what_we_knew_picks_a_partner_by_itself(tmp_path: Path) -> None:
    result = run("what_we_knew.py", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "as known at each report date" in result.stdout


def test_corrections_appends_amendments_and_still_rebuilds_the_old_belief(
    tmp_path: Path,
) -> None:
    result = run("corrections.py", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    sections = out.split("== ")
    after = next(s for s in sections if s.startswith("NO after"))
    rebuilt = next(s for s in sections if s.startswith("The old belief"))
    before = next(s for s in sections if s.startswith("NO before"))
    assert "NOK 1,200,000,000" in after
    assert "NOK 1,500,000,000" not in after
    assert "Deliveries" not in after
    assert "NOK 1,500,000,000" in rebuilt
    assert "Deliveries" in rebuilt
    assert "NOK 1,500,000,000" in before
    assert "corrected" in out
    assert "retracted" in out
    assert "The hash chain still holds: True" in out


def test_the_library_tour_loads_extracts_appends_and_queries(tmp_path: Path) -> None:
    result = run("library_tour.py", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Loaded art-" in out
    assert "memorandum_signed" in out
    assert "appending again stored nothing: True" in out
    assert "the chain verifies: True" in out
    assert "Belgium (BE)" in out
