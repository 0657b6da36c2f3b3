"""Rendering helpers shared by the web app and the HTML dossier: the Jinja2 environment, safe links,
highlighted article text and the small SVG charts (relay graph, timeline, entity network).

Everything that comes from an article is untrusted. Templates autoescape; the functions here that
build markup themselves escape every piece of text with `markupsafe.escape` and return `Markup`,
and no element ever gets an inline event handler or a `style` attribute (the CSP forbids both).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from claimgraph.store.fts import MARK_END, MARK_START

STATUS_COLOURS = {
    "corroborated": "#2f7d4f",
    "single-source": "#5b6f8a",
    "contested": "#b3261e",
    "ungrouped": "#9aa3ad",
}
STATUSES = ("corroborated", "single-source", "contested", "ungrouped")


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) link, else None: `javascript:`, `data:` and the like never
    become a link."""
    text = str(url or "").strip()
    if not text or any(ch in text for ch in "\x00\r\n\t"):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def marked(snippet: str) -> Markup:
    """A search snippet with its «match» markers turned into <mark>, everything else escaped."""
    out: list[str] = []
    rest = snippet or ""
    while MARK_START in rest:
        before, _, after = rest.partition(MARK_START)
        hit, _, rest = after.partition(MARK_END)
        out += [str(escape(before)), "<mark>", str(escape(hit)), "</mark>"]
    out.append(str(escape(rest)))
    return Markup("".join(out))


def label(value: object) -> str:
    """An identifier-like value for people: 'labour_deployment' → 'labour deployment'."""
    return str(value or "").replace("_", " ")


