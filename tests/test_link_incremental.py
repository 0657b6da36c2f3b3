"""Incremental linking: one more article re-links only what it touches, and ends where a full build ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.link import grouping
from claimgraph.link.build import build
from claimgraph.pipeline import ingest
from claimgraph.store.db import Store

DEMO = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "demo"


def _memberships(store: Store) -> set[frozenset[str]]:
    return {frozenset(g["claims"]) for g in store.groups()}


def test_one_more_article_relinks_only_its_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(p for p in DEMO.iterdir() if p.suffix in (".md", ".txt", ".html", ".jsonl", ".json"))
    assert len(files) > 3
    store = Store.open(f"sqlite:///{tmp_path / 'case.db'}")
    ingest(store, [str(p) for p in files[:-1]])
    build(store)
    before = _memberships(store)

    calls = {"n": 0}
    real = grouping.score

    def counting(a: grouping.Features, b: grouping.Features) -> float:
        calls["n"] += 1
        return real(a, b)

    monkeypatch.setattr(grouping, "score", counting)
    ingest(store, [str(files[-1])])
    new_claims = {c.id for c in store.claims() if c.doc_id not in store.linked_documents()}
    assert new_claims
    build(store)
    incremental, n_incremental = _memberships(store), calls["n"]
    conflicts_incremental = {tuple(c["claims"]) + (c["reason"],) for c in store.conflicts()}

    calls["n"] = 0
    build(store, full=True)
    full, n_full = _memberships(store), calls["n"]
    conflicts_full = {tuple(c["claims"]) + (c["reason"],) for c in store.conflicts()}

    assert n_incremental < n_full  # fewer pairs scored: only those with a new claim
    # earlier groups are kept whole (they may grow), and the result is the full build's
    assert all(any(g <= h for h in incremental) for g in before)
    assert incremental == full
    assert conflicts_incremental == conflicts_full
