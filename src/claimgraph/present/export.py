"""Exports: the JSON read by the external scorer (../shared/eval/README.md) and a flat claims CSV.

The JSON follows the README field by field (names, nesting, types); a few extra fields ride along
for analysts, which the scorer ignores. The CSV is for spreadsheets: names, not ids.
"""

from __future__ import annotations

import csv
import json
import os
from typing import Any

from claimgraph.model import ANONYMOUS, Claim, Entity
from claimgraph.store.db import Store

MAX_CLAIM_CHARS = 600  # the scorer ignores longer claim texts: a claim is a sentence, not a paragraph

CSV_FIELDS = [
    "claim_id", "doc_id", "doc_title", "outlet", "published", "text", "event_type", "cameo",
    "actor", "target", "place", "when_start", "when_end", "when_granularity", "quantity", "quantity_approx",
    "quantity_unit", "said_by", "via", "modality", "quote", "negated",
]


def _number(value: float | None) -> int | float | None:
    """150.0 → 150: whole numbers read as whole numbers in the JSON."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def claim_json(c: Claim) -> dict[str, Any]:
    """One claim in the export shape (README fields first, then extras)."""
    return {
        "id": c.id,
        "doc": c.doc_id,
        "text": c.text[:MAX_CLAIM_CHARS],
        "cameo": c.cameo,
        "actor": list(c.actor),
        "target": list(c.target),
        "place": list(c.place),
        "when": ({"start": c.when.start.isoformat(), "end": c.when.end.isoformat(),
                  "granularity": c.when.granularity} if c.when else None),
        "quantity": _number(c.quantity.value) if c.quantity else None,
        "said_by": c.said_by,  # an entity id, or model.ANONYMOUS == "anonymous source"
        "via": list(c.via),
        "modality": c.modality,
        "quote": bool(c.quote),
        # extras, not read by the scorer
        "event_type": c.event_type,
        "span": [c.start, c.end],
        "approx": c.quantity.approx if c.quantity else None,
        "negated": bool(c.negated),
    }


def export_json(store: Store) -> dict[str, Any]:
    """The whole store as the eval README's JSON: documents, entities, claims, groups, conflicts, alerts."""
    return {
        "documents": [
            {"id": d.id, "external_id": d.external_id, "url": d.url, "title": d.title, "outlet": d.outlet,
             "published": d.published, "published_inferred": d.published_inferred}
            for d in store.documents()
        ],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
            for e in store.entities().values()
        ],
        "claims": [claim_json(c) for c in store.claims()],
        "groups": store.groups(),
        "conflicts": store.conflicts(),
        "alerts": store.alerts(),
    }


def write_json(store: Store, path: str | os.PathLike[str]) -> None:
    """Write `export_json` as UTF-8 JSON (non-ASCII kept readable)."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(export_json(store), fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def _names(ids: list[str], entities: dict[str, Entity]) -> str:
    """Entity ids as names joined with '; ' (an unknown id, or 'anonymous source', shows as itself)."""
    return "; ".join(entities[i].name if i in entities else i for i in ids)


def write_claims_csv(store: Store, path: str | os.PathLike[str]) -> None:
    """One row per claim with readable names, for a spreadsheet or pandas."""
    entities = store.entities()
    docs = {d.id: d for d in store.documents()}
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        w.writeheader()
        for c in store.claims():
            d = docs.get(c.doc_id)
            said_by = "" if c.said_by is None else (
                c.said_by if c.said_by == ANONYMOUS else _names([c.said_by], entities))
            w.writerow({
                "claim_id": c.id, "doc_id": c.doc_id,
                "doc_title": d.title if d else "", "outlet": d.outlet if d else "",
                "published": d.published if d else "",
                "text": c.text, "event_type": c.event_type or "", "cameo": c.cameo or "",
                "actor": _names(c.actor, entities), "target": _names(c.target, entities),
                "place": _names(c.place, entities),
                "when_start": c.when.start.isoformat() if c.when else "",
                "when_end": c.when.end.isoformat() if c.when else "",
                "when_granularity": c.when.granularity if c.when else "",
                "quantity": _number(c.quantity.value) if c.quantity else "",
                "quantity_approx": (c.quantity.approx or "") if c.quantity else "",
                "quantity_unit": (c.quantity.unit or "") if c.quantity else "",
                "said_by": said_by, "via": _names(c.via, entities),
                "modality": c.modality, "quote": c.quote, "negated": c.negated,
            })
