"""Exports for researchers who load the case elsewhere: Parquet tables, a GDELT-like event CSV, GraphML
and FollowTheMoney entities (for Aleph).

Every export is a pure view of the store; nothing here changes it. Each uses an existing format's library
(pyarrow, networkx, followthemoney) rather than hand-written serialisation, so the files open in the
tools those formats are made for.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

from claimgraph.model import ANONYMOUS, Claim, Document, Entity
from claimgraph.present.export import claim_json
from claimgraph.store.db import Store

EVENT_FIELDS = ["event_id", "date", "date_precision", "actor1", "actor2", "cameo", "place", "source_url",
                "independent_origins", "actor1_id", "actor2_id", "modality", "said_by", "outlet", "doc_id",
                "group_id"]


def _group_of(store: Store) -> dict[str, dict[str, Any]]:
    """Claim id -> its group (groups exist once `build` has run)."""
    return {cid: g for g in store.groups() for cid in g["claims"]}


def _name(eid: str | None, entities: dict[str, Entity]) -> str:
    if not eid:
        return ""
    return entities[eid].name if eid in entities else eid


# --- Parquet ----------------------------------------------------------------------------------------------


def write_parquet(store: Store, out_dir: str | os.PathLike[str]) -> list[Path]:
    """documents.parquet, claims.parquet (the JSON export's fields, one row per claim) and groups.parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = [{"id": d.id, "external_id": d.external_id, "title": d.title, "outlet": d.outlet, "url": d.url,
             "published": d.published, "published_inferred": d.published_inferred, "language": d.language,
             "source": d.source, "text": d.text} for d in store.documents()]
    group_of = _group_of(store)
    claims = []
    for c in store.claims():
        row = claim_json(c)
        when = row.pop("when") or {}
        span = row.pop("span")
        row.update({"doc_id": row.pop("doc"), "when_start": when.get("start"), "when_end": when.get("end"),
                    "when_granularity": when.get("granularity"), "start": span[0], "end": span[1],
                    "quantity": None if row["quantity"] is None else float(row["quantity"]),
                    "group_id": group_of.get(c.id, {}).get("id")})
        claims.append(row)
    groups = [{"id": g["id"], "claims": g["claims"], "independent_origins": g["independent_origins"],
               "status": g["status"], "confidence": g["confidence"],
               "explanation": json.dumps(g["explanation"], ensure_ascii=False)} for g in store.groups()]
    schemas = {
        "documents": None,
        "claims": None,
        "groups": pa.schema([("id", pa.string()), ("claims", pa.list_(pa.string())),
                             ("independent_origins", pa.int64()), ("status", pa.string()),
                             ("confidence", pa.float64()), ("explanation", pa.string())]),
    }
    paths = []
    for name, rows in (("documents", docs), ("claims", claims), ("groups", groups)):
        path = out / f"{name}.parquet"
        table = pa.Table.from_pylist(rows, schema=schemas[name]) if rows or schemas[name] else pa.table({})
        pq.write_table(table, path)
        paths.append(path)
    return paths


# --- GDELT-like events ------------------------------------------------------------------------------------


def event_rows(store: Store) -> list[dict[str, Any]]:
    """One row per claim that carries a CAMEO code, in GDELT's spirit: who did what to whom, where, when,
    with the source URL and how many independent origins report it (1 for a claim in no group)."""
    entities = store.entities()
    docs = {d.id: d for d in store.documents()}
    group_of = _group_of(store)
    rows = []
    for c in store.claims():
        if not c.cameo:
            continue
        d = docs.get(c.doc_id)
        g = group_of.get(c.id)
        date, precision = _event_date(c, d)
        rows.append({
            "event_id": c.id, "date": date, "date_precision": precision,
            "actor1": _name(c.actor[0] if c.actor else None, entities),
            "actor2": _name(c.target[0] if c.target else None, entities),
            "cameo": c.cameo, "place": _name(c.place[0] if c.place else None, entities),
            "source_url": (d.url if d else None) or "",
            "independent_origins": (g["independent_origins"] if g else None) or 1,
            "actor1_id": c.actor[0] if c.actor else "", "actor2_id": c.target[0] if c.target else "",
            "modality": c.modality,
            "said_by": c.said_by if c.said_by in (None, ANONYMOUS) else _name(c.said_by, entities),
            "outlet": (d.outlet if d else None) or "", "doc_id": c.doc_id, "group_id": g["id"] if g else "",
        })
    return rows


def _event_date(c: Claim, d: Document | None) -> tuple[str, str]:
    """The event's date at the precision the text gives; else the publication date, marked as such."""
    if c.when:
        return c.when.start.isoformat(), c.when.granularity
    if d and d.published:
        return d.published, "published"
    return "", ""


def write_events_csv(store: Store, path: str | os.PathLike[str]) -> int:
    """The event CSV; returns the number of rows."""
    rows = event_rows(store)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=EVENT_FIELDS)
        w.writeheader()
        w.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    return len(rows)


