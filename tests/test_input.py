"""Input as it really comes: partial publication dates, text that is not UTF-8, saved web pages,
and the one-line warnings that say so, through `load_article` and the ``timeline ingest`` command.

Every text here is written for these tests (fictional wording about real partners); no page
of a real outlet is copied.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.workload import python, subprocess_env
from timeline.articles import Article, iter_article_paths, load_article
from timeline.cli import main
from timeline.dates import DateSpan, Precision
from timeline.errors import ArticleError
from timeline.events import ArticleRecorded, MemorandumSigned
from timeline.read import extract
from timeline.timeline import Timeline

BODY = "Belgium and Ukraine signed a memorandum on the joint production of artillery shells.\n"
PLEDGE = "Belgium pledged EUR 5 million in military aid to Ukraine.\n"
#: Words that Windows-1252 writes with bytes that are not UTF-8: curly quotes, the euro sign,
#: a dash and accented letters.
WESTERN = (
    "Belgium\u2019s minister pledged \u20ac5 million to Ukraine \u2014 the \u201cfirst\u201d "
    "tranche, signed at the caf\u00e9 of the Gen\u00e8ve conference centre.\n"
)
#: Ukrainian, as a Cyrillic single-byte file would hold it.
CYRILLIC = (
    "\u0423\u043a\u0440\u0430\u0457\u043d\u0430 \u0442\u0430 \u0411\u0435\u043b\u044c\u0433"
    "\u0456\u044f \u043f\u0456\u0434\u043f\u0438\u0441\u0430\u043b\u0438 \u043c\u0435\u043c"
    "\u043e\u0440\u0430\u043d\u0434\u0443\u043c \u043f\u0440\u043e \u0441\u043f\u0456\u043b"
    "\u044c\u043d\u0435 \u0432\u0438\u0440\u043e\u0431\u043d\u0438\u0446\u0442\u0432\u043e "
    "\u0441\u043d\u0430\u0440\u044f\u0434\u0456\u0432.\n"
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Belgium and Ukraine agree on a shell plant | Example Wire</title>
<meta property="og:title" content="Belgium and Ukraine agree on a shell plant">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2024-03-05T09:24:00+02:00">
<link rel="canonical" href="https://wire.example.org/2024/03/05/shell-plant">
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/defence">Defence</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
</header>
<div class="cookies">We use cookies to make this site work. Accept all cookies.</div>
<main><article>
<h1>Belgium and Ukraine agree on a shell plant</h1>
<p>Belgium and Ukraine signed a memorandum on Tuesday on the joint production of artillery
shells at a new plant, the Belgian defence ministry said in a statement.</p>
<p>The ministry said that the plant would open in the autumn and that its first shells would
go to the Ukrainian armed forces before the end of the year.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Cold weather ahead for the weekend</a></li>
<li><a href="/b">The local team wins the cup final</a></li></ul></aside>
<footer><p>Copyright 2024 Example Wire. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/contact">Contact us</a></p></footer>
</body>
</html>
"""


