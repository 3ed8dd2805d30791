"""`memorandum_signed` and `agreement_signed`: a signing verb with its noun, "an agreement
with X", "the document was signed". One rule reads both kinds: the noun decides which.
"""

from __future__ import annotations

import re
from typing import Any, Final

from timeline.read._numbers import ORDINAL_WORD, ordinal_value
from timeline.read.rules._common import (
    DEFENCE_TOPIC,
    INFINITIVE_BEFORE,
    NEGATION,
    SUBJECT_BREAK,
    WITH_PARTNER,
    stems,
)
from timeline.read.rules._items import SPECIFIC_ITEM
from timeline.read.rules._phrases import PRAISE, companies_in, noun_phrase
from timeline.read.rules._reader import NEAR, SIGNED_DOCUMENT, Antecedent, Draft, SentenceReader

_I = re.IGNORECASE

SIGNED_STEMS: Final = stems(
    "memorand|mou|letter|declaration|loi|agreement|contract|deal|accord|treat|licen|document|"
    "statement|agreed|agrees"
)


MEMO_NOUN: Final = re.compile(
    r"\b(?:memorand(?:um|a)(?:\s+of\s+(?:understanding|cooperation|intent))?|MoUs?|MOUs?"
    r"|letters?\s+of\s+intent|LOIs?|LoIs?|declarations?\s+of\s+intent(?:ion)?"
    r"|(?:joint\s+)?statements?\s+of\s+intent)\b",
    _I,
)


AGREEMENT_NOUN: Final = re.compile(
    r"\b(?:(?<!great\s)deals?|agreements?|contracts?|accords?|treaty|treaties|licen[cs]e)\b", _I
)


#: "The document was signed ...": a memorandum or agreement named just before.
DOCUMENT_NOUN: Final = re.compile(r"\b(?:the|this|that|both|these)\s+(?:documents?|texts?)\b", _I)


SIGN_VERB: Final = re.compile(
    r"\b(?:signed|signs?|signing|inked|inks|concluded|concludes|sealed|seals|initial(?:l)?ed"
    r"|struck|strikes|reached|reaches|entered\s+into|enters\s+into|awarded|awards|won"
    r"|secured|finali[sz]ed|renewed|extended|granted|grants|issued|received|obtained)\b",
    _I,
)


#: Verbs that sign only a licence ("the licence was granted by Nammo").
_LICENCE_VERBS: Final = frozenset({"granted", "grants", "issued", "received", "obtained"})


#: The subject matter after a memorandum or an agreement.
SCOPE: Final = re.compile(
    r"[^,;.]{0,40}?\b(?:on|for|regarding|concerning|covering"
    r"|in\s+the\s+(?:field|area|sphere)s?\s+of|to)\s+(?P<scope>[^;.]{4,140}?)\s*(?=[;.]|,\s|\Z)",
    _I,
)


#: An item of a list of signed documents, opening its sentence: "The third agreement
#: covers ...", "A second contract, with X, ...", "The fifth agreement, a memorandum with X".
LISTED: Final = re.compile(
    r"\A\W*(?:the|a|an)\s+(?P<ord>" + ORDINAL_WORD + r"|next|another|other|last|final)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<noun>agreements?|contracts?|deals?|memorand(?:um|a)"
    r"(?:\s+of\s+understanding)?|MoUs?)\b",
    _I,
)


#: An agreement told by its verb: "agreed to collaborate with Thales on the joint development
#: of drones", "agreed with Rheinmetall to cooperate on the production of shells".
AGREED_WITH: Final = re.compile(
    r"\bagree(?:d|s)\s+(?:to\s+(?:jointly\s+|closely\s+)?(?:collaborat|co-?operat|partner"
    r"|team\s+up|work\s+together|join\s+forces)\w*\s+with|with)\s+",
    _I,
)


#: What such an agreement must be about: making, developing, repairing or supplying arms.
_JOINT_WORK: Final = re.compile(
    r"\b(?:joint(?:ly)?\s+)?(?:develop\w*|produc\w*|manufactur\w*|repair\w*|maint\w*"
    r"|servic\w*|licen[cs]\w*|co-?production|assembl\w*)\b",
    _I,
)


