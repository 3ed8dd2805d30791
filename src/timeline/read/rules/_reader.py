"""The sentence reader: one sentence read once for partners, dates, amounts and clauses,
with the cues, partner choice and dating that every rule uses.
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
from timeline.errors import DateError
from timeline.money import Factor, Money
from timeline.read._amounts import AmountMention, find_amounts
from timeline.read._datexpr import DateMention, find_dates
from timeline.read._partners import PartnerMention, find_partner_mentions
from timeline.read.rules._common import (
    ACCESSION_AFTER,
    ACCESSION_BEFORE,
    AGENT_BEFORE,
    AGGRESSOR,
    ANAPHOR,
    ASIDE,
    CLAUSE_BREAK,
    COORDINATION,
    EXAMPLES,
    FOR_UKRAINE,
    FUTURE,
    HYPOTHESIS,
    LOCATIVE_BEFORE,
    MAY_MODAL,
    NAMED_YEAR_BEFORE,
    NEGATION,
    OUR_SIDE,
    PARTY_ANAPHOR,
    PASSIVE_BEFORE,
    PLAN,
    REPORTED,
    SUBJECT_BREAK,
    WOULD,
)

#: The kind of a draft read from "the document was signed": that of the memorandum or
#: agreement named just before it, which `extract` fills in (or drops the draft).
SIGNED_DOCUMENT = "signed_document"


#: How far (characters) a rule looks from a trigger for the words that belong to it.
NEAR = 80


SKIP_LEADS = frozenset({"by", "until", "till", "before", "for", "within", "towards", "toward"})


_PAST_ONLY_SKIP = frozenset({"since", "after", "as"})


@attrs.define
class Draft:
    """A fact found in one sentence, before it becomes an event.

    ``position`` is the offset in the sentence of the words it was read from, for ordering;
    ``fields`` holds the kind's own fields (items, scope, sector ...). ``undated`` marks a
    growth figure with no date of its own, ``heading`` a draft read from a headline, and
    ``aliases`` the same amount in other currencies ("EUR 170 million ($190 million)"): the
    three help `extract` date and merge drafts across sentences, as does ``ordinal``.
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
    #: the place of the fact in an enumeration ("the third agreement"): two drafts at
    #: different places of one list are two facts
    ordinal: int | None = None
    #: an item of a list of signed documents ("The third agreement covers ..."): a fact only
    #: shortly after the signing of the list
    listed: bool = False
    #: the partners were taken from a sentence before ("The country also ..."), or the date
    #: from another sentence (a list's signing, a growth period): a less certain reading
    carried: bool = False
    #: the fact takes up one named before ("announced the package"): it may give that fact
    #: its date or its amount
    restated: bool = False
    #: the sentence opens with "Additionally", "In addition", "Moreover": it reports facts
    #: beyond those before, so the draft is no earlier fact mentioned again
    additional: bool = False


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
class Group:
    """Partners named together ("Germany, Denmark and the Netherlands"): they act as one."""

    start: int
    end: int
    partners: tuple[str, ...]
    mentions: tuple[PartnerMention, ...]


@attrs.frozen
class Trigger:
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


#: Ukraine as the subject of the verb that follows: "Ukraine would receive", "Kyiv's army
#: has received": Ukraine is the one receiving, not a partner named before it.
_UKRAINE_SUBJECT = re.compile(
    r"(?<!\bto\s)(?<!\bfor\s)(?<!\bin\s)(?<!\bfrom\s)(?<!\binto\s)(?<!\bwith\s)"
    r"\b(?:Ukrain\w*|Kyiv|Kiev)(?:['\u2019]s\s+(?:[\w-]+\s+){0,2}?[\w-]+)?\s+"
    r"(?:(?:will|would|should|has|have|had|also|already|soon|now|just"
    r"|(?:is|are|was|were)\s+(?:set\s+|due\s+|expected\s+)?to)\s+)*\Z",
    re.IGNORECASE,
)


#: Where aid was sent ("dispatched to Poland"), not who sent it.
_DESTINATION_BEFORE = re.compile(r"\b(?:to|into|towards?)\s+(?:the\s+)?\Z", re.IGNORECASE)


_QUOTATION = re.compile(r"[\u201c\"][^\u201c\u201d\"]{1,600}[\u201d\"]")


_AUXILIARY = re.compile(r"(?:was|were|been|is|are)\s", re.IGNORECASE)


