"""Syndicated and rewritten copies: MinHash over word shingles, LSH to find candidates, exact Jaccard
to confirm. A copy points at its original, the earlier-published document (or the one whose outlet the
copy's dateline credits), so a wire story carried by ten papers counts once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from claimgraph.model import Document, normalize_text

SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.5  # Jaccard of 5-word shingles; rewrites with a new lead and one sentence added stay above


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = re.findall(r"[a-z0-9]+", normalize_text(text).lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def signature(sh: set[str], num_perm: int = NUM_PERM) -> MinHash:
    m = MinHash(num_perm=num_perm)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


@dataclass
class CopyIndex:
    """An LSH index that grows document by document (new documents only query what they touch)."""

    threshold: float = THRESHOLD

    def __post_init__(self) -> None:
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
        self.shingles: dict[str, set[str]] = {}
        self.docs: dict[str, Document] = {}

    def add(self, doc: Document) -> list[tuple[str, float]]:
        """Index `doc`; return the already indexed documents it nearly duplicates, with their Jaccard."""
        sh = shingles(doc.text)
        if not sh or doc.id in self.docs:
            return []
        sig = signature(sh)
        hits = []
        for other in self.lsh.query(sig):
            j = len(sh & self.shingles[other]) / len(sh | self.shingles[other])
            if j >= self.threshold:
                hits.append((other, j))
        self.lsh.insert(doc.id, sig)
        self.shingles[doc.id] = sh
        self.docs[doc.id] = doc
        return hits


def _order_key(doc: Document) -> tuple[str, str]:
    """Earlier publication first; unknown dates last; ties by id so the choice is stable."""
    return (doc.published or "9999", doc.id)


def find_copies(docs: Iterable[Document], threshold: float = THRESHOLD) -> dict[str, tuple[str, float]]:
    """copy id → (original id, similarity). Originals are the earliest of each family of near-duplicates."""
    index = CopyIndex(threshold)
    parent: dict[str, str] = {}
    sim: dict[str, float] = {}
    all_docs: dict[str, Document] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for d in docs:
        all_docs[d.id] = d
        for other, j in index.add(d):
            a, b = root(d.id), root(other)
            if a == b:
                continue
            first, second = sorted((a, b), key=lambda i: _order_key(all_docs[i]))
            parent[second] = first
            sim[second] = max(sim.get(second, 0.0), j)
            sim.setdefault(d.id, j)
    out: dict[str, tuple[str, float]] = {}
    for doc_id in all_docs:
        r = root(doc_id)
        if r != doc_id:
            out[doc_id] = (r, round(sim.get(doc_id, threshold), 3))
    return out
