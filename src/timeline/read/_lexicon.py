"""The words the extraction rules look for, compiled once.

Every pattern here describes the genre (news of defence-industrial cooperation), never one
article's wording: trigger verbs and nouns per kind, the cues that make a statement a plan,
a forecast, a hypothesis, a negation or a cumulative total, and the names of weapons that
make a commitment specific.
"""

from __future__ import annotations

import re
from typing import Final

from timeline.partners import Via

_I = re.IGNORECASE


def _words(*alternatives: str) -> str:
    """A non-capturing alternation of regex fragments."""
    return "(?:" + "|".join(alternatives) + ")"


# -- a quick look: which rules can fire in a sentence? ---------------------------------------
# Literal stems, looked for in the lower-cased sentence (one alternation of plain strings):
# a rule runs only when one of its stems is there. Each stem list must cover every trigger
# pattern of its rule.


def stems(text: str) -> re.Pattern[str]:
    """A pattern that finds any stem of a ``|``-separated list ("sign|set up") as it is."""
    return re.compile("|".join(re.escape(stem) for stem in text.split("|")))


SIGNED_STEMS: Final = stems(
    "memorand|mou|letter|declaration|loi|agreement|contract|deal|accord|treat|licen|document"
)
JV_STEMS: Final = stems("venture|joint|jv")
AID_STEMS: Final = stems(
    "pledg|promis|allocat|earmark|commit|grant|contribut|aside|add|approv|announc|unveil|"
    "adopt|agreed|confirm|decided|authori|green|endorse|passed|into law|provid|transfer|send|"
    "sent|giv|gave|suppl|donat|deliver|hand|financ|fund|purchas|buy|procur|pay|paid|receiv|"
    "get|creat|set up|establish|launch|underwr|arriv|ship|reach|disburs|doubl|tripl|increas|"
    "rais|boost|lift|step|scale"
)
PRODUCTION_STEMS: Final = stems(
    "fold|times|%|percent|per cent|doubl|tripl|trebl|quadrupl|quintupl|twice"
)
MEETING_STEMS: Final = stems(
    "meet|met|talks|conferenc|forum|seminar|summit|visit|trip|consultation|round|workshop|"
    "delegation|industry day|ramstein"
)

# -- clauses ------------------------------------------------------------------------------------

#: Where a clause of a sentence ends: the next clause starts at the match's end.
CLAUSE_BREAK: Final = re.compile(
    r";\s*"
    r"|,\s+(?=(?:while|whereas|but|yet|although|though|followed\s+by|however|meanwhile"
    r"|and\s+(?:is|are|was|were|has|have|had|will|would|could|expects?|plans?|also\s+plans?)"
    r")\b)"
    r"|\s+(?=(?:while|whereas)\s)"
    r"|\s+(?=and\s+(?:it\s+|they\s+|he\s+|she\s+|we\s+)?(?:also\s+)?(?:plans?|intends?|aims?"
    r"|expects?|hopes?|wants?|will|would"
    r"|is\s+(?:expected|set|going|due)|are\s+(?:expected|set|going|due))\b)"
    r"|\s+(?=but\s)",
    _I,
)

# -- cues that take a statement out of the vocabulary -----------------------------------------

#: A negation: "has not delivered", "refused", "failed to", "blocked".
NEGATION: Final = re.compile(
    r"\b(?:not(?!\s+only)|never|no\s+longer|neither|nor|refus\w*|declin(?:e|es|ed|ing)"
    r"|reject\w*|den(?:y|ies|ied)|fail(?:s|ed|ing)?|block(?:s|ed|ing)|vetoe[sd]"
    r"|halt(?:s|ed)?|suspend\w*|postpon\w*|cancel\w*|withdr[ae]w\w*|stopp?(?:ed|s)?"
    r"|instead\s+of|rather\s+than|opposed?|yet\s+to|still\s+to\s+be)\b"
    r"|\w+n't\b|\bno\b(?!\.\s*\d)|\bwithout\s+(?:[\w'\u2019-]+\s+){0,2}\Z",
    _I,
)

#: A hypothesis or condition: "could", "would", "if", "may".
HYPOTHESIS: Final = re.compile(
    r"\b(?:if|unless|could|might|should|whether|were\s+to|in\s+case|can|capable|able\s+to"
    r"|capacity\s+to)\b",
    _I,
)
#: "would", separately: a reported future ("reported that Belgium would create a fund").
WOULD: Final = re.compile(r"\bwould\b", _I)
#: Words that make a "would" reported speech rather than a condition.
REPORTED: Final = re.compile(
    r"\b(?:said|says|reported|reports|announced|stated|confirmed|wrote|told|noted|added"
    r"|according\s+to|decided|agreed|promised|pledged)\b",
    _I,
)
#: "may" only in lower case is the modal ("in May" is a month).
MAY_MODAL: Final = re.compile(r"\bmay\b")

