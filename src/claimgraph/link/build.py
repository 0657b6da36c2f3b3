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
from claimgraph.link.origins import chain, origin_key, readable
from claimgraph.link.syndication import find_copies
from claimgraph.model import Claim, Entity, Group
from claimgraph.store.db import Store


@dataclass
class BuildReport:
    copies: int
    groups: int
    conflicts: int
    alerts: int


#: (claims, entities, copies, evidence texts) -> groups of claim ids; `group_claims` or a distributed run of it
Grouper = Callable[[list[Claim], dict[str, Entity], dict[str, tuple[str, float]], dict[str, str]], list[list[str]]]


def build(store: Store, group: Grouper = group_claims) -> BuildReport:
    docs = {d.id: d for d in store.documents()}
    claims = store.claims()
    entities = store.entities()
    copies = find_copies(docs.values())
    evidence = {c.id: docs[c.doc_id].text[c.start:c.end] for c in claims}
    raw = group(claims, entities, copies, evidence)
    by_id = {c.id: c for c in claims}
    outlet = {d.id: d.outlet or d.id for d in docs.values()}
    conflicts = find_conflicts(claims, raw, entities, copies, outlet, evidence)
    groups: list[Group] = []
    for i, members in enumerate(sorted(raw, key=lambda m: m[0]), start=1):
        cs = [by_id[x] for x in members]
        keys = []
        for c in cs:
            original = docs[copies.get(c.doc_id, (c.doc_id, 1.0))[0]]
            keys.append(origin_key(c, docs[c.doc_id], original, entities))
        distinct = sorted(set(keys))
        g = Group(f"g{i}", members, len(distinct), [readable(k, entities) for k in distinct],
                  [chain(c, docs[c.doc_id], entities) for c in cs])
        groups.append(assess(g, cs, conflicts))
    alerts = evaluate(claims, docs, entities)
    store.save_links(copies, groups, conflicts, alerts)
    return BuildReport(len(copies), len(groups), len(conflicts), len(alerts))
