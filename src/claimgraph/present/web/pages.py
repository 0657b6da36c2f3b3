"""What each view shows, loaded from the store with bounded queries and shaped for the templates.

The same builders serve the web app and the HTML dossier; only `Links` differs (site paths there,
in-file anchors here), so a view never hard-codes where it links to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from claimgraph.model import ANONYMOUS, MODALITIES, Claim, Document, Entity
from claimgraph.present.web import render
from claimgraph.store.db import Store

PAGE = 50


class Links:
    """Where things live in the web app."""

    def doc(self, doc_id: str, claim_id: str | None = None) -> str | None:
        return f"/docs/{quote(doc_id, safe='')}" + (f"#claim-{quote(claim_id, safe='')}" if claim_id else "")

    def group(self, group_id: str | None) -> str | None:
        return f"/groups/{quote(group_id, safe='')}" if group_id else None

    def entity(self, entity_id: str | None) -> str | None:
        if not entity_id or entity_id == ANONYMOUS:
            return None
        return f"/entities/{quote(entity_id, safe='')}"

    def search(self, **params: str) -> str:
        return "/search?" + urlencode({k: v for k, v in params.items() if v})


class DossierLinks(Links):
    """Anchors inside the one-file dossier: documents are in its sources section, groups in its tables."""

    def __init__(self, full_groups: set[str]) -> None:
        self.full_groups = full_groups

    def doc(self, doc_id: str, claim_id: str | None = None) -> str | None:
        return f"#doc-{quote(doc_id, safe='')}"

    def group(self, group_id: str | None) -> str | None:
        if not group_id:
            return None
        return f"#group-{quote(group_id, safe='')}" if group_id in self.full_groups else f"#grow-{group_id}"

    def entity(self, entity_id: str | None) -> str | None:
        return None


@dataclass
class Slot:
    """One slot of a claim for display: its label and its values, each with an optional link."""

    label: str
    values: list[tuple[str, str | None]]


@dataclass
class ClaimView:
    id: str
    doc_id: str
    doc_href: str | None
    outlet: str
    published: str
    title: str
    url: str | None
    evidence: str
    sentence: str
    event: str
    modality: str
    said: str
    slots: list[Slot]
    group: dict[str, Any] | None
    group_href: str | None
    status: str
    copy_of: str | None = None


@dataclass
class GroupSummary:
    id: str
    href: str | None
    status: str
    confidence: float
    origins: int
    size: int
    headline: str
    outlets: list[str] = field(default_factory=list)


def _fmt_when(c: Claim) -> str:
    w = c.when
    if w is None:
        return ""
    s, e, g = w.start, w.end, w.granularity
    if g == "day" or s == e:
        text = s.isoformat()
    elif g == "month":
        text = s.isoformat()[:7]
    elif g == "year" and s.year == e.year and (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        text = str(s.year)
    else:
        text = f"{s.isoformat()} – {e.isoformat()} ({g})"
    return text + (f" (“{w.text}”)" if w.text else "")


def _fmt_quantity(c: Claim) -> str:
    q = c.quantity
    if q is None:
        return ""
    value = int(q.value) if float(q.value).is_integer() else q.value
    approx = f"{render.label(q.approx)} " if q.approx else ""
    return f"{approx}{value}" + (f" {q.unit}" if q.unit else "") + (f" (“{q.text}”)" if q.text else "")


class Case:
    """Lookups for one page: documents, entities and groups of the claims shown, loaded in batches."""

    def __init__(self, store: Store, links: Links) -> None:
        self.store, self.links = store, links
        self.docs: dict[str, Document] = {}
        self.entities: dict[str, Entity] = {}
        self.group_of: dict[str, dict[str, Any]] = {}
        self._copies: dict[str, tuple[str, float]] | None = None
        self._copies_checked: set[str] = set()

    def load(self, claims: list[Claim], doc_ids: list[str] | None = None) -> None:
        """Fetch what `view()` needs for these claims (and extra documents) in a few queries."""
        want_docs = ({c.doc_id for c in claims} | set(doc_ids or [])) - set(self.docs)
        if want_docs:
            self.docs.update(self.store.documents_by_ids(want_docs))
        ents = {e for c in claims for e in (*c.actor, *c.target, *c.place, *c.via, c.said_by or "")}
        ents = {e for e in ents if e and e != ANONYMOUS and e not in self.entities}
        if ents:
            self.entities.update(self.store.entities_by_ids(ents))
        want = [c.id for c in claims if c.id not in self.group_of]
        if want:
            self.group_of.update(self.store.groups_of_claims(want))

    @property
    def copies(self) -> dict[str, tuple[str, float]]:
        """Which of the loaded documents are syndicated copies (looked up for new documents only)."""
        if self._copies is None:
            self._copies = {}
        todo = set(self.docs) - self._copies_checked
        if todo:
            self._copies.update(self.store.copies_of(todo))
            self._copies_checked |= todo
        return self._copies

    def name(self, ent_id: str | None) -> str:
        if ent_id == ANONYMOUS:
            return "an anonymous source"
        e = self.entities.get(ent_id or "")
        return e.name if e else (ent_id or "")

    def outlet(self, doc_id: str) -> str:
        d = self.docs.get(doc_id)
        return d.outlet if d and d.outlet else "unknown outlet"

    def published(self, doc_id: str) -> str:
        d = self.docs.get(doc_id)
        if d is None or not d.published:
            return "date unknown"
        return d.published + (" (inferred)" if d.published_inferred else "")

    def evidence(self, c: Claim) -> str:
        d = self.docs.get(c.doc_id)
        return (d.text[c.start:c.end] if d else "") or c.text

    def speaker(self, c: Claim) -> tuple[str | None, list[str]]:
        """Who says it (None: the outlet itself) and the relays it came through, readable, without repeats."""
        via = [self.name(v) for v in c.via if v != ANONYMOUS]
        if c.said_by:
            who = self.name(c.said_by)
        elif via:
            who, via = via[0], via[1:]
        else:
            return None, []
        return who, [v for v in dict.fromkeys(via) if v != who]

    def said(self, c: Claim) -> str:
        who, via = self.speaker(c)
        if who is None:
            return "the outlet itself"
        return who + (f", through {', '.join(via)}" if via else "")

    def chain(self, c: Claim) -> str:
        """Origin → relays → outlet, as text."""
        who, via = self.speaker(c)
        outlet = self.outlet(c.doc_id)
        if who is None:
            return f"{outlet} (own reporting)"
        parts = [who, *via]
        if parts[-1] != outlet:
            parts.append(outlet)
        return " → ".join(parts)

    def origin(self, text: str) -> str:
        """A stored origin key made readable (document ids become outlet and date)."""
        def doc(m: re.Match[str]) -> str:
            d = self.docs.get(m.group(1))
            return f"in {d.outlet or 'unknown outlet'} ({d.published or 'date unknown'})" if d else m.group(0)

        return re.sub(r"\bin (d[0-9a-f]{16})\b", doc, str(text))

    def ent_values(self, ids: list[str]) -> list[tuple[str, str | None]]:
        return [(self.name(e), self.links.entity(e)) for e in ids]

    def view(self, c: Claim) -> ClaimView:
        d = self.docs.get(c.doc_id)
        g = self.group_of.get(c.id)
        slots = [
            Slot("type", [(render.label(c.event_type or c.trigger or "—") + (f" (CAMEO {c.cameo})" if c.cameo
                                                                             else ""), None)]),
            Slot("actor", self.ent_values(c.actor)),
            Slot("target", self.ent_values(c.target)),
            Slot("place", self.ent_values(c.place)),
            Slot("when", [(_fmt_when(c), None)] if c.when else []),
            Slot("quantity", [(_fmt_quantity(c), None)] if c.quantity else []),
            Slot("said by", [(self.name(c.said_by), self.links.entity(c.said_by))] if c.said_by else []),
            Slot("via", self.ent_values([v for v in c.via if v != ANONYMOUS])),
            Slot("modality", [(c.modality + (", quoted" if c.quote else ""), None)]),
        ]
        copy_of = None
        if c.doc_id in self.copies:
            orig = self.copies[c.doc_id][0]
            copy_of = self.outlet(orig) if orig in self.docs else "an earlier report"
        return ClaimView(
            id=c.id, doc_id=c.doc_id, doc_href=self.links.doc(c.doc_id, c.id), outlet=self.outlet(c.doc_id),
            published=self.published(c.doc_id), title=(d.title if d else None) or c.doc_id,
            url=d.url if d else None, evidence=self.evidence(c), sentence=c.text,
            event=render.label(c.event_type or c.trigger or "event"), modality=c.modality, said=self.said(c),
            slots=slots, group=g, group_href=self.links.group(g["id"]) if g else None,
            status=g["status"] if g else "ungrouped", copy_of=copy_of)

    def summary(self, g: dict[str, Any], claims: dict[str, Claim]) -> GroupSummary:
        members = [claims[x] for x in g["claims"] if x in claims]
        texts = [" ".join(self.evidence(c).split()) for c in members]
        texts = [t for t in texts if t]
        outlets = list(dict.fromkeys(self.outlet(c.doc_id) for c in members))
        return GroupSummary(g["id"], self.links.group(g["id"]), g["status"] or "single-source",
                            g["confidence"] or 0.0, g["independent_origins"] or 0, len(g["claims"]),
                            min(texts, key=len) if texts else "(no evidence)", outlets)

    def summaries(self, groups: list[dict[str, Any]]) -> list[GroupSummary]:
        claims = self.store.claims_by_ids([x for g in groups for x in g["claims"]])
        self.load(list(claims.values()))
        return [self.summary(g, claims) for g in groups]

    def conflict(self, x: dict[str, Any], claims: dict[str, Claim]) -> dict[str, Any]:
        expl = x.get("explanation") or {}
        text = expl.get("text") if isinstance(expl, dict) else str(expl)
        sides = []
        for key, cid in zip(("a", "b"), x["claims"], strict=False):
            c = claims.get(cid)
            fallback = expl.get(key, "") if isinstance(expl, dict) else ""
            sides.append({"label": key.upper(), "claim": self.view(c) if c else None, "fallback": fallback})
        return {"id": x["id"], "reason": x["reason"], "text": text or "no explanation stored", "sides": sides}


def _rule_info() -> dict[str, tuple[str, str]]:
    try:
        from claimgraph.assess.watch import rules

        return {r.id: (r.title, r.description) for r in rules()}
    except Exception:  # a broken rules file must not take the pages down
        return {}


def alert_views(case: Case, alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    claims = case.store.claims_by_ids([x for a in alerts for x in a["claims"]])
    case.load(list(claims.values()))
    info = _rule_info()
    out = []
    for a in alerts:
        out.append({"id": a["id"], "rule": a["rule"], "rule_title": info.get(a["rule"], ("", ""))[0],
                    "explanation": a["explanation"],
                    "claims": [case.view(claims[x]) for x in a["claims"] if x in claims],
                    "missing": [x for x in a["claims"] if x not in claims]})
    return out


# --- views --------------------------------------------------------------------------------------------------


def overview(store: Store, links: Links, n_alerts: int = 8, n_groups: int = 10, n_docs: int = 12) -> dict[str, Any]:
    """Case overview: counts, alerts first, contested groups, newest documents, sources."""
    case = Case(store, links)
    stats = store.stats()
    counts = {**{k: stats[k] for k in ("documents", "claims", "entities", "problems")}, **store.link_counts()}
    docs = store.recent_documents(n_docs)
    return {
        "counts": counts,
        "rules": store.alert_rules(),
        "alerts": alert_views(case, store.alerts_page(limit=n_alerts)),
        "contested": case.summaries(store.groups_page(status="contested", limit=n_groups)),
        "docs": [{"doc": d, "href": links.doc(d.id)} for d in docs],
        "outlets": store.outlets()[:15],
        "last_run": stats.get("last_run"),
    }


def document(store: Store, links: Links, doc_id: str) -> dict[str, Any] | None:
    """The article with every claim highlighted, and a card per claim with its slots and group."""
    doc = store.document(doc_id)
    if doc is None:
        return None
    case = Case(store, links)
    case.docs[doc.id] = doc
    claims = store.claims(doc_id)
    case.load(claims)
    views = [case.view(c) for c in claims]
    spans = [render.Span(v.id, c.start, c.end, v.status, f"{v.event} · {v.modality} · said by {v.said}")
             for c, v in zip(claims, views, strict=True)]
    copy = case.copies.get(doc_id)
    copy_of = None
    if copy:
        case.load([], [copy[0]])
        copy_of = {"outlet": case.outlet(copy[0]), "href": links.doc(copy[0]), "similarity": copy[1]}
    conflicts = store.conflicts_of_claims([c.id for c in claims])
    return {"doc": doc, "text": render.highlight(doc.text, spans), "claims": views, "copy_of": copy_of,
            "n_conflicts": len(conflicts), "mentions": len(store.mentions(doc_id))}


def group(store: Store, links: Links, group_id: str) -> dict[str, Any] | None:
    """All reports of one claim side by side, the relay graph, origins and conflicts with both sides."""
    g = store.group(group_id)
    if g is None:
        return None
    case = Case(store, links)
    conflicts = store.conflicts_of_claims(g["claims"])
    claims = store.claims_by_ids(g["claims"] + [x for c in conflicts for x in c["claims"]])
    case.load(list(claims.values()))
    members = [claims[x] for x in g["claims"] if x in claims]
    members.sort(key=lambda c: (case.docs[c.doc_id].published or "9999" if c.doc_id in case.docs else "9999",
                                c.doc_id))
    expl = g.get("explanation") or {}
    chains = expl.get("chains") or []
    return {
        "group": g, "summary": case.summary(g, claims), "reports": [case.view(c) for c in members],
        "graph": render.relay_graph(chains, g["id"]),
        "origins": [case.origin(o) for o in expl.get("origins") or []],
        "reasons": [r for r in expl.get("reasons") or [] if " conflict: " not in r],
        "conflicts": [case.conflict(x, claims) for x in conflicts],
    }


def timeline(store: Store, links: Links, entity: str | None = None, event_type: str | None = None,
             limit: int = 300) -> dict[str, Any]:
    """Dated claims as interval bars, filterable by entity and type."""
    case = Case(store, links)
    claims = store.dated_claims(event_type=event_type or None, entity_id=entity or None, limit=limit)
    case.load(claims)
    bars = []
    for c in claims:
        assert c.when is not None
        v = case.view(c)
        bars.append(render.Bar(c.when.start, c.when.end, v.status, f"{_fmt_when_short(c)} {v.event} · {v.outlet}",
                               f"{_fmt_when(c)} — {v.event} ({v.modality}, {v.status}), {v.outlet}: "
                               f"{render.cut(v.evidence, 200)}", links.doc(c.doc_id, c.id)))
    top = list(store.mention_counts().items())[:80]
    names = store.entities_by_ids([e for e, _ in top])
    return {"svg": render.timeline(bars), "n": len(bars), "limit": limit, "entity": entity or "",
            "event_type": event_type or "", "types": store.event_types(),
            "entities": sorted(((e, names[e].name) for e, _ in top if e in names), key=lambda x: x[1].lower()),
            "statuses": Counter(b.status for b in bars)}


def _fmt_when_short(c: Claim) -> str:
    w = c.when
    if w is None:
        return ""
    return w.start.isoformat()[:7] if w.granularity == "month" else w.start.isoformat()


def entity(store: Store, links: Links, entity_id: str, limit: int = 300) -> dict[str, Any] | None:
    """Aliases, claims where the entity acts, is targeted, is the place or speaks, and who it appears with."""
    ent = store.entity(entity_id)
    if ent is None:
        return None
    case = Case(store, links)
    case.entities[ent.id] = ent
    claims = store.claims_of_entity(entity_id, limit=limit)
    case.load(claims)
    roles: dict[str, list[ClaimView]] = {"actor": [], "target": [], "place": [], "source": []}
    together: Counter[str] = Counter()
    for c in claims:
        v = case.view(c)
        if entity_id in c.actor:
            roles["actor"].append(v)
        if entity_id in c.target:
            roles["target"].append(v)
        if entity_id in c.place:
            roles["place"].append(v)
        if entity_id == c.said_by or entity_id in c.via:
            roles["source"].append(v)
        together.update({e for e in (*c.actor, *c.target, *c.place, *c.via, c.said_by or "")
                         if e and e != entity_id and e != ANONYMOUS})
    top = together.most_common(12)
    missing = [e for e, _ in top if e not in case.entities]
    if missing:
        case.entities.update(store.entities_by_ids(missing))
    neighbours = [(case.name(e), case.entities[e].type if e in case.entities else "?", n, links.entity(e))
                  for e, n in top]
    return {"entity": ent, "roles": roles, "n": len(claims), "limit": limit,
            "graph": render.network(ent.name, neighbours),
            "neighbours": [{"name": nm, "type": t, "n": n, "href": h} for nm, t, n, h in neighbours],
            "timeline_href": f"/timeline?entity={quote(entity_id, safe='')}"}


SEARCH_FILTERS = ("outlet", "date_from", "date_to", "event_type", "modality", "status")


def search(store: Store, links: Links, q: str, filters: dict[str, str], limit: int = PAGE) -> dict[str, Any]:
    """Full text over documents and claims with filters; claim filters (type, modality, status) keep only
    claims, and filters alone (no words) list the matching claims, newest first."""
    f = {k: (filters.get(k) or "").strip() for k in SEARCH_FILTERS}
    for k in ("date_from", "date_to"):
        if f[k] and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", f[k]):
            f[k] = ""
    claim_only = any(f[k] for k in ("event_type", "modality", "status"))
    case = Case(store, links)
    results: list[dict[str, Any]] = []
    searched = bool(q.strip()) or any(f.values())
    if q.strip():
        hits = store.search(q, limit=1000 if any(f.values()) else limit)  # filtered: rank deeper, then filter
        claim_ids = [h.claim_id for h in hits if h.kind == "claim" and h.claim_id]
        kept = set(store.filter_claims(claim_ids, limit=len(claim_ids) or 1, **_claim_filters(f))) if any(
            f.values()) else set(claim_ids)
        claims = store.claims_by_ids([x for x in claim_ids if x in kept][:limit])
        case.load(list(claims.values()))
        for h in hits:
            if h.kind == "claim":
                if h.claim_id in claims:
                    results.append({"kind": "claim", "snippet": render.marked(h.snippet),
                                    "claim": case.view(claims[h.claim_id])})
            elif not claim_only and _doc_passes(h.outlet, h.published, f):
                results.append({"kind": "document", "snippet": render.marked(h.snippet), "title": h.title or h.doc_id,
                                "outlet": h.outlet or "unknown outlet", "published": h.published or "date unknown",
                                "href": links.doc(h.doc_id)})
            if len(results) >= limit:
                break
    elif any(f.values()):
        ids = store.filter_claims(None, limit=limit, **_claim_filters(f))
        claims = store.claims_by_ids(ids)
        case.load(list(claims.values()))
        results = [{"kind": "claim", "snippet": None, "claim": case.view(claims[x])} for x in ids if x in claims]
    return {"q": q, "filters": f, "results": results, "searched": searched, "limit": limit,
            "outlets": [o for o, _ in store.outlets() if o], "types": [t for t, _ in store.event_types()],
            "modalities": MODALITIES, "statuses": render.STATUSES}


def _claim_filters(f: dict[str, str]) -> dict[str, str | None]:
    return {k: (f[k] or None) for k in SEARCH_FILTERS}


def _doc_passes(outlet: str | None, published: str | None, f: dict[str, str]) -> bool:
    if f["outlet"] and outlet != f["outlet"]:
        return False
    if f["date_from"] and (not published or published < f["date_from"]):
        return False
    return not (f["date_to"] and (not published or published > f["date_to"] + "~"))


def alerts(store: Store, links: Links, rule: str | None = None, page: int = 1) -> dict[str, Any]:
    """Alerts per watch rule: the claims that raise it and why, a page at a time."""
    case = Case(store, links)
    counts = store.alert_rules()
    info = _rule_info()
    rules = [{"id": r, "n": n, "title": info.get(r, ("", ""))[0], "description": info.get(r, ("", ""))[1],
              "alerts": alert_views(case, store.alerts_page(rule=r, limit=PAGE, offset=(page - 1) * PAGE))}
             for r, n in counts.items() if not rule or r == rule]
    return {"rules": rules, "rule": rule or "", "page": page, "page_size": PAGE}


def groups(store: Store, links: Links, status: str | None = None, page: int = 1) -> dict[str, Any]:
    case = Case(store, links)
    return {"groups": case.summaries(store.groups_page(status=status or None, limit=PAGE, offset=(page - 1) * PAGE)),
            "status": status or "", "page": page, "page_size": PAGE, "statuses": render.STATUSES[:3]}


def documents(store: Store, links: Links, page: int = 1) -> dict[str, Any]:
    docs = store.recent_documents(PAGE, (page - 1) * PAGE)
    return {"docs": [{"doc": d, "href": links.doc(d.id)} for d in docs], "page": page, "page_size": PAGE,
            "total": store.stats()["documents"]}


