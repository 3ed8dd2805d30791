"""Partners: who Ukraine cooperates with, and the ways a text names them.

A partner is an id. A country is its ISO 3166-1 alpha-2 code (``BE``, ``CZ``, ``GB``,
``US``); a group of countries has one of the ids in `GROUPS` (``EU``, ``NATO``, ``UDCG``,
``NORDIC``, ``G7``). ``UA`` stands for Ukraine's own industry, which only
``production_increased`` uses. Ukraine and Russia (`NEVER_PARTNERS`) are never *found* as
partners in a text, and `resolve_partner` never returns them.

This module is the registry the other stages share: ids, display names, the names, demonyms,
group names, capitals and companies that stand for each partner (`names`), and a company's
home country. Finding those names in running text is the reader's job
(``timeline.read._partners``), built from `names`.

>>> resolve_partner("czech republic"), resolve_partner("the Nordics"), resolve_partner("Ukraine")
('CZ', 'NORDIC', None)
>>> partner_name("GB"), company_home("Konstrukta-Defence a.s.")
('United Kingdom', 'SK')

Look-ups ignore case, diacritics and a leading "the".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final, Literal

import attrs
import pycountry

from timeline.errors import PartnerError

__all__ = [
    "COMPANIES",
    "GROUPS",
    "LEGAL_SUFFIXES",
    "NEVER_PARTNERS",
    "Alias",
    "Via",
    "company_home",
    "fold_diacritics",
    "is_partner_id",
    "names",
    "partner_name",
    "resolve_partner",
    "surface_key",
]

Via = Literal["name", "demonym", "company", "group", "capital"]
"""How a mention names its partner: by name, demonym, company, group name or capital."""

GROUPS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "EU": "European Union",
        "NATO": "NATO",
        "UDCG": "Ukraine Defense Contact Group",
        "NORDIC": "Nordic countries",
        "G7": "G7",
    }
)
"""The group partner ids and their display names."""

NEVER_PARTNERS: Final[frozenset[str]] = frozenset({"UA", "RU"})
"""Ukraine and Russia: never found in a text or resolved as a partner."""

# --------------------------------------------------------------------------------------------
# Hand tables: what pycountry does not know.

_GROUP_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "EU": (
        "EU",
        "E.U.",
        "European Union",
        "European Commission",
        "European Council",
        "Council of the EU",
        "Council of the European Union",
        "European Parliament",
        "European Peace Facility",
        "European Investment Bank",
        "European Defence Agency",
        "European Defense Agency",
    ),
    "NATO": (
        "NATO",
        "Nato",
        "North Atlantic Treaty Organization",
        "North Atlantic Treaty Organisation",
        "North Atlantic Alliance",
        "NSPA",
    ),
    "UDCG": (
        "Ukraine Defense Contact Group",
        "Ukraine Defence Contact Group",
        "UDCG",
        "Ramstein",
        "Ramstein format",
        "Ramstein-format",
        "Ramstein group",
        "Ramstein Group",
        "Ramstein countries",
    ),
    "NORDIC": ("Nordic countries", "Nordic states", "Nordic nations", "Nordics"),
    "G7": ("G7", "G-7", "Group of Seven"),
}

# Names that pycountry lacks (or gives only in its "Name, Qualifier" form).
_NAME_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "US": ("US", "U.S.", "U.S", "USA", "U.S.A.", "United States", "America"),
    "GB": (
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ),
    "NL": ("Holland",),
    "CZ": ("Czech Republic",),
    "TR": ("Turkey",),
    "KR": ("South Korea", "Korea", "Republic of Korea", "ROK"),
    "KP": ("North Korea", "DPRK"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": ("Democratic Republic of the Congo", "Democratic Republic of Congo", "DR Congo", "DRC"),
    "CG": ("Republic of the Congo",),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "TL": ("East Timor",),
    "VA": ("Vatican", "Vatican City"),
    "BN": ("Brunei",),
    "FM": ("Micronesia",),
    "PS": ("Palestine",),
    "VI": ("U.S. Virgin Islands", "US Virgin Islands"),
    "FK": ("Falklands",),
    "BA": ("Bosnia",),
    "AU": ("New South Wales",),  # so that "Wales" in it is not the UK
    "RU": ("Russia", "Soviet Union", "USSR"),
}

_DISPLAY_OVERRIDES: Final[Mapping[str, str]] = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "SX": "Sint Maarten",
    "VA": "Holy See",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}

# Adjectives (and the nouns identical to them). Plurals of the "-an", "-ian" and "-i" forms
# are derived; irregular plurals are in `_PLURALS`.
_DEMONYMS: Final[Mapping[str, tuple[str, ...]]] = {
    "AE": ("Emirati",),
    "AL": ("Albanian",),
    "AM": ("Armenian",),
    "AR": ("Argentine", "Argentinian"),
    "AT": ("Austrian",),
    "AU": ("Australian",),
    "AZ": ("Azerbaijani",),
    "BA": ("Bosnian",),
    "BE": ("Belgian",),
    "BG": ("Bulgarian",),
    "BR": ("Brazilian",),
    "BY": ("Belarusian",),
    "CA": ("Canadian",),
    "CH": ("Swiss",),
    "CL": ("Chilean",),
    "CN": ("Chinese",),
    "CO": ("Colombian",),
    "CY": ("Cypriot",),
    "CZ": ("Czech",),
    "DE": ("German",),
    "DK": ("Danish",),
    "EE": ("Estonian",),
    "EG": ("Egyptian",),
    "ES": ("Spanish",),
    "FI": ("Finnish",),
    "FR": ("French",),
    "GB": ("British", "Northern Irish"),
    "GE": ("Georgian",),
    "GR": ("Greek", "Hellenic"),
    "HR": ("Croatian",),
    "HU": ("Hungarian",),
    "ID": ("Indonesian",),
    "IE": ("Irish",),
    "IL": ("Israeli",),
    "IN": ("Indian",),
    "IR": ("Iranian",),
    "IS": ("Icelandic",),
    "IT": ("Italian",),
    "JP": ("Japanese",),
    "KE": ("Kenyan",),
    # "Korean" alone is read as South Korean: the north is always qualified in this domain.
    "KR": ("South Korean", "Korean"),
    "KP": ("North Korean",),
    "KZ": ("Kazakh", "Kazakhstani"),
    "LT": ("Lithuanian",),
    "LU": ("Luxembourgish",),
    "LV": ("Latvian",),
    "MA": ("Moroccan",),
    "MD": ("Moldovan",),
    "ME": ("Montenegrin",),
    "MK": ("North Macedonian", "Macedonian"),
    "MT": ("Maltese",),
    "MX": ("Mexican",),
    "MY": ("Malaysian",),
    "NG": ("Nigerian",),
    "NL": ("Dutch",),
    "NO": ("Norwegian",),
    "PH": ("Philippine",),
    "PK": ("Pakistani",),
    "PL": ("Polish",),
    "PT": ("Portuguese",),
    "QA": ("Qatari",),
    "RO": ("Romanian",),
    "RS": ("Serbian",),
    "SA": ("Saudi",),
    "SE": ("Swedish",),
    "SG": ("Singaporean",),
    "SI": ("Slovenian", "Slovene"),
    "SK": ("Slovak", "Slovakian"),
    "TH": ("Thai",),
    "TR": ("Turkish",),
    "TW": ("Taiwanese",),
    "US": ("American",),
    "VN": ("Vietnamese",),
    "ZA": ("South African",),
    "UA": ("Ukrainian",),
    "RU": ("Russian", "Soviet"),
}

_PLURALS: Final[Mapping[str, tuple[str, ...]]] = {
    "CY": ("Cypriots",),
    "CZ": ("Czechs",),
    "DK": ("Danes",),
    "FI": ("Finns",),
    "GB": ("Brits", "Britons"),
    "GR": ("Greeks",),
    "HR": ("Croats",),
    "IS": ("Icelanders",),
    "KZ": ("Kazakhs",),
    "LU": ("Luxembourgers", "Luxembourger"),
    "NZ": ("New Zealanders", "New Zealander"),
    "PH": ("Filipino", "Filipinos"),
    "PL": ("Poles",),
    "RS": ("Serbs",),
    "SE": ("Swedes",),
    "SI": ("Slovenes",),
    "SK": ("Slovaks",),
    "ES": ("Spaniards",),
    "TR": ("Turks",),
}

# Capitals only where a text plainly means the government; "Brussels" (EU, NATO or Belgium?)
# is left out on purpose. Kyiv and Moscow are listed so that they are recognised, then dropped.
_CAPITALS: Final[Mapping[str, tuple[str, ...]]] = {
    "US": ("Washington",),
    "GB": ("London",),
    "DE": ("Berlin",),
    "FR": ("Paris",),
    "UA": ("Kyiv", "Kiev"),
    "RU": ("Moscow", "Kremlin"),
}

# Defence companies: (canonical name, home country, other names). A company has one home:
# where it is headquartered, or, for a national subsidiary named as such, that country.
_COMPANY_TABLE: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    # Germany
    ("Rheinmetall", "DE", ()),
    ("KNDS Deutschland", "DE", ()),
    ("Krauss-Maffei Wegmann", "DE", ("Krauss-Maffei", "KMW")),
    ("Diehl Defence", "DE", ("Diehl", "Diehl Defense")),
    ("Hensoldt", "DE", ()),
    ("Quantum Systems", "DE", ()),
    ("Helsing", "DE", ()),
    ("ThyssenKrupp Marine Systems", "DE", ("thyssenkrupp Marine Systems", "TKMS")),
    ("Heckler & Koch", "DE", ()),
    ("Dynamit Nobel Defence", "DE", ()),
    ("Rohde & Schwarz", "DE", ()),
    ("Flensburger Fahrzeugbau", "DE", ("FFG",)),
    ("Stark Defence", "DE", ("Stark Defense",)),
    ("ARX Robotics", "DE", ()),
    ("MBDA Deutschland", "DE", ()),
    # France. KNDS is the Franco-German holding of Nexter and Krauss-Maffei Wegmann; plain
    # "KNDS" is filed under France, "KNDS Deutschland" under Germany.
    ("KNDS", "FR", ()),
    ("KNDS France", "FR", ("Nexter", "Nexter Systems")),
    ("Thales", "FR", ()),
    ("Safran", "FR", ()),
    # MBDA is a European consortium headquartered in France.
    ("MBDA", "FR", ()),
    ("Naval Group", "FR", ()),
    ("Dassault Aviation", "FR", ("Dassault",)),
    ("Arquus", "FR", ()),
    ("Delair", "FR", ()),
    ("Eurenco", "FR", ()),
    ("Exail", "FR", ("Exail Technologies",)),
    ("Hexadrone", "FR", ()),
    # United Kingdom
    ("BAE Systems", "GB", ("BAE",)),
    ("Babcock International", "GB", ("Babcock",)),
    ("QinetiQ", "GB", ()),
    ("Chemring", "GB", ()),
    ("Rolls-Royce", "GB", ()),
    ("Leonardo UK", "GB", ()),
    ("MBDA UK", "GB", ()),
    ("Thales UK", "GB", ()),
    # United States
    ("Northrop Grumman", "US", ("Northrop",)),
    ("Lockheed Martin", "US", ("Lockheed",)),
    ("RTX", "US", ("Raytheon", "Raytheon Technologies")),
    (
        "General Dynamics",
        "US",
        ("General Dynamics Land Systems", "General Dynamics Ordnance and Tactical Systems"),
    ),
    ("Boeing", "US", ()),
    ("L3Harris", "US", ("L3Harris Technologies", "L3 Harris")),
    ("AeroVironment", "US", ()),
    ("Honeywell", "US", ()),
    ("Textron", "US", ()),
    ("Anduril", "US", ("Anduril Industries",)),
    ("Palantir", "US", ("Palantir Technologies",)),
    ("SpaceX", "US", ()),
    ("Oshkosh Defense", "US", ()),
    ("AM General", "US", ()),
    # Türkiye
    ("Baykar", "TR", ()),
    ("Aselsan", "TR", ()),
    ("Roketsan", "TR", ()),
    ("MKE", "TR", ("Makina ve Kimya Endüstrisi",)),
    ("Otokar", "TR", ()),
    ("Turkish Aerospace", "TR", ("Turkish Aerospace Industries", "TUSAŞ", "TUSAS")),
    # Nordic countries
    ("Saab", "SE", ()),
    ("BAE Systems Hägglunds", "SE", ("Hägglunds",)),
    ("BAE Systems Bofors", "SE", ("Bofors",)),
    ("Nammo", "NO", ()),
    ("Kongsberg", "NO", ("Kongsberg Defence & Aerospace", "Kongsberg Gruppen")),
    ("Patria", "FI", ()),
    ("Sako", "FI", ()),
    ("Terma", "DK", ()),
    # Central Europe
    ("Polska Grupa Zbrojeniowa", "PL", ("PGZ",)),
    ("Huta Stalowa Wola", "PL", ("HSW",)),
    ("WB Group", "PL", ("WB Electronics",)),
    ("Mesko", "PL", ()),
    ("Sellier & Bellot", "CZ", ()),
    ("Czechoslovak Group", "CZ", ("CSG", "CSG Group")),
    ("Aero Vodochody", "CZ", ()),
    ("Excalibur Army", "CZ", ()),
    ("Tatra", "CZ", ("Tatra Trucks",)),
    ("VOP CZ", "CZ", ("VOP", "Vojenský opravárenský podnik")),
    ("Colt CZ", "CZ", ("Colt CZ Group",)),
    ("Česká zbrojovka", "CZ", ("CZUB",)),
    ("Explosia", "CZ", ()),
    ("Konštrukta-Defence", "SK", ("Konštrukta",)),
    ("ZVS Holding", "SK", ()),
    ("MSM Group", "SK", ()),
    ("Romarm", "RO", ()),
    # Southern Europe
    ("Leonardo", "IT", ()),
    ("Iveco Defence Vehicles", "IT", ("Iveco", "IDV")),
    ("Fincantieri", "IT", ()),
    ("Iveco Defence Vehicles", "IT", ()),
    ("Beretta", "IT", ()),
    ("Indra", "ES", ("Indra Sistemas",)),
    ("Instalaza", "ES", ()),
    ("Navantia", "ES", ()),
    ("Santa Bárbara Sistemas", "ES", ()),
    # Benelux, Baltics, Switzerland
    ("Damen Shipyards", "NL", ("Damen", "Damen Shipyards Group")),
    ("DAF Trucks", "NL", ("DAF",)),
    ("FN Herstal", "BE", ()),
    ("John Cockerill", "BE", ()),
    ("CMI Defence", "BE", ("CMI Defense",)),
    ("Mecar", "BE", ()),
    ("Thales Belgium", "BE", ()),
    ("Milrem Robotics", "EE", ("Milrem",)),
    ("Frankenburg Technologies", "EE", ("Frankenburg",)),
    ("RUAG", "CH", ()),
    # Elsewhere
    ("Rafael Advanced Defense Systems", "IL", ("Rafael",)),
    ("Elbit Systems", "IL", ("Elbit",)),
    ("Israel Aerospace Industries", "IL", ("IAI",)),
    ("Hanwha Aerospace", "KR", ("Hanwha", "Hanwha Defense")),
    ("Hyundai Rotem", "KR", ()),
    ("Poongsan", "KR", ()),
    ("Mitsubishi Heavy Industries", "JP", ("MHI",)),
    ("Roshel", "CA", ()),
    ("Thales Australia", "AU", ()),
)

COMPANIES: Final[Mapping[str, str]] = MappingProxyType(
    {name: home for name, home, _ in _COMPANY_TABLE}
)
"""Canonical company name → home country id, for every company the finder knows."""

#: Legal-form suffixes that may follow a company name ("Rheinmetall AG", "Excalibur Army a.s.").
LEGAL_SUFFIXES: Final[tuple[str, ...]] = (
    "AG",
    "GmbH",
    "SE",
    "Ltd.",
    "Ltd",
    "Limited",
    "Inc.",
    "Inc",
    "Corp.",
    "Corp",
    "Corporation",
    "plc",
    "PLC",
    "S.A.",
    "SA",
    "S.p.A.",
    "SpA",
    "a.s.",
    "A.S.",
    "AB",
    "ASA",
    "AS",
    "Oyj",
    "Oy",
    "N.V.",
    "NV",
    "B.V.",
    "BV",
    "LLC",
    "Co.",
    "Group",
)
_SUFFIX_KEYS: Final = frozenset(s.replace(".", "").casefold() for s in LEGAL_SUFFIXES)

# --------------------------------------------------------------------------------------------
# Public API


def resolve_partner(name: str) -> str | None:
    """The partner id that a single name stands for, or ``None``.

    `name` may be a country or group name, a demonym, a capital, a company or an id, in any
    case, with or without a leading "the" and diacritics. Ukraine and Russia give ``None``.

    >>> resolve_partner("Holland"), resolve_partner("south korean"), resolve_partner("be")
    ('NL', 'KR', 'BE')
    """
    stripped = name.strip()
    upper = stripped.upper()
    if upper in NEVER_PARTNERS:
        return None
    if is_partner_id(upper):
        return upper
    pid = _names_casefolded().get(_lookup_key(stripped))
    if pid is None:
        pid = company_home(stripped)
    return None if pid in NEVER_PARTNERS else pid


def company_home(name: str) -> str | None:
    """The home country id of the company called `name`, or ``None`` if it is not known.

    Case, diacritics, hyphens, "&" or "and", and legal-form suffixes ("AG", "Ltd", "Inc.",
    "plc", "S.A.", "a.s.", "Group") do not matter.

    >>> company_home("Sellier and Bellot a.s."), company_home("KONSTRUKTA"), company_home("Acme")
    ('CZ', 'SK', None)
    """
    index = _companies_casefolded()
    tokens = _company_tokens(name)
    while tokens:
        home = index.get(" ".join(tokens))
        if home is not None:
            return home
        if len(tokens) < 2 or tokens[-1] not in _SUFFIX_KEYS:
            return None
        tokens = tokens[:-1]
    return None


def is_partner_id(pid: str) -> bool:
    """Whether `pid` is a partner id: a group id, ``UA``, or an ISO alpha-2 code other than ``RU``.

    Ids are upper case; ``"be"`` is not an id (`resolve_partner` accepts it).
    """
    return pid in GROUPS or (pid in _display_names() and pid != "RU")


def partner_name(pid: str) -> str:
    """The display name of partner `pid` ("Belgium", "United Kingdom", "European Union").

    Raises `PartnerError` if `pid` is not a partner id (see `is_partner_id`).
    """
    if not is_partner_id(pid):
        raise PartnerError(f"unknown partner id: {pid!r}")
    group = GROUPS.get(pid)
    return group if group is not None else _display_names()[pid]


# --------------------------------------------------------------------------------------------
# Tables, built once on first use


@attrs.frozen
class Alias:
    """What one name stands for: a partner, how it names it, and the company it is, if any."""

    partner: str
    via: Via
    company: str | None = None


_WS: Final = re.compile(r"\s+")
_APOSTROPHE: Final = "\u2019"


def fold_diacritics(text: str) -> str:
    """`text` without diacritics ("Konštrukta" → "Konstrukta")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def surface_key(surface: str) -> str:
    """The table key of a matched surface: single spaces, straight apostrophes."""
    return _WS.sub(" ", surface).replace(_APOSTROPHE, "'")


