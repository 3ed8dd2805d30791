"""Extraction: an article in, the facts it reports out, each with its source sentence.

This stage holds everything that reads text: the pipeline (`extract`, here), sentences
(`_sentences`), date expressions (`_datexpr`, `_datehandlers`), amounts of money
(`_amounts`) and growth factors (`_factors`), number words and ordinals (`_numbers`), the
partner finder with every table of names that running text uses (`_partners`), and
`rules/`, one module per kind with its own words (`rules/_common` holds the words they
share: negation, hypothesis, plans, the future, asides, anaphora). It imports only the
vocabulary (`timeline.errors`, `dates`, `money`, `partners`, `events`, `articles`), never
the log, the fold or the reports.

`extract` splits the body into sentences (`split_sentences`), runs the rules of each kind
over every sentence (see ``docs/extraction.md``), and merges a fact that the article mentions
twice into one event. Every event's provenance names the article, the sentence's offsets in
the body and its text, and the rule that found it.

>>> from datetime import date
>>> from timeline.articles import Article
>>> article = Article.from_text(
...     "Poland pledged PLN 500 million for drones for Ukraine on 4 March 2024.",
...     published=date(2024, 3, 5),
... )
>>> [(e.kind, e.partners, str(e.amount), str(e.occurred)) for e in extract(article)]
[('aid_committed', ('PL',), '500000000 PLN', '2024-03-04')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import attrs

from timeline.articles import Article
from timeline.dates import DateSpan, Precision
from timeline.events import (
    AgreementSigned,
    AidCommitted,
    AidDelivered,
    Confidence,
    Fact,
    JointVentureEstablished,
    MeetingHeld,
    MemorandumSigned,
    ProductionIncreased,
    Provenance,
)
from timeline.partners import company_home
from timeline.read._amounts import find_amounts
from timeline.read._datexpr import find_dates
from timeline.read._partners import EXTRA_PARTNERS, UA_COMPANY, find_partner_mentions
from timeline.read._sentences import Sentence, split_sentences
from timeline.read.rules import (
    SIGNED_DOCUMENT,
    Antecedent,
    Draft,
    SentenceReader,
    read_sentence,
)
from timeline.read.rules._common import DEFENCE_TOPIC, TEASER
from timeline.read.rules.aid import raises_pledge

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "Sentence",
    "extract",
    "same_mention",
    "split_sentences",
]

EXTRACTOR_NAME = "timeline.rules"
"""The name of this extractor, kept in every event's provenance."""

EXTRACTOR_VERSION = "4"
"""The version of the rules; bumped whenever a rule changes what it extracts."""

#: Sentences longer than this are not read by the rules (a runaway line, not prose).
MAX_SENTENCE_CHARS = 2000
#: Only this much of a body is read (far beyond any news article), so that a hostile
#: multi-megabyte body still takes about a second.
MAX_BODY_CHARS = 400_000
#: How many sentences back a "the country" may point.
_CARRY_BACK = 2
#: How many sentences back the signing of a list may stand from one of its items.
_LIST_BACK = 6
#: How many sentences back an undated growth figure takes its period from ("According to
#: him, shell production increased 42 times" after "In 2023, output tripled").
_PERIOD_BACK = 3

_UKRAINIAN = re.compile(r"\bUkrain\w*|\bKyiv\b|" + UA_COMPANY.pattern)

_CLASSES: dict[str, Callable[..., Fact]] = {
    "memorandum_signed": MemorandumSigned,
    "agreement_signed": AgreementSigned,
    "joint_venture_established": JointVentureEstablished,
    "aid_committed": AidCommitted,
    "aid_delivered": AidDelivered,
    "production_increased": ProductionIncreased,
    "meeting_held": MeetingHeld,
}
_AMOUNT_KINDS = frozenset({"agreement_signed", "aid_committed", "aid_delivered"})


class _Parties:
    """What a sentence names, for a later sentence that points back to it."""

    def __init__(self, text: str, published: date | None) -> None:
        reader = SentenceReader(text, published, lambda _group_ok: None)
        groups = reader.groups
        self.partners = reader.union(groups)
        #: the one group that names every partner of the sentence together, if there is one
        self.group = next(
            (g.partners for g in groups if set(g.partners) == set(self.partners)), None
        )
        names = [m.company for m in reader.mentions if m.company]
        names += [m.group() for m in UA_COMPANY.finditer(text)]
        self.companies = tuple(dict.fromkeys(n for n in names if n))
        self.defence = bool(self.companies) or DEFENCE_TOPIC.search(text) is not None
        #: a Ukrainian side is named too, so a group of partners is the other side of it
        self.ukrainian = _UKRAINIAN.search(text) is not None
        #: the partner that opens the sentence, its subject ("Finland takes part in ... and
        #: the Czech initiative. The country allocated ..."): what "the country" points to
        self.subject = next(
            (g.partners for g in groups if not text[: g.start].strip(" \"'\u201c\u2018")), None
        )


