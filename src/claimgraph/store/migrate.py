"""Schema migrations with Alembic, for SQLite and PostgreSQL alike.

`Store.open` calls `upgrade` every time it opens a database, so a user never runs a separate step and a
team's shared database follows the code it is opened with (migrations only add). A database made before
migrations existed (tables but no `alembic_version`) is stamped at the initial revision first. On
PostgreSQL an advisory lock serializes the upgrade, so two processes opening a new database at once do
not both try to create it.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

INITIAL = "0001"
_PG_LOCK = 7_420_315_001  # an arbitrary constant: the advisory lock key for "claimgraph migrates"


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Leave the backend-specific full-text objects (FTS5 tables, tsvector columns) out of autogenerate."""
    if type_ == "table" and name and "_fts" in name:
        return False
    return not (type_ in ("column", "index") and name and (name == "tsv" or name.endswith("_tsv")))


def config(conn: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", "claimgraph.store:migrations")
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    """The newest revision the code knows."""
    rev = ScriptDirectory.from_config(config()).get_current_head()
    assert rev is not None
    return rev


def current(conn: Connection) -> str | None:
    """The revision a database is at (None: not under migrations yet)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision, in one transaction."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        if current(conn) == head():
            return
        cfg = config(conn)
        tables = set(inspect(conn).get_table_names())
        if "documents" in tables and "alembic_version" not in tables:
            command.stamp(cfg, INITIAL)  # made by create_all before migrations existed
        command.upgrade(cfg, "head")
