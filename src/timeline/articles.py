"""Articles: loading a news article from a file or a string, and finding its publication date.

An article file comes in one of three forms.

*Header form*: leading ``key: value`` lines (keys ``title``, ``published``, ``source`` and
``url``, in any case; other keys such as ``author`` are allowed and ignored), one blank line,
then the body::

    title: Ukraine and Belgium sign a memorandum
    published: 2024-01-30
    source: Example News

    The body of the article ...

``published`` may be a full date (``2024-01-30``, ``June 5, 2024``, ``5 June 2024``), a month
(``2024-06``, ``June 2024``) or a year (``2024``): `Article.published_span` keeps what was
stated, with its precision, and a month or a year is read with a warning.

*Raw form*: scraped text with no header. The publication date is looked for in the opening
lines ("09:24 30 Jan 2024", "Wednesday, January 31, 2024", " date 2023-07-07 Credit: ...") and
stays unknown when there is none; the body is the whole text, so that offsets into the body
are offsets into the (normalised) file.

*Saved web page*: a ``.html`` or ``.htm`` file, or any file that opens with ``<!doctype html``
or ``<html``. Its main text, title, site name, address and publication date are taken out of
the page furniture (menus, footers, share lines) by ``trafilatura`` and ``htmldate``; only the
page's own markers (meta tags, structured data, its address) date it, never a date in the
text. The body is the main text, paragraphs separated by blank lines.

Bytes that are not UTF-8 are decoded all the same: text with a UTF-16 or UTF-32 byte-order
mark as such; a web page in the character set its ``<meta charset>`` names; anything else as
Windows-1252 (which reads Latin-1 too), or, when most letters are outside ASCII, in the
single-byte character set that ``charset-normalizer`` finds (Windows-1251 or KOI8 for
Cyrillic, ...), with a warning naming the file and the character set.

Either way the text is normalised (a byte-order mark dropped, ``\\r\\n`` and ``\\r`` turned
into ``\\n``), and the article id is derived from the body alone: the same body gives the same
id whatever the file is called. What a reader should know about the loading (a guessed
character set, a month-only date, no date at all) is in `Article.warnings`, one line each,
naming the file; what cannot be read raises `ArticleError`, naming the file.

>>> article = Article.from_text("09:24 30 Jan 2024\\n\\nBelgium and Ukraine sign a memorandum\\n")
>>> article.published, article.published_text, article.title
(datetime.date(2024, 1, 30), '09:24 30 Jan 2024', 'Belgium and Ukraine sign a memorandum')
>>> article.id == Article.from_text(article.body).id
True
>>> monthly = Article.from_text("published: 2024-06\\n\\nBelgium pledged aid.\\n", name="a.txt")
>>> monthly.published_span.edtf(), monthly.published
('2024-06', datetime.date(2024, 6, 30))
>>> monthly.warnings
("a.txt: published '2024-06' gives only the month; read as 2024-06, published by 2024-06-30",)
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import attrs

from timeline._input import decode, read_page
from timeline.dates import MONTH_NUMBERS, DateSpan, Precision
from timeline.errors import ArticleError, DateError

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "PAGE_SUFFIXES",
    "Article",
    "find_published",
    "iter_article_paths",
    "load_article",
]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""The largest article file that is read (5 MiB); a larger one raises `ArticleError`."""

#: How far into a raw text the publication date and the title are looked for.
_OPENING_LINES = 12
_OPENING_CHARS = 1500
#: A dateline's date starts within this many characters of the line.
_DATELINE_CHARS = 160
#: A title longer than this is a paragraph, not a title.
_MAX_TITLE_CHARS = 200
#: Above this share of control characters, a text is taken for binary data.
_MAX_CONTROL_RATIO = 0.1

_HEADER_FIELDS = frozenset({"title", "published", "source", "url"})
_BOM = "\ufeff"

PAGE_SUFFIXES = (".html", ".htm")
"""File name endings of saved web pages, read for their main text."""
ARTICLE_SUFFIXES = (".txt", ".md", *PAGE_SUFFIXES)
"""File name endings that `iter_article_paths` picks from a directory."""

