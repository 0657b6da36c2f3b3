"""The case dossier: a Markdown report for an analyst or a sanctions panel, built from a linked store.

Sections, most urgent first: watch-rule alerts, contested claims with both sides quoted, corroboration
of every group, a timeline of dated claims, and the sources with their relay chains. Every piece of text
that comes from an article (evidence, titles, outlet and entity names) passes through `md_escape`, so a
report cannot inject links, HTML or table breaks into the dossier.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from claimgraph.model import ANONYMOUS, Claim, Document, Entity, TimeSpan
from claimgraph.store.db import Store

EVIDENCE_SHORT = 120  # timeline and table cells
EVIDENCE_LONG = 400  # conflict sides
MAX_PROBLEMS = 30

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(text: object) -> str:
    """Untrusted text as inert Markdown: one line, with ``\\ ` * _ [ ] < > |`` backslash-escaped."""
    flat = re.sub(r"\s+", " ", str(text or "")).strip()
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _cut(text: str, limit: int) -> str:
    flat = re.sub(r"\s+", " ", text or "").strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _quote(text: str, limit: int | None = None) -> str:
    """Evidence in curly quotes, escaped; cut to `limit` characters when given."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    return f"“{md_escape(_cut(flat, limit) if limit else flat)}”"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _gkey(gid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", gid)
    return (int(digits) if digits else 0, gid)


def _when(span: TimeSpan | None) -> str:
    if span is None:
        return ""
    s, e, g = span.start, span.end, span.granularity
    if g == "day" or s == e:
        out = s.isoformat()
    elif g == "month":
        out = s.isoformat()[:7]
    elif g == "year" and (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        out = str(s.year)
    else:
        out = f"{s.isoformat()}..{e.isoformat()} ({g})"
    return out + (f" (“{md_escape(span.text)}”)" if span.text else "")


def _timeline_date(span: TimeSpan) -> str:
    return span.start.isoformat()[:7] if span.granularity == "month" else span.start.isoformat()


class _Case:
    """The store's contents, loaded once, with the lookups every section needs."""

    def __init__(self, store: Store) -> None:
        self.docs: dict[str, Document] = {d.id: d for d in store.documents()}
        self.claims: dict[str, Claim] = {c.id: c for c in store.claims()}
        self.entities: dict[str, Entity] = store.entities()
        self.groups: list[dict[str, Any]] = sorted(store.groups(), key=lambda g: _gkey(g["id"]))
        self.conflicts: list[dict[str, Any]] = store.conflicts()
        self.alerts: list[dict[str, Any]] = store.alerts()
        self.copies: dict[str, tuple[str, float]] = store.copies()
        self.problems = list(dict.fromkeys((p.source, p.reason) for p in store.problems()))
        self.group_of: dict[str, dict[str, Any]] = {c: g for g in self.groups for c in g["claims"]}
        # origins are stored lower-cased for outlets and with document ids for anonymous sources
        self.proper: dict[str, str] = {e.name.lower(): e.name for e in self.entities.values()}
        self.proper.update({d.outlet.lower(): d.outlet for d in self.docs.values() if d.outlet})

    # --- small lookups ------------------------------------------------------------------------------

    def name(self, ent_id: str) -> str:
        e = self.entities.get(ent_id)
        return md_escape(e.name if e else ent_id)

    def outlet(self, doc_id: str) -> str:
        d = self.docs.get(doc_id)
        return md_escape(d.outlet if d and d.outlet else "unknown outlet")

    def published(self, doc_id: str) -> str:
        d = self.docs.get(doc_id)
        if d is None or not d.published:
            return "date unknown"
        return d.published + (" (inferred)" if d.published_inferred else "")

    def origin(self, text: str) -> str:
        """A stored origin key made readable: proper outlet names, document ids as outlet and date."""
        def doc(m: re.Match[str]) -> str:
            d = self.docs.get(m.group(1))
            return f"in {d.outlet or 'unknown outlet'} ({d.published or 'date unknown'})" if d else m.group(0)

        text = re.sub(r"\bin (d[0-9a-f]{16})\b", doc, text)
        head, sep, rest = text.rpartition(" via ")
        if sep:
            return md_escape(head + sep + self.proper.get(rest.lower(), rest))
        return md_escape(self.proper.get(text.lower(), text))

    def origins(self, g: dict[str, Any]) -> str:
        return "; ".join(self.origin(o) for o in (g.get("explanation") or {}).get("origins") or [])

    def copy_note(self, doc_id: str) -> str:
        if doc_id not in self.copies:
            return ""
        return f" (syndicated copy of {self.outlet(self.copies[doc_id][0])})"

    def evidence(self, c: Claim) -> str:
        d = self.docs.get(c.doc_id)
        return d.text[c.start:c.end] if d else c.text

    def speaker(self, c: Claim) -> tuple[str, list[str]]:
        """Who says it (readable) and the relays it came through, without repeats."""
        via = [v for v in c.via if v != ANONYMOUS]
        if c.said_by == ANONYMOUS:
            who = "an anonymous source"
        elif c.said_by:
            who = self.name(c.said_by)
        elif via:  # no speaker named: the first relay is where it comes from
            who, via = self.name(via[0]), via[1:]
        else:
            return "the outlet itself", []
        names = [n for n in dict.fromkeys(self.name(v) for v in via) if n != who]
        return who, names

    def chain(self, c: Claim) -> str:
        who, via = self.speaker(c)
        outlet = self.outlet(c.doc_id)
        if who == "the outlet itself":
            return f"{outlet} (own reporting)"
        parts = [who, *via]
        if parts[-1] != outlet:
            parts.append(outlet)
        return " → ".join(parts)

    def said(self, c: Claim) -> str:
        who, via = self.speaker(c)
        return who + (f", through {', '.join(via)}" if via else "")

    def short_evidence(self, g: dict[str, Any], limit: int = 100) -> str:
        texts = [self.evidence(self.claims[x]) for x in g["claims"] if x in self.claims]
        texts = [t for t in (re.sub(r"\s+", " ", t).strip() for t in texts) if t]
        return _quote(min(texts, key=len), limit) if texts else "(no evidence)"

    def group_line(self, g: dict[str, Any] | None) -> str:
        if g is None:
            return "no other report states it (not grouped)"
        return (f"group {g['id']}: {g['status']}, {_plural(g['independent_origins'], 'independent origin')} "
                f"behind {_plural(len(g['claims']), 'report')}, confidence {g['confidence']:.2f}")

    def side(self, label: str, cid: str, fallback: str) -> list[str]:
        c = self.claims.get(cid)
        if c is None:
            return [f"- {label}: (claim {md_escape(cid)} no longer stored) {_quote(fallback, EVIDENCE_LONG)}"]
        return [f"- **{label}** — {self.outlet(c.doc_id)}, {self.published(c.doc_id)}; said by {self.said(c)}; "
                f"{c.modality}:",
                f"  {_quote(self.evidence(c) or fallback, EVIDENCE_LONG)}"]


# --- sections ---------------------------------------------------------------------------------------------


def _header(case: _Case) -> list[str]:
    dates = sorted(d.published for d in case.docs.values() if d.published)
    outlets = {d.outlet for d in case.docs.values() if d.outlet}
    undated = sum(1 for d in case.docs.values() if not d.published)
    contested = sum(1 for g in case.groups if g["status"] == "contested")
    span = f"published {dates[0]} to {dates[-1]}" if dates else "no publication dates"
    if undated and dates:
        span += f" ({undated} undated)"
    return [
        "# Case dossier",
        "",
        f"**{_plural(len(case.docs), 'document')}** from **{_plural(len(outlets), 'outlet')}**, "
        f"{span}. **{_plural(len(case.claims), 'claim')}** read; "
        f"**{_plural(len(case.groups), 'group')}** of the same claim across reports "
        f"({contested} contested); **{_plural(len(case.conflicts), 'conflict')}**; "
        f"**{_plural(len(case.alerts), 'alert')}**.",
        "",
        "Sections: 1. Alerts · 2. Contested claims · 3. Corroboration · 4. Timeline · "
        "5. Sources and relay chains" + (" · 6. Problems" if case.problems else ""),
        "",
        "Quoted evidence is the exact wording of the report (whitespace collapsed). Article text is untrusted "
        "and shown with Markdown characters escaped.",
    ]


def _rule_info() -> dict[str, tuple[str, str]]:
    try:
        from claimgraph.assess.watch import rules

        return {r.id: (r.title, r.description) for r in rules()}
    except Exception:  # a broken rules file must not stop the report
        return {}


def _alerts(case: _Case) -> list[str]:
    lines = ["", f"## 1. Alerts ({len(case.alerts)})", ""]
    if not case.alerts:
        return lines + ["No claim raised a watch rule."]
    info = _rule_info()
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for a in case.alerts:
        by_rule.setdefault(a["rule"], []).append(a)
    n = 0
    for rule, alerts in by_rule.items():
        title, description = info.get(rule, ("", ""))
        lines += [f"### Rule {md_escape(rule)}" + (f": {md_escape(title)}" if title else ""), ""]
        if description:
            lines += [f"> {md_escape(description)}", ""]
        ids = [x for a in alerts for x in a["claims"] if x in case.claims]
        docs = {case.claims[x].doc_id for x in ids}
        outlets = {case.docs[d].outlet for d in docs if d in case.docs}
        statuses = Counter(case.group_of[x]["status"] if x in case.group_of else "ungrouped" for x in ids)
        labels = {"corroborated": "in corroborated groups", "contested": "in contested groups",
                  "single-source": "in single-source groups", "ungrouped": "in no group"}
        parts = [f"{statuses[k]} {v}" for k, v in labels.items() if statuses[k]]
        lines += [f"{_plural(len(alerts), 'alert')} from {_plural(len(docs), 'report')} by "
                  f"{_plural(len(outlets), 'outlet')}: {', '.join(parts)}. Oldest publication first.", ""]

        def order(a: dict[str, Any]) -> tuple[str, str]:
            c = case.claims.get(a["claims"][0]) if a["claims"] else None
            d = case.docs.get(c.doc_id) if c else None
            return ((d.published if d and d.published else "9999"), a["claims"][0] if a["claims"] else "")

        for a in sorted(alerts, key=order):
            for cid in a["claims"]:
                n += 1
                c = case.claims.get(cid)
                if c is None:
                    lines += [f"**A{n}.** claim {md_escape(cid)} (no longer stored) — {md_escape(a['explanation'])}",
                              ""]
                    continue
                when = _when(c.when) or "no date in the claim; the publication date counts"
                event = (c.event_type or c.trigger or "event").replace("_", " ")
                lines += [
                    f"**A{n}. {case.outlet(c.doc_id)}, {case.published(c.doc_id)}**{case.copy_note(c.doc_id)} — "
                    f"{md_escape(event)}, {c.modality}",
                    "",
                    f"> {_quote(case.evidence(c))}",
                    "",
                    f"- Who says it: {case.said(c)}",
                    f"- When: {when}",
                    f"- Why it alerts: {md_escape(a['explanation'])}",
                    f"- Corroboration: {case.group_line(case.group_of.get(cid))}",
                ]
                g = case.group_of.get(cid)
                if g is not None and case.origins(g):
                    lines.append(f"- Independent origins: {case.origins(g)}")
                lines.append("")
    return lines[:-1] if lines[-1] == "" else lines


def _contested(case: _Case) -> list[str]:
    contested = [g for g in case.groups if g["status"] == "contested"]
    lines = ["", f"## 2. Contested claims ({_plural(len(contested), 'group')})", ""]
    inside: set[int] = set()
    if not contested:
        lines.append("No group of reports is contested.")
    for g in contested:
        ids = set(g["claims"])
        # inside it, or with a report outside; a conflict between two contested groups once, under the first
        mine = [x for x in case.conflicts if set(x["claims"]) & ids and x["id"] not in inside]
        inside.update(x["id"] for x in mine)
        expl = g.get("explanation") or {}
        reasons = [r for r in expl.get("reasons") or [] if " conflict: " not in r]
        lines += [
            f"### Group {md_escape(g['id'])}: {case.short_evidence(g)}",
            "",
            f"Confidence {g['confidence']:.2f}; {_plural(g['independent_origins'], 'independent origin')} "
            f"behind {_plural(len(g['claims']), 'report')}; {_plural(len(mine), 'conflict')}.",
        ]
        if reasons:
            lines += ["", "Reasons: " + "; ".join(md_escape(r) for r in reasons) + "."]
        if case.origins(g):
            lines += ["", f"Independent origins: {case.origins(g)}."]
        for x in mine:
            lines += _conflict(case, x, groups=not set(x["claims"]) <= ids)
        lines.append("")
    others = [x for x in case.conflicts if x["id"] not in inside]
    if others:
        lines += ["### Conflicts between reports outside a contested group"]
        for x in others:
            lines += _conflict(case, x, groups=True)
        lines.append("")
    return lines[:-1] if lines[-1] == "" else lines


def _conflict(case: _Case, x: dict[str, Any], groups: bool = False) -> list[str]:
    expl = x.get("explanation") or {}
    text = expl.get("text") if isinstance(expl, dict) else str(expl)
    a, b = (list(x["claims"]) + ["", ""])[:2]
    lines = ["", f"**Conflict {x['id']} ({md_escape(x['reason'])})**: {md_escape(text or 'no explanation stored')}",
             ""]
    lines += case.side("A", a, expl.get("a", "") if isinstance(expl, dict) else "")
    lines += case.side("B", b, expl.get("b", "") if isinstance(expl, dict) else "")
    if groups:
        ga, gb = case.group_of.get(a), case.group_of.get(b)
        lines.append(f"- A: {case.group_line(ga)}. B: {case.group_line(gb)}.")
    return lines


def _corroboration(case: _Case) -> list[str]:
    lines = ["", f"## 3. Corroboration ({_plural(len(case.groups), 'group')})", ""]
    if not case.groups:
        return lines + ["No groups: run `claimgraph build` after ingesting, or no claim is reported twice."]
    counts = Counter(g["status"] for g in case.groups)
    lines += [", ".join(f"{n} {s}" for s, n in counts.most_common()) + ". Largest groups first; the claim is "
              "the shortest evidence in the group.", ""]
    lines += ["| group | claim | status | independent origins | reports | confidence | origins |",
              "|---|---|---|---|---|---|---|"]
    ordered = sorted(case.groups, key=lambda g: (-len(g["claims"]), -g["confidence"], _gkey(g["id"])))
    for g in ordered:
        lines.append(f"| {md_escape(g['id'])} | {case.short_evidence(g, EVIDENCE_SHORT)} | {g['status']} | "
                     f"{g['independent_origins']} | {len(g['claims'])} | {g['confidence']:.2f} | {case.origins(g)} |")
    return lines


def _timeline(case: _Case) -> list[str]:
    dated = [c for c in case.claims.values() if c.when and c.when.granularity in ("day", "month")]
    dated.sort(key=lambda c: (c.when.start, c.when.end, case.published(c.doc_id), c.id))  # type: ignore[union-attr]
    lines = ["", f"## 4. Timeline ({_plural(len(dated), 'dated claim')})", ""]
    if not dated:
        return lines + ["No claim is dated to a day or a month."]
    lines += ["Claims dated to a day or a month, by the date of the event (not of the report).", ""]
    for c in dated:
        assert c.when is not None
        event = md_escape((c.event_type or "").replace("_", " ") or c.trigger or "event")
        actors = ", ".join(case.name(a) for a in c.actor)
        copy = " (copy)" if c.doc_id in case.copies else ""
        lines.append(f"- **{_timeline_date(c.when)}** {event}" + (f" — {actors}" if actors else "")
                     + f": {_quote(case.evidence(c), EVIDENCE_SHORT)} ({case.outlet(c.doc_id)}{copy}, {c.modality})")
    return lines


def _sources(case: _Case) -> list[str]:
    docs = sorted(case.docs.values(), key=lambda d: (d.published or "9999", d.outlet or "", d.id))
    lines = ["", f"## 5. Sources and relay chains ({_plural(len(docs), 'document')})", ""]
    by_doc: dict[str, list[Claim]] = {}
    for c in case.claims.values():
        by_doc.setdefault(c.doc_id, []).append(c)
    for d in docs:
        title = md_escape(d.title or d.external_id or d.source or d.id)
        claims = by_doc.get(d.id, [])
        lines += [f"### {case.outlet(d.id)}, {case.published(d.id)}", "", f"*{title}* — "
                  f"{_plural(len(claims), 'claim')}" + (f"; {md_escape(d.url)}" if d.url else "")]
        if d.id in case.copies:
            orig_id, sim = case.copies[d.id]
            o = case.docs.get(orig_id)
            what = (f"{case.outlet(orig_id)}, “{md_escape(o.title or o.id)}” ({case.published(orig_id)})"
                    if o else md_escape(orig_id))
            lines += ["", f"Syndicated: copy of {what}, text similarity {sim:.2f}. Its claims share the "
                          "original's origins."]
        copied_by = [x for x, (orig, _) in case.copies.items() if orig == d.id and x in case.docs]
        if copied_by:
            lines += ["", "Copied by: " + "; ".join(f"{case.outlet(x)} ({case.published(x)})" for x in copied_by)
                      + "."]
        chains = Counter(case.chain(c) for c in claims)
        if chains:
            lines += ["", "Relay chains (origin → relays → outlet):", ""]
            lines += [f"- {ch} — {_plural(n, 'claim')}" for ch, n in chains.most_common()]
        lines.append("")
    return lines[:-1] if lines[-1] == "" else lines


def _problems(case: _Case) -> list[str]:
    if not case.problems:
        return []
    lines = ["", f"## 6. Problems ({_plural(len(case.problems), 'input')} could not be read)", ""]
    lines += [f"- {md_escape(src)}: {md_escape(reason)}" for src, reason in case.problems[:MAX_PROBLEMS]]
    if len(case.problems) > MAX_PROBLEMS:
        lines.append(f"- … and {len(case.problems) - MAX_PROBLEMS} more")
    return lines


def dossier_markdown(store: Store) -> str:
    """The whole dossier as one Markdown string (ends with a newline)."""
    case = _Case(store)
    lines = _header(case)
    for section in (_alerts, _contested, _corroboration, _timeline, _sources, _problems):
        lines += section(case)
    return "\n".join(lines) + "\n"
