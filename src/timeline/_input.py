"""Bytes as they really come: text that may not be UTF-8, and saved web pages.

`decode` turns a file's bytes into text (by a byte-order mark, as UTF-8, in a web page's
declared character set, or in the single-byte character set it most likely is, with a
warning); `read_page` takes a saved web page's main text and metadata out of its furniture
with ``trafilatura``. Both serve `timeline.articles`; both raise only `ArticleError`.
Imports only `timeline.errors` (and, lazily, ``charset_normalizer`` and ``trafilatura``).
"""

from __future__ import annotations

import re
from typing import Any

from timeline.errors import ArticleError

__all__ = ["CHARSETS", "decode", "read_page"]

#: Byte-order marks, the longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
#: Above this share of non-ASCII bytes among the letters, a text that is not UTF-8 is not taken
#: for Windows-1252 (a few accented letters) but given to the detector (Cyrillic, Greek, ...).
_MAX_ACCENT_SHARE = 0.3
#: The single-byte character sets the detector chooses from, and their names in warnings.
CHARSETS = {
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "koi8_u": "KOI8-U",
    "koi8_r": "KOI8-R",
    "cp1253": "Greek Windows-1253",
    "iso8859_2": "ISO-8859-2",
}
_NAMES = {**CHARSETS, "latin-1": "Latin-1"}
_NON_ASCII = bytes(range(0x80, 0x100))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)


def decode(data: bytes, name: str, warnings: list[str]) -> str:
    """The text of the file's bytes: by a byte-order mark, as UTF-8, or by its character set."""
    for mark, codec, label in _BOMS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"{name} starts with a {label} byte-order mark but is not {label} text "
                    f"(invalid bytes at offset {exc.start + len(mark)})"
                ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        hint = " (UTF-16 without a byte-order mark?)" if _looks_like_utf16(data) else ""
        raise ArticleError(f"{name} looks like binary data (NUL byte at offset {nul}){hint}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = f"invalid byte 0x{data[exc.start : exc.start + 1].hex()} at offset {exc.start}"
    declared = _declared_charset(data)
    if declared is not None:
        return declared
    codec = _legacy_charset(data)
    try:
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        codec, text = "latin-1", data.decode("latin-1")
    warnings.append(f"{name}: not UTF-8 ({bad}); decoded as {_NAMES.get(codec, codec)}")
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Whether NUL bytes fill every other position, as in UTF-16 text of Latin letters."""
    sample = data[:200]
    return len(sample) >= 4 and (
        sample[0::2].count(0) >= len(sample) // 2 - 1
        or sample[1::2].count(0) >= len(sample) // 2 - 1
    )


def _declared_charset(data: bytes) -> str | None:
    """A web page's text in the character set its ``<meta>`` names, if that decodes it."""
    match = _DECLARED_CHARSET.search(data, 0, 4096)
    if match is None:
        return None
    try:
        return data.decode(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError, ValueError):
        return None


def _legacy_charset(data: bytes) -> str:
    """The single-byte character set of text that is not UTF-8 (a name `bytes.decode` takes).

    Text with a few non-ASCII letters among ASCII ones is Windows-1252 (a superset of
    Latin-1's printable characters) when it decodes so; otherwise `charset-normalizer`
    chooses among `CHARSETS`; when it finds none, Windows-1252 if that decodes the text, and
    Latin-1, which decodes any bytes, as the last resort.
    """
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        western = False
    else:
        western = True
        high = len(data) - len(data.translate(None, _NON_ASCII))
        letters = high + len(data) - len(data.translate(None, _ASCII_LETTERS))
        if high <= _MAX_ACCENT_SHARE * letters:
            return "cp1252"
    from charset_normalizer import from_bytes  # only for such text: ~20 ms to import

    best = from_bytes(data, cp_isolation=list(CHARSETS)).best()
    if best is not None:
        return best.encoding
    return "cp1252" if western else "latin-1"


def read_page(html: str, label: str) -> dict[str, Any]:
    """What trafilatura takes out of the page: its ``text``, ``title``, ``sitename``, ``url``
    and ``date`` (ISO), each ``None`` when not found; empty when there is no main text."""
    import trafilatura  # only for web pages: ~0.2 s to import
    from trafilatura.settings import set_date_params

    try:
        # The page's own markers only (meta tags, structured data, its address): the extensive
        # search would take a date out of the text, such as the day a contract was signed.
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception as exc:  # any failure of the parser on hostile markup
        reason = type(exc).__name__
        raise ArticleError(f"{label} is a web page that cannot be read ({reason})") from None
    if document is None or isinstance(document, dict):
        return {}
    return {
        key: getattr(document, key, None) for key in ("title", "text", "sitename", "url", "date")
    }
