"""Extraction: an article in, the facts it reports out, each with its source sentence.

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

from collections.abc import Callable
from datetime import date
from typing import Any

from timeline.articles import Article
from timeline.dates import DateSpan
from timeline.events import (
    AgreementSigned,
    AidCommitted,
    AidDelivered,
    Fact,
    JointVentureEstablished,
    MeetingHeld,
    MemorandumSigned,
    ProductionIncreased,
    Provenance,
)
from timeline.extract._rules import Draft, read_sentence
from timeline.extract._sentences import Sentence, split_sentences
from timeline.partners import find_partners

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "Sentence", "extract", "split_sentences"]

EXTRACTOR_NAME = "timeline.rules"
"""The name of this extractor, kept in every event's provenance."""

EXTRACTOR_VERSION = "1"
"""The version of the rules; bumped whenever a rule changes what it extracts."""

#: Sentences longer than this are not read by the rules (a runaway line, not prose).
MAX_SENTENCE_CHARS = 2000
#: Only this much of a body is read (far beyond any news article), so that a hostile
#: multi-megabyte body still takes about a second.
MAX_BODY_CHARS = 400_000
#: How many sentences back a "the country" may point.
_CARRY_BACK = 2

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


class _Carry:
    """The partner named just before a sentence, computed only when a rule asks for it."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self._sentences = sentences
        self._cache: dict[int, tuple[str, ...]] = {}
        self.index = 0

    def _partners(self, index: int) -> tuple[str, ...]:
        if index not in self._cache:
            text = self._sentences[index].text
            if len(text) > MAX_SENTENCE_CHARS:
                self._cache[index] = ()
            else:
                found = find_partners(text)
                self._cache[index] = tuple(dict.fromkeys(m.partner for m in found))
        return self._cache[index]

    def __call__(self) -> tuple[str, ...] | None:
        for back in range(1, _CARRY_BACK + 1):
            index = self.index - back
            if index < 0:
                return None
            partners = self._partners(index)
            if partners:
                return partners if len(partners) == 1 else None
        return None


def _same_fact(a: Draft, b: Draft) -> bool:
    return (
        a.kind == b.kind
        and sorted(a.partners) == sorted(b.partners)
        and _amount_key(a) == _amount_key(b)
        and _factor_key(a) == _factor_key(b)
        and a.occurred.overlaps(b.occurred)
    )


def _amount_key(d: Draft) -> tuple[str, str] | None:
    return None if d.amount is None else (str(d.amount.value), d.amount.currency)


def _factor_key(d: Draft) -> str | None:
    return None if d.factor is None else str(d.factor.value)


def _width(span: DateSpan) -> int:
    """How wide a span is in days; open spans are widest."""
    if span.earliest is None or span.latest is None:
        return 10**6 + (0 if span.earliest is None and span.latest is None else -1)
    return (span.latest - span.earliest).days


def _better(new: Draft, old: Draft) -> bool:
    """Of two drafts of one fact, the one with the narrower date (the first on a tie)."""
    return _width(new.occurred) < _width(old.occurred)


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
    )
    fields: dict[str, Any] = dict(draft.fields)
    if draft.kind in _AMOUNT_KINDS and draft.amount is not None:
        fields["amount"] = draft.amount
    if draft.kind == "production_increased" and draft.factor is not None:
        fields["factor"] = draft.factor
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
    carry = _Carry(sentences)
    found: list[tuple[int, Draft]] = []
    period: DateSpan | None = None
    for index, sentence in enumerate(sentences):
        if len(sentence.text) > MAX_SENTENCE_CHARS:
            continue
        carry.index = index
        for draft in read_sentence(sentence.text, published, carry):
            if not draft.partners:
                continue
            if draft.kind == "production_increased":
                if draft.same_period and period is not None:
                    draft.occurred = period
                else:
                    period = draft.occurred
            for position, (other_index, other) in enumerate(found):
                if _same_fact(draft, other):
                    if _better(draft, other):
                        found[position] = (index, draft)
                    break
            else:
                found.append((index, draft))
    found.sort(key=lambda pair: (pair[0], pair[1].position))
    return [_fact(article, sentences[index], draft) for index, draft in found]
