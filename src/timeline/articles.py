"""Articles: loading a news article from a file or a string, and finding its publication date.

An article file comes in one of two forms.

*Header form*: leading ``key: value`` lines (keys ``title``, ``published``, ``source`` and
``url``, in any case; other keys such as ``author`` are allowed and ignored), one blank line,
then the body::

    title: Ukraine and Belgium sign a memorandum
    published: 2024-01-30
    source: Example News

    The body of the article ...

*Raw form*: scraped text with no header. The publication date is looked for in the opening
lines ("09:24 30 Jan 2024", "Wednesday, January 31, 2024", " date 2023-07-07 Credit: ...") and
stays ``None`` when there is none; the body is the whole text, so that offsets into the body
are offsets into the (normalised) file.

Either way the text is normalised first (a UTF-8 BOM dropped, ``\\r\\n`` and ``\\r`` turned into
``\\n``), and the article id is derived from the body alone: the same body gives the same id
whatever the file is called.

>>> article = Article.from_text("09:24 30 Jan 2024\\n\\nBelgium and Ukraine sign a memorandum\\n")
>>> article.published, article.published_text, article.title
(datetime.date(2024, 1, 30), '09:24 30 Jan 2024', 'Belgium and Ukraine sign a memorandum')
>>> article.id == Article.from_text(article.body).id
True
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import attrs

from timeline.errors import ArticleError

__all__ = ["MAX_ARTICLE_BYTES", "Article", "find_published", "iter_article_paths", "load_article"]

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

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


# -- the article ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Article:
    """A news article: its body, the date it was published, and where it came from.

    Offsets of extracted events index into `body`. Build articles with `load_article` or
    `Article.from_text`; they derive `id` and `content_hash` from the body.
    """

    id: str
    """``"art-"`` and the first 20 hex digits of `content_hash`: the same body, the same id."""
    title: str | None
    """The headline, from the header or the opening lines; ``None`` when unclear."""
    body: str = attrs.field(repr=False)
    """The article text, header stripped, line endings normalised to ``\\n``."""
    published: date | None
    """The publication date, the reference date for relative expressions; ``None`` if unknown."""
    published_text: str | None
    """The text the date was read from ("09:24 30 Jan 2024"); ``None`` if given or unknown."""
    source: str | None
    """The outlet's name, from the ``source:`` header."""
    url: str | None
    """The article's address, from the ``url:`` header."""
    path: str | None
    """The file the article was loaded from; ``None`` for `from_text`."""
    content_hash: str
    """The full SHA-256 hex digest of the body's UTF-8 bytes."""

    @classmethod
    def from_text(
        cls, text: str, *, published: date | None = None, name: str | None = None
    ) -> Article:
        """Read an article, in header or raw form, from a string.

        An explicit `published` date wins over any date in the text. `name` stands for the
        text in error messages. Raise `ArticleError` for an empty, binary, malformed or too
        large text.
        """
        label = name if name is not None else "<text>"
        if not isinstance(text, str):
            raise ArticleError(f"{label} is not text but {type(text).__name__}")
        if len(text) > MAX_ARTICLE_BYTES or _utf8_size(text, label) > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{label} is larger than 5 MiB")
        nul = text.find("\0")
        if nul >= 0:
            raise ArticleError(f"{label} looks like binary data (NUL character at offset {nul})")
        return _parse(text, label=label, path=None, published=published)


def load_article(path: str | os.PathLike[str], *, published: date | None = None) -> Article:
    """Load the article in the file at `path` (UTF-8 text, header or raw form).

    An explicit `published` date wins over any date in the file. Raise `ArticleError`, naming
    the file and the reason, when the file is missing, unreadable, not a regular file, larger
    than `MAX_ARTICLE_BYTES`, empty, binary, not UTF-8 or has a malformed header.
    """
    name = os.fspath(path)
    data = _read_bytes(name)
    if not data.strip():
        raise ArticleError(f"{name} is empty")
    nul = data.find(b"\0")
    if nul >= 0:
        raise ArticleError(f"{name} looks like binary data (NUL byte at offset {nul})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise ArticleError(
            f"{name} is not UTF-8 text (invalid byte 0x{bad} at offset {exc.start})"
        ) from None
    return _parse(text, label=name, path=name, published=published)


