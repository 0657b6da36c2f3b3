"""Ingest happy paths: each format, metadata mapping, idempotent ids, dates, language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.ingest import read_path, read_paths
from claimgraph.ingest.dates import infer_published, normalize_published
from claimgraph.model import Document, document_id

BODY = (
    "North Korea has sent about 400 workers to seafood-processing plants in China, a defector-run "
    "website reported on Tuesday, citing sources inside the country. The workers left Sinuiju in early "
    "March and were taken by bus across the border to Dandong."
)


def docs(*paths: Path) -> list[Document]:
    """Read and insist that nothing came back as a Problem."""
    out = list(read_paths(paths))
    assert all(isinstance(d, Document) for d in out), out
    return [d for d in out if isinstance(d, Document)]


def test_text_with_front_matter(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text(
        "---\nid: art-1\ntitle: Workers sent to China\noutlet: Meridian Wire\npublished: 2025-03-11\n"
        "url: https://example.com/a\nlanguage: en\nauthor: Kim\n---\n\n" + BODY + "\n",
        encoding="utf-8",
    )
    [d] = docs(f)
    assert d.text == BODY
    assert (d.title, d.outlet, d.url, d.external_id) == ("Workers sent to China", "Meridian Wire",
                                                         "https://example.com/a", "art-1")
    assert d.published == "2025-03-11" and not d.published_inferred
    assert d.language == "en" and d.source == str(f)
    assert d.id == document_id(BODY)
    assert d.meta["author"] == "Kim" and d.meta["path"] == str(f)


def test_text_without_front_matter_title_and_inferred_date(tmp_path: Path) -> None:
    f = tmp_path / "b.txt"
    content = "Workers sent to China\r\n\r\nSEOUL, March 11, 2025 - " + BODY + "\r\n"
    f.write_bytes(content.encode("utf-8"))
    [d] = docs(f)
    assert d.title == "Workers sent to China"
    assert d.text.startswith("Workers sent to China\n\nSEOUL") and "\r" not in d.text
    assert d.published == "2025-03-11" and d.published_inferred
    assert d.external_id is None


def test_no_title_when_first_line_runs_on(tmp_path: Path) -> None:
    f = tmp_path / "c.txt"
    f.write_text(BODY + "\nSecond line.\n", encoding="utf-8")
    [d] = docs(f)
    assert d.title is None
    assert d.published is None and not d.published_inferred  # no year in the text: nothing inferred


def test_zero_width_and_control_characters_are_stripped(tmp_path: Path) -> None:
    f = tmp_path / "z.txt"
    f.write_text("Pyong\u200byang\x07 said\tMonday.\n\n" + BODY, encoding="utf-8")
    [d] = docs(f)
    assert d.text.startswith("Pyongyang said\tMonday.\n\n")


def test_jsonl_news_please_and_plain_fields(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    news_please = {"id": "np-1", "title": "T1", "maintext": BODY, "date_publish": "2024-04-25 10:00:00",
                   "source_domain": "example.com", "url": "https://example.com/1", "language": "en",
                   "authors": ["A. Writer"]}
    plain = {"id": 7, "text": BODY + " More.", "published": "April 2024", "outlet": "Plain Times",
             "source_domain": "plain.example", "title": 12}
    f.write_text(json.dumps(news_please) + "\n\n" + json.dumps(plain) + "\n", encoding="utf-8")
    d1, d2 = docs(f)
    assert (d1.external_id, d1.title, d1.outlet, d1.published, d1.url) == (
        "np-1", "T1", "example.com", "2024-04-25", "https://example.com/1")
    assert d1.meta["source_domain"] == "example.com" and d1.meta["authors"] == ["A. Writer"]
    assert d1.source == f"{f}:line 1"
    assert (d2.external_id, d2.title, d2.outlet, d2.published) == ("7", "12", "Plain Times", "2024-04")
    assert d2.source == f"{f}:line 3"


def test_json_list_and_single_record(tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": BODY}, {"maintext": BODY + " Two."}]), encoding="utf-8")
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"filename": "x.html", "maintext": BODY, "date": 2024}), encoding="utf-8")
    a, b, c = docs(many, one)
    assert a.text == BODY and b.text.endswith("Two.")
    assert c.external_id == "x.html" and c.published == "2024"


def test_csv_with_sniffed_dialect(tmp_path: Path) -> None:
    f = tmp_path / "dump.csv"
    f.write_text(
        "id;title;text;published;outlet\n"
        f'r1;"Title; with semicolon";"{BODY}\nSecond paragraph.";2024-04-25;Wire\n'
        f"r2;Other;{BODY} Again.;;Wire\n",
        encoding="utf-8",
    )
    d1, d2 = docs(f)
    assert d1.title == "Title; with semicolon" and d1.text.endswith("\nSecond paragraph.")
    assert d1.published == "2024-04-25" and d1.source == f"{f}:row 2" and d1.external_id == "r1"
    assert d2.published is None and d2.source == f"{f}:row 3"


def test_tsv_and_huge_field(tmp_path: Path) -> None:
    f = tmp_path / "dump.tsv"
    big = (BODY + " ") * 2000  # ~470 KB, above csv's default field limit
    f.write_text(f"id\tmaintext\nbig\t{big.strip()}\n", encoding="utf-8")
    [d] = docs(f)
    assert len(d.text) > 131072 and d.external_id == "big"


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Workers sent abroad | Example News</title>
<meta property="og:title" content="Workers sent abroad">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://www.example-news.com/world/workers">
<meta property="article:published_time" content="2024-04-25T10:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World news menu</a> Subscribe now</nav></header>
<article><h1>Workers sent abroad</h1>
<p>North Korea has sent about 400 workers to seafood-processing plants in China, a defector-run website
reported on Tuesday, citing sources inside the country.</p>
<p>The workers left Sinuiju in early March, the report said, and were taken by bus across the border to
Dandong, where they are housed in dormitories near the plants.</p>
<p>China's foreign ministry did not respond to a request for comment on the report.</p></article>
<footer>Copyright 2024 Example News. All rights reserved. Privacy policy.</footer>
</body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(HTML_PAGE, encoding="utf-8")
    [d] = docs(f)
    assert "400 workers" in d.text and "foreign ministry" in d.text
    for furniture in ("Subscribe", "menu", "Copyright", "Privacy"):
        assert furniture not in d.text
    assert d.title == "Workers sent abroad"
    assert d.outlet == "Example News"
    assert d.url == "https://www.example-news.com/world/workers"
    assert d.published == "2024-04-25" and not d.published_inferred
    assert d.language == "en"


def test_html_outlet_falls_back_to_domain(tmp_path: Path) -> None:
    f = tmp_path / "page.htm"
    f.write_text(HTML_PAGE.replace('<meta property="og:site_name" content="Example News">', ""), "utf-8")
    [d] = docs(f)
    assert d.outlet == "example-news.com"


def test_ids_are_idempotent(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    first = [d.id for d in docs(tmp_path)]
    again = [d.id for d in docs(tmp_path)]
    assert first == again and len(set(first)) == 1


def test_walk_is_sorted_and_skips_hidden_and_readmes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this corpus\n\nNot an article.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY + " B", encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY + " A", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text(BODY + " C", encoding="utf-8")
    assert [Path(d.source or "").name for d in docs(tmp_path)] == ["a.txt", "b.txt", "c.txt"]


def test_non_english_language_detected(tmp_path: Path) -> None:
    f = tmp_path / "de.txt"
    f.write_text(
        "Nordkorea hat nach Angaben einer Website rund 400 Arbeiter in Fischfabriken in China geschickt. "
        "Die Arbeiter seien Anfang März über die Grenze nach Dandong gebracht worden, hieß es.",
        encoding="utf-8",
    )
    [d] = read_path(f)
    assert isinstance(d, Document) and d.language == "de"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-25", "2024-04-25"),
        ("2024-04-25T10:00:00Z", "2024-04-25"),
        ("2024-04-25 10:00:00", "2024-04-25"),
        ("2024-04", "2024-04"),
        ("April 2024", "2024-04"),
        ("2024", "2024"),
        ("25 April 2024", "2024-04-25"),
        ("April 25, 2024", "2024-04-25"),
        ("Monday, 25 April 2024 10:00", "2024-04-25"),
        ("25/04/2024", "2024-04-25"),
        (2024, "2024"),
        ("32/13/2022", None),
        ("05/04/2024", None),  # day and month could be swapped: no guess
        ("April 25", None),  # no year: never filled in from today
        ("yesterday", None),
        ("", None),
        ("unknown", None),
        (1e400, None),
        (None, None),
        ([2024], None),
    ],
)
def test_normalize_published(value: object, expected: str | None) -> None:
    assert normalize_published(value) == expected


def test_infer_published_needs_a_full_date() -> None:
    assert infer_published("WASHINGTON, March 11, 2025 — The envoy said...") == "2025-03-11"
    assert infer_published("Posted 11 March 2025. The envoy said...") == "2025-03-11"
    assert infer_published("Updated 2025-03-11: the envoy said...") == "2025-03-11"
    assert infer_published("SEOUL, March 11 (Reuters) - In 2025 the envoy said...") is None
    assert infer_published("x" * 500 + " March 11, 2025") is None



def test_html_fallback_drops_site_furniture() -> None:
    from claimgraph.ingest.html import _parse, fallback_text

    tree = _parse("<html><body><header>Menu</header><nav>Home</nav><div><p>First para.<p>Second para."
                  "<script>var x;</script></div><footer>Copyright</footer></body></html>")
    assert fallback_text(tree) == "First para.\nSecond para."


def test_json_file_holding_json_lines(tmp_path: Path) -> None:
    f = tmp_path / "lines.json"
    f.write_text(json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY + " Two."}) + "\n", "utf-8")
    assert [d.source for d in docs(f)] == [f"{f}:line 1", f"{f}:line 2"]


def test_invalid_front_matter_keeps_the_article(tmp_path: Path) -> None:
    f = tmp_path / "bad-front.md"
    f.write_text("---\ntitle: [unclosed\n---\n" + BODY, encoding="utf-8")
    [d] = docs(f)
    assert d.text == BODY and "front_matter_error" in d.meta and "\n" not in d.meta["front_matter_error"]
