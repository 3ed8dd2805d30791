"""`meeting_held`: a meeting, conference, forum or visit that took place."""

from __future__ import annotations

import re
from typing import Final

from timeline.read.rules._common import INFINITIVE_BEFORE, stems
from timeline.read.rules._reader import Draft, SentenceReader

_I = re.IGNORECASE

MEETING_STEMS: Final = stems(
    "meet|met|talks|conferenc|forum|seminar|summit|visit|trip|consultation|round|workshop|"
    "delegation|industry day|ramstein"
)


MEETING: Final = re.compile(
    r"\b(?P<format>meetings?|met|meets|talks|conferences?|forums?|seminars?|summits?"
    r"|visit(?:s|ed)?|trip|consultations|round[- ]?tables?|workshops?|delegations?"
    r"|(?:defen[cs]e\s+)?industry\s+days?"
    r"|(?<=at\s)Ramstein(?!\s+(?:Air\s+Base|meeting))|(?<=during\s)Ramstein(?!\s+meeting))\b",
    _I,
)


NOT_MEETING_BEFORE: Final = re.compile(
    r"\b(?:press|news|media|video|phone|telephone|membership|accession|peace|ceasefire"
    r"|(?:was|were|is|are|be|been|remain\w*)\s+(?:still\s+|also\s+)?in|into)[\s-]+\Z",
    _I,
)


NOT_MEETING_AFTER: Final = re.compile(
    r"\s+(?:the\s+|these\s+|its\s+|their\s+|all\s+|our\s+|both\s+)?(?:\w+\s+)?(?:needs?"
    r"|requirements?|standards?|criteria|demands?|targets?|goals?|deadlines?|obligations?"
    r"|expectations?|conditions?)\b|\s+(?:call|address)",
    _I,
)


#: After a noun trigger: the fact is still to come ("a delegation is expected to arrive").
NOT_YET_AFTER: Final = re.compile(
    r"[^.;]{0,60}?\b(?:(?:is|are|was|were)\s+(?:expected|planned|scheduled|due|set|slated"
    r"|likely|about|to\s+be)|will|would|could|(?-i:may)|might|shall|postponed|cancell?ed"
    r"|called\s+off|not|under\s+way|underway|ongoing|continu\w+)\b",
    _I,
)


def read_meeting(r: SentenceReader) -> list[Draft]:
    """A meeting, conference, seminar or visit that took place, with its partners."""
    text = r.text
    drafts: list[Draft] = []
    done: set[tuple[int, int]] = set()
    for match in MEETING.finditer(text):
        lo, hi = r.clause_of(match.start())
        if (lo, hi) in done:
            continue
        if NOT_MEETING_BEFORE.search(text, max(0, match.start() - 14), match.start()):
            continue
        if NOT_MEETING_AFTER.match(text, match.end()):
            continue
        if INFINITIVE_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue
        if r.blocked(lo, match.start()):
            continue
        noun = match.group("format").lower() not in ("met", "meets", "visited", "visits")
        if noun and NOT_YET_AFTER.match(text, match.end(), hi):
            continue
        partners = r.union(r.groups_in(lo, hi))
        if not partners and r.parties_back(lo, hi):
            partners = r.carry(lo, hi)  # "The two sides met again in Kyiv on Friday"
        if not partners:
            continue
        if "UDCG" in partners:
            partners = ("UDCG",)  # a contact-group meeting: its members meet as the group
        done.add((lo, hi))
        mention = r.pick_date(lo, hi, match.start(), skip=r.past_skip)
        participants = tuple(
            dict.fromkeys(m.surface for g in r.groups_in(lo, hi) for m in g.mentions)
        )
        drafts.append(
            Draft(
                "meeting_held",
                "meeting_held.took_place",
                match.start(),
                partners,
                r.occurred(mention),
                fields={"format": match.group("format").lower(), "participants": participants},
            )
        )
    return drafts
