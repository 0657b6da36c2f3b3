"""Pieces that make untrusted text safe: links, highlights, snippets, and the SVG charts."""

from __future__ import annotations

from datetime import date

import pytest

from claimgraph.present.web import render


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 "vbscript:x", "//evil.example/x", "/local", "http:/x", "java\nscript:x", ""])
def test_safe_url_refuses_everything_but_http_links(url: str) -> None:
    assert render.safe_url(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://example.org"])
def test_safe_url_keeps_http_links(url: str) -> None:
    assert render.safe_url(url) == url


def test_highlight_escapes_text_and_marks_spans() -> None:
    text = 'A <script>alert(1)</script> said "x" & <img src=x onerror=alert(2)> more.'
    start = text.index("said")
    html = str(render.highlight(text, [render.Span("c1", start, start + 10, "contested", 'tip "><b>')]))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'title="tip &#34;&gt;&lt;b&gt;"' in html
    assert html.count('<a class="hl st-contested"') == 1


def test_highlight_overlaps_point_at_the_shortest_claim() -> None:
    text = "0123456789abcdefghij"
    html = str(render.highlight(text, [render.Span("long", 0, 20, "corroborated", ""),
                                       render.Span("short", 5, 10, "contested", "")]))
    assert 'href="#claim-short"' in html and 'class="hl st-contested multi"' in html
    assert html.count('href="#claim-long"') == 2
    assert "".join(__import__("re").sub(r"<[^>]+>", "", html)) == text


def test_highlight_ignores_spans_outside_the_text() -> None:
    assert str(render.highlight("abc", [render.Span("x", 2, 9, "contested", "")])) == "abc"


def test_snippet_marks_only_matches() -> None:
    out = str(render.marked("a «<b>» c <i>"))
    assert out == "a <mark>&lt;b&gt;</mark> c &lt;i&gt;"


def test_svg_text_is_escaped() -> None:
    svg = str(render.relay_graph([["<script>x</script>", "Outlet & Co"]], "u1"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Outlet &amp; Co" in svg
    bar = render.Bar(date(2026, 3, 1), date(2026, 3, 31), "contested", "<b>", "<img onerror=x>", "javascript:x")
    tl = str(render.timeline([bar]))
    assert "<img" not in tl and "javascript:" not in tl and "<a " not in tl
    net = str(render.network("<c>", [("<n>", "ORG", 2, "/entities/x")]))
    assert "<c>" not in net and "&lt;n&gt;" in net
