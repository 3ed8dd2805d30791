"""Spotting and reading growth factors in one sentence of news text.

>>> [f.factor.value for f in find_factors("Output tripled, and exports rose by 62%.")]
[Decimal('3'), Decimal('1.62')]

How ambiguous text is read (each choice is also covered by a test):

- Factors: "X times more" is X; "times" and percentages need growth nearby: a growth word
  before (increased, grew, rose, up, boost...), "by" right before, or a comparative or
  increase noun right after ("a 40% increase", "three times more"). "by N%" alone is growth,
  and so is a list item after a dash ("shells - 2.5 times").
- Negative changes ("fell by 20%", "decreased threefold", "three times less") and shares
  ("62% of", "increased to 2%") are not factors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Final

import attrs

from timeline.errors import MoneyError
from timeline.money import Factor
from timeline.read._amounts import (
    _DIGIT,
    _DIGIT_RUN,
    _SP,
    _normal_words,
    _qualifier_before,
    _words_alternation,
)
from timeline.read._numbers import NUMBER_WORDS

__all__ = ["FactorMention", "find_factors"]


@attrs.frozen
class FactorMention:
    """A growth factor found in a text, where it stands, and what grew when that is clear.

    The surface is the qualifier and the factor itself ("more than 20 times", "62%",
    "tripled"), not the surrounding growth words. `sector` is best effort and may be None.
    """

    factor: Factor
    start: int
    end: int
    surface: str
    sector: str | None


# --- factors ---------------------------------------------------------------------------------

#: Factor words: the number words from two up, and the halves in between.
_NUMBER_WORDS: Final[dict[str, Decimal]] = {
    word: Decimal(value) for word, value in NUMBER_WORDS.items() if value >= 2
} | {
    "one and a half": Decimal("1.5"),
    "one-and-a-half": Decimal("1.5"),
    "two and a half": Decimal("2.5"),
    "two-and-a-half": Decimal("2.5"),
    "three and a half": Decimal("3.5"),
    "three-and-a-half": Decimal("3.5"),
}
_VERB_FACTORS: Final[dict[str, Decimal]] = {
    "doubl": Decimal(2),
    "tripl": Decimal(3),
    "trebl": Decimal(3),
    "quadrupl": Decimal(4),
    "quintupl": Decimal(5),
}
_GROWTH_SRC: Final = (
    r"increas\w*|grow\w*|grew|rise|rises|rising|rose|risen|up|boost\w*|expand\w*|expansion"
    r"|jump\w*|surg\w*|soar\w*|climb\w*|multipl\w*|rais\w*|ramp\w*|gain\w*|higher|spik\w*"
)
_NEGATIVE_SRC: Final = (
    r"fell|fall|falls|falling|fallen|decreas\w*|declin\w*|drop\w*|reduc\w*|cut|cuts|cutting"
    r"|shr[iau]nk\w*|lower\w*|down|slash\w*|lost|loses|losing|plung\w*|slump\w*|diminish\w*"
)

_FACTOR_NUMBER_SRC: Final = r"\d{1,3}(?:,\d{3}){1,4}(?!\d)|\d{1,9}(?:[.,]\d{1,3})?(?![\d.,]\d)"
_FACTOR: Final = re.compile(
    r"(?<![\w.,])(?P<num>"
    + _FACTOR_NUMBER_SRC
    + r"|(?i:(?P<nword>"
    + _words_alternation(_NUMBER_WORDS)
    + r")))"
    r"(?P<unit>(?i:-?fold|\s?fold)\b|(?i:[\s-]times)\b|[x\u00d7](?!\w)"
    r"|" + _SP + r"?(?:%|(?i:percent|per\s+cent)\b))"
    r"|\b(?P<verb>(?i:" + "|".join(_VERB_FACTORS) + r")(?i:ed|ing))\b"
    r"|\b(?P<modal>(?i:double|triple|treble|quadruple))\b"
    r"|\b(?P<twice>(?i:twice))\b"
)
# A modal verb or "to" must come before "double": "will double", "plans to triple".
_MODAL_BEFORE: Final = re.compile(
    r"\b(?:to|will|would|could|can|should|may|might)\s+\Z", re.IGNORECASE
)
# Words that a factor without digits contains (looked for in the lower-cased text).
_FACTOR_WORDS: Final = ("fold", "times", "doubl", "tripl", "trebl", "quadrupl", "quintupl", "twice")
_WORD_NUMBER_BEFORE: Final = re.compile(
    r"(?<![\w.,])(?i:" + _words_alternation(_NUMBER_WORDS) + r")[\s-]?\Z"
)
_CONTEXT_WORD: Final = re.compile(
    r"\b(?:(?P<neg>" + _NEGATIVE_SRC + r")|(?P<pos>" + _GROWTH_SRC + r"))\b", re.IGNORECASE
)
_CLAUSE_BREAK: Final = re.compile(r"[,;:.!?()\[\]\u2013\u2014]")
# "by 2.5 times", or a list item "drones - 2.5 times" of a sentence about growth.
_BY_BEFORE: Final = re.compile(r"(?:\bby\s+|\s-+\s*|[\u2013\u2014]\s*)\Z", re.IGNORECASE)
_TO_BEFORE: Final = re.compile(r"\bto\s+\Z", re.IGNORECASE)
_MINUS_BEFORE: Final = re.compile(r"[-\u2212\u2013]\Z")
_AFTER_POSITIVE: Final = re.compile(
    r"\s+(?:more|higher|larger|greater|bigger|faster|over|up|increase|increases|rise|growth"
    r"|jump|hike|boost|gain|as\s+(?:much|many|large|big|high|fast|long))\b",
    re.IGNORECASE,
)
_AFTER_NEGATIVE: Final = re.compile(
    r"\s+(?:less|lower|fewer|smaller|cheaper|slower|decrease|decline|drop|fall|reduction|cut"
    r"|down)\b",
    re.IGNORECASE,
)
_OF_AFTER: Final = re.compile(r"\s+of\b", re.IGNORECASE)


def _factor_number(text: str) -> Decimal:
    """A factor's number: "2.5", "2,5" (decimal comma) or "1,000" (grouping)."""
    head, *groups = text.split(",")
    if not groups or all(len(group) == 3 for group in groups):
        return Decimal(head + "".join(groups))
    return Decimal(f"{head}.{groups[0]}")


