"""The database schema: one SQLAlchemy model for SQLite (default) and PostgreSQL (teams).

Only portable column types are used (String, Text, Integer, Float, Boolean, DateTime, JSON) so the
same metadata creates the same tables on either backend. Dates that may be partial ("2024-04") or
that are plain calendar days are stored as ISO strings: they sort correctly as text and never invent
precision. Full-text indexes are backend-specific and live in `fts.py`, outside this metadata.
Tables are created and changed by the Alembic migrations in `migrations/` (run on `Store.open`); a
change here needs a new revision there (`alembic revision --autogenerate`, see the README).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(255)  # document, entity, claim and group ids: short strings made by the pipeline
SHORT = String(255)
ISO_DATE = String(10)  # "2024", "2024-04" or "2024-04-25"


def _json() -> JSON:
    """JSON column that stores Python None as SQL NULL (not the JSON text 'null'), on every backend."""
    return JSON(none_as_null=True)


class Base(DeclarativeBase):
    """Declarative base for all claimgraph tables."""


class DocumentRow(Base):
    """One article (model.Document); its id is the hash of its normalized text."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(SHORT, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(SHORT, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(ISO_DATE, index=True)
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any] | None] = mapped_column(_json())
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EntityRow(Base):
    """A canonical entity; aliases grow as documents name it differently."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32), index=True)
    aliases: Mapped[list[str] | None] = mapped_column(_json())
    attrs: Mapped[dict[str, Any] | None] = mapped_column(_json())


class MentionRow(Base):
    """A stretch of a document that names an entity (entity_id is not a foreign key: readers may
    mention entities they did not register, and a mention must never make a document unsaveable)."""

    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("doc_id", "entity_id", "start", "end", name="uq_mentions_span"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[str] = mapped_column(ID, index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ClaimRow(Base):
    """One claim (model.Claim) flattened: TimeSpan and Quantity become columns so they can be queried."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    doc_id: Mapped[str] = mapped_column(ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)  # position in the reading, to keep document order
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str | None] = mapped_column(SHORT)
    event_type: Mapped[str | None] = mapped_column(String(64), index=True)
    cameo: Mapped[str | None] = mapped_column(String(16), index=True)
    actor: Mapped[list[str] | None] = mapped_column(_json())
    target: Mapped[list[str] | None] = mapped_column(_json())
    place: Mapped[list[str] | None] = mapped_column(_json())
    via: Mapped[list[str] | None] = mapped_column(_json())
    when_start: Mapped[str | None] = mapped_column(ISO_DATE, index=True)
    when_end: Mapped[str | None] = mapped_column(ISO_DATE)
    when_granularity: Mapped[str | None] = mapped_column(String(16))
    when_text: Mapped[str | None] = mapped_column(Text)
    quantity_value: Mapped[float | None] = mapped_column(Float)
    quantity_approx: Mapped[str | None] = mapped_column(String(32))
    quantity_unit: Mapped[str | None] = mapped_column(SHORT)
    quantity_text: Mapped[str | None] = mapped_column(Text)
    said_by: Mapped[str | None] = mapped_column(ID, index=True)
    modality: Mapped[str] = mapped_column(String(16), default="asserted", index=True)
    quote: Mapped[bool] = mapped_column(Boolean, default=False)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    irrealis: Mapped[bool] = mapped_column(Boolean, default=False)
    tense: Mapped[str | None] = mapped_column(String(16))
    flags: Mapped[dict[str, Any] | None] = mapped_column(_json())


class RunRow(Base):
    """One ingest run, so a user can see what the last run read and what it could not."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    documents_read: Mapped[int] = mapped_column(Integer, default=0)
    documents_new: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)


class ProblemRow(Base):
    """An input item that could not be read (model.Problem), kept so nothing fails silently."""

    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("runs.id", ondelete="SET NULL"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- Link stage (filled by link/assess; created empty so exports and the UI can rely on them) -----------


class GroupRow(Base):
    """Claims from different documents that state the same proposition."""

    __tablename__ = "groups"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    status: Mapped[str | None] = mapped_column(String(32))  # corroborated | single-source | contested
    confidence: Mapped[float | None] = mapped_column(Float)
    independent_origins: Mapped[int | None] = mapped_column(Integer)
    explanation: Mapped[Any] = mapped_column(_json(), nullable=True)


class GroupClaimRow(Base):
    """Membership of a claim in a group; a claim belongs to at most one group.

    Rows go with their claim (ON DELETE CASCADE) because re-reading a document replaces its claims and
    stale links must not point at claims that are gone.
    """

    __tablename__ = "group_claims"
    __table_args__ = (UniqueConstraint("claim_id", name="uq_group_claims_claim"),)

    group_id: Mapped[str] = mapped_column(ID, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    claim_id: Mapped[str] = mapped_column(ID, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)


class ConflictRow(Base):
    """Two claims that disagree, with the reason (date, number, place, actor, attribution, order, ...)."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_a: Mapped[str] = mapped_column(ID, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    claim_b: Mapped[str] = mapped_column(ID, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    explanation: Mapped[Any] = mapped_column(_json(), nullable=True)


class AlertRow(Base):
    """Claims that a watch rule (e.g. UNSCR 2397 OP8) raises."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule: Mapped[str] = mapped_column(SHORT, index=True)
    claim_ids: Mapped[list[str] | None] = mapped_column(_json())
    explanation: Mapped[Any] = mapped_column(_json(), nullable=True)


class CopyRow(Base):
    """A document that is a syndicated or rewritten copy of an earlier one (MinHash similarity)."""

    __tablename__ = "copies"

    doc_id: Mapped[str] = mapped_column(ID, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    original_id: Mapped[str] = mapped_column(ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float)