def write(directory: Path, name: str, data: str | bytes) -> Path:
    path = directory / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def ingest(argv: list[str]) -> tuple[int, str, list[str]]:
    """``timeline ingest ARGV`` in this process: its status, stdout and stderr lines."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["ingest", *argv], out=out)
    return status, out.getvalue(), err.getvalue().splitlines()


# -- publication dates of every precision ---------------------------------------------------------


def test_a_month_only_header_is_read_as_the_month_with_a_warning_naming_the_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "a.txt", f"title: A plant\npublished: 2024-06\n\n{BODY}")
    article = load_article(path)
    assert article.published_span == DateSpan.month(2024, 6)
    assert article.published == date(2024, 6, 30)  # certainly published by then
    assert article.published_text == "2024-06"
    assert article.warnings == (
        f"{path}: published '2024-06' gives only the month; read as 2024-06, "
        "published by 2024-06-30",
    )


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2024-06", DateSpan.month(2024, 6)),
        ("June 2024", DateSpan.month(2024, 6)),
        ("Jun. 2024", DateSpan.month(2024, 6)),
        ("february, 2023", DateSpan.month(2023, 2)),
        ("2024", DateSpan.year(2024)),
    ],
)
def test_a_month_or_a_year_in_the_header_keeps_its_precision(value: str, span: DateSpan) -> None:
    article = Article.from_text(f"published: {value}\n\n{BODY}", name="x.txt")
    assert article.published_span == span
    assert article.published == span.latest
    [warning] = article.warnings
    assert warning.startswith(f"x.txt: published {value!r} gives only the {span.precision}")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("June 5, 2024", date(2024, 6, 5)),
        ("5 June 2024", date(2024, 6, 5)),
        ("5th of June, 2024", date(2024, 6, 5)),
        ("2024-06-05", date(2024, 6, 5)),
    ],
)
def test_a_full_date_in_words_or_figures_is_a_day_without_a_warning(value: str, day: date) -> None:
    article = Article.from_text(f"published: {value}\n\n{BODY}")
    assert article.published_span == DateSpan.day(day)
    assert article.published == day
    assert article.warnings == ()


@pytest.mark.parametrize("value", ["2024-13", "2024-00", "0000", "Smarch 2024", "2024-6"])
def test_an_impossible_month_or_year_is_an_error_naming_the_file_and_the_line(value: str) -> None:
    with pytest.raises(ArticleError, match=r"^x\.txt, line 2: field 'published'"):
        Article.from_text(f"title: A title\npublished: {value}\n\n{BODY}", name="x.txt")


def test_the_precision_of_the_date_does_not_change_the_content_id() -> None:
    day = Article.from_text(f"published: 2024-06-05\n\n{BODY}")
    month = Article.from_text(f"published: 2024-06\n\n{BODY}")
    assert day.id == month.id == Article.from_text(BODY).id


def test_a_given_span_or_date_wins_over_the_header_without_a_warning() -> None:
    text = f"published: 2024-06\n\n{BODY}"
    spanned = Article.from_text(text, published=DateSpan.year(2023))
    assert (spanned.published_span, spanned.published) == (DateSpan.year(2023), date(2023, 12, 31))
    dated = Article.from_text(text, published=date(2024, 6, 3))
    assert dated.published_span == DateSpan.day(date(2024, 6, 3))
    assert spanned.warnings == dated.warnings == ()
    assert spanned.published_text is None


def test_an_article_without_a_date_says_so_and_its_span_is_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "undated.txt", "Belgium and Ukraine sign a memorandum\n\n" + BODY)
    article = load_article(path)
    assert article.published_span == DateSpan.unknown()
    assert article.published is None
    assert article.warnings == (
        f"{path}: no publication date found (add a 'published:' line or give --published)",
    )


def test_an_article_built_from_a_stored_date_gets_the_day_as_its_span() -> None:
    made = Article.from_text(f"published: 2024-06-05\n\n{BODY}")
    stored = Article(
        id=made.id,
        title=None,
        body=made.body,
        published=date(2024, 6, 5),
        published_text=None,
        source=None,
        url=None,
        path=None,
        content_hash=made.content_hash,
    )
    assert stored.published_span == DateSpan.day(date(2024, 6, 5))
    assert stored.warnings == ()
    with pytest.raises(ValueError, match="not the latest day"):
        Article(
            id=made.id,
            title=None,
            body=made.body,
            published=date(2024, 6, 5),
            published_span=DateSpan.month(2024, 6),
            published_text=None,
            source=None,
            url=None,
            path=None,
            content_hash=made.content_hash,
        )


def test_a_month_only_article_counts_as_known_only_once_its_month_is_over(tmp_path: Path) -> None:
    article = Article.from_text(f"published: 2024-06\n\n{PLEDGE}")
    with Timeline.open(tmp_path / "t.db") as tl:
        assert tl.ingest(article).events
        assert not tl.state("BE", known_at=date(2024, 6, 15)).commitments
        assert tl.state("BE", known_at=date(2024, 6, 30)).commitments


@given(
    year=st.integers(1, 9999),
    month=st.integers(1, 12),
    form=st.sampled_from(["{y:04d}-{m:02d}", "{name} {y:04d}", "{y:04d}"]),
)
def test_any_month_or_year_header_gives_its_span_and_its_last_day(
    year: int, month: int, form: str
) -> None:
    name = date(2000, month, 1).strftime("%B")
    value = form.format(y=year, m=month, name=name)
    article = Article.from_text(f"published: {value}\n\n{BODY}")
    span = DateSpan.year(year) if form == "{y:04d}" else DateSpan.month(year, month)
    assert article.published_span == span
    assert article.published == span.latest
    assert len(article.warnings) == 1


# -- text that is not UTF-8 -----------------------------------------------------------------------


def test_a_windows_1252_file_is_decoded_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    text = f"title: A pledge\npublished: 2024-03-05\n\n{WESTERN}"
    path = write(tmp_path, "western.txt", text.encode("cp1252"))
    article = load_article(path)
    assert article.body == WESTERN
    offset = text.encode("cp1252").index(b"\x92")
    assert article.warnings == (
        f"{path}: not UTF-8 (invalid byte 0x92 at offset {offset}); decoded as Windows-1252",
    )
    assert article.id == Article.from_text(text).id  # the same text, the same id


def test_a_latin_1_file_reads_as_the_same_letters(tmp_path: Path) -> None:
    text = "Belgi\u00eb en Oekra\u00efne: \u00e0 Li\u00e8ge, d\u00e9j\u00e0 sign\u00e9.\n" + BODY
    article = load_article(write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert article.body == text
    assert article.warnings[0].endswith("; decoded as Windows-1252")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded_without_a_warning(
    tmp_path: Path, codec: str
) -> None:
    text = f"title: A plant\npublished: 2024-03-05\n\n{WESTERN}"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    article = load_article(write(tmp_path, "unicode.txt", data))
    assert article.body == WESTERN
    assert article.published == date(2024, 3, 5)
    assert article.warnings == ()
    assert article.id == Article.from_text(text).id


@pytest.mark.parametrize(("codec", "label"), [("cp1251", "Windows-1251"), ("koi8_u", "KOI8-U")])
def test_cyrillic_single_byte_text_is_found_by_the_detector(
    tmp_path: Path, codec: str, label: str
) -> None:
    text = CYRILLIC * 3
    article = load_article(write(tmp_path, "cyrillic.txt", text.encode(codec)))
    assert article.body == text
    assert article.warnings[0].endswith(f"; decoded as {label}")


def test_utf_16_without_a_byte_order_mark_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "bare.txt", BODY.encode("utf-16-le"))
    with pytest.raises(ArticleError, match=r"UTF-16 without a byte-order mark\?\)$") as caught:
        load_article(path)
    assert str(caught.value).startswith(str(path))


@given(
    words=st.lists(
        st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=3, max_size=9),
        min_size=4,
        max_size=30,
    ),
    # at most three in twelve letters or more: the share of Western prose, not of a word list
    accents=st.lists(
        st.sampled_from("\u00e9\u00e8\u00e0\u00fc\u00f6\u00e7\u2019\u20ac"), max_size=3
    ),
)
@example(words=["caf", "au", "lait", "noir"], accents=["\u00e9"])
@example(words=["aaa", "aaa", "aaa", "aaa"], accents=["\u00e9"] * 3)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_western_text_in_windows_1252_reads_back_exactly(
    tmp_path: Path, words: list[str], accents: list[str]
) -> None:
    for n, accent in enumerate(accents):
        words[n % len(words)] += accent
    text = " ".join(words) + ".\n"
    data = text.encode("cp1252")
    path = write(tmp_path, "w.txt", data)
    article = load_article(path)
    assert article.body == text
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert article.warnings[0].startswith(f"{path}: not UTF-8 (invalid byte 0x")
        assert article.warnings[0].endswith("; decoded as Windows-1252")


# -- saved web pages ------------------------------------------------------------------------------


def test_a_saved_page_gives_its_main_text_title_date_outlet_and_address(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "page.html", PAGE))
    assert article.title == "Belgium and Ukraine agree on a shell plant"
    assert article.published_span == DateSpan.day(date(2024, 3, 5))
    assert article.source == "Example Wire"
    assert article.url == "https://wire.example.org/2024/03/05/shell-plant"
    assert article.body.startswith("Belgium and Ukraine signed a memorandum on Tuesday")
    assert article.body.count("\n\n") == 1  # two paragraphs
    for furniture in ("Subscribe", "cookies", "Most read", "Copyright", "Privacy", "<p>"):
        assert furniture not in article.body
    assert article.warnings == ()


def test_the_facts_of_a_saved_page_quote_its_main_text(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "page.htm", PAGE))
    [memo] = [e for e in extract(article) if isinstance(e, MemorandumSigned)]
    assert memo.partners == ("BE",)
    assert memo.occurred == DateSpan.day(date(2024, 3, 5))  # the Tuesday of that week
    source = memo.provenance
    assert source.start is not None
    assert source.end is not None
    assert article.body[source.start : source.end] == source.quote


def test_a_date_in_the_text_of_a_page_is_not_its_publication_date(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Talks go on</title></head><body><div class='menu'>Home | News</div>"
        "<div class='story'><h1>Talks go on</h1><p>Belgium said on Friday that it had signed a "
        "contract on 3 February 2023 for two air defence systems for Ukraine, and that the "
        "first had arrived on 14 April 2023.</p><p>The second is expected by the end of the "
        "year, officials said.</p></div><div class='foot'>All rights reserved.</div>"
        "</body></html>"
    )
    path = write(tmp_path, "undated.html", page)
    article = load_article(path)
    assert article.published_span == DateSpan.unknown()
    assert article.warnings == (
        f"{path}: no publication date found (add a 'published:' line or give --published)",
    )
    given = load_article(path, published=date(2023, 5, 2))
    assert given.published == date(2023, 5, 2)
    assert given.warnings == ()


def test_a_page_in_its_declared_legacy_charset_is_read_without_a_warning(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "the Belgian defence ministry", "the ministry in Li\u00e8ge"
    )
    article = load_article(write(tmp_path, "legacy.html", page.encode("cp1252")))
    assert "the ministry in Li\u00e8ge said" in article.body.replace("\n", " ")
    assert article.warnings == ()


def test_a_page_saved_as_text_is_recognised_by_its_opening(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "page.txt", "\n  " + PAGE))
    assert article.title == "Belgium and Ukraine agree on a shell plant"
    assert "<" not in article.body


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<!doctype html><html></html>",
        "<html>" + "<div>" * 3000 + "</html>",
    ],
)
def test_a_page_without_article_text_is_refused_naming_the_file(tmp_path: Path, page: str) -> None:
    path = write(tmp_path, "empty.html", page)
    with pytest.raises(ArticleError, match="web page") as caught:
        load_article(path)
    assert str(caught.value).startswith(str(path))


_TAGS = st.sampled_from(
    ["<html>", "</html>", "<body>", "<p>", "</p>", "<div class='x'>", "</div>", "<nav>",
     "<meta charset='koi8-u'>", "<meta property='article:published_time' content='2024-02-30'>",
     "<title>", "</title>", "<script>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;",
     "<time datetime='99999-01-01'>", "<article>", "<h1>", "\x00", "\ufeff"]
)  # fmt: skip


@given(
    pieces=st.lists(st.one_of(_TAGS, st.text(max_size=30), st.just(BODY)), min_size=1, max_size=30),
    raw=st.binary(max_size=200),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_any_page_is_an_article_or_an_article_error_naming_the_file(
    tmp_path: Path, pieces: list[str], raw: bytes
) -> None:
    path = tmp_path / "any.html"
    path.write_bytes("".join(pieces).encode("utf-8", "surrogatepass") + raw)
    try:
        article = load_article(path)
    except ArticleError as error:
        message = str(error)
    else:
        assert article.body.strip()
        assert all(warning.startswith(f"{path}: ") for warning in article.warnings)
        return
    assert message.startswith(str(path))


# -- what the ingest command says -----------------------------------------------------------------


@pytest.fixture
def real_input(tmp_path: Path) -> Path:
    """A folder of articles as they come: a month-only header, Windows-1252, UTF-16, a web page,
    an article with no facts, one with no date, and files that are not articles."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    write(folder, "a-month.txt", f"title: A pledge\npublished: 2024-06\n\n{PLEDGE}")
    write(folder, "b-western.txt", f"published: 2024-03-05\n\n{WESTERN}{BODY}".encode("cp1252"))
    write(folder, "c-utf16.txt", f"published: 2024-03-06\n\n{BODY}{PLEDGE}".encode("utf-16"))
    write(folder, "d-page.html", PAGE)
    write(folder, "e-nothing.txt", "published: 2024-03-07\n\nThe weather was mild all week.\n")
    write(folder, "f-undated.md", "Belgium and Ukraine sign a memorandum\n\n" + BODY)
    write(folder, "notes.json", "{}")
    write(folder, "scan.pdf", b"%PDF-1.4")
    write(folder, ".hidden.txt", BODY)
    return folder