# --- GraphML ----------------------------------------------------------------------------------------------


def graph(store: Store) -> Any:
    """A networkx MultiDiGraph: entity and claim nodes; claim -> entity edges by role (actor, target, place,
    said_by, via); claim -> claim edges for conflicts; group nodes with member edges."""
    import networkx as nx

    entities = store.entities()
    docs = {d.id: d for d in store.documents()}
    g = nx.MultiDiGraph()
    for e in entities.values():
        g.add_node(f"entity:{e.id}", kind="entity", label=e.name, type=e.type, aliases="; ".join(e.aliases))
    for c in store.claims():
        d = docs.get(c.doc_id)
        g.add_node(f"claim:{c.id}", kind="claim", label=c.text[:200], text=c.text, cameo=c.cameo or "",
                   event_type=c.event_type or "", modality=c.modality, doc_id=c.doc_id,
                   outlet=(d.outlet if d else None) or "", url=(d.url if d else None) or "",
                   when_start=c.when.start.isoformat() if c.when else "",
                   when_end=c.when.end.isoformat() if c.when else "")
        roles = [("actor", c.actor), ("target", c.target), ("place", c.place), ("via", c.via),
                 ("said_by", [c.said_by] if c.said_by else [])]
        for role, ids in roles:
            for eid in ids:
                node = f"entity:{eid}"
                if node not in g:  # an anonymous source or an id the reader did not register
                    g.add_node(node, kind="entity", label=eid, type="", aliases="")
                g.add_edge(f"claim:{c.id}", node, key=role, role=role)
    for grp in store.groups():
        node = f"group:{grp['id']}"
        g.add_node(node, kind="group", label=grp["id"], status=grp["status"] or "",
                   independent_origins=grp["independent_origins"] or 0, confidence=grp["confidence"] or 0.0)
        for cid in grp["claims"]:
            g.add_edge(f"claim:{cid}", node, key="member", role="member")
    for k in store.conflicts():
        a, b = k["claims"]
        text = (k["explanation"] or {}).get("text", "") if isinstance(k["explanation"], dict) else ""
        g.add_edge(f"claim:{a}", f"claim:{b}", key=f"conflict-{k['id']}", role="conflict", reason=k["reason"],
                   explanation=text)
    return g


def write_graphml(store: Store, path: str | os.PathLike[str]) -> None:
    import networkx as nx

    nx.write_graphml(graph(store), path)


# --- FollowTheMoney ---------------------------------------------------------------------------------------

FTM_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "MEDIA": "Organization", "NORP": "Organization",
              "GPE": "Territory", "LOC": "Address", "FAC": "Address", "VESSEL": "Vessel"}


def ftm_entities(store: Store) -> list[dict[str, Any]]:
    """FollowTheMoney entities: people, organisations, territories, places and vessels; each article as an
    Article; each claim as an Event whose `involved` are its participants and whose `proof` is its article."""
    from followthemoney import model

    out = []
    entities = store.entities()
    ids: dict[str, str] = {}
    for e in entities.values():
        proxy = model.make_entity(FTM_SCHEMA.get(e.type, "LegalEntity"))
        proxy.id = ids[e.id] = f"cg-entity-{e.id}"
        if proxy.schema.name == "Address":
            proxy.add("full", e.name)
        else:
            proxy.add("name", e.name)
            proxy.add("alias", e.aliases)
        out.append(proxy)
    for d in store.documents():
        proxy = model.make_entity("Article")
        proxy.id = f"cg-doc-{d.id}"
        proxy.add("title", d.title)
        proxy.add("publisher", d.outlet)
        proxy.add("sourceUrl", d.url)
        proxy.add("publishedAt", d.published)
        proxy.add("bodyText", d.text)
        proxy.add("language", d.language)
        out.append(proxy)
    for c in store.claims():
        proxy = model.make_entity("Event")
        proxy.id = f"cg-claim-{c.id}"
        proxy.add("name", (c.trigger or c.event_type or "claim") + (f" (CAMEO {c.cameo})" if c.cameo else ""))
        proxy.add("summary", c.text)
        proxy.add("proof", f"cg-doc-{c.doc_id}")
        if c.when:
            proxy.add("startDate", c.when.start.isoformat())
            proxy.add("endDate", c.when.end.isoformat())
        proxy.add("involved", [ids[i] for i in [*c.actor, *c.target] if i in ids])
        proxy.add("organizer", [ids[i] for i in c.actor if i in ids])
        proxy.add("location", [_name(p, entities) for p in c.place])
        proxy.add("notes", f"modality: {c.modality}" + (f"; said by: {_name(c.said_by, entities)}"
                                                         if c.said_by else ""))
        out.append(proxy)
    return [p.to_dict() for p in out]


def write_ftm(store: Store, path: str | os.PathLike[str]) -> int:
    """FollowTheMoney entities as JSON lines (what `ftm` and Aleph's importers read); returns the count."""
    rows = ftm_entities(store)
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    return len(rows)
