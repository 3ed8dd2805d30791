"""Loading articles: the header and raw forms, the publication date, the id and the errors."""

from __future__ import annotations

import builtins
import hashlib
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import articles
from timeline.articles import (
    MAX_ARTICLE_BYTES,
    Article,
    find_published,
    iter_article_paths,
    load_article,
)
from timeline.errors import ArticleError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

BODY = "Ukraine and Ruritania signed a memorandum on joint shell production.\n"


def write(tmp_path: Path, text: str | bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_bytes(text.encode("utf-8"))
    else:
        path.write_bytes(text)
    return path


def normalise(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- header form ------------------------------------------------------------------------------


def test_a_header_gives_title_date_source_and_url_and_the_body_follows_the_blank_line(
    tmp_path: Path,
) -> None:
    text = (
        "Title: Ruritania joins drone coalition\n"
        "PUBLISHED: 2024-01-30\n"
        "source: Example Wire\n"
        "url: https://example.org/a/1\n"
        "author: A. Writer\n"
        "\n" + BODY
    )
    article = load_article(write(tmp_path, text))
    assert article.title == "Ruritania joins drone coalition"
    assert article.published == date(2024, 1, 30)
    assert article.published_text == "2024-01-30"
    assert article.source == "Example Wire"
    assert article.url == "https://example.org/a/1"
    assert article.body == BODY
    assert article.path == str(tmp_path / "article.txt")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-30", date(2024, 1, 30)),
        ("2024-01-30T09:24", date(2024, 1, 30)),
        ("2024-01-30T23:50:00+02:00", date(2024, 1, 30)),
        ("09:24 30 Jan 2024", date(2024, 1, 30)),
        ("Wednesday, January 31, 2024", date(2024, 1, 31)),
        ("31.01.2024", date(2024, 1, 31)),
        ("30 Jan 2024, 14:05", date(2024, 1, 30)),
    ],
)
def test_a_header_published_value_accepts_iso_and_raw_forms(value: str, expected: date) -> None:
    article = Article.from_text(f"published: {value}\n\n{BODY}")
    assert article.published == expected
    assert article.published_text == value


@pytest.mark.parametrize(
    "value", ["someday", "31 February 2024", "2024-13-01", "next week", "30 Jan 2024 blah"]
)
def test_a_malformed_published_header_names_the_file_the_line_and_the_field(
    tmp_path: Path, value: str
) -> None:
    path = write(tmp_path, f"title: A title here\npublished: {value}\n\n{BODY}")
    with pytest.raises(ArticleError) as info:
        load_article(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 2" in message
    assert "published" in message


def test_an_empty_published_header_is_malformed() -> None:
    with pytest.raises(ArticleError, match=r"line 1: field 'published' is empty"):
        Article.from_text(f"published:\n\n{BODY}", name="x.txt")


def test_a_field_given_twice_in_the_header_is_an_error() -> None:
    with pytest.raises(ArticleError, match=r"x\.txt, line 2: field 'title' is given twice"):
        Article.from_text(f"title: One\nTitle: Two\n\n{BODY}", name="x.txt")


def test_a_header_without_a_body_is_an_error() -> None:
    with pytest.raises(ArticleError, match="no body"):
        Article.from_text("title: A title\npublished: 2024-01-30\n", name="x.txt")
    with pytest.raises(ArticleError, match="no body"):
        Article.from_text("title: A title\n\n   \n", name="x.txt")


def test_a_header_without_a_date_falls_back_to_the_opening_lines_of_the_body() -> None:
    article = Article.from_text(f"title: A title\n\n30 January 2024\n\n{BODY}")
    assert article.published == date(2024, 1, 30)


def test_lines_of_only_unknown_keys_are_raw_text_not_a_header() -> None:
    text = f"Kyiv: the ministry reports\n\n{BODY}"
    article = Article.from_text(text)
    assert article.body == text
    assert article.source is None


def test_an_explicit_published_date_wins_over_the_header() -> None:
    article = Article.from_text(f"published: 2024-01-30\n\n{BODY}", published=date(2020, 5, 6))
    assert article.published == date(2020, 5, 6)
    assert article.published_text is None


def test_an_explicit_published_date_wins_over_the_opening_lines(tmp_path: Path) -> None:
    path = write(tmp_path, f"30 January 2024\n\n{BODY}")
    article = load_article(path, published=date(2021, 2, 3))
    assert article.published == date(2021, 2, 3)


def test_an_explicit_published_datetime_is_kept_as_its_date() -> None:
    article = Article.from_text(BODY, published=datetime(2024, 1, 30, 9, 24))
    assert article.published == date(2024, 1, 30)
    assert type(article.published) is date


# -- raw form ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "expected", "expected_text"),
    [
        ("09:24 30 Jan 2024", date(2024, 1, 30), "09:24 30 Jan 2024"),
        ("Wednesday, January 31, 2024", date(2024, 1, 31), "Wednesday, January 31, 2024"),
        (" date 2023-07-07 Credit: Some Agency/Photo", date(2023, 7, 7), "2023-07-07"),
        ("30 January 2024", date(2024, 1, 30), "30 January 2024"),
        ("January 31, 2024", date(2024, 1, 31), "January 31, 2024"),
        ("31.01.2024", date(2024, 1, 31), "31.01.2024"),
        ("2024-01-31", date(2024, 1, 31), "2024-01-31"),
        ("Jan. 31, 2024", date(2024, 1, 31), "Jan. 31, 2024"),
        ("30 Jan 2024, 14:05", date(2024, 1, 30), "30 Jan 2024, 14:05"),
        ("Published: 5 March 2023", date(2023, 3, 5), "5 March 2023"),
        ("Example Wire | Sept. 4, 2023", date(2023, 9, 4), "Sept. 4, 2023"),
    ],
)
def test_the_publication_date_is_found_in_each_raw_form(
    opening: str, expected: date, expected_text: str
) -> None:
    text = f"Ruritania opens a drone plant\n{opening}\n\n{BODY}"
    article = Article.from_text(text)
    assert article.published == expected
    assert article.published_text == expected_text
    assert article.title == "Ruritania opens a drone plant"


