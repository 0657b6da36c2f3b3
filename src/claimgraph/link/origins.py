"""Where a claim comes from: the first link of its attribution chain.

The origin is the speaker (a person, a body, an agency), the anonymous source behind a relay (keyed by
the outlet it spoke to, so every paper repeating "a source told Daily NK" counts once), or, for an
outlet's first-hand reporting, the outlet itself. Syndicated copies take their original's origins.

Two rules follow the chain across the articles of a group: a claim given to an outlet ("according to the
newsletter") has the origin that outlet's own report in the group gives it (its unnamed source), and a
follow-up article that says where the story comes from ("first reported by ...") adds no origin with
what it states in its own voice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimgraph.extract.lexicon import load
from claimgraph.model import ANONYMOUS, Claim, Document, Entity

OWN_VOICE = "outlet:"


def independent(keyed: list[tuple[str, Claim, Document]]) -> list[str]:
    """The distinct origins of a group from its members' `origin_key`s, each with its claim and original
    document, after following the chain across the group: "outlet:X" (given to or told by outlet X) becomes
    the origin X's own report in the group gives; a follow-up article's own-voice claims count for nothing
    when something else in the group stands behind them."""
    own_report: dict[str, str] = {}
    for key, _, doc in keyed:
        outlet = _outlet(doc.outlet or doc.id)
        if key != outlet:  # the outlet's own report names where it has it from
            own_report.setdefault(outlet, key)
    out: set[str] = set()
    recap: set[str] = set()
    for key, c, doc in keyed:
        seen = {key}
        while key.startswith(OWN_VOICE) and (nxt := own_report.get(key)) and nxt not in seen:
            seen.add(key := nxt)
        if not c.said_by and not c.via and follow_up(doc):
            recap.add(key)
            continue
        out.add(key)
    return sorted(out or recap)


def follow_up(doc: Document) -> bool:
    """Does the article say where the story comes from ("The case was first reported by ...")?"""
    text = (doc.text or "").lower()
    return any(p in text for p in _first_reported())


@lru_cache(maxsize=1)
def _first_reported() -> tuple[str, ...]:
    return tuple(str(p).lower() for p in load("cues").get("first_reported_phrases") or [])


def origin_key(c: Claim, doc: Document, original: Document, entities: dict[str, Entity]) -> str:
    def key(i: str) -> str:
        e = entities.get(i)
        # outlets and bodies by their name (one outlet has several entity ids across articles: "Harbourline",
        # "Harbourline News Agency"); people and states by their id
        return _outlet(e.name) if e is not None and e.type not in ("PERSON", "GPE", "NORP", "LOC") else i

    if c.said_by and c.said_by != ANONYMOUS:
        return key(c.said_by)
    relays = [v for v in c.via if v != ANONYMOUS]
    if c.said_by == ANONYMOUS:
        if relays:  # the outlet the source spoke to: repeats of "a source told X" are one origin
            return f"anonymous source via {key(relays[0])}"
        # the outlet's own unnamed source: its repeats elsewhere ("X reported, citing a source") are keyed
        # by the same outlet
        return f"anonymous source via {_outlet(original.outlet or original.id)}"
    if relays:
        return key(relays[0])
    return _outlet(original.outlet or original.id)


OUTLET_SUFFIXES = {"news", "agency", "service", "newspaper", "media", "group", "network", "online"}


def _outlet(name: str) -> str:
    """One key per outlet however it is written: "The Pacific Signal" and "Pacific Signal", "Harbourline
    News Agency" and "Harbourline"."""
    words = re.sub(r"^the\s+", "", " ".join(name.lower().split())).split()
    while len(words) > 1 and words[-1] in OUTLET_SUFFIXES:
        words.pop()
    return "outlet:" + " ".join(words)


def chain(c: Claim, doc: Document, entities: dict[str, Entity]) -> list[str]:
    """Readable relay chain, origin first: speaker → relays → this outlet."""
    def name(i: str) -> str:
        return entities[i].name if i in entities else i

    out = [name(c.said_by)] if c.said_by else []
    out += [name(v) for v in c.via if name(v) not in out]
    out.append(doc.outlet or doc.id)
    return out


def readable(key: str, entities: dict[str, Entity]) -> str:
    if key in entities:
        return entities[key].name
    if key.startswith("anonymous source via "):
        rest = key.removeprefix("anonymous source via ")
        return "anonymous source via " + (entities[rest].name if rest in entities else rest.removeprefix("outlet:"))
    return key.removeprefix("outlet:")