#: The future, which is no event except a specific commitment ("will provide €600 million").
FUTURE: Final = re.compile(
    r"\b(?:will|shall|won't|going\s+to|(?:is|are|was|were)\s+(?:set|due|scheduled|slated"
    r"|poised|about)\s+to|(?:is|are)\s+to|upcoming|forthcoming|next)\b|'ll\b",
    _I,
)

#: Plans, wishes, forecasts and talk about something not yet done.
PLAN: Final = re.compile(
    r"\b(?:plan(?:s|ned|ning)?|expect(?:s|ed|ing)?|aim(?:s|ed|ing)?\s+to|intend(?:s|ed|ing)?"
    r"|seek(?:s|ing)?|sought|want(?:s|ed)?|wish(?:es)?|hop(?:e|es|ed|ing)|ready\s+to"
    r"|prepared\s+to|prepar(?:e|es|ing)|consider(?:s|ed|ing)?|forecast\w*|project(?:ed|s)\s+to"
    r"|predict\w*|anticipat\w*|scheduled|likely|potential(?:ly)?|possib(?:le|ly|ility)"
    r"|would\s+like|need(?:s|ed)?\s+to|must|call(?:s|ed|ing)?\s+(?:on|for|upon)"
    r"|urg(?:e|es|ed|ing)|propos\w*|offer(?:s|ed)?\s+to|interest(?:ed)?\s+in|looking\s+to"
    r"|look(?:s|ing)?\s+forward|negotiat\w*|discuss\w*|draft\w*|ask(?:s|ed|ing)?"
    r"|request\w*|await\w*|pending|envisag\w*|invit(?:e|es|ed|ing)|advocat\w*|explor\w*"
    r"|stud(?:y|ies|ying)|examin\w*|ideas?|proposals?|readiness|willingness|ahead\s+of"
    r"|work(?:s|ing)?\s+(?:on|towards?)|in\s+order\s+to|so\s+as\s+to|strive\w*|seeks?"
    r"|talks\s+(?:on|about|over|regarding)|under\s+way|underway"
    r"|intentions?\s+to\s+(?:sign|establish|create|set\s+up|hold|meet|launch|build|develop"
    r"|implement|produce|open|expand|increase|boost|invest|deepen|strengthen|conclude))\b",
    _I,
)

#: Asides whose cues do not govern the main clause: a parenthesis, a relative clause between
#: commas ("Germany, which will host the meeting, pledged ..."), a concessive or temporal
#: clause before the main one ("Despite Hungary's veto, the EU approved ...").
ASIDE: Final = re.compile(
    r"\([^()]{0,200}\)"
    r"|,\s*(?:which|who|whose|where|when)\b[^,;]{0,200},"
    r"|\b(?:despite|in\s+spite\s+of|although|though|even\s+though|while|whereas|after|amid"
    r"|because|as)\b[^,;]{0,200},",
    _I,
)

#: The scope of a plan ends where its examples begin ("more agreements like its venture").
EXAMPLES: Final = re.compile(r"\b(?:like|such\s+as|similar\s+to|as\s+well\s+as)\b", _I)

#: A total restated as context: "has already given", "in total", "since 2022".
CUMULATIVE: Final = re.compile(
    r"\b(?:(?<!est\s)so\s+far|(?<!est\s)to\s+date|in\s+total|overall|altogether|in\s+all"
    r"|cumulative(?:ly)?"
    r"|all\s+told|since\s+(?:the\s+)?(?:start|beginning|outbreak|onset)|since\s+(?:19|20)\d\d"
    r"|since\s+(?:the\s+)?(?:russian\s+|full[- ]scale\s+)+(?:invasion|war|aggression)"
    r"|since\s+(?:february|feb\.?)\s+2022|throughout\s+the\s+war)\b",
    _I,
)
#: "Already" restates a total of what was given ("has already given $100 billion"), not of
#: what is allocated for a purpose ("has already allocated €10 million for the coalition").
ALREADY: Final = re.compile(r"\balready\b", _I)

#: Words right before an amount that make it a part of the amount before it.
PART_BEFORE: Final = re.compile(
    r"\b(?:including|incl\.|of\s+which|among\s+them|among\s+which|in\s+particular"
    r"|notably)\s+(?:[\w'\u2019-]+\s+){0,2}?\Z",
    _I,
)

#: Words right before an amount that make it a running total, not this commitment.
TOTAL_BEFORE: Final = re.compile(
    r"\b(?:total(?:s|ling|ing)?|bringing|brings|overall|cumulative|altogether|sum\s+of"
    r"|budget\s+of|all\s+in\s+all)\b(?:\s+[\w'\u2019-]+){0,4}?\s*\Z",
    _I,
)
TOTAL_AFTER: Final = re.compile(r"\A\s*(?:in\s+total|so\s+far|to\s+date|overall)\b", _I)

