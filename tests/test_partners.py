"""Partners: ids, names, demonyms, companies, groups, and finding them in text."""

from __future__ import annotations

import attrs
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.errors import PartnerError
from timeline.partners import (
    COMPANIES,
    GROUPS,
    NEVER_PARTNERS,
    company_home,
    is_partner_id,
    partner_name,
    resolve_partner,
)
from timeline.read._partners import PartnerMention, _surfaces, find_partners

COUNTRY_NAMES = [
    ("Belgium", "BE"),
    ("Czechia", "CZ"),
    ("Czech Republic", "CZ"),
    ("Netherlands", "NL"),
    ("Holland", "NL"),
    ("Denmark", "DK"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("United Kingdom", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("US", "US"),
    ("U.S.", "US"),
    ("USA", "US"),
    ("United States", "US"),
    ("United States of America", "US"),
    ("America", "US"),
    ("South Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("North Korea", "KP"),
    ("Türkiye", "TR"),
    ("Turkiye", "TR"),
    ("Turkey", "TR"),
    ("Germany", "DE"),
    ("Federal Republic of Germany", "DE"),
    ("France", "FR"),
    ("Poland", "PL"),
    ("Slovakia", "SK"),
    ("Slovak Republic", "SK"),
    ("Sweden", "SE"),
    ("Norway", "NO"),
    ("Finland", "FI"),
    ("Estonia", "EE"),
    ("Latvia", "LV"),
    ("Lithuania", "LT"),
    ("Canada", "CA"),
    ("Japan", "JP"),
    ("Australia", "AU"),
    ("Moldova", "MD"),
    ("Republic of Moldova", "MD"),
    ("Georgia", "GE"),
    ("Belarus", "BY"),
    ("Vietnam", "VN"),
    ("Viet Nam", "VN"),
    ("Côte d'Ivoire", "CI"),
    ("Ivory Coast", "CI"),
    ("American Samoa", "AS"),
]

DEMONYMS = [
    ("Belgian", "BE"),
    ("Czech", "CZ"),
    ("Dutch", "NL"),
    ("Danish", "DK"),
    ("British", "GB"),
    ("German", "DE"),
    ("French", "FR"),
    ("American", "US"),
    ("Polish", "PL"),
    ("Swedish", "SE"),
    ("Norwegian", "NO"),
    ("Finnish", "FI"),
    ("Estonian", "EE"),
    ("Latvian", "LV"),
    ("Lithuanian", "LT"),
    ("Canadian", "CA"),
    ("Italian", "IT"),
    ("Spanish", "ES"),
    ("Portuguese", "PT"),
    ("Turkish", "TR"),
    ("Japanese", "JP"),
    ("South Korean", "KR"),
    ("North Korean", "KP"),
    ("Australian", "AU"),
    ("Slovak", "SK"),
    ("Romanian", "RO"),
    ("Bulgarian", "BG"),
    ("Greek", "GR"),
    ("Hungarian", "HU"),
    ("Austrian", "AT"),
    ("Swiss", "CH"),
    ("Irish", "IE"),
    ("Icelandic", "IS"),
    ("Luxembourgish", "LU"),
    ("Croatian", "HR"),
    ("Slovenian", "SI"),
    ("Moldovan", "MD"),
    ("Georgian", "GE"),
    ("Israeli", "IL"),
    ("Germans", "DE"),
    ("Poles", "PL"),
    ("Danes", "DK"),
]

COMPANY_SURFACES = [
    ("Rheinmetall", "DE", "Rheinmetall"),
    ("KNDS", "FR", "KNDS"),
    ("KNDS Deutschland", "DE", "KNDS Deutschland"),
    ("KNDS France", "FR", "KNDS France"),
    ("Nexter", "FR", "KNDS France"),
    ("Krauss-Maffei Wegmann", "DE", "Krauss-Maffei Wegmann"),
    ("Krauss Maffei Wegmann", "DE", "Krauss-Maffei Wegmann"),
    ("Diehl", "DE", "Diehl Defence"),
    ("Hensoldt", "DE", "Hensoldt"),
    ("Quantum Systems", "DE", "Quantum Systems"),
    ("Helsing", "DE", "Helsing"),
    ("BAE Systems", "GB", "BAE Systems"),
    ("Babcock", "GB", "Babcock International"),
    ("Thales", "FR", "Thales"),
    ("Safran", "FR", "Safran"),
    ("MBDA", "FR", "MBDA"),
    ("Naval Group", "FR", "Naval Group"),
    ("Northrop Grumman", "US", "Northrop Grumman"),
    ("Lockheed Martin", "US", "Lockheed Martin"),
    ("Raytheon", "US", "RTX"),
    ("RTX", "US", "RTX"),
    ("General Dynamics", "US", "General Dynamics"),
    ("Boeing", "US", "Boeing"),
    ("L3Harris", "US", "L3Harris"),
    ("AeroVironment", "US", "AeroVironment"),
    ("Honeywell", "US", "Honeywell"),
    ("Baykar", "TR", "Baykar"),
    ("Aselsan", "TR", "Aselsan"),
    ("Saab", "SE", "Saab"),
    ("Nammo", "NO", "Nammo"),
    ("Kongsberg", "NO", "Kongsberg"),
    ("Patria", "FI", "Patria"),
    ("PGZ", "PL", "Polska Grupa Zbrojeniowa"),
    ("Polska Grupa Zbrojeniowa", "PL", "Polska Grupa Zbrojeniowa"),
    ("Huta Stalowa Wola", "PL", "Huta Stalowa Wola"),
    ("WB Group", "PL", "WB Group"),
    ("Sellier & Bellot", "CZ", "Sellier & Bellot"),
    ("Sellier and Bellot", "CZ", "Sellier & Bellot"),
    ("CSG", "CZ", "Czechoslovak Group"),
    ("Czechoslovak Group", "CZ", "Czechoslovak Group"),
    ("Aero Vodochody", "CZ", "Aero Vodochody"),
    ("Excalibur Army", "CZ", "Excalibur Army"),
    ("Tatra", "CZ", "Tatra"),
    ("VOP", "CZ", "VOP CZ"),
    ("Vojensky opravarensky podnik", "CZ", "VOP CZ"),
    ("Konštrukta-Defence", "SK", "Konštrukta-Defence"),
    ("Konstrukta-Defence", "SK", "Konštrukta-Defence"),
    ("Konstrukta", "SK", "Konštrukta-Defence"),
    ("ZVS Holding", "SK", "ZVS Holding"),
    ("Leonardo", "IT", "Leonardo"),
    ("Fincantieri", "IT", "Fincantieri"),
    ("Rafael", "IL", "Rafael Advanced Defense Systems"),
    ("Elbit", "IL", "Elbit Systems"),
    ("Hanwha", "KR", "Hanwha Aerospace"),
    ("Mitsubishi Heavy Industries", "JP", "Mitsubishi Heavy Industries"),
    ("Damen", "NL", "Damen Shipyards"),
    ("DAF", "NL", "DAF Trucks"),
    ("FN Herstal", "BE", "FN Herstal"),
    ("John Cockerill", "BE", "John Cockerill"),
    ("CMI Defence", "BE", "CMI Defence"),
    ("Milrem", "EE", "Milrem Robotics"),
    ("Frankenburg", "EE", "Frankenburg Technologies"),
    ("Thales Australia", "AU", "Thales Australia"),
    ("BAE Systems Hägglunds", "SE", "BAE Systems Hägglunds"),
    ("RHEINMETALL", "DE", "Rheinmetall"),
]

GROUP_SURFACES = [
    ("EU", "EU"),
    ("E.U.", "EU"),
    ("European Union", "EU"),
    ("European Commission", "EU"),
    ("European Council", "EU"),
    ("Council of the EU", "EU"),
    ("Council of the European Union", "EU"),
    ("European Parliament", "EU"),
    ("European Peace Facility", "EU"),
    ("NATO", "NATO"),
    ("Nato", "NATO"),
    ("North Atlantic Treaty Organization", "NATO"),
    ("Ukraine Defense Contact Group", "UDCG"),
    ("Ukraine Defence Contact Group", "UDCG"),
    ("UDCG", "UDCG"),
    ("Ramstein", "UDCG"),
    ("Ramstein format", "UDCG"),
    ("Ramstein countries", "UDCG"),
    ("Nordic countries", "NORDIC"),
    ("Nordics", "NORDIC"),
    ("G7", "G7"),
    ("Group of Seven", "G7"),
]

CAPITALS = [("Washington", "US"), ("London", "GB"), ("Berlin", "DE"), ("Paris", "FR")]

NEVER_SURFACES = [
    "Ukraine",
    "Ukrainian",
    "Ukrainians",
    "Russia",
    "Russian",
    "Russian Federation",
    "Soviet",
    "Soviet Union",
    "Kremlin",
    "Kyiv",
    "Kiev",
    "Moscow",
]


def found(text: str) -> list[tuple[str, str]]:
    """The (surface, partner) pairs that the finder reports in `text`."""
    return [(m.surface, m.partner) for m in find_partners(text)]


# --------------------------------------------------------------------------------------------
# Finding partners in text


@pytest.mark.parametrize(("surface", "pid"), COUNTRY_NAMES)
def test_a_country_name_names_its_country(surface: str, pid: str) -> None:
    text = f"Officials of {surface} approved a new package for the army."
    assert find_partners(text) == [
        PartnerMention(pid, 13, 13 + len(surface), surface, None, "name")
    ]


@pytest.mark.parametrize("article", ["the", "The"])
def test_the_article_before_a_name_is_tolerated_but_not_part_of_the_surface(
    article: str,
) -> None:
    assert found(f"{article} Netherlands and {article} UK and {article} U.S. agreed.") == [
        ("Netherlands", "NL"),
        ("UK", "GB"),
        ("U.S.", "US"),
    ]


@pytest.mark.parametrize(("demonym", "pid"), DEMONYMS)
def test_a_demonym_names_its_country(demonym: str, pid: str) -> None:
    text = f"A {demonym} delegation toured the plant."
    assert find_partners(text) == [
        PartnerMention(pid, 2, 2 + len(demonym), demonym, None, "demonym")
    ]


@pytest.mark.parametrize(("surface", "pid", "canonical"), COMPANY_SURFACES)
def test_a_company_stands_for_its_home_country(surface: str, pid: str, canonical: str) -> None:
    text = f"The ministry signed a contract with {surface} on Monday."
    (mention,) = find_partners(text)
    assert (mention.partner, mention.surface, mention.company, mention.via) == (
        pid,
        surface,
        canonical,
        "company",
    )


@pytest.mark.parametrize(
    "suffix", [" AG", " Ltd", " Ltd.", " Inc.", " plc", " S.A.", " a.s.", " Group", ", Inc."]
)
def test_a_company_takes_its_legal_suffix_into_the_surface(suffix: str) -> None:
    text = f"Shells from Rheinmetall{suffix} arrived."
    (mention,) = find_partners(text)
    assert mention.surface == f"Rheinmetall{suffix}"
    assert text[mention.start : mention.end] == mention.surface
    assert (mention.partner, mention.company) == ("DE", "Rheinmetall")


def test_a_lower_case_word_after_a_company_is_not_a_suffix() -> None:
    (mention,) = find_partners("Thales, the French group, and Saab as well.")[:1]
    assert mention.surface == "Thales"
    assert found("Saab as well") == [("Saab", "SE")]


def test_diacritics_in_a_company_name_are_optional() -> None:
    with_marks = find_partners("Konštrukta a.s. and Hägglunds")
    without = find_partners("Konstrukta a.s. and Hagglunds")
    assert [(m.partner, m.company) for m in with_marks] == [(m.partner, m.company) for m in without]
    assert [m.partner for m in without] == ["SK", "SE"]


@pytest.mark.parametrize(("surface", "pid"), GROUP_SURFACES)
def test_a_group_name_names_its_group(surface: str, pid: str) -> None:
    (mention,) = find_partners(f"Ministers met {surface} officials in the spring.")
    assert (mention.partner, mention.surface, mention.via) == (pid, surface, "group")


@pytest.mark.parametrize(("capital", "pid"), CAPITALS)
def test_four_capitals_stand_for_their_governments(capital: str, pid: str) -> None:
    (mention,) = find_partners(f"{capital} approved the transfer.")
    assert (mention.partner, mention.via) == (pid, "capital")


def test_brussels_is_ambiguous_and_names_no_partner() -> None:
    assert find_partners("Brussels approved the transfer.") == []


@pytest.mark.parametrize("surface", NEVER_SURFACES)
def test_ukraine_and_russia_are_never_partners(surface: str) -> None:
    assert find_partners(f"{surface} said the talks went well.") == []
    assert resolve_partner(surface) is None


def test_ukraine_and_russia_are_skipped_between_partners() -> None:
    text = "The Ukrainian-Polish venture sent Russian-made parts from Kyiv to Germany."
    assert found(text) == [("Polish", "PL"), ("Germany", "DE")]


@pytest.mark.parametrize(
    "text",
    [
        "focus",
        "bus",
        "status",
        "thus",
        "let us go",
        "USAID",
        "USD 5 million",
        "Museum",
        "EUR 10 million",
        "G77",
        "turkey for dinner",
        "fine china",
        "a hanging chad",
        "polish the boots",
        "Mr Chadwick",
        "Germanic languages",
        "Frenchman's Bay",
        "US$5 million",
        "New Jersey",
        "Latin American markets",
        "The Washington Post",
        "the Indian Ocean",
        "the High Tatras",
        "European Council on Foreign Relations",
    ],
)
def test_a_partner_name_inside_another_word_or_phrase_is_not_found(text: str) -> None:
    assert find_partners(text) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("US-made rockets", "US"),
        ("U.S.-made rockets", "U.S."),
        ("aid from the US.", "US"),
        ("aid (US) and more", "US"),
        ("the US's share", "US"),
        ("Germany's plant", "Germany"),
        ("NATO-standard shells", "NATO"),
        ("the EU's facility", "EU"),
    ],
)
def test_a_partner_name_is_found_at_word_boundaries(text: str, surface: str) -> None:
    assert [m.surface for m in find_partners(text)] == [surface]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("South Korean howitzers", [("South Korean", "KR")]),
        ("North Korean shells", [("North Korean", "KP")]),
        ("the Czech Republic sent", [("Czech Republic", "CZ")]),
        ("the Czech initiative", [("Czech", "CZ")]),
        ("the Belgian Ministry of Defense", [("Belgian", "BE")]),
        ("American Samoa", [("American Samoa", "AS")]),
        ("Israel Aerospace Industries", [("Israel Aerospace Industries", "IL")]),
        ("Thales Australia and Thales", [("Thales Australia", "AU"), ("Thales", "FR")]),
        ("the Ukraine Defense Contact Group", [("Ukraine Defense Contact Group", "UDCG")]),
        ("Council of the European Union", [("Council of the European Union", "EU")]),
    ],
)
def test_the_longest_name_wins(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_multi_word_name_may_break_across_lines() -> None:
    (mention,) = find_partners("aid from the Czech\nRepublic arrived")
    assert (mention.partner, mention.surface) == ("CZ", "Czech\nRepublic")


def test_a_curly_apostrophe_is_read_like_a_straight_one() -> None:
    assert found("C\u00f4te d\u2019Ivoire") == [("C\u00f4te d\u2019Ivoire", "CI")]


def test_mentions_are_in_text_order() -> None:
    text = "Denmark, the Netherlands and Rheinmetall joined Baykar and NATO."
    assert [m.partner for m in find_partners(text)] == ["DK", "NL", "DE", "TR", "NATO"]


def test_an_empty_text_names_no_partner() -> None:
    assert find_partners("") == []


def test_a_mention_cannot_be_changed() -> None:
    (mention,) = find_partners("Belgium")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mention.partner = "NL"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Properties of the finder

KNOWN: list[tuple[str, str | None]] = [
    *COUNTRY_NAMES,
    *DEMONYMS,
    *[(surface, pid) for surface, pid, _ in COMPANY_SURFACES],
    *GROUP_SURFACES,
    *CAPITALS,
    *[(surface, None) for surface in NEVER_SURFACES],
]
FILLER = ["signed", "with", "deal", "for", "shells", "new", "plant", "in", "to", "a", "on", "1,000"]
SPACES = st.sampled_from([" ", "  ", "\n", " \t "])


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    """A text of known names separated by filler words, and the partners it names in order."""
    parts: list[str] = []
    expected: list[tuple[str, str]] = []
    for surface, pid in draw(st.lists(st.sampled_from(KNOWN), max_size=8)):
        parts.extend(draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=3)))
        parts.append(surface)
        if pid is not None:
            expected.append((surface, pid))
    parts.extend(draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=3)))
    text = parts[0]
    for part in parts[1:]:
        text += draw(SPACES) + part
    return text, expected


