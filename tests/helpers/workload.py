"""Deterministic batches of events for writers that must be checked after the fact.

Every event of batch ``n`` of writer ``tag`` carries the label ``f"{tag}-{n:06d}"`` (its
``article_id``, or its provenance's), so that a reader of the log can count, batch by batch,
what landed. The size and shape of a batch follow from ``(seed, n)`` alone, so a checker in
another process computes the same batch that the writer appended.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

from timeline.dates import DateSpan
from timeline.events import AidCommitted, ArticleRecorded, Event, MeetingHeld, Provenance
from timeline.money import Money

__all__ = [
    "ROOT",
    "batch_events",
    "batch_label",
    "batch_size",
    "label_of",
    "subprocess_env",
]

#: The repository root (the parent of ``tests/``).
ROOT = Path(__file__).resolve().parents[2]

_PARTNERS = (("BE",), ("NL",), ("BE", "NL"), ("DE",), ("GB", "NATO"))


def subprocess_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a helper subprocess: ``src`` and ``tests`` on ``PYTHONPATH``."""
    env = dict(os.environ)
    paths = [str(ROOT / "src"), str(ROOT / "tests")]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.pop("TIMELINE_DEBUG", None)
    env.update(extra or {})
    return env


def python() -> str:
    """The interpreter that runs the tests, for subprocesses."""
    return sys.executable


def batch_label(tag: str, batch: int) -> str:
    """The label every event of batch `batch` of writer `tag` carries."""
    return f"{tag}-{batch:06d}"


def label_of(event: Event) -> str | None:
    """The batch label of a stored event (see `batch_label`)."""
    if isinstance(event, ArticleRecorded):
        return event.article_id
    return event.provenance.article_id


def batch_size(seed: int, batch: int) -> int:
    """How many events batch `batch` holds: 1 to 40, from ``(seed, batch)`` alone."""
    return random.Random(f"size:{seed}:{batch}").randint(1, 40)


def batch_events(tag: str, seed: int, batch: int) -> list[Event]:
    """The events of batch `batch` of writer `tag`: `batch_size` of them, all with new ids.

    About one batch in four opens with an article whose body is 1 to 20 KiB long, so that
    some transactions span many pages and the WAL file checkpoints now and then.
    """
    rng = random.Random(f"events:{seed}:{batch}")
    label = batch_label(tag, batch)
    size = batch_size(seed, batch)
    day = date(2022, 2, 24) + timedelta(days=batch % 900)
    events: list[Event] = []
    if rng.random() < 0.25:
        body = f"{label} " + "Belgium and Ukraine signed an agreement. " * rng.randint(25, 500)
        events.append(ArticleRecorded(article_id=label, body=body, content_hash="0" * 64))
    for i in range(size - len(events)):
        provenance = Provenance(article_id=label, published=day, start=i, end=i + 1)
        partners = _PARTNERS[rng.randrange(len(_PARTNERS))]
        if rng.random() < 0.5:
            events.append(
                AidCommitted(
                    partners=partners,
                    occurred=DateSpan.day(day),
                    provenance=provenance,
                    amount=Money(rng.randint(1, 10**9), "EUR"),
                )
            )
        else:
            events.append(
                MeetingHeld(
                    partners=partners,
                    occurred=DateSpan.month(day.year, day.month),
                    provenance=provenance,
                )
            )
    return events
