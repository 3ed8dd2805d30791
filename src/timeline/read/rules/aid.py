"""`aid_committed` and `aid_delivered`: one rule finds the triggers of both and the verb
decides the kind (pledged, approved, will provide → committed; delivered, handed over,
arrived → delivered). Whether a commitment raises an earlier pledge (`raises_pledge`) is
decided here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import attrs

from timeline.money import Money
from timeline.read._amounts import AmountMention
from timeline.read._datexpr import DateMention
from timeline.read._numbers import NUMBER_WORDS, ORDINAL_WORD, ordinal_value
from timeline.read.rules._common import FOR_UKRAINE, NEGATION, stems
from timeline.read.rules._items import (
    CATEGORY,
    DEFINITE_BEFORE,
    GENERIC_ITEM,
    PACKAGE_NUMBER,
    QUANTITY_BEFORE,
    SPECIFIC_ITEM,
    count_of,
    counted,
    item_names,
)
from timeline.read.rules._reader import NEAR, Draft, SentenceReader, Trigger, lead_word
from timeline.read.rules.aid_words import (
    AID_NOUN,
    ALREADY,
    AMOUNT_OF_CONTRACT,
    ANNOUNCED_BEFORE,
    COMMIT_CONTEXT,
    COMMIT_STRONG,
    COMMIT_WEAK,
    CONVERSION_GAP,
    CUMULATIVE,
    DELIVER_VERB,
    DELIVERY_CUE,
    DOCUMENT_SUBJECT,
    DOCUMENT_VERB,
    FINANCE_VERB,
    FUND_CREATE,
    FUND_NOUN,
    FUTURE_PASSIVE,
    FUTURE_PROGRESSIVE,
    PACKAGE,
    PART_BEFORE,
    PLAN_CONTEXT,
    PLAN_VERB,
    RAISE_BASE,
    RECEIVE_VERB,
    REPORT_AFTER,
    REPORT_BEFORE,
    TO_AGGRESSOR,
    TOTAL_AFTER,
    TOTAL_BEFORE,
    TRANSFER_BASE,
)

_I = re.IGNORECASE

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
        COMMIT_STRONG,
        stems("pledg|promis|allocat|earmark|commit|grant|contribut|aside|add"),
        _COMMIT,
        "aid_committed.pledge",
        "strong",
    ),
    (
        COMMIT_WEAK,
        stems(
            "approv|announc|unveil|adopt|agreed|confirm|decided|authori|green|endorse|passed|"
            "into law|ratif|present|reveal|inform"
        ),
        _COMMIT,
        "aid_committed.approval",
        "weak",
    ),
    (
        TRANSFER_BASE,
        stems(
            "provid|allocat|transfer|send|giv|suppl|donat|contribut|deliver|hand|financ|fund|"
            "purchas|buy|procur|grant|pay|receiv|get"
        ),
        _COMMIT,
        "aid_committed.future_transfer",
        "base",
    ),
    (
        FUTURE_PROGRESSIVE,
        stems(
            "sending|delivering|supplying|providing|transferring|donating|giving|allocating|handing|"
            "being"
        ),
        _COMMIT,
        "aid_committed.future_transfer",
        "future",
    ),
    (
        RAISE_BASE,
        stems("doubl|tripl|increas|rais|boost|lift|step|scale"),
        _COMMIT,
        "aid_committed.future_transfer",
        "raise",
    ),
    (FUTURE_PASSIVE, stems("be "), _COMMIT, "aid_committed.future_transfer", "future"),
    (
        DOCUMENT_VERB,
        stems("envisag|foresee|foresaw|provide|include|contain|saw|sees"),
        _COMMIT,
        "aid_committed.budget",
        "document",
    ),
    (FUND_CREATE, stems("fund"), _COMMIT, "aid_committed.fund", "fund"),
    (
        FINANCE_VERB,
        stems("financ|fund|paid|underwr"),
        _COMMIT,
        "aid_committed.financing",
        "finance",
    ),
    (
        DELIVER_VERB,
        stems(
            "deliver|hand|arriv|receiv|sent|send|ship|transfer|suppl|provid|donat|gave|given|"
            "flown|left|departed|"
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
    r"|who|and|or)\s+(?:\w+ly\s+|also\s+|already\s+|now\s+|just\s+|not\s+){0,3}\Z",
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


def _aid_triggers(r: SentenceReader) -> list[Trigger]:
    text = r.text
    lower = r.lower
    found: list[Trigger] = []
    for pattern, quick, kind, rule, strength in _AID_PATTERNS:
        if quick.search(lower) is None:
            continue
        for m in pattern.finditer(text):
            trigger = _aid_trigger(r, m, kind, rule, strength)
            if trigger is not None:
                found.append(trigger)
    found.sort(key=lambda t: (t.start, -t.end))
    kept: list[Trigger] = []
    for trigger in found:
        if kept and trigger.start < kept[-1].end:
            continue
        kept.append(trigger)
    return _main_predicates(r, kept)


#: A verb of announcing followed by what was announced as a clause of its own ("announced
#: that it had handed over", "confirmed on Friday that Ukraine has received").
_THAT_CLAUSE = re.compile(
    r"\s+(?:(?:on|last|this)\s+[\w,]+(?:\s+\d{1,2})?\s+)?that\b", re.IGNORECASE
)


def _saying(r: SentenceReader, trigger: Trigger, others: Sequence[Trigger]) -> bool:
    """True for an announcing verb whose "that" clause holds a fact of its own.

    In "Lithuania announced that it handed over armoured carriers", "announced" says what
    happened and the verb in its "that" clause is the fact: a delivery, not a commitment.
    When the clause holds no fact ("confirmed that Belgium intends to transfer F-16s"), the
    announcing verb makes the intention a commitment and stays.
    """
    if trigger.strength != "weak" or _THAT_CLAUSE.match(r.text, trigger.end) is None:
        return False
    return any(other.start > trigger.start for other in others)


_LICENCE_AFTER = re.compile(
    r"\s+(?:(?:Ukraine|Kyiv|it|them|the|a|an|its|their|first|second|new)\s+){0,3}licen[cs]e",
    re.IGNORECASE,
)


_ADJECTIVE_BEFORE = re.compile(r"(?:\ball|\b\d+|\bthe|\bthese|\bthose)\s+\Z", re.IGNORECASE)
_TAKE_PART = re.compile(
    r"\s+to\s+(?:the\s+)?(?:joint\s+)?(?:development|production|design|creation|research|work"
    r"|success|efforts?|security|stability|modernis\w+|moderniz\w+)\b",
    re.IGNORECASE,
)
_GENERIC_AGENT = re.compile(
    r"\b(?:countries|nations|states|partners|allies|governments|donors)\s+(?:that|which|who)\s+"
    r"(?:(?:have|has|had|already)\s+)*(?:\w+\s+or\s+)?\Z",
    re.IGNORECASE,
)
_LICENCE_BEFORE = re.compile(r"\blicen[cs]es?\b[^.;,]{0,60}?\b(?:was|were|is|been)\s+\Z", re.I)


#: "Reached" with an agreement, a stage or a figure as its object: no delivery.
_REACHED_ACCORD = re.compile(
    r"(?:has\s+|have\s+)?reached\s+(?:(?:an?|the|its|their|this|that|new|final|first"
    r"|preliminary|initial|historic)\s+)*(?:agreements?|deals?|accords?|consensus|understanding"
    r"|compromise|decisions?|arrangements?|level|stage|point|milestone|record|peak|capacity"
    r"|conclusion|settlement)\b",
    re.IGNORECASE,
)


def _aid_trigger(
    r: SentenceReader, m: re.Match[str], kind: str, rule: str, strength: str
) -> Trigger | None:
    """The trigger that match `m` of an aid pattern makes, or None when it is none."""
    text = r.text
    start, end = m.span()
    cue: int | None = None
    if (
        strength == "weak" or (strength == "strong" and m.group().lower().endswith("ed"))
    ) and _ADJECTIVE_BEFORE.search(text, max(0, start - 12), start):
        return None  # "all 13 announced jets", "the promised air defences": adjectives
    if _TAKE_PART.match(text, end):
        return None  # "will contribute to the development of shells": taking part, not aid
    if _GENERIC_AGENT.search(text, max(0, start - 50), start):
        return None  # "countries that have delivered or pledged tanks": no one in particular
    if _LICENCE_AFTER.match(text, end) or _LICENCE_BEFORE.search(text, max(0, start - 70), start):
        return None  # "granted a licence", "the licence was granted by": an agreement
    if strength == "deliver" and _REACHED_ACCORD.match(text, start):
        return None  # "has reached an agreement with Rheinmetall": no delivery
    if strength in ("base", "raise"):
        lo, _ = r.clause_of(start)
        if COMMIT_CONTEXT.search(text, max(lo, start - NEAR), start):
            strength = "future" if strength == "base" else "raise"
        else:
            plan = PLAN_CONTEXT.search(text, max(lo, start - 40), start)
            if plan is None or not PLAN_VERB.search(m.group()):
                return None
            strength, cue = "plan", plan.start()
    elif strength == "document":
        cue = _document_cue(r, start, end)
        if cue is None:
            return None
    elif strength == "finance" and m.group().lower() in ("funds", "finances"):
        # "Germany funds ..." is a verb; "Funds approved by ..." is a noun
        if not any(
            re.fullmatch(r"\s+(?:\w+ly\s+|also\s+|now\s+)?", text[g.end : start])
            for g in r.groups
            if g.end <= start
        ):
            return None
    elif strength == "deliver" and (
        REPORT_BEFORE.search(text, max(0, start - 60), start)
        or REPORT_AFTER.match(text, end)
        or _TO_BE.search(text, max(0, start - 20), start)
    ):
        # "a higher figure given earlier", "provided more information", "drones to be
        # delivered next year"
        return None
    receive = RECEIVE_VERB.match(m.group()) is not None
    return Trigger(kind, rule, start, end, strength, receive, cue=cue)


def _document_cue(r: SentenceReader, start: int, end: int) -> int | None:
    """Where the budget, plan or programme that allocates money for Ukraine is named.

    "The federal budget this week saw $200 million for Ukraine", "a long-term plan, which
    envisages a €200 million package of assistance for Kyiv": an adopted document that sets
    money aside for Ukraine commits it. It needs its amount after the verb and Ukraine or
    aid as what it is for; what stands between the document and its verb must not make it
    a plan or a draft ("the budget, which parliament is expected to adopt, includes").
    """
    lo, hi = r.clause_of(start)
    subject = DOCUMENT_SUBJECT.search(r.text, max(lo, start - 100), start)
    if subject is None or not any(end <= a.start < hi for a in r.amounts):
        return None
    if FOR_UKRAINE.search(r.text, end, hi) is None and AID_NOUN.search(r.text, end, hi) is None:
        return None
    if r.blocked(subject.end(), start) or NEGATION.search(r.text, end, hi) is not None:
        # "The plan, which foresees €50 billion for Ukraine, was blocked by Hungary"
        return None
    return subject.start()


def _main_predicates(r: SentenceReader, triggers: list[Trigger]) -> list[Trigger]:
    """Triggers without the participles that only modify a noun.

    In "The first IRIS-T system promised by Germany arrived in Ukraine", "promised" modifies
    the system and "arrived" is what the sentence reports: the participle goes, and its agent
    becomes the partner of the main verb. A modifier whose main verb is negated or still
    awaited ("The howitzers pledged by Portugal have not been delivered") goes as well.
    """
    text = r.text
    out: list[Trigger] = []
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
            by is not None and (NEGATION.search(rest) or _NOT_HAPPENED.search(rest))
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


def _modifier(r: SentenceReader, trigger: Trigger) -> bool:
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


def read_aid(r: SentenceReader) -> list[Draft]:
    """Aid committed and delivered: one fact per amount, else one per clause and kind."""
    triggers = _aid_triggers(r)
    if not triggers:
        return []
    text = r.text
    drafts: list[Draft] = []
    for lo, hi in _aid_clauses(r, triggers):
        in_clause = [t for t in triggers if lo <= t.start < hi]
        if not in_clause:
            continue
        cumulative = CUMULATIVE.search(text, lo, hi) is not None or any(
            lo <= d.start < hi and lead_word(d) == "since" for d in r.dates
        )
        if cumulative or TO_AGGRESSOR.search(text, lo, hi):
            continue
        if ALREADY.search(text, lo, hi) and any(lo <= a.start < hi for a in r.amounts):
            # "has already given €2 billion": a total restated, not a delivery
            in_clause = [t for t in in_clause if t.kind != _DELIVER]
            if not in_clause:
                continue
        valid = {t: _aid_trigger_ok(r, t, (lo, hi)) for t in in_clause}
        facts = [t for t in in_clause if valid[t]]
        valid.update({t: False for t in facts if _saying(r, t, facts)})
        amounts = [a for a in _own_amounts(r) if lo <= a.start < hi and _amount_counts(r, a, lo)]
        owned: dict[Trigger, list[AmountMention]] = {}
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
                drafts.extend(_package_beside(r, trigger, (lo, hi), mine[-1].end))
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


#: A clause of time before the main one: "After four jets were flown in in March, ...".
_TIME_CLAUSE = re.compile(
    r"\W*(?:after|once|when|before|while)\b[^,;]{5,200}?,\s+", re.IGNORECASE
)


def _aid_clauses(r: SentenceReader, triggers: Sequence[Trigger]) -> list[tuple[int, int]]:
    """The sentence's clauses, with a clause of time that opens one cut off as its own when
    both it and the rest hold a trigger: "After four jets were flown in in March, the
    remaining nine were delivered on Monday" reports two deliveries, each with its date."""
    out: list[tuple[int, int]] = []
    for lo, hi in r.clauses:
        head = _TIME_CLAUSE.match(r.text, lo, hi)
        if head is not None and any(lo <= t.start < head.end() for t in triggers) and any(
            head.end() <= t.start < hi for t in triggers
        ):
            out += [(lo, head.end()), (head.end(), hi)]
        else:
            out.append((lo, hi))
    return out


