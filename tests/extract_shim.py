"""Print the events `timeline.extract` finds in one article, one JSON object per line.

A stand-in for ``timeline extract PATH --format jsonl`` that the extraction tests hand to the
scorer (``score.py --cmd "python tests/extract_shim.py {path}"``)::

    python tests/extract_shim.py ARTICLE [--published YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from timeline.articles import load_article
from timeline.dates import DateSpan
from timeline.events import Fact
from timeline.money import Factor, Money
from timeline.read import extract


def _plain(value: Any) -> Any:
    if isinstance(value, DateSpan):
        return _span(value)
    if isinstance(value, Money):
        return {
            "value": str(value.value),
            "currency": value.currency,
            "qualifier": value.qualifier.value,
        }
    if isinstance(value, Factor):
        return {"value": str(value.value), "qualifier": value.qualifier.value}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _span(span: DateSpan) -> dict[str, Any]:
    return {
        "earliest": span.earliest.isoformat() if span.earliest else None,
        "latest": span.latest.isoformat() if span.latest else None,
        "precision": span.precision.value,
        "edtf": span.edtf(),
    }


def event_line(event: Fact) -> dict[str, Any]:
    """The JSON object of one event, in the form the scorer reads."""
    line: dict[str, Any] = {
        "kind": event.kind,
        "partners": list(event.partners),
        "occurred": _span(event.occurred),
        "amount": _plain(getattr(event, "amount", None)),
        "factor": _plain(getattr(event, "factor", None)),
        "source": {
            "start": event.provenance.start,
            "end": event.provenance.end,
            "quote": event.provenance.quote,
        },
        "rule": event.provenance.rule,
        "id": event.id,
    }
    skip = {"kind", "partners", "occurred", "provenance", "amount", "factor", "id"}
    for field in attrs.fields(type(event)):
        if field.name not in skip:
            line[field.name] = _plain(getattr(event, field.name))
    return line


def main(argv: list[str] | None = None) -> int:
    """Load the article named on the command line and print its events as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("path")
    parser.add_argument("--published", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    article = load_article(args.path, published=args.published)
    for event in extract(article):
        sys.stdout.write(json.dumps(event_line(event), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
