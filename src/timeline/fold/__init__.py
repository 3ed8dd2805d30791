"""The fold: per-partner state rebuilt from the log.

Holds the state model, the amendment split, ``project``, the cross-article ``same_fact``,
raised pledges, history and the as-of index. Imports the vocabulary and ``timeline.log``;
never ``timeline.read`` or ``timeline.report``, and never reads article text.
"""

from timeline.fold.asof import AsOfIndex
from timeline.fold.projections import (
    HistoryEntry,
    Item,
    Mode,
    PartnerState,
    Source,
    Variant,
    project,
    project_partner,
)

__all__ = [
    "AsOfIndex",
    "HistoryEntry",
    "Item",
    "Mode",
    "PartnerState",
    "Source",
    "Variant",
    "project",
    "project_partner",
]
