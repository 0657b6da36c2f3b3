"""Parquet news dumps: one article per row, with the same field names as JSONL and CSV dumps.

Binary, so it bypasses the text decoding of the other readers; rows are converted by the shared
`document_from_record`. `start`/`stop` read a slice of rows, so batch mode can split a large file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claimgraph.ingest.records import document_from_record
from claimgraph.model import Document, Problem


def parquet_rows(path: Path) -> int:
    """Rows in a Parquet file, from its footer (nothing else is read)."""
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def read_parquet(path: Path, start: int = 0, stop: int | None = None) -> Iterator[Document | Problem]:
    """One Document or Problem per row in [start, stop); `source` is "path:row N" (rows count from 1)."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as err:  # not Parquet, truncated, unreadable
        yield Problem(str(path), " ".join(f"not a readable Parquet file ({type(err).__name__}: {err})".split()))
        return
    stop = table.num_rows if stop is None else min(stop, table.num_rows)
    for n, record in enumerate(table.slice(start, max(0, stop - start)).to_pylist(), start=start + 1):
        yield document_from_record(record, source=f"{path}:row {n}", where=f"row {n}", path=path)
