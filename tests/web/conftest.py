"""Fixtures for the web UI tests: the demo case built once per session, test clients, live servers and
a headless chromium (Debian's, driven by Playwright through `executable_path`)."""

from __future__ import annotations

import os
import sqlite3
import warnings
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from claimgraph.link.build import build
from claimgraph.pipeline import ingest
from claimgraph.present.web import create_app
from claimgraph.present.web.server import CHROMIUM, CHROMIUM_ARGS, running
from claimgraph.store.db import Store

TOKEN = "test-token-7f3a"


@pytest.fixture(scope="session")
def token() -> str:
    """The token the writable test apps are started with."""
    return TOKEN


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo corpus read and linked into a SQLite file (about 20 s, once per session)."""
    path = tmp_path_factory.mktemp("web-demo") / "demo.db"
    store = Store.open(f"sqlite:///{path}")
    with resources.as_file(resources.files("claimgraph.data").joinpath("demo")) as folder:
        report = ingest(store, [str(folder)])
    assert report.problems == [] and report.new > 5
    build(store)
    store.close()
    return path


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite store (the backup API, so WAL content comes along)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture(scope="session")
def store(demo_db: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{demo_db}")
    yield s
    s.close()


def _client(app: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx's successor
        from fastapi.testclient import TestClient
    return TestClient(app)


@pytest.fixture(scope="session")
def client(store: Store) -> Any:
    """A read-only app over the demo case."""
    return _client(create_app(store))


@pytest.fixture()
def write_store(demo_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the demo case that a test may write to."""
    s = Store.open(f"sqlite:///{copy_db(demo_db, tmp_path / 'w.db')}")
    yield s
    s.close()


@pytest.fixture()
def token_client(write_store: Store) -> Any:
    return _client(create_app(write_store, token=TOKEN, max_upload=4000))


# --- browser ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        msg = f"{CHROMIUM} is missing (scripts/setup-browser.sh installs it)"
        if os.environ.get("CLAIMGRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(msg + "; CLAIMGRAPH_REQUIRE_BROWSER=1 forbids skipping the browser tests")
        pytest.skip(msg)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def live(store: Store) -> Iterator[str]:
    """The read-only app on a free localhost port."""
    with running(create_app(store)) as base:
        yield base


@pytest.fixture(scope="session")
def live_writable(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    """An app with ingest enabled (token) over a private copy of the demo case."""
    s = Store.open(f"sqlite:///{copy_db(demo_db, tmp_path_factory.mktemp('live-w') / 'w.db')}")
    with running(create_app(s, token=TOKEN)) as base:
        yield base, s
    s.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records dialogs and page errors (a dialog means injected script ran)."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    p = context.new_page()
    p.dialogs = []  # type: ignore[attr-defined]
    p.errors = []  # type: ignore[attr-defined]

    def on_dialog(d: Any) -> None:
        p.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()

    p.on("dialog", on_dialog)
    p.on("pageerror", lambda e: p.errors.append(str(e)))  # type: ignore[attr-defined]
    yield p
    context.close()
