"""Extraction on classes found by the probe corpus (`tests/fixtures/probe/`): a bare
memorandum in an article about defence, commitment words that only describe delivered items,
a firm's deals with third countries, a relative clause between a signer and its verb, and
dates stated once for a paragraph.

Every sentence here is written for this file, with several phrasings and partners per class.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.articles import Article
from timeline.read import extract

PUBLISHED = date(2024, 5, 10)  # a Friday


def facts(
    text: str, title: str = "", published: date = PUBLISHED
) -> list[tuple[str, tuple[str, ...], str]]:
    body = f"{title}\n\n{text}" if title else text
    article = Article.from_text(body, published=published)
    return [(e.kind, e.partners, e.occurred.edtf()) for e in extract(article)]


# -- a bare memorandum or agreement in an article whose title or lead is about defence -------


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "Denmark and Ukraine widen defence industry ties",
            "Denmark signed a memorandum with Ukraine on Monday.",
            [("memorandum_signed", ("DK",), "2024-05-06")],
        ),
        (
            "Arms makers look east",
            "Portugal and Ukraine signed a memorandum of understanding on Wednesday.",
            [("memorandum_signed", ("PT",), "2024-05-08")],
        ),
        (
            "Military aid: what the week brought",
            "A letter of intent was signed with Estonia on Thursday.",
            [("memorandum_signed", ("EE",), "2024-05-09")],
        ),
        (
            "Weapons production at the top of the agenda",
            "Latvia concluded an agreement with Ukraine on Tuesday.",
            [("agreement_signed", ("LV",), "2024-05-07")],
        ),
    ],
)
def test_bare_memorandum_counts_in_a_defence_article(
    title: str, text: str, expected: list[tuple[str, tuple[str, ...], str]]
) -> None:
    assert facts(text, title) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Denmark and Ukraine widen defence industry ties",
            "Denmark also signed an agreement on energy cooperation with Ukraine on Tuesday.",
        ),
        (
            "Arms makers look east",
            "Portugal signed a memorandum with Ukraine on grain exports on Wednesday.",
        ),
        (
            "Military aid: what the week brought",
            "Estonia and Ukraine signed a memorandum on education and student exchanges.",
        ),
        (
            # no defence in title or lead: a bare memorandum stays unread, as before
            "Ministers meet in Vilnius",
            "Lithuania signed a memorandum with Ukraine on Monday.",
        ),
    ],
)
def test_other_topics_and_other_articles_stay_out(title: str, text: str) -> None:
    assert facts(text, title) == []


# -- commitment words that only describe what was delivered ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Norway has handed over the last of its promised NASAMS launchers.",
            [("aid_delivered", ("NO",), "../2024-05-10")],
        ),
        (
            "Sweden has delivered all of the pledged Archer howitzers to Ukraine.",
            [("aid_delivered", ("SE",), "../2024-05-10")],
        ),
        (
            "Lithuania said that Ukraine has received the first anti-drone systems bought "
            "with Lithuanian funds.",
            [("aid_delivered", ("LT",), "../2024-05-10")],
        ),
        (
            "Canada has handed over armoured vehicles purchased with Canadian money.",
            [("aid_delivered", ("CA",), "../2024-05-10")],
        ),
    ],
)
def test_promised_or_financed_items_delivered_are_one_delivery(
    text: str, expected: list[tuple[str, tuple[str, ...], str]]
) -> None:
    assert facts(text) == expected


def test_a_commitment_with_its_own_verb_after_a_delivery_stays() -> None:
    found = facts("Germany delivered ten tanks on Monday and pledged €50 million more.")
    assert [kind for kind, _, _ in found] == ["aid_delivered", "aid_committed"]


# -- a firm's deals with third countries -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Saab also holds contracts with Poland and Brazil for Gripen jets.",
        "The German company's contracts with Hungary and Italy for Lynx vehicles are not "
        "affected.",
        "Kongsberg has also signed contracts with Lithuania and Qatar for its air-defence "
        "systems.",
        "The French group's agreements with India and Greece cover fighter jets.",
    ],
)
def test_a_firms_export_deals_are_no_partners(text: str) -> None:
    assert facts(text) == []


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        (
            "General Dynamics, which also supplies shells to Israel and Taiwan, signed a "
            "contract with Ukraine's defence ministry on Thursday.",
            ("US",),
        ),
        (
            "Rheinmetall, which also builds vehicles for Hungary, signed an agreement with "
            "Ukraine on ammunition production on Thursday.",
            ("DE",),
        ),
        (
            "Ukraine signed a memorandum with the Czech group CSG on ammunition on Thursday.",
            ("CZ",),
        ),
    ],
)
def test_the_signer_is_read_past_its_relative_clause(
    text: str, partners: tuple[str, ...]
) -> None:
    assert [(p, d) for _, p, d in facts(text)] == [(partners, "2024-05-09")]


# -- a passive signing takes the partner before it; "during the visit" takes the visit's date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "French Defence Minister Sébastien Lecornu arrived in Kyiv on Tuesday for a "
            "two-day visit. During the visit, a contract for the supply of twelve howitzers "
            "was signed, and the two ministries signed a letter of intent on artillery "
            "production.",
            {
                "meeting_held": "2024-05-07",
                "agreement_signed": "2024-05-07",
                "memorandum_signed": "2024-05-07",
            },
        ),
        (
            "Italy's defence minister visited Kyiv on Monday. During the trip, a deal on "
            "the repair of air-defence systems was signed.",
            {"meeting_held": "2024-05-06", "agreement_signed": "2024-05-06"},
        ),
        (
            "Polish Defence Minister Wladyslaw Kosiniak-Kamysz arrived in Kyiv on Wednesday "
            "for talks. A memorandum on joint ammunition production was signed during the visit.",
            {"meeting_held": "2024-05-08", "memorandum_signed": "2024-05-08"},
        ),
    ],
)
def test_a_passive_signing_during_a_visit(text: str, expected: dict[str, str]) -> None:
    found = facts(text, "Defence ministers meet in Kyiv")
    assert {kind: when for kind, _, when in found} == expected
    assert len({partners for _, partners, _ in found}) == 1


# -- "signed a document on ...", and "also signed" as a second document ------------------------


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("Sweden signed a document on cooperation in air-defence production with Ukraine.",
         ("SE",)),
        ("Stockholm also signed a document on drone production with Kyiv.", ("SE",)),
        ("Ukraine and Finland signed a document on the joint repair of armoured vehicles.",
         ("FI",)),
    ],
)
def test_a_signed_document_on_a_topic_is_a_memorandum(
    text: str, partners: tuple[str, ...]
) -> None:
    assert facts(text) == [("memorandum_signed", partners, "../2024-05-10")]


@pytest.mark.parametrize(
    "second",
    [
        "Stockholm also signed a document on drone production with Kyiv.",
        "Sweden separately signed a memorandum on the repair of armoured vehicles.",
        "The Swedish government also concluded an agreement with Ukraine on mine clearance "
        "equipment.",
    ],
)
def test_also_signed_is_a_second_document(second: str) -> None:
    first = "A memorandum on ammunition production was signed on Wednesday by Sweden's Saab."
    found = facts(f"{first} {second}", "Sweden widens arms cooperation")
    assert len(found) == 2
    assert {partners for _, partners, _ in found} == {("SE",)}


# -- a commitment in a relative clause about named weapons -----------------------------------


@pytest.mark.parametrize(
    ("text", "committed"),
    [
        (
            "The ATACMS missiles, which the U.S. approved in secret in February, arrived in "
            "Ukraine in March.",
            ("aid_committed", ("US",), "2024-02"),
        ),
        (
            "The Leopard tanks, which the Spanish government approved in January, were handed "
            "over in April.",
            ("aid_committed", ("ES",), "2024-01"),
        ),
        (
            "The howitzers, which Denmark approved last year, reached Ukraine in March.",
            ("aid_committed", ("DK",), "2023"),
        ),
    ],
)
def test_weapons_approved_in_a_relative_clause_are_committed(
    text: str, committed: tuple[str, tuple[str, ...], str]
) -> None:
    found = facts(text)
    assert committed in found
    assert [kind for kind, _, _ in found].count("aid_delivered") == 1


# -- a date stated once for a list of signings -----------------------------------------------


@pytest.mark.parametrize(
    ("summary", "when"),
    [
        (
            "At the two-day arms fair in Paris that opened on Monday, Ukrainian companies "
            "signed several agreements.",
            "2024-05-06",
        ),
        ("Six documents were signed in Kyiv on Wednesday.", "2024-05-08"),
        ("Last week, Ukrainian manufacturers concluded a number of contracts.",
         "2024-04-29/2024-05-05"),
    ],
)
def test_listed_signings_take_the_summary_date(summary: str, when: str) -> None:
    items = (
        "They included a contract with Sweden's Saab on simulator maintenance, an agreement "
        "with the Dutch shipbuilder Damen on boat repair, and a memorandum with the Czech "
        "group CSG on ammunition."
    )
    found = facts(f"{summary} {items}", "Defence industry deals")
    assert sorted(found) == sorted(
        [
            ("agreement_signed", ("SE",), when),
            ("agreement_signed", ("NL",), when),
            ("memorandum_signed", ("CZ",), when),
        ]
    )


def test_a_later_undated_signing_far_from_the_summary_keeps_its_own_date() -> None:
    text = (
        "Ukrainian companies signed several agreements on Monday. "
        + "Officials praised the talks. " * 7
        + "Latvia signed a memorandum with Ukraine on drone production."
    )
    found = facts(text, "Defence industry deals")
    assert found == [("memorandum_signed", ("LV",), "../2024-05-10")]


# -- found by the second probe: joint financing "will together pay for", "agreed with
# -- Ukraine", asides that list third countries, passives with "first" ------------------------


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        (
            "Germany and the Netherlands will together pay for 15 air-defence systems made in "
            "Ukraine.",
            ("DE", "NL"),
        ),
        ("Sweden and Norway will jointly finance 18 howitzers built in Ukraine.", ("NO", "SE")),
        ("Denmark will also pay for 20 drones produced by Ukrainian firms.", ("DK",)),
    ],
)
def test_paying_together_for_weapons_is_a_commitment(
    text: str, partners: tuple[str, ...]
) -> None:
    assert facts(text) == [("aid_committed", partners, "../2024-05-10")]


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        (
            "BAE Systems, which builds guns for Sweden, Norway and the US, agreed with Ukraine "
            "in April to repair L119 guns on Ukrainian soil.",
            ("GB",),
        ),
        (
            "Rheinmetall agreed with Ukraine in April to produce shells in Ukraine.",
            ("DE",),
        ),
        (
            "The Czech group CSG agreed with Ukroboronprom in April to jointly manufacture "
            "ammunition.",
            ("CZ",),
        ),
    ],
)
def test_a_firm_that_agreed_with_ukraine_is_the_partner(
    text: str, partners: tuple[str, ...]
) -> None:
    assert facts(text) == [("agreement_signed", partners, "2024-04")]


@pytest.mark.parametrize(
    "second",
    [
        "The Bushmasters, also used by the Netherlands and Japan, were first promised in 2022.",
        "The Bushmaster vehicles, also operated by Britain and New Zealand, were first "
        "promised in 2022.",
    ],
)
def test_partners_in_an_aside_are_not_the_passives_partner(second: str) -> None:
    first = "Australia has sent Ukraine a further batch of Bushmaster vehicles."
    found = facts(f"{first} {second}")
    assert found == [
        ("aid_delivered", ("AU",), "../2024-05-10"),
        ("aid_committed", ("AU",), "2022"),
    ]


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        (
            "Lithuania's defence minister and Rustem Umerov signed a declaration on drone "
            "production in Vilnius on Wednesday.",
            ("LT",),
        ),
        ("Greece and Ukraine signed a joint declaration on naval drones on Wednesday.", ("GR",)),
        (
            "A declaration on the joint repair of howitzers was signed with Croatia on "
            "Wednesday.",
            ("HR",),
        ),
    ],
)
def test_a_signed_declaration_on_defence_is_a_memorandum(
    text: str, partners: tuple[str, ...]
) -> None:
    assert ("memorandum_signed", partners, "2024-05-08") in facts(text)


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "Romania handed over a Patriot system to Ukraine. The Romanian parliament had "
            "approved the transfer on 2 May.",
            "RO",
        ),
        (
            "Greece sent artillery shells to Ukraine. The Greek government approved the "
            "delivery on 2 May.",
            "GR",
        ),
    ],
)
def test_approving_the_transfer_named_before_commits_it(text: str, partner: str) -> None:
    assert ("aid_committed", (partner,), "2024-05-02") in facts(text)


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        (
            "UK Defence Secretary John Healey met Ukrainian officials at the Ramstein meeting "
            "in Germany on Wednesday.",
            ("GB",),
        ),
        (
            "The Dutch defence minister met Rustem Umerov on the sidelines of the Ramstein "
            "meeting on Wednesday.",
            ("NL",),
        ),
    ],
)
def test_a_bilateral_meeting_at_a_group_meeting_is_the_subjects(
    text: str, partners: tuple[str, ...]
) -> None:
    assert ("meeting_held", partners, "2024-05-08") in facts(text)


# -- found by the third probe: an aid decree is a package ------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Italy's ninth military aid decree was adopted by the cabinet on Thursday.", "2024-05-09"),
        ("The Italian government approved the tenth aid decree for Ukraine on Thursday.",
         "2024-05-09"),
        ("Italy's parliament passed a new military aid decree for Kyiv in February.", "2024-02"),
    ],
)
def test_an_aid_decree_is_a_package(text: str, when: str) -> None:
    assert facts(text) == [("aid_committed", ("IT",), when)]
