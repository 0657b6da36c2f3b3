"""Full-text search over documents (title, text) and claims (text).

SQLite: two FTS5 tables kept in sync by `Store.save_reading` (delete + insert per document, plain code
rather than triggers so the logic is visible and testable), ranked with bm25 and excerpted with
snippet(). PostgreSQL: generated tsvector columns with GIN indexes (made by migration 0002, so they
cannot drift from the text), matched with plainto_tsquery, ranked with ts_rank and excerpted with
ts_headline. Other backends: a case-insensitive LIKE scan over the same fields, correct but unranked.
Both backends' tables are created by the Alembic migrations; `setup` only finds out what is there.

A user's query is plain words, not FTS syntax: every word is quoted, so "U.N." or "Kim's" or a stray
"NOT" is searched as text and never raises a syntax error. All words must match (AND).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, inspect, or_, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from claimgraph.model import Claim, Document
from claimgraph.store.schema import ClaimRow, DocumentRow

#: Markers around matched words in snippets; plain characters that collide with neither rich markup
#: nor Markdown, so a presenter can show them as they are or restyle them.
MARK_START, MARK_END = "«", "»"
ELLIPSIS = "…"
SNIPPET_TOKENS = 16
CLAIM_SNIPPET_TOKENS = 48  # a claim is one sentence: show (nearly) all of it
TITLE_WEIGHT = 5.0  # a word in the title says more about a document than the same word in its text

_TOKENIZER = "porter unicode61 remove_diacritics 2"  # "worker" finds "workers"; "Pyongyang" finds accents


@dataclass
class Hit:
    """One search result: a document, or a claim with the document it came from."""

    kind: str  # 'document' | 'claim'
    doc_id: str
    claim_id: str | None
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    rank: float = 0.0  # lower is better (bm25 convention); 0.0 where the backend does not rank


def query_tokens(query: str) -> list[str]:
    """Split a plain-words query; drop pieces with no letter or digit (they would match nothing)."""
    return [t for t in query.split() if re.search(r"\w", t)]


def fts_query(query: str) -> str:
    """Turn plain words into an FTS5 expression: each word a quoted string, all ANDed.

    Inside quotes FTS5 treats everything as text, so punctuation and operators are harmless; the
    tokenizer then splits "U.N." into the phrase "u n", which matches "U.N." in a document.
    """
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in query_tokens(query))


# --- SQLite FTS5 ------------------------------------------------------------------------------------------


def setup(conn: Session | Connection) -> bool:
    """Whether the backend's full-text index is there (FTS5 tables, tsvector columns); False means
    'use the LIKE fallback'. On SQLite the FTS5 tables are (re)created if missing."""
    name = conn.get_bind().dialect.name
    if name == "postgresql":
        bind = conn.connection() if isinstance(conn, Session) else conn
        return any(c["name"] == "tsv" for c in inspect(bind).get_columns("documents"))
    if name != "sqlite":
        return False
    try:
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            f"doc_id UNINDEXED, title, text, tokenize = '{_TOKENIZER}')"
        ))
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5("
            f"claim_id UNINDEXED, doc_id UNINDEXED, text, tokenize = '{_TOKENIZER}')"
        ))
    except OperationalError:  # an SQLite built without FTS5
        return False
    return True


def index_document(conn: Session | Connection, doc: Document, claims: list[Claim], replace: bool = True) -> None:
    """Index one document and its claims (call inside the saving transaction); `replace` first drops its old
    entries — only needed when re-saving, since that delete scans the whole index (doc_id is unindexed).

    Only SQLite needs this: PostgreSQL's tsvector columns are generated from the rows themselves."""
    if conn.get_bind().dialect.name != "sqlite":
        return
    if replace:
        conn.execute(text("DELETE FROM documents_fts WHERE doc_id = :d"), {"d": doc.id})
        conn.execute(text("DELETE FROM claims_fts WHERE doc_id = :d"), {"d": doc.id})
    conn.execute(
        text("INSERT INTO documents_fts (doc_id, title, text) VALUES (:d, :title, :text)"),
        {"d": doc.id, "title": doc.title or "", "text": doc.text},
    )
    if claims:
        conn.execute(
            text("INSERT INTO claims_fts (claim_id, doc_id, text) VALUES (:c, :d, :text)"),
            [{"c": c.id, "d": doc.id, "text": c.text} for c in claims],
        )


def _search_fts(conn: Session | Connection, query: str, limit: int) -> list[Hit]:
    """bm25-ranked hits from both FTS tables, merged on rank. Ranking runs over the index alone; text and
    excerpts are fetched for the top rows only (snippet() in the ranked query cost 3-5x on a 10k store)."""
    expr = fts_query(query)
    if not expr:
        return []
    words = query_tokens(query)
    params: dict[str, Any] = {"q": expr, "n": limit}
    top_docs = {r.rowid: r.rank for r in conn.execute(text(
        f"SELECT rowid, bm25(documents_fts, 0.0, {TITLE_WEIGHT}, 1.0) AS rank FROM documents_fts "
        "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"), params)}
    top_claims = {r.rowid: r.rank for r in conn.execute(text(
        "SELECT rowid, bm25(claims_fts) AS rank FROM claims_fts WHERE claims_fts MATCH :q ORDER BY rank LIMIT :n"),
        params)}
    hits: list[Hit] = []
    if top_docs:
        rows = conn.execute(text(
            "SELECT f.rowid, f.doc_id, f.text, d.title, d.outlet, d.published FROM documents_fts f "
            f"JOIN documents d ON d.id = f.doc_id WHERE f.rowid IN ({','.join(str(int(r)) for r in top_docs)})"))
        hits += [Hit("document", r.doc_id, None, r.title, r.outlet, r.published,
                     _excerpt(r.text, words, SNIPPET_TOKENS * 6), top_docs[r.rowid]) for r in rows]
    if top_claims:
        rows = conn.execute(text(
            "SELECT f.rowid, f.claim_id, f.doc_id, f.text, d.title, d.outlet, d.published FROM claims_fts f "
            f"JOIN documents d ON d.id = f.doc_id WHERE f.rowid IN ({','.join(str(int(r)) for r in top_claims)})"))
        hits += [Hit("claim", r.doc_id, r.claim_id, r.title, r.outlet, r.published,
                     _excerpt(r.text, words, CLAIM_SNIPPET_TOKENS * 6), top_claims[r.rowid]) for r in rows]
    hits.sort(key=lambda h: h.rank)
    return hits[:limit]


