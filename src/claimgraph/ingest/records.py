"""Turn one parsed record (a JSON object, a CSV row, front matter) into a Document.

JSONL, JSON and CSV dumps share field names (news-please's and plain ones), so they share this
mapping; the text readers reuse the same finishing steps (language, inferred date).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import py3langid

from claimgraph.ingest.dates import infer_published, normalize_published
from claimgraph.ingest.decode import clean_inline, clean_text
from claimgraph.ingest.limits import limits, truncate_text
from claimgraph.model import Document, Problem

TEXT_FIELDS = ("maintext", "text")
DATE_FIELDS = ("published", "date_publish", "date", "date_published")
ID_FIELDS = ("id", "filename")
#: Record fields consumed into Document attributes, so they are not repeated in meta.
CONSUMED = {*TEXT_FIELDS, *DATE_FIELDS, *ID_FIELDS, "title", "outlet", "url", "language"}
#: Detect the language on this many characters: enough for a stable guess, cheap on long articles.
LANGUAGE_WINDOW = 2000
MIN_LETTERS_FOR_LANGUAGE = 20
_LANG_CODE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*")


def as_str(value: Any) -> str | None:
    """Coerce a scalar field to a one-line string; drop containers, NaN and blanks (tolerate wrong types)."""
    if value is None or isinstance(value, dict | list | tuple | set):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_inline(str(value))
    return text or None


def language_code(value: Any) -> str | None:
    """A record's language as a lower-case ISO code ("en-US" → "en"); None if it is not code-like."""
    text = as_str(value)
    if text and (m := _LANG_CODE.fullmatch(text)):
        return m[1].lower()
    return None


def detect_language(text: str) -> str | None:
    """Guess the language with py3langid; None for text too short or letterless to judge."""
    sample = text[:LANGUAGE_WINDOW]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS_FOR_LANGUAGE:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)


def meta_value(value: Any) -> Any:
    """Keep JSON-friendly leftovers (scalars, lists of scalars) for meta; drop the rest."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, date):  # YAML front matter parses dates
        return value.isoformat()
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):  # nested containers are dropped before recursing: a YAML alias
        # bomb (lists of lists of lists, shared by reference) would otherwise cost exponential time
        kept = (meta_value(v) for v in value if not isinstance(v, list | tuple | dict | set))
        items = [v for v in kept if v is not None]
        return items or None
    return None


def finish_document(
    text: str,
    *,
    source: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: Any = None,
    published_inferred: bool = False,
    language: str | None = None,
    external_id: str | None = None,
    meta: dict[str, Any] | None = None,
    incomplete: bool = False,
) -> Document:
    """Build the Document from already-cleaned text, filling in language and an inferred date.

    The date is inferred only when none is given; the flag tells later stages it is a guess. Text over
    the document size limit is cut here, the one place every reader passes, and flagged in meta;
    `incomplete` says the reader already stopped early (and flags the document the same way).
    """
    meta = dict(meta or {})
    original = len(text)
    text, cut = truncate_text(text, limits().max_text_chars)
    if cut or incomplete:  # "chars": the full length, unknown (None) when the reader stopped early
        meta["truncated"] = {"chars": None if incomplete else original, "kept": len(text)}
    day = normalize_published(published)
    if day is None:
        day = infer_published(text)
        published_inferred = day is not None
    return Document.from_text(
        text,
        title=title,
        outlet=outlet,
        url=url,
        published=day,
        published_inferred=published_inferred,
        language=language or detect_language(text),
        external_id=external_id,
        source=source,
        meta=meta,
    )


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The first field among `keys` that has a usable (non-blank) value."""
    for key in keys:
        value = record.get(key)
        if as_str(value) is not None:
            return value
    return None


def document_from_record(record: Any, *, source: str, where: str | None, path: Path) -> Document | Problem:
    """Map a news-please or plain record to a Document, or a Problem when it has no text.

    `where` ("line 3", "row 4") prefixes the reason so it reads on its own in a report.
    """
    prefix = f"{where}: " if where else ""
    no_text = Problem(source, f"{prefix}record has no text field (maintext/text)")
    if not isinstance(record, Mapping):
        return no_text
    raw = next((record[k] for k in TEXT_FIELDS if isinstance(record.get(k), str) and record[k].strip()), None)
    if raw is None:
        return no_text
    text = clean_text(raw).strip()
    if not text:
        return no_text
    meta: dict[str, Any] = {"path": str(path)}
    for key, value in record.items():
        if str(key) in CONSUMED:
            continue
        if (kept := meta_value(value)) is not None:
            meta[str(key)] = kept
    return finish_document(
        text,
        source=source,
        title=as_str(record.get("title")),
        outlet=as_str(record.get("outlet")) or as_str(record.get("source_domain")),
        url=as_str(record.get("url")),
        published=next((d for k in DATE_FIELDS if (d := normalize_published(record.get(k)))), None),
        language=language_code(record.get("language")),
        external_id=as_str(_first(record, ID_FIELDS)),
        meta=meta,
    )
