"""The web app without a browser: security headers, 404s, read-only by default, the token and CSRF on
the write route, upload limits, and the pages showing what the store holds."""

from __future__ import annotations

import re
from typing import Any

import pytest

from claimgraph.present.web.app import CSP
from claimgraph.store.db import Store

PAGES = ["/", "/alerts", "/groups", "/docs", "/timeline", "/search?q=workers", "/search?modality=denied"]


@pytest.mark.parametrize("path", [*PAGES, "/static/app.css", "/static/app.js", "/no/such/page"])
def test_security_headers_on_every_response(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    for part in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                 "frame-ancestors 'none'"):
        assert part in CSP
    assert "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_without_inline_script_or_handlers(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    scripts = re.findall(r"<script\b[^>]*>", r.text)
    assert scripts == ['<script src="/static/app.js" defer>']
    assert not re.search(r"\son[a-z]+\s*=", r.text)
    assert " style=" not in r.text


@pytest.mark.parametrize("path", ["/docs/d0000000000000000", "/groups/nope", "/entities/nobody-here",
                                  "/alerts?rule=no-such-rule", "/nothing"])
def test_unknown_things_are_404_pages(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "Not found" in r.text and "<script src=\"/static/app.js\"" in r.text


def test_no_api_docs_that_would_load_a_cdn(client: Any) -> None:
    for path in ("/redoc", "/openapi.json", "/docs/oauth2-redirect"):
        assert client.get(path).status_code == 404
    assert "swagger" not in client.get("/docs").text.lower()


def test_read_only_without_token(client: Any) -> None:
    assert client.get("/ingest").status_code == 404
    assert client.post("/ingest", data={"text": "x"}).status_code == 404
    assert "Add documents" not in client.get("/").text


def test_overview_counts_match_the_store(client: Any, store: Store) -> None:
    html = client.get("/").text
    stats, links = store.stats(), store.link_counts()
    for n, word in ((stats["documents"], "documents"), (stats["claims"], "claims"), (links["alerts"], "alerts"),
                    (links["conflicts"], "conflicts")):
        assert re.search(rf"<b>{n:,}</b><span>{word}</span>", html), word
    contested = store.groups_page(status="contested")
    assert contested, "the demo case has a contested group"
    for g in contested:
        assert f'href="/groups/{g["id"]}"' in html


def test_group_page_shows_every_report_and_both_sides(client: Any, store: Store) -> None:
    g = store.groups_page(status="contested", limit=1)[0]
    html = client.get(f"/groups/{g['id']}").text
    for cid in g["claims"]:
        assert f'id="claim-{cid}"' in html
    conflicts = store.conflicts_of_claims(g["claims"])
    assert conflicts and html.count('class="conflict"') == len(conflicts)
    assert html.count('<div class="side side-a">') == len(conflicts) == html.count('<div class="side side-b">')
    assert '<svg class="relay"' in html


def test_document_highlights_every_claim(client: Any, store: Store) -> None:
    doc = next(d for d in store.documents() if store.claims(d.id))
    claims = store.claims(doc.id)
    html = client.get(f"/docs/{doc.id}").text
    highlighted = set(re.findall(r'<a class="hl [^"]*" href="#claim-([^"]+)"', html))
    nested = {c.id for c in claims if any(o.id != c.id and o.start <= c.start and c.end <= o.end
                                          and (o.end - o.start) < (c.end - c.start) for o in claims)}
    assert {c.id for c in claims} - nested <= highlighted | nested
    assert len(highlighted) >= len(claims) // 2


def test_search_filters_narrow_the_claims(client: Any, store: Store) -> None:
    denied = [c for c in store.claims() if c.modality == "denied"]
    html = client.get("/search?modality=denied").text
    assert html.count('class="result claim-hit"') == len(denied) > 0
    html = client.get("/search?q=workers&type=no_such_type").text
    assert 'class="result ' not in html and "No hits." in html


def test_timeline_draws_a_bar_per_dated_claim(client: Any, store: Store) -> None:
    html = client.get("/timeline").text
    assert html.count('<rect class="bar') == len(store.dated_claims(limit=300)) > 0
    etype = store.event_types()[0][0]
    html = client.get(f"/timeline?type={etype}").text
    assert html.count('<rect class="bar') == len(store.dated_claims(event_type=etype, limit=300))


def test_entity_page(client: Any, store: Store) -> None:
    eid = next(iter(store.mention_counts()))
    ent = store.entity(eid)
    assert ent is not None
    html = client.get(f"/entities/{eid}").text
    assert ent.name.replace("'", "&#39;") in html
    assert html.count('class="claim-card"') >= len(store.claims_of_entity(eid))


# --- the write route ---------------------------------------------------------------------------------------


def _form(tc: Any) -> str:
    r = tc.get("/ingest")
    assert r.status_code == 200
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text)
    assert m
    return m.group(1)


