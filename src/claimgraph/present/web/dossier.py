"""`claimgraph report --html`: the case dossier as one self-contained HTML file.

Same views as the web UI, rendered from the same templates and partials, with links turned into
in-file anchors. The stylesheet is inlined; the file has no scripts and makes no requests (a meta
Content-Security-Policy forbids both), so it opens from disk and can be mailed to an editor or a panel.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from claimgraph.present.web import pages, render
from claimgraph.store.db import Store

TIMELINE_ROWS = 400
DOSSIER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def dossier_context(store: Store) -> dict[str, Any]:
    """Everything the dossier shows, loaded once (a dossier is for a case, not a 10,000-document store)."""
    all_groups = store.groups_page(limit=1_000_000)
    contested_ids = {g["id"] for g in all_groups if g["status"] == "contested"}
    links = pages.DossierLinks(contested_ids)
    case = pages.Case(store, links)
    overview = pages.overview(store, links, n_alerts=0, n_groups=0, n_docs=0)
    alerts = pages.alert_views(case, store.alerts())
    contested = [pages.group(store, links, gid) for gid in sorted(contested_ids, key=_gkey)]
    shown: set[int] = set()
    for g in contested:  # a conflict between two contested groups is shown once, under the first
        if g:
            g["conflicts"] = [x for x in g["conflicts"] if x["id"] not in shown]
            shown.update(x["id"] for x in g["conflicts"])
    other = [x for x in store.conflicts() if x["id"] not in shown]
    other_claims = store.claims_by_ids([c for x in other for c in x["claims"]])
    case.load(list(other_claims.values()))
    timeline = pages.timeline(store, links, limit=TIMELINE_ROWS)
    docs = store.documents()
    claims = store.claims()
    case.load(claims)
    by_doc: dict[str, list[Any]] = {}
    for c in claims:
        by_doc.setdefault(c.doc_id, []).append(c)
    all_copies = store.copies()
    sources = []
    for d in sorted(docs, key=lambda d: (d.published or "9999", d.outlet or "", d.id)):
        copy = all_copies.get(d.id)
        sources.append({"doc": d, "n": len(by_doc.get(d.id, [])),
                        "copy_of": (case.outlet(copy[0]), copy[1]) if copy else None,
                        "chains": Counter(case.chain(c) for c in by_doc.get(d.id, [])).most_common()})
    rules: dict[str, list[dict[str, Any]]] = {}
    for a in alerts:
        rules.setdefault(a["rule"], []).append(a)
    return {
        "title": "Case dossier", "links": links, "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "counts": overview["counts"], "outlets": overview["outlets"], "rules": rules,
        "contested": [g for g in contested if g],
        "other_conflicts": [case.conflict(x, other_claims) for x in other],
        "groups": case.summaries(all_groups), "timeline": timeline, "sources": sources,
        "css": Markup(render.static_text("app.css")), "csp": DOSSIER_CSP,
    }


def _gkey(gid: str) -> tuple[int, str]:
    digits = "".join(ch for ch in gid if ch.isdigit())
    return (int(digits) if digits else 0, gid)


def dossier_html(store: Store) -> str:
    """The whole dossier as one HTML string."""
    return render.environment().get_template("dossier.html").render(**dossier_context(store))
