"""Hostile article files, and the check that every one of them is handled cleanly.

`article_files` draws the bytes of an article file: random bytes; text built from hostile
pieces (right-to-left and zero-width marks, confusable letters, impossible dates, absurd
amounts, long runs of quotes, header lines that lie); or such text with invalid UTF-8 or
NUL bytes slipped in. `page_files` draws saved web pages made of such text and hostile
markup (unclosed and deeply nested tags, lying charsets and dates, comments, entities).
`check_article_file` runs one file through `load_article`, `extract` and `Timeline.ingest`
and says whether it was loaded or refused; anything else
(an exception that is not an `ArticleError` naming the file, a quote that is not the body's
text, a log that does not verify) fails an assertion.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from timeline.articles import load_article
from timeline.errors import ArticleError
from timeline.events import ArticleRecorded, Fact
from timeline.read import extract
from timeline.timeline import Timeline

__all__ = [
    "INJECTIONS",
    "INJECTION_COMMANDS",
    "MARKUP",
    "PIECES",
    "article_files",
    "check_article_file",
    "hostile_texts",
    "page_files",
]

#: Pieces of text that have broken parsers before, or might.
PIECES: tuple[str, ...] = (
    # the plain sentences they are mixed into
    "Belgium pledged EUR 5 million in military aid to Ukraine on 4 March 2024. ",
    "Ukraine and Denmark signed a memorandum on joint production in May 2024.\n",
    "Rheinmetall and Ukroboronprom established a joint venture.\n\n",
    # right-to-left, bidi overrides, zero-width and invisible marks
    "\u200f",
    "\u202e",
    "\u2066\u2069",
    "\u200b\u200c\u200d",
    "\ufeff",
    "\u00ad",
    # confusable letters: Cyrillic Er, o and a in Latin words; fullwidth; mathematical letters
    "\u0420\u043eland pledged aid to Ukr\u0430ine. ",
    "\uff22elgium",
    "\U0001d401\U0001d41e\U0001d425\U0001d420\U0001d422\U0001d42e\U0001d426",
    "e\u0301\u0301\u0301",
    # impossible or odd dates
    "on 31 February 2024",
    "on 30 February 2023",
    "2024-02-31",
    "29.02.2023",
    "0 March 0000",
    "in the year 99999",
    "on 2024-13-45",
    # absurd amounts
    "€99999999999999999999 billion",
    "$1e308 trillion",
    "EUR -5 million",
    "£0.000000001 billion",
    "UAH 9,999,999,999,999,999,999,999.99 trillion",
    "worth 10^999 dollars",
    # quotes, brackets, dots
    '"' * 500,
    "\u201c" * 300 + "\u201d" * 300,
    "\u00ab" * 200,
    "'" * 400,
    "(" * 300,
    "." * 500,
    "?!" * 200,
    "U.S. " * 100,
    # header lines that lie, line ends of every kind
    "published: 31 February 2024\n",
    "title: t\ntitle: again\n",
    "published:\n",
    "url: has spaces in it\n",
    "\r\n",
    "\r",
    "\x0c",
    "\t",
)


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """Text made of hostile pieces, plain sentences and arbitrary characters."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PIECES),
                st.text(max_size=40),
                st.builds(lambda piece, n: piece * n, st.sampled_from(PIECES), st.integers(2, 30)),
            ),
            min_size=1,
            max_size=25,
        )
    )
    return "".join(parts)


@st.composite
def article_files(draw: st.DrawFn) -> bytes:
    """The bytes of an article file: random, hostile text, or hostile text with bad bytes."""
    shape = draw(st.sampled_from(["bytes", "text", "text", "corrupted"]))
    if shape == "bytes":
        return draw(st.binary(max_size=3_000))
    data = draw(hostile_texts()).encode("utf-8")
    if shape == "corrupted":
        for _ in range(draw(st.integers(1, 4))):
            bad = draw(
                st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"\xe2\x82"])
            )
            at = draw(st.integers(0, len(data)))
            data = data[:at] + bad + data[at:]
    return data


#: Pieces of markup that have troubled HTML parsers and date finders, or might.
MARKUP: tuple[str, ...] = (
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<head>",
    "<body>",
    "<title>",
    "</title>",
    "<article>",
    "<p>",
    "</p>",
    "<div class='content'>",
    "</div>",
    "<nav><a href='/'>Home</a></nav>",
    "<footer>All rights reserved</footer>",
    "<meta charset='koi8-u'>",
    "<meta charset='no-such-charset'>",
    "<meta property='article:published_time' content='2024-02-30T25:61'>",
    "<time datetime='99999-01-01'>",
    "<script>var a = '</p>';</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&#1114112;",
    "<div>" * 50,
    "<p><b><i>",
)


@st.composite
def page_files(draw: st.DrawFn) -> bytes:
    """The bytes of a saved web page: hostile markup around hostile text, maybe corrupted."""
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(MARKUP), hostile_texts(), st.sampled_from(PIECES[:3])),
            min_size=1,
            max_size=30,
        )
    )
    data = "".join(parts).encode("utf-8")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
    return data


def check_article_file(path: Path, tl: Timeline) -> str:
    """Load, extract and ingest the file at `path` into `tl`; ``"loaded"`` or ``"refused"``.

    Fails an assertion unless the file is either refused with an `ArticleError` that names it
    and says why, or loaded, extracted into facts whose quotes are the body's text, and
    ingested into a log that still verifies.
    """
    try:
        article = load_article(path)
    except ArticleError as exc:
        message = str(exc)
        assert str(path) in message, message
        assert len(message) > len(str(path)) + 5, message
        return "refused"
    facts = extract(article)
    for fact in facts:
        assert isinstance(fact, Fact)
        source = fact.provenance
        assert source.start is not None
        assert source.end is not None
        assert article.body[source.start : source.end] == source.quote
    before = tl.log.last_seq
    result = tl.ingest(article, facts)
    added = [record.event for record in tl.log.read(after=before)]
    assert len(added) == int(result.new_article) + result.new_events
    if result.new_article:
        assert isinstance(added[0], ArticleRecorded)
        assert (added[0].article_id, added[0].body) == (article.id, article.body)
    verification = tl.verify()
    assert verification.ok, verification.reason
    return "loaded"


#: Text an attacker might hope to get into SQL through a command-line argument.
INJECTIONS = [
    "BE'; DROP TABLE records; --",
    'BE"; DELETE FROM records; --',
    "BE' OR '1'='1",
    "%",
    "_",
    "*",
    "BE\x00",
    "') UNION SELECT * FROM meta --",
]

#: Command lines that take partners, kinds, ids or dates; ``{}`` stands for the hostile text.
INJECTION_COMMANDS: list[list[str]] = [
    ["events", "--partner", "{}"],
    ["events", "--kind", "{}"],
    ["state", "{}"],
    ["state", "BE", "--as-of", "2024-01-01{}"],
    ["state", "BE", "--known-at", "{}"],
    ["state", "BE", "--recorded-by", "1{}"],
    ["history", "{}"],
    ["report", "--partner", "{}"],
    ["retract", "{}", "--reason", "{}"],
    ["extract", "{}"],
    ["ingest", "{}"],
    ["verify", "--expect-head", "1:{}"],
]