def expected_warnings(folder: Path) -> list[str]:
    western = (folder / "b-western.txt").read_bytes().index(b"\x92")
    kinds = ".txt, .md, .html, .htm"
    return [
        f"timeline: warning: {folder / 'notes.json'}: skipped: not an article file ({kinds})",
        f"timeline: warning: {folder / 'scan.pdf'}: skipped: not an article file ({kinds})",
        f"timeline: warning: {folder / 'a-month.txt'}: published '2024-06' gives only the month; "
        "read as 2024-06, published by 2024-06-30",
        f"timeline: warning: {folder / 'b-western.txt'}: not UTF-8 (invalid byte 0x92 at offset "
        f"{western}); decoded as Windows-1252",
        f"timeline: warning: {folder / 'e-nothing.txt'}: no facts found",
        f"timeline: warning: {folder / 'f-undated.md'}: no publication date found "
        "(add a 'published:' line or give --published)",
    ]


def test_ingest_reads_every_form_and_says_one_line_per_warning(
    tmp_path: Path, real_input: Path
) -> None:
    db = tmp_path / "t.db"
    status, out, err = ingest([str(real_input), "--db", str(db)])
    assert status == 0
    assert out.startswith("ingested 6 articles (6 new, 0 already known), ")
    assert out.endswith(f"0 failed into {db}\n")
    assert err == expected_warnings(real_input)
    with Timeline.open(db, read_only=True) as tl:
        stored = {r.event.title for r in tl.log.read() if isinstance(r.event, ArticleRecorded)}
    assert "Belgium and Ukraine agree on a shell plant" in stored
    # Again: all is known, nothing is lost or added, and the same warnings are said again.
    status, out, err = ingest([str(real_input), "--db", str(db)])
    assert (status, err) == (0, expected_warnings(real_input))
    assert out.startswith("ingested 6 articles (0 new, 6 already known), ")