#: Accession politics: an EU mention followed by one of these is not a partner here.
ACCESSION_AFTER: Final = re.compile(
    r"['\u2019]?s?\s*(?:membership|accession|integration|candida\w*|bid|path|aspirations?"
    r"|victory|entry|enlargement|summit\s+on\s+enlargement)\b",
    _I,
)
ACCESSION_BEFORE: Final = re.compile(
    r"\b(?:joining|join|joins|joined|enter|entering)\s+(?:the\s+)?\Z", _I
)

#: A bare base-form verb right after "to": an infinitive, so a plan or a purpose.
INFINITIVE_BEFORE: Final = re.compile(r"\bto\s+(?:\w+ly\s+)?\Z", _I)

# -- memoranda and agreements -------------------------------------------------------------------

MEMO_NOUN: Final = re.compile(
    r"\b(?:memorand(?:um|a)(?:\s+of\s+(?:understanding|cooperation|intent))?|MoUs?|MOUs?"
    r"|letters?\s+of\s+intent|LOIs?|LoIs?|declarations?\s+of\s+intent(?:ion)?)\b",
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
    r"|secured|finali[sz]ed|renewed|extended)\b",
    _I,
)
#: "with" and what may stand between it and the partner ("with two American firms").
WITH_PARTNER: Final = re.compile(r"\s+(?:signed\s+)?(?:with|between)\s+", _I)
#: The subject matter after a memorandum or an agreement.
SCOPE: Final = re.compile(
    r"[^,;.]{0,40}?\b(?:on|for|regarding|concerning|covering"
    r"|in\s+the\s+(?:field|area|sphere)s?\s+of|to)\s+(?P<scope>[^;.]{4,140}?)\s*(?=[;.]|,\s|\Z)",
    _I,
)

# -- joint ventures -------------------------------------------------------------------------------

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

# -- aid ----------------------------------------------------------------------------------------