_PAGE_START = re.compile(r"\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)

# -- patterns, compiled once ----------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_TIME = r"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?"

# One date, in any of the forms that news sites print. Each form has its own groups.
_DATE = rf"""
    (?<![\w.:/-])
    (?:
        (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})
            (?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
            (?![\w-])
      | (?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_MONTH})\b\.?,?\s+
            (?P<dy>\d{{4}})(?![\w.]?\d)
      | (?P<mm>{_MONTH})\b\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+
            (?P<my>\d{{4}})(?![\w.]?\d)
      | (?P<pd>\d{{1,2}})\.(?P<pm>\d{{1,2}})\.(?P<py>\d{{4}})(?![\w.]?\d)
    )
"""
# A dateline: a date that opens its line. Before the date may stand an outlet or byline ended
# by a separator, labels such as "Published:" or "date", punctuation, and a weekday or a time
# that belong to the date (group ``ext`` starts the date's text). Anchored, so that ordinary
# lines fail at once.
_DATELINE = re.compile(
    rf"""
    (?:.*[|•·]\s*)?
    (?:[^\w]|_|\b(?:published|posted|updated|last|dated?|on|at)\b)*?
    (?P<ext>(?:{_WEEKDAY}\.?,?\s*)?(?:{_TIME}[\s,]*)?(?:{_WEEKDAY}\.?,?\s*)?)
    {_DATE}
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A time written after the date ("30 Jan 2024, 14:05"), kept in the published text.
_TIME_AFTER = re.compile(rf",?\s*(?:at\s+)?{_TIME}(?!\w)", re.IGNORECASE)
# What may follow a date in a header value: a time and a time zone.
_HEADER_TAIL = re.compile(
    rf"[\s,]*(?:(?:at\s+)?{_TIME})?\s*(?:(?:utc|gmt|[a-z]{{1,3}}t)(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?)?\s*",
    re.IGNORECASE,
)
_TIME_LINE = re.compile(rf"\W*{_TIME}\W*", re.IGNORECASE)
# A month or a year alone, as a ``published:`` header may give it: 2024-06, June 2024, 2024.
_PARTIAL_DATE = re.compile(
    rf"(?P<y>\d{{4}})(?:-(?P<m>\d{{2}}))?|(?P<wm>{_MONTH})\.?,?\s+(?P<wy>\d{{4}})",
    re.IGNORECASE,
)

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)")
_BOILERPLATE = re.compile(
    r"(?:photo|image|credit|source|by|author|read (?:also|more)|related|advertisement|share"
    r"|subscribe|listen|menu|home)\b",
    re.IGNORECASE,
)
# Control characters other than tab, newline, form feed and carriage return, as UTF-8 bytes:
# C0 and DEL are single bytes, C1 (U+0080 to U+009F) are 0xC2 0x80 to 0xC2 0x9F.
_C0_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r") + b"\x7f"
_C1 = re.compile(rb"\xc2[\x80-\x9f]")



# -- the article ------------------------------------------------------------------------------


def _span_of_published(article: Article) -> DateSpan:
    return DateSpan.unknown() if article.published is None else DateSpan.day(article.published)


@attrs.frozen(kw_only=True)
class Article:
    """A news article: its body, when it was published, and where it came from.

    Offsets of extracted events index into `body`. Build articles with `load_article` or
    `Article.from_text`; they derive `id` and `content_hash` from the body.
    """

    id: str
    """``"art-"`` and the first 20 hex digits of `content_hash`: the same body, the same id."""
    title: str | None
    """The headline, from the header, the page or the opening lines; ``None`` when unclear."""
    body: str = attrs.field(repr=False)
    """The article text, header stripped, line endings normalised to ``\\n``."""
    published: date | None
    """The last day by which the article was certainly published: ``published_span.latest``.

    The day itself for a full date, the month's last day for ``published: 2024-06``, the year's
    for ``2024``; ``None`` if unknown. Knowledge-time filters (``known_at``) compare with it, so
    an article known only by its month never counts as known before the month is over.
    """
    published_text: str | None
    """The text the date was read from ("09:24 30 Jan 2024"); ``None`` if given or unknown."""
    source: str | None
    """The outlet's name, from the ``source:`` header or the page's site name."""
    url: str | None
    """The article's address, from the ``url:`` header or the page's own address."""
    path: str | None
    """The file the article was loaded from; ``None`` for `from_text`."""
    content_hash: str
    """The full SHA-256 hex digest of the body's UTF-8 bytes."""
    published_span: DateSpan = attrs.field(
        default=attrs.Factory(_span_of_published, takes_self=True)
    )
    """When the article was published, as precisely as it was stated.

    `DateSpan.day` for a full date, `DateSpan.month` for ``published: 2024-06`` or ``June
    2024``, `DateSpan.year` for ``2024``, `DateSpan.unknown` when no date was found. This is
    the reference for relative expressions: "on Monday" or "last week" resolve within it and
    never gain a precision it lacks (in an article of June 2024, "on Monday" is some day of
    June, not a day). Defaults to the day `published` names (or unknown), so code that builds
    an article from a stored date alone keeps working; `published` is always its ``latest``.
    """
    warnings: tuple[str, ...] = ()
    """What a reader should know about how the article was read, one line each, naming the file
    (``"a.txt: not UTF-8 (invalid byte 0xe9 at offset 3); decoded as Windows-1252"``): a guessed
    character set, a month- or year-only date, no publication date. Empty when all went plainly.
    """

    def __attrs_post_init__(self) -> None:
        if self.published != self.published_span.latest:
            raise ValueError(
                f"published {self.published} is not the latest day of published_span "
                f"{self.published_span.edtf()}"
            )

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        published: date | DateSpan | None = None,
        name: str | None = None,
    ) -> Article:
        """Read an article, in header or raw form, from a string.

        An explicit `published` date or span wins over any date in the text. `name` stands for
        the text in error messages and warnings. Raise `ArticleError` for an empty, binary,
        malformed or too large text.
        """
        label = name if name is not None else "<text>"
        if not isinstance(text, str):
            raise ArticleError(f"{label} is not text but {type(text).__name__}")
        if len(text) > MAX_ARTICLE_BYTES or _utf8_size(text, label) > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{label} is larger than 5 MiB")
        return _parse(text, _Source(label, None, _given(published), []))


def load_article(
    path: str | os.PathLike[str], *, published: date | DateSpan | None = None
) -> Article:
    """Load the article in the file at `path`: header or raw text, or a saved web page.

    An explicit `published` date or span wins over any date in the file. Text that is not
    UTF-8 is decoded as the module docstring says, with a warning in `Article.warnings`.
    Raise `ArticleError`, naming the file and the reason, when the file is missing,
    unreadable, not a regular file, larger than `MAX_ARTICLE_BYTES`, empty, binary, has a
    malformed header, or is a web page with no article text in it.
    """
    name = os.fspath(path)
    data = _read_bytes(name)
    if not data.strip():
        raise ArticleError(f"{name} is empty")
    source = _Source(name, name, _given(published), [])
    text = decode(data, name, source.warnings)
    if name.lower().endswith(PAGE_SUFFIXES) or _PAGE_START.match(
        text, 1 if text[:1] == _BOM else 0
    ):
        return _from_page(text, source)
    return _parse(text, source)


def iter_article_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_skip: Callable[[Path, str], None] | None = None,
) -> Iterator[Path]:
    """Yield the article files named by `paths`, in a stable order.

    A path that is not a directory is yielded as given (a missing one too, so that
    `load_article` reports it). A directory is walked recursively in sorted order, picking
    the files whose names end in one of `ARTICLE_SUFFIXES` and skipping hidden entries; a
    directory that cannot be listed raises `ArticleError`. Every other file passed over (a
    ``README.md``, a file of another type) is told to `on_skip` with the reason, so that a
    caller can say so: nothing but hidden entries is skipped silently.
    """
    for entry in paths:
        root = Path(entry)
        if not root.is_dir():
            yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root, onerror=_walk_error):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                lower = filename.lower()
                if filename.startswith("."):
                    continue
                if lower == "readme.md":
                    reason = "skipped: a README, not an article"
                elif lower.endswith(ARTICLE_SUFFIXES):
                    yield Path(dirpath, filename)
                    continue
                else:
                    reason = f"skipped: not an article file ({', '.join(ARTICLE_SUFFIXES)})"
                if on_skip is not None:
                    on_skip(Path(dirpath, filename), reason)