def assert_well_formed(text: str, mentions: list[PartnerMention]) -> None:
    """Every mention slices back to its surface; mentions are ordered and do not overlap."""
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface
        assert previous_end <= mention.start < mention.end
        assert mention.partner not in NEVER_PARTNERS
        assert is_partner_id(mention.partner)
        assert (mention.company is not None) == (mention.via == "company")
        previous_end = mention.end


@given(sentences())
def test_known_names_among_filler_words_are_all_found_in_order(
    case: tuple[str, list[tuple[str, str]]],
) -> None:
    text, expected = case
    mentions = find_partners(text)
    assert_well_formed(text, mentions)
    assert [(m.surface, m.partner) for m in mentions] == expected


@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from([surface for surface, _ in KNOWN]),
            st.sampled_from([" ", ".", "-", "'s", "AG", "a.s.", ","]),
        ),
        max_size=12,
    )
)
def test_mentions_in_any_text_slice_back_to_their_surface_in_order(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert_well_formed(text, find_partners(text))


# --------------------------------------------------------------------------------------------
# Ids and display names


@pytest.mark.parametrize(("pid", "name"), sorted(GROUPS.items()))
def test_every_group_has_its_display_name(pid: str, name: str) -> None:
    assert partner_name(pid) == name
    assert is_partner_id(pid)


@pytest.mark.parametrize(
    ("pid", "name"),
    [
        ("BE", "Belgium"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("KR", "South Korea"),
        ("CZ", "Czechia"),
        ("TR", "Türkiye"),
        ("CD", "Democratic Republic of the Congo"),
        ("EU", "European Union"),
        ("NATO", "NATO"),
        ("UDCG", "Ukraine Defense Contact Group"),
        ("NORDIC", "Nordic countries"),
        ("G7", "G7"),
        ("UA", "Ukraine"),
    ],
)
def test_a_partner_id_has_a_display_name(pid: str, name: str) -> None:
    assert partner_name(pid) == name


@pytest.mark.parametrize("pid", ["XX", "be", "", "RU", "EUR", "USA", "Nordic"])
def test_an_unknown_id_raises_a_partner_error(pid: str) -> None:
    assert not is_partner_id(pid)
    with pytest.raises(PartnerError):
        partner_name(pid)


def test_a_partner_error_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        partner_name("XX")


def test_ukraine_is_a_partner_id_for_its_own_industry_but_russia_is_not() -> None:
    assert is_partner_id("UA")
    assert not is_partner_id("RU")
    assert frozenset({"UA", "RU"}) == NEVER_PARTNERS


@pytest.mark.parametrize("country", list(pycountry.countries), ids=lambda c: c.alpha_2)
def test_every_pycountry_name_resolves_to_a_partner_with_a_display_name(
    country: pycountry.db.Country,
) -> None:
    for field in ("name", "common_name", "official_name"):
        name = getattr(country, field, None)
        if name is None:
            continue
        pid = resolve_partner(name)
        if country.alpha_2 in NEVER_PARTNERS:
            assert pid is None
            continue
        assert pid == country.alpha_2
        display = partner_name(pid)
        assert display
        assert not display.endswith((" of", " of the"))


# --------------------------------------------------------------------------------------------
# Resolving one name


@pytest.mark.parametrize(
    ("name", "pid"),
    [
        ("belgium", "BE"),
        ("BELGIAN", "BE"),
        ("the netherlands", "NL"),
        ("The Netherlands", "NL"),
        ("czech republic", "CZ"),
        ("Korea, Republic of", "KR"),
        ("turkiye", "TR"),
        ("south korean", "KR"),
        ("u.s.", "US"),
        ("be", "BE"),
        ("gb", "GB"),
        ("nato", "NATO"),
        ("ramstein", "UDCG"),
        ("the Nordics", "NORDIC"),
        ("group of seven", "G7"),
        ("european peace facility", "EU"),
        ("Washington", "US"),
        ("rheinmetall ag", "DE"),
        ("Sellier and Bellot a.s.", "CZ"),
        ("  Denmark  ", "DK"),
    ],
)
def test_a_single_name_resolves_in_any_case(name: str, pid: str) -> None:
    assert resolve_partner(name) == pid


@pytest.mark.parametrize("name", ["Atlantis", "", "Brussels", "ukraine", "russia", "ua", "ru"])
def test_an_unknown_or_excluded_name_resolves_to_none(name: str) -> None:
    assert resolve_partner(name) is None


def test_every_surface_the_finder_knows_resolves_to_the_same_partner() -> None:
    for surface, alias in _surfaces().items():
        if alias.partner is None or alias.partner in NEVER_PARTNERS:
            continue
        assert resolve_partner(surface) == alias.partner, surface


# --------------------------------------------------------------------------------------------
# Companies


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("Rheinmetall AG", "DE"),
        ("rheinmetall", "DE"),
        ("BAE Systems plc", "GB"),
        ("Lockheed Martin Inc.", "US"),
        ("Babcock Ltd", "GB"),
        ("Thales S.A.", "FR"),
        ("Excalibur Army, a.s.", "CZ"),
        ("Konštrukta-Defence", "SK"),
        ("Konstrukta Defence a.s.", "SK"),
        ("CSG Group", "CZ"),
        ("Czechoslovak Group a.s.", "CZ"),
        ("Krauss Maffei Wegmann GmbH", "DE"),
        ("SELLIER & BELLOT", "CZ"),
        ("Naval Group", "FR"),
        ("the Baykar company", None),
        ("Naval", None),
        ("AG", None),
        ("Acme Defence", None),
        ("", None),
    ],
)
def test_a_company_name_gives_its_home_country(name: str, home: str | None) -> None:
    assert company_home(name) == home


@pytest.mark.parametrize(("company", "home"), sorted(COMPANIES.items()))
def test_every_known_company_is_found_and_resolved(company: str, home: str) -> None:
    assert company_home(company) == home
    assert resolve_partner(company) == home
    (mention,) = find_partners(f"A deal with {company} was signed.")
    assert (mention.partner, mention.company, mention.via) == (home, company, "company")
