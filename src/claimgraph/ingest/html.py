"""HTML pages: main text through trafilatura, date through htmldate, outlet and url from metadata.

Layered fallbacks (trafilatura, then plain lxml text of the body, then a streaming tag stripper) so
that broken markup still gives its text; only a page with no text at all becomes a Problem. Pages over
the HTML size limit skip the tree-building steps (trafilatura needs about 3 s per MB here) and go
straight to the tag stripper (one linear regex scan), which has no depth limit (100,000 nested divs)
and keeps at most the document size limit of text.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree

from claimgraph.ingest.decode import clean_inline, clean_text
from claimgraph.ingest.limits import limits
from claimgraph.ingest.records import finish_document, language_code
from claimgraph.model import Document, Problem

log = logging.getLogger(__name__)

#: Site furniture the fallback drops before taking the body's text.
FURNITURE = ("nav", "header", "footer", "script", "style", "noscript", "aside", "form", "template")
#: Elements after which the fallback text gets a line break, so paragraphs do not run together.
BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "section",
          "article", "table", "ul", "ol", "dd", "dt", "figcaption"}
#: Pages larger than this (characters of markup) are read by the tag stripper only.
DEFAULT_MAX_HTML_CHARS = 5_000_000


def max_html_chars() -> int:
    """The HTML size limit: CLAIMGRAPH_MAX_HTML_CHARS if it is a positive integer, else the default."""
    raw = os.environ.get("CLAIMGRAPH_MAX_HTML_CHARS", "")
    return int(raw) if raw.strip().isdigit() and int(raw) > 0 else DEFAULT_MAX_HTML_CHARS


#: One scan finds comments, whole script/style-like elements (their content is never text; unclosed, they
#: run to the end) and single tags. `[^<>]` keeps every attempt local, so the scan is linear in the page.
_STRIP_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|noscript|template)\b[^<>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>",
    re.DOTALL | re.IGNORECASE,
)
#: Furniture whose text the stripper skips, counted by depth (script and style are consumed by the scan).
_SKIPPED = set(FURNITURE) - {"script", "style", "noscript", "template"}


def stream_text(html: str, max_chars: int) -> tuple[str, bool]:
    """Text outside furniture, one line per block, from one regex scan over the tags (no tree: no nesting
    limit, linear time), and whether it is complete (False when it stopped after `max_chars` of text)."""
    parts: list[str] = []
    size, skip, pos = 0, 0, 0
    complete = True
    for m in _STRIP_TOKEN.finditer(html):
        if not skip and m.start() > pos:
            parts.append(html[pos : m.start()])
            size += m.start() - pos
        pos = m.end()
        name = (m[3] or "").lower()
        if name in _SKIPPED:
            skip = max(0, skip - 1) if m[2] else skip + 1
        elif name in BLOCKS and parts and parts[-1] != "\n":  # one break per run of block tags
            parts.append("\n")
            size += 1
        if size > max_chars:
            complete = False
            break
    else:
        if not skip:
            parts.append(html[pos:])
    text = "".join(parts)
    if len(text) > max_chars + 1000:  # entities and spaces still to collapse: keep a little slack
        text, complete = text[: max_chars + 1000], False
    lines = (" ".join(line.split()) for line in unescape(text).split("\n"))
    return "\n".join(line for line in lines if line), complete


def _has_words(text: str | None) -> bool:
    """Trafilatura sometimes returns a stray '<' for garbage input; require at least one letter or digit."""
    return bool(text) and any(ch.isalnum() for ch in text)


def _parse(html: str) -> Any | None:
    """An lxml tree for metadata and the fallback, or None when there is nothing to parse."""
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _meta(tree: Any, *selectors: tuple[str, str]) -> str | None:
    """First non-empty <meta> content among (attribute, value) selectors, e.g. ("property", "og:url")."""
    if tree is None:
        return None
    for attr, value in selectors:
        for el in tree.iter("meta"):
            if (el.get(attr) or "").strip().lower() == value:
                content = clean_inline(el.get("content") or "")
                if content:
                    return content
    return None


def page_url(tree: Any) -> str | None:
    """The page's own address: <link rel=canonical>, else og:url."""
    if tree is not None:
        for el in tree.iter("link"):
            rels = (el.get("rel") or "").lower().split()
            href = clean_inline(el.get("href") or "")
            if "canonical" in rels and href.startswith(("http://", "https://")):
                return href
    return _meta(tree, ("property", "og:url"), ("name", "og:url"))


