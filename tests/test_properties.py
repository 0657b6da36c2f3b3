"""Property-based tests (hypothesis) of every reader and of the date and quantity normalizers: on any
input no exception escapes, and what comes out is well formed.

Example counts are bounded (EXAMPLES) so the suite stays fast; in CI (CI=true) the examples are
derandomized, so a run there is reproducible, while local runs keep exploring new inputs.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.extract.quantities import find_quantities, parse_number
from claimgraph.extract.timex import find_timexes, parse_reference, resolve
from claimgraph.ingest.csv import read_csv
from claimgraph.ingest.dates import infer_published, normalize_published
from claimgraph.ingest.decode import DecodeError, clean_file, clean_text, decode_bytes
from claimgraph.ingest.html import read_html, stream_text
from claimgraph.ingest.jsonl import read_json, read_jsonl
from claimgraph.ingest.text import read_text
from claimgraph.model import Document, Problem

EXAMPLES = 150
SLOW_EXAMPLES = 60  # html (trafilatura) and spaCy parses cost milliseconds each
PROPS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=bool(os.environ.get("CI")),
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(PROPS, max_examples=SLOW_EXAMPLES)
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# --- strategies -------------------------------------------------------------------------------------------

#: Any text, including controls, RTL and zero-width characters and lone surrogates' neighbours.
any_text = st.text(st.characters(codec=None, exclude_categories=["Cs"]), max_size=300)
#: Words readers and normalizers react to, so random inputs reach the interesting branches.
NEWS_WORDS = ["said", "last", "next", "this", "on", "in", "since", "early", "late", "Monday", "March", "May",
              "may", "spring", "winter", "yesterday", "today", "2024", "1999", "0000", "9999", "32", "13", "12",
              "1e400", "NaN", "inf", "-0", "the", "1990s", "about", "more", "than", "million", "dozen", "half",
              "a", "hundred", "$", "4.5bn", "1,000", "percent", "%", "workers", "barrels", "April 25, 2024",
              "25/04/2024", "32/13/2022", "2024-02-30", "2024-04", "week", "month", "year", "ago", ",", ".", "\n"]
news_text = st.lists(st.one_of(st.sampled_from(NEWS_WORDS), any_text.map(lambda s: s[:12])), max_size=40).map(
    " ".join)
HTML_BITS = ["<html>", "<html lang='en-GB'>", "<head>", "<title>", "</title>", "<body>", "</body>", "<div>",
             "</div>", "<p>", "</p>", "<br>", "<script>", "</script>", "<style>", "<nav>", "</nav>", "<!--", "-->",
             "<", ">", "&amp;", "&#0;", "&#99999999;", "&bogus;", "<meta property='og:url' content='http://[::1'>",
             "<meta property='og:site_name' content=''>", "<link rel=canonical href='https://exa mple/ü'>",
             "<time datetime='2024-02-30'>", "<meta name='date' content='32/13/2022'>", "<![CDATA[", "]]>",
             "<?xml version='1.0'?>", "<svg><foreignObject>", "<table><tr><td>", "\u202e", "\x00", "\ufeff"]
html_text = st.lists(st.one_of(st.sampled_from(HTML_BITS), news_text), max_size=30).map("".join)
FIELDS = ["id", "text", "maintext", "title", "outlet", "url", "published", "date_publish", "language",
          "source_domain", "date"]
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                        any_text, news_text)
json_value = st.recursive(json_scalar, lambda c: st.one_of(st.lists(c, max_size=4),
                                                          st.dictionaries(st.sampled_from(FIELDS) | any_text, c,
                                                                          max_size=5)), max_leaves=12)
json_record = st.dictionaries(st.sampled_from(FIELDS), json_value, max_size=8)
jsonl_line = st.one_of(json_record.map(json.dumps), json_value.map(json.dumps), any_text.map(lambda s: s[:80]))


def _well_formed(items: list[Document | Problem]) -> tuple[list[Document], list[Problem]]:
    """What every reader promises: Documents with text and a valid date, Problems with a one-line reason."""
    docs, problems = [], []
    for item in items:
        if isinstance(item, Problem):
            assert item.source and item.reason and item.reason == " ".join(item.reason.split()), item
            problems.append(item)
            continue
        assert isinstance(item, Document), item
        assert item.text.strip() and item.id.startswith("d")
        assert item.text == clean_text(item.text)  # no control or zero-width characters survive
        _check_published(normalize_published(item.published) if item.published else None)
        json.dumps(item.meta, allow_nan=False)  # meta is storable JSON: no NaN, no objects
        docs.append(item)
    return docs, problems


def _check_published(value: str | None) -> None:
    if value is None:
        return
    m = _ISO.fullmatch(value)
    assert m, value
    year = int(m[1])
    assert 1000 <= year <= 2999, value
    if m[3]:
        date(year, int(m[2]), int(m[3]))  # a real calendar day
    elif m[2]:
        assert 1 <= int(m[2]) <= 12, value


# --- readers ----------------------------------------------------------------------------------------------


@PROPS
@given(st.one_of(any_text, news_text, st.builds(lambda fm, body: f"---\n{fm}\n---\n{body}", any_text, news_text)))
def test_text_reader(text: str) -> None:
    docs, problems = _well_formed(list(read_text(text, Path("x.md"))))
    assert len(docs) + len(problems) == 1


@SLOW
@given(html_text)
def test_html_reader(html: str) -> None:
    docs, problems = _well_formed(list(read_html(html, Path("x.html"))))
    assert len(docs) + len(problems) == 1


@PROPS
@given(html_text, st.integers(1, 200))
def test_tag_stripper(html: str, limit: int) -> None:
    text, complete = stream_text(html, limit)
    assert "\n\n" not in text and text == text.strip()
    if complete:
        assert len(text) <= len(html)


@PROPS
@given(st.lists(jsonl_line, max_size=12))
def test_jsonl_reader_gives_one_item_per_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    docs, problems = _well_formed(list(read_jsonl(text, Path("x.jsonl"))))
    assert len(docs) + len(problems) == sum(1 for line in text.split("\n") if line.strip())


@PROPS
@given(st.one_of(json_value.map(json.dumps), st.lists(json_record, max_size=5).map(json.dumps), any_text))
def test_json_reader(text: str) -> None:
    _well_formed(list(read_json(text, Path("x.json"))))


@PROPS
@given(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=6, unique=True),
       st.lists(st.lists(st.one_of(news_text, any_text), max_size=7), max_size=8))
def test_csv_reader(header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    docs, problems = _well_formed(list(read_csv(clean_file(buf.getvalue()), Path("x.csv"))))
    assert len(docs) <= len(rows)


@PROPS
@given(st.binary(max_size=400))
def test_decoder_gives_text_or_a_one_line_reason(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except DecodeError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert isinstance(text, str)


# --- dates ------------------------------------------------------------------------------------------------

date_like = st.one_of(
    st.from_regex(r"\A-?\d{1,5}[-/. ]\d{1,3}[-/. ]\d{1,5}\Z"),
    st.from_regex(r"\A\d{1,8}\Z"),
    st.builds(lambda d, m, y: f"{d} {m} {y}", st.integers(-1, 40), st.sampled_from(NEWS_WORDS), st.integers(0, 10**5)),
    news_text,
)


@PROPS
@given(st.one_of(json_value, st.dates(), st.datetimes(), date_like))
def test_publication_dates_are_valid_or_unknown(value: object) -> None:
    _check_published(normalize_published(value))


@PROPS
@given(news_text)
def test_inferred_dates_are_full_and_valid(text: str) -> None:
    found = infer_published(text)
    _check_published(found)
    assert found is None or len(found) == 10


published = st.one_of(st.none(), st.dates().map(date.isoformat), st.dates().map(lambda d: d.isoformat()[:7]),
                      st.integers(1, 9999).map(lambda y: f"{y:04d}"), date_like)


@PROPS
@given(news_text, published, st.booleans())
def test_time_expressions_resolve_to_ordered_spans_inside_the_text(text: str, pub: str | None,
                                                                   future: bool) -> None:
    found = find_timexes(text)
    assert found == sorted(found, key=lambda t: t.start)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start  # no overlaps
    for t in found:
        assert 0 <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text
        span = resolve(t, pub, future=future)
        if span is not None:
            assert span.start <= span.end, (t, pub, span)
    ref = parse_reference(pub)
    assert ref is None or ref[0] <= ref[1]


# --- quantities -------------------------------------------------------------------------------------------

#: Digit runs up to 400 long: float() turns the longest into inf, which no quantity may be.
huge_digits = st.integers(1, 400).map(lambda n: "9" * n)
number_word = st.one_of(st.sampled_from(NEWS_WORDS), huge_digits, any_text.map(lambda s: s[:6]),
                        st.from_regex(r"\A\d{1,20}(\.\d{1,20})?(m|bn|k)?\Z"))


@PROPS
@given(st.lists(number_word, max_size=8))
def test_parsed_numbers_are_finite(words: list[str]) -> None:
    value = parse_number(words)
    assert value is None or (math.isfinite(value) and value >= 0), (words, value)


@SLOW
@given(st.lists(st.one_of(st.sampled_from(NEWS_WORDS), huge_digits), max_size=25).map(" ".join))
def test_quantities_in_parsed_text_are_finite_and_in_the_text(text: str) -> None:
    from claimgraph import nlp

    doc = nlp.get_nlp()(text)
    for quantity, token in find_quantities(list(doc), set()):
        assert math.isfinite(quantity.value) and quantity.value >= 0, quantity
        assert quantity.text and quantity.text in text
        assert token.doc is doc


def test_a_form_feed_inside_a_csv_field_stays_in_its_row() -> None:
    """Found by test_csv_reader: the whole-file clean once turned the form feed into a newline, and the
    unquoted field split into two rows."""
    docs, _ = _well_formed(list(read_csv(clean_file('text\r\n0\x0c said\r\n'), Path("x.csv"))))
    assert [d.text for d in docs] == ["0\n said"]
