"""The web UI over PostgreSQL: every page answers from the PostgreSQL store what it answers from SQLite
for the same case (the store's query methods, full-text search included, behave alike on both)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from claimgraph.link.build import build
from claimgraph.pipeline import ingest
from claimgraph.present.web import create_app
from claimgraph.store.db import Store

from .conftest import _client

PAGES = ["/", "/alerts", "/groups", "/docs", "/timeline", "/search?modality=denied", "/search?q=workers"]


def _links(html: str, kind: str) -> list[str]:
    return sorted(set(re.findall(rf'href="/{kind}/([^"#?]+)', html)))


def test_every_page_matches_sqlite(pg_url: str, store: Store, client: Any) -> None:
    pg = Store.open(pg_url)
    try:
        with resources.as_file(resources.files("claimgraph.data").joinpath("demo")) as folder:
            assert ingest(pg, [str(folder)]).problems == []
        build(pg)
        pg_client = _client(create_app(pg))
        def counts(st: Store) -> dict:
            return {k: v for k, v in st.stats().items() if k != "last_run"}  # run times differ, not counts

        assert counts(pg) == counts(store)
        for path in PAGES:
            a, b = client.get(path), pg_client.get(path)
            assert a.status_code == b.status_code == 200, path
            for kind in ("docs", "groups", "entities"):
                assert _links(a.text, kind) == _links(b.text, kind), (path, kind)
        # every group, document and entity page too, by the links the overview pages give
        first = client.get("/groups").text + client.get("/docs").text
        assert len(_links(first, "groups")) >= 3 and len(_links(first, "docs")) >= 5
        for kind in ("groups", "docs"):
            for ident in _links(first, kind)[:8]:
                a, b = client.get(f"/{kind}/{ident}"), pg_client.get(f"/{kind}/{ident}")
                assert a.status_code == b.status_code == 200, (kind, ident)
                assert _links(a.text, "entities") == _links(b.text, "entities"), (kind, ident)
        assert "workers" in pg_client.get("/search?q=workers").text.lower()
    finally:
        pg.close()


def test_pages_path(tmp_path: Path) -> None:
    """Guard: the page list above is the app's read routes (a new page must be added here)."""
    app = create_app(f"sqlite:///{tmp_path / 'empty.db'}")
    gets = {r.path for r in app.routes if "GET" in getattr(r, "methods", set())}
    listed = {p.split("?")[0] for p in PAGES} | {"/groups/{group_id}", "/docs/{doc_id}", "/entities/{entity_id}",
                                                 "/ingest"}
    assert {p for p in gets if not p.startswith("/static")} <= listed