class _Carry:
    """The partner named just before a sentence, computed only when a rule asks for it."""

    def __init__(self, sentences: list[Sentence], published: date | None) -> None:
        self._sentences = sentences
        self._published = published
        self._cache: dict[int, _Parties | None] = {}
        self.index = 0
        #: paragraphs that link to other articles or caption photos: never pointed back to
        self.skipped: set[int] = set()

    def _parties(self, index: int) -> _Parties | None:
        if index not in self._cache:
            sentence = self._sentences[index]
            if len(sentence.text) > MAX_SENTENCE_CHARS or sentence.paragraph in self.skipped:
                self._cache[index] = None
            else:
                self._cache[index] = _Parties(sentence.text, self._published)
        return self._cache[index]

    def __call__(self, group_ok: bool) -> Antecedent | None:
        """The one partner (or, if `group_ok`, one coordinated group) named just before."""
        for back in range(1, _CARRY_BACK + 1):
            index = self.index - back
            if index < 0:
                return None
            parties = self._parties(index)
            if parties is None or not parties.partners:
                continue
            partners: tuple[str, ...]
            if len(parties.partners) == 1:
                partners = parties.partners
            elif group_ok and parties.group is not None and parties.ukrainian:
                # "Ukraine, Germany and France ... The three countries": not "Germany and
                # France ... The two countries", which are a pair of their own
                partners = parties.group
            elif not group_ok and parties.subject is not None and len(parties.subject) == 1:
                partners = parties.subject
            else:
                return None
            return Antecedent(partners, parties.companies, parties.defence)
        return None


def same_mention(a: Draft, b: Draft) -> bool:
    """Two mentions of one fact within an article: same kind, partners, amount or factor,
    overlapping dates. (Across articles, ``timeline.fold`` has its own ``same_fact``.)

    A headline that restates a fact without its amount ("Denmark approves new package") is
    the body's fact with the amount; so is a mention without an amount that adds nothing to
    one with it (`_restates`).
    """
    if _distinct(a, b) or not (
        a.kind == b.kind
        and sorted(a.partners) == sorted(b.partners)
        and _factor_key(a) == _factor_key(b)
        and a.occurred.overlaps(b.occurred)
    ):
        return False
    if _amount_key(a) == _amount_key(b):
        return True
    if a.amount is not None and b.amount is not None:
        return a.amount in b.aliases or b.amount in a.aliases  # "DKK 1.7 billion ($250m)"
    if (a.heading and a.amount is None) or (b.heading and b.amount is None):
        return True
    return _restates(a, b) or _restates(b, a) or _completes(a, b) or _completes(b, a)


def _completes(priced: Draft, dated: Draft) -> bool:
    """One mention gives the amount, the other the date, and one of them takes the other up
    or both name the same numbered package.

    "The US will provide a new $200 million package." and "Austin announced the package on
    Wednesday" are one commitment of $200 million on Wednesday; so are "As part of its 25th
    aid package, Belgium is allocating €100 million" and "Belgium approved its 25th aid
    package on Friday".
    """
    number = priced.fields.get("package_number")
    return (
        (
            priced.restated
            or dated.restated
            or (number is not None and number == dated.fields.get("package_number"))
        )
        and priced.amount is not None
        and dated.amount is None
        and priced.occurred.earliest is None
        and dated.occurred.earliest is not None
    )


def _distinct(a: Draft, b: Draft) -> bool:
    """Two facts of one kind that a list tells apart: different places in an enumeration
    ("the second agreement", "the third agreement"), different foreign companies
    ("Sellier & Bellot signed a deal ..." and "Colt CZ signed a deal ..."), or a sentence
    that adds to those before ("Additionally, a drone maker agreed with Thales ..." after
    "A second agreement with Thales ..."), unless both name the same amount."""
    if a.ordinal is not None and b.ordinal is not None and a.ordinal != b.ordinal:
        return True
    if (a.additional or b.additional) and (a.amount is None or a.amount != b.amount):
        return True
    ours = {c for c in a.fields.get("companies", ()) if company_home(c) is not None}
    theirs = {c for c in b.fields.get("companies", ()) if company_home(c) is not None}
    return bool(ours) and bool(theirs) and not ours & theirs