def test_write_route_needs_the_token(token_client: Any, token: str) -> None:
    assert token_client.post("/ingest", data={"text": "x"}).status_code == 403
    r = token_client.post("/ingest", data={"text": "x"}, headers={"X-Claimgraph-Token": "wrong"})
    assert r.status_code == 403
    csrf = _form(token_client)
    assert token_client.post("/ingest", data={"text": "x", "token": "wrong", "csrf": csrf}).status_code == 403


def test_form_needs_the_csrf_value_of_its_cookie(token_client: Any, token: str) -> None:
    _form(token_client)
    assert token_client.post("/ingest", data={"text": "x", "token": token}).status_code == 403
    r = token_client.post("/ingest", data={"text": "x", "token": token, "csrf": "0" * 64})
    assert r.status_code == 403 and "CSRF" in r.text
    token_client.cookies.clear()
    assert token_client.post("/ingest", data={"text": "x", "token": token, "csrf": "0" * 64}).status_code == 403


def test_upload_limits(token_client: Any, token: str) -> None:
    h = {"X-Claimgraph-Token": token}
    big = {"files": ("big.txt", b"word " * 2000, "text/plain")}
    assert token_client.post("/ingest", files=big, headers=h).status_code == 413
    exe = {"files": ("tool.exe", b"MZ tool", "application/octet-stream")}
    assert token_client.post("/ingest", files=exe, headers=h).status_code == 415
    binary = {"files": ("looks.txt", b"abc\x00\x01\x02", "text/plain")}
    assert token_client.post("/ingest", files=binary, headers=h).status_code == 415
    assert token_client.post("/ingest", data={}, headers=h).status_code == 400


def test_upload_with_token_and_csrf_adds_a_document(token_client: Any, write_store: Store, token: str) -> None:
    before = write_store.stats()["documents"]
    csrf = _form(token_client)
    text = ("MOSCOW, March 3 (Test Wire) - About 40 North Korean construction workers arrived in Vladivostok "
            "last week, a regional official said on Tuesday.")
    files = {"files": ("wire.md", b"---\ntitle: Workers arrive\noutlet: Test Wire\npublished: 2026-03-03\n---\n"
                       + text.encode(), "text/markdown")}
    r = token_client.post("/ingest", data={"token": token, "csrf": csrf}, files=files)
    assert r.status_code == 200, r.text[:500]
    assert "Added 1 new document" in r.text
    assert write_store.stats()["documents"] == before + 1
    doc = next(d for d in write_store.documents() if d.title == "Workers arrive")
    assert write_store.claims(doc.id)


def test_pasted_url_list_is_fetched_read_and_linked(token_client: Any, write_store: Store, token: str) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = ("<html><head><title>Crew change at Nampo</title></head><body><article><p>NAMPO, March 9 (Harbor Test)"
            " - Customs officers inspected a tanker at the port of Nampo on Monday, a shipping agent said. The "
            "agent said the vessel had loaded refined fuel in international waters.</p></article></body></html>")

    class Page(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            data = body.encode() if self.path == "/story" else b""
            self.send_response(200 if data else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        before = write_store.stats()["documents"]
        csrf = _form(token_client)
        urls = f"{base}/story\n{base}/gone\nfile:///etc/passwd\n"
        r = token_client.post("/ingest", data={"token": token, "csrf": csrf, "urls": urls})
        assert r.status_code == 200, r.text[:500]
        assert "Added 1 new document" in r.text
        assert "/gone" in r.text and "file:///etc/passwd" in r.text  # each refusal reported in a line
        assert write_store.stats()["documents"] == before + 1
        doc = next(d for d in write_store.documents() if d.title == "Crew change at Nampo")
        assert doc.url == f"{base}/story" and write_store.claims(doc.id)
    finally:
        httpd.shutdown()