def _agreed_with(r: SentenceReader) -> list[Draft]:
    """An agreement reached with a partner on joint defence work, told by "agreed".

    "A Ukrainian drone maker agreed to collaborate with Thales on the joint development of
    UAVs" is an agreement with France; "agreed to cooperate with Poland" in general, or on
    anything but making, developing, repairing or supplying arms, is not.
    """
    drafts: list[Draft] = []
    for m in AGREED_WITH.finditer(r.text):
        lo, hi = r.clause_of(m.start())
        partners = r.partners_after(m.end())
        if not partners or r.blocked(lo, m.start()):
            continue
        rest = r.text[m.end() : hi]
        if _JOINT_WORK.search(rest) is None or DEFENCE_TOPIC.search(r.text, lo, hi) is None:
            continue
        noun = (m.start(), m.end(), "agreement_signed")
        drafts.append(_signed_draft(r, noun, partners, m.start(), (lo, hi), "agreed"))
    return drafts


def read_signed(r: SentenceReader) -> list[Draft]:
    """Memoranda and agreements: a signing verb with its noun, "an agreement with X", or an
    item of a list of them."""
    text = r.text
    listed = LISTED.match(text)
    if listed is not None and SIGN_VERB.search(text) is None:
        return _listed(r, listed)
    value = VALUE_OF.search(text)
    if value is not None and SIGN_VERB.search(text) is None:
        return _value_of(r, value)
    nouns: list[tuple[int, int, str]] = [
        (m.start(), m.end(), "memorandum_signed") for m in MEMO_NOUN.finditer(text)
    ]
    for m in AGREEMENT_NOUN.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in nouns):
            nouns.append((m.start(), m.end(), "agreement_signed"))
    for m in DOCUMENT_NOUN.finditer(text):
        nouns.append((m.start(), m.end(), SIGNED_DOCUMENT))
    if not nouns:
        return _agreed_with(r)
    if (
        DEFENCE_TOPIC.search(text) is None
        and not any(m.company for m in r.mentions)
        and not r.defence_parties_back()
    ):
        # off topic, unless it points back to a memorandum or agreement named before, or its
        # signers are the defence companies of the sentence before ("The two firms signed ...")
        nouns = [
            n
            for n in nouns
            if n[2] == SIGNED_DOCUMENT
            or re.search(r"\b(?:the|this|that)\s+\Z", text[max(0, n[0] - 6) : n[0]], re.I)
        ]
    nouns.sort()
    drafts: list[Draft] = []
    used: set[int] = set()
    for verb in SIGN_VERB.finditer(text):
        lo, hi = r.clause_of(verb.start())
        noun = next(
            (n for n in nouns if verb.end() <= n[0] <= verb.end() + NEAR and n[0] < hi), None
        )
        if noun is None:
            noun = next(
                (
                    n
                    for n in reversed(nouns)
                    if n[1] <= verb.start() and verb.start() - n[1] <= 60 and n[0] >= lo
                ),
                None,
            )
        if noun is None or noun[0] in used:
            continue
        if verb.group().lower() in _LICENCE_VERBS and not text[
            noun[0] : noun[1]
        ].lower().startswith("licen"):
            continue  # a licence is granted; an agreement is not
        if verb.group().lower() in ("sign", "signs") and INFINITIVE_BEFORE.search(
            text, max(0, verb.start() - 12), verb.start()
        ):
            continue
        anchor = min(verb.start(), noun[0])
        if r.blocked(lo, anchor) or (noun[0] < verb.start() and r.blocked(noun[1], verb.start())):
            continue
        partners = _signers(r, verb.start(), noun, (lo, hi))
        carried = None
        if not partners:
            partners = r.carry(lo, hi)
            carried = r.antecedent if partners else None
        if not partners and noun[2] != SIGNED_DOCUMENT:
            continue
        used.add(noun[0])
        drafts.append(_signed_draft(r, noun, partners, anchor, (lo, hi), "signed", carried))
    drafts.extend(_with_partner(r, nouns, used))
    drafts.extend(
        d
        for d in _agreed_with(r)
        if not any(o.kind == d.kind and o.partners == d.partners for o in drafts)
    )
    return drafts


