"""Extraction on the ways real journalism says things: one test per class of phrasing.

Every sentence here is written for this file (never copied from an article), with several
phrasings and several partners per class, so that CI guards each class without the
development set's texts.
"""

from __future__ import annotations

from datetime import date

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
        ("Finland backs the ammunition effort. Its defence ministry has supplied a mine-clearing "
         "machine.", "FI"),
        ("Austria is active in demining. The federal government has supplied two demining "
         "devices.", "AT"),
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
        ("The Romanian parliament ratified on 7 May the agreement to provide armoured vehicles "
         "to Ukraine.", "RO", "2024-05-07"),
        ("On Tuesday Slovak lawmakers ratified a deal to supply 30 infantry fighting vehicles.",
         "SK", "2024-05-07"),
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
