"""Time expressions → calendar intervals, relative ones resolved against the publication date.

dateparser turns "last month" into one day a month back; analysts need the calendar month, and
"Monday" in an article published on a Monday is that very day. So the finding (regular patterns
over the vocabulary in ``data/time.yaml``) and the resolving (calendar arithmetic) are ours.

A reference date may itself be partial ("2024-04") or unknown: an expression is resolved against both
ends of the reference interval and kept only if both agree, so precision is never invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from claimgraph.extract.lexicon import load
from claimgraph.model import TimeSpan


@dataclass(frozen=True)
class Timex:
    """A time expression found in text, not yet resolved."""

    start: int
    end: int
    text: str
    kind: str
    fields: tuple[tuple[str, object], ...]

    def get(self, key: str, default: object = None) -> object:
        return dict(self.fields).get(key, default)


def parse_reference(published: str | None) -> tuple[date, date] | None:
    """'2024-04-25' | '2024-04' | '2024' → the inclusive interval it denotes; None if unknown."""
    if not published:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", published.strip()[:10])
    if not m:
        return None
    try:
        y = int(m[1])
        if m[3]:
            d = date(y, int(m[2]), int(m[3]))
            return d, d
        if m[2]:
            mo = int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _vocab() -> dict:
    data = load("time")
    months: dict[str, int] = {}
    for i, names in enumerate(data["months"], start=1):
        for n in names:
            months[n.lower()] = i
    weekdays: dict[str, int] = {}
    for i, names in enumerate(data["weekdays"]):
        for n in names:
            weekdays[n.lower()] = i
    numbers = {k.lower(): int(v) for k, v in data["number_words"].items()}
    seasons = {k.lower(): tuple(v) for k, v in data["seasons"].items()}
    return {"months": months, "weekdays": weekdays, "numbers": numbers, "seasons": seasons,
            "year_preps": [p.lower() for p in data["year_prepositions"]]}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    v = _vocab()
    mon = _alt(v["months"])
    wd = _alt([w.capitalize() for w in v["weekdays"]])
    num = _alt(list(v["numbers"]) + ["a", "an"])
    season = _alt(v["seasons"])
    yp = _alt(v["year_preps"])
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)"
    f = re.IGNORECASE
    return [
        ("iso", re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
        ("mdy", re.compile(rf"\b(?P<mon>{mon})\.?\s+{day}(?:\s*,\s*|\s+){year}\b", f)),
        ("dmy", re.compile(rf"\b{day}\s+(?P<mon>{mon})\.?,?\s+{year}\b", f)),
        ("md", re.compile(rf"\b(?P<mod>(?:last|next|this)\s+)?(?P<mon>{mon})\.?\s+{day}\b(?![\d,]*\d)", f)),
        ("dm", re.compile(rf"\b{day}\s+(?P<mon>{mon})\b", f)),
        ("my", re.compile(rf"\b(?P<mon>{mon})\.?,?\s+(?:of\s+)?{year}\b", f)),
        ("ago", re.compile(rf"\b(?P<n>\d+|{num})\s+(?P<unit>day|week|month|year|decade)s?\s+"
                           r"(?:ago|earlier|before)\b", f)),
        ("rel_unit", re.compile(r"\b(?P<mod>last|past|previous|next|coming|this|earlier\s+this|later\s+this|"
                                r"early\s+this|late\s+this)\s+(?P<unit>week|month|year)\b", f)),
        ("deictic", re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow)\b", f)),
        ("weekday", re.compile(r"\b(?P<mod>(?:[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Bb]y|[Ff]rom|[Uu]ntil|[Ss]ince)\s+)?"
                               rf"(?P<wd>{wd})(?:\s+(?:morning|afternoon|evening|night))?\b")),
        ("season", re.compile(rf"\b(?P<mod>last|next|this|the|in|over\s+the|during\s+the)\s+(?P<season>{season})"
                              rf"(?:\s+(?:of\s+)?{year})?\b", f)),
        ("decade", re.compile(r"\b(?:the\s+)?(?P<decade>(?:1[89]|20)\d0)s\b", f)),
        ("month", re.compile(rf"\b(?P<mod>(?:in|since|by|until|from|during|last|next|this|early|late|mid-?|"
                             rf"through|throughout|before|after)\s+)(?P<mon>{mon})\b(?!\s*\d)", f)),
        ("year", re.compile(rf"(?<![\d$,.])\b(?P<mod>(?:{yp})\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?)"
                            rf"{year}\b(?![\d,]*\d)(?!\s*(?:%|percent))", f)),
        ("year_bare", re.compile(rf"(?<![\d$,.\w-])(?:in\s+)?{year}(?=\s*[,.;)]|\s*$)")),
    ]


def find_timexes(text: str) -> list[Timex]:
    """All time expressions in `text`, longest first where they overlap, in text order."""
    found: list[Timex] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _patterns():
        for m in pat.finditer(text):
            s, e = m.span()
            if kind == "month" and m["mon"].lower() == "may" and m["mon"][0] != "M":
                continue
            if kind == "md" and m["mon"].lower() in ("may", "march") and not m["mon"][0].isupper():
                continue
            if any(s < b and a < e for a, b in taken):
                continue
            fields = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            found.append(Timex(s, e, text[s:e], kind, fields))
            taken.append((s, e))
    return sorted(found, key=lambda t: t.start)


# --- resolution -------------------------------------------------------------------------------

def _month_span(y: int, mo: int) -> tuple[date, date]:
    return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _add_months(y: int, mo: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (mo - 1) + k
    return idx // 12, idx % 12 + 1


def _number(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    if token in ("a", "an"):
        return 1
    return _vocab()["numbers"].get(token)


def _resolve_one(t: Timex, ref: date | None, future: bool) -> TimeSpan | None:
    """Resolve against a single reference day (None: only absolute expressions resolve)."""
    v = _vocab()
    k = t.kind
    g = t.get
    mod = str(g("mod") or "").strip().lower()
    if k in ("iso", "mdy", "dmy"):
        mo = int(g("month")) if k == "iso" else v["months"][str(g("mon")).lower()]
        d = date(int(g("year")), mo, int(g("day")))
        return TimeSpan(d, d, "day", t.text)
    if k == "my":
        s, e = _month_span(int(g("year")), v["months"][str(g("mon")).lower()])
        return TimeSpan(s, e, "month", t.text)
    if k in ("year", "year_bare"):
        y = int(g("year"))
        return TimeSpan(date(y, 1, 1), date(y, 12, 31), "year", t.text)
    if k == "decade":
        y = int(g("decade"))
        return TimeSpan(date(y, 1, 1), date(y + 9, 12, 31), "decade", t.text)
    if ref is None:
        return None
    if k in ("md", "dm"):
        mo, dd = v["months"][str(g("mon")).lower()], int(g("day"))
        forward = future or mod.startswith("next")
        for y in ((ref.year, ref.year + 1) if forward else (ref.year, ref.year - 1)):
            if dd > calendar.monthrange(y, mo)[1]:
                continue
            d = date(y, mo, dd)
            if (forward and d >= ref) or (not forward and d <= ref):
                return TimeSpan(d, d, "day", t.text)
        return None
    if k == "month":
        mo = v["months"][str(g("mon")).lower()]
        if mod.startswith("last"):
            y = ref.year if mo < ref.month else ref.year - 1
        elif mod.startswith("next"):
            y = ref.year if mo > ref.month else ref.year + 1
        elif mod.startswith("this"):
            y = ref.year
        elif future or mod.startswith(("until", "by")) and future:
            y = ref.year if mo >= ref.month else ref.year + 1
        else:
            y = ref.year if mo <= ref.month else ref.year - 1
        s, e = _month_span(y, mo)
        return TimeSpan(s, e, "month", t.text)
    if k == "weekday":
        wd = v["weekdays"][str(g("wd")).lower()]
        if mod.startswith("last"):
            back = (ref.weekday() - wd) % 7 or 7
            d = ref - timedelta(days=back)
        elif mod.startswith("next"):
            d = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        elif mod.startswith("this"):
            d = _week_of(ref)[0] + timedelta(days=wd)
        elif future:
            d = ref + timedelta(days=(wd - ref.weekday()) % 7)
        else:
            d = ref - timedelta(days=(ref.weekday() - wd) % 7)
        return TimeSpan(d, d, "day", t.text)
    if k == "deictic":
        w = str(g("word")).lower()
        d = ref + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(w, 0))
        return TimeSpan(d, d, "day", t.text)
    if k == "ago":
        n = _number(str(g("n")))
        unit = str(g("unit")).lower()
        if n is None:
            return None
        if unit == "day":
            d = ref - timedelta(days=n)
            return TimeSpan(d, d, "day", t.text)
        if unit == "week":
            d = ref - timedelta(days=7 * n)
            return TimeSpan(d, d, "day", t.text)
        if unit == "month":
            y, mo = _add_months(ref.year, ref.month, -n)
            s, e = _month_span(y, mo)
            return TimeSpan(s, e, "month", t.text)
        y = ref.year - (10 * n if unit == "decade" else n)
        return TimeSpan(date(y, 1, 1), date(y, 12, 31), "year", t.text)
    if k == "rel_unit":
        unit = str(g("unit")).lower()
        step = -1 if mod in ("last", "past", "previous") else 1 if mod in ("next", "coming") else 0
        if unit == "week":
            s, e = _week_of(ref + timedelta(days=7 * step))
            gran = "week"
        elif unit == "month":
            s, e = _month_span(*_add_months(ref.year, ref.month, step))
            gran = "month"
        else:
            s, e = date(ref.year + step, 1, 1), date(ref.year + step, 12, 31)
            gran = "year"
        if mod.startswith(("earlier", "early")):
            return TimeSpan(s, min(e, ref), "span", t.text)
        if mod.startswith(("later", "late")):
            return TimeSpan(max(s, ref), e, "span", t.text)
        return TimeSpan(s, e, gran, t.text)
    if k == "season":
        months = v["seasons"][str(g("season")).lower()]
        y0 = int(g("year")) if g("year") else None

        def span(y: int) -> tuple[date, date]:
            a, b = months
            s = date(y, a, 1)
            ey, em = (y + 1, b) if b < a else (y, b)
            return s, _month_span(ey, em)[1]

        if y0 is not None:
            s, e = span(y0)
        else:
            cands = [span(y) for y in (ref.year - 1, ref.year, ref.year + 1)]
            if mod.startswith("last"):
                s, e = max(c for c in cands if c[1] < ref)
            elif mod.startswith("next") or future:
                s, e = min(c for c in cands if c[1] >= ref)
            else:
                s, e = max(c for c in cands if c[0] <= ref)
        return TimeSpan(s, e, "season", t.text)
    return None


def resolve(t: Timex, published: str | None, future: bool = False) -> TimeSpan | None:
    """Resolve against the publication date (possibly partial). Both ends of a partial reference must
    agree, else the expression stays unresolved rather than gaining precision it does not have."""
    ref = parse_reference(published)
    try:
        if ref is None:
            return _resolve_one(t, None, future)
        a = _resolve_one(t, ref[0], future)
        if ref[0] == ref[1]:
            return a
        b = _resolve_one(t, ref[1], future)
        return a if a and b and (a.start, a.end) == (b.start, b.end) else None
    except (ValueError, KeyError, OverflowError):
        return None


def resolve_text(text: str, published: str | None, future: bool = False) -> TimeSpan | None:
    """Convenience for tests and callers with a bare phrase: the first expression in `text`, resolved."""
    found = find_timexes(text)
    return resolve(found[0], published, future) if found else None
