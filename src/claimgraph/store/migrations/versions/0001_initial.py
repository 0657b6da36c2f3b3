"""Initial schema: the tables as they were before migrations existed (and SQLite's FTS5 index).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_FTS5 = {  # SQLite only; an SQLite built without FTS5 gets none and search falls back to LIKE
    "documents_fts": "doc_id UNINDEXED, title, text",
    "claims_fts": "claim_id UNINDEXED, doc_id UNINDEXED, text",
}
_TOKENIZER = "porter unicode61 remove_diacritics 2"  # "worker" finds "workers"; accents folded


def upgrade() -> None:
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('rule', sa.String(length=255), nullable=False),
    sa.Column('claim_ids', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('explanation', sa.JSON(none_as_null=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alerts_rule'), ['rule'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=255), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=10), nullable=True),
    sa.Column('published_inferred', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('meta', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_external_id'), ['external_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('entities',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('aliases', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('attrs', sa.JSON(none_as_null=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_type'), ['type'], unique=False)

    op.create_table('groups',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('independent_origins', sa.Integer(), nullable=True),
    sa.Column('explanation', sa.JSON(none_as_null=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished', sa.DateTime(timezone=True), nullable=True),
    sa.Column('documents_read', sa.Integer(), nullable=False),
    sa.Column('documents_new', sa.Integer(), nullable=False),
    sa.Column('problems', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('claims',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('doc_id', sa.String(length=255), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=255), nullable=True),
    sa.Column('event_type', sa.String(length=64), nullable=True),
    sa.Column('cameo', sa.String(length=16), nullable=True),
    sa.Column('actor', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('target', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('place', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('via', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('when_start', sa.String(length=10), nullable=True),
    sa.Column('when_end', sa.String(length=10), nullable=True),
    sa.Column('when_granularity', sa.String(length=16), nullable=True),
    sa.Column('when_text', sa.Text(), nullable=True),
    sa.Column('quantity_value', sa.Float(), nullable=True),
    sa.Column('quantity_approx', sa.String(length=32), nullable=True),
    sa.Column('quantity_unit', sa.String(length=255), nullable=True),
    sa.Column('quantity_text', sa.Text(), nullable=True),
    sa.Column('said_by', sa.String(length=255), nullable=True),
    sa.Column('modality', sa.String(length=16), nullable=False),
    sa.Column('quote', sa.Boolean(), nullable=False),
    sa.Column('negated', sa.Boolean(), nullable=False),
    sa.Column('irrealis', sa.Boolean(), nullable=False),
    sa.Column('tense', sa.String(length=16), nullable=True),
    sa.Column('flags', sa.JSON(none_as_null=True), nullable=True),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_cameo'), ['cameo'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_event_type'), ['event_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_modality'), ['modality'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_said_by'), ['said_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_when_start'), ['when_start'], unique=False)

    op.create_table('copies',
    sa.Column('doc_id', sa.String(length=255), nullable=False),
    sa.Column('original_id', sa.String(length=255), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['original_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id')
    )
    with op.batch_alter_table('copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_copies_original_id'), ['original_id'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('doc_id', sa.String(length=255), nullable=False),
    sa.Column('entity_id', sa.String(length=255), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_entity_id'), ['entity_id'], unique=False)

    op.create_table('problems',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problems_run_id'), ['run_id'], unique=False)

    op.create_table('conflicts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('claim_a', sa.String(length=255), nullable=False),
    sa.Column('claim_b', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('explanation', sa.JSON(none_as_null=True), nullable=True),
    sa.ForeignKeyConstraint(['claim_a'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['claim_b'], ['claims.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_claim_a'), ['claim_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflicts_claim_b'), ['claim_b'], unique=False)

    op.create_table('group_claims',
    sa.Column('group_id', sa.String(length=255), nullable=False),
    sa.Column('claim_id', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'claim_id'),
    sa.UniqueConstraint('claim_id', name='uq_group_claims_claim')
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name, columns in _FTS5.items():
            try:
                bind.exec_driver_sql(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({columns}, tokenize = '{_TOKENIZER}')")
            except sa.exc.OperationalError:
                break


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _FTS5:
            op.execute(f"DROP TABLE IF EXISTS {name}")
    op.drop_table('group_claims')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_claim_b'))
        batch_op.drop_index(batch_op.f('ix_conflicts_claim_a'))

    op.drop_table('conflicts')
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problems_run_id'))

    op.drop_table('problems')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_entity_id'))
        batch_op.drop_index(batch_op.f('ix_mentions_doc_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_copies_original_id'))

    op.drop_table('copies')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_when_start'))
        batch_op.drop_index(batch_op.f('ix_claims_said_by'))
        batch_op.drop_index(batch_op.f('ix_claims_modality'))
        batch_op.drop_index(batch_op.f('ix_claims_event_type'))
        batch_op.drop_index(batch_op.f('ix_claims_doc_id'))
        batch_op.drop_index(batch_op.f('ix_claims_cameo'))

    op.drop_table('claims')
    op.drop_table('runs')
    op.drop_table('groups')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_type'))

    op.drop_table('entities')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_outlet'))
        batch_op.drop_index(batch_op.f('ix_documents_external_id'))

    op.drop_table('documents')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_rule'))

    op.drop_table('alerts')
