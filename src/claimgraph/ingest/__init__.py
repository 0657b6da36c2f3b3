"""Ingest: files and folders in, one Document per article (or a Problem per unreadable item) out.

A small registry maps file extensions to readers, one module per input kind. Reading never raises
and never drops the good items around a bad one: whatever cannot be read becomes a Problem with a
one-line reason and its place ("path", "path:line N", "path:row N").
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from claimgraph.ingest.csv import read_csv
from claimgraph.ingest.dates import normalize_published
from claimgraph.ingest.decode import DecodeError, clean_file, decode_bytes
from claimgraph.ingest.html import read_html
from claimgraph.ingest.jsonl import read_json, read_jsonl
from claimgraph.ingest.limits import limits
from claimgraph.ingest.parquet import read_parquet
from claimgraph.ingest.text import read_text
from claimgraph.model import Document, Problem

__all__ = ["READERS", "Reader", "normalize_published", "read_path", "read_paths"]

#: A reader gets the decoded, cleaned file text and its path, and yields Documents and Problems.
Reader = Callable[[str, Path], Iterator[Document | Problem]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": read_csv,
}
#: Files a folder walk leaves alone: they describe a corpus rather than belong to it.
SKIPPED_NAMES = {"readme.md", "readme.txt"}


def _one_line(text: str) -> str:
    """Reasons must fit on one line in a report."""
    return " ".join(text.split())


def read_path(path: str | Path) -> Iterator[Document | Problem]:
    """Read one file with the reader its extension names; every failure becomes a Problem."""
    path = Path(path)
    source = str(path)
    if path.suffix.lower() == ".parquet":  # binary: no text decoding
        yield from read_parquet(path)
        return
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield Problem(source, f"unsupported file type {path.suffix.lower() or '(no extension)'}")
        return
    try:
        size, cap = path.stat().st_size, limits().max_file_bytes
        if size > cap:  # refuse before reading: a huge file must not cost its size in memory
            yield Problem(source, f"file too large ({size} bytes; the limit is {cap}, CLAIMGRAPH_MAX_FILE_BYTES)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield Problem(source, _one_line(f"cannot read file ({err.strerror or err})"))
        return
    if not data.strip():
        yield Problem(source, "empty file")
        return
    try:
        text = clean_file(decode_bytes(data))
    except DecodeError as err:
        yield Problem(source, _one_line(str(err)))
        return
    finally:
        del data  # the decoded text replaces the bytes: do not hold both while the reader runs
    if not text.strip():
        yield Problem(source, "empty file")
        return
    try:
        yield from reader(text, path)
    except Exception as err:  # a reader bug must cost one file, not the whole run
        yield Problem(source, _one_line(f"reader failed ({type(err).__name__}: {err})"))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under a folder, recursively and in sorted order, skipping hidden ones and READMEs."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower() not in SKIPPED_NAMES:
                found.append(Path(root, name))
    yield from sorted(found, key=lambda p: p.relative_to(folder).parts)


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | Problem]:
    """Read files and folders in the order given (folders recursively, sorted); never raises."""
    if isinstance(paths, str | Path):  # a lone path, not an iterable of one-character "paths"
        paths = [paths]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from read_path(file)
        elif path.is_file():
            yield from read_path(path)
        else:
            yield Problem(str(path), "no such file or directory")
