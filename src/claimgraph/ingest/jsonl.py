"""JSON Lines dumps (one record per line) and JSON files (one record or a list of them).

Each line stands alone: a broken line becomes one Problem and the lines around it still come out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimgraph.ingest.records import document_from_record
from claimgraph.model import Document, Problem


def _json_error(err: Exception) -> str:
    """A one-line description of why a JSON text did not parse."""
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at column {err.colno}"
    return " ".join(str(err).split()) or type(err).__name__


def _loads(text: str) -> Any:
    """Parse leniently about raw control characters inside strings, which dumps often contain."""
    return json.loads(text, strict=False)


def read_jsonl(text: str, path: Path, first_line: int = 1) -> Iterator[Document | Problem]:
    """One Document or Problem per non-blank line; `source` is "path:line N" (`first_line` numbers the
    first line of `text`, for a slice of a larger file in batch mode)."""
    for n, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        source = f"{path}:line {n}"
        try:
            record = _loads(line)
        except (ValueError, RecursionError) as err:
            yield Problem(source, f"line {n}: not valid JSON ({_json_error(err)})")
            continue
        yield document_from_record(record, source=source, where=f"line {n}", path=path)


def read_json(text: str, path: Path) -> Iterator[Document | Problem]:
    """A whole-file JSON record or list of records; a .json that is really JSON Lines is read as such."""
    try:
        data = _loads(text)
    except (ValueError, RecursionError) as err:
        if sum(1 for line in text.split("\n") if line.strip()) > 1:
            yield from read_jsonl(text, path)
        else:
            yield Problem(str(path), f"not valid JSON ({_json_error(err)})")
        return
    if not isinstance(data, list):
        yield document_from_record(data, source=str(path), where=None, path=path)
        return
    if not data:
        yield Problem(str(path), "empty JSON list")
        return
    for n, record in enumerate(data, start=1):
        yield document_from_record(record, source=f"{path}:record {n}", where=f"record {n}", path=path)
