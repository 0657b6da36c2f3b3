"""Hostile requests and hostile stored text: no file outside the static folder is served, and markup in
entity names, quotes and metadata comes back escaped on every page that shows it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from claimgraph.model import Claim, Document, Entity, Reading
from claimgraph.present.web import create_app
from claimgraph.store.db import Store

PAYLOAD = '<img src=x onerror="window.__pwned=1">'


@pytest.mark.parametrize("path", [
    "/static/../../pyproject.toml", "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/....//....//pyproject.toml", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/..\\..\\pyproject.toml", "/docs/..%2f..%2fpyproject.toml",
])
def test_no_path_traversal(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "[project]" not in r.text and "root:" not in r.text


def test_markup_in_entity_names_quotes_and_metadata_is_escaped(write_store: Store) -> None:
    from fastapi.testclient import TestClient

    text = f"{PAYLOAD} said workers arrived. \"{PAYLOAD}\", the envoy said."
    doc = Document(id="hostile1", text=text, title=f"Title {PAYLOAD}", outlet=f"Outlet {PAYLOAD}",
                   url="javascript:alert(1)", published="2026-03-01")
    ent = Entity("n:hostile", f"Name {PAYLOAD}", "PERSON", aliases=[PAYLOAD])
    claim = Claim(id="hostile1-c000", doc_id=doc.id, text=text, start=0, end=len(text), trigger="arrived",
                  event_type="labour_deployment", cameo="061", actor=["n:hostile"], said_by="n:hostile",
                  modality="reported", quote=True)
    write_store.save_reading(Reading(doc, {ent.id: ent}, [], [claim]))
    client = TestClient(create_app(write_store))
    pages = ["/docs/hostile1", "/entities/n:hostile", "/search?q=envoy", "/", "/docs"]
    for page in pages:
        r = client.get(page)
        assert r.status_code == 200, page
        assert PAYLOAD not in r.text, page  # never raw
        assert not re.search(r"<img[^>]*onerror", r.text, re.I), page
        assert 'href="javascript:' not in r.text.lower(), page
    for page in ("/docs/hostile1", "/entities/n:hostile"):  # shown, as text
        assert "&lt;img src=x onerror=" in client.get(page).text, page
