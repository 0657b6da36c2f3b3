"""Shared fixtures: database URLs for both backends.

PostgreSQL tests use the server named by CLAIMGRAPH_TEST_PG (`make test` starts one with
scripts/setup-postgres.sh and sets it); each test gets its own fresh database, dropped afterwards. Without
the variable they skip, except where CLAIMGRAPH_REQUIRE_PG=1 (CI): there a missing server is a failure,
so the PostgreSQL half of the suite can never be skipped unnoticed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "CLAIMGRAPH_TEST_PG"


def pg_base_url() -> str | None:
    """The test server's URL, or None (skip) — or a test failure when PostgreSQL is required."""
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CLAIMGRAPH_REQUIRE_PG") == "1":
            pytest.fail(f"CLAIMGRAPH_REQUIRE_PG=1 but {PG_ENV} is not set (run `make test`)")
        pytest.skip(f"{PG_ENV} not set: no PostgreSQL server for this run (`make test` starts one)")
    return base


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards, even if connections linger)."""
    base = make_url(pg_base_url() or "")
    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        if os.environ.get("CLAIMGRAPH_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL at {base!r} is not usable: {exc}")
        pytest.skip(f"PostgreSQL at {base!r} is not usable: {exc}")
    try:
        yield base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cg.db'}"
    return str(request.getfixturevalue("pg_url"))