def find_published(text: str) -> tuple[date, str] | None:
    """Find the publication date in the opening lines of a raw article text.

    Look at the first 12 non-empty lines within the first 1,500 characters for a dateline: a
    date that opens its line, perhaps after a label ("Published:", "date"), a weekday, a time,
    or an outlet ended by ``|``. Return the date and the text it was read from (with its
    weekday and time), or ``None``. Impossible dates ("31 February 2024") are skipped.
    """
    for line in _opening_lines(text):
        found = _dateline(line)
        if found is not None and found[0] is not None:
            return found[0], found[1]
    return None


# -- reading ----------------------------------------------------------------------------------


def _read_bytes(name: str) -> bytes:
    """The bytes of the file `name`, checked for kind and size before reading."""
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise ArticleError(f"{name} is a directory, not an article file")
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(f"{name} is not a regular file")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{name} is larger than 5 MiB ({info.st_size} bytes)")
        with open(name, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except ArticleError:
        raise  # raised just above; an ArticleError is a ValueError, not to be wrapped below
    except FileNotFoundError:
        raise ArticleError(f"{name} does not exist") from None
    except IsADirectoryError:
        raise ArticleError(f"{name} is a directory, not an article file") from None
    except PermissionError:
        raise ArticleError(f"{name} cannot be read (permission denied)") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ArticleError(f"{name} cannot be read ({reason})") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name} is larger than 5 MiB")
    return data