def _restates(vague: Draft, full: Draft) -> bool:
    """True when `vague` (no amount) says nothing that `full` (same kind and partners) lacks.

    Its date holds the other's, and it names no weapon or package number the other does not:
    "Belgium also approved a new package" restates "Belgium approved a €90 million package on
    Tuesday"; "In December, Belgium confirmed it will transfer F-16s" does not.
    """
    if vague.amount is not None or full.amount is None:
        return False
    a, b = vague.occurred, full.occurred
    if (a.earliest is not None and (b.earliest is None or b.earliest < a.earliest)) or (
        a.latest is not None and (b.latest is None or b.latest > a.latest)
    ):
        return False
    number = vague.fields.get("package_number")
    if number is not None and number != full.fields.get("package_number"):
        return False
    return set(vague.fields.get("items", ())) <= set(full.fields.get("items", ()))


def _merge(old: Draft, new: Draft) -> Draft:
    """One draft of a fact mentioned twice: the more precise date, and any amount."""
    if _restates(old, new) and not old.heading:
        return new
    if _restates(new, old) and not new.heading:
        return old
    new_first = new.occurred.width() < old.occurred.width() or (
        new.occurred.width() == old.occurred.width() and old.heading and not new.heading
    )
    keep, other = (new, old) if new_first else (old, new)
    if keep.amount is None and other.amount is not None:
        keep.amount = other.amount
    keep.heading = keep.heading and other.heading
    if keep.ordinal is None:
        keep.ordinal = other.ordinal
    if not keep.fields.get("companies") and other.fields.get("companies"):
        keep.fields["companies"] = other.fields["companies"]
    return keep


def _follows_signing(draft: Draft, index: int, signed: tuple[int, Draft] | None) -> bool:
    """Completes a draft that points back to the signing before it; False drops it.

    "The document was signed" takes the kind and partners of the memorandum or agreement
    named just before; "The third agreement covers ..." is an item of a list of signed
    documents ("six agreements were signed"), which must come shortly before it, and takes
    its date when it has none of its own.
    """
    if draft.kind == SIGNED_DOCUMENT:
        reach = _CARRY_BACK if draft.amount is None else _LIST_BACK
        if signed is None or index - signed[0] > reach:
            return False
        if draft.amount is not None:
            if signed[1].kind != "agreement_signed":
                return False  # the value of a contract, not of a memorandum
            draft.occurred = signed[1].occurred  # the same contract: it merges into it
        draft.kind = signed[1].kind
        draft.rule = f"{draft.kind}.document"
        draft.partners = draft.partners or signed[1].partners
    elif draft.listed:
        if signed is None or index - signed[0] > _LIST_BACK:
            return False
        if draft.occurred.earliest is None and signed[1].occurred.width() < draft.occurred.width():
            draft.occurred = signed[1].occurred
            draft.carried = True
    return True


#: A fact reported as made at a meeting: "during the summit", "at the opening of the meeting".
_AT_MEETING = re.compile(
    r"\b(?:during|at|on\s+the\s+(?:sidelines|margins)\s+of|at\s+the\s+opening\s+of"
    r"|in\s+the\s+course\s+of)\s+(?:the|this|that|a|an)\s+(?:[\w-]+\s+){0,3}?(?:summit"
    r"|meeting|conference|forum|talks|gathering|session)\b",
    re.IGNORECASE,
)
#: How many sentences back the meeting that dates such a fact may be reported.
_MEETING_BACK = 6


def _date_by_meeting(found: list[tuple[int, Draft]], sentences: list[Sentence]) -> None:
    """Dates the undated facts reported as made at a meeting by that meeting's date.

    "Ministers met at Ramstein on 21 April. During the summit, Canada announced ...": the
    announcement is of 21 April. The meeting is the last dated one reported in that sentence
    or up to `_MEETING_BACK` sentences before it.
    """
    meetings = [
        (index, draft.occurred)
        for index, draft in found
        if draft.kind == "meeting_held" and draft.occurred.earliest is not None
    ]
    if not meetings:
        return
    for index, draft in found:
        if draft.kind == "meeting_held" or draft.occurred.earliest is not None:
            continue
        if _AT_MEETING.search(sentences[index].text) is None:
            continue
        near = [span for at, span in meetings if index - _MEETING_BACK <= at <= index]
        latest = draft.occurred.latest
        if near and (latest is None or (near[-1].latest is not None and near[-1].latest <= latest)):
            draft.occurred = near[-1]
            draft.carried = True


