"""Extraction of aid on more of the ways real journalism says it: budgets and plans that set
money aside for Ukraine, a speaker's own government in a quote, announcing verbs that only
report a delivery.

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


def facts(text: str, published: date = PUBLISHED) -> list[tuple[str, tuple[str, ...], str, str]]:
    article = Article.from_text(text, published=published)
    return [
        (e.kind, e.partners, e.occurred.edtf(), str(getattr(e, "amount", None)))
        for e in extract(article)
    ]


# -- an adopted budget, plan or programme that sets money aside for Ukraine -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Norway has thanked its allies. The national budget this week saw NOK 2 billion "
            "for Ukraine.",
            [("aid_committed", ("NO",), "2024-05-06/2024-05-10", "2000000000 NOK")],
        ),
        (
            "The Estonian defence ministry has adopted a long-term plan to help Ukraine, which "
            "envisages €120 million of military assistance for Kyiv in 2024-2027.",
            [("aid_committed", ("EE",), "../2024-05-10", "120000000 EUR")],
        ),
        (
            "Belgium's new programme foresees €300 million for Ukraine's air defence.",
            [("aid_committed", ("BE",), "../2024-05-10", "300000000 EUR")],
        ),
        (
            "The Danish budget adopted on Tuesday includes DKK 500 million in support for "
            "Ukraine.",
            [("aid_committed", ("DK",), "2024-05-07", "500000000 DKK")],
        ),
        (
            "Ireland's government approved its spending law. The law provides for €50 million "
            "of non-lethal aid to Ukraine.",
            [("aid_committed", ("IE",), "../2024-05-10", "50000000 EUR")],
        ),
    ],
)
def test_a_budget_or_plan_that_sets_money_aside_for_ukraine_commits_it(
    text: str, expected: list[tuple[str, tuple[str, ...], str, str]]
) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a draft, a proposal, a budget to come: not adopted
        "The Dutch draft budget envisages €500 million for Ukraine.",
        "Sweden's proposed plan would include SEK 1 billion for Ukraine.",
        "Next year's Finnish budget includes €100 million for Ukraine.",
        # a company's plan is no government's commitment
        "Rheinmetall's plan envisages €200 million of investment in Ukraine.",
        # no money for Ukraine: a budget's own figures
        "The Polish defence budget saw PLN 100 billion for the army's own modernisation.",
        # without an amount, a plan is only a plan
        "Canada's new plan envisages more support for Ukraine.",
        # a bill is a proposal until it is passed
        "The bill, which includes $61 billion for Ukraine, is stuck in Congress.",
        # a plan that was stopped
        "The plan, which foresees €50 billion for Ukraine, was blocked by Hungary.",
    ],
)
def test_a_draft_a_company_plan_or_a_budget_for_something_else_commits_nothing(
    text: str,
) -> None:
    assert [f for f in facts(text) if f[0] == "aid_committed"] == []


# -- the speaker's own government in a quote ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "Defence Secretary Grant Shapps spoke in London on Monday. He said: \u201cThe "
            "Ukrainians are brave. Our new government has confirmed \u00a31 billion a year to "
            "help Ukraine.\u201d",
            "GB",
        ),
        (
            "Prime Minister Kristersson addressed parliament. \u201cOur government has "
            "pledged SEK 5 billion for Ukraine,\u201d he said.",
            "SE",
        ),
        (
            "Pevkur spoke to reporters in Tallinn. \u201cMy country has allocated \u20ac40 "
            "million to support Ukraine,\u201d the minister said.",
            "EE",
        ),
    ],
)
def test_our_government_in_a_quote_is_the_speakers(text: str, partner: str) -> None:
    assert [(k, p) for k, p, _, _ in facts(text) if k == "aid_committed"] == [
        ("aid_committed", (partner,))
    ]


def test_our_government_in_ukrainian_words_is_no_partner() -> None:
    text = (
        "Umerov met Pistorius in Berlin on Monday. \u201cOur government has allocated UAH 3 "
        "billion for drones,\u201d Umerov said afterwards."
    )
    assert [f for f in facts(text) if f[0] == "aid_committed"] == []


# -- an announcing verb that only reports a delivery ------------------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("Latvia announced that it handed over armoured vehicles to Ukraine on 8 May.", "LV"),
        (
            "The Finnish ministry confirmed on Wednesday that it had delivered howitzers to "
            "Ukraine.",
            "FI",
        ),
        ("Portugal revealed that it has sent three helicopters to Kyiv.", "PT"),
    ],
)
def test_announcing_a_delivery_is_the_delivery_only(text: str, partner: str) -> None:
    assert [(k, p) for k, p, _, _ in facts(text)] == [("aid_delivered", (partner,))]


def test_announcing_a_commitment_is_still_a_commitment() -> None:
    text = "Spain announced that it will send six Leopard tanks to Ukraine."
    assert [(k, p) for k, p, _, _ in facts(text)] == [("aid_committed", ("ES",))]


# -- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A Ukrainian plant (renamed in 2019 after a merger) and Poland's PGZ signed an "
            "agreement on the joint production of tank shells.",
            "../2024-05-10",
        ),
        (
            "Saab (founded in 1937 in Trollhättan) signed a contract on radar repairs with "
            "Ukraine.",
            "../2024-05-10",
        ),
        (
            "Ukraine signed a contract with Rheinmetall (on 6 May) on the repair of tanks.",
            "2024-05-06",
        ),
    ],
)
def test_a_date_in_a_remark_in_parentheses_does_not_date_the_fact(
    text: str, expected: str
) -> None:
    assert [(k, d) for k, _, d, _ in facts(text)] == [("agreement_signed", expected)]


@pytest.mark.parametrize(
    ("text", "amount", "expected"),
    [
        (
            "Today's announcement and the promised radars make up the $500 million in aid "
            "Prime Minister Trudeau announced in the fall.",
            "500000000 USD",
            "2023-09/2023-11",
        ),
        (
            "Monday's delivery of the pledged shells completes the €80 million package that "
            "Pistorius announced in March.",
            "80000000 EUR",
            "2024-03",
        ),
    ],
)
def test_a_participle_used_as_an_adjective_leaves_the_amount_to_its_own_verb(
    text: str, amount: str, expected: str
) -> None:
    committed = [(a, d) for k, _, d, a in facts(text) if k == "aid_committed"]
    assert committed == [(amount, expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The minister said that in 2023 drone production in Ukraine tripled, and in the "
            "first 8 months of this year it doubled again.",
            ["2023", "2024-01/2024-08"],
        ),
        (
            "Ukraine's shell output grew fivefold in 2023 and rose by 50% in the first three "
            "months of this year.",
            ["2023", "2024-01/2024-03"],
        ),
    ],
)
def test_each_growth_figure_of_a_sentence_keeps_its_own_period(
    text: str, expected: list[str]
) -> None:
    assert [d for k, _, d, _ in facts(text) if k == "production_increased"] == expected


# -- a numbered aid plan is a package; its two mentions are one fact -------------------------


@pytest.mark.parametrize(
    ("text", "partner", "amount", "expected"),
    [
        (
            "As part of its 12th military aid plan, Belgium is allocating \u20ac80 million for "
            "ammunition for Ukraine. The Belgian government approved the 12th aid plan on "
            "Tuesday, the minister said.",
            "BE",
            "80000000 EUR",
            "2024-05-07",
        ),
        (
            "Sweden approved its 15th support package for Ukraine on Monday. Under the 15th "
            "package, Sweden will provide SEK 6 billion in equipment.",
            "SE",
            "6000000000 SEK",
            "2024-05-06",
        ),
    ],
)
def test_two_mentions_of_one_numbered_package_are_one_commitment(
    text: str, partner: str, amount: str, expected: str
) -> None:
    assert [f for f in facts(text) if f[0] == "aid_committed"] == [
        ("aid_committed", (partner,), expected, amount)
    ]


def test_differently_numbered_packages_stay_apart() -> None:
    text = (
        "Denmark approved its 18th aid package on Monday. Denmark's 19th aid package will "
        "provide DKK 2 billion for Ukraine."
    )
    assert [d for k, _, d, _ in facts(text) if k == "aid_committed"] == [
        "2024-05-06",
        "../2024-05-10",
    ]


# -- "the first country to supply": a delivery done -----------------------------------------


@pytest.mark.parametrize(
    ("text", "partner", "expected"),
    [
        (
            "Britain in March became the first country to start supplying Kyiv with cruise "
            "missiles.",
            "GB",
            "2024-03",
        ),
        (
            "Norway was the only partner to deliver air defence systems to Ukraine last week.",
            "NO",
            "2024-04-29/2024-05-05",
        ),
        ("Poland was the first to send MiG-29 jets to Ukraine in 2023.", "PL", "2023"),
    ],
)
def test_the_first_country_to_supply_delivered(text: str, partner: str, expected: str) -> None:
    assert facts(text) == [("aid_delivered", (partner,), expected, "None")]


@pytest.mark.parametrize(
    "text",
    [
        "Canada wants to be the first country to send F-16 jets to Ukraine.",
        "Spain will become the second nation to supply Leopard tanks to Ukraine.",
        "Italy could be the first partner to deliver SAMP/T systems to Ukraine.",
    ],
)
def test_wanting_to_be_the_first_to_supply_is_no_delivery(text: str) -> None:
    assert [f for f in facts(text) if f[0] == "aid_delivered"] == []


# -- two deliveries in one sentence, each with its own date ---------------------------------


@pytest.mark.parametrize(
    ("text", "partner", "expected"),
    [
        (
            "Slovenia has handed over all ten tanks to Ukraine. After four tanks were shipped "
            "by rail in March, the remaining six have now been delivered, it was announced on "
            "Monday.",
            "SI",
            ["2024-03", "2024-05-06"],
        ),
        (
            "The Netherlands sent its last F-16 jets to Ukraine this spring. Once six jets were "
            "flown in by Dutch pilots in April, the other four arrived on Wednesday.",
            "NL",
            ["2024-04", "2024-05-08"],
        ),
    ],
)
def test_a_delivery_in_a_clause_of_time_and_the_main_one_are_two(
    text: str, partner: str, expected: list[str]
) -> None:
    delivered = [(p, d) for k, p, d, _ in facts(text) if k == "aid_delivered"]
    assert delivered == [((partner,), d) for d in expected]


def test_a_clause_of_time_without_a_delivery_dates_nothing_of_its_own() -> None:
    text = "After months of delays in March, Greece delivered six howitzers to Ukraine on 8 May."
    assert facts(text) == [("aid_delivered", ("GR",), "2024-05-08", "None")]


# -- an agreement told by "agreed to collaborate with X on joint work" -----------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "A private Ukrainian drone maker agreed to collaborate with Thales on the joint "
            "development of reconnaissance drones.",
            "FR",
        ),
        (
            "A Ukrainian shipyard agreed to cooperate with Damen on the repair of patrol boats.",
            "NL",
        ),
        ("Ukroboronprom agreed with Rheinmetall to jointly produce artillery shells.", "DE"),
        ("A Kharkiv firm agreed to team up with Saab on the production of radar parts.", "SE"),
    ],
)
def test_agreeing_with_a_partner_on_joint_defence_work_is_an_agreement(
    text: str, partner: str
) -> None:
    assert [(k, p) for k, p, _, _ in facts(text)] == [("agreement_signed", (partner,))]


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine agreed to cooperate with Poland in the fight against smuggling.",
        "Kyiv agreed with Berlin that more air defence is needed.",
        "A Ukrainian firm may agree to collaborate with Thales on the development of radars.",
        "Ukraine has not agreed to cooperate with Baykar on the production of drones.",
    ],
)
def test_agreeing_on_something_else_or_not_yet_is_no_agreement(text: str) -> None:
    assert [f for f in facts(text) if f[0] == "agreement_signed"] == []


# -- a sentence that adds to those before reports a fact of its own ------------------------


@pytest.mark.parametrize(
    "opening",
    ["Additionally, a Lviv firm", "In addition, a Lviv firm", "Moreover, a Lviv firm"],
)
def test_an_added_agreement_with_the_same_company_is_another_fact(opening: str) -> None:
    text = (
        "A Kyiv firm signed a contract with Thales on radar repairs on 8 May. "
        f"{opening} agreed to collaborate with Thales on the joint development of drones."
    )
    assert [(k, d) for k, _, d, _ in facts(text)] == [
        ("agreement_signed", "2024-05-08"),
        ("agreement_signed", "../2024-05-10"),
    ]


def test_a_restatement_without_an_additive_opening_is_the_same_fact() -> None:
    text = (
        "A Lviv firm signed a contract with Thales on radar repairs on 8 May. "
        "The contract with Thales covers radar repairs."
    )
    assert [(k, d) for k, _, d, _ in facts(text)] == [("agreement_signed", "2024-05-08")]


# -- "reached an agreement" is no delivery ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine has reached an agreement with Rheinmetall on the joint production of shells.",
        "Kyiv and Warsaw reached a preliminary deal on repairing Krab howitzers.",
    ],
)
def test_reaching_an_agreement_is_no_delivery(text: str) -> None:
    assert [f for f in facts(text) if f[0] == "aid_delivered"] == []


# -- a quotation before its report does not govern it ----------------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "\u201cOur weapons should be made at home,\u201d the president wrote after a meeting "
            "with the BAE chief executive on Tuesday.",
            "GB",
        ),
        (
            "\u201cWe could do much more together,\u201d Zelensky said after talks with "
            "Pistorius in Kyiv on Tuesday.",
            "DE",
        ),
    ],
)
def test_cues_inside_a_closed_quotation_do_not_stop_the_report(
    text: str, partner: str
) -> None:
    assert facts(text) == [("meeting_held", (partner,), "2024-05-07", "None")]


def test_cues_of_the_quotation_still_govern_what_it_says() -> None:
    text = "\u201cGermany could deliver more tanks to Ukraine,\u201d Pistorius said on Tuesday."
    assert facts(text) == []


# -- a subject that points back is the giver, not a place after the verb --------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "Baykar is Turkey's largest drone maker. The manufacturer had earlier provided "
            "drones for free to volunteer groups in Lithuania and Poland.",
            "TR",
        ),
        (
            "Rheinmetall has opened a plant in Ukraine. The company also delivered armoured "
            "vehicles to units stationed in Poland.",
            "DE",
        ),
    ],
)
def test_a_subject_that_points_back_gives_the_aid(text: str, partner: str) -> None:
    assert [(k, p) for k, p, _, _ in facts(text) if k == "aid_delivered"] == [
        ("aid_delivered", (partner,))
    ]


# -- a promise by a partner, named by its noun --------------------------------------------


@pytest.mark.parametrize(
    ("text", "partner", "expected"),
    [
        (
            "The delivery fulfils a promise by Portuguese Prime Minister Costa made in February "
            "that Portugal would supply several battle tanks.",
            "PT",
            "2024-02",
        ),
        (
            "Italy kept its promise to deliver air defence systems to Ukraine.",
            "IT",
            "../2024-05-10",
        ),
        ("Spain made a promise in March to send Leopard tanks to Ukraine.", "ES", "2024-03"),
        (
            "The shipment honours a promise from the Dutch government to send howitzers to Kyiv.",
            "NL",
            "../2024-05-10",
        ),
    ],
)
def test_a_promise_of_named_weapons_is_a_commitment(
    text: str, partner: str, expected: str
) -> None:
    assert [(p, d) for k, p, d, _ in facts(text) if k == "aid_committed"] == [
        ((partner,), expected)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It is a promise to help Ukraine for as long as it takes.",
        "Greece made no promise that it would supply tanks.",
    ],
)
def test_a_promise_without_a_specific_object_or_denied_is_nothing(text: str) -> None:
    assert [f for f in facts(text) if f[0] == "aid_committed"] == []


# -- Ukraine as the one receiving: the partner is the one who says so or gives -------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("Czech President Petr Pavel announced Ukraine would receive 50,000 shells.", "CZ"),
        ("Pistorius said Ukraine will receive 20 more Leopard tanks.", "DE"),
        ("Sweden's minister confirmed that Kyiv is to receive two radar aircraft.", "SE"),
    ],
)
def test_ukraine_will_receive_is_a_commitment_of_the_partner_who_announces_it(
    text: str, partner: str
) -> None:
    assert [(k, p) for k, p, _, _ in facts(text) if k.startswith("aid")] == [
        ("aid_committed", (partner,))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Poland received Abrams tanks from the US.",
        "The jets were sent to Poland, where all the aid that partners send to Ukraine is "
        "received and sorted.",
    ],
)
def test_a_partner_receiving_is_no_aid_to_ukraine(text: str) -> None:
    assert [f for f in facts(text) if f[0].startswith("aid")] == []


def test_a_report_after_with_and_a_participle_is_a_clause_of_its_own() -> None:
    text = (
        "Petr Pavel announced Ukraine would receive 50,000 shells in June, with deliveries "
        "rising to 100,000 rounds a month since March."
    )
    assert [(k, p) for k, p, _, _ in facts(text)] == [("aid_committed", ("CZ",))]


# -- "one" standing for the licence or agreement named before ------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "This is the second licence Ukraine holds for 155 mm shells. The first one was "
            "granted by KNDS.",
            "FR",
        ),
        (
            "Kyiv now has three contracts for drone engines. The earliest one was signed with "
            "Saab.",
            "SE",
        ),
    ],
)
def test_one_standing_for_a_licence_named_before_is_that_document(
    text: str, partner: str
) -> None:
    assert [(k, p) for k, p, _, _ in facts(text)] == [("agreement_signed", (partner,))]


def test_one_without_a_document_before_is_nothing() -> None:
    text = "Ukraine has many allies. The first one was granted by Rheinmetall."
    assert facts(text) == []


# -- a package of weapons beside an amount, by the same verb -------------------------------


@pytest.mark.parametrize(
    ("text", "partner", "amount"),
    [
        (
            "Our new government has confirmed \u00a32 billion a year to help Ukraine and a new "
            "package of shells, drones and air defence missiles, the minister said.",
            "GB",
            "2000000000 GBP",
        ),
        (
            "Norway pledged NOK 5 billion for Ukraine and a further package of artillery "
            "ammunition and mine-clearing vehicles.",
            "NO",
            "5000000000 NOK",
        ),
    ],
)
def test_an_amount_and_a_package_of_weapons_are_two_commitments(
    text: str, partner: str, amount: str
) -> None:
    text = "Grant Shapps spoke in London. " + text if partner == "GB" else text
    assert [(p, a) for k, p, _, a in facts(text) if k == "aid_committed"] == [
        ((partner,), amount),
        ((partner,), "None"),
    ]


def test_announcing_an_intention_to_transfer_named_weapons_is_a_commitment() -> None:
    text = (
        "In December, the minister confirmed that Belgium intends to transfer F-16 jets to "
        "Ukraine in 2025."
    )
    assert facts(text) == [("aid_committed", ("BE",), "2023-12", "None")]


# -- a report that takes up the aid just named dates it ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Austria allocated \u20ac5 million for demining in Ukraine. The support package is "
            "meant to help farmers, the government wrote in a statement on Wednesday.",
            "2024-05-08",
        ),
        (
            "Ireland has earmarked \u20ac20 million for Ukraine's army. This money will buy "
            "medical kits, the defence minister said on Monday.",
            "2024-05-06",
        ),
    ],
)
def test_the_report_that_takes_up_an_undated_commitment_dates_it(
    text: str, expected: str
) -> None:
    assert [d for k, _, d, _ in facts(text) if k == "aid_committed"] == [expected]


def test_a_later_sentence_about_something_else_dates_nothing() -> None:
    text = (
        "Austria allocated \u20ac5 million for demining in Ukraine. Farmers returned to their "
        "fields, the minister said on Wednesday."
    )
    assert [d for k, _, d, _ in facts(text) if k == "aid_committed"] == ["../2024-05-10"]


# -- what a meeting's participant said right after it ---------------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "Kishida met Zelensky in Hiroshima on Sunday. Kishida said that Japan will provide "
            "100 trucks to Ukraine.",
            "JP",
        ),
        (
            "Pistorius held talks with Umerov in Kyiv on Sunday. Pistorius announced that "
            "Germany will deliver four IRIS-T launchers.",
            "DE",
        ),
    ],
)
def test_a_commitment_announced_right_after_a_meeting_dates_from_it(
    text: str, partner: str
) -> None:
    assert [(p, d) for k, p, d, _ in facts(text) if k == "aid_committed"] == [
        ((partner,), "2024-05-05/2024-05-10")
    ]


def test_a_commitment_by_someone_else_after_a_meeting_keeps_its_own_date() -> None:
    text = (
        "Kishida met Zelensky in Hiroshima on Sunday. Pistorius said that Germany will "
        "provide 100 trucks to Ukraine."
    )
    assert [(p, d) for k, p, d, _ in facts(text) if k == "aid_committed"] == [
        (("DE",), "../2024-05-10")
    ]