#: Verbs that commit aid on their own ("pledged €87 million").
COMMIT_STRONG: Final = re.compile(
    r"\b(?:pledg(?:ed|es|ing)|promis(?:ed|es|ing)|allocat(?:ed|es|ing)|earmark(?:ed|s|ing)"
    r"|committed|commits|grant(?:ed|s)|contribut(?:ed|es)|set\s+aside|sets\s+aside"
    r"|pledge|commitment|commitments)\b"
    r"|\badd(?:s|ed|ing)\s+(?:another\s+|a\s+further\s+|an\s+additional\s+|(?:about|some|over)\s+)?"
    r"(?=[€$£]|\d|[A-Z]{3}\s+\d)",
    _I,
)
#: Verbs that commit aid when the object is aid ("approved the fifteenth package").
COMMIT_WEAK: Final = re.compile(
    r"\b(?:approv(?:ed|es)|announc(?:ed|es)|unveil(?:ed|s)|adopt(?:ed|s)|agreed\s+(?:on|upon)"
    r"|confirm(?:ed|s)|decided|authori[sz](?:ed|es)|green[- ]?lit|signed\s+off\s+on"
    r"|endorsed|passed|signed\s+(?:[\w$€£.,-]+\s+){1,6}?into\s+law)\b",
    _I,
)
#: A transfer verb in its base form, committed by what stands before it.
TRANSFER_BASE: Final = re.compile(
    r"\b(?:provide|allocate|transfer|send|give|supply|donate|contribute|deliver|hand\s+over"
    r"|finance|fund|purchase|buy|procure|grant|pay\s+for|co-?finance|receive|get)\b",
    _I,
)
#: What makes a base-form transfer verb a commitment: the future, or a committing word + "to".
COMMIT_CONTEXT: Final = re.compile(
    r"(?:\b(?:will|shall|would|going\s+to|(?:is|are)\s+(?:also\s+|now\s+)?(?:set\s+)?to)\s+"
    r"(?:also\s+|now\s+|soon\s+"
    r"|jointly\s+|additionally\s+|further\s+)*"
    r"|\b(?:agree[ds]?|decided?|decides|committed|commits|pledged|pledges|promised|promises"
    r"|vowed|undert(?:ook|akes)|intention|decision|commitment|resolved|approved|confirmed"
    r"|announced)\s+(?:[\w'\u2019-]+\s+){0,3}?to\s+(?:also\s+|jointly\s+|additionally\s+)?)\Z",
    _I,
)
#: Raising aid to or by an amount ("will double its military aid to €8 billion"): a base-form
#: verb of growth whose object is aid; a commitment only with the amount.
RAISE_BASE: Final = re.compile(
    r"\b(?:double|triple|increase|raise|boost|lift|step\s+up|scale\s+up)\b(?=\s+(?:its\s+|their"
    r"\s+|the\s+|his\s+|her\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:aid|assistance|support"
    r"|contributions?|funding|allocations?)\b)",
    _I,
)
#: A report that raises an earlier figure to a new one ("raised its pledge for shells to",
#: "increases its contribution to", "brings the total to"): the commitment is then flagged
#: ``raises``, and the fold lets it supersede the earlier, smaller pledge.
RAISE_CUE: Final = re.compile(
    r"\b(?:increas|rais|boost|expand|top(?:s|ped|ping)?\s+up)\w*\b[^.;]{0,60}?"
    r"\b(?:contributions?|pledges?|commitments?|support|aid|assistance|funding|financing"
    r"|packages?|allocations?|budget|total)\b[^.;]{0,40}?\bto\b"
    r"|\b(?:raised|increased|boosted|upped)\s+to\b"
    r"|\b(?:brings?|bringing|brought)\b[^.;]{0,40}?\btotal\b[^.;]{0,30}?\bto\b",
    re.IGNORECASE,
)
#: "plans to allocate €300 million": an announced intention with a specific amount. Only
#: giving verbs count ("plans to establish", "intends to add" stay plans).
PLAN_CONTEXT: Final = re.compile(
    r"\b(?:(?:is|are)\s+)?(?:plan(?:s|ned|ning)?|intend(?:s|ed|ing)?)\s+to\s+(?:also\s+"
    r"|further\s+)?\Z",
    _I,
)
PLAN_VERB: Final = re.compile(r"(?:provide|allocate|give|double|increase|raise|triple)\Z", _I)
#: "will be delivered": a commitment in the passive future.
FUTURE_PASSIVE: Final = re.compile(
    r"\b(?:will|shall)\s+(?:also\s+|soon\s+)?be\s+(?:delivered|sent|transferred|supplied"
    r"|provided|handed\s+over|allocated|donated|financed|funded)\b",
    _I,
)
#: A transfer under way: "is sending 200 missiles" commits them.
FUTURE_PROGRESSIVE: Final = re.compile(
    r"\b(?:is|are)\s+(?:also\s+|now\s+|currently\s+)?(?:sending|delivering|supplying|providing"
    r"|transferring|donating|giving|allocating|handing\s+over)\b",
    _I,
)
#: Creating a fund ("would create a special €1.7 billion fund").
FUND_CREATE: Final = re.compile(
    r"\b(?:creat(?:e|es|ed|ing)|set(?:s|ting)?\s+up|establish(?:es|ed|ing)?|launch(?:es|ed|ing)?)"
    r"\s+(?:[\w€$£.,'\u2019-]+\s+){0,6}?funds?\b",
    _I,
)
#: Financing by a partner ("financed by Germany, Denmark and the Netherlands").
FINANCE_VERB: Final = re.compile(
    r"\b(?:financed|funded|co-?financed|paid\s+for|finances|funds|underwr(?:ote|itten))\b", _I
)
#: Assistance delivered: past and present forms only (the base form is a commitment).
DELIVER_VERB: Final = re.compile(
    r"\b(?:delivered|delivers|handed\s+over|hands\s+over|handed|arrived|arrives|received"
    r"|receives|sent|sends|shipped|transferred|supplied|provided"
    r"|provides|donated|donates|gave|(?:has|have|had)\s+(?:already\s+|also\s+|now\s+|just\s+)?given"
    r"|(?:was|were|been|being)\s+(?:\w+ly\s+|also\s+)?given\s+to\s+(?:the\s+)?(?:Ukrain\w*|Kyiv)"
    r"|took\s+delivery|has\s+reached|have\s+reached|reached\s+Ukraine|disbursed|disburses"
    r"|complet(?:ed|es)\s+(?:the\s+)?deliver(?:y|ies)"
    r"|paid\s+out)\b",
    _I,
)
_REPORT_NOUN: Final = (
    r"(?:figures?|numbers?|estimates?|data|information|statistics|details|assessments?"
    r"|forecasts?|explanations?|answers?|assurances?|guarantees?|statements?|signals?"
    r"|messages?|letters?|briefings?|updates?|interviews?|speech(?:es)?|comments?|reasons?"
    r"|examples?|accounts?)"
)
#: A report, not a transfer, as the subject of a delivery verb ("a higher figure given
#: earlier", "the estimate the ministry had given").
REPORT_BEFORE: Final = re.compile(
    r"\b" + _REPORT_NOUN + r"\s+(?:(?:that|which)\s+)?(?:(?:he|she|it|they|we"
    r"|the\s+(?:[\w-]+\s+){0,2}?[\w-]+|[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s+)?"
    r"(?:(?:had|has|have|was|were|is|are|been)\s+)*(?:\w+ly\s+)?\Z",
    _I,
)
#: ... or as its object ("provided more information", "gave an interview").
REPORT_AFTER: Final = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?!numbers?\s+of\b)" + _REPORT_NOUN + r"\b",
    _I,
)
#: Deliveries whose partner stands after the verb ("received ... from Belgium").
RECEIVE_VERB: Final = re.compile(
    r"\A(?:received|receives|receive|get|arrived|arrives|took\s+delivery)", _I
)
#: Nouns that say the object is aid.
AID_NOUN: Final = re.compile(
    r"\b(?:aid|assistance|package|packages|tranche|fund|funding|financing|grant|grants|loan"
    r"|contribution|donation|support|batch|shipment|consignment|deliver(?:y|ies)|supplies"
    r"|military\s+help|budget\s+support)\b|\b(?:for|to)\s+Ukraine\b",
    _I,
)
PACKAGE: Final = re.compile(r"\b(?:packages?|tranches?)\b", _I)
FUND_NOUN: Final = re.compile(r"\bfunds?\b", _I)
#: A verb that, after the commitment, says what the item does: what follows it is delivery.
DELIVERY_CUE: Final = re.compile(
    r"\b(?:provide|transfer|send|give|supply|donate|deliver|hand\s+over|arrive|delivery"
    r"|deliveries|delivered)\b",
    _I,
)
#: An amount that belongs to a contract ("a €100 million contract"), not to a commitment.
AMOUNT_OF_CONTRACT: Final = re.compile(
    r"\s*(?:worth\s+)?(?:contract|deal|order|investment|revenue|turnover|profit|sales|loss)s?\b",
    _I,
)

