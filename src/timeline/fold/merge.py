"""One fact, many reports: the cross-article merge rule and the merge itself.

`same_fact` is the rule (told in full in ``docs/merging.md``); `merge_reports` applies it to
a set of reports. Reports are compared only within a bucket of one kind and one set of
partners; within a bucket only pairs that share a key (package number, amount band, content
word, week) are compared, each with its next few neighbours in the bucket's date order, so
merging stays near-linear however many reports there are.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import combinations
from typing import Any

import attrs

from timeline.dates import DateSpan
from timeline.errors import DateError
from timeline.events import AidCommitted, Fact, ProductionIncreased
from timeline.fold._words import content_words
from timeline.fold.state import (
    TIMES,
    Item,
    canonical_key,
    figure_of,
    source_key,
    unit_of,
)
from timeline.money import Factor, Money, Qualifier

__all__ = [
    "Features",
    "amounts_agree",
    "bucket_key",
    "candidate_pairs",
    "merge_reports",
    "merge_singles",
    "same_fact",
]

#: Relation strengths: the larger, the surer that two reports tell one fact. Links are made
#: strongest first, so a report joins the fact it most plainly belongs to.
_AGREE_PACKAGE = 7
_AGREE_EXACT = 6
_AGREE_AMOUNT = 5
_AGREE_CONTENT = 4
_AGREE_DATE = 3
_CONFLICT_PACKAGE = 2
_CONFLICT_CONTENT = 1
_UNRELATED = 0
_CONFLICTS = frozenset({_CONFLICT_PACKAGE, _CONFLICT_CONTENT})

#: Two overlapping spans that are not both closed pin one time when the days they are
#: anchored to (the latest day each allows) are this close (see `_near`).
_NEAR_DAYS = 14
#: Reports in buckets this small are all compared with each other.
_SMALL_BUCKET = 4
#: Within a candidate group, each report is compared with this many next overlapping ones,
#: looked for among this many next members (in the bucket's date order).
_WINDOW = 4
_SCAN = 10
#: How many of a report's content words (the rarest in its bucket) key its candidate pairs.
_KEY_WORDS = 2
_FAR_PAST = -1
_FAR_FUTURE = 10**7
#: Amount bands are powers of this ratio; amounts that may agree are at most one band apart.
_BAND = math.log(1.4)

_PERCENT_2_5 = Decimal("0.025")
_OVER_SLACK = Decimal("1.15")
_UNDER_SLACK = Decimal("0.85")
_ABOUT_LOW = Decimal("0.9")
_ABOUT_HIGH = Decimal("1.1")


def _half_unit(value: Decimal) -> Decimal:
    """Half the unit of the last significant digit: 92000000 is 92 million give or take 0.5."""
    if not value:
        return Decimal(0)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(5).scaleb(exponent - 1)


@lru_cache(maxsize=65_536)
def _value_bounds(value: Decimal, qualifier: Qualifier) -> tuple[Decimal, Decimal]:
    """The values a figure stands for, given its qualifier and its rounding.

    Exact: the value give or take half its last significant digit, at most 2.5%. Over: up to
    15% more. Under or up to: down to 15% less. About: within 10%.
    """
    if qualifier is Qualifier.EXACT:
        slack = min(_half_unit(value), value * _PERCENT_2_5)
        return value - slack, value + slack
    if qualifier is Qualifier.OVER:
        return value, value * _OVER_SLACK
    if qualifier in (Qualifier.UNDER, Qualifier.UP_TO):
        return value * _UNDER_SLACK, value
    return value * _ABOUT_LOW, value * _ABOUT_HIGH


def _bounds(figure: Money | Factor) -> tuple[Decimal, Decimal]:
    """The values an amount (or a growth factor) stands for; see `_value_bounds`."""
    return _value_bounds(figure.value, figure.qualifier)


def amounts_agree(a: Money, b: Money) -> bool:
    """True when two amounts may tell one figure: same currency, equal within rounding.

    Each amount stands for an interval of values: an exact figure for itself give or take
    half its last significant digit (at most 2.5%), "over" for up to 15% more, "up to" and
    "under" for down to 15% less, "about" for 10% either way. Two amounts agree when their
    intervals meet. (Growth factors of production increases are compared the same way.)

    >>> from timeline.money import Qualifier
    >>> amounts_agree(Money(92_000_000, "EUR"), Money(90_000_000, "EUR", Qualifier.OVER))
    True
    >>> amounts_agree(Money(87_000_000, "EUR"), Money(100_000_000, "EUR"))
    False
    >>> amounts_agree(Money(92_000_000, "EUR"), Money(92_000_000, "USD"))
    False
    """
    if a.currency != b.currency:
        return False
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    return a_low <= b_high and b_low <= a_high


def _precision_key(figure: Money | Factor) -> tuple[int, int, Decimal, str]:
    """Sorts the most precise figure first: exact before qualified, more digits first."""
    digits = len(figure.value.normalize().as_tuple().digits) if figure.value else 0
    exact = 0 if figure.qualifier is Qualifier.EXACT else 1
    return (exact, -digits, figure.value, figure.qualifier.value)


def _band(value: Decimal) -> int:
    return -(10**6) if value <= 0 else math.floor(math.log(float(value)) / _BAND)


class Features:
    """What the merge rule reads of one report, computed once."""

    __slots__ = (
        "article",
        "category",
        "closed",
        "end",
        "figure",
        "high",
        "low",
        "package",
        "sharp",
        "span",
        "start",
        "unit",
        "update",
        "value",
        "words",
    )

    def __init__(self, item: Item) -> None:
        event = item.event
        span = event.occurred
        self.span = span
        self.article: str | None = event.provenance.article_id
        package, category, figure_field = _shape(event.__class__)
        self.package: int | None = getattr(event, package) if package else None
        self.category: str | None = getattr(event, category) if category else None
        figure: Money | Factor | None = getattr(event, figure_field) if figure_field else None
        self.unit: str | None = None
        self.value: Decimal | None = None
        self.low: Decimal | None = None
        self.high: Decimal | None = None
        #: The amount or factor itself (equal figures of one unit: equal value and qualifier).
        self.figure: Money | Factor | None = figure
        if figure is not None:
            value, qualifier = figure.value, figure.qualifier
            self.unit, self.value = unit_of(figure), value
            self.low, self.high = _value_bounds(value, qualifier)
        self.words = content_words(event)
        early, late = span.earliest, span.latest
        self.start = _FAR_PAST if early is None else early.toordinal()
        self.end = _FAR_FUTURE if late is None else late.toordinal()
        self.closed = early is not None and late is not None
        self.sharp = self.closed and self.end - self.start <= 6
        self.update = figure is not None and isinstance(event, AidCommitted) and event.raises


_SHAPES: dict[type, tuple[str, str, str]] = {}


def _shape(cls: type) -> tuple[str, str, str]:
    """What `Features` reads of a fact class: the names of its package number, category and
    figure fields ("" when it has none; the figure as `figure_of` reads it)."""
    found = _SHAPES.get(cls)
    if found is None:
        names = {f.name for f in attrs.fields(cls)}
        figure = "factor" if cls is ProductionIncreased else "amount"
        found = _SHAPES[cls] = (
            "package_number" if "package_number" in names else "",
            "category" if "category" in names else "",
            figure if figure in names else "",
        )
    return found


def _near(a: Features, b: Features) -> bool:
    """True when two overlapping spans pin one time: both are closed, or the days they are
    anchored to (the latest day each allows, else its earliest) are at most 14 days apart.

    An undated "../2024-03-08" overlaps every earlier day; it is near "2024-03-07", not near
    "2019-05-02".
    """
    if a.closed and b.closed:
        return True
    x = a.end if a.end != _FAR_FUTURE else a.start
    y = b.end if b.end != _FAR_FUTURE else b.start
    if x in (_FAR_PAST, _FAR_FUTURE) or y in (_FAR_PAST, _FAR_FUTURE):
        return False
    return abs(x - y) <= _NEAR_DAYS


def _relation(a: Features, b: Features) -> int:
    """How surely two reports of one kind and partners tell one fact (0: not at all).

    The rule of `same_fact`, in the order it is checked.
    """
    if a.article is not None and a.article == b.article:
        return _UNRELATED  # one article reports each of its facts once
    same_package = False
    if a.package is not None and b.package is not None:
        if a.package != b.package:
            return _UNRELATED
        same_package = True
    if a.category and b.category and a.category != b.category and not same_package:
        return _UNRELATED
    overlap = a.start <= b.end and b.start <= a.end
    if not overlap and not same_package:
        return _UNRELATED
    both = a.unit is not None and b.unit is not None
    equal = agree = False
    if both:
        if a.unit != b.unit:
            return _UNRELATED  # never converted, so never compared
        assert a.low is not None
        assert a.high is not None
        assert b.low is not None
        assert b.high is not None
        equal = a.figure == b.figure
        agree = equal or (a.low <= b.high and b.low <= a.high)
    if a.update != b.update and not agree:
        return _UNRELATED  # a raise is linked to the pledge it raises, not merged with it
    shared = not a.words.isdisjoint(b.words)
    if same_package:
        return _AGREE_PACKAGE if overlap and (agree or not both) else _CONFLICT_PACKAGE
    if a.words and b.words and not shared:
        return _UNRELATED  # both say what they are about, and it differs
    if both:
        if agree:
            if a.unit == TIMES and not shared and (a.words or b.words):
                return _UNRELATED  # "doubled" is common: a factor needs its sector to agree
            if shared or _near(a, b):
                return _AGREE_EXACT if equal else _AGREE_AMOUNT
            return _UNRELATED
        # A conflict needs the same subject: one's content words all among the other's.
        alike = bool(a.words) and bool(b.words) and (a.words <= b.words or b.words <= a.words)
        return _CONFLICT_CONTENT if alike and a.closed and b.closed else _UNRELATED
    if shared:
        return _AGREE_CONTENT if _near(a, b) else _UNRELATED
    if a.unit is None and b.unit is None and a.sharp and b.sharp:
        return _AGREE_DATE
    return _UNRELATED


def same_fact(a: Fact, b: Fact) -> bool:
    """True when two reports tell one fact (agreeing or in conflict): the merge rule.

    Two reports are one fact when all of these hold:

    1. they are of one kind and name the same partners;
    2. they come from different articles (an article reports each of its facts once);
    3. their package numbers, when both have one, are equal; unless they are, their
       categories, when both have one, are equal, and their content words (items, scope,
       product, companies, parties, format, participants, sector; generic words such as
       "military" do not count), when both have some, share one;
    4. their occurred dates overlap (unless the package numbers are equal: then dates that
       disagree make a conflict);
    5. and there is evidence beyond the overlap:

       - the same package number;
       - amounts in one currency (for production increases: factors, with a shared sector
         word unless neither names one) that agree within rounding (`amounts_agree`), with
         dates that pin one time (both closed, or the days they are anchored to within 14
         days) or a shared content word;
       - amounts that disagree beyond rounding, the same subject (the content words of one
         all among the other's) and both dates closed: one fact in *conflict*;
       - when at most one of them has an amount: a shared content word with dates that pin
         one time;
       - when neither has an amount, and at most one has content words: both dates closed
         and at most a week long.

    A report flagged ``raises`` (set while reading: "increases its contribution to") is not
    merged with a report of another figure; `link_updates` links it to the pledge it raises.

    >>> from datetime import date
    >>> from timeline.events import Provenance
    >>> from timeline.money import Qualifier
    >>> a = AidCommitted(partners=("DE", "DK", "NO"), occurred=DateSpan.day(date(2024, 2, 9)),
    ...     provenance=Provenance(article_id="a"), amount=Money(92_000_000, "EUR"))
    >>> b = AidCommitted(partners=("DE", "DK", "NO"),
    ...     occurred=DateSpan.on_or_before(date(2024, 2, 12)),
    ...     provenance=Provenance(article_id="b"), amount=Money(90_000_000, "EUR", Qualifier.OVER))
    >>> same_fact(a, b), same_fact(a, attrs.evolve(b, provenance=Provenance(article_id="a")))
    (True, False)
    """
    if a.kind != b.kind or a.partners != b.partners or a.id == b.id:
        return False
    return _relation(Features(Item.single(0, a)), Features(Item.single(0, b))) > 0


def candidate_pairs(features: Sequence[Features]) -> Iterator[tuple[int, int]]:
    """The pairs of reports (indices in bucket order) worth comparing: those sharing a key.

    Each such pair at least once, ``(i, j)`` with ``i < j``; a pair that shares several
    keys may come more than once (collecting them in a set would hold several hundred
    bytes per report of the largest bucket, for about one pair in six given twice).
    """
    n = len(features)
    if n <= _SMALL_BUCKET:
        yield from combinations(range(n), 2)
        return
    packages: dict[int, list[int]] = {}
    figures: dict[tuple[str | None, int], list[int]] = {}
    words: dict[str, list[int]] = {}
    weeks: dict[int, list[int]] = {}
    counts = Counter(word for f in features for word in f.words)
    for i, f in enumerate(features):
        if f.package is not None:
            packages.setdefault(f.package, []).append(i)
        if f.value is not None:
            band = _band(f.value)
            figures.setdefault((f.unit, band), []).append(i)
            figures.setdefault((f.unit, band + 1), []).append(i)
        # Its rarest words: a pair that shares only common words is found through another key
        # or not at all (a common word is weak evidence).
        keys: Iterable[str] = f.words
        if len(f.words) > _KEY_WORDS:
            keys = [w for _, w in sorted((counts[w], w) for w in f.words)[:_KEY_WORDS]]
        for word in keys:
            words.setdefault(word, []).append(i)
        if f.sharp and f.unit is None:  # dates alone relate only reports with no figure
            week = f.start // 7
            weeks.setdefault(week, []).append(i)
            weeks.setdefault(week + 1, []).append(i)
    # Members are in the bucket's order (by the latest day a report allows), so the reports
    # of one fact sit close together. Each is paired with its next few members that may be
    # related through this key (`_may_relate`).
    for group in packages.values():
        for x, i in enumerate(group):
            for j in group[x + 1 : x + 1 + _WINDOW]:
                yield i, j
    for by_figure, groups in ((True, figures), (False, words), (False, weeks)):
        for group in groups.values():
            if len(group) > 1:
                yield from _pair_within(features, group, by_figure)


def _pair_within(
    features: Sequence[Features], group: list[int], by_figure: bool
) -> Iterator[tuple[int, int]]:
    """Each member of `group` with its next few members (at most `_WINDOW`, among the next
    `_SCAN`) that may tell the same fact (`_may_relate`)."""
    for x, i in enumerate(group):
        a = features[i]
        start, end, article = a.start, a.end, a.article
        taken = 0
        for j in group[x + 1 : x + 1 + _SCAN]:
            b = features[j]
            if b.start > end or start > b.end or (article and article == b.article):
                continue
            if not _may_relate(a, b, by_figure):
                continue
            yield i, j
            taken += 1
            if taken == _WINDOW:
                break


def _may_relate(a: Features, b: Features, by_figure: bool) -> bool:
    """A quick test that two reports of other articles with overlapping dates, sharing a
    figure band (`by_figure`), a word or a week, may be related: through a figure band, when
    their figures agree and their dates pin one time; through a word or week, either.

    A pair that needs a shared word is found through that word's group, so a figure band
    need not offer it; a shared package number is always worth a look.
    """
    agree = (
        a.low is not None
        and b.low is not None
        and a.unit == b.unit
        and b.low <= a.high  # type: ignore[operator]
        and a.low <= b.high  # type: ignore[operator]
    )
    if by_figure:
        return agree and _near(a, b)
    return agree or _near(a, b)


class _Components:
    """Union-find over the reports of a bucket, keeping what each fact so far allows.

    Per fact: its articles, its unit, and the days and values all its reports allow. An
    agreeing link may join two facts only when those still meet; a conflict link may join
    them anyway (then the fact allows the span over both, and is in conflict). The articles
    of a fact of one report are its article (or None), a set only once facts are joined.
    """

    def __init__(self, features: Sequence[Features]) -> None:
        self.parent = list(range(len(features)))
        self.articles: list[str | set[str] | None] = [f.article or None for f in features]
        self.unit: list[str | None] = [f.unit for f in features]
        # the days and values each fact allows, as lists of their ends (a value is None when
        # the fact has no figure): no tuple per report
        self.start: list[int] = [f.start for f in features]
        self.end: list[int] = [f.end for f in features]
        self.low: list[Decimal | None] = [f.low if f.high is not None else None for f in features]
        self.high: list[Decimal | None] = [f.high if f.low is not None else None for f in features]

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int, conflict: bool) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or not _disjoint(self.articles[a], self.articles[b]):
            return
        if self.unit[a] and self.unit[b] and self.unit[a] != self.unit[b]:
            return
        a_start, a_end, b_start, b_end = self.start[a], self.end[a], self.start[b], self.end[b]
        start, end = max(a_start, b_start), min(a_end, b_end)
        if start > end:
            if not conflict:
                return
            start, end = min(a_start, b_start), max(a_end, b_end)
        a_low, a_high, b_low, b_high = self.low[a], self.high[a], self.low[b], self.high[b]
        low, high = (a_low, a_high) if a_low is not None else (b_low, b_high)
        if a_low is not None and b_low is not None:
            assert a_high is not None
            assert b_high is not None
            low, high = max(a_low, b_low), min(a_high, b_high)
            if low > high:
                if not conflict:
                    return
                low, high = min(a_low, b_low), max(a_high, b_high)
        if _count(self.articles[a]) < _count(self.articles[b]):
            a, b = b, a
        self.parent[b] = a
        self.articles[a] = _union(self.articles[a], self.articles[b])
        self.unit[a] = self.unit[a] or self.unit[b]
        self.start[a], self.end[a], self.low[a], self.high[a] = start, end, low, high


def _disjoint(a: str | set[str] | None, b: str | set[str] | None) -> bool:
    """Whether two facts' articles (see `_Components`) have none in common."""
    if a is None or b is None:
        return True
    if isinstance(a, str):
        return a != b if isinstance(b, str) else a not in b
    return b not in a if isinstance(b, str) else a.isdisjoint(b)


def _count(articles: str | set[str] | None) -> int:
    return 0 if articles is None else 1 if isinstance(articles, str) else len(articles)


def _union(a: str | set[str] | None, b: str | set[str] | None) -> str | set[str] | None:
    """The articles of two facts joined (`a` may be changed in place)."""
    if a is None or b is None:
        return b if a is None else a
    joined = {a} if isinstance(a, str) else a
    if isinstance(b, str):
        joined.add(b)
    else:
        joined |= b
    return joined


def _cluster(features: Sequence[Features]) -> list[list[int]]:
    """Group reports (indices in a canonical order) into facts.

    Links are the related pairs, made strongest first (ties in canonical order). A link is
    not made when it would put two reports of one article, or two currencies, into one fact,
    nor, unless the link is a conflict, when the fact's reports would no longer share a day or
    a value: a chain of agreeing reports does not make a conflict. (A pair given twice by
    `candidate_pairs` makes two equal links, side by side once sorted: the second finds the
    pair joined, or refused as the first was, so it changes nothing.)
    """
    edges = []
    for i, j in candidate_pairs(features):
        strength = _relation(features[i], features[j])
        if strength:
            edges.append((-strength, i, j))
    edges.sort()
    components = _Components(features)
    for strength, i, j in edges:
        components.join(i, j, conflict=-strength in _CONFLICTS)
    facts: dict[int, list[int]] = {}
    for i in range(len(features)):
        facts.setdefault(components.find(i), []).append(i)
    return list(facts.values())


def _hull(spans: Iterable[DateSpan]) -> DateSpan:
    """The smallest span holding all of `spans`, in the coarsest precision that fits."""
    spans = list(spans)
    starts = [s.earliest for s in spans]
    ends = [s.latest for s in spans]
    early = None if None in starts else min(d for d in starts if d is not None)
    late = None if None in ends else max(d for d in ends if d is not None)
    if early is None and late is None:
        return DateSpan.unknown()
    for precision in sorted({s.precision for s in spans}, key=lambda p: -p.rank):
        try:
            return DateSpan(early, late, precision)
        except DateError:
            continue
    return DateSpan.between(early, late)


def _outlet(report: Item) -> tuple[str, str]:
    """Who reported: the outlet's name, else the article, else the event itself."""
    provenance = report.event.provenance
    if provenance.outlet and provenance.outlet.strip():
        return ("outlet", " ".join(provenance.outlet.casefold().split()))
    if provenance.article_id:
        return ("article", provenance.article_id)
    return ("event", report.id)


def _lower_bound(figure: Money | Factor) -> Money | Factor:
    if isinstance(figure, Money):
        return Money(figure.value, figure.currency, Qualifier.OVER)
    return Factor(figure.value, Qualifier.OVER)


def _combine(reports: Sequence[Item]) -> Item:
    """The item of one fact that several `reports` (single-report items) tell."""
    reports = sorted(reports, key=lambda r: r.id)
    span: DateSpan | None = reports[0].occurred
    for report in reports[1:]:
        span = None if span is None else span.intersection(report.occurred)
    date_conflict = span is None
    occurred = _hull(r.occurred for r in reports) if span is None else span
    figures = [f for r in reports if (f := figure_of(r.event)) is not None]
    counted: Money | Factor | None = None
    chosen: Money | Factor | None = None
    figure_conflict = False
    if figures:
        bounds = [_bounds(f) for f in figures]
        lowest_high = min(high for _, high in bounds)
        highest_low = max(low for low, _ in bounds)
        figure_conflict = len({unit_of(f) for f in figures}) > 1 or highest_low > lowest_high
        if figure_conflict:
            chosen = min(figures, key=lambda f: (f.value, _precision_key(f)))
            counted = _lower_bound(chosen)
        else:
            chosen = counted = min(figures, key=_precision_key)

    def representative(report: Item) -> tuple[int, int, str]:
        same = chosen is not None and figure_of(report.event) == chosen
        return (0 if same else 1, report.occurred.width(), report.id)

    best = min(reports, key=representative)
    changes: dict[str, Any] = {"id": reports[0].id, "occurred": occurred}
    if counted is not None:
        changes["factor" if isinstance(counted, Factor) else "amount"] = counted
    event = attrs.evolve(best.event, **changes)
    corrected = sorted(r.corrects for r in reports if r.corrects is not None)
    return Item(
        id=reports[0].id,
        kind=best.kind,
        occurred=occurred,
        event=event,
        seq=min(r.seq for r in reports),
        event_ids=tuple(r.id for r in reports),
        sources=tuple(sorted((s for r in reports for s in r.sources), key=source_key)),
        shared=best.shared,
        corrects=corrected[0] if corrected else None,
        corroboration=len({_outlet(r) for r in reports}),
        conflict=date_conflict or figure_conflict,
        reports=tuple(reports),
    )


def merge_singles(reports: Sequence[Item]) -> list[Item]:
    """Merge single-report items with distinct ids into one item per fact (any order out)."""
    buckets: dict[tuple[str, tuple[str, ...]], list[Item]] = {}
    for report in reports:
        buckets.setdefault((report.kind, report.event.partners), []).append(report)
    merged: list[Item] = []
    for bucket in buckets.values():
        if len(bucket) == 1:
            merged.append(bucket[0])
            continue
        bucket.sort(key=bucket_key)
        for component in _cluster([Features(r) for r in bucket]):
            if len(component) == 1:
                merged.append(bucket[component[0]])
            else:
                merged.append(_combine([bucket[i] for i in component]))
    return merged


def merge_reports(items: Iterable[Item]) -> list[Item]:
    """One item per fact: the reports behind `items` merged by the rule of `same_fact`.

    A pure function of the set of reports: merged items (and the pledges a raise supersedes)
    are taken apart into their reports first, so merging is idempotent, and the reports are
    clustered in an order of their own content, so the result does not depend on the order
    of `items`. Reports are linked strongest relation first; a link that would join two
    reports of one article (or two currencies) is not made. A merged item's date is the
    intersection of its reports' dates (the sharpest report wins; when they do not meet, the
    span over all of them, in conflict); its amount is the most precise agreeing one (exact
    before qualified, more significant digits first), or, in conflict, the lowest reported,
    as a lower bound.

    Returned in chronological order (ties by id).
    """
    reports: dict[str, Item] = {}
    for item in items:
        for each in item.walk():
            single = attrs.evolve(each, supersedes=()) if each.supersedes else each
            for report in each.reports or (single,):
                held = reports.get(report.id)
                if held is None or (report.seq, report.corrects or "") < (
                    held.seq,
                    held.corrects or "",
                ):
                    reports[report.id] = report
    return sorted(merge_singles(list(reports.values())), key=canonical_key)


def bucket_key(item: Item) -> tuple[date, date, str]:
    """The order of reports within a merge bucket: by the latest day each allows (an undated
    "../2024-03-07" next to "2024-03-07"), then the earliest, then the id; content only."""
    span = item.occurred
    return (span.latest or span.earliest or date.max, span.earliest or date.min, item.id)