# --- PostgreSQL tsvector ------------------------------------------------------------------------------------

PG_CONFIG = "english"  # the text search configuration the generated columns use (migration 0002)


def _headline_options(words: int) -> str:
    return f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={words}, MinWords={max(4, words // 2)}, ' \
           f'FragmentDelimiter="{ELLIPSIS}", MaxFragments=1'


def _search_pg(conn: Session | Connection, query: str, limit: int) -> list[Hit]:
    """ts_rank-ranked hits over documents (title weighted above text) and claims, merged on rank.

    plainto_tsquery ANDs the words and treats every character as text, so no query can be a syntax
    error; a query of stop words only matches nothing."""
    words = " ".join(query_tokens(query))
    if not words:
        return []
    params: dict[str, Any] = {"q": words, "n": limit, "cfg": PG_CONFIG,
                              "dopt": _headline_options(SNIPPET_TOKENS),
                              "copt": _headline_options(CLAIM_SNIPPET_TOKENS)}
    doc_sql = text(
        "SELECT d.id, d.title, d.outlet, d.published, "
        "ts_headline(CAST(:cfg AS regconfig), coalesce(d.title, '') || E'\\n' || d.text, q, :dopt) AS snip, "
        "-ts_rank(d.tsv, q) AS rank "
        "FROM documents d, plainto_tsquery(CAST(:cfg AS regconfig), :q) q "
        "WHERE d.tsv @@ q ORDER BY rank, d.id LIMIT :n"
    )
    claim_sql = text(
        "SELECT c.id AS claim_id, c.doc_id, d.title, d.outlet, d.published, "
        "ts_headline(CAST(:cfg AS regconfig), c.text, q, :copt) AS snip, -ts_rank(c.tsv, q) AS rank "
        "FROM claims c JOIN documents d ON d.id = c.doc_id, plainto_tsquery(CAST(:cfg AS regconfig), :q) q "
        "WHERE c.tsv @@ q ORDER BY rank, c.id LIMIT :n"
    )
    hits = [Hit("document", r.id, None, r.title, r.outlet, r.published, r.snip, float(r.rank))
            for r in conn.execute(doc_sql, params)]
    hits += [Hit("claim", r.doc_id, r.claim_id, r.title, r.outlet, r.published, r.snip, float(r.rank))
             for r in conn.execute(claim_sql, params)]
    hits.sort(key=lambda h: h.rank)
    return hits[:limit]


# --- Portable fallback ------------------------------------------------------------------------------------


def _like(token: str) -> str:
    """A LIKE pattern that finds the token anywhere, with LIKE's own wildcards escaped."""
    return "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _excerpt(body: str, words: list[str], width: int = 80) -> str:
    """A window of text around the first matched word, marked like FTS5's snippet()."""
    low = body.lower()
    pos = min((p for p in (low.find(w.lower()) for w in words) if p >= 0), default=0)
    a, b = max(0, pos - width), min(len(body), pos + width)
    piece = body[a:b]
    for w in sorted(set(words), key=len, reverse=True):
        piece = re.sub(re.escape(w), lambda m: MARK_START + m.group(0) + MARK_END, piece, flags=re.I)
    return (ELLIPSIS if a > 0 else "") + piece + (ELLIPSIS if b < len(body) else "")


def _search_like(conn: Session | Connection, query: str, limit: int) -> list[Hit]:
    """Case-insensitive substring search, every word required; unranked (newest documents first)."""
    words = query_tokens(query)
    if not words:
        return []
    d = DocumentRow
    doc_where = and_(*(or_(d.title.ilike(_like(w), escape="\\"), d.text.ilike(_like(w), escape="\\"))
                       for w in words))
    rows = conn.execute(
        select(d.id, d.title, d.outlet, d.published, d.text).where(doc_where)
        .order_by(d.published.desc(), d.id).limit(limit)
    )
    hits = [Hit("document", r.id, None, r.title, r.outlet, r.published, _excerpt(r.text, words))
            for r in rows]
    c = ClaimRow
    claim_where = and_(*(c.text.ilike(_like(w), escape="\\") for w in words))
    rows = conn.execute(
        select(c.id, c.doc_id, c.text, d.title, d.outlet, d.published).join(d, d.id == c.doc_id)
        .where(claim_where).order_by(d.published.desc(), c.doc_id, c.seq).limit(limit)
    )
    hits += [Hit("claim", r.doc_id, r.id, r.title, r.outlet, r.published, _excerpt(r.text, words))
             for r in rows]
    return hits[:limit]


def search(conn: Session | Connection, query: str, limit: int = 20, fts: bool = True) -> list[Hit]:
    """Search documents and claims with the best method the backend offers (the single dispatch point)."""
    name = conn.get_bind().dialect.name
    if fts and name == "sqlite":
        return _search_fts(conn, query, limit)
    if fts and name == "postgresql":
        return _search_pg(conn, query, limit)
    return _search_like(conn, query, limit)
