"""The partner finder: every name of a partner in running text, with every table of names.

`find_partners` finds what the registry (`timeline.partners.names`) lists: country names,
demonyms, group names, companies and four capitals ("Washington", "London", "Berlin",
"Paris"). `find_partner_mentions` adds what only running text uses: other capitals and seats
of government, institutions ("Pentagon", "Bundestag") and office holders ("Pistorius").
`UA_COMPANY` names Ukraine's own defence companies, which are never partners.

>>> text = "Rheinmetall AG and the Belgian ministry briefed Washington and the EU."
>>> [(m.surface, m.partner, m.via) for m in find_partners(text)]
[('Rheinmetall AG', 'DE', 'company'), ('Belgian', 'BE', 'demonym'), \
('Washington', 'US', 'capital'), ('EU', 'EU', 'group')]
>>> [(m.surface, m.partner) for m in find_partner_mentions("Pistorius met Warsaw's envoy.")]
[('Pistorius', 'DE'), ('Warsaw', 'PL')]

Names are matched case-sensitively in their capitalised (or all-capital) forms, so "turkey",
"china" and "us" in lower case are words, not partners. Diacritics are optional
("Konštrukta" = "Konstrukta", "Türkiye" = "Turkiye").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from timeline.partners import (
    LEGAL_SUFFIXES,
    NEVER_PARTNERS,
    Via,
    fold_diacritics,
    names,
    surface_key,
)

__all__ = [
    "EXTRA_PARTNERS",
    "UA_COMPANY",
    "PartnerMention",
    "find_partner_mentions",
    "find_partners",
]


@attrs.frozen
class PartnerMention:
    """One place in a text that names a partner.

    ``text[start:end] == surface``. ``company`` is the canonical company name when the
    mention is a company (``via == "company"``), else ``None``.
    """

    partner: str
    start: int
    end: int
    surface: str
    company: str | None
    via: Via


def find_partners(text: str) -> list[PartnerMention]:
    """Every mention of a partner in `text`, in text order, without overlaps.

    The longest name wins ("South Korean", "Czech Republic", "Ukraine Defense Contact Group"
    are one mention each), names must stand as whole words ("US" is not found in "USA" or
    "focus"), and a company name takes the legal-form suffix after it ("Saab AB"). Mentions
    of Ukraine and Russia are recognised and dropped.
    """
    finder = _finder()
    search = finder.pattern.search
    table = finder.table
    word_at = _WORD_AT
    suffix_at = _SUFFIX_RE.match
    mentions: list[PartnerMention] = []
    pos = 0
    while (m := search(text, pos)) is not None:
        start, end = m.span()
        if start and word_at(text, start - 1):
            pos = start + 1
            continue
        surface = m.group()
        alias = table.get(surface) or table[surface_key(surface)]
        pos = end
        if alias.partner is None or alias.partner in NEVER_PARTNERS:
            continue
        if alias.company is not None:
            suffix = suffix_at(text, end)
            if suffix is not None and suffix.end() > end:
                pos = end = suffix.end()
                surface = text[start:end]
        mentions.append(
            PartnerMention(alias.partner, start, end, surface, alias.company, alias.via)
        )
    return mentions


def find_partner_mentions(text: str) -> list[PartnerMention]:
    """The partner finder's mentions plus capitals, seats of government, office holders and
    the contact group named as Kyiv's backers ("a meeting of Ukraine's supporters")."""
    found = find_partners(text)
    if EXTRA_PARTNER.search(text) is None and BACKERS.search(text) is None:
        return found
    extra = [
        PartnerMention(pid, m.start(), m.end(), m.group(), None, via)
        for m in EXTRA_PARTNER.finditer(text)
        for pid, via in (EXTRA_PARTNERS[m.group()],)
        if not any(f.start < m.end() and m.start() < f.end for f in found)
    ]
    extra += [
        PartnerMention("UDCG", m.start(), m.end(), m.group(), None, "group")
        for m in BACKERS.finditer(text)
    ]
    return sorted([*found, *extra], key=lambda mention: mention.start)


#: Ukraine's backers as a body: the Ukraine Defense Contact Group in the press's words.
BACKERS: Final = re.compile(
    r"\b(?:Kyiv|Kiev|Ukraine)['\u2019]s\s+(?:international\s+|Western\s+|main\s+|military\s+"
    r"|key\s+)?(?:backers|supporters)\b"
)


# -- tables of names ---------------------------------------------------------------------------