def _lookup_key(name: str) -> str:
    """A case- and diacritic-blind key for `resolve_partner`."""
    key = fold_diacritics(surface_key(name.strip())).casefold()
    return key.removeprefix("the ")


def _company_tokens(name: str) -> list[str]:
    """The words of a company name, blind to case, diacritics, hyphens, dots and "&"."""
    key = fold_diacritics(name).casefold().replace("&", " and ").replace(_APOSTROPHE, "'")
    key = re.sub(r"[-\u2013/]", " ", key).replace(".", "").replace(",", " ")
    tokens = key.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return tokens


def _country_names(country: object) -> Iterator[tuple[str, bool]]:
    """The names pycountry gives a country, with whether they read well in running text.

    "Korea, Republic of" is only for `resolve_partner`; "Holy See (Vatican City State)" is
    also read without its parenthesis.
    """
    for field in ("name", "common_name", "official_name"):
        value = getattr(country, field, None)
        if not isinstance(value, str):
            continue
        value = value.removeprefix("the ")
        yield value, ", " not in value
        if "(" in value:
            yield re.sub(r"\s*\([^)]*\)", "", value), True


def _plural(demonym: str) -> str | None:
    """The derived plural of a demonym ("Germans", "Israelis"), if it has a regular one."""
    return demonym + "s" if demonym.endswith(("an", "i")) else None