def test_the_ingest_command_in_a_process_warns_on_stderr_and_keeps_stdout_for_the_result(
    tmp_path: Path, real_input: Path
) -> None:
    db = tmp_path / "t.db"
    done = subprocess.run(
        [python(), "-m", "timeline", "ingest", str(real_input), "--db", str(db)],
        env=subprocess_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("ingested 6 articles ")
    assert done.stderr.decode().splitlines() == expected_warnings(real_input)


def test_extract_says_the_same_warnings_as_ingest_and_prints_the_facts(real_input: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["extract", str(real_input), "--format", "jsonl"], out=out)
    assert status == 0
    assert err.getvalue().splitlines() == expected_warnings(real_input)
    read = {json.loads(line)["source"]["article_id"] for line in out.getvalue().splitlines()}
    assert len(read) == 5  # every article but the one with no facts


def test_a_file_named_on_the_command_line_is_read_whatever_its_ending(tmp_path: Path) -> None:
    path = write(tmp_path, "article.text", f"published: 2024-03-05\n\n{PLEDGE}")
    assert ingest([str(path), "--db", str(tmp_path / "t.db")])[::2] == (0, [])


def test_iter_article_paths_tells_what_it_skips_but_not_hidden_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.htm", "README.md", "c.docx", ".d.json", "e.HTML"):
        write(tmp_path, name, BODY)
    skipped: list[tuple[str, str]] = []
    found = iter_article_paths([tmp_path], on_skip=lambda p, why: skipped.append((p.name, why)))
    assert [p.name for p in found] == ["a.txt", "b.htm", "e.HTML"]
    assert [name for name, _ in skipped] == ["README.md", "c.docx"]
    assert skipped[0][1] == "skipped: a README, not an article"


def test_a_loaded_article_has_one_precision_for_its_span() -> None:
    article = Article.from_text(f"published: 2024\n\n{BODY}")
    assert article.published_span.precision is Precision.YEAR
