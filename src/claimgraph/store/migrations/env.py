"""Alembic environment: runs on the connection `claimgraph.store.migrate` hands over (or a URL from
`alembic -x url=...` / CLAIMGRAPH_DB when run with the `alembic` command for a new revision)."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from claimgraph.store.migrate import include_object
from claimgraph.store.schema import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    conn = config.attributes.get("connection")
    if conn is not None:
        context.configure(connection=conn, target_metadata=target_metadata, include_object=include_object,
                          render_as_batch=conn.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("CLAIMGRAPH_DB",
                                                                                  "sqlite:///claimgraph.db")
    engine = create_engine(url)
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, include_object=include_object,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


run()
