"""Quantities as written: "about 150 workers", "more than 1,000", "four hundred", "$4 million",
"half a million barrels", "two dozen", "nearly 70 percent". Identifiers that merely look like
numbers (resolution 2397, the Ryusong 3, a 14th floor) are not quantities.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Token

from claimgraph.extract.lexicon import load
from claimgraph.model import Quantity

UNITS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
         "trillion": 1_000_000_000_000, "dozen": 12, "mln": 1_000_000, "bn": 1_000_000_000, "m": 1_000_000,
         "k": 1_000}
SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
         "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "half": 0.5,
         "a": 1, "an": 1}
ID_PREFIXES = {"resolution", "resolutions", "no", "no.", "number", "article", "paragraph", "imo", "flight", "route",
               "#", "section", "chapter", "page", "committee", "room", "gate", "level", "floor", "unit",
               "highway", "rule", "op", "clause", "item", "annex", "vol", "vol.", "episode", "season"}


@lru_cache(maxsize=1)
def _approx() -> list[tuple[str, str]]:
    data = load("quantities")["approximators"]
    pairs = [(phrase.lower(), kind) for kind, phrases in data.items() for phrase in phrases]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _is_numberish(tok: Token) -> bool:
    w = tok.lower_.replace(",", "")
    return (tok.like_num or w in SMALL or w in UNITS or bool(re.fullmatch(r"\d+(?:\.\d+)?(?:m|bn|k)?", w))) \
        and w not in ("a", "an")


def parse_number(words: list[str]) -> float | None:
    """'4 million' → 4e6, 'four hundred' → 400, 'half a million' → 5e5, 'two dozen' → 24, '1,000' → 1000."""
    total = 0.0
    current: float | None = None
    seen = False
    for raw in words:
        w = raw.lower().replace(",", "").strip("$€£¥")
        if not w or w in ("and", "-") or (w in ("a", "an") and current is not None):
            continue
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(m|bn|k)?", w)
        if m:
            current = (current or 0) + float(m[1]) if current is not None and float(m[1]) < 100 else float(m[1])
            if m[2]:
                current *= UNITS[m[2]]
            seen = True
        elif w in SMALL:
            current = (current or 0) + SMALL[w] if current is not None and SMALL[w] >= 1 else SMALL[w]
            seen = True
        elif w in UNITS:
            mult = UNITS[w]
            base = current if current is not None else 1
            if mult >= 1000:
                total += base * mult
                current = None
            else:
                current = base * mult
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + (current or 0)
    return value if math.isfinite(value) else None  # "999…9" (400 digits) is no quantity, and inf breaks JSON


def find_quantities(tokens: Iterable[Token], skip: set[int]) -> list[tuple[Quantity, Token]]:
    """Quantities among `tokens` (sorted), skipping token indices in `skip` (dates, names).

    Returns each quantity with the token it counts (the noun it modifies, or the number itself)."""
    toks = sorted(tokens, key=lambda t: t.i)
    by_i = {t.i: t for t in toks}
    out: list[tuple[Quantity, Token]] = []
    used: set[int] = set()
    for t in toks:
        if t.i in used or t.i in skip or not _is_numberish(t) or t.lower_ in UNITS and t.lower_ != "dozen":
            continue
        if t.lower_ in ("half",) and not (t.i + 2 < len(t.doc) and t.doc[t.i + 2].lower_ in UNITS):
            continue
        run = [t]
        j = t.i + 1
        while j in by_i and j not in skip and (_is_numberish(by_i[j]) or by_i[j].lower_ in ("a", "and", "-")
                                               and j + 1 in by_i and _is_numberish(by_i[j + 1])):
            run.append(by_i[j])
            j += 1
        prev = t.doc[t.i - 1] if t.i > 0 else None
        if prev is not None and prev.lower_ in ID_PREFIXES:
            continue
        if t.tag_ in ("JJ",) and re.search(r"\d(st|nd|rd|th)$", t.text):
            continue
        nxt = t.doc[j] if j < len(t.doc) else None
        if nxt is not None and nxt.lower_ in ("times", "fold", "-fold", "th", "st", "nd", "rd"):
            continue
        if t.lower_ == "one" and nxt is not None and nxt.lower_ == "of":
            continue
        if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", t.text.lower()):
            continue
        words = [r.text for r in run]
        value = parse_number(words)
        if value is None or _refers_back(prev, run, value):
            continue
        used.update(r.i for r in run)
        left = t.doc[max(0, t.i - 4):t.i].text.lower()
        left = left.replace("$", "").strip()
        approx = None
        for phrase, kind in _approx():
            if left.endswith(phrase):
                approx = kind
                break
        unit = None
        counted = run[-1]
        if prev is not None and prev.text in ("$", "€", "£", "¥"):
            unit = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}[prev.text]
        elif nxt is not None and nxt.lower_ in ("percent", "%", "per"):
            unit = "percent"
        else:
            head = run[-1].head
            if head.pos_ in ("NOUN", "PROPN") and head.i > run[-1].i:
                unit = head.lemma_.lower()
                counted = head
            elif nxt is not None and nxt.pos_ == "NOUN":
                unit = nxt.lemma_.lower()
                counted = nxt
            elif nxt is not None and nxt.lower_ == "of" and j + 1 < len(t.doc):
                after = t.doc[j + 1]
                unit = after.lemma_.lower() if after.pos_ == "NOUN" else None
            elif (counted_noun := _estimated_noun(run[-1])) is not None:
                unit, counted = counted_noun.lemma_.lower(), counted_noun
        out.append((Quantity(value, approx, unit, t.doc[run[0].i:run[-1].i + 1].text), counted))
    return out


@lru_cache(maxsize=1)
def _reference() -> tuple[frozenset[str], float]:
    data = load("quantities")
    return frozenset(str(w) for w in data.get("reference_determiners") or []), float(data.get("reference_max") or 0)


def _refers_back(prev: Token | None, run: list[Token], value: float) -> bool:
    """ "Hoses appeared to connect the two ships": a small count after "the" (or "its", "these") names what
    the story has already named, it is no figure; "the 400 workers" still gives one."""
    determiners, most = _reference()
    return (prev is not None and prev.lower_ in determiners and len(run) == 1 and value <= most
            and run[0].head.pos_ == "NOUN" and run[0].head.i > run[0].i)


ESTIMATE_NOUNS = {"number", "figure", "count", "total", "toll", "tally", "estimate", "size", "volume", "amount"}


def _estimated_noun(num: Token) -> Token | None:
    """What an estimate frame counts: "put the number of workers at 400" counts workers."""
    at = num.head
    while at.dep_ in ("nummod", "quantmod", "compound") and at.head.i != at.i:
        at = at.head
    if at.lower_ != "at" or at.dep_ != "prep":
        return None
    verb = at.head
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lemma_.lower() in ESTIMATE_NOUNS:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    return next((n for n in prep.children if n.dep_ == "pobj" and n.pos_ == "NOUN"), None)
    return None
