"""One row per mention (concurrent ingests cannot double them) and PostgreSQL full-text search.

PostgreSQL: generated tsvector columns on documents (title weighted above text) and claims, each with a
GIN index; being generated, they can never drift from the text (SQLite keeps its FTS5 tables in sync in
`Store.save_reading`).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_TSV = {
    "documents": "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                 "setweight(to_tsvector('english', coalesce(text, '')), 'B')",
    "claims": "to_tsvector('english', coalesce(text, ''))",
}


def upgrade() -> None:
    op.execute('DELETE FROM mentions WHERE id NOT IN '
               '(SELECT MIN(id) FROM mentions GROUP BY doc_id, entity_id, start, "end")')
    with op.batch_alter_table("mentions") as batch:
        batch.create_unique_constraint("uq_mentions_span", ["doc_id", "entity_id", "start", "end"])
    if op.get_bind().dialect.name == "postgresql":
        for table, expr in _TSV.items():
            op.execute(f"ALTER TABLE {table} ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({expr}) STORED")
            op.execute(f"CREATE INDEX ix_{table}_tsv ON {table} USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _TSV:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_tsv")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS tsv")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_constraint("uq_mentions_span", type_="unique")
