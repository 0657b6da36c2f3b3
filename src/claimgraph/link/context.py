"""Participants a report leaves to its story.

News states the who and where once, in the lead ("North Korea has sent 400 workers to Liaoning"), and then
writes "the group left in January", "the first workers were sent weeks later", "Free Dawn put the number
at four hundred". Such a clause names no doer or place, yet it is about the lead's event. Linking (groups,
conflicts, watch rules) reads a clause of one kind of event that names no doer (or no place) with those of
the first clause of the same kind in the same article that does. The claim's own slots stay as read: the
context is evidence for linking, never shown as something the text said.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from claimgraph.model import ANONYMOUS, REALIS, Claim, Entity


@dataclass(frozen=True, slots=True)
class Context:
    """Doers and places a claim takes from its article's lead clause of the same kind of event."""

    actor: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    source: str = ""  # the claim they were taken from

    def __bool__(self) -> bool:
        return bool(self.actor or self.place)


@dataclass(slots=True)
class _Lead:
    actor: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    source: dict[str, str] = field(default_factory=dict)


def _doers(c: Claim, entities: dict[str, Entity]) -> tuple[str, ...]:
    reporters = {c.said_by, *c.via, ANONYMOUS}
    return tuple(a for a in c.actor if a not in reporters and (a in entities or a.startswith("n:")))


def story_context(claims: list[Claim], entities: dict[str, Entity]) -> dict[str, Context]:
    """Context by claim id, for claims of a typed event that lack a doer or a place. The lead is the first
    earlier clause (in reading order) of that kind in the article that states it (not a denial or a plan):
    context flows forward, from the lead to what follows it."""
    leads: dict[tuple[str, str], _Lead] = defaultdict(_Lead)
    out: dict[str, Context] = {}
    ordered = sorted((c for c in claims if c.event_type and c.event_type != "statement"), key=lambda c: c.id)
    for c in ordered:
        lead = leads[(c.doc_id, c.event_type)]
        doers = _doers(c, entities)
        # only a clause that names nobody takes the story's doer: one naming its own target ("petroleum
        # reaches the DPRK") is a statement of its own
        actor = lead.actor if not doers and not c.target else ()
        place = lead.place if not c.place else ()
        if actor or place:
            out[c.id] = Context(actor, place, lead.source.get("actor") or lead.source.get("place", ""))
        if c.modality not in REALIS or c.irrealis:
            continue
        if doers and not lead.actor:
            lead.actor, lead.source["actor"] = doers, c.id
        if c.place and not lead.place:
            lead.place, lead.source["place"] = tuple(c.place), c.id
    return out
