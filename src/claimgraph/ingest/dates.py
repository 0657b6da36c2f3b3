"""Publication dates at exactly the precision the source gives.

A later stage resolves "last month" or "Monday" against the publication date, so a day or month
made up here would turn into a wrong claim date there: we keep "2024-04" as "2024-04".
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

MIN_YEAR, MAX_YEAR = 1000, 2999
#: Languages tried for written-out dates ("25. April 2024", "25 avril 2024"); a short list keeps it fast.
DATE_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl", "ko", "ja", "zh"]

_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:[T ]|\s+).*)?")
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY_IN_TEXT = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th|\.)?(?!\d)")

_MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:t(?:ember)?|\.)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
#: Explicit full dates in running text: "March 11, 2025", "11 March 2025", "2025-03-11".
_TEXT_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)


def _day(y: int, m: int, d: int) -> str | None:
    """An ISO day, or None when it is not a real calendar day."""
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    """One dateparser instance: building it loads locale data, which is slow."""
    return DateDataParser(
        languages=DATE_LANGUAGES,
        settings={"REQUIRE_PARTS": ["year"], "RETURN_TIME_AS_PERIOD": True},
    )


def _from_number(value: float) -> str | None:
    """A bare year (2024) or a Unix timestamp in seconds or milliseconds (exact, so full precision)."""
    if not math.isfinite(value) or value != int(value):
        return None
    n = int(value)
    if MIN_YEAR <= n <= MAX_YEAR:
        return str(n)
    if 1e8 <= n < 1e11:
        return datetime.fromtimestamp(n, tz=UTC).date().isoformat()
    if 1e11 <= n < 1e14:
        return datetime.fromtimestamp(n / 1000, tz=UTC).date().isoformat()
    return None


def _from_words(text: str) -> str | None:
    """Written-out dates via dateparser, truncated to the precision the string actually carries.

    dateparser fills in missing parts from today's date ("April 2024" → the 23rd), and reads "April 25"
    as April 2025, so we only trust a result whose year is written out in the string, and a day only
    when a day number is there too.
    """
    years = _YEAR_IN_TEXT.findall(text)
    if len(years) != 1:
        return None
    try:
        data = _parser().get_date_data(text)
    except Exception:  # dateparser can raise on odd input; an unparsable date is just unknown
        return None
    when = data.date_obj
    if when is None or when.year != int(years[0]) or not MIN_YEAR <= when.year <= MAX_YEAR:
        return None
    period = data.period
    has_day = bool(_DAY_IN_TEXT.search(_YEAR_IN_TEXT.sub(" ", text)))
    if period in ("day", "time") and has_day:
        return when.date().isoformat()
    if period in ("day", "time", "month"):
        return f"{when.year:04d}-{when.month:02d}"
    return f"{when.year:04d}"


def normalize_published(value: Any) -> str | None:
    """Normalize a publication date to "YYYY-MM-DD", "YYYY-MM" or "YYYY" — never more precise than given.

    Accepts strings, date/datetime objects (YAML front matter gives those), years and timestamps;
    anything invalid or ambiguous ("05/04/2024") gives None rather than a guess.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, date):  # datetime too; the same year range as for strings
        return value.isoformat()[:10] if MIN_YEAR <= value.year <= MAX_YEAR else None
    if isinstance(value, int | float):
        try:
            return _from_number(float(value))
        except (OverflowError, ValueError, OSError):
            return None
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    if m := _ISO_DAY.fullmatch(text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT_DAY.fullmatch(text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _ISO_MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        return f"{year:04d}-{month:02d}" if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 else None
    if _YEAR.fullmatch(text):
        return text if MIN_YEAR <= int(text) <= MAX_YEAR else None
    if m := _NUMERIC_DMY.fullmatch(text):
        return _numeric_day(int(m[1]), int(m[2]), int(m[3]))
    if not re.search(r"[^\W\d_]", text):  # only digits and punctuation left: nothing dateparser should guess
        return None
    return _from_words(text)


def _numeric_day(a: int, b: int, year: int) -> str | None:
    """"25/04/2024" or "04/25/2024": accepted only when day and month cannot be confused."""
    if a == b or (a > 12 >= b):
        return _day(year, b, a)
    if b > 12 >= a:
        return _day(year, a, b)
    return None


def infer_published(text: str, window: int = 400) -> str | None:
    """Find an explicit full date near the top of an article ("March 11, 2025", "11 March 2025").

    Only complete dates count: a dateline like "SEOUL, March 11" has no year and must not get one.
    """
    for m in _TEXT_DATE.finditer(text[:window]):
        if found := normalize_published(m.group(0)):
            if len(found) == 10:
                return found
    return None
