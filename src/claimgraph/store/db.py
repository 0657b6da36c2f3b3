"""The Store: saves readings and gives them back as model objects, on SQLite or PostgreSQL.

Everything above the store speaks model dataclasses; rows never leak out. Saving is one transaction
per document and idempotent (a document's id is the hash of its text), so an interrupted or repeated
ingest leaves the database as if each document had been read once. Rows are written with
INSERT ... ON CONFLICT DO NOTHING against primary keys and unique constraints, so two ingests writing
the same documents at once (a team on one PostgreSQL database) neither duplicate nor lose anything.
The schema is created and upgraded by Alembic (`migrate.py`) when the store is opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Text, cast, create_engine, delete, event, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from claimgraph.model import (
    Alert,
    Claim,
    Conflict,
    Document,
    Entity,
    Group,
    Mention,
    Problem,
    Quantity,
    Reading,
    TimeSpan,
)
from claimgraph.store import fts, migrate
from claimgraph.store.fts import Hit
from claimgraph.store.schema import (
    AlertRow,
    Base,
    ClaimRow,
    ConflictRow,
    CopyRow,
    DocumentRow,
    EntityRow,
    GroupClaimRow,
    GroupRow,
    MentionRow,
    ProblemRow,
    RunRow,
)

__all__ = ["Hit", "Store"]


def _now() -> datetime:
    return datetime.now(UTC)


def _json_dumps(value: Any) -> str:
    """JSON for JSON columns; dates and other odd values in `flags`/`meta` become strings, not errors."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL lets the web UI read while an ingest writes; foreign keys make cascades real in SQLite."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _insert_ignore(s: Session, model: type[Base], rows: list[dict[str, Any]]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING (SQLite and PostgreSQL); for one row, 1 if it was new, else 0.

    (Several rows go in one executemany, whose count drivers do not report reliably: -1 then.)"""
    table = model.__table__
    dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).on_conflict_do_nothing()
    if len(rows) == 1:  # RETURNING says whether the row went in; rowcount is -1 on psycopg here
        pk = list(table.primary_key.columns)[0]
        return int(s.execute(stmt.values(rows[0]).returning(pk)).first() is not None)
    s.execute(stmt, rows)
    return -1


def _retryable(exc: DBAPIError) -> bool:
    """A deadlock or serialization failure between concurrent writers: the transaction may simply be redone."""
    return getattr(exc.orig, "sqlstate", None) in ("40P01", "40001")


RETRIES = 5


def _engine_url(url: str) -> str:
    """Plain `postgresql://` URLs use psycopg 3 (the driver claimgraph installs), not psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _when(row: ClaimRow) -> TimeSpan | None:
    if not row.when_start:
        return None
    return TimeSpan(
        start=date.fromisoformat(row.when_start),
        end=date.fromisoformat(row.when_end or row.when_start),
        granularity=row.when_granularity or "span",
        text=row.when_text or "",
    )


def _quantity(row: ClaimRow) -> Quantity | None:
    if row.quantity_value is None:
        return None
    return Quantity(value=row.quantity_value, approx=row.quantity_approx, unit=row.quantity_unit,
                    text=row.quantity_text or "")


def _claim_values(c: Claim, seq: int) -> dict[str, Any]:
    """A model.Claim as a claims-table row (TimeSpan and Quantity flattened)."""
    return {
        "id": c.id, "doc_id": c.doc_id, "seq": seq, "text": c.text, "start": c.start, "end": c.end,
        "trigger": c.trigger, "event_type": c.event_type, "cameo": c.cameo,
        "actor": list(c.actor), "target": list(c.target), "place": list(c.place), "via": list(c.via),
        "when_start": _iso(c.when.start) if c.when else None,
        "when_end": _iso(c.when.end) if c.when else None,
        "when_granularity": c.when.granularity if c.when else None,
        "when_text": c.when.text if c.when else None,
        "quantity_value": c.quantity.value if c.quantity else None,
        "quantity_approx": c.quantity.approx if c.quantity else None,
        "quantity_unit": c.quantity.unit if c.quantity else None,
        "quantity_text": c.quantity.text if c.quantity else None,
        "said_by": c.said_by, "modality": c.modality, "quote": c.quote, "negated": c.negated,
        "irrealis": c.irrealis, "tense": c.tense, "flags": dict(c.flags),
    }


def _claim(row: ClaimRow) -> Claim:
    return Claim(
        id=row.id, doc_id=row.doc_id, text=row.text, start=row.start, end=row.end, trigger=row.trigger,
        event_type=row.event_type, cameo=row.cameo, actor=list(row.actor or []),
        target=list(row.target or []), place=list(row.place or []), when=_when(row), quantity=_quantity(row),
        said_by=row.said_by, via=list(row.via or []), modality=row.modality, quote=row.quote,
        negated=row.negated, irrealis=row.irrealis, tense=row.tense, flags=dict(row.flags or {}),
    )


def _document(row: DocumentRow) -> Document:
    return Document(
        id=row.id, text=row.text, title=row.title, outlet=row.outlet, url=row.url, published=row.published,
        published_inferred=row.published_inferred, language=row.language, external_id=row.external_id,
        source=row.source, meta=dict(row.meta or {}),
    )


def _entity(row: EntityRow) -> Entity:
    return Entity(id=row.id, name=row.name, type=row.type, aliases=list(row.aliases or []),
                  attrs=dict(row.attrs or {}))


def _merge_entity(row: EntityRow, new: Entity) -> None:
    """Keep the first name and type; aliases become the union (new names included), attrs fill gaps."""
    aliases = list(row.aliases or [])
    for a in [new.name, *new.aliases]:
        if a and a != row.name and a not in aliases:
            aliases.append(a)
    if aliases != (row.aliases or []):
        row.aliases = aliases  # a new list, so the JSON column sees the change
    attrs = {**new.attrs, **(row.attrs or {})}
    if attrs != (row.attrs or {}):
        row.attrs = attrs


class Store:
    """Typed access to the claimgraph database; open with `Store.open(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        migrate.upgrade(engine)
        with self.session() as s:
            self.fts = fts.setup(s)

    # --- opening ----------------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str = "sqlite:///claimgraph.db") -> Store:
        """Connect (creating the tables, and for SQLite the file and its folder) and return a Store."""
        url = _engine_url(url)
        u = make_url(url)
        if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, json_serializer=_json_dumps)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    def close(self) -> None:
        """Release connections (matters for SQLite files on Windows and in tests)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._sessions.begin() as s:
            yield s

    # --- writing ----------------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id (text hash) is stored, so callers can skip re-reading it."""
        with self.session() as s:
            return s.get(DocumentRow, doc_id) is not None

    def save_reading(self, reading: Reading) -> bool:
        """Save one document with its entities, mentions and claims; True if the document was new.

        Re-saving replaces the document's mentions and claims (and thus drops link rows pointing at
        them), so re-reading with a better extractor never leaves stale claims behind. Safe against a
        concurrent writer of the same document: the second waits for the first and then replaces its rows.
        """
        for attempt in range(RETRIES):
            try:
                return self._save_reading(reading)
            except DBAPIError as exc:  # a deadlock with another writer: PostgreSQL aborted us, redo
                if not _retryable(exc) or attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _save_reading(self, reading: Reading) -> bool:
        doc = reading.document
        values = {"external_id": doc.external_id, "title": doc.title, "outlet": doc.outlet, "url": doc.url,
                  "published": doc.published, "published_inferred": doc.published_inferred,
                  "language": doc.language, "source": doc.source, "text": doc.text, "meta": dict(doc.meta)}
        with self.session() as s:
            self._upsert_entities(s, reading.entities.values())
            is_new = _insert_ignore(s, DocumentRow, [{"id": doc.id, "ingested_at": _now(), **values}]) == 1
            if not is_new:
                s.execute(update(DocumentRow).where(DocumentRow.id == doc.id).values(**values))
                s.execute(delete(MentionRow).where(MentionRow.doc_id == doc.id))
                s.execute(delete(ClaimRow).where(ClaimRow.doc_id == doc.id))
            if reading.mentions:
                _insert_ignore(s, MentionRow, [
                    {"doc_id": doc.id, "entity_id": m.entity_id, "start": m.start, "end": m.end,
                     "text": m.text}
                    for m in reading.mentions
                ])
            if reading.claims:
                s.execute(insert(ClaimRow), [_claim_values(c, i) for i, c in enumerate(reading.claims)])
            if self.fts:
                fts.index_document(s, doc, reading.claims, replace=not is_new)
        return is_new

    @staticmethod
    def _upsert_entities(s: Session, entities: Any) -> None:
        """Insert unknown entities (ignoring ones a concurrent writer just added), then merge names into
        all of them under a row lock, so two writers never lose each other's aliases."""
        new = {e.id: e for e in sorted(entities, key=lambda e: e.id)}
        if not new:
            return
        _insert_ignore(s, EntityRow, [
            {"id": e.id, "name": e.name, "type": e.type,
             "aliases": [a for a in dict.fromkeys(e.aliases) if a != e.name], "attrs": dict(e.attrs)}
            for e in new.values()])
        rows = s.scalars(select(EntityRow).where(EntityRow.id.in_(list(new))).order_by(EntityRow.id)
                         .with_for_update())
        for row in rows:
            _merge_entity(row, new[row.id])

    def start_run(self) -> int:
        """Open a run record; its id tags the problems found while it runs."""
        with self.session() as s:
            run = RunRow(started=_now())
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, read: int, new: int, problems: int) -> None:
        """Close a run with what it read, so `stats()` can tell the user what happened last."""
        with self.session() as s:
            run = s.get(RunRow, run_id)
            if run is None:
                raise KeyError(f"no run {run_id}")
            run.finished, run.documents_read, run.documents_new, run.problems = _now(), read, new, problems

    def add_problem(self, run_id: int | None, problem: Problem) -> None:
        """Record an input that could not be read, so it is reported rather than silently skipped."""
        with self.session() as s:
            s.add(ProblemRow(source=problem.source, reason=problem.reason, run_id=run_id, at=_now()))

    # --- reading ----------------------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        """All documents in ingestion order."""
        with self.session() as s:
            rows = s.scalars(select(DocumentRow).order_by(DocumentRow.ingested_at, DocumentRow.id))
            return [_document(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        with self.session() as s:
            row = s.get(DocumentRow, doc_id)
            return _document(row) if row else None

    def mentions(self, doc_id: str) -> list[Mention]:
        """A document's entity mentions in text order (for highlighting in a viewer)."""
        with self.session() as s:
            rows = s.scalars(select(MentionRow).where(MentionRow.doc_id == doc_id)
                             .order_by(MentionRow.start, MentionRow.id))
            return [Mention(entity_id=r.entity_id, start=r.start, end=r.end, text=r.text) for r in rows]

    def claims(self, doc_id: str | None = None) -> list[Claim]:
        """Claims of one document, or all, in document (ingestion) order and then reading order."""
        q = select(ClaimRow).join(DocumentRow, DocumentRow.id == ClaimRow.doc_id)
        if doc_id is not None:
            q = q.where(ClaimRow.doc_id == doc_id)
        q = q.order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.seq)
        with self.session() as s:
            return [_claim(r) for r in s.scalars(q)]

    def entities(self) -> dict[str, Entity]:
        with self.session() as s:
            return {r.id: _entity(r) for r in s.scalars(select(EntityRow).order_by(EntityRow.id))}

    def problems(self) -> list[Problem]:
        with self.session() as s:
            rows = s.scalars(select(ProblemRow).order_by(ProblemRow.id))
            return [Problem(source=r.source, reason=r.reason) for r in rows]

    def mention_counts(self) -> dict[str, int]:
        """Mentions per entity id, most mentioned first."""
        q = (select(MentionRow.entity_id, func.count()).group_by(MentionRow.entity_id)
             .order_by(func.count().desc(), MentionRow.entity_id))
        with self.session() as s:
            return {eid: n for eid, n in s.execute(q)}

    def claim_counts(self) -> dict[str, int]:
        """Claims per document id."""
        with self.session() as s:
            q = select(ClaimRow.doc_id, func.count()).group_by(ClaimRow.doc_id)
            return {d: n for d, n in s.execute(q)}

    def save_links(self, copies: dict[str, tuple[str, float]], groups: list[Group], conflicts: list[Conflict],
                   alerts: list[Alert]) -> None:
        """Replace the link stage's results (syndication, groups, conflicts, alerts) in one transaction."""
        with self.session() as s:
            for model in (CopyRow, GroupClaimRow, GroupRow, ConflictRow, AlertRow):
                s.execute(delete(model))
            if copies:
                s.execute(insert(CopyRow), [{"doc_id": d, "original_id": o, "similarity": sim}
                                            for d, (o, sim) in copies.items()])
            if groups:
                s.execute(insert(GroupRow), [
                    {"id": g.id, "status": g.status, "confidence": g.confidence,
                     "independent_origins": g.independent_origins,
                     "explanation": {"reasons": g.reasons, "origins": g.origins, "chains": g.relay_chains}}
                    for g in groups])
                s.execute(insert(GroupClaimRow), [{"group_id": g.id, "claim_id": c} for g in groups for c in g.claims])
            if conflicts:
                s.execute(insert(ConflictRow), [
                    {"claim_a": c.claim_a, "claim_b": c.claim_b, "reason": c.reason,
                     "explanation": {"text": c.explanation, "a": c.evidence_a, "b": c.evidence_b}}
                    for c in conflicts])
            if alerts:
                s.execute(insert(AlertRow), [{"rule": a.rule, "claim_ids": a.claims, "explanation": a.explanation}
                                             for a in alerts])

    def linked_documents(self) -> set[str]:
        """Documents the last `build` already linked (the rest are new to the link stage)."""
        with self.session() as s:
            return {r.id for r in s.scalars(select(DocumentRow)) if (r.meta or {}).get("linked")}

    def mark_linked(self, doc_ids: set[str] | list[str]) -> None:
        """Record that the link stage has seen these documents, so the next build re-links only new ones."""
        with self.session() as s:
            for row in s.scalars(select(DocumentRow).where(DocumentRow.id.in_(list(doc_ids)))):
                row.meta = {**(row.meta or {}), "linked": True}

    def copies(self) -> dict[str, tuple[str, float]]:
        with self.session() as s:
            return {r.doc_id: (r.original_id, r.similarity) for r in s.scalars(select(CopyRow))}

    def groups(self) -> list[dict[str, Any]]:
        """Same-claim groups with their member claim ids (empty until the link stage runs)."""
        with self.session() as s:
            members: dict[str, list[str]] = {}
            for gid, cid in s.execute(select(GroupClaimRow.group_id, GroupClaimRow.claim_id)
                                      .order_by(GroupClaimRow.group_id, GroupClaimRow.claim_id)):
                members.setdefault(gid, []).append(cid)
            return [
                {"id": g.id, "claims": members.get(g.id, []), "independent_origins": g.independent_origins,
                 "status": g.status, "confidence": g.confidence, "explanation": g.explanation}
                for g in s.scalars(select(GroupRow).order_by(GroupRow.id))
            ]

    def conflicts(self) -> list[dict[str, Any]]:
        with self.session() as s:
            return [
                {"id": c.id, "claims": [c.claim_a, c.claim_b], "reason": c.reason,
                 "explanation": c.explanation}
                for c in s.scalars(select(ConflictRow).order_by(ConflictRow.id))
            ]

    def alerts(self) -> list[dict[str, Any]]:
        with self.session() as s:
            return [
                {"id": a.id, "claims": list(a.claim_ids or []), "rule": a.rule, "explanation": a.explanation}
                for a in s.scalars(select(AlertRow).order_by(AlertRow.id))
            ]

    # --- reading for pages (web UI, HTML dossier): bounded queries that never load the whole case ---------

    def link_counts(self) -> dict[str, int]:
        """Counts for a case overview (groups, contested groups, conflicts, alerts, copies, outlets)."""
        with self.session() as s:
            def count(q: Any) -> int:
                return s.scalar(q) or 0

            return {
                "groups": count(select(func.count()).select_from(GroupRow)),
                "contested": count(select(func.count()).select_from(GroupRow).where(GroupRow.status == "contested")),
                "conflicts": count(select(func.count()).select_from(ConflictRow)),
                "alerts": count(select(func.count()).select_from(AlertRow)),
                "copies": count(select(func.count()).select_from(CopyRow)),
                "outlets": count(select(func.count(func.distinct(DocumentRow.outlet)))),
            }

    def recent_documents(self, limit: int = 20, offset: int = 0) -> list[Document]:
        """Newest publications first (undated last), for lists; the text comes along, so keep `limit` small.

        Ids are picked on the `published` index first (dated, then undated), then only those rows are loaded.
        """
        d = DocumentRow
        with self.session() as s:
            ids = list(s.scalars(select(d.id).where(d.published.is_not(None))
                                 .order_by(d.published.desc(), d.id).limit(limit).offset(offset)))
            if len(ids) < limit:
                dated = s.scalar(select(func.count()).select_from(d).where(d.published.is_not(None))) or 0
                ids += s.scalars(select(d.id).where(d.published.is_(None)).order_by(d.ingested_at.desc(), d.id)
                                 .limit(limit - len(ids)).offset(max(0, offset - dated)))
            rows = {r.id: r for r in s.scalars(select(d).where(d.id.in_(ids)))} if ids else {}
            return [_document(rows[i]) for i in ids if i in rows]

    def outlets(self) -> list[tuple[str | None, int]]:
        """Each outlet with its number of documents, most prolific first (None: outlet unknown)."""
        q = (select(DocumentRow.outlet, func.count()).group_by(DocumentRow.outlet)
             .order_by(func.count().desc(), DocumentRow.outlet))
        with self.session() as s:
            return [(o, n) for o, n in s.execute(q)]

    def documents_by_ids(self, ids: list[str] | set[str]) -> dict[str, Document]:
        """The documents among `ids` that are stored, by id."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, Document] = {}
        with self.session() as s:
            for i in range(0, len(ids), 500):
                out.update((r.id, _document(r)) for r in
                           s.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids[i:i + 500]))))
        return out

    def claims_by_ids(self, ids: list[str] | set[str]) -> dict[str, Claim]:
        """The claims among `ids` that are stored, by id."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, Claim] = {}
        with self.session() as s:
            for i in range(0, len(ids), 500):
                out.update((r.id, _claim(r)) for r in
                           s.scalars(select(ClaimRow).where(ClaimRow.id.in_(ids[i:i + 500]))))
        return out

    def entities_by_ids(self, ids: list[str] | set[str]) -> dict[str, Entity]:
        """The entities among `ids` that are stored, by id."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, Entity] = {}
        with self.session() as s:
            for i in range(0, len(ids), 500):
                out.update((r.id, _entity(r)) for r in
                           s.scalars(select(EntityRow).where(EntityRow.id.in_(ids[i:i + 500]))))
        return out

    @staticmethod
    def _group_dict(g: GroupRow, members: list[str]) -> dict[str, Any]:
        return {"id": g.id, "claims": members, "independent_origins": g.independent_origins, "status": g.status,
                "confidence": g.confidence, "explanation": g.explanation}

    def group(self, group_id: str) -> dict[str, Any] | None:
        """One group as `groups()` gives it, or None."""
        with self.session() as s:
            g = s.get(GroupRow, group_id)
            if g is None:
                return None
            members = list(s.scalars(select(GroupClaimRow.claim_id).where(GroupClaimRow.group_id == group_id)
                                     .order_by(GroupClaimRow.claim_id)))
            return self._group_dict(g, members)

    def groups_page(self, status: str | None = None, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Groups with most reports first (optionally of one status), with their member claim ids."""
        n = func.count(GroupClaimRow.claim_id)
        q = select(GroupRow.id).join(GroupClaimRow, GroupClaimRow.group_id == GroupRow.id)
        if status:
            q = q.where(GroupRow.status == status)
        q = (q.group_by(GroupRow.id, GroupRow.confidence).order_by(n.desc(), GroupRow.confidence.desc(), GroupRow.id)
             .limit(limit).offset(offset))
        with self.session() as s:
            ids = list(s.scalars(q))
            if not ids:
                return []
            rows = {g.id: g for g in s.scalars(select(GroupRow).where(GroupRow.id.in_(ids)))}
            members: dict[str, list[str]] = {}
            for gid, cid in s.execute(select(GroupClaimRow.group_id, GroupClaimRow.claim_id)
                                      .where(GroupClaimRow.group_id.in_(ids)).order_by(GroupClaimRow.claim_id)):
                members.setdefault(gid, []).append(cid)
            return [self._group_dict(rows[i], members.get(i, [])) for i in ids if i in rows]

    def copies_of(self, doc_ids: list[str] | set[str]) -> dict[str, tuple[str, float]]:
        """`copies()` restricted to these documents (the copy side)."""
        ids = list(dict.fromkeys(doc_ids))
        out: dict[str, tuple[str, float]] = {}
        with self.session() as s:
            for i in range(0, len(ids), 500):
                out.update((r.doc_id, (r.original_id, r.similarity))
                           for r in s.scalars(select(CopyRow).where(CopyRow.doc_id.in_(ids[i:i + 500]))))
        return out

    def groups_of_claims(self, claim_ids: list[str] | set[str]) -> dict[str, dict[str, Any]]:
        """For each claim id that is grouped: its group's id, status, confidence, origins and size."""
        ids = list(dict.fromkeys(claim_ids))
        out: dict[str, dict[str, Any]] = {}
        with self.session() as s:
            for i in range(0, len(ids), 500):
                rows = s.execute(select(GroupClaimRow.claim_id, GroupRow)
                                 .join(GroupRow, GroupRow.id == GroupClaimRow.group_id)
                                 .where(GroupClaimRow.claim_id.in_(ids[i:i + 500])))
                found = list(rows)
                gids = list({g.id for _, g in found})
                sizes = {g: n for g, n in s.execute(select(GroupClaimRow.group_id, func.count())
                                                     .where(GroupClaimRow.group_id.in_(gids))
                                                     .group_by(GroupClaimRow.group_id))}
                for cid, g in found:
                    out[cid] = {"id": g.id, "status": g.status, "confidence": g.confidence,
                                "independent_origins": g.independent_origins, "size": sizes.get(g.id, 0)}
        return out

    def conflicts_of_claims(self, claim_ids: list[str] | set[str]) -> list[dict[str, Any]]:
        """Conflicts in which any of the claims takes part, as `conflicts()` gives them."""
        ids = list(dict.fromkeys(claim_ids))
        seen: dict[int, dict[str, Any]] = {}
        with self.session() as s:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                q = select(ConflictRow).where(or_(ConflictRow.claim_a.in_(chunk), ConflictRow.claim_b.in_(chunk)))
                for c in s.scalars(q):
                    seen[c.id] = {"id": c.id, "claims": [c.claim_a, c.claim_b], "reason": c.reason,
                                  "explanation": c.explanation}
        return [seen[k] for k in sorted(seen)]

    def alert_rules(self) -> dict[str, int]:
        """Alerts per watch rule id."""
        with self.session() as s:
            q = select(AlertRow.rule, func.count()).group_by(AlertRow.rule).order_by(AlertRow.rule)
            return {r: n for r, n in s.execute(q)}

    def alerts_page(self, rule: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Alerts (optionally of one rule) in the order they were raised, as `alerts()` gives them."""
        q = select(AlertRow)
        if rule:
            q = q.where(AlertRow.rule == rule)
        q = q.order_by(AlertRow.id).limit(limit).offset(offset)
        with self.session() as s:
            return [{"id": a.id, "claims": list(a.claim_ids or []), "rule": a.rule, "explanation": a.explanation}
                    for a in s.scalars(q)]

    def entity(self, entity_id: str) -> Entity | None:
        with self.session() as s:
            row = s.get(EntityRow, entity_id)
            return _entity(row) if row else None

    def claims_of_entity(self, entity_id: str, limit: int = 500) -> list[Claim]:
        """Claims where the entity acts, is targeted, is the place, says it or relays it (newest reports first).

        The JSON lists are matched as text (portable across SQLite and PostgreSQL), then checked exactly.
        """
        pattern = "%" + json.dumps(entity_id, ensure_ascii=False).replace("%", "\\%").replace("_", "\\_") + "%"
        cols = (ClaimRow.actor, ClaimRow.target, ClaimRow.place, ClaimRow.via)
        q = (select(ClaimRow).join(DocumentRow, DocumentRow.id == ClaimRow.doc_id)
             .where(or_(ClaimRow.said_by == entity_id, *(cast(c, Text).like(pattern, escape="\\") for c in cols)))
             .order_by(DocumentRow.published.desc(), ClaimRow.doc_id, ClaimRow.seq).limit(limit))
        with self.session() as s:
            claims = [_claim(r) for r in s.scalars(q)]
        return [c for c in claims
                if c.said_by == entity_id or entity_id in (*c.actor, *c.target, *c.place, *c.via)]

    def dated_claims(self, event_type: str | None = None, entity_id: str | None = None,
                     limit: int = 400) -> list[Claim]:
        """Claims with an event date, earliest event first (for a timeline), optionally of one type/entity."""
        q = select(ClaimRow).where(ClaimRow.when_start.is_not(None))
        if event_type:
            q = q.where(ClaimRow.event_type == event_type)
        if entity_id:
            pattern = "%" + json.dumps(entity_id, ensure_ascii=False) + "%"
            q = q.where(or_(ClaimRow.said_by == entity_id,
                            *(cast(c, Text).like(pattern) for c in (ClaimRow.actor, ClaimRow.target, ClaimRow.place))))
        q = q.order_by(ClaimRow.when_start, ClaimRow.when_end, ClaimRow.doc_id, ClaimRow.seq).limit(limit)
        with self.session() as s:
            claims = [_claim(r) for r in s.scalars(q)]
        if entity_id:
            claims = [c for c in claims if c.said_by == entity_id or entity_id in (*c.actor, *c.target, *c.place)]
        return claims

    def event_types(self) -> list[tuple[str, int]]:
        """Event types with their claim counts, most frequent first."""
        q = (select(ClaimRow.event_type, func.count()).where(ClaimRow.event_type.is_not(None))
             .group_by(ClaimRow.event_type).order_by(func.count().desc(), ClaimRow.event_type))
        with self.session() as s:
            return [(t, n) for t, n in s.execute(q)]

    def filter_claims(self, claim_ids: list[str] | None = None, *, outlet: str | None = None,
                      date_from: str | None = None, date_to: str | None = None, event_type: str | None = None,
                      modality: str | None = None, status: str | None = None, limit: int = 200) -> list[str]:
        """Ids of claims passing the filters (publication dates compared as ISO text), in the order of
        `claim_ids` when given (search ranking), else newest reports first. status 'ungrouped' = no group."""
        d, c = DocumentRow, ClaimRow
        q = select(c.id).join(d, d.id == c.doc_id)
        if outlet:
            q = q.where(d.outlet == outlet)
        if date_from:
            q = q.where(d.published >= date_from)
        if date_to:
            q = q.where(d.published <= date_to + "~")  # "2024-04" <= "2024-04-30" <= "2024-04~"
        if event_type:
            q = q.where(c.event_type == event_type)
        if modality:
            q = q.where(c.modality == modality)
        if status == "ungrouped":
            q = q.where(~c.id.in_(select(GroupClaimRow.claim_id)))
        elif status:
            q = q.join(GroupClaimRow, GroupClaimRow.claim_id == c.id).join(
                GroupRow, GroupRow.id == GroupClaimRow.group_id).where(GroupRow.status == status)
        with self.session() as s:
            if claim_ids is None:
                return list(s.scalars(q.order_by(d.published.desc(), c.doc_id, c.seq).limit(limit)))
            passed: set[str] = set()
            for i in range(0, len(claim_ids), 500):
                passed.update(s.scalars(q.where(c.id.in_(claim_ids[i:i + 500]))))
        return [x for x in claim_ids if x in passed][:limit]


    def stats(self) -> dict[str, Any]:
        """Counts and the last run, for `claimgraph` status lines and the summary."""
        with self.session() as s:
            def count(model: type[Base]) -> int:
                return s.scalar(select(func.count()).select_from(model)) or 0

            last = s.scalars(select(RunRow).order_by(RunRow.id.desc()).limit(1)).first()
            return {
                "documents": count(DocumentRow),
                "claims": count(ClaimRow),
                "entities": count(EntityRow),
                "problems": count(ProblemRow),
                "last_run": None if last is None else {
                    "id": last.id,
                    "started": last.started.isoformat() if last.started else None,
                    "finished": last.finished.isoformat() if last.finished else None,
                    "documents_read": last.documents_read,
                    "documents_new": last.documents_new,
                    "problems": last.problems,
                },
            }

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Documents and claims matching all the words of a plain query, best first."""
        with self.session() as s:
            return fts.search(s, query, limit, fts=self.fts)