#: A package named as a second object beside an amount: "confirming £3 billion a year and a
#: new package of ammunition and missiles".
_PACKAGE_BESIDE = re.compile(
    r"[^;]{0,80}?\band\s+(?:a|an|the|its)\s+(?:new\s+|further\s+|additional\s+|separate\s+"
    r"|fresh\s+|second\s+)*(?:military\s+|aid\s+)?(?:package|tranche)\s+of\b",
    re.IGNORECASE,
)


def _package_beside(
    r: SentenceReader, trigger: Trigger, clause: tuple[int, int], after: int
) -> list[Draft]:
    """The package of weapons committed beside an amount by the same verb, as a fact of its
    own: "has confirmed £3 billion a year and a new package of shells and missiles"."""
    _, hi = clause
    if trigger.kind != _COMMIT:
        return []
    found = _PACKAGE_BESIDE.match(r.text, after, hi)
    if found is None or any(after <= a.start < hi for a in r.amounts):
        return []
    items = item_names(r.text, found.end(), hi)
    if not items:
        return []
    draft = _aid_draft(r, trigger, clause, found.start(), None)
    draft.fields["items"] = items
    draft.additional = True  # another fact than the amount beside it
    return [draft]


def _own_amounts(r: SentenceReader) -> list[AmountMention]:
    """The amounts of a sentence without those that convert the one before ("($250 million)")."""
    kept: list[AmountMention] = []
    previous: AmountMention | None = None
    for amount in r.amounts:
        gap = r.text[previous.end : amount.start] if previous is not None else None
        if gap is None or CONVERSION_GAP.fullmatch(gap) is None:
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
        if head is not None and gap is not None and CONVERSION_GAP.fullmatch(gap):
            out[head.start] = (*out.get(head.start, ()), amount.money)
        else:
            head = amount
        previous = amount
    return out


