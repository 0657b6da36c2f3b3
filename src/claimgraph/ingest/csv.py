"""CSV/TSV dumps: a header row naming the fields, one article per row.

Uses the sniffed dialect (exports vary: comma, semicolon, tab); ragged rows are reported rather than
silently padded, because a shifted column would put the wrong text under the wrong field.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from claimgraph.ingest.records import TEXT_FIELDS, document_from_record
from claimgraph.model import Document, Problem

SNIFF_CHARS = 64 * 1024
DELIMITERS = ",;\t|"


def _allow_huge_fields() -> None:
    """Article bodies exceed csv's default 128 KiB field limit; raise it as far as the platform allows."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


def _dialect(text: str, path: Path) -> type[csv.Dialect] | csv.Dialect:
    """The sniffed dialect, else tab for .tsv and comma otherwise."""
    try:
        return csv.Sniffer().sniff(text[:SNIFF_CHARS], delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel


def read_csv(text: str, path: Path) -> Iterator[Document | Problem]:
    """One Document or Problem per data row; `source` is "path:row N" with the header as row 1."""
    _allow_huge_fields()
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text, path))
    header: list[str] | None = None
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            row_no += 1
            reason = " ".join(str(err).split())
            yield Problem(f"{path}:row {row_no}", f"row {row_no}: malformed CSV ({reason})")
            continue
        row_no += 1
        if not row or not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lstrip("\ufeff") for cell in row]
            if not set(TEXT_FIELDS) & set(header):
                yield Problem(str(path), "CSV header has no text column (maintext/text)")
                return
            continue
        source = f"{path}:row {row_no}"
        if len(row) != len(header):
            yield Problem(source, f"row {row_no}: expected {len(header)} fields, found {len(row)}")
            continue
        yield document_from_record(dict(zip(header, row, strict=True)), source=source, where=f"row {row_no}",
                                   path=path)