# Phrases that contain a partner name but do not name the partner. They are matched like
# names (longest match wins) and then dropped.
_BLOCKERS: Final[tuple[str, ...]] = (
    "US$",
    "U.S.$",
    "Washington Post",
    "Washington Times",
    "Washington State",
    "George Washington",
    "New Jersey",
    "New Mexico",
    "New Guinea",
    "British Columbia",
    "Latin America",
    "South America",
    "North America",
    "Central America",
    "Americas",
    "Latin American",
    "South American",
    "North American",
    "Central American",
    "Native American",
    "American Indian",
    "Pan-American",
    "Indian Ocean",
    "European Council on Foreign Relations",  # a think tank, not the EU
    "Rafael Grossi",
    "Rafael Mariano Grossi",
    "Tatra Mountains",
    "High Tatras",
    "Tatras",
    "Tatra banka",
    "Tatra Banka",
)

#: Ukrainian defence companies, kept in a fact's companies alongside the partner's.
UA_COMPANY: Final = re.compile(
    r"\b(?:Ukroboronprom|Ukrainian\s+Defen[cs]e\s+Industry|UDI|Ukrspecexport|Antonov"
    r"|Motor\s+Sich|Ivchenko-Progress|Luch\s+Design\s+Bureau|Morozov|Malyshev"
    r"|Kharkiv\s+Armored\s+Plant|Artem|Zhytomyr\s+Armored\s+Plant|Mayak|UkrOboronService"
    r"|Ukrainian\s+Armor|Ukrainian\s+Armour|SpetsTechnoExport|Progresstech)\b",
)

# -- partners the partner finder leaves to the reader -----------------------------------------

#: Capitals and seats of government that stand for their country, and well-known office
#: holders (2022-2025) whose surname alone names their government. Matched case-sensitively.
EXTRA_PARTNERS: Final[dict[str, tuple[str, Via]]] = {
    **{
        name: (pid, "capital")
        for name, pid in {
            "Ottawa": "CA",
            "Warsaw": "PL",
            "Stockholm": "SE",
            "Oslo": "NO",
            "Copenhagen": "DK",
            "Helsinki": "FI",
            "Tallinn": "EE",
            "Riga": "LV",
            "Vilnius": "LT",
            "Prague": "CZ",
            "Bratislava": "SK",
            "Rome": "IT",
            "Madrid": "ES",
            "Lisbon": "PT",
            "Tokyo": "JP",
            "Seoul": "KR",
            "Ankara": "TR",
            "Canberra": "AU",
            "The Hague": "NL",
            "Athens": "GR",
            "Bucharest": "RO",
            "Budapest": "HU",
            "Vienna": "AT",
            "Dublin": "IE",
            "Reykjavik": "IS",
            "Ljubljana": "SI",
            "Zagreb": "HR",
            "Sofia": "BG",
        }.items()
    },
    **{
        name: (pid, "name")
        for name, pid in {
            "Pentagon": "US",
            "White House": "US",
            "State Department": "US",
            "Congress": "US",
            "Downing Street": "GB",
            "Whitehall": "GB",
            "Bundeswehr": "DE",
            "Bundestag": "DE",
            "Élysée": "FR",
            "Elysee": "FR",
            "Storting": "NO",
            "Riksdag": "SE",
            "Folketing": "DK",
            "Sejm": "PL",
            "Biden": "US",
            "Blinken": "US",
            "Lloyd Austin": "US",
            "Macron": "FR",
            "Lecornu": "FR",
            "Scholz": "DE",
            "Pistorius": "DE",
            "Baerbock": "DE",
            "Merz": "DE",
            "Sunak": "GB",
            "Starmer": "GB",
            "Shapps": "GB",
            "Healey": "GB",
            "Ben Wallace": "GB",
            "Stoltenberg": "NATO",
            "von der Leyen": "EU",
            "Borrell": "EU",
            "Tusk": "PL",
            "Duda": "PL",
            "Kosiniak-Kamysz": "PL",
            "Fiala": "CZ",
            "Frederiksen": "DK",
            "Troels Lund Poulsen": "DK",
            "Kristersson": "SE",
            "Pål Jonson": "SE",
            "Trudeau": "CA",
            "Meloni": "IT",
            "Crosetto": "IT",
            "Kishida": "JP",
            "Erdogan": "TR",
            "Erdoğan": "TR",
            "Nausėda": "LT",
            "Nauseda": "LT",
            "De Croo": "BE",
            "Dedonder": "BE",
            "Ollongren": "NL",
            "Brekelmans": "NL",
            "Pevkur": "EE",
            "Michal": "EE",
            "Kallas": "EE",
            "Yoon Suk Yeol": "KR",
            "Yoon": "KR",
            "Albanese": "AU",
            "Marles": "AU",
            "Anand": "CA",
            "Joly": "CA",
            "Hamada": "JP",
            "Kamikawa": "JP",
            "Sánchez": "ES",
            "Robles": "ES",
            "Carreiras": "PT",
            "Tajani": "IT",
            "Mitsotakis": "GR",
            "Dendias": "GR",
            "Iohannis": "RO",
            "Plenković": "HR",
            "Amherd": "CH",
            "Cassis": "CH",
            "Nehammer": "AT",
            "Støre": "NO",
            "Bjørn Arild Gram": "NO",
            "Niinistö": "FI",
            "Stubb": "FI",
            "Häkkänen": "FI",
            "Orpo": "FI",
            "Petr Pavel": "CZ",
            "Černochová": "CZ",
            "Lipavský": "CZ",
            "Landsbergis": "LT",
            "Anušauskas": "LT",
            "Kariņš": "LV",
            "Rinkēvičs": "LV",
            "Sprūds": "LV",
            "Schoof": "NL",
            "Lammy": "GB",
            "Cleverly": "GB",
            "Grant Shapps": "GB",
            "Heger": "SK",
            "Naď": "SK",
        }.items()
    },
}
EXTRA_PARTNER: Final = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(n) for n in sorted(EXTRA_PARTNERS, key=len, reverse=True))
    + r")(?![\w-])"
)

