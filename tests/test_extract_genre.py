"""Extraction on the ways real journalism says things: one test per class of phrasing.

Every sentence here is written for this file (never copied from an article), with several
phrasings and several partners per class, so that CI guards each class without the
development set's texts.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from timeline.articles import Article
from timeline.read import extract

PUBLISHED = date(2024, 5, 10)  # a Friday


def facts(text: str, published: date = PUBLISHED) -> list[tuple[str, tuple[str, ...], str]]:
    article = Article.from_text(text, published=published)
    return [(e.kind, e.partners, e.occurred.edtf()) for e in extract(article)]


def kinds(text: str, published: date = PUBLISHED) -> list[tuple[str, tuple[str, ...]]]:
    return [(kind, partners) for kind, partners, _ in facts(text, published)]


# -- lists of signed documents: one fact per item ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ukrainian firms signed four agreements with Italian manufacturers in Rome on 8 May. "
            "The first agreement covers the repair of howitzers with Leonardo. "
            "The second agreement concerns joint production of drones with Fincantieri. "
            "A third agreement, a memorandum of understanding with Iveco, deals with trucks.",
            [("agreement_signed", ("IT",))] * 3,
        ),
        (
            "Two deals on ammunition were concluded with German industry this week. "
            "The first contract, with Rheinmetall, is about artillery shells. "
            "The second contract relates to the licensed production of Diehl systems.",
            [("agreement_signed", ("DE",))] * 2,
        ),
    ],
)
def test_each_item_of_a_list_of_signed_documents_is_a_fact(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert kinds(text) == expected


def test_an_item_of_a_list_takes_the_date_of_the_signing() -> None:
    text = (
        "Ukraine and Poland signed three agreements on defence production on 6 May. "
        "The first agreement is with Huta Stalowa Wola on howitzers. "
        "The second agreement deals with repair of tanks by PGZ."
    )
    assert facts(text) == [("agreement_signed", ("PL",), "2024-05-06")] * 2


def test_an_enumerated_document_without_a_signing_before_it_is_no_fact() -> None:
    text = (
        "Ukraine has long sought help from European industry. "
        "The third agreement would cover repairs with Thales."
    )
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Czech firm Sellier & Bellot signed a deal with a Ukrainian company on a bullet plant on "
        "6 May. Colt CZ signed a deal on rifle production with another Ukrainian firm that day.",
        "On 6 May Saab signed a contract on radar repairs in Ukraine, and BAE Systems signed a "
        "contract on gun barrels.",
    ],
)
def test_deals_of_different_companies_on_one_day_are_different_facts(text: str) -> None:
    assert len([k for k, _ in kinds(text) if k == "agreement_signed"]) == 2


# -- deliveries under other verbs --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norway has begun shipping M113 carriers to Ukraine.", ("aid_delivered", ("NO",))),
        ("Italy started delivering the SAMP/T launchers last month.", ("aid_delivered", ("IT",))),
        (
            "The Danish minister confirmed the delivery of the first F-16 jets to Ukraine.",
            ("aid_delivered", ("DK",)),
        ),
        (
            "Poland officially confirmed the arrival of 14 Leopard tanks in Ukraine.",
            ("aid_delivered", ("PL",)),
        ),
    ],
)
def test_started_and_confirmed_deliveries_are_deliveries(
    text: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    assert kinds(text) == [expected]


def test_a_confirmed_intention_to_transfer_stays_a_commitment() -> None:
    text = "Belgium confirmed the transfer of F-16s to Ukraine in 2025."
    assert kinds(text) == [("aid_committed", ("BE",))]


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "Finland backs the shells effort. Its defence ministry has supplied a mine-clearing "
            "machine.",
            "FI",
        ),
        (
            "Austria is active in demining. The federal government has supplied two demining "
            "devices.",
            "AT",
        ),
    ],
)
def test_a_ministry_or_government_named_without_its_country_points_back(
    text: str, partner: str
) -> None:
    assert kinds(text) == [("aid_delivered", (partner,))]


# -- commitments of counted equipment, ratified deals -------------------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("Greece will send six armoured medical vehicles to Ukraine.", "GR"),
        ("Spain will provide 20 transport vehicles and ten generators.", "ES"),
        ("Canada is sending 200 armoured personnel vehicles.", "CA"),
    ],
)
def test_counted_equipment_makes_a_commitment_specific(text: str, partner: str) -> None:
    assert kinds(text) == [("aid_committed", (partner,))]


def test_vehicles_without_a_count_are_no_commitment() -> None:
    assert kinds("Spain will provide vehicles and other support.") == []


@pytest.mark.parametrize(
    ("text", "partner", "edtf"),
    [
        (
            "The Romanian parliament ratified on 7 May the agreement to provide armoured vehicles "
            "to Ukraine.",
            "RO",
            "2024-05-07",
        ),
        (
            "On Tuesday Slovak lawmakers ratified a deal to supply 30 infantry fighting vehicles.",
            "SK",
            "2024-05-07",
        ),
    ],
)
def test_a_ratified_deal_to_provide_equipment_commits_it(
    text: str, partner: str, edtf: str
) -> None:
    assert facts(text) == [("aid_committed", (partner,), edtf)]


# -- licences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("The licence to make 155 mm shells was granted by the Norwegian firm Nammo.", "NO"),
        ("Ukraine received a licence from Rheinmetall to produce ammunition.", "DE"),
        ("Kyiv obtained a production licence from Saab for its anti-tank weapons.", "SE"),
    ],
)
def test_a_granted_or_received_licence_is_an_agreement(text: str, partner: str) -> None:
    assert kinds(text) == [("agreement_signed", (partner,))]


# -- the outlet's own dollar -----------------------------------------------------------------


def _amounts(text: str, url: str) -> list[str]:
    article = attrs.evolve(Article.from_text(text, published=PUBLISHED), url=url)
    return [str(e.amount) for e in extract(article)]


@pytest.mark.parametrize(
    ("url", "currency"),
    [
        ("https://www.cbc.ca/news/politics/aid", "CAD"),
        ("https://ca.news.example.com/story", "CAD"),
        ("https://www.abc.net.au/news/aid", "AUD"),
        ("https://www.example.com/world/aid", "USD"),
    ],
)
def test_a_bare_dollar_is_the_outlets_own_dollar(url: str, currency: str) -> None:
    text = "Canada pledged $90 million for armoured vehicles for Ukraine on Monday."
    assert _amounts(text, url) == [f"90000000 {currency}"]


def test_a_us_dollar_stays_american_in_any_outlet() -> None:
    text = "Australia pledged US$50 million for drones for Ukraine on Monday."
    assert _amounts(text, "https://www.abc.net.au/news/aid") == ["50000000 USD"]


# -- meetings: frames, meetings in general, tours, who met whom --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "During the summit, Sweden announced new funding of SEK 2 billion for Ukraine.",
        "On the sidelines of the forum, Norway pledged NOK 500 million to Ukraine.",
        "The conference is part of a series of conferences held by Ukraine's partners.",
    ],
)
def test_a_meeting_as_a_frame_or_in_general_is_no_meeting(text: str) -> None:
    assert "meeting_held" not in [k for k, _ in kinds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister's trip to Kyiv followed a tour that took him to Poland and Romania.",
        "His visit to Ukraine came at the end of a tour of Latvia, Estonia and Lithuania.",
    ],
)
def test_places_on_a_tour_are_not_parties_of_a_visit(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("Pistorius met Zelensky in Kyiv on Monday.", ("DE",)),
        ("Ukraine's minister met his French counterpart on Monday.", ("FR",)),
        (
            "Italy pledged EUR 20 million for shells, and after months of delays, a large group of "
            "donor countries finally met and agreed on pilot training.",
            None,
        ),
    ],
)
def test_who_met_is_the_subject_or_object_of_met(
    text: str, partners: tuple[str, ...] | None
) -> None:
    meetings = [p for k, p in kinds(text) if k == "meeting_held"]
    assert meetings == ([] if partners is None else [partners])


# -- several subjects in one sentence ------------------------------------------------------------


def test_a_new_subject_with_its_own_verb_of_saying_is_its_own_clause() -> None:
    text = (
        "Canada announced a $28 million aid package, and Latvia said it would hand over "
        "all Stinger systems from its arsenal."
    )
    assert kinds(text) == [("aid_committed", ("CA",)), ("aid_committed", ("LV",))]


def test_countries_that_delivered_in_general_are_no_delivery() -> None:
    text = (
        "Norway pledged NOK 1 billion, and a coalition of countries that have delivered tanks met."
    )
    assert kinds(text) == [("aid_committed", ("NO",))]


# -- a publication known only by its month or year ------------------------------------------------


def _dated(published: str, body: str) -> list[tuple[str, str]]:
    article = Article.from_text(f"published: {published}\n\n{body}\n", name="a.txt")
    return [(e.kind, e.occurred.edtf()) for e in extract(article)]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (
            "2024-06",
            [
                ("aid_committed", "2024-05-20/2024-06-23"),
                ("aid_committed", "2024-03"),
                ("aid_delivered", "../2024-06-30"),
            ],
        ),
        (
            "2024",
            [
                ("aid_committed", "2023-12-25/2024-12-29"),
                ("aid_committed", "2023-03/2024-03"),
                ("aid_delivered", "../2024-12-31"),
            ],
        ),
        (
            "2024-06-12",
            [
                ("aid_committed", "2024-06-03/2024-06-09"),
                ("aid_committed", "2024-03"),
                ("aid_delivered", "../2024-06-12"),
            ],
        ),
    ],
)
def test_relative_dates_resolve_within_the_publications_precision(
    published: str, expected: list[tuple[str, str]]
) -> None:
    body = (
        "Poland pledged EUR 10 million for drones last week. Denmark approved a DKK 1 billion "
        "package in March. Norway delivered 20 trucks."
    )
    assert _dated(published, body) == expected


# -- how sure each reading is -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "confidence"),
    [
        ("Poland pledged EUR 10 million for drones on 6 May.", "high"),
        ("Germany delivered 14 howitzers to Ukraine on Monday.", "high"),
        ("Rheinmetall signed a contract on shells with Ukraine on 6 May.", "medium"),
        ("Pistorius pledged EUR 500 million for air defence on Monday.", "medium"),
        (
            "Kyiv and Paris discussed it; an agreement with France on drone repair was the result.",
            "medium",
        ),
        ("Sweden backs Ukraine. The country allocated SEK 1 billion for drones on 6 May.", "low"),
    ],
)
def test_each_event_says_how_sure_its_reading_is(text: str, confidence: str) -> None:
    events = extract(Article.from_text(text, published=PUBLISHED))
    assert [e.provenance.confidence for e in events][-1:] == [confidence]


# -- dates stated once for several facts -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Defence ministers met at Ramstein on 6 May. During the meeting, Sweden announced a "
        "SEK 2 billion package.",
        "Ukraine's backers met in Brussels on 6 May. At the opening of the meeting, Norway "
        "pledged NOK 600 million for air defence.",
    ],
)
def test_a_fact_made_at_a_meeting_takes_the_meetings_date(text: str) -> None:
    assert {edtf for _, _, edtf in facts(text)} == {"2024-05-06"}


def test_a_commitment_this_year_is_made_by_the_publication() -> None:
    text = "Belgium plans EUR 600 million of military aid in 2024. Belgium allocated EUR 100 "
    text += "million for F-16 maintenance this year."
    assert facts(text)[-1] == ("aid_committed", ("BE",), "2024-01-01/2024-05-10")


def test_partners_coordinated_across_a_clause_break_are_not_one_group() -> None:
    text = (
        "Spain sent trucks to a depot in Poland, and Latvia said it would hand over all "
        "Stinger systems from its arsenal."
    )
    assert ("aid_committed", ("LV",)) in kinds(text)


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("Kyiv's backers met at NATO headquarters on 6 May.", ("UDCG",)),
        ("Yoon met Zelensky in Kyiv on 6 May.", ("KR",)),
        ("Anand visited Kyiv on 6 May.", ("CA",)),
    ],
)
def test_partners_named_by_their_officials_or_as_kyivs_backers(
    text: str, partners: tuple[str, ...]
) -> None:
    assert kinds(text) == [("meeting_held", partners)]


# -- amounts stated apart from the fact -------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "The contract worth more than PLN 2 billion covers 40 howitzers.",
        "The deal, valued at EUR 300 million, covers drones and spare parts.",
    ],
)
def test_the_value_of_a_contract_named_before_is_its_amount(value: str) -> None:
    text = f"Poland and Ukraine signed a contract on howitzers on 2 May. Training goes on. {value}"
    [event] = extract(Article.from_text(text, published=PUBLISHED))
    assert (event.kind, event.partners, event.occurred.edtf()) == (
        "agreement_signed",
        ("PL",),
        "2024-05-02",
    )
    assert event.amount is not None
    assert event.amount.value > 0


@pytest.mark.parametrize(
    "text",
    [
        "The Danish government informed about a new aid package worth DKK 700 million.",
        "The Dutch ministry presented a EUR 150 million package for Ukraine.",
    ],
)
def test_a_package_presented_or_informed_about_is_committed(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["aid_committed"]


def test_a_contract_that_provides_for_production_is_no_delivery() -> None:
    text = "The contract provides for the production of 60 howitzers by Huta Stalowa Wola."
    assert "aid_delivered" not in [k for k, _ in kinds(text)]


# -- more ways to report a delivery, a memorandum, a visit --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recently Ukraine began receiving shells from Bulgaria.", ("aid_delivered", ("BG",))),
        (
            "Dutch jets were flown to Ukraine by Ukrainian pilots last week.",
            ("aid_delivered", ("NL",)),
        ),
        (
            "The first batch of Swedish CV90 vehicles has left the port bound for Ukraine.",
            ("aid_delivered", ("SE",)),
        ),
        ("Portugal has already handed over a mine-clearing machine.", ("aid_delivered", ("PT",))),
        (
            "Ukraine signed a statement of intent with Finland on drone production.",
            ("memorandum_signed", ("FI",)),
        ),
        ("Marles, visiting Kyiv, sat alongside the Ukrainian minister.", ("meeting_held", ("AU",))),
    ],
)
def test_more_phrasings_of_deliveries_memoranda_and_visits(
    text: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    assert kinds(text) == [expected]


def test_already_with_a_sum_is_a_total_not_a_delivery() -> None:
    assert kinds("Norway has already delivered NOK 10 billion in aid.") == []


def test_announced_before_a_noun_is_an_adjective() -> None:
    text = "Slovakia has handed over all 13 announced MiG-29 jets to Ukraine."
    assert kinds(text) == [("aid_delivered", ("SK",))]


def test_the_country_points_to_the_subject_of_the_sentence_before() -> None:
    text = (
        "Finland takes part in the tank coalition and the Czech ammunition initiative. "
        "The country allocated EUR 30 million for this in March."
    )
    assert facts(text) == [("aid_committed", ("FI",), "2024-03")]


def test_a_document_signed_with_a_named_partner_is_that_partners() -> None:
    text = "Ukraine signed a letter of intent with Sweden on CV90 vehicles built by BAE Systems."
    assert kinds(text) == [("memorandum_signed", ("SE",))]


def test_a_tour_stop_does_not_date_the_visit() -> None:
    text = (
        "Kishida met Zelensky in Kyiv on Tuesday. Kishida's visit to Kyiv capped a tour that "
        "took him to Poland and India last week."
    )
    assert facts(text) == [("meeting_held", ("JP",), "2024-05-07")]


# -- one fact told in two sentences: the amount in one, the date in the other --------------------


@pytest.mark.parametrize(
    "text",
    [
        "The United States will provide a new $300 million package for Ukraine. Austin "
        "announced the package at the opening of the meeting on 6 May.",
        "Canada is donating 100 armoured vehicles, the minister announced on 6 May. "
        "She said the vehicles are being purchased from a Canadian firm at a cost of $80 million.",
    ],
)
def test_an_amount_and_a_date_told_apart_make_one_fact(text: str) -> None:
    [event] = [
        e
        for e in extract(Article.from_text(text, published=PUBLISHED))
        if e.kind == "aid_committed"
    ]
    assert event.occurred.edtf() == "2024-05-06"
    assert event.amount is not None


def test_taking_part_in_development_is_no_aid() -> None:
    text = "Both companies will contribute to the development of the new shells."
    assert kinds(text) == []


def test_a_numbered_package_is_no_restatement_of_another_amount() -> None:
    text = (
        "Belgium will provide over EUR 600 million this year. In March, Belgium approved "
        "the fifteenth package of military assistance."
    )
    amounts = [str(e.amount) for e in extract(Article.from_text(text, published=PUBLISHED))]
    assert amounts == ["over 600000000 EUR", "None"]


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "The Latvian defence industry federation's chairman and a Ukrainian deputy minister "
            "of strategic industries on Thursday signed a cooperation agreement in Riga.",
            "LV",
        ),
        (
            "Norwegian arms maker Nammo's chief executive, together with Ukraine's minister of "
            "strategic industries, on 6 May signed a contract on shells.",
            "NO",
        ),
    ],
)
def test_a_long_subject_that_opens_the_clause_signs(text: str, partner: str) -> None:
    assert kinds(text) == [("agreement_signed", (partner,))]
