"""Helpers for the crash-safety tests: a cheap deterministic reader and a database consistency check.

The kill tests are about what a SIGKILL can do to the store, so they run the real `pipeline.ingest`
and the real `Store.save_reading`, with only the NLP stage swapped for a reader that makes one claim
per sentence and one entity per capitalised word. That keeps each run about a second, so a test can
afford twenty kills, and it makes the expected claims of every document known in advance.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.model import Claim, Document, Entity, Mention, Problem, Reading

_SENTENCE = re.compile(r"[^.]+\.")
_NAME = re.compile(r"\b[A-Z][a-z]+\b")
_PLACES = ["Dandong", "Nampo", "Vladivostok", "Busan", "Shanghai", "Taipei", "Manila", "Haiphong"]


def expected_claims(text: str) -> int:
    """How many claims the cheap reader makes of `text` (one per sentence)."""
    return len(_SENTENCE.findall(text))


def cheap_read_documents(docs: Iterable[Document], batch_size: int = 32) -> Iterator[Reading | Problem]:
    """Stand-in for pipeline.read_documents: claims, entities and mentions without spaCy."""
    for doc in docs:
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = []
        for m in _NAME.finditer(doc.text):
            eid = m[0].lower()
            entities.setdefault(eid, Entity(eid, m[0], "GPE"))
            mentions.append(Mention(eid, m.start(), m.end(), m[0]))
        claims = [
            Claim(id=f"{doc.id}-c{i}", doc_id=doc.id, text=m[0].strip(), start=m.start(), end=m.end(),
                  event_type="transfer", actor=[e for e in entities if e in m[0].lower()][:2])
            for i, m in enumerate(_SENTENCE.finditer(doc.text))
        ]
        yield Reading(doc, entities, mentions, claims)


def write_corpus(folder: Path, documents: int = 120, sentences: int = 30) -> Path:
    """A JSONL dump of `documents` records of `sentences` sentences each; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wire.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for d in range(documents):
            body = " ".join(
                f"Officials in {_PLACES[(d + s) % len(_PLACES)]} said cargo {d}-{s} moved on day {s}."
                for s in range(sentences)
            )
            fh.write(json.dumps({"id": f"r{d}", "text": body, "published": "2024-04-25"}) + "\n")
    return path


def check_consistency(db_file: Path) -> dict[str, int]:
    """Assert the invariants a crash must never break; return the counts.

    - SQLite's own integrity and foreign-key checks pass;
    - no claim or mention without its document (no orphans);
    - every stored document has exactly the claims its text gives (no half-written document);
    - the full-text index has exactly one row per document and per claim.
    """
    con = sqlite3.connect(db_file, timeout=30)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = con.execute("SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT id FROM documents)")
        assert orphans.fetchone()[0] == 0, "claims without their document"
        orphans = con.execute("SELECT count(*) FROM mentions WHERE doc_id NOT IN (SELECT id FROM documents)")
        assert orphans.fetchone()[0] == 0, "mentions without their document"
        stored = dict(con.execute("SELECT d.id, count(c.id) FROM documents d LEFT JOIN claims c ON c.doc_id = d.id "
                                  "GROUP BY d.id").fetchall())
        for doc_id, text in con.execute("SELECT id, text FROM documents"):
            assert stored[doc_id] == expected_claims(text), f"document {doc_id} is half-written"
        docs = len(stored)
        claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert con.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == docs
        assert con.execute("SELECT count(*) FROM claims_fts").fetchone()[0] == claims
        dupes = con.execute("SELECT count(*) - count(DISTINCT external_id) FROM documents").fetchone()[0]
        assert dupes == 0, "the same record stored twice"
        return {"documents": docs, "claims": claims}
    finally:
        con.close()
