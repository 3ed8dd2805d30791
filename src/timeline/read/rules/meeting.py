"""`meeting_held`: a meeting, conference, forum or visit that took place."""

from __future__ import annotations

import functools
import re
from typing import Final

from timeline.read._datexpr import DateMention
from timeline.read.rules._common import INFINITIVE_BEFORE, stems
from timeline.read.rules._reader import Draft, Group, SentenceReader

_I = re.IGNORECASE

MEETING_STEMS: Final = stems(
    "meet|met|talks|conferenc|forum|seminar|summit|visit|trip|consultation|round|workshop|"
    "delegation|industry day|ramstein"
)


MEETING: Final = re.compile(
    r"\b(?P<format>meetings?|met|meets|talks|conferences?|forums?|seminars?|summits?"
    r"|visit(?:s|ed|ing)?|trip|consultations|round[- ]?tables?|workshops?|delegations?"
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


#: A meeting named before, as the frame of what the sentence reports: "During the summit,
#: Canada announced ...", "On the sidelines of the forum, ...". The meeting is reported where
#: it was introduced; the partners of the frame's sentence acted there, they did not meet.
FRAME_BEFORE: Final = re.compile(
    r"\A\W*(?:during|at|on\s+the\s+(?:sidelines|margins)\s+of|after|following|ahead\s+of"
    r"|before|in\s+the\s+course\s+of)\s+(?:the|this|that|its|their|his|her)\s+(?:[\w-]+\s+){0,3}\Z",
    _I,
)
FRAME_AFTER: Final = re.compile(r"[^,;.]{0,60},")
#: Meetings in general, not one that took place: "a series of summits", "the summit is part
#: of an effort".
GENERAL_BEFORE: Final = re.compile(r"\b(?:series|number|string|format)\s+of\s+\Z", _I)
GENERAL_AFTER: Final = re.compile(r"\s+(?:is|was|are|were)\s+(?:part|one)\s+of\b", _I)
#: Places on a leader's tour, not parties of the visit: "a tour that took him to Poland".
TOUR_BEFORE: Final = re.compile(
    r"\b(?:(?:took|takes|taking|brought|brings|led)\s+(?:him|her|them|the\s+[\w-]+)\s+"
    r"(?:also\s+|first\s+|previously\s+)?to|tour\s+(?:of|to|through|including)|stops?\s+in)"
    r"\s+(?:the\s+)?\Z",
    _I,
)


def _general(r: SentenceReader, match: re.Match[str]) -> bool:
    """A meeting named as a frame or in general, not reported as one that took place."""
    text = r.text
    if FRAME_BEFORE.search(text, 0, match.start()) and FRAME_AFTER.match(text, match.end()):
        return True
    return bool(
        GENERAL_BEFORE.search(text, max(0, match.start() - 20), match.start())
        or GENERAL_AFTER.match(text, match.end())
    )


def _on_tour(r: SentenceReader, start: int, lo: int) -> bool:
    """True when the partner at `start` is a place on a tour ("which took him to Poland")."""
    text = r.text
    window = text[max(lo, start - 60) : start]
    # a list of places: the tour words stand before its first member
    head = re.sub(r"(?:(?:[A-Z][\w'\u2019-]*|and|,)\s*)+\Z", "", window)
    return TOUR_BEFORE.search(head) is not None or TOUR_BEFORE.search(window) is not None


def _not_its_date(r: SentenceReader, lo: int, mention: DateMention) -> bool:
    """Dates that do not say when the meeting took place: past-only leads, tour stops."""
    return r.past_skip(mention) or _on_tour(r, mention.start, lo)


#: A group meeting named as the place of a bilateral one: "met Ukrainian officials at the
#: Ramstein meeting", "on the sidelines of the NATO summit".
_AT_EVENT = re.compile(
    r"\b(?:at|during|on\s+the\s+(?:sidelines|margins)\s+of)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?\Z",
    re.IGNORECASE,
)


def _setting(r: SentenceReader, group: Group, subject: list[Group]) -> bool:
    """True when `group` names the gathering where the subject met someone, not a party."""
    before = max(0, group.start - 40)
    return bool(subject) and _AT_EVENT.search(r.text, before, group.start) is not None


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
        noun = match.group("format").lower() not in (
            "met",
            "meets",
            "visited",
            "visits",
            "visiting",
        )
        if noun and NOT_YET_AFTER.match(text, match.end(), hi):
            continue
        if _general(r, match):
            continue
        if noun:
            groups = [g for g in r.groups_in(lo, hi) if not _on_tour(r, g.start, lo)]
        else:  # "X met Y", "X visited Y": its subject and object, not the whole clause
            groups = [
                g for g in r.signing_parties(match.start(), (lo, hi)) if g.start < match.start()
            ]
            after = r.partners_after(match.end())
            groups += [
                g
                for g in r.groups
                if g.partners == after and g.start >= match.end() and not _setting(r, g, groups)
            ][:1]
            if not groups and lo > 0:
                # "Anand announced ... while visiting Kyiv": the subject of the sentence
                groups = [g for g in r.groups if g.end <= lo][-1:]
        partners = r.union(groups)
        if not partners and r.parties_back(lo, hi):
            partners = r.carry(lo, hi)  # "The two sides met again in Kyiv on Friday"
        if not partners:
            continue
        if "UDCG" in partners:
            partners = ("UDCG",)  # a contact-group meeting: its members meet as the group
        done.add((lo, hi))
        mention = r.pick_date(lo, hi, match.start(), skip=functools.partial(_not_its_date, r, lo))
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