def names() -> Iterator[tuple[str, Alias, bool]]:
    """Every ``(name, alias, reads in running text)`` of the registry, before variants.

    Country names (pycountry's and the usual short ones), demonyms and their plurals,
    group names, capitals and companies; the partner finder in ``timeline.read`` is built
    from them.
    """
    for country in pycountry.countries:
        alias = Alias(country.alpha_2, "name")
        for name, running in _country_names(country):
            yield name, alias, running
    for pid, names in _NAME_ALIASES.items():
        for name in names:
            yield name, Alias(pid, "name"), True
    for pid, demonyms in _DEMONYMS.items():
        for demonym in demonyms:
            yield demonym, Alias(pid, "demonym"), True
            plural = _plural(demonym)
            if plural is not None:
                yield plural, Alias(pid, "demonym"), True
    for pid, plurals in _PLURALS.items():
        for plural in plurals:
            yield plural, Alias(pid, "demonym"), True
    for pid, names in _GROUP_ALIASES.items():
        for name in names:
            yield name, Alias(pid, "group"), True
    for pid, names in _CAPITALS.items():
        for name in names:
            yield name, Alias(pid, "capital"), True
    for canonical, home, others in _COMPANY_TABLE:
        alias = Alias(home, "company", canonical)
        for name in (canonical, *others):
            yield name, alias, True
            if "-" in name:
                yield name.replace("-", " "), alias, True
            if " & " in name:
                yield name.replace(" & ", " and "), alias, True


