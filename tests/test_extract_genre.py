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
        "6 May. Colt CZ signed a deal on rifle production with another Ukrainian firm the same day.",
        "On 6 May Saab signed a contract on radar repairs in Ukraine, and BAE Systems signed a "
        "contract on gun barrels.",
    ],
)
def test_deals_of_different_companies_on_one_day_are_different_facts(text: str) -> None:
    assert len([k for k, _ in kinds(text) if k == "agreement_signed"]) == 2
