"""Alembic migrations: a new database ends at head with exactly the models' schema, on both backends;
a database made before migrations existed is stamped and upgraded without losing rows."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from claimgraph.store import Store, migrate
from claimgraph.store.migrate import include_object
from claimgraph.store.schema import Base


def test_new_database_is_at_head_and_matches_the_models(db_url: str) -> None:
    with Store.open(db_url) as store, store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head() == "0002"
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(ctx, Base.metadata) == []
        cols = {c["name"] for c in inspect(conn).get_columns("documents")}
        assert ("tsv" in cols) == (conn.dialect.name == "postgresql")
        assert store.fts is True


def test_reopening_changes_nothing(db_url: str) -> None:
    Store.open(db_url).close()
    with Store.open(db_url) as store, store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()


def test_database_from_before_migrations_is_stamped_and_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # the schema as create_all made it: revision 0001 without its stamp
        command.upgrade(migrate.config(conn), "0001")
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("INSERT INTO documents (id, text, published_inferred, ingested_at) "
                          "VALUES ('d1', 'x', 0, '2024-01-01')"))
        for _ in range(2):  # a duplicate mention, which the unique constraint of 0002 forbids
            conn.execute(text("INSERT INTO mentions (doc_id, entity_id, start, \"end\", text) "
                              "VALUES ('d1', 'e', 0, 1, 'x')"))
    engine.dispose()
    with Store.open(url) as store, store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert store.stats()["documents"] == 1
        assert len(store.mentions("d1")) == 1
        uniques = inspect(conn).get_unique_constraints("mentions")
        assert [u["column_names"] for u in uniques] == [["doc_id", "entity_id", "start", "end"]]