@functools.cache
def _names_casefolded() -> Mapping[str, str]:
    """Case-blind name, demonym, group name or capital → partner id (companies excluded)."""
    index: dict[str, str] = {}
    for name, alias, _ in names():
        if alias.company is not None:
            continue
        key = _lookup_key(name)
        known = index.setdefault(key, alias.partner)
        if known != alias.partner:
            raise RuntimeError(f"the name {name!r} is both {known} and {alias.partner}")
    return MappingProxyType(index)


@functools.cache
def _companies_casefolded() -> Mapping[str, str]:
    """Case-blind company name (words joined by single spaces) → home country id."""
    index: dict[str, str] = {}
    for canonical, home, others in _COMPANY_TABLE:
        for name in (canonical, *others):
            key = " ".join(_company_tokens(name))
            known = index.setdefault(key, home)
            if known != home:
                raise RuntimeError(f"the company {name!r} is both {known} and {home}")
    return MappingProxyType(index)


@functools.cache
def _display_names() -> Mapping[str, str]:
    """ISO alpha-2 code → display name, for every country pycountry knows."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        common = getattr(country, "common_name", None)
        names[code] = _DISPLAY_OVERRIDES.get(code) or (
            common if isinstance(common, str) else country.name
        )
    return MappingProxyType(names)
