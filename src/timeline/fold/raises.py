"""Raised pledges: a later report that raises an earlier pledge supersedes it.

Whether a report raises an earlier figure is decided while reading and carried on the event
(``AidCommitted.raises``); here the raise is linked to the pledge it raises, so totals count
the larger figure once. The fold never reads the quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from timeline.events import AidCommitted
from timeline.fold._words import content_words
from timeline.fold.state import Item, canonical_key

__all__ = ["is_raise", "link_updates"]


def _articles(item: Item) -> set[str]:
    return {s.article_id for s in item.sources if s.article_id is not None}


def is_raise(item: Item) -> bool:
    """True when `item` is a pledge with an amount that some report of it flags ``raises``."""
    return item.amount is not None and any(
        isinstance(report.event, AidCommitted) and report.event.raises
        for report in item.reports or (item,)
    )


def _raises(update: Item, earlier: Item) -> bool:
    """True when `update` may raise `earlier`: a smaller pledge in its currency, before it."""
    new, old = update.amount, earlier.amount
    if new is None or old is None or new.currency != old.currency or old.value >= new.value:
        return False
    if not _articles(update).isdisjoint(_articles(earlier)):
        return False
    start, end = earlier.occurred.earliest, update.occurred.latest
    if start is not None and end is not None and start > end:
        return False
    reported = [s.published for s in earlier.sources if s.published is not None]
    raised = [s.published for s in update.sources if s.published is not None]
    if reported and raised and min(reported) > max(raised):
        return False
    new_words, old_words = content_words(update.event), content_words(earlier.event)
    return not (new_words and old_words and new_words.isdisjoint(old_words))


def link_updates(items: Iterable[Item]) -> list[Item]:
    """Nest each pledge that a later report raised under the report that raised it.

    A commitment with a report flagged ``raises`` (read from "increases its contribution to
    €250 million", "raised to", "brings the total to") supersedes one earlier commitment of the same
    partners: a smaller amount in the same currency, from other articles, dated no later and
    reported no later, about the same things when both say what they are about. Of several,
    the one with a shared content word, then the latest, then the largest. The superseded
    item moves into ``supersedes`` of the raise, so totals count the larger figure once.
    Raises are settled in date order, so a pledge raised twice ends up under the last raise.
    """
    out: list[Item] = []
    buckets: dict[tuple[str, ...], list[Item]] = {}
    for item in items:
        if item.kind == AidCommitted.kind and item.amount is not None:
            buckets.setdefault(item.partners, []).append(item)
        else:
            out.append(item)
    for bucket in buckets.values():
        raises = sorted((i for i in bucket if is_raise(i)), key=canonical_key)
        if not raises or len(bucket) == 1:
            out.extend(bucket)
            continue
        live = {i.id: i for i in bucket}
        for raise_ in raises:
            current = live.get(raise_.id)
            if current is None:
                continue
            words = content_words(current.event)
            targets = [t for t in live.values() if t.id != current.id and _raises(current, t)]
            if not targets:
                continue

            def key(t: Item, words: frozenset[str] = words) -> tuple[Any, ...]:
                assert t.amount is not None
                shared = not words.isdisjoint(content_words(t.event))
                return (shared, *t.occurred.sort_key(), t.amount.value, t.id)

            earlier = max(targets, key=key)
            del live[earlier.id]
            live[current.id] = attrs.evolve(current, supersedes=(*current.supersedes, earlier))
        out.extend(live.values())
    return out
