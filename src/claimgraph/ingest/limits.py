"""Size and time limits on what ingest accepts, so one hostile or broken input cannot exhaust a run.

Every limit has a default sized for news (the longest real articles are well under 1 MB of text) and an
environment variable to change it without code. They are read when used, not at import, so a test or
a long-running process can change them.

- A file larger than `max_file_bytes` is rejected unread, with a one-line reason.
- A document whose extracted text is longer than `max_text_chars` is **truncated** at a word boundary
  and flagged in `meta["truncated"]` (the start of an oversized article is still evidence; a reject
  would lose it). The NLP stage never sees more than this many characters of one document. The default,
  1,000,000 characters (spaCy's own default ceiling), is far above any news article; the parse costs
  about 2.9 GB of memory at that size (0.7 GB at 200,000), so 5 MB would need some 14 GB.
- A document reading with more than `max_claims` claims keeps the first ones in text order and is
  flagged in `meta["claims_truncated"]`.
- A URL fetch gives up after `fetch_timeout_s` seconds and refuses bodies over `fetch_max_bytes`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: Environment variable → (field, type) for the overrides.
_ENV = {
    "CLAIMGRAPH_MAX_FILE_BYTES": "max_file_bytes",
    "CLAIMGRAPH_MAX_DOC_CHARS": "max_text_chars",
    "CLAIMGRAPH_MAX_CLAIMS": "max_claims",
    "CLAIMGRAPH_FETCH_TIMEOUT": "fetch_timeout_s",
    "CLAIMGRAPH_FETCH_MAX_BYTES": "fetch_max_bytes",
}


@dataclass(frozen=True)
class Limits:
    """The limits in force; `limits()` builds one from the defaults and the environment."""

    max_file_bytes: int = 64 * 1024 * 1024
    max_text_chars: int = 1_000_000
    max_claims: int = 2_000
    fetch_timeout_s: float = 10.0
    fetch_max_bytes: int = 10 * 1024 * 1024


def limits() -> Limits:
    """Defaults overridden by any CLAIMGRAPH_* variable that holds a positive number (others are ignored)."""
    values: dict[str, float | int] = {}
    for var, name in _ENV.items():
        raw = os.environ.get(var, "").strip()
        if not raw:
            continue
        kind = float if name.endswith("_s") else int
        try:
            value = kind(raw)
        except ValueError:
            continue
        if value > 0:
            values[name] = value
    return Limits(**values)  # type: ignore[arg-type]


def truncate_text(text: str, max_chars: int) -> tuple[str, bool]:
    """Cut `text` to at most `max_chars`, at the last whitespace in the final 1000 characters if any.

    Cutting at a word keeps the last token whole, so the reader does not see a half word; offsets into
    the kept text stay valid because only the tail is removed.
    """
    if len(text) <= max_chars:
        return text, False
    cut = max_chars
    space = max(text.rfind(" ", max_chars - 1000, max_chars), text.rfind("\n", max_chars - 1000, max_chars))
    if space > 0:
        cut = space
    return text[:cut].rstrip(), True
