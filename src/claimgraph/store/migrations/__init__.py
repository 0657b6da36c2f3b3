"""Alembic migrations of the claimgraph schema, for SQLite and PostgreSQL alike (run by `Store.open`)."""