#: A sentence that opens by taking up the aid just reported: "The support package is meant
#: to ...", "This money will go to ...".
_TAKEN_UP = re.compile(
    r"\A\W*(?:the|this|that|these)\s+(?:[\w-]+\s+){0,2}?(?:package|aid|assistance|support"
    r"|contribution|funding|allocation|money|funds|donation|tranche)\b",
    re.IGNORECASE,
)
#: The verb of a report right before its date: "the government wrote in a statement on".
_REPORTED_ON = re.compile(
    r"\b(?:said|says|wrote|announced|stated|confirmed|reported|told\s+[\w\s]{1,30}?)"
    r"(?:\s+in\s+(?:a|an|its|their)\s+(?:[\w-]+\s+)?(?:statement|release|post|letter"
    r"|message))?\s+\Z",
    re.IGNORECASE,
)


def _date_by_report(
    found: list[tuple[int, Draft]], sentences: list[Sentence], published: date | None
) -> None:
    """Dates an undated commitment by the report that takes it up in the next sentence.

    "Switzerland allocated CHF 100 million for demining. The support package is meant to help
    Ukraine rebuild, the government wrote in a statement on Friday": the allocation is of
    that Friday.
    """
    for index, draft in found:
        if draft.kind != "aid_committed" or draft.occurred.earliest is not None:
            continue
        following = index + 1
        if following >= len(sentences) or not _TAKEN_UP.match(sentences[following].text):
            continue
        text = sentences[following].text
        for mention in find_dates(text, published):
            span = mention.span
            if (
                _REPORTED_ON.search(text, max(0, mention.start - 60), mention.start) is not None
                and span.earliest is not None
                and span.latest is not None
                and draft.occurred.latest is not None
                and span.latest <= draft.occurred.latest
            ):
                draft.occurred = span
                draft.carried = True
                break


#: A sentence that opens with what someone said: "Kishida said that Japan will provide ...".
_SPEAKER_SAID = re.compile(
    r"\A\W*(?:[A-Z][\w'\u2019.-]*\s+){1,4}(?:said|told\s+[\w\s]{1,30}?|announced|stated"
    r"|added|noted|confirmed|promised|pledged)\b"
)


def _after_meeting(
    draft: Draft, text: str, index: int, meeting: tuple[int, Draft] | None
) -> None:
    """Dates an undated fact that a meeting's participant announced right after the meeting.

    "Kishida met Zelensky in Hiroshima on Sunday. Kishida said that Japan will provide 100
    vehicles": the commitment was made at the meeting or after it, so it runs from the
    meeting's day to publication.
    """
    if meeting is None or index - meeting[0] != 1 or draft.kind == "meeting_held":
        return
    met = meeting[1].occurred
    span = draft.occurred
    if span.earliest is not None or span.latest is None or met.earliest is None:
        return
    if met.earliest > span.latest or not set(draft.partners) <= set(meeting[1].partners):
        return
    speaker = _SPEAKER_SAID.match(text)
    if speaker is None:
        return
    said_by = {m.partner for m in find_partner_mentions(speaker.group())}
    if said_by and said_by <= set(meeting[1].partners):
        draft.occurred = DateSpan.between(met.earliest, span.latest)
        draft.carried = True


def _add(found: list[tuple[int, Draft]], index: int, draft: Draft) -> None:
    """Adds the draft of sentence `index` to `found`, or merges it into the same fact there."""
    for position, (other_index, other) in enumerate(found):
        if same_mention(draft, other):
            kept = _merge(other, draft)
            found[position] = (index if kept is draft else other_index, kept)
            return
    found.append((index, draft))


#: "one" standing for a noun named before: "the first one was granted by KNDS".
_ONE = re.compile(
    r"\b(?P<det>the|a|an)\s+(?P<adj>first|second|third|other|earlier|earliest|previous|new"
    r"|latest|last|another)\s+one\b(?=\s+(?:was|were|had|has|is|came|went))",
    re.IGNORECASE,
)
_DOCUMENT_NAMED = re.compile(
    r"\b(?:licen[cs]e|agreement|contract|memorandum|deal)s?\b", re.IGNORECASE
)


