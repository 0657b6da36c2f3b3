"""A short Markdown summary of what the store holds, written for a person reading the demo output."""

from __future__ import annotations

from collections import Counter

from claimgraph.model import MODALITIES
from claimgraph.store.db import Store

#: CAMEO root codes (two digits) with their names, so the summary reads as words, not numbers.
CAMEO_ROOTS = {
    "01": "make public statement", "02": "appeal", "03": "express intent to cooperate", "04": "consult",
    "05": "engage in diplomatic cooperation", "06": "engage in material cooperation", "07": "provide aid",
    "08": "yield", "09": "investigate", "10": "demand", "11": "disapprove", "12": "reject",
    "13": "threaten", "14": "protest", "15": "exhibit force posture", "16": "reduce relations",
    "17": "coerce", "18": "assault", "19": "fight", "20": "use unconventional mass violence",
}
MAX_PROBLEMS = 20
TOP_ENTITIES = 10


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return out


def summary_markdown(store: Store) -> str:
    """Counts, problems, claims by modality and CAMEO root, top entities, and one line per document."""
    st = store.stats()
    claims = store.claims()
    entities = store.entities()
    lines = [
        "# claimgraph summary",
        "",
        f"**{_plural(st['documents'], 'document')}**, **{_plural(st['claims'], 'claim')}**, "
        f"**{_plural(st['entities'], 'entity', 'entities')}**, "
        f"**{_plural(st['problems'], 'problem')}**.",
    ]
    run = st["last_run"]
    if run:
        lines += ["", f"Last run: {run['documents_read']} read, {run['documents_new']} new, "
                      f"{run['problems']} with problems."]

    problems = list(dict.fromkeys((p.source, p.reason) for p in store.problems()))
    if problems:
        lines += ["", "## Problems", ""]
        lines += [f"- `{src}`: {reason}" for src, reason in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            lines.append(f"- … and {len(problems) - MAX_PROBLEMS} more")

    if claims:
        by_mod = Counter(c.modality for c in claims)
        order = [m for m in MODALITIES if m in by_mod] + sorted(m for m in by_mod if m not in MODALITIES)
        lines += ["", "## Claims by modality", ""]
        lines += _table(("modality", "claims"), [(m, by_mod[m]) for m in order])

        by_root = Counter((c.cameo or "")[:2] for c in claims)
        rows = [(root, CAMEO_ROOTS.get(root, "?"), n) for root, n in sorted(by_root.items()) if root]
        if by_root.get(""):
            rows.append(("—", "no event code", by_root[""]))
        lines += ["", "## Claims by CAMEO root", ""]
        lines += _table(("root", "event", "claims"), rows)

    counts = store.mention_counts()
    if counts:
        lines += ["", "## Most-mentioned entities", ""]
        for i, (eid, n) in enumerate(list(counts.items())[:TOP_ENTITIES], 1):
            e = entities.get(eid)
            label = f"{e.name} ({e.type})" if e else eid
            lines.append(f"{i}. {label}: {_plural(n, 'mention')}")

    docs = store.documents()
    if docs:
        per_doc = store.claim_counts()
        lines += ["", "## Documents", ""]
        for d in docs:
            when = d.published or "date unknown"
            if d.published and d.published_inferred:
                when += " (inferred)"
            title = d.title or d.external_id or d.source or d.id
            lines.append(f"- **{d.outlet or 'unknown outlet'}**, {when}: {title} "
                         f"({_plural(per_doc.get(d.id, 0), 'claim')})")
    return "\n".join(lines) + "\n"
