"""Plain text and Markdown articles, with optional YAML front matter for their metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from claimgraph.ingest.decode import clean_text
from claimgraph.ingest.records import as_str, finish_document, language_code, meta_value
from claimgraph.model import Document, Problem

#: A title line must be shorter than this; longer first lines are a lead paragraph, not a headline.
MAX_TITLE_CHARS = 200
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_SPACES = re.compile(r"[^\S\n]*")
_BLANK_LINE = re.compile(r"[^\S\n]*(?:\n|\Z)")
_FRONT_KEYS = {"id", "title", "outlet", "published", "date", "url", "language"}


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as text: a bad date ("2022-02-30") must not cost the article.

    normalize_published reads the ISO strings exactly as it read the date objects before.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """Split `--- yaml ---` off the top: (fields, body, error).

    Front matter that is not a YAML mapping is kept out of the body but reported in meta, because the
    article itself is still readable.
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text, None
    body = text[m.end() :]
    loader: _FrontMatterLoader | None = None
    try:  # what yaml.load does, with our SafeLoader subclass (the constructor already checks characters)
        loader = _FrontMatterLoader(m.group(1) or "")
        fields = loader.get_single_data() or {}
    except (yaml.YAMLError, ValueError, RecursionError) as err:  # ValueError: an explicit !!timestamp
        return {}, body, " ".join(f"invalid YAML front matter: {err}".split())[:300]
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(fields, dict):
        return {}, body, "front matter is not a mapping"
    return {str(k): v for k, v in fields.items()}, body, None


def guess_title(body: str) -> str | None:
    """The first non-empty line, if it is short and followed by a blank line (a headline).

    Walks line by line with offsets instead of splitting, so a huge one-line body is never copied.
    """
    pos = 0
    while pos <= len(body):
        end = body.find("\n", pos)
        end = len(body) if end < 0 else end
        first = _SPACES.match(body, pos).end()  # type: ignore[union-attr]  # always matches
        if first >= end:  # a blank line
            pos = end + 1
            continue
        last = end
        while body[last - 1].isspace():
            last -= 1
        if last - first >= MAX_TITLE_CHARS or end >= len(body):
            return None
        line = body[first:last]
        return (line.lstrip("#").strip() or None) if _BLANK_LINE.match(body, end + 1) else None
    return None


def read_text(text: str, path: Path) -> Iterator[Document | Problem]:
    """One file, one article: front matter supplies metadata, the body is the Document text."""
    source = str(path)
    fields, body, error = split_front_matter(text)
    body = clean_text(body).strip()
    if not body:
        yield Problem(source, "empty file" if not fields and not error else "no text after front matter")
        return
    meta: dict[str, Any] = {"path": source}
    if error:
        meta["front_matter_error"] = error
    for key, value in fields.items():
        if key not in _FRONT_KEYS and (kept := meta_value(value)) is not None:
            meta[key] = kept
    published = fields.get("published")
    if published is None:
        published = fields.get("date")
    yield finish_document(
        body,
        source=source,
        title=as_str(fields.get("title")) or guess_title(body),
        outlet=as_str(fields.get("outlet")),
        url=as_str(fields.get("url")),
        published=published,
        language=language_code(fields.get("language")),
        external_id=as_str(fields.get("id")),
        meta=meta,
    )
