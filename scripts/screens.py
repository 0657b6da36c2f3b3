"""Save a PNG screenshot of each web UI view under out/screens/, for people to look at.

    .venv/bin/python scripts/screens.py [--db sqlite:///claimgraph.db] [--out out/screens]

Uses the given store (default: the one `make demo` builds; built from the bundled demo corpus if it
does not exist yet) and Debian's chromium (scripts/setup-browser.sh installs it).
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from pathlib import Path

from claimgraph.present.web import create_app
from claimgraph.present.web.server import CHROMIUM, CHROMIUM_ARGS, running
from claimgraph.store.db import Store


def _ensure_demo(url: str) -> Store:
    store = Store.open(url)
    if not store.stats()["documents"]:
        from claimgraph.link.build import build
        from claimgraph.pipeline import ingest

        print("building the demo store (reading the bundled corpus)…")
        with resources.as_file(resources.files("claimgraph.data").joinpath("demo")) as folder:
            ingest(store, [str(folder)])
        build(store)
    return store


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="sqlite:///claimgraph.db")
    ap.add_argument("--out", type=Path, default=Path("out/screens"))
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run scripts/setup-browser.sh", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    store = _ensure_demo(args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    group = (store.groups_page(status="contested", limit=1) or store.groups_page(limit=1) or [{"id": ""}])[0]["id"]
    alerts = store.alerts_page(limit=1)
    first = store.claims_by_ids(alerts[0]["claims"]) if alerts else {}
    claim = next(iter(first.values()), None) or next(iter(store.claims()), None)
    entity = next(iter(store.mention_counts()), "")
    views = [("overview", "/"), ("alerts", "/alerts"), ("group", f"/groups/{group}"),
             ("document", f"/docs/{claim.doc_id}#claim-{claim.id}" if claim else "/docs"),
             ("timeline", "/timeline"), ("entity", f"/entities/{entity}"), ("search", "/search?q=workers"),
             ("groups", "/groups"), ("documents", "/docs")]
    with running(create_app(store)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for name, path in views:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            target = args.out / f"{re.sub(r'[^a-z]', '', name)}.png"
            page.screenshot(path=str(target), full_page=name not in ("document",))
            print(f"wrote {target}")
        browser.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
