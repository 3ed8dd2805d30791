"""Reports: the summary table, the Markdown and HTML reports, and the SVG timeline picture.

The picture is checked by reading it back: parsed as XML, it must hold one lane per partner
and one mark per item of the states, and each mark must sit where its interval lies on the
axis scale that the SVG itself declares.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.dates import DateSpan
from timeline.events import (
    AgreementSigned,
    AidCommitted,
    AidDelivered,
    Event,
    Fact,
    JointVentureEstablished,
    MeetingHeld,
    MemorandumSigned,
    ProductionIncreased,
    Provenance,
)
from timeline.fold import Entry, PartnerState, project
from timeline.money import Factor, Money
from timeline.report import (
    DEFAULT_TITLE,
    amount_text,
    partner_label,
    plain_date,
    report_html,
    report_markdown,
    short_amount,
    state_table,
    summary_rows,
    summary_table,
    timeline_svg,
    timeline_svg_pages,
)

from strategies import amendments, facts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "He said \"<script>alert('x')</script>\" & left; a | pipe, *stars* and [a](link)\x0b."


def _source(quote: str = "A sentence of our own.", published: date | None = None) -> Provenance:
    return Provenance(
        article_id="art-1",
        outlet="Example Wire",
        url="https://example.org/a",
        published=published or date(2024, 1, 30),
        quote=quote,
    )


def sample_states(as_of: date | None = None) -> dict[str, PartnerState]:
    """One fact of every kind, with every shape of date, two shared, one with a nasty quote."""
    events: list[Event] = [
        MemorandumSigned(
            partners=("BE",),
            occurred=DateSpan.on_or_before(date(2024, 1, 30)),
            provenance=_source(NASTY),
            scope="defence production",
        ),
        MeetingHeld(
            partners=("BE",),
            occurred=DateSpan.parse("2024-01-22/2024-01-28"),
            provenance=_source(),
        ),
        AidCommitted(
            partners=("BE",),
            occurred=DateSpan.month(2023, 1),
            provenance=_source(),
            amount=Money(90_000_000, "EUR"),
        ),
        AidCommitted(
            partners=("BE",),
            occurred=DateSpan.on_or_before(date(2024, 1, 30)),
            provenance=_source(),
            amount=Money(600_000_000, "EUR", "over"),
        ),
        AidCommitted(
            partners=("DE", "DK", "NO"),
            occurred=DateSpan.month(2022, 8),
            provenance=_source(published=date(2023, 9, 20)),
            items=("howitzers",),
        ),
        AidDelivered(
            partners=("SK",),
            occurred=DateSpan.day(date(2023, 9, 19)),
            provenance=_source(published=date(2023, 9, 20)),
        ),
        JointVentureEstablished(
            partners=("DE",),
            occurred=DateSpan.quarter(2023, 4),
            provenance=_source(),
            companies=("Rheinmetall", "Ukroboronprom"),
        ),
        AgreementSigned(
            partners=("US",),
            occurred=DateSpan.year(2023),
            provenance=_source(),
            product="155 mm shells",
        ),
        ProductionIncreased(
            partners=("UA",),
            occurred=DateSpan.on_or_after(date(2022, 2, 24)),
            provenance=Provenance(quote="more than 20 times"),
            factor=Factor(20, "over"),
        ),
        MeetingHeld(
            partners=("NATO", "UDCG"),
            occurred=DateSpan.unknown(),
            provenance=Provenance(quote="a meeting at NATO headquarters"),
        ),
    ]
    return project([Entry(n, e) for n, e in enumerate(events, 1)], as_of=as_of)


# -- reading the SVG back ------------------------------------------------------------------------


def _x(svg: ET.Element, day: date) -> float:
    start = date.fromisoformat(svg.attrib["data-domain-start"])
    end = date.fromisoformat(svg.attrib["data-domain-end"])
    x0, x1 = float(svg.attrib["data-plot-x0"]), float(svg.attrib["data-plot-x1"])
    return x0 + (day - start).days / (end - start).days * (x1 - x0)


def _translate_x(element: ET.Element) -> float:
    match = re.match(r"translate\(([-\d.]+),([-\d.]+)\)", element.attrib["transform"])
    assert match, element.attrib["transform"]
    return float(match.group(1))


def _mid(svg: ET.Element, day: date) -> float:
    try:
        after = _x(svg, day + timedelta(days=1))
    except OverflowError:
        after = float(svg.attrib["data-plot-x1"])
    return (_x(svg, day) + after) / 2


def _check_dated(svg: ET.Element, mark: ET.Element, span: DateSpan, gx: float) -> None:
    """A dated mark: a bar over a closed interval; a whisker from the day of an open end."""
    plot_x0, plot_x1 = float(svg.attrib["data-plot-x0"]), float(svg.attrib["data-plot-x1"])
    extent = mark.find(f"{SVG}rect[@class='extent']")
    whisker = mark.find(f"{SVG}rect[@class='whisker']")
    if span.earliest is not None and span.latest is not None:
        assert extent is not None
        assert whisker is None
        left = float(extent.attrib["x"])
        right = left + float(extent.attrib["width"])
        want_left = _x(svg, span.earliest)
        want_right = _mid(svg, span.latest) * 2 - _x(svg, span.latest)
        assert abs(left - want_left) < 0.02, (left, want_left)
        assert abs(right - want_right) < 0.02, (right, want_right)
        assert plot_x0 - 0.01 <= left <= right <= plot_x1 + 0.01
        assert left - 0.02 <= gx <= right + 0.02
        return
    assert extent is None  # an open end is never a bar to the edge of the axis
    assert whisker is not None
    left = float(whisker.attrib["x"])
    right = left + float(whisker.attrib["width"])
    assert right - left <= 26.01
    if span.earliest is None:
        assert span.latest is not None
        assert whisker.attrib["data-open"] == "before"
        assert abs(gx - _mid(svg, span.latest)) < 0.02
        assert abs(right - gx) < 0.02
    else:
        assert whisker.attrib["data-open"] == "since"
        assert abs(gx - _mid(svg, span.earliest)) < 0.02
        assert abs(left - gx) < 0.02


def check_picture(states: Mapping[str, PartnerState], text: str) -> None:
    """The SVG `text` draws exactly the items of `states`, each where its dates say, each
    with a visible label unless its lane says it thinned it."""
    svg = ET.fromstring(text)
    assert svg.tag == f"{SVG}svg"
    lanes = svg.findall(f".//{SVG}g[@class='lane']")
    assert [lane.attrib["data-partner"] for lane in lanes] == list(states)
    start = date.fromisoformat(svg.attrib["data-domain-start"])
    end = date.fromisoformat(svg.attrib["data-domain-end"])
    for lane in lanes:
        state = states[lane.attrib["data-partner"]]
        marks = [g for g in lane.iter(f"{SVG}g") if "mark" in g.attrib.get("class", "").split()]
        assert sorted(m.attrib["data-event-id"] for m in marks) == sorted(i.id for i in state.items)
        by_id = {item.id: item for item in state.items}
        thinned = [m for m in marks if "thinned" in m.attrib["class"].split()]
        count = lane.find(f"{SVG}text[@class='thinned']")
        assert (int(count.attrib["data-count"]) if count is not None else 0) == len(thinned)
        for mark in marks:
            item = by_id[mark.attrib["data-event-id"]]
            span = item.occurred
            assert mark.attrib["data-kind"] == item.kind
            assert mark.attrib["data-earliest"] == (
                span.earliest.isoformat() if span.earliest else ""
            )
            assert mark.attrib["data-latest"] == (span.latest.isoformat() if span.latest else "")
            assert mark.attrib["data-edtf"] == span.edtf()
            title = mark.find(f"{SVG}title")
            assert title is not None
            assert title.text
            assert plain_date(span) in title.text
            label = mark.find(f"{SVG}text[@class='mark-label']")
            assert (label is None) == (mark in thinned)
            assert label is None or (label.text or "").strip()
            glyph = mark.find(f"{SVG}path[@class='glyph']")
            assert glyph is not None
            gx = _translate_x(glyph)
            if span.earliest is None and span.latest is None:
                assert "undated" in mark.attrib["class"]
                assert mark.find(f"{SVG}rect") is None
                assert (
                    float(svg.attrib["data-undated-x0"])
                    <= gx
                    <= float(svg.attrib["data-undated-x1"])
                )
                continue
            for day in (span.earliest, span.latest):  # the axis spans every dated fact
                assert day is None or start <= day < end
            _check_dated(svg, mark, span, gx)
        for mark in marks:
            item = by_id[mark.attrib["data-event-id"]]
            assert mark.attrib["data-corroboration"] == str(item.corroboration)
            assert mark.attrib["data-conflict"] == ("true" if item.conflict else "false")
            assert ("conflict" in mark.attrib["class"].split()) == item.conflict
            rings = mark.findall(f"{SVG}circle[@class='conflict-ring']")
            assert len(rings) == int(item.conflict)
            badges = mark.findall(f"{SVG}text[@class='corroboration']")
            # the badge counts outlets: it shows only when more than one reported the fact
            assert [b.text for b in badges] == (
                [str(item.corroboration)] if item.corroboration > 1 else []
            )


def test_the_picture_has_one_lane_per_partner_and_one_mark_per_item_at_its_dates() -> None:
    states = sample_states()
    text = timeline_svg(states)
    check_picture(states, text)
    assert len(re.findall(r'class="mark[ "]', text)) == sum(len(s.items) for s in states.values())


def test_the_picture_marks_corroborated_and_conflicting_facts() -> None:
    def pledge(article: str, outlet: str, millions: int, day: int) -> AidCommitted:
        return AidCommitted(
            partners=("BE",),
            occurred=DateSpan.day(date(2024, 2, day)),
            provenance=Provenance(
                article_id=article, outlet=outlet, published=date(2024, 2, day), quote="q"
            ),
            amount=Money(millions * 1_000_000, "EUR"),
            items=("artillery shells",),
        )

    facts_ = [
        pledge("a", "Ledger", 87, 9),
        pledge("b", "Courier", 100, 9),
        pledge("c", "Ledger", 40, 20),
        pledge("d", "Courier", 40, 20),
    ]
    states = project([Entry(n, f) for n, f in enumerate(facts_, 1)])
    items = states["BE"].commitments
    assert [(i.corroboration, i.conflict) for i in items] == [(2, True), (2, False)]
    text = timeline_svg(states)
    check_picture(states, text)
    assert text.count('class="conflict-ring"') == 1
    assert "reports disagree: €87,000,000, 9 Feb 2024 (1 report); " in text
    assert "reported by 2 outlets" in text


def _ticks(svg: ET.Element) -> list[tuple[str, str]]:
    """The labelled ticks of the axis: (date, text)."""
    out = []
    for tick in svg.iter(f"{SVG}g"):
        if tick.get("class") == "tick":
            line, label = tick.find(f"{SVG}line"), tick.find(f"{SVG}text")
            assert line is not None
            assert label is not None
            day = date.fromisoformat(tick.attrib["data-date"])
            assert abs(float(line.attrib["x1"]) - _x(svg, day)) < 0.02
            out.append((tick.attrib["data-date"], label.text or ""))
    return out


def test_the_picture_has_a_legend_of_every_kind_and_month_ticks_under_three_years() -> None:
    svg = ET.fromstring(timeline_svg(sample_states()))
    kinds = {g.attrib["data-kind"] for g in svg.iter(f"{SVG}g") if g.get("class") == "legend-item"}
    assert kinds == {
        "memorandum_signed",
        "agreement_signed",
        "joint_venture_established",
        "aid_committed",
        "aid_delivered",
        "production_increased",
        "meeting_held",
    }
    # dated facts from 24 Feb 2022 (an open end) to 30 Jan 2024: whole months around them
    assert svg.attrib["data-domain-start"] == "2022-02-01"
    assert svg.attrib["data-domain-end"] == "2024-02-01"
    axis = svg.find(f".//{SVG}g[@class='axis']")
    assert axis is not None
    assert axis.attrib["data-ticks"] == "month"
    ticks = _ticks(svg)
    assert ticks[:4] == [
        ("2022-04-01", "Apr"),
        ("2022-07-01", "Jul"),
        ("2022-10-01", "Oct"),
        ("2023-01-01", "2023"),
    ]
    assert ticks[-1] == ("2024-01-01", "2024")
    minor = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "tick minor"]
    assert len(minor) + len(ticks) == 24  # one tick a month


def test_a_span_of_three_years_or_more_has_year_ticks_and_no_early_fact_from_open_ends() -> None:
    early = MeetingHeld(
        partners=("GB",), occurred=DateSpan.day(date(2019, 5, 3)), provenance=_source()
    )
    states = sample_states()
    wide = project([Entry(1, early)])
    svg = ET.fromstring(timeline_svg({**states, **wide}))
    assert svg.attrib["data-domain-start"] == "2019-01-01"
    assert svg.attrib["data-domain-end"] == "2025-01-01"
    assert [d for d, _ in _ticks(svg)] == [f"{y}-01-01" for y in range(2019, 2026)]
    # an open end ("since 24 Feb 2022") never stretches the axis
    only_open = {p: s for p, s in states.items() if p == "UA"}
    svg = ET.fromstring(timeline_svg(only_open))
    assert svg.attrib["data-domain-start"] == "2022-02-01"
    assert svg.attrib["data-domain-end"] == "2022-03-01"


def test_each_kind_has_its_own_colour_and_shape() -> None:
    svg = ET.fromstring(timeline_svg(sample_states()))
    seen: dict[str, tuple[str, str]] = {}
    for mark in svg.iter(f"{SVG}g"):
        if mark.get("class") == "mark":
            glyph = mark.find(f"{SVG}path[@class='glyph']")
            assert glyph is not None
            look = (glyph.attrib["fill"], glyph.attrib["d"])
            assert seen.setdefault(mark.attrib["data-kind"], look) == look
    assert len(set(seen.values())) == len(seen) == 7


def test_an_as_of_date_is_drawn_as_a_line_on_the_axis() -> None:
    states = sample_states(as_of=date(2023, 12, 31))
    svg = ET.fromstring(timeline_svg(states))
    line = svg.find(f".//{SVG}g[@class='as-of']")
    assert line is not None
    assert line.attrib["data-date"] == "2023-12-31"
    assert "as of 31 Dec 2023" in ET.tostring(line, encoding="unicode")
    check_picture(states, timeline_svg(states))


def test_an_empty_report_still_draws_an_axis_and_says_that_nothing_counts() -> None:
    text = timeline_svg({})
    svg = ET.fromstring(text)
    assert svg.findall(f".//{SVG}g[@class='lane']") == []
    assert "no facts counted" in text
    assert "No partner has a fact counted" in report_markdown({})
    assert "<svg" in report_html({})


@given(st.lists(facts(), max_size=12), st.data())
def test_any_states_are_drawn_with_one_mark_per_item_where_their_dates_lie(
    drawn: list[Fact], data: st.DataObject
) -> None:
    records: list[Entry] = [Entry(n, f) for n, f in enumerate(drawn, 1)]
    if drawn:
        target = data.draw(st.sampled_from(drawn))
        records.append(Entry(len(records) + 1, data.draw(amendments(target))))
    as_of = data.draw(st.none() | st.dates(min_value=date(2014, 1, 1), max_value=date(2028, 1, 1)))
    states = project(records, as_of=as_of)
    text = timeline_svg(states)
    check_picture(states, text)
    report = report_html(states)
    assert "<script" not in report.lower()
    report_markdown(states)


# -- HTML ------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_report_is_self_contained_and_escapes_the_quotes() -> None:
    page = report_html(sample_states(), title="Cooperation <report>")
    parser = _Collector()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags
    assert "link" not in tags
    assert "img" not in tags
    assert tags.count("svg") == 1 + page.count('<figure class="page">')
    for tag, attributes in parser.tags:
        for name in ("src", "href"):
            value = attributes.get(name)
            if value is not None and tag != "a":
                raise AssertionError(f"<{tag} {name}={value!r}> fetches something")
        if tag == "a":
            href = attributes["href"] or ""
            assert href.startswith(("#", "https://", "http://")), href
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<title>Cooperation &lt;report&gt;</title>" in page
    assert "Content-Security-Policy" in page
    assert NASTY.replace("\x0b", " ") in "".join(parser.text)


def test_the_picture_prints_on_a4_landscape_pages_cut_between_lanes() -> None:
    states = sample_states()
    pages = timeline_svg_pages(states, page_height=260)
    assert len(pages) > 1
    seen: list[str] = []
    for text in pages:
        svg = ET.fromstring(text)
        lanes = [g.attrib["data-partner"] for g in svg.iter(f"{SVG}g") if g.get("class") == "lane"]
        assert lanes
        assert float(svg.attrib["height"]) <= 260 or len(lanes) == 1
        assert svg.attrib["data-domain-start"] == "2022-02-01"  # one scale for every page
        check_picture({p: states[p] for p in lanes}, text)
        seen += lanes
    assert seen == list(states)
    page = report_html(states)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the pages' gradients too
    assert "@page{size:A4 landscape" in page
    assert page.count('<figure class="page">') == len(timeline_svg_pages(states))


def test_the_html_report_links_only_web_addresses() -> None:
    memo = MemorandumSigned(
        partners=("CZ",),
        occurred=DateSpan.day(date(2023, 7, 7)),
        provenance=Provenance(outlet="Bad", url="javascript:alert(1)", quote="q"),
    )
    page = report_html(project([Entry(1, memo)]))
    assert "javascript:" not in page


def test_the_html_report_has_the_summary_and_a_chronology_per_partner_with_sources() -> None:
    states = sample_states()
    page = report_html(states)
    for partner in states:
        assert f'id="partner-{partner}"' in page
        assert f'href="#partner-{partner}"' in page
    assert page.count('href="https://example.org/a"') == sum(
        1 for s in states.values() for i in s.items if i.sources[0].url
    )
    assert "€90,000,000" in page
    assert "over €690,000,000" in page


# -- Markdown and the summary ------------------------------------------------------------------


def test_the_markdown_report_has_a_summary_row_and_a_section_per_partner() -> None:
    states = sample_states(as_of=date(2024, 12, 31))
    text = report_markdown(states)
    assert text.startswith(f"# {DEFAULT_TITLE}\n")
    assert "As of 31 Dec 2024 (what certainly happened by then), as known now" in text
    assert text.count("Totals: ") == 1
    for partner in states:
        assert f"| {partner_label(partner)} ({partner}) |" in text
        assert f"## {partner_label(partner)} ({partner})" in text
    assert "(shared with DK, NO)" in text
    assert "[Example Wire, 30 Jan 2024](<https://example.org/a>)" in text


def test_the_markdown_report_writes_dates_in_words_in_calendar_order() -> None:
    text = report_markdown(sample_states())
    assert "_Ukraine's own defence industry: domestic production._" in text
    dates = [line.split("**")[1] for line in text.splitlines() if line.startswith("- **")]
    assert "on or before 30 Jan 2024" in dates
    assert "since 24 Feb 2022" in dates
    assert "date unknown" in dates
    assert not any(".." in d or re.search(r"\d{4}-\d\d", d) for d in dates)
    belgium = text.split("## Belgium (BE)")[1].split("## ")[0]
    order = [line.split("**")[1] for line in belgium.splitlines() if line.startswith("- **")]
    assert order == [
        "January 2023",
        "22\u201328 Jan 2024",
        "on or before 30 Jan 2024",
        "on or before 30 Jan 2024",
    ]


def test_the_markdown_report_escapes_what_would_break_it() -> None:
    text = report_markdown(sample_states())
    line = next(line for line in text.splitlines() if "alert" in line)
    assert "\\<script\\>" in line
    assert "a \\| pipe, \\*stars\\* and \\[a\\](link)" in line
    assert "\x0b" not in text


def test_the_summary_counts_sections_and_totals_per_currency() -> None:
    rows = {row["partner"]: row for row in summary_rows(sample_states())}
    assert rows["BE"]["memoranda"] == 1
    assert rows["BE"]["commitments"] == 2
    assert rows["BE"]["meetings"] == 1
    assert rows["BE"]["committed"] == {"EUR": "over €690,000,000"}
    assert rows["BE"]["first_activity"] == "2023-01-01"
    assert rows["BE"]["last_activity"] == "2024-01-30"
    assert rows["NATO"]["first_activity"] is None
    table = summary_table(sample_states())
    assert table.splitlines()[0].split()[:3] == ["partner", "memoranda", "agreements"]
    assert "Belgium (BE)" in table


def test_amounts_are_written_for_people() -> None:
    assert amount_text(Money(1_700_000_000, "EUR")) == "€1,700,000,000"
    assert amount_text(Money(12_000_000, "EUR", "over")) == "over €12,000,000"
    assert amount_text(Money("2.5", "USD", "up_to")) == "up to $2.5"
    assert amount_text(Money(1_700_000_000, "DKK")) == "DKK 1,700,000,000"
    assert amount_text(Factor("2.5")) == "\u00d72.5"
    assert amount_text(None) == ""


def test_amounts_in_the_picture_are_short() -> None:
    assert short_amount(Money(600_000_000, "EUR", "over")) == "€600M+"
    assert short_amount(Money(1_700_000_000, "DKK")) == "DKK 1.7B"
    assert short_amount(Money(87_000_000, "EUR", "about")) == "~€87M"
    assert short_amount(Money(2_500, "USD", "up_to")) == "\u2264$2.5k"
    assert short_amount(Factor(20, "over")) == "\u00d720+"


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (DateSpan.on_or_before(date(2024, 1, 30)), "on or before 30 Jan 2024"),
        (DateSpan.on_or_after(date(2022, 2, 24)), "since 24 Feb 2022"),
        (DateSpan.unknown(), "date unknown"),
        (DateSpan.day(date(2023, 9, 19)), "19 Sep 2023"),
        (DateSpan.month(2023, 6), "June 2023"),
        (DateSpan.quarter(2023, 4), "Q4 2023"),
        (DateSpan.year(2023), "2023"),
        (DateSpan.parse("2023/2024"), "2023\u20132024"),
        (DateSpan.parse("2023-11/2024-02"), "Nov 2023 \u2013 Feb 2024"),
        (DateSpan.parse("2024-01-22/2024-01-28"), "22\u201328 Jan 2024"),
        (DateSpan.parse("2024-01-29/2024-02-04"), "29 Jan \u2013 4 Feb 2024"),
        (DateSpan.parse("2023-12-29/2024-01-04"), "29 Dec 2023 \u2013 4 Jan 2024"),
    ],
)
def test_dates_are_written_in_words(span: DateSpan, text: str) -> None:
    assert plain_date(span) == text


def test_lanes_that_are_not_one_country_say_what_they_are() -> None:
    svg = ET.fromstring(timeline_svg(sample_states()))
    ids = {
        lane.attrib["data-partner"]: "".join(lane.find(f"{SVG}text[@class='lane-id']").itertext())
        for lane in svg.iter(f"{SVG}g")
        if lane.get("class") == "lane"
    }
    assert ids["UA"] == "UA \u00b7 Ukraine's own industry"
    assert ids["UDCG"] == "UDCG \u00b7 group: Ramstein format"
    assert ids["NATO"] == "NATO \u00b7 group: the alliance"
    assert ids["BE"] == "BE"


def test_marks_are_labelled_with_the_amount_or_the_kind_and_counterpart() -> None:
    svg = ET.fromstring(timeline_svg(sample_states()))
    labels = [
        "".join(label.itertext())
        for mark in svg.iter(f"{SVG}g")
        if "mark" in mark.get("class", "").split()
        for label in mark.iter(f"{SVG}text")
        if label.get("class") == "mark-label"
    ]
    assert sorted(labels) == sorted(
        [
            "MoU",
            "Meeting",
            "€90M",
            "€600M+",
            "Pledge howitzers",
            "Pledge howitzers",
            "Pledge howitzers",
            "Delivered",
            "JV Rheinmetall",
            "Agr",
            "Output \u00d720+",
            "Meeting",
            "Meeting",
        ]
    )


def test_a_partner_without_a_name_is_labelled_by_its_id() -> None:
    assert partner_label("BE") == "Belgium"
    assert partner_label("UDCG") == "Ukraine Defense Contact Group"
    assert partner_label("XX") == "XX"


# -- pledged against delivered -------------------------------------------------------------------


def _zuzana() -> dict[str, PartnerState]:
    pledge = AidCommitted(
        partners=("SK",),
        occurred=DateSpan.month(2024, 1),
        provenance=_source(published=date(2024, 1, 31)),
        amount=Money(160_000_000, "EUR"),
        items=("Zuzana howitzers",),
    )
    first = AidDelivered(
        partners=("SK",),
        occurred=DateSpan.month(2024, 5),
        provenance=_source(published=date(2024, 5, 31)),
        items=("Zuzana howitzers",),
        quantity=2,
        amount=Money(20_000_000, "EUR"),
    )
    return project([Entry(1, pledge), Entry(2, first)])


def test_each_view_shows_what_was_pledged_beside_what_was_delivered_and_the_gap() -> None:
    states = _zuzana()
    table = state_table(states["SK"])
    assert "Pledged against delivered" in table
    assert "committed €160,000,000; delivered €20,000,000; gap €140,000,000" in table
    assert "  pledge of January 2024: €160,000,000; Zuzana howitzers" in table
    assert "    delivered May 2024: €20,000,000; Zuzana howitzers; quantity 2" in table
    assert "2 delivered, €20,000,000; outstanding €140,000,000" in table
    assert "gap €140,000,000" in report_markdown(states)
    assert "gap €140,000,000" in report_html(states)


# -- label placement, as geometry ----------------------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.floats(240, 1000), st.floats(0, 300), st.floats(0, 1), st.floats(8, 130)
        ),
        max_size=40,
    )
)
def test_packed_labels_never_overlap_and_only_thinned_marks_lose_theirs(
    drawn: list[tuple[float, float, float, float]],
) -> None:
    from timeline.report import _layout

    marks = sorted(
        (left, min(left + width, 1000), left + share * min(width, 1000 - left), label)
        for left, width, share, label in drawn
    )
    slots, rows = _layout.pack(marks, limit=1018, floor=236)
    assert len(slots) == len(marks)
    assert rows <= _layout.MAX_ROWS
    boxes: dict[int, list[tuple[float, float]]] = {}
    for (left, right, gx, width), slot in zip(marks, slots, strict=True):
        assert 0 <= slot.row < rows
        if not slot.labelled:
            continue
        side, box = _layout.label_box(left, right, gx, width, 1018, 236)
        assert side == slot.side
        for other in boxes.get(slot.row, []):
            assert box.left >= other[1] or box.right <= other[0], (box, other)
        boxes.setdefault(slot.row, []).append((box.left, box.right))
    if len(marks) <= _layout.MAX_ROWS:
        assert all(slot.labelled for slot in slots)  # room for every label: one row each
