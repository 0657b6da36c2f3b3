"""Shared checks for the fuzz targets: what every reader promises about its output."""

from __future__ import annotations

from claimgraph.ingest.decode import clean_text
from claimgraph.model import Document, Problem


def check(items: list[object]) -> None:
    """Raise AssertionError (a fuzzer crash) if any item breaks the reader contract."""
    for item in items:
        if isinstance(item, Problem):
            assert item.reason and item.reason == " ".join(item.reason.split()), item
        else:
            assert isinstance(item, Document), item
            assert item.text.strip() and item.text == clean_text(item.text), item.source
