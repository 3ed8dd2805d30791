"""The picture as a reader sees it: the HTML report rendered by headless Chromium.

A script added to a copy of the page (the report itself runs none) measures, in the rendered
DOM, every mark's label: it must be drawn, inside the picture, and overlap no other label
nor another mark's glyph. A lane that thinned labels must say how many ("+N"). A screenshot
and a print to PDF (A4 landscape) of each page are saved for people to look at, under
``$TIMELINE_ARTIFACTS`` (default ``artifacts/``).

Chromium is Debian's ``chromium`` package; without it the test is skipped, except under CI
(``CI`` set), where a missing browser is a failure.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from test_render import sample_states
from timeline.dates import DateSpan
from timeline.events import AidCommitted, Event, Provenance
from timeline.fold import Entry, PartnerState, project
from timeline.money import Money
from timeline.report import report_html
from timeline.timeline import Timeline

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TIMELINE_ARTIFACTS") or ROOT / "artifacts")


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("headless Chromium is needed for this test (apt-get install chromium)")
    pytest.skip("no chromium on this machine")


_MEASURE = """
<script>
const box = (el) => { const r = el.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom]; };
const marks = [];
for (const m of document.querySelectorAll("figure.screen svg.timeline g.mark")) {
  const label = m.querySelector("text.mark-label");
  const style = label ? getComputedStyle(label) : null;
  marks.push({
    id: m.dataset.eventId,
    lane: m.closest("g.lane").dataset.partner,
    thinned: m.classList.contains("thinned"),
    text: label ? label.textContent : "",
    label: label ? box(label) : null,
    glyph: box(m.querySelector(".glyph")),
    shown: !!label && style.visibility !== "hidden" && style.display !== "none"
      && Number(style.opacity) > 0,
  });
}
const thinned = {};
for (const t of document.querySelectorAll("figure.screen svg.timeline text.thinned")) {
  thinned[t.closest("g.lane").dataset.partner] = Number(t.dataset.count);
}
document.body.dataset.measured = JSON.stringify(
  {marks, thinned, svg: box(document.querySelector("figure.screen svg.timeline"))});
</script>
"""


def _render(page: str, name: str, height: int) -> dict[str, Any]:
    """Render `page` in Chromium: the measurements, and a screenshot in the artefacts."""
    browser = _browser()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n", encoding="utf-8")  # never committed
    shown = ARTIFACTS / f"{name}.html"
    shown.write_text(page, encoding="utf-8")
    measured = ARTIFACTS / f"{name}-measured.html"
    # the report forbids scripts (its Content-Security-Policy); the measuring copy does not
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    measured.write_text(without_csp.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    size = f"--window-size=1280,{height}"
    done = subprocess.run(
        [browser, *flags, size, "--virtual-time-budget=3000", "--dump-dom", measured.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    for output in (f"--screenshot={ARTIFACTS / f'{name}.png'}", "--no-pdf-header-footer"):
        printing = (
            []
            if output.startswith("--screenshot")
            else [f"--print-to-pdf={ARTIFACTS / f'{name}.pdf'}"]
        )
        subprocess.run(
            [browser, *flags, size, output, *printing, shown.as_uri()],
            capture_output=True,
            timeout=120,
            check=True,
        )
    found = re.search(r'data-measured="([^"]*)"', done.stdout)
    assert found, done.stdout[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


def _overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def check_labels(states: dict[str, PartnerState], result: dict[str, Any]) -> None:
    """Every mark is labelled, visibly, inside the picture; no two labels overlap, nor a
    label and another mark's glyph; thinned marks are counted by their lane's "+N"."""
    marks = result["marks"]
    assert len(marks) == sum(len(s.items) for s in states.values())
    svg = result["svg"]
    labelled = [m for m in marks if not m["thinned"]]
    for mark in labelled:
        assert mark["shown"], mark
        assert mark["text"].strip(), mark
        left, top, right, bottom = mark["label"]
        assert right - left > 3, mark
        assert bottom - top > 3, mark
        assert svg[0] <= left, mark
        assert right <= svg[2], mark
        assert svg[1] <= top, mark
        assert bottom <= svg[3], mark
    for partner in states:
        thinned = sum(1 for m in marks if m["lane"] == partner and m["thinned"])
        assert result["thinned"].get(partner, 0) == thinned
    for i, a in enumerate(labelled):
        for b in labelled[i + 1 :]:
            assert not _overlap(a["label"], b["label"]), (a, b)
        for b in marks:
            if b is not a:
                assert not _overlap(a["label"], b["glyph"]), (a, b)


def test_every_label_of_the_sample_report_is_visible_and_none_overlaps(tmp_path: Path) -> None:
    with Timeline.open(tmp_path / "t.db") as tl:
        from timeline.articles import iter_article_paths, load_article

        for path in iter_article_paths([ROOT / "examples" / "articles"]):
            tl.ingest(load_article(path))
        states = tl.states()
    check_labels(states, _render(report_html(states), "sample-report", 1400))
    printed = (ARTIFACTS / "sample-report.pdf").read_bytes()
    assert printed.startswith(b"%PDF")


def test_every_label_of_the_test_states_is_visible_and_none_overlaps() -> None:
    states = sample_states(as_of=date(2024, 6, 30))
    check_labels(states, _render(report_html(states), "test-states", 1000))


def test_a_crowded_lane_thins_its_labels_and_says_how_many() -> None:
    day = date(2024, 1, 30)
    events: list[Event] = [
        AidCommitted(
            partners=("NL",),
            occurred=DateSpan.on_or_before(day),
            provenance=Provenance(article_id=f"a{n}", outlet=f"Outlet {n}", published=day),
            amount=Money((n + 1) * 1_000_000, "EUR"),
            package_number=n + 1,
        )
        for n in range(12)
    ]
    states = project([Entry(n, e) for n, e in enumerate(events, 1)])
    assert len(states["NL"].items) == 12
    result = _render(report_html(states), "crowded-lane", 700)
    check_labels(states, result)
    assert result["thinned"]["NL"] == 6