def _owner(triggers: Sequence[Trigger], amount: AmountMention) -> Trigger:
    """The trigger an amount belongs to: the nearest before it, else the first after it."""
    before = [t for t in triggers if t.start <= amount.start]
    return before[-1] if before else triggers[0]


def _amount_counts(r: SentenceReader, amount: AmountMention, lo: int) -> bool:
    """False for running totals and for the price of a contract."""
    text = r.text
    if TOTAL_BEFORE.search(text, max(lo, amount.start - 40), amount.start):
        return False
    if PART_BEFORE.search(text, max(lo, amount.start - 30), amount.start) and any(
        other.end <= amount.start for other in r.amounts if other.start >= lo
    ):
        return False
    if TOTAL_AFTER.match(text[amount.end : amount.end + 20]):
        return False
    if re.search(r"\bfrom\s+\Z", text[max(lo, amount.start - 8) : amount.start]) and any(
        re.fullmatch(r"\s+to\s+", text[amount.end : other.start]) for other in r.amounts
    ):
        return False  # "from €4 billion to €8 billion": the level before, not the commitment
    return AMOUNT_OF_CONTRACT.match(text, amount.end) is None


def _aid_trigger_ok(r: SentenceReader, trigger: Trigger, clause: tuple[int, int]) -> bool:
    lo, _ = clause
    future_ok = trigger.strength in ("future", "fund", "raise", "plan", "document")
    if trigger.cue is not None:
        # "Italy plans to allocate €300 million": the words before "plans to" decide, and the
        # one who plans is a government, not a company ("Rheinmetall plans to ...")
        if any(m.company for g in r.groups_in(lo, trigger.cue) for m in g.mentions):
            return False
        # an adopted document, not one to come ("next year's budget", "will adopt a plan")
        return not r.blocked(lo, trigger.cue, future_ok=trigger.strength != "document")
    if r.blocked(lo, trigger.start, future_ok=future_ok):
        return False
    return not (trigger.strength in ("strong", "weak") and _PLAN_OBJECT.match(r.text, trigger.end))


