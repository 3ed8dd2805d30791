"""The extraction rules: one sentence in, drafts of facts out.

A sentence is read once for partners, dates, amounts and factors, and cut into clauses
(at ";", ", while", ", but", ", followed by", ...). Each rule looks for its kind's triggers,
checks the words before a trigger in its clause for negation, hypothesis, plan, forecast and
(for aid) cumulative totals, and then picks the partners, the date and the fields that belong
to that trigger. See ``docs/extraction.md`` for the reasoning behind each choice.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from timeline.dates import DateSpan, Precision
from timeline.money import Factor, Money
from timeline.partners import PartnerMention, find_partners
from timeline.read import _lexicon as lx
from timeline.read._amounts import AmountMention, find_amounts, find_factors
from timeline.read._datexpr import DateMention, find_dates

__all__ = ["SIGNED_DOCUMENT", "Antecedent", "Draft", "SentenceReader", "read_sentence"]

#: The kind of a draft read from "the document was signed": that of the memorandum or
#: agreement named just before it, which `extract` fills in (or drops the draft).
SIGNED_DOCUMENT = "signed_document"

#: How far (characters) a rule looks from a trigger for the words that belong to it.
_NEAR = 80
_SKIP_LEADS = frozenset({"by", "until", "till", "before", "for", "within", "towards", "toward"})
_PAST_ONLY_SKIP = frozenset({"since", "after", "as"})


@attrs.define
class Draft:
    """A fact found in one sentence, before it becomes an event.

    ``position`` is the offset in the sentence of the words it was read from, for ordering;
    ``fields`` holds the kind's own fields (items, scope, sector ...). ``undated`` marks a
    growth figure with no date of its own, ``heading`` a draft read from a headline, and
    ``aliases`` the same amount in other currencies ("EUR 170 million ($190 million)"): the
    three help `extract` date and merge drafts across sentences.
    """

    kind: str
    rule: str
    position: int
    partners: tuple[str, ...]
    occurred: DateSpan
    amount: Money | None = None
    factor: Factor | None = None
    fields: dict[str, Any] = attrs.field(factory=dict)
    undated: bool = False
    heading: bool = False
    aliases: tuple[Money, ...] = ()


@attrs.frozen
class Antecedent:
    """The parties of a sentence before, for a clause that points back to them.

    ``partners`` is one partner, or one coordinated group of partners when the clause names
    its parties together ("The two companies ..."); ``companies`` are the companies named
    there; ``defence`` says that the sentence was about defence or its industry.
    """

    partners: tuple[str, ...]
    companies: tuple[str, ...] = ()
    defence: bool = False


#: Gives the parties named just before a sentence; the flag allows a coordinated group.
Carry = Callable[[bool], Antecedent | None]


@attrs.frozen
class _Group:
    """Partners named together ("Germany, Denmark and the Netherlands"): they act as one."""

    start: int
    end: int
    partners: tuple[str, ...]
    mentions: tuple[PartnerMention, ...]


@attrs.frozen
class _Trigger:
    kind: str
    rule: str
    start: int
    end: int
    strength: str  # strong, weak, future, raise, plan, fund, finance, deliver
    receive: bool = False  # the partner is the origin after the verb ("received ... from X")
    #: the agent of a participle before it that it has replaced ("promised by Germany arrived")
    agent: tuple[str, ...] = ()
    #: where the words that make it a commitment begin ("plans to" in "plans to allocate")
    cue: int | None = None


def _find_partners(text: str) -> list[PartnerMention]:
    """The partner finder's mentions plus capitals, seats of government and office holders."""
    found = find_partners(text)
    if lx.EXTRA_PARTNER.search(text) is None:
        return found
    extra = [
        PartnerMention(pid, m.start(), m.end(), m.group(), None, via)
        for m in lx.EXTRA_PARTNER.finditer(text)
        for pid, via in (lx.EXTRA_PARTNERS[m.group()],)
        if not any(f.start < m.end() and m.start() < f.end for f in found)
    ]
    return sorted([*found, *extra], key=lambda mention: mention.start)


def _lead(mention: DateMention) -> str:
    head = mention.surface.split(None, 1)
    return head[0].lower() if head else ""


