"""Watch rules (data/watch.yaml) evaluated on claims: which reports a sanctions monitor must see, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from claimgraph.extract.lexicon import load
from claimgraph.model import Alert, Claim, Document, Entity


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    event_types: frozenset[str]
    concerns: str
    side: str
    place_outside: str | None
    after: date
    skip: frozenset[str]
    departures: frozenset[str]
    employers: frozenset[str] = frozenset()  # verbs whose object is the people concerned ("employed North Koreans")


def rules() -> list[Rule]:
    out = []
    for r in load("watch")["rules"]:
        after = r.get("after")
        out.append(Rule(r["id"], r.get("title", r["id"]), " ".join(str(r.get("description", "")).split()),
                        frozenset(r.get("event_types") or []), r["concerns"], r.get("side", "any"),
                        r.get("place_outside"), after if isinstance(after, date) else date.fromisoformat(str(after)),
                        frozenset(r.get("skip_modalities") or []), frozenset(r.get("departure_verbs") or []),
                        frozenset(r.get("employer_verbs") or [])))
    return out


def _state(ent_id: str, entities: dict[str, Entity]) -> str:
    e = entities.get(ent_id)
    if e is None:
        return ent_id
    return e.attrs.get("country") or e.attrs.get("flag") or ent_id


def _published(doc: Document) -> date | None:
    p = (doc.published or "")[:10]
    try:
        return date.fromisoformat(p) if len(p) == 10 else None
    except ValueError:
        return None


def matches(rule: Rule, c: Claim, doc: Document, entities: dict[str, Entity],
            context: set[str]) -> str | None:
    """The reason a claim raises the rule, or None. `context` holds the doc's states of the same event."""
    if c.event_type not in rule.event_types or c.modality in rule.skip or c.irrealis:
        return None
    reporters = set(c.via) | {c.said_by}
    actors = {_state(e, entities) for e in c.actor if e not in reporters}  # "Free Dawn put the number at …"
    targets = {_state(e, entities) for e in c.target} | {_state(e, entities) for e in c.place}
    places = {_state(e, entities) for e in c.place}
    concerned = {"actor": actors, "target": targets, "any": actors | targets}[rule.side]
    if c.flags.get("trigger_lemma") in rule.employers:
        concerned = concerned | {_state(e, entities) for e in c.target}  # a firm abroad employed them: they earn there
    if rule.concerns not in concerned:
        if not (rule.concerns in context and not (concerned - {rule.concerns})):
            return None
    departed = c.flags.get("trigger_lemma") in rule.departures
    if rule.place_outside and places and places <= {rule.place_outside} and not departed:
        return None
    when = c.when.end if c.when else None
    earlier = any(r.get("rel") == "before" for r in c.flags.get("relations") or [])
    if when is None and not earlier:
        when = _published(doc)  # undated: as of the report, unless the text puts it before something
    if when is None or when <= rule.after:
        return None
    what = c.event_type.replace("_", " ")
    return f"{rule.title}: {what} ({c.modality}) dated {when.isoformat()}, after {rule.after}."


def evaluate(claims: list[Claim], docs: dict[str, Document], entities: dict[str, Entity],
             groups: list[list[str]] | None = None) -> list[Alert]:
    """Alerts of every rule. A claim that names nobody ("Free Dawn put the number of workers at 400") is
    read in its story: its article's other reports of the event, and the reports its group repeats."""
    out: list[Alert] = []
    group_of = {cid: i for i, g in enumerate(groups or []) for cid in g}
    for rule in rules():
        # the states a document's reports of this event concern: a later "the workers left in January"
        # inherits "North Korean workers in Liaoning" from the same story
        context: dict[str, set[str]] = {}
        for c in claims:
            if c.event_type in rule.event_types and c.modality not in rule.skip:
                states = {_state(e, entities) for e in c.actor + c.target + c.place}
                if rule.concerns in states:
                    context.setdefault(c.doc_id, set()).add(rule.concerns)
        raised: set[str] = set()
        for c in claims:
            why = matches(rule, c, docs[c.doc_id], entities, context.get(c.doc_id, set()))
            if why:
                out.append(Alert(rule.id, [c.id], why))
                raised.add(c.id)
        hot = {group_of[c] for c in raised if c in group_of}
        for c in claims:
            if c.id in raised or group_of.get(c.id) not in hot:
                continue
            why = matches(rule, c, docs[c.doc_id], entities, {rule.concerns})
            if why:
                out.append(Alert(rule.id, [c.id], why.rstrip(".") + "; the reports it repeats name the state."))
    return out
