"""Per group: a status (corroborated / single-source / contested) and a confidence with its reasons."""

from __future__ import annotations

from claimgraph.model import ANONYMOUS, Claim, Conflict, Group


def assess(group: Group, members: list[Claim], conflicts: list[Conflict]) -> Group:
    ids = set(group.claims)
    # contested: a report of this claim is contradicted, by another member (a denial naming the same ship)
    # or by a report outside the group (a figure grouped elsewhere, a denial in general terms)
    contested = [c for c in conflicts if c.claim_a in ids or c.claim_b in ids]
    n = len(members)
    anonymous = sum(1 for c in members if c.said_by == ANONYMOUS)
    hedged = sum(1 for c in members if c.modality in ("hedged", "unverified"))
    denied = sum(1 for c in members if c.modality == "denied")
    if contested:
        group.status = "contested"
    elif group.independent_origins >= 2:
        group.status = "corroborated"
    else:
        group.status = "single-source"
    conf = min(1.0, 0.35 + 0.25 * (group.independent_origins - 1) + 0.05 * (n - 1))
    conf -= 0.15 * (anonymous / n) + 0.15 * (hedged / n) + 0.2 * bool(contested)
    group.confidence = round(max(0.05, conf), 2)
    reasons = [f"{group.independent_origins} independent origin{'s' if group.independent_origins != 1 else ''}"
               f" behind {n} report{'s' if n != 1 else ''}"]
    if anonymous:
        reasons.append(f"anonymous in {anonymous} of {n}")
    if hedged:
        reasons.append(f"hedged or unverified in {hedged} of {n}")
    if denied:
        reasons.append(f"denied in {denied} of {n}")
    for c in contested:
        reasons.append(f"{c.reason} conflict: {c.explanation}")
    group.reasons = reasons
    return group
