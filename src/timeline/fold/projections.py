"""Former home of the fold, kept as re-exports while other modules move their imports.

Import from `timeline.fold` (or its modules) instead; this module goes at the next merge.
"""

from timeline.fold.amendments import amendments_in_force
from timeline.fold.history import HistoryEntry, Status, history
from timeline.fold.merge import amounts_agree, merge_reports, same_fact
from timeline.fold.project import collector_paused, project, project_partner
from timeline.fold.raises import link_updates
from timeline.fold.state import (
    TOTALS_RULE,
    Entry,
    Item,
    Mode,
    PartnerState,
    Recorded,
    Source,
    Variant,
    chronological_key,
)

__all__ = [
    "TOTALS_RULE",
    "Entry",
    "HistoryEntry",
    "Item",
    "Mode",
    "PartnerState",
    "Recorded",
    "Source",
    "Status",
    "Variant",
    "amendments_in_force",
    "amounts_agree",
    "chronological_key",
    "collector_paused",
    "history",
    "link_updates",
    "merge_reports",
    "project",
    "project_partner",
    "same_fact",
]
