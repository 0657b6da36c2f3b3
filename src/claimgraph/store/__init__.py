"""Persistence: the SQLAlchemy schema, the Store API and full-text search."""

from claimgraph.store.db import Store
from claimgraph.store.fts import Hit

__all__ = ["Hit", "Store"]
