"""Before parsing: find the dateline and site furniture, and blank them out with spaces.

Blanking (not deleting) keeps every character offset valid, so evidence spans still point into the
document text, while the parser no longer sees "SEOUL, March 11 (Meridian Wire) —" glued to the first
sentence or "Read More From Time" as a sentence of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from claimgraph.extract.lexicon import load

DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40}[A-Z.])"           # SEOUL / UNITED NATIONS / HONG KONG
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.’' ]{1,30}?))?"       # , South Korea / , Oct 6
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"    # , March 11
    r"(?:\s*\((?P<credit>[^)\n]{2,60})\))?"                # (Meridian Wire)
    r"\s*[—–-]{1,2}\s+",
    re.MULTILINE,
)


@dataclass
class Prepared:
    """The text the parser sees (same length as the original) and what was blanked."""

    text: str
    dateline_place: str | None = None
    dateline_credit: str | None = None
    blanked: list[tuple[int, int]] = field(default_factory=list)
    title_span: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def _furniture() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in load("furniture")["line_patterns"]]


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "".join(c if c == "\n" else " " for c in text[start:end]) + text[end:]


def prepare(text: str, title: str | None = None) -> Prepared:
    """Blank the dateline, furniture lines and a leading headline that repeats the title."""
    out = Prepared(text)
    # A headline repeated as the first line is a summary, not a sourced sentence of the report.
    first = re.match(r"\s*([^\n]+)\n", text)
    if first and title and _same(first.group(1), title):
        out.title_span = first.span(1)
        out.text = _blank(out.text, *first.span(1))
        out.blanked.append(first.span(1))
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and any(p.search(stripped) for p in _furniture()):
            s = pos + line.index(stripped)
            out.text = _blank(out.text, s, s + len(stripped))
            out.blanked.append((s, s + len(stripped)))
        pos += len(line) + 1
    for m in DATELINE.finditer(out.text):
        if m.start() > 600:  # a dateline opens the story
            break
        place = m.group("place").strip()
        if len(place) < 3 or not any(c.isalpha() for c in place) or place.count(" ") > 3:
            continue
        out.dateline_place = place.title()
        out.dateline_credit = (m.group("credit") or "").strip() or None
        out.text = _blank(out.text, m.start(), m.end())
        out.blanked.append((m.start(), m.end()))
        break
    return out


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b)
