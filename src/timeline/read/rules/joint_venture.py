"""`joint_venture_established`: a joint venture formed, registered or operating."""

from __future__ import annotations

import re
from typing import Any, Final

from timeline.read.rules._common import WITH_PARTNER, stems
from timeline.read.rules._phrases import PRAISE, companies_in, noun_phrase
from timeline.read.rules._reader import Antecedent, Draft, SentenceReader

_I = re.IGNORECASE

JV_STEMS: Final = stems("venture|joint|jv")


JV_NOUN: Final = re.compile(
    r"\b(?:joint[- ]ventures?|JVs?|joint\s+(?:company|companies|enterprises?|production"
    r"\s+facilit(?:y|ies)))\b",
    _I,
)


#: "its venture with X": a venture that exists.
VENTURE_WITH: Final = re.compile(
    r"\b(?:its|their|the|a|our|his)\s+(?:new\s+|joint\s+)?ventures?\s+with\s+", _I
)


JV_VERB: Final = re.compile(
    r"\b(?:established|set\s+up|sets\s+up|created|creates|formed|forms|registered|registers"
    r"|founded|launched|launches|opened|opens|incorporated|began|started|operat(?:es|ing"
    r"|ional)|runs|running|has|have)\b",
    _I,
)


_JV_INFINITIVE = re.compile(
    r"\b(?:to|will|would|could|plans?\s+to)\s+(?:jointly\s+)?(?:establish|create|set\s+up|form"
    r"|launch|open|build|register|found|develop|organi[sz]e)\s+(?:[\w-]+\s+){0,3}\Z",
    re.IGNORECASE,
)


def read_joint_venture(r: SentenceReader) -> list[Draft]:
    """A joint venture formed or operating, with a partner company or country."""
    text = r.text
    drafts: list[Draft] = []
    spans: list[tuple[int, int]] = []
    for noun in JV_NOUN.finditer(text):
        lo, hi = r.clause_of(noun.start())
        with_match = WITH_PARTNER.match(text, noun.end())
        verb = JV_VERB.search(text, lo, hi)
        if with_match is None and verb is None:
            continue
        if verb is not None and verb.start() > noun.end() and r.blocked(noun.end(), verb.start()):
            continue
        if _JV_INFINITIVE.search(text, max(lo, noun.start() - 60), noun.start()):
            continue
        if r.blocked(lo, noun.start()):
            continue
        partners = r.partners_after(with_match.end()) if with_match is not None else ()
        if not partners:
            partners = r.union(r.groups_in(lo, hi))
        carried = None
        if not partners and r.parties_back(lo, hi):
            partners = r.carry(lo, hi)  # "The two companies also set up a joint venture"
            carried = r.antecedent if partners else None
        if not partners:
            continue
        spans.append(noun.span())
        drafts.append(
            _jv_draft(r, noun.start(), partners, (lo, hi), "joint_venture.formed", carried)
        )
    for np in VENTURE_WITH.finditer(text):
        if any(s <= np.end() and np.start() <= e for s, e in spans):
            continue
        lo, hi = r.clause_of(np.start())
        partners = r.partners_after(np.end())
        if not partners or r.blocked(lo, np.start()):
            continue
        drafts.append(_jv_draft(r, np.start(), partners, (lo, hi), "joint_venture.with_partner"))
    return drafts


_JV_PRODUCT = re.compile(
    r"\b(?:to\s+(?:jointly\s+)?(?:produce|manufacture|build|make|assemble|service|repair"
    r"|maintain|develop)(?:\s+(?:and|or)\s+(?:produce|manufacture|build|make|assemble|service"
    r"|repair|maintain|develop))?|(?:production|manufacture|assembly|repair|servicing"
    r"|maintenance)\s+of)\s+(?P<p>[^,;.]{3,100})",
    re.IGNORECASE,
)


def _jv_draft(
    r: SentenceReader,
    anchor: int,
    partners: tuple[str, ...],
    clause: tuple[int, int],
    rule: str,
    carried: Antecedent | None = None,
) -> Draft:
    lo, hi = clause
    mention = r.pick_date(lo, hi, anchor, skip=r.past_skip)
    companies = companies_in(r, lo, hi)
    if carried is not None:
        companies = tuple(dict.fromkeys([*carried.companies, *companies]))
    fields: dict[str, Any] = {"companies": companies}
    product = _JV_PRODUCT.search(r.text, anchor, hi)
    if product is not None:
        phrase = noun_phrase(r, product.start("p"), product.end("p"))
        if phrase:
            fields["product"] = PRAISE.sub("", phrase)
    return Draft(
        "joint_venture_established", rule, anchor, partners, r.occurred(mention), fields=fields
    )