def _signers(
    r: SentenceReader, verb: int, noun: tuple[int, int, str], clause: tuple[int, int]
) -> tuple[str, ...]:
    """Who signed: the subject and the partner right after "with" when the document names
    one ("signed a statement of intent with Sweden on CV90s built by BAE" is Sweden's),
    else every party the signing names."""
    groups = r.signing_parties(verb, clause)
    if not groups:
        # a long subject: "The Estonian industry association's chair and a Ukrainian deputy
        # minister on Thursday signed ..." opens the clause with its partner
        first = r.groups_in(*clause)[:1]
        if (
            first
            and first[0].end <= verb
            and SUBJECT_BREAK.search(r.text, first[0].end, verb) is None
            and not r.text[clause[0] : first[0].start]
            .strip(" \"'\u201c(")
            .lower()
            .removeprefix("the")
        ):
            groups = first
    with_match = WITH_PARTNER.match(r.text, noun[1])
    named = r.partners_after(with_match.end()) if with_match is not None else ()
    if not named:
        return r.union(groups)
    subject = [g for g in groups if g.end <= verb]
    return tuple(dict.fromkeys([*r.union(subject), *named]))


def _with_partner(
    r: SentenceReader, nouns: list[tuple[int, int, str]], used: set[int]
) -> list[Draft]:
    """Memoranda and agreements named with their partner but no signing verb: "an agreement
    with Germany on ..."."""
    text = r.text
    drafts: list[Draft] = []
    for noun in nouns:
        if noun[0] in used:
            continue
        with_match = WITH_PARTNER.match(text, noun[1])
        if with_match is None:
            continue
        partners = r.partners_after(with_match.end())
        lo, hi = r.clause_of(noun[0])
        if not partners or r.blocked(lo, noun[0]):
            continue
        used.add(noun[0])
        drafts.append(_signed_draft(r, noun, partners, noun[0], (lo, hi), "with_partner"))
    return drafts


#: The value of a contract named just before: "The contract, worth over PLN 3 billion, covers".
VALUE_OF: Final = re.compile(
    r"\A\W*(?:the|this|that)\s+(?:[\w-]+\s+)?(?P<noun>contract|deal|agreement|order)\b"
    r"(?:\s*,)?\s+(?:(?:is|was)\s+)?(?:worth|valued\s+at|totall?ing|amounting\s+to)\s+",
    _I,
)


def _value_of(r: SentenceReader, value: re.Match[str]) -> list[Draft]:
    """The value of the document signed just before: `extract` gives it that document's kind
    and partners, and it merges into it."""
    amount = next((a for a in r.amounts if 0 <= a.start - value.end() <= 20), None)
    if amount is None:
        return []
    draft = Draft(
        SIGNED_DOCUMENT,
        "agreement_signed.value",
        value.start("noun"),
        (),
        r.occurred(None),
        amount=amount.money,
    )
    return [draft]


def _listed(r: SentenceReader, listed: re.Match[str]) -> list[Draft]:
    """The item of a list of signed documents: its kind from its noun, its partner the first
    one named after it; `extract` keeps it only shortly after the signing of the list."""
    noun_start, noun_end = listed.span("noun")
    kind = "memorandum_signed" if MEMO_NOUN.fullmatch(listed.group("noun")) else "agreement_signed"
    after = [g for g in r.groups if g.start >= noun_end]
    if not after or NEGATION.search(r.text) is not None:
        return []
    clause = (0, len(r.text))
    draft = _signed_draft(
        r, (noun_start, noun_end, kind), after[0].partners, noun_start, clause, "listed"
    )
    draft.ordinal = ordinal_value(listed.group("ord"))
    draft.listed = True
    return [draft]