@pytest.mark.parametrize(
    "opening",
    [
        "31.5 C",
        "31 February 2024",
        "2024-02-30",
        "Ruritania pledged on 30 January 2024 to send shells",
        "Section\nNo date here at all",
    ],
)
def test_no_publication_date_is_found_where_there_is_none(opening: str) -> None:
    assert Article.from_text(f"{opening}\n\n{BODY}").published is None


def test_an_impossible_date_is_skipped_and_a_later_dateline_is_found() -> None:
    article = Article.from_text(f"31 February 2024\n1 March 2024\n\n{BODY}")
    assert article.published == date(2024, 3, 1)


def test_a_date_deep_in_the_body_is_not_the_publication_date() -> None:
    filler = "".join(f"Paragraph {i} says something of note here.\n\n" for i in range(20))
    assert Article.from_text(f"{filler}30 January 2024\n").published is None


def test_the_raw_body_is_the_whole_normalised_text_so_offsets_stay_valid() -> None:
    text = "\ufeff09:24 30 Jan 2024\r\n\r\nA headline about shells\r\n\r\nThe body.\r\n"
    article = Article.from_text(text)
    assert article.body == "09:24 30 Jan 2024\n\nA headline about shells\n\nThe body.\n"
    head = "09:24 30 Jan 2024\n\nA headline about shells\n\n"
    assert article.body.index("The body.") == len(head)


def test_the_raw_title_skips_datelines_section_labels_and_boilerplate() -> None:
    text = "Business\n09:24 30 Jan 2024\nPhoto: an agency\nRuritania joins the coalition\n\nB."
    assert Article.from_text(text).title == "Ruritania joins the coalition"


def test_the_raw_title_is_none_when_the_text_opens_with_a_paragraph() -> None:
    paragraph = "Ruritania and Ukraine agreed to make shells together. " * 5
    assert Article.from_text(paragraph).title is None


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("000_", date(2024, 1, 30)),
        ("001_", None),
        ("002_", None),
        ("003_", date(2024, 1, 31)),
        ("004_", date(2023, 7, 7)),
    ],
)
def test_the_seed_articles_have_the_expected_publication_dates(
    name: str, published: date | None
) -> None:
    paths = sorted(SEEDS.glob(f"{name}*.txt"))
    if not paths:
        pytest.skip(f"no seed file {name}*.txt in {SEEDS}")
    article = load_article(paths[0])
    assert article.published == published
    assert article.body == paths[0].read_text(encoding="utf-8").replace("\r\n", "\n")


# -- the id -----------------------------------------------------------------------------------


def test_the_id_and_hash_come_from_the_body() -> None:
    article = Article.from_text(BODY)
    digest = hashlib.sha256(BODY.encode("utf-8")).hexdigest()
    assert article.content_hash == digest
    assert article.id == "art-" + digest[:20]


bodies = st.text(min_size=1).filter(lambda s: s.strip() and "\0" not in s)


@given(body=bodies)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_same_body_gives_the_same_id_whatever_the_file_name(tmp_path: Path, body: str) -> None:
    try:
        reference = Article.from_text(body)
    except ArticleError:
        return
    for name in ("one.txt", "other-name.md"):
        path = write(tmp_path, body, name)
        assert load_article(path).id == reference.id


@given(first=bodies, second=bodies)
def test_different_bodies_give_different_ids(first: str, second: str) -> None:
    try:
        a, b = Article.from_text(first), Article.from_text(second)
    except ArticleError:
        return
    assert (a.id == b.id) == (a.body == b.body)


def test_line_endings_do_not_change_the_id() -> None:
    assert Article.from_text("A\r\nB\r\n").id == Article.from_text("A\nB\n").id


