"""End to end in a real headless chromium: the analyst's path from an alert to the evidence, search, the
timeline, and an article full of script payloads that must not run anywhere it is shown."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from claimgraph.store.db import Store

pytestmark = pytest.mark.browser

NO_HANDLERS = """() => Array.from(document.querySelectorAll('*')).filter(
  el => Array.from(el.attributes).some(a => a.name.toLowerCase().startsWith('on'))).map(el => el.outerHTML)"""
BAD_LINKS = """() => Array.from(document.querySelectorAll('a[href], [src], form[action]')).map(
  el => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action'))
  .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u))"""
SCRIPTS = "() => Array.from(document.scripts).map(s => s.getAttribute('src'))"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_alert_to_group_to_conflict_to_highlighted_evidence(page: Any, live: str, store: Store) -> None:
    page.goto(live + "/")
    assert page.locator("h1").inner_text() == "Case overview"
    alerts = page.locator("li.alert")
    assert alerts.count() >= 1
    # an alert whose claim sits in a contested group: follow it to the group
    alert = page.locator("li.alert:has(.badge.st-contested)").first
    alert.locator("a.grouplink").first.click()
    page.wait_for_url(re.compile(r"/groups/"))
    gid = page.url.rsplit("/", 1)[1]
    assert store.group(gid)["status"] == "contested"  # type: ignore[index]
    assert "contested" in page.locator("h1").inner_text()
    conflict = page.locator("section.conflict").first
    a_text = _flat(conflict.locator(".side-a blockquote").inner_text())
    b_text = _flat(conflict.locator(".side-b blockquote").inner_text())
    assert a_text and b_text and a_text != b_text
    assert page.locator("svg.relay .node").count() >= 2
    # open the document of side A: its evidence is highlighted and its claim card shown
    conflict.locator(".side-a a", has_text="evidence in document").click()
    page.wait_for_url(re.compile(r"/docs/d[0-9a-f]+#claim-"))
    active = page.locator("a.hl.active")
    active.first.wait_for()
    assert a_text.startswith(_flat(active.first.inner_text())[:20])
    card = page.locator(".claim-card.active")
    assert card.count() == 1 and card.is_visible()
    assert _flat(card.locator("blockquote").inner_text()) == a_text
    assert "modality" in card.locator("dl.slots").inner_text()
    # clicking another highlighted passage shows that claim's slots instead
    other = page.locator("a.hl:not(.active)").first
    cid = other.get_attribute("data-claim")
    other.click()
    assert page.locator(".claim-card.active").get_attribute("id") == f"claim-{cid}"
    assert page.locator(".claim-card.active").is_visible()
    assert not page.dialogs and not page.errors


def test_search_finds_a_claim(page: Any, live: str, store: Store) -> None:
    claim = next(c for c in store.claims() if c.event_type == "labour_deployment")
    words = [w for w in re.findall(r"[A-Za-z]{6,}", claim.text)][:2]
    page.goto(live + "/")
    page.fill("header form.quick input[name=q]", " ".join(words))
    page.press("header form.quick input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("li.claim-hit")
    assert hits.count() >= 1
    assert page.locator("li.claim-hit mark").count() >= 1
    hrefs = [hits.nth(i).locator("a", has_text="open document").get_attribute("href") for i in range(hits.count())]
    assert any(h and h.endswith(f"#claim-{claim.id}") for h in hrefs)


def test_timeline_renders_bars_and_filters(page: Any, live: str, store: Store) -> None:
    page.goto(live + "/timeline")
    bars = page.locator("svg.timeline rect.bar")
    assert bars.count() == len(store.dated_claims(limit=300)) > 0
    box = bars.first.bounding_box()
    assert box and box["width"] >= 3 and box["height"] > 5
    etype = store.event_types()[0][0]
    page.select_option("select[name=type]", etype)  # the script submits the form on change
    page.wait_for_url(re.compile(rf"type={etype}"))
    assert page.locator("svg.timeline rect.bar").count() == len(store.dated_claims(event_type=etype, limit=300))


PAYLOAD_TEXT = (
    "PYONGYANG, March 2 - About 300 North Korean workers were sent to Vladivostok in February, an official "
    "told the agency. <script>window.__pwned = 'text'; alert('text')</script> "
    "<img src=x onerror=\"window.__pwned='img'; alert('img')\"> "
    "<a href=\"javascript:window.__pwned='link'\">read more</a> "
    "\"><svg onload=alert('svg')>\n\nThe workers began arriving in January, the official said."
)


def test_script_payloads_never_run(page: Any, live_writable: tuple[str, Store], token: str) -> None:
    base, store = live_writable
    form = {"text": PAYLOAD_TEXT, "title": "<img src=x onerror=\"window.__pwned='title'\">Workers",
            "outlet": "<script>window.__pwned='outlet'</script>Wire", "published": "2026-03-02",
            "url": "javascript:window.__pwned='url'"}
    r = httpx.post(base + "/ingest", data=form, headers={"X-Claimgraph-Token": token}, timeout=120)
    assert r.status_code == 200, r.text[:300]
    doc = next(d for d in store.documents() if d.title and "onerror" in d.title)
    assert store.claims(doc.id), "the payload article is read into claims"
    claim = store.claims(doc.id)[0]
    pages = ["/", f"/docs/{doc.id}", "/docs", "/search?q=Vladivostok", "/search?q=pwned", "/timeline",
             f"/docs/{doc.id}#claim-{claim.id}"]
    group = store.groups_of_claims([c.id for c in store.claims(doc.id)])
    pages += [f"/groups/{g['id']}" for g in group.values()][:2]
    for path in pages:
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__pwned") is None, path
        assert page.evaluate(NO_HANDLERS) == [], path
        assert page.evaluate(BAD_LINKS) == [], path
        assert page.evaluate(SCRIPTS) == ["/static/app.js"], path
    page.goto(base + f"/docs/{doc.id}")
    assert "<img src=x onerror" in page.locator("h1").inner_text()  # shown as text
    assert "<script>" in page.locator("#doc-text").inner_text()
    assert page.locator("a.ext").count() == 0  # the javascript: URL became no link at all
    page.locator("a.hl").first.click()
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == [] and page.errors == []
