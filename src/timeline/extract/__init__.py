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
from timeline.extract._lexicon import TEASER
from timeline.extract._rules import SIGNED_DOCUMENT, Draft, read_sentence
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
#: How many sentences back an undated growth figure takes its period from ("According to
#: him, shell production increased 42 times" after "In 2023, output tripled").
_PERIOD_BACK = 3

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
    """Two drafts of one fact: same kind, partners, amount or factor, overlapping dates.

    A headline that restates a fact without its amount ("Denmark approves new package") is
    the body's fact with the amount.
    """
    if not (
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
    return (a.heading and a.amount is None) or (b.heading and b.amount is None)


def _merge(old: Draft, new: Draft) -> Draft:
    """One draft of a fact mentioned twice: the more precise date, and any amount."""
    new_first = _width(new.occurred) < _width(old.occurred) or (
        _width(new.occurred) == _width(old.occurred) and old.heading and not new.heading
    )
    keep, other = (new, old) if new_first else (old, new)
    if keep.amount is None and other.amount is not None:
        keep.amount = other.amount
    keep.heading = keep.heading and other.heading
    return keep


def _amount_key(d: Draft) -> tuple[str, str] | None:
    return None if d.amount is None else (str(d.amount.value), d.amount.currency)


def _factor_key(d: Draft) -> str | None:
    return None if d.factor is None else str(d.factor.value)


def _width(span: DateSpan) -> int:
    """How wide a span is in days; open spans are widest."""
    if span.earliest is None or span.latest is None:
        return 10**6 + (0 if span.earliest is None and span.latest is None else -1)
    return (span.latest - span.earliest).days


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
    period: tuple[int, DateSpan] | None = None  # the last production period and its sentence
    signed: tuple[int, Draft] | None = None  # the last memorandum or agreement, for "the document"
    skip_paragraph = -1
    for index, sentence in enumerate(sentences):
        if len(sentence.text) > MAX_SENTENCE_CHARS or sentence.paragraph == skip_paragraph:
            continue
        if TEASER.match(sentence.text):
            skip_paragraph = sentence.paragraph  # "Read also: ...", "Photo: ..."
            continue
        carry.index = index
        heading = sentence.text[-1] not in ".!?\"'\u201d\u2019)"
        for draft in read_sentence(sentence.text, published, carry):
            draft.heading = heading
            if draft.kind == SIGNED_DOCUMENT:
                if signed is None or index - signed[0] > _CARRY_BACK:
                    continue
                draft.kind = signed[1].kind
                draft.rule = f"{draft.kind}.document"
                draft.partners = draft.partners or signed[1].partners
            elif draft.kind in ("memorandum_signed", "agreement_signed"):
                signed = (index, draft)
            if not draft.partners:
                continue
            if draft.kind == "production_increased":
                if not draft.undated:
                    period = (index, draft.occurred)
                elif period is not None and index - period[0] <= _PERIOD_BACK:
                    draft.occurred = period[1]
            for position, (other_index, other) in enumerate(found):
                if _same_fact(draft, other):
                    kept = _merge(other, draft)
                    found[position] = (index if kept is draft else other_index, kept)
                    break
            else:
                found.append((index, draft))
    found.sort(key=lambda pair: (pair[0], pair[1].position))
    return [_fact(article, sentences[index], draft) for index, draft in found]