def domain(url: str | None) -> str | None:
    """Host of a URL without 'www.', used as the outlet when the page does not name its site."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def fallback_text(tree: Any) -> str:
    """Text of <body> minus site furniture, one line per block element."""
    if tree is None:
        return ""
    body = tree.find(".//body")
    if body is None:
        body = tree
    for el in list(body.iter(*FURNITURE)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in body.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in body.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _trafilatura(html: str, url: str | None) -> Any | None:
    """Trafilatura's extraction, favouring precision; None on failure (it must never sink the file)."""
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            favor_precision=True,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # third-party parser on arbitrary markup: any failure means "use the fallback"
        log.debug("trafilatura failed: %s", err)
        return None


def _date(html: str, url: str | None) -> str | None:
    """Publication date from the page's markup (meta tags, time elements, URL).

    No extensive search: it reads dates off partial URLs and running text and pads them to a full
    day, which would invent precision; the text-based inference in finish_document covers that case.
    """
    try:
        return find_date(html, extensive_search=False, original_date=True, url=url)
    except Exception as err:  # htmldate on arbitrary markup: a failure only means "no date"
        log.debug("htmldate failed: %s", err)
        return None


def read_html(html: str, path: Path) -> Iterator[Document | Problem]:
    """One page, one article: trafilatura's main text, else the lxml fallback, else the streaming
    stripper, else a Problem. A page over the HTML size limit is read by the streaming stripper only."""
    source = str(path)
    html = clean_text(html)  # callers pass cleaned text; lxml raises on control characters if one does not
    meta: dict[str, Any] = {"path": source}
    incomplete = False  # the streaming stripper stopped before the end of the page
    oversized = len(html) > max_html_chars()
    if oversized:
        tree, extracted, text = None, None, ""
        meta["oversized_html"] = len(html)
    else:
        tree = _parse(html)
        extracted = _trafilatura(html, page_url(tree))
        text = clean_text(extracted.text or "").strip() if extracted is not None else ""
    url = page_url(tree)
    method = "trafilatura"
    if not _has_words(text) and tree is not None:
        text, method = clean_text(fallback_text(_parse(html))).strip(), "lxml-fallback"
    if not _has_words(text):
        streamed, complete = stream_text(html, limits().max_text_chars)
        text, method = clean_text(streamed).strip(), "stream-fallback"
        incomplete = not complete
    if not _has_words(text):
        yield Problem(source, "no article text found in HTML")
        return
    meta["extraction"] = method
    title = _meta(tree, ("property", "og:title"), ("name", "twitter:title"))
    if title is None and extracted is not None and extracted.title:
        title = clean_inline(extracted.title) or None
    if title is None and tree is not None and (t := tree.find(".//title")) is not None:
        title = clean_inline(t.text_content()) or None
    outlet = _meta(tree, ("property", "og:site_name"), ("name", "og:site_name")) or domain(url)
    if outlet is None and extracted is not None and extracted.sitename:
        outlet = clean_inline(extracted.sitename) or None
    lang = tree.get("lang") if tree is not None else None
    if extracted is not None and extracted.author:
        meta["author"] = clean_inline(extracted.author)
    yield finish_document(
        text,
        source=source,
        title=title,
        outlet=outlet,
        url=url,
        published=None if oversized else _date(html, url),
        language=language_code(lang),
        meta=meta,
        incomplete=incomplete,
    )
