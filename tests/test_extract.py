"""Extraction: sentences with offsets, the rules per kind, and the properties every event keeps.

The fixture articles under ``tests/fixtures/articles/`` are written for these tests; their
facts, annotated by hand following ``shared/EVENTS.md``, are in ``tests/fixtures/expected.json``.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.articles import Article, load_article
from timeline.errors import ArticleError
from timeline.events import FACT_KINDS, Fact
from timeline.read import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    Sentence,
    extract,
    split_sentences,
)

# ``timeline.extract`` is also the name of the function the package re-exports.
extraction = importlib.import_module("timeline.read")

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ARTICLES = FIXTURES / "articles"
EXPECTED: dict[str, list[dict[str, Any]]] = json.loads(
    (FIXTURES / "expected.json").read_text(encoding="utf-8")
)["articles"]
SHIM = HERE / "extract_shim.py"


def _shared() -> Path | None:
    """The shared folder beside the repository (as CI lays it out), if there is one."""
    for candidate in (HERE.parent.parent / "shared", Path("/work/shared")):
        if (candidate / "eval" / "score.py").is_file():
            return candidate
    return None


SHARED = _shared()
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED is not None else []
SEED_PUBLISHED = {"002_d2e1215551977099.txt": date(2023, 12, 15)}


def _article(name: str) -> Article:
    return load_article(ARTICLES / name)


def _seed(path: Path) -> Article:
    return load_article(path, published=SEED_PUBLISHED.get(path.name))


def _all_articles() -> list[Article]:
    return [_article(name) for name in sorted(EXPECTED)] + [_seed(p) for p in SEEDS]


def _summary(event: Fact) -> dict[str, Any]:
    amount = getattr(event, "amount", None)
    factor = getattr(event, "factor", None)
    return {
        "kind": event.kind,
        "partners": list(event.partners),
        "occurred": event.occurred.edtf(),
        "amount": None if amount is None else str(amount),
        "factor": None if factor is None else f"{factor.value:f}",
    }


def _one(sentence: str, published: date | None = date(2024, 3, 15)) -> list[Fact]:
    return extract(Article.from_text(sentence, published=published))


# -- the fixture articles ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_article_yields_exactly_its_annotated_facts(name: str) -> None:
    events = extract(_article(name))
    want = [{k: v for k, v in fact.items() if k != "fields"} for fact in EXPECTED[name]]
    assert [_summary(e) for e in events] == want
    for event, fact in zip(events, EXPECTED[name], strict=True):
        for field, value in fact.get("fields", {}).items():
            got = getattr(event, field)
            assert (list(got) if isinstance(got, tuple) else got) == value, field


def test_the_fixtures_cover_every_kind_of_fact() -> None:
    kinds = {fact["kind"] for facts in EXPECTED.values() for fact in facts}
    assert kinds == {cls.kind for cls in FACT_KINDS}


# -- single sentences that must yield nothing -------------------------------------------------

NOTHING = [
    # negations
    "Spain has not delivered the promised Leopard tanks, Ukrainian officials said.",
    "Estonia did not sign the memorandum on drone production.",
    "Hungary refused to approve the €500 million tranche of the European Peace Facility.",
    "Italy never sent the SAMP/T battery it had promised.",
    # forecasts and plans
    "Domestic output of shells is expected to triple in 2025.",
    "Production of drones will increase fivefold next year, the minister said.",
    "Rheinmetall plans to open an ammunition plant in western Ukraine.",
    "Sweden aims to sign a contract with Ukraine on CV90 production.",
    "Norway intends to set up a joint venture with a Ukrainian drone maker.",
    "A Polish delegation is expected to arrive in Kyiv next week to sign contracts.",
    "The French defence minister will visit Kyiv in May.",
    "A summit of the Baltic states and Ukraine is planned for the autumn.",
    "Denmark is considering sending more F-16 jets to Ukraine.",
    "Kyiv and Berlin discussed the possible joint production of Leopard spare parts.",
    "The U.S. State Department approved a possible sale of radars to Ukraine worth $138 million.",
    # capacity claims and hypotheticals
    "With full funding, Ukraine could produce four million drones a year.",
    "Nammo is capable of doubling its output of artillery rounds.",
    "Germany would send Taurus missiles if its allies agreed.",
    "If parliament approves the budget, Denmark will send more F-16 jets in the summer.",
    "Finland might allocate €100 million to the drone coalition.",
    # cumulative totals restated as context
    "The U.S. has already given Ukraine more than $100 billion.",
    "Germany has provided €28 billion in military aid in total since 2022.",
    "Norway has so far delivered equipment worth NOK 30 billion.",
    "Since the start of the full-scale invasion, the Netherlands has sent 24 F-16 jets.",
    # combat, sanctions, accession politics, rhetoric
    "Ukrainian air defence shot down 24 Russian drones over Odesa overnight.",
    "The G7 imposed new sanctions on Russian banks that finance the arms industry.",
    "EU leaders discussed Ukraine's membership talks at the summit in Brussels.",
    "The European Council decided to open accession negotiations with Ukraine.",
    "Germany remains the second-largest donor of military aid after the United States.",
    "Poland received 20 Abrams tanks from the United States last year.",
    "Ukraine shot down drones that Iran supplied to Russia.",
    "Russia has received artillery shells from North Korea.",
    "Ukraine and Moldova signed an agreement on border cooperation.",
    # questions, no partner, unrelated uses of the trigger words
    "Will London finance more long-range missiles this year?",
    "Ukraine has signed dozens of contracts with Western partners.",
    "Given the shortage of shells, Germany asked industry to speed up deliveries.",
    "Swedish CV90 fighting vehicles meet NATO standards.",
    "The Polish minister gave a press conference in Warsaw.",
]


@pytest.mark.parametrize("sentence", NOTHING)
def test_a_sentence_outside_the_vocabulary_yields_no_event(sentence: str) -> None:
    assert _one(sentence) == []


# -- single sentences, one fact each ----------------------------------------------------------

ONE_FACT: list[tuple[str, str, list[str], str, str | None]] = [
    (
        "Ukraine's defence ministry signed a contract with Northrop Grumman to produce"
        " medium-calibre ammunition in Ukraine.",
        "agreement_signed",
        ["US"],
        "../2024-03-15",
        None,
    ),
    (
        "The European Union approved the eighth tranche of the European Peace Facility worth"
        " €500 million on Monday.",
        "aid_committed",
        ["EU"],
        "2024-03-11",
        "500000000 EUR",
    ),
    (
        "Finland's 21st defence materiel package, worth €188 million, was approved by President"
        " Stubb.",
        "aid_committed",
        ["FI"],
        "../2024-03-15",
        "188000000 EUR",
    ),
    (
        "Norway will allocate NOK 1 billion ($94 million) to the maritime coalition.",
        "aid_committed",
        ["NO"],
        "../2024-03-15",
        "1000000000 NOK",
    ),
    (
        "Scholz said Germany would deliver another Patriot system to Ukraine.",
        "aid_committed",
        ["DE"],
        "../2024-03-15",
        None,
    ),
    (
        "Berlin pledged another €500 million, bringing its total military aid to €28 billion.",
        "aid_committed",
        ["DE"],
        "../2024-03-15",
        "500000000 EUR",
    ),
    (
        "The United Kingdom is also sending 200 Brimstone missiles.",
        "aid_committed",
        ["GB"],
        "../2024-03-15",
        None,
    ),
    (
        "Ukraine will receive 10 Caesar howitzers from France by the end of the year.",
        "aid_committed",
        ["FR"],
        "../2024-03-15",
        None,
    ),
    (
        "The first F-16 jets have arrived in Ukraine from Denmark and the Netherlands.",
        "aid_delivered",
        ["DK", "NL"],
        "../2024-03-15",
        None,
    ),
    (
        "The EU disbursed €4.5 billion to Ukraine under the Ukraine Facility in March.",
        "aid_delivered",
        ["EU"],
        "2024-03",
        "4500000000 EUR",
    ),
    (
        "Earlier this month, Lithuania transferred generators worth €10 million to Ukraine.",
        "aid_delivered",
        ["LT"],
        "2024-03-01/2024-03-15",
        "10000000 EUR",
    ),
    (
        "Portugal and Ukraine concluded a memorandum on demining cooperation last week.",
        "memorandum_signed",
        ["PT"],
        "2024-03-04/2024-03-10",
        None,
    ),
    (
        "A joint venture between Ukroboronprom and BAE Systems produces spare parts for light"
        " guns.",
        "joint_venture_established",
        ["GB"],
        "../2024-03-15",
        None,
    ),
    (
        "Ukrainian and German defence officials held talks in Berlin last Thursday.",
        "meeting_held",
        ["DE"],
        "2024-03-14",
        None,
    ),
    (
        "President Zelensky met Rheinmetall chief executive Armin Papperger in Kyiv on 30 January.",
        "meeting_held",
        ["DE"],
        "2024-01-30",
        None,
    ),
]


@pytest.mark.parametrize(("sentence", "kind", "partners", "occurred", "amount"), ONE_FACT)
def test_a_sentence_of_the_genre_yields_its_one_fact(
    sentence: str, kind: str, partners: list[str], occurred: str, amount: str | None
) -> None:
    (event,) = _one(sentence)
    summary = _summary(event)
    assert (summary["kind"], summary["partners"], summary["occurred"], summary["amount"]) == (
        kind,
        partners,
        occurred,
        amount,
    )


def test_several_pledges_in_one_sentence_are_one_event_each_with_their_own_partner() -> None:
    events = _one(
        "Denmark pledged DKK 500 million, while the Netherlands added €50 million and"
        " an additional €20 million for demining."
    )
    assert [(e.partners, str(getattr(e, "amount", None))) for e in events] == [
        (("DK",), "500000000 DKK"),
        (("NL",), "50000000 EUR"),
        (("NL",), "20000000 EUR"),
    ]


def test_countries_that_jointly_finance_one_purchase_are_partners_of_one_event() -> None:
    (event,) = _one(
        "The purchase of 100,000 shells is financed by Germany, Denmark and the Netherlands,"
        " the Czech defence ministry said."
    )
    assert (event.kind, event.partners) == ("aid_committed", ("DE", "DK", "NL"))


def test_a_delivery_date_is_the_expected_delivery_not_the_date_of_the_commitment() -> None:
    (event,) = _one(
        "In December, the Belgian defence minister confirmed the intention to transfer F-16"
        " fighter jets to Ukraine in 2025.",
        published=date(2024, 1, 30),
    )
    assert event.kind == "aid_committed"
    assert str(event.occurred) == "2023-12"
    assert str(getattr(event, "expected_delivery", None)) == "2025"


def test_an_announcement_date_after_a_future_transfer_dates_the_commitment() -> None:
    (event,) = _one(
        "Japan will provide $4.5 billion in support for Ukraine, the prime minister said on"
        " 12 March."
    )
    assert str(event.occurred) == "2024-03-12"


def test_a_numbered_package_keeps_its_number() -> None:
    (event,) = _one("On Tuesday, Sweden approved its fifteenth military aid package for Ukraine.")
    assert getattr(event, "package_number", None) == 15


def test_production_growth_is_ukraines_and_dated_by_its_period() -> None:
    events = _one(
        "In 2023-2024, Ukrainian production of mortars increased threefold and of shells by 62%."
    )
    assert [(e.partners, str(e.occurred), _summary(e)["factor"]) for e in events] == [
        (("UA",), "2023/2024", "3"),
        (("UA",), "2023/2024", "1.62"),
    ]


def test_growth_since_the_invasion_runs_from_its_start_to_publication() -> None:
    (event,) = _one("Since the full-scale invasion, Ukraine's arms output has grown 20 times.")
    assert str(event.occurred) == "2022-02-24/2024-03-15"


def test_a_sentence_that_points_back_takes_the_partner_named_just_before() -> None:
    article = Article.from_text(
        "Denmark approved a new package for Ukraine on Tuesday.\n\n"
        "The country will also provide DKK 1.2 billion for drones.\n",
        published=date(2024, 5, 6),
    )
    assert [(e.partners, str(getattr(e, "amount", None))) for e in extract(article)] == [
        (("DK",), "None"),
        (("DK",), "1200000000 DKK"),
    ]


def test_without_a_partner_named_nearby_a_sentence_yields_nothing() -> None:
    article = Article.from_text(
        "France and Italy met in Rome.\n\nThe country will also provide €1 billion.\n",
        published=date(2024, 5, 6),
    )
    assert [e.kind for e in extract(article)] == ["meeting_held"]


def test_the_same_fact_mentioned_twice_is_one_event_with_the_more_precise_date() -> None:
    article = Article.from_text(
        "Lithuania and Ukraine sign a memorandum on drones\n\n"
        "Lithuania and Ukraine signed a memorandum on drones in Vilnius on 20 February.\n",
        published=date(2024, 3, 1),
    )
    (event,) = extract(article)
    assert (event.kind, str(event.occurred)) == ("memorandum_signed", "2024-02-20")
    assert event.provenance.quote is not None
    assert event.provenance.quote.startswith("Lithuania")
    assert "Vilnius" in event.provenance.quote


def test_without_a_publication_date_relative_dates_are_unknown_and_absolute_ones_resolve() -> None:
    events = extract(_article("11_no_published.txt"))
    assert [str(e.occurred) for e in events] == ["2024-02-15", "..", ".."]


def test_a_follow_up_sentence_about_the_document_dates_the_memorandum_before_it() -> None:
    article = Article.from_text(
        "The defence ministries of Ukraine and Bulgaria signed a memorandum on cooperation.\n\n"
        "The document was signed by the two ministers in Kyiv on October 10.\n",
        published=date(2023, 10, 12),
    )
    (event,) = extract(article)
    assert (event.kind, event.partners, str(event.occurred)) == (
        "memorandum_signed",
        ("BG",),
        "2023-10-10",
    )


def test_a_headline_amount_in_another_currency_is_the_same_commitment() -> None:
    article = Article.from_text(
        "Finland unveils $190 million package for Ukraine\n\n"
        "Finland on Tuesday announced its 24th package for Ukraine, worth EUR 170 million"
        " ($190 million).\n",
        published=date(2024, 9, 27),
    )
    (event,) = extract(article)
    assert (str(getattr(event, "amount", None)), str(event.occurred)) == (
        "170000000 EUR",
        "2024-09-24",
    )


def test_links_to_other_articles_and_photo_captions_are_not_read() -> None:
    article = Article.from_text(
        "Read also: Norway pledges NOK 5 billion for air defence\n\n"
        "Photo: Danish F-16 jets handed over to Ukraine\n",
        published=date(2024, 9, 27),
    )
    assert extract(article) == []


@pytest.mark.parametrize(
    ("sentence", "partners"),
    [
        ("Germany, which will host the next meeting, pledged €500 million for drones.", ["DE"]),
        ("Despite Hungary's veto threats, the EU approved €5 billion for Ukraine.", ["EU"]),
        ("Lithuania has already allocated €10 million for the drone coalition.", ["LT"]),
        ("Sweden announced its 16th package worth SEK 13 billion, the largest so far.", ["SE"]),
    ],
)
def test_asides_and_superlatives_do_not_hide_a_commitment(
    sentence: str, partners: list[str]
) -> None:
    (event,) = _one(sentence)
    assert (event.kind, list(event.partners)) == ("aid_committed", partners)


@pytest.mark.parametrize(
    "sentence",
    [
        "Denmark and Sweden finance Ukrainian howitzers as Kyiv signs drone deals.",
        "Patria is in talks about assembling armoured vehicles in Ukraine.",
        "The share of private firms in Ukraine's defence output rose from 40% to 65%.",
        "Sweden's Saab tripled its production of Carl-Gustaf rounds.",
        "Germany pledged €1.5 billion, including €500 million for air defence.",
    ],
)
def test_look_alikes_yield_no_extra_fact(sentence: str) -> None:
    assert len(_one(sentence)) <= 1
    assert all(e.kind == "aid_committed" for e in _one(sentence))


def test_a_name_that_ends_in_a_year_is_not_a_date() -> None:
    (event,) = _one("France delivered the first Mirage 2000 jets to Ukraine on 6 February.")
    assert str(event.occurred) == "2024-02-06"


def test_an_undated_growth_figure_takes_the_period_stated_just_before() -> None:
    article = Article.from_text(
        "In 2023, Ukraine tripled its production of defence goods.\n\n"
        "According to the minister, mortar production increased 42 times.\n",
        published=date(2024, 1, 12),
    )
    assert [(str(e.occurred), _summary(e)["factor"]) for e in extract(article)] == [
        ("2023", "3"),
        ("2023", "42"),
    ]


def test_every_event_names_its_source_extractor_and_rule() -> None:
    article = _article("03_germany_rheinmetall.txt")
    for event in extract(article):
        p = event.provenance
        assert (p.article_id, p.url, p.outlet, p.published) == (
            article.id,
            article.url,
            article.source,
            article.published,
        )
        assert (p.extractor, p.extractor_version) == (EXTRACTOR_NAME, EXTRACTOR_VERSION)
        assert p.rule is not None
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", p.rule)


# -- the parties of the sentence before ("The two companies", "Both firms") ------------------


def _events(text: str, published: date = date(2024, 11, 20)) -> list[tuple[str, list[str]]]:
    article = Article.from_text(text, published=published)
    return [(e.kind, list(e.partners)) for e in extract(article)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Ukrainian armour maker Praktika and a Slovak engineering group registered a joint"
            " company in Kosice in May.\n\nThe partners later concluded a licence agreement for"
            " wheeled carriers.\n",
            [("joint_venture_established", ["SK"]), ("agreement_signed", ["SK"])],
        ),
        (
            "Ukroboronprom hosted Norway's Nammo in Lviv on Monday.\n\n"
            "The two companies signed a memorandum on propellant production.\n",
            [("memorandum_signed", ["NO"])],
        ),
        (
            "Ukraine, Latvia and Estonia held talks on air defence in Tallinn on Monday.\n\n"
            "The three countries also signed a letter of intent on radar production.\n",
            [("meeting_held", ["EE", "LV"]), ("memorandum_signed", ["EE", "LV"])],
        ),
        (
            "Ukrainian and Polish officials held talks in Rzeszow on Monday.\n\n"
            "The two sides met again in Lviv on Friday.\n",
            [("meeting_held", ["PL"]), ("meeting_held", ["PL"])],
        ),
        (
            "A Ukrainian drone maker and Germany's Quantum Systems opened a plant in Kyiv.\n\n"
            "Both firms later set up a joint venture for spare parts.\n",
            [("joint_venture_established", ["DE"])],
        ),
    ],
)
def test_a_clause_whose_subject_is_the_parties_before_takes_their_partners(
    text: str, want: list[tuple[str, list[str]]]
) -> None:
    assert _events(text) == want


def test_the_parties_before_bring_their_companies_along() -> None:
    article = Article.from_text(
        "Ukroboronprom and Czechoslovak Group set up a joint venture in Prague last year.\n\n"
        "Both firms also concluded a service contract for self-propelled howitzers.\n",
        published=date(2024, 11, 20),
    )
    agreement = extract(article)[-1]
    assert (agreement.kind, agreement.partners) == ("agreement_signed", ("CZ",))
    assert set(getattr(agreement, "companies", ())) == {"Czechoslovak Group", "Ukroboronprom"}


@pytest.mark.parametrize(
    "text",
    [
        # a pair of partners without Ukraine are a pair of their own
        "Germany and France pledged new aid.\n\n"
        "The two countries also signed a memorandum on tank production.\n",
        # two separate partners before: no one clear set
        "Spain sent tanks, while Italy sent missiles.\n\n"
        "The two countries signed a memorandum on demining.\n",
        # a plural that is not the subject
        "Sweden approved a package.\n\nUkraine thanked the partners for their support.\n",
    ],
)
def test_the_parties_before_are_taken_only_when_they_are_one_clear_set(text: str) -> None:
    assert "memorandum_signed" not in [kind for kind, _ in _events(text)]


# -- future commitments with an amount ----------------------------------------------------------

FUTURE_COMMITMENTS: list[tuple[str, str, str, str, str | None]] = [
    (
        "Sweden will double its military aid for Ukraine to SEK 40 billion next year, the"
        " finance minister said on 12 November.",
        "SE",
        "2024-11-12",
        "40000000000 SEK",
        "2025",
    ),
    (
        "Norway will raise its support to Ukraine to NOK 35 billion in 2025.",
        "NO",
        "../2024-11-20",
        "35000000000 NOK",
        "2025",
    ),
    (
        "The Netherlands will increase its contribution to the drone coalition by €400 million.",
        "NL",
        "../2024-11-20",
        "400000000 EUR",
        None,
    ),
    (
        "Japan plans to increase aid to Ukraine from $4 billion to $6 billion in 2025.",
        "JP",
        "../2024-11-20",
        "6000000000 USD",
        "2025",
    ),
    (
        "Italy intends to give €500 million for air defence, the minister said on Tuesday.",
        "IT",
        "2024-11-19",
        "500000000 EUR",
        None,
    ),
    (
        "Portugal is also to provide €80 million for demining equipment.",
        "PT",
        "../2024-11-20",
        "80000000 EUR",
        None,
    ),
]


@pytest.mark.parametrize(
    ("sentence", "partner", "occurred", "amount", "expected"), FUTURE_COMMITMENTS
)
def test_a_future_commitment_of_an_amount_is_dated_when_announced(
    sentence: str, partner: str, occurred: str, amount: str, expected: str | None
) -> None:
    (event,) = _one(sentence, published=date(2024, 11, 20))
    summary = _summary(event)
    assert (summary["kind"], summary["partners"], summary["occurred"], summary["amount"]) == (
        "aid_committed",
        [partner],
        occurred,
        amount,
    )
    due = getattr(event, "expected_delivery", None)
    assert (None if due is None else str(due)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Austria plans to establish a demining centre in Ukraine.",
        "Rheinmetall plans to provide €200 million for a plant in Ukraine.",
        "Germany expects to increase its military aid to €8 billion.",
        "Germany aims to raise its aid to €8 billion next year.",
        "Lithuania will increase its support for Ukraine, the president said.",
        "Germany will increase its defence spending to €90 billion.",
        "Estonia is not planning to allocate €100 million.",
        "The Netherlands could increase its aid to €3 billion.",
        "Finland intends to add another EUR 20 million next year.",
    ],
)
def test_plans_without_a_giving_verb_and_an_amount_stay_plans(sentence: str) -> None:
    assert _one(sentence, published=date(2024, 11, 20)) == []


# -- the main verb decides, not a participle that modifies a noun ------------------------------


@pytest.mark.parametrize(
    ("sentence", "partners", "occurred"),
    [
        (
            "The first NASAMS launcher promised by Norway reached Ukraine in November 2022.",
            ["NO"],
            "2022-11",
        ),
        ("Howitzers pledged by Croatia were handed over in August.", ["HR"], "2024-08"),
        ("Funds approved by Belgium were transferred in June.", ["BE"], "2024-06"),
        ("Shells produced by Rheinmetall arrived in Ukraine in July.", ["DE"], "2024-07"),
        ("Drones promised last spring were handed over to Ukraine by Latvia.", ["LV"], None),
    ],
)
def test_a_participle_modifies_its_noun_and_the_main_verb_gives_the_kind(
    sentence: str, partners: list[str], occurred: str | None
) -> None:
    (event,) = _one(sentence, published=date(2024, 11, 20))
    assert (event.kind, list(event.partners)) == ("aid_delivered", partners)
    if occurred is not None:
        assert event.occurred.edtf() == occurred


def test_a_subject_with_its_verb_is_no_participle() -> None:
    events = _one("The Dutch government pledged €100 million and delivered 20 tanks in May.")
    assert [e.kind for e in events] == ["aid_committed", "aid_delivered"]


# -- negation, "yet", "without", things still awaited -----------------------------------------

NOT_YET = [
    "The Leopard tanks promised by Greece were never delivered.",
    "The howitzers pledged by Portugal have not yet been delivered.",
    "The second batch of Swedish CV90 vehicles has not been handed over.",
    "The Slovak howitzers are still awaiting delivery.",
    "Deliveries of the launchers promised by Norway last year are still pending.",
    "With Poland, no contract has been signed on shell production.",
    "A Czech firm began assembling drones in Ukraine without signing a contract.",
    "Denmark has yet to deliver the promised F-16 jets.",
    "The radars financed by Germany are still to be delivered.",
]


@pytest.mark.parametrize("sentence", NOT_YET)
def test_a_fact_that_did_not_happen_yet_is_no_event(sentence: str) -> None:
    assert _one(sentence, published=date(2024, 11, 20)) == []


# -- "given" and other verbs that may report a figure rather than a transfer ------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Kyiv counted 40 new tanks, below the higher figure given earlier by Berlin.",
        "The estimate the Estonian ministry had given earlier included 200 drones.",
        "The Pentagon provided new information about the Patriot missiles.",
        "Germany gave an interview on air defence.",
        "The number of shells was given to parliament by the Czech minister.",
        "The package approved by Denmark on Tuesday includes drones to be delivered next year.",
    ],
)
def test_a_reported_figure_is_no_delivery(sentence: str) -> None:
    assert all(e.kind != "aid_delivered" for e in _one(sentence, published=date(2024, 11, 20)))


@pytest.mark.parametrize(
    "sentence",
    [
        "Germany has given Ukraine 18 Leopard tanks.",
        "Ten howitzers were given to Ukraine by Portugal in March.",
    ],
)
def test_given_with_its_auxiliary_and_recipient_is_a_delivery(sentence: str) -> None:
    (event,) = _one(sentence, published=date(2024, 11, 20))
    assert event.kind == "aid_delivered"


# -- fields hold their noun phrase ---------------------------------------------------------------


def test_a_scope_stops_before_its_date_place_and_quote() -> None:
    (event,) = _one(
        "Romania and Ukraine signed a memorandum on the repair of armoured vehicles in"
        " Bucharest on 4 March, the ministry said."
    )
    assert getattr(event, "scope", None) == "the repair of armoured vehicles"
    (event,) = _one(
        "Ukraine signed a letter of intent with Spain on Friday on the supply of mines."
    )
    assert getattr(event, "scope", None) == "the supply of mines"


def test_an_agreements_scope_and_product_are_not_the_same_text() -> None:
    (event,) = _one(
        "Ukraine concluded a contract with two Finnish firms to jointly build much-needed"
        " armoured ambulances."
    )
    assert getattr(event, "scope", None) == "joint construction of armoured ambulances"
    assert getattr(event, "product", None) == "armoured ambulances"
    (event,) = _one("Ukraine signed a contract with Saab for additional Carl-Gustaf rounds.")
    assert getattr(event, "product", None) == "Carl-Gustaf rounds"
    assert getattr(event, "scope", None) is None


def test_a_sector_is_what_grew_not_who_reported_it() -> None:
    (event,) = _one("The defence ministry says the country's missile output doubled in 2023.")
    assert getattr(event, "sector", None) == "missile output"
    (event,) = _one("Ukraine's drone industry increased its output by 40% in 2023.")
    assert getattr(event, "sector", None) == "output"


def test_a_joint_ventures_product_is_its_object() -> None:
    (event,) = _one(
        "Rheinmetall and Ukroboronprom established a joint venture to service and repair"
        " tanks supplied by Western countries."
    )
    assert getattr(event, "product", None) == "tanks"


# -- one fact, mentioned in a headline and in the body -----------------------------------------


def test_a_headline_in_another_currency_is_not_a_second_commitment() -> None:
    article = Article.from_text(
        "Poland approves $250 million package for Ukraine\n\n"
        "The Polish government on Monday approved a PLN 1 billion military aid package.\n",
        published=date(2024, 11, 20),
    )
    assert [(e.kind, str(getattr(e, "amount", None))) for e in extract(article)] == [
        ("aid_committed", "1000000000 PLN")
    ]


def test_a_body_line_that_repeats_the_title_is_a_headline() -> None:
    article = Article.from_text(
        "title: Portugal approves new aid package.\npublished: 2024-11-20\n\n"
        "Portugal approves new aid package.\n\n"
        "On Monday, Portugal approved a €100 million package for Ukraine.\n"
    )
    assert [(e.kind, str(e.occurred)) for e in extract(article)] == [
        ("aid_committed", "2024-11-18")
    ]


def test_a_headline_is_a_fact_when_the_body_does_not_report_it() -> None:
    article = Article.from_text(
        "Croatia hands over helicopters\n\nThe Croatian minister visited Kyiv on Monday.\n",
        published=date(2024, 11, 20),
    )
    assert sorted(e.kind for e in extract(article)) == ["aid_delivered", "meeting_held"]


def test_a_mention_without_its_amount_is_the_fact_with_the_amount() -> None:
    article = Article.from_text(
        "Iceland backs Ukraine\n\n"
        "On 3 November, Iceland approved ISK 4 billion in aid for Ukraine.\n\n"
        "Iceland also approved a new package, the government said.\n",
        published=date(2024, 11, 20),
    )
    assert [(str(getattr(e, "amount", None)), str(e.occurred)) for e in extract(article)] == [
        ("4000000000 ISK", "2024-11-03"),
    ]


def test_a_mention_that_says_more_than_the_fact_with_the_amount_is_its_own_fact() -> None:
    article = Article.from_text(
        "Iceland backs Ukraine\n\n"
        "On 3 November, Iceland approved ISK 4 billion in aid for Ukraine.\n\n"
        "Earlier this month, Iceland also confirmed it will send ambulances to Ukraine.\n",
        published=date(2024, 11, 20),
    )
    assert [(str(getattr(e, "amount", None)), str(e.occurred)) for e in extract(article)] == [
        ("4000000000 ISK", "2024-11-03"),
        ("None", "2024-11-01/2024-11-20"),
    ]


# -- properties on every fixture and seed article ---------------------------------------------


@pytest.mark.parametrize("article", _all_articles(), ids=lambda a: a.path or a.id)
def test_every_event_points_at_the_sentence_it_came_from(article: Article) -> None:
    for event in extract(article):
        p = event.provenance
        assert p.start is not None
        assert p.end is not None
        assert article.body[p.start : p.end] == p.quote


@pytest.mark.parametrize("article", _all_articles(), ids=lambda a: a.path or a.id)
def test_extraction_is_deterministic(article: Article) -> None:
    assert extract(article) == extract(article)


@pytest.mark.parametrize("article", _all_articles(), ids=lambda a: a.path or a.id)
def test_ukraine_and_russia_are_never_partners_except_ukraines_own_production(
    article: Article,
) -> None:
    for event in extract(article):
        if event.kind == "production_increased":
            assert event.partners == ("UA",)
        else:
            assert event.partners
            assert not {"UA", "RU"} & set(event.partners)


@pytest.mark.parametrize("article", _all_articles(), ids=lambda a: a.path or a.id)
def test_events_come_in_the_order_of_their_sentences(article: Article) -> None:
    starts = [e.provenance.start or 0 for e in extract(article)]
    assert starts == sorted(starts)


_GENRE_WORDS = st.sampled_from(
    [
        "Germany",
        "Poland",
        "signed",
        "pledged",
        "delivered",
        "memorandum",
        "contract",
        "joint",
        "venture",
        "€5",
        "million",
        "$1.2bn",
        "tripled",
        "62%",
        "in",
        "June",
        "last",
        "week",
        "on",
        "Friday",
        "2023-2024",
        "will",
        "not",
        "could",
        "if",
        "U.S.",
        "Lt.",
        "Gen.",
        "No.",
        "15",
        ".",
        ",",
        ";",
        "?",
        "\n",
        "\n\n",
        "Ukraine",
        "Russia",
        "NATO",
        "Ramstein",
        "met",
        "talks",
        "package",
        "fifteenth",
        "by",
        "from",
        "the",
        "with",
        "and",
        "\u2019",
        "“",
        "”",
    ]
)


@given(st.lists(st.one_of(_GENRE_WORDS, st.text(max_size=12)), max_size=60).map(" ".join))
def test_extract_never_raises_on_any_text(text: str) -> None:
    try:
        article = Article.from_text(text, published=date(2024, 1, 30))
    except ArticleError:
        return
    events = extract(article)
    for event in events:
        p = event.provenance
        assert p.start is not None
        assert p.end is not None
        assert article.body[p.start : p.end] == p.quote


# -- sentences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The U.S. and Lt. Gen. Smith met Dr. Brown. Package No. 15 costs $2.5 bn.",
            ["The U.S. and Lt. Gen. Smith met Dr. Brown.", "Package No. 15 costs $2.5 bn."],
        ),
        (
            "It was signed on Jan. 15 in Kyiv. Output rose 2.5 times.",
            ["It was signed on Jan. 15 in Kyiv.", "Output rose 2.5 times."],
        ),
        (
            'He said: "We signed it. It matters." Then he left.',
            ['He said: "We signed it.', 'It matters."', "Then he left."],
        ),
        (
            "The aid came from the U.S. The Netherlands sent jets too.",
            ["The aid came from the U.S.", "The Netherlands sent jets too."],
        ),
        (
            "Joe R. Biden signed it at 8 p.m. on Friday.",
            ["Joe R. Biden signed it at 8 p.m. on Friday."],
        ),
        (
            "A heading without a stop\n\nPhoto: a caption\nFirst sentence. Second one!",
            ["A heading without a stop", "Photo: a caption", "First sentence.", "Second one!"],
        ),
        (
            "A sentence that is wrapped\nacross two lines ends here.\nNext line.",
            ["A sentence that is wrapped\nacross two lines ends here.", "Next line."],
        ),
    ],
)
def test_sentences_split_at_their_ends_and_not_at_abbreviations(
    text: str, sentences: list[str]
) -> None:
    assert [s.text for s in split_sentences(text)] == sentences


@given(st.text(alphabet=st.sampled_from(list('ab. \n"?!U.S,1')), max_size=200))
def test_sentences_slice_the_text_and_come_in_order_without_surrounding_space(text: str) -> None:
    previous_end = 0
    for sentence in split_sentences(text):
        assert isinstance(sentence, Sentence)
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        previous_end = sentence.end


def test_a_huge_body_and_a_huge_line_finish_in_seconds() -> None:
    sentence = "Germany pledged €5 million to Ukraine on 3 March. Poland signed a memorandum. "
    bodies = [sentence * 130_000, "word " * 200_000, "U.S. " * 200_000, "\n" * 1_000_000]
    for body in bodies:
        article = Article(
            id="art-huge",
            title=None,
            body=body,
            published=date(2024, 3, 15),
            published_text=None,
            source=None,
            url=None,
            path=None,
            content_hash="0",
        )
        began = time.perf_counter()
        extract(article)
        assert time.perf_counter() - began < 10


# -- the scorer, run as CI runs it -------------------------------------------------------------


@pytest.mark.skipif(SHARED is None, reason="the shared folder with the scorer is not beside us")
def test_the_scorer_rates_extraction_on_the_seed_articles_above_the_bar() -> None:
    assert SHARED is not None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(HERE.parent / "src"), str(HERE), env.get("PYTHONPATH", "")]
    )
    command = f"{sys.executable} {SHIM} {{path}}"
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            str(SHARED / "seeds" / "gold.json"),
            str(SHARED / "seeds"),
            "--cmd",
            command,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    scores = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", last)}
    assert scores["f1"] >= 0.90, result.stdout
    for attribute in ("amount_acc", "date_acc", "factor_acc"):
        assert scores[attribute] >= 0.90, result.stdout


def test_the_public_names_are_exported() -> None:
    assert extraction.__all__ == sorted(extraction.__all__)
    public = {n for n in vars(extraction) if not n.startswith("_") and n.isidentifier()}
    assert set(extraction.__all__) <= public
    assert EXTRACTOR_NAME == "timeline.rules"
    assert isinstance(EXTRACTOR_VERSION, str)
