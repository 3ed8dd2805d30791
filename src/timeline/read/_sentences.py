"""Splitting an article body into sentences that keep their offsets.

A body is first cut into lines. A line break ends a sentence (scraped articles put each
paragraph, heading and photo caption on a line of its own) unless the line reads as
hard-wrapped prose: it does not end in punctuation and the next line goes on in lower case,
or it ends in a comma or a word that cannot end a heading ("the", "of", "and" ...).

Within a paragraph a sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or
brackets) followed by white space and an upper-case letter, a digit or an opening quote,
unless the word before the full stop is an abbreviation: titles ("Lt.", "Gen.", "Dr."),
month names ("Jan."), "No." before a number, single initials ("R.") and dotted acronyms
("U.S.", "p.m."), which end a sentence only before a word that typically opens one.

Every step is a linear scan, so a body of megabytes splits in well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

__all__ = ["Sentence", "split_sentences"]


@attrs.frozen
class Sentence:
    """A sentence of a body: ``body[start:end] == text``, without surrounding white space.

    ``paragraph`` numbers the paragraphs (blocks of text between blank lines or line
    breaks that end a sentence) from 0; sentences of one paragraph share it.
    """

    start: int
    end: int
    text: str
    paragraph: int = 0


# A candidate sentence end: terminal punctuation, closing quotes or brackets, then a space.
# Only from the start of a run of stops, and without giving any back: a line of 20,000 dots is
# one linear scan, not 20,000 of them.
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”\u2019»)\]]*+(?=\s)")
# What may open the next sentence.
_OPENER = re.compile(r"\s+[\"'“\u2018«(\[]?[A-Z0-9\u0400-\u042f\u00c0-\u00de]")
# The word just before a full stop (letters and inner dots), read backwards from the stop.
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# The next word after a candidate end.
_NEXT_WORD = re.compile(r"\s+[\"'“\u2018«(\[]?([A-Za-z]+)")

_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "lt",
        "gen",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "pres",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "rev",
        "hon",
        "gen",
        "brig",
        "lieut",
        "corp",
        "inc",
        "ltd",
        "co",
        "bros",
        "dept",
        "est",
        "approx",
        "fig",
        "vol",
        "art",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vs",
        "cf",
        "al",
    ]
)
# Words that open a sentence after a dotted acronym ("... the U.S. The talks ...").
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "this",
        "that",
        "these",
        "those",
        "there",
        "in",
        "on",
        "at",
        "but",
        "and",
        "however",
        "meanwhile",
        "earlier",
        "later",
        "also",
        "after",
        "before",
        "since",
        "when",
        "while",
        "according",
        "as",
        "for",
        "if",
    ]
)
# A line ending in one of these words is hard-wrapped prose, not a heading.
_CONTINUES = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "that",
        "which",
        "who",
        "whose",
        "its",
        "their",
        "his",
        "her",
        "our",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
        "will",
        "would",
        "said",
    ]
)
_LOOKBACK = 40


def _is_abbreviation(text: str, stop: int, after: int) -> bool:
    """True when the full stop at ``text[stop]`` closes an abbreviation, not a sentence."""
    if text[stop] != ".":
        return False
    found = _WORD_BEFORE.search(text, max(0, stop - _LOOKBACK), stop)
    if found is None:
        return False
    word = found.group(1)
    lower = word.lower()
    if lower == "no":
        return after < len(text) and bool(re.match(r"\s*\d", text[after : after + 4]))
    if lower in _TITLES and "." not in word:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Joe R. Biden"
    if "." in word:  # U.S, p.m, e.g
        next_word = _NEXT_WORD.match(text, after)
        return next_word is None or next_word.group(1).lower() not in _STARTERS
    return False


def _sentence_ends(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets in ``text[start:end]`` just after each sentence-ending punctuation run."""
    for match in _END.finditer(text, start, end):
        stop = match.start()
        after = match.end()
        if _OPENER.match(text, after, end) is None:
            continue
        # the last full stop of the run decides ("etc.)" or "U.S.")
        last = match.group().rfind(".")
        if last >= 0 and _is_abbreviation(text, stop + last, after):
            continue
        yield after


def _line_continues(line: str, next_line: str) -> bool:
    """True when a line break between `line` and `next_line` is a hard wrap inside prose."""
    tail = line.rstrip()
    head = next_line.lstrip()
    if not tail or not head:
        return False
    if tail[-1] in '.!?:;"”\u2019»)':
        return False
    if tail[-1] == "," or head[0].islower():
        return True
    last_word = tail.rsplit(None, 1)[-1].lower()
    return last_word in _CONTINUES


_LINE = re.compile(r"[^\n]+")


def _paragraphs(body: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each paragraph: lines joined where they are hard-wrapped."""
    block_start: int | None = None
    block_end = 0
    previous = ""
    for match in _LINE.finditer(body):
        line = match.group()
        if not line.strip():
            if block_start is not None:
                yield block_start, block_end
                block_start = None
            continue
        if block_start is not None and (
            match.start() - block_end > 1 or not _line_continues(previous, line)
        ):
            yield block_start, block_end
            block_start = None
        if block_start is None:
            block_start = match.start()
        block_end = match.end()
        previous = line
    if block_start is not None:
        yield block_start, block_end


def _strip(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order, each with its offsets: ``text[s.start:s.end] == s.text``.

    >>> text = "The U.S. and Lt. Gen. Smith met. Shells No. 15 cost $2.5 bn."
    >>> [s.text for s in split_sentences(text)]
    ['The U.S. and Lt. Gen. Smith met.', 'Shells No. 15 cost $2.5 bn.']
    >>> [s.text for s in split_sentences("A heading\\n\\nFirst line.\\nPhoto: a caption")]
    ['A heading', 'First line.', 'Photo: a caption']
    """
    sentences: list[Sentence] = []
    for number, (block_start, block_end) in enumerate(_paragraphs(text)):
        start = block_start
        for cut in _sentence_ends(text, block_start, block_end):
            s, e = _strip(text, start, cut)
            if s < e:
                sentences.append(Sentence(s, e, text[s:e], number))
            start = cut
        s, e = _strip(text, start, block_end)
        if s < e:
            sentences.append(Sentence(s, e, text[s:e], number))
    return sentences
