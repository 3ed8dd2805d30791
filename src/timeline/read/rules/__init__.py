"""The extraction rules: one sentence in, drafts of facts out.

A sentence is read once for partners, dates, amounts and factors, and cut into clauses
(at ";", ", while", ", but", ", followed by", ...) by the `SentenceReader`. Each kind has
its module here with its own words: `signed` (memoranda and agreements), `joint_venture`,
`aid` (commitments and deliveries, its words in `aid_words`), `production`, `meeting`; the
words they share are in `_common`. Each rule looks for its kind's triggers, checks the
words before a trigger in its clause for negation, hypothesis, plan, forecast and (for aid)
cumulative totals, and then picks the partners, the date and the fields that belong to
that trigger. See ``docs/extraction.md`` for the reasoning behind each choice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from timeline.read.rules._reader import SIGNED_DOCUMENT, Antecedent, Carry, Draft, SentenceReader
from timeline.read.rules.aid import read_aid
from timeline.read.rules.aid_words import AID_STEMS
from timeline.read.rules.joint_venture import JV_STEMS, read_joint_venture
from timeline.read.rules.meeting import MEETING_STEMS, read_meeting
from timeline.read.rules.production import PRODUCTION_STEMS, read_production
from timeline.read.rules.signed import SIGNED_STEMS, read_signed

__all__ = [
    "SIGNED_DOCUMENT",
    "Antecedent",
    "Carry",
    "Draft",
    "SentenceReader",
    "read_sentence",
]

_RULES: tuple[tuple[Callable[[SentenceReader], list[Draft]], re.Pattern[str]], ...] = (
    (read_signed, SIGNED_STEMS),
    (read_joint_venture, JV_STEMS),
    (read_aid, AID_STEMS),
    (read_production, PRODUCTION_STEMS),
    (read_meeting, MEETING_STEMS),
)


def read_sentence(
    text: str,
    published: date | None,
    carry: Carry,
    published_from: date | None = None,
    *,
    defence_article: bool = False,
) -> list[Draft]:
    """Every draft fact in one sentence, in order of position.

    `carry` gives the partner named just before the sentence, for sentences that point back
    to it ("The country will also ..."), or the one group of partners named there when its
    argument is true ("The two companies signed ..."); it is called only when needed.
    `published` is the last day by which the article was published; `published_from` the
    first, when only its month or year is known (relative dates then cover both).
    `defence_article` says the article's title or lead is about defence.
    """
    stripped = text.rstrip("\"'”\u2019»)] ")
    if stripped.endswith("?"):
        return []
    lower = text.lower()
    active = [rule for rule, stems in _RULES if stems.search(lower) is not None]
    if not active:
        return []
    reader = SentenceReader(
        text, published, carry, published_from, defence_article=defence_article
    )
    drafts: list[Draft] = []
    for rule in active:
        drafts.extend(rule(reader))
    if reader.antecedent is not None:
        named = {p for g in reader.groups for p in g.partners}
        for draft in drafts:
            if not set(draft.partners) <= named:
                draft.carried = True
    drafts.sort(key=lambda d: d.position)
    return drafts