# -- the finder, built once on first use -------------------------------------------------------

_SUFFIX_RE: Final = re.compile(
    r"(?:,?[ \t\u00a0]+(?:" + "|".join(map(re.escape, LEGAL_SUFFIXES)) + r")(?!\w))*"
)
_WORD_AT: Final = re.compile(r"\w").match
_APOSTROPHE: Final = "\u2019"


@attrs.frozen
class _Alias:
    """What one surface form stands for; ``partner is None`` for a blocking phrase."""

    partner: str | None
    via: Via
    company: str | None = None


@attrs.frozen
class _Finder:
    pattern: re.Pattern[str]
    table: Mapping[str, _Alias]


def _add(table: dict[str, _Alias], key: str, alias: _Alias) -> None:
    """Add `key` to `table`, refusing to let one surface stand for two partners."""
    known = table.setdefault(key, alias)
    if known != alias:
        raise RuntimeError(f"the surface {key!r} is both {known} and {alias}")


@functools.cache
def _surfaces() -> Mapping[str, _Alias]:
    """Exact surface form (single-spaced) → alias, with folded and all-capital variants."""
    table: dict[str, _Alias] = {}
    entries = [(n, _Alias(a.partner, a.via, a.company), running) for n, a, running in names()]
    entries += [(phrase, _Alias(None, "name"), True) for phrase in _BLOCKERS]
    for name, alias, running in entries:
        if not running:
            continue
        name = surface_key(name)
        for variant in {name, fold_diacritics(name)}:
            _add(table, variant, alias)
            _add(table, variant.upper(), alias)
    return MappingProxyType(table)


class _Node:
    """A node of the character trie that the finder's regex is written from."""

    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def _atom(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['" + _APOSTROPHE + "]"
    return re.escape(char)


def _render(node: _Node) -> str:
    """The regex for the words below `node`; longer words are tried first."""
    branches = [_atom(char) + _render(child) for char, child in sorted(node.children.items())]
    if not branches:
        return ""
    if len(branches) == 1 and not node.terminal:
        return branches[0]
    return "(?:" + "|".join(branches) + (")?" if node.terminal else ")")


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex that matches any of `words`, written as a trie so that it scans fast."""
    root = _Node()
    for word in words:
        node = root
        for char in word:
            node = node.children.setdefault(char, _Node())
        node.terminal = True
    return _render(root)


@functools.cache
def _finder() -> _Finder:
    """The compiled finder: one alternation of every surface form, then a word boundary.

    A name that ends in a letter or digit must not run on into one ("US" is not in "USA");
    one that ends in punctuation ("U.S.", "US$") may be followed by anything. The left word
    boundary is checked in Python: a leading look-behind would keep the regex engine from
    skipping quickly to the characters that can start a name.
    """
    table = _surfaces()
    pattern = re.compile("(?:" + _trie_pattern(table) + r")(?!(?<=\w)\w)")
    return _Finder(pattern, table)