def iter_article_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the article files named by `paths`, in a stable order.

    A path that is not a directory is yielded as given (a missing one too, so that
    `load_article` reports it). A directory is walked recursively in sorted order, picking
    ``*.txt`` and ``*.md`` files except ``README.md`` and skipping hidden entries; a directory
    that cannot be listed raises `ArticleError`.
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
                if filename.startswith(".") or lower == "readme.md":
                    continue
                if lower.endswith((".txt", ".md")):
                    yield Path(dirpath, filename)


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


def _parse(text: str, *, label: str, path: str | None, published: date | None) -> Article:
    """Build the article from decoded text: normalise, check, split the header, find dates."""
    if published is not None:
        if not isinstance(published, date):
            raise TypeError(f"published must be a date, not {type(published).__name__}")
        if isinstance(published, datetime):
            published = published.date()
    if text.startswith(_BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError(f"{label} is empty")
    controls = _count_controls(text.encode("utf-8"))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise ArticleError(f"{label} looks like binary data ({controls} control characters)")

    header = _split_header(text, label, parse_published=published is None)
    if header is None:
        body, title, source, url = text, None, None, None
        header_date: tuple[date, str] | None = None
    else:
        body, title, source, url, header_date = header
        if not body.strip():
            raise ArticleError(f"{label} has a header but no body after it")

    published_text: str | None = None
    if published is None:
        found = header_date if header_date is not None else find_published(body)
        if found is not None:
            published, published_text = found
    if title is None:
        title = _find_title(body)

    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(
        id=f"art-{digest[:20]}",
        title=title,
        body=body,
        published=published,
        published_text=published_text,
        source=source,
        url=url,
        path=path,
        content_hash=digest,
    )


def _count_controls(encoded: bytes) -> int:
    """How many control characters (not tab, newline, form feed) the UTF-8 text holds."""
    count = len(encoded) - len(encoded.translate(None, _C0_BYTES))
    if b"\xc2" in encoded:
        count += len(_C1.findall(encoded))
    return count


_Header = tuple[str, str | None, str | None, str | None, tuple[date, str] | None]


def _split_header(text: str, label: str, *, parse_published: bool) -> _Header | None:
    """Split a header from the body; ``None`` when the text is in raw form.

    The text has a header when every line before the first blank one is a ``key: value`` line
    and at least one key is a known field.
    """
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
    source = fields.get("source", (0, ""))[1] or None
    url: str | None = None
    if "url" in fields:
        line_no, value = fields["url"]
        if any(c.isspace() for c in value):
            raise ArticleError(f"{label}, line {line_no}: field 'url' contains spaces: {value!r}")
        url = value or None
    found: tuple[date, str] | None = None
    if parse_published and "published" in fields:
        line_no, value = fields["published"]
        found = _header_date(value, f"{label}, line {line_no}: field 'published'")
    return body, title, source, url, found


def _header_date(value: str, where: str) -> tuple[date, str]:
    """Read the value of a ``published:`` header; raise `ArticleError` saying `where`."""
    if not value:
        raise ArticleError(f"{where} is empty")
    try:
        return date.fromisoformat(value), value
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date(), value
    except ValueError:
        pass
    match = _DATELINE.match(value)
    if match is not None and _HEADER_TAIL.fullmatch(value, match.end()) is not None:
        day = _date_of(match)
        if day is None:
            raise ArticleError(f"{where}: {value!r} is not a calendar date")
        return day, value
    raise ArticleError(f"{where}: {value!r} is not a date (write it like 2024-01-30)")


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
            month = _MONTHS[groups["dm"][:3].lower()]
            return date(int(groups["dy"]), month, int(groups["dd"]))
        if groups["my"] is not None:
            month = _MONTHS[groups["mm"][:3].lower()]
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
