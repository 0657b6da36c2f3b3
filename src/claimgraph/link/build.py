"""`claimgraph build`: link and assess everything in the store (syndication, groups, origins, conflicts,
status, watch alerts) and save the results in one transaction.

The grouping step can be handed in: batch mode passes one that runs the same `group_claims` on Dask,
one partition per blocking key (see `claimgraph.batch`); everything else is this very code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimgraph.assess.status import assess
from claimgraph.assess.watch import evaluate
from claimgraph.link.conflicts import find_conflicts
from claimgraph.link.grouping import group_claims
from claimgraph.link.origins import chain, independent, origin_key, readable
from claimgraph.link.similarity import embed, load_encoder
from claimgraph.link.story import join_story
from claimgraph.link.syndication import find_copies
from claimgraph.model import Claim, Conflict, Entity, Group
from claimgraph.store.db import Store


@dataclass
class BuildReport:
    copies: int
    groups: int
    conflicts: int
    alerts: int


#: (claims, entities, copies, evidence texts) -> groups of claim ids; `group_claims` or a distributed run of it
Grouper = Callable[[list[Claim], dict[str, Entity], dict[str, tuple[str, float]], dict[str, str]], list[list[str]]]


def build(store: Store, embeddings: bool | None = None, full: bool = False,
          group: Grouper | None = None) -> BuildReport:
    """Link and assess the store. Incremental by default: groups of the last build are kept and only claims
    of documents ingested since are compared (with everything); `full` re-links from scratch. `embeddings`
    switches the sentence encoder (None: environment). `group` replaces the grouping step (batch mode runs it
    as a shuffle on Dask); it always groups everything."""
    if group is not None:
        full = True
    docs = {d.id: d for d in store.documents()}
    claims = store.claims()
    entities = store.entities()
    copies = find_copies(docs.values())
    linked = set() if full else store.linked_documents() & docs.keys()
    previous = [g["claims"] for g in store.groups()] if linked else None
    touched = {c.id for c in claims if c.doc_id not in linked} if linked else None
    if touched is not None:  # a document that became a copy of a new one is touched too
        touched |= {c.id for c in claims if c.doc_id in copies}
    evidence = {c.id: docs[c.doc_id].text[c.start:c.end] for c in claims}
    if group is not None:
        raw = group(claims, entities, copies, evidence)
    else:
        vectors = embed(evidence, load_encoder(embeddings))
        raw = group_claims(claims, entities, copies, evidence, vectors=vectors, previous=previous, touched=touched)
    raw = join_story(raw, claims, entities, copies, evidence)
    by_id = {c.id: c for c in claims}
    outlet = {d.id: d.outlet or d.id for d in docs.values()}
    conflicts = find_conflicts(claims, raw, entities, copies, outlet, evidence, touched)
    if touched is not None:  # keep what the last build found between claims that are still there
        known, have = set(by_id), {(c.claim_a, c.claim_b) for c in conflicts}
        conflicts += [Conflict(a, b, c["reason"], c["explanation"].get("text", ""), c["explanation"].get("a", ""),
                               c["explanation"].get("b", ""))
                      for c in store.conflicts() for a, b in [c["claims"]]
                      if a in known and b in known and (a, b) not in have and not ({a, b} & touched)]
    groups: list[Group] = []
    for i, members in enumerate(sorted(raw, key=lambda m: m[0]), start=1):
        cs = [by_id[x] for x in members]
        keyed = []
        for c in cs:
            original = docs[copies.get(c.doc_id, (c.doc_id, 1.0))[0]]
            keyed.append((origin_key(c, docs[c.doc_id], original, entities), c, original))
        distinct = independent(keyed)
        g = Group(f"g{i}", members, len(distinct), [readable(k, entities) for k in distinct],
                  [chain(c, docs[c.doc_id], entities) for c in cs])
        groups.append(assess(g, cs, conflicts))
    alerts = evaluate(claims, docs, entities, raw)
    store.save_links(copies, groups, conflicts, alerts)
    store.mark_linked(set(docs) - linked)
    return BuildReport(len(copies), len(groups), len(conflicts), len(alerts))
