"""Words every rule shares: clause breaks, negation, hypothesis, plans, the future,
asides, words that point back to a partner named before, and the defence topic.
"""

from __future__ import annotations

import re
from typing import Final

_I = re.IGNORECASE


def stems(text: str) -> re.Pattern[str]:
    """A pattern that finds any stem of a ``|``-separated list ("sign|set up") as it is."""
    return re.compile("|".join(re.escape(stem) for stem in text.split("|")))


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
    r"|\s+(?=but\s)"
    # ", with deliveries rising to 100,000 a month since September": a report of its own
    r"|,\s+(?=with\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?[a-z]+ing\b)"
    # ", and Latvia said it would ...": a new subject with its own verb of saying
    r"|,\s+(?=and\s+(?:[A-Z][\w'\u2019-]*\s+){1,3}(?:said|says|announced|confirmed|pledged"
    r"|promised|added|noted|stated|reported)\b)",
    _I,
)


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


#: "with" and what may stand between it and the partner ("with two American firms").
WITH_PARTNER: Final = re.compile(r"\s+(?:signed\s+)?(?:with|between)\s+", _I)


#: Between a subject and its verb: words that start another clause ("... as Kyiv signs").
SUBJECT_BREAK: Final = re.compile(
    r"\b(?:as|while|whereas|after|before|when|because|since|where|which|who|that)\b|[;:]", _I
)


#: A bare year that is part of a name ("Mirage 2000", "PzH 2000"), not a date.
NAMED_YEAR_BEFORE: Final = re.compile(r"(?:\b[A-Z][\w-]*|[A-Z]-?)\s*\Z")


#: What may stand between two partners that act together ("Germany, Denmark and the Netherlands").
COORDINATION: Final = re.compile(
    r"\A(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+|\s*/\s*"
    r"|\s+or\s+)(?:the\s+)?\Z",
    _I,
)


#: A passive agent: "allocated by the Dutch government", "financed by Germany".
AGENT_BEFORE: Final = re.compile(r"\bby\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,3}?\Z", _I)


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
    r"\b(?:the|this|that)\s+(?:(?:defen[cs]e|foreign|finance|federal|national)\s+)?"
    r"(?:country|government|kingdom|republic|cabinet|ministry|state"
    r"|alliance|bloc|union|company|firm|manufacturer|concern|group|partner|side|agreement"
    r"|memorandum|contract|deal|package|budget|law|plan|programme|program)\b"
    r"|\bthe\s+(?:remaining|rest\s+of\s+the|other)\b|\b(?:the\s+(?:two\s+)?sides|both\s+(?:sides"
    r"|countries|parties)|the\s+parties)\b|\A\W*(?:It|They)\b|\b(?:its|their)\s+(?:(?:defen[cs]e|foreign)\s+)?"
    r"(?:government|ministry|parliament|cabinet)\b|" + PARTY_ANAPHOR.pattern,
    _I,
)


#: The speaker's own side in a quote: "Our new government has pledged ...", "my country will
#: provide ...". It points back to the partner named before (the speaker) only when the
#: clause gives to Ukraine, so that the speaker is not Ukrainian ("our government" in a
#: Ukrainian minister's words is Ukraine's own).
OUR_SIDE: Final = re.compile(
    r"\b(?:our|my)\s+(?:new\s+|own\s+|current\s+)?(?:government|country|nation|administration"
    r"|cabinet|ministry|parliament|people)\b",
    _I,
)


#: The recipient of a speaker's aid: Ukraine named as the one helped.
FOR_UKRAINE: Final = re.compile(
    r"\b(?:for|to|help|helping|support|supporting|assist|assisting)\s+(?:the\s+)?"
    r"(?:Ukrain\w*|Kyiv)\b|\bUkrain\w*['\u2019]s\b",
    _I,
)


#: A place named as a location, not as an actor.
LOCATIVE_BEFORE: Final = re.compile(
    r"\b(?:in|at|near|outside|from|to|via|into|around)\s+(?:the\s+)?\Z", _I
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


#: A passive verb: "were handed over", "has been allocated".
PASSIVE_BEFORE: Final = re.compile(
    r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+|also\s+|now\s+|already\s+)?\Z", _I
)