#: A parenthesis, with one level of parentheses inside it ("(formerly X (UOP))").
_PARENTHESIS = re.compile(r"\((?:[^()]|\([^()]{0,40}\)){0,200}\)")


def lead_word(mention: DateMention) -> str:
    head = mention.surface.split(None, 1)
    return head[0].lower() if head else ""


def _hull(a: DateSpan, b: DateSpan) -> DateSpan:
    """The smallest span that holds both `a` and `b`, no finer than either."""
    if a == b:
        return a
    earliest = None if a.earliest is None or b.earliest is None else min(a.earliest, b.earliest)
    latest = None if a.latest is None or b.latest is None else max(a.latest, b.latest)
    if a.precision is b.precision and a.precision in (
        Precision.MONTH,
        Precision.QUARTER,
        Precision.YEAR,
    ):
        try:
            return DateSpan(earliest, latest, a.precision)
        except DateError:
            pass
    return DateSpan.between(earliest, latest)


class SentenceReader:
    """Reads the facts of one sentence; built once per sentence by `read_sentence`."""

    def __init__(
        self, text: str, published: date | None, carry: Carry, published_from: date | None = None
    ) -> None:
        self.text = text
        self.lower = text.lower()
        #: the last day by which the article was published: what relative dates resolve against
        self.published = published
        #: the first day it may have been published, when only its month or year is known
        self.published_from = published_from
        self._carry = carry
        #: the parties taken from the sentence before by `carry`, if any
        self.antecedent: Antecedent | None = None

    # -- reading the sentence, each part when a rule first needs it ----------------------------

    @functools.cached_property
    def mentions(self) -> list[PartnerMention]:
        """The partners named in the sentence (accession politics and places as locations out)."""
        found = [m for m in find_partner_mentions(self.text) if self._is_partner(m)]
        if any(m.via != "capital" for m in found):
            found = [m for m in found if not self._locative(m)]
        return found

    @functools.cached_property
    def groups(self) -> list[Group]:
        """The mentions, coordinated ones grouped."""
        return self._group(self.mentions)

    @functools.cached_property
    def dates(self) -> list[DateMention]:
        """The date expressions, resolved against the publication date.

        When the article is known only by its month or year, a relative expression covers
        what it means on every day the article may have been published ("last week" in an
        article of June 2024 is from late May to late June): it never gains precision.
        """
        found = find_dates(self.text, self.published)
        first = self.published_from
        if first is None or self.published is None or first >= self.published:
            return found
        early = {(m.start, m.end): m.span for m in find_dates(self.text, first) if m.relative}
        return [
            attrs.evolve(m, span=_hull(early[m.start, m.end], m.span))
            if m.relative and (m.start, m.end) in early
            else m
            for m in found
        ]

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
        return [m.span() for m in ASIDE.finditer(self.text)] if self.groups else []

    def _locative(self, mention: PartnerMention) -> bool:
        return mention.via == "capital" and (
            LOCATIVE_BEFORE.search(self.text, max(0, mention.start - 16), mention.start) is not None
        )

    def _is_partner(self, mention: PartnerMention) -> bool:
        if mention.partner == "EU":
            if ACCESSION_AFTER.match(self.text, mention.end):
                return False
            if ACCESSION_BEFORE.search(self.text, max(0, mention.start - 20), mention.start):
                return False
        return True

    def _group(self, mentions: Sequence[PartnerMention]) -> list[Group]:
        """Chains of coordinated mentions; a comma links only inside an "A, B and C" list."""
        chains: list[list[tuple[PartnerMention, bool]]] = []
        for mention in mentions:
            if chains:
                end = chains[-1][-1][0].end
                gap = self.text[end : mention.start]
                new_clause = any(end < lo <= mention.start for lo, _ in self.clauses)
                if COORDINATION.match(gap) and not new_clause:
                    strong = re.search(r"\b(?:and|or|as\s+well\s+as)\b|[&/]", gap) is not None
                    chains[-1].append((mention, strong))
                    continue
            chains.append([(mention, True)])
        groups: list[Group] = []
        for chain in chains:
            last_strong = max(i for i, (_, strong) in enumerate(chain) if strong)
            groups.append(self._make_group([m for m, _ in chain[: last_strong + 1]]))
            groups.extend(self._make_group([m]) for m, _ in chain[last_strong + 1 :])
        return groups

    @staticmethod
    def _make_group(mentions: Sequence[PartnerMention]) -> Group:
        partners = tuple(dict.fromkeys(m.partner for m in mentions))
        return Group(mentions[0].start, mentions[-1].end, partners, tuple(mentions))

    def _clauses(self) -> list[tuple[int, int]]:
        cuts = [0]
        for match in CLAUSE_BREAK.finditer(self.text):
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
        # a whole quotation before the words that report it ("“We should ...,” he
        # said after a meeting with ...") is the speaker's, not a cue of the report
        window = ASIDE.sub(" ", _QUOTATION.sub(" ", self.text[lo:hi]))
        examples = list(EXAMPLES.finditer(window))
        if examples:
            window = window[examples[-1].end() :]
        if (
            NEGATION.search(window)
            or HYPOTHESIS.search(window)
            or MAY_MODAL.search(window)
            or PLAN.search(window)
        ):
            return True
        if WOULD.search(window) and not (
            future_ok and REPORTED.search(self.text, 0, hi) is not None
        ):
            return True
        return not future_ok and FUTURE.search(window) is not None

    # -- partners ------------------------------------------------------------------------------

    def groups_in(self, lo: int, hi: int) -> list[Group]:
        """The partner groups that lie inside ``text[lo:hi]``."""
        return [g for g in self.groups if g.start >= lo and g.end <= hi]

    def union(self, groups: Iterable[Group]) -> tuple[str, ...]:
        """The partners of all `groups`, in order of first mention."""
        return tuple(dict.fromkeys(p for g in groups for p in g.partners))

    def parties_back(self, lo: int, hi: int) -> bool:
        """True when the clause's subject is the parties named before ("Both firms ...")."""
        return PARTY_ANAPHOR.search(self.text, lo, hi) is not None

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
            ANAPHOR.search(self.text, lo, hi) is not None
            or ANAPHOR.match(self.text) is not None
            or (
                OUR_SIDE.search(self.text, lo, hi) is not None
                and FOR_UKRAINE.search(self.text, lo, hi) is not None
            )
        )
        if not points_back and passive_at is not None and not self.groups:
            points_back = self._passive(passive_at)
        if not points_back:
            return ()
        antecedent = self._carry(self.parties_back(lo, hi))
        if antecedent is None:
            return ()
        self.antecedent = antecedent
        return antecedent.partners

    def _passive(self, verb: int) -> bool:
        """True when the verb at `verb` is passive: "were handed over", a trigger that holds
        its auxiliary ("were flown in")."""
        return (
            PASSIVE_BEFORE.search(self.text, max(0, verb - 30), verb) is not None
            or _AUXILIARY.match(self.text, verb) is not None
        )

    def signing_parties(self, verb: int, clause: tuple[int, int]) -> list[Group]:
        """Who signed: the groups after the verb in its clause, and its subject before it.

        The subject is the nearest group before the verb, unless another clause starts
        between them ("Denmark finances howitzers as Kyiv signs deals" has no foreign signer).
        """
        lo, hi = clause
        after = self.groups_in(verb, hi)
        before = [g for g in self.groups_in(lo, verb) if verb - g.end <= NEAR]
        if before and not SUBJECT_BREAK.search(self.text, before[-1].end, verb):
            return [before[-1], *after]
        return after

    def in_aside(self, group: Group) -> bool:
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
        self, trigger: Trigger, anchor: int, clause: tuple[int, int]
    ) -> tuple[str, ...]:
        """The partner of an aid fact: agent, origin, subject, object, sentence, carry-over."""
        lo, hi = clause
        inside = self.groups_in(lo, hi)
        after_trigger = [g for g in inside if g.start >= trigger.end]
        for group in after_trigger:
            gap_start = max(trigger.end, group.start - 60)
            if AGENT_BEFORE.search(self.text, gap_start, group.start):
                return group.partners
        if re.match(r"\s+by\s", self.text[trigger.end : trigger.end + 4]) and not (
            self._passive(trigger.start)
        ):
            return ()  # "vehicles supplied by Western countries": an agent that is no partner
        if trigger.agent:
            return trigger.agent  # "the IRIS-T promised by Germany arrived"
        if trigger.receive:
            # "Poland received ... from the US": the recipient is not Ukraine; but what
            # "arrived" is the aid itself ("Shells made by Rheinmetall arrived")
            arrive = self.lower.startswith("arriv", trigger.start)
            ukraine_gets = _UKRAINE_SUBJECT.search(self.text, lo, trigger.start) is not None
            if (
                not arrive and not ukraine_gets and any(g.end <= trigger.start for g in inside)
            ) or AGGRESSOR.search(ASIDE.sub(" ", self.text[lo : trigger.start])):
                return ()
            for group in after_trigger:
                return group.partners
            if ukraine_gets:
                # "Pavel announced Ukraine would receive 50,000 shells": the one who says so
                giver = [g for g in inside if g.end <= trigger.start]
                if giver:
                    return giver[-1].partners
        main = [g for g in inside if not self.in_aside(g)] or inside
        before = [g for g in main if g.end <= anchor]
        if before:
            return before[-1].partners
        opening = re.match(r"[\s\"'\u201c\u2018]*", self.text[lo:hi])
        if ANAPHOR.match(self.text, lo + (opening.end() if opening else 0)):
            # "The manufacturer had provided drones to fundraisers in Lithuania": the subject
            # points back; a place after the verb is no giver
            carried = self.carry(lo, hi, passive_at=trigger.start)
            if carried:
                return carried
        following = [
            g
            for g in main
            if g.start >= anchor
            and not _DESTINATION_BEFORE.search(self.text, max(0, g.start - 12), g.start)
        ]
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
        best: tuple[bool, int, DateMention] | None = None
        for mention in self.dates:
            if mention.start < lo or mention.end > hi or skip(mention):
                continue
            if self._in_remark(mention, anchor):
                continue
            if mention.end <= anchor:
                distance = anchor - mention.end
            else:
                distance = max(0, mention.start - anchor)
            # a date in an aside that does not hold the anchor ("After delays in March,
            # Greece delivered howitzers on 8 May") is taken only when there is no other
            aside = any(
                s <= mention.start and mention.end <= e and not s <= anchor < e
                for s, e in self._aside_spans
            )
            if best is None or (aside, distance) < best[:2]:
                best = (aside, distance, mention)
        if best is not None:
            return best[2]
        for mention in self.dates:
            if mention.start <= 2 and mention.end <= lo and not skip(mention):
                return mention
        return None

    @functools.cached_property
    def _aside_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in ASIDE.finditer(self.text)] if len(self.dates) > 1 else []

    @functools.cached_property
    def _parentheses(self) -> list[tuple[int, int]]:
        return [m.span() for m in _PARENTHESIS.finditer(self.text)]

    def _in_remark(self, mention: DateMention, anchor: int) -> bool:
        """True for a date inside a parenthesis that says more than the date and does not
        hold `anchor`: "(formerly known from 2010-2023 as ...)" dates a name, not the fact;
        "(on 5 May)" is the fact's own date."""
        for start, end in self._parentheses:
            if start < mention.start and mention.end < end and not start <= anchor < end:
                rest = self.text[start + 1 : mention.start] + self.text[mention.end : end - 1]
                return re.search(r"[^\W\d_]{3,}", rest) is not None
        return False

    def is_future(self, mention: DateMention) -> bool:
        """True when the date lies wholly after publication."""
        earliest = mention.span.earliest
        return self.published is not None and earliest is not None and earliest > self.published

    def past_skip(self, mention: DateMention) -> bool:
        """Dates that do not say when a past fact happened: deadlines, budgets, the future."""
        lead = lead_word(mention)
        return (
            lead in SKIP_LEADS
            or lead in _PAST_ONLY_SKIP
            or self.is_future(mention)
            or self.named_year(mention)
        )

    def named_year(self, mention: DateMention) -> bool:
        """True for a bare year that is part of a name: "Mirage 2000", "PzH 2000"."""
        return (
            mention.surface.isdigit()
            and NAMED_YEAR_BEFORE.search(self.text, max(0, mention.start - 20), mention.start)
            is not None
        )

    def occurred(
        self, mention: DateMention | None, *, open_end_ok: bool = False, clip_year: bool = False
    ) -> DateSpan:
        """The occurred span of a fact dated by `mention` (or undated, when it is None).

        With `clip_year`, a year still running at publication ends at the publication.
        """
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
        if span.latest > published and (
            span.precision in (Precision.DAY, Precision.WEEK)
            or (clip_year and span.precision is Precision.YEAR)
        ):
            # a commitment made "this year" (a year still running) was made between the
            # year's start and the publication
            return DateSpan.between(span.earliest, published)
        return span
