"""What aid is about: named weapons, generic equipment, package numbers, categories, counts."""

from __future__ import annotations

import re
from typing import Final

from timeline.read._numbers import NUMBER_WORDS, ORDINAL_WORD

_I = re.IGNORECASE

PACKAGE_NUMBER: Final = re.compile(
    r"\b(?P<ord>" + ORDINAL_WORD + r")\s+(?:[\w-]+\s+){0,3}?(?:package|tranche"
    r"|(?:aid|assistance|support)\s+plan)\b"
    r"|\b(?:package|tranche)\s+(?:No\.?|number|#|№)\s*(?P<num>\d{1,3})\b",
    _I,
)


CATEGORY: Final = (
    ("cyber", re.compile(r"\bcyber|\bIT\s+coalition", _I)),
    ("humanitarian", re.compile(r"\bhumanitarian", _I)),
    ("energy", re.compile(r"\benergy\b|\bpower\s+grid|\bgenerators?\b", _I)),
    ("demining", re.compile(r"\bdemining|\bmine[- ]clearing", _I)),
    ("financial", re.compile(r"\b(?:financial|budget|macro-?financial|loan)\b", _I)),
    ("training", re.compile(r"\btraining\b", _I)),
    (
        "military",
        re.compile(
            r"\b(?:military|defen[cs]e|weapons?|arms|ammunition|shells?|missiles?|artillery"
            r"|air[- ]defen[cs]e|security)\b",
            _I,
        ),
    ),
)


#: Named weapons and equipment: enough to make a commitment specific.
SPECIFIC_ITEM: Final = re.compile(
    r"\b(?:F-16(?:s|\s+fighter\s+jets|\s+jets|\s+fighters)?|fighter\s+jets?|fighter\s+aircraft"
    r"|Gripens?|Mirages?|helicopters?|(?:main\s+)?battle\s+tanks|tanks|Leopard(?:\s+\d\w*)?s?"
    r"|Abrams|Challenger(?:\s+2)?s?|Patriots?(?:\s+(?:systems?|batteries|missiles|launchers))?"
    r"|IRIS-T(?:\s+SLM)?|NASAMS|HIMARS|ATACMS|Storm\s+Shadows?|SCALP|Taurus|Gepards?"
    r"|(?:cruise\s+|anti-tank\s+|air[- ]defen[cs]e\s+)?missiles|rockets|(?:artillery\s+)?shells"
    r"|(?:\d+\s*mm\s+)?(?:artillery\s+)?rounds|ammunition|munitions|howitzers?|artillery"
    r"(?:\s+(?:systems|guns|pieces))?|Caesars?|Archers?|PzH[- ]?2000s?|Krabs?|Zuzanas?"
    r"|drones|UAVs|unmanned\s+(?:aerial|surface|ground)\s+(?:vehicles|systems)"
    r"|armou?red\s+(?:[\w-]+\s+){0,2}?(?:personnel\s+carriers|vehicles|cars)|APCs|IFVs"
    r"|infantry\s+fighting\s+vehicles|Bradleys?|Marders?|CV90s?|M113s?|M777s?|Strykers?"
    r"|air[- ]defen[cs]e(?:\s+systems?)?|radars?|mortars?|small\s+arms|rifles|grenades"
    r"|mines|minehunters?|patrol\s+boats|boats|ambulances|trucks|launchers|interceptors"
    r"|body\s+armou?r|helmets|night[- ]vision\s+\w+|Bushmasters?|Hawks?|Stingers?|Javelins?"
    r"|NLAWs?|(?:military\s+)?aircraft|jets)\b",
    _I,
)


#: A definite article before an item: the item was named before ("the aircraft will be
#: delivered in the coming months" is the delivery of an earlier commitment).
DEFINITE_BEFORE: Final = re.compile(
    r"(?<!\bof\s)\b(?:the|these|those|this|that|such|said)\s+(?:[\w-]+\s+){0,1}\Z", _I
)


#: Generic equipment: an object of a delivery, but no specific commitment on its own.
GENERIC_ITEM: Final = re.compile(
    r"\b(?:equipment|weapons|weaponry|arms|vehicles|materiel|hardware|systems|spare\s+parts"
    r"|fuel|generators|supplies|devices?|machines?|kits)\b",
    _I,
)


_NUMBER_WORD: Final = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|hundred"
)


#: A count right before an item ("10 F-16s", "three NASAMS", "1,000 drones").
QUANTITY_BEFORE: Final = re.compile(
    r"(?<![\w.,€$£-])(?P<n>\d{1,3}(?:,\d{3})+|\d{1,7}|" + _NUMBER_WORD + r")\s+"
    r"(?:(?:more|additional|new|further|modern|used|refurbished|[A-Z][\w-]*)\s+){0,2}\Z",
    _I,
)


#: A count before generic equipment, a few describing words between: "five armoured rescue
#: and medical vehicles", "200 pieces of equipment". Counted equipment is specific.
COUNTED_BEFORE: Final = re.compile(
    r"(?<![\w.,€$£-])(?:\d{1,3}(?:,\d{3})+|\d{1,7}|" + _NUMBER_WORD + r")\s+"
    r"(?:(?:[\w-]+|and|of)\s+){0,4}\Z",
    _I,
)


def counted(text: str, lo: int, hi: int) -> bool:
    """True when ``text[lo:hi]`` names generic equipment with its count before it."""
    return any(
        COUNTED_BEFORE.search(text, max(lo, m.start() - 50), m.start()) is not None
        for m in GENERIC_ITEM.finditer(text, lo, hi)
    )


def item_names(text: str, lo: int, hi: int) -> tuple[str, ...]:
    """The weapons and equipment named in ``text[lo:hi]``, named ones before generic ones."""
    spans: list[tuple[int, int]] = []
    names: list[str] = []
    for pattern in (SPECIFIC_ITEM, GENERIC_ITEM):
        for m in pattern.finditer(text, lo, hi):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            spans.append(m.span())
            names.append(" ".join(m.group().split()))
    return tuple(dict.fromkeys(names))


def count_of(text: str) -> int | None:
    lower = text.lower().replace(",", "")
    if lower.isdigit():
        return int(lower)
    return NUMBER_WORDS.get(lower)
