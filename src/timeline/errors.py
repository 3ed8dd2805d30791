"""The exceptions of `timeline`: every error the library raises on purpose is a `TimelineError`.

Each subclass also subclasses the builtin it resembles, so callers that only know the
standard library (``except ValueError``) still catch it.
"""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "ConcurrencyError",
    "DateError",
    "ExtractionError",
    "IntegrityError",
    "LogError",
    "MoneyError",
    "PartnerError",
    "SchemaError",
    "TimelineError",
    "UnknownEventError",
]


class TimelineError(Exception):
    """The root of every error that `timeline` raises on purpose."""


class DateError(TimelineError, ValueError):
    """A date, an EDTF text or a date expression that cannot be read."""


class MoneyError(TimelineError, ValueError):
    """An amount, a currency, a qualifier or a factor that cannot be read or combined."""


class PartnerError(TimelineError, LookupError):
    """A partner id or name that is not known."""


class SchemaError(TimelineError, ValueError):
    """An event in wire form that does not match any known kind or schema version."""


class ArticleError(TimelineError, ValueError):
    """An article file that cannot be loaded: empty, binary, not UTF-8, unreadable or too big."""


class ExtractionError(TimelineError, ValueError):
    """Extraction was asked to do something it cannot do."""


class LogError(TimelineError, RuntimeError):
    """The event log cannot do what was asked: closed, locked too long, or not a timeline file."""


class ConcurrencyError(LogError):
    """An append's ``expected_last_seq`` no longer matches the log: someone appended first."""


class IntegrityError(LogError):
    """The hash chain does not match: a stored record was changed, removed, added or moved."""


class UnknownEventError(TimelineError, KeyError):
    """An event id that the log does not hold."""

    def __str__(self) -> str:
        # KeyError would show the message in quotes, as the repr of a key.
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()