def _signed_draft(
    r: SentenceReader,
    noun: tuple[int, int, str],
    partners: tuple[str, ...],
    anchor: int,
    clause: tuple[int, int],
    how: str,
    carried: Antecedent | None = None,
) -> Draft:
    lo, hi = clause
    kind = noun[2]
    mention = r.pick_date(lo, hi, anchor, skip=r.past_skip)
    fields: dict[str, Any] = {}
    scope = _scope(r, noun[1], hi)
    inside = r.groups_in(lo, hi)
    fields["parties"] = tuple(dict.fromkeys(m.surface for g in inside for m in g.mentions))
    amount = None
    if kind == "agreement_signed":
        companies = companies_in(r, lo, hi)
        if carried is not None:
            companies = tuple(dict.fromkeys([*carried.companies, *companies]))
        fields["companies"] = companies
        if scope is not None:
            scope, fields["product"] = _scope_and_product(scope)
        for found in r.amounts:
            if lo <= found.start < hi and abs(found.start - noun[0]) <= 60:
                amount = found.money
                break
    if scope:
        fields["scope"] = scope
    name = "agreement_signed" if kind == "agreement_signed" else "memorandum_signed"
    return Draft(
        kind, f"{name}.{how}", anchor, partners, r.occurred(mention), amount=amount, fields=fields
    )


#: Verbs of making and supplying, and their nouns: "to jointly manufacture X" is the joint
#: manufacture of X, whose product is X.
_ACTIVITY = {
    "produce": "production",
    "manufacture": "manufacture",
    "make": "production",
    "build": "construction",
    "assemble": "assembly",
    "develop": "development",
    "repair": "repair",
    "service": "servicing",
    "maintain": "maintenance",
    "supply": "supply",
    "deliver": "delivery",
    "purchase": "purchase",
    "buy": "purchase",
    "procure": "procurement",
    "localise": "localisation",
    "localize": "localization",
}


_ACTIVITY_VERB = re.compile(
    r"(?P<adv>(?:jointly|together)\s+)?(?P<verb>" + "|".join(_ACTIVITY) + r")"
    r"(?:\s+(?:and|or)\s+(?:" + "|".join(_ACTIVITY) + r"))?\s+(?P<object>.+)",
    re.IGNORECASE,
)


_ACTIVITY_NOUN = re.compile(
    r"(?:the\s+)?(?:joint\s+)?(?:production|manufactur(?:e|ing)|supply|supplies|deliver(?:y|ies)"
    r"|purchase|procurement|repair|servicing|maintenance|development|assembly|locali[sz]ation)"
    r"\s+of\s+(?P<object>.+)",
    re.IGNORECASE,
)


def _scope(r: SentenceReader, noun_end: int, hi: int) -> str | None:
    """What a memorandum or agreement covers: the phrase after "on", "for", "to" ..."""
    position = noun_end
    for _ in range(3):
        found = SCOPE.match(r.text, position, hi)
        if found is None:
            return None
        start = found.start("scope")
        date_here = next((d for d in r.dates if d.start <= start < d.end), None)
        if date_here is None:
            return noun_phrase(r, start, found.end("scope"))
        position = date_here.end  # "signed a letter on Tuesday on the joint production ..."
    return None


def _scope_and_product(scope: str) -> tuple[str | None, str | None]:
    """An agreement's scope and its product, never the same text.

    "jointly manufacture 155 mm shells" is the joint manufacture of 155 mm shells, whose
    product is the shells; "the joint production of mortar rounds" has the rounds as product;
    a scope that is only weapons ("additional TB2 drones") is the product alone.
    """
    verb = _ACTIVITY_VERB.fullmatch(scope)
    if verb is not None:
        thing = PRAISE.sub("", verb.group("object"))
        noun = _ACTIVITY[verb.group("verb").lower()]
        joint = "joint " if verb.group("adv") or re.search(r"\bjointly\b", scope, re.I) else ""
        thing = re.sub(r"\s+(?:jointly|together)\b", "", thing)
        return f"{joint}{noun} of {thing}", thing
    activity = _ACTIVITY_NOUN.fullmatch(scope)
    if activity is not None:
        return scope, PRAISE.sub("", activity.group("object"))
    named = PRAISE.sub("", scope)
    if SPECIFIC_ITEM.search(named) and not re.search(r"\b(?:cooperation|of)\b", named, re.I):
        return None, named
    return scope, None