_ORDINAL_UNITS: Final = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ORDINAL_TENS: Final = {
    "twent": 20,
    "thirt": 30,
    "fort": 40,
    "fift": 50,
    "sixt": 60,
    "sevent": 70,
    "eight": 80,
    "ninet": 90,
}


def ordinal_value(word: str) -> int | None:
    """The number an ordinal names: "fifteenth" 15, "twenty-first" 21, "15th" 15."""
    lower = word.lower().replace(" ", "-")
    digits = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", lower)
    if digits is not None:
        return int(digits.group(1))
    if lower in _ORDINAL_UNITS:
        return _ORDINAL_UNITS.index(lower) + 1
    tens, _, unit = lower.partition("-")
    for stem, value in _ORDINAL_TENS.items():
        if tens == stem + "ieth" and not unit:
            return value
        if tens == stem + "y" and unit in _ORDINAL_UNITS[:9]:
            return value + _ORDINAL_UNITS.index(unit) + 1
    return None


_ORDINAL_WORD: Final = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))?|(?:twent|thirt|fort"
    r"|fift|sixt|sevent|eight|ninet)ieth|" + "|".join(_ORDINAL_UNITS) + ")"
)
PACKAGE_NUMBER: Final = re.compile(
    r"\b(?P<ord>" + _ORDINAL_WORD + r")\s+(?:[\w-]+\s+){0,3}?(?:package|tranche)\b"
    r"|\b(?:package|tranche)\s+(?:No\.?|number|#|№)\s*(?P<num>\d{1,3})\b",
    _I,
)

CATEGORY: Final = (
    ("cyber", re.compile(r"\bcyber|\bIT\s+coalition", _I)),
    ("humanitarian", re.compile(r"\bhumanitarian", _I)),
    ("energy", re.compile(r"\benergy\b|\bpower\s+grid|\bgenerators?\b", _I)),
    ("demining", re.compile(r"\bdemining|\bmine[- ]clearing", _I)),
    ("financial", re.compile(r"\b(?:financial|budget|macro-?financial|loan)\b", _I)),
    ("training", re.compile(r"\btraining\b", _I)),
    (
        "military",
        re.compile(
            r"\b(?:military|defen[cs]e|weapons?|arms|ammunition|shells?|missiles?|artillery"
            r"|air[- ]defen[cs]e|security)\b",
            _I,
        ),
    ),
)

# -- items ----------------------------------------------------------------------------------------

#: Named weapons and equipment: enough to make a commitment specific.
SPECIFIC_ITEM: Final = re.compile(
    r"\b(?:F-16(?:s|\s+fighter\s+jets|\s+jets|\s+fighters)?|fighter\s+jets?|fighter\s+aircraft"
    r"|Gripens?|Mirages?|helicopters?|(?:main\s+)?battle\s+tanks|tanks|Leopard(?:\s+\d\w*)?s?"
    r"|Abrams|Challenger(?:\s+2)?s?|Patriots?(?:\s+(?:systems?|batteries|missiles|launchers))?"
    r"|IRIS-T(?:\s+SLM)?|NASAMS|HIMARS|ATACMS|Storm\s+Shadows?|SCALP|Taurus|Gepards?"
    r"|(?:cruise\s+|anti-tank\s+|air[- ]defen[cs]e\s+)?missiles|rockets|(?:artillery\s+)?shells"
    r"|(?:\d+\s*mm\s+)?(?:artillery\s+)?rounds|ammunition|munitions|howitzers?|artillery"
    r"(?:\s+(?:systems|guns|pieces))?|Caesars?|Archers?|PzH[- ]?2000s?|Krabs?|Zuzanas?"
    r"|drones|UAVs|unmanned\s+(?:aerial|surface|ground)\s+(?:vehicles|systems)"
    r"|armou?red\s+(?:personnel\s+carriers|vehicles|cars)|APCs|IFVs"
    r"|infantry\s+fighting\s+vehicles|Bradleys?|Marders?|CV90s?|M113s?|M777s?|Strykers?"
    r"|air[- ]defen[cs]e(?:\s+systems?)?|radars?|mortars?|small\s+arms|rifles|grenades"
    r"|mines|minehunters?|patrol\s+boats|boats|ambulances|trucks|launchers|interceptors"
    r"|body\s+armou?r|helmets|night[- ]vision\s+\w+|Bushmasters?|Hawks?|Stingers?|Javelins?"
    r"|NLAWs?|(?:military\s+)?aircraft|jets)\b",
    _I,
)
#: A definite article before an item: the item was named before ("the aircraft will be
#: delivered in the coming months" is the delivery of an earlier commitment).
DEFINITE_BEFORE: Final = re.compile(
    r"(?<!\bof\s)\b(?:the|these|those|this|that|its|their|such|said)\s+(?:[\w-]+\s+){0,1}\Z", _I
)