def _context(text: str, lo: int, start: int) -> str | None:
    """ "pos" or "neg": the last growth or decline word in the clause before `start`."""
    window_start = max(lo, start - 80)
    window = text[window_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    last: str | None = None
    for match in _CONTEXT_WORD.finditer(window):
        last = "neg" if match.group("neg") else "pos"
    return last


# --- sectors (best effort) -------------------------------------------------------------------

# Where a clause (and with it the phrase naming what grew) begins.
_SECTOR_BREAK: Final = re.compile(
    r"[,;:()\[\].!?\u2013\u2014\d]|\s-+\s|\b(?:and|while|whereas|but)\s"
)
_DASH_END: Final = re.compile(r"\s*[\u2013\u2014-]+\s*(?:by\s+)?\Z")
_AUX: Final = (
    r"(?:(?:has|have|had|was|were|is|are|been|be|will|would|could|can|may|might|should"
    r"|expected\s+to)\s+)*"
)
_GROWTH_VERB: Final = (
    r"(?:increas\w*|grow\w*|grew|rise|rises|rising|rose|risen|boost\w*|expand\w*|jump\w*"
    r"|surg\w*|soar\w*|climb\w*|multipl\w*|rais\w*|ramp\w*\s+up|went\s+up|go\s+up|gone\s+up"
    r"|up|doubl\w*|tripl\w*)"
)
_OBJECT_SECTOR: Final = re.compile(
    r"\b" + _GROWTH_VERB + r"\s+(?:(?:its|their|the)\s+)?(?P<s>(?!by\b)[^\d]{2,60}?)\s*\Z",
    re.IGNORECASE,
)
_SUBJECT_SECTOR: Final = re.compile(
    r"\s*(?P<s>.{2,80}?)\s+" + _AUX + r"(?:" + _GROWTH_VERB + r"\s+)?(?:by\s+)?\Z",
    re.IGNORECASE | re.DOTALL,
)
_AFTER_SECTOR: Final = re.compile(
    r"\s+(?:increase|rise|growth|jump|boost)\s+in\s+(?:(?:the|its|their)\s+)?"
    r"(?P<s>[^,;:()\[\]\u2013\u2014.!?\d]{2,60}?)"
    r"(?=\s*(?:[,;:.!?()]|\Z|\s(?:in|since|by|from|over|during|compared)\b))",
    re.IGNORECASE,
)
_OBJECT_AFTER: Final = re.compile(
    r"\s+(?:(?:its|their|the|our)\s+)?(?!(?:by|in|from|over|to|and|this|next|within)\b)"
    r"(?P<s>[A-Za-z][\w -]{1,40}?)(?=\s*(?:[,;:.!?()]|\Z|\s(?:in|by|from|over|during|compared"
    r"|to|and|within|next|this|until|as)\b))",
    re.IGNORECASE,
)
_OF_SECTOR: Final = re.compile(
    r"\b(?:production|output|manufacturing|manufacture|supply|supplies|exports?|imports?"
    r"|deliveries|purchases|sales)\s+of\s+(?P<s>.+)\Z",
    re.IGNORECASE,
)
_LEADING: Final = re.compile(
    r"^(?:(?:and|or|but|while|whereas|the|a|an|its|their|our|this|that|of)\s+)+", re.IGNORECASE
)
_NOT_A_SECTOR: Final = re.compile(
    r"^(?:in|since|from|during|over|by|for|it|they|he|she|we|this|that|which|who|and|or|a|an"
    r"|the)\b|\b(?:is|are|was|were|be|been|has|have|had|will|would|to|can|could|should|may"
    r"|might|up)\b",
    re.IGNORECASE,
)


def _clean_sector(raw: str) -> str | None:
    sector = " ".join(raw.split())
    of_match = _OF_SECTOR.search(sector)
    if of_match is not None:
        sector = of_match.group("s")
    sector = _LEADING.sub("", sector).strip(" -'\"")
    if not sector or len(sector.split()) > 8 or _NOT_A_SECTOR.search(sector):
        return None
    return sector


def _clause_tail(before: str) -> str:
    """The end of `before` from where its last clause begins."""
    last = 0
    for match in _SECTOR_BREAK.finditer(before):
        last = match.end()
    return before[last:]


def _sector(text: str, lo: int, start: int, end: int, *, verb: bool) -> str | None:
    """What grew, from the words around the factor at ``text[start:end]`` (or None).

    Tried in turn: "X - fivefold", "increased X 20 times" (an object), "X increased by 62%"
    (a subject, "production of X" giving X), "to triple X" (after a verb), "a 40% increase
    in X".
    """
    before = text[max(lo, start - 120) : start]
    dash = _DASH_END.search(before)
    if dash is not None:
        return _clean_sector(_clause_tail(before[: dash.start()]))
    if verb:
        after = _OBJECT_AFTER.match(text, end)
        if after is not None and (sector := _clean_sector(after.group("s"))) is not None:
            return sector
    clause = _clause_tail(before)
    for match in (_OBJECT_SECTOR.search(clause), _SUBJECT_SECTOR.match(clause)):
        if match is not None and (sector := _clean_sector(match.group("s"))) is not None:
            return sector
    after = _AFTER_SECTOR.match(text, end)
    return _clean_sector(after.group("s")) if after is not None else None


def _factor_value(text: str, match: re.Match[str], lo: int) -> tuple[Decimal, str] | None:
    """The factor's value and kind (None: not a factor).

    Kinds: "word" ("tripled", "threefold", "2x"), "times" ("2.5 times", "twice"), "percent".
    """
    start, end = match.span()
    if (verb := match.group("verb")) is not None:
        return next(v for k, v in _VERB_FACTORS.items() if verb.lower().startswith(k)), "word"
    if (modal := match.group("modal")) is not None:
        if not _MODAL_BEFORE.search(text, max(lo, start - 8), start):
            return None
        return next(v for k, v in _VERB_FACTORS.items() if modal.lower().startswith(k)), "word"
    if match.group("twice") is not None:
        return Decimal(2), "times"
    unit = match.group("unit").strip().lower()
    nword = match.group("nword")
    if nword is not None:
        if not unit.endswith(("fold", "times")):
            return None
        value = _NUMBER_WORDS[_normal_words(nword)]
    else:
        if _MINUS_BEFORE.search(text, max(lo, start - 1), start):
            return None
        value = _factor_number(match.group("num"))
    if unit.endswith("fold") or unit in {"x", "\u00d7"}:
        return value, "word"
    if unit.endswith("times"):
        return value, "times"
    if _OF_AFTER.match(text, end):  # a percentage: "62% of" is a share
        return None
    return 1 + value / 100, "percent"


def _factor_at(text: str, match: re.Match[str], lo: int) -> FactorMention | None:
    """The factor that `match` is, or None when the words around it say it is not growth."""
    end = match.end()
    if _AFTER_NEGATIVE.match(text, end):
        return None
    read = _factor_value(text, match, lo)
    if read is None:
        return None
    value, kind = read
    qualifier, start = _qualifier_before(text, lo, match.start())
    context = _context(text, lo, start)
    if context == "neg":
        return None
    if kind == "percent" and _TO_BEFORE.search(text, max(lo, start - 4), start):
        return None  # "increased to 2%": a level, not a change
    if kind != "word" and not (
        context == "pos"
        or _BY_BEFORE.search(text, max(lo, start - 6), start)
        or _AFTER_POSITIVE.match(text, end)
    ):
        return None
    try:
        factor = Factor(value, qualifier)
    except MoneyError:
        return None
    sector = _sector(text, lo, start, end, verb=match.group("modal") is not None)
    return FactorMention(factor, start, end, text[start:end], sector)


def find_factors(text: str) -> list[FactorMention]:
    """Every growth factor in `text`, in order: "tripled" is 3, "by 62%" is 1.62.

    >>> [(f.surface, f.sector) for f in find_factors("Shells - fivefold, drones - 2.5 times.")]
    [('fivefold', 'Shells'), ('2.5 times', 'drones')]
    """
    lower = text.lower()
    has_digit = _DIGIT.search(text) is not None
    if not has_digit and not any(word in lower for word in _FACTOR_WORDS):
        return []
    matches: Iterable[re.Match[str] | None]
    if len(lower) == len(text):  # positions in `lower` are positions in `text`
        matches = (_FACTOR.match(text, pos) for pos in _factor_candidates(text, lower))
    else:  # pragma: no cover - rare letters whose lower case is longer
        matches = _FACTOR.finditer(text)
    found: list[FactorMention] = []
    lo = 0
    for match in matches:
        if match is None or match.start() < lo:
            continue
        mention = _factor_at(text, match, lo)
        if mention is not None:
            found.append(mention)
            lo = mention.end
    return found


def _occurrences(lower: str, word: str) -> Iterator[int]:
    index = lower.find(word)
    while index >= 0:
        yield index
        index = lower.find(word, index + 1)


def _factor_candidates(text: str, lower: str) -> list[int]:
    """Positions where a factor may start: digit runs and words around the factor words.

    Matching the factor pattern only there is several times faster than scanning with it.
    """
    positions = {run.start() for run in _DIGIT_RUN.finditer(text)}
    for word in _FACTOR_WORDS:
        for index in _occurrences(lower, word):
            if word in {"fold", "times"}:
                before = _WORD_NUMBER_BEFORE.search(text, max(0, index - 20), index)
                if before is not None:
                    positions.add(before.start())
            elif index == 0 or not lower[index - 1].isalnum():
                positions.add(index)
    return sorted(positions)