def cut(text: object, limit: int = 120) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def environment() -> Environment:
    """The Jinja2 environment for pages and the dossier: autoescape always on, strict undefined names."""
    env = Environment(loader=PackageLoader("claimgraph.present.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(safe_url=safe_url, marked=marked, label=label, cut=cut)
    env.globals.update(STATUS_COLOURS=STATUS_COLOURS, STATUSES=STATUSES)
    return env


def static_text(name: str) -> str:
    """A file from static/ (the dossier inlines the stylesheet)."""
    return resources.files("claimgraph.present.web").joinpath("static", name).read_text(encoding="utf-8")


# --- highlighted article text ------------------------------------------------------------------------------


@dataclass
class Span:
    """A stretch of the article to highlight: a claim's evidence, its status (for the colour) and a tooltip."""

    claim_id: str
    start: int
    end: int
    status: str
    title: str


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """The article with every span wrapped in a link to its claim card; text escaped piece by piece.

    Overlapping spans are cut at every boundary; a piece covered by several claims points at the
    shortest (the most specific) and is marked as shared.
    """
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[a:b])
        covering = [s for s in spans if s.start <= a and s.end >= b]
        if not covering:
            out.append(str(piece))
            continue
        s = min(covering, key=lambda x: (x.end - x.start, x.start))
        extra = " multi" if len(covering) > 1 else ""
        status = s.status if s.status in STATUS_COLOURS else "ungrouped"
        out.append(f'<a class="hl st-{status}{extra}" href="#claim-{escape(s.claim_id)}" '
                   f'data-claim="{escape(s.claim_id)}" title="{escape(s.title)}">{piece}</a>')
    return Markup("".join(out))


# --- SVG ----------------------------------------------------------------------------------------------------


def _text(x: float, y: float, body: str, cls: str = "", anchor: str = "start", limit: int = 28) -> str:
    shown = cut(body, limit)
    title = f"<title>{escape(body)}</title>" if shown != body else ""
    c = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{c}>{title}{escape(shown)}</text>'


def relay_graph(chains: Sequence[Sequence[str]], uid: str) -> Markup:
    """Who relayed whom, origin on the left: nodes laid out in columns by their furthest position in a
    chain, one arrow per distinct hop, origins drawn in the accent colour."""
    chains = [[str(x) for x in ch if str(x).strip()] for ch in chains]
    chains = [list(dict.fromkeys(ch)) for ch in chains if ch]
    if not chains:
        return Markup("")
    depth: dict[str, int] = {}
    for ch in chains:
        for i, n in enumerate(ch):
            depth[n] = max(depth.get(n, 0), i)
    origins = {ch[0] for ch in chains}
    for o in origins:  # an origin stays at the left even if another chain relays through it
        if all(ch.index(o) == 0 for ch in chains if o in ch):
            depth[o] = 0
    columns: dict[int, list[str]] = {}
    for n in depth:
        columns.setdefault(depth[n], []).append(n)
    w, h, gap_x, gap_y, pad = 176, 30, 64, 14, 8
    rows = max(len(v) for v in columns.values())
    width = pad * 2 + len(columns) * w + (len(columns) - 1) * gap_x
    height = pad * 2 + rows * h + (rows - 1) * gap_y
    pos: dict[str, tuple[float, float]] = {}
    for col, names in sorted(columns.items()):
        off = (rows - len(names)) * (h + gap_y) / 2
        for i, n in enumerate(names):
            pos[n] = (pad + col * (w + gap_x), pad + off + i * (h + gap_y))
    marker = f"arrow-{escape(uid)}"
    parts = [f'<svg class="relay" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="relay chain graph">',
             f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6f8a"/></marker></defs>']
    edges = {(a, b) for ch in chains for a, b in zip(ch, ch[1:], strict=False)}
    for a, b in sorted(edges):
        (ax, ay), (bx, by) = pos[a], pos[b]
        x1, y1, x2, y2 = ax + w, ay + h / 2, bx, by + h / 2
        if bx <= ax:  # same or earlier column: curve round below
            x1, x2 = ax + w / 2, bx + w / 2
            y1, y2 = ay + h, by + h
        parts.append(f'<path class="edge" d="M{x1:.1f},{y1:.1f} C{(x1 + x2) / 2:.1f},{y1:.1f} '
                     f'{(x1 + x2) / 2:.1f},{y2:.1f} {x2 - 2:.1f},{y2:.1f}" fill="none" stroke="#5b6f8a" '
                     f'stroke-width="1.4" marker-end="url(#{marker})"/>')
    for n, (x, y) in pos.items():
        cls = "node origin" if n in origins and depth[n] == 0 else "node"
        fill = "#fdf1dc" if "origin" in cls else "#eef2f7"
        stroke = "#b7791f" if "origin" in cls else "#8a9bb3"
        parts.append(f'<g class="{cls}"><rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="5" '
                     f'fill="{fill}" stroke="{stroke}"/>' + _text(x + w / 2, y + h / 2 + 4, n, anchor="middle")
                     + "</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass
class Bar:
    """One dated claim on the timeline."""

    start: date
    end: date
    status: str
    label: str
    title: str
    href: str | None


def _months(a: date, b: date) -> list[date]:
    out, d = [], date(a.year, a.month, 1)
    while d <= b:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def timeline(bars: Sequence[Bar], width: int = 980) -> Markup:
    """Interval bars on a date axis, one row per claim, coloured by group status, each linking to its
    evidence. The axis spans the claims' dates; ticks are months (or years over long spans)."""
    if not bars:
        return Markup("")
    lo = min(b.start for b in bars)
    hi = max(b.end for b in bars) + timedelta(days=1)
    if (hi - lo).days < 30:
        lo, hi = lo - timedelta(days=15), hi + timedelta(days=15)
    gutter, pad, row, top = 250, 10, 18, 34
    span = (hi - lo).days or 1
    plot = width - gutter - pad * 2

    def x(d: date) -> float:
        return gutter + pad + (d - lo).days / span * plot

    height = top + len(bars) * row + pad
    parts = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="timeline of dated claims">']
    months = _months(lo, hi)
    step = max(1, math.ceil(len(months) / 12))
    ticks = months[::step] if len(months) <= 48 else [m for m in months if m.month == 1]
    for m in ticks:
        if m < lo:
            continue
        tx = x(m)
        parts.append(f'<line class="tick" x1="{tx:.1f}" y1="{top - 8}" x2="{tx:.1f}" y2="{height - pad}" '
                     'stroke="#e1e5ea"/>')
        parts.append(_text(tx + 3, top - 12, m.strftime("%b %Y") if len(months) <= 48 else str(m.year), "axis"))
    for i, b in enumerate(bars):
        y = top + i * row
        x1, x2 = x(b.start), x(b.end + timedelta(days=1))
        colour = STATUS_COLOURS.get(b.status, STATUS_COLOURS["ungrouped"])
        rect = (f'<rect class="bar st-{escape(b.status)}" x="{x1:.1f}" y="{y + 3}" width="{max(x2 - x1, 4):.1f}" '
                f'height="{row - 6}" rx="2" fill="{colour}"><title>{escape(b.title)}</title></rect>')
        label_el = _text(pad, y + row - 5, b.label, "rowlabel", limit=40)
        href = safe_url_or_path(b.href)
        if href:
            parts.append(f'<a href="{escape(href)}">{label_el}{rect}</a>')
        else:
            parts.append(label_el + rect)
    parts.append("</svg>")
    return Markup("".join(parts))


def safe_url_or_path(href: str | None) -> str | None:
    """Links we build ourselves: a site path or an in-page anchor, else an http(s) URL, else nothing."""
    if not href:
        return None
    if (href.startswith("/") and not href.startswith("//")) or href.startswith("#"):
        return href
    return safe_url(href)


def network(center: str, neighbours: Sequence[tuple[str, str, int, str | None]], size: int = 460) -> Markup:
    """The entity in the middle, its most frequent co-occurring entities on a circle; edge width grows
    with the number of claims they share. `neighbours` holds (name, type, count, href)."""
    if not neighbours:
        return Markup("")
    cx = cy = size / 2
    r = size / 2 - 70
    most = max(n for _, _, n, _ in neighbours)
    parts = [f'<svg class="network" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
             f'width="{size}" height="{size}" role="img" aria-label="co-occurring entities">']
    nodes = []
    for i, (name, kind, n, href) in enumerate(neighbours):
        a = 2 * math.pi * i / len(neighbours) - math.pi / 2
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        sw = 1 + 5 * n / most
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#8a9bb3" '
                     f'stroke-width="{sw:.1f}" stroke-opacity="0.7"><title>{n} shared claims</title></line>')
        node = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{7 + 5 * n / most:.1f}" fill="#eef2f7" stroke="#5b6f8a"/>'
                + _text(x, y + 24, f"{name} ({n})", "nlabel", anchor="middle", limit=22)
                + f"<title>{escape(name)} · {escape(kind)} · {n} shared claims</title>")
        link = safe_url_or_path(href)
        nodes.append(f'<a href="{escape(link)}"><g class="nnode">{node}</g></a>' if link
                     else f'<g class="nnode">{node}</g>')
    parts += nodes
    parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="16" fill="#fdf1dc" stroke="#b7791f" stroke-width="2"/>')
    parts.append(_text(cx, cy + 34, center, "nlabel center", anchor="middle", limit=30))
    parts.append("</svg>")
    return Markup("".join(parts))