#: Generic equipment: an object of a delivery, but no specific commitment on its own.
GENERIC_ITEM: Final = re.compile(
    r"\b(?:equipment|weapons|weaponry|arms|vehicles|materiel|hardware|systems|spare\s+parts"
    r"|fuel|generators|supplies)\b",
    _I,
)
_NUMBER_WORD: Final = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|hundred"
)
NUMBER_WORDS: Final = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
} | {"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
#: A count right before an item ("10 F-16s", "three NASAMS", "1,000 drones").
QUANTITY_BEFORE: Final = re.compile(
    r"(?<![\w.,€$£-])(?P<n>\d{1,3}(?:,\d{3})+|\d{1,7}|" + _NUMBER_WORD + r")\s+"
    r"(?:(?:more|additional|new|further|modern|used|refurbished|[A-Z][\w-]*)\s+){0,2}\Z",
    _I,
)

# -- production -----------------------------------------------------------------------------------

PRODUCTION_WORD: Final = re.compile(
    r"\b(?:produc\w*|output|manufactur\w*|industr\w*|capacit\w*|volumes?)\b", _I
)
GROWTH_WORD: Final = re.compile(
    r"\b(?:increas\w*|rose|risen|rise|rises|grew|grown|grow|grows|growth|doubl\w*|tripl\w*"
    r"|trebl\w*|quadrupl\w*|multipl\w*|jump\w*|surg\w*|soar\w*|expand\w*|boost\w*|up"
    r"|went\s+up|higher|more)\b",
    _I,
)
DOMESTIC: Final = re.compile(r"\b(?:Ukrain\w*|domestic|national|our|Kyiv)\b", _I)
#: A change of a share, not a growth factor: "rose from 40% to 60%".
SHARE_CHANGE: Final = re.compile(
    r"\b(?:from|to)\s+\Z|\b(?:share|proportion|percentage|part)\s+of\b[^.;]{0,60}\Z", _I
)
SHARE_CHANGE_AFTER: Final = re.compile(r"\s+to\s+(?:about\s+|around\s+)?\d", _I)

#: Between a subject and its verb: words that start another clause ("... as Kyiv signs").
SUBJECT_BREAK: Final = re.compile(
    r"\b(?:as|while|whereas|after|before|when|because|since|where|which|who|that)\b|[;:]", _I
)
#: A bare year that is part of a name ("Mirage 2000", "PzH 2000"), not a date.
NAMED_YEAR_BEFORE: Final = re.compile(r"(?:\b[A-Z][\w-]*|[A-Z]-?)\s*\Z")

#: A baseline ("than in 2022", "compared to 2022"), not the period of growth.
BASELINE_BEFORE: Final = re.compile(
    r"\b(?:than|compared\s+(?:to|with)|versus|vs\.?|relative\s+to|from|over)\s+(?:in\s+)?\Z", _I
)

# -- meetings -------------------------------------------------------------------------------------

MEETING: Final = re.compile(
    r"\b(?P<format>meetings?|met|meets|talks|conferences?|forums?|seminars?|summits?"
    r"|visit(?:s|ed)?|trip|consultations|round[- ]?tables?|workshops?|delegations?"
    r"|(?:defen[cs]e\s+)?industry\s+days?"
    r"|(?<=at\s)Ramstein(?!\s+(?:Air\s+Base|meeting))|(?<=during\s)Ramstein(?!\s+meeting))\b",
    _I,
)
NOT_MEETING_BEFORE: Final = re.compile(
    r"\b(?:press|news|media|video|phone|telephone|membership|accession|peace|ceasefire"
    r"|(?:was|were|is|are|be|been|remain\w*)\s+(?:still\s+|also\s+)?in|into)[\s-]+\Z",
    _I,
)
NOT_MEETING_AFTER: Final = re.compile(
    r"\s+(?:the\s+|these\s+|its\s+|their\s+|all\s+|our\s+|both\s+)?(?:\w+\s+)?(?:needs?"
    r"|requirements?|standards?|criteria|demands?|targets?|goals?|deadlines?|obligations?"
    r"|expectations?|conditions?)\b|\s+(?:call|address)",
    _I,
)

# -- partners -------------------------------------------------------------------------------------

#: What may stand between two partners that act together ("Germany, Denmark and the Netherlands").
COORDINATION: Final = re.compile(
    r"\A(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+|\s*/\s*"
    r"|\s+or\s+)(?:the\s+)?\Z",
    _I,
)
#: A passive agent: "allocated by the Dutch government", "financed by Germany".
AGENT_BEFORE: Final = re.compile(r"\bby\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,3}?\Z", _I)
#: An origin: "from three European countries, including Belgium".
ORIGIN_BEFORE: Final = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,4}?(?:,?\s*(?:including|namely|notably)\s+)?"
    r"(?:the\s+)?\Z",
    _I,
)
#: After a noun trigger: the fact is still to come ("a delegation is expected to arrive").
NOT_YET_AFTER: Final = re.compile(
    r"[^.;]{0,60}?\b(?:(?:is|are|was|were)\s+(?:expected|planned|scheduled|due|set|slated"
    r"|likely|about|to\s+be)|will|would|could|(?-i:may)|might|shall|postponed|cancell?ed"
    r"|called\s+off|not|under\s+way|underway|ongoing|continu\w+)\b",
    _I,
)