def _one_as_document(text: str, before: list[Sentence]) -> str:
    """The sentence with "one" read as the licence, agreement or contract the sentences
    before speak of: "This is the second licence for Ukraine. The first one was granted by
    KNDS" reads "The first licence was granted by KNDS". Otherwise the text itself."""
    m = _ONE.search(text)
    if m is None:
        return text
    for sentence in reversed(before):
        named = _DOCUMENT_NAMED.search(sentence.text)
        if named is not None:
            noun = named.group().lower().rstrip("s")
            return f"{text[: m.end('adj')]} {noun}{text[m.end() :]}"
    return text


#: A sentence that opens by adding to what was reported before.
_ADDITIVE = re.compile(
    r"\W*(?:additionally|in\s+addition|moreover|furthermore|besides|what\s+is\s+more)\b",
    re.IGNORECASE,
)


def _add_headings(found: list[tuple[int, Draft]], headings: list[tuple[int, Draft]]) -> None:
    """Adds the headlines' drafts: a headline restates the body, so it is a fact of its own
    only when the body reports no fact of that kind with those partners; when it is the same
    fact, it may still date the body's mention."""
    for index, draft in headings:
        if not any(
            other.kind == draft.kind and sorted(other.partners) == sorted(draft.partners)
            for _, other in found
        ) or any(same_mention(draft, other) for _, other in found):
            _add(found, index, draft)


def _plain(text: str) -> str:
    """A line without case, surrounding punctuation or repeated spaces, to compare titles."""
    return " ".join(text.lower().split()).strip(" .!?:;\"'\u201c\u201d\u2018\u2019")


def _amount_key(d: Draft) -> tuple[str, str] | None:
    return None if d.amount is None else (str(d.amount.value), d.amount.currency)


def _factor_key(d: Draft) -> str | None:
    return None if d.factor is None else str(d.factor.value)


#: The dollar that a bare "$" means in the press of a country, by the end of its outlets'
#: host names ("cbc.ca", "ca.news.yahoo.com", "abc.net.au").
_LOCAL_DOLLARS = {"ca": "CAD", "au": "AUD", "nz": "NZD"}
_US_DOLLAR = re.compile(r"US\$|U\.S\.\s*\$|\bUSD\b|U\.?S\.?\s+dollars|American", re.IGNORECASE)


def _local_dollar(article: Article) -> str | None:
    """The currency a bare "$" stands for in `article`: its outlet's own dollar, if any.

    Canadian, Australian and New Zealand outlets write their own dollar "$"; every other
    outlet's "$" stays the US dollar.
    """
    host = urlsplit(article.url or "").hostname or ""
    labels = host.lower().split(".")
    for label in (labels[-1], labels[0]) if labels else ():
        if label in _LOCAL_DOLLARS:
            return _LOCAL_DOLLARS[label]
    return None


def _in_local_dollars(draft: Draft, text: str, currency: str) -> None:
    """Reads the draft's bare-"$" amount in the outlet's own dollar (`_local_dollar`)."""
    money = draft.amount
    if money is None or money.currency != "USD":
        return
    for mention in find_amounts(text):
        if mention.money == money and "$" in mention.surface:
            if _US_DOLLAR.search(mention.surface) is None:
                draft.amount = attrs.evolve(money, currency=currency)
            return


#: Rules that read a fact from a noun or a weaker cue than the kind's own verb.
_WEAK_RULES = frozenset(
    {
        "with_partner",
        "listed",
        "document",
        "approval",
        "fund",
        "financing",
        "enumerated",
        "agreed",
        "budget",
    }
)


def _confidence(draft: Draft, text: str) -> Confidence:
    """How sure the reading of `draft` is, from its rule and cues.

    ``low`` when its partners or date come from another sentence; ``medium`` for a headline,
    a weaker rule (a noun with its partner, an item of a list, an approval, a fund) or a
    partner named only through a company, a capital or an office holder; ``high`` for the
    kind's own verb with its partner named in the clause.
    """
    if draft.carried:
        return Confidence.LOW
    if draft.heading or draft.rule.rpartition(".")[2] in _WEAK_RULES:
        return Confidence.MEDIUM
    direct = {
        m.partner
        for m in find_partner_mentions(text)
        if m.via in ("name", "demonym", "group") and m.surface not in EXTRA_PARTNERS
    }
    return Confidence.HIGH if set(draft.partners) <= direct else Confidence.MEDIUM


