"""Items of one report, built without attrs' frozen ``__init__`` (the fold's hottest step).

A frozen attrs class sets each field through ``object.__setattr__``; `plain_constructor`
makes a function that sets the slots directly, which is exact for a class whose fields have
no converter, validator or ``on_setattr`` hook and that has no ``__attrs_post_init__`` (it
refuses any other: `TypeError`). `single_item` is `Item.single` built that way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from timeline.events import Fact
from timeline.fold.state import Item, Source

__all__ = ["plain_constructor", "single_item"]


def plain_constructor(cls: type) -> Callable[..., Any]:
    """A function taking every field of the slotted attrs class `cls`, in field order, by
    position, and returning the instance its ``__init__`` would make (see the module docs)."""
    fields = attrs.fields(cls)
    plain = (
        "__slots__" in cls.__dict__
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
        and all(f.converter is None and f.validator is None and f.on_setattr is None
                for f in fields)
    )  # fmt: skip
    if not plain:
        raise TypeError(f"{cls.__name__}'s __init__ does more than store its arguments")
    names = [f.name for f in fields]
    space: dict[str, Any] = {"new": object.__new__, "cls": cls}
    space.update({f"set_{n}": getattr(cls, n).__set__ for n in names})
    lines = "".join(f"    set_{n}(o, {n})\n" for n in names)
    source = f"def make({', '.join(names)}):\n    o = new(cls)\n{lines}    return o\n"
    exec(compile(source, f"<timeline constructor of {cls.__name__}>", "exec"), space)
    function: Callable[..., Any] = space["make"]
    return function


_item = plain_constructor(Item)
_source = plain_constructor(Source)
_ITEM_FIELDS = tuple(f.name for f in attrs.fields(Item))
_SOURCE_FIELDS = tuple(f.name for f in attrs.fields(Source))
if _ITEM_FIELDS != (
    "id", "kind", "occurred", "event", "seq", "event_ids", "sources", "shared", "corrects",
    "corroboration", "conflict", "reports", "supersedes",
) or _SOURCE_FIELDS != (
    "article_id", "outlet", "url", "published", "quote", "start", "end",
):  # fmt: skip  # pragma: no cover - a change to the state model
    raise TypeError("Item or Source changed its fields: update timeline.fold._build")


def single_item(seq: int, fact: Fact, corrects: str | None = None) -> Item:
    """`Item.single`: the item of one report, `fact`, recorded at `seq` (equal to it)."""
    p = fact.provenance
    source = _source(p.article_id, p.outlet, p.url, p.published, p.quote, p.start, p.end)
    ident = fact.id
    item: Item = _item(
        ident, fact.kind, fact.occurred, fact, seq, (ident,), (source,),
        len(fact.partners) > 1, corrects, 1, False, (), (),
    )  # fmt: skip
    return item
