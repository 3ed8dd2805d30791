"""The telling words of a fact: what its descriptive fields say it is about.

Shared by the cross-article merge rule (`timeline.fold.merge`) and raised-pledge linking
(`timeline.fold.raises`): a shared word is evidence that two reports tell one fact.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import attrs

from timeline.events import Fact

__all__ = ["content_words"]

#: The fields whose words say what a fact is about; a shared word is evidence of one fact.
_CONTENT_FIELDS = (
    "items",
    "scope",
    "product",
    "companies",
    "parties",
    "format",
    "participants",
    "sector",
)
#: Words too common in this vocabulary to tell two facts apart.
_GENERIC_TEXT = """
    the and for with from into onto under over about its their his her this that these those
    new more other some all any one two three first second next last year month week day
    military aid assistance support package packages help equipment weapon system systems
    defence defense security ukraine ukrainian kyiv ministry minister government state
    company firm industry industrial production joint cooperation agreement
    memorandum contract deal meeting talks visit official officials delegation partner
    partners country countries armed force forces army output capacity
"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
_WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def _words(text: str) -> frozenset[str]:
    """The telling words of a text: lower case, singular, neither generic nor tiny."""
    found = set()
    for raw in _WORD.findall(text.casefold()):
        word = _singular(raw)
        if raw in _GENERIC_WORDS or word in _GENERIC_WORDS:
            continue
        if len(word) < 3 and not any(c.isdigit() for c in word):
            continue
        found.add(word)
    return frozenset(found)


_FIELDS_OF: dict[type[Any], tuple[str, ...]] = {}


def _content_fields(kind: type[Fact]) -> tuple[str, ...]:
    """The content fields that facts of `kind` have (remembered per class)."""
    found = _FIELDS_OF.get(kind)
    if found is None:
        names = {f.name for f in attrs.fields(kind)}
        found = _FIELDS_OF[kind] = tuple(name for name in _CONTENT_FIELDS if name in names)
    return found


_NO_WORDS: frozenset[str] = frozenset()
#: The words of each tuple of content field values met (many facts say the same things):
#: one set per distinct tuple, not one per fact. Emptied when it grows past `_LIMIT`.
_BY_VALUES: dict[tuple[Any, ...], frozenset[str]] = {}
_LIMIT = 8_192


def content_words(event: Fact) -> frozenset[str]:
    """The telling words of a fact's descriptive fields (items, scope, companies, ...)."""
    values = tuple(getattr(event, name) for name in _content_fields(type(event)))
    words = _BY_VALUES.get(values)
    if words is not None:
        return words
    words = _NO_WORDS
    for value in values:
        if not value:
            continue
        for text in (value,) if isinstance(value, str) else value:
            found = _words(text)
            if found:
                words = found if not words else words | found
    if len(_BY_VALUES) >= _LIMIT:
        _BY_VALUES.clear()
    _BY_VALUES[values] = words
    return words