class SentenceReader:
    """Reads the facts of one sentence; built once per sentence by `read_sentence`."""

    def __init__(self, text: str, published: date | None, carry: Carry) -> None:
        self.text = text
        self.lower = text.lower()
        self.published = published
        self._carry = carry
        #: the parties taken from the sentence before by `carry`, if any
        self.antecedent: Antecedent | None = None

    # -- reading the sentence, each part when a rule first needs it ----------------------------

    @functools.cached_property
    def mentions(self) -> list[PartnerMention]:
        """The partners named in the sentence (accession politics and places as locations out)."""
        found = [m for m in _find_partners(self.text) if self._is_partner(m)]
        if any(m.via != "capital" for m in found):
            found = [m for m in found if not self._locative(m)]
        return found

    @functools.cached_property
    def groups(self) -> list[_Group]:
        """The mentions, coordinated ones grouped."""
        return self._group(self.mentions)

    @functools.cached_property
    def dates(self) -> list[DateMention]:
        """The date expressions, resolved against the publication date."""
        return find_dates(self.text, self.published)

    @functools.cached_property
    def amounts(self) -> list[AmountMention]:
        """The amounts of money."""
        return find_amounts(self.text)

    @functools.cached_property
    def clauses(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each clause."""
        return self._clauses()

    @functools.cached_property
    def asides(self) -> list[tuple[int, int]]:
        """Spans of parentheses, relative and concessive clauses."""
        return [m.span() for m in lx.ASIDE.finditer(self.text)] if self.groups else []

    def _locative(self, mention: PartnerMention) -> bool:
        return mention.via == "capital" and (
            lx.LOCATIVE_BEFORE.search(self.text, max(0, mention.start - 16), mention.start)
            is not None
        )

    def _is_partner(self, mention: PartnerMention) -> bool:
        if mention.partner == "EU":
            if lx.ACCESSION_AFTER.match(self.text, mention.end):
                return False
            if lx.ACCESSION_BEFORE.search(self.text, max(0, mention.start - 20), mention.start):
                return False
        return True

    def _group(self, mentions: Sequence[PartnerMention]) -> list[_Group]:
        """Chains of coordinated mentions; a comma links only inside an "A, B and C" list."""
        chains: list[list[tuple[PartnerMention, bool]]] = []
        for mention in mentions:
            if chains:
                gap = self.text[chains[-1][-1][0].end : mention.start]
                if lx.COORDINATION.match(gap):
                    strong = re.search(r"\b(?:and|or|as\s+well\s+as)\b|[&/]", gap) is not None
                    chains[-1].append((mention, strong))
                    continue
            chains.append([(mention, True)])
        groups: list[_Group] = []
        for chain in chains:
            last_strong = max(i for i, (_, strong) in enumerate(chain) if strong)
            groups.append(self._make_group([m for m, _ in chain[: last_strong + 1]]))
            groups.extend(self._make_group([m]) for m, _ in chain[last_strong + 1 :])
        return groups

    @staticmethod
    def _make_group(mentions: Sequence[PartnerMention]) -> _Group:
        partners = tuple(dict.fromkeys(m.partner for m in mentions))
        return _Group(mentions[0].start, mentions[-1].end, partners, tuple(mentions))

    def _clauses(self) -> list[tuple[int, int]]:
        cuts = [0]
        for match in lx.CLAUSE_BREAK.finditer(self.text):
            if match.end() > cuts[-1]:
                cuts.append(match.end())
        cuts.append(len(self.text))
        return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]

    def clause_of(self, position: int) -> tuple[int, int]:
        """The clause that holds `position`."""
        for start, end in self.clauses:
            if start <= position < end:
                return start, end
        return self.clauses[-1] if self.clauses else (0, len(self.text))

    # -- cues ----------------------------------------------------------------------------------

    def blocked(self, lo: int, hi: int, *, future_ok: bool = False) -> bool:
        """True when the words in ``text[lo:hi]`` make what follows no fact.

        Negation, hypothesis, plan and forecast cues; the future only when `future_ok` is
        false; "would" only outside reported speech ("reported that X would create a fund")
        or when the future is not allowed.
        """
        window = lx.ASIDE.sub(" ", self.text[lo:hi])
        examples = list(lx.EXAMPLES.finditer(window))
        if examples:
            window = window[examples[-1].end() :]
        if (
            lx.NEGATION.search(window)
            or lx.HYPOTHESIS.search(window)
            or lx.MAY_MODAL.search(window)
            or lx.PLAN.search(window)
        ):
            return True
        if lx.WOULD.search(window) and not (
            future_ok and lx.REPORTED.search(self.text, 0, hi) is not None
        ):
            return True
        return not future_ok and lx.FUTURE.search(window) is not None

    # -- partners ------------------------------------------------------------------------------

    def groups_in(self, lo: int, hi: int) -> list[_Group]:
        """The partner groups that lie inside ``text[lo:hi]``."""
        return [g for g in self.groups if g.start >= lo and g.end <= hi]

    def union(self, groups: Iterable[_Group]) -> tuple[str, ...]:
        """The partners of all `groups`, in order of first mention."""
        return tuple(dict.fromkeys(p for g in groups for p in g.partners))

    def parties_back(self, lo: int, hi: int) -> bool:
        """True when the clause's subject is the parties named before ("Both firms ...")."""
        return lx.PARTY_ANAPHOR.search(self.text, lo, hi) is not None

    def defence_parties_back(self) -> bool:
        """True when a sentence naming no partner has as subject the defence firms named before."""
        if self.groups or not self.parties_back(0, len(self.text)):
            return False
        antecedent = self._carry(True)
        return antecedent is not None and antecedent.defence

    def carry(self, lo: int, hi: int, *, passive_at: int | None = None) -> tuple[str, ...]:
        """The partner of the sentences before, when this clause points back to it.

        It does when it says "the country", "the agreement", "It ..." and the like, or when
        the sentence names no partner at all and its verb (at `passive_at`) is passive:
        "Two more launchers were handed over in September". A clause whose subject is the
        parties together ("The two companies", "Both sides") takes the one group of partners
        named before, with its companies.
        """
        points_back = (
            lx.ANAPHOR.search(self.text, lo, hi) is not None
            or lx.ANAPHOR.match(self.text) is not None
        )
        if not points_back and passive_at is not None and not self.groups:
            points_back = (
                lx.PASSIVE_BEFORE.search(self.text, max(0, passive_at - 30), passive_at) is not None
            )
        if not points_back:
            return ()
        antecedent = self._carry(self.parties_back(lo, hi))
        if antecedent is None:
            return ()
        self.antecedent = antecedent
        return antecedent.partners

    def signing_parties(self, verb: int, clause: tuple[int, int]) -> list[_Group]:
        """Who signed: the groups after the verb in its clause, and its subject before it.

        The subject is the nearest group before the verb, unless another clause starts
        between them ("Denmark finances howitzers as Kyiv signs deals" has no foreign signer).
        """
        lo, hi = clause
        after = self.groups_in(verb, hi)
        before = [g for g in self.groups_in(lo, verb) if verb - g.end <= _NEAR]
        if before and not lx.SUBJECT_BREAK.search(self.text, before[-1].end, verb):
            return [before[-1], *after]
        return after

    def in_aside(self, group: _Group) -> bool:
        """True when `group` stands in a parenthesis, relative or concessive clause."""
        return any(s <= group.start and group.end <= e for s, e in self.asides)

    def partners_after(self, position: int, limit: int = 60) -> tuple[str, ...]:
        """The first partner group right after `position` (no comma or semicolon between)."""
        for group in self.groups:
            if group.start < position:
                continue
            gap = self.text[position : group.start]
            if group.start - position > limit or any(c in gap for c in ",;."):
                return ()
            return group.partners
        return ()

    def partners_for(
        self, trigger: _Trigger, anchor: int, clause: tuple[int, int]
    ) -> tuple[str, ...]:
        """The partner of an aid fact: agent, origin, subject, object, sentence, carry-over."""
        lo, hi = clause
        inside = self.groups_in(lo, hi)
        after_trigger = [g for g in inside if g.start >= trigger.end]
        for group in after_trigger:
            gap_start = max(trigger.end, group.start - 60)
            if lx.AGENT_BEFORE.search(self.text, gap_start, group.start):
                return group.partners
        if re.match(r"\s+by\s", self.text[trigger.end : trigger.end + 4]) and not (
            lx.PASSIVE_BEFORE.search(self.text, max(0, trigger.start - 30), trigger.start)
        ):
            return ()  # "vehicles supplied by Western countries": an agent that is no partner
        if trigger.agent:
            return trigger.agent  # "the IRIS-T promised by Germany arrived"
        if trigger.receive:
            # "Poland received ... from the US": the recipient is not Ukraine; but what
            # "arrived" is the aid itself ("Shells made by Rheinmetall arrived")
            arrive = self.lower.startswith("arriv", trigger.start)
            if (not arrive and any(g.end <= trigger.start for g in inside)) or lx.AGGRESSOR.search(
                lx.ASIDE.sub(" ", self.text[lo : trigger.start])
            ):
                return ()
            for group in after_trigger:
                return group.partners
        main = [g for g in inside if not self.in_aside(g)] or inside
        before = [g for g in main if g.end <= anchor]
        if before:
            return before[-1].partners
        following = [g for g in main if g.start >= anchor]
        if following:
            return following[0].partners
        earlier = [g for g in self.groups if g.end <= lo]
        if earlier:
            return earlier[-1].partners
        return self.carry(lo, hi, passive_at=trigger.start)

    # -- dates ---------------------------------------------------------------------------------

    def pick_date(
        self,
        lo: int,
        hi: int,
        anchor: int,
        *,
        skip: Callable[[DateMention], bool],
    ) -> DateMention | None:
        """The date nearest to `anchor` in ``text[lo:hi]`` that `skip` does not refuse.

        Without one, a date that opens the sentence ("In June, ...") governs every clause.
        """
        best: DateMention | None = None
        best_distance = 0
        for mention in self.dates:
            if mention.start < lo or mention.end > hi or skip(mention):
                continue
            if mention.end <= anchor:
                distance = anchor - mention.end
            else:
                distance = max(0, mention.start - anchor)
            if best is None or distance < best_distance:
                best, best_distance = mention, distance
        if best is None:
            for mention in self.dates:
                if mention.start <= 2 and mention.end <= lo and not skip(mention):
                    return mention
        return best

    def is_future(self, mention: DateMention) -> bool:
        """True when the date lies wholly after publication."""
        earliest = mention.span.earliest
        return self.published is not None and earliest is not None and earliest > self.published

    def past_skip(self, mention: DateMention) -> bool:
        """Dates that do not say when a past fact happened: deadlines, budgets, the future."""
        lead = _lead(mention)
        return (
            lead in _SKIP_LEADS
            or lead in _PAST_ONLY_SKIP
            or self.is_future(mention)
            or self.named_year(mention)
        )

    def named_year(self, mention: DateMention) -> bool:
        """True for a bare year that is part of a name: "Mirage 2000", "PzH 2000"."""
        return (
            mention.surface.isdigit()
            and lx.NAMED_YEAR_BEFORE.search(self.text, max(0, mention.start - 20), mention.start)
            is not None
        )

    def occurred(self, mention: DateMention | None, *, open_end_ok: bool = False) -> DateSpan:
        """The occurred span of a fact dated by `mention` (or undated, when it is None)."""
        published = self.published
        if mention is None:
            return DateSpan.unknown() if published is None else DateSpan.on_or_before(published)
        span = mention.span
        if mention.relative and published is None:
            return DateSpan.unknown()
        if published is None or span.precision is Precision.UNKNOWN:
            return span
        if span.earliest is not None and span.earliest > published:
            return span
        if span.latest is None:
            return span if open_end_ok else DateSpan.between(span.earliest, published)
        if span.latest > published and span.precision in (Precision.DAY, Precision.WEEK):
            return DateSpan.between(span.earliest, published)
        return span


# -- the rules ----------------------------------------------------------------------------------


def _signed(r: SentenceReader) -> list[Draft]:
    """Memoranda and agreements: a signing verb with its noun, or "an agreement with X"."""
    text = r.text
    nouns: list[tuple[int, int, str]] = [
        (m.start(), m.end(), "memorandum_signed") for m in lx.MEMO_NOUN.finditer(text)
    ]
    for m in lx.AGREEMENT_NOUN.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in nouns):
            nouns.append((m.start(), m.end(), "agreement_signed"))
    for m in lx.DOCUMENT_NOUN.finditer(text):
        nouns.append((m.start(), m.end(), SIGNED_DOCUMENT))
    if not nouns:
        return []
    if (
        lx.DEFENCE_TOPIC.search(text) is None
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
    for verb in lx.SIGN_VERB.finditer(text):
        lo, hi = r.clause_of(verb.start())
        noun = next(
            (n for n in nouns if verb.end() <= n[0] <= verb.end() + _NEAR and n[0] < hi), None
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
        if verb.group().lower() in ("sign", "signs") and lx.INFINITIVE_BEFORE.search(
            text, max(0, verb.start() - 12), verb.start()
        ):
            continue
        anchor = min(verb.start(), noun[0])
        if r.blocked(lo, anchor) or (noun[0] < verb.start() and r.blocked(noun[1], verb.start())):
            continue
        partners = r.union(r.signing_parties(verb.start(), (lo, hi)))
        carried = None
        if not partners:
            partners = r.carry(lo, hi)
            carried = r.antecedent if partners else None
        if not partners and noun[2] != SIGNED_DOCUMENT:
            continue
        used.add(noun[0])
        drafts.append(_signed_draft(r, noun, partners, anchor, (lo, hi), "signed", carried))
    for noun in nouns:
        if noun[0] in used:
            continue
        with_match = lx.WITH_PARTNER.match(text, noun[1])
        if with_match is None:
            continue
        partners = r.partners_after(with_match.end())
        lo, hi = r.clause_of(noun[0])
        if not partners or r.blocked(lo, noun[0]):
            continue
        used.add(noun[0])
        drafts.append(_signed_draft(r, noun, partners, noun[0], (lo, hi), "with_partner"))
    return drafts


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
        companies = _companies(r, lo, hi)
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
_PHRASE_TAIL = re.compile(
    r"(?:\s+(?:in|on|at|by|from|since|during|for|of|to|with|and|or|the|a|an|last|this"
    r"|next))+\Z|[\s,;:\u2013\u2014-]+\Z",
    re.IGNORECASE,
)
#: Words of praise before an object that are not part of its name ("vital 155 mm shells").
_PRAISE = re.compile(
    r"\A(?:(?:the|a|an|vital|critical|crucial|key|much-needed|badly\s+needed|urgently\s+needed"
    r"|important|essential|additional|further|more|new)\s+)+",
    re.IGNORECASE,
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


def _phrase(r: SentenceReader, start: int, end: int) -> str | None:
    """``text[start:end]`` trimmed to its noun phrase: no date, place, quote or clause after it."""
    for mention in r.dates:
        if start < mention.start < end:
            end = mention.start
    cut = _PHRASE_END.search(r.text, start, end)
    if cut is not None:
        end = cut.start()
    phrase = _PHRASE_TAIL.sub("", " ".join(r.text[start:end].split()))
    return phrase if re.search(r"[A-Za-z]{3}", phrase) else None


def _scope(r: SentenceReader, noun_end: int, hi: int) -> str | None:
    """What a memorandum or agreement covers: the phrase after "on", "for", "to" ..."""
    position = noun_end
    for _ in range(3):
        found = lx.SCOPE.match(r.text, position, hi)
        if found is None:
            return None
        start = found.start("scope")
        date_here = next((d for d in r.dates if d.start <= start < d.end), None)
        if date_here is None:
            return _phrase(r, start, found.end("scope"))
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
        thing = _PRAISE.sub("", verb.group("object"))
        noun = _ACTIVITY[verb.group("verb").lower()]
        joint = "joint " if verb.group("adv") or re.search(r"\bjointly\b", scope, re.I) else ""
        thing = re.sub(r"\s+(?:jointly|together)\b", "", thing)
        return f"{joint}{noun} of {thing}", thing
    activity = _ACTIVITY_NOUN.fullmatch(scope)
    if activity is not None:
        return scope, _PRAISE.sub("", activity.group("object"))
    named = _PRAISE.sub("", scope)
    if lx.SPECIFIC_ITEM.search(named) and not re.search(r"\b(?:cooperation|of)\b", named, re.I):
        return None, named
    return scope, None


def _companies(r: SentenceReader, lo: int, hi: int) -> tuple[str, ...]:
    names = [m.company for g in r.groups_in(lo, hi) for m in g.mentions if m.company]
    names += [m.group() for m in lx.UA_COMPANY.finditer(r.text, lo, hi)]
    return tuple(dict.fromkeys(n for n in names if n))


_JV_INFINITIVE = re.compile(
    r"\b(?:to|will|would|could|plans?\s+to)\s+(?:jointly\s+)?(?:establish|create|set\s+up|form"
    r"|launch|open|build|register|found|develop|organi[sz]e)\s+(?:[\w-]+\s+){0,3}\Z",
    re.IGNORECASE,
)


def _joint_venture(r: SentenceReader) -> list[Draft]:
    """A joint venture formed or operating, with a partner company or country."""
    text = r.text
    drafts: list[Draft] = []
    spans: list[tuple[int, int]] = []
    for noun in lx.JV_NOUN.finditer(text):
        lo, hi = r.clause_of(noun.start())
        with_match = lx.WITH_PARTNER.match(text, noun.end())
        verb = lx.JV_VERB.search(text, lo, hi)
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
    for np in lx.VENTURE_WITH.finditer(text):
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
    companies = _companies(r, lo, hi)
    if carried is not None:
        companies = tuple(dict.fromkeys([*carried.companies, *companies]))
    fields: dict[str, Any] = {"companies": companies}
    product = _JV_PRODUCT.search(r.text, anchor, hi)
    if product is not None:
        phrase = _phrase(r, product.start("p"), product.end("p"))
        if phrase:
            fields["product"] = _PRAISE.sub("", phrase)
    return Draft(
        "joint_venture_established", rule, anchor, partners, r.occurred(mention), fields=fields
    )


_PLAN_OBJECT = re.compile(
    r"\s+(?:its\s+|the\s+|their\s+|a\s+|an\s+|new\s+)*(?:possible|potential|proposed|planned"
    r"|prospective|plans?|readiness|willingness|ideas?"
    r"|proposals?|hopes?|desire|interest|possibility|talks|negotiations|consultations|intention"
    r"s?\s+to\s+(?!(?:also\s+)?(?:transfer|provide|send|supply|deliver|give|donate|allocate"
    r"|hand)))",
    re.IGNORECASE,
)


_COMMIT = "aid_committed"
_DELIVER = "aid_delivered"
#: Each aid trigger pattern, the stems that must be in a sentence for it to match, and
#: what it means: kind, rule and strength.
_AID_PATTERNS: tuple[tuple[re.Pattern[str], re.Pattern[str], str, str, str], ...] = (
    (
        lx.COMMIT_STRONG,
        lx.stems("pledg|promis|allocat|earmark|commit|grant|contribut|aside|add"),
        _COMMIT,
        "aid_committed.pledge",
        "strong",
    ),
    (
        lx.COMMIT_WEAK,
        lx.stems(
            "approv|announc|unveil|adopt|agreed|confirm|decided|authori|green|endorse|passed|"
            "into law"
        ),
        _COMMIT,
        "aid_committed.approval",
        "weak",
    ),
    (
        lx.TRANSFER_BASE,
        lx.stems(
            "provid|allocat|transfer|send|giv|suppl|donat|contribut|deliver|hand|financ|fund|"
            "purchas|buy|procur|grant|pay|receiv|get"
        ),
        _COMMIT,
        "aid_committed.future_transfer",
        "base",
    ),
    (
        lx.FUTURE_PROGRESSIVE,
        lx.stems(
            "sending|delivering|supplying|providing|transferring|donating|giving|allocating|handing"
        ),
        _COMMIT,
        "aid_committed.future_transfer",
        "future",
    ),
    (
        lx.RAISE_BASE,
        lx.stems("doubl|tripl|increas|rais|boost|lift|step|scale"),
        _COMMIT,
        "aid_committed.future_transfer",
        "raise",
    ),
    (lx.FUTURE_PASSIVE, lx.stems("be "), _COMMIT, "aid_committed.future_transfer", "future"),
    (lx.FUND_CREATE, lx.stems("fund"), _COMMIT, "aid_committed.fund", "fund"),
    (
        lx.FINANCE_VERB,
        lx.stems("financ|fund|paid|underwr"),
        _COMMIT,
        "aid_committed.financing",
        "finance",
    ),
    (
        lx.DELIVER_VERB,
        lx.stems(
            "deliver|hand|arriv|receiv|sent|send|ship|transfer|suppl|provid|donat|gave|given|"
            "took delivery|reach|disburs|paid out"
        ),
        _DELIVER,
        "aid_delivered.transfer",
        "deliver",
    ),
)


#: Past participles that may modify a noun ("the tanks pledged by Poland").
_PARTICIPLE = re.compile(
    r"(?:\w+ed|sent|given|paid\s+for|paid\s+out|handed\s+over|set\s+aside|underwritten)\Z",
    re.IGNORECASE,
)
#: Before a verb: an auxiliary, "to", or a subject pronoun make it a finite verb (or a plan).
_FINITE_BEFORE = re.compile(
    r"\b(?:has|have|had|having|is|are|was|were|be|been|being|to|it|they|he|she|we|which|that"
    r"|who|and|or)\s+(?:\w+ly\s+|also\s+|already\s+|now\s+|just\s+|not\s+)?\Z",
    re.IGNORECASE,
)
#: Between a participle and the main verb: words that start another clause or verb phrase.
_OTHER_PREDICATE = re.compile(
    r"\b(?:that|which|who|whom|whose|includ\w*|contain\w*|compris\w*|consist\w*|cover\w*"
    r"|to)\b|[;:]",
    re.IGNORECASE,
)
#: An infinitive before a delivery verb: "to be delivered" is still to come.
_TO_BE = re.compile(r"\bto\s+(?:be\s+)?(?:\w+ly\s+)?\Z", re.IGNORECASE)
#: The main verb after a participle says the fact did not (yet) happen.
_NOT_HAPPENED = re.compile(r"\b(?:await\w*|pending|yet\s+to)\b", re.IGNORECASE)


def _aid_triggers(r: SentenceReader) -> list[_Trigger]:
    text = r.text
    lower = r.lower
    found: list[_Trigger] = []
    for pattern, stems, kind, rule, strength in _AID_PATTERNS:
        if stems.search(lower) is None:
            continue
        for m in pattern.finditer(text):
            trigger = _aid_trigger(r, m, kind, rule, strength)
            if trigger is not None:
                found.append(trigger)
    found.sort(key=lambda t: (t.start, -t.end))
    kept: list[_Trigger] = []
    for trigger in found:
        if kept and trigger.start < kept[-1].end:
            continue
        kept.append(trigger)
    return _main_predicates(r, kept)


def _aid_trigger(
    r: SentenceReader, m: re.Match[str], kind: str, rule: str, strength: str
) -> _Trigger | None:
    """The trigger that match `m` of an aid pattern makes, or None when it is none."""
    text = r.text
    start, end = m.span()
    cue: int | None = None
    if strength in ("base", "raise"):
        lo, _ = r.clause_of(start)
        if lx.COMMIT_CONTEXT.search(text, max(lo, start - _NEAR), start):
            strength = "future" if strength == "base" else "raise"
        else:
            plan = lx.PLAN_CONTEXT.search(text, max(lo, start - 40), start)
            if plan is None or not lx.PLAN_VERB.search(m.group()):
                return None
            strength, cue = "plan", plan.start()
    elif strength == "finance" and m.group().lower() in ("funds", "finances"):
        # "Germany funds ..." is a verb; "Funds approved by ..." is a noun
        if not any(
            re.fullmatch(r"\s+(?:\w+ly\s+|also\s+|now\s+)?", text[g.end : start])
            for g in r.groups
            if g.end <= start
        ):
            return None
    elif strength == "deliver" and (
        lx.REPORT_BEFORE.search(text, max(0, start - 60), start)
        or lx.REPORT_AFTER.match(text, end)
        or _TO_BE.search(text, max(0, start - 20), start)
    ):
        # "a higher figure given earlier", "provided more information", "drones to be
        # delivered next year"
        return None
    receive = lx.RECEIVE_VERB.match(m.group()) is not None
    return _Trigger(kind, rule, start, end, strength, receive, cue=cue)


def _main_predicates(r: SentenceReader, triggers: list[_Trigger]) -> list[_Trigger]:
    """Triggers without the participles that only modify a noun.

    In "The first IRIS-T system promised by Germany arrived in Ukraine", "promised" modifies
    the system and "arrived" is what the sentence reports: the participle goes, and its agent
    becomes the partner of the main verb. A modifier whose main verb is negated or still
    awaited ("The howitzers pledged by Portugal have not been delivered") goes as well.
    """
    text = r.text
    out: list[_Trigger] = []
    dropped: dict[int, tuple[str, ...]] = {}  # index of a main verb -> agent of its modifier
    for index, trigger in enumerate(triggers):
        if not _modifier(r, trigger):
            out.append(trigger)
            continue
        _, hi = r.clause_of(trigger.start)
        main = next(
            (
                i
                for i in range(index + 1, len(triggers))
                if triggers[i].start < hi
                and _OTHER_PREDICATE.search(text, trigger.end, triggers[i].start) is None
            ),
            None,
        )
        by = re.match(r"\s+by\s+", text[trigger.end : trigger.end + 6])
        if main is not None and by is None:
            # without an agent, only a main verb with its own auxiliary shows the participle:
            # "Tanks promised last year were handed over" (not "... pledged €1m and delivered")
            head = text[max(0, triggers[main].start - 30) : triggers[main].start]
            if not re.search(r"\b(?:has|have|had|was|were|is|are|been)\s+(?:\w+\s+)?\Z", head):
                main = None
        rest = text[trigger.end : hi]
        if main is None and not (
            by is not None and (lx.NEGATION.search(rest) or _NOT_HAPPENED.search(rest))
        ):
            out.append(trigger)
            continue
        if main is not None and by is not None:
            dropped[main] = r.partners_after(trigger.end + by.end(), limit=40)
    if not dropped:
        return out
    return [
        attrs.evolve(t, agent=dropped[triggers.index(t)]) if triggers.index(t) in dropped else t
        for t in out
    ]


def _modifier(r: SentenceReader, trigger: _Trigger) -> bool:
    """True when `trigger` is a past participle after a noun: "the tanks pledged by Poland"."""
    if trigger.strength not in ("strong", "weak", "finance", "deliver"):
        return False
    text = r.text
    if not _PARTICIPLE.search(text, trigger.start, trigger.end):
        return False
    before = text[max(0, trigger.start - 30) : trigger.start]
    if not re.search(r"[\w)\u2019'-],?\s+\Z", before) or _FINITE_BEFORE.search(before):
        return False
    # a partner right before is the subject: "Germany pledged", "Berlin also approved"
    return not any(
        _SUBJECT_GAP.fullmatch(text, g.end, trigger.start)
        for g in r.groups
        if g.end <= trigger.start
    )


_SUBJECT_GAP = re.compile(r"\s+(?:[a-z]+ly\s+|also\s+|now\s+|then\s+|again\s+|later\s+)?")


def _aid(r: SentenceReader) -> list[Draft]:
    """Aid committed and delivered: one fact per amount, else one per clause and kind."""
    triggers = _aid_triggers(r)
    if not triggers:
        return []
    text = r.text
    drafts: list[Draft] = []
    for lo, hi in r.clauses:
        in_clause = [t for t in triggers if lo <= t.start < hi]
        if not in_clause:
            continue
        cumulative = lx.CUMULATIVE.search(text, lo, hi) is not None or any(
            lo <= d.start < hi and _lead(d) == "since" for d in r.dates
        )
        if cumulative or lx.TO_AGGRESSOR.search(text, lo, hi):
            continue
        if lx.ALREADY.search(text, lo, hi):
            in_clause = [t for t in in_clause if t.kind != _DELIVER]
            if not in_clause:
                continue
        valid = {t: _aid_trigger_ok(r, t, (lo, hi)) for t in in_clause}
        amounts = [a for a in _own_amounts(r) if lo <= a.start < hi and _amount_counts(r, a, lo)]
        owned: dict[_Trigger, list[AmountMention]] = {}
        for amount in amounts:
            owner = _owner(in_clause, amount)
            owned.setdefault(owner, []).append(amount)
        aliases = _conversions(r)
        done_kinds: set[str] = set()
        for trigger in in_clause:
            if not valid[trigger]:
                continue
            mine = owned.get(trigger, [])
            if mine:
                for amount in mine:
                    draft = _aid_draft(r, trigger, (lo, hi), amount.start, amount.money)
                    draft.aliases = aliases.get(amount.start, ())
                    drafts.append(draft)
                done_kinds.add(trigger.kind)
                continue
            if trigger.kind in done_kinds or (
                owned and trigger.kind in {t.kind for t in owned if valid[t]}
            ):
                continue
            if _specific(r, trigger, (lo, hi)):
                drafts.append(_aid_draft(r, trigger, (lo, hi), trigger.start, None))
                done_kinds.add(trigger.kind)
    return drafts


def _own_amounts(r: SentenceReader) -> list[AmountMention]:
    """The amounts of a sentence without those that convert the one before ("($250 million)")."""
    kept: list[AmountMention] = []
    previous: AmountMention | None = None
    for amount in r.amounts:
        gap = r.text[previous.end : amount.start] if previous is not None else None
        if gap is None or lx.CONVERSION_GAP.fullmatch(gap) is None:
            kept.append(amount)
        previous = amount
    return kept


def _conversions(r: SentenceReader) -> dict[int, tuple[Money, ...]]:
    """For each amount (by start), the amounts right after it that convert it."""
    out: dict[int, tuple[Money, ...]] = {}
    head: AmountMention | None = None
    previous: AmountMention | None = None
    for amount in r.amounts:
        gap = r.text[previous.end : amount.start] if previous is not None else None
        if head is not None and gap is not None and lx.CONVERSION_GAP.fullmatch(gap):
            out[head.start] = (*out.get(head.start, ()), amount.money)
        else:
            head = amount
        previous = amount
    return out


def _owner(triggers: Sequence[_Trigger], amount: AmountMention) -> _Trigger:
    """The trigger an amount belongs to: the nearest before it, else the first after it."""
    before = [t for t in triggers if t.start <= amount.start]
    return before[-1] if before else triggers[0]


def _amount_counts(r: SentenceReader, amount: AmountMention, lo: int) -> bool:
    """False for running totals and for the price of a contract."""
    text = r.text
    if lx.TOTAL_BEFORE.search(text, max(lo, amount.start - 40), amount.start):
        return False
    if lx.PART_BEFORE.search(text, max(lo, amount.start - 30), amount.start) and any(
        other.end <= amount.start for other in r.amounts if other.start >= lo
    ):
        return False
    if lx.TOTAL_AFTER.match(text[amount.end : amount.end + 20]):
        return False
    if re.search(r"\bfrom\s+\Z", text[max(lo, amount.start - 8) : amount.start]) and any(
        re.fullmatch(r"\s+to\s+", text[amount.end : other.start]) for other in r.amounts
    ):
        return False  # "from €4 billion to €8 billion": the level before, not the commitment
    return lx.AMOUNT_OF_CONTRACT.match(text, amount.end) is None


def _aid_trigger_ok(r: SentenceReader, trigger: _Trigger, clause: tuple[int, int]) -> bool:
    lo, _ = clause
    future_ok = trigger.strength in ("future", "fund", "raise", "plan")
    if trigger.cue is not None:
        # "Italy plans to allocate €300 million": the words before "plans to" decide, and the
        # one who plans is a government, not a company ("Rheinmetall plans to ...")
        if any(m.company for g in r.groups_in(lo, trigger.cue) for m in g.mentions):
            return False
        return not r.blocked(lo, trigger.cue, future_ok=True)
    if r.blocked(lo, trigger.start, future_ok=future_ok):
        return False
    return not (trigger.strength in ("strong", "weak") and _PLAN_OBJECT.match(r.text, trigger.end))


def _specific(r: SentenceReader, trigger: _Trigger, clause: tuple[int, int]) -> bool:
    """Whether an aid fact without an amount names something definite."""
    lo, hi = clause
    text = r.text
    items = any(
        not (trigger.strength == "future" and lx.DEFINITE_BEFORE.search(text, lo, m.start()))
        for m in lx.SPECIFIC_ITEM.finditer(text, lo, hi)
    )
    package = lx.PACKAGE.search(text, lo, hi) is not None
    if trigger.strength in ("raise", "plan"):
        return False  # raising aid, or a plan, is a commitment only with its amount
    if trigger.kind == "aid_delivered":
        return (
            items
            or package
            or lx.GENERIC_ITEM.search(text, lo, hi) is not None
            or re.search(
                r"\b(?:aid|assistance|batch|shipment|consignment|donation|tranche|funds)\b",
                text[lo:hi],
                re.IGNORECASE,
            )
            is not None
        )
    if trigger.strength == "fund":
        return True
    if trigger.strength == "weak":
        return package or (items and lx.AID_NOUN.search(text, lo, hi) is not None)
    return items or package or lx.FUND_NOUN.search(text, trigger.start, hi) is not None


def _aid_draft(
    r: SentenceReader,
    trigger: _Trigger,
    clause: tuple[int, int],
    anchor: int,
    money: Money | None,
) -> Draft:
    lo, hi = clause
    text = r.text
    partners = r.partners_for(trigger, anchor, clause)
    delivery_from: int | None = None
    if trigger.strength in ("future", "raise", "plan"):
        delivery_from = trigger.start  # "will allocate NOK 1 billion in 2025": due in 2025
    elif trigger.kind == "aid_committed":
        cue = lx.DELIVERY_CUE.search(text, trigger.start, hi)
        delivery_from = cue.start() if cue is not None else None

    def announced(mention: DateMention) -> bool:
        return (
            lx.ANNOUNCED_BEFORE.search(text, max(0, mention.start - 50), mention.start) is not None
        )

    def scheduled(mention: DateMention) -> bool:
        """A date after the transfer verb that is not wholly past: when delivery is due."""
        if delivery_from is None or mention.start < delivery_from or announced(mention):
            return False
        latest = mention.span.latest
        return r.published is None or latest is None or latest > r.published

    def skip(mention: DateMention) -> bool:
        return scheduled(mention) or r.past_skip(mention)

    mention = r.pick_date(lo, hi, trigger.start, skip=skip)
    fields: dict[str, Any] = {}
    items = _items(text, lo, hi)
    if items:
        fields["items"] = items
    if trigger.kind == "aid_committed":
        number = lx.PACKAGE_NUMBER.search(text, lo, hi)
        if number is not None:
            value = (
                lx.ordinal_value(number.group("ord"))
                if number.group("ord")
                else int(number.group("num"))
            )
            if value is not None:
                fields["package_number"] = value
        for category, pattern in lx.CATEGORY:
            if pattern.search(text, lo, hi):
                fields["category"] = category
                break
        expected = [
            d
            for d in r.dates
            if lo <= d.start < hi
            and (
                scheduled(d)
                or (not announced(d) and (r.is_future(d) or _lead(d) in ("by", "until")))
            )
        ]
        if expected:
            fields["expected_delivery"] = expected[0].span
    else:
        first = lx.SPECIFIC_ITEM.search(text, lo, hi) or lx.GENERIC_ITEM.search(text, lo, hi)
        if first is not None:
            count = lx.QUANTITY_BEFORE.search(text, max(lo, first.start() - 40), first.start())
            if count is not None:
                fields["quantity"] = _count(count.group("n"))
    return Draft(
        trigger.kind,
        trigger.rule,
        anchor,
        partners,
        r.occurred(mention),
        amount=money,
        fields=fields,
    )


def _items(text: str, lo: int, hi: int) -> tuple[str, ...]:
    """The weapons and equipment named in ``text[lo:hi]``, named ones before generic ones."""
    spans: list[tuple[int, int]] = []
    names: list[str] = []
    for pattern in (lx.SPECIFIC_ITEM, lx.GENERIC_ITEM):
        for m in pattern.finditer(text, lo, hi):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            spans.append(m.span())
            names.append(" ".join(m.group().split()))
    return tuple(dict.fromkeys(names))


def _count(text: str) -> int | None:
    lower = text.lower().replace(",", "")
    if lower.isdigit():
        return int(lower)
    return lx.NUMBER_WORDS.get(lower)


def _production(r: SentenceReader) -> list[Draft]:
    """Growth of Ukraine's defence output by a factor, dated by the period of the growth."""
    text = r.text
    if lx.PRODUCTION_WORD.search(text) is None:
        return []
    factors = find_factors(text)
    if not factors:
        return []
    drafts: list[Draft] = []
    previous_end = 0
    for factor in factors:
        lo, hi = r.clause_of(factor.start)
        window_start = max(lo, previous_end)
        previous_end = factor.end
        if r.blocked(window_start, factor.start):
            continue
        if not lx.GROWTH_WORD.search(text, lo, min(hi, factor.end + 12)) and not re.match(
            r"(?i)doubl|tripl|trebl|quadrupl", factor.surface
        ):
            continue
        if lx.SHARE_CHANGE.search(text, max(lo, factor.start - 80), factor.start) or (
            factor.surface.endswith("%") and lx.SHARE_CHANGE_AFTER.match(text, factor.end)
        ):
            continue
        if r.groups_in(lo, factor.start) and lx.DOMESTIC.search(text, lo, factor.start) is None:
            continue

        def skip(mention: DateMention) -> bool:
            if lx.BASELINE_BEFORE.search(text, max(0, mention.start - 16), mention.start):
                return True
            lead = _lead(mention)
            return lead in _SKIP_LEADS or r.is_future(mention) or r.named_year(mention)

        mention = r.pick_date(lo, hi, factor.start, skip=skip)
        if mention is None:
            mention = r.pick_date(0, len(text), factor.start, skip=skip)
        fields: dict[str, Any] = {}
        sector = _sector(factor.sector)
        if sector:
            fields["sector"] = sector
        undated = mention is None
        drafts.append(
            Draft(
                "production_increased",
                "production_increased.factor",
                factor.start,
                ("UA",),
                r.occurred(mention, open_end_ok=False),
                factor=factor.factor,
                fields=fields,
                undated=undated,
            )
        )
    return drafts


#: Before what grew: who reported it ("the ministry says"), and whose it is ("the country's").
_SECTOR_LEAD = re.compile(
    r"\A.*\b(?:says?|said|reports?|reported|notes?|noted|stated|claims?|claimed|estimates?"
    r"|estimated|announced|confirmed)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_SECTOR_OWNER = re.compile(
    r"\A(?:(?:the|its|their|our|this|that)\s+)*(?:(?:country|nation|Ukraine|state|industry"
    r"|sector|company|firm|ministry)['\u2019]s?\s+)?",
    re.IGNORECASE,
)


def _sector(raw: str | None) -> str | None:
    """The sector of a growth figure trimmed to its noun phrase ("the country's defence output"
    after "the ministry says" is "defence output"; "output by" is "output")."""
    if not raw:
        return None
    sector = _SECTOR_OWNER.sub("", _SECTOR_LEAD.sub("", " ".join(raw.split())))
    sector = _PHRASE_TAIL.sub("", sector)
    return sector if re.search(r"[A-Za-z]{3}", sector) else None


def _meeting(r: SentenceReader) -> list[Draft]:
    """A meeting, conference, seminar or visit that took place, with its partners."""
    text = r.text
    drafts: list[Draft] = []
    done: set[tuple[int, int]] = set()
    for match in lx.MEETING.finditer(text):
        lo, hi = r.clause_of(match.start())
        if (lo, hi) in done:
            continue
        if lx.NOT_MEETING_BEFORE.search(text, max(0, match.start() - 14), match.start()):
            continue
        if lx.NOT_MEETING_AFTER.match(text, match.end()):
            continue
        if lx.INFINITIVE_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue
        if r.blocked(lo, match.start()):
            continue
        noun = match.group("format").lower() not in ("met", "meets", "visited", "visits")
        if noun and lx.NOT_YET_AFTER.match(text, match.end(), hi):
            continue
        partners = r.union(r.groups_in(lo, hi))
        if not partners and r.parties_back(lo, hi):
            partners = r.carry(lo, hi)  # "The two sides met again in Kyiv on Friday"
        if not partners:
            continue
        if "UDCG" in partners:
            partners = ("UDCG",)  # a contact-group meeting: its members meet as the group
        done.add((lo, hi))
        mention = r.pick_date(lo, hi, match.start(), skip=r.past_skip)
        participants = tuple(
            dict.fromkeys(m.surface for g in r.groups_in(lo, hi) for m in g.mentions)
        )
        drafts.append(
            Draft(
                "meeting_held",
                "meeting_held.took_place",
                match.start(),
                partners,
                r.occurred(mention),
                fields={"format": match.group("format").lower(), "participants": participants},
            )
        )
    return drafts


_RULES: tuple[tuple[Callable[[SentenceReader], list[Draft]], re.Pattern[str]], ...] = (
    (_signed, lx.SIGNED_STEMS),
    (_joint_venture, lx.JV_STEMS),
    (_aid, lx.AID_STEMS),
    (_production, lx.PRODUCTION_STEMS),
    (_meeting, lx.MEETING_STEMS),
)


def read_sentence(text: str, published: date | None, carry: Carry) -> list[Draft]:
    """Every draft fact in one sentence, in order of position.

    `carry` gives the partner named just before the sentence, for sentences that point back
    to it ("The country will also ..."), or the one group of partners named there when its
    argument is true ("The two companies signed ..."); it is called only when needed.
    """
    stripped = text.rstrip("\"'”\u2019»)] ")
    if stripped.endswith("?"):
        return []
    lower = text.lower()
    active = [rule for rule, stems in _RULES if stems.search(lower) is not None]
    if not active:
        return []
    reader = SentenceReader(text, published, carry)
    drafts: list[Draft] = []
    for rule in active:
        drafts.extend(rule(reader))
    drafts.sort(key=lambda d: d.position)
    return drafts
