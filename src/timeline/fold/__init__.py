"""The fold: per-partner state rebuilt from the log, as pure functions of its records.

Holds the state model and the totals rule (`state`), the one split of records into facts and
amendments in force (`amendments`), the fold itself (`project`), the cross-article merge rule
`same_fact` and `merge_reports` (`merge`), raised pledges linked from the ``raises`` flag set
while reading (`raises`), each fact's history (`history`), the as-of index (`asof`),
deliveries linked to the pledges they fulfil (`fulfil`) and what became known between two
knowledge times (`changes`).
Imports the vocabulary (`timeline.events`, `dates`, `money`, `errors`) and `timeline.log`
only; never `timeline.read` or `timeline.report`, and it never reads article text.
"""

from timeline.fold.amendments import AlreadyAmendedError, amendment_in_force, amendments_in_force
from timeline.fold.asof import AsOfIndex
from timeline.fold.changes import ChangeKind, Changes, FactChange, PartnerChanges, changes
from timeline.fold.fulfil import Fulfilment, PledgeLedger, pledged_against_delivered
from timeline.fold.history import HistoryEntry, Status, history
from timeline.fold.merge import amounts_agree, merge_reports, same_fact
from timeline.fold.project import collector_paused, project, project_partner
from timeline.fold.raises import link_updates
from timeline.fold.state import (
    SECTIONS,
    TOTALS_RULE,
    Entry,
    Item,
    Items,
    Mode,
    PartnerState,
    Recorded,
    Source,
    Variant,
    calendar_key,
    chronological_key,
    totals,
    within,
)

__all__ = [
    "SECTIONS",
    "TOTALS_RULE",
    "AlreadyAmendedError",
    "AsOfIndex",
    "ChangeKind",
    "Changes",
    "Entry",
    "FactChange",
    "Fulfilment",
    "HistoryEntry",
    "Item",
    "Items",
    "Mode",
    "PartnerChanges",
    "PartnerState",
    "PledgeLedger",
    "Recorded",
    "Source",
    "Status",
    "Variant",
    "amendment_in_force",
    "amendments_in_force",
    "amounts_agree",
    "calendar_key",
    "changes",
    "chronological_key",
    "collector_paused",
    "history",
    "link_updates",
    "merge_reports",
    "pledged_against_delivered",
    "project",
    "project_partner",
    "same_fact",
    "totals",
    "within",
]
