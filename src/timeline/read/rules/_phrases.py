"""Noun phrases after a trigger (a scope, a product) and the companies of a clause."""

from __future__ import annotations

import re

from timeline.read._partners import UA_COMPANY
from timeline.read.rules._reader import SentenceReader

#: Where the noun phrase of a field ends: a quote, a place ("in Vilnius"), a relative or
#: reporting clause, a participle with its agent ("vehicles supplied by Western countries").
_PHRASE_END = re.compile(
    r"\s*[\"\u201c\u201d\u2019]|\s+(?:in|at|near)\s+(?=(?-i:[A-Z]))"
    r"|\s+(?:which|that|who|whose|where|when|while|whereas|after|before|until|because)\b"
    r"|\s+(?:\w+ed|made|built|sent|given|bought|sold)\s+(?:by|from|to)\b"
    r"|\s+(?:said|says|reported|reports|according\s+to|announced|stated|worth|valued\s+at)\b",
    re.IGNORECASE,
)


#: Words a field does not end with ("... in", "output by").
PHRASE_TAIL = re.compile(
    r"(?:\s+(?:in|on|at|by|from|since|during|for|of|to|with|and|or|the|a|an|last|this"
    r"|next))+\Z|[\s,;:\u2013\u2014-]+\Z",
    re.IGNORECASE,
)


#: Words of praise before an object that are not part of its name ("vital 155 mm shells").
PRAISE = re.compile(
    r"\A(?:(?:the|a|an|vital|critical|crucial|key|much-needed|badly\s+needed|urgently\s+needed"
    r"|important|essential|additional|further|more|new)\s+)+",
    re.IGNORECASE,
)


def noun_phrase(r: SentenceReader, start: int, end: int) -> str | None:
    """``text[start:end]`` trimmed to its noun phrase: no date, place, quote or clause after it."""
    for mention in r.dates:
        if start < mention.start < end:
            end = mention.start
    cut = _PHRASE_END.search(r.text, start, end)
    if cut is not None:
        end = cut.start()
    phrase = PHRASE_TAIL.sub("", " ".join(r.text[start:end].split()))
    return phrase if re.search(r"[A-Za-z]{3}", phrase) else None


def companies_in(r: SentenceReader, lo: int, hi: int) -> tuple[str, ...]:
    names = [m.company for g in r.groups_in(lo, hi) for m in g.mentions if m.company]
    names += [m.group() for m in UA_COMPANY.finditer(r.text, lo, hi)]
    return tuple(dict.fromkeys(n for n in names if n))