#: A line that links to another article or captions a photo: not this article's report.
TEASER: Final = re.compile(
    r"\W{0,3}(?:(?:read|see)\s+(?:also|more)|also\s+read|related(?:\s+(?:news|articles?"
    r"|stories|posts?))?\s*:|more\s+on\s+this|recommended|(?:illustrative\s+)?photo(?:\s+credit)?"
    r"\s*:|credit\s*:|source\s*:|tags?\s*:)",
    _I,
)

_PARTIES: Final = (
    r"(?:companies|firms|sides|countries|partners|parties|governments|ministries"
    r"|defen[cs]e\s+ministries|manufacturers|producers|makers|enterprises|concerns|states"
    r"|nations|groups)"
)
#: The parties of the sentence before, named together as the subject of a clause: "The two
#: companies signed a memorandum", "Both firms also concluded ...", "Later, the partners ...".
PARTY_ANAPHOR: Final = re.compile(
    r"(?:\A|[,;:]\s*|\b(?:and|but|then|later|also|subsequently|meanwhile)\s+)\W*"
    r"(?:the\s+(?:two|three|four)\s+|both\s+(?:the\s+)?|all\s+(?:three|four)\s+|the\s+)"
    + _PARTIES
    + r"\b(?!['\u2019])",
    _I,
)
#: Words that point back to a partner named before.
ANAPHOR: Final = re.compile(
    r"\b(?:the|this|that)\s+(?:country|government|kingdom|republic|cabinet|ministry|state"
    r"|alliance|bloc|union|company|firm|manufacturer|concern|group|partner|side|agreement"
    r"|memorandum|contract|deal|package)\b|\b(?:the\s+(?:two\s+)?sides|both\s+(?:sides"
    r"|countries|parties)|the\s+parties)\b|\A\W*(?:It|They)\b|\b(?:its|their)\s+(?:government"
    r"|ministry|parliament|cabinet)\b|" + PARTY_ANAPHOR.pattern,
    _I,
)

#: Ukrainian defence companies, kept in a fact's companies alongside the partner's.
UA_COMPANY: Final = re.compile(
    r"\b(?:Ukroboronprom|Ukrainian\s+Defen[cs]e\s+Industry|UDI|Ukrspecexport|Antonov"
    r"|Motor\s+Sich|Ivchenko-Progress|Luch\s+Design\s+Bureau|Morozov|Malyshev"
    r"|Kharkiv\s+Armored\s+Plant|Artem|Zhytomyr\s+Armored\s+Plant|Mayak|UkrOboronService"
    r"|Ukrainian\s+Armor|Ukrainian\s+Armour|SpetsTechnoExport|Progresstech)\b",
)

# -- partners the partner finder leaves to the reader -----------------------------------------

