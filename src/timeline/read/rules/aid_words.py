"""The words of the aid rule (`aid`): trigger verbs of commitments and deliveries, the cues
that make them plans, reports or totals, and the nouns that say the object is aid.
"""

from __future__ import annotations

import re
from typing import Final

from timeline.read.rules._common import stems

_I = re.IGNORECASE

AID_STEMS: Final = stems(
    "pledg|promis|allocat|earmark|commit|grant|contribut|aside|add|approv|announc|unveil|"
    "adopt|agreed|confirm|decided|authori|green|endorse|passed|into law|provid|transfer|send|"
    "sent|giv|gave|suppl|donat|deliver|hand|financ|fund|purchas|buy|procur|pay|paid|receiv|"
    "get|creat|set up|establish|launch|underwr|arriv|ship|reach|disburs|doubl|tripl|increas|"
    "rais|boost|lift|step|scale|ratif|present|reveal|inform|flown|left|departed|envisag|"
    "foresee|foresaw|provides for|include|contain|saw|sees"
)


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


#: Verbs that commit aid on their own ("pledged €87 million").
COMMIT_STRONG: Final = re.compile(
    r"\b(?:pledg(?:ed|es|ing)|promis(?:ed|es|ing)|allocat(?:ed|es|ing)|earmark(?:ed|s|ing)"
    r"|committed|commits|grant(?:ed|s)|contribut(?:ed|es)|set\s+aside|sets\s+aside"
    r"|pledge|commitment|commitments|promise(?=\s+(?:(?:in|on|last|this)\s+[A-Z]?\w+"
    r"(?:\s+\d{4})?\s+)?(?:by|from|of|made|to\s+(?:supply|provide|send|deliver|transfer|give"
    r"|donate)|that)\b))\b"
    r"|\badd(?:s|ed|ing)\s+(?:another\s+|a\s+further\s+|an\s+additional\s+|(?:about|some|over)\s+)?"
    r"(?=[€$£]|\d|[A-Z]{3}\s+\d)",
    _I,
)


#: Verbs that commit aid when the object is aid ("approved the fifteenth package").
COMMIT_WEAK: Final = re.compile(
    r"\b(?:approv(?:ed|es)|announc(?:ed|es)|unveil(?:ed|s)|adopt(?:ed|s)|agreed\s+(?:on|upon)"
    r"|confirm(?:ed|s)(?!\s+(?:the\s+)?(?:deliver(?:y|ies)|arrival|receipt)\b)|decided"
    r"|authori[sz](?:ed|es)|green[- ]?lit|signed\s+off\s+on|ratif(?:ied|ies)"
    r"|present(?:ed|s)|reveal(?:ed|s)|inform(?:ed|s)\s+(?:\w+\s+)?(?:about|of)"
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
    r"|transferring|donating|giving|allocating|handing\s+over)\b"
    r"|\b(?:is|are)\s+being\s+(?:purchased|bought|procured|sent|supplied|transferred|donated"
    r"|financed|funded)\b",
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
    r"|provides(?!\s+for\b)|donated|donates|gave|(?:has|have|had)\s+(?:already\s+|also\s+|now\s+|just\s+)?given"
    r"|(?:was|were|been|being)\s+(?:\w+ly\s+|also\s+)?given\s+to\s+(?:the\s+)?(?:Ukrain\w*|Kyiv)"
    r"|took\s+delivery|has\s+reached|have\s+reached|reached\s+Ukraine|disbursed|disburses"
    r"|complet(?:ed|es)\s+(?:the\s+)?deliver(?:y|ies)"
    r"|confirm(?:ed|s)\s+(?:the\s+)?(?:deliver(?:y|ies)|arrival|receipt)\s+of"
    r"|(?:began|begun|begins|started|starts)\s+(?:to\s+)?(?:ship|deliver|send|supply|transfer"
    r"|receiv|hand(?:ing)?\s+over)\w*"
    r"|(?:first|second|only|latest)\s+(?:[\w-]+\s+){0,2}?to\s+(?:start\s+|begin\s+)?"
    r"(?:supplying|delivering|sending|shipping|transferring|providing|deliver|send|supply"
    r"|transfer|provide|ship|hand\s+over|donate)"
    r"|(?:was|were|been)\s+flown\s+(?:in|to)|(?:left|departed)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:bound\s+)?for\s+Ukraine"
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
    r"\A(?:received|receives|receive|get|arrived|arrives|took\s+delivery"
    r"|(?:began|begun|begins|started|starts)\s+(?:to\s+)?receiv)",
    _I,
)


#: Nouns that say the object is aid.
AID_NOUN: Final = re.compile(
    r"\b(?:aid|assistance|package|packages|tranche|fund|funding|financing|grant|grants|loan"
    r"|contribution|donation|support|batch|shipment|consignment|deliver(?:y|ies)|supplies"
    r"|military\s+help|budget\s+support)\b|\b(?:for|to)\s+Ukraine\b",
    _I,
)


#: A package, a tranche, or a government's aid plan, which some name their packages ("approved
#: a 25th military aid plan for Ukraine").
PACKAGE: Final = re.compile(
    r"\b(?:packages?|tranches?)\b|\b(?:aid|assistance|support)\s+plans?\b", _I
)


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


#: The recipient is the aggressor: not aid to Ukraine.
TO_AGGRESSOR: Final = re.compile(
    r"\b(?:to|for)\s+(?:the\s+)?(?:Russia|Russian|Moscow|Belarus|Kremlin)\b"
    r"|\b(?:supplie[sd]|provide[sd]|sen[dt]s?|gave|give[sn]?|deliver(?:s|ed)?|ship(?:s|ped)?)"
    r"\s+(?:the\s+)?(?:Russia|Moscow|Belarus)\b",
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


#: What an adopted budget, plan or programme does with money: "the budget saw $200 million
#: for Ukraine", "a plan that envisages a €200 million package", "the programme provides for".
DOCUMENT_VERB: Final = re.compile(
    r"\b(?:envisag(?:es|ed)|foresees|foresaw|provides\s+for|provided\s+for|includes|included"
    r"|contains|contained|saw|sees)\b",
    _I,
)


#: The document that allocates, as the subject of `DOCUMENT_VERB`: a government's budget,
#: plan, programme or law ("the federal budget this week", "a long-term plan to support
#: Ukraine, which"). What stands between them is checked for cues of its own. A bill, a
#: strategy or a roadmap is a proposal until passed or adopted ("passed" is its own verb).
DOCUMENT_SUBJECT: Final = re.compile(
    r"\b(?:budget|plan|programme|program|framework|law|decree)\b(?=[^.;]{0,80}?\Z)",
    _I,
)
