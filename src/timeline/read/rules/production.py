"""`production_increased`: output of the defence industry rose by a factor over a period."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from timeline.read._datexpr import DateMention
from timeline.read._factors import find_factors
from timeline.read.rules._common import stems
from timeline.read.rules._phrases import PHRASE_TAIL
from timeline.read.rules._reader import SKIP_LEADS, Draft, SentenceReader, lead_word

_I = re.IGNORECASE

PRODUCTION_STEMS: Final = stems(
    "fold|times|%|percent|per cent|doubl|tripl|trebl|quadrupl|quintupl|twice"
)


PRODUCTION_WORD: Final = re.compile(
    r"\b(?:produc\w*|output|manufactur\w*|industr\w*|capacit\w*|volumes?)\b", _I
)


GROWTH_WORD: Final = re.compile(
    r"\b(?:increas\w*|rose|risen|rise|rises|grew|grown|grow|grows|growth|doubl\w*|tripl\w*"
    r"|trebl\w*|quadrupl\w*|multipl\w*|jump\w*|surg\w*|soar\w*|expand\w*|boost\w*|up"
    r"|went\s+up|higher|more)\b",
    _I,
)


DOMESTIC: Final = re.compile(r"\b(?:Ukrain\w*|domestic|national|our|Kyiv)\b", _I)


#: A change of a share, not a growth factor: "rose from 40% to 60%".
SHARE_CHANGE: Final = re.compile(
    r"\b(?:from|to)\s+\Z|\b(?:share|proportion|percentage|part)\s+of\b[^.;]{0,60}\Z", _I
)


SHARE_CHANGE_AFTER: Final = re.compile(r"\s+to\s+(?:about\s+|around\s+)?\d", _I)


#: A baseline ("than in 2022", "compared to 2022"), not the period of growth.
BASELINE_BEFORE: Final = re.compile(
    r"\b(?:than|compared\s+(?:to|with)|versus|vs\.?|relative\s+to|from|over)\s+(?:in\s+)?\Z", _I
)


def read_production(r: SentenceReader) -> list[Draft]:
    """Growth of Ukraine's defence output by a factor, dated by the period of the growth."""
    text = r.text
    if PRODUCTION_WORD.search(text) is None:
        return []
    factors = find_factors(text)
    if not factors:
        return []
    drafts: list[Draft] = []
    previous_end = 0
    for index, factor in enumerate(factors):
        lo, hi = r.clause_of(factor.start)
        following = factors[index + 1].start if index + 1 < len(factors) else len(text)
        window_start = max(lo, previous_end)
        previous_end = factor.end
        if r.blocked(window_start, factor.start):
            continue
        if not GROWTH_WORD.search(text, lo, min(hi, factor.end + 12)) and not re.match(
            r"(?i)doubl|tripl|trebl|quadrupl", factor.surface
        ):
            continue
        if SHARE_CHANGE.search(text, max(lo, factor.start - 80), factor.start) or (
            factor.surface.endswith("%") and SHARE_CHANGE_AFTER.match(text, factor.end)
        ):
            continue
        if r.groups_in(lo, factor.start) and DOMESTIC.search(text, lo, factor.start) is None:
            continue

        def skip(mention: DateMention) -> bool:
            if BASELINE_BEFORE.search(text, max(0, mention.start - 16), mention.start):
                return True
            lead = lead_word(mention)
            return lead in SKIP_LEADS or r.is_future(mention) or r.named_year(mention)

        mention = _own_date(
            r, (max(lo, window_start), min(hi, following)), factor.start, skip, first=index == 0
        )
        if mention is None:
            mention = r.pick_date(lo, hi, factor.start, skip=skip)
        if mention is None:
            mention = r.pick_date(0, len(text), factor.start, skip=skip)
        fields: dict[str, Any] = {}
        sector = _sector(factor.sector)
        if sector:
            fields["sector"] = sector
        undated = mention is None
        drafts.append(
            Draft(
                "production_increased",
                "production_increased.factor",
                factor.start,
                ("UA",),
                r.occurred(mention, open_end_ok=False),
                factor=factor.factor,
                fields=fields,
                undated=undated,
            )
        )
    return drafts


def _own_date(
    r: SentenceReader,
    span: tuple[int, int],
    at: int,
    skip: Callable[[DateMention], bool],
    *,
    first: bool,
) -> DateMention | None:
    """The date of a growth figure among several: the one before it after the figure before
    ("in 2023 it tripled, and in the first eight months of this year it doubled"), else the
    one after it before the next figure."""
    lo, hi = span
    before = r.pick_date(lo, at, at, skip=skip)
    if (
        before is not None
        and before.start >= lo
        and (first or re.search(r"[,;]|\band\b|\bwhile\b", r.text[lo : before.start]))
    ):
        # "..., and in 2024 it doubled"; not "grew fivefold in 2023 and rose by 50%"
        return before
    return r.pick_date(at, hi, at, skip=skip)


#: Before what grew: who reported it ("the ministry says"), and whose it is ("the country's").
_SECTOR_LEAD = re.compile(
    r"\A.*\b(?:says?|said|reports?|reported|notes?|noted|stated|claims?|claimed|estimates?"
    r"|estimated|announced|confirmed)\s+(?:that\s+)?",
    re.IGNORECASE,
)


_SECTOR_OWNER = re.compile(
    r"\A(?:(?:the|its|their|our|this|that)\s+)*(?:(?:country|nation|Ukraine|state|industry"
    r"|sector|company|firm|ministry)['\u2019]s?\s+)?",
    re.IGNORECASE,
)


def _sector(raw: str | None) -> str | None:
    """The sector of a growth figure trimmed to its noun phrase ("the country's defence output"
    after "the ministry says" is "defence output"; "output by" is "output")."""
    if not raw:
        return None
    sector = _SECTOR_OWNER.sub("", _SECTOR_LEAD.sub("", " ".join(raw.split())))
    sector = PHRASE_TAIL.sub("", sector)
    return sector if re.search(r"[A-Za-z]{3}", sector) else None