def _fact(article: Article, sentence: Sentence, draft: Draft) -> Fact:
    provenance = Provenance(
        article_id=article.id,
        url=article.url,
        outlet=article.source,
        published=article.published,
        start=sentence.start,
        end=sentence.end,
        quote=sentence.text,
        extractor=EXTRACTOR_NAME,
        extractor_version=EXTRACTOR_VERSION,
        rule=draft.rule,
        confidence=_confidence(draft, sentence.text),
    )
    fields: dict[str, Any] = dict(draft.fields)
    if draft.kind in _AMOUNT_KINDS and draft.amount is not None:
        fields["amount"] = draft.amount
    if draft.kind == "production_increased" and draft.factor is not None:
        fields["factor"] = draft.factor
    if draft.kind == "aid_committed" and draft.amount is not None:
        fields["raises"] = raises_pledge(sentence.text)
    return _CLASSES[draft.kind](
        partners=draft.partners, occurred=draft.occurred, provenance=provenance, **fields
    )


def extract(article: Article) -> list[Fact]:
    """The facts that `article` reports, one event per fact, in order of their sentences.

    Each event's ``provenance.start``/``end`` are the offsets of its sentence in
    ``article.body`` and ``provenance.quote`` is that sentence. A fact mentioned twice (same
    kind, partners, amount or factor, and overlapping dates) is one event, taken from the
    mention with the most precise date. Deterministic, and never raises on any text.
    """
    sentences = split_sentences(article.body[:MAX_BODY_CHARS])
    published: date | None = article.published
    span = article.published_span
    published_from = span.earliest if span.precision is not Precision.DAY else None
    carry = _Carry(sentences, published)
    # a body line that repeats the header's title is a headline, full stop or not (in raw
    # form the title is the body's own first line, and a full stop there ends a sentence)
    title = _plain(article.title or "")
    if title and sentences and _plain(sentences[0].text) == title:
        title = ""
    dollar = _local_dollar(article)
    found: list[tuple[int, Draft]] = []
    headings: list[tuple[int, Draft]] = []
    period: tuple[int, DateSpan] | None = None  # the last production period and its sentence
    signed: tuple[int, Draft] | None = None  # the last memorandum or agreement, for "the document"
    meeting: tuple[int, Draft] | None = None  # the last dated meeting, for "X said that ..."
    skip_paragraph = -1
    for index, sentence in enumerate(sentences):
        if len(sentence.text) > MAX_SENTENCE_CHARS or sentence.paragraph == skip_paragraph:
            continue
        if TEASER.match(sentence.text):
            skip_paragraph = sentence.paragraph  # "Read also: ...", "Photo: ..."
            carry.skipped.add(skip_paragraph)
            continue
        carry.index = index
        heading = sentence.text[-1] not in ".!?\"'\u201d\u2019)" or (
            bool(title) and _plain(sentence.text) == title
        )
        additional = _ADDITIVE.match(sentence.text) is not None
        text = _one_as_document(sentence.text, sentences[max(0, index - _CARRY_BACK) : index])
        for draft in read_sentence(text, published, carry, published_from):
            draft.heading = heading
            draft.additional = draft.additional or additional
            if dollar is not None:
                _in_local_dollars(draft, sentence.text, dollar)
            if not _follows_signing(draft, index, signed):
                continue
            if draft.kind in ("memorandum_signed", "agreement_signed"):
                if (
                    draft.occurred.earliest is None
                    and signed is not None
                    and index - signed[0] <= _LIST_BACK
                    and signed[1].occurred.width() < draft.occurred.width()
                ):
                    signed = (index, attrs.evolve(draft, occurred=signed[1].occurred))
                else:
                    signed = (index, draft)
            if not draft.partners:
                continue
            if draft.kind == "production_increased":
                if not draft.undated:
                    period = (index, draft.occurred)
                elif period is not None and index - period[0] <= _PERIOD_BACK:
                    draft.occurred = period[1]
                    draft.carried = True
            if not heading:
                _after_meeting(draft, sentence.text, index, meeting)
                if draft.kind == "meeting_held" and draft.occurred.earliest is not None:
                    meeting = (index, draft)
            _add(headings if heading else found, index, draft)
    _add_headings(found, headings)
    _date_by_meeting(found, sentences)
    _date_by_report(found, sentences, published)
    found.sort(key=lambda pair: (pair[0], pair[1].position))
    return [_fact(article, sentences[index], draft) for index, draft in found]