_TO_TRANSFER = re.compile(
    r"\bto\s+(?:provide|supply|transfer|give|deliver|send|donate|hand\s+over)\b", re.IGNORECASE
)


#: A count that points back to things named before: "the remaining nine", "the other four".
_COUNT_BACK = re.compile(
    r"\bthe\s+(?:remaining|other|last|final|rest\s+of\s+the)\s+(?:\d+|"
    + "|".join(w for w, n in NUMBER_WORDS.items() if n > 1)
    + r")\b(?!\s*(?:%|per\s*cent|percent|years?|months?|weeks?|days?)\b)",
    re.IGNORECASE,
)


def _specific(r: SentenceReader, trigger: Trigger, clause: tuple[int, int]) -> bool:
    """Whether an aid fact without an amount names something definite."""
    lo, hi = clause
    text = r.text
    items = any(
        not (trigger.strength == "future" and DEFINITE_BEFORE.search(text, lo, m.start()))
        for m in SPECIFIC_ITEM.finditer(text, lo, hi)
    ) or counted(text, lo, hi)
    package = PACKAGE.search(text, lo, hi) is not None
    if trigger.strength in ("raise", "plan", "document"):
        return False  # raising aid, a plan or a budget is a commitment only with its amount
    if trigger.kind == "aid_delivered":
        return (
            items
            or package
            or _COUNT_BACK.search(text, lo, hi) is not None
            or GENERIC_ITEM.search(text, lo, hi) is not None
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
        # "approved aid including tanks", "ratified the agreement to provide 100 vehicles"
        return package or (
            items
            and (
                AID_NOUN.search(text, lo, hi) is not None
                or _TO_TRANSFER.search(text, trigger.end, hi) is not None
            )
        )
    return items or package or FUND_NOUN.search(text, trigger.start, hi) is not None


#: The aid named before, taken up again: "announced the package", "the carriers are being
#: bought": a mention of a fact already reported.
_RESTATED_AFTER = re.compile(
    r"\s+(?:the|this|these|those)\s+(?!" + ORDINAL_WORD + r"\b|next\b|new\b|latest\b)"
    r"(?:[\w-]+\s+){0,2}?(?:package|aid|assistance|tranche|support|funding|weapons|vehicles"
    r"|equipment|systems|jets|tanks|APCs|missiles|shells|ammunition)\b(?!['\u2019])",
    re.I,
)
_RESTATED_BEFORE = re.compile(
    r"\b(?:the|these|those|this)\s+(?:[\w-]+\s+){0,3}(?:(?:is|are|was|were)\s+(?:being\s+)?)?\Z",
    re.I,
)


def _restated(text: str, trigger: Trigger, lo: int) -> bool:
    """True when the trigger takes up aid named before: "announced the package", "the
    carriers are being bought"."""
    if _RESTATED_AFTER.match(text, trigger.end):
        return True
    before = _RESTATED_BEFORE.search(text, max(lo, trigger.start - 50), trigger.start)
    return before is not None and (
        SPECIFIC_ITEM.search(before.group()) is not None
        or GENERIC_ITEM.search(before.group()) is not None
    )


def _aid_draft(
    r: SentenceReader,
    trigger: Trigger,
    clause: tuple[int, int],
    anchor: int,
    money: Money | None,
) -> Draft:
    lo, hi = clause
    text = r.text
    partners = r.partners_for(trigger, anchor, clause)
    delivery_from: int | None = None
    if trigger.strength in ("future", "raise", "plan", "document"):
        # "will allocate NOK 1 billion in 2025", "a plan that envisages €200 million for
        # 2024-2026": due (or spent) then
        delivery_from = trigger.start
    elif trigger.kind == "aid_committed":
        cue = DELIVERY_CUE.search(text, trigger.start, hi)
        delivery_from = cue.start() if cue is not None else None

    def announced(mention: DateMention) -> bool:
        return ANNOUNCED_BEFORE.search(text, max(0, mention.start - 50), mention.start) is not None

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
    items = item_names(text, lo, hi)
    if items:
        fields["items"] = items
    if trigger.kind == "aid_committed":
        number = PACKAGE_NUMBER.search(text, lo, hi)
        if number is not None:
            value = (
                ordinal_value(number.group("ord"))
                if number.group("ord")
                else int(number.group("num"))
            )
            if value is not None:
                fields["package_number"] = value
        for category, pattern in CATEGORY:
            if pattern.search(text, lo, hi):
                fields["category"] = category
                break
        expected = [
            d
            for d in r.dates
            if lo <= d.start < hi
            and (
                scheduled(d)
                or (not announced(d) and (r.is_future(d) or lead_word(d) in ("by", "until")))
            )
        ]
        if expected:
            fields["expected_delivery"] = expected[0].span
    else:
        first = SPECIFIC_ITEM.search(text, lo, hi) or GENERIC_ITEM.search(text, lo, hi)
        if first is not None:
            count = QUANTITY_BEFORE.search(text, max(lo, first.start() - 40), first.start())
            if count is not None:
                fields["quantity"] = count_of(count.group("n"))
    return Draft(
        trigger.kind,
        trigger.rule,
        anchor,
        partners,
        r.occurred(mention, clip_year=trigger.kind == _COMMIT),
        amount=money,
        fields=fields,
        restated=_restated(text, trigger, lo),
    )


def raises_pledge(text: str) -> bool:
    """True when a sentence that commits an amount raises an earlier figure to it.

    "raised its pledge for shells to €300 million", "increases its contribution to",
    "brings the total to": the commitment is flagged ``raises``, and the fold lets it
    supersede the partner's earlier, smaller pledge.
    """
    return RAISE_CUE.search(text) is not None