def test_the_same_body_under_a_header_keeps_its_id() -> None:
    with_header = Article.from_text(f"title: A title\npublished: 2024-01-30\n\n{BODY}")
    assert with_header.id == Article.from_text(BODY).id


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"  \n\t\r\n ", "is empty"),
        (b"\xef\xbb\xbf\n", "is empty"),
        (b"text\x00more", "binary data"),
        (b"\x01\x02\x03\x04abc", "binary data"),
        ("\u0085\u0086\u0087abc".encode(), "binary data"),
        (b"\xef\xbb\xbfcaf\xe9 au lait", r"starts with a UTF-8 byte-order mark but is not UTF-8"),
        (b"\xff\xfeB\x00e\x00l", r"starts with a UTF-16 byte-order mark but is not UTF-16"),
    ],
)
def test_a_bad_file_raises_an_article_error_naming_the_file(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ArticleError, match=reason) as info:
        load_article(path)
    assert str(path) in str(info.value)


def test_a_few_control_characters_in_a_long_text_are_allowed(tmp_path: Path) -> None:
    text = "Ruritania\tmakes\x0cshells.\x1b\n" * 50
    assert load_article(write(tmp_path, text)).body == text


def test_a_missing_file_raises_an_article_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(ArticleError, match="does not exist") as info:
        load_article(path)
    assert str(path) in str(info.value)


def test_a_directory_raises_an_article_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="is a directory") as info:
        load_article(tmp_path)
    assert str(tmp_path) in str(info.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_raises_an_article_error(tmp_path: Path) -> None:
    path = write(tmp_path, BODY)
    path.chmod(0)
    with pytest.raises(ArticleError, match="permission denied") as info:
        load_article(path)
    assert str(path) in str(info.value)


def test_a_permission_error_while_opening_becomes_an_article_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, BODY)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(ArticleError, match="permission denied") as info:
        load_article(path)
    assert str(path) in str(info.value)


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: cheap to make

    def must_not_open(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(builtins, "open", must_not_open)
    with pytest.raises(ArticleError, match="larger than 5 MiB") as info:
        load_article(path)
    assert str(path) in str(info.value)


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    line = "Ruritania makes shells.\n"
    text = line * (MAX_ARTICLE_BYTES // len(line))
    text += "x" * (MAX_ARTICLE_BYTES - len(text))
    article = load_article(write(tmp_path, text))
    assert len(article.body) == MAX_ARTICLE_BYTES


def test_from_text_refuses_a_text_larger_than_the_limit() -> None:
    with pytest.raises(ArticleError, match=r"big\.txt is larger than 5 MiB"):
        Article.from_text("é" * (MAX_ARTICLE_BYTES // 2 + 1), name="big.txt")


def test_from_text_refuses_a_lone_surrogate() -> None:
    with pytest.raises(ArticleError, match="offset 1"):
        Article.from_text("a\ud800b", name="s.txt")


def test_the_max_size_is_five_mebibytes() -> None:
    assert articles.MAX_ARTICLE_BYTES == 5 * 1024 * 1024


@given(text=st.text())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_file_loads_or_raises_an_article_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    try:
        article = load_article(path)
    except ArticleError as error:
        message = str(error)
    else:
        assert article.body
        assert article.body in normalise(text)
        assert article.path == str(path)
        return
    assert str(path) in message


@given(data=st.binary())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_load_or_raise_an_article_error(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    try:
        article = load_article(path)
    except ArticleError as error:
        message = str(error)
    else:
        if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
            return  # UTF-16 or UTF-32 by its byte-order mark
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            [warning] = article.warnings[:1]
            assert warning.startswith(f"{path}: not UTF-8 (invalid byte 0x")
            assert "; decoded as " in warning
        else:
            assert article.body in normalise(text)
        return
    assert str(path) in message


# -- the date finder --------------------------------------------------------------------------


FORMS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.day} {d:%B %Y}",
    lambda d: f"{d.day} {d:%b %Y}, 14:05",
    lambda d: f"09:24 {d.day} {d:%b %Y}",
    lambda d: f"{d:%A, %B} {d.day}, {d.year}",
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: f"{d:%d.%m.%Y}",
]


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
    form=st.sampled_from(FORMS),
)
def test_a_dateline_in_any_form_gives_back_its_date(day: date, form: Any) -> None:
    line = form(day)
    found = find_published(f"A headline for the day\n{line}\n\nBody text.")
    assert found is not None
    assert found[0] == day
    assert found[1] in line


@given(text=st.text())
def test_the_date_finder_never_fails_and_quotes_the_text(text: str) -> None:
    found = find_published(text)
    if found is not None:
        assert found[1] in text


# -- paths ------------------------------------------------------------------------------------


def test_directories_are_walked_in_sorted_order_for_text_and_markdown(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "README.md",
        "notes.json",
        "sub/z.txt",
        "sub/deeper/y.md",
        ".hidden/x.txt",
        ".dotfile.txt",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BODY)
    single = tmp_path / "notes.json"
    found = list(iter_article_paths([tmp_path, single]))
    relative = [p.relative_to(tmp_path).as_posix() for p in found]
    assert relative == ["a.md", "b.txt", "sub/z.txt", "sub/deeper/y.md", "notes.json"]


def test_a_missing_path_is_passed_on_so_that_loading_reports_it(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    assert list(iter_article_paths([str(missing)])) == [missing]
