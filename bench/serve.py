"""Benchmark: web UI page latency over a store of 10,000 documents.

    .venv/bin/python bench/serve.py [--db PATH] [--docs 10000] [--requests 100]

The store is synthesized cheaply, not read: the demo corpus is read once (the NLP reader), then its
documents, claims, mentions, groups, conflicts and alerts are copied with new ids (rows bulk-inserted
in the tables `Store.save_reading` fills, FTS included; links through `Store.save_links`)
(and publication dates shifted back by up to two years) until there are --docs documents. Running the
reader 10,000 times would measure the reader, not the pages. An existing store at --db is reused.

It then serves the app with uvicorn on a free localhost port and times --requests GET requests each
(httpx, one at a time, after a short warm-up) for the case overview, a claim group page (contested
groups in turn) and a search (a few queries in turn), and prints p50 / p95 / max in milliseconds
against the 200 ms p95 target. No assertions: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from claimgraph.model import Alert, Claim, Conflict, Document, Group
from claimgraph.present.web import create_app
from claimgraph.present.web.server import running
from claimgraph.store.db import Store

QUERIES = ["workers", "Kestrel developers", "police search", "sanctions committee", "payroll"]


def _shift(published: str | None, days: int) -> str | None:
    if not published or len(published) != 10:
        return published
    return (date.fromisoformat(published) - timedelta(days=days)).isoformat()


def synthesize(path: Path, n_docs: int) -> Store:
    """Read the demo corpus once, then copy it with new ids until the store holds `n_docs` documents."""
    from claimgraph.link.build import build
    from claimgraph.pipeline import ingest

    store = Store.open(f"sqlite:///{path}")
    with resources.as_file(resources.files("claimgraph.data").joinpath("demo")) as folder:
        ingest(store, [str(folder)])
    build(store)
    docs, claims = store.documents(), store.claims()
    by_doc: dict[str, list[Claim]] = {}
    for c in claims:
        by_doc.setdefault(c.doc_id, []).append(c)
    mentions = {d.id: store.mentions(d.id) for d in docs}
    groups, conflicts, alerts, copies = store.groups(), store.conflicts(), store.alerts(), store.copies()
    all_copies: dict[str, tuple[str, float]] = dict(copies)
    all_groups: list[Group] = []
    all_conflicts: list[Conflict] = []
    all_alerts: list[Alert] = []
    k = 0
    t0 = time.perf_counter()
    while len(docs) * (k + 1) < n_docs:
        k += 1
        ids = {d.id: "d" + hashlib.sha256(f"{d.id}-{k}".encode()).hexdigest()[:16] for d in docs}
        cid = {c.id: ids[c.doc_id] + c.id[len(c.doc_id):] for c in claims}
        batch = docs  # whole copies of the corpus, so every link has its claims (the store ends at >= n_docs)
        new_docs = [Document(**{**d.__dict__, "id": ids[d.id], "published": _shift(d.published, (k * 3) % 730),
                                "meta": dict(d.meta)}) for d in batch]
        new_claims = {nd.id: [Claim(**{**c.__dict__, "id": cid[c.id], "doc_id": nd.id}) for c in by_doc.get(d.id, [])]
                      for d, nd in zip(batch, new_docs, strict=True)}
        _bulk_save(store, new_docs, new_claims, {ids[d.id]: mentions[d.id] for d in batch})
        for doc_id, (orig, sim) in copies.items():
            all_copies[ids[doc_id]] = (ids[orig], sim)
        for g in groups:
            ex = g["explanation"] or {}
            all_groups.append(Group(f"{g['id']}-k{k}", [cid[x] for x in g["claims"]], g["independent_origins"],
                                    ex.get("origins") or [], ex.get("chains") or [], g["status"], g["confidence"],
                                    ex.get("reasons") or []))
        for x in conflicts:
            ex = x["explanation"] or {}
            all_conflicts.append(Conflict(cid[x["claims"][0]], cid[x["claims"][1]], x["reason"], ex.get("text", ""),
                                          ex.get("a", ""), ex.get("b", "")))
        all_alerts += [Alert(a["rule"], [cid[x] for x in a["claims"]], a["explanation"]) for a in alerts]
        if k % 100 == 0:
            print(f"  … {store.stats()['documents']:,} documents ({time.perf_counter() - t0:.0f} s)", flush=True)
    # keep the demo's own links too, then save everything in one go
    for g in groups:
        ex = g["explanation"] or {}
        all_groups.append(Group(g["id"], g["claims"], g["independent_origins"], ex.get("origins") or [],
                                ex.get("chains") or [], g["status"], g["confidence"], ex.get("reasons") or []))
    all_conflicts += [Conflict(x["claims"][0], x["claims"][1], x["reason"], (x["explanation"] or {}).get("text", ""),
                               (x["explanation"] or {}).get("a", ""), (x["explanation"] or {}).get("b", ""))
                      for x in conflicts]
    all_alerts += [Alert(a["rule"], a["claims"], a["explanation"]) for a in alerts]
    store.save_links({d: v for d, v in all_copies.items()}, all_groups, all_conflicts, all_alerts)
    print(f"synthesized in {time.perf_counter() - t0:.0f} s", flush=True)
    return store


def _bulk_save(store: Store, docs: list[Document], claims: dict[str, list[Claim]],
               mentions: dict[str, list[Any]]) -> None:
    """Insert copies in one transaction: the same rows `Store.save_reading` writes, without its per-document
    FTS delete (a scan of the FTS table, since doc_id is an unindexed FTS column), which made synthesis
    quadratic. New ids only, so there is nothing to delete."""
    from sqlalchemy import insert, text

    from claimgraph.store.db import _claim_values
    from claimgraph.store.schema import ClaimRow, DocumentRow, MentionRow

    now = datetime.now(UTC)
    with store.session() as s:
        s.execute(insert(DocumentRow), [
            {"id": d.id, "external_id": d.external_id, "title": d.title, "outlet": d.outlet, "url": d.url,
             "published": d.published, "published_inferred": d.published_inferred, "language": d.language,
             "source": d.source, "text": d.text, "meta": d.meta, "ingested_at": now} for d in docs])
        s.execute(insert(MentionRow), [{"doc_id": d, "entity_id": m.entity_id, "start": m.start, "end": m.end,
                                        "text": m.text} for d, ms in mentions.items() for m in ms])
        s.execute(insert(ClaimRow), [_claim_values(c, i) for cs in claims.values() for i, c in enumerate(cs)])
        if store.fts:
            s.execute(text("INSERT INTO documents_fts (doc_id, title, text) VALUES (:d, :title, :text)"),
                      [{"d": d.id, "title": d.title or "", "text": d.text} for d in docs])
            s.execute(text("INSERT INTO claims_fts (claim_id, doc_id, text) VALUES (:c, :d, :text)"),
                      [{"c": c.id, "d": c.doc_id, "text": c.text} for cs in claims.values() for c in cs])


def _time(client: httpx.Client, urls: list[str], n: int) -> list[float]:
    for u in urls[:3]:  # warm-up: first queries fill SQLite's page cache
        client.get(u)
    out = []
    for i in range(n):
        t = time.perf_counter()
        r = client.get(urls[i % len(urls)])
        out.append((time.perf_counter() - t) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{urls[i % len(urls)]} answered {r.status_code}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="Page latency of the web UI over a 10,000-document store.")
    ap.add_argument("--db", type=Path, default=Path("out/bench-serve.db"), help="store to build or reuse")
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=100)
    args = ap.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if args.db.exists():
        store = Store.open(f"sqlite:///{args.db}")
        print(f"reusing {args.db}")
    else:
        print(f"synthesizing {args.docs:,} documents into {args.db}: the demo corpus is read once by the reader, "
              "then its documents, claims and links are copied with new ids (the reader is not run 10,000 times; "
              "rows bulk-inserted as save_reading writes them, links through save_links)", flush=True)
        store = synthesize(args.db, args.docs)
    stats, links = store.stats(), store.link_counts()
    print(f"store: {stats['documents']:,} documents, {stats['claims']:,} claims, {links['groups']:,} groups, "
          f"{links['conflicts']:,} conflicts, {links['alerts']:,} alerts")
    contested = [g["id"] for g in store.groups_page(status="contested", limit=50)]
    cases = {
        "overview /": ["/"],
        "group /groups/ID": [f"/groups/{g}" for g in contested] or ["/groups"],
        "search /search?q=": [f"/search?q={q}" for q in QUERIES],
    }
    print(f"{args.requests} requests each, one at a time, uvicorn + httpx on 127.0.0.1; target p95 < 200 ms")
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    worst = 0.0
    with running(create_app(store)) as base, httpx.Client(base_url=base, timeout=60) as client:
        for name, urls in cases.items():
            ms = sorted(_time(client, urls, args.requests))
            p95 = ms[max(0, int(round(0.95 * len(ms))) - 1)]
            worst = max(worst, p95)
            print(f"{name:<22}{statistics.median(ms):>9.1f}{p95:>9.1f}{ms[-1]:>9.1f}", flush=True)
    print("target met" if worst < 200 else "target missed", f"(worst p95 {worst:.0f} ms)")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