def _walk_error(error: OSError) -> None:
    raise ArticleError(f"{error.filename} cannot be read ({error.strerror})") from None


def _utf8_size(text: str, label: str) -> int:
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise ArticleError(
            f"{label} is not valid Unicode text (lone surrogate at offset {exc.start})"
        ) from None


@attrs.define
class _Source:
    """Where an article comes from while it is read: its name, file, given date and warnings."""

    label: str
    path: str | None
    published: DateSpan | None
    warnings: list[str]

    def warn(self, reason: str) -> None:
        self.warnings.append(f"{self.label}: {reason}")


def _given(published: date | DateSpan | None) -> DateSpan | None:
    """An explicit publication date as a span (a datetime is taken for its date)."""
    if published is None or isinstance(published, DateSpan):
        return published
    if not isinstance(published, date):
        raise TypeError(f"published must be a date or a DateSpan, not {type(published).__name__}")
    if isinstance(published, datetime):
        published = published.date()
    return DateSpan.day(published)


def _check_text(text: str, label: str) -> str:
    """`text` without a byte-order mark and with ``\\n`` line ends, checked to be text."""
    if text.startswith(_BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError(f"{label} is empty")
    nul = text.find("\0")
    if nul >= 0:
        raise ArticleError(f"{label} looks like binary data (NUL character at offset {nul})")
    controls = _count_controls(text.encode("utf-8"))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise ArticleError(f"{label} looks like binary data ({controls} control characters)")
    return text


def _parse(text: str, source: _Source) -> Article:
    """Build the article from text in header or raw form: check, split the header, find dates."""
    label = source.label
    text = _check_text(text, label)
    header = _split_header(text, source, parse_published=source.published is None)
    if header is None:
        body, title, outlet, url = text, None, None, None
        header_date: tuple[DateSpan, str] | None = None
    else:
        body, title, outlet, url, header_date = header
        if not body.strip():
            raise ArticleError(f"{label} has a header but no body after it")
    if source.published is None:
        if header_date is None:
            found = find_published(body)
            header_date = None if found is None else (DateSpan.day(found[0]), found[1])
    else:
        header_date = (source.published, "")
    if title is None:
        title = _find_title(body)
    return _article(body, source, title=title, outlet=outlet, url=url, dated=header_date)


def _article(
    body: str,
    source: _Source,
    *,
    title: str | None,
    outlet: str | None,
    url: str | None,
    dated: tuple[DateSpan, str] | None,
) -> Article:
    """The article of `body`, dated by `dated` (its span and text, "" when given), or undated."""
    span, published_text = dated if dated is not None else (DateSpan.unknown(), None)
    if span.precision is Precision.UNKNOWN:
        source.warn("no publication date found (add a 'published:' line or give --published)")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(
        id=f"art-{digest[:20]}",
        title=title,
        body=body,
        published=span.latest,
        published_span=span,
        published_text=published_text or None,
        source=outlet,
        url=url,
        path=source.path,
        content_hash=digest,
        warnings=tuple(source.warnings),
    )


def _from_page(html: str, source: _Source) -> Article:
    """Build the article from a saved web page: its main text, title, outlet, address, date."""
    label = source.label
    html = _check_text(html, label)
    page = read_page(html, label)
    title = page.get("title") or None
    lines = [line.strip() for line in (page.get("text") or "").split("\n")]
    paragraphs = [line for line in lines if line]
    if paragraphs and title is not None and paragraphs[0] == title:
        del paragraphs[0]  # the headline opens the main text; it is the title, not the body
    if not paragraphs:
        raise ArticleError(f"{label} is a web page with no article text found in it")
    body = "\n\n".join(paragraphs) + "\n"
    dated: tuple[DateSpan, str] | None = None
    if source.published is not None:
        dated = (source.published, "")
    elif page.get("date"):
        try:
            dated = (DateSpan.day(date.fromisoformat(page["date"])), page["date"])
        except ValueError:
            dated = None
    return _article(
        body,
        source,
        title=title,
        outlet=page.get("sitename") or None,
        url=page.get("url") or None,
        dated=dated,
    )


def _count_controls(encoded: bytes) -> int:
    """How many control characters (not tab, newline, form feed) the UTF-8 text holds."""
    count = len(encoded) - len(encoded.translate(None, _C0_BYTES))
    if b"\xc2" in encoded:
        count += len(_C1.findall(encoded))
    return count


_Header = tuple[str, str | None, str | None, str | None, tuple[DateSpan, str] | None]


def _split_header(text: str, source: _Source, *, parse_published: bool) -> _Header | None:
    """Split a header from the body; ``None`` when the text is in raw form.

    The text has a header when every line before the first blank one is a ``key: value`` line
    and at least one key is a known field.
    """
    label = source.label
    fields: dict[str, tuple[int, str]] = {}
    position = 0
    number = 0
    body: str | None = None
    while position < len(text):
        end = text.find("\n", position)
        line = text[position:] if end < 0 else text[position:end]
        number += 1
        if not line.strip():
            if number == 1:
                return None
            body = "" if end < 0 else text[end + 1 :]
            break
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            return None
        key = match.group(1).lower()
        if key in _HEADER_FIELDS:
            if key in fields:
                raise ArticleError(
                    f"{label}, line {number}: field '{key}' is given twice "
                    f"(first on line {fields[key][0]})"
                )
            fields[key] = (number, match.group(2).strip())
        if end < 0:
            break
        position = end + 1
    if not fields:
        return None
    if body is None:
        raise ArticleError(f"{label} has a header but no blank line and no body after it")

    title = fields.get("title", (0, ""))[1] or None
    outlet = fields.get("source", (0, ""))[1] or None
    url: str | None = None
    if "url" in fields:
        line_no, value = fields["url"]
        if any(c.isspace() for c in value):
            raise ArticleError(f"{label}, line {line_no}: field 'url' contains spaces: {value!r}")
        url = value or None
    found: tuple[DateSpan, str] | None = None
    if parse_published and "published" in fields:
        line_no, value = fields["published"]
        span = _header_date(value, f"{label}, line {line_no}: field 'published'")
        if span.precision is not Precision.DAY:
            source.warn(
                f"published {value!r} gives only the {span.precision.value}; read as "
                f"{span.edtf()}, published by {span.latest}"
            )
        found = span, value
    return body, title, outlet, url, found


def _header_date(value: str, where: str) -> DateSpan:
    """Read the value of a ``published:`` header; raise `ArticleError` saying `where`.

    A full date (ISO, with a time or in words) is a day; ``2024-06`` or ``June 2024`` a month;
    ``2024`` a year.
    """
    if not value:
        raise ArticleError(f"{where} is empty")
    try:
        return DateSpan.day(date.fromisoformat(value))
    except ValueError:
        pass
    try:
        return DateSpan.day(datetime.fromisoformat(value).date())
    except ValueError:
        pass
    partial = _PARTIAL_DATE.fullmatch(value)
    if partial is not None:
        return _partial_span(partial, value, where)
    match = _DATELINE.match(value)
    if match is not None and _HEADER_TAIL.fullmatch(value, match.end()) is not None:
        day = _date_of(match)
        if day is None:
            raise ArticleError(f"{where}: {value!r} is not a calendar date")
        return DateSpan.day(day)
    raise ArticleError(f"{where}: {value!r} is not a date (write it like 2024-01-30)")


def _partial_span(match: re.Match[str], value: str, where: str) -> DateSpan:
    """The month or year a `_PARTIAL_DATE` match names; `ArticleError` when there is none."""
    groups = match.groupdict()
    try:
        if groups["wy"] is not None:
            return DateSpan.month(int(groups["wy"]), MONTH_NUMBERS[groups["wm"][:3].lower()])
        if groups["m"] is not None:
            return DateSpan.month(int(groups["y"]), int(groups["m"]))
        return DateSpan.year(int(groups["y"]))
    except DateError:
        raise ArticleError(f"{where}: {value!r} is not a calendar month or year") from None


def _opening_lines(text: str) -> Iterator[str]:
    """The first non-empty lines of `text`, within its first characters."""
    count = 0
    for line in text[:_OPENING_CHARS].split("\n"):
        if line.strip():
            yield line
            count += 1
            if count >= _OPENING_LINES:
                return


def _dateline(line: str) -> tuple[date | None, str] | None:
    """If `line` is a dateline, its date (``None`` if impossible) and the date's text."""
    match = _DATELINE.match(line, 0, _DATELINE_CHARS)
    if match is None:
        return None
    end = match.end()
    after = _TIME_AFTER.match(line, end)
    if after is not None:
        end = after.end()
    return _date_of(match), line[match.start("ext") : end].strip()


def _date_of(match: re.Match[str]) -> date | None:
    """The calendar date a `_DATELINE` match names, or ``None`` when there is no such day."""
    groups = match.groupdict()
    try:
        if groups["iy"] is not None:
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        if groups["dy"] is not None:
            month = MONTH_NUMBERS[groups["dm"][:3].lower()]
            return date(int(groups["dy"]), month, int(groups["dd"]))
        if groups["my"] is not None:
            month = MONTH_NUMBERS[groups["mm"][:3].lower()]
            return date(int(groups["my"]), month, int(groups["md"]))
        return date(int(groups["py"]), int(groups["pm"]), int(groups["pd"]))
    except ValueError:
        return None


def _find_title(text: str) -> str | None:
    """The first opening line that reads like a headline, or ``None`` when unclear.

    Datelines, time stamps, boilerplate ("Photo: ...", "by ...") and lines of fewer than three
    words (section labels, "31.5 C") are skipped; a line that is too long or ends a sentence
    means the body has begun, and there is no title.
    """
    for raw in _opening_lines(text):
        line = raw.strip()
        if len(line) > _MAX_TITLE_CHARS:
            return None
        if _dateline(line) is not None or _TIME_LINE.fullmatch(line):
            continue
        if _BOILERPLATE.match(line):
            continue
        words = len(line.split())
        if words < 3:
            continue
        if line.endswith(".") and words >= 10:
            return None
        return line
    return None