#: Capitals and seats of government that stand for their country, and well-known office
#: holders (2022-2025) whose surname alone names their government. Matched case-sensitively.
EXTRA_PARTNERS: Final[dict[str, tuple[str, Via]]] = {
    **{
        name: (pid, "capital")
        for name, pid in {
            "Ottawa": "CA",
            "Warsaw": "PL",
            "Stockholm": "SE",
            "Oslo": "NO",
            "Copenhagen": "DK",
            "Helsinki": "FI",
            "Tallinn": "EE",
            "Riga": "LV",
            "Vilnius": "LT",
            "Prague": "CZ",
            "Bratislava": "SK",
            "Rome": "IT",
            "Madrid": "ES",
            "Lisbon": "PT",
            "Tokyo": "JP",
            "Seoul": "KR",
            "Ankara": "TR",
            "Canberra": "AU",
            "The Hague": "NL",
            "Athens": "GR",
            "Bucharest": "RO",
            "Budapest": "HU",
            "Vienna": "AT",
            "Dublin": "IE",
            "Reykjavik": "IS",
            "Ljubljana": "SI",
            "Zagreb": "HR",
            "Sofia": "BG",
        }.items()
    },
    **{
        name: (pid, "name")
        for name, pid in {
            "Pentagon": "US",
            "White House": "US",
            "State Department": "US",
            "Congress": "US",
            "Downing Street": "GB",
            "Whitehall": "GB",
            "Bundeswehr": "DE",
            "Bundestag": "DE",
            "Élysée": "FR",
            "Elysee": "FR",
            "Storting": "NO",
            "Riksdag": "SE",
            "Folketing": "DK",
            "Sejm": "PL",
            "Biden": "US",
            "Blinken": "US",
            "Lloyd Austin": "US",
            "Macron": "FR",
            "Lecornu": "FR",
            "Scholz": "DE",
            "Pistorius": "DE",
            "Baerbock": "DE",
            "Merz": "DE",
            "Sunak": "GB",
            "Starmer": "GB",
            "Shapps": "GB",
            "Healey": "GB",
            "Ben Wallace": "GB",
            "Stoltenberg": "NATO",
            "von der Leyen": "EU",
            "Borrell": "EU",
            "Tusk": "PL",
            "Duda": "PL",
            "Kosiniak-Kamysz": "PL",
            "Fiala": "CZ",
            "Frederiksen": "DK",
            "Troels Lund Poulsen": "DK",
            "Kristersson": "SE",
            "Pål Jonson": "SE",
            "Trudeau": "CA",
            "Meloni": "IT",
            "Crosetto": "IT",
            "Kishida": "JP",
            "Erdogan": "TR",
            "Erdoğan": "TR",
            "Nausėda": "LT",
            "Nauseda": "LT",
            "De Croo": "BE",
            "Dedonder": "BE",
            "Ollongren": "NL",
            "Brekelmans": "NL",
            "Pevkur": "EE",
        }.items()
    },
}
EXTRA_PARTNER: Final = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(n) for n in sorted(EXTRA_PARTNERS, key=len, reverse=True))
    + r")(?![\w-])"
)
#: A place named as a location, not as an actor.
LOCATIVE_BEFORE: Final = re.compile(
    r"\b(?:in|at|near|outside|from|to|via|into|around)\s+(?:the\s+)?\Z", _I
)
#: The recipient is the aggressor: not aid to Ukraine.
TO_AGGRESSOR: Final = re.compile(
    r"\b(?:to|for)\s+(?:the\s+)?(?:Russia|Russian|Moscow|Belarus|Kremlin)\b"
    r"|\b(?:supplie[sd]|provide[sd]|sen[dt]s?|gave|give[sn]?|deliver(?:s|ed)?|ship(?:s|ped)?)"
    r"\s+(?:the\s+)?(?:Russia|Moscow|Belarus)\b",
    _I,
)
#: The aggressor as the one who receives ("Russia has received shells from North Korea").
AGGRESSOR: Final = re.compile(r"\b(?:Russia|Russian|Moscow|Kremlin|Belarus\w*)\b", _I)
#: What makes an agreement or memorandum one of this vocabulary: defence-industrial content
#: ("an agreement on border cooperation" or "on grain transit" is not).
DEFENCE_TOPIC: Final = re.compile(
    r"\b(?:defen[cs]e|militar\w*|arms|armament\w*|weapon\w*|ammunition|munitions?|shells?"
    r"|missiles?|rockets?|drones?|UAVs?|unmanned|aircraft|jets?|fighters?|tanks?|howitzers?"
    r"|artillery|armou?r\w*|vehicles?|produc\w*|manufactur\w*|industr\w*|repair\w*"
    r"|maintenance|servic\w*|technolog\w*|technical|procurement|suppl\w*|security|radars?"
    r"|electronic\s+warfare|naval|ships?|boats?|demining|mines?|intelligence|training"
    r"|spare\s+parts|equipment|components?|licen[cs]e\w*|joint\s+ventures?|coalition"
    r"|interceptors?|air\s+force|army|navy|armed\s+forces|strategic\s+industr\w*)\b",
    _I,
)
#: A second amount that converts the first ("DKK 1.7 billion ($250 million)").
CONVERSION_GAP: Final = re.compile(
    r"\s*(?:[(\[]|,?\s*(?:or|i\.e\.|equivalent\s+to|the\s+equivalent\s+of|roughly|about"
    r"|around|approximately)\s*)\s*",
    _I,
)
#: A verb that dates the announcement of a commitment ("Sunak announced on 12 January").
ANNOUNCED_BEFORE: Final = re.compile(
    r"\b(?:announced|announces|said|says|confirmed|pledged|promised|stated|declared|decided"
    r"|approved|agreed|wrote|told\s+[\w\s]{1,30}?)\s+(?:[\w'\u2019-]+\s+){0,2}?\Z",
    _I,
)
#: A passive verb: "were handed over", "has been allocated".
PASSIVE_BEFORE: Final = re.compile(
    r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+|also\s+|now\s+|already\s+)?\Z", _I
)
